"""A stand-in for the national portal: a real HTTP server on 127.0.0.1 that stores messages by
Idempotency-Key and can be told to fail (500), hang past the client's timeout, or refuse (4xx)."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1024 * 1024


@dataclass
class Arrival:
    number: int  # 1, 2, 3… in the order the requests arrived
    key: str
    authorization: str
    content_type: str
    payload: dict


@dataclass
class Portal:
    """`behaviour(arrival)` returns "ok", "fail" (500 before storing), "hang" (store, then answer too late)
    or an HTTP status to answer without storing."""

    behaviour: object = None
    hang_seconds: float = 1.0
    arrivals: list[Arrival] = field(default_factory=list)
    stored: dict = field(default_factory=dict)  # Idempotency-Key → payload, first arrival wins
    order: list[str] = field(default_factory=list)  # keys in the order they were first stored
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, arrival: Arrival) -> tuple[int, dict]:
        what = self.behaviour(arrival) if self.behaviour else "ok"
        if isinstance(what, int):
            return what, {"error": f"refused with {what}"}
        if what == "fail":
            return 500, {"error": "internal error"}
        with self.lock:
            duplicate = arrival.key in self.stored
            if not duplicate:
                self.stored[arrival.key] = arrival.payload
                self.order.append(arrival.key)
        if what == "hang":
            # A wait nobody ends, rather than time.sleep: it holds under a moved wall clock too (docs/testing.md).
            threading.Event().wait(self.hang_seconds)
        if duplicate:
            return 409, {"error": "idempotency key already used"}
        return 201, {"ok": True}


def _handler(portal: Portal):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
            payload = json.loads(self.rfile.read(length) or b"{}")
            with portal.lock:
                arrival = Arrival(
                    number=len(portal.arrivals) + 1,
                    key=self.headers.get("Idempotency-Key", ""),
                    authorization=self.headers.get("Authorization", ""),
                    content_type=self.headers.get("Content-Type", ""),
                    payload=payload,
                )
                portal.arrivals.append(arrival)
            status, answer = portal.handle(arrival)
            body = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up waiting (the timeout case)
                pass

        def log_message(self, *args):
            pass

    return Handler


class PortalServer:
    """Started on a free loopback port; `stop()` waits for every request thread."""

    def __init__(self, portal: Portal):
        self.portal = portal
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(portal))
        self.server.daemon_threads = False
        self.server.block_on_close = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}/api/dossier-status"

    def start(self) -> "PortalServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
