/*
 * test_state.c - the state file: round trip, damaged files, another
 * config's groups, untouched groups, file mode, atomic save leftovers,
 * and the pure helpers (stale-after, skipping the provider, throttling).
 * Every case works in its own mkdtemp directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "config.h"
#include "exitcode.h"
#include "state.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define T0		1700000000

static struct account account1 = { .name = "aliyun" };
static struct account account2 = { .name = "other" };

static struct source home_src[] = {
	{ .host = "dns1.example.com" },
	{ .host = "dns2.example.com", .server = "203.0.113.53" },
	{ .host = "198.51.100.7" },
};

static struct group home = {
	.name = "home", .account = &account1, .zone = "example.com",
	.fqdn = "a.dns.example.com", .rr = "a.dns", .sources = home_src,
	.nsources = NELEM(home_src), .family = AF_INET, .line = "default",
	.stale_after = 3600, .verify_every = 600,
};

static struct source office_src[] = {
	{ .host = "o1.example.net" },
	{ .host = "o2.example.net" },
};

static struct group office = {
	.name = "office", .account = &account1, .zone = "example.net",
	.fqdn = "ha.example.net", .rr = "ha", .sources = office_src,
	.nsources = NELEM(office_src), .family = AF_INET6, .line = "default",
	.stale_after = 600, .verify_every = 0,
};

/* A per-test directory, removed with everything in it afterwards. */
struct tdir {
	char	dir[64];
	char	path[128];	/* dir/state.json */
};

static int
setup(void **state)
{
	struct tdir *t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/echoddns-state.XXXXXX");
	if (mkdtemp(t->dir) == NULL) {
		free(t);
		return -1;
	}
	snprintf(t->path, sizeof(t->path), "%s/state.json", t->dir);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tdir *t = *state;

	rm_tree(t->dir);
	free(t);
	return 0;
}

static struct addr
A(const char *s)
{
	struct addr a;

	assert_true(addr_parse(&a, s));
	return a;
}

static void
write_text(const char *path, const char *text)
{
	FILE *f;

	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static size_t
count_lines(const char *s, const char *needle)
{
	size_t n = 0;

	for (; (s = strstr(s, needle)) != NULL; s += strlen(needle))
		n++;
	return n;
}

/* Fill home with one of everything. */
static void
fill_home(struct state_group *g)
{
	struct addr	 a1[] = { A("198.51.100.2") };
	struct addr	 a2[] = { A("203.0.113.9"), A("203.0.113.10") };
	struct addr	 want[] = { A("198.51.100.2"), A("203.0.113.9") };
	struct record	 rv[2];
	struct recordset rs = { rv, 2 };
	struct health	*h;

	memset(rv, 0, sizeof(rv));
	rv[0].id = "1455680456002021";
	rv[0].value = "198.51.100.2";
	rv[0].ttl = 600;
	rv[0].enabled = 1;
	rv[1].id = "99999999999999999999";	/* beyond 2^64, a string */
	rv[1].value = "203.0.113.9";
	rv[1].ttl = 60;
	rv[1].enabled = 0;

	assert_int_equal(state_source_remember(g, 0, a1, 1, T0 - 10), 0);
	assert_int_equal(state_source_remember(g, 1, a2, 2, T0 - 20), 0);
	assert_non_null(h = state_health(g, 0, &a1[0]));
	health_update(h, &a1[0], 0, 1, 2);
	assert_int_equal(state_set_verified(g, &rs, want, 2, T0 - 30), 0);
	/* A block for abuse holds runs back with 77, not 75. */
	assert_int_equal(state_set_throttle(g, T0, T0 + 300, "Throttling.User",
	    EX_NOPERM), 0);
	assert_int_equal(state_set_zone_id(g, "023e105f4ecef8ad9ca31a8372d0c353"),
	    0);
	state_set_written(g, T0 - 5);
	state_set_failure(g, &(struct failure){ T0 - 100, T0 - 40,
	    EX_NOHOST });
}

static void
check_home(const struct state_group *g)
{
	const struct recordset	*rs;
	const struct addr	*v;
	const char		*reason;
	struct addr		 want[] = { A("203.0.113.9"), A("198.51.100.2") };
	long long		 age;
	time_t			 at, until;
	size_t			 n;
	int			 status = 0;

	assert_int_equal(state_source_last(g, 0, T0, &v, &n, &age), 1);
	assert_int_equal(n, 1);
	assert_int_equal(addr_cmp(&v[0], &want[1]), 0);
	assert_int_equal(age, 10);
	assert_int_equal(state_source_last(g, 1, T0, &v, &n, &age), 1);
	assert_int_equal(n, 2);
	assert_int_equal(age, 20);
	assert_int_equal(state_source_last(g, 2, T0, &v, &n, &age), 0);

	assert_non_null(rs = state_verified(g, &at));
	assert_int_equal(at, T0 - 30);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->v[0].id, "1455680456002021");
	assert_string_equal(rs->v[0].value, "198.51.100.2");
	assert_int_equal(rs->v[0].addr.family, AF_INET);
	assert_int_equal(rs->v[0].ttl, 600);
	assert_int_equal(rs->v[0].enabled, 1);
	assert_string_equal(rs->v[1].id, "99999999999999999999");
	assert_int_equal(rs->v[1].ttl, 60);
	assert_int_equal(rs->v[1].enabled, 0);
	assert_int_equal(state_may_skip_provider(g, want, 2, 600, T0), 1);

	assert_int_equal(state_throttled(g, T0 + 1, &until, &reason, &status),
	    1);
	assert_int_equal(until, T0 + 300);
	assert_string_equal(reason, "Throttling.User");
	assert_int_equal(status, EX_NOPERM);
	assert_string_equal(state_zone_id(g), "023e105f4ecef8ad9ca31a8372d0c353");
	assert_int_equal(state_written(g), T0 - 5);
	assert_int_equal(state_failure(g)->since, T0 - 100);
	assert_int_equal(state_failure(g)->reported, T0 - 40);
	assert_int_equal(state_failure(g)->status, EX_NOHOST);
}

