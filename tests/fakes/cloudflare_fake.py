#!/usr/bin/env python3
"""Fake Cloudflare API v4 (zones and DNS records) for echoddns tests.

The Cloudflare handler on top of fakelib.py (which serves it on loopback
over HTTP or HTTPS, keeps the JSON state file, injects faults and logs
requests): API tokens checked as "Authorization: Bearer" with their scope
and rights, zones looked up by name, DNS records listed (type and name
filters, page/per_page paging with result_info), created, patched,
overwritten and deleted with Cloudflare's duplicate rules, the envelope
{success, errors, messages, result[, result_info]} and its error codes,
and the rate limit (HTTP 429 with Retry-After). Everything lives under
/client/v4, as at api.cloudflare.com. See README in this directory.

    cloudflare_fake.py --state S.json --log L.jsonl --port 0 --port-file P \
        [--bind 127.0.0.1] [--cert server.pem --key server.key] [--pid-file F]
"""

import collections
import ipaddress
import json
import os
import re
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True     # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakelib  # noqa: E402
from fakelib import ApiError  # noqa: E402

PREFIX = "/client/v4"
ID_RE = re.compile(r"[0-9a-f]{32}")
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{40}")
RECORD_TYPES = ("A", "AAAA", "CNAME", "TXT", "MX", "NS", "SRV", "CAA")
PROXIABLE = ("A", "AAAA", "CNAME")
WRITES = ("dns_records.create", "dns_records.edit", "dns_records.update",
          "dns_records.delete")
READS = ("zones.list", "zones.get", "dns_records.list", "dns_records.get")
# fakelib's own refusals, given a Cloudflare-like numeric code.
FAKELIB_CODES = {"UnsupportedHTTPMethod": 10405, "InternalError": 10500,
                 "RequestTooLarge": 10413, "InvalidParameter": 9207}


# ---------------------------------------------------------------------------
# Errors (codes as observed: shared/reference/providers.md section 3.2)

def err(code, message, http=400, chain=None, more=None):
    """An ApiError with Cloudflare's numeric code; chain = error_chain,
    more = further errors, both lists of (code, message)."""
    return ApiError(code, message, http, {"chain": chain or [],
                                          "more": more or []})


def err_route(path):
    return err(7003, "Could not route to %s, perhaps your object "
               "identifier is invalid?" % path, 400,
               more=[(7000, "No route for that URI")])


def err_no_record():
    return err(81044, "Record does not exist.", 404)


def err_auth():
    return err(10000, "Authentication error", 403)


def err_unauthorized():
    return err(9109, "Unauthorized to access requested resource", 403)


def err_validation(code, message):
    return err(1004, "DNS Validation Error", 400, chain=[(code, message)])


# ---------------------------------------------------------------------------
# State

def defaults(st):
    st.setdefault("tokens", {})
    st.setdefault("zones", [])
    st.setdefault("records", [])
    st.setdefault("next_id", 1)
    st.setdefault("duplicate_code", 81058)


def new_id(st):
    n = int(st["next_id"])
    st["next_id"] = n + 1
    return "%032x" % (0x3c0ffee0000000000000000000000000 + n)


def stamp(st):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z",
                         time.gmtime(fakelib.now(st)))


def find_zone(st, zid):
    for z in st["zones"]:
        if z["id"] == zid:
            return z
    return None


def find_record(st, zone, rid):
    for r in st["records"]:
        if r["id"] == rid and r["zone_id"] == zone["id"]:
            return r
    return None


def zone_records(st, zone):
    return [r for r in st["records"] if r["zone_id"] == zone["id"]]


def render_zone(z):
    return {"id": z["id"], "name": z["name"],
            "status": z.get("status", "active"), "paused": False,
            "type": "full",
            "plan": {"name": z.get("plan", "Free Website")}}


def render(zone, r):
    return {"id": r["id"], "zone_id": zone["id"], "zone_name": zone["name"],
            "name": r["name"], "type": r["type"], "content": r["content"],
            "proxiable": r["type"] in PROXIABLE,
            "proxied": bool(r.get("proxied", False)),
            "ttl": int(r.get("ttl", 1)), "locked": bool(r.get("locked")),
            "settings": {}, "meta": {"auto_added": False, "source":
                                     "primary"},
            "comment": r.get("comment"), "tags": r.get("tags", []),
            "created_on": r.get("created_on", "2024-01-01T00:00:00.000000Z"),
            "modified_on": r.get("modified_on",
                                 "2024-01-01T00:00:00.000000Z")}


def ok(result, info=None):
    body = {"success": True, "errors": [], "messages": [], "result": result}
    if info is not None:
        body["result_info"] = info
    return fakelib.json_reply(body)


