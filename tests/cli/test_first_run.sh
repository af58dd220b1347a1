#!/usr/bin/env bash
# test_first_run.sh — a user without root, without cap_net_raw and outside
# net.ipv4.ping_group_range ("1 0": nobody may open an ICMP datagram socket) runs every
# tool: those that need a socket they cannot have print one line that names the option
# given and says what to do (setcap on this very file, or the sysctl), exit 2; doing what
# the line says then makes the same command work. nslookup and tcpstate need nothing.
. "$(dirname "$0")/netns_prelude.sh"
nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
chmod 755 "$tmp"
for t in ping traceroute pathping mtr nslookup tcpstate; do
	cp "$build/bin/$t" "$tmp/$t" && chmod 755 "$tmp/$t"
done
both='this user may open neither a raw socket (cap_net_raw) nor an ICMP datagram socket'
sysctl_advice='or sysctl -w net.ipv4.ping_group_range="0 2147483647"'

# refused NAME EXPECTED TOOL ARG...: TOOL ARG... as nobody exits 2 with exactly the one
# line EXPECTED on stderr and nothing on stdout.
refused() {
	local name=$1 want=$2 t=$3
	shift 3
	bad "$name" "$want" timeout 10 "${nobody[@]}" "$tmp/$t" "$@"
}
# icmp_line TOOL WHAT: the line for probes an ICMP datagram socket would do.
icmp_line() { echo "$1: $2: $both: as root, run setcap cap_net_raw+p $tmp/$1, $sysctl_advice"; }
# raw_line TOOL WHAT: the line for probes only a raw socket can send.
raw_line() {
	echo "$1: $2: need a raw socket (cap_net_raw): as root, run setcap cap_net_raw+p $tmp/$1, or run $1 as root"
}

sysctl -qw net.ipv4.ping_group_range="1 0"
refused "ping" "$(icmp_line ping "ICMP echo probes")" ping -c 1 127.0.0.1
refused "ping -6" "$(icmp_line ping "ICMP echo probes")" ping -6 -c 1 ::1
refused "ping, a sweep" "$(icmp_line ping "ICMP echo probes")" ping -c 1 127.0.0.1 127.0.0.2
refused "traceroute -I" "$(icmp_line traceroute "-I (ICMP echo probes)")" traceroute -n -I 127.0.0.1
refused "traceroute -T" "$(raw_line traceroute "-T (TCP SYN probes)")" traceroute -n -T 127.0.0.1
refused "traceroute --raw" "$(raw_line traceroute "--raw (UDP from a raw socket)")" \
	traceroute -n --raw 127.0.0.1
refused "traceroute -P" "$(raw_line traceroute "-P (raw IP probes)")" traceroute -n -P 47 127.0.0.1
refused "mtr" "$(icmp_line mtr "ICMP echo probes")" mtr -r -n -c 1 127.0.0.1
refused "mtr -T" "$(raw_line mtr "-T (TCP SYN probes)")" mtr -T -r -n -c 1 127.0.0.1
refused "pathping" "$(icmp_line pathping "ICMP echo probes")" pathping -n -q 1 127.0.0.1

# What needs no privilege works as it is.
"${nobody[@]}" "$tmp/traceroute" -n -q 1 -m 2 127.0.0.1 >/dev/null 2>&1
t_assert_eq "traceroute (UDP) as nobody: exit 0" 0 $?
"${nobody[@]}" "$tmp/mtr" -u -r -n -c 1 127.0.0.1 >/dev/null 2>&1
t_assert_eq "mtr -u as nobody: exit 0" 0 $?
"${nobody[@]}" "$tmp/tcpstate" --no-owners >/dev/null 2>&1
t_assert_eq "tcpstate as nobody: exit 0" 0 $?
out=$(timeout 10 "${nobody[@]}" "$tmp/nslookup" -timeout=1 -retry=1 host.test 127.0.0.1 2>&1)
t_assert_eq "nslookup as nobody: asks 127.0.0.1, nobody listens: exit 1" 1 $?
t_assert_match "nslookup as nobody: BIND's words" "no servers could be reached" "$out"

# Doing what the line says: the sysctl, then (with the sysctl undone) the setcap.
sysctl -qw net.ipv4.ping_group_range="0 2147483647"
for cmd in "ping -c 1 127.0.0.1" "traceroute -n -I -q 1 -m 2 127.0.0.1" \
	"mtr -r -n -c 1 127.0.0.1" "pathping -n -q 1 -p 10 127.0.0.1"; do
	read -ra argv <<<"$cmd"
	timeout 20 "${nobody[@]}" "$tmp/${argv[0]}" "${argv[@]:1}" >/dev/null 2>&1
	t_assert_eq "after the sysctl it says: $cmd as nobody, exit 0" 0 $?
done
sysctl -qw net.ipv4.ping_group_range="1 0"
for cmd in "ping -c 1 127.0.0.1" "traceroute -n -T -q 1 -m 2 127.0.0.1" \
	"traceroute -n -I -q 1 -m 2 127.0.0.1" "mtr -T -r -n -c 1 127.0.0.1" \
	"pathping -n -q 1 -p 10 127.0.0.1"; do
	read -ra argv <<<"$cmd"
	setcap cap_net_raw+p "$tmp/${argv[0]}"
	timeout 20 "${nobody[@]}" "$tmp/${argv[0]}" "${argv[@]:1}" >/dev/null 2>&1
	t_assert_eq "after the setcap it says: $cmd as nobody, exit 0" 0 $?
done

t_summary
