#!/bin/sh
# build.sh - the router build of echoddns: one fully static binary on musl,
# with libcurl on mbedTLS (TLS included, no OpenSSL), c-ares, jansson and
# inih, all built from Debian's source packages into a private prefix under
# the build tree. Run by `make static`; see README "Static and cross builds".
#
# Environment (all optional):
#   ARCH=aarch64|mipsel  cross build with Debian's cross gcc and Debian's
#                        musl for that architecture (fetched, not installed)
#   CC, AR, RANLIB, STRIP, HOST
#                        any other musl toolchain (an OpenWrt SDK's, say):
#                        CC=mipsel-openwrt-linux-musl-gcc; HOST is the
#                        configure triplet (default: CC -dumpmachine)
#   CFLAGS, LDFLAGS      default -Os with section GC (below)
#   SOURCES=DIR          Debian source packages (.dsc and tarballs, as
#                        `apt-get source --download-only` leaves them) for
#                        an offline build; default: fetched into build/static/dl
#   MBEDTLS_TRIM=no      keep mbedTLS's full default configuration
#   OUT=DIR              build tree (default build/static)
#   BIN=FILE             where the stripped binary goes
#                        (default ./echoddns-static, ./echoddns-static-ARCH)
#   TOOLS=yes            also build the resolver and state test helpers
#   DEBIAN_SUITE, DEBIAN_MIRROR, DEBIAN_SECURITY
#                        where the sources come from (default bookworm, the
#                        mirror of the system's apt sources)
#
# A library in the prefix is rebuilt only when its source package, the
# toolchain, the flags or its recipe here change; otherwise only echoddns
# itself is compiled.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRIPT=$ROOT/contrib/static/build.sh
OUT=${OUT:-$ROOT/build/static}
case "$OUT" in /*) ;; *) OUT=$PWD/$OUT ;; esac
JOBS=${JOBS:-2}
SUITE=${DEBIAN_SUITE:-bookworm}
# libinih's bookworm tarballs have been seen to 404 on mirrors: its next
# Debian version (59, same API and defaults) is taken from here instead.
INIH_FALLBACK_SUITE=${INIH_FALLBACK_SUITE:-trixie}
PACKAGES="mbedtls jansson c-ares curl libinih"
: "${CFLAGS:=-Os -ffunction-sections -fdata-sections}"
: "${LDFLAGS:=-static -Wl,--gc-sections}"
MBEDTLS_TRIM=${MBEDTLS_TRIM:-yes}

say() { echo "static: $*" >&2; }
die() { echo "static: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# A Debian architecture's musl, unpacked from its musl-dev package into the
# build tree, and a wrapper compiler like Debian's own musl-gcc for it.
cross_toolchain() {
	case "$ARCH" in
	aarch64) debarch=arm64 gnu=aarch64-linux-gnu ;;
	mipsel) debarch=mipsel gnu=mipsel-linux-gnu ;;
	*) die "ARCH=$ARCH: known are aarch64 and mipsel (or set CC)" ;;
	esac
	have "$gnu-gcc" || die "$gnu-gcc not found: apt-get install gcc-$gnu"
	sysroot=$OUT/musl-$ARCH
	if [ ! -f "$sysroot/musl-gcc.specs" ]; then
		apt_setup
		mkdir -p "$OUT/dl/$debarch"
		(cd "$OUT/dl/$debarch" && apt_get download "musl-dev:$debarch" \
		    "musl:$debarch") ||
		    die "cannot download musl-dev:$debarch"
		rm -rf "$sysroot.tmp"
		for deb in "$OUT/dl/$debarch"/musl*_"$debarch".deb; do
			dpkg-deb -x "$deb" "$sysroot.tmp"
		done
		lib=$sysroot/usr/lib/$ARCH-linux-musl
		inc=$sysroot/usr/include/$ARCH-linux-musl
		# Debian's specs file, with its paths moved into the tree.
		sed -e "s|/usr/lib/$ARCH-linux-musl|$lib|g" \
		    -e "s|/usr/include/$ARCH-linux-musl|$inc|g" \
		    "$sysroot.tmp/usr/lib/$ARCH-linux-musl/musl-gcc.specs" \
		    >"$sysroot.tmp/musl-gcc.specs"
		rm -rf "$sysroot"
		mv "$sysroot.tmp" "$sysroot"
	fi
	mkdir -p "$sysroot/bin"
	printf '#!/bin/sh\nexec %s "$@" -specs "%s"\n' "$gnu-gcc" \
	    "$sysroot/musl-gcc.specs" >"$sysroot/bin/$ARCH-linux-musl-gcc"
	chmod 755 "$sysroot/bin/$ARCH-linux-musl-gcc"
	CC=$sysroot/bin/$ARCH-linux-musl-gcc
	HOST=${HOST:-$ARCH-linux-musl}
	tools=$gnu-
}

toolchain() {
	tools=
	if [ -n "${ARCH:-}" ]; then
		cross_toolchain
	else
		CC=${CC:-musl-gcc}
		have "${CC%% *}" ||
		    die "$CC not found: apt-get install musl-tools (or set CC)"
		case "${CC%% *}" in
		*-gcc) tools=${CC%% *}; tools=${tools%gcc} ;;
		esac
	fi
	for t in ar ranlib strip; do
		v=$(echo "$t" | tr a-z A-Z)
		eval "cur=\${$v:-}"
		[ -n "$cur" ] && continue
		if [ -n "$tools" ] && have "$tools$t"; then
			eval "$v=$tools$t"
		else
			eval "$v=$t"
		fi
	done
	MACHINE=$($CC -dumpmachine) || die "$CC does not run"
	NAME=${ARCH:-${MACHINE%%-*}}
	HOSTARG=
	[ -n "${HOST:-}" ] && HOSTARG=--host=$HOST
	$CC -x c -o /dev/null - <<-EOF || die "$CC cannot build against musl"
	#include <stdio.h>
	#ifdef __GLIBC__
	#error this is glibc, not musl
	#endif
	int main(void) { return 0; }
	EOF
	export CC AR RANLIB STRIP
}

# A private apt configuration that reads only the deb-src lines below: the
# system's apt sources are neither needed nor changed.
apt_setup() {
	[ -n "${APTDIR:-}" ] && return 0
	APTDIR=$OUT/apt
	have apt-get || die "no apt-get: give the sources with SOURCES=DIR"
	mirror=${DEBIAN_MIRROR:-}
	security=${DEBIAN_SECURITY:-}
	if [ -z "$mirror" ]; then
		mirror=$(cat /etc/apt/sources.list.d/*.sources \
		    /etc/apt/sources.list 2>/dev/null |
		    grep -oE 'https?://[^ ]*/debian/?( |$)' | head -n 1 | tr -d ' ')
		mirror=${mirror:-http://deb.debian.org/debian}
	fi
	if [ -z "$security" ]; then
		security=$(cat /etc/apt/sources.list.d/*.sources \
		    /etc/apt/sources.list 2>/dev/null |
		    grep -oE 'https?://[^ ]*/debian-security/?( |$)' | head -n 1 |
		    tr -d ' ')
		security=${security:-http://deb.debian.org/debian-security}
	fi
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -f "$keyring" ] || die "$keyring missing: apt-get install debian-archive-keyring"
	mkdir -p "$APTDIR/parts" "$APTDIR/lists/partial" \
	    "$APTDIR/cache/archives/partial"
	cat >"$APTDIR/apt.conf" <<-EOF
	Dir::Etc::SourceList "$APTDIR/sources.list";
	Dir::Etc::SourceParts "$APTDIR/parts";
	Dir::State::Lists "$APTDIR/lists";
	Dir::Cache "$APTDIR/cache";
	Dir::State::status "/dev/null";
	APT::Sandbox::User "root";
	APT::Architectures { "$(dpkg --print-architecture)"; "arm64"; "mipsel"; };
	EOF
	[ "$(id -u)" -eq 0 ] || sed -i '/Sandbox/d' "$APTDIR/apt.conf"
	{
		echo "deb [signed-by=$keyring] $mirror $SUITE main"
		echo "deb-src [signed-by=$keyring] $mirror $SUITE main"
		echo "deb-src [signed-by=$keyring] $mirror $SUITE-updates main"
		echo "deb-src [signed-by=$keyring] $security $SUITE-security main"
	} >"$APTDIR/sources.list"
	say "reading Debian's $SUITE source index from $mirror"
	apt_get update >"$APTDIR/update.log" 2>&1 ||
	    { cat "$APTDIR/update.log" >&2; die "apt-get update failed"; }
}

