#!/usr/bin/env bash
# test_mtr_opts2.sh — mtr 0.95's options that shape the probes, checked on the wire (an
# nftables counter in the client's output hook must count every probe the run sent, so
# one probe without the mark, port, pattern or size fails it): -M MARK, -L LOCALPORT,
# -B BITPATTERN (and above 255: random bytes, ICMP and UDP), -s negative (random sizes), -U
# MAXUNKNOWN (no probe past the unknown hops), -G GRACE (the last round's answers after
# it are lost), -Z (every probe waited for) next to --max-wait; -M and -B over IPv6 too;
# --xml and --json as mtr 0.95 writes them; then each option's range, one line, exit 2.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
bin=$LAB_BIN/mtr
tmp=$(mktemp -d)
trap 'lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT
lab_up --routers 2 || exit 1
T=$LAB_TARGET4

# all_matched NAME ALL RULE ARGS...: our mtr -r ARGS...; the probes matching ALL (every
# probe of the run) all matched RULE too, and there were some.
all_matched() {
	local name=$1 all=$2 rule=$3 n
	shift 3
	tr_counting "$all" "$all $rule"
	local t=$T
	[[ " $* " == *" -6 "* ]] && t=$LAB_TARGET6
	lab_exec c "$bin" -r -n -c 3 -i 0.2 "$@" "$t" >"$tmp/out" 2>&1
	read -r -a n <<<"$(tr_counted)"
	if ((${n[0]:-0} > 0)) && [[ ${n[0]} == "${n[1]:-}" ]]; then
		t_pass "$name: all ${n[0]} probes matched '$rule'"
	else
		t_fail "$name: every probe matches '$rule'" "counted ${n[*]:-nothing}; $(head -3 "$tmp/out")"
	fi
}

# hop K: the report's line of hop K in $tmp/out ("" when there is none).
hop() { grep -E "^ +$1\.\|-- " "$tmp/out"; }

echo4='icmp type echo-request'
# --- -M: the mark -------------------------------------------------------------------------
all_matched "-M 42" "$echo4" "meta mark 42" -M 42
all_matched "-M largest, -u" "udp dport >= 33434" "meta mark 4294967295" -M 4294967295 -u
all_matched "--mark, -T" "tcp dport 80 tcp flags & (syn | ack) == syn" "meta mark 7" --mark 7 -T
all_matched "-M 43 -6" "icmpv6 type echo-request" "meta mark 43" -M 43 -6

# --- -L: the UDP source port ----------------------------------------------------------------
all_matched "-L 40000 -u" "udp dport >= 33434" "udp sport 40000" -u -L 40000
all_matched "--localport, -u -P 53" "udp dport 53" "udp sport 40001" -u --localport 40001 -P 53

# --- -B: the payload's fill byte (after the 8-byte header and our 16-byte stamp) -------------
all_matched "-B 171" "$echo4" "@th,192,32 0xabababab" -B 171 -s 100
all_matched "--bitpattern 0" "$echo4" "@th,192,32 0x00000000" --bitpattern 0 -s 100
all_matched "-B 171 -u" "udp dport >= 33434" "@th,192,32 0xabababab" -B 171 -u -s 100
all_matched "-B 205 -6" "icmpv6 type echo-request" "@th,192,32 0xcdcdcdcd" -B 205 -6 -s 120
# above 255: a random byte per probe (mtr's): not one fill byte for all of 30 probes
tr_counting "$echo4" "$echo4 @th,192,8 0x00" "$echo4 @th,192,8 0x10"
lab_exec c "$bin" -r -n -c 10 -i 0.1 -B 256 -s 100 "$T" >/dev/null 2>&1
read -r -a n <<<"$(tr_counted)"
if ((n[0] >= 30 && n[1] < n[0] / 2 && n[2] < n[0] / 2)); then
	t_pass "-B 256: random bytes (of ${n[0]} probes ${n[1]} filled with 0x00, ${n[2]} with 0x10)"
else
	t_fail "-B 256: random bytes" "counted ${n[*]}"
