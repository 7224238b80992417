/*
 * state.c - the state file: jansson tree <-> struct state, atomic save.
 *
 * File format (version 1), every object optional unless noted:
 *
 *	{ "version": 1,
 *	  "groups": { NAME: {
 *	    "target":   { "account", "zone", "rr", "type", "line" }  (required)
 *	    "sources":  { SOURCE: { "addrs": [ADDR...], "seen": TIME,
 *	                  "health": [ { "addr", "fails", "oks", "healthy" } ] } },
 *	    "verified": { "at": TIME, "desired": [ADDR...],
 *	                  "records": [ { "id", "value", "ttl", "enabled" } ] },
 *	    "throttle": { "set": TIME, "until": TIME, "reason": TEXT,
 *	                  "status": EXIT-STATUS },
 *	    "zone_id":  TEXT,
 *	    "written":  TIME,
 *	    "failure":  { "since": TIME, "reported": TIME,
 *	                  "status": EXIT-STATUS } } } }
 *
 * A file that does not match this shape is ignored as a whole: a half-read
 * state could make a run skip work it must do.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "exitcode.h"
#include "file.h"
#include "log.h"
#include "state.h"
#include "util.h"

#define STATE_FILE	"state.json"
#define STATE_VERSION	1
/* Far above any real state; refuse to slurp a runaway file on a router. */
#define STATE_MAX_SIZE	(4L * 1024 * 1024)
#define REASON_MAX	128

struct src {
	char		 *key;		/* the source as written: host[@server] */
	int		  known;	/* addrs and seen are set */
	struct addr	 *addrs;
	size_t		  naddrs;
	time_t		  seen;
	struct health	**health;	/* one per address of the line */
	size_t		  nhealth;
};

struct state_group {
	char			*name;
	/* What it was kept for: another target means another config. */
	char			*account;
	char			*zone;
	char			*rr;
	char			*line;
	int			 family;
	struct src		**src;		/* after state_group: as grp->sources */
	size_t			 nsrc;
	int			 verified;	/* recs, want and verified_at are set */
	struct recordset	 recs;
	struct addr		*want;
	size_t			 nwant;
	time_t			 verified_at;
	char			 settings[17];	/* settings_hash() when verified */
	time_t			 thr_set;
	time_t			 thr_until;	/* 0: not throttled */
	char			*thr_reason;
	int			 thr_status;	/* of runs held back by it */
	char			*zone_id;	/* the provider's, cached */
	time_t			 written;	/* last write to the provider */
	struct failure		 failure;	/* since 0: none */
	const struct group	*cfg;		/* set once asked for in this run */
};

struct state {
	char			 *dir;
	char			 *path;
	struct state_group	**groups;
	size_t			  ngroups;
	char			 *loaded;	/* the file as read or last written */
	size_t			  nloaded;
};

/*
 * Why the file cannot be used, for the single warning. It never quotes
 * the file: that may be anything, a secret even (state.json made a link
 * to one), so groups are named by position and problems in our words.
 */
struct perr {
	char	text[256];
	size_t	group;		/* the group being read, from 1 */
	int	oom;
};

static void
src_free(struct src *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nhealth; i++)
		free(s->health[i]);
	free(s->health);
	free(s->addrs);
	free(s->key);
	free(s);
}

/*
 * What of a group's settings decides its plan beyond the desired set (TTL,
 * spare policy, min_records, pinned records), as 16 hex digits (FNV-1a):
 * a changed setting must make the next run read the provider.
 */
static void
settings_hash(const struct group *grp, char out[17])
{
	unsigned long long h = 14695981039346656037ULL;
	char buf[96];
	const char *p;
	size_t i;

	snprintf(buf, sizeof(buf), "%ld|%d|%ld|%d|", grp->ttl, (int)grp->spare,
	    grp->min_records, grp->allow_private);
	for (p = buf; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (i = 0; i < grp->nrecords; i++) {
		for (p = grp->records[i]; *p != '\0'; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ (unsigned char)',') * 1099511628211ULL;
	}
	snprintf(out, 17, "%016llx", h);
}

static void
group_free(struct state_group *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->nsrc; i++)
		src_free(g->src[i]);
	free(g->src);
	recordset_free(&g->recs);
	free(g->want);
	free(g->thr_reason);
	free(g->zone_id);
	free(g->name);
	free(g->account);
	free(g->zone);
	free(g->rr);
	free(g->line);
	free(g);
}

void
state_free(struct state *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->ngroups; i++)
		group_free(st->groups[i]);
	free(st->groups);
	free(st->loaded);
	free(st->path);
	free(st->dir);
	free(st);
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* "host" or "host@server": how the source is written in the config. */
static char *
source_key(const struct source *s)
{
	size_t	 len;
	char	*k;

	len = strlen(nz(s->host)) + 1 +
	    (s->server != NULL ? strlen(s->server) + 1 : 0);
	if ((k = malloc(len)) == NULL)
		return NULL;
	if (s->server != NULL)
		snprintf(k, len, "%s@%s", nz(s->host), s->server);
	else
		snprintf(k, len, "%s", nz(s->host));
	return k;
}

