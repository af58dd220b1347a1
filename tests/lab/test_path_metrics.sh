#!/usr/bin/env bash
# test_path_metrics.sh — traceroute, mtr and pathping --openmetrics / --prometheus on a
# path with a silent router 2 and 30% loss after router 4: both dialects pass
# Prometheus' own parsers (metrics_check.py); the per-hop sent, lost and loss agree with
# --json. A tool prints one or the other, so these are two runs: hops 1, 3 and 4 lose
# nothing and silent hop 2 loses everything in both, exactly; hops 5-7 lose 30% within
# bounds that do not flake (4 sigma of 200 probes) in both. (That the exposition and the
# JSON read the same numbers is tests/unit/test_hops_metrics.c; mtr --textfile with
# --json gives both from one run: test_mtr_serve.sh.)
. "$(dirname "$0")/../lab/prelude.sh"
tmp=$(mktemp -d)
trap 'lab_down; rm -rf "$tmp"' EXIT
check=tests/lab/metrics_check.py
py=/usr/bin/python3

# om_sample FILE NAME TTL: the value of NAME at hop TTL in metrics_check.py's output.
om_sample() {
	awk -v n="$2" -v t="ttl=\"$3\"" 'index($0, n "{") == 1 && index($0, t) { print $NF }' "$1"
}

# om_ip FILE TTL: the ip label of hop TTL's netdx_hop_sent_total ("" if none).
om_ip() {
	grep "^netdx_hop_sent_total{" "$1" | grep "ttl=\"$2\"" | grep -o 'ip="[^"]*"' | cut -d'"' -f2
}

# validate TOOL FILE.om FILE.txt: both dialects parse; FILE.om.s and FILE.txt.s are the
# samples; the two hold the same per-hop series names.
validate() {
	if "$py" $check om <"$2" >"$2.s" 2>"$tmp/err"; then
		t_pass "$1 --openmetrics: strict OpenMetrics parser accepts it"
	else
		t_fail "$1 --openmetrics: strict OpenMetrics parser accepts it" "$(cat "$tmp/err")"
	fi
	if "$py" $check text <"$3" >"$3.s" 2>"$tmp/err"; then
		t_pass "$1 --prometheus: promtool and the 0.0.4 parser accept it"
	else
		t_fail "$1 --prometheus: promtool and the 0.0.4 parser accept it" "$(cat "$tmp/err")"
	fi
	t_assert_eq "$1: both dialects have the same series" \
		"$(sed 's/[{ ].*//' "$2.s" | sort -u)" "$(sed 's/[{ ].*//' "$3.s" | sort -u)"
}

# lossy_bounds N: 30% of N probes ± 4 sigma, as "LO HI" ratios.
read -r lo hi < <(awk -v n=200 -v p=0.3 'BEGIN { d = 4 * sqrt(p * (1 - p) / n);
	printf "%.3f %.3f\n", p - d, p + d }')

# common_checks TOOL FILE SENT: what every tool's exposition says about this lab.
common_checks() {
	local tool=$1 f=$2 sent=$3 k
	for k in 1 3 4; do
		t_assert_eq "$tool: hop $k sent" "$sent" "$(om_sample "$f" netdx_hop_sent_total "$k")"
		t_assert_eq "$tool: hop $k loses nothing" 0 "$(om_sample "$f" netdx_hop_lost_total "$k")"
		t_assert_eq "$tool: hop $k ip" "10.0.$k.1" "$(om_ip "$f" "$k")"
		t_assert_eq "$tool: hop $k answers from 10.0.$k.1" "$sent" \
			"$(grep "^netdx_hop_responder_replies_total{ip=\"10.0.$k.1\"" "$f" | om_sample /dev/stdin netdx_hop_responder_replies_total "$k")"
	done
	t_assert_eq "$tool: silent hop 2 loses all" "$sent $sent 1" \
		"$(om_sample "$f" netdx_hop_sent_total 2) $(om_sample "$f" netdx_hop_lost_total 2) $(om_sample "$f" netdx_hop_loss_ratio 2)"
	t_assert_eq "$tool: silent hop 2 has no ip label" "" "$(om_ip "$f" 2)"
	t_assert_eq "$tool: silent hop 2 has no RTT" "" "$(om_sample "$f" netdx_hop_rtt_avg_seconds 2)"
	t_assert_eq "$tool: destination reached" 1 "$(awk '/^netdx_path_reached\{/ { print $NF }' "$f")"
	t_assert_eq "$tool: hop count" 7 "$(awk '/^netdx_path_hops\{/ { print $NF }' "$f")"
	t_assert_range "$tool: hop 7 RTT in seconds" 0.000001 0.05 \
		"$(om_sample "$f" netdx_hop_rtt_avg_seconds 7)"
}

lab_up --routers 6 --loss 4:30 --silent 2 || exit 1
T=$LAB_TARGET4

