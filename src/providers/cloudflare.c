/*
 * cloudflare.c - Cloudflare API v4: REST calls with an API token
 * (Authorization: Bearer), JSON bodies, and the envelope
 * {success, errors[], result, result_info} whose "success" decides
 * (reference/providers.md section 3). Records cannot be disabled: the
 * engine deletes a leftover record instead. Names on the wire are FQDNs;
 * records are handed to the engine relative to the zone.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../config.h"
#include "../exitcode.h"
#include "../http.h"
#include "../log.h"
#include "../sign.h"
#include "../util.h"
#include "api.h"
#include "cloudflare.h"

/*
 * per_page: every schema version of the API has taken 100 (its documented
 * maximum has moved between 100 and millions), and total_pages says when
 * to stop.
 */
#define PAGE_SIZE	100
#define ZONE_PAGE_SIZE	50	/* GET /zones: at most 50 */
#define MAX_PAGES	50
/* A page of 100 records is some 60 KB; jansson needs up to 16 times that. */
#define REPLY_MAX	(512 * 1024)
#define HOLD_OFF	300	/* Cloudflare blocks every call for 5 minutes
				   once its rate limit is exceeded */

/* Error codes (community-observed: reference/providers.md section 3.2). */
#define CF_INVALID_TOKEN	1000
#define CF_BAD_HEADERS		6003
#define CF_BAD_KEY_HEADER	6103
#define CF_BAD_AUTH_HEADER	6111
#define CF_NO_ROUTE		7000
#define CF_BAD_IDENTIFIER	7003
#define CF_UNKNOWN_KEY		9103
#define CF_MISSING_AUTH		9106
#define CF_ACCESS_TOKEN		9109
#define CF_AUTH_ERROR		10000
#define CF_NO_AUTH		10001
#define CF_THROTTLED		971
#define CF_NO_RECORD		81044
#define CF_RECORD_EXISTS	81057
#define CF_IDENTICAL_EXISTS	81058

extern const struct provider cloudflare_provider;

struct pctx {
	const struct account	*acct;
	const char		*token;		/* borrowed from acct */
	char			*base;		/* endpoint without trailing '/' */
	struct api_session	 api;
};

/* One API call. */
struct call {
	struct pctx		*ctx;
	struct api_request	 rq;
	const char		*method;
	char			*url;		/* owned */
	char			*body;		/* owned JSON, or NULL */
	char			 subject[400];	/* for messages */
};

/* ---- requests (also used by tests) ---- */

char *
cloudflare_url(const char *endpoint, const char *zone_id,
    const char *record_id, const struct kv *query, size_t nquery)
{
	char *zid = NULL, *rid = NULL, *q = NULL, *url = NULL;
	size_t len;

	if ((zone_id != NULL && (zid = sign_pct_encode(zone_id)) == NULL) ||
	    (record_id != NULL && (rid = sign_pct_encode(record_id)) == NULL) ||
	    (nquery > 0 && (q = sign_canonical_query(query, nquery,
	    0)) == NULL))
		goto out;
	len = strlen(endpoint) + 7 + (zid != NULL ? strlen(zid) + 13 : 0) +
	    (rid != NULL ? strlen(rid) + 1 : 0) + (q != NULL ? strlen(q) + 1 :
	    0) + 1;
	if ((url = malloc(len)) == NULL)
		goto out;
	snprintf(url, len, "%s/zones%s%s%s%s%s%s%s", endpoint,
	    zid != NULL ? "/" : "", zid != NULL ? zid : "",
	    zid != NULL ? "/dns_records" : "",
	    zid != NULL && rid != NULL ? "/" : "",
	    zid != NULL && rid != NULL ? rid : "",
	    q != NULL && *q != '\0' ? "?" : "", q != NULL ? q : "");
out:
	free(zid);
	free(rid);
	free(q);
	return url;
}

