#!/usr/bin/env bash
# test_mtr_curses.sh — mtr's live view for real: our mtr runs in a tmux pane inside the
# lab's client namespace; keys are sent to the pane and the screen is read back with
# capture-pane. Checks: the hops in order, counters that grow, p pauses and space
# resumes, d cycles the display modes, r resets, ? shows the help, j and o change the
# columns, q and SIGTERM end it with the terminal restored (canonical mode and echo
# back, the alternate screen left), a 20x5 window gets a compact view and survives
# resizes, -c ends it, --displaymode, stdout not a terminal gets the report, and the
# honest-loss note under the table. Every wait is bounded (t_wait_for), every mtr has
# a -c bound; the tmux server is this run's own (its socket in a temporary directory)
# and is killed on exit.
. "$(dirname "$0")/../lab/prelude.sh"
bin=$LAB_BIN/mtr
if [[ ! -x $bin ]]; then
	t_fail "mtr is built" "no $bin"
	t_summary
	exit 1
fi
tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
cleanup() {
	tmux -S "$sock" kill-server >/dev/null 2>&1
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# tm ARGS...: tmux on this run's own server.
tm() { tmux -S "$sock" "$@"; }

# start S W H ARGS...: a W x H session S running our mtr ARGS in the lab's client (lab.sh
# refuses to run without the namespace and its resolv.conf). When mtr ends, the pane
# prints its exit status and the terminal modes, then idles until the server is killed.
start() {
	local s=$1 w=$2 h=$3
	shift 3
	tm new-session -d -s "$s" -x "$w" -y "$h" \
		"bash $top/tests/lab/lab.sh exec $LAB c $bin $*; echo MTR-EXIT=\$?; stty -a; exec sleep 300"
}

# screen S: what the pane shows now.
screen() { tm capture-pane -p -t "$1" 2>/dev/null; }

# shows S REGEX: the pane shows REGEX (extended, over the whole screen).
shows() { [[ $(screen "$1") =~ $2 ]]; }

# snt S K: the Snt column of hop K (the 4th word of its line in the default order).
snt() { screen "$1" | awk -v k="$2." '$1 == k && $3 ~ /%$/ { print $4; exit }'; }

# snt_above S K N / snt_below S K N: hop K's Snt is shown and above / below N.
snt_above() { local n; n=$(snt "$1" "$2"); [[ -n $n ]] && ((n > $3)); }
snt_below() { local n; n=$(snt "$1" "$2"); [[ -n $n ]] && ((n < $3)); }

# bars S: the history bars of every hop line (from column 30, where mtr draws them).
bars() { screen "$1" | awk '/^ *[0-9]+\. / { print substr($0, 30) }'; }

# bars_have S REGEX: some hop's bars match REGEX.
bars_have() { [[ $(bars "$1") =~ $2 ]]; }

# mtr_pid: the PID of the mtr in the client namespace (nothing else runs there).
mtr_pid() {
	local p
	for p in $(ip netns pids "$LAB_NS_CLIENT"); do
		[[ $(cat "/proc/$p/comm" 2>/dev/null) == mtr ]] && { echo "$p"; return 0; }
	done
	return 1
}

# check_restored NAME S: mtr has ended with status 0 and left the terminal as it found it.
check_restored() {
	local name=$1 s=$2 out
	if ! t_wait_for 5 shows "$s" 'MTR-EXIT=[0-9]+'; then
		t_fail "$name: mtr ends" "still running: $(screen "$s" | head -3)"
		return
	fi
	out=$(screen "$s")
	t_assert_match "$name: exit status 0" 'MTR-EXIT=0' "$out"
	t_assert_match "$name: canonical mode and echo are back" '(^|[ ;])icanon .*(^|[ ;])echo ' "$out"
	t_assert_no_match "$name: the alternate screen is left" 'My traceroute' "$out"
}

hop_re() { printf ' %d\\. %s ' "$1" "${2//./\\.}"; }
path_re="$(hop_re 1 10.0.1.1)[^$'\n']*"$'\n'"$(hop_re 2 10.0.2.1)[^$'\n']*"$'\n'
path_re+="$(hop_re 3 10.0.3.1)[^$'\n']*"$'\n'"$(hop_re 4 10.0.4.1)"

lab_up --routers 3 || exit 1

# --- the table, counters, keys -----------------------------------------------------------
start v 120 30 -n -c 300 -i 0.2 "$LAB_TARGET4"
if t_wait_for 10 shows v "$path_re"; then
	t_pass "hops 10.0.1.1, 10.0.2.1, 10.0.3.1 and the target, in order"
else
	t_fail "hops in order" "$(screen v)"
fi
out=$(screen v)
t_assert_match "header: mtr's title, route and key line" \
	'My traceroute  \[netdx v[^]]*\]'$'\n'"[^ ]+ \\(10\\.0\\.1\\.2\\) -> $LAB_TARGET4 \\($LAB_TARGET4\\) +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[+-][0-9]{4}"$'\n''Keys:  Help   Display mode   Restart statistics   Order of fields   quit' "$out"
t_assert_match "table: group titles and mtr's default columns" \
	'Packets               Pings'$'\n'' Host +Loss%   Snt   Last   Avg  Best  Wrst StDev'$'\n' "$out"
t_wait_for 5 snt_above v 4 2
a=$(snt v 4)
if t_wait_for 5 snt_above v 4 "${a:-0}"; then t_pass "Snt grows ($a, then $(snt v 4))"; else t_fail "Snt grows" "stuck at $a"; fi

tm send-keys -t v p
t_wait_for 3 shows v 'Paused'
a=$(snt v 4)
# Rounds start every 0.2 s: 1.5 s without growth is a pause, not chance.
if [[ -n $a ]] && ! t_wait_for 1.5 snt_above v 4 "$a"; then
	t_pass "p pauses (Snt stays at $a)"
else
	t_fail "p pauses" "Snt went from '$a' to '$(snt v 4)'"
fi
tm send-keys -t v Space
if t_wait_for 3 snt_above v 4 "${a:-0}"; then t_pass "space resumes"; else t_fail "space resumes" "Snt stays at $a"; fi
t_assert_no_match "resumed: no pause mark" 'Paused' "$(screen v)"

tm send-keys -t v d
if t_wait_for 3 shows v ' Last +[0-9]+ pings'; then
	t_pass "d: history bars (mode 1)"
else
	t_fail "d: history bars" "$(screen v)"
fi
out=$(screen v)
t_assert_no_match "mode 1: no statistics table" 'Loss%' "$out"
t_assert_match "mode 1: bars of answered probes for the target" "$(hop_re 4 10.0.4.1) +[.>]+"$'\n' "$out"
t_assert_no_match "mode 1: only fast (.) and slow (>) marks" '[123abc]' "$(bars v)"
t_assert_match "mode 1: the scale" 'Scale: +\.:[0-9.]+ ms  1:' "$out"
tm send-keys -t v d
if t_wait_for 3 bars_have v '[123abc]'; then
	t_pass "d again: latency classes 1-3, a-c in the bars (mode 2)"
else
	t_fail "d again: latency classes (mode 2)" "$(bars v)"
fi
tm send-keys -t v d
if t_wait_for 3 shows v ' Host +Loss%'; then t_pass "d a third time: the table again"; else t_fail "d: back to the table" "$(screen v)"; fi

t_wait_for 10 snt_above v 4 9
a=$(snt v 4)
tm send-keys -t v r
if t_wait_for 3 snt_below v 4 "${a:-0}"; then
	t_pass "r resets (Snt $a, then $(snt v 4))"
else
	t_fail "r resets" "Snt $a, then '$(snt v 4)'"
fi
t_wait_for 5 shows v "$path_re"
t_assert_match "after the reset the path comes back" "$path_re" "$(screen v)"

tm send-keys -t v '?'
if t_wait_for 3 shows v 'Command:'; then t_pass "? shows the help"; else t_fail "? shows the help" "$(screen v)"; fi
t_assert_match "help: keys and the way back" '  p       pause \(SPACE to resume\).* press any key to go back' \
	"$(screen v | tr '\n' ' ')"
tm send-keys -t v x
if t_wait_for 3 shows v ' Host +Loss%'; then t_pass "any key leaves the help"; else t_fail "leaving the help" "$(screen v)"; fi

tm send-keys -t v j
if t_wait_for 3 shows v ' Host +Drop   Rcv    Avg Gmean Jttr Javg Jmax Jint'; then
	t_pass "j: mtr's jitter columns"
else
	t_fail "j: jitter columns" "$(screen v | sed -n 5p)"
fi
tm send-keys -t v j
t_wait_for 3 shows v ' Host +Loss%   Snt   Last   Avg  Best  Wrst StDev'
t_assert_match "j again: the default columns" ' Host +Loss%   Snt   Last   Avg  Best  Wrst StDev' "$(screen v)"

tm send-keys -t v o
t_wait_for 3 shows v 'Fields: '
t_assert_match "o: the prompt lists the fields" 'Fields: .*  L: Loss Ratio.*  I: Interarrival Jitter' \
	"$(screen v | tr '\n' ' ')"
tm send-keys -t v L S Z N Enter
if t_wait_for 3 shows v ' Host +Loss%   Snt  Last'$'\n'; then
	t_pass "o LSN Enter: those columns (Z refused)"
else
	t_fail "o LSN: those columns" "$(screen v | sed -n 5p)"
fi

tm send-keys -t v q
check_restored "q" v
t_assert_eq "q: the process is gone" "" "$(mtr_pid)"

# --- SIGTERM, SIGQUIT (Ctrl-\\), SIGHUP: each ends mtr with the terminal restored ------------
for sig in TERM QUIT HUP; do
	start t 100 25 -n -c 300 -i 0.2 "$LAB_TARGET4"
	t_wait_for 10 shows t "$path_re"
	pid=$(mtr_pid)
	if [[ -n $pid ]]; then
		kill -"$sig" "$pid"
		check_restored "SIG$sig" t
	else
		t_fail "SIG$sig" "no mtr in $LAB_NS_CLIENT"
	fi
	tm kill-session -t t
done

# --- a window too small, resized -------------------------------------------------------------
start s 20 5 -n -c 300 -i 0.2 "$LAB_TARGET4"
if t_wait_for 10 shows s "$(hop_re 1 10.0.1.1)"; then
	t_pass "20x5: compact hop list"
else
	t_fail "20x5: compact hop list" "$(screen s)"
fi
t_assert_match "20x5: the target in the title" "^mtr $LAB_TARGET4" "$(screen s)"
tm resize-window -t s -x 120 -y 30
if t_wait_for 3 shows s "$path_re"; then t_pass "grown to 120x30: the full table"; else t_fail "grown: the full table" "$(screen s)"; fi
tm resize-window -t s -x 45 -y 8
if t_wait_for 3 shows s 'window too small'; then t_pass "45x8: compact again"; else t_fail "45x8: compact again" "$(screen s)"; fi
tm resize-window -t s -x 1 -y 1
tm resize-window -t s -x 80 -y 24
if t_wait_for 3 shows s ' Host +Loss%'; then t_pass "1x1 and back: still alive"; else t_fail "1x1 and back" "$(screen s)"; fi
tm send-keys -t s q
check_restored "small window" s

# --- -c: the view ends by itself after that many rounds ---------------------------------------
start c 100 25 -n -c 3 -i 0.2 "$LAB_TARGET4"
check_restored "-c 3" c

# --- --displaymode, stdout not a terminal ------------------------------------------------------
start m 120 30 -n -c 300 -i 0.2 --displaymode 2 "$LAB_TARGET4"
if t_wait_for 10 shows m 'Last +[0-9]+ pings'; then t_pass "--displaymode 2: bars from the start"; else t_fail "--displaymode 2" "$(screen m)"; fi
tm send-keys -t m q
check_restored "--displaymode" m
out=$(lab_exec c timeout 10 "$bin" -n -c 2 -i 0.2 "$LAB_TARGET4" </dev/null)
t_assert_match "stdout not a terminal: mtr's report instead" 'HOST: .*Loss%' "$out"
lab_down

# --- honest loss: a rate-limited router gets the note under the table ---------------------------
lab_up --routers 3 --ratelimit 2:1000 || exit 1
start n 150 30 -n -c 300 -i 0.1 "$LAB_TARGET4"
if t_wait_for 20 shows n 'Note: hop 2 \(10\.0\.2\.1\) loses [0-9.]+%, hop 3 only [0-9.]+%'; then
	t_pass "rate-limited hop 2: the note under the table"
else
	t_fail "rate-limited hop 2: the note" "$(screen n)"
fi
tm send-keys -t n q
check_restored "note" n
lab_down

t_summary
