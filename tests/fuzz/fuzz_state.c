/*
 * fuzz_state.c - libFuzzer target: the state file. The input is written
 * as <dir>/state.json and loaded; a damaged file must come back as an
 * empty state, never as a crash. Then the part kept for a fixed group is
 * asked for, read through every accessor, changed a little and saved; the
 * saved file must load back to the same bytes (a second save writes
 * nothing new).
 */
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "exitcode.h"
#include "fuzzutil.h"
#include "state.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define NOW		1700000000

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct account account = { .name = "aliyun" };

static struct source sources[] = {
	{ .host = "dns1.example.com" },
	{ .host = "dns2.example.com", .server = "203.0.113.53" },
	{ .host = "198.51.100.7" },
};

static struct group home = {
	.name = "home", .account = &account, .zone = "example.com",
	.fqdn = "a.dns.example.com", .rr = "a.dns", .sources = sources,
	.nsources = NELEM(sources), .family = AF_INET, .line = "default",
	.stale_after = 3600, .verify_every = 600, .min_records = 1,
};

static char	state_path[PATH_MAX];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup("state.json");
	snprintf(state_path, sizeof(state_path), "%s/state.json", fuzz_dir);
	return 0;
}

/* The whole of path into buf (at most size bytes); the length read. */
static size_t
slurp(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		fuzz_die(path);
	while (len < size && (r = read(fd, buf + len, size - len)) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			fuzz_die(path);
		}
		len += (size_t)r;
	}
	close(fd);
	return len;
}

/* Every read-only accessor, on whatever the file held. */
static void
read_group(struct state_group *g)
{
	const struct recordset *rs;
	const struct addr *addrs;
	const char *reason;
	struct addr want;
	long long age;
	time_t at, until;
	size_t i, k, n;

	for (i = 0; i < home.nsources; i++) {
		if (!state_source_last(g, i, NOW, &addrs, &n, &age))
			continue;
		for (k = 0; k < n; k++)
			fuzz_check(addrs[k].family == AF_INET ||
			    addrs[k].family == AF_INET6, "last good address");
		(void)state_stale_ok(age, home.stale_after);
	}
	if ((rs = state_verified(g, &at)) != NULL)
		for (i = 0; i < rs->n; i++)
			fuzz_check(rs->v[i].id != NULL &&
			    rs->v[i].value != NULL, "verified record");
	if (!addr_parse(&want, "192.0.2.1"))
		abort();
	(void)state_may_skip_provider(g, &want, 1, home.verify_every, NOW);
	if (state_throttled(g, NOW, &until, &reason, NULL))
		fuzz_check(reason != NULL && until > NOW, "throttle");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char saved[1 << 20], again[1 << 20];
	struct state *st;
	struct state_group *g;
	struct health *h;
	struct addr a;
	size_t n1, n2;

	fuzz_write_file(state_path, data, size);
	fuzz_quiet();
	st = state_load(fuzz_dir);
	fuzz_loud();
	fuzz_check(st != NULL, "state_load returned NULL");
	fuzz_quiet();
	g = state_group(st, &home);
	fuzz_loud();
	fuzz_check(g != NULL, "state_group returned NULL");
	fuzz_check(state_group(st, &home) == g, "state_group again");
	read_group(g);

	/* A run's worth of changes, then save and load back. */
	if (!addr_parse(&a, "192.0.2.1"))
		abort();
	fuzz_check(state_source_remember(g, 0, &a, 1, NOW) == 0, "remember");
	fuzz_check((h = state_health(g, 0, &a)) != NULL, "state_health");
	fuzz_check(state_set_throttle(g, NOW, NOW + 60, "Throttling.User\n", EX_TEMPFAIL)
	    == 0, "set throttle");
	fuzz_quiet();
	fuzz_check(state_save(st) == 0, "state_save");
	fuzz_loud();
	state_free(st);

	n1 = slurp(state_path, saved, sizeof(saved));
	fuzz_quiet();
	st = state_load(fuzz_dir);
	fuzz_check(st != NULL && (g = state_group(st, &home)) != NULL,
	    "load of a saved state");
	fuzz_check(state_save(st) == 0, "second state_save");
	fuzz_loud();
	state_free(st);
	n2 = slurp(state_path, again, sizeof(again));
	fuzz_check(n1 == n2 && memcmp(saved, again, n1) == 0,
	    "a saved state does not load back to itself");
	state_free(NULL);
	return 0;
}
