/*
 * dnspod.c - Tencent Cloud DNSPod (API 3.0, version 2021-03-23): JSON
 * bodies POSTed to the endpoint's "/", signed with TC3-HMAC-SHA256
 * (dnspod_sign.c). A failure comes with HTTP 200 in Response.Error, so
 * success and failure are decided on the reply's JSON, never on the HTTP
 * status alone (shared/reference/providers.md section 1).
 */
#include <sys/socket.h>

#include <errno.h>
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
#include "dnspod.h"
#include "providers.h"

#define DEFAULT_LINE	"\xe9\xbb\x98\xe8\xae\xa4"	/* 默认, UTF-8 */
#define NAME_PAGE	100	/* the records of one name: one call */
/*
 * A zone listing: the API takes up to 3000 a page, but a record is some
 * 250 bytes of JSON and jansson needs up to 16 times a body's size: pages
 * of 500 keep a reply near 128 KB, well under REPLY_MAX.
 */
#define ZONE_PAGE	500
#define MAX_PAGES	50
#define REPLY_MAX	(512 * 1024)
#define NO_RECORDS	"ResourceNotFound.NoDataOfRecord"

struct pctx {
	const struct account	*acct;
	const char		*secret_id;	/* borrowed from acct */
	const char		*secret_key;
	char			*url;		/* the endpoint's "/" */
	char			 host[256];	/* its host[:port]: Host, signed */
	struct api_session	 api;
};

/* One API call: its JSON parameters, built before it is sent. */
struct call {
	struct pctx		*ctx;
	struct api_request	 rq;
	const char		*action;
	json_t			*params;	/* NULL when building failed */
	int			 failed;	/* a parameter could not be set */
	char			*body;
	char			 subject[400];	/* for messages */
};

/* ---- request parameters ---- */

static void
call_init(struct call *c, const char *action, const char *what)
{
	memset(c, 0, sizeof(*c));
	c->action = action;
	if (what != NULL)
		snprintf(c->subject, sizeof(c->subject), "dnspod %s (%s)",
		    action, what);
	else
		snprintf(c->subject, sizeof(c->subject), "dnspod %s", action);
	if ((c->params = json_object()) == NULL)
		c->failed = 1;
}

static void
call_free(struct call *c)
{
	json_decref(c->params);
	free(c->body);
	c->params = NULL;
	c->body = NULL;
}

static void
call_set(struct call *c, const char *name, json_t *v)
{
	if (c->failed || v == NULL ||
	    json_object_set_new(c->params, name, v) == -1)
		c->failed = 1;
}

/* A string parameter; NULL values are left out. */
static void
call_str(struct call *c, const char *name, const char *value)
{
	if (value != NULL)
		call_set(c, name, json_string(value));
}

static void
call_int(struct call *c, const char *name, long long value)
{
	call_set(c, name, json_integer((json_int_t)value));
}

/*
 * A record ID, kept as a decimal string, sent as the JSON integer the API
 * wants. 0, or EX_DATAERR reported when id is no DNSPod record ID.
 */
static int
call_id(struct call *c, const char *name, const char *id)
{
	char *end;
	long long v;

	errno = 0;
	v = id[0] >= '0' && id[0] <= '9' ? strtoll(id, &end, 10) : -1;
	if (v < 0 || errno != 0 || *end != '\0') {
		log_err("%s: record ID %s is not a DNSPod record ID",
		    c->subject, id);
		return EX_DATAERR;
	}
	call_int(c, name, v);
	return 0;
}

/* ---- reply parsing (also used by tests and fuzzers) ---- */

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/*
 * A RecordId as a decimal string into buf: a JSON integer (64 bits,
 * read exactly) or a string of digits. 0, or -1 when it is neither.
 */
static int
id_of(json_t *v, char *buf, size_t len)
{
	const char *s;
	size_t n;

	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return 0;
	}
	if ((s = json_is_string(v) ? json_string_value(v) : NULL) == NULL ||
	    (n = strlen(s)) == 0 || n >= len || strspn(s, "0123456789") != n)
		return -1;
	memcpy(buf, s, n + 1);
	return 0;
}

