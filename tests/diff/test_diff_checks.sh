#!/usr/bin/env bash
# test_diff_checks.sh — the differential harness's own parsers, model and judges on
# outputs written here (no lab, nothing sent): each judge passes the output the lab
# allows and fails the wrong ones it exists for (a responder the lab does not have, a
# TTL that must answer and did not, the target on the wrong hop, no ??? row for a dead
# target, loss on a clean path, an RTT below the lab's delays).
. "$(dirname "$0")/../lab/prelude.sh"
. tests/diff/scenario.sh
. tests/diff/parse.sh
. tests/diff/checks.sh

# lab4 N DEAD: a v4 lab of N routers, router 2 an ECMP pair, router 3 silent, nothing
# lossy or slow (the model of what difftest's seeds draw, set by hand).
lab4() {
	SC_SEED=0 SC_FAM=4 SC_N=$1 SC_DEAD=$2 SC_ECMP=2 SC_PING_TTL=0
	SC_SILENT=([3]=1) SC_LOSS=() SC_DELAY=() SC_RLIMIT=()
	SC_TARGET=$(lab_hop_addr $((SC_N + 1)) 4)
	SC_MAX_TTL=$((SC_N + 2))
	sc_model
}

# judge FN SIDE_TEXT: FN's verdict on a parsed record ("pass" or "fail: why").
judge() {
	DT_REC[ours]=$2
	DT_RC[ours]=${3:-0}
	DT_WHY=()
	if "$1" ours; then echo pass; else echo "fail: ${DT_WHY[ours]}"; fi
}

# --- parsers ---------------------------------------------------------------------------
tr_out=$(
	cat <<'EOF'
traceroute to 10.0.5.1 (10.0.5.1), 6 hops max, 60 byte packets
 1  10.0.1.1  0.052 ms  0.006 ms  0.004 ms
 2  10.0.2.1  0.013 ms 10.1.2.1  0.013 ms *
 3  * * *
 4  10.0.4.1  0.020 ms  0.010 ms  0.010 ms
 5  10.0.5.1  0.120 ms !X  0.100 ms !X *
EOF
)
t_assert_eq "pr_traceroute: answers, stars, responders, marks per TTL" \
	"$(printf '1 3 0 10.0.1.1 -\n2 2 1 10.0.2.1,10.1.2.1 -\n3 0 3 - -\n4 3 0 10.0.4.1 -\n5 2 1 10.0.5.1 !X')" \
	"$(pr_traceroute <<<"$tr_out")"
mtr_out=$(
	cat <<'EOF'
Start: 2026-12-05T09:04:44+0000
HOST: vm                          Loss%   Snt   Last   Avg  Best  Wrst StDev
  1.|-- fd00:0:0:1::1              0.0%    10    0.2   0.2   0.1   0.3   0.0
  2.|-- fd00:1:0:2::1             30.0%    10    0.2   0.2   0.1   0.2   0.0
        fd00:0:0:2::1                    
  3.|-- ???                       100.0    10    0.0   0.0   0.0   0.0   0.0
  4.|-- fd00:0:0:4::1             55.0%    20    0.2   0.2   0.2   0.3   0.1
Note: hop 3 sends no ICMP replies, yet later hops answer: it forwards traffic; its 100% is not loss.
EOF
)
t_assert_eq "pr_mtr: rows, lost probes, addresses under a row, notes skipped" \
	"$(printf '1 fd00:0:0:1::1 0 10 -\n2 fd00:1:0:2::1 3 10 fd00:0:0:2::1\n3 ??? 10 10 -\n4 fd00:0:0:4::1 11 20 -')" \
	"$(pr_mtr <<<"$mtr_out")"
