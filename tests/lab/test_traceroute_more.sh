#!/usr/bin/env bash
# test_traceroute_more.sh — traceroute 2.x's last options (issue 15): -UL (UDP-Lite),
# -D (DCCP), -M tcpconn, -g (loose source routing) and -d (SO_DEBUG). Each is checked
# on the wire (an nftables counter in the client's output hook must count exactly the
# probes the run says it sent: protocol 136 or 33, the LSRR option 131), against
# traceroute 2.x on the same path (times masked), and in --json; then as nobody.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT
lab_up --routers 2 || exit 1
T4=$LAB_TARGET4
T6=$LAB_TARGET6

# on_wire NAME RULE ARGS...: our traceroute --json ARGS...; every probe it sent (its
# counters.sent) matched RULE, and the trace reached the target; the document in
# $tmp/doc.json.
on_wire() {
	local name=$1 rule=$2 sent
	shift 2
	tr_counting "$rule"
	lab_exec c "$TR" --json -n "$@" >"$tmp/doc.json"
	sent=$(jq .counters.sent "$tmp/doc.json")
	t_assert_eq "$name: reached" true "$(jq .reached "$tmp/doc.json")"
	t_assert_eq "$name: all $sent probes matched '$rule'" "$sent" "$(tr_counted)"
}

# tail_golden NAME OURS_ARGS -- REF_ARGS: the hop lines (the header aside) of ours and
# of 2.x with other arguments are the same, times masked (up to TR_TRIES runs).
tail_golden() {
	local name=$1 ours ref i a=() b=()
	shift
	while [[ $1 != -- ]]; do a+=("$1"); shift; done
	shift
	b=("$@")
	for ((i = 0; i < TR_TRIES; i++)); do
		ours=$(tr_ours "${a[@]}" | tail -n +2)
		ref=$(tr_ref "${b[@]}" | tail -n +2)
		[[ $ours == "$ref" ]] && break
	done
	t_assert_eq "$name" "$ref" "$ours"
}

cp "$TR" "$tmp/traceroute"
chmod 755 "$tmp/traceroute"
nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)

# --- -UL: UDP-Lite, a socket per probe, no privilege -----------------------------------
tr_golden "-UL" -n -UL "$T4"
tr_golden "-M udplite" -n -M udplite "$T4"
tr_golden "-UL -p 4000" -n -UL -p 4000 "$T4"
tr_golden "-UL, IPv6" -n -6 -UL "$T6"
tr_golden "-UL -O coverage=8" -n -UL -O coverage=8 "$T4"
on_wire "-UL" "meta l4proto udplite udplite dport 53" -UL "$T4"
t_assert_eq "-UL in --json" "udplite 53 false" "$(jq -r '"\(.method) \(.port) \(.paris)"' "$tmp/doc.json")"
on_wire "-UL, IPv6" "meta l4proto udplite udplite dport 53" -6 -UL "$T6"
# the coverage field (UDP-Lite's length field) is 8, not the whole datagram's 40
on_wire "-UL -O coverage=8" "meta l4proto udplite @th,32,16 8" -UL -O coverage=8 "$T4"
t_assert_eq "-O coverage=8 in --json" 8 "$(jq .coverage "$tmp/doc.json")"
on_wire "-UL, full coverage (the datagram's 40 bytes)" "meta l4proto udplite @th,32,16 40" -UL "$T4"
# each probe from its own port: as many source ports as probes
printf 'table inet trcount\ndelete table inet trcount\ntable inet trcount {\n set ports { type inet_service; size 1024; flags dynamic; }\n chain out {\n  type filter hook output priority 0; policy accept;\n  meta l4proto udplite add @ports { udplite sport }\n }\n}\n' |
	lab_exec c nft -f -
lab_exec c "$TR" --json -n -q 3 -N 1 -UL "$T4" >"$tmp/doc.json"
t_assert_eq "-UL: a source port per probe" "$(jq .counters.sent "$tmp/doc.json")" \
	"$(lab_exec c nft -j list set inet trcount ports | jq '.nftables[] | select(.set) | .set.elem | length')"
out=$(lab_exec c "${nobody[@]}" "$tmp/traceroute" -n -q 1 -N 1 -UL "$T4" 2>&1)
t_assert_eq "as nobody, -UL works (3 hops)" 4 "$(wc -l <<<"$out")"

