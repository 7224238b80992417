/*
 * test_resolve.c - the parts of resolve.c that need no network: literal
 * sources, groups left to the provider, empty groups, a spent deadline,
 * and the system resolver's thread pool, driven by the getaddrinfo and
 * pthread_create below. Real lookups are tested by tests/resolve/run.sh.
 */
/* RTLD_NEXT */
#define _GNU_SOURCE

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr.h"
#include "config.h"
#include "exitcode.h"
#include "resolve.h"
#include "util.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* No lookup may happen: nothing answers there (TEST-NET-1). */
static char *nowhere[] = { "192.0.2.53" };

static void
init_group(struct group *g, struct source *s, size_t n, int family,
    enum resolver_kind kind)
{
	memset(g, 0, sizeof(*g));
	g->name = "test";
	g->sources = s;
	g->nsources = n;
	g->family = family;
	g->resolver = kind;
	g->servers = nowhere;
	g->nservers = kind == RESOLVE_DNS ? NELEM(nowhere) : 0;
	g->resolve_timeout = 5;
}

static void
literal(struct source *s, const char *text)
{
	memset(s, 0, sizeof(*s));
	s->host = (char *)text;
	assert_true(addr_parse(&s->literal, text));
}

static void
assert_addr(const struct addr *a, const char *text)
{
	char buf[ADDR_STRLEN];

	assert_string_equal(addr_str(a, buf), text);
}

static void
test_literals(void **state)
{
	struct source s4[2], s6[1];
	struct group g4, g6;
	struct group *groups[] = { &g4, &g6 };
	struct source_result r4[2], r6[1];
	struct source_result *res[] = { r4, r6 };

	(void)state;
	literal(&s4[0], "198.51.100.7");
	literal(&s4[1], "203.0.113.9");
	literal(&s6[0], "2001:db8::7");
	/* Literals are never asked, whatever the resolver. */
	init_group(&g4, s4, NELEM(s4), AF_INET, RESOLVE_DNS);
	init_group(&g6, s6, NELEM(s6), AF_INET6, RESOLVE_SYSTEM);
	memset(r4, 0, sizeof(r4));
	memset(r6, 0, sizeof(r6));

	assert_int_equal(resolve_all(groups, NELEM(groups), res), 0);
	assert_int_equal(r4[0].status, 0);
	assert_int_equal(r4[0].naddrs, 1);
	assert_addr(&r4[0].addrs[0], "198.51.100.7");
	assert_string_equal(r4[0].via, "literal");
	assert_int_equal(r4[1].naddrs, 1);
	assert_addr(&r4[1].addrs[0], "203.0.113.9");
	assert_int_equal(r6[0].status, 0);
	assert_int_equal(r6[0].naddrs, 1);
	assert_addr(&r6[0].addrs[0], "2001:db8::7");
	assert_string_equal(r6[0].via, "literal");
	source_result_clear(&r4[0]);
	source_result_clear(&r4[1]);
	source_result_clear(&r6[0]);
}

/* config.c refuses these; resolve.c must still not hand them out. */
static void
test_literal_wrong_family(void **state)
{
	struct source s[1];
	struct group g;
	struct group *groups[] = { &g };
	struct source_result r[1];
	struct source_result *res[] = { r };

	(void)state;
	literal(&s[0], "198.51.100.7");
	init_group(&g, s, NELEM(s), AF_INET6, RESOLVE_SYSTEM);
	memset(r, 0, sizeof(r));
	assert_int_equal(resolve_all(groups, 1, res), 0);
	assert_int_equal(r[0].status, EX_NOHOST);
	assert_int_equal(r[0].naddrs, 0);
	assert_null(r[0].addrs);
	assert_string_equal(r[0].error, "not an AAAA address");
	source_result_clear(&r[0]);
}

static void
test_api_untouched(void **state)
{
	static const struct source_result zero;
	struct source s[3];
	struct group g;
	struct group *groups[] = { &g };
	struct source_result r[3];
	struct source_result *res[] = { r };
	size_t i;

	(void)state;
	memset(s, 0, sizeof(s));
	s[0].host = "dns1.example.com";
	s[1].host = "dns2.example.com";
	s[1].server = "192.0.2.53";
	literal(&s[2], "198.51.100.7");
	init_group(&g, s, NELEM(s), AF_INET, RESOLVE_API);
	memset(r, 0, sizeof(r));
	assert_int_equal(resolve_all(groups, 1, res), 0);
	for (i = 0; i < NELEM(r); i++)
		assert_memory_equal(&r[i], &zero, sizeof(zero));
}