/* ENABLE or DISABLE (any case): 1 or 0; -1 when neither. */
static int
status_of(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcasecmp(s, "ENABLE") == 0)
		return 1;
	return strcasecmp(s, "DISABLE") == 0 ? 0 : -1;
}

/*
 * One item of RecordList into r; its strings are borrowed from o or
 * point into id and rr (recordset_add copies them). 0 or -1.
 */
static int
parse_record(json_t *o, struct record *r, char id[24], char rr[256])
{
	const char *name, *line;
	json_t *ttl;
	size_t i, n;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(o) || id_of(json_object_get(o, "RecordId"), id,
	    24) == -1)
		return -1;
	name = jstr(o, "Name");
	r->type = (char *)jstr(o, "Type");
	r->value = (char *)jstr(o, "Value");
	ttl = json_object_get(o, "TTL");
	if (name == NULL || (n = strlen(name)) == 0 || n >= 256 ||
	    r->type == NULL || r->value == NULL || !json_is_integer(ttl) ||
	    (r->enabled = status_of(jstr(o, "Status"))) == -1)
		return -1;
	/* Names are case-blind; the engine compares them lower-cased. */
	for (i = 0; i <= n; i++)
		rr[i] = name[i] >= 'A' && name[i] <= 'Z' ?
		    name[i] - 'A' + 'a' : name[i];
	r->id = id;
	r->rr = rr;
	r->ttl = (long)json_integer_value(ttl);
	line = jstr(o, "Line");
	r->line = (char *)(line != NULL ? line : DEFAULT_LINE);
	if (!addr_parse(&r->addr, r->value))
		memset(&r->addr, 0, sizeof(r->addr));
	return 0;
}

/* dnspod_parse_records on a parsed reply (borrowed). */
static int
records_of(json_t *root, struct recordset *out, long long *total)
{
	json_t *resp, *tc, *list, *item;
	struct recordset tmp = { NULL, 0 };
	struct record r;
	char id[24], rr[256];
	size_t i;
	int status = EX_PROTOCOL;

	resp = json_object_get(root, "Response");
	tc = json_object_get(json_object_get(resp, "RecordCountInfo"),
	    "TotalCount");
	list = json_object_get(resp, "RecordList");
	if (!json_is_object(resp) || json_object_get(resp, "Error") != NULL ||
	    !json_is_integer(tc) || json_integer_value(tc) < 0 ||
	    !json_is_array(list))
		goto out;
	json_array_foreach(list, i, item) {
		if (parse_record(item, &r, id, rr) == -1)
			goto out;
		if (recordset_add(&tmp, &r) == -1) {
			status = EX_SOFTWARE;
			goto out;
		}
	}
	/* All or nothing: out stays as it was when memory runs out. */
	if (recordset_copy(out, &tmp) == -1) {
		status = EX_SOFTWARE;
		goto out;
	}
	*total = json_integer_value(tc);
	status = 0;
out:
	recordset_free(&tmp);
	return status;
}

int
dnspod_parse_records(const char *body, size_t len, struct recordset *out,
    long long *total)
{
	json_t *root;
	int status;

	if (api_parse(body, len, &root) == -1)
		return EX_SOFTWARE;
	if (root == NULL)
		return EX_PROTOCOL;
	status = records_of(root, out, total);
	json_decref(root);
	return status;
}

int
dnspod_code_retryable(const char *code)
{
	return api_code_is(code, "RequestLimitExceeded") ||
	    api_code_is(code, "InternalError") ||
	    api_code_is(code, "ServiceUnavailable") ||
	    api_code_is(code, "ResourceUnavailable");
}

