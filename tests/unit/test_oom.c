/*
 * test_oom.c - every out-of-memory path, in the manner of jansson's
 * test_chaos: an allocator that fails the Nth allocation, walked for
 * N = 1, 2, 3, ... until the subject runs with no failure injected. Each
 * walk is done twice: failing once (later allocations succeed again) and
 * failing from the Nth allocation on.
 *
 * malloc, calloc, realloc, strdup, strndup and free are wrapped with GNU
 * ld's --wrap (the Makefile adds the flags for this test only); jansson
 * allocates through echoddns's own allocator (jalloc_init), whose
 * malloc is wrapped like the rest. mbedTLS's own
 * allocations are wrapped too when libmbedcrypto is linked statically.
 * A step that meets a failure must return its documented error; only
 * where a library may do without the allocation (jansson's json_unpack)
 * may it succeed instead, and then with exactly the result of a run with
 * no failure. Allocations and frees must balance once the subject has
 * freed everything; under valgrind, leaks are also shown by name. See
 * hidden_by_jansson() for the failures jansson hides from its callers.
 *
 * Usage: test_oom [FIXTURE-DIR]   (else $FIXTURES, else
 * tests/fixtures/config relative to the current directory)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "config.h"
#include "exitcode.h"
#include "health.h"
#include "log.h"
#include "memprov.h"
#include "plan.h"
#include "providers/alidns.h"
#include "providers/cloudflare.h"
#include "providers/dnspod.h"
#include "providers/dyndns2.h"
#include "providers/huaweicloud.h"
#include "report.h"
#include "resolve.h"
#include "sign.h"
#include "state.h"
#include "sync.h"
#include "testutil.h"
#include "util.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define WALK_MAX	100000UL	/* a subject allocating more is stuck */
#define NOW		1700000000

/* ------------------------------------------------------------------ */
/* The failing allocator */

void	*__real_malloc(size_t);
void	*__real_calloc(size_t, size_t);
void	*__real_realloc(void *, size_t);
char	*__real_strdup(const char *);
char	*__real_strndup(const char *, size_t);
void	 __real_free(void *);
void	*__wrap_malloc(size_t);
void	*__wrap_calloc(size_t, size_t);
void	*__wrap_realloc(void *, size_t);
char	*__wrap_strdup(const char *);
char	*__wrap_strndup(const char *, size_t);
void	 __wrap_free(void *);

static struct {
	int		armed;		/* counting (and failing) */
	int		hold;		/* armed, but the test itself allocates */
	int		sticky;		/* fail every allocation from fail_at on */
	unsigned long	fail_at;	/* 1 = the first; 0 = never */
	unsigned long	calls;		/* allocations asked for since armed */
	unsigned long	injected;	/* failures handed out */
	unsigned long	json_injected;	/* ... of them to jansson */
	long		live;		/* allocations made minus freed */
} chaos;

static void
chaos_arm(unsigned long fail_at, int sticky)
{
	memset(&chaos, 0, sizeof(chaos));
	chaos.fail_at = fail_at;
	chaos.sticky = sticky;
	chaos.armed = 1;
}

static void
chaos_disarm(void)
{
	chaos.armed = 0;
	chaos.hold = 0;
}

/* 1 when this allocation must fail. */
static int
chaos_fail(void)
{
	if (!chaos.armed || chaos.hold)
		return 0;
	chaos.calls++;
	if (chaos.fail_at == 0 || chaos.calls < chaos.fail_at ||
	    (chaos.calls > chaos.fail_at && !chaos.sticky))
		return 0;
	chaos.injected++;
	errno = ENOMEM;
	return 1;
}

static void *
chaos_made(void *p)
{
	if (p != NULL && chaos.armed)
		chaos.live++;
	return p;
}

void *
__wrap_malloc(size_t n)
{
	return chaos_fail() ? NULL : chaos_made(__real_malloc(n));
}

void *
__wrap_calloc(size_t n, size_t size)
{
	return chaos_fail() ? NULL : chaos_made(__real_calloc(n, size));
}

void *
__wrap_realloc(void *p, size_t n)
{
	void *q;

	if (p == NULL)
		return __wrap_malloc(n);
	if (n == 0) {
		/* glibc frees p here; nothing else should rely on it. */
		__wrap_free(p);
		return NULL;
	}
	if (chaos_fail())
		return NULL;
	q = __real_realloc(p, n);
	return q;
}

char *
__wrap_strdup(const char *s)
{
	return chaos_fail() ? NULL : chaos_made(__real_strdup(s));
}

char *
__wrap_strndup(const char *s, size_t n)
{
	return chaos_fail() ? NULL : chaos_made(__real_strndup(s, n));
}

void
__wrap_free(void *p)
{
	if (p != NULL && chaos.armed)
		chaos.live--;
	__real_free(p);
}

/* ------------------------------------------------------------------ */
/* Walking */

static int	null_fd = -1;
static int	err_fd = -1;

/* Messages of the code under test ("out of memory", ...) go nowhere. */
static void
quiet(void)
{
	fflush(stderr);
	dup2(null_fd, 2);
}

static void
loud(void)
{
	fflush(stderr);
	dup2(err_fd, 2);
}

/* Did the allocator fail since mark was taken? */
static int
failed_since(unsigned long mark)
{
	return chaos.injected > mark;
}

/*
 * jansson 2.14 hides some of its allocation failures from its caller:
 * json_loadb reports most of them as a syntax error (or none at all) and
 * may return a string cut short; json_dumps drops an object key it could
 * not append (jansson issue #655). echoddns notices them through its own
 * jansson allocator (jalloc_init and jalloc_failed in util.h), so
 * here no failure may pass as bad input or as a success. (Lexing a number
 * of 16 characters or more, jansson 2.14 may abort() on a failure, issue
 * #362: no input here has one.)
 */
static int
hidden_by_jansson(unsigned long json_mark)
{
	(void)json_mark;
	return 0;
}

/*
 * Run subject with the Nth allocation failing for N = 1, 2, ... until it
 * meets no failure; the subject checks each step's result itself. Returns
 * the number of allocations walked.
 */
static unsigned long
walk(const char *name, void (*subject)(const void *), const void *arg,
    int sticky)
{
	unsigned long n;

	for (n = 1; n <= WALK_MAX; n++) {
		chaos_arm(n, sticky);
		subject(arg);
		chaos_disarm();
		loud();
		if (chaos.live != 0)
			fail_msg("%s: allocation %lu failing (%s): %ld "
			    "allocations not freed", name, n,
			    sticky ? "and later ones" : "once", chaos.live);
		if (chaos.injected == 0)
			return n - 1;
	}
	fail_msg("%s: more than %lu allocations", name, WALK_MAX);
	return 0;
}

static void
walk_both(const char *name, void (*subject)(const void *), const void *arg)
{
	unsigned long once, sticky;

	once = walk(name, subject, arg, 0);
	sticky = walk(name, subject, arg, 1);
	/* Both walks see the same allocations when nothing fails. */
	assert_int_equal(once, sticky);
	assert_true(once > 0);
	print_message("    %-34s %4lu allocation%s walked, each failing "
	    "once and for good\n", name, once, once == 1 ? "" : "s");
}

static int
teardown_chaos(void **state)
{
	(void)state;
	chaos_disarm();
	loud();
	return 0;
}

/* The harness itself: failures come where asked, and are counted. */
static void
test_allocator(void **state)
{
	char *s, *t;
	void *p;

	(void)state;
	chaos_arm(2, 0);
	assert_non_null(p = malloc(1));
	assert_null(strdup("x"));
	assert_int_equal(errno, ENOMEM);
	assert_non_null(s = strndup("xyz", 2));
	assert_non_null(t = realloc(s, 10));
	assert_int_equal(chaos.live, 2);
	free(t);
	free(p);
	assert_int_equal(chaos.live, 0);
	assert_int_equal(chaos.injected, 1);

	chaos_arm(1, 1);
	assert_null(calloc(1, 1));
	assert_null(json_object());	/* jansson's allocations too */
	assert_null(realloc(NULL, 4));
	assert_int_equal(chaos.injected, 3);
	assert_int_equal(chaos.live, 0);

	chaos_arm(0, 0);
	assert_non_null(p = json_string("x"));
	json_decref(p);
	assert_int_equal(chaos.live, 0);
	assert_int_equal(chaos.injected, 0);
	chaos_disarm();
}

