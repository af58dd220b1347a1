#!/usr/bin/env bash
# test_traceroute_steer.sh — the traceroute 2.x options that steer probes rather than
# choose them: --sport, --fwmark, -l (IPv6 flow label), -r (SO_DONTROUTE), -M. Each is
# checked on the wire (an nftables counter in the client's output hook must count
# exactly the probes the run says it sent, so one probe without the port, mark or
# label fails it), against traceroute 2.x on the same path (times masked), and in
# --json; then what needs privilege, as nobody.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT
lab_up --routers 2 || exit 1

# on_wire NAME RULE ARGS...: our traceroute --json ARGS...; every probe it sent (its
# counters.sent) matched RULE, and the trace reached the target; the document in
# $tmp/doc.json.
on_wire() {
	local name=$1 rule=$2 sent
	shift 2
	tr_counting "$rule"
	lab_exec c "$TR" --json -n "$@" >"$tmp/doc.json"
	sent=$(jq .counters.sent "$tmp/doc.json")
	t_assert_eq "$name: reached" true "$(jq .reached "$tmp/doc.json")"
	t_assert_eq "$name: all $sent probes matched '$rule'" "$sent" "$(tr_counted)"
}

syn='tcp flags & (syn | ack) == syn' # our SYNs, not the kernel's RSTs after a SYN-ACK

# --- --sport ----------------------------------------------------------------------------
on_wire "--sport, UDP" "udp sport 40000" --sport 40000 "$LAB_TARGET4"
t_assert_eq "--sport in --json" 40000 "$(jq .sport "$tmp/doc.json")"
on_wire "--sport, -U (DNS queries)" "udp sport 40001" --sport 40001 -U "$LAB_TARGET4"
on_wire "--sport, --raw" "udp sport 40002" --sport 40002 --raw "$LAB_TARGET4"
on_wire "--sport, -T" "tcp sport 40003 $syn" --sport 40003 -T "$LAB_TARGET4"
on_wire "--sport, -T, IPv6" "tcp sport 40004 $syn" --sport 40004 -T -6 "$LAB_TARGET6"
tr_golden "--sport" -n --sport=40005 "$LAB_TARGET4"
tr_golden "--sport -T" -n -T --sport=40006 "$LAB_TARGET4"
t_assert_eq "no --sport: null in --json" null \
	"$(lab_exec c "$TR" --json -n -q 1 "$LAB_TARGET4" | jq .sport)"

# --- --fwmark ---------------------------------------------------------------------------
on_wire "--fwmark, UDP" "meta mark 5" --fwmark 5 "$LAB_TARGET4"
t_assert_eq "--fwmark in --json" 5 "$(jq .fwmark "$tmp/doc.json")"
on_wire "--fwmark, -I" "meta mark 6" --fwmark 6 -I "$LAB_TARGET4"
on_wire "--fwmark, -T" "meta mark 7 $syn" --fwmark 7 -T "$LAB_TARGET4"
on_wire "--fwmark, --raw, IPv6" "meta mark 8" --fwmark 8 --raw -6 "$LAB_TARGET6"
on_wire "--fwmark, largest" "meta mark 4294967295" --fwmark 4294967295 "$LAB_TARGET4"
tr_golden "--fwmark" -n --fwmark=5 "$LAB_TARGET4"
# The mark steers: a policy rule sends marked packets to a table whose route to the
# target is a blackhole; unmarked probes still get through.
lab_exec c ip rule add fwmark 9 lookup 100
lab_exec c ip route add blackhole "$LAB_TARGET4" table 100
for m in "" -I -T; do
	lab_exec c "$TR" -n -q 1 --fwmark 9 $m "$LAB_TARGET4" >"$tmp/out" 2>"$tmp/err"
	t_assert_eq "--fwmark 9 ${m:-UDP} into a blackhole table: exit 1" 1 "$?"
	t_assert_match "--fwmark 9 ${m:-UDP} into a blackhole table: one line" \
		"^traceroute: send: (Invalid argument|Network is unreachable)$" "$(cat "$tmp/err")"
	lab_exec c traceroute -n -q 1 --fwmark=9 $m "$LAB_TARGET4" >/dev/null 2>&1
	t_assert_eq "--fwmark 9 ${m:-UDP} into a blackhole table: 2.x exits 1 too" 1 "$?"
done
t_assert_eq "--fwmark 9, UDP into a blackhole table: the kernel's word" \
	"traceroute: send: Invalid argument" \
	"$(lab_exec c "$TR" -n -q 1 --fwmark 9 "$LAB_TARGET4" 2>&1 >/dev/null)"