# --- -D: DCCP-Requests from a raw socket ------------------------------------------------
# This kernel has no DCCP: 2.x's port-holding DCCP socket fails, and it stops.
lab_exec c traceroute -n -D "$T4" >"$tmp/out" 2>"$tmp/err"
t_assert_eq "traceroute 2.x -D on this kernel: exit 1" 1 "$?"
t_assert_eq "traceroute 2.x -D on this kernel: its line" "socket: Socket type not supported" \
	"$(grep . "$tmp/err")"
tr_check "-D: the destination answers protocol unreachable (!P)" \
	"$(printf 'traceroute to %s (%s), 30 hops max, 40 byte packets\n 1  %s\n 2  %s\n 3  %s !P !P !P' \
		"$T4" "$T4" "$LAB_HOP4_1" "$LAB_HOP4_2" "$T4")" -n -D "$T4"
tail_golden "-D: the hops of 2.x's -P 33 (bare protocol 33)" -n -D "$T4" -- -n -P 33 "$T4"
tail_golden "-D, IPv6: the hops of 2.x's -P 33" -n -6 -D "$T6" -- -n -6 -P 33 "$T6"
tr_check "-M dccp, IPv6: 60 byte packets" \
	"$(printf 'traceroute to %s (%s), 1 hops max, 60 byte packets\n 1  %s' "$T6" "$T6" "$LAB_HOP6_1")" \
	-n -6 -M dccp -q 1 -m 1 "$T6"
# a DCCP-Request (type 0, X set) to port 33434, service code 1885957735, 20 bytes
req='meta l4proto 33 @th,16,16 33434 @th,32,8 5 @th,64,8 1 @th,128,32 1885957735'
on_wire "-D" "$req" -D "$T4"
t_assert_eq "-D in --json" "dccp 33434 40" "$(jq -r '"\(.method) \(.port) \(.packet_len)"' "$tmp/doc.json")"
on_wire "-D -p 5000, IPv6" "meta l4proto 33 @th,16,16 5000" -6 -D -p 5000 "$T6"
on_wire "-D --sport 40001" "meta l4proto 33 @th,0,16 40001" -D --sport 40001 "$T4"
# A destination with DCCP answers Reset, which acknowledges the Request's sequence
# number (dccp_reset.py plays that stack; the target's kernel, which has none, stays
# silent): the probe arrived, no mark. A Reset acknowledging no probe of ours counts
# foreign and answers nothing.
printf 'table inet trnoprot {\n chain out {\n  type filter hook output priority 0; policy accept;\n  icmp type destination-unreachable icmp code prot-unreachable drop\n }\n}\n' |
	lab_exec t nft -f -
for wrong in "" --wrong-ack; do
	ip netns exec "$LAB_NS_TARGET" python3 tests/lab/dccp_reset.py --seconds 30 $wrong >"$tmp/reset.out" 2>&1 &
	rpid=$!
	pids+=("$rpid")
	t_wait_for 10 grep -q '^ready' "$tmp/reset.out" || t_fail "dccp_reset" "not ready: $(cat "$tmp/reset.out")"
	lab_exec c "$TR" --json -n -q 1 -m 4 -w 1 -D "$T4" >"$tmp/doc.json"
	kill "$rpid" 2>/dev/null
	wait "$rpid" 2>/dev/null
	if [[ -z $wrong ]]; then
		t_assert_eq "-D, a DCCP stack's Reset: reached, no ICMP, no mark" "true null null" \
			"$(jq -r '"\(.reached) \(.hops[-1].probes[0].icmp) \(.hops[-1].probes[0].annotation)"' "$tmp/doc.json")"
		t_assert_eq "-D, a DCCP stack's Reset: the destination is hop 3" "3 $T4" \
			"$(jq -r '"\(.hops[-1].ttl) \(.hops[-1].probes[0].addr)"' "$tmp/doc.json")"
	else
		t_assert_eq "-D, Resets to no probe: never reached" false "$(jq .reached "$tmp/doc.json")"
		t_assert_range "-D, Resets to no probe: counted foreign" 1 1000 "$(jq .counters.foreign "$tmp/doc.json")"
	fi
done
lab_exec t nft delete table inet trnoprot
out=$(lab_exec c "${nobody[@]}" "$tmp/traceroute" -n -D "$T4" 2>&1)
t_assert_eq "as nobody, -D: exit 2" 2 "$?"
t_assert_eq "as nobody, -D: the line that says what to do" \
	"traceroute: -D (DCCP probes): need a raw socket (cap_net_raw): as root, run setcap cap_net_raw+p $tmp/traceroute, or run traceroute as root" \
	"$out"

