#!/usr/bin/python3
"""doh_fake.py — a DNS-over-HTTPS server that misbehaves on purpose, for the lab.

    doh_fake.py --serve ADDR PORT CERT KEY [--serve ...]

Every --serve is an HTTPS/1.1 listener with its own certificate (one thread each).
It answers POST with a body by the request's path:
  /dns-query  a DNS answer: the question, one A record 10.9.9.9 (TTL 300)
  /404 /500   that HTTP status, text/plain
  /html       200, text/html (a captive portal's page)
  /json       200, application/json
  /trunc      200, application/dns-message: the answer cut inside its record
  /cut        200, Content-Length of the whole answer, half sent, then the
              connection closed
  /big        200, application/dns-message: 70000 bytes (no DNS message is that long)
  /slow       the answer after 5 seconds
Prints "ready" once every listener is bound. Runs until killed.
"""
import http.server
import socketserver
import ssl
import struct
import sys
import threading
import time


def answer(query):
    """The query turned into an answer: QR RD RA, one A record after the question."""
    if len(query) < 12:
        return b""
    qid, flags = struct.unpack("!HH", query[:4])
    end = 12
    while end < len(query) and query[end] != 0:
        end += 1 + query[end]
    question = query[12:end + 5]
    header = struct.pack("!HHHHHH", qid, 0x8180 | (flags & 0x0100), 1, 1, 0, 0)
    record = struct.pack("!HHHIH", 0xC00C, 1, 1, 300, 4) + bytes([10, 9, 9, 9])
    return header + question + record


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.path, fmt % args))

    def send(self, code, ctype, body, length=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(min(n, 65535))
        full = answer(query)
        path = self.path
        if path in ("/404", "/500"):
            self.send(int(path[1:]), "text/plain", b"no\n")
        elif path == "/html":
            self.send(200, "text/html", b"<html><body>Log in first</body></html>\n")
        elif path == "/json":
            self.send(200, "application/json", b'{"Status": 0}\n')
        elif path == "/trunc":
            self.send(200, "application/dns-message", full[:-3])
        elif path == "/big":
            self.send(200, "application/dns-message", full + bytes(70000 - len(full)))
        elif path == "/slow":
            time.sleep(5)
            self.send(200, "application/dns-message", full)
        elif path == "/cut":
            self.send(200, "application/dns-message", full[: len(full) // 2], len(full))
            self.close_connection = True
        else:
            self.send(200, "application/dns-message", full)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def serve(addr, port, cert, key):
    """One listener with its certificate; returns it bound, not yet serving."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv = Server((addr, int(port)), Handler, bind_and_activate=True)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    return srv


def main(argv):
    servers = []
    i = 1
    while i < len(argv):
        if argv[i] != "--serve" or i + 4 >= len(argv):
            sys.exit("usage: doh_fake.py --serve ADDR PORT CERT KEY [--serve ...]")
        servers.append(serve(*argv[i + 1:i + 5]))
        i += 5
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main(sys.argv)
