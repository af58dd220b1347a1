#!/usr/bin/env bash
# test_ping_impair.sh — netdx ping on impaired lab paths: loss injected by a router
# stays within its binomial bounds in the statistics; duplicates made by an nft dup
# rule show as (DUP!), in the counts, the extras and the JSON; a fixed injected delay
# shows in the RTT, and an injected jitter in the jitter, mdev and percentile figures
# and, with probes closer together than the jitter, in the reordering count. RTTs are
# checked from below (the delay line adds at least its delay; a loaded machine only adds
# more) and against the run's own figures (jitter and mdev within what the minimum and
# maximum allow), never in a window from above; how close our RTT is to iputils' is
# bench/ping.sh's "exactness".
. "$(dirname "$0")/../lab/prelude.sh"
build=$LAB_BUILD
ping="$build/bin/ping"
trap 'lab_down >/dev/null 2>&1' EXIT

# summary_field NAME JSONLINES: a field of the JSON summary.
summary_field() { jq -r "select(.type == \"summary\") | .$1" <<<"$2"; }

# figures_agree JSONLINES: "true" when the summary's figures agree with each other as
# they must whatever the timing (a mean of differences is at most the largest one, no
# difference exceeds max - min, a standard deviation is at most half the range), with
# 0.002 ms for the rounding to 3 decimals.
figures_agree() {
	jq -r 'select(.type == "summary") | .rtt as $r | .jitter as $j | 0.002 as $e |
		$r.min <= $r.avg + $e and $r.avg <= $r.max + $e and
		$j.avg <= $j.max + $e and $j.max <= $r.max - $r.min + $e and
		$r.mdev <= ($r.max - $r.min) / 2 + $e' <<<"$1"
}

# --- loss: router 2 drops 30% of echo requests ------------------------------------------
n=400
lab_up --routers 3 --loss 2:30 || exit 1
out=$(lab_exec c "$ping" -q -c $n -i 0.002 -W 0.5 "$LAB_TARGET4")
rc=$?
received=$(grep -o '[0-9]* received' <<<"$out" | tr -dc 0-9)
lost=$((n - received))
read -r lo hi < <(awk -v n=$n -v p=0.3 'BEGIN { m = n * p; d = 3.29 * sqrt(n * p * (1 - p));
	printf "%d %d\n", m - d, m + d + 0.999 }')
t_assert_range "30% loss: $lost of $n lost, within the 99.9% bounds [$lo, $hi]" "$lo" "$hi" "$lost"
t_assert_eq "30% loss: transmitted $n" "$n" "$(grep -o '[0-9]* packets transmitted' <<<"$out" | tr -dc 0-9)"
want=$(awk -v n=$n -v l=$lost 'BEGIN { printf "%g", (l * 100.0) / n }')
t_assert_match "30% loss: the loss figure is (sent - received) / sent" ", ${want}% packet loss" "$out"
t_assert_eq "30% loss: some replies: exit 0" 0 "$rc"
j=$(lab_exec c "$ping" -j -q -c 200 -i 0.002 -W 0.5 "$LAB_TARGET4")
t_assert_eq "30% loss, JSON: loss = (transmitted - received) / transmitted" "true" \
	"$(jq -r 'select(.type == "summary") | ((.loss - (.transmitted - .received) * 100 / .transmitted) | fabs) < 0.001' <<<"$j")"
lab_down

# --- duplicates: router 2 sends every echo request on twice -----------------------------
lab_up --routers 3 || exit 1
lab_exec r2 nft -f - <<'EOF'
table ip dups {
	chain forward { type filter hook forward priority 0;
		ip daddr 10.0.4.1 icmp type echo-request dup to 10.0.3.1 device "to-r3"
	}
}
EOF
out=$(lab_exec c "$ping" -c 5 -i 0.05 "$LAB_TARGET4")
t_assert_eq "dup: a (DUP!) line after each but the last reply" 4 "$(grep -c ' (DUP!)$' <<<"$out")"
t_assert_match "dup: +4 duplicates in the statistics" "5 received, \+4 duplicates, 0% packet loss" "$out"
t_assert_match "dup: counted in the extras" "reordering: 0 reordered, 4 duplicated" "$out"
j=$(lab_exec c "$ping" --json -w 2 -c 5 -i 0.05 "$LAB_TARGET4")
dups=$(jq -c 'select(.type == "reply" and .duplicate)' <<<"$j" | wc -l)
t_assert_range "dup, JSON: duplicate replies marked" 4 5 "$dups"
t_assert_eq "dup, JSON: the summary counts them" "$dups" "$(summary_field duplicates "$j")"
t_assert_eq "dup, JSON: first replies still 5" 5 "$(summary_field received "$j")"
out=$(lab_exec c "$ping" -c 2 -i 0.05 "$LAB_TARGET4" 10.0.3.1)
t_assert_match "dup in a sweep: fping's duplicate line" "10.0.4.1 : duplicate for \[0\], 64 bytes, [0-9.]+ ms" "$out"
t_assert_match "dup in a sweep: not counted as a reply" "10.0.4.1 : xmt/rcv/%loss = 2/2/0%" "$out"
lab_down

