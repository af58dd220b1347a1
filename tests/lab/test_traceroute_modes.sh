#!/usr/bin/env bash
# test_traceroute_modes.sh — traceroute's options and modes in the lab, against what
# the lab was built to do and against traceroute 2.x on the same path: --mtu on a
# 1400-byte link, -F, --back, -f/-q/-N/-z/-p/-s/-i/-t/-U/packet length, reverse names
# (the lab's DNS), Paris keeping one ECMP path while classic probes find both,
# --multipath finding both next hops (v4, v6), --json agreeing with the text,
# `jc --traceroute` reading ours as it reads 2.x's, --explain's numbers, running
# without privilege and with every capability gone after setup.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT

# --- path MTU: link 3 (router 2 to router 3) carries 1400 bytes -------------------------
lab_up --routers 4 --mtu 3:1400 || exit 1
out=$(tr_ours -n --mtu "$LAB_TARGET4")
t_assert_match "--mtu: 65000-byte probes to start" "65000 byte packets" "$(head -n 1 <<<"$out")"
TR_FROM=2 tr_check "--mtu: F=1500 at hop 1 (the interface), F=1400 at hop 3 (after the 1400 link)" \
	"$(printf ' 1  10.0.1.1 F=1500\n 2  10.0.2.1\n 3  10.0.3.1 F=1400\n 4  10.0.4.1\n 5  10.0.5.1\n     Resume: pmtu 1400 hops 5 back 5 ')" \
	-n --mtu "$LAB_TARGET4"
tr_golden "--mtu" -n --mtu "$LAB_TARGET4"
tr_golden "--mtu, ICMP" -n -I --mtu "$LAB_TARGET4"
out=$(tr_ours -n --mtu -6 "$LAB_TARGET6")
t_assert_match "--mtu, v6: F=1400 at hop 3" " 3  fd00:0:0:3::1 F=1400" "$out"
TR_TAIL=1 tr_check "-F with 2000-byte probes: refused locally, !F-1500" " 1  * !F-1500 * !F-1500 * !F-1500" \
	-n -F "$LAB_TARGET4" 2000
tr_golden "-F, 2000 bytes" -n -F "$LAB_TARGET4" 2000
TR_TAIL=1 tr_check "-F with 1500-byte probes: router 2 says !F-1400" " 3  10.0.2.1 !F-1400 !F-1400 !F-1400" \
	-n -F "$LAB_TARGET4" 1500
tr_golden "-F, 1500 bytes" -n -F "$LAB_TARGET4" 1500
lab_down

# --- the options that shape probes -------------------------------------------------------
lab_up --routers 3 || exit 1
TR_FROM=2 tr_check "-f 3: starts at hop 3" "$(printf ' 3  10.0.3.1\n 4  10.0.4.1')" \
	-n -f 3 "$LAB_TARGET4"
tr_golden "-f 3 -q 1" -n -f 3 -q 1 "$LAB_TARGET4"
t_assert_eq "-m 2: stops at TTL 2" "traceroute to 10.0.4.1 (10.0.4.1), 2 hops max, 60 byte packets" \
	"$(tr_ours -n -m 2 "$LAB_TARGET4" | head -n 1)"
