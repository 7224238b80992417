"""fakelib - what every fake DNS provider of the echoddns tests shares.

A provider's fake is one small module: a subclass of Provider that says how
to name the action of a request, how to check its signature, how to perform
it and how its errors look, and a last line `sys.exit(fakelib.main(P()))`.
This module does the rest: a threaded HTTPS (or plain HTTP) server on
loopback, the JSON state file, faults, the request log, paging helpers.
Python 3 standard library only. See README in this directory.
"""

import argparse
import copy
import email.utils
import errno
import json
import os
import signal
import socket
import socketserver
import ssl
import struct
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

MAX_BODY = 1 << 20              # larger request bodies are refused
JSON_TYPE = "application/json;charset=utf-8"
# Where `localhost` may resolve: a client that tries ::1 first (curl does)
# must not lose time on a refused connection before it tries 127.0.0.1.
LOCALHOST = ("127.0.0.1", "::1")


class ApiError(Exception):
    """A refusal; Provider.error() turns it into the provider's envelope.

    extra is for the provider (e.g. a detail object of its error body)."""

    def __init__(self, code, message, http=400, extra=None):
        super().__init__(code)
        self.code = code
        self.message = message
        self.http = http
        self.extra = extra or {}


class Request:
    """One parsed request, handed to every Provider method."""

    def __init__(self, method, path, query, body, headers):
        self.method = method
        self.path = path            # URL path, not decoded
        self.query = query          # dict from the URL query
        self.raw_query = ""         # the query as sent, not decoded
        self.body = body            # raw bytes
        self.headers = headers      # lower-case name -> value
        self.form = {}              # urlencoded body, if that is its type
        self.params = dict(query)   # query + form; a provider may replace it
        self.action = None          # Provider.action()
        self.account = None         # what Provider.authenticate() returned
        self.rid = str(uuid.uuid4()).upper()    # request id for replies

    def json(self):
        """The body as a JSON object, or ApiError InvalidParameter."""
        try:
            obj = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ApiError("InvalidParameter", "Malformed JSON body.")
        if not isinstance(obj, dict):
            raise ApiError("InvalidParameter", "The body must be an object.")
        return obj


class Reply:
    """What is sent back. body is bytes; headers a dict of extra headers."""

    def __init__(self, status=200, body=b"", ctype=JSON_TYPE, code=None,
                 headers=None):
        self.status = status
        self.body = body
        self.ctype = ctype
        self.code = code            # error code for the log, or None
        self.headers = dict(headers or {})
        self.fault = None           # the fault applied, or None
        self.log = {}               # extra keys for the log line


def json_reply(obj, status=200, ctype=JSON_TYPE, code=None):
    return Reply(status, json.dumps(obj).encode(), ctype, code)


def text_reply(text, status=200, code=None):
    return Reply(status, text.encode(), "text/plain;charset=utf-8", code)


