#!/usr/bin/env bash
# test_lab.sh — integration test of the lab itself (tests/lab/lab.sh). Run as root.
#
# Every probe runs inside a lab namespace (lab_exec) and goes only to lab addresses.
# Each test builds its own lab and tears it down; the EXIT trap removes whatever is left.
# Last line: "test_lab.sh: N passed, N failed" (non-zero exit on failure).
# shellcheck disable=SC2154 # the LAB_* variables come from lab_up
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lab/lib.sh
. "$here/lib.sh"
# shellcheck source=tests/lab/lab.sh
. "$here/lab.sh"
trap lab_down EXIT

# run CMD...
# CMD's stdout and stderr together; never fails (tests look at the text).
run() {
	"$@" 2>&1 || true
}

# in_client CMD...
# CMD in the client namespace, output captured as by run.
in_client() {
	run lab_exec c "$@"
}

# up NAME OPTIONS...
# lab_up, counted as a check; false when it failed (the test then stops). Not in a
# $(...) subshell: the lab's daemons must be children of this shell, which reaps them.
up() {
	local name=$1
	shift
	if lab_up "$@"; then
		t_pass "$name: lab_up $*"
		return 0
	fi
	t_fail "$name: lab_up $*" "failed (its message is above)"
	return 1
}

# down NAME
# lab_down, then check that nothing of the lab is left: namespaces, /etc/netns dirs,
# state dir, recorded processes.
down() {
	local name=$1 pids left pid rest
	pids=$(cat "$LAB_STATE/pids" 2>/dev/null || true)
	lab_down
	left=$(lab_namespaces "$LAB")
	t_assert_eq "$name: no namespace left" "" "$left"
	left=$(find /etc/netns -maxdepth 1 -name "$LAB-*" 2>/dev/null | tr '\n' ' ')
	t_assert_eq "$name: no /etc/netns dir left" "" "$left"
	t_assert_eq "$name: no state dir left" "" "$(find /run/netdx-lab -maxdepth 1 -name "$LAB" 2>/dev/null)"
	left=""
	while read -r pid _ rest; do
		[[ -n $pid && -e /proc/$pid ]] && left+="$pid($rest) "
	done <<<"$pids"
	t_assert_eq "$name: no process left" "" "$left"
}

# lab_namespaces LAB
# The namespaces of lab LAB that `ip netns list` shows, sorted, space separated. (Its
# stderr is dropped: listing while another run deletes a namespace can print "Peer netns
# reference is invalid".)
lab_namespaces() {
	ip netns list 2>/dev/null | awk -v p="$1-" 'index($1, p) == 1 { print $1 }' | sort | tr '\n' ' '
}

# rtt_field TEXT N
# Field N (1 min, 2 avg, 3 max, 4 mdev) of ping's "rtt min/avg/max/mdev = ..." line.
rtt_field() {
	sed -n 's|^rtt min/avg/max/mdev = \([0-9./]*\) ms.*$|\1|p' <<<"$1" | cut -d/ -f"$2"
}

# lost TEXT
# Transmitted minus received, from a ping summary.
lost() {
	sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' <<<"$1" |
		awk '{ print $1 - $2 }'
}

# unreachable_addresses
# Every global address of every node of the lab that the client cannot ping (one echo
# each): checks the routing of the whole topology, all inside the lab.
unreachable_addresses() {
	local node a bad=""
	for node in $LAB_NODES; do
		for a in $(lab_exec "$node" ip -o addr show scope global | awk '{ sub("/.*", "", $4); print $4 }'); do
			if ! lab_exec c ping -c 1 -W 1 "$a" >/dev/null 2>&1; then
				bad+="$node:$a "
			fi
		done
	done
	printf '%s' "$bad"
}

