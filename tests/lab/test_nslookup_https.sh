#!/usr/bin/env bash
# test_nslookup_https.sh — DNS over HTTPS (RFC 8484): nslookup with an https:// server,
# against the lab's unbound serving DoH (https-port, HTTP/2) with a certificate of a
# lab CA made here with openssl, compared with dig +https on the same server; the
# certificate checks (the system store does not know the lab CA, --tls-ca, a
# self-signed certificate, a wrong name, an expired one, --insecure), and a fake DoH
# server (doh_fake.py) answering 404, 500, HTML, JSON, a truncated DNS body, a body cut
# by a closed connection: one line each, the lookup goes on to the next server, nothing
# crashes. Then nslookup --check over https, and beside TLS (tests/lab/dot_lab.sh's
# unbound on the resolver's 853): one --tls-ca or --insecure for both, one judge.
# Needs root, unbound with libnghttp2.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/dns_lab.sh
dns_lab_test_up
NSL=$DNSLAB_NSLOOKUP
work=$(mktemp -d "${TMPDIR:-/tmp}/netdx-doh.XXXXXX")
. tests/lab/doh_lab.sh
. tests/lab/dot_lab.sh
DOH=10.0.2.50       # unbound: DoH on 443 (and plain DNS on 53), lab CA certificate
FAKE=10.0.2.51      # doh_fake.py, lab CA certificate
SELF=10.0.2.52      # doh_fake.py, a self-signed certificate
WRONG=10.0.2.53     # doh_fake.py, lab CA certificate for another name
EXPIRED=10.0.2.54   # doh_fake.py, lab CA certificate that expired
NOBODY443=10.0.2.55 # on the link, nothing listens on 443: refused

# cleanup: this test's daemons and addresses, then the lab
cleanup() {
	doh_lab_down
	rm -rf "$work"
	[[ ${DNSLAB_REUSE:-0} == 1 ]] || dns_lab_down
}
trap cleanup EXIT

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

if ! doh_lab_up "$work" fakes; then
	t_fail "DoH lab comes up" "$(tail -n 3 "$work/openssl.log" "$DNSLAB_DIR/unbound-C.log" 2>/dev/null)"
	t_summary
	exit 1
fi
CA=(--tls-ca "$work/ca.pem")
URL=https://$DOH/dns-query

# --- lookups over HTTPS from unbound ---
run "$NSL" "${CA[@]}" www.t.test "$URL"
t_assert_eq "doh: exit 0" 0 "$RC"
t_assert_eq "doh: nothing on stderr" "" "$ERR"
t_assert_match "doh: BIND's server lines, the URL and port 443" \
	$'^Server:\t\thttps://10\\.0\\.2\\.50/dns-query\nAddress:\t10\\.0\\.2\\.50#443\n' "$OUT"
# the same records as over UDP from the same unbound, and as dig +https finds
run "$NSL" www.t.test "$DOH"
udp=$(sed 1,3d <<<"$OUT")
run "$NSL" "${CA[@]}" www.t.test "$URL"
t_assert_eq "doh: the same answer as over UDP" "$udp" "$(sed 1,3d <<<"$OUT")"
run dig +https +tls-ca="$work/ca.pem" +short "@$DOH" big.t.test A
peer=$(grep -E '^[0-9.]+$' <<<"$OUT" | sort)
run "$NSL" "${CA[@]}" -type=a big.t.test "$URL"
t_assert_eq "doh: the 40 addresses dig +https gets" "$peer" \
	"$(sed -n 's/^Address: \([0-9.]*\)$/\1/p' <<<"$OUT" | sort)"
t_assert_eq "dig +https: answered (the peer works on this path)" 40 "$(wc -l <<<"$peer")"

# a host name in the URL, from the client's hosts file; the certificate names it
echo "$DOH doh.t.test" >"/etc/netns/$LAB_NS_CLIENT/hosts"
run "$NSL" "${CA[@]}" -type=a www.t.test https://doh.t.test/dns-query
t_assert_eq "doh by name: exit 0" 0 "$RC"
t_assert_match "doh by name: Server is the URL, Address the host's" \
	$'^Server:\t\thttps://doh\\.t\\.test/dns-query\nAddress:\t10\\.0\\.2\\.50#443\n' "$OUT"
