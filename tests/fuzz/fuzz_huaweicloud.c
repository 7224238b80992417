/*
 * fuzz_huaweicloud.c - libFuzzer target: Huawei Cloud DNS reply reading on
 * any bytes, as a record set listing, a zone listing, and a failure with
 * each HTTP status that matters. A listing that parses must hold complete
 * records; one that does not must leave the output alone. A failure must
 * map to an exit status consistent with its retry and cause.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "fuzzutil.h"
#include "providers/huaweicloud.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_records(const struct recordset *rs, size_t from)
{
	const struct record *r;
	struct addr a;
	size_t i, j;

	for (i = from; i < rs->n; i++) {
		r = &rs->v[i];
		fuzz_check(r->id != NULL && *r->id != '\0' && r->rr != NULL &&
		    *r->rr != '\0' && r->type != NULL && r->value != NULL,
		    "record fields set");
		fuzz_check(r->line == NULL && r->locked == 0, "no line, lock");
		fuzz_check(r->enabled == 0 || r->enabled == 1, "enabled 0/1");
		for (j = 0; r->rr[j] != '\0'; j++)
			fuzz_check(!isupper((unsigned char)r->rr[j]),
			    "rr in lower case");
		if (addr_parse(&a, r->value))
			fuzz_check(addr_cmp(&a, &r->addr) == 0, "addr parsed");
		else
			fuzz_check(r->addr.family == 0, "addr family 0");
	}
}

static void
check_failure(long http, const char *body, size_t size)
{
	struct api_error e;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = huaweicloud_classify(http, body, size, &e);
	fuzz_check(rc >= -1 && rc <= 1, "classify result");
	if (http < 400)
		fuzz_check(rc != 1, "a success is no failure");
	if (rc != 1)
		return;
	fuzz_check(e.code[0] != '\0' && memchr(e.code, '\0',
	    sizeof(e.code)) != NULL, "code set");
	fuzz_check(memchr(e.message, '\0', sizeof(e.message)) != NULL,
	    "message ended");
	fuzz_check(e.status == EX_TEMPFAIL || e.status == EX_NOPERM ||
	    e.status == EX_DATAERR || e.status == EX_UNAVAILABLE,
	    "status one of four");
	if (e.retry || e.clock)
		fuzz_check(e.status == EX_TEMPFAIL, "retry or clock: 75");
	if (e.throttled)
		fuzz_check(e.retry, "throttled: retried");
	if (e.cause != API_CAUSE_OTHER)
		fuzz_check(e.status == EX_NOPERM, "a cause: 77");
	if (e.cause == API_CAUSE_SECRET)
		fuzz_check(e.key != NULL, "the key to check named");
	if (http == 429)
		fuzz_check(e.throttled, "429 throttled");
	/* A 5xx is the server's trouble, unless its code says otherwise:
	   a key refused, a permission, a quota, the clock. */
	if (http >= 500 && !e.retry && !e.clock)
		fuzz_check(e.cause != API_CAUSE_OTHER ||
		    strncmp(e.code, "DNS.04", 6) == 0, "5xx retried");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct record page1 = {
		.id = "1", .rr = "a", .type = "A", .value = "192.0.2.1",
		.ttl = 600, .enabled = 1
	};
	static const long statuses[] = { 200, 202, 400, 401, 403, 404, 429,
	    500, 503 };
	struct recordset rs = { NULL, 0 };
	const char *body = (const char *)data;
	char *id = (char *)"untouched";
	long long total = -42;
	size_t i, n = 4242;
	int rc;

	/* A second page: records are appended to what is there. */
	if (recordset_add(&rs, &page1) == -1)
		abort();
	rc = huaweicloud_parse_recordsets(body, size, "example.com", &rs,
	    &total, &n);
	if (rc == 0) {
		fuzz_check(total >= 0, "total_count not negative");
		fuzz_check(rs.n >= 1 && strcmp(rs.v[0].id, "1") == 0,
		    "earlier records kept");
		check_records(&rs, 1);
	} else {
		fuzz_check(rc == EX_PROTOCOL, "status of a bad listing");
		fuzz_check(rs.n == 1 && total == -42 && n == 4242,
		    "output left alone");
	}
	recordset_free(&rs);

	total = -42;
	rc = huaweicloud_parse_zones(body, size, "example.com", &id, &total,
	    &n);
	if (rc == 0) {
		fuzz_check(total >= 0, "zones: total_count not negative");
		fuzz_check(id == NULL || *id != '\0', "zones: an ID or none");
		free(id);
	} else {
		fuzz_check(rc == EX_PROTOCOL, "zones: status of a bad one");
		fuzz_check(total == -42, "zones: output left alone");
	}

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		check_failure(statuses[i], body, size);
	return 0;
}
