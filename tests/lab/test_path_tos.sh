#!/usr/bin/env bash
# test_path_tos.sh — DSCP / ECN bleaching from the IP header quoted in each time
# exceeded (netdx/quote_check.h). Router 2 rewrites the DSCP of what it forwards toward
# router 3 to CS1 (nft `ip dscp set cs1`, `ip6 dscp set cs1`), ECN untouched: probes
# sent with TOS 184 (EF, 0xb8) arrive at router 3 as 0x20, and hop 3 alone is marked
# " [TOS 0xb8 -> 0x20]" by traceroute (IPv4 and IPv6), mtr's report, --json and live
# view; the live view's Q changes the TOS the checks compare with. Then router 1 clears ECN instead (`ip ecn set not-ect`): ECT(0) probes (TOS 2)
# are marked at hop 2 " [TOS 0x02 -> 0x00]". Nothing is marked before any rule is in,
# with or without a TOS; UDP probes, whose errors come from the socket's error queue
# without the router's IP header, are never marked and say so in --json (tos_quoted null).
. "$(dirname "$0")/../lab/prelude.sh"
tmp=$(mktemp -d)
cleanup() {
	tmux -S "$tmp/tmux.sock" kill-server >/dev/null 2>&1
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
tr=$LAB_BIN/traceroute
mtr=$LAB_BIN/mtr
lab_up --routers 3 --no-ping-group || exit 1
t4=$LAB_TARGET4
t6=$(lab_hop_addr 4 6)

# marks OUT: "HOP MARK" for every line of traceroute (" N  addr") or mtr (" N.|--") that
# carries a TOS marker, one per line
marks() { grep -oE '^ *[0-9]+|\[TOS 0x[0-9a-f]{2} -> 0x[0-9a-f]{2}\]' <<<"$1" |
	awk '/^ *[0-9]+$/ { hop = $1 + 0; next } { print hop " " $0 }'; }

# --- no rule: nothing marked ---------------------------------------------------------
for args in "-I $t4" "-I -t 184 $t4" "-I -t 184 $t6" "-t 184 $t4"; do
	out=$(lab_exec c "$tr" -n -q 1 -N 1 $args)
	t_assert_eq "no rewrite: traceroute $args marks nothing" "" "$(marks "$out")"
done
out=$(lab_exec c "$tr" -n -q 1 -N 1 -I -t 184 --json "$t4")
t_assert_eq "no rewrite: --json: every hop quoted 184, none changed" \
	"184 184 184 false" \
	"$(jq -r '[.hops[0:3][].quote.tos_quoted] + [any(.hops[].quote.tos_changed; .)] | join(" ")' <<<"$out")"

# --- router 2 rewrites DSCP to CS1 ----------------------------------------------------
lab_exec r2 nft -f - <<'NFT' || exit 1
table inet dscp2 {
	chain forward_rw {
		type filter hook forward priority 0;
		oifname "to-r3" ip dscp set cs1
		oifname "to-r3" ip6 dscp set cs1
	}
}
NFT
for args in "-I -t 184 $t4" "-I -t 184 $t6"; do
	out=$(lab_exec c "$tr" -n -q 1 -N 1 $args)
	t_assert_eq "DSCP rewritten by router 2: traceroute $args marks hop 3 alone" \
		"3 [TOS 0xb8 -> 0x20]" "$(marks "$out")"
	t_assert_match "DSCP: traceroute $args: the marker ends hop 3's line" \
		$'\n'' 3  [0-9a-f.:]+  [0-9.]+ ms \[TOS 0xb8 -> 0x20\]'$'\n' "$out"
done
strip() { sed -E 's/[0-9]+\.[0-9]+ ms/T ms/g; s/ \[TOS [^]]*\]$//'; }
ours=$(lab_exec c "$tr" -n -q 1 -N 1 -I -t 184 "$t4")
peer=$(lab_exec c traceroute -n -q 1 -N 1 -I -t 184 "$t4")
t_assert_eq "DSCP: traceroute -I -t 184 lines, the marker aside, are traceroute 2.x's" \
	"$(strip <<<"$peer")" "$(strip <<<"$ours")"
out=$(lab_exec c "$tr" -n -q 1 -N 1 -I --json "$t4")
t_assert_eq "DSCP: without -t, 0 becomes 0x20 at hop 3 (--json)" \
	"false false true false|0 0 32" \
	"$(jq -r '([.hops[].quote.tos_changed] | join(" ")) + "|" + ([.hops[0:3][].quote.tos_quoted] | join(" "))' <<<"$out")"
out=$(lab_exec c "$tr" -n -q 1 -N 1 -t 184 "$t4")
t_assert_eq "DSCP: UDP probes (error queue, no IP header) mark nothing" "" "$(marks "$out")"
out=$(lab_exec c "$tr" -n -q 1 -N 1 -t 184 --json "$t4")
t_assert_eq "DSCP: UDP probes: --json tos_quoted null at every hop" "null null null null" \
	"$(jq -r '[.hops[].quote.tos_quoted | tostring] | join(" ")' <<<"$out")"

for args in "$t4" "-6 $t6"; do
	out=$(lab_exec c "$mtr" -r -n -c 2 -i 0.1 -Q 184 $args)
	t_assert_eq "DSCP: mtr -r -Q 184 $args marks hop 3 alone" \
		"3 [TOS 0xb8 -> 0x20]" "$(marks "$out")"
done
ours=$(lab_exec c "$mtr" -r -n -c 2 -i 0.1 -Q 184 "$t4")
peer=$(lab_exec c mtr -r -n -c 2 -i 0.1 -Q 184 "$t4")
t_assert_eq "DSCP: mtr -r -Q 184 rows up to Snt are mtr 0.95's" \
	"$(sed -n '3,$p' <<<"$peer" | cut -c1-45)" "$(sed -n '3,$p' <<<"$ours" | cut -c1-45)"
out=$(lab_exec c "$mtr" --json -n -c 2 -i 0.1 -Q 184 "$t4")
t_assert_eq "DSCP: mtr --json: tos_changed at hub 3 only, sent 184, quoted 32" \
	"false false true false|184|32" \
	"$(jq -r '([.report.hubs[].quote.tos_changed] | join(" ")) + "|\(.report.hubs[2].quote.tos_sent)|\(.report.hubs[2].quote.tos_quoted)"' <<<"$out")"
screen=$(TERM=xterm lab_exec c script -qec "$mtr -n -c 3 -i 0.1 -Q 184 --displaymode 0 $t4" /dev/null 2>/dev/null | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g')
t_assert_match "DSCP: mtr's live view shows the marker after hop 3's host" \
	'10\.0\.3\.1 \[TOS 0xb8 -> 0x20\]' "$screen"

# the live view's Q: the quote checks compare with the TOS sent from then on. Paused
# (no round after the one under way, whose answers a lab path brings in milliseconds),
# Q 32 sends what router 2 writes: hops 1 and 2 quoted 0xb8, sent before, and that is
# no rewrite of the path: nothing marked. Resumed, Q 184 again: hop 3 marked again.
sock="$tmp/tmux.sock"
tm() { tmux -S "$sock" "$@"; }
shows() { [[ $(tm capture-pane -p -t v 2>/dev/null) =~ $1 ]]; }
tm new-session -d -s v -x 120 -y 40 \
	"bash $top/tests/lab/lab.sh exec $LAB c $mtr -n -i 0.2 -Q 184 --displaymode 0 $t4; exec sleep 300"
t_wait_for 10 shows '10\.0\.3\.1 \[TOS 0xb8 -> 0x20\]'
tm send-keys -t v p
t_wait_for 3 shows 'Paused'
tm send-keys -t v Q 3 2 Enter
t_wait_for 3 shows 'Keys:  Help'
t_assert_eq "DSCP: live Q 32 while paused: no hop marked (old quotes are not of it)" "" \
	"$(marks "$(tm capture-pane -p -t v)")"
tm send-keys -t v ' '
tm send-keys -t v Q 1 8 4 Enter
if t_wait_for 10 shows '10\.0\.3\.1 \[TOS 0xb8 -> 0x20\]'; then
	t_pass "DSCP: live Q 184 again: hop 3 marked again"
else
	t_fail "DSCP: live Q 184 again: hop 3 marked again" "$(tm capture-pane -p -t v)"
fi
t_assert_eq "DSCP: live Q 184 again: hop 3 alone" "3 [TOS 0xb8 -> 0x20]" \
	"$(marks "$(tm capture-pane -p -t v)")"
tm kill-server
lab_exec r2 nft delete table inet dscp2

# --- router 1 clears ECN ---------------------------------------------------------------
lab_exec r1 nft -f - <<'NFT' || exit 1
table inet ecn1 {
	chain forward_rw {
		type filter hook forward priority 0;
		oifname "to-r2" ip ecn set not-ect
		oifname "to-r2" ip6 ecn set not-ect
	}
}
NFT
for args in "-I -t 2 $t4" "-I -t 2 $t6"; do
	out=$(lab_exec c "$tr" -n -q 1 -N 1 $args)
	t_assert_eq "ECN bleached by router 1: traceroute $args marks hop 2 alone" \
		"2 [TOS 0x02 -> 0x00]" "$(marks "$out")"
done
out=$(lab_exec c "$tr" -n -q 1 -N 1 -I -t 184 "$t4")
t_assert_eq "ECN bleached, DSCP kept: EF probes without ECN are not marked" "" "$(marks "$out")"
t_summary
