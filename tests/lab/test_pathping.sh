#!/usr/bin/env bash
# test_pathping.sh — pathping in the lab: Windows' layout; loss injected after router 4
# attributed to the link into hop 5 (and nothing behind it); a rate-limited router
# flagged as its own loss, not the path's; the statistics phase takes q x period
# whatever the number of hops, and says so (the JSON's own seconds, checked from below,
# or against Windows' per-hop phase far above); every figure of the verdict is the table's
# (silent routers; a rate-limited router before path loss); a destination that never
# answers; loss the sample cannot tell from none; names looked up without holding the
# run back; SIGINT; JSON agrees with the table; bad input.
. "$(dirname "$0")/../lab/prelude.sh"
bin=$LAB_BIN/pathping
trap lab_down EXIT

# since T0: seconds elapsed since the $EPOCHREALTIME value T0.
since() { awk -v a="${1/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.2f", b - a }'; }

# verdict_vs_table TEXT: every "Hop K ... drops X% (L/S)" of the verdict quotes hop K's
# This Node cell L/S, every "Loss starts on the link into hop K: X% (L/S)" the link row
# above hop K, X is L/S, and each "(95% confidence LO-HI%)" holds X. Prints what
# disagrees, one line each; nothing when all agree (and "no finding" if there was none).
verdict_vs_table() {
	awk '
	/^ +[0-9]+\/ *[0-9]+ = *[0-9]+%   \|$/ { link = $1 $2; next }
	/^ *[0-9]+ +(---|[0-9]+ms) / {
		split($0, f, / +/); k = f[2]
		if (match($0, /[0-9]+\/ *[0-9]+ = *[0-9]+% +[0-9]+\/ *[0-9]+ = *[0-9]+%/)) {
			split(substr($0, RSTART, RLENGTH), c, /%/)
			node[k] = c[2]; sub(/ *=.*/, "", node[k]); gsub(/ /, "", node[k])
		}
		linkinto[k] = link; next
	}
	/^(Hop [0-9]+( .*)? drops|Loss starts on the link into hop) / {
		found++
		if (/^Hop/) { match($0, /^Hop [0-9]+/); k = substr($0, 5, RLENGTH - 4) + 0 }
		else { match($0, /into hop [0-9]+/); k = substr($0, RSTART + 9, RLENGTH - 9) + 0 }
		match($0, /[0-9.]+% \([0-9]+\/[0-9]+\)/)
		split(substr($0, RSTART, RLENGTH), a, /[%( \/)]+/); x = a[1]; l = a[2]; n = a[3]
		want = /^Hop/ ? node[k] : linkinto[k]
		if (l "/" n != want) printf "hop %d: verdict %s/%s, table %s\n", k, l, n, want
		if (sprintf("%.1f", l * 100 / n) != x) printf "hop %d: %s%% is not %s/%s\n", k, x, l, n
		match($0, /confidence [0-9]+-[0-9]+%/); split(substr($0, RSTART + 11, RLENGTH - 12), ci, /-/)
		if (!(ci[1] <= x + 0 && x + 0 <= ci[2])) printf "hop %d: %s%% outside %s-%s%%\n", k, x, ci[1], ci[2]
	}
	END { if (!found) print "no finding" }' <<<"$1"
}

# deaf NODE: NODE drops every packet it receives (loopback aside): a dead destination.
deaf() {
	lab_exec "$1" nft -f - <<NFT
table inet deaf {
	chain input {
		type filter hook input priority 0; policy drop;
		iifname "lo" accept
	}
}
NFT
}

# --- layout on a clean 2-router path -----------------------------------------------
lab_up --routers 2 || exit 1
out=$(lab_exec c "$bin" -n -q 20 -p 50 "$LAB_TARGET4" 2>&1)
expected="Tracing route to $LAB_TARGET4 [$LAB_TARGET4]
over a maximum of 30 hops:
  0  $LAB_CLIENT4 
  1  10.0.1.1 
  2  10.0.2.1 
  3  10.0.3.1 

