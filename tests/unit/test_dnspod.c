/*
 * test_dnspod.c - DNSPod request headers (the TC3 vector of
 * shared/reference/providers.md 1.3 through the provider's own header
 * builder), reply parsing, and the mapping of Response.Error.Code to exit
 * statuses and causes (section 1.5).
 */
#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "exitcode.h"
#include "providers/dnspod.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define DEFAULT_LINE	"\xe9\xbb\x98\xe8\xae\xa4"	/* 默认 */

#define LISTING(records, total) \
	"{\"Response\":{\"RecordCountInfo\":{\"SubdomainCount\":1," \
	"\"ListCount\":2,\"TotalCount\":" total "},\"RecordList\":[" records \
	"],\"RequestId\":\"R1\"}}"
#define REC(id, name, value, status) \
	"{\"RecordId\":" id ",\"Value\":" value ",\"Status\":" status \
	",\"UpdatedOn\":\"2024-01-01 08:00:00\",\"Name\":" name \
	",\"Line\":\"" DEFAULT_LINE "\",\"LineId\":\"0\",\"Type\":\"A\"," \
	"\"Weight\":null,\"MonitorStatus\":\"\",\"Remark\":\"\",\"TTL\":600," \
	"\"MX\":0,\"DefaultNS\":false}"
#define ERROR(code) \
	"{\"Response\":{\"Error\":{\"Code\":\"" code "\",\"Message\":" \
	"\"Injected.\"},\"RequestId\":\"R2\"}}"

static int
parse(const char *body, struct recordset *rs, long long *total)
{
	return dnspod_parse_records(body, strlen(body), rs, total);
}

/* Our DNSPod vector, through the headers the provider sends. */
static void
test_headers_vector(void **unused)
{
	static const char body[] =
	    "{\"Domain\":\"example.com\",\"Subdomain\":\"ha\","
	    "\"RecordType\":\"A\"}";
	struct dnspod_headers h;

	assert_int_equal(dnspod_request_headers("DescribeRecordList",
	    "dnspod.tencentcloudapi.com", body, strlen(body), 1700000000,
	    "AKIDEXAMPLE", "SECRETEXAMPLE", &h), 0);
	assert_string_equal(h.v[0],
	    "Content-Type: application/json; charset=utf-8");
	assert_string_equal(h.v[1], "Host: dnspod.tencentcloudapi.com");
	assert_string_equal(h.v[2], "X-TC-Action: DescribeRecordList");
	assert_string_equal(h.v[3], "X-TC-Timestamp: 1700000000");
	assert_string_equal(h.v[4], "X-TC-Version: 2021-03-23");
	assert_string_equal(h.v[5], "Authorization: TC3-HMAC-SHA256 "
	    "Credential=AKIDEXAMPLE/2023-11-14/dnspod/tc3_request, "
	    "SignedHeaders=content-type;host;x-tc-action, "
	    "Signature=a8c205b99d20b78b082bc5006cf0e28300b13b11f08dffcc40ed9c3"
	    "2263c43e0");
	/* No X-TC-Region: DNSPod wants none. */
	assert_null(h.v[6]);
	dnspod_headers_free(&h);
	assert_null(h.v[0]);
	dnspod_headers_free(NULL);
}

/*
 * A test endpoint on localhost: the Host signed is the one sent, and the
 * service stays "dnspod" (an SDK would take the host's first label).
 */
static void
test_headers_localhost(void **unused)
{
	static const char body[] = "{}";
	struct dnspod_headers h, other;

	assert_int_equal(dnspod_request_headers("DeleteRecord",
	    "localhost:8443", body, 2, 1700006400, "AKIDx", "k", &h), 0);
	assert_string_equal(h.v[1], "Host: localhost:8443");
	assert_non_null(strstr(h.v[5],
	    "Credential=AKIDx/2023-11-15/dnspod/tc3_request, "));
	/* The host is signed: another one, another signature. */
	assert_int_equal(dnspod_request_headers("DeleteRecord",
	    "localhost:8444", body, 2, 1700006400, "AKIDx", "k", &other), 0);
	assert_string_not_equal(h.v[5], other.v[5]);
	dnspod_headers_free(&h);
	dnspod_headers_free(&other);
}