static int
addr_in(const struct addr *a, const struct addr *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (addr_cmp(a, &v[i]) == 0)
			return 1;
	return 0;
}

static struct addr *
addrs_dup(const struct addr *v, size_t n)
{
	struct addr *c;

	if ((c = calloc(n > 0 ? n : 1, sizeof(*c))) == NULL)
		return NULL;
	if (n > 0)
		memcpy(c, v, n * sizeof(*c));
	return c;
}

/* ---- reading ---- */

static int
bad(struct perr *pe, const char *what, const char *detail)
{
	snprintf(pe->text, sizeof(pe->text), "group #%zu: %s%s%s", pe->group,
	    what, *what != '\0' && detail != NULL ? ": " : "", nz(detail));
	return -1;
}

/* What jansson found wrong, in our words: its own text may quote input. */
static const char *
jerr(const json_error_t *je)
{
	switch (json_error_code(je)) {
	case json_error_invalid_utf8:
		return "invalid UTF-8";
	case json_error_premature_end_of_input:
		return "cut short";
	case json_error_end_of_input_expected:
		return "text after the end";
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return "a NUL byte";
	case json_error_duplicate_key:
		return "a duplicate key";
	case json_error_numeric_overflow:
		return "a number out of range";
	case json_error_wrong_type:
		return "a value of the wrong type";
	case json_error_item_not_found:
		return "a missing item";
	default:
		return "invalid";
	}
}

static int
oom(struct perr *pe)
{
	pe->oom = 1;
	return -1;
}

static int
get_time(json_int_t v, time_t *t)
{
	if (v < 0 || (json_int_t)(time_t)v != v)
		return -1;
	*t = (time_t)v;
	return 0;
}

/* An array of address strings into a new array; -1 on shape or memory. */
static int
parse_addrs(const json_t *a, struct addr **out, size_t *n, struct perr *pe)
{
	struct addr	*v;
	const json_t	*e;
	size_t		 i;

	if (!json_is_array(a))
		return bad(pe, "address list is not an array", NULL);
	if ((v = calloc(json_array_size(a) + 1, sizeof(*v))) == NULL)
		return oom(pe);
	json_array_foreach(a, i, e) {
		if (!json_is_string(e) || !addr_parse(&v[i], json_string_value(e))) {
			free(v);
			return bad(pe, "not an address in a list", NULL);
		}
	}
	*out = v;
	*n = json_array_size(a);
	return 0;
}

static int
parse_health(const json_t *a, struct src *s, struct perr *pe)
{
	json_error_t	 je;
	const json_t	*e;
	const char	*addr;
	json_int_t	 fails, oks;
	size_t		 i;
	int		 healthy;

	if (!json_is_array(a))
		return bad(pe, "health is not an array", NULL);
	if ((s->health = calloc(json_array_size(a) + 1,
	    sizeof(*s->health))) == NULL)
		return oom(pe);
	json_array_foreach(a, i, e) {
		if (json_unpack_ex((json_t *)e, &je, 0, "{s:s, s:I, s:I, s:b}",
		    "addr", &addr, "fails", &fails, "oks", &oks,
		    "healthy", &healthy) == -1)
			return bad(pe, "health", jerr(&je));
		if (fails < 0 || fails > HEALTH_COUNT_MAX || oks < 0 ||
		    oks > HEALTH_COUNT_MAX)
			return bad(pe, "health counter out of range", NULL);
		if ((s->health[i] = calloc(1, sizeof(struct health))) == NULL)
			return oom(pe);
		s->nhealth++;
		if (!addr_parse(&s->health[i]->addr, addr))
			return bad(pe, "health", "not an address");
		s->health[i]->fails = (long)fails;
		s->health[i]->oks = (long)oks;
		s->health[i]->healthy = healthy != 0;
	}
	return 0;
}

static int
parse_sources(const json_t *o, struct state_group *g, struct perr *pe)
{
	json_error_t	 je;
	const char	*key;
	json_t		*e, *addrs, *health;
	json_int_t	 seen;
	struct src	*s;
	size_t		 n;

	if (!json_is_object(o))
		return bad(pe, "sources is not an object", NULL);
	if ((g->src = calloc(json_object_size(o) + 1, sizeof(*g->src))) == NULL)
		return oom(pe);
	json_object_foreach((json_t *)o, key, e) {
		addrs = health = NULL;
		seen = -1;
		if (json_unpack_ex(e, &je, 0, "{s?o, s?I, s?o}", "addrs", &addrs,
		    "seen", &seen, "health", &health) == -1)
			return bad(pe, "source", jerr(&je));
		if ((addrs == NULL) != (seen == -1))
			return bad(pe, "source", "addrs without seen");
		if ((s = calloc(1, sizeof(*s))) == NULL)
			return oom(pe);
		g->src[g->nsrc++] = s;
		if ((s->key = strdup(key)) == NULL)
			return oom(pe);
		if (addrs != NULL) {
			if (get_time(seen, &s->seen) == -1)
				return bad(pe, "source",
				    "bad time seen");
			if (parse_addrs(addrs, &s->addrs, &n, pe) == -1)
				return -1;
			s->naddrs = n;
			s->known = 1;
		}
		if (health != NULL && parse_health(health, s, pe) == -1)
			return -1;
	}
	return 0;
}