Computing statistics for 1 seconds...
            Source to Here   This Node/Link
Hop  RTT    Lost/Sent = Pct  Lost/Sent = Pct  Address
  0                                           $LAB_CLIENT4
                                0/  20 =  0%   |
  1    0ms     0/  20 =  0%     0/  20 =  0%  10.0.1.1
                                0/  20 =  0%   |
  2    0ms     0/  20 =  0%     0/  20 =  0%  10.0.2.1
                                0/  20 =  0%   |
  3    0ms     0/  20 =  0%     0/  20 =  0%  10.0.3.1

Trace complete.

No loss on the path: hop 3, the last, lost 0/20 (95% confidence 0-17%)."
t_assert_eq "clean path: Windows pathping's layout, exactly" "$expected" "$out"
json=$(lab_exec c "$bin" -n -q 10 -p 20 --json "$LAB_TARGET4")
t_assert_eq "JSON: hops, sent per hop, reached" "1 2 3|10 10 10|true" \
	"$(jq -r '[.hops[].hop] | join(" ")' <<<"$json")|$(jq -r '[.hops[].source_to_here.sent] | join(" ")' <<<"$json")|$(jq -r .reached <<<"$json")"
# -q 5 -p 50: a quarter second, in the text, the JSON and the time it takes (from below:
# a loaded machine only makes a run longer)
t0=$EPOCHREALTIME
out=$(lab_exec c "$bin" -n -q 5 -p 50 "$LAB_TARGET4")
t5=$(since "$t0")
t_assert_match "-q 5 -p 50: \"Computing statistics for 0.25 seconds\"" \
	$'\n''Computing statistics for 0\.25 seconds\.\.\.'$'\n' "$out"
json=$(lab_exec c "$bin" -n -q 5 -p 50 --json "$LAB_TARGET4")
t_assert_eq "-q 5 -p 50, JSON: planned 0.25 s, not interrupted, 5 sent per hop" "0.25 false 5" \
	"$(jq -r '"\(.seconds_planned) \(.interrupted) \([.hops[].source_to_here.sent] | unique | join(","))"' <<<"$json")"
t_assert_range "-q 5 -p 50, JSON: the measured seconds $(jq .seconds <<<"$json") are at least the planned 0.25" \
	0.25 600 "$(jq -r .seconds <<<"$json")"
t_assert_range "-q 5 -p 50: the whole run takes at least 0.25 s ($t5 s)" 0.25 600 "$t5"
lab_down

# --- all hops at once: 8 routers take as long as 2 ------------------------------------
lab_up --routers 8 || exit 1
out=$(lab_exec c "$bin" -n -q 20 -p 50 "$LAB_TARGET4" 2>&1)
t_assert_match "8 routers: 9 hops in the table" $'\n  9    [0-9]+ms' "$out"
t_assert_match "8 routers: \"Computing statistics for 1 seconds\", as with 2" \
	$'\n''Computing statistics for 1 seconds\.\.\.'$'\n' "$out"
# Windows would spend q x period per hop, one hop after the other: 9 s for 9 hops. Ours
# is the one 1-second phase (the JSON's measured seconds: from below, and far from 9).
json=$(lab_exec c "$bin" -n -q 20 -p 50 --json "$LAB_TARGET4")
t_assert_eq "8 routers, JSON: 9 hops, 20 sent to each, planned 1 s" "9 20 1" \
	"$(jq -r '"\(.hops | length) \([.hops[].source_to_here.sent] | unique | join(",")) \(.seconds_planned)"' <<<"$json")"
t_assert_range "8 routers, JSON: seconds $(jq .seconds <<<"$json"): one phase for all hops, not Windows' 9" \
	1 4.5 "$(jq -r .seconds <<<"$json")"
lab_down