test_basic() {
	local t=basic out k ns
	up $t --routers 3 || return 0
	out=$(lab_namespaces "$LAB")
	t_assert_eq "$t: namespaces" "$LAB-c $LAB-r1 $LAB-r2 $LAB-r3 $LAB-t " "$out"
	out=""
	for ns in c r1 r2 r3 t; do
		out+=$(grep '^nameserver' "/etc/netns/$LAB-$ns/resolv.conf" | tr '\n' ' ')
	done
	t_assert_eq "$t: resolv.conf names only 127.0.0.1" "$(printf 'nameserver 127.0.0.1 %.0s' 1 2 3 4 5)" "$out"
	t_assert_eq "$t: addresses exported" "10.0.4.1 fd00:0:0:4::1 10.0.2.1 fd00:0:0:3::1" \
		"$LAB_TARGET4 $LAB_TARGET6 $LAB_HOP4_2 $LAB_HOP6_3"
	t_assert_eq "$t: lab_hop_addr" "10.0.2.1 fd00:0:0:3::1 10.1.2.1" \
		"$(lab_hop_addr 2 4) $(lab_hop_addr 3 6) $(lab_hop_addr 2 4 b)"
	t_assert_eq "$t: client ping_group_range" "0 2147483647" \
		"$(lab_exec c sysctl -n net.ipv4.ping_group_range | tr -s '\t ' ' ')"
	t_assert_eq "$t: routers forward" "1 1" \
		"$(lab_exec r2 sysctl -n net.ipv4.ip_forward) $(lab_exec r2 sysctl -n net.ipv6.conf.all.forwarding)"
	t_assert_eq "$t: last router has no default route" "" \
		"$(lab_exec r3 ip route show default)$(lab_exec r3 ip -6 route show default)"
	t_assert_eq "$t: every lab address reachable from the client" "" "$(unreachable_addresses)"
	out=$(lab_up --routers 2 2>&1) && t_fail "$t: lab_up of a lab that exists fails" "it succeeded"
	t_assert_match "$t: lab_up of a lab that exists fails" 'exists already' "$out"
	t_assert_match "$t: ...and leaves it alone" ' 1 received' \
		"$(in_client ping -c 1 -W 2 "$LAB_TARGET4")"

	out=$(in_client ping -c 2 -i 0.2 -W 2 "$LAB_TARGET4")
	t_assert_match "$t: target reachable over IPv4" ' 2 received' "$out"
	out=$(in_client ping -6 -c 2 -i 0.2 -W 2 "$LAB_TARGET6")
	t_assert_match "$t: target reachable over IPv6" ' 2 received' "$out"
	for k in 1 2 3; do
		out=$(in_client ping -c 1 -W 1 -t "$k" "$LAB_TARGET4")
		t_assert_match "$t: ttl $k expires at hop $k (v4)" \
			"From 10\\.0\\.$k\\.1 icmp_seq=1 Time to live exceeded" "$out"
		out=$(in_client ping -6 -c 1 -W 1 -t "$k" "$LAB_TARGET6")
		t_assert_match "$t: hop limit $k expires at hop $k (v6)" \
			"From fd00:0:0:$k::1 icmp_seq=1 Time exceeded: Hop limit" "$out"
	done
	# --udp reject is the default: port unreachable from the target ends the trace.
	out=$(in_client traceroute -n -U -p 33434 -q 1 -w 1 -m 6 "$LAB_TARGET4")
	t_assert_match "$t: traceroute -U sees every hop, then the target" \
		$' 1  10\\.0\\.1\\.1 .*\n 2  10\\.0\\.2\\.1 .*\n 3  10\\.0\\.3\\.1 .*\n 4  10\\.0\\.4\\.1  [0-9.]+ ms$' "$out"
	# A lookup stays inside the lab: the client's resolver is 127.0.0.1, nothing answers.
	out=$(in_client getent hosts nosuch.invalid)
	t_assert_eq "$t: name lookup stays in the lab (fails)" "" "$out"
	if lab_exec r9 true 2>/dev/null; then
		t_fail "$t: lab_exec on a missing namespace fails" "it ran"
	else
		t_pass "$t: lab_exec on a missing namespace fails"
	fi
	down $t
	if lab_exec c true 2>/dev/null; then
		t_fail "$t: lab_exec after lab_down fails" "it ran"
	else
		t_pass "$t: lab_exec after lab_down fails"
	fi
	lab_down # idempotent
	t_pass "$t: second lab_down is harmless"
}

