/*
 * health.c - line health: hysteresis counters and parallel TCP probes.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "health.h"
#include "log.h"
#include "util.h"

/*
 * Sockets open at once. Well below the usual 1024 descriptors; attempts
 * beyond it wait for a free slot (routers have a few lines, not hundreds).
 */
#define PROBE_MAX_OPEN	128

void
health_init(struct health *h, const struct addr *a)
{
	memset(h, 0, sizeof(*h));
	if (a != NULL)
		h->addr = *a;
	h->healthy = 1;
}

int
health_update(struct health *h, const struct addr *a, int ok,
    long fail_after, long recover_after)
{
	int was;

	/* Zeroed counters were never used: a new line, healthy. */
	was = h->addr.family == 0 ? 1 : h->healthy;
	if (h->addr.family == 0 || addr_cmp(&h->addr, a) != 0)
		health_init(h, a);
	if (fail_after < 1)
		fail_after = 1;
	if (recover_after < 1)
		recover_after = 1;
	/*
	 * Each counter stops at its threshold: past it no decision changes,
	 * and a counter that kept going would rewrite the state file on every
	 * run. Decisions only ask whether a count reached its threshold, so
	 * they are the same as with unbounded counts.
	 */
	if (ok) {
		h->fails = 0;
		h->oks = h->oks < recover_after ? h->oks + 1 : recover_after;
		if (!h->healthy && h->oks >= recover_after)
			h->healthy = 1;
	} else {
		h->oks = 0;
		h->fails = h->fails < fail_after ? h->fails + 1 : fail_after;
		if (h->healthy && h->fails >= fail_after)
			h->healthy = 0;
	}
	return h->healthy != was;
}

enum attempt_state { AT_PENDING, AT_RUNNING, AT_DONE };

/* One connect() to one port of one job. */
struct attempt {
	size_t			job;
	unsigned short		port;
	enum attempt_state	state;
	int			fd;
	long long		end;	/* now_ms() when it times out */
	int			err;	/* 0, an errno, or ETIMEDOUT */
	int			deadline;	/* the run's deadline cut it */
};

struct job {
	size_t		first;	/* its attempts: first .. first + nports - 1 */
	size_t		left;	/* attempts not done */
	int		done;
	long long	start;
};

static const char *
errno_text(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return "connection refused";
	case ENETUNREACH:
		return "network unreachable";
	case EHOSTUNREACH:
		return "host unreachable";
	case ECONNRESET:
		return "connection reset";
	case EADDRNOTAVAIL:
		return "address not available";
	case EAFNOSUPPORT:
		return "address family not supported";
	default:
		return strerror(err);
	}
}

static void
attempt_text(const struct attempt *at, long timeout_ms, char *buf, size_t len)
{
	if (at->deadline)
		snprintf(buf, len, "run deadline reached");
	else if (at->err == ETIMEDOUT && timeout_ms % 1000 == 0)
		snprintf(buf, len, "timed out after %ld s", timeout_ms / 1000);
	else if (at->err == ETIMEDOUT)
		snprintf(buf, len, "timed out after %ld ms", timeout_ms);
	else
		snprintf(buf, len, "%s", errno_text(at->err));
}

/* Why job j failed: one reason when all ports agree, else one per port. */
static void
job_error(struct probe *p, const struct job *jb, const struct attempt *at)
{
	char	 first[64], cur[64];
	size_t	 k, len;
	int	 same = 1;

	attempt_text(&at[jb->first], p->timeout_ms, first, sizeof(first));
	for (k = 1; k < p->nports; k++) {
		attempt_text(&at[jb->first + k], p->timeout_ms, cur,
		    sizeof(cur));
		if (strcmp(cur, first) != 0)
			same = 0;
	}
	if (same) {
		snprintf(p->error, sizeof(p->error), "%s", first);
		return;
	}
	p->error[0] = '\0';
	for (k = 0; k < p->nports; k++) {
		len = strlen(p->error);
		attempt_text(&at[jb->first + k], p->timeout_ms, cur,
		    sizeof(cur));
		snprintf(p->error + len, sizeof(p->error) - len, "%sport %u: %s",
		    k > 0 ? ", " : "", (unsigned)at[jb->first + k].port, cur);
	}
}

