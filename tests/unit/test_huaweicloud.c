/*
 * test_huaweicloud.c - Huawei Cloud DNS: the signed request as sent (the
 * reference's DNS PUT vector, X-Project-Id, the query and path encoded),
 * the reading of replies into exit statuses (reference/providers.md 2.4),
 * and the record set and zone listings (2.3).
 */
#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exitcode.h"
#include "log.h"
#include "providers/huaweicloud.h"
#include "util.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define AK		"QTWAOYTTINDUT2QVKYUC"
#define SK		"MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"
#define ZID		"ff8080825b8fc86c015b94bc6f8712c3"
#define SID		"ff8080825b8fc86c015b94bc6f8712c4"
#define T20240101	1704067200	/* 20240101T000000Z */

/* The reference's DNS PUT, built and signed as echoddns sends it. */
static void
test_wire_put_vector(void **unused)
{
	struct huaweicloud_call c;
	struct huaweicloud_wire w;

	memset(&c, 0, sizeof(c));
	c.method = "PUT";
	c.origin = "https://dns.myhuaweicloud.com";
	c.host = "dns.myhuaweicloud.com";
	c.path = "/v2/zones/" ZID "/recordsets/" SID;
	c.body = "{\"records\":[\"192.0.2.1\",\"192.0.2.2\"],\"ttl\":300}";
	c.ak = AK;
	c.sk = SK;
	c.when = T20240101;
	assert_int_equal(huaweicloud_wire(&c, &w), 0);
	assert_string_equal(w.url, "https://dns.myhuaweicloud.com/v2/zones/"
	    ZID "/recordsets/" SID);
	assert_string_equal(w.headers[0], "Content-Type: application/json");
	assert_string_equal(w.headers[1], "Host: dns.myhuaweicloud.com");
	assert_string_equal(w.headers[2], "X-Sdk-Date: 20240101T000000Z");
	assert_string_equal(w.headers[3], "Authorization: SDK-HMAC-SHA256 "
	    "Access=" AK ", SignedHeaders=content-type;host;x-sdk-date, "
	    "Signature=2a5d4d898181360c78b11770cb9f16b5"
	    "4932a06b199a001063a72728fbae5512");
	assert_null(w.headers[4]);
	huaweicloud_wire_free(&w);
	assert_null(w.url);
	huaweicloud_wire_free(&w);	/* twice is harmless */
	huaweicloud_wire_free(NULL);
}

/* X-Project-Id is sent and signed; the query is sent as it is signed. */
static void
test_wire_project_and_query(void **unused)
{
	static const struct kv q[] = {
		{ "type", "A" },
		{ "name", "a.dns.example.com." },
		{ "search_mode", "equal" },
		{ "limit", "200" },
		{ "offset", "0" },
	};
	struct huaweicloud_call c;
	struct huaweicloud_wire w;

	memset(&c, 0, sizeof(c));
	c.method = "GET";
	c.origin = "https://localhost:8443";
	c.host = "localhost:8443";
	c.path = "/dns/v2/zones/" ZID "/recordsets";
	c.query = q;
	c.nquery = NELEM(q);
	c.ak = AK;
	c.sk = SK;
	c.project_id = "0bb11dbcd3a3429f8b6b9d3b6d0b3d37";
	c.when = T20240101;
	assert_int_equal(huaweicloud_wire(&c, &w), 0);
	assert_string_equal(w.url, "https://localhost:8443/dns/v2/zones/" ZID
	    "/recordsets?limit=200&name=a.dns.example.com.&offset=0"
	    "&search_mode=equal&type=A");
	assert_string_equal(w.headers[1], "Host: localhost:8443");
	assert_string_equal(w.headers[3],
	    "X-Project-Id: 0bb11dbcd3a3429f8b6b9d3b6d0b3d37");
	assert_non_null(strstr(w.headers[4], "SignedHeaders=content-type;"
	    "host;x-project-id;x-sdk-date, Signature="));
	assert_null(w.headers[5]);
	huaweicloud_wire_free(&w);
}