static int
parse_verified(json_t *o, struct state_group *g, struct perr *pe)
{
	json_error_t	 je;
	json_t		*desired, *records, *e;
	json_int_t	 at, ttl;
	const char	*id, *value, *settings;
	struct record	*r;
	size_t		 i;
	int		 enabled;

	settings = "";
	if (json_unpack_ex(o, &je, 0, "{s:I, s:o, s:o, s?s}", "at", &at,
	    "desired", &desired, "records", &records, "settings",
	    &settings) == -1)
		return bad(pe, "verified", jerr(&je));
	snprintf(g->settings, sizeof(g->settings), "%s", settings);
	if (get_time(at, &g->verified_at) == -1)
		return bad(pe, "verified", "bad time");
	if (parse_addrs(desired, &g->want, &g->nwant, pe) == -1)
		return -1;
	if (!json_is_array(records))
		return bad(pe, "verified", "records is not an array");
	if ((g->recs.v = calloc(json_array_size(records) + 1,
	    sizeof(*g->recs.v))) == NULL)
		return oom(pe);
	json_array_foreach(records, i, e) {
		if (json_unpack_ex(e, &je, 0, "{s:s, s:s, s:I, s:b}", "id", &id,
		    "value", &value, "ttl", &ttl, "enabled", &enabled) == -1)
			return bad(pe, "record", jerr(&je));
		if (ttl < 0 || ttl > 0x7fffffff)
			return bad(pe, "record", "bad ttl");
		r = &g->recs.v[g->recs.n++];
		if ((r->id = strdup(id)) == NULL ||
		    (r->value = strdup(value)) == NULL)
			return oom(pe);
		addr_parse(&r->addr, value);
		r->ttl = (long)ttl;
		r->enabled = enabled != 0;
	}
	g->verified = 1;
	return 0;
}

static int
parse_throttle(json_t *o, struct state_group *g, struct perr *pe)
{
	json_error_t	 je;
	json_int_t	 set, until, status = EX_TEMPFAIL;
	const char	*reason;

	if (json_unpack_ex(o, &je, 0, "{s:I, s:I, s:s, s?I}", "set", &set,
	    "until", &until, "reason", &reason, "status", &status) == -1)
		return bad(pe, "throttle", jerr(&je));
	if (status != EX_TEMPFAIL && status != EX_NOPERM &&
	    status != EX_UNAVAILABLE)
		return bad(pe, "throttle", "bad status");
	g->thr_status = (int)status;
	if (get_time(set, &g->thr_set) == -1 ||
	    get_time(until, &g->thr_until) == -1)
		return bad(pe, "throttle", "bad time");
	if ((g->thr_reason = strdup(reason)) == NULL)
		return oom(pe);
	return 0;
}

static int
parse_failure(json_t *o, struct state_group *g, struct perr *pe)
{
	json_error_t	 je;
	json_int_t	 since, reported, status;

	if (json_unpack_ex(o, &je, 0, "{s:I, s:I, s:I}", "since", &since,
	    "reported", &reported, "status", &status) == -1)
		return bad(pe, "failure", jerr(&je));
	if (status < 1 || status > 255 || status == 2)
		return bad(pe, "failure", "bad status");
	if (get_time(since, &g->failure.since) == -1 ||
	    get_time(reported, &g->failure.reported) == -1 ||
	    g->failure.since == 0)
		return bad(pe, "failure", "bad time");
	g->failure.status = (int)status;
	return 0;
}

static int
parse_group(const char *name, json_t *o, struct state_group **out,
    struct perr *pe)
{
	json_error_t		 je;
	struct state_group	*g;
	json_t			*sources = NULL, *verified = NULL;
	json_t			*throttle = NULL, *failure = NULL;
	json_int_t		 written = 0;
	const char		*account, *zone, *rr, *type, *line;
	const char		*zone_id = NULL;

