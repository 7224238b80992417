/*
 * test_health.c - the hysteresis as a table over check sequences, its
 * counters stopping at their thresholds with the same decisions, and
 * real TCP probes on loopback: an open port, a closed one (refused), a
 * port that never answers (a listener whose accept queue is full drops
 * new SYNs), many jobs at once, several ports per job, the run deadline.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "health.h"
#include "util.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static struct addr
A(const char *s)
{
	struct addr a;

	assert_true(addr_parse(&a, s));
	return a;
}

/*
 * seq: one letter per check, 'o' ok, 'f' failed; want: healthy after
 * each check, '1' or '0'.
 */
static const struct {
	long		 fail_after;
	long		 recover_after;
	const char	*seq;
	const char	*want;
} hyst[] = {
	{ 1, 1, "oooo", "1111" },
	{ 1, 1, "fofo", "0101" },
	{ 1, 1, "ffoo", "0011" },
	{ 2, 1, "f", "1" },
	{ 2, 1, "ff", "10" },
	{ 2, 1, "ffo", "101" },
	{ 2, 1, "ffoff", "10110" },
	{ 2, 1, "fofofofofofo", "111111111111" },	/* flapping stays in */
	{ 2, 1, "ofofofofofof", "111111111111" },
	{ 3, 1, "ff", "11" },
	{ 3, 1, "fff", "110" },
	{ 3, 1, "ffoff", "11111" },
	{ 3, 1, "ffofff", "111110" },
	{ 3, 1, "fffffo", "110001" },
	{ 1, 2, "fo", "00" },
	{ 1, 2, "foo", "001" },
	{ 1, 2, "fofoo", "00001" },		/* must be in a row */
	{ 2, 2, "ffoo", "1001" },
	{ 2, 2, "ffofoofo", "10000111" },
	{ 2, 2, "fofofofo", "11111111" },
	{ 0, 0, "fo", "01" },			/* below 1 counts as 1 */
};

static void
test_hysteresis(void **state)
{
	struct health	 h;
	struct addr	 a = A("198.51.100.2");
	size_t		 i, k;
	int		 was, changed;

	(void)state;
	for (i = 0; i < NELEM(hyst); i++) {
		health_init(&h, &a);
		assert_int_equal(h.healthy, 1);
		for (k = 0; hyst[i].seq[k] != '\0'; k++) {
			was = h.healthy;
			changed = health_update(&h, &a, hyst[i].seq[k] == 'o',
			    hyst[i].fail_after, hyst[i].recover_after);
			if (h.healthy != (hyst[i].want[k] == '1') ||
			    changed != (h.healthy != was))
				fail_msg("fail_after %ld recover_after %ld "
				    "\"%s\": check %zu", hyst[i].fail_after,
				    hyst[i].recover_after, hyst[i].seq, k + 1);
		}
	}
}

static void
test_counters(void **state)
{
	struct health	h;
	struct addr	a = A("198.51.100.2");

	(void)state;
	health_init(&h, &a);
	health_update(&h, &a, 0, 3, 2);
	health_update(&h, &a, 0, 3, 2);
	assert_int_equal(h.fails, 2);
	assert_int_equal(h.oks, 0);
	health_update(&h, &a, 1, 3, 2);
	assert_int_equal(h.fails, 0);
	assert_int_equal(h.oks, 1);
}

/*
 * Once a line's checks keep giving the same answer, its counters stop
 * changing (at fail_after or recover_after), so that the state file that
 * holds them is not rewritten run after run.
 */
static void
test_counters_stop(void **state)
{
	struct health	h, before;
	struct addr	a = A("198.51.100.2");
	int		k;

	(void)state;
	/* Healthy, checks good: oks stops at recover_after. */
	health_init(&h, &a);
	for (k = 0; k < 3; k++)
		health_update(&h, &a, 1, 2, 3);
	assert_int_equal(h.oks, 3);
	before = h;
	for (k = 0; k < 50; k++)
		assert_int_equal(health_update(&h, &a, 1, 2, 3), 0);
	assert_memory_equal(&h, &before, sizeof(h));

	/* Out, checks failing: fails stops at fail_after. */
	health_update(&h, &a, 0, 2, 3);
	assert_int_equal(health_update(&h, &a, 0, 2, 3), 1);
	assert_int_equal(h.healthy, 0);
	assert_int_equal(h.fails, 2);
	before = h;
	for (k = 0; k < 50; k++)
		assert_int_equal(health_update(&h, &a, 0, 2, 3), 0);
	assert_memory_equal(&h, &before, sizeof(h));

	/* Counts from a state file of an earlier version come down once. */
	h.fails = HEALTH_COUNT_MAX;
	assert_int_equal(health_update(&h, &a, 0, 2, 3), 0);
	assert_int_equal(h.fails, 2);
	health_init(&h, &a);
	h.oks = HEALTH_COUNT_MAX;
	assert_int_equal(health_update(&h, &a, 1, 2, 3), 0);
	assert_int_equal(h.oks, 3);
	assert_int_equal(h.healthy, 1);

	/* A smaller threshold in the config takes effect at once. */
	h.fails = 4;
	h.oks = 0;
	assert_int_equal(health_update(&h, &a, 0, 1, 3), 1);
	assert_int_equal(h.fails, 1);
}

