/*
 * state.h - what one run tells the next: <state_dir>/state.json, one JSON
 * file (mode 0600, replaced atomically) holding per group the last good
 * addresses of each source, the records last verified at the provider,
 * line health, a throttling back-off and a failure that lasts (when it
 * started and was last reported, notice.h). A missing file is an empty state;
 * a damaged one is ignored with one warning and rebuilt: the state never
 * blocks a sync. So is one that others could have written (a symbolic
 * link, another owner, writable by group or others); the warning never
 * quotes the file.
 *
 * Ownership: state_load returns a new struct state (state_free). Every
 * other pointer handed out (struct state_group, addresses, records,
 * struct health, strings) is borrowed from it and lives until state_free,
 * unless a comment below says it ends earlier. Times are wall-clock
 * (time_t) passed in by the caller; a stored time later than now (the
 * clock went back) never counts as recent.
 */
#ifndef ECHODDNS_STATE_H
#define ECHODDNS_STATE_H

#include <stddef.h>
#include <time.h>

#include "addr.h"
#include "health.h"
#include "notice.h"
#include "provider.h"

struct group;
struct state;		/* the whole file */
struct state_group;	/* one group's part of it */

/*
 * Read <dir>/state.json. Returns a new state: empty when the file is
 * missing, damaged or untrusted (one log_warn naming the file and why).
 * NULL only when out of memory, reported.
 */
struct state		*state_load(const char *dir);

/*
 * The part of st kept for grp (borrowed; grp must outlive st's use of it).
 * It is keyed by grp->name; when what it was kept for (account, zone, rr,
 * type, line) differs from grp, it is discarded and started afresh, and
 * sources no longer in grp are forgotten. Groups never asked for are
 * saved unchanged. NULL only when out of memory, reported.
 */
struct state_group	*state_group(struct state *st, const struct group *grp);

/*
 * Write st to <dir>/state.json (temp file, fsync, rename, fsync of the
 * directory; <dir> is created 0700 when missing). Nothing is written when
 * the content is what was loaded. Returns 0, or after log_err EX_TEMPFAIL
 * (I/O) or EX_SOFTWARE (out of memory); the old file is then intact.
 */
int			 state_save(struct state *st);

/* NULL-safe. */
void			 state_free(struct state *st);

/*
 * Sources are named by their index i in grp->sources. Remember addrs (a
 * copy) as source i's good addresses, seen at now. Health kept for other
 * addresses of source i is dropped: the line's address changed. Returns 0,
 * or EX_SOFTWARE when out of memory (reported).
 */
int	state_source_remember(struct state_group *g, size_t i,
	    const struct addr *addrs, size_t n, time_t now);

/*
 * Source i's last good addresses (*addrs borrowed, valid until the next
 * state_source_remember for i) and their age in seconds at now (-1 when
 * seen in the future). Returns 1, or 0 when nothing is known.
 */
int	state_source_last(const struct state_group *g, size_t i, time_t now,
	    const struct addr **addrs, size_t *n, long long *age);

/*
 * Pure: may last good addresses of this age stand in for a failed source?
 * 1 when 0 <= age <= stale_after.
 */
int	state_stale_ok(long long age, long stale_after);

/*
 * The health counters of source i's line at address a, created healthy
 * when unknown (borrowed; valid until the next state_source_remember for
 * i). Update them with health_update. NULL when out of memory (reported).
 */
struct health	*state_health(struct state_group *g, size_t i,
		    const struct addr *a);

/*
 * The provider holds recs now (read or just written), with want the
 * desired set that was applied. Copies id, value, ttl and enabled of each
 * record. Returns 0, or EX_SOFTWARE when out of memory (reported; what
 * was verified before is then forgotten).
 */
int	state_set_verified(struct state_group *g, const struct recordset *recs,
	    const struct addr *want, size_t nwant, time_t now);

/* Forget the verification (a write failed: the provider must be read). */
void	state_clear_verified(struct state_group *g);

/*
 * The records last verified (borrowed; only id, value, addr, ttl and
 * enabled are set) and *at when; NULL when there are none.
 */
const struct recordset *state_verified(const struct state_group *g,
	    time_t *at);

/*
 * 1 when this run may skip reading the provider: want (as a set) is the
 * desired set of the last verification, made less than verify_every
 * seconds before now. verify_every 0 means never.
 */
int	state_may_skip_provider(const struct state_group *g,
	    const struct addr *want, size_t nwant, long verify_every,
	    time_t now);

/*
 * The provider asked to be left alone at now (it throttled us, or blocked
 * us): until `until`, runs hold back with status (EX_TEMPFAIL, EX_NOPERM).
 * reason (copied, e.g. "throttled") is for messages. Returns 0, or
 * EX_SOFTWARE when out of memory (reported).
 */
int	state_set_throttle(struct state_group *g, time_t now, time_t until,
	    const char *reason, int status);
void	state_clear_throttle(struct state_group *g);

/*
 * 1 while now is before the throttle's "not before" time (and not before
 * the time it was set); *until, *reason (borrowed, may be "") and *status
 * are then set. Any pointer may be NULL.
 */
int	state_throttled(const struct state_group *g, time_t now,
	    time_t *until, const char **reason, int *status);

/* The provider's ID of the group's zone found earlier (borrowed), or NULL. */
const char *state_zone_id(const struct state_group *g);

/* Remember (a copy of) id, or forget with NULL; 0 or EX_SOFTWARE (reported). */
int	state_set_zone_id(struct state_group *g, const char *id);

/* When this run or an earlier one last wrote to the provider; 0: never. */
time_t	state_written(const struct state_group *g);
void	state_set_written(struct state_group *g, time_t now);

/* The group's lasting failure (borrowed; since 0: none), and setting it. */
const struct failure *state_failure(const struct state_group *g);
void	state_set_failure(struct state_group *g, const struct failure *f);

#endif