/* ------------------------------------------------------------------ */
/* config_load */

static char	fixtures[PATH_MAX];	/* absolute */
static char	origdir[PATH_MAX];
static char	workdir[PATH_MAX];	/* private copies; the cwd meanwhile */

static const char *const good_names[] = {
	"good_minimal", "good_full", "good_secret_file", "good_secret_env",
	"good_aaaa", "good_api", "good_dns_servers", "good_multi", "good_bom",
	"good_crlf", "good_semicolon", "good_loopback_http", "good_dyndns2",
};

static void
copy_file(const char *from, const char *to)
{
	char buf[8192];
	ssize_t r;
	int in, out;

	if ((in = open(from, O_RDONLY)) == -1)
		fail_msg("%s: %s", from, strerror(errno));
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		fail_msg("%s: %s", to, strerror(errno));
	while ((r = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)r), r);
	assert_int_equal(r, 0);
	/* Git keeps no modes, and the umask must not decide them. */
	assert_int_equal(fchmod(out, 0600), 0);
	close(in);
	close(out);
}

/* Copy every good_* fixture (mode 0600) into a private directory; cd there. */
static int
setup_config(void **state)
{
	char from[PATH_MAX], to[PATH_MAX];
	struct dirent *d;
	DIR *dir;

	(void)state;
	snprintf(workdir, sizeof(workdir), "/tmp/echoddns-oom.XXXXXX");
	if (mkdtemp(workdir) == NULL || (dir = opendir(fixtures)) == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		if (strncmp(d->d_name, "good_", 5) != 0)
			continue;
		if ((size_t)snprintf(from, sizeof(from), "%s/%s", fixtures,
		    d->d_name) >= sizeof(from) || (size_t)snprintf(to,
		    sizeof(to), "%s/%s", workdir, d->d_name) >= sizeof(to))
			return -1;
		copy_file(from, to);
	}
	closedir(dir);
	if (getcwd(origdir, sizeof(origdir)) == NULL || chdir(workdir) == -1)
		return -1;
	setenv("ECHODDNS_TEST_SECRET", "envSecret;=x", 1);
	setenv("ECHODDNS_TEST_TOKEN", "env-token", 1);
	return 0;
}

static int
teardown_config(void **state)
{
	teardown_chaos(state);
	if (chdir(origdir) == -1)
		return -1;
	rm_tree(workdir);
	return 0;
}

static void
subject_config(const void *arg)
{
	struct config *c;
	unsigned long mark = chaos.injected;
	int status = -1;

	quiet();
	c = config_load(arg, &status);
	loud();
	if (failed_since(mark)) {
		if (c != NULL || status != EX_SOFTWARE)
			fail_msg("%s: allocation %lu failed: config %p, status "
			    "%d (want NULL, %d)", (const char *)arg,
			    chaos.fail_at, (void *)c, status, EX_SOFTWARE);
	} else {
		if (c == NULL || status != 0)
			fail_msg("%s: no allocation failed: config %p, status "
			    "%d", (const char *)arg, (void *)c, status);
		assert_string_equal(c->path, arg);
	}
	config_free(c);
}

static void
test_config(void **state)
{
	char file[PATH_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(good_names); i++) {
		snprintf(file, sizeof(file), "%s.ini", good_names[i]);
		walk_both(file, subject_config, file);
	}
}

/* ------------------------------------------------------------------ */
/* Signatures */

static const struct kv params[] = {
	{ "Action", "DescribeSubDomainRecords" },
	{ "SubDomain", "a.dns.example.com" },
	{ "Format", "JSON" },
	{ "Version", "2015-01-09" },
	{ "AccessKeyId", "testid" },
	{ "SignatureMethod", "HMAC-SHA1" },
	{ "Timestamp", "2016-02-23T12:46:24Z" },
	{ "SignatureVersion", "1.0" },
	{ "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" },
	{ "Line", "中国 电信/*~" },
};

static const struct kv headers[] = {
	{ "host", "alidns.cn-hangzhou.aliyuncs.com" },
	{ "x-acs-action", "DescribeSubDomainRecords" },
	{ "x-acs-version", "2015-01-09" },
	{ "x-acs-date", "2023-10-26T10:22:32Z" },
	{ "x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d" },
	{ "X-Acs-Content-Sha256",
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "x-acs-security-token", "  token with blanks  " },
};

#define EMPTY_SHA256 \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static char *
make_pct(void)
{
	return sign_pct_encode("a b/ü~*+=&%");
}

static char *
make_query(void)
{
	return alidns_canonical_query(params, NELEM(params));
}

static char *
make_v1(void)
{
	return alidns_v1_signature("POST", params, NELEM(params),
	    "testsecret");
}

static char *
make_v3_request(void)
{
	return alidns_v3_canonical_request("POST", params, NELEM(params),
	    headers, NELEM(headers), EMPTY_SHA256);
}

static char *
make_v3_auth(void)
{
	return alidns_v3_authorization("POST", params, NELEM(params),
	    headers, NELEM(headers), EMPTY_SHA256, "YourAccessKeyId",
	    "YourAccessKeySecret");
}

/* The new schemes: a path and values needing encoding, an empty value. */
static const struct kv tc3_headers[] = {
	{ "Content-Type", "application/json; charset=utf-8" },
	{ "Host", "dnspod.tencentcloudapi.com" },
	{ "X-TC-Action", " DescribeRecordList " },
};

static const struct kv sdk_query[] = {
	{ "type", "A" },
	{ "name", "ha.example.com." },
	{ "marker", "" },
	{ "a b", "c/d" },
	{ "search_mode", "equal" },
};

static const struct kv sdk_headers[] = {
	{ "X-Sdk-Date", "20240101T000000Z" },
	{ "Host", "dns.myhuaweicloud.com" },
	{ "Content-Type", "application/json" },
};

static const struct sign_request tc3_req = {
	"POST", "/", NULL, 0, tc3_headers, NELEM(tc3_headers), EMPTY_SHA256
};

static const struct sign_request sdk_req = {
	"GET", "/v2/zones/z 1/recordsets", sdk_query, NELEM(sdk_query),
	sdk_headers, NELEM(sdk_headers), EMPTY_SHA256
};

/*
 * An allocation of the harness itself, never failed. It calls the wrapper
 * by name: around a plain malloc() the compiler, which knows what malloc
 * touches, may drop or move the stores to chaos.hold.
 */
static void *
held_malloc(size_t n)
{
	void	*p;

	chaos.hold = 1;
	p = __wrap_malloc(n);
	chaos.hold = 0;
	assert_non_null(p);
	return p;
}

/*
 * a "|" b as a new string, allocated by the harness; a and b are freed.
 * On a failure both must be NULL.
 */
static char *
join_held(const char *what, char *a, char *b)
{
	char	*s;
	size_t	 len;

	if (a == NULL || b == NULL) {
		if (a != NULL || b != NULL)
			fail_msg("%s: a result left behind on failure", what);
		return NULL;
	}
	len = strlen(a) + strlen(b) + 2;
	s = held_malloc(len);
	snprintf(s, len, "%s|%s", a, b);
	free(a);
	free(b);
	return s;
}

static char *
make_query_encoded(void)
{
	return sign_canonical_query(sdk_query, NELEM(sdk_query),
	    SIGN_SDK_HMAC);
}

static char *
make_request_tc3(void)
{
	char	*sh, *cr;

	cr = sign_canonical_request(&tc3_req, SIGN_TC3, &sh);
	return join_held("sign_canonical_request", cr, sh);
}

static char *
make_request_sdk(void)
{
	char	*sh, *cr;

	cr = sign_canonical_request(&sdk_req, SIGN_SDK_HMAC, &sh);
	return join_held("sign_canonical_request", cr, sh);
}

