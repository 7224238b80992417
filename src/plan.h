/*
 * plan.h - the sync plan: desired addresses x current records -> actions.
 * A pure function (DESIGN.md section 4.4): no I/O, no globals.
 */
#ifndef ECHODDNS_PLAN_H
#define ECHODDNS_PLAN_H

#include <stddef.h>

#include "addr.h"
#include "provider.h"

enum action_kind {
	ACT_ENABLE,	/* enable records[rec] (value already wanted) */
	ACT_UPDATE,	/* set records[rec] to value/ttl (a spare, or a TTL change) */
	ACT_ADD,	/* create a record holding value/ttl */
	ACT_DISABLE,	/* disable records[rec] (leftover spare) */
	ACT_DELETE,	/* delete records[rec] (leftover spare, spare = delete) */
	ACT_REPLACE,	/* record set: write the whole set (set_plan) */
	ACT_PUBLISH	/* single address: point the name at value */
};

struct action {
	enum action_kind kind;
	size_t		 rec;	/* index into plan_input.recs; unused for ACT_ADD */
	struct addr	 value;	/* ACT_UPDATE, ACT_ADD: the value to write */
	long		 ttl;	/* ACT_UPDATE, ACT_ADD: the TTL to write */
};

enum spare_policy {
	SPARE_DISABLE,		/* leftover spares are disabled (default) */
	SPARE_DELETE,		/* ... deleted */
	SPARE_KEEP		/* ... left as they are */
};

struct plan_input {
	const struct addr	*want;	/* desired set D; repeats are ignored */
	size_t			 nwant;
	const struct record	*recs;	/* current records of (zone, name, type, line) */
	size_t			 nrecs;
	int	partial;	/* a source failed, last good addresses unknown:
				   spares are neither reused nor disabled */
	int	pinned;		/* recs are the pinned records: never add */
	enum spare_policy spare;
	long	ttl;		/* configured TTL; 0 = keep each record's (new: 600) */
	size_t	min_records;	/* never leave fewer enabled records than this */
};

struct plan {
	struct action	*v;	/* in order: enable kept, update, enable reused,
				   add, disable/delete */
	size_t		 n;
	struct addr	*unplaced;	/* pinned mode: wanted values with no record */
	size_t		 nunplaced;
};

/*
 * Build the plan for in into out (zeroed first). Returns 0, or -1 when out
 * of memory (out is then empty). Locked records are never written.
 */
int	plan_build(const struct plan_input *in, struct plan *out);

/* Free out's arrays; NULL-safe. */
void	plan_free(struct plan *out);

/* Default TTL for new records when none is configured. */
#define PLAN_DEFAULT_TTL	600

/*
 * The record-set model (DESIGN.md section 4): every address of the name in
 * one set, written whole.
 */
struct set_input {
	const struct addr	*want;	/* desired set D; repeats are ignored */
	size_t			 nwant;
	const struct addr	*have;	/* the set's values now */
	size_t			 nhave;
	int			 exists;	/* there is a set (have may be
						   empty of addresses) */
	long			 have_ttl;
	int	partial;	/* a source failed, last good addresses unknown:
				   every value there is stays */
	long	ttl;		/* configured TTL; 0 = keep the set's */
};

struct set_plan {
	int		 write;	/* 1: write the set (create it if missing) */
	struct addr	*v;	/* the values to write, sorted (addr_cmp) */
	size_t		 n;
	long		 ttl;
};

/*
 * Plan a record set: write when the wanted values differ from the set's as
 * sets, or the TTL differs from the configured one, or there is no set.
 * Never writes an empty set. Returns 0, or -1 when out of memory (out is
 * then empty). Free with set_plan_free.
 */
int	plan_recordset(const struct set_input *in, struct set_plan *out);
void	set_plan_free(struct set_plan *out);	/* NULL-safe */

/*
 * The single-address model (DESIGN.md section 4): fail-over. lines are the
 * usable, healthy addresses in sources order (the preferred first);
 * current is what the name holds now, or NULL when unknown. Returns the
 * index into lines of the address to hold, or -1 when there is none (the
 * name is then left alone). With failback the first line is always
 * chosen; without, a current address that is still a line is kept.
 */
long	plan_single(const struct addr *lines, size_t nlines,
	    const struct addr *current, int failback);

#endif
