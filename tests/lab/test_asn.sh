#!/usr/bin/env bash
# test_asn.sh — AS numbers from Team Cymru's DNS interface, served for the lab's
# addresses by the lab's nsd (lab.sh --asn): mtr -z and -y 0..4 lay out their reports
# as mtr 0.95 does on the same path (RTTs masked), -y 5 shows AS names, JSON and CSV
# carry the AS; traceroute -A prints [AS64501] as traceroute 2.x does; a malformed
# answer (link 2), a missing one (link 3), a refused and a silent server all give
# AS??? / [*] and the run goes on. The client's resolv.conf names only the lab's nsd.
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
tmp=$(mktemp -d)
cleanup() {
	tmux -S "$tmp/tmux.sock" kill-server >/dev/null 2>&1
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
lab_up --routers 3 --dns --asn --asn-txt '2:"abc | x"' --asn-txt 3:none || exit 1

# report Y WIDE MTR: mtr's report without its Start line; the five RTT columns masked
# (mtr 0.95 waits its grace time after the last round: -G 1 instead of 5 s)
report() {
	local grace=()
	[[ $3 == mtr ]] && grace=(-G 1)
	lab_exec c "$3" "$2" -c 1 "${grace[@]}" $1 "$LAB_TARGET4" | tail -n +2 | sed -E 's/( +[0-9]+\.[0-9]+){5}$/ RTT/'
}
# hop N: its line in a report
hop() { sed -n "$(($1 + 1))p"; }

for y in -z "-y 1" "-y 2" "-y 3" "-y 4"; do
	for w in -r -w; do
		ours=$(report "$y" $w "$b/mtr")
		peer=$(report "$y" $w mtr)
		# hop 2's answer is malformed: mtr shows its pieces, we show it unknown
		t_assert_eq "mtr $w $y: as mtr 0.95 lays it out (hops 1, 3, 4)" \
			"$(sed 3d <<<"$peer")" "$(sed 3d <<<"$ours")"
		t_assert_match "mtr $w $y: hop 2's malformed answer: ???" "^  2\. (AS)?\?\?\? " "$(hop 2 <<<"$ours")"
	done
done
ours=$(report -z -r "$b/mtr")
t_assert_match "mtr -z: hop 1's AS" "^  1\. AS64501  r1\.lab\.test " "$(hop 1 <<<"$ours")"
t_assert_match "mtr -z: hop 3 without an answer (NXDOMAIN): AS???" "^  3\. AS\?\?\?    r3\.lab\.test " "$(hop 3 <<<"$ours")"
t_assert_match "mtr -y 1: hop 4's prefix" "^  4\. 10\.0\.4\.0/24        t\.lab\.tes " "$(report "-y 1" -r "$b/mtr" | hop 4)"
t_assert_match "mtr -y 5: hop 1's AS name" "^  1\. NETDX-LAB-L1, ZZ    r1\.lab\.t" "$(report "-y 5" -r "$b/mtr" | hop 1)"
t_assert_match "mtr -y 5: hop 3 without one: ???" "^  3\. \?\?\?  " "$(report "-y 5" -r "$b/mtr" | hop 3)"
t_assert_eq "mtr -6 -z: the IPv6 hops' ASes (mtr 0.95 cannot: its names lack the zero nibbles)" \
	"AS64501|AS???|AS???|AS64504" \
	"$(lab_exec c "$b/mtr" -6 -r -c 1 -z "$LAB_TARGET6" | sed -nE 's/^ +[0-9]+\. (AS[0-9?]+) .*/\1/p' | paste -sd '|')"

# The live view: hop 1's row as mtr 0.95's live view shows it, each in a tmux pane of
# this run's own server (-c bounds both; the pane idles after, until the kill)
tm() { tmux -S "$tmp/tmux.sock" "$@"; }
# live_row NAME MTR: the first screen row of hop 1 once it shows an AS (at most 10 s)
live_row() {
	tm new-session -d -s "$1" -x 100 -y 20 "bash $top/tests/lab/lab.sh exec $LAB c $2 -t -z -c 30 -i 0.2 $LAB_TARGET4; exec sleep 300"
	t_wait_for 10 bash -c "tmux -S '$tmp/tmux.sock' capture-pane -p -t '$1' | grep -q '^ 1\. AS64501'"
	tm capture-pane -p -t "$1" | grep -m 1 -oE '^ 1\. AS[^ ]+ +[^ ]+'
}
peer=$(live_row peer mtr)
t_assert_eq "mtr -t -z: hop 1's row as mtr 0.95's live view shows it" "$peer" "$(live_row ours "$b/mtr")"
t_assert_eq "mtr -t -z: ... which is" " 1. AS64501  r1.lab.test" "$peer"

# JSON: mtr's "ASN" in mtr's place; our "asn" after our keys
ours=$(lab_exec c "$b/mtr" -j -c 1 -z "$LAB_TARGET4")
peer=$(lab_exec c mtr -j -c 1 -G 1 -z "$LAB_TARGET4")
t_assert_eq "mtr -j -z: ASN as mtr 0.95 writes it (hops 1, 3, 4)" \
	"$(jq -c '[.report.hubs[] | select(.count != 2) | [.host, .ASN, (keys_unsorted | index("ASN"))]]' <<<"$peer")" \
	"$(jq -c '[.report.hubs[] | select(.count != 2) | [.host, .ASN, (keys_unsorted | index("ASN"))]]' <<<"$ours")"
t_assert_eq "mtr -j -z: asn objects (hop 2 malformed, hop 3 missing: null)" \
	'[64501,null,null,64504]|{"number":64501,"prefix":"10.0.1.0/24","country":"ZZ","registry":"lab","allocated":"2026-12-05","name":null}' \
	"$(jq -c '[.report.hubs[].asn.number]' <<<"$ours")|$(jq -c '.report.hubs[0].asn' <<<"$ours")"
t_assert_eq "mtr -j -y 5: the AS name in asn" '"NETDX-LAB-L4, ZZ"' \
	"$(lab_exec c "$b/mtr" -j -c 1 -y 5 "$LAB_TARGET4" | jq -c '.report.hubs[3].asn.name')"
# CSV: mtr's Asn column after Ip
csv() { lab_exec c "$@" -C -c 1 -z "$LAB_TARGET4" | cut -d, -f3- | sed -n '1p;2p;4p;5p' | cut -d, -f1-5; }
t_assert_eq "mtr -C -z: header and Asn column as mtr 0.95 (hops 1, 3, 4)" "$(csv mtr -G 1)" "$(csv "$b/mtr")"

# traceroute -A: [AS64501] after the address, as traceroute 2.x; [*] when unknown
t_assert_eq "traceroute -A: the hops' ASes" \
	"$(printf ' 1  r1.lab.test (10.0.1.1) [AS64501]\n 2  r2.lab.test (10.0.2.1) [*]\n 3  r3.lab.test (10.0.3.1) [*]\n 4  t.lab.test (10.0.4.1) [AS64504]')" \
	"$(lab_exec c "$b/traceroute" -A -q 1 "$LAB_TARGET4" | sed -E '1d; s/  [0-9.]+ ms$//')"
t_assert_eq "traceroute -A -n -6" \
	"$(printf ' 1  fd00:0:0:1::1 [AS64501]\n 2  fd00:0:0:2::1 [*]\n 3  fd00:0:0:3::1 [*]\n 4  fd00:0:0:4::1 [AS64504]')" \
	"$(lab_exec c "$b/traceroute" -A -n -q 1 "$LAB_TARGET6" | sed -E '1d; s/  [0-9.]+ ms$//')"
t_assert_eq "traceroute -A --json: asn per probe" "[64501,null,null,64504]" \
	"$(lab_exec c "$b/traceroute" -A --json -q 1 "$LAB_TARGET4" | jq -c '[.hops[].probes[0].asn]')"
t_assert_eq "traceroute --json without -A: asn null" "[null,null,null,null]" \
	"$(lab_exec c "$b/traceroute" --json -q 1 "$LAB_TARGET4" | jq -c '[.hops[].probes[0].asn]')"

# OpenMetrics: the AS of every address once known, as a gauge with its prefix
t_assert_eq "mtr --openmetrics -z: netdx_hop_responder_asn of hops 1 and 4" \
	"$(printf 'netdx_hop_responder_asn{target="%s",ttl="1",ip="10.0.1.1",prefix="10.0.1.0/24"} 64501\nnetdx_hop_responder_asn{target="%s",ttl="4",ip="10.0.4.1",prefix="10.0.4.0/24"} 64504' "$LAB_TARGET4" "$LAB_TARGET4")" \
	"$(lab_exec c "$b/mtr" --openmetrics -c 1 -z "$LAB_TARGET4" | grep '^netdx_hop_responder_asn{')"
t_assert_eq "traceroute --openmetrics -A: the same family" 2 \
	"$(lab_exec c "$b/traceroute" --openmetrics -A -q 1 "$LAB_TARGET4" | grep -c '^netdx_hop_responder_asn{')"
t_assert_eq "mtr --openmetrics without -z: no such family" 0 \
	"$(lab_exec c "$b/mtr" --openmetrics -c 1 "$LAB_TARGET4" | grep -c 'netdx_hop_responder_asn')"

# --asn-server: the lab's nsd by address (the resolv.conf then names nothing that
# answers); a server that refuses (router 1: port unreachable) and one that never
# answers (router 1 drops port 53) give AS??? and the run ends with every hop
ns=$(lab_ns c)
cp "/etc/netns/$ns/resolv.conf" "$LAB_STATE/resolv.conf.lab"
printf 'nameserver 127.0.0.1\n' >"/etc/netns/$ns/resolv.conf"
t_assert_eq "mtr -z --asn-server: the lab's nsd asked directly" "AS64501|AS???|AS???|AS64504" \
	"$(lab_exec c "$b/mtr" -n -r -c 1 -z --asn-server "$LAB_DNS4" "$LAB_TARGET4" | sed -nE 's/^ +[0-9]+\. (AS[0-9?]+) .*/\1/p' | paste -sd '|')"
t_assert_eq "traceroute -A --asn-server (IPv6 server)" "[AS64501]|[*]|[*]|[AS64504]" \
	"$(lab_exec c "$b/traceroute" -n -A -q 1 --asn-server "$LAB_DNS6" "$LAB_TARGET4" | sed -nE 's/.* (\[[^]]*\]) .*/\1/p' | paste -sd '|')"
t_assert_eq "mtr -z, a server that refuses: AS??? on every hop, every hop shown" "AS???|AS???|AS???|AS???" \
	"$(lab_exec c "$b/mtr" -n -r -c 1 -z --asn-server "$LAB_HOP4_1" "$LAB_TARGET4" | sed -nE 's/^ +[0-9]+\. (AS[0-9?]+) .*/\1/p' | paste -sd '|')"
lab_exec r1 nft -f - <<<$'table inet asn_silent {\n chain input {\n type filter hook input priority 0;\n udp dport 53 drop\n tcp dport 53 drop\n }\n}'
t_assert_eq "router 1 drops DNS queries (the silent server)" 0 "$?"
out=$(lab_exec c "$b/mtr" -n -r -c 2 -z --asn-server "$LAB_HOP4_1" "$LAB_TARGET4")
t_assert_eq "mtr -z, a silent server: exit 0" 0 "$?"
t_assert_eq "mtr -z, a silent server: AS??? on every hop, 2 rounds each" "AS???:2|AS???:2|AS???:2|AS???:2" \
	"$(sed -nE 's/^ +[0-9]+\. (AS[0-9?]+) .* ([0-9]+) +RTT$/\1:\2/p' <<<"$(sed -E 's/( +[0-9]+\.[0-9]+){5}$/ RTT/' <<<"$out")" | paste -sd '|')"
cp "$LAB_STATE/resolv.conf.lab" "/etc/netns/$ns/resolv.conf"

# A multipath hop: the other router's line under the hop's, as mtr 0.95's report.c
# writes it with -z (five blanks, the AS cell, the name); 30 UDP flows reach both
lab_down >/dev/null 2>&1
lab_up --routers 2 --dns --asn --ecmp 1 || exit 1
out=$(lab_exec c "$b/mtr" -r -u -c 30 -i 0.05 -z "$LAB_TARGET4")
t_assert_match "mtr -z, ECMP hop 1: both routers, each with its AS" \
	$'\n  1\\. AS64501  r1[ab]\\.lab\\.test +[0-9]+\\.[0-9]%[^\n]*\n     AS64501  r1[ab]\\.lab\\.test\n  2\\. AS64502  ' "$out"

t_summary
