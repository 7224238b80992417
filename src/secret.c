/*
 * secret.c - secrets inline, in files, in the environment, and the
 * permission checks of the files that hold them.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "file.h"
#include "inifile.h"
#include "log.h"
#include "secret.h"
#include "util.h"

#define CONFIG_MAX	(1024 * 1024)	/* bytes in a config file */
#define SECRET_MAX	4096	/* bytes in a secret file */

/*
 * Open, check and read the config file. Returns the contents (NUL added)
 * or NULL after reporting why.
 */
char *
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

/* 0: key is base, 1: base_file, 2: base_env, -1: neither. */
int
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
void
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
