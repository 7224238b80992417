/*
 * sync.c - the engine (DESIGN.md section 4). Data flows one way:
 * config -> resolve -> probe -> provider read -> plan -> provider write ->
 * state -> report. Every source of every group is resolved at once, every
 * line probed at once; then each group meets its provider on its own, so
 * one failing group never stops the others.
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
#include "http.h"
#include "log.h"
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

/* One zone listing shared by the groups that resolve with "api". */
struct zone_cache {
	const struct account	*acct;
	const char		*zone;
	const char		*line;
	int			 family;
	int			 status;
	struct recordset	 recs;
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
	struct target		 t;	/* g's name at its provider */
	struct report_group	*rg;
	struct source_result	*res;	/* one per source */
	struct state_group	*sg;	/* borrowed from the state */
	struct wan		*wans;
	size_t			 nwans;
	int			 partial;	/* a source's addresses unknown */
	int			 status;	/* failures so far; 0: none */
	int			 done;		/* nothing more to do */
};

struct engine {
	const struct sync_opts	*o;
	struct config		*cfg;
	struct state		*state;
	time_t			 now;
	int			 writing;	/* a sync that writes */
	struct session		*sessions;
	size_t			 nsessions;
	struct zone_cache	*zones;
	size_t			 nzones;
	int			 http_up;	/* libcurl initialised */
	struct grun		*gr;
	size_t			 ngr;
};

/* strcmp-equal, where two NULLs are equal too. */
static int
str_eq(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
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

/* The whole zone's records of g's type and line, read once per run. */
static struct zone_cache *
zone_get(struct engine *e, const struct group *g)
{
	struct zone_cache *z;
	struct target zt;
	struct pctx *ctx;
	size_t i;
	int status = 0;

	for (i = 0; i < e->nzones; i++) {
		z = &e->zones[i];
		if (z->acct == g->account && strcmp(z->zone, g->zone) == 0 &&
		    str_eq(z->line, g->line) && z->family == g->family)
			return z;
	}
	if ((z = realloc(e->zones, (e->nzones + 1) * sizeof(*z))) == NULL) {
		log_err("group %s: out of memory", g->name);
		return NULL;
	}
	e->zones = z;
	z = &e->zones[e->nzones++];
	memset(z, 0, sizeof(*z));
	z->acct = g->account;
	z->zone = g->zone;
	z->line = g->line;
	z->family = g->family;
	memset(&zt, 0, sizeof(zt));
	zt.zone = g->zone;
	zt.zone_id = g->zone_id;
	zt.family = g->family;
	zt.line = g->line;
	if ((ctx = session_get(e, g->account, &status)) == NULL)
		z->status = status;
	else
		z->status = g->account->provider->list(ctx, &zt, 0, &z->recs);
	return z;
}

/* rr of host inside zone, into buf; NULL if host is not in the zone. */
static const char *
rr_in_zone(const char *host, const char *zone, char *buf, size_t len)
{
	size_t hl = strlen(host), zl = strlen(zone);

	if (hl > 0 && host[hl - 1] == '.')
		hl--;
	if (hl == zl && strncasecmp(host, zone, zl) == 0) {
		snprintf(buf, len, "@");
		return buf;
	}
	if (hl > zl + 1 && host[hl - zl - 1] == '.' &&
	    strncasecmp(host + hl - zl, zone, zl) == 0) {
		snprintf(buf, len, "%.*s", (int)(hl - zl - 1), host);
		return buf;
	}
	return NULL;
}

/* Read a source's own records from the provider (resolver = api). */
static void
resolve_api(struct engine *e, const struct group *g, const struct source *src,
    struct source_result *res)
{
	struct zone_cache *z;
	struct addr *a;
	char rr[256];
	size_t i;

	snprintf(res->via, sizeof(res->via), "api");
	if (rr_in_zone(src->host, g->zone, rr, sizeof(rr)) == NULL) {
		res->status = EX_DATAERR;
		snprintf(res->error, sizeof(res->error),
		    "not in zone %s, so resolver = api cannot read it", g->zone);
		return;
	}
	if ((z = zone_get(e, g)) == NULL) {
		res->status = EX_SOFTWARE;
		snprintf(res->error, sizeof(res->error), "out of memory");
		return;
	}
	if (z->status != 0) {
		res->status = z->status;
		snprintf(res->error, sizeof(res->error),
		    "zone %s could not be read", g->zone);
		return;
	}
	for (i = 0; i < z->recs.n; i++) {
		const struct record *r = &z->recs.v[i];

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
		gr->status = exit_merge(gr->status, res->status ==
		    EX_TEMPFAIL ? EX_NOHOST : res->status);
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
		if ((st = judge_health(gr, probes + k)) != 0)
			goto out;
		k += gr->nwans;
	}
out:
	free(probes);
	return st;
}

/* ---- phase 3: read, plan, apply, remember ---- */

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
static int
read_records(struct engine *e, struct pctx *ctx, const struct grun *gr,
    struct recordset *recs)
{
	const struct group *g = gr->g;
	struct zone_cache *z;
	size_t i;
	int st;

	if (g->resolver == RESOLVE_API) {
		/* The zone listing already holds the HA name's records. */
		if ((z = zone_get(e, g)) == NULL)
			return EX_SOFTWARE;
		if ((st = z->status) == 0)
			for (i = 0; i < z->recs.n && st == 0; i++)
				if (str_ieq(z->recs.v[i].rr, g->rr) &&
				    recordset_add(recs, &z->recs.v[i]) == -1) {
					log_err("group %s: out of memory",
					    g->name);
					st = EX_SOFTWARE;
				}
	} else
		st = g->account->provider->list(ctx, &gr->t, 0, recs);
	if (st == 0 && g->nrecords > 0)
		st = pin_records(g, recs);
	return st;
}

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
	char line[512], *new_id;
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
			    ra, ra->result == RESULT_DONE, line, sizeof(line)));
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

