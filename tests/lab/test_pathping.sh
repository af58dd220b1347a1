#!/usr/bin/env bash
# test_pathping.sh — pathping in the lab: Windows' layout; loss injected after router 4
# attributed to the link into hop 5 (and nothing behind it); a rate-limited router
# flagged as its own loss, not the path's; the statistics phase takes q x period
# whatever the number of hops; JSON agrees with the table; bad input.
. "$(dirname "$0")/../lab/prelude.sh"
bin=$LAB_BIN/pathping
trap lab_down EXIT

# since T0: seconds elapsed since the $EPOCHREALTIME value T0.
since() { awk -v a="${1/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.2f", b - a }'; }

# --- layout on a clean 2-router path -----------------------------------------------
lab_up --routers 2 || exit 1
t0=$EPOCHREALTIME
out=$(lab_exec c "$bin" -n -q 20 -p 50 "$LAB_TARGET4" 2>&1)
t2=$(since "$t0")
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

No loss on the path: every hop answered within what chance explains."
t_assert_eq "clean path: Windows pathping's layout, exactly" "$expected" "$out"
json=$(lab_exec c "$bin" -n -q 10 -p 20 --json "$LAB_TARGET4")
t_assert_eq "JSON: hops, sent per hop, reached" "1 2 3|10 10 10|true" \
	"$(jq -r '[.hops[].hop] | join(" ")' <<<"$json")|$(jq -r '[.hops[].source_to_here.sent] | join(" ")' <<<"$json")|$(jq -r .reached <<<"$json")"
lab_down

# --- all hops at once: 8 routers take as long as 2 ------------------------------------
lab_up --routers 8 || exit 1
t0=$EPOCHREALTIME
out=$(lab_exec c "$bin" -n -q 20 -p 50 "$LAB_TARGET4" 2>&1)
t8=$(since "$t0")
t_assert_match "8 routers: 9 hops in the table" $'\n  9    [0-9]+ms' "$out"
# Windows would spend q x period per hop (8 s more for 8 routers): ours is the same
# 1-second statistics phase plus set-up either way.
t_assert_range "8 routers: run takes about as long as with 2 ($t8 s vs $t2 s)" 0 0.6 \
	"$(awk -v a="$t8" -v b="$t2" 'BEGIN { d = a - b; print d < 0 ? -d : d }')"
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
	"Hop 3 \(10\.0\.3\.1\) drops [0-9.]+% of the probes addressed to it but forwards traffic" "$out"
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

t_summary
