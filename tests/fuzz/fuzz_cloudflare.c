/*
 * fuzz_cloudflare.c - libFuzzer target: Cloudflare reply parsing on any
 * bytes, as a record listing, a zone listing and an error envelope. A
 * listing that parses must hold complete records named inside the zone;
 * one that does not must leave the output alone.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "fuzzutil.h"
#include "providers/cloudflare.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_records(const struct recordset *rs, size_t from)
{
	const struct record *r;
	const char *p;
	struct addr a;
	size_t i;

	for (i = from; i < rs->n; i++) {
		r = &rs->v[i];
		fuzz_check(r->id != NULL && *r->id != '\0' && r->rr != NULL &&
		    *r->rr != '\0' && r->type != NULL && r->value != NULL,
		    "record fields set");
		fuzz_check(r->line == NULL, "no lines at Cloudflare");
		fuzz_check(r->enabled == 1, "records are always enabled");
		fuzz_check(r->locked == 0 || r->locked == 1, "locked 0/1");
		for (p = r->rr; *p != '\0'; p++)
			fuzz_check(!isupper((unsigned char)*p), "rr lower case");
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
		.ttl = 600, .enabled = 1
	};
	struct recordset rs = { NULL, 0 };
	struct cloudflare_error err;
	long long pages = -42;
	const char *body = (const char *)data;
	char *id = NULL;
	int rc;

	/* A second page: records are appended to what is there. */
	if (recordset_add(&rs, &page1) == -1)
		abort();
	rc = cloudflare_parse_records(body, size, "example.com", &rs, &pages);
	if (rc == 0) {
		fuzz_check(pages >= 0, "total_pages not negative");
		fuzz_check(rs.n >= 1 && strcmp(rs.v[0].id, "1") == 0,
		    "earlier records kept");
		check_records(&rs, 1);
	} else {
		fuzz_check(rc == EX_PROTOCOL || rc == EX_DATAERR,
		    "status of a bad listing");
		fuzz_check(rs.n == 1 && pages == -42, "output left alone");
	}
	recordset_free(&rs);

	rc = cloudflare_parse_zone(body, size, "example.com", &id);
	if (rc == 0)
		fuzz_check(id != NULL && *id != '\0', "zone ID set");
	else
		fuzz_check(id == NULL && (rc == EX_PROTOCOL ||
		    rc == EX_DATAERR), "no zone ID");
	free(id);

	memset(&err, 0xa5, sizeof(err));
	rc = cloudflare_parse_error(body, size, &err);
	if (rc == 1) {
		fuzz_check(err.message != NULL, "error message set");
		/* Every code maps to a status; retryable ones to TEMPFAIL. */
		fuzz_check(!cloudflare_retryable(400, err.code) ||
		    cloudflare_status(400, err.code) == EX_TEMPFAIL,
		    "retryable code status");
		(void)cloudflare_status(404, err.code);
	} else {
		fuzz_check(rc == 0 || rc == -1, "parse_error result");
		fuzz_check(err.message == NULL && err.code == 0,
		    "no error fields");
	}
	cloudflare_error_clear(&err);
	cloudflare_error_clear(NULL);
	return 0;
}
