#!/usr/bin/env bash
# test_mtr_multipath.sh — mtr --multipath[=N]: N flows, each on a source port of its own
# with every probe on it (Paris), as rows of their own. Lab: an ECMP pair at hop 2 (every
# node hashes on L4). First its b leg (r2b) forwards nothing (--loss 2b:100), so the flows
# the pair's hash sends that way lose everything past hop 2 and the others nothing: UDP,
# the text layout, TCP, IPv6. Then r2b loses 30% and holds 40 ms: each flow's rows show
# its leg's loss and RTT, where mtr 0.95 merges both legs into one row. Which flow takes
# which leg is the kernel's hash of a random port: every check holds for either leg, and
# a run that put every flow on one leg (1 in 128 with 8 flows) is tried again, 3 times
# at most. Then the default N (bad command lines: tests/cli/test_mtr_cli.sh).
. "$(dirname "$0")/../lab/prelude.sh"
bin=$LAB_BIN/mtr
trap lab_down EXIT

lab_up --routers 3 --ecmp 2 --loss 2b:100 || exit 1
T=$LAB_TARGET4
# legs JSON: per flow "LEG ports" where LEG is a (hop 2 is r2a), b (r2b), or ? (other)
legs() {
	jq -r '.report.flows[] | (.hubs[1].responders | join(",")) as $h |
		(if $h == "10.0.2.1" then "a" elif $h == "10.1.2.1" then "b" else "?" end)' <<<"$1"
}
both_legs() {
	local l
	l=$(legs "$T_OUT" | sort -u | xargs)
	[[ $l == "a b" ]]
}

# --- UDP, 8 flows: each stays on one leg; the dead leg's flows and only they lose --------
t_measure_until 3 both_legs lab_exec c "$bin" --json -n -u --multipath=8 -c 10 -i 0.05 "$T"
json=$T_OUT
t_assert_eq "UDP: 8 flows, numbered 1..8, 10 rounds each" "1 2 3 4 5 6 7 8|10" \
	"$(jq -r '[.report.flows[].flow] | join(" ")' <<<"$json")|$(jq -r '[.report.flows[].tests] | unique | join(" ")' <<<"$json")"
t_assert_eq "UDP: every flow's hop 2 is one router of the pair (a flow stays on its path)" \
	"a b" "$(legs "$json" | sort -u | xargs)"
t_assert_eq "UDP: 8 source ports, all different" 8 \
	"$(jq -r '[.report.flows[].sport | select(. > 0 and . < 65536)] | unique | length' <<<"$json")"
t_assert_eq "UDP: leg a's flows reach the target, no loss anywhere" "" \
	"$(jq -r '.report.flows[] | select(.hubs[1].responders == ["10.0.2.1"]) |
		[.hubs[] | "\(.count) \(.host) \(.["Loss%"])"] | join(",") |
		select(. != "1 10.0.1.1 0,2 10.0.2.1 0,3 10.0.3.1 0,4 '"$T"' 0")' <<<"$json")"
t_assert_eq "UDP: leg b's flows lose everything past hop 2 (hop 3 dark, the target never)" "" \
	"$(jq -r '.report.flows[] | select(.hubs[1].responders == ["10.1.2.1"]) |
		[.hubs[] | "\(.count) \(.host) \(.["Loss%"])"] | join(",") |
		select(. != "1 10.0.1.1 0,2 10.1.2.1 0,3 ??? 100")' <<<"$json")"
t_assert_eq "UDP: the top-level hubs are flow 1's" "$(jq -c '.report.flows[0].hubs' <<<"$json")" \
	"$(jq -c '.report.hubs' <<<"$json")"
t_assert_eq "UDP: no path change in any flow" "0" \
	"$(jq -r '[.report.flows[].path_changes.total] | add' <<<"$json")"

