/*
 * alidns.c - Alibaba Cloud DNS (Alidns, API 2015-01-09): requests signed
 * with RPC V1 (HMAC-SHA1, default) or ACS3-HMAC-SHA256 (signature = v3),
 * sent as HTTPS POST; success and failure are decided on the JSON "Code",
 * never on the HTTP status alone (reference/alidns.md section 4).
 */
#include <sys/socket.h>

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
#include "alidns.h"
#include "api.h"

#define API_VERSION	"2015-01-09"
#define PAGE_SIZE	100	/* DescribeSubDomainRecords: at most 100 */
#define ZONE_PAGE_SIZE	500	/* DescribeDomainRecords: at most 500 */
#define MAX_PAGES	50
#define MAX_PARAMS	24
/*
 * A page of 100 records is some 40 KB, and jansson needs up to 16 times a
 * body's size to hold it: larger replies are refused before parsing, so
 * memory stays bounded on a router whatever the server sends.
 */
#define REPLY_MAX	(512 * 1024)

extern const struct provider alidns_provider;

struct pctx {
	const struct account	*acct;
	const char		*key_id;	/* borrowed from acct */
	const char		*secret;
	const char		*token;		/* STS security token, or NULL */
	int			 signature;	/* 1 (RPC V1) or 3 (ACS3) */
	const char		*endpoint;	/* no trailing '/' */
	char			 host[256];	/* for V3's host header */
	struct api_session	 api;
};

/* One API call's parameters; values are borrowed or point into buf. */
struct call {
	struct pctx		*ctx;
	struct api_request	 rq;
	const char		*action;
	struct kv		 p[MAX_PARAMS];
	size_t			 n;
	char			 subject[400];	/* for messages */
};

static void
call_init(struct call *c, const char *action, const char *what)
{
	memset(c, 0, sizeof(*c));
	c->action = action;
	if (what != NULL)
		snprintf(c->subject, sizeof(c->subject), "alidns %s (%s)",
		    action, what);
	else
		snprintf(c->subject, sizeof(c->subject), "alidns %s", action);
}

static void
call_add(struct call *c, const char *name, const char *value)
{
	if (c->n < MAX_PARAMS) {
		c->p[c->n].name = name;
		c->p[c->n].value = value;
		c->n++;
	}
}

/* ---- reply parsing (also used by tests and fuzzers) ---- */

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
parse_record(json_t *o, struct record *r)
{
	const char *status, *line;
	json_t *ttl, *locked;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(o))
		return -1;
	/* Borrowed pointers into o; recordset_add copies them. */
	r->id = (char *)jstr(o, "RecordId");
	r->rr = (char *)jstr(o, "RR");
	r->type = (char *)jstr(o, "Type");
	r->value = (char *)jstr(o, "Value");
	status = jstr(o, "Status");
	ttl = json_object_get(o, "TTL");
	if (r->id == NULL || *r->id == '\0' || r->rr == NULL ||
	    r->type == NULL || r->value == NULL || status == NULL ||
	    !json_is_integer(ttl))
		return -1;
	r->ttl = (long)json_integer_value(ttl);
	if (strcasecmp(status, "Enable") == 0 ||
	    strcasecmp(status, "Enabled") == 0)
		r->enabled = 1;
	else if (strcasecmp(status, "Disable") == 0 ||
	    strcasecmp(status, "Disabled") == 0)
		r->enabled = 0;
	else
		return -1;
	line = jstr(o, "Line");
	r->line = (char *)(line != NULL ? line : "default");
	locked = json_object_get(o, "Locked");
	if (locked != NULL && !json_is_boolean(locked) && !json_is_null(locked))
		return -1;
	r->locked = json_is_true(locked);
	if (!addr_parse(&r->addr, r->value))
		memset(&r->addr, 0, sizeof(r->addr));
	return 0;
}

