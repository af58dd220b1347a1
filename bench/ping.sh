#!/usr/bin/env bash
# bench/ping.sh BUILD — netdx ping beside iputils ping and fping, side by side in one
# run, printed as one table:
#   flood      ping -f -c 20000 127.0.0.1 (root), output to /dev/null, and with -q:
#              packets per second (count / wall time), median of RUNS
#   sweep      the 1022 hosts of 127.1.0.0/22 x 3 probes at fping's packet interval
#              (fping -q -c 3 -i 1 -g 127.1.0.0/22 against ping -q -c 3 --gap 1ms ...,
#              both 1 s per target between rounds: fping's -p, ping's -i):
#              wall time; and netdx flat out (-i 0): probes per second, every reply
#              accounted for
#   fping      ping started as fping against fping, the same command lines: the /22 x 3
#              at fping's own defaults (fping -q -c 3 -g 127.1.0.0/22: -p 1000, -i 10,
#              about 31 s a run, FRUNS runs, default 1), and fping -a -g over the /22
#              with every odd address silent (its requests dropped on the way in), or
#              refused (dropped on the way out: sendto fails), -i 1 -r 1 -t 200: wall
#              time
#   exactness  the lab with 20 ms injected delay (router 1 holds each packet 10 ms each
#              way): mean RTT of iputils and netdx over ROUNDS x 40 probes each, runs
#              alternating, first idle, then with both CPU cores kept busy; the
#              inflation is busy minus idle. The delay line itself is a user-space
#              process, so its scheduling shows in both tools' figures; the same
#              again on a lab path without it shows what a busy CPU adds to the
#              measurement alone
# Loopback runs happen in one throw-away namespace (tests/netns_run.sh), the delay in
# a lab (tests/lab/lab.sh); every run sends a bounded number of probes. Ratios read
# "above 1: netdx better"; for the inflation the last column is iputils' minus netdx's
# (positive: netdx inflates less). The delay line is a user-space process whose own
# scheduling moves both tools' means by tens of microseconds from run to run.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
mode=all
if [[ ${1:-} == --loopback ]]; then
	mode=loopback
	shift
