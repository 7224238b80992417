/*
 * provider.h - the provider contract (DESIGN.md sections 3-5): what every
 * DNS provider declares (its model, capabilities and account keys) and
 * implements (its wire format), and the static table of providers. A
 * provider knows its wire format and nothing of planning; the engine
 * (sync.c) plans for the provider's model.
 */
#ifndef ECHODDNS_PROVIDER_H
#define ECHODDNS_PROVIDER_H

#include <stddef.h>

#include "addr.h"

struct account;

/* What a provider's name can hold (DESIGN.md section 4). */
enum provider_model {
	MODEL_RECORDS,		/* one record per address; leftovers disabled */
	MODEL_RECORDS_NO_DISABLE, /* one record per address; leftovers deleted */
	MODEL_RECORDSET,	/* every address in one record set */
	MODEL_SINGLE		/* one address: fail-over, no listing */
};

/* Capabilities (struct provider caps). */
#define PCAP_DISABLE	0x01	/* records can be disabled and enabled */
#define PCAP_LINES	0x02	/* resolution lines: "line =", default_line */
#define PCAP_ZONE_LIST	0x04	/* list a whole zone: resolver = api, and
				   one listing for the groups of a zone */
#define PCAP_ZONE_ID	0x08	/* zones have IDs: "zone_id =", cached */
#define PCAP_PIN	0x10	/* record IDs are stable: "records =" */
#define PCAP_TTL	0x20	/* the TTL can be set: "ttl =" */
#define PCAP_PLAIN_HTTP	0x40	/* its servers may offer no HTTPS: an
				   http:// endpoint is allowed, with a
				   warning */

/* One DNS record as the provider holds it. All strings are owned. */
struct record {
	char		*id;		/* provider's record (or record set) ID;
					   IDs may exceed 2^53 */
	char		*rr;		/* name relative to the zone, lower case,
					   "@" = apex, whatever the wire uses */
	char		*type;		/* "A", "AAAA", ... */
	char		*value;		/* value as the provider returned it */
	struct addr	 addr;		/* parsed value; family 0 if not an address */
	long		 ttl;
	char		*line;		/* resolution line, or NULL */
	int		 enabled;
	int		 locked;	/* provider refuses changes to it */
};

struct recordset {
	struct record	*v;
	size_t		 n;
};

/* Append a deep copy of r; 0 on success, -1 out of memory. */
int	recordset_add(struct recordset *rs, const struct record *r);
/*
 * Append deep copies of every record of src; 0, or -1 out of memory with
 * dst left as it was.
 */
int	recordset_copy(struct recordset *dst, const struct recordset *src);
/* Free every record and the array; NULL-safe, leaves rs empty. */
void	recordset_free(struct recordset *rs);
/* Free the strings of one record; NULL-safe. */
void	record_clear(struct record *r);

/*
 * What a call is about; every pointer borrowed. A listing of the whole
 * zone has fqdn and rr NULL.
 */
struct target {
	const char	*zone;		/* lower case, no trailing dot */
	const char	*zone_id;	/* PCAP_ZONE_ID: the zone's ID if known */
	const char	*fqdn;		/* lower case, no trailing dot */
	const char	*rr;		/* fqdn relative to zone, "@" = apex */
	int		 family;	/* AF_INET (A) or AF_INET6 (AAAA) */
	const char	*line;		/* PCAP_LINES: the line; else NULL */
};

/* An account key of the provider (DESIGN.md section 3). */
struct provider_key {
	const char	*name;		/* as in the provider's console */
	unsigned	 flags;
};
#define PKEY_REQUIRED	0x01	/* the account must set it */
#define PKEY_SECRET	0x02	/* also name_file and name_env; wiped */
#define PKEY_TOKEN	0x04	/* a key ID or secret: no quotes, blanks,
				   '#' or control characters */

/* list() returns this when the listing would take more calls than asked. */
#define PROVIDER_TOO_MANY	1

struct pctx;	/* one provider session: credentials, endpoint, clock */