int
dnspod_code_status(const char *code)
{
	if (dnspod_code_retryable(code) ||
	    api_code_is(code, "AuthFailure.SignatureExpire"))
		return EX_TEMPFAIL;
	if (api_code_is(code, "AuthFailure") ||
	    api_code_is(code, "UnauthorizedOperation") ||
	    api_code_is(code, "OperationDenied.NoPermissionToOperateDomain") ||
	    api_code_is(code, "OperationDenied.DomainOwnerAllowedOnly"))
		return EX_NOPERM;
	/* The zone, the line, a record or a name the API does not know. */
	if (api_code_is(code, "InvalidParameterValue.DomainNotExists") ||
	    api_code_is(code, "InvalidParameter.DomainInvalid") ||
	    api_code_is(code, "InvalidParameter.DomainNotAllowedModify") ||
	    api_code_is(code, "InvalidParameter.RecordLineInvalid") ||
	    api_code_is(code, "InvalidParameter.RecordIdInvalid") ||
	    api_code_is(code, "InvalidParameter.SubdomainInvalid") ||
	    api_code_is(code, "InvalidParameter.RecordTypeInvalid") ||
	    api_code_is(code, "InvalidParameter.RecordValueInvalid") ||
	    api_code_is(code, "InvalidParameter.DomainRecordExist") ||
	    api_code_is(code, "ResourceNotFound"))
		return EX_DATAERR;
	/* The API does not take the request as sent: its protocol moved. */
	if (api_code_is(code, "UnknownParameter") ||
	    api_code_is(code, "MissingParameter") ||
	    strcmp(code, "InvalidParameter") == 0 ||
	    strcmp(code, "InvalidParameterValue") == 0 ||
	    api_code_is(code, "InvalidAction") ||
	    api_code_is(code, "NoSuchVersion") ||
	    api_code_is(code, "UnsupportedProtocol"))
		return EX_PROTOCOL;
	return EX_UNAVAILABLE;	/* quota, a locked domain, and the unknown */
}

/* The verdict on a reply (borrowed): api_request's classify. */
static int
error_of(long http, json_t *root, struct api_error *e)
{
	json_t *error;
	const char *code, *msg;

	error = json_object_get(json_object_get(root, "Response"), "Error");
	if (error == NULL)
		return 0;
	code = jstr(error, "Code");
	msg = jstr(error, "Message");
	snprintf(e->code, sizeof(e->code), "%s", code != NULL ? code :
	    "(no Code)");
	snprintf(e->message, sizeof(e->message), "%s", msg != NULL ? msg : "");
	if (code == NULL) {
		e->status = EX_PROTOCOL;
		return 1;
	}
	e->clock = strcmp(code, "AuthFailure.SignatureExpire") == 0;
	e->throttled = api_code_is(code, "RequestLimitExceeded");
	e->status = dnspod_code_status(code);
	/* An unknown Code with HTTP 5xx is the server's trouble (75). */
	e->retry = dnspod_code_retryable(code) || (http >= 500 &&
	    e->status == EX_UNAVAILABLE);
	/* What to tell the operator to fix. */
	if (strcmp(code, "AuthFailure.SignatureFailure") == 0) {
		e->cause = API_CAUSE_SECRET;
		e->key = "secret_key";
	} else if (strcmp(code, "AuthFailure.SecretIdNotFound") == 0 ||
	    strcmp(code, "AuthFailure.InvalidSecretId") == 0 ||
	    /* Only the SecretId can bend the header out of shape. */
	    strcmp(code, "AuthFailure.InvalidAuthorization") == 0) {
		e->cause = API_CAUSE_KEY_ID;
		e->key = "secret_id";
	} else if (api_code_is(code, "UnauthorizedOperation") ||
	    strcmp(code, "AuthFailure.UnauthorizedOperation") == 0 ||
	    api_code_is(code, "OperationDenied.NoPermissionToOperateDomain"))
		e->cause = API_CAUSE_PERMISSION;
	return 1;
}

int
dnspod_parse_error(const char *body, size_t len, long http,
    struct api_error *e)
{
	json_t *root;
	int rc;

