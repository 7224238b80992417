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

static void
plan_check_failed(const char *what)
{
	fuzz_check(0, what);
}

#include "../plan_check.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const pool_text[3][NPOOL] = {
	{ "192.0.2.1", "192.0.2.2", "192.0.2.3", "203.0.113.4" },
	{ "2001:db8::1", "2001:db8::2", "2001:db8:0:0:0:0:0:3",
	    "::ffff:192.0.2.1" },
	{ "192.0.2.1", "2001:db8::1", "192.0.2.2", "2001:db8::2" },
};
static const long conf_ttls[] = { 0, 1, 300, 600, 86400 };
static const long rec_ttls[] = { 600, 300, 0, -1, 86400, 1, 60, 600 };


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
	plan_check_invariants(&in, &p);
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
