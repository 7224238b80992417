#!/usr/bin/env python3
"""Fake Tencent Cloud DNSPod (API 3.0, version 2021-03-23) for echoddns tests.

The DNSPod handler on top of fakelib.py (which serves it on loopback over
HTTP or HTTPS, keeps the JSON state file, injects faults and logs requests):
TC3-HMAC-SHA256 checked with tc3.py's own code, the record APIs with the
real API's parameter rules (unknown or mistyped parameters refused, the
lower-case d of DescribeRecordList's Subdomain, ModifyRecord enabling a
record when Status is left out, an empty listing as an error unless
ErrorOnEmpty is "no"), and the error envelope Response.Error with HTTP 200.
See README in this directory for the state schema.

    dnspod_fake.py --state S.json --log L.jsonl --port 0 --port-file P \
        [--bind 127.0.0.1] [--cert server.pem --key server.key] [--pid-file F]
    dnspod_fake.py --selftest
"""

import ipaddress
import json
import os
import sys
import time

sys.dont_write_bytecode = True     # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakelib  # noqa: E402
import tc3  # noqa: E402
from fakelib import ApiError  # noqa: E402

API_VERSION = "2021-03-23"
SERVICE = "dnspod"
DEFAULT_LINE = "\u9ed8\u8ba4"           # 默认
# Line name -> LineId, as DescribeRecordLineList names them.
LINES = {DEFAULT_LINE: "0", "\u7535\u4fe1": "10=0", "\u8054\u901a": "10=1",
         "\u79fb\u52a8": "10=3", "\u5883\u5916": "3=0",
         "\u5883\u5185": "7=0"}
RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA")
MAX_TTL = 604800
MAX_LIMIT = 3000
WRITE_ACTIONS = ("CreateRecord", "ModifyRecord", "ModifyRecordStatus",
                 "DeleteRecord")

# The parameters of each action: name -> (type, required).
S, I = str, int
PARAMS = {
    "DescribeRecordList": {
        "Domain": (S, True), "DomainId": (I, False), "Subdomain": (S, False),
        "RecordType": (S, False), "RecordLine": (S, False),
        "RecordLineId": (S, False), "GroupId": (I, False),
        "Keyword": (S, False), "SortField": (S, False),
        "SortType": (S, False), "Offset": (I, False), "Limit": (I, False),
        "ErrorOnEmpty": (S, False)},
    "DescribeRecord": {
        "Domain": (S, True), "DomainId": (I, False), "RecordId": (I, True)},
    "CreateRecord": {
        "Domain": (S, True), "RecordType": (S, True), "RecordLine": (S, True),
        "Value": (S, True), "DomainId": (I, False), "SubDomain": (S, False),
        "RecordLineId": (S, False), "MX": (I, False), "TTL": (I, False),
        "Weight": (I, False), "Status": (S, False), "Remark": (S, False),
        "GroupId": (I, False)},
    "ModifyRecord": {
        "Domain": (S, True), "RecordType": (S, True), "RecordLine": (S, True),
        "Value": (S, True), "RecordId": (I, True), "DomainId": (I, False),
        "SubDomain": (S, False), "RecordLineId": (S, False),
        "MX": (I, False), "TTL": (I, False), "Weight": (I, False),
        "Status": (S, False), "Remark": (S, False)},
    "ModifyRecordStatus": {
        "Domain": (S, True), "RecordId": (I, True), "Status": (S, True),
        "DomainId": (I, False)},
    "DeleteRecord": {
        "Domain": (S, True), "RecordId": (I, True), "DomainId": (I, False)},
}


def err(code, message):
    """A refusal as DNSPod sends it: HTTP 200, the code in the body."""
    return ApiError(code, message, 200)


# ---------------------------------------------------------------------------
# State

def defaults(st):
    st.setdefault("accounts", {})
    st.setdefault("zones", {})
    st.setdefault("records", [])
    if "next_id" not in st:
        ids = [int(r["RecordId"]) for r in st["records"]] or [0]
        st["next_id"] = max(max(ids) + 1, 1194109872)


def find_zone(st, name):
    for z in st["zones"]:
        if z.lower() == name.lower().rstrip("."):
            return z
    raise err("InvalidParameterValue.DomainNotExists",
              "The domain does not exist in this account.")


