#!/usr/bin/env python3
"""dccp_reset.py — a DCCP stack's answer where the kernel has none (Linux 6.16 removed
DCCP), for traceroute -D's tests: run it in the target's namespace; every DCCP-Request
that reaches it (IPv4) is answered with a Reset (code 2, "connection refused", RFC 4340
5.6) that acknowledges the Request's sequence number, as a DCCP stack without a
listener answers. It only answers the address a Request came from.

  dccp_reset.py [--seconds S] [--count N] [--wrong-ack]

prints "ready" once its raw socket is open, then one line per Reset ("reset PORT SEQ"),
and ends after S seconds (default 30, at most 120) or N Resets (default 1000).
--wrong-ack acknowledges the Request's sequence number with its top byte changed (an
answer to no probe of ours: one above would be the next probe's).
"""
import argparse
import socket
import struct
import time

DCCP = 33
TYPE_REQUEST, TYPE_RESET = 0, 7


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def reset_for(req, src, dst, wrong):
    """The Reset answering Request req (its DCCP bytes) sent from src to dst."""
    sport, dport = struct.unpack("!HH", req[:4])
    seq = req[10:16]
    if wrong:
        seq = bytes([seq[0] ^ 0xFF]) + seq[1:]  # another connection's, not a later probe's
    hdr = struct.pack("!HHBBHBB", dport, sport, 7, 0, 0, TYPE_RESET << 1 | 1, 0)
    hdr += seq  # the Reset's own sequence number: any will do
    hdr += b"\0\0" + seq  # acknowledgement: the Request's sequence number
    hdr += bytes([2, 0, 0, 0])  # reset code 2: connection refused
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!HH", DCCP, len(hdr))
    ck = checksum(pseudo + hdr)
    return hdr[:6] + struct.pack("!H", ck) + hdr[8:], sport, seq


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--wrong-ack", action="store_true")
    a = ap.parse_args()
    deadline = time.monotonic() + min(max(a.seconds, 0), 120)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, DCCP)
    print("ready", flush=True)
    sent = 0
    while sent < a.count and time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            pkt, (peer, _) = s.recvfrom(65535)
        except socket.timeout:
            break
        hl = (pkt[0] & 0x0F) * 4
        req = pkt[hl:]
        if len(req) < 16 or not req[8] & 1 or (req[8] >> 1) & 0x0F != TYPE_REQUEST:
            continue
        me = socket.inet_ntoa(pkt[16:20])
        reset, port, seq = reset_for(req, me, peer, a.wrong_ack)
        s.sendto(reset, (peer, 0))
        sent += 1
        print("reset %d %s" % (port, seq.hex()), flush=True)


if __name__ == "__main__":
    main()
