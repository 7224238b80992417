/*
 * exitcode.c - merging outcomes of several groups into one exit status.
 */
#include <stddef.h>

#include "exitcode.h"

/* Most severe first: what needs a person before what will pass by itself. */
static const struct {
	int		 code;
	const char	*name;
} order[] = {
	{ EX_SOFTWARE,		"EX_SOFTWARE" },
	{ EX_USAGE,		"EX_USAGE" },
	{ EX_CONFIG,		"EX_CONFIG" },
	{ EX_NOPERM,		"EX_NOPERM" },
	{ EX_DATAERR,		"EX_DATAERR" },
	{ EX_UNAVAILABLE,	"EX_UNAVAILABLE" },
	{ EX_PROTOCOL,		"EX_PROTOCOL" },
	{ EX_NOHOST,		"EX_NOHOST" },
	{ EX_TEMPFAIL,		"EX_TEMPFAIL" },
	{ EXIT_CHANGED,		"changed" },
	{ EXIT_INSYNC,		"in sync" },
};

static size_t
rank(int code)
{
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
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