tr_golden "-m 2 -q 5" -n -m 2 -q 5 "$LAB_TARGET4"
tr_golden "-N 1" -n -N 1 "$LAB_TARGET4"
tr_golden "packet length 100" -n "$LAB_TARGET4" 100
tr_golden "packet length 10 (raised to the headers)" -n "$LAB_TARGET4" 10
tr_golden "-U (UDP to port 53)" -n -U "$LAB_TARGET4"
tr_golden "-T -p 22" -n -T -p 22 "$LAB_TARGET4"
tr_golden "-p 40000" -n -p 40000 "$LAB_TARGET4"
tr_golden "-s (source address)" -n -s "$LAB_CLIENT4" "$LAB_TARGET4"
tr_golden "-i (interface)" -n -i to-r1 "$LAB_TARGET4"
tr_golden "-t 16 (TOS)" -n -t 16 "$LAB_TARGET4"
secs=$(tr_wall -n -q 1 -z 100 "$LAB_TARGET4")
t_assert_range "-z 100: 4 probes, 100 ms apart: ${secs} s" 0.3 2.0 "$secs"
secs=$(tr_wall -n -q 1 -z 0.1 "$LAB_TARGET4")
t_assert_range "-z 0.1 (seconds below 10, as 2.x): ${secs} s" 0.3 2.0 "$secs"
out=$(lab_exec c "$TR" -n -s 10.9.9.9 "$LAB_TARGET4" 2>&1)
t_assert_eq "-s with an address not ours: exit 2" 2 "$?"
t_assert_eq "-s with an address not ours: one line" 1 "$(grep -c . <<<"$out")"
lab_down

# --- --back: router 2 starts its answers at TTL 100, so 2.x guesses 30 hops back --------
lab_up --routers 3 || exit 1
lab_exec r2 sysctl -qw net.ipv4.ip_default_ttl=100
TR_FROM=2 tr_check "--back: '-30' where the way back looks longer, nothing elsewhere" \
	"$(printf " 1  10.0.1.1\n 2  10.0.2.1 '-30'\n 3  10.0.3.1\n 4  10.0.4.1")" \
	-n --back "$LAB_TARGET4"
tr_golden "--back" -n --back "$LAB_TARGET4"
out=$(lab_exec c "$TR" -n --explain "$LAB_TARGET4")
t_assert_match "--explain: the unusual start shows as a longer way back" \
	"Its answer arrived with TTL 99\. Senders start at 128" "$(tr -s '\n ' '  ' <<<"$out")"
lab_down

# --- --explain: the right numbers in plain sentences -----------------------------------
lab_up --routers 3 --silent 2 || exit 1
out=$(lab_exec c "$TR" -n --explain "$LAB_TARGET4" | tr -s '\n ' '  ')
t_assert_match "--explain: what was sent" \
	"TTL 3: we sent 3 UDP datagrams to 10\.0\.4\.1 port 33434, each with TTL 3\." "$out"
t_assert_match "--explain: who took the TTL to 0 and what it said" \
	"10\.0\.3\.1 is the router 3 hops away\. .* sent back ICMP \"time exceeded\" \(type 11, code 0\)\." "$out"
t_assert_match "--explain: the reply's TTL and the way back" \
	"Its answer arrived with TTL 62\. Senders start at 64 .* so the answer crossed 2 routers on the way back: the way back is 3 hops long, as long as the 3 hops out\." "$out"
t_assert_match "--explain: a silent hop that forwards" \
	"No answer to any of the 3 probes .* Later hops did answer, so the router at hop 2 forwards traffic" "$out"
t_assert_match "--explain: the destination's port unreachable" \
	"10\.0\.4\.1 is the destination: .* UDP port 33434 .* \"port unreachable\" \(type 3, code 3\)" "$out"
t_assert_match "--explain: the end" "The trace ends here: the destination is 4 hops away\." "$out"
out=$(lab_exec c "$TR" -n --explain -T "$LAB_TARGET4" | tr -s '\n ' '  ')
t_assert_match "--explain -T: RST means closed, but there" "answered our SYN with RST, so TCP port 80 is closed" "$out"
out=$(lab_exec c "$TR" -n --explain -I -6 "$LAB_TARGET6" | tr -s '\n ' '  ')
t_assert_match "--explain -I -6: ICMPv6 time exceeded is type 3" "ICMPv6 \"time exceeded\" \(type 3, code 0\)" "$out"
t_assert_match "--explain -I -6: echo reply" "answered the echo request with an echo reply \(ICMPv6 type 129\)" "$out"
lab_down

