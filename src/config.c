/*
 * config.c - echoddns.conf(5): the schema and its validation. The file is
 * read by secret.c (it may hold secrets) and split into sections of keys
 * by inifile.c; here each section is checked against its keys and built
 * into struct config, and every problem is reported in line order before
 * config_load gives up.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "exitcode.h"
#include "inifile.h"
#include "log.h"
#include "provider.h"
#include "secret.h"
#include "util.h"

#ifndef STATEDIR
#define STATEDIR	"/var/lib/echoddns"
#endif

#define SOURCES_MAX	32
#define DEFAULT_TIMEOUT	40

/* The kinds of section, in the order of sect_kinds. */
enum sect_kind {
	SECT_GLOBAL,
	SECT_ACCOUNT,
	SECT_GROUP
};

/* A sources list may go on over several lines: 32 sources do not fit one. */
static const char *const group_repeat[] = { "sources", NULL };

static const struct inifile_kind sect_kinds[] = {
	{ "echoddns", 0, NULL },	/* [echoddns] */
	{ "account", 1, NULL },		/* [account NAME] */
	{ "group", 1, group_repeat }	/* [group NAME] */
};
#define NSECT_KINDS	(int)(sizeof(sect_kinds) / sizeof(sect_kinds[0]))

static const char *const global_keys[] = {
	"state_dir", "lock_file", "timeout", "hook", NULL
};

/* Every account's keys; the provider adds its own (provider.h). */
static const char *const account_keys[] = {
	"provider", "endpoint", "ca_file", NULL
};

/* Every group's keys, some of which a provider refuses (refused_key). */
static const char *const group_keys[] = {
	"account", "zone", "name", "sources", "type", "ttl", "line",
	"records", "resolver", "allow_private", "spare", "resolve_timeout",
	"stale_after", "check", "check_timeout", "fail_after",
	"recover_after", "min_records", "verify_every", "zone_id",
	"failback", "hook", NULL
};

static int
is_alnum(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9');
}

/* The entry key of s, whatever its value, or NULL. */
static struct inifile_entry *
find(const struct inifile_section *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].key, key) == 0)
			return &s->v[i];
	return NULL;
}

/* The entry key of s if it has a usable value (bad ones are reported). */
static struct inifile_entry *
get(const struct inifile_section *s, const char *key)
{
	struct inifile_entry *e;

	if ((e = find(s, key)) == NULL || e->value == NULL ||
	    *e->value == '\0')
		return NULL;
	return e;
}

static void
require(struct inifile *ini, const struct inifile_section *s, const char *key)
{
	if (find(s, key) == NULL)
		inifile_diag(ini, s->line, "missing required key '%s' in "
		    "[%s %s]", key, sect_kinds[s->kind].word, s->name);
}

static int
in_list(const char *key, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(key, *list) == 0)
			return 1;
	return 0;
}

/* in_list for the first n bytes of key. */
static int
in_list_n(const char *key, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(key, *list, n) == 0)
			return 1;
	return 0;
}

/*
 * The account key of p that key names: the key itself, or for a secret
 * also KEY_file and KEY_env. NULL when p has none.
 */
static const struct provider_key *
provider_key_of(const struct provider *p, const char *key)
{
	const struct provider_key *k;

	for (k = p->keys; k->name != NULL; k++)
		if (strcmp(key, k->name) == 0 || ((k->flags & PKEY_SECRET) &&
		    secret_key_variant(key, k->name) > 0))
			return k;
	return NULL;
}

#define KEY_LEN_MAX	64	/* longer keys get no suggestion */

/*
 * Edit distance between a (n bytes) and b, an adjacent transposition
 * counting as one edit; KEY_LEN_MAX when either is too long to matter.
 */
static size_t
key_distance(const char *a, size_t n, const char *b)
{
	size_t d[KEY_LEN_MAX + 1][KEY_LEN_MAX + 1], m = strlen(b), i, j, c;

	if (n > KEY_LEN_MAX || m > KEY_LEN_MAX)
		return KEY_LEN_MAX;
	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[n][m];
}

/* Keep cand in best when it is nearer to key (n bytes) than *dist. */
static void
nearer(const char *key, size_t n, const char *cand, char *best, size_t len,
    size_t *dist)
{
	size_t d = key_distance(key, n, cand);

	if (d < *dist) {
		*dist = d;
		snprintf(best, len, "%s", cand);
	}
}

/*
 * What to say after "unknown key 'KEY'": the known key it most likely
 * misspells (at most 2 edits, and fewer than half its length), that a '='
 * is missing after a known key (cut: the key went on after a blank), or
 * the section it belongs in. Only the part of the key a message may show
 * (n bytes) is used.
 */
static void
key_hint(const char *key, size_t n, int cut, const char *const *list,
    const struct provider *p, char *buf, size_t len)
{
	static const char variant[][6] = { "", "_file", "_env" };
	static const struct {
		const char *const	*keys;
		const char		*where;
	} others[] = {
		{ global_keys, "[echoddns]" },
		{ account_keys, "an [account NAME] section" },
		{ group_keys, "a [group NAME] section" },
	};
	const struct provider_key *k;
	char best[KEY_LEN_MAX + 8], cand[KEY_LEN_MAX + 8];
	size_t dist = 3, i, v;

	buf[0] = '\0';
	for (i = 0; list[i] != NULL; i++)
		nearer(key, n, list[i], best, sizeof(best), &dist);
	for (k = p != NULL ? p->keys : NULL; k != NULL && k->name != NULL;
	    k++)
		for (v = 0; v < ((k->flags & PKEY_SECRET) ? 3 : 1); v++) {
			snprintf(cand, sizeof(cand), "%s%s", k->name,
			    variant[v]);
			nearer(key, n, cand, best, sizeof(best), &dist);
		}
	if (dist == 0 && cut)
		snprintf(buf, len, "; is the '=' after '%.*s' missing?",
		    (int)n, key);
	else if (dist > 0 && dist < 3 && dist * 2 < n)
		snprintf(buf, len, "; did you mean '%s'?", best);
	else
		for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
			if (others[i].keys != list && in_list_n(key, n,
			    others[i].keys)) {
				snprintf(buf, len, "; it belongs in %s",
				    others[i].where);
				break;
			}
}

