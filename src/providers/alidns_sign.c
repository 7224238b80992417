/*
 * alidns_sign.c - Alibaba Cloud request signatures: RPC V1 (HMAC-SHA1 over
 * the canonical query string) and ACS3-HMAC-SHA256 (V3, over a canonical
 * request). Built only on sign.h; tests/unit/test_sign.c holds the vectors.
 *
 * Strings are sized exactly before they are filled, so no realloc leaves
 * copies of a security token or a key behind; every intermediate buffer is
 * wiped before it is freed.
 */
#include <stdlib.h>
#include <string.h>

#include "../log.h"
#include "../sign.h"
#include "../util.h"
#include "alidns.h"

#define V3_ALGORITHM	"ACS3-HMAC-SHA256"

/* calloc that reports; callers only propagate the NULL. */
static void *
alloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n, size)) == NULL)
		log_err("alidns signature: out of memory");
	return p;
}

/*
 * Byte order on the raw names as the reference implementations sort them;
 * equal names keep the caller's order (the pointers share one array).
 */
static int
cmp_name(const void *a, const void *b)
{
	const struct kv *const *pa = a, *const *pb = b;
	int	c;

	if ((c = strcmp((*pa)->name, (*pb)->name)) != 0)
		return c;
	return *pa < *pb ? -1 : *pa > *pb;
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
sort_params(const struct kv *p, size_t n,
    int (*cmp)(const void *, const void *))
{
	const struct kv	**s;
	size_t			  i;

	/* One spare slot: calloc(0, ...) may legitimately return NULL. */
	if ((s = alloc(n + 1, sizeof(*s))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		s[i] = &p[i];
	qsort(s, n, sizeof(*s), cmp);
	return s;
}

char *
alidns_canonical_query(const struct kv *p, size_t n)
{
	const struct kv	**s = NULL;
	char		**enc = NULL, *out = NULL, *q;
	size_t		  i, len, total = 0;

	if ((s = sort_params(p, n, cmp_name)) == NULL)
		goto out;
	if ((enc = alloc(2 * n + 1, sizeof(*enc))) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		if ((enc[2 * i] = sign_pct_encode(s[i]->name)) == NULL ||
		    (enc[2 * i + 1] = sign_pct_encode(s[i]->value)) == NULL)
			goto out;
		/* name '=' value, and '&' before every pair but the first */
		total += strlen(enc[2 * i]) + 1 + strlen(enc[2 * i + 1]) +
		    (i > 0);
	}
	if ((out = alloc(1, total + 1)) == NULL)
		goto out;
	q = out;
	for (i = 0; i < n; i++) {
		if (i > 0)
			*q++ = '&';
		len = strlen(enc[2 * i]);
		memcpy(q, enc[2 * i], len);
		q += len;
		*q++ = '=';
		len = strlen(enc[2 * i + 1]);
		memcpy(q, enc[2 * i + 1], len);
		q += len;
	}
	*q = '\0';
out:
	if (enc != NULL) {
		for (i = 0; i < 2 * n; i++)
			secret_free(enc[i]);
		free(enc);
	}
	free(s);
	return out;
}

char *
alidns_v1_signature(const char *method, const struct kv *p, size_t n,
    const char *secret)
{
	static const char	 mid[] = "&%2F&";
	char			*cqs = NULL, *ecqs = NULL, *sts = NULL;
	char			*key = NULL, *ret = NULL;
	char			 sig[29];
	size_t			 mlen, elen, slen, klen;

	if ((cqs = alidns_canonical_query(p, n)) == NULL)
		goto out;
	/* StringToSign = METHOD & pct("/") & pct(CQS): CQS is encoded twice. */
	if ((ecqs = sign_pct_encode(cqs)) == NULL)
		goto out;
	mlen = strlen(method);
	elen = strlen(ecqs);
	slen = mlen + sizeof(mid) - 1 + elen;
	if ((sts = alloc(1, slen + 1)) == NULL)
		goto out;
	memcpy(sts, method, mlen);
	memcpy(sts + mlen, mid, sizeof(mid) - 1);
	memcpy(sts + mlen + sizeof(mid) - 1, ecqs, elen + 1);

	/* The V1 key is the secret followed by one '&'. */
	klen = strlen(secret) + 1;
	if ((key = alloc(1, klen + 1)) == NULL)
		goto out;
	memcpy(key, secret, klen - 1);
	key[klen - 1] = '&';
	key[klen] = '\0';
	if (hmac_sha1_base64(key, klen, sts, slen, sig) == -1)
		goto out;
	if ((ret = alloc(1, sizeof(sig))) == NULL)
		goto out;
	memcpy(ret, sig, sizeof(sig));
out:
	secret_free(key);
	secret_free(sts);
	secret_free(ecqs);
	secret_free(cqs);
	return ret;
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

/* Copy a header name in lower case; returns the end of the copy. */
static char *
copy_lower(char *q, const char *name)
{
	for (; *name != '\0'; name++)
		*q++ = (char)lower((unsigned char)*name);
	return q;
}

/*
 * The V3 canonical request, and when signed_headers is not NULL the
 * SignedHeaders list as a second new string.
 *
 *	METHOD \n / \n CQS \n (name:value \n)... \n a;b;c \n payload_hash
 */
static char *
v3_canonical(const char *method, const struct kv *query,
    size_t nq, const struct kv *headers, size_t nh,
    const char *payload_hash, char **signed_headers)
{
	const struct kv	**h = NULL;
	const char	 *v;
	char		 *cqs = NULL, *sh = NULL;
	char		 *cr = NULL, *q;
	size_t		  i, vlen, shlen = 0, crlen;

	if (signed_headers != NULL)
		*signed_headers = NULL;
	if ((cqs = alidns_canonical_query(query, nq)) == NULL)
		goto out;
	if ((h = sort_params(headers, nh, cmp_header)) == NULL)
		goto out;

	for (i = 0; i < nh; i++)
		shlen += strlen(h[i]->name) + (i > 0);
	if ((sh = alloc(1, shlen + 1)) == NULL)
		goto out;
	q = sh;
	for (i = 0; i < nh; i++) {
		if (i > 0)
			*q++ = ';';
		q = copy_lower(q, h[i]->name);
	}
	*q = '\0';

	crlen = strlen(method) + 3 + strlen(cqs) + 1;	/* "M\n/\nCQS\n" */
	for (i = 0; i < nh; i++)
		crlen += strlen(h[i]->name) + 1 + trimmed(h[i]->value, &v) + 1;
	crlen += 1 + shlen + 1 + strlen(payload_hash);
	if ((cr = alloc(1, crlen + 1)) == NULL)
		goto out;
	q = cr;
	q = stpcpy(q, method);
	q = stpcpy(q, "\n/\n");
	q = stpcpy(q, cqs);
	*q++ = '\n';
	for (i = 0; i < nh; i++) {
		q = copy_lower(q, h[i]->name);
		*q++ = ':';
		vlen = trimmed(h[i]->value, &v);
		memcpy(q, v, vlen);
		q += vlen;
		*q++ = '\n';
	}
	*q++ = '\n';
	q = stpcpy(q, sh);
	*q++ = '\n';
	(void)stpcpy(q, payload_hash);

	if (signed_headers != NULL) {
		*signed_headers = sh;
		sh = NULL;
	}
out:
	free(sh);
	secret_free(cqs);
	free(h);
	return cr;
}

char *
alidns_v3_canonical_request(const char *method,
    const struct kv *query, size_t nq,
    const struct kv *headers, size_t nh, const char *payload_hash)
{
	return v3_canonical(method, query, nq, headers, nh, payload_hash, NULL);
}

char *
alidns_v3_authorization(const char *method,
    const struct kv *query, size_t nq,
    const struct kv *headers, size_t nh, const char *payload_hash,
    const char *key_id, const char *secret)
{
	static const char	 cred[] = V3_ALGORITHM " Credential=";
	static const char	 shdr[] = ",SignedHeaders=";
	static const char	 sigp[] = ",Signature=";
	char			*cr = NULL, *sh = NULL, *ret = NULL, *q;
	char			 sts[sizeof(V3_ALGORITHM "\n") + 64];
	char			 sig[65];
	size_t			 len;

	if ((cr = v3_canonical(method, query, nq, headers, nh, payload_hash,
	    &sh)) == NULL)
		goto out;
	/* StringToSign = algorithm \n hex(SHA-256(CanonicalRequest)) */
	memcpy(sts, V3_ALGORITHM "\n", sizeof(V3_ALGORITHM "\n") - 1);
	if (sha256_hex(cr, strlen(cr), sts + sizeof(V3_ALGORITHM "\n") - 1)
	    == -1)
		goto out;
	/* Unlike V1, the key is the raw secret, without a trailing '&'. */
	if (hmac_sha256_hex(secret, strlen(secret), sts, strlen(sts), sig)
	    == -1)
		goto out;
	len = sizeof(cred) - 1 + strlen(key_id) + sizeof(shdr) - 1 +
	    strlen(sh) + sizeof(sigp) - 1 + strlen(sig);
	if ((ret = alloc(1, len + 1)) == NULL)
		goto out;
	q = stpcpy(ret, cred);
	q = stpcpy(q, key_id);
	q = stpcpy(q, shdr);
	q = stpcpy(q, sh);
	q = stpcpy(q, sigp);
	(void)stpcpy(q, sig);
out:
	free(sh);
	secret_free(cr);
	return ret;
}
