/*
 * test_sign.c - sign.c primitives, the shared canonical request, and the
 * Alidns signatures against the official and self-made vectors of
 * shared/reference/alidns.md (1.5, 2).
 * Parameters are listed out of order on purpose so that sorting is tested.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sign.h"
#include "providers/alidns.h"

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
		cmocka_unit_test(test_pct_encode),
		cmocka_unit_test(test_sha256_hex),
		cmocka_unit_test(test_hmac_rfc),
	};
	int	rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	sign_cleanup();
	return rc;
}
