/*
 * huaweicloud_sign.c - SDK-HMAC-SHA256, the AK/SK request signature of
 * Huawei Cloud's API gateway. sign.c builds the canonical request; the
 * string to sign and the header are here. tests/unit/test_sign.c holds
 * the official vectors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../log.h"
#include "../sign.h"
#include "../util.h"
#include "huaweicloud.h"

#define ALGORITHM	"SDK-HMAC-SHA256"
#define SUBJECT		ALGORITHM " signature"
#define BLANKS		" \t\r\n\v\f"

int
huaweicloud_sdk_date(time_t t, char out[17])
{
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) != 16) {
		log_err(ALGORITHM " signature: time %lld out of range",
		    (long long)t);
		return -1;
	}
	return 0;
}

char *
huaweicloud_canonical_request(const struct sign_request *req)
{
	return sign_canonical_request(req, SIGN_SDK_HMAC, NULL);
}

/*
 * The string to sign, and the SignedHeaders list when signed_headers. The
 * date is the signed X-Sdk-Date header's, trimmed as the canonical request
 * has it, so the two cannot disagree.
 */
static char *
string_to_sign(const struct sign_request *req, char **signed_headers)
{
	const char	*date = NULL;
	char		 hash[65], *sts;
	size_t		 i, len;

	if (signed_headers != NULL)
		*signed_headers = NULL;
	for (i = 0; i < req->nheaders && date == NULL; i++)
		if (str_ieq(req->headers[i].name, "X-Sdk-Date"))
			date = req->headers[i].value;
	if (date == NULL) {
		log_err(ALGORITHM " signature: no X-Sdk-Date header to sign");
		return NULL;
	}
	date += strspn(date, BLANKS);
	for (len = strlen(date); len > 0 && strchr(BLANKS, date[len - 1]);
	    len--)
		;
	if (sign_canonical_hash(req, SIGN_SDK_HMAC, hash, signed_headers)
	    == -1)
		return NULL;
	if ((sts = str_printf(SUBJECT, ALGORITHM "\n%.*s\n%s", (int)len, date, hash))
	    == NULL && signed_headers != NULL) {
		free(*signed_headers);
		*signed_headers = NULL;
	}
	return sts;
}

char *
huaweicloud_string_to_sign(const struct sign_request *req)
{
	return string_to_sign(req, NULL);
}

char *
huaweicloud_authorization(const struct sign_request *req, const char *ak,
    const char *sk)
{
	char	*sts = NULL, *sh = NULL, *ret = NULL, sig[65];

	if ((sts = string_to_sign(req, &sh)) == NULL)
		goto out;
	/* Unlike TC3 and SigV4, no key is derived: the SK signs. */
	if (hmac_sha256_hex(sk, strlen(sk), sts, strlen(sts), sig) == -1)
		goto out;
	ret = str_printf(SUBJECT,
	    ALGORITHM " Access=%s, SignedHeaders=%s, Signature=%s",
	    ak, sh, sig);
out:
	free(sh);
	free(sts);
	return ret;
}
