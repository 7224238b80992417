/*
 * config.c - echoddns.conf(5). The file is read into memory here, not by
 * inih: Debian's inih silently cuts lines longer than its INI_MAX_LINE and
 * turns indented lines into repeats of the previous key, so every line is
 * checked first and inih only ever sees lines it parses faithfully. Our
 * own reader counts lines, so every key keeps its line number. Keys are
 * collected per section, then validated, and every problem is reported in
 * line order before config_load gives up.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "config.h"
#include "exitcode.h"
#include "file.h"
#include "log.h"
#include "provider.h"
#include "util.h"

#ifndef STATEDIR
#define STATEDIR	"/var/lib/echoddns"
#endif

#define CONFIG_MAX	(1024 * 1024)	/* bytes in a config file */
/* Debian's inih reads lines into INI_MAX_LINE (200) bytes: less CR, LF, NUL. */
#define LINE_MAX_LEN	197
#define SECRET_MAX	4096	/* bytes in a secret file */
#define SOURCES_MAX	32
#define DEFAULT_TIMEOUT	40

#define CUR_NONE	(-1L)	/* before the first section header */
#define CUR_IGNORE	(-2L)	/* inside a bad section: its keys are skipped */

enum sect_kind {
	SECT_GLOBAL,		/* [echoddns] */
	SECT_ACCOUNT,		/* [account NAME] */
	SECT_GROUP		/* [group NAME] */
};

/* One "key = value" as written. */
struct entry {
	char	*key;
	char	*value;		/* NULL: a bad line, already reported */
	int	 line;
};

struct section {
	enum sect_kind	 kind;
	char		*name;		/* NULL for [echoddns] */
	int		 line;
	struct entry	*v;
	size_t		 n;
};

/* One problem found, printed later in line order. */
struct diag {
	int	 line;		/* 0: the file as a whole */
	size_t	 seq;
	char	*msg;
};

struct loader {
	const char	*path;
	const char	*buf;
	size_t		 len;
	size_t		 pos;
	int		 lineno;	/* of the line last handed to inih */
	int		 after_key;	/* a key since the last header */
	struct section	*sects;
	size_t		 nsects;
	long		 cur;		/* index into sects, or CUR_* */
	struct diag	*diags;
	size_t		 ndiags;
	int		 inline_secret;	/* a secret is written in the file */
	int		 oom;
};

static const char *const global_keys[] = {
	"state_dir", "lock_file", "timeout", NULL
};

static const char *const account_keys[] = {
	"provider", "endpoint", "ca_file", "signature", NULL
};

static const char *const group_keys[] = {
	"account", "zone", "name", "sources", "type", "ttl", "line",
	"records", "resolver", "allow_private", "spare", "resolve_timeout",
	"stale_after", "check", "check_timeout", "fail_after",
	"recover_after", "min_records", "verify_every", NULL
};

static const char *const sect_names[] = { "echoddns", "account", "group" };
#define NSECT_KINDS	(int)(sizeof(sect_names) / sizeof(sect_names[0]))

static void	diag(struct loader *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void *
xalloc(struct loader *l, size_t n)
{
	void *p;

	if ((p = calloc(1, n)) == NULL)
		l->oom = 1;
	return p;
}

static char *
xstrndup(struct loader *l, const char *s, size_t n)
{
	char *p;

	if ((p = malloc(n + 1)) == NULL) {
		l->oom = 1;
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *
xstrdup(struct loader *l, const char *s)
{
	return xstrndup(l, s, strlen(s));
}

/* Grow *v (of *n elements of size sz) by one zeroed element. */
static void *
xgrow(struct loader *l, void *v, size_t *n, size_t sz)
{
	char *p;

	if ((p = realloc(v, (*n + 1) * sz)) == NULL) {
		l->oom = 1;
		return NULL;
	}
	memset(p + *n * sz, 0, sz);
	(*n)++;
	return p;
}

static void
diag(struct loader *l, int line, const char *fmt, ...)
{
	struct diag *d;
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (msg = malloc((size_t)n + 1)) == NULL) {
		l->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if ((d = xgrow(l, l->diags, &l->ndiags, sizeof(*d))) == NULL) {
		free(msg);
		return;
	}
	l->diags = d;
	d[l->ndiags - 1].line = line;
	d[l->ndiags - 1].seq = l->ndiags;
	d[l->ndiags - 1].msg = msg;
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
diag_flush(struct loader *l)
{
	size_t i;

	if (l->ndiags > 1)
		qsort(l->diags, l->ndiags, sizeof(*l->diags), diag_cmp);
	for (i = 0; i < l->ndiags; i++) {
		if (l->diags[i].line > 0)
			log_err("%s:%d: %s", l->path, l->diags[i].line,
			    l->diags[i].msg);
		else
			log_err("%s: %s", l->path, l->diags[i].msg);
	}
}

static int
is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' ||
	    ch == '\f' || ch == '\n';
}

static int
is_alnum(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9');
}

static int
is_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* NAME of [account NAME] and [group NAME]: letters, digits, '-', '_', '.'. */
static int
valid_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_alnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.')
			return 0;
	return 1;
}

/*
 * Where inih ends a key: at '=' or ':', or at a ';' after whitespace
 * (an inline comment). Returns the offset, or n when there is none.
 */
static size_t
find_separator(const char *s, size_t n)
{
	size_t i;
	int was_space = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '=' || s[i] == ':')
			return i;
		if (was_space && s[i] == ';')
			return n;
		was_space = is_space((unsigned char)s[i]);
	}
	return n;
}

