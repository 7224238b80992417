/*
 * resolve.h - sources -> addresses: getaddrinfo (resolver = system) or the
 * chosen DNS servers asked directly with c-ares (resolver = SERVER...).
 * Sources read from the provider (resolver = api) are handled by main.c.
 */
#ifndef ECHODDNS_RESOLVE_H
#define ECHODDNS_RESOLVE_H

#include <stddef.h>

#include "addr.h"

struct group;

/*
 * resolver = system runs getaddrinfo on a pool of threads: RESOLVE_WORKERS
 * at first; while lookups still wait for a thread RESOLVE_GROW_MS later
 * (slow lookups, or lookups hanging on a silent server), RESOLVE_WORKERS
 * more, never more than RESOLVE_THREADS_MAX in one call of resolve_all.
 */
#define RESOLVE_WORKERS		16
#define RESOLVE_GROW_MS		250
#define RESOLVE_THREADS_MAX	64

struct source_result {
	int		 status;	/* 0; EX_NOHOST: the name has no address of
					   the group's type (NXDOMAIN, NODATA);
					   EX_TEMPFAIL: timeout, SERVFAIL, refused;
					   EX_SOFTWARE: out of memory */
	struct addr	*addrs;		/* sorted, without repeats, of the group's
					   family only; unusable ones included */
	size_t		 naddrs;
	char		 error[256];	/* why, when status != 0 */
	char		 via[64];	/* "system", "203.0.113.53", "literal" */
};

/*
 * Resolve every source of every group whose resolver is not RESOLVE_API,
 * all at once (system lookups as far as the pool allows), each within its
 * group's resolve_timeout and the run's deadline (util.h). A getaddrinfo
 * that overruns is left to its thread, which may outlive the call. res[i]
 * points to groups[i]->nsources zeroed results owned by the caller.
 * Returns 0, or EX_SOFTWARE (out of memory, no thread could start),
 * reported. Failures of single sources are in res, not reported.
 */
int	resolve_all(struct group *const *groups, size_t ngroups,
	    struct source_result *const *res);

/* Free r's addresses and zero it; NULL-safe. */
void	source_result_clear(struct source_result *r);

#endif
