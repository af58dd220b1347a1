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
	sed -E 's/^\[[0-9]+\.[0-9]+\] /[T] /; s/[0-9]+(\.[0-9]+)? ms/N ms/g; s/\([0-9.]+ avg/(N avg/g;
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

# compare NAME ARGS...: fping ARGS and ours; exit status, stdout, stderr as fping's.
compare() {
	local name=$1
	shift
	run "$tmp/p" fping "$@"
	run "$tmp/o" "$fping" "$@"
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
for o in -d -l -m -n -N -o -R "-Q 1"; do
	run "$tmp/o" "$fping" $o "$A"
	t_assert_eq "fping $o: refused, exit 3" 3 "$(cat "$tmp/o.rc")"
	t_assert_match "fping $o: one line saying so" \
		"^fping: option ${o:0:2} \(.*\) is not supported by netdx fping$" "$(cat "$tmp/o.err")"
done

# --- help, the name ---------------------------------------------------------------------------
out=$(lab_exec c "$fping" -h)
t_assert_eq "fping -h: exit 0" 0 "$?"
t_assert_match "fping -h: fping's usage line" "^Usage: fping \[options\] \[targets...\]" "$out"
t_assert_match "ping keeps ping's options" "^Usage: ping " "$(lab_exec c "$LAB_BUILD/bin/ping" -h)"
t_assert_eq "fping is a hard link of ping" "$(stat -c %i "$LAB_BUILD/bin/ping")" \
	"$(stat -c %i "$fping")"

t_summary
