/*
 * hook.h - the program given by "hook =" (echoddns.conf(5)), run after a
 * group changed, failed or recovered, with the outcome in its environment
 * (ECHODDNS_GROUP, ECHODDNS_NAME, ECHODDNS_EVENT, ECHODDNS_STATUS,
 * ECHODDNS_ADDRESSES), as uacme's --hook and inadyn's --exec do. It runs
 * with no arguments, standard input from /dev/null and standard output
 * sent to standard error, for at most HOOK_TIME_LIMIT seconds and never
 * past the run's deadline; then it is killed, with everything it started.
 * Its failure is reported, never fatal.
 *
 * Ownership: every pointer is borrowed for the call.
 */
#ifndef ECHODDNS_HOOK_H
#define ECHODDNS_HOOK_H

#include <stddef.h>

#define HOOK_TIME_LIMIT	10	/* seconds */

enum hook_event { HOOK_CHANGED, HOOK_FAILED, HOOK_RECOVERED };

struct hook_call {
	const char	*program;	/* its path */
	const char	*group;
	const char	*name;		/* the HA name */
	enum hook_event	 event;
	int		 status;	/* the group's exit status */
	const char	*addresses;	/* what the name lists, space-separated */
	char *const	*hide;		/* environment variables the hook must
					   not see (secrets), NULL-ended */
};

/*
 * Run the hook and wait for it. Returns 0 when it exited 0, else -1 after
 * one log_err naming the group and the program and saying why.
 */
int	hook_run(const struct hook_call *c);

#endif