static void
test_nothing_to_do(void **state)
{
	struct group g;
	struct group *groups[] = { &g };
	struct source_result *res[] = { NULL };

	(void)state;
	init_group(&g, NULL, 0, AF_INET, RESOLVE_DNS);
	assert_int_equal(resolve_all(groups, 1, res), 0);
	assert_int_equal(resolve_all(NULL, 0, NULL), 0);
}

/* With the run's deadline spent, nothing is asked and nothing waits. */
static void
test_deadline_spent(void **state)
{
	struct source sd[1], ss[1];
	struct group gd, gs;
	struct group *groups[] = { &gd, &gs };
	struct source_result rd[1], rs[1];
	struct source_result *res[] = { rd, rs };
	long long t0;

	(void)state;
	memset(sd, 0, sizeof(sd));
	memset(ss, 0, sizeof(ss));
	sd[0].host = "dns1.example.com";
	ss[0].host = "dns2.example.com";
	init_group(&gd, sd, 1, AF_INET, RESOLVE_DNS);
	init_group(&gs, ss, 1, AF_INET, RESOLVE_SYSTEM);
	memset(rd, 0, sizeof(rd));
	memset(rs, 0, sizeof(rs));

	deadline_start(0);
	t0 = now_ms();
	assert_int_equal(resolve_all(groups, NELEM(groups), res), 0);
	assert_true(now_ms() - t0 < 1000);
	deadline_start(3600);

	assert_int_equal(rd[0].status, EX_TEMPFAIL);
	assert_string_equal(rd[0].via, "192.0.2.53");
	assert_string_equal(rd[0].error,
	    "timed out after 0 s (the run's deadline) asking 192.0.2.53");
	assert_int_equal(rs[0].status, EX_TEMPFAIL);
	assert_string_equal(rs[0].via, "system");
	assert_string_equal(rs[0].error,
	    "timed out after 0 s (the run's deadline)");
	assert_int_equal(rd[0].naddrs + rs[0].naddrs, 0);
}

/*
 * The C library's getaddrinfo and freeaddrinfo are replaced by these (the
 * test's own definitions win at link time): "quick-A.B.C.D" answers
 * A.B.C.D at once, "slow-MS-A.B.C.D" after MS ms, "hang-..." not before
 * hang_release(). They count the lookups running at once.
 */
static pthread_mutex_t	fake_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	fake_cond = PTHREAD_COND_INITIALIZER;
static int		fake_released;
static int		fake_running;	/* lookups inside getaddrinfo */
static int		fake_peak;	/* the most at once */
static int		fake_created;	/* pthread_create calls that worked */
static int		fake_create_ok = -1;	/* then fail; -1: never */
static long long	fake_last_quick;	/* now_ms() of the last answer */

/* What the fakes counted, read under their lock: hung lookups still run. */
struct counts {
	int		created, peak;
	long long	last_quick;
};

static struct counts
fake_counts(void)
{
	struct counts c;

	pthread_mutex_lock(&fake_mtx);
	c.created = fake_created;
	c.peak = fake_peak;
	c.last_quick = fake_last_quick;
	pthread_mutex_unlock(&fake_mtx);
	return c;
}

static void
fake_reset(void)
{
	pthread_mutex_lock(&fake_mtx);
	fake_released = 0;
	fake_peak = 0;
	fake_created = 0;
	fake_create_ok = -1;
	fake_last_quick = 0;
	pthread_mutex_unlock(&fake_mtx);
}

int
getaddrinfo(const char *host, const char *serv, const struct addrinfo *hints,
    struct addrinfo **res)
{
	struct timespec ts;
	struct addrinfo *ai;
	struct sockaddr_in *sin;
	const char *addr;
	long ms = 0;

	(void)serv;
	assert_int_equal(hints->ai_family, AF_INET);
	pthread_mutex_lock(&fake_mtx);
	if (++fake_running > fake_peak)
		fake_peak = fake_running;
	pthread_mutex_unlock(&fake_mtx);

