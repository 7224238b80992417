/*
 * config.h - the INI configuration (echoddns.conf(5)) as a validated
 * struct config. Every problem is reported as "file:line: message", all of
 * them in one pass, before config_load gives up.
 */
#ifndef ECHODDNS_CONFIG_H
#define ECHODDNS_CONFIG_H

#include <stddef.h>

#include "addr.h"
#include "plan.h"

struct provider;

enum resolver_kind {
	RESOLVE_SYSTEM,		/* getaddrinfo */
	RESOLVE_API,		/* the source's own record at the provider */
	RESOLVE_DNS		/* ask the listed DNS servers directly */
};

struct account {
	char			*name;
	const struct provider	*provider;
	char			**values;	/* one per provider->keys[i]: the
						   value, or NULL when not set;
						   secrets are wiped on free */
	int			*lines;		/* line of each value, 0 if none */
	char			*endpoint;	/* NULL: the provider's default */
	char			*ca_file;	/* NULL: the system's CA bundle */
	char			*file;		/* where it was defined, for messages */
	int			 file_line;
	char			**secret_vars;	/* the variables its *_env keys
						   name, NULL-ended (a hook
						   must not see them) */
	char			*warning;	/* a value that works but is unsafe
						   (plain http), for check; or NULL */
	int			 warning_line;
};

struct source {
	char		*host;		/* as written, without "@server" */
	struct addr	 literal;	/* family != 0: a literal address, no lookup */
	char		*server;	/* "name@server" override, or NULL */
};

#define CHECK_MAX_PORTS	8

struct group {
	char			*name;
	struct account		*account;	/* borrowed from struct config */
	char			*zone;		/* lower case, no trailing dot; a
						   single-address name without
						   zone = is its own zone */
	char			*zone_id;	/* zone_id = ..., or NULL */
	char			*fqdn;		/* name = ..., lower case */
	char			*rr;		/* fqdn relative to zone, "@" for the apex */
	struct source		*sources;
	size_t			 nsources;
	int			 family;	/* type = A: AF_INET, AAAA: AF_INET6 */
	long			 ttl;		/* 0: keep each record's TTL */
	int			 ttl_line;	/* where ttl = is, for check */
	char			*line;		/* the provider's default line unless
						   set; NULL without lines */
	char			**records;	/* pinned record IDs, or NULL */
	size_t			 nrecords;
	enum resolver_kind	 resolver;
	char			**servers;	/* RESOLVE_DNS: "addr", "addr:port", "[v6]:port" */
	size_t			 nservers;
	int			 allow_private;
	enum spare_policy	 spare;		/* spare = disable | delete | keep */
	long			 resolve_timeout;	/* seconds, default 5 */
	long			 stale_after;		/* seconds, default 3600 */
	unsigned short		 check_ports[CHECK_MAX_PORTS];	/* check = tcp:PORT ... */
	size_t			 ncheck_ports;
	long			 check_timeout;		/* seconds, default 2 */
	long			 fail_after;		/* default 2 */
	long			 recover_after;		/* default 1 */
	long			 min_records;		/* default 1 */
	long			 verify_every;		/* seconds, default 600 */
	int			 failback;	/* single address: back to the
						   preferred line; default 1 */
	char			*hook;		/* hook = PROGRAM, its own or
						   [echoddns]'s; NULL: none */
	char			*file;		/* where it was defined, for messages */
	int			 file_line;
};

struct config {
	char		*path;
	char		*state_dir;	/* default STATE_DIR (/var/lib/echoddns) */
	char		*lock_file;	/* default <state_dir>/echoddns.lock */
	long		 timeout;	/* whole run, seconds; default 40 */
	char		*hook;		/* [echoddns] hook =, or NULL */
	struct account	*accounts;
	size_t		 naccounts;
	struct group	*groups;
	size_t		 ngroups;
};

/*
 * Load and validate path. Returns a new config (free with config_free), or
 * NULL after reporting every problem on stderr; *status is then EX_CONFIG
 * (or EX_SOFTWARE when out of memory).
 */
struct config	*config_load(const char *path, int *status);

/*
 * For check: warn (log_warn, "file:line: ...") about settings that are
 * valid but risky: a TTL below the provider's usual minimum, which a
 * zone's plan may refuse, and what loading an account found to say (a
 * password sent over plain http). Returns the number of warnings.
 */
size_t		 config_lint(const struct config *c);

/* Free c and wipe its secrets; NULL-safe. */
void		 config_free(struct config *c);

/* The group called name, or NULL. */
struct group	*config_group(const struct config *c, const char *name);

/*
 * Why url is no endpoint echoddns can use (https://HOST[:PORT][/PATH], or
 * http://), as a phrase, or NULL when it is one; then *plain is 1 when it
 * is http:// to something other than a loopback address (127.0.0.0/8,
 * [::1]), whose traffic anyone on the path can read.
 */
const char	*config_url_problem(const char *url, int *plain);

/* The value of the provider key called key in a (borrowed), or NULL. */
const char	*account_value(const struct account *a, const char *key);

#endif