static char *
make_hash(void)
{
	char	 hash[65], *sh, *h = NULL;

	if (sign_canonical_hash(&sdk_req, SIGN_SDK_HMAC, hash, &sh) == 0) {
		h = held_malloc(sizeof(hash));
		memcpy(h, hash, sizeof(hash));
	}
	return join_held("sign_canonical_hash", h, sh);
}

static char *
make_tc3_keys(void)
{
	struct dnspod_keys	 k;
	const unsigned char	*p = (const unsigned char *)&k;
	char			*s = NULL;
	size_t			 i;

	if (dnspod_keys("SECRETEXAMPLE", "2023-11-14", "dnspod", &k) == 0) {
		s = held_malloc(2 * sizeof(k) + 1);
		for (i = 0; i < sizeof(k); i++)
			snprintf(s + 2 * i, 3, "%02x", p[i]);
	}
	return s;
}

static char *
make_tc3_request(void)
{
	return dnspod_canonical_request(&tc3_req);
}

static char *
make_tc3_sts(void)
{
	return dnspod_string_to_sign(&tc3_req, NOW, NULL);
}

static char *
make_tc3_auth(void)
{
	return dnspod_authorization(&tc3_req, NOW, "dnspod", "AKIDEXAMPLE",
	    "SECRETEXAMPLE");
}

static char *
make_sdk_request(void)
{
	return huaweicloud_canonical_request(&sdk_req);
}

static char *
make_sdk_sts(void)
{
	return huaweicloud_string_to_sign(&sdk_req);
}

static char *
make_sdk_auth(void)
{
	return huaweicloud_authorization(&sdk_req, "QTWAOYTTINDUT2QVKYUC",
	    "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
}

/* The headers of a DNSPod request, joined by "|". */
static char *
make_dnspod_headers(void)
{
	static const char body[] = "{\"Domain\":\"example.com\"}";
	struct dnspod_headers h;
	char *s;
	size_t i, len = 1;

	if (dnspod_request_headers("DescribeRecordList", "localhost:8443",
	    body, strlen(body), NOW, "AKIDEXAMPLE", "SECRETEXAMPLE",
	    &h) == -1) {
		for (i = 0; i < NELEM(h.v); i++)
			if (h.v[i] != NULL)
				fail_msg("dnspod_request_headers: a header left"
				    " behind on failure");
		return NULL;
	}
	for (i = 0; h.v[i] != NULL; i++)
		len += strlen(h.v[i]) + 1;
	s = held_malloc(len);
	s[0] = '\0';
	for (i = 0; h.v[i] != NULL; i++) {
		strcat(s, h.v[i]);
		strcat(s, "|");
	}
	dnspod_headers_free(&h);
	return s;
}

static char *
make_base64(void)
{
	return sign_base64("user:pass\xff", 10);
}

static char *
make_dyndns2_url(void)
{
	return dyndns2_update_url("https://localhost/nic/update",
	    "ha.3322.org", "2001:db8::1");
}

static char *
make_dyndns2_auth(void)
{
	return dyndns2_basic_auth("user", "p:ss w0rd");
}

struct string_subject {
	const char	*name;
	char		*(*make)(void);
	char		*want;		/* made with no failure */
};

static struct string_subject strings[] = {
	{ "sign_pct_encode", make_pct, NULL },
	{ "alidns_canonical_query", make_query, NULL },
	{ "alidns_v1_signature", make_v1, NULL },
	{ "alidns_v3_canonical_request", make_v3_request, NULL },
	{ "alidns_v3_authorization", make_v3_auth, NULL },
	{ "sign_canonical_query (SDK-HMAC)", make_query_encoded, NULL },
	{ "sign_canonical_request (TC3)", make_request_tc3, NULL },
	{ "sign_canonical_request (SDK-HMAC)", make_request_sdk, NULL },
	{ "sign_canonical_hash", make_hash, NULL },
	{ "dnspod_keys", make_tc3_keys, NULL },
	{ "dnspod_canonical_request", make_tc3_request, NULL },
	{ "dnspod_string_to_sign", make_tc3_sts, NULL },
	{ "dnspod_authorization", make_tc3_auth, NULL },
	{ "dnspod_request_headers", make_dnspod_headers, NULL },
	{ "huaweicloud_canonical_request", make_sdk_request, NULL },
	{ "huaweicloud_string_to_sign", make_sdk_sts, NULL },
	{ "huaweicloud_authorization", make_sdk_auth, NULL },
	{ "sign_base64", make_base64, NULL },
	{ "dyndns2_update_url", make_dyndns2_url, NULL },
	{ "dyndns2_basic_auth", make_dyndns2_auth, NULL },
};

static void
subject_string(const void *arg)
{
	const struct string_subject *ss = arg;
	unsigned long mark = chaos.injected;
	char *s;

	quiet();
	s = ss->make();
	loud();
	if (failed_since(mark)) {
		if (s != NULL)
			fail_msg("%s: allocation %lu failed, yet it returned "
			    "\"%s\"", ss->name, chaos.fail_at, s);
	} else {
		if (s == NULL)
			fail_msg("%s: NULL with no allocation failing",
			    ss->name);
		assert_string_equal(s, ss->want);
	}
	free(s);
}

static void
test_sign(void **state)
{
	char key[] = "key", out[65];
	size_t i;

	(void)state;
	/* Is mbedTLS's calloc ours? Only when it is linked statically. */
	chaos_arm(0, 0);
	assert_int_equal(hmac_sha256_hex(key, 3, "msg", 3, out), 0);
	chaos_disarm();
	print_message("    (mbedTLS allocations %s)\n", chaos.calls > 0 ?
	    "walked too: linked statically" : "not seen: shared library");

	for (i = 0; i < NELEM(strings); i++) {
		assert_non_null(strings[i].want = strings[i].make());
		walk_both(strings[i].name, subject_string, &strings[i]);
		free(strings[i].want);
		strings[i].want = NULL;
	}
}

/* ------------------------------------------------------------------ */
/* Alidns replies */

static const char listing[] =
    "{\"RequestId\":\"536E9CAD-DB30-4647-AC87-AA5CC38C5382\","
    "\"TotalCount\":3,\"PageNumber\":1,\"PageSize\":100,"
    "\"DomainRecords\":{\"Record\":["
    "{\"RR\":\"a.dns\",\"Line\":\"default\",\"Status\":\"ENABLE\","
    "\"Locked\":false,\"Type\":\"A\",\"DomainName\":\"example.com\","
    "\"Value\":\"203.0.113.7\",\"RecordId\":\"18446744073709551615\","
    "\"TTL\":600,\"Weight\":1},"
    "{\"RR\":\"a.dns\",\"Line\":\"default\",\"Status\":\"DISABLE\","
    "\"Locked\":true,\"Type\":\"A\",\"DomainName\":\"example.com\","
    "\"Value\":\"198.51.100.9\",\"RecordId\":\"9999985\",\"TTL\":120},"
    "{\"RR\":\"a.dns\",\"Status\":\"Enable\",\"Type\":\"A\","
    "\"Value\":\"not-an-ip\",\"RecordId\":\"7\",\"TTL\":60}]}}";

static const char error_body[] =
    "{\"RequestId\":\"R4\",\"HostId\":\"alidns.aliyuncs.com\","
    "\"Code\":\"Throttling.User\",\"Message\":\"Request was denied due "
    "to user flow control.\",\"Recommend\":\"https://api.aliyun.com/\"}";

static const struct record page1 = {
	.id = "1", .rr = "a.dns", .type = "A", .value = "192.0.2.1",
	.ttl = 600, .line = "default", .enabled = 1
};


static int
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
same_records(const struct recordset *a, const struct recordset *b)
{
	const struct record *x, *y;
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		x = &a->v[i];
		y = &b->v[i];
		if (!same_str(x->id, y->id) || !same_str(x->rr, y->rr) ||
		    !same_str(x->type, y->type) ||
		    !same_str(x->value, y->value) ||
		    !same_str(x->line, y->line) ||
		    addr_cmp(&x->addr, &y->addr) != 0 || x->ttl != y->ttl ||
		    x->enabled != y->enabled || x->locked != y->locked)
			return 0;
	}
	return 1;
}

