/*
 * notice.h - when a group's failure is news (DESIGN.md section 1). A
 * failure that persists run after run (a dead source, a provider outage)
 * is news when it starts, then at most once an hour, and once when it
 * ends; so a cron job that runs echoddns -q every minute mails on events,
 * not every minute. Pure: the state file keeps the record between runs
 * (state.h), the engine prints and runs the hook.
 *
 * Ownership: plain values only.
 */
#ifndef ECHODDNS_NOTICE_H
#define ECHODDNS_NOTICE_H

#include <stddef.h>
#include <time.h>

#define NOTICE_EVERY	3600	/* seconds between notices of one failure */

/* A failure that lasts: since 0 means there is none. */
struct failure {
	time_t	since;		/* the run it started in */
	time_t	reported;	/* the last run that said so */
	int	status;		/* the most severe status seen during it */
};

enum notice_kind {
	NOTICE_NONE,		/* no failure, nor one before */
	NOTICE_STARTED,		/* a failure began, or grew more severe */
	NOTICE_AGAIN,		/* still failing, and said an hour ago */
	NOTICE_HELD,		/* still failing, said less than an hour ago */
	NOTICE_RECOVERED	/* the failure ended */
};

/*
 * A group ended a run at now with status (0, 2 or an EX_* code); was is
 * its failure until then. Returns whether that is news, and sets *next to
 * the failure to keep (since 0: none). A reported time later than now (the
 * clock went back) counts as long ago.
 */
enum notice_kind notice_next(const struct failure *was, int status,
		    time_t now, struct failure *next);

/*
 * The notice line of kind, without the "group NAME: " prefix, e.g.
 * "recovered, after failing for 1 h 3 min since 2026-11-22 10:03 (68: a
 * source could not be resolved)". f is the failure as it was (RECOVERED) or as it is now.
 * Into buf, returned; "" for NOTICE_NONE and NOTICE_HELD.
 */
const char	*notice_text(enum notice_kind kind, const struct failure *f,
		    time_t now, char *buf, size_t len);

#endif
