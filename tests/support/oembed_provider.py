"""An oEmbed provider on loopback, standing in for YouTube: embeds are tested without the
internet, through Wagtail's real oEmbed finder and HTTP."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

VIDEO_URL_PATTERN = r"^https://video\.example\.org/watch/.+$"


def iframe_for(video_url):
    video_id = video_url.rstrip("/").rsplit("/", 1)[-1]
    return (
        f'<iframe width="480" height="270" src="https://www.youtube-nocookie.com/embed/{video_id}" '
        f'title="Recording of the meeting" allowfullscreen></iframe>'
    )


def thumbnail_jpeg():
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (480, 270), "#2a6f97").save(output, format="JPEG")
    return output.getvalue()


class OEmbedHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.server.failing:
            # As a provider in an outage answers.
            self.send_response(503)
            self.end_headers()
            return
        if urlsplit(self.path).path == "/thumb.jpg":
            self.server.thumbnail_requests += 1
            body = thumbnail_jpeg()
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        query = parse_qs(urlsplit(self.path).query)
        video_url = query.get("url", [""])[0]
        if not video_url.startswith("https://video.example.org/watch/"):
            self.send_response(404)
            self.end_headers()
            return
        self.server.requests.append(video_url)
        body = json.dumps(
            {
                "type": "video",
                "version": "1.0",
                "title": "Recording of the meeting",
                "provider_name": "Loopback Video",
                "thumbnail_url": f"http://127.0.0.1:{self.server.server_address[1]}/thumb.jpg",
                "width": 480,
                "height": 270,
                "html": iframe_for(video_url),
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # keep the test output clean
        pass


class OEmbedProvider:
    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), OEmbedHandler)
        self.server.requests = []
        self.server.thumbnail_requests = 0
        self.server.failing = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/oembed"

    @property
    def requests(self):
        return self.server.requests

    @property
    def thumbnail_requests(self):
        return self.server.thumbnail_requests

    def fail(self, failing=True):
        """Answer every request with 503, as during an outage (or stop doing so)."""
        self.server.failing = failing

    def finders_setting(self):
        return [
            {
                "class": "wagtail.embeds.finders.oembed",
                "providers": [{"endpoint": self.endpoint, "urls": [VIDEO_URL_PATTERN]}],
            }
        ]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