class Provider:
    """The part of a fake that belongs to one provider. Override the first
    five methods; the rest have defaults that suit most JSON APIs."""

    name = "fake"                   # prefix of -v messages
    server_version = "fake"         # Server header
    methods = ("GET", "POST")       # others: error 405 UnsupportedHTTPMethod
    ctype = JSON_TYPE               # default Content-Type of fault bodies
    error_http = 400                # HTTP status of an "error" fault
    hidden_params = ()              # parameters never written to the log

    def defaults(self, st):
        """Fill in missing keys of a state just read (mutates st)."""

    def action(self, req):
        """The action's name: faults match it, the log shows it. Called
        before authenticate; may set req.params (from a JSON body, say) or
        raise ApiError (an unknown path)."""
        raise NotImplementedError

    def authenticate(self, req, st):
        """Raise ApiError unless the request is well formed and correctly
        signed; return the account (kept in req.account). Faults apply only
        to requests that pass this."""
        raise NotImplementedError

    def route(self, req, st):
        """Perform the action on st (mutate it) and return a Reply. An
        ApiError leaves st as it was (the changes are dropped)."""
        raise NotImplementedError

    def error(self, req, e):
        """ApiError -> Reply: the provider's error envelope. req.rid is the
        request id to quote."""
        raise NotImplementedError

    def headers(self, req, reply):
        """Extra headers of every reply, faulted ones too."""
        return {}

    def code_of(self, body):
        """The error code inside a raw body (for the log), or None."""
        try:
            obj = json.loads(body)
        except ValueError:
            return None
        return obj.get("code") if isinstance(obj, dict) else None

    def listing(self, req):
        """A valid, empty listing: the body of the "slow" fault."""
        return b"{}"

    def huge_parts(self, req):
        """(head, filler) of the "huge" fault's garbage body."""
        return (b'{"result":[',
                b'{"name":"x","type":"A","content":"192.0.2.1","id":"1"},'
                * 512)

    def log_params(self, req):
        """The "params" of the request's log line."""
        return {k: v for k, v in req.params.items()
                if k not in self.hidden_params}

    def log_extra(self, req, reply):
        """More keys for the request's log line (reply.log adds more)."""
        return {}

    selftest = None                 # a method returning an exit status


# ---------------------------------------------------------------------------
# State file

def load_state(path, defaults=None):
    """Read the state (retried while a test rewrites it) and fill in the
    keys fakelib itself uses, then defaults(st)."""
    for attempt in range(20):
        try:
            with open(path, encoding="utf-8") as f:
                st = json.load(f)
            break
        except (ValueError, FileNotFoundError):
            if attempt == 19:
                raise
            time.sleep(0.05)
    st.setdefault("faults", [])
    st.setdefault("clock_offset", 0)
    if defaults is not None:
        defaults(st)
    return st


