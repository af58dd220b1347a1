#!/usr/bin/env bash
# test_nslookup_check_transport.sh — nslookup --check, round 2: latency over UDP and TCP
# for one server in one run (dnseval's columns, compared with dnseval on the same lab
# servers, figures masked), cache-miss queries, the answer's TTL and flags, --ping
# (compared with dnsping line by line, figures masked), the resolvers' identity (NSID,
# id.server, hostname.bind), interception (an nft DNAT in the lab router hijacks port
# 53 of an address where no resolver runs: flagged; without the rule: not), --servers
# FILE (and its bad lines), and the same in --json. Needs root, dnsdiag.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/dns_lab.sh
dns_lab_test_up
NSL=$DNSLAB_NSLOOKUP
work=$(mktemp -d "${TMPDIR:-/tmp}/netdx-chk2.XXXXXX")
trap 'rm -rf "$work"; [[ ${DNSLAB_REUSE:-0} == 1 ]] || dns_lab_down' EXIT
LABOPTS=(--signed www.sec.test --big big.t.test)
NOBODY=10.0.2.53 # on the target's link, held by no host: nothing answers there

# run CMD...: CMD in the client namespace; sets OUT, ERR, RC.
run() {
	dns_lab_exec timeout 60 "$@" >"$work/out" 2>"$work/err" </dev/null
	RC=$?
	OUT=$(cat "$work/out")
	ERR=$(cat "$work/err")
}

# mask: figures as N, runs of blanks as one (the layout, not the numbers)
mask() {
	sed -E 's/[0-9]+(\.[0-9]+)?/N/g; s/ +/ /g'
}

# hijack on|off: the router's DNAT of NOBODY's port 53 to the validating resolver
hijack() {
	if [[ $1 == on ]]; then
		ip netns exec "$LAB_NS_ROUTER_1" nft -f - <<EOF2
table ip netdx_hijack {
	chain pre {
		type nat hook prerouting priority -100; policy accept;
		ip daddr $NOBODY udp dport 53 dnat to $DNSLAB_RES4
		ip daddr $NOBODY tcp dport 53 dnat to $DNSLAB_RES4
	}
}
EOF2
	else
		ip netns exec "$LAB_NS_ROUTER_1" nft delete table ip netdx_hijack 2>/dev/null
	fi
}

# two transports for two servers in one run
run "$NSL" --check "${LABOPTS[@]}" --count 5 --transport udp,tcp \
	--server "$DNSLAB_RES4" --server "$DNSLAB_RESB4" t.test
t_assert_eq "udp,tcp: exit 0" 0 "$RC"
t_assert_eq "udp,tcp: a row per server and transport" "10.0.2.20 udp|10.0.2.20 tcp|10.0.2.21 udp|10.0.2.21 tcp" \
	"$(grep -E '^10\.0\.2\.2[01] +(udp|tcp) ' <<<"$OUT" | awk '{ print $1, $2 }' | paste -sd '|')"
t_assert_match "udp,tcp: TTL, dnseval's flags, NOERROR, every cache miss answered" \
	'^10\.0\.2\.20 +tcp( +[0-9.]+){4} +0 +[0-9]+ +QR -- -- RD RA -- -- +NOERROR +[0-9.]+ \(5/5\)$' \
	"$(grep -E '^10\.0\.2\.20 +tcp ' <<<"$OUT")"
# findings per transport measured: what differs from UDP, named by the transport
findings() { grep -E "^$1: (failure|warning|info):" <<<"$OUT"; }
run "$NSL" --check "${LABOPTS[@]}" --count 3 --timeout 3 --transport udp,tcp \
	--server "$DNSLAB_NOTCP4" --server "$DNSLAB_TCPREFUSED4" --server "$DNSLAB_SERVFAIL4" t.test
t_assert_eq "udp,tcp findings: exit 1" 1 "$RC"
t_assert_eq "no TCP listener, measured: one failure, which replaces the TC test's warnings" \
	"10.0.2.36: failure: over TCP: 3 of 3 queries unanswered (3 connection refused)" \
	"$(findings 10.0.2.36)"
