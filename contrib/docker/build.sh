#!/bin/sh
# build.sh - the container image of echoddns (`make docker`): assembles
# build/docker/rootfs from the static echoddns (make static), Debian's
# static busybox (busybox-static) and the system's CA bundle, then builds
# the image FROM scratch with podman, or docker when there is no podman.
#   ROOTFS_ONLY=yes   stop after the rootfs (tests run it without an engine)
#   BIN, BUSYBOX, CA_BUNDLE, OUT, IMAGE, ENGINE override the defaults below
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/echoddns-static}
BUSYBOX=${BUSYBOX:-/bin/busybox}
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
OUT=${OUT:-$ROOT/build/docker}
IMAGE=${IMAGE:-echoddns:latest}

die() { echo "docker: $*" >&2; exit 1; }

# static FILE: no program interpreter, so it runs in an empty image.
static() {
	[ -x "$1" ] || return 1
	! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'program interpreter'
}
static "$BIN" || die "$BIN: not a static executable (run make static)"
static "$BUSYBOX" ||
    die "$BUSYBOX: not a static busybox (apt-get install busybox-static)"
[ -s "$CA_BUNDLE" ] || die "$CA_BUNDLE: no CA bundle (ca-certificates)"

r=$OUT/rootfs
rm -rf "$r"
mkdir -p "$r/bin" "$r/usr/bin" "$r/usr/share/echoddns" "$r/etc/ssl/certs" \
    "$r/etc/echoddns" "$r/var/lib/echoddns" "$r/run" "$r/tmp" "$r/proc" \
    "$r/dev"
chmod 700 "$r/etc/echoddns" "$r/var/lib/echoddns"
chmod 1777 "$r/tmp"
cp "$BUSYBOX" "$r/bin/busybox"
for a in $("$BUSYBOX" --list); do
	[ "$a" = busybox ] || ln -s busybox "$r/bin/$a"
done
cp "$BIN" "$r/usr/bin/echoddns"
cp "$CA_BUNDLE" "$r/etc/ssl/certs/ca-certificates.crt"
cp "$ROOT/contrib/docker/entrypoint.sh" "$r/usr/share/echoddns/entrypoint.sh"
chmod 755 "$r/usr/share/echoddns/entrypoint.sh"
# crond looks its jobs' user up by name, and runs them in its home.
echo 'root:x:0:0:root:/:/bin/sh' >"$r/etc/passwd"
echo 'root:x:0:' >"$r/etc/group"
cp "$ROOT/contrib/docker/Dockerfile" "$OUT/Dockerfile"
echo "docker: rootfs in $r ($(du -sk "$r" | cut -f 1) KiB)"
[ "${ROOTFS_ONLY:-no}" = yes ] && exit 0

ENGINE=${ENGINE:-$(command -v podman || command -v docker || true)}
[ -n "$ENGINE" ] || die "neither podman nor docker found (apt-get install podman)"
"$ENGINE" build -t "$IMAGE" "$OUT"
"$ENGINE" image inspect -f '{{.Size}}' "$IMAGE" 2>/dev/null |
    sed "s/^/docker: $IMAGE: /; s/\$/ bytes/"