static void
test_listing(void **unused)
{
	struct recordset rs = { NULL, 0 };
	long long total = -1;
	const char *body = LISTING(
	    REC("9223372036854775807", "\"A.DNS\"", "\"203.0.113.7\"",
	    "\"ENABLE\"") ","
	    REC("9007199254740993", "\"a.dns\"", "\"not-an-ip\"",
	    "\"DISABLE\"") ","
	    "{\"RecordId\":\"42\",\"Name\":\"@\",\"Type\":\"AAAA\","
	    "\"Value\":\"2001:db8::1\",\"Status\":\"enable\",\"TTL\":120}",
	    "7");

	assert_int_equal(parse(body, &rs, &total), 0);
	assert_int_equal(total, 7);
	assert_int_equal(rs.n, 3);
	/* IDs beyond 2^53, up to 2^63 - 1, survive exactly. */
	assert_string_equal(rs.v[0].id, "9223372036854775807");
	assert_string_equal(rs.v[1].id, "9007199254740993");
	assert_string_equal(rs.v[0].rr, "a.dns");
	assert_string_equal(rs.v[0].type, "A");
	assert_string_equal(rs.v[0].value, "203.0.113.7");
	assert_int_equal(rs.v[0].addr.family, AF_INET);
	assert_int_equal(rs.v[0].ttl, 600);
	assert_string_equal(rs.v[0].line, DEFAULT_LINE);
	assert_true(rs.v[0].enabled);
	assert_false(rs.v[0].locked);
	assert_false(rs.v[1].enabled);
	assert_int_equal(rs.v[1].addr.family, 0);
	/* A string of digits is an ID too; a missing Line is the default. */
	assert_string_equal(rs.v[2].id, "42");
	assert_string_equal(rs.v[2].rr, "@");
	assert_string_equal(rs.v[2].line, DEFAULT_LINE);
	assert_int_equal(rs.v[2].addr.family, AF_INET6);
	assert_true(rs.v[2].enabled);
	recordset_free(&rs);
}

/* Pages append; a bad page leaves what is there alone. */
static void
test_listing_append(void **unused)
{
	struct recordset rs = { NULL, 0 };
	long long total = -1;

	assert_int_equal(parse(LISTING(REC("1", "\"a\"", "\"192.0.2.1\"",
	    "\"ENABLE\""), "2"), &rs, &total), 0);
	assert_int_equal(parse(LISTING(REC("2", "\"a\"", "\"192.0.2.2\"",
	    "\"ENABLE\""), "2"), &rs, &total), 0);
	assert_int_equal(rs.n, 2);
	assert_string_equal(rs.v[1].id, "2");
	total = 9;
	assert_int_equal(parse(LISTING(REC("3", "\"a\"", "\"192.0.2.3\"",
	    "\"ENABLE\"") "," REC("4", "\"a\"", "\"192.0.2.4\"", "\"ON\""),
	    "4"), &rs, &total), EX_PROTOCOL);
	assert_int_equal(rs.n, 2);
	assert_int_equal(total, 9);
	recordset_free(&rs);
}

static void
test_listing_empty(void **unused)
{
	struct recordset rs = { NULL, 0 };
	long long total = -1;

	assert_int_equal(parse(LISTING("", "0"), &rs, &total), 0);
	assert_int_equal(total, 0);
	assert_int_equal(rs.n, 0);
	recordset_free(&rs);
}

