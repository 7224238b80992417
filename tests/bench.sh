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
EOR
