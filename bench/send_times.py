#!/usr/bin/python3
"""send_times.py — how late an exporter's probes leave, seen from outside it (bench/exporter.sh).

  send_times.py N INTERVAL_US SECONDS SPLIT    (root, inside the bench's namespace)

Reads the ICMP echo requests sent through lo (an AF_PACKET socket bound to IPv4 on lo,
which sees each packet once, as lo takes it in, the moment it is sent; a classic BPF
filter keeps ICMP type 8), each with its kernel timestamp (SO_TIMESTAMPNS), for
at most SECONDS, or until 2 s pass without one after the first. The targets are
127.10.0.0 + i (i = 0 .. N-1), probed in turn one every INTERVAL_US: ping --serve's schedule
puts probe k (target k mod N, round k div N) at the first probe's time plus k x INTERVAL_US.
Each captured probe's lateness is its time minus that (its round found by rounding, so a
probe later than half a cycle would be misplaced, so a figure near half a cycle means "that late or later"). Prints "ready" once
listening, then two lines, for the rounds before SPLIT and for those from SPLIT on:
"captured DROPS P50_US P99_US MAX_US" (DROPS: what the socket could not keep, in all).
"""
import ctypes
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
SO_ATTACH_FILTER = 26
SO_TIMESTAMPNS = 35
SOL_PACKET = 263
PACKET_STATISTICS = 6
# ldb [9]; jeq ICMP; ldb [20]; jeq ECHO; accept 64; drop.
FILTER = [(0x30, 0, 0, 9), (0x15, 0, 3, 1), (0x30, 0, 0, 20), (0x15, 0, 1, 8),
          (0x06, 0, 0, 64), (0x06, 0, 0, 0)]


def open_socket():
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_IP))
    prog = b"".join(struct.pack("HBBI", *ins) for ins in FILTER)
    buf = ctypes.create_string_buffer(prog)
    fprog = struct.pack("HL", len(FILTER), ctypes.addressof(buf))
    s.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, fprog)
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 20)
    s.bind(("lo", ETH_P_IP))
    return s, buf


def capture(s, seconds):
    """(ns, target index) of each request, in the order captured."""
    out = []
    end = time.monotonic() + seconds
    s.settimeout(30.0)
    while time.monotonic() < end:
        try:
            data, anc, _, _ = s.recvmsg(64, 64)
        except socket.timeout:
            break
        if out:
            s.settimeout(2.0)
        sec, nsec = struct.unpack("qq", anc[0][2][:16])
        dst = data[16:20]
        if dst[0] == 127 and dst[1] == 10:
            out.append((sec * 1_000_000_000 + nsec, dst[2] * 256 + dst[3]))
    return out


def lateness(probes, n, iv_ns, split):
    """Microseconds each probe left after its place in the schedule, sorted: those of
    the rounds before split, and those of the rest."""
    t0 = probes[0][0]
    cycle = n * iv_ns
    late = ([], [])
    for ts, i in probes:
        rnd = round((ts - t0 - i * iv_ns) / cycle)
        late[rnd >= split].append((ts - t0 - (rnd * n + i) * iv_ns) / 1000)
    return sorted(late[0]), sorted(late[1])


def summary(late, drops):
    if not late:
        return "0 %d - - -" % drops
    pick = lambda q: late[min(len(late) - 1, int(q * len(late)))]
    return "%d %d %.0f %.0f %.0f" % (len(late), drops, pick(0.5), pick(0.99), late[-1])


def main():
    n, iv_us, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    split = int(sys.argv[4])
    s, _keep = open_socket()
    print("ready", flush=True)
    probes = capture(s, seconds)
    _, drops = struct.unpack("II", s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
    before, after = lateness(probes, n, int(iv_us * 1000), split) if probes else ([], [])
    print(summary(before, drops))
    print(summary(after, drops))
    return 0 if probes else 1


if __name__ == "__main__":
    sys.exit(main())
