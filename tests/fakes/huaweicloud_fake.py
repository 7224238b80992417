#!/usr/bin/env python3
"""Fake Huawei Cloud DNS (API v2, public zones) for echoddns tests.

The Huawei handler on top of fakelib.py (which serves it on loopback over
HTTP or HTTPS, keeps the JSON state file, injects faults and logs
requests): SDK-HMAC-SHA256 checked by sdkhmac.py (code of its own, never
echoddns's), zones and record sets kept like the real service (one set per
name and type, written whole, PENDING_* after a write), its paging, its
duplicate rules and its two error envelopes (the DNS service's
code/message, the API gateway's error_code/error_msg). See README in this
directory for the state schema.

    huaweicloud_fake.py --state S.json --log L.jsonl --port 0 --port-file P \
        [--cert server.pem --key server.key] [--pid-file F]
    huaweicloud_fake.py --selftest
"""

import ipaddress
import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True     # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakelib  # noqa: E402
import sdkhmac  # noqa: E402
from fakelib import ApiError  # noqa: E402

MAX_LIMIT = 500
MAX_TTL = 2147483647
RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA", "SOA")
WRITE_ACTIONS = ("CreateRecordSet", "UpdateRecordSet", "DeleteRecordSet")
ZONES = re.compile(r"^/v2/zones$")
SETS = re.compile(r"^/v2/zones/([^/]+)/recordsets$")
SET = re.compile(r"^/v2/zones/([^/]+)/recordsets/([^/]+)$")


# ---------------------------------------------------------------------------
# Errors: the DNS service's envelope, and the API gateway's (APIGW.*)

def dns_error(code, message, http=400):
    return ApiError(code, message, http)


def no_zone():
    return dns_error("DNS.0302", "This zone does not exist.", 404)


def no_set():
    return dns_error("DNS.0313", "This record set does not exist.", 404)


def bad_value():
    return dns_error("DNS.0308", "Invalid record set value.")


def gateway_error(code, message, http):
    return ApiError(code, message, http, {"gateway": True})


# ---------------------------------------------------------------------------
# State

def defaults(st):
    st.setdefault("accounts", {})
    st.setdefault("zones", [])
    st.setdefault("recordsets", [])
    st.setdefault("pending_seconds", 0)
    st.setdefault("fuzzy_names", False)
    st.setdefault("page_cap", 0)
    st.setdefault("skew_code", "APIGW.0303")
    st.setdefault("next_id", 1)
    for z in st["zones"]:
        z.setdefault("zone_type", "public")
        z.setdefault("min_ttl", 1)
        # Every zone has its SOA and NS sets, which cannot be changed.
        if not any(r["zone_id"] == z["id"] and r.get("default")
                   for r in st["recordsets"]):
            for t, v in (("SOA", "ns1.huaweicloud-dns.com. hostmaster."
                          "example.com. 1 7200 900 1209600 300"),
                         ("NS", "ns1.huaweicloud-dns.com.")):
                st["recordsets"].append({
                    "id": new_id(st), "zone_id": z["id"], "name": z["name"],
                    "type": t, "ttl": 300, "records": [v],
                    "status": "ACTIVE", "default": True})


def new_id(st):
    n = int(st["next_id"])
    st["next_id"] = n + 1
    return "ff8080827b%022x" % n


def fqdn(name):
    """Lower case, with its trailing dot."""
    name = (name or "").lower()
    return name if name.endswith(".") else name + "."


def find_zone(st, zid):
    for z in st["zones"]:
        if z["id"] == zid and z["zone_type"] == "public":
            return z
    return None


def status_of(st, rs):
    """The status a reader sees: PENDING_* until pending_until."""
    s = rs.get("status", "ACTIVE")
    if s.startswith("PENDING_") and fakelib.now(st) >= float(
            rs.get("pending_until", 0)):
        return "DELETED" if s == "PENDING_DELETE" else "ACTIVE"
    return s


def live_sets(st, zid):
    return [r for r in st["recordsets"]
            if r["zone_id"] == zid and status_of(st, r) != "DELETED"]


def stamp():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000", time.gmtime())