# IPv6: a bracketed literal (libcurl connects to it as it is), and a name whose address
# is IPv6 (pinned for libcurl as [ADDR])
run "$NSL" "${CA[@]}" -type=a www.t.test "https://[fd00:0:0:2::50]/dns-query"
t_assert_match "doh over IPv6, a literal: the URL, the address" \
	$'^Server:\t\thttps://\\[fd00:0:0:2::50\\]/dns-query\nAddress:\tfd00:0:0:2::50#443\n.*Address: 192\\.0\\.2\\.3' "$OUT"
echo "fd00:0:0:2::50 doh.t.test" >"/etc/netns/$LAB_NS_CLIENT/hosts"
run "$NSL" "${CA[@]}" -type=a www.t.test https://doh.t.test/dns-query
t_assert_match "doh over IPv6, by name: the host's IPv6 address asked" \
	$'^Server:\t\thttps://doh\\.t\\.test/dns-query\nAddress:\tfd00:0:0:2::50#443\n.*Address: 192\\.0\\.2\\.3' "$OUT"
rm -f "/etc/netns/$LAB_NS_CLIENT/hosts"

# --json
run "$NSL" --json "${CA[@]}" -type=a www.t.test "$URL"
t_assert_eq "doh --json: exit 0" 0 "$RC"
t_assert_eq "doh --json: server, port, transport, answers, certificate verified" \
	"https://10.0.2.50/dns-query 443 https true true" \
	"$(jq -r '"\(.lookups[0].server.name) \(.lookups[0].server.port) \(.lookups[0].transport) \(.lookups[0].message.answer | length > 0) \(.lookups[0].tls_verified)"' <<<"$OUT" 2>&1)"

# under its sandbox, libcurl needs nothing the profile refuses but the AF_UNIX socketpair
# of its multi handle's wakeup (it goes on without), and starts no thread (the address
# is pinned: its threaded resolver never runs). A sanitizer build's leak check at exit
# (a clone that ptraces) cannot run under strace: off for this run.
run env ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=socketpair,clone,clone3,socket,connect,openat -o "$work/strace" \
	"$NSL" "${CA[@]}" -type=a www.t.test "$URL"
t_assert_eq "doh under strace: exit 0" 0 "$RC"
t_assert_eq "sandbox: the only call refused is libcurl's socketpair" \
	"socketpair(AF_UNIX, SOCK_STREAM, 0, X) = -1 EPERM (Operation not permitted)" \
	"$(grep -E 'EPERM|EACCES' "$work/strace" | sed -E 's/^[0-9]+ +//; s/0x[0-9a-f]+/X/')"
t_assert_eq "sandbox: no thread" 0 "$(grep -cE '^[0-9]+ +clone3?\(' "$work/strace")"
t_assert_eq "sandbox: one TCP connection, to 10.0.2.50:443" \
	'connect(N, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("10.0.2.50")}, 16) = -1 EINPROGRESS (Operation now in progress)' \
	"$(grep -E '^[0-9]+ +connect\(' "$work/strace" | sed -E 's/^[0-9]+ +//; s/connect\([0-9]+,/connect(N,/')"

# --- certificates ---
run "$NSL" -type=a www.t.test "$URL"
t_assert_eq "system CA store: the lab CA is unknown: exit 1" 1 "$RC"
t_assert_eq "system CA store: one line, then no server" \
	";; communications error to 10.0.2.50#443: SSL certificate problem: unable to get local issuer certificate|;; no servers could be reached" \
	"$(grep -v '^$' <<<"$OUT" | paste -sd '|')"
run "$NSL" --insecure -type=a www.t.test "$URL"
t_assert_eq "--insecure: exit 0" 0 "$RC"
t_assert_eq "--insecure: said loudly on stderr" \
	"nslookup: warning: --insecure: TLS certificates are not verified" "$ERR"