/*
 * Checks seq (bit k: check k + 1 was good) of len checks against a model
 * whose counters have no bound: the same decisions, and counters that are
 * the model's, stopped at their thresholds.
 */
static void
same_as_unbounded(long fa, long ra, unsigned seq, unsigned len)
{
	struct health	h;
	struct addr	a = A("198.51.100.2");
	long		fails = 0, oks = 0;
	unsigned	k;
	int		healthy = 1, was, ok, changed;

	health_init(&h, &a);
	for (k = 0; k < len; k++) {
		ok = seq >> k & 1;
		was = healthy;
		if (ok) {
			fails = 0;
			if (++oks >= ra)
				healthy = 1;
		} else {
			oks = 0;
			if (++fails >= fa)
				healthy = 0;
		}
		changed = health_update(&h, &a, ok, fa, ra);
		if (h.healthy != healthy || changed != (healthy != was) ||
		    h.fails != (fails < fa ? fails : fa) ||
		    h.oks != (oks < ra ? oks : ra))
			fail_msg("fail_after %ld recover_after %ld, sequence "
			    "%#x of %u: check %u", fa, ra, seq, len, k + 1);
	}
}

/* Every sequence of up to 12 checks, for thresholds 1 to 4. */
static void
test_counters_same_decisions(void **state)
{
	long		fa, ra;
	unsigned	seq, len;

	(void)state;
	for (fa = 1; fa <= 4; fa++)
		for (ra = 1; ra <= 4; ra++)
			for (len = 1; len <= 12; len++)
				for (seq = 0; seq < 1U << len; seq++)
					same_as_unbounded(fa, ra, seq, len);
}

static void
test_address_change(void **state)
{
	struct health	h;
	struct addr	a = A("198.51.100.2"), b = A("198.51.100.3");
	struct addr	v6 = A("2001:db8::2");

	(void)state;
	/* One failure at a, one at b: not two in a row for either. */
	health_init(&h, &a);
	assert_int_equal(health_update(&h, &a, 0, 2, 1), 0);
	assert_int_equal(health_update(&h, &b, 0, 2, 1), 0);
	assert_int_equal(h.healthy, 1);
	assert_int_equal(h.fails, 1);
	assert_int_equal(addr_cmp(&h.addr, &b), 0);

	/* Down at a; the line redials to b: healthy again at once. */
	health_init(&h, &a);
	health_update(&h, &a, 0, 1, 3);
	assert_int_equal(h.healthy, 0);
	assert_int_equal(health_update(&h, &b, 0, 1, 3), 0);
	assert_int_equal(h.healthy, 0);		/* reset, then failed */
	health_init(&h, &a);
	health_update(&h, &a, 0, 1, 3);
	assert_int_equal(health_update(&h, &v6, 1, 1, 3), 1);
	assert_int_equal(h.healthy, 1);
	assert_int_equal(h.oks, 1);

	/* Zeroed counters (never initialised) start healthy too. */
	memset(&h, 0, sizeof(h));
	assert_int_equal(health_update(&h, &a, 0, 2, 1), 0);
	assert_int_equal(h.healthy, 1);
}

/* ---- probes ---- */

static int
have_ipv6(void)
{
	struct sockaddr_in6	sin6;
	int			fd, ok;

	if ((fd = socket(AF_INET6, SOCK_STREAM, 0)) == -1)
		return 0;
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = in6addr_loopback;
	ok = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == 0;
	close(fd);
	return ok;
}

/* A socket bound to loopback on a free port; listening when backlog >= 0. */
static int
loopback_socket(int family, int backlog, unsigned short *port)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t		 len;
	int			 fd;

	assert_true((fd = socket(family, SOCK_STREAM, 0)) != -1);
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		len = sizeof(*sin6);
	}
	assert_int_equal(bind(fd, (struct sockaddr *)&ss, len), 0);
	if (backlog >= 0)
		assert_int_equal(listen(fd, backlog), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
	*port = ntohs(family == AF_INET ? sin->sin_port : sin6->sin6_port);
	return fd;
}

