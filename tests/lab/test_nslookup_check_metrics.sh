#!/usr/bin/env bash
# test_nslookup_check_metrics.sh — nslookup --check --openmetrics and --prometheus against
# the DNS lab's resolvers (a good one, one that rewrites NXDOMAIN, a silent one, one that
# answers SERVFAIL, one REFUSED, one that cuts answers without TC): each dialect passes
# Prometheus' own parsers (tests/lab/metrics_check.py), and its stable figures (queries,
# answers by rcode, timeouts, errors, every test's outcome, status, findings, answers
# in the histogram) equal those of --json on the same servers, line for line (latency
# differs from run to run: only its count is compared, and the histogram checked in
# itself). The lying resolver's finding shows as 1, the good one's as 0. Needs root.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/dns_lab.sh
dns_lab_test_up
NSL=$DNSLAB_NSLOOKUP
work=$(mktemp -d "${TMPDIR:-/tmp}/netdx-chkm.XXXXXX")
trap 'rm -rf "$work"; [[ ${DNSLAB_REUSE:-0} == 1 ]] || dns_lab_down' EXIT
dns_lab_resolv rec
CHECK=(--check --signed www.sec.test --big big.t.test --count 4 --timeout 1
	--server "$DNSLAB_RES4" --server "$DNSLAB_NXREWRITE4" --server "$DNSLAB_SILENT4"
	--server "$DNSLAB_SERVFAIL4" --server "$DNSLAB_REFUSED4" --server "$DNSLAB_NOTC4")

# run NAME ARGS...: nslookup ARGS in the client namespace, stdout in $work/NAME, exit in RC.
run() {
	local name=$1
	shift
	dns_lab_exec timeout 60 "$NSL" "$@" >"$work/$name" 2>"$work/$name.err" </dev/null
	RC=$?
}

# stable FILE: the samples whose values do not change from run to run, sorted.
stable() {
	grep -Ev '_bucket\{|_sum\{|^netdx_dns_check_duration_seconds |^netdx_dns_check_(mean_response|answer_ttl)_seconds\{' "$1" | sort
}