def render_set(st, req, rs, zone):
    out = {
        "id": rs["id"], "name": rs["name"], "description":
        rs.get("description"), "zone_id": zone["id"], "zone_name":
        zone["name"], "type": rs["type"], "ttl": int(rs["ttl"]),
        "records": list(rs["records"]), "create_at": rs.get("create_at",
                                                            stamp()),
        "update_at": rs.get("update_at", stamp()),
        "status": status_of(st, rs), "default": bool(rs.get("default")),
        "project_id": req.account.get("project_id", "p1"),
        "links": {"self": "https://%s/v2/zones/%s/recordsets/%s" % (
            req.headers.get("host", "dns"), zone["id"], rs["id"])}}
    if "line" in rs:            # a set of API v2.1 says its line
        out["line"] = rs["line"]
    return out


def render_zone(req, z, st):
    return {
        "id": z["id"], "name": z["name"], "description": "", "email":
        "hostmaster@" + z["name"].rstrip("."), "ttl": 300, "serial": 1,
        "status": "ACTIVE", "zone_type": z["zone_type"], "record_num":
        len(live_sets(st, z["id"])), "pool_id": "pool", "project_id":
        req.account.get("project_id", "p1"), "masters": [],
        "created_at": stamp(), "updated_at": stamp(),
        "links": {"self": "https://%s/v2/zones/%s" % (
            req.headers.get("host", "dns"), z["id"])}}


# ---------------------------------------------------------------------------
# Parameters and values

def int_param(p, name, default, lo, hi, code, what):
    v = p.get(name)
    if v is None or v == "":
        return default
    try:
        n = int(v, 10)
    except (TypeError, ValueError):
        raise dns_error(code, "The %s parameter is invalid." % what)
    if n < lo or n > hi:
        raise dns_error(code, "The %s parameter is invalid." % what)
    return n


def paging(st, p, rows):
    limit = int_param(p, "limit", MAX_LIMIT, 0, MAX_LIMIT, "DNS.0006",
                      "limit")
    offset = int_param(p, "offset", 0, 0, 1 << 31, "DNS.0017", "offset")
    cap = int(st.get("page_cap") or 0)
    if cap > 0:
        limit = min(limit, cap)
    return fakelib.page_by_offset(rows, offset, limit), offset, limit


def links(req, offset, limit, count, total):
    base = "https://%s%s" % (req.headers.get("host", "dns"), req.path)
    out = {"self": base + ("?" + req.raw_query if req.raw_query else "")}
    if offset + count < total:
        out["next"] = "%s?limit=%d&offset=%d" % (base, limit, offset + count)
    return out


def check_records(rtype, records):
    if not isinstance(records, list) or not records:
        raise dns_error("DNS.0308", "Invalid record set value: records "
                        "must hold at least one value.")
    seen = set()
    for v in records:
        if not isinstance(v, str):
            raise bad_value()
        key = v
        if rtype in ("A", "AAAA"):
            try:
                a = ipaddress.ip_address(v)
            except ValueError:
                raise bad_value()
            if a.version != (4 if rtype == "A" else 6):
                raise bad_value()
            key = str(a)
        if key in seen:
            raise dns_error("DNS.0016", "This record already exists.")
        seen.add(key)


def check_ttl(zone, body, default):
    ttl = body.get("ttl", default)
    lo = int(zone.get("min_ttl", 1))
    if not isinstance(ttl, int) or isinstance(ttl, bool) or \
            ttl < lo or ttl > MAX_TTL:
        raise dns_error("DNS.0319", "The TTL parameter has been out of "
                        "range. The value ranges from %d to %d." %
                        (lo, MAX_TTL))
    return ttl


def in_zone(name, zone):
    zn = zone["name"].lower()
    return name == zn or name.endswith("." + zn)


# ---------------------------------------------------------------------------
# Actions: (st, req, zone or None, set id or None) -> reply dict, HTTP

def act_list_zones(st, req, zone, sid):
    p = req.params
    if p.get("type", "public") not in ("public", ""):
        rows = []
    else:
        want = (p.get("name") or "").lower().rstrip(".")
        rows = [z for z in st["zones"] if z["zone_type"] == "public" and
                want in z["name"].lower()]
    page, offset, limit = paging(st, p, rows)
    return {"links": links(req, offset, limit, len(page), len(rows)),
            "zones": [render_zone(req, z, st) for z in page],
            "metadata": {"total_count": len(rows)}}, 200


