/*
 * api.c - one provider API call, sent as often as it may pass within the
 * run's deadline, and its reply read once.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../exitcode.h"
#include "../http.h"
#include "../log.h"
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

/* A provider's error that will not pass by itself: say it once. */
static void
report_error(const struct api_request *rq, const struct api_error *e)
{
	if (e->clock)
		log_err("%s: %s: the local clock is wrong (%s); check NTP",
		    rq->subject, e->code, e->message);
	else
		log_err("%s: %s: %s", rq->subject, e->code, e->message);
}

int
api_call(struct api_session *s, const struct api_request *rq,
    json_t **reply, struct api_error *errp)
{
	struct http_response res;
	struct api_error err;
	json_t *root = NULL;
	size_t cap = rq->reply_max != 0 ? rq->reply_max : API_REPLY_MAX;
	long wait = 1000, off;
	int attempt, status, tls, perr, skew_retry = 0;

	*reply = NULL;
	s->throttled = 0;
	memset(&res, 0, sizeof(res));
	for (attempt = 1; attempt <= API_ATTEMPTS; attempt++) {
		memset(&err, 0, sizeof(err));
		s->calls++;
		if ((status = rq->send(rq->arg, s->clock_offset, &res,
		    &tls)) != 0) {
			if (status != EX_TEMPFAIL || tls)
				return status;
			goto retry;
		}
		log_debug("%s: HTTP %ld, %zu bytes", rq->subject, res.status,
		    res.len);
		/* One parse serves both the error check and the reply. */
		root = NULL;
		if (res.len <= cap && api_parse(res.body, res.len, &root) == -1)
			goto oom;
		if (!json_is_object(root))
			perr = -1;
		else if ((perr = rq->classify(rq->arg, res.status, root,
		    &err)) == -1)
			goto oom;
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
			if (err.retry && attempt < API_ATTEMPTS) {
				log_info("%s: %s (HTTP %ld), retrying",
				    rq->subject, err.code, res.status);
				http_response_free(&res);
				goto retry;
			}
			http_response_free(&res);
			status = err.retry ? EX_TEMPFAIL : err.status;
			if (errp != NULL)
				*errp = err;
			else
				report_error(rq, &err);
			return status;
		}
		if (res.status >= 500 || res.status == 429) {
			json_decref(root);
			root = NULL;
			http_response_free(&res);
			s->throttled = res.status == 429;
			if (attempt == API_ATTEMPTS) {
				log_err("%s: HTTP %ld", rq->subject, res.status);
				return EX_TEMPFAIL;
			}
			log_info("%s: HTTP %ld, retrying", rq->subject,
			    res.status);
			goto retry;
		}
		if (perr == -1 || res.status < 200 || res.status > 299) {
			if (res.len > cap)
				log_err("%s: HTTP %ld with a reply of %zu bytes,"
				    " more than any %s reply (%zu)", rq->subject,
				    res.status, res.len, s->label, cap);
			else
				log_err("%s: HTTP %ld with a reply that is no %s"
				    " JSON object", rq->subject, res.status,
				    s->label);
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
		if (attempt == API_ATTEMPTS || backoff(wait) == -1)
			break;
		wait *= 2;
	}
	log_err("%s: giving up after %d attempts", rq->subject, attempt);
	return EX_TEMPFAIL;
oom:
	log_err("%s: out of memory", rq->subject);
	json_decref(root);
	http_response_free(&res);
	return EX_SOFTWARE;
}
