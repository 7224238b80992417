/*
 * secret.h - secrets in the configuration: written inline (KEY), read from
 * a file (KEY_file) or taken from the environment (KEY_env), and the
 * permission rules, in the manner of ssh and doas, for the files that may
 * hold them: the config file and secret files. A secret is never echoed,
 * and a path or variable name is named only when it looks like one, not
 * like a misplaced secret.
 *
 * Ownership: a secret returned is a new string; free it with secret_free
 * (util.h), which wipes it. So is the buffer of secret_read_config
 * (wipe, free).
 */
#ifndef ECHODDNS_SECRET_H
#define ECHODDNS_SECRET_H

#include <sys/types.h>

#include <stddef.h>

#include "inifile.h"

/*
 * Open, check and read the config file. Returns the contents (NUL added)
 * or NULL after reporting why; *status is then EX_CONFIG or EX_SOFTWARE.
 */
char	*secret_read_config(const char *path, size_t *lenp, mode_t *modep,
	    int *status);

/* 0: key is base, 1: base_file, 2: base_env, -1: neither. */
int	 secret_key_variant(const char *key, const char *base);

/*
 * Secret base (inline, base_file or base_env) of account s into *out (NULL
 * when missing or bad: reported on ini). Returns 1 when s writes base
 * inline, so that the file itself holds a secret; else 0.
 */
int	 secret_load(struct inifile *ini, const struct inifile_section *s,
	    const char *base, int required, char **out);

/*
 * The config file ini was read from, of mode mode, holds a secret inline:
 * a problem of ini when group or others may read it.
 */
void	 secret_check_config(struct inifile *ini, mode_t mode);

#endif