/*
 * A provider's listing parser, walked the same way for each: the records
 * of an earlier page are in the set already. With nothing failing, the
 * parser appends the listing's and gives its count (records, or pages);
 * when an allocation fails it says EX_SOFTWARE and leaves the set and the
 * count as they were.
 */
struct listing {
	const char	*name;
	int		(*parse)(const struct listing *, struct recordset *,
			    long long *);
	const char	*text;
	long long	 count;	/* what the parser gives, nothing failing */
	struct recordset want;	/* page1 + text, nothing failing */
};

/* listing_want l: l->want, from a run with nothing failing. */
static void
listing_want(struct listing *l)
{
	long long count;

	assert_int_equal(recordset_add(&l->want, &page1), 0);
	assert_int_equal(l->parse(l, &l->want, &count), 0);
	assert_int_equal(count, l->count);
}

static void
subject_listing(const void *arg)
{
	const struct listing *l = arg;
	struct recordset rs = { NULL, 0 };
	unsigned long mark, json_mark;
	long long count = -42;
	int rc, right;

	chaos.hold = 1;
	assert_int_equal(recordset_add(&rs, &page1), 0);
	chaos.hold = 0;
	mark = chaos.injected;
	json_mark = chaos.json_injected;
	rc = l->parse(l, &rs, &count);
	right = rc == 0 && count == l->count && same_records(&rs, &l->want);
	if (!failed_since(mark)) {
		if (!right)
			fail_msg("%s: status %d, %zu records with no "
			    "allocation failing", l->name, rc, rs.n);
	} else if (rc == EX_SOFTWARE) {
		/* What was there stays, nothing more. */
		assert_int_equal(count, -42);
		assert_int_equal(rs.n, 1);
		assert_string_equal(rs.v[0].id, "1");
	} else if (!right && !hidden_by_jansson(json_mark))
		fail_msg("%s: allocation %lu failed: status %d%s (want "
		    "EX_SOFTWARE %d)", l->name, chaos.fail_at, rc, rc == 0 ?
		    " with wrong records" : "", EX_SOFTWARE);
	recordset_free(&rs);
}

static void
subject_error(const void *arg)
{
	struct alidns_error err;
	unsigned long mark = chaos.injected, json_mark = chaos.json_injected;
	int rc, right;

	(void)arg;
	rc = alidns_parse_error(error_body, strlen(error_body), &err);
	right = rc == 1 && same_str(err.code, "Throttling.User") &&
	    same_str(err.message, "Request was denied due to user flow "
	    "control.");
	if (!failed_since(mark)) {
		if (!right)
			fail_msg("alidns_parse_error: %d with no allocation "
			    "failing", rc);
	} else if (rc == -1) {
		/* Nothing to tell the caller but "not an error body". */
		assert_null(err.code);
		assert_null(err.message);
	} else if (!right && !hidden_by_jansson(json_mark))
		fail_msg("alidns_parse_error: allocation %lu failed: %d%s "
		    "(want -1)", chaos.fail_at, rc, rc == 1 ?
		    " with a wrong Code or Message" : "");
	alidns_error_clear(&err);
}

static int
parse_alidns(const struct listing *l, struct recordset *rs, long long *total)
{
	return alidns_parse_records(l->text, strlen(l->text), rs, total);
}

static void
test_alidns(void **state)
{
	static struct listing l = { "alidns_parse_records", parse_alidns,
	    listing, 3, { NULL, 0 } };

	(void)state;
	listing_want(&l);
	assert_int_equal(l.want.n, 4);
	assert_string_equal(l.want.v[1].id, "18446744073709551615");
	assert_true(l.want.v[2].locked);
	assert_int_equal(l.want.v[3].addr.family, 0);
	walk_both(l.name, subject_listing, &l);
	walk_both("alidns_parse_error", subject_error, NULL);
	recordset_free(&l.want);
}

/* ------------------------------------------------------------------ */
/* DNSPod replies */

static const char dnspod_listing[] =
    "{\"Response\":{\"RecordCountInfo\":{\"SubdomainCount\":1,"
    "\"ListCount\":3,\"TotalCount\":3},\"RecordList\":["
    "{\"RecordId\":9007199254740993,\"Value\":\"203.0.113.7\","
    "\"Status\":\"ENABLE\",\"UpdatedOn\":\"2024-01-01 08:00:00\","
    "\"Name\":\"A.dns\",\"Line\":\"\u9ed8\u8ba4\",\"LineId\":\"0\","
    "\"Type\":\"A\",\"Weight\":null,\"MonitorStatus\":\"\","
    "\"Remark\":\"\",\"TTL\":600,\"MX\":0,\"DefaultNS\":false},"
    "{\"RecordId\":\"42\",\"Value\":\"2001:db8::1\",\"Status\":"
    "\"DISABLE\",\"Name\":\"a.dns\",\"Type\":\"AAAA\",\"TTL\":120},"
    "{\"RecordId\":7,\"Value\":\"not-an-ip\",\"Status\":\"enable\","
    "\"Name\":\"@\",\"Line\":\"\u7535\u4fe1\",\"Type\":\"A\","
    "\"TTL\":60}],\"RequestId\":\"R1\"}}";

static const char dnspod_error[] =
    "{\"Response\":{\"Error\":{\"Code\":\"AuthFailure.SignatureFailure\","
    "\"Message\":\"The provided credentials could not be validated.\"},"
    "\"RequestId\":\"R2\"}}";

static void
subject_dnspod_error(const void *arg)
{
	struct api_error e;
	unsigned long mark = chaos.injected, json_mark = chaos.json_injected;
	int rc, right;

	(void)arg;
	rc = dnspod_parse_error(dnspod_error, strlen(dnspod_error), 200, &e);
	right = rc == 1 && strcmp(e.code, "AuthFailure.SignatureFailure") ==
	    0 && strcmp(e.message, "The provided credentials could not be "
	    "validated.") == 0 && e.status == EX_NOPERM &&
	    e.cause == API_CAUSE_SECRET;
	if (!failed_since(mark)) {
		if (!right)
			fail_msg("dnspod_parse_error: %d with no allocation "
			    "failing", rc);
	} else if (rc != -1 && !right && !hidden_by_jansson(json_mark))
		fail_msg("dnspod_parse_error: allocation %lu failed: %d%s "
		    "(want -1)", chaos.fail_at, rc, rc == 1 ?
		    " with a wrong Code or Message" : "");
}

static int
parse_dnspod(const struct listing *l, struct recordset *rs, long long *total)
{
	return dnspod_parse_records(l->text, strlen(l->text), rs, total);
}

static void
test_dnspod(void **state)
{
	static struct listing l = { "dnspod_parse_records", parse_dnspod,
	    dnspod_listing, 3, { NULL, 0 } };

	(void)state;
	listing_want(&l);
	assert_int_equal(l.want.n, 4);
	assert_string_equal(l.want.v[1].id, "9007199254740993");
	assert_string_equal(l.want.v[1].rr, "a.dns");
	assert_false(l.want.v[2].enabled);
	assert_int_equal(l.want.v[3].addr.family, 0);
	walk_both(l.name, subject_listing, &l);
	walk_both("dnspod_parse_error", subject_dnspod_error, NULL);
	recordset_free(&l.want);
}

/* ------------------------------------------------------------------ */
/* Cloudflare requests and replies */

static const struct kv cf_query[] = {
	{ "type", "AAAA" },
	{ "name.exact", "a.dns.example.com" },
	{ "per_page", "100" },
	{ "page", "1" },
};

static char *
make_cf_url(void)
{
	return cloudflare_url("https://localhost:1/client/v4",
	    "023e105f4ecef8ad9ca31a8372d0c353", NULL, cf_query,
	    NELEM(cf_query));
}

static char *
make_cf_create(void)
{
	return cloudflare_record_body("A", "a.dns.example.com", "203.0.113.7",
	    600, 1);
}