# --- loss after router 4: the link into hop 5 -----------------------------------------
lab_up --routers 6 --loss 4:30 || exit 1
out=$(lab_exec c "$bin" -n -q 200 -p 10 "$LAB_TARGET4")
link5=$(sed -n '/^Hop  RTT/,$p' <<<"$out" | grep -B1 '^  5 ' | head -1 | awk '{ print $1 }')
read -r lo hi < <(awk -v n=200 -v p=0.3 'BEGIN { m = n * p; d = 3.29 * sqrt(n * p * (1 - p));
	printf "%d %d\n", m - d, m + d + 0.999 }')
t_assert_range "30% loss after router 4: link into hop 5 loses $link5/200" "$lo" "$hi" "${link5%/}"
t_assert_match "the verdict names the link into hop 5" "Loss starts on the link into hop 5 \(10\.0\.5\.1\)" "$out"
t_assert_no_match "no other link or node is blamed" "(link into hop [^5])|(^Hop [0-9]+ .*drops)" "$out"
for k in 1 2 3 4; do
	t_assert_match "hop $k: no loss from source to here" $'\n'"  $k    [0-9]+ms     0/ 200 =  0%" "$out"
done
lab_down

# --- a rate-limited router 3: its own loss, not the path's ------------------------------
lab_up --routers 5 --ratelimit 3:1000 || exit 1
out=$(lab_exec c "$bin" -n -q 30 -p 20 "$LAB_TARGET4")
t_assert_match "rate-limited hop 3 flagged as limiting its own ICMP" \
	"Hop 3 \(10\.0\.3\.1\) drops [0-9.]+% \([0-9]+/30\) of the probes addressed to it but forwards traffic \(hop 4 lost 0/30\)" "$out"
t_assert_eq "rate-limited hop 3: the verdict's figure is the table's" "" "$(verdict_vs_table "$out")"
t_assert_no_match "no path loss reported" "Loss starts" "$out"
t_assert_match "later hops lose nothing" $'\n  6    [0-9]+ms     0/  30 =  0%' "$out"
json=$(lab_exec c "$bin" -n -q 30 -p 20 --json "$LAB_TARGET4")
t_assert_eq "JSON: node_only_loss at hop 3 only" "3" \
	"$(jq -r '[.hops[] | select(.node_only_loss) | .hop] | join(" ")' <<<"$json")"

# --- bad input: one line, exit 2 --------------------------------------------------------
check_bad() {
	local name=$1 want=$2
	shift 2
	local got rc
	got=$(lab_exec c "$bin" "$@" 2>&1)
	rc=$?
	t_assert_eq "bad input $name: exit 2 and one line" "2|$want" "$rc|$got"
}
check_bad "-q 0" "pathping: invalid number of queries '0': too small (minimum 1)" -q 0 "$LAB_TARGET4"
check_bad "-p -5" "pathping: invalid period '-5': too small (minimum 1)" -p -5 "$LAB_TARGET4"
check_bad "-h 0" "pathping: invalid maximum hops '0': too small (minimum 1)" -h 0 "$LAB_TARGET4"
check_bad "-w abc" "pathping: invalid timeout 'abc': not a number" -w abc "$LAB_TARGET4"
# (the lab's resolver is 127.0.0.1, where nothing listens: the lookup fails at once)
check_bad "unknown host" "pathping: nosuch.invalid: Temporary failure in name resolution" nosuch.invalid
check_bad "-T" "pathping: -T: layer-2 priority tagging is not supported: it needs 802.1p tags set per packet by the driver, which Linux does not offer to ICMP probes" -T "$LAB_TARGET4"
check_bad "no target" "pathping: usage: one target_name is needed (pathping --help)"
lab_down

# --- a destination that never answers: its hop as "* * *", 100% in the table, said first -
lab_up --routers 3 || exit 1
deaf t
out=$(lab_exec c "$bin" -n -q 5 -p 50 -w 500 "$LAB_TARGET4")
rc=$?
t_assert_eq "dead destination: exit 1" 1 "$rc"
t_assert_match "dead destination: the hop list ends with its dark hop" \
	$'\n''  3  10\.0\.3\.1 '$'\n''  4     \*        \*        \*     '$'\n\n''Computing' "$out"
