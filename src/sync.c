/*
 * sync.c - the engine (DESIGN.md section 4). Data flows one way:
 * config -> resolve -> probe -> provider read -> plan -> provider write ->
 * state -> report. Every source of every group is resolved at once, every
 * line probed at once, the records of groups sharing a zone read with one
 * listing where that is cheaper; then each group meets its provider on its
 * own, so one failing group never stops the others.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "addr.h"
#include "config.h"
#include "exitcode.h"
#include "health.h"
#include "hook.h"
#include "http.h"
#include "log.h"
#include "notice.h"
#include "plan.h"
#include "provider.h"
#include "report.h"
#include "resolve.h"
#include "sign.h"
#include "state.h"
#include "sync.h"
#include "util.h"

/* One provider session per account, opened on first use. */
struct session {
	const struct account	*acct;
	struct pctx		*ctx;
};

/*
 * The groups of one account, zone, type and line: one listing of the zone
 * can serve them all, and the sources of resolver = api.
 */
struct bucket {
	const struct account	*acct;
	const char		*zone;
	const char		*line;
	int			 family;
	char			*zone_id;	/* PCAP_ZONE_ID, once known */
	int			 zone_status;	/* of finding zone_id */
	size_t			 readers;	/* groups reading their records */
	int			 too_many;	/* a listing would cost more */
	int			 listed;	/* the zone listing was made: */
	int			 status;	/* its outcome, */
	char			 why[640];	/* why it failed, and */
	struct recordset	 recs;		/* its records */
};

/* One usable address of one source: a line of the multi-WAN site. */
struct wan {
	struct addr	 addr;
	size_t		 src;		/* index into group->sources */
	int		 out;		/* taken out by its health check */
};

/* One group's run, across the phases. */
struct grun {
	struct group		*g;
	const struct provider	*p;
	struct target		 t;	/* g's name at its provider */
	struct report_group	*rg;
	struct source_result	*res;	/* one per source */
	struct source		 lookup_src;	/* single address: the name, */
	struct source_result	 name_res;	/* and what it resolves to */
	struct state_group	*sg;	/* borrowed from the state */
	struct wan		*wans;
	size_t			 nwans;
	struct bucket		*b;
	int			 partial;	/* a source's addresses unknown */
	int			 status;	/* failures so far; 0: none */
	int			 done;		/* nothing more to do */
	int			 read;		/* the records are to be read */
	int			 read_status;	/* how reading them went */
	char			 why[640];	/* why it failed */
	struct recordset	 recs;		/* what was read */
	enum notice_kind	 notice;	/* is its failure news? */
	struct failure		 failure;	/* as it is, or as it was
						   (NOTICE_RECOVERED) */
};

struct engine {
	const struct sync_opts	*o;
	struct config		*cfg;
	struct state		*state;
	time_t			 now;
	int			 writing;	/* a sync that writes */
	struct session		*sessions;
	size_t			 nsessions;
	struct bucket		*buckets;
	size_t			 nbuckets;
	int			 http_up;	/* libcurl initialised */
	struct grun		*gr;
	size_t			 ngr;
};

/*
 * Messages from here on are about gr (NULL: none), so that under -q they
 * wait until the run knows whether gr's failure is news (log_hold).
 */
static void
about(const struct engine *e, const struct grun *gr)
{
	log_about(gr != NULL ? (int)(gr - e->gr) : -1);
}

/* The provider's own words on the last failure of the session, or "". */
static const char *
last_error(const struct grun *gr, struct pctx *ctx)
{
	const char *why;

	if (ctx == NULL || gr->p->last_error == NULL ||
	    (why = gr->p->last_error(ctx)) == NULL)
		return "";
	return why;
}

