#!/usr/bin/env python3
"""Fake Alibaba Cloud DNS (Alidns, API 2015-01-09) for echoddns tests.

The Alidns handler on top of fakelib.py (which serves it on loopback over
HTTP or HTTPS, keeps the JSON state file, injects faults and logs requests):
V1 (HMAC-SHA1) and V3 (ACS3-HMAC-SHA256) signatures checked with its own
code, the record APIs, Alidns's error envelope. See README in this
directory for the state and fault schemas.

    alidns_fake.py --state S.json --log L.jsonl --port 0 --port-file P \
        [--bind 127.0.0.1] [--cert server.pem --key server.key] [--pid-file F]
    alidns_fake.py --selftest
"""

import base64
import calendar
import hashlib
import hmac
import ipaddress
import json
import os
import sys
import time
import urllib.parse
import uuid

sys.dont_write_bytecode = True     # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakelib  # noqa: E402
from fakelib import ApiError  # noqa: E402

API_VERSION = "2015-01-09"
HOST_ID = "alidns.aliyuncs.com"
SKEW = 15 * 60                  # seconds a timestamp may be off
MAX_TTL = 86400
WRITE_ACTIONS = ("AddDomainRecord", "UpdateDomainRecord",
                 "DeleteDomainRecord", "SetDomainRecordStatus")
READ_ACTIONS = ("DescribeSubDomainRecords", "DescribeDomainRecords",
                "DescribeDomainRecordInfo")
RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA",
                "REDIRECT_URL", "FORWARD_URL")
WEIGHTED_TYPES = ("A", "AAAA", "CNAME")
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


# ---------------------------------------------------------------------------
# Signatures (independent of the C code; checked by --selftest)

def pe(s):
    """Percent-encode over UTF-8, RFC 3986 unreserved set only, upper hex."""
    return urllib.parse.quote(s, safe="-_.~")


def canonical_query(params):
    """name=value pairs, sorted by raw name (code point = UTF-8 byte order)."""
    return "&".join(pe(k) + "=" + pe(v) for k, v in sorted(params.items()))


def v1_string_to_sign(method, params):
    signed = {k: v for k, v in params.items() if k != "Signature"}
    return method + "&" + pe("/") + "&" + pe(canonical_query(signed))


