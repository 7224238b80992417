#!/bin/bash
# test_importenv.sh - `echoddns import-env`: the docker-compose variables
# of the Python EchoDDNS for three lines give a configuration that passes
# check and syncs the pinned records against the fake Alidns, with the
# secret left in the environment.
. "$(dirname "$0")/lib.sh"

fake_state "[$(rec 1001 dns1 203.0.113.10), $(rec 1002 dns2 198.51.100.20),
  $(rec 1003 dns3 192.0.2.30),
  $(rec 1455682456000096 a.dns 198.51.100.97),
  $(rec 1455680456002021 a.dns 198.51.100.98),
  $(rec 1455682456000291 a.dns 198.51.100.99),
  $(rec 2004 a.dns 198.51.100.96)]"
start_fake
hosts
# The endpoint and CA file lib.sh's configurations use for the fake.
config
endpoint=$(sed -n 's/^endpoint = //p' "$T/echoddns.ini")
ca_file=$(sed -n 's/^ca_file = //p' "$T/echoddns.ini")
rm -f "$T/echoddns.ini" "$T/ali.secret"

# The seed README's compose file for three lines, unchanged.
compose() {
	env -i PATH="$PATH" ACCESSKEY_ID=$KEYID ACCESSKEY_SECRET=$SECRET \
	    DOMAIN_NAME=example.com DDNS1_DOMAIN=dns1.example.com \
	    DDNS2_DOMAIN=dns2.example.com DDNS3_DOMAIN=dns3.example.com \
	    A_DOMAIN=a.dns.example.com A_RecordId1=1455682456000096 \
	    A_RecordId2=1455680456002021 A_RecordId3=1455682456000291 "$@"
}

compose $WRAP "$BIN" import-env >"$T/imported.ini" 2>"$T/err"
RC=$?
expect_rc "import-env" 0
check "import-env: nothing on stderr" test ! -s "$T/err"
check "import-env: the secret is named, not copied" \
    grep -qx 'access_key_secret_env = ACCESSKEY_SECRET' "$T/imported.ini"
check "import-env: secret not in the INI" \
    sh -c '! grep -qF -e "$1" "$2"' sh "$SECRET" "$T/imported.ini"
check "import-env: pinned records" \
    grep -qx 'records = 1455682456000096 1455680456002021 1455682456000291' \
    "$T/imported.ini"

# The fake is not the real endpoint: point the account at it.
umask 077
sed -e "/^\[account /a endpoint = $endpoint" -e "/^\[account /a ca_file = $ca_file" \
    -e "/^\[account /i [echoddns]\nstate_dir = $T/state\n" \
    "$T/imported.ini" >"$T/echoddns.ini"

export ACCESSKEY_SECRET=$SECRET
run check
expect_rc "imported config passes check" 0
mark
run sync
expect_rc "imported config: sync" 0
check "imported config: the three pinned records hold the lines" \
    test "$(records)" = "$(printf '192.0.2.30 enable 600\n198.51.100.20 enable 600\n198.51.100.96 enable 600\n203.0.113.10 enable 600')"
check "imported config: only pinned records written" \
    test "$(writes)" -eq 3
run sync --force
expect_rc "imported config: in sync" 2

unset ACCESSKEY_SECRET
run check
expect_rc "imported config without ACCESSKEY_SECRET" 78
check "says what is missing" grep -qE 'ACCESSKEY_SECRET|access_key_secret_env' "$T/err"

# Nothing to import: every missing variable named, no INI written.
env -i PATH="$PATH" $WRAP "$BIN" import-env >"$T/out" 2>"$T/err"
RC=$?
expect_rc "import-env with no variables" 78
check "import-env with no variables: writes nothing" test ! -s "$T/out"
check "import-env with no variables: names them" \
    test "$(grep -c 'is not set' "$T/err")" -eq 5
compose $WRAP "$BIN" import-env extra >"$T/out" 2>"$T/err"
RC=$?
expect_rc "import-env takes no operands" 64

finish