static void
test_round_trip(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	struct health		*h;
	struct addr		 a = A("198.51.100.2");
	struct stat		 sb1, sb2;
	char			*err;

	capture_start();
	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	fill_home(g);
	check_home(g);
	assert_int_equal(state_save(st), 0);
	state_free(st);

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	check_home(g);
	assert_non_null(h = state_health(g, 0, &a));
	assert_int_equal(h->fails, 1);
	assert_int_equal(h->oks, 0);
	assert_int_equal(h->healthy, 0);
	assert_int_equal(addr_cmp(&h->addr, &a), 0);

	/* Unchanged content is not rewritten: the inode stays. */
	assert_int_equal(stat(t->path, &sb1), 0);
	assert_int_equal(state_save(st), 0);
	assert_int_equal(stat(t->path, &sb2), 0);
	assert_int_equal(sb1.st_ino, sb2.st_ino);
	state_free(st);
	err = capture_end();
	assert_string_equal(err, "");
	free(err);
}

static void
test_missing_file(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	const struct addr	*v;
	long long		 age;
	size_t			 n;
	char			*err;

	capture_start();
	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_int_equal(state_source_last(g, 0, T0, &v, &n, &age), 0);
	assert_null(state_verified(g, NULL));
	assert_int_equal(state_throttled(g, T0, NULL, NULL, NULL), 0);
	state_free(st);

	/* A missing state directory is no error either; save creates it. */
	strcat(t->dir, "/sub/dir");
	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_int_equal(state_save(st), 0);
	state_free(st);
	err = capture_end();
	assert_string_equal(err, "");
	free(err);
	t->dir[strlen(t->dir) - strlen("/sub/dir")] = '\0';
}