/* A port nobody listens on: connecting to it is refused. */
static unsigned short
closed_port(int family)
{
	unsigned short	port;
	int		fd;

	fd = loopback_socket(family, -1, &port);
	close(fd);
	return port;
}

/*
 * A listener that never answers: backlog 0 holds one connection, which
 * we make and never accept; the kernel then drops new SYNs, so connect()
 * waits until it times out. fds[0] listens, fds[1] is the queued client.
 */
static unsigned short
silent_port(int fds[2])
{
	struct sockaddr_in	sin;
	unsigned short		port;

	fds[0] = loopback_socket(AF_INET, 0, &port);
	assert_true((fds[1] = socket(AF_INET, SOCK_STREAM, 0)) != -1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(port);
	assert_int_equal(connect(fds[1], (struct sockaddr *)&sin, sizeof(sin)),
	    0);
	return port;
}

static void
job(struct probe *p, const char *addr, const unsigned short *ports,
    size_t n, long timeout_ms)
{
	memset(p, 0, sizeof(*p));
	p->addr = A(addr);
	p->ports = ports;
	p->nports = n;
	p->timeout_ms = timeout_ms;
	/* Out fields are garbage until health_probe fills them. */
	p->ok = 7;
	strcpy(p->error, "stale");
}

static void
test_probe_open_and_refused(void **state)
{
	struct probe	 v[3];
	unsigned short	 open_port[1], shut[1];
	int		 lfd;

	(void)state;
	lfd = loopback_socket(AF_INET, 16, &open_port[0]);
	shut[0] = closed_port(AF_INET);
	job(&v[0], "127.0.0.1", open_port, 1, 2000);
	job(&v[1], "127.0.0.1", shut, 1, 2000);
	job(&v[2], "127.0.0.1", NULL, 0, 2000);	/* nothing to check */
	assert_int_equal(health_probe(v, 3), 0);
	assert_int_equal(v[0].ok, 1);
	assert_int_equal(v[0].port, open_port[0]);
	assert_string_equal(v[0].error, "");
	assert_int_equal(v[1].ok, 0);
	assert_string_equal(v[1].error, "connection refused");
	assert_true(v[1].ms < 1000);
	assert_int_equal(v[2].ok, 1);
	close(lfd);
}

static void
test_probe_second_port(void **state)
{
	struct probe	 v[2];
	unsigned short	 ports[2], ports2[2];
	long long	 t0;
	int		 lfd, silent[2];

	(void)state;
	lfd = loopback_socket(AF_INET, 16, &ports[1]);
	ports[0] = closed_port(AF_INET);
	/* The first port never answers: the second one still wins fast. */
	ports2[0] = silent_port(silent);
	ports2[1] = ports[1];
	job(&v[0], "127.0.0.1", ports, 2, 2000);
	job(&v[1], "127.0.0.1", ports2, 2, 2000);
	t0 = now_ms();
	assert_int_equal(health_probe(v, 2), 0);
	assert_true(now_ms() - t0 < 1000);
	assert_int_equal(v[0].ok, 1);
	assert_int_equal(v[0].port, ports[1]);
	assert_int_equal(v[1].ok, 1);
	assert_int_equal(v[1].port, ports[1]);
	close(lfd);
	close(silent[0]);
	close(silent[1]);
}

static void
test_probe_timeout_parallel(void **state)
{
	struct probe	 v[8], mixed;
	unsigned short	 port[1], two[2];
	char		 want[96];
	long long	 t0, took;
	size_t		 i;
	int		 silent[2];

	(void)state;
	port[0] = silent_port(silent);
	for (i = 0; i < NELEM(v); i++)
		job(&v[i], "127.0.0.1", port, 1, 1000);
	t0 = now_ms();
	assert_int_equal(health_probe(v, NELEM(v)), 0);
	took = now_ms() - t0;
	/* All at once: about one timeout, not eight. */
	assert_true(took >= 950);
	assert_true(took < 1800);
	for (i = 0; i < NELEM(v); i++) {
		assert_int_equal(v[i].ok, 0);
		assert_string_equal(v[i].error, "timed out after 1 s");
	}

	/* Ports that fail differently are named one by one. */
	two[0] = closed_port(AF_INET);
	two[1] = port[0];
	job(&mixed, "127.0.0.1", two, 2, 300);
	assert_int_equal(health_probe(&mixed, 1), 0);
	assert_int_equal(mixed.ok, 0);
	snprintf(want, sizeof(want), "port %u: connection refused, port %u: "
	    "timed out after 300 ms", (unsigned)two[0], (unsigned)two[1]);
	assert_string_equal(mixed.error, want);
	close(silent[0]);
	close(silent[1]);
}

static void
test_probe_deadline(void **state)
{
	struct probe	 v[2];
	unsigned short	 port[1];
	long long	 t0, took;
	int		 silent[2];

	(void)state;
	port[0] = silent_port(silent);
	job(&v[0], "127.0.0.1", port, 1, 5000);
	job(&v[1], "127.0.0.1", port, 1, 5000);
	deadline_start(1);
	t0 = now_ms();
	assert_int_equal(health_probe(v, 2), 0);
	took = now_ms() - t0;
	deadline_start(3600);	/* there is no way to unset it */
	assert_true(took < 1800);
	assert_int_equal(v[0].ok, 0);
	assert_string_equal(v[0].error, "run deadline reached");
	assert_int_equal(v[1].ok, 0);

	/* A deadline already passed decides without connecting. */
	deadline_start(0);
	job(&v[0], "127.0.0.1", port, 1, 5000);
	assert_int_equal(health_probe(v, 1), 0);
	deadline_start(3600);
	assert_int_equal(v[0].ok, 0);
	assert_string_equal(v[0].error, "run deadline reached");
	close(silent[0]);
	close(silent[1]);
}

static void
test_probe_many(void **state)
{
	struct probe	*v;
	unsigned short	 open_port[1], shut[1];
	size_t		 i, n = 600;
	long long	 t0;
	int		 lfd;

	(void)state;
	/* More sockets than may be open at once: they take turns. */
	lfd = loopback_socket(AF_INET, 1024, &open_port[0]);
	shut[0] = closed_port(AF_INET);
	assert_non_null(v = calloc(n, sizeof(*v)));
	for (i = 0; i < n; i++)
		job(&v[i], "127.0.0.1", i % 2 ? open_port : shut, 1, 2000);
	t0 = now_ms();
	assert_int_equal(health_probe(v, n), 0);
	assert_true(now_ms() - t0 < 2000);
	for (i = 0; i < n; i++) {
		if (v[i].ok != (int)(i % 2))
			fail_msg("job %zu: %s", i, v[i].error);
	}
	free(v);
	close(lfd);
}

static void
test_probe_ipv6(void **state)
{
	struct probe	 v[2];
	unsigned short	 open_port[1], shut[1];
	int		 lfd;

	(void)state;
	if (!have_ipv6())
		skip();
	lfd = loopback_socket(AF_INET6, 16, &open_port[0]);
	shut[0] = closed_port(AF_INET6);
	job(&v[0], "::1", open_port, 1, 2000);
	job(&v[1], "::1", shut, 1, 2000);
	assert_int_equal(health_probe(v, 2), 0);
	assert_int_equal(v[0].ok, 1);
	assert_int_equal(v[1].ok, 0);
	assert_string_equal(v[1].error, "connection refused");
	close(lfd);
}

/*
 * A documentation address far away: on hosts with a route it times out;
 * elsewhere it fails at once as unreachable, or a transparent proxy
 * answers for it. Only the first tests the timeout (the silent listener
 * above does it for sure; the e2e tests use a network namespace).
 */
static void
test_probe_unroutable(void **state)
{
	struct probe	 v;
	unsigned short	 port[1] = { 9 };
	long long	 t0, took;

	(void)state;
	job(&v, "203.0.113.254", port, 1, 1000);
	t0 = now_ms();
	assert_int_equal(health_probe(&v, 1), 0);
	took = now_ms() - t0;
	if (v.ok || strcmp(v.error, "timed out after 1 s") != 0) {
		/* Unreachable at once, or a proxy in the way answered. */
		print_message("203.0.113.254 did not time out (%s); "
		    "skipped\n", v.ok ? "it connected" : v.error);
		skip();
	}
	assert_true(took >= 950 && took < 1800);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hysteresis),
		cmocka_unit_test(test_counters),
		cmocka_unit_test(test_counters_stop),
		cmocka_unit_test(test_counters_same_decisions),
		cmocka_unit_test(test_address_change),
		cmocka_unit_test(test_probe_open_and_refused),
		cmocka_unit_test(test_probe_second_port),
		cmocka_unit_test(test_probe_timeout_parallel),
		cmocka_unit_test(test_probe_deadline),
		cmocka_unit_test(test_probe_many),
		cmocka_unit_test(test_probe_ipv6),
		cmocka_unit_test(test_probe_unroutable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