# --- traceroute ----------------------------------------------------------------------
lab_exec c "$LAB_BIN/traceroute" -n -q 10 --openmetrics "$T" >"$tmp/tr.om"
t_assert_eq "traceroute --openmetrics: exit 0" 0 "$?"
lab_exec c "$LAB_BIN/traceroute" -n -q 10 --prometheus "$T" >"$tmp/tr.txt"
lab_exec c "$LAB_BIN/traceroute" -n -q 10 --json "$T" >"$tmp/tr.json"
validate traceroute "$tmp/tr.om" "$tmp/tr.txt"
common_checks traceroute "$tmp/tr.om.s" 10
common_checks "traceroute --prometheus" "$tmp/tr.txt.s" 10
for k in 1 2 3 4; do
	t_assert_eq "traceroute: hop $k sent/lost as --json's probes" \
		"$(jq -r --argjson k "$k" '.hops[] | select(.ttl == $k) | "\(.probes | length) \([.probes[] | select(.addr == null)] | length)"' "$tmp/tr.json")" \
		"$(om_sample "$tmp/tr.om.s" netdx_hop_sent_total "$k") $(om_sample "$tmp/tr.om.s" netdx_hop_lost_total "$k")"
done
for k in 5 6 7; do
	t_assert_eq "traceroute: hop $k loss ratio is lost / sent" \
		"$(awk -v l="$(om_sample "$tmp/tr.om.s" netdx_hop_lost_total "$k")" 'BEGIN { printf "%.6f", l / 10 }')" \
		"$(awk -v r="$(om_sample "$tmp/tr.om.s" netdx_hop_loss_ratio "$k")" 'BEGIN { printf "%.6f", r }')"
done

# --- mtr -------------------------------------------------------------------------------
mtr=(lab_exec c "$LAB_BIN/mtr" -n -c 200 -i 0.01 -o LDRSNBAWV "$T")
"${mtr[@]}" --openmetrics >"$tmp/mtr.om"
t_assert_eq "mtr --openmetrics: exit 0" 0 "$?"
"${mtr[@]}" --prometheus >"$tmp/mtr.txt"
"${mtr[@]}" --json >"$tmp/mtr.json"
validate mtr "$tmp/mtr.om" "$tmp/mtr.txt"
common_checks mtr "$tmp/mtr.om.s" 200
for k in 1 2 3 4; do
	t_assert_eq "mtr: hop $k Snt, Drop, icmp_limited as --json's" \
		"$(jq -r --argjson k "$k" '.report.hubs[] | select(.count == $k) | "\(.Snt) \(.Drop) \(if .icmp_limited then 1 else 0 end)"' "$tmp/mtr.json")" \
		"$(om_sample "$tmp/mtr.om.s" netdx_hop_sent_total "$k") $(om_sample "$tmp/mtr.om.s" netdx_hop_lost_total "$k") $(om_sample "$tmp/mtr.om.s" netdx_hop_icmp_ratelimited "$k")"
done
t_assert_eq "mtr: silent hop 2 limits its ICMP (the verdict as 0/1)" 1 \
	"$(om_sample "$tmp/mtr.om.s" netdx_hop_icmp_ratelimited 2)"
for k in 5 6 7; do
	t_assert_range "mtr: hop $k loses 30% (exposition)" "$lo" "$hi" "$(om_sample "$tmp/mtr.om.s" netdx_hop_loss_ratio "$k")"
	t_assert_range "mtr: hop $k loses 30% (--json)" "$lo" "$hi" \
		"$(jq -r --argjson k "$k" '.report.hubs[] | select(.count == $k) | ."Loss%" / 100' "$tmp/mtr.json")"
done

# --- pathping ----------------------------------------------------------------------------
pp=(lab_exec c "$LAB_BIN/pathping" -n -q 200 -p 10 "$T")
"${pp[@]}" --openmetrics >"$tmp/pp.om"
t_assert_eq "pathping --openmetrics: exit 0" 0 "$?"
"${pp[@]}" --prometheus >"$tmp/pp.txt"
"${pp[@]}" --json >"$tmp/pp.json"
validate pathping "$tmp/pp.om" "$tmp/pp.txt"
common_checks pathping "$tmp/pp.om.s" 200
for k in 1 2 3 4; do
	t_assert_eq "pathping: hop $k source-to-here, link and node lost as --json's" \
		"$(jq -r --argjson k "$k" '.hops[] | select(.hop == $k) | "\(.source_to_here.sent) \(.source_to_here.lost) \(.link_into.lost) \(.this_node.lost)"' "$tmp/pp.json")" \
		"$(for f in sent_total lost_total link_lost node_lost; do om_sample "$tmp/pp.om.s" "netdx_hop_$f" "$k"; done | xargs)"
done
t_assert_eq "pathping: silent router 2's loss is its own" "200 1" \
	"$(om_sample "$tmp/pp.om.s" netdx_hop_node_lost 2) $(om_sample "$tmp/pp.om.s" netdx_hop_icmp_ratelimited 2)"
t_assert_range "pathping: the link into hop 5 loses 30% (exposition)" "$lo" "$hi" \
	"$(om_sample "$tmp/pp.om.s" netdx_hop_link_loss_ratio 5)"
t_assert_range "pathping: the link into hop 5 loses 30% (--json)" "$lo" "$hi" \
	"$(jq -r '.hops[] | select(.hop == 5) | .link_into.lost / .link_into.sent' "$tmp/pp.json")"
for k in 5 6 7; do
	t_assert_range "pathping: hop $k loses 30% from the source" "$lo" "$hi" \
		"$(om_sample "$tmp/pp.om.s" netdx_hop_loss_ratio "$k")"
done

t_summary
