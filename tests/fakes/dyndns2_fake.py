#!/usr/bin/env python3
"""Fake dyndns2 update server (Dyn's protocol, as 3322.org and Oray speak
it) for echoddns tests.

The dyndns2 handler on top of fakelib.py (which serves it on loopback over
HTTP or HTTPS, keeps the JSON state file, injects faults and logs
requests): GET /nic/update (also /dyndns/update as 3322, /ph/update as
Oray) with HTTP Basic auth and a User-Agent, answered in text, one line per
host: good, nochg, badauth, abuse, !yours, nohost, notfqdn, numhost,
!donator, !active, badagent (and dnserr, 911 through faults). Like the real
services it keeps one address per host and family, wants updates of a host
at least min_interval (60 s) apart and blocks a host (abuse, for an hour)
that updates sooner or keeps sending updates that change nothing. Its clock
is fakelib's (clock_offset). See README in this directory.

    dyndns2_fake.py --state S.json --log L.jsonl --port 0 --port-file P \
        [--cert server.pem --key server.key] [--pid-file F] \
        [--dns-port-file F]
    dyndns2_fake.py --selftest

--dns-port-file F also answers DNS queries (UDP, 127.0.0.1, the port
written to F) for the hosts of the state, with what the fake holds now and
TTL 0, as the service's own name servers would.
"""

import base64
import binascii
import ipaddress
import os
import re
import socket
import struct
import sys
import threading

sys.dont_write_bytecode = True     # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakelib  # noqa: E402
from fakelib import ApiError  # noqa: E402

PATHS = ("/nic/update", "/dyndns/update", "/ph/update")
MAX_HOSTS = 20                  # Dyn's limit of hosts in one update
# User-Agents the services block: none, tools' defaults, and the sample
# string of the 3322 documentation.
BLOCKED_AGENTS = ("myclient/1.0 me@null.net",)
GENERIC_AGENT = re.compile(r"^(curl|wget|python-requests|python-urllib|"
                           r"go-http-client|java|libwww-perl)[/ ]", re.I)
LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$", re.I)


def defaults(st):
    st.setdefault("accounts", {})
    st.setdefault("min_interval", 60)
    st.setdefault("abuse_hold", 3600)
    st.setdefault("nochg_limit", 1)
    st.setdefault("auth_answer", "badauth")
    st.setdefault("caller_ip", "198.51.100.254")
    for acct in st["accounts"].values():
        acct.setdefault("hosts", {})
        for h in acct["hosts"].values():
            h.setdefault("A", None)
            h.setdefault("AAAA", None)


def fqdn_ok(name):
    labels = name.rstrip(".").split(".")
    return len(labels) >= 2 and len(name) <= 253 and \
        all(LABEL.match(x) for x in labels)


def basic_auth(header):
    """(user, password) from an Authorization header, or None."""
    if not header.lower().startswith("basic "):
        return None
    try:
        raw = base64.b64decode(header[6:].strip(), validate=True)
        user, sep, password = raw.decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return (user, password) if sep else None


def agent_ok(ua):
    ua = ua.strip()
    return bool(ua) and ua not in BLOCKED_AGENTS and \
        not GENERIC_AGENT.match(ua)