/* Damaged files: each is ignored with exactly one warning naming it. */
static const char *const damaged[] = {
	"",
	"garbage\n",
	"\x00\x01\x02",
	"{\"version\": 1, \"groups\": {\"home\": {\"target\": {\"acc",
	"[1, 2, 3]\n",
	"{\"version\": 2, \"groups\": {}}\n",
	"{\"version\": 1}\n",
	"{\"version\": 1, \"groups\": []}\n",
	"{\"version\": 1, \"groups\": {\"home\": {}}}\n",
	"{\"version\": 1, \"groups\": {\"home\": {\"target\": {\"account\": "
	    "\"aliyun\", \"zone\": \"example.com\", \"rr\": \"a.dns\", "
	    "\"type\": \"MX\", \"line\": \"default\"}}}}\n",
	"{\"version\": 1, \"groups\": {\"home\": {\"target\": {\"account\": "
	    "\"aliyun\", \"zone\": \"example.com\", \"rr\": \"a.dns\", "
	    "\"type\": \"A\", \"line\": \"default\"}, \"sources\": "
	    "{\"dns1.example.com\": {\"addrs\": [\"not-an-ip\"], "
	    "\"seen\": 5}}}}}\n",
	"{\"version\": 1, \"groups\": {\"home\": {\"target\": {\"account\": "
	    "\"aliyun\", \"zone\": \"example.com\", \"rr\": \"a.dns\", "
	    "\"type\": \"A\", \"line\": \"default\"}, \"sources\": "
	    "{\"dns1.example.com\": {\"addrs\": [\"192.0.2.1\"]}}}}}\n",
	"{\"version\": 1, \"groups\": {\"home\": {\"target\": {\"account\": "
	    "\"aliyun\", \"zone\": \"example.com\", \"rr\": \"a.dns\", "
	    "\"type\": \"A\", \"line\": \"default\"}, \"verified\": "
	    "{\"at\": -5, \"desired\": [], \"records\": []}}}}\n",
	"{\"version\": 1, \"groups\": {\"home\": {\"target\": {\"account\": "
	    "\"aliyun\", \"zone\": \"example.com\", \"rr\": \"a.dns\", "
	    "\"type\": \"A\", \"line\": \"default\"}, \"verified\": "
	    "{\"at\": 5, \"desired\": [], \"records\": [{\"id\": 12, "
	    "\"value\": \"192.0.2.1\", \"ttl\": 600, \"enabled\": true}]}}}}\n",
	"{\"version\": 1, \"groups\": {\"home\": {\"target\": {\"account\": "
	    "\"aliyun\", \"zone\": \"example.com\", \"rr\": \"a.dns\", "
	    "\"type\": \"A\", \"line\": \"default\"}, \"throttle\": "
	    "{\"set\": 5, \"until\": \"later\", \"reason\": \"x\"}}}}\n",
	"{\"version\": 1, \"groups\": {\"home\": {\"target\": {\"account\": "
	    "\"aliyun\", \"zone\": \"example.com\", \"rr\": \"a.dns\", "
	    "\"type\": \"A\", \"line\": \"default\"}, \"sources\": "
	    "{\"x\": {\"health\": [{\"addr\": \"192.0.2.1\", \"fails\": -1, "
	    "\"oks\": 0, \"healthy\": true}]}}}}}\n",
	"{\"version\": 1, \"groups\": {\"home\": {\"target\": {\"account\": "
	    "\"aliyun\", \"zone\": \"example.com\", \"rr\": \"a.dns\", "
	    "\"type\": \"A\", \"line\": \"default\"}, \"failure\": "
	    "{\"since\": 5, \"reported\": 5, \"status\": 2}}}}\n",
	"{\"version\": 1, \"groups\": {\"home\": {\"target\": {\"account\": "
	    "\"aliyun\", \"zone\": \"example.com\", \"rr\": \"a.dns\", "
	    "\"type\": \"A\", \"line\": \"default\"}, \"failure\": "
	    "{\"since\": 0, \"reported\": 5, \"status\": 68}}}}\n",
	/* Duplicate keys are rejected rather than silently merged. */
	"{\"version\": 1, \"version\": 1, \"groups\": {}}\n",
};

static void
test_damaged(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	const struct addr	*v;
	json_error_t		 je;
	json_t			*root;
	long long		 age;
	size_t			 i, n, len;
	char			*err, *good;
	int			 fd;

	/* A good file first: damaged ones must not keep any of it. */
	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	fill_home(g);
	assert_int_equal(state_save(st), 0);
	state_free(st);
	good = read_text(t->path);
	len = strlen(good);

	for (i = 0; i < NELEM(damaged); i++) {
		write_text(t->path, damaged[i]);
		if (i == 2) {	/* binary, starting with a NUL */
			assert_true((fd = open(t->path, O_WRONLY)) != -1);
			assert_int_equal(write(fd, damaged[i], 3), 3);
			close(fd);
		}
		capture_start();
		assert_non_null(st = state_load(t->dir));
		err = capture_end();
		if (count_lines(err, "warning: ") != 1 ||
		    strstr(err, t->path) == NULL)
			fail_msg("case %zu: stderr \"%s\"", i, err);
		free(err);
		assert_non_null(g = state_group(st, &home));
		assert_int_equal(state_source_last(g, 0, T0, &v, &n, &age), 0);
		assert_null(state_verified(g, NULL));
		/* Rebuilt: the next save writes a good file. */
		assert_int_equal(state_save(st), 0);
		state_free(st);
		assert_non_null(root = json_load_file(t->path, 0, &je));
		assert_int_equal(json_integer_value(json_object_get(root,
		    "version")), 1);
		json_decref(root);
	}

	/* Truncated anywhere (but not just the final newline). */
	for (i = 0; i < len - 1; i += 7) {
		char *cut;

		assert_non_null(cut = strndup(good, i));
		write_text(t->path, cut);
		free(cut);
		capture_start();
		assert_non_null(st = state_load(t->dir));
		err = capture_end();
		if (count_lines(err, "warning: ") != 1)
			fail_msg("truncated at %zu: stderr \"%s\"", i, err);
		free(err);
		state_free(st);
	}
	free(good);
}