# --- JSON agrees with the text; jc reads ours as it reads 2.x's --------------------------
lab_up --routers 3 --silent 2 --udp filter || exit 1
json=$(lab_exec c "$TR" -n --json "$LAB_TARGET4")
t_assert_eq "--json: one valid document" "object" "$(jq -r type <<<"$json" 2>&1)"
t_assert_eq "--json: target, method, settings" "10.0.4.1 udp true 1 30 3 60" \
	"$(jq -r '[.address, .method, .paris, .first_ttl, .max_ttl, .queries, .packet_len] | join(" ")' <<<"$json")"
from_json=$(jq -r '.hops[] | .ttl as $t | .probes[] | "\($t) \(.addr // "*") \(.annotation // "")"' <<<"$json")
text=$(lab_exec c "$TR" -n "$LAB_TARGET4" | tail -n +2)
# each "N.NNN ms" is a probe answered by the last address printed on the line
from_text=$(awk '{ t = $1; addr = ""; for (i = 2; i <= NF; i++) {
	if ($i == "*") { print t, "*", ""; continue }
	if ($i ~ /^[0-9]+\.[0-9]+$/ && $(i + 1) == "ms") {
		m = (i + 2 <= NF && $(i + 2) ~ /^!/) ? $(i + 2) : ""; print t, addr, m; i++; continue }
	if ($i !~ /^!/) addr = $i } }' <<<"$text")
t_assert_eq "--json: the same probes (responder, mark) as the text" "$from_json" "$from_text"
t_assert_eq "--json: the silent hop's probes are nulls" "null null null" \
	"$(jq -r '[.hops[1].probes[] | .addr, .rtt_ms, .icmp][0:3] | map(tostring) | join(" ")' <<<"$json")"
t_assert_eq "--json: time exceeded is type 11 code 0, with the reply's TTL" "11 0 64" \
	"$(jq -r '.hops[0].probes[0] | "\(.icmp.type) \(.icmp.code) \(.reply_ttl)"' <<<"$json")"
t_assert_eq "--json: admin prohibited is type 3 code 13, !X, reached" "3 13 !X true" \
	"$(jq -r '.hops[3].probes[0] | "\(.icmp.type) \(.icmp.code) \(.annotation) \(.reached)"' <<<"$json")"
t_assert_eq "--json: rtt_ms is a number" "number" "$(jq -r '.hops[0].probes[0].rtt_ms | type' <<<"$json")"
t_assert_eq "--json: exit 0, nothing on stderr" "" "$(lab_exec c "$TR" -n --json "$LAB_TARGET4" 2>&1 >/dev/null)"
strip='del(.hops[].probes[].rtt)'
for m in "" -I; do
	ours=$(lab_exec c "$TR" -n $m "$LAB_TARGET4" | jc --traceroute | jq -S "$strip")
	ref=$(lab_exec c traceroute -n $m "$LAB_TARGET4" | jc --traceroute | jq -S "$strip")
	t_assert_eq "jc --traceroute: ours parses to 2.x's structure (${m:-UDP})" "$ref" "$ours"
done
t_assert_eq "jc --traceroute: the !X hop" '"!X"' \
	"$(lab_exec c "$TR" -n "$LAB_TARGET4" | jc --traceroute | jq -c '.hops[3].probes[0].annotation')"
lab_down

# --- names from the lab's DNS, looked up while the probes fly ---------------------------
lab_up --routers 3 --dns || exit 1
tr_golden "reverse names" "$LAB_TARGET4"
tr_golden "reverse names, v6" -6 "$LAB_TARGET6"
TR_FROM=2 tr_check "reverse names: r1, r2, r3, t.lab.test" \
	"$(printf ' 1  r1.lab.test (10.0.1.1)\n 2  r2.lab.test (10.0.2.1)\n 3  r3.lab.test (10.0.3.1)\n 4  t.lab.test (10.0.4.1)')" \
	"$LAB_TARGET4"
