#!/bin/sh
# mkcerts.sh DIR - throwaway TLS material for the fake providers.
#
#   ca.pem/ca.key                   test CA (hand ca.pem to echoddns as ca_file)
#   server.pem/server.key           leaf for 127.0.0.1, ::1 and localhost, signed by the CA
#   wrongname.pem/wrongname.key     leaf for DNS:wrong.example only, same CA
#   otherca.pem/otherca.key         a second, unknown CA
#   otherca-server.pem/.key         leaf for 127.0.0.1, ::1, localhost signed by the unknown CA
#
# EC P-256 keys, so it runs in well under a second. Idempotent: files that
# exist and are valid for another day are kept; safe to run several at once.
# Quiet unless something fails.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 DIR" >&2
	exit 64
fi
dir=$1
mkdir -p "$dir"
cd "$dir"
# Suites started together share DIR: one makes the files, the rest wait.
if command -v flock >/dev/null 2>&1; then
	exec 9>.lock
	flock 9
fi

OPENSSL=${OPENSSL:-openssl}
umask 077

# valid FILE: certificate exists and does not expire within a day.
valid() {
	[ -s "$1.pem" ] && [ -s "$1.key" ] &&
	    $OPENSSL x509 -in "$1.pem" -noout -checkend 86400 >/dev/null 2>&1
}

newkey() {
	$OPENSSL genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$1.key" 2>/dev/null
}

# mkca NAME CN
mkca() {
	newkey "$1"
	$OPENSSL req -new -x509 -key "$1.key" -out "$1.pem" -days 3650 \
	    -subj "/O=echoddns tests/CN=$2" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" \
	    -addext "subjectKeyIdentifier=hash" 2>/dev/null
}

# mkleaf NAME CA SAN
mkleaf() {
	newkey "$1"
	ext=$1.ext.tmp
	cat >"$ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=$3
EOF
	$OPENSSL req -new -key "$1.key" -subj "/O=echoddns tests/CN=$1" \
	    -out "$1.csr.tmp" 2>/dev/null
	$OPENSSL x509 -req -in "$1.csr.tmp" -CA "$2.pem" -CAkey "$2.key" \
	    -set_serial "0x$($OPENSSL rand -hex 8)" -days 825 \
	    -extfile "$ext" -out "$1.pem" 2>/dev/null
	rm -f "$ext" "$1.csr.tmp"
}

good_san="IP:127.0.0.1,IP:::1,DNS:localhost"

if ! valid ca; then
	mkca ca "echoddns test CA"
	rm -f server.pem wrongname.pem	# leaves of an old CA are useless
fi
valid server || mkleaf server ca "$good_san"
valid wrongname || mkleaf wrongname ca "DNS:wrong.example"
if ! valid otherca; then
	mkca otherca "unknown test CA"
	rm -f otherca-server.pem
fi
valid otherca-server || mkleaf otherca-server otherca "$good_san"

chmod 644 ./*.pem
exit 0