	if (strncmp(host, "hang-", 5) == 0) {
		pthread_mutex_lock(&fake_mtx);
		while (!fake_released)
			pthread_cond_wait(&fake_cond, &fake_mtx);
		fake_running--;
		pthread_mutex_unlock(&fake_mtx);
		return EAI_AGAIN;
	}
	if (strncmp(host, "slow-", 5) == 0) {
		ms = strtol(host + 5, NULL, 10);
		addr = strchr(host + 5, '-') + 1;
	} else
		addr = host + strlen("quick-");
	if (ms > 0) {
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = ms % 1000 * 1000000;
		nanosleep(&ts, NULL);
	}
	ai = calloc(1, sizeof(*ai) + sizeof(*sin));
	assert_non_null(ai);
	sin = (struct sockaddr_in *)(void *)(ai + 1);
	sin->sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, addr, &sin->sin_addr), 1);
	ai->ai_family = AF_INET;
	ai->ai_socktype = SOCK_STREAM;
	ai->ai_addr = (struct sockaddr *)sin;
	ai->ai_addrlen = sizeof(*sin);
	*res = ai;

	pthread_mutex_lock(&fake_mtx);
	fake_running--;
	if (ms == 0)
		fake_last_quick = now_ms();
	pthread_mutex_unlock(&fake_mtx);
	return 0;
}

void
freeaddrinfo(struct addrinfo *ai)
{
	free(ai);
}

/* Counts resolve.c's threads, and fails after fake_create_ok of them. */
int
pthread_create(pthread_t *t, const pthread_attr_t *attr,
    void *(*fn)(void *), void *arg)
{
	static int (*real)(pthread_t *, const pthread_attr_t *,
	    void *(*)(void *), void *);
	int e;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "pthread_create");
	assert_non_null(real);
	pthread_mutex_lock(&fake_mtx);
	if (fake_create_ok >= 0 && fake_created >= fake_create_ok) {
		pthread_mutex_unlock(&fake_mtx);
		return EAGAIN;
	}
	pthread_mutex_unlock(&fake_mtx);
	if ((e = real(t, attr, fn, arg)) == 0) {
		pthread_mutex_lock(&fake_mtx);
		fake_created++;
		pthread_mutex_unlock(&fake_mtx);
	}
	return e;
}

