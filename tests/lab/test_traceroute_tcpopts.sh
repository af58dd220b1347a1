#!/usr/bin/env bash
# test_traceroute_tcpopts.sh — -O for -T (traceroute 2.x's TCP method options): what
# the SYNs carry on the wire (nftables counters of flags, options, MSS value and IP
# length in the client's output hook) is what traceroute 2.x's carry for the same -O,
# probe for probe; the text is 2.x's (times masked), info's <rst,ack> included; ECN
# from the sysctl; --json says what was sent.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
tmp=$(mktemp -d)
trap 'lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT
lab_up --routers 2 || exit 1

syn='ip protocol tcp tcp flags & (syn | ack) == syn' # SYNs, not the kernel's RSTs
rules=("$syn" "$syn tcp option maxseg exists" "$syn tcp option maxseg size 1000"
	"$syn tcp option sack-perm exists" "$syn tcp option timestamp exists"
	"$syn tcp option window exists" "$syn tcp flags & (ecn | cwr) == ecn | cwr"
	"$syn tcp flags & psh == psh" "$syn tcp flags & urg == urg" "$syn ip length 44"
	"$syn ip length 48" "$syn ip length 56" "$syn ip length 60")

# wire TOOL ARGS...: the counters of one -N 1 -q 1 -m 1 TCP probe of TOOL (one SYN).
wire() {
	local tool=$1
	shift
	tr_counting "${rules[@]}"
	lab_exec c "$tool" -T -n -q 1 -N 1 -m 1 "$@" "$LAB_TARGET4" >/dev/null 2>&1
	tr_counted
}

for o in "" mss=1000 sack timestamps window_scaling sack,timestamps sack,window_scaling \
	timestamps,window_scaling,mss=1400 ecn syn,psh syn,urg,ece sysctl sysctl,mss=1000 \
	flags=2 flags=66 info; do
	set -- ${o:+-O "$o"}
	ref=$(wire traceroute "$@")
	t_assert_match "-O ${o:-(none)}: 2.x sent one SYN" "^1 " "$ref"
	t_assert_eq "-O ${o:-(none)}: the SYN on the wire is 2.x's" "$ref" "$(wire "$TR" "$@")"
done

tr_golden "-O info" -n -T -O info "$LAB_TARGET4"
# (2.x over IPv6 now and then misses one of the destination's answers: ours alone)
TR_TAIL=1 tr_check "-O info, IPv6" " 3  fd00:0:0:3::1 <rst,ack>" -n -T -O info -6 "$LAB_TARGET6"
tr_golden "-O sack (48-byte probes)" -n -T -O sack "$LAB_TARGET4"
tr_golden "-O timestamps, packet length ignored (as 2.x)" -n -T -O timestamps "$LAB_TARGET4" 100
tr_golden "-O mss=1000,info -p 22" -n -T -O mss=1000,info -p 22 "$LAB_TARGET4"
TR_TAIL=1 tr_check "-O ecn,info: the destination answers the ECN SYN" " 3  10.0.3.1 <rst,ack>" \
	-n -T -O ecn,info "$LAB_TARGET4"

# ECN from the sysctl: tcp_ecn=1 asks for it (2 only accepts it, the default)
lab_exec c sysctl -qw net.ipv4.tcp_ecn=1
ref=$(wire traceroute -O sysctl)
ours=$(wire "$TR" -O sysctl)
lab_exec c sysctl -qw net.ipv4.tcp_ecn=2
t_assert_match "-O sysctl with tcp_ecn=1: 2.x's SYN has ECE and CWR" "^1 1 0 1 1 1 1 " "$ref"
t_assert_eq "-O sysctl with tcp_ecn=1: ours is the same" "$ref" "$ours"

lab_exec c "$TR" --json -n -q 1 -T -O ecn,sack "$LAB_TARGET4" >"$tmp/doc.json"
t_assert_eq "--json: the flags and options sent" '{"flags":"syn,ece,cwr","options":"mss,sack"}' \
	"$(jq -c .tcp_options "$tmp/doc.json")"
t_assert_eq "--json: the packet length" 48 "$(jq .packet_len "$tmp/doc.json")"
t_assert_eq "--json without -O: null" null \
	"$(lab_exec c "$TR" --json -n -q 1 -T "$LAB_TARGET4" | jq .tcp_options)"
lab_down

t_summary
