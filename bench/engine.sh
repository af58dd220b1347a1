#!/usr/bin/env bash
# bench/engine.sh BUILD — raw probe-engine throughput against iputils ping's flood
# mode, side by side in one run, on loopback inside a throw-away namespace:
#   ping -f -q -c N 127.0.0.1                   (iputils, root, raw socket)
#   engine_probe --raw --quiet --interval 0 -c N  (common/probe/probe.c, flat out)
# Both send N echo requests and wait for every reply. The figure that matters is the
# ratio (peer time / our time): above 1 means the engine is faster. Median of RUNS.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
[[ $build == /* ]] || build="$top/$build"
N=${N:-20000}
RUNS=${RUNS:-5}
[[ $(id -u) == 0 ]] || { echo "bench/engine.sh: needs root (namespace, ping -f)" >&2; exit 2; }
command -v ping >/dev/null || { echo "bench/engine.sh: iputils ping missing: make deps" >&2; exit 2; }

# median_time CMD...: median wall time of RUNS runs, seconds.
median_time() {
	local i t0 t1
	for ((i = 0; i < RUNS; i++)); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1 || { echo "bench/engine.sh: failed: $*" >&2; return 1; }
		t1=$EPOCHREALTIME
		awk -v a="${t0/,/.}" -v b="${t1/,/.}" 'BEGIN { printf "%.4f\n", b - a }'
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

run_in_ns() { "$top/tests/netns_run.sh" "$@"; }
peer=$(median_time run_in_ns ping -f -q -c "$N" 127.0.0.1) || exit 1
ours=$(median_time run_in_ns "$build/tests/engine_probe" --raw --quiet --interval 0 \
	--count "$N" 127.0.0.1) || exit 1
base=$(median_time run_in_ns true) || exit 1 # namespace set-up cost, subtracted from both
awk -v p="$peer" -v o="$ours" -v b="$base" -v n="$N" 'BEGIN {
	p -= b; o -= b
	printf "%-38s %10s %12s\n", "loopback echo, " n " probes", "seconds", "probes/s"
	printf "%-38s %10.3f %12.0f\n", "iputils ping -f", p, n / p
	printf "%-38s %10.3f %12.0f\n", "netdx engine (raw, interval 0)", o, n / o
	printf "ratio peer/ours: %.2f (above 1: netdx faster)\n", p / o
}'
