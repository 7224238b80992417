/*
 * alidns.h - Alibaba Cloud DNS (API 2015-01-09) internals exposed for unit
 * tests and fuzzing: request signing (RPC V1 HMAC-SHA1 and ACS3-HMAC-SHA256)
 * and reply parsing. The provider itself is reached through provider.h.
 */
#ifndef ECHODDNS_ALIDNS_H
#define ECHODDNS_ALIDNS_H

#include <stddef.h>

#include "../provider.h"
#include "../sign.h"

/*
 * name=value pairs sorted by name (byte order), each side percent-encoded,
 * joined with '&'. New string, NULL when out of memory. The signing
 * functions here report their own failures; callers only pass them up.
 */
char	*alidns_canonical_query(const struct kv *p, size_t n);

/*
 * V1 signature of the parameters p (Signature excluded) for method ("GET",
 * "POST"): Base64(HMAC-SHA1(secret + "&", StringToSign)). New string.
 */
char	*alidns_v1_signature(const char *method, const struct kv *p,
	    size_t n, const char *secret);

/*
 * V3 canonical request. headers are the signed headers with lower-case
 * names (host, x-acs-*, content-type if any), in any order; payload_hash is
 * the lower-case hex SHA-256 of the body. New string.
 */
char	*alidns_v3_canonical_request(const char *method,
	    const struct kv *query, size_t nq,
	    const struct kv *headers, size_t nh,
	    const char *payload_hash);

/*
 * The value of the V3 Authorization header:
 * "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex". New string.
 */
char	*alidns_v3_authorization(const char *method,
	    const struct kv *query, size_t nq,
	    const struct kv *headers, size_t nh,
	    const char *payload_hash, const char *key_id, const char *secret);

/* What a reply said, when it was not a success. */
struct alidns_error {
	char	*code;		/* JSON "Code" */
	char	*message;	/* JSON "Message" */
};

/*
 * Parse a record listing (DescribeSubDomainRecords, DescribeDomainRecords)
 * and append its records to out; *total receives TotalCount. Returns 0, or
 * EX_PROTOCOL when the body is not a listing (nothing appended), or
 * EX_SOFTWARE when out of memory. Does not report; the caller does.
 */
int	alidns_parse_records(const char *body, size_t len, struct recordset *out,
	    long long *total);

/*
 * Parse an error body: 1 if it carries a "Code" (err filled; free with
 * alidns_error_clear), 0 if it does not, -1 if it is not JSON at all.
 */
int	alidns_parse_error(const char *body, size_t len, struct alidns_error *err);
void	alidns_error_clear(struct alidns_error *err);

/* The exit status (exitcode.h) a failure Code stands for. */
int	alidns_code_status(const char *code);

/* 1 if a failure with this Code may succeed when retried (throttling, 5xx). */
int	alidns_code_retryable(const char *code);

#endif