static void
test_not_a_file(void **state)
{
	struct tdir	*t = *state;
	struct state	*st;
	char		*err;

	assert_int_equal(mkdir(t->path, 0700), 0);
	capture_start();
	assert_non_null(st = state_load(t->dir));
	err = capture_end();
	assert_int_equal(count_lines(err, "warning: "), 1);
	free(err);
	/* The save fails (a directory is in the way), reported, EX_TEMPFAIL. */
	capture_start();
	assert_int_equal(state_save(st), EX_TEMPFAIL);
	err = capture_end();
	assert_non_null(strstr(err, t->path));
	free(err);
	state_free(st);
	rmdir(t->path);
}

/*
 * A state file that is a symbolic link, here to a secret file, is not
 * followed: one warning names the file and says why, quoting nothing of
 * what the link points to. The save replaces the link, not its target.
 */
static void
test_symlink(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	struct stat		 sb;
	char			 secret[128], *err, *text;

	snprintf(secret, sizeof(secret), "%s/ali.secret", t->dir);
	write_text(secret, "ZqxSecretWord\n");
	assert_int_equal(chmod(secret, 0600), 0);
	assert_int_equal(symlink(secret, t->path), 0);

	capture_start();
	assert_non_null(st = state_load(t->dir));
	err = capture_end();
	if (count_lines(err, "warning: ") != 1 ||
	    strstr(err, t->path) == NULL ||
	    strstr(err, "symbolic link") == NULL || strstr(err, "Zqx") != NULL)
		fail_msg("stderr \"%s\"", err);
	free(err);

	/* Ignored, never blocking: the run goes on and saves. */
	assert_non_null(g = state_group(st, &home));
	assert_null(state_verified(g, NULL));
	fill_home(g);
	capture_start();
	assert_int_equal(state_save(st), 0);
	err = capture_end();
	assert_string_equal(err, "");
	free(err);
	state_free(st);

	assert_int_equal(lstat(t->path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(lstat(secret, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	text = read_text(secret);
	assert_string_equal(text, "ZqxSecretWord\n");
	free(text);

	capture_start();
	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	check_home(g);
	state_free(st);
	err = capture_end();
	assert_string_equal(err, "");
	free(err);
}

/*
 * Damaged files whose text a message could quote: the warning names the
 * file and a position at most, never what is written there.
 */
static void
test_quotes_nothing(void **state)
{
	static const struct {
		const char	*text;
		const char	*secret;
	} cases[] = {
		{ "ZqxSecretWord\n", "Zqx" },
		{ "[1, ZqxSecretWord]\n", "Zqx" },
		{ "{\"Zqx\": 1, \"Zqx\": 2}\n", "Zqx" },
		{ "{\"version\": 1, \"groups\": {\"ZqxGroup\": 5}}\n", "Zqx" },
		{ "{\"version\": 1, \"groups\": {\"ZqxGroup\": {}}}\n", "Zqx" },
		{ "{\"version\": 1, \"groups\": {\"ZqxGroup\": {\"target\": "
		    "{\"account\": \"a\", \"zone\": \"z\", \"rr\": \"r\", "
		    "\"type\": \"A\", \"line\": \"l\"}, \"sources\": "
		    "{\"s\": {\"addrs\": [\"ZqxAddr\"], \"seen\": 1}}}}}\n",
		    "Zqx" },
		{ "{\"version\": 7654321, \"groups\": {}}\n", "7654321" },
	};
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	size_t			 i;
	char			*err;

	for (i = 0; i < NELEM(cases); i++) {
		write_text(t->path, cases[i].text);
		assert_int_equal(chmod(t->path, 0600), 0);
		capture_start();
		assert_non_null(st = state_load(t->dir));
		err = capture_end();
		if (count_lines(err, "warning: ") != 1 ||
		    strstr(err, t->path) == NULL ||
		    strstr(err, cases[i].secret) != NULL)
			fail_msg("case %zu: stderr \"%s\"", i, err);
		free(err);
		assert_non_null(g = state_group(st, &home));
		assert_null(state_verified(g, NULL));
		state_free(st);
	}
}

/*
 * A state file that others could have written is not trusted: it could
 * make a run skip reading the provider. Ignored with one warning saying
 * why, it is replaced by one of mode 0600 that is ours. spoil changes the
 * good file saved first; why is what the warning must say.
 */
static void
untrusted(struct tdir *t, void (*spoil)(const char *, mode_t), mode_t mode,
    const char *why)
{
	struct state		*st;
	struct state_group	*g;
	struct stat		 sb;
	char			*err;

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	fill_home(g);
	assert_int_equal(state_save(st), 0);
	state_free(st);
	spoil(t->path, mode);

	capture_start();
	assert_non_null(st = state_load(t->dir));
	err = capture_end();
	if (count_lines(err, "warning: ") != 1 ||
	    strstr(err, t->path) == NULL || strstr(err, why) == NULL)
		fail_msg("mode %o: stderr \"%s\"", (unsigned)mode, err);
	free(err);
	assert_non_null(g = state_group(st, &home));
	assert_null(state_verified(g, NULL));
	assert_int_equal(state_save(st), 0);
	state_free(st);
	assert_int_equal(stat(t->path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(sb.st_uid, geteuid());
}

static void
set_mode(const char *path, mode_t mode)
{
	assert_int_equal(chmod(path, mode), 0);
}

static void
give_away(const char *path, mode_t mode)
{
	(void)mode;
	assert_int_equal(chown(path, 4242, 4242), 0);
}

static void
test_writable(void **state)
{
	untrusted(*state, set_mode, 0666, "writable by group or others");
	untrusted(*state, set_mode, 0620, "writable by group or others");
	untrusted(*state, set_mode, 0602, "writable by group or others");
}

static void
test_other_owner(void **state)
{
	if (geteuid() != 0)
		skip();	/* only root can give a file away */
	untrusted(*state, give_away, 0600, "owned by");
}

static void
test_other_config(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	const struct addr	*v;
	struct group		 other;
	long long		 age;
	size_t			 n, k;
	struct {
		const char	*what;
		const char	*zone, *rr, *line;
		struct account	*account;
		int		 family;
	} cases[] = {
		{ "same", "example.com", "a.dns", "default", &account1, AF_INET },
		{ "zone", "example.org", "a.dns", "default", &account1, AF_INET },
		{ "rr", "example.com", "b.dns", "default", &account1, AF_INET },
		{ "line", "example.com", "a.dns", "telecom", &account1, AF_INET },
		{ "account", "example.com", "a.dns", "default", &account2,
		    AF_INET },
		{ "type", "example.com", "a.dns", "default", &account1, AF_INET6 },
	};

	for (k = 0; k < NELEM(cases); k++) {
		assert_non_null(st = state_load(t->dir));
		assert_non_null(g = state_group(st, &home));
		fill_home(g);
		assert_non_null(state_group(st, &office));
		assert_int_equal(state_source_remember(state_group(st, &office),
		    0, &(struct addr){ 0 }, 0, T0), 0);
		assert_int_equal(state_save(st), 0);
		state_free(st);

		other = home;
		other.zone = (char *)cases[k].zone;
		other.rr = (char *)cases[k].rr;
		other.line = (char *)cases[k].line;
		other.account = cases[k].account;
		other.family = cases[k].family;
		assert_non_null(st = state_load(t->dir));
		assert_non_null(g = state_group(st, &other));
		if (k == 0) {
			check_home(g);
		} else {
			assert_int_equal(state_source_last(g, 0, T0, &v, &n,
			    &age), 0);
			assert_null(state_verified(g, NULL));
			assert_int_equal(state_throttled(g, T0, NULL, NULL, NULL), 0);
		}
		/* The other group is not concerned. */
		assert_non_null(g = state_group(st, &office));
		assert_int_equal(state_source_last(g, 0, T0, &v, &n, &age), 1);
		assert_int_equal(state_save(st), 0);
		state_free(st);
		unlink(t->path);
	}
}

static void
test_untouched_groups(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	struct addr		 o[] = { A("2001:db8::1") };
	struct addr		 n1[] = { A("192.0.2.77") };
	json_t			*before, *after;
	json_error_t		 je;

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	fill_home(g);
	assert_non_null(g = state_group(st, &office));
	assert_int_equal(state_source_remember(g, 1, o, 1, T0 - 5), 0);
	assert_non_null(state_health(g, 1, &o[0]));
	assert_int_equal(state_set_throttle(g, T0, T0 + 60, "Throttling", EX_TEMPFAIL), 0);
	assert_int_equal(state_save(st), 0);
	state_free(st);
	assert_non_null(before = json_load_file(t->path, 0, &je));

	/* A run for "home" only (sync home). */
	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_int_equal(state_source_remember(g, 0, n1, 1, T0 + 60), 0);
	state_clear_throttle(g);
	assert_int_equal(state_save(st), 0);
	state_free(st);
	assert_non_null(after = json_load_file(t->path, 0, &je));

	assert_true(json_equal(json_object_get(json_object_get(before,
	    "groups"), "office"), json_object_get(json_object_get(after,
	    "groups"), "office")));
	assert_false(json_equal(json_object_get(json_object_get(before,
	    "groups"), "home"), json_object_get(json_object_get(after,
	    "groups"), "home")));
	json_decref(before);
	json_decref(after);
}

static void
test_sources_follow_config(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	const struct addr	*v;
	struct source		 moved[] = {
		{ .host = "198.51.100.7" },
		{ .host = "dns2.example.com" },		/* no @server: another */
		{ .host = "dns1.example.com" },
	};
	struct group		 changed = home;
	struct addr		 a[] = { A("198.51.100.7") };
	long long		 age;
	size_t			 n;

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	fill_home(g);
	assert_int_equal(state_source_remember(g, 2, a, 1, T0 - 3), 0);
	assert_int_equal(state_save(st), 0);
	state_free(st);

	changed.sources = moved;
	changed.nsources = NELEM(moved);
	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &changed));
	assert_int_equal(state_source_last(g, 0, T0, &v, &n, &age), 1);
	assert_int_equal(age, 3);
	assert_int_equal(state_source_last(g, 1, T0, &v, &n, &age), 0);
	assert_int_equal(state_source_last(g, 2, T0, &v, &n, &age), 1);
	assert_int_equal(age, 10);
	/* Asking again returns the same group, untouched. */
	assert_ptr_equal(state_group(st, &changed), g);
	assert_int_equal(state_save(st), 0);
	state_free(st);

	/* dns2@203.0.113.53 was dropped for good. */
	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_int_equal(state_source_last(g, 1, T0, &v, &n, &age), 0);
	assert_int_equal(state_source_last(g, 2, T0, &v, &n, &age), 1);
	state_free(st);
}

static void
test_health_follows_address(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	struct health		*h;
	struct addr		 old = A("198.51.100.2"), new = A("198.51.100.3");

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_int_equal(state_source_remember(g, 0, &old, 1, T0), 0);
	assert_non_null(h = state_health(g, 0, &old));
	assert_int_equal(h->healthy, 1);
	health_update(h, &old, 0, 1, 3);
	assert_int_equal(h->healthy, 0);
	assert_ptr_equal(state_health(g, 0, &old), h);
	/* Same address again: the counters stay. */
	assert_int_equal(state_source_remember(g, 0, &old, 1, T0 + 60), 0);
	assert_int_equal(state_health(g, 0, &old)->healthy, 0);
	assert_int_equal(state_save(st), 0);
	state_free(st);

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_non_null(h = state_health(g, 0, &old));
	assert_int_equal(h->healthy, 0);
	assert_int_equal(h->fails, 1);
	/* The line redialled: counters restart, healthy, for the new one. */
	assert_int_equal(state_source_remember(g, 0, &new, 1, T0 + 120), 0);
	assert_non_null(h = state_health(g, 0, &new));
	assert_int_equal(h->healthy, 1);
	assert_int_equal(h->fails, 0);
	assert_int_equal(addr_cmp(&h->addr, &new), 0);
	assert_int_equal(state_save(st), 0);
	state_free(st);

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_non_null(h = state_health(g, 0, &old));
	assert_int_equal(h->healthy, 1);	/* forgotten, so new again */
	state_free(st);
}

static void
test_file_mode(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct stat		 sb;
	mode_t			 old;
	char			 sub[128];

	old = umask(0);
	snprintf(sub, sizeof(sub), "%s/new", t->dir);
	assert_non_null(st = state_load(sub));
	assert_non_null(state_group(st, &home));
	assert_int_equal(state_save(st), 0);
	state_free(st);
	umask(old);

	snprintf(sub, sizeof(sub), "%s/new/state.json", t->dir);
	assert_int_equal(stat(sub, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0600);
	snprintf(sub, sizeof(sub), "%s/new", t->dir);
	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);

	/* An existing, too open file is replaced by a 0600 one. */
	write_text(t->path, "{}");
	assert_int_equal(chmod(t->path, 0644), 0);
	capture_start();
	assert_non_null(st = state_load(t->dir));
	free(capture_end());
	assert_non_null(state_group(st, &home));
	assert_int_equal(state_save(st), 0);
	state_free(st);
	assert_int_equal(stat(t->path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
}

static void
test_leftover_temp(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	struct dirent		*d;
	DIR			*dp;
	char			 tmp[128], *err;
	int			 ntmp = 0;

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	fill_home(g);
	assert_int_equal(state_save(st), 0);
	state_free(st);

	/* A run killed while saving left half a temp file behind. */
	snprintf(tmp, sizeof(tmp), "%s/.state.json.Ab12Cd", t->dir);
	write_text(tmp, "{\"version\": 1, \"gro");
	capture_start();
	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	check_home(g);
	state_clear_throttle(g);
	assert_int_equal(state_save(st), 0);
	state_free(st);
	err = capture_end();
	assert_string_equal(err, "");
	free(err);

	assert_non_null(dp = opendir(t->dir));
	while ((d = readdir(dp)) != NULL)
		if (strncmp(d->d_name, ".state", 6) == 0)
			ntmp++;
	closedir(dp);
	assert_int_equal(ntmp, 0);
}

static void
test_save_fails(void **state)
{
	struct tdir	*t = *state;
	struct state	*st;
	char		 file[128], *err;

	/* The state dir's parent is a file: nothing can be created. */
	snprintf(file, sizeof(file), "%s/file", t->dir);
	write_text(file, "x");
	strcat(file, "/state");
	capture_start();
	assert_non_null(st = state_load(file));
	err = capture_end();
	assert_int_equal(count_lines(err, "warning: "), 1);
	free(err);
	assert_non_null(state_group(st, &home));
	capture_start();
	assert_int_equal(state_save(st), EX_TEMPFAIL);
	err = capture_end();
	assert_int_equal(count_lines(err, "\n"), 1);
	assert_null(strstr(err, "warning: "));
	free(err);
	state_free(st);
}

static void
test_stale_after(void **state)
{
	static const struct {
		long long	age;
		long		stale_after;
		int		ok;
	} t[] = {
		{ 0, 3600, 1 },
		{ 3599, 3600, 1 },
		{ 3600, 3600, 1 },	/* at stale_after: still stands in */
		{ 3601, 3600, 0 },
		{ 86400, 3600, 0 },
		{ 0, 0, 1 },
		{ 1, 0, 0 },
		{ -1, 3600, 0 },	/* seen in the future: clock went back */
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++)
		if (state_stale_ok(t[i].age, t[i].stale_after) != t[i].ok)
			fail_msg("age %lld stale_after %ld", t[i].age,
			    t[i].stale_after);
}

static void
test_stale_age(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	struct addr		 a = A("198.51.100.2");
	const struct addr	*v;
	long long		 age;
	size_t			 n;

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_int_equal(state_source_remember(g, 0, &a, 1, T0), 0);
	assert_int_equal(state_source_last(g, 0, T0 + 3600, &v, &n, &age), 1);
	assert_true(state_stale_ok(age, home.stale_after));
	assert_int_equal(state_source_last(g, 0, T0 + 3601, &v, &n, &age), 1);
	assert_false(state_stale_ok(age, home.stale_after));
	assert_int_equal(state_source_last(g, 0, T0 - 1, &v, &n, &age), 1);
	assert_int_equal(age, -1);
	assert_false(state_stale_ok(age, home.stale_after));
	state_free(st);
}

static void
test_skip_provider(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	struct recordset	 none = { NULL, 0 };
	struct addr		 ab[] = { A("192.0.2.1"), A("192.0.2.2") };
	struct addr		 ba[] = { A("192.0.2.2"), A("192.0.2.1"),
				    A("192.0.2.2") };
	struct addr		 a[] = { A("192.0.2.1") };
	struct addr		 abc[] = { A("192.0.2.1"), A("192.0.2.2"),
				    A("192.0.2.3") };
	const struct {
		const char		*what;
		const struct addr	*want;
		size_t			 nwant;
		long			 verify_every;
		time_t			 now;
		int			 skip;
	} c[] = {
		{ "same set, fresh", ab, 2, 600, T0 + 10, 1 },
		{ "same set, other order and repeats", ba, 3, 600, T0, 1 },
		{ "just before verify_every", ab, 2, 600, T0 + 599, 1 },
		{ "at verify_every", ab, 2, 600, T0 + 600, 0 },
		{ "after verify_every", ab, 2, 600, T0 + 9999, 0 },
		{ "verify_every 0", ab, 2, 0, T0, 0 },
		{ "a source lost an address", a, 1, 600, T0 + 10, 0 },
		{ "a source gained an address", abc, 3, 600, T0 + 10, 0 },
		{ "nothing wanted", NULL, 0, 600, T0 + 10, 0 },
		{ "clock went back", ab, 2, 600, T0 - 1, 0 },
	};
	size_t i;

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_int_equal(state_may_skip_provider(g, ab, 2, 600, T0), 0);
	assert_int_equal(state_set_verified(g, &none, ab, 2, T0), 0);
	for (i = 0; i < NELEM(c); i++)
		if (state_may_skip_provider(g, c[i].want, c[i].nwant,
		    c[i].verify_every, c[i].now) != c[i].skip)
			fail_msg("%s", c[i].what);
	/* It survives a save. */
	assert_int_equal(state_save(st), 0);
	state_free(st);
	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	for (i = 0; i < NELEM(c); i++)
		if (state_may_skip_provider(g, c[i].want, c[i].nwant,
		    c[i].verify_every, c[i].now) != c[i].skip)
			fail_msg("after load: %s", c[i].what);
	/* A failed write forgets the verification. */
	state_clear_verified(g);
	assert_int_equal(state_may_skip_provider(g, ab, 2, 600, T0), 0);
	assert_null(state_verified(g, NULL));
	state_free(st);
}

static void
test_throttle(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	const char		*reason;
	time_t			 until;
	size_t			 i;
	static const struct {
		time_t	now;
		int	throttled;
	} c[] = {
		{ T0, 1 }, { T0 + 1, 1 }, { T0 + 299, 1 },
		{ T0 + 300, 0 }, { T0 + 3600, 0 },
		{ T0 - 1, 0 },		/* clock went back: do not wait years */
	};

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_int_equal(state_throttled(g, T0, &until, &reason, NULL), 0);
	assert_int_equal(state_set_throttle(g, T0, T0 + 300,
	    "Throttling.User\n\x1b[31m", EX_TEMPFAIL), 0);
	for (i = 0; i < NELEM(c); i++)
		if (state_throttled(g, c[i].now, NULL, NULL, NULL) != c[i].throttled)
			fail_msg("now T0%+lld", (long long)(c[i].now - T0));
	assert_int_equal(state_save(st), 0);
	state_free(st);

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	for (i = 0; i < NELEM(c); i++)
		if (state_throttled(g, c[i].now, NULL, NULL, NULL) != c[i].throttled)
			fail_msg("after load: now T0%+lld",
			    (long long)(c[i].now - T0));
	assert_int_equal(state_throttled(g, T0 + 5, &until, &reason, NULL), 1);
	assert_int_equal(until, T0 + 300);
	assert_string_equal(reason, "Throttling.User??[31m");
	state_clear_throttle(g);
	assert_int_equal(state_throttled(g, T0 + 5, &until, &reason, NULL), 0);
	assert_int_equal(state_save(st), 0);
	state_free(st);

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	assert_int_equal(state_throttled(g, T0 + 5, NULL, NULL, NULL), 0);
	state_free(st);
}

/*
 * Out of memory inside jansson, at every allocation in turn: loads and
 * saves fail cleanly (valgrind sees no leak) and never damage the file.
 */
static long	alloc_left = -1;	/* -1: no limit */

static void *
chaos_malloc(size_t n)
{
	if (alloc_left == 0)
		return NULL;
	if (alloc_left > 0)
		alloc_left--;
	return malloc(n);
}

static void
test_oom(void **state)
{
	struct tdir		*t = *state;
	struct state		*st;
	struct state_group	*g;
	struct addr		 a = A("192.0.2.99");
	char			*good, *now, *err;
	long			 k;
	int			 rc;

	assert_non_null(st = state_load(t->dir));
	assert_non_null(g = state_group(st, &home));
	fill_home(g);
	assert_int_equal(state_save(st), 0);
	state_free(st);
	good = read_text(t->path);

	json_set_alloc_funcs(chaos_malloc, free);
	for (k = 0; ; k++) {
		alloc_left = -1;
		capture_start();
		st = state_load(t->dir);
		if (st == NULL) {
			free(capture_end());
			continue;
		}
		g = state_group(st, &home);
		alloc_left = k;
		rc = g != NULL ? state_source_remember(g, 2, &a, 1, T0) : 0;
		if (rc == 0)
			rc = state_save(st);
		alloc_left = -1;
		state_free(st);
		err = capture_end();
		assert_true(rc == 0 || rc == EX_SOFTWARE);
		now = read_text(t->path);
		if (rc == 0) {
			assert_string_equal(err, "");
			free(err);
			free(now);
			break;
		}
		assert_non_null(strstr(err, "out of memory"));
		assert_string_equal(now, good);
		free(err);
		free(now);
	}
	assert_true(k > 10);

	/* Loading with allocations failing: an empty or a full state. */
	for (k = 0; k < 400; k++) {
		alloc_left = k;
		capture_start();
		st = state_load(t->dir);
		alloc_left = -1;
		free(capture_end());
		state_free(st);
	}
	json_set_alloc_funcs(malloc, free);
	free(good);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quotes_nothing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_writable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_other_owner, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_other_config, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_untouched_groups, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sources_follow_config,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_health_follows_address,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_mode, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_leftover_temp, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_save_fails, setup,
		    teardown),
		cmocka_unit_test(test_stale_after),
		cmocka_unit_test_setup_teardown(test_stale_age, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_skip_provider, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_throttle, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_oom, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