	memset(e, 0, sizeof(*e));
	if (api_parse(body, len, &root) == -1 || !json_is_object(root)) {
		json_decref(root);
		return -1;
	}
	rc = error_of(http, root, e);
	json_decref(root);
	return rc;
}

static int
classify(void *arg, long http, json_t *root, struct api_error *e)
{
	return error_of(http, root, e);
}

/* ---- requests ---- */

/* "name: value" as a new string; NULL when out of memory. */
static char *
header(const char *name, const char *value)
{
	size_t len = strlen(name) + strlen(value) + 3;
	char *s;

	if ((s = malloc(len)) != NULL)
		snprintf(s, len, "%s: %s", name, value);
	return s;
}

void
dnspod_headers_free(struct dnspod_headers *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < DNSPOD_NHEADERS; i++) {
		free(h->v[i]);
		h->v[i] = NULL;
	}
}

int
dnspod_request_headers(const char *action, const char *host,
    const char *body, size_t len, time_t ts, const char *secret_id,
    const char *secret_key, struct dnspod_headers *h)
{
	const struct kv signed_headers[] = {
		{ "Content-Type", DNSPOD_CONTENT_TYPE },
		{ "Host", host },
		{ "X-TC-Action", action },
	};
	struct sign_request req;
	char hash[65], sts[24], *auth;
	size_t i;

	memset(h, 0, sizeof(*h));
	if (sha256_hex(body, len, hash) == -1)
		return -1;
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.path = "/";
	req.headers = signed_headers;
	req.nheaders = sizeof(signed_headers) / sizeof(signed_headers[0]);
	req.payload_hash = hash;
	if ((auth = dnspod_authorization(&req, ts, DNSPOD_SERVICE, secret_id,
	    secret_key)) == NULL)
		return -1;	/* the signer has said why */
	snprintf(sts, sizeof(sts), "%lld", (long long)ts);
	h->v[0] = header("Content-Type", DNSPOD_CONTENT_TYPE);
	h->v[1] = header("Host", host);
	h->v[2] = header("X-TC-Action", action);
	h->v[3] = header("X-TC-Timestamp", sts);
	h->v[4] = header("X-TC-Version", DNSPOD_VERSION);
	h->v[5] = header("Authorization", auth);
	free(auth);
	for (i = 0; i < DNSPOD_NHEADERS; i++)
		if (h->v[i] == NULL) {
			log_err("dnspod %s: out of memory", action);
			dnspod_headers_free(h);
			return -1;
		}
	return 0;
}

/* Sign and send one attempt (api_request's send). */
static int
send_once(void *arg, long clock_offset, struct http_response *res, int *tls)
{
	struct call *c = arg;
	struct pctx *ctx = c->ctx;
	struct dnspod_headers h;
	size_t len = strlen(c->body);
	int status;

	if (dnspod_request_headers(c->action, ctx->host, c->body, len,
	    time(NULL) + clock_offset, ctx->secret_id, ctx->secret_key,
	    &h) == -1)
		return EX_SOFTWARE;
	log_debug("%s: POST %s", c->subject, ctx->url);
	status = http_request("POST", ctx->url, (const char *const *)h.v,
	    c->body, len, ctx->acct->ca_file, res, tls);
	dnspod_headers_free(&h);
	return status;
}

/*
 * Send c (api.h). With err, a failure the server names by its Code is
 * left to the caller: err->code is then set and nothing is reported.
 * Frees c's parameters.
 */
static int
call_api(struct pctx *ctx, struct call *c, json_t **reply,
    struct api_error *err)
{
	int status;