def zone_conf(st, zone):
    return st["zones"].get(zone) or {}


def zone_lines(st, zone):
    return zone_conf(st, zone).get("lines") or list(LINES)


def ns_records(st, zone):
    """The two NS records of the apex that the API lists (and the console
    hides); never written."""
    base = 100000 + 10 * sorted(st["zones"]).index(zone)
    return [{"RecordId": base + i, "Domain": zone, "Name": "@",
             "Type": "NS", "Value": "f1g1ns%d.dnspod.net." % i, "TTL": 86400,
             "Line": DEFAULT_LINE, "Status": "ENABLE", "DefaultNS": True}
            for i in (1, 2)]


def norm_value(rtype, value):
    if rtype in ("A", "AAAA"):
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            return value
    return value.lower().rstrip(".")


def identity(r):
    """Name+Type+Line+Value: two records alike are a DomainRecordExist."""
    t = r["Type"].upper()
    return (r["Domain"].lower(), r["Name"].lower(), t, r["Line"],
            norm_value(t, r["Value"]))


def enabled(r):
    return str(r.get("Status", "ENABLE")).upper() == "ENABLE"


def updated_on(st):
    return time.strftime("%Y-%m-%d %H:%M:%S",
                         time.gmtime(fakelib.now(st) + 8 * 3600))


def render(r):
    """A RecordList item: RecordId a JSON integer, however large."""
    return {"RecordId": int(r["RecordId"]), "Value": r["Value"],
            "Status": "ENABLE" if enabled(r) else "DISABLE",
            "UpdatedOn": r.get("UpdatedOn", "2024-01-01 08:00:00"),
            "Name": r["Name"], "Line": r["Line"],
            "LineId": LINES.get(r["Line"], "0"), "Type": r["Type"].upper(),
            "Weight": r.get("Weight"), "MonitorStatus": "",
            "Remark": r.get("Remark", ""), "TTL": int(r.get("TTL", 600)),
            "MX": int(r.get("MX", 0)), "DefaultNS": bool(r.get("DefaultNS"))}


def find_record(st, zone, rid):
    for r in st["records"]:
        if int(r["RecordId"]) == rid and r["Domain"].lower() == \
                zone.lower():
            return r
    raise err("InvalidParameter.RecordIdInvalid", "The record ID is invalid.")


# ---------------------------------------------------------------------------
# Checks

def check_params(action, p):
    """Unknown, missing and mistyped parameters, as the API gateway
    refuses them."""
    schema = PARAMS[action]
    for k, v in p.items():
        if k not in schema:
            raise err("UnknownParameter",
                      "The parameter `%s` is not recognized." % k)
        want = schema[k][0]
        if not isinstance(v, want) or isinstance(v, bool):
            raise err("InvalidParameter",
                      "The type of parameter `%s` is not valid, %s wanted."
                      % (k, "Integer" if want is int else "String"))
    for k, (_, required) in schema.items():
        if required and k not in p:
            raise err("MissingParameter",
                      "The request is missing a required parameter `%s`."
                      % k)


def check_line(st, zone, line):
    if line not in zone_lines(st, zone):
        raise err("InvalidParameter.RecordLineInvalid",
                  "The record line is invalid.")
    return line


def check_sub(sub):
    if sub != "@" and not all(
            lab and all(c.isascii() and (c.isalnum() or c in "-_*")
                        for c in lab)
            for lab in sub.split(".")):
        raise err("InvalidParameter.SubdomainInvalid",
                  "The subdomain is invalid.")
    return sub.lower()


def check_type_value(rtype, value):
    t = rtype.upper()
    if t not in RECORD_TYPES or rtype != t:
        raise err("InvalidParameter.RecordTypeInvalid",
                  "The record type is invalid.")
    if t in ("A", "AAAA"):
        try:
            a = ipaddress.ip_address(value)
        except ValueError:
            a = None
        if a is None or a.version != (4 if t == "A" else 6):
            raise err("InvalidParameter.RecordValueInvalid",
                      "The record value is invalid.")
    return t


def check_ttl(st, zone, ttl):
    lo = int(zone_conf(st, zone).get("min_ttl", 600))
    if ttl < lo or ttl > MAX_TTL:
        raise err("LimitExceeded.RecordTtlLimit",
                  "The TTL of the record exceeds the limit (%d to %d)."
                  % (lo, MAX_TTL))
    return ttl


