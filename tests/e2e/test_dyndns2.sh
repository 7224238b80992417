#!/bin/bash
# test_dyndns2.sh - provider = dyndns2 (3322, Oray, any dyndns2 server)
# against its fake: the single-address model (fail-over and fail-back in
# sources order, never a "nochg" update, updates 60 s apart), every answer
# with its exit status, "abuse" and the hour of silence after it, the
# User-Agent, Basic auth kept out of every output and trace, plain http://
# warned of (3322 and Oray reached by name in a network namespace, where
# the fake listens on port 80), and the API calls of each kind of run.
# The clock moves with faketime (echoddns) and clock_offset (the fake).
FAKE=dyndns2
. "$(dirname "$0")/lib.sh"

NS=echoddns-d2-$$
PL=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PLAIN_PID=
teardown() {
	unlisten l1
	unlisten l2
	if [ -n "$PLAIN_PID" ]; then
		kill "$PLAIN_PID" 2>/dev/null
		wait "$PLAIN_PID" 2>/dev/null
	fi
	ip netns del "$NS" 2>/dev/null
	cleanup
}
trap teardown EXIT

D2USER=e2euser
HA=ha.example.net
L1=203.0.113.10 L2=198.51.100.20 L3=192.0.2.30
SHIFT=0		# seconds the clock of echoddns and the fake has moved
B64=$(printf '%s:%s' "$D2USER" "$SECRET" | base64 -w0)
TIMED=1
if ! ldd "$BIN" >/dev/null 2>&1 || ! command -v faketime >/dev/null; then
	TIMED=0
	echo "# skipped: steps that move the clock (static binary or no faketime)"
fi

# d2_fake HOSTS-JSON [SETTINGS-JSON]: restart the fake with these hosts of
# the account (and settings), its clock at SHIFT; forget echoddns's state.
d2_fake() {
	stop_fake
	cat >"$T/fake.json" <<EOS
{"accounts": {"$D2USER": {"password": "$SECRET", "hosts": $1}},
 "clock_offset": $SHIFT, "faults": []${2:+, $2}}
EOS
	start_fake
	rm -rf "$T/state"
}

# d2_set KEY JSON-VALUE: change one setting of the fake's state.
d2_set() {
	python3 - "$T/fake.json" "$1" "$2" <<'EOP'
import json, os, sys
p = sys.argv[1]; s = json.load(open(p)); s[sys.argv[2]] = json.loads(sys.argv[3])
json.dump(s, open(p + ".t", "w")); os.replace(p + ".t", p)
EOP
}

# held [HOST [FAMILY]]: what the fake holds for HOST (default ha).
held() {
	python3 - "$T/fake.json" "${1:-$HA}" "${2:-A}" <<'EOP'
import json, sys
s = json.load(open(sys.argv[1]))
for a in s["accounts"].values():
    print(a["hosts"].get(sys.argv[2], {}).get(sys.argv[3]) or "")
EOP
}