/* strcmp-equal, where two NULLs are equal too. */
static int
str_eq(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* The session already open for account a, or NULL. */
static struct pctx *
session_find(const struct engine *e, const struct account *a)
{
	size_t i;

	for (i = 0; i < e->nsessions; i++)
		if (e->sessions[i].acct == a)
			return e->sessions[i].ctx;
	return NULL;
}

static struct pctx *
session_get(struct engine *e, const struct account *a, int *status)
{
	struct session *s;
	size_t i;

	for (i = 0; i < e->nsessions; i++)
		if (e->sessions[i].acct == a)
			return e->sessions[i].ctx;
	/* libcurl (and its TLS library) is set up only when a run needs
	   the provider: most runs every minute do not. */
	if (!e->http_up) {
		if ((*status = http_init()) != 0)
			return NULL;
		e->http_up = 1;
	}
	if ((s = realloc(e->sessions,
	    (e->nsessions + 1) * sizeof(*s))) == NULL) {
		log_err("account %s: out of memory", a->name);
		*status = EX_SOFTWARE;
		return NULL;
	}
	e->sessions = s;
	if ((s[e->nsessions].ctx = a->provider->open(a)) == NULL) {
		*status = EX_SOFTWARE;
		return NULL;
	}
	s[e->nsessions].acct = a;
	return s[e->nsessions++].ctx;
}

/*
 * Sized before the run (buckets_init), so that groups may point into it.
 * The bucket of gr's account, zone, type and line.
 */
static struct bucket *
bucket_of(struct engine *e, const struct grun *gr)
{
	const struct group *g = gr->g;
	struct bucket *b;
	size_t i;

	for (i = 0; i < e->nbuckets; i++) {
		b = &e->buckets[i];
		if (b->acct == g->account && strcmp(b->zone, g->zone) == 0 &&
		    str_eq(b->line, g->line) && b->family == g->family)
			return b;
	}
	b = &e->buckets[e->nbuckets++];
	memset(b, 0, sizeof(*b));
	b->acct = g->account;
	b->zone = g->zone;
	b->line = g->line;
	b->family = g->family;
	b->zone_status = -1;
	return b;
}

/*
 * The session for gr's account, with the zone's ID known where the
 * provider needs one: from the configuration, the state file, or asked
 * once per run and then kept in the state file.
 */
static struct pctx *
bucket_session(struct engine *e, struct grun *gr, int *status)
{
	struct bucket *b = gr->b;
	struct pctx *ctx;
	const char *id;

	if ((ctx = session_get(e, gr->g->account, status)) == NULL)
		return NULL;
	if (!(gr->p->caps & PCAP_ZONE_ID) || gr->t.zone_id != NULL)
		return ctx;
	if (b->zone_id == NULL && b->zone_status == -1) {
		if (gr->sg != NULL && (id = state_zone_id(gr->sg)) != NULL) {
			if ((b->zone_id = strdup(id)) == NULL) {
				log_err("group %s: out of memory",
				    gr->g->name);
				*status = EX_SOFTWARE;
				return NULL;
			}
		} else {
			b->zone_status = gr->p->zone_id(ctx, &gr->t,
			    &b->zone_id);
		}
	}
	if (b->zone_id == NULL) {
		*status = b->zone_status;
		return NULL;
	}
	gr->t.zone_id = b->zone_id;
	if (gr->sg != NULL && !str_eq(state_zone_id(gr->sg), b->zone_id) &&
	    (*status = state_set_zone_id(gr->sg, b->zone_id)) != 0)
		return NULL;
	return ctx;
}

/*
 * The whole zone's records of b's type and line, read once per run.
 * max_calls as for provider list(); 0 when not read.
 */
static int
bucket_list(struct engine *e, struct grun *gr, size_t max_calls)
{
	struct bucket *b = gr->b;
	struct target zt;
	struct pctx *ctx;
	int status = 0;

	if (b->listed)
		return b->status;
	if (b->too_many && max_calls > 0)
		return PROVIDER_TOO_MANY;
	if ((ctx = bucket_session(e, gr, &status)) != NULL) {
		memset(&zt, 0, sizeof(zt));
		zt.zone = b->zone;
		zt.zone_id = gr->t.zone_id;
		zt.family = b->family;
		zt.line = b->line;
		status = gr->p->list(ctx, &zt, max_calls, &b->recs);
		if (status != 0)
			snprintf(b->why, sizeof(b->why), "%s",
			    last_error(gr, ctx));
	}
	if (status == PROVIDER_TOO_MANY) {
		b->too_many = 1;	/* not listed: read group by group */
		return status;
	}
	b->listed = 1;
	return b->status = status;
}

/* Read a source's own records from the provider (resolver = api). */
static void
resolve_api(struct engine *e, struct grun *gr, const struct source *src,
    struct source_result *res)
{
	const struct group *g = gr->g;
	const struct bucket *b = gr->b;
	struct addr *a;
	char rr[256];
	size_t i;

	snprintf(res->via, sizeof(res->via), "api");
	if (name_in_zone(src->host, g->zone, rr, sizeof(rr)) == NULL) {
		res->status = EX_DATAERR;
		snprintf(res->error, sizeof(res->error),
		    "not in zone %s, so resolver = api cannot read it", g->zone);
		return;
	}
	if ((res->status = bucket_list(e, gr, 0)) != 0) {
		snprintf(res->error, sizeof(res->error),
		    "zone %s could not be read", g->zone);
		return;
	}
	for (i = 0; i < b->recs.n; i++) {
		const struct record *r = &b->recs.v[i];

		if (!str_ieq(r->rr, rr) || !r->enabled ||
		    r->addr.family != g->family)
			continue;
		if ((a = realloc(res->addrs,
		    (res->naddrs + 1) * sizeof(*a))) == NULL) {
			res->status = EX_SOFTWARE;
			snprintf(res->error, sizeof(res->error),
			    "out of memory");
			return;
		}
		res->addrs = a;
		res->addrs[res->naddrs++] = r->addr;
	}
	if (res->naddrs == 0) {
		res->status = EX_NOHOST;
		snprintf(res->error, sizeof(res->error),
		    "no enabled %s record in zone %s", addr_rrtype(g->family),
		    g->zone);
	}
}

/* ---- phase 1: sources -> lines ---- */

static int
wan_add(struct grun *gr, const struct addr *a, size_t src)
{
	struct wan *w;

	if ((w = realloc(gr->wans, (gr->nwans + 1) * sizeof(*w))) == NULL) {
		log_err("group %s: out of memory", gr->g->name);
		return EX_SOFTWARE;
	}
	gr->wans = w;
	memset(&w[gr->nwans], 0, sizeof(*w));
	w[gr->nwans].addr = *a;
	w[gr->nwans++].src = src;
	return 0;
}

/*
 * Remember a source's good addresses. The seen time is refreshed only when
 * the addresses change or it grows old, so a stable site does not rewrite
 * its state file (often on flash) every minute; stale_after is then kept to
 * within a tenth of itself, at most 5 minutes.
 */
static int
remember(struct grun *gr, size_t i, const struct addr *a, size_t n, time_t now)
{
	const struct addr *old;
	size_t nold, j;
	long long age, refresh;

	if (gr->sg == NULL)
		return 0;
	refresh = gr->g->stale_after / 10 < 300 ? gr->g->stale_after / 10 : 300;
	if (state_source_last(gr->sg, i, now, &old, &nold, &age) &&
	    nold == n && age >= 0 && age < refresh) {
		for (j = 0; j < n && addr_cmp(&old[j], &a[j]) == 0; j++)
			continue;
		if (j == n)
			return 0;
	}
	return state_source_remember(gr->sg, i, a, n, now);
}

/*
 * Source i's usable addresses, now or last seen, into rs->addrs; the
 * dropped ones into rs->dropped. Failed sources stand in with their last
 * good addresses while those are younger than stale_after; otherwise the
 * group is partial: spare records may belong to that line.
 */
static int
gather_source(struct grun *gr, size_t i, time_t now)
{
	const struct group *g = gr->g;
	const struct source_result *res = &gr->res[i];
	struct report_source *rs = &gr->rg->sources[i];
	const struct addr *last = NULL;
	char buf[ADDR_STRLEN];
	const char *why;
	size_t j, nlast = 0, room;
	long long age;
	int st, stale = 0;

	rs->listed = 1;
	snprintf(rs->via, sizeof(rs->via), "%s", res->via);
	if (res->status != 0 && gr->sg != NULL &&
	    state_source_last(gr->sg, i, now, &last, &nlast, &age) &&
	    nlast > 0 && state_stale_ok(age, g->stale_after))
		stale = 1;
	room = res->naddrs > nlast ? res->naddrs : nlast;
	if ((rs->addrs = calloc(room + 1, sizeof(*rs->addrs))) == NULL ||
	    (rs->dropped = calloc(res->naddrs + 1,
	    sizeof(*rs->dropped))) == NULL)
		goto oom;
	for (j = 0; j < res->naddrs; j++) {
		addr_str(&res->addrs[j], buf);
		why = addr_unusable(&res->addrs[j]);
		if (why != NULL && !g->allow_private) {
			log_info("group %s: source %s: dropped %s: %s",
			    g->name, g->sources[i].host, buf, why);
			rs->dropped[rs->ndropped].addr = res->addrs[j];
			rs->dropped[rs->ndropped++].reason = why;
			continue;
		}
		rs->addrs[rs->naddrs++] = res->addrs[j];
	}
	if (res->status == 0) {
		rs->outcome = SOURCE_OK;
		if (rs->naddrs == 0)
			log_warn("group %s: source %s: no usable address",
			    g->name, g->sources[i].host);
		else if ((st = remember(gr, i, rs->addrs, rs->naddrs,
		    now)) != 0)
			return st;
	} else {
		/* A lookup that timed out says the source is gone (68); a
		   provider that failed to answer for it says it is down
		   (75), as it would for any other call. */
		gr->status = exit_merge(gr->status, res->status ==
		    EX_TEMPFAIL && strcmp(res->via, "api") != 0 ? EX_NOHOST :
		    res->status);
		if ((rs->error = strdup(res->error)) == NULL)
			goto oom;
		if (stale) {
			log_warn("group %s: source %s: %s; using its addresses"
			    " seen %lld s ago", g->name, g->sources[i].host,
			    res->error, age);
			rs->outcome = SOURCE_STALE;
			rs->age = age;
			for (j = 0; j < nlast; j++)
				rs->addrs[j] = last[j];
			rs->naddrs = nlast;
		} else {
			log_warn("group %s: source %s: %s", g->name,
			    g->sources[i].host, res->error);
			rs->outcome = SOURCE_FAILED;
			gr->partial = 1;
		}
	}
	for (j = 0; j < rs->naddrs; j++) {
		log_info("group %s: source %s: %s (%s)", g->name,
		    g->sources[i].host, addr_str(&rs->addrs[j], buf), res->via);
		if ((st = wan_add(gr, &rs->addrs[j], i)) != 0)
			return st;
	}
	return 0;
oom:
	log_err("group %s: out of memory", g->name);
	return EX_SOFTWARE;
}

static int
gather_lines(struct grun *gr, time_t now)
{
	size_t i;
	int st;

	for (i = 0; i < gr->g->nsources; i++)
		if ((st = gather_source(gr, i, now)) != 0)
			return st;
	return 0;
}

/* ---- phase 2: health ---- */

static int
health_note(struct report_source *rs, const struct health *h,
    const struct probe *p)
{
	struct report_health *v, *rh;

	if ((v = realloc(rs->health, (rs->nhealth + 1) * sizeof(*v))) == NULL)
		return -1;
	rs->health = v;
	rh = &v[rs->nhealth++];
	memset(rh, 0, sizeof(*rh));
	rh->addr = p->addr;
	rh->healthy = h->healthy;
	rh->check_ok = p->ok;
	rh->fails = h->fails;
	rh->oks = h->oks;
	snprintf(rh->why, sizeof(rh->why), "%s", p->ok ? "port answered" :
	    p->error);
	return 0;
}

/* After the probes: count each line's check, take out the dead. */
static int
judge_health(struct grun *gr, const struct probe *pv)
{
	const struct group *g = gr->g;
	struct health *h, tmp;
	char buf[ADDR_STRLEN];
	size_t i, out = 0;

	for (i = 0; i < gr->nwans; i++) {
		struct wan *l = &gr->wans[i];

		h = gr->sg != NULL ? state_health(gr->sg, l->src, &l->addr) :
		    NULL;
		if (h == NULL) {
			health_init(&tmp, &l->addr);
			h = &tmp;
		}
		if (health_update(h, &l->addr, pv[i].ok, g->fail_after,
		    g->recover_after))
			log_change("%s: line %s (%s) is %s", g->name,
			    g->sources[l->src].host, addr_str(&l->addr, buf),
			    h->healthy ? "healthy again" : "down");
		addr_str(&l->addr, buf);
		if (pv[i].ok)
			log_info("group %s: %s port %u answered in %ld ms",
			    g->name, buf, pv[i].port, pv[i].ms);
		else
			log_info("group %s: %s: check failed: %s (%ld of %ld)",
			    g->name, buf, pv[i].error, h->fails, g->fail_after);
		l->out = !h->healthy;
		out += l->out;
		if (health_note(&gr->rg->sources[l->src], h, &pv[i]) == -1) {
			log_err("group %s: out of memory", g->name);
			return EX_SOFTWARE;
		}
	}
	if (gr->nwans > 0 && out == gr->nwans) {
		/* The probe itself may be what is broken: change nothing. */
		log_warn("group %s: every line failed its health check;"
		    " %s left as it is", g->name, g->fqdn);
		report_set_error(gr->rg, "every line failed its health check");
		gr->status = exit_merge(gr->status, EX_TEMPFAIL);
		gr->done = 1;
	}
	return 0;
}

/* Probe every line of every group that has checks, all at once. */
static int
probe_all(struct engine *e)
{
	struct probe *probes = NULL;
	struct grun *gr;
	size_t i, j, k, np = 0;
	int st = 0;

	for (i = 0; i < e->ngr; i++)
		if (!e->gr[i].done && e->gr[i].g->ncheck_ports > 0)
			np += e->gr[i].nwans;
	if (np == 0)
		return 0;
	if ((probes = calloc(np, sizeof(*probes))) == NULL) {
		log_err("out of memory");
		return EX_SOFTWARE;
	}
	for (i = 0, k = 0; i < e->ngr; i++) {
		gr = &e->gr[i];
		if (gr->done || gr->g->ncheck_ports == 0)
			continue;
		for (j = 0; j < gr->nwans; j++, k++) {
			probes[k].addr = gr->wans[j].addr;
			probes[k].ports = gr->g->check_ports;
			probes[k].nports = gr->g->ncheck_ports;
			probes[k].timeout_ms = gr->g->check_timeout * 1000;
		}
	}
	if ((st = (e->o->probe != NULL ? e->o->probe :
	    health_probe)(probes, np)) != 0)
		goto out;
	for (i = 0, k = 0; i < e->ngr; i++) {
		gr = &e->gr[i];
		if (gr->done || gr->g->ncheck_ports == 0)
			continue;
		about(e, gr);
		if ((st = judge_health(gr, probes + k)) != 0)
			goto out;
		k += gr->nwans;
	}
out:
	about(e, NULL);
	free(probes);
	return st;
}



/* Select the pinned records, in the pinned order. */
static int
pin_records(const struct group *g, struct recordset *recs)
{
	struct recordset pinned = { NULL, 0 };
	size_t i, j;
	int status = 0;

	for (i = 0; i < g->nrecords; i++) {
		for (j = 0; j < recs->n; j++)
			if (strcmp(recs->v[j].id, g->records[i]) == 0)
				break;
		if (j == recs->n) {
			log_err("group %s: pinned record %s is not a %s record"
			    " of %s%s%s", g->name, g->records[i],
			    addr_rrtype(g->family), g->fqdn, g->line != NULL ?
			    " on line " : "", g->line != NULL ? g->line : "");
			status = EX_DATAERR;
		} else if (status == 0 && recordset_add(&pinned,
		    &recs->v[j]) == -1) {
			log_err("group %s: out of memory", g->name);
			status = EX_SOFTWARE;
		}
	}
	if (status != 0) {
		recordset_free(&pinned);
		return status;
	}
	recordset_free(recs);
	*recs = pinned;
	return 0;
}

/* The records of g's name, type and line at the provider, into recs. */


/* Apply one action to the provider and to the local copy of the records. */
static int
apply_action(struct pctx *ctx, const struct grun *gr, const struct action *a,
    struct recordset *recs, char **new_id)
{
	const struct group *g = gr->g;
	const struct target *t = &gr->t;
	const struct provider *p = g->account->provider;
	struct record *r = a->kind == ACT_ADD ? NULL : &recs->v[a->rec];
	char value[ADDR_STRLEN], *v;
	int status;

	*new_id = NULL;
	addr_str(&a->value, value);
	switch (a->kind) {
	case ACT_ENABLE:
	case ACT_DISABLE:
		if ((status = p->set_enabled(ctx, t, r,
		    a->kind == ACT_ENABLE)) == 0)
			r->enabled = a->kind == ACT_ENABLE;
		return status;
	case ACT_UPDATE:
		if ((status = p->update(ctx, t, r, value, a->ttl)) == 0) {
			if ((v = strdup(value)) == NULL) {
				log_err("group %s: out of memory", g->name);
				return EX_SOFTWARE;
			}
			free(r->value);
			r->value = v;
			r->addr = a->value;
			r->ttl = a->ttl;
		}
		return status;
	case ACT_ADD:
		return p->add(ctx, t, value, a->ttl, new_id);
	case ACT_DELETE:
		return p->remove(ctx, t, r);
	case ACT_REPLACE:
	case ACT_PUBLISH:
		break;		/* not in a records plan */
	}
	return EX_SOFTWARE;
}

/* A record the provider just created, as the local copy lists it. */
static int
note_added(struct recordset *after, const struct group *g, const char *id,
    const struct addr *value, long ttl)
{
	struct record nr;
	char vbuf[ADDR_STRLEN];

	memset(&nr, 0, sizeof(nr));
	nr.id = (char *)id;
	nr.rr = g->rr;
	nr.type = (char *)addr_rrtype(g->family);
	nr.value = (char *)addr_str(value, vbuf);
	nr.addr = *value;
	nr.ttl = ttl;
	nr.line = g->line;
	nr.enabled = 1;
	if (recordset_add(after, &nr) == -1) {
		log_err("group %s: out of memory", g->name);
		return EX_SOFTWARE;
	}
	return 0;
}

/*
 * Carry out the plan in order, stopping at the first failed write: the
 * later actions may rest on it. Returns the merged status of the writes.
 */
static int
apply_plan(struct engine *e, struct pctx *ctx, struct grun *gr,
    const struct plan *plan, struct recordset *recs, char *deleted,
    int *failed)
{
	struct report_group *rg = gr->rg;
	struct report_action *ra;
	char text[512], *new_id;
	size_t i, done = 0;
	int status = 0, st;

	for (i = 0; i < plan->n; i++) {
		const struct action *a = &plan->v[i];

		if ((ra = report_add_action(rg, a)) == NULL) {
			log_err("group %s: out of memory", gr->g->name);
			return EX_SOFTWARE;
		}
		new_id = NULL;
		if (*failed)
			ra->result = RESULT_SKIPPED;
		else if (e->writing) {
			if ((st = apply_action(ctx, gr, a, recs,
			    &new_id)) != 0) {
				*failed = 1;
				status = exit_merge(status, st);
				ra->result = RESULT_FAILED;
			} else {
				ra->result = RESULT_DONE;
				done++;
				if (a->kind == ACT_DELETE)
					deleted[a->rec] = 1;
			}
		}
		ra->record = ra->record != NULL ? ra->record : new_id;
		if (ra->result == RESULT_DONE || (ra->result == RESULT_PLANNED &&
		    e->o->command == REPORT_SYNC))
			log_change("%s: %s", gr->g->name, report_action_text(rg,
			    ra, ra->result == RESULT_DONE, text, sizeof(text)));
		if (new_id != NULL &&
		    (st = note_added(&rg->after, gr->g, new_id, &a->value,
		    a->ttl)) != 0)
			return st;
	}
	if (*failed)
		log_err("group %s: stopped after %zu of %zu changes; the next"
		    " run continues from what is there", gr->g->name, done,
		    plan->n);
	/* Failures outrank both outcomes; 0 only without one. */
	if (status == 0 && plan->n > 0 && (!e->writing || done > 0))
		return EXIT_CHANGED;
	return status != 0 ? status : EXIT_INSYNC;
}

/* ---- phase 3: read ---- */

/* The records of gr's name among the zone listing of its bucket. */
static int
records_from_zone(const struct grun *gr, struct recordset *recs)
{
	const struct bucket *b = gr->b;
	size_t i;

	for (i = 0; i < b->recs.n; i++)
		if (str_ieq(b->recs.v[i].rr, gr->g->rr) &&
		    recordset_add(recs, &b->recs.v[i]) == -1) {
			log_err("group %s: out of memory", gr->g->name);
			return EX_SOFTWARE;
		}
	return 0;
}

/*
 * Read the records of every group that needs them. Groups sharing an
 * account, zone, type and line are served by one listing of the zone
 * (paged) when that takes fewer calls than reading them one by one: the
 * provider stops after the first page when it would not.
 */
static void
read_all(struct engine *e)
{
	struct grun *gr;
	struct pctx *ctx;
	size_t i;
	int st;

	for (i = 0; i < e->ngr; i++) {
		gr = &e->gr[i];
		about(e, gr);
		if (gr->read && gr->b->readers >= 2 && !gr->b->listed &&
		    (gr->p->caps & PCAP_ZONE_LIST))
			(void)bucket_list(e, gr, gr->b->readers);
	}
	for (i = 0; i < e->ngr; i++) {
		gr = &e->gr[i];
		about(e, gr);
		if (!gr->read)
			continue;
		if (gr->b->listed) {
			if ((st = gr->b->status) == 0)
				st = records_from_zone(gr, &gr->recs);
			else
				snprintf(gr->why, sizeof(gr->why), "%s",
				    gr->b->why);
		} else if ((ctx = bucket_session(e, gr, &st)) != NULL &&
		    (st = gr->p->list(ctx, &gr->t, 0, &gr->recs)) != 0)
			snprintf(gr->why, sizeof(gr->why), "%s",
			    last_error(gr, ctx));
		if (st == 0 && gr->g->nrecords > 0)
			st = pin_records(gr->g, &gr->recs);
		gr->read_status = st;
	}
	about(e, NULL);
}

/* ---- phase 4: plan and apply, per model ---- */

/* The records model, with disable or without (DESIGN.md section 4). */
static int
act_records(struct engine *e, struct pctx *ctx, struct grun *gr,
    const struct addr *want, size_t nwant, int *failed)
{
	struct group *g = gr->g;
	struct report_group *rg = gr->rg;
	struct plan_input in;
	struct plan plan = { NULL, 0, NULL, 0 };
	char vbuf[ADDR_STRLEN], *deleted = NULL;
	size_t i;
	int status = 0, st;

	memset(&in, 0, sizeof(in));
	in.want = want;
	in.nwant = nwant;
	in.recs = gr->recs.v;
	in.nrecs = gr->recs.n;
	in.partial = gr->partial;
	in.pinned = g->nrecords > 0;
	in.spare = g->spare;
	in.ttl = g->ttl;
	in.min_records = (size_t)g->min_records;
	if (plan_build(&in, &plan) == -1)
		goto oom;
	if (gr->partial)
		log_info("group %s: a source failed: spare records are neither"
		    " reused nor %s", g->name, gr->p->caps & PCAP_DISABLE ?
		    "disabled" : "deleted");
	if (plan.nunplaced > 0 && report_set_unplaced(rg, plan.unplaced,
	    plan.nunplaced) == -1)
		goto oom;
	for (i = 0; i < plan.nunplaced; i++) {
		log_err("group %s: %s has no record to hold it (more addresses"
		    " than pinned records, or held by a locked, disabled"
		    " record)", g->name, addr_str(&plan.unplaced[i], vbuf));
		status = exit_merge(status, EX_DATAERR);
	}
	if ((deleted = calloc(gr->recs.n + 1, 1)) == NULL)
		goto oom;
	st = apply_plan(e, ctx, gr, &plan, &gr->recs, deleted, failed);
	if (st == EX_SOFTWARE && !*failed)
		goto out;	/* reported */
	status = status == 0 ? st : st == EXIT_CHANGED || st == EXIT_INSYNC ?
	    status : exit_merge(status, st);
	for (i = 0; i < gr->recs.n; i++)
		if (!deleted[i] &&
		    recordset_add(&rg->after, &gr->recs.v[i]) == -1)
			goto oom;
	rg->have_after = 1;
	goto out;
oom:
	log_err("group %s: out of memory", g->name);
	status = EX_SOFTWARE;
out:
	free(deleted);
	plan_free(&plan);
	return status;
}

/* Values as strings for a provider call; NULL when out of memory. */
static char **
value_strings(const struct addr *v, size_t n)
{
	char **s, buf[ADDR_STRLEN];
	size_t i;

	if ((s = calloc(n + 1, sizeof(*s))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((s[i] = strdup(addr_str(&v[i], buf))) == NULL) {
			while (i > 0)
				free(s[--i]);
			free(s);
			return NULL;
		}
	return s;
}

static void
strings_free(char **s, size_t n)
{
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		free(s[i]);
	free(s);
}

/* The record set as the local copy lists it: one record per value. */
static int
note_set(struct recordset *out, const struct grun *gr, const char *id,
    const struct addr *v, size_t n, long ttl)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (note_added(out, gr->g, id, &v[i], ttl) != 0)
			return EX_SOFTWARE;
	return 0;
}

/* The record-set model: the whole wanted set in one write. */
static int
act_recordset(struct engine *e, struct pctx *ctx, struct grun *gr,
    const struct addr *want, size_t nwant, int *failed)
{
	struct report_group *rg = gr->rg;
	struct report_action *ra;
	struct set_input in;
	struct set_plan sp = { 0, NULL, 0, 0 };
	struct addr *have = NULL;
	const char *id = NULL;
	char **values = NULL, text[512], *new_id = NULL;
	size_t i, nhave = 0;
	int status = EX_SOFTWARE, st;

	if ((have = calloc(gr->recs.n + 1, sizeof(*have))) == NULL)
		goto oom;
	for (i = 0; i < gr->recs.n; i++) {
		id = gr->recs.v[i].id;
		if (gr->recs.v[i].addr.family == gr->g->family)
			have[nhave++] = gr->recs.v[i].addr;
	}
	memset(&in, 0, sizeof(in));
	in.want = want;
	in.nwant = nwant;
	in.have = have;
	in.nhave = nhave;
	in.exists = gr->recs.n > 0;
	in.have_ttl = gr->recs.n > 0 ? gr->recs.v[0].ttl : 0;
	in.partial = gr->partial;
	in.ttl = gr->g->ttl;
	if (plan_recordset(&in, &sp) == -1)
		goto oom;
	if (gr->partial)
		log_info("group %s: a source failed: the set keeps every"
		    " address it has", gr->g->name);
	if (!sp.write) {
		status = EXIT_INSYNC;
		if (recordset_copy(&rg->after, &gr->recs) == -1)
			goto oom;
		goto done;
	}
	if ((ra = report_add_set(rg, id, have, nhave, sp.v, sp.n,
	    sp.ttl)) == NULL)
		goto oom;
	if (e->writing) {
		if ((values = value_strings(sp.v, sp.n)) == NULL)
			goto oom;
		st = gr->p->replace(ctx, &gr->t, id, (const char *const *)values,
		    sp.n, sp.ttl, id == NULL ? &new_id : NULL);
		if (st != 0) {
			*failed = 1;
			ra->result = RESULT_FAILED;
			status = st;
			if (recordset_copy(&rg->after, &gr->recs) == -1)
				goto oom;
			goto done;
		}
		ra->result = RESULT_DONE;
		if (new_id != NULL)
			ra->record = new_id;
		if (note_set(&rg->after, gr, id != NULL ? id : new_id, sp.v,
		    sp.n, sp.ttl) != 0)
			goto out;
	} else if (recordset_copy(&rg->after, &gr->recs) == -1)
		goto oom;
	if (ra->result == RESULT_DONE || e->o->command == REPORT_SYNC)
		log_change("%s: %s", gr->g->name, report_action_text(rg, ra,
		    ra->result == RESULT_DONE, text, sizeof(text)));
	status = EXIT_CHANGED;
done:
	rg->have_after = 1;
	goto out;
oom:
	log_err("group %s: out of memory", gr->g->name);
	status = EX_SOFTWARE;
out:
	strings_free(values, sp.n);
	set_plan_free(&sp);
	free(have);
	return status;
}

/*
 * The single-address model: fail-over. The name holds the first usable,
 * healthy line in sources order (or, without failback, the line it holds
 * while that one lives). What it holds now is what this run or an earlier
 * one verified, else (or with --force) what a lookup of the name says.
 */
static int
act_single(struct engine *e, struct pctx **ctx, struct grun *gr,
    struct addr *want, size_t *nwant, int *failed)
{
	struct group *g = gr->g;
	struct report_group *rg = gr->rg;
	struct report_action *ra;
	const struct recordset *ver;
	const struct addr *cur = NULL;
	struct addr lines[64], held;
	char text[512], buf[ADDR_STRLEN];
	size_t i, j, nlines = 0;
	time_t at = 0, written;
	long idx, wait;
	int st;

	/* One candidate per source: its first address still in want. */
	for (i = 0; i < g->nsources && nlines < 64; i++)
		for (j = 0; j < gr->nwans; j++)
			if (gr->wans[j].src == i && !gr->wans[j].out) {
				lines[nlines++] = gr->wans[j].addr;
				break;
			}
	if (gr->sg != NULL && (ver = state_verified(gr->sg, &at)) != NULL &&
	    ver->n == 1 && ver->v[0].addr.family == g->family &&
	    at <= e->now && ((e->now - at < g->verify_every &&
	    !e->o->force) || gr->name_res.status != 0)) {
		held = ver->v[0].addr;
		cur = &held;
		rg->verified_at = at;
	} else if (gr->name_res.status == 0 && gr->name_res.naddrs > 0) {
		held = gr->name_res.addrs[0];
		cur = &held;
	}
	if (cur != NULL) {
		if (note_added(&rg->before, g, g->fqdn, cur, 0) != 0)
			return EX_SOFTWARE;
		rg->records_read = 1;
	}
	if ((idx = plan_single(lines, nlines, cur, g->failback)) < 0)
		return EXIT_INSYNC;	/* want is empty: said by the caller */
	want[0] = lines[idx];
	*nwant = 1;
	rg->ndesired = 1;
	rg->desired[0] = want[0];
	if (cur != NULL && addr_cmp(cur, &want[0]) == 0) {
		log_info("group %s: %s holds %s", g->name, g->fqdn,
		    addr_str(cur, buf));
		return note_added(&rg->after, g, g->fqdn, cur, 0) != 0 ?
		    EX_SOFTWARE : EXIT_INSYNC;
	}
	if ((ra = report_add_publish(rg, cur, &want[0])) == NULL) {
		log_err("group %s: out of memory", g->name);
		return EX_SOFTWARE;
	}
	if (cur != NULL && note_added(&rg->after, g, g->fqdn, cur, 0) != 0)
		return EX_SOFTWARE;
	if (!e->writing) {
		if (e->o->command == REPORT_SYNC)
			log_change("%s: %s", g->name, report_action_text(rg, ra,
			    0, text, sizeof(text)));
		return EXIT_CHANGED;
	}
	/* Updates too close together get a host blocked (dyndns2). */
	written = gr->sg != NULL ? state_written(gr->sg) : 0;
	if (gr->p->min_interval > 0 && written != 0 && written <= e->now &&
	    (wait = gr->p->min_interval - (long)(e->now - written)) > 0) {
		log_warn("group %s: %s was updated %lld s ago; the change to"
		    " %s waits %ld s more", g->name, g->fqdn,
		    (long long)(e->now - written), addr_str(&want[0], buf),
		    wait);
		ra->result = RESULT_SKIPPED;
		report_set_error(rg, "held back: updates too close together");
		return EX_TEMPFAIL;
	}
	if ((*ctx = bucket_session(e, gr, &st)) == NULL)
		return st;
	if ((st = gr->p->publish(*ctx, &gr->t, addr_str(&want[0], buf))) != 0) {
		*failed = 1;
		ra->result = RESULT_FAILED;
		return st;
	}
	ra->result = RESULT_DONE;
	recordset_free(&rg->after);
	log_change("%s: %s", g->name, report_action_text(rg, ra, 1, text,
	    sizeof(text)));
	return note_added(&rg->after, g, g->fqdn, &want[0], 0) != 0 ?
	    EX_SOFTWARE : EXIT_CHANGED;
}

/* What the group should list: every line its health check keeps. */
static int
desired(struct grun *gr, struct addr **want, size_t *nwant)
{
	size_t i;

	*nwant = 0;
	if ((*want = calloc(gr->nwans + 1, sizeof(**want))) == NULL) {
		log_err("group %s: out of memory", gr->g->name);
		return EX_SOFTWARE;
	}
	for (i = 0; i < gr->nwans; i++)
		if (!gr->wans[i].out)
			(*want)[(*nwant)++] = gr->wans[i].addr;
	return 0;
}

/*
 * Before the reads: what the group wants, and whether the provider must be
 * read for it (the state file may say it holds that already).
 */
static int
prepare_group(struct engine *e, struct grun *gr)
{
	struct report_group *rg = gr->rg;
	const struct recordset *ver;
	size_t i;
	int st;

	if ((st = desired(gr, &rg->desired, &rg->ndesired)) != 0)
		return st;
	rg->have_desired = 1;
	if (gr->done || gr->p->model == MODEL_SINGLE)
		return 0;
	if (rg->ndesired > 0 && gr->sg != NULL &&
	    e->o->command == REPORT_SYNC && !e->o->force &&
	    state_may_skip_provider(gr->sg, rg->desired, rg->ndesired,
	    gr->g->verify_every, e->now)) {
		log_debug("group %s: sources unchanged since the last"
		    " verification; provider not read", gr->g->name);
		rg->provider_read = 0;
		if ((ver = state_verified(gr->sg, &rg->verified_at)) != NULL)
			for (i = 0, rg->nverified = 0; i < ver->n; i++)
				rg->nverified += ver->v[i].enabled;
		if (gr->status == 0)
			gr->status = EXIT_INSYNC;
		gr->done = 1;
		return 0;
	}
	gr->read = 1;
	gr->b->readers++;
	return 0;
}

/* rg's error for --json: what failed, and the provider's words on it. */
static void
note_failure(struct report_group *rg, const char *what, const char *why)
{
	char buf[800];

	snprintf(buf, sizeof(buf), "%s%s%s", what, *why != '\0' ? ": " : "",
	    why);
	report_set_error(rg, buf);
}

/* After a failure: leave the provider alone for as long as it asks. */
static void
hold_off(struct engine *e, struct grun *gr, struct pctx *ctx)
{
	long away;
	int st = EX_TEMPFAIL;

	if (gr->sg == NULL || ctx == NULL || gr->p->hold_off == NULL ||
	    (away = gr->p->hold_off(ctx, &st)) <= 0)
		return;
	/* A one-shot tool cannot sleep it off: leave the provider alone
	   for the runs it asks. EX_NOPERM: it blocked us for abuse. */
	if (state_set_throttle(gr->sg, e->now, e->now + away, st ==
	    EX_NOPERM ? "blocked for abuse" : "throttled", st) != 0)
		return;
	log_warn("group %s: the provider %s; next try after %ld s"
	    " (--force overrides)", gr->g->name, st == EX_NOPERM ?
	    "blocked us for abuse" : "throttles us", away);
}

static int
sync_group(struct engine *e, struct grun *gr)
{
	struct group *g = gr->g;
	struct report_group *rg = gr->rg;
	struct pctx *ctx = NULL;
	struct addr *want = rg->desired;
	size_t nwant = rg->ndesired, i;
	char text[1024];
	int status = gr->status, st = 0, failed = 0;

	if (gr->done)
		goto out;
	/* A single address has nothing to read: its session opens to write. */
	if (gr->p->model != MODEL_SINGLE) {
		rg->provider_read = 1;
		if ((st = gr->read_status) != 0) {
			status = exit_merge(status, st);
			note_failure(rg, "records could not be read", gr->why);
			goto remember;
		}
		if ((ctx = bucket_session(e, gr, &st)) == NULL) {
			status = exit_merge(status, st);
			goto out;
		}
		if (recordset_copy(&rg->before, &gr->recs) == -1)
			goto oom;
		rg->records_read = 1;
		rg->verified_at = e->now;
		rg->planned = 1;
	}

	if (nwant == 0) {
		log_err("group %s: no usable address from any source; %s left"
		    " as it is", g->name, g->fqdn);
		report_set_error(rg, "no usable address from any source");
		status = exit_merge(status, EX_NOHOST);
		/* A single name keeps what the state says it holds. */
		if (gr->p->model == MODEL_SINGLE)
			goto out;
		if (recordset_copy(&rg->after, &gr->recs) == -1)
			goto oom;
		rg->have_after = 1;
		goto remember;
	}

	switch (gr->p->model) {
	case MODEL_RECORDS:
	case MODEL_RECORDS_NO_DISABLE:
		st = act_records(e, ctx, gr, want, nwant, &failed);
		break;
	case MODEL_RECORDSET:
		st = act_recordset(e, ctx, gr, want, nwant, &failed);
		break;
	case MODEL_SINGLE:
		st = act_single(e, &ctx, gr, want, &nwant, &failed);
		rg->planned = 1;
		break;
	}
	if (st == EX_SOFTWARE && !failed)
		goto out_status;	/* reported */
	if (failed)
		note_failure(rg, "a change failed", last_error(gr, ctx));
	/* Failures outrank both outcomes; status is 0 only without one. */
	if (status == 0)
		status = st;
	else if (st != EXIT_CHANGED && st != EXIT_INSYNC)
		status = exit_merge(status, st);
	st = failed ? st : 0;
	if (st == 0 && status == EX_TEMPFAIL && gr->p->model == MODEL_SINGLE &&
	    rg->nactions > 0 && rg->actions[0].result == RESULT_SKIPPED)
		goto out;	/* held back: nothing written, nothing learnt */
remember:
	if (!e->writing || gr->sg == NULL)
		goto out;
	if (!failed && st == 0) {
		/* The provider answered: any back-off it imposed is over. */
		state_clear_throttle(gr->sg);
		for (i = 0; i < rg->nactions; i++)
			if (rg->actions[i].result == RESULT_DONE)
				state_set_written(gr->sg, e->now);
		/* A plan held back by a failed source left spares that the
		   next run must see: it reads the provider again. */
		if (gr->partial)
			state_clear_verified(gr->sg);
		else if (state_set_verified(gr->sg, &rg->after, want, nwant,
		    e->now) != 0)
			goto oom;
	} else {
		state_clear_verified(gr->sg);
		/* A zone ID kept from an earlier run may be what is wrong. */
		if (st == EX_DATAERR && g->zone_id == NULL &&
		    state_zone_id(gr->sg) != NULL &&
		    state_set_zone_id(gr->sg, NULL) != 0)
			goto oom;
		hold_off(e, gr, session_find(e, g->account));
	}
	goto out;
oom:
	log_err("group %s: out of memory", g->name);
out_status:
	status = EX_SOFTWARE;
out:
	rg->status = status;
	if (e->o->command == REPORT_SYNC)
		log_info("%s: %s", g->name, report_verdict(rg, e->o->dry_run,
		    e->now, text, sizeof(text)));
	return status;
}

/*
 * Which failures are news (notice.h), remembered in the state file. Under
 * -q the messages about a group are printed only then, followed by a
 * line that says so; a failure that ends is said at any verbosity.
 */
static void
notices(struct engine *e)
{
	unsigned char *show;
	struct failure was, next;
	struct grun *gr;
	char text[512];
	size_t i;

	show = calloc(e->ngr + 1, 1);
	for (i = 0; i < e->ngr; i++) {
		gr = &e->gr[i];
		was = *state_failure(gr->sg);
		gr->notice = notice_next(&was, gr->rg->status, e->now, &next);
		gr->failure = gr->notice == NOTICE_RECOVERED ? was : next;
		state_set_failure(gr->sg, &next);
		if (show != NULL)
			show[i] = gr->notice == NOTICE_STARTED ||
			    gr->notice == NOTICE_AGAIN;
	}
	/* Out of memory: better every message than none. */
	log_release(show, show != NULL ? e->ngr : 0);
	free(show);
	for (i = 0; i < e->ngr; i++) {
		gr = &e->gr[i];
		notice_text(gr->notice, &gr->failure, e->now, text,
		    sizeof(text));
		if (gr->notice == NOTICE_RECOVERED)
			log_notice("group %s: %s", gr->g->name, text);
		else if (*text != '\0' && log_level() == VERB_QUIET)
			log_err("group %s: %s", gr->g->name, text);
	}
}

/* The addresses the name lists, as far as the run knows, space-separated. */
static const char *
listed(const struct report_group *rg, char *buf, size_t len)
{
	const struct recordset *rs = rg->have_after ? &rg->after :
	    rg->records_read ? &rg->before : NULL;
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; rs != NULL && i < rs->n && used < len; i++)
		if (rs->v[i].enabled)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
			    used > 0 ? " " : "", rs->v[i].value);
	return buf;
}

