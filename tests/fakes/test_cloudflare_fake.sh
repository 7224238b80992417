#!/bin/sh
# test_cloudflare_fake.sh - self-test of the fake Cloudflare API v4: TLS,
# tokens and their rights, zones, record listing with filters and paging,
# Cloudflare's write rules, its error envelope, the rate limit, and every
# fault kind. No network beyond loopback. Prints "N passed, N failed";
# exits 1 on any failure.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# The interpreter itself, not a version manager's slow shim.
PYTHON=${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fake-cloudflare.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

sh "$here/mkcerts.sh" "$tmp/certs" || exit 1
cat >"$tmp/state.json" <<'EOF'
{"tokens": {"tok0000000000000000000000000000000000000": {"zones": "*"},
            "ro00000000000000000000000000000000000000": {"zones": "*",
                                                          "dns_edit": false},
            "net0000000000000000000000000000000000000": {"zones":
                                                         ["example.net"]},
            "old0000000000000000000000000000000000000": {"disabled": true}},
 "zones": [{"id": "023e105f4ecef8ad9ca31a8372d0c353", "name": "example.com",
            "record_quota": 10},
           {"id": "000000000000000000000000000000e7", "name": "example.net",
            "status": "pending"}],
 "records": [
  {"id": "00000000000000000000000000000001",
   "zone_id": "023e105f4ecef8ad9ca31a8372d0c353",
   "name": "a.dns.example.com", "type": "A", "content": "203.0.113.7",
   "ttl": 600, "proxied": false},
  {"id": "00000000000000000000000000000002",
   "zone_id": "023e105f4ecef8ad9ca31a8372d0c353",
   "name": "a.dns.example.com", "type": "A", "content": "203.0.113.8",
   "ttl": 1, "proxied": true},
  {"id": "00000000000000000000000000000003",
   "zone_id": "023e105f4ecef8ad9ca31a8372d0c353",
   "name": "ab.dns.example.com", "type": "A", "content": "203.0.113.9",
   "ttl": 600},
  {"id": "00000000000000000000000000000004",
   "zone_id": "023e105f4ecef8ad9ca31a8372d0c353",
   "name": "c.example.com", "type": "CNAME", "content": "a.dns.example.com",
   "ttl": 600},
  {"id": "00000000000000000000000000000005",
   "zone_id": "023e105f4ecef8ad9ca31a8372d0c353",
   "name": "locked.example.com", "type": "A", "content": "203.0.113.10",
   "ttl": 600, "locked": true},
  {"id": "00000000000000000000000000000006",
   "zone_id": "023e105f4ecef8ad9ca31a8372d0c353",
   "name": "example.com", "type": "TXT", "content": "v=spf1 -all",
   "ttl": 1}],
 "next_id": 1, "faults": []}
EOF

"$PYTHON" "$here/cloudflare_fake.py" --state "$tmp/state.json" \
    --log "$tmp/log.jsonl" --port 0 --port-file "$tmp/port" \
    --cert "$tmp/certs/server.pem" --key "$tmp/certs/server.key" \
    2>"$tmp/stderr" &
pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ -s "$tmp/port" ] || { cat "$tmp/stderr"; echo "0 passed, 1 failed"; exit 1; }

FAKE_URL=https://localhost:$(cat "$tmp/port") FAKE_CA=$tmp/certs/ca.pem \
FAKE_STATE=$tmp/state.json FAKE_LOG=$tmp/log.jsonl FAKE_HERE=$here \
    "$PYTHON" - <<'PYEOF'
import http.client, json, os, socket, ssl, sys, time
sys.path.insert(0, os.environ["FAKE_HERE"])
import fakelib

URL, CA = os.environ["FAKE_URL"], os.environ["FAKE_CA"]
STATE, LOG = os.environ["FAKE_STATE"], os.environ["FAKE_LOG"]
HOST, PORT = "localhost", int(URL.rsplit(":", 1)[1])
TOK = "tok" + "0" * 37
Z = "023e105f4ecef8ad9ca31a8372d0c353"
NET = "000000000000000000000000000000e7"
npass = nfail = 0


def t(name, cond, detail=""):
    global npass, nfail
    if cond:
        npass += 1
    else:
        nfail += 1
        print("FAIL %s %s" % (name, str(detail)[:400]))