test_silent() {
	local t=silent out
	up $t --routers 3 --silent 2 --no-ping-group || return 0
	t_assert_eq "$t: --no-ping-group leaves ping_group_range alone" "1 0" \
		"$(lab_exec c sysctl -n net.ipv4.ping_group_range | tr -s '\t ' ' ')"
	out=$(in_client ping -c 1 -W 1 -t 2 "$LAB_TARGET4")
	t_assert_no_match "$t: hop 2 sends no time exceeded (v4)" 'Time to live exceeded' "$out"
	out=$(in_client ping -6 -c 1 -W 1 -t 2 "$LAB_TARGET6")
	t_assert_no_match "$t: hop 2 sends no time exceeded (v6)" 'Time exceeded' "$out"
	out=$(in_client ping -c 1 -W 1 -t 3 "$LAB_TARGET4")
	t_assert_match "$t: hop 3 still answers (v4)" 'From 10\.0\.3\.1 icmp_seq=1 Time to live exceeded' "$out"
	out=$(in_client ping -6 -c 1 -W 1 -t 3 "$LAB_TARGET6")
	t_assert_match "$t: hop 3 still answers (v6)" 'From fd00:0:0:3::1 icmp_seq=1 Time exceeded' "$out"
	out=$(in_client ping -c 1 -W 2 "$LAB_TARGET4")
	t_assert_match "$t: hop 2 still forwards" ' 1 received' "$out"
	down $t
}

test_loss() {
	local t=loss out n
	up $t --routers 3 --loss 2:30 || return 0
	# Router 2 drops 30% of what it forwards toward the target (the default direction),
	# so 30% of the echo requests. Lost out of 200: binomial mean 60, sd 6.5; the
	# two-sided 99.9% interval is 60 ± 3.29 sd = 39..81 (19.5%..40.5%).
	out=$(in_client ping -q -c 200 -i 0.01 -W 1 "$LAB_TARGET4")
	n=$(lost "$out")
	t_assert_match "$t: 200 echoes sent" '^200 packets transmitted' "$(grep transmitted <<<"$out")"
	t_assert_range "$t: 30% of 200 echoes lost (lost count)" 39 81 "$n"
	echo "  measured: $n/200 lost"
	down $t

	# Direction: with in, router 2 drops only what travels toward the client. Its own
	# time exceeded is not forwarded and gets through; router 3's crosses it and dies.
	up $t --routers 3 --loss 2:100:in || return 0
	out=$(in_client ping -c 1 -W 1 -t 2 "$LAB_TARGET4")
	t_assert_match "$t: in: hop 2's own reply passes" 'From 10\.0\.2\.1 .*Time to live exceeded' "$out"
	out=$(in_client ping -c 1 -W 1 -t 3 "$LAB_TARGET4")
	t_assert_no_match "$t: in: hop 3's reply is dropped at hop 2" 'Time to live exceeded' "$out"
	down $t
}