/* alidns_parse_records on a parsed reply (borrowed). */
static int
records_of(json_t *root, struct recordset *out, long long *total)
{
	json_t *dr, *arr, *tc, *item;
	struct recordset tmp = { NULL, 0 };
	struct record r;
	size_t i;
	int status = EX_PROTOCOL;

	tc = json_object_get(root, "TotalCount");
	dr = json_object_get(root, "DomainRecords");
	arr = json_object_get(dr, "Record");
	if (!json_is_integer(tc) || json_integer_value(tc) < 0 ||
	    !json_is_array(arr) || json_object_get(root, "Code") != NULL)
		goto out;
	json_array_foreach(arr, i, item) {
		if (parse_record(item, &r) == -1)
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
	*total = json_integer_value(tc);
	status = 0;
out:
	recordset_free(&tmp);
	return status;
}

int
alidns_parse_records(const char *body, size_t len, struct recordset *out,
    long long *total)
{
	json_t *root;
	int status;

	(void)jalloc_failed();
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
	if (jalloc_failed()) {
		json_decref(root);
		return EX_SOFTWARE;
	}
	if (root == NULL)
		return EX_PROTOCOL;
	status = records_of(root, out, total);
	json_decref(root);
	return status;
}

/* alidns_parse_error on a parsed object (borrowed); -1: out of memory. */
static int
error_of(json_t *root, struct alidns_error *err)
{
	const char *code, *msg;
	int rc = 0;

	memset(err, 0, sizeof(*err));
	if ((code = jstr(root, "Code")) != NULL) {
		msg = jstr(root, "Message");
		err->code = strdup(code);
		err->message = strdup(msg != NULL ? msg : "");
		if (err->code == NULL || err->message == NULL) {
			alidns_error_clear(err);
			rc = -1;
		} else
			rc = 1;
	}
	return rc;
}

int
alidns_parse_error(const char *body, size_t len, struct alidns_error *err)
{
	json_t *root;
	int rc;

	memset(err, 0, sizeof(*err));
	(void)jalloc_failed();
	root = json_loadb(body, len, 0, NULL);
	if (jalloc_failed()) {
		json_decref(root);
		return -1;
	}
	if (root == NULL)
		return -1;
	rc = json_is_object(root) ? error_of(root, err) : -1;
	json_decref(root);
	return rc;
}

void
alidns_error_clear(struct alidns_error *err)
{
	if (err == NULL)
		return;
	free(err->code);
	free(err->message);
	err->code = err->message = NULL;
}

int
alidns_code_retryable(const char *code)
{
	return api_code_is(code, "Throttling") ||
	    api_code_is(code, "ServiceUnavailable") ||
	    api_code_is(code, "InternalError") ||
	    api_code_is(code, "UnknownError") ||
	    api_code_is(code, "LastOperationNotFinished") ||
	    api_code_is(code, "RecordForbidden") ||
	    api_code_is(code, "SignatureNonceUsed");
}

int
alidns_code_status(const char *code)
{
	if (alidns_code_retryable(code) ||
	    api_code_is(code, "InvalidTimeStamp") ||
	    api_code_is(code, "IllegalTimestamp"))
		return EX_TEMPFAIL;
	if (api_code_is(code, "InvalidAccessKeyId") ||
	    api_code_is(code, "SignatureDoesNotMatch") ||
	    api_code_is(code, "IncompleteSignature") ||
	    api_code_is(code, "InvalidSecurityToken") ||
	    api_code_is(code, "Forbidden"))
		return EX_NOPERM;
	if (api_code_is(code, "DomainRecordNotBelongToUser") ||
	    api_code_is(code, "InvalidDomainName") ||
	    api_code_is(code, "IncorrectDomainUser") ||
	    api_code_is(code, "InvalidRR") ||
	    api_code_is(code, "DomainRecordConflict") ||
	    api_code_is(code, "DomainRecordDuplicate"))
		return EX_DATAERR;
	return EX_UNAVAILABLE;	/* quota, locked record, and the unknown */
}

/* ---- requests ---- */

static void
timestamp(long clock_offset, char out[21])
{
	time_t t = time(NULL) + clock_offset;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Build the body (V1) or query (V3) and headers, and send once. */
static int
send_once(void *arg, long clock_offset, struct http_response *res, int *tls)
{
	struct call *c = arg;
	struct pctx *ctx = c->ctx;
	struct call full = *c;
	char nonce[33], ts[21], *cqs = NULL, *sig = NULL, *esig = NULL;
	char *body = NULL, *url = NULL, *auth = NULL;
	char hash[65], h_host[300], h_act[96], h_ver[64], h_date[64];
	char h_nonce[80], h_sha[96], *h_tok = NULL, *h_auth = NULL;
	const char *headers[10];
	struct kv hp[7];
	size_t nh = 0, n = 0, len;
	int status = EX_SOFTWARE;

	if (sign_random_hex(nonce, 16) == -1)
		return EX_SOFTWARE;
	timestamp(clock_offset, ts);

	if (ctx->signature != 3) {
		call_add(&full, "Action", c->action);
		call_add(&full, "Version", API_VERSION);
		call_add(&full, "Format", "JSON");
		call_add(&full, "AccessKeyId", ctx->key_id);
		call_add(&full, "SignatureMethod", "HMAC-SHA1");
		call_add(&full, "SignatureVersion", "1.0");
		call_add(&full, "SignatureNonce", nonce);
		call_add(&full, "Timestamp", ts);
		if (ctx->token != NULL)
			call_add(&full, "SecurityToken", ctx->token);
		if ((cqs = alidns_canonical_query(full.p, full.n)) == NULL ||
		    (sig = alidns_v1_signature("POST", full.p, full.n,
		    ctx->secret)) == NULL ||
		    (esig = sign_pct_encode(sig)) == NULL)
			goto out;	/* the signer has said why */
		len = strlen(cqs) + strlen(esig) + 12;
		if ((body = malloc(len)) == NULL)
			goto oom;
		snprintf(body, len, "%s&Signature=%s", cqs, esig);
		if ((url = strdup(ctx->endpoint)) == NULL)
			goto oom;
		headers[n++] =
		    "Content-Type: application/x-www-form-urlencoded";
		headers[n] = NULL;
		log_debug("%s: POST %s/ (V1)", c->subject, ctx->endpoint);
		status = http_request("POST", url, headers, body, strlen(body),
		    ctx->acct->ca_file, res, tls);
		goto out;
	}

	/* V3: API parameters in the query, empty body, signed headers. */
	if (sha256_hex("", 0, hash) == -1)
		goto out;
	hp[nh].name = "host";
	hp[nh++].value = ctx->host;
	hp[nh].name = "x-acs-action";
	hp[nh++].value = c->action;
	hp[nh].name = "x-acs-content-sha256";
	hp[nh++].value = hash;
	hp[nh].name = "x-acs-date";
	hp[nh++].value = ts;
	hp[nh].name = "x-acs-signature-nonce";
	hp[nh++].value = nonce;
	hp[nh].name = "x-acs-version";
	hp[nh++].value = API_VERSION;
	if (ctx->token != NULL) {
		hp[nh].name = "x-acs-security-token";
		hp[nh++].value = ctx->token;
	}
	if ((cqs = alidns_canonical_query(c->p, c->n)) == NULL ||
	    (auth = alidns_v3_authorization("POST", c->p, c->n, hp, nh, hash,
	    ctx->key_id, ctx->secret)) == NULL)
		goto out;	/* the signer has said why */
	len = strlen(ctx->endpoint) + strlen(cqs) + 3;
	if ((url = malloc(len)) == NULL)
		goto oom;
	snprintf(url, len, "%s/%s%s", ctx->endpoint, *cqs ? "?" : "", cqs);
	snprintf(h_host, sizeof(h_host), "Host: %s", ctx->host);
	snprintf(h_act, sizeof(h_act), "x-acs-action: %s", c->action);
	snprintf(h_ver, sizeof(h_ver), "x-acs-version: %s", API_VERSION);
	snprintf(h_date, sizeof(h_date), "x-acs-date: %s", ts);
	snprintf(h_nonce, sizeof(h_nonce), "x-acs-signature-nonce: %s", nonce);
	snprintf(h_sha, sizeof(h_sha), "x-acs-content-sha256: %s", hash);
	len = strlen(auth) + 16;
	if ((h_auth = malloc(len)) == NULL)
		goto oom;
	snprintf(h_auth, len, "Authorization: %s", auth);
	headers[n++] = h_host;
	headers[n++] = h_act;
	headers[n++] = h_ver;
	headers[n++] = h_date;
	headers[n++] = h_nonce;
	headers[n++] = h_sha;
	if (ctx->token != NULL) {
		len = strlen(ctx->token) + 24;
		if ((h_tok = malloc(len)) == NULL)
			goto oom;
		snprintf(h_tok, len, "x-acs-security-token: %s", ctx->token);
		headers[n++] = h_tok;
	}
	headers[n++] = h_auth;
	headers[n] = NULL;
	log_debug("%s: POST %s/ (V3)", c->subject, ctx->endpoint);
	status = http_request("POST", url, headers, "", 0,
	    ctx->acct->ca_file, res, tls);
	goto out;
oom:
	log_err("%s: out of memory", c->subject);
	status = EX_SOFTWARE;
out:
	free(cqs);
	free(sig);
	free(esig);
	if (body != NULL)
		wipe(body, strlen(body));
	free(body);
	free(url);
	free(auth);
	secret_free(h_tok);
	free(h_auth);
	return status;
}

/*
 * A failure's Message, fit to print. SignatureDoesNotMatch carries the
 * server's string to sign, which holds no secret but does hold the STS
 * security token of an account that has one: then it is cut off.
 */
static void
shown_message(const struct pctx *ctx, char *message)
{
	char *p;

	if (ctx->token != NULL &&
	    (p = strstr(message, "string to sign")) != NULL)
		snprintf(p, strlen(p) + 1, "%s", "string to sign withheld");
}

/*
 * A Code the tables above do not know, sent with HTTP 5xx: the server's
 * trouble, temporary like any 5xx (DESIGN.md section 2).
 */
static int
server_trouble(long http, const char *code)
{
	return http >= 500 && alidns_code_status(code) == EX_UNAVAILABLE &&
	    !api_code_is(code, "QuotaExceeded") &&
	    !api_code_is(code, "DomainRecordLocked");
}

/* Alidns's verdict on a reply: a "Code" means failure (section 4). */
static int
classify(void *arg, long http, json_t *root, struct api_error *e)
{
	struct call *c = arg;
	const char *code, *msg;

	if ((code = jstr(root, "Code")) == NULL)
		return 0;
	msg = jstr(root, "Message");
	snprintf(e->code, sizeof(e->code), "%s", code);
	snprintf(e->message, sizeof(e->message), "%s", msg != NULL ? msg : "");
	shown_message(c->ctx, e->message);
	e->clock = strcmp(code, "InvalidTimeStamp.Expired") == 0;
	e->retry = alidns_code_retryable(code) || server_trouble(http, code);
	e->throttled = api_code_is(code, "Throttling");
	e->status = alidns_code_status(code);
	/* What to tell the operator to fix. */
	if (api_code_is(code, "SignatureDoesNotMatch") ||
	    api_code_is(code, "IncompleteSignature")) {
		e->cause = API_CAUSE_SECRET;
		e->key = "access_key_secret";
	} else if (api_code_is(code, "InvalidSecurityToken")) {
		e->cause = API_CAUSE_SECRET;
		e->key = "security_token";
	} else if (api_code_is(code, "InvalidAccessKeyId")) {
		e->cause = API_CAUSE_KEY_ID;
		e->key = "access_key_id";
	} else if (api_code_is(code, "Forbidden"))
		e->cause = API_CAUSE_PERMISSION;
	return 1;
}

/*
 * Send c (api.h). With err, a failure the server names by its Code is
 * left to the caller: err->code is then set and nothing is reported.
 */
static int
call_api(struct pctx *ctx, struct call *c, json_t **reply,
    struct api_error *err)
{
	memset(&c->rq, 0, sizeof(c->rq));
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	c->ctx = ctx;
	c->rq.subject = c->subject;
	c->rq.action = c->action;
	c->rq.reply_max = REPLY_MAX;
	c->rq.arg = c;
	c->rq.send = send_once;
	c->rq.classify = classify;
	return api_call(&ctx->api, &c->rq, reply, err);
}

/* ---- provider interface ---- */

/* signature = v1 (the default) or v3: 1 or 3; 0 when neither. */
static int
signature_of(const char *v)
{
	if (v == NULL || strcmp(v, "v1") == 0)
		return 1;
	return strcmp(v, "v3") == 0 ? 3 : 0;
}

static int
alidns_configure(const struct account *a, char *err, size_t len,
    const char **key)
{
	const char *v = account_value(a, "signature");

	if (signature_of(v) != 0)
		return 0;
	snprintf(err, len, "signature: '%s' is not v1 or v3", v);
	*key = "signature";
	return -1;
}

static struct pctx *
alidns_open(const struct account *a)
{
	struct pctx *ctx;
	const char *h, *end;
	size_t n;

	if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
		log_err("account %s: out of memory", a->name);
		return NULL;
	}
	ctx->acct = a;
	ctx->key_id = account_value(a, "access_key_id");
	ctx->secret = account_value(a, "access_key_secret");
	ctx->token = account_value(a, "security_token");
	ctx->signature = signature_of(account_value(a, "signature"));
	ctx->api.label = "Alidns";
	ctx->api.acct = a;
	ctx->endpoint = a->endpoint != NULL ? a->endpoint :
	    alidns_provider.default_endpoint;
	h = strstr(ctx->endpoint, "://");
	h = h != NULL ? h + 3 : ctx->endpoint;
	if ((end = strchr(h, '/')) == NULL)
		end = h + strlen(h);
	n = (size_t)(end - h);
	if (n >= sizeof(ctx->host))
		n = sizeof(ctx->host) - 1;
	memcpy(ctx->host, h, n);
	ctx->host[n] = '\0';
	return ctx;
}

static void
alidns_close(struct pctx *ctx)
{
	free(ctx);
}

static int
alidns_list(struct pctx *ctx, const struct target *t, size_t max_calls,
    struct recordset *out)
{
	struct recordset all = { NULL, 0 };
	struct call c;
	json_t *reply = NULL;
	const char *type = addr_rrtype(t->family);
	char pageno[16], size[16], what[320];
	long long total = 0;
	size_t before, i, page, per_page;
	int status = 0;

	per_page = t->fqdn != NULL ? PAGE_SIZE : ZONE_PAGE_SIZE;
	snprintf(size, sizeof(size), "%zu", per_page);
	if (t->fqdn != NULL)
		snprintf(what, sizeof(what), "%s %s", t->fqdn, type);
	else
		snprintf(what, sizeof(what), "zone %s %s", t->zone, type);
	for (page = 1; page <= MAX_PAGES; page++) {
		snprintf(pageno, sizeof(pageno), "%zu", page);
		if (t->fqdn != NULL) {
			call_init(&c, "DescribeSubDomainRecords", what);
			call_add(&c, "SubDomain", t->fqdn);
		} else {
			call_init(&c, "DescribeDomainRecords", what);
			call_add(&c, "TypeKeyWord", type);
		}
		call_add(&c, "DomainName", t->zone);
		if (t->fqdn != NULL)
			call_add(&c, "Type", type);
		call_add(&c, "Line", t->line);
		call_add(&c, "PageNumber", pageno);
		call_add(&c, "PageSize", size);
		if ((status = call_api(ctx, &c, &reply, NULL)) != 0)
			goto out;
		before = all.n;
		status = records_of(reply, &all, &total);
		json_decref(reply);
		reply = NULL;
		if (status != 0) {
			if (status == EX_PROTOCOL)
				log_err("%s: reply is not a record listing",
				    c.subject);
			else
				log_err("%s: out of memory", c.subject);
			goto out;
		}
		/* The first page tells what reading it all would cost. */
		if (page == 1 && max_calls > 0 &&
		    (unsigned long long)total > (unsigned long long)max_calls *
		    per_page) {
			log_debug("%s: %lld records, more than %zu calls",
			    c.subject, total, max_calls);
			status = PROVIDER_TOO_MANY;
			goto out;
		}
		if (all.n == before || (long long)all.n >= total)
			break;
	}
	if (page > MAX_PAGES) {
		log_err("alidns: %s: more than %d pages of records", what,
		    MAX_PAGES);
		status = EX_UNAVAILABLE;
		goto out;
	}
	/* The API's filters are fuzzy in places: match exactly here. */
	for (i = 0; i < all.n; i++) {
		struct record *r = &all.v[i];

		if (!str_ieq(r->type, type) ||
		    (t->rr != NULL && !str_ieq(r->rr, t->rr)) ||
		    !str_ieq(r->line, t->line))
			continue;
		if (r->addr.family != t->family)
			memset(&r->addr, 0, sizeof(r->addr));
		if (recordset_add(out, r) == -1) {
			log_err("alidns: %s: out of memory", what);
			status = EX_SOFTWARE;
			goto out;
		}
	}
out:
	json_decref(reply);
	recordset_free(&all);
	return status;
}

/* After DomainRecordDuplicate: does record id already hold value/ttl? */
static int
holds(struct pctx *ctx, const char *id, const char *value, long ttl)
{
	struct call c;
	json_t *reply, *jttl;
	struct addr want, have;
	const char *v;
	int ok;

	call_init(&c, "DescribeDomainRecordInfo", id);
	call_add(&c, "RecordId", id);
	if (call_api(ctx, &c, &reply, NULL) != 0)
		return 0;
	v = jstr(reply, "Value");
	jttl = json_object_get(reply, "TTL");
	ok = v != NULL && addr_parse(&want, value) && addr_parse(&have, v) &&
	    addr_cmp(&want, &have) == 0 &&
	    (!json_is_integer(jttl) || json_integer_value(jttl) == ttl);
	json_decref(reply);
	return ok;
}

static int
alidns_update(struct pctx *ctx, const struct target *t, const struct record *r,
    const char *value, long ttl)
{
	struct call c;
	struct api_error err;
	json_t *reply;
	char sttl[24];
	int status;

	snprintf(sttl, sizeof(sttl), "%ld", ttl);
	call_init(&c, "UpdateDomainRecord", r->id);
	call_add(&c, "RecordId", r->id);
	call_add(&c, "RR", r->rr);
	call_add(&c, "Type", r->type);
	call_add(&c, "Value", value);
	call_add(&c, "TTL", sttl);
	call_add(&c, "Line", r->line);
	status = call_api(ctx, &c, &reply, &err);
	json_decref(reply);
	if (status != 0 && strcmp(err.code, "DomainRecordDuplicate") == 0) {
		/* Another writer may have been first: done if it holds value. */
		if (holds(ctx, r->id, value, ttl)) {
			log_info("%s: record already holds %s", c.subject,
			    value);
			status = 0;
		} else {
			log_err("%s: DomainRecordDuplicate: another record of"
			    " %s already holds %s", c.subject, t->zone, value);
			status = EX_TEMPFAIL;
		}
	} else if (status != 0 && err.code[0] != '\0')
		api_report(&ctx->api, &c.rq, &err);
	return status;
}

/*
 * After DomainRecordDuplicate on an add: another writer, or a retry of an
 * add that went through, was first. Done only if an enabled record of rr
 * holds value with ttl; its id goes to *id. A disabled holder, or another
 * TTL, is left for the next run's plan.
 */
static int
added_already(struct pctx *ctx, const char *subject, const struct target *t,
    const char *value, long ttl, char **id)
{
	struct recordset rs = { NULL, 0 };
	int status;

	*id = NULL;
	if ((status = alidns_list(ctx, t, 0, &rs)) == 0)
		status = api_added_already(&ctx->api, subject,
		    "DomainRecordDuplicate", t, &rs, value, ttl, 1, id);
	recordset_free(&rs);
	return status;
}

static int
alidns_add(struct pctx *ctx, const struct target *t, const char *value,
    long ttl, char **id)
{
	struct call c;
	struct api_error err;
	json_t *reply;
	const char *rid;
	char sttl[24], what[300];
	int status;

	*id = NULL;
	snprintf(sttl, sizeof(sttl), "%ld", ttl);
	snprintf(what, sizeof(what), "%s %s", t->rr, value);
	call_init(&c, "AddDomainRecord", what);
	call_add(&c, "DomainName", t->zone);
	call_add(&c, "RR", t->rr);
	call_add(&c, "Type", addr_rrtype(t->family));
	call_add(&c, "Value", value);
	call_add(&c, "TTL", sttl);
	call_add(&c, "Line", t->line);
	status = call_api(ctx, &c, &reply, &err);
	if (status != 0 && err.code[0] != '\0') {
		if (strcmp(err.code, "DomainRecordDuplicate") == 0)
			status = added_already(ctx, c.subject, t, value, ttl,
			    id);
		else
			api_report(&ctx->api, &c.rq, &err);
		return status;
	}
	if (status != 0)
		return status;
	if ((rid = jstr(reply, "RecordId")) == NULL) {
		log_err("%s: reply without RecordId", c.subject);
		status = EX_PROTOCOL;
	} else if ((*id = strdup(rid)) == NULL) {
		log_err("%s: out of memory", c.subject);
		status = EX_SOFTWARE;
	}
	json_decref(reply);
	return status;
}

static int
alidns_set_enabled(struct pctx *ctx, const struct target *t,
    const struct record *r, int enable)
{
	struct call c;
	json_t *reply;
	int status;

	call_init(&c, "SetDomainRecordStatus", r->id);
	call_add(&c, "RecordId", r->id);
	call_add(&c, "Status", enable ? "Enable" : "Disable");
	status = call_api(ctx, &c, &reply, NULL);
	json_decref(reply);
	return status;
}

static int
alidns_remove(struct pctx *ctx, const struct target *t, const struct record *r)
{
	struct call c;
	struct api_error err;
	json_t *reply;
	int status;

	call_init(&c, "DeleteDomainRecord", r->id);
	call_add(&c, "RecordId", r->id);
	status = call_api(ctx, &c, &reply, &err);
	json_decref(reply);
	if (status != 0 && err.code[0] != '\0') {
		if (strcmp(err.code, "DomainRecordNotBelongToUser") == 0)
			status = 0;	/* already gone */
		else
			api_report(&ctx->api, &c.rq, &err);
	}
	return status;
}

/* A one-shot tool cannot sleep off throttling: some runs, with jitter. */
static long
alidns_hold_off(struct pctx *ctx, int *status)
{
	*status = EX_TEMPFAIL;
	return ctx->api.throttled ? 120 + (long)(getpid() % 60) : 0;
}

static const char *
alidns_last_error(struct pctx *ctx)
{
	return ctx->api.last;
}

static const struct provider_key alidns_keys[] = {
	{ "access_key_id", PKEY_REQUIRED | PKEY_TOKEN },
	{ "access_key_secret", PKEY_REQUIRED | PKEY_SECRET | PKEY_TOKEN },
	{ "security_token", PKEY_SECRET | PKEY_TOKEN },
	{ "signature", 0 },
	{ NULL, 0 }
};

const struct provider alidns_provider = {
	.name = "alidns",
	.model = MODEL_RECORDS,
	.caps = PCAP_DISABLE | PCAP_LINES | PCAP_ZONE_LIST | PCAP_PIN |
	    PCAP_TTL,
	.default_line = "default",
	.default_endpoint = "https://alidns.aliyuncs.com",
	.keys = alidns_keys,
	.min_ttl = 600,
	.configure = alidns_configure,
	.open = alidns_open,
	.close = alidns_close,
	.list = alidns_list,
	.update = alidns_update,
	.add = alidns_add,
	.set_enabled = alidns_set_enabled,
	.remove = alidns_remove,
	.hold_off = alidns_hold_off,
	.last_error = alidns_last_error,
};
