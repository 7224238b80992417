/*
 * report.c - a run's typed result, and its three renderings: change lines,
 * the status table and the --json document (built with jansson).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "exitcode.h"
#include "log.h"
#include "report.h"
#include "util.h"

struct report *
report_new(enum report_command cmd, int dry_run, size_t n)
{
	struct report *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	if ((r->groups = calloc(n + 1, sizeof(*r->groups))) == NULL) {
		free(r);
		return NULL;
	}
	r->command = cmd;
	r->dry_run = dry_run;
	r->ngroups = n;
	return r;
}

static void
source_clear(struct report_source *s)
{
	free(s->error);
	free(s->addrs);
	free(s->dropped);
	free(s->health);
}

static void
group_clear(struct report_group *rg)
{
	size_t i;

	for (i = 0; rg->sources != NULL && i < rg->nsources; i++)
		source_clear(&rg->sources[i]);
	free(rg->sources);
	free(rg->desired);
	recordset_free(&rg->before);
	recordset_free(&rg->after);
	for (i = 0; i < rg->nactions; i++) {
		free(rg->actions[i].record);
		free(rg->actions[i].from);
		free(rg->actions[i].from_set);
		free(rg->actions[i].to_set);
	}
	free(rg->actions);
	free(rg->unplaced);
	free(rg->error);
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ngroups; i++)
		group_clear(&r->groups[i]);
	free(r->groups);
	free(r);
}

void
report_set_error(struct report_group *rg, const char *msg)
{
	if (rg->error == NULL)
		rg->error = strdup(msg);	/* lost when out of memory */
}

static struct addr *addrs_dup(const struct addr *, size_t);

int
report_set_unplaced(struct report_group *rg, const struct addr *v, size_t n)
{
	struct addr *c;

	if ((c = addrs_dup(v, n)) == NULL)
		return -1;
	free(rg->unplaced);
	rg->unplaced = c;
	rg->nunplaced = n;
	return 0;
}

static struct report_action *action_new(struct report_group *,
		    enum action_kind);

struct report_action *
report_add_action(struct report_group *rg, const struct action *a)
{
	struct report_action *ra;
	const struct record *r = NULL;

	if (a->kind != ACT_ADD)
		r = &rg->before.v[a->rec];
	if ((ra = action_new(rg, a->kind)) == NULL)
		return NULL;
	ra->rec = a->rec;
	ra->to = a->value;
	ra->ttl = a->ttl;
	if (r != NULL) {
		ra->from_ttl = r->ttl;
		if ((ra->record = strdup(r->id)) == NULL ||
		    (ra->from = strdup(r->value)) == NULL) {
			free(ra->record);
			ra->record = NULL;
			return NULL;
		}
	}
	rg->nactions++;
	return ra;
}

/* Room for one more action, zeroed; NULL when out of memory. */
static struct report_action *
action_new(struct report_group *rg, enum action_kind kind)
{
	struct report_action *v, *ra;

	if ((v = realloc(rg->actions, (rg->nactions + 1) * sizeof(*v))) == NULL)
		return NULL;
	rg->actions = v;
	ra = &v[rg->nactions];
	memset(ra, 0, sizeof(*ra));
	ra->kind = kind;
	ra->result = RESULT_PLANNED;
	return ra;
}

static struct addr *
addrs_dup(const struct addr *v, size_t n)
{
	struct addr *c;

	if ((c = calloc(n + 1, sizeof(*c))) != NULL && n > 0)
		memcpy(c, v, n * sizeof(*c));
	return c;
}

struct report_action *
report_add_set(struct report_group *rg, const char *id,
    const struct addr *from, size_t nfrom, const struct addr *to, size_t nto,
    long ttl)
{
	struct report_action *ra;

	if ((ra = action_new(rg, ACT_REPLACE)) == NULL)
		return NULL;
	ra->ttl = ttl;
	ra->nfrom_set = nfrom;
	ra->nto_set = nto;
	if ((id != NULL && (ra->record = strdup(id)) == NULL) ||
	    (ra->from_set = addrs_dup(from, nfrom)) == NULL ||
	    (ra->to_set = addrs_dup(to, nto)) == NULL) {
		free(ra->record);
		free(ra->from_set);
		free(ra->to_set);
		return NULL;
	}
	rg->nactions++;
	return ra;
}

