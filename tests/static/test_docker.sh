#!/bin/bash
# test_docker.sh - the container image (contrib/docker) with the Python
# EchoDDNS's docker-compose variables, unchanged: it checks the imported
# configuration, syncs at once, then busybox crond syncs every minute, all
# in the container log. The image's defaults are used as they are: the
# real Alidns host name (pointed by the image's /etc/hosts at a fake on
# port 443 in a private network namespace, with a certificate for that
# name from the test CA, which is the image's CA bundle here).
#
# The image runs under podman (runc) when podman works on this machine,
# else (or with DOCKER_TEST=chroot) its root file system runs in a chroot
# with private mount and PID namespaces, which is what an engine would do
# with it.
. "$(dirname "$0")/../e2e/lib.sh"

STATIC=${ECHODDNS_STATIC:-$ROOT/echoddns-static}
BUSYBOX=${BUSYBOX:-/bin/busybox}
NS=echoddns-docker-$$
CTR=echoddns-test-$$
ENGINE=

docker_cleanup() {
	[ -n "$ENGINE" ] && podman rm -f "$CTR" >/dev/null 2>&1
	# unshare -f ignores SIGTERM; its child dies with it (--kill-child).
	[ -n "${CHROOT_PID:-}" ] && kill -KILL "$CHROOT_PID" 2>/dev/null &&
	    wait "$CHROOT_PID" 2>/dev/null
	stop_fake
	ip netns del "$NS" 2>/dev/null
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$T"
}
trap docker_cleanup EXIT

# A certificate for the real API host, from the test CA.
mkdir -p "$T/certs"
openssl req -new -newkey rsa:2048 -nodes -keyout "$T/certs/server.key" \
    -subj "/CN=alidns.aliyuncs.com" -out "$T/certs/server.csr" 2>/dev/null &&
    printf 'subjectAltName=DNS:alidns.aliyuncs.com\nextendedKeyUsage=serverAuth\n' \
    >"$T/certs/ext" &&
    openssl x509 -req -in "$T/certs/server.csr" -CA "$CERTS/ca.pem" \
    -CAkey "$CERTS/ca.key" -set_serial 0x$(openssl rand -hex 8) -days 2 \
    -extfile "$T/certs/ext" -out "$T/certs/server.pem" 2>/dev/null ||
    { not_ok "cannot make the test certificate"; finish; exit 1; }
CA=$CERTS/ca.pem
CERTS=$T/certs

OUT=$T/docker ROOTFS_ONLY=yes BIN=$STATIC BUSYBOX=$BUSYBOX CA_BUNDLE=$CA \
    sh "$ROOT/contrib/docker/build.sh" >"$T/out" 2>"$T/err"
RC=$?
expect_rc "the image's root file system is built" 0
[ "$RC" -eq 0 ] || { finish; exit 1; }
R=$T/docker/rootfs
echo "127.0.0.1 localhost alidns.aliyuncs.com" >"$R/etc/hosts"
check "the image holds echoddns, busybox, the CA bundle and the entrypoint" \
    test -x "$R/usr/bin/echoddns" -a -x "$R/bin/busybox" -a \
    -s "$R/etc/ssl/certs/ca-certificates.crt" -a \
    -f "$R/usr/share/echoddns/entrypoint.sh"
echo "# rootfs: $(du -sk "$R" | cut -f 1) KiB"

ip netns add "$NS" && ip -n "$NS" link set lo up ||
    { not_ok "cannot make a network namespace"; finish; exit 1; }
NSEXEC="ip netns exec $NS"
FAKE_ARGS="--port 443"
fake_state "[$(rec 1001 dns1 203.0.113.10), $(rec 1002 dns2 198.51.100.20),
  $(rec 1003 dns3 192.0.2.30),
  $(rec 1455682456000096 a.dns 198.51.100.97),
  $(rec 1455680456002021 a.dns 198.51.100.98),
  $(rec 1455682456000291 a.dns 198.51.100.99)]"
start_fake
check "the fake Alidns listens on port 443" test "$PORT" = 443

COMPOSE=(ACCESSKEY_ID=$KEYID ACCESSKEY_SECRET=$SECRET DOMAIN_TTL=600
    DOMAIN_NAME=example.com DDNS1_DOMAIN=dns1.example.com
    DDNS2_DOMAIN=dns2.example.com DDNS3_DOMAIN=dns3.example.com
    A_DOMAIN=a.dns.example.com A_RecordId1=1455682456000096
    A_RecordId2=1455680456002021 A_RecordId3=1455682456000291)

