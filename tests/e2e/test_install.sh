#!/bin/bash
# test_install.sh - make install and uninstall into a scratch root: what
# goes where, with which modes, the real paths in every installed contrib
# file, an existing configuration kept, configuration and state left by
# uninstall; and the installed systemd units pass systemd-analyze verify.
. "$(dirname "$0")/lib.sh"

# A copy of the tree, so that builds with other directories compiled in
# never replace the binary the other suites test.
mkdir -p "$T/src/tests"
cp -pR "$ROOT/Makefile" "$ROOT/README.md" "$ROOT/COPYING" "$ROOT/src" \
    "$ROOT/man" "$ROOT/examples" "$ROOT/contrib" "$T/src/"
cp -p "$ROOT/tests/sanitize.mk" "$T/src/tests/"
cp -p "$ROOT/libechoddns.a" "$ROOT/echoddns" "$ROOT/.build-paths" "$T/src/" 2>/dev/null
inst() {	# inst TARGET VAR=VALUE...: make TARGET in the copy
	make -s --no-print-directory -C "$T/src" "$@" >"$T/out" 2>"$T/err"
}
mode() { stat -c %a "$1"; }

D=$T/root
inst install DESTDIR="$D" PREFIX=/usr
check "make install PREFIX=/usr" test $? -eq 0
check "binary, mode 755" test "$(mode "$D/usr/bin/echoddns")" = 755
check "manual pages" test -f "$D/usr/share/man/man1/echoddns.1" -a \
    -f "$D/usr/share/man/man5/echoddns.conf.5"
check "examples in share/doc" \
    test "$(ls "$D/usr/share/doc/echoddns/examples" | wc -l)" -eq \
    "$(ls "$ROOT"/examples/*.ini | wc -l)"
check "cron file in share/doc" test -f "$D/usr/share/doc/echoddns/contrib/cron-echoddns"
check "hotplug script in share/doc" \
    test -f "$D/usr/share/doc/echoddns/contrib/openwrt-echoddns.hotplug"
check "systemd units" test -f "$D/usr/lib/systemd/system/echoddns.service" -a \
    -f "$D/usr/lib/systemd/system/echoddns.timer"
check "configuration directory, mode 700" test "$(mode "$D/etc/echoddns")" = 700
check "state directory, mode 700" test "$(mode "$D/var/lib/echoddns")" = 700
check "a configuration to start from, mode 600" \
    test "$(mode "$D/etc/echoddns/echoddns.ini")" = 600
# README.md says what the defaults are; every other file names the paths.
check "no installed file names /usr/local" \
    sh -c '! grep -rl --exclude=README.md /usr/local "$1"' sh "$D"
check "the cron line runs the installed binary" \
    grep -q '^\* \* \* \* \* root /usr/bin/echoddns -q sync$' \
    "$D/usr/share/doc/echoddns/contrib/cron-echoddns"
check "the hotplug script runs the installed binary" \
    grep -q '^ECHODDNS=/usr/bin/echoddns$' \
    "$D/usr/share/doc/echoddns/contrib/openwrt-echoddns.hotplug"
check "the service runs the installed binary" \
    grep -q '^ExecStart=/usr/bin/echoddns ' "$D/usr/lib/systemd/system/echoddns.service"

echo '; mine' >>"$D/etc/echoddns/echoddns.ini"
chmod 640 "$D/etc/echoddns/echoddns.ini"
inst install DESTDIR="$D" PREFIX=/usr
check "make install again" test $? -eq 0
check "an existing configuration is kept" \
    test "$(tail -n 1 "$D/etc/echoddns/echoddns.ini")" = '; mine' -a \
    "$(mode "$D/etc/echoddns/echoddns.ini")" = 640
echo '{}' >"$D/var/lib/echoddns/state.json"

inst uninstall DESTDIR="$D" PREFIX=/usr
check "make uninstall" test $? -eq 0
check "uninstall removes binary, manual pages, docs and units" \
    test -z "$(find "$D/usr" -type f)"
check "uninstall leaves the configuration" test -f "$D/etc/echoddns/echoddns.ini"
check "uninstall leaves the state" test -f "$D/var/lib/echoddns/state.json"

# Other directories: everything follows SYSCONFDIR and STATEDIR.
inst install DESTDIR="$D.2" PREFIX=/opt/e SYSCONFDIR=/opt/e/etc \
    STATEDIR=/opt/e/state
check "make install with other directories" test $? -eq 0
check "the example configurations name the secret under SYSCONFDIR" \
    grep -q '^access_key_secret_file = /opt/e/etc/echoddns/' \
    "$D.2/opt/e/share/doc/echoddns/examples/echoddns.ini"
check "state directory under STATEDIR" test "$(mode "$D.2/opt/e/state")" = 700
check "the binary reads its configuration under SYSCONFDIR" \
    grep -qa /opt/e/etc/echoddns/echoddns.ini "$D.2/opt/e/bin/echoddns"
check "the manual names the configuration under SYSCONFDIR" \
    grep -q /opt/e/etc/echoddns/echoddns.ini "$D.2/opt/e/share/man/man1/echoddns.1"
check "no installed file names /etc/echoddns or /usr/local" \
    sh -c '! grep -rlE --exclude=README.md "/usr/local|(^|[^/a-z])/etc/echoddns" \
    "$1"' sh "$D.2"

# systemd-analyze verify needs the files where the units say they are:
# an installation without DESTDIR, under the scratch directory.
P=$T/prefix
if ! command -v systemd-analyze >/dev/null; then
	not_ok "systemd-analyze not found (apt-get install systemd)"
else
	inst install PREFIX="$P" SYSCONFDIR="$P/etc" STATEDIR="$P/state"
	check "make install PREFIX=$P" test $? -eq 0
	MANPATH=$P/share/man systemd-analyze verify \
	    "$P/lib/systemd/system/echoddns.service" \
	    "$P/lib/systemd/system/echoddns.timer" >"$T/out" 2>"$T/err"
	RC=$?
	expect_rc "systemd-analyze verify" 0
	check "systemd-analyze verify: no complaint" test ! -s "$T/err"
	if systemd-analyze security --help 2>/dev/null | grep -q -- --offline; then
		systemd-analyze security --offline=true --threshold=20 \
		    "$P/lib/systemd/system/echoddns.service" >"$T/out" 2>"$T/err"
		RC=$?
		expect_rc "systemd-analyze security: exposure 2.0 or less" 0
	fi
	check "the service: oneshot, in sync is success, hardened" grep -q \
	    -e '^Type=oneshot$' "$P/lib/systemd/system/echoddns.service"
	for k in 'SuccessExitStatus=2' 'StateDirectory=echoddns' \
	    'NoNewPrivileges=yes' 'ProtectSystem=strict' 'PrivateTmp=yes' \
	    'DynamicUser=yes'; do
		check "the service sets $k" \
		    grep -qx "$k" "$P/lib/systemd/system/echoddns.service"
	done
	check "the timer: every minute, persistent" \
	    test "$(grep -cxE 'OnCalendar=minutely|Persistent=true' \
	    "$P/lib/systemd/system/echoddns.timer")" -eq 2
fi

finish
