/*
 * alidns_sign.c - Alibaba Cloud request signatures: RPC V1 (HMAC-SHA1 over
 * the canonical query string) and ACS3-HMAC-SHA256 (V3, over a canonical
 * request, built by sign.c). Built only on sign.h; tests/unit/test_sign.c
 * holds the vectors.
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

char *
alidns_canonical_query(const struct kv *p, size_t n)
{
	return sign_canonical_query(p, n, SIGN_ACS3);
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

/* The V3 canonical request of an RPC API: its path is always "/". */
static char *
v3_canonical(const char *method, const struct kv *query, size_t nq,
    const struct kv *headers, size_t nh, const char *payload_hash,
    char **signed_headers)
{
	struct sign_request	r;

	r.method = method;
	r.path = "/";
	r.query = query;
	r.nquery = nq;
	r.headers = headers;
	r.nheaders = nh;
	r.payload_hash = payload_hash;
	return sign_canonical_request(&r, SIGN_ACS3, signed_headers);
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
