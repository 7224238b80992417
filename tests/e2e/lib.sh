# lib.sh - shared by the end-to-end tests: a fake provider over real HTTPS
# (Alidns unless FAKE names another tests/fakes/FAKE_fake.py),
# sources resolved by the real getaddrinfo through a bind-mounted hosts file
# in a private mount namespace, and small assertions. Sourced, not run.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${ECHODDNS_BIN:-$ROOT/echoddns}
# ECHODDNS_WRAP runs the binary under a tool (valgrind) in check-valgrind.
WRAP=${ECHODDNS_WRAP:-}
# The run's deadline in the configs written here, unless a case sets
# TIMEOUT: under valgrind every run costs seconds of CPU, and retries,
# which stop when the deadline is near, must still fit beside other suites.
case $WRAP in
*valgrind*)	DEFAULT_TIMEOUT=60 ;;
*)		DEFAULT_TIMEOUT=20 ;;
esac
mkdir -p "$ROOT/tests/tmp"
T=$(mktemp -d "$ROOT/tests/tmp/$(basename "$0" .sh).XXXXXX")
KEYID=LTAI5tE2eTestKey
SECRET=e2eS3cr3t-DoNotPrint-7f1c0b
FAKE_PID=
PORT=
# NSEXEC runs the fake and echoddns inside a test network namespace.
NSEXEC=${NSEXEC:-}
# python3 is the interpreter itself, looked up once: the one on PATH may
# be a version manager's shim (pyenv's costs a tenth of a second per
# call), and the suites call it hundreds of times.
PYTHON=${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
mkdir -p "$T/bin" && ln -s "$PYTHON" "$T/bin/python3" || exit 70
# faketime -f SPEC COMMAND...: Debian's libfaketime preloaded by hand.
# Its faketime wrapper names a semaphore and a shared memory object after
# its own pid and fails ("sem_open: File exists") when a wrapper killed
# earlier left one of that pid behind; pids wrap at 32768. Offsets and
# rates (+N s, x10) need none of that shared state.
for f in /usr/lib/*/faketime/libfaketime.so.1; do
	[ -f "$f" ] || continue
	cat >"$T/bin/faketime" <<EOF || exit 70
#!/bin/sh
[ "\$1" = -f ] && shift
spec=\$1
shift
LD_PRELOAD="$f\${LD_PRELOAD:+:\$LD_PRELOAD}" FAKETIME="\$spec" \\
    ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}verify_asan_link_order=0" \\
    exec "\$@"
EOF
	chmod 755 "$T/bin/faketime"
	break
done
PATH=$T/bin:$PATH
passed=0
failed=0

cleanup() {
	stop_fake
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 70' INT TERM

sh "$ROOT/tests/fakes/mkcerts.sh" "$ROOT/tests/tmp/certs" || exit 70
CERTS=$ROOT/tests/tmp/certs

ok() {
	passed=$((passed + 1))
	echo "ok - $1"
}

not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1"
	[ -f "$T/err" ] && sed 's/^/#   stderr: /' "$T/err" | head -n 20
	[ -f "$T/out" ] && sed 's/^/#   stdout: /' "$T/out" | head -n 20
	return 0
}

# check NAME COMMAND...: one assertion.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# expect_rc NAME WANT: the last run's exit status.
expect_rc() {
	if [ "$RC" -eq "$2" ]; then ok "$1 (exit $RC)"; else
		not_ok "$1: exit $RC, wanted $2"; fi
}

finish() {
	# Nothing the suite printed or wrote may contain the secret.
	if grep -rqF -e "$SECRET" "$T" --exclude=state.json --exclude=fake.json --exclude='*.ini' \
	    --exclude='*.secret' 2>/dev/null; then
		not_ok "the secret appears in output: $(grep -rlF -e "$SECRET" "$T" --exclude=state.json --exclude=fake.json --exclude='*.ini' --exclude='*.secret')"
	else
		ok "the secret appears in no output or log"
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# state_json RECORDS-JSON [EXTRA-JSON]: the fake's initial state.
fake_state() {
	cat >"$T/fake.json" <<EOS
{"accounts": {"$KEYID": {"secret": "$SECRET"},
              "LTAIreadonly": {"secret": "ro-secret", "readonly": true},
              "STS.LTAItemp": {"secret": "sts-secret",
                               "security_token": "STStoken-DoNotPrint-42"}},
 "zones": {"example.com": {"min_ttl": 600}, "example.net": {"min_ttl": 1}},
 "records": $1,
 "next_id": 1455682456001000, "clock_offset": 0, "faults": []}
EOS
}

start_fake() {
	rm -f "$T/port" "$T/fake.pid"
	: >>"$T/api.log"
	$NSEXEC python3 "$ROOT/tests/fakes/${FAKE:-alidns}_fake.py" \
	    --state "$T/fake.json" \
	    --log "$T/api.log" --port 0 --port-file "$T/port" \
	    --pid-file "$T/fake.pid" --cert "$CERTS/server.pem" \
	    --key "$CERTS/server.key" ${FAKE_ARGS:-} 2>"$T/fake.err" &
	FAKE_PID=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	PORT=$(cat "$T/port" 2>/dev/null)
	[ -n "$PORT" ] || { echo "fake did not start"; cat "$T/fake.err"; exit 70; }
}

stop_fake() {
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID" 2>/dev/null
		wait "$FAKE_PID" 2>/dev/null
		FAKE_PID=
	fi
}

# fresh RECORDS-JSON: restart the fake with these records, and forget
# what echoddns verified at the previous one.
fresh() {
	stop_fake
	fake_state "$1"
	start_fake
	rm -rf "$T/state"
}

# fault JSON: append one fault to the fake's list.
fault() {
	python3 - "$T/fake.json" "$1" <<'EOP'
import json, sys
p, f = sys.argv[1], json.loads(sys.argv[2])
s = json.load(open(p))
s.setdefault("faults", []).append(f)
json.dump(s, open(p + ".tmp", "w"))
import os; os.replace(p + ".tmp", p)
EOP
}

# hosts LINE...: the hosts file the next runs see.
hosts() {
	printf '127.0.0.1 localhost\n' >"$T/hosts"
	for l in "$@"; do printf '%s\n' "$l" >>"$T/hosts"; done
}

# config [EXTRA-GROUP-LINES]: write $T/echoddns.ini for the fake.
config() {
	umask 077
	cat >"$T/echoddns.ini" <<EOC
[echoddns]
state_dir = $T/state
timeout = ${TIMEOUT:-$DEFAULT_TIMEOUT}

[account ali]
provider = alidns
access_key_id = ${ACCOUNT_KEYID:-$KEYID}
access_key_secret_file = $T/ali.secret
endpoint = ${ENDPOINT:-https://localhost:$PORT}
ca_file = ${CA_FILE:-$CERTS/ca.pem}
${ACCOUNT_EXTRA:-}

[group home]
account = ali
zone = example.com
name = ${NAME:-a.dns.example.com}
sources = ${SOURCES:-dns1.example.com dns2.example.com dns3.example.com}
$(printf '%s\n' "$@")
EOC
	printf '%s\n' "${ACCOUNT_SECRET:-$SECRET}" >"$T/ali.secret"
	chmod 600 "$T/ali.secret" "$T/echoddns.ini"
}

# run ARGS...: echoddns in a private mount namespace with $T/hosts as
# /etc/hosts, so getaddrinfo answers from it. Sets RC; output in out/err.
run() {
	[ -f "$T/hosts" ] || hosts
	$NSEXEC unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
	    sh "$T/hosts" $WRAP "$BIN" -c "$T/echoddns.ini" "$@" \
	    >"$T/out" 2>"$T/err"
	RC=$?
	cat "$T/out" >>"$T/all.out"
	cat "$T/err" >>"$T/all.out"
}

# clock_movable: true when faketime can move echoddns's clock, which it
# can only for a dynamically linked binary (not make static's, nor one
# under qemu).
clock_movable() {
	ldd "$BIN" >/dev/null 2>&1 && command -v faketime >/dev/null
}

# within_deadline NAME T0 TIMEOUT [SLACK]: the run started at T0 (date
# +%s) with this timeout ended by its deadline: within TIMEOUT + SLACK
# (default 4) seconds, plus, under a wrapper (valgrind), three times what
# the wrapper takes to start and end echoddns --version, measured right
# after the run (the machine is as busy as it was). What hangs does so for
# 30 s or more, so the bound still tells a run that ends by its deadline
# from one that waits.
within_deadline() {
	local t1 bound cost=0 a b
	t1=$(date +%s)
	if [ -n "$WRAP" ]; then
		a=$(date +%s%N)
		$WRAP "$BIN" --version >/dev/null 2>&1
		b=$(date +%s%N)
		cost=$(( (b - a + 999999999) / 1000000000 ))
	fi
	bound=$(($3 + ${4:-4} + 3 * cost))
	check "$1 (ended after $((t1 - $2)) s, bound $bound s)" \
	    test $((t1 - $2)) -le "$bound"
}

# records [RR]: the fake's records of RR (default a.dns), one per line:
# "value status ttl", sorted by value.
records() {
	python3 - "$T/fake.json" "${1:-a.dns}" <<'EOP'
import json, sys
s = json.load(open(sys.argv[1]))
rows = sorted("%s %s %s" % (r["Value"], r["Status"].lower(), r["TTL"])
              for r in s["records"] if r["RR"].lower() == sys.argv[2])
print("\n".join(rows))
EOP
}

# mark: remember where the API log is, so calls counts only what follows.
mark() {
	MARK=$(wc -l <"$T/api.log")
}

# calls [ACTION-REGEX]: API requests since mark (all, or matching actions).
calls() {
	tail -n +"$((MARK + 1))" "$T/api.log" | python3 -c '
import json, re, sys
pat = re.compile(sys.argv[1])
print(sum(1 for l in sys.stdin if l.strip() and pat.fullmatch(json.loads(l).get("action") or "")))' "${1:-.*}"
}

writes() {
	calls 'AddDomainRecord|UpdateDomainRecord|SetDomainRecordStatus|DeleteDomainRecord'
}

# logq PYTHON-EXPR: evaluate over the API log since mark; L = every
# request, W = the write requests.
logq() {
	tail -n +"$((MARK + 1))" "$T/api.log" | python3 -c '
import json, sys
L = [json.loads(l) for l in sys.stdin if l.strip()]
W = [e for e in L if e.get("action") in ("AddDomainRecord",
     "UpdateDomainRecord", "SetDomainRecordStatus", "DeleteDomainRecord")]
print(eval("(" + sys.argv[1] + ")"))' "$1"
}

# expect_records NAME WANT: the fake's records of a.dns are exactly WANT
# (lines "value status ttl", in any order).
expect_records() {
	want=$(printf '%s\n' "$2" | LC_ALL=C sort)
	got=$(records)
	if [ "$got" = "$want" ]; then ok "$1: records"; else
		not_ok "$1: records [$(echo $got)], wanted [$(echo $want)]"; fi
}

# no_dup_values: no two records of a.dns hold the same value.
no_dup_values() {
	test "$(records | cut -d' ' -f1 | sort | uniq -d)" = ""
}

# set_fake KEY JSON-VALUE: change one top-level key of the fake's state.
set_fake() {
	python3 - "$T/fake.json" "$1" "$2" <<'EOP'
import json, os, sys
p = sys.argv[1]
s = json.load(open(p))
s[sys.argv[2]] = json.loads(sys.argv[3])
json.dump(s, open(p + ".tmp", "w"))
os.replace(p + ".tmp", p)
EOP
}

# rec ID RR VALUE [STATUS [TTL]]: one record of example.com as JSON.
rec() {
	printf '{"RecordId": "%s", "DomainName": "example.com", "RR": "%s", "Type": "%s", "Value": "%s", "TTL": %s, "Line": "default", "Status": "%s", "Locked": false}' \
	    "$1" "$2" "${TYPE:-A}" "$3" "${5:-600}" "${4:-ENABLE}"
}

# listen NAME ADDR PORT: a TCP listener standing for a live line (health
# checks); unlisten NAME stops it (the line goes dark).
listen() {
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(16)
open(sys.argv[3], "w").write("up")
while True:
    c, _ = s.accept()
    c.close()' "$2" "$3" "$T/listen.$1.up" &
	eval "LISTENER_$1=$!"
	i=0
	while [ ! -s "$T/listen.$1.up" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}

unlisten() {
	eval "pid=\${LISTENER_$1:-}"
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		rm -f "$T/listen.$1.up"
		eval "LISTENER_$1="
	fi
}
