#!/bin/bash
# test_faults.sh - what echoddns does when the provider or the network
# misbehaves: retries with a fresh nonce and timestamp, TLS failures,
# replies it cannot understand (and bounded memory), a plan failing half
# way, a race with another writer, clock skew, and two hosts writing the
# same name at once (hangs, slow replies and resets: test_deadline.sh).
# Each case checks the exit status and the records left at the fake.
. "$(dirname "$0")/lib.sh"

T0=$(date +%s)
SOURCES="dns1.example.com dns2.example.com"
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"

# Two stale records: a full sync is two updates, in this order.
BASE="[$(rec 2001 a.dns 203.0.113.77), $(rec 2002 a.dns 198.51.100.99)]"
GOOD="198.51.100.20 enable 600
203.0.113.10 enable 600"
STALE="198.51.100.99 enable 600
203.0.113.77 enable 600"

# listing RECORD-JSON...: a DescribeSubDomainRecords reply with these.
listing() {
	python3 -c '
import json, sys
recs = [json.loads(a) for a in sys.argv[1:]]
print(json.dumps({"RequestId": "STALE-VIEW", "TotalCount": len(recs),
                  "PageNumber": 1, "PageSize": 100,
                  "DomainRecords": {"Record": recs}}))' "$@"
}

# jstring: stdin as one JSON string (a fault's raw body).
jstring() {
	python3 -c 'import json, sys; print(json.dumps(sys.stdin.read()))'
}

not_grep() {
	! grep -q "$@"
}

# jsonq PYTHON-EXPR: evaluate over the --json report of the last run (D).
jsonq() {
	python3 -c '
import json, sys
D = json.load(open(sys.argv[1]))
print(eval("(" + sys.argv[2] + ")"))' "$T/out" "$1" 2>/dev/null
}

# ---------------------------------------------------------------------------
# Temporary failures on a write: retried, then given up.

# retry_case NAME FAULT-FIELDS THROTTLES: FAULT-FIELDS is the inside of a
# fault object without action and times. THROTTLES = 1 when the failure
# should hold the next runs back.
retry_case() {
	cn=$1
	f=$2
	thr=$3

	# Fewer faults than attempts: the write goes through on a retry.
	fresh "$BASE"
	config
	fault "{$f, \"action\": \"UpdateDomainRecord\", \"times\": ${ONCE:-1}}"
	mark
	run sync
	expect_rc "$cn ${ONCE:-1}x: retried and done" 0
	expect_records "$cn ${ONCE:-1}x" "$GOOD"
	check "$cn ${ONCE:-1}x: each retry has a fresh nonce and timestamp" \
	    test "$(logq '(lambda u: len(u) == '"${ONCE:-1}"' + 1 and
	    all(e["fault"] for e in u[:-1]) and u[-1]["status"] == 200 and
	    len({e["params"]["SignatureNonce"] for e in u}) == len(u) and
	    len({e["params"]["Timestamp"] for e in u}) == len(u))(
	    [e for e in W if e["params"]["RecordId"] ==
	    W[0]["params"]["RecordId"]])')" = True

	# As many faults as attempts: exit 75, the second update not tried.
	fresh "$BASE"
	config
	fault "{$f, \"action\": \"UpdateDomainRecord\", \"times\": 4}"
	mark
	run sync
	expect_rc "$cn 4x: gives up" 75
	expect_records "$cn 4x: nothing changed" "$STALE"
	check "$cn 4x: four attempts at one record, fresh nonces, later write not attempted" \
	    test "$(logq 'len(W) == 4 and
	    len({e["params"]["RecordId"] for e in W}) == 1 and
	    len({e["params"]["SignatureNonce"] for e in W}) == 4')" = True
	check "$cn 4x: back-off doubles (1, 2, 4 s)" test "$(logq '
	    (lambda t: all(t[i + 1] - t[i] >= 0.9 * 2 ** i for i in range(3)))(
	    [__import__("datetime").datetime.strptime(e["time"],
	    "%Y-%m-%dT%H:%M:%S.%fZ").timestamp() for e in W])')" = True
	if [ "$thr" = 1 ]; then
		check "$cn 4x: throttle back-off in the state file" \
		    grep -q '"throttle"' "$T/state/state.json"
		mark
		run sync
		expect_rc "$cn: next run held back" 75
		check "$cn: held back without any API call" test "$(calls)" -eq 0
		check "$cn: held back, says why" grep -qi 'throttl' "$T/err"
		mark
		run sync --force
		expect_rc "$cn: --force tries again" 0
		expect_records "$cn: --force" "$GOOD"
		check "$cn: --force read the provider" test "$(calls)" -ge 1
	else
		check "$cn 4x: no throttle back-off" \
		    not_grep '"throttle"' "$T/state/state.json"
		mark
		run sync
		expect_rc "$cn: the next run converges" 0
		expect_records "$cn: next run" "$GOOD"
	fi
}