# Under podman when it runs here (crun refuses this machine's hybrid
# cgroup hierarchy, and podman's default open-files and process limits
# are above its hard limits: runc and lower limits), else a chroot, with
# the /dev an engine would give (mbedTLS on musl reads /dev/urandom).
PODMAN_RUN=(podman --runtime runc run --ulimit nofile=1024:1024
    --ulimit nproc=1024:1024)
in_chroot() {	# in_chroot ROOTFS COMMAND...
	exec unshare -m -p -f --kill-child sh -c 'r=$1; shift
	    mount -t proc proc "$r/proc" &&
	    mount -t tmpfs -o mode=755 dev "$r/dev" &&
	    mount -t tmpfs -o mode=755 run "$r/run" &&
	    for d in null zero random urandom; do
		touch "$r/dev/$d" && mount --bind "/dev/$d" "$r/dev/$d" || exit 70
	    done && exec chroot "$r" "$@"' sh "$@"
}
if [ "${DOCKER_TEST:-podman}" = podman ] &&
    command -v podman >/dev/null && command -v runc >/dev/null &&
    podman build -q -t "localhost/$CTR" "$T/docker" >"$T/out" 2>"$T/err" &&
    "${PODMAN_RUN[@]}" --rm --entrypoint /usr/bin/echoddns "localhost/$CTR" \
    --version >"$T/out" 2>"$T/err"; then
	ENGINE=podman
	echo "# image size: $(podman image inspect -f '{{.Size}}' \
	    "localhost/$CTR") bytes"
	envs=()
	for e in "${COMPOSE[@]}"; do envs+=(-e "$e"); done
	"${PODMAN_RUN[@]}" -d --name "$CTR" --network "ns:/run/netns/$NS" \
	    --no-hosts "${envs[@]}" "localhost/$CTR" \
	    >/dev/null 2>"$T/err"
	logs() { podman logs "$CTR" 2>&1; }
else
	echo "# podman does not run here; a chroot instead: $(tail -n 1 "$T/err")"
	ENGINE=
	$NSEXEC env -i "${COMPOSE[@]}" bash -c "$(declare -f in_chroot); in_chroot \
	    \"\$@\"" sh "$R" /bin/busybox sh /usr/share/echoddns/entrypoint.sh \
	    >"$T/container.log" 2>&1 &
	CHROOT_PID=$!
	logs() { cat "$T/container.log"; }
fi
check "the image runs (${ENGINE:-chroot})" true

# wait_for SECONDS COMMAND...: until COMMAND succeeds, at most SECONDS.
wait_for() {
	local i=0
	while ! "${@:2}" && [ $i -lt $(($1 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	"${@:2}"
}
want='192.0.2.30 enable 600
198.51.100.20 enable 600
203.0.113.10 enable 600'
has_records() { [ "$(records)" = "$1" ]; }
check "the first sync at start brings the records in line" \
    wait_for 20 has_records "$want"
has_log() { logs | grep -q "$1"; }
check "the log says it syncs every minute" wait_for 5 has_log 'syncing on schedule'
logs >"$T/log1"
check "the log says what changed" grep -q 'updated record' "$T/log1"

# Line 2 redials: crond's next run, within a minute, follows it.
python3 - "$T/fake.json" <<'EOP'
import json, os, sys
p = sys.argv[1]
s = json.load(open(p))
for r in s["records"]:
    if r["RR"] == "dns2":
        r["Value"] = "198.51.100.21"
json.dump(s, open(p + ".tmp", "w"))
os.replace(p + ".tmp", p)
EOP
want2=$(echo "$want" | sed 's/198.51.100.20/198.51.100.21/')
check "crond syncs within the next minute" wait_for 75 has_records "$want2"
sleep 1
logs >"$T/log2"
check "crond's sync reports to the container log" \
    test "$(grep -c 'updated record' "$T/log2")" -ge 2
check "the secret is not in the container log" \
    sh -c '! grep -qF -e "$1" "$2"' sh "$SECRET" "$T/log2"
sed 's/^/#   log: /' "$T/log2" | head -n 20

# Without a configuration or the variables: a clear error, exit 78.
if [ "$ENGINE" = podman ]; then
	"${PODMAN_RUN[@]}" --rm "localhost/$CTR" >"$T/out" 2>"$T/err"
else
	env -i PATH="$PATH" bash -c "$(declare -f in_chroot); in_chroot \"\$@\"" \
	    sh "$R" /bin/busybox sh /usr/share/echoddns/entrypoint.sh \
	    >"$T/out" 2>"$T/err"
fi
RC=$?
expect_rc "no configuration and no variables" 78
check "says what to mount or set" grep -q 'ACCESSKEY_ID' "$T/err"
[ "$ENGINE" = podman ] && podman rmi -f "localhost/$CTR" >/dev/null 2>&1

finish
