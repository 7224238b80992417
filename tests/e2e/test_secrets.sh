#!/bin/bash
# test_secrets.sh - secrets never appear in any output: every verbosity,
# --json, error messages, the -vvv HTTP trace; and files that would expose
# them are refused with the fix named.
. "$(dirname "$0")/lib.sh"

fake_state "[$(rec 2001 a.dns 198.51.100.99)]"
start_fake
hosts "203.0.113.10 dns1.example.com"
SOURCES="dns1.example.com"

for sig in v1 v3; do
	ACCOUNT_EXTRA="signature = $sig" config
	rm -rf "$T/state"
	run -vvv sync --dry-run
	check "$sig: -vvv dry run works" test "$RC" -eq 0
	check "$sig: the trace shows headers" grep -q '^echoddns: > POST' "$T/err"
	check "$sig: the Authorization header is redacted" \
	    sh -c '! grep -qi "authorization: ACS3" "$1"' sh "$T/err"
	check "$sig: no V1 Signature parameter in any output" \
	    sh -c '! grep -q "Signature=" "$1" "$2"' sh "$T/err" "$T/out"
	run -vvv --json sync
	check "$sig: -vvv --json sync works" test "$RC" -eq 0 -o "$RC" -eq 2
	run -vvv --json status
	fresh "[$(rec 2001 a.dns 198.51.100.99)]"
done

# A rejected signature: the server's string to sign is shown (it holds no
# secret), the secret is not.
ACCOUNT_SECRET=$SECRET-but-wrong config
run -vv sync
expect_rc "wrong secret" 77
check "wrong secret: the wrong secret is not shown either" \
    sh -c '! grep -q "but-wrong" "$1"' sh "$T/err"

# An STS account: its security token is a credential too. It travels in
# the V1 body and the V3 x-acs-security-token header, and the server's
# string to sign in a SignatureDoesNotMatch reply would carry it.
TOKEN=STStoken-DoNotPrint-42
for sig in v1 v3; do
	ACCOUNT_KEYID=STS.LTAItemp ACCOUNT_SECRET=sts-secret \
	    ACCOUNT_EXTRA="signature = $sig
security_token = $TOKEN" config
	rm -rf "$T/state"
	run -vvv sync --dry-run
	check "$sig: STS account works" test "$RC" -eq 0
	check "$sig: the token is nowhere in the output" \
	    sh -c '! grep -qF "$1" "$2" "$3"' sh "$TOKEN" "$T/err" "$T/out"
	ACCOUNT_KEYID=STS.LTAItemp ACCOUNT_SECRET=sts-wrong \
	    ACCOUNT_EXTRA="signature = $sig
security_token = $TOKEN" config
	run -vvv sync
	expect_rc "$sig: STS account, wrong secret" 77
	check "$sig: a rejected signature does not show the token" \
	    sh -c '! grep -qF "$1" "$2" "$3"' sh "$TOKEN" "$T/err" "$T/out"
done

# The secret from the environment.
cat >"$T/env.ini" <<EOC
[echoddns]
state_dir = $T/state
[account ali]
provider = alidns
access_key_id = $KEYID
access_key_secret_env = ECHODDNS_TEST_SECRET
endpoint = https://localhost:$PORT
ca_file = $CERTS/ca.pem
[group home]
account = ali
zone = example.com
name = a.dns.example.com
sources = dns1.example.com
EOC
chmod 600 "$T/env.ini"
ECHODDNS_TEST_SECRET=$SECRET $NSEXEC unshare -m sh -c \
    'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh "$T/hosts" \
    $WRAP "$BIN" -c "$T/env.ini" -vvv --json sync >"$T/out" 2>"$T/err"
RC=$?
check "secret from the environment works" test "$RC" -eq 0 -o "$RC" -eq 2
cat "$T/out" "$T/err" >>"$T/all.out"

# An inline secret in a file others can read is refused, naming the fix.
cat >"$T/inline.ini" <<EOC
[account ali]
provider = alidns
access_key_id = $KEYID
access_key_secret = $SECRET
[group home]
account = ali
zone = example.com
name = a.dns.example.com
sources = dns1.example.com
EOC
chmod 644 "$T/inline.ini"
"$BIN" -c "$T/inline.ini" check >"$T/out" 2>"$T/err"
RC=$?
cat "$T/out" "$T/err" >>"$T/all.out"
expect_rc "inline secret in a 0644 file" 78
check "inline secret: names chmod 600" grep -q 'chmod 600' "$T/err"
chmod 600 "$T/inline.ini"
"$BIN" -c "$T/inline.ini" check >"$T/out" 2>"$T/err"
RC=$?
expect_rc "inline secret in a 0600 file" 0

# A secret file that is a symbolic link to /etc/shadow is refused, and
# nothing of /etc/shadow is shown.
if [ -r /etc/shadow ]; then
	ln -sf /etc/shadow "$T/shadow.secret"
	sed "s|^access_key_secret = .*|access_key_secret_file = $T/shadow.secret|" \
	    "$T/inline.ini" >"$T/shadow.ini"
	chmod 600 "$T/shadow.ini"
	"$BIN" -c "$T/shadow.ini" -vv check >"$T/out" 2>"$T/err"
	RC=$?
	expect_rc "secret file linked to /etc/shadow" 78
	check "/etc/shadow: nothing of it shown" \
	    sh -c '! grep -q "root:" "$1" "$2"' sh "$T/out" "$T/err"
	cat "$T/out" "$T/err" >>"$T/all.out"
fi

finish