char *
cloudflare_record_body(const char *type, const char *name, const char *value,
    long ttl, int create)
{
	json_t *o;
	char *s = NULL;

	(void)jalloc_failed();
	if ((o = json_object()) == NULL)
		return NULL;
	if (json_object_set_new(o, "content", json_string(value)) == -1 ||
	    json_object_set_new(o, "ttl", json_integer(ttl)) == -1)
		goto out;
	/* A new record is DNS only; an existing one keeps its proxied. */
	if (create && (json_object_set_new(o, "type",
	    json_string(type)) == -1 ||
	    json_object_set_new(o, "name", json_string(name)) == -1 ||
	    json_object_set_new(o, "proxied", json_false()) == -1))
		goto out;
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
out:
	json_decref(o);
	if (jalloc_failed()) {	/* a key json_dumps dropped, say */
		free(s);
		s = NULL;
	}
	return s;
}

/* ---- replies (also used by tests and fuzzers) ---- */

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* 1 when the envelope says success, 0 when not, -1 when it has none. */
static int
success_of(json_t *root)
{
	json_t *v = json_object_get(root, "success");

	return json_is_boolean(v) ? json_is_true(v) : -1;
}

static int
parse_record(json_t *o, const char *zone, struct record *r, char *rr,
    size_t rrlen)
{
	const char *name;
	json_t *ttl, *locked;
	char *p;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(o))
		return EX_PROTOCOL;
	/* Borrowed pointers into o; recordset_add copies them. */
	r->id = (char *)jstr(o, "id");
	name = jstr(o, "name");
	r->type = (char *)jstr(o, "type");
	r->value = (char *)jstr(o, "content");
	ttl = json_object_get(o, "ttl");
	locked = json_object_get(o, "locked");
	if (r->id == NULL || *r->id == '\0' || name == NULL ||
	    r->type == NULL || r->value == NULL || !json_is_integer(ttl) ||
	    (locked != NULL && !json_is_boolean(locked) &&
	    !json_is_null(locked)))
		return EX_PROTOCOL;
	if (strlen(name) >= rrlen)
		return EX_PROTOCOL;	/* longer than any DNS name */
	if (name_in_zone(name, zone, rr, rrlen) == NULL)
		return EX_DATAERR;
	for (p = rr; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	r->rr = rr;
	r->ttl = (long)json_integer_value(ttl);
	r->enabled = 1;		/* Cloudflare has no disabled records */
	r->locked = json_is_true(locked);
	if (!addr_parse(&r->addr, r->value))
		memset(&r->addr, 0, sizeof(r->addr));
	return 0;
}

/* cloudflare_parse_records on a parsed reply (borrowed). */
static int
records_of(json_t *root, const char *zone, struct recordset *out,
    long long *pages)
{
	struct recordset tmp = { NULL, 0 };
	struct record r;
	json_t *arr, *info, *tp, *item;
	char rr[256];
	size_t i;
	long long n;
	int status = EX_PROTOCOL;

	arr = json_object_get(root, "result");
	info = json_object_get(root, "result_info");
	tp = json_object_get(info, "total_pages");
	if (success_of(root) == 0 || !json_is_array(arr) ||
	    (info != NULL && !json_is_object(info) && !json_is_null(info)) ||
	    (tp != NULL && (!json_is_integer(tp) ||
	    json_integer_value(tp) < 0)))
		goto out;
	/* Without result_info the listing is one page. */
	n = tp != NULL ? json_integer_value(tp) : json_array_size(arr) > 0;
	json_array_foreach(arr, i, item) {
		if ((status = parse_record(item, zone, &r, rr,
		    sizeof(rr))) != 0)
			goto out;
		if (recordset_add(&tmp, &r) == -1) {
			status = EX_SOFTWARE;
			goto out;
		}
	}
	if (recordset_copy(out, &tmp) == -1) {
		status = EX_SOFTWARE;
		goto out;
	}
	*pages = n;
	status = 0;
out:
	recordset_free(&tmp);
	return status;
}

int
cloudflare_parse_records(const char *body, size_t len, const char *zone,
    struct recordset *out, long long *pages)
{
	json_t *root;
	int status;

	if (api_parse(body, len, &root) == -1)
		return EX_SOFTWARE;
	if (!json_is_object(root) || success_of(root) != 1)
		status = EX_PROTOCOL;
	else
		status = records_of(root, zone, out, pages);
	json_decref(root);
	return status;
}

