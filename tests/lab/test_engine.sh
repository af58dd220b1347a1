#!/usr/bin/env bash
# test_engine.sh — the probe engine proven in the lab by itself (tests/lab/engine_probe,
# not a product binary): TTL k is answered by router k, the target answers past the
# last router, a silent hop times out while later hops answer, injected delay shows in
# the RTT, injected loss stays within its binomial bounds, capabilities are gone after
# setup for every way of starting, and two instances never take each other's replies.
. "$(dirname "$0")/../lab/prelude.sh"
probe=$LAB_BUILD/tests/engine_probe
tmp=$(mktemp -d)
chmod 755 "$tmp"
cleanup() { lab_down >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT

# field NAME LINE: the value of NAME=... in an engine_probe output line.
field() { [[ $2 =~ (^|\ )$1=([^ ]*) ]] && printf '%s' "${BASH_REMATCH[2]}"; }

# probe_line OUTPUT TTL: the first result line for that TTL.
probe_line() { grep -m1 "^probe ttl=$2 " <<<"$1"; }

# check_path NAME OUTPUT FAMILY: TTL k (1..3) answered with time exceeded from hop k,
# TTL 4 and 5 with an echo reply from the target.
check_path() {
	local name=$1 out=$2 fam=$3 k line want_type=11 reply_type=0
	[[ $fam == 6 ]] && want_type=3 reply_type=129
	for k in 1 2 3; do
		line=$(probe_line "$out" "$k")
		t_assert_eq "$name: ttl $k: time exceeded from hop $k" \
			"error $(lab_hop_addr "$k" "$fam") $want_type" \
			"$(field event "$line") $(field from "$line") $(field type "$line")"
	done
	for k in 4 5; do
		line=$(probe_line "$out" "$k")
		t_assert_eq "$name: ttl $k: echo reply from the target" \
			"reply $(lab_hop_addr 4 "$fam") $reply_type" \
			"$(field event "$line") $(field from "$line") $(field type "$line")"
	done
}

# --- a plain 3-router path, both socket kinds, both families -------------------------
lab_up --routers 3 || exit 1
for kind in dgram raw; do
	opt=()
	[[ $kind == raw ]] && opt=(--raw)
	out=$(lab_exec c "$probe" "${opt[@]}" --ttls 1-5 --count 1 --timeout 1000 "$LAB_TARGET4")
	t_assert_match "v4 $kind: socket kind" "ready pid=[0-9]+ kind=$kind" "$out"
	check_path "v4 $kind" "$out" 4
	out=$(lab_exec c "$probe" -6 "${opt[@]}" --ttls 1-5 --count 1 --timeout 1000 "$LAB_TARGET6")
	check_path "v6 $kind" "$out" 6
done

# Capabilities while a run is in progress: root with a raw socket, root with a
# datagram socket, nobody with a datagram socket, nobody with the file capability.
# cap_state WHO CMD...: start CMD in the client, wait for "ready", read its status.
cap_state() {
	local log="$tmp/cap.log" pid status
	lab_exec c "$@" --count 100 --interval 20 "$LAB_TARGET4" >"$log" 2>&1 &
	local bg=$!
	if ! t_wait_for 5 grep -q '^ready' "$log"; then
		kill "$bg" 2>/dev/null
		wait "$bg" 2>/dev/null
		echo "no ready line: $(cat "$log")"
		return
	fi
	pid=$(field pid "$(grep '^ready' "$log")")
	status=$(grep -E '^(CapInh|CapPrm|CapEff|CapAmb|NoNewPrivs|Seccomp):' "/proc/$pid/status" | tr -s '\t' ' ' | tr '\n' ' ')
	kill -TERM "$pid" 2>/dev/null
	wait "$bg" 2>/dev/null
	printf '%s %s' "$(field kind "$(grep '^ready' "$log")")" "$status"
}
dropped="CapInh: 0000000000000000 CapPrm: 0000000000000000 CapEff: 0000000000000000 CapAmb: 0000000000000000 NoNewPrivs: 1 Seccomp: 2 "
t_assert_eq "root, raw socket: every capability dropped" "raw $dropped" "$(cap_state "$probe" --raw)"
t_assert_eq "root, datagram socket: every capability dropped" "dgram $dropped" "$(cap_state "$probe")"
cp "$probe" "$tmp/engine_probe_nobody"
chmod 755 "$tmp/engine_probe_nobody"
as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
t_assert_eq "nobody, datagram socket: no capability" "dgram $dropped" \
	"$(cap_state "${as_nobody[@]}" "$tmp/engine_probe_nobody")"
cp "$probe" "$tmp/engine_probe_filecap"
chmod 755 "$tmp/engine_probe_filecap"
setcap cap_net_raw+p "$tmp/engine_probe_filecap"
t_assert_eq "nobody with cap_net_raw+p, raw socket: capability dropped after setup" "raw $dropped" \
	"$(cap_state "${as_nobody[@]}" --inh-caps=-all "$tmp/engine_probe_filecap" --raw)"

# Two instances at once never see each other's replies (raw sockets see every ICMP
# packet; the BPF filter and the matching must keep them apart).
for kind in raw dgram; do
	opt=()
	[[ $kind == raw ]] && opt=(--raw)
	lab_exec c "$probe" "${opt[@]}" --count 300 --interval 1 "$LAB_TARGET4" >"$tmp/a.log" &
	a=$!
	lab_exec c "$probe" "${opt[@]}" --count 300 --interval 1 "$LAB_TARGET4" >"$tmp/b.log" &
	b=$!
	wait "$a" "$b"
	for f in a b; do
		s=$(grep '^summary' "$tmp/$f.log")
		t_assert_eq "two $kind instances at once: instance $f got exactly its own replies" \
			"300 300 0" "$(field sent "$s") $(field replies "$s") $(field dups "$s")"
	done
done
lab_down

# --- no privilege at all: a clear message, exit 2 ------------------------------------
lab_up --routers 1 --no-ping-group || exit 1
out=$(lab_exec c "${as_nobody[@]}" "$tmp/engine_probe_nobody" --count 1 "$LAB_TARGET4" 2>&1)
rc=$?
t_assert_eq "no cap_net_raw, no ping_group_range: exit 2" 2 "$rc"
t_assert_eq "no cap_net_raw, no ping_group_range: says what is missing" \
	"engine_probe_nobody: socket: need cap_net_raw (raw socket) or a group in net.ipv4.ping_group_range (ICMP datagram socket)" "$out"
lab_down

# --- a silent hop ---------------------------------------------------------------------
lab_up --routers 3 --silent 2 || exit 1
out=$(lab_exec c "$probe" --ttls 1-4 --count 2 --timeout 300 "$LAB_TARGET4")
t_assert_eq "silent hop 2: ttl 2 times out" "timeout timeout" \
	"$(grep '^probe ttl=2 ' <<<"$out" | while read -r l; do field event "$l"; echo; done | xargs)"
line=$(probe_line "$out" 3)
t_assert_eq "silent hop 2: hop 3 still answers" "error 10.0.3.1" "$(field event "$line") $(field from "$line")"
line=$(probe_line "$out" 4)
t_assert_eq "silent hop 2: the target still answers" "reply $LAB_TARGET4" "$(field event "$line") $(field from "$line")"
lab_down

# --- delay: router 1 holds each packet 10 ms each way, so the RTT is 20 ms + a little --
lab_up --routers 2 --delay 1:10 || exit 1
# reply_rtts OUT: the RTT of each reply, a line each.
reply_rtts() { grep 'event=reply' <<<"$1" | while read -r l; do field rtt "$l"; echo; done; }
# Every one of 20 RTTs is judged from below (the delay line holds a packet at least its
# time; a loaded machine only longer); from above only the fastest (one unhindered round
# trip is enough), against the delay applied twice per crossing (40 ms).
rtts=$(reply_rtts "$(lab_exec c "$probe" --count 20 --interval 10 --timeout 1000 "$LAB_TARGET4")")
t_assert_eq "delay 2x10 ms: every probe answered" 20 "$(grep -c . <<<"$rtts")"
t_assert_eq "delay 2x10 ms: no RTT under 20 ms" "" "$(awk '$1 < 20' <<<"$rtts" | xargs)"
t_assert_range "delay 2x10 ms: the fastest RTT below 2x2x10 ms" 20 39.999 "$(sort -g <<<"$rtts" | head -n 1)"
lab_down

# --- loss: router 2 drops 30% of echo requests -----------------------------------------
n=400
lab_up --routers 3 --loss 2:30 || exit 1
out=$(lab_exec c "$probe" --count $n --interval 2 --timeout 500 "$LAB_TARGET4")
s=$(grep '^summary' <<<"$out")
lost=$(field timeouts "$s")
# 99.9% two-sided binomial bounds (normal approximation, z = 3.29)
read -r lo hi < <(awk -v n=$n -v p=0.3 'BEGIN { m = n * p; d = 3.29 * sqrt(n * p * (1 - p));
	printf "%d %d\n", m - d, m + d + 0.999 }')
t_assert_range "30% loss: $lost of $n lost, within [$lo, $hi]" "$lo" "$hi" "$lost"
t_assert_eq "30% loss: every probe accounted for" "$n" "$(($(field replies "$s") + lost))"
lab_down

t_summary
