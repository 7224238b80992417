/*
 * resolve.c - sources -> addresses. getaddrinfo blocks and cannot be
 * cancelled, so system lookups run on a small pool of worker threads (see
 * "system resolver" below), and a lookup that overruns is abandoned to its
 * thread; DNS servers are asked with c-ares, every channel driven from one
 * poll loop on the calling thread. Both kinds run at the same time, so a
 * run waits for its slowest source, not their sum.
 *
 * Each c-ares channel knows a single server and we move a query on to the
 * next server ourselves: that way the message says what each server did
 * (c-ares 1.18 reports SERVFAIL as "connection refused" once it has run
 * out of servers) and the order does not depend on the c-ares version.
 *
 * The system resolver's pool: workers take lookups from one queue, in the
 * order of the sources. RESOLVE_WORKERS start at once; while lookups still
 * wait for a worker RESOLVE_GROW_MS later (they are slow, or some hang on
 * a silent server), RESOLVE_WORKERS more start, and so on up to
 * RESOLVE_THREADS_MAX. The pool grows on the queue's wait rather than by
 * replacing a worker whose lookup timed out: every lookup's time runs from
 * the start of the call, so a worker started at a timeout would come too
 * late for the lookups queued behind it. A worker whose getaddrinfo
 * returns takes the next lookup that still has time, or ends.
 */
/* EAI_NODATA and EAI_ADDRFAMILY: glibc hides them otherwise (#ifdef'd). */
#define _GNU_SOURCE

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/nameser.h>

#include <ares.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "exitcode.h"
#include "log.h"
#include "resolve.h"
#include "util.h"

#define ADDRS_MAX	64	/* per source and answer; a line has a few */

/* One source being resolved. */
struct slot {
	const struct group	*g;
	const struct source	*s;
	struct source_result	*r;
	long			 limit_ms;	/* how long it may take */
	int			 by_deadline;	/* limit_ms is the run's deadline */
	long long		 done_ms;	/* when it finished (now_ms) */
};

/* One getaddrinfo lookup of the system resolver's pool. */
struct sys_job {
	/* Set before the first worker starts, then only read. */
	char			*host;		/* a copy: may outlive the config */
	int			 family;
	long long		 deadline;	/* now_ms() to settle it by */
	struct slot		*slot;		/* the waiter's only */
	/* Under pool->mtx. */
	enum { JOB_QUEUED, JOB_RUNNING, JOB_DONE } state;
	int			 settled;	/* slot has outcome or timeout */
	int			 gai;		/* getaddrinfo's return */
	int			 sys_errno;	/* with EAI_SYSTEM */
	struct addr		*addrs;
	size_t			 naddrs;
	long long		 done_ms;
};

struct sys_pool;

/* A worker thread; job and ended are under pool->mtx. */
struct sys_worker {
	struct sys_pool		*pool;
	pthread_t		 tid;
	struct sys_job		*job;		/* the lookup it runs, or NULL */
	int			 ended;
};

/*
 * The lookups of one call and their workers. Workers left inside
 * getaddrinfo may still run after resolve_all returns, so the pool is
 * freed by whoever drops the last reference: the caller or a worker.
 */
struct sys_pool {
	pthread_mutex_t		 mtx;
	pthread_cond_t		 cond;	/* a job is done; on CLOCK_MONOTONIC */
	int			 refs;
	struct sys_job		*jobs;
	size_t			 njobs;
	size_t			 next;	/* jobs[next..] wait for a worker */
	struct sys_worker	 workers[RESOLVE_THREADS_MAX];
	size_t			 nworkers;	/* started */
	long long		 grow_at;	/* more may start from then on */
	int			 full;		/* no more may start */
};

struct dns_chan;

/* The servers asked for some sources: a group's list, or a "host@server". */
struct dns_list {
	char *const		*servers;
	size_t			 nservers;
	struct dns_chan		*chans;		/* one per server */
	char			 via[64];	/* the servers, for via */
	long long		 deadline;
	int			 by_deadline;	/* it is the run's deadline */
};

/* A c-ares channel asking one server. */
struct dns_chan {
	ares_channel		 channel;
	int			 live;		/* channel initialised */
	struct dns_list		*list;
	size_t			 pending;	/* queries not yet called back */
};

struct dns_query {
	struct dns_list		*list;
	struct slot		*slot;
	size_t			 server;	/* the one being asked */
	long long		 asked_ms;	/* since when (the first: the run) */
};

