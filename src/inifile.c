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

/* One problem found, printed later in line order. */
struct inifile_msg {
	int	 line;		/* 0: the file as a whole */
	size_t	 seq;
	char	*msg;
};

void *
inifile_alloc(struct inifile *ini, size_t n)
{
	void *p;

	if ((p = calloc(1, n)) == NULL)
		ini->oom = 1;
	return p;
}

char *
inifile_strndup(struct inifile *ini, const char *s, size_t n)
{
	char *p;

	if ((p = malloc(n + 1)) == NULL) {
		ini->oom = 1;
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
inifile_strdup(struct inifile *ini, const char *s)
{
	return inifile_strndup(ini, s, strlen(s));
}

/* Grow *v (of *n elements of size sz) by one zeroed element. */
void *
inifile_grow(struct inifile *ini, void *v, size_t *n, size_t sz)
{
	char *p;

	if ((p = realloc(v, (*n + 1) * sz)) == NULL) {
		ini->oom = 1;
		return NULL;
	}
	memset(p + *n * sz, 0, sz);
	(*n)++;
	return p;
}

void
inifile_diag(struct inifile *ini, int line, const char *fmt, ...)
{
	struct inifile_msg *d;
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (msg = malloc((size_t)n + 1)) == NULL) {
		ini->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if ((d = inifile_grow(ini, ini->diags, &ini->ndiags, sizeof(*d))) ==
	    NULL) {
		free(msg);
		return;
	}
	ini->diags = d;
	d[ini->ndiags - 1].line = line;
	d[ini->ndiags - 1].seq = ini->ndiags;
	d[ini->ndiags - 1].msg = msg;
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct inifile_msg *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
inifile_flush(struct inifile *ini)
{
	size_t i;

	if (ini->ndiags > 1)
		qsort(ini->diags, ini->ndiags, sizeof(*ini->diags), diag_cmp);
	for (i = 0; i < ini->ndiags; i++) {
		if (ini->diags[i].line > 0)
			log_err("%s:%d: %s", ini->path, ini->diags[i].line,
			    ini->diags[i].msg);
		else
			log_err("%s: %s", ini->path, ini->diags[i].msg);
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
inifile_valid_name(const char *s, size_t n)
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
inifile_key_shown(const char *key, size_t n, const char **more)
{
	size_t i;

	for (i = 0; i < n && !is_space((unsigned char)key[i]); i++)
		continue;
	*more = i < n ? " ..." : "";
	return (int)i;
}

/* 1 when key (n bytes) may be given more than once in sections of kind. */
static int
repeatable(const struct inifile *ini, int kind, const char *key, size_t n)
{
	const char *const *r;

	for (r = ini->kinds[kind].repeat; r != NULL && *r != NULL; r++)
		if (strlen(*r) == n && memcmp(*r, key, n) == 0)
			return 1;
	return 0;
}

/*
 * Keep key (n bytes) of the current section with value (NULL: the line
 * was bad and is already reported, so only the key's presence counts).
 */
static void
store(struct inifile *ini, const char *key, size_t n, const char *value)
{
	struct inifile_section *s;
	struct inifile_entry *e;
	const char *more;
	size_t i;
	int shown;

	shown = inifile_key_shown(key, n, &more);
	if (ini->cur == CUR_NONE) {
		inifile_diag(ini, ini->lineno, "key '%.*s%s' outside any "
		    "section", shown, key, more);
		return;
	}
	if (ini->cur == CUR_IGNORE)
		return;
	s = &ini->sects[ini->cur];
	for (i = 0; !repeatable(ini, s->kind, key, n) && i < s->n; i++) {
		if (strlen(s->v[i].key) == n &&
		    memcmp(s->v[i].key, key, n) == 0) {
			inifile_diag(ini, ini->lineno, "duplicate key '%.*s%s' "
			    "(first at line %d)", shown, key, more,
			    s->v[i].line);
			return;
		}
	}
	if ((e = inifile_grow(ini, s->v, &s->n, sizeof(*e))) == NULL)
		return;
	s->v = e;
	e = &s->v[s->n - 1];
	e->line = ini->lineno;
	if ((e->key = inifile_strndup(ini, key, n)) == NULL)
		return;
	if (value != NULL)
		e->value = inifile_strdup(ini, value);
}

/* A bad line that still names a key: remember the key, not the value. */
static void
store_bad_key(struct inifile *ini, const char *s, size_t n)
{
	size_t sep, klen;

	if (n == 0 || s[0] == '[' || s[0] == ';' || s[0] == '#')
		return;
	if ((sep = find_separator(s, n)) == n)
		return;
	if ((klen = rtrim_len(s, sep)) == 0)
		return;
	store(ini, s, klen, NULL);
}

static void
section_header(struct inifile *ini, const char *s, size_t n)
{
	struct inifile_section *sec;
	const char *inner, *name, *word;
	size_t i, close, ilen, klen, nlen;
	int was_space = 0, kind, named;

	ini->cur = CUR_IGNORE;
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
		inifile_diag(ini, ini->lineno, "section header without ']'");
		return;
	}
	for (i = close + 1; i < n && is_space((unsigned char)s[i]); i++)
		continue;
	if (i < n && !(s[i] == ';' && i > close + 1)) {
		inifile_diag(ini, ini->lineno, "unexpected text after ']'");
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

	for (kind = 0; kind < ini->nkinds; kind++)
		if (strlen(ini->kinds[kind].word) == klen &&
		    memcmp(ini->kinds[kind].word, inner, klen) == 0)
			break;
	if (kind == ini->nkinds) {
		inifile_diag(ini, ini->lineno, "unknown section [%.*s]",
		    (int)ilen, inner);
		return;
	}
	word = ini->kinds[kind].word;
	named = ini->kinds[kind].named;
	if (!named && nlen > 0) {
		inifile_diag(ini, ini->lineno, "[%s] takes no name", word);
		return;
	}
	if (named && nlen == 0) {
		inifile_diag(ini, ini->lineno, "[%s] needs a name: [%s NAME]",
		    word, word);
		return;
	}
	if (named && !inifile_valid_name(name, nlen)) {
		inifile_diag(ini, ini->lineno, "bad %s name '%.*s' (letters, "
		    "digits, '-', '_', '.')", word, (int)nlen, name);
		return;
	}

	for (i = 0; i < ini->nsects; i++) {
		sec = &ini->sects[i];
		if (sec->kind != kind)
			continue;
		if (!named) {
			inifile_diag(ini, ini->lineno, "duplicate section "
			    "[%s] (first at line %d)", word, sec->line);
			return;
		}
		if (strlen(sec->name) == nlen &&
		    memcmp(sec->name, name, nlen) == 0) {
			inifile_diag(ini, ini->lineno, "duplicate section "
			    "[%s %s] (first at line %d)", word, sec->name,
			    sec->line);
			return;
		}
	}

	if ((sec = inifile_grow(ini, ini->sects, &ini->nsects,
	    sizeof(*sec))) == NULL)
		return;
	ini->sects = sec;
	sec = &ini->sects[ini->nsects - 1];
	sec->kind = kind;
	sec->line = ini->lineno;
	if (named && (sec->name = inifile_strndup(ini, name, nlen)) == NULL)
		return;
	ini->cur = (long)(ini->nsects - 1);
}

/*
 * Check one line (BOM and line end already removed). Returns the number of
 * bytes at *start that inih may see, or 0 to hand it an empty line.
 */
static size_t
scan_line(struct inifile *ini, const char *line, size_t len, const char **start)
{
	const char *s = line;
	size_t n = len, klen;

	while (n > 0 && is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	n = rtrim_len(s, n);
	*start = s;

	if (memchr(line, '\0', len) != NULL || len > LINE_MAX_LEN) {
		klen = find_separator(s, n);
		klen = klen < n ? rtrim_len(s, klen) : 0;
		if (len > LINE_MAX_LEN && ini->cur >= 0 &&
		    repeatable(ini, ini->sects[ini->cur].kind, s, klen))
			inifile_diag(ini, ini->lineno, "line too long (%zu "
			    "bytes, at most %d); %.*s may be given again: "
			    "continue the list on another '%.*s =' line", len,
			    LINE_MAX_LEN, (int)klen, s, (int)klen, s);
		else if (len > LINE_MAX_LEN)
			inifile_diag(ini, ini->lineno, "line too long (%zu "
			    "bytes, at most %d); put long secrets in "
			    "access_key_secret_file", len, LINE_MAX_LEN);
		else
			inifile_diag(ini, ini->lineno, "NUL byte in line");
		if (n > 0 && *s == '[') {
			/* A broken header: its keys are skipped. */
			ini->cur = CUR_IGNORE;
			ini->after_key = 0;
		} else
			store_bad_key(ini, s, strnlen(s, n));
		return 0;
	}
	if (n == 0 || *s == ';' || *s == '#')
		return 0;
	/* inih would hand this line over as another value of the last key. */
	if (s > line && ini->after_key) {
		inifile_diag(ini, ini->lineno, "continuation lines are not "
		    "allowed (indented line after a key); remove the leading "
		    "whitespace");
		/* Most likely an indented key: spare the "missing key". */
		store_bad_key(ini, s, n);
		return 0;
	}
	if (*s == '[') {
		ini->after_key = 0;
		section_header(ini, s, n);
		return 0;
	}
	if (find_separator(s, n) == n) {
		inifile_diag(ini, ini->lineno,
		    "expected [section] or key = value");
		return 0;
	}
	ini->after_key = 1;
	return n;
}

/* The ini_reader: one line of the buffer per call, checked first. */
static char *
reader(char *str, int num, void *stream)
{
	struct inifile *ini = stream;
	const char *line, *nl, *start;
	size_t len, n;

	if (ini->pos >= ini->len || ini->oom || num < 2)
		return NULL;
	line = ini->buf + ini->pos;
	nl = memchr(line, '\n', ini->len - ini->pos);
	len = nl != NULL ? (size_t)(nl - line) : ini->len - ini->pos;
	ini->pos += len + (nl != NULL);
	ini->lineno++;
	if (ini->lineno == 1 && len >= 3 &&
	    memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		len -= 3;
	}
	if (len > 0 && line[len - 1] == '\r')
		len--;

	n = scan_line(ini, line, len, &start);
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
	struct inifile *ini = user;

	(void)section;	/* inih's copy may be cut at 50 bytes; ours is not */
	if (*name == '\0')
		inifile_diag(ini, ini->lineno,
		    "expected [section] or key = value");
	else
		store(ini, name, strlen(name), value);
	return 1;
}

void
inifile_parse(struct inifile *ini, const char *path,
    const struct inifile_kind *kinds, int nkinds, const char *buf, size_t len)
{
	int rc;

	memset(ini, 0, sizeof(*ini));
	ini->path = path;
	ini->kinds = kinds;
	ini->nkinds = nkinds;
	ini->buf = buf;
	ini->len = len;
	ini->cur = CUR_NONE;

	rc = ini_parse_stream(reader, ini, handler, ini);
	if (rc == -2)
		ini->oom = 1;
	else if (rc != 0 && !ini->oom)
		inifile_diag(ini, rc > 0 ? rc : 0, "cannot parse this line");
}

void
inifile_free(struct inifile *ini)
{
	struct inifile_section *s;
	size_t i, j;

	for (i = 0; i < ini->nsects; i++) {
		s = &ini->sects[i];
		for (j = 0; j < s->n; j++) {
			free(s->v[j].key);
			secret_free(s->v[j].value);	/* may be a secret */
		}
		free(s->v);
		free(s->name);
	}
	free(ini->sects);
	for (i = 0; i < ini->ndiags; i++)
		free(ini->diags[i].msg);
	free(ini->diags);
}
