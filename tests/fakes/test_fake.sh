#!/bin/sh
# test_fake.sh - self-test of the fake Alidns: signature vectors, TLS, the
# record APIs, authentication errors and every fault kind. No network
# beyond loopback. Prints "N passed, N failed"; exits 1 on any failure.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# The interpreter itself, not a version manager's slow shim.
PYTHON=${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fake-alidns.XXXXXX")
pids=""
pass=0
fail=0

cleanup() {
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok   $1"; :; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
is() {		# is NAME GOT WANT [OTHER-WANT]
	if [ "$2" = "$3" ] || [ "$2" = "${4:-$3}" ]; then
		ok "$1"
	else
		ko "$1 (got $2, want $3)"
	fi
}
check() {	# check NAME COMMAND...
	name=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else ko "$name"; fi
}

# start_fake NAME CERT KEY [BIND]: start a fake (by default on localhost:
# 127.0.0.1 and ::1), sets $port and $pid.
start_fake() {
	d=$tmp/$1
	mkdir -p "$d"
	[ -f "$d/state.json" ] || cp "$tmp/state.json" "$d/state.json"
	"$PYTHON" "$here/alidns_fake.py" --state "$d/state.json" \
	    --log "$d/log.jsonl" --port 0 --port-file "$d/port" \
	    --pid-file "$d/pid" --cert "$2" --key "$3" \
	    ${4:+--bind "$4"} 2>"$d/stderr" &
	pid=$!
	pids="$pids $pid"
	i=0
	while [ ! -s "$d/port" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	port=$(cat "$d/port" 2>/dev/null)
}

# curl exit status only; 0 = TLS ok and some HTTP answer.
curl_rc() {
	curl -s -o /dev/null --max-time 5 "$@"
	echo $?
}

check "selftest vectors" "$PYTHON" "$here/alidns_fake.py" --selftest
check "mkcerts" sh "$here/mkcerts.sh" "$tmp/certs"
check "mkcerts idempotent" sh "$here/mkcerts.sh" "$tmp/certs"
c=$tmp/certs

cat >"$tmp/state.json" <<'EOF'
{"accounts": {"KEYID": {"secret": "s3cr;et&x", "readonly": false},
              "ROKEY": {"secret": "ro", "readonly": true}},
 "zones": {"example.com": {"min_ttl": 600}},
 "records": [
  {"RecordId": "1455682456000096", "DomainName": "example.com",
   "RR": "a.DNS", "Type": "A", "Value": "203.0.113.7", "TTL": 600,
   "Line": "default", "Status": "ENABLE", "Locked": false, "Weight": 1},
  {"RecordId": "1455682456000097", "DomainName": "example.com",
   "RR": "a.dns", "Type": "A", "Value": "203.0.113.8", "TTL": 600,
   "Line": "default", "Status": "DISABLE", "Locked": false, "Weight": 1},
  {"RecordId": "1455682456000098", "DomainName": "example.com",
   "RR": "locked", "Type": "A", "Value": "203.0.113.9", "TTL": 600,
   "Line": "default", "Status": "ENABLE", "Locked": true, "Weight": 1},
  {"RecordId": "1455682456000099", "DomainName": "example.com",
   "RR": "ab.dns", "Type": "A", "Value": "203.0.113.10", "TTL": 600,
   "Line": "default", "Status": "ENABLE", "Locked": false, "Weight": 1}],
 "next_id": 9007199254740993, "clock_offset": 0, "faults": []}
EOF

# --- TLS, with curl
start_fake main "$c/server.pem" "$c/server.key"
main_pid=$pid main_port=$port
check "fake started" [ -n "$port" ]
url=https://localhost:$main_port/
is "tls: trusted CA" "$(curl_rc --cacert "$c/ca.pem" "$url")" 0
is "tls: 127.0.0.1" \
    "$(curl_rc --cacert "$c/ca.pem" "https://127.0.0.1:$main_port/")" 0
has_v6=
if "$PYTHON" -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
	has_v6=1
	is "tls: ::1, same port" \
	    "$(curl_rc --cacert "$c/ca.pem" "https://[::1]:$main_port/")" 0
fi
is "tls: unknown CA refused" "$(curl_rc --cacert "$c/otherca.pem" "$url")" 60

start_fake wrongname "$c/wrongname.pem" "$c/wrongname.key"
is "tls: wrong name refused" \
    "$(curl_rc --cacert "$c/ca.pem" "https://localhost:$port/")" 60 51
start_fake otherca "$c/otherca-server.pem" "$c/otherca-server.key"
is "tls: cert of other CA refused" \
    "$(curl_rc --cacert "$c/ca.pem" "https://localhost:$port/")" 60
if [ -n "$has_v6" ]; then
	start_fake v6 "$c/server.pem" "$c/server.key" ::1
	is "tls: --bind ::1" "$(curl_rc --cacert "$c/ca.pem" "https://[::1]:$port/")" 0
fi

# --- API behaviour, with signed requests from Python
FAKE_DIR="$tmp/main" FAKE_URL="$url" FAKE_CA="$c/ca.pem" FAKE_HERE="$here"
export FAKE_DIR FAKE_URL FAKE_CA FAKE_HERE
"$PYTHON" - >"$tmp/py.out" 2>&1 <<'PYEOF'
import json, os, socket, ssl, sys, time, http.client, urllib.parse
sys.path.insert(0, os.environ["FAKE_HERE"])
from alidns_call import call, utc_now
from alidns_fake import load_state, save_state

D, URL, CA = os.environ["FAKE_DIR"], os.environ["FAKE_URL"], os.environ["FAKE_CA"]
STATE = os.path.join(D, "state.json")
ID, SECRET = "KEYID", "s3cr;et&x"
npass = nfail = 0


def t(name, cond, detail=""):
    global npass, nfail
    if cond:
        npass += 1
    else:
        nfail += 1
        print("FAIL %s %s" % (name, detail))


def api(action, params=None, key=ID, secret=SECRET, **kw):
    kw.setdefault("cafile", CA)
    st, hdr, body = call(URL, key, secret, action, params, **kw)
    try:
        js = json.loads(body)
    except ValueError:
        js = None
    return st, hdr, js, body


def edit(fn):
    s = load_state(STATE)
    fn(s)
    save_state(STATE, s)


def err(name, res, http, code):
    st, hdr, js, body = res
    good = st == http and js is not None and js.get("Code") == code
    t(name, good, "got %s %s" % (st, body[:300]))
    if good:
        t(name + " (error shape)",
          set(js) >= {"RequestId", "HostId", "Code", "Message", "Recommend"}
          and hdr.get("X-Acs-Request-Id") == js["RequestId"]
          and hdr.get("Content-Type") == "application/json;charset=utf-8")


# listing
st, hdr, js, body = api("DescribeSubDomainRecords",
                        {"SubDomain": "a.dns.example.com", "Type": "a"})
recs = js["DomainRecords"]["Record"] if js else []
t("list", st == 200 and js["TotalCount"] == 2 and len(recs) == 2, body)
t("list fields", recs and recs[0]["RR"] == "a.dns" and
  recs[0]["RecordId"] == "1455682456000096" and
  recs[0]["Status"] == "Enable" and recs[1]["Status"] == "Disable" and
  recs[0]["Locked"] is False and recs[0]["TTL"] == 600, body)
t("list no substring match", all(r["RR"] == "a.dns" for r in recs))
st, hdr, js, body = api("DescribeSubDomainRecords",
                        {"SubDomain": "a.dns.example.com", "PageSize": "1",
                         "PageNumber": "2"}, method="POST", sigver=3)
t("list v3 POST paging", st == 200 and js["TotalCount"] == 2 and
  js["PageSize"] == 1 and js["PageNumber"] == 2 and
  js["DomainRecords"]["Record"][0]["RecordId"] == "1455682456000097", body)
err("page size > 100", api("DescribeSubDomainRecords",
                           {"SubDomain": "a.dns.example.com",
                            "PageSize": "101"}),
    400, "InvalidPageSize.Exceeded")
st, hdr, js, body = api("DescribeDomainRecords",
                        {"DomainName": "example.com", "RRKeyWord": "a",
                         "TypeKeyWord": "A", "PageSize": "500"}, sigver=3)
t("domain list fuzzy RRKeyWord", st == 200 and js["TotalCount"] == 3, body)
st, hdr, js, body = api("DescribeSubDomainRecords",
                        {"SubDomain": "none.example.com"})
t("list empty", st == 200 and js["TotalCount"] == 0 and
  js["DomainRecords"]["Record"] == [], body)
err("unknown zone", api("DescribeSubDomainRecords",
                        {"SubDomain": "a.example.net"}),
    400, "InvalidDomainName.NoExist")
err("missing SubDomain", api("DescribeSubDomainRecords"), 400,
    "MissingSubDomain")
err("unknown action", api("DescribeFoo"), 404, "InvalidAction.NotFound")
st, hdr, js, body = api("DescribeDomainRecordInfo",
                        {"RecordId": "1455682456000096"})
t("record info", st == 200 and js["RecordId"] == "1455682456000096" and
  js["Value"] == "203.0.113.7", body)

# writes
add = {"DomainName": "example.com", "RR": "a.dns", "Type": "A",
       "Value": "198.51.100.1", "TTL": "600"}
st, hdr, js, body = api("AddDomainRecord", add, method="POST")
new_id = js.get("RecordId") if js else None
t("add (id > 2^53 kept exact)", st == 200 and new_id == "9007199254740993",
  body)
t("add in state", any(r["RecordId"] == new_id and
                      r["Value"] == "198.51.100.1"
                      for r in load_state(STATE)["records"]))
err("duplicate add", api("AddDomainRecord", add, method="POST"), 400,
    "DomainRecordDuplicate")
upd = {"RecordId": new_id, "RR": "a.dns", "Type": "A",
       "Value": "198.51.100.1", "TTL": "600"}
err("update no-op", api("UpdateDomainRecord", upd), 400,
    "DomainRecordDuplicate")
err("update onto sibling", api("UpdateDomainRecord",
                               dict(upd, Value="203.0.113.7")),
    400, "DomainRecordDuplicate")
st, hdr, js, body = api("UpdateDomainRecord", dict(upd, Value="198.51.100.2"),
                        sigver=3, method="POST")
t("update", st == 200 and js["RecordId"] == new_id, body)
err("update TTL too low", api("UpdateDomainRecord",
                              dict(upd, Value="198.51.100.3", TTL="60")),
    400, "QuotaExceeded.TTL")
st, hdr, js, body = api("UpdateDomainRecord",
                        dict(upd, Value="198.51.100.3", TTL="60"))
t("TTL message", js and js["Message"] == "The specified TTL is invalid. "
  "A valid TTL must be in the range of 600 to 86400.", body)
err("update unknown id", api("UpdateDomainRecord",
                             dict(upd, RecordId="123")),
    400, "DomainRecordNotBelongToUser")
err("update locked", api("UpdateDomainRecord",
                         dict(upd, RecordId="1455682456000098", RR="locked")),
    400, "DomainRecordLocked")
err("update missing Value", api("UpdateDomainRecord",
                                {"RecordId": new_id, "RR": "a.dns",
                                 "Type": "A"}), 400, "MissingValue")
st, hdr, js, body = api("SetDomainRecordStatus",
                        {"RecordId": new_id, "Status": "disable"})
t("set status", st == 200 and js["Status"] == "Disable", body)
t("status in state", any(r["RecordId"] == new_id and r["Status"] == "DISABLE"
                         for r in load_state(STATE)["records"]))
err("readonly account", api("SetDomainRecordStatus",
                            {"RecordId": new_id, "Status": "Enable"},
                            key="ROKEY", secret="ro"), 400, "Forbidden.RAM")
st, hdr, js, body = api("DeleteDomainRecord", {"RecordId": new_id})
t("delete", st == 200 and not any(r["RecordId"] == new_id for r in
                                  load_state(STATE)["records"]), body)
err("delete again", api("DeleteDomainRecord", {"RecordId": new_id}), 400,
    "DomainRecordNotBelongToUser")
next_id = load_state(STATE)["next_id"]
err("refused add", api("AddDomainRecord", dict(add, Value="203.0.113.7"),
                       method="POST"), 400, "DomainRecordDuplicate")
t("refused add: the state is left as it was",
  load_state(STATE)["next_id"] == next_id)

# other methods and paths
def raw(method, path):
    u = urllib.parse.urlsplit(URL)
    c = http.client.HTTPSConnection(u.hostname, u.port, timeout=5,
                                    context=ssl.create_default_context(
                                        cafile=CA))
    c.request(method, path)
    r = c.getresponse()
    return r.status, {k: v for k, v in r.getheaders()}, None, r.read()
res = raw("PUT", "/")
res = (res[0], res[1], json.loads(res[3]), res[3])
err("PUT: UnsupportedHTTPMethod", res, 405, "UnsupportedHTTPMethod")
res = raw("GET", "/v2/zones")
res = (res[0], res[1], json.loads(res[3]), res[3])
err("unknown path", res, 404, "InvalidAction.NotFound")

# authentication
res = api("DescribeSubDomainRecords", {"SubDomain": "a.dns.example.com"},
          secret="wrong")
err("bad signature", res, 400, "SignatureDoesNotMatch")
t("bad signature message", res[2] and res[2]["Message"].startswith(
    "Specified signature is not matched with our calculation. server "
    "string to sign is:GET&%2F&AccessKeyId%3DKEYID%26"), res[3])
err("bad signature v3", api("DescribeSubDomainRecords",
                            {"SubDomain": "a.dns.example.com"},
                            secret="wrong", sigver=3),
    400, "SignatureDoesNotMatch")
def badhash(h):
    h["x-acs-content-sha256"] = "0" * 64
err("v3 body hash", api("AddDomainRecord", add, sigver=3, method="POST",
                        tamper=badhash), 400, "IncompleteSignature")
def v1value(p):
    p["SubDomain"] = "b.dns.example.com"
err("tampered parameter", api("DescribeSubDomainRecords",
                              {"SubDomain": "a.dns.example.com"},
                              tamper=v1value), 400, "SignatureDoesNotMatch")
st = api("DescribeSubDomainRecords", {"SubDomain": "a.dns.example.com"},
         nonce="fixed-nonce-1")[0]
t("nonce first use", st == 200)
err("nonce reused", api("DescribeSubDomainRecords",
                        {"SubDomain": "a.dns.example.com"},
                        nonce="fixed-nonce-1"), 400, "SignatureNonceUsed")
err("nonce reused v3", api("DescribeSubDomainRecords",
                           {"SubDomain": "a.dns.example.com"},
                           nonce="fixed-nonce-1", sigver=3),
    400, "SignatureNonceUsed")
err("stale timestamp", api("DescribeSubDomainRecords",
                           {"SubDomain": "a.dns.example.com"},
                           timestamp=utc_now(-16 * 60)),
    400, "InvalidTimeStamp.Expired")
err("stale x-acs-date", api("DescribeSubDomainRecords",
                            {"SubDomain": "a.dns.example.com"},
                            timestamp=utc_now(16 * 60), sigver=3),
    400, "InvalidTimeStamp.Expired")
err("malformed timestamp", api("DescribeSubDomainRecords",
                               {"SubDomain": "a.dns.example.com"},
                               timestamp="2024-01-01 00:00:00"),
    400, "IllegalTimestamp")
err("unknown key", api("DescribeSubDomainRecords",
                       {"SubDomain": "a.dns.example.com"}, key="NOPE"),
    404, "InvalidAccessKeyId.NotFound")
st, hdr, js, body = api("DescribeSubDomainRecords",
                        {"SubDomain": "a.dns.example.com"}, fmt=None)
t("Format=JSON required", st == 400 and js is None and
  b"Fake.FormatNotJSON" in body, body)
edit(lambda s: s.update(clock_offset=3600))
err("clock offset: real time stale", api(
    "DescribeSubDomainRecords", {"SubDomain": "a.dns.example.com"}),
    400, "InvalidTimeStamp.Expired")
st, hdr, js, body = api("DescribeSubDomainRecords",
                        {"SubDomain": "a.dns.example.com"},
                        timestamp=utc_now(3600))
import email.utils
date = email.utils.parsedate_to_datetime(hdr.get("Date", "")).timestamp()
t("clock offset: fake time ok, Date shifted",
  st == 200 and abs(date - time.time() - 3600) < 5, body)
edit(lambda s: s.update(clock_offset=0))

# faults
LIST = ("DescribeSubDomainRecords", {"SubDomain": "a.dns.example.com"})
def fault(**f):
    edit(lambda s: s.update(faults=[f]))

fault(action="UpdateDomainRecord", kind="error", code="Throttling.User",
      http=400, message="Request was denied due to user flow control.")
t("fault for other action not applied", api(*LIST)[0] == 200)
err("fault error", api("UpdateDomainRecord",
                       dict(upd, RecordId="1455682456000096",
                            Value="203.0.113.77")), 400, "Throttling.User")
t("fault error: no write", any(r["Value"] == "203.0.113.7" for r in
                               load_state(STATE)["records"]))
t("fault consumed", load_state(STATE)["faults"] == [])

fault(kind="error", code="ServiceUnavailable", http=503, after=1, times=2)
r = [api(*LIST)[0] for _ in range(4)]
t("fault after/times", r == [200, 503, 503, 200], r)

fault(kind="error", code="LastOperationNotFinished", commit=True,
      action="SetDomainRecordStatus")
err("fault commit", api("SetDomainRecordStatus",
                        {"RecordId": "1455682456000099",
                         "Status": "Disable"}),
    400, "LastOperationNotFinished")
t("fault commit: write done", any(
    r["RecordId"] == "1455682456000099" and r["Status"] == "DISABLE"
    for r in load_state(STATE)["records"]))

fault(kind="error", code="Throttling.User")
err("fault needs valid signature", api(*LIST, secret="bad"), 400,
    "SignatureDoesNotMatch")
t("fault kept after bad signature", len(load_state(STATE)["faults"]) == 1)
api(*LIST)

fault(kind="http", status=503, body='{"Code":"ServiceUnavailable"}')
st, hdr, js, body = api(*LIST)
t("fault http", st == 503 and body == b'{"Code":"ServiceUnavailable"}', body)

fault(kind="hang", seconds=3)
t0 = time.time()
try:
    api(*LIST, timeout=1)
    t("fault hang", False, "answered")
except (socket.timeout, TimeoutError):
    t("fault hang", 0.9 < time.time() - t0 < 2.5)

for method in ("GET", "POST"):
    fault(kind="reset")
    try:
        api(*LIST, method=method)
        t("fault reset " + method, False, "answered")
    except ConnectionResetError:
        t("fault reset " + method, True)
    except Exception as e:
        t("fault reset " + method, False, repr(e))

fault(kind="body", body="{not json")
st, hdr, js, body = api(*LIST)
t("fault body", st == 200 and body == b"{not json", body)

fault(kind="huge", size=3000000)
st, hdr, js, body = api(*LIST)
t("fault huge", st == 200 and len(body) == 3000000 and
  body.startswith(b'{"RequestId":'), len(body))

fault(kind="empty")
st, hdr, js, body = api(*LIST)
t("fault empty", st == 200 and body == b"", body)

fault(kind="html")
st, hdr, js, body = api(*LIST)
t("fault html", st == 502 and body.startswith(b"<html>") and
  hdr.get("Content-Type", "").startswith("text/html"), body)

fault(kind="slow", seconds=1)
st, hdr, js, body = api(*LIST)
t("fault slow", st == 200 and js is not None and js["TotalCount"] == 0)

t("all faults consumed", load_state(STATE)["faults"] == [])

# log
log = [json.loads(l) for l in open(os.path.join(D, "log.jsonl"))]
t("log: one line per request", len(log) > 50, len(log))
t("log: no Signature", all("Signature" not in e["params"] for e in log))
t("log: keys", all(set(e) >= {"time", "method", "action", "params",
                              "sigver", "status", "code", "fault"}
                   for e in log))
kinds = {e["fault"] for e in log if e["fault"]}
t("log: fault kinds", kinds == {"error", "http", "hang", "reset", "body",
                                "huge", "empty", "html", "slow"}, kinds)
t("log: v1 AccessKeyId kept", any(e["params"].get("AccessKeyId") == ID
                                  for e in log if e["sigver"] == 1))
t("log: hang/reset status null", all(e["status"] is None for e in log
                                     if e["fault"] in ("hang", "reset")))
writes = [e for e in log if e["action"] == "AddDomainRecord" and
          e["status"] == 200]
t("log: writes countable", len(writes) == 1, len(writes))
t("log: paths", [e["path"] for e in log if e["path"] != "/"] == ["/v2/zones"])
t("log: 405 not named", any(e["method"] == "PUT" and e["status"] == 405 and
                            e["action"] is None for e in log))
print("%d passed, %d failed" % (npass, nfail))
PYEOF
grep -v ' passed, ' "$tmp/py.out" || :
line=$(tail -n 1 "$tmp/py.out")
case $line in
*" passed, "*" failed")
	pass=$((pass + ${line%% passed*}))
	n=${line#*passed, }
	fail=$((fail + ${n%% failed}))
	;;
*)	ko "python checks did not finish" ;;
esac

# --- stop: SIGTERM ends it promptly even with a request hanging
edit_faults() {
	"$PYTHON" - "$tmp/main/state.json" <<'PYEOF'
import sys; sys.path.insert(0, __import__("os").environ["FAKE_HERE"])
from alidns_fake import load_state, save_state
s = load_state(sys.argv[1]); s["faults"] = [{"kind": "hang", "seconds": 60}]
save_state(sys.argv[1], s)
PYEOF
}
edit_faults
"$PYTHON" "$here/alidns_call.py" --cacert "$c/ca.pem" "$url" KEYID 's3cr;et&x' \
    DescribeDomainRecords DomainName=example.com >/dev/null 2>&1 &
hang_client=$!
sleep 0.5
kill -TERM "$main_pid"
i=0
while kill -0 "$main_pid" 2>/dev/null && [ $i -lt 40 ]; do
	sleep 0.05
	i=$((i + 1))
done
if kill -0 "$main_pid" 2>/dev/null; then
	ko "SIGTERM stops the fake"
else
	wait "$main_pid"
	rc=$?
	is "SIGTERM: exit status" "$rc" 0
	check "SIGTERM: pid file removed" [ ! -e "$tmp/main/pid" ]
fi
kill "$hang_client" 2>/dev/null
wait "$hang_client" 2>/dev/null
[ -s "$tmp/main/stderr" ] && { ko "fake wrote to stderr"; cat "$tmp/main/stderr"; }

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