test_delay() {
	local t=delay out min avg max
	up $t --routers 3 --delay 2:20 || return 0
	# Router 2 holds each forwarded packet 20 ms and both the echo request and the reply
	# cross it: RTT = 2 × 20 ms plus the helper's overhead (measured about 0.3-0.6 ms for
	# both crossings together on the 2-core VM). Never below 40 (a packet leaves only
	# when due). A loaded machine holds packets longer, never shorter: every figure is
	# checked from below; from above only the smallest of the round trips (one of them
	# unhindered is enough), against the delay applied twice per crossing (80 ms).
	out=$(in_client ping -c 20 -i 0.05 -W 2 "$LAB_TARGET4")
	min=$(rtt_field "$out" 1)
	avg=$(rtt_field "$out" 2)
	max=$(rtt_field "$out" 3)
	echo "  measured: rtt min/avg/max $min/$avg/$max ms"
	t_assert_match "$t: all 20 echoes answered" ' 20 received' "$out"
	t_assert_range "$t: rtt min >= 2x20 ms, below 2x2x20" 40 79 "$min"
	t_assert_range "$t: rtt avg >= 2x20 ms" 40 100000 "$avg"
	t_assert_range "$t: rtt max >= 2x20 ms" 40 100000 "$max"
	out=$(in_client ping -6 -c 5 -i 0.05 -W 2 "$LAB_TARGET6")
	t_assert_range "$t: IPv6 rtt min >= 2x20 ms, below 2x2x20" 40 79 "$(rtt_field "$out" 1)"
	# Router 2's own time exceeded is sent, not forwarded: hop 2 shows no delay, hop 3
	# the full 40 ms. Of three probes each the fastest: one unhindered is enough.
	out=$(in_client traceroute -n -q 3 -w 2 -m 3 "$LAB_TARGET4")
	fastest() { awk -v k="$1" '$1 == k { m = ""; for (i = 2; i <= NF; i++) if ($(i + 1) == "ms" && (m == "" || $i < m)) m = $i; print m }' <<<"$out"; }
	t_assert_range "$t: hop 2 is not delayed (fastest of 3 below 20 ms)" 0 19 "$(fastest 2)"
	t_assert_range "$t: hop 3 is delayed 2x20 ms (fastest of 3), below 2x2x20" 40 79 "$(fastest 3)"
	t_assert_match "$t: nfq_delay recorded" ' r2 nfq_delay$' "$(cat "$LAB_STATE/pids")"
	down $t

	up $t --routers 3 --delay 2:20:5 || return 0
	# Uniform ±5 ms per crossing, two crossings: RTT in 30..50 ms plus overhead. From
	# below: no round trip under 30 ms, and a spread of at least 4 ms (a stall of the
	# machine only widens it); the fastest below the 40 ms of no jitter at all is left
	# out: it rests on chance and on the machine being idle.
	out=$(in_client ping -c 30 -i 0.03 -W 2 "$LAB_TARGET4")
	min=$(rtt_field "$out" 1)
	max=$(rtt_field "$out" 3)
	echo "  measured with jitter 5: rtt min/max $min/$max ms"
	t_assert_match "$t: jitter: all 30 echoes answered" ' 30 received' "$out"
	t_assert_range "$t: jitter: rtt min >= 30 ms" 30 100000 "$min"
	t_assert_range "$t: jitter: rtt spread >= 4 ms" 4 100000 "$(awk -v a="$min" -v b="$max" 'BEGIN { print b - a }')"
	down $t
}

test_mtu() {
	local t=mtu out
	up $t --routers 3 --mtu 2:1280 || return 0
	t_assert_eq "$t: link 2 has MTU 1280 on both ends" "1280 1280" \
		"$(lab_exec r1 cat /sys/class/net/to-r2/mtu) $(lab_exec r2 cat /sys/class/net/to-r1/mtu)"
	out=$(in_client ping -c 1 -W 1 -M "do" -s 1400 "$LAB_TARGET4")
	t_assert_match "$t: 1428-byte DF packet: frag needed (v4)" \
		'From 10\.0\.1\.1 icmp_seq=1 Frag needed and DF set \(mtu = 1280\)' "$out"
	out=$(in_client ping -6 -c 1 -W 1 -M "do" -s 1400 "$LAB_TARGET6")
	t_assert_match "$t: packet too big (v6)" 'Packet too big: mtu=1280' "$out"
	out=$(in_client ping -c 1 -W 2 -M "do" -s 1200 "$LAB_TARGET4")
	t_assert_match "$t: 1228-byte packet passes" ' 1 received' "$out"
	down $t
}

