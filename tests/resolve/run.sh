#!/bin/bash
# tests/resolve/run.sh - src/resolve.c against real resolvers, never the
# internet: dnsmasq and tests/resolve/fakedns.py serve test names inside a
# private network namespace; getaddrinfo is pointed at them through /etc
# files bind-mounted in a private mount namespace (unshare -m).
#
# Needs root, ip(8), unshare(1), /usr/sbin/dnsmasq, python3, a C compiler
# and libc-ares. Prints "N passed, N failed"; exits 1 on any failure.
#   DRIVER=path  use an already built tests/resolve/resolve_driver
#   VALGRIND=0   skip the valgrind run (done when valgrind is installed)

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dnsmasq=${DNSMASQ:-/usr/sbin/dnsmasq}
python=${PYTHON:-python3}

if [ "$(id -u)" != 0 ]; then
	echo "run.sh: needs root (network namespaces); skipped" >&2
	exit 77
fi
for tool in ip unshare "$dnsmasq" "$python"; do
	if ! command -v "$tool" >/dev/null; then
		echo "run.sh: $tool not found" >&2
		exit 1
	fi
done

ns=echoddns-resolve-$$
tmp=$(mktemp -d /tmp/echoddns-resolve.XXXXXX) || exit 1
# dnsmasq rereads its hosts file as "nobody" after SIGHUP.
chmod 755 "$tmp"
pids=()

cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null
	done
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