static size_t
rtrim_len(const char *s, size_t n)
{
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	return n;
}

/*
 * How much of key (n bytes) a message may show: up to its first blank, so
 * that "access_key_secret SECRET: x" (a forgotten '=') leaks nothing.
 */
static int
key_shown(const char *key, size_t n, const char **more)
{
	size_t i;

	for (i = 0; i < n && !is_space((unsigned char)key[i]); i++)
		continue;
	*more = i < n ? " ..." : "";
	return (int)i;
}

/*
 * Keep key (n bytes) of the current section with value (NULL: the line
 * was bad and is already reported, so only the key's presence counts).
 */
static void
store(struct loader *l, const char *key, size_t n, const char *value)
{
	struct section *s;
	struct entry *e;
	const char *more;
	size_t i;
	int shown;

	shown = key_shown(key, n, &more);
	if (l->cur == CUR_NONE) {
		diag(l, l->lineno, "key '%.*s%s' outside any section", shown,
		    key, more);
		return;
	}
	if (l->cur == CUR_IGNORE)
		return;
	s = &l->sects[l->cur];
	for (i = 0; i < s->n; i++) {
		if (strlen(s->v[i].key) == n &&
		    memcmp(s->v[i].key, key, n) == 0) {
			diag(l, l->lineno, "duplicate key '%.*s%s' (first at "
			    "line %d)", shown, key, more, s->v[i].line);
			return;
		}
	}
	if ((e = xgrow(l, s->v, &s->n, sizeof(*e))) == NULL)
		return;
	s->v = e;
	e = &s->v[s->n - 1];
	e->line = l->lineno;
	if ((e->key = xstrndup(l, key, n)) == NULL)
		return;
	if (value != NULL)
		e->value = xstrdup(l, value);
}

/* A bad line that still names a key: remember the key, not the value. */
static void
store_bad_key(struct loader *l, const char *s, size_t n)
{
	size_t sep, klen;

	if (n == 0 || s[0] == '[' || s[0] == ';' || s[0] == '#')
		return;
	if ((sep = find_separator(s, n)) == n)
		return;
	if ((klen = rtrim_len(s, sep)) == 0)
		return;
	store(l, s, klen, NULL);
}

static void
section_header(struct loader *l, const char *s, size_t n)
{
	struct section *sec;
	const char *inner, *name;
	size_t i, close, ilen, klen, nlen;
	int was_space = 0, kind;

	l->cur = CUR_IGNORE;
	/* Find ']' as inih does: a ';' after whitespace starts a comment. */
	for (close = 1; close < n; close++) {
		if (s[close] == ']')
			break;
		if (was_space && s[close] == ';') {
			close = n;
			break;
		}
		was_space = is_space((unsigned char)s[close]);
	}
	if (close >= n) {
		diag(l, l->lineno, "section header without ']'");
		return;
	}
	for (i = close + 1; i < n && is_space((unsigned char)s[i]); i++)
		continue;
	if (i < n && !(s[i] == ';' && i > close + 1)) {
		diag(l, l->lineno, "unexpected text after ']'");
		return;
	}

	inner = s + 1;
	ilen = close - 1;
	while (ilen > 0 && is_space((unsigned char)*inner)) {
		inner++;
		ilen--;
	}
	ilen = rtrim_len(inner, ilen);
	for (klen = 0; klen < ilen && !is_space((unsigned char)inner[klen]);
	    klen++)
		continue;
	name = inner + klen;
	nlen = ilen - klen;
	while (nlen > 0 && is_space((unsigned char)*name)) {
		name++;
		nlen--;
	}

	for (kind = 0; kind < NSECT_KINDS; kind++)
		if (strlen(sect_names[kind]) == klen &&
		    memcmp(sect_names[kind], inner, klen) == 0)
			break;
	if (kind == NSECT_KINDS) {
		diag(l, l->lineno, "unknown section [%.*s]", (int)ilen, inner);
		return;
	}
	if (kind == SECT_GLOBAL && nlen > 0) {
		diag(l, l->lineno, "[echoddns] takes no name");
		return;
	}
	if (kind != SECT_GLOBAL && nlen == 0) {
		diag(l, l->lineno, "[%s] needs a name: [%s NAME]",
		    sect_names[kind], sect_names[kind]);
		return;
	}
	if (kind != SECT_GLOBAL && !valid_name(name, nlen)) {
		diag(l, l->lineno, "bad %s name '%.*s' (letters, digits, '-', "
		    "'_', '.')", sect_names[kind], (int)nlen, name);
		return;
	}

	for (i = 0; i < l->nsects; i++) {
		sec = &l->sects[i];
		if ((int)sec->kind != kind)
			continue;
		if (kind == SECT_GLOBAL) {
			diag(l, l->lineno, "duplicate section [echoddns] "
			    "(first at line %d)", sec->line);
			return;
		}
		if (strlen(sec->name) == nlen &&
		    memcmp(sec->name, name, nlen) == 0) {
			diag(l, l->lineno, "duplicate section [%s %s] (first "
			    "at line %d)", sect_names[kind], sec->name,
			    sec->line);
			return;
		}
	}

	if ((sec = xgrow(l, l->sects, &l->nsects, sizeof(*sec))) == NULL)
		return;
	l->sects = sec;
	sec = &l->sects[l->nsects - 1];
	sec->kind = kind;
	sec->line = l->lineno;
	if (kind != SECT_GLOBAL &&
	    (sec->name = xstrndup(l, name, nlen)) == NULL)
		return;
	l->cur = (long)(l->nsects - 1);
}