apt_get() {
	APT_CONFIG=$APTDIR/apt.conf apt-get -q "$@"
}

# dsc PACKAGE: the newest .dsc of PACKAGE in $DL, if any.
dsc() {
	ls "$DL/$1"_*.dsc 2>/dev/null | sort -V | tail -n 1
}

fetch() {
	if [ -n "${SOURCES:-}" ]; then
		DL=$(cd "$SOURCES" && pwd)
	else
		DL=$OUT/dl
	fi
	mkdir -p "$DL"
	missing=
	for p in $PACKAGES; do
		d=$(dsc "$p")
		if [ -z "$d" ] || ! complete "$d"; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	[ -z "${SOURCES:-}" ] ||
	    die "$SOURCES lacks the source packages of:$missing"
	apt_setup
	for p in $missing; do
		say "fetching Debian source package $p"
		if (cd "$DL" && apt_get source --download-only "$p" \
		    >"$APTDIR/source-$p.log" 2>&1) && complete "$(dsc "$p")"; then
			continue
		fi
		[ "$p" = libinih ] || { cat "$APTDIR/source-$p.log" >&2;
		    die "cannot fetch the source package $p"; }
		rm -f "$DL"/libinih_*
		say "libinih from $SUITE failed; trying $INIH_FALLBACK_SUITE"
		echo "deb-src [signed-by=$keyring] $mirror $INIH_FALLBACK_SUITE main" \
		    >"$APTDIR/parts/fallback.list"
		apt_get update >>"$APTDIR/update.log" 2>&1 ||
		    die "apt-get update ($INIH_FALLBACK_SUITE) failed"
		(cd "$DL" && apt_get source --download-only \
		    "libinih/$INIH_FALLBACK_SUITE" >"$APTDIR/source-$p.log" 2>&1) &&
		    complete "$(dsc "$p")" ||
		    { cat "$APTDIR/source-$p.log" >&2; die "cannot fetch libinih"; }
	done
}

