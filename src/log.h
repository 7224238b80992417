/*
 * log.h - messages to stderr or syslog, gated by verbosity. Errors are
 * reported once, where they happen, with their subject first
 * ("file:line: ...", "https://host/: ...", "group home: ...").
 */
#ifndef ECHODDNS_LOG_H
#define ECHODDNS_LOG_H

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
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