def v1_signature(secret, string_to_sign):
    mac = hmac.new((secret + "&").encode(), string_to_sign.encode(),
                   hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


def v3_canonical_request(method, uri, query, headers, signed_headers,
                         payload_hash):
    """headers: lower-case name -> value; signed_headers: list of names."""
    lines = "".join("%s:%s\n" % (h, headers.get(h, "").strip())
                    for h in signed_headers)
    return "\n".join([method, uri, canonical_query(query), lines,
                      ";".join(signed_headers), payload_hash])


def v3_string_to_sign(canonical_request):
    return ("ACS3-HMAC-SHA256\n" +
            hashlib.sha256(canonical_request.encode()).hexdigest())


def v3_signature(secret, string_to_sign):
    return hmac.new(secret.encode(), string_to_sign.encode(),
                    hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------
# Errors


def missing(name):
    return ApiError("Missing" + name, name + " is mandatory for this action.")


def invalid(name):
    return ApiError("InvalidParameter",
                    "Specified parameter %s is not valid." % name)


def err_not_found():
    return ApiError("DomainRecordNotBelongToUser",
                    "The DNS record does not exist in your account.")


def err_no_zone():
    return ApiError("InvalidDomainName.NoExist",
                    "The specified domain name does not exist. "
                    "Refresh the page and try again.")


def err_duplicate():
    return ApiError("DomainRecordDuplicate", "The DNS record already exists.")


def err_locked():
    return ApiError("DomainRecordLocked",
                    "The DNS record is locked and cannot be modified.")


# ---------------------------------------------------------------------------
# State file

def defaults(st):
    st.setdefault("accounts", {})
    st.setdefault("zones", {})
    st.setdefault("records", [])
    if "next_id" not in st:
        ids = [int(r["RecordId"]) for r in st["records"]] or [0]
        st["next_id"] = max(max(ids) + 1, 1455682456001000)


def load_state(path):
    """Re-read on every request; retried while a test rewrites it."""
    return fakelib.load_state(path, defaults)


save_state = fakelib.save_state


# ---------------------------------------------------------------------------
# Helpers for the record model


now_fake = fakelib.now


def parse_ts(s):
    """Documented form only: YYYY-MM-DDThh:mm:ssZ (UTC). None if malformed."""
    try:
        t = time.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, TypeError):
        return None
    if len(s) != 20:
        return None
    return calendar.timegm(t)


def norm_value(rtype, value):
    """Comparable form of a value: addresses compare as addresses."""
    if rtype in ("A", "AAAA"):
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            return value
    if rtype in ("CNAME", "NS", "MX"):
        return value.lower().rstrip(".")
    return value


def rec_key(r):
    """RR+Type+Line+Value identity used for DomainRecordDuplicate."""
    t = r["Type"].upper()
    return (r["DomainName"].lower(), r["RR"].lower(), t,
            r.get("Line", "default"), norm_value(t, r["Value"]))


def status_word(st, enabled):
    style = st.get("status_style", "Enable")
    word = "Enable" if enabled else "Disable"
    return word.upper() if style == "ENABLE" else word


def rec_enabled(r):
    return str(r.get("Status", "ENABLE")).upper() == "ENABLE"


def render(st, r):
    t = r["Type"].upper()
    out = {
        "DomainName": r["DomainName"],
        "RecordId": str(r["RecordId"]),
        "RR": r["RR"].lower(),
        "Type": t,
        "Value": r["Value"],
        "TTL": int(r.get("TTL", 600)),
        "Line": r.get("Line", "default"),
        "Status": status_word(st, rec_enabled(r)),
        "Locked": bool(r.get("Locked", False)),
    }
    if t in WEIGHTED_TYPES:
        out["Weight"] = int(r.get("Weight", 1))
    if t == "MX" or "Priority" in r:
        out["Priority"] = int(r.get("Priority", 10))
    for k in ("Remark", "CreateTimestamp", "UpdateTimestamp"):
        if k in r:
            out[k] = r[k]
    return out


def find_zone(st, name):
    name = (name or "").lower()
    for z in st["zones"]:
        if z.lower() == name:
            return z
    return None


def zone_conf(st, zone):
    return st["zones"].get(zone) or {}


def find_record(st, rid):
    if not rid or not rid.isdigit():
        return None
    for r in st["records"]:
        if str(r["RecordId"]) == rid:
            return r
    return None


def int_param(p, name, default, lo=None, hi=None, err=None):
    v = p.get(name)
    if v is None or v == "":
        return default
    try:
        n = int(v, 10)
    except ValueError:
        raise invalid(name)
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        raise err or invalid(name)
    return n


def need(p, *names):
    for n in names:
        if not p.get(n):
            raise missing(n)


def paginate(st, p, rows, max_size):
    num = int_param(p, "PageNumber", 1, lo=1)
    size = int_param(p, "PageSize", 20, lo=1, hi=max_size,
                     err=ApiError("InvalidPageSize.Exceeded",
                                  "The PageSize must be between 1 and %d."
                                  % max_size))
    page = fakelib.page_by_number(rows, num, size)
    return {"TotalCount": len(rows), "PageNumber": num,
            "PageSize": len(page),
            "DomainRecords": {"Record": [render(st, r) for r in page]}}


def check_ttl(st, zone, p):
    ttl = int_param(p, "TTL", 600, lo=1)
    lo = int(zone_conf(st, zone).get("min_ttl", 600))
    if ttl < lo or ttl > MAX_TTL:
        raise ApiError("QuotaExceeded.TTL",
                       "The specified TTL is invalid. A valid TTL must be "
                       "in the range of %d to %d." % (lo, MAX_TTL))
    return ttl


def check_type_value(rtype, value):
    t = rtype.upper()
    if t not in RECORD_TYPES:
        raise invalid("Type")
    if t == "A" or t == "AAAA":
        try:
            a = ipaddress.ip_address(value)
        except ValueError:
            a = None
        if a is None or a.version != (4 if t == "A" else 6):
            raise ApiError("DomainRecordInvalid",
                           "The value of the %s record is invalid." % t)
    return t


def check_rr(rr):
    if rr != "@" and not all(
            lab and all(c.isalnum() or c in "-_*" for c in lab)
            for lab in rr.split(".")):
        raise invalid("RR")


def check_conflict(st, cand, exclude=None):
    """Duplicate of another record, CNAME next to other types, A quota."""
    key = rec_key(cand)
    same_name = [r for r in st["records"] if r is not exclude and
                 r["DomainName"].lower() == cand["DomainName"].lower() and
                 r["RR"].lower() == cand["RR"].lower() and
                 r.get("Line", "default") == cand.get("Line", "default")]
    for r in same_name:
        if rec_key(r) == key:
            raise err_duplicate()
    t = cand["Type"]
    for r in same_name:
        rt = r["Type"].upper()
        if (t == "CNAME") != (rt == "CNAME"):
            raise ApiError("DomainRecordConflict",
                           "The DNS record conflicts with other records.")
    quota = int(zone_conf(st, cand["DomainName"]).get("record_quota", 10))
    if t in ("A", "AAAA"):
        n = sum(1 for r in same_name if r["Type"].upper() == t)
        if n + 1 > quota:
            raise ApiError("QuotaExceeded.ARecord",
                           "The number of %s records for this host exceeds "
                           "the upper limit." % t)


def split_subdomain(st, sub, domain):
    """SubDomain (+ optional DomainName) -> (zone, rr), like the real API."""
    sub = sub.lower().rstrip(".")
    if domain:
        zone = find_zone(st, domain)
        if zone is None:
            raise err_no_zone()
    else:
        # No DomainName: the registrable domain, i.e. the shortest configured
        # zone that is a suffix of SubDomain.
        cands = [z for z in st["zones"]
                 if sub == z.lower() or sub.endswith("." + z.lower())]
        if not cands:
            raise err_no_zone()
        zone = min(cands, key=len)
    zl = zone.lower()
    if sub == zl:
        return zone, "@"
    if sub.endswith("." + zl):
        return zone, sub[:-len(zl) - 1]
    raise err_no_zone()


# ---------------------------------------------------------------------------
# Actions: (state, params, ctx) -> (reply dict, state changed)

def act_describe_sub(st, p, ctx):
    need(p, "SubDomain")
    zone, rr = split_subdomain(st, p["SubDomain"], p.get("DomainName"))
    rtype = p.get("Type", "").upper()
    line = p.get("Line")
    rows = [r for r in st["records"]
            if r["DomainName"].lower() == zone.lower() and
            r["RR"].lower() == rr and
            (not rtype or r["Type"].upper() == rtype) and
            (not line or r.get("Line", "default") == line)]
    return paginate(st, p, rows, 100), False


def act_describe_domain(st, p, ctx):
    need(p, "DomainName")
    zone = find_zone(st, p["DomainName"])
    if zone is None:
        raise err_no_zone()
    kw = p.get("KeyWord", "").lower()
    mode = p.get("SearchMode", "").upper()
    rrkw = p.get("RRKeyWord", "").lower()
    valkw = p.get("ValueKeyWord", "").lower()
    typekw = (p.get("TypeKeyWord") or p.get("Type") or "").upper()
    line = p.get("Line")
    status = p.get("Status", "").upper()
    if not mode:
        mode = "LIKE" if kw else "ADVANCED"
    exact = mode in ("EXACT", "COMBINATION")

    def match(field, want):
        if not want:
            return True
        return field == want if exact else want in field

    rows = []
    for r in st["records"]:
        if r["DomainName"].lower() != zone.lower():
            continue
        rr, val = r["RR"].lower(), r["Value"].lower()
        if mode in ("LIKE", "EXACT"):
            if kw and not (match(rr, kw) or match(val, kw)):
                continue
        else:
            if not (match(rr, rrkw) and match(val, valkw)):
                continue
            if typekw and r["Type"].upper() != typekw:
                continue
            if line and r.get("Line", "default") != line:
                continue
            if status and str(r.get("Status", "ENABLE")).upper() != status:
                continue
        rows.append(r)
    rows.sort(key=lambda r: int(r["RecordId"]),
              reverse=p.get("Direction", "DESC").upper() != "ASC")
    return paginate(st, p, rows, 500), False


def act_record_info(st, p, ctx):
    need(p, "RecordId")
    r = find_record(st, p["RecordId"])
    if r is None:
        raise err_not_found()
    out = render(st, r)
    out["DomainId"] = str(uuid.uuid5(uuid.NAMESPACE_DNS, r["DomainName"]))
    return out, False


def act_add(st, p, ctx):
    need(p, "DomainName", "RR", "Type", "Value")
    zone = find_zone(st, p["DomainName"])
    if zone is None:
        raise err_no_zone()
    check_rr(p["RR"])
    t = check_type_value(p["Type"], p["Value"])
    ttl = check_ttl(st, zone, p)
    ms = int(now_fake(st) * 1000)
    rid = int(st["next_id"])
    st["next_id"] = rid + 1
    rec = {"RecordId": str(rid), "DomainName": zone, "RR": p["RR"],
           "Type": t, "Value": p["Value"], "TTL": ttl,
           "Line": p.get("Line") or "default", "Status": "ENABLE",
           "Locked": False, "CreateTimestamp": ms, "UpdateTimestamp": ms}
    if t in WEIGHTED_TYPES:
        rec["Weight"] = 1
    if t == "MX":
        need(p, "Priority")
        rec["Priority"] = int_param(p, "Priority", 10, lo=1, hi=50)
    check_conflict(st, rec)
    st["records"].append(rec)
    return {"RecordId": str(rid)}, True


def act_update(st, p, ctx):
    need(p, "RecordId", "RR", "Type", "Value")
    r = find_record(st, p["RecordId"])
    if r is None:
        raise err_not_found()
    if r.get("Locked"):
        raise err_locked()
    check_rr(p["RR"])
    t = check_type_value(p["Type"], p["Value"])
    ttl = check_ttl(st, r["DomainName"], p)
    new = dict(r)
    new.update({"RR": p["RR"], "Type": t, "Value": p["Value"], "TTL": ttl,
                "Line": p.get("Line") or "default"})
    if t == "MX":
        new["Priority"] = int_param(p, "Priority", r.get("Priority", 10),
                                    lo=1, hi=50)
    # An update that changes nothing is refused (community reports; see
    # reference §6). With strict_duplicate also one that keeps RR, Type,
    # Line and Value but changes only the TTL.
    same = rec_key(new) == rec_key(r)
    if same and (st.get("strict_duplicate") or
                 (int(new["TTL"]) == int(r.get("TTL", 600)) and
                  new.get("Priority") == r.get("Priority"))):
        raise err_duplicate()
    check_conflict(st, new, exclude=r)
    new["UpdateTimestamp"] = int(now_fake(st) * 1000)
    r.clear()
    r.update(new)
    return {"RecordId": str(r["RecordId"])}, True


def act_delete(st, p, ctx):
    need(p, "RecordId")
    r = find_record(st, p["RecordId"])
    if r is None:
        raise err_not_found()
    if r.get("Locked"):
        raise err_locked()
    st["records"].remove(r)
    return {"RecordId": str(r["RecordId"])}, True


def act_set_status(st, p, ctx):
    need(p, "RecordId", "Status")
    want = p["Status"].upper()
    if want not in ("ENABLE", "DISABLE"):
        raise invalid("Status")
    r = find_record(st, p["RecordId"])
    if r is None:
        raise err_not_found()
    if r.get("Locked"):
        raise err_locked()
    changed = str(r.get("Status", "ENABLE")).upper() != want
    r["Status"] = want
    if changed:
        r["UpdateTimestamp"] = int(now_fake(st) * 1000)
    return {"RecordId": str(r["RecordId"]),
            "Status": "Enable" if want == "ENABLE" else "Disable"}, changed


ACTIONS = {
    "DescribeSubDomainRecords": act_describe_sub,
    "DescribeDomainRecords": act_describe_domain,
    "DescribeDomainRecordInfo": act_record_info,
    "AddDomainRecord": act_add,
    "UpdateDomainRecord": act_update,
    "DeleteDomainRecord": act_delete,
    "SetDomainRecordStatus": act_set_status,
}


# ---------------------------------------------------------------------------
# Authentication


def authenticate(st, req):
    """Raise ApiError unless the request is well formed and signed.

    Sets req.sigver, req.action, req.key_id. Records the nonce on success.
    """
    h = req.headers
    auth = h.get("authorization", "")
    if auth.startswith("ACS3-HMAC-SHA256"):
        req.sigver = 3
        return auth_v3(st, req, auth)
    req.sigver = 1
    return auth_v1(st, req)


def check_action_version(action, version):
    if not action:
        raise missing("Action")
    if not version:
        raise missing("Version")
    if version != API_VERSION:
        raise ApiError("InvalidVersion",
                       "Specified parameter Version is not valid.")
    if action not in ACTIONS:
        raise ApiError("InvalidAction.NotFound",
                       "Specified api is not found, please check your url "
                       "and method.", 404)


def check_time(st, value):
    t = parse_ts(value) if value else None
    if t is None:
        raise ApiError("IllegalTimestamp",
                       "The input parameter \"Timestamp\" that is mandatory "
                       "for processing this request is not supplied or is "
                       "not in the format YYYY-MM-DDThh:mm:ssZ.")
    if abs(t - now_fake(st)) > SKEW:
        raise ApiError("InvalidTimeStamp.Expired",
                       "Specified time stamp or date value is expired.")


def lookup_account(st, key_id):
    acct = st["accounts"].get(key_id)
    if acct is None:
        raise ApiError("InvalidAccessKeyId.NotFound",
                       "Specified access key is not found.", 404)
    return acct


def check_token(acct, token):
    want = acct.get("security_token")
    if (want or token) and want != token:
        raise ApiError("InvalidSecurityToken.MismatchWithAccessKey",
                       "Specified SecurityToken mismatch with the "
                       "AccessKey.")


def check_active(acct):
    if acct.get("disabled"):
        raise ApiError("InvalidAccessKeyId.Inactive",
                       "Specified access key is disabled.")


def bad_signature(sts):
    return ApiError("SignatureDoesNotMatch",
                    "Specified signature is not matched with our "
                    "calculation. server string to sign is:" + sts)


def use_nonce(nonce):
    """Nonces are remembered for the fake's lifetime."""
    if not fakelib.once(nonce):
        raise ApiError("SignatureNonceUsed",
                       "Specified signature nonce was used already.")


def incomplete(why):
    return ApiError("IncompleteSignature",
                    "The request signature does not conform to Aliyun "
                    "standards. " + why)


def auth_v1(st, req):
    p = req.params
    req.action = p.get("Action")
    check_action_version(req.action, p.get("Version"))
    if p.get("Format", "").upper() != "JSON":
        raise ApiError("Fake.FormatNotJSON",
                       "Format=JSON is required (the real API would answer "
                       "in XML).", 400, {"xml": True})
    if not p.get("AccessKeyId"):
        raise missing("AccessKeyId")
    req.key_id = p["AccessKeyId"]
    if not p.get("Signature"):
        raise missing("Signature")
    if p.get("SignatureMethod") != "HMAC-SHA1":
        raise incomplete("SignatureMethod must be HMAC-SHA1.")
    if p.get("SignatureVersion") != "1.0":
        raise incomplete("SignatureVersion must be 1.0.")
    check_time(st, p.get("Timestamp"))
    if not p.get("SignatureNonce"):
        raise missing("SignatureNonce")
    acct = lookup_account(st, req.key_id)
    sts = v1_string_to_sign(req.method, p)
    want = v1_signature(str(acct.get("secret", "")), sts)
    if not hmac.compare_digest(want.encode(), p["Signature"].encode()):
        raise bad_signature(sts)
    check_token(acct, p.get("SecurityToken"))
    check_active(acct)
    use_nonce(p["SignatureNonce"])
    return acct


def auth_v3(st, req, auth):
    h = req.headers
    fields = {}
    for part in auth[len("ACS3-HMAC-SHA256"):].split(","):
        k, sep, v = part.strip().partition("=")
        if sep:
            fields[k] = v
    for k in ("Credential", "SignedHeaders", "Signature"):
        if not fields.get(k):
            raise incomplete("Authorization lacks %s." % k)
    req.action = h.get("x-acs-action")
    check_action_version(req.action, h.get("x-acs-version"))
    req.key_id = fields["Credential"]
    signed = fields["SignedHeaders"].split(";")
    if signed != sorted(set(signed)) or any(s != s.lower() for s in signed):
        raise incomplete("SignedHeaders must be lower-case, sorted, unique.")
    must = {"host"} | {n for n in h if n.startswith("x-acs-")}
    if "content-type" in h and req.body:
        must.add("content-type")
    if not must <= set(signed):
        raise incomplete("Headers not signed: %s."
                         % ",".join(sorted(must - set(signed))))
    for n in signed:
        if n not in h:
            raise incomplete("Signed header %s is missing." % n)
    body_hash = hashlib.sha256(req.body).hexdigest()
    if h.get("x-acs-content-sha256") != body_hash:
        raise incomplete("x-acs-content-sha256 must be the SHA-256 of the "
                         "body (%s)." % body_hash)
    check_time(st, h.get("x-acs-date"))
    if not h.get("x-acs-signature-nonce"):
        raise missing("SignatureNonce")
    acct = lookup_account(st, req.key_id)
    creq = v3_canonical_request(req.method, "/", req.query, h, signed,
                                h["x-acs-content-sha256"])
    sts = v3_string_to_sign(creq)
    want = v3_signature(str(acct.get("secret", "")), sts)
    if not hmac.compare_digest(want.encode(), fields["Signature"].encode()):
        e = bad_signature(sts)
        e.extra["canonical_request"] = creq
        raise e
    check_token(acct, h.get("x-acs-security-token"))
    check_active(acct)
    use_nonce(h["x-acs-signature-nonce"])
    return acct


# ---------------------------------------------------------------------------
# The handler

def error_reply(req, e):
    """Alidns's error envelope (XML when Format was not JSON)."""
    rid = req.rid
    if e.extra.get("xml"):
        body = ("<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>%s"
                "</RequestId><HostId>%s</HostId><Code>%s</Code><Message>%s"
                "</Message></Error>" % (rid, HOST_ID, e.code, e.message))
        return fakelib.Reply(e.http, body.encode(), "text/xml;charset=utf-8",
                             e.code)
    obj = {"RequestId": rid, "HostId": HOST_ID, "Code": e.code,
           "Message": e.message,
           "Recommend": "https://api.aliyun.com/troubleshoot?q=%s"
                        "&product=Alidns&requestId=%s" % (e.code, rid)}
    if e.code == "Forbidden.RAM":
        obj["AccessDeniedDetail"] = e.extra.get("detail", {})
    r = fakelib.json_reply(obj, e.http, code=e.code)
    if "canonical_request" in e.extra:
        r.log["canonical_request"] = e.extra["canonical_request"]
    return r


def forbidden(req):
    return ApiError("Forbidden.RAM",
                    "User not authorized to operate on the specified "
                    "resource, or this API doesn't support RAM.", 400,
                    {"detail": {"AuthAction": "alidns:" + req.action,
                                "NoPermissionType": "ImplicitDeny",
                                "AuthPrincipalType": "SubUser",
                                "AuthPrincipalDisplayName": req.key_id}})


class Alidns(fakelib.Provider):
    name = "alidns"
    server_version = "fake-alidns"
    hidden_params = ("Signature",)

    def defaults(self, st):
        defaults(st)

    def action(self, req):
        req.sigver = req.key_id = None
        if req.path != "/":
            raise ApiError("InvalidAction.NotFound",
                           "Specified api is not found, please check your "
                           "url and method.", 404)
        if req.headers.get("authorization", "").startswith(
                "ACS3-HMAC-SHA256"):
            return req.headers.get("x-acs-action")
        return req.params.get("Action")

    def authenticate(self, req, st):
        return authenticate(st, req)

    def route(self, req, st):
        if req.action in WRITE_ACTIONS and req.account.get("readonly"):
            raise forbidden(req)
        out, _ = ACTIONS[req.action](st, req.params, req)
        return fakelib.json_reply({"RequestId": req.rid, **out})

    def error(self, req, e):
        return error_reply(req, e)

    def headers(self, req, reply):
        return {"X-Acs-Request-Id": req.rid}

    def code_of(self, body):
        try:
            return json.loads(body).get("Code")
        except (ValueError, AttributeError):
            return None

    def listing(self, req):
        return json.dumps({"RequestId": req.rid, "TotalCount": 0,
                           "PageNumber": 1, "PageSize": 0,
                           "DomainRecords": {"Record": []}}).encode()

    def huge_parts(self, req):
        return (('{"RequestId":"%s","TotalCount":1,"PageNumber":1,'
                 '"DomainRecords":{"Record":[' % req.rid).encode(),
                b'{"RR":"x","Type":"A","Value":"192.0.2.1",'
                b'"RecordId":"1"},' * 512)

    def log_extra(self, req, reply):
        return {"sigver": getattr(req, "sigver", None),
                "key_id": getattr(req, "key_id", None),
                "request_id": req.rid}

    def selftest(self):
        return selftest()


# ---------------------------------------------------------------------------
# Self-test against the vectors of shared/reference/alidns.md

def selftest():
    ok = True
    counts = [0, 0]

    def check(name, got, want):
        nonlocal ok
        good = got == want
        ok = ok and good
        counts[0 if good else 1] += 1
        print("%-28s %s%s" % (name, "ok" if good else "FAIL",
                              "" if good else " got %s want %s" % (got,
                                                                   want)))

    base = {"AccessKeyId": "testid", "SignatureMethod": "HMAC-SHA1",
            "SignatureVersion": "1.0"}

    def v1(method, secret="testsecret", **kw):
        p = dict(base)
        p.update(kw)
        return v1_signature(secret, v1_string_to_sign(method, p))

    check("V1 GET", v1("GET", Action="DescribeDomainRecords",
                       DomainName="example.com", Format="XML",
                       SignatureNonce="f59ed6a9-83fc-473b-9cc6-99c95df3856e",
                       Timestamp="2016-03-24T16:41:54Z", Version=API_VERSION),
          "uRpHwaSEt3J+6KQD//svCh/x+pI=")
    v2 = dict(Action="DescribeDedicatedHosts", Format="JSON",
              RegionId="cn-beijing",
              SignatureNonce="edb2b34af0af9a6d14deaf7c1a5315eb",
              Timestamp="2023-03-13T08:34:30Z", Version="2014-05-26")
    check("V2 GET", v1("GET", **v2), "9NaGiOspFP5UPcwX8Iwt2YJXXuk=")
    check("V2 POST", v1("POST", **v2), "ZvQ9xGiFnquSJRvj+WE6kdSpTwU=")
    v3 = dict(Action="DescribeRegions", Format="XML",
              SignatureNonce="3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
              Version="2014-05-26")
    check("V3 GET", v1("GET", Timestamp="2016-02-23T12:46:24Z", **v3),
          "OLeaidS1JvxuMvnyHOwuJ+uX5qY=")
    check("V3' GET (TimeStamp)", v1("GET", TimeStamp="2016-02-23T12:46:24Z",
                                    **v3), "CT9X0VtwR86fNWSnsc6v8YGOjuE=")
    check("V4 GET", v1("GET", Action="DescribeCdnService", Format="JSON",
                       SignatureNonce="9b7a44b0-3be1-11e5-8c73-08002700c460",
                       Timestamp="2015-08-06T02:19:46Z", Version="2014-11-11"),
          "KkkQOf0ymKf4yVZLggy6kYiwgFs=")
    check("S1", v1_signature("accessKeySecret",
                             v1_string_to_sign("", {"test": "ok"})),
          "jHx/oHoHNrbVfhncHEvPdHXZwHU=")
    check("S2", v1_signature("secret", v1_string_to_sign(
        "GET", {"query": "test", "body": "test"})),
        "XlUyV4sXjOuX5FnjUz9IF9tm5rU=")
    e1 = dict(Action="UpdateDomainRecord", Format="JSON", RR="*.a b",
              RecordId="9999985", SignatureNonce="n1",
              Timestamp="2024-01-01T00:00:00Z", Type="A",
              Value="x~y!'()*+/=\u00e9", Version=API_VERSION)
    p = dict(base, **e1)
    cqs = canonical_query(p)
    check("E1 CQS fragment", "RR=%2A.a%20b&RecordId=" in cqs and
          "Value=x~y%21%27%28%29%2A%2B%2F%3D%C3%A9" in cqs, True)
    check("E1 GET", v1("GET", **e1), "T7Geqa2l2v6YdxkeA1MvKbght0U=")
    check("E1 POST", v1("POST", **e1), "J54ZZLDuV32w494nfaR4Aj2ejpQ=")
    e2 = dict(Action="UpdateDomainRecord", Format="JSON", RR="ha",
              RecordId="9999985", SecurityToken="sts/tok+en=",
              SignatureNonce="3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
              TTL="600", Timestamp="2024-05-01T00:00:00Z", Type="AAAA",
              Value="2001:db8::1", Version=API_VERSION)
    check("E2 GET", v1("GET", **e2), "X/TWO/TlC31hKfxUE4ZGiPEsZmE=")
    check("E2 POST", v1("POST", **e2), "CySsHTwXx0p/b8nRzTi/NesnOsI=")
    check("V1 sts prefix", v1_string_to_sign("GET", {"a": "b"}),
          "GET&%2F&a%3Db")

    hdr = {"host": "ecs.cn-shanghai.aliyuncs.com",
           "x-acs-action": "RunInstances",
           "x-acs-content-sha256": EMPTY_SHA256,
           "x-acs-date": "2023-10-26T10:22:32Z",
           "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
           "x-acs-version": "2014-05-26"}
    query = {"ImageId": "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
             "RegionId": "cn-shanghai"}
    creq = v3_canonical_request("POST", "/", query, hdr, sorted(hdr),
                                EMPTY_SHA256)
    check("ACS3 canonical hash", hashlib.sha256(creq.encode()).hexdigest(),
          "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259")
    check("ACS3 signature", v3_signature("YourAccessKeySecret",
                                         v3_string_to_sign(creq)),
          "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0")
    # The verifier itself (not only the signer) accepts E1 POST and rejects
    # a replay, a tampered value and the wrong method word.
    st = {"accounts": {"testid": {"secret": "testsecret"}},
          "clock_offset": calendar.timegm((2024, 1, 1, 0, 0, 0)) -
          time.time()}
    signed = dict(base, Signature="J54ZZLDuV32w494nfaR4Aj2ejpQ=", **e1)

    def verify(method, params):
        req = fakelib.Request(method, "/", {}, b"", {})
        req.params = dict(params)
        try:
            authenticate(st, req)
            return "ok"
        except ApiError as e:
            return e.code
    check("verify E1 POST", verify("POST", signed), "ok")
    check("verify replay", verify("POST", signed), "SignatureNonceUsed")
    check("verify wrong method", verify("GET", signed),
          "SignatureDoesNotMatch")
    check("verify E1 GET replay", verify("GET", dict(
        signed, Signature="T7Geqa2l2v6YdxkeA1MvKbght0U=")),
        "SignatureNonceUsed")
    check("verify tampered", verify("POST", dict(signed, Value="x")),
          "SignatureDoesNotMatch")
    check("verify unknown key", verify("POST", dict(signed,
                                                    AccessKeyId="nobody")),
          "InvalidAccessKeyId.NotFound")
    st["clock_offset"] += 16 * 60
    check("verify stale", verify("POST", dict(signed, SignatureNonce="n3")),
          "InvalidTimeStamp.Expired")
    check("timestamp parse", (parse_ts("2016-03-24T16:41:54Z"),
                              parse_ts("2016-03-24T16:41:54.000Z"),
                              parse_ts("2016-03-24 16:41:54")),
          (1458837714, None, None))
    print("selftest:", "PASS" if ok else "FAIL")
    print("%d passed, %d failed" % (counts[0], counts[1]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(fakelib.main(Alidns(), description="Fake Alidns API server."))
