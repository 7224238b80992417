/*
 * exitcode.h - the exit status contract (DESIGN.md section 2) and the
 * order in which outcomes of several groups are merged.
 */
#ifndef ECHODDNS_EXITCODE_H
#define ECHODDNS_EXITCODE_H

#include <sysexits.h>

#define EXIT_CHANGED	0	/* records changed (or pending, with --dry-run) */
#define EXIT_INSYNC	2	/* nothing needed changing */

/*
 * The status internal functions return: 0 for success, else one of the
 * EX_* codes above, already reported where it happened.
 */

/* Merge two outcomes; the more severe one wins (see echoddns(1)). */
int	exit_merge(int a, int b);

/* Short name of a status ("changed", "in sync", "EX_TEMPFAIL", ...). */
const char *exit_name(int status);

/* What a status means, in a few words ("a source could not be resolved"). */
const char *exit_meaning(int status);

/* The least status above after (-1: the first), or -1: for listing all. */
int	exit_code_next(int after);

#endif
