/*
 * main.c - command line, subcommands and exit status. It wires the modules
 * together in one direction: config -> resolve -> provider read -> plan ->
 * provider write -> report; it holds no protocol or planning logic itself.
 */
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "config.h"
#include "exitcode.h"
#include "health.h"
#include "http.h"
#include "importenv.h"
#include "log.h"
#include "plan.h"
#include "provider.h"
#include "resolve.h"
#include "sign.h"
#include "state.h"
#include "util.h"

#define DEFAULT_CONFIG	SYSCONFDIR "/echoddns/echoddns.ini"

enum command { CMD_NONE, CMD_SYNC, CMD_CHECK, CMD_STATUS, CMD_IMPORT_ENV };

struct options {
	enum command	 cmd;
	const char	*config;
	int		 verbosity;
	int		 json;
	int		 use_syslog;
	int		 dry_run;
	int		 force;
	char		**groups;	/* GROUP... operands (borrowed from argv) */
	int		 ngroups;
};

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

struct run {
	struct options		*opt;
	struct config		*cfg;
	struct session		*sessions;
	size_t			 nsessions;
	struct zone_cache	*zones;
	size_t			 nzones;
	int			 http_up;	/* libcurl initialised */
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: echoddns [-c FILE] [-q | -v...] [--json] [--syslog] sync"
	    " [--dry-run] [--force] [GROUP...]\n"
	    "       echoddns [-c FILE] check\n"
	    "       echoddns [-c FILE] [--json] status [GROUP...]\n"
	    "       echoddns import-env\n"
	    "       echoddns --version | --help\n");
}

/*
 * Options may stand before or after the subcommand, so the whole argv is
 * scanned with one table and the operands are sorted out afterwards.
 */