# --- -M tcpconn: connect() per probe, no privilege -------------------------------------
tr_golden "-M tcpconn (port 80 closed: RST)" -n -M tcpconn "$T4"
tr_golden "-M tcpconn, IPv6" -n -6 -M tcpconn "$T6"
syn='tcp flags & (syn | ack) == syn'
on_wire "-M tcpconn" "tcp dport 80 $syn" -M tcpconn "$T4"
t_assert_eq "-M tcpconn in --json" "tcpconn 80 RA" \
	"$(jq -r '"\(.method) \(.port) \(.hops[-1].probes[0].tcp_flags)"' "$tmp/doc.json")"
# a listening service: the connection completes (SYN-ACK), then is reset, not closed
ip netns exec "$LAB_NS_TARGET" python3 tests/lab/tcp_hold.py serve 8080:hold --hold 60 \
	>"$tmp/hold.out" 2>&1 &
pids+=("$!")
t_wait_for 10 grep -q '^ready' "$tmp/hold.out" || t_fail "tcp_hold" "not ready: $(cat "$tmp/hold.out")"
tr_golden "-M tcpconn -p 8080 (open: SYN-ACK)" -n -M tcpconn -p 8080 "$T4"
tr_counting "tcp dport 8080 tcp flags & (fin | rst) == rst" "tcp dport 8080 tcp flags & fin == fin"
lab_exec c "$TR" --json -n -q 1 -N 1 -M tcpconn -p 8080 "$T4" >"$tmp/doc.json"
t_assert_eq "-M tcpconn -p 8080: SYN-ACK in --json" SA "$(jq -r '.hops[-1].probes[0].tcp_flags' "$tmp/doc.json")"
t_assert_eq "-M tcpconn -p 8080: the connection reset (RST), never closed (FIN)" "1 0" "$(tr_counted)"
# a silent hop: its probes are given up (their sockets closed, the kernel's SYN
# resends with them), as 2.x prints them
printf 'table inet trsil {\n chain out {\n  type filter hook output priority 0; policy accept;\n  icmp type time-exceeded drop\n }\n}\n' |
	lab_exec r1 nft -f -
tr_golden "-M tcpconn, hop 1 silent" -n -w 2 -M tcpconn "$T4"
lab_exec r1 nft delete table inet trsil
out=$(lab_exec c "${nobody[@]}" "$tmp/traceroute" -n -q 1 -N 1 -M tcpconn "$T4" 2>&1)
t_assert_eq "as nobody, -M tcpconn works (3 hops)" 4 "$(wc -l <<<"$out")"

# --- --explain names what was sent ---------------------------------------------------------
for m in "-UL:UDP-Lite datagrams to $T4 port 53, each from its own" "-D:DCCP-Requests to $T4 port 33434" \
	"-M tcpconn:TCP SYN segments \\(connect\\(\\) calls\\) to $T4 port 80"; do
	t_assert_match "--explain ${m%%:*}" "${m#*:}" \
		"$(lab_exec c "$TR" --explain -n -q 1 ${m%%:*} "$T4" | tr -s ' \n' ' ')"
done

# --- -g: loose source routing ----------------------------------------------------------
# Every node accepts source-routed packets (the routers to forward them, the client the
# source-routed answers).
for n in $LAB_NODES; do
	lab_exec "$n" sh -c 'for f in /proc/sys/net/ipv4/conf/*/accept_source_route; do echo 1 >"$f"; done'
done
want=$(tr_expect 2 4 | sed '1s/60 byte/72 byte/')
tr_check "-g HOP2: every hop, the gateway's and those before it too" "$want" -n -g "$LAB_HOP4_2" "$T4"
for m in -I -T -U --raw "-P 33" -D; do
	out=$(tr_ours -n -q 1 -g "$LAB_HOP4_2" $m "$T4" | tail -n 1)
	t_assert_match "-g HOP2 $m: the destination answers" "^ 3  $T4( !P)?$" "$out"
done
# 2.x shows the hops up to the gateway only with tcpconn (a raw ICMP socket); its
# other methods match the quote's destination against the target's and print "*"
tail_golden "-g HOP2: the hops of 2.x -M tcpconn -g" -n -g "$LAB_HOP4_2" "$T4" -- \
	-n -M tcpconn -g "$LAB_HOP4_2" "$T4"