	if (json_unpack_ex(o, &je, 0, "{s:{s:s, s:s, s:s, s:s, s:s}, s?o, s?o,"
	    " s?o, s?s, s?I, s?o}", "target", "account", &account, "zone",
	    &zone, "rr", &rr, "type", &type, "line", &line, "sources",
	    &sources, "verified", &verified, "throttle", &throttle, "zone_id",
	    &zone_id, "written", &written, "failure", &failure) == -1)
		return bad(pe, "target", jerr(&je));
	if (strcmp(type, "A") != 0 && strcmp(type, "AAAA") != 0)
		return bad(pe, "type is not A or AAAA", NULL);
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return oom(pe);
	g->family = strcmp(type, "A") == 0 ? AF_INET : AF_INET6;
	if ((g->name = strdup(name)) == NULL ||
	    (g->account = strdup(account)) == NULL ||
	    (g->zone = strdup(zone)) == NULL ||
	    (g->rr = strdup(rr)) == NULL ||
	    (g->line = strdup(line)) == NULL ||
	    (zone_id != NULL && (g->zone_id = strdup(zone_id)) == NULL)) {
		oom(pe);
		goto fail;
	}
	if (get_time(written, &g->written) == -1) {
		bad(pe, "written", "bad time");
		goto fail;
	}
	if ((sources != NULL && parse_sources(sources, g, pe) == -1) ||
	    (verified != NULL && parse_verified(verified, g, pe) == -1) ||
	    (throttle != NULL && parse_throttle(throttle, g, pe) == -1) ||
	    (failure != NULL && parse_failure(failure, g, pe) == -1))
		goto fail;
	*out = g;
	return 0;
fail:
	group_free(g);
	return -1;
}

static int
parse_state(struct state *st, json_t *root, struct perr *pe)
{
	json_error_t	 je;
	json_t		*groups, *e;
	json_int_t	 version;
	const char	*name;

	if (json_unpack_ex(root, &je, 0, "{s:I, s:o}", "version", &version,
	    "groups", &groups) == -1) {
		snprintf(pe->text, sizeof(pe->text), "top level: %s",
		    jerr(&je));
		return -1;
	}
	if (version != STATE_VERSION) {
		snprintf(pe->text, sizeof(pe->text), "not version %d",
		    STATE_VERSION);
		return -1;
	}
	if (!json_is_object(groups)) {
		snprintf(pe->text, sizeof(pe->text), "groups is not an object");
		return -1;
	}
	if ((st->groups = calloc(json_object_size(groups) + 1,
	    sizeof(*st->groups))) == NULL)
		return oom(pe);
	json_object_foreach(groups, name, e) {
		pe->group = st->ngroups + 1;
		if (parse_group(name, e, &st->groups[st->ngroups], pe) == -1)
			return -1;
		st->ngroups++;
	}
	return 0;
}

/*
 * Read the whole file into st->loaded. Returns 1 when read, 0 when there
 * is no file, -1 when it cannot be used (why in pe).
 */
static int
read_file(struct state *st, struct perr *pe)
{
	struct stat sb;

	/*
	 * Trusted like a config file: others could make a run skip reading
	 * the provider. A link is not followed: it could point anywhere.
	 */
	switch (file_read(st->path, STATE_MAX_SIZE, FILE_NOFOLLOW |
	    FILE_OWNED | FILE_NOTWRITABLE, &st->loaded, &st->nloaded, &sb)) {
	case FILE_OK:
		return 1;
	case FILE_OPEN:
		if (errno == ENOENT)
			return 0;
		/* FALLTHROUGH */
	case FILE_ERRNO:
		snprintf(pe->text, sizeof(pe->text), "%s", strerror(errno));
		break;
	case FILE_SYMLINK:
		snprintf(pe->text, sizeof(pe->text),
		    "a symbolic link, not followed");
		break;
	case FILE_NOTREG:
		snprintf(pe->text, sizeof(pe->text), "not a regular file");
		break;
	case FILE_OWNER:
		snprintf(pe->text, sizeof(pe->text), "owned by uid %lu, "
		    "neither root nor us", (unsigned long)sb.st_uid);
		break;
	case FILE_MODE:
		snprintf(pe->text, sizeof(pe->text),
		    "writable by group or others");
		break;
	case FILE_TOOBIG:
		snprintf(pe->text, sizeof(pe->text), "too large");
		break;
	default:
		oom(pe);
		break;
	}
	return -1;
}

static void
forget_all(struct state *st)
{
	size_t i;

	for (i = 0; i < st->ngroups; i++)
		group_free(st->groups[i]);
	free(st->groups);
	st->groups = NULL;
	st->ngroups = 0;
	free(st->loaded);
	st->loaded = NULL;
	st->nloaded = 0;
}

