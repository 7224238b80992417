#!/usr/bin/env python3
"""TC3-HMAC-SHA256 (Tencent Cloud API 3.0, used by DNSPod) for the test fakes.

Computes and verifies the signature of a raw request (method, path, query,
headers, body) with code of its own, never echoddns's: a fake built on it
checks echoddns independently. Python 3 standard library only. The rules
and vectors are those of shared/reference/providers.md 1.2-1.3.

As a module:
    authorization(method, query, headers, body, secret_id, secret_key,
                  timestamp, service, signed=("content-type", "host"))
    verify(method, path, query, headers, body, secrets, service="dnspod",
           now=None) -> None, or (code, message) as the server would answer
As a command:
    tc3.py --selftest      checks the official vectors; "N passed, N failed"
"""

import hashlib
import hmac
import re
import sys
import time

ALGORITHM = "TC3-HMAC-SHA256"
SKEW = 5 * 60                   # AuthFailure.SignatureExpire beyond this
BLANKS = " \t\r\n\v\f"          # what a header value is trimmed of


def sha256_hex(data):
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


def utc_date(timestamp):
    """The credential scope's date: UTC, never the local date."""
    return time.strftime("%Y-%m-%d", time.gmtime(int(timestamp)))


def header_map(headers):
    """Lower-case name -> value; headers is a dict or a list of pairs."""
    items = headers.items() if hasattr(headers, "items") else headers
    return {k.lower(): v for k, v in items}


def canonical_request(method, query, headers, signed, body):
    """CanonicalRequest: URI "/", the query as sent (empty for POST),
    "name:value" lower-cased and trimmed per signed header, sorted."""
    h = header_map(headers)
    names = sorted(n.lower() for n in signed)
    cq = "" if method.upper() == "POST" else (query or "")
    lines = "".join("%s:%s\n" % (n, h.get(n, "").strip(BLANKS).lower())
                    for n in names)
    return "\n".join([method, "/", cq, lines, ";".join(names),
                      sha256_hex(body)])


def scope(timestamp, service):
    return "%s/%s/tc3_request" % (utc_date(timestamp), service)


def string_to_sign(timestamp, service, creq):
    return "\n".join([ALGORITHM, str(int(timestamp)),
                      scope(timestamp, service), sha256_hex(creq)])


def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def derive_keys(secret_key, date, service):
    """(kDate, kService, kSigning) as raw bytes."""
    k_date = _hmac(("TC3" + secret_key).encode(), date)
    k_service = _hmac(k_date, service)
    return k_date, k_service, _hmac(k_service, "tc3_request")


def signature(secret_key, timestamp, service, sts):
    k_signing = derive_keys(secret_key, utc_date(timestamp), service)[2]
    return hmac.new(k_signing, sts.encode(), hashlib.sha256).hexdigest()


def authorization(method, query, headers, body, secret_id, secret_key,
                  timestamp, service="dnspod", signed=("content-type",
                                                       "host")):
    creq = canonical_request(method, query, headers, signed, body)
    sts = string_to_sign(timestamp, service, creq)
    return "%s Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM, secret_id, scope(timestamp, service),
        ";".join(sorted(n.lower() for n in signed)),
        signature(secret_key, timestamp, service, sts))


AUTH_RE = re.compile(r"^TC3-HMAC-SHA256 Credential=([^/,\s]+)/"
                     r"(\d{4}-\d\d-\d\d)/([^/,\s]+)/tc3_request, "
                     r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$")


def verify(method, path, query, headers, body, secrets, service="dnspod",
           now=None):
    """Check a request as Tencent's gateway would. secrets maps SecretId
    to SecretKey. Returns None when the signature is good, else (code,
    message) with the error code of shared/reference/providers.md 1.5."""
    h = header_map(headers)
    auth = h.get("authorization")
    if auth is None:
        return ("AuthFailure.SignatureFailure", "missing Authorization")
    m = AUTH_RE.match(auth)
    if m is None:
        return ("AuthFailure.InvalidAuthorization",
                "Authorization is not TC3-HMAC-SHA256: %r" % auth)
    sid, date, svc, signed, sig = m.groups()
    if path != "/":
        return ("AuthFailure.SignatureFailure", "path is not /")
    ts = h.get("x-tc-timestamp", "")
    if not re.match(r"^\d+$", ts):
        return ("AuthFailure.SignatureFailure", "bad X-TC-Timestamp %r" % ts)
    now = time.time() if now is None else now
    if abs(now - int(ts)) > SKEW:
        return ("AuthFailure.SignatureExpire",
                "signature expired: X-TC-Timestamp %s" % ts)
    if date != utc_date(ts):
        return ("AuthFailure.SignatureFailure",
                "credential date %s is not the UTC date of %s" % (date, ts))
    if svc != service:
        return ("AuthFailure.SignatureFailure", "service %s, not %s" %
                (svc, service))
    names = signed.split(";")
    if names != sorted(set(names)) or "content-type" not in names or \
            "host" not in names:
        return ("AuthFailure.SignatureFailure",
                "SignedHeaders %s: sorted, unique, content-type and host" %
                signed)
    if any(n not in h for n in names):
        return ("AuthFailure.SignatureFailure", "a signed header is missing")
    if sid not in secrets:
        return ("AuthFailure.SecretIdNotFound", "unknown SecretId %s" % sid)
    creq = canonical_request(method, query, h, names, body)
    want = signature(secrets[sid], ts, svc, string_to_sign(ts, svc, creq))
    if not hmac.compare_digest(want, sig):
        return ("AuthFailure.SignatureFailure",
                "signature mismatch; canonical request %r" % creq)
    return None


# ---------------------------------------------------------------------------
# Self-test: the official vectors of shared/reference/providers.md 1.3

CVM_BODY = (b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], '
            b'"Name": "instance-name"}]}')