struct report_action *
report_add_publish(struct report_group *rg, const struct addr *from,
    const struct addr *to)
{
	struct report_action *ra;
	char buf[ADDR_STRLEN];

	if ((ra = action_new(rg, ACT_PUBLISH)) == NULL)
		return NULL;
	ra->to = *to;
	if (from != NULL && (ra->from = strdup(addr_str(from, buf))) == NULL)
		return NULL;
	rg->nactions++;
	return ra;
}

static const char *
action_verb(enum action_kind k, int done)
{
	static const char *const past[] = { "enabled", "updated", "added",
	    "disabled", "deleted", "replaced", "updated" };
	static const char *const future[] = { "would enable", "would update",
	    "would add", "would disable", "would delete", "would replace",
	    "would update" };

	return done ? past[k] : future[k];
}

static const char *
action_name(enum action_kind k)
{
	static const char *const names[] = { "enable", "update", "add",
	    "disable", "delete", "replace", "publish" };

	return names[k];
}

/* v as "a,b,c" into buf, or "(none)". */
static const char *
addrs_text(const struct addr *v, size_t n, char *buf, size_t len)
{
	char a[ADDR_STRLEN];
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    i > 0 ? "," : "", addr_str(&v[i], a));
	if (n == 0)
		snprintf(buf, len, "(none)");
	return buf;
}

static const char *
result_name(enum action_result r)
{
	static const char *const names[] = { "planned", "done", "failed",
	    "skipped" };

	return names[r];
}

const char *
report_action_text(const struct report_group *rg,
    const struct report_action *a, int done, char *buf, size_t len)
{
	const struct group *g = rg->g;
	const struct record *r = NULL;
	char v[ADDR_STRLEN], s1[512], s2[512];

	if (a->kind <= ACT_DELETE && a->kind != ACT_ADD)
		r = &rg->before.v[a->rec];
	addr_str(&a->to, v);
	switch (a->kind) {
	case ACT_REPLACE:
		/* A set created has its ID only once it is done. */
		if (a->nfrom_set == 0)
			snprintf(buf, len, "%s: %s record set %s%s%s ttl %ld",
			    g->fqdn, done ? "added" : "would add",
			    a->record != NULL ? a->record : "",
			    a->record != NULL ? " " : "",
			    addrs_text(a->to_set, a->nto_set, s2, sizeof(s2)),
			    a->ttl);
		else
			snprintf(buf, len, "%s: %s record set %s %s -> %s ttl"
			    " %ld", g->fqdn, action_verb(a->kind, done),
			    a->record != NULL ? a->record : "(new)",
			    addrs_text(a->from_set, a->nfrom_set, s1,
			    sizeof(s1)), addrs_text(a->to_set, a->nto_set, s2,
			    sizeof(s2)), a->ttl);
		break;
	case ACT_PUBLISH:
		if (a->from != NULL)
			snprintf(buf, len, "%s: %s %s -> %s", g->fqdn,
			    action_verb(a->kind, done), a->from, v);
		else
			snprintf(buf, len, "%s: %s to %s", g->fqdn, done ?
			    "set" : "would set", v);
		break;
	case ACT_UPDATE:
		if (addr_cmp(&r->addr, &a->to) == 0)
			snprintf(buf, len, "%s: %s record %s %s ttl %ld -> %ld",
			    g->fqdn, action_verb(a->kind, done), r->id,
			    r->value, r->ttl, a->ttl);
		else
			snprintf(buf, len, "%s: %s record %s %s -> %s",
			    g->fqdn, action_verb(a->kind, done), r->id,
			    r->value, v);
		break;
	case ACT_ADD:
		if (a->record != NULL)
			snprintf(buf, len, "%s: %s record %s %s", g->fqdn,
			    action_verb(a->kind, done), a->record, v);
		else
			snprintf(buf, len, "%s: %s record %s", g->fqdn,
			    action_verb(a->kind, done), v);
		break;
	default:
		snprintf(buf, len, "%s: %s record %s (%s)", g->fqdn,
		    action_verb(a->kind, done), r->id, r->value);
	}
	return buf;
}

/* ---- the verdict ---- */

/* ", verified 4 min ago" for a verification at t, or "" when unknown. */
static const char *
verified_text(time_t t, time_t now, char *buf, size_t len)
{
	long long age = (long long)(now - t);

	if (t == 0 || age < 0)
		buf[0] = '\0';
	else if (age < 60)
		snprintf(buf, len, ", verified now");
	else if (age < 7200)
		snprintf(buf, len, ", verified %lld min ago", age / 60);
	else
		snprintf(buf, len, ", verified %lld h ago", age / 3600);
	return buf;
}

