#!/usr/bin/env python3
"""A local OTLP/HTTP receiver that discards what it gets and answers 200, for benchmarks.

Usage: discard_otlp.py PORT   (prints 'ready' once listening; stop it with SIGTERM)
"""
import http.server
import sys


class Discard(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 16))
            if not chunk:
                break
            remaining -= len(chunk)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Discard)
print("ready", flush=True)
server.serve_forever()