fi
build=${1:-build}
[[ $build == /* ]] || build="$top/$build"
ping="$build/bin/ping"
RUNS=${RUNS:-7}
N=${N:-20000}

# wall CMD...: seconds one run of CMD takes (its output discarded).
wall() {
	local t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1 || { echo "bench/ping.sh: failed: $*" >&2; return 1; }
	awk -v a="${t0/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.6f\n", b - a }'
}
# wall_any CMD...: the same for a command whose status 1 is a result (fping: some
# target unreachable).
wall_any() {
	local t0=$EPOCHREALTIME rc
	"$@" >/dev/null 2>&1
	rc=$?
	((rc <= 1)) || { echo "bench/ping.sh: failed ($rc): $*" >&2; return 1; }
	awk -v a="${t0/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.6f\n", b - a }'
}
# median: of the numbers on standard input.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# row NAME PEER OURS RATIO
row() { printf "%-60s %12s %12s %7s\n" "$1" "$2" "$3" "$4"; }

# pair FILE_PEER FILE_OURS PEER_CMD -- OURS_CMD: RUNS alternating runs of each.
pair() {
	local fp=$1 fo=$2 i
	shift 2
	local peer=() ours=()
	while [[ $1 != -- ]]; do peer+=("$1"); shift; done
	shift
	ours=("$@")
	: >"$fp"
	: >"$fo"
	for ((i = 0; i < RUNS; i++)); do
		wall "${peer[@]}" >>"$fp" || return 1
		wall "${ours[@]}" >>"$fo" || return 1
	done
}

if [[ $mode == loopback ]]; then
	[[ -n $(ip netns identify $$ 2>/dev/null) ]] || { echo "bench/ping.sh: not in a namespace" >&2; exit 2; }
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	pair "$tmp/p" "$tmp/o" ping -f -c "$N" 127.0.0.1 -- "$ping" -f -c "$N" 127.0.0.1 || exit 1
	p=$(median <"$tmp/p") o=$(median <"$tmp/o")
	row "ping -f -c $N 127.0.0.1 > /dev/null (packets/s)" "$(awk -v n=$N -v t=$p 'BEGIN { printf "%.0f", n / t }')" \
		"$(awk -v n=$N -v t=$o 'BEGIN { printf "%.0f", n / t }')" "$(awk -v p=$p -v o=$o 'BEGIN { printf "%.2f", p / o }')"
	pair "$tmp/p" "$tmp/o" ping -q -f -c "$N" 127.0.0.1 -- "$ping" -q -f -c "$N" 127.0.0.1 || exit 1
	p=$(median <"$tmp/p") o=$(median <"$tmp/o")
	row "ping -q -f -c $N 127.0.0.1 (packets/s)" "$(awk -v n=$N -v t=$p 'BEGIN { printf "%.0f", n / t }')" \
		"$(awk -v n=$N -v t=$o 'BEGIN { printf "%.0f", n / t }')" "$(awk -v p=$p -v o=$o 'BEGIN { printf "%.2f", p / o }')"
	RUNS=$(( RUNS < 5 ? RUNS : 5 ))
	pair "$tmp/p" "$tmp/o" fping -q -c 3 -i 1 -g 127.1.0.0/22 -- "$ping" -q -c 3 --gap 1ms 127.1.0.0/22 || exit 1
	p=$(median <"$tmp/p") o=$(median <"$tmp/o")
	row "sweep 127.1.0.0/22 x 3, 1 ms apart: fping vs netdx (s)" "$(printf '%.3f' "$p")" \
		"$(printf '%.3f' "$o")" "$(awk -v p=$p -v o=$o 'BEGIN { printf "%.2f", p / o }')"
	for ((i = 0; i < RUNS; i++)); do wall "$ping" -q -c 3 -i 0 127.1.0.0/22; done >"$tmp/o"
	o=$(median <"$tmp/o")
	all=$("$ping" -q -c 3 -i 0 127.1.0.0/22 | grep -o '3066 packets transmitted, 3066 received' || echo "REPLIES MISSING")
	row "sweep 127.1.0.0/22 x 3 at -i 0 (probes/s, goal 250000)" "-" \
		"$(awk -v t=$o 'BEGIN { printf "%.0f", 3066 / t }')" "$(awk -v t=$o 'BEGIN { printf "%.2f", 3066 / t / 250000 }')"
	row "  ... every reply accounted for" "" "${all/packets transmitted, /sent, }" ""
	for ((i = 0; i < ${FRUNS:-1}; i++)); do
		wall fping -q -c 3 -g 127.1.0.0/22 >>"$tmp/fp" || exit 1
		wall "$build/bin/fping" -q -c 3 -g 127.1.0.0/22 >>"$tmp/fo" || exit 1
	done
	p=$(median <"$tmp/fp") o=$(median <"$tmp/fo")
	row "fping -q -c 3 -g 127.1.0.0/22, fping's defaults (s)" "$(printf '%.3f' "$p")" \
		"$(printf '%.3f' "$o")" "$(awk -v p=$p -v o=$o 'BEGIN { printf "%.2f", p / o }')"
	# half_silent HOOK NAME: the /22 with every odd address dropped in the HOOK chain
	# (input: the requests go out and nobody answers; output: the kernel refuses
	# them, sendto EPERM, which fping does not retry), fping against ours.
	half_silent() {
		nft delete table inet bench_silent 2>/dev/null
		printf 'table inet bench_silent {\n chain c {\n  type filter hook %s priority 0;\n  ip daddr & 0.0.0.1 == 0.0.0.1 icmp type echo-request drop\n }\n}\n' "$1" | nft -f - || exit 1
		: >"$tmp/fp"
		: >"$tmp/fo"
		for ((i = 0; i < RUNS; i++)); do
			wall_any fping -a -i 1 -r 1 -t 200 -g 127.1.0.0/22 >>"$tmp/fp" || exit 1
			wall_any "$build/bin/fping" -a -i 1 -r 1 -t 200 -g 127.1.0.0/22 >>"$tmp/fo" || exit 1
		done
		p=$(median <"$tmp/fp") o=$(median <"$tmp/fo")
		row "fping -a -i 1 -r 1 -t 200 -g 127.1.0.0/22, $2 (s)" "$(printf '%.3f' "$p")" \
			"$(printf '%.3f' "$o")" "$(awk -v p=$p -v o=$o 'BEGIN { printf "%.2f", p / o }')"
		a=$(fping -a -i 1 -r 1 -t 200 -g 127.1.0.0/22 2>/dev/null | sort | md5sum)
		b=$("$build/bin/fping" -a -i 1 -r 1 -t 200 -g 127.1.0.0/22 2>/dev/null | sort | md5sum)
		row "  ... the same 511 alive hosts listed" "" "$([[ $a == "$b" ]] && echo yes || echo NO)" ""
	}
	half_silent input "half silent"
	half_silent output "half refused by the kernel"
	exit 0
fi

[[ $(id -u) == 0 ]] || { echo "bench/ping.sh: needs root (namespaces, ping -f)" >&2; exit 2; }
for t in ping fping; do
	command -v "$t" >/dev/null || { echo "bench/ping.sh: $t missing: make deps" >&2; exit 2; }
done
row "benchmark" "iputils/fping" "netdx" "ratio"
tests/netns_run.sh bash "$0" --loopback "$build" || exit 1

# --- exactness: 20 ms of injected delay ------------------------------------------------
. tests/lab/lib.sh
. tests/lab/lab.sh
busy=()
stop_busy() { local p; for p in "${busy[@]}"; do kill "$p" 2>/dev/null; done; busy=(); }
trap 'stop_busy; lab_down >/dev/null 2>&1' EXIT
lab_up --routers 2 --delay 1:10 >/dev/null || exit 1
avg() { sed -n 's#^rtt min/avg/max/mdev = [0-9.]*/\([0-9.]*\)/.*#\1#p'; }
# means COUNT INTERVAL: ROUNDS runs of COUNT probes each, the order alternating (the
# delay line's own timing drifts); prints "iputils_mean netdx_mean" in ms.
means() {
	local r a b
	for ((r = 0; r < ${ROUNDS:-10}; r++)); do
		if ((r % 2 == 0)); then
			a=$(lab_exec c ping -q -c "$1" -i "$2" "$LAB_TARGET4" | avg)
			b=$(lab_exec c "$ping" -q -c "$1" -i "$2" "$LAB_TARGET4" | avg)
		else
			b=$(lab_exec c "$ping" -q -c "$1" -i "$2" "$LAB_TARGET4" | avg)
			a=$(lab_exec c ping -q -c "$1" -i "$2" "$LAB_TARGET4" | avg)
		fi
		printf '%s %s\n' "$a" "$b"
	done | awk '{ a += $1; b += $2; n++ } END { printf "%.4f %.4f\n", a / n, b / n }'
}
# busy_start / stop_busy: keep both CPU cores busy (bounded: stopped right after).
busy_start() {
	local c
	for c in 1 2; do
		(while :; do :; done) &
		busy+=($!)
	done
}
read -r pi oi < <(means 40 0.02)
row "mean RTT, 2 x 10 ms delay, idle (ms)" "$pi" "$oi" ""
row "  ... netdx minus iputils (us, must be within +-50)" "" \
	"$(awk -v a="$pi" -v b="$oi" 'BEGIN { printf "%+.1f", (b - a) * 1000 }')" ""
busy_start
read -r pb ob < <(means 40 0.02)
stop_busy
row "mean RTT, same path, both cores busy (ms)" "$pb" "$ob" ""
inflation() {
	local pinf oinf
	pinf=$(awk -v a="$1" -v b="$3" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
	oinf=$(awk -v a="$2" -v b="$4" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
	row "  ... inflation busy - idle (us), last: iputils - netdx" "$pinf" \
		"$oinf" "$(awk -v p="$pinf" -v o="$oinf" 'BEGIN { printf "%+.1f", p - o }')"
}
inflation "$pi" "$oi" "$pb" "$ob"
lab_down >/dev/null 2>&1
# The same without the delay line: only the two hosts' kernels and the tools remain, so
# what a busy CPU adds to the measurement itself shows.
lab_up --routers 2 >/dev/null || exit 1
read -r pi oi < <(means 100 0.005)
busy_start
read -r pb ob < <(means 100 0.005)
stop_busy
row "mean RTT, 2 routers, no delay line, idle (us)" "$(awk -v v=$pi 'BEGIN { printf "%.1f", v * 1000 }')" \
	"$(awk -v v=$oi 'BEGIN { printf "%.1f", v * 1000 }')" ""
row "mean RTT, 2 routers, no delay line, both cores busy (us)" \
	"$(awk -v v=$pb 'BEGIN { printf "%.1f", v * 1000 }')" "$(awk -v v=$ob 'BEGIN { printf "%.1f", v * 1000 }')" ""
inflation "$pi" "$oi" "$pb" "$ob"