/*
 * After the state is saved: each group's hook, once for each event of
 * the run: its failure ended, or is news (as under -q), and a change
 * made. The provider sessions are closed first, so that a hook inherits
 * no connection; it sees none of the variables that hold secrets.
 */
static void
run_hooks(struct engine *e)
{
	struct hook_call c;
	struct grun *gr;
	char **hide = NULL, addrs[2048];
	size_t i, j, n = 0, k;

	for (i = 0; i < e->nsessions; i++)
		e->sessions[i].acct->provider->close(e->sessions[i].ctx);
	e->nsessions = 0;
	for (i = 0; i < e->cfg->naccounts; i++)
		for (j = 0; e->cfg->accounts[i].secret_vars != NULL &&
		    e->cfg->accounts[i].secret_vars[j] != NULL; j++)
			n++;
	if ((hide = calloc(n + 1, sizeof(*hide))) == NULL) {
		log_err("hooks: out of memory");
		return;
	}
	for (i = 0, k = 0; i < e->cfg->naccounts; i++)
		for (j = 0; e->cfg->accounts[i].secret_vars != NULL &&
		    e->cfg->accounts[i].secret_vars[j] != NULL; j++)
			hide[k++] = e->cfg->accounts[i].secret_vars[j];
	for (i = 0; i < e->ngr; i++) {
		gr = &e->gr[i];
		if (gr->g->hook == NULL)
			continue;
		memset(&c, 0, sizeof(c));
		c.program = gr->g->hook;
		c.group = gr->g->name;
		c.name = gr->g->fqdn;
		c.status = gr->rg->status;
		c.addresses = listed(gr->rg, addrs, sizeof(addrs));
		c.hide = hide;
		if (gr->notice == NOTICE_RECOVERED ||
		    gr->notice == NOTICE_STARTED ||
		    gr->notice == NOTICE_AGAIN) {
			c.event = gr->notice == NOTICE_RECOVERED ?
			    HOOK_RECOVERED : HOOK_FAILED;
			(void)hook_run(&c);
		}
		for (j = 0; j < gr->rg->nactions; j++)
			if (gr->rg->actions[j].result == RESULT_DONE)
				break;
		if (j < gr->rg->nactions) {
			c.event = HOOK_CHANGED;
			(void)hook_run(&c);
		}
	}
	free(hide);
}