def act_list_sets(st, req, zone, sid):
    p = req.params
    want = (p.get("name") or "").lower()
    exact = p.get("search_mode") == "equal" and not st.get("fuzzy_names")
    rtype = (p.get("type") or "").upper()
    status = (p.get("status") or "").upper()
    rows = []
    for r in live_sets(st, zone["id"]):
        name = r["name"].lower()
        if want:
            if exact and name != fqdn(want):
                continue
            if not exact and want.rstrip(".") not in name:
                continue
        if rtype and r["type"] != rtype:
            continue
        if status and status_of(st, r) != status:
            continue
        rows.append(r)
    rows.sort(key=lambda r: (r["name"], r["type"], r["id"]))
    page, offset, limit = paging(st, p, rows)
    return {"links": links(req, offset, limit, len(page), len(rows)),
            "recordsets": [render_set(st, req, r, zone) for r in page],
            "metadata": {"total_count": len(rows)}}, 200


def find_set(st, zone, sid):
    for r in live_sets(st, zone["id"]):
        if r["id"] == sid:
            return r
    raise no_set()


def act_show_set(st, req, zone, sid):
    return render_set(st, req, find_set(st, zone, sid), zone), 200


def pending(st, rs, what):
    """A write is served pending_seconds later (at once when 0)."""
    rs["status"] = what
    secs = float(st["pending_seconds"])
    rs["pending_until"] = fakelib.now(st) + secs if secs > 0 else 0
    rs["update_at"] = stamp()


def act_create_set(st, req, zone, sid):
    body = req.json()
    name = body.get("name")
    if not isinstance(name, str) or not name.endswith(".") or \
            not in_zone(name.lower(), zone):
        raise dns_error("DNS.0304", "Invalid record set name.")
    rtype = body.get("type")
    if rtype not in RECORD_TYPES or rtype == "SOA":
        raise dns_error("DNS.0307", "Invalid record set type.")
    check_records(rtype, body.get("records"))
    ttl = check_ttl(zone, body, 300)
    name = name.lower()
    # One set per name and type on the default line: a set still being
    # deleted counts until it is gone.
    if any(r["name"].lower() == name and r["type"] == rtype and
           r.get("line", "default_view") == "default_view"
           for r in live_sets(st, zone["id"])):
        raise dns_error("DNS.0312", "This record set already exists.")
    rs = {"id": new_id(st), "zone_id": zone["id"], "name": name,
          "type": rtype, "ttl": ttl, "records": list(body["records"]),
          "description": body.get("description"), "create_at": stamp()}
    pending(st, rs, "PENDING_CREATE")
    st["recordsets"].append(rs)
    out = render_set(st, req, rs, zone)
    out["status"] = "PENDING_CREATE"   # the reply always says so
    return out, 202


def act_update_set(st, req, zone, sid):
    rs = find_set(st, zone, sid)
    if rs.get("default"):
        raise dns_error("DNS.0318", "This record set is a default one and "
                        "cannot be updated.")
    if status_of(st, rs) != "ACTIVE":
        raise dns_error("DNS.0314", "The record set is not in a steady "
                        "state.")
    body = req.json()
    if "name" in body and fqdn(body["name"]) != rs["name"].lower():
        raise dns_error("DNS.0304", "Invalid record set name.")
    if "type" in body and body["type"] != rs["type"]:
        raise dns_error("DNS.0307", "Invalid record set type.")
    records = body.get("records", rs["records"])
    check_records(rs["type"], records)
    ttl = check_ttl(zone, body, rs["ttl"])
    req.noop = (sorted(records) == sorted(rs["records"]) and
                ttl == rs["ttl"])
    rs["records"] = list(records)
    rs["ttl"] = ttl
    pending(st, rs, "PENDING_UPDATE")
    out = render_set(st, req, rs, zone)
    out["status"] = "PENDING_UPDATE"
    return out, 202


def act_delete_set(st, req, zone, sid):
    rs = find_set(st, zone, sid)
    if rs.get("default"):
        raise dns_error("DNS.0317", "This record set is a default one and "
                        "cannot be deleted.")
    pending(st, rs, "PENDING_DELETE")
    if float(st["pending_seconds"]) <= 0:
        st["recordsets"].remove(rs)
    out = render_set(st, req, rs, zone)
    out["status"] = "PENDING_DELETE"
    return out, 202


ROUTES = {
    "ListPublicZones": act_list_zones,
    "ListRecordSetsByZone": act_list_sets,
    "ShowRecordSet": act_show_set,
    "CreateRecordSet": act_create_set,
    "UpdateRecordSet": act_update_set,
    "DeleteRecordSet": act_delete_set,
}


