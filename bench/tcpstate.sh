#!/usr/bin/env bash
# bench/tcpstate.sh BUILD — tcpstate beside ss and netstat on the same sockets, side by
# side in one run. A namespace of its own holds SOCKETS TCP sockets on loopback (four
# fifths ESTABLISHED, both ends of each connection; a fifth TIME_WAIT; four listeners;
# tests/lab/tcp_hold.py), then
# RUNS alternating runs of each command, whole process, measured inside it:
#   census    tcpstate (counts, top lists with pid/comm, listeners, findings) against
#             ss -tanp (every socket with its processes: the same /proc walk)
#   no owners tcpstate --no-owners (the same without pid/comm) against ss -s (the
#             kernel's sockstat totals: no states), ss -tan | wc -l and netstat -nat
#   list      tcpstate --list against netstat -nat (the same lines)
# Each: median wall time, and max RSS of one run (GNU time). Ratios read peer/ours
# (above 1: tcpstate faster or smaller). Nothing is asserted (see tcpstate(8)). Needs
# root (namespaces). Every socket is on loopback inside the namespace.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
build=${1:-build}
[[ $build == /* ]] || build="$top/$build"
RUNS=${RUNS:-11}
SOCKETS=${SOCKETS:-100000}
ours=$build/bin/tcpstate
[[ $(id -u) == 0 ]] || { echo "bench/tcpstate.sh: needs root (namespaces)" >&2; exit 2; }
for tool in ss netstat python3 /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench/tcpstate.sh: $tool missing: make deps" >&2; exit 2; }
done
[[ -x $ours ]] || { echo "bench/tcpstate.sh: $ours missing: make" >&2; exit 2; }

ns=netdx-bench-ts-$$
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	ip netns del "$ns" 2>/dev/null
}
trap cleanup EXIT
ip netns add "$ns" || exit 1
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
# The listeners' ports (9001-9004, 9010) lie below the local port range, so no client
# socket can take one first.
in_ns sysctl -qw net.ipv4.ip_local_port_range="10000 65000" net.ipv4.tcp_max_tw_buckets=400000

hold=tests/lab/tcp_hold.py
conns=$((SOCKETS * 2 / 5))      # connections: two ESTABLISHED sockets each
per=$(((conns + 3) / 4))         # four connecting processes and four servers, each
((per <= 18000)) || { echo "bench/tcpstate.sh: SOCKETS too large (at most 180000)" >&2; exit 2; }
tw=$((SOCKETS / 5))

# start NAME CMD...: one holder in the namespace with all the descriptors it may have
# (the hard limit: a process holds at most one quarter of the connections); waits
# (at most 120 s) for its "ready".
start() {
	local out=$1
	shift
	in_ns bash -c 'ulimit -n "$(ulimit -Hn)" && exec "$@"' _ "$@" >"$out" 2>&1 &
	pids+=($!)
	local i
	for ((i = 0; i < 1200; i++)); do
		grep -q ready "$out" && return 0
		kill -0 "${pids[-1]}" 2>/dev/null || break
		sleep 0.1
	done
	echo "bench/tcpstate.sh: $* did not get ready: $(tail -n 2 "$out")" >&2
	exit 1
}
tmp=$(mktemp -d)
for k in 1 2 3 4; do
	start "$tmp/serve$k" python3 "$hold" serve "$((9000 + k)):hold" --hold 600
	start "$tmp/conn$k" python3 "$hold" connect 127.0.0.1 "$((9000 + k))" "$per" \
		--src "127.0.1.$k" --hold 600
done
in_ns python3 "$hold" churn 9010 "$tw" >/dev/null 2>&1 ||
	{ echo "bench/tcpstate.sh: churn failed" >&2; exit 1; }
total=$(in_ns ss -tanH | wc -l)

# In the namespace: RUNS alternating runs, one "name seconds" line each; then
# "rss name KiB" of one run each.
in_ns bash -s -- "$RUNS" "$ours" >"$tmp/raw" <<'EOS'
runs=$1 ours=$2
wall() {
	local t0=$EPOCHREALTIME
	bash -c "$1" >/dev/null 2>&1
	awk -v a="${t0/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.6f\n", b - a }'
}
declare -A cmd=(
	[tcpstate]="$ours"
	[tcpstate-no-owners]="$ours --no-owners"
	[ss-s]="ss -s"
	[ss-tan]="ss -tan | wc -l"
	[ss-tanp]="ss -tanp | wc -l"
	[netstat]="netstat -nat | wc -l"
	[tcpstate-list]="$ours --list | wc -l"
)
names="tcpstate tcpstate-no-owners ss-s ss-tan ss-tanp netstat tcpstate-list"
for ((i = 0; i < runs; i++)); do
	for n in $names; do echo "$n $(wall "${cmd[$n]}")"; done
done
for n in $names; do
	first=${cmd[$n]%% |*}
	echo "rss $n $(/usr/bin/time -f %M bash -c "exec $first >/dev/null" 2>&1 | tail -n 1)"
done
EOS

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
t() { awk -v n="$1" '$1 == n { print $2 }' "$tmp/raw" | median; }
rss() { awk -v n="$1" '$1 == "rss" && $2 == n { print $3 }' "$tmp/raw"; }
printf 'tcpstate on %d TCP sockets (%d runs each, median wall time, RSS of one run)\n' \
	"$total" "$RUNS"
printf '%-20s %10s %10s %10s %10s\n' what seconds ratio RSS_KiB ratio
row() {
	local n=$1 base=$2
	awk -v n="$n" -v s="$(t "$n")" -v b="$(t "$base")" -v r="$(rss "$n")" -v rb="$(rss "$base")" \
		'BEGIN { printf "%-20s %10.4f %10.2f %10d %10.2f\n", n, s, s / b, r, r / rb }'
}
for n in tcpstate ss-tanp; do row "$n" tcpstate; done
for n in tcpstate-no-owners ss-s ss-tan netstat; do row "$n" tcpstate-no-owners; done
for n in tcpstate-list netstat; do row "$n" tcpstate-list; done
rm -rf "$tmp"
