#!/usr/bin/env bash
# test_ping_iputils_opts.sh — iputils ping's IP and socket options in netdx ping, each
# against iputils (/usr/bin/ping) on the same lab path: -R's RR: lines and "(same
# route)", -T tsonly / tsandaddr / tsprespec's TS: lines (times masked: a hop may stamp
# a millisecond later), both on the ICMP datagram socket and on the raw one
# (--no-ping-group), their --json; -b on a subnet of three responders (and iputils'
# refusal without it), -m seen by an nft rule matching the mark, -e and -F on the wire
# (with and without privilege), -r (no route: a target two routers away gets nothing,
# a neighbour answers), -B's PING line, -A's pace and statistics, -U's user-space RTT
# (ping stopped while the reply waits), -S and -L accepted; -C's connected socket (the
# kernel's socket table) and -d's SO_DEBUG (strace), both socket kinds.
. "$(dirname "$0")/../lab/prelude.sh"
ping="$LAB_BIN/ping"
peer=/usr/bin/ping
bc=ndx$$bc # the broadcast subnet's client namespace (its responders: ${bc}h1..3)
cleanup() {
	lab_down >/dev/null 2>&1
	for ns in "$bc" "${bc}h1" "${bc}h2" "${bc}h3"; do
		ip netns del "$ns" 2>/dev/null
		rm -rf "/etc/netns/$ns"
	done
}
trap cleanup EXIT

# replies TOOL ARGS...: the client's output up to the statistics, numbers that vary
# masked (RTTs, times in TS: lines), our extras left out, trailing blank lines dropped.
replies() {
	lab_exec c "$@" 2>&1 | sed -E '/^--- .* ping statistics ---$/,$d' |
		grep -Ev '^(jitter avg/max|ttl=[0-9]+: initial|reordering:)' |
		sed -E 's/time=[0-9.]+ ms/time=T ms/; s/\t[0-9]+ absolute/\tN absolute/;
			s/^(\t[0-9.]+)?\t[0-9]+$/\1\tD/' |
		sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}'
}

# same NAME ARGS...: our ping and iputils' print the same replies.
same() {
	local name=$1 ours theirs
	shift
	theirs=$(replies "$peer" "$@")
	ours=$(replies "$ping" "$@")
	t_assert_eq "$name: as iputils" "$theirs" "$ours"
}

# peer_of TOOL ARGS...: while TOOL runs (polled every 10 ms, 2 s at most), the
# address of the peer of a connected ICMP socket (/proc/net/icmp, /proc/net/raw: state
# 01) in the client, as the kernel writes it (hex); "" when none is connected.
peer_of() {
	# shellcheck disable=SC2016 # expanded by the inner shell
	lab_exec c bash -c '"$@" >/dev/null 2>&1 &
		p=$! r=
		for ((i = 0; i < 200; i++)); do
			r=$(awk "FNR > 1 && \$4 == \"01\" { print \$3 }" /proc/net/icmp /proc/net/raw)
			[[ -n $r ]] && break
			sleep 0.01
		done
		kill "$p" 2>/dev/null
		wait "$p"
		echo "${r%%:*}"' _ "$@"
}

# so_debug TOOL ARGS...: how many times TOOL set SO_DEBUG on (strace).
so_debug() {
	lab_exec c strace -qq -f -e trace=setsockopt -e signal=none "$@" 2>&1 >/dev/null |
		grep -c 'SO_DEBUG, \[1\]'
}

