/*
 * fuzz_dyndns2.c - libFuzzer target: the dyndns2 answer parser on any
 * bytes, and "server =" read from any string. An answer is a code of the
 * protocol with its exit status, an address only for good and nochg; no
 * answer is DYNDNS2_UNKNOWN (76). A server is 3322, oray, a URL echoddns
 * can use, or refused with a reason.
 */
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "fuzzutil.h"
#include "providers/dyndns2.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_answer(const uint8_t *data, size_t size)
{
	struct dyndns2_answer a;
	int rc, st;

	memset(&a, 0xa5, sizeof(a));
	rc = dyndns2_parse_answer((const char *)data, size, &a);
	st = dyndns2_code_status(a.code);
	if (rc == -1) {
		fuzz_check(a.code == DYNDNS2_UNKNOWN, "no answer: unknown");
		fuzz_check(st == EX_PROTOCOL, "no answer: 76");
		return;
	}
	fuzz_check(rc == 0 && a.code != DYNDNS2_UNKNOWN, "an answer");
	fuzz_check(memchr(a.word, '\0', sizeof(a.word)) != NULL &&
	    a.word[0] != '\0', "word set");
	fuzz_check(st == 0 || st == EX_NOPERM || st == EX_CONFIG ||
	    st == EX_TEMPFAIL, "status of an answer");
	fuzz_check((st == 0) == (a.code == DYNDNS2_GOOD ||
	    a.code == DYNDNS2_NOCHG), "0 only for good and nochg");
	if (st != 0)
		fuzz_check(a.addr.family == 0, "no address with an error");
	else
		fuzz_check(a.addr.family == 0 || a.addr.family == AF_INET ||
		    a.addr.family == AF_INET6, "address family");
}

static void
check_server(const uint8_t *data, size_t size)
{
	const char *url, *why;
	char *s;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	url = dyndns2_server_url(s, &why);
	if (url == NULL)
		fuzz_check(why != NULL && *why != '\0', "refused with a reason");
	else if (url != s)
		fuzz_check(strcmp(s, "3322") == 0 || strcmp(s, "oray") == 0,
		    "a name only for 3322 and oray");
	else
		fuzz_check(why == NULL && (strncmp(s, "https://", 8) == 0 ||
		    strncmp(s, "http://", 7) == 0) && strpbrk(s, "?# ") ==
		    NULL, "a URL without query or blank");
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_answer(data, size);
	check_server(data, size);
	return 0;
}
