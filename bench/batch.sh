#!/usr/bin/env bash
# bench/batch.sh BUILD — what batching system calls could give a flood and a sweep, side by
# side in one run, in one throw-away namespace (tests/netns_run.sh: loopback only):
#   ping -q -f -c N 127.0.0.1          iputils, netdx, and bench/echo_ceiling.c, a bare
#                                      loop of one system call per packet (single) and one
#                                      per batch (sendmmsg/recvmmsg), one request in flight
#   ping -q -f -l 16 -c N 127.0.0.1    the same with 16 in flight, where a batch has 16
#   ping -q -c 3 -i 0 127.1.0.0/22     netdx's sweep, beside the bare loop over the same
#                                      1022 addresses, 32 in flight
# Every figure is replies per second of the whole process (start-up included), median of
# RUNS alternating runs. The ratio column is the row over iputils' ping -f of its group
# (the sweep: over the bare single loop). The bare loop keeps no statistics and prints
# nothing: what is left is the kernel's echo path and the system calls, so "single"
# against "batch" is all batching can win, and iputils against "single" what any ping
# could win without it (issue 19's goal 2).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
build=${1:-build}
[[ $build == /* ]] || build="$top/$build"
RUNS=${RUNS:-7}
N=${N:-20000}
[[ $(id -u) == 0 ]] || { echo "bench/batch.sh: needs root (namespace, raw sockets)" >&2; exit 2; }
command -v ping >/dev/null || { echo "bench/batch.sh: iputils ping missing: make deps" >&2; exit 2; }

if [[ ${2:-} != --inside ]]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	${CC:-cc} -O2 -Wall -Wextra -Werror -o "$tmp/echo_ceiling" bench/echo_ceiling.c ||
		{ echo "bench/batch.sh: cannot build bench/echo_ceiling.c" >&2; exit 1; }
	CEILING="$tmp/echo_ceiling" tests/netns_run.sh "$0" "$build" --inside
	exit
fi
[[ -n $(ip netns identify $$ 2>/dev/null) ]] || { echo "bench/batch.sh: not in a namespace" >&2; exit 2; }
ping=$build/bin/ping
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# rate PROBES CMD...: replies per second of one run of CMD (its output discarded).
rate() {
	local n=$1 t0=$EPOCHREALTIME
	shift
	"$@" >/dev/null || { echo "bench/batch.sh: failed: $*" >&2; return 1; }
	awk -v n="$n" -v a="${t0/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.0f\n", n / (b - a) }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# group NAME PROBES CMD... [-- CMD...]...: RUNS rounds, each command once per round (the
# order turning), one row per command; the first is the base of the ratios.
group() {
	local name=$1 n=$2 cmds=() i r k base
	shift 2
	local cur=""
	for a in "$@"; do
		if [[ $a == -- ]]; then cmds+=("$cur") cur=""; else cur+="${cur:+ }$a"; fi
	done
	cmds+=("$cur")
	for ((r = 0; r < RUNS; r++)); do
		for ((i = 0; i < ${#cmds[@]}; i++)); do
			k=$(((i + r) % ${#cmds[@]}))
			# shellcheck disable=SC2086 # each command is words without quoting
			rate "$n" ${cmds[k]} >>"$tmp/$k" || exit 1
		done
	done
	printf '%s\n' "$name"
	base=$(median <"$tmp/0")
	for ((i = 0; i < ${#cmds[@]}; i++)); do
		local m
		m=$(median <"$tmp/$i")
		printf '  %-62s %10s %6s\n' "${cmds[i]/#$top\//}" "$m" \
			"$(awk -v m="$m" -v b="$base" 'BEGIN { printf "%.2f", m / b }')"
		rm -f "$tmp/$i"
	done
}

printf '%-64s %10s %6s\n' "replies per second, median of $RUNS" "replies/s" "ratio"
group "flood, 1 in flight" "$N" ping -q -f -c "$N" 127.0.0.1 -- "$ping" -q -f -c "$N" 127.0.0.1 \
	-- "$CEILING" "$N" 1 single 127.0.0.1 1 -- "$CEILING" "$N" 1 batch 127.0.0.1 1
group "flood, 16 in flight (-l 16)" "$N" ping -q -f -l 16 -c "$N" 127.0.0.1 \
	-- "$ping" -q -f -l 16 -c "$N" 127.0.0.1 -- "$CEILING" "$N" 16 single 127.0.0.1 1 \
	-- "$CEILING" "$N" 16 batch 127.0.0.1 1
group "sweep, 127.1.0.0/22 x 3 (3066 probes)" 3066 "$CEILING" 3066 32 single 127.1.0.1 1022 \
	-- "$CEILING" 3066 32 batch 127.1.0.1 1022 -- "$ping" -q -c 3 -i 0 127.1.0.0/22
