#!/bin/bash
# test_state.sh - what the state file buys: no API call when nothing
# changed, verification every verify_every, last good addresses standing in
# for a failed source until stale_after, and a damaged file never blocking.
. "$(dirname "$0")/lib.sh"

fake_state "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.20),
  $(rec 2003 a.dns 192.0.2.99)]"
start_fake
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"
SOURCES="dns1.example.com dns2.example.com"
config

run sync
expect_rc "first sync disables the spare" 0
check "state file written, mode 0600" test "$(stat -c %a "$T/state/state.json")" = 600
mark
run sync
expect_rc "in sync" 2
IN_SYNC=$(calls)
echo "# API calls of an in-sync run with a state file: $IN_SYNC"
check "in sync with a state file: no API call" test "$IN_SYNC" -eq 0
mark
run sync --force
expect_rc "--force reads the provider" 2
check "--force: one listing call" test "$(calls)" -eq 1
before=$(stat -c %Y.%i "$T/state/state.json")
run sync
check "a stable run leaves the state file alone" \
    test "$(stat -c %i "$T/state/state.json")" = "${before#*.}"

# A manual edit at the provider is found by the next verification.
python3 - "$T/fake.json" <<'EOP'
import json, os, sys
p = sys.argv[1]; s = json.load(open(p))
for r in s["records"]:
    if r["RecordId"] == "2002": r["Value"] = "198.51.100.66"
json.dump(s, open(p + ".t", "w")); os.replace(p + ".t", p)
EOP
run sync
expect_rc "manual edit within verify_every is not seen yet" 2
config "verify_every = 1"
sleep 1.2
mark
run sync
expect_rc "after verify_every the edit is repaired" 0
check "repair: one update" test "$(writes)" -eq 1
check "repair: records" test "$(records)" = "$(printf '192.0.2.99 disable 600\n198.51.100.20 enable 600\n203.0.113.10 enable 600')"
config "verify_every = 0"
mark
run sync
check "verify_every = 0: every run reads the provider" test "$(calls)" -eq 1

# A source fails: its last good address stands in (exit 68, nothing lost),
# and the plan is whole, so a spare can still be reused.
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com" \
    "192.0.2.33 dns3.example.com"
SOURCES="dns1.example.com dns2.example.com dns3.example.com" config
run sync
expect_rc "third line" 0
hosts "203.0.113.10 dns1.example.com" "192.0.2.34 dns3.example.com"
mark
run --json sync
expect_rc "failed source within stale_after" 68
check "failed source: its last good address stands in" python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
s = g["sources"][1]
assert s["status"] == "stale" and s["addresses"] == ["198.51.100.20"], s
assert sorted(g["desired"]) == ["192.0.2.34", "198.51.100.20", "203.0.113.10"], g
' "$T/out"
check "failed source: the other line still moved" test "$(writes)" -eq 1
check "failed source: records" test "$(records)" = "$(printf '192.0.2.34 enable 600\n198.51.100.20 enable 600\n203.0.113.10 enable 600')"

# Past stale_after the last good addresses no longer count: the line is
# unknown, so spare records are neither reused nor disabled.
SOURCES="dns1.example.com dns2.example.com dns3.example.com" config "stale_after = 1"
sleep 1.2
hosts "203.0.113.10 dns1.example.com" "192.0.2.35 dns3.example.com"
mark
run --json sync
expect_rc "failed source past stale_after" 68
check "past stale_after: the source is failed, not stale" python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
assert g["sources"][1]["status"] == "failed", g["sources"][1]
' "$T/out"
check "past stale_after: the moved line is added, no spare reused or disabled" \
    test "$(calls AddDomainRecord)" -eq 1 -a "$(writes)" -eq 1
check "past stale_after: 198.51.100.20 kept" grep -q '198.51.100.20 enable' <(records)

# A damaged state file is ignored with one warning and rebuilt.
printf '{"version": 1, "groups": {"home": [truncated' >"$T/state/state.json"
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com" \
    "192.0.2.35 dns3.example.com"
run sync --force
check "damaged state: the run goes on" test "$RC" -eq 0 -o "$RC" -eq 2
check "damaged state: one warning naming the file" test "$(grep -c 'state.json' "$T/err")" -eq 1
check "damaged state: rebuilt" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/state/state.json"
printf '\0\0garbage' >"$T/state/state.json"
run sync --force
check "garbage state: the run goes on" test "$RC" -eq 0 -o "$RC" -eq 2

# A state file that is a symbolic link, here to a secret file, is not
# followed: the run goes on, the warning names the file and says why, and
# quotes nothing of the secret; the save replaces the link, not the file.
printf 'ZqxStateLinkSecret\n' >"$T/other.secret"
chmod 600 "$T/other.secret"
rm -f "$T/state/state.json"
ln -s "$T/other.secret" "$T/state/state.json"
run sync --force
check "state symlink: the run goes on" test "$RC" -eq 0 -o "$RC" -eq 2
check "state symlink: one warning naming the file" test "$(grep -c 'state.json' "$T/err")" -eq 1
check "state symlink: the warning says why" grep -q 'state.json.*symbolic link' "$T/err"
check "state symlink: nothing of the secret in any output" sh -c '! grep -q Zqx "$1"' sh "$T/all.out"
check "state symlink: the secret file is untouched" test "$(cat "$T/other.secret")" = ZqxStateLinkSecret
check "state symlink: replaced by a state file" test -f "$T/state/state.json" -a ! -L "$T/state/state.json"
mark
run sync
check "state symlink: the next run trusts the new file" test "$RC" -eq 2 -a "$(calls)" -eq 0 -a ! -s "$T/err"

# A state file from another configuration is not trusted.
NAME=b.example.com config
mark
run sync
check "another target: the provider is read" test "$(calls 'Describe.*')" -ge 1

finish
