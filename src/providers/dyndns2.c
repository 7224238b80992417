/*
 * dyndns2.c - the dyndns2 update protocol (Dyn's, which 3322.org/pubyun
 * and Oray copy, and which No-IP, deSEC and others speak; reference:
 * shared/reference/providers.md section 4): one GET per update, HTTP Basic
 * auth, a User-Agent that names echoddns, and an answer in text ("good
 * 203.0.113.7", "nochg ...", "badauth", "abuse", ...). The body decides,
 * never the HTTP status. The name holds one address: the engine picks it
 * (MODEL_SINGLE) and never asks for an update whose answer would be nochg.
 */
#include <sys/socket.h>

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
#include "dyndns2.h"

/* Documented over http:// only (providers.md 4.2, 4.3). */
#define SERVER_3322	"http://members.3322.net/dyndns/update"
#define SERVER_ORAY	"http://ddns.oray.com/ph/update"
#define REPLY_MAX	4096	/* a line per host asked; we ask one */
#define ABUSE_HOLD	3600	/* an hour of silence after "abuse" */
#define CONTACT_MAX	100

extern const struct provider dyndns2_provider;

struct pctx {
	const struct account	*acct;
	const char		*user;		/* borrowed from acct */
	const char		*password;
	const char		*url;		/* the update URL, no query */
	char			 host[256];	/* its host, for messages */
	int			 plain;		/* http:// to other than
						   loopback */
	int			 warned;	/* ... said once */
	char			 ua[200];	/* "User-Agent: ..." */
	long			 hold;		/* seconds the server wants to
						   be left alone, after the
						   last update */
	int			 hold_status;
	struct api_session	 api;
};

/* One update: what it asks and what the server answered. */
struct call {
	struct pctx		*ctx;
	const char		*fqdn;
	const char		*value;
	struct api_request	 rq;
	struct dyndns2_answer	 answer;
	char			 subject[400];
};

/* ---- answers (also used by tests and fuzzers) ---- */

static const struct {
	const char		*word;
	enum dyndns2_code	 code;
} codes[] = {
	{ "good", DYNDNS2_GOOD }, { "nochg", DYNDNS2_NOCHG },
	{ "badauth", DYNDNS2_BADAUTH }, { "abuse", DYNDNS2_ABUSE },
	{ "!yours", DYNDNS2_NOTYOURS }, { "nohost", DYNDNS2_NOHOST },
	{ "notfqdn", DYNDNS2_NOTFQDN }, { "numhost", DYNDNS2_NUMHOST },
	{ "!donator", DYNDNS2_DONATOR }, { "!active", DYNDNS2_NOTACTIVE },
	{ "badagent", DYNDNS2_BADAGENT }, { "dnserr", DYNDNS2_DNSERR },
	{ "911", DYNDNS2_911 }, { "interror", DYNDNS2_INTERROR },
};

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

int
dyndns2_parse_answer(const char *body, size_t len, struct dyndns2_answer *a)
{
	const char *p = body, *end = body + len, *w;
	char ip[ADDR_STRLEN + 1];
	size_t i, n;

	memset(a, 0, sizeof(*a));
	a->code = DYNDNS2_UNKNOWN;
	/* The first line that is not blank: one line per host asked. */
	while (p < end && (is_blank(*p) || *p == '\n'))
		p++;
	for (w = p; p < end && !is_blank(*p) && *p != '\n'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return -1;
	if ((n = (size_t)(p - w)) == 0 || n >= sizeof(a->word))
		return -1;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strlen(codes[i].word) == n &&
		    strncasecmp(codes[i].word, w, n) == 0)
			break;
	if (i == sizeof(codes) / sizeof(codes[0]))
		return -1;
	a->code = codes[i].code;
	memcpy(a->word, codes[i].word, n + 1);
	if (a->code != DYNDNS2_GOOD && a->code != DYNDNS2_NOCHG)
		return 0;
	/* "good 203.0.113.7": the address is optional (deSEC sends none). */
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (w = p; p < end && !is_blank(*p) && *p != '\n'; p++)
		continue;
	if ((n = (size_t)(p - w)) > 0 && n < sizeof(ip)) {
		memcpy(ip, w, n);
		ip[n] = '\0';
		if (!addr_parse(&a->addr, ip))
			memset(&a->addr, 0, sizeof(a->addr));
	}
	return 0;
}