/*
 * Check one line (BOM and line end already removed). Returns the number of
 * bytes at *start that inih may see, or 0 to hand it an empty line.
 */
static size_t
scan_line(struct loader *l, const char *line, size_t len, const char **start)
{
	const char *s = line;
	size_t n = len;

	while (n > 0 && is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	n = rtrim_len(s, n);
	*start = s;

	if (memchr(line, '\0', len) != NULL || len > LINE_MAX_LEN) {
		if (len > LINE_MAX_LEN)
			diag(l, l->lineno, "line too long (%zu bytes, at most "
			    "%d); put long secrets in access_key_secret_file",
			    len, LINE_MAX_LEN);
		else
			diag(l, l->lineno, "NUL byte in line");
		if (n > 0 && *s == '[') {
			/* A broken header: its keys are skipped. */
			l->cur = CUR_IGNORE;
			l->after_key = 0;
		} else
			store_bad_key(l, s, strnlen(s, n));
		return 0;
	}
	if (n == 0 || *s == ';' || *s == '#')
		return 0;
	/* inih would hand this line over as another value of the last key. */
	if (s > line && l->after_key) {
		diag(l, l->lineno, "continuation lines are not allowed "
		    "(indented line after a key)");
		/* Most likely an indented key: spare the "missing key". */
		store_bad_key(l, s, n);
		return 0;
	}
	if (*s == '[') {
		l->after_key = 0;
		section_header(l, s, n);
		return 0;
	}
	if (find_separator(s, n) == n) {
		diag(l, l->lineno, "expected [section] or key = value");
		return 0;
	}
	l->after_key = 1;
	return n;
}

/* The ini_reader: one line of the buffer per call, checked first. */
static char *
reader(char *str, int num, void *stream)
{
	struct loader *l = stream;
	const char *line, *nl, *start;
	size_t len, n;

	if (l->pos >= l->len || l->oom || num < 2)
		return NULL;
	line = l->buf + l->pos;
	nl = memchr(line, '\n', l->len - l->pos);
	len = nl != NULL ? (size_t)(nl - line) : l->len - l->pos;
	l->pos += len + (nl != NULL);
	l->lineno++;
	if (l->lineno == 1 && len >= 3 &&
	    memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		len -= 3;
	}
	if (len > 0 && line[len - 1] == '\r')
		len--;

	n = scan_line(l, line, len, &start);
	if (n + 2 > (size_t)num)
		n = 0;	/* cannot happen with INI_MAX_LINE >= 200 */
	memcpy(str, start, n);
	str[n] = '\n';
	str[n + 1] = '\0';
	return str;
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct loader *l = user;

	(void)section;	/* inih's copy may be cut at 50 bytes; ours is not */
	if (*name == '\0')
		diag(l, l->lineno, "expected [section] or key = value");
	else
		store(l, name, strlen(name), value);
	return 1;
}

/*
 * Open, check and read the config file. Returns the contents (NUL added)
 * or NULL after reporting why.
 */
static char *
read_config(const char *path, size_t *lenp, mode_t *modep, int *status)
{
	struct stat st;
	char *buf;

	*status = EX_CONFIG;
	switch (file_read(path, CONFIG_MAX, FILE_NOTWRITABLE, &buf, lenp,
	    &st)) {
	case FILE_OK:
		*modep = st.st_mode;
		return buf;
	case FILE_NOTREG:
		log_err("%s: not a regular file", path);
		break;
	case FILE_MODE:
		log_err("%s: writable by group or others; run chmod 600 %s",
		    path, path);
		break;
	case FILE_TOOBIG:
		log_err("%s: larger than 1 MiB", path);
		break;
	case FILE_NOMEM:
		log_err("%s: out of memory", path);
		*status = EX_SOFTWARE;
		break;
	default:
		log_err("%s: %s", path, strerror(errno));
		break;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Validation */

/* The entry key of s, whatever its value, or NULL. */
static struct entry *
find(const struct section *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].key, key) == 0)
			return &s->v[i];
	return NULL;
}

/* The entry key of s if it has a usable value (bad ones are reported). */
static struct entry *
get(const struct section *s, const char *key)
{
	struct entry *e;

	if ((e = find(s, key)) == NULL || e->value == NULL ||
	    *e->value == '\0')
		return NULL;
	return e;
}

static void
require(struct loader *l, const struct section *s, const char *key)
{
	if (find(s, key) == NULL)
		diag(l, s->line, "missing required key '%s' in [%s %s]", key,
		    sect_names[s->kind], s->name);
}

/* 0: key is base, 1: base_file, 2: base_env, -1: neither. */
static int
secret_variant(const char *key, const char *base)
{
	size_t n = strlen(base);

	if (strncmp(key, base, n) != 0)
		return -1;
	if (key[n] == '\0')
		return 0;
	if (strcmp(key + n, "_file") == 0)
		return 1;
	if (strcmp(key + n, "_env") == 0)
		return 2;
	return -1;
}

