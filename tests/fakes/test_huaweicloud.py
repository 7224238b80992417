#!/usr/bin/env python3
"""Self-test of the fake Huawei Cloud DNS: the gateway's signature check,
zones and record sets kept like the service (paging, fuzzy and exact
names, one set per name and type, PENDING_* after a write), its two error
envelopes, and its share of the fault kinds. Loopback only. Prints
"N passed, N failed"; exits 1 on any failure (VERBOSE=1 shows passes).
"""

import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sdkhmac  # noqa: E402

AK, SK = "HWTESTKEY", "hw;s3cret&x"
ZID = "ff8080827a00000000000000000000z1"
counts = [0, 0]


def check(name, got, want):
    if got == want:
        counts[0] += 1
        if os.environ.get("VERBOSE"):
            print("ok   " + name)
    else:
        counts[1] += 1
        print("FAIL %s (got %r, want %r)" % (name, got, want))


class Fake:
    def __init__(self, tmp, state):
        self.dir = tmp
        self.state = os.path.join(tmp, "state.json")
        with open(self.state, "w") as f:
            json.dump(state, f)
        subprocess.run(["sh", os.path.join(HERE, "mkcerts.sh"),
                        os.path.join(tmp, "certs")], check=True)
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "huaweicloud_fake.py"),
             "--state", self.state, "--log", os.path.join(tmp, "log"),
             "--port", "0", "--port-file", os.path.join(tmp, "port"),
             "--cert", os.path.join(tmp, "certs", "server.pem"),
             "--key", os.path.join(tmp, "certs", "server.key")])
        for _ in range(200):
            try:
                with open(os.path.join(tmp, "port")) as f:
                    self.port = int(f.read())
                break
            except (OSError, ValueError):
                time.sleep(0.05)
        self.ctx = ssl.create_default_context(
            cafile=os.path.join(tmp, "certs", "ca.pem"))

    def stop(self):
        self.proc.terminate()
        self.proc.wait()

    def edit(self, f):
        with open(self.state) as fh:
            st = json.load(fh)
        f(st)
        with open(self.state + ".t", "w") as fh:
            json.dump(st, fh)
        os.replace(self.state + ".t", self.state)

    def call(self, method, path, query="", body=None, ak=AK, sk=SK,
             date=None, headers=None):
        """(HTTP status, reply object or text, reply headers)."""
        data = b"" if body is None else json.dumps(body).encode()
        h = {"Content-Type": "application/json",
             "Host": "localhost:%d" % self.port,
             "X-Sdk-Date": date or time.strftime("%Y%m%dT%H%M%SZ",
                                                 time.gmtime())}
        h.update(headers or {})
        h["Authorization"] = sdkhmac.authorization(
            method, path, query, h, data, ak, sk,
            signed=[k.lower() for k in h])
        c = http.client.HTTPSConnection("localhost", self.port,
                                        context=self.ctx, timeout=10)
        c.request(method, path + ("?" + query if query else ""), data or None,
                  h)
        r = c.getresponse()
        raw = r.read()
        c.close()
        try:
            obj = json.loads(raw)
        except ValueError:
            obj = raw
        return r.status, obj, dict(r.getheaders())


def code(reply):
    obj = reply[1]
    if not isinstance(obj, dict):
        return (reply[0], None)
    return (reply[0], obj.get("code") or obj.get("error_code"))


def names(reply, key="recordsets"):
    return sorted(x["name"] for x in reply[1][key])