t_assert_eq "REFUSED over TCP only: a failure named by TCP, and the large answers it costs" \
	"10.0.2.45: failure: over TCP: REFUSED on 3 of 3 queries: it will not serve this client|10.0.2.45: warning: truncates (TC) but gives no answer over TCP: large answers fail" \
	"$(findings 10.0.2.45 | paste -sd '|')"
t_assert_no_match "SERVFAIL over both: said once, for UDP" "over TCP" "$(findings 10.0.2.30)"
t_assert_match "SERVFAIL over both: the UDP finding" "^10.0.2.30: failure: SERVFAIL on 3 of 3 queries" \
	"$(findings 10.0.2.30)"
run "$NSL" --check "${LABOPTS[@]}" --count 3 --timeout 3 --server "$DNSLAB_NOTCP4" --server "$DNSLAB_TCPREFUSED4" t.test
t_assert_eq "TCP not measured: the TC test's warning only, exit 0" \
	"0|10.0.2.36: warning: no answer over TCP: truncated answers cannot be fetched" \
	"$RC|$(findings 10.0.2.36 | head -n 1)"
t_assert_eq "TCP not measured: REFUSED over TCP unseen by the latency findings" "" \
	"$(findings 10.0.2.45 | grep 'REFUSED on')"
run "$NSL" --check "${LABOPTS[@]}" --json --count 3 --timeout 3 --transport tcp --server "$DNSLAB_TCPREFUSED4" t.test
t_assert_eq "json: the TCP finding among the failures" "failure|over TCP: REFUSED on 3 of 3 queries: it will not serve this client" \
	"$(jq -r '.servers[0] | "\(.status)|\(.findings[] | select(.severity == "failure") | .text)"' <<<"$OUT")"

# --whoami: the address a name's server saw asking (dns_fake's whoami mode at
# $DNSLAB_WHOAMI4, delegated whoami.test, logs "whoami ADDR" for each query it answers)
wlog=$DNSLAB_DIR/fake-whoami.log
before=$(grep -c '^whoami ' "$wlog")
run "$NSL" --check "${LABOPTS[@]}" --count 2 --whoami x.whoami.test --server "$DNSLAB_RES4" \
	--server "$DNSLAB_WHOAMI4" --server "$DNSLAB_SERVFAIL4" t.test
seen=$(tail -n +"$((before + 1))" "$wlog" | sed -n 's/^whoami //p' | sort -u | paste -sd ' ')
identity=$(sed -n '/^identity$/,/^$/p' <<<"$OUT")
res_egress=$(awk -v s="$DNSLAB_RES4" '$1 == s { print $NF }' <<<"$identity")
direct_egress=$(awk -v s="$DNSLAB_WHOAMI4" '$1 == s { print $NF }' <<<"$identity")
t_assert_match "whoami: the whoami server saw two addresses" \
	'^10\.0\.[12]\.[0-9]+ 10\.0\.[12]\.[0-9]+$' "$seen"
t_assert_eq "whoami: the resolver's egress and the client's, each one the server logged" \
	"yes yes no" \
	"$(grep -qw "$res_egress" <<<"$seen" && echo yes) $(grep -qw "$direct_egress" <<<"$seen" && echo yes) $([[ $res_egress == "$direct_egress" ]] && echo yes || echo no)"
t_assert_match "whoami: the identity table's egress column" \
	'^server +NSID +id\.server +hostname\.bind +egress$' "$(sed -n 2p <<<"$identity")"
t_assert_eq "whoami: a server that answers with an error, an info line" \
	"10.0.2.30: info: egress address not learned: x.whoami.test. got SERVFAIL" \
	"$(grep '^10.0.2.30: info: egress' <<<"$OUT")"
