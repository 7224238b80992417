/*
 * api.c - one provider API call, sent as often as it may pass within the
 * run's deadline, and its reply read once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../addr.h"
#include "../config.h"
#include "../exitcode.h"
#include "../http.h"
#include "../log.h"
#include "../provider.h"
#include "../util.h"
#include "api.h"

int
api_code_is(const char *code, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(code, prefix, n) == 0 &&
	    (code[n] == '\0' || code[n] == '.');
}

int
api_parse(const char *body, size_t len, json_t **root)
{
	json_error_t je;

	/* jansson may return before it sets je, and json_error_code()
	   reads a byte that only setting it writes. */
	memset(&je, 0, sizeof(je));
	(void)jalloc_failed();
	if ((*root = json_loadb(body, len, JSON_REJECT_DUPLICATES,
	    &je)) == NULL && json_error_code(&je) == json_error_out_of_memory)
		return -1;
	if (jalloc_failed()) {
		/* jansson may hide it as a syntax error, or a cut string:
		   the reply cannot be trusted. */
		json_decref(*root);
		*root = NULL;
		return -1;
	}
	return 0;
}

/*
 * A throttled reply whose Retry-After reaches past the run's deadline (and
 * its margin): asking again before then only prolongs the block.
 */
static int
waits_too_long(const struct http_response *res)
{
	return res->retry_after > 0 &&
	    res->retry_after * 1000 > deadline_left_ms() - 2000;
}

/* Sleep up to ms, but never past the run's deadline (minus a margin). */
static int
backoff(long ms)
{
	long left = deadline_left_ms();

	if (left < ms + 2000)
		return -1;
	usleep((useconds_t)ms * 1000);
	return 0;
}

void
api_failed(struct api_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->last, sizeof(s->last), fmt, ap);
	va_end(ap);
}

/* "account NAME (FILE:LINE)", naming where the key to fix is. */
static const char *
account_where(const struct api_session *s, char *buf, size_t len)
{
	const struct account *a = s->acct;

	if (a == NULL)
		snprintf(buf, len, "%s", s->label);
	else
		snprintf(buf, len, "account %s (%s:%d)", a->name, a->file,
		    a->file_line);
	return buf;
}

void
api_report(struct api_session *s, const struct api_request *rq,
    const struct api_error *e)
{
	char where[400];

	api_failed(s, "%s: %s", e->code, e->message);
	/* The message may be long (a string to sign): -vv only. */
	switch (e->cause) {
	case API_CAUSE_SECRET:
		log_err("%s: the provider rejected the secret (%s); check %s",
		    account_where(s, where, sizeof(where)), e->code, e->key);
		break;
	case API_CAUSE_KEY_ID:
		log_err("%s: the provider does not know the key ID, or it is"
		    " disabled (%s); check %s", account_where(s, where,
		    sizeof(where)), e->code, e->key);
		break;
	case API_CAUSE_PERMISSION:
		log_err("%s: the key may not call %s (%s); grant it in the"
		    " provider's console", account_where(s, where,
		    sizeof(where)), rq->action != NULL ? rq->action :
		    rq->subject, e->code);
		break;
	default:
		if (e->clock)
			log_err("%s: %s: the local clock is wrong (%s); check"
			    " NTP", rq->subject, e->code, e->message);
		else
			log_err("%s: %s: %s", rq->subject, e->code,
			    e->message);
		return;
	}
	log_debug("%s: %s: %s", rq->subject, e->code, e->message);
}