def main():
    tmp = tempfile.mkdtemp(prefix="fake-huawei.")
    st = {"accounts": {AK: {"secret": SK},
                       "ROKEY": {"secret": "ro", "readonly": True},
                       "OFFKEY": {"secret": "off", "disabled": True},
                       "PKEY": {"secret": "p", "project_id": "p1"}},
          "zones": [{"id": ZID, "name": "example.com."},
                    {"id": "z2", "name": "myexample.com."},
                    {"id": "z3", "name": "example.com.",
                     "zone_type": "private"},
                    {"id": "z4", "name": "example.net.", "min_ttl": 300}],
          "recordsets": [
              {"id": "s1", "zone_id": ZID, "name": "a.dns.example.com.",
               "type": "A", "ttl": 300, "records": ["192.0.2.1"],
               "status": "ACTIVE"},
              {"id": "s2", "zone_id": ZID, "name": "xa.dns.example.com.",
               "type": "A", "ttl": 300, "records": ["192.0.2.2"],
               "status": "ACTIVE"},
              {"id": "s3", "zone_id": ZID, "name": "a.dns.example.com.",
               "type": "AAAA", "ttl": 300, "records": ["2001:db8::1"],
               "status": "ACTIVE"}]}
    fake = Fake(tmp, st)
    try:
        run(fake)
    finally:
        fake.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % tuple(counts))
    return 0 if counts[1] == 0 else 1