retry_case "Throttling.User" '"kind": "error", "code": "Throttling.User", "http": 400, "message": "Request was denied due to user flow control."' 1
retry_case "Throttling" '"kind": "error", "code": "Throttling", "http": 400' 1
retry_case "HTTP 429" '"kind": "http", "status": 429, "body": "Too Many Requests", "content_type": "text/plain"' 1
retry_case "HTTP 500" '"kind": "http", "status": 500, "body": ""' 0
retry_case "HTTP 503" '"kind": "http", "status": 503, "body": "Service Unavailable", "content_type": "text/plain"' 0
ONCE=3 retry_case "InternalError" '"kind": "error", "code": "InternalError", "http": 500' 0
retry_case "LastOperationNotFinished" '"kind": "error", "code": "LastOperationNotFinished", "http": 400' 0
retry_case "HTTP 502 HTML page" '"kind": "html"' 0

# Throttled with a Retry-After beyond the run's deadline: asking again
# within the run would only prolong the block, so one attempt.
fresh "$BASE"
config
fault '{"action": "UpdateDomainRecord", "kind": "http", "status": 429, "body": "", "headers": {"Retry-After": "600"}, "times": -1}'
mark
run sync
expect_rc "HTTP 429, Retry-After 600: given up at once" 75
check "Retry-After 600: one attempt" test "$(writes)" -eq 1
check "Retry-After 600: says so" grep -q 'Retry-After 600 s' "$T/err"
check "Retry-After 600: throttle back-off in the state file" \
    grep -q '"throttle"' "$T/state/state.json"
# A short one is waited out like any throttling.
fresh "$BASE"
config
fault '{"action": "UpdateDomainRecord", "kind": "http", "status": 429, "body": "", "headers": {"Retry-After": "1"}, "times": 1}'
mark
run sync
expect_rc "HTTP 429, Retry-After 1: retried and done" 0
check "Retry-After 1: the failed write sent again" test "$(writes)" -eq 3
expect_records "Retry-After 1" "$GOOD"

# A Code nobody listed: temporary with HTTP 5xx, not with HTTP 400.
fresh "$BASE"
config
fault '{"action": "UpdateDomainRecord", "kind": "error", "code": "Fake.Unlisted", "http": 503, "times": 1}'
run sync
expect_rc "an unlisted Code with HTTP 503: retried" 0
expect_records "unlisted Code, 503" "$GOOD"
fresh "$BASE"
config
fault '{"action": "UpdateDomainRecord", "kind": "error", "code": "Fake.Unlisted", "http": 400, "times": 1}'
mark
run sync
expect_rc "an unlisted Code with HTTP 400: not retried" 69
check "unlisted Code, 400: one write" test "$(writes)" -eq 1
expect_records "unlisted Code, 400" "$STALE"

# After a successful --force the old back-off no longer holds runs back.
fresh "$BASE"
config
fault '{"kind": "error", "code": "Throttling.User", "action": "*", "times": 4}'
run sync
run sync --force
mark
run sync
expect_rc "a successful --force lifts the throttle back-off" 2

# ---------------------------------------------------------------------------
# TLS: a certificate for another name, or from an unknown CA: 75, no retry.

