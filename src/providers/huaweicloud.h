/*
 * huaweicloud.h - Huawei Cloud DNS internals exposed for unit tests and
 * fuzzing: the SDK-HMAC-SHA256 request signature of its API gateway
 * (shared/reference/providers.md 2.2), the signed request as sent, and the
 * reading of replies (2.3, 2.4). The provider itself is reached through
 * provider.h. Strings returned are new, owned by the caller. The signing
 * and building functions report their own failure (out of memory, no
 * X-Sdk-Date to sign); callers only pass the NULL or -1 up.
 */
#ifndef ECHODDNS_HUAWEICLOUD_H
#define ECHODDNS_HUAWEICLOUD_H

#include <stddef.h>
#include <time.h>

#include "../provider.h"
#include "../sign.h"
#include "api.h"

/*
 * The X-Sdk-Date header's value for t: UTC, basic ISO 8601,
 * "YYYYMMDDTHHMMSSZ". 0, or -1 after reporting.
 */
int	 huaweicloud_sdk_date(time_t t, char out[17]);

/*
 * In the functions below, req describes the request (sign.h): path as sent
 * before percent-encoding (signed with a '/' appended), the query before
 * encoding, and the headers to sign, which must hold host and X-Sdk-Date
 * (and content-type when one is sent).
 */

/* The canonical request. New string. */
char	*huaweicloud_canonical_request(const struct sign_request *req);

/*
 * "SDK-HMAC-SHA256\n" X-Sdk-Date "\n" hex(SHA-256(canonical request)).
 * New string.
 */
char	*huaweicloud_string_to_sign(const struct sign_request *req);

/*
 * The value of the Authorization header: "SDK-HMAC-SHA256 Access=AK,
 * SignedHeaders=a;b, Signature=hex", the signature keyed with the SK
 * itself. New string.
 */
char	*huaweicloud_authorization(const struct sign_request *req,
	    const char *ak, const char *sk);

/* One API call, before it is signed; every pointer borrowed. */
struct huaweicloud_call {
	const char	*method;	/* "GET", "PUT", "POST" */
	const char	*origin;	/* "https://host[:port]", no path */
	const char	*host;		/* the Host header: host[:port] */
	const char	*path;		/* from '/', before percent-encoding */
	const struct kv	*query;		/* before percent-encoding */
	size_t		 nquery;
	const char	*body;		/* JSON, or NULL: none */
	const char	*ak;
	const char	*sk;
	const char	*project_id;	/* X-Project-Id, signed; or NULL */
	time_t		 when;		/* X-Sdk-Date */
};

#define HUAWEICLOUD_HEADERS	6

/* The call as sent: its URL and header lines ("Name: value"). */
struct huaweicloud_wire {
	char	*url;
	char	*headers[HUAWEICLOUD_HEADERS + 1];	/* NULL-terminated */
};

/*
 * Sign c: Content-Type (application/json), Host, X-Sdk-Date and
 * X-Project-Id are sent and signed, then Authorization. 0, or -1 after
 * reporting (out is then empty). Free with huaweicloud_wire_free; the
 * Authorization line is wiped.
 */
int	huaweicloud_wire(const struct huaweicloud_call *c,
	    struct huaweicloud_wire *out);
void	huaweicloud_wire_free(struct huaweicloud_wire *w);	/* NULL-safe */

/*
 * Read a reply with HTTP status http as Huawei's API does: a failure is a
 * status of 400 or more, its code and message from the body (the DNS
 * service's "code"/"message", the gateway's "error_code"/"error_msg").
 * Returns 0 when the reply is no failure, 1 when it is (e filled: the exit
 * status, whether to retry, throttled, clock refused, what to check), or
 * -1 when the body is no JSON object (e untouched). Reports nothing.
 */
int	huaweicloud_classify(long http, const char *body, size_t len,
	    struct api_error *e);

/*
 * Parse a page of record sets (ListRecordSetsByZone) of zone (lower case,
 * no trailing dot) and append to out one record per value of each set,
 * with the set's ID, its name relative to zone ("@" the apex), type, TTL,
 * and enabled when the set is served or about to be (ACTIVE,
 * PENDING_CREATE, PENDING_UPDATE). Sets being deleted (PENDING_DELETE),
 * sets on a resolution line other than the default ("line" other than
 * "default_view", API v2.1) and sets outside zone are left out. *total receives metadata.total_count,
 * *nsets the number of sets on the page. Returns 0, EX_PROTOCOL when the
 * body is no listing (out untouched), or EX_SOFTWARE when out of memory.
 * Reports nothing.
 */
int	huaweicloud_parse_recordsets(const char *body, size_t len,
	    const char *zone, struct recordset *out, long long *total,
	    size_t *nsets);

/*
 * Parse a page of zones (ListPublicZones): *id receives the ID of the
 * zone named zone (compared without case and trailing dot; a new string),
 * or NULL when the page has none; *total and *nzones as above. Returns 0,
 * EX_PROTOCOL or EX_SOFTWARE; reports nothing.
 */
int	huaweicloud_parse_zones(const char *body, size_t len,
	    const char *zone, char **id, long long *total, size_t *nzones);

#endif