	*reply = NULL;
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	(void)jalloc_failed();
	/* jansson drops a key it cannot append (issue #655): ask. */
	if (c->failed || (c->body = json_dumps(c->params, JSON_COMPACT)) ==
	    NULL || jalloc_failed()) {
		log_err("%s: out of memory", c->subject);
		call_free(c);
		return EX_SOFTWARE;
	}
	memset(&c->rq, 0, sizeof(c->rq));
	c->ctx = ctx;
	c->rq.subject = c->subject;
	c->rq.action = c->action;
	c->rq.reply_max = REPLY_MAX;
	c->rq.arg = c;
	c->rq.send = send_once;
	c->rq.classify = classify;
	status = api_call(&ctx->api, &c->rq, reply, err);
	call_free(c);
	return status;
}

/* Report a failure named by its Code, in words for the ones to fix here. */
static void
report(struct pctx *ctx, const struct call *c, const struct target *t,
    const struct api_error *e)
{
	if (strcmp(e->code, "InvalidParameter.RecordLineInvalid") == 0 &&
	    t->line != NULL) {
		api_failed(&ctx->api, "%s: %s", e->code, e->message);
		log_err("%s: DNSPod has no line '%s' for zone %s (%s); check"
		    " line in the group", c->subject, t->line, t->zone,
		    e->code);
	} else if (strcmp(e->code, "InvalidParameterValue.DomainNotExists")
	    == 0) {
		api_failed(&ctx->api, "%s: %s", e->code, e->message);
		log_err("%s: the account has no zone %s at DNSPod (%s); check"
		    " zone in the group", c->subject, t->zone, e->code);
	} else
		api_report(&ctx->api, &c->rq, e);
}

/* The Response object of a successful reply, or NULL after reporting. */
static json_t *
response_of(struct pctx *ctx, const struct call *c, json_t *reply)
{
	json_t *resp = json_object_get(reply, "Response");

	if (json_is_object(resp))
		return resp;
	api_failed(&ctx->api, "a reply without a Response object");
	log_err("%s: %s", c->subject, ctx->api.last);
	return NULL;
}

/* ---- provider interface ---- */

static struct pctx *
dnspod_open(const struct account *a)
{
	struct pctx *ctx;
	const char *endpoint, *h;
	size_t n;

	if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
		log_err("account %s: out of memory", a->name);
		return NULL;
	}
	ctx->acct = a;
	ctx->secret_id = account_value(a, "secret_id");
	ctx->secret_key = account_value(a, "secret_key");
	ctx->api.label = "DNSPod";
	ctx->api.acct = a;
	endpoint = a->endpoint != NULL ? a->endpoint :
	    dnspod_provider.default_endpoint;
	/* The API lives at "/": sign and send exactly that path. */
	n = strlen(endpoint);
	while (n > 0 && endpoint[n - 1] == '/')
		n--;
	if ((ctx->url = malloc(n + 2)) == NULL) {
		log_err("account %s: out of memory", a->name);
		free(ctx);
		return NULL;
	}
	memcpy(ctx->url, endpoint, n);
	memcpy(ctx->url + n, "/", 2);
	/* Host is signed as sent, with the port of a test endpoint. */
	h = strstr(ctx->url, "://");
	h = h != NULL ? h + 3 : ctx->url;
	n = strcspn(h, "/");
	if (n >= sizeof(ctx->host))
		n = sizeof(ctx->host) - 1;
	memcpy(ctx->host, h, n);
	ctx->host[n] = '\0';
	return ctx;
}

static void
dnspod_close(struct pctx *ctx)
{
	if (ctx == NULL)
		return;
	free(ctx->url);
	free(ctx);
}

/*
 * The records of t's type and line, of the name t->rr or of the whole
 * zone, appended to all (not yet matched exactly). An empty listing
 * (ResourceNotFound.NoDataOfRecord, whether or not ErrorOnEmpty was
 * heeded) is no records, not a failure.
 */