int
dyndns2_code_status(enum dyndns2_code code)
{
	switch (code) {
	case DYNDNS2_GOOD:
	case DYNDNS2_NOCHG:
		return 0;
	case DYNDNS2_BADAUTH:
	case DYNDNS2_ABUSE:
	case DYNDNS2_NOTYOURS:
		return EX_NOPERM;
	case DYNDNS2_NOHOST:
	case DYNDNS2_NOTFQDN:
	case DYNDNS2_NUMHOST:
	case DYNDNS2_DONATOR:
	case DYNDNS2_NOTACTIVE:
	case DYNDNS2_BADAGENT:
		return EX_CONFIG;
	case DYNDNS2_DNSERR:
	case DYNDNS2_911:
	case DYNDNS2_INTERROR:
		return EX_TEMPFAIL;	/* later, not within this run */
	case DYNDNS2_UNKNOWN:
		break;
	}
	return EX_PROTOCOL;
}

/* ---- requests ---- */

const char *
dyndns2_server_url(const char *server, const char **why)
{
	int plain;

	*why = NULL;
	if (strcmp(server, "3322") == 0)
		return SERVER_3322;
	if (strcmp(server, "oray") == 0)
		return SERVER_ORAY;
	if ((*why = config_url_problem(server, &plain)) != NULL)
		return NULL;
	return server;
}

char *
dyndns2_update_url(const char *url, const char *host, const char *value)
{
	char *h = NULL, *v = NULL, *u = NULL;
	size_t len;

	/* Names and addresses need no encoding, but nothing else gets in. */
	if ((h = sign_pct_encode(host)) == NULL ||
	    (v = sign_pct_encode(value)) == NULL)
		goto out;
	len = strlen(url) + strlen(h) + strlen(v) + sizeof("?hostname=&myip=");
	if ((u = malloc(len)) == NULL) {
		log_err("dyndns2: out of memory");
		goto out;
	}
	snprintf(u, len, "%s?hostname=%s&myip=%s", url, h, v);
out:
	free(h);
	free(v);
	return u;
}

char *
dyndns2_basic_auth(const char *user, const char *password)
{
	char *up, *b64 = NULL, *line = NULL;
	size_t len = strlen(user) + strlen(password) + 2;

	if ((up = malloc(len)) == NULL)
		goto oom;
	snprintf(up, len, "%s:%s", user, password);
	b64 = sign_base64(up, len - 1);
	secret_free(up);
	if (b64 == NULL)
		return NULL;	/* reported */
	len = strlen(b64) + sizeof("Authorization: Basic ");
	if ((line = malloc(len)) == NULL)
		goto oom;
	snprintf(line, len, "Authorization: Basic %s", b64);
	secret_free(b64);
	return line;
oom:
	secret_free(b64);
	log_err("dyndns2: out of memory");
	return NULL;
}

static int
send_once(void *arg, long clock_offset, struct http_response *res, int *tls)
{
	struct call *c = arg;
	struct pctx *ctx = c->ctx;
	const char *headers[3];
	char *url, *auth;
	int status;

	(void)clock_offset;	/* nothing is signed with the time */
	if ((url = dyndns2_update_url(ctx->url, c->fqdn, c->value)) == NULL)
		return EX_SOFTWARE;
	if ((auth = dyndns2_basic_auth(ctx->user, ctx->password)) == NULL) {
		free(url);
		return EX_SOFTWARE;
	}
	/* A header of ours takes the place of libcurl's User-Agent. */
	headers[0] = auth;
	headers[1] = ctx->ua;
	headers[2] = NULL;
	log_debug("%s: GET %s", c->subject, url);
	status = http_request("GET", url, headers, NULL, 0, ctx->acct->ca_file,
	    res, tls);
	free(url);
	secret_free(auth);
	return status;
}