/* Segments and values that need percent-encoding are sent encoded. */
static void
test_wire_encoding(void **unused)
{
	static const struct kv q[] = { { "name", "a b/\xc3\xa9." } };
	struct huaweicloud_call c;
	struct huaweicloud_wire w;

	memset(&c, 0, sizeof(c));
	c.method = "GET";
	c.origin = "https://h";
	c.host = "h";
	c.path = "/v2/zones/z 1/recordsets/";
	c.query = q;
	c.nquery = NELEM(q);
	c.ak = AK;
	c.sk = SK;
	c.when = T20240101;
	assert_int_equal(huaweicloud_wire(&c, &w), 0);
	assert_string_equal(w.url,
	    "https://h/v2/zones/z%201/recordsets/?name=a%20b%2F%C3%A9.");
	huaweicloud_wire_free(&w);
}

static int
classify(long http, const char *body, struct api_error *e)
{
	return huaweicloud_classify(http, body, strlen(body), e);
}

/* Every failure class, from the body and the HTTP status. */
static void
test_classify(void **unused)
{
	static const struct {
		long		 http;
		const char	*body;
		const char	*code;
		int		 status, retry, throttled, clock;
		enum api_cause	 cause;
	} cases[] = {
		{ 401, "{\"error_msg\":\"Incorrect IAM authentication "
		    "information: verify aksk signature fail\",\"error_code\":"
		    "\"APIGW.0301\",\"request_id\":\"r\"}", "APIGW.0301",
		    EX_NOPERM, 0, 0, 0, API_CAUSE_SECRET },
		{ 401, "{\"error_msg\":\"Incorrect IAM authentication "
		    "information: calc aksk signature fail:signature expired, "
		    "signature time:20211217T064303Z,server time:"
		    "20211217T065804Z\",\"error_code\":\"APIGW.0301\"}",
		    "APIGW.0301", EX_TEMPFAIL, 0, 0, 1, API_CAUSE_OTHER },
		{ 401, "{\"error_msg\":\"x-sdk-date is too far\","
		    "\"error_code\":\"APIGW.0303\"}", "APIGW.0303",
		    EX_TEMPFAIL, 0, 0, 1, API_CAUSE_OTHER },
		{ 403, "{\"error_msg\":\"no permission\",\"error_code\":"
		    "\"APIGW.0303\"}", "APIGW.0303", EX_NOPERM, 0, 0, 0,
		    API_CAUSE_PERMISSION },
		{ 403, "{\"error_msg\":\"forbidden\",\"error_code\":"
		    "\"APIGW.0302\"}", "APIGW.0302", EX_NOPERM, 0, 0, 0,
		    API_CAUSE_PERMISSION },
		{ 429, "{\"error_msg\":\"The throttling threshold has been "
		    "reached\",\"error_code\":\"APIGW.0308\"}", "APIGW.0308",
		    EX_TEMPFAIL, 1, 1, 0, API_CAUSE_OTHER },
		{ 403, "{\"code\":\"DNS.0014\",\"message\":\"Request forbidden "
		    "by flow control.\"}", "DNS.0014", EX_TEMPFAIL, 1, 1, 0,
		    API_CAUSE_OTHER },
		{ 403, "{\"code\":\"DNS.0013\",\"message\":\"You do not have "
		    "the permission\"}", "DNS.0013", EX_NOPERM, 0, 0, 0,
		    API_CAUSE_PERMISSION },
		{ 401, "{\"code\":\"DNS.0005\",\"message\":\"Authentication "
		    "required.\"}", "DNS.0005", EX_NOPERM, 0, 0, 0,
		    API_CAUSE_SECRET },
		{ 403, "{\"code\":\"DNS.0403\",\"message\":\"Insufficient "
		    "record set quota.\"}", "DNS.0403", EX_UNAVAILABLE, 0, 0,
		    0, API_CAUSE_OTHER },
		{ 404, "{\"code\":\"DNS.0302\",\"message\":\"This zone does "
		    "not exist.\"}", "DNS.0302", EX_DATAERR, 0, 0, 0,
		    API_CAUSE_OTHER },
		{ 400, "{\"code\":\"DNS.0312\",\"message\":\"exists\"}",
		    "DNS.0312", EX_DATAERR, 0, 0, 0, API_CAUSE_OTHER },
		{ 404, "{\"code\":\"DNS.0313\",\"message\":\"gone\"}",
		    "DNS.0313", EX_DATAERR, 0, 0, 0, API_CAUSE_OTHER },
		{ 400, "{\"code\":\"DNS.0308\",\"message\":\"Invalid record "
		    "set value.\"}", "DNS.0308", EX_DATAERR, 0, 0, 0,
		    API_CAUSE_OTHER },
		{ 400, "{\"code\":\"DNS.0314\",\"message\":\"not steady\"}",
		    "DNS.0314", EX_TEMPFAIL, 1, 0, 0, API_CAUSE_OTHER },
		{ 500, "{\"code\":\"DNS.0001\",\"message\":\"Internal error."
		    "\"}", "DNS.0001", EX_TEMPFAIL, 1, 0, 0, API_CAUSE_OTHER },
		{ 502, "{\"code\":\"DNS.9999\"}", "DNS.9999", EX_TEMPFAIL, 1,
		    0, 0, API_CAUSE_OTHER },
		{ 400, "{\"code\":\"DNS.0319\",\"message\":\"TTL\"}",
		    "DNS.0319", EX_UNAVAILABLE, 0, 0, 0, API_CAUSE_OTHER },
		{ 404, "{\"error_msg\":\"The API does not exist\","
		    "\"error_code\":\"APIGW.0101\"}", "APIGW.0101",
		    EX_UNAVAILABLE, 0, 0, 0, API_CAUSE_OTHER },
		{ 400, "{\"error\":{\"code\":\"DNS.0302\",\"message\":\"x\"}}",
		    "DNS.0302", EX_DATAERR, 0, 0, 0, API_CAUSE_OTHER },
		{ 503, "{}", "HTTP 503", EX_TEMPFAIL, 1, 0, 0,
		    API_CAUSE_OTHER },
		/* an empty code is no code (found by fuzz_huaweicloud) */
		{ 500, "{\"error\":{\"code\":\"\"}}", "HTTP 500",
		    EX_TEMPFAIL, 1, 0, 0, API_CAUSE_OTHER },
		{ 403, "{\"code\":\"\",\"error_code\":\"APIGW.0302\"}",
		    "APIGW.0302", EX_NOPERM, 0, 0, 0, API_CAUSE_PERMISSION },
		{ 401, "{\"message\":\"who are you\"}", "HTTP 401", EX_NOPERM,
		    0, 0, 0, API_CAUSE_SECRET },
	};
	struct api_error e;
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		memset(&e, 0xa5, sizeof(e));
		if (classify(cases[i].http, cases[i].body, &e) != 1)
			fail_msg("%s: not a failure", cases[i].body);
		if (strcmp(e.code, cases[i].code) != 0 ||
		    e.status != cases[i].status ||
		    e.retry != cases[i].retry ||
		    e.throttled != cases[i].throttled ||
		    e.clock != cases[i].clock || e.cause != cases[i].cause)
			fail_msg("%ld %s: code %s status %d retry %d throttled"
			    " %d clock %d cause %d", cases[i].http,
			    cases[i].body, e.code, e.status, e.retry,
			    e.throttled, e.clock, (int)e.cause);
	}
	/* What to check is named, and the message kept. */
	assert_int_equal(classify(401, cases[0].body, &e), 1);
	assert_string_equal(e.key, "secret_access_key and access_key_id");
	assert_string_equal(e.message, "Incorrect IAM authentication "
	    "information: verify aksk signature fail");
	assert_int_equal(classify(503, "{}", &e), 1);
	assert_string_equal(e.message, "the reply names no error");
	/* Success, whatever the body holds; no JSON object: -1. */
	assert_int_equal(classify(200, "{\"code\":\"DNS.0001\"}", &e), 0);
	assert_int_equal(classify(202, "{\"id\":\"x\"}", &e), 0);
	assert_int_equal(classify(502, "<html>502</html>", &e), -1);
	assert_int_equal(classify(500, "[]", &e), -1);
	assert_int_equal(classify(500, "", &e), -1);
}