class Dyndns2(fakelib.Provider):
    name = "dyndns2"
    server_version = "fake-dyndns2"
    methods = ("GET",)
    ctype = "text/plain;charset=utf-8"
    error_http = 200

    def defaults(self, st):
        defaults(st)

    def action(self, req):
        if req.path not in PATHS:
            raise ApiError("notfound", "No such page.", 404)
        return "update"

    def authenticate(self, req, st):
        # Dyn: badagent when the User-Agent is missing or blocked.
        if not agent_ok(req.headers.get("user-agent", "")):
            raise ApiError("badagent", "User-Agent blocked.", 200)
        cred = basic_auth(req.headers.get("authorization", ""))
        acct = st["accounts"].get(cred[0]) if cred else None
        if acct is None or acct.get("password") != cred[1]:
            # 3322 answers 4xx; Oray reportedly says "abuse" instead.
            if st["auth_answer"] == "abuse":
                raise ApiError("abuse", "Authentication failed.", 200)
            raise ApiError("badauth", "Authentication failed.", 401)
        return cred[0]

    def route(self, req, st):
        acct = st["accounts"][req.account]
        names = req.params.get("hostname", "")
        hosts = [h.strip().lower() for h in names.split(",")] \
            if names else []
        if not hosts:
            raise ApiError("notfqdn", "No host name.")
        if len(hosts) > MAX_HOSTS:
            raise ApiError("numhost", "Too many host names.")
        ip = self.address(st, req.params.get("myip"))
        lines = [self.update(st, acct, h, ip) for h in hosts]
        reply = fakelib.text_reply("\n".join(lines) + "\n")
        reply.log["answer"] = [x.split(" ")[0] for x in lines]
        return reply

    @staticmethod
    def address(st, myip):
        """myip, or (3322: when missing or malformed) the caller's."""
        try:
            return ipaddress.ip_address(myip or "")
        except ValueError:
            return ipaddress.ip_address(st["caller_ip"])

    @staticmethod
    def update(st, acct, name, ip):
        """One host's answer line; mutates st."""
        if not fqdn_ok(name):
            return "notfqdn"
        h = acct["hosts"].get(name)
        if h is None:
            return "nohost"
        if h.get("owner") not in (None, ""):
            return "!yours"
        if h.get("inactive"):
            return "!active"
        if h.get("donator_only") and not acct.get("donator"):
            return "!donator"
        now = fakelib.now(st)
        if now < h.get("blocked_until", 0):
            return "abuse"
        fam = "A" if ip.version == 4 else "AAAA"
        value = str(ip)
        # Too soon after the last update, or one nochg too many: blocked.
        last = h.get("updated")
        too_soon = last is not None and now - last < st["min_interval"]
        nochg = h.get(fam) == value
        if too_soon or (nochg and h.get("nochg", 0) >= st["nochg_limit"]):
            h["blocked_until"] = now + st["abuse_hold"]
            h["abuse"] = h.get("abuse", 0) + 1
            return "abuse"
        h["updated"] = now
        if nochg:
            h["nochg"] = h.get("nochg", 0) + 1
            return "nochg " + value
        h[fam] = value
        h["nochg"] = 0
        h["updates"] = h.get("updates", 0) + 1
        return "good " + value

    def error(self, req, e):
        code = e.code
        if code == "UnsupportedHTTPMethod":
            code = "badagent"   # Dyn: "or the HTTP method is not allowed"
        r = fakelib.text_reply(code + "\n", e.http, code=code)
        if e.http == 401:
            r.headers["WWW-Authenticate"] = 'Basic realm="fake dyndns2"'
        return r

    def code_of(self, body):
        word = body.split()[0] if body.split() else ""
        return None if word in ("good", "nochg") else (word or None)

    def listing(self, req):
        return ("good %s\n" % req.params.get("myip", "")).encode()

    def huge_parts(self, req):
        return (b"good ", b"0123456789" * 400)

    def log_params(self, req):
        return {k: v for k, v in req.params.items()
                if k in ("hostname", "myip", "wildcard", "mx", "backmx",
                         "offline", "system")}

    def log_extra(self, req, reply):
        out = {"user_agent": req.headers.get("user-agent"),
               "auth": "basic" if req.headers.get(
                   "authorization", "").lower().startswith("basic ")
               else None}
        if req.account is not None:
            out["user"] = req.account
        return out

    def selftest(self):
        return selftest()


