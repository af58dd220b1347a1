#!/usr/bin/env bash
# test_ping_path.sh — netdx ping on an 8-router lab path: hop inference for hosts 1..8
# routers away (IPv4 text, IPv6 JSON, -v per reply), -t k answered by router k with
# "Time to live exceeded" (IPv6: "Time exceeded: Hop limit"), IPv6 by name, -4 / -6,
# --json lines that validate and agree with their own figures and with the text run,
# -w deadline, -W linger, -i pacing, -Q and -M seen on the wire by a router's nft
# counters, and signals (SIGQUIT status, SIGINT / SIGTERM statistics).
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
# now: seconds since the epoch with microseconds.
now() { printf '%s\n' "${EPOCHREALTIME/,/.}"; }
# elapsed T0: seconds since T0.
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

lab_up --routers 8 --dns || exit 1

# --- hop inference: a host k routers away answers with TTL 64 - k --------------------
for k in 1 2 3 4 5 6 7 8; do
	addr=$(lab_hop_addr $((k + 1)) 4)
	out=$(lab_exec c "$ping" -c 1 "$addr")
	hop=hops
	((k == 1)) && hop=hop
	t_assert_match "v4: $k router(s) away: ttl=$((64 - k)): initial 64, $k $hop away" \
		"(^|${nl})ttl=$((64 - k)): initial 64, $k $hop away(${nl}|$)" "$out"
	addr=$(lab_hop_addr $((k + 1)) 6)
	j=$(lab_exec c "$ping" --json -c 1 "$addr" | jq -c 'select(.type == "summary") | [.ttl, .initial_ttl, .hops]')
	t_assert_eq "v6 JSON: $k router(s) away" "[$((64 - k)),64,$k]" "$j"
done
out=$(lab_exec c "$ping" -v -c 2 -i 0.05 "$LAB_TARGET4")
t_assert_eq "-v: every reply carries the hop inference" 2 \
	"$(grep -c 'icmp_seq=[12] ttl=56 time=[0-9.]* ms (initial 64, 8 hops away)$' <<<"$out")"
t_assert_match "-v: dropped packets are counted" "(^|${nl})dropped: 0 foreign, 0 malformed" "$out"

# --- -t k: router k says time exceeded ------------------------------------------------
for k in 1 2 3 4 5 6 7 8; do
	out=$(lab_exec c "$ping" -c 1 -t $k "$LAB_TARGET4")
	rc=$?
	t_assert_eq "v4 -t $k: time exceeded from router $k" \
		"From $(lab_hop_addr $k 4) icmp_seq=1 Time to live exceeded" "$(grep '^From' <<<"$out")"
	t_assert_eq "v4 -t $k: exit 1 (no reply)" 1 "$rc"
done
for k in 1 4 8; do
	out=$(lab_exec c "$ping" -c 1 -t $k "$LAB_TARGET6")
	t_assert_eq "v6 -t $k: hop limit exceeded at router $k" \
		"From $(lab_hop_addr $k 6) icmp_seq=1 Time exceeded: Hop limit" "$(grep '^From' <<<"$out")"
done
out=$(lab_exec c "$ping" -c 1 -t 9 "$LAB_TARGET4")
t_assert_match "-t 9 reaches the target" "icmp_seq=1 ttl=56 " "$out"

# --- names and families -----------------------------------------------------------------
out=$(lab_exec c "$ping" -c 2 -i 0.05 -6 t.lab.test)
t_assert_match "IPv6 by name: header" "^PING t.lab.test\(t.lab.test \(fd00:0:0:9::1\)\) 56 data bytes" "$out"
t_assert_eq "IPv6 by name: two replies, reverse-resolved" 2 \
	"$(grep -c '^64 bytes from t.lab.test (fd00:0:0:9::1): icmp_seq=[12] ttl=56 ' <<<"$out")"
out=$(lab_exec c "$ping" -c 1 -4 t.lab.test)
t_assert_match "-4 by name: IPv4" "(^|${nl})64 bytes from t.lab.test \(10.0.9.1\): icmp_seq=1 ttl=56 " "$out"
out=$(lab_exec c "$ping" -c 1 -n -4 t.lab.test)
t_assert_match "-n: no reverse lookup" "(^|${nl})64 bytes from 10.0.9.1: icmp_seq=1 ttl=56 " "$out"

# --- JSON: valid lines, consistent figures, the same counts as the text -----------------
lab_exec c "$ping" --json -c 8 -i 0.02 "$LAB_TARGET4" >"$tmp/j.txt"
t_assert_eq "--json: exit 0" 0 "$?"
t_assert_eq "--json: every line one valid JSON object" "$(wc -l <"$tmp/j.txt")" \
	"$(jq -c 'select(type == "object")' "$tmp/j.txt" | wc -l)"