t_assert_match "dead destination: the table has its row, 5/5 lost" \
	$'\n''  4  ---       5/   5 =100%     0/   5 =  0%  \*'$'\n' "$out"
t_assert_match "dead destination: the verdict says so first" $'\n\n''Trace complete\.'$'\n\n'"The destination $LAB_TARGET4 never answered: hop 3 \(10\.0\.3\.1\) is the last hop that answered; from hop 4 on, nothing came back \(5/5 lost at hop 4\)\." "$out"
t_assert_no_match "dead destination: no healthy path claimed" "No loss on the path" "$out"
# each round waits -w for the dark hop: 4 x 50 ms + 500 ms
t_assert_match "dead destination: the statistics line counts the wait for the last probes" \
	"Computing statistics for 0\.7 seconds\.\.\." "$out"
json=$(lab_exec c "$bin" -n -q 5 -p 50 -w 500 --json "$LAB_TARGET4")
t_assert_eq "dead destination, JSON: unreached, hop 4 at 100%, the same first sentence" \
	"false|4 100|unreached 4|The destination $LAB_TARGET4 never answered" \
	"$(jq -r '"\(.reached)|\(.hops[-1] | "\(.hop) \(.source_to_here.pct)")|\(.findings[0] | "\(.kind) \(.hops[0])")|\(.verdict[0] | sub(":.*"; ""))"' <<<"$json")"
t_assert_eq "dead destination, JSON: planned 0.7 s (the wait for the last probes counted)" 0.7 \
	"$(jq -r .seconds_planned <<<"$json")"
t_assert_range "dead destination, JSON: seconds as measured ($(jq .seconds <<<"$json")): at least 0.7, in seconds" \
	0.7 60 "$(jq -r .seconds <<<"$json")"
lab_down

# --- the trace loses every probe to the destination's real distance ----------------------
# The first three echo requests that reach the destination with TTL 1 (the trace's three
# probes to hop 4) are dropped: the trace finds it at hop 5; the statistics at hop 4.
lab_up --routers 3 || exit 1
lab_exec t nft -f - <<NFT
table inet firstttl1 {
	chain input {
		type filter hook input priority 0; policy accept;
		ip ttl 1 icmp type echo-request quota until 276 bytes drop
	}
}
NFT
out=$(lab_exec c "$bin" -n -q 20 -p 20 "$LAB_TARGET4")
t_assert_match "trace one hop long: the hop list as the trace saw it" \
	$'\n''  4     \*        \*        \*     '$'\n''  5  10\.0\.4\.1 '$'\n' "$out"
t_assert_match "trace one hop long: the table ends at the destination, hop 4" \
	$'\n''  4 +[0-9]+ms +0/  20 =  0% +0/  20 =  0%  10\.0\.4\.1'$'\n\n''Trace complete\.' "$out"
t_assert_match "trace one hop long: the verdict says why the two differ, and judges hop 4" \
	$'\n''The destination answered at hop 4 in the statistics; the trace, which lost every probe to hop 4, had found it at hop 5\.'$'\n''No loss on the path: hop 4, the last, lost 0/20 ' "$out"
lab_down

# --- silent routers 3 and 5: the verdict quotes the table's 20/20 -------------------------
lab_up --routers 5 --silent 3 --silent 5 || exit 1
out=$(lab_exec c "$bin" -n -q 20 -p 20 "$LAB_TARGET4")
t_assert_match "silent hop 3: its table row" $'\n''  3  ---      20/  20 =100%    20/  20 =100%  \*' "$out"
t_assert_match "silent hop 3: the verdict's figure is the table's" \
	"Hop 3 drops 100\.0% \(20/20\) of the probes addressed to it but forwards traffic \(hop 4 lost 0/20\)" "$out"
