#!/usr/bin/env bash
# test_ping_metrics.sh — ping's metrics for Prometheus on a lab path with 30% loss
# injected by router 2, every exposition checked by Prometheus' own parsers
# (tests/lab/metrics_check.py: strict OpenMetrics, promtool for the text format):
#   - --openmetrics and --prometheus: probes counted, the loss seen, the histogram's
#     count equal to the replies, the loss ratio equal to the counts';
#   - the same run's --json and --textfile (its last version) agree figure for figure;
#   - --serve: curl gets 0.0.4 or OpenMetrics by its Accept header with the matching
#     Content-Type, 404 for another path, 405 for POST; scrapers that connect and say
#     nothing, or send garbage and never read, do not stop the counts rising (polled, in
#     the textfile as well as by scraping); the silent one is closed by the server;
#     SIGTERM ends it with status 0 and its last figures equal to the JSON;
#   - memory: an exporter at -i 1 ms scraped all along peaks within RSS_SLACK_KIB over
#     20000 cycles of what it does over 2000 (test_resources.sh's measure);
#   - a scrape in parts (1,000 loopback targets): while a scraper has stopped reading
#     mid-body the counts still rise, and the rest of its body, built after that, shows
#     them risen (a family built later above one built earlier); a scraper that leaves
#     mid-body is dropped, the next is answered, nothing leaks (ASan build).
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
tmp=$(mktemp -d)
chmod 755 "$tmp"
bg=()
cleanup() {
	local p
	for p in "${bg[@]}"; do kill "$p" 2>/dev/null; done
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
RSS_SLACK_KIB=512

# check DIALECT FILE: the exposition through Prometheus' parsers; its samples, sorted, in
# FILE.s ("name{labels} value").
check() { /usr/bin/python3 tests/lab/metrics_check.py "$1" <"$2" >"$2.s" 2>"$2.err"; }
# val SERIES FILE: a sample's value from FILE.s.
val() { awk -v k="$1" '$1 == k { print $2 }' "$2.s"; }
# near A B TOL: |A - B| <= TOL.
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; exit !(a != "" && b != "" && (d < 0 ? -d : d) <= t) }'; }
# jfield HOST FIELD FILE: a field of the JSON target object of HOST.
jfield() { jq -r --arg h "$1" "select(.type == \"target\" and .host == \$h) | .$2" "$3"; }
# in_c PIDFILE CMD...: CMD in the client, its PID written to PIDFILE first.
in_c() {
	local pidfile=$1
	shift
	lab_exec c bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@"
}

lab_up --routers 3 --loss 2:30 || exit 1
T=$LAB_TARGET4
L="{host=\"$T\",ip=\"$T\"}"

# --- --openmetrics, --prometheus: one target, 30% loss -----------------------------------
n=200
read -r lo hi < <(awk -v n=$n -v p=0.7 'BEGIN { m = n * p; d = 3.29 * sqrt(n * p * (1 - p));
	printf "%d %d\n", m - d, m + d + 0.999 }')
for d in om text; do
	flag=--openmetrics
	[[ $d == text ]] && flag=--prometheus
	lab_exec c "$b/ping" $flag -c $n -i 0.002 -W 0.5 "$T" >"$tmp/$d" 2>"$tmp/$d.stderr"
	t_assert_eq "$flag: exit 0, nothing on stderr" "0|" "$?|$(cat "$tmp/$d.stderr")"
	check $d "$tmp/$d"
	t_assert_eq "$flag: valid ($d parser)" "0|" "$?|$(cat "$tmp/$d.err")"
	got=$(val "netdx_ping_replies_total$L" "$tmp/$d")
	t_assert_eq "$flag: $n requests" $n "$(val "smokeping_requests_total$L" "$tmp/$d")"
	t_assert_range "$flag: replies within the 99.9% bounds of 30% loss" "$lo" "$hi" "$got"
	t_assert_eq "$flag: histogram count = replies" "$got" \
		"$(val "smokeping_response_duration_seconds_count$L" "$tmp/$d")"
	t_assert_eq "$flag: bucket +Inf = replies" "$got" \
		"$(val "smokeping_response_duration_seconds_bucket{host=\"$T\",ip=\"$T\",le=\"+Inf\"}" "$tmp/$d")"
	near "$(val "netdx_ping_loss_ratio$L" "$tmp/$d")" "$(awk -v g="$got" -v n=$n 'BEGIN { print (n - g) / n }')" 1e-9
	t_assert_eq "$flag: loss ratio = (requests - replies) / requests" 0 "$?"
	t_assert_eq "$flag: reply TTL (64 less 3 routers)" 61 "$(val "smokeping_response_ttl$L" "$tmp/$d")"
