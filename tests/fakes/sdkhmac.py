#!/usr/bin/env python3
"""SDK-HMAC-SHA256 (Huawei Cloud API Gateway AK/SK) for the test fakes.

Computes and verifies the signature of a raw request (method, path, query,
headers, body) with code of its own, never echoddns's: a fake built on it
checks echoddns independently. Python 3 standard library only. The rules
and vectors are those of shared/reference/providers.md 2.2.

As a module:
    authorization(method, path, query, headers, body, ak, sk,
                  signed=("content-type", "host", "x-sdk-date"))
    verify(method, path, query, headers, body, secrets, now=None)
        -> None, or (code, message) as the gateway would answer
path and query are as sent on the request line (percent-encoded).
As a command:
    sdkhmac.py --selftest  checks the official vectors; "N passed, N failed"
"""

import calendar
import hashlib
import hmac
import re
import sys
import time
import urllib.parse

ALGORITHM = "SDK-HMAC-SHA256"
SKEW = 15 * 60                  # APIGW.0303 beyond this
BLANKS = " \t\r\n\v\f"          # what a header value is trimmed of
UNSIGNED = "UNSIGNED-PAYLOAD"


def sha256_hex(data):
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


def enc(s):
    """RFC 3986: keep A-Z a-z 0-9 - _ . ~, %XX (upper hex) for the rest."""
    return urllib.parse.quote(s, safe="~")


def header_map(headers):
    """Lower-case name -> value; headers is a dict or a list of pairs."""
    items = headers.items() if hasattr(headers, "items") else headers
    return {k.lower(): v for k, v in items}


def canonical_uri(path):
    """Each segment of the decoded path encoded; a "/" ends it."""
    uri = "/".join(enc(urllib.parse.unquote(seg))
                   for seg in (path or "/").split("/"))
    return uri if uri.endswith("/") else uri + "/"


def canonical_query(query):
    """The raw query string decoded, re-encoded, sorted by encoded name
    (then value); an empty value keeps its "="."""
    pairs = []
    for part in (query or "").split("&"):
        if part == "":
            continue
        name, _, value = part.partition("=")
        pairs.append((enc(urllib.parse.unquote(name)),
                      enc(urllib.parse.unquote(value))))
    return "&".join("%s=%s" % p for p in sorted(pairs))


def payload_hash(headers, body):
    if header_map(headers).get("x-sdk-content-sha256") == UNSIGNED:
        return UNSIGNED
    return sha256_hex(body)


def canonical_request(method, path, query, headers, signed, body):
    h = header_map(headers)
    names = sorted(n.lower() for n in signed)
    lines = "".join("%s:%s\n" % (n, h.get(n, "").strip(BLANKS))
                    for n in names)
    return "\n".join([method, canonical_uri(path), canonical_query(query),
                      lines, ";".join(names), payload_hash(h, body)])


def string_to_sign(sdk_date, creq):
    return "\n".join([ALGORITHM, sdk_date, sha256_hex(creq)])


def signature(sk, sts):
    """Plain HMAC with the SK: no key derivation."""
    return hmac.new(sk.encode(), sts.encode(), hashlib.sha256).hexdigest()


def authorization(method, path, query, headers, body, ak, sk,
                  signed=("content-type", "host", "x-sdk-date")):
    h = header_map(headers)
    creq = canonical_request(method, path, query, h, signed, body)
    return "%s Access=%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM, ak, ";".join(sorted(n.lower() for n in signed)),
        signature(sk, string_to_sign(h["x-sdk-date"].strip(BLANKS), creq)))


AUTH_RE = re.compile(r"^SDK-HMAC-SHA256 Access=([^,\s]+), "
                     r"SignedHeaders=([a-z0-9;_.-]+), "
                     r"Signature=([0-9a-f]{64})$")


def parse_date(s):
    """Seconds since the epoch of a basic ISO 8601 X-Sdk-Date, or None."""
    if not re.match(r"^\d{8}T\d{6}Z$", s):
        return None
    try:
        return calendar.timegm(time.strptime(s, "%Y%m%dT%H%M%SZ"))
    except ValueError:
        return None


def verify(method, path, query, headers, body, secrets, now=None):
    """Check a request as the API gateway would. secrets maps AK to SK.
    Returns None when the signature is good, else (code, message) with the
    codes of shared/reference/providers.md 2.4."""
    h = header_map(headers)
    m = AUTH_RE.match(h.get("authorization", ""))
    if m is None:
        return ("APIGW.0301", "Authorization is not SDK-HMAC-SHA256: %r" %
                h.get("authorization"))
    ak, signed, sig = m.groups()
    names = signed.split(";")
    if names != sorted(set(names)) or "host" not in names or \
            "x-sdk-date" not in names:
        return ("APIGW.0301", "SignedHeaders %s: sorted, unique, host and "
                "x-sdk-date" % signed)
    if any(n not in h for n in names):
        return ("APIGW.0301", "a signed header is missing")
    date = h["x-sdk-date"].strip(BLANKS)
    t = parse_date(date)
    if t is None:
        return ("APIGW.0301", "bad X-Sdk-Date %r" % date)
    now = time.time() if now is None else now
    if abs(now - t) > SKEW:
        return ("APIGW.0303", "x-sdk-date %s is more than 15 minutes off" %
                date)
    if ak not in secrets:
        return ("APIGW.0301", "unknown AK %s" % ak)
    creq = canonical_request(method, path, query, h, names, body)
    if not hmac.compare_digest(signature(secrets[ak],
                                         string_to_sign(date, creq)), sig):
        return ("APIGW.0301", "signature mismatch; canonical request %r" %
                creq)
    return None


