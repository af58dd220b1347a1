#!/usr/bin/env bash
# test_traceroute.sh — traceroute's paths in the lab: the exact hop list for 1..8
# routers with UDP (unprivileged and raw), ICMP, TCP and raw IP, IPv4 and IPv6, each
# the same as traceroute 2.x prints on the same lab; silent hops ("*", later hops
# still there) waited for milliseconds, not a fixed time; the endings !X, !P, !H, !N and
# port unreachable; a silent target (every "*" to the max TTL, exit 0) that costs one
# adaptive wait of at least a second, not -w's rounds. Times are the run's own
# (--json's duration_ms), bounded from above only against a wrong wait far away. No
# probe past the destination's TTL once its answer waits to be read.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
sends=$(mktemp)
trap 'lab_down >/dev/null 2>&1; rm -f "$sends"' EXIT

# --- 1..8 routers: every method, both families ---------------------------------------
for n in 1 2 3 4 5 6 7 8; do
	lab_up --routers "$n" || exit 1
	want4=$(tr_expect "$n" 4)
	want6=$(tr_expect "$n" 6)
	for m in "" -I -T --raw -U; do
		tr_check "$n routers, v4 ${m:-UDP}: hop list" "$want4" -n $m "$LAB_TARGET4"
	done
	for m in "" -I -T; do
		tr_check "$n routers, v6 ${m:-UDP}: hop list" "$want6" -n -6 $m "$LAB_TARGET6"
	done
	if ((n == 1 || n == 5 || n == 8)); then
		for m in "" -I -T -U; do
			tr_golden "$n routers, v4 ${m:-UDP}" -n $m "$LAB_TARGET4"
		done
		tr_golden "$n routers, v6 UDP" -n -6 "$LAB_TARGET6"
	fi
	lab_down
done

# --- raw IP protocol 253: the target answers protocol unreachable, !P ----------------
lab_up --routers 2 || exit 1
TR_TAIL=1 tr_check "-P 253: ends with !P at the target" " 3  $LAB_TARGET4 !P" -n -q 1 -P 253 "$LAB_TARGET4"
tr_golden "-P 253" -n -q 1 -P 253 "$LAB_TARGET4"
lab_down

# --- silent hops -----------------------------------------------------------------------
lab_up --routers 4 --silent 2 --silent 3 || exit 1
TR_FROM=2 tr_check "silent hops 2, 3: stars, later hops still there" \
	"$(printf ' 1  10.0.1.1\n 2  * * *\n 3  * * *\n 4  10.0.4.1\n 5  10.0.5.1')" -n "$LAB_TARGET4"
tr_golden "silent hops 2, 3" -n "$LAB_TARGET4"
tr_golden "silent hops 2, 3, ICMP" -n -I "$LAB_TARGET4"
TR_FROM=2 tr_check "silent hops, v6" \
	"$(printf ' 1  fd00:0:0:1::1\n 2  * * *\n 3  * * *\n 4  fd00:0:0:4::1\n 5  fd00:0:0:5::1')" \
	-n -6 "$LAB_TARGET6"
# a silent hop waits NEAR x the next hop's RTT, not a fixed time: milliseconds here,
# where the wrong waits are the 1 s floor past the farthest answer and -w's 5 s
ms=$(tr_duration -n "$LAB_TARGET4")
t_assert_range "silent hops cost what the RTTs around them justify, not the 1 s floor: ${ms} ms" \
	0 800 "$ms"
lab_down

# --- endings ---------------------------------------------------------------------------
lab_up --routers 3 --udp filter || exit 1
TR_TAIL=1 tr_check "admin prohibited target: !X on each probe" " 4  $LAB_TARGET4 !X !X !X" \
	-n "$LAB_TARGET4"
tr_golden "admin prohibited target" -n "$LAB_TARGET4"
TR_TAIL=1 tr_check "admin prohibited target, v6: !X" " 4  $LAB_TARGET6 !X !X !X" \
	-n -6 "$LAB_TARGET6"
