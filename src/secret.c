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
secret_read_config(const char *path, size_t *lenp, mode_t *modep, int *status)
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
secret_key_variant(const char *key, const char *base)
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
read_secret_file(struct inifile *ini, const struct inifile_entry *e)
{
	char *buf, *secret = NULL;
	size_t len, n;

	switch (file_read(e->value, SECRET_MAX, FILE_NOFOLLOW | FILE_PRIVATE,
	    &buf, &len, NULL)) {
	case FILE_OK:
		break;
	case FILE_SYMLINK:
		inifile_diag(ini, e->line, "%s: is a symbolic link; name the "
		    "file itself", e->key);
		return NULL;
	case FILE_OPEN:
		inifile_diag(ini, e->line, "%s: cannot open: %s", e->key,
		    strerror(errno));
		return NULL;
	case FILE_NOTREG:
		inifile_diag(ini, e->line, "%s: not a regular file", e->key);
		return NULL;
	case FILE_MODE:
		inifile_diag(ini, e->line, "%s: group or others may access it; "
		    "run chmod 600 on it", e->key);
		return NULL;
	case FILE_TOOBIG:
		inifile_diag(ini, e->line, "%s: larger than %d bytes", e->key,
		    SECRET_MAX);
		return NULL;
	case FILE_NOMEM:
		ini->oom = 1;
		return NULL;
	default:
		inifile_diag(ini, e->line, "%s: %s", e->key, strerror(errno));
		return NULL;
	}
	for (n = 0; n < len && buf[n] != '\n'; n++)
		continue;
	while (n > 0 && (buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
	    buf[n - 1] == '\t'))
		n--;
	if (n == 0)
		inifile_diag(ini, e->line, "%s: the first line is empty",
		    e->key);
	else if (memchr(buf, '\0', n) != NULL)
		inifile_diag(ini, e->line, "%s: NUL byte in the secret",
		    e->key);
	else
		secret = inifile_strndup(ini, buf, n);
	wipe(buf, len);
	free(buf);
	return secret;
}

/* The variable's name is not echoed: it may be a misplaced secret. */
static char *
read_secret_env(struct inifile *ini, const struct inifile_entry *e)
{
	const char *v;

	if ((v = getenv(e->value)) == NULL) {
		inifile_diag(ini, e->line, "%s: the environment variable is "
		    "not set", e->key);
		return NULL;
	}
	if (*v == '\0') {
		inifile_diag(ini, e->line, "%s: the environment variable is "
		    "empty", e->key);
		return NULL;
	}
	return inifile_strdup(ini, v);
}

int
secret_load(struct inifile *ini, const struct inifile_section *s,
    const char *base, int required, char **out)
{
	const struct inifile_entry *e, *first = NULL;
	size_t i;
	int variant, inline_secret = 0;

	for (i = 0; i < s->n; i++) {
		e = &s->v[i];
		if ((variant = secret_key_variant(e->key, base)) == -1)
			continue;
		if (variant == 0)
			inline_secret = 1;
		if (first == NULL)
			first = e;
		else
			inifile_diag(ini, e->line, "%s: give only one of %s, "
			    "%s_file and %s_env", e->key, base, base, base);
	}
	if (first == NULL) {
		if (required)
			inifile_diag(ini, s->line, "missing %s, %s_file or "
			    "%s_env in [account %s]", base, base, base,
			    s->name);
		return 0;
	}
	if (first->value == NULL || *first->value == '\0')
		return inline_secret;
	switch (secret_key_variant(first->key, base)) {
	case 0:
		*out = inifile_strdup(ini, first->value);
		break;
	case 1:
		*out = read_secret_file(ini, first);
		break;
	default:
		*out = read_secret_env(ini, first);
		break;
	}
	return inline_secret;
}

void
secret_check_config(struct inifile *ini, mode_t mode)
{
	if (mode & (S_IRWXG | S_IRWXO))
		inifile_diag(ini, 0, "holds a secret but group or others may "
		    "read it; run chmod 600 %s", ini->path);
}