ping_out=$(
	cat <<'EOF'
PING 10.0.4.1 (10.0.4.1) 56(84) bytes of data.
64 bytes from 10.0.4.1: icmp_seq=1 ttl=61 time=0.144 ms
From 10.0.2.1 icmp_seq=2 Time to live exceeded
64 bytes from 10.0.4.1: icmp_seq=3 ttl=61 time=0.101 ms (DUP!)

--- 10.0.4.1 ping statistics ---
3 packets transmitted, 1 received, +1 duplicates, +1 errors, 66.6667% packet loss, time 509ms
rtt min/avg/max/mdev = 0.101/0.122/0.144/0.021 ms
EOF
)
t_assert_eq "pr_ping: counts, duplicates, errors, least RTT, addresses, TTLs, error lines" \
	"3 1 1 1 0.101 10.0.4.1 61 10.0.2.1 Time_to_live_exceeded" "$(pr_ping <<<"$ping_out")"
t_assert_eq "pr_binom_bounds: nothing lost where nothing loses" "0 0" "$(pr_binom_bounds 20 0 1e-6)"
t_assert_eq "pr_binom_bounds: all lost where nothing answers" "20 20" "$(pr_binom_bounds 20 1 1e-6)"
read -r lo hi <<<"$(pr_binom_bounds 40 0.5 1e-6)"
# P(X <= 4) = 9.3e-8 and P(X <= 5) = 6.9e-7 for Bin(40, 0.5): the tail cut at 5e-7
t_assert_eq "pr_binom_bounds: 40 at 50% allows 5..35" "5 35" "$lo $hi"

# --- model -----------------------------------------------------------------------------
lab4 4 0
t_assert_eq "model: ECMP pair, silent router, target past its TTL" \
	"[10.0.1.1] [10.0.2.1 10.1.2.1] [] [10.0.4.1] [10.0.5.1] [10.0.5.1]" \
	"$(for k in 1 2 3 4 5 6; do printf '[%s] ' "${SC_ALLOWED[k]}"; done | sed 's/ $//')"
t_assert_eq "model: sure everywhere but the silent router" "1 1 0 1 1 1" "${SC_SURE[*]}"
SC_ECMP=1
sc_model
t_assert_eq "model: behind a pair at position 1, router 2 answers from either link" \
	"[10.0.1.1 10.1.1.1] [10.0.2.1 10.1.2.1] []" "$(for k in 1 2 3; do printf '[%s] ' "${SC_ALLOWED[k]}"; done | sed 's/ $//')"
SC_ECMP=2
SC_LOSS=([2]="30 both") SC_RLIMIT=([4]=100)
sc_model
t_assert_eq "model: loss of router 2 both ways counts from TTL 3 on" \
	"1.000000 1.000000 0.490000 0.490000 0.490000 0.490000" "${SC_PASS[*]}"
t_assert_eq "model: a rate-limiting router is never sure" "1 1 0 0 0 0" "${SC_SURE[*]}"

# --- traceroute judges -----------------------------------------------------------------
lab4 4 0
good=$(printf '1 3 0 10.0.1.1 -\n2 3 0 10.1.2.1 -\n3 0 3 - -\n4 3 0 10.0.4.1 -\n5 3 0 10.0.5.1 -')
for fn in tc_addrs tc_sure tc_reached tc_lines tc_rc; do
	t_assert_eq "$fn passes the lab's own path" pass "$(judge "$fn" "$good")"
done
t_assert_match "tc_addrs: an answer at a silent router's TTL" "^fail: TTL 3: 10.0.5.1 " \
	"$(judge tc_addrs "$(sed 's/^3 0 3 - -$/3 1 2 10.0.5.1 -/' <<<"$good")")"
t_assert_match "tc_sure: a probe lost where nothing loses" "^fail: TTL 4: 2 of 3 " \
	"$(judge tc_sure "$(sed 's/^4 3 0/4 2 1/' <<<"$good")")"
# issue #20 bug 1: traceroute -U put a DNS target on a silent router's TTL
t_assert_match "tc_reached: the target on an earlier TTL" "^fail: the target was not reached at TTL 5 \(reached at: 3\)" \
	"$(judge tc_reached "$(printf '1 3 0 10.0.1.1 -\n2 3 0 10.1.2.1 -\n3 3 0 10.0.5.1 -')")"
t_assert_match "tc_lines: a trace that stops before -m without the target" "^fail: the last line is TTL 4, not 6" \
	"$(judge tc_lines "$(head -n 4 <<<"$good")")"
