#!/usr/bin/env bash
# test_nslookup_tls.sh — DNS over TLS (RFC 7858): nslookup --check --transport tls and
# tls://ADDR[:PORT][#NAME] servers against the lab's validating unbound serving TLS
# (tls-service-key / tls-service-pem) with a certificate from a CA made here; the
# certificate verified by address and by name, through --tls-ca and SSL_CERT_FILE;
# bad certificates made here with openssl (self-signed, expired, another name), each
# refused in one line while the rest of the check goes on; a listener that accepts and
# never answers the handshake (a timeout, bounded); --insecure, flagged in the text and
# the JSON; --ping over TLS compared with dnsping -X and the table's row with dnseval
# -X, figures masked. Needs root, unbound, openssl, dnsdiag.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/dns_lab.sh
dns_lab_test_up
NSL=$DNSLAB_NSLOOKUP
work=$(mktemp -d "${TMPDIR:-/tmp}/netdx-tls.XXXXXX")
trap 'rm -rf "$work"; [[ ${DNSLAB_REUSE:-0} == 1 ]] || dns_lab_down' EXIT
RES=$DNSLAB_RES4 # 10.0.2.20: DoT on 853 (good), 8531 self-signed, 8532 expired,
# 8533 a certificate for another name, 8534 a listener that never answers
. tests/lab/dot_lab.sh

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

if ! dot_lab_pki; then
	t_fail "the lab's certificates" "$(tail -n 3 "$DOTLAB_PKI/log")"
	t_summary
	exit 1
fi
pki=$DOTLAB_PKI
dot_lab_serve T 853 good
dot_lab_serve S 8531 self
dot_lab_serve E 8532 expired
dot_lab_serve O 8533 other
_dnslab_spawn tcp-hold "$DNSLAB_DIR/hold.out" /usr/bin/python3 tests/lab/tcp_hold.py serve 8534:hold --hold 300
for p in 853 8531 8532 8533 8534; do
	dot_lab_wait_listen "$p" || t_fail "a TLS listener on port $p" "$(tail -n 2 "$DNSLAB_DIR"/unbound-*.out)"
done
CA=(--tls-ca "$pki/ca.pem")
C=(--check --count 3 --timeout 2 --signed www.sec.test --big big.t.test)

# --transport tls: the certificate checked against the address (IP:10.0.2.20)
run "$NSL" "${C[@]}" --transport tls "${CA[@]}" --server "$RES" t.test
t_assert_eq "tls: exit 0" 0 "$RC"
t_assert_match "tls: a row, every query answered, TTL, dnseval's flags, NOERROR, cache misses" \
	'^10\.0\.2\.20 +tls( +[0-9.]+){4} +0 +[0-9]+ +QR -- -- RD RA -- -- +NOERROR +[0-9.]+ \(3/3\)$' \
	"$(grep -E '^10\.0\.2\.20 +tls ' <<<"$OUT")"
t_assert_eq "tls: the server is ok" "10.0.2.20: ok" "$(grep '^10\.0\.2\.20: ' <<<"$OUT")"
t_assert_eq "tls: nothing on stderr" "" "$ERR"

# IPv6: the certificate checked against the IPv6 address, as a server and as tls://[ADDR]
run "$NSL" "${C[@]}" --transport tls "${CA[@]}" --server "$DNSLAB_RES6" t.test
t_assert_eq "tls over IPv6: exit 0, ok" "0|$DNSLAB_RES6: ok" "$RC|$(grep "^$DNSLAB_RES6: " <<<"$OUT")"
run "$NSL" -tls "${CA[@]}" www.t.test "tls://[$DNSLAB_RES6]"
t_assert_eq "-tls tls://[IPv6]: exit 0, BIND's Address line" "0|Address:	$DNSLAB_RES6#853" \
	"$RC|$(sed -n 2p <<<"$OUT")"