t_assert_eq "--json: start, 8 replies, summary" "start reply*8 summary" \
	"$(jq -r .type "$tmp/j.txt" | uniq -c | awk '{ printf "%s%s ", $2, ($1 > 1 ? "*" $1 : "") }' | sed 's/ $//')"
t_assert_eq "--json: reply keys" '["bytes","duplicate","hops","host","initial_ttl","seq","time","ttl","type"]' \
	"$(jq -c 'select(.type == "reply") | keys' "$tmp/j.txt" | sort -u)"
t_assert_eq "--json: reply types (numbers as numbers)" "number boolean number string number number number number string" \
	"$(jq -r 'select(.type == "reply") | [.bytes, .duplicate, .hops, .host, .initial_ttl, .seq, .time, .ttl, .type] | map(type) | join(" ")' "$tmp/j.txt" | sort -u)"
check=$(jq -s -r '
	(map(select(.type == "reply")) ) as $r | (map(select(.type == "summary"))[0]) as $s |
	[ ($s.received == ($r | length)), ($s.transmitted == 8), ($s.loss == 0),
	  ($s.rtt.min == ($r | map(.time) | min)), ($s.rtt.max == ($r | map(.time) | max)),
	  ((($s.rtt.avg - ($r | map(.time) | add / length)) | fabs) <= 0.001),
	  ($s.hops == 8), ($s.ttl == 56), ($r | map(.seq) == [1,2,3,4,5,6,7,8]),
	  ($s.percentiles.p50 >= $s.rtt.min - 0.001 and $s.percentiles.p99 <= $s.rtt.max + 0.001),
	  ($s.jitter.max <= $s.rtt.max - $s.rtt.min + 0.001) ] | map(tostring) | join(" ")' "$tmp/j.txt")
t_assert_eq "--json: summary agrees with the replies (count, loss, min, max, avg, hops, percentiles, jitter)" \
	"true true true true true true true true true true true" "$check"
text=$(lab_exec c "$ping" -c 8 -i 0.02 "$LAB_TARGET4")
t_assert_eq "--json and text agree: transmitted, received, loss, ttl, hops" \
	"$(jq -r 'select(.type == "summary") | "\(.transmitted) packets transmitted, \(.received) received, \(.loss)% packet loss|ttl=\(.ttl): initial \(.initial_ttl), \(.hops) hops away"' "$tmp/j.txt")" \
	"$(grep -o '^[0-9]* packets transmitted, [0-9]* received, [0-9.]*% packet loss' <<<"$text")|$(grep '^ttl=' <<<"$text")"
j=$(lab_exec c "$ping" -j -c 2 -i 0.05 -t 3 "$LAB_TARGET4")
t_assert_eq "-j (alias): ICMP errors as objects" \
	'{"type":"error","host":"10.0.3.1","seq":1,"error":"Time to live exceeded","icmp_type":11,"icmp_code":0}' \
	"$(jq -c 'select(.type == "error")' <<<"$j" | head -1)"
t_assert_eq "-j: the summary counts the errors" "2 0 null" \
	"$(jq -r 'select(.type == "summary") | "\(.errors) \(.received) \(.rtt)"' <<<"$j")"
t_assert_eq "-j -q: no per-reply objects" "start summary" \
	"$(lab_exec c "$ping" -j -q -c 3 -i 0.02 "$LAB_TARGET4" | jq -r .type | xargs)"

# --- pacing, deadline, linger ------------------------------------------------------------
out=$(lab_exec c "$ping" -c 5 -i 0.2 "$LAB_TARGET4")
t_assert_range "-i 0.2 -c 5: 'time' spans four intervals (ms)" 790 880 \
	"$(grep -o 'time [0-9]*ms' <<<"$out" | tr -dc 0-9)"
t0=$(now)
out=$(lab_exec c "$ping" -w 1.5 -i 0.1 "$LAB_TARGET4")
rc=$?
t_assert_range "-w 1.5: ends after 1.5 s" 1.45 2.2 "$(elapsed "$t0")"
t_assert_eq "-w 1.5: exit 0" 0 "$rc"
t_assert_range "-w 1.5 -i 0.1: about 15 probes" 14 17 \
	"$(grep -o '^[0-9]* packets transmitted' <<<"$out" | tr -dc 0-9)"
t0=$(now)
lab_exec c "$ping" -w 1 -c 100 -i 0.1 "$LAB_TARGET4" >/dev/null
rc=$?
t_assert_range "-w 1 -c 100: ends at the deadline" 0.95 1.7 "$(elapsed "$t0")"
t_assert_eq "-w 1 -c 100: fewer than 100 replies: exit 1" 1 "$rc"
# A host on the target's link that does not exist, and router 8 never says so
# (lab_dead_host): nothing ever comes back.
lab_dead_host 10.0.9.77 || exit 1
t0=$(now)
out=$(lab_exec c "$ping" -c 2 -i 0.1 -W 0.5 10.0.9.77)
rc=$?
t_assert_range "-W 0.5: waits half a second after the last probe" 0.55 1.3 "$(elapsed "$t0")"
t_assert_eq "-W 0.5: nothing back: exit 1" 1 "$rc"
t_assert_match "-W 0.5: 100% loss" "2 packets transmitted, 0 received, 100% packet loss" "$out"

# --- -Q and -M on the wire: router 1 counts what it forwards ----------------------------
lab_exec r1 nft -f - <<'EOF'
table ip wire {
	counter tos { }
	counter df { }
	counter nodf { }
	chain forward { type filter hook forward priority 0;
		ip daddr 10.0.9.1 icmp type echo-request ip dscp cs1 counter name tos
		ip daddr 10.0.9.1 icmp type echo-request ip length 1228 ip frag-off & 0x4000 != 0 counter name df
		ip daddr 10.0.9.1 icmp type echo-request ip length 1228 ip frag-off & 0x4000 == 0 counter name nodf
	}
}
EOF
packets() { lab_exec r1 nft list counter ip wire "$1" | grep -o 'packets [0-9]*' | tr -dc 0-9; }
lab_exec c "$ping" -c 3 -i 0.02 -Q 0x20 "$LAB_TARGET4" >/dev/null
t_assert_eq "-Q 0x20: three probes with DSCP CS1 on the wire" 3 "$(packets tos)"
lab_exec c "$ping" -c 2 -i 0.02 -s 1200 -M do "$LAB_TARGET4" >/dev/null
lab_exec c "$ping" -c 4 -i 0.02 -s 1200 -M dont "$LAB_TARGET4" >/dev/null
t_assert_eq "-M do: DF set on the wire" 2 "$(packets df)"
t_assert_eq "-M dont: DF clear on the wire" 4 "$(packets nodf)"
lab_exec r1 nft delete table ip wire

# --- signals: SIGQUIT prints a status and goes on; SIGINT / SIGTERM end with statistics -
# run_bg ARGS...: start ping in the client, its PID in $tmp/pid (exec keeps it).
run_bg() {
	rm -f "$tmp/pid" "$tmp/out" "$tmp/err"
	lab_exec c bash -c 'echo $$ >"$0"; exec "$@"' "$tmp/pid" "$ping" "$@" \
		>"$tmp/out" 2>"$tmp/err" &
	bg=$!
	t_wait_for 5 test -s "$tmp/pid"
}
replies() { grep -c '^64 bytes' "$tmp/out"; }
run_bg -i 0.05 -w 20 "$LAB_TARGET4"
t_wait_for 5 bash -c "(( \$(grep -c '^64 bytes' '$tmp/out') >= 3 ))"
kill -QUIT "$(cat "$tmp/pid")"
t_wait_for 5 grep -q 'packets' "$tmp/err"
t_assert_match "SIGQUIT: status on stderr" \
	"^"$'\r'"[0-9]+/[0-9]+ packets, [0-9]+% loss, min/avg/ewma/max = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms$" \
	"$(cat "$tmp/err")"
n=$(replies)
t_wait_for 5 bash -c "(( \$(grep -c '^64 bytes' '$tmp/out') > $n ))"
t_assert_eq "SIGQUIT: ping goes on" 1 "$(( $(replies) > n ))"
kill -INT "$(cat "$tmp/pid")"
wait "$bg"
rc=$?
bg=""
t_assert_eq "SIGINT: exit 0" 0 "$rc"
t_assert_match "SIGINT: statistics printed" "--- 10.0.9.1 ping statistics ---"$'\n'"[0-9]+ packets transmitted, [0-9]+ received" "$(cat "$tmp/out")"
run_bg -i 0.05 -w 20 "$LAB_TARGET4"
t_wait_for 5 grep -q '^64 bytes' "$tmp/out"
kill -TERM "$(cat "$tmp/pid")"
wait "$bg"
rc=$?
bg=""
t_assert_eq "SIGTERM: exit 0" 0 "$rc"
t_assert_match "SIGTERM: statistics printed" "rtt min/avg/max/mdev = " "$(cat "$tmp/out")"

t_summary