# from_json: the same samples as the JSON states them, sorted.
from_json() {
	jq -r '
	def tri: if . == true then "yes" elif . == false then "no" else "unknown" end;
	def set($s; $c; $all; $v): $all[] as $r |
		"netdx_dns_check_result{check=\"\($c)\",result=\"\($r)\",server=\"\($s)\"} \(if $r == $v then 1 else 0 end)";
	.servers[] | (.server | if test("#") then . else . + "#53" end) as $s |
	"netdx_dns_check_queries_total{server=\"\($s)\",transport=\"udp\"} \(.queries)",
	"netdx_dns_check_timeouts_total{server=\"\($s)\",transport=\"udp\"} \(.timeouts)",
	"netdx_dns_check_errors_total{server=\"\($s)\",transport=\"udp\"} \(.errors)",
	"netdx_dns_check_port_unreachable_total{server=\"\($s)\",transport=\"udp\"} \(.port_unreachable)",
	"netdx_dns_check_response_duration_seconds_count{server=\"\($s)\",transport=\"udp\"} \(.answered)",
	(.rcodes as $rc | (["NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED"] + ($rc | keys) | unique)[] |
		"netdx_dns_check_responses_total{rcode=\"\(.)\",server=\"\($s)\",transport=\"udp\"} \($rc[.] // 0)"),
	(.transports.udp.cache_miss as $m |
		"netdx_dns_check_cache_miss_queries_total{server=\"\($s)\",transport=\"udp\"} \($m.queries)",
		"netdx_dns_check_cache_miss_responses_total{server=\"\($s)\",transport=\"udp\"} \($m.answered)"),
	(.transports.udp.flags // empty | split(" ") as $f | ["QR", "AA", "TC", "RD", "RA", "AD", "CD"] | to_entries[] |
		"netdx_dns_check_answer_flag{flag=\"\(.value)\",server=\"\($s)\",transport=\"udp\"} \(if $f[.key] == .value then 1 else 0 end)"),
	"netdx_dns_check_identity{hostname_bind=\"\(.hostname_bind // "")\",id_server=\"\(.id_server // "")\",nsid=\"\(.nsid // "")\",server=\"\($s)\"} 1",
	set($s; "recursion"; ["yes", "no", "unknown"]; .recursion | tri),
	set($s; "edns"; ["yes", "no", "unknown"]; .edns.supported | tri),
	set($s; "tcp"; ["yes", "no", "unknown"]; .tcp | tri),
	set($s; "truncation"; ["ok", "fits", "no-TC", "no-TCP", "unknown"]; .truncation // "unknown"),
	set($s; "dnssec_validation"; ["yes", "no", "unknown"]; .dnssec_validation | tri),
	set($s; "nxdomain_ok"; ["yes", "no", "unknown"]; .nxdomain_ok | tri),
	set($s; "consistent"; ["yes", "no", "unknown"]; .consistent | tri),
	(if .edns.udp_size then "netdx_dns_check_edns_udp_size_bytes{server=\"\($s)\"} \(.edns.udp_size)" else empty end),
	(.status as $st | ("ok", "warning", "failure") |
		"netdx_dns_check_status{server=\"\($s)\",status=\"\(.)\"} \(if . == $st then 1 else 0 end)"),
	(.findings as $f | ("failure", "warning", "info") as $sev |
		"netdx_dns_check_findings{server=\"\($s)\",severity=\"\($sev)\"} \([$f[] | select(.severity == $sev)] | length)")
	' "$1" | sort
}

run json "${CHECK[@]}" --json t.test
t_assert_eq "--json: exit 1 (failing servers)" 1 "$RC"
t_assert_eq "--json: six servers" 6 "$(jq '.servers | length' "$work/json")"
from_json "$work/json" >"$work/json.samples"
t_assert_eq "--json: 41 stable figures a server, a UDP size for each with EDNS0, 7 flags for each that answered" \
	$((6 * 41 + $(jq '[.servers[] | select(.edns.udp_size)] | length' "$work/json") + 7 * $(jq '[.servers[] | select(.transports.udp.flags)] | length' "$work/json"))) \
	"$(wc -l <"$work/json.samples")"

for dialect in openmetrics prometheus; do
	kind=om
	[[ $dialect == prometheus ]] && kind=text
	run "$dialect" "${CHECK[@]}" "--$dialect" t.test
	t_assert_eq "--$dialect: exit 1, as --json" 1 "$RC"
	t_assert_eq "--$dialect: nothing on stderr" "" "$(cat "$work/$dialect.err")"
	/usr/bin/python3 tests/lab/metrics_check.py "$kind" <"$work/$dialect" >"$work/$dialect.samples" \
		2>"$work/$dialect.check"
	t_assert_eq "--$dialect: Prometheus' parser reads it" "0 " "$? $(cat "$work/$dialect.check")"
	t_assert_eq "--$dialect: the stable figures are --json's, line for line" \
		"$(cat "$work/json.samples")" "$(stable "$work/$dialect.samples")"
	s=$work/$dialect.samples
	t_assert_eq "--$dialect: NXDOMAIN rewriting shows as nxdomain_ok no = 1" \
		'netdx_dns_check_result{check="nxdomain_ok",result="no",server="10.0.2.32#53"} 1' \
		"$(grep -F 'check="nxdomain_ok",result="no",server="10.0.2.32#53"' "$s")"
	t_assert_eq "--$dialect: ... and the good resolver's as 0" \
		'netdx_dns_check_result{check="nxdomain_ok",result="no",server="10.0.2.20#53"} 0' \
		"$(grep -F 'check="nxdomain_ok",result="no",server="10.0.2.20#53"' "$s")"
	t_assert_eq "--$dialect: the lying resolver's status is failure" \
		'netdx_dns_check_status{server="10.0.2.32#53",status="failure"} 1' \
		"$(grep -F 'server="10.0.2.32#53",status="failure"' "$s")"
	t_assert_eq "--$dialect: SERVFAIL counted under its name" \
		'netdx_dns_check_responses_total{rcode="SERVFAIL",server="10.0.2.30#53",transport="udp"} 4' \
		"$(grep -F 'rcode="SERVFAIL",server="10.0.2.30#53"' "$s")"
	t_assert_eq "--$dialect: the silent server's 4 timeouts" \
		'netdx_dns_check_timeouts_total{server="10.0.2.31#53",transport="udp"} 4' \
		"$(grep -F 'timeouts_total{server="10.0.2.31#53",' "$s")"
	# the histogram in itself: 0.1 ms doubling to 52.4288 s, cumulative, +Inf = count
	# = every answer, whatever its rcode
	hist=$(awk -F'[{}" ]' '/_bucket\{/ && /10.0.2.20#53/ { for (i = 1; i <= NF; i++)
		if ($i == "le=") print $(i + 1), $NF }' "$s" | sort -g)
	t_assert_eq "--$dialect: 21 buckets from 0.0001 to 52.4288 and +Inf" "0.0001 52.4288 +Inf 21" \
		"$(awk 'NR == 1 { a = $1 } { b[NR] = $1 } END { print a, b[NR - 1], b[NR], NR }' <<<"$hist")"
	t_assert_eq "--$dialect: bucket counts only grow" "" \
		"$(awk 'NR > 1 && $2 < prev { print "drop at " $1 } { prev = $2 }' <<<"$hist")"
	t_assert_eq "--$dialect: +Inf holds all 4 answers" "+Inf 4" "$(tail -n 1 <<<"$hist")"
	t_assert_match "--$dialect: the sum is their latency in seconds (0 < sum < 4 s)" \
		'^0\.[0-9]+(e-0[0-9])?$' \
		"$(awk '/_sum\{server="10.0.2.20#53",transport="udp"\}/ { print $2 }' "$s")"
done

# the same figures in both dialects, and the OpenMetrics one is whole
t_assert_eq "both dialects: the same stable samples" \
	"$(stable "$work/openmetrics.samples")" "$(stable "$work/prometheus.samples")"
t_assert_eq "--openmetrics ends with # EOF" "# EOF" "$(tail -n 1 "$work/openmetrics")"
t_assert_match "--openmetrics: the histogram's unit" \
	$'# UNIT netdx_dns_check_response_duration_seconds seconds' "$(cat "$work/openmetrics")"
t_assert_no_match "--prometheus: no UNIT, no EOF" '^# (UNIT|EOF)' "$(cat "$work/prometheus")"

# a --server name: its addresses each a series, with the name as a label
run named --check --signed www.sec.test --big big.t.test --count 2 --openmetrics \
	--server resolver.t.test t.test
t_assert_eq "--server NAME: exit 0" 0 "$RC"
t_assert_eq "--server NAME: one series per address, labelled name" \
	'netdx_dns_check_queries_total{name="resolver.t.test",server="10.0.2.20#53",transport="udp"} 2|netdx_dns_check_queries_total{name="resolver.t.test",server="fd00:0:0:2::20#53",transport="udp"} 2' \
	"$(/usr/bin/python3 tests/lab/metrics_check.py om <"$work/named" | grep '^netdx_dns_check_queries_total' | sort | paste -sd '|')"

t_summary