# A TCP relay in front of the fake counts the connections echoddns opens:
# a certificate refused after the handshake leaves no trace at the fake.
cat >"$T/relay.py" <<'EOP2'
import socket, sys, threading
target, portfile, countfile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def pump(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(16)
open(portfile, "w").write(str(ls.getsockname()[1]))
while True:
    c, _ = ls.accept()
    open(countfile, "a").write("connection\n")
    u = socket.create_connection(("127.0.0.1", target))
    threading.Thread(target=pump, args=(c, u), daemon=True).start()
    threading.Thread(target=pump, args=(u, c), daemon=True).start()
EOP2

tls_case() {
	cn=$1
	FAKE_ARGS="--cert $CERTS/$2.pem --key $CERTS/$2.key" fresh "$BASE"
	rm -f "$T/relay.port" "$T/relay.count"
	python3 "$T/relay.py" "$PORT" "$T/relay.port" "$T/relay.count" &
	relay=$!
	i=0
	while [ ! -s "$T/relay.port" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	ENDPOINT=https://localhost:$(cat "$T/relay.port") config
	mark
	run sync
	expect_rc "$cn" 75
	expect_records "$cn" "$STALE"
	check "$cn: no request reached the fake" test "$(calls)" -eq 0
	check "$cn: one connection, not retried" \
	    test "$(cat "$T/relay.count" 2>/dev/null | wc -l)" -eq 1
	check "$cn: says what is wrong with the certificate" \
	    grep -Eqi "$3" "$T/err"
	kill "$relay"
	wait "$relay" 2>/dev/null
	stop_fake
}
# OpenSSL names the subject or host; mbedTLS (the static build) says
# BADCERT_CN_MISMATCH: the certificate's names do not match.
tls_case "certificate for the wrong name" wrongname \
    'certificate.*(name|subject|host|CN_MISMATCH)|(name|subject|host).*certificate'
tls_case "certificate from an unknown CA" otherca-server \
    'certificate.*(issuer|unknown|self.signed|verify)'

# ---------------------------------------------------------------------------
# Replies that cannot be understood: 76, and memory stays bounded.

proto_case() {
	cn=$1
	fresh "$BASE"
	config
	fault "$2"
	mark
	run sync
	expect_rc "$cn" 76
	expect_records "$cn" "$STALE"
	check "$cn: not retried" test "$(calls)" -eq 1
}
R1=$(rec 2001 a.dns 203.0.113.77)
proto_case "malformed JSON" '{"action": "*", "kind": "body", "body": "{\"TotalCount\": 1, \"DomainRecords\": {\"Record\": [{\"RecordId\": \"2001\""}'
proto_case "JSON, RecordId a number" \
    "{\"action\": \"*\", \"kind\": \"body\", \"body\": $(listing "${R1/\"2001\"/2001}" | jstring)}"
proto_case "JSON, a record without Value" \
    "{\"action\": \"*\", \"kind\": \"body\", \"body\": $(listing "${R1/\"Value\": \"203.0.113.77\", /}" | jstring)}"
proto_case "JSON, Value null" \
    "{\"action\": \"*\", \"kind\": \"body\", \"body\": $(listing "${R1/\"203.0.113.77\"/null}" | jstring)}"
proto_case "JSON, DomainRecords null" '{"action": "*", "kind": "body", "body": "{\"RequestId\": \"X\", \"TotalCount\": 0, \"DomainRecords\": null}"}'
proto_case "JSON, an array" '{"action": "*", "kind": "body", "body": "[]"}'
proto_case "HTML error page, HTTP 403" '{"action": "*", "kind": "html", "http": 403}'
proto_case "HTML page, HTTP 200" '{"action": "*", "kind": "html", "http": 200}'
proto_case "empty body" '{"action": "*", "kind": "empty"}'