CVM_HEADERS = {"Content-Type": "application/json; charset=utf-8",
               "Host": "cvm.tencentcloudapi.com",
               "X-TC-Action": "DescribeInstances"}
MASKED_KEY = "Gu5t9xGARNpq86cd98joQYCN3*******"
DNSPOD_BODY = b'{"Domain":"example.com","Subdomain":"ha","RecordType":"A"}'
DNSPOD_HEADERS = {"Content-Type": "application/json; charset=utf-8",
                  "Host": "dnspod.tencentcloudapi.com",
                  "X-TC-Action": "DescribeRecordList"}
TWO = ("content-type", "host")
THREE = ("content-type", "host", "x-tc-action")


def selftest():
    counts = [0, 0]

    def check(name, got, want):
        good = got == want
        counts[0 if good else 1] += 1
        print("%-36s %s%s" % (name, "ok" if good else "FAIL",
                              "" if good else "\n  got  %r\n  want %r" %
                              (got, want)))

    def hashed(body, hdr, signed):
        return sha256_hex(canonical_request("POST", "", hdr, signed, body))

    def sig(key, ts, svc, body, hdr, signed):
        return signature(key, ts, svc, string_to_sign(
            ts, svc, canonical_request("POST", "", hdr, signed, body)))

    check("cvm body hash", sha256_hex(CVM_BODY),
          "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064")
    check("cvm date is UTC", utc_date(1551113065), "2019-02-25")
    # Row 1: current CN doc and official demo repo.
    check("row 1 canonical hash", hashed(CVM_BODY, CVM_HEADERS, THREE),
          "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84")
    check("row 1 signature", sig(MASKED_KEY, 1551113065, "cvm", CVM_BODY,
                                 CVM_HEADERS, THREE),
          "be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3")
    check("row 1 authorization", authorization(
        "POST", "", CVM_HEADERS, CVM_BODY,
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", MASKED_KEY, 1551113065, "cvm",
        THREE),
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/"
        "2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;"
        "x-tc-action, Signature=be4f67d323c78ab9acb7395e43c0dbcf822a9cfac3"
        "2fea2449a7bc7726b770a3")
    k = [x.hex() for x in derive_keys(MASKED_KEY, "2019-02-25", "cvm")]
    check("row 1 kDate", k[0],
          "f1cb4d518a0eda9d5cbbfdb7850983f1e603eeae484edea76e4dd8d8deb5556e")
    check("row 1 kService", k[1],
          "e7c609ce81bea53546bed2cc904778bef9ca14082e48e67883443ed64e227cd7")
    check("row 1 kSigning", k[2],
          "8aa8ab5755582f576e94bcfe383b8e29325b0ca90c3590d569221c6a63a091ed")
    # Row 2: earlier CN doc (and the Node SDK); row 3: international doc.
    check("row 2 canonical hash", hashed(CVM_BODY, CVM_HEADERS, TWO),
          "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031")
    check("row 2 signature", sig(MASKED_KEY, 1551113065, "cvm", CVM_BODY,
                                 CVM_HEADERS, TWO),
          "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c")
    check("row 3 signature", sig("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                                 1551113065, "cvm", CVM_BODY, CVM_HEADERS,
                                 TWO),
          "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168")
    # DNSPod vector (ours; the two-header row also matched the Node SDK).
    check("dnspod body hash", sha256_hex(DNSPOD_BODY),
          "e71651bdc6cf1708f8b6f298f178d76c5a151cb1ed5bdf31f11f3bf092a07d50")
    check("dnspod kSigning", derive_keys("SECRETEXAMPLE", utc_date(1700000000),
                                         "dnspod")[2].hex(),
          "6082bc103ecc490cd702c19a7e11d1f67cdb6b7cadcb4a26e96055695a72e4fc")
    check("dnspod 2 canonical hash", hashed(DNSPOD_BODY, DNSPOD_HEADERS, TWO),
          "1bbcb60ad1dbff786b4ee30dde363664a0f9f02ed381c00a5d34a0b041c0ad92")
    check("dnspod 2 signature", sig("SECRETEXAMPLE", 1700000000, "dnspod",
                                    DNSPOD_BODY, DNSPOD_HEADERS, TWO),
          "0db727fd1dd0c10abad462058202d05e9a5a03afa177783397af4ffbc09437df")
    check("dnspod 3 canonical hash", hashed(DNSPOD_BODY, DNSPOD_HEADERS,
                                            THREE),
          "efb50c06bb480acff8317f2b79867b499e93606ce4e550c92cf0533d0ad9e276")
    check("dnspod 3 signature", sig("SECRETEXAMPLE", 1700000000, "dnspod",
                                    DNSPOD_BODY, DNSPOD_HEADERS, THREE),
          "a8c205b99d20b78b082bc5006cf0e28300b13b11f08dffcc40ed9c32263c43e0")
    check("date at midnight UTC", (utc_date(1700006399),
                                   utc_date(1700006400)),
          ("2023-11-14", "2023-11-15"))

    # The verifier: a signed request passes, every alteration fails.
    ts = 1700000000
    secrets = {"AKIDEXAMPLE": "SECRETEXAMPLE"}
    hdr = dict(DNSPOD_HEADERS, **{"X-TC-Timestamp": str(ts),
                                  "X-TC-Version": "2021-03-23"})
    hdr["Authorization"] = authorization("POST", "", hdr, DNSPOD_BODY,
                                         "AKIDEXAMPLE", "SECRETEXAMPLE", ts,
                                         "dnspod", THREE)

    def code(body=DNSPOD_BODY, now=ts, secrets=secrets, path="/", **change):
        h = dict(hdr)
        h.update(change)
        r = verify("POST", path, "", h, body, secrets, "dnspod", now)
        return None if r is None else r[0]
    check("verify good", code(), None)
    check("verify upper-case value", code(**{"X-TC-Action":
                                             "DESCRIBERECORDLIST "}), None)
    check("verify tampered body", code(body=DNSPOD_BODY + b" "),
          "AuthFailure.SignatureFailure")
    check("verify tampered action", code(**{"X-TC-Action": "DeleteRecord"}),
          "AuthFailure.SignatureFailure")
    check("verify wrong key", code(secrets={"AKIDEXAMPLE": "x"}),
          "AuthFailure.SignatureFailure")
    check("verify unknown id", code(secrets={}),
          "AuthFailure.SecretIdNotFound")
    check("verify expired", code(now=ts + SKEW + 1),
          "AuthFailure.SignatureExpire")
    check("verify path", code(path="/x"), "AuthFailure.SignatureFailure")
    check("verify comma without space", code(Authorization=hdr[
        "Authorization"].replace(", ", ",")),
        "AuthFailure.InvalidAuthorization")
    # A client using its UTC+8 local date (00:13 on the 15th there) signs
    # a consistent request for the wrong day.
    creq = canonical_request("POST", "", hdr, THREE, DNSPOD_BODY)
    sts = "\n".join([ALGORITHM, str(ts), "2023-11-15/dnspod/tc3_request",
                     sha256_hex(creq)])
    k = derive_keys("SECRETEXAMPLE", "2023-11-15", "dnspod")[2]
    local = ("TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-15/dnspod/"
             "tc3_request, SignedHeaders=content-type;host;x-tc-action, "
             "Signature=" + hmac.new(k, sts.encode(),
                                     hashlib.sha256).hexdigest())
    check("verify local date", code(Authorization=local),
          "AuthFailure.SignatureFailure")
    print("%d passed, %d failed" % tuple(counts))
    return 0 if counts[1] == 0 else 1


def main(argv):
    if argv[1:] == ["--selftest"]:
        return selftest()
    sys.stderr.write(__doc__)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
