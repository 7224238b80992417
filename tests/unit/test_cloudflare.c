/*
 * test_cloudflare.c - Cloudflare requests (URLs, JSON bodies) and replies
 * (record and zone listings, the error envelope), and the mapping of
 * HTTP statuses and error codes to exit statuses
 * (reference/providers.md section 3).
 */
#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exitcode.h"
#include "providers/cloudflare.h"

#define EP	"https://api.cloudflare.com/client/v4"
#define ZID	"023e105f4ecef8ad9ca31a8372d0c353"

#define LISTING(records, info) \
	"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[" \
	records "]" info "}"
#define INFO(pages) \
	",\"result_info\":{\"page\":1,\"per_page\":100,\"count\":2," \
	"\"total_count\":2,\"total_pages\":" pages "}"
#define REC(id, name, type, content, ttl) \
	"{\"id\":" id ",\"zone_id\":\"" ZID "\",\"zone_name\":" \
	"\"example.com\",\"name\":" name ",\"type\":" type ",\"content\":" \
	content ",\"proxiable\":true,\"proxied\":false,\"ttl\":" ttl \
	",\"settings\":{},\"meta\":{},\"comment\":null,\"tags\":[]}"

static int
parse(const char *body, struct recordset *rs, long long *pages)
{
	return cloudflare_parse_records(body, strlen(body), "example.com", rs,
	    pages);
}

static void
test_url(void **unused)
{
	static const struct kv list[] = {
		{ "type", "AAAA" },
		{ "name.exact", "a.dns.example.com" },
		{ "per_page", "100" },
		{ "page", "2" },
	};
	static const struct kv zone[] = {
		{ "name", "xn--bcher-kva.example" },
		{ "per_page", "50" },
	};
	static const struct kv odd[] = { { "name", "a b&c=d/é" } };
	char *u;

	u = cloudflare_url(EP, NULL, NULL, zone, 2);
	assert_string_equal(u, EP "/zones?name=xn--bcher-kva.example"
	    "&per_page=50");
	free(u);
	/* Parameters sorted by name, the dot of name.exact kept. */
	u = cloudflare_url(EP, ZID, NULL, list, 4);
	assert_string_equal(u, EP "/zones/" ZID "/dns_records?"
	    "name.exact=a.dns.example.com&page=2&per_page=100&type=AAAA");
	free(u);
	u = cloudflare_url(EP, ZID, "372e67954025e0ba6aaa6d586b9e0b59", NULL,
	    0);
	assert_string_equal(u, EP "/zones/" ZID
	    "/dns_records/372e67954025e0ba6aaa6d586b9e0b59");
	free(u);
	u = cloudflare_url(EP, ZID, NULL, NULL, 0);
	assert_string_equal(u, EP "/zones/" ZID "/dns_records");
	free(u);
	/* An ID from a config file cannot leave its path segment. */
	u = cloudflare_url("http://localhost:1", "../x?y", "a/b", odd, 1);
	assert_string_equal(u, "http://localhost:1/zones/..%2Fx%3Fy"
	    "/dns_records/a%2Fb?name=a%20b%26c%3Dd%2F%C3%A9");
	free(u);
}

static void
test_body(void **unused)
{
	char *b;

	b = cloudflare_record_body("A", "a.dns.example.com", "203.0.113.7",
	    600, 1);
	assert_string_equal(b, "{\"content\":\"203.0.113.7\",\"name\":"
	    "\"a.dns.example.com\",\"proxied\":false,\"ttl\":600,"
	    "\"type\":\"A\"}");
	free(b);
	/* A PATCH sets the value and TTL only: proxied stays as it is. */
	b = cloudflare_record_body("AAAA", "a.dns.example.com", "2001:db8::1",
	    1, 0);
	assert_string_equal(b, "{\"content\":\"2001:db8::1\",\"ttl\":1}");
	free(b);
	/* Strings are JSON strings, whatever they hold. */
	b = cloudflare_record_body("A", "q\"\\.example.com", "x", 60, 1);
	assert_string_equal(b, "{\"content\":\"x\",\"name\":"
	    "\"q\\\"\\\\.example.com\",\"proxied\":false,\"ttl\":60,"
	    "\"type\":\"A\"}");
	free(b);
}

