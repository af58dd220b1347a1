#!/usr/bin/env bash
# lab.sh — network-namespace lab for netdx: client — N routers — target.
#
# As a library (what test scripts do):
#     . tests/lab/lab.sh
#     trap lab_down EXIT
#     lab_up --routers 3 --loss 2:30 || exit 1
#     lab_exec c ping -c 1 "$LAB_TARGET4"
#     lab_down
# As a command (demo, manual use):
#     tests/lab/lab.sh up NAME [options]     build lab NAME; prints where its env file is
#     tests/lab/lab.sh down NAME             tear it down (idempotent)
#     tests/lab/lab.sh exec NAME NODE CMD... run CMD in node NODE of lab NAME
#     tests/lab/lab.sh env NAME              print the lab's variables (shell syntax)
#     tests/lab/lab.sh list                  labs that have a state dir
#
# Functions: lab_up [--name NAME] [options], lab_down [NAME], lab_exec NODE CMD...,
# lab_ns NODE (namespace name), lab_hop_addr K 4|6 [b] (address hop K answers from).
# NODE is c (client), r1..rN (routers; r<K>a / r<K>b for an ECMP pair), t (target).
#
# Topology and addressing (fixed; tests depend on it). Nodes are numbered client=0,
# routers 1..N, target=N+1. Link k (k=1..N+1) joins node k-1 and node k with
# 10.0.k.0/24 and fd00:0:0:k::/64 (k written in decimal digits in both). The right
# node (node k) is 10.0.k.1 / fd00:0:0:k::1, the left node (node k-1) 10.0.k.2 /
# fd00:0:0:k::2. So hop k answers from 10.0.k.1 and the target is 10.0.(N+1).1.
# In a node, the interface toward node X is named "to-X" (to-r2, to-c, ...).
# Routes: the client and routers 1..N-1 have a default route toward the target; every
# node has explicit routes to every lab subnet; the last router has no default route, so
# stray packets die inside the lab; the target's default route points back to router N.
#
# Options (K is a router position 1..N; options naming the same K again replace it. For
# --loss and --delay, Ka or Kb names one router of the ECMP pair at K (--ecmp K), the
# other left alone: loss or delay on one leg; it takes precedence over a plain K):
#   --routers N           number of routers, 1..16 (default 3)
#   --name NAME           lab name (library only; default ndx$$, the caller's PID)
#   --loss K:P[:DIR]      router K drops P% (0..100) of the packets it forwards: nftables
#                         `numgen random mod 100 < P drop` in a forward-hook chain. DIR says
#                         which: out (default: those travelling toward the target, so P% of
#                         echo requests and P% end-to-end ping loss), in (toward the
#                         client), both (each direction; a round trip then loses
#                         1-(1-P)^2, e.g. 51% for 30).
#   --silent K            router K sends no ICMP/ICMPv6 time exceeded (dropped in an
#                         output-hook chain); it still forwards.
#   --delay K:MS[:J]      router K holds every forwarded packet, both directions, for MS ms
#                         ± J ms (uniform; 0..60000): iptables/ip6tables -j NFQUEUE
#                         --queue-bypass in its FORWARD chain plus nfq_delay (see
#                         nfq_delay.c). A round trip through router K gains 2×MS. The helper
#                         is ${NETDX_BUILD:-build}/tests/nfq_delay under the repo root
#                         (NETDX_BUILD may be absolute).
#   --ratelimit K:MS[:PER_SEC[:BURST]]
#                         router K rate-limits the ICMP errors it sends (time exceeded,
#                         unreachable; never echo replies). Per destination: a burst of 6,
#                         then one every MS ms (the kernel's inet_peer token bucket,
#                         XRLIM_BURST_FACTOR 6): net.ipv4.icmp_ratelimit=MS and
#                         net.ipv6.icmp.ratelimit=4×MS (the kernel divides the IPv6 value by
#                         4 for a destination behind a /64 route; this keeps both families
#                         alike). Router-wide (both families share it):
#                         icmp_msgs_per_sec=PER_SEC (default 1000) and icmp_msgs_burst=BURST
#                         (default 50), the kernel's defaults, so a test sees the predictable
#                         per-destination limit. Smaller values make the global limiter bite
#                         instead: it refills only in whole credits (PER_SEC × elapsed, at
#                         most 1 s counted) and takes a random 0..2 credits per message
#                         (kernel ≥ 6.11), e.g. PER_SEC=1 gives about one error per second
#                         in total. Without --ratelimit every node has icmp_ratelimit=0,
#                         net.ipv6.icmp.ratelimit=0, icmp_msgs_per_sec=icmp_msgs_burst=1000000.
#   --mtu K:BYTES         link K (node K-1 — node K, K=1..N+1) has this MTU on both ends,
#                         1280..65535 (IPv6 needs 1280).
#   --ecmp K              router position K is two parallel routers r<K>a and r<K>b; the
#                         second path uses 10.1.x.0/24 and fd00:1:0:x::/64 on links K and
#                         K+1 with the same .1/.2 rule (r<K>a = 10.0.K.1, r<K>b = 10.1.K.1).
#                         The node before the pair has a multipath route; every node hashes
#                         on L4 (fib_multipath_hash_policy=1, v4 and v6). The way back uses
#                         r<K>a only, so hop K+1 still answers from 10.0.(K+1).1. Two ECMP
#                         positions must not be adjacent.
#   --udp reject|filter   reject (default): the target answers UDP with port unreachable,
#                         nothing blocks it. filter: the target answers UDP (except port 53
#                         with --dns, the --service port, and loopback) with admin
#                         prohibited (ICMP type 3 code 13 / ICMPv6 type 1 code 1;
#                         traceroute shows !X).
#   --dns                 authoritative nsd on the target (its link address, v4 and v6, and
#                         127.0.0.1, port 53) for lab.test, 10.in-addr.arpa and
#                         0.0.d.f.ip6.arpa; the client's resolv.conf names LAB_DNS4.
#                         lab.test: SOA, NS ns1, A/AAAA (the target), MX 10 mail, TXT,
#                         www CNAME lab.test., alias CNAME www, big (40 A records: over 512
#                         bytes, truncated over UDP without EDNS), and <node>.lab.test A/AAAA
#                         for every node (the address it answers from) with PTRs back.
#   --asn                 (with --dns) nsd also serves Team Cymru's DNS interface for the
#                         lab's addresses: origin.asn.cymru.com and origin6.asn.cymru.com
#                         answer every address of link k (10.v.k.0/24, fd00:v:0:k::/64:
#                         wildcards, as Cymru answers for any address of a prefix) with
#                         TXT "6450k | PREFIX | ZZ | lab | 2026-12-05" (AS 64500+k; k in
#                         1..16, so 64501..64516, private-use numbers), and asn.cymru.com
#                         names each: AS6450k TXT "6450k | ZZ | lab | 2026-12-05 |
#                         NETDX-LAB-Lk, ZZ".
#   --asn-txt K:RDATA     link K's origin answers (v4 and v6) are RDATA instead, zone-file
#                         text (quotes included, e.g. '"x | y"'); "none": no record at all
#                         (NXDOMAIN), for tests of malformed and missing AS data.
#   --service KIND[:PORT] one more UDP service on the target (its link addresses, v4 and
#                         v6, port PORT), for tests of what a tool makes of a service's
#                         answers: unbound (default port 53), a resolver whose recursion
#                         can only reach the target's own loopback (it answers from its
#                         cache or says it cannot); blind (default port 4000),
#                         tests/lab/udp_blind, which answers every datagram with the same
#                         3 bytes, echoing nothing of it. Not on port 53 with --dns.
#   --no-ping-group       leave the client's net.ipv4.ping_group_range at "1 0" (no ICMP
#                         datagram sockets: tests of the raw-socket path).
#
# Every namespace: lo up, rp_filter=0, IPv6 DAD and RA off (addresses with nodad),
# /etc/netns/NS/resolv.conf naming only 127.0.0.1 (the client: LAB_DNS4 with --dns),
# written before the namespace exists. Routers forward v4 and v6. The client has
# ping_group_range "0 2147483647".
#
# Variables lab_up exports: LAB, LAB_STATE, LAB_ROUTERS, LAB_NODES (e.g. "c r1 r2a r2b r3
# t"), LAB_NS_CLIENT, LAB_NS_TARGET, LAB_NS_ROUTER_<k> (for an ECMP pair: the a router,
# plus LAB_NS_ROUTER_<k>a / _<k>b), LAB_CLIENT4/6, LAB_TARGET4/6, LAB_HOP4_<k>/LAB_HOP6_<k>
# for k=1..N+1 (N+1 is the target; LAB_HOP4_<k>b / LAB_HOP6_<k>b for a pair), with --dns
# LAB_DNS4, LAB_DNS6, LAB_DNS_ZONE, and with --service LAB_SERVICE (its kind) and
# LAB_SERVICE_PORT.
#
# State lives in /run/netdx-lab/NAME/: namespaces (created so far), pids ("PID STARTTIME
# NODE PROGRAM"), env, build.log, per-node nft rule files, nsd/ (config, zones, log),
# service/ (unbound's config and log, udp_blind's output), nfq_delay logs. lab_down kills exactly the recorded PIDs (after checking their start
# time, so a reused PID is never hit), deletes the lab's namespaces and /etc/netns dirs
# and the state dir; it is idempotent and safe in a trap on any exit. A failed lab_up
# cleans up after itself and prints one line "lab.sh: ...". Daemons are started by the
# calling shell and disowned: it reaps them, and a plain `wait` in a test never blocks on
# them. So call lab_up in the test's own shell, never inside $(...): a subshell would
# exit and orphan them. (As a command, `lab.sh up` exits and leaves them to PID 1; on a machine whose PID
# 1 does not reap orphans they stay zombies once killed, so scripts should source lab.sh.)
#
# Testing the cleanup: LAB_FAIL_AT=namespaces|links|routes|rules|daemons makes lab_up
# fail after that stage.
#
# Exit status as a command, and of lab_up: 0 ok, 1 setup failed (cleaned up), 2 usage
# error or the lab exists already (nothing touched).