fi
# the same over UDP: the engine's one random fill (fping -R's) serves every method
udp4="udp dport >= 33434"
tr_counting "$udp4" "$udp4 @th,192,8 0x00" "$udp4 @th,192,8 0x10"
lab_exec c "$bin" -r -n -c 10 -i 0.1 -u -B 256 -s 100 "$T" >/dev/null 2>&1
read -r -a n <<<"$(tr_counted)"
if ((n[0] >= 30 && n[1] < n[0] / 2 && n[2] < n[0] / 2)); then
	t_pass "-B 256 -u: random bytes (of ${n[0]} probes ${n[1]} filled with 0x00, ${n[2]} with 0x10)"
else
	t_fail "-B 256 -u: random bytes" "counted ${n[*]}"
fi

# --- -s negative: random sizes up to |N| ------------------------------------------------------
tr_counting "$echo4" "$echo4 ip length 28-400" "$echo4 ip length 64"
lab_exec c "$bin" -r -n -c 10 -i 0.1 -s -400 "$T" >"$tmp/out" 2>&1
read -r -a n <<<"$(tr_counted)"
if ((n[0] >= 30 && n[1] == n[0] && n[2] < n[0] / 2)); then
	t_pass "-s -400: every probe 28..400 bytes, sizes vary (${n[2]} of ${n[0]} of 64 bytes)"
else
	t_fail "-s -400: random sizes up to 400" "counted ${n[*]}; $(head -3 "$tmp/out")"
fi
t_assert_match "-s -400: every hop answers every probe" "^(.*  0\.0% +10 .*"$'\n'"){2}.*-- $T +0\.0% +10 " "$(hop '[1-3]')"
# sizes around the 16-byte stamp (payloads 0 to 32 bytes): an answer to a probe shorter
# than the one the engine sends next is still its answer
lab_exec c "$bin" -r -n -c 20 -i 0.1 -s -60 "$T" >"$tmp/out" 2>&1
t_assert_match "-s -60: every hop answers every probe" "^(.*  0\.0% +20 .*"$'\n'"){2}.*-- $T +0\.0% +20 " "$(hop '[1-3]')"
lab_exec c "$bin" -r -n -c 20 -i 0.1 -s -60 -u "$T" >"$tmp/out" 2>&1
t_assert_match "-s -60 -u: every hop answers every probe" "^(.*  0\.0% +20 .*"$'\n'"){2}.*-- $T +0\.0% +20 " "$(hop '[1-3]')"
lab_exec c "$bin" --xml -n -c 1 -s -400 -B 256 "$T" >"$tmp/out" 2>&1
t_assert_match "-s -400 -B 256 in --xml: mtr's words" 'PSIZE="rand\(28-400\)" BITPATTERN="rand\(0x00-FF\)"' \
	"$(cat "$tmp/out")"
lab_exec c "$bin" --xml -n -c 1 -s 100 -B 171 "$T" >"$tmp/out" 2>&1
t_assert_match "-s 100 -B 171 in --xml" 'PSIZE="100" BITPATTERN="0xAB"' "$(cat "$tmp/out")"
lab_exec c mtr --xml -n -c 1 -G 1 -s 100 -B 171 "$T" >"$tmp/peer" 2>&1
t_assert_eq "-s 100 -B 171 in --xml: mtr 0.95's header" "$(sed -n 2p "$tmp/peer")" "$(sed -n 2p "$tmp/out")"
t_assert_eq "-B 171 in --json: as mtr 0.95" "$(lab_exec c mtr --json -n -c 1 -G 1 -B 171 "$T" | jq -c '.report.mtr | {psize, bitpattern}')" \
	"$(lab_exec c "$bin" --json -n -c 1 -B 171 "$T" | jq -c '.report.mtr | {psize, bitpattern}')"
t_assert_eq "-s -400 -B 256 in --json" '{"psize":"rand(28-400)","bitpattern":"rand(0x00-FF)"}' \
	"$(lab_exec c "$bin" --json -n -c 1 -s -400 -B 256 "$T" | jq -c '.report.mtr | {psize, bitpattern}')"

lab_down >/dev/null 2>&1
# --- -U: routers 2 and 3 silent; the target at TTL 4 -------------------------------------
lab_up --routers 3 --silent 2 --silent 3 || exit 1
T=$LAB_TARGET4
for u in 1 2; do
	tr_counting "$echo4 ip ttl 4"
	lab_exec c "$bin" -r -n -c 4 -i 0.3 -U $u "$T" >"$tmp/out" 2>&1
	n=$(tr_counted)
	want=$([[ $u == 1 ]] && echo 1 || echo 4)
	t_assert_eq "-U $u: probes with TTL 4 (two unknown hops before it)" "$want" "$n"
