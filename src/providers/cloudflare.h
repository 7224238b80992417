/*
 * cloudflare.h - Cloudflare API v4 internals exposed for unit tests and
 * fuzzing: building a request's URL and body, and reading its replies.
 * The provider itself is reached through provider.h. Strings returned are
 * new, owned by the caller; nothing here reports, the caller does.
 */
#ifndef ECHODDNS_CLOUDFLARE_H
#define ECHODDNS_CLOUDFLARE_H

#include <stddef.h>

#include "../provider.h"
#include "../sign.h"

/*
 * endpoint + "/zones" [+ "/" zone_id + "/dns_records" [+ "/" record_id]]
 * [+ "?" query], every ID and parameter percent-encoded, the parameters
 * sorted by name. endpoint has no trailing '/'. NULL when out of memory.
 */
char	*cloudflare_url(const char *endpoint, const char *zone_id,
	    const char *record_id, const struct kv *query, size_t nquery);

/*
 * The JSON body of a record write: with create, a new record
 * {"content", "name", "proxied": false, "ttl", "type"}; without, a PATCH
 * that sets only "content" and "ttl" (proxied stays as it is). NULL when
 * out of memory.
 */
char	*cloudflare_record_body(const char *type, const char *name,
	    const char *value, long ttl, int create);

/*
 * Parse a record listing (GET /zones/:id/dns_records) and append its
 * records to out, each name made relative to zone ("@" for the apex).
 * *pages receives result_info.total_pages (0 for an empty listing).
 * Returns 0; EX_DATAERR when a record's name is not inside zone (the zone
 * ID is another zone's); EX_PROTOCOL when the body is no successful
 * listing; EX_SOFTWARE when out of memory. Nothing is appended unless 0.
 */
int	cloudflare_parse_records(const char *body, size_t len, const char *zone,
	    struct recordset *out, long long *pages);

/*
 * The ID of the zone called zone in a zone listing (GET /zones?name=),
 * matched exactly, an active one preferred, into *id (new string).
 * Returns 0; EX_DATAERR when no zone or several inactive ones have that
 * name; EX_PROTOCOL, EX_SOFTWARE as above.
 */
int	cloudflare_parse_zone(const char *body, size_t len, const char *zone,
	    char **id);

/* What a failed reply said: its first error, the others appended. */
struct cloudflare_error {
	long long	 code;		/* errors[0].code; 0 when none */
	char		*message;	/* its message and error_chain */
};

/*
 * Parse a reply's envelope: 1 when "success" is false (err filled; free
 * with cloudflare_error_clear), 0 when it is true, -1 when the body is no
 * envelope or memory ran out.
 */
int	cloudflare_parse_error(const char *body, size_t len,
	    struct cloudflare_error *err);
void	cloudflare_error_clear(struct cloudflare_error *err);

/* 1 when a failure with this HTTP status and code may pass if sent again. */
int	cloudflare_retryable(long http, long long code);

/* The exit status (exitcode.h) of a failure with this status and code. */
int	cloudflare_status(long http, long long code);

#endif