/* What an error answer means, and what to fix, into buf. */
static void
explain(const struct call *c, enum dyndns2_code code, char *buf, size_t len)
{
	const struct account *a = c->ctx->acct;
	const char *host = c->ctx->host;

	switch (code) {
	case DYNDNS2_BADAUTH:
		snprintf(buf, len, "%s rejected the user name or password",
		    host);
		break;
	case DYNDNS2_ABUSE:
		snprintf(buf, len, "%s blocks updates of %s for abuse (updates"
		    " too close together, or repeated ones that changed"
		    " nothing; Oray also says so for a wrong password); no"
		    " request to it for an hour", host, c->fqdn);
		break;
	case DYNDNS2_NOTYOURS:
		snprintf(buf, len, "%s belongs to another account at %s; check"
		    " name in the group, and username in account %s (%s:%d)",
		    c->fqdn, host, a->name, a->file, a->file_line);
		break;
	case DYNDNS2_NOHOST:
		snprintf(buf, len, "%s is no host name of this account at %s;"
		    " check name in the group, and username in account %s"
		    " (%s:%d)", c->fqdn, host, a->name, a->file, a->file_line);
		break;
	case DYNDNS2_NOTFQDN:
		snprintf(buf, len, "%s is not a full host name %s knows (Oray:"
		    " the domain is not activated); check name in the group",
		    c->fqdn, host);
		break;
	case DYNDNS2_NUMHOST:
		snprintf(buf, len, "%s refused the number of host names in the"
		    " update; check that name in the group is one host name",
		    host);
		break;
	case DYNDNS2_DONATOR:
		snprintf(buf, len, "%s takes this update only from a paying"
		    " account; check the account's plan at the service, or"
		    " server in account %s (%s:%d)", host, a->name, a->file,
		    a->file_line);
		break;
	case DYNDNS2_NOTACTIVE:
		snprintf(buf, len, "%s is not active at %s; activate it in the"
		    " service's console", c->fqdn, host);
		break;
	case DYNDNS2_BADAGENT:
		snprintf(buf, len, "%s refuses this client (%s); check server"
		    " in account %s (%s:%d): is it a dyndns2 server?", host,
		    c->ctx->ua + sizeof("User-Agent: ") - 1, a->name, a->file,
		    a->file_line);
		break;
	case DYNDNS2_DNSERR:
		snprintf(buf, len, "the DNS of %s failed; the next run tries"
		    " again", host);
		break;
	default:
		snprintf(buf, len, "%s is down or in maintenance; the next run"
		    " tries again", host);
		break;
	}
}

/* The server's verdict, from the body whatever the HTTP status. */
static int
classify(void *arg, long http, const char *body, size_t len,
    struct api_error *e)
{
	struct call *c = arg;
	struct dyndns2_answer *a = &c->answer;

	(void)http;
	if (dyndns2_parse_answer(body, len, a) == -1)
		return API_TEXT_UNKNOWN;
	log_debug("%s: answer %s", c->subject, a->word);
	if (a->code == DYNDNS2_GOOD || a->code == DYNDNS2_NOCHG)
		return 0;
	snprintf(e->code, sizeof(e->code), "%s", a->word);
	explain(c, a->code, e->message, sizeof(e->message));
	/* 911 and dnserr pass later, not within this run. */
	e->status = dyndns2_code_status(a->code);
	if (a->code == DYNDNS2_BADAUTH) {
		e->cause = API_CAUSE_SECRET;
		e->key = "username and password";
	}
	return 1;
}

/* ---- provider interface ---- */

/* A contact for the User-Agent: printable, no parentheses. */
static int
valid_contact(const char *s)
{
	size_t n = strlen(s);

	if (n > CONTACT_MAX)
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7f ||
		    *s == '(' || *s == ')' || *s == '\\')
			return 0;
	return 1;
}

static int
dyndns2_configure(const struct account *a, char *err, size_t len,
    const char **key)
{
	const char *user = account_value(a, "username");
	const char *server = account_value(a, "server");
	const char *contact = account_value(a, "contact");
	const char *url, *why;
	char host[256];
	int plain;

	if (user != NULL && strchr(user, ':') != NULL) {
		*key = "username";
		snprintf(err, len, "username: must not hold ':' (HTTP Basic"
		    " auth cannot carry it)");
		return -1;
	}
	if (contact != NULL && !valid_contact(contact)) {
		*key = "contact";
		snprintf(err, len, "contact: printable characters without"
		    " '(', ')' or '\\', at most %d", CONTACT_MAX);
		return -1;
	}
	if (server == NULL)
		return 0;	/* missing: said already */
	/* Not echoed: a URL could carry a user name and password. */
	if ((url = dyndns2_server_url(server, &why)) == NULL) {
		*key = "server";
		snprintf(err, len, "server: not 3322, oray or the update URL of"
		    " a dyndns2 server (%s)", why);
		return -1;
	}
	if (a->endpoint != NULL)
		return 0;	/* it overrides server; config.c checked it */
	(void)config_url_problem(url, &plain);
	if (!plain)
		return 0;
	*key = "server";
	snprintf(err, len, "server: %s is %s plain http://: the user name"
	    " and password cross the network readable by anyone on the path%s",
	    url_host(url, host, sizeof(host)), url != server ?
	    "documented over" : "reached over", url != server ? "" :
	    "; use https:// where the server offers it");
	return 1;
}