/* cloudflare_parse_zone on a parsed reply (borrowed). */
static int
zone_of(json_t *root, const char *zone, char **id)
{
	json_t *arr, *item;
	const char *name, *zid, *st, *pick = NULL;
	size_t i, inactive = 0;
	int active = 0;

	arr = json_object_get(root, "result");
	if (success_of(root) == 0 || !json_is_array(arr))
		return EX_PROTOCOL;
	json_array_foreach(arr, i, item) {
		name = jstr(item, "name");
		zid = jstr(item, "id");
		st = jstr(item, "status");
		if (name == NULL || zid == NULL || *zid == '\0')
			return EX_PROTOCOL;
		/* The name filter is the API's; the match is ours. */
		if (!str_ieq(name, zone))
			continue;
		if (st != NULL && strcmp(st, "active") == 0) {
			if (active)
				return EX_DATAERR;	/* cannot be told apart */
			active = 1;
			pick = zid;
		} else if (!active) {
			inactive++;
			pick = zid;
		}
	}
	if (pick == NULL || (!active && inactive > 1))
		return EX_DATAERR;
	return (*id = strdup(pick)) == NULL ? EX_SOFTWARE : 0;
}

int
cloudflare_parse_zone(const char *body, size_t len, const char *zone,
    char **id)
{
	json_t *root;
	int status;

	if (api_parse(body, len, &root) == -1)
		return EX_SOFTWARE;
	if (!json_is_object(root) || success_of(root) != 1)
		status = EX_PROTOCOL;
	else
		status = zone_of(root, zone, id);
	json_decref(root);
	return status;
}

/* Append " (code: message)" to buf for one error object. */
static void
append_error(char *buf, size_t len, json_t *e)
{
	json_t *code = json_object_get(e, "code");
	const char *msg = jstr(e, "message");
	size_t n = strlen(buf);

	if (n + 1 >= len)
		return;
	snprintf(buf + n, len - n, " (%lld: %s)", json_is_integer(code) ?
	    (long long)json_integer_value(code) : 0LL, msg != NULL ? msg : "");
}

/*
 * The first error of a failed envelope: its code, and its message with the
 * error chain and any further errors appended, into buf.
 */
static long long
describe(json_t *root, char *buf, size_t len)
{
	json_t *errors, *first, *code, *chain, *e;
	const char *msg;
	size_t i;

	buf[0] = '\0';
	errors = json_object_get(root, "errors");
	first = json_array_get(errors, 0);
	code = json_object_get(first, "code");
	msg = jstr(first, "message");
	snprintf(buf, len, "%s", msg != NULL ? msg : "");
	chain = json_object_get(first, "error_chain");
	json_array_foreach(chain, i, e)
		append_error(buf, len, e);
	json_array_foreach(errors, i, e)
		if (i > 0)
			append_error(buf, len, e);
	return json_is_integer(code) ? (long long)json_integer_value(code) : 0;
}

int
cloudflare_parse_error(const char *body, size_t len,
    struct cloudflare_error *err)
{
	json_t *root;
	char buf[512];
	int rc = -1;

	memset(err, 0, sizeof(*err));
	if (api_parse(body, len, &root) == -1)
		return -1;
	if (json_is_object(root) && (rc = success_of(root)) == 0) {
		err->code = describe(root, buf, sizeof(buf));
		if ((err->message = strdup(buf)) == NULL) {
			err->code = 0;
			rc = -1;
		} else
			rc = 1;
	} else if (rc == 1)
		rc = 0;
	json_decref(root);
	return rc;
}

void
cloudflare_error_clear(struct cloudflare_error *err)
{
	if (err == NULL)
		return;
	free(err->message);
	err->message = NULL;
	err->code = 0;
}

int
cloudflare_retryable(long http, long long code)
{
	return http == 429 || http >= 500 || code == CF_THROTTLED;
}

int
cloudflare_status(long http, long long code)
{
	if (cloudflare_retryable(http, code))
		return EX_TEMPFAIL;
	switch (code) {
	case CF_INVALID_TOKEN:
	case CF_BAD_HEADERS:
	case CF_BAD_KEY_HEADER:
	case CF_BAD_AUTH_HEADER:
	case CF_UNKNOWN_KEY:
	case CF_MISSING_AUTH:
	case CF_ACCESS_TOKEN:
	case CF_AUTH_ERROR:
	case CF_NO_AUTH:
		return EX_NOPERM;
	case CF_NO_ROUTE:
	case CF_BAD_IDENTIFIER:
	case CF_NO_RECORD:
	case CF_RECORD_EXISTS:
	case CF_IDENTICAL_EXISTS:
		return EX_DATAERR;
	}
	if (http == 401 || http == 403)
		return EX_NOPERM;
	if (http == 404)
		return EX_DATAERR;	/* no such zone or record */
	return EX_UNAVAILABLE;	/* quota, bad value, and the unknown */
}

