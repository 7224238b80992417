/*
 * plan.c - the sync plan (DESIGN.md section 4.4): which records to enable,
 * update, add, disable or delete so that the HA name lists the desired
 * addresses with as few writes as possible. Pure: no I/O, no globals.
 *
 * Order of the actions: enable kept records, updates (TTL fixes of kept
 * records, then spares taking missing values), enable reused spares, adds,
 * then disable/delete leftover spares. Within each step values go in the
 * order of D and leftover spares in record order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

#define NONE	SIZE_MAX	/* no record */

/* What becomes of a record. */
enum role {
	ROLE_SPARE,		/* holds no wanted value, or a duplicate */
	ROLE_KEPT,		/* holds a wanted value */
	ROLE_REUSED		/* a spare taking a missing value */
};

/*
 * Rank a record holding a wanted value; the lowest rank holds it and other
 * records with the same value become spares. A locked enabled record comes
 * first: it cannot be disabled, so any other holder would duplicate it. A
 * locked disabled record cannot be enabled and comes last.
 */
static int
holder_rank(const struct record *r)
{
	if (r->enabled)
		return r->locked ? 0 : 1;
	return r->locked ? 3 : 2;
}

/* The record holding a, or NONE; non-address records hold nothing. */
static size_t
find_holder(const struct plan_input *in, const struct addr *a)
{
	const struct record *r;
	size_t i, best = NONE;

	for (i = 0; i < in->nrecs; i++) {
		r = &in->recs[i];
		if (r->addr.family == 0 || addr_cmp(&r->addr, a) != 0)
			continue;
		if (best == NONE ||
		    holder_rank(r) < holder_rank(&in->recs[best]))
			best = i;
	}
	return best;
}

/*
 * Take a spare for a missing value: enabled ones first (one write instead of
 * two, and their stale value goes away), then disabled ones, in record order.
 * Locked records are never written. Returns the record or NONE.
 */
static size_t
take_spare(const struct plan_input *in, size_t *role)
{
	size_t i;
	int pass;

	for (pass = 1; pass >= 0; pass--)
		for (i = 0; i < in->nrecs; i++)
			if (role[i] == ROLE_SPARE && !in->recs[i].locked &&
			    (in->recs[i].enabled != 0) == pass) {
				role[i] = ROLE_REUSED;
				return i;
			}
	return NONE;
}

static void
push(struct plan *out, enum action_kind kind, size_t rec,
    const struct addr *value, long ttl)
{
	struct action *a = &out->v[out->n++];

	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->rec = rec;
	if (value != NULL)
		a->value = *value;
	a->ttl = ttl;
}

/* TTL for a reused spare: configured, else its own, else the default. */
static long
reuse_ttl(const struct plan_input *in, const struct record *r)
{
	if (in->ttl != 0)
		return in->ttl;
	return r->ttl > 0 ? r->ttl : PLAN_DEFAULT_TTL;
}

/*
 * Disable or delete the leftover spares (not under partial or SPARE_KEEP).
 * nenabled counts the records enabled once the earlier actions are done.
 * Removing enabled spares must leave min_records enabled, and never none
 * (D is not empty): the earliest enabled spares stay.
 */
static void
drop_spares(const struct plan_input *in, const size_t *role, size_t nenabled,
    struct plan *out)
{
	const struct record *r;
	size_t i, floor, removable, keep;

	floor = in->min_records > 0 ? in->min_records : 1;
	removable = 0;
	for (i = 0; i < in->nrecs; i++)
		if (role[i] == ROLE_SPARE && !in->recs[i].locked &&
		    in->recs[i].enabled)
			removable++;
	/* removable <= nenabled: every removable record is enabled. */
	keep = 0;
	if (nenabled - removable < floor)
		keep = floor - (nenabled - removable);
	for (i = 0; i < in->nrecs; i++) {
		r = &in->recs[i];
		if (role[i] != ROLE_SPARE || r->locked)
			continue;
		if (r->enabled && keep > 0) {
			keep--;
			continue;
		}
		if (in->spare == SPARE_DELETE)
			push(out, ACT_DELETE, i, NULL, 0);
		else if (r->enabled)
			push(out, ACT_DISABLE, i, NULL, 0);
	}
}