/*
 * Every call returns 0 on success or an EX_* status (exitcode.h) after
 * reporting the failure once, with its subject. Output arguments are owned
 * by the caller and untouched on failure. Operations a model or a
 * capability does not need are NULL.
 */
struct provider {
	const char		*name;		/* value of "provider =" */
	enum provider_model	 model;
	unsigned		 caps;		/* PCAP_* */
	const char		*default_line;	/* PCAP_LINES */
	const char		*default_endpoint;
	const struct provider_key *keys;	/* ended by a NULL name */
	long			 min_ttl;	/* usual minimum, for check */
	long			 min_interval;	/* seconds between writes of one
						   name, 0: no limit */

	/*
	 * Check the account's own keys beyond their presence (a value out
	 * of a set, say). Returns 0, -1 with a message for the user in err,
	 * or 1 with a warning in err (a value that works but is unsafe,
	 * printed by check); *key then names the key it concerns, or NULL.
	 */
	int	(*configure)(const struct account *a, char *err, size_t len,
		    const char **key);

	/* A new session for account a (borrowed; must outlive it); NULL on failure. */
	struct pctx	*(*open)(const struct account *a);
	void		 (*close)(struct pctx *);	/* NULL-safe */

	/* PCAP_ZONE_ID: the ID of t->zone into *id (new string). */
	int	(*zone_id)(struct pctx *, const struct target *t, char **id);

	/*
	 * The records of t's type (and line) named t->fqdn, or of the whole
	 * zone when t->fqdn is NULL, appended to out, matched exactly. A
	 * record set is listed as one record per value, all with the set's
	 * ID. max_calls > 0: when the first reply shows that reading all
	 * would take more calls than that, stop and return
	 * PROVIDER_TOO_MANY (out untouched).
	 */
	int	(*list)(struct pctx *, const struct target *t, size_t max_calls,
		    struct recordset *out);

	/* MODEL_RECORDS*: set r's value and TTL; its name, type, line stay. */
	int	(*update)(struct pctx *, const struct target *t,
		    const struct record *r, const char *value, long ttl);
	/* MODEL_RECORDS*: add a record; *id receives its ID (caller frees). */
	int	(*add)(struct pctx *, const struct target *t, const char *value,
		    long ttl, char **id);
	/* PCAP_DISABLE */
	int	(*set_enabled)(struct pctx *, const struct target *t,
		    const struct record *r, int enable);
	int	(*remove)(struct pctx *, const struct target *t,
		    const struct record *r);

	/*
	 * MODEL_RECORDSET: make the set t hold exactly values[0..n-1] with
	 * ttl: replace set id, or create it when id is NULL; *new_id then
	 * receives its ID (caller frees).
	 */
	int	(*replace)(struct pctx *, const struct target *t, const char *id,
		    const char *const *values, size_t n, long ttl,
		    char **new_id);

	/* MODEL_SINGLE: point t->fqdn at value. */
	int	(*publish)(struct pctx *, const struct target *t,
		    const char *value);

	/*
	 * After a failure: seconds the provider wants to be left alone (it
	 * throttled us, or blocked us for abuse), else 0. *status receives
	 * the exit status of a run held back by it (EX_TEMPFAIL, EX_NOPERM).
	 */
	long	(*hold_off)(struct pctx *, int *status);

	/*
	 * The session's last failure in a line ("SignatureDoesNotMatch:
	 * ..."), fit to print, for the report; "" when none. Borrowed.
	 */
	const char *(*last_error)(struct pctx *);
};

/* The provider called name, or NULL. */
const struct provider	*provider_find(const char *name);

/* Comma-separated list of provider names, for messages (static buffer). */
const char		*provider_names(void);

/* The key called name in p's table, or NULL. */
const struct provider_key *provider_key(const struct provider *p,
			    const char *name);

/* The model's name for messages ("records", "record set", ...). */
const char		*provider_model_name(enum provider_model m);

#endif