def write_atomic(path, text, sync=False):
    """Temp file in the same directory, (fsync,) rename: readers see the old
    file or the new one, never a part."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp.", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save_state(path, st):
    write_atomic(path, json.dumps(st, indent=1) + "\n", sync=True)


def now(st):
    """The fake's clock: the real one plus the state's clock_offset."""
    return time.time() + float(st.get("clock_offset", 0))


_seen = set()
_seen_lock = threading.Lock()


def once(value):
    """True the first time value is seen in the process's lifetime (for
    nonces and other replay checks)."""
    with _seen_lock:
        if value in _seen:
            return False
        _seen.add(value)
        return True


# ---------------------------------------------------------------------------
# Faults

def take_fault(st, action):
    """The fault for this request, or None. Only the first fault in list
    order whose action matches (its name, a list of names, or "*") is
    looked at: while its
    "after" is > 0 that is decremented and the request served; otherwise
    its "times" is decremented (removed at 0; < 0 = forever) and it is
    returned. Mutates st."""
    for i, f in enumerate(st["faults"]):
        names = f.get("action", "*")
        if not isinstance(names, list):
            names = [names]
        if "*" not in names and action not in names:
            continue
        after = int(f.get("after", 0))
        if after > 0:
            f["after"] = after - 1
            return None
        times = int(f.get("times", 1))
        if times > 0:
            times -= 1
            if times == 0:
                del st["faults"][i]
            else:
                f["times"] = times
        return dict(f)
    return None


HTML_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
            b"<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
            b"<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n")


def fault_reply(prov, req, f):
    """The reply standing for fault f; hang, reset, huge and slow are
    finished by the HTTP handler when it sends."""
    kind = f.setdefault("kind", None)
    if kind == "error":
        r = prov.error(req, ApiError(f.get("code", "InternalError"),
                                     f.get("message", "Injected error."),
                                     int(f.get("http", prov.error_http))))
    elif kind == "http":
        body = f.get("body", "")
        r = Reply(int(f.get("status", f.get("http", 500))), body.encode(),
                  f.get("content_type", prov.ctype))
        if body:
            r.code = prov.code_of(body)
    elif kind == "body":
        r = Reply(int(f.get("http", 200)), f.get("body", "").encode(),
                  f.get("content_type", prov.ctype))
    elif kind == "empty":
        r = Reply(200, b"", prov.ctype)
    elif kind == "html":
        r = Reply(int(f.get("http", 502)), HTML_502, "text/html")
    elif kind in ("hang", "reset", "huge"):
        r = Reply(200, b"", prov.ctype)
    elif kind == "slow":
        r = Reply(200, prov.listing(req), prov.ctype)
    else:
        r = prov.error(req, ApiError("Fake.BadFault",
                                     "Unknown fault kind %r." % kind, 500))
    # Any kind may carry extra reply headers (Retry-After, say).
    r.headers.update({str(k): str(v) for k, v in
                      (f.get("headers") or {}).items()})
    r.fault = f
    return r


# ---------------------------------------------------------------------------
# Paging: the provider checks and names its own parameters.

def page_by_number(rows, number, size):
    """Page `number` (from 1) of `size` rows."""
    return rows[(number - 1) * size:number * size]


def page_by_offset(rows, offset, limit):
    return rows[offset:offset + limit]


def total_pages(count, size):
    return (count + size - 1) // size if size > 0 else 0


# ---------------------------------------------------------------------------
# The server

class Fake:
    """What the listening sockets of one fake share."""

    def __init__(self, provider, opts):
        self.provider = provider
        self.opts = opts
        self.state_lock = threading.Lock()
        self.log_lock = threading.Lock()
        self.clock_offset = 0.0     # of the state last read; for Date
        self.stopping = threading.Event()
        self.ssl_ctx = None
        if opts.cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(opts.cert, opts.key)
            self.ssl_ctx = ctx

    def load(self):
        return load_state(self.opts.state, self.provider.defaults)

    def debug(self, msg):
        if self.opts.verbose:
            sys.stderr.write("%s_fake: %s\n" % (self.provider.name, msg))

    def write_log(self, entry):
        if not self.opts.log:
            return
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self.log_lock:
            with open(self.opts.log, "a", encoding="utf-8") as f:
                f.write(line)

    def process(self, req):
        """Authenticate, take a fault, perform: the reply (not sent)."""
        prov = self.provider
        with self.state_lock:
            st = self.load()
            self.clock_offset = float(st.get("clock_offset", 0))
            before = json.dumps(st, sort_keys=True)
            req.account = prov.authenticate(req, st)
            fault = take_fault(st, req.action)
            reply = None
            if fault is None or fault.get("commit"):
                work = copy.deepcopy(st)
                try:
                    reply = prov.route(req, work)
                    st = work
                except ApiError as e:
                    reply = prov.error(req, e)
            if json.dumps(st, sort_keys=True) != before:
                save_state(self.opts.state, st)
        if fault is not None:
            reply = fault_reply(prov, req, fault)
        return reply


class FakeServer(socketserver.ThreadingMixIn, HTTPServer):
    """One listening socket of a Fake."""
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, addr, fake):
        if ":" in addr[0]:
            self.address_family = socket.AF_INET6
        self.fake = fake
        super().__init__(addr, Handler)

    def process_request_thread(self, request, client_address):
        conn = request
        try:
            if self.fake.ssl_ctx is not None:
                conn.settimeout(10)
                conn = self.fake.ssl_ctx.wrap_socket(conn, server_side=True)
            self.finish_request(conn, client_address)
        except (OSError, ssl.SSLError) as e:
            self.fake.debug("connection %s: %s" % (client_address, e))
        except Exception:
            traceback.print_exc()
        finally:
            self.shutdown_request(conn)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    sys_version = ""
    timeout = 30                # idle keep-alive connections are dropped

    def setup(self):
        super().setup()
        self.fake = self.server.fake
        self.prov = self.fake.provider

    def log_message(self, fmt, *args):
        self.fake.debug(fmt % args)

    def version_string(self):
        return self.prov.server_version

    def date_time_string(self, timestamp=None):
        return email.utils.formatdate(time.time() + self.fake.clock_offset,
                                      usegmt=True)

    def __getattr__(self, name):
        # Every method (do_GET, do_PUT, ...) is dispatched alike; those the
        # provider does not take get its 405 error.
        if name.startswith("do_"):
            return self.dispatch
        raise AttributeError(name)

    # -- request reading

    def read_body(self):
        te = self.headers.get("Transfer-Encoding", "").lower()
        if te == "chunked":
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                n = int(line.split(b";")[0].strip() or b"0", 16)
                if n == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n",
                                                            b""):
                        pass
                    break
                total += n
                if total > MAX_BODY:
                    self.close_connection = True
                    raise ApiError("RequestTooLarge", "Body too large.", 413)
                chunks.append(self.rfile.read(n))
                self.rfile.readline(1024)
            return b"".join(chunks)
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0 or n > MAX_BODY:
            self.close_connection = True
            raise ApiError("RequestTooLarge", "Body too large.", 413)
        return self.rfile.read(n) if n > 0 else b""

    def parse(self):
        url = urllib.parse.urlsplit(self.path)
        body = self.read_body()
        try:
            query = dict(urllib.parse.parse_qsl(url.query,
                                                keep_blank_values=True,
                                                errors="strict"))
        except (UnicodeDecodeError, ValueError):
            raise ApiError("InvalidParameter", "Malformed query string.")
        headers = {k.lower(): v for k, v in self.headers.items()}
        req = Request(self.command, url.path, query, body, headers)
        req.raw_query = url.query
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded" and body:
            try:
                req.form = dict(urllib.parse.parse_qsl(
                    body.decode("utf-8"), keep_blank_values=True,
                    errors="strict"))
            except (UnicodeDecodeError, ValueError):
                raise ApiError("InvalidParameter", "Malformed form body.")
            req.params.update(req.form)
        return req

    # -- dispatch

    def dispatch(self):
        prov = self.prov
        req = None
        try:
            if self.command not in prov.methods:
                self.read_body()
                raise ApiError("UnsupportedHTTPMethod",
                               "This http method is not supported.", 405)
            req = self.parse()
            req.action = prov.action(req)
            reply = self.fake.process(req)
        except Exception as e:
            if not isinstance(e, ApiError):
                traceback.print_exc()
                e = ApiError("InternalError", "The request processing has "
                             "failed due to some unknown error.", 500)
            if req is None:     # not parsed: no parameters, no action
                req = Request(self.command,
                              urllib.parse.urlsplit(self.path).path, {},
                              b"", {})
            reply = prov.error(req, e)
        self.log_entry(req, reply)
        reply.headers.update(prov.headers(req, reply))
        self.deliver(req, reply)

    # -- output

    def log_entry(self, req, reply):
        t = time.time()
        kind = reply.fault.get("kind") if reply.fault else None
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) +
            ".%03dZ" % int((t % 1) * 1000),
            "method": self.command,
            "path": req.path,
            "action": req.action,
            "params": self.prov.log_params(req),
            "status": None if kind in ("hang", "reset") else reply.status,
            "code": reply.code,
            "fault": kind,
        }
        entry.update(self.prov.log_extra(req, reply))
        entry.update(reply.log)
        self.fake.write_log(entry)

    def send(self, r, length=None):
        self.send_response(r.status)
        self.send_header("Content-Type", r.ctype)
        self.send_header("Content-Length",
                         str(len(r.body) if length is None else length))
        for k, v in r.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD" and length is None:
            self.wfile.write(r.body)
        self.wfile.flush()

    def deliver(self, req, r):
        f = r.fault
        kind = f.get("kind") if f else None
        if kind == "hang":
            self.wfile.flush()
            self.fake.stopping.wait(float(f.get("seconds", 30)))
            self.close_connection = True
        elif kind == "reset":
            # Linger 0 and a real close: the peer gets a TCP RST, no FIN and
            # (under TLS) no close_notify. Later shutdown/close calls on the
            # dead socket fail quietly.
            self.close_connection = True
            try:
                self.connection.setsockopt(socket.SOL_SOCKET,
                                           socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.rfile.close()      # drops the makefile reference
                self.connection.close()
            except OSError:
                pass
        elif kind == "huge":
            size = int(f.get("size", 16 << 20))
            self.send(r, length=size)
            data, filler = self.prov.huge_parts(req)
            sent = 0
            try:
                while sent < size:
                    n = min(len(data), size - sent)
                    self.wfile.write(data[:n])
                    sent += n
                    data = filler
            except OSError:
                pass
            self.close_connection = True
        elif kind == "slow":
            secs = float(f.get("seconds", 30))
            self.send(r, length=len(r.body))
            step = secs / max(len(r.body), 1)
            try:
                for i in range(len(r.body)):
                    if self.fake.stopping.wait(step):
                        break
                    self.wfile.write(r.body[i:i + 1])
                    self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True
        else:
            self.send(r)


# ---------------------------------------------------------------------------
# Listening

def listen(fake, addrs, port):
    """One FakeServer per address, all on one port (chosen by the first
    when port is 0). ::1 is skipped where IPv6 is off, unless it is the
    only address asked for."""
    for attempt in range(50):
        servers = []
        try:
            p = port
            for a in addrs:
                try:
                    s = FakeServer((a, p), fake)
                except OSError as e:
                    if (a == "::1" and len(addrs) > 1 and e.errno in
                            (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT)):
                        continue
                    raise
                p = s.server_address[1]
                servers.append(s)
            return servers
        except OSError as e:
            for s in servers:
                s.server_close()
            # The port the first address got is taken on another one.
            if port != 0 or not servers or e.errno != errno.EADDRINUSE:
                raise
    raise OSError(errno.EADDRINUSE, "no port free on every address")


def bind_addresses(binds):
    out = []
    for b in binds or ["localhost"]:
        for a in (LOCALHOST if b == "localhost" else (b,)):
            if a not in out:
                out.append(a)
    return out


def main(provider, argv=None, description=None):
    ap = argparse.ArgumentParser(
        description=description or "Fake %s API server." % provider.name)
    ap.add_argument("--state", help="JSON state file")
    ap.add_argument("--log", help="append one JSON line per request here")
    ap.add_argument("--port", type=int, default=0, help="0 = any free port")
    ap.add_argument("--port-file", help="written once listening")
    ap.add_argument("--bind", action="append", metavar="ADDR",
                    help="listen on ADDR (repeatable); default localhost ="
                    " 127.0.0.1 and ::1")
    ap.add_argument("--cert", help="PEM certificate: serve HTTPS")
    ap.add_argument("--key", help="PEM key for --cert")
    ap.add_argument("--pid-file")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="connection-level messages on stderr")
    if provider.selftest is not None:
        ap.add_argument("--selftest", action="store_true",
                        help="check the signers against reference vectors")
    opts = ap.parse_args(argv)
    if getattr(opts, "selftest", False):
        return provider.selftest()
    if not opts.state:
        ap.error("--state is required")
    if bool(opts.cert) != bool(opts.key):
        ap.error("--cert and --key go together")
    load_state(opts.state, provider.defaults)   # fail early if broken

    fake = Fake(provider, opts)
    servers = listen(fake, bind_addresses(opts.bind), opts.port)
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if opts.pid_file:
        write_atomic(opts.pid_file, "%d\n" % os.getpid())
    for s in servers:
        threading.Thread(target=s.serve_forever, kwargs={
            "poll_interval": 0.1}, daemon=True).start()
    if opts.port_file:
        write_atomic(opts.port_file, "%d\n" % servers[0].server_address[1])
    while not stop.wait(0.5):
        pass
    # Hung requests wake up and end; their threads are daemons.
    fake.stopping.set()
    for s in servers:
        s.shutdown()
        s.server_close()
    if opts.pid_file:
        try:
            os.unlink(opts.pid_file)
        except OSError:
            pass
    return 0