t_assert_eq "-g HOP2: 2.x's default method prints * up to the gateway" \
	"$(printf ' 1  * * *\n 2  * * *\n 3  %s' "$T4")" "$(tr_ref -n -g "$LAB_HOP4_2" "$T4" | tail -n +2)"
tail_golden "-g HOP2,HOP1 (there and back: 5 hops, the answers of 3 and 4 lost on their way)" \
	-n -g "$LAB_HOP4_2,$LAB_HOP4_1" "$T4" -- -n -M tcpconn -g "$LAB_HOP4_2" -g "$LAB_HOP4_1" "$T4"
# the option on the wire: a NOP, then LSRR (131) through the gateway to the target;
# the packet goes to the gateway
lsrr="ip daddr $LAB_HOP4_2 @nh,160,8 1 @nh,168,8 131 @nh,176,8 11 @nh,184,8 4 ip option lsrr exists"
on_wire "-g" "$lsrr" -g "$LAB_HOP4_2" "$T4"
t_assert_eq "-g: 72 byte packets, the gateway in --json" "72 [\"$LAB_HOP4_2\"]" \
	"$(jq -c '[.packet_len, .gateways] | "\(.[0]) \(.[1])"' -r "$tmp/doc.json")"
on_wire "-g -T" "$lsrr tcp dport 80 $syn" -g "$LAB_HOP4_2" -T "$T4"
on_wire "-g -I" "$lsrr" -g "$LAB_HOP4_2" -I "$T4"
on_wire "-g -D" "$lsrr meta l4proto 33" -g "$LAB_HOP4_2" -D "$T4"
out=$(lab_exec c "${nobody[@]}" "$tmp/traceroute" -n -g "$LAB_HOP4_2" "$T4" 2>&1)
t_assert_eq "as nobody, -g: exit 2" 2 "$?"
t_assert_eq "as nobody, -g: the line that says what to do" \
	"traceroute: -g (source-routed probes): need a raw socket (cap_net_raw): as root, run setcap cap_net_raw+p $tmp/traceroute, or run traceroute as root" "$out"
lab_exec c "${nobody[@]}" traceroute -n -g "$LAB_HOP4_2" "$T4" >/dev/null 2>"$tmp/err"
t_assert_eq "as nobody, 2.x -g: the kernel's refusal" "setsockopt IP_OPTIONS: Operation not permitted" \
	"$(grep . "$tmp/err")"

# --- -d: SO_DEBUG (cap_net_admin kept until the sockets are open) -----------------------
tr_golden "-d" -n -d "$T4"
t_assert_eq "-d in --json; no gateways, no coverage" "true null null" \
	"$(lab_exec c "$TR" --json -n -q 1 -d "$T4" | jq -r '"\(.debug) \(.gateways) \(.coverage)"')"
tr_golden "-d -T" -n -d -T "$T4"
tr_golden "-d -I" -n -d -I "$T4"
out=$(lab_exec c "${nobody[@]}" "$tmp/traceroute" -n -d "$T4" 2>&1)
t_assert_eq "as nobody, -d: exit 2" 2 "$?"
t_assert_eq "as nobody, -d: one line" "traceroute: -d: SO_DEBUG needs cap_net_admin: run traceroute as root" "$out"
lab_exec c "${nobody[@]}" traceroute -n -d "$T4" >/dev/null 2>"$tmp/err"
t_assert_eq "as nobody, 2.x -d: the kernel's refusal" "setsockopt SO_DEBUG: Permission denied" \
	"$(grep . "$tmp/err")"
# at work, every capability is gone (cap_net_admin too): a silent target keeps it busy
tr_quiet_target
ip netns exec "$LAB_NS_CLIENT" "$TR" -n -d -q 1 -f 3 -m 3 -w 20 "$T4" >/dev/null 2>&1 &
tr_pid=$!
pids+=("$tr_pid")
t_wait_for 10 grep -q 'Seccomp:[[:space:]]*2' "/proc/$tr_pid/status"
st=$(cat "/proc/$tr_pid/status" 2>/dev/null)
t_assert_eq "-d at work: no capability permitted" "0000000000000000" "$(awk '/^CapPrm/ {print $2}' <<<"$st")"
t_assert_eq "-d at work: none effective" "0000000000000000" "$(awk '/^CapEff/ {print $2}' <<<"$st")"
lab_down
t_summary