static int
list_pages(struct pctx *ctx, const struct target *t, size_t max_calls,
    const char *what, struct recordset *all)
{
	struct call c;
	struct api_error err;
	json_t *reply = NULL;
	long long total = 0;
	size_t before, page, per_page;
	int status = 0;

	per_page = t->fqdn != NULL ? NAME_PAGE : ZONE_PAGE;
	for (page = 0; page < MAX_PAGES; page++) {
		call_init(&c, "DescribeRecordList", what);
		call_str(&c, "Domain", t->zone);
		/* Subdomain, lower-case d, filters exactly; writes take
		   SubDomain. */
		call_str(&c, "Subdomain", t->rr);
		call_str(&c, "RecordType", addr_rrtype(t->family));
		call_str(&c, "RecordLine", t->line);
		call_int(&c, "Offset", (long long)all->n);
		call_int(&c, "Limit", (long long)per_page);
		call_str(&c, "ErrorOnEmpty", "no");
		if ((status = call_api(ctx, &c, &reply, &err)) != 0) {
			if (strcmp(err.code, NO_RECORDS) == 0) {
				log_debug("%s: no records", c.subject);
				return 0;
			}
			if (err.code[0] != '\0')
				report(ctx, &c, t, &err);
			return status;
		}
		before = all->n;
		status = records_of(reply, all, &total);
		json_decref(reply);
		if (status != 0) {
			if (status == EX_PROTOCOL) {
				api_failed(&ctx->api, "a reply that is no"
				    " record listing");
				log_err("%s: %s", c.subject, ctx->api.last);
			} else
				log_err("%s: out of memory", c.subject);
			return status;
		}
		/* The first page tells what reading it all would cost. */
		if (page == 0 && max_calls > 0 &&
		    (unsigned long long)total > (unsigned long long)max_calls *
		    per_page) {
			log_debug("%s: %lld records, more than %zu calls",
			    c.subject, total, max_calls);
			return PROVIDER_TOO_MANY;
		}
		if (all->n == before || (long long)all->n >= total)
			return 0;
	}
	log_err("dnspod: %s: more than %d pages of records", what, MAX_PAGES);
	return EX_UNAVAILABLE;
}

static int
dnspod_list(struct pctx *ctx, const struct target *t, size_t max_calls,
    struct recordset *out)
{
	struct recordset all = { NULL, 0 };
	const char *type = addr_rrtype(t->family);
	char what[320];
	size_t i;
	int status;

	if (t->fqdn != NULL)
		snprintf(what, sizeof(what), "%s %s", t->fqdn, type);
	else
		snprintf(what, sizeof(what), "zone %s %s", t->zone, type);
	if ((status = list_pages(ctx, t, max_calls, what, &all)) != 0)
		goto out;
	/* Match exactly here whatever the API's filters did. */
	for (i = 0; i < all.n; i++) {
		struct record *r = &all.v[i];

		if (!str_ieq(r->type, type) ||
		    (t->rr != NULL && !str_ieq(r->rr, t->rr)) ||
		    (t->line != NULL && strcmp(r->line, t->line) != 0))
			continue;
		if (r->addr.family != t->family)
			memset(&r->addr, 0, sizeof(r->addr));
		if (recordset_add(out, r) == -1) {
			log_err("dnspod: %s: out of memory", what);
			status = EX_SOFTWARE;
			goto out;
		}
	}
out:
	recordset_free(&all);
	return status;
}

/*
 * After InvalidParameter.DomainRecordExist on a ModifyRecord: another
 * writer, or an earlier attempt of this one, may have been first. Reads
 * the record (DescribeRecord): 0 when it holds value with ttl, 1 when it
 * does not, else the failure's status (reported).
 */
static int
holds(struct pctx *ctx, const struct target *t, const char *id,
    const char *value, long ttl)
{
	struct call c;
	json_t *reply, *info, *jttl;
	struct addr want, have;
	const char *v;
	int status;

	call_init(&c, "DescribeRecord", id);
	call_str(&c, "Domain", t->zone);
	if ((status = call_id(&c, "RecordId", id)) != 0) {
		call_free(&c);
		return status;
	}
	if ((status = call_api(ctx, &c, &reply, NULL)) != 0)
		return status;
	info = json_object_get(json_object_get(reply, "Response"),
	    "RecordInfo");
	v = jstr(info, "Value");
	jttl = json_object_get(info, "TTL");
	if (v == NULL) {
		api_failed(&ctx->api, "a reply without RecordInfo.Value");
		log_err("%s: %s", c.subject, ctx->api.last);
		status = EX_PROTOCOL;
	} else
		status = addr_parse(&want, value) && addr_parse(&have, v) &&
		    addr_cmp(&want, &have) == 0 && (!json_is_integer(jttl) ||
		    json_integer_value(jttl) == ttl) ? 0 : 1;
	json_decref(reply);
	return status;
}

