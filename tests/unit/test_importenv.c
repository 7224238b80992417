/*
 * test_importenv.c - `echoddns import-env`: the Python EchoDDNS's
 * environment turned into an INI; what is refused, and that the secret
 * never reaches the output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exitcode.h"
#include "importenv.h"

#define SECRET	"PySecret-DoNotPrint-91"

static const char *const vars[] = {
	"ACCESSKEY_ID", "ACCESSKEY_SECRET", "DOMAIN_NAME", "A_DOMAIN",
	"DOMAIN_TTL", "QUERY_MODE", "QUERY_DNS", "SERVICE_LOCATION",
	"DDNS1_DOMAIN", "DDNS2_DOMAIN", "DDNS3_DOMAIN", "DDNS4_DOMAIN",
	"DDNS32_DOMAIN", "DDNS33_DOMAIN", "A_RecordId1", "A_RecordId2",
	"A_RecordId3", "A_RecordId4",
};

static int
clear_env(void **unused)
{
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	return 0;
}

/* The README's example of the Python EchoDDNS: three lines, pinned. */
static void
seed_env(void)
{
	setenv("ACCESSKEY_ID", "LTAI5tExample", 1);
	setenv("ACCESSKEY_SECRET", SECRET, 1);
	setenv("DOMAIN_NAME", "example.com", 1);
	setenv("DDNS1_DOMAIN", "dns1.example.com", 1);
	setenv("DDNS2_DOMAIN", "dns2.example.com", 1);
	setenv("DDNS3_DOMAIN", "dns3.example.com", 1);
	setenv("A_DOMAIN", "a.dns.example.com", 1);
	setenv("A_RecordId1", "1455682456000096", 1);
	setenv("A_RecordId2", "1455680456002021", 1);
	setenv("A_RecordId3", "1455682456000291", 1);
}

/* Run import-env; *status gets its result; returns what it wrote. */
static char *
run(int *status)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	*status = importenv_write(f);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	assert_null(strstr(buf, SECRET));
	return buf;
}

/* The value of "key = " in the INI text, up to the end of its line. */
static char *
value(const char *ini, const char *key, char *buf, size_t size)
{
	const char *p = ini, *end;
	size_t kl = strlen(key);

	for (; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, key, kl) == 0 && strncmp(p + kl, " = ", 3) == 0) {
			p += kl + 3;
			end = strchr(p, '\n');
			snprintf(buf, size, "%.*s", (int)(end - p), p);
			return buf;
		}
	return NULL;
}

static void
test_seed_compose(void **unused)
{
	char v[256], *ini;
	int st;

	seed_env();
	ini = run(&st);
	assert_int_equal(st, 0);
	assert_non_null(strstr(ini, "\n[account aliyun]\nprovider = alidns\n"));
	assert_non_null(strstr(ini, "\n[group ha]\naccount = aliyun\n"));
	assert_string_equal(value(ini, "access_key_id", v, sizeof(v)),
	    "LTAI5tExample");
	assert_string_equal(value(ini, "access_key_secret_env", v, sizeof(v)),
	    "ACCESSKEY_SECRET");
	assert_null(value(ini, "access_key_secret", v, sizeof(v)));
	assert_string_equal(value(ini, "zone", v, sizeof(v)), "example.com");
	assert_string_equal(value(ini, "name", v, sizeof(v)),
	    "a.dns.example.com");
	assert_string_equal(value(ini, "sources", v, sizeof(v)),
	    "dns1.example.com dns2.example.com dns3.example.com");
	assert_string_equal(value(ini, "ttl", v, sizeof(v)), "600");
	assert_string_equal(value(ini, "type", v, sizeof(v)), "A");
	assert_string_equal(value(ini, "records", v, sizeof(v)),
	    "1455682456000096 1455680456002021 1455682456000291");
	assert_string_equal(value(ini, "resolver", v, sizeof(v)), "api");
	free(ini);
}

/* Names without the zone were relative to it; a trailing dot is dropped. */
static void
test_relative_names(void **unused)
{
	char v[256], *ini;
	int st;

	seed_env();
	setenv("DOMAIN_NAME", "Example.COM.", 1);
	setenv("A_DOMAIN", "a.dns", 1);
	setenv("DDNS1_DOMAIN", "dns1", 1);
	setenv("DDNS2_DOMAIN", "dns2.example.com.", 1);
	setenv("DDNS3_DOMAIN", "example.com", 1);
	ini = run(&st);
	assert_int_equal(st, 0);
	assert_string_equal(value(ini, "zone", v, sizeof(v)), "Example.COM");
	assert_string_equal(value(ini, "name", v, sizeof(v)),
	    "a.dns.Example.COM");
	assert_string_equal(value(ini, "sources", v, sizeof(v)),
	    "dns1.Example.COM dns2.example.com example.com");
	free(ini);
}

