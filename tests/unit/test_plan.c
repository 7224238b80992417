/*
 * test_plan.c - plan_build (DESIGN.md section 4.4) against a table of cases.
 * Each case gives the records, the wanted values and the flags, and the
 * exact plan expected. The plan is then applied to a copy of the records
 * and the invariants of section 4.4 are checked on the result.
 */
#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "plan.h"

#define MAXREC	8
#define MAXWANT	8
#define MAXACT	12

/* One current record. A value that is not an address parses to family 0. */
struct trec {
	const char	*value;
	int		 enabled;
	int		 locked;
	long		 ttl;
};

/* One expected action; set is 0 at the end of the list. */
struct tact {
	int		 set;
	enum action_kind kind;
	size_t		 rec;		/* not for ACT_ADD */
	const char	*value;		/* ACT_UPDATE, ACT_ADD */
	long		 ttl;		/* ACT_UPDATE, ACT_ADD */
};

struct tcase {
	const char	*name;
	struct trec	 recs[MAXREC];	/* ends at value NULL */
	/* Wanted values; end at NULL. "-" stands for no address. */
	const char	*want[MAXWANT];
	int		 partial;
	int		 pinned;
	enum spare_policy spare;
	long		 ttl;
	size_t		 min_records;
	struct tact	 expect[MAXACT];
	const char	*unplaced[MAXWANT];	/* ends at NULL */
};

/* Records: enabled/disabled/locked, TTL 600 unless given. */
#define ON(v)		{ (v), 1, 0, 600 }
#define OFF(v)		{ (v), 0, 0, 600 }
#define LOCKED_ON(v)	{ (v), 1, 1, 600 }
#define LOCKED_OFF(v)	{ (v), 0, 1, 600 }

#define EN(i)		{ 1, ACT_ENABLE, (i), NULL, 0 }
#define UP(i, v, t)	{ 1, ACT_UPDATE, (i), (v), (t) }
#define ADD(v, t)	{ 1, ACT_ADD, 0, (v), (t) }
#define DIS(i)		{ 1, ACT_DISABLE, (i), NULL, 0 }
#define DEL(i)		{ 1, ACT_DELETE, (i), NULL, 0 }

