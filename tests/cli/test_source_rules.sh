#!/usr/bin/env bash
# test_source_rules.sh — rules of DESIGN.md that the source itself must keep:
# libcap only in common/priv.c; sockets only in common/sock.c; front-ends never talk
# to the kernel directly; every binary is built from common/ and its own directory.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
. tests/lab/lib.sh

sources() { git ls-files '*.c' '*.h' 2>/dev/null || find common ping traceroute pathping mtr nslookup -name '*.[ch]'; }

# calling FILE... REGEX: the files whose code (comments and string literals removed)
# matches REGEX.
calling() {
	local re=${!#} f
	for f in "${@:1:$#-1}"; do
		gcc -fpreprocessed -dD -E -P "$f" 2>/dev/null | sed -E 's/"([^"\\]|\\.)*"//g' |
			grep -qE "$re" && echo "$f"
	done
}

mapfile -t product < <(sources | grep -v '^tests/')
strays=$(calling "${product[@]}" '\bcap_[a-z_]+\s*\(' | grep -v '^common/priv\.c$')
t_assert_eq "libcap is called only from common/priv.c" "" "$strays"

strays=$(calling "${product[@]}" '\bseccomp_[a-z_]+\s*\(' | grep -v '^common/sandbox\.c$')
t_assert_eq "libseccomp is called only from common/sandbox.c" "" "$strays"

strays=$(calling "${product[@]}" '\b(socket|sendmsg|recvmsg|sendto|recvfrom|bind|connect)\s*\(' |
	grep -vE '^common/sock\.c$|^common/route\.c$|^common/dns/')
t_assert_eq "sockets are opened and used only in common/sock.c, route.c, dns/" "" "$strays"

strays=$(sources | grep -E '^(ping|traceroute|pathping|mtr|nslookup)/' |
	xargs grep -lE '#include <(sys/socket|netinet/ip|sys/capability|linux/filter)\.h>' 2>/dev/null)
t_assert_eq "front-ends include no socket or capability headers" "" "$strays"

t_summary