run "$NSL" --json --insecure -type=a www.t.test "$URL"
t_assert_eq "--insecure --json: tls_verified false" false "$(jq -r .lookups[0].tls_verified <<<"$OUT")"
for c in "self-signed|$SELF|SSL certificate problem: self-signed certificate" \
	"wrong name|$WRONG|SSL: no alternative certificate subject name matches target host name '$WRONG'" \
	"expired|$EXPIRED|SSL certificate problem: certificate has expired"; do
	IFS='|' read -r what addr why <<<"$c"
	run "$NSL" "${CA[@]}" -type=a x.t.test "https://$addr/dns-query"
	t_assert_eq "$what: exit 1" 1 "$RC"
	t_assert_eq "$what: one line" \
		";; communications error to $addr#443: $why|;; no servers could be reached" \
		"$(grep -v '^$' <<<"$OUT" | paste -sd '|')"
	run "$NSL" --insecure -type=a x.t.test "https://$addr/dns-query"
	t_assert_match "$what --insecure: answered" $'Name:\tx\\.t\\.test\nAddress: 10\\.9\\.9\\.9' "$OUT"
done

# --- a DoH server that answers wrong ---
for c in "404 HTTP status 404" "500 HTTP status 500" \
	"html answer of type text/html, not application/dns-message" \
	"json answer of type application/json, not application/dns-message" \
	"cut transfer closed with 21 bytes remaining to read" \
	"big answer body over 65535 bytes"; do
	read -r path why <<<"$c"
	run "$NSL" "${CA[@]}" -type=a x.t.test "https://$FAKE/$path"
	t_assert_eq "fake /$path: exit 1" 1 "$RC"
	t_assert_eq "fake /$path: one line" \
		";; communications error to $FAKE#443: $why|;; no servers could be reached" \
		"$(grep -v '^$' <<<"$OUT" | paste -sd '|')"
done
run "$NSL" "${CA[@]}" -type=a x.t.test "https://$FAKE/trunc"
t_assert_eq "fake /trunc: exit 1" 1 "$RC"
t_assert_eq "fake /trunc: the DNS parser's words, as for a bad UDP packet" \
	";; Got bad packet: unexpected end of input" "$(head -n 1 <<<"$OUT")"
run "$NSL" "${CA[@]}" -timeout=1 -retry=2 -type=a x.t.test "https://$FAKE/slow"
t_assert_eq "fake /slow: exit 1" 1 "$RC"
t_assert_eq "fake /slow: BIND's timeout lines, retried as over UDP" \
	";; communications error to $FAKE#443: timed out|;; communications error to $FAKE#443: timed out|;; no servers could be reached" \
	"$(grep -v '^$' <<<"$OUT" | paste -sd '|')"
run "$NSL" "${CA[@]}" -type=a x.t.test "https://$FAKE/dns-query"
t_assert_match "fake /dns-query: answered" $'Name:\tx\\.t\\.test\nAddress: 10\\.9\\.9\\.9' "$OUT"
run "$NSL" "${CA[@]}" -timeout=2 -type=a x.t.test "https://$NOBODY443/dns-query"
t_assert_eq "nothing on 443: exit 1" 1 "$RC"
t_assert_match "nothing on 443: one line" \
	"^;; communications error to $NOBODY443#443: Failed to connect to $NOBODY443 port 443 " "$OUT"
run "$NSL" "${CA[@]}" -type=axfr t.test "$URL"
t_assert_eq "axfr over https: exit 1" 1 "$RC"
t_assert_eq "axfr over https: one line" ";; zone transfers are not asked over HTTPS" "$(grep -v '^$' <<<"$OUT")"
printf 'server https://%s\n' "$DOH" >"$work/cmds"
dns_lab_exec timeout 60 "$NSL" <"$work/cmds" >"$work/out" 2>"$work/err"
t_assert_eq "interactive server with a bad URL: exit 1, its words" \
	"1|nslookup: couldn't get address for 'https://$DOH': no path (as https://HOST/dns-query)" "$?|$(cat "$work/err")"
