/*
 * fuzz_alidns.c - libFuzzer target: Alidns reply parsing on any bytes,
 * as a record listing and as an error body. A listing that parses must
 * hold complete records; one that does not must leave the output alone.
 */
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "exitcode.h"
#include "fuzzutil.h"
#include "providers/alidns.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_records(const struct recordset *rs, size_t from)
{
	const struct record *r;
	struct addr a;
	size_t i;

	for (i = from; i < rs->n; i++) {
		r = &rs->v[i];
		fuzz_check(r->id != NULL && *r->id != '\0' && r->rr != NULL &&
		    r->type != NULL && r->value != NULL && r->line != NULL,
		    "record fields set");
		fuzz_check(r->enabled == 0 || r->enabled == 1, "enabled 0/1");
		fuzz_check(r->locked == 0 || r->locked == 1, "locked 0/1");
		/* addr is the parsed value, or family 0. */
		if (addr_parse(&a, r->value))
			fuzz_check(addr_cmp(&a, &r->addr) == 0, "addr parsed");
		else
			fuzz_check(r->addr.family == 0, "addr family 0");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct record page1 = {
		.id = "1", .rr = "a", .type = "A", .value = "192.0.2.1",
		.ttl = 600, .line = "default", .enabled = 1
	};
	struct recordset rs = { NULL, 0 };
	struct alidns_error err;
	long long total = -42;
	const char *body = (const char *)data;
	int rc;

	/* A second page: records are appended to what is there. */
	if (recordset_add(&rs, &page1) == -1)
		abort();
	rc = alidns_parse_records(body, size, &rs, &total);
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

	memset(&err, 0xa5, sizeof(err));
	rc = alidns_parse_error(body, size, &err);
	if (rc == 1) {
		fuzz_check(err.code != NULL && err.message != NULL,
		    "error fields set");
		/* Every Code maps to a status; retryable ones to TEMPFAIL. */
		if (alidns_code_retryable(err.code))
			fuzz_check(alidns_code_status(err.code) == EX_TEMPFAIL,
			    "retryable code status");
		else
			(void)alidns_code_status(err.code);
	} else {
		fuzz_check(rc == 0 || rc == -1, "parse_error result");
		fuzz_check(err.code == NULL && err.message == NULL,
		    "no error fields");
	}
	alidns_error_clear(&err);
	alidns_error_clear(NULL);
	return 0;
}
