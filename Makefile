# echoddns - plain Makefile in the OpenWrt convention: every tool, flag and
# directory below can be overridden from the command line or environment.

VERSION		= 0.1.0

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
MANDIR		?= $(PREFIX)/share/man
SYSCONFDIR	?= /etc
STATEDIR	?= /var/lib/echoddns
DESTDIR		?=

CC		?= cc
PKG_CONFIG	?= pkg-config
CFLAGS		?= -O2 -g
LDFLAGS		?=
WARNFLAGS	?= -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
		   -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter
DEPS		= libcurl jansson inih libcares
# pkg-config is asked when a recipe first needs the flags, once, not
# while make reads this file: `make check` must get as far as
# contrib/deps.sh, which installs what is missing, and `make clean` must
# work without the libraries. A missing module stops the build, named.
deps_missing	= $(eval deps_missing := $(strip $(foreach m,$(DEPS),$(if \
		  $(shell $(PKG_CONFIG) --exists $(m) 2>/dev/null && echo y),,\
		  $(m)))))$(deps_missing)
deps_query	= $(if $(deps_missing),$(error missing library: $(PKG_CONFIG) \
		  finds no $(deps_missing) (Debian: sh contrib/deps.sh build; \
		  else set PKG_CONFIG_PATH)),$(shell $(PKG_CONFIG) $(1) $(DEPS)))
DEPS_CFLAGS	= $(eval DEPS_CFLAGS := $$(call deps_query,--cflags))$(DEPS_CFLAGS)
DEPS_LIBS	= $(eval DEPS_LIBS := $$(call deps_query,--libs))$(DEPS_LIBS)
# Debian's mbedTLS 2.28 ships no .pc file; only its crypto library is used.
MBEDTLS_LIBS	?= -lmbedcrypto
LIBS		= $(DEPS_LIBS) $(MBEDTLS_LIBS) -lpthread

