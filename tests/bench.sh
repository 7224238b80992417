#!/bin/bash
# bench.sh - numbers, not assertions: binary size, peak memory and time of
# one sync against the fake Alidns, API calls of in-sync runs, and how long
# resolving many sources at once takes. Run by `make bench`.
. "$(dirname "$0")/e2e/lib.sh"

N=${BENCH_RUNS:-20}
size=$(stat -c %s "$BIN")
strip -o "$T/echoddns.stripped" "$BIN"
ssize=$(stat -c %s "$T/echoddns.stripped")

fake_state "[$(rec 2001 a.dns 198.51.100.99), $(rec 2002 a.dns 198.51.100.98)]"
start_fake
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
config

peak() {	# peak RSS in KiB of: echoddns ARGS
	unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
	    sh "$T/hosts" /usr/bin/time -f '%M' -o "$T/rss" "$BIN" \
	    -c "$T/echoddns.ini" "$@" >/dev/null 2>&1
	tail -n 1 "$T/rss"
}
ms() {		# wall time in ms of N runs of: echoddns ARGS, per run
	t0=$(date +%s%N)
	for _ in $(seq "$N"); do
		unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
		    sh "$T/hosts" "$BIN" -c "$T/echoddns.ini" "$@" >/dev/null 2>&1
	done
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000000 / N ))
}

/usr/bin/time -f '%M' -o "$T/rss" "$BIN" --version >/dev/null
rss_base=$(tail -n 1 "$T/rss")
rss_sync=$(peak sync)
mark
rss_insync=$(peak sync)
calls_state=$(calls)
mark
peak sync --force >/dev/null
calls_force=$(calls)
t_insync=$(ms sync)
t_force=$(ms sync --force)

# 32 sources resolved at once through getaddrinfo.
srcs=
lines=()
for i in $(seq 1 32); do
	srcs="$srcs line$i.example.com"
	lines+=("203.0.113.$i line$i.example.com")
done
hosts "${lines[@]}"
SOURCES=$srcs config "spare = keep"
t_32=$(ms sync --dry-run)

