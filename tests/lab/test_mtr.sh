#!/usr/bin/env bash
# test_mtr.sh — mtr's report modes in the lab, against mtr 0.95 on the same path and
# against what the lab was built to do: layout, a silent hop, loss after router 4 at the
# right hops, a rate-limited router flagged (note and JSON), report/JSON/CSV/XML/raw/
# split agreeing, field order, a destination that never answers (mtr 0.95's rows, in
# every mode, and a note), loss the rounds cannot tell from none, SIGINT marked, and
# bad input.
. "$(dirname "$0")/../lab/prelude.sh"
bin=$LAB_BIN/mtr
trap lab_down EXIT

# --- layout against mtr 0.95, a silent hop ---------------------------------------------
lab_up --routers 3 --silent 2 || exit 1
ours=$(lab_exec c "$bin" -r -n -c 5 -i 0.2 "$LAB_TARGET4")
peer=$(lab_exec c mtr -r -n -c 5 -i 0.2 "$LAB_TARGET4")
t_assert_eq "header line as mtr's" "$(sed -n 2p <<<"$peer")" "$(sed -n 2p <<<"$ours")"
t_assert_match "Start line" "^Start: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[+-][0-9]{4}"$'\n' "$ours"
# The Start line in a zone read from a file (compiled here: no tzdata needed), which the
# sandbox would refuse to open were it not read before the lockdown; mtr's the same.
zdir=$(mktemp -d) && trap 'lab_down; rm -rf "$zdir"' EXIT
echo "Zone Lab/Plus9 9:00 - LP9" | zic -d "$zdir" - || t_fail zic "cannot build a zone"
zone_start() { lab_exec c env TZ=":$zdir/Lab/Plus9" "$@" -r -n -c 1 "$LAB_TARGET4" | sed -n 1p; }
t_assert_match "Start line in the TZ file's zone" "\+0900$" "$(zone_start "$bin")"
t_assert_match "... as mtr's" "\+0900$" "$(zone_start mtr)"
# hop lines: same hosts and counters in the same columns (times differ per run)
strip_times() { sed -n '3,$p' | cut -c1-45; }
t_assert_eq "hop lines: hosts, loss and sent in mtr's columns" "$(strip_times <<<"$peer")" \
	"$(grep -v '^Note' <<<"$ours" | strip_times)"
t_assert_match "silent hop: 100.0 loses its %, as in mtr" $'\n''  2\.\|-- \?\?\?  +100\.0     5' "$ours"
t_assert_match "silent hop: a note says it is not loss" \
	"Note: hop 2 sends no ICMP replies, yet later hops answer: it forwards traffic" "$ours"
wide=$(lab_exec c "$bin" -w -n -c 1 -o "LDRS NBAWVGJMXI" "$LAB_TARGET4")
t_assert_eq "-w -o: every field title in order" \
	"HOST: $(hostname) Loss% Drop Rcv Snt Last Best Avg Wrst StDev Gmean Jttr Javg Jmax Jint" \
	"$(sed -n 2p <<<"$wide" | tr -s ' ')"

# --- every output mode tells the same story -------------------------------------------
json=$(lab_exec c "$bin" --json -n -c 5 -i 0.1 "$LAB_TARGET4")
t_assert_eq "JSON: mtr's shape, numbers as numbers" "$LAB_TARGET4 5 number number" \
	"$(jq -r '.report.mtr | "\(.dst) \(.tests) \(.tos|type) \(.tests|type)"' <<<"$json")"
t_assert_eq "JSON: hubs 1-4, hosts, loss" "1 10.0.1.1 0|2 ??? 100|3 10.0.3.1 0|4 $LAB_TARGET4 0" \
	"$(jq -r '[.report.hubs[] | "\(.count) \(.host) \(.["Loss%"])"] | join("|")' <<<"$json")"
t_assert_eq "JSON: icmp_limited for the silent hop only" "2" \
	"$(jq -r '[.report.hubs[] | select(.icmp_limited) | .count] | join(" ")' <<<"$json")"
