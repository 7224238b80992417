/*
 * huaweicloud.c - Huawei Cloud DNS (API v2): every address of a name in
 * one record set per name and type, read by zone and written whole in one
 * PUT (or POST when missing); REST calls signed with SDK-HMAC-SHA256
 * (huaweicloud_sign.c). Failures are read from the HTTP status and the
 * body: the DNS service's code/message or the API gateway's
 * error_code/error_msg (reference/providers.md section 2).
 */
#include <sys/socket.h>

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../config.h"
#include "../exitcode.h"
#include "../http.h"
#include "../log.h"
#include "../sign.h"
#include "../util.h"
#include "api.h"
#include "huaweicloud.h"

#define ZONE_PAGE	100	/* zones named like the one we want: few */
#define SET_PAGE	200	/* the API takes up to 500; 200 sets stay
				   well under REPLY_MAX */
#define MAX_PAGES	50
#define MAX_QUERY	6
/*
 * A record set is some 600 bytes of JSON, and jansson needs up to 16 times
 * a body's size to hold it: larger replies are refused before parsing, so
 * memory stays bounded on a router whatever the server sends.
 */
#define REPLY_MAX	(512 * 1024)

extern const struct provider huaweicloud_provider;

struct pctx {
	const struct account	*acct;
	const char		*ak;		/* borrowed from acct */
	const char		*sk;
	const char		*project_id;	/* or NULL */
	char			 origin[300];	/* scheme://authority */
	char			 host[256];	/* authority */
	char			 prefix[256];	/* the endpoint's path, no
						   trailing '/' */
	struct api_session	 api;
};

/* One API call; strings borrowed, or in the arrays. */
struct call {
	struct pctx		*ctx;
	struct api_request	 rq;
	const char		*method;
	char			 path[768];	/* not percent-encoded */
	struct kv		 q[MAX_QUERY];
	size_t			 nq;
	const char		*body;		/* or NULL */
	char			 subject[400];	/* for messages */
};

static void
call_init(struct call *c, struct pctx *ctx, const char *method,
    const char *action, const char *what)
{
	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	c->method = method;
	c->rq.action = action;
	snprintf(c->subject, sizeof(c->subject), "huaweicloud %s %s", method,
	    what);
}