const char *
report_verdict(const struct report_group *rg, int dry_run, time_t now,
    char *buf, size_t len)
{
	const char *fqdn = rg->g->fqdn;
	char ver[64], addrs[512];
	size_t i, done = 0;
	long n = rg->nverified;

	if (rg->have_after)
		for (i = 0, n = 0; i < rg->after.n; i++)
			n += rg->after.v[i].enabled;
	for (i = 0; i < rg->nactions; i++)
		done += rg->actions[i].result == RESULT_DONE;
	if (rg->nunplaced > 0)
		snprintf(buf, len, "%s not in sync: no record can hold %s",
		    fqdn, addrs_text(rg->unplaced, rg->nunplaced, addrs,
		    sizeof(addrs)));
	else if (rg->status != EXIT_CHANGED && rg->status != EXIT_INSYNC)
		snprintf(buf, len, "%s: failed: %s (%d)", fqdn,
		    exit_meaning(rg->status), rg->status);
	else if (rg->status == EXIT_CHANGED && dry_run)
		snprintf(buf, len, "%s: %zu change%s pending", fqdn,
		    rg->nactions, rg->nactions == 1 ? "" : "s");
	else if (rg->status == EXIT_CHANGED)
		snprintf(buf, len, "%s changed (%zu change%s), %ld record%s",
		    fqdn, done, done == 1 ? "" : "s", n, n == 1 ? "" : "s");
	else if (n >= 0)
		snprintf(buf, len, "%s in sync, %ld record%s%s", fqdn, n,
		    n == 1 ? "" : "s", verified_text(rg->verified_at, now, ver,
		    sizeof(ver)));
	else
		snprintf(buf, len, "%s in sync%s", fqdn, verified_text(
		    rg->verified_at, now, ver, sizeof(ver)));
	return buf;
}

/* ---- the status table ---- */

static void
status_source(const struct report_source *s, FILE *f)
{
	char buf[ADDR_STRLEN];
	size_t j;

	fprintf(f, "  source %-30s", s->host);
	if (s->error != NULL)
		fprintf(f, " failed: %s", s->error);
	for (j = 0; j < s->naddrs; j++)
		fprintf(f, " %s", addr_str(&s->addrs[j], buf));
	for (j = 0; j < s->ndropped; j++)
		fprintf(f, " (%s dropped: %s)", addr_str(&s->dropped[j].addr,
		    buf), s->dropped[j].reason);
	if (s->outcome == SOURCE_STALE)
		fprintf(f, " (last good, %lld s old)", s->age);
	for (j = 0; j < s->nhealth; j++) {
		const struct report_health *h = &s->health[j];

		fprintf(f, " [%s %s: %s, %ld failed / %ld good checks in a"
		    " row]", addr_str(&h->addr, buf), h->healthy ? "up" :
		    "down", h->why, h->fails, h->oks);
	}
	fprintf(f, "\n");
}

static void
status_group(const struct report_group *rg, FILE *f)
{
	const struct group *g = rg->g;
	const struct report_action *a;
	const struct record *r;
	const char *note;
	char vbuf[ADDR_STRLEN], text[1100];
	size_t i, j, nplan = rg->planned ? rg->nactions : 0;

	fprintf(f, "group %s: %s %s (account %s, zone %s", g->name, g->fqdn,
	    addr_rrtype(g->family), g->account->name, g->zone);
	if (g->line != NULL)
		fprintf(f, ", line %s", g->line);
	fprintf(f, ")\n");
	for (i = 0; i < rg->nsources; i++)
		if (rg->sources[i].listed)
			status_source(&rg->sources[i], f);
	for (i = 0; rg->records_read && i < rg->before.n; i++) {
		r = &rg->before.v[i];
		note = "keep";
		for (j = 0; j < nplan; j++) {
			a = &rg->actions[j];
			if (a->kind == ACT_ADD || a->rec != i)
				continue;
			if (a->kind > ACT_DELETE)
				continue;
			note = action_name(a->kind);
			if (a->kind == ACT_UPDATE)
				break;
		}
		fprintf(f, "  record %-20s %-16s %-8s ttl %-6ld %s", r->id,
		    r->value, r->enabled ? "enabled" : "disabled", r->ttl,
		    note);
		for (j = 0; j < nplan; j++) {
			a = &rg->actions[j];
			if (a->kind == ACT_UPDATE && a->rec == i)
				fprintf(f, " -> %s ttl %ld", addr_str(&a->to,
				    vbuf), a->ttl);
		}
		fprintf(f, "\n");
	}
	for (j = 0; j < nplan; j++) {
		a = &rg->actions[j];
		if (a->kind == ACT_ADD)
			fprintf(f, "  record %-20s %-16s %-8s ttl %-6ld add\n",
			    "(new)", addr_str(&a->to, vbuf), "enabled", a->ttl);
		else if (a->kind == ACT_REPLACE || a->kind == ACT_PUBLISH)
			fprintf(f, "  %s\n", report_action_text(rg, a, 0, text,
			    sizeof(text)));
	}
	if (rg->error != NULL)
		fprintf(f, "  error: %s\n", rg->error);
	if (!rg->planned)
		fprintf(f, "  no plan\n");
	else if (nplan > 0)
		fprintf(f, "  %zu change%s pending\n", nplan,
		    nplan == 1 ? "" : "s");
	/* Never "in sync" while a wanted address is left out. */
	if (rg->planned && rg->nunplaced > 0)
		fprintf(f, "  not in sync: no record can hold %s (more"
		    " addresses than pinned records, or a locked or disabled"
		    " record holds it)\n", addrs_text(rg->unplaced,
		    rg->nunplaced, text, sizeof(text)));
	else if (rg->planned && nplan == 0)
		fprintf(f, "  in sync\n");
}