csv=$(lab_exec c "$bin" --csv -n -c 2 -i 0.1 "$LAB_TARGET4")
t_assert_eq "CSV: mtr's header" "Mtr_Version,Start_Time,Status,Host,Hop,Ip,Loss%,Snt, ,Last,Avg,Best,Wrst,StDev," \
	"$(head -1 <<<"$csv")"
t_assert_eq "CSV: the same hops and loss as JSON" "1,10.0.1.1,0.00|2,???,100.00|3,10.0.3.1,0.00|4,$LAB_TARGET4,0.00" \
	"$(tail -n +2 <<<"$csv" | cut -d, -f5-7 | paste -sd'|')"
xml=$(lab_exec c "$bin" --xml -n -c 1 "$LAB_TARGET4")
t_assert_match "XML: mtr's element layout" "<HUB COUNT=\"2\" HOST=\"\?\?\?\">"$'\n'"        <Loss> 100.0%</Loss>" "$xml"
raw=$(lab_exec c "$bin" --raw -n -c 2 -i 0.1 "$LAB_TARGET4")
t_assert_eq "raw: hosts announced once each" "h 0 10.0.1.1|h 2 10.0.3.1|h 3 $LAB_TARGET4" \
	"$(grep '^h ' <<<"$raw" | sort -u | paste -sd'|')"
unmatched=$(awk '$1 == "x" { sent[$3] = $2 } $1 == "p" && sent[$4] != $2 { bad++ } END { print bad + 0 }' <<<"$raw")
t_assert_eq "raw: every answer (p) matches a probe sent (x) to the same hop" 0 "$unmatched"
split=$(lab_exec c "$bin" --split -n -c 2 -i 0.1 "$LAB_TARGET4")
t_assert_match "split: final line for the target" $'\n'"4 $LAB_TARGET4 0 2 2 " "$split"
lab_down

# --- loss after router 4 shows from hop 5 on, not before --------------------------------
lab_up --routers 6 --loss 4:30 || exit 1
out=$(lab_exec c "$bin" -r -n -c 200 -i 0.01 "$LAB_TARGET4")
read -r lo hi < <(awk -v n=200 -v p=0.3 'BEGIN { m = n * p; d = 3.29 * sqrt(n * p * (1 - p));
	printf "%.1f %.1f\n", (m - d) / 2, (m + d) / 2 }')
for k in 1 2 3 4; do
	t_assert_match "30% after router 4: hop $k loses nothing" $'\n'"  $k\.\|-- 10\.0\.$k\.1 +0\.0%" "$out"
done
for k in 5 6 7; do
	loss=$(awk -v k="$k" '$1 == k".|--" { sub("%", "", $3); print $3 }' <<<"$out")
	t_assert_range "30% after router 4: hop $k loses $loss%" "$lo" "$hi" "$loss"
done
t_assert_no_match "30% after router 4: no hop flagged as limiting its ICMP" "Note:" "$out"
lab_down

# --- a rate-limited router ------------------------------------------------------------
lab_up --routers 5 --ratelimit 3:1000 || exit 1
out=$(lab_exec c "$bin" -r -n -c 30 -i 0.05 "$LAB_TARGET4")
t_assert_match "rate-limited hop 3 noted as its own ICMP limiting, with hop 4's Loss%" \
	"Note: hop 3 \(10\.0\.3\.1\) loses [0-9.]+%, hop 4 only 0\.0%: the router limits the ICMP it sends" "$out"
t_assert_eq "the note's figure is hop 3's Loss% column" \
	"$(awk '$1 == "3.|--" { print $3 }' <<<"$out")" "$(grep -o 'loses [0-9.]*%' <<<"$out" | cut -d' ' -f2)"
t_assert_match "the target loses nothing" $'\n''  6\.\|-- 10\.0\.6\.1 +0\.0%' "$out"
lab_down

