/*
 * dyndns2.h - the dyndns2 update protocol (3322.org, Oray, and any
 * dyndns2 server: shared/reference/providers.md section 4) internals
 * exposed for unit tests and fuzzing: reading an answer, the statuses of
 * its codes, and building a request. The provider itself is reached
 * through provider.h. Strings returned are new, owned by the caller.
 */
#ifndef ECHODDNS_DYNDNS2_H
#define ECHODDNS_DYNDNS2_H

#include <stddef.h>

#include "../addr.h"

/* What a dyndns2 server answers: the first word of its reply. */
enum dyndns2_code {
	DYNDNS2_GOOD,		/* changed */
	DYNDNS2_NOCHG,		/* already so (sent too often, it is abuse) */
	DYNDNS2_BADAUTH,	/* user name or password rejected */
	DYNDNS2_ABUSE,		/* host blocked: too many updates */
	DYNDNS2_NOTYOURS,	/* !yours: the host is another account's */
	DYNDNS2_NOHOST,		/* no such host in the account */
	DYNDNS2_NOTFQDN,	/* not a full host name */
	DYNDNS2_NUMHOST,	/* too many or too few hosts */
	DYNDNS2_DONATOR,	/* !donator: for paying accounts only */
	DYNDNS2_NOTACTIVE,	/* !active: the host is not activated */
	DYNDNS2_BADAGENT,	/* this client (User-Agent) is blocked */
	DYNDNS2_DNSERR,		/* the server's DNS failed */
	DYNDNS2_911,		/* the server is down or in maintenance */
	DYNDNS2_INTERROR,	/* 3322's internal error */
	DYNDNS2_UNKNOWN		/* no answer of the protocol */
};

struct dyndns2_answer {
	enum dyndns2_code code;
	char		 word[16];	/* the code as written (printable) */
	struct addr	 addr;		/* good, nochg: the address the server
					   says the host holds; family 0 if
					   it gave none */
};

/*
 * Read the first line of a reply (len bytes of body, which need not end
 * in NUL) into *a. Returns 0 when it is an answer of the protocol, or -1
 * when it is not (a->code is then DYNDNS2_UNKNOWN). Allocates nothing.
 */
int	dyndns2_parse_answer(const char *body, size_t len,
	    struct dyndns2_answer *a);

/* The exit status (exitcode.h) of an answer: 0 for good and nochg. */
int	dyndns2_code_status(enum dyndns2_code code);

/*
 * The update URL that "server =" names: a borrowed static string for
 * "3322" and "oray", server itself when it is a URL, or NULL when it is
 * neither (*why then says why, a static phrase).
 */
const char *dyndns2_server_url(const char *server, const char **why);

/*
 * The GET URL that points host at value through the update URL url (which
 * has no query): url?hostname=host&myip=value. NULL when out of memory
 * (reported).
 */
char	*dyndns2_update_url(const char *url, const char *host,
	    const char *value);

/*
 * "Authorization: Basic base64(user:password)": a secret; wipe it with
 * secret_free. NULL when out of memory (reported).
 */
char	*dyndns2_basic_auth(const char *user, const char *password);

#endif