/* ---- calls ---- */

static void
call_init(struct call *c, const char *method, const char *what,
    const char *action)
{
	memset(c, 0, sizeof(*c));
	c->method = method;
	c->rq.action = action;
	snprintf(c->subject, sizeof(c->subject), "cloudflare %s %s",
	    method, what);
}

static void
call_free(struct call *c)
{
	free(c->url);
	free(c->body);
	c->url = c->body = NULL;
}

/* Send one attempt: the token goes in a header built and wiped here. */
static int
send_once(void *arg, long clock_offset, struct http_response *res, int *tls)
{
	struct call *c = arg;
	struct pctx *ctx = c->ctx;
	const char *headers[4];
	char *auth;
	size_t n = 0, len;
	int status;

	(void)clock_offset;	/* nothing is signed with a time */
	len = strlen(ctx->token) + 24;
	if ((auth = malloc(len)) == NULL) {
		log_err("%s: out of memory", c->subject);
		return EX_SOFTWARE;
	}
	snprintf(auth, len, "Authorization: Bearer %s", ctx->token);
	headers[n++] = auth;
	headers[n++] = "Accept: application/json";
	if (c->body != NULL)
		headers[n++] = "Content-Type: application/json";
	headers[n] = NULL;
	log_debug("%s: %s %s", c->subject, c->method, c->url);
	status = http_request(c->method, c->url, headers, c->body,
	    c->body != NULL ? strlen(c->body) : 0, ctx->acct->ca_file, res,
	    tls);
	secret_free(auth);
	return status;
}

/* What a refusal of the credentials asks to fix: the token, or its rights. */
static enum api_cause
cause_of(long http, long long code, const char *message)
{
	switch (code) {
	case CF_AUTH_ERROR:
		return API_CAUSE_PERMISSION;
	case CF_ACCESS_TOKEN:
		/* "Invalid access token", or "Unauthorized to access
		   requested resource". */
		return str_icontains(message, "invalid access token") ?
		    API_CAUSE_SECRET : API_CAUSE_PERMISSION;
	case CF_INVALID_TOKEN:
	case CF_BAD_HEADERS:
	case CF_BAD_KEY_HEADER:
	case CF_BAD_AUTH_HEADER:
	case CF_UNKNOWN_KEY:
	case CF_MISSING_AUTH:
	case CF_NO_AUTH:
		return API_CAUSE_SECRET;
	}
	return http == 403 ? API_CAUSE_PERMISSION : API_CAUSE_SECRET;
}

/* Cloudflare's verdict on a reply: "success" decides (section 3.2). */
static int
classify(void *arg, long http, json_t *root, struct api_error *e)
{
	struct call *c = arg;
	const char *token = c->ctx->token;
	long long code;
	char *p;

	if (success_of(root) != 0)
		return 0;	/* no envelope: the HTTP status decides */
	code = describe(root, e->message, sizeof(e->message));
	/* Messages never hold the token; if one ever did, it goes. */
	while (*token != '\0' && (p = strstr(e->message, token)) != NULL)
		memset(p, '*', strlen(token));
	if (code != 0)
		snprintf(e->code, sizeof(e->code), "%lld", code);
	else
		snprintf(e->code, sizeof(e->code), "HTTP %ld", http);
	e->retry = cloudflare_retryable(http, code);
	e->throttled = http == 429 || code == CF_THROTTLED;
	e->status = cloudflare_status(http, code);
	if (e->status == EX_NOPERM &&
	    (e->cause = cause_of(http, code, e->message)) == API_CAUSE_SECRET)
		e->key = "api_token";
	return 1;
}

/*
 * Send c (api.h). With err, a failure the server names by its code is
 * left to the caller: err->code is then set and nothing is reported.
 */