t_assert_match "silent hop 5: the same" "Hop 5 drops 100\.0% \(20/20\) .*\(hop 6 lost 0/20\)" "$out"
t_assert_eq "silent hops: every verdict figure is the table's, in its interval" "" "$(verdict_vs_table "$out")"
lab_down

# --- router 2 rate-limited, loss after router 3: node loss against hop 3, not later hops --
lab_up --routers 5 --ratelimit 2:1000 --loss 3:30 || exit 1
out=$(lab_exec c "$bin" -n -q 100 -p 10 "$LAB_TARGET4")
t_assert_match "rate-limited hop 2 compared with hop 3" \
	"Hop 2 \(10\.0\.2\.1\) drops [0-9.]+% \([0-9]+/100\) of the probes addressed to it but forwards traffic \(hop 3 lost 0/100\)" "$out"
t_assert_match "loss starts on the link into hop 4" "Loss starts on the link into hop 4 \(10\.0\.4\.1\): " "$out"
t_assert_eq "rate limit + path loss: every verdict figure is the table's, in its interval" "" \
	"$(verdict_vs_table "$out")"
lab_down

# --- loss the sample cannot tell from none: say so, and what would tell ------------------
# Router 3 drops exactly 3 of every 10 packets it forwards to the destination (a
# counter, not chance): 20 probes lose 6, which chance could explain; 50 lose 15, which
# it cannot.
lab_up --routers 3 || exit 1
lab_exec r3 nft -f - <<NFT
table inet every10 {
	chain fwd_out {
		type filter hook forward priority 0; policy accept;
		oifname "to-t" numgen inc mod 10 < 3 drop
	}
}
NFT
out=$(lab_exec c "$bin" -n -q 20 -p 20 "$LAB_TARGET4")
t_assert_match "20 probes: 6/20 lost at the destination" $'\n''  4 +[0-9]+ms +6/  20 = 30%' "$out"
t_assert_match "20 probes: the verdict says they cannot tell, and what would" \
	$'\n''20 probes per hop cannot tell the loss at hop 4 \(30%\) from none; use -q 50\.$' "$out"
t_assert_no_match "20 probes: no healthy path claimed" "No loss on the path" "$out"
json=$(lab_exec c "$bin" -n -q 20 -p 20 --json "$LAB_TARGET4")
t_assert_eq "20 probes, JSON: the undecided finding and its sentence" \
	"undecided 4 4 50|20 probes per hop cannot tell the loss at hop 4 (30%) from none; use -q 50." \
	"$(jq -r '(.findings[] | select(.kind == "undecided") | "\(.kind) \(.hops[0]) \(.hops[1]) \(.queries_needed)") + "|" + .verdict[-1]' <<<"$json")"
out=$(lab_exec c "$bin" -n -q 50 -p 10 "$LAB_TARGET4")
t_assert_match "-q 50 tells: loss starts on the link into hop 4, 15/50" \
	"Loss starts on the link into hop 4 \(10\.0\.4\.1\): 30\.0% \(15/50\) of the probes are lost there" "$out"
t_assert_eq "-q 50: the verdict's figure is the table's" "" "$(verdict_vs_table "$out")"
lab_down

# --- names: one cache, looked up as addresses appear, never holding the statistics -------
lab_up --routers 2 --dns || exit 1
t0=$EPOCHREALTIME
out=$(lab_exec c "$bin" -q 20 -p 50 "$LAB_TARGET4")
tn=$(since "$t0")
t_assert_match "names: the hop list names every hop" \
	$'\n''  1  r1\.lab\.test \[10\.0\.1\.1\] '$'\n''  2  r2\.lab\.test \[10\.0\.2\.1\] '$'\n''  3  t\.lab\.test \[10\.0\.3\.1\] ' "$out"