static const char *
type_name(int family)
{
	return addr_rrtype(family);
}

static int
addr_qcmp(const void *a, const void *b)
{
	return addr_cmp(a, b);
}

/* Sort a[0..n) and drop repeats; returns the new count. */
static size_t
addrs_unique(struct addr *a, size_t n)
{
	size_t i, k;

	if (n < 2)
		return n;
	qsort(a, n, sizeof(*a), addr_qcmp);
	for (i = 1, k = 1; i < n; i++)
		if (addr_cmp(&a[i], &a[k - 1]) != 0)
			a[k++] = a[i];
	return k;
}

/* "5 s" or "2.3 s" */
static const char *
limit_str(long ms, char *buf, size_t size)
{
	long tenths = (ms + 50) / 100;

	if (tenths % 10 == 0)
		snprintf(buf, size, "%ld s", tenths / 10);
	else
		snprintf(buf, size, "%ld.%ld s", tenths / 10, tenths % 10);
	return buf;
}

/* asking: the servers asked; queued: no system resolver thread took it. */
static void
set_timeout(struct slot *sl, const char *asking, int queued)
{
	char lim[32];

	sl->r->status = EX_TEMPFAIL;
	snprintf(sl->r->error, sizeof(sl->r->error),
	    "timed out after %s%s%s%s%s",
	    limit_str(sl->limit_ms, lim, sizeof(lim)),
	    sl->by_deadline ? " (the run's deadline)" : "",
	    asking != NULL ? " asking " : "", asking != NULL ? asking : "",
	    queued ? " waiting for a resolver thread" : "");
}

static void
set_oom(struct slot *sl)
{
	sl->r->status = EX_SOFTWARE;
	snprintf(sl->r->error, sizeof(sl->r->error), "out of memory");
	log_err("group %s: %s: out of memory", sl->g->name, sl->s->host);
}

/* "a, b, c" into buf, ending in "..." when they do not all fit. */
static void
servers_str(char *buf, size_t size, char *const *servers, size_t n)
{
	size_t i, len = 0, need;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		need = strlen(servers[i]) + (i > 0 ? 2 : 0);
		/* Keep room for a final "..." unless this is the last one. */
		if (len + need + (i + 1 < n ? 3 : 0) >= size) {
			if (len + 3 < size)
				memcpy(buf + len, "...", 4);
			return;
		}
		len += snprintf(buf + len, size - len, "%s%s",
		    i > 0 ? ", " : "", servers[i]);
	}
}

/* --- system resolver (getaddrinfo on a pool of threads) --- */

static void
sys_pool_unref(struct sys_pool *p)
{
	size_t i;
	int last;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mtx);
	last = --p->refs == 0;
	pthread_mutex_unlock(&p->mtx);
	if (!last)
		return;
	for (i = 0; i < p->njobs; i++) {
		free(p->jobs[i].host);
		free(p->jobs[i].addrs);
	}
	free(p->jobs);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->mtx);
	free(p);
}

static struct sys_pool *
sys_pool_new(size_t njobs)
{
	struct sys_pool *p;
	pthread_condattr_t ca;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	if ((p->jobs = calloc(njobs, sizeof(*p->jobs))) == NULL) {
		free(p);
		return NULL;
	}
	p->njobs = njobs;
	p->refs = 1;
	if (pthread_mutex_init(&p->mtx, NULL) != 0)
		goto fail;
	if (pthread_condattr_init(&ca) != 0) {
		pthread_mutex_destroy(&p->mtx);
		goto fail;
	}
	if (pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&p->cond, &ca) != 0) {
		pthread_condattr_destroy(&ca);
		pthread_mutex_destroy(&p->mtx);
		goto fail;
	}
	pthread_condattr_destroy(&ca);
	return p;
fail:
	free(p->jobs);
	free(p);
	return NULL;
}

/*
 * getaddrinfo(host) for addresses of family: returns its status, with
 * *err the errno of EAI_SYSTEM and *addrs (new, sorted, no repeats) and
 * *naddrs on success.
 */
