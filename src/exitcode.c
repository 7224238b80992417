/*
 * exitcode.c - merging outcomes of several groups into one exit status.
 */
#include <stddef.h>

#include "exitcode.h"

/* Most severe first: what needs a person before what will pass by itself. */
static const struct {
	int		 code;
	const char	*name;
	const char	*meaning;	/* as echoddns(1) says it */
} order[] = {
	{ EX_SOFTWARE,		"EX_SOFTWARE",	"internal error" },
	{ EX_USAGE,		"EX_USAGE",	"usage error" },
	{ EX_CONFIG,		"EX_CONFIG",
	    "configuration missing, unreadable, insecure or invalid" },
	{ EX_NOPERM,		"EX_NOPERM",
	    "credentials rejected or permission denied" },
	{ EX_DATAERR,		"EX_DATAERR",
	    "the provider's data contradicts the configuration" },
	{ EX_UNAVAILABLE,	"EX_UNAVAILABLE",
	    "the provider refused; retrying will not help" },
	{ EX_PROTOCOL,		"EX_PROTOCOL",
	    "the provider's reply could not be understood" },
	{ EX_NOHOST,		"EX_NOHOST",
	    "a source could not be resolved" },
	{ EX_TEMPFAIL,		"EX_TEMPFAIL",
	    "temporary failure (network, timeout, throttling, lock held)" },
	{ EXIT_CHANGED,		"changed",	"records were changed" },
	{ EXIT_INSYNC,		"in sync",	"in sync; nothing was written" },
};
#define NCODES	(sizeof(order) / sizeof(order[0]))

static size_t
rank(int code)
{
	size_t i;

	for (i = 0; i < NCODES; i++)
		if (order[i].code == code)
			return i;
	return 0;	/* unknown codes are treated as internal errors */
}

int
exit_merge(int a, int b)
{
	return rank(a) <= rank(b) ? a : b;
}

const char *
exit_name(int status)
{
	size_t i = rank(status);

	return order[i].code == status ? order[i].name : "EX_SOFTWARE";
}

const char *
exit_meaning(int status)
{
	return order[rank(status)].meaning;
}

int
exit_code_next(int after)
{
	size_t i;
	int next = -1;

	for (i = 0; i < NCODES; i++)
		if (order[i].code > after && (next == -1 ||
		    order[i].code < next))
			next = order[i].code;
	return next;
}
