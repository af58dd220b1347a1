#!/usr/bin/env bash
# test_path_nat.sh — NAT detection from the quotes of ICMP errors (netdx/quote_check.h):
# router 1 translates the client's source statelessly (nft `ip saddr set` out, `ip daddr
# set` back, no conntrack), IPv4 to 10.0.2.2 and IPv6 to fd00:0:0:2::1:0 (chosen so the
# one's-complement sum of the address is unchanged, as RFC 6296's NPTv6 does: Linux has
# no fix for an ICMPv6 checksum after `ip6 daddr set`). Routers 2, 3 and the target then
# quote the translated source, and the first of them, hop 2, is marked " [NAT]" by
# traceroute (-I: the quoted source; -T, --raw: the TCP / UDP checksum re-summed over
# our address, --raw Paris probes then known by their stamp; IPv6 -I: the source
# against hop 1's quote), mtr's report, live view and --json, and pathping; no other
# hop, and nothing at all before the rule is in (traceroute 2.x drops the errors of hops
# 2 and 3 there; mtr 0.95 shows the same rows). A stateful Linux masquerade (conntrack,
# inet: both families) translates the quote back, addresses and checksum: no marker
# (what the man pages say). Without the rule, traceroute's lines are 2.x's.
. "$(dirname "$0")/../lab/prelude.sh"
trap lab_down EXIT
tr=$LAB_BIN/traceroute
# --no-ping-group: mtr and pathping send ICMP from a raw socket, which reads the
# router's whole quote (a datagram socket's error queue has no IP header)
lab_up --routers 3 --no-ping-group || exit 1
t4=$LAB_TARGET4
t6=$(lab_hop_addr 4 6)

# marked OUT: the hop numbers of lines (traceroute's " N  addr", mtr's " N.|--") that
# carry " [NAT]", space-separated
marked() { grep -F ' [NAT]' <<<"$1" | sed -E 's/^ *([0-9]+).*/\1/' | tr '\n' ' ' | sed 's/ $//'; }

# --- no translator: nothing marked; the lines are traceroute 2.x's ---------------------
strip() { sed -E 's/[0-9]+\.[0-9]+ ms/T ms/g'; }
for args in "-I $t4" "-T $t4" "--raw $t4" "$t4" "-I $t6"; do
	out=$(lab_exec c "$tr" -n -q 1 -N 1 $args)
	t_assert_eq "no NAT: traceroute $args marks nothing" "" "$(marked "$out")"
done
ours=$(lab_exec c "$tr" -n -q 1 -N 1 -I "$t4")
peer=$(lab_exec c traceroute -n -q 1 -N 1 -I "$t4")
t_assert_eq "no NAT: traceroute -I lines as traceroute 2.x's" "$(strip <<<"$peer")" \
	"$(strip <<<"$ours")"
out=$(lab_exec c "$tr" -n -q 1 -N 1 -I --json "$t4")
t_assert_eq "no NAT: --json says nat false at every hop" "false false false false" \
	"$(jq -r '[.hops[].quote.nat] | join(" ")' <<<"$out")"
t_assert_eq "no NAT: hop 3 checked its quote's source" "1 0" \
	"$(jq -r '.hops[2].quote | "\(.sources_checked) \(.sources_changed)"' <<<"$out")"
# the checksums were re-summed at every router, and found right: the checks are not
# idle (the target answers -T and -I without an error, so without a quote)
for args in "-T $t4" "--raw $t4" "-T $t6" "-I $t6"; do
	out=$(lab_exec c "$tr" -n -q 1 -N 1 --json $args)
	t_assert_eq "no NAT: traceroute $args: every router's checksum checked, none changed" \
		"1/0 1/0 1/0" \
		"$(jq -r '[.hops[0:3][].quote | "\(.checksums_checked)/\(.checksums_changed)"] | join(" ")' <<<"$out")"
done

# --- a stateful masquerade: Linux translates the quote back, nothing to see -------------
lab_exec r1 nft -f - <<'NFT'
table inet masq {
	chain post {
		type nat hook postrouting priority 100;
		oifname "to-r2" masquerade
	}
}
NFT
for args in "-I $t4" "-T $t4" "--raw $t4" "-I $t6" "-T $t6"; do
	out=$(lab_exec c "$tr" -n -q 1 -N 1 $args)
	t_assert_eq "masquerade: traceroute $args still reaches the target" "4" \
		"$(tail -1 <<<"$out" | awk '{ print $1 }')"
	t_assert_eq "masquerade (quote translated back): traceroute $args marks nothing" "" \
		"$(marked "$out")"
done
lab_exec r1 nft delete table inet masq

