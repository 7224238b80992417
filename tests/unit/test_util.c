/*
 * test_util.c - the small string helpers of util.h that providers and the
 * config loader share: digits, a word in a message, names in a zone, a
 * printf into a new string.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util.h"

static void
test_digits(void **state)
{
	(void)state;
	assert_true(str_digits("0"));
	assert_true(str_digits("9007199254740993"));
	assert_false(str_digits(""));
	assert_false(str_digits("12a"));
	assert_false(str_digits("-1"));
	assert_false(str_digits(" 1"));
	assert_false(str_digits("1.5"));
}

static void
test_icontains(void **state)
{
	(void)state;
	assert_true(str_icontains("Invalid access token", "invalid access token"));
	assert_true(str_icontains("the signature has EXPIRED.", "expired"));
	assert_true(str_icontains("abc", ""));
	assert_false(str_icontains("", "a"));
	assert_false(str_icontains("expire", "expired"));
	assert_false(str_icontains("exp ired", "expired"));
}

static void
test_printf(void **state)
{
	char *s;

	(void)state;
	s = str_printf("test", "%s-%d-%s", "a", 42, "");
	assert_non_null(s);
	assert_string_equal(s, "a-42-");
	free(s);
	s = str_printf("test", "%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void
test_name_in_zone(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(name_in_zone("a.dns.example.com", "example.com",
	    buf, sizeof(buf)), "a.dns");
	assert_string_equal(name_in_zone("example.com", "example.com", buf,
	    sizeof(buf)), "@");
	assert_null(name_in_zone("a.example.net", "example.com", buf,
	    sizeof(buf)));
	assert_null(name_in_zone("aexample.com", "example.com", buf,
	    sizeof(buf)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_icontains),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_name_in_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
