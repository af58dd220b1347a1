#!/usr/bin/env bash
# bench/startup.sh BUILD — what a script feels of a tool: start-up and memory, netdx
# beside iputils ping and traceroute 2.x, side by side in one run, in the client of an
# 8-router lab without delay (tests/lab/lab.sh; nothing leaves the lab's namespaces):
#   ping -q -c 1 127.0.0.1        whole process, wall time
#   traceroute -n (8 routers)     whole process, wall time
#   peak RSS                      ping -c 5 -i 0.2 127.0.0.1 and traceroute -n (KiB)
# Wall times: hyperfine -N in the client namespace, ROUNDS rounds of RUNS runs of each
# command (the order alternating), median of all of them (default 6 x 10 = 60 per
# command); on a machine busy with other work the wall time mostly measures the wait for
# a CPU, so the CPU time each run used (user + system, hyperfine's mean of a round;
# median of the rounds) is shown too. The floor: an empty C program, linked as our tools
# are (dynamic glibc), timed the same way: what exec, the dynamic loader and libc's start
# cost before any tool's own code runs; its ratio to iputils' ping is the least any tool
# can reach. RSS: /usr/bin/time's maximum resident set, median of RSS_RUNS. The ratios are
# netdx/peer (below 1: netdx smaller); goals (issue 19): start-up at most 0.8, RSS at most 1.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
export NETDX_BUILD=${1:-build}
ROUNDS=${ROUNDS:-6}
RUNS=${RUNS:-10}
RSS_RUNS=${RSS_RUNS:-5}
[[ $(id -u) == 0 ]] || { echo "bench/startup.sh: needs root (lab namespaces)" >&2; exit 2; }
for t in ping traceroute hyperfine jq /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "bench/startup.sh: $t missing: make deps" >&2; exit 2; }
done
. tests/lab/lab.sh
tmp=$(mktemp -d)
trap 'lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT
lab_up --routers 8 >/dev/null || exit 1
ping=$LAB_BIN/ping tr=$LAB_BIN/traceroute dst=$LAB_TARGET4
printf 'int main(void) { return 0; }\n' >"$tmp/empty.c"
${CC:-cc} -O2 -o "$tmp/empty" "$tmp/empty.c" || { echo "bench/startup.sh: cannot build the floor" >&2; exit 1; }

# times NAME CMD: one hyperfine round of CMD, its run times (s) appended to $tmp/NAME.
times() {
	lab_exec c hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$tmp/hf.json" "$2" \
		>/dev/null 2>&1 || { echo "bench/startup.sh: failed: $2" >&2; exit 1; }
	jq -r '.results[0].times[]' "$tmp/hf.json" >>"$tmp/$1"
	jq -r '.results[0] | .user + .system' "$tmp/hf.json" >>"$tmp/$1.cpu"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# rss CMD...: median peak RSS (KiB) of RSS_RUNS runs of CMD in the client.
rss() {
	local i
	for ((i = 0; i < RSS_RUNS; i++)); do
		lab_exec c /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
	done | median
}
row() { printf '%-46s %10s %10s %7s\n' "$@"; }
ratio() { awk -v o="$1" -v p="$2" 'BEGIN { printf "%.2f", o / p }'; }

for ((r = 0; r < ROUNDS; r++)); do
	if ((r % 2 == 0)); then
		times ping_ours "$ping -q -c 1 127.0.0.1"
		times ping_peer "ping -q -c 1 127.0.0.1"
		times tr_ours "$tr -n $dst"
		times tr_peer "traceroute -n $dst"
		times floor "$tmp/empty"
	else
		times floor "$tmp/empty"
		times ping_peer "ping -q -c 1 127.0.0.1"
		times ping_ours "$ping -q -c 1 127.0.0.1"
		times tr_peer "traceroute -n $dst"
		times tr_ours "$tr -n $dst"
	fi
done
row "benchmark ($((ROUNDS * RUNS)) runs each)" "peer" "netdx" "ratio"
for t in ping tr; do
	o=$(median <"$tmp/${t}_ours") p=$(median <"$tmp/${t}_peer")
	name="ping -q -c 1 127.0.0.1, median (ms)"
	[[ $t == tr ]] && name="traceroute -n, 8 routers, median (ms)"
	row "$name" "$(awk -v v="$p" 'BEGIN { printf "%.2f", v * 1000 }')" \
		"$(awk -v v="$o" 'BEGIN { printf "%.2f", v * 1000 }')" "$(ratio "$o" "$p")"
	o=$(median <"$tmp/${t}_ours.cpu") p=$(median <"$tmp/${t}_peer.cpu")
	row "  ... CPU time, user + system (ms)" "$(awk -v v="$p" 'BEGIN { printf "%.2f", v * 1000 }')" \
		"$(awk -v v="$o" 'BEGIN { printf "%.2f", v * 1000 }')" "$(ratio "$o" "$p")"
done
o=$(median <"$tmp/floor") p=$(median <"$tmp/ping_peer")
row "floor: an empty C program (peer: iputils ping) (ms)" "$(awk -v v="$p" 'BEGIN { printf "%.2f", v * 1000 }')" \
	"$(awk -v v="$o" 'BEGIN { printf "%.2f", v * 1000 }')" "$(ratio "$o" "$p")"
o=$(rss "$ping" -c 5 -i 0.2 127.0.0.1) p=$(rss ping -c 5 -i 0.2 127.0.0.1)
row "ping -c 5 -i 0.2 127.0.0.1, peak RSS (KiB)" "$p" "$o" "$(ratio "$o" "$p")"
o=$(rss "$tr" -n "$dst") p=$(rss traceroute -n "$dst")
row "traceroute -n, 8 routers, peak RSS (KiB)" "$p" "$o" "$(ratio "$o" "$p")"
