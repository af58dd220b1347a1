#!/usr/bin/env bash
# test_nslookup_check.sh — nslookup --check against the DNS lab's resolvers: two good
# ones (one validating), and servers that fail in every way the checker looks for
# (SERVFAIL, silence, a closed port, NXDOMAIN rewriting, no EDNS, no TCP, truncation
# without TC, REFUSED, no recursion, lost queries, disagreement). Asserts each finding
# and its severity, tests that could not be made (unknown, never false), the table, the
# JSON, the exit status (failures only), a server name's every address, and that all
# servers are checked at once. Needs root.
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

# verdict SERVER: the server's finding lines ("SERVER: ok" or "SERVER: SEVERITY: ...").
verdict() {
	grep -F "$1: " <<<"$OUT" | grep -v "^checking"
}

dns_lab_resolv rec

# healthy: the validating resolver and the spoofer (whose forgeries we drop)
check "${LABOPTS[@]}" --server "$DNSLAB_RES4" --server "$DNSLAB_SPOOF4" t.test
t_assert_eq "healthy servers: exit 0" 0 "$RC"
t_assert_eq "healthy: verdict" "10.0.2.20: ok" "$(verdict 10.0.2.20)"
t_assert_eq "spoofer's forgeries are dropped: ok" "10.0.2.33: ok" "$(verdict 10.0.2.33)"
t_assert_match "healthy: summary" "2 ok, 0 with warnings, 0 failed, in [0-9]+ ms" "$OUT"
row=$(grep -m1 '^10\.0\.2\.20 ' <<<"$OUT")
t_assert_match "table row: 10/10, EDNS size, TC handled, AD" "10/10 +0 +0 +0 .* yes +yes 1232 +yes +ok +yes +ok +yes" "$row"

# every kind of broken server at once, with a short timeout
check "${LABOPTS[@]}" --timeout 1 --server "$DNSLAB_RES4" --server "$DNSLAB_RESB4" \
	--server "$DNSLAB_SERVFAIL4" --server "$DNSLAB_SILENT4" --server "$DNSLAB_NXREWRITE4" \
	--server "$DNSLAB_NOEDNS4" --server "$DNSLAB_NOTCP4" --server "$DNSLAB_NOTC4" \
	--server "$DNSLAB_REFUSED4" --server "$DNSLAB_AUTH4" t.test
t_assert_eq "broken servers: exit 1" 1 "$RC"
t_assert_eq "good resolver" "10.0.2.20: ok" "$(verdict 10.0.2.20)"
t_assert_eq "not validating: a warning, and only that" "10.0.2.21: warning: no DNSSEC validation (no AD bit for www.sec.test.): forged answers pass" "$(verdict 10.0.2.21)"
t_assert_match "SERVFAIL" "^10.0.2.30: failure: SERVFAIL on 10 of 10 queries" "$(verdict 10.0.2.30)"
t_assert_eq "silent: one failure, the client's wait" "10.0.2.31: failure: no answer to any of 10 queries in 1000 ms: clients wait out their own timeout (resolv.conf's, 5 s by default), then try the next server" "$(verdict 10.0.2.31)"
t_assert_match "NXDOMAIN rewriting" "^10.0.2.32: failure: NXDOMAIN rewritten \(netdx-check-[a-z0-9]{10}.t.test. answered A 192.0.2.66\)" "$(verdict 10.0.2.32)"
t_assert_eq "no EDNS: a warning; the DNSSEC test (EDNS DO) could not be made" \
	"10.0.2.35: warning: no EDNS0: answers over 512 bytes and DNSSEC need it|10.0.2.35: info: DNSSEC validation not tested: www.sec.test. got FORMERR" \
	"$(verdict 10.0.2.35 | paste -sd '|')"
