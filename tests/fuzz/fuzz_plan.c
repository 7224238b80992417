/*
 * fuzz_plan.c - libFuzzer target: plan_build on inputs decoded from the
 * bytes, then the plan applied to a simulation of the records and the
 * guarantees of plan.h and DESIGN.md section 4.4 checked on the result
 * (the same rules as tests/unit/test_plan.c); abort() on any violation.
 *
 * Input bytes (missing ones read as 0):
 *	0	flags: bit 0 partial, bit 1 pinned, bits 2-3 spare (mod 3),
 *		bits 4-5 address pool (IPv4, IPv6, mixed, IPv4)
 *	1	configured TTL: index into conf_ttls
 *	2	min_records (mod 10: may exceed the records)
 *	3	number of records (mod MAXREC + 1)
 *	4	number of wanted values (mod MAXWANT + 1)
 *	then per record two bytes: value (pool index mod 5; 4 = no address),
 *		flags (bit 0 enabled, bit 1 locked, bits 2-4 rec_ttls index);
 *	then per wanted value one byte: pool index mod 5 (4 = no address)
 */
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzzutil.h"
#include "plan.h"

#define MAXREC	8
#define MAXWANT	8
#define NPOOL	4

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const pool_text[3][NPOOL] = {
	{ "192.0.2.1", "192.0.2.2", "192.0.2.3", "203.0.113.4" },
	{ "2001:db8::1", "2001:db8::2", "2001:db8:0:0:0:0:0:3",
	    "::ffff:192.0.2.1" },
	{ "192.0.2.1", "2001:db8::1", "192.0.2.2", "2001:db8::2" },
};
static const long conf_ttls[] = { 0, 1, 300, 600, 86400 };
static const long rec_ttls[] = { 600, 300, 0, -1, 86400, 1, 60, 600 };

/* A record of the simulated result. */
struct srec {
	struct addr	 addr;
	int		 exists;
	int		 enabled;
	int		 locked;
	long		 ttl;
	int		 changed;	/* enabled, or given a new value */
};

struct reader {
	const uint8_t	*p;
	size_t		 left;
};

static unsigned
next(struct reader *r)
{
	if (r->left == 0)
		return 0;
	r->left--;
	return *r->p++;
}