# tls://ADDR#NAME: the name checked (and sent as SNI)
run "$NSL" "${C[@]}" "${CA[@]}" --server "tls://$RES#dot.t.test" t.test
t_assert_eq "tls://ADDR#NAME: exit 0" 0 "$RC"
t_assert_eq "tls://ADDR#NAME: rows for udp and tls (no --transport tcp)" "udp tls" \
	"$(grep -E '^tls://10\.0\.2\.20#dot\.t\.test \(10\.0\.2\.20\) +(udp|tcp|tls) ' <<<"$OUT" | awk '{ print $3 }' | paste -sd ' ')"
t_assert_eq "tls://ADDR#NAME: ok" "tls://10.0.2.20#dot.t.test (10.0.2.20): ok" "$(grep ': ok$' <<<"$OUT")"

# SSL_CERT_FILE stands for the system's store, as for every OpenSSL client
run env SSL_CERT_FILE="$pki/ca.pem" "$NSL" "${C[@]}" --transport tls --server "$RES" t.test
t_assert_eq "SSL_CERT_FILE: the lab CA trusted, exit 0" "0|10.0.2.20: ok" "$RC|$(grep '^10\.0\.2\.20: ' <<<"$OUT")"

# the system's store does not know the lab's CA: one line says so, exit 1
run "$NSL" "${C[@]}" --transport tls --server "$RES" t.test
t_assert_eq "unknown CA: exit 1" 1 "$RC"
t_assert_eq "unknown CA: one line" \
	"10.0.2.20: failure: over TLS (port 853): 3 of 3 queries unanswered (3 failed: TLS: certificate verify failed: unable to get local issuer certificate)" \
	"$(grep '^10\.0\.2\.20: failure' <<<"$OUT")"

# bad certificates and a hung handshake, with a good server, in one run: one line
# each, the good one still ok
run "$NSL" "${C[@]}" "${CA[@]}" --server "tls://$RES" --server "tls://$RES:8531" \
	--server "tls://$RES:8532" --server "tls://$RES:8533#dot.t.test" \
	--server "tls://$RES:8533" --server "tls://$RES:8534" t.test
t_assert_eq "bad servers: exit 1" 1 "$RC"
t_assert_eq "bad servers: one TLS line per bad server, the good one ok" \
	"tls://10.0.2.20 (10.0.2.20): ok
tls://10.0.2.20:8531 (10.0.2.20): failure: over TLS (port 8531): 3 of 3 queries unanswered (3 failed: TLS: certificate verify failed: self-signed certificate)
tls://10.0.2.20:8532 (10.0.2.20): failure: over TLS (port 8532): 3 of 3 queries unanswered (3 failed: TLS: certificate verify failed: certificate has expired)
tls://10.0.2.20:8533#dot.t.test (10.0.2.20): failure: over TLS (port 8533): 3 of 3 queries unanswered (3 failed: TLS: certificate verify failed: hostname mismatch)
tls://10.0.2.20:8533 (10.0.2.20): failure: over TLS (port 8533): 3 of 3 queries unanswered (3 failed: TLS: certificate verify failed: IP address mismatch)
tls://10.0.2.20:8534 (10.0.2.20): failure: over TLS (port 8534): 3 of 3 queries unanswered (3 timed out before the connection was ready)" \
	"$(grep -E '^tls://[^ ]+ \(10\.0\.2\.20\): (ok|failure: over TLS)' <<<"$OUT")"
t_assert_eq "bad servers: nothing on stderr" "" "$ERR"
run "$NSL" "${C[@]}" "${CA[@]}" --json --server "tls://$RES:8531" t.test
t_assert_eq "bad servers, json: the TLS error, a failure" \
	"0 3 TLS: certificate verify failed: self-signed certificate failure" \
	"$(jq -r '"\(.servers[0].transports.tls.answered) \(.servers[0].transports.tls.errors) \(.servers[0].transports.tls.error) \(.status)"' <<<"$OUT")"

# --insecure: the self-signed server answers, and the output says it was not checked
run "$NSL" "${C[@]}" --insecure --server "tls://$RES:8531" t.test
t_assert_eq "--insecure: exit 0 (warnings only)" 0 "$RC"
t_assert_eq "--insecure: flagged under the table" "WARNING: TLS certificates were not verified (--insecure)" \
	"$(grep '^WARNING: TLS' <<<"$OUT")"