def check_status(s):
    if s not in ("ENABLE", "DISABLE"):
        raise err("InvalidParameter", "The parameter `Status` is invalid.")
    return s


def check_conflict(st, cand, exclude=None):
    """An identical record, CNAME next to others, the round-robin quota."""
    key = identity(cand)
    same_name = [r for r in st["records"] if r is not exclude and
                 r["Domain"].lower() == cand["Domain"].lower() and
                 r["Name"].lower() == cand["Name"].lower() and
                 r["Line"] == cand["Line"]]
    for r in same_name:
        if identity(r) == key:
            raise err("InvalidParameter.DomainRecordExist",
                      "The record already exists.")
    t = cand["Type"]
    for r in same_name:
        if (t == "CNAME") != (r["Type"].upper() == "CNAME"):
            raise err("FailedOperation.RecordConflict",
                      "The record conflicts with a CNAME record.")
    quota = int(zone_conf(st, cand["Domain"]).get("record_quota", 10))
    if t in ("A", "AAAA") and \
            sum(1 for r in same_name if r["Type"].upper() == t) + 1 > quota:
        raise err("LimitExceeded.SubdomainRollLimit",
                  "The round-robin count of the subdomain exceeds the "
                  "limit.")


# ---------------------------------------------------------------------------
# Actions: (state, params) -> the fields of Response

def act_list(st, p):
    zone = find_zone(st, p["Domain"])
    rows = ns_records(st, zone) + [r for r in st["records"]
                                   if r["Domain"].lower() == zone.lower()]
    if "Subdomain" in p:        # exact, case-blind
        rows = [r for r in rows if r["Name"].lower() == p["Subdomain"].lower()]
    if "RecordType" in p:
        rows = [r for r in rows if r["Type"].upper() == p["RecordType"]]
    if "RecordLine" in p:
        check_line(st, zone, p["RecordLine"])
        rows = [r for r in rows if r["Line"] == p["RecordLine"]]
    kw = p.get("Keyword", "").lower()
    if kw:
        rows = [r for r in rows if kw in r["Name"].lower() or
                kw in r["Value"].lower()]
    rows.sort(key=lambda r: int(r["RecordId"]))
    offset = p.get("Offset", 0)
    limit = p.get("Limit", 100)
    if offset < 0:
        raise err("InvalidParameter", "The parameter `Offset` is invalid.")
    if limit < 1 or limit > MAX_LIMIT:
        raise err("InvalidParameter",
                  "The parameter `Limit` must be 1 to %d." % MAX_LIMIT)
    on_empty = p.get("ErrorOnEmpty", "yes")
    if st.get("ignore_error_on_empty"):
        on_empty = "yes"
    if not rows and on_empty != "no":
        raise err("ResourceNotFound.NoDataOfRecord",
                  "The record list is empty.")
    page = fakelib.page_by_offset(rows, offset, limit)
    return {"RecordCountInfo": {
        "SubdomainCount": len({r["Name"].lower() for r in rows}),
        "ListCount": len(page), "TotalCount": len(rows)},
        "RecordList": [render(r) for r in page]}


def act_describe(st, p):
    zone = find_zone(st, p["Domain"])
    r = find_record(st, zone, p["RecordId"])
    return {"RecordInfo": {
        "Id": int(r["RecordId"]), "SubDomain": r["Name"],
        "RecordType": r["Type"].upper(), "RecordLine": r["Line"],
        "RecordLineId": LINES.get(r["Line"], "0"), "Value": r["Value"],
        "Weight": r.get("Weight"), "MX": int(r.get("MX", 0)),
        "TTL": int(r.get("TTL", 600)), "Enabled": 1 if enabled(r) else 0,
        "MonitorStatus": "", "Remark": r.get("Remark", ""),
        "UpdatedOn": r.get("UpdatedOn", "2024-01-01 08:00:00"),
        "DomainId": 62}}


