#!/usr/bin/env bash
# bench/exporter.sh BUILD — ping --serve beside prometheus-smokeping-prober 0.6.1, side by
# side in one run, and ping's exporter at scale. Nothing is asserted; see ping(8),
# PROMETHEUS.
#   side by side  a lab (tests/lab/lab.sh) of one router that holds each packet DELAY_MS
#                 ms each way (its user-space delay line: this kernel has no netem); the
#                 target answers for all of 10.78.0.0/16 (a local route). For each CONFIGS entry
#                 TARGETS:INTERVAL_MS, ROUNDS rounds (who starts first alternating) in
#                 which both probe the same TARGETS hosts every INTERVAL_MS; 2 s after both
#                 answer, each one's CPU time (/proc/PID/stat utime + stime) is read and
#                 its /metrics scraped, and again DURATION s later, before either stops.
#                 Medians over the rounds of what the window between added: requests
#                 and responses (sums over hosts), the largest per-host difference in
#                 requests, the mean RTT (histogram _sum / _count) and ours minus theirs
#                 in microseconds, CPU per 1,000 requests; and RSS at the end.
#   scale         in a throw-away namespace with only lo (tests/netns_run.sh): one
#                 ping --serve with 10,000 targets (127.10.0.0 + i) at -i 1 for
#                 SCALE_TIME rounds: its probes' send lateness against its own schedule
#                 (p50 / p99 / max, seen from outside by bench/send_times.py: kernel
#                 timestamps on lo), SCRAPES full scrapes (curl's time_total: median and
#                 max), RSS per target ((RSS at 10,000 - RSS at 100) / 9,900, each read
#                 after scrapes); the same with --textfile instead of --serve (send
#                 lateness while a 29 MB file is written each -i); and a 65,536-target
#                 sweep (-c 1 -i 0) with --prometheus against the same sweep with -q
#                 (RUNS alternating runs, median wall time): the exposition's bytes per
#                 target and what writing it adds.
# Ratios read peer/ours (above 1: ping does less). The machine's other load moves every
# figure; the two tools of a round share it. Needs root (namespaces, raw sockets). Every
# probe goes to an address inside the bench's namespaces; every process is started with
# a time bound and stopped by its PID; the namespaces are removed on exit.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
mode=side
if [[ ${1:-} == --scale ]]; then
	mode=scale
	shift
