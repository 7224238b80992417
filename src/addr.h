/*
 * addr.h - IPv4 and IPv6 addresses as plain values: parse, format,
 * compare, and tell whether one may be published in a public HA name.
 */
#ifndef ECHODDNS_ADDR_H
#define ECHODDNS_ADDR_H

#include <stddef.h>

#define ADDR_STRLEN	46	/* INET6_ADDRSTRLEN */

struct addr {
	int		family;		/* AF_INET, AF_INET6, or 0 = none */
	unsigned char	b[16];		/* network order; 4 bytes used for AF_INET */
};

/* Parse a literal address of either family; 1 on success, 0 if s is not one. */
int		 addr_parse(struct addr *a, const char *s);

/* Format a into buf (at least ADDR_STRLEN bytes) and return buf. */
const char	*addr_str(const struct addr *a, char *buf);

/* The DNS record type of family: "AAAA" for AF_INET6, else "A" (static). */
const char	*addr_rrtype(int family);

/* A total order (family first, then bytes); 0 when equal. */
int		 addr_cmp(const struct addr *a, const struct addr *b);

/*
 * NULL if a is a public unicast address, else a short static reason:
 * "unspecified", "loopback", "link-local", "multicast", "private (RFC 1918)",
 * "shared (CGNAT 100.64/10)", "unique local (fc00::/7)", ...
 */
const char	*addr_unusable(const struct addr *a);

#endif
