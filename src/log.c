/*
 * log.c - stderr or syslog output, gated by verbosity; under -q, messages
 * about groups held back until the run knows which are news.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

/* One message held back (log_hold). */
struct held {
	int		 tag;
	int		 prio;
	const char	*prefix;	/* static, or NULL */
	char		*text;
};

static int		 level = VERB_NORMAL;
static int		 to_syslog;
static int		 err_tty;	/* errors also to stderr, a terminal */
static int		 holding;
static int		 about = -1;
static struct held	*held;
static size_t		 nheld;

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

/* Print one held message where it belongs, as emit would have. */
static void
put(const struct held *h)
{
	if (to_syslog) {
		syslog(h->prio, "%s", h->text);
		if (!err_tty || h->prio > LOG_ERR)
			return;
	}
	fprintf(stderr, "echoddns: %s%s\n", h->prefix != NULL ? h->prefix :
	    "", h->text);
}

/* Keep a message about the current group; 0, or -1 (then print it). */
static int
hold(int prio, const char *prefix, const char *fmt, va_list ap)
{
	struct held *h;
	char *text;
	int n;
	va_list aq;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || (text = malloc((size_t)n + 1)) == NULL)
		return -1;
	if ((h = realloc(held, (nheld + 1) * sizeof(*h))) == NULL) {
		free(text);
		return -1;
	}
	held = h;
	va_copy(aq, ap);
	vsnprintf(text, (size_t)n + 1, fmt, aq);
	va_end(aq);
	held[nheld].tag = about;
	held[nheld].prio = prio;
	held[nheld].prefix = prefix;
	held[nheld++].text = text;
	return 0;
}

static void emit(int, int, const char *, const char *, va_list)
    __attribute__((format(printf, 4, 0)));

static void
emit(int min, int prio, const char *prefix, const char *fmt, va_list ap)
{
	va_list aq;

	/* Errors and warnings about a group wait for their verdict. */
	if (holding && about >= 0 && min <= VERB_NORMAL &&
	    prio <= LOG_WARNING && hold(prio, prefix, fmt, ap) == 0)
		return;
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
LOG_FN(log_notice, VERB_QUIET, LOG_NOTICE, NULL)
LOG_FN(log_info, VERB_VERBOSE, LOG_INFO, NULL)
LOG_FN(log_debug, VERB_DEBUG, LOG_DEBUG, NULL)
LOG_FN(log_trace, VERB_TRACE, LOG_DEBUG, NULL)

void
log_hold(void)
{
	holding = level == VERB_QUIET;
}

void
log_about(int tag)
{
	about = tag;
}

void
log_release(const unsigned char *show, size_t n)
{
	size_t i;

	for (i = 0; i < nheld; i++) {
		if (show == NULL || (held[i].tag >= 0 &&
		    (size_t)held[i].tag < n && show[held[i].tag]))
			put(&held[i]);
		free(held[i].text);
	}
	free(held);
	held = NULL;
	nheld = 0;
	holding = 0;
	about = -1;
}
