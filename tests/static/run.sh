#!/bin/bash
# run.sh - `make check-static`: the router builds of `make static` under
# test. Every end-to-end suite and the scenario table of every provider run
# against ./echoddns-static, the resolver suite with its driver built on
# musl, the container image with it; each cross-built
# ./echoddns-static-ARCH (STATIC_ARCHS) runs the Alidns suites and
# scenarios under qemu-user. Ends with one "N passed, N failed" line.
set -u
cd "$(dirname "$0")/../.." || exit 70
ROOT=$PWD
mkdir -p tests/tmp
log=tests/tmp/static-suite.log
pass=0
fail=0

# suite NAME COMMAND...: run one suite, show its output, count it.
suite() {
	local name=$1 rc line p f
	shift
	echo "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -oE '(^|[^0-9])[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(echo "$line" | sed -n 's/^[^0-9]*\([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	p=${p:-0} f=${f:-0}
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	[ "$p" -eq 0 ] && [ "$f" -eq 0 ] && f=1
	echo "== $name: $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
}

# is_static FILE: an executable with no program interpreter.
is_static() {
	[ -x "$1" ] && ! LC_ALL=C readelf -l "$1" 2>/dev/null |
	    grep -q 'program interpreter'
}

bin=$ROOT/echoddns-static
machine=$(uname -m)
suite "static: the binary" sh -c '
	p=0 f=0
	t() { if "$@"; then p=$((p + 1)); echo "ok - $d"; else
	    f=$((f + 1)); echo "not ok - $d"; fi; }
	d="fully static, no program interpreter"; t sh -c "! readelf -l \"$1\" | grep -q interpreter"
	d="no OpenSSL in it"; t sh -c "! grep -qai openssl \"$1\""
	d="libcurl on mbedTLS"; t grep -qa "mbedTLS/%u" "$1"
	d="runs: --version"; t sh -c "\"$1\" --version | grep -q \"^echoddns \""
	echo "$p passed, $f failed"' sh "$bin"

# Every end-to-end suite and the scenario table of every provider, as
# make check runs them (in parallel, the timed ones alone), against the
# static binary; the resolver suite with its driver built on musl.
tools=build/static/$machine/tools
if [ -x "$tools/resolve_driver" ]; then
	# test_cronmail moves the clock in every step, which faketime cannot
	# do to a static binary: it is left out, and said so.
	suites=
	for t in tests/e2e/test_*.sh; do
		case $t in */test_cronmail.sh) continue ;; esac
		suites="$suites e2e/$(basename "$t" .sh)"
	done
	echo "# not run: e2e/test_cronmail (faketime cannot reach a static binary)"
	suite "static: e2e, scenarios, resolve" env ECHODDNS_BIN="$bin" \
	    DRIVER="$ROOT/$tools/resolve_driver" \
	    SUITES_DIR=tests/tmp/suites-static sh tests/run.sh $suites \
	    'e2e/scenarios*' resolve
else
	suite "static/resolve" sh -c "echo 'no $tools/resolve_driver: make static TOOLS=yes'; exit 1"
fi
suite "static/docker" env ECHODDNS_BIN="$bin" bash tests/static/test_docker.sh

# Cross builds: the Alidns suites and scenarios, each binary under its
# qemu-user.
for arch in ${STATIC_ARCHS:-}; do
	b=$ROOT/echoddns-static-$arch
	q=qemu-$arch-static
	if ! is_static "$b" || ! command -v "$q" >/dev/null; then
		suite "static-$arch" sh -c "echo '$b or $q missing'; exit 1"
		continue
	fi
	# A wrapper, so that every way the suites start echoddns goes
	# through qemu.
	w=$ROOT/tests/tmp/echoddns-$arch
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$q" "$b" >"$w"
	chmod 755 "$w"
	suite "static-$arch: Alidns suites and scenarios" env ECHODDNS_BIN="$w" \
	    SUITES_DIR=tests/tmp/suites-$arch sh tests/run.sh e2e/test_sync \
	    e2e/test_modes e2e/test_errors e2e/test_state e2e/test_importenv \
	    'e2e/scenarios?alidns'
done

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