# Garbage of growing size, up to a 64 MiB reply: 76 and a bounded peak RSS
# (/usr/bin/time). Just under the HTTP cap is the worst case for parsing.
# AddressSanitizer's shadow memory adds to the RSS of its builds
# (make check-asan sets ASAN_OPTIONS): there the bound is wider, still far
# below the 64 MiB that reading the largest reply whole would take.
RSS_MAX=32768
[ -n "${ASAN_OPTIONS:-}" ] && RSS_MAX=98304
for size in 524288 1048576 4194000 67108864; do
	fresh "$BASE"
	config
	fault "{\"action\": \"*\", \"kind\": \"huge\", \"size\": $size}"
	WRAP="/usr/bin/time -v" run sync
	expect_rc "a reply of $size bytes" 76
	expect_records "$size bytes" "$STALE"
	RSS=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$T/err")
	echo "# peak RSS of the run that got $size bytes: ${RSS:-?} KiB"
	check "$size bytes: peak RSS ${RSS:-?} KiB < $RSS_MAX KiB" \
	    test "${RSS:-999999}" -lt "$RSS_MAX"
done
check "64 MiB reply: says it is too large" grep -qi 'larger than' "$T/err"

# Garbage in reply to writes that did happen: 76, and the next run
# converges without a duplicate.
fresh "$BASE"
config
fault '{"action": "UpdateDomainRecord", "kind": "body", "body": "{\"RecordId\": ", "commit": true}'
mark
run sync
expect_rc "malformed reply to a committed update" 76
check "malformed reply to an update: later write not attempted" test "$(writes)" -eq 1
run sync
expect_rc "malformed reply to an update: next run converges" 0
expect_records "after a malformed update reply" "$GOOD"
fresh "[$(rec 2001 a.dns 203.0.113.10)]"
config
fault '{"action": "AddDomainRecord", "kind": "body", "body": "{\"RequestId\": \"X\", \"RecordId\": 1455682456001000}", "commit": true}'
run sync
expect_rc "add answered with RecordId a number" 76
mark
run sync
expect_rc "after it the next run finds it in sync" 2
check "after it: no write" test "$(writes)" -eq 0
expect_records "add answered with RecordId a number" "$GOOD"

# ---------------------------------------------------------------------------
# A plan failing half way: enable 2002, update 2001 (fails), add .30.

SOURCES="dns1.example.com dns2.example.com dns3.example.com"
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com" \
    "198.51.100.30 dns3.example.com"
fresh "[$(rec 2001 a.dns 203.0.113.77), $(rec 2002 a.dns 198.51.100.20 DISABLE)]"
config
fault '{"action": "*", "after": 2, "times": 4, "kind": "error", "code": "InternalError", "http": 500}'
mark
run --json sync
expect_rc "second of three writes fails" 75
check "mid-plan: --json says enable done, update failed, add skipped" \
    test "$(jsonq '[(a["action"], a["result"], a.get("record"), a.get("to"))
    for a in D["groups"][0]["actions"]] == [("enable", "done", "2002", None),
    ("update", "failed", "2001", "203.0.113.10"),
    ("add", "skipped", None, "198.51.100.30")]')" = True
check "mid-plan: stderr names the change made" grep -q 'enabled record 2002' "$T/err"
check "mid-plan: stderr names the write that failed" \
    grep -q 'UpdateDomainRecord (2001)' "$T/err"
check "mid-plan: stderr says how far it got" grep -q 'after 1 of 3 changes' "$T/err"
check "mid-plan: the add was not attempted" test "$(calls AddDomainRecord)" -eq 0
expect_records "mid-plan" "198.51.100.20 enable 600
203.0.113.77 enable 600"
mark
run sync
expect_rc "mid-plan: the next run converges" 0
check "mid-plan: the next run makes the two missing writes" test "$(writes)" -eq 2
expect_records "mid-plan, next run" "198.51.100.20 enable 600
198.51.100.30 enable 600
203.0.113.10 enable 600"
mark
run sync --force
expect_rc "mid-plan: then in sync" 2
check "mid-plan: then no write" test "$(writes)" -eq 0
SOURCES="dns1.example.com dns2.example.com"
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"

# ---------------------------------------------------------------------------
# DomainRecordDuplicate on an update: another writer was there first.

