#!/bin/sh
# deps.sh - install the Debian packages echoddns needs, if any are missing.
# usage: deps.sh build|test|static|all
# As root, missing packages are installed with apt-get; otherwise the
# apt-get line is printed and the script fails. On systems without dpkg it
# does nothing: there the build's own errors name what is missing.
set -u

build="gcc make pkg-config libcurl4-openssl-dev libmbedtls-dev libjansson-dev
 libinih-dev libc-ares-dev"
test="$build libcmocka-dev python3 openssl curl dnsmasq-base iproute2
 util-linux mandoc valgrind procps time strace busybox-static systemd
 faketime"
fuzz="clang libclang-rt-14-dev"
# make static and check-static: musl, the tools that build the libraries
# from Debian's source packages, cross compilers and qemu for the other
# architectures, busybox for the hotplug and container tests.
static="$test musl-tools cmake dpkg-dev debian-archive-keyring
 gcc-aarch64-linux-gnu gcc-mipsel-linux-gnu qemu-user-static"

case "${1:-build}" in
build)	want=$build ;;
test)	want=$test ;;
static)	want=$static ;;
all)	want="$static $fuzz" ;;
*)	echo "usage: deps.sh build|test|static|all" >&2; exit 64 ;;
esac

command -v dpkg-query >/dev/null 2>&1 || exit 0

missing=
for p in $want; do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)
	case "$s" in
	ii*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "echoddns: missing Debian packages; install them with:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "echoddns: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null &&
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