test_ecmp() {
	local t=ecmp out port seen4="" seen6="" hop3=""
	up $t --routers 3 --ecmp 2 || return 0
	t_assert_eq "$t: nodes" "c r1 r2a r2b r3 t" "$LAB_NODES"
	t_assert_eq "$t: pair namespaces" "$LAB-r2a $LAB-r2b" "$LAB_NS_ROUTER_2a $LAB_NS_ROUTER_2b"
	out=$(in_client ping -c 2 -i 0.2 -W 2 "$LAB_TARGET4")
	t_assert_match "$t: target reachable (v4)" ' 2 received' "$out"
	out=$(in_client ping -6 -c 2 -i 0.2 -W 2 "$LAB_TARGET6")
	t_assert_match "$t: target reachable (v6)" ' 2 received' "$out"
	# One UDP probe at TTL 2 per destination port: the L4 hash spreads the 16 flows over
	# both routers (all on one side by chance: 2^-15).
	for ((port = 33434; port < 33434 + 16 * 7; port += 7)); do
		seen4+=" $(in_client traceroute -n -U -p "$port" -q 1 -w 1 -f 2 -m 2 "$LAB_TARGET4" | awk '$1 == 2 {print $2}')"
		seen6+=" $(in_client traceroute -6 -n -U -p "$port" -q 1 -w 1 -f 2 -m 2 "$LAB_TARGET6" | awk '$1 == 2 {print $2}')"
	done
	t_assert_match "$t: some flows through r2a (v4)" ' 10\.0\.2\.1( |$)' "$seen4"
	t_assert_match "$t: some flows through r2b (v4)" ' 10\.1\.2\.1( |$)' "$seen4"
	t_assert_match "$t: some flows through r2a (v6)" ' fd00:0:0:2::1( |$)' "$seen6"
	t_assert_match "$t: some flows through r2b (v6)" ' fd00:1:0:2::1( |$)' "$seen6"
	for ((port = 33434; port < 33434 + 8 * 7; port += 7)); do
		hop3+=" $(in_client traceroute -n -U -p "$port" -q 1 -w 1 -f 3 -m 3 "$LAB_TARGET4" | awk '$1 == 3 {print $2}')"
		hop3+=" $(in_client traceroute -6 -n -U -p "$port" -q 1 -w 1 -f 3 -m 3 "$LAB_TARGET6" | awk '$1 == 3 {print $2}')"
	done
	t_assert_eq "$t: hop 3 answers from its client-side address on either path" \
		"$(printf ' 10.0.3.1 fd00:0:0:3::1%.0s' 1 2 3 4 5 6 7 8)" "$hop3"
	t_assert_eq "$t: every lab address reachable from the client" "" "$(unreachable_addresses)"
	down $t

	# One leg: --loss 2b:100 drops at r2b only (flows through r2a go on), --delay 2a
	# queues at r2a only.
	local legs=""
	up $t --routers 3 --ecmp 2 --loss 2b:100 --delay 2a:5 || return 0
	t_assert_eq "$t: --loss 2b: a drop rule in r2b, none in r2a" "0 1" \
		"$(lab_exec r2a nft list ruleset | grep -c ' drop$') $(lab_exec r2b nft list ruleset | grep -c ' drop$')"
	t_assert_eq "$t: --delay 2a: a queue in r2a, none in r2b" "1 0" \
		"$(lab_exec r2a iptables -S FORWARD | grep -c NFQUEUE) $(lab_exec r2b iptables -S FORWARD | grep -c NFQUEUE)"
	# One UDP probe at TTL 3 per destination port (16 flows, both legs but by a chance
	# of 2^-15): those through r2a reach hop 3, those through r2b die there.
	for ((port = 33434; port < 33434 + 16 * 7; port += 7)); do
		legs+=" $(in_client traceroute -n -U -p "$port" -q 1 -w 1 -f 3 -m 3 "$LAB_TARGET4" | awk '$1 == 3 {print $2}')"
	done
	t_assert_eq "$t: --loss 2b:100: some flows reach hop 3 (r2a), some do not (r2b), nothing else" \
		"* 10.0.3.1" "$(tr ' ' '\n' <<<"$legs" | sed '/^$/d' | sort -u | xargs)"
	down $t

	# The pair next to the client, and as the last routers.
	up $t --routers 2 --ecmp 1 || return 0
	t_assert_eq "$t: --ecmp 1: every lab address reachable" "" "$(unreachable_addresses)"
	down $t
	up $t --routers 2 --ecmp 2 || return 0
	t_assert_eq "$t: --ecmp 2 of 2: every lab address reachable" "" "$(unreachable_addresses)"
	t_assert_eq "$t: --ecmp 2 of 2: the last routers have no default route" "" \
		"$(lab_exec r2a ip route show default)$(lab_exec r2b ip -6 route show default)"
	down $t
}