static int
in_list(const char *key, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(key, *list) == 0)
			return 1;
	return 0;
}

/* Report unknown keys and empty values of s; p adds a provider's keys. */
static void
check_keys(struct loader *l, const struct section *s, const char *const *list,
    const struct provider *p)
{
	const struct entry *e;
	const char *more;
	size_t i;
	int ok, shown;

	for (i = 0; i < s->n; i++) {
		e = &s->v[i];
		ok = in_list(e->key, list);
		if (!ok && p != NULL)
			ok = strcmp(e->key, p->id_key) == 0 ||
			    secret_variant(e->key, p->secret_key) >= 0 ||
			    secret_variant(e->key, "security_token") >= 0;
		if (!ok) {
			shown = key_shown(e->key, strlen(e->key), &more);
			if (s->kind == SECT_GLOBAL)
				diag(l, e->line, "unknown key '%.*s%s' in "
				    "[echoddns]", shown, e->key, more);
			else
				diag(l, e->line, "unknown key '%.*s%s' in "
				    "[%s %s]", shown, e->key, more,
				    sect_names[s->kind], s->name);
		} else if (e->value != NULL && *e->value == '\0')
			diag(l, e->line, "%s: empty value", e->key);
	}
}

/* Seconds: digits with an optional s, m, h or d suffix. */
static int
parse_seconds(struct loader *l, const struct entry *e, long min, long max,
    long *out)
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
	diag(l, e->line, "%s: '%s' is not a duration (seconds, or a number "
	    "with s, m, h or d)", e->key, v);
	return 0;
range:
	diag(l, e->line, "%s: '%s' is out of range (%ld..%ld seconds)", e->key,
	    v, min, max);
	return 0;
}

static int
parse_count(struct loader *l, const struct entry *e, long min, long max,
    long *out)
{
	const char *v = e->value;
	long val = 0;

	if (!is_digits(v)) {
		diag(l, e->line, "%s: '%s' is not a whole number", e->key, v);
		return 0;
	}
	for (; *v != '\0'; v++) {
		if (val > max)
			break;
		val = val * 10 + (*v - '0');
	}
	if (val < min || val > max) {
		diag(l, e->line, "%s: '%s' is out of range (%ld..%ld)", e->key,
		    e->value, min, max);
		return 0;
	}
	*out = val;
	return 1;
}