struct state *
state_load(const char *dir)
{
	struct state	*st;
	struct perr	 pe;
	json_error_t	 je;
	json_t		*root = NULL;
	size_t		 len;
	int		 r;

	memset(&pe, 0, sizeof(pe));
	if ((st = calloc(1, sizeof(*st))) == NULL)
		goto nomem;
	len = strlen(dir) + sizeof("/" STATE_FILE);
	if ((st->dir = strdup(dir)) == NULL || (st->path = malloc(len)) == NULL)
		goto nomem;
	snprintf(st->path, len, "%s/%s", dir, STATE_FILE);

	if ((r = read_file(st, &pe)) == 0)
		return st;
	if (r == 1) {
		/* jansson may fail before it fills je in. */
		memset(&je, 0, sizeof(je));
		(void)jalloc_failed();
		root = json_loadb(st->loaded, st->nloaded,
		    JSON_REJECT_DUPLICATES, &je);
		if (jalloc_failed()) {
			json_decref(root);
			root = NULL;
			pe.oom = 1;
		} else if (root == NULL)
			snprintf(pe.text, sizeof(pe.text), "not JSON: %s at "
			    "line %d, column %d", jerr(&je), je.line,
			    je.column);
		else if (parse_state(st, root, &pe) == 0) {
			json_decref(root);
			return st;
		}
		/* json_unpack allocates too: its failure is not damage. */
		if (jalloc_failed())
			pe.oom = 1;
		json_decref(root);
	}
	if (pe.oom)
		goto nomem;
	log_warn("%s: ignored (%s); it will be rebuilt", st->path, pe.text);
	forget_all(st);
	return st;
nomem:
	log_err("%s: out of memory", st != NULL && st->path != NULL ?
	    st->path : dir);
	state_free(st);
	return NULL;
}

/* ---- groups ---- */

static int
target_differs(const struct state_group *g, const struct group *grp)
{
	return strcmp(g->account, nz(grp->account != NULL ?
	    grp->account->name : NULL)) != 0 ||
	    strcmp(g->zone, nz(grp->zone)) != 0 ||
	    strcmp(g->rr, nz(grp->rr)) != 0 ||
	    strcmp(g->line, nz(grp->line)) != 0 ||
	    g->family != grp->family;
}

static struct state_group *
group_new(const struct group *grp)
{
	struct state_group *g;

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->family = grp->family;
	if ((g->name = strdup(nz(grp->name))) == NULL ||
	    (g->account = strdup(nz(grp->account != NULL ?
	    grp->account->name : NULL))) == NULL ||
	    (g->zone = strdup(nz(grp->zone))) == NULL ||
	    (g->rr = strdup(nz(grp->rr))) == NULL ||
	    (g->line = strdup(nz(grp->line))) == NULL) {
		group_free(g);
		return NULL;
	}
	return g;
}

/*
 * Reorder g->src as grp->sources, creating entries for new sources and
 * dropping those no longer configured. All or nothing: -1 when out of
 * memory, g unchanged.
 */
static int
align_sources(struct state_group *g, const struct group *grp)
{
	struct src	**nv;
	size_t		 *from = NULL, i, j;
	char		 *key;
	int		  rc = -1;

	if ((nv = calloc(grp->nsources + 1, sizeof(*nv))) == NULL ||
	    (from = calloc(grp->nsources + 1, sizeof(*from))) == NULL)
		goto out;
	for (i = 0; i < grp->nsources; i++) {
		if ((key = source_key(&grp->sources[i])) == NULL)
			goto out;
		from[i] = SIZE_MAX;
		for (j = 0; j < g->nsrc; j++) {
			if (g->src[j] != NULL &&
			    strcmp(g->src[j]->key, key) == 0) {
				from[i] = j;
				break;
			}
		}
		/* The same source twice in one group shares nothing. */
		for (j = 0; j < i && from[i] != SIZE_MAX; j++)
			if (from[j] == from[i])
				from[i] = SIZE_MAX;
		if (from[i] != SIZE_MAX) {
			free(key);
			continue;
		}
		if ((nv[i] = calloc(1, sizeof(**nv))) == NULL) {
			free(key);
			goto out;
		}
		nv[i]->key = key;
	}
	for (i = 0; i < grp->nsources; i++) {
		if (from[i] == SIZE_MAX)
			continue;
		nv[i] = g->src[from[i]];
		g->src[from[i]] = NULL;
	}
	for (j = 0; j < g->nsrc; j++)
		src_free(g->src[j]);
	free(g->src);
	g->src = nv;
	g->nsrc = grp->nsources;
	nv = NULL;
	rc = 0;
out:
	for (i = 0; nv != NULL && i < grp->nsources; i++)
		if (from == NULL || from[i] == SIZE_MAX)
			src_free(nv[i]);
	free(nv);
	free(from);
	return rc;
}

struct state_group *
state_group(struct state *st, const struct group *grp)
{
	struct state_group	**v, *g = NULL, *fresh = NULL;
	size_t			  i;

	for (i = 0; i < st->ngroups; i++)
		if (strcmp(st->groups[i]->name, nz(grp->name)) == 0)
			g = st->groups[i];
	if (g != NULL && g->cfg == grp)
		return g;
	if (g == NULL || target_differs(g, grp)) {
		if ((fresh = group_new(grp)) == NULL)
			goto nomem;
		if (g == NULL) {
			if ((v = realloc(st->groups, (st->ngroups + 1) *
			    sizeof(*v))) == NULL)
				goto nomem;
			st->groups = v;
			i = st->ngroups++;
		} else {
			log_info("%s: group %s: kept for another account, "
			    "zone, name, type or line; discarded", st->path,
			    fresh->name);
			for (i = 0; st->groups[i] != g; i++)
				continue;
			group_free(g);
		}
		st->groups[i] = g = fresh;
		fresh = NULL;
	}
	if (align_sources(g, grp) == -1)
		goto nomem;
	g->cfg = grp;
	return g;
nomem:
	group_free(fresh);
	log_err("%s: group %s: out of memory", st->path, nz(grp->name));
	return NULL;
}

