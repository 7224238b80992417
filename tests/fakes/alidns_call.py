#!/usr/bin/env python3
"""Signed Alidns calls from Python, for tests that talk to alidns_fake.py.

As a module: call(endpoint, key_id, secret, action, params, ...) ->
(status, headers, body bytes). As a command:

    alidns_call.py [--cacert CA] [--post] [--v3] ENDPOINT ID SECRET \
        ACTION [NAME=VALUE...]

prints the HTTP status on stderr and the body on stdout; exits 0 on HTTP 2xx.
"""

import argparse
import hashlib
import http.client
import os
import ssl
import sys
import time
import urllib.parse
import uuid

sys.dont_write_bytecode = True     # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from alidns_fake import (API_VERSION, canonical_query, v1_signature,  # noqa
                         v1_string_to_sign, v3_canonical_request,
                         v3_signature, v3_string_to_sign)


def utc_now(offset=0):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() +
                                                           offset))


def call(endpoint, key_id, secret, action, params=None, method="GET",
         sigver=1, cafile=None, timeout=10, nonce=None, timestamp=None,
         token=None, tamper=None, version=API_VERSION, fmt="JSON"):
    """One signed request. tamper(params) may alter the signed parameters
    after signing (to make bad requests). Raises OSError/ssl errors/
    http.client exceptions on transport failure."""
    params = {k: str(v) for k, v in (params or {}).items()}
    nonce = nonce or uuid.uuid4().hex
    timestamp = timestamp or utc_now()
    u = urllib.parse.urlsplit(endpoint)
    headers = {"Host": u.netloc}
    if sigver == 1:
        p = {"Action": action, "Version": version,
             "AccessKeyId": key_id, "SignatureMethod": "HMAC-SHA1",
             "SignatureVersion": "1.0", "SignatureNonce": nonce,
             "Timestamp": timestamp}
        if fmt is not None:
            p["Format"] = fmt
        if token:
            p["SecurityToken"] = token
        p.update(params)
        p["Signature"] = v1_signature(secret, v1_string_to_sign(method, p))
        if tamper:
            tamper(p)
        qs = canonical_query(p)
        if method == "GET":
            path, body = "/?" + qs, b""
        else:
            path, body = "/", qs.encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        query, body = (params, b"") if method == "GET" else ({}, None)
        if body is None:
            body = canonical_query(params).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        h = {"host": u.netloc, "x-acs-action": action,
             "x-acs-version": version, "x-acs-date": timestamp,
             "x-acs-signature-nonce": nonce,
             "x-acs-content-sha256": hashlib.sha256(body).hexdigest()}
        if token:
            h["x-acs-security-token"] = token
        if "Content-Type" in headers:
            h["content-type"] = headers["Content-Type"]
        signed = sorted(h)
        creq = v3_canonical_request(method, "/", query, h, signed,
                                    h["x-acs-content-sha256"])
        sig = v3_signature(secret, v3_string_to_sign(creq))
        h["authorization"] = ("ACS3-HMAC-SHA256 Credential=%s,"
                              "SignedHeaders=%s,Signature=%s"
                              % (key_id, ";".join(signed), sig))
        if tamper:
            tamper(h)
        headers = {k: v for k, v in h.items()}
        path = "/" + ("?" + canonical_query(query) if query else "")
    if u.scheme == "https":
        ctx = ssl.create_default_context(cafile=cafile)
        conn = http.client.HTTPSConnection(u.hostname, u.port or 443,
                                           timeout=timeout, context=ctx)
    else:
        conn = http.client.HTTPConnection(u.hostname, u.port or 80,
                                          timeout=timeout)
    try:
        conn.request(method, path, body=body if method == "POST" else None,
                     headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, dict(resp.getheaders()), data
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cacert")
    ap.add_argument("--post", action="store_true")
    ap.add_argument("--v3", action="store_true")
    ap.add_argument("endpoint")
    ap.add_argument("key_id")
    ap.add_argument("secret")
    ap.add_argument("action")
    ap.add_argument("params", nargs="*")
    a = ap.parse_args()
    params = dict(x.split("=", 1) for x in a.params)
    status, _, body = call(a.endpoint, a.key_id, a.secret, a.action, params,
                           "POST" if a.post else "GET", 3 if a.v3 else 1,
                           a.cacert)
    sys.stderr.write("HTTP %d\n" % status)
    sys.stdout.write(body.decode("utf-8", "replace") + "\n")
    return 0 if 200 <= status < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