static int
parse_bool(struct loader *l, const struct entry *e, int *out)
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
	diag(l, e->line, "%s: '%s' is not a boolean (yes/no, true/false, "
	    "on/off, 1/0)", e->key, e->value);
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
split(struct loader *l, const char *v, size_t *np)
{
	char **w = NULL, **nw;
	size_t n = 0, len;

	for (;;) {
		v += strspn(v, " \t");
		if (*v == '\0')
			break;
		len = strcspn(v, " \t");
		if ((nw = xgrow(l, w, &n, sizeof(*w))) == NULL)
			goto fail;
		w = nw;
		if ((w[n - 1] = xstrndup(l, v, len)) == NULL)
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

/*
 * https://HOST[:PORT][/PATH]; http:// only for loopback literals. The URL
 * is not echoed: it could carry a user name and password.
 */
static void
check_endpoint(struct loader *l, const struct entry *e)
{
	struct addr a;
	const char *u = e->value, *auth, *end, *host, *port = NULL;
	size_t hlen;
	int https, bracket = 0;

	if (strncmp(u, "https://", 8) == 0) {
		https = 1;
		auth = u + 8;
	} else if (strncmp(u, "http://", 7) == 0) {
		https = 0;
		auth = u + 7;
	} else {
		diag(l, e->line, "endpoint: not an https:// URL");
		return;
	}
	if (strpbrk(u, "?#") != NULL) {
		diag(l, e->line, "endpoint: must not have a query (?) or "
		    "fragment (#)");
		return;
	}
	for (end = u; *end != '\0'; end++) {
		if ((unsigned char)*end <= ' ' || (unsigned char)*end >= 0x7f) {
			diag(l, e->line, "endpoint: blank or control "
			    "character in URL");
			return;
		}
	}
	end = auth + strcspn(auth, "/");
	if (memchr(auth, '@', (size_t)(end - auth)) != NULL) {
		diag(l, e->line, "endpoint: must not hold a user name or "
		    "password");
		return;
	}
	host = auth;
	if (*host == '[') {
		bracket = 1;
		host++;
		auth = memchr(host, ']', (size_t)(end - host));
		if (auth == NULL) {
			diag(l, e->line, "endpoint: missing ']' after IPv6 "
			    "address");
			return;
		}
		hlen = (size_t)(auth - host);
		auth++;
		if (auth < end && *auth != ':') {
			diag(l, e->line, "endpoint: bad host");
			return;
		}
		if (auth < end)
			port = auth + 1;
	} else {
		port = memchr(host, ':', (size_t)(end - host));
		hlen = (size_t)((port != NULL ? port : end) - host);
		if (port != NULL)
			port++;
	}
	if (port != NULL && !valid_port(port, (size_t)(end - port))) {
		diag(l, e->line, "endpoint: bad port");
		return;
	}
	memset(&a, 0, sizeof(a));
	if (bracket) {
		if (!parse_literal(&a, host, hlen, AF_INET6)) {
			diag(l, e->line, "endpoint: bad IPv6 address");
			return;
		}
	} else if (!parse_literal(&a, host, hlen, AF_INET)) {
		char name[254];

		if (hlen == 0 || hlen >= sizeof(name)) {
			diag(l, e->line, "endpoint: bad host");
			return;
		}
		memcpy(name, host, hlen);
		name[hlen] = '\0';
		if (!valid_hostname(name)) {
			diag(l, e->line, "endpoint: bad host");
			return;
		}
	}
	if (!https) {
		static const unsigned char v6_loopback[16] = {
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
		};

		if (!((a.family == AF_INET && a.b[0] == 127) ||
		    (a.family == AF_INET6 &&
		    memcmp(a.b, v6_loopback, 16) == 0)))
			diag(l, e->line, "endpoint: http:// is only allowed "
			    "for loopback addresses (127.0.0.0/8, [::1]); use "
			    "https://");
	}
}

/*
 * The first line of a secret file, which must be a regular file (not a
 * symbolic link) that neither group nor others may access. The path is
 * not echoed: a secret written there by mistake must not leak.
 */
static char *
read_secret_file(struct loader *l, const struct entry *e)
{
	char *buf, *secret = NULL;
	size_t len, n;

	switch (file_read(e->value, SECRET_MAX, FILE_NOFOLLOW | FILE_PRIVATE,
	    &buf, &len, NULL)) {
	case FILE_OK:
		break;
	case FILE_SYMLINK:
		diag(l, e->line, "%s: is a symbolic link; name the file "
		    "itself", e->key);
		return NULL;
	case FILE_OPEN:
		diag(l, e->line, "%s: cannot open: %s", e->key,
		    strerror(errno));
		return NULL;
	case FILE_NOTREG:
		diag(l, e->line, "%s: not a regular file", e->key);
		return NULL;
	case FILE_MODE:
		diag(l, e->line, "%s: group or others may access it; run "
		    "chmod 600 on it", e->key);
		return NULL;
	case FILE_TOOBIG:
		diag(l, e->line, "%s: larger than %d bytes", e->key,
		    SECRET_MAX);
		return NULL;
	case FILE_NOMEM:
		l->oom = 1;
		return NULL;
	default:
		diag(l, e->line, "%s: %s", e->key, strerror(errno));
		return NULL;
	}
	for (n = 0; n < len && buf[n] != '\n'; n++)
		continue;
	while (n > 0 && (buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
	    buf[n - 1] == '\t'))
		n--;
	if (n == 0)
		diag(l, e->line, "%s: the first line is empty", e->key);
	else if (memchr(buf, '\0', n) != NULL)
		diag(l, e->line, "%s: NUL byte in the secret", e->key);
	else
		secret = xstrndup(l, buf, n);
	wipe(buf, len);
	free(buf);
	return secret;
}

/* The variable's name is not echoed: it may be a misplaced secret. */
static char *
read_secret_env(struct loader *l, const struct entry *e)
{
	const char *v;

	if ((v = getenv(e->value)) == NULL) {
		diag(l, e->line, "%s: the environment variable is not set",
		    e->key);
		return NULL;
	}
	if (*v == '\0') {
		diag(l, e->line, "%s: the environment variable is empty",
		    e->key);
		return NULL;
	}
	return xstrdup(l, v);
}

/* Secret base (inline, base_file or base_env) of account s into *out. */
static void
load_secret(struct loader *l, const struct section *s, const char *base,
    int required, char **out)
{
	const struct entry *e, *first = NULL;
	size_t i;
	int variant;

	for (i = 0; i < s->n; i++) {
		e = &s->v[i];
		if ((variant = secret_variant(e->key, base)) == -1)
			continue;
		if (variant == 0)
			l->inline_secret = 1;
		if (first == NULL)
			first = e;
		else
			diag(l, e->line, "%s: give only one of %s, %s_file "
			    "and %s_env", e->key, base, base, base);
	}
	if (first == NULL) {
		if (required)
			diag(l, s->line, "missing %s, %s_file or %s_env in "
			    "[account %s]", base, base, base, s->name);
		return;
	}
	if (first->value == NULL || *first->value == '\0')
		return;
	switch (secret_variant(first->key, base)) {
	case 0:
		*out = xstrdup(l, first->value);
		break;
	case 1:
		*out = read_secret_file(l, first);
		break;
	default:
		*out = read_secret_env(l, first);
		break;
	}
}

static void
check_ca_file(struct loader *l, const struct entry *e)
{
	struct stat st;
	int fd;

	if ((fd = open(e->value, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		diag(l, e->line, "ca_file: %s: %s", e->value, strerror(errno));
		return;
	}
	if (fstat(fd, &st) == -1)
		diag(l, e->line, "ca_file: %s: %s", e->value, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		diag(l, e->line, "ca_file: %s: not a regular file", e->value);
	close(fd);
}

static void
build_global(struct loader *l, const struct section *s, struct config *c)
{
	const struct entry *e;

	check_keys(l, s, global_keys, NULL);
	if ((e = get(s, "state_dir")) != NULL)
		c->state_dir = xstrdup(l, e->value);
	if ((e = get(s, "lock_file")) != NULL)
		c->lock_file = xstrdup(l, e->value);
	if ((e = get(s, "timeout")) != NULL)
		parse_seconds(l, e, 1, 3600, &c->timeout);
}

static void
build_account(struct loader *l, const struct section *s, struct account *a)
{
	const struct provider *p;
	const struct entry *e;

	a->signature = 1;
	a->file_line = s->line;
	if ((a->name = xstrdup(l, s->name)) == NULL ||
	    (a->file = xstrdup(l, l->path)) == NULL)
		return;

	/* Which keys are valid depends on the provider. */
	if ((e = find(s, "provider")) == NULL) {
		require(l, s, "provider");
		return;
	}
	if (e->value == NULL)
		return;
	if (*e->value == '\0') {
		diag(l, e->line, "provider: empty value");
		return;
	}
	if ((p = provider_find(e->value)) == NULL) {
		diag(l, e->line, "provider: unknown provider '%s' (known: %s)",
		    e->value, provider_names());
		return;
	}
	a->provider = p;
	check_keys(l, s, account_keys, p);

	require(l, s, p->id_key);
	if ((e = get(s, p->id_key)) != NULL &&
	    (a->key_id = xstrdup(l, e->value)) == NULL)
		return;
	load_secret(l, s, p->secret_key, 1, &a->secret);
	load_secret(l, s, "security_token", 0, &a->token);

	if ((e = get(s, "endpoint")) != NULL) {
		check_endpoint(l, e);
		if ((a->endpoint = xstrdup(l, e->value)) == NULL)
			return;
	}
	if ((e = get(s, "ca_file")) != NULL) {
		check_ca_file(l, e);
		if ((a->ca_file = xstrdup(l, e->value)) == NULL)
			return;
	}
	if ((e = get(s, "signature")) != NULL) {
		if (strcmp(e->value, "v1") == 0)
			a->signature = 1;
		else if (strcmp(e->value, "v3") == 0)
			a->signature = 3;
		else
			diag(l, e->line, "signature: '%s' is not v1 or v3",
			    e->value);
	}
}

static void
parse_sources(struct loader *l, const struct entry *e, struct group *g)
{
	struct source *src;
	char **w, *at;
	size_t n, i;

	if ((w = split(l, e->value, &n)) == NULL)
		return;
	if (n > SOURCES_MAX) {
		diag(l, e->line, "sources: %zu sources, at most %d", n,
		    SOURCES_MAX);
		goto out;
	}
	if ((g->sources = xalloc(l, n * sizeof(*g->sources))) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		src = &g->sources[g->nsources++];
		at = strchr(w[i], '@');
		if ((src->host = xstrndup(l, w[i], at != NULL ?
		    (size_t)(at - w[i]) : strlen(w[i]))) == NULL)
			goto out;
		if (repeated(w, i))
			diag(l, e->line, "sources: '%s' is listed twice", w[i]);
		else if (at != NULL) {
			if (addr_parse(&src->literal, src->host) ||
			    !valid_hostname(src->host)) {
				memset(&src->literal, 0, sizeof(src->literal));
				diag(l, e->line, "sources: '%s': expected "
				    "host@server with a host name", w[i]);
			} else if (!valid_server(at + 1))
				diag(l, e->line, "sources: '%s': the server "
				    "must be an IP address (IPv4, IPv4:port, "
				    "IPv6 or [IPv6]:port)", w[i]);
			else if ((src->server = xstrdup(l, at + 1)) == NULL)
				goto out;
		} else if (addr_parse(&src->literal, w[i])) {
			if (src->literal.family != g->family)
				diag(l, e->line, "sources: '%s' is an IPv%c "
				    "address but type is %s", w[i],
				    src->literal.family == AF_INET ? '4' : '6',
				    g->family == AF_INET ? "A" : "AAAA");
		} else if (!valid_hostname(w[i]))
			diag(l, e->line, "sources: '%s' is neither a host name "
			    "nor an IP address", w[i]);
	}
out:
	free_words(w, n);
}

static void
parse_resolver(struct loader *l, const struct entry *e, struct group *g)
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
	if ((w = split(l, e->value, &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (!valid_server(w[i]))
			diag(l, e->line, "resolver: '%s' is not system, api or "
			    "a DNS server address (IPv4, IPv4:port, IPv6 or "
			    "[IPv6]:port)", w[i]);
		else if (repeated(w, i))
			diag(l, e->line, "resolver: '%s' is listed twice",
			    w[i]);
	}
	g->servers = w;
	g->nservers = n;
}

static void
parse_records(struct loader *l, const struct entry *e, struct group *g)
{
	char **w;
	size_t n, i, j;

	if ((w = split(l, e->value, &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		for (j = 0; w[i][j] != '\0'; j++)
			if (!is_alnum((unsigned char)w[i][j]) &&
			    w[i][j] != '-' && w[i][j] != '_')
				break;
		if (w[i][j] != '\0')
			diag(l, e->line, "records: '%s' is not a record ID "
			    "(letters, digits, '-', '_')", w[i]);
		else if (repeated(w, i))
			diag(l, e->line, "records: '%s' is listed twice", w[i]);
	}
	g->records = w;
	g->nrecords = n;
}

static void
parse_check(struct loader *l, const struct entry *e, struct group *g)
{
	char **w;
	size_t n, i, j;
	long port;

	if ((w = split(l, e->value, &n)) == NULL)
		return;
	if (n > CHECK_MAX_PORTS) {
		diag(l, e->line, "check: %zu probes, at most %d", n,
		    CHECK_MAX_PORTS);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (strncmp(w[i], "tcp:", 4) != 0 ||
		    !valid_port(w[i] + 4, strlen(w[i] + 4))) {
			diag(l, e->line, "check: '%s' is not tcp:PORT (PORT "
			    "1..65535)", w[i]);
			continue;
		}
		if (repeated(w, i)) {
			diag(l, e->line, "check: '%s' is listed twice", w[i]);
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
dns_name(struct loader *l, const struct entry *e)
{
	char *s;
	size_t n;

	if (!valid_hostname(e->value)) {
		diag(l, e->line, "%s: '%s' is not a valid DNS name", e->key,
		    e->value);
		return NULL;
	}
	if ((s = xstrdup(l, e->value)) == NULL)
		return NULL;
	lower(s);
	if ((n = strlen(s)) > 0 && s[n - 1] == '.')
		s[n - 1] = '\0';
	return s;
}

static void
build_group(struct loader *l, const struct section *s, struct config *c,
    struct group *g)
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
	const struct entry *e, *zone_e, *name_e;
	size_t i, zlen, nlen;
	long *field;

	g->file_line = s->line;
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
	if ((g->name = xstrdup(l, s->name)) == NULL ||
	    (g->file = xstrdup(l, l->path)) == NULL)
		return;

	check_keys(l, s, group_keys, NULL);
	require(l, s, "account");
	require(l, s, "zone");
	require(l, s, "name");
	require(l, s, "sources");

	if ((e = get(s, "account")) != NULL &&
	    (g->account = find_account(c, e->value)) == NULL)
		diag(l, e->line, "account '%s' is not defined (no [account "
		    "%s] section)", e->value, e->value);

	if ((e = get(s, "type")) != NULL) {
		if (str_ieq(e->value, "A"))
			g->family = AF_INET;
		else if (str_ieq(e->value, "AAAA"))
			g->family = AF_INET6;
		else
			diag(l, e->line, "type: '%s' is not A or AAAA",
			    e->value);
	}
	if ((e = get(s, "line")) != NULL) {
		if (!valid_name(e->value, strlen(e->value)))
			diag(l, e->line, "line: '%s' is not a line name "
			    "(letters, digits, '-', '_', '.')", e->value);
		g->line = xstrdup(l, e->value);
	} else
		g->line = xstrdup(l, "default");
	if (g->line == NULL)
		return;

	zone_e = get(s, "zone");
	name_e = get(s, "name");
	if (zone_e != NULL && (g->zone = dns_name(l, zone_e)) == NULL && l->oom)
		return;
	if (name_e != NULL && (g->fqdn = dns_name(l, name_e)) == NULL && l->oom)
		return;
	if (g->zone != NULL && g->fqdn != NULL) {
		zlen = strlen(g->zone);
		nlen = strlen(g->fqdn);
		if (strcmp(g->fqdn, g->zone) == 0)
			g->rr = xstrdup(l, "@");
		else if (nlen > zlen + 1 && g->fqdn[nlen - zlen - 1] == '.' &&
		    strcmp(g->fqdn + nlen - zlen, g->zone) == 0)
			g->rr = xstrndup(l, g->fqdn, nlen - zlen - 1);
		else
			diag(l, name_e->line, "name: '%s' is not inside zone "
			    "'%s'", g->fqdn, g->zone);
	}

	if ((e = get(s, "resolver")) != NULL)
		parse_resolver(l, e, g);
	if ((e = get(s, "sources")) != NULL)
		parse_sources(l, e, g);
	if ((e = get(s, "records")) != NULL)
		parse_records(l, e, g);
	if ((e = get(s, "check")) != NULL)
		parse_check(l, e, g);
	if ((e = get(s, "allow_private")) != NULL)
		parse_bool(l, e, &g->allow_private);
	if ((e = get(s, "spare")) != NULL) {
		if (strcmp(e->value, "disable") == 0)
			g->spare = SPARE_DISABLE;
		else if (strcmp(e->value, "delete") == 0)
			g->spare = SPARE_DELETE;
		else if (strcmp(e->value, "keep") == 0)
			g->spare = SPARE_KEEP;
		else
			diag(l, e->line, "spare: '%s' is not disable, delete "
			    "or keep", e->value);
	}
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if ((e = get(s, nums[i].key)) == NULL)
			continue;
		field = (long *)(void *)((char *)g + nums[i].off);
		if (nums[i].seconds)
			parse_seconds(l, e, nums[i].min, nums[i].max, field);
		else
			parse_count(l, e, nums[i].min, nums[i].max, field);
	}
}

/* Turn the collected sections into a config; NULL only when out of memory. */
static struct config *
build(struct loader *l)
{
	struct config *c;
	size_t i, na = 0, ng = 0, n;

	if ((c = xalloc(l, sizeof(*c))) == NULL)
		return NULL;
	c->timeout = DEFAULT_TIMEOUT;
	if ((c->path = xstrdup(l, l->path)) == NULL)
		return c;
	for (i = 0; i < l->nsects; i++) {
		if (l->sects[i].kind == SECT_ACCOUNT)
			na++;
		else if (l->sects[i].kind == SECT_GROUP)
			ng++;
	}
	/* Sized once: groups borrow pointers into c->accounts. */
	if (na > 0 && (c->accounts = xalloc(l, na * sizeof(*c->accounts))) ==
	    NULL)
		return c;
	if (ng > 0 && (c->groups = xalloc(l, ng * sizeof(*c->groups))) == NULL)
		return c;

	for (i = 0; i < l->nsects && !l->oom; i++) {
		if (l->sects[i].kind == SECT_GLOBAL)
			build_global(l, &l->sects[i], c);
		else if (l->sects[i].kind == SECT_ACCOUNT)
			build_account(l, &l->sects[i],
			    &c->accounts[c->naccounts++]);
	}
	for (i = 0; i < l->nsects && !l->oom; i++)
		if (l->sects[i].kind == SECT_GROUP)
			build_group(l, &l->sects[i], c,
			    &c->groups[c->ngroups++]);
	if (l->oom)
		return c;
	if (ng == 0)
		diag(l, 0, "no [group NAME] section");

	if (c->state_dir == NULL && (c->state_dir = xstrdup(l, STATEDIR)) ==
	    NULL)
		return c;
	if (c->lock_file == NULL) {
		n = strlen(c->state_dir);
		while (n > 1 && c->state_dir[n - 1] == '/')
			n--;
		if ((c->lock_file = malloc(n + sizeof("/echoddns.lock"))) ==
		    NULL) {
			l->oom = 1;
			return c;
		}
		memcpy(c->lock_file, c->state_dir, n);
		strcpy(c->lock_file + n, "/echoddns.lock");
	}
	return c;
}

static void
loader_free(struct loader *l)
{
	struct section *s;
	size_t i, j;

	for (i = 0; i < l->nsects; i++) {
		s = &l->sects[i];
		for (j = 0; j < s->n; j++) {
			free(s->v[j].key);
			secret_free(s->v[j].value);	/* may be a secret */
		}
		free(s->v);
		free(s->name);
	}
	free(l->sects);
	for (i = 0; i < l->ndiags; i++)
		free(l->diags[i].msg);
	free(l->diags);
}

static void	anchor_paths(struct loader *);

struct config *
config_load(const char *path, int *status)
{
	struct loader l;
	struct config *c = NULL;
	char *buf;
	size_t len = 0;
	mode_t mode = 0;
	int rc;

	if ((buf = read_config(path, &len, &mode, status)) == NULL)
		return NULL;
	memset(&l, 0, sizeof(l));
	l.path = path;
	l.buf = buf;
	l.len = len;
	l.cur = CUR_NONE;

	rc = ini_parse_stream(reader, &l, handler, &l);
	if (rc == -2)
		l.oom = 1;
	else if (rc != 0 && !l.oom)
		diag(&l, rc > 0 ? rc : 0, "cannot parse this line");
	wipe(buf, len);
	free(buf);

	if (!l.oom)
		anchor_paths(&l);
	if (!l.oom)
		c = build(&l);
	if (!l.oom && l.inline_secret && (mode & (S_IRWXG | S_IRWXO)))
		diag(&l, 0, "holds a secret but group or others may read it; "
		    "run chmod 600 %s", path);

	diag_flush(&l);
	*status = l.ndiags > 0 ? EX_CONFIG : 0;
	if (l.oom) {
		log_err("%s: out of memory", path);
		*status = EX_SOFTWARE;
	}
	if (l.oom || l.ndiags > 0) {
		config_free(c);
		c = NULL;
	}
	loader_free(&l);
	return c;
}

/*
 * A relative path in the file (state_dir, lock_file, ca_file, *_file) is
 * taken relative to the file's own directory, not to wherever cron or a
 * hotplug script happens to run echoddns.
 */
static void
anchor_paths(struct loader *l)
{
	const char *slash = strrchr(l->path, '/');
	size_t i, j, dlen, klen, vlen;
	struct entry *e;
	char *p;

	if (slash == NULL)
		return;		/* the file is in the current directory */
	dlen = (size_t)(slash - l->path) + 1;
	for (i = 0; i < l->nsects; i++) {
		for (j = 0; j < l->sects[i].n; j++) {
			e = &l->sects[i].v[j];
			klen = strlen(e->key);
			if (e->value == NULL || e->value[0] == '/' ||
			    e->value[0] == '\0' || !(strcmp(e->key, "state_dir") ==
			    0 || (klen > 5 && strcmp(e->key + klen - 5,
			    "_file") == 0)))
				continue;
			vlen = strlen(e->value);
			if ((p = malloc(dlen + vlen + 1)) == NULL) {
				l->oom = 1;
				return;
			}
			memcpy(p, l->path, dlen);
			memcpy(p + dlen, e->value, vlen + 1);
			free(e->value);
			e->value = p;
		}
	}
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
	free_words(g->records, g->nrecords);
	free_words(g->servers, g->nservers);
	free(g->file);
}

void
config_free(struct config *c)
{
	struct account *a;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->naccounts; i++) {
		a = &c->accounts[i];
		free(a->name);
		free(a->key_id);
		secret_free(a->secret);
		secret_free(a->token);
		free(a->endpoint);
		free(a->ca_file);
		free(a->file);
	}
	free(c->accounts);
	for (i = 0; i < c->ngroups; i++)
		group_clear(&c->groups[i]);
	free(c->groups);
	free(c->path);
	free(c->state_dir);
	free(c->lock_file);
	free(c);
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