test_udp_filter() {
	local t=udp-filter out
	up $t --routers 3 --udp filter || return 0
	out=$(in_client traceroute -n -U -p 33434 -q 1 -w 1 -m 6 "$LAB_TARGET4")
	t_assert_match "$t: target answers admin prohibited (v4, !X)" ' 4  10\.0\.4\.1  [0-9.]+ ms !X$' "$out"
	out=$(in_client traceroute -6 -n -U -p 33434 -q 1 -w 1 -m 6 "$LAB_TARGET6")
	t_assert_match "$t: target answers admin prohibited (v6, !X)" ' 4  fd00:0:0:4::1  [0-9.]+ ms !X$' "$out"
	out=$(in_client ping -c 1 -W 2 "$LAB_TARGET4")
	t_assert_match "$t: ICMP echo still answered" ' 1 received' "$out"
	down $t
}

test_dns() {
	local t=dns out
	up $t --routers 2 --dns || return 0
	t_assert_eq "$t: client resolv.conf names the target" "nameserver $LAB_DNS4" \
		"$(grep '^nameserver' "/etc/netns/$LAB-c/resolv.conf")"
	t_assert_eq "$t: dig @target lab.test A" "$LAB_TARGET4" \
		"$(in_client dig +short +time=1 +tries=2 "@$LAB_DNS4" lab.test A)"
	t_assert_eq "$t: dig @target6 lab.test AAAA" "$LAB_TARGET6" \
		"$(in_client dig +short +time=1 +tries=2 "@$LAB_DNS6" lab.test AAAA)"
	t_assert_eq "$t: MX" "10 mail.lab.test." "$(in_client dig +short +time=1 +tries=2 lab.test MX)"
	t_assert_match "$t: CNAME" '^lab\.test\.' "$(in_client dig +short +time=1 +tries=2 www.lab.test CNAME)"
	t_assert_eq "$t: PTR of hop 2" "r2.lab.test." "$(in_client dig +short +time=1 +tries=2 -x 10.0.2.1)"
	t_assert_eq "$t: PTR of hop 1 (v6)" "r1.lab.test." "$(in_client dig +short +time=1 +tries=2 -x fd00:0:0:1::1)"
	t_assert_match "$t: the system resolver in the client uses it" "^${LAB_TARGET4//./\\.} " \
		"$(in_client getent ahostsv4 lab.test | head -n 1)"
	t_assert_match "$t: nsd recorded" ' t nsd' "$(cat "$LAB_STATE/pids")"
	down $t
}

