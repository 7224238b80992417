/*
 * inifile.h - the INI line reader under config.c, on top of inih. Every
 * line is checked before inih sees it (length, NUL bytes, indentation,
 * section headers), so inih only ever gets lines it parses faithfully, and
 * every key keeps its line number. The result is the file's sections and
 * their "key = value" entries as written, plus the problems found, which
 * config.c adds to and which are printed in line order in one pass.
 *
 * Ownership: everything in struct inifile (sections, entries, strings,
 * problems) belongs to it until inifile_free; values are wiped then, as
 * they may be secrets. path is borrowed and must outlive it. Names start
 * with inifile_, not ini_: that prefix is inih's.
 */
#ifndef ECHODDNS_INIFILE_H
#define ECHODDNS_INIFILE_H

#include <stddef.h>

/* A kind of section the caller knows: [word] or [word NAME]. */
struct inifile_kind {
	const char	*word;
	int		 named;		/* 1: [word NAME], 0: [word] alone */
	const char *const *repeat;	/* keys that may be given more than
					   once, each kept; NULL-ended, or
					   NULL for none */
};

/* One "key = value" as written; a key that may repeat has one each time. */
struct inifile_entry {
	char	*key;
	char	*value;		/* NULL: a bad line, already reported */
	int	 line;
	size_t	 dirlen;	/* bytes of the file's directory put before
				   a relative path (config.c); 0: none */
};

struct inifile_section {
	int			 kind;		/* index into the kinds given */
	char			*name;		/* NULL unless named */
	int			 line;
	struct inifile_entry	*v;
	size_t			 n;
};

struct inifile_msg;	/* one problem noted */

struct inifile {
	const char		*path;
	struct inifile_section	*sects;		/* in file order */
	size_t			 nsects;
	size_t			 ndiags;	/* problems noted so far */
	int			 oom;		/* out of memory: incomplete */

	/* The reader's own. */
	const struct inifile_kind *kinds;
	int			 nkinds;
	const char		*buf;
	size_t			 len;
	size_t			 pos;
	int			 lineno;	/* of the line last handed to inih */
	int			 after_key;	/* a key since the last header */
	long			 cur;		/* index into sects, or CUR_* */
	struct inifile_msg	*diags;
};

/*
 * Parse len bytes of buf, the contents of path, into ini (zeroed first):
 * sections of the nkinds kinds (the caller's, borrowed like path) and
 * their keys. buf is only read during the call. Bad lines are problems of
 * ini; ini->oom is set when out of memory.
 */
void	 inifile_parse(struct inifile *ini, const char *path,
	    const struct inifile_kind *kinds, int nkinds, const char *buf,
	    size_t len);

/* Print ini's problems, "path:line: message", sorted by line. */
void	 inifile_flush(struct inifile *ini);

/* Free everything ini holds, wiping values; not ini itself. */
void	 inifile_free(struct inifile *ini);

/* Note a problem at line (0: the file as a whole); printed by inifile_flush. */
void	 inifile_diag(struct inifile *ini, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Allocators that set ini->oom when they fail, so that callers go on. */
void	*inifile_alloc(struct inifile *ini, size_t n);		/* zeroed */
char	*inifile_strndup(struct inifile *ini, const char *s, size_t n);
char	*inifile_strdup(struct inifile *ini, const char *s);
void	*inifile_grow(struct inifile *ini, void *v, size_t *n, size_t sz);

/* NAME of [account NAME] and [group NAME]: letters, digits, '-', '_', '.'. */
int	 inifile_valid_name(const char *s, size_t n);

/*
 * How much of key (n bytes) a message may show: up to its first blank;
 * *more is then " ..." (else "").
 */
int	 inifile_key_shown(const char *key, size_t n, const char **more);

#endif