static char *
make_cf_patch(void)
{
	return cloudflare_record_body("A", "a.dns.example.com", "203.0.113.7",
	    1, 0);
}

static struct string_subject cf_strings[] = {
	{ "cloudflare_url", make_cf_url, NULL },
	{ "cloudflare_record_body (POST)", make_cf_create, NULL },
	{ "cloudflare_record_body (PATCH)", make_cf_patch, NULL },
};

static const char cf_listing[] =
    "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":["
    "{\"id\":\"372e67954025e0ba6aaa6d586b9e0b59\",\"zone_id\":"
    "\"023e105f4ecef8ad9ca31a8372d0c353\",\"name\":\"A.dns.example.com\","
    "\"type\":\"A\",\"content\":\"203.0.113.7\",\"proxied\":false,"
    "\"ttl\":600,\"locked\":false,\"meta\":{},\"tags\":[]},"
    "{\"id\":\"2\",\"name\":\"example.com\",\"type\":\"AAAA\","
    "\"content\":\"2001:db8::1\",\"proxied\":true,\"ttl\":1},"
    "{\"id\":\"3\",\"name\":\"t.example.com\",\"type\":\"TXT\","
    "\"content\":\"not-an-ip\",\"ttl\":300,\"locked\":true}],"
    "\"result_info\":{\"page\":1,\"per_page\":100,\"count\":3,"
    "\"total_count\":3,\"total_pages\":1}}";

static const char cf_zones[] =
    "{\"success\":true,\"errors\":[],\"result\":[{\"id\":\"1\","
    "\"name\":\"example.com\",\"status\":\"moved\"},{\"id\":"
    "\"023e105f4ecef8ad9ca31a8372d0c353\",\"name\":\"example.com\","
    "\"status\":\"active\"}]}";

static const char cf_error[] =
    "{\"success\":false,\"errors\":[{\"code\":6003,\"message\":"
    "\"Invalid request headers\",\"error_chain\":[{\"code\":6111,"
    "\"message\":\"Invalid format for Authorization header\"}]}],"
    "\"messages\":[],\"result\":null}";

static void
subject_cf_zone(const void *arg)
{
	unsigned long mark = chaos.injected, json_mark = chaos.json_injected;
	char *id = NULL;
	int rc;

	(void)arg;
	rc = cloudflare_parse_zone(cf_zones, strlen(cf_zones), "example.com",
	    &id);
	if (!failed_since(mark)) {
		if (rc != 0 || id == NULL ||
		    strcmp(id, "023e105f4ecef8ad9ca31a8372d0c353") != 0)
			fail_msg("cloudflare_parse_zone: %d with no allocation "
			    "failing", rc);
	} else if (rc != EX_SOFTWARE && !hidden_by_jansson(json_mark))
		fail_msg("cloudflare_parse_zone: allocation %lu failed: %d "
		    "(want EX_SOFTWARE)", chaos.fail_at, rc);
	else if (rc == EX_SOFTWARE)
		assert_null(id);
	free(id);
}

static void
subject_cf_error(const void *arg)
{
	struct cloudflare_error err;
	unsigned long mark = chaos.injected, json_mark = chaos.json_injected;
	int rc, right;

	(void)arg;
	rc = cloudflare_parse_error(cf_error, strlen(cf_error), &err);
	right = rc == 1 && err.code == 6003 && same_str(err.message,
	    "Invalid request headers (6111: Invalid format for Authorization"
	    " header)");
	if (!failed_since(mark)) {
		if (!right)
			fail_msg("cloudflare_parse_error: %d with no allocation "
			    "failing", rc);
	} else if (rc == -1) {
		assert_null(err.message);
		assert_int_equal(err.code, 0);
	} else if (!right && !hidden_by_jansson(json_mark))
		fail_msg("cloudflare_parse_error: allocation %lu failed: %d "
		    "(want -1)", chaos.fail_at, rc);
	cloudflare_error_clear(&err);
}

static int
parse_cloudflare(const struct listing *l, struct recordset *rs,
    long long *pages)
{
	return cloudflare_parse_records(l->text, strlen(l->text),
	    "example.com", rs, pages);
}

static void
test_cloudflare(void **state)
{
	static struct listing l = { "cloudflare_parse_records",
	    parse_cloudflare, cf_listing, 1, { NULL, 0 } };
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cf_strings); i++) {
		assert_non_null(cf_strings[i].want = cf_strings[i].make());
		walk_both(cf_strings[i].name, subject_string, &cf_strings[i]);
		free(cf_strings[i].want);
		cf_strings[i].want = NULL;
	}
	listing_want(&l);
	assert_int_equal(l.want.n, 4);
	assert_string_equal(l.want.v[1].rr, "a.dns");
	assert_string_equal(l.want.v[2].rr, "@");
	assert_true(l.want.v[3].locked);
	assert_int_equal(l.want.v[3].addr.family, 0);
	walk_both(l.name, subject_listing, &l);
	walk_both("cloudflare_parse_zone", subject_cf_zone, NULL);
	walk_both("cloudflare_parse_error", subject_cf_error, NULL);
	recordset_free(&l.want);
}

/* ------------------------------------------------------------------ */
/* Huawei Cloud DNS: replies, and a request as sent */

static const char hw_listing[] =
    "{\"links\":{\"self\":\"https://x\"},\"recordsets\":["
    "{\"id\":\"s1\",\"name\":\"a.dns.example.com.\",\"type\":\"A\","
    "\"ttl\":300,\"records\":[\"203.0.113.7\",\"198.51.100.2\"],"
    "\"status\":\"ACTIVE\",\"zone_id\":\"z\",\"default\":false},"
    "{\"id\":\"s2\",\"name\":\"example.com.\",\"type\":\"A\",\"ttl\":60,"
    "\"records\":[\"192.0.2.1\"],\"status\":\"PENDING_UPDATE\"},"
    "{\"id\":\"s3\",\"name\":\"b.example.com.\",\"type\":\"A\",\"ttl\":60,"
    "\"records\":[\"192.0.2.3\"],\"status\":\"PENDING_DELETE\"}],"
    "\"metadata\":{\"total_count\":3}}";

/*
 * No string here ends with the byte that first grows jansson's token
 * buffer to 16, 32, 64 ... bytes (quotes included): jansson 2.14 drops a
 * byte it cannot store, and when that is a string's closing quote it
 * copies on past the end of the buffer. "myexample.com." would be one.
 */
static const char hw_zones[] =
    "{\"zones\":[{\"id\":\"z1\",\"name\":\"my-example.com.\"},"
    "{\"id\":\"z2\",\"name\":\"example.com.\"}],"
    "\"metadata\":{\"total_count\":2}}";

static const char hw_error[] =
    "{\"error_msg\":\"Incorrect IAM authentication information: verify "
    "aksk signature fail\",\"error_code\":\"APIGW.0301\","
    "\"request_id\":\"r\"}";

static void
subject_hw_zones(const void *arg)
{
	unsigned long mark = chaos.injected, json_mark = chaos.json_injected;
	long long total = -42;
	size_t n = 42;
	char *id = NULL;
	int rc, right;

	(void)arg;
	rc = huaweicloud_parse_zones(hw_zones, strlen(hw_zones), "example.com",
	    &id, &total, &n);
	right = rc == 0 && same_str(id, "z2") && total == 2 && n == 2;
	if (!failed_since(mark)) {
		if (!right)
			fail_msg("huaweicloud_parse_zones: status %d with no"
			    " allocation failing", rc);
	} else if (rc == EX_SOFTWARE) {
		assert_int_equal(total, -42);
	} else if (!right && !hidden_by_jansson(json_mark))
		fail_msg("huaweicloud_parse_zones: allocation %lu failed:"
		    " status %d (want EX_SOFTWARE %d)", chaos.fail_at, rc,
		    EX_SOFTWARE);
	if (rc == 0)
		free(id);
}

