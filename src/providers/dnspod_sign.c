/*
 * dnspod_sign.c - TC3-HMAC-SHA256, the request signature of Tencent Cloud
 * API 3.0, as DNSPod uses it. sign.c builds the canonical request; the
 * credential scope, the key derivation and the header are here.
 * tests/unit/test_sign.c holds the official vectors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../log.h"
#include "../sign.h"
#include "../util.h"
#include "dnspod.h"

#define SUBJECT		"TC3 signature"
#define ALGORITHM	"TC3-HMAC-SHA256"

int
dnspod_date(time_t ts, char out[11])
{
	struct tm	tm;

	/* UTC: a UTC+8 client using its local date fails until 08:00. */
	if (gmtime_r(&ts, &tm) == NULL ||
	    strftime(out, 11, "%Y-%m-%d", &tm) != 10) {
		log_err("TC3 signature: timestamp %lld out of range",
		    (long long)ts);
		return -1;
	}
	return 0;
}

int
dnspod_keys(const char *secret_key, const char *date, const char *service,
    struct dnspod_keys *k)
{
	char	*key;
	int	 ret = -1;

	if ((key = str_printf(SUBJECT, "TC3%s", secret_key)) == NULL)
		return -1;
	if (hmac_sha256(key, strlen(key), date, strlen(date), k->date) == -1 ||
	    hmac_sha256(k->date, sizeof(k->date), service, strlen(service),
	    k->service) == -1 ||
	    hmac_sha256(k->service, sizeof(k->service), "tc3_request",
	    strlen("tc3_request"), k->signing) == -1)
		goto out;
	ret = 0;
out:
	if (ret == -1)
		wipe(k, sizeof(*k));
	secret_free(key);
	return ret;
}

/* A POST signs an empty query: its parameters travel in the body. */
static void
tc3_request(const struct sign_request *req, struct sign_request *r)
{
	*r = *req;
	if (strcmp(r->method, "POST") == 0) {
		r->query = NULL;
		r->nquery = 0;
	}
}

char *
dnspod_canonical_request(const struct sign_request *req)
{
	struct sign_request	r;

	tc3_request(req, &r);
	return sign_canonical_request(&r, SIGN_TC3, NULL);
}

/* The string to sign, and the SignedHeaders list when signed_headers. */
static char *
string_to_sign(const struct sign_request *req, time_t ts, const char *date,
    const char *service, char **signed_headers)
{
	struct sign_request	 r;
	char			 hash[65], *sts;

	tc3_request(req, &r);
	if (sign_canonical_hash(&r, SIGN_TC3, hash, signed_headers) == -1)
		return NULL;
	if ((sts = str_printf(SUBJECT,
	    ALGORITHM "\n%lld\n%s/%s/tc3_request\n%s", (long long)ts, date,
	    service, hash)) == NULL &&
	    signed_headers != NULL) {
		free(*signed_headers);
		*signed_headers = NULL;
	}
	return sts;
}

char *
dnspod_string_to_sign(const struct sign_request *req, time_t ts,
    const char *service)
{
	char	date[11];

	if (dnspod_date(ts, date) == -1)
		return NULL;
	return string_to_sign(req, ts, date,
	    service != NULL ? service : DNSPOD_SERVICE, NULL);
}

char *
dnspod_authorization(const struct sign_request *req, time_t ts,
    const char *service, const char *secret_id, const char *secret_key)
{
	struct dnspod_keys	 k;
	char			 date[11], sig[65];
	char			*sts = NULL, *sh = NULL, *ret = NULL;

	if (service == NULL)
		service = DNSPOD_SERVICE;
	if (dnspod_date(ts, date) == -1 ||
	    (sts = string_to_sign(req, ts, date, service, &sh)) == NULL ||
	    dnspod_keys(secret_key, date, service, &k) == -1)
		goto out;
	if (hmac_sha256_hex(k.signing, sizeof(k.signing), sts, strlen(sts),
	    sig) == -1)
		goto out;
	ret = str_printf(SUBJECT,
	    ALGORITHM " Credential=%s/%s/%s/tc3_request, "
	    "SignedHeaders=%s, Signature=%s", secret_id, date, service, sh,
	    sig);
out:
	wipe(&k, sizeof(k));
	free(sh);
	free(sts);
	return ret;
}