t_assert_match "no TCP: a warning" "^10.0.2.36: warning: no answer over TCP" "$(verdict 10.0.2.36)"
t_assert_no_match "no TCP: no failure" "failure" "$(verdict 10.0.2.36)"
t_assert_match "truncation without TC" "^10.0.2.37: failure: cuts large answers without the TC bit \([0-9]+ of 40 records\)" "$(verdict 10.0.2.37)"
t_assert_match "REFUSED" "^10.0.2.38: failure: REFUSED on 10 of 10 queries" "$(verdict 10.0.2.38)"
t_assert_match "authoritative only" "^10.0.2.10: failure: recursion not available" "$(verdict 10.0.2.10)"
t_assert_match "summary" "1 ok, 3 with warnings, 6 failed, in [0-9]+ ms" "$OUT"
# ten servers, one silent (1 s timeout): in parallel this is about one timeout, where
# one after another would take over ten
t_assert_range "all servers at once: about one timeout" 0.9 2.5 "$SECS"

# answers that disagree: a name that does not exist, and a resolver that says it does
check "${LABOPTS[@]}" --server "$DNSLAB_RES4" --server "$DNSLAB_RESB4" \
	--server "$DNSLAB_NXREWRITE4" nosuch.t.test
t_assert_match "disagreement: a warning" "10.0.2.32: warning: answers for nosuch.t.test. differ from the other servers" "$(verdict 10.0.2.32)"
t_assert_no_match "the majority agrees" "differ" "$(verdict 10.0.2.20)"

# JSON
check "${LABOPTS[@]}" --json --count 5 --server "$DNSLAB_RES4" --server "$DNSLAB_NOTC4" \
	--server "$DNSLAB_SILENT4" --timeout 500ms t.test
t_assert_eq "json: exit 1" 1 "$RC"
t_assert_eq "json: valid" ok "$(jq -e . >/dev/null <<<"$OUT" 2>&1 && echo ok)"
t_assert_eq "json: three servers, one failed" "3 failure 1" "$(jq -r '"\(.servers | length) \(.status) \(.exit_code)"' <<<"$OUT")"
t_assert_eq "json: good server" "10.0.2.20 null 5 5 ok true 1232 true ok true true []" \
	"$(jq -r '.servers[0] | "\(.server) \(.name) \(.queries) \(.answered) \(.status) \(.recursion) \(.edns.udp_size) \(.tcp) \(.truncation) \(.dnssec_validation) \(.nxdomain_ok) \(.findings)"' <<<"$OUT")"
t_assert_eq "json: rtt figures are numbers" "number number number number" \
	"$(jq -r '.servers[0].rtt_ms | [.min, .avg, .max, .stddev] | map(type) | join(" ")' <<<"$OUT")"
t_assert_eq "json: truncation without TC" "no-TC failure failure" "$(jq -r '.servers[1] | "\(.truncation) \(.status) \(.findings[0].severity)"' <<<"$OUT")"
t_assert_eq "json: silent server" "0 5 null" "$(jq -r '.servers[2] | "\(.answered) \(.timeouts) \(.rtt_ms)"' <<<"$OUT")"
t_assert_eq "json: the silent server's untested truncation is null, not \"-\"" "null null null" \
	"$(jq -c '.servers[2] | [.truncation, .dnssec_validation, .nxdomain_ok] | map(tostring) | join(" ")' <<<"$OUT" | tr -d '"')"

# issue 20: a server that answers SERVFAIL to everything never got an answer to the
# DNSSEC test: unknown (null, an info line), not "no DNSSEC validation"
check "${LABOPTS[@]}" --json --count 3 --server "$DNSLAB_SERVFAIL4" t.test
t_assert_eq "servfail, json: dnssec_validation, nxdomain_ok and truncation are null" "null null null" \
	"$(jq -r '.servers[0] | "\(.dnssec_validation) \(.nxdomain_ok) \(.truncation)"' <<<"$OUT")"