done
t_assert_match "--openmetrics ends with # EOF" '^# EOF$' "$(tail -n 1 "$tmp/om")"

# compare_run JSON PROM HOST WHAT: every figure of HOST's JSON target object equals its
# series in the textfile PROM (already checked), times to the JSON's microsecond.
compare_run() {
	local j=$1 p=$2 h=$3 what=$4 addr
	addr=$(jfield "$h" address "$j")
	local l="{host=\"$h\",ip=\"$addr\"}"
	t_assert_eq "$what $h: requests = transmitted" "$(jfield "$h" transmitted "$j")" \
		"$(val "smokeping_requests_total$l" "$p")"
	t_assert_eq "$what $h: replies = received = histogram count" \
		"$(jfield "$h" received "$j") $(jfield "$h" received "$j")" \
		"$(val "netdx_ping_replies_total$l" "$p") $(val "smokeping_response_duration_seconds_count$l" "$p")"
	t_assert_eq "$what $h: duplicates, errors" "$(jfield "$h" duplicates "$j") $(jfield "$h" errors "$j")" \
		"$(val "smokeping_response_duplicates_total$l" "$p") $(val "netdx_ping_errors_total$l" "$p")"
	t_assert_eq "$what $h: ttl, hops" "$(jfield "$h" ttl "$j") $(jfield "$h" hops "$j")" \
		"$(val "smokeping_response_ttl$l" "$p") $(val "netdx_ping_hops$l" "$p")"
	near "$(val "netdx_ping_loss_ratio$l" "$p")" "$(jfield "$h" 'loss / 100' "$j")" 1e-6
	t_assert_eq "$what $h: loss ratio = JSON loss / 100" 0 "$?"
	local f ok=0
	for f in min avg max; do
		near "$(val "netdx_ping_rtt_${f}_seconds$l" "$p")" "$(jfield "$h" "rtt.$f / 1000" "$j")" 5.1e-7 || ok=1
	done
	t_assert_eq "$what $h: RTT min/avg/max = JSON's (to its microsecond)" 0 "$ok"
}

# --- the same run: --json on stdout, --textfile's last version -------------------------
H1=$LAB_HOP4_1
lab_exec c "$b/ping" --json --textfile "$tmp/run.prom" -c 150 -i 0.004 -W 0.5 "$T" "$H1" \
	>"$tmp/run.json" 2>"$tmp/run.err"
t_assert_eq "--json --textfile: exit 0, nothing on stderr" "0|" "$?|$(cat "$tmp/run.err")"
check text "$tmp/run.prom"
t_assert_eq "--textfile: valid (promtool)" "0|" "$?|$(cat "$tmp/run.prom.err")"
t_assert_eq "--textfile: no temporary file left" "" "$(find "$tmp" -name "*.tmp")"
for h in "$T" "$H1"; do compare_run "$tmp/run.json" "$tmp/run.prom" "$h" "same run"; done
t_assert_eq "same run: 150 probes each" "150 150" \
	"$(jfield "$T" transmitted "$tmp/run.json") $(jfield "$H1" transmitted "$tmp/run.json")"
t_assert_eq "same run: targets alive, as the JSON's overall" \
	"$(jq -r 'select(.type == "overall") | .alive' "$tmp/run.json")" \
	"$(val 'netdx_ping_targets{state="alive"}' "$tmp/run.prom")"

# --- --serve: scraped with curl --------------------------------------------------------
PORT=9374
URL=http://127.0.0.1:$PORT/metrics
in_c "$tmp/serve.pid" "$b/ping" --serve 127.0.0.1:$PORT --textfile "$tmp/serve.prom" \
	-i 0.01 -w 120 -W 0.5 --json "$T" >"$tmp/serve.json" 2>"$tmp/serve.err" &
serve_job=$!
bg+=("$serve_job")
t_wait_for 10 lab_exec c curl -sf -o /dev/null "$URL"
t_assert_eq "--serve: answers once started" 0 "$?"
serve_pid=$(cat "$tmp/serve.pid")
OM_ACCEPT='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
lab_exec c curl -s -D "$tmp/h.text" -o "$tmp/s.text" "$URL"
lab_exec c curl -s -D "$tmp/h.om" -o "$tmp/s.om" -H "Accept: $OM_ACCEPT" "$URL"
t_assert_match "--serve, no Accept: 200, text format 0.0.4" \
	$'HTTP/1.1 200 OK.*Content-Type: text/plain; version=0.0.4; charset=utf-8' "$(tr -d '\r' <"$tmp/h.text" | tr '\n' ' ')"
