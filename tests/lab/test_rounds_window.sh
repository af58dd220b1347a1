#!/usr/bin/env bash
# test_rounds_window.sh — a fast run on a lossy path sends every probe it counts. A lost
# answer keeps its probe's slot in the engine's window until the probe times out; the
# window must hold every probe that can be sent meanwhile (common/path/rounds.c,
# window_for), else later sends find their slot taken and are skipped: mtr -c 8000
# -i 0.001 through 10% loss sent 1364 probes per hop, and said 8000 rounds. Root may go
# below 1 ms, as in mtr 0.95.
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
cleanup() { lab_down >/dev/null 2>&1; }
trap cleanup EXIT
lab_up --routers 2 --loss 1:10 || exit 1
T=$LAB_TARGET4

out=$(lab_exec c "$b/mtr" -n --json -o LSDNABWV -c 5000 -i 0.001 "$T")
t_assert_eq "mtr -c 5000 -i 0.001 through 10% loss: 5000 rounds, 5000 probes to each hop" \
	"5000 5000 5000 5000" \
	"$(jq -r '"\(.report.mtr.tests) " + ([.report.hubs[].Snt] | map(tostring) | join(" "))' <<<"$out")"
t_assert_range "mtr: the hops after router 1 lose about a tenth (of 5000)" 250 1000 \
	"$(jq -r '.report.hubs[-1].Drop' <<<"$out")"
# Below 1 ms, as root may in mtr 0.95 (the window holds the whole short run).
out=$(lab_exec c "$b/mtr" -n --json -c 2000 -i 0.0002 "$T")
t_assert_eq "mtr -c 2000 -i 0.0002 (root, under 1 ms): 2000 rounds, 2000 probes to each hop" \
	"2000 2000 2000 2000" \
	"$(jq -r '"\(.report.mtr.tests) " + ([.report.hubs[].Snt] | map(tostring) | join(" "))' <<<"$out")"
out=$(lab_exec c "$b/pathping" -n -q 3000 -p 1 "$T")
t_assert_eq "pathping -q 3000 -p 1 through 10% loss: 3000 queries to each hop" 3 \
	"$(grep -cE '^  [1-3] +([0-9]+ms|---) +[0-9]+/3000 = ' <<<"$out")"
t_summary