# --- text: a block per flow, each mtr's table under "Flow K (sport P):" --------------------
out=$(lab_exec c "$bin" -r -n -u --multipath=3 -c 4 -i 0.05 "$T")
t_assert_eq "text: 3 flow lines, in order" "Flow 1|Flow 2|Flow 3" \
	"$(grep -oE '^Flow [0-9]+' <<<"$out" | paste -sd'|')"
t_assert_match "text: a flow line names its port, mtr's HOST line follows" \
	$'\n'"Flow 1 \(sport [0-9]+\):"$'\n'"HOST: $(hostname) +Loss%   Snt   Last   Avg  Best  Wrst StDev"$'\n' "$out"
t_assert_eq "text: 3 HOST lines, each flow's hop 1 row" "3 3" \
	"$(grep -c '^HOST: ' <<<"$out") $(grep -cE '^  1\.\|-- 10\.0\.1\.1 +0\.0% +4 ' <<<"$out")"
blk_ok=$(awk '/^Flow /{ f++ } /^  2\.\|-- 10\.[01]\.2\.1 / { h2[f]++ } END { for (i = 1; i <= 3; i++) if (h2[i] != 1) bad++; print bad + 0 }' <<<"$out")
t_assert_eq "text: every block has one hop 2 row from one router of the pair" 0 "$blk_ok"

# --- TCP: the same split ---------------------------------------------------------------------
t_measure_until 3 both_legs lab_exec c "$bin" --json -n -T --multipath=8 -c 3 -i 0.05 "$T"
t_assert_eq "TCP: leg a's flows reach the target, leg b's go dark after hop 2" "a:4 0|b:3 100" \
	"$(jq -r '[.report.flows[] | (if .hubs[1].responders == ["10.0.2.1"] then "a" else "b" end) +
		":" + (.hubs[-1] | "\(.count) \(.["Loss%"])")] | unique | join("|")' <<<"$T_OUT")"

# --- IPv6, UDP with the default 64 bytes (the payload grows to the 18 a flow needs) ----------
legs6() {
	jq -r '.report.flows[] | (.hubs[1].responders | join(",")) as $h |
		(if $h == "fd00:0:0:2::1" then "a" elif $h == "fd00:1:0:2::1" then "b" else "?" end) +
		":" + (.hubs[-1] | "\(.count) \(.["Loss%"])")' <<<"$1"
}
both_legs6() { [[ $(legs6 "$T_OUT" | sort -u | xargs) == "a:4 0 b:3 100" ]]; }
t_measure_until 3 both_legs6 lab_exec c "$bin" --json -n -6 -u --multipath=8 -c 3 -i 0.05 "$LAB_TARGET6"
t_assert_eq "IPv6 UDP: leg a's flows reach the target, leg b's go dark after hop 2" "a:4 0 b:3 100" \
	"$(legs6 "$T_OUT" | sort -u | xargs)"

# --- the default: 4 flows -------------------------------------------------------------------
json=$(lab_exec c "$bin" --json -n -u --multipath -c 1 "$T")
t_assert_eq "--multipath without N: 4 flows" 4 "$(jq '.report.flows | length' <<<"$json")"
json=$(lab_exec c "$bin" --json -n -u -c 1 "$T")
t_assert_eq "without --multipath: no flows key" null "$(jq '.report.flows' <<<"$json")"

# --- several hosts: each its own flows (ports of its own), a block / document per host -------
# 10.0.1.1 is router 1, one hop away: its flows are one row each
out=$(lab_exec c "$bin" -r -n -u --multipath=2 -c 2 -i 0.05 "$T" 10.0.1.1)
t_assert_eq "two hosts, text: a Start line per host, its two Flow lines under it" \
	"Start|Flow 1|Flow 2|Start|Flow 1|Flow 2" "$(grep -oE '^(Start|Flow [0-9]+)' <<<"$out" | paste -sd'|')"
t_assert_eq "two hosts, text: the second host's two flows are one row each, 10.0.1.1" \
	"10.0.1.1|10.0.1.1" "$(awk '/^Start/ { h++ } h == 2 && /^  [0-9]+\.\|-- / { print $2 }' <<<"$out" | paste -sd'|')"
