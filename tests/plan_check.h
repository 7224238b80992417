/*
 * plan_check.h - the planner's guarantees (DESIGN.md section 4.4), checked
 * by simulating a plan on the records: shared by tests/unit/test_plan.c
 * and tests/fuzz/fuzz_plan.c so that the two cannot drift apart.
 *
 * The including file defines MAXREC and MAXWANT (the most records and
 * wanted values an input has) and a function
 *	static void plan_check_failed(const char *what);
 * that reports a broken guarantee and does not return (cmocka's fail_msg,
 * or abort() in the fuzzer), then includes this file.
 */
#ifndef ECHODDNS_PLAN_CHECK_H
#define ECHODDNS_PLAN_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"

static void	plan_check_failed(const char *what);

static void
plan_check(int ok, const char *what)
{
	if (!ok)
		plan_check_failed(what);
}

/* A record of the simulated result. */
struct srec {
	struct addr	 addr;
	int		 exists;
	int		 enabled;
	int		 locked;
	long		 ttl;
	int		 changed;	/* enabled, or given a new value */
};

/* Another existing record than skip holds a (enabled only if only_enabled). */
static int
held_elsewhere(const struct srec *s, size_t ns, size_t skip,
    const struct addr *a, int only_enabled)
{
	size_t j;

	for (j = 0; j < ns; j++)
		if (j != skip && s[j].exists && s[j].addr.family != 0 &&
		    (s[j].enabled || !only_enabled) &&
		    addr_cmp(&s[j].addr, a) == 0)
			return 1;
	return 0;
}

static int
in_set(const struct addr *a, const struct addr *d, size_t nd)
{
	size_t k;

	for (k = 0; k < nd; k++)
		if (addr_cmp(&d[k], a) == 0)
			return 1;
	return 0;
}

/* Apply one action to the simulation: a real write, and an allowed one. */
static void
apply(const struct plan_input *in, const struct addr *d, size_t nd,
    struct srec *s, size_t *ns, const struct action *a)
{
	struct srec *r;

	if (a->kind == ACT_ADD) {
		plan_check(!in->pinned, "add in pinned mode");
		plan_check(a->value.family != 0 && in_set(&a->value, d, nd),
		    "add of a value not wanted");
		plan_check(a->ttl > 0, "add with a TTL <= 0");
		plan_check(!held_elsewhere(s, *ns, SIZE_MAX, &a->value, 0),
		    "add of a value some record holds");
		plan_check(*ns < MAXREC + MAXWANT, "more adds than values");
		r = &s[(*ns)++];
		memset(r, 0, sizeof(*r));
		r->addr = a->value;
		r->exists = r->enabled = r->changed = 1;
		r->ttl = a->ttl;
		return;
	}

	plan_check(a->rec < in->nrecs, "record index out of range");
	r = &s[a->rec];
	plan_check(r->exists, "action on a deleted record");
	plan_check(!r->locked, "write to a locked record");
	switch (a->kind) {
	case ACT_ENABLE:
		plan_check(!r->enabled, "enable of an enabled record");
		plan_check(r->addr.family != 0, "enable of a non-address");
		plan_check(!held_elsewhere(s, *ns, a->rec, &r->addr, 1),
		    "enable makes a duplicate");
		r->enabled = r->changed = 1;
		break;
	case ACT_UPDATE:
		plan_check(a->value.family != 0 && in_set(&a->value, d, nd),
		    "update to a value not wanted");
		plan_check(a->ttl > 0, "update with a TTL <= 0");
		plan_check(addr_cmp(&r->addr, &a->value) != 0 ||
		    r->ttl != a->ttl, "update that changes nothing");
		if (addr_cmp(&r->addr, &a->value) != 0) {
			plan_check(!in->partial, "spare reused under partial");
			plan_check(!held_elsewhere(s, *ns, a->rec, &a->value,
			    0), "update makes a duplicate");
			r->addr = a->value;
			r->changed = 1;
		}
		r->ttl = a->ttl;
		break;
	case ACT_DISABLE:
		plan_check(!in->partial, "disable under partial");
		plan_check(in->spare == SPARE_DISABLE, "disable, spare != "
		    "disable");
		plan_check(r->enabled, "disable of a disabled record");
		r->enabled = 0;
		break;
	case ACT_DELETE:
		plan_check(!in->partial, "delete under partial");
		plan_check(in->spare == SPARE_DELETE, "delete, spare != delete");
		r->exists = r->enabled = 0;
		break;
	case ACT_ADD:
		break;
	default:
		plan_check(0, "unknown action kind");
	}
}

static size_t
count_enabled(const struct srec *s, size_t ns)
{
	size_t i, n = 0;

	for (i = 0; i < ns; i++)
		if (s[i].exists && s[i].enabled)
			n++;
	return n;
}

/* Some record holds a, and every one that does is locked and disabled. */
static int
only_locked_off(const struct srec *s, size_t ns, const struct addr *a)
{
	size_t j;
	int held = 0;

	for (j = 0; j < ns; j++) {
		if (!s[j].exists || s[j].addr.family == 0 ||
		    addr_cmp(&s[j].addr, a) != 0)
			continue;
		if (!s[j].locked || s[j].enabled)
			return 0;
		held = 1;
	}
	return held;
}