ALL_CPPFLAGS	= -std=c11 -D_DEFAULT_SOURCE -DVERSION='"$(VERSION)"' \
		  -DSYSCONFDIR='"$(SYSCONFDIR)"' -DSTATEDIR='"$(STATEDIR)"' \
		  $(DEPS_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS	= $(WARNFLAGS) $(CFLAGS)

LIB_SRCS	= src/addr.c src/config.c src/exitcode.c src/health.c src/http.c \
		  src/log.c src/plan.c src/provider.c src/resolve.c src/sign.c \
		  src/report.c src/state.c src/sync.c src/util.c \
		  src/file.c src/inifile.c src/secret.c src/notice.c src/hook.c \
		  src/providers/alidns.c src/providers/alidns_sign.c \
		  src/providers/api.c src/providers/dnspod_sign.c \
		  src/providers/huaweicloud_sign.c \
		  src/providers/dnspod.c src/providers/cloudflare.c \
		  src/providers/huaweicloud.c src/providers/dyndns2.c
LIB_SRCS	+= src/importenv.c
LIB_OBJS	= $(LIB_SRCS:.c=.o)
UNIT_TESTS	= $(patsubst %.c,%,$(wildcard tests/unit/test_*.c))
MANPAGES	= man/echoddns.1 man/echoddns.conf.5

all: echoddns

echoddns: src/main.o libechoddns.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ src/main.o libechoddns.a $(LIBS)

libechoddns.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

.c.o:
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB_OBJS) src/main.o: src/*.h src/providers/*.h

tests/unit/test_%: tests/unit/test_%.c tests/unit/testutil.h libechoddns.a
	$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
	    libechoddns.a $(LIBS) -lcmocka

# The failing-allocator test wraps the allocator of our code, and of
# mbedTLS, linked statically for it, with GNU ld's --wrap.
OOM_WRAP	= -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free \
		  -Wl,--wrap=strdup,--wrap=strndup
tests/unit/test_oom: tests/unit/test_oom.c tests/unit/testutil.h libechoddns.a
	$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) $(LDFLAGS) $(OOM_WRAP) -o $@ \
	    $< libechoddns.a $(DEPS_LIBS) -Wl,-Bstatic -lmbedcrypto \
	    -Wl,-Bdynamic -lpthread -lcmocka

# Helper programs of the resolver and state crash tests, built like the
# unit tests so that the sanitizer builds cover them too.
TEST_TOOLS	= tests/resolve/resolve_driver tests/state/state_writer
$(TEST_TOOLS): libechoddns.a
	$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) $(LDFLAGS) -o $@ $@.c \
	    libechoddns.a $(LIBS)
tests/resolve/resolve_driver: tests/resolve/resolve_driver.c
tests/state/state_writer: tests/state/state_writer.c

unit: $(UNIT_TESTS) $(TEST_TOOLS)

check:
	@sh contrib/deps.sh test
	@$(MAKE) --no-print-directory all unit
	@sh tests/run.sh

demo:
	@sh contrib/deps.sh test
	@$(MAKE) --no-print-directory all
	@PROVIDER="$(PROVIDER)" sh tests/demo.sh

deps:
	@sh contrib/deps.sh all

bench:
	@sh contrib/deps.sh test
	@$(MAKE) --no-print-directory all
	@bash tests/bench.sh

lint:
	mandoc -T lint -W warning $(MANPAGES)

# make install: the binary, manual pages, examples and contrib files (the
# cron, systemd and OpenWrt files name the default paths; they are
# rewritten here to the real BINDIR, SYSCONFDIR and STATEDIR), and the
# configuration and state directories, 0700. The manual pages get the real
# paths too. An existing configuration is
# never overwritten; uninstall leaves configuration and state alone.
DOCDIR		?= $(PREFIX)/share/doc/echoddns
SYSTEMDUNITDIR	?= $(PREFIX)/lib/systemd/system
CONTRIB_PATHS	= sed -e 's|/usr/local/bin/echoddns|$(BINDIR)/echoddns|g' \
		      -e 's|/etc/echoddns|$(SYSCONFDIR)/echoddns|g' \
		      -e 's|/var/lib/echoddns|$(STATEDIR)|g'
CONTRIB_DOCS	= contrib/cron/echoddns contrib/cron/README \
		  contrib/openwrt/echoddns.hotplug contrib/openwrt/README \
		  contrib/docker/Dockerfile contrib/docker/entrypoint.sh
SYSTEMD_UNITS	= contrib/systemd/echoddns.service contrib/systemd/echoddns.timer

# The binary has SYSCONFDIR and STATEDIR compiled in: when they change
# (make install SYSCONFDIR=...), the files that use them are rebuilt.
.build-paths: FORCE
	@echo '$(SYSCONFDIR) $(STATEDIR)' | cmp -s - $@ || \
	    echo '$(SYSCONFDIR) $(STATEDIR)' >$@
src/main.o src/config.o: .build-paths
FORCE:

install: echoddns
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DOCDIR)/examples \
	    $(DESTDIR)$(DOCDIR)/contrib $(DESTDIR)$(SYSTEMDUNITDIR)
	install -m 755 echoddns $(DESTDIR)$(BINDIR)/echoddns
	$(CONTRIB_PATHS) man/echoddns.1 >$(DESTDIR)$(MANDIR)/man1/echoddns.1
	$(CONTRIB_PATHS) man/echoddns.conf.5 >$(DESTDIR)$(MANDIR)/man5/echoddns.conf.5
	chmod 644 $(DESTDIR)$(MANDIR)/man1/echoddns.1 \
	    $(DESTDIR)$(MANDIR)/man5/echoddns.conf.5
	install -m 644 README.md COPYING $(DESTDIR)$(DOCDIR)/
	for f in examples/*.ini; do \
		$(CONTRIB_PATHS) $$f >$(DESTDIR)$(DOCDIR)/$$f && \
		chmod 644 $(DESTDIR)$(DOCDIR)/$$f || exit 1; \
	done
	for f in $(CONTRIB_DOCS); do \
		d=$(DESTDIR)$(DOCDIR)/contrib/$$(echo $$f | \
		    sed 's|^contrib/||; s|/|-|'); \
		$(CONTRIB_PATHS) $$f >$$d && chmod 644 $$d || exit 1; \
	done
	for f in $(SYSTEMD_UNITS); do \
		d=$(DESTDIR)$(SYSTEMDUNITDIR)/$$(basename $$f); \
		$(CONTRIB_PATHS) $$f >$$d && chmod 644 $$d || exit 1; \
	done
	install -d -m 700 $(DESTDIR)$(SYSCONFDIR)/echoddns $(DESTDIR)$(STATEDIR)
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/echoddns/echoddns.ini ]; then \
		echo "keeping $(DESTDIR)$(SYSCONFDIR)/echoddns/echoddns.ini"; \
	else \
		echo "installing $(DESTDIR)$(SYSCONFDIR)/echoddns/echoddns.ini"; \
		(umask 077; $(CONTRIB_PATHS) examples/echoddns.ini \
		    >$(DESTDIR)$(SYSCONFDIR)/echoddns/echoddns.ini) || exit 1; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/echoddns $(DESTDIR)$(MANDIR)/man1/echoddns.1 \
	    $(DESTDIR)$(MANDIR)/man5/echoddns.conf.5
	for f in $(SYSTEMD_UNITS); do \
		rm -f $(DESTDIR)$(SYSTEMDUNITDIR)/$$(basename $$f); \
	done
	rm -rf $(DESTDIR)$(DOCDIR)
	@echo "left alone: $(DESTDIR)$(SYSCONFDIR)/echoddns and $(DESTDIR)$(STATEDIR)"

clean:
	rm -f echoddns libechoddns.a src/*.o src/providers/*.o $(UNIT_TESTS) \
	    $(TEST_TOOLS)
	rm -rf tests/tmp

# Router build (DESIGN.md section 7): one fully static binary on musl,
# libcurl on mbedTLS, from Debian's source packages, by
# contrib/static/build.sh into ./echoddns-static. ARCH=aarch64|mipsel
# cross-builds with Debian's cross compilers (./echoddns-static-ARCH);
# CC, CFLAGS, LDFLAGS, HOST, SOURCES=DIR (offline) and MBEDTLS_TRIM=no
# reach the script from the command line or the environment.
# check-static builds them (native and STATIC_ARCHS) and runs the
# end-to-end suites against them, the cross ones under qemu-user; docker
# builds the container image.
# The builds run at a lower priority (NICE); NICE= runs them at yours.
NICE		?= nice
static:
	@sh contrib/deps.sh static
	@$(NICE) sh contrib/static/build.sh

STATIC_ARCHS	?= aarch64 mipsel
static-builds:
	@sh contrib/deps.sh static
	@ARCH= TOOLS=yes $(NICE) sh contrib/static/build.sh
	@for a in $(STATIC_ARCHS); do \
		ARCH=$$a $(NICE) sh contrib/static/build.sh || exit 1; \
	done

check-static: static-builds
	@$(MAKE) --no-print-directory all unit
	@STATIC_ARCHS="$(STATIC_ARCHS)" bash tests/static/run.sh

docker: static
	@sh contrib/docker/build.sh

# The static binaries and the cached libraries and sources of make static.
clean-static:
	rm -rf build echoddns-static echoddns-static-*

# Fuzzing (libFuzzer, clang), sanitizers and valgrind: see tests/fuzz/fuzz.mk
# and tests/sanitize.mk.
-include tests/fuzz/fuzz.mk
include tests/sanitize.mk

.PHONY: all unit check demo deps bench lint install uninstall clean
.PHONY: static static-builds check-static docker clean-static