t_assert_match "tc_rc: exit status 1" "^fail: exit 1" "$(judge tc_rc "$good" 1)"
lab4 4 1
t_assert_match "tc_reached: a dead target answering" "^fail: the dead target answered at TTL 5" \
	"$(judge tc_reached "$good")"

# --- mtr judges ------------------------------------------------------------------------
lab4 4 1
SC_MTR_COUNT=10
dead=$(printf '1 10.0.1.1 0 10 -\n2 10.0.2.1 0 10 10.1.2.1\n3 ??? 10 10 -\n4 10.0.4.1 0 10 -\n5 ??? 10 10 -')
for fn in mc_rows mc_loss mc_addrs mc_snt mc_reached; do
	t_assert_eq "$fn passes mtr 0.95's report of a dead target" pass "$(judge "$fn" "$dead")"
done
# issue #20 bug 2: no ??? row for a target that never answers
t_assert_match "mc_rows: no ??? row after the last hop that answered" "^fail: the last row is TTL 4, not 5" \
	"$(judge mc_rows "$(head -n 4 <<<"$dead")")"
t_assert_eq "mc_rows passes mtr 0.95's empty report when nothing answers" pass "$(judge mc_rows "")"
t_assert_eq "mc_rows passes ??? rows up to -m when nothing answers" pass \
	"$(judge mc_rows "$(for k in 1 2 3 4 5 6; do echo "$k ??? 10 10 -"; done)")"
t_assert_eq "mc_snt passes an empty report" pass "$(judge mc_snt "")"
t_assert_match "mc_loss: loss on a clean path" "^fail: TTL 4: 3 of 10 lost, the lab's loss 0 allows 0..0" \
	"$(judge mc_loss "$(sed 's/^4 10.0.4.1 0/4 10.0.4.1 3/' <<<"$dead")")"
t_assert_match "mc_loss: a silent router's row answering" "^fail: TTL 3: 0 of 10 lost" \
	"$(judge mc_loss "$(sed 's/^3 ??? 10/3 ??? 0/' <<<"$dead")")"
t_assert_match "mc_snt: a row with fewer probes than -c" "^fail: TTL 2: Snt 9, not 10" \
	"$(judge mc_snt "$(sed 's/^2 10.0.2.1 0 10/2 10.0.2.1 0 9/' <<<"$dead")")"

# --- ping judges -----------------------------------------------------------------------
lab4 4 0
SC_PING_COUNT=20 SC_DELAY=([1]="10 2")
t_assert_eq "pc_loss passes a clean path's 20 replies" pass "$(judge pc_loss "20 20 0 0 16.5 10.0.5.1 60 - -")"
t_assert_match "pc_loss: loss on a clean path" "^fail: 1 of 20 lost" "$(judge pc_loss "20 19 0 0 16.5 10.0.5.1 60 - -")"
t_assert_match "pc_replies: a TTL that does not fit the path" "^fail: reply TTLs 61, not 60" \
	"$(judge pc_replies "20 20 0 0 16.5 10.0.5.1 61 - -")"
t_assert_match "pc_rtt: an RTT below the 16 ms the delays add" "^fail: min RTT 0.100 ms below the 16 ms" \
	"$(judge pc_rtt "20 20 0 0 0.100 10.0.5.1 60 - -")"
t_assert_match "pc_rc: exit 0 with nothing received" "^fail: exit 0 with 0 received" \
	"$(judge pc_rc "20 0 0 0 - - - - -" 0)"
SC_PING_TTL=3
t_assert_match "pc_errors: time exceeded from a silent router" "^fail: errors from 10.0.3.1" \
	"$(judge pc_errors "20 0 0 20 - - - 10.0.3.1 Time_to_live_exceeded")"
SC_PING_TTL=2
t_assert_eq "pc_errors passes time exceeded from either router of the pair" pass \
	"$(judge pc_errors "20 0 0 20 - - - 10.0.2.1,10.1.2.1 Time_to_live_exceeded")"

t_summary
