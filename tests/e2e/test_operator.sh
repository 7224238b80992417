#!/bin/bash
# test_operator.sh - what an operator reads when something fails: errors
# that name the account and the key to fix, one line per failure, the
# provider's words in --json, and the same exit status whatever the
# resolver; the lock and the state directory. (Issue 10, items 2, 3, 4, 6
# and 7; 5: --syslog on a terminal; 8: what check catches.)
. "$(dirname "$0")/lib.sh"

fake_state "[$(rec 1001 dns1 203.0.113.10), $(rec 1002 dns2 198.51.100.20),
  $(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.99)]"
start_fake
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"
SOURCES="dns1.example.com dns2.example.com"

not() {
	! "$@"
}

# A rejected secret: which account, where, what to check; the server's
# long string to sign only at -vv.
ACCOUNT_SECRET=wrong-secret config
run sync
expect_rc "wrong secret" 77
check "wrong secret: names the account, file:line and the key to check" \
    grep -q "account ali (.*echoddns\.ini:[0-9]*): the provider rejected the secret (SignatureDoesNotMatch); check access_key_secret" "$T/err"
check "wrong secret: one line" test "$(wc -l <"$T/err")" -eq 1
check "wrong secret: no string to sign by default" \
    not grep -qi 'string to sign' "$T/err"
run -vv sync
check "wrong secret: the string to sign at -vv" grep -qi 'string to sign' "$T/err"
run --json sync
check "wrong secret: --json error has the provider's code and message" \
    python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
e = g["error"]
assert e.startswith("records could not be read: SignatureDoesNotMatch: "), e
assert "string to sign" in e, e' "$T/out"

ACCOUNT_KEYID=LTAInobody config
run sync
expect_rc "unknown key ID" 77
check "unknown key ID: says so and names the key to check" \
    grep -q "account ali (.*): the provider does not know the key ID.*(InvalidAccessKeyId.NotFound); check access_key_id" "$T/err"

# A key that may read but not write: the action it may not call.
ACCOUNT_KEYID=LTAIreadonly ACCOUNT_SECRET=ro-secret config
run sync
expect_rc "read-only key" 77
check "read-only key: names the API action it may not call" \
    grep -q "account ali (.*): the key may not call UpdateDomainRecord (Forbidden.RAM)" "$T/err"
run --json sync
check "read-only key: --json says which change failed, and why" python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
assert g["error"].startswith("a change failed: Forbidden.RAM: "), g["error"]' "$T/out"

# One line per failure, with the attempts in it; each attempt at -v.
config
fault '{"action": "*", "kind": "http", "status": 503, "body": "busy", "times": -1}'
run sync --force
expect_rc "HTTP 503 on every attempt" 75
check "503: one line for the failed call" \
    test "$(grep -c 'DescribeSubDomainRecords' "$T/err")" -eq 1
check "503: the line says how many attempts" \
    grep -q 'HTTP 503 (gave up after 4 attempts)' "$T/err"
run -v sync --force
check "503 at -v: each retried attempt" \
    test "$(grep -c 'attempt [0-9] of 4 failed, retrying' "$T/err")" -eq 3
ENDPOINT=https://localhost:1 config
run sync --force
expect_rc "unreachable endpoint" 75
check "unreachable: one line, with the attempts" test "$(wc -l <"$T/err")" -eq 1 -a \
    "$(grep -c 'gave up after [0-9] attempts' "$T/err")" -eq 1

# The cause decides the status, not the resolver: an outage is 75 with
# resolver = api too, where the provider answers for the sources.
python3 - "$T/fake.json" <<'EOP'
import json, os, sys
p = sys.argv[1]; s = json.load(open(p)); s["faults"] = []
json.dump(s, open(p + ".t", "w")); os.replace(p + ".t", p)
EOP
ENDPOINT=https://localhost:1 config "resolver = api"
run sync
expect_rc "resolver = api, unreachable endpoint" 75
config "resolver = api"
fault '{"action": "*", "kind": "error", "code": "Throttling.User", "http": 400, "times": -1}'
run sync --force
expect_rc "resolver = api, throttled" 75
python3 - "$T/fake.json" <<'EOP'
import json, os, sys
p = sys.argv[1]; s = json.load(open(p)); s["faults"] = []
json.dump(s, open(p + ".t", "w")); os.replace(p + ".t", p)
EOP
fault '{"action": "*", "kind": "html", "times": -1}'
run sync --force
expect_rc "resolver = api, HTTP 502" 75
check "resolver = api, HTTP 502: the source is not called missing" \
    not grep -q 'EX_NOHOST' "$T/err"

