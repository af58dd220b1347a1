#!/usr/bin/env bash
# test_mtr_serve.sh — mtr as an exporter, on a path with a silent router 2 and 30% loss
# after router 4. One run with --json and --textfile: the textfile's last exposition and
# the JSON report are the same numbers, hop for hop (sent, lost, loss, rate-limit
# verdict, average RTT). Then --serve and --textfile together, probing until stopped:
# /metrics answers both dialects (the strict parsers accept them), scrapes and the
# textfile show per-hop sent counts that rise (polled, bounded), an unknown path is
# 404, and a scraper that connects, sends half a request and stalls does not stop the
# probing. Bad --serve and --textfile values: one line, exit 2.
. "$(dirname "$0")/../lab/prelude.sh"
tmp=$(mktemp -d)
mtr_pid=
stall_pid=
cleanup() {
	[[ -n $stall_pid ]] && kill "$stall_pid" 2>/dev/null
	[[ -n $mtr_pid ]] && kill "$mtr_pid" 2>/dev/null
	lab_down
	rm -rf "$tmp"
}
trap cleanup EXIT
check=tests/lab/metrics_check.py
py=/usr/bin/python3
port=9426

# om_sample FILE NAME TTL: the value of NAME at hop TTL in metrics_check.py's output.
om_sample() {
	awk -v n="$2" -v t="ttl=\"$3\"" 'index($0, n "{") == 1 && index($0, t) { print $NF }' "$1"
}

# scrape [ACCEPT]: /metrics from inside the client's namespace (curl's exit status).
scrape() {
	lab_exec c curl -sf --max-time 5 ${1:+-H "Accept: $1"} "http://127.0.0.1:$port/metrics"
}

# sent_at_hop1 TEXT: hop 1's netdx_hop_sent_total in an exposition (empty if none).
sent_at_hop1() {
	awk '/^netdx_hop_sent_total\{/ && /ttl="1"/ { print $NF }' <<<"$1"
}

# rises_from V GETTER...: poll GETTER (a command printing a number) until it prints
# more than V, 10 s at most; true when it did.
rises_from() {
	local v=$1 i now
	shift
	for ((i = 0; i < 100; i++)); do
		now=$("$@")
		[[ -n $now && $now -gt $v ]] && return 0
		sleep 0.1
	done
	return 1
}

lab_up --routers 6 --loss 4:30 --silent 2 || exit 1
T=$LAB_TARGET4
mtr=$LAB_BIN/mtr

# --- one run, --json and --textfile: the same numbers ---------------------------------
lab_exec c "$mtr" -n -c 200 -i 0.01 -o LDRSNBAWV --json --textfile "$tmp/one.prom" "$T" >"$tmp/one.json"
t_assert_eq "--json --textfile: exit 0" 0 "$?"
if "$py" $check text <"$tmp/one.prom" >"$tmp/one.s" 2>"$tmp/err"; then
	t_pass "the textfile passes promtool and the 0.0.4 parser"
else
	t_fail "the textfile passes promtool and the 0.0.4 parser" "$(cat "$tmp/err")"
fi
for k in 1 2 3 4 5 6 7; do
	t_assert_eq "hop $k: Snt, Drop, icmp_limited of --json are the textfile's" \
		"$(jq -r --argjson k "$k" '.report.hubs[] | select(.count == $k) | "\(.Snt) \(.Drop) \(if .icmp_limited then 1 else 0 end)"' "$tmp/one.json")" \
		"$(om_sample "$tmp/one.s" netdx_hop_sent_total "$k") $(om_sample "$tmp/one.s" netdx_hop_lost_total "$k") $(om_sample "$tmp/one.s" netdx_hop_icmp_ratelimited "$k")"
	json=$(jq -r --argjson k "$k" '.report.hubs[] | select(.count == $k) | "\(."Loss%") \(.Avg)"' "$tmp/one.json")
	loss=$(om_sample "$tmp/one.s" netdx_hop_loss_ratio "$k")
	avg=$(om_sample "$tmp/one.s" netdx_hop_rtt_avg_seconds "$k")
	t_assert_eq "hop $k: Loss% and Avg of --json are the textfile's (to JSON's 3 decimals)" \
		"$(awk -v j="$json" 'BEGIN { split(j, a, " "); printf "%.3f %.3f", a[1], a[2] }')" \
		"$(awk -v l="$loss" -v a="${avg:-0}" 'BEGIN { printf "%.3f %.3f", l * 100, a * 1000 }')"
done
t_assert_eq "silent hop 2: all 200 lost, flagged as limiting its ICMP" "200 1" \
	"$(om_sample "$tmp/one.s" netdx_hop_lost_total 2) $(om_sample "$tmp/one.s" netdx_hop_icmp_ratelimited 2)"

