/*
 * log.h - messages to stderr or syslog, gated by verbosity. Errors are
 * reported once, where they happen, with their subject first
 * ("file:line: ...", "https://host/: ...", "group home: ...").
 *
 * Under -q a sync may hold back what it says about each group until it
 * knows whether that is news (notice.h): log_hold, log_about, log_release.
 */
#ifndef ECHODDNS_LOG_H
#define ECHODDNS_LOG_H

#include <stddef.h>

enum log_level {
	VERB_QUIET = -1,		/* -q: errors only */
	VERB_NORMAL = 0,		/* errors, warnings, one line per change */
	VERB_VERBOSE = 1,	/* -v: what was decided and why */
	VERB_DEBUG = 2,		/* -vv: every request and reply status */
	VERB_TRACE = 3		/* -vvv: HTTP headers (secrets redacted) */
};

/* Choose verbosity and destination (syslog when use_syslog). */
void	log_init(int level, int use_syslog);
int	log_level(void);

void	log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_change(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An event worth a line even under -q (a failure that ended). */
void	log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Under -q only (else nothing happens): from now on, errors and warnings
 * about a group (log_about) are kept, not printed, until log_release.
 * Messages about no group are printed as usual.
 */
void	log_hold(void);

/* What the messages from now on are about: group tag >= 0, or -1: none. */
void	log_about(int tag);

/*
 * Print the kept messages of every tag t < n with show[t] set (show NULL:
 * every message), in the order they came, and drop the others; then stop
 * holding.
 */
void	log_release(const unsigned char *show, size_t n);

#endif