for mode in dgram raw; do
	extra=()
	[[ $mode == raw ]] && extra=(--no-ping-group)
	lab_up --routers 2 "${extra[@]}" || exit 1
	t=$LAB_TARGET4
	same "$mode -R" -R -c 3 -i 0.1 "$t"
	out=$(replies "$ping" -R -c 2 -i 0.1 "$t")
	t_assert_eq "$mode -R: both ways through both routers" \
		"$(printf 'RR: \t10.0.1.2\n\t10.0.2.2\n\t10.0.3.2\n\t10.0.3.1\n\t10.0.3.1\n\t10.0.2.1\n\t10.0.1.1\n\t10.0.1.2')" \
		"$(grep -E $'^(RR: )?\t' <<<"$out")"
	t_assert_match "$mode -R: the second reply's route is the same" \
		$'icmp_seq=2 ttl=62 time=T ms\t\\(same route\\)' "$out"
	same "$mode -R -s 8 (untimed)" -R -s 8 -c 1 "$t"
	same "$mode -R -q" -R -q -c 2 -i 0.1 "$t"
	same "$mode -R to a neighbour" -R -c 1 "$LAB_HOP4_1"
	same "$mode -T tsonly" -T tsonly -c 2 -i 0.1 "$t"
	same "$mode -T tsandaddr" -T tsandaddr -c 1 "$t"
	out=$(replies "$ping" -T tsandaddr -c 1 "$t")
	t_assert_match "$mode -T tsandaddr: 4 hops stamped, 3 without room" \
		$'TS: \t10.0.1.2\tN absolute\n\t10.0.1.1\tD\n\t10.0.2.1\tD\n\t10.0.3.1\tD\nUnrecorded hops: 3' "$out"
	same "$mode -T tsprespec, two hops" -T tsprespec "$LAB_HOP4_1" "$t" -c 1 "$t"
	same "$mode -T tsprespec, one hop" -T tsprespec "$LAB_HOP4_2" -c 1 "$t"
	out=$(lab_exec c "$ping" -R -c 2 -i 0.1 --json "$t")
	t_assert_eq "$mode -R --json: the route of each reply" \
		'["10.0.1.2","10.0.2.2","10.0.3.2","10.0.3.1","10.0.3.1","10.0.2.1","10.0.1.1","10.0.1.2"]' \
		"$(jq -c 'select(.type == "reply") | .route' <<<"$out" | sort -u)"
	out=$(lab_exec c "$ping" -T tsandaddr -c 1 --json "$t")
	t_assert_eq "$mode -T --json: addresses, standard times, unrecorded hops" \
		'["10.0.1.2","10.0.1.1","10.0.2.1","10.0.3.1"] true 3' \
		"$(jq -r 'select(.type == "reply") | "\([.timestamps[].address] | tojson) \([.timestamps[].standard] | all) \(.unrecorded_hops)"' <<<"$out")"
	# -C: the probe socket connected to the target, as the kernel lists it; -d:
	# SO_DEBUG asked for (Linux refuses it without CAP_NET_ADMIN, to iputils too)
	hex=$(printf '%02X' ${t//./ } | sed -E 's/(..)(..)(..)(..)/\4\3\2\1/')
	for tool in "$peer" "$ping"; do
		t_assert_eq "$mode $tool -C: the socket's peer is the target" "$hex" \
			"$(peer_of "$tool" -C -c 3 -i 0.5 "$t")"
		t_assert_eq "$mode $tool without -C: no connected probe socket" "" \
			"$(peer_of "$tool" -c 3 -i 0.5 "$t")"
		t_assert_eq "$mode $tool -d: SO_DEBUG asked for" 1 "$(so_debug "$tool" -d -c 1 "$t")"
		t_assert_eq "$mode $tool without -d: not" 0 "$(so_debug "$tool" -c 1 "$t")"
	done
	same "$mode -C" -C -c 2 -i 0.1 "$t"
	same "$mode -d" -d -c 2 -i 0.1 "$t"
	[[ $mode == raw ]] || lab_down
done

# --- -m: the mark, matched by the client's own nft rule ------------------------------
lab_exec c nft -f - <<'NFT'
table ip pingmark {
	counter marked { }
	chain out { type filter hook output priority 0;
		meta mark 0x2a icmp type echo-request counter name marked
	}
}
NFT
marked() { lab_exec c nft list counter ip pingmark marked | grep -o 'packets [0-9]*' | tr -dc 0-9; }
lab_exec c "$ping" -c 2 -i 0.05 "$LAB_TARGET4" >/dev/null
t_assert_eq "without -m: no marked probe" 0 "$(marked)"
out=$(lab_exec c "$ping" -m 42 -c 3 -i 0.05 "$LAB_TARGET4")
t_assert_eq "-m 42: three marked probes on the wire" 3 "$(marked)"
t_assert_match "-m 42: replies" "3 received" "$out"

# --- -e: the identifier on the wire, counted by router 1 --------------------------------
lab_exec r1 nft -f - <<'NFT'
table ip wire {
	counter id77 { }
	counter id0 { }
	chain forward { type filter hook forward priority 0;
		icmp type echo-request icmp id 77 counter name id77
		icmp type echo-request icmp id 0 counter name id0
	}
}
NFT
wire() { lab_exec r1 nft list counter ip wire "$1" | grep -o 'packets [0-9]*' | tr -dc 0-9; }
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
# this lab was built without datagram sockets (the raw pass above): allow them now
lab_exec c sysctl -qw net.ipv4.ping_group_range="0 2147483647"
out=$(lab_exec c "$ping" -e 77 -c 2 -i 0.05 "$LAB_TARGET4")
t_assert_match "-e 77: replies" "2 received" "$out"
out=$(lab_exec c "${nobody[@]}" "$ping" -e 77 -c 2 -i 0.05 "$LAB_TARGET4")
t_assert_match "-e 77 without privilege (datagram socket bound to it): replies" "2 received" "$out"
t_assert_eq "-e 77: four probes with identifier 77 on the wire" 4 "$(wire id77)"
out=$(lab_exec c "$ping" -e 0 -c 3 -i 0.05 "$LAB_TARGET4")
t_assert_match "-e 0 (raw socket): replies" "3 received" "$out"
t_assert_eq "-e 0: three probes with identifier 0 on the wire" 3 "$(wire id0)"
err=$(lab_exec c "${nobody[@]}" "$ping" -e 0 -c 1 "$LAB_TARGET4" 2>&1 >/dev/null)
t_assert_match "-e 0 without privilege: the one line saying what is missing" \
	"^ping: -e 0 \(ICMP echo probes\): need a raw socket \(cap_net_raw\)" "$err"
lab_exec r1 nft delete table ip wire

# --- -F: the IPv6 flow label on the wire (each run its own label: a label stays
# leased to its socket for seconds after it closes) ----------------------------------------
lab_exec r1 nft -f - <<'NFT'
table ip6 wire {
	counter ours { }
	counter nobody { }
	chain forward { type filter hook forward priority 0;
		icmpv6 type echo-request ip6 flowlabel 0x23456 counter name ours
		icmpv6 type echo-request ip6 flowlabel 0x34567 counter name nobody
	}
}
NFT
wire6() { lab_exec r1 nft list counter ip6 wire "$1" | grep -o 'packets [0-9]*' | tr -dc 0-9; }
theirs=$(replies "$peer" -F 0x12345 -c 2 -i 0.1 "$LAB_TARGET6")
ours=$(replies "$ping" -F 0x23456 -c 2 -i 0.1 "$LAB_TARGET6")
t_assert_eq "-F: the PING line and replies as iputils'" "${theirs//0x12345/0x23456}" "$ours"
t_assert_eq "-F 0x23456: both probes carry the label" 2 "$(wire6 ours)"
out=$(lab_exec c "${nobody[@]}" "$ping" -F 0x34567 -c 3 -i 0.05 "$LAB_TARGET6")
t_assert_match "-F without privilege: replies" "3 received" "$out"
t_assert_eq "-F without privilege: the label on the wire" 3 "$(wire6 nobody)"
lab_exec r1 nft delete table ip6 wire

# --- -r: no routing table; -S, -L: accepted, replies as before --------------------------
for tool in "$peer" "$ping"; do
	out=$(lab_exec c "$tool" -r -c 1 -W 1 "$LAB_TARGET4" 2>&1)
	t_assert_match "-r ($tool): a target two routers away gets nothing" "1 packets transmitted, 0 received" "$out"
	out=$(lab_exec c "$tool" -r -c 1 "$LAB_HOP4_1" 2>&1)
	t_assert_match "-r ($tool): the neighbour answers" "1 packets transmitted, 1 received" "$out"
done
same "-S 4096" -S 4096 -c 2 -i 0.1 "$LAB_TARGET4"
same "-L" -L -c 2 -i 0.1 "$LAB_TARGET4"
# --- -A: the next probe once the last is answered ---------------------------------------
# stats TOOL ARGS...: the statistics block, every number masked.
stats() { lab_exec c "$@" 2>&1 | sed -n '/^--- /,$p' | sed -E 's/[0-9]+(\.[0-9]+)?/N/g'; }
t_assert_eq "-A: the statistics as iputils' (ipg/ewma shown)" \
	"$(stats "$peer" -A -c 5 "$LAB_TARGET4")" "$(stats "$ping" -A -c 5 "$LAB_TARGET4")"
same "-A" -A -c 5 "$LAB_TARGET4"
# Paced at -i's 1 s, five probes would take 4 s; answered in well under a millisecond,
# -A needs a few (the bound is 3 s: a margin no busy machine uses up).
for who in root nobody; do
	run=("$ping")
	[[ $who == nobody ]] && run=("${nobody[@]}" "$ping")
	ms=$(lab_exec c "${run[@]}" -A -c 5 "$LAB_TARGET4" | sed -nE 's/.* time ([0-9]+)ms$/\1/p')
	t_assert_range "-A ($who): not paced by -i (ms for 5 probes)" 0 3000 "$ms"
done

same "-B (the source in the PING line)" -B -c 2 -i 0.1 "$LAB_TARGET4"
same "-B, IPv6" -B -c 2 -i 0.1 "$LAB_TARGET6"
lab_down

# --- -U: user-to-user latency --------------------------------------------------------
# Router 1 holds every packet 500 ms each way. Ping is stopped (SIGSTOP) while its probe
# is out and continued 2 s after router 1 forwarded the reply: the kernel's stamps still
# say about 1 s, the user-space RTT includes the 2 s it was stopped after the reply came.
lab_up --routers 1 --delay 1:500 || exit 1
lab_exec r1 nft -f - <<'NFT'
table ip back {
	counter replies { }
	chain forward { type filter hook forward priority 10;
		icmp type echo-reply counter name replies
	}
}
NFT
tmp=$(mktemp -d)
forwarded() { [[ $(lab_exec r1 nft list counter ip back replies | grep -o 'packets [0-9]*' | tr -dc 0-9) -ge $1 ]]; }
# stopped_rtt N ARGS...: the RTT ping reports for one probe (the N-th reply forwarded)
stopped_rtt() {
	local n=$1 pid
	shift
	rm -f "$tmp/pid" "$tmp/out"
	lab_exec c bash -c 'echo $$ >"$0"; exec "$@"' "$tmp/pid" "$ping" "$@" -c 1 -W 20 \
		"$LAB_TARGET4" >"$tmp/out" 2>&1 &
	local bg=$!
	t_wait_for 5 grep -q '^PING' "$tmp/out"
	pid=$(cat "$tmp/pid")
	kill -STOP "$pid"
	t_wait_for 10 forwarded "$n"
	sleep 2 # the time measured: stopped with the reply waiting
	kill -CONT "$pid"
	wait "$bg"
	sed -nE 's/.*icmp_seq=1 .*time=([0-9.]+) ms$/\1/p' "$tmp/out"
}
t_assert_range "without -U: the kernel's RTT, about 1 s" 900 2500 "$(stopped_rtt 1)"
t_assert_range "-U: the user-space RTT counts the 2 s stopped" 3000 20000 "$(stopped_rtt 2 -U)"
rm -rf "$tmp"
lab_down

# --- -b: a subnet of three responders ----------------------------------------------------
# A bridge in $bc with 10.9.0.1/24, three hosts on it (.11 .12 .13) that answer echo
# requests to the broadcast address; no default route anywhere.
for ns in "$bc" "${bc}h1" "${bc}h2" "${bc}h3"; do
	mkdir -p "/etc/netns/$ns" && echo "nameserver 127.0.0.1" >"/etc/netns/$ns/resolv.conf"
	ip netns add "$ns" || exit 1
	ip -n "$ns" link set lo up
done
ip -n "$bc" link add br0 type bridge && ip -n "$bc" link set br0 up &&
	ip -n "$bc" addr add 10.9.0.1/24 dev br0 || exit 1
for i in 1 2 3; do
	h=${bc}h$i
	ip -n "$bc" link add "p$i" type veth peer name eth0 netns "$h" &&
		ip -n "$bc" link set "p$i" master br0 up &&
		ip -n "$h" addr add "10.9.0.1$i/24" dev eth0 && ip -n "$h" link set eth0 up &&
		ip netns exec "$h" sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0 || exit 1
done
ip netns exec "$bc" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
# ready: every host answers its own address
for i in 1 2 3; do
	t_wait_for 5 ip netns exec "$bc" "$peer" -c 1 -W 1 "10.9.0.1$i" || t_fail "host $i up" "no answer"
done
for tool in "$peer" "$ping"; do
	err=$(ip netns exec "$bc" "$tool" -c 1 10.9.0.255 2>&1 >/dev/null)
	rc=$?
	err=${err#"${tool%/*}/"} # iputils names itself as invoked
	t_assert_eq "no -b ($tool): iputils' refusal" \
		"ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules" "$err"
	t_assert_eq "no -b ($tool): exit 2" 2 "$rc"
done
# seq1 TOOL: the first probe's replies (all in before the second probe goes, 0.2 s
# later), who answered, sorted; the warning on stderr after them.
seq1() {
	local all
	all=$(ip netns exec "$bc" "$1" -b -c 2 -i 0.2 10.9.0.255 2>&1)
	grep 'icmp_seq=1 ' <<<"$all" | sed -E 's/time=[0-9.]+ ms/time=T ms/' | sort
	grep -c '^WARNING: pinging broadcast address$' <<<"$all"
}
theirs=$(seq1 "$peer")
ours=$(seq1 "$ping")
t_assert_eq "-b: every host answers, as iputils (no (DUP!) for a broadcast)" "$theirs" "$ours"
t_assert_eq "-b: three answers to the first probe" 3 "$(grep -c 'icmp_seq=1 ' <<<"$ours")"
out=$(ip netns exec "$bc" "$ping" -b -c 2 -i 0.2 -v 10.9.0.255 2>/dev/null)
t_assert_eq "-b -v: the further answers marked (DUP!)" 2 "$(grep -c 'icmp_seq=1 .*(DUP!)' <<<"$out")"
# (the second probe's further answers may come after the run ended: 2 to 4 in all)
t_assert_match "-b: the statistics count them as duplicates" "2 received, \\+[234] duplicates" "$out"
t_assert_eq "-b: the warning, once" 1 "$(tail -n 1 <<<"$ours")"
t_summary