static void
test_listing(void **unused)
{
	struct recordset rs = { NULL, 0 };
	static const struct record earlier = {
		.id = "e", .rr = "x", .type = "A", .value = "192.0.2.1",
		.ttl = 600, .enabled = 1
	};
	long long pages = -1;
	const char *body = LISTING(
	    REC("\"372e67954025e0ba6aaa6d586b9e0b59\"",
	    "\"A.DNS.Example.COM\"", "\"A\"", "\"203.0.113.7\"", "1") ","
	    REC("\"2\"", "\"example.com\"", "\"AAAA\"", "\"2001:db8::1\"",
	    "600") ","
	    REC("\"3\"", "\"t.example.com.\"", "\"TXT\"", "\"v=spf1 -all\"",
	    "300"), INFO("3"));

	assert_int_equal(recordset_add(&rs, &earlier), 0);
	assert_int_equal(parse(body, &rs, &pages), 0);
	assert_int_equal(pages, 3);
	assert_int_equal(rs.n, 4);
	assert_string_equal(rs.v[0].id, "e");	/* appended after it */
	/* Names relative to the zone, lower case; "@" for the apex. */
	assert_string_equal(rs.v[1].id, "372e67954025e0ba6aaa6d586b9e0b59");
	assert_string_equal(rs.v[1].rr, "a.dns");
	assert_string_equal(rs.v[1].type, "A");
	assert_string_equal(rs.v[1].value, "203.0.113.7");
	assert_int_equal(rs.v[1].addr.family, AF_INET);
	assert_int_equal(rs.v[1].ttl, 1);	/* automatic */
	assert_true(rs.v[1].enabled);		/* always */
	assert_false(rs.v[1].locked);
	assert_null(rs.v[1].line);
	assert_string_equal(rs.v[2].rr, "@");
	assert_int_equal(rs.v[2].addr.family, AF_INET6);
	assert_string_equal(rs.v[3].rr, "t");
	assert_int_equal(rs.v[3].addr.family, 0);
	recordset_free(&rs);
}

static void
test_listing_optional(void **unused)
{
	struct recordset rs = { NULL, 0 };
	long long pages = -1;

	/* An empty listing has no pages. */
	assert_int_equal(parse(LISTING("", INFO("0")), &rs, &pages), 0);
	assert_int_equal(pages, 0);
	assert_int_equal(rs.n, 0);
	/* Without result_info a listing is one page; locked is read. */
	assert_int_equal(parse("{\"success\":true,\"result\":[{\"id\":\"1\","
	    "\"name\":\"a.example.com\",\"type\":\"A\",\"content\":"
	    "\"192.0.2.1\",\"ttl\":60,\"locked\":true}]}", &rs, &pages), 0);
	assert_int_equal(pages, 1);
	assert_true(rs.v[0].locked);
	recordset_free(&rs);
	assert_int_equal(parse("{\"success\":true,\"result\":[],"
	    "\"result_info\":null}", &rs, &pages), 0);
	assert_int_equal(pages, 0);
}

static void
test_listing_bad(void **unused)
{
	static const char *const bad[] = {
		"",
		"<html><body>502 Bad Gateway</body></html>",
		"[]",
		"null",
		"{\"success\":true",
		"{\"result\":[]}",			/* no success */
		"{\"success\":\"true\",\"result\":[]}",
		"{\"success\":false,\"errors\":[],\"result\":[]}",
		"{\"success\":true,\"result\":{}}",
		"{\"success\":true,\"result\":null}",
		LISTING("1", INFO("1")),
		LISTING("", ",\"result_info\":[]"),
		LISTING("", INFO("-1")),
		LISTING("", INFO("\"1\"")),
		LISTING("", INFO("null")),
		LISTING(REC("1", "\"a.example.com\"", "\"A\"", "\"192.0.2.1\"",
		    "1"), INFO("1")),
		LISTING(REC("\"\"", "\"a.example.com\"", "\"A\"",
		    "\"192.0.2.1\"", "1"), INFO("1")),
		LISTING(REC("\"1\"", "null", "\"A\"", "\"192.0.2.1\"", "1"),
		    INFO("1")),
		LISTING(REC("\"1\"", "\"a.example.com\"", "7", "\"192.0.2.1\"",
		    "1"), INFO("1")),
		LISTING(REC("\"1\"", "\"a.example.com\"", "\"A\"", "[]", "1"),
		    INFO("1")),
		LISTING(REC("\"1\"", "\"a.example.com\"", "\"A\"",
		    "\"192.0.2.1\"", "\"600\""), INFO("1")),
		LISTING(REC("\"1\"", "\"a.example.com\"", "\"A\"",
		    "\"192.0.2.1\"", "1.5"), INFO("1")),
		"{\"success\":true,\"result\":[{\"id\":\"1\",\"name\":"
		    "\"a.example.com\",\"type\":\"A\",\"content\":\"192.0.2.1\","
		    "\"ttl\":60,\"locked\":\"no\"}]}",
		/* duplicate keys are refused rather than guessed */
		"{\"success\":true,\"success\":false,\"result\":[]}",
	};
	struct recordset rs = { NULL, 0 };
	long long pages = 42;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], &rs, &pages) != EX_PROTOCOL)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(rs.n, 0);
		assert_int_equal(pages, 42);
	}
}

