#!/usr/bin/env bash
# test_ping_prometheus.sh — ping's metrics read by the real thing: a Prometheus server
# (2.42, Debian's) scraping ping --serve and a prometheus-node-exporter whose textfile
# collector reads ping's --textfile, all on 127.0.0.1 inside the lab's client namespace,
# data in a temporary directory, each server stopped by its PID. After the run, the
# figures Prometheus answers on /api/v1/query for the textfile equal ping --json's of
# the same run (requests, replies, histogram count, duplicates, errors, loss, RTT, TTL),
# for a target behind 30% loss and one without; the --serve job was up and its series,
# labelled host and ip as smokeping_prober's, were scraped while the run went on.
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
. tests/lab/prom.sh
prom_test_begin || { t_summary; exit 1; }

lab_up --routers 3 --loss 2:30 || exit 1
T=$LAB_TARGET4
H1=$LAB_HOP4_1
PROM=127.0.0.1:19090 NODE=127.0.0.1:19100 PING=127.0.0.1:19374

mkdir -p "$tmp/textfile"
prom_node_exporter c "$NODE" "$tmp/textfile"
t_assert_eq "node_exporter answers on $NODE in the lab" 0 "$?"
prom_server c "$PROM" ping="$PING" node="$NODE"
t_assert_eq "prometheus is ready on $PROM in the lab" 0 "$?"
q() { prom_query c "$PROM" "$1"; }

# The run: 80 probes per target, one every 100 ms each (8 s: the ping job is scraped
# several times meanwhile), JSON on stdout, the textfile in node_exporter's directory.
lab_exec c "$b/ping" --serve "$PING" --textfile "$tmp/textfile/ping.prom" --json -i 0.1 -c 80 \
	-W 0.5 "$T" "$H1" >"$tmp/run.json" 2>"$tmp/run.err"
t_assert_eq "ping --serve --textfile --json: exit 0, nothing on stderr" "0|" "$?|$(cat "$tmp/run.err")"

jf() { jq -r --arg h "$1" "select(.type == \"target\" and .host == \$h) | $2" "$tmp/run.json"; }
final_scraped() { [[ $(q "smokeping_requests_total{job=\"node\",host=\"$T\"}") == 80 &&
	$(q "smokeping_requests_total{job=\"node\",host=\"$H1\"}") == 80 ]]; }
t_wait_for 20 final_scraped
t_assert_eq "prometheus has scraped the final textfile through node_exporter" 0 "$?"

# near A B TOL: |A - B| <= TOL (both numbers).
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; exit !(a != "" && b != "" && (d < 0 ? -d : d) <= t) }'; }
for h in "$T" "$H1"; do
	sel="job=\"node\",host=\"$h\",ip=\"$(jf "$h" .address)\""
	t_assert_eq "$h: requests (Prometheus = JSON transmitted)" "$(jf "$h" .transmitted)" \
		"$(q "smokeping_requests_total{$sel}")"
	t_assert_eq "$h: replies and histogram count (Prometheus = JSON received)" \
		"$(jf "$h" .received) $(jf "$h" .received)" \
		"$(q "netdx_ping_replies_total{$sel}") $(q "smokeping_response_duration_seconds_count{$sel}")"
	t_assert_eq "$h: duplicates, errors, TTL, hops" \
		"$(jf "$h" .duplicates) $(jf "$h" .errors) $(jf "$h" .ttl) $(jf "$h" .hops)" \
		"$(q "smokeping_response_duplicates_total{$sel}") $(q "netdx_ping_errors_total{$sel}") $(q "smokeping_response_ttl{$sel}") $(q "netdx_ping_hops{$sel}")"
	near "$(q "netdx_ping_loss_ratio{$sel}")" "$(jf "$h" '.loss / 100')" 1e-6
	t_assert_eq "$h: loss ratio = JSON loss / 100" 0 "$?"
	ok=0
	for f in min avg max; do
		near "$(q "netdx_ping_rtt_${f}_seconds{$sel}")" "$(jf "$h" ".rtt.$f / 1000")" 5.1e-7 || ok=1
	done
	t_assert_eq "$h: RTT min/avg/max = JSON's (to its microsecond)" 0 "$ok"
done
t_assert_range "the lossy target lost some (JSON loss %)" 10 60 "$(jf "$T" .loss)"

# The --serve job: up while the run went on, its series scraped with smokeping's labels.
t_assert_eq "ping job: up during the run" 1 "$(q 'max_over_time(up{job="ping"}[2m])')"
served=$(q "max_over_time(smokeping_requests_total{job=\"ping\",host=\"$T\",ip=\"$T\"}[2m])")
t_assert_range "ping job: requests scraped while it ran (at most the final 80)" 1 80 "${served:-0}"
t_assert_eq "ping job: the histogram's buckets scraped (le labels as smokeping's)" 21 \
	"$(lab_exec c curl -s --get "http://$PROM/api/v1/series" \
		--data-urlencode "match[]=smokeping_response_duration_seconds_bucket{job=\"ping\",host=\"$T\"}" |
		jq '[.data[].le] | unique | length')"

t_summary
