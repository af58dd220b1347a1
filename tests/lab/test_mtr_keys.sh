#!/usr/bin/env bash
# test_mtr_keys.sh — mtr 0.95's live keys that change the probes as they run, checked on
# the wire: our mtr runs in a tmux pane in the lab's client, nftables counters in the
# client's output hook count its probes by kind, and after each key the probes of the
# old kind must stop while the others go on: u (UDP and back), t (TCP and back), m (max
# TTL), f (first TTL), b (bit pattern), s (packet size; negative: random), Q (TOS); i
# (interval) stops and restarts the rounds, c ends the run; y and z show the AS field; the prompts in
# mtr's words (side by side with mtr 0.95's on the same path), a bad value said on the
# screen, the help listing the keys; with two hosts a key changes both (Tab shows it).
# Every wait is
# bounded (t_wait_for); the tmux server is this run's own, killed on exit.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
bin=$LAB_BIN/mtr
tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
cleanup() {
	tmux -S "$sock" kill-server >/dev/null 2>&1
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
tm() { tmux -S "$sock" "$@"; }
screen() { tm capture-pane -p -t v 2>/dev/null; }
shows() { [[ $(screen) =~ $1 ]]; }

lab_up --routers 3 --dns --asn || exit 1
T=$LAB_TARGET4

echo4='icmp type echo-request'
# the counters, numbered from 1 in this order
tr_counting "$echo4" "udp dport >= 33434" "tcp dport 80 tcp flags & (syn | ack) == syn" \
	"$echo4 ip ttl > 2" "$echo4 ip ttl 1" "$echo4 @th,192,32 != 0xabababab" \
	"$echo4 ip length != 200" "$echo4 ip dscp != 4" "$echo4 ip length 200" \
	"$echo4 ip length 28-150" "$echo4 ip length 151-300" "$echo4 ip length > 300"
ICMP=1 UDP=2 TCP=3 TTL_ABOVE_2=4 TTL_1=5 NOT_AB=6 NOT_200=7 NOT_TOS16=8 IS_200=9
SHORT=10 LONG=11 TOO_LONG=12

# count K: counter K's packets so far.
count() { tr_counted | awk -v k="$1" '{ print $k }'; }
# above K N: counter K is above N.
above() { (($(count "$1") > $2)); }

# stops OLD GROWING: within 10 s comes a stretch in which counter GROWING grows by 10
# probes and counter OLD not at all (a round sends all its probes at once: once the new
# kind is seen, no probe of the old kind follows).
stops() {
	local old=$1 growing=$2 end=$((SECONDS + 10)) o g
	while ((SECONDS < end)); do
		o=$(count "$old")
		g=$(count "$growing")
		t_wait_for 5 above "$growing" $((g + 10)) || return 1
		[[ $(count "$old") == "$o" ]] && return 0
	done
	return 1
}

# key NAME OLD GROWING KEYS...: send KEYS; probes of counter OLD stop, GROWING go on.
key() {
	local name=$1 old=$2 growing=$3
	shift 3
	tm send-keys -t v "$@"
	if stops "$old" "$growing"; then
		t_pass "$name"
	else
		t_fail "$name" "counters $(tr_counted); $(screen | sed -n 3,4p)"
	fi
}

# prompt NAME KEY QUESTION HINT: KEY opens mtr's prompt, Esc leaves it; with mtr 0.95
# running in pane p (peer_on), its prompt's two rows are ours.
prompt() {
	tm send-keys -t v "$2"
	if t_wait_for 3 shows "$3"; then t_pass "$1: '$3'"; else t_fail "$1: '$3'" "$(screen | sed -n 3,4p)"; fi
	[[ -z $4 ]] || t_assert_match "$1: the hint" "$4" "$(screen | sed -n 4p)"
	if [[ ${peer_on:-} ]]; then
		tm send-keys -t p "$2"
		t_wait_for 3 bash -c "tmux -S '$sock' capture-pane -p -t p | grep -qE '$3'"
		# the one difference: our sizes go to 65000 bytes (-s's range), mtr's to 4470
		t_assert_eq "$1: the prompt's rows as mtr 0.95's" \
			"$(tm capture-pane -p -t p | sed -n 3,4p | sed 's/^Size Range: 28-4470,/Size Range: 28-65000,/')" \
			"$(screen | sed -n 3,4p)"
		tm send-keys -t p Enter # mtr reads up to Enter: an empty value (0 or ignored)
	fi
	tm send-keys -t v Escape
	t_wait_for 3 shows 'Keys:  Help'
}

# peer_gone: no mtr 0.95 (nor its mtr-packet) left in the client.
peer_gone() {
	local p
	for p in $(ip netns pids "$LAB_NS_CLIENT"); do
		[[ $(readlink "/proc/$p/exe" 2>/dev/null) == /usr/bin/mtr* ]] && return 1
	done
	return 0
}

tm new-session -d -s v -x 120 -y 40 \
	"bash $top/tests/lab/lab.sh exec $LAB c $bin -n -i 0.2 -s 100 $T; echo MTR-EXIT=\$?; exec sleep 300"
if t_wait_for 10 shows " 4\\. $T "; then t_pass "the live view reaches the target"; else t_fail "live view" "$(screen)"; fi

# --- prompts in mtr's words, side by side with mtr 0.95 ----------------------------------------
tm new-session -d -s p -x 120 -y 40 "bash $top/tests/lab/lab.sh exec $LAB c mtr -n -i 0.2 -s 100 $T; exec sleep 300"
t_wait_for 10 bash -c "tmux -S '$sock' capture-pane -p -t p | grep -q ' 4\\. $T '"
peer_on=1
prompt "s" s 'Change Packet Size: 100' '^Size Range: 28-65000, < 0:random\.'
prompt "b" b 'Ping Bit Pattern: 0' '^Pattern Range: 0\(0x00\)-255\(0xff\), <0 random\.'
prompt "i" i 'Interval : 0' ''
prompt "f" f 'First TTL: 1' ''
prompt "m" m 'Max TTL: 30' ''
prompt "Q" Q 'Type of Service\(tos\): 0' '^default 0x00, min cost 0x02, rel 0x04,, thr 0x08, low del 0x10\.\.\.'
peer_on=
prompt "c" c 'Report Cycles: 0' '^0: until q' # mtr 0.95 lists c but has no prompt
tm kill-session -t p
if t_wait_for 5 peer_gone; then t_pass "mtr 0.95 has ended"; else t_fail "mtr 0.95 has ended" "still in $LAB_NS_CLIENT"; fi
tm send-keys -t v '?'
t_wait_for 3 shows 'Command:'
t_assert_match "help: mtr 0.95's keys c i f m s b Q u t y z" \
	'  c <n>   report cycle n, default n=infinite.*  i <n>   set the ping interval to n seconds, default n=1.*  f <n>   set the initial time-to-live\(ttl\), default n=1.*  m <n>   set the max time-to-live, default n= # of hops.*  s <n>   set the packet size to n or random\(n<0\).*  b <c>   set ping bit pattern to c\(0\.\.255\) or random\(c<0\).*  Q <t>   set ping packet.s TOS to t.*  u       switch between ICMP ECHO and UDP datagrams.*  t       switch between ICMP ECHO and TCP.*  y       switching IP info.*  z       toggle ASN info on/off' \
	"$(screen | tr '\n' ' ')"
tm send-keys -t v x
t_wait_for 3 shows 'Keys:  Help'

# --- a bad value is said, and changes nothing ---------------------------------------------------
tm send-keys -t v f 0 Enter
if t_wait_for 3 shows "First TTL '0': too small \\(1 to 30\\)"; then
	t_pass "f 0: said on the screen"
else
	t_fail "f 0: said on the screen" "$(screen | sed -n 3,4p)"
fi
tm send-keys -t v m 2 5 6 Enter
t_wait_for 3 shows "Max TTL '256': too large \\(1 to 255\\)"
t_assert_match "m 256: said on the screen" "Max TTL '256': too large" "$(screen | sed -n 4p)"
tm send-keys -t v Q 3 0 0 Enter
t_wait_for 3 shows "TOS '300'"
t_assert_match "Q 300: said on the screen" "TOS '300': too large \\(0 to 255\\)" "$(screen | sed -n 4p)"

# --- the probes change ---------------------------------------------------------------------------
key "u: UDP probes" "$ICMP" "$UDP" u
key "u again: ICMP echo again" "$UDP" "$ICMP" u
key "t: TCP SYN probes" "$ICMP" "$TCP" t
key "u from TCP: UDP" "$TCP" "$UDP" u
key "t from UDP: TCP" "$UDP" "$TCP" t
key "t again: ICMP echo again" "$TCP" "$ICMP" t
key "m 2: no probe above TTL 2" "$TTL_ABOVE_2" "$ICMP" m 2 Enter
t_wait_for 3 shows ' 2\. 10\.0\.2\.1 '
t_assert_no_match "m 2: no hop 3 shown" ' 3\. ' "$(screen)"
tm send-keys -t v m 3 0 Enter
t_wait_for 10 shows " 4\\. $T "
key "f 2: no probe with TTL 1" "$TTL_1" "$ICMP" f 2 Enter
t_assert_no_match "f 2: no hop 1 shown" ' 1\. ' "$(screen)"
tm send-keys -t v f 1 Enter
key "b 171: every payload filled with 0xab" "$NOT_AB" "$ICMP" b 1 7 1 Enter
key "s 200: 200-byte probes" "$NOT_200" "$ICMP" s 2 0 0 Enter
key "Q 16: TOS 0x10 (DSCP 4)" "$NOT_TOS16" "$ICMP" Q 1 6 Enter
key "s -300: random sizes, not 200 bytes any more" "$IS_200" "$ICMP" s - 3 0 0 Enter
a=$(count "$SHORT") b=$(count "$LONG")
if t_wait_for 10 above "$SHORT" $((a + 3)) && t_wait_for 10 above "$LONG" $((b + 3)); then
	t_pass "s -300: sizes from 28 to 150 bytes and from 151 to 300"
else
	t_fail "s -300: sizes vary" "counters $(tr_counted)"
fi
t_assert_eq "s -300: none over 300 bytes" 0 "$(count "$TOO_LONG")"
tm send-keys -t v t
if t_wait_for 3 shows 'not with random sizes'; then t_pass "t with random sizes: said on the screen"; else t_fail "t with random sizes: said" "$(screen | sed -n 3,4p)"; fi
key "t with random sizes: still ICMP, no TCP" "$TCP" "$ICMP"
t_assert_match "the values now: mtr's prompts show them" 'Type of Service\(tos\): 16' \
	"$(tm send-keys -t v Q; t_wait_for 3 shows 'Type of'; screen)"
tm send-keys -t v Escape

# --- i: the interval (3600 s: no round after the current one; 0.2 s again) -------------------------
tm send-keys -t v i 3 6 0 0 Enter
t_wait_for 3 shows 'Keys:  Help'
a=$(count "$ICMP")
if ! t_wait_for 1.5 above "$ICMP" "$a"; then t_pass "i 3600: no new round (probes stay at $a)"; else t_fail "i 3600" "probes went from $a to $(count "$ICMP")"; fi
tm send-keys -t v i 0 . 2 Enter
if t_wait_for 5 above "$ICMP" $((a + 10)); then t_pass "i 0.2: rounds again"; else t_fail "i 0.2: rounds again" "stuck at $(count "$ICMP")"; fi

# --- z and y: the AS field --------------------------------------------------------------------------
tm send-keys -t v z
if t_wait_for 5 shows ' 1\. AS64501 +10\.0\.1\.1 '; then t_pass "z: hop 1's AS"; else t_fail "z: hop 1's AS" "$(screen | sed -n 6,7p)"; fi
tm send-keys -t v z
if t_wait_for 3 shows ' 1\. 10\.0\.1\.1 '; then t_pass "z again: no AS"; else t_fail "z again: no AS" "$(screen | sed -n 6,7p)"; fi
tm send-keys -t v y
t_wait_for 3 shows ' 1\. AS64501 '
t_assert_match "y (no AS shown): the AS number" ' 1\. AS64501 +10\.0\.1\.1 ' "$(screen)"
tm send-keys -t v y
if t_wait_for 3 shows ' 1\. 10\.0\.1\.0/24 +10\.0\.1\.1 '; then t_pass "y again: the prefix"; else t_fail "y again: the prefix" "$(screen | sed -n 6,7p)"; fi

# --- c: the count; one round is past, so the run ends --------------------------------------------------
tm send-keys -t v c 1 Enter
if t_wait_for 5 shows 'MTR-EXIT=0'; then t_pass "c 1: the run ends (exit 0)"; else t_fail "c 1: the run ends" "$(screen | tail -3)"; fi

# --- two hosts: a key changes every host's probes (Tab shows the value) ------------------------
tm kill-session -t v
tm new-session -d -s v -x 120 -y 40 \
	"bash $top/tests/lab/lab.sh exec $LAB c $bin -n -i 0.2 -s 100 $T 10.0.2.1; exec sleep 300"
t_wait_for 10 shows " 4\\. $T "
key "two hosts: b 171 fills both hosts' probes with 0xab" "$NOT_AB" "$ICMP" b 1 7 1 Enter
tm send-keys -t v Tab
t_wait_for 3 shows 'host 2 of 2'
t_assert_match "two hosts: Tab, then b: the second host's pattern is 171 too" 'Ping Bit Pattern: 171' \
	"$(tm send-keys -t v b; t_wait_for 3 shows 'Ping Bit'; screen)"
tm send-keys -t v Escape

t_summary
