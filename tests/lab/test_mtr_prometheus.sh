#!/usr/bin/env bash
# test_mtr_prometheus.sh — mtr's per-hop metrics read by the real thing: mtr writes its
# --textfile after every round for a prometheus-node-exporter, which a Prometheus server
# scrapes every second, all on 127.0.0.1 in the lab's client namespace (tests/lab/prom.sh).
# Router 4 drops 20% of what it forwards toward the target, so hops 1-4 lose nothing and
# hops 5-7 lose about a fifth. After the run, what Prometheus answers on /api/v1/query for
# every hop equals the same run's mtr --json: sent, lost, loss ratio, average RTT, the
# ICMP rate-limit verdict; and the path reached its target in 7 hops.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/prom.sh
b=$LAB_BIN
prom_test_begin || { t_summary; exit 1; }

lab_up --routers 6 --loss 4:20 || exit 1
T=$LAB_TARGET4
PROM=127.0.0.1:19091 NODE=127.0.0.1:19101
ROUNDS=100

mkdir -p "$tmp/textfile"
prom_node_exporter c "$NODE" "$tmp/textfile"
t_assert_eq "node_exporter answers on $NODE in the lab" 0 "$?"
prom_server c "$PROM" node="$NODE"
t_assert_eq "prometheus is ready on $PROM in the lab" 0 "$?"
q() { prom_query c "$PROM" "$1"; }

# One run: the report as JSON (with mtr's Drop column) and the textfile, the same rounds.
lab_exec c "$b/mtr" -n -c "$ROUNDS" -i 0.05 -o LSDNABWV --json \
	--textfile "$tmp/textfile/mtr.prom" "$T" >"$tmp/run.json" 2>"$tmp/run.err"
t_assert_eq "mtr --json --textfile: exit 0, nothing on stderr" "0|" "$?|$(cat "$tmp/run.err")"
hops=$(jq '.report.hubs | length' "$tmp/run.json")
t_assert_eq "the path: 6 routers and the target" 7 "$hops"

# Prometheus has the final textfile once the last hop's sent count is the run's.
final_scraped() { [[ $(q "netdx_hop_sent_total{job=\"node\",target=\"$T\",ttl=\"$hops\"}") == "$ROUNDS" ]]; }
t_wait_for 20 final_scraped
t_assert_eq "prometheus has scraped the final textfile through node_exporter" 0 "$?"

# hub TTL FIELD: mtr --json's figure for the hop.
hub() { jq -r --argjson t "$1" ".report.hubs[] | select(.count == \$t) | .[\"$2\"]" "$tmp/run.json"; }
# near A B TOL: |A - B| <= TOL (both numbers).
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; exit !(a != "" && b != "" && (d < 0 ? -d : d) <= t) }'; }
for ((ttl = 1; ttl <= hops; ttl++)); do
	sel="job=\"node\",target=\"$T\",ttl=\"$ttl\",ip=\"$(hub "$ttl" host)\""
	t_assert_eq "hop $ttl: sent and lost (Prometheus = JSON Snt and Drop)" \
		"$(hub "$ttl" Snt) $(hub "$ttl" Drop)" \
		"$(q "netdx_hop_sent_total{$sel}") $(q "netdx_hop_lost_total{$sel}")"
	# JSON: Loss% and Avg in ms, each to 3 decimals
	near "$(q "netdx_hop_loss_ratio{$sel}")" "$(awk -v p="$(hub "$ttl" Loss%)" 'BEGIN { print p / 100 }')" 5.1e-6
	ok=$?
	near "$(q "netdx_hop_rtt_avg_seconds{$sel}")" "$(awk -v m="$(hub "$ttl" Avg)" 'BEGIN { print m / 1000 }')" 5.1e-7 || ok=1
	t_assert_eq "hop $ttl: loss ratio and average RTT (JSON's % and ms, in base units)" 0 "$ok"
	t_assert_eq "hop $ttl: ICMP rate-limit verdict as JSON's" \
		"$(hub "$ttl" icmp_limited | sed 's/true/1/; s/false/0/')" \
		"$(q "netdx_hop_icmp_ratelimited{$sel}")"
done
t_assert_eq "hops 1-4, before the lossy router: nothing lost" "0 0 0 0" \
	"$(for t in 1 2 3 4; do q "netdx_hop_lost_total{job=\"node\",ttl=\"$t\"}"; done | xargs)"
for t in 5 6 7; do
	t_assert_range "hop $t, after router 4: some lost (20% of $ROUNDS expected)" 1 60 \
		"$(q "netdx_hop_lost_total{job=\"node\",ttl=\"$t\"}")"
done
t_assert_eq "the path reached its target in $hops hops" "1 $hops" \
	"$(q "netdx_path_reached{job=\"node\",target=\"$T\"}") $(q "netdx_path_hops{job=\"node\",target=\"$T\"}")"
t_summary
