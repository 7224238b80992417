/*
 * report.h - what a run did, as plain values: one struct report_group per
 * group (its sources and how each was resolved, line health, the records
 * before and after, the actions with their results, the status), filled
 * by the engine (sync.c) and rendered here as change lines, the status
 * table and the --json document. No renderer reads anything back by key.
 *
 * Ownership: a struct report and everything it points to belong to it and
 * are freed by report_free, except the struct group and struct source
 * pointers, borrowed from the configuration, which must outlive the report.
 */
#ifndef ECHODDNS_REPORT_H
#define ECHODDNS_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "addr.h"
#include "plan.h"
#include "provider.h"

struct group;

enum report_command { REPORT_SYNC, REPORT_STATUS };

enum source_outcome {
	SOURCE_OK,		/* resolved now */
	SOURCE_STALE,		/* failed; its last good addresses stand in */
	SOURCE_FAILED		/* failed; nothing known stands in */
};

struct report_dropped {
	struct addr	 addr;
	const char	*reason;	/* static text from addr_unusable */
};

/* One health check of one line. */
struct report_health {
	struct addr	 addr;
	int		 healthy;	/* after this check */
	int		 check_ok;	/* the check itself answered */
	long		 fails;
	long		 oks;
	char		 why[96];	/* "port answered", or why it failed */
};

struct report_source {
	const char		*host;		/* borrowed from the config */
	char			 via[64];	/* "system", "api", "literal", servers */
	int			 listed;	/* 0: never reached (group skipped) */
	enum source_outcome	 outcome;
	char			*error;		/* why it failed, or NULL */
	long long		 age;		/* SOURCE_STALE: seconds */
	struct addr		*addrs;		/* usable, in use this run */
	size_t			 naddrs;
	struct report_dropped	*dropped;
	size_t			 ndropped;
	struct report_health	*health;
	size_t			 nhealth;
};

enum action_result {
	RESULT_PLANNED,		/* dry run, status, or not reached yet */
	RESULT_DONE,
	RESULT_FAILED,
	RESULT_SKIPPED		/* an earlier write of the group failed */
};

struct report_action {
	enum action_kind	 kind;
	enum action_result	 result;
	size_t			 rec;		/* index into before; not for ACT_ADD */
	char			*record;	/* the record's ID; for an add, the
						   new ID once known, else NULL */
	char			*from;		/* the record's value before, or NULL */
	long			 from_ttl;
	struct addr		 to;		/* ACT_UPDATE, ACT_ADD, ACT_PUBLISH */
	long			 ttl;		/* ACT_UPDATE, ACT_ADD, ACT_REPLACE */
	struct addr		*from_set;	/* ACT_REPLACE: the set's values */
	size_t			 nfrom_set;
	struct addr		*to_set;	/* ACT_REPLACE: the values written */
	size_t			 nto_set;
};

struct report_group {
	const struct group	*g;		/* borrowed */
	struct report_source	*sources;	/* one per g->sources, in order */
	size_t			 nsources;
	struct addr		*desired;	/* what the name should list */
	size_t			 ndesired;
	int			 have_desired;
	int			 provider_read;	/* 1 read, 0 skipped (state), -1 n/a */
	int			 records_read;	/* before is what the provider holds */
	struct recordset	 before;
	int			 have_after;
	struct recordset	 after;
	int			 planned;	/* a plan was made (status table) */
	struct addr		*unplaced;	/* wanted, but no record can hold
						   them (pinned, locked): the name
						   is not in sync after the plan */
	size_t			 nunplaced;
	struct report_action	*actions;
	size_t			 nactions;
	char			*error;		/* the group's failure, for --json */
	int			 status;	/* 0, 2, or an EX_* code */
	time_t			 verified_at;	/* records last seen at the
						   provider; 0: unknown */
	long			 nverified;	/* provider not read: enabled
						   records seen then; else -1 */
};

struct report {
	enum report_command	 command;
	int			 dry_run;	/* nothing is written */
	int			 status;	/* the run's exit status */
	struct report_group	*groups;
	size_t			 ngroups;
};

/* A report with room for n groups, all zeroed; NULL when out of memory. */
struct report	*report_new(enum report_command cmd, int dry_run, size_t n);

/* NULL-safe. */
void		 report_free(struct report *r);

/*
 * Note the wanted addresses v[0..n-1] that the plan could not place
 * (copied). 0, or -1 when out of memory.
 */
int		 report_set_unplaced(struct report_group *rg,
		    const struct addr *v, size_t n);

/* Set rg's error message (copied; the first one set stays). */
void		 report_set_error(struct report_group *rg, const char *msg);

/*
 * Append the report of plan action a on rg->before; returns it (owned by
 * rg), or NULL when out of memory.
 */
struct report_action *report_add_action(struct report_group *rg,
		    const struct action *a);

/*
 * Append the write of a whole record set (ACT_REPLACE): set id (NULL: to
 * be created) holding from[0..nfrom-1], to hold to[0..nto-1] with ttl.
 * Returns the action (owned by rg), or NULL when out of memory.
 */
struct report_action *report_add_set(struct report_group *rg, const char *id,
		    const struct addr *from, size_t nfrom, const struct addr *to,
		    size_t nto, long ttl);

/*
 * Append pointing a single-address name at to (ACT_PUBLISH); from is what
 * it holds now, or NULL when unknown. NULL when out of memory.
 */
struct report_action *report_add_publish(struct report_group *rg,
		    const struct addr *from, const struct addr *to);

/*
 * The change line of an action, without the "group: " prefix, e.g.
 * "a.dns.example.com: updated record 42 192.0.2.9 -> 198.51.100.2";
 * done selects "updated" over "would update". Into buf, returned.
 */
const char	*report_action_text(const struct report_group *rg,
		    const struct report_action *a, int done, char *buf,
		    size_t len);

/*
 * The one-line verdict on rg at now, without the "group: " prefix, e.g.
 * "a.dns.example.com in sync, 3 records, verified 4 min ago"; dry_run
 * says "pending" for changes. Into buf, returned.
 */
const char	*report_verdict(const struct report_group *rg, int dry_run,
		    time_t now, char *buf, size_t len);

/* The status table of every group (echoddns status) on f. */
void		 report_status_text(const struct report *r, FILE *f);

/*
 * The --json document on f. Returns 0, or EX_SOFTWARE when out of memory
 * (reported).
 */
int		 report_json(const struct report *r, FILE *f);

#endif
