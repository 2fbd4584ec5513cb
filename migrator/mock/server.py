"""The mock's HTTP side: WSDL on GET, SOAP calls on POST, the Bearer exchange, gzip, limits.

Stdlib ThreadingHTTPServer with HTTP/1.1 keep-alive: one daemon thread per connection.
Data flows one way: bytes -> body limits/gunzip -> codec.decode_request -> auth -> store.call
-> codec.encode_result/encode_fault -> (gzip) -> bytes, and one call-log record per call.

Oversized bodies (on the wire or after gunzipping) are answered with HTTP 413 *and* a SOAP fault
envelope saying `Malformed request`, then the connection is closed: SOAP clients show the fault
text, HTTP tools see the status, and the server never reads or inflates the rest.
"""

from __future__ import annotations

import dataclasses
import gzip
import re
import socket
import ssl
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from migrator.mock import calllog, codec, faults, seed
from migrator.mock.auth import Authenticator, Identity, fingerprint, session_cookie
from migrator.mock.calllog import CallLog
from migrator.mock.config import MockConfig
from migrator.mock.faults import Fault
from migrator.mock.store import Store
from migrator.mock.wsdl import render_wsdl

XML = "text/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
# Host names as they may appear in Host / X-Forwarded-Host; anything else is not trusted into the WSDL.
_HOST_RE = re.compile(r"^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")


_DISCARD_LIMIT = 64 * 1024 * 1024


class BodyTooLarge(Exception):
    pass


