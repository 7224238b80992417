#!/bin/bash
# test_dns.sh - resolver = DNS servers ("free mode") with the real binary:
# dnsmasq serves the source names inside a private network namespace, a
# silent server and a SERVFAIL server stand beside it, and /etc/hosts holds
# stale answers that echoddns must not see.
NS=echoddns-e2e-$$
ip netns add "$NS" || { echo "0 passed, 1 failed"; exit 1; }
ip netns exec "$NS" ip link set lo up
NSEXEC="ip netns exec $NS"
. "$(dirname "$0")/lib.sh"

DNSPIDS=()
teardown() {
	for p in "${DNSPIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	cleanup
	ip netns del "$NS" 2>/dev/null
}
trap teardown EXIT
chmod 755 "$T"	# dnsmasq rereads its hosts file as nobody

dnshosts() {
	printf '%s\n' "$@" >"$T/dns.hosts"
	chmod 644 "$T/dns.hosts"
	[ -f "$T/dnsmasq.pid" ] && kill -HUP "$(cat "$T/dnsmasq.pid")"
	sleep 0.2
}
dnshosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
$NSEXEC /usr/sbin/dnsmasq -C /dev/null --keep-in-foreground --no-resolv \
    --no-hosts --addn-hosts="$T/dns.hosts" --local=/example.com/ \
    --cache-size=0 --listen-address=127.0.0.53 --bind-interfaces --port=53 \
    --pid-file="$T/dnsmasq.pid" --user=root --log-queries --log-facility="$T/dnsmasq.log" &
DNSPIDS+=($!)
$NSEXEC python3 "$ROOT/tests/resolve/fakedns.py" 127.0.0.54 53 drop >/dev/null 2>&1 &
DNSPIDS+=($!)
$NSEXEC python3 "$ROOT/tests/resolve/fakedns.py" 127.0.0.55 53 servfail >/dev/null 2>&1 &
DNSPIDS+=($!)
sleep 0.5

fake_state "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.99),
  $(rec 2003 a.dns 192.0.2.99)]"
start_fake
# Stale answers in /etc/hosts: resolver = servers must never read them.
hosts "203.0.113.250 dns1.example.com" "203.0.113.251 dns2.example.com" \
    "203.0.113.252 dns3.example.com"
config "resolver = 127.0.0.53" "resolve_timeout = 2"
run sync
expect_rc "answers come from the DNS server" 0
check "records follow the DNS server, not /etc/hosts" \
    test "$(records)" = "$(printf '192.0.2.30 enable 600\n198.51.100.20 enable 600\n203.0.113.10 enable 600')"
check "dnsmasq was asked" grep -q 'query\[A\] dns1.example.com' "$T/dnsmasq.log"

# A fresh answer is followed at once (no cache between runs).
dnshosts "203.0.113.10 dns1.example.com" "198.51.100.21 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
t0=$(date +%s%N)
run sync
t1=$(date +%s%N)
base=$(( (t1 - t0) / 1000000 ))
expect_rc "a changed answer" 0
check "a changed answer moves one record" grep -q 'updated record 2002 198.51.100.20 -> 198.51.100.21' "$T/err"

# A silent server first: the next one answers within resolve_timeout.
config "resolver = 127.0.0.54 127.0.0.53" "resolve_timeout = 2"
dnshosts "203.0.113.11 dns1.example.com" "198.51.100.21 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
t0=$(date +%s%N)
run sync
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
echo "# run with a silent first server: $ms ms (without: $base ms)"
expect_rc "silent first server: falls back to the next" 0
check "silent first server: the fresh answer arrived" grep -q 'updated record 2001 203.0.113.10 -> 203.0.113.11' "$T/err"
check "silent first server: costs less than resolve_timeout" \
    test $((ms - base)) -lt 2000

# NXDOMAIN for one line: last good address stands in, exit 68.
config "resolver = 127.0.0.53" "resolve_timeout = 2"
dnshosts "203.0.113.11 dns1.example.com" "192.0.2.30 dns3.example.com"
mark
run sync
expect_rc "NXDOMAIN" 68
check "NXDOMAIN: last good address kept, nothing written" test "$(writes)" -eq 0
check "NXDOMAIN: said" grep -q 'dns2.example.com' "$T/err"

# Only silent and SERVFAIL servers: the source fails as temporary, last
# good addresses stand in.
config "resolver = 127.0.0.54 127.0.0.55" "resolve_timeout = 2"
mark
run sync
expect_rc "no server answers" 68
check "no server answers: nothing written" test "$(writes)" -eq 0
check "no server answers: the servers are named" grep -q '127.0.0.55' "$T/err"

# Per-source servers: dns1 and dns3 ask dnsmasq, dns2 asks the group's
# SERVFAIL server and fails, and its last good address stands in.
dnshosts "203.0.113.12 dns1.example.com" "198.51.100.22 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
SOURCES="dns1.example.com@127.0.0.53 dns2.example.com dns3.example.com@127.0.0.53" \
    config "resolver = 127.0.0.55" "resolve_timeout = 2"
mark
run sync
expect_rc "per-source server" 68
check "per-source server: dns1 moved, dns2 kept its last good address" \
    test "$(records)" = "$(printf '192.0.2.30 enable 600\n198.51.100.21 enable 600\n203.0.113.12 enable 600')"

# A literal source (a static line) needs no lookup.
SOURCES="dns1.example.com 198.51.100.77" config "resolver = 127.0.0.53"
run sync --dry-run
check "literal source" grep -q '198.51.100.77' "$T/err"

finish