# complete DSC: every file the .dsc names is there.
complete() {
	[ -f "$1" ] || return 1
	for f in $(sed -n '/^Files:/,/^[^ ]/s/^ [0-9a-f]* [0-9]* //p' "$1"); do
		[ -f "$(dirname "$1")/$f" ] || return 1
	done
}

# The cache key of one library in the prefix: the toolchain and flags, its
# source package, its recipe below (and what it builds on).
step_key() {	# step_key STEP PACKAGE EXTRA
	{
		echo "$CC $AR $RANLIB ${HOST:-} $CFLAGS"
		$CC -v 2>&1 | tail -n 1
		basename "$(dsc "$2")"
		sed -n "/^build_$1() {/,/^}/p" "$SCRIPT"
		echo "${3:-}"
	} | sha256sum | cut -d ' ' -f 1
}

unpack() {	# unpack PACKAGE: into $B/src/PACKAGE, Debian's patches applied
	rm -rf "$B/src/$1"
	dpkg-source -q -x "$(dsc "$1")" "$B/src/$1" >/dev/null 2>"$B/src/$1.log" ||
	    { cat "$B/src/$1.log" >&2; die "cannot unpack $1"; }
}

# What a TLS 1.2 client for today's HTTPS APIs does not need (curl on
# mbedTLS 2.28 speaks TLS 1.2; 1.3 is experimental there). Kept: ECDHE with
# RSA or ECDSA, AES-GCM and ChaCha20-Poly1305, P-256/P-384/P-521/X25519,
# RSA, PEM, file reading (the CA bundle), MD5 and public-key DER (libcurl
# links them), SHA-1 (HMAC-SHA1 signs Alidns v1 requests) and SHA-2, and
# error strings (they name a certificate problem), and the fast paths of
# the NIST curves and of AES-NI (without them a sync over HTTPS takes 2.5
# times the CPU).
MBEDTLS_UNSET="MBEDTLS_SSL_SRV_C MBEDTLS_SSL_PROTO_DTLS MBEDTLS_SSL_DTLS_ANTI_REPLAY
 MBEDTLS_SSL_DTLS_HELLO_VERIFY MBEDTLS_SSL_DTLS_CLIENT_PORT_REUSE
 MBEDTLS_SSL_DTLS_BADMAC_LIMIT MBEDTLS_SSL_DTLS_CONNECTION_ID MBEDTLS_SSL_COOKIE_C
 MBEDTLS_SSL_CACHE_C MBEDTLS_SSL_TICKET_C MBEDTLS_SSL_RENEGOTIATION
 MBEDTLS_SSL_PROTO_TLS1 MBEDTLS_SSL_PROTO_TLS1_1 MBEDTLS_SSL_CBC_RECORD_SPLITTING
 MBEDTLS_SSL_ENCRYPT_THEN_MAC MBEDTLS_SSL_TRUNCATED_HMAC
 MBEDTLS_SSL_CONTEXT_SERIALIZATION MBEDTLS_SSL_ALL_ALERT_MESSAGES
 MBEDTLS_KEY_EXCHANGE_PSK_ENABLED MBEDTLS_KEY_EXCHANGE_DHE_PSK_ENABLED
 MBEDTLS_KEY_EXCHANGE_ECDHE_PSK_ENABLED MBEDTLS_KEY_EXCHANGE_RSA_PSK_ENABLED
 MBEDTLS_KEY_EXCHANGE_RSA_ENABLED MBEDTLS_KEY_EXCHANGE_DHE_RSA_ENABLED
 MBEDTLS_KEY_EXCHANGE_ECDH_ECDSA_ENABLED MBEDTLS_KEY_EXCHANGE_ECDH_RSA_ENABLED
 MBEDTLS_KEY_EXCHANGE_ECJPAKE_ENABLED MBEDTLS_ECJPAKE_C MBEDTLS_DHM_C
 MBEDTLS_CIPHER_MODE_CFB MBEDTLS_CIPHER_MODE_OFB MBEDTLS_CIPHER_MODE_CTR
 MBEDTLS_CIPHER_MODE_XTS MBEDTLS_CIPHER_PADDING_ONE_AND_ZEROS
 MBEDTLS_CIPHER_PADDING_ZEROS_AND_LEN MBEDTLS_CIPHER_PADDING_ZEROS
 MBEDTLS_CAMELLIA_C MBEDTLS_ARIA_C MBEDTLS_DES_C MBEDTLS_BLOWFISH_C MBEDTLS_XTEA_C
 MBEDTLS_ARC4_C MBEDTLS_CCM_C MBEDTLS_NIST_KW_C MBEDTLS_CMAC_C MBEDTLS_HKDF_C
 MBEDTLS_RIPEMD160_C MBEDTLS_PKCS5_C MBEDTLS_PKCS12_C
 MBEDTLS_PK_RSA_ALT_SUPPORT MBEDTLS_X509_CSR_PARSE_C
 MBEDTLS_X509_CSR_WRITE_C MBEDTLS_X509_CRT_WRITE_C MBEDTLS_X509_CREATE_C
 MBEDTLS_X509_CRL_PARSE_C MBEDTLS_X509_RSASSA_PSS_SUPPORT MBEDTLS_PEM_WRITE_C
 MBEDTLS_CERTS_C MBEDTLS_DEBUG_C MBEDTLS_SELF_TEST MBEDTLS_VERSION_FEATURES
 MBEDTLS_PSA_CRYPTO_C MBEDTLS_PSA_CRYPTO_STORAGE_C MBEDTLS_PSA_ITS_FILE_C
 MBEDTLS_ECP_DP_SECP192R1_ENABLED MBEDTLS_ECP_DP_SECP224R1_ENABLED
 MBEDTLS_ECP_DP_SECP192K1_ENABLED MBEDTLS_ECP_DP_SECP224K1_ENABLED
 MBEDTLS_ECP_DP_SECP256K1_ENABLED MBEDTLS_ECP_DP_BP256R1_ENABLED
 MBEDTLS_ECP_DP_BP384R1_ENABLED MBEDTLS_ECP_DP_BP512R1_ENABLED
 MBEDTLS_ECP_DP_CURVE448_ENABLED
 MBEDTLS_GENPRIME MBEDTLS_TIMING_C MBEDTLS_NET_C
 MBEDTLS_PADLOCK_C MBEDTLS_ECDH_LEGACY_CONTEXT"

