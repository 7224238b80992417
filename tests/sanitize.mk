# sanitize.mk - the whole suite under AddressSanitizer and
# UndefinedBehaviorSanitizer, and under valgrind. Included by the Makefile.

SAN_FLAGS	= -O1 -g -fno-omit-frame-pointer \
		  -fsanitize=address,undefined -fno-sanitize-recover=all
VALGRIND	?= valgrind --quiet --error-exitcode=99 --leak-check=full \
		   --errors-for-leak-kinds=definite,indirect \
		   --show-leak-kinds=definite,indirect --track-fds=no

# A sanitizer finding makes the binary exit with a status no test expects.
# The flags go to the suites too: a test that builds (test_install) links
# against the sanitized library.
check-asan:
	@sh contrib/deps.sh test
	@$(MAKE) --no-print-directory clean
	@$(MAKE) --no-print-directory CFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" all unit
	@VALGRIND=0 ASAN_OPTIONS=detect_leaks=1:exitcode=98 \
	    CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    sh tests/run.sh; rc=$$?; $(MAKE) --no-print-directory clean; \
	    exit $$rc

check-valgrind:
	@sh contrib/deps.sh test
	@$(MAKE) --no-print-directory all unit
	@ECHODDNS_VALGRIND="$(VALGRIND)" sh tests/run.sh

.PHONY: check-asan check-valgrind