# The update is applied, but the reply says DomainRecordDuplicate.
fresh "$BASE"
config
fault '{"action": "UpdateDomainRecord", "kind": "error", "code": "DomainRecordDuplicate", "http": 400, "message": "The DNS record already exists.", "commit": true}'
mark
run sync
expect_rc "DomainRecordDuplicate, record holds the value" 0
expect_records "DomainRecordDuplicate, committed" "$GOOD"
check "DomainRecordDuplicate: re-read the record once" \
    test "$(calls DescribeDomainRecordInfo)" -eq 1

# We listed before another writer updated 2001 to our value.
fresh "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.20)]"
config
fault "{\"action\": \"DescribeSubDomainRecords\", \"kind\": \"body\", \"body\": $(listing "$(rec 2001 a.dns 203.0.113.77)" "$(rec 2002 a.dns 198.51.100.20)" | jstring)}"
mark
run sync
expect_rc "race: another writer set our value first" 0
check "race: the fake itself answered DomainRecordDuplicate" \
    test "$(logq 'sum(e["code"] == "DomainRecordDuplicate" for e in W)')" -eq 1
expect_records "race, same value" "$GOOD"

# ... or another writer added our value as a new record: a real clash.
fresh "[$(rec 2001 a.dns 203.0.113.77), $(rec 2002 a.dns 198.51.100.20), $(rec 2003 a.dns 203.0.113.10)]"
config
fault "{\"action\": \"DescribeSubDomainRecords\", \"kind\": \"body\", \"body\": $(listing "$(rec 2001 a.dns 203.0.113.77)" "$(rec 2002 a.dns 198.51.100.20)" | jstring)}"
run sync
expect_rc "race: a sibling record holds our value" 75
check "race, sibling: says DomainRecordDuplicate" grep -q 'DomainRecordDuplicate' "$T/err"
expect_records "race, sibling: nothing changed" "198.51.100.20 enable 600
203.0.113.10 enable 600
203.0.113.77 enable 600"
run sync
expect_rc "race, sibling: the next run converges" 0
expect_records "race, sibling: next run" "198.51.100.20 enable 600
203.0.113.10 enable 600
203.0.113.77 disable 600"
mark
run sync --force
expect_rc "race, sibling: then in sync" 2

# DomainRecordDuplicate on an add: done only if an enabled record holds the
# value. The stale listing misses the record another writer added...
fresh "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.20)]"
config
fault "{\"action\": \"DescribeSubDomainRecords\", \"kind\": \"body\", \"body\": $(listing "$(rec 2001 a.dns 203.0.113.10)" | jstring)}"
run --json sync
expect_rc "add race: another writer added our value" 0
expect_records "add race" "$GOOD"
check "add race: the report names the record that holds it" \
    test "$(jsonq '[(a["action"], a["result"], a.get("record"))
    for a in D["groups"][0]["actions"]] == [("add", "done", "2002")]')" = True
# ... or a disabled record holds it: not done; the next run enables it.
fresh "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.20 DISABLE)]"
config
fault "{\"action\": \"DescribeSubDomainRecords\", \"kind\": \"body\", \"body\": $(listing "$(rec 2001 a.dns 203.0.113.10)" | jstring)}"
run sync
expect_rc "add race: a disabled record holds our value" 75
check "add race, disabled: says so" grep -q 'record 2002 already holds 198.51.100.20, disabled' "$T/err"
run sync
expect_rc "add race, disabled: the next run converges" 0
expect_records "add race, disabled: next run" "$GOOD"

# ---------------------------------------------------------------------------
# Clock skew: a router before NTP.

skew_case() {
	fresh "$BASE"
	set_fake clock_offset "$2"
	ACCOUNT_EXTRA=${3:-} config
	mark
	run -v sync
	expect_rc "$1" 0
	expect_records "$1" "$GOOD"
	check "$1: says the local clock is off" \
	    grep -q 'local clock is off by' "$T/err"
	check "$1: one request refused for its timestamp, then none" \
	    test "$(logq 'sum((e["code"] or "").startswith("InvalidTimeStamp")
	    for e in L)')" -eq 1
}
skew_case "local clock an hour behind" 3600
skew_case "local clock an hour ahead, V3" -3600 "signature = v3"