t_assert_eq "--insecure: a warning of its server" \
	"tls://10.0.2.20:8531 (10.0.2.20): warning: TLS certificate not verified (--insecure): whoever is on the path may have answered" \
	"$(grep 'not verified' <<<"$OUT" | grep -v '^WARNING')"
run "$NSL" "${C[@]}" --insecure --json --server "tls://$RES:8531" t.test
t_assert_eq "--insecure --json: tls_verified false, the TLS figures, status warning" \
	'false ["udp","tls"] 3 3 NOERROR warning' \
	"$(jq -rc '"\(.tls_verified) \(.transports) \(.servers[0].transports.tls.queries) \(.servers[0].transports.tls.answered) \(.servers[0].transports.tls.rcode) \(.status)"' <<<"$OUT")"
run "$NSL" "${C[@]}" "${CA[@]}" --json --transport tls --server "$RES" t.test
t_assert_eq "--json: tls_verified true" "true" "$(jq -r .tls_verified <<<"$OUT")"

# the metrics carry the transport
run "$NSL" "${C[@]}" "${CA[@]}" --openmetrics --transport tls --server "$RES" t.test
t_assert_match "--openmetrics: TLS latency series" 'netdx_dns_check_[a-z_]+\{[^}]*transport="tls"' "$OUT"

# --ping over TLS: dnsping -X's lines, figures masked; ours add flags, rcode and TTL
run env SSL_CERT_FILE="$pki/ca.pem" dnsping -X -c 3 -i 0 -s "$RES" t.test
peer=$(mask <"$work/out" | sed 's/dnsping/PROG/g')
run "$NSL" --check --ping "${CA[@]}" -c 3 -i 0.1 --server "tls://$RES" t.test
t_assert_eq "--ping tls: exit 0" 0 "$RC"
t_assert_eq "--ping tls: dnsping -X's layout" "$peer" \
	"$(sed -E 's/  \[[A-Z ]+\]  [A-Z]+  ttl=[0-9]+$//' <<<"$OUT" | mask | sed 's/nslookup/PROG/g')"
t_assert_match "--ping tls: the header names port 853 and TLS" "^nslookup DNS: 10\.0\.2\.20:853, hostname: t\.test, proto: TLS," "$OUT"
run "$NSL" --check --ping "${CA[@]}" -c 2 -i 0.1 --server "tls://$RES:8532" t.test
t_assert_eq "--ping tls, expired: each query one line, exit 1" \
	"1|Request failed: TLS: certificate verify failed: certificate has expired
Request failed: TLS: certificate verify failed: certificate has expired" \
	"$RC|$(grep '^Request' <<<"$OUT")"
run "$NSL" --check --ping "${CA[@]}" -c 2 -i 0.1 --timeout 500ms --server "tls://$RES:8534" t.test
t_assert_eq "--ping tls, a hung handshake: timeouts, exit 1" "1|Request timeout
Request timeout" "$RC|$(grep '^Request' <<<"$OUT")"

# dnseval -X's row, figures masked, against our tls row
echo "$RES" >"$LAB_STATE/servers"
run env SSL_CERT_FILE="$pki/ca.pem" dnseval -X -c 2 -w 1 -f "$LAB_STATE/servers" t.test
peer_row=$(grep '^10\.0\.2\.20 ' "$work/out" | mask | sed -E 's/ %N / N /; s/ $//')
run "$NSL" "${C[@]}" "${CA[@]}" --count 2 --transport tls --server "$RES" t.test
t_assert_eq "dnseval -X's row, figures masked (our proto and cache-miss cells left out)" \
	"$peer_row" "$(grep -E '^10\.0\.2\.20 +tls ' <<<"$OUT" | sed -E 's/ +tls / /; s/ +[0-9.]+ \([0-9]+\/[0-9]+\)$//' | mask)"

