/*
 * dnspod.h - Tencent Cloud DNSPod (API 3.0, 2021-03-23) internals exposed
 * for unit tests and fuzzing: the TC3-HMAC-SHA256 request signature
 * (shared/reference/providers.md 1.2), the headers of a request, and reply
 * parsing. The provider itself is reached through provider.h. Strings
 * returned are new, owned by the caller. The signing functions report
 * their own failure (out of memory, a timestamp out of range); callers
 * only pass the NULL or -1 up. The parsers report nothing.
 */
#ifndef ECHODDNS_DNSPOD_H
#define ECHODDNS_DNSPOD_H

#include <stddef.h>
#include <time.h>

#include "../provider.h"
#include "../sign.h"
#include "api.h"

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

/* The API version sent, and the Content-Type sent and signed. */
#define DNSPOD_VERSION		"2021-03-23"
#define DNSPOD_CONTENT_TYPE	"application/json; charset=utf-8"

/* The header lines of one request, NULL-terminated; owned. */
#define DNSPOD_NHEADERS	6
struct dnspod_headers {
	char	*v[DNSPOD_NHEADERS + 1];
};

/*
 * The headers of a POST of body (len bytes) calling action at host (the
 * endpoint's host[:port], sent as Host and signed as sent) at time ts:
 * Content-Type, Host, X-TC-Action, X-TC-Timestamp, X-TC-Version and an
 * Authorization signing content-type, host and x-tc-action with the
 * service "dnspod" whatever the host. 0, or -1 after reporting (h empty).
 */
int	 dnspod_request_headers(const char *action, const char *host,
	    const char *body, size_t len, time_t ts, const char *secret_id,
	    const char *secret_key, struct dnspod_headers *h);
void	 dnspod_headers_free(struct dnspod_headers *h);	/* NULL-safe */

/*
 * Parse a DescribeRecordList reply, {"Response": {"RecordCountInfo":
 * {"TotalCount": N}, "RecordList": [...]}}, and append its records to
 * out; RecordId (a JSON integer, or a string of digits) becomes a decimal
 * string without loss, Name is lower-cased, a missing Line is the default
 * line. *total receives TotalCount. Returns 0, EX_PROTOCOL when the body
 * is no listing (an error reply included; nothing appended, *total
 * untouched), or EX_SOFTWARE when out of memory.
 */
int	 dnspod_parse_records(const char *body, size_t len,
	    struct recordset *out, long long *total);

/*
 * Read a reply's Response.Error, as api_call's classify does: 1 when the
 * reply is a failure (e filled: code, message, exit status, whether to
 * retry, throttling, clock, the key to check), 0 when it is none, -1 when
 * the body is not a JSON object or memory ran out. http is the reply's
 * HTTP status (5xx makes an unknown code worth a retry).
 */
int	 dnspod_parse_error(const char *body, size_t len, long http,
	    struct api_error *e);

/* The exit status (exitcode.h) a failure's Code stands for. */
int	 dnspod_code_status(const char *code);

/* 1 if a failure with this Code may pass when sent again. */
int	 dnspod_code_retryable(const char *code);

#endif