def selftest():
    """The fake's own rules, in process: auth, agent, the 60 s rule and
    abuse, and the answers."""
    ok = [0, 0]

    def check(name, got, want):
        good = got == want
        ok[0 if good else 1] += 1
        print("%-34s %s%s" % (name, "ok" if good else "FAIL",
                              "" if good else " got %r want %r" % (got,
                                                                   want)))
    p = Dyndns2()
    st = {"accounts": {"u": {"password": "p:w", "hosts": {
        "ha.example.net": {"A": "192.0.2.1"},
        "paid.example.net": {"donator_only": True},
        "theirs.example.net": {"owner": "v"}}}},
        "clock_offset": 0}
    defaults(st)
    auth = "Basic " + base64.b64encode(b"u:p:w").decode()

    def req(q, ua="echoddns/0.1.0", a=auth, path="/nic/update"):
        r = fakelib.Request("GET", path, q, b"",
                            {"user-agent": ua, "authorization": a})
        r.action = p.action(r)
        try:
            r.account = p.authenticate(r, st)
            return p.route(r, st).body.decode().strip()
        except ApiError as e:
            return p.error(r, e).body.decode().strip()

    check("basic auth, ':' in the password", basic_auth(auth), ("u", "p:w"))
    check("basic auth, not base64", basic_auth("Basic !!"), None)
    check("no User-Agent", req({"hostname": "ha.example.net"}, ua=""),
          "badagent")
    check("the 3322 sample agent", req({"hostname": "ha.example.net"},
                                      ua="myclient/1.0 me@null.net"),
          "badagent")
    check("curl's agent", req({"hostname": "ha.example.net"},
                              ua="curl/8.5.0"), "badagent")
    check("wrong password", req({"hostname": "ha.example.net"},
                                a="Basic " + base64.b64encode(
                                    b"u:x").decode()), "badauth")
    check("no password", req({"hostname": "ha.example.net"}, a=""),
          "badauth")
    check("good", req({"hostname": "ha.example.net",
                       "myip": "203.0.113.7"}), "good 203.0.113.7")
    st["clock_offset"] += 61
    check("nochg once", req({"hostname": "ha.example.net",
                             "myip": "203.0.113.7"}), "nochg 203.0.113.7")
    st["clock_offset"] += 61
    check("nochg twice: abuse", req({"hostname": "ha.example.net",
                                     "myip": "203.0.113.7"}), "abuse")
    st["clock_offset"] += 3599
    check("blocked for an hour", req({"hostname": "ha.example.net",
                                      "myip": "203.0.113.8"}), "abuse")
    st["clock_offset"] += 2
    check("an hour later", req({"hostname": "ha.example.net",
                                "myip": "203.0.113.8"}), "good 203.0.113.8")
    st["clock_offset"] += 30
    check("30 s later: abuse", req({"hostname": "ha.example.net",
                                    "myip": "203.0.113.9"}), "abuse")
    st["clock_offset"] += 3601
    check("malformed myip: the caller's", req({
        "hostname": "ha.example.net", "myip": "1.2.3"}),
        "good 198.51.100.254")
    st["clock_offset"] += 61
    check("AAAA beside A", req({"hostname": "ha.example.net",
                                "myip": "2001:db8::1"}), "good 2001:db8::1")
    check("A kept", st["accounts"]["u"]["hosts"]["ha.example.net"]["A"],
          "198.51.100.254")
    check("nohost", req({"hostname": "nope.example.net"}), "nohost")
    check("notfqdn", req({"hostname": "nodot"}), "notfqdn")
    check("no hostname", req({}), "notfqdn")
    check("numhost", req({"hostname": ",".join(
        "h%d.example.net" % i for i in range(21))}), "numhost")
    check("!donator", req({"hostname": "paid.example.net"}), "!donator")
    check("!yours", req({"hostname": "theirs.example.net"}), "!yours")
    check("3322 path", req({"hostname": "nope.example.net"},
                           path="/dyndns/update"), "nohost")
    try:
        p.action(fakelib.Request("GET", "/other", {}, b"", {}))
        check("unknown path", "served", "refused")
    except ApiError as e:
        check("unknown path", e.http, 404)
    def dns(name, qtype):
        q = struct.pack("!HHHHHH", 7, 0x0100, 1, 0, 0, 0) + b"".join(
            bytes([len(x)]) + x.encode() for x in name.split(".")) + \
            b"\0" + struct.pack("!HH", qtype, 1)
        r = dns_answer(st, q)
        rcode, an = struct.unpack("!H", r[2:4])[0] & 15, r[6:8]
        return rcode, struct.unpack("!H", an)[0], r[-4:] if qtype == 1 \
            else r[-16:]
    check("DNS: A of a host", dns("ha.example.net", 1),
          (0, 1, socket.inet_aton("198.51.100.254")))
    check("DNS: AAAA of a host", dns("HA.example.net", 28),
          (0, 1, socket.inet_pton(socket.AF_INET6, "2001:db8::1")))
    check("DNS: no AAAA", dns("paid.example.net", 28)[:2], (0, 0))
    check("DNS: unknown name", dns("nope.example.net", 1)[:2], (3, 0))
    print("selftest:", "PASS" if ok[1] == 0 else "FAIL")
    print("%d passed, %d failed" % (ok[0], ok[1]))
    return 0 if ok[1] == 0 else 1


# ---------------------------------------------------------------------------
# The service's name servers: A and AAAA of the hosts it holds.

def dns_answer(st, query):
    """The reply to one DNS query (bytes), or None to drop it."""
    if len(query) < 17:
        return None
    qid, flags = struct.unpack("!HH", query[:4])
    labels, i = [], 12
    while i < len(query) and query[i] != 0:
        n = query[i]
        labels.append(query[i + 1:i + 1 + n].decode("ascii", "replace"))
        i += 1 + n
    if i + 5 > len(query):
        return None
    end = i + 5
    qtype = struct.unpack("!H", query[i + 1:i + 3])[0]
    name = ".".join(labels).lower()
    rcode, answers = 3, []                      # NXDOMAIN
    for acct in st["accounts"].values():
        h = acct["hosts"].get(name)
        if h is None:
            continue
        rcode = 0
        fam = {1: ("A", socket.AF_INET), 28: ("AAAA", socket.AF_INET6)}
        if qtype in fam and h.get(fam[qtype][0]):
            data = socket.inet_pton(fam[qtype][1], h[fam[qtype][0]])
            answers.append(b"\xc0\x0c" + struct.pack(
                "!HHIH", qtype, 1, 0, len(data)) + data)
    head = struct.pack("!HHHHHH", qid, 0x8400 | (flags & 0x0100) | rcode,
                       1, len(answers), 0, 0)
    return head + query[12:end] + b"".join(answers)


def serve_dns(state, port_file):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    fakelib.write_atomic(port_file, "%d\n" % sock.getsockname()[1])

    def loop():
        while True:
            query, peer = sock.recvfrom(4096)
            try:
                reply = dns_answer(fakelib.load_state(state, defaults),
                                   query)
            except (ValueError, OSError, IndexError):
                reply = None
            if reply is not None:
                sock.sendto(reply, peer)
    threading.Thread(target=loop, daemon=True).start()


if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--dns-port-file" in argv and "--state" in argv:
        i = argv.index("--dns-port-file")
        port_file = argv[i + 1]
        del argv[i:i + 2]
        serve_dns(argv[argv.index("--state") + 1], port_file)
    sys.exit(fakelib.main(Dyndns2(), argv,
                          description="Fake dyndns2 server."))