# nslookup -tls: BIND's output, as over UDP but for the port
run "$NSL" www.t.test "$RES"
udp=$OUT
run "$NSL" -tls "${CA[@]}" www.t.test "$RES"
t_assert_eq "-tls: exit 0, nothing on stderr" "0|" "$RC|$ERR"
t_assert_eq "-tls: BIND's lines, the port 853" "$(sed 's/#53$/#853/' <<<"$udp")" "$OUT"
run "$NSL" "${CA[@]}" www.t.test "tls://$RES#dot.t.test"
t_assert_eq "tls://ADDR#NAME as the server" "0|Server:		tls://$RES#dot.t.test|Address:	$RES#853" \
	"$RC|$(sed -n 1,2p <<<"$OUT" | paste -sd '|')"
run "$NSL" -tls "${CA[@]}" --json www.t.test "$RES"
t_assert_eq "-tls --json: transport, port, verified, the answer" "tls 853 true NOERROR" \
	"$(jq -r '.lookups[0] | "\(.transport) \(.server.port) \(.tls_verified) \(.message.rcode)"' <<<"$OUT")"
dns_lab_exec "$NSL" "--tls-ca=$pki/ca.pem" >"$work/out" 2>&1 <<EOF2
server $RES
set tls
www.t.test
EOF2
t_assert_match "interactive: set tls" "Address:	$RES#853" "$(cat "$work/out")"
run "$NSL" -tls "${CA[@]}" -retry=1 www.t.test "tls://$RES:8532"
t_assert_eq "-tls, expired: BIND's connection line with why, exit 1" \
	"1|;; Connection to $RES#8532($RES) for www.t.test failed: TLS: certificate verify failed: certificate has expired." \
	"$RC|$(grep '^;; Connection' <<<"$OUT")"
run "$NSL" -tls "${CA[@]}" -retry=1 -timeout=1 www.t.test "tls://$RES:8534"
t_assert_eq "-tls, a hung handshake: timed out, exit 1" \
	"1|;; Connection to $RES#8534($RES) for www.t.test failed: timed out." \
	"$RC|$(grep '^;; Connection' <<<"$OUT")"
run "$NSL" -tls --insecure www.t.test "tls://$RES:8531"
t_assert_eq "-tls --insecure: answered, said on stderr" \
	"0|nslookup: warning: --insecure: TLS certificates are not verified" "$RC|$ERR"
run "$NSL" "${CA[@]}" www.t.test "$RES"
t_assert_eq "--tls-ca without TLS" "1|nslookup: --tls-ca goes with -tls, a tls:// or an https:// server" "$RC|$ERR"

# bad input: one line, exit 2
run "$NSL" --check --transport tls --tls-ca "$LAB_STATE/nosuch.pem" --server "$RES" t.test
t_assert_eq "--tls-ca missing: one line, exit 2" "2|nslookup: tls-ca: $LAB_STATE/nosuch.pem: No such file or directory" "$RC|$ERR"
run "$NSL" --check --transport tls --tls-ca "$pki/log" --server "$RES" t.test
t_assert_eq "--tls-ca not PEM: one line, exit 2" "2|nslookup: tls-ca: $pki/log: no certificate or crl found" "$RC|$ERR"
run "$NSL" --check --tls-ca "$pki/ca.pem" --server "$RES" t.test
t_assert_eq "--tls-ca without TLS" "2|nslookup: --check: --tls-ca goes with TLS or HTTPS (--transport tls or https, a tls:// or https:// server)" "$RC|$ERR"
run "$NSL" --check --insecure "${CA[@]}" --server "tls://$RES" t.test
t_assert_eq "--tls-ca and --insecure" "2|nslookup: --check: options --tls-ca and --insecure do not go together" "$RC|$ERR"
run "$NSL" --check --server "tls://$RES:99999" t.test
t_assert_eq "tls:// with a bad port" "2|nslookup: server: tls://10.0.2.20:99999: port out of range (1 to 65535)" "$RC|$ERR"
t_summary
