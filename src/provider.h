/*
 * provider.h - what every DNS provider implements, and the static table
 * of providers. A provider knows its wire format and nothing of planning.
 */
#ifndef ECHODDNS_PROVIDER_H
#define ECHODDNS_PROVIDER_H

#include <stddef.h>

#include "addr.h"

struct account;

/* One DNS record as the provider holds it. All strings are owned. */
struct record {
	char		*id;		/* provider's record ID (IDs may exceed 2^53) */
	char		*rr;		/* host relative to the zone, lower case, "@" = apex */
	char		*type;		/* "A", "AAAA", ... */
	char		*value;		/* value as the provider returned it */
	struct addr	 addr;		/* parsed value; family 0 if not an address */
	long		 ttl;
	char		*line;		/* resolution line ("default") */
	int		 enabled;
	int		 locked;	/* provider refuses changes to it */
};

struct recordset {
	struct record	*v;
	size_t		 n;
};

/* Append a deep copy of r; 0 on success, -1 out of memory. */
int	recordset_add(struct recordset *rs, const struct record *r);
/* Free every record and the array; NULL-safe, leaves rs empty. */
void	recordset_free(struct recordset *rs);
/* Free the strings of one record; NULL-safe. */
void	record_clear(struct record *r);

struct pctx;	/* one provider session: credentials, endpoint, HTTP handle */

/*
 * Every call returns 0 on success or an EX_* status (exitcode.h) after
 * reporting the failure once, with its subject. Output arguments are owned
 * by the caller and untouched on failure.
 */
struct provider {
	const char	*name;			/* value of "provider =" */
	const char	*id_key;		/* config key of the account ID */
	const char	*secret_key;		/* config key of the secret */
	const char	*default_endpoint;

	/* A new session for account a (borrowed; must outlive it); NULL on failure. */
	struct pctx	*(*open)(const struct account *a);
	void		 (*close)(struct pctx *);	/* NULL-safe */

	/*
	 * Records of type family (AF_INET: A, AF_INET6: AAAA) on line in zone;
	 * rr names one host, or NULL for every host of the zone.
	 */
	int	(*list)(struct pctx *, const char *zone, const char *rr,
		    int family, const char *line, struct recordset *out);
	/* Set r's value (and TTL); r's RR, type and line are kept. */
	int	(*update)(struct pctx *, const char *zone, const struct record *r,
		    const char *value, long ttl);
	/* Add a record; *id receives the new record's ID (caller frees). */
	int	(*add)(struct pctx *, const char *zone, const char *rr,
		    int family, const char *value, long ttl, const char *line,
		    char **id);
	int	(*set_enabled)(struct pctx *, const char *zone,
		    const struct record *r, int enable);
	int	(*remove)(struct pctx *, const char *zone, const struct record *r);
	/* 1 when the session's last failure was the provider throttling us. */
	int	(*throttled)(struct pctx *);
};

/* The provider called name, or NULL. */
const struct provider	*provider_find(const char *name);

/* Comma-separated list of provider names, for messages. */
const char		*provider_names(void);

#endif
