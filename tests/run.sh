#!/bin/sh
# run.sh - every test suite of `make check`, with one total at the end.
#
# Suites run JOBS at a time (default: twice the CPUs; they mostly wait on
# sockets and timeouts). Those that assert tight elapsed times run after
# that batch, one at a time, with nothing beside them. A suite's output is
# printed whole when it has ended and every suite listed before it has been
# printed: the order is fixed (the batch, then the lone suites), whatever
# order they end in. Each suite prints its own "N passed, N failed" line
# (cmocka suites their [  PASSED  ]/[  FAILED  ] lines); this script adds
# them up, then searches everything printed for the secrets the suites use.
#
#   sh tests/run.sh [PATTERN...]    only the suites whose names match a shell
#                                   PATTERN (e.g. 'e2e/*' unit/test_plan)
#   JOBS=N                          suites at a time
#   ECHODDNS_ALONE_LOCK=FILE        wait for this lock (flock) before the
#                                   suites that run alone
#   SUITES_DIR=DIR                  where the suites' logs go (default
#                                   tests/tmp/suites), for two runs at once
#   ECHODDNS_BIN=FILE               the binary the end-to-end suites run
set -u
only=$*
cd "$(dirname "$0")/.." || exit 70
out=${SUITES_DIR:-tests/tmp/suites}
rm -rf "$out"
mkdir -p "$out" || exit 70
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
JOBS=${JOBS:-$((ncpu * 2))}
[ "$JOBS" -ge 1 ] 2>/dev/null || JOBS=1
pass=0
fail=0
n=0		# suites declared
pids=

# wanted NAME: true unless run.sh was given patterns, none of which NAME
# matches.
wanted() {
	[ -z "$only" ] && return 0
	set -f		# patterns for case, not file names
	for pat in $only; do
		case $1 in $pat) set +f; return 0 ;; esac
	done
	set +f
	return 1
}

# suite batch|alone NAME COMMAND...: declare one suite, if wanted.
suite() {
	wanted "$2" || return 0
	n=$((n + 1))
	echo "$1" >"$out/$n.mode"
	printf '%s\n' "$2" >"$out/$n.name"
	shift 2
	# The command, quoted for eval.
	for a in "$@"; do
		printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
	done >"$out/$n.cmd"
}

# start I: run suite I in the background, in its own session, so that an
# interrupted run.sh can stop it with everything it started. A session is
# also a scheduling group of its own where the kernel groups them
# (autogroup), and a process's nice value counts only inside its group:
# the group takes the nice value run.sh runs at, so that a niced run
# (valgrind's in CI) stays below the others.
start() {
	date +%s >"$out/$1.t0"
	$setsid sh -c "$renice"'eval "$(cat "$1.cmd")" </dev/null >"$1.log" 2>&1
	    echo $? >"$1.rc.tmp"; date +%s >"$1.t1"; mv "$1.rc.tmp" "$1.rc"' \
	    sh "$out/$1" &
	pids="$pids $!"
}
setsid=
group=
renice=
if command -v setsid >/dev/null 2>&1; then
	setsid=setsid
	group=-		# a suite's pid is the id of its process group
	renice='[ -w /proc/self/autogroup ] &&
	    nice >/proc/self/autogroup 2>/dev/null; '
fi
stop_all() {
	for p in $pids; do
		kill -TERM "$group$p" 2>/dev/null
	done
	exit 70
}
trap stop_all INT TERM HUP

# show I: print suite I's output whole and add up its counts.
show() {
	name=$(cat "$out/$1.name")
	log=$out/$1.log
	rc=$(cat "$out/$1.rc")
	echo "== $name"
	cat "$log"
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
	echo "== $name: $p passed, $f failed ($(($(cat "$out/$1.t1") - \
	    $(cat "$out/$1.t0"))) s)"
	pass=$((pass + p))
	fail=$((fail + f))
}