static void
attempt_close(struct attempt *a, size_t *nopen)
{
	if (a->state == AT_RUNNING) {
		close(a->fd);
		(*nopen)--;
	}
	a->fd = -1;
	a->state = AT_DONE;
}

/* The job of attempt a connected: the job is ok, its other attempts end. */
static void
job_succeed(struct probe *v, struct job *jobs, struct attempt *at,
    size_t ai, size_t *nopen)
{
	struct job	*jb = &jobs[at[ai].job];
	struct probe	*p = &v[at[ai].job];
	size_t		 k;

	p->ok = 1;
	p->port = at[ai].port;
	p->error[0] = '\0';
	p->ms = (long)(now_ms() - jb->start);
	jb->done = 1;
	for (k = 0; k < p->nports; k++)
		attempt_close(&at[jb->first + k], nopen);
	jb->left = 0;
}

/* Attempt a failed with err; the job fails when it was its last hope. */
static void
attempt_fail(struct probe *v, struct job *jobs, struct attempt *at,
    size_t ai, int err, int deadline, size_t *nopen)
{
	struct job	*jb = &jobs[at[ai].job];
	struct probe	*p = &v[at[ai].job];

	attempt_close(&at[ai], nopen);
	at[ai].err = err;
	at[ai].deadline = deadline;
	if (--jb->left > 0)
		return;
	jb->done = 1;
	p->ok = 0;
	p->ms = (long)(now_ms() - jb->start);
	job_error(p, jb, at);
}

static socklen_t
fill_sockaddr(struct sockaddr_storage *ss, const struct addr *a,
    unsigned short port)
{
	struct sockaddr_in	*sin;
	struct sockaddr_in6	*sin6;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->b, 4);
		return sizeof(*sin);
	}
	sin6 = (struct sockaddr_in6 *)ss;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	memcpy(&sin6->sin6_addr, a->b, 16);
	return sizeof(*sin6);
}

/*
 * Start attempt ai. Returns 0 when it was started (or already decided),
 * -1 when no descriptor is free now and it should be retried later.
 */
static int
attempt_start(struct probe *v, struct job *jobs, struct attempt *at,
    size_t ai, long long run_end, size_t *nopen)
{
	struct sockaddr_storage	 ss;
	struct attempt		*a = &at[ai];
	struct probe		*p = &v[a->job];
	struct job		*jb = &jobs[a->job];
	socklen_t		 sl;
	long long		 now;
	long			 timeout;
	int			 fd, fl;

	now = now_ms();
	if (jb->start == 0)
		jb->start = now;
	if (now >= run_end) {
		attempt_fail(v, jobs, at, ai, ETIMEDOUT, 1, nopen);
		return 0;
	}
	if (p->addr.family != AF_INET && p->addr.family != AF_INET6) {
		attempt_fail(v, jobs, at, ai, EAFNOSUPPORT, 0, nopen);
		return 0;
	}
	if ((fd = socket(p->addr.family, SOCK_STREAM, 0)) == -1) {
		if ((errno == EMFILE || errno == ENFILE) && *nopen > 0)
			return -1;
		attempt_fail(v, jobs, at, ai, errno, 0, nopen);
		return 0;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
		close(fd);
		attempt_fail(v, jobs, at, ai, errno, 0, nopen);
		return 0;
	}
	a->fd = fd;
	a->state = AT_RUNNING;
	(*nopen)++;
	sl = fill_sockaddr(&ss, &p->addr, a->port);
	if (connect(fd, (struct sockaddr *)&ss, sl) == 0) {
		job_succeed(v, jobs, at, ai, nopen);
		return 0;
	}
	if (errno != EINPROGRESS && errno != EINTR) {
		attempt_fail(v, jobs, at, ai, errno, 0, nopen);
		return 0;
	}
	timeout = p->timeout_ms > 0 ? p->timeout_ms : 1;
	a->end = now + timeout;
	if (a->end > run_end)
		a->end = run_end;
	return 0;
}