int
api_call(struct api_session *s, const struct api_request *rq,
    json_t **reply, struct api_error *errp)
{
	struct http_response res;
	struct api_error err;
	json_t *root = NULL;
	size_t cap = rq->reply_max != 0 ? rq->reply_max : API_REPLY_MAX;
	char why[300];
	long wait = 1000, off;
	int attempt, status, tls, perr, skew_retry = 0, no_time = 0;

	*reply = NULL;
	if (errp != NULL)
		memset(errp, 0, sizeof(*errp));	/* no provider's error yet */
	s->throttled = 0;
	s->retry_after = 0;
	s->last[0] = '\0';
	memset(&res, 0, sizeof(res));
	for (attempt = 1; attempt <= API_ATTEMPTS; attempt++) {
		memset(&err, 0, sizeof(err));
		memset(&res, 0, sizeof(res));
		s->calls++;
		if ((status = rq->send(rq->arg, s->clock_offset, &res,
		    &tls)) != 0) {
			if (res.error[0] == '\0')
				return status;	/* the sender said why */
			snprintf(why, sizeof(why), "%s", res.error);
			if (status != EX_TEMPFAIL || tls) {
				log_err("%s: %s", rq->subject, why);
				api_failed(s, "%s", why);
				return status;
			}
			goto retry;
		}
		log_debug("%s: HTTP %ld, %zu bytes", rq->subject, res.status,
		    res.len);
		root = NULL;
		if (rq->classify_text != NULL) {
			perr = res.len > cap ? API_TEXT_UNKNOWN :
			    rq->classify_text(rq->arg, res.status, res.body,
			    res.len, &err);
			if (perr == -1)
				goto oom;
			if (perr == 0) {
				/* The body decides, whatever the status. */
				http_response_free(&res);
				return 0;
			}
			if (perr == API_TEXT_UNKNOWN)
				perr = -1;
		} else {
			/* One parse serves the error check and the reply. */
			if (res.len <= cap &&
			    api_parse(res.body, res.len, &root) == -1)
				goto oom;
			if (!json_is_object(root))
				perr = -1;
			else if ((perr = rq->classify(rq->arg, res.status,
			    root, &err)) == -1)
				goto oom;
		}
		if (perr == 1) {
			json_decref(root);
			root = NULL;
			log_debug("%s: Code %s", rq->subject, err.code);
			if (err.clock && res.date != 0 && !skew_retry) {
				s->clock_offset = (long)(res.date - time(NULL));
				log_info("%s: local clock is off by %ld s from the"
				    " server's; signing with the server's time",
				    rq->subject, s->clock_offset);
				skew_retry = 1;
				http_response_free(&res);
				attempt--;
				continue;
			}
			s->throttled = err.throttled;
			s->retry_after = err.throttled ? res.retry_after : 0;
			if (err.throttled && err.retry && waits_too_long(&res)) {
				size_t n = strlen(err.message);

				snprintf(err.message + n, sizeof(err.message) -
				    n, " (Retry-After %ld s)", res.retry_after);
				no_time = 1;
			}
			if (err.retry && attempt < API_ATTEMPTS && !no_time) {
				snprintf(why, sizeof(why), "%s (HTTP %ld)",
				    err.code, res.status);
				http_response_free(&res);
				goto retry;
			}
			http_response_free(&res);
			status = err.retry ? EX_TEMPFAIL : err.status;
			if (err.retry && attempt > 1 && !no_time) {
				size_t n = strlen(err.message);

				snprintf(err.message + n, sizeof(err.message) -
				    n, " (gave up after %d attempts)", attempt);
			}
			if (errp != NULL)
				*errp = err;
			else
				api_report(s, rq, &err);
			return status;
		}
		if (res.status >= 500 || res.status == 429) {
			json_decref(root);
			root = NULL;
			http_response_free(&res);
			s->throttled = res.status == 429;
			snprintf(why, sizeof(why), "HTTP %ld", res.status);
			s->retry_after = s->throttled ? res.retry_after : 0;
			if (s->retry_after > 0) {
				size_t n = strlen(why);

				snprintf(why + n, sizeof(why) - n,
				    ", Retry-After %ld s", res.retry_after);
				if (waits_too_long(&res))
					goto give_up;
			}
			goto retry;
		}
		if (perr == -1 || res.status < 200 || res.status > 299) {
			if (res.len > cap)
				api_failed(s, "HTTP %ld with a reply of %zu"
				    " bytes, more than any %s reply (%zu)",
				    res.status, res.len, s->label, cap);
			else
				api_failed(s, "HTTP %ld with a reply that is no"
				    " %s %s", res.status, s->label,
				    rq->classify_text != NULL ? "answer" :
				    "JSON object");
			log_err("%s: %s", rq->subject, s->last);
			json_decref(root);
			http_response_free(&res);
			return EX_PROTOCOL;
		}
		http_response_free(&res);
		if (!skew_retry && s->clock_offset == 0 && res.date != 0) {
			off = (long)(res.date - time(NULL));
			if ((off > API_SKEW_LIMIT || off < -API_SKEW_LIMIT) &&
			    !s->clock_warned) {
				log_info("%s: local clock is off by %ld s",
				    rq->subject, off);
				s->clock_warned = 1;
			}
		}
		*reply = root;
		return 0;
retry:
		/* One line per failure: the attempts before it at -v. */
		if (attempt == API_ATTEMPTS)
			break;
		if (backoff(wait) == -1) {
			size_t n = strlen(why);

			snprintf(why + n, sizeof(why) - n, "; no time left"
			    " before the run's deadline");
			break;
		}
		log_info("%s: %s; attempt %d of %d failed, retrying",
		    rq->subject, why, attempt, API_ATTEMPTS);
		wait *= 2;
	}
give_up:
	api_failed(s, "%s (gave up after %d attempt%s)", why, attempt,
	    attempt == 1 ? "" : "s");
	log_err("%s: %s", rq->subject, s->last);
	return EX_TEMPFAIL;
oom:
	log_err("%s: out of memory", rq->subject);
	api_failed(s, "out of memory");
	json_decref(root);
	http_response_free(&res);
	return EX_SOFTWARE;
}

int
api_added_already(struct api_session *s, const char *subject,
    const char *code, const struct target *t, const struct recordset *rs,
    const char *value, long ttl, int disabled, char **id)
{
	const struct record *r = NULL;
	struct addr want;
	size_t i;

	*id = NULL;
	if (!addr_parse(&want, value))
		return EX_SOFTWARE;
	for (i = 0; i < rs->n && r == NULL; i++)
		if (rs->v[i].addr.family == t->family &&
		    addr_cmp(&rs->v[i].addr, &want) == 0)
			r = &rs->v[i];
	if (r == NULL) {
		api_failed(s, "%s, but no record holds %s", code, value);
		log_err("%s: %s, but no %s record of %s holds %s", subject,
		    code, addr_rrtype(t->family), t->fqdn, value);
		return EX_TEMPFAIL;
	}
	if ((disabled && !r->enabled) || r->ttl != ttl) {
		api_failed(s, "%s: record %s holds %s", code, r->id, value);
		log_err("%s: %s: record %s already holds %s, %swith TTL %ld;"
		    " the next run sets it", subject, code, r->id, value,
		    !disabled ? "" : r->enabled ? "enabled " : "disabled ",
		    r->ttl);
		return EX_TEMPFAIL;
	}
	if ((*id = strdup(r->id)) == NULL) {
		log_err("%s: out of memory", subject);
		return EX_SOFTWARE;
	}
	log_info("%s: already present as record %s", subject, r->id);
	return 0;
}