/*
 * A '#' after a blank in a value is taken for a comment by people, not by
 * inih. 1 when v has one.
 */
static int
has_comment(const char *v)
{
	const char *h;

	for (h = strchr(v, '#'); h != NULL; h = strchr(h + 1, '#'))
		if (h > v && (h[-1] == ' ' || h[-1] == '\t'))
			return 1;
	return 0;
}

/*
 * Report unknown keys, empty values and values with a '#' comment of s;
 * p adds a provider's keys. A value with a comment is reported once and
 * dropped (value NULL), so that its key is not reported again as bad.
 */
static void
check_keys(struct inifile *ini, const struct inifile_section *s,
    const char *const *list, const struct provider *p)
{
	const struct provider_key *k = NULL;
	struct inifile_entry *e;
	const char *more;
	char hint[160];
	size_t i;
	int ok, shown;

	for (i = 0; i < s->n; i++) {
		e = &s->v[i];
		ok = in_list(e->key, list);
		k = !ok && p != NULL ? provider_key_of(p, e->key) : NULL;
		ok = ok || k != NULL;
		if (!ok) {
			shown = inifile_key_shown(e->key, strlen(e->key),
			    &more);
			key_hint(e->key, (size_t)shown, *more != '\0', list, p,
			    hint, sizeof(hint));
			if (s->kind == SECT_GLOBAL)
				inifile_diag(ini, e->line, "unknown key "
				    "'%.*s%s' in [echoddns]%s", shown, e->key,
				    more, hint);
			else
				inifile_diag(ini, e->line, "unknown key "
				    "'%.*s%s' in [%s %s]%s", shown, e->key,
				    more, sect_kinds[s->kind].word, s->name,
				    hint);
		} else if (e->value != NULL && *e->value == '\0')
			inifile_diag(ini, e->line, "%s: empty value", e->key);
		else if (e->value != NULL && has_comment(e->value) &&
		    (k == NULL || !(k->flags & (PKEY_SECRET | PKEY_TOKEN)))) {
			/* A secret may hold " #"; key IDs are checked later. */
			if (k == NULL)
				inifile_diag(ini, e->line, "%s: '%s': comments "
				    "start a line; use ';' after a space for an "
				    "inline comment", e->key, e->value);
			else
				inifile_diag(ini, e->line, "%s: comments start "
				    "a line; use ';' after a space for an inline "
				    "comment", e->key);
			secret_free(e->value);
			e->value = NULL;
		}
	}
}

/* Seconds: digits with an optional s, m, h or d suffix. */
static int
parse_seconds(struct inifile *ini, const struct inifile_entry *e, long min,
    long max, long *out)
{
	const char *v = e->value;
	size_t n = strlen(v);
	long mult = 1, val = 0;
	size_t i;

	switch (v[n - 1]) {
	case 's':
		n--;
		break;
	case 'm':
		mult = 60;
		n--;
		break;
	case 'h':
		mult = 3600;
		n--;
		break;
	case 'd':
		mult = 86400;
		n--;
		break;
	}
	if (n == 0)
		goto bad;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			goto bad;
		if (val > (LONG_MAX - (v[i] - '0')) / 10)
			goto range;
		val = val * 10 + (v[i] - '0');
	}
	if (val > LONG_MAX / mult)
		goto range;
	val *= mult;
	if (val < min || val > max)
		goto range;
	*out = val;
	return 1;
bad:
	inifile_diag(ini, e->line, "%s: '%s' is not a duration (seconds, or a "
	    "number with s, m, h or d)", e->key, v);
	return 0;
range:
	inifile_diag(ini, e->line, "%s: '%s' is out of range "
	    "(%ld..%ld seconds)", e->key, v, min, max);
	return 0;
}

static int
parse_count(struct inifile *ini, const struct inifile_entry *e, long min,
    long max, long *out)
{
	const char *v = e->value;
	long val = 0;

	if (!str_digits(v)) {
		inifile_diag(ini, e->line, "%s: '%s' is not a whole number",
		    e->key, v);
		return 0;
	}
	for (; *v != '\0'; v++) {
		if (val > max)
			break;
		val = val * 10 + (*v - '0');
	}
	if (val < min || val > max) {
		inifile_diag(ini, e->line, "%s: '%s' is out of range "
		    "(%ld..%ld)", e->key, e->value, min, max);
		return 0;
	}
	*out = val;
	return 1;
}

static int
parse_bool(struct inifile *ini, const struct inifile_entry *e, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++) {
		if (str_ieq(e->value, yes[i])) {
			*out = 1;
			return 1;
		}
		if (str_ieq(e->value, no[i])) {
			*out = 0;
			return 1;
		}
	}
	inifile_diag(ini, e->line, "%s: '%s' is not a boolean (yes/no, "
	    "true/false, on/off, 1/0)", e->key, e->value);
	return 0;
}

/* A DNS name: labels of letters, digits, '-', '_'; one trailing dot. */
static int
valid_hostname(const char *s)
{
	size_t len = strlen(s), label = 0, i;
	unsigned char ch;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		if (ch == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
		} else if (is_alnum(ch) || ch == '_' || ch == '-') {
			if (ch == '-' && label == 0)
				return 0;
			if (++label > 63)
				return 0;
		} else
			return 0;
	}
	return s[len - 1] != '-';
}

static int
valid_port(const char *s, size_t n)
{
	long port = 0;
	size_t i;

	if (n == 0 || n > 5)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		port = port * 10 + (s[i] - '0');
	}
	return port >= 1 && port <= 65535;
}

/* An IP literal of family af (0: either) from n bytes of s. */
static int
parse_literal(struct addr *a, const char *s, size_t n, int af)
{
	char buf[ADDR_STRLEN + 1];

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!addr_parse(a, buf))
		return 0;
	return af == 0 || a->family == af;
}