static struct src *
src_at(const struct state_group *g, size_t i)
{
	if (g == NULL || i >= g->nsrc || g->src[i] == NULL) {
		log_err("state: group %s: no source %zu",
		    g != NULL ? g->name : "?", i);
		return NULL;
	}
	return g->src[i];
}

int
state_source_remember(struct state_group *g, size_t i,
    const struct addr *addrs, size_t n, time_t now)
{
	struct src	*s;
	struct addr	*c;
	size_t		 k, kept;

	if ((s = src_at(g, i)) == NULL)
		return EX_SOFTWARE;
	if ((c = addrs_dup(addrs, n)) == NULL) {
		log_err("state: group %s: source %s: out of memory", g->name,
		    s->key);
		return EX_SOFTWARE;
	}
	free(s->addrs);
	s->addrs = c;
	s->naddrs = n;
	s->seen = now;
	s->known = 1;
	/* Counters of an address the line no longer has would be stale. */
	for (k = kept = 0; k < s->nhealth; k++) {
		if (addr_in(&s->health[k]->addr, addrs, n))
			s->health[kept++] = s->health[k];
		else
			free(s->health[k]);
	}
	s->nhealth = kept;
	return 0;
}

int
state_source_last(const struct state_group *g, size_t i, time_t now,
    const struct addr **addrs, size_t *n, long long *age)
{
	const struct src *s;

	if ((s = src_at(g, i)) == NULL || !s->known)
		return 0;
	*addrs = s->addrs;
	*n = s->naddrs;
	*age = now >= s->seen ? (long long)(now - s->seen) : -1;
	return 1;
}

int
state_stale_ok(long long age, long stale_after)
{
	return age >= 0 && age <= stale_after;
}

struct health *
state_health(struct state_group *g, size_t i, const struct addr *a)
{
	struct src	 *s;
	struct health	**v, *h;
	size_t		  k;

	if ((s = src_at(g, i)) == NULL)
		return NULL;
	for (k = 0; k < s->nhealth; k++)
		if (addr_cmp(&s->health[k]->addr, a) == 0)
			return s->health[k];
	if ((h = malloc(sizeof(*h))) == NULL ||
	    (v = realloc(s->health, (s->nhealth + 1) * sizeof(*v))) == NULL) {
		free(h);
		log_err("state: group %s: source %s: out of memory", g->name,
		    s->key);
		return NULL;
	}
	health_init(h, a);
	s->health = v;
	s->health[s->nhealth++] = h;
	return h;
}

/* ---- verification and throttling ---- */

void
state_clear_verified(struct state_group *g)
{
	recordset_free(&g->recs);
	free(g->want);
	g->want = NULL;
	g->nwant = 0;
	g->verified_at = 0;
	g->verified = 0;
	g->settings[0] = '\0';
}

int
state_set_verified(struct state_group *g, const struct recordset *recs,
    const struct addr *want, size_t nwant, time_t now)
{
	struct recordset	 rs;
	struct record		*r;
	struct addr		*w = NULL;
	size_t			 i;

	memset(&rs, 0, sizeof(rs));
	if ((rs.v = calloc(recs->n + 1, sizeof(*rs.v))) == NULL ||
	    (w = addrs_dup(want, nwant)) == NULL)
		goto nomem;
	for (i = 0; i < recs->n; i++) {
		r = &rs.v[rs.n++];
		if ((r->id = strdup(nz(recs->v[i].id))) == NULL ||
		    (r->value = strdup(nz(recs->v[i].value))) == NULL)
			goto nomem;
		if (!addr_parse(&r->addr, r->value))
			r->addr = recs->v[i].addr;
		r->ttl = recs->v[i].ttl;
		r->enabled = recs->v[i].enabled;
	}
	state_clear_verified(g);
	g->recs = rs;
	g->want = w;
	g->nwant = nwant;
	g->verified_at = now;
	g->verified = 1;
	if (g->cfg != NULL)
		settings_hash(g->cfg, g->settings);
	return 0;
nomem:
	recordset_free(&rs);
	free(w);
	state_clear_verified(g);
	log_err("state: group %s: out of memory", g->name);
	return EX_SOFTWARE;
}

