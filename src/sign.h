/*
 * sign.h - the only door to mbedTLS: SHA-256, HMAC, base64, random bytes,
 * RFC 3986 percent-encoding, and the canonical request that the
 * HMAC-SHA256 request signatures of the providers share. Providers build
 * their signatures on these. Strings returned are new, owned by the caller.
 */
#ifndef ECHODDNS_SIGN_H
#define ECHODDNS_SIGN_H

#include <stddef.h>

/* A query parameter or a header: both strings are borrowed. */
struct kv {
	const char	*name;
	const char	*value;
};

/* Seed the CSPRNG once per process; 0, or -1 after reporting why. */
int	 sign_init(void);
void	 sign_cleanup(void);

/* Fill buf with len bytes from the CSPRNG; 0, or -1 after reporting. */
int	 sign_random(void *buf, size_t len);

/* len random bytes as 2*len lower-case hex digits plus NUL into out. */
int	 sign_random_hex(char *out, size_t len);

/*
 * Percent-encode s (its bytes; UTF-8 stays bytes): A-Z a-z 0-9 - _ . ~ are
 * kept, every other byte becomes %XY with upper-case hex; space is %20.
 * Returns a new string, or NULL when out of memory (reported).
 */
char	*sign_pct_encode(const char *s);

/*
 * An HTTP request as a canonical-request signature sees it; all borrowed.
 * path is the absolute path of the request before any percent-encoding
 * (NULL or "" mean "/"); query holds the parameters before encoding;
 * headers are the headers to sign, names in any case, in any order;
 * payload_hash is the lower-case hex SHA-256 of the body.
 */
struct sign_request {
	const char	*method;
	const char	*path;
	const struct kv	*query;
	size_t		 nquery;
	const struct kv	*headers;
	size_t		 nheaders;
	const char	*payload_hash;
};

/*
 * Where the schemes sharing the canonical request differ, or-ed into flags:
 * SIGN_SORT_ENCODED	query sorted by encoded name, then encoded value
 *			(else by raw name, equal names in the caller's order)
 * SIGN_LOWER_VALUES	header values lower-cased as well as names
 * SIGN_SLASH_PATH	'/' appended to a path that does not end in one
 */
#define SIGN_SORT_ENCODED	0x01
#define SIGN_LOWER_VALUES	0x02
#define SIGN_SLASH_PATH		0x04

/* The rules of the three schemes. */
#define SIGN_ACS3	0				/* Alibaba Cloud V3 */
#define SIGN_TC3	SIGN_LOWER_VALUES		/* Tencent Cloud */
#define SIGN_SDK_HMAC	(SIGN_SORT_ENCODED | SIGN_SLASH_PATH)	/* Huawei */

/*
 * name=value pairs in the order of flags, each side percent-encoded,
 * joined with '&'; an empty value keeps its '='. NULL when out of memory
 * (reported).
 */
char	*sign_canonical_query(const struct kv *p, size_t n, int flags);

/*
 * The canonical request, and when signed_headers is not NULL the
 * SignedHeaders list (lower-case names joined by ';') as a second new
 * string:
 *
 *	METHOD \n PATH \n QUERY \n (name:value \n)... \n a;b;c \n HASH
 *
 * PATH has each segment percent-encoded; header names are lower-cased and
 * sorted, values trimmed. NULL when out of memory (reported).
 */
char	*sign_canonical_request(const struct sign_request *req, int flags,
	    char **signed_headers);

/*
 * Lower-case hex SHA-256 of the canonical request into hash, and the
 * SignedHeaders list as with sign_canonical_request(). 0, or -1 after
 * reporting (then *signed_headers is NULL).
 */
int	 sign_canonical_hash(const struct sign_request *req, int flags,
	    char hash[65], char **signed_headers);

/*
 * Base64 (standard alphabet, padded) of n bytes of p, as a new string; NULL
 * when out of memory (reported). Wipe it (secret_free) if p is a secret.
 */
char	*sign_base64(const void *p, size_t n);

/* Base64 (standard alphabet, padded) of HMAC-SHA1(key, msg): 28 chars + NUL. */
int	 hmac_sha1_base64(const void *key, size_t klen, const void *msg,
	    size_t mlen, char out[29]);

/* Lower-case hex of SHA-256(msg): 64 chars + NUL. */
int	 sha256_hex(const void *msg, size_t mlen, char out[65]);

/* HMAC-SHA256(key, msg) as 32 raw bytes, to key a further HMAC. */
int	 hmac_sha256(const void *key, size_t klen, const void *msg,
	    size_t mlen, unsigned char out[32]);

/* Lower-case hex of HMAC-SHA256(key, msg): 64 chars + NUL. */
int	 hmac_sha256_hex(const void *key, size_t klen, const void *msg,
	    size_t mlen, char out[65]);

#endif