t_assert_eq "--json: names" '["r1.lab.test","r2.lab.test","r3.lab.test","t.lab.test"]' \
	"$(lab_exec c "$TR" --json "$LAB_TARGET4" | jq -c '[.hops[].probes[0].name]')"
t_assert_eq "a target by name" "traceroute to lab.test (10.0.4.1), 30 hops max, 60 byte packets" \
	"$(tr_ours -n lab.test | head -n 1)"
secs=$(tr_wall "$LAB_TARGET4")
base=$(tr_wall -n "$LAB_TARGET4")
t_assert_range "names cost no extra wall time on a fast path: ${secs} s (-n: ${base} s)" \
	0 "$(awk -v b="$base" 'BEGIN { print b + 0.1 }')" "$secs"
lab_down

# --- ECMP at hop 2: Paris keeps one path, classic probes and --multipath see both ---------
lab_up --routers 3 --ecmp 2 || exit 1
pair="10.0.2.1 10.1.2.1"
# responders_at OUT TTL: the sorted distinct addresses on that hop's line
responders_at() { grep -E "^ ?$2  " <<<"$1" | grep -oE '10\.[0-9.]+|fd00:[0-9a-f:]+' | sort -u | xargs; }
# until_both NAME CMD...: up to 3 runs (a random source port picks the flows; the chance
# that 10 flows all hash one way is 2^-9 per run), passing when hop 2 shows both.
until_both() {
	local name=$1 out got="" i
	shift
	for ((i = 0; i < 3; i++)); do
		out=$("$@")
		got=$(responders_at "$out" 2)
		[[ $got == "$pair" || $got == "fd00:0:0:2::1 fd00:1:0:2::1" ]] && break
	done
	t_pass_fail "$name" "$got"
}
t_pass_fail() {
	if [[ $2 == "$pair" || $2 == "fd00:0:0:2::1 fd00:1:0:2::1" ]]; then t_pass "$1"; else t_fail "$1" "hop 2 showed '$2'"; fi
}
for run in 1 2 3; do
	out=$(lab_exec c "$TR" -n -q 10 "$LAB_TARGET4")
	t_assert_match "Paris (default), run $run: 10 probes at hop 2, one path" \
		"^(10\.0\.2\.1|10\.1\.2\.1)$" "$(responders_at "$out" 2)"
done
out=$(lab_exec c "$TR" -n -q 10 -6 "$LAB_TARGET6")
t_assert_match "Paris, v6: one path" "^fd00:[01]:0:2::1$" "$(responders_at "$out" 2)"
out=$(lab_exec c "$TR" -n -q 10 --raw "$LAB_TARGET4")
t_assert_match "Paris, raw UDP (checksum identifies): one path" "^(10\.0\.2\.1|10\.1\.2\.1)$" "$(responders_at "$out" 2)"
until_both "classic (--no-paris): the port changes per probe, both paths show" \
	lab_exec c "$TR" -n -q 10 --no-paris "$LAB_TARGET4"
until_both "--multipath (99.99% confidence): both next hops at TTL 2" \
	lab_exec c "$TR" -n --multipath --confidence 99.99 "$LAB_TARGET4"
until_both "--multipath, v6: both next hops at TTL 2" \
	lab_exec c "$TR" -n -6 --multipath --confidence 99.99 "$LAB_TARGET6"
out=$(lab_exec c "$TR" -n --multipath "$LAB_TARGET4")
t_assert_match "--multipath: the header states the confidence" "multipath: every next hop per TTL, 95% confidence" "$out"
t_assert_match "--multipath: one next hop: n(1) = 6 probes" " 1  10\.0\.1\.1  [0-9.]+ ms  \[6 probes: 6\]" "$out"
# At 95% a run misses the second next hop with probability 2 (1/2)^6 ~ 3%, by design:
# the n(2) count is checked on the first of up to 5 runs that found both.
for ((i = 0; i < 5; i++)); do
	[[ $(responders_at "$out" 2) == "$pair" ]] && break
	out=$(lab_exec c "$TR" -n --multipath "$LAB_TARGET4")