static void
test_listing_other_zone(void **unused)
{
	struct recordset rs = { NULL, 0 };
	long long pages = 42;
	const char *body = LISTING(
	    REC("\"1\"", "\"a.example.com\"", "\"A\"", "\"192.0.2.1\"", "1") ","
	    REC("\"2\"", "\"a.example.net\"", "\"A\"", "\"192.0.2.2\"", "1"),
	    INFO("1"));

	/* A zone ID of another zone: nothing of it is taken. */
	assert_int_equal(parse(body, &rs, &pages), EX_DATAERR);
	assert_int_equal(rs.n, 0);
	assert_int_equal(pages, 42);
	/* Suffixes match on label boundaries only. */
	assert_int_equal(cloudflare_parse_records(body, strlen(body),
	    "ample.com", &rs, &pages), EX_DATAERR);
}

static void
test_listing_long_name(void **unused)
{
	struct recordset rs = { NULL, 0 };
	long long pages = 42;
	char body[1024], name[301];

	/* Longer than any DNS name: not a listing, whatever its zone. */
	memset(name, 'a', 288);
	strcpy(name + 288, ".example.com");
	snprintf(body, sizeof(body), "{\"success\":true,\"result\":[{\"id\":"
	    "\"1\",\"name\":\"%s\",\"type\":\"A\",\"content\":"
	    "\"192.0.2.1\",\"ttl\":1}]}", name);
	assert_int_equal(parse(body, &rs, &pages), EX_PROTOCOL);
	assert_int_equal(rs.n, 0);
	assert_int_equal(pages, 42);
}

static int
zone(const char *body, const char *name, char **id)
{
	return cloudflare_parse_zone(body, strlen(body), name, id);
}

#define ZONES(list) \
	"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[" list \
	"],\"result_info\":{\"page\":1,\"per_page\":50,\"total_pages\":1}}"
#define Z(id, name, status) \
	"{\"id\":\"" id "\",\"name\":\"" name "\",\"status\":\"" status "\"}"

static void
test_zone(void **unused)
{
	char *id = NULL;

	assert_int_equal(zone(ZONES(Z(ZID, "example.com", "active")),
	    "example.com", &id), 0);
	assert_string_equal(id, ZID);
	free(id);
	/* Matched exactly, whatever the API's filter did; case ignored. */
	assert_int_equal(zone(ZONES(Z("1", "sub.example.com", "active") ","
	    Z("2", "Example.COM", "active")), "example.com", &id), 0);
	assert_string_equal(id, "2");
	free(id);
	/* An active zone wins over pending or moved ones of that name. */
	assert_int_equal(zone(ZONES(Z("1", "example.com", "moved") ","
	    Z("2", "example.com", "active") ","
	    Z("3", "example.com", "pending")), "example.com", &id), 0);
	assert_string_equal(id, "2");
	free(id);
	/* One pending zone is the zone (its records may be edited). */
	assert_int_equal(zone(ZONES(Z("1", "example.com", "pending")),
	    "example.com", &id), 0);
	assert_string_equal(id, "1");
	free(id);
	id = NULL;
	assert_int_equal(zone(ZONES(""), "example.com", &id), EX_DATAERR);
	assert_int_equal(zone(ZONES(Z("1", "example.net", "active")),
	    "example.com", &id), EX_DATAERR);
	assert_int_equal(zone(ZONES(Z("1", "example.com", "pending") ","
	    Z("2", "example.com", "moved")), "example.com", &id), EX_DATAERR);
	assert_int_equal(zone(ZONES(Z("1", "example.com", "active") ","
	    Z("2", "example.com", "active")), "example.com", &id), EX_DATAERR);
	assert_null(id);
	assert_int_equal(zone("{\"success\":true,\"result\":[{\"name\":"
	    "\"example.com\"}]}", "example.com", &id), EX_PROTOCOL);
	assert_int_equal(zone("{\"success\":true,\"result\":{}}",
	    "example.com", &id), EX_PROTOCOL);
	assert_int_equal(zone("{\"success\":false,\"result\":[]}",
	    "example.com", &id), EX_PROTOCOL);
	assert_int_equal(zone("<html>", "example.com", &id), EX_PROTOCOL);
	assert_null(id);
}

