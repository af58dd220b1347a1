#!/usr/bin/env bash
# test_ping_faults.sh — replies that are not ours never count, and privileges are gone:
# a forger in the target (tests/lab/forge_icmp, the target's own echo replies switched
# off) answers with a wrong identifier, a wrong sequence, a wrong payload, data cut
# short or data with bytes added, before or after a genuine echo, over datagram and raw sockets, IPv4 and IPv6; two pings at once
# each get exactly their own replies; every capability is dropped once the sockets are
# open (root with a raw or a datagram socket, nobody, nobody with cap_net_raw+p) and the
# seccomp allow-list is in place; and
# with neither privilege ping says what is missing.
. "$(dirname "$0")/../lab/prelude.sh"
build=$LAB_BUILD
ping="$build/bin/ping"
forge="$build/tests/forge_icmp"
tmp=$(mktemp -d)
chmod 755 "$tmp"
bgs=()
cleanup() {
	local p
	for p in "${bgs[@]}"; do kill "$p" 2>/dev/null; done
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
cp "$ping" "$tmp/ping"
chmod 755 "$tmp/ping"

# with_forger FAMILY MODES ARGS...: ping ARGS... the target from the client while the
# forger answers each of its 5 probes with MODES; output in $forged_out, status in
# $forged_rc.
with_forger() {
	local fam=$1 modes=$2 client=$LAB_CLIENT4 target=$LAB_TARGET4 opt=()
	shift 2
	if [[ $fam == 6 ]]; then
		opt=(-6)
		client=$LAB_CLIENT6 target=$LAB_TARGET6
	fi
	lab_exec t "$forge" "${opt[@]}" --client "$client" --modes "$modes" --count 5 \
		--timeout 10 >"$tmp/forge.log" &
	local fp=$!
	bgs+=("$fp")
	t_wait_for 5 grep -q ready "$tmp/forge.log"
	forged_out=$(lab_exec c "$ping" "$@" "$target")
	forged_rc=$?
	wait "$fp"
}

# forged KIND FAMILY MODES RECEIVED FOREIGN: the forger answers each of 5 probes with
# MODES; ping must count RECEIVED replies, print one reply line for each, no duplicate,
# and drop FOREIGN packets (a regex: forgeries sent after the last genuine echo may come
# after ping has finished).
forged() {
	local kind=$1 fam=$2 modes=$3 want=$4 foreign=$5
	with_forger "$fam" "$modes" -v -c 5 -i 0.05 -W 0.5
	local name="$kind v$fam, forger sends $modes" out=$forged_out
	t_assert_match "$name: $want of 5 counted" "5 packets transmitted, $want received, [0-9.]+% packet loss" "$out"
	t_assert_eq "$name: one reply line per genuine echo" "$want" "$(grep -c ' bytes from ' <<<"$out")"
	t_assert_no_match "$name: no duplicates" "duplicates|\(DUP!\)" "$out"
	t_assert_match "$name: $foreign packets dropped as foreign" "dropped: ($foreign) foreign, 0 malformed" "$out"
	t_assert_eq "$name: exit status" "$((want > 0 ? 0 : 1))" "$forged_rc"
	t_assert_match "$name: the forger answered" "forged [1-9]" "$(cat "$tmp/forge.log")"
}

# forged_json KIND FAMILY MODES FOREIGN: as forged with no genuine echo, through --json
# -v: no reply object, and the summary counts FOREIGN packets dropped.
forged_json() {
	local kind=$1 fam=$2 modes=$3 foreign=$4
	with_forger "$fam" "$modes" --json -v -c 5 -i 0.05 -W 0.5
	local name="$kind v$fam --json, forger sends $modes"
	t_assert_eq "$name: no reply objects" 0 \
		"$(jq -s '[.[] | select(.type == "reply")] | length' <<<"$forged_out")"
	t_assert_eq "$name: summary: received, foreign, malformed" "0 $foreign 0" \
		"$(jq -r 'select(.type == "summary") | "\(.received) \(.foreign) \(.malformed)"' <<<"$forged_out")"
}

# two_at_once KIND FAMILY: two pings to the target at the same time.
two_at_once() {
	local kind=$1 fam=$2 target=$LAB_TARGET4 f
	[[ $fam == 6 ]] && target=$LAB_TARGET6
	lab_exec c "$ping" -v -q -c 300 -i 0.002 "$target" >"$tmp/a.log" &
	local a=$!
	lab_exec c "$ping" -v -q -c 300 -i 0.002 "$target" >"$tmp/b.log" &
	local b=$!
	wait "$a" "$b"
	for f in a b; do
		t_assert_match "two $kind v$fam pings at once: $f got exactly its own 300 replies" \
			"300 packets transmitted, 300 received, 0% packet loss" "$(cat "$tmp/$f.log")"
		t_assert_no_match "two $kind v$fam pings at once: $f saw no duplicates" "duplicates" \
			"$(cat "$tmp/$f.log")"
	done
}

# caps WHO CMD...: run CMD (a ping) in the client until its first line (printed after
# the sockets are open), then report its socket kind and capability state.
caps() {
	local who=$1 pid st kind=none ino
	shift
	rm -f "$tmp/pid" "$tmp/cap.log"
	lab_exec c bash -c 'echo $$ >"$0"; exec "$@"' "$tmp/pid" "$@" -c 100 -i 0.02 \
		"$LAB_TARGET4" >"$tmp/cap.log" 2>&1 &
	local bg=$!
	bgs+=("$bg")
	if ! t_wait_for 5 grep -q '^PING' "$tmp/cap.log"; then
		kill "$bg" 2>/dev/null
		wait "$bg" 2>/dev/null
		echo "no PING line ($who): $(cat "$tmp/cap.log")"
		return
	fi
	pid=$(cat "$tmp/pid")
	st=$(grep -E '^(CapInh|CapPrm|CapEff|CapAmb|NoNewPrivs|Seccomp):' "/proc/$pid/status" | tr -s '\t' ' ' | tr '\n' ' ')
	for ino in $(find "/proc/$pid/fd" -lname 'socket:*' -printf '%l\n' | tr -dc '0-9\n'); do
		awk -v i="$ino" '$10 == i { f = 1 } END { exit !f }' "/proc/$pid/net/raw" && kind=raw
		awk -v i="$ino" '$10 == i { f = 1 } END { exit !f }' "/proc/$pid/net/icmp" && kind=dgram
	done
	kill -INT "$pid" 2>/dev/null
	wait "$bg" 2>/dev/null
	printf '%s %s' "$kind" "$st"
}
# ... and the seccomp allow-list is on (mode 2: filter), in sanitizer builds too.
dropped="CapInh: 0000000000000000 CapPrm: 0000000000000000 CapEff: 0000000000000000 CapAmb: 0000000000000000 NoNewPrivs: 1 Seccomp: 2 "

# --- datagram sockets (the client may use them) -----------------------------------------
lab_up --routers 2 || exit 1
lab_exec t sysctl -qw net.ipv4.icmp_echo_ignore_all=1 net.ipv6.icmp.echo_ignore_all=1
forged dgram 4 wrong-id,wrong-seq,wrong-payload 0 10
forged dgram 4 echo 5 0
forged dgram 4 wrong-payload,wrong-seq,echo 5 10
forged dgram 4 echo,wrong-payload,wrong-seq 5 "8|9|10"
forged dgram 6 wrong-id,wrong-seq,wrong-payload 0 10
forged dgram 6 wrong-payload,echo 5 5
# Echo data cut short of the stamp, or longer than the request: neither is an echo.
forged dgram 4 truncated,oversized 0 10
forged dgram 6 truncated,oversized 0 10
forged_json dgram 4 truncated,oversized 10
forged dgram 4 echo,truncated,oversized 5 "8|9|10"
forged dgram 6 oversized,truncated,echo 5 10
lab_exec t sysctl -qw net.ipv4.icmp_echo_ignore_all=0 net.ipv6.icmp.echo_ignore_all=0
two_at_once dgram 4
two_at_once dgram 6
t_assert_eq "root, datagram socket: every capability dropped" "dgram $dropped" "$(caps root "$ping")"
t_assert_eq "nobody, datagram socket: no capability" "dgram $dropped" \
	"$(caps nobody "${as_nobody[@]}" "$tmp/ping")"
lab_down

# --- raw sockets (no ping_group_range in the client) -------------------------------------
lab_up --routers 2 --no-ping-group || exit 1
lab_exec t sysctl -qw net.ipv4.icmp_echo_ignore_all=1 net.ipv6.icmp.echo_ignore_all=1
forged raw 4 wrong-id,wrong-seq,wrong-payload 0 10
forged raw 4 wrong-payload,wrong-seq,echo 5 10
forged raw 6 wrong-id,wrong-seq,wrong-payload 0 10
forged raw 6 wrong-seq,echo 5 5
forged raw 4 truncated,oversized 0 10
forged raw 6 truncated,oversized 0 10
forged_json raw 6 truncated,oversized 10
forged raw 4 echo,truncated,oversized 5 "8|9|10"
lab_exec t sysctl -qw net.ipv4.icmp_echo_ignore_all=0 net.ipv6.icmp.echo_ignore_all=0
two_at_once raw 4
two_at_once raw 6
t_assert_eq "root, raw socket: every capability dropped" "raw $dropped" "$(caps root "$ping")"
cp "$ping" "$tmp/ping_filecap"
chmod 755 "$tmp/ping_filecap"
setcap cap_net_raw+p "$tmp/ping_filecap"
t_assert_eq "nobody with cap_net_raw+p, raw socket: capability dropped after setup" "raw $dropped" \
	"$(caps filecap "${as_nobody[@]}" --inh-caps=-all "$tmp/ping_filecap")"
out=$(lab_exec c "${as_nobody[@]}" "$tmp/ping" -c 1 "$LAB_TARGET4" 2>&1)
rc=$?
t_assert_eq "no cap_net_raw, no ping_group_range: exit 2" 2 "$rc"
t_assert_eq "no cap_net_raw, no ping_group_range: says what is missing" \
	"ping: ICMP echo probes: this user may open neither a raw socket (cap_net_raw) nor an ICMP datagram socket: as root, run setcap cap_net_raw+p $tmp/ping, or sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"" "$out"
lab_down

t_summary