#define SET(id, name, type, ttl, recs, status) \
	"{\"id\":\"" id "\",\"name\":\"" name "\",\"type\":\"" type "\"," \
	"\"ttl\":" ttl ",\"records\":[" recs "],\"status\":\"" status "\"," \
	"\"zone_id\":\"" ZID "\",\"zone_name\":\"example.com.\"," \
	"\"default\":false,\"links\":{\"self\":\"https://x\"}}"
#define LISTING(sets, total) \
	"{\"links\":{\"self\":\"https://x\"},\"recordsets\":[" sets "]," \
	"\"metadata\":{\"total_count\":" total "}}"

static int
parse(const char *body, struct recordset *rs, long long *total, size_t *n)
{
	return huaweicloud_parse_recordsets(body, strlen(body), "example.com",
	    rs, total, n);
}

static void
test_recordsets(void **unused)
{
	static const struct record before = {
		.id = "0", .rr = "x", .type = "A", .value = "192.0.2.9",
		.ttl = 1, .enabled = 1
	};
	const char *body = LISTING(
	    SET("s1", "A.dns.example.com.", "A", "300",
	    "\"203.0.113.7\",\"198.51.100.2\"", "ACTIVE") ","
	    SET("s2", "example.com.", "A", "60", "\"192.0.2.1\"",
	    "PENDING_UPDATE") ","
	    SET("s3", "b.example.com.", "AAAA", "600", "\"2001:db8::1\"",
	    "DISABLE") ","
	    SET("s4", "c.example.com.", "A", "600", "\"192.0.2.4\"",
	    "PENDING_DELETE") ","
	    SET("s5", "c.example.org.", "A", "600", "\"192.0.2.5\"",
	    "ACTIVE") ","
	    SET("s6", "d.example.com.", "TXT", "600", "\"\\\"v=x\\\"\"",
	    "ERROR") ","
	    SET("s7", "e.example.com.", "A", "600", "\"192.0.2.7\"",
	    "PENDING_CREATE") ","
	    /* another resolution line (API v2.1): not ours */
	    "{\"id\":\"s8\",\"name\":\"e.example.com.\",\"type\":\"A\","
	    "\"ttl\":600,\"records\":[\"192.0.2.8\"],\"status\":\"ACTIVE\","
	    "\"line\":\"Dianxin\"},"
	    "{\"id\":\"s9\",\"name\":\"f.example.com.\",\"type\":\"A\","
	    "\"ttl\":600,\"records\":[\"192.0.2.9\"],\"status\":\"ACTIVE\","
	    "\"line\":\"default_view\"}", "12");
	struct recordset rs = { NULL, 0 };
	long long total = -1;
	size_t n = 0;

	assert_int_equal(recordset_add(&rs, &before), 0);
	assert_int_equal(parse(body, &rs, &total, &n), 0);
	assert_int_equal(total, 12);
	assert_int_equal(n, 9);
	/* Earlier records kept; one record per value; s4 (being deleted),
	   s5 (outside the zone) and s8 (another line) left out. */
	assert_int_equal(rs.n, 1 + 2 + 1 + 1 + 1 + 1 + 1);
	assert_string_equal(rs.v[0].id, "0");
	assert_string_equal(rs.v[1].id, "s1");
	assert_string_equal(rs.v[1].rr, "a.dns");
	assert_string_equal(rs.v[1].value, "203.0.113.7");
	assert_int_equal(rs.v[1].addr.family, AF_INET);
	assert_int_equal(rs.v[1].ttl, 300);
	assert_true(rs.v[1].enabled);
	assert_null(rs.v[1].line);
	assert_string_equal(rs.v[2].id, "s1");
	assert_string_equal(rs.v[2].value, "198.51.100.2");
	assert_string_equal(rs.v[3].rr, "@");
	assert_true(rs.v[3].enabled);		/* PENDING_UPDATE */
	assert_string_equal(rs.v[4].type, "AAAA");
	assert_false(rs.v[4].enabled);		/* DISABLE */
	assert_int_equal(rs.v[4].addr.family, AF_INET6);
	assert_string_equal(rs.v[5].id, "s6");
	assert_false(rs.v[5].enabled);		/* ERROR */
	assert_int_equal(rs.v[5].addr.family, 0);
	assert_string_equal(rs.v[6].id, "s7");
	assert_true(rs.v[6].enabled);		/* PENDING_CREATE */
	assert_string_equal(rs.v[7].id, "s9");	/* the default line */
	recordset_free(&rs);

	assert_int_equal(parse(LISTING("", "0"), &rs, &total, &n), 0);
	assert_int_equal(rs.n, 0);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
}

