/*
 * fuzz_config.c - libFuzzer target: config_load on any bytes. The input is
 * the config file (mode 0600) in a private directory; whatever loads must
 * be a config the rest of echoddns can use without checking again.
 */
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "exitcode.h"
#include "fuzzutil.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	conf_path[PATH_MAX];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup("echoddns.conf");
	snprintf(conf_path, sizeof(conf_path), "%s/echoddns.conf", fuzz_dir);
	return 0;
}

/* What config.h promises of a loaded group. */
static void
check_group(const struct config *c, const struct group *g)
{
	size_t zlen, flen;

	fuzz_check(g->name != NULL && g->account != NULL &&
	    g->account >= c->accounts &&
	    g->account < c->accounts + c->naccounts, "group account");
	fuzz_check(config_group(c, g->name) == g, "config_group finds it");
	fuzz_check(g->zone != NULL && g->fqdn != NULL && g->rr != NULL &&
	    g->line != NULL, "group names set");
	fuzz_check(g->family == AF_INET || g->family == AF_INET6,
	    "group family");
	fuzz_check(g->nsources > 0 && g->sources != NULL, "group sources");
	fuzz_check(g->ncheck_ports <= CHECK_MAX_PORTS, "check ports");
	fuzz_check(g->ttl >= 0 && g->min_records >= 0, "ttl, min_records");

	/* rr is fqdn relative to zone: "@", or fqdn = rr "." zone. */
	zlen = strlen(g->zone);
	flen = strlen(g->fqdn);
	if (strcmp(g->rr, "@") == 0)
		fuzz_check(strcmp(g->fqdn, g->zone) == 0, "apex rr");
	else
		fuzz_check(flen == strlen(g->rr) + 1 + zlen &&
		    strncmp(g->fqdn, g->rr, strlen(g->rr)) == 0 &&
		    g->fqdn[strlen(g->rr)] == '.' &&
		    strcmp(g->fqdn + flen - zlen, g->zone) == 0,
		    "rr inside zone");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c;
	size_t i;
	int status = -1;

	fuzz_write_file(conf_path, data, size);
	fuzz_quiet();
	c = config_load(conf_path, &status);
	fuzz_loud();

	if (c == NULL) {
		/* Nothing runs out of memory here. */
		fuzz_check(status == EX_CONFIG, "status on failure");
		return 0;
	}
	fuzz_check(status == 0, "status on success");
	fuzz_check(c->ngroups > 0, "at least one group");
	fuzz_check(c->path != NULL && c->state_dir != NULL &&
	    c->lock_file != NULL, "paths set");
	for (i = 0; i < c->naccounts; i++)
		fuzz_check(c->accounts[i].name != NULL &&
		    c->accounts[i].provider != NULL &&
		    account_value(&c->accounts[i], "access_key_id") != NULL &&
		    account_value(&c->accounts[i], "access_key_secret") != NULL &&
		    *account_value(&c->accounts[i], "access_key_secret") !=
		    '\0', "account complete");
	for (i = 0; i < c->ngroups; i++)
		check_group(c, &c->groups[i]);
	config_free(c);
	return 0;
}
