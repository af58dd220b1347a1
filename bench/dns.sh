#!/usr/bin/env bash
# bench/dns.sh BUILD — nslookup --check against dnsdiag (dnsping, dnseval), side by side
# in one run, against the DNS lab's validating unbound (tests/lab/dns_lab.sh), UDP,
# TCP and TLS (the same unbound's configuration serving TLS on port 853 with a
# certificate of a CA made for the run, tests/lab/dot_lab.sh, trusted by both through
# SSL_CERT_FILE), and DNS over HTTPS against the DoH unbound of tests/lab/doh_lab.sh
# (dnsdiag's httpx trusts that lab's CA through SSL_CERT_FILE, ours through --tls-ca),
# printed as one table:
#   ping udp|tcp|tls|https  dnsping -c N -i 0 [-T|-X|-H] beside nslookup --check --ping
#                  -c N -i 0 [--transport tcp|tls|https]: wall time and max RSS of the
#                  whole process (medians of RUNS alternating runs), and the mean
#                  per-query latency each reports in its summary (avg=, median over
#                  the runs).
#   eval udp|tcp|tls|https  dnseval -c N -f FILE [-T|-X|-H] beside nslookup --check
#                  --count N --servers FILE [--transport tcp|tls|https]: wall time, max
#                  RSS, and the server's avg(ms) from each table (ours also asks N
#                  cache-miss queries and the tests).
# Ratios read peer/ours (above 1: netdx better). Never asserted: numbers only. Over
# HTTPS the avg columns measure two things: dnsdiag opens a connection (TCP and TLS
# handshakes) per query, ours keeps one per server (HTTP/2), as a DoH client does.
# Needs root (namespaces) and dnsdiag (make test-deps). Every run sends a bounded
# number of queries to lab servers.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
build=${1:-build}
[[ $build == /* ]] || build="$top/$build"
export NETDX_BUILD=$build
RUNS=${RUNS:-7}
N=${N:-20}
[[ $(id -u) == 0 ]] || { echo "bench/dns.sh: needs root (namespaces)" >&2; exit 2; }
for tool in dnsping dnseval /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench/dns.sh: $tool missing: make test-deps" >&2; exit 2; }
done
. tests/lab/lib.sh
. tests/lab/lab.sh
. tests/lab/dns_lab.sh
. tests/lab/dot_lab.sh
. tests/lab/doh_lab.sh
trap 'doh_lab_down; dns_lab_down' EXIT
dns_lab_up >/dev/null || { echo "bench/dns.sh: the DNS lab did not come up" >&2; exit 1; }
mkdir -p "$DNSLAB_DIR/doh"
doh_lab_up "$DNSLAB_DIR/doh" >/dev/null || { echo "bench/dns.sh: the DoH server did not come up" >&2; exit 1; }
dns_lab_resolv rec
echo "$DNSLAB_RES4" >"$DNSLAB_DIR/servers"
echo 10.0.2.50 >"$DNSLAB_DIR/servers-doh"
dot_lab_pki && dot_lab_serve T 853 good && dot_lab_wait_listen 853 ||
	{ echo "bench/dns.sh: no DNS over TLS in the lab" >&2; exit 1; }

# In the client namespace: RUNS alternating runs of each pair; one line per run,
# "ROW TOOL WALL_S RSS_KIB AVG_MS". SSL_CERT_FILE trusts the DoT CA; the HTTPS rows
# name the DoH lab's CA.
dns_lab_exec env SSL_CERT_FILE="$DOTLAB_PKI/ca.pem" bash -s -- "$RUNS" "$N" "$build/bin/nslookup" \
	"$DNSLAB_RES4" "$DNSLAB_DIR/servers" "$DOHLAB_CA" "$DNSLAB_DIR/servers-doh" \
	>"$DNSLAB_DIR/bench.raw" <<'EOF'
runs=$1 n=$2 ours=$3 res=$4 file=$5 ca=$6 dohfile=$7 doh=10.0.2.50
# one ROW TOOL CMD...: run CMD under GNU time; its avg latency from the output
one() {
	local row=$1 tool=$2 t0 out wall rss avg
	shift 2
	t0=$EPOCHREALTIME
	out=$(/usr/bin/time -f 'RSS %M' "$@" 2>&1)
	wall=$(awk -v a="${t0/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.6f", b - a }')
	rss=$(awk '/^RSS / { print $2 }' <<<"$out" | tail -n 1)
	case $row in
	ping*) avg=$(sed -nE 's/.*avg=([0-9.]+) ms.*/\1/p' <<<"$out") ;;
	eval*)
		local proto=${row#eval } srv=$res
		[[ $proto == https ]] && srv=$doh
		avg=$(awk -v r="$srv" -v ours="$tool" -v proto="$proto" '
		ours == "ours" && $1 == r && $2 == proto { print $3; exit }
		ours != "ours" && $1 == r { print $2; exit }' <<<"$out") ;;
	esac
	echo "$row|$tool|$wall|${rss:-0}|${avg:-0}"
}
for ((i = 0; i < runs; i++)); do
	one "ping udp" peer dnsping -q -c "$n" -i 0 -s "$res" t.test
	one "ping udp" ours "$ours" --check --ping -c "$n" -i 0 --server "$res" t.test
	one "ping tcp" peer dnsping -q -T -c "$n" -i 0 -s "$res" t.test
	one "ping tcp" ours "$ours" --check --ping --transport tcp -c "$n" -i 0 --server "$res" t.test
	one "eval udp" peer dnseval -c "$n" -f "$file" t.test
	one "eval udp" ours "$ours" --check --count "$n" --servers "$file" t.test
	one "eval tcp" peer dnseval -T -c "$n" -f "$file" t.test
	one "eval tcp" ours "$ours" --check --transport tcp --count "$n" --servers "$file" t.test
	one "ping tls" peer dnsping -q -X -c "$n" -i 0 -s "$res" t.test
	one "ping tls" ours "$ours" --check --ping --transport tls -c "$n" -i 0 --server "$res" t.test
	one "eval tls" peer dnseval -X -c "$n" -f "$file" t.test
	one "eval tls" ours "$ours" --check --transport tls --count "$n" --servers "$file" t.test
	one "ping https" peer env SSL_CERT_FILE="$ca" dnsping -q -H -c "$n" -i 0 -s "$doh" t.test
	one "ping https" ours "$ours" --check --ping --tls-ca "$ca" --transport https -c "$n" -i 0 \
		--server "$doh" t.test
	one "eval https" peer env SSL_CERT_FILE="$ca" dnseval -H -c "$n" -f "$dohfile" t.test
	one "eval https" ours "$ours" --check --tls-ca "$ca" --transport https --count "$n" \
		--servers "$dohfile" t.test
done
EOF

awk -F'|' -v runs="$RUNS" -v n="$N" '
function median(key,   c, i, j, t, a) {
	c = cnt[key]
	for (i = 1; i <= c; i++) a[i] = v[key, i]
	for (i = 2; i <= c; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return c ? a[int((c + 1) / 2)] : 0
}
{ for (f = 3; f <= 5; f++) { k = $1 SUBSEP $2 SUBSEP f; v[k, ++cnt[k]] = $f } rows[$1] = 1 }
END {
	printf "dns: %d runs, %d queries each, medians; ratios peer/ours\n", runs, n
	printf "%-10s %9s %9s %6s  %9s %9s %6s  %9s %9s %6s\n", "row", "wall peer", "wall ours", "ratio",
		"RSS peer", "RSS ours", "ratio", "avg peer", "avg ours", "ratio"
	split("ping udp|ping tcp|ping tls|ping https|eval udp|eval tcp|eval tls|eval https", order, "|")
	for (o = 1; o <= 8; o++) {
		r = order[o]
		if (!(r in rows)) continue
		wp = median(r SUBSEP "peer" SUBSEP 3); wo = median(r SUBSEP "ours" SUBSEP 3)
		rp = median(r SUBSEP "peer" SUBSEP 4); ro = median(r SUBSEP "ours" SUBSEP 4)
		ap = median(r SUBSEP "peer" SUBSEP 5); ao = median(r SUBSEP "ours" SUBSEP 5)
		printf "%-10s %8.3fs %8.3fs %6.2f  %7dK %7dK %6.2f  %7.3fms %7.3fms %6.2f\n", r,
			wp, wo, wo ? wp / wo : 0, rp, ro, ro ? rp / ro : 0, ap, ao, ao ? ap / ao : 0
	}
}' "$DNSLAB_DIR/bench.raw"