# run_all MODE JOBS: run the suites declared with MODE, JOBS at a time,
# and show each, in the order declared, as soon as those before it are shown.
run_all() {
	todo= unshown= started=
	i=1
	while [ "$i" -le "$n" ]; do
		read -r m <"$out/$i.mode"
		[ "$m" = "$1" ] && todo="$todo $i"
		i=$((i + 1))
	done
	unshown=$todo
	while [ -n "$unshown" ]; do
		running=0
		for i in $started; do
			[ -f "$out/$i.rc" ] || running=$((running + 1))
		done
		for i in $todo; do
			[ "$running" -lt "$2" ] || break
			start "$i"
			started="$started $i"
			todo=${todo#" $i"}
			running=$((running + 1))
		done
		for i in $unshown; do
			[ -f "$out/$i.rc" ] || break
			show "$i"
			unshown=${unshown#" $i"}
		done
		[ -n "$unshown" ] && sleep 0.2
	done
}

# The fakes' certificates, made once before suites that share them start.
sh tests/fakes/mkcerts.sh tests/tmp/certs || exit 70

# ECHODDNS_VALGRIND (make check-valgrind) runs every C program of the
# suite under valgrind: unit tests directly, echoddns through the e2e tests.
VG=${ECHODDNS_VALGRIND:-}
export ECHODDNS_WRAP="$VG"

# native MODE NAME COMMAND...: a suite none of whose C programs runs under
# ECHODDNS_VALGRIND (the fakes' own tests, the manual pages, suites that
# run valgrind themselves): declared as by suite, but not under
# check-valgrind, which would only repeat make check's run of it.
not_repeated=
native() {
	if [ -n "$VG" ]; then
		wanted "$2" && not_repeated="$not_repeated, $2"
		return 0
	fi
	suite "$@"
}
# The scenario table, once per provider adapter, declared first: the
# longest suites start first. Its run ended by its deadline allows for
# what valgrind adds (within_deadline in tests/e2e/lib.sh).
for p in tests/e2e/prov/*.sh; do
	[ -f "$p" ] || continue
	suite batch "e2e/scenarios $(basename "$p" .sh)" bash \
	    tests/e2e/scenarios.sh "$(basename "$p" .sh)"
done
for t in tests/unit/test_*; do
	case "$t" in *.c|*.o) continue ;; esac
	[ -x "$t" ] || continue
	suite batch "unit/$(basename "$t")" $VG "$t"
done
native batch "fakes/alidns selftest" python3 tests/fakes/alidns_fake.py --selftest
native batch "fakes/tc3 selftest" python3 tests/fakes/tc3.py --selftest
native batch "fakes/dnspod selftest" python3 tests/fakes/dnspod_fake.py --selftest
native batch "fakes/sdkhmac selftest" python3 tests/fakes/sdkhmac.py --selftest
native batch "fakes/dyndns2 selftest" python3 tests/fakes/dyndns2_fake.py --selftest
[ -x tests/fakes/test_fake.sh ] && native batch "fakes/alidns" bash tests/fakes/test_fake.sh
native batch "fakes/cloudflare" sh tests/fakes/test_cloudflare_fake.sh
native batch "fakes/huaweicloud selftest" python3 tests/fakes/huaweicloud_fake.py --selftest
native batch "fakes/huaweicloud" python3 tests/fakes/test_huaweicloud.py
# Bounds of a few hundred ms on each resolution: alone. It runs its driver
# under valgrind itself, in make check.
[ -f tests/resolve/run.sh ] && native alone "resolve" bash tests/resolve/run.sh
[ -f tests/state/crash.sh ] && native batch "state/crash" bash tests/state/crash.sh
for t in tests/e2e/test_*.sh; do
	[ -f "$t" ] || continue
	case $t in
	# A second run that must not wait (1 s), a fallback that must cost
	# less than resolve_timeout, runs ended by their deadline: alone.
	*/test_errors.sh|*/test_dns.sh|*/test_deadline.sh)
		mode=alone ;;
	*)	mode=batch ;;
	esac
	suite $mode "e2e/$(basename "$t" .sh)" bash "$t"
done
native batch "man/lint" sh -c 'out=$(mandoc -T lint -W warning man/*.[0-9] 2>&1);
    if [ -n "$out" ]; then echo "$out"; echo "0 passed, 1 failed"; exit 1; fi;
    echo "1 passed, 0 failed"'

[ -n "$not_repeated" ] &&
    echo "# not repeated under valgrind (make check runs them):${not_repeated#,}"
run_all batch "$JOBS"
# Whoever runs other work beside the suites (.ci/run) holds this lock
# until it ends: the lone suites wait for it.
if [ -n "${ECHODDNS_ALONE_LOCK:-}" ]; then
	echo "== waiting for $ECHODDNS_ALONE_LOCK before the suites that run alone"
	flock "$ECHODDNS_ALONE_LOCK" true || exit 70
fi
run_all alone 1

# Everything the suites printed, searched for the secrets they used.
cat "$out"/*.log >"$out/all-suites.txt"
only=
suite last "secrets in any output" sh -c '
    for s in e2eS3cr3t-DoNotPrint ExampleSecret0123456789 TopSecretEnvValue \
        FirstSecret ro-secret ZqxStateLinkSecret ZqxSecretWord; do
	if grep -qF -e "$s" "$1"; then echo "found: $s"; n=1; fi
    done
    [ -z "${n:-}" ] && echo "1 passed, 0 failed" || { echo "0 passed, 1 failed"; exit 1; }' \
    sh "$out/all-suites.txt"
run_all last 1

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