static void
test_recordsets_bad(void **unused)
{
	static const char *const bad[] = {
		"",
		"<html><body>502 Bad Gateway</body></html>",
		"[]",
		"{\"recordsets\":[]}",
		"{\"recordsets\":{},\"metadata\":{\"total_count\":0}}",
		LISTING("", "-1"),
		LISTING("", "\"1\""),
		LISTING("1", "1"),
		LISTING(SET("", "a.example.com.", "A", "1", "\"192.0.2.1\"",
		    "ACTIVE"), "1"),
		LISTING(SET("s", "a.example.com.", "A", "\"1\"",
		    "\"192.0.2.1\"", "ACTIVE"), "1"),
		LISTING(SET("s", "a.example.com.", "A", "1", "1", "ACTIVE"),
		    "1"),
		LISTING("{\"id\":\"s\",\"name\":\"a.example.com.\",\"type\":"
		    "\"A\",\"ttl\":1,\"records\":[]}", "1"),
		LISTING("{\"id\":\"s\",\"name\":\"a.example.com.\",\"type\":"
		    "\"A\",\"ttl\":1,\"status\":\"ACTIVE\"}", "1"),
		/* a bad set after a good one: nothing appended */
		LISTING(SET("s", "a.example.com.", "A", "1", "\"192.0.2.1\"",
		    "ACTIVE") ",{\"id\":7}", "2"),
		/* duplicate keys are refused rather than guessed */
		"{\"recordsets\":[],\"metadata\":{\"total_count\":0,"
		    "\"total_count\":1}}",
		/* an error reply is no listing */
		"{\"code\":\"DNS.0302\",\"message\":\"x\"}",
	};
	struct recordset rs = { NULL, 0 };
	long long total = 42;
	size_t i, n = 42;

	for (i = 0; i < NELEM(bad); i++) {
		if (parse(bad[i], &rs, &total, &n) != EX_PROTOCOL)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(rs.n, 0);
		assert_int_equal(total, 42);
		assert_int_equal(n, 42);
	}
}