/* A DNS server: IPv4, IPv4:port, IPv6 or [IPv6]:port. */
static int
valid_server(const char *s)
{
	struct addr a;
	const char *end, *colon;

	if (addr_parse(&a, s))
		return 1;
	if (*s == '[') {
		if ((end = strchr(s, ']')) == NULL || end[1] != ':')
			return 0;
		return parse_literal(&a, s + 1, (size_t)(end - s - 1),
		    AF_INET6) && valid_port(end + 2, strlen(end + 2));
	}
	if ((colon = strchr(s, ':')) == NULL)
		return 0;
	return parse_literal(&a, s, (size_t)(colon - s), AF_INET) &&
	    valid_port(colon + 1, strlen(colon + 1));
}

static void
free_words(char **w, size_t n)
{
	while (n > 0)
		free(w[--n]);
	free(w);
}

/* Split v at blanks into a new array of new strings; NULL on no memory. */
static char **
split(struct inifile *ini, const char *v, size_t *np)
{
	char **w = NULL, **nw;
	size_t n = 0, len;

	for (;;) {
		v += strspn(v, " \t");
		if (*v == '\0')
			break;
		len = strcspn(v, " \t");
		if ((nw = inifile_grow(ini, w, &n, sizeof(*w))) == NULL)
			goto fail;
		w = nw;
		if ((w[n - 1] = inifile_strndup(ini, v, len)) == NULL)
			goto fail;
		v += len;
	}
	*np = n;
	return w;
fail:
	free_words(w, n);
	*np = 0;
	return NULL;
}

/* 1 when w[i] appeared among w[0..i-1]. */
static int
repeated(char *const *w, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(w[j], w[i]) == 0)
			return 1;
	return 0;
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

const char *
config_url_problem(const char *u, int *plain)
{
	static const unsigned char v6_loopback[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
	};
	struct addr a;
	const char *auth, *end, *host, *port = NULL;
	char name[254];
	size_t hlen;
	int https, bracket = 0;

	*plain = 0;
	if (strncmp(u, "https://", 8) == 0) {
		https = 1;
		auth = u + 8;
	} else if (strncmp(u, "http://", 7) == 0) {
		https = 0;
		auth = u + 7;
	} else
		return "not an https:// URL";
	if (strpbrk(u, "?#") != NULL)
		return "must not have a query (?) or fragment (#)";
	for (end = u; *end != '\0'; end++)
		if ((unsigned char)*end <= ' ' || (unsigned char)*end >= 0x7f)
			return "blank or control character in URL";
	end = auth + strcspn(auth, "/");
	if (memchr(auth, '@', (size_t)(end - auth)) != NULL)
		return "must not hold a user name or password";
	host = auth;
	if (*host == '[') {
		bracket = 1;
		host++;
		if ((auth = memchr(host, ']', (size_t)(end - host))) == NULL)
			return "missing ']' after IPv6 address";
		hlen = (size_t)(auth - host);
		auth++;
		if (auth < end && *auth != ':')
			return "bad host";
		if (auth < end)
			port = auth + 1;
	} else {
		port = memchr(host, ':', (size_t)(end - host));
		hlen = (size_t)((port != NULL ? port : end) - host);
		if (port != NULL)
			port++;
	}
	if (port != NULL && !valid_port(port, (size_t)(end - port)))
		return "bad port";
	memset(&a, 0, sizeof(a));
	if (bracket) {
		if (!parse_literal(&a, host, hlen, AF_INET6))
			return "bad IPv6 address";
	} else if (!parse_literal(&a, host, hlen, AF_INET)) {
		if (hlen == 0 || hlen >= sizeof(name))
			return "bad host";
		memcpy(name, host, hlen);
		name[hlen] = '\0';
		if (!valid_hostname(name))
			return "bad host";
	}
	*plain = !https && !((a.family == AF_INET && a.b[0] == 127) ||
	    (a.family == AF_INET6 && memcmp(a.b, v6_loopback, 16) == 0));
	return NULL;
}

/*
 * The URL is not echoed: it could carry a user name and password. Plain
 * http:// is for loopback, and for providers whose servers may offer no
 * HTTPS (dyndns2): then check warns, naming the host.
 */
static void
check_endpoint(struct inifile *ini, const struct inifile_entry *e,
    struct account *a)
{
	const char *why;
	char host[256], msg[400];
	int plain;

	if ((why = config_url_problem(e->value, &plain)) != NULL)
		inifile_diag(ini, e->line, "endpoint: %s", why);
	else if (plain && !(a->provider->caps & PCAP_PLAIN_HTTP))
		inifile_diag(ini, e->line, "endpoint: http:// is only "
		    "allowed for loopback addresses (127.0.0.0/8, "
		    "[::1]); use https://");
	else if (plain) {
		snprintf(msg, sizeof(msg), "endpoint: %s is reached over "
		    "plain http://: the credentials cross the network "
		    "readable by anyone on the path; use https:// where the "
		    "server offers it", url_host(e->value, host, sizeof(host)));
		a->warning = inifile_strdup(ini, msg);
		a->warning_line = e->line;
	}
}

