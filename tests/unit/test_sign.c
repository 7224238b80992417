/*
 * test_sign.c - sign.c primitives, the shared canonical request, and the
 * signatures against the official and self-made vectors of
 * shared/reference/alidns.md (1.5, 2) and providers.md (1.3, 2.2): Alidns
 * V1 and ACS3, DNSPod's TC3-HMAC-SHA256, Huawei's SDK-HMAC-SHA256.
 * Parameters are listed out of order on purpose so that sorting is tested.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sign.h"
#include "providers/alidns.h"
#include "providers/dnspod.h"
#include "providers/huaweicloud.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define EMPTY_SHA256 \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void
check_v1(const char *method, const struct kv *p, size_t n,
    const char *secret, const char *expect)
{
	char	*sig;

	sig = alidns_v1_signature(method, p, n, secret);
	assert_non_null(sig);
	assert_string_equal(sig, expect);
	free(sig);
}

static void
check_query(const struct kv *p, size_t n, const char *expect)
{
	char	*cqs;

	cqs = alidns_canonical_query(p, n);
	assert_non_null(cqs);
	assert_string_equal(cqs, expect);
	free(cqs);
}

/* V1: the Alidns "调用说明" example (help.aliyun.com/document_detail/29819). */
static const struct kv v1_params[] = {
	{ "Version", "2015-01-09" },
	{ "Timestamp", "2016-03-24T16:41:54Z" },
	{ "SignatureVersion", "1.0" },
	{ "SignatureNonce", "f59ed6a9-83fc-473b-9cc6-99c95df3856e" },
	{ "SignatureMethod", "HMAC-SHA1" },
	{ "Format", "XML" },
	{ "DomainName", "example.com" },
	{ "Action", "DescribeDomainRecords" },
	{ "AccessKeyId", "testid" },
};

static void
test_v1_alidns_doc(void **state)
{
	(void)state;
	check_query(v1_params, NELEM(v1_params),
	    "AccessKeyId=testid&Action=DescribeDomainRecords"
	    "&DomainName=example.com&Format=XML&SignatureMethod=HMAC-SHA1"
	    "&SignatureNonce=f59ed6a9-83fc-473b-9cc6-99c95df3856e"
	    "&SignatureVersion=1.0&Timestamp=2016-03-24T16%3A41%3A54Z"
	    "&Version=2015-01-09");
	check_v1("GET", v1_params, NELEM(v1_params), "testsecret",
	    "uRpHwaSEt3J+6KQD//svCh/x+pI=");
}

/* V2: the V2 RPC doc's "fixed parameter values" example. */
static const struct kv v2_params[] = {
	{ "Timestamp", "2023-03-13T08:34:30Z" },
	{ "RegionId", "cn-beijing" },
	{ "Action", "DescribeDedicatedHosts" },
	{ "SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb" },
	{ "Format", "JSON" },
	{ "SignatureMethod", "HMAC-SHA1" },
	{ "AccessKeyId", "testid" },
	{ "Version", "2014-05-26" },
	{ "SignatureVersion", "1.0" },
};

