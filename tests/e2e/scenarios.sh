#!/bin/bash
# scenarios.sh PROVIDER - the sync scenarios every provider passes, run
# against PROVIDER's fake through its adapter, tests/e2e/prov/PROVIDER.sh:
# first sync, in sync, redial, dry-run, status and --json, two lines
# swapping, a failed source, every source failed, a dead line and its
# return (health checks), pinned records, AAAA, resolver = api, faults
# (throttling, 5xx, a hang, garbage, a huge reply, a write failing
# midway) and two writers converging. What differs by model (records,
# records without disable, a record set, a single address) is said where
# it differs; see by_model. Steps that need the clock to move use
# faketime, which reaches only a dynamically linked echoddns: with the
# static one they are skipped and said so, not counted as passed.
#
# An adapter defines: P_NAME, P_MODEL, P_API (resolver = api), P_PIN
# (records =), FAKE; p_start SPEC... ("NAME VALUE [off]"), p_account,
# p_listed [NAME], p_disabled [NAME], p_ids [NAME], p_reads, p_writes,
# p_fault KIND [N], p_clear_faults; optionally p_later SECONDS (the fake's
# clock) and p_group (extra group lines, e.g. zone_id).
. "$(dirname "$0")/lib.sh"
PROV=${1:?usage: scenarios.sh PROVIDER}
. "$(dirname "$0")/prov/$PROV.sh" || exit 70

SHIFT=0		# seconds the clock of echoddns and the fake has moved
DYNAMIC=1
ldd "$BIN" >/dev/null 2>&1 || DYNAMIC=0
PL=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
trap 'unlisten l1; unlisten l2; unlisten l3; cleanup' EXIT

# by_model RECORDS NODISABLE RECORDSET SINGLE: the word for this model.
by_model() {
	case $P_MODEL in
	records) echo "$1" ;;
	nodisable) echo "$2" ;;
	recordset) echo "$3" ;;
	single) echo "$4" ;;
	esac
}

# later SECONDS: the clock moves on, for echoddns (faketime) and the fake.
later() {
	SHIFT=$((SHIFT + $1))
	if command -v p_later >/dev/null; then p_later "$1"; fi
}

# prun ARGS...: run, at the moved clock.
prun() {
	if [ "$SHIFT" -gt 0 ]; then
		# libfaketime is preloaded before the sanitizer's runtime.
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		    WRAP="faketime -f +${SHIFT}s $WRAP" run "$@"
	else
		run "$@"
	fi
}

# timed NAME: 0 when the clock can be moved; else say the steps are skipped.
timed() {
	[ "$DYNAMIC" -eq 1 ] && command -v faketime >/dev/null && return 0
	echo "# skipped: $1 (the clock of a static echoddns cannot be moved)"
	return 1
}

# pconfig [GROUP-LINE...]: the configuration for the fake.
pconfig() {
	umask 077
	{
		printf '[echoddns]\nstate_dir = %s\ntimeout = %s\n\n' \
		    "${STATE:-$T/state}" "${TIMEOUT:-$DEFAULT_TIMEOUT}"
		p_account
		printf '\n[group home]\naccount = p\nzone = example.com\n'
		printf 'name = a.dns.example.com\nsources = %s\n' \
		    "${SOURCES:-dns1.example.com dns2.example.com dns3.example.com}"
		[ -n "${TYPE:-}" ] && printf 'type = %s\n' "$TYPE"
		if command -v p_group >/dev/null; then p_group; fi
		printf '%s\n' "$@"
	} >"$T/echoddns.ini"
	chmod 600 "$T/echoddns.ini"
}