static void
check_ca_file(struct inifile *ini, const struct inifile_entry *e)
{
	struct stat st;
	int fd;

	if ((fd = open(e->value, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		inifile_diag(ini, e->line, "ca_file: %s: %s", e->value,
		    strerror(errno));
		return;
	}
	if (fstat(fd, &st) == -1)
		inifile_diag(ini, e->line, "ca_file: %s: %s", e->value,
		    strerror(errno));
	else if (!S_ISREG(st.st_mode))
		inifile_diag(ini, e->line, "ca_file: %s: not a regular file",
		    e->value);
	close(fd);
}

/*
 * hook = PROGRAM: root may run it, so it must be a regular file we may
 * execute that neither group nor others may change, as doas and cron
 * require of what they run. Returns a copy of the path, or NULL.
 */
static char *
parse_hook(struct inifile *ini, const struct inifile_entry *e)
{
	struct stat st;

	if (stat(e->value, &st) == -1)
		inifile_diag(ini, e->line, "hook: %s: %s", e->value,
		    strerror(errno));
	else if (!S_ISREG(st.st_mode))
		inifile_diag(ini, e->line, "hook: %s: not a regular file",
		    e->value);
	else if (access(e->value, X_OK) == -1)
		inifile_diag(ini, e->line, "hook: %s: not executable: %s",
		    e->value, strerror(errno));
	else if (st.st_mode & (S_IWGRP | S_IWOTH))
		inifile_diag(ini, e->line, "hook: %s: writable by group or "
		    "others; run chmod go-w %s", e->value, e->value);
	else
		return inifile_strdup(ini, e->value);
	return NULL;
}

static void
build_global(struct inifile *ini, const struct inifile_section *s,
    struct config *c)
{
	const struct inifile_entry *e;

	check_keys(ini, s, global_keys, NULL);
	if ((e = get(s, "hook")) != NULL)
		c->hook = parse_hook(ini, e);
	if ((e = get(s, "state_dir")) != NULL)
		c->state_dir = inifile_strdup(ini, e->value);
	if ((e = get(s, "lock_file")) != NULL)
		c->lock_file = inifile_strdup(ini, e->value);
	if ((e = get(s, "timeout")) != NULL)
		parse_seconds(ini, e, 1, 3600, &c->timeout);
}

/* The first entry of key or of its variants (KEY_file, KEY_env), or NULL. */
static const struct inifile_entry *
key_entry(const struct inifile_section *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (secret_key_variant(s->v[i].key, key) >= 0)
			return &s->v[i];
	return NULL;
}

/* The line of the entry or variant (KEY_file, KEY_env) of key, or 0. */
static int
key_line(const struct inifile_section *s, const char *key)
{
	const struct inifile_entry *e = key_entry(s, key);

	return e != NULL ? e->line : 0;
}

/*
 * Why v cannot be a key ID or secret (PKEY_TOKEN): a character none of
 * them has, most likely from a quote, a comment or an editor. NULL when
 * it may be one. The value itself is never shown.
 */
static const char *
token_problem(const char *v)
{
	const unsigned char *p;
	const char *h;

	if (strncmp(v, "\xef\xbb\xbf", 3) == 0)
		return "starts with a byte order mark (saved as UTF-8 with"
		    " BOM); save it without";
	if ((h = strchr(v, '#')) != NULL)
		return h > v && (h[-1] == ' ' || h[-1] == '\t') ?
		    "holds '#': comments start a line; use ';' after a space"
		    " for an inline comment" :
		    "holds '#', which no key ID or secret has";
	if (strpbrk(v, "\"'") != NULL)
		return "holds a quote; quotes are taken literally: remove"
		    " them";
	if (*v == ' ' || *v == '\t')
		return "starts with a blank";
	if (strpbrk(v, " \t") != NULL)
		return "holds a blank, which no key ID or secret has";
	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return "holds a control character";
		if (*p >= 0x80)
			return "holds a character that is not ASCII (copied"
			    " from a formatted document?)";
	}
	return NULL;
}

/* 1 when entry e of an account of p names a variable holding a secret. */
static int
names_secret_var(const struct provider *p, const struct inifile_entry *e)
{
	const struct provider_key *k = provider_key_of(p, e->key);

	return k != NULL && (k->flags & PKEY_SECRET) && e->value != NULL &&
	    secret_key_variant(e->key, k->name) == 2;
}

/* The variables the *_env keys of s name, into a: a hook must not see them. */
static void
secret_vars(struct inifile *ini, const struct inifile_section *s,
    const struct provider *p, struct account *a)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += names_secret_var(p, &s->v[i]);
	if (n == 0 || (a->secret_vars = inifile_alloc(ini, (n + 1) *
	    sizeof(*a->secret_vars))) == NULL)
		return;
	for (i = 0, n = 0; i < s->n; i++)
		if (names_secret_var(p, &s->v[i]) &&
		    (a->secret_vars[n++] = inifile_strdup(ini,
		    s->v[i].value)) == NULL)
			return;		/* still NULL-ended */
}

/* *inline_secret is set when s writes a secret in the file itself. */
static void
build_account(struct inifile *ini, const struct inifile_section *s,
    struct account *a, int *inline_secret)
{
	const struct provider *p;
	const struct provider_key *k;
	const struct inifile_entry *e;
	const char *key = NULL, *why;
	char err[256];
	size_t i, n;

	a->file_line = s->line;
	if ((a->name = inifile_strdup(ini, s->name)) == NULL ||
	    (a->file = inifile_strdup(ini, ini->path)) == NULL)
		return;

	/* Which keys are valid depends on the provider. */
	if ((e = find(s, "provider")) == NULL) {
		require(ini, s, "provider");
		return;
	}
	if (e->value == NULL)
		return;
	if (*e->value == '\0') {
		inifile_diag(ini, e->line, "provider: empty value");
		return;
	}
	if ((p = provider_find(e->value)) == NULL) {
		inifile_diag(ini, e->line, "provider: unknown provider '%s' "
		    "(known: %s)", e->value, provider_names());
		return;
	}
	check_keys(ini, s, account_keys, p);
	for (n = 0; p->keys[n].name != NULL; n++)
		continue;
	if ((a->values = inifile_alloc(ini, (n + 1) *
	    sizeof(*a->values))) == NULL ||
	    (a->lines = inifile_alloc(ini, (n + 1) *
	    sizeof(*a->lines))) == NULL)
		return;
	/* Set only now: config_free walks values by the provider's keys. */
	a->provider = p;
	for (i = 0; i < n; i++) {
		k = &p->keys[i];
		a->lines[i] = key_line(s, k->name);
		if (k->flags & PKEY_SECRET) {
			*inline_secret |= secret_load(ini, s, k->name,
			    (k->flags & PKEY_REQUIRED) != 0, &a->values[i]);
			continue;
		}
		if (k->flags & PKEY_REQUIRED)
			require(ini, s, k->name);
		if ((e = get(s, k->name)) != NULL &&
		    (a->values[i] = inifile_strdup(ini, e->value)) == NULL)
			return;
	}
	secret_vars(ini, s, p, a);
	/* check catches now what the provider would reject later. */
	for (i = 0; i < n; i++)
		if ((p->keys[i].flags & PKEY_TOKEN) && a->values[i] != NULL &&
		    (why = token_problem(a->values[i])) != NULL)
			inifile_diag(ini, a->lines[i], "%s: %s",
			    key_entry(s, p->keys[i].name)->key, why);