# ---------------------------------------------------------------------------
# Record rules

def norm_content(rtype, content):
    if rtype in ("A", "AAAA"):
        try:
            return str(ipaddress.ip_address(content))
        except ValueError:
            return content
    if rtype in ("CNAME", "NS", "MX"):
        return content.lower().rstrip(".")
    return content


def full_name(zone, name):
    """A name as Cloudflare takes it: "@" is the apex, and a name outside
    the zone gets the zone's name appended."""
    name = str(name).lower().rstrip(".")
    zn = zone["name"].lower()
    if name in ("@", ""):
        return zn
    if name == zn or name.endswith("." + zn):
        return name
    return name + "." + zn


def check_content(rtype, content):
    if rtype == "A" or rtype == "AAAA":
        try:
            a = ipaddress.ip_address(content)
        except ValueError:
            a = None
        if a is None or a.version != (4 if rtype == "A" else 6):
            raise err_validation(9005, "Content for %s record must be a "
                                 "valid IPv%d address." %
                                 (rtype, 4 if rtype == "A" else 6))
        return str(a)
    if not content:
        raise err_validation(9005, "Content for %s record is invalid."
                             % rtype)
    return content


def check_ttl(zone, ttl):
    if isinstance(ttl, bool) or not isinstance(ttl, int):
        raise err(9021, "Invalid TTL. Must be between 60 and 86400 "
                  "seconds, or 1 for Automatic.")
    lo = int(zone.get("min_ttl", 60))
    if ttl != 1 and not lo <= ttl <= 86400:
        raise err(9021, "Invalid TTL. Must be between %d and 86400 "
                  "seconds, or 1 for Automatic." % lo)
    return ttl


def check_conflicts(st, zone, cand, exclude=None):
    """Cloudflare's rules: no identical record (type, name, content), no
    CNAME beside A/AAAA/CNAME of the same name, and a record quota."""
    same = [r for r in zone_records(st, zone) if r is not exclude and
            r["name"] == cand["name"]]
    key = norm_content(cand["type"], cand["content"])
    for r in same:
        if r["type"] == cand["type"] and \
                norm_content(r["type"], r["content"]) == key:
            code = int(st.get("duplicate_code", 81058))
            raise err(code, "Record already exists." if code == 81057 else
                      "An identical record already exists.")
    for r in same:
        if (cand["type"] == "CNAME" and r["type"] in PROXIABLE) or \
                (r["type"] == "CNAME" and cand["type"] in PROXIABLE):
            raise err(81053, "An A, AAAA, or CNAME record with that host "
                      "already exists.")
    if exclude is None:
        quota = int(zone.get("record_quota", 1000))
        if len(zone_records(st, zone)) + 1 > quota:
            raise err(81045, "Record quota exceeded.")


def build_record(st, zone, body, old=None):
    """A record from a POST (old None), PATCH (merge into old) or PUT
    (old given, every field from body) body."""
    base = dict(old) if old is not None else {}
    patch = old is not None and body.get("_patch")
    rtype = body.get("type", base.get("type") if patch else None)
    if not isinstance(rtype, str) or rtype.upper() not in RECORD_TYPES:
        raise err_validation(9000, "DNS record type is invalid.")
    rtype = rtype.upper()
    name = body.get("name", base.get("name") if patch else None)
    if not isinstance(name, str) or not name:
        raise err_validation(9000, "DNS name is invalid.")
    content = body.get("content", base.get("content") if patch else None)
    if not isinstance(content, str):
        raise err_validation(9005, "Content for %s record is invalid."
                             % rtype)
    ttl = body.get("ttl", base.get("ttl", 1) if patch else 1)
    proxied = body.get("proxied",
                       base.get("proxied", False) if patch else False)
    if not isinstance(proxied, bool):
        raise err(9003, "Invalid 'proxied' value, must be a boolean.")
    if proxied and rtype not in PROXIABLE:
        raise err(9004, "This record type cannot be proxied.")
    rec = dict(base)
    rec.update({"zone_id": zone["id"], "type": rtype,
                "name": full_name(zone, name),
                "content": check_content(rtype, content),
                "ttl": check_ttl(zone, ttl), "proxied": proxied})
    if proxied:
        rec["ttl"] = 1      # a proxied record's TTL is automatic
    for k in ("comment", "tags"):
        if k in body:
            rec[k] = body[k]
    return rec


# ---------------------------------------------------------------------------
# Paging

def int_param(p, name, default, lo, hi):
    v = p.get(name)
    if v is None or v == "":
        return default
    try:
        n = int(v, 10)
    except ValueError:
        raise err(1001 if name == "page" else 1004,
                  "Invalid %s: must be an integer." % name)
    if n < lo or n > hi:
        raise err(1004, "%s must be between %d and %d." % (name, lo, hi))
    return n


