# tests/fuzz/fuzz.mk - libFuzzer targets, included by the top Makefile.
#
#   make fuzz           build every tests/fuzz/fuzz_*.c and run each for
#                       FUZZ_SECONDS seconds on a scratch copy of its seed
#                       corpus (tests/fuzz/corpus/NAME)
#   make fuzz-short     the same for 10 seconds each (CI)
#   make fuzz-regress   run each target once over its regression inputs
#                       (tests/fixtures/fuzz/NAME) and its seed corpus
#
# The library sources are compiled again here with clang and the
# sanitizers, into tests/tmp/fuzz; gcc's objects are never reused. Any
# crash, leak, sanitizer report or timeout fails make; the input is then
# in tests/tmp/fuzz/artifacts/NAME/ (see tests/fuzz/README).

FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_CFLAGS	?= -O1 -g -fno-omit-frame-pointer
FUZZ_SAN	= -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OUT	= tests/tmp/fuzz
FUZZ_SRCS	= $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS	= $(patsubst tests/fuzz/%.c,$(FUZZ_OUT)/%,$(FUZZ_SRCS))
FUZZ_OBJS	= $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(LIB_SRCS))

$(FUZZ_OUT)/obj/%.o: %.c src/*.h src/providers/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(WARNFLAGS) $(FUZZ_CFLAGS) $(FUZZ_SAN) \
	    -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_OUT)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzzutil.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -Isrc $(WARNFLAGS) $(FUZZ_CFLAGS) \
	    $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(LIBS)

fuzz-build: $(FUZZ_BINS)

# Kept between runs: only what changed is compiled again.
.SECONDARY: $(FUZZ_OBJS)

fuzz: fuzz-build
	@sh tests/fuzz/run.sh fuzz $(FUZZ_SECONDS) $(FUZZ_BINS)

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10

fuzz-regress: fuzz-build
	@sh tests/fuzz/run.sh regress 0 $(FUZZ_BINS)

.PHONY: fuzz fuzz-build fuzz-short fuzz-regress
