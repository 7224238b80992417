/*
 * sign.c - hashing, HMAC, base64, random bytes and percent-encoding on top
 * of mbedTLS, and the canonical request of the HMAC-SHA256 signatures. No
 * other file includes mbedTLS, so a backend change stays here.
 *
 * Strings are sized exactly before they are filled, so no realloc leaves
 * copies of a security token behind; every intermediate string holding
 * values (a token may be one) is wiped before it is freed.
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

/* Length of s percent-encoded; a path keeps its '/' between segments. */
static size_t
pct_len(const char *s, int path)
{
	const unsigned char	*p;
	size_t			 len = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		len += unreserved(*p) || (path && *p == '/') ? 1 : 3;
	return len;
}

/* Percent-encode s at q; returns the end of the copy (not terminated). */
static char *
pct_copy(char *q, const char *s, int path)
{
	static const char	 upper[] = "0123456789ABCDEF";
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (unreserved(*p) || (path && *p == '/')) {
			*q++ = (char)*p;
			continue;
		}
		*q++ = '%';
		*q++ = upper[*p >> 4];
		*q++ = upper[*p & 0x0f];
	}
	return q;
}

char *
sign_pct_encode(const char *s)
{
	char	*out;

	if ((out = malloc(pct_len(s, 0) + 1)) == NULL) {
		log_err("percent-encoding: out of memory");
		return NULL;
	}
	*pct_copy(out, s, 0) = '\0';
	return out;
}

/* calloc that reports; callers only propagate the NULL. */
static void *
alloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n, size)) == NULL)
		log_err("canonical request: out of memory");
	return p;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Header names compare as their lower-case forms, byte order. */
static int
cmp_header(const void *a, const void *b)
{
	const struct kv *const *pa = a, *const *pb = b;
	const unsigned char	*x = (const unsigned char *)(*pa)->name;
	const unsigned char	*y = (const unsigned char *)(*pb)->name;

	for (; *x != '\0' && lower(*x) == lower(*y); x++, y++)
		;
	if (lower(*x) != lower(*y))
		return lower(*x) - lower(*y);
	return *pa < *pb ? -1 : *pa > *pb;
}

/* A sorted array of pointers into p; NULL when out of memory. */
static const struct kv **
sort_headers(const struct kv *p, size_t n)
{
	const struct kv	**s;
	size_t		  i;

	/* One spare slot: calloc(0, ...) may legitimately return NULL. */
	if ((s = alloc(n + 1, sizeof(*s))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		s[i] = &p[i];
	qsort(s, n, sizeof(*s), cmp_header);
	return s;
}

/* One query parameter, encoded, and where the caller had it. */
struct qparam {
	const char	*raw;		/* the name before encoding */
	char		*name;
	char		*value;
	size_t		 i;
};

/*
 * Byte order on the raw names as ACS3's reference implementations sort
 * them; equal names keep the caller's order.
 */
static int
cmp_raw(const void *a, const void *b)
{
	const struct qparam	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->raw, y->raw)) != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Byte order on the encoded names, then values (SDK-HMAC-SHA256). */
static int
cmp_encoded(const void *a, const void *b)
{
	const struct qparam	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->name, y->name)) != 0 ||
	    (c = strcmp(x->value, y->value)) != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

char *
sign_canonical_query(const struct kv *p, size_t n, int flags)
{
	struct qparam	*s;
	char		*out = NULL, *q;
	size_t		 i, total = 0;

	/* One spare slot: calloc(0, ...) may legitimately return NULL. */
	if ((s = alloc(n + 1, sizeof(*s))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		s[i].raw = p[i].name;
		s[i].i = i;
		if ((s[i].name = sign_pct_encode(p[i].name)) == NULL ||
		    (s[i].value = sign_pct_encode(p[i].value)) == NULL)
			goto out;
		/* name '=' value, and '&' before every pair but the first */
		total += strlen(s[i].name) + 1 + strlen(s[i].value) + (i > 0);
	}
	qsort(s, n, sizeof(*s), flags & SIGN_SORT_ENCODED ?
	    cmp_encoded : cmp_raw);
	if ((out = alloc(1, total + 1)) == NULL)
		goto out;
	q = out;
	for (i = 0; i < n; i++) {
		if (i > 0)
			*q++ = '&';
		q = stpcpy(q, s[i].name);
		*q++ = '=';
		q = stpcpy(q, s[i].value);
	}
	*q = '\0';
out:
	for (i = 0; i < n; i++) {
		secret_free(s[i].name);
		secret_free(s[i].value);
	}
	free(s);
	return out;
}

/*
 * The path with each segment percent-encoded; an empty path is "/", and
 * with SIGN_SLASH_PATH a '/' is appended when it does not end in one.
 */
static char *
canonical_path(const char *path, int flags)
{
	char	*out, *q;
	size_t	 len;
	int	 slash;

	if (path == NULL || *path == '\0')
		path = "/";
	len = strlen(path);
	slash = (flags & SIGN_SLASH_PATH) && path[len - 1] != '/';
	if ((out = alloc(1, pct_len(path, 1) + slash + 1)) == NULL)
		return NULL;
	q = pct_copy(out, path, 1);
	if (slash)
		*q++ = '/';
	*q = '\0';
	return out;
}

/* Length of s without leading and trailing white space; *start is set. */
static size_t
trimmed(const char *s, const char **start)
{
	const char	*end;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ||
	    *s == '\v' || *s == '\f')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n' || end[-1] == '\v' ||
	    end[-1] == '\f'))
		end--;
	*start = s;
	return (size_t)(end - s);
}

