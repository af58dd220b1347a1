#!/usr/bin/env bash
# test_ping_multi.sh — sweeps: several destinations (names, IPv4 and IPv6, alive and
# dead) probed round-robin in one run, with fping's per-reply and per-target lines and
# the overall block; CIDR blocks; --targets files and standard input; --json; -q, -D,
# -t, -w; exit 0 only when every destination answered; and a flat-out sweep of 1022
# loopback addresses x 3 probes in which every reply is accounted for.
. "$(dirname "$0")/../lab/prelude.sh"
build=$LAB_BUILD
ping="$build/bin/ping"
tmp=$(mktemp -d)
chmod 755 "$tmp"
bg=""
cleanup() {
	[[ -n $bg ]] && kill "$bg" 2>/dev/null
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
nl=$'\n'

lab_up --routers 3 --dns || exit 1
T4=$LAB_TARGET4 T6=$LAB_TARGET6
dead=10.0.4.77 # on the target's link, nobody there, and nobody says so: every probe times out
lab_dead_host "$dead" || exit 1

# --- a mixed sweep ------------------------------------------------------------------------
out=$(lab_exec c "$ping" -c 3 -i 0.02 --gap 0.02 -W 0.5 "$T4" 10.0.3.1 "$dead" "$T6" t.lab.test)
rc=$?
t_assert_eq "mixed sweep: one destination dead: exit 1" 1 "$rc"
t_assert_eq "mixed sweep: replies round-robin, rounds in order" \
	"$T4[0] 10.0.3.1[0] $T6[0] t.lab.test[0] $T4[1] 10.0.3.1[1] $T6[1] t.lab.test[1] $T4[2] 10.0.3.1[2] $T6[2] t.lab.test[2]" \
	"$(sed -nE 's/^([^ ]+) +: \[([0-9]+)\], 64 bytes, .*/\1[\2]/p' <<<"$out" | xargs)"
t_assert_eq "mixed sweep: the dead one times out each round" 3 \
	"$(grep -cE "^$dead +: \[[0-2]\], timed out \(NaN avg, 100% loss\)$" <<<"$out")"
t_assert_eq "mixed sweep: per-target lines in the order given, padded as fping" \
	"$(printf '%-13s : xmt/rcv/%%loss = %s|' "$T4" 3/3/0% 10.0.3.1 3/3/0% "$dead" 3/0/100% "$T6" 3/3/0% t.lab.test 3/3/0% | sed 's/|$//')" \
	"$(grep 'xmt/rcv' <<<"$out" | sed 's/, min.*//' | paste -sd '|')"
t_assert_match "mixed sweep: overall block" \
	"--- 5 targets ping statistics ---${nl}5 targets, 4 alive, 1 unreachable${nl}15 packets transmitted, 12 received, 20% packet loss, time [0-9]+ms${nl}rtt min/avg/max/mdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms$" "$out"
t_assert_range "mixed sweep: 'time' spans 14 gaps of 20 ms" 270 340 \
	"$(grep -o 'time [0-9]*ms' <<<"$out" | tr -dc 0-9)"
out=$(lab_exec c "$ping" -c 2 -i 0.02 "$T4" 10.0.3.1 "$T6")
t_assert_eq "sweep, all alive: exit 0" 0 "$?"
out=$(lab_exec c "$ping" -q -D -c 2 -i 0.02 "$T4" 10.0.3.1)
t_assert_no_match "sweep -q: no per-reply lines" "bytes|timed out" "$out"
t_assert_eq "sweep -q: per-target lines" 2 "$(grep -c 'xmt/rcv/%loss = 2/2/0%' <<<"$out")"
out=$(lab_exec c "$ping" -D -c 1 -i 0.02 "$T4" 10.0.3.1)
t_assert_eq "sweep -D: timestamps on the reply lines" 2 \
	"$(grep -cE '^\[[0-9]+\.[0-9]{6}\] [0-9.]+ +: \[0\], 64 bytes' <<<"$out")"
out=$(lab_exec c "$ping" -c 1 -i 0.02 -t 1 "$T4" 10.0.3.1)
rc=$?
t_assert_eq "sweep -t 1: router 1's errors, fping-style" 2 \
	"$(grep -c '^Time to live exceeded from 10.0.1.1 for ICMP Echo sent to ' <<<"$out")"
t_assert_match "sweep -t 1: errors are not replies" "2 targets, 0 alive, 2 unreachable" "$out"
t_assert_match "sweep -t 1: counted as errors" "2 packets transmitted, 0 received, \+2 errors" "$out"
t_assert_eq "sweep -t 1: exit 1" 1 "$rc"

# --- blocks and files ----------------------------------------------------------------------
out=$(lab_exec c "$ping" -c 2 -i 0.02 10.0.4.0/30)
t_assert_eq "10.0.4.0/30: the target and router 3 (no network or broadcast address)" \
	"10.0.4.1 : xmt/rcv/%loss = 2/2/0%|10.0.4.2 : xmt/rcv/%loss = 2/2/0%" \
	"$(grep 'xmt/rcv' <<<"$out" | sed 's/, min.*//' | paste -sd '|')"
out=$(lab_exec c "$ping" -c 1 -i 0.02 -W 0.3 fd00:0:0:4::/126)
t_assert_match "fd00:0:0:4::/126: four destinations" "4 targets, " "$out"
t_assert_match "fd00:0:0:4::/126: ::1 and ::2 alive" \
	"fd00:0:0:4::1 +: xmt/rcv/%loss = 1/1/0%.*${nl}fd00:0:0:4::2 +: xmt/rcv/%loss = 1/1/0%" "$out"
cat >"$tmp/list" <<EOF
# the lab's far end
$T4
t.lab.test   # by name

10.0.3.0/30
EOF
out=$(lab_exec c "$ping" -c 1 -i 0.02 --targets "$tmp/list")
t_assert_eq "--targets FILE: names, addresses and blocks, comments skipped" \
	"$T4|t.lab.test|10.0.3.1|10.0.3.2" "$(grep 'xmt/rcv' <<<"$out" | awk '{ print $1 }' | paste -sd '|')"
t_assert_eq "--targets FILE: all alive: exit 0" 0 "$(lab_exec c "$ping" -q -c 1 -i 0.02 --targets "$tmp/list" >/dev/null; echo $?)"
out=$(printf '%s\n%s\n' "$T4" 10.0.2.1 | lab_exec c "$ping" -c 1 -i 0.02 --targets - "$T6")
t_assert_eq "--targets -: standard input after the arguments" "$T6|$T4|10.0.2.1" \
	"$(grep 'xmt/rcv' <<<"$out" | awk '{ print $1 }' | paste -sd '|')"

# --- JSON ------------------------------------------------------------------------------------
lab_exec c "$ping" --json -c 2 -i 0.02 -W 0.3 "$T4" "$dead" t.lab.test >"$tmp/j.txt"
t_assert_eq "sweep --json: every line a JSON object" "$(wc -l <"$tmp/j.txt")" \
	"$(jq -c 'select(type == "object")' "$tmp/j.txt" | wc -l)"
t_assert_eq "sweep --json: objects" "overall:1 reply:4 target:3 timeout:2" \
	"$(jq -r .type "$tmp/j.txt" | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }' | sed 's/ $//')"
check=$(jq -s -r '
	(map(select(.type == "target"))) as $t | (map(select(.type == "overall"))[0]) as $o |
	(map(select(.type == "reply" and .target == "t.lab.test") | .time)) as $r |
	[ ($t | map(.host) == ["10.0.4.1", "10.0.4.77", "t.lab.test"]),
	  ($t[1].received == 0 and $t[1].rtt == null and $t[1].loss == 100),
	  ($t[2].rtt.min == ($r | min) and $t[2].rtt.max == ($r | max)),
	  ($o.targets == 3 and $o.alive == 2 and $o.unreachable == 1),
	  ($o.transmitted == 6 and $o.received == 4),
	  (map(select(.type == "timeout")) | map(.target) == ["10.0.4.77", "10.0.4.77"]),
	  ($t[0].hops == 3) ] | map(tostring) | join(" ")' "$tmp/j.txt")
t_assert_eq "sweep --json: targets, overall and replies agree" "true true true true true true true" "$check"

# --- a name that does not resolve is that target's result, as in fping -----------------------
# nosuch.lab.test gets NXDOMAIN from the lab's server: the others are pinged all the same.
lab_exec c "$ping" -c 2 -i 0.02 "$T4" nosuch.lab.test t.lab.test >"$tmp/out" 2>"$tmp/err"
rc=$?
t_assert_eq "unresolved name in a sweep: exit 2, as fping" 2 "$rc"
t_assert_eq "unresolved name in a sweep: fping exits 2 too" 2 \
	"$(lab_exec c fping -q -c 1 "$T4" nosuch.lab.test t.lab.test >/dev/null 2>&1; echo $?)"
t_assert_eq "unresolved name in a sweep: one line on stderr" \
	"ping: nosuch.lab.test: Name or service not known" "$(cat "$tmp/err")"
t_assert_eq "unresolved name in a sweep: the others answer every probe" \
	"$T4 : xmt/rcv/%loss = 2/2/0%|t.lab.test : xmt/rcv/%loss = 2/2/0%" \
	"$(grep 'xmt/rcv' "$tmp/out" | sed 's/, min.*//; s/  *:/ :/' | paste -sd '|')"
t_assert_match "unresolved name in a sweep: counted in the overall block" \
	"3 targets, 2 alive, 0 unreachable, 1 unresolved${nl}4 packets transmitted, 4 received" \
	"$(cat "$tmp/out")"
printf '%s\nnosuch.lab.test\n' "$T4" | lab_exec c "$ping" -c 1 --targets - >"$tmp/out" 2>"$tmp/err"
rc=$?
t_assert_eq "unresolved name in --targets -: exit 2, line and name on stderr" \
	"2 ping: stdin line 2: nosuch.lab.test: Name or service not known" "$rc $(cat "$tmp/err")"
t_assert_match "unresolved name in --targets -: the other is pinged" \
	"$T4 : xmt/rcv/%loss = 1/1/0%" "$(cat "$tmp/out")"
lab_exec c "$ping" --json -c 1 "$T4" nosuch.lab.test t.lab.test >"$tmp/j.txt" 2>"$tmp/err"
rc=$?
check=$(jq -s -r '
	(map(select(.type == "target"))) as $t | (map(select(.type == "overall"))[0]) as $o |
	[ (.[0] == {"type": "error", "target": "nosuch.lab.test", "error": "Name or service not known"}),
	  ($t | map(.host) == ["10.0.4.1", "nosuch.lab.test", "t.lab.test"]),
	  ($t[1].address == null and $t[1].transmitted == 0 and $t[1].error == "Name or service not known"),
	  ($t[0].received == 1 and $t[2].received == 1),
	  ($o.targets == 3 and $o.alive == 2 and $o.unreachable == 0 and $o.unresolved == 1) ]
	| map(tostring) | join(" ")' "$tmp/j.txt")
t_assert_eq "unresolved name, --json: error first, its target object in its place, overall" \
	"true true true true true" "$check"
t_assert_eq "unresolved name, --json: exit 2, nothing on stderr" "2 " "$rc $(cat "$tmp/err")"
out=$(lab_exec c "$ping" -c 1 nosuch.lab.test nosuch2.lab.test 2>&1)
t_assert_eq "no name resolves: both said, nothing sent, exit 2" \
	"ping: nosuch.lab.test: Name or service not known|ping: nosuch2.lab.test: Name or service not known|2 targets, 0 alive, 0 unreachable, 2 unresolved|0 packets transmitted, 0 received|2" \
	"$(grep -v -e '^$' -e '^---' <<<"$out" | paste -sd '|')|$(lab_exec c "$ping" -c 1 nosuch.lab.test nosuch2.lab.test >/dev/null 2>&1; echo $?)"

# --- deadline and interrupt ------------------------------------------------------------------
out=$(lab_exec c "$ping" -w 0.5 -i 0.1 --gap 0.05 "$T4" 10.0.3.1)
t_assert_range "sweep -w 0.5 -i 0.1 --gap 0.05: about 10 probes" 9 12 \
	"$(grep -o '^[0-9]* packets transmitted' <<<"$out" | tr -dc 0-9)"
rm -f "$tmp/pid" "$tmp/out"
lab_exec c bash -c 'echo $$ >"$0"; exec "$@"' "$tmp/pid" "$ping" -i 0.02 -w 20 "$T4" 10.0.3.1 \
	>"$tmp/out" 2>&1 &
bg=$!
t_wait_for 5 grep -q '\[2\], 64 bytes' "$tmp/out"
kill -INT "$(cat "$tmp/pid")"
wait "$bg"
t_assert_eq "sweep, SIGINT: exit 0 (both answered)" 0 "$?"
bg=""
t_assert_match "sweep, SIGINT: per-target and overall lines" "10.0.3.1 : xmt/rcv/%loss = .*2 targets, 2 alive" \
	"$(tr '\n' ' ' <"$tmp/out")"

# --- flat out: 1022 loopback addresses x 3, every reply accounted for ------------------------
out=$(lab_exec c "$ping" -q -c 3 -i 0 127.1.0.0/22)
rc=$?
t_assert_match "127.1.0.0/22 x 3 at -i 0: all alive" "1022 targets, 1022 alive, 0 unreachable" "$out"
t_assert_match "127.1.0.0/22 x 3 at -i 0: every reply accounted for" \
	"3066 packets transmitted, 3066 received, 0% packet loss" "$out"
t_assert_eq "127.1.0.0/22 x 3 at -i 0: 1022 per-target lines" 1022 "$(grep -c 'xmt/rcv/%loss = 3/3/0%' <<<"$out")"
t_assert_eq "127.1.0.0/22 x 3 at -i 0: exit 0" 0 "$rc"
out=$(lab_exec c "$ping" -c 2 -i 0.02 ::1 127.0.0.1)
t_assert_match "loopback, both families: ::1 and 127.0.0.1 answer" \
	"::1       : xmt/rcv/%loss = 2/2/0%.*${nl}127.0.0.1 : xmt/rcv/%loss = 2/2/0%" "$out"
out=$(lab_exec c "$ping" -c 1 ::1)
t_assert_match "ping ::1" "^PING ::1\(::1\) 56 data bytes${nl}64 bytes from ::1: icmp_seq=1 ttl=64 time=" "$out"
out=$(lab_exec c "$ping" -q -c 1 -i 0 --max-targets 300 127.2.0.0/24)
t_assert_match "--max-targets 300 allows a /24" "254 targets, 254 alive" "$out"

t_summary
