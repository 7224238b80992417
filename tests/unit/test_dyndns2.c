/*
 * test_dyndns2.c - the dyndns2 answers (shared/reference/providers.md
 * 4.1-4.3) and their exit statuses, the update URL that "server =" names,
 * and the request: its URL and its Basic auth header.
 */
#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exitcode.h"
#include "log.h"
#include "providers/dyndns2.h"
#include "sign.h"

static int
parse(const char *body, struct dyndns2_answer *a)
{
	return dyndns2_parse_answer(body, strlen(body), a);
}

static void
test_good_nochg(void **unused)
{
	struct dyndns2_answer a;
	struct addr want;

	assert_int_equal(parse("good 203.0.113.7", &a), 0);
	assert_int_equal(a.code, DYNDNS2_GOOD);
	assert_string_equal(a.word, "good");
	assert_true(addr_parse(&want, "203.0.113.7"));
	assert_int_equal(addr_cmp(&a.addr, &want), 0);
	/* Line ends, blanks before, further lines for further hosts. */
	assert_int_equal(parse("\r\n  nochg 2001:db8::1\r\nnohost\n", &a), 0);
	assert_int_equal(a.code, DYNDNS2_NOCHG);
	assert_true(addr_parse(&want, "2001:db8::1"));
	assert_int_equal(addr_cmp(&a.addr, &want), 0);
	/* The address is optional, and a word that is none is no address. */
	assert_int_equal(parse("good", &a), 0);
	assert_int_equal(a.addr.family, 0);
	assert_int_equal(parse("good\n", &a), 0);
	assert_int_equal(a.addr.family, 0);
	assert_int_equal(parse("GOOD 1.2.3", &a), 0);
	assert_int_equal(a.code, DYNDNS2_GOOD);
	assert_int_equal(a.addr.family, 0);
	assert_int_equal(dyndns2_code_status(DYNDNS2_GOOD), 0);
	assert_int_equal(dyndns2_code_status(DYNDNS2_NOCHG), 0);
}

/* Every code of the protocol, with the exit status it stands for. */
static void
test_codes(void **unused)
{
	static const struct {
		const char		*body;
		enum dyndns2_code	 code;
		int			 status;
	} v[] = {
		{ "badauth", DYNDNS2_BADAUTH, EX_NOPERM },
		{ "abuse\n", DYNDNS2_ABUSE, EX_NOPERM },
		{ "!yours", DYNDNS2_NOTYOURS, EX_NOPERM },
		{ "nohost", DYNDNS2_NOHOST, EX_CONFIG },
		{ "notfqdn\r\n", DYNDNS2_NOTFQDN, EX_CONFIG },
		{ "numhost", DYNDNS2_NUMHOST, EX_CONFIG },
		{ "!donator", DYNDNS2_DONATOR, EX_CONFIG },
		{ "!active", DYNDNS2_NOTACTIVE, EX_CONFIG },
		{ "badagent", DYNDNS2_BADAGENT, EX_CONFIG },
		{ "dnserr", DYNDNS2_DNSERR, EX_TEMPFAIL },
		{ "911", DYNDNS2_911, EX_TEMPFAIL },
		{ "interror", DYNDNS2_INTERROR, EX_TEMPFAIL },
		{ "BadAuth extra words", DYNDNS2_BADAUTH, EX_NOPERM },
	};
	struct dyndns2_answer a;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(parse(v[i].body, &a), 0);
		assert_int_equal(a.code, v[i].code);
		assert_int_equal(dyndns2_code_status(a.code), v[i].status);
		assert_int_equal(a.addr.family, 0);
	}
	assert_int_equal(dyndns2_code_status(DYNDNS2_UNKNOWN), EX_PROTOCOL);
}

/* Anything else is no answer: 76 (or retried with a 5xx). */
static void
test_unknown(void **unused)
{
	static const char *const bodies[] = {
		"", "\n\n", "   ", "<html><body>502</body></html>",
		"{\"code\":\"good\"}", "goodness", "good\x01", "bad auth",
		"ok", "9111", "averyveryverylongwordindeed",
	};
	struct dyndns2_answer a;
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		assert_int_equal(parse(bodies[i], &a), -1);
		assert_int_equal(a.code, DYNDNS2_UNKNOWN);
	}
	/* A NUL ends nothing: the length does. */
	assert_int_equal(dyndns2_parse_answer("nohost\0x", 8, &a), -1);
	assert_int_equal(dyndns2_parse_answer("nohost\n\0", 8, &a), 0);
	assert_int_equal(dyndns2_parse_answer("good 192.0.2.1", 6, &a), 0);
	assert_int_equal(a.addr.family, 0);
}

static void
test_server_url(void **unused)
{
	const char *why;

	assert_string_equal(dyndns2_server_url("3322", &why),
	    "http://members.3322.net/dyndns/update");
	assert_null(why);
	assert_string_equal(dyndns2_server_url("oray", &why),
	    "http://ddns.oray.com/ph/update");
	assert_string_equal(dyndns2_server_url(
	    "https://dynupdate.no-ip.com/nic/update", &why),
	    "https://dynupdate.no-ip.com/nic/update");
	assert_string_equal(dyndns2_server_url(
	    "http://update.example.net:8245/nic/update", &why),
	    "http://update.example.net:8245/nic/update");
	assert_null(dyndns2_server_url("3323", &why));
	assert_non_null(why);
	assert_null(dyndns2_server_url("ORAY", &why));
	assert_null(dyndns2_server_url("ftp://x.example.net/", &why));
	assert_null(dyndns2_server_url("https://u:p@x.example.net/", &why));
	assert_non_null(strstr(why, "user name"));
	assert_null(dyndns2_server_url("https://x.example.net/?a=b", &why));
}

static void
test_update_url(void **unused)
{
	char *u;

	assert_non_null(u = dyndns2_update_url(
	    "https://localhost:8443/nic/update", "ha.3322.org",
	    "203.0.113.7"));
	assert_string_equal(u, "https://localhost:8443/nic/update?"
	    "hostname=ha.3322.org&myip=203.0.113.7");
	free(u);
	assert_non_null(u = dyndns2_update_url("http://h/p", "a_b.x.org",
	    "2001:db8::1"));
	assert_string_equal(u, "http://h/p?hostname=a_b.x.org&"
	    "myip=2001%3Adb8%3A%3A1");
	free(u);
}

/* RFC 7617's example, and a password that holds ':' and '='. */
static void
test_basic_auth(void **unused)
{
	char *h;

	assert_non_null(h = dyndns2_basic_auth("Aladdin", "open sesame"));
	assert_string_equal(h, "Authorization: Basic "
	    "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
	free(h);
	assert_non_null(h = dyndns2_basic_auth("u", "p:w="));
	assert_string_equal(h, "Authorization: Basic dTpwOnc9");
	free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_nochg),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_server_url),
		cmocka_unit_test(test_update_url),
		cmocka_unit_test(test_basic_auth),
	};

	log_init(VERB_QUIET, 0);
	return cmocka_run_group_tests_name("dyndns2", tests, NULL, NULL);
}