static void
test_v2_get(void **state)
{
	(void)state;
	check_query(v2_params, NELEM(v2_params),
	    "AccessKeyId=testid&Action=DescribeDedicatedHosts&Format=JSON"
	    "&RegionId=cn-beijing&SignatureMethod=HMAC-SHA1"
	    "&SignatureNonce=edb2b34af0af9a6d14deaf7c1a5315eb"
	    "&SignatureVersion=1.0&Timestamp=2023-03-13T08%3A34%3A30Z"
	    "&Version=2014-05-26");
	check_v1("GET", v2_params, NELEM(v2_params), "testsecret",
	    "9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
}

static void
test_v2_post(void **state)
{
	(void)state;
	check_v1("POST", v2_params, NELEM(v2_params), "testsecret",
	    "ZvQ9xGiFnquSJRvj+WE6kdSpTwU=");
}

/* V3: AlibabaCloudDocs/api RPC API签名.md; V3' spells it TimeStamp. */
static void
test_v3_rpc_doc(void **state)
{
	static const struct kv p[] = {
		{ "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" },
		{ "Version", "2014-05-26" },
		{ "Action", "DescribeRegions" },
		{ "SignatureMethod", "HMAC-SHA1" },
		{ "Timestamp", "2016-02-23T12:46:24Z" },
		{ "Format", "XML" },
		{ "SignatureVersion", "1.0" },
		{ "AccessKeyId", "testid" },
	};

	(void)state;
	check_v1("GET", p, NELEM(p), "testsecret",
	    "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
}

static void
test_v3_timestamp_typo(void **state)
{
	static const struct kv p[] = {
		{ "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" },
		{ "Version", "2014-05-26" },
		{ "Action", "DescribeRegions" },
		{ "SignatureMethod", "HMAC-SHA1" },
		{ "TimeStamp", "2016-02-23T12:46:24Z" },
		{ "Format", "XML" },
		{ "SignatureVersion", "1.0" },
		{ "AccessKeyId", "testid" },
	};

	(void)state;
	check_v1("GET", p, NELEM(p), "testsecret",
	    "CT9X0VtwR86fNWSnsc6v8YGOjuE=");
}

/* V4: Alibaba CDN signature doc. */
static void
test_v4_cdn_doc(void **state)
{
	static const struct kv p[] = {
		{ "Format", "JSON" },
		{ "Version", "2014-11-11" },
		{ "AccessKeyId", "testid" },
		{ "SignatureMethod", "HMAC-SHA1" },
		{ "Timestamp", "2015-08-06T02:19:46Z" },
		{ "SignatureVersion", "1.0" },
		{ "SignatureNonce", "9b7a44b0-3be1-11e5-8c73-08002700c460" },
		{ "Action", "DescribeCdnService" },
	};

	(void)state;
	check_v1("GET", p, NELEM(p), "testsecret",
	    "KkkQOf0ymKf4yVZLggy6kYiwgFs=");
}

/* S1, S2: aliyun/darabonba-openapi-util tests. */
static void
test_s1_empty_method(void **state)
{
	static const struct kv p[] = { { "test", "ok" } };

	(void)state;
	check_v1("", p, NELEM(p), "accessKeySecret",
	    "jHx/oHoHNrbVfhncHEvPdHXZwHU=");
}

static void
test_s2(void **state)
{
	static const struct kv p[] = {
		{ "query", "test" },
		{ "body", "test" },
	};

	(void)state;
	check_query(p, NELEM(p), "body=test&query=test");
	check_v1("GET", p, NELEM(p), "secret", "XlUyV4sXjOuX5FnjUz9IF9tm5rU=");
}

/* E1: wildcard, space, every reserved character and UTF-8 in values. */
static const struct kv e1_params[] = {
	{ "Value", "x~y!'()*+/=\xc3\xa9" },
	{ "Type", "A" },
	{ "Timestamp", "2024-01-01T00:00:00Z" },
	{ "SignatureVersion", "1.0" },
	{ "SignatureNonce", "n1" },
	{ "SignatureMethod", "HMAC-SHA1" },
	{ "RecordId", "9999985" },
	{ "RR", "*.a b" },
	{ "Format", "JSON" },
	{ "Action", "UpdateDomainRecord" },
	{ "AccessKeyId", "testid" },
	{ "Version", "2015-01-09" },
};

static void
test_e1_get(void **state)
{
	char	*cqs;

	(void)state;
	cqs = alidns_canonical_query(e1_params, NELEM(e1_params));
	assert_non_null(cqs);
	/* Byte order: "RR" sorts before "RecordId". */
	assert_non_null(strstr(cqs, "&RR=%2A.a%20b&RecordId=9999985&"));
	assert_non_null(strstr(cqs,
	    "&Value=x~y%21%27%28%29%2A%2B%2F%3D%C3%A9&"));
	free(cqs);
	check_v1("GET", e1_params, NELEM(e1_params), "testsecret",
	    "T7Geqa2l2v6YdxkeA1MvKbght0U=");
}

static void
test_e1_post(void **state)
{
	(void)state;
	check_v1("POST", e1_params, NELEM(e1_params), "testsecret",
	    "J54ZZLDuV32w494nfaR4Aj2ejpQ=");
}

/* E2: STS token and an IPv6 value; "TTL" sorts before "Timestamp". */
static const struct kv e2_params[] = {
	{ "Version", "2015-01-09" },
	{ "Value", "2001:db8::1" },
	{ "Type", "AAAA" },
	{ "Timestamp", "2024-05-01T00:00:00Z" },
	{ "TTL", "600" },
	{ "SignatureVersion", "1.0" },
	{ "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" },
	{ "SignatureMethod", "HMAC-SHA1" },
	{ "SecurityToken", "sts/tok+en=" },
	{ "RecordId", "9999985" },
	{ "RR", "ha" },
	{ "Format", "JSON" },
	{ "Action", "UpdateDomainRecord" },
	{ "AccessKeyId", "testid" },
};

static void
test_e2_get(void **state)
{
	(void)state;
	check_query(e2_params, NELEM(e2_params),
	    "AccessKeyId=testid&Action=UpdateDomainRecord&Format=JSON&RR=ha"
	    "&RecordId=9999985&SecurityToken=sts%2Ftok%2Ben%3D"
	    "&SignatureMethod=HMAC-SHA1"
	    "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
	    "&SignatureVersion=1.0&TTL=600&Timestamp=2024-05-01T00%3A00%3A00Z"
	    "&Type=AAAA&Value=2001%3Adb8%3A%3A1&Version=2015-01-09");
	check_v1("GET", e2_params, NELEM(e2_params), "testsecret",
	    "X/TWO/TlC31hKfxUE4ZGiPEsZmE=");
}

static void
test_e2_post(void **state)
{
	(void)state;
	check_v1("POST", e2_params, NELEM(e2_params), "testsecret",
	    "CySsHTwXx0p/b8nRzTi/NesnOsI=");
}

static void
test_canonical_query_empty(void **state)
{
	(void)state;
	check_query(NULL, 0, "");
}

/* Equal names keep the caller's order, so the output is deterministic. */
static void
test_canonical_query_repeated_name(void **state)
{
	static const struct kv p[] = {
		{ "b", "1" },
		{ "a", "2" },
		{ "a", "1" },
	};

	(void)state;
	check_query(p, NELEM(p), "a=2&a=1&b=1");
}

/* ACS3-HMAC-SHA256: the official RunInstances example of the V3 doc. */
static const struct kv acs3_query[] = {
	{ "RegionId", "cn-shanghai" },
	{ "ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd" },
};

static const struct kv acs3_headers[] = {
	{ "host", "ecs.cn-shanghai.aliyuncs.com" },
	{ "x-acs-action", "RunInstances" },
	{ "x-acs-version", "2014-05-26" },
	{ "x-acs-date", "2023-10-26T10:22:32Z" },
	{ "x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d" },
	{ "x-acs-content-sha256", EMPTY_SHA256 },
};

#define ACS3_SIGNED_HEADERS \
	"host;x-acs-action;x-acs-content-sha256;x-acs-date;" \
	"x-acs-signature-nonce;x-acs-version"
#define ACS3_AUTHORIZATION \
	"ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=" \
	ACS3_SIGNED_HEADERS ",Signature=" \
	"06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"

static void
test_acs3_canonical_request(void **state)
{
	char	*cr, hash[65];

	(void)state;
	cr = alidns_v3_canonical_request("POST", acs3_query, NELEM(acs3_query),
	    acs3_headers, NELEM(acs3_headers), EMPTY_SHA256);
	assert_non_null(cr);
	assert_string_equal(cr,
	    "POST\n"
	    "/\n"
	    "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"
	    "&RegionId=cn-shanghai\n"
	    "host:ecs.cn-shanghai.aliyuncs.com\n"
	    "x-acs-action:RunInstances\n"
	    "x-acs-content-sha256:" EMPTY_SHA256 "\n"
	    "x-acs-date:2023-10-26T10:22:32Z\n"
	    "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
	    "x-acs-version:2014-05-26\n"
	    "\n"
	    ACS3_SIGNED_HEADERS "\n"
	    EMPTY_SHA256);
	assert_int_equal(sha256_hex(cr, strlen(cr), hash), 0);
	assert_string_equal(hash,
	    "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
	free(cr);
}

static void
test_acs3_authorization(void **state)
{
	char	*auth;

	(void)state;
	auth = alidns_v3_authorization("POST", acs3_query, NELEM(acs3_query),
	    acs3_headers, NELEM(acs3_headers), EMPTY_SHA256, "YourAccessKeyId",
	    "YourAccessKeySecret");
	assert_non_null(auth);
	assert_string_equal(auth, ACS3_AUTHORIZATION);
	free(auth);
}

/* Header names are lower-cased and sorted, values trimmed at both ends. */
static void
test_acs3_headers_normalised(void **state)
{
	static const struct kv h[] = {
		{ "X-Acs-Version", "2014-05-26" },
		{ "x-acs-content-sha256", EMPTY_SHA256 },
		{ "x-acs-date", " 2023-10-26T10:22:32Z" },
		{ "Host", "\tecs.cn-shanghai.aliyuncs.com  " },
		{ "x-acs-signature-nonce",
		    "3156853299f313e23d1673dc12e1703d " },
		{ "X-ACS-ACTION", "RunInstances" },
	};
	char	*auth;

	(void)state;
	auth = alidns_v3_authorization("POST", acs3_query, NELEM(acs3_query),
	    h, NELEM(h), EMPTY_SHA256, "YourAccessKeyId",
	    "YourAccessKeySecret");
	assert_non_null(auth);
	assert_string_equal(auth, ACS3_AUTHORIZATION);
	free(auth);
}

/* The same request signed by GET must differ: the method is signed. */
static void
test_acs3_method_signed(void **state)
{
	char	*auth;

	(void)state;
	auth = alidns_v3_authorization("GET", acs3_query, NELEM(acs3_query),
	    acs3_headers, NELEM(acs3_headers), EMPTY_SHA256, "YourAccessKeyId",
	    "YourAccessKeySecret");
	assert_non_null(auth);
	assert_string_not_equal(auth, ACS3_AUTHORIZATION);
	free(auth);
}

/*
 * The shared canonical request: how the three schemes differ. Each case
 * checks the whole string, so a stray byte anywhere fails it.
 */
static void
check_canonical(const struct sign_request *r, int flags, const char *expect,
    const char *expect_signed)
{
	char	*cr, *sh;

	cr = sign_canonical_request(r, flags, &sh);
	assert_non_null(cr);
	assert_non_null(sh);
	assert_string_equal(cr, expect);
	assert_string_equal(sh, expect_signed);
	free(cr);
	free(sh);
}

/* Raw-name order (ACS3) against encoded-name-then-value order (Huawei). */
static void
test_canonical_query_orders(void **state)
{
	static const struct kv p[] = {
		{ "b", "1" },
		{ "a:", "x" },		/* %3A sorts before '0', ':' after */
		{ "a0", "y" },
		{ "a", "2" },
		{ "a", "1" },
		{ "e", "" },
	};
	char	*cqs;

	(void)state;
	cqs = sign_canonical_query(p, NELEM(p), SIGN_ACS3);
	assert_non_null(cqs);
	assert_string_equal(cqs, "a=2&a=1&a0=y&a%3A=x&b=1&e=");
	free(cqs);
	cqs = sign_canonical_query(p, NELEM(p), SIGN_SDK_HMAC);
	assert_non_null(cqs);
	assert_string_equal(cqs, "a=1&a=2&a%3A=x&a0=y&b=1&e=");
	free(cqs);
	cqs = sign_canonical_query(NULL, 0, SIGN_SDK_HMAC);
	assert_non_null(cqs);
	assert_string_equal(cqs, "");
	free(cqs);
}

/* Segments are encoded, '/' kept; only SDK-HMAC appends a final '/'. */
static void
test_canonical_path(void **state)
{
	static const struct kv h[] = { { "Host", "h.example" } };
	struct sign_request	r = { "GET", "/v2/zones/a b/\xc3\xa9:*", NULL, 0,
	    h, NELEM(h), EMPTY_SHA256 };

	(void)state;
	check_canonical(&r, SIGN_SDK_HMAC,
	    "GET\n/v2/zones/a%20b/%C3%A9%3A%2A/\n\nhost:h.example\n\nhost\n"
	    EMPTY_SHA256, "host");
	check_canonical(&r, SIGN_ACS3,
	    "GET\n/v2/zones/a%20b/%C3%A9%3A%2A\n\nhost:h.example\n\nhost\n"
	    EMPTY_SHA256, "host");
	r.path = "/v2/zones/";
	check_canonical(&r, SIGN_SDK_HMAC,
	    "GET\n/v2/zones/\n\nhost:h.example\n\nhost\n" EMPTY_SHA256,
	    "host");
	r.path = NULL;
	check_canonical(&r, SIGN_SDK_HMAC,
	    "GET\n/\n\nhost:h.example\n\nhost\n" EMPTY_SHA256, "host");
	r.path = "";
	check_canonical(&r, SIGN_TC3,
	    "GET\n/\n\nhost:h.example\n\nhost\n" EMPTY_SHA256, "host");
}

/* Values are trimmed by every scheme; TC3 lower-cases them as well. */
static void
test_canonical_header_values(void **state)
{
	static const struct kv h[] = {
		{ "X-TC-Action", " DescribeRecordList\t" },
		{ "Content-Type", "Application/JSON; Charset=UTF-8 " },
		{ "HOST", "\r\n DNSPod.TencentCloudAPI.com" },
		{ "x-empty", "  " },
	};
	struct sign_request	r = { "POST", "/", NULL, 0, h, NELEM(h),
	    EMPTY_SHA256 };

	(void)state;
	check_canonical(&r, SIGN_TC3,
	    "POST\n/\n\n"
	    "content-type:application/json; charset=utf-8\n"
	    "host:dnspod.tencentcloudapi.com\n"
	    "x-empty:\n"
	    "x-tc-action:describerecordlist\n"
	    "\n"
	    "content-type;host;x-empty;x-tc-action\n" EMPTY_SHA256,
	    "content-type;host;x-empty;x-tc-action");
	check_canonical(&r, SIGN_ACS3,
	    "POST\n/\n\n"
	    "content-type:Application/JSON; Charset=UTF-8\n"
	    "host:DNSPod.TencentCloudAPI.com\n"
	    "x-empty:\n"
	    "x-tc-action:DescribeRecordList\n"
	    "\n"
	    "content-type;host;x-empty;x-tc-action\n" EMPTY_SHA256,
	    "content-type;host;x-empty;x-tc-action");
}

/* The hash is that of the canonical request; no header, no query. */
static void
test_canonical_hash(void **state)
{
	struct sign_request	r = { "GET", "/", NULL, 0, NULL, 0,
	    EMPTY_SHA256 };
	char			hash[65], want[65], *sh;
	static const char	cr[] = "GET\n/\n\n\n\n" EMPTY_SHA256;

	(void)state;
	check_canonical(&r, SIGN_ACS3, cr, "");
	assert_int_equal(sha256_hex(cr, strlen(cr), want), 0);
	assert_int_equal(sign_canonical_hash(&r, SIGN_ACS3, hash, &sh), 0);
	assert_string_equal(hash, want);
	assert_string_equal(sh, "");
	free(sh);
	assert_int_equal(sign_canonical_hash(&r, SIGN_ACS3, hash, NULL), 0);
	assert_string_equal(hash, want);
}

/*
 * TC3-HMAC-SHA256: Tencent's worked example (shared/reference/providers.md
 * 1.3), all three revisions of the page, and our DNSPod vector.
 */
#define TC3_CVM_BODY \
	"{\"Limit\": 1, \"Filters\": [{\"Values\": " \
	"[\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}"
#define TC3_CVM_BODY_SHA256 \
	"35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
#define TC3_CVM_TS	1551113065	/* 2019-02-25 16:44:25 UTC */
#define TC3_MASKED_ID	"AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******"
#define TC3_MASKED_KEY	"Gu5t9xGARNpq86cd98joQYCN3*******"

static const struct kv tc3_cvm_headers[] = {
	{ "X-TC-Action", "DescribeInstances" },
	{ "Host", "cvm.tencentcloudapi.com" },
	{ "Content-Type", "application/json; charset=utf-8" },
};

#define TC3_DNSPOD_BODY \
	"{\"Domain\":\"example.com\",\"Subdomain\":\"ha\",\"RecordType\":\"A\"}"
#define TC3_DNSPOD_BODY_SHA256 \
	"e71651bdc6cf1708f8b6f298f178d76c5a151cb1ed5bdf31f11f3bf092a07d50"
#define TC3_DNSPOD_TS	1700000000	/* 2023-11-14 22:13:20 UTC */

static const struct kv tc3_dnspod_headers[] = {
	{ "Content-Type", "application/json; charset=utf-8" },
	{ "Host", "dnspod.tencentcloudapi.com" },
	{ "X-TC-Action", "DescribeRecordList" },
};

/* The request with the first nh headers (two: content-type;host). */
static struct sign_request
tc3_req(const struct kv *h, size_t nh, const char *payload_hash)
{
	struct sign_request	r = { "POST", "/", NULL, 0, h, nh,
	    payload_hash };

	return r;
}

static void
hex(const unsigned char *p, size_t len, char *out)
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

/* Headers are sorted, so content-type and host come first in these. */
static void
check_tc3(const struct sign_request *r, time_t ts, const char *service,
    const char *id, const char *key, const char *scope, const char *cr_hash,
    const char *signed_headers, const char *signature)
{
	char	*sts, *auth, want[512];

	sts = dnspod_string_to_sign(r, ts, service);
	assert_non_null(sts);
	snprintf(want, sizeof(want), "TC3-HMAC-SHA256\n%lld\n%s\n%s",
	    (long long)ts, scope, cr_hash);
	assert_string_equal(sts, want);
	free(sts);
	auth = dnspod_authorization(r, ts, service, id, key);
	assert_non_null(auth);
	snprintf(want, sizeof(want), "TC3-HMAC-SHA256 Credential=%s/%s, "
	    "SignedHeaders=%s, Signature=%s", id, scope, signed_headers,
	    signature);
	assert_string_equal(auth, want);
	free(auth);
}

static void
test_tc3_body_hashes(void **state)
{
	char	hash[65];

	(void)state;
	assert_int_equal(strlen(TC3_CVM_BODY), 86);
	assert_int_equal(sha256_hex(TC3_CVM_BODY, strlen(TC3_CVM_BODY), hash),
	    0);
	assert_string_equal(hash, TC3_CVM_BODY_SHA256);
	assert_int_equal(sha256_hex(TC3_DNSPOD_BODY, strlen(TC3_DNSPOD_BODY),
	    hash), 0);
	assert_string_equal(hash, TC3_DNSPOD_BODY_SHA256);
}

/* Row 1: the current Chinese doc and the official demo repository. */
static void
test_tc3_cvm_current_doc(void **state)
{
	struct sign_request	r = tc3_req(tc3_cvm_headers, 3,
	    TC3_CVM_BODY_SHA256);
	char			*cr;

	(void)state;
	cr = dnspod_canonical_request(&r);
	assert_non_null(cr);
	assert_string_equal(cr,
	    "POST\n/\n\n"
	    "content-type:application/json; charset=utf-8\n"
	    "host:cvm.tencentcloudapi.com\n"
	    "x-tc-action:describeinstances\n"
	    "\n"
	    "content-type;host;x-tc-action\n"
	    TC3_CVM_BODY_SHA256);
	free(cr);
	check_tc3(&r, TC3_CVM_TS, "cvm", TC3_MASKED_ID, TC3_MASKED_KEY,
	    "2019-02-25/cvm/tc3_request",
	    "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
	    "content-type;host;x-tc-action",
	    "be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3");
}

/* Rows 2 and 3: the earlier Chinese doc and the English doc. */
static void
test_tc3_cvm_earlier_docs(void **state)
{
	struct sign_request	r = tc3_req(tc3_cvm_headers + 1, 2,
	    TC3_CVM_BODY_SHA256);

	(void)state;
	check_tc3(&r, TC3_CVM_TS, "cvm", TC3_MASKED_ID, TC3_MASKED_KEY,
	    "2019-02-25/cvm/tc3_request",
	    "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
	    "content-type;host",
	    "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
	check_tc3(&r, TC3_CVM_TS, "cvm", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
	    "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "2019-02-25/cvm/tc3_request",
	    "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
	    "content-type;host",
	    "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
}

static void
check_keys(const char *secret, const char *date, const char *service,
    const char *kdate, const char *kservice, const char *ksigning)
{
	struct dnspod_keys	k;
	char			h[65];

	assert_int_equal(dnspod_keys(secret, date, service, &k), 0);
	if (kdate != NULL) {
		hex(k.date, sizeof(k.date), h);
		assert_string_equal(h, kdate);
	}
	if (kservice != NULL) {
		hex(k.service, sizeof(k.service), h);
		assert_string_equal(h, kservice);
	}
	hex(k.signing, sizeof(k.signing), h);
	assert_string_equal(h, ksigning);
}

static void
test_tc3_keys(void **state)
{
	(void)state;
	check_keys(TC3_MASKED_KEY, "2019-02-25", "cvm",
	    "f1cb4d518a0eda9d5cbbfdb7850983f1e603eeae484edea76e4dd8d8deb5556e",
	    "e7c609ce81bea53546bed2cc904778bef9ca14082e48e67883443ed64e227cd7",
	    "8aa8ab5755582f576e94bcfe383b8e29325b0ca90c3590d569221c6a63a091ed");
	check_keys("SECRETEXAMPLE", "2023-11-14", DNSPOD_SERVICE, NULL, NULL,
	    "6082bc103ecc490cd702c19a7e11d1f67cdb6b7cadcb4a26e96055695a72e4fc");
}

/* Our DNSPod vector; service NULL is "dnspod". */
static void
test_tc3_dnspod(void **state)
{
	struct sign_request	r;

	(void)state;
	r = tc3_req(tc3_dnspod_headers, 2, TC3_DNSPOD_BODY_SHA256);
	check_tc3(&r, TC3_DNSPOD_TS, NULL, "AKIDEXAMPLE", "SECRETEXAMPLE",
	    "2023-11-14/dnspod/tc3_request",
	    "1bbcb60ad1dbff786b4ee30dde363664a0f9f02ed381c00a5d34a0b041c0ad92",
	    "content-type;host",
	    "0db727fd1dd0c10abad462058202d05e9a5a03afa177783397af4ffbc09437df");
	r = tc3_req(tc3_dnspod_headers, 3, TC3_DNSPOD_BODY_SHA256);
	check_tc3(&r, TC3_DNSPOD_TS, "dnspod", "AKIDEXAMPLE", "SECRETEXAMPLE",
	    "2023-11-14/dnspod/tc3_request",
	    "efb50c06bb480acff8317f2b79867b499e93606ce4e550c92cf0533d0ad9e276",
	    "content-type;host;x-tc-action",
	    "a8c205b99d20b78b082bc5006cf0e28300b13b11f08dffcc40ed9c32263c43e0");
}

static void
check_date(time_t ts, const char *want)
{
	char	date[11], *sts, scope[64];

	assert_int_equal(dnspod_date(ts, date), 0);
	assert_string_equal(date, want);
	sts = dnspod_string_to_sign(&(struct sign_request){ "POST", "/",
	    NULL, 0, tc3_dnspod_headers, 2, EMPTY_SHA256 }, ts, NULL);
	assert_non_null(sts);
	snprintf(scope, sizeof(scope), "\n%s/dnspod/tc3_request\n", want);
	assert_non_null(strstr(sts, scope));
	free(sts);
}

/*
 * The scope's date is the UTC date of the timestamp, whatever the local
 * zone: in UTC+8 the doc's own example is already the 26th, and around
 * midnight UTC the local date differs on one side or the other.
 */
static void
test_tc3_utc_date(void **state)
{
	static const char *const zones[] = { "CST-8", "EST5", "UTC0" };
	const char	*saved = getenv("TZ");
	char		*old = saved != NULL ? strdup(saved) : NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(zones); i++) {
		assert_int_equal(setenv("TZ", zones[i], 1), 0);
		tzset();
		check_date(TC3_CVM_TS, "2019-02-25");
		check_date(1700006399, "2023-11-14");	/* 23:59:59 UTC */
		check_date(1700006400, "2023-11-15");	/* 00:00:00 UTC */
		check_date(0, "1970-01-01");
	}
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
}

static void
check_prefix(const char *s, const char *prefix)
{
	assert_non_null(s);
	if (strncmp(s, prefix, strlen(prefix)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", s, prefix);
}

/* A POST signs no query; a GET signs its query. */
static void
test_tc3_query(void **state)
{
	static const struct kv	q[] = { { "Limit", "10" }, { "Offset", "0" } };
	struct sign_request	r = tc3_req(tc3_dnspod_headers, 2,
	    EMPTY_SHA256);
	char			*cr;

	(void)state;
	r.query = q;
	r.nquery = NELEM(q);
	cr = dnspod_canonical_request(&r);
	check_prefix(cr, "POST\n/\n\ncontent-type:");
	free(cr);
	r.method = "GET";
	cr = dnspod_canonical_request(&r);
	check_prefix(cr, "GET\n/\nLimit=10&Offset=0\ncontent-type:");
	free(cr);
}

/*
 * SDK-HMAC-SHA256: the API gateway doc's example and our DNS PUT vector
 * (shared/reference/providers.md 2.2).
 */
#define SDK_AK	"QTWAOYTTINDUT2QVKYUC"
#define SDK_SK	"MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"

static const struct kv sdk_doc_query[] = {
	{ "marker", "13551d6b-755d-4757-b956-536f674975c0" },
	{ "limit", "2" },
};

static const struct kv sdk_doc_headers[] = {
	{ "X-Sdk-Date", "20191115T033655Z" },
	{ "Host", "service.region.example.com" },
	{ "Content-Type", "application/json" },
};

static void
check_sdk(const struct sign_request *r, const char *date,
    const char *cr_hash, const char *signed_headers, const char *signature)
{
	char	*sts, *auth, want[512];

	sts = huaweicloud_string_to_sign(r);
	assert_non_null(sts);
	snprintf(want, sizeof(want), "SDK-HMAC-SHA256\n%s\n%s", date,
	    cr_hash);
	assert_string_equal(sts, want);
	free(sts);
	auth = huaweicloud_authorization(r, SDK_AK, SDK_SK);
	assert_non_null(auth);
	snprintf(want, sizeof(want), "SDK-HMAC-SHA256 Access=" SDK_AK
	    ", SignedHeaders=%s, Signature=%s", signed_headers, signature);
	assert_string_equal(auth, want);
	free(auth);
}

static void
test_sdk_doc(void **state)
{
	struct sign_request	r = { "GET",
	    "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
	    sdk_doc_query, NELEM(sdk_doc_query),
	    sdk_doc_headers, NELEM(sdk_doc_headers), EMPTY_SHA256 };
	char			*cr;

	(void)state;
	cr = huaweicloud_canonical_request(&r);
	assert_non_null(cr);
	assert_string_equal(cr,
	    "GET\n"
	    "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n"
	    "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n"
	    "content-type:application/json\n"
	    "host:service.region.example.com\n"
	    "x-sdk-date:20191115T033655Z\n"
	    "\n"
	    "content-type;host;x-sdk-date\n"
	    EMPTY_SHA256);
	free(cr);
	check_sdk(&r, "20191115T033655Z",
	    "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
	    "content-type;host;x-sdk-date",
	    "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
}

static void
test_sdk_dns_put(void **state)
{
	static const char	body[] =
	    "{\"records\":[\"192.0.2.1\",\"192.0.2.2\"],\"ttl\":300}";
	static const struct kv	h[] = {
		{ "Content-Type", "application/json" },
		{ "X-Sdk-Date", "20240101T000000Z" },
		{ "Host", "dns.myhuaweicloud.com" },
	};
	struct sign_request	r = { "PUT",
	    "/v2/zones/ff8080825b8fc86c015b94bc6f8712c3/recordsets/"
	    "ff8080825b8fc86c015b94bc6f8712c4", NULL, 0, h, NELEM(h), NULL };
	char			hash[65];

	(void)state;
	assert_int_equal(sha256_hex(body, strlen(body), hash), 0);
	assert_string_equal(hash,
	    "fe4b2b7ead8839dca59196b01e5f0d46f5c955295ce5ef3f513c364cad27674a");
	r.payload_hash = hash;
	check_sdk(&r, "20240101T000000Z",
	    "ff896c06fa0a510a1112bdc139d0e5bd8dc4c1d197b41adfc07291f41299e024",
	    "content-type;host;x-sdk-date",
	    "2a5d4d898181360c78b11770cb9f16b54932a06b199a001063a72728fbae5512");
	/* A path sent with its final '/' is signed the same. */
	r.path = "/v2/zones/ff8080825b8fc86c015b94bc6f8712c3/recordsets/"
	    "ff8080825b8fc86c015b94bc6f8712c4/";
	check_sdk(&r, "20240101T000000Z",
	    "ff896c06fa0a510a1112bdc139d0e5bd8dc4c1d197b41adfc07291f41299e024",
	    "content-type;host;x-sdk-date",
	    "2a5d4d898181360c78b11770cb9f16b54932a06b199a001063a72728fbae5512");
}

/* Blanks around the date are trimmed in both places it is signed. */
static void
test_sdk_date_trimmed(void **state)
{
	static const struct kv	h[] = {
		{ "x-sdk-date", " 20191115T033655Z\t" },
		{ "host", "service.region.example.com " },
		{ "content-type", "application/json" },
	};
	struct sign_request	r = { "GET",
	    "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
	    sdk_doc_query, NELEM(sdk_doc_query), h, NELEM(h), EMPTY_SHA256 };

	(void)state;
	check_sdk(&r, "20191115T033655Z",
	    "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
	    "content-type;host;x-sdk-date",
	    "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
}

/* Without X-Sdk-Date there is nothing to sign: an error, reported. */
static void
test_sdk_no_date(void **state)
{
	struct sign_request	r = { "GET", "/", NULL, 0, sdk_doc_headers + 1,
	    2, EMPTY_SHA256 };

	(void)state;
	assert_null(huaweicloud_string_to_sign(&r));
	assert_null(huaweicloud_authorization(&r, SDK_AK, SDK_SK));
}

/* A path and query needing percent-encoding; an empty value keeps "=". */
static void
test_sdk_encoding(void **state)
{
	static const struct kv	q[] = {
		{ "name", "ha.example.com." },
		{ "type", "A" },
		{ "search_mode", "equal" },
		{ "marker", "" },
		{ "a b", "c/d" },
	};
	static const struct kv	h[] = {
		{ "x-sdk-date", "20240101T000000Z" },
		{ "host", "dns.myhuaweicloud.com" },
	};
	struct sign_request	r = { "GET", "/v2/zones/z 1/\xc3\xa9",
	    q, NELEM(q), h, NELEM(h), EMPTY_SHA256 };
	char			*cr;

	(void)state;
	cr = huaweicloud_canonical_request(&r);
	assert_non_null(cr);
	assert_string_equal(cr,
	    "GET\n"
	    "/v2/zones/z%201/%C3%A9/\n"
	    "a%20b=c%2Fd&marker=&name=ha.example.com.&search_mode=equal"
	    "&type=A\n"
	    "host:dns.myhuaweicloud.com\n"
	    "x-sdk-date:20240101T000000Z\n"
	    "\n"
	    "host;x-sdk-date\n"
	    EMPTY_SHA256);
	free(cr);
}

static void
test_sdk_date(void **state)
{
	char	date[17];

	(void)state;
	assert_int_equal(huaweicloud_sdk_date(1573789015, date), 0);
	assert_string_equal(date, "20191115T033655Z");
	assert_int_equal(huaweicloud_sdk_date(1704067199, date), 0);
	assert_string_equal(date, "20231231T235959Z");
	assert_int_equal(huaweicloud_sdk_date(1704067200, date), 0);
	assert_string_equal(date, "20240101T000000Z");
}

static void
check_pct(const char *in, const char *expect)
{
	char	*out;

	out = sign_pct_encode(in);
	assert_non_null(out);
	assert_string_equal(out, expect);
	free(out);
}

static void
test_pct_encode(void **state)
{
	(void)state;
	check_pct("", "");
	check_pct(" ", "%20");
	check_pct("*", "%2A");
	check_pct("~", "~");
	check_pct("+", "%2B");
	check_pct("/", "%2F");
	check_pct("=", "%3D");
	check_pct("&", "%26");
	check_pct(":", "%3A");
	check_pct("%", "%25");
	check_pct("\xc3\xa9", "%C3%A9");
	check_pct("\x7f\xff\x01", "%7F%FF%01");
	check_pct("AZaz09-_.", "AZaz09-_.");
	check_pct("a b+c", "a%20b%2Bc");
	check_pct("!'()", "%21%27%28%29");
}

static void
test_sha256_hex(void **state)
{
	char	out[65];

	(void)state;
	assert_int_equal(sha256_hex("", 0, out), 0);
	assert_string_equal(out, EMPTY_SHA256);
	assert_int_equal(sha256_hex("abc", 3, out), 0);
	assert_string_equal(out,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* RFC 4648 section 10, and bytes that are no text. */
static void
test_base64(void **state)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
		{ "Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ==" },
	};
	char	*out;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_non_null(out = sign_base64(v[i][0], strlen(v[i][0])));
		assert_string_equal(out, v[i][1]);
		free(out);
	}
	assert_non_null(out = sign_base64("\0\xff\xfe", 3));
	assert_string_equal(out, "AP/+");
	free(out);
}

/* RFC 2202 and RFC 4231 test case 2. */
static void
test_hmac_rfc(void **state)
{
	static const char	msg[] = "what do ya want for nothing?";
	char			b64[29], hex[65];

	(void)state;
	assert_int_equal(hmac_sha1_base64("Jefe", 4, msg, sizeof(msg) - 1,
	    b64), 0);
	assert_string_equal(b64, "7/zfauXrL6LSdBbV8YTfnCWafHk=");
	assert_int_equal(hmac_sha256_hex("Jefe", 4, msg, sizeof(msg) - 1,
	    hex), 0);
	assert_string_equal(hex,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void
check_hex(const char *s, size_t len)
{
	size_t	i;

	assert_int_equal(strlen(s), len);
	for (i = 0; i < len; i++)
		assert_true((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f'));
}

/* Runs before sign_init(): sign_random() must seed itself. */
static void
test_random_hex_lazy_init(void **state)
{
	char	a[33], b[33];

	(void)state;
	memset(a, 'X', sizeof(a));
	assert_int_equal(sign_random_hex(a, 16), 0);
	check_hex(a, 32);
	assert_int_equal(sign_random_hex(b, 16), 0);
	check_hex(b, 32);
	assert_string_not_equal(a, b);
}

static void
test_random_hex(void **state)
{
	char	 empty[1] = { 'X' };
	char	*big;
	size_t	 n = 3000;	/* more than one CTR_DRBG request */

	(void)state;
	assert_int_equal(sign_init(), 0);
	assert_int_equal(sign_init(), 0);
	assert_int_equal(sign_random_hex(empty, 0), 0);
	assert_int_equal(empty[0], '\0');
	big = malloc(2 * n + 1);
	assert_non_null(big);
	assert_int_equal(sign_random_hex(big, n), 0);
	check_hex(big, 2 * n);
	free(big);
	sign_cleanup();
	sign_cleanup();
	/* And again after a cleanup. */
	assert_int_equal(sign_random_hex(empty, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_hex_lazy_init),
		cmocka_unit_test(test_random_hex),
		cmocka_unit_test(test_v1_alidns_doc),
		cmocka_unit_test(test_v2_get),
		cmocka_unit_test(test_v2_post),
		cmocka_unit_test(test_v3_rpc_doc),
		cmocka_unit_test(test_v3_timestamp_typo),
		cmocka_unit_test(test_v4_cdn_doc),
		cmocka_unit_test(test_s1_empty_method),
		cmocka_unit_test(test_s2),
		cmocka_unit_test(test_e1_get),
		cmocka_unit_test(test_e1_post),
		cmocka_unit_test(test_e2_get),
		cmocka_unit_test(test_e2_post),
		cmocka_unit_test(test_canonical_query_empty),
		cmocka_unit_test(test_canonical_query_repeated_name),
		cmocka_unit_test(test_acs3_canonical_request),
		cmocka_unit_test(test_acs3_authorization),
		cmocka_unit_test(test_acs3_headers_normalised),
		cmocka_unit_test(test_acs3_method_signed),
		cmocka_unit_test(test_canonical_query_orders),
		cmocka_unit_test(test_canonical_path),
		cmocka_unit_test(test_canonical_header_values),
		cmocka_unit_test(test_canonical_hash),
		cmocka_unit_test(test_tc3_body_hashes),
		cmocka_unit_test(test_tc3_cvm_current_doc),
		cmocka_unit_test(test_tc3_cvm_earlier_docs),
		cmocka_unit_test(test_tc3_keys),
		cmocka_unit_test(test_tc3_dnspod),
		cmocka_unit_test(test_tc3_utc_date),
		cmocka_unit_test(test_tc3_query),
		cmocka_unit_test(test_sdk_doc),
		cmocka_unit_test(test_sdk_dns_put),
		cmocka_unit_test(test_sdk_date_trimmed),
		cmocka_unit_test(test_sdk_no_date),
		cmocka_unit_test(test_sdk_encoding),
		cmocka_unit_test(test_sdk_date),
		cmocka_unit_test(test_pct_encode),
		cmocka_unit_test(test_sha256_hex),
		cmocka_unit_test(test_hmac_rfc),
		cmocka_unit_test(test_base64),
	};
	int	rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	sign_cleanup();
	return rc;
}
