/*
 * huaweicloud.h - Huawei Cloud DNS internals exposed for unit tests: the
 * SDK-HMAC-SHA256 request signature of its API gateway
 * (shared/reference/providers.md 2.2). Strings returned are new, owned by
 * the caller. Every function reports its own failure (out of memory, no
 * X-Sdk-Date to sign); callers only pass the NULL or -1 up.
 */
#ifndef ECHODDNS_HUAWEICLOUD_H
#define ECHODDNS_HUAWEICLOUD_H

#include <time.h>

#include "../sign.h"

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

#endif