_LAB_SELF=$(readlink -f "${BASH_SOURCE[0]}")
_LAB_ROOT=$(cd "${_LAB_SELF%/*}/../.." && pwd)
# LAB_BUILD: the build the tests use, absolute (${NETDX_BUILD:-build}, relative to the
# repository root unless absolute); LAB_BIN: its binaries.
LAB_BUILD=${NETDX_BUILD:-build}
[[ $LAB_BUILD == /* ]] || LAB_BUILD=$_LAB_ROOT/$LAB_BUILD
LAB_BIN=$LAB_BUILD/bin

# lab_build_sanitized: true when LAB_BUILD is a sanitizer build (make asan check), whose
# memory figures are ASan's (shadow, quarantine) and which valgrind cannot run. ldd's
# whole output is read first: piped into grep -q, ldd could be killed by SIGPIPE once
# grep had its line, and under pipefail the answer was then "no" (test_hardening under
# make asan check: 'open-read allowed' where a plain build's refusal was expected).
lab_build_sanitized() { [[ $(ldd "$LAB_BIN/ping" 2>/dev/null) == *libasan* ]]; }
_LAB_RUN=/run/netdx-lab
_LAB_NODE_RE='^(c|t|r[0-9]+[ab]?)$'

# ---------------------------------------------------------------------------
# Library: small helpers every test uses.

# lab_ns NODE
# Print the namespace name of NODE (c, t, r1, r2a...) in the current lab.
lab_ns() {
	if [[ -z ${LAB:-} ]]; then
		echo "lab.sh: lab_ns: no lab (LAB is not set)" >&2
		return 2
	fi
	if [[ ! ${1:-} =~ $_LAB_NODE_RE ]]; then
		echo "lab.sh: lab_ns: not a node name (c, t, r<k>, r<k>a, r<k>b): ${1:-}" >&2
		return 2
	fi
	printf '%s-%s\n' "$LAB" "$1"
}

# lab_hop_addr K 4|6 [b]
# Print the address hop K answers from (K = routers+1 is the target); b: the second path.
lab_hop_addr() {
	local k=${1:-} fam=${2:-} v=0
	[[ ${3:-} == b ]] && v=1
	if [[ ! $k =~ ^[1-9][0-9]?$ || ! $fam =~ ^[46]$ ]]; then
		echo "lab.sh: usage: lab_hop_addr K 4|6 [b]" >&2
		return 2
	fi
	if [[ $fam == 4 ]]; then
		printf '10.%s.%s.1\n' "$v" "$k"
	else
		printf 'fd00:%s:0:%s::1\n' "$v" "$k"
	fi
}

# lab_exec NODE CMD...
# Run CMD in NODE's namespace; fails (status 2) if the namespace or its resolv.conf is
# missing, never falls back to the root namespace.
lab_exec() {
	local ns
	ns=$(lab_ns "${1:-}") || return 2
	shift
	if [[ ! -e /run/netns/$ns ]]; then
		echo "lab.sh: lab_exec: no namespace $ns" >&2
		return 2
	fi
	if [[ ! -f /etc/netns/$ns/resolv.conf ]]; then
		echo "lab.sh: lab_exec: /etc/netns/$ns/resolv.conf missing: refusing to run" >&2
		return 2
	fi
	ip netns exec "$ns" "$@"
}

# lab_dead_host ADDR
# Make ADDR, an unused IPv4 address on the target's link, a host that never answers and
# of which nobody says so: the last router drops what it would forward there. Without
# this, the router sends Destination Host Unreachable once its ARP for ADDR fails (about
# 3 s after the first packet, at once while the failed entry lasts), so a probe would end
# as an error or a timeout depending on timing.
lab_dead_host() {
	local addr=${1:-}
	if [[ ! $addr =~ ^10\.0\.[0-9]+\.[0-9]+$ || -z ${LAB_ROUTERS:-} ]]; then
		echo "lab.sh: usage: lab_dead_host 10.0.K.N (in a lab that is up)" >&2
		return 2
	fi
	printf 'table ip dead_%s {\n chain fwd_in {\n  type filter hook forward priority 0; policy accept;\n  ip daddr %s drop\n }\n}\n' \
		"${addr//./_}" "$addr" | lab_exec "r$LAB_ROUTERS" nft -f -
}

# lab_up [--name NAME] [options]
# Build a lab (see the header), start its daemons, export its variables.
lab_up() {
	local - # the caller's set options come back on return
	set +e
	local name="ndx$$" rc
	local -a args=()
	while (($# > 0)); do
		case $1 in
		--name)
			if (($# < 2)); then
				echo "lab.sh: --name needs a value" >&2
				return 2
			fi
			name=$2
			shift 2
			;;
		--name=*)
			name=${1#--name=}
			shift
			;;
		*)
			args+=("$1")
			shift
			;;
		esac
	done
	if ! _lab_valid_name "$name"; then
		echo "lab.sh: bad lab name (letters, digits, _; at most 20): $name" >&2
		return 2
	fi
	export LAB=$name
	"${BASH:-bash}" "$_LAB_SELF" _build "$LAB" "${args[@]}"
	rc=$?
	if ((rc == 2)); then
		return 2 # usage error or the lab exists: nothing was created, nothing to undo
	fi
	if ((rc != 0)); then
		lab_down "$LAB"
		return 1
	fi
	if ! _lab_start_daemons "$LAB"; then
		lab_down "$LAB"
		return 1
	fi
	# shellcheck source=/dev/null
	. "$_LAB_RUN/$LAB/env"
	return 0
}

# lab_down [NAME]
# Tear down lab NAME (default $LAB): kill its recorded PIDs, delete its namespaces,
# /etc/netns dirs and state dir. Idempotent; always returns 0.
lab_down() {
	local - # the caller's set options come back on return
	set +e
	local name=${1:-${LAB:-}} st line pid start rest ns left var
	[[ -n $name ]] || return 0
	if ! _lab_valid_name "$name"; then
		echo "lab.sh: lab_down: bad lab name: $name" >&2
		return 0
	fi
	st=$_LAB_RUN/$name
	if [[ -f $st/pids ]]; then
		while read -r pid start rest; do
			_lab_kill "$pid" "$start"
		done < <(tac "$st/pids")
	fi
	for ns in $(_lab_namespaces_of "$name"); do
		left=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
		if [[ -n ${left// /} ]]; then
			echo "lab.sh: lab_down: warning: processes not started by the lab still in $ns: $left" >&2
		fi
		ip netns del "$ns" 2>/dev/null
		rm -rf "/etc/netns/$ns"
	done
	if [[ $name == "${LAB:-}" && -f $st/env ]]; then
		while read -r line; do
			var=${line#export }
			var=${var%%=*}
			[[ $var == LAB_* ]] && unset "$var"
		done <"$st/env"
	fi
	rm -rf "$st"
	return 0
}

# ---------------------------------------------------------------------------
# Library internals.

# _lab_valid_name NAME
# A lab name is short and safe in file names and globs.
_lab_valid_name() {
	[[ $1 =~ ^[A-Za-z0-9_]{1,20}$ ]]
}

# _lab_namespaces_of NAME
# Every namespace (and /etc/netns dir) that belongs to lab NAME: recorded ones and any
# whose name has the lab's shape, so a half-built lab is found too.
_lab_namespaces_of() {
	local name=$1 ns d
	{
		[[ -f $_LAB_RUN/$name/namespaces ]] && cat "$_LAB_RUN/$name/namespaces"
		ip netns list 2>/dev/null | awk '{print $1}'
		for d in /etc/netns/"$name"-*; do
			[[ -d $d ]] && printf '%s\n' "${d##*/}"
		done
	} | while read -r ns; do
		[[ $ns == "$name"-* && ${ns#"$name"-} =~ $_LAB_NODE_RE ]] && printf '%s\n' "$ns"
	done | sort -u
}

# _lab_starttime PID
# The process start time (clock ticks since boot, field 22 of /proc/PID/stat), or nothing.
_lab_starttime() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) } # the command name may hold spaces and parentheses
	# shellcheck disable=SC2086
	set -- $stat
	printf '%s\n' "${20:-}"
}

