#!/usr/bin/env bash
# capture_corpus.sh [CORPUS_DIR] — seed the fuzz corpora with real packets from the lab.
# Run by hand as root after `make` (it needs build/bin/* and build/tests/capture_seeds,
# forge_te); NETDX_BUILD picks another build directory (lab.sh's LAB_BUILD). About a
# minute.
#
# While capture_seeds (tests/lab/capture_seeds.c) listens in the client namespace, it
# runs, in lab.sh's lab (3 routers, nsd, link 4 to the target at MTU 1400):
#   ping v4 and v6: echo replies, TTL 1 (time exceeded quoting ICMP), -M do -s 1450
#     (frag needed / packet too big);
#   traceroute v4 and v6: UDP, -I, -T, --mtu, -P 253 (protocol unreachable; v6:
#     parameter problem), and UDP rejected by router 3 with host / net unreachable and
#     admin prohibited (nftables there);
#   traceroute UDP, -I and -T answered by forge_te with an RFC 4950 MPLS label;
#   mtr --report; nslookup against lab.sh's nsd (A, AAAA, MX, TXT, NS, SOA, CNAME, a
#     truncated answer, NXDOMAIN, PTR v4 and v6);
# then, in dns_lab.sh's lab, nslookup for every record type of t.test against the
# authoritative server, DNSSEC through the validating resolver, and the fake servers
# (SERVFAIL, REFUSED, no EDNS, rewritten NXDOMAIN, a malformed answer).
#
# capture_seeds writes one file per shape of message into CORPUS_DIR (default
# tests/fuzz/corpus): icmp/lab-*, errqueue/lab-*, dns_msg/lab-*, in each harness's input
# format (see its header); the clients' resolv.conf files of both labs go to
# resolv_conf/lab-*. Seeds already there are kept, so a second run adds only new shapes:
# run it again after a change to what the tools send or the labs build, and commit the
# new files. Every command runs in a lab namespace (lab_exec) and is bounded by its own
# count, wait and hop limits; both labs are torn down on any exit.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
. tests/lab/lib.sh
. tests/lab/lab.sh
. tests/lab/dns_lab.sh
. tests/lab/tr_lib.sh