def paged(p, rows, default_size, max_size):
    page = int_param(p, "page", 1, 1, 1 << 31)
    size = int_param(p, "per_page", default_size, 5, max_size)
    part = fakelib.page_by_number(rows, page, size)
    return part, {"page": page, "per_page": size, "count": len(part),
                  "total_count": len(rows),
                  "total_pages": fakelib.total_pages(len(rows), size)}


def name_match(p, name):
    """name / name.exact (exact), name.contains, name.startswith,
    name.endswith: case-insensitive, as the API's filters."""
    name = name.lower()
    for key, fn in (("name", lambda a, b: a == b),
                    ("name.exact", lambda a, b: a == b),
                    ("name.contains", lambda a, b: b in a),
                    ("name.startswith", lambda a, b: a.startswith(b)),
                    ("name.endswith", lambda a, b: a.endswith(b))):
        want = p.get(key)
        if want is not None and not fn(name, want.lower().rstrip(".")):
            return False
    return True


# ---------------------------------------------------------------------------
# The handler

class Cloudflare(fakelib.Provider):
    name = "cloudflare"
    server_version = "cloudflare"
    methods = ("GET", "POST", "PATCH", "PUT", "DELETE")
    error_http = 400

    def __init__(self):
        self.hits = collections.deque()     # times of authenticated calls

    def defaults(self, st):
        defaults(st)

    # -- routing: the action's name, and its zone and record IDs

    def action(self, req):
        req.zone_id = req.record_id = None
        path = req.path
        if not path.startswith(PREFIX + "/"):
            raise err(7000, "No route for that URI", 400)
        parts = [urllib.parse.unquote(s) for s in
                 path[len(PREFIX) + 1:].rstrip("/").split("/")]
        m = req.method
        if parts[0] != "zones":
            raise err(7000, "No route for that URI", 400)
        req.route_path = path
        if len(parts) == 1 and m == "GET":
            return "zones.list"
        req.zone_id = parts[1] if len(parts) > 1 else None
        if len(parts) == 2 and m == "GET":
            return "zones.get"
        if len(parts) >= 3 and parts[2] == "dns_records":
            if len(parts) == 3:
                if m == "GET":
                    return "dns_records.list"
                if m == "POST":
                    return "dns_records.create"
            elif len(parts) == 4:
                req.record_id = parts[3]
                act = {"GET": "dns_records.get", "PATCH": "dns_records.edit",
                       "PUT": "dns_records.update",
                       "DELETE": "dns_records.delete"}.get(m)
                if act is not None:
                    return act
        raise err(7000, "No route for that URI", 400)

    # -- the token: format, existence, and (in route) scope and rights

    def authenticate(self, req, st):
        auth = req.headers.get("authorization")
        req.token_ok = False
        if auth is None:
            raise err(9106, "Missing X-Auth-Key, X-Auth-Email or "
                      "Authorization headers", 400)
        scheme, _, token = auth.partition(" ")
        if scheme != "Bearer" or not TOKEN_RE.fullmatch(token):
            raise err(6003, "Invalid request headers", 400,
                      chain=[(6111, "Invalid format for Authorization "
                              "header")])
        acct = st["tokens"].get(token)
        if acct is None or acct.get("disabled"):
            raise err(9109, "Invalid access token", 403)
        req.token_ok = True
        return acct

    def rate_limit(self, st):
        """limit requests per window seconds (state "rate_limit"), as
        Cloudflare's 1200 per 5 minutes: beyond it, 429 until the
        window has moved on."""
        rl = st.get("rate_limit")
        if not rl:
            return
        now = time.monotonic()
        window = float(rl.get("window", 300))
        while self.hits and self.hits[0] <= now - window:
            self.hits.popleft()
        if len(self.hits) >= int(rl.get("limit", 1200)):
            e = err(971, "Please wait and consider throttling your "
                    "request speed", 429)
            e.extra["retry_after"] = max(1, int(self.hits[0] + window -
                                                now + 0.999))
            raise e
        self.hits.append(now)

    def scope(self, req, st):
        """The zone of the path, as far as the token may see it."""
        acct = req.account
        z = find_zone(st, req.zone_id) if req.zone_id and \
            ID_RE.fullmatch(req.zone_id) else None
        if z is None:
            raise err_route(req.route_path)
        zones = acct.get("zones", "*")
        if zones != "*" and z["name"] not in zones:
            raise err_unauthorized()
        write = req.action in WRITES
        if write and not acct.get("dns_edit", True):
            raise err_auth()
        if not write and not (acct.get("dns_read", True) or
                              acct.get("dns_edit", True)):
            raise err_auth()
        return z

    def record(self, req, st, zone):
        if not ID_RE.fullmatch(req.record_id or ""):
            raise err_route(req.route_path)
        r = find_record(st, zone, req.record_id)
        if r is None:
            raise err_no_record()
        return r

    def route(self, req, st):
        self.rate_limit(st)
        act = req.action
        p = req.params
        if act == "zones.list":
            acct = req.account
            zones = acct.get("zones", "*")
            rows = [z for z in st["zones"] if acct.get("zone_read", True)
                    and (zones == "*" or z["name"] in zones)]
            if p.get("name"):
                rows = [z for z in rows
                        if z["name"].lower() == p["name"].lower()]
            if p.get("status"):
                rows = [z for z in rows
                        if z.get("status", "active") == p["status"]]
            part, info = paged(p, rows, 20, 50)
            return ok([render_zone(z) for z in part], info)
        zone = self.scope(req, st)
        if act == "zones.get":
            return ok(render_zone(zone))
        if act == "dns_records.list":
            rtype = p.get("type", "").upper()
            content = p.get("content") or p.get("content.exact")
            rows = [r for r in zone_records(st, zone)
                    if (not rtype or r["type"] == rtype) and
                    name_match(p, r["name"]) and
                    (content is None or norm_content(r["type"],
                                                     r["content"]) ==
                     norm_content(r["type"], content))]
            part, info = paged(p, rows, 100,
                               int(st.get("max_per_page", 5000000)))
            return ok([render(zone, r) for r in part], info)
        if act == "dns_records.create":
            body = req.json()
            rec = build_record(st, zone, body)
            check_conflicts(st, zone, rec)
            rec["id"] = new_id(st)
            rec["created_on"] = rec["modified_on"] = stamp(st)
            st["records"].append(rec)
            return ok(render(zone, rec))
        r = self.record(req, st, zone)
        if act == "dns_records.get":
            return ok(render(zone, r))
        if act == "dns_records.delete":
            if r.get("locked"):
                raise err(1061, "This record is locked and cannot be "
                          "deleted.")
            st["records"].remove(r)
            return ok({"id": r["id"]})
        # PATCH merges, PUT overwrites.
        body = req.json()
        if r.get("locked"):
            raise err(1061, "This record is locked and cannot be modified.")
        rec = build_record(st, zone, dict(body, _patch=act ==
                                          "dns_records.edit"), r)
        check_conflicts(st, zone, rec, exclude=r)
        rec["modified_on"] = stamp(st)
        r.clear()
        r.update(rec)
        return ok(render(zone, r))

    def error(self, req, e):
        code = e.code
        if not isinstance(code, int):
            try:
                code = int(code)
            except (TypeError, ValueError):
                code = FAKELIB_CODES.get(code, 10000)
        first = {"code": code, "message": e.message}
        chain = e.extra.get("chain") or []
        if chain:
            first["error_chain"] = [{"code": c, "message": m}
                                    for c, m in chain]
        errors = [first] + [{"code": c, "message": m}
                            for c, m in e.extra.get("more") or []]
        r = fakelib.json_reply({"success": False, "errors": errors,
                                "messages": [], "result": None}, e.http,
                               code=str(code))
        if "retry_after" in e.extra:
            r.headers["Retry-After"] = str(e.extra["retry_after"])
        return r

    def headers(self, req, reply):
        return {"CF-RAY": req.rid.replace("-", "")[:16].lower() + "-FAKE"}

    def code_of(self, body):
        try:
            errs = json.loads(body).get("errors") or []
            return str(errs[0].get("code")) if errs else None
        except (ValueError, AttributeError, IndexError):
            return None

    def listing(self, req):
        return json.dumps({"success": True, "errors": [], "messages": [],
                           "result": [], "result_info": {
                               "page": 1, "per_page": 100, "count": 0,
                               "total_count": 0,
                               "total_pages": 0}}).encode()

    def huge_parts(self, req):
        return (b'{"success":true,"errors":[],"messages":[],"result":[',
                b'{"id":"1","name":"x.example.com","type":"A",'
                b'"content":"192.0.2.1","ttl":1},' * 512)

    def log_params(self, req):
        out = dict(req.params)
        if req.body:
            try:
                out["body"] = json.loads(req.body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                out["body"] = None
        return out

    def log_extra(self, req, reply):
        return {"zone_id": getattr(req, "zone_id", None),
                "record_id": getattr(req, "record_id", None),
                "token_ok": getattr(req, "token_ok", False),
                "content_type": req.headers.get("content-type")}


if __name__ == "__main__":
    sys.exit(fakelib.main(Cloudflare(),
                          description="Fake Cloudflare API v4 server."))