t_assert_eq "servfail, json: the untested DNSSEC test is an info finding" \
	"info: DNSSEC validation not tested: www.sec.test. got SERVFAIL" \
	"$(jq -r '.servers[0].findings[] | select(.text | test("^DNSSEC")) | "\(.severity): \(.text)"' <<<"$OUT")"
check "${LABOPTS[@]}" --count 3 --server "$DNSLAB_SERVFAIL4" t.test
t_assert_no_match "servfail: not blamed for no DNSSEC validation" "no DNSSEC validation" "$OUT"
t_assert_match "servfail: the table shows the AD test as not made (RA EDNS TCP TC AD NXD same)" \
	" yes +no +yes +- +- +- +-$" "$(grep -m1 '^10\.0\.2\.30 ' <<<"$OUT")"

# issue 20: a resolver that only does not validate DNSSEC (most ISP ones) is a warning,
# and warnings alone exit 0
check "${LABOPTS[@]}" --count 3 --server "$DNSLAB_RESB4" t.test
t_assert_eq "not validating alone: exit 0" 0 "$RC"
t_assert_eq "not validating alone: a warning" "10.0.2.21: warning: no DNSSEC validation (no AD bit for www.sec.test.): forged answers pass" "$(verdict 10.0.2.21)"
t_assert_match "not validating alone: summary" "0 ok, 1 with warnings, 0 failed, in [0-9]+ ms" "$OUT"

# issue 20: a closed port (ICMP port unreachable at once) is reported as what it is,
# and, refused at once, the check does not wait for the 5 s timeout
check "${LABOPTS[@]}" --timeout 5 --server "$DNSLAB_AUTH4#5353" t.test
t_assert_eq "closed port: exit 1" 1 "$RC"
t_assert_eq "closed port: what it is" "10.0.2.10#5353: failure: port 5353 closed (ICMP port unreachable to all 10 queries): nothing serves DNS there; clients move on to the next server at once" "$(verdict 10.0.2.10#5353)"
t_assert_range "closed port: no timeout waited" 0 2.5 "$SECS"
check "${LABOPTS[@]}" --json --count 3 --server "$DNSLAB_AUTH4#5353" t.test
t_assert_eq "closed port, json: errors, port_unreachable, timeouts" "3 3 0" \
	"$(jq -r '.servers[0] | "\(.errors) \(.port_unreachable) \(.timeouts)"' <<<"$OUT")"

# issue 20: --server NAME with an IPv4 and an IPv6 address checks both, each a server
check "${LABOPTS[@]}" --count 3 --server resolver.t.test t.test
t_assert_eq "server name: exit 0" 0 "$RC"
t_assert_match "server name: both addresses" "checking t.test. A on 2 servers" "$OUT"
t_assert_eq "server name: each address is a server, named NAME (ADDRESS)" \
	"resolver.t.test (10.0.2.20): ok|resolver.t.test (fd00:0:0:2::20): ok" \
	"$(grep -E '^resolver\.t\.test \(.*\): ' <<<"$OUT" | sort | paste -sd '|')"
check "${LABOPTS[@]}" --json --count 3 --server resolver.t.test#53 t.test
t_assert_eq "server name, json: name and address of each" "resolver.t.test 10.0.2.20|resolver.t.test fd00:0:0:2::20" \
	"$(jq -r '.servers[] | "\(.name) \(.server)"' <<<"$OUT" | sort | paste -sd '|')"

# a resolver that loses a few queries (every third over UDP) works: a warning; the
# tests whose one query was lost are not made (info), never failed
check "${LABOPTS[@]}" --timeout 500ms --server "$DNSLAB_FLAKY4" t.test
t_assert_eq "lossy: exit 0" 0 "$RC"
t_assert_match "lossy: a warning for the lost queries" "^10.0.2.40: warning: [1-4] of 10 queries unanswered \([1-4] timed out\): those lookups stall" "$(verdict 10.0.2.40)"
t_assert_no_match "lossy: no failure" "failure" "$(verdict 10.0.2.40)"

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
