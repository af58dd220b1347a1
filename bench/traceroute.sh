#!/usr/bin/env bash
# bench/traceroute.sh BUILD — netdx traceroute against its peers, side by side in one
# run, in the lab (tests/lab/lab.sh; nothing leaves the lab's namespaces):
#   1. a realistic path: 8 routers, each holding forwarded packets 5 ms each way (hop k
#      answers after about 10·(k-1) ms), routers 3 and 5 silent. Peers: traceroute 2.x,
#      tracepath, scamper, mtr -r -c 1. Goal: at most half the fastest peer's time.
#   2. the same 8 routers without delay or silence: netdx against traceroute 2.x,
#      median of 20 runs (hyperfine inside the namespace). Goal: no slower.
#   3. a target that answers nothing (silent past hop 8, -m 16): netdx against
#      traceroute 2.x. Goal: at most half.
#   4. names from the lab's DNS (3 routers, --dns): netdx with names against netdx -n,
#      median of RUNS_FAST runs (hyperfine). Goal: names cost at most 0.1 s (they are
#      looked up while the probes fly; this was a check in test_traceroute_modes.sh).
# Every tool's responding hops are compared with netdx's ("same hops"). Wall times are
# medians of RUNS runs (scenario 2: RUNS_FAST). Prints one table per scenario.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
export NETDX_BUILD=${1:-build}
RUNS=${RUNS:-3}
RUNS_FAST=${RUNS_FAST:-20}
[[ $(id -u) == 0 ]] || { echo "bench/traceroute.sh: needs root (lab namespaces)" >&2; exit 2; }
for t in traceroute tracepath scamper mtr; do
	command -v "$t" >/dev/null || { echo "bench/traceroute.sh: $t missing: make deps" >&2; exit 2; }
done
. tests/lab/lab.sh
. tests/lab/tr_lib.sh
trap 'lab_down >/dev/null 2>&1' EXIT
status=0

# timed_runs N CMD...: N wall times (seconds) of CMD in the client, one per line;
# the last run's output is kept in $out_file.
out_file=$(mktemp)
timed_runs() {
	local n=$1 i s e
	shift
	for ((i = 0; i < n; i++)); do
		s=$EPOCHREALTIME
		lab_exec c "$@" >"$out_file" 2>&1
		e=$EPOCHREALTIME
		awk -v s="${s/,/.}" -v e="${e/,/.}" 'BEGIN { printf "%.4f\n", e - s }'
	done
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# hops_of: the lab addresses (10.x.y.1) a tool printed, sorted, on one line.
hops_of() { grep -oE '\b10\.[0-9]+\.[0-9]+\.1\b' "$out_file" | sort -u | xargs; }

# row NAME N CMD...: measure, print a table row; sets $last_median and $last_hops.
row() {
	local name=$1 n=$2
	shift 2
	last_median=$(timed_runs "$n" "$@" | median)
	last_hops=$(hops_of)
	printf '  %-34s %9.3f s   %s\n' "$name" "$last_median" \
		"$([[ $last_hops == "$ref_hops" ]] && echo "same hops" || echo "hops differ: $last_hops")"
}

# verdict NAME OURS OTHER GOAL: ratio OURS/OTHER against GOAL (at most).
verdict() {
	awk -v n="$1" -v o="$2" -v p="$3" -v g="$4" 'BEGIN {
		r = o / p; printf "  %s: netdx/peer = %.3f (goal <= %.2f): %s\n", n, r, g, r <= g ? "met" : "NOT MET"
		exit !(r <= g) }' || status=1
}

dst=10.0.9.1
echo "1. realistic path: 8 routers x 5 ms each way, routers 3 and 5 silent ($RUNS runs each)"
args=(--routers 8 --silent 3 --silent 5)
for k in 1 2 3 4 5 6 7 8; do args+=(--delay "$k:5"); done
lab_up "${args[@]}" >/dev/null || exit 1
timed_runs 1 "$TR" -n "$dst" >/dev/null
ref_hops=$(hops_of)
row "netdx traceroute -n" "$RUNS" "$TR" -n "$dst"
ours=$last_median
best=""
for peer in "traceroute -n" "tracepath -n" "scamper -O text -c trace -i" "mtr -r -c 1 -n"; do
	# shellcheck disable=SC2086 # the peer's words
	row "$peer" "$RUNS" $peer "$dst"
	[[ -z $best ]] || awk -v a="$last_median" -v b="$best" 'BEGIN { exit !(a < b) }' && best=$last_median
done
verdict "against the fastest peer" "$ours" "$best" 0.5
lab_down

echo "2. zero-delay lab: 8 routers, all answering (hyperfine in the client namespace, median of $RUNS_FAST runs)"
lab_up --routers 8 >/dev/null || exit 1
timed_runs 1 "$TR" -n "$dst" >/dev/null
ref_hops=$(hops_of)
timed_runs 1 traceroute -n "$dst" >/dev/null
printf '  %-34s %s\n' "traceroute -n (2.x) hops" \
	"$([[ $(hops_of) == "$ref_hops" ]] && echo "same hops" || echo "hops differ")"
# Milliseconds are too short for a namespace switch per run: hyperfine runs inside it,
# with warm-up runs, both commands interleaved in one session.
hf=$(mktemp)
lab_exec c hyperfine -N --warmup 10 --runs "$RUNS_FAST" --export-json "$hf" \
	"$TR -n $dst" "traceroute -n $dst" >/dev/null 2>&1
ours=$(jq '.results[0].median' "$hf")
peer=$(jq '.results[1].median' "$hf")
printf '  %-34s %9.4f s\n' "netdx traceroute -n" "$ours" "traceroute -n (2.x)" "$peer"
rm -f "$hf"
verdict "against traceroute 2.x" "$ours" "$peer" 1.0
lab_down

echo "3. silent target: 8 routers answer, nothing past them (-m 16; $RUNS runs each)"
lab_up --routers 8 >/dev/null || exit 1
tr_quiet_target
timed_runs 1 "$TR" -n -m 16 "$dst" >/dev/null
ref_hops=$(hops_of)
row "netdx traceroute -n -m 16" "$RUNS" "$TR" -n -m 16 "$dst"
ours=$last_median
row "traceroute -n -m 16 (2.x)" "$RUNS" traceroute -n -m 16 "$dst"
verdict "against traceroute 2.x" "$ours" "$last_median" 0.5
lab_down

echo "4. names from the lab's DNS: 3 routers, with names against -n (hyperfine in the client namespace, median of $RUNS_FAST runs)"
lab_up --routers 3 --dns >/dev/null || exit 1
dst=$LAB_TARGET4
hf=$(mktemp)
lab_exec c hyperfine -N --warmup 3 --runs "$RUNS_FAST" --export-json "$hf" \
	"$TR $dst" "$TR -n $dst" >/dev/null 2>&1
named=$(jq '.results[0].median' "$hf")
bare=$(jq '.results[1].median' "$hf")
rm -f "$hf"
printf '  %-34s %9.4f s\n' "netdx traceroute (names)" "$named" "netdx traceroute -n" "$bare"
awk -v a="$named" -v b="$bare" 'BEGIN { d = a - b
	printf "  names cost %.4f s, ratio %.3f (goal: at most 0.1 s): %s\n", d, a / b, d <= 0.1 ? "met" : "NOT MET"
	exit !(d <= 0.1) }' || status=1
lab_down
rm -f "$out_file"
exit $status
