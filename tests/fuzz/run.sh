#!/bin/sh
# run.sh MODE SECONDS BINARY... - run libFuzzer targets (from tests/fuzz/fuzz.mk).
#
#   fuzz     fuzz each target for SECONDS on a scratch copy of its seed corpus
#            (tests/fuzz/corpus/NAME -> tests/tmp/fuzz/corpus/NAME), with
#            tests/fuzz/NAME.dict if there is one: the repository is never
#            written to
#   regress  run each target once over tests/fixtures/fuzz/NAME/* and
#            tests/fuzz/corpus/NAME/* (files given as arguments: no fuzzing)
#
# NAME is the binary's name without "fuzz_". One line per target; exits 1
# when any target crashed, leaked, timed out or tripped a sanitizer.
set -u
mode=$1 seconds=$2
shift 2
cd "$(dirname "$0")/../.." || exit 70
out=tests/tmp/fuzz
status=0
nok=0
nbad=0

# final_stat NAME LOG: a libFuzzer -print_final_stats value from LOG.
final_stat() {
	sed -n "s/^stat::$1: *\([0-9][0-9]*\).*/\1/p" "$2" | tail -n 1
}

# inputs DIR...: the regular files in each DIR, one per line.
inputs() {
	for d in "$@"; do
		[ -d "$d" ] || continue
		find "$d" -type f ! -name '.*' ! -name README | sort
	done
}

for bin in "$@"; do
	name=$(basename "$bin")
	short=${name#fuzz_}
	seeds=tests/fuzz/corpus/$short
	log=$out/$name.log
	art=$out/artifacts/$short
	rm -rf "$art"
	mkdir -p "$art"

	case $mode in
	fuzz)
		corpus=$out/corpus/$short
		rm -rf "$corpus"
		mkdir -p "$corpus"
		if [ -d "$seeds" ]; then
			inputs "$seeds" | while IFS= read -r f; do
				cp "$f" "$corpus/"
			done
		fi
		dict=
		if [ -f "tests/fuzz/$short.dict" ]; then
			dict=-dict=tests/fuzz/$short.dict
		fi
		start=$(date +%s)
		"$bin" -max_total_time="$seconds" -rss_limit_mb=2048 \
		    -max_len=65536 -timeout=25 -print_final_stats=1 \
		    -artifact_prefix="$art/" $dict "$corpus" >"$log" 2>&1
		rc=$?
		end=$(date +%s)
		execs=$(final_stat number_of_executed_units "$log")
		;;
	regress)
		list=$out/$name.inputs
		inputs "tests/fixtures/fuzz/$short" "$seeds" >"$list"
		n=$(wc -l <"$list" | tr -d ' ')
		start=$(date +%s)
		rc=0
		if [ "$n" -gt 0 ]; then
			# No files would make libFuzzer fuzz: never call it so.
			tr '\n' '\0' <"$list" | xargs -0 "$bin" -rss_limit_mb=2048 \
			    -timeout=25 -artifact_prefix="$art/" >"$log" 2>&1
			rc=$?
		else
			: >"$log"
		fi
		end=$(date +%s)
		execs=$n
		;;
	*)
		echo "usage: run.sh fuzz|regress SECONDS BINARY..." >&2
		exit 64
		;;
	esac

	crashes=$(find "$art" -type f | wc -l | tr -d ' ')
	if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
		crashes=1	# died without writing an input
	fi
	if [ "$rc" -eq 0 ]; then
		echo "$name: ${execs:-0} execs in $((end - start)) s, 0 crashes"
		nok=$((nok + 1))
		continue
	fi
	status=1
	nbad=$((nbad + 1))
	echo "$name: ${execs:-?} execs in $((end - start)) s, $crashes" \
	    "crashes (exit $rc); log $log"
	grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: invariant)|runtime error' \
	    "$log" | head -n 5 | sed 's/^/    /'
	find "$art" -type f | sed 's/^/    input: /'
done
echo "$nok passed, $nbad failed"
exit $status