printf 'server %s\nwww.t.test\n' "$URL" >"$work/cmds"
dns_lab_exec timeout 60 "$NSL" "${CA[@]}" <"$work/cmds" >"$work/out" 2>"$work/err"
t_assert_match "interactive server URL: its lines, then the answer over HTTPS" \
	$'^Default server: https://10\\.0\\.2\\.50/dns-query\nAddress: 10\\.0\\.2\\.50#443\n.*Server:\t\thttps://10\\.0\\.2\\.50/dns-query\nAddress:\t10\\.0\\.2\\.50#443\n.*Name:\tboth\\.t\\.test' \
	"$(cat "$work/out")"

# --- bad arguments: one line, exit 1 ---
t_cli_bad "no path" 1 "nslookup: server 'https://$DOH': no path (as https://HOST/dns-query)" \
	"$NSL" x.t.test "https://$DOH"
t_cli_bad "port 0" 1 "nslookup: server 'https://$DOH:0/q': port out of range (1 to 65535)" \
	"$NSL" x.t.test "https://$DOH:0/q"
t_cli_bad "port 70000" 1 "nslookup: server 'https://$DOH:70000/q': port out of range (1 to 65535)" \
	"$NSL" x.t.test "https://$DOH:70000/q"
t_cli_bad "no ]" 1 "nslookup: server 'https://[fd00::1/q': no ']' after an IPv6 address" \
	"$NSL" x.t.test "https://[fd00::1/q"
t_cli_bad "host does not resolve" 1 "nslookup: server 'https://nosuch.invalid/q': Name or service not known" \
	"$NSL" x.t.test "https://nosuch.invalid/q"
t_cli_bad "--tls-ca missing file" 1 "nslookup: --tls-ca $work/nosuch.pem: No such file or directory" \
	"$NSL" --tls-ca "$work/nosuch.pem" x.t.test "$URL"
t_cli_bad "--tls-ca without a file" 1 "nslookup: option --tls-ca needs a file" "$NSL" --tls-ca

# --- the checker over HTTPS ---
run "$NSL" --check "${CA[@]}" --count 5 --transport udp,https --server "$DOH" t.test
t_assert_eq "check udp,https: exit 0" 0 "$RC"
t_assert_eq "check udp,https: a row per transport" "10.0.2.50 udp|10.0.2.50 https" \
	"$(grep -E '^10\.0\.2\.50 +(udp|tcp|https) ' <<<"$OUT" | awk '{ print $1, $2 }' | paste -sd '|')"
t_assert_match "check https: latency, TTL, flags, NOERROR, every cache miss answered" \
	'^10\.0\.2\.50 +https( +[0-9.]+){4} +0 +[0-9]+ +QR -- -- RD RA -- -- +NOERROR +[0-9.]+ \(5/5\)$' \
	"$(grep -E '^10\.0\.2\.50 +https ' <<<"$OUT")"
t_assert_eq "check https: no WARNING without --insecure" "" "$(grep WARNING <<<"$OUT")"
run "$NSL" --check "${CA[@]}" --count 3 --json --server "$URL" t.test
t_assert_eq "check --server URL --json: exit 0" 0 "$RC"
t_assert_eq "check --json: the URL's server, https measured, its URL, every query answered" \
	"https://10.0.2.50/dns-query 10.0.2.50 udp,https $URL 3 true" \
	"$(jq -r '"\(.servers[0].name) \(.servers[0].server) \(.transports | join(",")) \(.servers[0].transports.https.url) \(.servers[0].transports.https.answered) \(.tls_verified)"' <<<"$OUT" 2>&1)"
# --openmetrics: the HTTPS series beside UDP's, valid for Prometheus' own parser
run "$NSL" --check "${CA[@]}" --count 3 --openmetrics --transport https --server "$DOH" t.test
t_assert_eq "check --openmetrics: exit 0" 0 "$RC"
/usr/bin/python3 tests/lab/metrics_check.py om <"$work/out" >"$work/om.samples" 2>"$work/om.err"
t_assert_eq "check --openmetrics: a valid exposition" "0|" "$?|$(cat "$work/om.err")"
t_assert_eq "check --openmetrics: the HTTPS queries, every one answered NOERROR" \
	'netdx_dns_check_responses_total{rcode="NOERROR",server="10.0.2.50#53",transport="https"} 3' \
	"$(grep -F 'netdx_dns_check_responses_total{rcode="NOERROR",server="10.0.2.50#53",transport="https"}' "$work/om.samples" | sed 's/ 3\.0$/ 3/')"