static int
parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "syslog",	no_argument,		NULL, 's' },
		{ "dry-run",	no_argument,		NULL, 'n' },
		{ "force",	no_argument,		NULL, 'f' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	int ch, quiet = 0, i;

	memset(o, 0, sizeof(*o));
	while ((ch = getopt_long(argc, argv, "c:qvnfhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			o->verbosity++;
			break;
		case 'j':
			o->json = 1;
			break;
		case 's':
			o->use_syslog = 1;
			break;
		case 'n':
			o->dry_run = 1;
			break;
		case 'f':
			o->force = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("echoddns %s\n", VERSION);
			exit(0);
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (quiet && o->verbosity > 0) {
		fprintf(stderr, "echoddns: -q and -v exclude each other\n");
		return EX_USAGE;
	}
	o->verbosity = quiet ? VERB_QUIET : o->verbosity;
	if (optind >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	if (strcmp(argv[optind], "sync") == 0)
		o->cmd = CMD_SYNC;
	else if (strcmp(argv[optind], "check") == 0)
		o->cmd = CMD_CHECK;
	else if (strcmp(argv[optind], "status") == 0)
		o->cmd = CMD_STATUS;
	else if (strcmp(argv[optind], "import-env") == 0)
		o->cmd = CMD_IMPORT_ENV;
	else {
		fprintf(stderr, "echoddns: unknown command '%s'\n",
		    argv[optind]);
		usage(stderr);
		return EX_USAGE;
	}
	if (o->cmd != CMD_SYNC && (o->dry_run || o->force)) {
		fprintf(stderr, "echoddns: --dry-run and --force go with"
		    " sync only\n");
		return EX_USAGE;
	}
	o->groups = argv + optind + 1;
	o->ngroups = argc - optind - 1;
	if ((o->cmd == CMD_CHECK || o->cmd == CMD_IMPORT_ENV) &&
	    o->ngroups > 0) {
		fprintf(stderr, "echoddns: %s takes no groups\n", argv[optind]);
		return EX_USAGE;
	}
	for (i = 0; i < o->ngroups; i++)
		if (o->groups[i][0] == '-') {
			usage(stderr);
			return EX_USAGE;
		}
	return 0;
}

static int
take_lock(const struct config *cfg, int *fd)
{
	*fd = -1;
	if (mkdir(cfg->state_dir, 0700) == -1 && errno != EEXIST) {
		log_err("%s: %s", cfg->state_dir, strerror(errno));
		return EX_TEMPFAIL;
	}
	if ((*fd = open(cfg->lock_file, O_RDWR | O_CREAT | O_CLOEXEC,
	    0600)) == -1) {
		log_err("%s: %s", cfg->lock_file, strerror(errno));
		return EX_TEMPFAIL;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			log_err("%s: another echoddns run holds the lock",
			    cfg->lock_file);
		else
			log_err("%s: flock: %s", cfg->lock_file,
			    strerror(errno));
		close(*fd);
		*fd = -1;
		return EX_TEMPFAIL;
	}
	return 0;
}

static struct pctx *
session_get(struct run *run, const struct account *a, int *status)
{
	struct session *s;
	size_t i;

	for (i = 0; i < run->nsessions; i++)
		if (run->sessions[i].acct == a)
			return run->sessions[i].ctx;
	/* libcurl (and its TLS library) is set up only when a run needs
	   the provider: most runs every minute do not. */
	if (!run->http_up) {
		if ((*status = http_init()) != 0)
			return NULL;
		run->http_up = 1;
	}
	if ((s = realloc(run->sessions,
	    (run->nsessions + 1) * sizeof(*s))) == NULL) {
		log_err("account %s: out of memory", a->name);
		*status = EX_SOFTWARE;
		return NULL;
	}
	run->sessions = s;
	if ((s[run->nsessions].ctx = a->provider->open(a)) == NULL) {
		*status = EX_SOFTWARE;
		return NULL;
	}
	s[run->nsessions].acct = a;
	return s[run->nsessions++].ctx;
}

/* The whole zone's records of g's type and line, read once per run. */
static struct zone_cache *
zone_get(struct run *run, const struct group *g)
{
	struct zone_cache *z;
	struct pctx *ctx;
	size_t i;
	int status = 0;

	for (i = 0; i < run->nzones; i++) {
		z = &run->zones[i];
		if (z->acct == g->account && strcmp(z->zone, g->zone) == 0 &&
		    strcmp(z->line, g->line) == 0 && z->family == g->family)
			return z;
	}
	if ((z = realloc(run->zones, (run->nzones + 1) * sizeof(*z))) == NULL) {
		log_err("group %s: out of memory", g->name);
		return NULL;
	}
	run->zones = z;
	z = &run->zones[run->nzones++];
	memset(z, 0, sizeof(*z));
	z->acct = g->account;
	z->zone = g->zone;
	z->line = g->line;
	z->family = g->family;
	if ((ctx = session_get(run, g->account, &status)) == NULL)
		z->status = status;
	else
		z->status = g->account->provider->list(ctx, g->zone, NULL,
		    g->family, g->line, &z->recs);
	return z;
}

static const char *
type_name(int family)
{
	return family == AF_INET6 ? "AAAA" : "A";
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
resolve_api(struct run *run, const struct group *g, const struct source *src,
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
	if ((z = zone_get(run, g)) == NULL) {
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
		    "no enabled %s record in zone %s", type_name(g->family),
		    g->zone);
	}
}

static json_t *
record_json(const struct record *r)
{
	return json_pack("{s:s, s:s, s:I, s:s, s:b, s:b}",
	    "id", r->id, "value", r->value, "ttl", (json_int_t)r->ttl,
	    "line", r->line, "enabled", r->enabled, "locked", r->locked);
}

static json_t *
records_json(const struct record *v, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < n; i++)
		json_array_append_new(arr, record_json(&v[i]));
	return arr;
}

static const char *
action_verb(enum action_kind k, int done)
{
	static const char *const past[] = { "enabled", "updated", "added",
	    "disabled", "deleted" };
	static const char *const future[] = { "would enable", "would update",
	    "would add", "would disable", "would delete" };

	return done ? past[k] : future[k];
}

static const char *
action_name(enum action_kind k)
{
	static const char *const names[] = { "enable", "update", "add",
	    "disable", "delete" };

	return names[k];
}

/* Apply one action to the provider and to the local copy of the records. */
static int
apply_action(struct pctx *ctx, const struct group *g, const struct action *a,
    struct recordset *recs, char **new_id)
{
	const struct provider *p = g->account->provider;
	struct record *r = a->kind == ACT_ADD ? NULL : &recs->v[a->rec];
	char value[ADDR_STRLEN];
	int status;

	*new_id = NULL;
	addr_str(&a->value, value);
	switch (a->kind) {
	case ACT_ENABLE:
	case ACT_DISABLE:
		if ((status = p->set_enabled(ctx, g->zone, r,
		    a->kind == ACT_ENABLE)) == 0)
			r->enabled = a->kind == ACT_ENABLE;
		return status;
	case ACT_UPDATE:
		if ((status = p->update(ctx, g->zone, r, value, a->ttl)) == 0) {
			char *v = strdup(value);

			if (v == NULL)
				return EX_SOFTWARE;
			free(r->value);
			r->value = v;
			r->addr = a->value;
			r->ttl = a->ttl;
		}
		return status;
	case ACT_ADD:
		return p->add(ctx, g->zone, g->rr, g->family, value, a->ttl,
		    g->line, new_id);
	case ACT_DELETE:
		return p->remove(ctx, g->zone, r);
	}
	return EX_SOFTWARE;
}

static void
describe_action(const struct group *g, const struct action *a,
    const struct recordset *before, int done, const char *id, char *buf,
    size_t len)
{
	const struct record *r = a->kind == ACT_ADD ? NULL : &before->v[a->rec];
	char v[ADDR_STRLEN];

	addr_str(&a->value, v);
	switch (a->kind) {
	case ACT_UPDATE:
		if (addr_cmp(&r->addr, &a->value) == 0)
			snprintf(buf, len, "%s: %s record %s %s ttl %ld -> %ld",
			    g->fqdn, action_verb(a->kind, done), r->id,
			    r->value, r->ttl, a->ttl);
		else
			snprintf(buf, len, "%s: %s record %s %s -> %s",
			    g->fqdn, action_verb(a->kind, done), r->id,
			    r->value, v);
		break;
	case ACT_ADD:
		if (id != NULL)
			snprintf(buf, len, "%s: %s record %s %s", g->fqdn,
			    action_verb(a->kind, done), id, v);
		else
			snprintf(buf, len, "%s: %s record %s", g->fqdn,
			    action_verb(a->kind, done), v);
		break;
	default:
		snprintf(buf, len, "%s: %s record %s (%s)", g->fqdn,
		    action_verb(a->kind, done), r->id, r->value);
	}
}

/* One usable address of one source: a line of the multi-WAN site. */
struct line {
	struct addr	 addr;
	size_t		 src;		/* index into group->sources */
	int		 out;		/* taken out by its health check */
};

/* One group's run, across the phases of main(). */
struct grun {
	struct group		*g;
	struct source_result	*res;
	struct state_group	*sg;	/* NULL without a state */
	struct line		*lines;
	size_t			 nlines;
	int			 partial;	/* a source's addresses unknown */
	int			 status;	/* failures so far; 0: none */
	int			 done;		/* nothing more to do */
	json_t			*jg;
	json_t			*jsources;	/* borrowed from jg */
};

static int
line_add(struct grun *gr, const struct addr *a, size_t src)
{
	struct line *l;

	if ((l = realloc(gr->lines, (gr->nlines + 1) * sizeof(*l))) == NULL) {
		log_err("group %s: out of memory", gr->g->name);
		return EX_SOFTWARE;
	}
	gr->lines = l;
	memset(&l[gr->nlines], 0, sizeof(*l));
	l[gr->nlines].addr = *a;
	l[gr->nlines++].src = src;
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
 * Phase 1: sources -> lines. Failed sources stand in with their last good
 * addresses while those are younger than stale_after; otherwise the group
 * is partial: spare records may belong to that line.
 */
static int
gather_lines(struct grun *gr, time_t now)
{
	const struct group *g = gr->g;
	struct source_result *res = gr->res;
	const struct addr *last;
	struct addr *usable = NULL;
	char buf[ADDR_STRLEN];
	const char *why;
	json_t *js, *jaddrs, *jdropped;
	size_t i, j, nlast, nusable;
	long long age;
	int st;

	for (i = 0; i < g->nsources; i++) {
		js = json_pack("{s:s, s:s}", "host", g->sources[i].host,
		    "via", res[i].via);
		jaddrs = json_array();
		jdropped = json_array();
		json_object_set_new(js, "addresses", jaddrs);
		json_object_set_new(js, "dropped", jdropped);
		json_array_append_new(gr->jsources, js);
		free(usable);
		if ((usable = calloc(res[i].naddrs + 1, sizeof(*usable))) ==
		    NULL) {
			log_err("group %s: out of memory", g->name);
			return EX_SOFTWARE;
		}
		nusable = 0;
		for (j = 0; j < res[i].naddrs; j++) {
			addr_str(&res[i].addrs[j], buf);
			why = addr_unusable(&res[i].addrs[j]);
			if (why != NULL && !g->allow_private) {
				log_info("group %s: source %s: dropped %s: %s",
				    g->name, g->sources[i].host, buf, why);
				json_array_append_new(jdropped, json_pack(
				    "{s:s, s:s}", "address", buf, "reason",
				    why));
				continue;
			}
			usable[nusable++] = res[i].addrs[j];
		}
		if (res[i].status == 0) {
			json_object_set_new(js, "status", json_string("ok"));
			if (nusable == 0)
				log_warn("group %s: source %s: no usable"
				    " address", g->name, g->sources[i].host);
			else if ((st = remember(gr, i, usable, nusable,
			    now)) != 0) {
				free(usable);
				return st;
			}
		} else {
			gr->status = exit_merge(gr->status, res[i].status ==
			    EX_TEMPFAIL ? EX_NOHOST : res[i].status);
			json_object_set_new(js, "error",
			    json_string(res[i].error));
			if (gr->sg != NULL && state_source_last(gr->sg, i, now,
			    &last, &nlast, &age) && nlast > 0 &&
			    state_stale_ok(age, g->stale_after)) {
				log_warn("group %s: source %s: %s; using its"
				    " addresses seen %lld s ago", g->name,
				    g->sources[i].host, res[i].error, age);
				json_object_set_new(js, "status",
				    json_string("stale"));
				json_object_set_new(js, "age",
				    json_integer((json_int_t)age));
				nusable = 0;
				for (j = 0; j < nlast; j++)
					usable[nusable++] = last[j];
			} else {
				log_warn("group %s: source %s: %s", g->name,
				    g->sources[i].host, res[i].error);
				json_object_set_new(js, "status",
				    json_string("failed"));
				gr->partial = 1;
			}
		}
		for (j = 0; j < nusable; j++) {
			log_info("group %s: source %s: %s (%s)", g->name,
			    g->sources[i].host, addr_str(&usable[j], buf),
			    res[i].via);
			json_array_append_new(jaddrs, json_string(buf));
			if ((st = line_add(gr, &usable[j], i)) != 0) {
				free(usable);
				return st;
			}
		}
	}
	free(usable);
	return 0;
}

/* Phase 2, after the probes: count each line's check, take out the dead. */
static void
judge_health(struct grun *gr, const struct probe *pv)
{
	const struct group *g = gr->g;
	struct health *h, tmp;
	char buf[ADDR_STRLEN];
	json_t *js, *jh;
	size_t i, out = 0;

	for (i = 0; i < gr->nlines; i++) {
		struct line *l = &gr->lines[i];

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
		js = json_array_get(gr->jsources, l->src);
		if ((jh = json_object_get(js, "health")) == NULL) {
			jh = json_array();
			json_object_set_new(js, "health", jh);
		}
		json_array_append_new(jh, json_pack("{s:s, s:b, s:b, s:I, s:I,"
		    " s:s}", "address", buf, "healthy", h->healthy, "check_ok",
		    pv[i].ok, "fails", (json_int_t)h->fails, "oks",
		    (json_int_t)h->oks, "why", pv[i].ok ? "port answered" :
		    pv[i].error));
	}
	if (gr->nlines > 0 && out == gr->nlines) {
		/* The probe itself may be what is broken: change nothing. */
		log_warn("group %s: every line failed its health check;"
		    " %s left as it is", g->name, g->fqdn);
		json_object_set_new(gr->jg, "error",
		    json_string("every line failed its health check"));
		gr->status = exit_merge(gr->status, EX_TEMPFAIL);
		gr->done = 1;
	}
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
			    " of %s on line %s", g->name, g->records[i],
			    type_name(g->family), g->fqdn, g->line);
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

static void
print_status(const struct group *g, json_t *jg, const struct plan *plan,
    const struct recordset *recs)
{
	json_t *js, *v;
	size_t i, j;
	char vbuf[ADDR_STRLEN];
	const char *note;

	printf("group %s: %s %s (account %s, zone %s, line %s)\n", g->name,
	    g->fqdn, type_name(g->family), g->account->name, g->zone, g->line);
	json_array_foreach(json_object_get(jg, "sources"), i, js) {
		printf("  source %-30s", json_string_value(json_object_get(js,
		    "host")));
		if (json_object_get(js, "error") != NULL)
			printf(" failed: %s", json_string_value(
			    json_object_get(js, "error")));
		json_array_foreach(json_object_get(js, "addresses"), j, v)
			printf(" %s", json_string_value(v));
		json_array_foreach(json_object_get(js, "dropped"), j, v)
			printf(" (%s dropped: %s)", json_string_value(
			    json_object_get(v, "address")), json_string_value(
			    json_object_get(v, "reason")));
		if (json_object_get(js, "age") != NULL)
			printf(" (last good, %lld s old)", (long long)
			    json_integer_value(json_object_get(js, "age")));
		json_array_foreach(json_object_get(js, "health"), j, v)
			printf(" [%s %s: %s, %lld failed / %lld good checks in a"
			    " row]", json_string_value(json_object_get(v,
			    "address")), json_is_true(json_object_get(v,
			    "healthy")) ? "up" : "down", json_string_value(
			    json_object_get(v, "why")), (long long)
			    json_integer_value(json_object_get(v, "fails")),
			    (long long)json_integer_value(json_object_get(v,
			    "oks")));
		printf("\n");
	}
	for (i = 0; recs != NULL && i < recs->n; i++) {
		const struct record *r = &recs->v[i];

		note = "keep";
		for (j = 0; plan != NULL && j < plan->n; j++) {
			const struct action *a = &plan->v[j];
			if (a->kind == ACT_ADD || a->rec != i)
				continue;
			note = action_name(a->kind);
			if (a->kind == ACT_UPDATE)
				break;
		}
		printf("  record %-20s %-16s %-8s ttl %-6ld %s", r->id,
		    r->value, r->enabled ? "enabled" : "disabled", r->ttl,
		    note);
		for (j = 0; plan != NULL && j < plan->n; j++)
			if (plan->v[j].kind == ACT_UPDATE && plan->v[j].rec == i)
				printf(" -> %s ttl %ld", addr_str(&plan->v[j].value,
				    vbuf), plan->v[j].ttl);
		printf("\n");
	}
	for (j = 0; plan != NULL && j < plan->n; j++)
		if (plan->v[j].kind == ACT_ADD)
			printf("  record %-20s %-16s %-8s ttl %-6ld add\n", "(new)",
			    addr_str(&plan->v[j].value, vbuf), "enabled",
			    plan->v[j].ttl);
	if (json_object_get(jg, "error") != NULL)
		printf("  error: %s\n", json_string_value(json_object_get(jg,
		    "error")));
	if (plan == NULL)
		printf("  no plan\n");
	else if (plan->n == 0)
		printf("  in sync\n");
	else
		printf("  %zu change%s pending\n", plan->n,
		    plan->n == 1 ? "" : "s");
}

/* Phase 3: read the records, plan, apply, report. */
static int
sync_group(struct run *run, struct grun *gr, time_t now)
{
	struct group *g = gr->g;
	const struct provider *p = g->account->provider;
	struct options *o = run->opt;
	struct recordset recs = { NULL, 0 }, before = { NULL, 0 };
	struct recordset after = { NULL, 0 };
	struct plan_input in;
	struct plan plan = { NULL, 0, NULL, 0 };
	struct addr *want = NULL;
	struct zone_cache *z;
	struct pctx *ctx = NULL;
	json_t *jactions, *ja, *jd;
	size_t nwant = 0, i;
	int status = gr->status, st = 0, failed = 0, done = 0, writing;
	char line[512], vbuf[ADDR_STRLEN], *new_id;
	char *deleted = NULL;

	writing = o->cmd == CMD_SYNC && !o->dry_run;
	jactions = json_array();
	json_object_set_new(gr->jg, "actions", jactions);
	if ((want = calloc(gr->nlines + 1, sizeof(*want))) == NULL)
		goto oom;
	jd = json_array();
	for (i = 0; i < gr->nlines; i++)
		if (!gr->lines[i].out) {
			want[nwant++] = gr->lines[i].addr;
			json_array_append_new(jd, json_string(
			    addr_str(&gr->lines[i].addr, vbuf)));
		}
	json_object_set_new(gr->jg, "desired", jd);
	if (gr->done)
		goto out;

	if (nwant > 0 && gr->sg != NULL && o->cmd == CMD_SYNC && !o->force &&
	    state_may_skip_provider(gr->sg, want, nwant, g->verify_every,
	    now)) {
		log_debug("group %s: sources unchanged since the last"
		    " verification; provider not read", g->name);
		json_object_set_new(gr->jg, "provider_read", json_false());
		if (status == 0)
			status = EXIT_INSYNC;
		goto out;
	}

	if ((ctx = session_get(run, g->account, &st)) == NULL) {
		status = exit_merge(status, st);
		goto out;
	}
	if (g->resolver == RESOLVE_API) {
		/* The zone listing already holds the HA name's records. */
		if ((z = zone_get(run, g)) == NULL)
			goto oom;
		if ((st = z->status) == 0)
			for (i = 0; i < z->recs.n && st == 0; i++)
				if (str_ieq(z->recs.v[i].rr, g->rr) &&
				    recordset_add(&recs, &z->recs.v[i]) == -1)
					st = EX_SOFTWARE;
	} else
		st = p->list(ctx, g->zone, g->rr, g->family, g->line, &recs);
	if (st == 0 && g->nrecords > 0)
		st = pin_records(g, &recs);
	if (st != 0) {
		status = exit_merge(status, st);
		json_object_set_new(gr->jg, "error",
		    json_string("records could not be read"));
		goto fail;
	}
	for (i = 0; i < recs.n; i++)
		if (recordset_add(&before, &recs.v[i]) == -1)
			goto oom;
	json_object_set_new(gr->jg, "records_before",
	    records_json(before.v, before.n));

	if (nwant == 0) {
		log_err("group %s: no usable address from any source; %s left"
		    " as it is", g->name, g->fqdn);
		json_object_set_new(gr->jg, "error",
		    json_string("no usable address from any source"));
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

	for (i = 0; i < plan.n; i++) {
		const struct action *a = &plan.v[i];
		const char *result = "planned";

		new_id = NULL;
		if (failed)
			result = "skipped";
		else if (writing) {
			if ((st = apply_action(ctx, g, a, &recs,
			    &new_id)) != 0) {
				failed = 1;
				status = exit_merge(status, st);
				result = "failed";
			} else {
				result = "done";
				done++;
				if (a->kind == ACT_DELETE)
					deleted[a->rec] = 1;
			}
		}
		describe_action(g, a, &before, strcmp(result, "done") == 0,
		    new_id, line, sizeof(line));
		if (strcmp(result, "done") == 0 ||
		    (strcmp(result, "planned") == 0 && o->cmd == CMD_SYNC))
			log_change("%s: %s", g->name, line);
		ja = json_pack("{s:s, s:s}", "action", action_name(a->kind),
		    "result", result);
		if (a->kind != ACT_ADD) {
			json_object_set_new(ja, "record",
			    json_string(before.v[a->rec].id));
			json_object_set_new(ja, "from",
			    json_string(before.v[a->rec].value));
		} else if (new_id != NULL)
			json_object_set_new(ja, "record", json_string(new_id));
		if (a->kind == ACT_UPDATE || a->kind == ACT_ADD) {
			json_object_set_new(ja, "to",
			    json_string(addr_str(&a->value, vbuf)));
			json_object_set_new(ja, "ttl",
			    json_integer((json_int_t)a->ttl));
		}
		json_array_append_new(jactions, ja);
		if (new_id != NULL) {
			struct record nr;

			memset(&nr, 0, sizeof(nr));
			nr.id = new_id;
			nr.rr = g->rr;
			nr.type = (char *)type_name(g->family);
			nr.value = vbuf;
			nr.addr = a->value;
			nr.ttl = a->ttl;
			nr.line = g->line;
			nr.enabled = 1;
			st = recordset_add(&after, &nr);
			free(new_id);
			if (st == -1)
				goto oom;
		}
	}
	if (failed)
		log_err("group %s: stopped after %d of %zu changes; the next"
		    " run continues from what is there", g->name, done, plan.n);
	/* Failures outrank both outcomes; status is 0 only without one. */
	if (status == 0)
		status = plan.n > 0 && (!writing || done > 0) ? EXIT_CHANGED :
		    EXIT_INSYNC;
report:
	for (i = 0; i < recs.n; i++)
		if ((deleted == NULL || !deleted[i]) &&
		    recordset_add(&after, &recs.v[i]) == -1)
			goto oom;
	json_object_set_new(gr->jg, "records_after",
	    records_json(after.v, after.n));
	if (writing && gr->sg != NULL && !failed) {
		/* The provider answered: any back-off it imposed is over. */
		state_clear_throttle(gr->sg);
		if (state_set_verified(gr->sg, &after, want, nwant, now) != 0)
			goto oom;
	}
fail:
	if (writing && gr->sg != NULL && (failed || st != 0)) {
		state_clear_verified(gr->sg);
		if (ctx != NULL && p->throttled != NULL && p->throttled(ctx)) {
			/* A one-shot tool cannot sleep it off: leave the
			   provider alone for a few runs, with some jitter. */
			time_t until = now + 120 + (time_t)(getpid() % 60);

			state_set_throttle(gr->sg, now, until, "throttled");
			log_warn("group %s: the provider throttles us; next"
			    " try after %lld s (--force overrides)", g->name,
			    (long long)(until - now));
		}
	}
	goto out;
oom:
	log_err("group %s: out of memory", g->name);
	status = EX_SOFTWARE;
out:
	if (o->cmd == CMD_STATUS && !o->json)
		print_status(g, gr->jg, json_object_get(gr->jg,
		    "records_before") != NULL ? &plan : NULL, &before);
	json_object_set_new(gr->jg, "status", json_integer(status));
	json_object_set_new(gr->jg, "status_name",
	    json_string(exit_name(status)));
	free(deleted);
	plan_free(&plan);
	recordset_free(&recs);
	recordset_free(&before);
	recordset_free(&after);
	free(want);
	return status;
}

static int
selected(const struct options *o, const struct group *g)
{
	int i;

	if (o->ngroups == 0)
		return 1;
	for (i = 0; i < o->ngroups; i++)
		if (strcmp(o->groups[i], g->name) == 0)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct config *cfg = NULL;
	struct run run;
	struct group **groups = NULL;
	struct source_result **res = NULL;
	struct grun *gr = NULL;
	struct state *st_file = NULL;
	struct probe *probes = NULL;
	json_t *report = NULL, *jgroups = NULL;
	time_t now;
	size_t np = 0;
	const char *path;
	size_t n = 0, i;
	int status = EX_SOFTWARE, st, lockfd = -1, signed_up = 0;

	memset(&run, 0, sizeof(run));
	json_alloc_init();
	if ((status = parse_args(argc, argv, &o)) != 0)
		return status;
	status = EX_SOFTWARE;
	log_init(o.verbosity, o.use_syslog);
	if (o.cmd == CMD_IMPORT_ENV)
		return importenv_write(stdout);
	if ((path = o.config) == NULL && (path = getenv("ECHODDNS_CONFIG")) == NULL)
		path = DEFAULT_CONFIG;
	if ((cfg = config_load(path, &st)) == NULL) {
		status = st;
		goto out;
	}
	if (o.cmd == CMD_CHECK) {
		log_info("%s: %zu account(s), %zu group(s): OK", path,
		    cfg->naccounts, cfg->ngroups);
		status = 0;
		goto out;
	}
	for (i = 0; i < (size_t)o.ngroups; i++)
		if (config_group(cfg, o.groups[i]) == NULL) {
			log_err("%s: no group '%s'", path, o.groups[i]);
			status = EX_USAGE;
			goto out;
		}
	deadline_start(cfg->timeout);
	if (sign_init() == -1)
		goto out;
	signed_up = 1;
	if (o.cmd == CMD_SYNC && !o.dry_run &&
	    (st = take_lock(cfg, &lockfd)) != 0) {
		status = st;
		goto out;
	}

	run.opt = &o;
	run.cfg = cfg;
	if ((st_file = state_load(cfg->state_dir)) == NULL)
		goto out;
	if ((groups = calloc(cfg->ngroups + 1, sizeof(*groups))) == NULL ||
	    (res = calloc(cfg->ngroups + 1, sizeof(*res))) == NULL ||
	    (gr = calloc(cfg->ngroups + 1, sizeof(*gr))) == NULL ||
	    (report = json_object()) == NULL || (jgroups = json_array()) == NULL)
		goto oom;
	json_object_set_new(report, "version", json_string(VERSION));
	json_object_set_new(report, "command", json_string(
	    o.cmd == CMD_SYNC ? "sync" : "status"));
	json_object_set_new(report, "dry_run", json_boolean(o.dry_run ||
	    o.cmd == CMD_STATUS));
	json_object_set_new(report, "groups", jgroups);
	now = time(NULL);
	for (i = 0; i < cfg->ngroups; i++) {
		struct group *g = &cfg->groups[i];
		time_t until;
		const char *why;

		if (!selected(&o, g))
			continue;
		groups[n] = g;
		gr[n].g = g;
		if ((res[n] = calloc(g->nsources + 1, sizeof(**res))) == NULL ||
		    (gr[n].jg = json_pack("{s:s, s:s, s:s, s:s, s:[]}", "name",
		    g->name, "fqdn", g->fqdn, "type", type_name(g->family),
		    "zone", g->zone, "sources")) == NULL ||
		    (gr[n].sg = state_group(st_file, g)) == NULL)
			goto oom;
		gr[n].res = res[n];
		gr[n].jsources = json_object_get(gr[n].jg, "sources");
		json_array_append_new(jgroups, gr[n].jg);
		if (o.cmd == CMD_SYNC && !o.force &&
		    state_throttled(gr[n].sg, now, &until, &why)) {
			log_warn("group %s: the provider throttled us (%s);"
			    " leaving it alone for %lld s more (--force"
			    " overrides)", g->name, why,
			    (long long)(until - now));
			gr[n].status = EX_TEMPFAIL;
			gr[n].done = 1;
		}
		n++;
	}

	/* Phase 1: every source of every group at once. */
	if ((st = resolve_all(groups, n, res)) != 0) {
		status = st;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct group *g = gr[i].g;
		size_t j;

		if (gr[i].done || g->resolver != RESOLVE_API)
			continue;
		for (j = 0; j < g->nsources; j++)
			if (g->sources[j].server == NULL &&
			    g->sources[j].literal.family == 0)
				resolve_api(&run, g, &g->sources[j], &res[i][j]);
	}
	for (i = 0; i < n; i++)
		if (!gr[i].done && (st = gather_lines(&gr[i], now)) != 0) {
			status = st;
			goto out;
		}

	/* Phase 2: health probes of every line of every group at once. */
	for (i = 0, np = 0; i < n; i++)
		if (!gr[i].done && gr[i].g->ncheck_ports > 0)
			np += gr[i].nlines;
	if (np > 0) {
		size_t k = 0, j;

		if ((probes = calloc(np, sizeof(*probes))) == NULL)
			goto oom;
		for (i = 0; i < n; i++) {
			if (gr[i].done || gr[i].g->ncheck_ports == 0)
				continue;
			for (j = 0; j < gr[i].nlines; j++, k++) {
				probes[k].addr = gr[i].lines[j].addr;
				probes[k].ports = gr[i].g->check_ports;
				probes[k].nports = gr[i].g->ncheck_ports;
				probes[k].timeout_ms = gr[i].g->check_timeout *
				    1000;
			}
		}
		if ((st = health_probe(probes, np)) != 0) {
			status = st;
			goto out;
		}
		for (i = 0, k = 0; i < n; i++) {
			if (gr[i].done || gr[i].g->ncheck_ports == 0)
				continue;
			judge_health(&gr[i], probes + k);
			k += gr[i].nlines;
		}
	}

	/* Phase 3: each group against its provider; one failing group
	   never stops the others. */
	status = -1;
	for (i = 0; i < n; i++) {
		st = sync_group(&run, &gr[i], now);
		status = status == -1 ? st : exit_merge(status, st);
	}
	if (status == -1)
		status = EXIT_INSYNC;
	if (o.cmd == CMD_SYNC && !o.dry_run && state_save(st_file) != 0)
		log_warn("%s: state not saved; the next run reads the"
		    " provider", cfg->state_dir);
	json_object_set_new(report, "status", json_integer(status));
	json_object_set_new(report, "status_name",
	    json_string(exit_name(status)));
	if (o.json) {
		json_dumpf(report, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	}
	goto out;
oom:
	log_err("out of memory");
	status = EX_SOFTWARE;
out:
	for (i = 0; res != NULL && i < n; i++) {
		size_t j;

		for (j = 0; j < groups[i]->nsources; j++)
			source_result_clear(&res[i][j]);
		free(res[i]);
	}
	free(res);
	free(groups);
	for (i = 0; gr != NULL && i < n; i++)
		free(gr[i].lines);
	free(gr);
	free(probes);
	state_free(st_file);
	for (i = 0; i < run.nsessions; i++)
		run.sessions[i].acct->provider->close(run.sessions[i].ctx);
	free(run.sessions);
	for (i = 0; i < run.nzones; i++)
		recordset_free(&run.zones[i].recs);
	free(run.zones);
	json_decref(report);
	if (lockfd != -1)
		close(lockfd);
	config_free(cfg);
	if (run.http_up)
		http_cleanup();
	if (signed_up)
		sign_cleanup();
	return status;
}