	if ((e = get(s, "endpoint")) != NULL) {
		check_endpoint(ini, e, a);
		if ((a->endpoint = inifile_strdup(ini, e->value)) == NULL)
			return;
	}
	if ((e = get(s, "ca_file")) != NULL) {
		check_ca_file(ini, e);
		if ((a->ca_file = inifile_strdup(ini, e->value)) == NULL)
			return;
	}
	if (p->configure == NULL)
		return;
	switch (p->configure(a, err, sizeof(err), &key)) {
	case -1:
		inifile_diag(ini, key != NULL && key_line(s, key) > 0 ?
		    key_line(s, key) : s->line, "%s", err);
		break;
	case 1:
		if (a->warning != NULL)
			break;	/* the endpoint's, which overrides */
		a->warning = inifile_strdup(ini, err);
		a->warning_line = key != NULL && key_line(s, key) > 0 ?
		    key_line(s, key) : s->line;
		break;
	}
}

/*
 * Every "sources =" line of s, in order: the list may go on over several
 * lines (each at most a line long), up to SOURCES_MAX sources in all.
 */
static void
parse_sources(struct inifile *ini, const struct inifile_section *s,
    struct group *g)
{
	struct source *src;
	char **w = NULL, **lw, **nw, *at;
	int *line = NULL, *nl;
	size_t n = 0, ln, i, j, k, over = 0;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].key, "sources") != 0 ||
		    s->v[i].value == NULL)
			continue;
		if ((lw = split(ini, s->v[i].value, &ln)) == NULL)
			goto out;
		if ((nw = realloc(w, (n + ln + 1) * sizeof(*w))) != NULL)
			w = nw;
		if ((nl = realloc(line, (n + ln + 1) * sizeof(*line))) != NULL)
			line = nl;
		if (nw == NULL || nl == NULL) {
			ini->oom = 1;
			free_words(lw, ln);
			goto out;
		}
		for (j = 0; j < ln; j++) {
			line[n] = s->v[i].line;
			w[n++] = lw[j];
		}
		free(lw);
		if (n > SOURCES_MAX && over == 0)
			over = i + 1;
	}
	if (over > 0) {
		inifile_diag(ini, s->v[over - 1].line, "sources: %zu sources, "
		    "at most %d", n, SOURCES_MAX);
		goto out;
	}
	if ((g->sources = inifile_alloc(ini, (n + 1) *
	    sizeof(*g->sources))) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		src = &g->sources[g->nsources++];
		at = strchr(w[i], '@');
		if ((src->host = inifile_strndup(ini, w[i], at != NULL ?
		    (size_t)(at - w[i]) : strlen(w[i]))) == NULL)
			goto out;
		for (k = 0; k < i && strcmp(w[k], w[i]) != 0; k++)
			continue;
		if (k < i && line[k] == line[i])
			inifile_diag(ini, line[i], "sources: '%s' is listed "
			    "twice", w[i]);
		else if (k < i)
			inifile_diag(ini, line[i], "sources: '%s' is listed "
			    "twice (first at line %d)", w[i], line[k]);
		else if (at != NULL) {
			if (addr_parse(&src->literal, src->host) ||
			    !valid_hostname(src->host)) {
				memset(&src->literal, 0, sizeof(src->literal));
				inifile_diag(ini, line[i], "sources: '%s': "
				    "expected host@server with a host name",
				    w[i]);
			} else if (!valid_server(at + 1))
				inifile_diag(ini, line[i], "sources: '%s': the "
				    "server must be an IP address (IPv4, "
				    "IPv4:port, IPv6 or [IPv6]:port)", w[i]);
			else if ((src->server = inifile_strdup(ini, at + 1)) ==
			    NULL)
				goto out;
		} else if (addr_parse(&src->literal, w[i])) {
			if (src->literal.family != g->family)
				inifile_diag(ini, line[i], "sources: '%s' is "
				    "an IPv%c address but type is %s", w[i],
				    src->literal.family == AF_INET ? '4' : '6',
				    g->family == AF_INET ? "A" : "AAAA");
		} else if (!valid_hostname(w[i]))
			inifile_diag(ini, line[i], "sources: '%s' is neither a "
			    "host name nor an IP address", w[i]);
	}
out:
	free_words(w, n);
	free(line);
}

static void
parse_resolver(struct inifile *ini, const struct inifile_entry *e,
    struct group *g)
{
	char **w;
	size_t n, i;

