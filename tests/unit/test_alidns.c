/*
 * test_alidns.c - Alidns reply parsing and the mapping of error codes to
 * exit statuses (reference/alidns.md sections 3.1 and 4).
 */
#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "exitcode.h"
#include "providers/alidns.h"

#define LISTING(records, total) \
	"{\"RequestId\":\"R1\",\"TotalCount\":" total ",\"PageNumber\":1," \
	"\"PageSize\":2,\"DomainRecords\":{\"Record\":[" records "]}}"
#define REC(id, value, status) \
	"{\"RecordId\":" id ",\"RR\":\"a.dns\",\"Type\":\"A\",\"Value\":" \
	value ",\"TTL\":600,\"Line\":\"default\",\"Status\":" status \
	",\"Locked\":false,\"Weight\":1,\"DomainName\":\"example.com\"}"

static int
parse(const char *body, struct recordset *rs, long long *total)
{
	return alidns_parse_records(body, strlen(body), rs, total);
}

static void
test_listing(void **unused)
{
	struct recordset rs = { NULL, 0 };
	long long total = -1;
	const char *body = LISTING(
	    REC("\"18446744073709551615\"", "\"203.0.113.7\"", "\"Enable\"") ","
	    REC("\"1455680456002021\"", "\"not-an-ip\"", "\"Disable\""), "7");

	assert_int_equal(parse(body, &rs, &total), 0);
	assert_int_equal(total, 7);
	assert_int_equal(rs.n, 2);
	/* IDs beyond 2^53 survive as strings. */
	assert_string_equal(rs.v[0].id, "18446744073709551615");
	assert_string_equal(rs.v[0].rr, "a.dns");
	assert_string_equal(rs.v[0].value, "203.0.113.7");
	assert_int_equal(rs.v[0].addr.family, AF_INET);
	assert_int_equal(rs.v[0].ttl, 600);
	assert_string_equal(rs.v[0].line, "default");
	assert_true(rs.v[0].enabled);
	assert_false(rs.v[0].locked);
	assert_false(rs.v[1].enabled);
	assert_int_equal(rs.v[1].addr.family, 0);
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
		"{\"RequestId\":\"R1\"",
		"[]",
		"null",
		"{\"TotalCount\":1}",
		LISTING(REC("\"1\"", "\"203.0.113.7\"", "\"Enable\""), "\"1\""),
		LISTING(REC("\"1\"", "\"203.0.113.7\"", "\"Enable\""), "-1"),
		LISTING(REC("1", "\"203.0.113.7\"", "\"Enable\""), "1"),
		LISTING(REC("null", "\"203.0.113.7\"", "\"Enable\""), "1"),
		LISTING(REC("\"\"", "\"203.0.113.7\"", "\"Enable\""), "1"),
		LISTING(REC("\"1\"", "null", "\"Enable\""), "1"),
		LISTING(REC("\"1\"", "17", "\"Enable\""), "1"),
		LISTING(REC("\"1\"", "\"203.0.113.7\"", "\"Paused\""), "1"),
		LISTING(REC("\"1\"", "\"203.0.113.7\"", "true"), "1"),
		LISTING("\"x\"", "1"),
		"{\"TotalCount\":1,\"DomainRecords\":{\"Record\":{}}}",
		"{\"TotalCount\":1,\"DomainRecords\":[]}",
		/* an error reply is not a listing */
		"{\"TotalCount\":0,\"DomainRecords\":{\"Record\":[]},"
		    "\"Code\":\"Throttling.User\"}",
		/* duplicate keys are refused rather than guessed */
		"{\"TotalCount\":0,\"TotalCount\":1,"
		    "\"DomainRecords\":{\"Record\":[]}}",
	};
	struct recordset rs = { NULL, 0 };
	long long total = 42;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], &rs, &total) != EX_PROTOCOL)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(rs.n, 0);
		assert_int_equal(total, 42);
	}
}