static int
sys_lookup(const char *host, int family, struct addr **addrs,
    size_t *naddrs, int *err)
{
	struct addrinfo hints, *ai = NULL, *p;
	struct addr *a = NULL;
	size_t n = 0;
	int gai;

	*err = 0;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;	/* one entry per address */
	/*
	 * No AI_ADDRCONFIG: it would hide AAAA answers on a router whose
	 * IPv6 uplink is not up yet, and everything where only lo exists.
	 */
	gai = getaddrinfo(host, NULL, &hints, &ai);
	if (gai == EAI_SYSTEM)
		*err = errno;
	if (gai == 0) {
		for (p = ai; p != NULL; p = p->ai_next)
			n++;
		if ((a = calloc(n > 0 ? n : 1, sizeof(*a))) == NULL)
			gai = EAI_MEMORY;
		n = 0;
		for (p = ai; a != NULL && p != NULL; p = p->ai_next) {
			if (p->ai_family == AF_INET && family == AF_INET) {
				a[n].family = AF_INET;
				memcpy(a[n++].b, &((struct sockaddr_in *)
				    (void *)p->ai_addr)->sin_addr, 4);
			} else if (p->ai_family == AF_INET6 &&
			    family == AF_INET6) {
				a[n].family = AF_INET6;
				memcpy(a[n++].b, &((struct sockaddr_in6 *)
				    (void *)p->ai_addr)->sin6_addr, 16);
			}
		}
		n = addrs_unique(a, n);
		freeaddrinfo(ai);
	}
	*addrs = a;
	*naddrs = n;
	return gai;
}

/* The next queued job that still has time, or NULL; pool->mtx held. */
static struct sys_job *
sys_take(struct sys_pool *p)
{
	struct sys_job *j;
	long long now = now_ms();

	while (p->next < p->njobs) {
		j = &p->jobs[p->next++];
		if (!j->settled && now < j->deadline)
			return j;
	}
	return NULL;
}

/* A worker: lookups from the queue until it is empty. */
static void *
sys_work(void *arg)
{
	struct sys_worker *w = arg;
	struct sys_pool *p = w->pool;
	struct sys_job *j;
	struct addr *a;
	size_t n;
	int gai, err;

	pthread_mutex_lock(&p->mtx);
	while ((j = sys_take(p)) != NULL) {
		w->job = j;
		j->state = JOB_RUNNING;
		pthread_mutex_unlock(&p->mtx);
		/* host and family do not change once the job is queued. */
		gai = sys_lookup(j->host, j->family, &a, &n, &err);
		pthread_mutex_lock(&p->mtx);
		j->gai = gai;
		j->sys_errno = err;
		j->addrs = a;
		j->naddrs = n;
		j->done_ms = now_ms();
		j->state = JOB_DONE;
		w->job = NULL;
		pthread_cond_signal(&p->cond);
	}
	w->ended = 1;
	pthread_mutex_unlock(&p->mtx);
	sys_pool_unref(p);
	return NULL;
}

/* Start one more worker; pool->mtx held. -1 (reported) when it cannot. */
static int
sys_spawn(struct sys_pool *p)
{
	struct sys_worker *w = &p->workers[p->nworkers];
	int e;

	w->pool = p;
	w->job = NULL;
	w->ended = 0;
	p->refs++;
	/*
	 * Joinable: a worker that ends in time is joined, so the C library's
	 * per-thread resolver state is released before the process exits;
	 * one left inside getaddrinfo is detached (sys_end).
	 */
	if ((e = pthread_create(&w->tid, NULL, sys_work, w)) != 0) {
		p->refs--;
		log_err("resolving sources: cannot start a resolver thread: %s",
		    strerror(e));
		return -1;
	}
	p->nworkers++;
	return 0;
}

/* Move a finished job's outcome into its result; pool->mtx held. */
static void
sys_collect(struct sys_job *j)
{
	struct slot *sl = j->slot;
	struct source_result *r = sl->r;
	int gai = j->gai, nohost = 0;

	j->settled = 1;
	sl->done_ms = j->done_ms;
	if (gai == 0 && j->naddrs > 0) {
		r->addrs = j->addrs;
		r->naddrs = j->naddrs;
		j->addrs = NULL;
		return;
	}
	if (gai == EAI_MEMORY) {
		set_oom(sl);
		return;
	}
	if (gai == 0 || gai == EAI_NONAME)
		nohost = 1;
#ifdef EAI_NODATA
	if (gai == EAI_NODATA)
		nohost = 1;
#endif
#ifdef EAI_ADDRFAMILY
	if (gai == EAI_ADDRFAMILY)
		nohost = 1;
#endif
	r->status = nohost ? EX_NOHOST : EX_TEMPFAIL;
	if (gai == 0)
		snprintf(r->error, sizeof(r->error), "no %s address",
		    type_name(sl->g->family));
	else if (gai == EAI_SYSTEM)
		snprintf(r->error, sizeof(r->error), "%s",
		    strerror(j->sys_errno));
	else
		snprintf(r->error, sizeof(r->error), "%s", gai_strerror(gai));
}