out=${1:-tests/fuzz/corpus}
mkdir -p "$out"/{icmp,errqueue,dns_msg,resolv_conf} || exit 2
out=$(cd "$out" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/netdx-capture.XXXXXX")
CAP_PID=""

# die MESSAGE: one line, exit 1 (the trap cleans up).
die() {
	echo "capture_corpus.sh: $*" >&2
	exit 1
}

# capture_start: capture_seeds in the client, disowned so that tr_forger_stop's `wait`
# does not block on it; its PID in CAP_PID.
capture_start() {
	: >"$tmp/capture.log"
	lab_exec c "$LAB_BUILD/tests/capture_seeds" --out "$out" --seconds 240 >"$tmp/capture.log" 2>&1 &
	disown
	t_wait_for 5 grep -q '^ready pid=' "$tmp/capture.log" ||
		die "capture_seeds did not start: $(cat "$tmp/capture.log")"
	CAP_PID=$(sed -n 's/^ready pid=//p' "$tmp/capture.log")
}

# capture_stop: end capture_seeds (its summary on stdout).
capture_stop() {
	[[ -n $CAP_PID ]] || return 0
	kill "$CAP_PID" 2>/dev/null
	t_wait_for 5 grep -q '^done ' "$tmp/capture.log"
	grep -E '^(seed|done) ' "$tmp/capture.log"
	CAP_PID=""
}

cleanup() {
	capture_stop >/dev/null
	tr_forger_stop
	dns_lab_down
	rm -rf "$tmp"
}
trap cleanup EXIT

# run CMD...: CMD in the client, its output and status ignored (only packets matter).
run() {
	lab_exec c "$@" >/dev/null 2>&1
}

# ping_and_trace T: what ping, traceroute and mtr receive on their way to T.
ping_and_trace() {
	local t=$1 m
	run "$LAB_BIN/ping" -c 2 -i 0.2 -W 1 "$t"
	run "$LAB_BIN/ping" -c 1 -W 1 -t 1 "$t"
	run "$LAB_BIN/ping" -c 1 -W 1 -M "do" -s 1450 "$t"
	for m in "" -I -T --mtu "-P 253"; do
		# shellcheck disable=SC2086 # $m is zero to two words
		run "$LAB_BIN/traceroute" -n -q 1 -m 6 -w 1 $m "$t"
	done
	run "$LAB_BIN/mtr" --report -n -c 1 "$t"
}

# rejected V4TYPE V6TYPE: router 3 rejects UDP to the target with these ICMP types.
rejected() {
	printf 'table inet seeds {\n chain fw {\n  type filter hook forward priority 0; policy accept;\n  meta l4proto udp ip daddr %s reject with icmp type %s\n  meta l4proto udp ip6 daddr %s reject with icmpv6 type %s\n }\n}\n' \
		"$LAB_TARGET4" "$1" "$LAB_TARGET6" "$2" | lab_exec r3 nft -f - || die "nft in r3 failed"
	run "$LAB_BIN/traceroute" -n -q 1 -m 6 -w 1 "$LAB_TARGET4"
	run "$LAB_BIN/traceroute" -n -q 1 -m 6 -w 1 "$LAB_TARGET6"
	lab_exec r3 nft delete table inet seeds
}

# --- lab.sh's lab: ICMP of every kind, and its nsd ------------------------------------
lab_up --routers 3 --dns --mtu 4:1400 || die "lab_up failed"
capture_start
ping_and_trace "$LAB_TARGET4"
ping_and_trace "$LAB_TARGET6"
rejected host-unreachable addr-unreachable
rejected net-unreachable no-route
rejected admin-prohibited admin-prohibited
tr_forger_start "$tmp/forge.log" --from 10.0.4.77 --label 4242 --only-ttl 1 --count 20
for m in "" -I -T; do
	run "$LAB_BIN/traceroute" -n -e -q 1 -m 4 -w 1 $m "$LAB_TARGET4"
done
tr_forger_stop
for q in lab.test "-type=MX lab.test" "-type=TXT lab.test" "-type=NS lab.test" \
	"-type=SOA lab.test" www.lab.test alias.lab.test big.lab.test nosuch.lab.test \
	"$LAB_TARGET4" "$LAB_TARGET6"; do
	# shellcheck disable=SC2086 # $q is an option and a name
	run "$LAB_BIN/nslookup" -timeout=1 -retry=1 $q
done
capture_stop
cp -n "/etc/netns/$LAB_NS_CLIENT/resolv.conf" "$out/resolv_conf/lab-client-dns"
cp -n "/etc/netns/$(lab_ns r1)/resolv.conf" "$out/resolv_conf/lab-router"
lab_down

# --- dns_lab.sh's lab: every record type, DNSSEC, misbehaving servers ------------------
dns_lab_up || die "dns_lab_up failed"
capture_start
for q in "a A" "aaaa AAAA" "mx MX" "txt TXT" "esc TXT" "long TXT" "_sip._tcp SRV" \
	"naptr NAPTR" "caa CAA" "ptr PTR" "hinfo HINFO" "rp RP" "afsdb AFSDB" "loc LOC" \
	"sshfp SSHFP" "_443._tcp TLSA" "ds DS" "dnskey DNSKEY" "rrsig RRSIG" "nsec NSEC" \
	"nsec3param NSEC3PARAM" "svcb SVCB" "https HTTPS" "httpsalias HTTPS" "uri URI" \
	"dname DNAME" "cname A" "chain1 A" "unknown TYPE65280" "longunknown TYPE65282" \
	"spf SPF" "eui48 EUI48" "eui64 EUI64" "cert CERT" "dhcid DHCID" \
	"openpgpkey OPENPGPKEY" "kx KX" "apl APL" "ipseckey IPSECKEY" "big A" "nosuch A"; do
	read -r name type <<<"$q"
	run "$LAB_BIN/nslookup" -timeout=1 -retry=1 -type="$type" "$name.t.test" "$DNSLAB_AUTH4"
done
run "$LAB_BIN/nslookup" -timeout=1 -retry=1 www.sec.test "$DNSLAB_RES4"
run "$LAB_BIN/nslookup" -timeout=1 -retry=1 -type=DNSKEY sec.test "$DNSLAB_RES4"
run "$LAB_BIN/nslookup" -timeout=1 -retry=1 nosuch.t.test "$DNSLAB_RES6"
for s in "$DNSLAB_SERVFAIL4" "$DNSLAB_REFUSED4" "$DNSLAB_NOEDNS4" "$DNSLAB_NXREWRITE4" \
	"$DNSLAB_BADPACKET4"; do
	run "$LAB_BIN/nslookup" -timeout=1 -retry=1 a.t.test "$s"
done
capture_stop
for k in rec auth lab silentrec silent2 v6; do
	dns_lab_resolv "$k"
	cp -n "/etc/netns/$LAB_NS_CLIENT/resolv.conf" "$out/resolv_conf/lab-dnslab-$k"
done
dns_lab_down
for h in icmp errqueue dns_msg resolv_conf; do
	echo "$h: $(find "$out/$h" -name 'lab-*' | wc -l) lab seeds"
done