# Scale: N groups of 3 sources, every HA name in one zone, in sync; one
# `sync --force` each (the provider is read, nothing is written). API
# calls from the fake's log, TCP connections to the fake from strace.
scale() {	# scale N: prints "N calls conns wall_ms cpu_ms rss_kib"
	n=$1
	python3 - "$n" "$T" <<'EOP'
import json, sys
n, t = int(sys.argv[1]), sys.argv[2]
recs, hosts, groups = [], ["127.0.0.1 localhost"], []
rid = 5000000
for g in range(n):
    srcs = []
    for k in range(3):
        a = "198.18.%d.%d" % ((g * 3 + k) // 250, (g * 3 + k) % 250 + 1)
        h = "s%d-%d.example.net" % (g, k)
        hosts.append("%s %s" % (a, h))
        srcs.append(h)
        recs.append({"RecordId": str(rid), "DomainName": "example.com",
                     "RR": "h%d.dns" % g, "Type": "A", "Value": a, "TTL": 600,
                     "Line": "default", "Status": "ENABLE", "Locked": False})
        rid += 1
    groups.append("[group g%d]\naccount = ali\nzone = example.com\n"
                  "name = h%d.dns.example.com\nsources = %s\n"
                  % (g, g, " ".join(srcs)))
open(t + "/records.json", "w").write(json.dumps(recs))
open(t + "/hosts", "w").write("\n".join(hosts) + "\n")
open(t + "/groups.ini", "w").write("\n".join(groups))
EOP
	stop_fake
	fake_state "$(cat "$T/records.json")"
	start_fake
	SOURCES=x config
	# Replace the one group config() wrote with the N groups.
	sed -i '/^\[group home\]/,$d' "$T/echoddns.ini"
	cat "$T/groups.ini" >>"$T/echoddns.ini"
	rm -rf "$T/state"
	mark
	unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
	    sh "$T/hosts" strace -f -qq -e trace=connect -o "$T/strace" \
	    /usr/bin/time -f '%e %U %S %M' -o "$T/time" "$BIN" \
	    -c "$T/echoddns.ini" sync --force >/dev/null 2>"$T/err"
	rc=$?
	conns=$(grep -c "htons($PORT)" "$T/strace")
	calls=$(calls)
	# Timed again without strace, which slows every system call.
	unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
	    sh "$T/hosts" /usr/bin/time -f '%e %U %S %M' -o "$T/time" "$BIN" \
	    -c "$T/echoddns.ini" sync --force >/dev/null 2>>"$T/err"
	read -r wall user sys rss < <(tail -n 1 "$T/time")
	awk -v n="$n" -v rc="$rc" -v c="$calls" -v k="$conns" -v w="$wall" \
	    -v u="$user" -v s="$sys" -v m="$rss" 'BEGIN { printf "  %4d groups  exit %d  %4d calls  %4d connections  %6.0f ms wall  %6.0f ms CPU  %6d KiB peak RSS\n", n, rc, c, k, w * 1000, (u + s) * 1000, m }' 
}
# Into a file: a fake started inside $(...) would hold its pipe open.
for n in ${BENCH_SCALE:-1 10 50 200}; do scale "$n"; done >"$T/scale.out"
scale_table=$(cat "$T/scale.out")

cat <<EOR
echoddns benchmark ($(uname -m), $N runs each)
  binary size                         $size bytes ($ssize stripped)
  peak RSS, --version (libraries only) $rss_base KiB ($(ldd "$BIN" | wc -l) shared objects)
  peak RSS, sync with 2 writes         $rss_sync KiB
  peak RSS, in-sync run                $rss_insync KiB
  API calls, in-sync run (state file)  $calls_state
  API calls, in-sync run (--force)     $calls_force
  wall time, in-sync run (state file)  $t_insync ms
  wall time, in-sync run (--force)     $t_force ms (one HTTPS call to the fake)
  wall time, 32 sources, dry run       $t_32 ms
  scale: sync --force, in sync, N groups of 3 sources in one zone
$scale_table
EOR

# ---------------------------------------------------------------------------
# The Debian build against the router build (make static), side by side in
# one run: size, and peak RSS and CPU of --version, of an in-sync run with
# the state file (no API call), and of a sync with one write (two HTTPS
# calls on one connection). The fake is addressed as localhost: mbedTLS
# does not accept a certificate for an IP address.
STATIC=${ECHODDNS_STATIC:-$ROOT/echoddns-static}
if [ ! -x "$STATIC" ]; then
	echo
	echo "(no $STATIC: make static, then make bench, to compare the builds)"
	exit 0
fi
cat >"$T/measure.py" <<'EOP'
# measure.py MODE N BIN ARGS...: run BIN N times; print the median peak
# RSS (KiB, from GNU time, whose own small image is the floor) and the
# mean CPU (user + system, ms, from wait4) of one run. MODE "flip" moves
# dns3's address in /etc/hosts before each run, so that each sync has one
# record to update; "insync" expects exit 2.
import os, statistics, subprocess, sys, tempfile
mode, n, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rss, cpu = [], []
out = tempfile.NamedTemporaryFile(delete=False).name
for i in range(n):
    if mode == "flip":
        hosts = open("/etc/hosts").read().splitlines()
        hosts = [l for l in hosts if not l.endswith(" dns3.example.com")]
        hosts.append("192.0.2.%d dns3.example.com" % (31 - i % 2))
        with open("/etc/hosts", "w") as f:   # in place: it is bind-mounted
            f.write("\n".join(hosts) + "\n")
    p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", out] + cmd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    rss.append(int(open(out).read().split()[-1]))
    cpu.append((ru.ru_utime + ru.ru_stime) * 1000)
    code = os.waitstatus_to_exitcode(status)
    if (mode == "flip" and code != 0) or (mode == "insync" and code != 2):
        print("measure: %s: exit %d" % (mode, code), file=sys.stderr)
        sys.exit(1)
os.unlink(out)
print("%d %.1f" % (statistics.median(rss), statistics.mean(cpu)))
EOP

# measure MODE BIN ARGS...: "RSS CPU" of BIN under the test hosts file.
measure() {
	local mode=$1 bin=$2
	shift 2
	unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
	    sh "$T/hosts" python3 "$T/measure.py" "$mode" "$N" "$bin" "$@"
}

fresh "[$(rec 2001 a.dns 198.51.100.99), $(rec 2002 a.dns 198.51.100.98),
  $(rec 2003 a.dns 198.51.100.97)]"
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com" \
    "192.0.2.30 dns3.example.com"
ENDPOINT=https://localhost:$PORT config
declare -A R
for b in dynamic static; do
	bin=$BIN
	[ $b = static ] && bin=$STATIC
	strip -o "$T/$b.stripped" "$bin"
	R[$b.size]=$(stat -c %s "$T/$b.stripped")
	R[$b.libs]=$(ldd "$bin" 2>/dev/null | grep -c '=>\|ld-linux')
	R[$b.version]=$(measure plain "$bin" --version)
	rm -rf "$T/state"
	R[$b.write]=$(measure flip "$bin" -c "$T/echoddns.ini" sync)
	mark
	R[$b.insync]=$(measure insync "$bin" -c "$T/echoddns.ini" sync)
	R[$b.insync_calls]=$(calls)
done
kib() { echo $((($1 + 1023) / 1024)); }
row() {		# row LABEL KEY: "RSS KiB, CPU ms" of both builds
	set -- "$1" ${R[dynamic.$2]} ${R[static.$2]}
	printf '  %-36s %6s KiB %6s ms   %6s KiB %6s ms\n' "$1" "$2" "$3" "$4" "$5"
}
cat <<EOR

dynamic (Debian libraries, libcurl on OpenSSL) against static (musl,
libcurl on mbedTLS), median peak RSS and mean CPU of $N runs each
                                            dynamic               static
  stripped size                        $(printf '%6s KiB %13s' "$(kib "${R[dynamic.size]}")" '') $(printf '%6s KiB' "$(kib "${R[static.size]}")")
  shared objects                       $(printf '%10s %13s' "${R[dynamic.libs]}" '') $(printf '%10s' "${R[static.libs]}")
EOR
row "--version" version
row "in-sync run, state file (no call)" insync
row "sync with one write (2 HTTPS calls)" write
echo "  (API calls made by the in-sync runs: dynamic ${R[dynamic.insync_calls]}, static ${R[static.insync_calls]})"