# a DoH server that fails: one finding in its words, the rest of the check goes on
run "$NSL" --check "${CA[@]}" --count 3 --transport https --server "$DOH" \
	--server "https://$SELF/dns-query" --server "https://$FAKE/html" t.test
t_assert_eq "check, bad DoH servers: exit 1" 1 "$RC"
t_assert_eq "check, bad DoH servers: one line each" \
	"https://$SELF/dns-query ($SELF): failure: over HTTPS (https://$SELF/dns-query): 3 of 3 queries unanswered (3 failed: SSL certificate problem: self-signed certificate)|https://$FAKE/html ($FAKE): failure: over HTTPS (https://$FAKE/html): 3 of 3 queries unanswered (3 failed: answer of type text/html, not application/dns-message)" \
	"$(grep -F 'over HTTPS' <<<"$OUT" | paste -sd '|')"
t_assert_eq "check, bad DoH servers: the good one goes on (its one warning: no validation)" \
	"10.0.2.50: warning: no DNSSEC validation (no AD bit for .): forged answers pass|0 ok, 1 with warnings, 2 failed" \
	"$(grep -E '^10\.0\.2\.50: |^[0-9]+ ok' <<<"$OUT" | sed 's/, in [0-9]* ms$//' | paste -sd '|')"
run "$NSL" --check --insecure --count 2 --transport https --server "$DOH" t.test
t_assert_eq "check --insecure: exit 0" 0 "$RC"
t_assert_eq "check --insecure: said in the report" \
	"WARNING: TLS certificates were not verified (--insecure)" "$(grep WARNING <<<"$OUT")"
t_assert_eq "check --insecure: a warning of its server" \
	"10.0.2.50: warning: TLS certificate not verified (--insecure): whoever is on the path may have answered" \
	"$(grep 'not verified' <<<"$OUT" | grep -v '^WARNING')"
# --ping over HTTPS, next to dnsping's (figures masked)
run "$NSL" --check --ping "${CA[@]}" -c 3 -i 0.1 --transport https --server "$DOH" t.test
t_assert_eq "ping https: exit 0" 0 "$RC"
t_assert_eq "ping https: three answers" 3 "$(grep -c '^[0-9]* bytes from 10\.0\.2\.50: seq=' <<<"$OUT")"
t_assert_match "ping https: the header says HTTPS and 443" \
	'^nslookup DNS: 10\.0\.2\.50:443, hostname: t\.test, proto: HTTPS, rdatatype: A' "$OUT"
# dnsping -H on the same server (its httpx trusts SSL_CERT_FILE): the same lines
run env SSL_CERT_FILE="$DOHLAB_CA" dnsping -H -c 3 -i 0 -s "$DOH" t.test
peer=$(mask <"$work/out" | sed 's/dnsping/PROG/g')
t_assert_match "dnsping -H: answered (the peer works on this path)" "3 responses received" "$OUT"
run "$NSL" --check --ping "${CA[@]}" -c 3 -i 0 --transport https --server "$DOH" t.test
t_assert_eq "ping https: dnsping -H's layout, our flags, rcode and TTL after" "$peer" \
	"$(mask <<<"$OUT" | sed 's/nslookup/PROG/g; s/ \[QR RD RA\] NOERROR ttl=N$//')"
# dnseval -H: the same server answers every query, over HTTPS in both
echo "$DOH" >"$work/servers"
run env SSL_CERT_FILE="$DOHLAB_CA" dnseval -H -c 3 -f "$work/servers" t.test
t_assert_match "dnseval -H: its row (lost %0, NOERROR)" \
	'^10\.0\.2\.50( +[0-9.]+){4} +%0 +[0-9]+ +QR -- -- RD RA -- -- +NOERROR' "$(sed -n 3p <<<"$OUT")"
