#!/usr/bin/env python3
"""tcp_hold.py — hold TCP sockets in chosen states for tcpstate's tests (run it inside a
lab namespace; it only talks to the addresses it is given).

  tcp_hold.py serve PORT:MODE[:BACKLOG]...   listeners on every address; MODE is
      hold   accept and keep every connection open, never close (CLOSE_WAIT once the
             client closes)
      eof    accept, read until the client closes, then close (the client's TIME_WAIT)
      never  never accept (the queue fills; with BACKLOG 1 it overflows)
  tcp_hold.py connect HOST[,HOST...] PORT COUNT [--then hold|close] [--nonblock]
                      [--src A,B,...] [--keepalive]
      COUNT connections, the i-th to the i-th host (round robin); hold keeps them, close
      closes each once connected; --nonblock starts them without waiting (SYN_SENT when
      the SYNs are dropped); --src binds the i-th to the i-th address (round robin);
      --keepalive sets SO_KEEPALIVE
  tcp_hold.py churn PORT COUNT
      COUNT connections to a listener of its own on 127.0.0.1:PORT, each closed by the
      client first: COUNT TIME_WAIT sockets, then exit

serve and connect print "ready" once set up, then hold for --hold SECS (default 120, at
most 600): every run ends by itself (tests end it sooner, by its PID).
"""
import argparse
import selectors
import socket
import sys
import time


def listener(port, backlog):
    s = socket.socket(socket.AF_INET6)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", port))
    s.listen(backlog)
    s.setblocking(False)
    return s


def hold_until(deadline, sel, on_event):
    while time.monotonic() < deadline:
        if not sel.get_map():
            time.sleep(max(0.0, min(1.0, deadline - time.monotonic())))
            continue
        for key, _ in sel.select(timeout=max(0.0, deadline - time.monotonic())):
            on_event(sel, key)


def serve(args):
    sel = selectors.DefaultSelector()
    held = []
    for spec in args.specs:
        parts = spec.split(":")
        port, mode = int(parts[0]), parts[1]
        backlog = int(parts[2]) if len(parts) > 2 else 128
        s = listener(port, backlog)
        held.append(s)
        if mode != "never":
            sel.register(s, selectors.EVENT_READ, ("listen", mode))

    def on_event(sel, key):
        kind, mode = key.data
        if kind == "listen":
            try:
                conn, _ = key.fileobj.accept()
            except BlockingIOError:
                return
            held.append(conn)
            if mode == "eof":
                sel.register(conn, selectors.EVENT_READ, ("conn", mode))
        else:
            try:
                data = key.fileobj.recv(4096)
            except ConnectionResetError:
                data = b""  # a client that reset has gone as surely as one that closed
            if not data:
                sel.unregister(key.fileobj)
                key.fileobj.close()

    print("ready", flush=True)
    hold_until(time.monotonic() + args.hold, sel, on_event)


def connect(args):
    srcs = args.src.split(",") if args.src else []
    hosts = args.host.split(",")
    held = []
    for i in range(args.count):
        host = hosts[i % len(hosts)]
        c = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        if args.keepalive:
            c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        if srcs:
            c.bind((srcs[i % len(srcs)], 0))
        if args.nonblock:
            c.setblocking(False)
            c.connect_ex((host, args.port))
        else:
            c.settimeout(5)
            c.connect((host, args.port))
        if args.then == "close":
            c.close()
        else:
            held.append(c)
    print("ready", flush=True)
    hold_until(time.monotonic() + args.hold, selectors.DefaultSelector(), None)


def churn(args):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", args.port))
    s.listen(128)
    for _ in range(args.count):
        c = socket.create_connection(("127.0.0.1", args.port), timeout=5)
        conn, _ = s.accept()
        c.close()
        conn.settimeout(5)
        conn.recv(1)
        conn.close()
    s.close()


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    sv = sub.add_parser("serve")
    sv.add_argument("specs", nargs="+")
    sv.add_argument("--hold", type=float, default=120)
    cn = sub.add_parser("connect")
    cn.add_argument("host")
    cn.add_argument("port", type=int)
    cn.add_argument("count", type=int)
    cn.add_argument("--then", choices=["hold", "close"], default="hold")
    cn.add_argument("--nonblock", action="store_true")
    cn.add_argument("--src")
    cn.add_argument("--keepalive", action="store_true")
    cn.add_argument("--hold", type=float, default=120)
    ch = sub.add_parser("churn")
    ch.add_argument("port", type=int)
    ch.add_argument("count", type=int)
    args = p.parse_args()
    if getattr(args, "hold", 0) > 600 or getattr(args, "count", 0) > 20000:
        sys.exit("tcp_hold.py: at most --hold 600 and 20000 connections")
    {"serve": serve, "connect": connect, "churn": churn}[args.cmd](args)


if __name__ == "__main__":
    main()
