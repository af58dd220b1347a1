#!/usr/bin/env bash
# test_nslookup_check.sh — nslookup --check against the DNS lab's resolvers: two good
# ones (one validating), and servers that fail in every way the checker looks for
# (SERVFAIL, silence, NXDOMAIN rewriting, no EDNS, no TCP, truncation without TC,
# REFUSED, no recursion, disagreement). Asserts each verdict, the table, the JSON,
# the exit status, and that all servers are checked at once. Needs root.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/dns_lab.sh
dns_lab_test_up
NSL=$DNSLAB_NSLOOKUP
work=$(mktemp -d "${TMPDIR:-/tmp}/netdx-chk.XXXXXX")
trap 'rm -rf "$work"; [[ ${DNSLAB_REUSE:-0} == 1 ]] || dns_lab_down' EXIT
LABOPTS=(--signed www.sec.test --big big.t.test)

# check ARGS...: nslookup --check in the client namespace; sets OUT, ERR, RC, SECS.
check() {
	local t0=$EPOCHREALTIME t1
	dns_lab_exec timeout 60 "$NSL" --check "$@" >"$work/out" 2>"$work/err" </dev/null
	RC=$?
	t1=$EPOCHREALTIME
	OUT=$(cat "$work/out")
	ERR=$(cat "$work/err")
	SECS=$(awk -v a="${t0/,/.}" -v b="${t1/,/.}" 'BEGIN { printf "%.3f", b - a }')
}

# verdict SERVER: the server's verdict line.
verdict() {
	grep "^$1: " <<<"$OUT"
}

dns_lab_resolv rec

# healthy: the validating resolver and the spoofer (whose forgeries we drop)
check "${LABOPTS[@]}" --server "$DNSLAB_RES4" --server "$DNSLAB_SPOOF4" t.test
t_assert_eq "healthy servers: exit 0" 0 "$RC"
t_assert_eq "healthy: verdict" "10.0.2.20: ok" "$(verdict 10.0.2.20)"
t_assert_eq "spoofer's forgeries are dropped: ok" "10.0.2.33: ok" "$(verdict 10.0.2.33)"
t_assert_match "healthy: summary" "all servers healthy in [0-9]+ ms" "$OUT"
row=$(grep '^10\.0\.2\.20 ' <<<"$OUT")
t_assert_match "table row: 10/10, EDNS size, TC handled, AD" "10/10 +0 +0 +0 .* yes +yes 1232 +yes +ok +yes +ok +yes" "$row"

# every kind of broken server at once, with a short timeout
check "${LABOPTS[@]}" --timeout 1 --server "$DNSLAB_RES4" --server "$DNSLAB_RESB4" \
	--server "$DNSLAB_SERVFAIL4" --server "$DNSLAB_SILENT4" --server "$DNSLAB_NXREWRITE4" \
	--server "$DNSLAB_NOEDNS4" --server "$DNSLAB_NOTCP4" --server "$DNSLAB_NOTC4" \
	--server "$DNSLAB_REFUSED4" --server "$DNSLAB_AUTH4" t.test
t_assert_eq "broken servers: exit 1" 1 "$RC"
t_assert_eq "good resolver" "10.0.2.20: ok" "$(verdict 10.0.2.20)"
t_assert_match "not validating" "^10.0.2.21: no DNSSEC validation \(no AD bit for www.sec.test.\)" "$(verdict 10.0.2.21)"
t_assert_match "SERVFAIL" "^10.0.2.30: SERVFAIL on 10 of 10 queries" "$(verdict 10.0.2.30)"
t_assert_match "silent" "^10.0.2.31: no answer to any of 10 queries \(timeouts\)" "$(verdict 10.0.2.31)"
t_assert_match "NXDOMAIN rewriting" "^10.0.2.32: NXDOMAIN rewritten \(netdx-check-[a-z0-9]{10}.t.test. answered A 192.0.2.66\)" "$(verdict 10.0.2.32)"
t_assert_match "no EDNS" "^10.0.2.35: no EDNS0" "$(verdict 10.0.2.35)"
t_assert_match "no TCP" "^10.0.2.36: no answer over TCP" "$(verdict 10.0.2.36)"
t_assert_match "truncation without TC" "^10.0.2.37: cuts large answers without the TC bit \([0-9]+ of 40 records\)" "$(verdict 10.0.2.37)"
t_assert_match "REFUSED" "^10.0.2.38: REFUSED on 10 of 10 queries" "$(verdict 10.0.2.38)"
t_assert_match "authoritative only" "^10.0.2.10: recursion not available" "$(verdict 10.0.2.10)"
t_assert_match "summary" "some servers have problems" "$OUT"
# ten servers, one silent (1 s timeout): in parallel this is about one timeout, where
# one after another would take over ten
t_assert_range "all servers at once: about one timeout" 0.9 2.5 "$SECS"