/* Copy len bytes of s in lower case; returns the end of the copy. */
static char *
copy_lower(char *q, const char *s, size_t len)
{
	for (; len > 0; len--, s++)
		*q++ = (char)lower((unsigned char)*s);
	return q;
}

char *
sign_canonical_request(const struct sign_request *req, int flags,
    char **signed_headers)
{
	const struct kv	**h = NULL;
	const char	 *v;
	char		 *path = NULL, *cqs = NULL, *sh = NULL;
	char		 *cr = NULL, *q;
	size_t		  i, nh = req->nheaders, vlen, shlen = 0, crlen;

	if (signed_headers != NULL)
		*signed_headers = NULL;
	if ((path = canonical_path(req->path, flags)) == NULL)
		goto out;
	if ((cqs = sign_canonical_query(req->query, req->nquery, flags))
	    == NULL)
		goto out;
	if ((h = sort_headers(req->headers, nh)) == NULL)
		goto out;

	for (i = 0; i < nh; i++)
		shlen += strlen(h[i]->name) + (i > 0);
	if ((sh = alloc(1, shlen + 1)) == NULL)
		goto out;
	q = sh;
	for (i = 0; i < nh; i++) {
		if (i > 0)
			*q++ = ';';
		q = copy_lower(q, h[i]->name, strlen(h[i]->name));
	}
	*q = '\0';

	/* "METHOD\nPATH\nQUERY\n" */
	crlen = strlen(req->method) + 1 + strlen(path) + 1 + strlen(cqs) + 1;
	for (i = 0; i < nh; i++)
		crlen += strlen(h[i]->name) + 1 + trimmed(h[i]->value, &v) + 1;
	crlen += 1 + shlen + 1 + strlen(req->payload_hash);
	if ((cr = alloc(1, crlen + 1)) == NULL)
		goto out;
	q = cr;
	q = stpcpy(q, req->method);
	*q++ = '\n';
	q = stpcpy(q, path);
	*q++ = '\n';
	q = stpcpy(q, cqs);
	*q++ = '\n';
	for (i = 0; i < nh; i++) {
		q = copy_lower(q, h[i]->name, strlen(h[i]->name));
		*q++ = ':';
		vlen = trimmed(h[i]->value, &v);
		if (flags & SIGN_LOWER_VALUES) {
			q = copy_lower(q, v, vlen);
		} else {
			memcpy(q, v, vlen);
			q += vlen;
		}
		*q++ = '\n';
	}
	*q++ = '\n';
	q = stpcpy(q, sh);
	*q++ = '\n';
	(void)stpcpy(q, req->payload_hash);

	if (signed_headers != NULL) {
		*signed_headers = sh;
		sh = NULL;
	}
out:
	free(sh);
	secret_free(cqs);
	free(path);
	free(h);
	return cr;
}

int
sign_canonical_hash(const struct sign_request *req, int flags,
    char hash[65], char **signed_headers)
{
	char	*cr;
	int	 ret;

	if ((cr = sign_canonical_request(req, flags, signed_headers)) == NULL)
		return -1;
	if ((ret = sha256_hex(cr, strlen(cr), hash)) == -1 &&
	    signed_headers != NULL) {
		free(*signed_headers);
		*signed_headers = NULL;
	}
	secret_free(cr);
	return ret;
}

char *
sign_base64(const void *p, size_t n)
{
	unsigned char *out;
	size_t olen = 0;
	int rc;

	/* Asked with no room, mbedTLS says how much it needs (with NUL). */
	(void)mbedtls_base64_encode(NULL, 0, &olen, p, n);
	if ((out = malloc(olen + 1)) == NULL) {
		log_err("base64: out of memory");
		return NULL;
	}
	if ((rc = mbedtls_base64_encode(out, olen + 1, &olen, p, n)) != 0) {
		mbed_err("base64", rc);
		free(out);
		return NULL;
	}
	out[olen] = '\0';
	return (char *)out;
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
hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[32])
{
	int	rc;

	if ((rc = mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
	    key, klen, msg, mlen, out)) != 0) {
		mbed_err("HMAC-SHA256", rc);
		wipe(out, SHA256_LEN);
		return -1;
	}
	return 0;
}

int
hmac_sha256_hex(const void *key, size_t klen, const void *msg, size_t mlen,
    char out[65])
{
	unsigned char	mac[SHA256_LEN];

	if (hmac_sha256(key, klen, msg, mlen, mac) == -1)
		return -1;
	hex_encode(out, mac, sizeof(mac));
	wipe(mac, sizeof(mac));
	return 0;
}