/*
 * An unlocked record is left that could have taken a value: one that
 * holds no value of D, or the same value as another unlocked record.
 */
static int
spare_left(const struct srec *s, size_t ns, const struct addr *d, size_t nd)
{
	size_t j, l;

	for (j = 0; j < ns; j++) {
		if (!s[j].exists || s[j].locked)
			continue;
		if (s[j].addr.family == 0 || !in_set(&s[j].addr, d, nd))
			return 1;
		for (l = 0; l < ns; l++)
			if (l != j && s[l].exists && !s[l].locked &&
			    addr_cmp(&s[l].addr, &s[j].addr) == 0)
				return 1;
	}
	return 0;
}

static void
plan_check_invariants(const struct plan_input *in, const struct plan *p)
{
	struct srec s[MAXREC + MAXWANT];
	struct addr d[MAXWANT];
	size_t i, j, nd, ns, before, after, floor;
	int removed = 0;

	/* D: want without repeats and non-addresses. */
	nd = 0;
	for (i = 0; i < in->nwant; i++)
		if (in->want[i].family != 0 && !in_set(&in->want[i], d, nd))
			d[nd++] = in->want[i];
	plan_check(p->n == 0 || p->v != NULL, "actions without an array");
	plan_check(p->nunplaced == 0 || p->unplaced != NULL,
	    "unplaced without an array");
	plan_check(p->n <= 2 * in->nrecs + nd, "more actions than room");
	plan_check(p->nunplaced <= nd, "more unplaced than wanted");
	if (nd == 0) {
		plan_check(p->n == 0 && p->nunplaced == 0,
		    "a plan for an empty desired set");
		return;
	}

	memset(s, 0, sizeof(s));
	for (ns = 0; ns < in->nrecs; ns++) {
		s[ns].addr = in->recs[ns].addr;
		s[ns].exists = 1;
		s[ns].enabled = in->recs[ns].enabled;
		s[ns].locked = in->recs[ns].locked;
		s[ns].ttl = in->recs[ns].ttl;
	}
	before = count_enabled(s, ns);
	for (i = 0; i < p->n; i++) {
		if ((p->v[i].kind == ACT_DISABLE ||
		    p->v[i].kind == ACT_DELETE) && p->v[i].rec < ns &&
		    s[p->v[i].rec].enabled)
			removed = 1;
		apply(in, d, nd, s, &ns, &p->v[i]);
	}
	after = count_enabled(s, ns);

	/* Every value of D is served, or reported as unplaced. */
	for (i = 0; i < nd; i++)
		plan_check(held_elsewhere(s, ns, SIZE_MAX, &d[i], 1) ||
		    in_set(&d[i], p->unplaced, p->nunplaced),
		    "a wanted value neither served nor unplaced");
	/*
	 * Unplaced values are values of D that nothing could take: held only
	 * by locked disabled records, or (pinned) left with no spare at all.
	 */
	for (i = 0; i < p->nunplaced; i++) {
		plan_check(in_set(&p->unplaced[i], d, nd),
		    "unplaced value not wanted");
		for (j = 0; j < i; j++)
			plan_check(addr_cmp(&p->unplaced[i],
			    &p->unplaced[j]) != 0, "unplaced twice");
		if (held_elsewhere(s, ns, SIZE_MAX, &p->unplaced[i], 0))
			plan_check(only_locked_off(s, ns, &p->unplaced[i]),
			    "unplaced although a record could serve it");
		else {
			plan_check(in->pinned, "unplaced, not pinned");
			if (!in->partial)
				plan_check(!spare_left(s, ns, d, nd),
				    "unplaced while a spare is left");
		}
	}

	/* A record is added only when no spare could take the value. */
	for (i = 0; i < p->n; i++)
		if (p->v[i].kind == ACT_ADD && !in->partial)
			plan_check(!spare_left(s, ns, d, nd),
			    "add while a spare is left");

	/*
	 * No two enabled records share a value, unless both already did
	 * before the plan and the plan could not separate them: both locked,
	 * or spares left alone by partial, spare = keep or min_records.
	 */
	floor = in->min_records > 0 ? in->min_records : 1;
	for (i = 0; i < ns; i++)
		for (j = i + 1; j < ns; j++) {
			if (!s[i].exists || !s[i].enabled || !s[j].exists ||
			    !s[j].enabled || s[i].addr.family == 0 ||
			    addr_cmp(&s[i].addr, &s[j].addr) != 0)
				continue;
			plan_check(!s[i].changed && !s[j].changed,
			    "the plan made a duplicate");
			plan_check((s[i].locked && s[j].locked) ||
			    in->partial || in->spare == SPARE_KEEP ||
			    count_enabled(s, ns) <= floor,
			    "a duplicate left that could go");
		}

	/* The HA name is never emptied, nor taken below min_records. */
	if (before > 0 || p->nunplaced < nd)
		plan_check(after > 0, "the HA name emptied");
	if (removed)
		plan_check(after >= floor, "removal below min_records");
	plan_check(after >= (before < floor ? before : floor),
	    "fewer enabled records than min_records allows");
}

#endif