# answers that disagree: a name that does not exist, and a resolver that says it does
check "${LABOPTS[@]}" --server "$DNSLAB_RES4" --server "$DNSLAB_RESB4" \
	--server "$DNSLAB_NXREWRITE4" nosuch.t.test
t_assert_match "disagreement" "^10.0.2.32: .*answers for nosuch.t.test. differ from the other servers" "$(verdict 10.0.2.32)"
t_assert_no_match "the majority agrees" "differ" "$(verdict 10.0.2.20)"

# JSON
check "${LABOPTS[@]}" --json --count 5 --server "$DNSLAB_RES4" --server "$DNSLAB_NOTC4" \
	--server "$DNSLAB_SILENT4" --timeout 500ms t.test
t_assert_eq "json: exit 1" 1 "$RC"
t_assert_eq "json: valid" ok "$(jq -e . >/dev/null <<<"$OUT" 2>&1 && echo ok)"
t_assert_eq "json: three servers, not all healthy" "3 false" "$(jq -r '"\(.servers | length) \(.healthy)"' <<<"$OUT")"
t_assert_eq "json: good server" "10.0.2.20 5 5 true true 1232 true ok true true []" \
	"$(jq -r '.servers[0] | "\(.server) \(.queries) \(.answered) \(.healthy) \(.recursion) \(.edns.udp_size) \(.tcp) \(.truncation) \(.dnssec_validation) \(.nxdomain_ok) \(.problems)"' <<<"$OUT")"
t_assert_eq "json: rtt figures are numbers" "number number number number" \
	"$(jq -r '.servers[0].rtt_ms | [.min, .avg, .max, .stddev] | map(type) | join(" ")' <<<"$OUT")"
t_assert_eq "json: truncation without TC" "no-TC false" "$(jq -r '.servers[1] | "\(.truncation) \(.healthy)"' <<<"$OUT")"
t_assert_eq "json: silent server" "0 5 null" "$(jq -r '.servers[2] | "\(.answered) \(.timeouts) \(.rtt_ms)"' <<<"$OUT")"

# the servers of resolv.conf by default
dns_lab_resolv "RAW:nameserver_10.0.2.20\nnameserver_10.0.2.21"
check "${LABOPTS[@]}" --count 3 t.test
t_assert_match "default servers: both of resolv.conf" "checking t.test. A on 2 servers, 3 queries each" "$OUT"
dns_lab_resolv rec

# usage errors: one line, exit 2
check --count 0
t_assert_eq "count 0" "2|nslookup: invalid count '0': too small (minimum 1)" "$RC|$ERR"
check --server nosuch.invalid
t_assert_match "unknown server" "^nslookup: server: couldn't get address for 'nosuch.invalid': " "$ERR"
t_assert_eq "unknown server: exit 2" 2 "$RC"
check --bogus
t_assert_eq "unknown option" "2|nslookup: --check: unknown option --bogus (see nslookup --help)" "$RC|$ERR"
check a b
t_assert_eq "two names" "2|nslookup: --check: one name at most, got also 'b'" "$RC|$ERR"

t_summary
