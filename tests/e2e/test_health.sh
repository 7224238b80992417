#!/bin/bash
# test_health.sh - health checks over several runs: a line goes dark, stays
# dark, comes back; flapping; every line dark. Real TCP listeners on
# 127.0.0.x stand for the lines (allow_private = yes).
. "$(dirname "$0")/lib.sh"

P=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup_listeners() { unlisten l1; unlisten l2; unlisten l3; }
trap 'cleanup_listeners; cleanup' EXIT

# quiet_runs N NAME: N syncs in a row, each in sync (exit 2), none of them
# rewriting state.json. Renames are counted with strace, except under
# valgrind or AddressSanitizer (its leak check cannot run under ptrace).
quiet_runs() {
	local st=$T/state/state.json before rcs= renames= i
	before="$(stat -c '%i %y' "$st") $(sha256sum <"$st")"
	for i in $(seq 1 "$1"); do
		if [ -z "$WRAP" ] && [ -z "${ASAN_OPTIONS:-}" ] &&
		    command -v strace >/dev/null; then
			WRAP="strace -f -qq -o $T/strace.$i -e trace=rename,renameat,renameat2" \
			    run sync
			renames=$((${renames:-0} + $(grep -c 'state\.json' "$T/strace.$i")))
		else
			run sync
		fi
		rcs="$rcs$RC "
	done
	check "$2: each exits 2" test "$rcs" = "$(printf '2 %.0s' $(seq 1 "$1"))"
	check "$2: state.json not rewritten" \
	    test "$(stat -c '%i %y' "$st") $(sha256sum <"$st")" = "$before"
	if [ -n "$renames" ]; then
		check "$2: no rename onto state.json ($renames)" test "$renames" -eq 0
	else
		echo "# strace not used: renames not counted"
	fi
}

fake_state "[$(rec 2001 a.dns 127.0.0.11), $(rec 2002 a.dns 127.0.0.12),
  $(rec 2003 a.dns 127.0.0.13)]"
start_fake
hosts "127.0.0.11 dns1.example.com" "127.0.0.12 dns2.example.com" \
    "127.0.0.13 dns3.example.com"
config "allow_private = yes" "check = tcp:$P" "check_timeout = 1" \
    "fail_after = 2" "recover_after = 1"
listen l1 127.0.0.11 "$P"
listen l2 127.0.0.12 "$P"
listen l3 127.0.0.13 "$P"
ALL3=$(printf '127.0.0.11 enable 600\n127.0.0.12 enable 600\n127.0.0.13 enable 600')
DOWN2=$(printf '127.0.0.11 enable 600\n127.0.0.12 disable 600\n127.0.0.13 enable 600')

run sync
expect_rc "all lines up: in sync" 2
check "all lines up: records" test "$(records)" = "$ALL3"

# Line 2 goes dark: out after fail_after (2) failed runs, not before.
unlisten l2
dark_runs=0
for i in 1 2 3; do
	run sync
	dark_runs=$i
	[ "$(records)" = "$DOWN2" ] && break
done
echo "# runs from a line going dark to its record being disabled: $dark_runs"
check "dark line: disabled after exactly fail_after runs" test "$dark_runs" -eq 2
check "dark line: the change is reported" grep -q 'line dns2.example.com (127.0.0.12) is down' "$T/err"
check "dark line: disabled record reported" grep -q 'disabled record 2002' "$T/err"
run sync
expect_rc "dark line stays dark: nothing to do" 2
check "dark line stays dark: records" test "$(records)" = "$DOWN2"
quiet_runs 3 "dark line stays dark: 3 more runs"
run --json status
check "status --json shows the line's health and why" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = d["groups"][0]["sources"][1]
h = s["health"][0]
assert s["host"] == "dns2.example.com"
assert h["healthy"] is False and h["fails"] == 2 and "refused" in h["why"], h
' "$T/out"
run status
check "status shows the line as out" grep -q 'dns2.example.com.*down' "$T/out"

# It comes back: in again after recover_after (1) good run.
listen l2 127.0.0.12 "$P"
back_runs=0
for i in 1 2 3; do
	run sync
	back_runs=$i
	[ "$(records)" = "$ALL3" ] && break
done
echo "# runs from a line's return to its record being enabled: $back_runs"
check "line back: enabled after exactly recover_after runs" test "$back_runs" -eq 1
check "line back: enabled, not rewritten" grep -q 'enabled record 2002' "$T/err"

# A stable site does not wear flash: the counters stop where no decision
# needs more (oks at recover_after on a healthy line, fails at fail_after
# on a line that is out), so in-sync runs with checks leave state.json
# alone: same inode, mtime and content, and (with strace) no rename onto it.
run sync
expect_rc "all lines up again: in sync" 2
quiet_runs 10 "10 in-sync runs with checks"
check "the counters stopped at their thresholds" python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["groups"]["home"]
hs = [h for s in g["sources"].values() for h in s.get("health", [])]
assert len(hs) == 3 and all(h["healthy"] and h["oks"] == 1 and h["fails"] == 0 for h in hs), hs
' "$T/state/state.json"

# Flapping (down, up, down, up) with fail_after 2 never takes it out.
mark
for i in 1 2; do
	unlisten l3
	run sync
	listen l3 127.0.0.13 "$P"
	run sync
done
check "flapping line is never taken out" test "$(writes)" -eq 0 -a "$(records)" = "$ALL3"

# Every line dark: the probe may be what is broken; nothing changes.
unlisten l1
unlisten l2
unlisten l3
mark
for i in 1 2 3; do run sync; done
expect_rc "every line dark" 75
check "every line dark: nothing written" test "$(writes)" -eq 0
check "every line dark: the name is not emptied" test "$(records)" = "$ALL3"
check "every line dark: a warning says so" grep -q 'every line failed its health check' "$T/err"

# min_records: with two lines dark, one record stays... and the name keeps
# at least min_records enabled records.
listen l1 127.0.0.11 "$P"
config "allow_private = yes" "check = tcp:$P" "check_timeout = 1" \
    "fail_after = 1" "recover_after = 1" "min_records = 2"
run sync
check "min_records = 2: two records stay enabled" test "$(records | grep -c enable)" -eq 2
unlisten l1

finish
