#!/bin/bash
# test_hotplug.sh - contrib/openwrt/echoddns.hotplug under busybox ash, as
# OpenWrt's hotplug-call runs it: sourced in a subshell with ACTION and
# INTERFACE set. echoddns is a stub that logs its arguments and exits with
# the statuses it is given, so the test is about the script alone.
. "$(dirname "$0")/lib.sh"

SCRIPT=$ROOT/contrib/openwrt/echoddns.hotplug
BUSYBOX=${BUSYBOX:-$(command -v busybox)}
if [ -z "$BUSYBOX" ] || ! "$BUSYBOX" ash -c true 2>/dev/null; then
	not_ok "busybox with ash not found (apt-get install busybox-static)"
	finish
	exit 1
fi

# The script with a short wait and the stub in place of echoddns; both
# lines must be there, or this test no longer tests the script.
check "the script sets DELAY and ECHODDNS" \
    test "$(grep -cE '^(DELAY=[0-9]+|ECHODDNS=/)' "$SCRIPT")" -eq 2
sed -e 's/^DELAY=[0-9]*/DELAY=1/' -e "s|^ECHODDNS=.*|ECHODDNS=$T/stub|" \
    "$SCRIPT" >"$T/95-echoddns"
cat >"$T/stub" <<EOF
#!/bin/sh
echo "\$*" >>"$T/calls"
n=\$(wc -l <"$T/calls")
exit \$(sed -n "\${n}p" "$T/codes" | grep . || echo 0)
EOF
chmod 755 "$T/stub"

check "busybox ash parses it" "$BUSYBOX" ash -n "$T/95-echoddns"

# hotplug ACTION INTERFACE STATUS...: one hotplug event; the stub exits
# with each STATUS in turn. Sets ELAPSED_MS, the time hotplug-call waited.
hotplug() {
	: >"$T/calls"
	printf '%s\n' "${@:3}" >"$T/codes"
	t0=$(date +%s%N)
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin ACTION=$1 INTERFACE=$2 \
	    "$BUSYBOX" ash -c '( . "$1" )' sh "$T/95-echoddns"
	ELAPSED_MS=$((($(date +%s%N) - t0) / 1000000))
}

# ncalls WANT SECONDS: wait up to SECONDS for WANT calls; then the count.
ncalls() {
	i=0
	while [ "$(wc -l <"$T/calls")" -lt "$1" ] && [ $i -lt $(($2 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.3	# a call too many would show up by now
	wc -l <"$T/calls"
}

hotplug ifdown wan 0
check "ifdown: no sync" test "$(ncalls 1 2)" -eq 0
hotplug ifup lan 0
check "ifup of a LAN interface: no sync" test "$(ncalls 1 2)" -eq 0

hotplug ifup wan2 0
check "ifup wan2: hotplug-call is not held up (${ELAPSED_MS} ms)" \
    test "$ELAPSED_MS" -lt 800
check "ifup wan2: waits for the line's DDNS name before syncing" \
    test "$(wc -l <"$T/calls")" -eq 0
check "ifup wan2: one sync" test "$(ncalls 1 5)" -eq 1
check "ifup wan2: quiet, to syslog" grep -qx -- '-q --syslog sync' "$T/calls"

hotplug ifupdate wan 75 75 0
check "lock held twice: tried again until it ran" test "$(ncalls 3 8)" -eq 3
hotplug ifup wan3 75 75 75 75 75
check "lock held every time: gives up after TRIES" test "$(ncalls 4 5)" -eq 3
hotplug ifup wan 78
check "a configuration error is not retried" test "$(ncalls 2 3)" -eq 1

finish