static void
subject_hw_classify(const void *arg)
{
	unsigned long mark = chaos.injected, json_mark = chaos.json_injected;
	struct api_error e;
	int rc, right;

	(void)arg;
	memset(&e, 0, sizeof(e));
	rc = huaweicloud_classify(401, hw_error, strlen(hw_error), &e);
	right = rc == 1 && strcmp(e.code, "APIGW.0301") == 0 &&
	    e.status == EX_NOPERM && e.cause == API_CAUSE_SECRET;
	if (!failed_since(mark)) {
		if (!right)
			fail_msg("huaweicloud_classify: %d with no allocation"
			    " failing", rc);
	} else if (rc != -1 && !right && !hidden_by_jansson(json_mark))
		fail_msg("huaweicloud_classify: allocation %lu failed: %d"
		    " (want -1)", chaos.fail_at, rc);
}

static void
subject_hw_wire(const void *arg)
{
	static const struct kv q[] = {
		{ "type", "A" }, { "name", "a b.example.com." },
	};
	struct huaweicloud_call c;
	struct huaweicloud_wire w;
	unsigned long mark = chaos.injected;
	int rc;

	(void)arg;
	memset(&c, 0, sizeof(c));
	c.method = "GET";
	c.origin = "https://dns.myhuaweicloud.com";
	c.host = "dns.myhuaweicloud.com";
	c.path = "/v2/zones/z 1/recordsets";
	c.query = q;
	c.nquery = NELEM(q);
	c.ak = "AK";
	c.sk = "SK";
	c.project_id = "p1";
	c.when = NOW;
	quiet();
	rc = huaweicloud_wire(&c, &w);
	loud();
	if (!failed_since(mark)) {
		if (rc != 0 || w.headers[4] == NULL ||
		    strcmp(w.url, "https://dns.myhuaweicloud.com/v2/zones/"
		    "z%201/recordsets?name=a%20b.example.com.&type=A") != 0)
			fail_msg("huaweicloud_wire: %d with no allocation"
			    " failing", rc);
	} else if (rc != -1)
		fail_msg("huaweicloud_wire: allocation %lu failed: %d (want"
		    " -1)", chaos.fail_at, rc);
	else
		assert_null(w.url);
	huaweicloud_wire_free(&w);
}

/* Also the sets on this page, which must be all 3 of them. */
static int
parse_huaweicloud(const struct listing *l, struct recordset *rs,
    long long *total)
{
	size_t n = 42;
	int rc;

	rc = huaweicloud_parse_recordsets(l->text, strlen(l->text),
	    "example.com", rs, total, &n);
	return rc == 0 && n != 3 ? -1 : rc;
}

static void
test_huaweicloud(void **state)
{
	static struct listing l = { "huaweicloud_parse_recordsets",
	    parse_huaweicloud, hw_listing, 3, { NULL, 0 } };

	(void)state;
	listing_want(&l);
	assert_int_equal(l.want.n, 4);
	assert_string_equal(l.want.v[3].rr, "@");
	walk_both(l.name, subject_listing, &l);
	walk_both("huaweicloud_parse_zones", subject_hw_zones, NULL);
	walk_both("huaweicloud_classify", subject_hw_classify, NULL);
	walk_both("huaweicloud_wire", subject_hw_wire, NULL);
	recordset_free(&l.want);
}

/* ------------------------------------------------------------------ */
/* dyndns2 answers */

/*
 * The answer parser allocates nothing, so no failure can reach it: with
 * every allocation failing it reads every answer as without.
 */
static void
test_dyndns2(void **state)
{
	static const char *const bodies[] = {
		"good 203.0.113.7\n", "nochg 2001:db8::1\r\n", "abuse",
		"!donator", "911", "<html>502</html>", "",
	};
	struct dyndns2_answer want, got;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(bodies); i++) {
		rc = dyndns2_parse_answer(bodies[i], strlen(bodies[i]), &want);
		chaos_arm(1, 1);
		assert_int_equal(dyndns2_parse_answer(bodies[i],
		    strlen(bodies[i]), &got), rc);
		chaos_disarm();
		assert_int_equal(chaos.calls, 0);
		assert_int_equal(got.code, want.code);
		assert_int_equal(addr_cmp(&got.addr, &want.addr), 0);
	}
	print_message("    %-34s    0 allocations: none can fail\n",
	    "dyndns2_parse_answer");
}

/* ------------------------------------------------------------------ */
/* plan_build */

struct plan_case {
	struct record	recs[6];
	struct addr	want[5];
	struct plan_input in;
	struct plan	want_plan;	/* made with no failure */
};

static struct plan_case pc;

static void
set_rec(struct record *r, const char *value, int enabled, int locked,
    long ttl)
{
	memset(r, 0, sizeof(*r));
	if (!addr_parse(&r->addr, value))
		memset(&r->addr, 0, sizeof(r->addr));
	r->enabled = enabled;
	r->locked = locked;
	r->ttl = ttl;
}

static void
subject_plan(const void *arg)
{
	const struct plan *w = &pc.want_plan;
	struct plan p;
	unsigned long mark = chaos.injected;
	size_t i;
	int rc;

	(void)arg;
	memset(&p, 0xa5, sizeof(p));
	rc = plan_build(&pc.in, &p);
	if (failed_since(mark)) {
		if (rc != -1)
			fail_msg("plan_build: allocation %lu failed: %d (want "
			    "-1)", chaos.fail_at, rc);
		/* out is then empty */
		assert_null(p.v);
		assert_int_equal(p.n, 0);
		assert_null(p.unplaced);
		assert_int_equal(p.nunplaced, 0);
	} else {
		assert_int_equal(rc, 0);
		assert_int_equal(p.n, w->n);
		assert_int_equal(p.nunplaced, w->nunplaced);
		for (i = 0; i < p.n; i++) {
			assert_int_equal(p.v[i].kind, w->v[i].kind);
			assert_int_equal(p.v[i].rec, w->v[i].rec);
			assert_int_equal(p.v[i].ttl, w->v[i].ttl);
			assert_int_equal(addr_cmp(&p.v[i].value,
			    &w->v[i].value), 0);
		}
	}
	plan_free(&p);
}

static void
test_plan(void **state)
{
	static const char *const want[] = {
		"192.0.2.1", "192.0.2.5", "192.0.2.6", "192.0.2.1", "192.0.2.7"
	};
	size_t i;

	(void)state;
	/* Kept, a TTL fix, reused spares, adds and a leftover spare. */
	set_rec(&pc.recs[0], "192.0.2.1", 0, 0, 300);
	set_rec(&pc.recs[1], "192.0.2.2", 1, 0, 600);
	set_rec(&pc.recs[2], "192.0.2.3", 0, 0, 300);
	set_rec(&pc.recs[3], "192.0.2.9", 1, 1, 300);
	set_rec(&pc.recs[4], "not-an-ip", 1, 0, 300);
	set_rec(&pc.recs[5], "192.0.2.1", 1, 0, 300);
	for (i = 0; i < NELEM(want); i++)
		assert_true(addr_parse(&pc.want[i], want[i]));
	pc.in.recs = pc.recs;
	pc.in.nrecs = NELEM(pc.recs);
	pc.in.want = pc.want;
	pc.in.nwant = NELEM(pc.want);
	pc.in.ttl = 300;
	pc.in.min_records = 2;
	pc.in.pinned = 0;
	assert_int_equal(plan_build(&pc.in, &pc.want_plan), 0);
	assert_true(pc.want_plan.n >= 4);

	walk_both("plan_build", subject_plan, NULL);
	/* Pinned, with one value more than the records can take. */
	pc.in.pinned = 1;
	pc.in.nrecs = 4;
	plan_free(&pc.want_plan);
	assert_int_equal(plan_build(&pc.in, &pc.want_plan), 0);
	assert_true(pc.want_plan.nunplaced > 0);
	walk_both("plan_build (pinned)", subject_plan, NULL);
	plan_free(&pc.want_plan);
}

/* ------------------------------------------------------------------ */
/* The state file */