# --- delay: router 1 holds each packet 10 ms each way ------------------------------------
lab_up --routers 2 --delay 1:10 || exit 1
j=$(lab_exec c "$ping" --json -c 30 -i 0.02 "$LAB_TARGET4")
t_assert_eq "delay 2x10 ms: 30 of 30 answered" 30 "$(summary_field received "$j")"
# milliseconds: in microseconds the figures would be 1000 times larger, in seconds
# below the delay
t_assert_range "delay 2x10 ms: minimum at least the delay (ms)" 20 1000 "$(summary_field rtt.min "$j")"
t_assert_range "delay 2x10 ms: mean at least the delay (ms)" 20 1000 "$(summary_field rtt.avg "$j")"
t_assert_range "delay 2x10 ms: p50 at least the delay (ms)" 20 1000 "$(summary_field percentiles.p50 "$j")"
t_assert_eq "delay 2x10 ms: the figures agree: min <= avg <= max, jitter avg <= jitter max <= max - min, mdev <= (max - min) / 2" \
	true "$(figures_agree "$j")"
lab_down

# --- jitter: the same delay, +-5 ms each way -------------------------------------------
lab_up --routers 2 --delay 1:10:5 || exit 1
# From below: each crossing holds 10 +-5 ms, so no round trip is under 10 ms, and the
# injected spread shows in every figure (a stall of the machine only adds to them);
# from above only the bounds the run's own minimum and maximum set.
j=$(lab_exec c "$ping" --json -c 60 -i 0.02 "$LAB_TARGET4")
t_assert_range "jitter +-5 ms: minimum RTT at least 2 x 5 ms" 10 1000 "$(summary_field rtt.min "$j")"
t_assert_range "jitter +-5 ms: mean RTT at least 2 x 5 ms" 10 1000 "$(summary_field rtt.avg "$j")"
t_assert_range "jitter +-5 ms: jitter avg at least 1.5 ms" 1.5 1000 "$(summary_field jitter.avg "$j")"
t_assert_range "jitter +-5 ms: jitter max at least 4 ms" 4 1000 "$(summary_field jitter.max "$j")"
t_assert_range "jitter +-5 ms: mdev at least 1.5 ms" 1.5 1000 "$(summary_field rtt.mdev "$j")"
t_assert_eq "jitter +-5 ms: the figures agree (as for the fixed delay)" true "$(figures_agree "$j")"
t_assert_eq "jitter +-5 ms: p90 above p50 by over 1 ms" true \
	"$(jq -r 'select(.type == "summary") | .percentiles.p90 - .percentiles.p50 > 1' <<<"$j")"
out=$(lab_exec c "$ping" -q -c 30 -i 0.02 "$LAB_TARGET4")
t_assert_match "jitter +-5 ms: in the text extras" "jitter avg/max = [1-9][0-9]*\.[0-9]{3}/[0-9.]+ ms" "$out"
# Probes 2 ms apart with +-10 ms of jitter per round trip overtake each other.
out=$(lab_exec c "$ping" -q -c 100 -i 0.002 "$LAB_TARGET4")
t_assert_range "jitter +-5 ms, probes 2 ms apart: reordered replies counted" 5 99 \
	"$(sed -n 's/^reordering: \([0-9]*\) reordered.*/\1/p' <<<"$out")"
t_assert_match "jitter +-5 ms, probes 2 ms apart: none lost, none duplicated" \
	"100 packets transmitted, 100 received, 0% packet loss" "$out"
j=$(lab_exec c "$ping" -j -q -c 100 -i 0.002 "$LAB_TARGET4")
t_assert_range "jitter +-5 ms, probes 2 ms apart: JSON reordered" 5 99 "$(summary_field reordered "$j")"

t_summary