/*
 * Settle the jobs that are done or out of time, and start workers for the
 * queue as the comment at the top says; pool->mtx held. Returns when to
 * look again (a now_ms() time), or -1 when every job is settled.
 */
static long long
sys_tick(struct sys_pool *p)
{
	struct sys_job *j;
	size_t i, queued = 0, idle = 0, n;
	long long now = now_ms(), next = -1;

	for (i = 0; i < p->njobs; i++) {
		j = &p->jobs[i];
		if (j->settled)
			continue;
		if (j->state == JOB_DONE)
			sys_collect(j);
		else if (now >= j->deadline) {
			/* A running lookup is left to its worker. */
			j->settled = 1;
			j->slot->done_ms = now;
			set_timeout(j->slot, NULL, j->state == JOB_QUEUED);
		} else {
			if (next == -1 || j->deadline < next)
				next = j->deadline;
			if (j->state == JOB_QUEUED && i >= p->next)
				queued++;
		}
	}
	if (next == -1 || p->full)
		return next;
	/* Workers started but not yet running each take a job. */
	for (i = 0; i < p->nworkers; i++)
		if (p->workers[i].job == NULL && !p->workers[i].ended)
			idle++;
	if (queued <= idle)
		return next;
	if (p->nworkers > 0 && now < p->grow_at)
		return p->grow_at < next ? p->grow_at : next;

	n = queued - idle;
	if (n > RESOLVE_WORKERS)
		n = RESOLVE_WORKERS;
	if (n > RESOLVE_THREADS_MAX - p->nworkers)
		n = RESOLVE_THREADS_MAX - p->nworkers;
	for (i = 0; i < n; i++) {
		if (sys_spawn(p) != 0) {
			p->full = 1;
			break;
		}
	}
	if (p->nworkers == 0) {
		/* Nothing will ever take them: fail them now (reported). */
		for (i = 0; i < p->njobs; i++) {
			j = &p->jobs[i];
			if (j->settled)
				continue;
			j->settled = 1;
			j->slot->done_ms = now;
			j->slot->r->status = EX_SOFTWARE;
			snprintf(j->slot->r->error, sizeof(j->slot->r->error),
			    "no resolver thread");
		}
		return -1;
	}
	if (p->nworkers == RESOLVE_THREADS_MAX)
		p->full = 1;
	p->grow_at = now + RESOLVE_GROW_MS;
	return p->full || next < p->grow_at ? next : p->grow_at;
}

/* Start the first workers. */
static void
sys_start(struct sys_pool *p)
{
	pthread_mutex_lock(&p->mtx);
	sys_tick(p);
	pthread_mutex_unlock(&p->mtx);
}

/* Wait until every job has its outcome or its time is up. */
static void
sys_wait(struct sys_pool *p)
{
	struct timespec ts;
	long long next;

	pthread_mutex_lock(&p->mtx);
	while ((next = sys_tick(p)) != -1) {
		ts.tv_sec = next / 1000;
		ts.tv_nsec = next % 1000 * 1000000;
		pthread_cond_timedwait(&p->cond, &p->mtx, &ts);
	}
	pthread_mutex_unlock(&p->mtx);
}

/*
 * Let go of the workers: the queue is closed, so those not inside
 * getaddrinfo end at once and are joined; one still inside (its job timed
 * out) is detached and ends alone when the call returns.
 */
static void
sys_end(struct sys_pool *p)
{
	int detach[RESOLVE_THREADS_MAX];
	size_t i, n;

	pthread_mutex_lock(&p->mtx);
	p->next = p->njobs;
	n = p->nworkers;
	for (i = 0; i < n; i++)
		detach[i] = !p->workers[i].ended && p->workers[i].job != NULL;
	pthread_mutex_unlock(&p->mtx);
	for (i = 0; i < n; i++) {
		if (detach[i])
			pthread_detach(p->workers[i].tid);
		else
			pthread_join(p->workers[i].tid, NULL);
	}
}

/* --- DNS servers asked directly (c-ares) --- */