def route_of(method, path):
    """(action, zone id, set id), or ApiError APIGW.0101."""
    path = path.rstrip("/") or "/"
    if ZONES.match(path) and method == "GET":
        return "ListPublicZones", None, None
    m = SETS.match(path)
    if m and method in ("GET", "POST"):
        return ("ListRecordSetsByZone" if method == "GET" else
                "CreateRecordSet"), m.group(1), None
    m = SET.match(path)
    if m and method in ("GET", "PUT", "DELETE"):
        return {"GET": "ShowRecordSet", "PUT": "UpdateRecordSet",
                "DELETE": "DeleteRecordSet"}[method], m.group(1), m.group(2)
    raise gateway_error("APIGW.0101", "The API does not exist or has not "
                        "been published in the environment", 404)


# ---------------------------------------------------------------------------
# Authentication: the API gateway's AK/SK check

def authenticate(st, req):
    h = req.headers
    secrets = {ak: a.get("secret", "") for ak, a in st["accounts"].items()}
    m = sdkhmac.AUTH_RE.match(h.get("authorization", ""))
    req.key_id = m.group(1) if m else None
    why = sdkhmac.verify(req.method, req.path, req.raw_query, h, req.body,
                         secrets, fakelib.now(st))
    if why is not None:
        code, msg = why
        if code == "APIGW.0303" and st.get("skew_code") == "APIGW.0301":
            # As SDK users report it: 0301, "signature expired".
            msg = ("Incorrect IAM authentication information: calc aksk "
                   "signature fail:signature expired, signature time:%s,"
                   "server time:%s" % (h.get("x-sdk-date"), time.strftime(
                       "%Y%m%dT%H%M%SZ", time.gmtime(fakelib.now(st)))))
            code = "APIGW.0301"
        elif code == "APIGW.0301":
            msg = "Incorrect IAM authentication information: " + msg
        raise gateway_error(code, msg, 401)
    acct = st["accounts"][req.key_id]
    signed = m.group(2).split(";")
    if "x-project-id" in h and "x-project-id" not in signed:
        raise gateway_error("APIGW.0301", "Incorrect IAM authentication "
                            "information: x-project-id is not signed", 401)
    if "content-type" in h and "content-type" not in signed:
        raise gateway_error("APIGW.0301", "Incorrect IAM authentication "
                            "information: content-type is not signed", 401)
    want = acct.get("project_id")
    if want and h.get("x-project-id", want) != want:
        raise gateway_error("APIGW.0301", "Incorrect IAM authentication "
                            "information: project id is invalid", 401)
    if acct.get("disabled"):
        raise gateway_error("APIGW.0301", "Incorrect IAM authentication "
                            "information: the AK is disabled", 401)
    return acct