static void
pool_addr(struct addr *a, unsigned pool, unsigned idx)
{
	memset(a, 0, sizeof(*a));
	if (idx % (NPOOL + 1) == NPOOL)
		return;		/* no address: a failed source, a CNAME value */
	if (!addr_parse(a, pool_text[pool][idx % (NPOOL + 1)]))
		abort();
}

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
		fuzz_check(!in->pinned, "add in pinned mode");
		fuzz_check(a->value.family != 0 && in_set(&a->value, d, nd),
		    "add of a value not wanted");
		fuzz_check(a->ttl > 0, "add with a TTL <= 0");
		fuzz_check(!held_elsewhere(s, *ns, SIZE_MAX, &a->value, 0),
		    "add of a value some record holds");
		fuzz_check(*ns < MAXREC + MAXWANT, "more adds than values");
		r = &s[(*ns)++];
		memset(r, 0, sizeof(*r));
		r->addr = a->value;
		r->exists = r->enabled = r->changed = 1;
		r->ttl = a->ttl;
		return;
	}

	fuzz_check(a->rec < in->nrecs, "record index out of range");
	r = &s[a->rec];
	fuzz_check(r->exists, "action on a deleted record");
	fuzz_check(!r->locked, "write to a locked record");
	switch (a->kind) {
	case ACT_ENABLE:
		fuzz_check(!r->enabled, "enable of an enabled record");
		fuzz_check(r->addr.family != 0, "enable of a non-address");
		fuzz_check(!held_elsewhere(s, *ns, a->rec, &r->addr, 1),
		    "enable makes a duplicate");
		r->enabled = r->changed = 1;
		break;
	case ACT_UPDATE:
		fuzz_check(a->value.family != 0 && in_set(&a->value, d, nd),
		    "update to a value not wanted");
		fuzz_check(a->ttl > 0, "update with a TTL <= 0");
		fuzz_check(addr_cmp(&r->addr, &a->value) != 0 ||
		    r->ttl != a->ttl, "update that changes nothing");
		if (addr_cmp(&r->addr, &a->value) != 0) {
			fuzz_check(!in->partial, "spare reused under partial");
			fuzz_check(!held_elsewhere(s, *ns, a->rec, &a->value,
			    0), "update makes a duplicate");
			r->addr = a->value;
			r->changed = 1;
		}
		r->ttl = a->ttl;
		break;
	case ACT_DISABLE:
		fuzz_check(!in->partial, "disable under partial");
		fuzz_check(in->spare == SPARE_DISABLE, "disable, spare != "
		    "disable");
		fuzz_check(r->enabled, "disable of a disabled record");
		r->enabled = 0;
		break;
	case ACT_DELETE:
		fuzz_check(!in->partial, "delete under partial");
		fuzz_check(in->spare == SPARE_DELETE, "delete, spare != delete");
		r->exists = r->enabled = 0;
		break;
	case ACT_ADD:
		break;
	default:
		fuzz_check(0, "unknown action kind");
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
check_plan(const struct plan_input *in, const struct plan *p)
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
	fuzz_check(p->n == 0 || p->v != NULL, "actions without an array");
	fuzz_check(p->nunplaced == 0 || p->unplaced != NULL,
	    "unplaced without an array");
	fuzz_check(p->n <= 2 * in->nrecs + nd, "more actions than room");
	fuzz_check(p->nunplaced <= nd, "more unplaced than wanted");
	if (nd == 0) {
		fuzz_check(p->n == 0 && p->nunplaced == 0,
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
		fuzz_check(held_elsewhere(s, ns, SIZE_MAX, &d[i], 1) ||
		    in_set(&d[i], p->unplaced, p->nunplaced),
		    "a wanted value neither served nor unplaced");
	/*
	 * Unplaced values are values of D that nothing could take: held only
	 * by locked disabled records, or (pinned) left with no spare at all.
	 */
	for (i = 0; i < p->nunplaced; i++) {
		fuzz_check(in_set(&p->unplaced[i], d, nd),
		    "unplaced value not wanted");
		for (j = 0; j < i; j++)
			fuzz_check(addr_cmp(&p->unplaced[i],
			    &p->unplaced[j]) != 0, "unplaced twice");
		if (held_elsewhere(s, ns, SIZE_MAX, &p->unplaced[i], 0))
			fuzz_check(only_locked_off(s, ns, &p->unplaced[i]),
			    "unplaced although a record could serve it");
		else {
			fuzz_check(in->pinned, "unplaced, not pinned");
			if (!in->partial)
				fuzz_check(!spare_left(s, ns, d, nd),
				    "unplaced while a spare is left");
		}
	}

	/* A record is added only when no spare could take the value. */
	for (i = 0; i < p->n; i++)
		if (p->v[i].kind == ACT_ADD && !in->partial)
			fuzz_check(!spare_left(s, ns, d, nd),
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
			fuzz_check(!s[i].changed && !s[j].changed,
			    "the plan made a duplicate");
			fuzz_check((s[i].locked && s[j].locked) ||
			    in->partial || in->spare == SPARE_KEEP ||
			    count_enabled(s, ns) <= floor,
			    "a duplicate left that could go");
		}

	/* The HA name is never emptied, nor taken below min_records. */
	if (before > 0 || p->nunplaced < nd)
		fuzz_check(after > 0, "the HA name emptied");
	if (removed)
		fuzz_check(after >= floor, "removal below min_records");
	fuzz_check(after >= (before < floor ? before : floor),
	    "fewer enabled records than min_records allows");
}

static void
check_same(const struct plan *a, const struct plan *b)
{
	size_t i;

	fuzz_check(a->n == b->n && a->nunplaced == b->nunplaced,
	    "not deterministic");
	for (i = 0; i < a->n; i++)
		fuzz_check(a->v[i].kind == b->v[i].kind &&
		    a->v[i].rec == b->v[i].rec &&
		    addr_cmp(&a->v[i].value, &b->v[i].value) == 0 &&
		    a->v[i].ttl == b->v[i].ttl, "not deterministic");
	for (i = 0; i < a->nunplaced; i++)
		fuzz_check(addr_cmp(&a->unplaced[i], &b->unplaced[i]) == 0,
		    "not deterministic");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record recs[MAXREC];
	struct addr want[MAXWANT];
	struct plan_input in;
	struct plan p, again;
	struct reader r = { data, size };
	unsigned flags, pool, rf;
	size_t i;

	memset(&in, 0, sizeof(in));
	memset(recs, 0, sizeof(recs));
	flags = next(&r);
	in.partial = flags & 1;
	in.pinned = (flags >> 1) & 1;
	in.spare = (enum spare_policy)(((flags >> 2) & 3) % 3);
	pool = ((flags >> 4) & 3) % 3;
	in.ttl = conf_ttls[next(&r) % (sizeof(conf_ttls) /
	    sizeof(conf_ttls[0]))];
	in.min_records = next(&r) % 10;
	in.nrecs = next(&r) % (MAXREC + 1);
	in.nwant = next(&r) % (MAXWANT + 1);
	for (i = 0; i < in.nrecs; i++) {
		pool_addr(&recs[i].addr, pool, next(&r));
		rf = next(&r);
		recs[i].enabled = rf & 1;
		recs[i].locked = (rf >> 1) & 1;
		recs[i].ttl = rec_ttls[(rf >> 2) & 7];
	}
	for (i = 0; i < in.nwant; i++)
		pool_addr(&want[i], pool, next(&r));
	in.recs = in.nrecs > 0 ? recs : NULL;
	in.want = in.nwant > 0 ? want : NULL;

	/* out is zeroed by plan_build, whatever it held. */
	memset(&p, 0xa5, sizeof(p));
	fuzz_check(plan_build(&in, &p) == 0, "plan_build failed");
	check_plan(&in, &p);
	fuzz_check(plan_build(&in, &again) == 0, "plan_build failed");
	check_same(&p, &again);
	plan_free(&again);
	plan_free(&p);
	fuzz_check(p.v == NULL && p.n == 0 && p.unplaced == NULL &&
	    p.nunplaced == 0, "plan_free empties");
	plan_free(&p);
	plan_free(NULL);
	return 0;
}