driver=${DRIVER:-}
# make unit builds it beside this script, with the build's own flags.
[ -z "$driver" ] && [ -x "$here/resolve_driver" ] && driver=$here/resolve_driver
if [ -z "$driver" ]; then
	driver=$tmp/resolve_driver
	# shellcheck disable=SC2046
	if ! ${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -O2 -g -Wall -Wextra \
	    -I"$root/src" $(pkg-config --cflags libcares) -o "$driver" \
	    "$here/resolve_driver.c" "$root/src/resolve.c" \
	    "$root/src/addr.c" "$root/src/util.c" "$root/src/log.c" \
	    $(pkg-config --libs libcares) -lpthread; then
		echo "run.sh: cannot build the driver" >&2
		exit 1
	fi
fi

# --- the namespace and its servers ---

ip netns add "$ns" || exit 1
nsexec() { ip netns exec "$ns" "$@"; }
nsexec ip link set lo up
for a in 2 3 4 5 6 7 8; do
	nsexec ip addr add 127.0.0.$a/32 dev lo
done
nsexec ip addr add fd53::2/128 dev lo nodad

cat >"$tmp/hosts1" <<EOF
192.0.2.10	ready.test
192.0.2.1	dns1.test
192.0.2.2	dns2.test
192.0.2.3	dns2.test
2001:db8::1	v6.test
2001:db8::2	v6.test
192.0.2.4	dual.test
2001:db8::4	dual.test
192.0.2.50	change.test
EOF
# Too many for a 512-byte UDP answer: c-ares must retry over TCP.
for i in $(seq 1 40); do
	echo "198.51.100.$i	big.test"
done >>"$tmp/hosts1"
printf '192.0.2.10\tready.test\n203.0.113.1\tdns1.test\n' >"$tmp/hosts2"
chmod 644 "$tmp/hosts1" "$tmp/hosts2"

# --local=/test/: unknown names get NXDOMAIN, not REFUSED; no cache hides
# changes of the hosts file.
start_dnsmasq() {	# name listen-addresses port hosts-file
	# Not through nsexec: $! must be the server, not a subshell.
	ip netns exec "$ns" "$dnsmasq" -C /dev/null --keep-in-foreground --no-resolv \
	    --no-hosts --addn-hosts="$4" --local=/test/ --cache-size=0 \
	    --listen-address="$2" --bind-interfaces --port="$3" \
	    --pid-file="$tmp/$1.pid" --log-queries \
	    --log-facility="$tmp/$1.log" 2>>"$tmp/$1.log" &
	pids+=($!)
}
start_fake() {		# addr mode [delay]
	ip netns exec "$ns" "$python" "$here/fakedns.py" "$1" 53 "$2" "${3:-0}" \
	    >"$tmp/fake-$1.out" 2>&1 &
	pids+=($!)
}
start_dnsmasq dnsmasq1 127.0.0.2,fd53::2 53 "$tmp/hosts1"
start_dnsmasq dnsmasq2 127.0.0.5 5353 "$tmp/hosts2"
start_fake 127.0.0.3 drop
start_fake 127.0.0.4 servfail
start_fake 127.0.0.6 refused
start_fake 127.0.0.7 slow 3
start_fake 127.0.0.8 slow 0.1
# 127.0.0.9: nothing listens (ICMP port unreachable).

ready=0
for _ in $(seq 1 100); do
	if nsexec "$driver" -r 127.0.0.2 -t 1 ready.test | grep -q '^ready.test 0 ' &&
	    nsexec "$driver" -r 127.0.0.5:5353 -t 1 ready.test | grep -q '^ready.test 0 ' &&
	    [ "$(cat "$tmp"/fake-*.out 2>/dev/null | grep -c ready)" = 5 ]; then
		ready=1
		break
	fi
	sleep 0.1
done
if [ "$ready" != 1 ]; then
	echo "run.sh: the test servers did not start" >&2
	cat "$tmp"/*.log "$tmp"/fake-*.out >&2
	exit 1
fi

# Files for getaddrinfo, bind-mounted over /etc inside unshare -m.
printf '192.0.2.201\tsys1.test\n192.0.2.202\tsys2.test\n192.0.2.203\tsys2.test\n2001:db8::201\tsys6.test\n' >"$tmp/etc-hosts"
# p1.test .. p600.test for the thread pool's tests.
for i in $(seq 1 600); do
	printf '198.51.100.%d\tp%d.test\n' $((i % 200 + 1)) "$i"
done >>"$tmp/etc-hosts"
printf 'hosts: files dns\n' >"$tmp/nsswitch.conf"
printf 'nameserver 127.0.0.2\noptions timeout:1 attempts:1\n' >"$tmp/resolv-live"
printf 'nameserver 127.0.0.3\noptions timeout:1 attempts:1\n' >"$tmp/resolv-silent1"
printf 'nameserver 127.0.0.3\noptions timeout:5 attempts:2\n' >"$tmp/resolv-silent5"
printf 'nameserver 127.0.0.3\noptions timeout:30 attempts:1\n' >"$tmp/resolv-silent30"
printf 'nameserver 127.0.0.7\noptions timeout:5 attempts:1\n' >"$tmp/resolv-slow"
printf 'nameserver 127.0.0.8\noptions timeout:5 attempts:1\n' >"$tmp/resolv-100ms"

# --- helpers ---

passed=0
failed=0
name=
out=$tmp/out
err=$tmp/err

ok() {
	passed=$((passed + 1))
	echo "ok   $name: $1"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $name: $1"
	sed 's/^/     | /' "$out" "$err"
}

# The driver must exit 0 and no sanitizer may have spoken.
driver_ok() {
	if [ "$1" != 0 ] || grep -Eq 'Sanitizer|runtime error' "$err"; then
		fail "driver exit $1"
	fi
}

# run NAME DRIVER-ARGS...: the driver in the namespace, DNS only.
run() {
	name=$1
	shift
	nsexec "$driver" -v "$@" >"$out" 2>"$err"
	driver_ok $?
}

# with_etc RESOLV-FILE CMD...: CMD in the namespace, our files over /etc.
with_etc() {
	local resolv=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner sh
	nsexec unshare -m sh -c '
		mount --bind "$1" /etc/hosts &&
		mount --bind "$2" /etc/resolv.conf &&
		mount --bind "$3" /etc/nsswitch.conf || exit 70
		shift 3
		exec "$@"' sh "$tmp/etc-hosts" "$tmp/$resolv" \
	    "$tmp/nsswitch.conf" "$@"
}

# sysrun NAME RESOLV-FILE DRIVER-ARGS...: the driver with_etc.
sysrun() {
	name=$1
	local resolv=$2
	shift 2
	with_etc "$resolv" "$driver" -v "$@" >"$out" 2>"$err"
	driver_ok $?
}

# line LINE: the driver printed exactly this line.
line() {
	if grep -qxF -- "$1" "$out"; then
		ok "$1"
	else
		fail "expected line: $1"
	fi
}

# threads MIN MAX: at most MAX and at least MIN resolver threads ran at
# once (the driver's -T).
threads() {
	local n
	n=$(sed -n 's/^threads //p' "$out")
	if [ -n "$n" ] && [ "$n" -ge "$1" ] && [ "$n" -le "$2" ]; then
		ok "$n threads at once (expected $1..$2)"
	else
		fail "${n:-?} threads at once, expected $1..$2"
	fi
}

# started MIN [MAX]: resolve.c says it started MIN..MAX threads for the
# system lookups.
started() {
	local n
	n=$(sed -n 's/.* system lookups on \([0-9]*\) threads$/\1/p' "$err")
	if [ -n "$n" ] && [ "$n" -ge "$1" ] && [ "$n" -le "${2:-$1}" ]; then
		ok "$n threads started (expected $1..${2:-$1})"
	else
		fail "${n:-?} threads started, expected $1..${2:-$1}"
	fi
}

# answered PATTERN N MAX: N sources matching PATTERN (an ERE) were
# answered, each within MAX ms.
answered() {
	local n ms
	n=$(grep -Ec "^($1) 0 [0-9]" "$out")
	ms=$(grep -E ": ($1) via system: [0-9]" "$err" |
	    sed -n 's/.*(\([0-9]*\) ms)$/\1/p' | sort -n | tail -n 1)
	if [ "$n" = "$2" ] && [ -n "$ms" ] && [ "$ms" -le "$3" ]; then
		ok "$n sources answered, the last after $ms ms (at most $3)"
	else
		fail "$n sources answered (expected $2), the last after ${ms:-?} ms (at most $3)"
	fi
}

# in_groups TIMEOUT SOURCE...: groups of 20 sources (a group has at most
# 32), resolver = system, into the array args.
in_groups() {
	local t=$1 n=0 src
	shift
	args=()
	for src in "$@"; do
		if [ $((n % 20)) = 0 ]; then
			[ "$n" -gt 0 ] && args+=(+)
			args+=(-t "$t" -r system)
		fi
		args+=("$src")
		n=$((n + 1))
	done
}

# elapsed MIN MAX: the whole resolve_all took MIN..MAX ms.
elapsed() {
	local ms
	ms=$(sed -n 's/^elapsed //p' "$out")
	if [ -n "$ms" ] && [ "$ms" -ge "$1" ] && [ "$ms" -le "$2" ]; then
		ok "elapsed $ms ms (expected $1..$2)"
	else
		fail "elapsed ${ms:-?} ms, expected $1..$2"
	fi
}

# took SOURCE MAX: the debug log says SOURCE finished within MAX ms.
took() {
	local ms
	ms=$(grep -F ": $1 via " "$err" | sed -n 's/.*(\([0-9]*\) ms)$/\1/p' | head -n 1)
	if [ -n "$ms" ] && [ "$ms" -le "$2" ]; then
		ok "$1 finished after $ms ms (at most $2)"
	else
		fail "$1 finished after ${ms:-?} ms, expected at most $2"
	fi
}

# --- DNS servers asked directly ---

run dns-a -t 2 -r 127.0.0.2 dns1.test dns2.test
line "dns1.test 0 192.0.2.1 -"
line "dns2.test 0 192.0.2.2,192.0.2.3 -"

run dns-port -r 127.0.0.5:5353 dns1.test
line "dns1.test 0 203.0.113.1 -"
run dns-v6-server -r fd53::2 dns1.test
line "dns1.test 0 192.0.2.1 -"
run dns-v6-server-port -r '[fd53::2]:53' dns1.test
line "dns1.test 0 192.0.2.1 -"

run dns-aaaa -6 -r 127.0.0.2 v6.test dual.test dns1.test
line "v6.test 0 2001:db8::1,2001:db8::2 -"
line "dual.test 0 2001:db8::4 -"
line "dns1.test 68 - no AAAA record from 127.0.0.2"
run dns-a-of-dual -r 127.0.0.2 dual.test
line "dual.test 0 192.0.2.4 -"

run dns-nxdomain -r 127.0.0.2 nosuch.test
line "nosuch.test 68 - no such name (NXDOMAIN) from 127.0.0.2"
run dns-servfail -r 127.0.0.4 dns1.test
line "dns1.test 75 - SERVFAIL from 127.0.0.4"
run dns-refused -r 127.0.0.6 dns1.test
line "dns1.test 75 - REFUSED by 127.0.0.6"
run dns-connrefused -r 127.0.0.9 dns1.test
line "dns1.test 75 - connection refused by 127.0.0.9"

run dns-tcp-fallback -r 127.0.0.2 big.test
n=$(awk '$1 == "big.test" && $2 == 0 { print split($3, a, ",") }' "$out")
if [ "$n" = 40 ]; then ok "40 addresses (over TCP)"; else fail "got ${n:-no} addresses, expected 40"; fi
if grep -q 'query\[A\] big.test' "$tmp/dnsmasq1.log" &&
    [ "$(grep -c 'query\[A\] big.test' "$tmp/dnsmasq1.log")" -ge 2 ]; then
	ok "big.test asked twice (UDP, then TCP)"
else
	fail "big.test was not asked again over TCP"
fi

# Answers follow the server's data: no cache in between.
run dns-change-before -r 127.0.0.2 change.test
line "change.test 0 192.0.2.50 -"
sed -i 's/^192\.0\.2\.50\t/192.0.2.51\t/' "$tmp/hosts1"
kill -HUP "$(cat "$tmp/dnsmasq1.pid")"
sleep 0.3
run dns-change-after -r 127.0.0.2 change.test
line "change.test 0 192.0.2.51 -"

# Servers are tried in order; the next one on failure or timeout.
run dns-servfail-then-live -t 2 -r 127.0.0.4,127.0.0.2 dns1.test
line "dns1.test 0 192.0.2.1 -"
elapsed 0 500
run dns-refused-then-live -t 2 -r 127.0.0.9,127.0.0.2 dns1.test
line "dns1.test 0 192.0.2.1 -"
elapsed 0 500
run dns-silent-then-live -t 2 -r 127.0.0.3,127.0.0.2 dns1.test
line "dns1.test 0 192.0.2.1 -"
elapsed 900 1800
run dns-silent-then-live-3 -t 3 -r 127.0.0.3,127.0.0.7,127.0.0.2 dns1.test
line "dns1.test 0 192.0.2.1 -"
elapsed 1900 2900
run dns-all-fail -t 2 -r 127.0.0.4,127.0.0.6,127.0.0.9 dns1.test
line "dns1.test 75 - SERVFAIL from 127.0.0.4; REFUSED by 127.0.0.6; connection refused by 127.0.0.9"
if grep -q 'via 127.0.0.4, 127.0.0.6, 127.0.0.9: ' "$err"; then ok "via lists the servers"; else fail "via lists the servers"; fi
run dns-servfail-then-nxdomain -r 127.0.0.4,127.0.0.2 nosuch.test
line "nosuch.test 68 - no such name (NXDOMAIN) from 127.0.0.2"
run dns-silent-twice -t 2 -r 127.0.0.3,127.0.0.7 dns1.test
line "dns1.test 75 - timed out after 1 s asking 127.0.0.3; timed out after 1 s asking 127.0.0.7"
elapsed 1900 2600
run dns-silent -t 2 -r 127.0.0.3 dns1.test
line "dns1.test 75 - timed out after 2 s asking 127.0.0.3"
elapsed 1900 2600
run dns-deadline -D 1 -t 5 -r 127.0.0.3 dns1.test
line "dns1.test 75 - timed out after 1 s (the run's deadline) asking 127.0.0.3"
elapsed 900 1600

# All at once: 32 sources (a group's most) answered after 3 s each take
# 3 s, not 96.
slow=()
for i in $(seq 1 32); do slow+=("s$i.test@127.0.0.7"); done
run dns-parallel -t 5 "${slow[@]}"
printf '%s\n' "${slow[@]}" | sed 's/$/ 0 192.0.2.99 -/' >"$tmp/want"
if [ "$(grep -cxFf "$tmp/want" "$out")" = 32 ]; then ok "32 slow sources answered"; else fail "32 slow sources answered"; fi
elapsed 2900 4500

# A slow source does not hold up the others.
run dns-slow-apart -t 2 -r 127.0.0.2 dns1.test dns2.test slow.test@127.0.0.7 \
    + -t 2 -r 127.0.0.5:5353 dns1.test
line "slow.test@127.0.0.7 75 - timed out after 2 s asking 127.0.0.7"
line "dns1.test 0 203.0.113.1 -"
took "dns1.test" 300
took "dns2.test" 300
elapsed 1900 2600

# Per-source servers, literals, and groups left to the provider.
run dns-override -r 127.0.0.2 dns1.test dns1.test@127.0.0.5:5353 \
    'dns1.test@[fd53::2]:53' + -r system dns2.test@127.0.0.2 \
    + -r api dns1.test@127.0.0.2 192.0.2.8
line "dns1.test 0 192.0.2.1 -"
line "dns1.test@127.0.0.5:5353 0 203.0.113.1 -"
line "dns1.test@[fd53::2]:53 0 192.0.2.1 -"
line "dns2.test@127.0.0.2 0 192.0.2.2,192.0.2.3 -"
line "dns1.test@127.0.0.2 0 - -"
line "192.0.2.8 0 - -"
if grep -q 'via 127.0.0.5:5353: 203.0.113.1' "$err"; then ok "via names the server"; else fail "via names the server"; fi

run literal -r 127.0.0.2 192.0.2.77 dns1.test + -6 2001:db8::77
line "192.0.2.77 0 192.0.2.77 -"
line "2001:db8::77 0 2001:db8::77 -"
if grep -q '192.0.2.77 via literal' "$err"; then ok "via literal"; else fail "via literal"; fi

# --- getaddrinfo (resolver = system) ---

sysrun sys-hosts resolv-live -r system sys1.test sys2.test
line "sys1.test 0 192.0.2.201 -"
line "sys2.test 0 192.0.2.202,192.0.2.203 -"
if grep -q 'sys1.test via system: 192.0.2.201' "$err"; then ok "via system"; else fail "via system"; fi

sysrun sys-dns resolv-live -r system dns1.test nosuch.test
line "dns1.test 0 192.0.2.1 -"
if grep -q '^nosuch.test 68 - ' "$out"; then ok "NXDOMAIN -> 68"; else fail "NXDOMAIN -> 68"; fi

sysrun sys-aaaa resolv-live -6 -r system sys6.test v6.test dns1.test
line "sys6.test 0 2001:db8::201 -"
line "v6.test 0 2001:db8::1,2001:db8::2 -"
if grep -q '^dns1.test 68 - ' "$out"; then ok "NODATA -> 68"; else fail "NODATA -> 68"; fi

sysrun sys-eai-again resolv-silent1 -t 5 -r system dns1.test
# EAI_AGAIN: glibc says "Temporary failure in name resolution", musl "Try
# again"; the status is what counts.
if grep -qxE 'dns1.test 75 - (Temporary failure in name resolution|Try again)' \
    "$out"; then
	ok "EAI_AGAIN -> 75, temporary"
else
	fail "EAI_AGAIN -> 75, temporary"
fi
elapsed 800 3500

# 32 lookups, each answered after 3 s: 16 threads at once, 16 more after
# RESOLVE_GROW_MS (250 ms); all within 3.5 s, not 6.
slow=()
for i in $(seq 1 32); do slow+=("s$i.test"); done
sysrun sys-parallel resolv-slow -t 5 -r system "${slow[@]}"
printf '%s\n' "${slow[@]}" | sed 's/$/ 0 192.0.2.99 -/' >"$tmp/want"
if [ "$(grep -cxFf "$tmp/want" "$out")" = 32 ]; then ok "32 slow sources answered"; else fail "32 slow sources answered"; fi
elapsed 2900 4500

# A getaddrinfo that overruns is abandoned; the others are not held up.
sysrun sys-abandon resolv-silent5 -t 2 -r system sys1.test dns1.test
line "sys1.test 0 192.0.2.201 -"
line "dns1.test 75 - timed out after 2 s"
took "sys1.test" 300
elapsed 1900 2600

sysrun sys-deadline resolv-silent5 -D 1 -t 5 -r system dns1.test
line "dns1.test 75 - timed out after 1 s (the run's deadline)"
elapsed 900 1600

# System and DNS sources wait side by side, not one after the other.
sysrun sys-and-dns resolv-silent5 -t 2 -r system dns1.test \
    + -t 2 -r 127.0.0.3 dns2.test + -r 127.0.0.2 dns1.test
line "dns1.test 75 - timed out after 2 s"
line "dns2.test 75 - timed out after 2 s asking 127.0.0.3"
line "dns1.test 0 192.0.2.1 -"
elapsed 1900 2600

# The thread pool. 200 groups of 3 quick sources: 600 lookups on the
# first RESOLVE_WORKERS (16) threads, not one thread each.
args=()
for g in $(seq 0 199); do
	[ "$g" -gt 0 ] && args+=(+)
	args+=(-t 5 -r system "p$((3 * g + 1)).test" "p$((3 * g + 2)).test" \
	    "p$((3 * g + 3)).test")
done
sysrun sys-pool-600 resolv-live -T "${args[@]}"
line "p1.test 0 198.51.100.2 -"
line "p600.test 0 198.51.100.1 -"
answered 'p[0-9]+\.test' 600 2000
started 16
threads 1 16

# Slow answers (100 ms each): lookups still wait after RESOLVE_GROW_MS, so
# the pool grows, by 16 every 250 ms, but never past RESOLVE_THREADS_MAX.
in_groups 5 $(seq -f 's%g.test' 1 200)
sysrun sys-pool-slow resolv-100ms -T "${args[@]}"
answered 's[0-9]+\.test' 200 2500
started 32 64
threads 17 64

# 20 lookups that hang (a silent server) ahead of 44 quick ones: the
# quick ones wait for more threads at most RESOLVE_GROW_MS, not for the
# hung ones to time out; those time out after their 3 s, and so does the
# whole call.
in_groups 3 $(seq -f 'hang%g.test' 1 20) $(seq -f 'p%g.test' 1 44)
sysrun sys-pool-hang resolv-silent5 -T "${args[@]}"
answered 'p[0-9]+\.test' 44 700
n=$(grep -c '^hang[0-9]*\.test 75 - timed out after 3 s$' "$out")
if [ "$n" = 20 ]; then ok "20 hung lookups timed out"; else fail "$n hung lookups timed out, expected 20"; fi
# 32; 48 only if 44 quick lookups took 12 threads over 250 ms (load).
started 32 48
threads 17 48
elapsed 2900 3600

# More hung lookups than RESOLVE_THREADS_MAX: 64 threads and no more; what
# no thread took times out in time, and says why.
in_groups 2 $(seq -f 'hang%g.test' 1 80) p1.test
sysrun sys-pool-cap resolv-silent5 -T "${args[@]}"
line "hang1.test 75 - timed out after 2 s"
line "hang80.test 75 - timed out after 2 s waiting for a resolver thread"
line "p1.test 75 - timed out after 2 s waiting for a resolver thread"
n=$(grep -c ' timed out after 2 s$' "$out")
if [ "$n" = 64 ]; then ok "64 lookups ran"; else fail "$n lookups ran, expected 64"; fi
started 64
threads 64 64
elapsed 1900 2600

# --- memory ---

if [ "${VALGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then
	name=valgrind
	with_etc resolv-live valgrind -q --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
	    "$driver" -v -r system sys1.test dns1.test 192.0.2.9 \
	    + -r 127.0.0.2,127.0.0.5:5353 dns2.test big.test \
	    + -6 -r 127.0.0.2 v6.test nosuch.test dns1.test@127.0.0.4 \
	    >"$out" 2>"$err"
	rc=$?
	if [ "$rc" = 0 ] && ! grep -q '==[0-9]*==' "$err"; then
		ok "no errors, no leaks"
	else
		fail "valgrind exit $rc"
	fi
	# The pool: more lookups than threads, and a worker left hanging in
	# getaddrinfo (for 30 s) when the call returns. That thread's own
	# TLS is "possibly lost" at exit; that is the C library's, not ours.
	# The first lookups take some 3 s under valgrind.
	name=valgrind-pool
	with_etc resolv-silent30 valgrind -q --leak-check=full \
	    --show-possibly-lost=no \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
	    "$driver" -v -t 8 -r system hang1.test $(seq -f 'p%g.test' 1 30) \
	    >"$out" 2>"$err"
	rc=$?
	if [ "$rc" = 0 ] && ! grep -q '==[0-9]*==' "$err" &&
	    grep -q '^hang1.test 75 - timed out after 8 s$' "$out" &&
	    [ "$(grep -c '^p[0-9]*\.test 0 ' "$out")" = 30 ]; then
		ok "no errors, no leaks"
	else
		fail "valgrind exit $rc"
	fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