build_mbedtls() {
	unpack mbedtls
	s=$B/src/mbedtls
	# Debian's own build enables threading: keep it, libcurl and the
	# resolver threads share the RNG.
	python3 "$s/scripts/config.py" -f "$s/include/mbedtls/config.h" \
	    set MBEDTLS_THREADING_C
	python3 "$s/scripts/config.py" -f "$s/include/mbedtls/config.h" \
	    set MBEDTLS_THREADING_PTHREAD
	if [ "$MBEDTLS_TRIM" = yes ]; then
		for o in $MBEDTLS_UNSET; do
			python3 "$s/scripts/config.py" \
			    -f "$s/include/mbedtls/config.h" unset "$o"
		done
	fi
	make -s -j"$JOBS" -C "$s/library" CC="$CC" AR="$AR" CFLAGS="$CFLAGS" \
	    libmbedcrypto.a libmbedx509.a libmbedtls.a >/dev/null
	mkdir -p "$P/lib" "$P/include"
	cp -r "$s/include/mbedtls" "$s/include/psa" "$P/include/"
	cp "$s/library/libmbedcrypto.a" "$s/library/libmbedx509.a" \
	    "$s/library/libmbedtls.a" "$P/lib/"
}

build_jansson() {
	unpack jansson
	s=$B/src/jansson
	cmake -S "$s" -B "$s/b" -DCMAKE_SYSTEM_NAME=Linux \
	    -DCMAKE_C_COMPILER="$CC" -DCMAKE_AR="$(command -v "$AR")" \
	    -DCMAKE_RANLIB="$(command -v "$RANLIB")" \
	    -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_C_FLAGS="$CFLAGS" \
	    -DCMAKE_C_FLAGS_MINSIZEREL=-DNDEBUG -DCMAKE_INSTALL_PREFIX="$P" \
	    -DCMAKE_INSTALL_LIBDIR=lib \
	    -DJANSSON_BUILD_SHARED_LIBS=OFF -DJANSSON_BUILD_DOCS=OFF \
	    -DJANSSON_EXAMPLES=OFF -DJANSSON_WITHOUT_TESTS=ON >"$s.cmake.log" 2>&1 ||
	    { cat "$s.cmake.log" >&2; die "jansson: cmake failed"; }
	make -s -j"$JOBS" -C "$s/b" install >/dev/null
}