# Item 4: hotplug and cron runs meet routinely. Under -q a run that finds
# the lock held says nothing and exits 75; without -q it says why.
config
mkdir -p "$T/state"
rm -f "$T/held"
flock "$T/state/echoddns.lock" sh -c ': >"$1"; sleep 30' sh "$T/held" &
holder=$!
i=0
while [ ! -e "$T/held" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
run -q sync
expect_rc "lock held, -q" 75
check "lock held, -q: nothing printed" test ! -s "$T/err" -a ! -s "$T/out"
run sync
expect_rc "lock held, without -q" 75
check "lock held, without -q: the lock is named" grep -q 'another echoddns run holds the lock' "$T/err"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# Item 7: a run by a user who may not write state_dir is told which key to
# change, and exits 77 (permission), not 75 (temporary).
U=$(mktemp -d /tmp/echoddns-user.XXXXXX)
mkdir "$U/state"
chmod 755 "$U/state"
config
sed -e "s|^state_dir = .*|state_dir = $U/state|" \
    -e "s|^access_key_secret_file = .*|access_key_secret_file = $U/ali.secret|" \
    "$T/echoddns.ini" >"$U/echoddns.ini"
cp "$T/ali.secret" "$U/ali.secret"
chown -R 65534:65534 "$U"
chown 0:0 "$U/state"
chmod 600 "$U/echoddns.ini" "$U/ali.secret"
as_nobody() {
	$NSEXEC unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
	    sh "$T/hosts" setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$BIN" -c "$U/echoddns.ini" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	cat "$T/out" "$T/err" >>"$T/all.out"
}
as_nobody sync
expect_rc "state_dir not writable" 77
check "state_dir not writable: names the directory and the key" \
    grep -q "$U/state: Permission denied; state_dir in \[echoddns\] must name a directory this user may write" "$T/err"
rm -rf "$U"

# Item 5: --syslog with stderr a terminal: errors reach the screen too
# (script(1) gives the run a terminal); without one, syslog only.
printf '[group x]\nbogus = 1\n' >"$T/bad.ini"
chmod 600 "$T/bad.ini"
script -qec "$BIN --syslog -c $T/bad.ini check" /dev/null >"$T/out" 2>"$T/err"
RC=$?
expect_rc "--syslog on a terminal" 78
check "--syslog on a terminal: the errors are shown" \
    grep -q "bad.ini:2: unknown key 'bogus'" "$T/out"
"$BIN" --syslog -c "$T/bad.ini" check >"$T/out" 2>"$T/err"
RC=$?
expect_rc "--syslog, no terminal" 78
check "--syslog, no terminal: nothing on stderr" test ! -s "$T/err"

# Item 8: check catches what the provider would reject later: a quoted key
# ID is refused with the reason; a TTL below the provider's usual minimum
# is a warning, and check still passes.
ACCOUNT_KEYID="\"$KEYID\"" config
run check
expect_rc "check, quoted key ID" 78
check "check, quoted key ID: says quotes are taken literally" \
    grep -q 'echoddns.ini:[0-9]*: access_key_id: holds a quote; quotes are taken literally' "$T/err"
check "check, quoted key ID: the key ID is not shown" not grep -q "$KEYID" "$T/err"
config "ttl = 60"
run check
expect_rc "check, ttl below the provider's minimum" 0
check "check, ttl below the minimum: warned, with file:line" \
    grep -q 'echoddns.ini:[0-9]*: ttl 60 is below 600, the least alidns usually accepts' "$T/err"
config "ttl = 600"
run check
check "check, ttl 600: no warning" test ! -s "$T/err"

# Item 11: pinned records, one address more than pins. The sync writes what
# it can and exits 65; status then must not say "in sync".
fresh "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.99)]"
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com" \
    "192.0.2.77 dns3.example.com"
SOURCES="dns1.example.com dns2.example.com dns3.example.com" \
    config "records = 2001 2002"
run sync
expect_rc "pinned, one address too many: sync" 65
run status
expect_rc "pinned, one address too many: status" 65
check "pinned, one address too many: status never says in sync" \
    not grep -q 'in sync$' "$T/out"
check "pinned, one address too many: status names the address left out" \
    grep -q '^  not in sync: no record can hold 192.0.2.77' "$T/out"
run --json status
check "pinned, one address too many: --json lists it as unplaced" python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
assert g["unplaced"] == ["192.0.2.77"], g' "$T/out"

# Item 12: sync -v ends each group with one verdict line; read from the
# provider now, or from the state file with the age of what it verified.
fresh "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.20)]"
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"
SOURCES="dns1.example.com dns2.example.com" config
run -v sync
expect_rc "verdict: in sync" 2
check "verdict: the last line, provider read now" \
    test "$(tail -n 1 "$T/err")" = "echoddns: home: a.dns.example.com in sync, 2 records, verified now"
if clock_movable; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    WRAP="faketime -f +240s $WRAP" run -v sync
	check "verdict: from the state file, with its age" \
	    test "$(tail -n 1 "$T/err")" = "echoddns: home: a.dns.example.com in sync, 2 records, verified 4 min ago"
else
	echo "# skipped: the verdict's age (the clock of this echoddns cannot be moved)"
fi
hosts "203.0.113.10 dns1.example.com" "198.51.100.21 dns2.example.com"
run -v sync
check "verdict: changed" \
    test "$(tail -n 1 "$T/err")" = "echoddns: home: a.dns.example.com changed (1 change), 2 records"
run sync
check "verdict: not without -v" not grep -q 'in sync' "$T/err"

# --help: the options, one exit status a line, the configuration path.
ECHODDNS_CONFIG=/etc/elsewhere.ini "$BIN" --help >"$T/out" 2>"$T/err"
RC=$?
expect_rc "--help" 0
check "--help: the options" grep -q -- '--dry-run' "$T/out"
check "--help: every exit status on its own line" \
    test "$(grep -cE '^  (0|2|64|65|68|69|70|75|76|77|78) +[a-z]' "$T/out")" -eq 11
check "--help: the configuration file" \
    grep -q '^Configuration file: /etc/elsewhere.ini' "$T/out"

finish