const struct recordset *
state_verified(const struct state_group *g, time_t *at)
{
	if (!g->verified)
		return NULL;
	if (at != NULL)
		*at = g->verified_at;
	return &g->recs;
}

int
state_may_skip_provider(const struct state_group *g, const struct addr *want,
    size_t nwant, long verify_every, time_t now)
{
	size_t i;

	char cur[17];

	if (verify_every <= 0 || !g->verified || now < g->verified_at ||
	    now - g->verified_at >= verify_every)
		return 0;
	if (g->cfg != NULL) {
		settings_hash(g->cfg, cur);
		if (strcmp(cur, g->settings) != 0)
			return 0;
	}
	for (i = 0; i < nwant; i++)
		if (!addr_in(&want[i], g->want, g->nwant))
			return 0;
	for (i = 0; i < g->nwant; i++)
		if (!addr_in(&g->want[i], want, nwant))
			return 0;
	return 1;
}

int
state_set_throttle(struct state_group *g, time_t now, time_t until,
    const char *reason, int status)
{
	char	*r;
	size_t	 i, len;

	/* The reason comes from the provider: keep it short and printable. */
	len = strlen(nz(reason));
	if (len > REASON_MAX)
		len = REASON_MAX;
	if ((r = malloc(len + 1)) == NULL) {
		log_err("state: group %s: out of memory", g->name);
		return EX_SOFTWARE;
	}
	for (i = 0; i < len; i++)
		r[i] = reason[i] >= 0x20 && reason[i] < 0x7f ? reason[i] : '?';
	r[len] = '\0';
	free(g->thr_reason);
	g->thr_reason = r;
	g->thr_set = now;
	g->thr_until = until;
	g->thr_status = status;
	return 0;
}

void
state_clear_throttle(struct state_group *g)
{
	free(g->thr_reason);
	g->thr_reason = NULL;
	g->thr_set = g->thr_until = 0;
}

int
state_throttled(const struct state_group *g, time_t now, time_t *until,
    const char **reason, int *status)
{
	if (g->thr_until == 0 || now < g->thr_set || now >= g->thr_until)
		return 0;
	if (until != NULL)
		*until = g->thr_until;
	if (reason != NULL)
		*reason = nz(g->thr_reason);
	if (status != NULL)
		*status = g->thr_status != 0 ? g->thr_status : EX_TEMPFAIL;
	return 1;
}

const char *
state_zone_id(const struct state_group *g)
{
	return g->zone_id;
}

int
state_set_zone_id(struct state_group *g, const char *id)
{
	char *v = NULL;

	if (id != NULL && (v = strdup(id)) == NULL) {
		log_err("state: group %s: out of memory", g->name);
		return EX_SOFTWARE;
	}
	free(g->zone_id);
	g->zone_id = v;
	return 0;
}

time_t
state_written(const struct state_group *g)
{
	return g->written;
}

void
state_set_written(struct state_group *g, time_t now)
{
	g->written = now;
}

const struct failure *
state_failure(const struct state_group *g)
{
	return &g->failure;
}

void
state_set_failure(struct state_group *g, const struct failure *f)
{
	g->failure = *f;
	if (g->failure.since == 0)
		g->failure.reported = g->failure.status = 0;
}

/* ---- writing ---- */

/* Steals v (NULL = a constructor failed); -1 on any failure. */
static int
put(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v);
}

