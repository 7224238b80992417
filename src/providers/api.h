/*
 * api.h - the API call every HTTP provider shares: attempts with doubling
 * back-off inside the run's deadline, throttling and HTTP 5xx retried,
 * the clock corrected from the server's Date when a request's time is
 * refused, a cap on the reply's size and a JSON parse that notices memory
 * running out. A provider says how to send one attempt (its wire format
 * and signature) and how to read a reply (its error codes); the rest is
 * here, so every provider's failures read the same way.
 */
#ifndef ECHODDNS_API_H
#define ECHODDNS_API_H

#include <stddef.h>

#include <jansson.h>

#include "../http.h"

struct account;

#define API_ATTEMPTS	4		/* per call, the first included */
#define API_REPLY_MAX	(512 * 1024)	/* default cap of a reply parsed */
#define API_SKEW_LIMIT	300		/* seconds of clock error tolerated
					   before -v mentions it */

/* What a provider's session keeps across its calls. Zero it to start. */
struct api_session {
	const char		*label;		/* "Alidns": names the provider
						   in messages about its replies */
	const struct account	*acct;		/* named in messages that say
						   which key to fix */
	char			 last[640];	/* the last failure, for --json */
	long		 clock_offset;	/* server time - local time, once a
					   request's time was refused */
	int		 clock_warned;
	int		 throttled;	/* the last failure was throttling */
	long		 retry_after;	/* its Retry-After, seconds; 0: none */
	unsigned long	 calls;		/* attempts sent, for -vv and tests */
};

/* What a failure tells the operator to fix. */
enum api_cause {
	API_CAUSE_OTHER,
	API_CAUSE_SECRET,	/* the secret was rejected: check key */
	API_CAUSE_KEY_ID,	/* the key ID is unknown or disabled: check key */
	API_CAUSE_PERMISSION	/* the key may not call the action */
};

/* A provider's reading of a failed reply. */
struct api_error {
	char		 code[128];	/* the provider's error code */
	char		 message[512];	/* its message, fit to print (no
					   secret); shown at -vv with a cause */
	int		 status;	/* the exit status when it is final */
	int		 retry;		/* may pass when sent again */
	int		 throttled;	/* the provider throttles us */
	int		 clock;		/* the request's time was refused */
	enum api_cause	 cause;
	const char	*key;		/* the account key to check (static) */
};

struct api_request {
	const char	*subject;	/* names the call in messages */
	const char	*action;	/* the API action, for permission errors */
	size_t		 reply_max;	/* 0: API_REPLY_MAX */
	void		*arg;		/* handed to the two callbacks */

	/*
	 * Build, sign and send one attempt with http_request (a fresh nonce
	 * and timestamp each time); now is the server's time as far as we
	 * know it. Same return and *tls as http_request; a failure to build
	 * is reported by the callee.
	 */
	int	(*send)(void *arg, long clock_offset, struct http_response *res,
		    int *tls);

	/*
	 * Read a reply that parsed as a JSON object (root, borrowed) with
	 * HTTP status http. Returns 0 when it is no error, 1 when it is the
	 * provider's error (err filled), or -1 when out of memory.
	 */
	int	(*classify)(void *arg, long http, json_t *root,
		    struct api_error *err);

	/*
	 * Set instead of classify for an API that answers in text
	 * (dyndns2): read the body (len bytes, NUL-terminated, borrowed)
	 * of a reply with HTTP status http. Returns 0 when it is a success
	 * (the body decides, whatever the status), 1 when it is the
	 * provider's error (err filled), API_TEXT_UNKNOWN when it is no
	 * answer of the provider (retried if the status is 5xx or 429), or
	 * -1 when out of memory. The caller keeps from it what it needs:
	 * api_call then hands back no reply.
	 */
	int	(*classify_text)(void *arg, long http, const char *body,
		    size_t len, struct api_error *err);
};

#define API_TEXT_UNKNOWN	2	/* classify_text: not an answer */

/*
 * Send rq until it succeeds, fails for good, or the deadline (util.h)
 * leaves no room for another attempt. On success returns 0 and *reply
 * holds the parsed JSON object (a new reference; NULL for a text API,
 * whose classify_text kept what it needed). Otherwise returns an
 * EX_* status (exitcode.h): the failure is reported once, in one line
 * (the attempts before it at -v), unless it is a provider's error and err
 * is not NULL: then *err describes it and the caller decides, with
 * api_report if it reports it after all. err->code is empty for every
 * other failure.
 */
int	api_call(struct api_session *s, const struct api_request *rq,
	    json_t **reply, struct api_error *err);

/*
 * Report a provider's error e of the call rq, once, in the words of its
 * cause ("account home (file:5): the provider rejected the secret
 * (SignatureDoesNotMatch); check access_key_secret"), and keep it as the
 * session's last failure.
 */
void	api_report(struct api_session *s, const struct api_request *rq,
	    const struct api_error *e);

/* Keep text (printf) as the session's last failure; for the report. */
void	api_failed(struct api_session *s, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Parse body as JSON, noticing a memory failure that jansson hides as a
 * syntax error or a cut string. Returns 0 with *root (NULL when the body
 * is not JSON), or -1 when out of memory (not reported).
 */
int	api_parse(const char *body, size_t len, json_t **root);

/*
 * After an add refused because the value exists (code: how the provider
 * said so): another writer, or an attempt of this run that went through,
 * was first. rs holds the name's records read again. Returns 0 with *id
 * (the caller frees it) when a record of t's family holds value with ttl,
 * and is enabled unless disabled is 0 (a provider that cannot disable);
 * else EX_TEMPFAIL, said once and kept as s's last failure: the next run's
 * plan deals with the holder.
 */
struct target;
struct recordset;
int	api_added_already(struct api_session *s, const char *subject,
	    const char *code, const struct target *t,
	    const struct recordset *rs, const char *value, long ttl,
	    int disabled, char **id);

/* 1 when code is prefix itself or starts with prefix and a '.'. */
int	api_code_is(const char *code, const char *prefix);

#endif
