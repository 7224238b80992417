#!/bin/bash
# test_cabundle.sh - an account without ca_file: the system's CA bundle,
# found where libcurl looks or, when that file is missing (a static build
# on another system), in the other usual places. /etc/ssl is replaced by a
# scratch one in a private mount namespace; the test CA plays the system's.
. "$(dirname "$0")/lib.sh"

fake_state "[$(rec 2001 a.dns 198.51.100.97), $(rec 2002 a.dns 198.51.100.98)]"
start_fake
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"
SOURCES="dns1.example.com dns2.example.com" config
sed -i '/^ca_file = /d' "$T/echoddns.ini"

# run_ssl PATH ARGS...: echoddns with the test CA as /etc/ssl/PATH (and
# nothing else in /etc/ssl; PATH "-" for none).
run_ssl() {
	local path=$1
	shift
	$NSEXEC unshare -m sh -c 'mount --bind "$1" /etc/hosts &&
	    mount -t tmpfs tmpfs /etc/ssl && mkdir /etc/ssl/certs &&
	    if [ "$3" != - ]; then cp "$2" "/etc/ssl/$3"; fi &&
	    shift 3 && exec "$@"' sh "$T/hosts" "$CERTS/ca.pem" "$path" \
	    $WRAP "$BIN" -c "$T/echoddns.ini" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	cat "$T/out" "$T/err" >>"$T/all.out"
}

run_ssl - sync --force
expect_rc "no CA bundle anywhere: TLS fails" 75
check "no CA bundle anywhere: says so" grep -qi 'cert' "$T/err"

run_ssl certs/ca-certificates.crt sync --force
expect_rc "the bundle in Debian's place" 0

fresh "[$(rec 2001 a.dns 198.51.100.97), $(rec 2002 a.dns 198.51.100.98)]"
SOURCES="dns1.example.com dns2.example.com" config
sed -i '/^ca_file = /d' "$T/echoddns.ini"
mark
run_ssl cert.pem sync --force
expect_rc "the bundle only in /etc/ssl/cert.pem (Alpine, BSD)" 0
check "records written" test "$(writes)" -ge 2 -a \
    "$(records | cut -d ' ' -f 1 | tr '\n' ' ')" = "198.51.100.20 203.0.113.10 "

finish