int
plan_build(const struct plan_input *in, struct plan *out)
{
	const struct record *r;
	const struct addr *a;
	size_t *scratch, *d, *holder, *role;
	size_t nd, i, k, h, nenabled;
	int rc = -1;

	memset(out, 0, sizeof(*out));

	/*
	 * d: indexes into want forming D; holder: the record holding d[k];
	 * role: per record. No overflow: want and recs are arrays in memory
	 * of elements far larger than a size_t.
	 */
	if ((scratch = calloc(2 * in->nwant + in->nrecs + 1,
	    sizeof(*scratch))) == NULL)
		return -1;
	d = scratch;
	holder = d + in->nwant;
	role = holder + in->nwant;

	nd = 0;
	for (i = 0; i < in->nwant; i++) {
		if (in->want[i].family == 0)
			continue;
		for (k = 0; k < nd; k++)
			if (addr_cmp(&in->want[d[k]], &in->want[i]) == 0)
				break;
		if (k == nd)
			d[nd++] = i;
	}
	/* An empty D means every source failed: never empty the HA name. */
	if (nd == 0) {
		rc = 0;
		goto out;
	}

	/* Each record takes at most two actions; each value at most one add. */
	if ((out->v = calloc(2 * in->nrecs + nd, sizeof(*out->v))) == NULL)
		goto out;
	if ((out->unplaced = calloc(nd, sizeof(*out->unplaced))) == NULL)
		goto out;

	for (k = 0; k < nd; k++) {
		holder[k] = find_holder(in, &in->want[d[k]]);
		if (holder[k] != NONE)
			role[holder[k]] = ROLE_KEPT;
	}

	nenabled = 0;
	for (i = 0; i < in->nrecs; i++)
		if (in->recs[i].enabled)
			nenabled++;

	for (k = 0; k < nd; k++) {
		if ((h = holder[k]) == NONE)
			continue;
		r = &in->recs[h];
		if (!r->enabled && !r->locked) {
			push(out, ACT_ENABLE, h, NULL, 0);
			nenabled++;
		}
	}
	for (k = 0; k < nd; k++) {
		if ((h = holder[k]) == NONE)
			continue;
		r = &in->recs[h];
		if (!r->locked && in->ttl != 0 && r->ttl != in->ttl)
			push(out, ACT_UPDATE, h, &r->addr, in->ttl);
	}

	/* Spares may belong to a failed line under partial: only add then. */
	if (!in->partial) {
		for (k = 0; k < nd; k++) {
			if (holder[k] != NONE ||
			    (h = take_spare(in, role)) == NONE)
				continue;
			holder[k] = h;
			push(out, ACT_UPDATE, h, &in->want[d[k]],
			    reuse_ttl(in, &in->recs[h]));
		}
		for (k = 0; k < nd; k++) {
			h = holder[k];
			if (h != NONE && role[h] == ROLE_REUSED &&
			    !in->recs[h].enabled) {
				push(out, ACT_ENABLE, h, NULL, 0);
				nenabled++;
			}
		}
	}

	for (k = 0; k < nd; k++) {
		a = &in->want[d[k]];
		h = holder[k];
		/*
		 * A value held only by a locked disabled record cannot be
		 * served: that record cannot be enabled, and a second record
		 * with its value would be a duplicate.
		 */
		if (h != NONE) {
			if (in->recs[h].locked && !in->recs[h].enabled)
				out->unplaced[out->nunplaced++] = *a;
		} else if (in->pinned)
			out->unplaced[out->nunplaced++] = *a;
		else {
			push(out, ACT_ADD, 0, a,
			    in->ttl != 0 ? in->ttl : PLAN_DEFAULT_TTL);
			nenabled++;
		}
	}

	if (!in->partial && in->spare != SPARE_KEEP)
		drop_spares(in, role, nenabled, out);
	rc = 0;
out:
	if (rc == -1)
		plan_free(out);
	if (out->n == 0) {
		free(out->v);
		out->v = NULL;
	}
	if (out->nunplaced == 0) {
		free(out->unplaced);
		out->unplaced = NULL;
	}
	free(scratch);
	return rc;
}

void
plan_free(struct plan *out)
{
	if (out == NULL)
		return;
	free(out->v);
	free(out->unplaced);
	memset(out, 0, sizeof(*out));
}

static int
addr_qcmp(const void *a, const void *b)
{
	return addr_cmp(a, b);
}

/* Sort v and drop repeats and non-addresses; returns the new length. */
static size_t
addr_set(struct addr *v, size_t n)
{
	size_t i, k = 0;

	qsort(v, n, sizeof(*v), addr_qcmp);
	for (i = 0; i < n; i++)
		if (v[i].family != 0 && (k == 0 || addr_cmp(&v[k - 1],
		    &v[i]) != 0))
			v[k++] = v[i];
	return k;
}

int
plan_recordset(const struct set_input *in, struct set_plan *out)
{
	struct addr *have = NULL;
	size_t nhave, i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if ((out->v = calloc(in->nwant + in->nhave + 1,
	    sizeof(*out->v))) == NULL ||
	    (have = calloc(in->nhave + 1, sizeof(*have))) == NULL)
		goto out;
	memcpy(out->v, in->want, in->nwant * sizeof(*out->v));
	/* An empty D means every source failed: never empty the name. */
	if ((out->n = addr_set(out->v, in->nwant)) == 0) {
		rc = 0;
		goto out;
	}
	memcpy(have, in->have, in->nhave * sizeof(*have));
	nhave = addr_set(have, in->nhave);
	/* The failed line's address may be among the set's: keep them all. */
	if (in->partial) {
		memcpy(out->v + out->n, have, nhave * sizeof(*have));
		out->n = addr_set(out->v, out->n + nhave);
	}
	out->ttl = in->ttl != 0 ? in->ttl : in->exists && in->have_ttl > 0 ?
	    in->have_ttl : PLAN_DEFAULT_TTL;
	out->write = !in->exists || nhave != out->n ||
	    (in->ttl != 0 && in->have_ttl != in->ttl);
	for (i = 0; !out->write && i < nhave; i++)
		out->write = addr_cmp(&have[i], &out->v[i]) != 0;
	rc = 0;
out:
	free(have);
	if (rc == -1 || !out->write)
		set_plan_free(out);
	return rc;
}

void
set_plan_free(struct set_plan *out)
{
	if (out == NULL)
		return;
	free(out->v);
	memset(out, 0, sizeof(*out));
}

long
plan_single(const struct addr *lines, size_t nlines,
    const struct addr *current, int failback)
{
	size_t i;

	if (nlines == 0)
		return -1;
	if (!failback && current != NULL)
		for (i = 0; i < nlines; i++)
			if (addr_cmp(&lines[i], current) == 0)
				return (long)i;
	return 0;
}
