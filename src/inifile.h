/*
 * inifile.h - the INI line reader under config.c, on top of inih. Every
 * line is checked before inih sees it (length, NUL bytes, indentation,
 * section headers), so inih only ever gets lines it parses faithfully, and
 * every key keeps its line number. The result is the file's sections and
 * their "key = value" entries as written, plus the problems found, which
 * config.c adds to and which are printed in line order in one pass.
 *
 * Ownership: everything in struct loader (sections, entries, strings,
 * problems) belongs to it until loader_free; values are wiped then, as
 * they may be secrets. path is borrowed and must outlive the loader.
 */
#ifndef ECHODDNS_INIFILE_H
#define ECHODDNS_INIFILE_H

#include <stddef.h>

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

extern const char *const sect_names[];	/* indexed by enum sect_kind */

/*
 * Parse len bytes of buf, the contents of path, into l (zeroed first). Bad
 * lines are problems of l; l->oom is set when out of memory.
 */
void	 loader_parse(struct loader *l, const char *path, const char *buf,
	    size_t len);

/* Print l's problems, "path:line: message", sorted by line. */
void	 diag_flush(struct loader *l);

/* Free everything l holds, wiping values; not l itself. */
void	 loader_free(struct loader *l);

/* Note a problem at line (0: the file as a whole); printed by diag_flush. */
void	 diag(struct loader *l, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Allocators that set l->oom when they fail, so that callers go on. */
void	*xalloc(struct loader *l, size_t n);		/* zeroed */
char	*xstrndup(struct loader *l, const char *s, size_t n);
char	*xstrdup(struct loader *l, const char *s);
void	*xgrow(struct loader *l, void *v, size_t *n, size_t sz);

/* NAME of [account NAME] and [group NAME]: letters, digits, '-', '_', '.'. */
int	 valid_name(const char *s, size_t n);

/*
 * How much of key (n bytes) a message may show: up to its first blank;
 * *more is then " ..." (else "").
 */
int	 key_shown(const char *key, size_t n, const char **more);

#endif