def req(method, path, body=None, token=TOK, auth=None, timeout=10,
        prefix="/client/v4"):
    ctx = ssl.create_default_context(cafile=CA)
    c = http.client.HTTPSConnection(HOST, PORT, context=ctx, timeout=timeout)
    h = {}
    if auth is not None:
        h["Authorization"] = auth
    elif token is not None:
        h["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    c.request(method, prefix + path, body=data, headers=h)
    r = c.getresponse()
    raw = r.read()
    c.close()
    try:
        js = json.loads(raw)
    except ValueError:
        js = None
    return r.status, dict(r.getheaders()), js, raw


def codes(js):
    return [e["code"] for e in (js or {}).get("errors", [])]


def fails(name, res, http, code):
    st, hdr, js, raw = res
    t(name, st == http and js is not None and js.get("success") is False
      and codes(js)[:1] == [code] and js.get("result") is None, (st, raw))


def edit(fn):
    s = fakelib.load_state(STATE)
    fn(s)
    fakelib.save_state(STATE, s)


def state():
    return fakelib.load_state(STATE)


R = "/zones/%s/dns_records" % Z

# --- tokens
fails("no Authorization", req("GET", "/zones", token=None), 400, 9106)
res = req("GET", "/zones", auth="Bearer short")
fails("malformed token", res, 400, 6003)
t("malformed token: error_chain 6111",
  res[2]["errors"][0].get("error_chain", [{}])[0].get("code") == 6111)
fails("not Bearer", req("GET", "/zones", auth="Basic " + TOK), 400, 6003)
fails("unknown token", req("GET", "/zones", token="x" * 40), 403, 9109)
fails("disabled token", req("GET", "/zones", token="old" + "0" * 37), 403,
      9109)
fails("token of another zone", req("GET", R, token="net" + "0" * 37), 403,
      9109)
fails("token without DNS Edit writes",
      req("POST", R, {"type": "A", "name": "x", "content": "192.0.2.1"},
          token="ro" + "0" * 38), 403, 10000)
st, _, js, _ = req("GET", R, token="ro" + "0" * 38)
t("token without DNS Edit reads", st == 200 and js["success"] is True)

# --- routes
fails("outside /client/v4", req("GET", "/zones", prefix=""), 400, 7000)
res = req("GET", "/zones/nothex/dns_records")
fails("malformed zone ID", res, 400, 7003)
t("7003 then 7000", codes(res[2]) == [7003, 7000], res[3])
fails("unknown zone ID", req("GET", "/zones/%032x/dns_records" % 5), 400,
      7003)
fails("unknown record", req("GET", R + "/%032x" % 99), 404, 81044)
fails("unknown route", req("GET", "/user"), 400, 7000)
st, _, js, raw = req("OPTIONS", "/zones")
t("unsupported method", st == 405 and js["success"] is False, raw)

# --- zones
st, hdr, js, raw = req("GET", "/zones?name=example.com&per_page=50")
t("zone by name", st == 200 and [z["id"] for z in js["result"]] == [Z] and
  js["result_info"]["total_count"] == 1, raw)
t("CF-RAY header", hdr.get("CF-RAY", "").endswith("-FAKE"), hdr)
st, _, js, raw = req("GET", "/zones?name=EXAMPLE.NET")
t("zone name case-insensitive, status shown", st == 200 and
  js["result"][0]["status"] == "pending", raw)
st, _, js, raw = req("GET", "/zones?per_page=51")
t("zones per_page at most 50", st == 400 and codes(js) == [1004], raw)
st, _, js, raw = req("GET", "/zones", token="net" + "0" * 37)
t("a token sees only its zones", [z["name"] for z in js["result"]] ==
  ["example.net"], raw)

# --- listing
st, _, js, raw = req("GET", R + "?type=A&name.exact=a.dns.example.com")
t("list exact name", st == 200 and [r["content"] for r in js["result"]] ==
  ["203.0.113.7", "203.0.113.8"], raw)
r0 = js["result"][0] if st == 200 else {}
t("record fields", r0.get("name") == "a.dns.example.com" and
  r0.get("zone_id") == Z and r0.get("ttl") == 600 and
  r0.get("proxied") is False and r0.get("proxiable") is True, r0)
t("result_info", js["result_info"] == {"page": 1, "per_page": 100,
                                       "count": 2, "total_count": 2,
                                       "total_pages": 1}, js["result_info"])
st, _, js, raw = req("GET", R + "?name=A.DNS.example.com.")
t("list plain name=, case and dot ignored", len(js["result"]) == 2, raw)
st, _, js, raw = req("GET", R + "?name.contains=dns")
t("name.contains", len(js["result"]) == 3, raw)
st, _, js, raw = req("GET", R + "?type=CNAME")
t("type filter", [r["name"] for r in js["result"]] == ["c.example.com"], raw)
st, _, js, raw = req("GET", R + "?per_page=5")
t("two pages", st == 200 and js["result_info"]["total_pages"] == 2 and
  js["result_info"]["count"] == 5, raw)
st, _, js, raw = req("GET", R + "?per_page=5&page=2")
t("page 2", js["result_info"]["count"] == 1 and
  js["result"][0]["type"] == "TXT", raw)
st, _, js, raw = req("GET", R + "?per_page=5&page=3")
t("past the last page: empty", st == 200 and js["result"] == [] and
  js["result_info"]["total_pages"] == 2, raw)
fails("per_page below 5", req("GET", R + "?per_page=2"), 400, 1004)
fails("page not a number", req("GET", R + "?page=x"), 400, 1001)
st, _, js, raw = req("GET", R + "/00000000000000000000000000000002")
t("get one", st == 200 and js["result"]["proxied"] is True, raw)

# --- create
new = {"type": "A", "name": "a.dns.example.com", "content": "198.51.100.1",
       "ttl": 600, "proxied": False}
st, _, js, raw = req("POST", R, new)
nid = js["result"]["id"] if st == 200 else None
t("create", st == 200 and len(nid) == 32 and
  js["result"]["content"] == "198.51.100.1", raw)
fails("create identical (81058)", req("POST", R, new), 400, 81058)
edit(lambda s: s.update(duplicate_code=81057))
fails("create identical (81057)", req("POST", R, dict(new, ttl=1)), 400,
      81057)
edit(lambda s: s.update(duplicate_code=81058))
st, _, js, raw = req("POST", R, dict(new, name="b.dns", ttl=1))
t("relative name gets the zone's, ttl 1", st == 200 and
  js["result"]["name"] == "b.dns.example.com" and js["result"]["ttl"] == 1,
  raw)
st, _, js, raw = req("POST", R, dict(new, name="@"))
t("@ is the apex", st == 200 and js["result"]["name"] == "example.com", raw)
st, _, js, raw = req("POST", R, dict(new, name="x.example.org"))
t("a name outside the zone gets the zone's name", st == 200 and
  js["result"]["name"] == "x.example.org.example.com", raw)
res = req("POST", R, dict(new, content="2001:db8::1"))
fails("A with an IPv6 value", res, 400, 1004)
t("validation error chain 9005",
  res[2]["errors"][0]["error_chain"][0]["code"] == 9005, res[3])
fails("TTL 30", req("POST", R, dict(new, content="198.51.100.2", ttl=30)),
      400, 9021)
fails("A beside a CNAME", req("POST", R, dict(new, name="c")), 400, 81053)
fails("quota", req("POST", R, dict(new, content="198.51.100.3")), 400,
      81045)
fails("malformed JSON", req("POST", R, b"{"), 400, 9207)

# --- patch, put, delete
P = R + "/00000000000000000000000000000002"
st, _, js, raw = req("PATCH", P, {"content": "198.51.100.9", "ttl": 600})
t("PATCH keeps proxied (and its automatic TTL)", st == 200 and
  js["result"]["proxied"] is True and js["result"]["ttl"] == 1 and
  js["result"]["content"] == "198.51.100.9", raw)
st, _, js, raw = req("PATCH", P, {"content": "198.51.100.9"})
t("PATCH to its own value: accepted", st == 200, raw)
fails("PATCH onto a sibling's value", req("PATCH", P,
                                          {"content": "203.0.113.7"}),
      400, 81058)
st, _, js, raw = req("PUT", P, {"type": "A", "name": "a.dns",
                                "content": "198.51.100.9", "ttl": 300})
t("PUT overwrites: proxied false", st == 200 and
  js["result"]["proxied"] is False and js["result"]["ttl"] == 300, raw)
fails("PATCH a locked record", req("PATCH", R + "/%032x" % 5,
                                   {"content": "192.0.2.1"}), 400, 1061)
st, _, js, raw = req("DELETE", R + "/" + nid)
t("delete", st == 200 and js["result"] == {"id": nid} and
  not any(r["id"] == nid for r in state()["records"]), raw)
fails("delete again (81044)", req("DELETE", R + "/" + nid), 404, 81044)
t("state: refused writes changed nothing",
  len(state()["records"]) == 9, len(state()["records"]))

# --- the log
log = [json.loads(l) for l in open(LOG)]
t("log: actions named", {"zones.list", "dns_records.list",
                         "dns_records.create", "dns_records.edit",
                         "dns_records.update", "dns_records.delete",
                         "dns_records.get"} <= {e["action"] for e in log})
t("log: no token", TOK not in open(LOG).read())
t("log: the body of a write", any(e["action"] == "dns_records.create" and
                                  e["params"]["body"] == new for e in log))

# --- the rate limit
edit(lambda s: s.update(rate_limit={"limit": 2, "window": 3}))
a, b, c = (req("GET", "/zones") for _ in range(3))
t("rate limit: within it", a[0] == 200 and b[0] == 200)
fails("rate limit: beyond it", c, 429, 971)
t("rate limit: Retry-After", 1 <= int(c[1].get("Retry-After", 0)) <= 3,
  c[1])
fails("unauthenticated calls do not count, nor pass",
      req("GET", "/zones", token="x" * 40), 403, 9109)
time.sleep(3.1)
t("rate limit: the window moves on", req("GET", "/zones")[0] == 200)
edit(lambda s: s.pop("rate_limit"))

# --- faults, one of each kind


def fault(**f):
    f.setdefault("action", "dns_records.list")
    edit(lambda s: s["faults"].append(f))


fault(kind="error", code=10000, http=403, message="Authentication error")
fails("fault error", req("GET", R), 403, 10000)
fault(kind="error", code=971, http=429, headers={"Retry-After": "300"})
res = req("GET", R)
t("fault with a header", res[0] == 429 and res[1].get("Retry-After") ==
  "300", res[1])
fault(kind="http", status=502, body="bad gateway", content_type="text/plain")
res = req("GET", R)
t("fault http", res[0] == 502 and res[3] == b"bad gateway", res)
fault(kind="body", body='{"success": true, "result": ')
res = req("GET", R)
t("fault body", res[0] == 200 and res[2] is None, res)
fault(kind="empty")
t("fault empty", req("GET", R)[3] == b"")
fault(kind="html")
res = req("GET", R)
t("fault html", res[0] == 502 and b"502 Bad Gateway" in res[3], res[0])
fault(kind="huge", size=200000)
res = req("GET", R)
t("fault huge", len(res[3]) == 200000 and res[3].startswith(
    b'{"success":true'), len(res[3]))
fault(kind="slow", seconds=0.5)
res = req("GET", R)
t("fault slow: a valid empty listing", res[2] is not None and
  res[2]["result"] == [] and res[2]["result_info"]["total_pages"] == 0,
  res[3])
fault(kind="hang", seconds=30)
try:
    req("GET", R, timeout=1)
    t("fault hang", False)
except (socket.timeout, TimeoutError, OSError):
    t("fault hang", True)
fault(kind="reset")
try:
    req("GET", R)
    t("fault reset", False)
except (ConnectionError, ssl.SSLError, http.client.HTTPException, OSError):
    t("fault reset", True)
fault(kind="error", code=81058, action="dns_records.create", commit=True,
      message="An identical record already exists.")
n0 = len(state()["records"])
fails("fault commit: the write done, an error answered",
      req("POST", R, dict(new, content="198.51.100.7")), 400, 81058)
t("fault commit: done", len(state()["records"]) == n0 + 1)
fault(kind="error", code=10500, http=500, after=1, times=2,
      action=["dns_records.edit", "dns_records.delete"])
t("fault after: the first passes",
  req("PATCH", P, {"content": "198.51.100.11"})[0] == 200)
t("fault after: then it applies, to either action",
  req("DELETE", P)[0] == 500 and req("PATCH", P, {"ttl": 60})[0] == 500)
t("fault used up", req("GET", R)[0] == 200 and state()["faults"] == [])
print("%d passed, %d failed" % (npass, nfail))
sys.exit(1 if nfail else 0)
PYEOF