lab_exec c ip rule del fwmark 9 lookup 100
lab_exec c ip route del blackhole "$LAB_TARGET4" table 100

# --- -l (IPv6 flow label) -----------------------------------------------------------------
on_wire "-l, UDP" "ip6 flowlabel 5" -l 5 -6 "$LAB_TARGET6"
t_assert_eq "-l in --json" 5 "$(jq .flowlabel "$tmp/doc.json")"
on_wire "-l, -I" "ip6 flowlabel 6" -l 6 -I -6 "$LAB_TARGET6"
on_wire "-l, -T" "ip6 flowlabel 7 $syn" -l 7 -T -6 "$LAB_TARGET6"
on_wire "-l, -U -p 99 (a socket per probe)" "ip6 flowlabel 8" -l 8 -U -p 99 -6 "$LAB_TARGET6"
on_wire "-l, largest" "ip6 flowlabel 1048575" -l 1048575 -6 "$LAB_TARGET6"
on_wire "-l, again at once (the lease outlives a run)" "ip6 flowlabel 5" -l 5 -6 "$LAB_TARGET6"
tr_golden "-l 5" -n -6 -l 5 "$LAB_TARGET6"

# --- -r (SO_DONTROUTE) --------------------------------------------------------------------
tr_golden "-r to a host on the client's link" -n -r "$LAB_HOP4_1"
tr_golden "-r to a host on the client's link, IPv6" -n -r -6 "$LAB_HOP6_1"
t_assert_eq "-r in --json" true \
	"$(lab_exec c "$TR" --json -n -q 1 -r "$LAB_HOP4_1" | jq .dontroute)"
for m in "" -I -T; do
	lab_exec c "$TR" -n -r $m "$LAB_TARGET4" >"$tmp/out" 2>"$tmp/err"
	t_assert_eq "-r ${m:-UDP} to a routed host: exit 1" 1 "$?"
	t_assert_eq "-r ${m:-UDP} to a routed host: the header" \
		"traceroute to $LAB_TARGET4 ($LAB_TARGET4), 30 hops max, 60 byte packets" "$(cat "$tmp/out")"
	t_assert_eq "-r ${m:-UDP} to a routed host: one line" \
		"traceroute: send: Network is unreachable" "$(cat "$tmp/err")"
	lab_exec c traceroute -n -r $m "$LAB_TARGET4" >/dev/null 2>&1
	t_assert_eq "-r ${m:-UDP} to a routed host: 2.x exits 1 too" 1 "$?"
done

# --- -M: 2.x's method names ---------------------------------------------------------------
tr_golden "-M icmp" -n -M icmp "$LAB_TARGET4"
tr_golden "-M tcp" -n -M tcp "$LAB_TARGET4"
tr_golden "-M udp" -n -M udp "$LAB_TARGET4"
tr_golden "-M default" -n -M default "$LAB_TARGET4"
t_assert_eq "-M raw: protocol 253 as 2.x" 253 \
	"$(lab_exec c "$TR" --json -n -q 1 -M raw "$LAB_TARGET4" | jq .protocol)"

# --- without privilege ----------------------------------------------------------------------
cp "$TR" "$tmp/traceroute"
chmod 755 "$tmp/traceroute"
nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
for m in "" -T; do
	out=$(lab_exec c "${nobody[@]}" "$tmp/traceroute" -n --fwmark 5 $m "$LAB_TARGET4" 2>&1)
	t_assert_eq "as nobody, --fwmark ${m:-UDP}: exit 2" 2 "$?"
	t_assert_eq "as nobody, --fwmark ${m:-UDP}: one line that says what to do" \
		"traceroute: --fwmark: setting a mark needs cap_net_raw: run traceroute as root, or give it the capability (setcap cap_net_raw+p)" "$out"
done
tr_counting "ip6 flowlabel 9"
lab_exec c "${nobody[@]}" "$tmp/traceroute" -n -l 9 -q 1 -N 1 -6 "$LAB_TARGET6" >"$tmp/out" 2>&1
t_assert_eq "as nobody, -l: works (3 hops)" 4 "$(wc -l <"$tmp/out")"
t_assert_eq "as nobody, -l: every probe labelled" 3 "$(tr_counted)"
tr_counting "udp sport 40010"
lab_exec c "${nobody[@]}" "$tmp/traceroute" -n --sport 40010 -q 1 -N 1 "$LAB_TARGET4" >"$tmp/out" 2>&1
t_assert_eq "as nobody, --sport: works (3 hops)" 4 "$(wc -l <"$tmp/out")"
t_assert_eq "as nobody, --sport: every probe from the port" 3 "$(tr_counted)"
lab_down

t_summary
