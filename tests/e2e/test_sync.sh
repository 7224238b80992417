#!/bin/bash
# test_sync.sh - the sync contract end to end: the real binary, real TLS to
# the fake Alidns, real getaddrinfo (bind-mounted hosts file).
. "$(dirname "$0")/lib.sh"

# Three lines, and a stale HA name: two old values and one right one.
fake_state "[$(rec 1001 dns1 203.0.113.10), $(rec 1002 dns2 198.51.100.20),
  $(rec 1003 dns3 192.0.2.30),
  $(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.99),
  $(rec 2003 a.dns 192.0.2.99)]"
start_fake
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
config

run check
expect_rc "check accepts the config" 0

mark
run sync
expect_rc "first sync changes records" 0
check "first sync: HA name lists every line" \
    test "$(records)" = "$(printf '192.0.2.30 enable 600\n198.51.100.20 enable 600\n203.0.113.10 enable 600')"
check "first sync: two updates, nothing else written" \
    test "$(calls UpdateDomainRecord)" -eq 2 -a "$(writes)" -eq 2
check "first sync: one line per change on stderr" \
    test "$(grep -c 'updated record' "$T/err")" -eq 2
check "first sync: nothing on stdout" test ! -s "$T/out"

mark
run sync
expect_rc "second sync is in sync" 2
check "second sync: no write" test "$(writes)" -eq 0
check "second sync: quiet" test ! -s "$T/err" -a ! -s "$T/out"
IN_SYNC_CALLS=$(calls)
echo "# API calls of an in-sync run: $IN_SYNC_CALLS"
check "second sync: at most one API call" test "$IN_SYNC_CALLS" -le 1

# Line 2 redials: exactly one record moves.
hosts "203.0.113.10 dns1.example.com" "198.51.100.21 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
mark
run sync --dry-run
expect_rc "dry-run with a pending change" 0
check "dry-run writes nothing" test "$(writes)" -eq 0
check "dry-run says what it would do" grep -q 'would update record 2002 198.51.100.20 -> 198.51.100.21' "$T/err"

run status
expect_rc "status with a pending change" 0
check "status shows the pending update" grep -q 'update -> 198.51.100.21' "$T/out"

mark
run sync
expect_rc "redial: sync" 0
check "redial: one update of the record that held the old value" \
    test "$(calls UpdateDomainRecord)" -eq 1 -a "$(writes)" -eq 1
check "redial: records" \
    test "$(records)" = "$(printf '192.0.2.30 enable 600\n198.51.100.21 enable 600\n203.0.113.10 enable 600')"

# Two lines swap addresses: no write at all.
hosts "198.51.100.21 dns1.example.com" "203.0.113.10 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
mark
run sync
expect_rc "swapped addresses are in sync" 2
check "swapped addresses: no write" test "$(writes)" -eq 0

# Equal addresses on two lines (both behind one NAT): one record each value,
# the spare record is disabled, never a duplicate.
hosts "198.51.100.21 dns1.example.com" "198.51.100.21 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
run sync
expect_rc "equal addresses on two lines" 0
check "equal addresses: spare disabled, no duplicate" \
    test "$(records)" = "$(printf '192.0.2.30 enable 600\n198.51.100.21 enable 600\n203.0.113.10 disable 600')"

# The line comes back with its old address: the disabled record is enabled.
hosts "198.51.100.21 dns1.example.com" "203.0.113.10 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
mark
run sync
expect_rc "line back with its old address" 0
check "line back: enabled again, no update" \
    test "$(calls SetDomainRecordStatus)" -eq 1 -a "$(writes)" -eq 1
check "line back: records" \
    test "$(records)" = "$(printf '192.0.2.30 enable 600\n198.51.100.21 enable 600\n203.0.113.10 enable 600')"