/* ---- the run ---- */

static int
selected(const struct sync_opts *o, const struct group *g)
{
	size_t i;

	if (o->ngroups == 0)
		return 1;
	for (i = 0; i < o->ngroups; i++)
		if (strcmp(o->groups[i], g->name) == 0)
			return 1;
	return 0;
}

/* Pick the groups to run, each with its report, state and throttle. */
static int
start_groups(struct engine *e, struct report **out)
{
	struct config *cfg = e->cfg;
	const struct sync_opts *o = e->o;
	struct report_group *rg;
	struct grun *gr;
	size_t i, j, n = 0;
	time_t until;
	const char *why;
	int hst;

	for (i = 0; i < cfg->ngroups; i++)
		n += selected(o, &cfg->groups[i]);
	if ((*out = report_new(o->command, o->dry_run ||
	    o->command == REPORT_STATUS, n)) == NULL ||
	    (e->gr = calloc(n + 1, sizeof(*e->gr))) == NULL ||
	    (e->buckets = calloc(n + 1, sizeof(*e->buckets))) == NULL)
		goto oom;
	for (i = 0; i < cfg->ngroups; i++) {
		struct group *g = &cfg->groups[i];

		if (!selected(o, g))
			continue;
		gr = &e->gr[e->ngr];
		rg = &(*out)->groups[e->ngr++];
		about(e, gr);
		gr->g = g;
		gr->p = g->account->provider;
		gr->t.zone = g->zone;
		gr->t.zone_id = g->zone_id;
		gr->t.fqdn = g->fqdn;
		gr->t.rr = g->rr;
		gr->t.family = g->family;
		gr->t.line = g->line;
		gr->b = bucket_of(e, gr);
		gr->rg = rg;
		rg->g = g;
		rg->provider_read = -1;
		rg->nverified = -1;
		if ((gr->res = calloc(g->nsources + 1,
		    sizeof(*gr->res))) == NULL ||
		    (rg->sources = calloc(g->nsources + 1,
		    sizeof(*rg->sources))) == NULL ||
		    (gr->sg = state_group(e->state, g)) == NULL)
			goto oom;
		rg->nsources = g->nsources;
		for (j = 0; j < g->nsources; j++)
			rg->sources[j].host = g->sources[j].host;
		if (o->command == REPORT_SYNC && !o->force &&
		    state_throttled(gr->sg, e->now, &until, &why, &hst)) {
			log_warn("group %s: the provider %s (%s);"
			    " leaving it alone for %lld s more (--force"
			    " overrides)", g->name, hst == EX_NOPERM ?
			    "blocked us" : "throttled us", why,
			    (long long)(until - e->now));
			gr->status = hst;
			gr->done = 1;
		}
	}
	about(e, NULL);
	return 0;
oom:
	log_err("out of memory");
	return EX_SOFTWARE;
}

