/*
 * http.h - the only door to libcurl: one request, one response, bounded by
 * the run's deadline and a body cap. TLS peers are always verified.
 */
#ifndef ECHODDNS_HTTP_H
#define ECHODDNS_HTTP_H

#include <stddef.h>
#include <time.h>

#define HTTP_BODY_MAX	(4 * 1024 * 1024)	/* larger replies are refused */
#define HTTP_TIMEOUT_MS	15000			/* one request, at most */

struct http_response {
	long	 status;	/* HTTP status code */
	char	*body;		/* NUL-terminated; owned */
	size_t	 len;
	time_t	 date;		/* the server's Date header, 0 if none */
	long	 retry_after;	/* its Retry-After in seconds, 0 if none */
	char	 error[256];	/* why the request failed */
};

/*
 * Once per process, before any thread; 0, or EX_SOFTWARE reported. Every
 * request until http_cleanup shares one connection cache (keep-alive).
 */
int	http_init(void);
void	http_cleanup(void);

/*
 * Send one request. headers: NULL-terminated "Name: value" lines, or NULL.
 * body may be NULL (no body). ca_file NULL = the system's bundle.
 * Returns 0 when a whole response arrived (any status), else EX_TEMPFAIL
 * (network, timeout, TLS), EX_PROTOCOL (body too large) or EX_SOFTWARE
 * (out of memory), with res->error saying why. Nothing is reported: the
 * caller does, once, with its subject. *tls_identity is set to 1 when the
 * failure was a certificate problem (not worth retrying). res is owned by
 * the caller.
 */
int	http_request(const char *method, const char *url,
	    const char *const *headers, const char *body, size_t body_len,
	    const char *ca_file, struct http_response *res,
	    int *tls_identity);

/* Free res's body; NULL-safe. */
void	http_response_free(struct http_response *res);

#endif