run "$NSL" --check "${LABOPTS[@]}" --count 2 --json --whoami x.whoami.test --server "$DNSLAB_RES4" t.test
t_assert_eq "whoami: json" "x.whoami.test. $res_egress" "$(jq -r '"\(.whoami) \(.servers[0].egress)"' <<<"$OUT")"
run "$NSL" --check "${LABOPTS[@]}" --count 2 --openmetrics --whoami x.whoami.test --server "$DNSLAB_RES4" t.test
t_assert_eq "whoami: the identity series has the egress label" \
	"netdx_dns_check_identity{server=\"10.0.2.20#53\",nsid=\"unbound-A\",id_server=\"netdx-dnslab-A\",hostname_bind=\"netdx-dnslab-A\",egress=\"$res_egress\"} 1" \
	"$(grep '^netdx_dns_check_identity{' <<<"$OUT")"
run "$NSL" --check "${LABOPTS[@]}" --count 2 --server "$DNSLAB_RES4" t.test
t_assert_eq "no --whoami: no egress column" 'server NSID id.server hostname.bind' \
	"$(sed -n '/^identity$/{n;p}' <<<"$OUT" | awk '{ $1 = $1; print }')"
run "$NSL" --check --whoami 'bad..name' --server "$DNSLAB_RES4" t.test
t_assert_eq "whoami: a bad name, one line" \
	"2|nslookup: whoami: 'bad..name' is not a legal name (empty label)" "$RC|$ERR"
run "$NSL" --check --ping --whoami x.whoami.test --server "$DNSLAB_RES4" t.test
t_assert_eq "whoami: not with --ping" \
	"2|nslookup: --check: options --ping and --whoami do not go together" "$RC|$ERR"

# the same columns as dnseval's, in its order, ours after
echo "$DNSLAB_RES4" >"$LAB_STATE/servers"
run dnseval -c 2 -w 1 -f "$LAB_STATE/servers" t.test
peer=$(sed -n 1p "$work/out")
# (dnseval writes the lost share as "%0"; ours as "0", see nslookup(1))
peer_row=$(grep '^10\.0\.2\.20 ' "$work/out" | mask | sed -E 's/ %N / N /; s/ $//')
ours=$(run "$NSL" --check "${LABOPTS[@]}" --count 2 --server "$DNSLAB_RES4" t.test; grep -A1 '^server  *proto ' <<<"$OUT")
t_assert_eq "dnseval's header, with our proto column second and the cache-miss column after" \
	"$(awk '{ $1 = $1; print }' <<<"$peer")" \
	"$(head -n 1 <<<"$ours" | awk '{ $1 = $1; print }' | sed -E 's/ proto / /; s/ miss avg\(ms\)$//')"
t_assert_eq "dnseval's row, figures masked (and our proto and cache-miss cells left out)" \
	"$peer_row" "$(tail -n 1 <<<"$ours" | sed -E 's/ +udp / /; s/ +[0-9.]+ \([0-9]+\/[0-9]+\)$//' | mask)"

# JSON: the transports, their TTL, flags and cache misses; identity
run "$NSL" --check "${LABOPTS[@]}" --json --count 3 --transport tcp --server "$DNSLAB_RES4" t.test
t_assert_eq "json: transports" '["udp","tcp"]' "$(jq -c .transports <<<"$OUT")"
t_assert_eq "json: tcp counts, flags, rcode, cache misses" "3 3 0 QR -- -- RD RA -- -- NOERROR 3 3 number" \
	"$(jq -r '.servers[0].transports.tcp | "\(.queries) \(.answered) \(.lost_percent) \(.flags) \(.rcode) \(.cache_miss.queries) \(.cache_miss.answered) \(.cache_miss.rtt_ms.avg | type)"' <<<"$OUT")"
t_assert_match "json: TTL within the record's 300 s" '^([1-9][0-9]?|[12][0-9][0-9]|300)$' \
	"$(jq -r '.servers[0].transports.udp.ttl' <<<"$OUT")"
t_assert_eq "json: identity (unbound's nsid and identity)" "unbound-A netdx-dnslab-A netdx-dnslab-A" \
	"$(jq -r '.servers[0] | "\(.nsid) \(.id_server) \(.hostname_bind)"' <<<"$OUT")"