t_assert_match "--serve, Prometheus' Accept: OpenMetrics 1.0" \
	'Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8' "$(tr -d '\r' <"$tmp/h.om")"
check text "$tmp/s.text"
t_assert_eq "--serve: the 0.0.4 scrape is valid (promtool)" "0|" "$?|$(cat "$tmp/s.text.err")"
check om "$tmp/s.om"
t_assert_eq "--serve: the OpenMetrics scrape is valid (strict parser)" "0|" "$?|$(cat "$tmp/s.om.err")"
t_assert_eq "--serve: another path is 404" 404 \
	"$(lab_exec c curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/")"
t_assert_eq "--serve: POST is 405" 405 \
	"$(lab_exec c curl -s -o /dev/null -w '%{http_code}' -X POST -d x "$URL")"

# Scrapers that stall: one connects and never sends (the server must close it after its
# 10 s timeout: the time until EOF is printed; a server that never closes it leaves it
# to timeout 60, far above the bound of 40), one sends garbage and never reads.
lab_exec c bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT || exit 1; s=\$EPOCHREALTIME
	timeout 60 cat <&3 >/dev/null; echo \$EPOCHREALTIME \$s" >"$tmp/silent.out" 2>&1 &
silent=$!
bg+=("$silent")
in_c "$tmp/garbage.pid" bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT && printf 'NONSENSE \\x01\\x02\\r\\n\\r\\n' >&3 && exec sleep 60" &
bg+=("$!")
t_wait_for 5 test -s "$tmp/garbage.pid"
requests() { # requests FILE: the target's request count in an exposition
	awk -v k="smokeping_requests_total$L" '$1 == k { print $2 }' "$1"
}
base=$(requests "$tmp/serve.prom")
# rising FILE_MAKER: the count went 50 beyond base (probes every 10 ms)
textfile_rising() { (($(requests "$tmp/serve.prom") >= base + 50)); }
scrape_rising() {
	lab_exec c curl -s -m 2 -o "$tmp/poll" "$URL" && (($(requests "$tmp/poll") >= base + 100))
}
t_wait_for 10 textfile_rising
t_assert_eq "stalled scrapers connected: the textfile's count still rises" 0 "$?"
t_wait_for 10 scrape_rising
t_assert_eq "stalled scrapers connected: a scrape is answered, its count rising" 0 "$?"
wait "$silent"
read -r end start <"$tmp/silent.out"
t_assert_range "a scraper that says nothing is closed by the server, after its 10 s (s)" 8 40 \
	"$(awk -v e="${end:-0}" -v s="${start:-0}" 'BEGIN { printf "%d", e - s }')"

kill -TERM "$serve_pid"
wait "$serve_job"
t_assert_eq "--serve: SIGTERM ends it, status 0, nothing on stderr" "0|" "$?|$(cat "$tmp/serve.err")"
check text "$tmp/serve.prom"
t_assert_eq "--serve: the last textfile is valid" "0|" "$?|$(cat "$tmp/serve.prom.err")"
compare_run "$tmp/serve.json" "$tmp/serve.prom" "$T" "--serve, at its end"

# --- memory: flat over cycles ---------------------------------------------------------------
# exporter CYCLES NAME: --serve and --textfile at -i 1 ms to router 1 (no loss) for
# CYCLES cycles, scraped every 0.1 s meanwhile; peak RSS (KiB) in $tmp/NAME.rss.
exporter() {
	local cycles=$1 name=$2 i
	lab_exec c /usr/bin/time -o "$tmp/$name.rss" -f %M "$b/ping" --serve 127.0.0.1:9375 \
		--textfile "$tmp/$name.prom" -i 0.001 -c "$cycles" "$H1" >"$tmp/$name.out" 2>&1 &
	local job=$!
	bg+=("$job")
	for ((i = 0; i < 600; i++)); do
		kill -0 "$job" 2>/dev/null || break
		lab_exec c curl -s -m 1 -o /dev/null "http://127.0.0.1:9375/metrics"
		sleep 0.1
	done
	wait "$job"
	echo "INFO exporter, $cycles cycles: peak RSS $(cat "$tmp/$name.rss") KiB"
}
exporter 2000 small
exporter 20000 long
check text "$tmp/long.prom"
t_assert_eq "20000 cycles: every probe counted in the last textfile" 20000 \
	"$(val "smokeping_requests_total{host=\"$H1\",ip=\"$H1\"}" "$tmp/long.prom")"
