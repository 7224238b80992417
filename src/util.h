/*
 * util.h - the run's deadline and small string helpers shared by modules.
 */
#ifndef ECHODDNS_UTIL_H
#define ECHODDNS_UTIL_H

#include <stddef.h>

/* Start the whole-run deadline, seconds from now (monotonic clock). */
void	 deadline_start(long seconds);

/* Milliseconds left before the deadline (0 when passed); LONG_MAX if unset. */
long	 deadline_left_ms(void);

/* Monotonic milliseconds since an arbitrary origin. */
long long now_ms(void);

/* Wipe a buffer so the compiler cannot drop it (secrets). NULL-safe. */
void	 wipe(void *p, size_t len);

/* Wipe and free a NUL-terminated secret. NULL-safe. */
void	 secret_free(char *s);

/*
 * host relative to zone, "@" for the apex, into buf (len bytes): a
 * trailing dot on host is ignored, case is not. Returns buf, or NULL when
 * host is not zone or inside it (or does not fit).
 */
const char *name_in_zone(const char *host, const char *zone, char *buf,
	    size_t len);

/*
 * The host of url ("scheme://host[:port]/..."; an IPv6 literal without its
 * brackets) into buf (len bytes, cut to fit), for messages. Returns buf.
 */
const char *url_host(const char *url, char *buf, size_t len);

/* strcasecmp-equal for ASCII; NULL-safe (two NULLs are equal). */
int	 str_ieq(const char *a, const char *b);

/* 1 when s is one or more ASCII digits. */
int	 str_digits(const char *s);

/* 1 when s contains word, ASCII case ignored. */
int	 str_icontains(const char *s, const char *word);

/*
 * A new string (the caller frees it) printed from fmt; NULL when out of
 * memory, reported as subject's ("subject: out of memory").
 */
char	*str_printf(const char *subject, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * jansson hides some allocation failures (a string cut short by
 * json_loadb, a key dropped by json_dumps): jalloc_init routes its
 * allocations through a malloc that notes them; jalloc_failed tells
 * whether one failed since it was last asked, and forgets it. Named
 * jalloc_, not json_: that prefix is jansson's.
 */
void	 jalloc_init(void);
int	 jalloc_failed(void);

#endif