static int
call_api(struct pctx *ctx, struct call *c, json_t **reply,
    struct api_error *err)
{
	c->ctx = ctx;
	c->rq.subject = c->subject;
	c->rq.reply_max = REPLY_MAX;
	c->rq.arg = c;
	c->rq.send = send_once;
	c->rq.classify = classify;
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	if (c->url == NULL) {
		log_err("%s: out of memory", c->subject);
		return EX_SOFTWARE;
	}
	return api_call(&ctx->api, &c->rq, reply, err);
}

/* err is about the zone ID itself: it names no zone of this account. */
static int
zone_unknown(const struct api_error *err)
{
	return strcmp(err->code, "7003") == 0 ||
	    strcmp(err->code, "7000") == 0;
}

/* Report a failure that left err to us, once. */
static void
report(struct pctx *ctx, struct call *c, const struct target *t,
    const struct api_error *err)
{
	if (zone_unknown(err)) {
		api_failed(&ctx->api, "%s: %s", err->code, err->message);
		log_err("%s: zone %s: Cloudflare knows no zone ID %s (%s); a"
		    " zone ID kept in the state file is looked up again on"
		    " the next run, one set by zone_id must be corrected",
		    c->subject, t->zone, t->zone_id, err->code);
		log_debug("%s: %s: %s", c->subject, err->code, err->message);
	} else
		api_report(&ctx->api, &c->rq, err);
}

/* ---- provider interface ---- */

static struct pctx *
cloudflare_open(const struct account *a)
{
	struct pctx *ctx;
	const char *ep;
	size_t n;

	if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
		log_err("account %s: out of memory", a->name);
		return NULL;
	}
	ctx->acct = a;
	ctx->token = account_value(a, "api_token");
	ctx->api.label = "Cloudflare";
	ctx->api.acct = a;
	ep = a->endpoint != NULL ? a->endpoint :
	    cloudflare_provider.default_endpoint;
	n = strlen(ep);
	while (n > 0 && ep[n - 1] == '/')
		n--;
	if ((ctx->base = strndup(ep, n)) == NULL) {
		log_err("account %s: out of memory", a->name);
		free(ctx);
		return NULL;
	}
	return ctx;
}

static void
cloudflare_close(struct pctx *ctx)
{
	if (ctx == NULL)
		return;
	free(ctx->base);
	free(ctx);
}

static int
cloudflare_zone_id(struct pctx *ctx, const struct target *t, char **id)
{
	struct call c;
	json_t *reply = NULL;
	struct kv q[3];
	char size[16];
	int status;

	snprintf(size, sizeof(size), "%d", ZONE_PAGE_SIZE);
	q[0].name = "name";
	q[0].value = t->zone;
	q[1].name = "per_page";
	q[1].value = size;
	call_init(&c, "GET", "zones", "zones (needs Zone > Zone > Read)");
	snprintf(c.subject, sizeof(c.subject), "cloudflare GET zones (%s)",
	    t->zone);
	c.url = cloudflare_url(ctx->base, NULL, NULL, q, 2);
	if ((status = call_api(ctx, &c, &reply, NULL)) != 0)
		goto out;
	switch ((status = zone_of(reply, t->zone, id))) {
	case 0:
		log_info("%s: zone ID %s", c.subject, *id);
		break;
	case EX_DATAERR:
		api_failed(&ctx->api, "zone %s not found", t->zone);
		log_err("%s: the token sees no zone %s, or several inactive"
		    " ones: check zone, give the token Zone > Zone > Read on"
		    " it, or set zone_id", c.subject, t->zone);
		break;
	case EX_PROTOCOL:
		api_failed(&ctx->api, "reply is not a zone listing");
		log_err("%s: %s", c.subject, ctx->api.last);
		break;
	default:
		log_err("%s: out of memory", c.subject);
	}
out:
	json_decref(reply);
	call_free(&c);
	return status;
}

static int
cloudflare_list(struct pctx *ctx, const struct target *t, size_t max_calls,
    struct recordset *out)
{
	struct recordset all = { NULL, 0 };
	struct call c;
	struct api_error err;
	json_t *reply = NULL;
	const char *type = addr_rrtype(t->family);
	struct kv q[4];
	char pageno[24], size[16], what[320];
	long long pages = 0;
	size_t i, page, nq;
	int status = 0;

