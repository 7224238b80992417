#!/bin/bash
# test_demo.sh - the README's quick start: `make demo` and `make demo
# PROVIDER=NAME`, every demo run as a user runs it (tests/demo.sh), with
# this suite's binary (ECHODDNS_BIN, under ECHODDNS_WRAP when set). Each
# step's exit status, what the HA name holds at the end, the API calls,
# no secret in the output, and no fake left running.
. "$(dirname "$0")/lib.sh"

# demo NAME STATUSES CALLS: run the demo of NAME into $T/NAME.out; its
# steps exited with STATUSES (in order, spaces) after CALLS API calls.
demo() {
	local p=$1 got d
	DEMO_TMP=$T ECHODDNS_BIN=$BIN PROVIDER=$p sh "$ROOT/tests/demo.sh" \
	    >"$T/$p.out" 2>&1
	RC=$?
	expect_rc "$p demo" 0
	got=$(sed -n 's/^(exit \([0-9]*\))$/\1/p' "$T/$p.out" | tr '\n' ' ')
	if [ "$got" = "$2 " ]; then ok "$p demo: steps exit $2"; else
		not_ok "$p demo: steps exit $got, wanted $2"
		sed 's/^/#   /' "$T/$p.out"
	fi
	got=$(sed -n 's/^\(API calls\|Update requests\) made: \([0-9]*\);.*/\2/p' \
	    "$T/$p.out")
	if [ "$got" = "$3" ]; then ok "$p demo: $3 API calls"; else
		not_ok "$p demo: ${got:-no} API calls, wanted $3"; fi
	check "$p demo: no secret in its output" \
	    sh -c '! grep -qE "demo-(secret|sk|password)-not-real|DemoToken" "$1"' \
	    sh "$T/$p.out"
	d=$T/demo-$p
	[ "$p" = alidns ] && d=$T/demo
	check "$p demo: its fake is gone" \
	    sh -c '[ -s "$1/api.log" ] && ! pgrep -f -- "$1/api.log" >/dev/null' \
	    sh "$d"
}

# after NAME: the addresses in the demo's "after" listing, sorted.
after() {
	sed -n '/^after/,/^$/p' "$T/$1.out" |
	    grep -oE '([0-9]{1,3}\.){3}[0-9]{1,3}' | sort | tr '\n' ' '
}
LIVE="192.0.2.30 198.51.100.77 203.0.113.10 "

# Three lines, one redials; the name lists every line's address.
demo alidns "0 0 2 0" 7
check "alidns demo: the name lists every line" test "$(after alidns)" = "$LIVE"
check "alidns demo: the stale record was updated, not replaced" \
    grep -q '1455680456002021   198.51.100.77' "$T/alidns.out"
demo dnspod "0 0 2 0" 7
check "dnspod demo: the name lists every line" test "$(after dnspod)" = "$LIVE"
check "dnspod demo: record IDs beyond 2^53 kept exact" \
    grep -q '^    9007199254740994   198.51.100.77' "$T/dnspod.out"
# Line 3 goes away at the end: its last good address stands (exit 68).
demo cloudflare "0 0 2 0 68" 10
check "cloudflare demo: the name keeps every line" \
    test "$(after cloudflare)" = "$LIVE"
demo huaweicloud "0 0 2 0" 8
check "huaweicloud demo: one record set with every line" \
    grep -q '^    ff8080825b8fc86c015b94bc6f8712c4 192.0.2.30,198.51.100.77,203.0.113.10 ttl 300 ACTIVE' \
    "$T/huaweicloud.out"

# The single address fails over and back, updates 61 s apart: the clock is
# moved with faketime, which reaches only a dynamically linked binary (else
# the demo would wait two minutes).
if clock_movable; then
	demo dyndns2 "0 0 2 2 0 0" 3
	check "dyndns2 demo: the name fails over to line 2 and back" test \
	    "$(sed -n 's/^    ha.example.net holds //p' "$T/dyndns2.out" |
	    tr '\n' ' ')" = "192.0.2.99 127.0.0.12 127.0.0.11 "
else
	echo "# skipped: the dyndns2 demo (faketime cannot move this binary's clock)"
fi

RC=0
DEMO_TMP=$T PROVIDER=nosuch sh "$ROOT/tests/demo.sh" >"$T/out" 2>"$T/err" ||
    RC=$?
expect_rc "unknown provider" 64
check "unknown provider: the demos there are" \
    grep -q 'alidns cloudflare dnspod dyndns2 huaweicloud' "$T/err"
finish