/* The connect() of running attempt ai has an outcome. */
static void
attempt_finish(struct probe *v, struct job *jobs, struct attempt *at,
    size_t ai, size_t *nopen)
{
	socklen_t	len;
	int		err = 0;

	len = sizeof(err);
	if (getsockopt(at[ai].fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err == 0)
		job_succeed(v, jobs, at, ai, nopen);
	else
		attempt_fail(v, jobs, at, ai, err, 0, nopen);
}

int
health_probe(struct probe *v, size_t n)
{
	struct pollfd	 pfd[PROBE_MAX_OPEN];
	size_t		 map[PROBE_MAX_OPEN];
	struct attempt	*at = NULL;
	struct job	*jobs = NULL;
	size_t		 i, k, nat = 0, next = 0, nopen = 0, npfd;
	long long	 now, run_end, wait;
	long		 left;
	int		 rc = EX_SOFTWARE;

	for (i = 0; i < n; i++) {
		if (v[i].nports > SIZE_MAX / sizeof(*at) - nat) {
			log_err("health checks: too many ports");
			return EX_SOFTWARE;
		}
		nat += v[i].nports;
	}
	if ((jobs = calloc(n > 0 ? n : 1, sizeof(*jobs))) == NULL ||
	    (at = calloc(nat > 0 ? nat : 1, sizeof(*at))) == NULL) {
		log_err("health checks: out of memory");
		goto out;
	}
	for (i = 0, nat = 0; i < n; i++) {
		v[i].ok = v[i].nports == 0;
		v[i].port = 0;
		v[i].ms = 0;
		v[i].error[0] = '\0';
		jobs[i].first = nat;
		jobs[i].left = v[i].nports;
		jobs[i].done = v[i].nports == 0;
		for (k = 0; k < v[i].nports; k++, nat++) {
			at[nat].job = i;
			at[nat].port = v[i].ports[k];
			at[nat].state = AT_PENDING;
			at[nat].fd = -1;
		}
	}

	left = deadline_left_ms();
	run_end = left == LONG_MAX ? LLONG_MAX : now_ms() + left;
	for (;;) {
		/* Start what waits, as long as descriptors are free. */
		while (next < nat && nopen < PROBE_MAX_OPEN) {
			if (at[next].state != AT_PENDING ||
			    jobs[at[next].job].done) {
				at[next++].state = AT_DONE;
				continue;
			}
			if (attempt_start(v, jobs, at, next, run_end,
			    &nopen) == -1)
				break;
			next++;
		}

		npfd = 0;
		now = now_ms();
		wait = LLONG_MAX;
		for (k = 0; k < nat; k++) {
			if (at[k].state != AT_RUNNING)
				continue;
			if (at[k].end <= now) {
				attempt_fail(v, jobs, at, k, ETIMEDOUT,
				    at[k].end >= run_end, &nopen);
				continue;
			}
			if (at[k].end - now < wait)
				wait = at[k].end - now;
			pfd[npfd].fd = at[k].fd;
			pfd[npfd].events = POLLOUT;
			pfd[npfd].revents = 0;
			map[npfd++] = k;
		}
		if (npfd == 0) {
			if (next < nat)
				continue;	/* timeouts freed slots */
			break;
		}
		if (wait > INT_MAX)
			wait = INT_MAX;
		if (poll(pfd, npfd, (int)wait) == -1) {
			if (errno == EINTR)
				continue;
			log_err("health checks: poll: %s", strerror(errno));
			goto out;
		}
		for (i = 0; i < npfd; i++) {
			if (pfd[i].revents == 0)
				continue;
			/* An earlier success of the same job may have closed it. */
			if (at[map[i]].state == AT_RUNNING)
				attempt_finish(v, jobs, at, map[i], &nopen);
		}
	}
	rc = 0;
out:
	for (k = 0; k < nat && at != NULL; k++)
		if (at[k].state == AT_RUNNING)
			close(at[k].fd);
	free(at);
	free(jobs);
	return rc;
}