	if (strcmp(e->value, "system") == 0) {
		g->resolver = RESOLVE_SYSTEM;
		return;
	}
	if (strcmp(e->value, "api") == 0) {
		g->resolver = RESOLVE_API;
		return;
	}
	g->resolver = RESOLVE_DNS;
	if ((w = split(ini, e->value, &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (!valid_server(w[i]))
			inifile_diag(ini, e->line, "resolver: '%s' is not "
			    "system, api or a DNS server address (IPv4, "
			    "IPv4:port, IPv6 or [IPv6]:port)", w[i]);
		else if (repeated(w, i))
			inifile_diag(ini, e->line, "resolver: '%s' is listed "
			    "twice", w[i]);
	}
	g->servers = w;
	g->nservers = n;
}

static void
parse_records(struct inifile *ini, const struct inifile_entry *e,
    struct group *g)
{
	char **w;
	size_t n, i, j;

	if ((w = split(ini, e->value, &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		for (j = 0; w[i][j] != '\0'; j++)
			if (!is_alnum((unsigned char)w[i][j]) &&
			    w[i][j] != '-' && w[i][j] != '_')
				break;
		if (w[i][j] != '\0')
			inifile_diag(ini, e->line, "records: '%s' is not a "
			    "record ID (letters, digits, '-', '_')", w[i]);
		else if (repeated(w, i))
			inifile_diag(ini, e->line, "records: '%s' is listed "
			    "twice", w[i]);
	}
	g->records = w;
	g->nrecords = n;
}

static void
parse_check(struct inifile *ini, const struct inifile_entry *e,
    struct group *g)
{
	char **w;
	size_t n, i, j;
	long port;

	if ((w = split(ini, e->value, &n)) == NULL)
		return;
	if (n > CHECK_MAX_PORTS) {
		inifile_diag(ini, e->line, "check: %zu probes, at most %d", n,
		    CHECK_MAX_PORTS);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (strncmp(w[i], "tcp:", 4) != 0 ||
		    !valid_port(w[i] + 4, strlen(w[i] + 4))) {
			inifile_diag(ini, e->line, "check: '%s' is not "
			    "tcp:PORT (PORT 1..65535)", w[i]);
			continue;
		}
		if (repeated(w, i)) {
			inifile_diag(ini, e->line, "check: '%s' is listed "
			    "twice", w[i]);
			continue;
		}
		port = strtol(w[i] + 4, NULL, 10);
		j = g->ncheck_ports++;
		g->check_ports[j] = (unsigned short)port;
	}
out:
	free_words(w, n);
}

static struct account *
find_account(const struct config *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->naccounts; i++)
		if (c->accounts[i].name != NULL &&
		    strcmp(c->accounts[i].name, name) == 0)
			return &c->accounts[i];
	return NULL;
}

/* Normalize a zone or name: lower case, no trailing dot. */
static char *
dns_name(struct inifile *ini, const struct inifile_entry *e)
{
	char *s;
	size_t n;

	if (!valid_hostname(e->value)) {
		inifile_diag(ini, e->line, "%s: '%s' is not a valid DNS name",
		    e->key, e->value);
		return NULL;
	}
	if ((s = inifile_strdup(ini, e->value)) == NULL)
		return NULL;
	lower(s);
	if ((n = strlen(s)) > 0 && s[n - 1] == '.')
		s[n - 1] = '\0';
	return s;
}

/*
 * A resolution line: letters, digits, '-', '_', '.', and letters beyond
 * ASCII in UTF-8 (DNSPod's lines are Chinese: 默认, 电信). Malformed
 * UTF-8, controls, blanks and the punctuation of the Latin-1, general
 * punctuation and CJK symbol blocks are refused.
 */
static int
valid_line(const char *s)
{
	static const unsigned long refused[][2] = {
		{ 0x80, 0xbf }, { 0xd7, 0xd7 }, { 0xf7, 0xf7 },
		{ 0x2000, 0x206f }, { 0x3000, 0x303f }, { 0xd800, 0xdfff },
		{ 0xfe00, 0xfe0f }, { 0xfeff, 0xfeff }, { 0xff00, 0xff0f },
		{ 0xfff0, 0xffff },
	};
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t i, n;

	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p += n + 1) {
		n = 0;
		if (*p < 0x80) {
			if (!inifile_valid_name((const char *)p, 1))
				return 0;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf)
			n = 1;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 2;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 3;
		else
			return 0;
		cp = *p & (0x3f >> n);
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		/* Overlong forms, and beyond Unicode. */
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 ||
		    cp > 0x10ffff)))
			return 0;
		for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
			if (cp >= refused[i][0] && cp <= refused[i][1])
				return 0;
	}
	return 1;
}

/* Group keys that p's model or capabilities make meaningless. */
static void
refuse_keys(struct inifile *ini, const struct inifile_section *s,
    struct group *g, const struct provider *p)
{
	static const struct {
		const char	*key;
		unsigned	 cap;		/* p must have it */
		const char	*value;		/* only this value, or NULL */
		const char	*why;
	} rules[] = {
		{ "line", PCAP_LINES, NULL, "has no resolution lines" },
		{ "zone_id", PCAP_ZONE_ID, NULL, "has no zone IDs" },
		{ "records", PCAP_PIN, NULL, "has no record IDs to pin" },
		{ "ttl", PCAP_TTL, NULL, "does not take a TTL" },
		{ "resolver", PCAP_ZONE_LIST, "api",
		    "cannot read sources from its API" },
		{ "spare", PCAP_DISABLE, "disable",
		    "cannot disable records (use spare = delete or keep)" },
	};
	const struct inifile_entry *e;
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if ((e = get(s, rules[i].key)) != NULL &&
		    !(p->caps & rules[i].cap) && (rules[i].value == NULL ||
		    strcmp(e->value, rules[i].value) == 0))
			inifile_diag(ini, e->line, "%s: provider %s %s",
			    rules[i].key, p->name, rules[i].why);
	if (p->model == MODEL_SINGLE) {
		if ((e = get(s, "spare")) != NULL)
			inifile_diag(ini, e->line, "spare: provider %s holds "
			    "one address, so there are no spare records",
			    p->name);
	} else if ((e = get(s, "failback")) != NULL)
		inifile_diag(ini, e->line, "failback: only for providers that"
		    " hold one address (fail-over)");
	/* Records that cannot be disabled are deleted when left over. */
	if (!(p->caps & PCAP_DISABLE))
		g->spare = SPARE_DELETE;
}

static void
build_group(struct inifile *ini, const struct inifile_section *s,
    struct config *c, struct group *g)
{
	static const struct {
		const char	*key;
		long		 min, max;
		int		 seconds;
		size_t		 off;
	} nums[] = {
		{ "ttl", 1, 86400, 1, offsetof(struct group, ttl) },
		{ "resolve_timeout", 1, 60, 1,
		    offsetof(struct group, resolve_timeout) },
		{ "stale_after", 0, 30 * 86400, 1,
		    offsetof(struct group, stale_after) },
		{ "check_timeout", 1, 30, 1,
		    offsetof(struct group, check_timeout) },
		{ "fail_after", 1, 100, 0, offsetof(struct group, fail_after) },
		{ "recover_after", 1, 100, 0,
		    offsetof(struct group, recover_after) },
		{ "min_records", 0, 100, 0,
		    offsetof(struct group, min_records) },
		{ "verify_every", 0, 30 * 86400, 1,
		    offsetof(struct group, verify_every) },
	};
	const struct inifile_entry *e, *zone_e, *name_e;
	const struct provider *p;
	char rr[256];
	size_t i;
	long *field;

