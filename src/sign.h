/*
 * sign.h - the only door to mbedTLS: SHA-256, HMAC, base64, random bytes,
 * and RFC 3986 percent-encoding. Providers build their signatures on these.
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

/* Base64 (standard alphabet, padded) of HMAC-SHA1(key, msg): 28 chars + NUL. */
int	 hmac_sha1_base64(const void *key, size_t klen, const void *msg,
	    size_t mlen, char out[29]);

/* Lower-case hex of SHA-256(msg): 64 chars + NUL. */
int	 sha256_hex(const void *msg, size_t mlen, char out[65]);

/* Lower-case hex of HMAC-SHA256(key, msg): 64 chars + NUL. */
int	 hmac_sha256_hex(const void *key, size_t klen, const void *msg,
	    size_t mlen, char out[65]);

#endif