# _lab_alive PID
# True while PID runs (a zombie counts as gone).
_lab_alive() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[[ ${stat:0:1} != Z ]]
}

# _lab_kill PID STARTTIME
# Stop one recorded process: TERM, up to 3 s for it to go, then KILL. Only if PID still
# is the process we started (same start time).
_lab_kill() {
	local pid=$1 start=$2 i
	[[ $pid =~ ^[0-9]+$ ]] || return 0
	[[ -n $start && $(_lab_starttime "$pid") == "$start" ]] || return 0
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 60; i++)); do
		_lab_alive "$pid" || return 0
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null
	for ((i = 0; i < 20; i++)); do
		_lab_alive "$pid" || return 0
		sleep 0.05
	done
	echo "lab.sh: lab_down: process $pid does not die" >&2
}

# _lab_spawn LAB NODE LOG CMD...
# Start CMD in NODE's namespace in the background, disowned (this shell still reaps it),
# and record its PID and start time. Sets _LAB_PID (no command substitution here: the
# daemon must be a child of this shell, not of a subshell that exits at once).
_lab_spawn() {
	local lab=$1 node=$2 log=$3 start
	shift 3
	ip netns exec "$lab-$node" "$@" </dev/null >>"$log" 2>&1 &
	_LAB_PID=$!
	disown "$_LAB_PID"
	start=$(_lab_starttime "$_LAB_PID")
	printf '%s %s %s %s\n' "$_LAB_PID" "${start:-0}" "$node" "${1##*/}" >>"$_LAB_RUN/$lab/pids"
}

# _lab_fail LAB MSG
# One error line for a failure while starting daemons.
_lab_fail() {
	echo "lab.sh: $1: $2" >&2
	return 1
}

# _lab_start_daemons LAB
# Start what the build planned (nfq_delay per delayed router, nsd, the --service), each
# waited for.
_lab_start_daemons() {
	local lab=$1 st=$_LAB_RUN/$1 kind node a b c line
	local -a plan=()
	[[ -f $st/daemons ]] && mapfile -t plan <"$st/daemons"
	for line in "${plan[@]}"; do
		read -r kind node a b c <<<"$line"
		case $kind in
		nfq) _lab_start_nfq "$lab" "$node" "$a" "$b" "$c" || return 1 ;;
		nsd) _lab_start_nsd "$lab" "$node" "$a" || return 1 ;;
		svc) _lab_start_service "$lab" "$node" "$a" "$b" || return 1 ;;
		esac
	done
	if [[ ${LAB_FAIL_AT:-} == daemons ]]; then
		_lab_fail "$lab" "injected failure after stage daemons (LAB_FAIL_AT)"
		return 1
	fi
	return 0
}

# _lab_start_nfq LAB NODE QUEUE MS JITTER
# Start nfq_delay in NODE and wait (polling, 5 s at most) until it has bound QUEUE in
# NODE's namespace.
_lab_start_nfq() {
	local lab=$1 node=$2 queue=$3 ms=$4 jitter=$5 helper pid i nsino log
	helper=$(_lab_helper_path)
	log=$_LAB_RUN/$lab/nfq_delay-$node.log
	_lab_spawn "$lab" "$node" "$log" "$helper" "$queue" "$ms" "$jitter"
	pid=$_LAB_PID
	nsino=$(stat -L -c %i "/run/netns/$lab-$node")
	for ((i = 0; i < 100; i++)); do
		if ! _lab_alive "$pid"; then
			_lab_fail "$lab" "nfq_delay in $node exited: $(tail -n 1 "$log" 2>/dev/null)"
			return 1
		fi
		if [[ $(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null) == "$nsino" ]] &&
			awk -v q="$queue" '$1 == q { f = 1 } END { exit !f }' \
				"/proc/$pid/net/netfilter/nfnetlink_queue" 2>/dev/null; then
			return 0
		fi
		sleep 0.05
	done
	_lab_fail "$lab" "nfq_delay in $node did not bind queue $queue within 5 s"
}

# _lab_start_nsd LAB NODE ADDR
# Start nsd in NODE and wait (at most ~10 s) until it answers for lab.test from the
# client's namespace. nsd's first process becomes xfrd and forks "nsd: main", which
# forks the servers; they need not exit in order, and orphans go to PID 1, which on some
# machines (our VMs) never reaps them. So nsd runs as PID 1 of a PID namespace of its
# own (unshare --pid --fork, a child of this shell): when that first nsd process exits
# (SIGTERM), the kernel kills and reaps everything left in the namespace, and unshare
# exits and is reaped here. Both PIDs are recorded; lab_down kills in reverse order,
# so nsd first.
_lab_start_nsd() {
	local lab=$1 node=$2 addr=$3 dir=$_LAB_RUN/$1/nsd pid upid start i out
	_lab_spawn "$lab" "$node" "$dir/nsd.out" unshare --pid --fork --kill-child \
		nsd -d -c "$dir/nsd.conf"
	upid=$_LAB_PID
	pid=""
	for ((i = 0; i < 100; i++)); do
		read -r pid _ 2>/dev/null <"/proc/$upid/task/$upid/children"
		# the child of unshare, once it has exec'd nsd
		[[ -n $pid && $(readlink "/proc/$pid/exe" 2>/dev/null) == */nsd ]] && break
		pid=""
		_lab_alive "$upid" || break
		sleep 0.02
	done
	if [[ -z $pid ]]; then
		_lab_fail "$lab" "nsd in $node did not start: $(grep . "$dir/nsd.out" 2>/dev/null | tail -n 1)"
		return 1
	fi
	start=$(_lab_starttime "$pid")
	printf '%s %s %s nsd\n' "$pid" "${start:-0}" "$node" >>"$_LAB_RUN/$lab/pids"
	for ((i = 0; i < 50; i++)); do
		if ! _lab_alive "$pid"; then
			out=$(cat "$dir/nsd.out" "$dir/nsd.log" 2>/dev/null | grep . | tail -n 1)
			_lab_fail "$lab" "nsd in $node exited: $out"
			return 1
		fi
		out=$(ip netns exec "$lab-c" dig +time=1 +tries=1 +short "@$addr" lab.test SOA 2>/dev/null)
		[[ $out == *lab.test.* ]] && return 0
		sleep 0.1
	done
	_lab_fail "$lab" "nsd in $node does not answer for lab.test at $addr"
}