def run(f):
    sets = "/v2/zones/%s/recordsets" % ZID

    # The gateway.
    r = f.call("GET", "/v2/zones", "type=public&name=example.com")
    check("zones: signed request", r[0], 200)
    check("zones: fuzzy name, public only", names(r, "zones"),
          ["example.com.", "myexample.com."])
    check("zones: X-Request-Id", "X-Request-Id" in r[2], True)
    check("zones: total_count", r[1]["metadata"]["total_count"], 2)
    r = f.call("GET", "/v2/zones", "type=public&name=example.com&limit=1")
    check("zones: limit, next link", (len(r[1]["zones"]),
                                      "next" in r[1]["links"]), (1, True))
    r = f.call("GET", "/v2/zones", "type=public&limit=501")
    check("zones: limit over 500", code(r), (400, "DNS.0006"))
    r = f.call("GET", "/v2/zones", sk="wrong")
    check("a wrong secret: gateway envelope", (code(r), "error_msg" in
                                              r[1]), ((401, "APIGW.0301"),
                                                      True))
    r = f.call("GET", "/v2/zones", ak="NOBODY")
    check("an unknown AK", code(r), (401, "APIGW.0301"))
    r = f.call("GET", "/v2/zones", ak="OFFKEY", sk="off")
    check("a disabled AK", code(r), (401, "APIGW.0301"))
    r = f.call("GET", "/v2/zones", date=time.strftime(
        "%Y%m%dT%H%M%SZ", time.gmtime(time.time() - 16 * 60)))
    check("a date 16 minutes old", code(r), (401, "APIGW.0303"))
    f.edit(lambda s: s.update(skew_code="APIGW.0301"))
    r = f.call("GET", "/v2/zones", date=time.strftime(
        "%Y%m%dT%H%M%SZ", time.gmtime(time.time() - 16 * 60)))
    check("... said as SDK users see it", (code(r), "signature expired" in
                                           r[1]["error_msg"]),
          ((401, "APIGW.0301"), True))
    r = f.call("GET", "/v2/zones", ak="PKEY", sk="p",
               headers={"X-Project-Id": "p1"})
    check("X-Project-Id signed", r[0], 200)
    r = f.call("GET", "/v2/zones", ak="PKEY", sk="p",
               headers={"X-Project-Id": "p2"})
    check("another project", code(r), (401, "APIGW.0301"))
    r = f.call("GET", "/v2/nothing")
    check("an unknown path: APIGW.0101", code(r), (404, "APIGW.0101"))
    r = f.call("PATCH", sets + "/s1", body={})
    check("another method", r[0], 405)

    # Record sets: names, paging.
    r = f.call("GET", sets, "type=A&name=a.dns.example.com.")
    check("sets: the name filter is fuzzy", names(r),
          ["a.dns.example.com.", "xa.dns.example.com."])
    r = f.call("GET", sets, "type=A&name=a.dns.example.com."
               "&search_mode=equal")
    check("sets: search_mode=equal", names(r), ["a.dns.example.com."])
    f.edit(lambda s: s.update(fuzzy_names=True))
    r = f.call("GET", sets, "type=A&name=a.dns.example.com."
               "&search_mode=equal")
    check("sets: fuzzy_names ignores search_mode", len(r[1]["recordsets"]),
          2)
    r = f.call("GET", sets, "type=AAAA")
    check("sets: by type", names(r), ["a.dns.example.com."])
    r = f.call("GET", sets)
    check("sets: SOA and NS of the zone too", sorted(
        x["type"] for x in r[1]["recordsets"]), ["A", "A", "AAAA", "NS",
                                                 "SOA"])
    f.edit(lambda s: s.update(page_cap=2))
    r = f.call("GET", sets, "limit=500&offset=0")
    r2 = f.call("GET", sets, "limit=500&offset=4")
    check("sets: page_cap, total_count", (len(r[1]["recordsets"]),
                                          r[1]["metadata"]["total_count"],
                                          len(r2[1]["recordsets"])),
          (2, 5, 1))
    r = f.call("GET", "/v2/zones/nope/recordsets")
    check("sets: an unknown zone", code(r), (404, "DNS.0302"))
    r = f.call("GET", "/v2/zones/z3/recordsets")
    check("sets: a private zone is not found", code(r), (404, "DNS.0302"))

    # Writes.
    new = {"name": "b.example.com.", "type": "A", "records": ["192.0.2.9"],
           "ttl": 600}
    r = f.call("POST", sets, body=new)
    check("create: 202, PENDING_CREATE", (r[0], r[1]["status"]),
          (202, "PENDING_CREATE"))
    bid = r[1]["id"]
    r = f.call("GET", sets + "/" + bid)
    check("create: served at once (pending_seconds 0)",
          (r[1]["status"], r[1]["records"], r[1]["ttl"]),
          ("ACTIVE", ["192.0.2.9"], 600))
    check("create: the same name and type again", code(
        f.call("POST", sets, body=new)), (400, "DNS.0312"))
    for what, body, want in (
            ("no trailing dot", dict(new, name="c.example.com"), "DNS.0304"),
            ("outside the zone", dict(new, name="c.example.org."),
             "DNS.0304"),
            ("an empty set", dict(new, name="c.example.com.", records=[]),
             "DNS.0308"),
            ("an IPv6 value in A", dict(new, name="c.example.com.",
                                        records=["2001:db8::1"]),
             "DNS.0308"),
            ("a value twice", dict(new, name="c.example.com.",
                                   records=["192.0.2.1", "192.0.2.1"]),
             "DNS.0016"),
            ("TTL 0", dict(new, name="c.example.com.", ttl=0), "DNS.0319"),
            ("type SOA", dict(new, name="c.example.com.", type="SOA"),
             "DNS.0307")):
        check("create: " + what, code(f.call("POST", sets, body=body)),
              (400, want))
    r = f.call("POST", "/v2/zones/z4/recordsets",
               body=dict(new, name="b.example.net.", ttl=60))
    check("create: under the zone's minimum TTL", code(r), (400, "DNS.0319"))
    r = f.call("PUT", sets + "/s1", body={"name": "a.dns.example.com.",
                                          "type": "A", "records":
                                          ["192.0.2.7", "192.0.2.8"],
                                          "ttl": 300})
    check("update: 202, PENDING_UPDATE", (r[0], r[1]["status"],
                                          r[1]["records"]),
          (202, "PENDING_UPDATE", ["192.0.2.7", "192.0.2.8"]))
    check("update: an empty set", code(f.call(
        "PUT", sets + "/s1", body={"records": []})), (400, "DNS.0308"))
    check("update: another name", code(f.call(
        "PUT", sets + "/s1", body={"name": "z.example.com.",
                                   "records": ["192.0.2.1"]})),
          (400, "DNS.0304"))
    check("update: a set that is gone", code(f.call(
        "PUT", sets + "/nope", body={"records": ["192.0.2.1"]})),
          (404, "DNS.0313"))
    ns = [x for x in f.call("GET", sets, "type=NS")[1]["recordsets"]][0]
    check("update: the zone's NS set", code(f.call(
        "PUT", sets + "/" + ns["id"], body={"records": ["ns.x."]})),
          (400, "DNS.0318"))
    check("update: read-only key", code(f.call(
        "PUT", sets + "/s1", ak="ROKEY", sk="ro",
        body={"records": ["192.0.2.1"]})), (403, "DNS.0013"))
    f.edit(lambda s: s.update(pending_seconds=30))
    f.call("PUT", sets + "/s1", body={"records": ["192.0.2.5"]})
    r = f.call("GET", sets + "/s1")
    check("pending: listed PENDING_UPDATE with its new records",
          (r[1]["status"], r[1]["records"]), ("PENDING_UPDATE",
                                              ["192.0.2.5"]))
    check("pending: a rewrite is refused", code(f.call(
        "PUT", sets + "/s1", body={"records": ["192.0.2.6"]})),
          (400, "DNS.0314"))
    r = f.call("DELETE", sets + "/" + bid)
    check("delete: PENDING_DELETE", (r[0], r[1]["status"]),
          (202, "PENDING_DELETE"))
    check("delete: a create meanwhile conflicts", code(
        f.call("POST", sets, body=new)), (400, "DNS.0312"))
    f.edit(lambda s: [r.update(pending_until=0) for r in s["recordsets"]])
    check("delete: then gone", code(f.call("GET", sets + "/" + bid)),
          (404, "DNS.0313"))
    check("pending: then ACTIVE", f.call("GET", sets + "/s1")[1]["status"],
          "ACTIVE")

    # Faults, as this provider shows them.
    f.edit(lambda s: s.update(faults=[
        {"action": "ListRecordSetsByZone", "kind": "error",
         "code": "APIGW.0308", "http": 429, "message": "throttled"}]))
    r = f.call("GET", sets)
    check("fault: throttled, the gateway's envelope",
          (code(r), "error_msg" in r[1]), ((429, "APIGW.0308"), True))
    f.edit(lambda s: s.update(faults=[
        {"action": "*", "kind": "error", "code": "DNS.0001", "http": 500}]))
    r = f.call("GET", sets)
    check("fault: the service's envelope", (code(r), "message" in r[1]),
          ((500, "DNS.0001"), True))
    f.edit(lambda s: s.update(faults=[
        {"action": "*", "kind": "slow", "seconds": 0.2}]))
    r = f.call("GET", sets)
    check("fault: slow, an empty listing", (r[0], r[1]["recordsets"],
                                           r[1]["metadata"]["total_count"]),
          (200, [], 0))
    f.edit(lambda s: s.update(faults=[
        {"action": "*", "kind": "huge", "size": 4096}]))
    r = f.call("GET", sets)
    check("fault: huge, starts like a listing",
          (r[0], r[1][:40] if isinstance(r[1], bytes) else r[1]),
          (200, b'{"metadata":{"total_count":1},"recordset'))
    f.edit(lambda s: s.update(faults=[
        {"action": "CreateRecordSet", "kind": "error", "code": "DNS.0001",
         "http": 500, "commit": True}]))
    r = f.call("POST", sets, body=dict(new, name="d.example.com."))
    r2 = f.call("GET", sets, "name=d.example.com.&search_mode=equal")
    check("fault: commit, then fail", (code(r), len(r2[1]["recordsets"])),
          ((500, "DNS.0001"), 1))
    with open(os.path.join(f.dir, "log")) as fh:
        log = [json.loads(line) for line in fh]
    check("log: actions named", sorted({x["action"] for x in log} - {None}),
          ["CreateRecordSet", "DeleteRecordSet", "ListPublicZones",
           "ListRecordSetsByZone", "ShowRecordSet", "UpdateRecordSet"])
    check("log: no secret", any(SK in json.dumps(x) for x in log), False)


if __name__ == "__main__":
    sys.exit(main())
