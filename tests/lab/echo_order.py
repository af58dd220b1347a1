#!/usr/bin/python3
"""echo_order.py — the ICMP echo requests that leave through one interface, in the order
they go (tests/lab/test_ping_spacing.sh). Not a product.

  echo_order.py IFACE COUNT SECONDS    (root, inside the lab namespace that sends)

Reads outgoing IPv4 echo requests on IFACE (an AF_PACKET socket; only what this
namespace sends: PACKET_OUTGOING) with their kernel timestamps (SO_TIMESTAMPNS), until
COUNT are seen or SECONDS pass. Prints "ready" once listening (on stderr), then one line
per request: "DESTINATION NANOSECONDS", the time relative to the first request.
"""
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003  # what a host sends reaches only packet sockets of every protocol
ETH_P_IP = 0x0800
SO_TIMESTAMPNS = 35
PACKET_OUTGOING = 4


def main():
    iface, count, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_ALL))
    s.bind((iface, ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    print("ready", file=sys.stderr, flush=True)
    end = time.monotonic() + seconds
    seen, first = 0, None
    while seen < count and time.monotonic() < end:
        s.settimeout(max(0.01, end - time.monotonic()))
        try:
            data, anc, _, addr = s.recvmsg(2048, 64)
        except socket.timeout:
            break
        if addr[1] != ETH_P_IP or addr[2] != PACKET_OUTGOING or len(data) < 28 or data[9] != 1:
            continue
        ihl = (data[0] & 15) * 4
        if data[ihl] != 8:
            continue
        ts = next((struct.unpack("qq", d[:16]) for lvl, t, d in anc
                   if lvl == socket.SOL_SOCKET and t == SO_TIMESTAMPNS), None)
        ns = ts[0] * 10**9 + ts[1] if ts else time.monotonic_ns()
        first = ns if first is None else first
        print(socket.inet_ntoa(data[16:20]), ns - first, flush=True)
        seen += 1


main()
