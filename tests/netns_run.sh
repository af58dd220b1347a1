#!/usr/bin/env bash
# netns_run.sh CMD... — run CMD in a throw-away network namespace that has only
# loopback and a resolv.conf naming 127.0.0.1, so no test (a lookup of
# nosuch.invalid included) can reach the machine's own resolver or network.
# The namespace is removed on any exit. Needs root.
set -euo pipefail
ns="ndxu$$"
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "/etc/netns/$ns"; }
trap cleanup EXIT
trap 'exit 130' INT   # a signal ends the script through the EXIT trap: no namespace left
trap 'exit 143' TERM
mkdir -p "/etc/netns/$ns"
echo "nameserver 127.0.0.1" > "/etc/netns/$ns/resolv.conf"
ip netns add "$ns"
ip -n "$ns" link set lo up
# ICMP datagram sockets for everyone, as most distributions allow.
ip netns exec "$ns" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
# No ICMP rate limits, as in the lab (tests/lab/lab.sh): the kernel's defaults (1000 errors
# a second, a burst of 50, per namespace) drop errors a test counts on.
for kv in net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 \
	net.ipv4.icmp_msgs_per_sec=1000000 net.ipv4.icmp_msgs_burst=1000000; do
	ip netns exec "$ns" sysctl -qw "$kv" 2>/dev/null || echo "netns_run: cannot set $kv" >&2
done
ip netns exec "$ns" "$@"
