"""A cache server on loopback that takes PURGE requests and records them, standing in for
the Varnish or nginx behind FRONTEND_CACHE=purge-url."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class PurgeHandler(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.server.purges.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):  # keep the test output clean
        pass


class PurgeServer:
    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeHandler)
        self.server.purges = []
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def purges(self):
        return self.server.purges

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()