# A fourth line: a record is added.
SOURCES="dns1.example.com dns2.example.com dns3.example.com dns4.example.com"
config
hosts "198.51.100.21 dns1.example.com" "203.0.113.10 dns2.example.com" \
    "192.0.2.30 dns3.example.com" "203.0.113.44 dns4.example.com"
mark
run sync
expect_rc "fourth line" 0
check "fourth line: one record added" test "$(calls AddDomainRecord)" -eq 1 -a "$(writes)" -eq 1
check "fourth line: added line says so" grep -q 'added record [0-9]* 203.0.113.44' "$T/err"

# A source that does not resolve: nothing is emptied, no spare is disabled.
hosts "198.51.100.21 dns1.example.com" "203.0.113.10 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
mark
run sync
expect_rc "unresolvable source" 68
check "unresolvable source: no write" test "$(writes)" -eq 0
check "unresolvable source: named in the warning" grep -q 'dns4.example.com' "$T/err"

# Every source fails: the HA name is never emptied.
hosts
mark
run sync
expect_rc "all sources fail" 68
check "all sources fail: no write" test "$(writes)" -eq 0
check "all sources fail: records untouched" test "$(records | grep -c enable)" -eq 4

# Private addresses are dropped unless allow_private.
SOURCES="dns1.example.com dns2.example.com"
config
hosts "198.51.100.21 dns1.example.com" "192.168.1.2 dns2.example.com"
run sync --dry-run -v
check "private address dropped (said at -v)" grep -q 'dropped 192.168.1.2: private' "$T/err"
config "allow_private = yes"
run sync --dry-run
check "allow_private keeps it" grep -q 'would update record [0-9]* [0-9.]* -> 192.168.1.2' "$T/err"

# --json: one document describing the group.
SOURCES="dns1.example.com dns2.example.com dns3.example.com"
config
hosts "198.51.100.21 dns1.example.com" "203.0.113.10 dns2.example.com" \
    "192.0.2.31 dns3.example.com"
run --json sync --dry-run
expect_rc "--json dry run" 0
check "--json: valid, with sources, records and actions" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
g = d["groups"][0]
assert d["status"] == 0 and d["dry_run"] is True
assert [s["host"] for s in g["sources"]] == ["dns1.example.com", "dns2.example.com", "dns3.example.com"]
assert g["sources"][2]["addresses"] == ["192.0.2.31"]
assert len(g["records_before"]) == 4
acts = [(a["action"], a["from"], a.get("to"), a["result"]) for a in g["actions"]]
assert acts == [("update", "192.0.2.30", "192.0.2.31", "planned"),
                ("disable", "203.0.113.44", None, "planned")], acts
' "$T/out"

# Options after the subcommand, -q, unknown group, bad usage.
run sync -q --dry-run home
expect_rc "options after the subcommand, GROUP" 0
check "-q prints no change lines" test ! -s "$T/err"
run sync nosuchgroup
expect_rc "unknown group" 64
run frobnicate
expect_rc "unknown command" 64
run sync --bogus
expect_rc "unknown option" 64
run -q -v sync
expect_rc "-q with -v" 64
"$BIN" --version >"$T/out" 2>&1
check "--version" grep -q '^echoddns [0-9]' "$T/out"

# The fake is addressed as localhost; an endpoint given as an IP address
# works too where libcurl's TLS library checks a certificate's IP address
# (the Debian build; the static build's mbedTLS 2.28 matches names only).
if ldd "$BIN" 2>/dev/null | grep -q 'libcurl\.so'; then
	ENDPOINT=https://127.0.0.1:$PORT config
	run sync
	check "an IP-address endpoint (127.0.0.1): sync works (exit $RC)" \
	    test "$RC" -eq 0 -o "$RC" -eq 2
	mark
	run sync --force
	expect_rc "IP-address endpoint: in sync" 2
	check "IP-address endpoint: the provider was read" test "$(calls)" -ge 1
else
	echo "# not a dynamic libcurl build: IP-address endpoint not tried"
fi

finish