# d2_config [GROUP-LINE...]: the configuration; SERVER, ENDPOINT, SOURCES
# and ACCOUNT_EXTRA change the account.
d2_config() {
	umask 077
	printf '%s\n' "${D2_PASSWORD:-$SECRET}" >"$T/d2.secret"
	chmod 600 "$T/d2.secret"
	cat >"$T/echoddns.ini" <<EOC
[echoddns]
state_dir = $T/state
timeout = ${TIMEOUT:-$DEFAULT_TIMEOUT}

[account d2]
provider = dyndns2
username = $D2USER
password_file = $T/d2.secret
server = ${SERVER:-3322}
${ENDPOINT-endpoint = https://localhost:$PORT/nic/update}
ca_file = $CERTS/ca.pem
${ACCOUNT_EXTRA:-}

[group home]
account = d2
name = $HA
sources = ${SOURCES:-dns1.example.com dns2.example.com dns3.example.com}
$(printf '%s\n' "$@")
EOC
	chmod 600 "$T/echoddns.ini"
}

# lines A1 A2 A3 [NAME-ADDR]: the sources' addresses, and what a lookup
# of the HA name answers (none when not given).
lines() {
	hosts "$1 dns1.example.com" "$2 dns2.example.com" "$3 dns3.example.com" \
	    ${4:+"$4 $HA"}
}

# later SECONDS: the clock moves on for echoddns (faketime) and the fake.
later() {
	SHIFT=$((SHIFT + $1))
	d2_set clock_offset "$SHIFT"
}

# prun ARGS...: run at the moved clock.
prun() {
	if [ "$SHIFT" -gt 0 ]; then
		# libfaketime is preloaded before the sanitizer's runtime.
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		    WRAP="faketime -f +${SHIFT}s $WRAP" run "$@"
	else
		run "$@"
	fi
}

# expect_held NAME WANT: the fake holds WANT for the HA name.
expect_held() {
	local got
	got=$(held)
	if [ "$got" = "$2" ]; then ok "$1: holds $2"; else
		not_ok "$1: holds '$got', wanted '$2'"; fi
}

# expect_calls NAME N: requests to the fake since mark.
expect_calls() {
	local n
	n=$(calls)
	if [ "$n" -eq "$2" ]; then ok "$1: $2 request(s)"; else
		not_ok "$1: $n requests, wanted $2"; fi
}

# last_log KEY: KEY of the fake's last log line.
last_log() {
	tail -n 1 "$T/api.log" | python3 -c '
import json, sys; v = json.loads(sys.stdin.read()).get(sys.argv[1])
print(json.dumps(v) if isinstance(v, (list, dict)) else v)' "$1"
}

# ---- check ----

d2_fake "{\"$HA\": {\"A\": \"192.0.2.99\"}}"
lines "$L1" "$L2" "$L3" 192.0.2.99
ENDPOINT= d2_config
run check
expect_rc "check: server = 3322" 0
check "check: warns that 3322 is plain http://, naming the server" \
    grep -q 'warning: .*echoddns.ini:[0-9]*: server: members.3322.net is documented over plain http://' "$T/err"
SERVER=oray ENDPOINT= d2_config
run check
check "check: warns of oray too" grep -q 'server: ddns.oray.com is documented over plain http://' "$T/err"
SERVER=https://update.example.net/nic/update ENDPOINT= d2_config
run check
check "check: an https:// server, no warning" test ! -s "$T/err"
d2_config "ttl = 60" "line = default" "records = 1 2" "resolver = api" "zone_id = Z"
run check
expect_rc "check: what a single address cannot take" 78
for k in ttl line records resolver zone_id; do
	check "check: $k refused with file:line" \
	    grep -q "echoddns.ini:[0-9]*: $k: provider dyndns2" "$T/err"
done
ACCOUNT_EXTRA="contact = ops@example.net" d2_config
run check
expect_rc "check: the test configuration" 0
check "check: an https:// endpoint overrides server: no warning" test ! -s "$T/err"

# ---- first sync, in sync ----

mark
run sync
expect_rc "first sync" 0
expect_held "first sync" "$L1"
expect_calls "first sync" 1
check "first sync: one line, the change" \
    test "$(wc -l <"$T/err")" -eq 1 -a ! -s "$T/out"
check "first sync: says the move" grep -q "home: $HA: updated 192.0.2.99 -> $L1" "$T/err"
check "first sync: hostname and myip sent" \
    test "$(last_log params)" = "{\"hostname\": \"$HA\", \"myip\": \"$L1\"}"
check "first sync: Basic auth" test "$(last_log auth)" = basic
check "first sync: a User-Agent that names echoddns, its version and the contact" \
    test "$(last_log user_agent)" = "echoddns/$("$BIN" --version | cut -d' ' -f2) (multi-WAN fail-over; ops@example.net)"

mark
run sync
expect_rc "in sync, with the state file" 2
expect_calls "in sync, with the state file" 0
check "in sync: quiet" test ! -s "$T/err" -a ! -s "$T/out"
IN_SYNC_STATE=$(calls)

# ---- redials ----

lines "$L1" 198.51.100.21 "$L3" "$L1"
mark
run sync
expect_rc "line 2 redials: nothing to do" 2
expect_calls "line 2 redials" 0
lines 203.0.113.11 198.51.100.21 "$L3" "$L1"
mark
run sync
expect_rc "line 1 redials within 60 s of the last update: held back" 75
expect_calls "held back" 0
check "held back: says how long" grep -q 'waits [0-9]* s more' "$T/err"
if [ "$TIMED" -eq 1 ]; then
	later 61
	mark
	prun sync
	expect_rc "line 1 redials" 0
	expect_held "line 1 redials" 203.0.113.11
	expect_calls "line 1 redials" 1
	REDIAL=$(calls)
	# Two lines redial at once: one update, to line 1's new address.
	later 61
	lines 203.0.113.12 198.51.100.22 "$L3" 203.0.113.11
	mark
	prun sync
	expect_rc "two lines redial at once" 0
	expect_held "two lines redial at once" 203.0.113.12
	expect_calls "two lines redial at once" 1
	NOW_HELD=203.0.113.12
else
	NOW_HELD=$L1
fi

# Without the state file the lookup of the name tells what it holds.
rm -rf "$T/state"
lines "$NOW_HELD" 198.51.100.22 "$L3" "$NOW_HELD"
mark
prun sync
expect_rc "in sync, without state: the lookup of the name says so" 2
expect_calls "in sync, without state" 0
IN_SYNC_NOSTATE=$(calls)
mark
prun sync --force
expect_rc "in sync, --force" 2
expect_calls "in sync, --force" 0
IN_SYNC_FORCE=$(calls)

# ---- dry-run, status, --json ----

later 61
lines 203.0.113.13 198.51.100.22 "$L3"
mark
prun sync --dry-run
expect_rc "dry-run" 0
expect_calls "dry-run" 0
check "dry-run: says what it would do" grep -q "would update $NOW_HELD -> 203.0.113.13" "$T/err"
prun status
expect_rc "status: a change pending" 0
check "status: the new address, pending" grep -q 'pending' "$T/out"
check "status: the new address" grep -q '203.0.113.13' "$T/out"
prun --json sync --dry-run
check "--json: one publish, planned, from and to" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
g = d["groups"][0]
assert d["status"] == 0 and d["dry_run"] is True, d
assert g["desired"] == ["203.0.113.13"], g
a = g["actions"]
assert len(a) == 1 and a[0]["action"] == "publish" and a[0]["result"] == "planned", a
assert a[0]["from"] == sys.argv[2] and a[0]["to"] == "203.0.113.13", a' "$T/out" "$NOW_HELD"
expect_calls "dry-run, status, --json" 0
check "no password in the --json document" test -z "$(grep -F -e "$SECRET" -e "$B64" "$T/out")"

# ---- fail-over and fail-back (health checks) ----

if [ "$TIMED" -eq 1 ]; then
	d2_fake "{\"$HA\": {\"A\": \"127.0.0.11\"}}"
	hosts "127.0.0.11 dns1.example.com" "127.0.0.12 dns2.example.com" \
	    "127.0.0.11 $HA"
	HC="allow_private = yes|check = tcp:$PL|check_timeout = 1|fail_after = 2|recover_after = 1"
	IFS='|' read -r -a HCL <<<"$HC"
	SOURCES="dns1.example.com dns2.example.com" d2_config "${HCL[@]}"
	listen l1 127.0.0.11 "$PL"
	listen l2 127.0.0.12 "$PL"
	prun sync
	expect_rc "two live lines: the first" 2
	unlisten l1
	later 61
	mark
	prun sync
	expect_rc "line 1 dark once: stays" 2
	expect_calls "line 1 dark once" 0
	later 61
	mark
	prun sync
	expect_rc "line 1 dark twice: fail-over" 0
	expect_held "fail-over" 127.0.0.12
	expect_calls "fail-over" 1
	FAILOVER=$(calls)
	check "fail-over: says the line is down" grep -q 'is down' "$T/err"
	hosts "127.0.0.11 dns1.example.com" "127.0.0.12 dns2.example.com" \
	    "127.0.0.12 $HA"
	listen l1 127.0.0.11 "$PL"
	later 61
	mark
	prun sync
	expect_rc "line 1 back: fail-back" 0
	expect_held "fail-back" 127.0.0.11
	expect_calls "fail-back" 1
	# failback = no: the name stays on the line that took over.
	SOURCES="dns1.example.com dns2.example.com" d2_config "${HCL[@]}" \
	    "failback = no"
	unlisten l1
	for i in 1 2; do later 61; prun sync; done
	expect_held "failback = no: over to line 2" 127.0.0.12
	listen l1 127.0.0.11 "$PL"
	later 61
	mark
	prun sync
	expect_rc "failback = no: line 1 back, the name stays" 2
	expect_held "failback = no" 127.0.0.12
	expect_calls "failback = no" 0
	unlisten l2
	for i in 1 2; do later 61; prun sync; done
	expect_held "failback = no: line 2 dark, back to line 1" 127.0.0.11
	unlisten l1
fi

# ---- failed sources ----

d2_fake "{\"$HA\": {\"A\": \"$L1\"}}"
lines "$L1" "$L2" "$L3" "$L1"
d2_config
prun sync
expect_rc "failed source: start in sync" 2
hosts "$L2 dns2.example.com" "$L3 dns3.example.com" "$L1 $HA"
mark
prun sync
expect_rc "the preferred source fails: its last address stands in" 68
expect_calls "the preferred source fails" 0
check "the preferred source fails: named" grep -q 'dns1.example.com' "$T/err"
hosts "$L1 $HA"
mark
prun sync
expect_rc "every source fails" 68
expect_calls "every source fails" 0
expect_held "every source fails: the name keeps its address" "$L1"

# ---- every answer, with its exit status ----

# answer NAME STATUS FAULT-JSON|- [HOSTS-JSON]: a fresh fake whose host
# holds 192.0.2.99, a change to L1 pending, the fault in place.
answer() {
	local start="{\"$HA\": {\"A\": \"192.0.2.99\"}}"
	d2_fake "${4:-$start}"
	d2_config
	[ "$3" = - ] || fault "$3"
	lines "$L1" "$L2" "$L3" 192.0.2.99
	mark
	prun sync
	expect_rc "$1" "$2"
}
fault_code() {
	echo "{\"action\": \"update\", \"kind\": \"error\", \"code\": \"$1\"}"
}

answer "good" 0 -
check "good: said as a change" grep -q "updated 192.0.2.99 -> $L1" "$T/err"
D2_PASSWORD="wrong-$SECRET" answer "badauth (a wrong password)" 77 -
check "badauth: the fix named" grep -q 'account d2 (.*echoddns.ini:[0-9]*): the provider rejected the secret (badauth); check username and password' "$T/err"
answer "nohost" 78 - '{"other.example.net": {"A": "192.0.2.99"}}'
check "nohost: the fix named" grep -q "nohost: $HA is no host name of this account at localhost; check name in the group, and username in account d2" "$T/err"
answer "!yours" 77 - "{\"$HA\": {\"owner\": \"someone\"}}"
check "!yours: said" grep -q "!yours: $HA belongs to another account" "$T/err"
answer "!donator" 78 - "{\"$HA\": {\"donator_only\": true}}"
check "!donator: the fix named" grep -q "!donator: .*paying account; check the account's plan" "$T/err"
answer "!active" 78 - "{\"$HA\": {\"inactive\": true}}"
answer "notfqdn" 78 "$(fault_code notfqdn)"
check "notfqdn: the fix named" grep -q 'notfqdn: .*check name in the group' "$T/err"
answer "numhost" 78 "$(fault_code numhost)"
check "numhost: the fix named" grep -q 'numhost: .*check that name in the group is one host name' "$T/err"
answer "badagent" 78 "$(fault_code badagent)"
check "badagent: names the User-Agent and the fix" grep -q 'badagent: localhost refuses this client (echoddns/.*); check server in account d2' "$T/err"
for c in 911 dnserr interror; do
	answer "$c" 75 "$(fault_code "$c")"
	expect_calls "$c: not retried within the run" 1
	check "$c: says the next run tries again" grep -q 'the next run tries again' "$T/err"
done
answer "an answer in capitals" 0 '{"action": "update", "kind": "body", "body": "GOOD 203.0.113.10\r\n"}'
answer "an answer that is none" 76 '{"action": "update", "kind": "body", "body": "<html><body>Welcome</body></html>"}'
check "no answer: says so" grep -q 'HTTP 200 with a reply that is no dyndns2 answer' "$T/err"
expect_calls "no answer: not retried" 1
answer "an empty reply" 76 '{"action": "update", "kind": "empty"}'
answer "a huge reply" 76 '{"action": "update", "kind": "huge", "size": 1048576}'
check "a huge reply: says so" grep -q 'more than any dyndns2 reply' "$T/err"
answer "good, but another address" 76 '{"action": "update", "kind": "body", "body": "good 198.51.100.254\n"}'
check "good, but another address: said" grep -q "the server set $HA to 198.51.100.254, not $L1" "$T/err"
answer "an HTML 502 each time: retried, then 75" 75 '{"action": "update", "kind": "html", "times": -1}'
expect_calls "an HTML 502 each time" 4
answer "an HTML 502 once: retried" 0 '{"action": "update", "kind": "html"}'
expect_calls "an HTML 502 once" 2
answer "a 401 status with a good answer: the body decides" 0 '{"action": "update", "kind": "body", "http": 401, "body": "good 203.0.113.10"}'
answer "HTTP 429 each time: throttled" 75 '{"action": "update", "kind": "http", "status": 429, "body": "slow down", "times": -1}'
mark
prun sync
expect_rc "throttled: the next run leaves it alone" 75
expect_calls "throttled: the next run" 0
check "throttled: says so" grep -q 'the provider throttled us' "$T/err"

# ---- abuse, and an hour of silence ----

# Oray reportedly answers abuse to a wrong password.
d2_fake "{\"$HA\": {\"A\": \"192.0.2.99\"}}" '"auth_answer": "abuse"'
D2_PASSWORD="wrong-$SECRET" d2_config
lines "$L1" "$L2" "$L3" 192.0.2.99
mark
prun sync
expect_rc "abuse" 77
check "abuse: says the host is blocked, and for how long" \
    grep -q "abuse: localhost blocks updates of $HA for abuse.*no request to it for an hour" "$T/err"
check "abuse: and that echoddns holds off" \
    grep -q 'the provider blocked us for abuse; next try after 3600 s' "$T/err"
check "abuse: kept in the state file" grep -q '"blocked for abuse"' "$T/state/state.json"
printf '%s\n' "$SECRET" >"$T/d2.secret"
mark
prun sync
expect_rc "abuse: the next run" 77
expect_calls "abuse: the next run sends nothing" 0
check "abuse: the next run says why" grep -q 'the provider blocked us (blocked for abuse); leaving it alone for' "$T/err"
if [ "$TIMED" -eq 1 ]; then
	# 55 minutes, not 59: the real seconds the runs take (valgrind's, a
	# busy machine's) move the clock on too.
	later 3300
	mark
	prun sync
	expect_rc "abuse: 55 min later, still silent" 77
	expect_calls "abuse: 55 min later" 0
	later 301
	mark
	prun sync
	expect_rc "abuse: an hour later, the update goes" 0
	expect_calls "abuse: an hour later" 1
	expect_held "abuse: an hour later" "$L1"

	# Repeated nochg is abuse too: state lost, the name not found.
	d2_fake "{\"$HA\": {\"A\": \"$L1\"}}"
	SOURCES="dns1.example.com dns2.example.com" d2_config
	hosts "$L1 dns1.example.com" "$L2 dns2.example.com"
	mark
	prun sync
	expect_rc "state lost, name not found: one update" 0
	check "state lost: the server answered nochg" \
	    test "$(last_log answer)" = '["nochg"]'
	rm -rf "$T/state"
	later 61
	mark
	prun sync
	expect_rc "the same again: the server calls it abuse" 77
	expect_calls "the same again" 1
	rm -rf "$T/state"
	hosts "$L1 dns1.example.com" "$L2 dns2.example.com" "$L1 $HA"
	later 3601
	mark
	prun sync
	expect_rc "with the name found, no nochg is sent" 2
	expect_calls "with the name found" 0
fi

# ---- AAAA, beside the A address ----

d2_fake "{\"$HA\": {\"A\": \"$L1\", \"AAAA\": \"2001:db8::99\"}}"
hosts "2001:db8::1 dns1.example.com" "2001:db8::2 dns2.example.com" \
    "2001:db8::99 $HA"
SOURCES="dns1.example.com dns2.example.com" d2_config "type = AAAA"
mark
prun sync
expect_rc "AAAA" 0
check "AAAA: myip is the IPv6 address" \
    test "$(last_log params)" = "{\"hostname\": \"$HA\", \"myip\": \"2001:db8::1\"}"
check "AAAA: the IPv6 address held" test "$(held "$HA" AAAA)" = 2001:db8::1
check "AAAA: the A address left alone" test "$(held "$HA" A)" = "$L1"

# ---- the name asked of the service's name server ----

# resolver = the fake's own DNS: what the name holds, fresh (TTL 0).
FAKE_ARGS="--dns-port-file $T/dns.port" d2_fake "{\"$HA\": {\"A\": \"$L1\"}}"
SOURCES="$L1 $L2" d2_config "resolver = 127.0.0.1:$(cat "$T/dns.port")"
mark
prun sync
expect_rc "resolver = the service's name server: in sync, no state" 2
expect_calls "the service's name server says so" 0
# Changed behind echoddns's back (in the console, say): --force sees it.
python3 - "$T/fake.json" "$HA" <<'EOP'
import json, os, sys
p = sys.argv[1]; s = json.load(open(p))
s["accounts"]["e2euser"]["hosts"][sys.argv[2]]["A"] = "192.0.2.98"
json.dump(s, open(p + ".t", "w")); os.replace(p + ".t", p)
EOP
mark
prun sync
expect_rc "changed at the service: the state file still trusted" 2
expect_calls "the state file still trusted" 0
mark
prun sync --force
expect_rc "changed at the service: --force asks the name server" 0
expect_calls "--force asks the name server" 1
expect_held "--force" "$L1"

# ---- secrets, and the -vvv trace ----

d2_fake "{\"$HA\": {\"A\": \"192.0.2.99\"}}"
lines "$L1" "$L2" "$L3" 192.0.2.99
ACCOUNT_EXTRA="contact = ops@example.net" d2_config
prun -vvv sync
expect_rc "-vvv sync" 0
check "-vvv: the Authorization header is redacted" \
    grep -q '^echoddns: > Authorization: \[redacted\]' "$T/err"
check "-vvv: the User-Agent shown" \
    grep -q '^echoddns: > User-Agent: echoddns/.* (multi-WAN fail-over; ops@example.net)' "$T/err"
check "-vvv: the answer's status line shown" grep -q '^echoddns: < HTTP/1.1 200' "$T/err"
check "-vvv: neither the password nor its Basic form" \
    test -z "$(grep -F -e "$SECRET" -e "$B64" "$T/err" "$T/out")"

# ---- plain http://: 3322 and Oray by name, in a network namespace ----

if ip netns add "$NS" 2>/dev/null; then
	ip netns exec "$NS" ip link set lo up
	stop_fake
	cat >"$T/fake.json" <<EOS
{"accounts": {"$D2USER": {"password": "$SECRET",
  "hosts": {"$HA": {"A": "192.0.2.99"}}}}, "faults": []}
EOS
	ip netns exec "$NS" python3 "$ROOT/tests/fakes/dyndns2_fake.py" \
	    --state "$T/fake.json" --log "$T/api.log" --port 80 \
	    --bind 127.0.0.1 --port-file "$T/port80" 2>"$T/fake80.err" &
	PLAIN_PID=$!
	i=0
	while [ ! -s "$T/port80" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	rm -rf "$T/state"
	lines "$L1" "$L2" "$L3" 192.0.2.99
	echo "127.0.0.1 members.3322.net ddns.oray.com" >>"$T/hosts"
	ENDPOINT= d2_config
	mark
	NSEXEC="ip netns exec $NS" run sync
	expect_rc "server = 3322, over plain http://" 0
	check "3322: the update went to /dyndns/update" \
	    test "$(last_log path)" = /dyndns/update
	check "3322: the run warns, naming the server" \
	    grep -q "warning: dyndns2 update of $HA at members.3322.net: sent over plain http://" "$T/err"
	SERVER=oray ENDPOINT= d2_config
	lines "$L2" "$L1" "$L3" "$L1"
	echo "127.0.0.1 members.3322.net ddns.oray.com" >>"$T/hosts"
	rm -rf "$T/state"
	d2_set clock_offset 61
	mark
	NSEXEC="ip netns exec $NS" run sync
	expect_rc "server = oray, over plain http://" 0
	check "oray: the update went to /ph/update" test "$(last_log path)" = /ph/update
	check "oray: the run warns, naming the server" grep -q 'at ddns.oray.com: sent over plain http://' "$T/err"
	check "plain http://: the password not printed" \
	    test -z "$(grep -F -e "$SECRET" -e "$B64" "$T/err" "$T/out")"
else
	echo "# skipped: plain http:// by name (no network namespace)"
fi

# The Basic form of the password is as secret as the password.
if grep -rqF -e "$B64" "$T" --exclude=fake.json 2>/dev/null; then
	not_ok "the Basic auth credential appears in output"
else
	ok "the Basic auth credential appears in no output or log"
fi
echo "# dyndns2: API calls of an in-sync run: ${IN_SYNC_NOSTATE:-?} without state (the name looked up), ${IN_SYNC_STATE:-?} with, ${IN_SYNC_FORCE:-?} with --force; of a redial of the preferred line: ${REDIAL:-?}; of a fail-over: ${FAILOVER:-?}"
finish