def act_create(st, p):
    zone = find_zone(st, p["Domain"])
    rec = {"Domain": zone, "Name": check_sub(p.get("SubDomain", "@")),
           "Type": check_type_value(p["RecordType"], p["Value"]),
           "Value": p["Value"], "Line": check_line(st, zone, p["RecordLine"]),
           "TTL": check_ttl(st, zone, p.get("TTL", 600)),
           "Status": check_status(p.get("Status", "ENABLE")),
           "UpdatedOn": updated_on(st)}
    check_conflict(st, rec)
    rid = int(st["next_id"])
    st["next_id"] = rid + 1
    rec["RecordId"] = rid
    st["records"].append(rec)
    return {"RecordId": rid}


def act_modify(st, p):
    zone = find_zone(st, p["Domain"])
    r = find_record(st, zone, p["RecordId"])
    new = dict(r)
    # What the API does with what is left out: SubDomain "@", TTL 600 and,
    # the quirk, Status ENABLE - a disabled record comes back.
    new.update({"Name": check_sub(p.get("SubDomain", "@")),
                "Type": check_type_value(p["RecordType"], p["Value"]),
                "Value": p["Value"],
                "Line": check_line(st, zone, p["RecordLine"]),
                "TTL": check_ttl(st, zone, p.get("TTL", 600)),
                "Status": check_status(p.get("Status", "ENABLE"))})
    same = ("Name", "Type", "Value", "Line", "TTL", "Status")
    if not st.get("noop_modify_ok") and \
            all(new[k] == r.get(k) for k in same):
        raise err("InvalidParameter.DomainRecordExist",
                  "The record already exists.")
    check_conflict(st, new, exclude=r)
    new["UpdatedOn"] = updated_on(st)
    r.clear()
    r.update(new)
    return {"RecordId": int(r["RecordId"])}


def act_status(st, p):
    zone = find_zone(st, p["Domain"])
    r = find_record(st, zone, p["RecordId"])
    r["Status"] = check_status(p["Status"])
    r["UpdatedOn"] = updated_on(st)
    return {"RecordId": int(r["RecordId"])}


def act_delete(st, p):
    zone = find_zone(st, p["Domain"])
    r = find_record(st, zone, p["RecordId"])
    st["records"].remove(r)
    return {}


ACTIONS = {
    "DescribeRecordList": act_list,
    "DescribeRecord": act_describe,
    "CreateRecord": act_create,
    "ModifyRecord": act_modify,
    "ModifyRecordStatus": act_status,
    "DeleteRecord": act_delete,
}


# ---------------------------------------------------------------------------
# Authentication

def authenticate(st, req):
    """Raise ApiError unless the request is a well-formed, correctly
    signed API 3.0 call of a known, enabled SecretId. Sets req.key_id."""
    h = req.headers
    req.key_id = None
    if req.action is None:
        raise err("MissingParameter",
                  "The request is missing a required parameter `Action`.")
    if req.action not in ACTIONS:
        raise err("InvalidAction",
                  "The action `%s` is not supported." % req.action)
    version = h.get("x-tc-version")
    if version is None:
        raise err("MissingParameter",
                  "The request is missing a required parameter `Version`.")
    if version != API_VERSION:
        raise err("NoSuchVersion",
                  "The version `%s` of the API does not exist." % version)
    ctype = h.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise err("InvalidParameter",
                  "Content-Type must be application/json for a POST.")
    m = tc3.AUTH_RE.match(h.get("authorization", ""))
    if m is not None:
        req.key_id = m.group(1)
        req.signed_headers = m.group(4)
        req.service = m.group(3)
    secrets = {k: a.get("secret", "") for k, a in st["accounts"].items()
               if not a.get("disabled")}
    bad = tc3.verify(req.method, req.path, "", h, req.body, secrets,
                     SERVICE, fakelib.now(st))
    if bad is not None:
        e = err(bad[0], bad[1] if bad[0] != "AuthFailure.SignatureFailure"
                else "The provided credentials could not be validated. "
                "Please check your signature is correct.")
        if "canonical request" in bad[1]:
            e.extra["canonical_request"] = bad[1]
        raise e
    return st["accounts"][req.key_id]


# ---------------------------------------------------------------------------
# The handler

