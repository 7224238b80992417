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
		if (errno == ENOENT)
			log_err("%s: %s; name the configuration file with -c "
			    "FILE or ECHODDNS_CONFIG; examples/ in the echoddns "
			    "sources has examples to start from", path, strerror(errno));
		else
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
 * A message may name the file of KEY_file only when what was written looks
 * like a path, not like a secret written there by mistake: a '/' or a '.'
 * in it, no character a path rarely has, and a directory that exists.
 */
static int
path_shown(const struct inifile_entry *e)
{
	const char *written = e->value + e->dirlen, *p;
	char *dir, *slash;
	struct stat st;
	int ok;

	if (strpbrk(written, "/.") == NULL)
		return 0;
	for (p = written; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-@", *p) != NULL))
			return 0;
	if ((dir = strdup(e->value)) == NULL)
		return 0;
	if ((slash = strrchr(dir, '/')) == NULL)
		ok = 1;			/* the current directory */
	else {
		slash[slash == dir] = '\0';	/* "/x" -> "/" */
		ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	}
	free(dir);
	return ok;
}

/* The variable of KEY_env, likewise: only an upper-case name is shown. */
static int
variable_shown(const char *name)
{
	const char *p;
	int letter = 0;

	if (*name == '\0' || (*name >= '0' && *name <= '9'))
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			letter = 1;
		else if (!(*p >= '0' && *p <= '9') && *p != '_')
			return 0;
	}
	return letter;
}

/*
 * The first line of a secret file, which must be a regular file (not a
 * symbolic link) that neither group nor others may access. The path is
 * named only when it looks like one (path_shown).
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
		if (path_shown(e))
			inifile_diag(ini, e->line, "%s: cannot open %s: %s",
			    e->key, e->value, strerror(errno));
		else
			inifile_diag(ini, e->line, "%s: cannot open the file it"
			    " names: %s (the name is not shown: it does not look"
			    " like a path; is it the secret itself?)", e->key,
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

/* The variable is named only when it looks like one (variable_shown). */
static char *
read_secret_env(struct inifile *ini, const struct inifile_entry *e)
{
	const char *v, *what;

	if ((v = getenv(e->value)) == NULL || *v == '\0') {
		what = v == NULL ? "not set" : "empty";
		if (variable_shown(e->value))
			inifile_diag(ini, e->line, "%s: the environment "
			    "variable %s is %s", e->key, e->value, what);
		else
			inifile_diag(ini, e->line, "%s: the environment "
			    "variable it names is %s (the name is not shown: it "
			    "is not an upper-case variable name; is it the "
			    "secret itself?)", e->key, what);
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