static void
call_query(struct call *c, const char *name, const char *value)
{
	if (c->nq < MAX_QUERY) {
		c->q[c->nq].name = name;
		c->q[c->nq++].value = value;
	}
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- the request as sent ---- */

/* path with each segment percent-encoded; NULL when out of memory. */
static char *
encode_path(const char *path)
{
	char *out, *seg, *enc;
	const char *p, *end;
	size_t n;

	if ((out = malloc(3 * strlen(path) + 2)) == NULL)
		return NULL;
	out[0] = '\0';
	for (p = path; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		if ((end = strchr(p, '/')) == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if ((seg = strndup(p, n)) == NULL ||
		    (enc = sign_pct_encode(seg)) == NULL) {
			free(seg);
			free(out);
			return NULL;
		}
		free(seg);
		/* An encoded byte takes three: out was sized for that. */
		strcat(out, enc);
		if (*end == '/')
			strcat(out, "/");
		free(enc);
	}
	return out;
}

/* "name: value" as a new string; NULL when out of memory. */
static char *
header_line(const char *name, const char *value)
{
	size_t len = strlen(name) + strlen(value) + 3;
	char *s;

	if ((s = malloc(len)) != NULL)
		snprintf(s, len, "%s: %s", name, value);
	return s;
}

int
huaweicloud_wire(const struct huaweicloud_call *c,
    struct huaweicloud_wire *out)
{
	struct sign_request r;
	struct kv h[HUAWEICLOUD_HEADERS];
	const char *body = c->body != NULL ? c->body : "";
	char date[17], hash[65], *auth = NULL, *path = NULL, *query = NULL;
	size_t i, nh = 0, len;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (huaweicloud_sdk_date(c->when, date) == -1 ||
	    sha256_hex(body, strlen(body), hash) == -1)
		goto out;	/* said why */
	/* The API gateway verifies every header named in SignedHeaders:
	   sign all that is sent but the signature itself. */
	h[nh].name = "Content-Type";
	h[nh++].value = "application/json";
	h[nh].name = "Host";
	h[nh++].value = c->host;
	h[nh].name = "X-Sdk-Date";
	h[nh++].value = date;
	if (c->project_id != NULL) {
		h[nh].name = "X-Project-Id";
		h[nh++].value = c->project_id;
	}
	memset(&r, 0, sizeof(r));
	r.method = c->method;
	r.path = c->path;
	r.query = c->query;
	r.nquery = c->nquery;
	r.headers = h;
	r.nheaders = nh;
	r.payload_hash = hash;
	if ((auth = huaweicloud_authorization(&r, c->ak, c->sk)) == NULL ||
	    (query = sign_canonical_query(c->query, c->nquery,
	    SIGN_SDK_HMAC)) == NULL)
		goto out;	/* said why */
	if ((path = encode_path(c->path)) == NULL)
		goto oom;
	len = strlen(c->origin) + strlen(path) + strlen(query) + 2;
	if ((out->url = malloc(len)) == NULL)
		goto oom;
	snprintf(out->url, len, "%s%s%s%s", c->origin, path, *query != '\0' ?
	    "?" : "", query);
	for (i = 0; i < nh; i++)
		if ((out->headers[i] = header_line(h[i].name,
		    h[i].value)) == NULL)
			goto oom;
	if ((out->headers[nh] = header_line("Authorization", auth)) == NULL)
		goto oom;
	rc = 0;
	goto out;
oom:
	log_err("huaweicloud: %s %s: out of memory", c->method, c->path);
out:
	if (rc == -1)
		huaweicloud_wire_free(out);
	free(auth);
	free(path);
	free(query);
	return rc;
}

void
huaweicloud_wire_free(struct huaweicloud_wire *w)
{
	size_t i;

	if (w == NULL)
		return;
	free(w->url);
	for (i = 0; i < HUAWEICLOUD_HEADERS + 1; i++)
		secret_free(w->headers[i]);	/* the signature too */
	memset(w, 0, sizeof(*w));
}

/* Sign and send one attempt of c (api.h). */
static int
send_once(void *arg, long clock_offset, struct http_response *res, int *tls)
{
	struct call *c = arg;
	struct pctx *ctx = c->ctx;
	struct huaweicloud_call hc;
	struct huaweicloud_wire w;
	char path[1024];
	int status;

	snprintf(path, sizeof(path), "%s%s", ctx->prefix, c->path);
	memset(&hc, 0, sizeof(hc));
	hc.method = c->method;
	hc.origin = ctx->origin;
	hc.host = ctx->host;
	hc.path = path;
	hc.query = c->q;
	hc.nquery = c->nq;
	hc.body = c->body;
	hc.ak = ctx->ak;
	hc.sk = ctx->sk;
	hc.project_id = ctx->project_id;
	hc.when = time(NULL) + clock_offset;
	if (huaweicloud_wire(&hc, &w) == -1)
		return EX_SOFTWARE;	/* said why */
	log_debug("%s: %s %s", c->subject, c->method, w.url);
	status = http_request(c->method, w.url, (const char *const *)w.headers,
	    c->body, c->body != NULL ? strlen(c->body) : 0, ctx->acct->ca_file,
	    res, tls);
	huaweicloud_wire_free(&w);
	return status;
}

/* ---- replies ---- */

static int
code_in(const char *code, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(code, *list) == 0)
			return 1;
	return 0;
}

/* The service's trouble: sent again, within the run's deadline. */
static const char *const retry_codes[] = {
	"DNS.0000", "DNS.0001", "DNS.0003", "DNS.0012", "DNS.0015",
	"DNS.0209",	/* the zone is not in a steady state */
	"DNS.0314",	/* the record set is not (PENDING_*, just written) */
	NULL
};

/* Quotas: HTTP 403, but no permission to grant. */
static const char *const quota_codes[] = {
	"DNS.0403", "DNS.0404", "DNS.0405", "DNS.0408", "DNS.0409", NULL
};

/* The request contradicts what the provider holds. */
static const char *const data_codes[] = {
	"DNS.0004", "DNS.0301", "DNS.0302", "DNS.0304", "DNS.0307",
	"DNS.0308", "DNS.0309", "DNS.0313",
	"DNS.0312", "DNS.0016", "DNS.0335",	/* conflicts, when final */
	NULL
};

/* Fill e for the failure code (HTTP status http), message already set. */
static void
judge(long http, const char *code, struct api_error *e)
{
	if (strcmp(code, "APIGW.0308") == 0 || strcmp(code, "DNS.0014") == 0 ||
	    http == 429) {
		e->throttled = e->retry = 1;
		e->status = EX_TEMPFAIL;
		return;
	}
	/* The signature's time, X-Sdk-Date more than 15 minutes off: the
	   gateway says so with 0303 (reference 2.4), or with 0301 and
	   "signature expired" (as SDK users report it). A 0303 with 403
	   is the gateway's refusal of an action instead. */
	if ((strcmp(code, "APIGW.0303") == 0 && http != 403) ||
	    (strcmp(code, "APIGW.0301") == 0 &&
	    str_icontains(e->message, "expired"))) {
		e->clock = 1;
		e->status = EX_TEMPFAIL;
		return;
	}
	/* The gateway does not say whether it was the key ID or the
	   signature made with the secret that it refused. */
	if (strcmp(code, "APIGW.0301") == 0 || strcmp(code, "DNS.0005") == 0 ||
	    (http == 401 && !code_in(code, data_codes))) {
		e->cause = API_CAUSE_SECRET;
		e->key = "secret_access_key and access_key_id";
		e->status = EX_NOPERM;
		return;
	}
	if (code_in(code, quota_codes))
		e->status = EX_UNAVAILABLE;
	else if (strcmp(code, "APIGW.0302") == 0 ||
	    strcmp(code, "APIGW.0303") == 0 ||
	    strcmp(code, "DNS.0013") == 0 || http == 403) {
		e->cause = API_CAUSE_PERMISSION;
		e->status = EX_NOPERM;
	} else if (code_in(code, retry_codes) || http >= 500) {
		e->retry = 1;
		e->status = EX_TEMPFAIL;
	} else if (code_in(code, data_codes))
		e->status = EX_DATAERR;
	else
		e->status = EX_UNAVAILABLE;	/* TTL refused, the unknown */
}

/* The string at key in o when it is not empty, else NULL. */
static const char *
jcode(json_t *o, const char *key)
{
	const char *s = jstr(o, key);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* huaweicloud_classify on a parsed body (borrowed). */
static int
classify_root(long http, json_t *root, struct api_error *e)
{
	const char *code, *msg;
	json_t *inner;

	if (http < 400)
		return 0;
	memset(e, 0, sizeof(*e));
	code = jcode(root, "code");
	msg = jstr(root, "message");
	if (code == NULL) {
		code = jcode(root, "error_code");
		msg = jstr(root, "error_msg");
	}
	if (code == NULL && json_is_object(inner = json_object_get(root,
	    "error"))) {
		code = jcode(inner, "code");
		msg = jstr(inner, "message");
	}
	if (code != NULL)
		snprintf(e->code, sizeof(e->code), "%s", code);
	else
		snprintf(e->code, sizeof(e->code), "HTTP %ld", http);
	snprintf(e->message, sizeof(e->message), "%s", msg != NULL ? msg :
	    "the reply names no error");
	judge(http, e->code, e);
	return 1;
}

int
huaweicloud_classify(long http, const char *body, size_t len,
    struct api_error *e)
{
	json_t *root;
	int rc = -1;

	if (api_parse(body, len, &root) == -1)
		return -1;
	if (json_is_object(root))
		rc = classify_root(http, root, e);
	json_decref(root);
	return rc;
}

static int
classify(void *arg, long http, json_t *root, struct api_error *e)
{
	return classify_root(http, root, e);
}

/* metadata.total_count, or -1. */
static long long
total_of(json_t *root)
{
	json_t *t = json_object_get(json_object_get(root, "metadata"),
	    "total_count");

	return json_is_integer(t) && json_integer_value(t) >= 0 ?
	    (long long)json_integer_value(t) : -1;
}

/* One set's records, appended to out; EX_PROTOCOL or EX_SOFTWARE. */
static int
set_records(json_t *o, const char *zone, struct recordset *out)
{
	const char *id, *name, *type, *status, *line;
	json_t *ttl, *recs, *v;
	struct record r;
	char rr[256];
	size_t i;

	id = jstr(o, "id");
	name = jstr(o, "name");
	type = jstr(o, "type");
	status = jstr(o, "status");
	ttl = json_object_get(o, "ttl");
	recs = json_object_get(o, "records");
	if (id == NULL || *id == '\0' || name == NULL || type == NULL ||
	    status == NULL || !json_is_integer(ttl) || !json_is_array(recs))
		return EX_PROTOCOL;
	json_array_foreach(recs, i, v)
		if (!json_is_string(v))
			return EX_PROTOCOL;
	/* Being deleted, gone for all that matters here; on a resolution
	   line other than the default (API v2.1), not ours. */
	if (strcmp(status, "PENDING_DELETE") == 0 ||
	    ((line = jstr(o, "line")) != NULL &&
	    strcmp(line, "default_view") != 0) ||
	    name_in_zone(name, zone, rr, sizeof(rr)) == NULL)
		return 0;
	memset(&r, 0, sizeof(r));
	/* Borrowed; recordset_add copies them. */
	r.id = (char *)id;
	r.rr = rr;
	r.type = (char *)type;
	r.ttl = (long)json_integer_value(ttl);
	/* Just written, a set is PENDING_* until it is served: it holds
	   what was written, and a rewrite waits until then (DNS.0314). */
	r.enabled = strcmp(status, "ACTIVE") == 0 ||
	    strcmp(status, "PENDING_CREATE") == 0 ||
	    strcmp(status, "PENDING_UPDATE") == 0;
	for (i = 0; rr[i] != '\0'; i++)
		rr[i] = (char)tolower((unsigned char)rr[i]);
	json_array_foreach(recs, i, v) {
		r.value = (char *)json_string_value(v);
		if (!addr_parse(&r.addr, r.value))
			memset(&r.addr, 0, sizeof(r.addr));
		if (recordset_add(out, &r) == -1)
			return EX_SOFTWARE;
	}
	return 0;
}

/* huaweicloud_parse_recordsets on a parsed reply (borrowed). */
static int
recordsets_of(json_t *root, const char *zone, struct recordset *out,
    long long *total, size_t *nsets)
{
	struct recordset tmp = { NULL, 0 };
	json_t *arr, *item;
	long long t;
	size_t i;
	int status = EX_PROTOCOL;

	arr = json_object_get(root, "recordsets");
	if (!json_is_array(arr) || (t = total_of(root)) < 0)
		goto out;
	json_array_foreach(arr, i, item)
		if (!json_is_object(item) ||
		    (status = set_records(item, zone, &tmp)) != 0) {
			if (status == 0)
				status = EX_PROTOCOL;
			goto out;
		}
	status = EX_SOFTWARE;
	if (recordset_copy(out, &tmp) == -1)
		goto out;
	*total = t;
	*nsets = json_array_size(arr);
	status = 0;
out:
	recordset_free(&tmp);
	return status;
}

/* A body parsed for the parsers below; EX_PROTOCOL or EX_SOFTWARE. */
static int
parse_body(const char *body, size_t len, json_t **root)
{
	if (api_parse(body, len, root) == -1)
		return EX_SOFTWARE;
	if (!json_is_object(*root)) {
		json_decref(*root);
		*root = NULL;
		return EX_PROTOCOL;
	}
	return 0;
}

int
huaweicloud_parse_recordsets(const char *body, size_t len, const char *zone,
    struct recordset *out, long long *total, size_t *nsets)
{
	json_t *root;
	int status;

	if ((status = parse_body(body, len, &root)) != 0)
		return status;
	status = recordsets_of(root, zone, out, total, nsets);
	json_decref(root);
	return status;
}

/* Is name zone, with or without its trailing dot, in any case? */
static int
is_zone(const char *name, const char *zone)
{
	size_t n = strlen(zone);

	return strncasecmp(name, zone, n) == 0 &&
	    (name[n] == '\0' || (name[n] == '.' && name[n + 1] == '\0'));
}

/* huaweicloud_parse_zones on a parsed reply (borrowed). */
static int
zones_of(json_t *root, const char *zone, char **id, long long *total,
    size_t *nzones)
{
	const char *name, *zid, *found = NULL;
	json_t *arr, *item;
	long long t;
	size_t i;

	arr = json_object_get(root, "zones");
	if (!json_is_array(arr) || (t = total_of(root)) < 0)
		return EX_PROTOCOL;
	json_array_foreach(arr, i, item) {
		name = jstr(item, "name");
		zid = jstr(item, "id");
		if (name == NULL || zid == NULL || *zid == '\0')
			return EX_PROTOCOL;
		/* The name filter is fuzzy: "myexample.com." matches too. */
		if (found == NULL && is_zone(name, zone))
			found = zid;
	}
	*id = NULL;
	if (found != NULL && (*id = strdup(found)) == NULL)
		return EX_SOFTWARE;
	*total = t;
	*nzones = json_array_size(arr);
	return 0;
}

int
huaweicloud_parse_zones(const char *body, size_t len, const char *zone,
    char **id, long long *total, size_t *nzones)
{
	json_t *root;
	int status;

	if ((status = parse_body(body, len, &root)) != 0)
		return status;
	status = zones_of(root, zone, id, total, nzones);
	json_decref(root);
	return status;
}

/*
 * Send c (api.h). With err, a failure the provider names by a code is
 * left to the caller: err->code is then set and nothing is reported.
 */
static int
call_api(struct call *c, json_t **reply, struct api_error *err)
{
	c->rq.subject = c->subject;
	c->rq.reply_max = REPLY_MAX;
	c->rq.arg = c;
	c->rq.send = send_once;
	c->rq.classify = classify;
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	return api_call(&c->ctx->api, &c->rq, reply, err);
}

/* ---- provider interface ---- */

static struct pctx *
huaweicloud_open(const struct account *a)
{
	struct pctx *ctx;
	const char *ep, *h, *end;

	if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
		log_err("account %s: out of memory", a->name);
		return NULL;
	}
	ctx->acct = a;
	ctx->ak = account_value(a, "access_key_id");
	ctx->sk = account_value(a, "secret_access_key");
	ctx->project_id = account_value(a, "project_id");
	ctx->api.label = "Huawei Cloud DNS";
	ctx->api.acct = a;
	ep = a->endpoint != NULL ? a->endpoint :
	    huaweicloud_provider.default_endpoint;
	h = strstr(ep, "://");
	h = h != NULL ? h + 3 : ep;
	if ((end = strchr(h, '/')) == NULL)
		end = h + strlen(h);
	snprintf(ctx->origin, sizeof(ctx->origin), "%.*s", (int)(end - ep),
	    ep);
	snprintf(ctx->host, sizeof(ctx->host), "%.*s", (int)(end - h), h);
	snprintf(ctx->prefix, sizeof(ctx->prefix), "%s", end);
	while (ctx->prefix[0] != '\0' &&
	    ctx->prefix[strlen(ctx->prefix) - 1] == '/')
		ctx->prefix[strlen(ctx->prefix) - 1] = '\0';
	return ctx;
}

static void
huaweicloud_close(struct pctx *ctx)
{
	free(ctx);
}

/* Pages a listing of total items takes, at first_page items a page. */
static unsigned long long
pages_for(long long total, size_t first_page, size_t limit)
{
	size_t per = first_page > 0 && first_page < limit &&
	    (long long)first_page < total ? first_page : limit;

	return ((unsigned long long)total + per - 1) / per;
}

static int
huaweicloud_zone_id(struct pctx *ctx, const struct target *t, char **id)
{
	struct call c;
	json_t *reply = NULL;
	char offset[24], limit[16], *found = NULL;
	long long total = 0;
	size_t page, seen = 0, n;
	int status = 0;

	snprintf(limit, sizeof(limit), "%d", ZONE_PAGE);
	for (page = 0; page < MAX_PAGES; page++) {
		snprintf(offset, sizeof(offset), "%zu", seen);
		call_init(&c, ctx, "GET", "dns:zone:list", t->zone);
		snprintf(c.path, sizeof(c.path), "/v2/zones");
		call_query(&c, "type", "public");
		call_query(&c, "name", t->zone);
		call_query(&c, "limit", limit);
		call_query(&c, "offset", offset);
		if ((status = call_api(&c, &reply, NULL)) != 0)
			return status;
		status = zones_of(reply, t->zone, &found, &total, &n);
		json_decref(reply);
		if (status != 0) {
			if (status == EX_PROTOCOL)
				api_failed(&ctx->api, "reply is not a zone"
				    " listing");
			else
				api_failed(&ctx->api, "out of memory");
			log_err("%s: %s", c.subject, ctx->api.last);
			return status;
		}
		if (found != NULL) {
			log_debug("%s: zone ID %s", c.subject, found);
			*id = found;
			return 0;
		}
		seen += n;
		if (n == 0 || (long long)seen >= total)
			break;
	}
	api_failed(&ctx->api, "no public zone %s", t->zone);
	log_err("account %s (%s:%d): %s is not a public zone of this account"
	    "%s; check zone, or give its ID as zone_id", ctx->acct->name,
	    ctx->acct->file, ctx->acct->file_line, t->zone,
	    ctx->project_id != NULL ? " and project" : "");
	return EX_DATAERR;
}

/*
 * Every record set of t's type named t->fqdn, or of the whole zone, into
 * all (one record per value), paged. max_calls as for list().
 */
static int
list_sets(struct pctx *ctx, const struct target *t, size_t max_calls,
    struct recordset *all)
{
	struct call c;
	json_t *reply = NULL;
	const char *type = addr_rrtype(t->family);
	char offset[24], limit[16], name[300], what[320];
	long long total = 0;
	size_t page, seen = 0, n;
	int status;

	snprintf(limit, sizeof(limit), "%d", SET_PAGE);
	/* The zone's ID may be one kept from an earlier run: name it. */
	if (t->fqdn != NULL) {
		snprintf(name, sizeof(name), "%s.", t->fqdn);
		snprintf(what, sizeof(what), "%s %s (zone ID %s)", t->fqdn,
		    type, t->zone_id);
	} else
		snprintf(what, sizeof(what), "zone %s %s (zone ID %s)",
		    t->zone, type, t->zone_id);
	for (page = 0; page < MAX_PAGES; page++) {
		snprintf(offset, sizeof(offset), "%zu", seen);
		call_init(&c, ctx, "GET", "dns:recordset:list", what);
		snprintf(c.path, sizeof(c.path), "/v2/zones/%s/recordsets",
		    t->zone_id);
		call_query(&c, "type", type);
		if (t->fqdn != NULL) {
			/* The name filter is fuzzy unless told otherwise,
			   and the docs disagree on that: both, and the
			   caller matches exactly. */
			call_query(&c, "name", name);
			call_query(&c, "search_mode", "equal");
		}
		call_query(&c, "limit", limit);
		call_query(&c, "offset", offset);
		if ((status = call_api(&c, &reply, NULL)) != 0)
			return status;
		status = recordsets_of(reply, t->zone, all, &total, &n);
		json_decref(reply);
		if (status != 0) {
			api_failed(&ctx->api, "%s", status == EX_PROTOCOL ?
			    "reply is not a record set listing" :
			    "out of memory");
			log_err("%s: %s", c.subject, ctx->api.last);
			return status;
		}
		/* The first page tells what reading it all would cost. */
		if (page == 0 && max_calls > 0 &&
		    pages_for(total, n, SET_PAGE) > max_calls) {
			log_debug("%s: %lld record sets, more than %zu calls",
			    c.subject, total, max_calls);
			return PROVIDER_TOO_MANY;
		}
		seen += n;
		if (n == 0 || (long long)seen >= total)
			return 0;
	}
	api_failed(&ctx->api, "more than %d pages of record sets",
	    MAX_PAGES);
	log_err("huaweicloud: %s: %s", what, ctx->api.last);
	return EX_UNAVAILABLE;
}

/* Records by name, then set ID: the sets of a name side by side. */
static int
by_rr_id(const void *a, const void *b)
{
	const struct record *x = *(const struct record *const *)a;
	const struct record *y = *(const struct record *const *)b;
	int c = strcmp(x->rr, y->rr);

	return c != 0 ? c : strcmp(x->id, y->id);
}

/*
 * The records of t (one per value of each set) into out, matched exactly:
 * the API's filters may not be. A name has one set of a type on the
 * default line; one listed with several (sets of other resolution lines
 * that the listing does not mark) cannot be told apart: reading that name
 * is a data error, and a zone listing leaves it out.
 */
static int
huaweicloud_list(struct pctx *ctx, const struct target *t, size_t max_calls,
    struct recordset *out)
{
	struct recordset all = { NULL, 0 };
	struct record **m = NULL, *r;
	const char *type = addr_rrtype(t->family);
	char *keep = NULL, what[300];
	size_t i, j, k, nm = 0, n0 = out->n;
	int status;

	snprintf(what, sizeof(what), "%s %s", t->fqdn != NULL ? t->fqdn :
	    t->zone, type);
	if ((status = list_sets(ctx, t, max_calls, &all)) != 0)
		goto out;
	if ((m = calloc(all.n + 1, sizeof(*m))) == NULL ||
	    (keep = calloc(all.n + 1, 1)) == NULL)
		goto oom;
	for (i = 0; i < all.n; i++)
		if (str_ieq(all.v[i].type, type) &&
		    (t->rr == NULL || str_ieq(all.v[i].rr, t->rr))) {
			m[nm++] = &all.v[i];
			keep[i] = 1;
		}
	qsort(m, nm, sizeof(*m), by_rr_id);
	for (i = 0; i < nm; i = j) {
		for (j = i + 1; j < nm && strcmp(m[j]->rr, m[i]->rr) == 0; j++)
			continue;
		if (strcmp(m[i]->id, m[j - 1]->id) == 0)
			continue;
		if (t->fqdn != NULL) {
			api_failed(&ctx->api, "several record sets of %s (%s,"
			    " %s)", what, m[i]->id, m[j - 1]->id);
			log_err("huaweicloud: %s: resolution lines? The name"
			    " must have one set, on the default line",
			    ctx->api.last);
			status = EX_DATAERR;
			goto out;
		}
		log_info("huaweicloud: zone %s: %s has several %s record sets"
		    " (%s, %s): left out", t->zone, m[i]->rr, type, m[i]->id,
		    m[j - 1]->id);
		for (k = i; k < j; k++)
			keep[m[k] - all.v] = 0;
	}
	for (i = 0; i < all.n; i++) {
		if (!keep[i])
			continue;
		r = &all.v[i];
		if (t->fqdn != NULL && !r->enabled &&
		    (i == 0 || strcmp(all.v[i - 1].id, r->id) != 0))
			log_warn("huaweicloud: record set %s of %s is not"
			    " served (disabled, frozen or in error); check it"
			    " in the console", r->id, t->fqdn);
		if (r->addr.family != t->family)
			memset(&r->addr, 0, sizeof(r->addr));
		if (recordset_add(out, r) == -1)
			goto oom;
	}
	goto out;
oom:
	log_err("huaweicloud: %s: out of memory", what);
	status = EX_SOFTWARE;
out:
	/* Output untouched on failure. */
	while (status != 0 && out->n > n0)
		record_clear(&out->v[--out->n]);
	free(m);
	free(keep);
	recordset_free(&all);
	return status;
}

/* {"name", "type", "records", "ttl"} as compact JSON; NULL: out of memory. */
static char *
set_body(const struct target *t, const char *const *values, size_t n,
    long ttl)
{
	json_t *o, *arr;
	char name[300], *s = NULL;
	size_t i;

	snprintf(name, sizeof(name), "%s.", t->fqdn);
	if ((o = json_object()) == NULL || (arr = json_array()) == NULL) {
		json_decref(o);
		return NULL;
	}
	if (json_object_set_new(o, "name", json_string(name)) == -1 ||
	    json_object_set_new(o, "type",
	    json_string(addr_rrtype(t->family))) == -1 ||
	    json_object_set_new(o, "records", arr) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (json_array_append_new(arr, json_string(values[i])) == -1)
			goto out;
	if (json_object_set_new(o, "ttl", json_integer(ttl)) == -1)
		goto out;
	(void)jalloc_failed();
	s = json_dumps(o, JSON_COMPACT);
	if (jalloc_failed()) {
		free(s);
		s = NULL;
	}
out:
	json_decref(o);
	return s;
}

/* Does the listed set rs (one record per value) hold values and ttl? */
static int
set_holds(const struct recordset *rs, const char *const *values, size_t n,
    long ttl)
{
	struct addr a;
	size_t i, j;

	if (rs->n != n)
		return 0;
	for (i = 0; i < n; i++) {
		if (!addr_parse(&a, values[i]) || rs->v[i].ttl != ttl)
			return 0;
		for (j = 0; j < rs->n; j++)
			if (addr_cmp(&rs->v[j].addr, &a) == 0)
				break;
		if (j == rs->n)
			return 0;
	}
	return 1;
}

/*
 * A write the provider refused because of what it holds: a set of that
 * name and type exists already, or the one written is gone.
 */
static const char *const conflict_codes[] = {
	"DNS.0312", "DNS.0016", "DNS.0335", "DNS.0313", NULL
};

/*
 * Write the set: PUT to id, or POST when id is NULL (*new_id receives the
 * new set's ID when new_id is not NULL). A conflict is left to the caller,
 * unreported, with its code in conflict; every other failure is reported.
 */
static int
write_set(struct pctx *ctx, const struct target *t, const char *id,
    const char *body, char **new_id, char conflict[128])
{
	struct call c;
	struct api_error err;
	json_t *reply = NULL;
	const char *rid;
	char what[320];
	int status;

	conflict[0] = '\0';
	if (id != NULL) {
		snprintf(what, sizeof(what), "%s %s (record set %s)", t->fqdn,
		    addr_rrtype(t->family), id);
		call_init(&c, ctx, "PUT", "dns:recordset:update", what);
		snprintf(c.path, sizeof(c.path),
		    "/v2/zones/%s/recordsets/%s", t->zone_id, id);
	} else {
		snprintf(what, sizeof(what), "%s %s", t->fqdn,
		    addr_rrtype(t->family));
		call_init(&c, ctx, "POST", "dns:recordset:create", what);
		snprintf(c.path, sizeof(c.path), "/v2/zones/%s/recordsets",
		    t->zone_id);
	}
	c.body = body;
	if ((status = call_api(&c, &reply, &err)) != 0) {
		if (err.code[0] != '\0' && code_in(err.code, conflict_codes)) {
			log_info("%s: %s: %s", c.subject, err.code,
			    err.message);
			snprintf(conflict, 128, "%s", err.code);
		} else if (err.code[0] != '\0')
			api_report(&ctx->api, &c.rq, &err);
		return status;
	}
	if (new_id != NULL) {
		if ((rid = jstr(reply, "id")) == NULL || *rid == '\0') {
			api_failed(&ctx->api, "reply without the record set's"
			    " id");
			log_err("%s: %s", c.subject, ctx->api.last);
			status = EX_PROTOCOL;
		} else if ((*new_id = strdup(rid)) == NULL) {
			log_err("%s: out of memory", c.subject);
			status = EX_SOFTWARE;
		}
	}
	json_decref(reply);
	return status;
}

/*
 * After a conflict: another writer was first, a retry of a write that went
 * through was refused, or the set was removed since it was read. Read what
 * is there and settle it with one more write at most.
 */
static int
settle(struct pctx *ctx, const struct target *t, const char *id,
    const char *const *values, size_t n, long ttl, const char *body,
    const char *code, char **new_id)
{
	struct recordset rs = { NULL, 0 }, set = { NULL, 0 };
	char again[128], *made = NULL;
	const char *sid;
	size_t i;
	int status;

	if ((status = huaweicloud_list(ctx, t, 0, &rs)) != 0)
		goto out;
	if (rs.n == 0 && id == NULL) {
		api_failed(&ctx->api, "%s, but no record set of %s %s is"
		    " listed (being deleted?)", code, t->fqdn,
		    addr_rrtype(t->family));
		log_err("huaweicloud: %s; the next run tries again",
		    ctx->api.last);
		status = EX_TEMPFAIL;
		goto out;
	}
	if (rs.n == 0) {
		/* Gone: create it, the ID for the caller's records only. */
		log_info("huaweicloud: record set %s of %s is gone (%s);"
		    " creating it", id, t->fqdn, code);
		sid = NULL;
	} else {
		sid = rs.v[0].id;
		for (i = 0; i < rs.n; i++)
			if (strcmp(rs.v[i].id, sid) == 0 &&
			    recordset_add(&set, &rs.v[i]) == -1) {
				log_err("huaweicloud: %s: out of memory",
				    t->fqdn);
				status = EX_SOFTWARE;
				goto out;
			}
		if (set_holds(&set, values, n, ttl)) {
			log_info("huaweicloud: record set %s of %s already"
			    " holds what was to be written (%s)", sid,
			    t->fqdn, code);
			if (new_id != NULL && (*new_id = strdup(sid)) == NULL) {
				log_err("huaweicloud: %s: out of memory",
				    t->fqdn);
				status = EX_SOFTWARE;
			}
			goto out;
		}
	}
	status = write_set(ctx, t, sid, body, sid == NULL ? &made : NULL,
	    again);
	if (status != 0 && again[0] != '\0') {
		api_failed(&ctx->api, "%s, then %s: the record set of %s %s"
		    " keeps changing", code, again, t->fqdn,
		    addr_rrtype(t->family));
		log_err("huaweicloud: %s; the next run tries again",
		    ctx->api.last);
		status = EX_TEMPFAIL;
	} else if (status == 0 && new_id != NULL) {
		*new_id = made != NULL ? made : strdup(sid);
		made = NULL;
		if (*new_id == NULL) {
			log_err("huaweicloud: %s: out of memory", t->fqdn);
			status = EX_SOFTWARE;
		}
	}
out:
	free(made);
	recordset_free(&set);
	recordset_free(&rs);
	return status;
}

static int
huaweicloud_replace(struct pctx *ctx, const struct target *t, const char *id,
    const char *const *values, size_t n, long ttl, char **new_id)
{
	char conflict[128], *body;
	int status;

	if ((body = set_body(t, values, n, ttl)) == NULL) {
		log_err("huaweicloud: %s: out of memory", t->fqdn);
		return EX_SOFTWARE;
	}
	status = write_set(ctx, t, id, body, new_id, conflict);
	if (status != 0 && conflict[0] != '\0')
		status = settle(ctx, t, id, values, n, ttl, body, conflict,
		    new_id);
	free(body);
	return status;
}

/* A one-shot tool cannot sleep off throttling: some runs, with jitter. */
static long
huaweicloud_hold_off(struct pctx *ctx, int *status)
{
	*status = EX_TEMPFAIL;
	return ctx->api.throttled ? 120 + (long)(getpid() % 60) : 0;
}

static const char *
huaweicloud_last_error(struct pctx *ctx)
{
	return ctx->api.last;
}

static const struct provider_key huaweicloud_keys[] = {
	{ "access_key_id", PKEY_REQUIRED | PKEY_TOKEN },
	{ "secret_access_key", PKEY_REQUIRED | PKEY_SECRET | PKEY_TOKEN },
	{ "project_id", PKEY_TOKEN },
	{ NULL, 0 }
};

const struct provider huaweicloud_provider = {
	.name = "huaweicloud",
	.model = MODEL_RECORDSET,
	.caps = PCAP_ZONE_LIST | PCAP_ZONE_ID | PCAP_TTL,
	.default_endpoint = "https://dns.myhuaweicloud.com",
	.keys = huaweicloud_keys,
	.min_ttl = 1,
	.open = huaweicloud_open,
	.close = huaweicloud_close,
	.zone_id = huaweicloud_zone_id,
	.list = huaweicloud_list,
	.replace = huaweicloud_replace,
	.hold_off = huaweicloud_hold_off,
	.last_error = huaweicloud_last_error,
};