json=$(lab_exec c "$bin" --json -n -u --multipath=2 -c 2 -i 0.05 "$T" 10.0.1.1)
t_assert_eq "two hosts, JSON: a document per host, in order, 2 flows of 2 rounds each" \
	"$T:2:2 10.0.1.1:2:2" \
	"$(jq -rs 'map("\(.report.mtr.dst):\(.report.flows | length):\([.report.flows[].tests] | unique | join(","))") | join(" ")' <<<"$json")"
t_assert_eq "two hosts: 4 flows on 4 different source ports" 4 \
	"$(jq -s '[.[].report.flows[].sport] | unique | length' <<<"$json")"
t_assert_eq "two hosts: 10.0.1.1's flows end at hop 1, its own log each" "1 0|1 0" \
	"$(jq -rs '.[1].report.flows | map("\(.hubs | length) \(.path_changes.total)") | join("|")' <<<"$json")"

lab_down

# --- loss and delay on one leg: each flow's rows show its leg's; mtr 0.95 merges them ------
# r2b drops 30% of what it forwards toward the target (random) and holds it 40 ms; r2a
# neither; the way back is r2a's. So leg a's flows lose nothing and answer fast, leg b's
# lose at hops 3 and 4 and answer no sooner than 40 ms there.
lab_up --routers 3 --ecmp 2 --loss 2b:30 --delay 2b:40 || exit 1
T=$LAB_TARGET4
t_measure_until 3 both_legs lab_exec c "$bin" --json -n -u --multipath=8 -c 40 -i 0.02 "$T"
json=$T_OUT
# per flow: "LEG loss3 loss4 best3 best4"
rows=$(jq -r '.report.flows[] | (if .hubs[1].responders == ["10.0.2.1"] then "a" else "b" end) +
	" \(.hubs[2]["Loss%"]) \(.hubs[3]["Loss%"]) \(.hubs[2].Best) \(.hubs[3].Best) \(.hubs[3].Snt)"' <<<"$json")
t_assert_eq "one leg lossy: leg a's flows lose nothing at any hop" "" \
	"$(jq -r '.report.flows[] | select(.hubs[1].responders == ["10.0.2.1"]) | .hubs[] |
		select(.["Loss%"] != 0) | .count' <<<"$json")"
t_assert_eq "one leg lossy: leg b's flows lose at hops 3 and 4 (every one of them)" "" \
	"$(awk '$1 == "b" && !($2 > 0 && $3 > 0)' <<<"$rows")"
t_assert_eq "one leg lossy: leg b's flows answer no sooner than r2b's 40 ms at hops 3 and 4" "" \
	"$(awk '$1 == "b" && !($4 >= 40 && $5 >= 40)' <<<"$rows")"
read -r lost sent < <(awk '$1 == "b" { l += $3 * $6 / 100; n += $6 } END { printf "%d %d\n", l + 0.5, n }' <<<"$rows")
read -r lo hi < <(awk -v n="$sent" -v p=0.3 'BEGIN { d = 3.29 * sqrt(n * p * (1 - p)); printf "%d %d\n", n * p - d, n * p + d + 1 }')
t_assert_range "one leg lossy: leg b's flows lose $lost of $sent at the target (30%)" "$lo" "$hi" "$lost"
peer=$(lab_exec c mtr -r -n -u -c 40 -i 0.05 "$T")
t_assert_eq "mtr 0.95 -u on the same path: one row for hop 2, both routers in it" "10.0.2.1 10.1.2.1" \
	"$(sed -n '/^  2\.|-- /,/^  3\./p' <<<"$peer" | grep -oE '10\.[01]\.2\.1' | sort | xargs)"
t_assert_eq "mtr 0.95 -u: one row for the target, blending both legs" 1 "$(grep -c '^  4\.|-- ' <<<"$peer")"
lab_down

t_summary
