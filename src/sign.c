/*
 * sign.c - hashing, HMAC, base64, random bytes and percent-encoding on top
 * of mbedTLS. No other file includes mbedTLS, so a backend change stays here.
 */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/base64.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/md.h>
#include <mbedtls/version.h>

#include "log.h"
#include "sign.h"
#include "util.h"

/* mbedtls_md_hmac() and the 2.x return conventions used here need 2.16. */
#if MBEDTLS_VERSION_NUMBER < 0x02100000
#error "mbedTLS 2.16 or later is required"
#endif

#define SHA1_LEN	20
#define SHA256_LEN	32

static mbedtls_entropy_context	entropy;
static mbedtls_ctr_drbg_context	drbg;
static int			seeded;

static const char hexdigits[] = "0123456789abcdef";

/* Report an mbedTLS failure once, with what was being done. */
static void
mbed_err(const char *what, int rc)
{
	char	msg[128];

	mbedtls_strerror(rc, msg, sizeof(msg));
	log_err("%s: %s (-0x%04x)", what, msg, (unsigned int)-rc);
}

static void
hex_encode(char *out, const unsigned char *in, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hexdigits[in[i] >> 4];
		out[2 * i + 1] = hexdigits[in[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

/*
 * Call before any thread is started: the lazy seeding in sign_random() is
 * not protected against two threads racing to it.
 */
int
sign_init(void)
{
	static const unsigned char pers[] = "echoddns";
	int	rc;

	if (seeded)
		return 0;
	mbedtls_entropy_init(&entropy);
	mbedtls_ctr_drbg_init(&drbg);
	if ((rc = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
	    pers, sizeof(pers) - 1)) != 0) {
		mbed_err("seeding the random generator", rc);
		mbedtls_ctr_drbg_free(&drbg);
		mbedtls_entropy_free(&entropy);
		return -1;
	}
	seeded = 1;
	return 0;
}

void
sign_cleanup(void)
{
	if (!seeded)
		return;
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&entropy);
	seeded = 0;
}

int
sign_random(void *buf, size_t len)
{
	unsigned char	*p = buf;
	size_t		 chunk;
	int		 rc;

	if (!seeded && sign_init() == -1)
		return -1;
	/* CTR_DRBG hands out at most MBEDTLS_CTR_DRBG_MAX_REQUEST per call. */
	while (len > 0) {
		chunk = len < MBEDTLS_CTR_DRBG_MAX_REQUEST ?
		    len : MBEDTLS_CTR_DRBG_MAX_REQUEST;
		if ((rc = mbedtls_ctr_drbg_random(&drbg, p, chunk)) != 0) {
			mbed_err("reading the random generator", rc);
			return -1;
		}
		p += chunk;
		len -= chunk;
	}
	return 0;
}

int
sign_random_hex(char *out, size_t len)
{
	unsigned char	 buf[64];
	size_t		 chunk;

	/* A fixed buffer keeps this free of allocations for any len. */
	while (len > 0) {
		chunk = len < sizeof(buf) ? len : sizeof(buf);
		if (sign_random(buf, chunk) == -1) {
			wipe(buf, sizeof(buf));
			return -1;
		}
		hex_encode(out, buf, chunk);
		out += 2 * chunk;
		len -= chunk;
	}
	*out = '\0';
	wipe(buf, sizeof(buf));
	return 0;
}

static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	    c == '~';
}

char *
sign_pct_encode(const char *s)
{
	static const char	 upper[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			*out, *q;
	size_t			 len = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		len += unreserved(*p) ? 1 : 3;
	if ((out = malloc(len + 1)) == NULL) {
		log_err("percent-encoding: out of memory");
		return NULL;
	}
	q = out;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (unreserved(*p)) {
			*q++ = (char)*p;
			continue;
		}
		*q++ = '%';
		*q++ = upper[*p >> 4];
		*q++ = upper[*p & 0x0f];
	}
	*q = '\0';
	return out;
}

int
hmac_sha1_base64(const void *key, size_t klen, const void *msg, size_t mlen,
    char out[29])
{
	unsigned char	mac[SHA1_LEN];
	size_t		olen;
	int		rc, ret = -1;

	if ((rc = mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA1),
	    key, klen, msg, mlen, mac)) != 0) {
		mbed_err("HMAC-SHA1", rc);
		goto out;
	}
	if ((rc = mbedtls_base64_encode((unsigned char *)out, 29, &olen, mac,
	    sizeof(mac))) != 0) {
		mbed_err("base64", rc);
		goto out;
	}
	ret = 0;
out:
	wipe(mac, sizeof(mac));
	return ret;
}

int
sha256_hex(const void *msg, size_t mlen, char out[65])
{
	unsigned char	digest[SHA256_LEN];
	int		rc;

	if ((rc = mbedtls_md(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
	    msg, mlen, digest)) != 0) {
		mbed_err("SHA-256", rc);
		return -1;
	}
	hex_encode(out, digest, sizeof(digest));
	return 0;
}

int
hmac_sha256_hex(const void *key, size_t klen, const void *msg, size_t mlen,
    char out[65])
{
	unsigned char	mac[SHA256_LEN];
	int		rc;

	if ((rc = mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
	    key, klen, msg, mlen, mac)) != 0) {
		mbed_err("HMAC-SHA256", rc);
		wipe(mac, sizeof(mac));
		return -1;
	}
	hex_encode(out, mac, sizeof(mac));
	wipe(mac, sizeof(mac));
	return 0;
}