# --- --serve and --textfile until stopped ---------------------------------------------
ns=$(lab_ns c) && [[ -e /run/netns/$ns ]] || exit 2
ip netns exec "$ns" "$mtr" -n -i 0.2 --serve "127.0.0.1:$port" --textfile "$tmp/live.prom" "$T" \
	>"$tmp/live.out" 2>"$tmp/live.err" &
mtr_pid=$!
first=
for ((i = 0; i < 50; i++)); do
	first=$(sent_at_hop1 "$(scrape)") && [[ -n $first ]] && break
	sleep 0.1
done
t_assert_match "--serve: /metrics answers with hop 1's sent count" '^[0-9]+$' "$first"
hop1_scraped() { sent_at_hop1 "$(scrape)"; }
hop1_textfile() { sent_at_hop1 "$(cat "$tmp/live.prom" 2>/dev/null)"; }
if rises_from "${first:-0}" hop1_scraped; then
	t_pass "--serve: hop 1's sent rises between two scrapes"
else
	t_fail "--serve: hop 1's sent rises between two scrapes" "stayed at ${first:-nothing}"
fi
now=$(hop1_textfile)
if rises_from "${now:-0}" hop1_textfile; then
	t_pass "--textfile: rewritten every round (hop 1's sent rises)"
else
	t_fail "--textfile: rewritten every round (hop 1's sent rises)" "stayed at ${now:-nothing}"
fi

scrape "application/openmetrics-text; version=1.0.0" >"$tmp/om"
if "$py" $check om <"$tmp/om" >"$tmp/om.s" 2>"$tmp/err"; then
	t_pass "--serve: OpenMetrics when asked, strict parser accepts it"
else
	t_fail "--serve: OpenMetrics when asked, strict parser accepts it" "$(cat "$tmp/err")"
fi
scrape >"$tmp/text"
if "$py" $check text <"$tmp/text" >/dev/null 2>"$tmp/err"; then
	t_pass "--serve: the text format otherwise, promtool accepts it"
else
	t_fail "--serve: the text format otherwise, promtool accepts it" "$(cat "$tmp/err")"
fi
t_assert_eq "--serve: hop 3 answers from 10.0.3.1, silent hop 2 has no ip" "10.0.3.1 none" \
	"$(grep -o 'ttl="3",ip="[^"]*"' "$tmp/text" | head -1 | cut -d'"' -f4) $(grep -c 'ttl="2",ip=' "$tmp/text" | sed 's/^0$/none/')"
code=$(lab_exec c curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/nosuch")
t_assert_eq "--serve: another path is 404" 404 "$code"

# a scraper that sends half a request and stalls: probing and other scrapes go on
ip netns exec "$ns" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'GET /metrics HTTP/1.1\r\n' >&3; exec sleep 30" &
stall_pid=$!
held() { lab_exec c ss -Htn state established "( dport = :$port )" | wc -l; }
for ((i = 0; i < 50; i++)); do
	[[ $(held) -ge 1 ]] && break
	sleep 0.1
done
t_assert_eq "a stalled scraper holds a connection" yes "$([[ $(held) -ge 1 ]] && echo yes)"
now=$(hop1_scraped)
if rises_from "${now:-0}" hop1_scraped; then
	t_pass "while a scraper stalls: mtr probes on and answers other scrapes"
else
	t_fail "while a scraper stalls: mtr probes on and answers other scrapes" "stayed at ${now:-nothing}"
fi
kill "$stall_pid" 2>/dev/null
wait "$stall_pid" 2>/dev/null
stall_pid=

kill -TERM "$mtr_pid"
for ((i = 0; i < 50; i++)); do
	kill -0 "$mtr_pid" 2>/dev/null || break
	sleep 0.1
done
t_assert_eq "SIGTERM ends the exporter" gone "$(kill -0 "$mtr_pid" 2>/dev/null && echo running || echo gone)"
wait "$mtr_pid"
t_assert_eq "SIGTERM: exit 0" 0 "$?"
mtr_pid=
t_assert_eq "an exporter without a mode prints nothing" "" "$(cat "$tmp/live.out" "$tmp/live.err")"

# --- bad values --------------------------------------------------------------------------
t_cli_bad "--serve without a port" 2 \
	"mtr: invalid listen address: '127.0.0.1': want ADDR:PORT, [IPV6]:PORT or :PORT" \
	"$mtr" --serve 127.0.0.1 "$T"
t_cli_bad "--textfile in a missing directory" 2 \
	"mtr: --textfile $tmp/nosuch/x.prom: No such file or directory" "$mtr" --textfile "$tmp/nosuch/x.prom" "$T"
t_cli_bad "--textfile ''" 2 "mtr: invalid textfile: an empty path" "$mtr" --textfile "" "$T"

t_summary