void
report_status_text(const struct report *r, FILE *f)
{
	size_t i;

	for (i = 0; i < r->ngroups; i++)
		status_group(&r->groups[i], f);
}

/* ---- --json ---- */

/*
 * Builders return a new reference, or NULL when out of memory; a NULL
 * handed to a *_new setter makes it fail, and the failure travels up.
 */

/* Like json_object_set_new: v is stolen, also when o is NULL. */
static int
set(json_t *o, const char *key, json_t *v)
{
	if (o == NULL) {
		json_decref(v);
		return -1;
	}
	return json_object_set_new(o, key, v) == -1 ? -1 : 0;
}

/* Like json_array_append_new: v is stolen, also when a is NULL. */
static int
push(json_t *a, json_t *v)
{
	if (a == NULL) {
		json_decref(v);
		return -1;
	}
	return json_array_append_new(a, v) == -1 ? -1 : 0;
}

static json_t *
addrs_json(const struct addr *v, size_t n)
{
	json_t *arr = json_array();
	char buf[ADDR_STRLEN];
	size_t i;

	for (i = 0; arr != NULL && i < n; i++)
		if (push(arr, json_string(addr_str(&v[i], buf))) == -1) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

static json_t *
records_json(const struct recordset *rs)
{
	json_t *arr = json_array();
	const struct record *r;
	size_t i;

	for (i = 0; arr != NULL && i < rs->n; i++) {
		r = &rs->v[i];
		if (push(arr, json_pack("{s:s, s:s, s:I, s:s, s:b, s:b}",
		    "id", r->id, "value", r->value, "ttl", (json_int_t)r->ttl,
		    "line", r->line != NULL ? r->line : "", "enabled",
		    r->enabled, "locked", r->locked)) == -1) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *
source_json(const struct report_source *s)
{
	static const char *const outcome[] = { "ok", "stale", "failed" };
	json_t *js, *jd, *jh;
	char buf[ADDR_STRLEN];
	size_t i;

	js = json_pack("{s:s, s:s}", "host", s->host, "via", s->via);
	if (set(js, "addresses", addrs_json(s->addrs, s->naddrs)) == -1 ||
	    set(js, "dropped", jd = json_array()) == -1)
		goto fail;
	for (i = 0; i < s->ndropped; i++)
		if (push(jd, json_pack("{s:s, s:s}", "address",
		    addr_str(&s->dropped[i].addr, buf), "reason",
		    s->dropped[i].reason)) == -1)
			goto fail;
	if (set(js, "status", json_string(outcome[s->outcome])) == -1 ||
	    (s->error != NULL &&
	    set(js, "error", json_string(s->error)) == -1) ||
	    (s->outcome == SOURCE_STALE &&
	    set(js, "age", json_integer((json_int_t)s->age)) == -1))
		goto fail;
	if (s->nhealth > 0 && set(js, "health", jh = json_array()) == -1)
		goto fail;
	for (i = 0; i < s->nhealth; i++) {
		const struct report_health *h = &s->health[i];

		if (push(jh, json_pack("{s:s, s:b, s:b, s:I, s:I, s:s}",
		    "address", addr_str(&h->addr, buf), "healthy", h->healthy,
		    "check_ok", h->check_ok, "fails", (json_int_t)h->fails,
		    "oks", (json_int_t)h->oks, "why", h->why)) == -1)
			goto fail;
	}
	return js;
fail:
	json_decref(js);
	return NULL;
}

static json_t *
action_json(const struct report_action *a)
{
	json_t *ja;
	char buf[ADDR_STRLEN];

	ja = json_pack("{s:s, s:s}", "action", action_name(a->kind), "result",
	    result_name(a->result));
	if (a->record != NULL && set(ja, "record",
	    json_string(a->record)) == -1)
		goto fail;
	if (a->from != NULL && set(ja, "from", json_string(a->from)) == -1)
		goto fail;
	if ((a->kind == ACT_UPDATE || a->kind == ACT_ADD) &&
	    (set(ja, "to", json_string(addr_str(&a->to, buf))) == -1 ||
	    set(ja, "ttl", json_integer((json_int_t)a->ttl)) == -1))
		goto fail;
	if (a->kind == ACT_REPLACE && (set(ja, "from", addrs_json(a->from_set,
	    a->nfrom_set)) == -1 || set(ja, "to", addrs_json(a->to_set,
	    a->nto_set)) == -1 ||
	    set(ja, "ttl", json_integer((json_int_t)a->ttl)) == -1))
		goto fail;
	if (a->kind == ACT_PUBLISH &&
	    set(ja, "to", json_string(addr_str(&a->to, buf))) == -1)
		goto fail;
	return ja;
fail:
	json_decref(ja);
	return NULL;
}

static json_t *
group_json(const struct report_group *rg)
{
	const struct group *g = rg->g;
	json_t *jg, *jsrc, *jact;
	size_t i;

	jg = json_pack("{s:s, s:s, s:s, s:s}", "name", g->name, "fqdn",
	    g->fqdn, "type", addr_rrtype(g->family), "zone", g->zone);
	if (set(jg, "sources", jsrc = json_array()) == -1)
		goto fail;
	for (i = 0; i < rg->nsources; i++)
		if (rg->sources[i].listed &&
		    push(jsrc, source_json(&rg->sources[i])) == -1)
			goto fail;
	if (set(jg, "actions", jact = json_array()) == -1)
		goto fail;
	for (i = 0; i < rg->nactions; i++)
		if (push(jact, action_json(&rg->actions[i])) == -1)
			goto fail;
	if (rg->have_desired && set(jg, "desired",
	    addrs_json(rg->desired, rg->ndesired)) == -1)
		goto fail;
	if (rg->nunplaced > 0 && set(jg, "unplaced",
	    addrs_json(rg->unplaced, rg->nunplaced)) == -1)
		goto fail;
	if (rg->provider_read == 0 &&
	    set(jg, "provider_read", json_false()) == -1)
		goto fail;
	if (rg->records_read &&
	    set(jg, "records_before", records_json(&rg->before)) == -1)
		goto fail;
	if (rg->error != NULL && set(jg, "error", json_string(rg->error)) == -1)
		goto fail;
	if (rg->have_after &&
	    set(jg, "records_after", records_json(&rg->after)) == -1)
		goto fail;
	if (set(jg, "status", json_integer(rg->status)) == -1 ||
	    set(jg, "status_name", json_string(exit_name(rg->status))) == -1)
		goto fail;
	return jg;
fail:
	json_decref(jg);
	return NULL;
}

int
report_json(const struct report *r, FILE *f)
{
	json_t *root, *jgroups;
	size_t i;
	int status = EX_SOFTWARE;

	root = json_pack("{s:s, s:s, s:b}", "version", VERSION, "command",
	    r->command == REPORT_SYNC ? "sync" : "status", "dry_run",
	    r->dry_run);
	if (set(root, "groups", jgroups = json_array()) == -1)
		goto out;
	for (i = 0; i < r->ngroups; i++)
		if (push(jgroups, group_json(&r->groups[i])) == -1)
			goto out;
	if (set(root, "status", json_integer(r->status)) == -1 ||
	    set(root, "status_name", json_string(exit_name(r->status))) == -1)
		goto out;
	if (json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == -1 ||
	    jalloc_failed())
		goto out;
	putc('\n', f);
	status = 0;
out:
	if (status != 0)
		log_err("--json: out of memory");
	json_decref(root);
	return status;
}
