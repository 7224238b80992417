/*
 * notice.c - when a group's failure is news, and the line that says so.
 */
#include <stdio.h>
#include <time.h>

#include "exitcode.h"
#include "notice.h"

static int
failing(int status)
{
	return status != EXIT_CHANGED && status != EXIT_INSYNC;
}

enum notice_kind
notice_next(const struct failure *was, int status, time_t now,
    struct failure *next)
{
	next->since = next->reported = 0;
	next->status = 0;
	if (!failing(status))
		return was->since != 0 ? NOTICE_RECOVERED : NOTICE_NONE;
	*next = *was;
	/* A new failure, or one that got worse, is news at once; one that
	   eased or changed its cause within the same severity is not. */
	if (was->since == 0 || exit_merge(was->status, status) != was->status) {
		if (was->since == 0)
			next->since = now;
		next->reported = now;
		next->status = status;
		return NOTICE_STARTED;
	}
	if (was->reported > now || now - was->reported >= NOTICE_EVERY) {
		next->reported = now;
		return NOTICE_AGAIN;
	}
	return NOTICE_HELD;
}

/* "2 h 5 min", "3 min", "40 s". */
static const char *
span(long long s, char *buf, size_t len)
{
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(buf, len, "%lld s", s);
	else if (s < 3600)
		snprintf(buf, len, "%lld min", s / 60);
	else if (s % 3600 < 60)
		snprintf(buf, len, "%lld h", s / 3600);
	else
		snprintf(buf, len, "%lld h %lld min", s / 3600, s % 3600 / 60);
	return buf;
}

/* The local time t as "2026-11-22 10:03". */
static const char *
when(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, len, "%lld", (long long)t);
	return buf;
}

const char *
notice_text(enum notice_kind kind, const struct failure *f, time_t now,
    char *buf, size_t len)
{
	char d[32], t[32];

	switch (kind) {
	case NOTICE_STARTED:
		snprintf(buf, len, "failing (%d: %s); said again at most hourly"
		    " while it lasts, and when it ends", f->status,
		    exit_meaning(f->status));
		break;
	case NOTICE_AGAIN:
		snprintf(buf, len, "still failing, for %s since %s (%d: %s)",
		    span((long long)(now - f->since), d, sizeof(d)),
		    when(f->since, t, sizeof(t)), f->status,
		    exit_meaning(f->status));
		break;
	case NOTICE_RECOVERED:
		snprintf(buf, len, "recovered, after failing for %s since %s"
		    " (%d: %s)", span((long long)(now - f->since), d,
		    sizeof(d)), when(f->since, t, sizeof(t)), f->status,
		    exit_meaning(f->status));
		break;
	default:
		buf[0] = '\0';
	}
	return buf;
}