class Huawei(fakelib.Provider):
    name = "huaweicloud"
    server_version = "api-gateway"
    methods = ("GET", "POST", "PUT", "DELETE")
    error_http = 400

    def defaults(self, st):
        defaults(st)

    def action(self, req):
        req.key_id = None
        req.noop = None
        req.zone_id = req.set_id = None
        name, req.zone_id, req.set_id = route_of(req.method, req.path)
        if req.method in ("POST", "PUT") and req.body:
            try:
                body = json.loads(req.body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                body = None
            if isinstance(body, dict):
                req.params = dict(req.query, **body)
        return name

    def authenticate(self, req, st):
        return authenticate(st, req)

    def route(self, req, st):
        if req.action in WRITE_ACTIONS and req.account.get("readonly"):
            raise dns_error("DNS.0013", "You do not have the permission "
                            "to perform this operation using the API.", 403)
        zone = None
        if req.zone_id is not None:
            zone = find_zone(st, req.zone_id)
            if zone is None:
                raise no_zone()
        out, http = ROUTES[req.action](st, req, zone, req.set_id)
        return fakelib.json_reply(out, http)

    def error(self, req, e):
        if e.extra.get("gateway") or e.code.startswith("APIGW."):
            obj = {"error_msg": e.message, "error_code": e.code,
                   "request_id": req.rid}
        else:
            obj = {"code": e.code, "message": e.message}
        return fakelib.json_reply(obj, e.http, code=e.code)

    def headers(self, req, reply):
        return {"X-Request-Id": req.rid}

    def code_of(self, body):
        try:
            obj = json.loads(body)
        except ValueError:
            return None
        if not isinstance(obj, dict):
            return None
        return obj.get("code") or obj.get("error_code")

    def listing(self, req):
        return json.dumps({"links": {"self": "x"}, "recordsets": [],
                           "metadata": {"total_count": 0}}).encode()

    def huge_parts(self, req):
        return (b'{"metadata":{"total_count":1},"recordsets":[',
                b'{"id":"1","name":"x.example.com.","type":"A","ttl":1,'
                b'"records":["192.0.2.1"],"status":"ACTIVE"},' * 256)

    def log_extra(self, req, reply):
        return {"key_id": getattr(req, "key_id", None),
                "project_id": req.headers.get("x-project-id"),
                "signed": (sdkhmac.AUTH_RE.match(req.headers.get(
                    "authorization", "")) or [None, None, None])[2],
                "noop": getattr(req, "noop", None),
                "request_id": req.rid}

    def selftest(self):
        return selftest()


# ---------------------------------------------------------------------------
# Self-test: the signer's vectors, then the gateway check of this fake

def selftest():
    counts = [0, 0]

    def check(name, got, want):
        good = got == want
        counts[0 if good else 1] += 1
        print("%-36s %s%s" % (name, "ok" if good else "FAIL",
                              "" if good else "\n  got  %r\n  want %r" %
                              (got, want)))

    now = sdkhmac.parse_date("20240101T000000Z")
    st = {"accounts": {sdkhmac.AK: {"secret": sdkhmac.SK}},
          "clock_offset": now - time.time(), "skew_code": "APIGW.0303"}

    def signed(method, path, query, body):
        h = dict(sdkhmac.DNS_HEADERS)
        h["Authorization"] = sdkhmac.authorization(
            method, path, query, h, body, sdkhmac.AK, sdkhmac.SK)
        return h

    def verify(method, path, query, body, h):
        req = fakelib.Request(method, path, {}, body,
                              {k.lower(): v for k, v in h.items()})
        req.raw_query = query
        try:
            authenticate(st, req)
            return "ok"
        except ApiError as e:
            return e.code

    # The reference's DNS PUT vector (providers.md 2.2), as the gateway
    # of this fake sees it.
    h = signed("PUT", sdkhmac.DNS_PATH, "", sdkhmac.DNS_BODY)
    check("vector: DNS PUT signature", h["Authorization"][-64:],
          "2a5d4d898181360c78b11770cb9f16b54932a06b199a001063a72728fbae5512")
    check("gateway: the DNS PUT vector", verify(
        "PUT", sdkhmac.DNS_PATH, "", sdkhmac.DNS_BODY, h), "ok")
    check("gateway: sent with a final /", verify(
        "PUT", sdkhmac.DNS_PATH + "/", "", sdkhmac.DNS_BODY, h), "ok")
    check("gateway: another body", verify(
        "PUT", sdkhmac.DNS_PATH, "", sdkhmac.DNS_BODY[:-1], h),
        "APIGW.0301")
    q = "name=a.dns.example.com.&search_mode=equal&type=A"
    h = signed("GET", "/v2/zones/z/recordsets", q, b"")
    check("gateway: a query, raw", verify(
        "GET", "/v2/zones/z/recordsets", q, b"", h), "ok")
    check("gateway: another query", verify(
        "GET", "/v2/zones/z/recordsets", q + "&offset=1", b"", h),
        "APIGW.0301")
    h2 = dict(h, **{"X-Project-Id": "p1"})
    check("gateway: X-Project-Id unsigned", verify(
        "GET", "/v2/zones/z/recordsets", q, b"", h2), "APIGW.0301")
    st["clock_offset"] += 16 * 60
    check("gateway: 16 minutes late", verify(
        "GET", "/v2/zones/z/recordsets", q, b"", h), "APIGW.0303")
    st["skew_code"] = "APIGW.0301"
    check("gateway: late, said as 0301", verify(
        "GET", "/v2/zones/z/recordsets", q, b"", h), "APIGW.0301")
    check("route: an unknown path", _code(lambda: route_of("GET", "/v2/x")),
          "APIGW.0101")
    check("route: a set, final /", route_of("PUT",
                                            "/v2/zones/z/recordsets/r/"),
          ("UpdateRecordSet", "z", "r"))
    print("%d passed, %d failed" % tuple(counts))
    return 0 if counts[1] == 0 else 1


def _code(f):
    try:
        f()
        return None
    except ApiError as e:
        return e.code


if __name__ == "__main__":
    sys.exit(fakelib.main(Huawei(), description="Fake Huawei Cloud DNS "
                          "API server."))
