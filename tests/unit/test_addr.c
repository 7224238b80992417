/*
 * test_addr.c - address parsing, formatting, order, the unusable filter
 * and the record type of a family.
 */
#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "addr.h"

static void
test_parse_format(void **unused)
{
	static const struct {
		const char	*in;
		int		 family;
		const char	*out;
	} cases[] = {
		{ "203.0.113.7", AF_INET, "203.0.113.7" },
		{ "2001:db8::1", AF_INET6, "2001:db8::1" },
		{ "2001:0db8:0000:0000:0000:0000:0000:0001", AF_INET6,
		    "2001:db8::1" },
		{ "::ffff:203.0.113.7", AF_INET6, "::ffff:203.0.113.7" },
		{ "203.0.113", 0, "-" },
		{ "203.0.113.256", 0, "-" },
		{ "example.com", 0, "-" },
		{ "", 0, "-" },
		{ " 203.0.113.7", 0, "-" },
		{ "2001:db8::1%eth0", 0, "-" },
	};
	struct addr a;
	char buf[ADDR_STRLEN];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(addr_parse(&a, cases[i].in),
		    cases[i].family != 0);
		assert_int_equal(a.family, cases[i].family);
		assert_string_equal(addr_str(&a, buf), cases[i].out);
	}
}

static void
test_order(void **unused)
{
	struct addr a, b, c, d;

	assert_true(addr_parse(&a, "192.0.2.1"));
	assert_true(addr_parse(&b, "192.0.2.2"));
	assert_true(addr_parse(&c, "2001:db8::1"));
	assert_true(addr_parse(&d, "2001:db8:0::1"));
	assert_true(addr_cmp(&a, &b) < 0);
	assert_true(addr_cmp(&b, &a) > 0);
	assert_int_equal(addr_cmp(&a, &a), 0);
	assert_int_equal(addr_cmp(&c, &d), 0);
	assert_true(addr_cmp(&a, &c) != 0);	/* families differ */
}

static void
test_unusable(void **unused)
{
	static const struct {
		const char	*in;
		const char	*why;	/* NULL = usable */
	} cases[] = {
		{ "203.0.113.7", NULL },
		{ "198.51.100.1", NULL },
		{ "8.8.8.8", NULL },
		{ "100.63.255.255", NULL },
		{ "100.128.0.0", NULL },
		{ "172.15.0.1", NULL },
		{ "172.32.0.1", NULL },
		{ "0.0.0.0", "unspecified (0.0.0.0/8)" },
		{ "127.0.0.1", "loopback" },
		{ "169.254.1.1", "link-local" },
		{ "224.0.0.1", "multicast" },
		{ "255.255.255.255", "reserved (240.0.0.0/4)" },
		{ "10.1.2.3", "private (RFC 1918)" },
		{ "172.16.0.1", "private (RFC 1918)" },
		{ "172.31.255.255", "private (RFC 1918)" },
		{ "192.168.1.1", "private (RFC 1918)" },
		{ "100.64.0.1", "shared (CGNAT 100.64/10)" },
		{ "100.127.255.255", "shared (CGNAT 100.64/10)" },
		{ "2001:db8::1", NULL },
		{ "2400:3200::1", NULL },
		{ "::", "unspecified" },
		{ "::1", "loopback" },
		{ "fe80::1", "link-local" },
		{ "febf::1", "link-local" },
		{ "ff02::1", "multicast" },
		{ "fc00::1", "unique local (fc00::/7)" },
		{ "fdff::1", "unique local (fc00::/7)" },
		{ "::ffff:192.168.0.1", "private (RFC 1918)" },
		{ "::ffff:203.0.113.7", "IPv4-mapped" },
	};
	struct addr a;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(addr_parse(&a, cases[i].in));
		why = addr_unusable(&a);
		if (cases[i].why == NULL) {
			if (why != NULL)
				fail_msg("%s: unusable (%s)", cases[i].in, why);
		} else {
			if (why == NULL)
				fail_msg("%s: usable", cases[i].in);
			assert_string_equal(why, cases[i].why);
		}
	}
	memset(&a, 0, sizeof(a));
	assert_non_null(addr_unusable(&a));
}

static void
test_rrtype(void **unused)
{
	struct addr a;

	assert_true(addr_parse(&a, "192.0.2.1"));
	assert_string_equal(addr_rrtype(a.family), "A");
	assert_true(addr_parse(&a, "2001:db8::1"));
	assert_string_equal(addr_rrtype(a.family), "AAAA");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_unusable),
		cmocka_unit_test(test_rrtype),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