static struct pctx *
dyndns2_open(const struct account *a)
{
	struct pctx *ctx;
	const char *contact, *why = NULL;

	if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
		log_err("account %s: out of memory", a->name);
		return NULL;
	}
	ctx->acct = a;
	ctx->user = account_value(a, "username");
	ctx->password = account_value(a, "password");
	ctx->url = a->endpoint;
	if (ctx->url == NULL && (ctx->url = dyndns2_server_url(
	    account_value(a, "server"), &why)) == NULL) {
		log_err("account %s: server: %s", a->name, why);
		free(ctx);
		return NULL;
	}
	url_host(ctx->url, ctx->host, sizeof(ctx->host));
	(void)config_url_problem(ctx->url, &ctx->plain);
	/* dyndns2 services block clients that do not say who they are. */
	contact = account_value(a, "contact");
	snprintf(ctx->ua, sizeof(ctx->ua), "User-Agent: echoddns/%s"
	    " (multi-WAN fail-over%s%s)", VERSION, contact != NULL ? "; " : "",
	    contact != NULL ? contact : "");
	ctx->api.label = "dyndns2";
	ctx->api.acct = a;
	return ctx;
}

static void
dyndns2_close(struct pctx *ctx)
{
	free(ctx);
}

static int
dyndns2_publish(struct pctx *ctx, const struct target *t, const char *value)
{
	struct call c;
	struct api_error err;
	struct addr want;
	json_t *reply = NULL;
	char got[ADDR_STRLEN];
	int status;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.fqdn = t->fqdn;
	c.value = value;
	snprintf(c.subject, sizeof(c.subject), "dyndns2 update of %s at %s",
	    t->fqdn, ctx->host);
	ctx->hold = 0;
	if (ctx->plain && !ctx->warned) {
		log_warn("%s: sent over plain http://, as %s offers no HTTPS:"
		    " the user name and password cross the network readable by"
		    " anyone on the path", c.subject, ctx->host);
		ctx->warned = 1;
	}
	c.rq.subject = c.subject;
	c.rq.action = "update";
	c.rq.reply_max = REPLY_MAX;
	c.rq.arg = &c;
	c.rq.send = send_once;
	c.rq.classify_text = classify;
	status = api_call(&ctx->api, &c.rq, &reply, &err);
	json_decref(reply);
	if (status != 0) {
		if (err.code[0] == '\0')
			return status;	/* reported */
		if (c.answer.code == DYNDNS2_ABUSE) {
			ctx->hold = ABUSE_HOLD;
			ctx->hold_status = EX_NOPERM;
		}
		api_report(&ctx->api, &c.rq, &err);
		return status;
	}
	/* 3322 ignores a myip it cannot read and takes the caller's. */
	if (c.answer.addr.family != 0 && addr_parse(&want, value) &&
	    addr_cmp(&want, &c.answer.addr) != 0) {
		api_failed(&ctx->api, "%s: the server set %s to %s, not %s",
		    c.answer.word, t->fqdn, addr_str(&c.answer.addr, got),
		    value);
		log_err("%s: %s", c.subject, ctx->api.last);
		return EX_PROTOCOL;
	}
	if (c.answer.code == DYNDNS2_NOCHG)
		log_info("%s: nochg: it held %s already", c.subject, value);
	return 0;
}

/*
 * After "abuse": an hour (and exit 77 meanwhile). Throttled (HTTP 429):
 * some runs, with jitter, as a one-shot tool cannot sleep it off.
 */
static long
dyndns2_hold_off(struct pctx *ctx, int *status)
{
	if (ctx->hold > 0) {
		*status = ctx->hold_status;
		return ctx->hold;
	}
	*status = EX_TEMPFAIL;
	return ctx->api.throttled ? 120 + (long)(getpid() % 60) : 0;
}

static const char *
dyndns2_last_error(struct pctx *ctx)
{
	return ctx->api.last;
}

static const struct provider_key dyndns2_keys[] = {
	{ "username", PKEY_REQUIRED | PKEY_TOKEN },
	{ "password", PKEY_REQUIRED | PKEY_SECRET | PKEY_TOKEN },
	{ "server", PKEY_REQUIRED },
	{ "contact", 0 },
	{ NULL, 0 }
};

const struct provider dyndns2_provider = {
	.name = "dyndns2",
	.model = MODEL_SINGLE,
	.caps = PCAP_PLAIN_HTTP,
	.keys = dyndns2_keys,
	.min_interval = 60,
	.configure = dyndns2_configure,
	.open = dyndns2_open,
	.close = dyndns2_close,
	.publish = dyndns2_publish,
	.hold_off = dyndns2_hold_off,
	.last_error = dyndns2_last_error,
};
