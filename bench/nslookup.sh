#!/usr/bin/env bash
# bench/nslookup.sh BUILD — netdx nslookup beside BIND 9.18's nslookup and dig, side
# by side in one run, against the DNS lab's servers (tests/lab/dns_lab.sh), printed
# as one table:
#   lookup    one A lookup of both.t.test at the authoritative lab server, whole
#             process (start-up included): wall time, median of RUNS alternating
#             runs, measured inside the client namespace; and max RSS (GNU time).
#             Ratios read peer/ours (above 1: netdx better; the target is 4).
#   check     nslookup --check with 3 resolvers x 10 queries, against each of the
#             three alone: wall time, median of RUNS; the ratio is the 3-server time
#             over the slowest single server's (the target is under 1.5).
# Needs root (namespaces). Every run sends a bounded number of queries to lab servers.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
RUNS=${RUNS:-21}
. bench/lib.sh
bench_setup bench/nslookup.sh "${1:-}" nslookup dig /usr/bin/time
trap dns_lab_down EXIT
bench_dns_lab_up
ours=$build/bin/nslookup
auth=$DNSLAB_AUTH4

# In the client namespace: RUNS alternating runs of the three lookups, one wall time
# per line "tool seconds"; then "rss tool KiB" of one run each.
if ! dns_lab_exec bash -s -- "$RUNS" "$ours" "$auth" >"$DNSLAB_DIR/bench.raw" <<'EOF'
runs=$1 ours=$2 auth=$3
wall() {
	local t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
	awk -v a="${t0/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.6f\n", b - a }'
}
for ((i = 0; i < runs; i++)); do
	echo "bind $(wall nslookup -type=a both.t.test "$auth")"
	echo "dig $(wall dig +short both.t.test A "@$auth")"
	echo "ours $(wall "$ours" -type=a both.t.test "$auth")"
done
for t in bind dig ours; do
	case $t in
	bind) cmd=(nslookup -type=a both.t.test "$auth") ;;
	dig) cmd=(dig +short both.t.test A "@$auth") ;;
	ours) cmd=("$ours" -type=a both.t.test "$auth") ;;
	esac
	echo "rss $t $(/usr/bin/time -f %M "${cmd[@]}" 2>&1 >/dev/null | tail -n 1)"
done
EOF
then
	echo "bench/nslookup.sh: lookups failed" >&2
	exit 1
fi

# The checker: three resolvers together, and each alone.
chk=(--count 10 --signed www.sec.test --big big.t.test t.test)
dns_lab_exec bash -s -- "$RUNS" "$ours" "${chk[@]}" >>"$DNSLAB_DIR/bench.raw" <<'EOF'
runs=$1 ours=$2
shift 2
wall() {
	local t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1
	awk -v a="${t0/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.6f\n", b - a }'
}
for ((i = 0; i < runs; i++)); do
	echo "chk3 $(wall "$ours" --check --server 10.0.2.20 --server 10.0.2.21 --server 10.0.2.33 "$@")"
	for s in 20 21 33; do
		echo "chk_$s $(wall "$ours" --check --server 10.0.2.$s "$@")"
	done
done
EOF

awk -v runs="$RUNS" '
function median(name,   n, i, j, t, a) {
	n = 0
	for (i = 1; i <= cnt[name]; i++) a[++n] = val[name, i]
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return a[int((n + 1) / 2)]
}
$1 == "rss" { rss[$2] = $3; next }
{ cnt[$1]++; val[$1, cnt[$1]] = $2 }
END {
	b = median("bind"); d = median("dig"); o = median("ours")
	printf "%-44s %10s %10s %10s\n", "single lookup (median of " runs ")", "BIND nsl", "dig", "netdx"
	printf "%-44s %10.2f %10.2f %10.2f\n", "wall time, ms", b * 1000, d * 1000, o * 1000
	printf "%-44s %10d %10d %10d\n", "max RSS, KiB", rss["bind"], rss["dig"], rss["ours"]
	printf "ratio wall: BIND/netdx %.1f, dig/netdx %.1f (target >= 4)\n", b / o, d / o
	printf "ratio RSS:  BIND/netdx %.1f, dig/netdx %.1f (target >= 4)\n", rss["bind"] / rss["ours"], rss["dig"] / rss["ours"]
	c3 = median("chk3"); s1 = median("chk_20"); s2 = median("chk_21"); s3 = median("chk_33")
	slow = s1; if (s2 > slow) slow = s2; if (s3 > slow) slow = s3
	printf "%-44s %10s %10s %10s %10s\n", "--check, 10 queries each (ms)", "10.0.2.20", "10.0.2.21", "10.0.2.33", "all three"
	printf "%-44s %10.1f %10.1f %10.1f %10.1f\n", "wall time, median", s1 * 1000, s2 * 1000, s3 * 1000, c3 * 1000
	printf "ratio three/slowest: %.2f (target < 1.5)\n", c3 / slow
}' "$DNSLAB_DIR/bench.raw"