static void
test_missing_ttl_and_types(void **unused)
{
	struct recordset rs = { NULL, 0 };
	long long total;
	const char *no_ttl = "{\"TotalCount\":1,\"DomainRecords\":{\"Record\":"
	    "[{\"RecordId\":\"1\",\"RR\":\"a\",\"Type\":\"A\",\"Value\":"
	    "\"203.0.113.7\",\"Status\":\"ENABLE\"}]}}";
	const char *no_line = "{\"TotalCount\":1,\"DomainRecords\":{\"Record\":"
	    "[{\"RecordId\":\"1\",\"RR\":\"a\",\"Type\":\"A\",\"Value\":"
	    "\"203.0.113.7\",\"Status\":\"ENABLE\",\"TTL\":60}]}}";

	assert_int_equal(parse(no_ttl, &rs, &total), EX_PROTOCOL);
	/* Line and Locked are optional: default line, not locked. */
	assert_int_equal(parse(no_line, &rs, &total), 0);
	assert_string_equal(rs.v[0].line, "default");
	assert_true(rs.v[0].enabled);
	assert_int_equal(rs.v[0].ttl, 60);
	recordset_free(&rs);
}

static void
test_error(void **unused)
{
	struct alidns_error e;
	const char *body = "{\"RequestId\":\"R\",\"HostId\":\"alidns.aliyuncs.com\","
	    "\"Code\":\"DomainRecordDuplicate\",\"Message\":\"The DNS record "
	    "already exists.\",\"Recommend\":\"https://x\"}";

	assert_int_equal(alidns_parse_error(body, strlen(body), &e), 1);
	assert_string_equal(e.code, "DomainRecordDuplicate");
	assert_string_equal(e.message, "The DNS record already exists.");
	alidns_error_clear(&e);
	alidns_error_clear(&e);		/* twice is harmless */
	assert_int_equal(alidns_parse_error("{\"RecordId\":\"1\"}", 16, &e), 0);
	assert_int_equal(alidns_parse_error("<html>", 6, &e), -1);
	assert_int_equal(alidns_parse_error("[1]", 3, &e), -1);
	assert_int_equal(alidns_parse_error("", 0, &e), -1);
	alidns_error_clear(NULL);
}

static void
test_codes(void **unused)
{
	static const struct {
		const char	*code;
		int		 status;
		int		 retry;
	} cases[] = {
		{ "Throttling.User", EX_TEMPFAIL, 1 },
		{ "Throttling", EX_TEMPFAIL, 1 },
		{ "ServiceUnavailable", EX_TEMPFAIL, 1 },
		{ "InternalError", EX_TEMPFAIL, 1 },
		{ "LastOperationNotFinished", EX_TEMPFAIL, 1 },
		{ "SignatureNonceUsed", EX_TEMPFAIL, 1 },
		{ "InvalidTimeStamp.Expired", EX_TEMPFAIL, 0 },
		{ "IllegalTimestamp", EX_TEMPFAIL, 0 },
		{ "InvalidAccessKeyId.NotFound", EX_NOPERM, 0 },
		{ "InvalidAccessKeyId", EX_NOPERM, 0 },
		{ "SignatureDoesNotMatch", EX_NOPERM, 0 },
		{ "IncompleteSignature", EX_NOPERM, 0 },
		{ "Forbidden.RAM", EX_NOPERM, 0 },
		{ "Forbidden", EX_NOPERM, 0 },
		{ "DomainRecordNotBelongToUser", EX_DATAERR, 0 },
		{ "InvalidDomainName.NoExist", EX_DATAERR, 0 },
		{ "IncorrectDomainUser", EX_DATAERR, 0 },
		{ "DomainRecordConflict", EX_DATAERR, 0 },
		{ "DomainRecordDuplicate", EX_DATAERR, 0 },
		{ "DomainRecordLocked", EX_UNAVAILABLE, 0 },
		{ "QuotaExceeded.TTL", EX_UNAVAILABLE, 0 },
		{ "QuotaExceeded.ARecord", EX_UNAVAILABLE, 0 },
		{ "SomethingNew", EX_UNAVAILABLE, 0 },
		/* prefixes match whole dotted parts only */
		{ "ThrottlingX", EX_UNAVAILABLE, 0 },
		{ "ForbiddenFruit", EX_UNAVAILABLE, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (alidns_code_status(cases[i].code) != cases[i].status)
			fail_msg("%s: status %d", cases[i].code,
			    alidns_code_status(cases[i].code));
		if (alidns_code_retryable(cases[i].code) != cases[i].retry)
			fail_msg("%s: retryable %d", cases[i].code,
			    alidns_code_retryable(cases[i].code));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listing),
		cmocka_unit_test(test_listing_empty),
		cmocka_unit_test(test_listing_bad),
		cmocka_unit_test(test_missing_ttl_and_types),
		cmocka_unit_test(test_error),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