class Dnspod(fakelib.Provider):
    name = "dnspod"
    server_version = "fake-dnspod"
    methods = ("POST",)
    ctype = "application/json"
    error_http = 200

    def defaults(self, st):
        defaults(st)

    def action(self, req):
        req.key_id = req.signed_headers = req.service = None
        req.bad_body = False
        try:
            body = json.loads(req.body.decode("utf-8")) if req.body else {}
        except (UnicodeDecodeError, ValueError):
            body = None
        if not isinstance(body, dict):
            req.bad_body = True
            body = {}
        req.params = body
        return req.headers.get("x-tc-action")

    def authenticate(self, req, st):
        return authenticate(st, req)

    def route(self, req, st):
        if req.bad_body:
            raise err("InvalidParameter", "The body is not a JSON object.")
        if req.action in WRITE_ACTIONS and req.account.get("readonly"):
            raise err("AuthFailure.UnauthorizedOperation",
                      "The request is not authorized. Please check the CAM "
                      "policy of the sub-account (dnspod:%s)." % req.action)
        check_params(req.action, req.params)
        out = ACTIONS[req.action](st, req.params)
        return fakelib.json_reply({"Response": dict(out,
                                                    RequestId=req.rid)},
                                  ctype="application/json")

    def error(self, req, e):
        r = fakelib.json_reply({"Response": {
            "Error": {"Code": e.code, "Message": e.message},
            "RequestId": req.rid}}, e.http, ctype="application/json",
            code=e.code)
        if "canonical_request" in e.extra:
            r.log["canonical_request"] = e.extra["canonical_request"]
        return r

    def code_of(self, body):
        try:
            return json.loads(body)["Response"]["Error"]["Code"]
        except (ValueError, KeyError, TypeError):
            return None

    def listing(self, req):
        return json.dumps({"Response": {
            "RecordCountInfo": {"SubdomainCount": 0, "ListCount": 0,
                                "TotalCount": 0},
            "RecordList": [], "RequestId": req.rid}}).encode()

    def huge_parts(self, req):
        return (b'{"Response":{"RecordCountInfo":{"TotalCount":1},'
                b'"RecordList":[',
                b'{"RecordId":1,"Name":"x","Type":"A","Value":"192.0.2.1",'
                b'"Status":"ENABLE","TTL":600,"Line":"x"},' * 512)

    def log_extra(self, req, reply):
        return {"key_id": getattr(req, "key_id", None),
                "service": getattr(req, "service", None),
                "signed_headers": getattr(req, "signed_headers", None),
                "host": req.headers.get("host"),
                "request_id": req.rid}

    def selftest(self):
        return selftest()


# ---------------------------------------------------------------------------
# Self-test: the handler on requests signed by tc3.py (whose own vectors
# are checked by tc3.py --selftest)

