#!/usr/bin/env bash
# crash.sh - crash safety of the state file. state_writer rewrites a large
# state (about 440 KB) in a loop; we kill it with SIGKILL at random moments
# and check after each kill that state.json
#   - parses as JSON (python3),
#   - loads without a warning although a temp file may be left behind,
#   - is byte for byte the generation being replaced or the one being
#     written (state_writer check, against state_writer's "begin/done" log),
#   - sits beside at most one leftover temp file (the next save removes it).
# Environment: RUNS (default 200), LIMIT seconds (default 120), CC, CFLAGS.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-200}
limit=${LIMIT:-120}
work=$(mktemp -d "${TMPDIR:-/tmp}/echoddns-crash.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

writer=$work/state_writer
# make unit builds it beside this script, with the build's own flags.
if [ -x "$top/tests/state/state_writer" ]; then
	writer=$top/tests/state/state_writer
elif ! ${CC:-cc} -std=c11 -D_DEFAULT_SOURCE ${CFLAGS:--O2} -I"$top/src" \
    -o "$writer" "$top/tests/state/state_writer.c" "$top/src/state.c" \
    "$top/src/health.c" "$top/src/util.c" "$top/src/log.c" \
    "$top/src/addr.c" "$top/src/provider.c" -ljansson; then
	echo "crash.sh: cannot build state_writer" >&2
	exit 1
fi

dir=$work/state
log=$work/log
pass=0
fail=0
midsave=0
prev=0
start=$SECONDS

failed() {
	echo "crash.sh: run $1: $2" >&2
	fail=$((fail + 1))
}

for ((i = 1; i <= runs; i++)); do
	if ((SECONDS - start >= limit)); then
		echo "crash.sh: time limit (${limit}s) reached after $((i - 1)) runs" >&2
		break
	fi
	: >"$log"
	"$writer" loop "$dir" "$log" 2>"$work/writer.err" &
	pid=$!
	# 0 to 79 ms: a run takes about 20 ms, so kills land everywhere.
	sleep "$(printf '0.%03d' $((RANDOM % 80)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null

	if [ -s "$work/writer.err" ]; then
		failed "$i" "writer said: $(head -n 1 "$work/writer.err")"
		continue
	fi
	if [ ! -e "$dir/state.json" ]; then
		if [ "$prev" -eq 0 ] && ! grep -q '^done' "$log"; then
			pass=$((pass + 1))	# killed before the first save
		else
			failed "$i" "state.json is missing"
		fi
		continue
	fi
	if ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' \
	    "$dir/state.json" 2>"$work/py.err"; then
		failed "$i" "not JSON: $(tail -n 1 "$work/py.err")"
		continue
	fi
	ntmp=$(find "$dir" -maxdepth 1 -name '.state.json.*' | wc -l)
	if [ "$ntmp" -gt 1 ]; then
		failed "$i" "$ntmp temp files left"
		continue
	fi
	gen=$("$writer" check "$dir" 2>"$work/check.err")
	rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$work/check.err" ]; then
		failed "$i" "generation ${gen:-?} does not load or differs: $(head -n 1 "$work/check.err")"
		continue
	fi
	last=$(tail -n 1 "$log")
	case $last in
	"begin "*)
		n=${last#begin }
		midsave=$((midsave + 1))
		ok=$([ "$gen" -eq "$n" ] || [ "$gen" -eq $((n - 1)) ] && echo 1)
		;;
	"done "*)
		n=${last#done }
		ok=$([ "$gen" -eq "$n" ] && echo 1)
		;;
	*)
		n=$prev
		ok=$([ "$gen" -eq "$prev" ] && echo 1)
		;;
	esac
	if [ "${ok:-}" != 1 ] || [ "$gen" -lt "$prev" ]; then
		failed "$i" "found generation $gen after \"${last:-nothing}\" (before: $prev)"
		continue
	fi
	prev=$gen
	pass=$((pass + 1))
done

echo "crash.sh: $midsave kills landed between begin and done of a save; last generation $prev" >&2
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
