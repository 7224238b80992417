/*
 * util.c - the run's deadline and small helpers.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "log.h"
#include "util.h"

static long long deadline;	/* now_ms() value; 0 = none */

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
deadline_start(long seconds)
{
	deadline = now_ms() + (long long)seconds * 1000;
}

long
deadline_left_ms(void)
{
	long long left;

	if (deadline == 0)
		return LONG_MAX;
	left = deadline - now_ms();
	return left > 0 ? (long)left : 0;
}

void
wipe(void *p, size_t len)
{
	if (p != NULL)
		explicit_bzero(p, len);
}

void
secret_free(char *s)
{
	if (s == NULL)
		return;
	wipe(s, strlen(s));
	free(s);
}

int
str_ieq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

static int	jalloc_oom;

static void *
jalloc_malloc(size_t n)
{
	void *p;

	if ((p = malloc(n)) == NULL)
		jalloc_oom = 1;
	return p;
}

static void
jalloc_free(void *p)
{
	free(p);
}

void
jalloc_init(void)
{
	json_set_alloc_funcs(jalloc_malloc, jalloc_free);
}

int
jalloc_failed(void)
{
	int failed = jalloc_oom;

	jalloc_oom = 0;
	return failed;
}

const char *
name_in_zone(const char *host, const char *zone, char *buf, size_t len)
{
	size_t hl = strlen(host), zl = strlen(zone);

	if (hl > 0 && host[hl - 1] == '.')
		hl--;
	if (hl == zl && strncasecmp(host, zone, zl) == 0)
		return snprintf(buf, len, "@") < (int)len ? buf : NULL;
	if (hl > zl + 1 && host[hl - zl - 1] == '.' &&
	    strncasecmp(host + hl - zl, zone, zl) == 0 && hl - zl - 1 < len) {
		memcpy(buf, host, hl - zl - 1);
		buf[hl - zl - 1] = '\0';
		return buf;
	}
	return NULL;
}

const char *
url_host(const char *url, char *buf, size_t len)
{
	const char *h = strstr(url, "://"), *end;
	size_t n;

	h = h != NULL ? h + 3 : url;
	if (*h == '[')
		end = h + 1 + strcspn(h + 1, "]/");
	else
		end = h + strcspn(h, ":/");
	h += *h == '[';
	n = (size_t)(end - h);
	if (n >= len)
		n = len - 1;
	memcpy(buf, h, n);
	buf[n] = '\0';
	return buf;
}

char *
str_printf(const char *subject, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (s = malloc((size_t)len + 1)) == NULL) {
		log_err("%s: out of memory", subject);
		return NULL;
	}
	va_start(ap, fmt);
	(void)vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return s;
}

int
str_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int
str_icontains(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}
