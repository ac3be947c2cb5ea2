"""Shared test helpers: the vectors, a real local HTTP server that records what arrives
on the wire, and an independent auth-v2 verifier (the repository's test oracle,
tests/signing-vectors/sign_v2.py, which shares no code with this package)."""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import json
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[4]
VECTORS: dict[str, Any] = json.loads((REPO / "interop" / "signers" / "vectors.json").read_text("utf-8"))
CASES_DIR = REPO / "tests" / "signing-vectors"


def load_oracle() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sign_v2_oracle", CASES_DIR / "sign_v2.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sign_v2_oracle"] = module
    spec.loader.exec_module(module)
    return module


oracle = load_oracle()


@dataclass
class Received:
    """One request as it arrived: request target, headers in order, body bytes."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes
    had_length: bool

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        assert len(values) <= 1, f"header {name} sent {len(values)} times"
        return values[0] if values else None


Reply = tuple[int, dict[str, str], bytes]


class Drop(Exception):
    """Raised by a handler: the server closes the connection without a reply (after the
    whole request arrived)."""


#: A reply header that makes the server declare this many more body bytes than it sends,
#: then close the connection: a reply that breaks off.
SHORT_BY = "X-Test-Short-By"


@dataclass
class Server:
    """A threaded HTTP/1.1 server; ``handler`` decides each reply."""

    url: str = ""
    port: int = 0
    received: list[Received] = field(default_factory=list)
    handler: Callable[[Received], Reply] = lambda r: (200, {"Content-Type": "application/json"}, b"{}")
    lock: threading.Lock = field(default_factory=threading.Lock)


def _serve(server: Server) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _any(self) -> None:
            length = self.headers.get("Content-Length")
            if length is not None:
                body = self.rfile.read(int(length))
            elif self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                body = b""
                while True:
                    size = int(self.rfile.readline().strip(), 16)
                    chunk = self.rfile.read(size + 2)[:size]
                    if size == 0:
                        break
                    body += chunk
            else:
                body = b""
            received = Received(self.command, self.path, list(self.headers.items()), body, length is not None)
            with server.lock:
                server.received.append(received)
            try:
                status, headers, reply = server.handler(received)
            except Drop:
                self.close_connection = True
                return
            headers = dict(headers)
            short_by = int(headers.pop(SHORT_BY, "0"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply) + short_by))
            self.end_headers()
            self.wfile.write(reply)
            if short_by:
                self.wfile.flush()
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server.port = httpd.server_address[1]
    server.url = f"http://127.0.0.1:{server.port}"
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return httpd


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server()
    httpd = _serve(state)
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server2() -> Iterator[Server]:
    state = Server()
    httpd = _serve(state)
    yield state
    httpd.shutdown()
    httpd.server_close()


def json_reply(status: int, document: Any) -> Reply:
    return status, {"Content-Type": "application/json"}, json.dumps(document).encode()


def verify(received: Received, secret_key: str) -> dict[str, str]:
    """Checks the auth-v2 signature of a request as it arrived, with the independent
    oracle: the signed headers' values as received, the body as received. Returns what
    the header said (access key, timestamp, signed headers) and which query-line variant
    matched ("keep" or "omit"); fails the test when neither does."""
    authorization = received.header("Authorization")
    assert authorization is not None, "no Authorization header arrived"
    scheme, access_key, timestamp, signed_headers, signature = authorization.split("/")
    assert scheme == "auth-v2"
    headers = {}
    for name in signed_headers.split(";"):
        value = received.header(name)
        assert value is not None, f"signed header {name} did not arrive"
        headers[name] = value
    path, _, query = received.target.partition("?")
    body = received.body if received.had_length else None
    keep = oracle.sign(
        ak=access_key, sk=secret_key, timestamp=timestamp, method=received.method, path=path,
        raw_query=query or None, headers=headers, body=body,
    )
    if hmac.compare_digest(keep.signature, signature):
        return {"access_key": access_key, "timestamp": timestamp, "signed_headers": signed_headers, "query_line": "keep"}
    lines = keep.canonical_request.split("\n")
    if lines[2] == "":  # query-line=omit: the same canonical request without the empty query line
        omitted = "\n".join(lines[:2] + lines[3:])
        expected = hmac.new(keep.signing_key.encode(), omitted.encode(), hashlib.sha256).hexdigest()
        if hmac.compare_digest(expected, signature):
            return {"access_key": access_key, "timestamp": timestamp, "signed_headers": signed_headers, "query_line": "omit"}
    raise AssertionError(f"the signature that arrived does not verify; canonical request:\n{keep.canonical_request}")