done

lab_down >/dev/null 2>&1
# --- -G: router 1 holds what it forwards 1.5 s each way; hop 1 answers at once ----------------
lab_up --routers 1 --delay 1:1500 || exit 1
T=$LAB_TARGET4
lab_exec c "$bin" -r -n -c 1 -G 1 "$T" >"$tmp/out" 2>&1
t_assert_match "-G 1: hop 1 answered" "-- 10\.0\.1\.1 +0\.0% " "$(hop 1)"
t_assert_match "-G 1: the target's answer after 3 s is too late" "-- \?\?\? +100\.0 " "$(hop 2)"
lab_exec c "$bin" -r -n -c 1 -G 6 "$T" >"$tmp/out" 2>&1
t_assert_match "-G 6: the target answered" "-- $T +0\.0% " "$(hop 2)"
# -Z 2: every probe is waited for 2 s only, so the target's answer (3 s) is lost; with
# --max-wait 5 the wait is the adaptive one, up to 5 s, and it counts
lab_exec c "$bin" -r -n -c 1 -Z 2 "$T" >"$tmp/out" 2>&1
t_assert_match "-Z 2: the target's answer after 3 s is lost" "-- \?\?\? +100\.0 " "$(hop 2)"
lab_exec c "$bin" -r -n -c 1 --max-wait 5 "$T" >"$tmp/out" 2>&1
t_assert_match "--max-wait 5: the target answered" "-- $T +0\.0% " "$(hop 2)"

# --- ranges: one line, exit 2 ---------------------------------------------------------------
t_cli_bad "-M -1" 2 "mtr: invalid mark '-1': too small (minimum 0)" "$bin" -M -1 "$T"
t_cli_bad "-M 2^32" 2 "mtr: invalid mark '4294967296': too large (maximum 4294967295)" \
	"$bin" -M 4294967296 "$T"
t_cli_bad "-L 0" 2 "mtr: invalid local port '0': too small (minimum 1)" "$bin" -u -L 0 "$T"
t_cli_bad "-L 65536" 2 "mtr: invalid local port '65536': too large (maximum 65535)" \
	"$bin" -u -L 65536 "$T"
t_cli_bad "-L without -u" 2 "mtr: -L: a local port needs -u (UDP)" "$bin" -L 4000 "$T"
t_cli_bad "-B -2" 2 "mtr: invalid bit pattern '-2': too small (minimum -1)" "$bin" -B -2 "$T"
t_cli_bad "-B x" 2 "mtr: invalid bit pattern 'x': not a number" "$bin" -B x "$T"
t_cli_bad "-G 0" 2 "mtr: invalid grace time '0': too small (minimum 1)" "$bin" -G 0 "$T"
t_cli_bad "-G 3601" 2 "mtr: invalid grace time '3601': too large (maximum 3600)" "$bin" -G 3601 "$T"
t_cli_bad "-U 0" 2 "mtr: invalid max unknown '0': too small (minimum 1)" "$bin" -U 0 "$T"
t_cli_bad "-U 256" 2 "mtr: invalid max unknown '256': too large (maximum 255)" "$bin" -U 256 "$T"
t_cli_bad "-Z 0" 2 "mtr: invalid timeout '0': too small (minimum 1)" "$bin" -Z 0 "$T"
t_cli_bad "-Z 1.5" 2 "mtr: invalid timeout '1.5': not a number" "$bin" -Z 1.5 "$T"
t_cli_bad "--max-wait 0" 2 "mtr: invalid max wait '0': too small (minimum 1ms)" \
	"$bin" --max-wait 0 "$T"
t_cli_bad "-s 27" 2 "mtr: invalid packet size '27': 28 to 65000 bytes, or -65000 to -28 for random sizes" \
	"$bin" -s 27 "$T"
t_cli_bad "-s -27" 2 "mtr: invalid packet size '-27': 28 to 65000 bytes, or -65000 to -28 for random sizes" \
	"$bin" -s -27 "$T"
t_cli_bad "-s -65001" 2 "mtr: invalid packet size '-65001': too small (minimum -65000)" \
	"$bin" -s -65001 "$T"

t_summary