static json_t *
addrs_json(const struct addr *v, size_t n)
{
	char	 buf[ADDR_STRLEN];
	json_t	*a;
	size_t	 i;

	if ((a = json_array()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (json_array_append_new(a, json_string(addr_str(&v[i],
		    buf))) == -1) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *
time_json(time_t t)
{
	return json_integer((json_int_t)t);
}

static json_t *
source_json(const struct src *s)
{
	char	 buf[ADDR_STRLEN];
	json_t	*o, *a, *h;
	size_t	 i;

	if ((o = json_object()) == NULL)
		return NULL;
	if (s->known && (put(o, "addrs", addrs_json(s->addrs, s->naddrs)) == -1 ||
	    put(o, "seen", time_json(s->seen)) == -1))
		goto fail;
	if (s->nhealth == 0)
		return o;
	a = json_array();
	if (put(o, "health", a) == -1)
		goto fail;
	for (i = 0; i < s->nhealth; i++) {
		h = json_object();
		if (json_array_append_new(a, h) == -1 ||
		    put(h, "addr", json_string(addr_str(&s->health[i]->addr,
		    buf))) == -1 ||
		    put(h, "fails", json_integer(s->health[i]->fails)) == -1 ||
		    put(h, "oks", json_integer(s->health[i]->oks)) == -1 ||
		    put(h, "healthy", json_boolean(s->health[i]->healthy)) == -1)
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

static json_t *
verified_json(const struct state_group *g)
{
	const struct record	*r;
	json_t			*o, *a, *e;
	size_t			 i;

	if ((o = json_object()) == NULL)
		return NULL;
	/* Each new container goes in first: a failure after it frees it. */
	a = json_array();
	if (put(o, "records", a) == -1 ||
	    put(o, "at", time_json(g->verified_at)) == -1 ||
	    put(o, "settings", json_string(g->settings)) == -1 ||
	    put(o, "desired", addrs_json(g->want, g->nwant)) == -1)
		goto fail;
	for (i = 0; i < g->recs.n; i++) {
		r = &g->recs.v[i];
		e = json_object();
		if (json_array_append_new(a, e) == -1 ||
		    put(e, "id", json_string(r->id)) == -1 ||
		    put(e, "value", json_string(r->value)) == -1 ||
		    put(e, "ttl", json_integer(r->ttl)) == -1 ||
		    put(e, "enabled", json_boolean(r->enabled)) == -1)
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

static json_t *
group_json(const struct state_group *g)
{
	json_t	*o, *t, *srcs, *thr, *f;
	size_t	 i;

	if ((o = json_object()) == NULL)
		return NULL;
	t = json_object();
	if (put(o, "target", t) == -1 ||
	    put(t, "account", json_string(g->account)) == -1 ||
	    put(t, "zone", json_string(g->zone)) == -1 ||
	    put(t, "rr", json_string(g->rr)) == -1 ||
	    put(t, "type", json_string(addr_rrtype(g->family))) == -1 ||
	    put(t, "line", json_string(g->line)) == -1)
		goto fail;
	srcs = json_object();
	if (put(o, "sources", srcs) == -1)
		goto fail;
	for (i = 0; i < g->nsrc; i++) {
		if (g->src[i] == NULL ||
		    (!g->src[i]->known && g->src[i]->nhealth == 0) ||
		    json_object_get(srcs, g->src[i]->key) != NULL)
			continue;
		if (put(srcs, g->src[i]->key, source_json(g->src[i])) == -1)
			goto fail;
	}
	if (g->verified && put(o, "verified", verified_json(g)) == -1)
		goto fail;
	if (g->thr_until != 0) {
		thr = json_object();
		if (put(o, "throttle", thr) == -1 ||
		    put(thr, "set", time_json(g->thr_set)) == -1 ||
		    put(thr, "until", time_json(g->thr_until)) == -1 ||
		    put(thr, "reason", json_string(nz(g->thr_reason))) == -1 ||
		    (g->thr_status != 0 && g->thr_status != EX_TEMPFAIL &&
		    put(thr, "status", json_integer(g->thr_status)) == -1))
			goto fail;
	}
	if (g->zone_id != NULL &&
	    put(o, "zone_id", json_string(g->zone_id)) == -1)
		goto fail;
	if (g->written != 0 && put(o, "written", time_json(g->written)) == -1)
		goto fail;
	if (g->failure.since != 0) {
		f = json_object();
		if (put(o, "failure", f) == -1 ||
		    put(f, "since", time_json(g->failure.since)) == -1 ||
		    put(f, "reported", time_json(g->failure.reported)) == -1 ||
		    put(f, "status", json_integer(g->failure.status)) == -1)
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* The whole state as text ending in a newline; NULL when out of memory. */
static char *
state_text(const struct state *st, size_t *len)
{
	json_t	*root, *groups;
	char	*s = NULL, *t;
	size_t	 i;

	if ((root = json_object()) == NULL)
		return NULL;
	groups = json_object();
	if (put(root, "groups", groups) == -1 ||
	    put(root, "version", json_integer(STATE_VERSION)) == -1)
		goto out;
	for (i = 0; i < st->ngroups; i++)
		if (put(groups, st->groups[i]->name,
		    group_json(st->groups[i])) == -1)
			goto out;
	(void)jalloc_failed();
	s = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	if (jalloc_failed()) {
		free(s);
		s = NULL;
	}
	if (s == NULL)
		goto out;
	*len = strlen(s);
	if ((t = realloc(s, *len + 2)) == NULL) {
		free(s);
		s = NULL;
		goto out;
	}
	s = t;
	s[(*len)++] = '\n';
	s[*len] = '\0';
out:
	json_decref(root);
	return s;
}

int
state_save(struct state *st)
{
	char	*text;
	size_t	 len;
	int	 rc;

	if ((text = state_text(st, &len)) == NULL) {
		log_err("%s: out of memory", st->path);
		return EX_SOFTWARE;
	}
	/* Nothing changed: spare the flash of a router. */
	if (st->loaded != NULL && st->nloaded == len &&
	    memcmp(st->loaded, text, len) == 0) {
		free(text);
		return 0;
	}
	if ((rc = file_make_dir(st->dir)) == 0) {
		/* Runs hold the run lock while saving: the temps are dead. */
		file_remove_temps(st->path);
		rc = file_replace(st->path, text, len);
	}
	if (rc == 0) {
		free(st->loaded);
		st->loaded = text;
		st->nloaded = len;
		text = NULL;
	}
	free(text);
	return rc;
}
