/*
 * importenv.h - `echoddns import-env`: an echoddns.ini built from the
 * environment variables of the earlier Python EchoDDNS (its docker-compose
 * file: ACCESSKEY_ID, DOMAIN_NAME, DDNS1_DOMAIN, A_RecordId1, ...), so that
 * its users keep their compose file. The secret is not copied: the INI
 * names the variable that holds it (access_key_secret_env).
 */
#ifndef ECHODDNS_IMPORTENV_H
#define ECHODDNS_IMPORTENV_H

#include <stdio.h>

/* Up to this many DDNSn_DOMAIN / A_RecordIdn (the Python read 3). */
#define IMPORTENV_MAX	32

/*
 * Read the variables with getenv and write the INI to out. Every variable
 * that is missing or unusable is named on stderr, in one pass; then nothing
 * is written and EX_CONFIG is returned. Returns 0 when the INI was written,
 * EX_TEMPFAIL when writing to out failed. Nothing is allocated.
 */
int	importenv_write(FILE *out);

#endif