test_ratelimit() {
	local t=ratelimit out
	up $t --routers 3 --ratelimit 2:1000 || return 0
	# 30 probes 10 ms apart that expire at router 2: its per-destination bucket gives a
	# burst of 6 and then one per 1000 ms, so 6 plus one for each second the probes
	# took: ping's own "time" (first to last probe) says how many seconds that was (a
	# loaded machine makes the run longer, and the bucket gives more: never a flake).
	local res errs ms fam
	for fam in 4 6; do
		if [[ $fam == 4 ]]; then
			res=$(in_client ping -c 30 -i 0.01 -W 1 -t 2 "$LAB_TARGET4")
		else
			res=$(in_client ping -6 -c 30 -i 0.01 -W 1 -t 2 "$LAB_TARGET6")
		fi
		errs=$(grep -cE 'Time to live exceeded|Time exceeded' <<<"$res")
		ms=$(sed -nE 's/.*packet loss, time ([0-9]+)ms$/\1/p' <<<"$res")
		t_assert_range "$t: time exceeded limited to the burst of 6 + 1 a second over ${ms:-?} ms (v$fam)" \
			5 "$((7 + ${ms:-0} / 1000))" "$errs"
	done
	out=$(in_client ping -c 30 -i 0.01 -W 1 -t 3 "$LAB_TARGET4" | grep -c 'Time to live exceeded' || true)
	t_assert_eq "$t: other routers are not limited" 30 "$out"
	down $t
}

test_failures() {
	local t=failures out before lab=ndx$$
	before=$(lab_namespaces "$lab")
	# A bad option: one line, status 2, nothing created.
	out=$(lab_up --routers 3 --loss 9:30 2>&1) && t_fail "$t: bad option rejected" "lab_up succeeded"
	t_assert_eq "$t: bad option: one clear line" \
		"lab.sh: --loss 9:30: no router 9 (this lab has routers 1..3)" "$out"
	t_assert_eq "$t: bad option: no namespace created" "$before" \
		"$(lab_namespaces "$lab")"
	out=$(lab_up --routers 3 --loss 2b:30 2>&1) && t_fail "$t: a leg of no pair rejected" "lab_up succeeded"
	t_assert_eq "$t: a leg of no pair: one clear line" \
		"lab.sh: --loss 2b:30: router 2b: position 2 is not an ECMP pair (--ecmp 2)" "$out"
	out=$(lab_up --routers 3 --ecmp 2 --delay 2c:5 2>&1) && t_fail "$t: a bad leg rejected" "lab_up succeeded"
	t_assert_eq "$t: a bad leg: one clear line" "lab.sh: --delay 2c:5: router: not K, Ka or Kb: 2c" "$out"
	# Failing halfway, after the delay helper and nsd run: everything is undone.
	out=$(LAB_FAIL_AT=daemons lab_up --routers 2 --delay 1:5 --dns 2>&1) &&
		t_fail "$t: failure after daemons" "lab_up succeeded"
	t_assert_match "$t: halfway failure: one line" $'^lab\\.sh: [^\n]*injected failure[^\n]*$' "$out"
	out=$(LAB_FAIL_AT=routes lab_up --routers 2 2>&1) && t_fail "$t: failure after routes" "lab_up succeeded"
	t_assert_match "$t: failure in the builder: one line" $'^lab\\.sh: [^\n]*setup failed[^\n]*$' "$out"
	t_assert_eq "$t: halfway failures leave no namespace" "$before" \
		"$(lab_namespaces "$lab")"
	t_assert_eq "$t: ...no /etc/netns dir" "" "$(find /etc/netns -maxdepth 1 -name "$lab-*" 2>/dev/null)"
	t_assert_eq "$t: ...no state dir" "" "$(find /run/netdx-lab -maxdepth 1 -name "$lab" 2>/dev/null)"
	out=$(pgrep -af "(nfq_delay|nsd|unshare).*(/run/netdx-lab/$lab/| [0-9]+ 5 0$)" || true)
	t_assert_eq "$t: ...no process" "" "$out"
}

if ((EUID != 0)); then
	t_fail "root" "test_lab.sh needs root (network namespaces)"
	t_summary
	exit
fi
if [[ ! -x $(_lab_helper_path) ]]; then
	make -s -C "$here/../.." BUILD="${NETDX_BUILD:-build}" "${NETDX_BUILD:-build}/tests/nfq_delay" >/dev/null ||
		t_fail "build nfq_delay" "make ${NETDX_BUILD:-build}/tests/nfq_delay failed"
fi

test_basic
test_silent
test_loss
test_delay
test_mtu
test_ecmp
test_udp_filter
test_dns
test_ratelimit
test_failures
t_summary