static int
dnspod_update(struct pctx *ctx, const struct target *t, const struct record *r,
    const char *value, long ttl)
{
	struct call c;
	struct api_error err;
	json_t *reply;
	int status;

	call_init(&c, "ModifyRecord", r->id);
	call_str(&c, "Domain", t->zone);
	call_str(&c, "SubDomain", r->rr);
	call_str(&c, "RecordType", r->type);
	call_str(&c, "RecordLine", r->line != NULL ? r->line : t->line);
	call_str(&c, "Value", value);
	call_int(&c, "TTL", ttl);
	/* Left out, Status would be ENABLE: a disabled spare taking a new
	   value stays disabled until the plan enables it. */
	call_str(&c, "Status", r->enabled ? "ENABLE" : "DISABLE");
	if ((status = call_id(&c, "RecordId", r->id)) != 0) {
		call_free(&c);
		return status;
	}
	status = call_api(ctx, &c, &reply, &err);
	if (status == 0 && response_of(ctx, &c, reply) == NULL)
		status = EX_PROTOCOL;
	json_decref(reply);
	if (status != 0 &&
	    strcmp(err.code, "InvalidParameter.DomainRecordExist") == 0) {
		if ((status = holds(ctx, t, r->id, value, ttl)) == 0)
			log_info("%s: record already holds %s", c.subject,
			    value);
		else if (status == 1) {
			api_failed(&ctx->api, "%s: %s", err.code, err.message);
			log_err("%s: %s: another record of %s already holds %s",
			    c.subject, err.code, t->fqdn, value);
			status = EX_TEMPFAIL;
		}
	} else if (status != 0 && err.code[0] != '\0')
		report(ctx, &c, t, &err);
	return status;
}

/*
 * After InvalidParameter.DomainRecordExist on a CreateRecord: another
 * writer, or a retry of a create that went through, was first. Done only
 * if an enabled record of the name holds value with ttl; its ID goes to
 * *id. A disabled holder, or another TTL, is left for the next run.
 */
static int
added_already(struct pctx *ctx, const char *subject, const struct target *t,
    const char *value, long ttl, char **id)
{
	struct recordset rs = { NULL, 0 };
	int status;

	*id = NULL;
	if ((status = dnspod_list(ctx, t, 0, &rs)) == 0)
		status = api_added_already(&ctx->api, subject,
		    "InvalidParameter.DomainRecordExist", t, &rs, value, ttl,
		    1, id);
	recordset_free(&rs);
	return status;
}

static int
dnspod_add(struct pctx *ctx, const struct target *t, const char *value,
    long ttl, char **id)
{
	struct call c;
	struct api_error err;
	json_t *reply, *resp;
	char rid[24], what[300];
	int status;

	*id = NULL;
	snprintf(what, sizeof(what), "%s %s", t->rr, value);
	call_init(&c, "CreateRecord", what);
	call_str(&c, "Domain", t->zone);
	call_str(&c, "SubDomain", t->rr);
	call_str(&c, "RecordType", addr_rrtype(t->family));
	call_str(&c, "RecordLine", t->line != NULL ? t->line : DEFAULT_LINE);
	call_str(&c, "Value", value);
	call_int(&c, "TTL", ttl);
	status = call_api(ctx, &c, &reply, &err);
	if (status != 0 && err.code[0] != '\0') {
		if (strcmp(err.code, "InvalidParameter.DomainRecordExist") == 0)
			status = added_already(ctx, c.subject, t, value, ttl,
			    id);
		else
			report(ctx, &c, t, &err);
		return status;
	}
	if (status != 0)
		return status;
	if ((resp = response_of(ctx, &c, reply)) == NULL)
		status = EX_PROTOCOL;
	else if (id_of(json_object_get(resp, "RecordId"), rid,
	    sizeof(rid)) == -1) {
		api_failed(&ctx->api, "a reply without a RecordId");
		log_err("%s: %s", c.subject, ctx->api.last);
		status = EX_PROTOCOL;
	} else if ((*id = strdup(rid)) == NULL) {
		log_err("%s: out of memory", c.subject);
		status = EX_SOFTWARE;
	}
	json_decref(reply);
	return status;
}

