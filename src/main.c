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
#include <unistd.h>

#include "addr.h"
#include "config.h"
#include "exitcode.h"
#include "http.h"
#include "log.h"
#include "plan.h"
#include "provider.h"
#include "resolve.h"
#include "sign.h"
#include "util.h"

#define DEFAULT_CONFIG	SYSCONFDIR "/echoddns/echoddns.ini"

enum command { CMD_NONE, CMD_SYNC, CMD_CHECK, CMD_STATUS };

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
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: echoddns [-c FILE] [-q | -v...] [--json] [--syslog] sync"
	    " [--dry-run] [--force] [GROUP...]\n"
	    "       echoddns [-c FILE] check\n"
	    "       echoddns [-c FILE] [--json] status [GROUP...]\n"
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
	if (o->cmd == CMD_CHECK && o->ngroups > 0) {
		fprintf(stderr, "echoddns: check takes no groups\n");
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

/*
 * Sources -> desired set. Returns the status owed to source failures
 * (0 or EX_NOHOST, ...); *partial is set when a failed source leaves the
 * spare records' owners unknown.
 */
static int
desired_set(const struct group *g, struct source_result *res,
    struct addr **want, size_t *nwant, int *partial, json_t *jsources)
{
	char buf[ADDR_STRLEN];
	const char *why;
	struct addr *w;
	json_t *js, *jaddrs, *jdropped;
	size_t i, j;
	int status = 0;

	*want = NULL;
	*nwant = 0;
	*partial = 0;
	for (i = 0; i < g->nsources; i++) {
		js = json_pack("{s:s, s:s}", "host", g->sources[i].host,
		    "via", res[i].via);
		jaddrs = json_array();
		jdropped = json_array();
		if (res[i].status != 0) {
			log_warn("group %s: source %s: %s", g->name,
			    g->sources[i].host, res[i].error);
			status = exit_merge(status, res[i].status == EX_TEMPFAIL
			    ? EX_NOHOST : res[i].status);
			*partial = 1;
			json_object_set_new(js, "status", json_string("failed"));
			json_object_set_new(js, "error",
			    json_string(res[i].error));
		} else
			json_object_set_new(js, "status", json_string("ok"));
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
			log_info("group %s: source %s: %s (%s)", g->name,
			    g->sources[i].host, buf, res[i].via);
			json_array_append_new(jaddrs, json_string(buf));
			if ((w = realloc(*want,
			    (*nwant + 1) * sizeof(*w))) == NULL) {
				log_err("group %s: out of memory", g->name);
				json_decref(jaddrs);
				json_decref(jdropped);
				json_decref(js);
				return EX_SOFTWARE;
			}
			*want = w;
			w[(*nwant)++] = res[i].addrs[j];
		}
		if (res[i].status == 0 && json_array_size(jaddrs) == 0)
			log_warn("group %s: source %s: no usable address",
			    g->name, g->sources[i].host);
		json_object_set_new(js, "addresses", jaddrs);
		json_object_set_new(js, "dropped", jdropped);
		json_array_append_new(jsources, js);
	}
	return status;
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

static int
run_group(struct run *run, struct group *g, struct source_result *res,
    json_t *jg)
{
	const struct provider *p = g->account->provider;
	struct options *o = run->opt;
	struct recordset recs = { NULL, 0 }, before = { NULL, 0 };
	struct plan_input in;
	struct plan plan = { NULL, 0, NULL, 0 };
	struct addr *want = NULL;
	struct zone_cache *z;
	struct pctx *ctx;
	json_t *jsources, *jactions, *ja, *jd;
	size_t nwant = 0, i;
	int status, st, partial, failed = 0, done = 0;
	char line[512], vbuf[ADDR_STRLEN], *new_id;

	jsources = json_array();
	jactions = json_array();
	json_object_set_new(jg, "sources", jsources);
	json_object_set_new(jg, "actions", jactions);

	for (i = 0; i < g->nsources; i++)
		if (g->resolver == RESOLVE_API && g->sources[i].server == NULL &&
		    g->sources[i].literal.family == 0)
			resolve_api(run, g, &g->sources[i], &res[i]);
	status = desired_set(g, res, &want, &nwant, &partial, jsources);
	if (status == EX_SOFTWARE)
		goto out;
	jd = json_array();
	for (i = 0; i < nwant; i++)
		json_array_append_new(jd, json_string(addr_str(&want[i], vbuf)));
	json_object_set_new(jg, "desired", jd);

	if ((ctx = session_get(run, g->account, &st)) == NULL) {
		status = exit_merge(status, st);
		goto out;
	}
	if (g->resolver == RESOLVE_API) {
		/* The zone listing already holds the HA name's records. */
		if ((z = zone_get(run, g)) == NULL) {
			status = EX_SOFTWARE;
			goto out;
		}
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
		json_object_set_new(jg, "error",
		    json_string("records could not be read"));
		goto out;
	}
	for (i = 0; i < recs.n; i++)
		if (recordset_add(&before, &recs.v[i]) == -1) {
			status = EX_SOFTWARE;
			goto out;
		}
	json_object_set_new(jg, "records_before",
	    records_json(before.v, before.n));

	if (nwant == 0) {
		log_err("group %s: no usable address from any source; %s left"
		    " as it is", g->name, g->fqdn);
		json_object_set_new(jg, "error",
		    json_string("no usable address from any source"));
		status = exit_merge(status, EX_NOHOST);
		goto report;
	}

	memset(&in, 0, sizeof(in));
	in.want = want;
	in.nwant = nwant;
	in.recs = recs.v;
	in.nrecs = recs.n;
	in.partial = partial;
	in.pinned = g->nrecords > 0;
	in.spare = g->spare;
	in.ttl = g->ttl;
	in.min_records = (size_t)g->min_records;
	if (plan_build(&in, &plan) == -1) {
		log_err("group %s: out of memory", g->name);
		status = EX_SOFTWARE;
		goto out;
	}
	if (partial)
		log_info("group %s: a source failed: spare records are neither"
		    " reused nor disabled", g->name);
	for (i = 0; i < plan.nunplaced; i++) {
		log_err("group %s: %s has no pinned record left to hold it",
		    g->name, addr_str(&plan.unplaced[i], vbuf));
		status = exit_merge(status, EX_DATAERR);
	}

	for (i = 0; i < plan.n; i++) {
		const struct action *a = &plan.v[i];
		const char *result = "planned";

		new_id = NULL;
		st = 0;
		if (failed)
			result = "skipped";
		else if (!o->dry_run && o->cmd == CMD_SYNC) {
			st = apply_action(ctx, g, a, &recs, &new_id);
			if (st != 0) {
				failed = 1;
				status = exit_merge(status, st);
				result = "failed";
			} else {
				result = "done";
				done++;
			}
		}
		describe_action(g, a, &before, st == 0 &&
		    strcmp(result, "done") == 0, new_id, line, sizeof(line));
		if (strcmp(result, "done") == 0 ||
		    (strcmp(result, "planned") == 0 && o->cmd == CMD_SYNC))
			log_change("%s: %s", g->name, line);
		ja = json_pack("{s:s, s:s}", "action", action_name(a->kind),
		    "result", result);
		if (a->kind != ACT_ADD)
			json_object_set_new(ja, "record",
			    json_string(before.v[a->rec].id));
		else if (new_id != NULL)
			json_object_set_new(ja, "record", json_string(new_id));
		if (a->kind != ACT_ADD)
			json_object_set_new(ja, "from",
			    json_string(before.v[a->rec].value));
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
			if (recordset_add(&recs, &nr) == -1)
				status = exit_merge(status, EX_SOFTWARE);
			free(new_id);
		}
		if (a->kind == ACT_DELETE && strcmp(result, "done") == 0)
			recs.v[a->rec].id[0] = '\0';	/* gone; see below */
	}
	if (failed)
		log_err("group %s: stopped after %d of %zu changes; the next"
		    " run continues from what is there", g->name, done, plan.n);
	/* Failures outrank both outcomes; status is 0 only without one. */
	if (status == 0)
		status = plan.n > 0 && (o->dry_run || o->cmd == CMD_STATUS ||
		    done > 0) ? EXIT_CHANGED : EXIT_INSYNC;
report:
	jd = json_array();
	for (i = 0; i < recs.n; i++)
		if (recs.v[i].id[0] != '\0')
			json_array_append_new(jd, record_json(&recs.v[i]));
	json_object_set_new(jg, "records_after", jd);
	if (o->cmd == CMD_STATUS && !o->json)
		print_status(g, jg, &plan, &before);
out:
	if (o->cmd == CMD_STATUS && !o->json && before.v == NULL &&
	    json_object_get(jg, "records_before") == NULL)
		print_status(g, jg, NULL, NULL);
	json_object_set_new(jg, "status", json_integer(status));
	json_object_set_new(jg, "status_name", json_string(exit_name(status)));
	plan_free(&plan);
	recordset_free(&recs);
	recordset_free(&before);
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
	json_t *report = NULL, *jgroups, *jg;
	const char *path;
	size_t n = 0, i;
	int status = EX_SOFTWARE, st, lockfd = -1, signed_up = 0, http_up = 0;

	memset(&run, 0, sizeof(run));
	if ((status = parse_args(argc, argv, &o)) != 0)
		return status;
	status = EX_SOFTWARE;
	log_init(o.verbosity, o.use_syslog);
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
	if (http_init() != 0)
		goto out;
	http_up = 1;
	if (o.cmd == CMD_SYNC && !o.dry_run &&
	    (st = take_lock(cfg, &lockfd)) != 0) {
		status = st;
		goto out;
	}

	run.opt = &o;
	run.cfg = cfg;
	if ((groups = calloc(cfg->ngroups, sizeof(*groups))) == NULL ||
	    (res = calloc(cfg->ngroups, sizeof(*res))) == NULL)
		goto oom;
	for (i = 0; i < cfg->ngroups; i++) {
		if (!selected(&o, &cfg->groups[i]))
			continue;
		groups[n] = &cfg->groups[i];
		if ((res[n] = calloc(groups[n]->nsources + 1,
		    sizeof(**res))) == NULL)
			goto oom;
		n++;
	}
	if ((st = resolve_all(groups, n, res)) != 0) {
		status = st;
		goto out;
	}

	if ((report = json_object()) == NULL || (jgroups = json_array()) == NULL)
		goto oom;
	json_object_set_new(report, "version", json_string(VERSION));
	json_object_set_new(report, "command", json_string(
	    o.cmd == CMD_SYNC ? "sync" : "status"));
	json_object_set_new(report, "dry_run", json_boolean(o.dry_run ||
	    o.cmd == CMD_STATUS));
	json_object_set_new(report, "groups", jgroups);
	status = -1;
	for (i = 0; i < n; i++) {
		struct group *g = groups[i];

		if ((jg = json_pack("{s:s, s:s, s:s, s:s}", "name", g->name,
		    "fqdn", g->fqdn, "type", type_name(g->family), "zone",
		    g->zone)) == NULL)
			goto oom;
		json_array_append_new(jgroups, jg);
		st = run_group(&run, g, res[i], jg);
		status = status == -1 ? st : exit_merge(status, st);
	}
	if (status == -1)
		status = EXIT_INSYNC;
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
	if (http_up)
		http_cleanup();
	if (signed_up)
		sign_cleanup();
	return status;
}