t_assert_eq "json: no --intercept, no interception test" null "$(jq -c .interception <<<"$OUT")"

# identity in the text: nsd's own
run "$NSL" --check "${LABOPTS[@]}" --count 1 --server "$DNSLAB_AUTH4" t.test
t_assert_match "identity: nsd's NSID and its identity" '^10\.0\.2\.10 +dnslab-auth +netdx-dnslab +netdx-dnslab$' \
	"$(sed -n '/^identity$/,/^$/p' <<<"$OUT" | grep '^10\.0\.2\.10 ')"

# interception: nothing answers for NOBODY...
hijack off
run "$NSL" --check "${LABOPTS[@]}" --count 2 --timeout 500ms --intercept "$NOBODY" --server "$DNSLAB_RES4" t.test
t_assert_eq "no interception: exit 0" 0 "$RC"
t_assert_eq "no interception: said so" "interception: ok: $NOBODY runs no resolver and nothing answered for it" \
	"$(grep '^interception: ' <<<"$OUT")"
# ... until the router hijacks its port 53
hijack on
run "$NSL" --check "${LABOPTS[@]}" --count 2 --timeout 500ms --intercept "$NOBODY" --server "$DNSLAB_RES4" t.test
t_assert_eq "interception: exit 1" 1 "$RC"
t_assert_eq "interception: flagged, the answer's NSID traced to the server it came from" \
	"interception: failure: $NOBODY runs no resolver, yet NOERROR came back (NSID \"unbound-A\", that of 10.0.2.20): something on the path answers DNS sent to port 53, whatever server is asked" \
	"$(grep '^interception: ' <<<"$OUT")"
run "$NSL" --check "${LABOPTS[@]}" --json --count 2 --timeout 500ms --intercept "$NOBODY" --server "$DNSLAB_RES4" t.test
t_assert_eq "interception, json" "$NOBODY true NOERROR unbound-A 10.0.2.20 failure" \
	"$(jq -r '"\(.interception | "\(.address) \(.intercepted) \(.answer) \(.nsid) \(.as)") \(.status)"' <<<"$OUT")"
run "$NSL" --check "${LABOPTS[@]}" --openmetrics --count 2 --timeout 500ms --intercept "$NOBODY" --server "$DNSLAB_RES4" t.test
t_assert_eq "interception, openmetrics" "netdx_dns_check_intercepted{address=\"$NOBODY\",result=\"yes\"} 1" \
	"$(grep -F 'result="yes"' <<<"$OUT" | grep '^netdx_dns_check_intercepted')"
hijack off

# --servers FILE: comments, blanks, a port, a name
printf '# lab resolvers\n\n%s   # validating\n  %s#53\nresolver.t.test\n' "$DNSLAB_RES4" "$DNSLAB_RESB4" >"$work/servers"
cp "$work/servers" "$LAB_STATE/servers"
run "$NSL" --check "${LABOPTS[@]}" --count 1 --servers "$LAB_STATE/servers" t.test
t_assert_match "servers file: four servers (a name brings two)" "checking t.test. A on 4 servers" "$OUT"
printf '%s\n10.0.2.21#99999\n' "$DNSLAB_RES4" >"$LAB_STATE/servers"
run "$NSL" --check --servers "$LAB_STATE/servers" t.test
t_assert_eq "servers file: a bad line, its number, one line, exit 2" \
	"2|nslookup: $LAB_STATE/servers line 2: 10.0.2.21#99999: port out of range (1 to 65535)" "$RC|$ERR"
printf '10.0.2.0/24\n' >"$LAB_STATE/servers"
run "$NSL" --check --servers "$LAB_STATE/servers" t.test
t_assert_eq "servers file: a block is no server" \
	"2|nslookup: $LAB_STATE/servers line 1: 10.0.2.0/24: an address block is not a server" "$RC|$ERR"
run "$NSL" --check --servers "$LAB_STATE/nosuch" t.test
t_assert_eq "servers file: missing" "2|nslookup: $LAB_STATE/nosuch: No such file or directory" "$RC|$ERR"