	g->file_line = s->line;
	g->failback = 1;
	g->family = AF_INET;
	g->resolver = RESOLVE_SYSTEM;
	g->spare = SPARE_DISABLE;
	g->resolve_timeout = 5;
	g->stale_after = 3600;
	g->check_timeout = 2;
	g->fail_after = 2;
	g->recover_after = 1;
	g->min_records = 1;
	g->verify_every = 600;
	if ((g->name = inifile_strdup(ini, s->name)) == NULL ||
	    (g->file = inifile_strdup(ini, ini->path)) == NULL)
		return;

	check_keys(ini, s, group_keys, NULL);
	if ((e = get(s, "account")) != NULL &&
	    (g->account = find_account(c, e->value)) == NULL)
		inifile_diag(ini, e->line, "account '%s' is not defined (no "
		    "[account %s] section)", e->value, e->value);
	p = g->account != NULL ? g->account->provider : NULL;
	require(ini, s, "account");
	if (p == NULL || p->model != MODEL_SINGLE)
		require(ini, s, "zone");
	require(ini, s, "name");
	require(ini, s, "sources");

	if ((e = get(s, "type")) != NULL) {
		if (str_ieq(e->value, "A"))
			g->family = AF_INET;
		else if (str_ieq(e->value, "AAAA"))
			g->family = AF_INET6;
		else
			inifile_diag(ini, e->line, "type: '%s' is not A or "
			    "AAAA", e->value);
	}
	if (p != NULL)
		refuse_keys(ini, s, g, p);
	if ((e = get(s, "line")) != NULL) {
		if (!valid_line(e->value))
			inifile_diag(ini, e->line, "line: '%s' is not a line "
			    "name (letters, digits, '-', '_', '.')", e->value);
		if ((g->line = inifile_strdup(ini, e->value)) == NULL)
			return;
	} else if (p != NULL && (p->caps & PCAP_LINES) &&
	    (g->line = inifile_strdup(ini, p->default_line)) == NULL)
		return;
	if ((e = get(s, "zone_id")) != NULL &&
	    (g->zone_id = inifile_strdup(ini, e->value)) == NULL)
		return;
	if ((e = get(s, "failback")) != NULL)
		parse_bool(ini, e, &g->failback);
	if ((e = get(s, "hook")) != NULL)
		g->hook = parse_hook(ini, e);
	else if (c->hook != NULL)
		g->hook = inifile_strdup(ini, c->hook);

	zone_e = get(s, "zone");
	name_e = get(s, "name");
	if (zone_e != NULL && (g->zone = dns_name(ini, zone_e)) == NULL &&
	    ini->oom)
		return;
	if (name_e != NULL && (g->fqdn = dns_name(ini, name_e)) == NULL &&
	    ini->oom)
		return;
	/* A single-address name (dyndns2) needs no zone: it is its own. */
	if (zone_e == NULL && g->fqdn != NULL && p != NULL &&
	    p->model == MODEL_SINGLE &&
	    (g->zone = inifile_strdup(ini, g->fqdn)) == NULL)
		return;
	if (g->zone != NULL && g->fqdn != NULL) {
		if (name_in_zone(g->fqdn, g->zone, rr, sizeof(rr)) != NULL)
			g->rr = inifile_strdup(ini, rr);
		else
			inifile_diag(ini, name_e->line, "name: '%s' is not "
			    "inside zone '%s'", g->fqdn, g->zone);
	}

	if ((e = get(s, "resolver")) != NULL)
		parse_resolver(ini, e, g);
	parse_sources(ini, s, g);
	if ((e = get(s, "records")) != NULL)
		parse_records(ini, e, g);
	if ((e = get(s, "check")) != NULL)
		parse_check(ini, e, g);
	if ((e = get(s, "allow_private")) != NULL)
		parse_bool(ini, e, &g->allow_private);
	if ((e = get(s, "spare")) != NULL) {
		if (strcmp(e->value, "disable") == 0)
			g->spare = SPARE_DISABLE;
		else if (strcmp(e->value, "delete") == 0)
			g->spare = SPARE_DELETE;
		else if (strcmp(e->value, "keep") == 0)
			g->spare = SPARE_KEEP;
		else
			inifile_diag(ini, e->line, "spare: '%s' is not "
			    "disable, delete or keep", e->value);
	}
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if ((e = get(s, nums[i].key)) == NULL)
			continue;
		if (strcmp(nums[i].key, "ttl") == 0)
			g->ttl_line = e->line;
		field = (long *)(void *)((char *)g + nums[i].off);
		if (nums[i].seconds)
			parse_seconds(ini, e, nums[i].min, nums[i].max, field);
		else
			parse_count(ini, e, nums[i].min, nums[i].max, field);
	}
}

/*
 * Turn the collected sections into a config; NULL only when out of memory.
 * *inline_secret as for build_account.
 */
static struct config *
build(struct inifile *ini, int *inline_secret)
{
	struct config *c;
	size_t i, na = 0, ng = 0, n;

	if ((c = inifile_alloc(ini, sizeof(*c))) == NULL)
		return NULL;
	c->timeout = DEFAULT_TIMEOUT;
	if ((c->path = inifile_strdup(ini, ini->path)) == NULL)
		return c;
	for (i = 0; i < ini->nsects; i++) {
		if (ini->sects[i].kind == SECT_ACCOUNT)
			na++;
		else if (ini->sects[i].kind == SECT_GROUP)
			ng++;
	}
	/* Sized once: groups borrow pointers into c->accounts. */
	if (na > 0 && (c->accounts = inifile_alloc(ini,
	    na * sizeof(*c->accounts))) == NULL)
		return c;
	if (ng > 0 && (c->groups = inifile_alloc(ini,
	    ng * sizeof(*c->groups))) == NULL)
		return c;

	for (i = 0; i < ini->nsects && !ini->oom; i++) {
		if (ini->sects[i].kind == SECT_GLOBAL)
			build_global(ini, &ini->sects[i], c);
		else if (ini->sects[i].kind == SECT_ACCOUNT)
			build_account(ini, &ini->sects[i],
			    &c->accounts[c->naccounts++], inline_secret);
	}
	for (i = 0; i < ini->nsects && !ini->oom; i++)
		if (ini->sects[i].kind == SECT_GROUP)
			build_group(ini, &ini->sects[i], c,
			    &c->groups[c->ngroups++]);
	if (ini->oom)
		return c;
	if (ng == 0)
		inifile_diag(ini, 0, "no [group NAME] section");

	if (c->state_dir == NULL &&
	    (c->state_dir = inifile_strdup(ini, STATEDIR)) == NULL)
		return c;
	if (c->lock_file == NULL) {
		n = strlen(c->state_dir);
		while (n > 1 && c->state_dir[n - 1] == '/')
			n--;
		if ((c->lock_file = malloc(n + sizeof("/echoddns.lock"))) ==
		    NULL) {
			ini->oom = 1;
			return c;
		}
		memcpy(c->lock_file, c->state_dir, n);
		strcpy(c->lock_file + n, "/echoddns.lock");
	}
	return c;
}

