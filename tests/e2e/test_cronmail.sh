#!/bin/bash
# test_cronmail.sh - the mail cron sends for "echoddns -q sync" run every
# minute (contrib/cron): a failure that lasts is said when it starts, then
# at most once an hour, and once when it ends (issue 10, item 1). Each run
# gets its own minute on echoddns's clock (faketime; nothing sleeps), and
# every run that prints anything is one mail. The mails of each scenario
# are kept in $T/mail.* and shown with "# " at the end.
. "$(dirname "$0")/lib.sh"

not() {
	! "$@"
}

# Sources are looked up in the hosts file only: a source taken out of it
# is dead at once, and no lookup leaves the machine.
printf 'hosts: files\n' >"$T/nsswitch.conf"

# cron MINUTE [ARGS...]: one "echoddns -q sync" at MINUTE minutes after
# the scenario started (T_BASE), on the clocks of echoddns and the fake.
# The fake's clock moves along, so signatures stay fresh. With RATE=x10
# (the provider scenario) the retries' back-off sleeps run ten times
# faster (the deadline keeps real time); elsewhere the clock runs at its
# pace, since a run that takes longer (valgrind on a busy machine) would
# see ten times as much of it pass and shift the hour of a reminder.
# libfaketime is preloaded, before the sanitizer's runtime in check-asan.
cron() {
	off=$(($1 * 60))
	# The seconds the runs themselves have taken (valgrind's, a busy
	# machine's) are taken off again: minute N is T_BASE + N minutes when
	# the run starts. With RATE its clock then runs ten times fast, so a
	# duration between two runs may come out a minute short.
	shift_s=$((T_BASE + off - $(date +%s)))
	shift
	sed -E -i "s/\"clock_offset\": *-?[0-9.]+/\"clock_offset\": $shift_s/" \
	    "$T/fake.json"
	$NSEXEC unshare -m sh -c 'mount --bind "$1" /etc/hosts &&
	    mount --bind "$2" /etc/nsswitch.conf && shift 2 && exec "$@"' \
	    sh "$T/hosts" "$T/nsswitch.conf" \
	    env FAKETIME_DONT_FAKE_MONOTONIC=1 \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    faketime -f "$(printf '%+ds' "$shift_s")${RATE:+ $RATE}" \
	    $WRAP "$BIN" -c "$T/echoddns.ini" -q sync "$@" \
	    >"$T/out" 2>"$T/err"
	RC=$?
	echo "minute $((off / 60)): exit $RC" >>"$T/exits"
	cat "$T/out" "$T/err" >>"$T/all.out"
	if [ -s "$T/out" ] || [ -s "$T/err" ]; then
		MAILS=$((MAILS + 1))
		{ echo "mail $MAILS, minute $((off / 60)), exit $RC:";
		  sed 's/^/    /' "$T/out" "$T/err"; } >>"$MAIL"
	fi
}

# scenario NAME: start over, with both lines up and the records right.
scenario() {
	MAIL=$T/mail.$1
	MAILS=0
	: >"$MAIL"
	: >"$T/exits"
	T_BASE=$(date +%s)
	fresh "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.20)]"
	up
	SOURCES="dns1.example.com dns2.example.com" config
}

up() {
	hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"
}

clear_faults() {
	python3 - "$T/fake.json" <<'EOP'
import json, os, sys
p = sys.argv[1]; s = json.load(open(p)); s["faults"] = []
json.dump(s, open(p + ".t", "w")); os.replace(p + ".t", p)
EOP
}

show() {
	echo "# cron mail, $1:"
	sed 's/^/#   /' "$MAIL"
}

# A source dies at minute 10 and comes back at minute 60, within 80
# minutes of runs every minute: two mails, when it dies and when it is back.
scenario source
for m in $(seq 0 79); do
	[ "$m" -eq 10 ] && hosts "203.0.113.10 dns1.example.com"
	[ "$m" -eq 60 ] && up
	cron "$m"
	case $m in
	9) check "source: silent while all is well" test "$MAILS" -eq 0 ;;
	10) expect_rc "source: the run it dies in" 68 ;;
	11) expect_rc "source: still dead, said nothing" 68 ;;
	60) expect_rc "source: the run it is back in" 2 ;;
	esac
done
show "a source dead from minute 10 to 60"
check "source dead for 50 minutes: two mails" test "$MAILS" -eq 2
check "source: the first mail names the source" \
    grep -q 'source dns2.example.com' "$MAIL"
check "source: the first mail says it is failing" \
    grep -q 'group home: failing (68: a source could not be resolved)' "$MAIL"
check "source: the second mail says it recovered" \
    grep -Eq 'group home: recovered, after failing for (49|50) min since' "$MAIL"
check "source: the state file forgets the failure" \
    not grep -q '"failure"' "$T/state/state.json"

# Dead for two hours, runs every ten minutes: one reminder an hour after
# the first mail, then the recovery.
scenario hourly
hosts "203.0.113.10 dns1.example.com"
for m in 0 10 20 30 40 50 60 70 80 90 100 110; do
	cron "$m"
done
up
cron 120
show "a source dead for two hours"
check "source dead for two hours: three mails" test "$MAILS" -eq 3
reminder() {
	grep -A2 '^mail 2, minute 60,' "$MAIL" | grep -q 'still failing, for 1 h since'
}
check "hourly: the reminder, an hour after the first" reminder
check "hourly: recovered after 2 h" \
    grep -Eq 'recovered, after failing for (1 h 59 min|2 h) since' "$MAIL"

# The provider is down from minute 20 to 50: two mails. Every run reads
# it (verify_every = 0), so the outage is seen at minute 20 itself.
scenario provider
SOURCES="dns1.example.com dns2.example.com" config "verify_every = 0"
RATE=x10
for m in $(seq 0 59); do
	[ "$m" -eq 20 ] &&
	    fault '{"action": "*", "kind": "http", "status": 503, "body": "busy", "times": -1}'
	[ "$m" -eq 50 ] && clear_faults
	cron "$m"
done
RATE=
show "the provider down from minute 20 to 50"
check "provider down for 30 minutes: two mails" test "$MAILS" -eq 2
check "provider: the first mail says why, once" \
    test "$(grep -c 'HTTP 503 (gave up after 4 attempts)' "$MAIL")" -eq 1
check "provider: then it says it is failing" \
    grep -q 'group home: failing (75: temporary failure' "$MAIL"
check "provider: the second mail says it recovered" \
    grep -Eq 'group home: recovered, after failing for (29|30) min' "$MAIL"

# An ordinary redial: line 2 comes back with another address, which its
# DDNS name gives from minute 10 on. -q prints errors only (DESIGN.md
# section 1): the change itself is no mail.
scenario redial
for m in $(seq 0 14); do
	[ "$m" -eq 10 ] &&
	    hosts "203.0.113.10 dns1.example.com" "198.51.100.21 dns2.example.com"
	cron "$m"
done
show "a redial of line 2 at minute 10"
check "redial: no mail" test "$MAILS" -eq 0
check "redial: the change was made (exit 0 at minute 10)" \
    grep -q '^minute 10: exit 0$' "$T/exits"
check "redial: the fake holds the new address" \
    grep -q '198.51.100.21' "$T/fake.json"

# Without -q every run says it, as before.
scenario loud
hosts "203.0.113.10 dns1.example.com"
run sync
expect_rc "without -q: a dead source" 68
check "without -q: said" grep -q 'dns2.example.com' "$T/err"
run sync
check "without -q: said again the next run" grep -q 'dns2.example.com' "$T/err"
up
run sync
check "without -q: the recovery is said too" grep -q 'group home: recovered' "$T/err"

finish