if lab_build_sanitized; then
	echo "SKIP exporter memory (a sanitizer build: RSS is ASan's)"
else
	t_assert_range "exporter: 20000 cycles peak within $RSS_SLACK_KIB KiB of 2000" \
		"-$RSS_SLACK_KIB" "$RSS_SLACK_KIB" "$(($(cat "$tmp/long.rss") - $(cat "$tmp/small.rss")))"
fi

# --- a scrape in parts: probing goes on between them ---------------------------------------
# 1,000 loopback targets (2.6 MB of OpenMetrics); the client's TCP buffers kept small so
# the server cannot build far ahead of what the scraper has read. The scraper reads the
# first bytes and stops; the textfile's count must then rise (probes go on while a
# scrape is in flight), and the rest of the body, read after that, must show it: a
# target's replies (a later family, built after the pause) above its requests in the
# same scrape (built before). A body built whole at the request could not have that.
lab_exec c sysctl -qw net.ipv4.tcp_wmem="4096 16384 65536" net.ipv4.tcp_rmem="4096 16384 65536"
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "127.1.%d.%d\n", i / 250, 1 + i % 250 }' >"$tmp/t1000"
P1="{host=\"127.1.0.1\",ip=\"127.1.0.1\"}"
in_c "$tmp/parts.pid" "$b/ping" --serve 127.0.0.1:9376 --textfile "$tmp/parts.prom" -q \
	-i 0.5 -w 120 --targets "$tmp/t1000" >/dev/null 2>"$tmp/parts.err" &
parts_job=$!
bg+=("$parts_job")
t_wait_for 20 test -s "$tmp/parts.prom"
t_wait_for 10 lab_exec c curl -sf -o /dev/null http://127.0.0.1:9376/metrics
t_assert_eq "1,000 targets: --serve answers" 0 "$?"
lab_exec c /usr/bin/python3 tests/lab/slow_scrape.py 9376 "$tmp/paused" "$tmp/go" "$tmp/slow.om" &
slow=$!
bg+=("$slow")
t_wait_for 20 test -e "$tmp/paused"
t_assert_eq "slow scraper: the body started" 0 "$?"
req1() { awk -v k="smokeping_requests_total$P1" '$1 == k { print $2 }' "$tmp/parts.prom"; }
base=$(req1)
parts_rising() { (($(req1) >= base + 3)); }
t_wait_for 30 parts_rising
t_assert_eq "slow scrape in flight: the textfile's count still rises" 0 "$?"
touch "$tmp/go"
wait "$slow"
t_assert_eq "slow scraper: the body read to its end" 0 "$?"
check om "$tmp/slow.om"
t_assert_eq "the slow scrape is valid OpenMetrics (strict parser)" "0|" "$?|$(cat "$tmp/slow.om.err")"
t_assert_eq "the slow scrape: every target in every family" "1000 1000 1000" \
	"$(grep -c '^smokeping_requests_total{' "$tmp/slow.om.s") $(grep -c '^smokeping_response_duration_seconds_count{' "$tmp/slow.om.s") $(grep -c '^netdx_ping_replies_total{' "$tmp/slow.om.s")"
req=$(val "smokeping_requests_total$P1" "$tmp/slow.om")
rep=$(val "netdx_ping_replies_total$P1" "$tmp/slow.om")
t_assert_eq "the slow scrape: replies (built after the pause) above requests (before)" 1 \
	"$((${rep:-0} > ${req:-0}))"
lab_exec c /usr/bin/python3 tests/lab/slow_scrape.py 9376 "$tmp/paused2" abort
t_assert_eq "a scraper that leaves mid-body" "0 1" "$? $(test -e "$tmp/paused2" && echo 1)"
t_wait_for 10 lab_exec c curl -sf -o /dev/null http://127.0.0.1:9376/metrics
t_assert_eq "then a scrape is answered in full" 0 "$?"
kill -TERM "$(cat "$tmp/parts.pid")"
wait "$parts_job"
t_assert_eq "1,000 targets: SIGTERM ends it, status 0, nothing on stderr (nothing leaked)" "0|" \
	"$?|$(cat "$tmp/parts.err")"

t_summary