done
t_assert_match "--multipath: two next hops: n(2) = 11 probes" "\[11 probes: [0-9]+ \+ [0-9]+\]" "$(grep '^ 2 ' <<<"$out")"
json=$(lab_exec c "$TR" -n --multipath --json "$LAB_TARGET4")
t_assert_eq "--multipath --json: responders of hop 1" '[{"addr":"10.0.1.1","probes":6}]' \
	"$(jq -c '[.hops[0].responders[] | {addr, probes}]' <<<"$json")"
t_assert_eq "--multipath --json: confidence" "95" "$(jq -r '.confidence' <<<"$json")"
lab_down

# --- no privilege: UDP and ICMP work, raw methods say what is missing; caps dropped -------
lab_up --routers 2 || exit 1
cp "$TR" "$tmp/traceroute"
chmod 755 "$tmp/traceroute"
nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
for m in "" -I; do
	ours=$(lab_exec c "${nobody[@]}" "$tmp/traceroute" -n $m "$LAB_TARGET4" 2>&1 | tr_norm)
	t_assert_eq "as nobody, ${m:-UDP}: the full path" "$(tr_expect 2 4)" "$ours"
done
declare -A asked=([-T]="-T (TCP SYN probes)" [--raw]="--raw (UDP from a raw socket)"
	[-P 253]="-P (raw IP probes)")
for m in -T --raw "-P 253"; do
	out=$(lab_exec c "${nobody[@]}" "$tmp/traceroute" -n $m "$LAB_TARGET4" 2>&1)
	rc=$?
	t_assert_eq "as nobody, $m: exit 2" 2 "$rc"
	t_assert_eq "as nobody, $m: names the option and the setcap to run, one line" \
		"traceroute: ${asked[$m]}: need a raw socket (cap_net_raw): as root, run setcap cap_net_raw+p $tmp/traceroute, or run traceroute as root" "$out"
done
# -I needs no raw socket where ping_group_range lets it open an ICMP datagram socket;
# where it does not, the line names -I (not a raw option never given) and both ways
lab_exec c sysctl -qw net.ipv4.ping_group_range="1 0"
out=$(lab_exec c "${nobody[@]}" "$tmp/traceroute" -n -I "$LAB_TARGET4" 2>&1)
rc=$?
lab_exec c sysctl -qw net.ipv4.ping_group_range="0 2147483647"
t_assert_eq "as nobody outside ping_group_range, -I: exit 2" 2 "$rc"
t_assert_eq "as nobody outside ping_group_range, -I: says what is missing" \
	"traceroute: -I (ICMP echo probes): this user may open neither a raw socket (cap_net_raw) nor an ICMP datagram socket: as root, run setcap cap_net_raw+p $tmp/traceroute, or sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"" "$out"
tr_quiet_target
for m in "" -T; do
	lab_exec c "$TR" -n -m 6 -w 2 $m "$LAB_TARGET4" >"$tmp/cap.out" 2>&1 &
	bg=$!
	pid=""
	if t_wait_for 5 grep -q '^ 2 ' "$tmp/cap.out"; then
		pid=$(ip netns pids "$(lab_ns c)" | head -n 1)
	fi
	status=$(grep -E '^(CapPrm|CapEff|NoNewPrivs):' "/proc/$pid/status" 2>/dev/null | tr -s '\t' ' ' | xargs)
	t_assert_eq "root, ${m:-UDP}: every capability gone while probing" \
		"CapPrm: 0000000000000000 CapEff: 0000000000000000 NoNewPrivs: 1" "$status"
	[[ -n $pid ]] && kill "$pid" 2>/dev/null
	wait "$bg" 2>/dev/null
done
lab_down

t_summary