# --- ECMP: UDP probes with moving ports find both routers of the pair; -P pins one --------
lab_up --routers 3 --ecmp 2 || exit 1
out=$(lab_exec c "$bin" -r -n -u -c 10 -i 0.05 "$LAB_TARGET4")
hop2=$(sed -n '/^  2\.|-- /,/^  3\./p' <<<"$out" | sed '$d')
t_assert_eq "ECMP, -u: both routers at hop 2" "10.0.2.1 10.1.2.1" \
	"$(grep -oE '10\.[01]\.2\.1' <<<"$hop2" | sort | xargs)"
t_assert_match "ECMP, -u: the second one under the hop, as Debian's mtr prints it" \
	$'\n''        10\.[01]\.2\.1 {25}$' "$hop2"
json=$(lab_exec c "$bin" --json -n -u -c 10 -i 0.05 "$LAB_TARGET4")
t_assert_eq "ECMP, JSON: both responders of hop 2" "2" \
	"$(jq '.report.hubs[1].responders | length' <<<"$json")"
out=$(lab_exec c "$bin" -r -n -u -P 5000 -c 10 -i 0.05 "$LAB_TARGET4")
t_assert_eq "ECMP, -u -P: one flow, one router at hop 2" 1 "$(grep -cE '10\.[01]\.2\.1' <<<"$out")"
out=$(lab_exec c "$bin" -r -n -T -c 3 -i 0.05 "$LAB_TARGET4")
t_assert_match "-T: TCP probes reach the target (it answers with a reset)" \
	$'\n''  4\.\|-- '"$LAB_TARGET4"' +0\.0%' "$out"
# a TCP probe's checksum covers the source address -a gave: it must stay valid all run
out=$(lab_exec c "$bin" -r -n -T -a "$LAB_CLIENT4" -c 3 -i 0.05 "$LAB_TARGET4" 2>&1)
t_assert_match "-T -a: TCP probes from the address given reach the target" \
	$'\n''  4\.\|-- '"$LAB_TARGET4"' +0\.0%' "$out"
lab_down

# --- names: reverse lookups through the lab's DNS server, as mtr shows them --------------
lab_up --routers 2 --dns || exit 1
ours=$(lab_exec c "$bin" -r -c 2 -i 0.1 "$LAB_TARGET4")
peer=$(lab_exec c mtr -r -c 2 -i 0.1 "$LAB_TARGET4")
t_assert_eq "names: the same hop names as mtr 0.95" "$(sed -n '3,$p' <<<"$peer" | cut -c1-33)" \
	"$(sed -n '3,$p' <<<"$ours" | cut -c1-33)"
t_assert_match "names: r1.lab.test at hop 1" $'\n''  1\.\|-- r1\.lab\.test ' "$ours"
ours=$(lab_exec c "$bin" -w -b -c 1 "$LAB_TARGET4")
t_assert_match "-b: name and address" $'\n''  3\.\|-- t\.lab\.test \(10\.0\.3\.1\) ' "$ours"
lab_down

# --- the route vanishes mid-run: the rest of the run shows as loss, with the reason -------
lab_up --routers 2 || exit 1
log=$(mktemp)
lab_exec c "$bin" -r -n -c 40 -i 0.05 "$LAB_TARGET4" >"$log" 2>&1 &
mtr_pid=$!
# router 1 has seen the first round (30 TTLs at once) and about 10 more of 3 hops each:
# then the route goes
rx() { lab_exec r1 cat /sys/class/net/to-c/statistics/rx_packets; }
start_rx=$(rx)
t_wait_for 10 bash -c "(( \$(ip netns exec $LAB_NS_ROUTER_1 cat /sys/class/net/to-c/statistics/rx_packets) >= $start_rx + 60 ))"
lab_exec c ip route del default
lab_exec c ip route del 10.0.3.0/24 2>/dev/null
wait "$mtr_pid"
out=$(cat "$log")
rm -f "$log"
loss3=$(awk '$1 == "3.|--" { sub("%", "", $3); print $3 }' <<<"$out")
t_assert_range "route gone mid-run: the target shows the lost rest of the run ($loss3%)" 10 90 "$loss3"
t_assert_match "route gone mid-run: the reason is noted" \
	"Note: some probes could not be sent \(Network is unreachable\); they count as lost\." "$out"