run "$NSL" --check "${CA[@]}" --count 3 --transport https --servers "$work/servers" t.test
t_assert_match "check --transport https: the same columns" \
	'^10\.0\.2\.50 +https( +[0-9.]+){4} +0 +[0-9]+ +QR -- -- RD RA -- -- +NOERROR' \
	"$(grep -E '^10\.0\.2\.50 +https ' <<<"$OUT")"
run "$NSL" --check --ping "${CA[@]}" -c 2 --transport https --server "https://$FAKE/500" t.test
t_assert_eq "ping https /500: exit 1" 1 "$RC"
t_assert_eq "ping https /500: a line per query" "Request failed: HTTP status 500|Request failed: HTTP status 500" \
	"$(grep '^Request' <<<"$OUT" | paste -sd '|')"
t_cli_bad "check --tls-ca without https" 2 \
	"nslookup: --check: --insecure goes with TLS or HTTPS (--transport tls or https, a tls:// or https:// server)" \
	"$NSL" --check --insecure --server "$DOH" t.test
t_cli_bad "check --server bad URL" 2 "nslookup: server: https://$DOH: no path (as https://HOST/dns-query)" \
	"$NSL" --check --server "https://$DOH" t.test
t_cli_bad "check unknown transport" 2 "nslookup: transport: unknown transport 'h3' (udp, tcp, tls, https)" \
	"$NSL" --check --transport h3 --server "$DOH" t.test

# --- TLS and HTTPS in one check: one --tls-ca (both labs' CAs in one file) or one
# --insecure for both, one judge for both (the DoT unbound on the resolver's 853, the
# DoH one on 10.0.2.50:443: each server answers one of them, the other port is closed)
if dot_lab_pki && dot_lab_serve T 853 good && dot_lab_wait_listen 853; then
	RES=$DNSLAB_RES4
	cat "$work/ca.pem" "$DOTLAB_PKI/ca.pem" >"$work/both.pem"
	run "$NSL" --check --tls-ca "$work/both.pem" --count 2 --server "tls://$RES" --server "$URL" t.test
	t_assert_eq "tls+https: exit 1 (each server fails the other transport)" 1 "$RC"
	t_assert_eq "tls+https: one --tls-ca, each verified where it serves (no loss, NOERROR)" \
		"tls://$RES tls NOERROR|$URL https NOERROR" \
		"$(awk '($3 == "tls" || $3 == "https") && $8 == 0 { print $1, $3, $17 }' <<<"$OUT" | paste -sd '|')"
	t_assert_eq "tls+https: one judge, each finding labelled by its transport" \
		"tls://$RES ($RES): failure: over HTTPS (https://$RES/dns-query): 2 of 2 queries unanswered (2 connection refused)|$URL (10.0.2.50): failure: over TLS (port 853): 2 of 2 queries unanswered (2 connection refused)" \
		"$(grep -E ': failure: over (TLS|HTTPS)' <<<"$OUT" | paste -sd '|')"
	run "$NSL" --check --insecure --json --count 2 --server "tls://$RES" --server "$URL" t.test
	t_assert_eq "tls+https --insecure --json: tls_verified false, both transports" \
		'false ["udp","tls","https"]' "$(jq -rc '"\(.tls_verified) \(.transports)"' <<<"$OUT")"
	run "$NSL" --check --insecure --count 2 --server "tls://$RES" --server "$URL" t.test
	t_assert_eq "tls+https --insecure: one line under the table, a warning per server" \
		"1 2" "$(grep -c '^WARNING: TLS certificates were not verified (--insecure)$' <<<"$OUT") $(grep -c ': warning: TLS certificate not verified (--insecure)' <<<"$OUT")"
else
	t_fail "DoT beside DoH: the DoT unbound comes up" "$(tail -n 2 "$DOTLAB_PKI/log" 2>/dev/null)"
fi

t_summary