/* Threads: of /proc/self/status. */
static int
threads_now(void)
{
	char line[128];
	FILE *f;
	int n = -1;

	assert_non_null(f = fopen("/proc/self/status", "r"));
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

/*
 * Under valgrind threads run one at a time and start slowly, so checks of
 * how long the pool takes, or how many threads it starts by a time, mean
 * nothing there: those tests are skipped (and say so), the others run.
 * Valgrind puts its preload library into the client's environment.
 */
static int
timing_reliable(void)
{
	const char *p = getenv("LD_PRELOAD");

	return p == NULL || strstr(p, "vgpreload") == NULL;
}

/* Let the hung lookups return; wait until their threads are gone. */
static void
hang_release(int threads_before)
{
	struct timespec ms = { 0, 1000000 };
	int i;

	pthread_mutex_lock(&fake_mtx);
	fake_released = 1;
	pthread_cond_broadcast(&fake_cond);
	pthread_mutex_unlock(&fake_mtx);
	for (i = 0; i < 5000 && threads_now() != threads_before; i++)
		nanosleep(&ms, NULL);
	assert_int_equal(threads_now(), threads_before);
}

/* n groups of per sources each, resolver = system, named by name(i). */
struct many {
	struct group		 *g;
	struct group		**gp;
	struct source		 *s;
	struct source_result	 *r;
	struct source_result	**rp;
	size_t			  n, per;
};

static void
many_init(struct many *m, size_t n, size_t per, long timeout)
{
	size_t i;

	m->n = n;
	m->per = per;
	assert_non_null(m->g = calloc(n, sizeof(*m->g)));
	assert_non_null(m->gp = calloc(n, sizeof(*m->gp)));
	assert_non_null(m->s = calloc(n * per, sizeof(*m->s)));
	assert_non_null(m->r = calloc(n * per, sizeof(*m->r)));
	assert_non_null(m->rp = calloc(n, sizeof(*m->rp)));
	for (i = 0; i < n; i++) {
		init_group(&m->g[i], &m->s[i * per], per, AF_INET,
		    RESOLVE_SYSTEM);
		m->g[i].resolve_timeout = timeout;
		m->gp[i] = &m->g[i];
		m->rp[i] = &m->r[i * per];
	}
}

static void __attribute__((format(printf, 3, 4)))
many_name(struct many *m, size_t i, const char *fmt, ...)
{
	va_list ap;
	char buf[64];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	assert_non_null(m->s[i].host = strdup(buf));
}

static void
many_free(struct many *m)
{
	size_t i;

	for (i = 0; i < m->n * m->per; i++) {
		free(m->s[i].host);
		source_result_clear(&m->r[i]);
	}
	free(m->g);
	free(m->gp);
	free(m->s);
	free(m->r);
	free(m->rp);
}

/* 200 groups of 3: 600 quick lookups share RESOLVE_WORKERS threads. */
static void
test_pool_many(void **state)
{
	struct many m;
	struct counts c;
	char want[32];
	size_t i;
	int before = threads_now();

	(void)state;
	fake_reset();
	many_init(&m, 200, 3, 60);
	for (i = 0; i < 600; i++)
		many_name(&m, i, "slow-1-198.51.%zu.7", i % 256);
	assert_int_equal(resolve_all(m.gp, m.n, m.rp), 0);
	for (i = 0; i < 600; i++) {
		assert_int_equal(m.r[i].status, 0);
		assert_int_equal(m.r[i].naddrs, 1);
		snprintf(want, sizeof(want), "198.51.%zu.7", i % 256);
		assert_addr(&m.r[i].addrs[0], want);
		assert_string_equal(m.r[i].via, "system");
	}
	/* 600 ms of lookups on 16 threads: some 40 ms, no growth. */
	c = fake_counts();
	if (timing_reliable()) {
		assert_int_equal(c.created, RESOLVE_WORKERS);
		assert_true(c.peak > 1 && c.peak <= RESOLVE_WORKERS);
	} else
		assert_true(c.peak <= c.created &&
		    c.created <= RESOLVE_THREADS_MAX);
	/* Every worker was joined. */
	assert_int_equal(threads_now(), before);
	many_free(&m);
}

/*
 * 20 lookups that hang, then 44 quick ones: RESOLVE_GROW_MS later more
 * threads take the quick ones; the hung ones time out after 1 s, and the
 * call returns then with their threads left to finish alone.
 */
static void
test_pool_hung(void **state)
{
	struct many m;
	struct counts c;
	long long t0, took;
	size_t i;
	int before = threads_now();

	(void)state;
	if (!timing_reliable())
		skip();
	fake_reset();
	many_init(&m, 4, 16, 1);
	for (i = 0; i < 20; i++)
		many_name(&m, i, "hang-%zu", i);
	for (; i < 64; i++)
		many_name(&m, i, "quick-192.0.2.%zu", i);
	t0 = now_ms();
	assert_int_equal(resolve_all(m.gp, m.n, m.rp), 0);
	took = now_ms() - t0;
	assert_true(took >= 1000 && took < 1500);
	for (i = 0; i < 20; i++) {
		assert_int_equal(m.r[i].status, EX_TEMPFAIL);
		assert_string_equal(m.r[i].error, "timed out after 1 s");
	}
	for (; i < 64; i++) {
		assert_int_equal(m.r[i].status, 0);
		assert_int_equal(m.r[i].naddrs, 1);
	}
	/* They waited for new threads, not for the hung ones. */
	c = fake_counts();
	assert_true(c.last_quick - t0 < RESOLVE_GROW_MS + 500);
	assert_true(c.created >= 2 * RESOLVE_WORKERS &&
	    c.created <= 3 * RESOLVE_WORKERS);
	/* The hung lookups' threads outlive the call, and only they. */
	assert_int_equal(threads_now(), before + 20);
	hang_release(before);
	many_free(&m);
}

/*
 * More hung lookups than RESOLVE_THREADS_MAX: that many threads and no
 * more; what no thread took times out on time, and says why.
 */
static void
test_pool_cap(void **state)
{
	struct many m;
	struct counts c;
	long long t0, took;
	size_t i;
	int before = threads_now();

	(void)state;
	if (!timing_reliable())
		skip();
	fake_reset();
	many_init(&m, 4, 25, 2);
	for (i = 0; i < 97; i++)
		many_name(&m, i, "hang-%zu", i);
	for (; i < 100; i++)
		many_name(&m, i, "quick-192.0.2.%zu", i);
	t0 = now_ms();
	assert_int_equal(resolve_all(m.gp, m.n, m.rp), 0);
	took = now_ms() - t0;
	assert_true(took >= 2000 && took < 2500);
	c = fake_counts();
	assert_int_equal(c.created, RESOLVE_THREADS_MAX);
	assert_int_equal(c.peak, RESOLVE_THREADS_MAX);
	for (i = 0; i < RESOLVE_THREADS_MAX; i++)
		assert_string_equal(m.r[i].error, "timed out after 2 s");
	for (; i < 100; i++) {
		assert_int_equal(m.r[i].status, EX_TEMPFAIL);
		assert_string_equal(m.r[i].error,
		    "timed out after 2 s waiting for a resolver thread");
	}
	hang_release(before);
	many_free(&m);
}

/*
 * A thread whose lookup returns after its time was up takes the next
 * lookup that still has time: 64 lookups of 1.5 s with 1 s to answer
 * fill every thread, and the quick lookups of a group with 3 s are
 * answered when they come back.
 */
static void
test_pool_reuse(void **state)
{
	struct many m;
	long long t0, took;
	size_t i;

	(void)state;
	if (!timing_reliable())
		skip();
	fake_reset();
	many_init(&m, 5, 16, 1);
	m.g[4].resolve_timeout = 3;
	for (i = 0; i < 64; i++)
		many_name(&m, i, "slow-1500-198.51.100.%zu", i);
	for (; i < 80; i++)
		many_name(&m, i, "quick-192.0.2.%zu", i);
	t0 = now_ms();
	assert_int_equal(resolve_all(m.gp, m.n, m.rp), 0);
	took = now_ms() - t0;
	for (i = 0; i < 64; i++)
		assert_string_equal(m.r[i].error, "timed out after 1 s");
	for (; i < 80; i++) {
		assert_int_equal(m.r[i].status, 0);
		assert_int_equal(m.r[i].naddrs, 1);
	}
	assert_true(took >= 1500 && took < 2500);
	assert_int_equal(fake_counts().created, RESOLVE_THREADS_MAX);
	many_free(&m);
}

/* No thread at all: the system lookups fail at once, reported. */
static void
test_pool_no_thread(void **state)
{
	struct source s[2];
	struct group g[2];
	struct group *groups[] = { &g[0], &g[1] };
	struct source_result r0[1], r1[1];
	struct source_result *res[] = { r0, r1 };
	long long t0;

	(void)state;
	fake_reset();
	fake_create_ok = 0;
	memset(s, 0, sizeof(s));
	s[0].host = "quick-192.0.2.1";
	literal(&s[1], "198.51.100.7");
	init_group(&g[0], &s[0], 1, AF_INET, RESOLVE_SYSTEM);
	init_group(&g[1], &s[1], 1, AF_INET, RESOLVE_SYSTEM);
	memset(r0, 0, sizeof(r0));
	memset(r1, 0, sizeof(r1));
	t0 = now_ms();
	assert_int_equal(resolve_all(groups, 2, res), EX_SOFTWARE);
	assert_true(now_ms() - t0 < 1000);
	assert_int_equal(r0[0].status, EX_SOFTWARE);
	assert_string_equal(r0[0].error, "no resolver thread");
	assert_int_equal(r1[0].status, 0);
	source_result_clear(&r0[0]);
	source_result_clear(&r1[0]);
}

/* Fewer threads than wanted: those there are serve every lookup. */
static void
test_pool_few_threads(void **state)
{
	struct many m;
	size_t i;

	(void)state;
	fake_reset();
	fake_create_ok = 2;
	many_init(&m, 2, 20, 60);
	for (i = 0; i < 40; i++)
		many_name(&m, i, "slow-1-192.0.2.%zu", i);
	assert_int_equal(resolve_all(m.gp, m.n, m.rp), 0);
	for (i = 0; i < 40; i++)
		assert_int_equal(m.r[i].status, 0);
	assert_int_equal(fake_counts().created, 2);
	many_free(&m);
}

static void
test_clear(void **state)
{
	static const struct source_result zero;
	struct source_result r;

	(void)state;
	source_result_clear(NULL);
	memset(&r, 0, sizeof(r));
	r.status = EX_TEMPFAIL;
	r.naddrs = 1;
	assert_non_null(r.addrs = calloc(1, sizeof(*r.addrs)));
	strcpy(r.error, "x");
	strcpy(r.via, "system");
	source_result_clear(&r);
	assert_memory_equal(&r, &zero, sizeof(zero));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_literal_wrong_family),
		cmocka_unit_test(test_api_untouched),
		cmocka_unit_test(test_nothing_to_do),
		cmocka_unit_test(test_deadline_spent),
		cmocka_unit_test(test_pool_many),
		cmocka_unit_test(test_pool_hung),
		cmocka_unit_test(test_pool_cap),
		cmocka_unit_test(test_pool_reuse),
		cmocka_unit_test(test_pool_no_thread),
		cmocka_unit_test(test_pool_few_threads),
		cmocka_unit_test(test_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