static void
test_zones(void **unused)
{
	const char *body = "{\"links\":{},\"zones\":["
	    "{\"id\":\"z1\",\"name\":\"myexample.com.\"},"
	    "{\"id\":\"z2\",\"name\":\"example.com.cn.\"},"
	    "{\"id\":\"z3\",\"name\":\"Example.COM.\"}],"
	    "\"metadata\":{\"total_count\":3}}";
	char *id = (char *)"untouched";
	long long total = -1;
	size_t n = 0;

	assert_int_equal(huaweicloud_parse_zones(body, strlen(body),
	    "example.com", &id, &total, &n), 0);
	assert_string_equal(id, "z3");
	assert_int_equal(total, 3);
	assert_int_equal(n, 3);
	free(id);
	assert_int_equal(huaweicloud_parse_zones(body, strlen(body),
	    "example.co", &id, &total, &n), 0);
	assert_null(id);
	assert_int_equal(huaweicloud_parse_zones("{\"zones\":[]}", 12,
	    "example.com", &id, &total, &n), EX_PROTOCOL);
	assert_int_equal(huaweicloud_parse_zones("{\"zones\":[{\"id\":"
	    "\"z\"}],\"metadata\":{\"total_count\":1}}", 49, "example.com",
	    &id, &total, &n), EX_PROTOCOL);
	assert_int_equal(huaweicloud_parse_zones("nope", 4, "example.com",
	    &id, &total, &n), EX_PROTOCOL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wire_put_vector),
		cmocka_unit_test(test_wire_project_and_query),
		cmocka_unit_test(test_wire_encoding),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_recordsets),
		cmocka_unit_test(test_recordsets_bad),
		cmocka_unit_test(test_zones),
	};

	log_init(VERB_QUIET, 0);
	jalloc_init();
	if (sign_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
