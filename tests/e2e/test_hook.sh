#!/bin/bash
# test_hook.sh - hook = PROGRAM (issue 10, item 13): run after a group
# changed, failed or recovered, with the outcome in its environment and
# none of the secrets; a hook that fails is reported and changes nothing
# else; one that hangs is killed at its time limit, inside the run's
# timeout, with what it started.
. "$(dirname "$0")/lib.sh"

not() {
	! "$@"
}

fake_state "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.20)]"
start_fake
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"
SOURCES="dns1.example.com dns2.example.com"

# The hook writes its environment to $HOOK_OUT/N.EVENT, N counting calls.
export HOOK_OUT=$T/hook.out
mkdir -p "$HOOK_OUT"
cat >"$T/hook.sh" <<'EOS'
#!/bin/sh
n=$(ls "$HOOK_OUT" | wc -l)
env >"$HOOK_OUT/$n.$ECHODDNS_EVENT"
EOS
printf '#!/bin/sh\necho "hook: giving up" >&2\nexit 3\n' >"$T/fail.sh"
cat >"$T/hang.sh" <<'EOS'
#!/bin/sh
sleep 60 &
echo $! >"$HOOK_OUT/sleeper.pid"
wait
EOS
chmod 755 "$T/hook.sh" "$T/fail.sh" "$T/hang.sh"

# config_hook HOOK [GROUP-LINES...]: the secret from the environment
# (ALI_SECRET, which the hook must not see) and hook = HOOK in the group.
config_hook() {
	h=$1
	shift
	config "hook = $h" "$@"
	sed -i "s|^access_key_secret_file = .*|access_key_secret_env = ALI_SECRET|" \
	    "$T/echoddns.ini"
}
export ALI_SECRET=$SECRET

calls_of() {
	ls "$HOOK_OUT" | grep -c "\.$1\$"
}

# env_of N.EVENT VAR: the value the hook saw.
env_of() {
	sed -n "s/^$2=//p" "$HOOK_OUT/$1"
}

config_hook "$T/hook.sh"
run sync
expect_rc "in sync" 2
check "in sync: no hook" test "$(ls "$HOOK_OUT" | wc -l)" -eq 0

# A change: one call, with the outcome.
hosts "203.0.113.10 dns1.example.com" "198.51.100.21 dns2.example.com"
run sync
expect_rc "a line redialed" 0
check "changed: the hook ran once" test "$(calls_of changed)" -eq 1
check "changed: ECHODDNS_GROUP" test "$(env_of 0.changed ECHODDNS_GROUP)" = home
check "changed: ECHODDNS_NAME" test "$(env_of 0.changed ECHODDNS_NAME)" = a.dns.example.com
check "changed: ECHODDNS_EVENT" test "$(env_of 0.changed ECHODDNS_EVENT)" = changed
check "changed: ECHODDNS_STATUS" test "$(env_of 0.changed ECHODDNS_STATUS)" = 0
check "changed: ECHODDNS_ADDRESSES" \
    test "$(env_of 0.changed ECHODDNS_ADDRESSES)" = "203.0.113.10 198.51.100.21"
check "changed: the hook inherits the rest of the environment" \
    test "$(env_of 0.changed HOOK_OUT)" = "$HOOK_OUT"
check "changed: the secret's variable is hidden from the hook" \
    not grep -q '^ALI_SECRET=' "$HOOK_OUT/0.changed"
check "changed: the secret is nowhere in the hook's environment" \
    not grep -qF "$SECRET" "$HOOK_OUT/0.changed"

# A failure: said once (like -q), then again when it ends.
ACCOUNT_KEYID=LTAInobody config_hook "$T/hook.sh"
run sync --force
expect_rc "failing: an unknown key ID" 77
check "failed: the hook ran" test "$(calls_of failed)" -eq 1
check "failed: ECHODDNS_STATUS" test "$(env_of 1.failed ECHODDNS_STATUS)" = 77
run sync --force
check "still failing: no second call within the hour" test "$(calls_of failed)" -eq 1
config_hook "$T/hook.sh"
run sync --force
expect_rc "recovered" 2
check "recovered: the hook ran" test "$(calls_of recovered)" -eq 1
check "recovered: ECHODDNS_STATUS" test "$(env_of 2.recovered ECHODDNS_STATUS)" = 2
check "recovered: ECHODDNS_ADDRESSES" \
    test "$(env_of 2.recovered ECHODDNS_ADDRESSES)" = "203.0.113.10 198.51.100.21"

# A hook set in [echoddns] serves every group without one.
config_hook "$T/hook.sh"
sed -i -e "/^hook = /d" -e "s|^\[echoddns\]|[echoddns]\nhook = $T/hook.sh|" \
    "$T/echoddns.ini"
hosts "203.0.113.10 dns1.example.com" "198.51.100.22 dns2.example.com"
run sync
expect_rc "global hook: a change" 0
check "global hook: ran" test "$(calls_of changed)" -eq 2

# A hook that fails is reported; the run's status is the group's.
config_hook "$T/fail.sh"
hosts "203.0.113.10 dns1.example.com" "198.51.100.23 dns2.example.com"
run sync
expect_rc "failing hook: the run still says changed" 0
check "failing hook: its own words reach stderr" grep -q 'hook: giving up' "$T/err"
check "failing hook: reported, named" \
    grep -q "group home: hook $T/fail.sh: exited 3" "$T/err"
check "failing hook: the change was made" \
    test "$(records | cut -d' ' -f1 | tr '\n' ' ')" = "198.51.100.23 203.0.113.10 "

# A hook that hangs is killed inside the run's timeout, with its child.
# Under valgrind the run needs longer than 4 s to reach the hook at all.
HT=4
[ -n "$WRAP" ] && HT=12
TIMEOUT=$HT config_hook "$T/hang.sh"
hosts "203.0.113.10 dns1.example.com" "198.51.100.24 dns2.example.com"
t0=$(date +%s)
run sync
expect_rc "hanging hook: the run still says changed" 0
within_deadline "hanging hook: the run ends within its timeout" "$t0" "$HT" 2
check "hanging hook: reported as killed" \
    grep -q "group home: hook $T/hang.sh: still running after [0-9]* s; killed" "$T/err"
# gone PID: no such process, or a zombie left for init to reap, within
# two seconds (a signal sent is not yet a process ended).
gone() {
	local i
	[ -n "$1" ] || return 1
	for i in $(seq 20); do
		{ [ ! -d "/proc/$1" ] ||
		    grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat"; } && return 0
		sleep 0.1
	done
	return 1
}
check "hanging hook: what it started is gone too" \
    gone "$(cat "$HOOK_OUT/sleeper.pid" 2>/dev/null)"

# check refuses a hook that cannot run, or that others could change.
chmod 644 "$T/hook.sh"
config_hook "$T/hook.sh"
run check
expect_rc "check: a hook that is not executable" 78
check "check: says so, at its line" \
    grep -q "echoddns.ini:[0-9]*: hook: $T/hook.sh: not executable" "$T/err"
chmod 775 "$T/hook.sh"
run check
expect_rc "check: a hook group may write" 78
check "check: says how to fix it" grep -q "run chmod go-w $T/hook.sh" "$T/err"
chmod 755 "$T/hook.sh"
config_hook "$T/no-such-hook"
run check
expect_rc "check: a missing hook" 78

finish
