/*
 * dnspod.h - Tencent Cloud DNSPod (API 3.0, 2021-03-23) internals exposed
 * for unit tests: the TC3-HMAC-SHA256 request signature
 * (shared/reference/providers.md 1.2). Strings returned are new, owned by
 * the caller. Every function reports its own failure (out of memory, a
 * timestamp out of range); callers only pass the NULL or -1 up.
 */
#ifndef ECHODDNS_DNSPOD_H
#define ECHODDNS_DNSPOD_H

#include <time.h>

#include "../sign.h"

/* The credential scope's service: the first label of the API host. */
#define DNSPOD_SERVICE	"dnspod"

/* The derived keys, raw bytes; wipe them after use. */
struct dnspod_keys {
	unsigned char	date[32];	/* HMAC("TC3" + SecretKey, date) */
	unsigned char	service[32];	/* HMAC(kDate, service) */
	unsigned char	signing[32];	/* HMAC(kService, "tc3_request") */
};

/* The UTC date ("YYYY-MM-DD") of ts, never the local one. 0 or -1. */
int	 dnspod_date(time_t ts, char out[11]);

/* Derive the keys for date ("YYYY-MM-DD") and service. 0 or -1. */
int	 dnspod_keys(const char *secret_key, const char *date,
	    const char *service, struct dnspod_keys *k);

/*
 * In the functions below, req describes the request (sign.h): its path is
 * "/" (or NULL); the headers to sign are content-type and host, plus
 * x-tc-action if the caller chooses; a POST signs an empty query whatever
 * req holds. ts is the X-TC-Timestamp sent; service NULL means
 * DNSPOD_SERVICE.
 */

/* The canonical request: header values lower-cased as well. New string. */
char	*dnspod_canonical_request(const struct sign_request *req);

/*
 * "TC3-HMAC-SHA256\n" ts "\n" date "/" service "/tc3_request\n"
 * hex(SHA-256(canonical request)). New string.
 */
char	*dnspod_string_to_sign(const struct sign_request *req, time_t ts,
	    const char *service);

/*
 * The value of the Authorization header: "TC3-HMAC-SHA256
 * Credential=ID/date/service/tc3_request, SignedHeaders=a;b,
 * Signature=hex". New string.
 */
char	*dnspod_authorization(const struct sign_request *req, time_t ts,
	    const char *service, const char *secret_id, const char *secret_key);

#endif