build_inih() {
	unpack libinih
	s=$B/src/libinih
	# inih's defaults are Debian's build options (200-byte lines,
	# multi-line values, inline ';' comments, BOM).
	$CC $CFLAGS -c -o "$s/ini.o" "$s/ini.c"
	$AR rcs "$P/lib/libinih.a" "$s/ini.o"
	cp "$s/ini.h" "$P/include/"
	mkdir -p "$P/lib/pkgconfig"
	cat >"$P/lib/pkgconfig/inih.pc" <<-EOF
	Name: inih
	Description: simple .INI file parser (static, echoddns build)
	Version: $(basename "$(dsc libinih)" .dsc | sed 's/^libinih_//')
	Libs: -L$P/lib -linih
	Cflags: -I$P/include
	EOF
}

build_cares() {
	unpack c-ares
	s=$B/src/c-ares
	(cd "$s" && ./configure -q $HOSTARG CC="$CC" AR="$AR" RANLIB="$RANLIB" \
	    CFLAGS="$CFLAGS" --prefix="$P" --libdir="$P/lib" --disable-shared \
	    --enable-static --disable-tests >"$s.configure.log" 2>&1) ||
	    { tail -n 30 "$s.configure.log" >&2; die "c-ares: configure failed"; }
	make -s -j"$JOBS" -C "$s" install >/dev/null
}