# _lab_start_service LAB NODE KIND PORT
# Start the --service in NODE and wait (at most ~10 s) until it answers from the
# client's namespace: unbound a query for the root's SOA (any answer), udp_blind with
# its "ready". Both stay in the foreground: the recorded PID is the daemon's.
_lab_start_service() {
	local lab=$1 node=$2 kind=$3 port=$4 dir=$_LAB_RUN/$1/service i out t4
	t4=$(_lab_env_of "$lab" LAB_TARGET4)
	if [[ $kind == blind ]]; then
		_lab_spawn "$lab" "$node" "$dir/blind.out" "$LAB_BUILD/tests/udp_blind" --port "$port" \
			--listen "$t4" --listen "$(_lab_env_of "$lab" LAB_TARGET6)"
		for ((i = 0; i < 100; i++)); do
			grep -qx ready "$dir/blind.out" 2>/dev/null && return 0
			_lab_alive "$_LAB_PID" || break
			sleep 0.05
		done
		_lab_fail "$lab" "udp_blind in $node did not start: $(tail -n 1 "$dir/blind.out" 2>/dev/null)"
		return 1
	fi
	_lab_spawn "$lab" "$node" "$dir/unbound.out" unbound -d -c "$dir/unbound.conf"
	for ((i = 0; i < 100; i++)); do
		if ! _lab_alive "$_LAB_PID"; then
			out=$(cat "$dir/unbound.out" "$dir/unbound.log" 2>/dev/null | grep . | tail -n 1)
			_lab_fail "$lab" "unbound in $node exited: $out"
			return 1
		fi
		out=$(ip netns exec "$lab-c" dig +time=1 +tries=1 +norecurse -p "$port" "@$t4" . SOA 2>/dev/null)
		[[ $out == *"status: "* ]] && return 0
		sleep 0.1
	done
	_lab_fail "$lab" "unbound in $node does not answer on port $port"
}

# _lab_env_of LAB VAR
# A variable of lab LAB's env file (lab_up exports them only once the daemons run).
_lab_env_of() {
	sed -n "s/^export $2=//p" "$_LAB_RUN/$1/env"
}

# _lab_write_unbound DIR PORT ADDR...
# unbound.conf for --service unbound: a resolver on ADDR... port PORT whose only way to
# recurse is a stub for the root on the target's own loopback, where nothing answers:
# no query of it ever leaves the namespace.
_lab_write_unbound() {
	local dir=$1 port=$2 a
	shift 2
	{
		printf '# unbound for lab %s (written by tests/lab/lab.sh)\nserver:\n' "$B_LAB"
		for a in "$@"; do printf '\tinterface: %s\n' "$a"; done
		cat <<EOF
	port: $port
	do-daemonize: no
	username: ""
	chroot: ""
	directory: "$dir"
	pidfile: "$dir/unbound.pid"
	logfile: "$dir/unbound.log"
	use-syslog: no
	verbosity: 1
	num-threads: 1
	so-reuseport: no
	access-control: 0.0.0.0/0 allow
	access-control: ::/0 allow
	do-not-query-localhost: no
	module-config: "iterator"
stub-zone:
	name: "."
	stub-addr: 127.0.0.1@5399
remote-control:
	control-enable: no
EOF
	} >"$dir/unbound.conf"
}

# _lab_helper_path
# Where nfq_delay is.
_lab_helper_path() {
	printf '%s/tests/nfq_delay\n' "$LAB_BUILD"
}

# ---------------------------------------------------------------------------
# The builder: runs as its own bash process (lab.sh _build NAME options) with errexit,
# so every failing step stops the build with one line; lab_up cleans up.

# _lab_die MSG
# Usage error: one line, status 2, nothing created yet.
_lab_die() {
	echo "lab.sh: $*" >&2
	exit 2
}

