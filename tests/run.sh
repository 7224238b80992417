#!/bin/sh
# run.sh - every test suite of `make check`, with one total at the end.
# Each suite prints its own "N passed, N failed" line (cmocka suites print
# their [  PASSED  ]/[  FAILED  ] lines); this script adds them up.
set -u
cd "$(dirname "$0")/.." || exit 70
mkdir -p tests/tmp
log=tests/tmp/suite.log
all=tests/tmp/all-suites.log
: >"$all"
pass=0
fail=0

# count SUITE-NAME EXIT-STATUS: add the suite's counts from $log.
count() {
	name=$1 rc=$2
	line=$(grep -oE '(^|[^0-9])[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(echo "$line" | sed -n 's/^[^0-9]*\([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	if [ -z "$p" ]; then
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	fi
	p=${p:-0} f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# the suite failed without saying which test
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1	# a suite that ran nothing is a failure, not a pass
	fi
	echo "== $name: $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
}

# suite NAME COMMAND...: run one suite, show its output, count it.
suite() {
	name=$1
	shift
	echo "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	cat "$log" >>"$all"
	count "$name" "$rc"
}

# ECHODDNS_VALGRIND (make check-valgrind) runs every C program of the
# suite under valgrind: unit tests directly, echoddns through the e2e tests.
VG=${ECHODDNS_VALGRIND:-}
export ECHODDNS_WRAP="$VG"
for t in tests/unit/test_*; do
	case "$t" in *.c|*.o) continue ;; esac
	[ -x "$t" ] || continue
	suite "unit/$(basename "$t")" $VG "$t"
done
suite "fakes/alidns selftest" python3 tests/fakes/alidns_fake.py --selftest
suite "fakes/tc3 selftest" python3 tests/fakes/tc3.py --selftest
suite "fakes/sdkhmac selftest" python3 tests/fakes/sdkhmac.py --selftest
[ -x tests/fakes/test_fake.sh ] && suite "fakes/alidns" bash tests/fakes/test_fake.sh
[ -f tests/resolve/run.sh ] && suite "resolve" bash tests/resolve/run.sh
[ -f tests/state/crash.sh ] && suite "state/crash" bash tests/state/crash.sh
for t in tests/e2e/test_*.sh; do
	[ -f "$t" ] || continue
	suite "e2e/$(basename "$t" .sh)" bash "$t"
done
suite "man/lint" sh -c 'out=$(mandoc -T lint -W warning man/*.[0-9] 2>&1);
    if [ -n "$out" ]; then echo "$out"; echo "0 passed, 1 failed"; exit 1; fi;
    echo "1 passed, 0 failed"'

# Everything the suites printed, searched for the secrets they used.
suite "secrets in any output" sh -c '
    for s in e2eS3cr3t-DoNotPrint ExampleSecret0123456789 TopSecretEnvValue \
        FirstSecret ro-secret ZqxStateLinkSecret ZqxSecretWord; do
	if grep -qF -e "$s" "$1"; then echo "found: $s"; n=1; fi
    done
    [ -z "${n:-}" ] && echo "1 passed, 0 failed" || { echo "0 passed, 1 failed"; exit 1; }' \
    sh "$all"

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