static int
sync_group(struct engine *e, struct grun *gr)
{
	struct group *g = gr->g;
	struct report_group *rg = gr->rg;
	const struct provider *p = g->account->provider;
	struct recordset recs = { NULL, 0 };
	struct plan_input in;
	struct plan plan = { NULL, 0, NULL, 0 };
	struct addr *want = NULL;
	struct pctx *ctx = NULL;
	size_t nwant = 0, i;
	long away;
	int status = gr->status, st = 0, failed = 0, hst;
	char vbuf[ADDR_STRLEN], *deleted = NULL;

	rg->provider_read = -1;
	if ((want = calloc(gr->nwans + 1, sizeof(*want))) == NULL)
		goto oom;
	for (i = 0; i < gr->nwans; i++)
		if (!gr->wans[i].out)
			want[nwant++] = gr->wans[i].addr;
	rg->desired = want;
	rg->ndesired = nwant;
	rg->have_desired = 1;
	if (gr->done)
		goto out;

	if (nwant > 0 && gr->sg != NULL && e->o->command == REPORT_SYNC &&
	    !e->o->force && state_may_skip_provider(gr->sg, want, nwant,
	    g->verify_every, e->now)) {
		log_debug("group %s: sources unchanged since the last"
		    " verification; provider not read", g->name);
		rg->provider_read = 0;
		if (status == 0)
			status = EXIT_INSYNC;
		goto out;
	}

	if ((ctx = session_get(e, g->account, &st)) == NULL) {
		status = exit_merge(status, st);
		goto out;
	}
	rg->provider_read = 1;
	if ((st = read_records(e, ctx, gr, &recs)) != 0) {
		status = exit_merge(status, st);
		report_set_error(rg, "records could not be read");
		goto fail;
	}
	for (i = 0; i < recs.n; i++)
		if (recordset_add(&rg->before, &recs.v[i]) == -1)
			goto oom;
	rg->records_read = 1;
	rg->planned = 1;

	if (nwant == 0) {
		log_err("group %s: no usable address from any source; %s left"
		    " as it is", g->name, g->fqdn);
		report_set_error(rg, "no usable address from any source");
		status = exit_merge(status, EX_NOHOST);
		goto report;
	}

	memset(&in, 0, sizeof(in));
	in.want = want;
	in.nwant = nwant;
	in.recs = recs.v;
	in.nrecs = recs.n;
	in.partial = gr->partial;
	in.pinned = g->nrecords > 0;
	in.spare = g->spare;
	in.ttl = g->ttl;
	in.min_records = (size_t)g->min_records;
	if (plan_build(&in, &plan) == -1)
		goto oom;
	if (gr->partial)
		log_info("group %s: a source failed: spare records are neither"
		    " reused nor disabled", g->name);
	for (i = 0; i < plan.nunplaced; i++) {
		log_err("group %s: %s has no record to hold it (more addresses"
		    " than pinned records, or held by a locked, disabled"
		    " record)", g->name, addr_str(&plan.unplaced[i], vbuf));
		status = exit_merge(status, EX_DATAERR);
	}
	if ((deleted = calloc(recs.n + 1, 1)) == NULL)
		goto oom;
	st = apply_plan(e, ctx, gr, &plan, &recs, deleted, &failed);
	if (st == EX_SOFTWARE && !failed)
		goto out_status;
	/* Failures outrank both outcomes; status is 0 only without one. */
	status = status == 0 ? st : st == EXIT_CHANGED || st == EXIT_INSYNC ?
	    status : exit_merge(status, st);
report:
	for (i = 0; i < recs.n; i++)
		if ((deleted == NULL || !deleted[i]) &&
		    recordset_add(&rg->after, &recs.v[i]) == -1)
			goto oom;
	rg->have_after = 1;
	if (e->writing && gr->sg != NULL && !failed) {
		/* The provider answered: any back-off it imposed is over. */
		state_clear_throttle(gr->sg);
		if (state_set_verified(gr->sg, &rg->after, want, nwant,
		    e->now) != 0)
			goto oom;
	}
	st = 0;
fail:
	if (e->writing && gr->sg != NULL && (failed || st != 0)) {
		state_clear_verified(gr->sg);
		if (ctx != NULL && p->hold_off != NULL &&
		    (away = p->hold_off(ctx, &hst)) > 0) {
			/* A one-shot tool cannot sleep it off: leave the
			   provider alone for the runs it asks. */
			state_set_throttle(gr->sg, e->now, e->now + away,
			    "throttled", hst);
			log_warn("group %s: the provider throttles us; next"
			    " try after %ld s (--force overrides)", g->name,
			    away);
		}
	}
	goto out;
oom:
	log_err("group %s: out of memory", g->name);
out_status:
	status = EX_SOFTWARE;
out:
	rg->status = status;
	free(deleted);
	plan_free(&plan);
	recordset_free(&recs);
	return status;
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
	    (e->gr = calloc(n + 1, sizeof(*e->gr))) == NULL)
		goto oom;
	for (i = 0; i < cfg->ngroups; i++) {
		struct group *g = &cfg->groups[i];

		if (!selected(o, g))
			continue;
		gr = &e->gr[e->ngr];
		rg = &(*out)->groups[e->ngr++];
		gr->g = g;
		gr->t.zone = g->zone;
		gr->t.zone_id = g->zone_id;
		gr->t.fqdn = g->fqdn;
		gr->t.rr = g->rr;
		gr->t.family = g->family;
		gr->t.line = g->line;
		gr->rg = rg;
		rg->g = g;
		rg->provider_read = -1;
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
			log_warn("group %s: the provider throttled us (%s);"
			    " leaving it alone for %lld s more (--force"
			    " overrides)", g->name, why,
			    (long long)(until - e->now));
			gr->status = hst;
			gr->done = 1;
		}
	}
	return 0;