# --ping: dnsping's lines, figures masked; ours add flags, rcode and TTL after
for proto in udp tcp; do
	flag=()
	[[ $proto == tcp ]] && flag=(-T)
	run dnsping "${flag[@]}" -c 3 -i 0 -s "$DNSLAB_RES4" t.test # -i: whole seconds
	peer=$(mask <"$work/out" | sed 's/dnsping/PROG/g')
	run "$NSL" --check --ping --transport "$proto" -c 3 -i 0.1 --server "$DNSLAB_RES4" t.test
	t_assert_eq "--ping $proto: exit 0" 0 "$RC"
	t_assert_eq "--ping $proto: dnsping's layout" "$peer" \
		"$(sed -E 's/  \[[A-Z ]+\]  [A-Z]+  ttl=[0-9]+$//' <<<"$OUT" | mask | sed 's/nslookup/PROG/g')"
	t_assert_eq "--ping $proto: our extras: flags, rcode, TTL" 3 \
		"$(grep -cE ' ms  \[QR RD RA\]  NOERROR  ttl=[0-9]+$' <<<"$OUT")"
done
run dnsping -c 2 -w 1 -s "$DNSLAB_SILENT4" t.test
peer=$(mask <"$work/out" | sed 's/dnsping/PROG/g')
run "$NSL" --check --ping -c 2 --timeout 1 --server "$DNSLAB_SILENT4" t.test
t_assert_eq "--ping to a silent server: dnsping's lines" "$peer" "$(mask <<<"$OUT" | sed 's/nslookup/PROG/g')"
t_assert_eq "--ping to a silent server: exit 1" 1 "$RC"
run "$NSL" --check --ping --json -c 2 -i 0.05 --server "$DNSLAB_RES4" t.test
t_assert_eq "--ping --json" "tcp? no: udp 2 2 0 NOERROR number" \
	"tcp? no: $(jq -r '"\(.transport) \(.sent) \(.received) \(.lost_percent) \(.queries[1].rcode) \(.rtt_ms.stddev | type)"' <<<"$OUT")"
# SIGINT: the summary of what was sent so far. --foreground: timeout then sends SIGINT
# alone; without it, a SIGCONT follows, and one that lands as an ASan build's leak check
# at exit attaches to the process discards the attach's SIGSTOP, so the check waits
# forever (seen: make asan check hung here). -k: never unbounded.
dns_lab_exec timeout --foreground -k 10 -s INT 1.5 "$NSL" --check --ping -c 0 -i 0.2 --server "$DNSLAB_RES4" t.test >"$work/out" 2>&1 </dev/null
t_assert_match "--ping: SIGINT ends with the summary" "requests transmitted, [0-9]+ responses received" "$(cat "$work/out")"
# bad combinations: one line, exit 2
run "$NSL" --check --ping --transport udp,tcp --server "$DNSLAB_RES4" t.test
t_assert_eq "--ping: one transport" "2|nslookup: --ping: one transport at a time" "$RC|$ERR"
run "$NSL" --check --ping --server "$DNSLAB_RES4" --server "$DNSLAB_RESB4" t.test
t_assert_eq "--ping: one server" "2|nslookup: --ping: one server at a time (got 2)" "$RC|$ERR"
run "$NSL" --check --ping --openmetrics --server "$DNSLAB_RES4" t.test
t_assert_eq "--ping: no metrics" "2|nslookup: --check: options --ping and --openmetrics do not go together" "$RC|$ERR"
run "$NSL" --check --transport quic --server "$DNSLAB_RES4" t.test
t_assert_eq "unknown transport" "2|nslookup: transport: unknown transport 'quic' (udp, tcp, tls, https)" "$RC|$ERR"
run "$NSL" --check --intercept nosuch.t.test t.test
t_assert_eq "--intercept takes an address" "2|nslookup: intercept: 'nosuch.t.test' is not an address" "$RC|$ERR"

t_summary