/* Add one server's failure to r->error, "; " between them. */
static void __attribute__((format(printf, 2, 3)))
add_error(struct source_result *r, const char *fmt, ...)
{
	va_list ap;
	size_t len = strlen(r->error);

	if (len > 0 && len + 2 < sizeof(r->error)) {
		memcpy(r->error + len, "; ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->error + len, sizeof(r->error) - len, fmt, ap);
	va_end(ap);
}

static int
dns_parse(struct dns_query *q, unsigned char *abuf, int alen)
{
	struct ares_addrttl t4[ADDRS_MAX];
	struct ares_addr6ttl t6[ADDRS_MAX];
	struct source_result *r = q->slot->r;
	int family = q->slot->g->family;
	int i, n = ADDRS_MAX, st;

	if (family == AF_INET6)
		st = ares_parse_aaaa_reply(abuf, alen, NULL, t6, &n);
	else
		st = ares_parse_a_reply(abuf, alen, NULL, t4, &n);
	if (st != ARES_SUCCESS)
		return st;
	if (n <= 0)
		return ARES_ENODATA;
	if ((r->addrs = calloc(n, sizeof(*r->addrs))) == NULL)
		return ARES_ENOMEM;
	for (i = 0; i < n; i++) {
		r->addrs[i].family = family;
		if (family == AF_INET6)
			memcpy(r->addrs[i].b, &t6[i].ip6addr, 16);
		else
			memcpy(r->addrs[i].b, &t4[i].ipaddr, 4);
	}
	r->naddrs = addrs_unique(r->addrs, n);
	return ARES_SUCCESS;
}

static void	dns_answer(void *, int, int, unsigned char *, int);

static void
dns_ask(struct dns_query *q)
{
	struct dns_chan *ch = &q->list->chans[q->server];

	ch->pending++;
	/* May call back at once, e.g. when the server is unreachable. */
	ares_query(ch->channel, q->slot->s->host, ns_c_in,
	    q->slot->g->family == AF_INET6 ? ns_t_aaaa : ns_t_a, dns_answer, q);
}

static void
dns_answer(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct dns_query *q = arg;
	struct dns_list *l = q->list;
	struct slot *sl = q->slot;
	struct source_result *r = sl->r;
	const char *server = l->servers[q->server];
	char took[32];
	long long now = now_ms();

	(void)timeouts;
	l->chans[q->server].pending--;
	if (status == ARES_SUCCESS)
		status = dns_parse(q, abuf, alen);

	/* Answers end the query; failures of a server move it on. */
	switch (status) {
	case ARES_SUCCESS:
		/* Forget what the servers before this one did. */
		r->status = 0;
		r->error[0] = '\0';
		goto done;
	case ARES_ENOMEM:
		set_oom(sl);
		goto done;
	case ARES_ENOTFOUND:
		r->status = EX_NOHOST;
		snprintf(r->error, sizeof(r->error),
		    "no such name (NXDOMAIN) from %s", server);
		goto done;
	case ARES_ENODATA:
		r->status = EX_NOHOST;
		snprintf(r->error, sizeof(r->error), "no %s record from %s",
		    type_name(sl->g->family), server);
		goto done;
	case ARES_ETIMEOUT:
	case ARES_ECANCELLED:	/* the deadline, see dns_run */
		add_error(r, "timed out after %s%s asking %s",
		    limit_str(now - q->asked_ms, took, sizeof(took)),
		    l->by_deadline && (status == ARES_ECANCELLED ||
		    q->server + 1 == l->nservers) ?
		    " (the run's deadline)" : "", server);
		break;
	case ARES_ESERVFAIL:
		add_error(r, "SERVFAIL from %s", server);
		break;
	case ARES_EREFUSED:
		add_error(r, "REFUSED by %s", server);
		break;
	case ARES_ECONNREFUSED:
		add_error(r, "connection refused by %s", server);
		break;
	default:
		add_error(r, "%s (asking %s)", ares_strerror(status), server);
		break;
	}
	r->status = EX_TEMPFAIL;
	if (status != ARES_ECANCELLED && status != ARES_EDESTRUCTION &&
	    q->server + 1 < l->nservers && now < l->deadline) {
		q->server++;
		q->asked_ms = now;
		dns_ask(q);
		return;
	}
done:
	sl->done_ms = now;
}

/*
 * A channel that asks server alone, each query once for try_ms, and
 * nothing else: no /etc/resolv.conf, search list or HOSTALIASES.
 * 0, or EX_SOFTWARE reported.
 */
static int
dns_chan_init(struct dns_chan *ch, const char *group, const char *server,
    long try_ms)
{
	static char lookups[] = "b";	/* DNS only; no effect on ares_query */
	struct ares_options o;
	int st;

	memset(&o, 0, sizeof(o));
	/* NOCHECKRESP: SERVFAIL and REFUSED come to dns_answer as such. */
	o.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES |
	    ARES_FLAG_NOCHECKRESP;
	o.timeout = try_ms > 0 ? (int)try_ms : 1;
	o.tries = 1;
	o.ndots = 1;
	o.lookups = lookups;
	/* Setting all of these keeps c-ares from reading /etc/resolv.conf. */
	st = ares_init_options(&ch->channel, &o, ARES_OPT_FLAGS |
	    ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_NDOTS |
	    ARES_OPT_SERVERS | ARES_OPT_DOMAINS | ARES_OPT_SORTLIST |
	    ARES_OPT_LOOKUPS);
	if (st != ARES_SUCCESS) {
		log_err("group %s: c-ares: %s", group, ares_strerror(st));
		return EX_SOFTWARE;
	}
	ch->live = 1;
	/* Parses every form config.c accepts: a, a:port, v6, [v6]:port. */
	if ((st = ares_set_servers_ports_csv(ch->channel, server)) !=
	    ARES_SUCCESS) {
		log_err("group %s: resolver %s: %s", group, server,
		    ares_strerror(st));
		return EX_SOFTWARE;
	}
	return 0;
}

/*
 * Servers are asked in order, each for limit_ms / nservers, so that a
 * silent one leaves time for the next. 0, or EX_SOFTWARE reported.
 */
static int
dns_list_init(struct dns_list *l, struct dns_chan *chans,
    const struct slot *sl, char *const *servers, size_t nservers)
{
	size_t i;

	if (nservers == 0) {
		log_err("group %s: resolver lists no server", sl->g->name);
		return EX_SOFTWARE;
	}
	l->servers = servers;
	l->nservers = nservers;
	l->chans = chans;
	l->by_deadline = sl->by_deadline;
	servers_str(l->via, sizeof(l->via), servers, nservers);
	for (i = 0; i < nservers; i++) {
		chans[i].list = l;
		if (dns_chan_init(&chans[i], sl->g->name, servers[i],
		    sl->limit_ms / (long)nservers) != 0)
			return EX_SOFTWARE;
	}
	return 0;
}

/*
 * Drive every channel until its queries are answered or its time is up.
 * The system resolver's pool (NULL: none) is tended meanwhile, so that it
 * grows on time while the channels are polled.
 */
static int
dns_run(struct dns_chan *chans, size_t nchans, struct sys_pool *pool)
{
	ares_socket_t socks[ARES_GETSOCK_MAXNUM];
	struct timeval tvbuf, *tv;
	struct pollfd *pfd;
	struct dns_chan *ch;
	size_t *owner, i, k, nfds, active;
	long long now, left, wait, t;
	unsigned int bits;

	if (nchans == 0)
		return 0;
	pfd = calloc(nchans * ARES_GETSOCK_MAXNUM, sizeof(*pfd));
	owner = calloc(nchans * ARES_GETSOCK_MAXNUM, sizeof(*owner));
	if (pfd == NULL || owner == NULL) {
		log_err("resolving sources: out of memory");
		free(pfd);
		free(owner);
		return EX_SOFTWARE;
	}
	for (;;) {
		now = now_ms();
		wait = -1;
		nfds = 0;
		active = 0;
		if (pool != NULL) {
			pthread_mutex_lock(&pool->mtx);
			t = sys_tick(pool);
			pthread_mutex_unlock(&pool->mtx);
			if (t != -1)
				wait = t > now ? t - now : 0;
		}
		for (i = 0; i < nchans; i++) {
			ch = &chans[i];
			if (ch->pending == 0)
				continue;
			if (now >= ch->list->deadline) {
				/* Calls back with ARES_ECANCELLED. */
				ares_cancel(ch->channel);
				continue;
			}
			active++;
			bits = (unsigned int)ares_getsock(ch->channel, socks,
			    ARES_GETSOCK_MAXNUM);
			/* Not ARES_GETSOCK_*: they shift into an int's sign. */
			for (k = 0; k < ARES_GETSOCK_MAXNUM; k++) {
				pfd[nfds].events = 0;
				if (bits & 1U << k)
					pfd[nfds].events |= POLLIN;
				if (bits & 1U << (k + ARES_GETSOCK_MAXNUM))
					pfd[nfds].events |= POLLOUT;
				if (pfd[nfds].events == 0)
					continue;
				pfd[nfds].fd = socks[k];
				pfd[nfds].revents = 0;
				owner[nfds++] = i;
			}
			left = ch->list->deadline - now;
			if ((tv = ares_timeout(ch->channel, NULL, &tvbuf)) !=
			    NULL) {
				t = (long long)tv->tv_sec * 1000 +
				    (tv->tv_usec + 999) / 1000;
				if (t < left)
					left = t;
			}
			if (wait < 0 || left < wait)
				wait = left;
		}
		if (active == 0)
			break;
		if (poll(pfd, nfds, (int)wait) == -1 && errno != EINTR) {
			log_err("resolving sources: poll: %s", strerror(errno));
			free(pfd);
			free(owner);
			return EX_SOFTWARE;
		}
		for (k = 0; k < nfds; k++) {
			if (pfd[k].revents == 0)
				continue;
			ares_process_fd(chans[owner[k]].channel,
			    pfd[k].revents & (POLLIN | POLLERR | POLLHUP) ?
			    pfd[k].fd : ARES_SOCKET_BAD,
			    pfd[k].revents & (POLLOUT | POLLERR) ?
			    pfd[k].fd : ARES_SOCKET_BAD);
		}
		/* Expired tries end here and move on to the next server. */
		for (i = 0; i < nchans; i++)
			if (chans[i].pending > 0)
				ares_process_fd(chans[i].channel,
				    ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	}
	free(pfd);
	free(owner);
	return 0;
}

/* --- all of it --- */

static void
log_slot(const struct slot *sl, long long start)
{
	const struct source_result *r = sl->r;
	char out[512], a[ADDR_STRLEN];
	size_t i, len = 0;

	if (r->status != 0)
		snprintf(out, sizeof(out), "%s", r->error);
	else {
		out[0] = '\0';
		for (i = 0; i < r->naddrs && len + ADDR_STRLEN + 5 <
		    sizeof(out); i++)
			len += snprintf(out + len, sizeof(out) - len, "%s%s",
			    i > 0 ? " " : "", addr_str(&r->addrs[i], a));
		if (i < r->naddrs)
			snprintf(out + len, sizeof(out) - len, " ...");
	}
	log_debug("group %s: %s%s%s via %s: %s (%lld ms)", sl->g->name,
	    sl->s->host, sl->s->server != NULL ? "@" : "",
	    sl->s->server != NULL ? sl->s->server : "", r->via, out,
	    sl->done_ms - start);
}

static int
copy_literal(struct slot *sl)
{
	struct source_result *r = sl->r;

	snprintf(r->via, sizeof(r->via), "literal");
	if (sl->s->literal.family != sl->g->family) {
		/* config.c refuses these; stay safe anyway. */
		r->status = EX_NOHOST;
		snprintf(r->error, sizeof(r->error), "not an %s address",
		    type_name(sl->g->family));
		return 0;
	}
	if ((r->addrs = malloc(sizeof(*r->addrs))) == NULL) {
		set_oom(sl);
		return EX_SOFTWARE;
	}
	r->addrs[0] = sl->s->literal;
	r->naddrs = 1;
	return 0;
}

int
resolve_all(struct group *const *groups, size_t ngroups,
    struct source_result *const *res)
{
	static int ares_ready;
	struct slot *slots = NULL, *sl;
	struct sys_pool *pool = NULL;
	struct sys_job *job;
	struct dns_list *lists = NULL, *l, *gl;
	struct dns_chan *chans = NULL;
	struct dns_query *queries = NULL, *q;
	const struct group *g;
	const struct source *s;
	size_t nslots = 0, nsys = 0, ndns = 0, nlists = 0, nchans = 0;
	size_t chans_max = 0, gchans, i, j, k;
	long long start = now_ms();
	long left;
	int st, rc = EX_SOFTWARE;

	for (i = 0; i < ngroups; i++) {
		g = groups[i];
		if (g->resolver == RESOLVE_API)
			continue;
		nslots += g->nsources;
		gchans = 0;
		for (j = 0; j < g->nsources; j++) {
			s = &g->sources[j];
			if (s->literal.family != 0)
				continue;
			if (s->server != NULL) {
				ndns++;
				chans_max++;
			} else if (g->resolver == RESOLVE_DNS) {
				ndns++;
				gchans = g->nservers;
			} else
				nsys++;
		}
		chans_max += gchans;
	}
	if (nslots == 0)
		return 0;
	if ((slots = calloc(nslots, sizeof(*slots))) == NULL ||
	    (nsys > 0 && (pool = sys_pool_new(nsys)) == NULL) ||
	    (ndns > 0 && ((lists = calloc(ndns, sizeof(*lists))) == NULL ||
	    (queries = calloc(ndns, sizeof(*queries))) == NULL ||
	    (chans = calloc(chans_max, sizeof(*chans))) == NULL))) {
		log_err("resolving sources: out of memory");
		goto out;
	}
	if (ndns > 0 && !ares_ready) {
		if ((st = ares_library_init(ARES_LIB_INIT_ALL)) !=
		    ARES_SUCCESS) {
			log_err("c-ares: %s", ares_strerror(st));
			goto out;
		}
		ares_ready = 1;
	}

	/* Start everything before waiting for anything. */
	left = deadline_left_ms();
	for (i = 0, k = 0, nsys = 0, ndns = 0; i < ngroups; i++) {
		g = groups[i];
		if (g->resolver == RESOLVE_API)
			continue;
		gl = NULL;
		for (j = 0; j < g->nsources; j++, k++) {
			sl = &slots[k];
			sl->g = g;
			sl->s = s = &g->sources[j];
			sl->r = &res[i][j];
			sl->done_ms = start;
			sl->limit_ms = g->resolve_timeout * 1000;
			if (left < sl->limit_ms) {
				sl->limit_ms = left;
				sl->by_deadline = 1;
			}

			if (s->literal.family != 0) {
				if (copy_literal(sl) != 0)
					goto out;
				continue;
			}

			if (s->server == NULL && g->resolver != RESOLVE_DNS) {
				snprintf(sl->r->via, sizeof(sl->r->via),
				    "system");
				job = &pool->jobs[nsys++];
				job->slot = sl;
				job->family = g->family;
				job->deadline = start + sl->limit_ms;
				if (sl->limit_ms <= 0) {
					job->settled = 1;
					set_timeout(sl, NULL, 0);
				} else if ((job->host = strdup(s->host)) ==
				    NULL) {
					set_oom(sl);
					goto out;
				}
				continue;
			}

			if (s->server == NULL && gl != NULL)
				l = gl;
			else {
				l = &lists[nlists++];
				if (dns_list_init(l, &chans[nchans], sl,
				    s->server != NULL ? &sl->s->server :
				    g->servers, s->server != NULL ? 1 :
				    g->nservers) != 0)
					goto out;
				l->deadline = start + sl->limit_ms;
				nchans += l->nservers;
				if (s->server == NULL)
					gl = l;
			}
			snprintf(sl->r->via, sizeof(sl->r->via), "%s", l->via);
			if (sl->limit_ms <= 0) {
				set_timeout(sl, l->via, 0);
				continue;
			}
			q = &queries[ndns++];
			q->list = l;
			q->slot = sl;
			q->asked_ms = start;
			dns_ask(q);
		}
	}

	if (pool != NULL)
		sys_start(pool);
	if (dns_run(chans, nchans, pool) != 0)
		goto out;
	if (pool != NULL) {
		sys_wait(pool);
		log_debug("resolving sources: %zu system lookups on %zu threads",
		    pool->njobs, pool->nworkers);
	}

	rc = 0;
	for (k = 0; k < nslots; k++) {
		if (slots[k].r->status == EX_SOFTWARE)
			rc = EX_SOFTWARE;
		if (log_level() >= VERB_DEBUG)
			log_slot(&slots[k], start);
	}
out:
	/* Queries still pending (only on failure) call back from here. */
	for (i = 0; chans != NULL && i < chans_max; i++)
		if (chans[i].live)
			ares_destroy(chans[i].channel);
	if (pool != NULL)
		sys_end(pool);
	sys_pool_unref(pool);
	free(chans);
	free(lists);
	free(queries);
	free(slots);
	return rc;
}

void
source_result_clear(struct source_result *r)
{
	if (r == NULL)
		return;
	free(r->addrs);
	memset(r, 0, sizeof(*r));
}