# ---------------------------------------------------------------------------
# Self-test: the official vectors of shared/reference/providers.md 2.2

AK = "QTWAOYTTINDUT2QVKYUC"
SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"
DOC_PATH = "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"
DOC_QUERY = "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0"
DOC_HEADERS = {"Content-Type": "application/json",
               "Host": "service.region.example.com",
               "X-Sdk-Date": "20191115T033655Z"}
DNS_PATH = ("/v2/zones/ff8080825b8fc86c015b94bc6f8712c3/recordsets/"
            "ff8080825b8fc86c015b94bc6f8712c4")
DNS_HEADERS = {"Content-Type": "application/json",
               "Host": "dns.myhuaweicloud.com",
               "X-Sdk-Date": "20240101T000000Z"}
DNS_BODY = b'{"records":["192.0.2.1","192.0.2.2"],"ttl":300}'
THREE = ("content-type", "host", "x-sdk-date")


def selftest():
    counts = [0, 0]

    def check(name, got, want):
        good = got == want
        counts[0 if good else 1] += 1
        print("%-36s %s%s" % (name, "ok" if good else "FAIL",
                              "" if good else "\n  got  %r\n  want %r" %
                              (got, want)))

    creq = canonical_request("GET", DOC_PATH, DOC_QUERY, DOC_HEADERS, THREE,
                             b"")
    check("doc canonical URI", creq.split("\n")[1],
          "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/")
    check("doc canonical hash", sha256_hex(creq),
          "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a")
    check("doc signature", signature(SK, string_to_sign("20191115T033655Z",
                                                        creq)),
          "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe")
    check("doc authorization", authorization("GET", DOC_PATH, DOC_QUERY,
                                             DOC_HEADERS, b"", AK, SK),
          "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders="
          "content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc"
          "52071e57aff61b84a1d2381bb430d6870f4f6ebe")
    # The reference gives only the ends of this one.
    sig = signature(SK, string_to_sign("20191115T033655Z", canonical_request(
        "GET", DOC_PATH, DOC_QUERY, DOC_HEADERS, ("host", "x-sdk-date"),
        b"")))
    check("doc without content-type", (sig[:8], sig[-4:]),
          ("faafba09", "39a7"))
    check("dns body hash", sha256_hex(DNS_BODY),
          "fe4b2b7ead8839dca59196b01e5f0d46f5c955295ce5ef3f513c364cad27674a")
    creq = canonical_request("PUT", DNS_PATH, "", DNS_HEADERS, THREE,
                             DNS_BODY)
    check("dns canonical hash", sha256_hex(creq),
          "ff896c06fa0a510a1112bdc139d0e5bd8dc4c1d197b41adfc07291f41299e024")
    check("dns signature", signature(SK, string_to_sign("20240101T000000Z",
                                                        creq)),
          "2a5d4d898181360c78b11770cb9f16b54932a06b199a001063a72728fbae5512")
    check("uri encoding", canonical_uri("/v2/a%20b/%C3%A9:*/"),
          "/v2/a%20b/%C3%A9%3A%2A/")
    check("uri root", (canonical_uri("/"), canonical_uri("")), ("/", "/"))
    check("query order and blanks", canonical_query("b=1&a%3A=x&a0=y&a=2"
                                                    "&a=1&e=&f"),
          "a=1&a=2&a%3A=x&a0=y&b=1&e=&f=")
    check("query space", canonical_query("name=ha.example.com.&x=a%20b+c"),
          "name=ha.example.com.&x=a%20b%2Bc")

    # The verifier: a signed request passes, every alteration fails.
    now = parse_date("20240101T000000Z")
    hdr = dict(DNS_HEADERS)
    hdr["Authorization"] = authorization("PUT", DNS_PATH, "", hdr, DNS_BODY,
                                         AK, SK)

    def code(method="PUT", path=DNS_PATH, query="", body=DNS_BODY,
             secrets={AK: SK}, now=now, **change):
        h = dict(hdr)
        h.update(change)
        r = verify(method, path, query, h, body, secrets, now)
        return None if r is None else r[0]
    check("verify good", code(), None)
    check("verify path sent with /", code(path=DNS_PATH + "/"), None)
    check("verify trimmed value", code(Host=" dns.myhuaweicloud.com\t"),
          None)
    check("verify tampered body", code(body=DNS_BODY[:-1]), "APIGW.0301")
    check("verify tampered method", code(method="POST"), "APIGW.0301")
    check("verify tampered query", code(query="x=1"), "APIGW.0301")
    check("verify value case", code(Host="DNS.myhuaweicloud.com"),
          "APIGW.0301")
    check("verify wrong key", code(secrets={AK: "x"}), "APIGW.0301")
    check("verify unknown AK", code(secrets={}), "APIGW.0301")
    check("verify date skew", code(now=now + SKEW + 1), "APIGW.0303")
    check("verify date unsigned", code(Authorization=hdr[
        "Authorization"].replace(";x-sdk-date", "")), "APIGW.0301")
    print("%d passed, %d failed" % tuple(counts))
    return 0 if counts[1] == 0 else 1


def main(argv):
    if argv[1:] == ["--selftest"]:
        return selftest()
    sys.stderr.write(__doc__)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
