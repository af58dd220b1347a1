#!/usr/bin/env bash
# bench/mtr.sh BUILD — our mtr against mtr 0.95 (mtr-tiny), side by side in one run, on
# an 8-router lab path with sub-millisecond RTTs:
#   wall time of a report run with -c 1 and with -c 10 (mtr waits idly; we end as soon
#   as the last round is answered), of -c 5 to four hosts (mtr traces them one after
#   another, we at once), peak RSS, and CPU time per 1000 probes.
# Ratios are peer / ours: above 1 means netdx is faster or smaller.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
[[ $build == /* ]] || build="$top/$build"
cd "$top" || exit 2
[[ $(id -u) == 0 ]] || { echo "bench/mtr.sh: needs root (the lab)" >&2; exit 2; }
. tests/lab/lab.sh
trap lab_down EXIT
lab_up --routers 8 >/dev/null || exit 1

# measure TOOL ARGS...: "wall_s cpu_s maxrss_kib probes" of one report run.
measure() {
	local log out t0 wall
	log=$(mktemp)
	t0=$EPOCHREALTIME
	out=$(lab_exec c /usr/bin/time -f '%U %S %M' -o "$log" "$@" 2>/dev/null)
	wall=$(awk -v a="${t0/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.3f", b - a }')
	# probes: the Snt column (4th) summed over the hop lines
	local probes
	probes=$(awk '$2 ~ /^\|--/ || $1 ~ /\.\|--/ { for (i = 1; i <= NF; i++) if ($i ~ /%$/ || $i == "100.0") { s += $(i + 1); break } } END { print s + 0 }' <<<"$out")
	awk -v w="$wall" -v p="$probes" '{ printf "%s %.2f %s %s\n", w, $1 + $2, $3, p }' "$log"
	rm -f "$log"
}

printf '%-34s %10s %10s %10s\n' "8-router lab, report mode" "mtr 0.95" "netdx" "ratio"
for c in 1 10; do
	read -r pw pc pr pp < <(measure mtr -r -n -c "$c" "$LAB_TARGET4")
	read -r ow oc orr op < <(measure "$build/bin/mtr" -r -n -c "$c" "$LAB_TARGET4")
	printf '%-34s %9.3fs %9.3fs %10.1f\n' "wall time, -c $c" "$pw" "$ow" "$(awk -v a="$pw" -v b="$ow" 'BEGIN { print (b > 0 ? a / b : 0) }')"
done
printf '%-34s %8d KiB %6d KiB %10.2f\n' "peak RSS, -c 10" "$pr" "$orr" "$(awk -v a="$pr" -v b="$orr" 'BEGIN { print a / b }')"
hosts=("$LAB_TARGET4" 10.0.3.1 10.0.6.1 10.0.8.1)
read -r pw pc pr pp < <(measure mtr -r -n -c 5 "${hosts[@]}")
read -r ow oc orr op < <(measure "$build/bin/mtr" -r -n -c 5 "${hosts[@]}")
printf '%-34s %9.3fs %9.3fs %10.1f\n' "wall time, -c 5, four hosts" "$pw" "$ow" "$(awk -v a="$pw" -v b="$ow" 'BEGIN { print (b > 0 ? a / b : 0) }')"
read -r pw pc pr pp < <(measure mtr -r -n -c 100 -i 0.05 "$LAB_TARGET4")
read -r ow oc orr op < <(measure "$build/bin/mtr" -r -n -c 100 -i 0.05 "$LAB_TARGET4")
awk -v pc="$pc" -v pp="$pp" -v oc="$oc" -v op="$op" 'BEGIN {
	a = pp ? pc / pp * 1000 : 0; b = op ? oc / op * 1000 : 0
	printf "%-34s %9.3fs %9.3fs %10.2f\n", "CPU per 1000 probes, -c 100", a, b, (b > 0 ? a / b : 0)
	printf "(probes counted from the Snt column: mtr %d, netdx %d)\n", pp, op
}'