static const char state_text[] =
    "{\"version\": 1, \"groups\": {\n"
    " \"home\": {\n"
    "  \"target\": {\"account\": \"aliyun\", \"zone\": \"example.com\",\n"
    "   \"rr\": \"a.dns\", \"type\": \"A\", \"line\": \"default\"},\n"
    "  \"sources\": {\n"
    "   \"dns1.example.com\": {\"addrs\": [\"192.0.2.1\"],\n"
    "    \"seen\": 1699999000, \"health\": [\n"
    "     {\"addr\": \"192.0.2.1\", \"fails\": 0, \"oks\": 3,"
    " \"healthy\": true},\n"
    "     {\"addr\": \"192.0.2.9\", \"fails\": 2, \"oks\": 0,"
    " \"healthy\": false}]},\n"
    "   \"dns2.example.com@203.0.113.53\": {\"addrs\": [\"192.0.2.2\","
    " \"192.0.2.3\"], \"seen\": 1699999900},\n"
    "   \"gone.example.com\": {\"addrs\": [], \"seen\": 1}},\n"
    "  \"verified\": {\"at\": 1699999950, \"desired\": [\"192.0.2.1\","
    " \"192.0.2.2\"], \"settings\": \"0123456789abcdef\",\n"
    "   \"records\": [{\"id\": \"18446744073709551615\", \"value\":"
    " \"192.0.2.1\", \"ttl\": 600, \"enabled\": true},\n"
    "    {\"id\": \"2\", \"value\": \"not-an-ip\", \"ttl\": 600,"
    " \"enabled\": false}]},\n"
    "  \"throttle\": {\"set\": 1699999990, \"until\": 1700000100,"
    " \"reason\": \"Throttling.User\"}},\n"
    " \"office\": {\n"
    "  \"target\": {\"account\": \"aliyun\", \"zone\": \"example.net\","
    " \"rr\": \"ha\", \"type\": \"AAAA\", \"line\": \"telecom\"},\n"
    "  \"sources\": {\"o1.example.net\": {\"addrs\": [\"2001:db8::1\"],"
    " \"seen\": 1699990000}}}}}\n";

static struct account st_account = { .name = "aliyun" };

/* home keeps two of its sources, adds one; lab is new to the file. */
static struct source home_src[] = {
	{ .host = "dns2.example.com", .server = "203.0.113.53" },
	{ .host = "dns1.example.com" },
	{ .host = "dns3.example.com" },
};

static struct group st_home = {
	.name = "home", .account = &st_account, .zone = "example.com",
	.fqdn = "a.dns.example.com", .rr = "a.dns", .sources = home_src,
	.nsources = NELEM(home_src), .family = AF_INET, .line = "default",
	.ttl = 600, .min_records = 1, .stale_after = 3600,
	.verify_every = 600,
};

static struct source lab_src[] = {
	{ .host = "l1.example.org" },
};

static struct group st_lab = {
	.name = "lab", .account = &st_account, .zone = "example.org",
	.fqdn = "lab.example.org", .rr = "lab", .sources = lab_src,
	.nsources = NELEM(lab_src), .family = AF_INET6, .line = "default",
	.min_records = 1, .stale_after = 3600, .verify_every = 600,
};

static char	state_dir[64];
static char	state_path[128];
static char	*state_want;	/* the file saved with no failure */

static void
write_state(void)
{
	FILE *f;

	assert_non_null(f = fopen(state_path, "w"));
	assert_int_equal(fputs(state_text, f) >= 0, 1);
	/* The umask must not decide the mode: state.c checks it. */
	assert_int_equal(fchmod(fileno(f), 0600), 0);
	assert_int_equal(fclose(f), 0);
}

static char *
read_state(void)
{
	static char buf[16384];
	size_t n;
	FILE *f;

	assert_non_null(f = fopen(state_path, "r"));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	assert_true(n < sizeof(buf) - 1);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Only state.json is left: no temp file of a failed save. */
static void
assert_no_temp(void)
{
	struct dirent *d;
	DIR *dp;

	assert_non_null(dp = opendir(state_dir));
	while ((d = readdir(dp)) != NULL)
		if (d->d_name[0] != '.' || strncmp(d->d_name, ".state", 6) == 0)
			if (strcmp(d->d_name, "state.json") != 0)
				fail_msg("%s/%s left behind", state_dir,
				    d->d_name);
	closedir(dp);
}

/*
 * A step that meets a failure returns its error, or succeeds all the same
 * when the failure did not matter (json_unpack keeps a set of keys it can
 * do without). Such a success is proven at the end: the run must then save
 * exactly the file that a run with no failure saves.
 */
struct run {
	int	errors;		/* steps that returned their error */
	int	unproven;	/* steps that succeeded through a failure */
};

/* mark: where the step began; failing: it returned its error. */
static void
check_step(struct run *run, const char *step, unsigned long mark,
    int failing)
{
	if (failing) {
		if (!failed_since(mark))
			fail_msg("%s: failed with no allocation failing", step);
		run->errors++;
	} else if (failed_since(mark))
		run->unproven++;
}

static void
subject_state(const void *arg)
{
	struct state *st;
	struct state_group *home, *lab;
	struct health *h;
	struct recordset rs = { NULL, 0 };
	struct record r;
	struct addr a[2];
	struct run run = { 0, 0 };
	unsigned long mark;
	const char *saved;
	int rc;

	(void)arg;
	chaos.hold = 1;
	write_state();
	assert_true(addr_parse(&a[0], "192.0.2.4"));
	assert_true(addr_parse(&a[1], "192.0.2.1"));
	memset(&r, 0, sizeof(r));
	r.id = "1455680456002021";
	r.value = "192.0.2.4";
	r.addr = a[0];
	r.ttl = 600;
	r.enabled = 1;
	rs.v = &r;
	rs.n = 1;
	chaos.hold = 0;

	mark = chaos.injected;
	quiet();
	st = state_load(state_dir);
	loud();
	check_step(&run, "state_load", mark, st == NULL);
	if (st == NULL)
		return;

	mark = chaos.injected;
	quiet();
	home = state_group(st, &st_home);
	lab = home != NULL ? state_group(st, &st_lab) : NULL;
	loud();
	check_step(&run, "state_group", mark, home == NULL || lab == NULL);
	if (home == NULL || lab == NULL) {
		state_free(st);
		return;
	}

	/* What a run changes; each step may fail alone and the rest go on. */
	mark = chaos.injected;
	quiet();
	rc = state_source_remember(home, 2, a, 2, NOW);
	loud();
	check_step(&run, "state_source_remember", mark, rc != 0);
	assert_true(rc == 0 || rc == EX_SOFTWARE);

	mark = chaos.injected;
	quiet();
	h = state_health(home, 1, &a[0]);
	loud();
	check_step(&run, "state_health", mark, h == NULL);

	mark = chaos.injected;
	quiet();
	rc = state_set_verified(home, &rs, a, 2, NOW);
	loud();
	check_step(&run, "state_set_verified", mark, rc != 0);
	assert_true(rc == 0 || rc == EX_SOFTWARE);

	mark = chaos.injected;
	quiet();
	rc = state_set_throttle(lab, NOW, NOW + 600, "Throttling.User", EX_TEMPFAIL);
	loud();
	check_step(&run, "state_set_throttle", mark, rc != 0);
	assert_true(rc == 0 || rc == EX_SOFTWARE);

	mark = chaos.injected;
	quiet();
	rc = state_save(st);
	loud();
	check_step(&run, "state_save", mark, rc != 0);

	chaos.hold = 1;
	saved = read_state();
	if (rc != 0) {
		assert_int_equal(rc, EX_SOFTWARE);
		/* The old file is intact. */
		assert_string_equal(saved, state_text);
	} else if (state_want != NULL && run.errors == 0 &&
	    strcmp(saved, state_want) != 0 &&
	    (run.unproven == 0 || !hidden_by_jansson(0)))
		fail_msg("allocation %lu failed, no step said so, and the "
		    "file saved is wrong:\n%s", chaos.fail_at, saved);
	assert_no_temp();
	chaos.hold = 0;
	state_free(st);
}

static int
setup_state(void **state)
{
	(void)state;
	snprintf(state_dir, sizeof(state_dir), "/tmp/echoddns-oom.XXXXXX");
	if (mkdtemp(state_dir) == NULL)
		return -1;
	snprintf(state_path, sizeof(state_path), "%s/state.json", state_dir);
	return 0;
}

static int
teardown_state(void **state)
{
	teardown_chaos(state);
	rm_tree(state_dir);
	free(state_want);
	state_want = NULL;
	return 0;
}

static void
test_state(void **state)
{
	(void)state;
	/* One run with nothing failing gives the file to expect. */
	chaos_arm(0, 0);
	subject_state(NULL);
	chaos_disarm();
	assert_int_equal(chaos.live, 0);
	assert_non_null(state_want = strdup(read_state()));
	assert_string_not_equal(state_want, state_text);

	walk_both("state_load/group/save", subject_state, NULL);
}

/* ------------------------------------------------------------------ */
/* sync_run and the report's renderings, for each provider model */

static char sync_dir[64];
static struct source sync_srcs[] = {
	{ .host = "dns1.example.net" }, { .host = "dns2.example.net" },
	{ .host = "dns3.example.net" },
};
static const char *const sync_answers[] = { "198.51.100.1",
    "198.51.100.2", "198.51.100.3" };
static struct account sync_account = { .name = "mem" };
static struct group sync_group = {
	.name = "home", .account = &sync_account, .zone = "example.com",
	.fqdn = "a.dns.example.com", .rr = "a.dns", .sources = sync_srcs,
	.nsources = NELEM(sync_srcs), .family = AF_INET,
	.resolver = RESOLVE_SYSTEM, .resolve_timeout = 5, .stale_after = 3600,
	.check_ports = { 22 }, .ncheck_ports = 1, .check_timeout = 2,
	.fail_after = 1, .recover_after = 1, .min_records = 1,
	.verify_every = 600, .failback = 1,
};
static struct config sync_cfg = {
	.state_dir = sync_dir, .accounts = &sync_account, .naccounts = 1,
	.groups = &sync_group, .ngroups = 1,
};
static int sync_ref[2];		/* statuses of the two runs, nothing failing */

/* The resolver seam: the third source fails; the name holds 192.0.2.9. */
static int
sync_resolve(struct group *const *groups, size_t n,
    struct source_result *const *res)
{
	struct source_result *r;
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < groups[i]->nsources; j++) {
			r = &res[i][j];
			snprintf(r->via, sizeof(r->via), "system");
			if (j == 2 && groups[i]->nsources == 3) {
				r->status = EX_NOHOST;
				snprintf(r->error, sizeof(r->error), "NXDOMAIN");
				continue;
			}
			if ((r->addrs = calloc(1, sizeof(*r->addrs))) == NULL)
				return EX_SOFTWARE;
			r->naddrs = 1;
			assert_true(addr_parse(&r->addrs[0],
			    groups[i]->nsources == 1 ? "192.0.2.9" :
			    sync_answers[j]));
		}
	return 0;
}

