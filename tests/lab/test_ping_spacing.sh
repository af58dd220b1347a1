#!/usr/bin/env bash
# test_ping_spacing.sh — a sweep's timing, seen on the wire (tests/lab/echo_order.py
# reads the echo requests as they leave the client): -i is the time between two probes
# to one target (default 1 s, as iputils), --gap the time between any two (default
# 10 ms); rounds go a, b, a, b, never one target's back to back; -i 0 is still flat out.
# Bounds are lower bounds at half the asked spacing: a loaded machine only makes them
# longer (the tool spaces from when a probe really went).
. "$(dirname "$0")/../lab/prelude.sh"
ping="$LAB_BUILD/bin/ping"
tmp=$(mktemp -d)
cap=""
cleanup() {
	[[ -n $cap ]] && kill "$cap" 2>/dev/null
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

lab_up --routers 1 || exit 1
A=$LAB_TARGET4 B=10.0.1.1 C=10.0.2.2

# capture COUNT SECONDS PING-ARGS...: the requests of one run in $tmp/cap, its stdout
# in $tmp/out.
capture() {
	local count=$1 seconds=$2
	shift 2
	: >"$tmp/ready"
	lab_exec c /usr/bin/python3 tests/lab/echo_order.py to-r1 "$count" "$seconds" \
		>"$tmp/cap" 2>"$tmp/ready" &
	cap=$!
	t_wait_for 10 grep -q ready "$tmp/ready" || echo "echo_order.py did not start" >&2
	lab_exec c "$ping" "$@" >"$tmp/out"
	wait "$cap"
	cap=""
}

# order: the destinations in the order they left.
order() { awk '{ print $1 }' "$tmp/cap" | xargs; }

# least_spacing SAME|ANY: the least time in ms between two requests to one destination
# (SAME) or between any two (ANY).
least_spacing() {
	awk -v mode="$1" '{
		if (mode == "ANY" && NR > 1) d = $2 - prev; else if (mode == "SAME" && ($1 in last)) d = $2 - last[$1]; else d = -1
		if (d >= 0 && (min == "" || d < min)) min = d
		prev = $2; last[$1] = $2
	} END { printf "%d\n", min / 1e6 }' "$tmp/cap"
}

# --- the defaults: -i 1 s per target, 10 ms between any two ---------------------------------
capture 6 20 -c 3 "$A" "$B"
t_assert_eq "ping -c 3 a b: rounds alternate on the wire" "$A $B $A $B $A $B" "$(order)"
t_assert_range "ping -c 3 a b: a target's probes at least 0.5 s apart (-i 1 s)" 500 100000 \
	"$(least_spacing SAME)"
t_assert_range "ping -c 3 a b: any two probes at least 5 ms apart (--gap 10 ms)" 5 100000 \
	"$(least_spacing ANY)"
t_assert_range "ping -c 3 a b: the sweep takes 2 s or more, as iputils' users expect" 1900 100000 \
	"$(grep -o 'time [0-9]*ms' "$tmp/out" | tr -dc 0-9)"

# --- both knobs ----------------------------------------------------------------------------
capture 6 20 -c 2 -i 0.4 --gap 0.1 "$A" "$B" "$C"
t_assert_eq "-i 0.4 --gap 0.1, three targets: round-robin on the wire" \
	"$A $B $C $A $B $C" "$(order)"
t_assert_range "-i 0.4: a target's probes at least 0.2 s apart" 200 100000 "$(least_spacing SAME)"
t_assert_range "--gap 0.1: any two probes at least 50 ms apart" 50 100000 "$(least_spacing ANY)"
capture 4 20 -c 2 -i 0.01 --gap 0.2 "$A" "$B"
t_assert_range "--gap 0.2 above -i 0.01: the gap rules (at least 100 ms)" 100 100000 \
	"$(least_spacing ANY)"

# --- flat out: -i 0 alone drops the gap too ---------------------------------------------------
capture 6 20 -c 3 -i 0 "$A" "$B"
t_assert_eq "-i 0: flat out, still in round order" "$A $B $A $B $A $B" "$(order)"
t_assert_match "-i 0: every probe answered" "6 packets transmitted, 6 received" "$(cat "$tmp/out")"

# --- bad input ----------------------------------------------------------------------------
t_cli_bad "--gap with one target" 2 \
	"ping: --gap spaces the probes of a sweep: give several targets" "$ping" --gap 0.1 "$A"
t_cli_bad "--gap abc" 2 "ping: invalid gap 'abc': not a number" "$ping" --gap abc "$A" "$B"
t_cli_bad "--gap with --textfile" 2 \
	"ping: options --textfile and --gap do not go together (it spreads each round over -i)" \
	"$ping" --textfile "$tmp/x.prom" --gap 0.1 "$A" "$B"

t_summary