# _lab_num WHAT VALUE LO HI
# Check an integer option value, or die with one line.
_lab_num() {
	if [[ ! $2 =~ ^[0-9]{1,6}$ ]] || ((10#$2 < $3 || 10#$2 > $4)); then
		_lab_die "$1: not a number in $3..$4: $2"
	fi
}

# _lab_given OPTION K
# The value option --OPTION was given for position K, as typed (for messages).
_lab_given() {
	local k v
	for k in "${!given[@]}"; do
		v=${k#*:}
		[[ $v =~ ^[0-9]+$ ]] && v=$((10#$v)) # K, or Ka / Kb as typed
		if [[ ${k%%:*} == "--$1" && $v == "$2" ]]; then
			printf '%s\n' "${given[$k]}"
			return
		fi
	done
	printf '%s\n' "$2"
}

# _lab_leg WHAT K
# A router option's K: a position 1..99, or Ka / Kb, one router of an ECMP pair; B_LEG
# gets it without leading zeros ("2", "2b"), or die with one line.
_lab_leg() {
	[[ $2 =~ ^([0-9]{1,6})([ab]?)$ ]] || _lab_die "$1: router: not K, Ka or Kb: $2"
	local leg=${BASH_REMATCH[2]}
	_lab_num "$1: router" "${BASH_REMATCH[1]}" 1 99
	B_LEG=$((10#${2%[ab]}))$leg
}

# _lab_stage NAME
# End of a build stage; LAB_FAIL_AT=NAME fails here (for tests of the cleanup).
_lab_stage() {
	if [[ ${LAB_FAIL_AT:-} == "$1" ]]; then
		echo "injected failure after stage $1 (LAB_FAIL_AT)" >&2
		return 1
	fi
}

# _lab_opt_of ARRAY NODE P
# The value of option array ARRAY (loss, delay) for router NODE at position P: its own
# (K a / K b of an ECMP pair) before its position's.
_lab_opt_of() {
	local -n arr=$1
	local leg=${2#r"$3"}
	if [[ -n $leg && -n ${arr[$3$leg]:-} ]]; then
		printf '%s\n' "${arr[$3$leg]}"
	else
		printf '%s\n' "${arr[$3]:-}"
	fi
}

# _lab_nodes_at P
# The node(s) at position P, space separated.
_lab_nodes_at() {
	local p=$1
	if ((p == 0)); then
		echo c
	elif ((p == B_N + 1)); then
		echo t
	elif [[ -n ${B_ECMP[$p]:-} ]]; then
		echo "r${p}a r${p}b"
	else
		echo "r$p"
	fi
}

# _lab_gw X Y FAM
# Y's address on the link between neighbours X and Y.
_lab_gw() {
	local x=$1 y=$2 fam=$3 j v side
	read -r j v <<<"${B_LINK_OF[$x|$y]}"
	if [[ ${B_RIGHT_OF[$j|$v]} == "$y" ]]; then side=1; else side=2; fi
	if [[ $fam == 4 ]]; then
		printf '10.%s.%s.%s\n' "$v" "$j" "$side"
	else
		printf 'fd00:%s:0:%s::%s\n' "$v" "$j" "$side"
	fi
}

# _lab_route_line X FAM DEST NEIGHBOURS...
# One `ip -batch` route line from X to DEST via one neighbour or several (multipath).
# A route back toward the client (one neighbour, to X's left) carries X's own address
# on that link as preferred source: ICMP errors X sends then come from the address
# facing the client, in both families. (Without it ICMPv6 errors take their source from
# the interface the offending packet came in on, IPv4 ones from the way back, and a
# router behind an ECMP pair would answer from different addresses per family.)
_lab_route_line() {
	local x=$1 fam=$2 dest=$3 y src=""
	shift 3
	if (($# == 1)); then
		if ((B_POS[$1] < B_POS[$x])); then
			src=" src $(_lab_gw "$1" "$x" "$fam")"
		fi
		printf 'route add %s via %s dev to-%s%s\n' "$dest" "$(_lab_gw "$x" "$1" "$fam")" "$1" "$src"
		return
	fi
	printf 'route add %s' "$dest"
	for y in "$@"; do
		printf ' nexthop via %s dev to-%s' "$(_lab_gw "$x" "$y" "$fam")" "$y"
	done
	printf '\n'
}

# _lab_routes X
# Every route node X needs, as `ip -batch` lines.
_lab_routes() {
	local x=$1 p=${B_POS[$1]} j v l r fam dest key
	local -a nh right left
	read -r -a right <<<"$(_lab_nodes_at $((p + 1)))"
	((p > 0)) && read -r -a left <<<"$(_lab_nodes_at $((p - 1)))"
	for key in "${B_LINKS[@]}"; do
		read -r j v l r <<<"$key"
		[[ $x == "$l" || $x == "$r" ]] && continue
		if ((j > p)); then
			if ((${#right[@]} == 2 && j == p + 2)); then
				nh=("${right[v]}") # the pair member on that subnet
			else
				nh=("${right[@]}")
			fi
		else
			if ((${#left[@]} == 2 && j == p - 1)); then
				nh=("${left[v]}")
			else
				nh=("${left[0]}") # back toward the client: the a path only
			fi
		fi
		for fam in 4 6; do
			if [[ $fam == 4 ]]; then dest="10.$v.$j.0/24"; else dest="fd00:$v:0:$j::/64"; fi
			_lab_route_line "$x" "$fam" "$dest" "${nh[@]}"
		done
	done
	if [[ $x == t ]]; then
		_lab_route_line "$x" 4 0.0.0.0/0 "${left[0]}"
		_lab_route_line "$x" 6 ::/0 "${left[0]}"
	elif ((p < B_N)); then
		_lab_route_line "$x" 4 0.0.0.0/0 "${right[@]}"
		_lab_route_line "$x" 6 ::/0 "${right[@]}"
	fi
}

# _lab_rev4 ADDR
# 10.b.c.d → d.c.b (owner name inside 10.in-addr.arpa).
_lab_rev4() {
	local IFS=.
	# shellcheck disable=SC2086
	set -- $1
	printf '%s.%s.%s\n' "$4" "$3" "$2"
}

# _lab_rev6 ADDR
# fdXX:... → its nibbles reversed, without the last four (owner inside 0.0.d.f.ip6.arpa).
_lab_rev6() {
	local addr=$1 head tail hex="" g i out=""
	local -a hg tg
	head=${addr%%::*}
	tail=""
	[[ $addr == *::* ]] && tail=${addr#*::}
	IFS=: read -r -a hg <<<"$head"
	IFS=: read -r -a tg <<<"$tail"
	for g in "${hg[@]}"; do hex+=$(printf '%04x' "0x$g"); done
	for ((i = 0; i < 8 - ${#hg[@]} - ${#tg[@]}; i++)); do hex+=0000; done
	for g in "${tg[@]}"; do hex+=$(printf '%04x' "0x$g"); done
	for ((i = 31; i >= 4; i--)); do out+="${hex:i:1}."; done
	printf '%s\n' "${out%.}"
}

# _lab_nsd_server DIR IDENTITY ADDR...
# The server section of an nsd.conf (also dns_lab.sh's): port 53 on each ADDR, every file
# in DIR, no chroot, no control socket, one process, no response rate limiting (its
# default of 200 a second per /24 drops answers when a test asks fast). The caller adds
# its own server lines, then remote-control and the zones.
_lab_nsd_server() {
	local dir=$1 identity=$2 a
	shift 2
	printf 'server:\n'
	for a in "$@"; do printf '\tip-address: %s\n' "$a"; done
	cat <<EOF
	port: 53
	server-count: 1
	username: ""
	chroot: ""
	zonesdir: "$dir"
	database: ""
	zonelistfile: "$dir/zone.list"
	xfrdfile: "$dir/xfrd.state"
	xfrdir: "$dir"
	pidfile: "$dir/nsd.pid"
	logfile: "$dir/nsd.log"
	verbosity: 1
	identity: "$identity"
	reuseport: no
	rrl-ratelimit: 0
	rrl-whitelist-ratelimit: 0
EOF
}

# _lab_write_dns DIR
# nsd.conf and the zones for --dns.
# shellcheck disable=SC2016 # $ORIGIN and $TTL are zone-file text
_lab_write_dns() {
	local dir=$1 t4=$B_T4 t6=$B_T6 key j v l r side node a4 a6 i
	mkdir -p "$dir"
	{
		printf '# nsd for lab %s (written by tests/lab/lab.sh)\n' "$B_LAB"
		_lab_nsd_server "$dir" netdx-lab "$t4" "$t6" 127.0.0.1
	} >"$dir/nsd.conf"
	cat >>"$dir/nsd.conf" <<EOF
remote-control:
	control-enable: no
zone:
	name: "lab.test"
	zonefile: "lab.test.zone"
zone:
	name: "10.in-addr.arpa"
	zonefile: "10.in-addr.arpa.zone"
zone:
	name: "0.0.d.f.ip6.arpa"
	zonefile: "0.0.d.f.ip6.arpa.zone"
EOF
	local soa="@ IN SOA ns1.lab.test. hostmaster.lab.test. 1 3600 600 86400 300"
	{
		printf '$ORIGIN lab.test.\n$TTL 300\n%s\n' "$soa"
		printf '@ IN NS ns1\n@ IN A %s\n@ IN AAAA %s\n' "$t4" "$t6"
		printf '@ IN MX 10 mail\n@ IN TXT "netdx lab zone" "second string"\n'
		printf 'ns1 IN A %s\nns1 IN AAAA %s\nmail IN A %s\nmail IN AAAA %s\n' "$t4" "$t6" "$t4" "$t6"
		printf 'www IN CNAME lab.test.\nalias IN CNAME www\n'
		for ((i = 1; i <= 40; i++)); do printf 'big IN A 10.255.0.%s\n' "$i"; done
		for node in "${B_NODES[@]}"; do
			printf '%s IN A %s\n%s IN AAAA %s\n' "$node" "${B_ADDR4[$node]}" "$node" "${B_ADDR6[$node]}"
		done
	} >"$dir/lab.test.zone"
	printf '$ORIGIN 10.in-addr.arpa.\n$TTL 300\n%s\n@ IN NS ns1.lab.test.\n' "$soa" >"$dir/10.in-addr.arpa.zone"
	printf '$ORIGIN 0.0.d.f.ip6.arpa.\n$TTL 300\n%s\n@ IN NS ns1.lab.test.\n' "$soa" >"$dir/0.0.d.f.ip6.arpa.zone"
	for key in "${B_LINKS[@]}"; do
		read -r j v l r <<<"$key"
		for side in 1 2; do
			if ((side == 1)); then node=$r; else node=$l; fi
			a4=10.$v.$j.$side
			a6=fd00:$v:0:$j::$side
			printf '%s IN PTR %s.lab.test.\n' "$(_lab_rev4 "$a4")" "$node" >>"$dir/10.in-addr.arpa.zone"
			printf '%s IN PTR %s.lab.test.\n' "$(_lab_rev6 "$a6")" "$node" >>"$dir/0.0.d.f.ip6.arpa.zone"
		done
	done
}

# _lab_write_asn DIR
# The Cymru zones of --asn (and --asn-txt's answers), added to DIR/nsd.conf.
# shellcheck disable=SC2016 # $ORIGIN and $TTL are zone-file text
_lab_write_asn() {
	local dir=$1 key j v l r z txt a6 soa="@ IN SOA ns1.lab.test. hostmaster.lab.test. 1 3600 600 86400 300"
	for z in origin.asn.cymru.com origin6.asn.cymru.com asn.cymru.com; do
		printf 'zone:\n\tname: "%s"\n\tzonefile: "%s.zone"\n' "$z" "$z" >>"$dir/nsd.conf"
		printf '$ORIGIN %s.\n$TTL 300\n%s\n@ IN NS ns1.lab.test.\n' "$z" "$soa" >"$dir/$z.zone"
	done
	for key in "${B_LINKS[@]}"; do
		read -r j v l r <<<"$key"
		txt=${B_ASN_TXT[$j]:-"\"$((64500 + j)) | 10.$v.$j.0/24 | ZZ | lab | 2026-12-05\""}
		[[ $txt == none ]] && continue
		printf '*.%s.%s.10 IN TXT %s\n' "$j" "$v" "$txt" >>"$dir/origin.asn.cymru.com.zone"
		# the /64's 16 nibbles, reversed: the owner's labels after the wildcard
		a6=$(_lab_rev6 "fd00:$v:0:$j::1")
		txt=${B_ASN_TXT[$j]:-"\"$((64500 + j)) | fd00:$v:0:$j::/64 | ZZ | lab | 2026-12-05\""}
		printf '*.%s.0.0.d.f IN TXT %s\n' "${a6#*.*.*.*.*.*.*.*.*.*.*.*.*.*.*.*.}" "$txt" \
			>>"$dir/origin6.asn.cymru.com.zone"
		((v == 1)) && continue # an ECMP pair's second link: its AS is named already
		printf 'AS%s IN TXT "%s | ZZ | lab | 2026-12-05 | NETDX-LAB-L%s, ZZ"\n' \
			"$((64500 + j))" "$((64500 + j))" "$j" >>"$dir/asn.cymru.com.zone"
	done
}

# _lab_build_failed LINE COMMAND
# ERR trap of the builder: one line naming the step and the last thing it printed.
_lab_build_failed() {
	local last
	last=$(grep . "$B_STATE/build.log" 2>/dev/null | tail -n 1)
	printf 'lab.sh: %s: setup failed (lab.sh line %s: %s)%s\n' "$B_LAB" "$1" "$2" \
		"${last:+: $last}" >&3
	exit 1
}

# _lab_build NAME OPTIONS...
# Parse and check the options, then build namespaces, links, routes and rules, and write
# the daemon plan and env file for lab_up.
_lab_build() {
	B_LAB=$1
	shift
	B_N=3
	local -A loss=() silent=() delay=() rlimit=() mtu=() given=()
	declare -gA B_ECMP=()
	local udp=reject dns=0 asn=0 pinggroup=1 service="" service_port="" opt val k a b c d
	declare -gA B_ASN_TXT=()

	while (($# > 0)); do
		opt=$1
		val=""
		case $opt in
		--routers | --loss | --silent | --delay | --ratelimit | --mtu | --ecmp | --udp | --service | --asn-txt)
			(($# >= 2)) || _lab_die "$opt needs a value"
			val=$2
			shift 2
			;;
		--*=*)
			val=${opt#*=}
			opt=${opt%%=*}
			shift
			;;
		*) shift ;;
		esac
		given[$opt:${val%%:*}]=$val # for messages: "--loss 9:30: no router 9"
		case $opt in
		--routers) B_N=$val ;;
		--loss)
			IFS=: read -r k a b c <<<"$val"
			[[ -n $k && -n $a && -z $c ]] || _lab_die "--loss $val: expected K:P[:out|in|both]"
			_lab_num "--loss $val: percent" "$a" 0 100
			[[ ${b:-out} =~ ^(out|in|both)$ ]] || _lab_die "--loss $val: direction must be out, in or both"
			_lab_leg "--loss $val" "$k"
			loss[$B_LEG]="$((10#$a)) ${b:-out}"
			;;
		--silent)
			_lab_num "--silent: router" "$val" 1 99
			silent[$((10#$val))]=1
			;;
		--delay)
			IFS=: read -r k a b c <<<"$val"
			[[ -n $k && -n $a && -z $c ]] || _lab_die "--delay $val: expected K:MS[:JITTER_MS]"
			_lab_num "--delay $val: delay ms" "$a" 0 60000
			_lab_num "--delay $val: jitter ms" "${b:-0}" 0 60000
			_lab_leg "--delay $val" "$k"
			delay[$B_LEG]="$((10#$a)) $((10#${b:-0}))"
			;;
		--ratelimit)
			IFS=: read -r k a b c d <<<"$val"
			[[ -n $k && -n $a && -z $d ]] || _lab_die "--ratelimit $val: expected K:MS[:PER_SEC[:BURST]]"
			_lab_num "--ratelimit $val: ms" "$a" 1 100000
			_lab_num "--ratelimit $val: per second" "${b:-1000}" 1 1000000
			_lab_num "--ratelimit $val: burst" "${c:-50}" 1 1000000
			_lab_num "--ratelimit $val: router" "$k" 1 99
			rlimit[$((10#$k))]="$((10#$a)) $((10#${b:-1000})) $((10#${c:-50}))"
			;;
		--mtu)
			IFS=: read -r k a c <<<"$val"
			[[ -n $k && -n $a && -z $c ]] || _lab_die "--mtu $val: expected K:BYTES"
			_lab_num "--mtu $val: bytes (IPv6 needs 1280)" "$a" 1280 65535
			_lab_num "--mtu $val: link" "$k" 1 99
			mtu[$((10#$k))]=$((10#$a))
			;;
		--ecmp)
			_lab_num "--ecmp: router" "$val" 1 99
			B_ECMP[$((10#$val))]=1
			;;
		--udp)
			[[ $val =~ ^(reject|filter)$ ]] || _lab_die "--udp: expected reject or filter: $val"
			udp=$val
			;;
		--dns) dns=1 ;;
		--asn) asn=1 ;;
		--asn-txt)
			k=${val%%:*}
			[[ $val == *:?* ]] || _lab_die "--asn-txt $val: expected K:RDATA"
			_lab_num "--asn-txt $val: link" "$k" 1 99
			B_ASN_TXT[$((10#$k))]=${val#*:}
			;;
		--service)
			IFS=: read -r service service_port c <<<"$val"
			[[ $service =~ ^(unbound|blind)$ && -z $c ]] ||
				_lab_die "--service $val: expected unbound[:PORT] or blind[:PORT]"
			[[ -n $service_port ]] || service_port=$([[ $service == unbound ]] && echo 53 || echo 4000)
			_lab_num "--service $val: port" "$service_port" 1 65535
			service_port=$((10#$service_port))
			;;
		--no-ping-group) pinggroup=0 ;;
		*) _lab_die "unknown option: $opt (see the header of tests/lab/lab.sh)" ;;
		esac
	done
	_lab_num "--routers" "$B_N" 1 16
	B_N=$((10#$B_N))
	local what
	for what in loss silent delay ratelimit ecmp; do
		case $what in
		loss) set -- "${!loss[@]}" ;;
		silent) set -- "${!silent[@]}" ;;
		delay) set -- "${!delay[@]}" ;;
		ratelimit) set -- "${!rlimit[@]}" ;;
		ecmp) set -- "${!B_ECMP[@]}" ;;
		esac
		for k in "$@"; do
			((${k%[ab]} <= B_N)) || _lab_die "--$what $(_lab_given "$what" "$k"): no router ${k%[ab]} (this lab has routers 1..$B_N)"
			[[ $k != *[ab] || -n ${B_ECMP[${k%[ab]}]:-} ]] ||
				_lab_die "--$what $(_lab_given "$what" "$k"): router $k: position ${k%[ab]} is not an ECMP pair (--ecmp ${k%[ab]})"
		done
	done
	for k in "${!mtu[@]}"; do
		((k <= B_N + 1)) || _lab_die "--mtu $(_lab_given mtu "$k"): no link $k (this lab has links 1..$((B_N + 1)))"
	done
	for k in "${!B_ECMP[@]}"; do
		[[ -z ${B_ECMP[$((k + 1))]:-} ]] ||
			_lab_die "--ecmp $k and --ecmp $((k + 1)): ECMP positions must not be adjacent"
	done

	((EUID == 0)) || _lab_die "must run as root (network namespaces)"
	local tool
	for tool in ip nft sysctl; do
		command -v "$tool" >/dev/null || _lab_die "$tool not found (make deps)"
	done
	if ((${#delay[@]} > 0)); then
		if ! command -v iptables >/dev/null || ! command -v ip6tables >/dev/null; then
			_lab_die "--delay needs iptables and ip6tables (make deps)"
		fi
		[[ -x $(_lab_helper_path) ]] ||
			_lab_die "--delay needs $(_lab_helper_path) (make ${NETDX_BUILD:-build}/tests/nfq_delay)"
	fi
	if ((dns)); then
		if ! command -v nsd >/dev/null || ! command -v dig >/dev/null; then
			_lab_die "--dns needs nsd and dig (make deps)"
		fi
	fi
	if ((asn || ${#B_ASN_TXT[@]})) && ! ((dns)); then
		_lab_die "--asn and --asn-txt need --dns (nsd serves the Cymru zones)"
	fi
	if ((dns)) && [[ $service_port == 53 ]]; then
		_lab_die "--service $service:53 and --dns: both want port 53"
	fi
	if [[ $service == unbound ]] && { ! command -v unbound >/dev/null || ! command -v dig >/dev/null; }; then
		_lab_die "--service unbound needs unbound and dig (make deps)"
	fi
	if [[ $service == blind && ! -x $LAB_BUILD/tests/udp_blind ]]; then
		_lab_die "--service blind needs $LAB_BUILD/tests/udp_blind (make)"
	fi
	B_STATE=$_LAB_RUN/$B_LAB
	[[ ! -e $B_STATE ]] || _lab_die "lab $B_LAB exists already (tests/lab/lab.sh down $B_LAB)"
	[[ -z $(_lab_namespaces_of "$B_LAB") ]] ||
		_lab_die "namespaces of lab $B_LAB exist already (tests/lab/lab.sh down $B_LAB)"

	# From here on every failure is a setup failure: one line on the real stderr (fd 3),
	# details in build.log, and lab_up tears down what exists.
	mkdir -p "$B_STATE"
	exec 3>&2 2>>"$B_STATE/build.log" >>"$B_STATE/build.log"
	trap '_lab_build_failed "$LINENO" "$BASH_COMMAND"' ERR
	set -eE

	# Nodes, positions, links.
	declare -ga B_NODES=() B_LINKS=()
	declare -gA B_POS=() B_LINK_OF=() B_RIGHT_OF=() B_ADDR4=() B_ADDR6=()
	local p j node l r v
	local -a ls rs
	for ((p = 0; p <= B_N + 1; p++)); do
		for node in $(_lab_nodes_at "$p"); do
			B_NODES+=("$node")
			B_POS[$node]=$p
		done
	done
	for ((j = 1; j <= B_N + 1; j++)); do
		read -r -a ls <<<"$(_lab_nodes_at $((j - 1)))"
		read -r -a rs <<<"$(_lab_nodes_at "$j")"
		if ((${#ls[@]} == 2)); then
			B_LINKS+=("$j 0 ${ls[0]} ${rs[0]}" "$j 1 ${ls[1]} ${rs[0]}")
		elif ((${#rs[@]} == 2)); then
			B_LINKS+=("$j 0 ${ls[0]} ${rs[0]}" "$j 1 ${ls[0]} ${rs[1]}")
		else
			B_LINKS+=("$j 0 ${ls[0]} ${rs[0]}")
		fi
	done
	local key
	for key in "${B_LINKS[@]}"; do
		read -r j v l r <<<"$key"
		B_LINK_OF[$l|$r]="$j $v"
		B_LINK_OF[$r|$l]="$j $v"
		B_RIGHT_OF[$j|$v]=$r
		# A node's own address: the one it answers from (left link, .1); the client's .2.
		if [[ $l == c && -z ${B_ADDR4[c]:-} ]]; then
			B_ADDR4[c]=10.$v.$j.2
			B_ADDR6[c]=fd00:$v:0:$j::2
		fi
		if [[ -z ${B_ADDR4[$r]:-} ]]; then
			B_ADDR4[$r]=10.$v.$j.1
			B_ADDR6[$r]=fd00:$v:0:$j::1
		fi
	done
	B_T4=10.0.$((B_N + 1)).1
	B_T6=fd00:0:0:$((B_N + 1))::1

	# Namespaces: resolv.conf first, so nothing in them ever sees the host's resolver.
	local ns resolver=127.0.0.1
	local -a sysctls
	for node in "${B_NODES[@]}"; do
		ns=$B_LAB-$node
		mkdir -p "/etc/netns/$ns"
		if [[ $node == c ]] && ((dns)); then resolver=$B_T4; else resolver=127.0.0.1; fi
		printf '# lab %s (tests/lab/lab.sh)\nnameserver %s\n' "$B_LAB" "$resolver" >"/etc/netns/$ns/resolv.conf"
		printf '%s\n' "$ns" >>"$B_STATE/namespaces"
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		sysctls=(net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
			net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
			net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
			net.ipv4.fib_multipath_hash_policy=1 net.ipv6.fib_multipath_hash_policy=1)
		p=${B_POS[$node]}
		if [[ $node == r* && -n ${rlimit[$p]:-} ]]; then
			read -r a b c <<<"${rlimit[$p]}"
			sysctls+=(net.ipv4.icmp_ratelimit="$a" net.ipv6.icmp.ratelimit=$((4 * a))
				net.ipv4.icmp_msgs_per_sec="$b" net.ipv4.icmp_msgs_burst="$c")
		else
			sysctls+=(net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
				net.ipv4.icmp_msgs_per_sec=1000000 net.ipv4.icmp_msgs_burst=1000000)
		fi
		if [[ $node == r* ]]; then
			sysctls+=(net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1)
		fi
		if [[ $node == c ]] && ((pinggroup)); then
			sysctls+=("net.ipv4.ping_group_range=0 2147483647")
		fi
		ip netns exec "$ns" sysctl -q -w "${sysctls[@]}" >/dev/null
	done
	_lab_stage namespaces

	# Links: veth pairs created straight into their namespaces (nothing in the root one).
	# Explicit, distinct ifindexes: the kernel treats a veth whose ifindex equals its
	# peer's (likely when each end is the first device in its namespace) as a non-urgent
	# link event, and its carrier then comes up only after linkwatch's 1 s delay.
	local m idx
	for key in "${B_LINKS[@]}"; do
		read -r j v l r <<<"$key"
		m=${mtu[$j]:-1500}
		idx=$((100 + 4 * j + 2 * v))
		ip link add "to-$r" netns "$B_LAB-$l" index "$idx" mtu "$m" type veth \
			peer name "to-$l" netns "$B_LAB-$r" index $((idx + 1)) mtu "$m"
		ip -n "$B_LAB-$l" addr add "10.$v.$j.2/24" dev "to-$r"
		ip -n "$B_LAB-$l" addr add "fd00:$v:0:$j::2/64" dev "to-$r" nodad
		ip -n "$B_LAB-$r" addr add "10.$v.$j.1/24" dev "to-$l"
		ip -n "$B_LAB-$r" addr add "fd00:$v:0:$j::1/64" dev "to-$l" nodad
		ip -n "$B_LAB-$l" link set "to-$r" up
		ip -n "$B_LAB-$r" link set "to-$l" up
	done
	local tries down
	for node in "${B_NODES[@]}"; do
		for ((tries = 0; ; tries++)); do
			# every veth of the node operationally up (normally at once, see above)
			down=$(ip -n "$B_LAB-$node" -o link show type veth | grep -v 'state UP' || true)
			[[ -z $down ]] && break
			if ((tries >= 60)); then
				echo "links of $node not up after 3 s" >&2
				return 1
			fi
			sleep 0.05
		done
	done
	_lab_stage links

	local batch
	for node in "${B_NODES[@]}"; do
		batch=$B_STATE/routes-$node
		_lab_routes "$node" >"$batch"
		if [[ -s $batch ]]; then
			ip -n "$B_LAB-$node" -batch "$batch"
		fi
	done
	_lab_stage routes

	# Rules: nftables per node (one table, inet netdx), NFQUEUE through iptables-nft
	# (this kernel has no nft `queue` expression, but the xt NFQUEUE target works).
	local rules dir ifs
	for node in "${B_NODES[@]}"; do
		p=${B_POS[$node]}
		rules=""
		if [[ $node == r* && -n $(_lab_opt_of loss "$node" "$p") ]]; then
			read -r a dir <<<"$(_lab_opt_of loss "$node" "$p")"
			ifs=""
			# shellcheck disable=SC2046 # one word per neighbour
			case $dir in
			out) ifs=$(printf '"to-%s", ' $(_lab_nodes_at $((p - 1)))) ;;
			in) ifs=$(printf '"to-%s", ' $(_lab_nodes_at $((p + 1)))) ;;
			esac
			if [[ -n $ifs ]]; then
				ifs="iifname { ${ifs%, } } "
			fi
			case $a in
			0) b="" ;; # nothing to drop, but keep the chain: it shows the option
			100) b="${ifs}drop" ;;
			*) b="${ifs}numgen random mod 100 < $a drop" ;;
			esac
			rules+=$(printf '\tchain loss {\n\t\ttype filter hook forward priority -10; policy accept;\n\t\t%s\n\t}\n' "$b")
			rules+=$'\n'
		fi
		if [[ $node == r* && -n ${silent[$p]:-} ]]; then
			rules+=$(printf '\tchain quiet {\n\t\ttype filter hook output priority 0; policy accept;\n\t\ticmp type time-exceeded drop\n\t\ticmpv6 type time-exceeded drop\n\t}\n')
			rules+=$'\n'
		fi
		if [[ $node == t && $udp == filter ]]; then
			rules+=$(printf '\tchain udpfilter {\n\t\ttype filter hook input priority 0; policy accept;\n\t\tiif "lo" accept\n')
			rules+=$'\n'
			if ((dns)); then
				rules+=$'\t\tudp dport 53 accept\n'
			fi
			if [[ -n $service ]]; then
				rules+=$'\t\tudp dport '"$service_port"$' accept\n'
			fi
			rules+=$(printf '\t\tmeta nfproto ipv4 meta l4proto udp reject with icmp type admin-prohibited\n\t\tmeta nfproto ipv6 meta l4proto udp reject with icmpv6 type admin-prohibited\n\t}\n')
			rules+=$'\n'
		fi
		if [[ -n $rules ]]; then
			printf 'table inet netdx {\n%s}\n' "$rules" >"$B_STATE/nft-$node.rules"
			ip netns exec "$B_LAB-$node" nft -f "$B_STATE/nft-$node.rules"
		fi
	done
	: >"$B_STATE/daemons"
	for node in "${B_NODES[@]}"; do
		p=${B_POS[$node]}
		[[ $node == r* && -n $(_lab_opt_of delay "$node" "$p") ]] || continue
		read -r a b <<<"$(_lab_opt_of delay "$node" "$p")"
		ip netns exec "$B_LAB-$node" iptables -w -A FORWARD -j NFQUEUE --queue-num "$p" --queue-bypass
		ip netns exec "$B_LAB-$node" ip6tables -w -A FORWARD -j NFQUEUE --queue-num "$p" --queue-bypass
		printf 'nfq %s %s %s %s\n' "$node" "$p" "$a" "$b" >>"$B_STATE/daemons"
	done
	if ((dns)); then
		_lab_write_dns "$B_STATE/nsd"
		((asn || ${#B_ASN_TXT[@]} == 0)) || asn=1
		((asn == 0)) || _lab_write_asn "$B_STATE/nsd"
		printf 'nsd t %s\n' "$B_T4" >>"$B_STATE/daemons"
	fi
	if [[ -n $service ]]; then
		mkdir -p "$B_STATE/service"
		if [[ $service == unbound ]]; then
			_lab_write_unbound "$B_STATE/service" "$service_port" "$B_T4" "$B_T6"
		fi
		printf 'svc t %s %s\n' "$service" "$service_port" >>"$B_STATE/daemons"
	fi
	_lab_stage rules

	# The variables tests use.
	{
		printf 'export LAB=%s\n' "$B_LAB"
		printf 'export LAB_STATE=%s\n' "$B_STATE"
		printf 'export LAB_ROUTERS=%s\n' "$B_N"
		printf 'export LAB_NODES="%s"\n' "${B_NODES[*]}"
		printf 'export LAB_NS_CLIENT=%s-c\nexport LAB_NS_TARGET=%s-t\n' "$B_LAB" "$B_LAB"
		printf 'export LAB_CLIENT4=%s\nexport LAB_CLIENT6=%s\n' "${B_ADDR4[c]}" "${B_ADDR6[c]}"
		printf 'export LAB_TARGET4=%s\nexport LAB_TARGET6=%s\n' "$B_T4" "$B_T6"
		for ((p = 1; p <= B_N + 1; p++)); do
			printf 'export LAB_HOP4_%s=10.0.%s.1\nexport LAB_HOP6_%s=fd00:0:0:%s::1\n' "$p" "$p" "$p" "$p"
		done
		for node in "${B_NODES[@]}"; do
			[[ $node == r* ]] || continue
			p=${B_POS[$node]}
			case $node in
			*a) printf 'export LAB_NS_ROUTER_%s=%s-%s\n' "$p" "$B_LAB" "$node" ;;
			*b) printf 'export LAB_HOP4_%sb=10.1.%s.1\nexport LAB_HOP6_%sb=fd00:1:0:%s::1\n' "$p" "$p" "$p" "$p" ;;
			esac
			printf 'export LAB_NS_ROUTER_%s=%s-%s\n' "${node#r}" "$B_LAB" "$node"
		done
		if ((dns)); then
			printf 'export LAB_DNS4=%s\nexport LAB_DNS6=%s\nexport LAB_DNS_ZONE=lab.test\n' "$B_T4" "$B_T6"
		fi
		if [[ -n $service ]]; then
			printf 'export LAB_SERVICE=%s\nexport LAB_SERVICE_PORT=%s\n' "$service" "$service_port"
		fi
	} >"$B_STATE/env"
}

# ---------------------------------------------------------------------------
# Command mode.

# _lab_usage
# The command-line synopsis.
_lab_usage() {
	cat >&2 <<'EOF'
usage: lab.sh up NAME [options] | down NAME | exec NAME NODE CMD... | env NAME | list
options: --routers N --loss K:P[:out|in|both] --silent K --delay K:MS[:JITTER]
         --ratelimit K:MS --mtu K:BYTES --ecmp K --udp reject|filter --dns
         --asn --asn-txt K:RDATA --service unbound|blind[:PORT] --no-ping-group
(details in the header of tests/lab/lab.sh)
EOF
	exit 2
}

# _lab_main ARGS...
# lab.sh as a command.
_lab_main() {
	local cmd=${1:-} name=${2:-}
	case $cmd in
	_build)
		shift 2
		_lab_build "$name" "$@"
		;;
	up)
		[[ -n $name ]] || _lab_usage
		shift 2
		lab_up --name "$name" "$@" || exit
		echo "lab $name up: ${LAB_NODES}; target $LAB_TARGET4 $LAB_TARGET6"
		echo "variables: . $_LAB_RUN/$name/env   (or: tests/lab/lab.sh env $name)"
		;;
	down)
		[[ -n $name ]] || _lab_usage
		lab_down "$name"
		;;
	exec)
		(($# >= 4)) || _lab_usage
		shift 2
		_lab_valid_name "$name" || _lab_die "bad lab name: $name"
		LAB=$name lab_exec "$@"
		;;
	env)
		[[ -n $name ]] || _lab_usage
		_lab_valid_name "$name" || _lab_die "bad lab name: $name"
		[[ -f $_LAB_RUN/$name/env ]] || _lab_die "no lab $name"
		cat "$_LAB_RUN/$name/env"
		;;
	list)
		[[ -d $_LAB_RUN ]] && find "$_LAB_RUN" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort
		return 0
		;;
	*) _lab_usage ;;
	esac
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	_lab_main "$@"
fi