TR_TAIL=1 tr_check "admin prohibited for UDP only: ICMP gets through" " 4  $LAB_TARGET4" \
	-n -I "$LAB_TARGET4"
lab_down

lab_up --routers 3 || exit 1
for kind in host net; do
	printf 'table inet trrej {\n chain fw {\n  type filter hook forward priority 0; policy accept;\n  ip daddr %s reject with icmp type %s-unreachable\n }\n}\n' \
		"$LAB_TARGET4" "$kind" | lab_exec r3 nft -f -
	mark=$([[ $kind == host ]] && echo '!H' || echo '!N')
	TR_TAIL=2 tr_check "$kind unreachable from router 3: $mark, trace ends" \
		"$(printf ' 3  10.0.3.1\n 4  10.0.3.1 %s %s %s' "$mark" "$mark" "$mark")" \
		-n "$LAB_TARGET4"
	tr_golden "$kind unreachable" -n "$LAB_TARGET4"
	lab_exec r3 nft delete table inet trrej
done
lab_down

# --- a silent target: stars to the max TTL, exit 0, about a second ---------------------
lab_up --routers 3 || exit 1
tr_quiet_target
out=$(tr_ours -n -m 8 "$LAB_TARGET4")
t_assert_eq "silent target: every TTL past hop 3 is * * * up to -m 8" \
	"$(printf ' 3  10.0.3.1\n 4  * * *\n 5  * * *\n 6  * * *\n 7  * * *\n 8  * * *')" \
	"$(tail -n 6 <<<"$out")"
# -w 10: a run that waited -w for the silent probes (2.x's way: rounds of 16 probes,
# 24 to send) would take 10 s or more; ours waits once, its floor of 1 s
ms=$(tr_duration -n -m 8 -w 10 "$LAB_TARGET4")
t_assert_range "silent target: one adaptive wait, at least its 1 s floor, not -w's 10 s rounds: ${ms} ms" \
	999 5000 "$ms"
lab_exec c "$TR" -n -m 5 -w 0.3 "$LAB_TARGET4" >/dev/null 2>&1
t_assert_eq "silent target: exit 0, as 2.x" 0 "$?"
tr_golden "silent target" -n -m 5 -w 0.3 "$LAB_TARGET4"
lab_down

# --- the destination's answer waits: nothing is sent past its TTL ----------------------
# Without delay, a probe's answer arrives while the next probe is sent, and the kernel
# fails that send with the answer's error (the socket's pending error), then we send it
# again. When it is the destination's port unreachable (ECONNREFUSED), no probe with a
# higher TTL may follow before the answer is read (traceroute 2.x sends on, 16 ahead).
# strace shows each send's TTL and result. A run where no send met the destination's
# answer (the kernel delivered it later) proves nothing either way: up to 5 runs.
# past_after_refusal FILE: "TTL N" of the first send refused with ECONNREFUSED and how
# many sends after it went out with a TTL above N; nothing when no send was refused.
past_after_refusal() {
	awk 'match($0, /IP_TTL, cmsg_data=\[[0-9]+\]/) {
		ttl = substr($0, RSTART + 19, RLENGTH - 20) + 0
		if (!refused && / = -1 ECONNREFUSED/) { refused = ttl; next }
		if (refused && / = [0-9]+$/ && ttl > refused) past++
	}
	END { if (refused) printf "TTL %d, %d past it\n", refused, past }' "$1"
}
lab_up --routers 2 || exit 1
for ((i = 0; i < 5; i++)); do
	lab_exec c strace -qq -e trace=sendmsg -e signal=none -o "$sends" "$TR" -n "$LAB_TARGET4" \
		>/dev/null 2>&1
	got=$(past_after_refusal "$sends")
	[[ -n $got ]] && break
done
t_assert_eq "a send met the destination's answer (${got%%,*}): no probe past it until it is read" \
	"0 past it" "${got#*, }"
lab_down

t_summary
