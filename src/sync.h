/*
 * sync.h - the engine: for every group, resolve its sources, probe its
 * lines, read its records at the provider, plan, apply and remember
 * (DESIGN.md section 4). It drives providers through provider.h only and
 * fills a struct report (report.h); it prints only log lines.
 */
#ifndef ECHODDNS_SYNC_H
#define ECHODDNS_SYNC_H

#include <stddef.h>
#include <time.h>

#include "report.h"

struct config;
struct group;
struct probe;
struct source_result;

struct sync_opts {
	enum report_command	 command;	/* REPORT_SYNC or REPORT_STATUS */
	int			 dry_run;	/* sync: plan only, write nothing */
	int			 force;		/* sync: ignore what the state
						   file would let the run skip */
	char *const		*groups;	/* names of the groups to run, */
	size_t			 ngroups;	/* or every group when 0 */
	time_t			 now;		/* wall clock; 0: time(NULL) */

	/* Seams for tests; NULL: resolve_all (resolve.h), health_probe
	   (health.h). Same contracts as those. */
	int	(*resolve)(struct group *const *groups, size_t ngroups,
		    struct source_result *const *res);
	int	(*probe)(struct probe *v, size_t n);
};

/*
 * Run o->command over the groups of cfg (every named group must exist;
 * main checks). The state file is read from cfg->state_dir and, for a
 * sync that writes, saved. Returns the exit status (exitcode.h): the most
 * severe outcome of all groups. *out receives the report (free with
 * report_free), or NULL when the run stopped before any group (the
 * failure is then reported).
 */
int	sync_run(struct config *cfg, const struct sync_opts *o,
	    struct report **out);

#endif