# listed [NAME]: what the name lists, on one line.
listed() {
	p_listed "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect_listed NAME WANT: the HA name lists exactly WANT (sorted, spaces).
expect_listed() {
	local got
	got=$(listed)
	if [ "$got" = "$2" ]; then ok "$1: lists $2"; else
		not_ok "$1: lists '$got', wanted '$2'"; fi
}

# expect_writes NAME N: write calls since mark.
expect_writes() {
	local n
	n=$(p_writes)
	if [ "$n" -eq "$2" ]; then ok "$1: $2 writes"; else
		not_ok "$1: $n writes, wanted $2"; fi
}

# No value is listed twice, and the name is never empty.
sane() {
	check "$1: no value listed twice" test -z "$(p_listed | sort | uniq -d)"
	check "$1: never empty" test -n "$(p_listed)"
}

L1=203.0.113.10 L2=198.51.100.20 L3=192.0.2.30
lines3() {
	hosts "${1:-$L1} dns1.example.com" "${2:-$L2} dns2.example.com" \
	    "${3:-$L3} dns3.example.com"
}
ALL3="$L3 $L2 $L1"
ONE() { by_model "$1" "$1" "$1" "$2"; }

# ---- first sync, in sync, redial ----

p_start "a.dns 198.51.100.99" "a.dns $L1" "a.dns 192.0.2.99"
lines3
pconfig
run check
expect_rc "check accepts the example-like config" 0
mark
run sync
expect_rc "first sync" 0
expect_listed "first sync" "$(ONE "$ALL3" "$L1")"
expect_writes "first sync" "$(by_model 2 2 1 1)"
check "first sync: one line per change, nothing on stdout" \
    test "$(wc -l <"$T/err")" -eq "$(by_model 2 2 1 1)" -a ! -s "$T/out"
sane "first sync"

mark
run sync
expect_rc "in sync, with the state file" 2
check "in sync, with the state file: no API call" test "$(calls)" -eq 0
check "in sync: quiet" test ! -s "$T/err" -a ! -s "$T/out"
mark
run sync --force
expect_rc "in sync, --force" 2
check "in sync, --force: at most one read, no write" \
    test "$(p_reads)" -le 1 -a "$(p_writes)" -eq 0
echo "# $P_NAME: API calls of an in-sync run: $(calls) without state, 0 with"

lines3 "$L1" 198.51.100.21
mark
run sync
expect_rc "line 2 redials" "$(ONE 0 2)"
expect_listed "line 2 redials" "$(ONE "$L3 198.51.100.21 $L1" "$L1")"
expect_writes "line 2 redials" "$(ONE 1 0)"
echo "# $P_NAME: API calls of a redial: $(calls)"
sane "line 2 redials"

# ---- dry-run, status, --json on a pending change ----

lines3 203.0.113.11 198.51.100.21
mark
run sync --dry-run
expect_rc "dry-run, line 1 redialled" 0
expect_writes "dry-run" 0
check "dry-run: says what it would do" grep -q 'would ' "$T/err"
run status
expect_rc "status with a pending change" 0
check "status: shows the new address" grep -q '203.0.113.11' "$T/out"
check "status: says a change is pending" grep -q 'pending' "$T/out"
run --json sync --dry-run
check "--json: the pending change, planned" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
g = d["groups"][0]
assert d["status"] == 0 and d["dry_run"] is True, d
assert "203.0.113.11" in g["desired"], g
assert g["actions"] and all(a["result"] == "planned" for a in g["actions"]), g
assert [s["status"] for s in g["sources"]] == ["ok"] * 3, g' "$T/out"

# ---- line 1 redials, two lines swap ----

if [ "$P_MODEL" != single ] || timed "single address: updates 60 s apart"; then
	[ "$P_MODEL" = single ] && later 61
	mark
	prun sync
	expect_rc "line 1 redials" 0
	expect_listed "line 1 redials" "$(ONE "$L3 198.51.100.21 203.0.113.11" 203.0.113.11)"
	expect_writes "line 1 redials" 1
	[ "$P_MODEL" = single ] && later 61
	lines3 198.51.100.21 203.0.113.11
	mark
	prun sync
	expect_rc "two lines swap addresses" "$(ONE 2 0)"
	expect_writes "two lines swap addresses" "$(ONE 0 1)"
	expect_listed "two lines swap addresses" "$(ONE "$L3 198.51.100.21 203.0.113.11" 198.51.100.21)"
	sane "two lines swap"
fi

# ---- failed sources ----

hosts "198.51.100.21 dns1.example.com" "203.0.113.11 dns2.example.com"
before=$(listed)
mark
prun sync
expect_rc "a source fails" 68
check "a source fails: nothing written (its record may be its line's)" \
    test "$(p_writes)" -eq 0
check "a source fails: named" grep -q 'dns3.example.com' "$T/err"
check "a source fails: the name keeps what it had" test "$(listed)" = "$before"
hosts
mark
prun sync
expect_rc "every source fails" 68
expect_writes "every source fails" 0
check "every source fails: the name is never emptied" test "$(listed)" = "$before"

# ---- a dead line and its return (health checks) ----

p_start "a.dns 127.0.0.11" "a.dns 127.0.0.12"
hosts "127.0.0.11 dns1.example.com" "127.0.0.12 dns2.example.com"
SOURCES="dns1.example.com dns2.example.com" pconfig "allow_private = yes" \
    "check = tcp:$PL" "check_timeout = 1" "fail_after = 2" "recover_after = 1"
listen l1 127.0.0.11 "$PL"
listen l2 127.0.0.12 "$PL"
prun sync
expect_rc "two live lines" 2
expect_listed "two live lines" "$(ONE "127.0.0.11 127.0.0.12" 127.0.0.11)"
unlisten l1
prun sync
expect_rc "line 1 dark once: still listed" 2
expect_listed "line 1 dark once" "$(ONE "127.0.0.11 127.0.0.12" 127.0.0.11)"
if [ "$P_MODEL" != single ] || timed "single address: fail-over"; then
	[ "$P_MODEL" = single ] && later 61
	mark
	prun sync
	expect_rc "line 1 dark twice: out" 0
	expect_listed "line 1 dark twice" 127.0.0.12
	expect_writes "line 1 dark twice" 1
	check "line 1 dark twice: says the line is down" grep -q 'is down' "$T/err"
	[ "$P_MODEL" = records ] && check "line 1 out: its record disabled, kept" \
	    test "$(p_disabled)" = 127.0.0.11
	[ "$P_MODEL" = nodisable ] && check "line 1 out: its record deleted" \
	    test -z "$(p_disabled)"
	listen l1 127.0.0.11 "$PL"
	[ "$P_MODEL" = single ] && later 61
	mark
	prun sync
	expect_rc "line 1 back" 0
	expect_listed "line 1 back" "$(ONE "127.0.0.11 127.0.0.12" 127.0.0.11)"
	expect_writes "line 1 back" 1
fi
unlisten l2
unlisten l1
prun sync
prun sync
expect_rc "every line dark: nothing changes" 75
check "every line dark: says so" grep -q 'every line failed its health check' "$T/err"
sane "every line dark"

# ---- pinned records ----

if [ "$P_PIN" -eq 1 ]; then
	p_start "a.dns $L1" "a.dns 198.51.100.99" "a.dns 192.0.2.99"
	lines3
	SOURCES="dns1.example.com dns2.example.com" \
	    pconfig "records = $(p_ids | cut -d' ' -f1,2)"
	mark
	run sync
	expect_rc "pinned: sync" 0
	expect_writes "pinned: one write" 1
	check "pinned: the record not pinned is untouched" \
	    test "$(p_listed | grep -c 192.0.2.99)" -eq 1
	pconfig "records = $(p_ids | cut -d' ' -f1,2)"
	run sync
	expect_rc "pinned: more addresses than pinned records" 65
fi

# ---- AAAA ----

p_start "a.dns 2001:db8::99" "a.dns $L1"
hosts "2001:db8::1 dns1.example.com" "2001:db8::2 dns2.example.com" \
    "$L1 dns1.example.com"
TYPE=AAAA SOURCES="dns1.example.com dns2.example.com" pconfig
mark
run sync
expect_rc "AAAA: sync" 0
expect_listed "AAAA: the IPv6 addresses (and the A record)" \
    "$(ONE "2001:db8::1 2001:db8::2 $L1" 2001:db8::1)"
check "AAAA: the A record of the name is left alone" \
    test "$(p_listed | grep -c "^$L1\$")" -eq "$(ONE 1 0)"

# ---- resolver = api ----

if [ "$P_API" -eq 1 ]; then
	p_start "a.dns 198.51.100.99" "dns1 $L1" "dns2 $L2" "dns3 $L3 off"
	hosts
	pconfig "resolver = api"
	mark
	run sync
	expect_rc "resolver = api: the sources' own records" 68
	expect_listed "resolver = api, a source failed" \
	    "$(ONE "$L2 198.51.100.99 $L1" "$L1")"
	check "resolver = api: a disabled source record is no address" \
	    grep -q 'dns3.example.com: no enabled A record' "$T/err"
	SOURCES="dns1.example.com dns2.example.com" pconfig "resolver = api"
	run sync
	expect_rc "resolver = api: every source read" "$(ONE 0 2)"
	expect_listed "resolver = api" "$(ONE "$L2 $L1" "$L1")"
	mark
	run sync --force
	expect_rc "resolver = api: in sync" 2
	check "resolver = api: one listing serves sources and name" \
	    test "$(p_reads)" -eq 1
fi

# ---- faults ----

fault_run() {	# fault_run NAME WANT-STATUS: a sync with a fault in place
	mark
	prun sync --force
	expect_rc "$1" "$2"
	p_clear_faults
}
# A single address is written only when it changes: each fault meets a
# change of line 1 there (a change of line 2 is one elsewhere).
if [ "$P_MODEL" = single ]; then
	p_start "a.dns 198.51.100.99"
else
	p_start "a.dns $L1" "a.dns 198.51.100.99"
fi
lines3
SOURCES="dns1.example.com dns2.example.com" pconfig
p_fault server 1
fault_run "one 5xx: retried, then done" 0
expect_listed "one 5xx" "$(ONE "$L2 $L1" "$L1")"
# A single address takes the next write 60 s later: the clock must move.
if [ "$P_MODEL" != single ] || timed "single address: faults after a write"; then
	[ "$P_MODEL" = single ] && later 61
	lines3 "$(ONE "$L1" 203.0.113.12)" 198.51.100.22
	p_fault server
	fault_run "5xx every time" 75
	check "5xx every time: one line with the attempts" \
	    grep -q 'gave up after [0-9] attempts' "$T/err"
	p_fault throttle
	fault_run "throttled every time" 75
	mark
	prun sync
	expect_rc "throttled: the next run leaves the provider alone" 75
	check "throttled: no API call in the back-off" test "$(calls)" -eq 0
	check "throttled: says why and how long" grep -qi 'throttl' "$T/err"
	[ "$P_MODEL" = single ] && later 61
	mark
	prun sync --force
	expect_rc "throttled: --force, and the provider answers" 0
	TIMEOUT=4 SOURCES="dns1.example.com dns2.example.com" pconfig
	[ "$P_MODEL" = single ] && later 61
	lines3 "$L1" 198.51.100.23
	# This table runs beside other suites: under valgrind a run's own
	# cost there may reach seconds more than a --version measured after
	# it. The hang then lasts longer, so that a bound 30 s looser still
	# tells a run that ends by its deadline from one that waits.
	if [ -n "$WRAP" ]; then hang=120 slack=30; else hang=30 slack=4; fi
	p_fault hang "$hang"
	t0=$(date +%s)
	fault_run "a hanging provider" 75
	within_deadline "a hanging provider: the run ends by its deadline" \
	    "$t0" 4 "$slack"
fi
SOURCES="dns1.example.com dns2.example.com" pconfig
if [ "$P_MODEL" != single ]; then
	p_fault garbage
	fault_run "a garbled reply" 76
	p_fault huge
	fault_run "a huge reply" 76
	check "a huge reply: says so" grep -qi 'larger than\|more than any' "$T/err"
fi
if [ "$P_MODEL" = records ] || [ "$P_MODEL" = nodisable ]; then
	# Three writes planned; the second fails, the third is not tried.
	p_start "a.dns 192.0.2.97" "a.dns 192.0.2.98" "a.dns 192.0.2.99"
	lines3
	pconfig
	p_fault write 2
	fault_run "a write fails midway" 75
	check "midway: the run stops after the failed write" \
	    grep -q 'stopped after 1 of 3 changes' "$T/err"
	mark
	run sync
	expect_rc "midway: the next run converges" 0
	expect_listed "midway: converged" "$ALL3"
	sane "midway"
fi

# ---- two writers ----

p_start "a.dns 192.0.2.99"
lines3
pconfig
cp "$T/echoddns.ini" "$T/one.ini"
STATE=$T/state2 pconfig
cp "$T/echoddns.ini" "$T/two.ini"
for i in 1 2 3; do
	unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
	    sh "$T/hosts" $WRAP "$BIN" -c "$T/one.ini" sync >/dev/null 2>"$T/w1.err" &
	w1=$!
	unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
	    sh "$T/hosts" $WRAP "$BIN" -c "$T/two.ini" sync >/dev/null 2>"$T/w2.err" &
	w2=$!
	wait "$w1"; r1=$?
	wait "$w2"; r2=$?
	printf 'round %d: exit %d and %d\n' "$i" "$r1" "$r2" >>"$T/writers.out"
	cat "$T/w1.err" "$T/w2.err" >>"$T/writers.out"
	[ "$P_MODEL" = single ] && [ "$DYNAMIC" -eq 1 ] && later 61
done
cp "$T/one.ini" "$T/echoddns.ini"
prun sync --force
expect_rc "two writers: converged" 2
[ "$RC" -eq 2 ] || sed 's/^/#   writers: /' "$T/writers.out"
cat "$T/writers.out" >>"$T/all.out"
expect_listed "two writers" "$(ONE "$ALL3" "$L1")"
sane "two writers"

# ---- secrets ----

# A single address in sync sends nothing: give the trace a request, a
# minute after the last one.
if [ "$P_MODEL" != single ] || timed "single address: the -vvv trace of a write"; then
	if [ "$P_MODEL" = single ]; then
		lines3 203.0.113.13
		later 61
	fi
	prun -vvv sync --force
	check "-vvv: the trace shows requests" grep -q '^echoddns: > ' "$T/err"
fi
finish