fi
build=${1:-build}
[[ $build == /* ]] || build="$top/$build"
ping=$build/bin/ping
RUNS=${RUNS:-3}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20}
DELAY_MS=${DELAY_MS:-10}
CONFIGS=${CONFIGS:-"2:100 10:10 100:100"}
SCALE_TIME=${SCALE_TIME:-30}
SCRAPES=${SCRAPES:-10}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
row() { printf "%-58s %13s %13s %8s\n" "$1" "$2" "$3" "$4"; }
ratio() { awk -v p="$1" -v o="$2" 'BEGIN { if (o > 0) printf "%.2f", p / o; else print "-" }'; }
# rss_kib PID [FIELD]: its VmRSS (or FIELD, e.g. VmHWM: the peak) in KiB.
rss_kib() { awk -v f="${2:-VmRSS}:" '$1 == f { print $2 }' "/proc/$1/status"; }
# wait_http URL: poll until URL answers (at most 20 s).
wait_http() {
	local i
	for ((i = 0; i < 200; i++)); do
		curl -sf -o /dev/null "$1" && return 0
		sleep 0.1
	done
	echo "bench/exporter.sh: $1 never answered" >&2
	return 1
}

# scale_run: everything the scale part measures; its rows on stdout.
scale_run() {
	local pid st i
	tmp=$(mktemp -d)
	pids=()
	trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "127.10.%d.%d\n", i / 256, i % 256 }' >"$tmp/t10000"
	head -n 100 "$tmp/t10000" >"$tmp/t100"
	# Rounds 0 .. SCALE_TIME/2 - 1 unscraped, then one scrape a second.
	local half=$((SCALE_TIME / 2))
	/usr/bin/python3 bench/send_times.py 10000 100 $((SCALE_TIME + 30)) "$half" >"$tmp/late" 2>&1 &
	st=$!
	pids+=("$st")
	for ((i = 0; i < 100; i++)); do grep -q ready "$tmp/late" && break; sleep 0.1; done
	"$ping" --serve 127.0.0.1:19376 -q -i 1 -c "$SCALE_TIME" -w $((SCALE_TIME + 20)) \
		--targets "$tmp/t10000" >/dev/null 2>&1 &
	pid=$!
	pids+=("$pid")
	sleep "$half"
	for ((i = 0; i < SCRAPES; i++)); do
		curl -s -o /dev/null -w '%{time_total} %{size_download}\n' http://127.0.0.1:19376/metrics
		sleep 0.5
	done >"$tmp/scrapes"
	local rss10k hwm10k
	rss10k=$(rss_kib "$pid")
	hwm10k=$(rss_kib "$pid" VmHWM)
	wait "$pid"
	wait "$st"
	local n d drops p50 p99 max what=unscraped captured=0
	row "10,000 targets, -i 1, $SCALE_TIME rounds ($half unscraped, then scraped)" "" "" ""
	while read -r n d p50 p99 max; do
		drops=$d
		row "  ... send lateness p50 / p99 / max, $what (us)" "" "$p50 / $p99 / $max" ""
		what=scraped
		captured=$((captured + n))
	done < <(tail -n 2 "$tmp/late")
	row "  ... probes sent / captured / lost by the capture" "$((SCALE_TIME * 10000))" \
		"$captured" "$drops"
	local med mx bytes
	med=$(awk '{ print $1 * 1000 }' "$tmp/scrapes" | median)
	mx=$(awk '{ print $1 * 1000 }' "$tmp/scrapes" | sort -g | tail -n 1)
	bytes=$(awk '{ printf "%d\n", $2 }' "$tmp/scrapes" | sort -n | tail -n 1)
	row "  ... full scrape x $SCRAPES: median / max (ms; goal 100)" "" \
		"$(printf '%.1f / %.1f' "$med" "$mx")" "$(ratio 100 "$mx")"
	row "  ... the exposition (bytes; bytes per target)" "" "$bytes" "$((bytes / 10000))"
	scale_textfile "$tmp" "$half"
	"$ping" --serve 127.0.0.1:19377 -q -i 1 -c 20 -w 30 --targets "$tmp/t100" >/dev/null 2>&1 &
	pid=$!
	pids+=("$pid")
	wait_http http://127.0.0.1:19377/metrics || return 1
	for ((i = 0; i < 3; i++)); do curl -s -o /dev/null http://127.0.0.1:19377/metrics; done
	local rss100
	rss100=$(rss_kib "$pid")
	kill "$pid"
	wait "$pid"
	row "  ... RSS at 100 and 10,000 targets (KiB); peak at 10,000" "$rss100" "$rss10k" "$hwm10k"
	row "  ... RSS per target (bytes)" "" \
		"$(awk -v a="$rss10k" -v b="$rss100" 'BEGIN { printf "%.0f", (a - b) * 1024 / 9900 }')" ""
	sweep_expo "$tmp"
}

# scale_textfile TMP ROUNDS: the same 10,000 targets with --textfile instead of --serve
# (a 29 MB file written each -i) for ROUNDS rounds: send lateness from round 2 on.
scale_textfile() {
	local tmp=$1 rounds=$2 st pid i n d p50 p99 max
	mkdir -p "$tmp/tf"
	/usr/bin/python3 bench/send_times.py 10000 100 $((rounds + 30)) 2 >"$tmp/late_tf" 2>&1 &
	st=$!
	pids+=("$st")
	for ((i = 0; i < 100; i++)); do grep -q ready "$tmp/late_tf" && break; sleep 0.1; done
	"$ping" --textfile "$tmp/tf/ping.prom" -q -i 1 -c "$rounds" -w $((rounds + 20)) \
		--targets "$tmp/t10000" >/dev/null 2>&1 &
	pid=$!
	pids+=("$pid")
	wait "$pid"
	wait "$st"
	read -r n d p50 p99 max < <(tail -n 1 "$tmp/late_tf")
	row "  ... --textfile instead: send lateness p50 / p99 / max (us)" "" "$p50 / $p99 / $max" ""
}

# sweep_expo TMP: the 65,536-target sweep with and without its exposition.
sweep_expo() {
	local tmp=$1 i a b
	awk 'BEGIN { for (i = 0; i < 65536; i++) printf "127.20.%d.%d\n", i / 256, i % 256 }' >"$tmp/t65536"
	: >"$tmp/with"
	: >"$tmp/without"
	for ((i = 0; i < RUNS; i++)); do
		wall "$tmp/with" "$tmp/expo" "$ping" --prometheus -c 1 -i 0 --targets "$tmp/t65536" || return 1
		wall "$tmp/without" /dev/null "$ping" -q -c 1 -i 0 --targets "$tmp/t65536" || return 1
	done
	"$ping" --openmetrics -c 1 -i 0 --targets "$tmp/t65536" >"$tmp/om"
	a=$(median <"$tmp/with")
	b=$(median <"$tmp/without")
	row "65,536-target sweep -c 1 -i 0: -q / --prometheus (s)" "$(printf '%.3f' "$b")" \
		"$(printf '%.3f' "$a")" "$(ratio "$b" "$a")"
	row "  ... what the exposition adds (ms)" "" \
		"$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.0f", (a - b) * 1000 }')" ""
	row "  ... bytes per target: text 0.0.4 / OpenMetrics" "" \
		"$(($(wc -c <"$tmp/expo") / 65536)) / $(($(wc -c <"$tmp/om") / 65536))" ""
	row "  ... requests in the exposition (of 65536)" "" \
		"$(awk '/^smokeping_requests_total\{/ { n += $2 } END { print n }' "$tmp/expo")" ""
}

# wall FILE OUT CMD...: append the seconds one run of CMD takes (stdout to OUT) to FILE.
wall() {
	local f=$1 out=$2 t0=$EPOCHREALTIME
	shift 2
	"$@" >"$out" 2>/dev/null || { echo "bench/exporter.sh: failed: $*" >&2; return 1; }
	awk -v a="${t0/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.6f\n", b - a }' >>"$f"
}

# ---- side by side -----------------------------------------------------------------------
side_cleanup() {
	local f
	for f in "$tmp"/*.pid; do [[ -s $f ]] && kill "$(cat "$f")" 2>/dev/null; done
	wait 2>/dev/null
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
in_c() { lab_exec c "$@"; }
# side_up: a lab of one router holding each packet DELAY_MS each way (tests/lab/lab.sh;
# this kernel has no netem); the target answers for all of 10.78.0.0/16.
side_up() {
	lab_up --routers 1 --delay "1:$DELAY_MS" >/dev/null || return 1
	lab_exec r1 ip route add 10.78.0.0/16 via "$LAB_TARGET4" &&
		lab_exec t ip route add local 10.78.0.0/16 dev lo
}
# start NAME CMD...: CMD in the client namespace, bounded to DURATION + 30 s, its PID in
# $tmp/NAME.pid.
start() {
	local name=$1
	shift
	in_c timeout $((DURATION + 30)) bash -c 'echo $$ >"$0"; exec "$@"' "$tmp/$name.pid" "$@" \
		>"$tmp/$name.log" 2>&1 &
}
# figures NAME PORT TAG: "requests responses rtt_sum cpu_ticks rss_kib" of a running
# exporter now (its CPU read before the scrape); its per-host requests in $tmp/NAME.TAG.
figures() {
	local pid cpu
	pid=$(cat "$tmp/$1.pid")
	cpu=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	in_c curl -s "http://127.0.0.1:$2/metrics" >"$tmp/$1.prom"
	awk '/^smokeping_requests_total\{/ { print $1, $2 }' "$tmp/$1.prom" | sort >"$tmp/$1.$3"
	awk -v cpu="$cpu" -v rss="$(rss_kib "$pid")" '
		/^smokeping_requests_total\{/ { r += $2 }
		/^smokeping_response_duration_seconds_count\{/ { c += $2 }
		/^smokeping_response_duration_seconds_sum\{/ { s += $2 }
		END { printf "%d %d %.9f %d %d\n", r, c, s, cpu, rss }' "$tmp/$1.prom"
}
# delta A B: figures B less figures A (RSS: B's).
delta() { echo "$1 $2" | awk '{ printf "%d %d %.9f %d %d", $6 - $1, $7 - $2, $8 - $3, $9 - $4, $10 }'; }
# hosts_delta NAME: "host requests" in the window, per host.
hosts_delta() { join "$tmp/$1.1" "$tmp/$1.2" | awk '{ print $1, $3 - $2 }'; }
# side_round N IV_MS FIRST: both exporters on N targets every IV_MS, FIRST (ours or
# theirs) started first; both read 2 s after both answer and again DURATION s later.
# Prints the window's figures, theirs then ours, then the largest per-host difference.
side_round() {
	local n=$1 iv=$2 first=$3 i hosts=() name
	for ((i = 1; i <= n; i++)); do hosts+=("10.78.$((i / 250)).$((i % 250 + 1))"); done
	for name in $first $([[ $first == ours ]] && echo theirs || echo ours); do
		if [[ $name == ours ]]; then
			start ours "$ping" --serve 127.0.0.1:19374 -q -i "$(awk -v v="$iv" 'BEGIN { print v / 1000 }')" \
				-w $((DURATION + 20)) "${hosts[@]}"
		else
			start theirs prometheus-smokeping-prober --web.listen-address=127.0.0.1:19375 \
				--ping.interval="${iv}ms" --privileged --config.file="$tmp/empty.yml" "${hosts[@]}"
		fi
	done
	in_c bash -c "$(declare -f wait_http); wait_http http://127.0.0.1:19374/metrics &&
		wait_http http://127.0.0.1:19375/metrics" || return 1
	sleep 2 # past both start-ups: every pinger of theirs under way
	local a1 b1 a2 b2
	a1=$(figures theirs 19375 1)
	b1=$(figures ours 19374 1)
	sleep "$DURATION" # the measurement window
	a2=$(figures theirs 19375 2)
	b2=$(figures ours 19374 2)
	for name in ours theirs; do kill "$(cat "$tmp/$name.pid")"; done
	wait
	echo "$(delta "$a1" "$a2") $(delta "$b1" "$b2") $(join <(hosts_delta theirs) <(hosts_delta ours) |
		awk '{ d = $3 - $2; d = d < 0 ? -d : d; if (d > m) m = d } END { print m + 0 }')"
}
# side_config N IV_MS: ROUNDS rounds; the rows of their medians.
side_config() {
	local n=$1 iv=$2 r first
	for ((r = 0; r < ROUNDS; r++)); do
		first=ours
		((r % 2)) && first=theirs
		side_round "$n" "$iv" "$first" || return 1
	done >"$tmp/rounds"
	col() { awk -v c="$1" '{ print $c }' "$tmp/rounds" | median; }
	local tr tc ts tcpu trss orr oc os ocpu orss diff tick
	tick=$(getconf CLK_TCK)
	tr=$(col 1) tc=$(col 2) orr=$(col 6) oc=$(col 7) diff=$(col 11)
	row "$n targets every $iv ms, $ROUNDS rounds of $DURATION s: requests" "$tr" "$orr" "$(ratio "$tr" "$orr")"
	row "  ... responses" "$tc" "$oc" "$(ratio "$tc" "$oc")"
	row "  ... largest per-host difference in requests" "" "$diff" ""
	ts=$(awk '{ printf "%.6f\n", $3 / $2 * 1000 }' "$tmp/rounds" | median)
	os=$(awk '{ printf "%.6f\n", $8 / $7 * 1000 }' "$tmp/rounds" | median)
	row "  ... mean RTT (ms)" "$(printf '%.4f' "$ts")" "$(printf '%.4f' "$os")" ""
	row "  ... ours minus theirs (us; goal within 50)" "" \
		"$(awk '{ printf "%.1f\n", ($8 / $7 - $3 / $2) * 1e6 }' "$tmp/rounds" | median)" ""
	tcpu=$(awk -v k="$tick" '{ printf "%.3f\n", $4 / k * 1e6 / $1 }' "$tmp/rounds" | median)
	ocpu=$(awk -v k="$tick" '{ printf "%.3f\n", $9 / k * 1e6 / $6 }' "$tmp/rounds" | median)
	row "  ... CPU per 1,000 requests (ms)" "$tcpu" "$ocpu" "$(ratio "$tcpu" "$ocpu")"
	trss=$(col 5) orss=$(col 10)
	row "  ... RSS (KiB)" "$trss" "$orss" "$(ratio "$trss" "$orss")"
}
side_by_side() {
	local c
	. tests/lab/lib.sh
	. tests/lab/lab.sh
	tmp=$(mktemp -d)
	trap side_cleanup EXIT
	printf 'targets: []\n' >"$tmp/empty.yml"
	side_up || { echo "bench/exporter.sh: namespaces failed" >&2; return 1; }
	row "benchmark" "smokeping" "netdx" "ratio"
	for c in $CONFIGS; do side_config "${c%%:*}" "${c##*:}" || return 1; done
}

# ---- scale: inside tests/netns_run.sh's namespace ---------------------------------------
if [[ $mode == scale ]]; then
	[[ -n $(ip netns identify $$ 2>/dev/null) ]] || { echo "bench/exporter.sh: not in a namespace" >&2; exit 2; }
	scale_run
	exit
fi

[[ $(id -u) == 0 ]] || { echo "bench/exporter.sh: needs root (namespaces)" >&2; exit 2; }
for t in prometheus-smokeping-prober curl /usr/bin/python3; do
	command -v "$t" >/dev/null || { echo "bench/exporter.sh: $t missing: make test-deps" >&2; exit 2; }
done
[[ -x $ping ]] || { echo "bench/exporter.sh: $ping missing: make" >&2; exit 2; }
side_by_side || exit 1
echo
tests/netns_run.sh bash "$0" --scale "$build"
