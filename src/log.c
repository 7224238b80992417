/*
 * log.c - stderr or syslog output, gated by verbosity.
 */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static int	level = VERB_NORMAL;
static int	to_syslog;
static int	err_tty;	/* errors also to stderr, a terminal */

void
log_init(int lvl, int use_syslog)
{
	level = lvl;
	to_syslog = use_syslog;
	/* Someone is watching: --syslog must not hide the errors. */
	err_tty = to_syslog && isatty(STDERR_FILENO);
	if (to_syslog)
		openlog("echoddns", LOG_PID, LOG_DAEMON);
}

int
log_level(void)
{
	return level;
}

static void emit(int, int, const char *, const char *, va_list)
    __attribute__((format(printf, 4, 0)));

static void
emit(int min, int prio, const char *prefix, const char *fmt, va_list ap)
{
	va_list aq;

	if (level < min)
		return;
	if (to_syslog) {
		va_copy(aq, ap);
		vsyslog(prio, fmt, aq);
		va_end(aq);
		if (!err_tty || prio > LOG_ERR)
			return;
	}
	fputs("echoddns: ", stderr);
	if (prefix != NULL)
		fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

#define LOG_FN(fn, min, prio, prefix)				\
void								\
fn(const char *fmt, ...)					\
{								\
	va_list ap;						\
	va_start(ap, fmt);					\
	emit(min, prio, prefix, fmt, ap);			\
	va_end(ap);						\
}

LOG_FN(log_err, VERB_QUIET, LOG_ERR, NULL)
LOG_FN(log_warn, VERB_NORMAL, LOG_WARNING, "warning: ")
LOG_FN(log_change, VERB_NORMAL, LOG_NOTICE, NULL)
LOG_FN(log_info, VERB_VERBOSE, LOG_INFO, NULL)
LOG_FN(log_debug, VERB_DEBUG, LOG_DEBUG, NULL)
LOG_FN(log_trace, VERB_TRACE, LOG_DEBUG, NULL)
