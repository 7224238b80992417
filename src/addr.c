/*
 * addr.c - IPv4/IPv6 address values.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <string.h>

#include "addr.h"

int
addr_parse(struct addr *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->b) == 1) {
		a->family = AF_INET;
		return 1;
	}
	if (inet_pton(AF_INET6, s, a->b) == 1) {
		a->family = AF_INET6;
		return 1;
	}
	memset(a, 0, sizeof(*a));
	return 0;
}

const char *
addr_str(const struct addr *a, char *buf)
{
	if (a->family == 0 || inet_ntop(a->family, a->b, buf, ADDR_STRLEN) == NULL)
		strcpy(buf, "-");
	return buf;
}

const char *
addr_rrtype(int family)
{
	return family == AF_INET6 ? "AAAA" : "A";
}

int
addr_cmp(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->b, b->b, a->family == AF_INET ? 4 : 16);
}

static const char *
v4_unusable(const unsigned char *b)
{
	if (b[0] == 0)
		return "unspecified (0.0.0.0/8)";
	if (b[0] == 127)
		return "loopback";
	if (b[0] == 169 && b[1] == 254)
		return "link-local";
	if (b[0] >= 224 && b[0] <= 239)
		return "multicast";
	if (b[0] >= 240)
		return "reserved (240.0.0.0/4)";
	if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
	    (b[0] == 192 && b[1] == 168))
		return "private (RFC 1918)";
	if (b[0] == 100 && (b[1] & 0xc0) == 64)
		return "shared (CGNAT 100.64/10)";
	return NULL;
}

const char *
addr_unusable(const struct addr *a)
{
	static const unsigned char zero[16];
	const unsigned char *b = a->b;

	if (a->family == AF_INET)
		return v4_unusable(b);
	if (a->family != AF_INET6)
		return "not an address";
	if (memcmp(b, zero, 16) == 0)
		return "unspecified";
	if (memcmp(b, zero, 15) == 0 && b[15] == 1)
		return "loopback";
	/* ::ffff:a.b.c.d is judged as the IPv4 address it carries. */
	if (memcmp(b, zero, 10) == 0 && b[10] == 0xff && b[11] == 0xff)
		return v4_unusable(b + 12) ? v4_unusable(b + 12) : "IPv4-mapped";
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return "link-local";
	if (b[0] == 0xff)
		return "multicast";
	if ((b[0] & 0xfe) == 0xfc)
		return "unique local (fc00::/7)";
	return NULL;
}