t_assert_match "names: the table the same" $'\n''  1 +[0-9]+ms .*  r1\.lab\.test \[10\.0\.1\.1\]'$'\n' "$out"
t_assert_range "names: the run takes at least the statistics' second ($tn s)" 1 600 "$tn"
# The DNS server goes silent: every lookup times out, and none may delay the run. The
# client's resolver is told to wait 30 s for an answer (the lab's server still the only
# one), so a run that waited for even one lookup would take over 30 s: the bound below
# is far from that and far above the 1-second phase.
printf 'options timeout:30 attempts:1\n' >>"/etc/netns/$LAB_NS_CLIENT/resolv.conf"
lab_exec t nft -f - <<NFT
table inet nodns {
	chain input {
		type filter hook input priority 0; policy accept;
		udp dport 53 drop
		tcp dport 53 drop
	}
}
NFT
t0=$EPOCHREALTIME
out=$(lab_exec c "$bin" -q 20 -p 50 "$LAB_TARGET4")
ts=$(since "$t0")
t_assert_range "silent DNS: no lookup waited for (its timeout 30 s, the run $ts s)" 1 15 "$ts"
t_assert_match "silent DNS: addresses in the hop list and the table alike" \
	$'\n''  1  10\.0\.1\.1 '$'\n''.*'$'\n''  1 +[0-9]+ms .*  10\.0\.1\.1'$'\n' "$out"
lab_down

# --- SIGINT: what was done, marked as interrupted -----------------------------------------
lab_up --routers 2 || exit 1
tmp=$(mktemp -d)
# interrupt RESULT CMD...: run CMD in the client, SIGINT once it has probed a while.
interrupt() {
	local result=$1 bg pid
	shift
	lab_exec c bash -c 'echo $$ >"$0"; exec "$@"' "$tmp/pid" "$@" >"$result" 2>&1 &
	bg=$!
	t_wait_for 5 test -s "$tmp/pid"
	pid=$(cat "$tmp/pid")
	# router 1 has seen the trace (3 rounds of 30 TTLs) and 20 statistics rounds of 3
	t_wait_for 10 bash -c "(( \$(ip netns exec $LAB_NS_ROUTER_1 cat /sys/class/net/to-c/statistics/rx_packets) >= 150 ))"
	kill -INT "$pid"
	wait "$bg"
	rm -f "$tmp/pid"
}
interrupt "$tmp/out" "$bin" -n -q 100 -p 50 --json "$LAB_TARGET4"
json=$(cat "$tmp/out")
t_assert_eq "SIGINT, JSON: interrupted, of 100 queries" "true 100" "$(jq -r '"\(.interrupted) \(.queries_requested)"' <<<"$json")"
t_assert_eq "SIGINT, JSON: queries is what each hop was sent" "$(jq -r .queries <<<"$json")" \
	"$(jq -r '[.hops[].source_to_here.sent] | unique | join(" ")' <<<"$json")"
t_assert_range "SIGINT, JSON: queries $(jq .queries <<<"$json") is fewer than 100" 1 99 "$(jq .queries <<<"$json")"
# the rounds sent took (queries - 1) x 50 ms at least; the planned 5 s would be a copy
t_assert_range "SIGINT, JSON: seconds $(jq .seconds <<<"$json") is at least what its $(jq .queries <<<"$json") rounds took" \
	"$(jq -r '(.queries - 1) * .period_ms / 1000' <<<"$json")" 600 "$(jq -r .seconds <<<"$json")"
t_assert_eq "SIGINT, JSON: seconds is the time it ran, not the planned 5" "true" \
	"$(jq -r '.seconds_planned == 5 and .seconds != .seconds_planned' <<<"$json")"
interrupt "$tmp/out" "$bin" -n -q 100 -p 50 "$LAB_TARGET4"
t_assert_match "SIGINT, text: no \"Trace complete.\"; what was done instead" \
	$'\n\n''Interrupted after [0-9]+ of 100 queries per hop \([0-9.]+ of 5 seconds\)\.'$'\n' "$(cat "$tmp/out")"
rm -rf "$tmp"
lab_down

t_summary