/*
 * Every source of every group at once, and the name of each single-address
 * group (what it holds now), with the group's own resolver.
 */
static int
resolve_groups(struct engine *e)
{
	struct group **groups = NULL, *lookups = NULL;
	struct source_result **res = NULL;
	struct grun *gr;
	size_t i, j, n, nl = 0;
	int st = EX_SOFTWARE;

	if ((groups = calloc(2 * e->ngr + 1, sizeof(*groups))) == NULL ||
	    (res = calloc(2 * e->ngr + 1, sizeof(*res))) == NULL ||
	    (lookups = calloc(e->ngr + 1, sizeof(*lookups))) == NULL) {
		log_err("out of memory");
		goto out;
	}
	for (i = 0; i < e->ngr; i++) {
		groups[i] = e->gr[i].g;
		res[i] = e->gr[i].res;
	}
	n = e->ngr;
	for (i = 0; i < e->ngr; i++) {
		gr = &e->gr[i];
		if (gr->done || gr->p->model != MODEL_SINGLE)
			continue;
		/* The name as one more source of a group like gr's. */
		lookups[nl] = *gr->g;
		lookups[nl].sources = &gr->lookup_src;
		lookups[nl].nsources = 1;
		gr->lookup_src.host = gr->g->fqdn;
		groups[n] = &lookups[nl++];
		res[n++] = &gr->name_res;
	}
	if ((st = (e->o->resolve != NULL ? e->o->resolve :
	    resolve_all)(groups, n, res)) != 0)
		goto out;
	for (i = 0; i < e->ngr; i++) {
		gr = &e->gr[i];
		if (gr->done || gr->g->resolver != RESOLVE_API)
			continue;
		about(e, gr);
		for (j = 0; j < gr->g->nsources; j++)
			if (gr->g->sources[j].server == NULL &&
			    gr->g->sources[j].literal.family == 0)
				resolve_api(e, gr, &gr->g->sources[j],
				    &gr->res[j]);
	}
	for (i = 0; i < e->ngr; i++) {
		about(e, &e->gr[i]);
		if (!e->gr[i].done && (st = gather_lines(&e->gr[i],
		    e->now)) != 0)
			goto out;
	}
	st = 0;
out:
	about(e, NULL);
	free(groups);
	free(res);
	free(lookups);
	return st;
}

