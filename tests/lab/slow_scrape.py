#!/usr/bin/python3
"""slow_scrape.py — a scraper that stops reading mid-body, for the tests.

  slow_scrape.py PORT PAUSED GO OUT     GET /metrics (OpenMetrics) from 127.0.0.1:PORT with a
                                        small receive buffer; after the first bytes of the
                                        body, create the file PAUSED and read nothing more
                                        until the file GO exists; then read to the end and
                                        write the body (chunked encoding removed) to OUT.
  slow_scrape.py PORT PAUSED abort      the same, but close the connection at the pause.

Every wait is bounded (60 s): exit 1 if GO never comes or the server stops answering.
"""
import os
import socket
import sys
import time

ACCEPT = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"


def body_of(raw):
    """The body of an HTTP/1.1 response, chunked or not."""
    head, _, rest = raw.partition(b"\r\n\r\n")
    if b"transfer-encoding: chunked" not in head.lower():
        return rest
    body = bytearray()
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return bytes(body)
        body += rest[:size]
        rest = rest[size + 2:]


def main():
    port, paused, go = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)  # no room to run ahead
    s.settimeout(60)
    s.connect(("127.0.0.1", port))
    s.sendall(("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: %s\r\nConnection: close\r\n\r\n"
               % ACCEPT).encode())
    raw = s.recv(4096)
    open(paused, "w").close()
    if go == "abort":
        s.close()
        return 0
    for _ in range(600):
        if os.path.exists(go):
            break
        time.sleep(0.1)
    else:
        return 1
    while True:
        b = s.recv(65536)
        if not b:
            break
        raw += b
    with open(sys.argv[4], "wb") as f:
        f.write(body_of(raw))
    return 0


if __name__ == "__main__":
    sys.exit(main())