static void
test_listing_bad(void **unused)
{
	static const char *const bad[] = {
		"",
		"<html><body>502 Bad Gateway</body></html>",
		"{\"Response\":",
		"[]",
		"null",
		"{}",
		"{\"Response\":[]}",
		"{\"Response\":{\"RecordList\":[]}}",
		"{\"Response\":{\"RecordCountInfo\":{},\"RecordList\":[]}}",
		LISTING("", "\"0\""),
		LISTING("", "-1"),
		LISTING("", "1.5"),
		"{\"Response\":{\"RecordCountInfo\":{\"TotalCount\":0},"
		    "\"RecordList\":{}}}",
		/* an error reply is not a listing, even with a list */
		"{\"Response\":{\"RecordCountInfo\":{\"TotalCount\":0},"
		    "\"RecordList\":[],\"Error\":{\"Code\":\"InternalError\"}}}",
		ERROR("ResourceNotFound.NoDataOfRecord"),
		/* record IDs: negative, fractional, beyond 2^63, not digits */
		LISTING(REC("-1", "\"a\"", "\"192.0.2.1\"", "\"ENABLE\""), "1"),
		LISTING(REC("1.0", "\"a\"", "\"192.0.2.1\"", "\"ENABLE\""), "1"),
		LISTING(REC("9223372036854775808", "\"a\"", "\"192.0.2.1\"",
		    "\"ENABLE\""), "1"),
		LISTING(REC("\"12a\"", "\"a\"", "\"192.0.2.1\"", "\"ENABLE\""),
		    "1"),
		LISTING(REC("\"\"", "\"a\"", "\"192.0.2.1\"", "\"ENABLE\""),
		    "1"),
		LISTING(REC("null", "\"a\"", "\"192.0.2.1\"", "\"ENABLE\""),
		    "1"),
		/* other fields */
		LISTING(REC("1", "\"\"", "\"192.0.2.1\"", "\"ENABLE\""), "1"),
		LISTING(REC("1", "null", "\"192.0.2.1\"", "\"ENABLE\""), "1"),
		LISTING(REC("1", "\"a\"", "17", "\"ENABLE\""), "1"),
		LISTING(REC("1", "\"a\"", "\"192.0.2.1\"", "\"PAUSE\""), "1"),
		LISTING(REC("1", "\"a\"", "\"192.0.2.1\"", "1"), "1"),
		LISTING("{\"RecordId\":1,\"Name\":\"a\",\"Type\":\"A\","
		    "\"Value\":\"192.0.2.1\",\"Status\":\"ENABLE\","
		    "\"TTL\":\"600\"}", "1"),
		LISTING("\"x\"", "1"),
		/* duplicate keys are refused rather than guessed */
		"{\"Response\":{\"RecordCountInfo\":{\"TotalCount\":0,"
		    "\"TotalCount\":1},\"RecordList\":[]}}",
	};
	struct recordset rs = { NULL, 0 };
	long long total = 42;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		if (parse(bad[i], &rs, &total) != EX_PROTOCOL)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(rs.n, 0);
		assert_int_equal(total, 42);
	}
}

static void
error_is(const char *body, long http, const char *code, int status,
    int retry, int throttled, int clock, enum api_cause cause,
    const char *key)
{
	struct api_error e;

	if (dnspod_parse_error(body, strlen(body), http, &e) != 1)
		fail_msg("not an error: %s", body);
	assert_string_equal(e.code, code);
	if (e.status != status || e.retry != retry ||
	    e.throttled != throttled || e.clock != clock || e.cause != cause)
		fail_msg("%s (HTTP %ld): status %d retry %d throttled %d clock "
		    "%d cause %d", code, http, e.status, e.retry, e.throttled,
		    e.clock, (int)e.cause);
	if (key == NULL)
		assert_null(e.key);
	else
		assert_string_equal(e.key, key);
}

