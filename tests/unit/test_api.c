/*
 * test_api.c - the shared API call (src/providers/api.c) with canned
 * replies instead of the network: JSON replies read as before, and text
 * answers (dyndns2) handed to classify_text whatever their HTTP status,
 * with unknown bodies refused or retried like a reply that is no JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "exitcode.h"
#include "log.h"
#include "providers/api.h"
#include "util.h"

/* The replies of one test, in order; the last one repeats. */
struct canned {
	long		 status[4];
	const char	*body[4];
	size_t		 n;
	size_t		 sent;		/* attempts made */
	size_t		 classified;	/* classify_text calls */
	long		 seen_http;	/* status the classifier saw */
	char		 seen[64];	/* body the classifier saw */
};

static int
canned_send(void *arg, long clock_offset, struct http_response *res,
    int *tls)
{
	struct canned *c = arg;
	size_t i = c->sent < c->n ? c->sent : c->n - 1;

	(void)clock_offset;
	*tls = 0;
	memset(res, 0, sizeof(*res));
	c->sent++;
	res->status = c->status[i];
	if ((res->body = strdup(c->body[i])) == NULL)
		return EX_SOFTWARE;
	res->len = strlen(c->body[i]);
	return 0;
}

/* "good..." is a success, "bad..." the provider's error, else unknown. */
static int
text_classify(void *arg, long http, const char *body, size_t len,
    struct api_error *err)
{
	struct canned *c = arg;

	c->classified++;
	c->seen_http = http;
	snprintf(c->seen, sizeof(c->seen), "%.*s", (int)len, body);
	if (strncmp(body, "good", 4) == 0)
		return 0;
	if (strncmp(body, "bad", 3) == 0) {
		snprintf(err->code, sizeof(err->code), "%s", body);
		snprintf(err->message, sizeof(err->message), "refused");
		err->status = EX_NOPERM;
		return 1;
	}
	return API_TEXT_UNKNOWN;
}

static int
json_classify(void *arg, long http, json_t *root, struct api_error *err)
{
	(void)arg;
	(void)http;
	(void)err;
	return json_object_get(root, "Code") != NULL;
}

static int
call(struct canned *c, int text, json_t **reply, struct api_error *err,
    struct api_session *s)
{
	struct api_request rq;

	memset(s, 0, sizeof(*s));
	s->label = "test";
	memset(&rq, 0, sizeof(rq));
	rq.subject = "test call";
	rq.reply_max = 64;
	rq.arg = c;
	rq.send = canned_send;
	if (text)
		rq.classify_text = text_classify;
	else
		rq.classify = json_classify;
	return api_call(s, &rq, reply, err);
}

/* A text success: no reply object, whatever the HTTP status says. */
static void
test_text_success(void **unused)
{
	struct canned c = { { 200 }, { "good 192.0.2.1\n" }, 1, 0, 0, 0, "" };
	struct canned c401 = { { 401 }, { "good 192.0.2.1" }, 1, 0, 0, 0, "" };
	struct api_session s;
	json_t *reply = (json_t *)&c;

	assert_int_equal(call(&c, 1, &reply, NULL, &s), 0);
	assert_null(reply);
	assert_int_equal(c.sent, 1);
	assert_int_equal(c.classified, 1);
	assert_string_equal(c.seen, "good 192.0.2.1\n");
	assert_int_equal(s.calls, 1);
	/* The body decides, not the status. */
	assert_int_equal(call(&c401, 1, &reply, NULL, &s), 0);
	assert_int_equal(c401.seen_http, 401);
}

/* The provider's error: its status, left to the caller with err. */
static void
test_text_error(void **unused)
{
	struct canned c = { { 200 }, { "badauth" }, 1, 0, 0, 0, "" };
	struct api_error err;
	struct api_session s;
	json_t *reply;

	assert_int_equal(call(&c, 1, &reply, &err, &s), EX_NOPERM);
	assert_null(reply);
	assert_string_equal(err.code, "badauth");
	assert_int_equal(c.sent, 1);
	/* Without err it is reported, and kept for the report. */
	c.sent = 0;
	assert_int_equal(call(&c, 1, &reply, NULL, &s), EX_NOPERM);
	assert_non_null(strstr(s.last, "badauth"));
}

/* An unknown answer is 76; with a 5xx it is retried, then done. */
static void
test_text_unknown(void **unused)
{
	struct canned c = { { 200 }, { "<html>hello</html>" }, 1, 0, 0, 0,
	    "" };
	struct canned c5 = { { 503, 200 }, { "<html>busy</html>", "good" }, 2,
	    0, 0, 0, "" };
	struct canned big = { { 200 }, { "good but far longer than the sixty"
	    "-four bytes that this call allows, by far" }, 1, 0, 0, 0, "" };
	struct api_session s;
	json_t *reply;

	assert_int_equal(call(&c, 1, &reply, NULL, &s), EX_PROTOCOL);
	assert_non_null(strstr(s.last, "no test answer"));
	assert_null(strstr(s.last, "JSON"));
	assert_int_equal(call(&c5, 1, &reply, NULL, &s), 0);
	assert_int_equal(c5.sent, 2);
	/* A reply over the cap is not even read. */
	assert_int_equal(call(&big, 1, &reply, NULL, &s), EX_PROTOCOL);
	assert_int_equal(big.classified, 0);
	assert_non_null(strstr(s.last, "more than any test reply"));
}

/* JSON replies read as before. */
static void
test_json_unchanged(void **unused)
{
	struct canned ok = { { 200 }, { "{\"RecordId\":\"1\"}" }, 1, 0, 0, 0,
	    "" };
	struct canned text = { { 200 }, { "good 192.0.2.1" }, 1, 0, 0, 0, "" };
	struct api_session s;
	json_t *reply = NULL;

	assert_int_equal(call(&ok, 0, &reply, NULL, &s), 0);
	assert_non_null(reply);
	assert_string_equal(json_string_value(json_object_get(reply,
	    "RecordId")), "1");
	json_decref(reply);
	assert_int_equal(call(&text, 0, &reply, NULL, &s), EX_PROTOCOL);
	assert_null(reply);
	assert_non_null(strstr(s.last, "no test JSON object"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_success),
		cmocka_unit_test(test_text_error),
		cmocka_unit_test(test_text_unknown),
		cmocka_unit_test(test_json_unchanged),
	};

	log_init(VERB_QUIET, 0);
	jalloc_init();
	return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