oom:
	log_err("out of memory");
	return EX_SOFTWARE;
}

/* Every source of every group at once. */
static int
resolve_groups(struct engine *e)
{
	struct group **groups = NULL;
	struct source_result **res = NULL;
	struct grun *gr;
	size_t i, j;
	int st = EX_SOFTWARE;

	if ((groups = calloc(e->ngr + 1, sizeof(*groups))) == NULL ||
	    (res = calloc(e->ngr + 1, sizeof(*res))) == NULL) {
		log_err("out of memory");
		goto out;
	}
	for (i = 0; i < e->ngr; i++) {
		groups[i] = e->gr[i].g;
		res[i] = e->gr[i].res;
	}
	if ((st = (e->o->resolve != NULL ? e->o->resolve :
	    resolve_all)(groups, e->ngr, res)) != 0)
		goto out;
	for (i = 0; i < e->ngr; i++) {
		gr = &e->gr[i];
		if (gr->done || gr->g->resolver != RESOLVE_API)
			continue;
		for (j = 0; j < gr->g->nsources; j++)
			if (gr->g->sources[j].server == NULL &&
			    gr->g->sources[j].literal.family == 0)
				resolve_api(e, gr->g, &gr->g->sources[j],
				    &gr->res[j]);
	}
	for (i = 0; i < e->ngr; i++)
		if (!e->gr[i].done && (st = gather_lines(&e->gr[i],
		    e->now)) != 0)
			goto out;
	st = 0;
out:
	free(groups);
	free(res);
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
		free(e->gr[i].res);
		free(e->gr[i].wans);
	}
	free(e->gr);
	for (i = 0; i < e->nsessions; i++)
		e->sessions[i].acct->provider->close(e->sessions[i].ctx);
	free(e->sessions);
	for (i = 0; i < e->nzones; i++)
		recordset_free(&e->zones[i].recs);
	free(e->zones);
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
	if ((e.state = state_load(cfg->state_dir)) == NULL)
		goto out;
	if ((status = start_groups(&e, &r)) != 0 ||
	    (status = resolve_groups(&e)) != 0 ||
	    (status = probe_all(&e)) != 0)
		goto out;

	status = -1;
	for (i = 0; i < e.ngr; i++) {
		st = sync_group(&e, &e.gr[i]);
		status = status == -1 ? st : exit_merge(status, st);
	}
	if (status == -1)
		status = EXIT_INSYNC;
	if (e.writing && state_save(e.state) != 0)
		log_warn("%s: state not saved; the next run reads the"
		    " provider", cfg->state_dir);
	r->status = status;
	*out = r;
	r = NULL;
out:
	report_free(r);
	engine_free(&e);
	if (signed_up)
		sign_cleanup();
	return status;
}