build_curl() {
	unpack curl
	s=$B/src/curl
	(cd "$s" && ./configure -q $HOSTARG CC="$CC" AR="$AR" RANLIB="$RANLIB" \
	    CFLAGS="$CFLAGS" CPPFLAGS="-I$P/include" LDFLAGS="-L$P/lib" \
	    --prefix="$P" --libdir="$P/lib" \
	    --disable-shared --enable-static --with-mbedtls="$P" \
	    --enable-ares="$P" --with-ca-bundle=/etc/ssl/certs/ca-certificates.crt \
	    --without-ca-path --disable-ftp --disable-file --disable-ldap \
	    --disable-ldaps --disable-dict --disable-telnet --disable-tftp \
	    --disable-pop3 --disable-imap --disable-smtp --disable-gopher \
	    --disable-rtsp --disable-mqtt --disable-smb --disable-manual \
	    --disable-alt-svc --disable-hsts --disable-ntlm --disable-ntlm-wb \
	    --disable-cookies --disable-netrc --disable-doh --disable-mime \
	    --disable-progress-meter --disable-unix-sockets --disable-websockets \
	    --disable-tls-srp --disable-libcurl-option --without-libpsl \
	    --without-brotli --without-zstd --without-zlib --without-nghttp2 \
	    --without-libidn2 --without-librtmp --without-libssh2 \
	    --without-libssh --without-gssapi >"$s.configure.log" 2>&1) ||
	    { tail -n 30 "$s.configure.log" >&2; die "curl: configure failed"; }
	make -s -j"$JOBS" -C "$s/lib" >/dev/null
	make -s -C "$s/lib" install >/dev/null
	make -s -C "$s/include" install >/dev/null
	make -s -C "$s" install-pkgconfigDATA >/dev/null
}

# echoddns itself: the project's own Makefile, run on a copy of the tree so
# that the static objects never mix with those of `make`.
build_echoddns() {
	t=$B/tree
	# Sources only, never the objects of `make`, and a file is copied
	# (with a new time) only when it differs, so make rebuilds just that.
	(cd "$ROOT" && find Makefile tests/sanitize.mk src tests/resolve \
	    tests/state -type f \( -name Makefile -o -name '*.mk' -o \
	    -name '*.[ch]' \)) | while read -r f; do
		cmp -s "$ROOT/$f" "$t/$f" && continue
		mkdir -p "$t/$(dirname "$f")"
		cp "$ROOT/$f" "$t/$f"
	done
	# Always relinked: the libraries in the prefix may have changed.
	rm -f "$t/echoddns" "$t/tests/resolve/resolve_driver" \
	    "$t/tests/state/state_writer"
	targets=echoddns
	[ "${TOOLS:-no}" = yes ] &&
	    targets="$targets tests/resolve/resolve_driver tests/state/state_writer"
	make -s -j"$JOBS" -C "$t" CC="$CC" AR="$AR" \
	    PKG_CONFIG="env PKG_CONFIG_LIBDIR=$P/lib/pkgconfig pkg-config --static" \
	    CFLAGS="$CFLAGS" LDFLAGS="$LDFLAGS" MBEDTLS_LIBS= $targets
	"$STRIP" -o "$BIN" "$t/echoddns"
	if [ "${TOOLS:-no}" = yes ]; then
		mkdir -p "$B/tools"
		cp "$t/tests/resolve/resolve_driver" "$t/tests/state/state_writer" \
		    "$B/tools/"
	fi
}

toolchain
B=$OUT/$NAME
P=$B/prefix
if [ -z "${BIN:-}" ]; then
	BIN=$ROOT/echoddns-static
	[ -n "${ARCH:-}" ] && BIN=$ROOT/echoddns-static-$ARCH
fi
fetch
mkdir -p "$P/lib" "$P/include" "$B/src"
k_mbedtls=$(step_key mbedtls mbedtls "$MBEDTLS_TRIM $MBEDTLS_UNSET")
k_jansson=$(step_key jansson jansson)
k_inih=$(step_key inih libinih)
k_cares=$(step_key cares c-ares)
k_curl=$(step_key curl curl "$k_mbedtls $k_cares")
for step in mbedtls jansson inih cares curl; do
	eval "key=\$k_$step"
	if [ "$(cat "$P/.stamp-$step" 2>/dev/null)" = "$key" ]; then
		continue
	fi
	t0=$(date +%s)
	rm -f "$P/.stamp-$step"
	"build_$step"
	echo "$key" >"$P/.stamp-$step"
	say "$step built for $NAME in $(($(date +%s) - t0)) s"
done
build_echoddns
say "$BIN: $(wc -c <"$BIN") bytes, static, musl, $NAME"
