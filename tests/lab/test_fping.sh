#!/usr/bin/env bash
# test_fping.sh — ping invoked as fping against the real fping 5.1, run after each other
# on the same lab targets: three that answer, one that loses every other request (an
# nft numgen counter, reset before each run, so both tools lose the same probes), one
# silent (dropped on the way), one name that does not resolve. Each mode compares the
# exit status, standard output (sorted: fping prints replies as they come) and standard
# error, with RTTs and times masked. Then the bad input, and the options netdx refuses.
. "$(dirname "$0")/../lab/prelude.sh"
fping="$LAB_BUILD/bin/fping"
tmp=$(mktemp -d)
chmod 755 "$tmp"
k=0
cleanup() {
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

lab_up --routers 2 --dns || exit 1
A=$LAB_TARGET4 B=10.0.2.1 C=10.0.1.1 # answer
L=10.0.3.2                           # router 2's own address: every other request lost
S=10.0.3.9                           # nobody, and router 2 drops what goes there
U=nosuch.invalid                     # does not resolve

# reset_lab: the silent target and the lossy one, counters from zero.
reset_lab() {
	lab_exec r2 nft delete table inet fpt 2>/dev/null
	printf '%s\n' 'table inet fpt {' \
		' chain fwd_in { type filter hook forward priority 0; policy accept;' \
		'  ip daddr { '"$S"', 10.0.3.0, 10.0.3.3 } drop; }' \
		' chain in_lossy { type filter hook input priority 0; policy accept;' \
		'  ip daddr '"$L"' icmp type echo-request numgen inc mod 2 == 0 drop; }' \
		'}' | lab_exec r2 nft -f -
}
reset_lab || exit 1

# mask: RTTs, averages, elapsed times and -D stamps out.
mask() {
	sed -E 's/^\[[0-9]+\.[0-9]+\] /[T] /; s/^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\]$/[HH:MM:SS]/;
		s/^SET (min|avg|max) = [0-9]+$/SET \1 = N/; s/[0-9]+(\.[0-9]+)? ms/N ms/g; s/\([0-9.]+ avg/(N avg/g;
		s/min\/avg\/max = [0-9.]+\/[0-9.]+\/[0-9.]+/min\/avg\/max = N/; s/ +[0-9.]+ sec / N sec /;
		/ : ([0-9.]+|-)( |$)/ s/ [0-9]+\.[0-9]+/ N/g'
}

# (10.0.3.0 and .3 are dropped too: nobody there, and router 2's "host unreachable"
# after its ARP gives up would come at a time of its own.)

# run OUT CMD...: CMD in the client, stdin from $tmp/stdin; OUT.out, OUT.err, OUT.rc.
# Bounded: a build that loops (one without fping's modes) is killed after
# FPING_TEST_TIMEOUT seconds (default 120; every run here ends in under 10).
run() {
	local out=$1
	shift
	reset_lab
	lab_exec c timeout -s KILL "${FPING_TEST_TIMEOUT:-120}" "$@" >"$out.out" 2>"$out.err" <"$tmp/stdin"
	echo $? >"$out.rc"
}

# drive.sh OUT STEPS CMD...: CMD in the background, then each line of the file STEPS:
# "wait|PATTERN|out" or "wait|PATTERN|err" polls CMD's output for PATTERN (every
# 10 ms, 10 s at most), "kill|SIG" signals CMD. CMD is killed if it has not ended 10 s
# after the last step. OUT.out, OUT.err, OUT.rc as run's.
cat >"$tmp/drive.sh" <<'EOF'
out=$1 steps=$2
shift 2
: >"$out.out" # emptied before CMD starts: a wait never sees an earlier run's lines
: >"$out.err"
"$@" >>"$out.out" 2>>"$out.err" </dev/null &
pid=$!
while IFS='|' read -r what arg file; do
	case $what in
	wait) for ((i = 0; i < 1000; i++)); do
		grep -q -- "$arg" "$out.$file" && break
		sleep 0.01
	done ;;
	kill) kill -"$arg" "$pid" ;;
	esac
done <"$steps"
for ((i = 0; i < 1000; i++)); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.01
done
kill -KILL "$pid" 2>/dev/null
wait "$pid"
echo $? >"$out.rc"
EOF

# compare_driven NAME STEPS ARGS...: fping ARGS and ours, each driven by the steps
# (signals when their output shows a point of the run), compared as compare does.
compare_driven() {
	local name=$1 steps=$2
	shift 2
	printf '%s\n' "$steps" >"$tmp/steps"
	reset_lab
	lab_exec c bash "$tmp/drive.sh" "$tmp/p" "$tmp/steps" fping "$@"
	reset_lab
	lab_exec c bash "$tmp/drive.sh" "$tmp/o" "$tmp/steps" "$fping" "$@"
	compare_runs "$name"
}

# compare NAME ARGS...: fping ARGS and ours; exit status, stdout, stderr as fping's.
compare() {
	local name=$1
	shift
	run "$tmp/p" fping "$@"
	run "$tmp/o" "$fping" "$@"
	compare_runs "$name"
}

# compare_runs NAME: the last two runs' exit status, stdout and stderr the same.
compare_runs() {
	local name=$1
	t_assert_eq "$name: exit status $(cat "$tmp/p.rc") as fping's" "$(cat "$tmp/p.rc")" \
		"$(cat "$tmp/o.rc")"
	t_assert_eq "$name: stdout as fping's" "$(mask <"$tmp/p.out" | sort)" \
		"$(mask <"$tmp/o.out" | sort)"
	[[ $T_OK == 1 ]] || diff <(mask <"$tmp/p.out" | sort) <(mask <"$tmp/o.out" | sort)
	t_assert_eq "$name: stderr as fping's" "$(mask <"$tmp/p.err")" "$(mask <"$tmp/o.err")"
	[[ $T_OK == 1 ]] || diff <(mask <"$tmp/p.err") <(mask <"$tmp/o.err")
}
: >"$tmp/stdin"

# --- the default mode: tries until a reply ---------------------------------------------------
compare "default" "$A" "$L" "$S" "$U" "$B" t.lab.test
t_assert_eq "default: the lossy target answers its second try" 1 \
	"$(grep -cx "$L is alive" "$tmp/o.out")"
compare "-r 1 -t 100" -r 1 -t 100 "$A" "$L" "$S" "$B"
compare "-a" -a -r 1 -t 100 "$A" "$S" "$B" "$L"
compare "-u" -u -r 1 -t 100 "$A" "$S" "$B"
compare "-e" -e -r 1 -t 100 "$A" "$S" "$B"
compare "-a -e" -a -e -r 1 "$A" "$S"
compare "-q" -q -r 1 -t 100 "$A" "$S"
compare "-B 2 -r 2 -t 50" -B 2 -r 2 -t 50 "$S" "$A"
compare "-i 30" -i 30 -r 1 -t 100 "$A" "$B" "$C" "$S"
compare "-s" -s -r 1 -t 100 "$A" "$L" "$S" "$B"
for tool in fping "$fping"; do # one stream: "is unreachable" at the end, before -s's block
	reset_lab
	k=$((k + 1))
	lab_exec c "$tool" -s -r 0 -t 100 "$A" "$S" 2>&1 | mask >"$tmp/merged.$k"
done
t_assert_eq "-s: stdout and stderr in fping's order" "$(cat "$tmp/merged.1")" "$(cat "$tmp/merged.2")"
compare "-x 3: enough" -x 3 -r 1 -t 100 "$A" "$B" "$C" "$S"
compare "-x 4: not enough" -x 4 -r 1 -t 100 "$A" "$B" "$C" "$S"

# --- count modes ------------------------------------------------------------------------------
# -t 150 below -p 200: at the default (-t as -p), a probe's timeout and the next send
# fall on the same instant, and which fping handles first decides what its "timed out"
# line says of the loss so far.
compare "-c 3" -c 3 -p 200 -t 150 "$A" "$L" "$S" "$U" "$B"
t_assert_match "-c 3: the lossy target lost probes 0 and 2" \
	"$L : xmt/rcv/%loss = 3/1/66%" "$(cat "$tmp/o.err")"
compare "-c 3 -q" -c 3 -q -p 200 -t 150 "$A" "$L" "$S"
compare "-C 3" -C 3 -p 200 -t 150 "$A" "$L" "$S" "$B"
compare "-C 3 -q" -C 3 -q -p 200 -t 150 "$A" "$L" "$S"
compare "-c 2 -s" -c 2 -s -p 200 -t 150 "$A" "$S"
compare "-D -c 2" -D -c 2 -p 200 -t 150 "$A" "$S"
compare "-c 1 -b 100" -c 1 -b 100 "$A" "$B"
compare "-c 1 -H 1" -c 1 -H 1 "$A" "$B"
compare "-c 1 -O 16 -M" -c 1 -O 16 -M "$A" "$B"
compare "-c 1 -S" -c 1 -S 10.0.1.2 "$A"
compare "-c 1 -I" -c 1 -I to-r1 "$A"
compare "-c 2 -p 100 -t 50" -c 2 -p 100 -t 50 "$A" "$S"

# --- targets: -g, -f, standard input, names -----------------------------------------------------
compare "-g range" -r 1 -t 100 -g 10.0.3.1 10.0.3.3
compare "-g range backwards" -g 10.0.3.3 10.0.3.1
compare "-g CIDR" -r 1 -t 100 -g 10.0.2.0/30
compare "-g /31" -a -g 10.0.3.0/31
compare "-g /32" -g "$A/32"
compare "a block without -g is a name" "10.0.2.0/30" "$A"
printf '# lab targets\n%s\n\n%s\n%s\nt.lab.test\n' "$A" "$S" "$U" >"$tmp/list"
compare "-f FILE" -r 1 -t 100 -f "$tmp/list"
cp "$tmp/list" "$tmp/stdin"
compare "targets from standard input" -r 1 -t 100
: >"$tmp/stdin"
compare "-4 name" -4 -c 1 t.lab.test
compare "-6 name" -6 -c 1 t.lab.test
compare "-A -4" -A -4 t.lab.test "$A"
compare "-6 with an IPv6 address" -6 -c 1 fd00:0:0:3::1

# --- bad input --------------------------------------------------------------------------------
compare_rc() { # NAME ARGS...: exit status as fping's, one line of ours
	local name=$1
	shift
	run "$tmp/p" fping "$@"
	run "$tmp/o" "$fping" "$@"
	t_assert_eq "$name: exit status $(cat "$tmp/p.rc") as fping's" "$(cat "$tmp/p.rc")" \
		"$(cat "$tmp/o.rc")"
	t_assert_eq "$name: one line on stderr" 1 "$(wc -l <"$tmp/o.err")"
	t_assert_eq "$name: nothing on stdout" "" "$(cat "$tmp/o.out")"
}
compare_rc "-c 0" -c 0 "$A"
compare_rc "-c abc" -c abc "$A"
compare_rc "-B 6" -B 6 "$A"
compare_rc "-B 0.5" -B 0.5 "$A"
compare_rc "-H 0" -H 0 "$A"
compare_rc "-x 0" -x 0 "$A"
compare_rc "-t abc" -t abc "$A"
compare_rc "unknown option" -Z "$A"
compare_rc "-g with three addresses" -g 10.0.3.1 10.0.3.2 10.0.3.3
compare_rc "-g bad prefix" -g 10.0.3.0/33
compare_rc "-g a name" -g nosuch.invalid 10.0.3.1
compare "-a -u" -a -u "$A"
compare "-f missing file" -f "$tmp/nonexistent"
compare "only an unknown name" "$U"
compare_rc "-l -c" -l -c 2 "$A"
compare_rc "-d -n" -d -n "$A"
compare_rc "-Q abc" -Q abc -c 1 "$A"
compare_rc "-Q -1" -Q -1 -c 1 "$A"

# --- names: -d, -n (lab.test's PTR is t.lab.test; 10.0.3.77 has none), -m ------------------
compare "-d" -d -r 0 -t 100 "$A" "$B" "$S" lab.test
compare "-n: addresses only" -n -r 0 -t 100 lab.test "$A" "$B"
compare "-d -A" -d -A -4 -r 0 -t 100 lab.test 10.0.3.77 "$U"
compare "-n -A -c 1" -n -A -c 1 lab.test "$B"
compare "-m -A: both families" -m -A -r 0 t.lab.test "$B"
compare "-m -4 -A" -m -4 -A -r 0 t.lab.test
compare "-m -c 1" -m -c 1 -p 100 lab.test
printf 't.lab.test\n%s\n' "$U" >"$tmp/mlist"
compare "-m -f" -m -A -r 0 -f "$tmp/mlist"
t_assert_eq "-m: t.lab.test's two addresses are two targets" 2 "$(grep -c "is alive" "$tmp/o.out")"

# --- -o, -Q, -N, -l, SIGQUIT --------------------------------------------------------------------
# Probes every 400 ms (-i 10 between targets), each waiting 100 ms: a -Q 1 summary, or a
# signal sent when a line shows, falls 90 ms or more from any probe's outcome.
compare "-o -c 3" -o -c 3 -p 200 -t 150 "$A" "$L" "$S"
t_assert_match "-o: the silent target's outage is 3 x 200 ms" "$S : xmt/rcv/%loss = 3/0/100%, outage\(ms\) = 600" "$(cat "$tmp/o.err")"
compare "-o -C 2 (no outage)" -o -C 2 -p 200 -t 150 "$A" "$S"
compare "-o, default mode" -o -r 0 -t 100 "$A" "$S"
compare "-c 2 -a" -c 2 -a -p 200 -t 150 "$A" "$S"
compare "-c 2 -x 1" -c 2 -x 1 -p 200 -t 150 "$A" "$S"
compare "-Q 1 -c 4" -Q 1 -c 4 -p 400 -t 100 "$A" "$L" "$S"
t_assert_eq "-Q 1 -c 4: one summary of the first second" 1 "$(grep -c '^\[..:..:..\]$' "$tmp/o.err")"
# -Q's clock in a zone read from a file (compiled here, 9 hours from UTC), which the
# sandbox would refuse to open were it not read before the lockdown.
echo "Zone Lab/Plus9 9:00 - LP9" | zic -d "$tmp" - || t_fail zic "cannot build a zone"
zone_hours() { TZ=":$tmp/Lab/Plus9" date +%H; }
before=$(zone_hours)
run "$tmp/z" env TZ=":$tmp/Lab/Plus9" "$fping" -Q 1 -c 4 -p 400 -t 100 "$A"
hours="$before $(zone_hours)"
t_assert_match "-Q: the summary's time in the TZ file's zone (hour $hours)" \
	"^\[(${hours// /|}):..:..\]$" "$(grep '^\[' "$tmp/z.err")"
compare "-Q 1 -o -c 4" -Q 1 -o -c 4 -p 400 -t 100 "$A" "$S"
compare "-Q 1, default mode: quiet" -Q 1 -r 1 -t 100 "$A" "$S"
compare "-N -Q 1 -c 4" -N -Q 1 -c 4 -p 400 -t 100 "$A" "$S" lab.test
t_assert_match "-N: netdata's charts, named after the target" \
	"CHART fping.lab_test_packets '' 'FPing Packets for host lab.test' packets 'lab.test' fping.packets line 110020 1" \
	"$(cat "$tmp/o.out")"
compare "-N -A -Q 1 -c 4" -N -A -Q 1 -c 4 -p 400 -t 100 -4 lab.test
compare "-N without -Q" -N -c 2 -p 200 -t 150 "$A"
compare_driven "-l, SIGINT" "wait|$S : \[1\], timed out|out
kill|INT" -l -p 400 -t 100 "$A" "$S"
t_assert_match "-l: probes until SIGINT" "$S : xmt/rcv/%loss = 2/0/100%" "$(cat "$tmp/o.err")"
# (no -s: at SIGINT fping sends the probe due next before it stops, and -s counts it)
compare_driven "-l -o, SIGQUIT then SIGINT" "wait|$S : \[0\], timed out|out
kill|QUIT
wait|^\[|err
wait|$S : \[2\], timed out|out
kill|INT" -l -o -p 400 -t 100 "$A" "$S"
t_assert_match "SIGQUIT: the summary so far" "$A : xmt/rcv/%loss = 1/1/0%, outage\(ms\) = 0" "$(cat "$tmp/o.err")"
compare_driven "-l -q: the per-probe lines all the same" "wait|$A : \[1\]|out
kill|INT" -l -q -p 400 -t 100 "$A"
compare_driven "-l -Q 1 -N" "wait|BEGIN|out
kill|INT" -l -Q 1 -N -p 400 -t 100 "$A" lab.test
compare_driven "-c 3 and SIGQUIT" "wait|$S : \[0\], timed out|out
kill|QUIT
wait|^\[|err" -c 3 -p 400 -t 100 "$A" "$S"
compare_driven "default mode and SIGQUIT" "wait|$A is alive|out
kill|QUIT
wait|^\[|err" -r 1 -t 300 "$A" "$S"

# --- -R: random data, new for every probe (a raw ICMP socket in the target sees them) ---------
# sniff OUT CMD...: the data bytes 16.. of the first two echo requests CMD sends to
# the target, one line of hex each.
sniff() {
	local out=$1
	shift
	lab_exec t timeout 10 /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
s.settimeout(8)
print("ready", flush=True)
n = 0
while n < 2:
    p = s.recv(2048)
    icmp = p[(p[0] & 15) * 4:]
    if icmp[0] == 8:
        print(icmp[8 + 16:].hex(), flush=True)
        n += 1
' >"$out" &
	local pid=$!
	t_wait_for 5 grep -q ready "$out"
	lab_exec c timeout 10 "$@" >/dev/null 2>&1
	wait "$pid"
}
for tool in fping "$fping"; do
	sniff "$tmp/r" "$tool" -R -c 2 -p 100 -b 48 "$A"
	t_assert_eq "$tool -R: two probes seen" 3 "$(wc -l <"$tmp/r")"
	t_assert_eq "$tool -R: new data for each probe" 2 "$(sed -n 2,3p "$tmp/r" | sort -u | wc -l)"
	t_assert_no_match "$tool -R: not the fixed fill" "101112131415|000000000000" "$(cat "$tmp/r")"
done
sniff "$tmp/r" "$fping" -c 2 -p 100 -b 48 "$A"
t_assert_eq "without -R: the same data in each probe" "$(sed -n 2p "$tmp/r")" "$(sed -n 3p "$tmp/r")"

# --- help, the name ---------------------------------------------------------------------------
out=$(lab_exec c "$fping" -h)
t_assert_eq "fping -h: exit 0" 0 "$?"
t_assert_match "fping -h: fping's usage line" "^Usage: fping \[options\] \[targets...\]" "$out"
t_assert_match "ping keeps ping's options" "^Usage: ping " "$(lab_exec c "$LAB_BUILD/bin/ping" -h)"
t_assert_eq "fping is a hard link of ping" "$(stat -c %i "$LAB_BUILD/bin/ping")" \
	"$(stat -c %i "$fping")"

t_summary