static int
dnspod_set_enabled(struct pctx *ctx, const struct target *t,
    const struct record *r, int enable)
{
	struct call c;
	struct api_error err;
	json_t *reply;
	int status;

	call_init(&c, "ModifyRecordStatus", r->id);
	call_str(&c, "Domain", t->zone);
	call_str(&c, "Status", enable ? "ENABLE" : "DISABLE");
	if ((status = call_id(&c, "RecordId", r->id)) != 0) {
		call_free(&c);
		return status;
	}
	status = call_api(ctx, &c, &reply, &err);
	if (status == 0 && response_of(ctx, &c, reply) == NULL)
		status = EX_PROTOCOL;
	json_decref(reply);
	if (status != 0 && err.code[0] != '\0')
		report(ctx, &c, t, &err);
	return status;
}

static int
dnspod_remove(struct pctx *ctx, const struct target *t, const struct record *r)
{
	struct call c;
	struct api_error err;
	json_t *reply;
	int status;

	call_init(&c, "DeleteRecord", r->id);
	call_str(&c, "Domain", t->zone);
	if ((status = call_id(&c, "RecordId", r->id)) != 0) {
		call_free(&c);
		return status;
	}
	status = call_api(ctx, &c, &reply, &err);
	if (status == 0 && response_of(ctx, &c, reply) == NULL)
		status = EX_PROTOCOL;
	json_decref(reply);
	if (status != 0 && err.code[0] != '\0') {
		/* A retry of a delete that went through: it is gone. */
		if (strcmp(err.code, "InvalidParameter.RecordIdInvalid") == 0) {
			log_info("%s: record already gone", c.subject);
			status = 0;
		} else
			report(ctx, &c, t, &err);
	}
	return status;
}

/* A one-shot tool cannot sleep off throttling: some runs, with jitter. */
static long
dnspod_hold_off(struct pctx *ctx, int *status)
{
	*status = EX_TEMPFAIL;
	return ctx->api.throttled ? 120 + (long)(getpid() % 60) : 0;
}

static const char *
dnspod_last_error(struct pctx *ctx)
{
	return ctx->api.last;
}

static const struct provider_key account_keys[] = {
	{ "secret_id", PKEY_REQUIRED | PKEY_TOKEN },
	{ "secret_key", PKEY_REQUIRED | PKEY_SECRET | PKEY_TOKEN },
	{ NULL, 0 }
};

const struct provider dnspod_provider = {
	.name = "dnspod",
	.model = MODEL_RECORDS,
	.caps = PCAP_DISABLE | PCAP_LINES | PCAP_ZONE_LIST | PCAP_PIN |
	    PCAP_TTL,
	.default_line = DEFAULT_LINE,
	.default_endpoint = "https://dnspod.tencentcloudapi.com",
	.keys = account_keys,
	.min_ttl = 600,
	.open = dnspod_open,
	.close = dnspod_close,
	.list = dnspod_list,
	.update = dnspod_update,
	.add = dnspod_add,
	.set_enabled = dnspod_set_enabled,
	.remove = dnspod_remove,
	.hold_off = dnspod_hold_off,
	.last_error = dnspod_last_error,
};