lab_down

# --- a destination that never answers: mtr 0.95's rows, in every mode, and a note -------
# Router 3 is silent and the destination drops everything: mtr 0.95 shows hops up to one
# past the last that answered (1, 2, ???, 4, ???).
lab_up --routers 4 --silent 3 || exit 1
lab_exec t nft -f - <<NFT
table inet deaf {
	chain input {
		type filter hook input priority 0; policy drop;
		iifname "lo" accept
	}
}
NFT
ours=$(lab_exec c "$bin" -r -n -c 2 -i 0.2 -Z 1 "$LAB_TARGET4")
peer=$(lab_exec c mtr -r -n -c 2 -i 0.2 "$LAB_TARGET4")
t_assert_eq "dead destination: mtr 0.95's rows, hosts, loss and sent" "$(strip_times <<<"$peer")" \
	"$(grep -v '^Note' <<<"$ours" | strip_times)"
t_assert_match "dead destination: its row, 100% lost" $'\n''  5\.\|-- \?\?\?  +100\.0     2' "$ours"
t_assert_match "dead destination: a note says so" \
	$'\n'"Note: the destination \($LAB_TARGET4\) never answered; hop 4 \(10\.0\.4\.1\) is the last hop that answered, and from hop 5 on nothing came back\." "$ours"
json=$(lab_exec c "$bin" --json -n -c 2 -i 0.2 -Z 1 "$LAB_TARGET4")
t_assert_eq "dead destination, JSON: the last hub is the dark hop at 100%, and the note" \
	"5 ??? 100|Note: the destination ($LAB_TARGET4) never answered" \
	"$(jq -r '(.report.hubs[-1] | "\(.count) \(.host) \(.["Loss%"])") + "|" + (.report.notes[0] | sub(";.*"; ""))' <<<"$json")"
csv=$(lab_exec c "$bin" --csv -n -c 2 -i 0.2 -Z 1 "$LAB_TARGET4")
t_assert_eq "dead destination, CSV: its row" "5,???,100.00" "$(tail -1 <<<"$csv" | cut -d, -f5-7)"
xml=$(lab_exec c "$bin" --xml -n -c 2 -i 0.2 -Z 1 "$LAB_TARGET4")
t_assert_match "dead destination, XML: its hub" "<HUB COUNT=\"5\" HOST=\"\?\?\?\">"$'\n'"        <Loss> 100.0%</Loss>" "$xml"
raw=$(lab_exec c "$bin" --raw -n -c 2 -i 0.2 -Z 1 "$LAB_TARGET4")
t_assert_eq "dead destination, raw: its probes go out (x), none is answered (p)" "2 0" \
	"$(awk '$1 == "x" && $2 == 4 { x++ } $1 == "p" && $2 == 4 { p++ } END { print x + 0, p + 0 }' <<<"$raw")"
split=$(lab_exec c "$bin" --split -n -c 2 -i 0.2 -Z 1 "$LAB_TARGET4")
t_assert_eq "dead destination, split: its line, as mtr writes an unknown host" "5 ???" "$(grep '^5 ' <<<"$split" | tail -1)"
lab_down