static void
test_errors(void **unused)
{
	struct api_error e;

	error_is(ERROR("AuthFailure.SignatureFailure"), 200,
	    "AuthFailure.SignatureFailure", EX_NOPERM, 0, 0, 0,
	    API_CAUSE_SECRET, "secret_key");
	error_is(ERROR("AuthFailure.SecretIdNotFound"), 200,
	    "AuthFailure.SecretIdNotFound", EX_NOPERM, 0, 0, 0,
	    API_CAUSE_KEY_ID, "secret_id");
	error_is(ERROR("AuthFailure.InvalidAuthorization"), 200,
	    "AuthFailure.InvalidAuthorization", EX_NOPERM, 0, 0, 0,
	    API_CAUSE_KEY_ID, "secret_id");
	error_is(ERROR("AuthFailure.InvalidSecretId"), 200,
	    "AuthFailure.InvalidSecretId", EX_NOPERM, 0, 0, 0,
	    API_CAUSE_KEY_ID, "secret_id");
	error_is(ERROR("AuthFailure.UnauthorizedOperation"), 200,
	    "AuthFailure.UnauthorizedOperation", EX_NOPERM, 0, 0, 0,
	    API_CAUSE_PERMISSION, NULL);
	error_is(ERROR("UnauthorizedOperation"), 200, "UnauthorizedOperation",
	    EX_NOPERM, 0, 0, 0, API_CAUSE_PERMISSION, NULL);
	error_is(ERROR("AuthFailure.SignatureExpire"), 200,
	    "AuthFailure.SignatureExpire", EX_TEMPFAIL, 0, 0, 1,
	    API_CAUSE_OTHER, NULL);
	error_is(ERROR("RequestLimitExceeded"), 200, "RequestLimitExceeded",
	    EX_TEMPFAIL, 1, 1, 0, API_CAUSE_OTHER, NULL);
	error_is(ERROR("RequestLimitExceeded.IPLimitExceeded"), 200,
	    "RequestLimitExceeded.IPLimitExceeded", EX_TEMPFAIL, 1, 1, 0,
	    API_CAUSE_OTHER, NULL);
	error_is(ERROR("InternalError"), 200, "InternalError", EX_TEMPFAIL,
	    1, 0, 0, API_CAUSE_OTHER, NULL);
	error_is(ERROR("InvalidParameter.DomainRecordExist"), 200,
	    "InvalidParameter.DomainRecordExist", EX_DATAERR, 0, 0, 0,
	    API_CAUSE_OTHER, NULL);
	error_is(ERROR("InvalidParameter.RecordLineInvalid"), 200,
	    "InvalidParameter.RecordLineInvalid", EX_DATAERR, 0, 0, 0,
	    API_CAUSE_OTHER, NULL);
	error_is(ERROR("InvalidParameterValue.DomainNotExists"), 200,
	    "InvalidParameterValue.DomainNotExists", EX_DATAERR, 0, 0, 0,
	    API_CAUSE_OTHER, NULL);
	error_is(ERROR("LimitExceeded.SubdomainRollLimit"), 200,
	    "LimitExceeded.SubdomainRollLimit", EX_UNAVAILABLE, 0, 0, 0,
	    API_CAUSE_OTHER, NULL);
	error_is(ERROR("UnknownParameter"), 200, "UnknownParameter",
	    EX_PROTOCOL, 0, 0, 0, API_CAUSE_OTHER, NULL);
	/* The unknown: 69, unless the server is in trouble (5xx). */
	error_is(ERROR("FailedOperation.SomethingNew"), 200,
	    "FailedOperation.SomethingNew", EX_UNAVAILABLE, 0, 0, 0,
	    API_CAUSE_OTHER, NULL);
	error_is(ERROR("FailedOperation.SomethingNew"), 502,
	    "FailedOperation.SomethingNew", EX_UNAVAILABLE, 1, 0, 0,
	    API_CAUSE_OTHER, NULL);
	/* A prefix is a whole part of the code. */
	error_is(ERROR("RequestLimitExceededX"), 200, "RequestLimitExceededX",
	    EX_UNAVAILABLE, 0, 0, 0, API_CAUSE_OTHER, NULL);
	/* An Error without a Code is not understood. */
	error_is("{\"Response\":{\"Error\":{\"Message\":\"x\"}}}", 200,
	    "(no Code)", EX_PROTOCOL, 0, 0, 0, API_CAUSE_OTHER, NULL);
	error_is("{\"Response\":{\"Error\":\"x\"}}", 200, "(no Code)",
	    EX_PROTOCOL, 0, 0, 0, API_CAUSE_OTHER, NULL);

	/* No error: a success, or no Response at all (read later). */
	assert_int_equal(dnspod_parse_error(LISTING("", "0"),
	    strlen(LISTING("", "0")), 200, &e), 0);
	assert_int_equal(dnspod_parse_error("{}", 2, 200, &e), 0);
	assert_int_equal(dnspod_parse_error("[]", 2, 200, &e), -1);
	assert_int_equal(dnspod_parse_error("<html>", 6, 502, &e), -1);
}

/* Every code that is worth a retry is temporary. */
static void
test_code_table(void **unused)
{
	static const char *const codes[] = {
		"RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded",
		"InternalError", "InternalError.DbError", "ServiceUnavailable",
		"ResourceUnavailable", "AuthFailure.SignatureFailure",
		"OperationDenied.NoPermissionToOperateDomain",
		"ResourceNotFound.NoDataOfRecord", "FailedOperation",
		"MissingParameter", "",
	};
	size_t i;

	for (i = 0; i < NELEM(codes); i++)
		if (dnspod_code_retryable(codes[i]))
			assert_int_equal(dnspod_code_status(codes[i]),
			    EX_TEMPFAIL);
	assert_int_equal(dnspod_code_status(
	    "OperationDenied.NoPermissionToOperateDomain"), EX_NOPERM);
	assert_int_equal(dnspod_code_status("ResourceNotFound.NoDataOfRecord"),
	    EX_DATAERR);
	assert_int_equal(dnspod_code_status("MissingParameter"), EX_PROTOCOL);
	assert_int_equal(dnspod_code_status(""), EX_UNAVAILABLE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers_vector),
		cmocka_unit_test(test_headers_localhost),
		cmocka_unit_test(test_listing),
		cmocka_unit_test(test_listing_append),
		cmocka_unit_test(test_listing_empty),
		cmocka_unit_test(test_listing_bad),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_code_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