class MockServer:
    """The mock Copernica SOAP API, in a background thread.

    with MockServer(tokens=("t0k3n",)) as mock:   # port 0: a free port
        zeep.Client(mock.wsdl_url) ...
        mock.calls                                 # call-log records
    """

    def __init__(self, config: MockConfig | None = None, **overrides: Any):
        if config is None:
            config = MockConfig(**{"port": 0, **overrides})
        elif overrides:
            config = dataclasses.replace(config, **overrides)
        self.config = config
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------

    def start(self, listener: socket.socket | None = None) -> "MockServer":
        """Serve in a background thread. `listener`: a socket already bound and listening
        (verify opens it first so the program can start while the mock is being set up;
        connections wait in its backlog)."""
        cfg = self.config
        ssl_context = None
        if cfg.certfile:
            ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ssl_context.load_cert_chain(cfg.certfile, cfg.keyfile)
        self.store = Store(cfg.state)
        self.log = CallLog(cfg.log)
        self.auth = Authenticator(cfg)
        try:
            if cfg.seed is not None:  # before the first request can be answered
                seed.load(self.store, cfg.seed)
            self._httpd = _HTTPServer(self, ssl_context, listener)
        except BaseException:
            self.store.close()
            self.log.close()
            raise
        # stop() waits up to one poll interval for serve_forever to notice: verify and the tests
        # stop a mock per run, so keep it short (a select() timeout, no busy loop)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="copernica-mock", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        httpd, self._httpd = self._httpd, None
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        self._thread.join()
        self.store.close()
        self.log.close()

    def __enter__(self) -> "MockServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what clients and tests need ------------------------------------------------------

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        host = self.config.host
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"{self.config.scheme}://{host}:{self.port}/"

    @property
    def wsdl_url(self) -> str:
        return self.url + "?SOAPAPI=WSDL"

    @property
    def calls(self) -> list[dict]:
        return self.log.records

    @property
    def credentials_seen(self) -> set[str]:
        """Usernames, passwords and tokens the clients sent (to mask in their output)."""
        return self.log.credentials

    # -- one SOAP call, transport-free -----------------------------------------------------

    def handle_call(self, body: bytes, authorization: str | None,
                    cookie: str | None) -> tuple[int, bytes, list[tuple[str, str]], dict]:
        """Answer one SOAP request body: (HTTP status, response body, extra headers, log fields)."""
        headers: list[tuple[str, str]] = []
        identity: Identity = Identity("none")
        operation: str | None = None
        params: dict = {}
        login_struct = False
        try:
            try:
                request = codec.decode_request(body)
            except Fault as fault:
                # The codec refuses unknown names before a Request exists; log the raw name.
                prefix = faults.unknown_method("")
                if fault.text.startswith(prefix):
                    operation = fault.text[len(prefix):]
                raise
            op = request.operation
            operation, params = op.name, request.params
            login_struct = request.login is not None and op.name != "login"
            if op.name == "login":
                sid = self.auth.login(request)
                headers.append(("Set-Cookie", session_cookie(sid, secure=bool(self.config.certfile))))
                result = {"value": "DONE"}
            else:
                identity = self.auth.identify(request, authorization, cookie)
                self.auth.authorize(identity, op)
                result = self.store.call(request)
            status, out, fault_text = 200, codec.encode_result(op.name, result), None
        except Fault as fault:
            status, out, fault_text = 500, codec.encode_fault(fault), fault.text
        except Exception as exc:  # noqa: BLE001 - a store bug must not kill the connection
            print(f"copernica-migrate mock: internal error in {operation}: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            fault = Fault("Internal server error", code="soap:Server")
            status, out, fault_text = 500, codec.encode_fault(fault), fault.text
        fields = dict(operation=operation, auth=identity.kind, token=identity.fingerprint,
                      read_only=identity.read_only, params=params, fault=fault_text, status=status,
                      login_struct=login_struct)
        return status, out, headers, fields

    def record(self, started: float, **fields: Any) -> None:
        if self.config.remember_credentials:
            self.log.remember_credentials(fields["params"])
        self.log.append(calllog.record(duration_ms=(time.perf_counter() - started) * 1000, **fields))


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, app: MockServer, ssl_context: ssl.SSLContext | None,
                 listener: socket.socket | None = None):
        self.app = app
        self.ssl_context = ssl_context
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        if ":" in app.config.host:
            self.address_family = socket.AF_INET6
        if listener is None:
            super().__init__((app.config.host, app.config.port), _Handler)
            return
        super().__init__(listener.getsockname()[:2], _Handler, bind_and_activate=False)
        self.socket.close()
        self.socket = listener
        self.server_address = listener.getsockname()

    def finish_request(self, request: socket.socket, client_address: Any) -> None:
        request.settimeout(self.app.config.idle_timeout)
        if self.ssl_context is not None:
            # Handshake here, in the connection's own thread, so a slow client cannot stall accept().
            try:
                request = self.ssl_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        with self._open_lock:
            self._open.add(request)
        try:
            self.RequestHandlerClass(request, client_address, self)
        finally:
            with self._open_lock:
                self._open.discard(request)
            if self.ssl_context is not None:
                request.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # socketserver prints a traceback by default; a client hanging up is normal
        # (keep-alive peers, benchmarks, Ctrl-C), anything else is one line on stderr.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, ssl.SSLError)):
            return
        print(f"mock: error serving {client_address[0]}: {type(exc).__name__}: {exc}",
              file=sys.stderr)

    def close_connections(self) -> None:
        """Wake idle keep-alive threads so nothing touches the store after stop()."""
        with self._open_lock:
            conns = list(self._open)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "copernica-migrate-mock"
    sys_version = ""
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024  # headers and body leave in one send(); flushed after each request
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the call log records calls; per-request console lines would only cost time

    # -- GET: the WSDL --------------------------------------------------------------------

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        wants_wsdl = any(k.lower() == "soapapi" and any(v.lower() == "wsdl" for v in vals)
                         for k, vals in query.items())
        if not wants_wsdl:
            self._send(404, b"Not found: the WSDL is at ?SOAPAPI=WSDL\n", TEXT)
            return
        self._send(200, render_wsdl(self._base_url()), XML)

    def _base_url(self) -> str:
        cfg = self.server.app.config
        proto = _first(self.headers.get("X-Forwarded-Proto")).lower()
        scheme = proto if proto in ("http", "https") else cfg.scheme
        host = _first(self.headers.get("X-Forwarded-Host")) or _first(self.headers.get("Host"))
        if not _HOST_RE.match(host):
            host = self.server.app.url.split("://", 1)[1].rstrip("/")
        return f"{scheme}://{host}/"

    # -- POST: SOAP calls and the Bearer exchange -------------------------------------------

    def do_POST(self) -> None:
        started = time.perf_counter()
        app = self.server.app
        try:
            body = self._read_body()
        except BodyTooLarge:
            self.close_connection = True
            self._send(413, codec.encode_fault(Fault(faults.MALFORMED)), XML)
            self._discard_rest()
            app.record(started, operation=None, auth="none", token=None, read_only=False, params={},
                       fault=faults.MALFORMED, status=413)
            return
        except Fault as fault:
            self._send(500, codec.encode_fault(fault), XML)
            app.record(started, operation=None, auth="none", token=None, read_only=False, params={},
                       fault=fault.text, status=500)
            return
        if app.config.bearer and urlsplit(self.path).path.rstrip("/") == "/authenticate":
            self._authenticate(body, started)
            return
        status, out, headers, fields = app.handle_call(
            body, self.headers.get("Authorization"), self.headers.get("Cookie"))
        self._send(status, out, XML, headers)
        app.record(started, **fields)

    def _authenticate(self, body: bytes, started: float) -> None:
        form = parse_qs(urlsplit(self.path).query)
        form.update(parse_qs(body.decode("utf-8", "replace")))
        token = (form.get("access_token") or [""])[0]
        ident = Identity("token", fingerprint(token) if token else None)
        try:
            if not token:
                raise Fault(faults.NOT_LOGGED_ON)
            jwt_text = self.server.app.auth.issue_jwt(token)
        except Fault as fault:
            self._send(401, (fault.text + "\n").encode(), TEXT)
            status, fault_text = 401, fault.text
        else:
            self._send(200, jwt_text.encode("ascii"), TEXT)
            status, fault_text = 200, None
        self.server.app.record(started, operation="authenticate", auth=ident.kind,
                               token=ident.fingerprint, read_only=False, params={},
                               fault=fault_text, status=status)

    def _read_body(self) -> bytes:
        cfg = self.server.app.config
        self._unread = 0  # bytes of this body still in the socket (only when refused unread)
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raw = self._read_chunked(cfg.max_body)
        else:
            length = _content_length(self.headers)
            if length < 0:
                self.close_connection = True
                raise Fault(faults.MALFORMED)
            if length > cfg.max_body:
                self._unread = length
                raise BodyTooLarge
            raw = self.rfile.read(length)
        encoding = self.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            return _gunzip(raw, cfg.max_inflated)
        if encoding not in ("", "identity"):
            raise Fault(faults.MALFORMED)
        return raw

    def handle_expect_100(self) -> bool:
        """Answer `Expect: 100-continue` (curl sends it for larger bodies) at once.

        A body that is too large gets its 413 straight away, so the client never sends it.
        """
        self._refused_early = _content_length(self.headers) > self.server.app.config.max_body
        if self._refused_early:
            return True
        self.send_response_only(100)
        self.end_headers()
        self.wfile.flush()  # wfile is buffered: push the interim answer out now
        return True

    def _discard_rest(self) -> None:
        """Swallow (a bounded amount of) the unread body before closing.

        Closing a socket with unread input makes the kernel send a reset, and the client then
        loses the 413 answer it has not read yet.
        """
        if getattr(self, "_refused_early", False):
            return  # the client is waiting for us, not sending
        left = min(self._unread, _DISCARD_LIMIT)
        self.connection.settimeout(2.0)
        try:
            while left > 0:
                chunk = self.rfile.read(min(left, 65536))
                if not chunk:
                    break
                left -= len(chunk)
        except OSError:
            pass

    def _read_chunked(self, limit: int) -> bytes:
        parts, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
                if size < 0:  # int() takes "-5"; HTTP does not
                    raise ValueError
            except ValueError:
                self.close_connection = True
                raise Fault(faults.MALFORMED) from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            total += size
            if total > limit:
                raise BodyTooLarge
            parts.append(self.rfile.read(size))
            self.rfile.readline(1024)

    # -- anything else --------------------------------------------------------------------

    def _not_allowed(self) -> None:
        self._send(405, b"Method not allowed: GET ?SOAPAPI=WSDL or POST a SOAP call\n", TEXT,
                   [("Allow", "GET, POST")])

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _not_allowed

    # -- response -------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str,
              headers: list[tuple[str, str]] = ()) -> None:
        gzipped = len(body) > 0 and _accepts_gzip(self.headers.get("Accept-Encoding", ""))
        if gzipped:
            body = gzip.compress(body, compresslevel=5)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        for name, value in headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _content_length(headers) -> int:
    """The declared body length; -1 when it is not a number."""
    try:
        return int(headers.get("Content-Length", "0"))
    except ValueError:
        return -1


def _first(value: str | None) -> str:
    """First entry of a possibly comma-separated (proxied) header value."""
    return (value or "").split(",", 1)[0].strip()


def _accepts_gzip(header: str) -> bool:
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            q = params.strip().lower()
            return not (q.startswith("q=") and _q_is_zero(q[2:]))
    return False


def _q_is_zero(q: str) -> bool:
    try:
        return float(q) == 0
    except ValueError:
        return False


def _gunzip(data: bytes, limit: int) -> bytes:
    """Inflate a gzip body in steps of at most `limit + 1` bytes, so a bomb never unpacks whole."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
        if len(out) > limit:
            raise BodyTooLarge
        if not inflater.eof:
            raise Fault(faults.MALFORMED)  # truncated stream
    except zlib.error:
        raise Fault(faults.MALFORMED) from None
    return out

