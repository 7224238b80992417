# demo/lib.sh - what every demo shares: a private directory and the
# throwaway CA, the fake provider on a free port of localhost, and e,
# which shows a command of echoddns and how it exited. Sourced by
# tests/demo/NAME.sh from the top of the tree.
set -u
ROOT=$(pwd)
# ECHODDNS_BIN runs another binary; ECHODDNS_WRAP runs it under a tool
# (valgrind, in tests/e2e/test_demo.sh); DEMO_TMP holds the directory.
BIN=${ECHODDNS_BIN:-$ROOT/echoddns}
WRAP=${ECHODDNS_WRAP:-}
SHIFT=0		# seconds echoddns's clock has been moved on (faketime)
PIDS=		# the fake and any other helper, stopped at exit
trap 'for p in $PIDS; do kill $p 2>/dev/null; wait $p 2>/dev/null; done' EXIT

# demo_dir NAME: $D, a fresh directory only its owner reads; the CA.
demo_dir() {
	D=${DEMO_TMP:-$ROOT/tests/tmp}/$1
	rm -rf "$D"
	mkdir -p "$D"
	chmod 700 "$D"
	sh tests/fakes/mkcerts.sh tests/tmp/certs || exit 70
}

# demo_fake FAKE STATE [ARG...]: tests/fakes/FAKE_fake.py serving STATE
# over HTTPS, each call logged in $D/api.log; its port in $port.
demo_fake() {
	f=$1 st=$2
	shift 2
	python3 "tests/fakes/${f}_fake.py" --state "$st" --log "$D/api.log" \
	    --port 0 --port-file "$D/port" --cert tests/tmp/certs/server.pem \
	    --key tests/tmp/certs/server.key "$@" 2>"$D/fake.err" &
	PIDS="$PIDS $!"
	i=0
	while [ ! -s "$D/port" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s "$D/port" ] || { cat "$D/fake.err"; exit 70; }
	port=$(cat "$D/port")
}

# secret_file NAME VALUE: $D/NAME holding VALUE, its owner's only.
secret_file() {
	printf '%s\n' "$2" >"$D/$1"
	chmod 600 "$D/$1"
}

# e ARGS...: show `echoddns ARGS` run on $D/demo.ini, and its exit status.
e() {
	echo "\$ echoddns $*"
	if [ "$SHIFT" -gt 0 ]; then
		faketime -f "+${SHIFT}s" $WRAP "$BIN" -c "$D/demo.ini" "$@"
	else
		$WRAP "$BIN" -c "$D/demo.ini" "$@"
	fi
	echo "(exit $?)"
	echo
}
