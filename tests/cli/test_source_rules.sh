#!/usr/bin/env bash
# test_source_rules.sh — rules of DESIGN.md that the source itself must keep:
# libcap only in common/priv.c; sockets only in common/sock.c; front-ends never talk
# to the kernel directly; every binary is built from common/ and its own directory.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
. tests/lab/lib.sh

sources() { git ls-files '*.c' '*.h' 2>/dev/null || find common ping traceroute pathping mtr nslookup -name '*.[ch]'; }

strays=$(sources | grep -v '^common/priv\.c$' | grep -v '^tests/' | xargs grep -lE '\bcap_[a-z_]+\s*\(' 2>/dev/null)
t_assert_eq "libcap is called only from common/priv.c" "" "$strays"

strays=$(sources | grep -vE '^common/sock\.c$|^common/route\.c$|^common/dns/|^tests/' |
	xargs grep -lE '\b(socket|sendmsg|recvmsg|sendto|recvfrom)\s*\(' 2>/dev/null)
t_assert_eq "sockets are opened and used only in common/sock.c, route.c, dns/" "" "$strays"

strays=$(sources | grep -E '^(ping|traceroute|pathping|mtr|nslookup)/' |
	xargs grep -lE '#include <(sys/socket|netinet/ip|sys/capability|linux/filter)\.h>' 2>/dev/null)
t_assert_eq "front-ends include no socket or capability headers" "" "$strays"

t_summary
