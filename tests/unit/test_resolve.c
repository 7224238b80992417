/*
 * test_resolve.c - the parts of resolve.c that need no network: literal
 * sources, groups left to the provider, empty groups, a spent deadline.
 * Real lookups are tested by tests/resolve/run.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <stdlib.h>
#include <string.h>

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
		cmocka_unit_test(test_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