	if (t->zone_id == NULL) {
		log_err("cloudflare: zone %s: no zone ID", t->zone);
		return EX_SOFTWARE;
	}
	snprintf(size, sizeof(size), "%d", PAGE_SIZE);
	if (t->fqdn != NULL)
		snprintf(what, sizeof(what), "%s %s", t->fqdn, type);
	else
		snprintf(what, sizeof(what), "zone %s %s", t->zone, type);
	for (page = 1; page <= MAX_PAGES; page++) {
		snprintf(pageno, sizeof(pageno), "%zu", page);
		nq = 0;
		q[nq].name = "type";
		q[nq++].value = type;
		if (t->fqdn != NULL) {
			q[nq].name = "name.exact";
			q[nq++].value = t->fqdn;
		}
		q[nq].name = "per_page";
		q[nq++].value = size;
		q[nq].name = "page";
		q[nq++].value = pageno;
		call_init(&c, "GET", "dns_records",
		    "dns_records (needs Zone > DNS > Read)");
		snprintf(c.subject, sizeof(c.subject),
		    "cloudflare GET dns_records (%s, page %zu)", what, page);
		c.url = cloudflare_url(ctx->base, t->zone_id, NULL, q, nq);
		status = call_api(ctx, &c, &reply, &err);
		if (status != 0) {
			if (err.code[0] != '\0')
				report(ctx, &c, t, &err);
			call_free(&c);
			goto out;
		}
		status = records_of(reply, t->zone, &all, &pages);
		json_decref(reply);
		reply = NULL;
		if (status != 0) {
			if (status == EX_DATAERR)
				api_failed(&ctx->api, "zone ID %s holds names"
				    " outside %s", t->zone_id, t->zone);
			else if (status == EX_PROTOCOL)
				api_failed(&ctx->api, "reply is not a record"
				    " listing");
			else
				api_failed(&ctx->api, "out of memory");
			if (status == EX_DATAERR)
				log_err("%s: zone ID %s is another zone's than"
				    " %s: check zone and zone_id", c.subject,
				    t->zone_id, t->zone);
			else
				log_err("%s: %s", c.subject, ctx->api.last);
			call_free(&c);
			goto out;
		}
		call_free(&c);
		/* The first page tells what reading it all would cost. */
		if (page == 1 && max_calls > 0 &&
		    (unsigned long long)pages > max_calls) {
			log_debug("cloudflare: %s: %lld pages, more than %zu"
			    " calls", what, pages, max_calls);
			status = PROVIDER_TOO_MANY;
			goto out;
		}
		if ((long long)page >= pages)
			break;
	}
	if (page > MAX_PAGES) {
		log_err("cloudflare: %s: more than %d pages of records", what,
		    MAX_PAGES);
		api_failed(&ctx->api, "more than %d pages of records",
		    MAX_PAGES);
		status = EX_UNAVAILABLE;
		goto out;
	}
	/* The API's filters are its own: match exactly here. */
	for (i = 0; i < all.n; i++) {
		struct record *r = &all.v[i];

		if (!str_ieq(r->type, type) ||
		    (t->rr != NULL && !str_ieq(r->rr, t->rr)))
			continue;
		if (r->addr.family != t->family)
			memset(&r->addr, 0, sizeof(r->addr));
		if (recordset_add(out, r) == -1) {
			log_err("cloudflare: %s: out of memory", what);
			status = EX_SOFTWARE;
			goto out;
		}
	}
out:
	json_decref(reply);
	recordset_free(&all);
	return status;
}

/* After 81057/81058 on a PATCH: does record id already hold value/ttl? */
static int
holds(struct pctx *ctx, const struct target *t, const char *id,
    const char *value, long ttl)
{
	struct call c;
	json_t *reply = NULL, *res, *jttl;
	struct addr want, have;
	const char *v;
	int ok = 0;

	call_init(&c, "GET", "dns_records",
	    "dns_records (needs Zone > DNS > Read)");
	snprintf(c.subject, sizeof(c.subject), "cloudflare GET dns_records/%s",
	    id);
	c.url = cloudflare_url(ctx->base, t->zone_id, id, NULL, 0);
	if (call_api(ctx, &c, &reply, NULL) == 0) {
		res = json_object_get(reply, "result");
		v = jstr(res, "content");
		jttl = json_object_get(res, "ttl");
		ok = v != NULL && addr_parse(&want, value) &&
		    addr_parse(&have, v) && addr_cmp(&want, &have) == 0 &&
		    (!json_is_integer(jttl) || json_integer_value(jttl) == ttl);
	}
	json_decref(reply);
	call_free(&c);
	return ok;
}

