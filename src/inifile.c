/*
 * inifile.c - the INI line reader. The file is read into memory by the
 * caller, not by inih: Debian's inih silently cuts lines longer than its
 * INI_MAX_LINE and turns indented lines into repeats of the previous key,
 * so every line is checked first and inih only ever sees lines it parses
 * faithfully. Our own reader counts lines, so every key keeps its line
 * number.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "inifile.h"
#include "log.h"
#include "util.h"

/* Debian's inih reads lines into INI_MAX_LINE (200) bytes: less CR, LF, NUL. */
#define LINE_MAX_LEN	197

#define CUR_NONE	(-1L)	/* before the first section header */
#define CUR_IGNORE	(-2L)	/* inside a bad section: its keys are skipped */

const char *const sect_names[] = { "echoddns", "account", "group" };
#define NSECT_KINDS	(int)(sizeof(sect_names) / sizeof(sect_names[0]))

void *
xalloc(struct loader *l, size_t n)
{
	void *p;

	if ((p = calloc(1, n)) == NULL)
		l->oom = 1;
	return p;
}

char *
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

char *
xstrdup(struct loader *l, const char *s)
{
	return xstrndup(l, s, strlen(s));
}

/* Grow *v (of *n elements of size sz) by one zeroed element. */
void *
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

void
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

void
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

/* NAME of [account NAME] and [group NAME]: letters, digits, '-', '_', '.'. */
int
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
int
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

/* Parse len bytes of buf, the contents of path, into l (zeroed first). */
void
loader_parse(struct loader *l, const char *path, const char *buf, size_t len)
{
	int rc;

	memset(l, 0, sizeof(*l));
	l->path = path;
	l->buf = buf;
	l->len = len;
	l->cur = CUR_NONE;

	rc = ini_parse_stream(reader, l, handler, l);
	if (rc == -2)
		l->oom = 1;
	else if (rc != 0 && !l->oom)
		diag(l, rc > 0 ? rc : 0, "cannot parse this line");
}

void
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