/* Gaps in the numbering are skipped, as the Python did; 32 at most. */
static void
test_numbering(void **unused)
{
	char v[256], *ini;
	int st;

	seed_env();
	unsetenv("DDNS2_DOMAIN");
	unsetenv("A_RecordId2");
	unsetenv("A_RecordId3");
	setenv("DDNS32_DOMAIN", "dns32.example.com", 1);
	setenv("DDNS33_DOMAIN", "dns33.example.com", 1);
	setenv("DOMAIN_TTL", "60", 1);
	ini = run(&st);
	assert_int_equal(st, 0);
	assert_string_equal(value(ini, "sources", v, sizeof(v)),
	    "dns1.example.com dns3.example.com dns32.example.com");
	assert_string_equal(value(ini, "records", v, sizeof(v)),
	    "1455682456000096");
	assert_string_equal(value(ini, "ttl", v, sizeof(v)), "60");
	free(ini);
}

/* Without record IDs echoddns manages the records itself. */
static void
test_unpinned(void **unused)
{
	char v[256], *ini;
	int st;

	seed_env();
	unsetenv("A_RecordId1");
	unsetenv("A_RecordId2");
	unsetenv("A_RecordId3");
	ini = run(&st);
	assert_int_equal(st, 0);
	assert_null(value(ini, "records", v, sizeof(v)));
	free(ini);
}

static void
test_query_mode(void **unused)
{
	char v[256], *ini;
	int st;

	seed_env();
	setenv("QUERY_MODE", "DNS", 1);
	ini = run(&st);
	assert_int_equal(st, 0);
	assert_string_equal(value(ini, "resolver", v, sizeof(v)),
	    "223.5.5.5 223.6.6.6");
	free(ini);

	setenv("QUERY_MODE", "dns", 1);
	setenv("QUERY_DNS", "192.0.2.53, 2001:db8::53", 1);
	ini = run(&st);
	assert_int_equal(st, 0);
	assert_string_equal(value(ini, "resolver", v, sizeof(v)),
	    "192.0.2.53 2001:db8::53");
	free(ini);

	setenv("QUERY_MODE", "sdk", 1);
	ini = run(&st);
	assert_int_equal(st, 0);
	assert_string_equal(value(ini, "resolver", v, sizeof(v)), "api");
	free(ini);
}

/* Anything missing or unusable: EX_CONFIG and not a byte of INI. */
static void
test_refused(void **unused)
{
	static const struct {
		const char	*var;
		const char	*val;	/* NULL: unset */
	} cases[] = {
		{ "ACCESSKEY_ID", NULL },
		{ "ACCESSKEY_ID", "" },
		{ "ACCESSKEY_ID", "LTAI \"x\"" },
		{ "ACCESSKEY_SECRET", NULL },
		{ "DOMAIN_NAME", NULL },
		{ "DOMAIN_NAME", "example.com\n[account x]" },
		{ "A_DOMAIN", NULL },
		{ "A_DOMAIN", "a..example.com" },
		{ "DDNS2_DOMAIN", "dns2 example.com" },
		{ "A_RecordId2", "1455680456002021;" },
		{ "DOMAIN_TTL", "0" },
		{ "DOMAIN_TTL", "86401" },
		{ "DOMAIN_TTL", "10m" },
		{ "QUERY_MODE", "HTTP" },
	};
	char *ini;
	size_t i;
	int st;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		clear_env(NULL);
		seed_env();
		if (cases[i].val == NULL)
			unsetenv(cases[i].var);
		else
			setenv(cases[i].var, cases[i].val, 1);
		ini = run(&st);
		if (st != EX_CONFIG)
			fail_msg("%s=%s: status %d", cases[i].var,
			    cases[i].val ? cases[i].val : "(unset)", st);
		assert_string_equal(ini, "");
		free(ini);
	}

	clear_env(NULL);
	seed_env();
	unsetenv("DDNS1_DOMAIN");
	unsetenv("DDNS2_DOMAIN");
	unsetenv("DDNS3_DOMAIN");
	ini = run(&st);
	assert_int_equal(st, EX_CONFIG);
	free(ini);

	clear_env(NULL);
	seed_env();
	setenv("QUERY_MODE", "DNS", 1);
	setenv("QUERY_DNS", "223.5.5.5,dns.example", 1);
	ini = run(&st);
	assert_int_equal(st, EX_CONFIG);
	free(ini);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_seed_compose, clear_env),
		cmocka_unit_test_setup(test_relative_names, clear_env),
		cmocka_unit_test_setup(test_numbering, clear_env),
		cmocka_unit_test_setup(test_unpinned, clear_env),
		cmocka_unit_test_setup(test_query_mode, clear_env),
		cmocka_unit_test_setup(test_refused, clear_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
