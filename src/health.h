/*
 * health.h - is a line up? TCP probes (check = tcp:PORT ...) run all at
 * once with non-blocking connect() and poll(), and a hysteresis that takes
 * a line out only after fail_after failures in a row and brings it back
 * after recover_after successes in a row. No threads, no allocation kept.
 */
#ifndef ECHODDNS_HEALTH_H
#define ECHODDNS_HEALTH_H

#include <stddef.h>

#include "addr.h"

/*
 * The hysteresis counters of one line, kept across runs in the state file.
 * Each stops at the threshold it is compared with, so that a line whose
 * checks keep giving the same answer leaves the state file unchanged.
 */
struct health {
	struct addr	addr;		/* the address the counters apply to */
	long		fails;		/* consecutive failed checks, up to
					   fail_after */
	long		oks;		/* consecutive good checks, up to
					   recover_after */
	int		healthy;	/* 1: the line may be published */
};

/*
 * The most a stored counter may hold: fail_after and recover_after are at
 * most 100; earlier versions counted up to 1000.
 */
#define HEALTH_COUNT_MAX	1000

/* A new line at address a: healthy, no history. */
void	health_init(struct health *h, const struct addr *a);

/*
 * Count one check of the line at address a (ok = 1: it answered). When a is
 * not the address the counters were kept for, they restart healthy for a
 * first. A healthy line becomes unhealthy after fail_after failures in a
 * row, an unhealthy one healthy after recover_after successes in a row
 * (values below 1 count as 1); the counters stop there. Returns 1 when
 * h->healthy changed, else 0.
 */
int	health_update(struct health *h, const struct addr *a, int ok,
	    long fail_after, long recover_after);

/* One probe job: is any of ports open at addr? */
struct probe {
	/* in, set by the caller; ports is borrowed */
	struct addr		 addr;
	const unsigned short	*ports;
	size_t			 nports;	/* 0: nothing to check, ok */
	long			 timeout_ms;	/* per port attempt */
	/* out */
	int			 ok;		/* 1: a port accepted a connection */
	unsigned short		 port;		/* ok: the port that did */
	long			 ms;		/* how long it took to decide */
	char			 error[96];	/* !ok: why, e.g. "connection
						   refused", "timed out after 2 s" */
};

/*
 * Run every job in v at once: all ports of all jobs are tried in parallel
 * (non-blocking connect, one poll loop). A job is ok as soon as one of its
 * ports connects; it fails when every port was refused, unreachable, or
 * did not answer within timeout_ms or the run's deadline (util.h). Fills
 * the out fields of every job. Returns 0, or EX_SOFTWARE after reporting
 * (out of memory, poll failure); failed probes are not errors.
 */
int	health_probe(struct probe *v, size_t n);

#endif