def selftest():
    counts = [0, 0]

    def check(name, got, want):
        good = got == want
        counts[0 if good else 1] += 1
        print("%-40s %s%s" % (name, "ok" if good else "FAIL",
                              "" if good else "\n  got  %r\n  want %r" %
                              (got, want)))

    st = {"accounts": {"AKIDself": {"secret": "self-secret"}},
          "zones": {"example.com": {"min_ttl": 600}},
          "records": [{"RecordId": 9007199254740993, "Domain": "example.com",
                       "Name": "a.dns", "Type": "A", "Value": "192.0.2.1",
                       "TTL": 600, "Line": DEFAULT_LINE,
                       "Status": "DISABLE"}],
          "next_id": 9007199254740995, "faults": [], "clock_offset": 0}
    defaults(st)
    prov = Dnspod()

    def call(action, params, service=SERVICE, version=API_VERSION,
             ts=None, host="localhost:1"):
        body = json.dumps(params, ensure_ascii=False).encode()
        ts = int(time.time()) if ts is None else ts
        hdr = {"Content-Type": "application/json; charset=utf-8",
               "Host": host, "X-TC-Action": action,
               "X-TC-Timestamp": str(ts), "X-TC-Version": version}
        hdr["Authorization"] = tc3.authorization(
            "POST", "", hdr, body, "AKIDself", "self-secret", ts, service,
            ("content-type", "host", "x-tc-action"))
        req = fakelib.Request("POST", "/", {}, body,
                              {k.lower(): v for k, v in hdr.items()})
        req.action = prov.action(req)
        try:
            req.account = prov.authenticate(req, st)
            reply = prov.route(req, st)
        except ApiError as e:
            return e.code
        return json.loads(reply.body)["Response"]

    def field(got, *keys):
        """A field of a reply, or the error code that came instead."""
        for k in keys:
            if not isinstance(got, dict):
                return got
            got = got.get(k)
        return got

    q = {"Domain": "example.com", "Subdomain": "a.dns", "RecordType": "A"}
    got = call("DescribeRecordList", q)
    check("list: RecordId > 2^53 exact", field(got, "RecordList")[0][
        "RecordId"] if isinstance(got, dict) else got, 9007199254740993)
    check("list: SubDomain is unknown there", call(
        "DescribeRecordList", {"Domain": "example.com", "SubDomain": "a"}),
        "UnknownParameter")
    check("list: empty is an error", call(
        "DescribeRecordList", dict(q, Subdomain="none")),
        "ResourceNotFound.NoDataOfRecord")
    got = call("DescribeRecordList", dict(q, Subdomain="none",
                                          ErrorOnEmpty="no"))
    check("list: ErrorOnEmpty no", field(got, "RecordCountInfo",
                                         "TotalCount"), 0)
    check("list: unknown line", call("DescribeRecordList", dict(
        q, RecordLine="nowhere")), "InvalidParameter.RecordLineInvalid")
    got = call("DescribeRecordList", {"Domain": "example.com"})
    check("list: the apex NS records count", field(got, "RecordCountInfo",
                                                     "TotalCount"), 3)
    check("wrong service in the scope", call("DescribeRecordList", q,
                                             service="localhost"),
          "AuthFailure.SignatureFailure")
    check("wrong version", call("DescribeRecordList", q,
                                version="2018-08-26"), "NoSuchVersion")
    check("expired timestamp", call("DescribeRecordList", q,
                                    ts=int(time.time()) - 400),
          "AuthFailure.SignatureExpire")
    mod = {"Domain": "example.com", "RecordId": 9007199254740993,
           "SubDomain": "a.dns", "RecordType": "A",
           "RecordLine": DEFAULT_LINE, "Value": "192.0.2.2", "TTL": 600}
    check("modify: RecordId as a string", call(
        "ModifyRecord", dict(mod, RecordId="9007199254740993")),
        "InvalidParameter")
    # Without Status the record is enabled: the quirk echoddns avoids.
    got = call("ModifyRecord", mod)
    check("modify: RecordId back", field(got, "RecordId"), 9007199254740993)
    check("modify without Status enables", st["records"][0]["Status"],
          "ENABLE")
    check("modify: nothing changes", call("ModifyRecord", dict(
        mod, Status="ENABLE")), "InvalidParameter.DomainRecordExist")
    new = {"Domain": "example.com", "SubDomain": "a.dns",
           "RecordType": "A", "RecordLine": DEFAULT_LINE,
           "Value": "192.0.2.2"}
    check("create: a duplicate", call("CreateRecord", new),
          "InvalidParameter.DomainRecordExist")
    got = call("CreateRecord", dict(new, Value="192.0.2.3"))
    check("create: a new RecordId", field(got, "RecordId"), 9007199254740995)
    check("create: TTL too low", call("CreateRecord", dict(
        new, Value="192.0.2.4", TTL=60)), "LimitExceeded.RecordTtlLimit")
    check("describe: Enabled", field(call("DescribeRecord", {
        "Domain": "example.com", "RecordId": 9007199254740995}),
        "RecordInfo", "Enabled"), 1)
    check("status: disable", field(call("ModifyRecordStatus", {
        "Domain": "example.com", "RecordId": 9007199254740995,
        "Status": "DISABLE"}), "RecordId"), 9007199254740995)
    got = call("DeleteRecord", {"Domain": "example.com",
                                "RecordId": 9007199254740995})
    check("delete", sorted(got) if isinstance(got, dict) else got,
          ["RequestId"])
    check("delete: gone", call("DeleteRecord", {
        "Domain": "example.com", "RecordId": 9007199254740995}),
        "InvalidParameter.RecordIdInvalid")
    check("unknown zone", call("DescribeRecordList", dict(
        q, Domain="example.org")), "InvalidParameterValue.DomainNotExists")
    print("%d passed, %d failed" % tuple(counts))
    return 0 if counts[1] == 0 else 1


if __name__ == "__main__":
    sys.exit(fakelib.main(Dnspod(), description="Fake DNSPod API server."))