/* The 81057/81058 codes: an identical record exists already. */
static int
exists_code(const struct api_error *err)
{
	return strcmp(err->code, "81057") == 0 ||
	    strcmp(err->code, "81058") == 0;
}

static int
cloudflare_update(struct pctx *ctx, const struct target *t,
    const struct record *r, const char *value, long ttl)
{
	struct call c;
	struct api_error err;
	json_t *reply = NULL;
	int status;

	call_init(&c, "PATCH", "dns_records",
	    "dns_records (needs Zone > DNS > Edit)");
	snprintf(c.subject, sizeof(c.subject),
	    "cloudflare PATCH dns_records/%s (%s)", r->id, value);
	c.url = cloudflare_url(ctx->base, t->zone_id, r->id, NULL, 0);
	if ((c.body = cloudflare_record_body(r->type, t->fqdn, value, ttl,
	    0)) == NULL) {
		log_err("%s: out of memory", c.subject);
		call_free(&c);
		return EX_SOFTWARE;
	}
	status = call_api(ctx, &c, &reply, &err);
	json_decref(reply);
	if (status != 0 && exists_code(&err)) {
		/* Another writer may have been first: done if it holds it. */
		if (holds(ctx, t, r->id, value, ttl)) {
			log_info("%s: record already holds %s", c.subject,
			    value);
			status = 0;
		} else {
			api_failed(&ctx->api, "%s: %s", err.code, err.message);
			log_err("%s: %s: another record of %s already holds"
			    " %s", c.subject, err.code, t->fqdn, value);
			status = EX_TEMPFAIL;
		}
	} else if (status != 0 && strcmp(err.code, "81044") == 0) {
		/* Deleted since it was read: by another writer, most likely. */
		api_failed(&ctx->api, "%s: %s", err.code, err.message);
		log_err("%s: %s: the record is gone; the next run reads the"
		    " records again", c.subject, err.code);
		status = EX_TEMPFAIL;
	} else if (status != 0 && err.code[0] != '\0')
		report(ctx, &c, t, &err);
	call_free(&c);
	return status;
}

/*
 * After 81057/81058 on a POST: another writer, or a retry of a POST that
 * went through, was first. Done when a record of the name holds value
 * with ttl; its id goes to *id. Another TTL is left for the next run.
 */
static int
added_already(struct pctx *ctx, const char *subject, const struct target *t,
    const char *value, long ttl, char **id)
{
	struct recordset rs = { NULL, 0 };
	int status;

	*id = NULL;
	if ((status = cloudflare_list(ctx, t, 0, &rs)) == 0)
		status = api_added_already(&ctx->api, subject,
		    "Cloudflare says the record exists", t, &rs, value, ttl, 0, id);
	recordset_free(&rs);
	return status;
}

static int	cloudflare_remove(struct pctx *, const struct target *,
		    const struct record *);

/*
 * A record created under another name than asked: Cloudflare appends a
 * zone's name to a name outside it, so the zone ID is another zone's.
 * Remove it again and say which to fix.
 */
static int
stray(struct pctx *ctx, const struct call *c, const struct target *t,
    const char *id, const char *name, const char *value)
{
	struct record r;

	log_err("%s: zone ID %s is not zone %s's: Cloudflare created %s;"
	    " check zone and zone_id", c->subject, t->zone_id, t->zone, name);
	memset(&r, 0, sizeof(r));
	r.id = (char *)id;
	r.rr = (char *)name;
	r.type = (char *)addr_rrtype(t->family);
	r.value = (char *)value;
	if (cloudflare_remove(ctx, t, &r) == 0)
		log_info("%s: removed %s again", c->subject, name);
	api_failed(&ctx->api, "zone ID %s is not zone %s's", t->zone_id,
	    t->zone);
	return EX_DATAERR;
}