# --- loss the rounds cannot tell from none --------------------------------------------------
# Router 3 drops exactly 3 of every 10 packets it forwards to the destination (a
# counter, not chance): 20 rounds lose 5 to 7, which chance could explain.
lab_up --routers 3 || exit 1
lab_exec r3 nft -f - <<NFT
table inet every10 {
	chain fwd_out {
		type filter hook forward priority 0; policy accept;
		oifname "to-t" numgen inc mod 10 < 3 drop
	}
}
NFT
out=$(lab_exec c "$bin" -r -n -c 20 -i 0.05 "$LAB_TARGET4")
loss4=$(awk '$1 == "4.|--" { sub("%", "", $3); print $3 }' <<<"$out")
t_assert_range "every 10th-of-3 dropped: the destination loses $loss4%" 25 35 "$loss4"
t_assert_match "a note says 20 rounds cannot tell it from none, and what would" \
	$'\n'"Note: 20 rounds cannot tell the loss at hop 4 \($loss4%\) from none; 50 would\." "$out"
lab_down

# --- SIGINT: the JSON says the run was cut short, and what was done -------------------------
lab_up --routers 2 || exit 1
tmp=$(mktemp -d)
lab_exec c bash -c 'echo $$ >"$0"; exec "$@"' "$tmp/pid" "$bin" --json -n -c 1000 -i 0.05 "$LAB_TARGET4" \
	>"$tmp/out" 2>&1 &
bg=$!
t_wait_for 5 test -s "$tmp/pid"
# router 1 has seen the first round (30 TTLs) and 10 more of 3
t_wait_for 10 bash -c "(( \$(ip netns exec $LAB_NS_ROUTER_1 cat /sys/class/net/to-c/statistics/rx_packets) >= 60 ))"
kill -INT "$(cat "$tmp/pid")"
wait "$bg"
json=$(cat "$tmp/out")
t_assert_eq "SIGINT, JSON: interrupted, and tests is what every hop was sent" "true $(jq .report.mtr.tests <<<"$json")" \
	"$(jq -r '"\(.report.interrupted) \([.report.hubs[].Snt] | unique | join(" "))"' <<<"$json")"
t_assert_match "SIGINT, JSON: a note says how far it got" "Note: interrupted after [0-9]+ of 1000 rounds\." \
	"$(jq -r '.report.notes[-1]' <<<"$json")"
rm -rf "$tmp"
lab_down

# --- bad input: one line, exit 2 ----------------------------------------------------------
lab_up --routers 1 || exit 1
check_bad() {
	local name=$1 want=$2
	shift 2
	local got rc
	got=$(lab_exec c "$@" 2>&1)
	rc=$?
	t_assert_eq "bad input $name: exit 2, one line" "2|$want" "$rc|$got"
}
check_bad "-c 0" "mtr: invalid count '0': too small (minimum 1)" "$bin" -r -c 0 "$LAB_TARGET4"
check_bad "-i abc" "mtr: invalid interval 'abc': not a number" "$bin" -r -i abc "$LAB_TARGET4"
check_bad "-o Z" "mtr: invalid order: 'Z' is not a field (use any of LDRSNBAWVGJMXI and space)" \
	"$bin" -r -o LZ "$LAB_TARGET4"
check_bad "-s 10" "mtr: invalid packet size '10': 28 to 65000 bytes, or -65000 to -28 for random sizes" "$bin" -r -s 10 "$LAB_TARGET4"
check_bad "-f 5 -m 3" "mtr: invalid first ttl: 5 is above the max ttl 3" "$bin" -r -f 5 -m 3 "$LAB_TARGET4"
check_bad "unknown host" "mtr: nosuch.invalid: Temporary failure in name resolution" "$bin" -r nosuch.invalid
check_bad "-P alone" "mtr: -P: a port needs -u (UDP) or -T (TCP)" "$bin" -r -P 80 "$LAB_TARGET4"
check_bad "no host" "mtr: usage: a host to trace is needed (mtr [options] hostname...)" "$bin" -r
tmp=$(mktemp -d)
cp "$bin" "$tmp/mtr"
chmod 755 "$tmp" "$tmp/mtr"
check_bad "-i 0.5 as nobody" "mtr: invalid interval: an interval under 1 second needs root or cap_net_raw" \
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$tmp/mtr" -r -i 0.5 "$LAB_TARGET4"
rm -rf "$tmp"
lab_down

t_summary