static void
test_error(void **unused)
{
	struct cloudflare_error e;
	const char *auth = "{\"success\":false,\"errors\":[{\"code\":6003,"
	    "\"message\":\"Invalid request headers\",\"error_chain\":[{\"code\":"
	    "6111,\"message\":\"Invalid format for Authorization header\"}]}],"
	    "\"messages\":[],\"result\":null}";
	const char *route = "{\"success\":false,\"errors\":[{\"code\":7003,"
	    "\"message\":\"Could not route to /zones/x/dns_records, perhaps "
	    "your object identifier is invalid?\"},{\"code\":7000,\"message\":"
	    "\"No route for that URI\"}],\"messages\":[],\"result\":null}";
	const char *bare = "{\"success\":false,\"errors\":[],\"result\":null}";

	assert_int_equal(cloudflare_parse_error(auth, strlen(auth), &e), 1);
	assert_int_equal(e.code, 6003);
	assert_string_equal(e.message, "Invalid request headers (6111: Invalid"
	    " format for Authorization header)");
	cloudflare_error_clear(&e);
	cloudflare_error_clear(&e);	/* twice is harmless */
	assert_int_equal(cloudflare_parse_error(route, strlen(route), &e), 1);
	assert_int_equal(e.code, 7003);
	assert_string_equal(e.message, "Could not route to /zones/x/"
	    "dns_records, perhaps your object identifier is invalid? (7000: No"
	    " route for that URI)");
	cloudflare_error_clear(&e);
	assert_int_equal(cloudflare_parse_error(bare, strlen(bare), &e), 1);
	assert_int_equal(e.code, 0);
	assert_string_equal(e.message, "");
	cloudflare_error_clear(&e);
	assert_int_equal(cloudflare_parse_error(LISTING("", INFO("0")),
	    strlen(LISTING("", INFO("0"))), &e), 0);
	assert_null(e.message);
	assert_int_equal(cloudflare_parse_error("{\"errors\":[]}", 13, &e), -1);
	assert_int_equal(cloudflare_parse_error("<html>", 6, &e), -1);
	assert_int_equal(cloudflare_parse_error("[1]", 3, &e), -1);
	assert_int_equal(cloudflare_parse_error("", 0, &e), -1);
	assert_null(e.message);
	cloudflare_error_clear(NULL);
}

static void
test_codes(void **unused)
{
	static const struct {
		long		 http;
		long long	 code;
		int		 status;
		int		 retry;
	} cases[] = {
		{ 429, 971, EX_TEMPFAIL, 1 },
		{ 429, 0, EX_TEMPFAIL, 1 },
		{ 400, 971, EX_TEMPFAIL, 1 },
		{ 500, 10500, EX_TEMPFAIL, 1 },
		{ 502, 0, EX_TEMPFAIL, 1 },
		{ 503, 10000, EX_TEMPFAIL, 1 },	/* the server's trouble */
		{ 401, 1000, EX_NOPERM, 0 },
		{ 400, 6003, EX_NOPERM, 0 },
		{ 400, 6111, EX_NOPERM, 0 },
		{ 400, 6103, EX_NOPERM, 0 },
		{ 400, 9106, EX_NOPERM, 0 },
		{ 403, 9103, EX_NOPERM, 0 },
		{ 403, 9109, EX_NOPERM, 0 },
		{ 403, 10000, EX_NOPERM, 0 },
		{ 403, 10001, EX_NOPERM, 0 },
		{ 401, 0, EX_NOPERM, 0 },
		{ 403, 0, EX_NOPERM, 0 },
		{ 400, 7003, EX_DATAERR, 0 },
		{ 400, 7000, EX_DATAERR, 0 },
		{ 404, 7003, EX_DATAERR, 0 },
		{ 404, 1001, EX_DATAERR, 0 },	/* no such zone */
		{ 404, 81044, EX_DATAERR, 0 },
		{ 400, 81057, EX_DATAERR, 0 },
		{ 400, 81058, EX_DATAERR, 0 },
		{ 400, 81045, EX_UNAVAILABLE, 0 },
		{ 400, 81053, EX_UNAVAILABLE, 0 },
		{ 400, 9021, EX_UNAVAILABLE, 0 },
		{ 400, 1004, EX_UNAVAILABLE, 0 },
		{ 200, 1234, EX_UNAVAILABLE, 0 },
		{ 400, 0, EX_UNAVAILABLE, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cloudflare_status(cases[i].http, cases[i].code) !=
		    cases[i].status)
			fail_msg("HTTP %ld, %lld: status %d", cases[i].http,
			    cases[i].code, cloudflare_status(cases[i].http,
			    cases[i].code));
		if (cloudflare_retryable(cases[i].http, cases[i].code) !=
		    cases[i].retry)
			fail_msg("HTTP %ld, %lld: retryable %d", cases[i].http,
			    cases[i].code, cloudflare_retryable(cases[i].http,
			    cases[i].code));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_listing),
		cmocka_unit_test(test_listing_optional),
		cmocka_unit_test(test_listing_bad),
		cmocka_unit_test(test_listing_other_zone),
		cmocka_unit_test(test_listing_long_name),
		cmocka_unit_test(test_zone),
		cmocka_unit_test(test_error),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