# --- the stateless translator on router 1 --------------------------------------------
lab_exec r1 ip addr add fd00:0:0:2::1:0/64 dev to-r2 nodad || exit 1
lab_exec r1 nft -f - <<'NFT' || exit 1
table inet snat1 {
	chain pre {
		type filter hook prerouting priority -300;
		icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
		iifname "to-c" notrack
		iifname "to-r2" ip daddr 10.0.2.2 notrack ip daddr set 10.0.1.2
		iifname "to-r2" ip6 daddr fd00:0:0:2::1:0 notrack ip6 daddr set fd00:0:0:1::2
	}
	chain post {
		type filter hook postrouting priority 100;
		oifname "to-r2" ip saddr 10.0.1.2 ip saddr set 10.0.2.2
		oifname "to-r2" ip6 saddr fd00:0:0:1::2 ip6 saddr set fd00:0:0:2::1:0
	}
}
NFT
for args in "-I $t4" "-T $t4" "--raw $t4" "-I $t6"; do
	out=$(lab_exec c "$tr" -n -q 1 -N 1 $args)
	t_assert_eq "NAT at router 1: traceroute $args marks hop 2 alone" "2" "$(marked "$out")"
	t_assert_match "NAT: traceroute $args: the marker ends hop 2's line" \
		$'\n'' 2  [0-9a-f.:]+  [0-9.]+ ms \[NAT\]'$'\n' "$out"
done
ours=$(lab_exec c "$tr" -n -q 1 -N 1 -I "$t4")
peer=$(lab_exec c traceroute -n -q 1 -N 1 -I "$t4")
# traceroute 2.x drops errors whose quote names another source than its own: hops 2
# and 3 are "*" for it. Its other lines are ours.
t_assert_eq "NAT: traceroute 2.x -I loses hops 2 and 3 behind the translator" \
	" 2  *| 3  *" "$(sed -n '3p;4p' <<<"$peer" | paste -sd'|')"
t_assert_eq "NAT: traceroute -I header, hops 1 and 4 as traceroute 2.x's" \
	"$(sed -n '1,2p;5p' <<<"$peer" | strip)" "$(sed -n '1,2p;5p' <<<"$ours" | strip)"
out=$(lab_exec c "$tr" -n -q 1 -N 1 -I --json "$t4")
t_assert_eq "NAT: traceroute -I --json: nat at hop 2 only" "false true false false" \
	"$(jq -r '[.hops[].quote.nat] | join(" ")' <<<"$out")"
t_assert_eq "NAT: -I evidence: hop 2 quoted 10.0.2.2, the error came to 10.0.1.2" \
	"10.0.2.2 10.0.1.2 1" \
	"$(jq -r '.hops[1].quote | "\(.source_changed_quoted) \(.source_changed_to) \(.sources_changed)"' <<<"$out")"
out=$(lab_exec c "$tr" -n -q 1 -N 1 -T --json "$t4")
t_assert_eq "NAT: -T evidence: hop 2's quoted TCP checksum is not what we sent" "1 true" \
	"$(jq -r '.hops[1].quote | "\(.checksums_changed) \(.checksum_quoted != .checksum_sent)"' <<<"$out")"
t_assert_eq "NAT: -T: hop 1's checksum checked and unchanged" "1 0" \
	"$(jq -r '.hops[0].quote | "\(.checksums_checked) \(.checksums_changed)"' <<<"$out")"
out=$(lab_exec c "$tr" -n -q 1 -N 1 -I --json "$t6")
t_assert_eq "NAT: IPv6 -I evidence: hop 2 quoted fd00:0:0:2::1:0, hop 1 our source" \
	"fd00::2:0:0:1:0 fd00:0:0:1::2" \
	"$(jq -r '.hops[1].quote | "\(.source_quoted) \(.source_first)"' <<<"$out")"

# mtr: report row, JSON, live view
mtr=$LAB_BIN/mtr
for args in "$t4" "-T $t4" "-6 $t6"; do
	out=$(lab_exec c "$mtr" -r -n -c 2 -i 0.1 $args)
	t_assert_eq "NAT: mtr -r $args marks hop 2 alone" "2" "$(marked "$out")"
	t_assert_match "NAT: mtr -r $args: the marker after the last column" \
		$'\n''  2\.\|-- [0-9a-f.:]+ +0\.0% +2 +[0-9. ]+ \[NAT\]'$'\n' "$out"
done
ours=$(lab_exec c "$mtr" -r -n -c 2 -i 0.1 "$t4")
peer=$(lab_exec c mtr -r -n -c 2 -i 0.1 "$t4")
t_assert_eq "NAT: mtr -r rows up to Snt, the marker aside, are mtr 0.95's" \
	"$(sed -n '3,$p' <<<"$peer" | cut -c1-45)" "$(sed -n '3,$p' <<<"$ours" | cut -c1-45)"
out=$(lab_exec c "$mtr" --json -n -c 2 -i 0.1 "$t4")
t_assert_eq "NAT: mtr --json: nat at hub 2 only" "false true false false" \
	"$(jq -r '[.report.hubs[].quote.nat] | join(" ")' <<<"$out")"
screen=$(TERM=xterm lab_exec c script -qec "$mtr -n -c 3 -i 0.1 --displaymode 0 $t4" /dev/null 2>/dev/null | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g')
t_assert_match "NAT: mtr's live view shows the marker after hop 2's host" '10\.0\.2\.1 \[NAT\]' "$screen"

# pathping: the marker after the address
out=$(lab_exec c "$LAB_BIN/pathping" -n -q 2 -p 10 "$t4")
t_assert_match "NAT: pathping marks hop 2's address" $'\n''  2 +[0-9]+ms .*  10\.0\.2\.1 \[NAT\]'$'\n' "$out"
t_assert_eq "NAT: pathping marks no other hop" "1" "$(grep -c '\[NAT\]' <<<"$out")"
t_summary