static void	anchor_paths(struct inifile *);

struct config *
config_load(const char *path, int *status)
{
	struct inifile ini;
	struct config *c = NULL;
	char *buf;
	size_t len = 0;
	mode_t mode = 0;
	int inline_secret = 0;

	if ((buf = secret_read_config(path, &len, &mode, status)) == NULL)
		return NULL;
	inifile_parse(&ini, path, sect_kinds, NSECT_KINDS, buf, len);
	wipe(buf, len);
	free(buf);

	if (!ini.oom)
		anchor_paths(&ini);
	if (!ini.oom)
		c = build(&ini, &inline_secret);
	if (!ini.oom && inline_secret)
		secret_check_config(&ini, mode);

	inifile_flush(&ini);
	*status = ini.ndiags > 0 ? EX_CONFIG : 0;
	if (ini.oom) {
		log_err("%s: out of memory", path);
		*status = EX_SOFTWARE;
	}
	if (ini.oom || ini.ndiags > 0) {
		config_free(c);
		c = NULL;
	}
	inifile_free(&ini);
	return c;
}

/*
 * A relative path in the file (state_dir, lock_file, ca_file, *_file) is
 * taken relative to the file's own directory, not to wherever cron or a
 * hotplug script happens to run echoddns.
 */
static void
anchor_paths(struct inifile *ini)
{
	const char *slash = strrchr(ini->path, '/');
	size_t i, j, dlen, klen, vlen;
	struct inifile_entry *e;
	char *p;

	if (slash == NULL)
		return;		/* the file is in the current directory */
	dlen = (size_t)(slash - ini->path) + 1;
	for (i = 0; i < ini->nsects; i++) {
		for (j = 0; j < ini->sects[i].n; j++) {
			e = &ini->sects[i].v[j];
			klen = strlen(e->key);
			if (e->value == NULL || e->value[0] == '/' ||
			    e->value[0] == '\0' || !(strcmp(e->key, "state_dir") ==
			    0 || strcmp(e->key, "hook") == 0 || (klen > 5 &&
			    strcmp(e->key + klen - 5, "_file") == 0)))
				continue;
			vlen = strlen(e->value);
			if ((p = malloc(dlen + vlen + 1)) == NULL) {
				ini->oom = 1;
				return;
			}
			memcpy(p, ini->path, dlen);
			memcpy(p + dlen, e->value, vlen + 1);
			free(e->value);
			e->value = p;
			e->dirlen = dlen;
		}
	}
}

size_t
config_lint(const struct config *c)
{
	const struct group *g;
	const struct provider *p;
	size_t i, n = 0;

	for (i = 0; i < c->ngroups; i++) {
		g = &c->groups[i];
		p = g->account->provider;
		if (g->ttl > 0 && g->ttl < p->min_ttl) {
			log_warn("%s:%d: ttl %ld is below %ld, the least %s"
			    " usually accepts; a zone whose plan refuses it"
			    " fails at every sync", g->file, g->ttl_line,
			    g->ttl, p->min_ttl, p->name);
			n++;
		}
	}
	/* What loading an account found to say (plain-http dyndns2). */
	for (i = 0; i < c->naccounts; i++)
		if (c->accounts[i].warning != NULL) {
			log_warn("%s:%d: %s", c->accounts[i].file,
			    c->accounts[i].warning_line,
			    c->accounts[i].warning);
			n++;
		}
	return n;
}

static void
group_clear(struct group *g)
{
	size_t i;

	free(g->name);
	free(g->zone);
	free(g->fqdn);
	free(g->rr);
	for (i = 0; i < g->nsources; i++) {
		free(g->sources[i].host);
		free(g->sources[i].server);
	}
	free(g->sources);
	free(g->line);
	free(g->zone_id);
	free_words(g->records, g->nrecords);
	free_words(g->servers, g->nservers);
	free(g->file);
	free(g->hook);
}

void
config_free(struct config *c)
{
	struct account *a;
	size_t i, j;

	if (c == NULL)
		return;
	for (i = 0; i < c->naccounts; i++) {
		a = &c->accounts[i];
		free(a->name);
		for (j = 0; a->provider != NULL && a->provider->keys[j].name !=
		    NULL; j++)
			if (a->provider->keys[j].flags & PKEY_SECRET)
				secret_free(a->values[j]);
			else
				free(a->values[j]);
		free(a->values);
		free(a->lines);
		free(a->endpoint);
		free(a->ca_file);
		free(a->file);
		for (j = 0; a->secret_vars != NULL && a->secret_vars[j] !=
		    NULL; j++)
			free(a->secret_vars[j]);
		free(a->secret_vars);
		free(a->warning);
	}
	free(c->accounts);
	for (i = 0; i < c->ngroups; i++)
		group_clear(&c->groups[i]);
	free(c->groups);
	free(c->path);
	free(c->state_dir);
	free(c->lock_file);
	free(c->hook);
	free(c);
}

const char *
account_value(const struct account *a, const char *key)
{
	size_t i;

	for (i = 0; a->provider != NULL && a->provider->keys[i].name != NULL;
	    i++)
		if (strcmp(a->provider->keys[i].name, key) == 0)
			return a->values[i];
	return NULL;
}

struct group *
config_group(const struct config *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ngroups; i++)
		if (strcmp(c->groups[i].name, name) == 0)
			return &c->groups[i];
	return NULL;
}