# A server that refuses the timestamp and sends no Date: the fake always
# sends one, so a small server stands in for this case.
cat >"$T/nodate.py" <<'EOP'
import http.server, json, ssl, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"RequestId": "X", "HostId": "alidns.aliyuncs.com",
            "Code": "InvalidTimeStamp.Expired", "Message":
            "Specified time stamp or date value is expired."}).encode()
        self.send_response_only(400)    # no Date header
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        open(sys.argv[4], "a").write("request\n")
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
s.socket = ctx.wrap_socket(s.socket, server_side=True)
open(sys.argv[3], "w").write(str(s.server_address[1]))
s.serve_forever()
EOP
python3 "$T/nodate.py" "$CERTS/server.pem" "$CERTS/server.key" \
    "$T/nodate.port" "$T/nodate.log" &
NODATE=$!
i=0
while [ ! -s "$T/nodate.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
ENDPOINT=https://localhost:$(cat "$T/nodate.port") config
rm -rf "$T/state"
run sync
expect_rc "clock skew, no Date from the server" 75
check "no Date: the message names the local clock" \
    grep -qi 'local clock' "$T/err"
check "no Date: not retried" test "$(wc -l <"$T/nodate.log")" -eq 1
kill "$NODATE"
wait "$NODATE" 2>/dev/null

# ---------------------------------------------------------------------------
# Two hosts with the same config, each with its own state and lock, run
# together against one fake: a transition where they disagree, then the
# same view. The records converge, never hold a value twice, and then stay.

fresh "$BASE"
config
for h in A B; do
	sed -e "s|^state_dir = .*|state_dir = $T/state$h|" "$T/echoddns.ini" \
	    >"$T/$h.ini"
	chmod 600 "$T/$h.ini"
done

# host A B [--force]: run both at once, each with its own hosts file.
host_run() {
	unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
	    sh "$T/hosts.$1" "$BIN" -c "$T/$1.ini" sync $2 \
	    >>"$T/all.out" 2>&1
	echo $? >"$T/rc.$1"
}
view() {
	printf '127.0.0.1 localhost\n203.0.113.10 dns1.example.com\n198.51.100.%s dns2.example.com\n' \
	    "$2" >"$T/hosts.$1"
}

dups=0
bad_rc=0
for round in $(seq 1 20); do
	if [ "$round" -le 8 ]; then
		# Line 2 redialed: host B sees its new address, A the old one.
		view A 20
		view B 21
	else
		view A 21
		view B 21
	fi
	force=
	[ "$round" -gt 14 ] && force=--force
	[ "$round" -eq 12 ] && mark
	host_run A "$force" &
	pa=$!
	[ $((round % 3)) -eq 0 ] && sleep 0.05	# now and then, interleaved
	host_run B "$force" &
	pb=$!
	wait $pa $pb
	no_dup_values || dups=$((dups + 1))
	for h in A B; do
		case $(cat "$T/rc.$h") in
		0|2|75) ;;
		*) bad_rc=$((bad_rc + 1)) ;;
		esac
	done
done
check "two hosts: never a duplicate value" test "$dups" -eq 0
check "two hosts: exit 0, 2 or 75 only" test "$bad_rc" -eq 0
check "two hosts: converged to the agreed view" \
    test "$(records | grep enable | cut -d' ' -f1 | LC_ALL=C sort | tr '\n' ' ')" = \
    "198.51.100.21 203.0.113.10 "
check "two hosts: no flapping, rounds 12-20 made no write" test "$(writes)" -eq 0
check "two hosts: the last (forced) round read the provider" \
    test "$(logq 'sum(e["action"] == "DescribeSubDomainRecords" for e in L)')" -ge 2
check "two hosts: both end in sync" \
    test "$(cat "$T/rc.A") $(cat "$T/rc.B")" = "2 2"

echo "# run time: $(($(date +%s) - T0)) s"
finish