/* The second line fails its check. */
static int
sync_probe(struct probe *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		v[i].ok = v[i].addr.b[3] != 2;
		snprintf(v[i].error, sizeof(v[i].error), "timed out");
	}
	return 0;
}

/*
 * Two runs: a sync that writes (a redial, a dead line, a failed source,
 * a leftover) and a status, each rendered as --json and as the table.
 */
static void
subject_sync(const void *arg)
{
	const struct provider *p = arg;
	struct sync_opts o;
	struct report *rep;
	FILE *devnull;
	int i, st;

	chaos.hold = 1;
	mem_reset();
	sync_account.provider = p;
	sync_group.line = p->caps & PCAP_LINES ? "default" : NULL;
	sync_group.spare = p->caps & PCAP_DISABLE ? SPARE_DISABLE :
	    SPARE_DELETE;
	if (p->model == MODEL_SINGLE)
		snprintf(mem.published, sizeof(mem.published), "192.0.2.9");
	else if (p->model == MODEL_RECORDSET) {
		snprintf(mem_put("a.dns", "198.51.100.1", 1)->id, 24, "set1");
		snprintf(mem_put("a.dns", "192.0.2.9", 1)->id, 24, "set1");
	} else {
		mem_put("a.dns", "198.51.100.1", 1);
		mem_put("a.dns", "192.0.2.9", 1);
		mem_put("a.dns", "192.0.2.8", 1);
	}
	rm_tree(sync_dir);
	assert_int_equal(mkdir(sync_dir, 0700), 0);
	assert_non_null(devnull = fopen("/dev/null", "w"));
	chaos.hold = 0;
	quiet();
	for (i = 0; i < 2; i++) {
		memset(&o, 0, sizeof(o));
		o.command = i == 0 ? REPORT_SYNC : REPORT_STATUS;
		o.now = NOW + i * 60;
		o.resolve = sync_resolve;
		o.probe = sync_probe;
		rep = NULL;
		st = sync_run(&sync_cfg, &o, &rep);
		if (!chaos.armed)
			sync_ref[i] = st;
		else if (st != sync_ref[i] && (st != EX_SOFTWARE ||
		    chaos.injected == 0)) {
			loud();
			fail_msg("%s: run %d: allocation %lu failing: exit %d,"
			    " wanted %d (or %d when it failed)", p->name, i + 1,
			    chaos.fail_at, st, sync_ref[i], EX_SOFTWARE);
		}
		if (rep != NULL) {
			if (report_json(rep, devnull) != 0 && chaos.injected == 0)
				fail_msg("%s: report_json failed", p->name);
			report_status_text(rep, devnull);
		}
		report_free(rep);
	}
	chaos.hold = 1;
	fclose(devnull);
	chaos.hold = 0;
	loud();
}

static int
setup_sync(void **state)
{
	(void)state;
	snprintf(sync_dir, sizeof(sync_dir), "/tmp/echoddns-oom-sync.XXXXXX");
	return mkdtemp(sync_dir) == NULL ? -1 : 0;
}

static int
teardown_sync(void **state)
{
	teardown_chaos(state);
	rm_tree(sync_dir);
	return 0;
}

static void
test_sync(void **state)
{
	static const struct provider *const models[] = { &mem_records,
	    &mem_nodisable, &mem_recordset, &mem_single };
	char name[64];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(models); i++) {
		/* The statuses to expect, from a run with nothing failing. */
		subject_sync(models[i]);
		assert_int_equal(chaos.live, 0);
		snprintf(name, sizeof(name), "sync_run, %s", models[i]->name);
		walk_both(name, subject_sync, models[i]);
	}
}

/* ------------------------------------------------------------------ */

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_allocator, teardown_chaos),
		cmocka_unit_test_setup_teardown(test_config, setup_config,
		    teardown_config),
		cmocka_unit_test_teardown(test_sign, teardown_chaos),
		cmocka_unit_test_teardown(test_alidns, teardown_chaos),
		cmocka_unit_test_teardown(test_dnspod, teardown_chaos),
		cmocka_unit_test_teardown(test_cloudflare, teardown_chaos),
		cmocka_unit_test_teardown(test_huaweicloud, teardown_chaos),
		cmocka_unit_test_teardown(test_dyndns2, teardown_chaos),
		cmocka_unit_test_teardown(test_plan, teardown_chaos),
		cmocka_unit_test_setup_teardown(test_state, setup_state,
		    teardown_state),
		cmocka_unit_test_setup_teardown(test_sync, setup_sync,
		    teardown_sync),
	};
	const char *dir;

	if (argc > 1)
		dir = argv[1];
	else if ((dir = getenv("FIXTURES")) == NULL)
		dir = "tests/fixtures/config";
	if (realpath(dir, fixtures) == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return 1;
	}
	if ((null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1 ||
	    (err_fd = fcntl(2, F_DUPFD_CLOEXEC, 3)) == -1) {
		perror("test_oom");
		return 1;
	}
	jalloc_init();	/* echoddns's own, as in main() */
	return cmocka_run_group_tests_name("oom", tests, NULL, NULL);
}
