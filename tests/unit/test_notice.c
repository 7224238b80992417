/*
 * test_notice.c - when a group's failure is news (notice.h), as a table of
 * runs: each row is one run's status at a time, and what it must say and
 * keep; and the lines that say it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "notice.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct step {
	time_t			 now;
	int			 status;
	enum notice_kind	 want;
	time_t			 since;		/* kept afterwards */
	time_t			 reported;
	int			 kept_status;
};

static void
run_steps(const struct step *v, size_t n)
{
	struct failure f = { 0, 0, 0 }, next;
	size_t i;

	for (i = 0; i < n; i++) {
		if (notice_next(&f, v[i].status, v[i].now, &next) !=
		    v[i].want)
			fail_msg("step %zu: notice %d, wanted %d", i,
			    (int)notice_next(&f, v[i].status, v[i].now, &next),
			    (int)v[i].want);
		assert_int_equal(next.since, v[i].since);
		assert_int_equal(next.reported, v[i].reported);
		assert_int_equal(next.status, v[i].kept_status);
		f = next;
	}
}

/* A dead source: said at 1000, again an hour later, and when it ends. */
static void
test_lasting(void **state)
{
	static const struct step v[] = {
		{ 940, EXIT_INSYNC, NOTICE_NONE, 0, 0, 0 },
		{ 1000, EX_NOHOST, NOTICE_STARTED, 1000, 1000, EX_NOHOST },
		{ 1060, EX_NOHOST, NOTICE_HELD, 1000, 1000, EX_NOHOST },
		{ 4540, EX_NOHOST, NOTICE_HELD, 1000, 1000, EX_NOHOST },
		{ 4600, EX_NOHOST, NOTICE_AGAIN, 1000, 4600, EX_NOHOST },
		{ 4660, EXIT_CHANGED, NOTICE_RECOVERED, 0, 0, 0 },
		{ 4720, EXIT_INSYNC, NOTICE_NONE, 0, 0, 0 },
	};

	(void)state;
	run_steps(v, NELEM(v));
}

/*
 * Worse is news at once (the start stays); milder or as severe is not,
 * and the worst status is kept, so that flapping between two causes does
 * not mail every other minute.
 */
static void
test_severity(void **state)
{
	static const struct step v[] = {
		{ 100, EX_TEMPFAIL, NOTICE_STARTED, 100, 100, EX_TEMPFAIL },
		{ 160, EX_NOHOST, NOTICE_STARTED, 100, 160, EX_NOHOST },
		{ 220, EX_TEMPFAIL, NOTICE_HELD, 100, 160, EX_NOHOST },
		{ 280, EX_NOHOST, NOTICE_HELD, 100, 160, EX_NOHOST },
		{ 340, EX_NOPERM, NOTICE_STARTED, 100, 340, EX_NOPERM },
		{ 400, EXIT_INSYNC, NOTICE_RECOVERED, 0, 0, 0 },
	};

	(void)state;
	run_steps(v, NELEM(v));
}

/* A clock that went back never keeps a failure quiet. */
static void
test_clock_back(void **state)
{
	static const struct step v[] = {
		{ 5000, EX_TEMPFAIL, NOTICE_STARTED, 5000, 5000, EX_TEMPFAIL },
		{ 4000, EX_TEMPFAIL, NOTICE_AGAIN, 5000, 4000, EX_TEMPFAIL },
		{ 4060, EX_TEMPFAIL, NOTICE_HELD, 5000, 4000, EX_TEMPFAIL },
	};

	(void)state;
	run_steps(v, NELEM(v));
}

static void
test_text(void **state)
{
	struct failure f = { 1000, 1000, EX_NOHOST };
	char buf[256];

	(void)state;
	assert_string_equal(notice_text(NOTICE_STARTED, &f, 1000, buf,
	    sizeof(buf)), "failing (68: a source could not be resolved); said"
	    " again at most hourly while it lasts, and when it ends");
	assert_non_null(strstr(notice_text(NOTICE_AGAIN, &f, 1000 + 3600 +
	    5 * 60, buf, sizeof(buf)), "still failing, for 1 h 5 min since "));
	assert_non_null(strstr(notice_text(NOTICE_RECOVERED, &f, 1000 + 50 *
	    60, buf, sizeof(buf)), "recovered, after failing for 50 min since"));
	assert_non_null(strstr(buf, "(68: a source could not be resolved)"));
	assert_string_equal(notice_text(NOTICE_HELD, &f, 1060, buf,
	    sizeof(buf)), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lasting),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_clock_back),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
