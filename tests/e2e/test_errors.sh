#!/bin/bash
# test_errors.sh - what each kind of failure exits with, and that failures
# write nothing they should not.
. "$(dirname "$0")/lib.sh"

fake_state "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.99)]"
start_fake
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"
SOURCES="dns1.example.com dns2.example.com"

# Credentials the provider does not know.
ACCOUNT_KEYID=LTAInobody config
mark
run sync
expect_rc "unknown AccessKeyId" 77
check "unknown AccessKeyId: named code" grep -q 'InvalidAccessKeyId.NotFound' "$T/err"
ACCOUNT_SECRET=wrong-secret config
run sync
expect_rc "wrong secret" 77
check "wrong secret: SignatureDoesNotMatch" grep -q 'SignatureDoesNotMatch' "$T/err"
ACCOUNT_KEYID=LTAIreadonly ACCOUNT_SECRET=ro-secret config
run sync
expect_rc "read-only RAM user" 77
check "read-only: Forbidden.RAM" grep -q 'Forbidden.RAM' "$T/err"
check "no write got through with bad credentials" test "$(records)" = "$(printf '198.51.100.99 enable 600\n203.0.113.10 enable 600')"

# A bad configuration.
config "ttl = forever"
run sync
expect_rc "bad config value" 78
check "bad config: file:line" grep -q 'echoddns.ini:[0-9]*:.*ttl' "$T/err"
run -c "$T/nonexistent.ini" sync
expect_rc "missing config file" 78
config
chmod 644 "$T/ali.secret"
run sync
expect_rc "group-readable secret file" 78
check "secret file: names the fix" grep -q 'chmod 600' "$T/err"
chmod 600 "$T/ali.secret"

# Unreachable endpoint (nothing listens on port 1).
ENDPOINT=https://localhost:1 config
run sync
expect_rc "unreachable endpoint" 75

# A server whose certificate comes from an unknown CA.
CA_FILE=$CERTS/otherca.pem config
run sync
expect_rc "unknown CA" 75
check "unknown CA: says it is the certificate" grep -qi 'certificate' "$T/err"

# http:// is refused for anything but loopback.
ENDPOINT=http://alidns.aliyuncs.com config
run check
expect_rc "http endpoint to a public host" 78

# A second concurrent run: the first holds the lock while its request
# hangs at the fake; the second exits 75 at once.
config
fault '{"action": "*", "kind": "hang", "seconds": 4, "times": 1}'
mark
run sync &
first=$!
# The first run holds the lock once its request hangs at the fake (under
# valgrind it may take more than a second to get there).
i=0
until tail -n +"$((MARK + 1))" "$T/api.log" | grep -q '"fault": "hang"' ||
    [ $i -ge 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
t0=$(date +%s)
unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
    sh "$T/hosts" "$BIN" -c "$T/echoddns.ini" sync >"$T/out2" 2>"$T/err2"
rc2=$?
t1=$(date +%s)
wait $first
check "second concurrent run exits 75" test "$rc2" -eq 75
check "second concurrent run does not wait" test $((t1 - t0)) -le 1
check "second concurrent run names the lock" grep -q 'lock' "$T/err2"
cat "$T/out2" "$T/err2" >>"$T/all.out"

# The whole-run deadline bounds a hanging provider.
TIMEOUT=3 config
fault '{"action": "*", "kind": "hang", "seconds": 30, "times": 5}'
t0=$(date +%s)
run sync --force
t1=$(date +%s)
expect_rc "hanging provider" 75
check "hanging provider: the run ends by its deadline" test $((t1 - t0)) -le 5
stop_fake
fake_state "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.99)]"
start_fake
rm -rf "$T/state"	# a new provider: what was verified no longer holds

# V3 signatures.
ACCOUNT_EXTRA="signature = v3" config
mark
run sync
expect_rc "V3-signed sync" 0
check "V3: the fake saw V3 requests only" test "$(tail -n +"$((MARK + 1))" "$T/api.log" | grep -c '"sigver": 3')" -eq "$(calls)"
check "V3: records" test "$(records)" = "$(printf '198.51.100.20 enable 600\n203.0.113.10 enable 600')"

finish