static void
engine_free(struct engine *e)
{
	size_t i, j;

	for (i = 0; e->gr != NULL && i < e->ngr; i++) {
		for (j = 0; e->gr[i].res != NULL && j < e->gr[i].g->nsources;
		    j++)
			source_result_clear(&e->gr[i].res[j]);
		source_result_clear(&e->gr[i].name_res);
		free(e->gr[i].res);
		free(e->gr[i].wans);
		recordset_free(&e->gr[i].recs);
	}
	free(e->gr);
	for (i = 0; i < e->nsessions; i++)
		e->sessions[i].acct->provider->close(e->sessions[i].ctx);
	free(e->sessions);
	for (i = 0; i < e->nbuckets; i++) {
		free(e->buckets[i].zone_id);
		recordset_free(&e->buckets[i].recs);
	}
	free(e->buckets);
	state_free(e->state);
	if (e->http_up)
		http_cleanup();
}

int
sync_run(struct config *cfg, const struct sync_opts *o, struct report **out)
{
	struct engine e;
	struct report *r = NULL;
	size_t i;
	int status = EX_SOFTWARE, st, signed_up = 0;

	*out = NULL;
	memset(&e, 0, sizeof(e));
	e.o = o;
	e.cfg = cfg;
	e.now = o->now != 0 ? o->now : time(NULL);
	e.writing = o->command == REPORT_SYNC && !o->dry_run;
	if (sign_init() == -1)
		goto out;
	signed_up = 1;
	/* Under -q, what is said about a group waits for notices(). */
	if (e.writing)
		log_hold();
	if ((e.state = state_load(cfg->state_dir)) == NULL)
		goto out;
	if ((status = start_groups(&e, &r)) != 0 ||
	    (status = resolve_groups(&e)) != 0 ||
	    (status = probe_all(&e)) != 0)
		goto out;
	for (i = 0; i < e.ngr; i++) {
		about(&e, &e.gr[i]);
		if ((status = prepare_group(&e, &e.gr[i])) != 0)
			goto out;
	}
	read_all(&e);

	status = -1;
	for (i = 0; i < e.ngr; i++) {
		about(&e, &e.gr[i]);
		st = sync_group(&e, &e.gr[i]);
		status = status == -1 ? st : exit_merge(status, st);
	}
	about(&e, NULL);
	if (status == -1)
		status = EXIT_INSYNC;
	if (e.writing)
		notices(&e);
	if (e.writing && state_save(e.state) != 0)
		log_warn("%s: state not saved; the next run reads the"
		    " provider", cfg->state_dir);
	if (e.writing)
		run_hooks(&e);
	r->status = status;
	*out = r;
	r = NULL;
out:
	about(&e, NULL);
	log_release(NULL, 0);	/* after a failure of the run: everything */
	report_free(r);
	engine_free(&e);
	if (signed_up)
		sign_cleanup();
	return status;
}