static const struct tcase cases[] = {
	{ .name = "all in sync",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.2" } },
	{ .name = "in sync with the configured ttl",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.2", "192.0.2.1" }, .ttl = 600 },
	{ .name = "one line changed IP",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.3" },
	  .expect = { UP(1, "192.0.2.3", 600) } },
	{ .name = "two IPs swapped between records",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.2", "192.0.2.1" } },
	{ .name = "equal IPs on two lines, one record",
	  .recs = { ON("192.0.2.1") },
	  .want = { "192.0.2.1", "192.0.2.1" } },
	{ .name = "equal IPs on two lines, two records",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.1" },
	  .expect = { DIS(1) } },
	{ .name = "a line went away",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2"), ON("192.0.2.3") },
	  .want = { "192.0.2.1", "192.0.2.3" },
	  .expect = { DIS(1) } },
	{ .name = "a line came back to a disabled record",
	  .recs = { ON("192.0.2.1"), OFF("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.2" },
	  .expect = { EN(1) } },
	{ .name = "disabled spare reused",
	  .recs = { ON("192.0.2.1"), OFF("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.3" },
	  .expect = { UP(1, "192.0.2.3", 600), EN(1) } },
	{ .name = "more sources than records",
	  .recs = { ON("192.0.2.1") },
	  .want = { "192.0.2.1", "192.0.2.2", "192.0.2.3" },
	  .expect = { ADD("192.0.2.2", 600), ADD("192.0.2.3", 600) } },
	{ .name = "more records than sources",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2"), ON("192.0.2.3"),
	      ON("192.0.2.4") },
	  .want = { "192.0.2.3" },
	  .expect = { DIS(0), DIS(1), DIS(3) } },
	{ .name = "pinned with too few records",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.3", "192.0.2.1", "192.0.2.4" }, .pinned = 1,
	  .expect = { UP(1, "192.0.2.3", 600) },
	  .unplaced = { "192.0.2.4" } },
	{ .name = "pinned reorder",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2"), ON("192.0.2.3") },
	  .want = { "192.0.2.3", "192.0.2.1", "192.0.2.2" }, .pinned = 1 },
	{ .name = "pinned, two lines changed",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2"), ON("192.0.2.3") },
	  .want = { "192.0.2.4", "192.0.2.2", "192.0.2.5" }, .pinned = 1,
	  .expect = { UP(0, "192.0.2.4", 600), UP(2, "192.0.2.5", 600) } },
	{ .name = "pinned with spare=delete",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2"), ON("192.0.2.3") },
	  .want = { "192.0.2.1" }, .pinned = 1, .spare = SPARE_DELETE,
	  .expect = { DEL(1), DEL(2) } },
	{ .name = "all sources failed: empty D",
	  .recs = { ON("192.0.2.1"), OFF("192.0.2.2") } },
	{ .name = "only non-addresses wanted: empty D",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "-", "-" } },
	{ .name = "partial: a spare is not reused or disabled, add instead",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.3" }, .partial = 1,
	  .expect = { ADD("192.0.2.3", 600) } },
	{ .name = "partial: a disabled wanted record is enabled",
	  .recs = { OFF("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1" }, .partial = 1,
	  .expect = { EN(0) } },
	{ .name = "partial: ttl fixed, missing value added",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.3" }, .partial = 1, .ttl = 300,
	  .expect = { UP(0, "192.0.2.1", 300), ADD("192.0.2.3", 300) } },
	{ .name = "partial: duplicate records left alone",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.1") },
	  .want = { "192.0.2.1" }, .partial = 1 },
	{ .name = "partial + pinned",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.3" }, .partial = 1, .pinned = 1,
	  .unplaced = { "192.0.2.3" } },
	{ .name = "duplicate records holding the same value",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.2" },
	  .expect = { DIS(1) } },
	{ .name = "duplicate record reused",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.1") },
	  .want = { "192.0.2.1", "192.0.2.2" },
	  .expect = { UP(1, "192.0.2.2", 600) } },
	{ .name = "duplicates: the enabled one is kept",
	  .recs = { OFF("192.0.2.1"), ON("192.0.2.1") },
	  .want = { "192.0.2.1" } },
	{ .name = "duplicates: the disabled one deleted with spare=delete",
	  .recs = { OFF("192.0.2.1"), ON("192.0.2.1") },
	  .want = { "192.0.2.1" }, .spare = SPARE_DELETE,
	  .expect = { DEL(0) } },
	{ .name = "record with a non-address value reused",
	  .recs = { { "not-an-ip", 1, 0, 300 }, ON("192.0.2.1") },
	  .want = { "192.0.2.1", "192.0.2.2" },
	  .expect = { UP(0, "192.0.2.2", 300) } },
	{ .name = "record with a non-address value left over",
	  .recs = { ON("192.0.2.1"), ON("example.net") },
	  .want = { "192.0.2.1" },
	  .expect = { DIS(1) } },
	{ .name = "spares: enabled first, then disabled, in record order",
	  .recs = { OFF("bogus"), ON("192.0.2.2"), ON("bogus") },
	  .want = { "192.0.2.1" },
	  .expect = { UP(1, "192.0.2.1", 600), DIS(2) } },
	{ .name = "locked record holding a wanted value",
	  .recs = { LOCKED_ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.2" }, .ttl = 300,
	  .expect = { UP(1, "192.0.2.2", 300) } },
	{ .name = "locked and unlocked records holding the same value",
	  .recs = { ON("192.0.2.1"), LOCKED_ON("192.0.2.1") },
	  .want = { "192.0.2.1" },
	  .expect = { DIS(0) } },
	{ .name = "locked disabled duplicate, unlocked one enabled",
	  .recs = { LOCKED_OFF("192.0.2.1"), OFF("192.0.2.1") },
	  .want = { "192.0.2.1" },
	  .expect = { EN(1) } },
	{ .name = "value held only by a locked disabled record",
	  .recs = { LOCKED_OFF("192.0.2.1"), ON("192.0.2.2"),
	      ON("192.0.2.3") },
	  .want = { "192.0.2.1" },
	  .expect = { DIS(2) },
	  .unplaced = { "192.0.2.1" } },
	{ .name = "locked spare not reused",
	  .recs = { LOCKED_ON("192.0.2.9"), ON("192.0.2.1") },
	  .want = { "192.0.2.1", "192.0.2.3" },
	  .expect = { ADD("192.0.2.3", 600) } },
	{ .name = "locked spare not reused, pinned",
	  .recs = { LOCKED_ON("192.0.2.9"), ON("192.0.2.1") },
	  .want = { "192.0.2.1", "192.0.2.3" }, .pinned = 1,
	  .unplaced = { "192.0.2.3" } },
	{ .name = "locked spare not disabled or deleted",
	  .recs = { LOCKED_ON("192.0.2.9"), ON("192.0.2.1"),
	      LOCKED_OFF("192.0.2.8") },
	  .want = { "192.0.2.1" }, .spare = SPARE_DELETE },
	{ .name = "spare=delete",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2"), OFF("192.0.2.3") },
	  .want = { "192.0.2.1" }, .spare = SPARE_DELETE,
	  .expect = { DEL(1), DEL(2) } },
	{ .name = "spare=keep",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1" }, .spare = SPARE_KEEP },
	{ .name = "spare=keep still reuses spares",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.3" }, .spare = SPARE_KEEP,
	  .expect = { UP(0, "192.0.2.3", 600) } },
	{ .name = "already disabled spare: nothing",
	  .recs = { ON("192.0.2.1"), OFF("192.0.2.2") },
	  .want = { "192.0.2.1" } },
	{ .name = "ttl change only",
	  .recs = { { "192.0.2.1", 1, 0, 600 }, { "192.0.2.2", 1, 0, 300 } },
	  .want = { "192.0.2.1", "192.0.2.2" }, .ttl = 300,
	  .expect = { UP(0, "192.0.2.1", 300) } },
	{ .name = "ttl change plus value change",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2") },
	  .want = { "192.0.2.1", "192.0.2.3" }, .ttl = 300,
	  .expect = { UP(0, "192.0.2.1", 300), UP(1, "192.0.2.3", 300) } },
	{ .name = "no ttl configured: reused spares keep theirs",
	  .recs = { { "192.0.2.1", 1, 0, 120 }, { "192.0.2.2", 0, 0, 0 } },
	  .want = { "192.0.2.3", "192.0.2.4" },
	  .expect = { UP(0, "192.0.2.3", 120), UP(1, "192.0.2.4", 600),
	      EN(1) } },
	{ .name = "ttl fixed on a disabled kept record",
	  .recs = { ON("192.0.2.1") , OFF("192.0.2.2") },
	  .want = { "192.0.2.2", "192.0.2.1" }, .ttl = 300,
	  .expect = { EN(1), UP(1, "192.0.2.2", 300),
	      UP(0, "192.0.2.1", 300) } },
	{ .name = "min_records keeps the earliest spare enabled",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2"), ON("192.0.2.3") },
	  .want = { "192.0.2.1" }, .min_records = 2,
	  .expect = { DIS(2) } },
	{ .name = "min_records above the number of records",
	  .recs = { ON("192.0.2.1"), ON("192.0.2.2"), ON("192.0.2.3") },
	  .want = { "192.0.2.1" }, .min_records = 3 },
	{ .name = "min_records with delete: disabled spares still go",
	  .recs = { ON("192.0.2.1"), OFF("192.0.2.2"), ON("192.0.2.3") },
	  .want = { "192.0.2.1" }, .min_records = 2, .spare = SPARE_DELETE,
	  .expect = { DEL(1) } },
	{ .name = "min_records counts enabled kept records",
	  .recs = { OFF("192.0.2.1"), ON("192.0.2.2"), ON("192.0.2.3") },
	  .want = { "192.0.2.1" }, .min_records = 2,
	  .expect = { EN(0), DIS(2) } },
	{ .name = "min_records after a reuse",
	  .recs = { ON("192.0.2.9"), OFF("192.0.2.8"), ON("192.0.2.7"),
	      ON("192.0.2.6") },
	  .want = { "192.0.2.5" }, .min_records = 2,
	  .expect = { UP(0, "192.0.2.5", 600), DIS(3) } },
	{ .name = "IPv6 compressed and expanded forms are equal",
	  .recs = { ON("2001:db8:0:0:0:0:0:1"), ON("2001:0db8::2") },
	  .want = { "2001:db8::1", "2001:DB8:0::2" }, .ttl = 600 },
	{ .name = "IPv6 one line changed",
	  .recs = { ON("2001:db8::1"), ON("2001:db8::2") },
	  .want = { "2001:db8:0:0::1", "2001:db8::3" },
	  .expect = { UP(1, "2001:0db8:0000:0000:0000:0000:0000:0003",
	      600) } },
	{ .name = "IPv6 repeated in two spellings",
	  .recs = { ON("2001:db8::a") },
	  .want = { "2001:db8::a", "2001:0db8:0000::000A", "2001:db8::b" },
	  .expect = { ADD("2001:db8::b", 600) } },
	{ .name = "repeated values in want",
	  .recs = { ON("192.0.2.1") },
	  .want = { "192.0.2.2", "192.0.2.1", "192.0.2.2", "192.0.2.1" },
	  .expect = { ADD("192.0.2.2", 600) } },
	{ .name = "zero records: all adds",
	  .want = { "192.0.2.1", "192.0.2.2" }, .ttl = 300,
	  .expect = { ADD("192.0.2.1", 300), ADD("192.0.2.2", 300) } },
	{ .name = "zero records, pinned",
	  .want = { "192.0.2.1", "192.0.2.2" }, .pinned = 1,
	  .unplaced = { "192.0.2.1", "192.0.2.2" } },
	{ .name = "D bigger than records, some disabled",
	  .recs = { OFF("192.0.2.1"), ON("192.0.2.2"), OFF("192.0.2.3") },
	  .want = { "192.0.2.4", "192.0.2.2", "192.0.2.5", "192.0.2.6",
	      "192.0.2.7" },
	  .expect = { UP(0, "192.0.2.4", 600), UP(2, "192.0.2.5", 600),
	      EN(0), EN(2), ADD("192.0.2.6", 600), ADD("192.0.2.7", 600) } },
	{ .name = "order: enable, ttl fix, reuse, enable reused, add",
	  .recs = { { "192.0.2.1", 0, 0, 300 }, { "192.0.2.2", 1, 0, 600 },
	      { "192.0.2.8", 0, 0, 300 }, { "192.0.2.9", 1, 1, 300 } },
	  .want = { "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4" },
	  .ttl = 300,
	  .expect = { EN(0), UP(1, "192.0.2.2", 300), UP(2, "192.0.2.3", 300),
	      EN(2), ADD("192.0.2.4", 300) } },
	{ .name = "order: enable, reuse, disable",
	  .recs = { ON("192.0.2.9"), OFF("192.0.2.1"), ON("192.0.2.8"),
	      OFF("192.0.2.7") },
	  .want = { "192.0.2.1", "192.0.2.3" },
	  .expect = { EN(1), UP(0, "192.0.2.3", 600), DIS(2) } },
};

#define NCASES	(sizeof(cases) / sizeof(cases[0]))

static void
parse_value(struct addr *a, const char *s)
{
	/* Records may hold anything; "-" in want stands for no address. */
	if (!addr_parse(a, s))
		memset(a, 0, sizeof(*a));
}

static void
parse_addr(struct addr *a, const char *s)
{
	int ok;

	ok = addr_parse(a, s);
	assert_true(ok);
}

static size_t
load(const struct tcase *c, struct record *recs, struct addr *want,
    size_t *nwant)
{
	size_t n;

	memset(recs, 0, MAXREC * sizeof(*recs));
	for (n = 0; n < MAXREC && c->recs[n].value != NULL; n++) {
		parse_value(&recs[n].addr, c->recs[n].value);
		recs[n].enabled = c->recs[n].enabled;
		recs[n].locked = c->recs[n].locked;
		recs[n].ttl = c->recs[n].ttl;
	}
	for (*nwant = 0; *nwant < MAXWANT && c->want[*nwant] != NULL;
	    (*nwant)++)
		parse_value(&want[*nwant], c->want[*nwant]);
	return n;
}

static const char *
kind_name(enum action_kind k)
{
	switch (k) {
	case ACT_ENABLE:
		return "enable";
	case ACT_UPDATE:
		return "update";
	case ACT_ADD:
		return "add";
	case ACT_DISABLE:
		return "disable";
	case ACT_DELETE:
		return "delete";
	case ACT_REPLACE:
	case ACT_PUBLISH:
		break;		/* other models: never in a records plan */
	}
	return "?";
}

/* Print the plan so that a failing case shows what it got. */
static void
print_plan(const struct tcase *c, const struct plan *p)
{
	char buf[ADDR_STRLEN];
	size_t i;

	print_message("case \"%s\": %zu actions\n", c->name, p->n);
	for (i = 0; i < p->n; i++)
		print_message("  %s rec %zu %s ttl %ld\n",
		    kind_name(p->v[i].kind), p->v[i].rec,
		    addr_str(&p->v[i].value, buf), p->v[i].ttl);
	for (i = 0; i < p->nunplaced; i++)
		print_message("  unplaced %s\n",
		    addr_str(&p->unplaced[i], buf));
}

static void
compare_plan(const struct tcase *c, const struct plan *p)
{
	struct addr a;
	size_t i, n;

	for (n = 0; n < MAXACT && c->expect[n].set; n++)
		continue;
	if (p->n != n)
		print_plan(c, p);
	assert_int_equal(p->n, n);
	assert_true(n == 0 || p->v != NULL);
	for (i = 0; i < n; i++) {
		if (p->v[i].kind != c->expect[i].kind ||
		    (p->v[i].kind != ACT_ADD &&
		    p->v[i].rec != c->expect[i].rec))
			print_plan(c, p);
		assert_int_equal(p->v[i].kind, c->expect[i].kind);
		if (p->v[i].kind != ACT_ADD)
			assert_int_equal(p->v[i].rec, c->expect[i].rec);
		if (p->v[i].kind == ACT_UPDATE || p->v[i].kind == ACT_ADD) {
			parse_addr(&a, c->expect[i].value);
			if (addr_cmp(&p->v[i].value, &a) != 0 ||
			    p->v[i].ttl != c->expect[i].ttl)
				print_plan(c, p);
			assert_int_equal(addr_cmp(&p->v[i].value, &a), 0);
			assert_int_equal(p->v[i].ttl, c->expect[i].ttl);
		}
	}

	for (n = 0; n < MAXWANT && c->unplaced[n] != NULL; n++)
		continue;
	if (p->nunplaced != n)
		print_plan(c, p);
	assert_int_equal(p->nunplaced, n);
	assert_true(n == 0 || p->unplaced != NULL);
	for (i = 0; i < n; i++) {
		parse_addr(&a, c->unplaced[i]);
		assert_int_equal(addr_cmp(&p->unplaced[i], &a), 0);
	}
}

/* A broken guarantee fails the case, naming it. */
static void
plan_check_failed(const char *what)
{
	fail_msg("invariant violated: %s", what);
}

#include "../plan_check.h"

static void
test_case(void **state)
{
	const struct tcase *c = *state;
	struct record recs[MAXREC];
	struct addr want[MAXWANT];
	struct plan_input in;
	struct plan p, again;
	size_t i;

	memset(&in, 0, sizeof(in));
	in.nrecs = load(c, recs, want, &in.nwant);
	in.recs = in.nrecs > 0 ? recs : NULL;
	in.want = in.nwant > 0 ? want : NULL;
	in.partial = c->partial;
	in.pinned = c->pinned;
	in.spare = c->spare;
	in.ttl = c->ttl;
	in.min_records = c->min_records;

	/* out is zeroed by plan_build, whatever it held. */
	memset(&p, 0xa5, sizeof(p));
	assert_int_equal(plan_build(&in, &p), 0);
	compare_plan(c, &p);
	plan_check_invariants(&in, &p);

	/* Deterministic: the same input gives the same plan. */
	assert_int_equal(plan_build(&in, &again), 0);
	assert_int_equal(again.n, p.n);
	assert_int_equal(again.nunplaced, p.nunplaced);
	for (i = 0; i < p.n; i++) {
		assert_int_equal(again.v[i].kind, p.v[i].kind);
		assert_int_equal(again.v[i].rec, p.v[i].rec);
		assert_int_equal(addr_cmp(&again.v[i].value, &p.v[i].value), 0);
		assert_int_equal(again.v[i].ttl, p.v[i].ttl);
	}
	for (i = 0; i < p.nunplaced; i++)
		assert_int_equal(addr_cmp(&again.unplaced[i], &p.unplaced[i]),
		    0);
	plan_free(&again);

	plan_free(&p);
	assert_null(p.v);
	assert_int_equal(p.n, 0);
	assert_null(p.unplaced);
	assert_int_equal(p.nunplaced, 0);
}

static void
test_free_null(void **state)
{
	struct plan p;

	(void)state;
	plan_free(NULL);
	memset(&p, 0, sizeof(p));
	plan_free(&p);
	plan_free(&p);
	assert_null(p.v);
}

/* The address family of the value written is the one wanted. */
static void
test_families_kept_apart(void **state)
{
	struct record recs[2];
	struct addr want[2];
	struct plan_input in;
	struct plan p;

	(void)state;
	memset(recs, 0, sizeof(recs));
	memset(&in, 0, sizeof(in));
	parse_addr(&recs[0].addr, "2001:db8::1");
	recs[0].enabled = 1;
	recs[0].ttl = 600;
	parse_addr(&want[0], "2001:db8::2");
	parse_addr(&want[1], "2001:db8::1");
	in.recs = recs;
	in.nrecs = 1;
	in.want = want;
	in.nwant = 2;
	assert_int_equal(plan_build(&in, &p), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].kind, ACT_ADD);
	assert_int_equal(p.v[0].value.family, AF_INET6);
	assert_int_equal(addr_cmp(&p.v[0].value, &want[0]), 0);
	plan_free(&p);
}

/* Addresses from "a,b,c" into v; returns how many. */
static size_t
addrs(struct addr *v, const char *text)
{
	char buf[256], *tok, *save = NULL;
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save))
		parse_addr(&v[n++], tok);
	return n;
}

/* The record-set model (DESIGN.md section 4) against a table. */
static void
test_recordset(void **state)
{
	static const struct {
		const char	*name;
		const char	*want, *have;
		int		 exists, partial;
		long		 have_ttl, ttl;
		int		 write;
		const char	*result;	/* sorted */
		long		 result_ttl;
	} c[] = {
		{ "same set, other order", "192.0.2.2,192.0.2.1",
		    "192.0.2.1,192.0.2.2", 1, 0, 300, 0, 0, NULL, 0 },
		{ "one line redialled", "192.0.2.1,192.0.2.3",
		    "192.0.2.2,192.0.2.1", 1, 0, 300, 0, 1,
		    "192.0.2.1,192.0.2.3", 300 },
		{ "no set yet", "192.0.2.1", "", 0, 0, 0, 0, 1, "192.0.2.1",
		    PLAN_DEFAULT_TTL },
		{ "nothing wanted: never emptied", "", "192.0.2.1", 1, 0, 300,
		    0, 0, NULL, 0 },
		{ "nothing wanted and no set", "", "", 0, 0, 0, 0, 0, NULL, 0 },
		{ "a failed line keeps its address", "192.0.2.3",
		    "192.0.2.1,192.0.2.2", 1, 1, 300, 0, 1,
		    "192.0.2.1,192.0.2.2,192.0.2.3", 300 },
		{ "failed line, nothing new", "192.0.2.1",
		    "192.0.2.1,192.0.2.2", 1, 1, 300, 0, 0, NULL, 0 },
		{ "the TTL differs from the configured one", "192.0.2.1",
		    "192.0.2.1", 1, 0, 300, 600, 1, "192.0.2.1", 600 },
		{ "repeats are one value", "192.0.2.1,192.0.2.1", "192.0.2.1",
		    1, 0, 300, 300, 0, NULL, 0 },
		{ "a dead line leaves", "192.0.2.1", "192.0.2.1,192.0.2.2", 1,
		    0, 300, 0, 1, "192.0.2.1", 300 },
	};
	struct addr want[8], have[8], r[8];
	struct set_input in;
	struct set_plan p;
	size_t i, j, nr;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		memset(&in, 0, sizeof(in));
		in.want = want;
		in.nwant = addrs(want, c[i].want);
		in.have = have;
		in.nhave = addrs(have, c[i].have);
		in.exists = c[i].exists;
		in.partial = c[i].partial;
		in.have_ttl = c[i].have_ttl;
		in.ttl = c[i].ttl;
		assert_int_equal(plan_recordset(&in, &p), 0);
		if (p.write != c[i].write)
			fail_msg("%s: write %d, wanted %d", c[i].name, p.write,
			    c[i].write);
		if (c[i].write) {
			nr = addrs(r, c[i].result);
			if (p.n != nr)
				fail_msg("%s: %zu values, wanted %zu",
				    c[i].name, p.n, nr);
			for (j = 0; j < nr; j++)
				if (addr_cmp(&p.v[j], &r[j]) != 0)
					fail_msg("%s: value %zu differs",
					    c[i].name, j);
			if (p.ttl != c[i].result_ttl)
				fail_msg("%s: ttl %ld, wanted %ld", c[i].name,
				    p.ttl, c[i].result_ttl);
		} else
			assert_null(p.v);
		set_plan_free(&p);
	}
	set_plan_free(NULL);
}

/* The single-address model: fail-over, with and without failback. */
static void
test_single(void **state)
{
	struct addr lines[3], cur, other;

	(void)state;
	addrs(lines, "192.0.2.1,192.0.2.2,192.0.2.3");
	parse_addr(&other, "203.0.113.9");
	assert_int_equal(plan_single(lines, 0, NULL, 1), -1);
	assert_int_equal(plan_single(lines, 3, NULL, 1), 0);
	assert_int_equal(plan_single(lines, 3, NULL, 0), 0);
	cur = lines[1];		/* held by the second line, still alive */
	assert_int_equal(plan_single(lines, 3, &cur, 1), 0);
	assert_int_equal(plan_single(lines, 3, &cur, 0), 1);
	/* The line it held is gone: the first one takes over. */
	assert_int_equal(plan_single(lines, 3, &other, 0), 0);
	assert_int_equal(plan_single(lines + 1, 2, &other, 1), 0);
}

int
main(void)
{
	struct CMUnitTest tests[NCASES + 4];
	size_t i;

	memset(tests, 0, sizeof(tests));
	for (i = 0; i < NCASES; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = test_case;
		tests[i].initial_state = (void *)&cases[i];
	}
	tests[i].name = "plan_free is NULL-safe";
	tests[i++].test_func = test_free_null;
	tests[i].name = "record set plans";
	tests[i++].test_func = test_recordset;
	tests[i].name = "single address plans";
	tests[i++].test_func = test_single;
	tests[i].name = "IPv6 values are written as IPv6";
	tests[i].test_func = test_families_kept_apart;
	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
