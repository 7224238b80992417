/*
 * fuzz_dnspod.c - libFuzzer target: DNSPod reply parsing on any bytes, as
 * a record listing and as an error reply. A listing that parses must hold
 * complete records with decimal IDs and lower-case names; one that does
 * not must leave the output alone. An error must map to a consistent
 * status, retry and cause.
 */
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "exitcode.h"
#include "fuzzutil.h"
#include "providers/dnspod.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_records(const struct recordset *rs, size_t from)
{
	const struct record *r;
	struct addr a;
	size_t i;

	for (i = from; i < rs->n; i++) {
		r = &rs->v[i];
		fuzz_check(r->id != NULL && *r->id != '\0' &&
		    strspn(r->id, "0123456789") == strlen(r->id),
		    "record ID decimal");
		fuzz_check(r->rr != NULL && *r->rr != '\0' && r->type != NULL &&
		    r->value != NULL && r->line != NULL, "record fields set");
		fuzz_check(strpbrk(r->rr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == NULL,
		    "name lower-cased");
		fuzz_check(r->enabled == 0 || r->enabled == 1, "enabled 0/1");
		fuzz_check(r->locked == 0, "never locked");
		if (addr_parse(&a, r->value))
			fuzz_check(addr_cmp(&a, &r->addr) == 0, "addr parsed");
		else
			fuzz_check(r->addr.family == 0, "addr family 0");
	}
}

static void
check_error(const char *body, size_t size, long http)
{
	struct api_error e;
	int rc;

	memset(&e, 0xa5, sizeof(e));
	rc = dnspod_parse_error(body, size, http, &e);
	fuzz_check(rc == 1 || rc == 0 || rc == -1, "parse_error result");
	if (rc != 1)
		return;
	fuzz_check(memchr(e.code, '\0', sizeof(e.code)) != NULL &&
	    memchr(e.message, '\0', sizeof(e.message)) != NULL,
	    "code and message terminated");
	fuzz_check(e.status == EX_TEMPFAIL || e.status == EX_NOPERM ||
	    e.status == EX_DATAERR || e.status == EX_UNAVAILABLE ||
	    e.status == EX_PROTOCOL, "status of an error");
	if (dnspod_code_retryable(e.code))
		fuzz_check(e.retry && e.status == EX_TEMPFAIL,
		    "retryable code status");
	fuzz_check(!e.throttled || e.retry, "throttled is retried");
	fuzz_check(!e.clock || strcmp(e.code,
	    "AuthFailure.SignatureExpire") == 0, "clock only on expiry");
	if (e.cause == API_CAUSE_SECRET)
		fuzz_check(e.key != NULL && strcmp(e.key, "secret_key") == 0,
		    "secret cause names secret_key");
	else if (e.cause == API_CAUSE_KEY_ID)
		fuzz_check(e.key != NULL && strcmp(e.key, "secret_id") == 0,
		    "key ID cause names secret_id");
	else
		fuzz_check(e.key == NULL, "no key without a cause");
	if (e.cause != API_CAUSE_OTHER)
		fuzz_check(e.status == EX_NOPERM, "a cause is 77");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct record page1 = {
		.id = "1", .rr = "a", .type = "A", .value = "192.0.2.1",
		.ttl = 600, .line = "x", .enabled = 1
	};
	struct recordset rs = { NULL, 0 };
	long long total = -42;
	const char *body = (const char *)data;
	int rc;

	/* A second page: records are appended to what is there. */
	if (recordset_add(&rs, &page1) == -1)
		abort();
	rc = dnspod_parse_records(body, size, &rs, &total);
	if (rc == 0) {
		fuzz_check(total >= 0, "TotalCount not negative");
		fuzz_check(rs.n >= 1 && strcmp(rs.v[0].id, "1") == 0,
		    "earlier records kept");
		check_records(&rs, 1);
	} else {
		fuzz_check(rc == EX_PROTOCOL, "status of a bad listing");
		fuzz_check(rs.n == 1 && total == -42, "output left alone");
	}
	recordset_free(&rs);
	fuzz_check(rs.n == 0 && rs.v == NULL, "recordset_free empties");

	check_error(body, size, 200);
	check_error(body, size, 503);
	return 0;
}