static int
cloudflare_add(struct pctx *ctx, const struct target *t, const char *value,
    long ttl, char **id)
{
	struct call c;
	struct api_error err;
	json_t *reply = NULL;
	const char *rid, *name;
	int status;

	*id = NULL;
	call_init(&c, "POST", "dns_records",
	    "dns_records (needs Zone > DNS > Edit)");
	snprintf(c.subject, sizeof(c.subject),
	    "cloudflare POST dns_records (%s %s)", t->fqdn, value);
	c.url = cloudflare_url(ctx->base, t->zone_id, NULL, NULL, 0);
	if ((c.body = cloudflare_record_body(addr_rrtype(t->family), t->fqdn,
	    value, ttl, 1)) == NULL) {
		log_err("%s: out of memory", c.subject);
		call_free(&c);
		return EX_SOFTWARE;
	}
	status = call_api(ctx, &c, &reply, &err);
	if (status != 0) {
		if (exists_code(&err))
			status = added_already(ctx, c.subject, t, value, ttl,
			    id);
		else if (err.code[0] != '\0')
			report(ctx, &c, t, &err);
	} else if ((rid = jstr(json_object_get(reply, "result"),
	    "id")) == NULL || *rid == '\0') {
		api_failed(&ctx->api, "reply without the record's id");
		log_err("%s: %s", c.subject, ctx->api.last);
		status = EX_PROTOCOL;
	} else if ((name = jstr(json_object_get(reply, "result"),
	    "name")) != NULL && !str_ieq(name, t->fqdn)) {
		status = stray(ctx, &c, t, rid, name, value);
	} else if ((*id = strdup(rid)) == NULL) {
		log_err("%s: out of memory", c.subject);
		status = EX_SOFTWARE;
	}
	json_decref(reply);
	call_free(&c);
	return status;
}

static int
cloudflare_remove(struct pctx *ctx, const struct target *t,
    const struct record *r)
{
	struct call c;
	struct api_error err;
	json_t *reply = NULL;
	int status;

	call_init(&c, "DELETE", "dns_records",
	    "dns_records (needs Zone > DNS > Edit)");
	snprintf(c.subject, sizeof(c.subject),
	    "cloudflare DELETE dns_records/%s (%s)", r->id, r->value);
	c.url = cloudflare_url(ctx->base, t->zone_id, r->id, NULL, 0);
	status = call_api(ctx, &c, &reply, &err);
	json_decref(reply);
	if (status != 0 && strcmp(err.code, "81044") == 0) {
		log_info("%s: already gone", c.subject);
		status = 0;
	} else if (status != 0 && err.code[0] != '\0')
		report(ctx, &c, t, &err);
	call_free(&c);
	return status;
}

/*
 * After throttling, Cloudflare blocks every call for five minutes: as
 * long as its Retry-After says, else that, with some jitter.
 */
static long
cloudflare_hold_off(struct pctx *ctx, int *status)
{
	*status = EX_TEMPFAIL;
	if (!ctx->api.throttled)
		return 0;
	if (ctx->api.retry_after > 0)
		return ctx->api.retry_after;
	return HOLD_OFF + (long)(getpid() % 60);
}

static const char *
cloudflare_last_error(struct pctx *ctx)
{
	return ctx->api.last;
}

static const struct provider_key cloudflare_keys[] = {
	{ "api_token", PKEY_REQUIRED | PKEY_SECRET | PKEY_TOKEN },
	{ NULL, 0 }
};

const struct provider cloudflare_provider = {
	.name = "cloudflare",
	.model = MODEL_RECORDS_NO_DISABLE,
	.caps = PCAP_ZONE_LIST | PCAP_ZONE_ID | PCAP_PIN | PCAP_TTL,
	.default_endpoint = "https://api.cloudflare.com/client/v4",
	.keys = cloudflare_keys,
	/* 1 is "automatic"; otherwise 60 (30 on Enterprise zones) up. */
	.min_ttl = 60,
	.open = cloudflare_open,
	.close = cloudflare_close,
	.zone_id = cloudflare_zone_id,
	.list = cloudflare_list,
	.update = cloudflare_update,
	.add = cloudflare_add,
	.remove = cloudflare_remove,
	.hold_off = cloudflare_hold_off,
	.last_error = cloudflare_last_error,
};
