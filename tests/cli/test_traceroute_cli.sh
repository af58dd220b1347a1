#!/usr/bin/env bash
# test_traceroute_cli.sh — traceroute's command line, run inside a lab namespace (so
# even the unknown host's lookup reaches only the lab's 127.0.0.1): every bad value
# of the issue's list and more is one line on stderr, nothing on stdout, exit 2;
# --help, --version, and the man page (sections, options, JSON schema, exit codes).
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
tmp=$(mktemp -d)
trap 'lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT
lab_up --routers 1 || exit 1

# bad NAME EXPECTED_STDERR ARGS...: exit 2, exactly that one line, no stdout.
bad() {
	local name=$1 want=$2 rc
	shift 2
	lab_exec c "$TR" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	t_assert_eq "$name: exit 2" 2 "$rc"
	t_assert_eq "$name: one line on stderr" "$want" "$(cat "$tmp/err")"
	t_assert_eq "$name: nothing on stdout" "" "$(cat "$tmp/out")"
}

bad "-m 0" "traceroute: invalid max ttl '0': too small (minimum 1)" -m 0 "$LAB_TARGET4"
bad "-m 256" "traceroute: invalid max ttl '256': too large (maximum 255)" -m 256 "$LAB_TARGET4"
bad "-f 5 -m 3" "traceroute: first ttl 5 is above max ttl 3" -f 5 -m 3 "$LAB_TARGET4"
bad "-f 0" "traceroute: invalid first ttl '0': too small (minimum 1)" -f 0 "$LAB_TARGET4"
bad "-q 0" "traceroute: invalid number of queries '0': too small (minimum 1)" -q 0 "$LAB_TARGET4"
bad "-q 11" "traceroute: invalid number of queries '11': too large (maximum 10)" -q 11 "$LAB_TARGET4"
bad "-w -1" "traceroute: invalid wait '-1': too small (minimum 0)" -w -1 "$LAB_TARGET4"
bad "-w 5,x" "traceroute: invalid wait factor HERE 'x': not a number" -w 5,x "$LAB_TARGET4"
bad "-w 5,3,-2" "traceroute: invalid wait factor NEAR '-2': too small (minimum 0)" -w 5,3,-2 "$LAB_TARGET4"
bad "-N 0" "traceroute: invalid number of simultaneous probes '0': too small (minimum 1)" -N 0 "$LAB_TARGET4"
bad "-z -1" "traceroute: invalid sendwait '-1': too small (minimum 0)" -z -1 "$LAB_TARGET4"
bad "-p 0" "traceroute: invalid port '0': too small (minimum 1)" -p 0 "$LAB_TARGET4"
bad "-p 70000" "traceroute: invalid port '70000': too large (maximum 65535)" -p 70000 "$LAB_TARGET4"
bad "-t 256" "traceroute: invalid tos '256': too large (maximum 255)" -t 256 "$LAB_TARGET4"
bad "--asn-server not an address" "traceroute: invalid asn server: 'ns.example': not an IP address" \
	-A --asn-server ns.example "$LAB_TARGET4"
bad "--asn-server without -A" "traceroute: --asn-server needs -A (AS lookups)" --asn-server 127.0.0.1 "$LAB_TARGET4"
bad "-P nosuch" "traceroute: invalid protocol 'nosuch': not a protocol number or name" -P nosuch "$LAB_TARGET4"
bad "-P 255" "traceroute: invalid protocol '255': too large (maximum 254)" -P 255 "$LAB_TARGET4"
bad "length over 65000" "traceroute: invalid packet length '65001': too large (maximum 65000)" "$LAB_TARGET4" 65001
bad "length not a number" "traceroute: invalid packet length '6x': not a number" "$LAB_TARGET4" 6x
bad "--confidence 40" "traceroute: invalid confidence '40': too small (minimum 50)" --multipath --confidence 40 "$LAB_TARGET4"
bad "no host" "traceroute: no host given (traceroute --help)"
bad "extra argument" "traceroute: unexpected argument 'x' (traceroute --help)" "$LAB_TARGET4" 60 x
bad "unknown option" "traceroute: invalid option -- 'x'" -x "$LAB_TARGET4"
bad "--json --explain" "traceroute: options --json and --explain do not go together" --json --explain "$LAB_TARGET4"
bad "--json --openmetrics" "traceroute: options --json and --openmetrics do not go together" --json --openmetrics "$LAB_TARGET4"
bad "--prometheus --json" "traceroute: options --json and --prometheus do not go together" --prometheus --json "$LAB_TARGET4"
bad "--openmetrics --explain" "traceroute: options --explain and --openmetrics do not go together" --openmetrics --explain "$LAB_TARGET4"
bad "--openmetrics --prometheus" "traceroute: options --openmetrics and --prometheus do not go together" --openmetrics --prometheus "$LAB_TARGET4"
bad "--multipath --prometheus" "traceroute: options --multipath and --prometheus do not go together" --multipath --prometheus "$LAB_TARGET4"
bad "--multipath -T" "traceroute: --multipath varies the flow per probe: UDP (default) and ICMP (-I) probes only" --multipath -T "$LAB_TARGET4"
bad "--multipath --mtu" "traceroute: options --multipath and --mtu do not go together" --multipath --mtu "$LAB_TARGET4"
bad "--raw -I" "traceroute: --raw applies to UDP probes only" --raw -I "$LAB_TARGET4"
bad "-6 with an IPv4 address" "traceroute: $LAB_TARGET4: Address family for hostname not supported" -6 "$LAB_TARGET4"

# An unknown host: the namespace's resolver is 127.0.0.1, where nothing answers.
lab_exec c "$TR" nosuch.invalid >"$tmp/out" 2>"$tmp/err"
t_assert_eq "unknown host: exit 2" 2 "$?"
t_assert_match "unknown host: one line naming it" "^traceroute: nosuch\.invalid: [A-Za-z ]+$" "$(cat "$tmp/err")"
t_assert_eq "unknown host: nothing on stdout" "" "$(cat "$tmp/out")"

# -T without privilege: said plainly.
cp "$TR" "$tmp/traceroute" && chmod 755 "$tmp" "$tmp/traceroute"
lab_exec c setpriv --reuid=nobody --regid=nogroup --clear-groups "$tmp/traceroute" -T "$LAB_TARGET4" >"$tmp/out" 2>"$tmp/err"
t_assert_eq "-T as nobody: exit 2" 2 "$?"
t_assert_eq "-T as nobody: what is missing" \
	"traceroute: -T (TCP SYN probes): need a raw socket (cap_net_raw): as root, run setcap cap_net_raw+p $tmp/traceroute, or run traceroute as root" \
	"$(cat "$tmp/err")"

# A send that cannot go anywhere (no route): the header, one line, exit 1 (as 2.x).
lab_exec c ip route del default 2>/dev/null
lab_exec c "$TR" -n 10.99.0.1 >"$tmp/out" 2>"$tmp/err"
t_assert_eq "no route: exit 1" 1 "$?"
t_assert_eq "no route: one line" "traceroute: send: Network is unreachable" "$(cat "$tmp/err")"

# --help, --version
out=$(lab_exec c "$TR" --help)
t_assert_eq "--help: exit 0" 0 "$?"
t_assert_match "--help: usage first" "^Usage: traceroute \[options\] host \[packetlen\]" "$out"
for o in -I -T -U -P -n -f -m -q -N -w -z -p -s -i -t -F --mtu --back -e -A --asn-server --no-paris --raw \
	--multipath --confidence --explain --json --openmetrics --prometheus -V; do
	t_assert_match "--help mentions $o" "(^|[ ,])$o([ ,]|$)" "$out"
done
t_assert_eq "--version" "traceroute (netdx) $(sed -n 's/^VERSION *:= *//p' Makefile)" \
	"$(lab_exec c "$TR" --version)"

# The man page
man=man/traceroute.8
t_assert_eq "man page exists" yes "$([[ -f $man ]] && echo yes)"
warn=$(LC_ALL=C MANWIDTH=80 man --warnings -l "$man" 2>&1 >/dev/null)
t_assert_eq "man page renders without warnings" "" "$warn"
text=$(LC_ALL=C MANWIDTH=200 man -l "$man" 2>/dev/null | sed $'s/.\x08//g')
for s in NAME SYNOPSIS DESCRIPTION OPTIONS OUTPUT JSON "EXIT STATUS" "SEE ALSO"; do
	t_assert_eq "man page: section $s" 1 "$(grep -cx "$s" <<<"$text")"
done
for o in -I -T -U -P -n -f -m -q -N -w -z -p -s -i -t -F --mtu --back -e -A --asn-server --no-paris --raw \
	--multipath --confidence --explain --json --openmetrics --prometheus; do
	t_assert_eq "man page documents $o" yes "$(grep -qE "^ +$o([ ,]|$)" <<<"$text" && echo yes)"
done
for f in netdx_hop_sent_total netdx_hop_lost_total netdx_hop_loss_ratio netdx_hop_rtt_avg_seconds \
	netdx_hop_icmp_ratelimited netdx_hop_responder_replies_total netdx_path_reached netdx_path_hops; do
	t_assert_match "man page: metric family $f" "$f" "$text"
	t_assert_match "--help: metric family $f" "${f%%_avg_seconds}" "$(lab_exec c "$TR" --help)"
done
for k in '"target"' '"hops"' '"ttl"' '"probes"' '"addr"' '"name"' '"rtt_ms"' '"icmp"' '"mpls"'; do
	t_assert_match "man page: JSON key $k" "$k" "$text"
done


# traceroute 2.x's other options (issue 15): ranges, combinations, the ones refused
bad "--sport 0" "traceroute: invalid source port '0': too small (minimum 1)" --sport 0 "$LAB_TARGET4"
bad "--sport 65536" "traceroute: invalid source port '65536': too large (maximum 65535)" --sport=65536 "$LAB_TARGET4"
bad "--sport -I" "traceroute: --sport: UDP, TCP SYN and DCCP probes only (not a socket per probe)" --sport 5000 -I "$LAB_TARGET4"
bad "--sport -M tcpconn" "traceroute: options --sport and -M tcpconn do not go together" --sport 5000 -M tcpconn "$LAB_TARGET4"
bad "--fwmark -UL" "traceroute: options --fwmark and -UL do not go together" --fwmark 3 -UL "$LAB_TARGET4"
bad "--mtu -D" "traceroute: --mtu: DCCP probes have a size of their own (their headers)" --mtu -D "$LAB_TARGET4"
bad "--mtu -M tcpconn" "traceroute: --mtu: TCP connect probes have a size of their own (their headers)" \
	--mtu -M tcpconn "$LAB_TARGET4"
bad "--sport -U -p 99" "traceroute: options --sport and -U -p PORT do not go together" --sport 5000 -U -p 99 "$LAB_TARGET4"
bad "--fwmark -1" "traceroute: invalid fwmark '-1': too small (minimum 0)" --fwmark -1 "$LAB_TARGET4"
bad "--fwmark 2^32" "traceroute: invalid fwmark '4294967296': too large (maximum 4294967295)" --fwmark 4294967296 "$LAB_TARGET4"
bad "--fwmark x" "traceroute: invalid fwmark 'x': not a number" --fwmark x "$LAB_TARGET4"
bad "--fwmark -U -p 99" "traceroute: options --fwmark and -U -p PORT do not go together" --fwmark 1 -U -p 99 "$LAB_TARGET4"
bad "-l 1048576" "traceroute: invalid flow label '1048576': too large (maximum 1048575)" -l 1048576 -6 "$LAB_TARGET6"
bad "-l x" "traceroute: invalid flow label 'x': not a number" -l x "$LAB_TARGET6"
bad "-l to IPv4" "traceroute: -l: flow labels are IPv6's: $LAB_TARGET4 is an IPv4 address" -l 5 "$LAB_TARGET4"
bad "-M nosuch" "traceroute: -M: unknown method 'nosuch' (default, udp, icmp, tcp, raw, udplite, dccp, tcpconn)" -M nosuch "$LAB_TARGET4"
# -g: 2.x's limits (8 gateways for IPv4, 127 for IPv6) and getaddrinfo's words for a
# gateway that does not resolve in the target's family (2.x prints the same words)
gw9=$(printf '%s,' "$LAB_HOP4_1" "$LAB_HOP4_1" "$LAB_HOP4_1" "$LAB_HOP4_1" "$LAB_HOP4_1" \
	"$LAB_HOP4_1" "$LAB_HOP4_1" "$LAB_HOP4_1" "$LAB_HOP4_1")
bad "-g: 9 gateways, IPv4" "traceroute: -g: too many gateways: no more than 8 for IPv4" -g "$gw9" "$LAB_TARGET4"
bad "-g: 9 gateways as -g and commas" "traceroute: -g: too many gateways: no more than 8 for IPv4" \
	-g "$LAB_HOP4_1" -g "${gw9#*,}" "$LAB_TARGET4"
gw128=$(for i in $(seq 128); do printf '%s,' "$LAB_HOP6_1"; done)
bad "-g: 128 gateways" "traceroute: -g: too many gateways: no more than 127" -6 -g "$gw128" "$LAB_TARGET6"
bad "-g: 128 gateways as a type and 127, IPv6" "traceroute: -g: too many gateways: no more than 127" \
	-6 -g "0,${gw128#*,}" "$LAB_TARGET6"
bad "-g nosuch.invalid" "traceroute: nosuch.invalid: Temporary failure in name resolution" \
	-g nosuch.invalid "$LAB_TARGET4"
bad "-g 300.1.1.1" "traceroute: 300.1.1.1: Name or service not known" -g 300.1.1.1 "$LAB_TARGET4"
bad "-g IPv6 gateway, IPv4 target" "traceroute: $LAB_HOP6_1: Address family for hostname not supported" \
	-g "$LAB_HOP6_1" "$LAB_TARGET4"
bad "-g IPv4 gateway, IPv6 target" "traceroute: $LAB_HOP4_1: Address family for hostname not supported" \
	-g "$LAB_HOP4_1" "$LAB_TARGET6"
bad "-g 256,ADDR (routing header type)" "traceroute: invalid routing header type '256': too large (maximum 255)" \
	-6 -g "256,$LAB_HOP6_1" "$LAB_TARGET6"
for m in "-U -p 99" -UL "-M tcpconn"; do
	bad "-g $m" "traceroute: -g: a source route needs privilege as each socket opens, and ${m/99/PORT} opens one per probe, after privileges are dropped" \
		-g "$LAB_HOP4_1" $m "$LAB_TARGET4"
	bad "-d $m" "traceroute: -d: SO_DEBUG needs privilege as each socket opens, and ${m/99/PORT} opens one per probe, after privileges are dropped" \
		-d $m "$LAB_TARGET4"
done
# 2.x's own refusals of the same (its words differ; the status is the same)
for a in "-g $gw9" "-g nosuch.invalid" "-g $LAB_HOP6_1"; do
	lab_exec c traceroute -n $a "$LAB_TARGET4" >/dev/null 2>&1
	t_assert_eq "traceroute 2.x: $a: exit 2 too" 2 "$?"
done
lab_exec c traceroute -6 -n -g "$gw128" "$LAB_TARGET6" >/dev/null 2>&1
t_assert_eq "traceroute 2.x: 128 gateways: exit 2 too" 2 "$?"
# IPv6: Linux refuses the routing header (RFC 5095): 2.x's line and status 1
for g in "$LAB_HOP6_1" "0,$LAB_HOP6_1"; do
	lab_exec c "$TR" -6 -n -g "$g" "$LAB_TARGET6" >"$tmp/out" 2>"$tmp/err"
	t_assert_eq "-6 -g $g: exit 1, as 2.x" 1 "$?"
	t_assert_eq "-6 -g $g: the kernel's refusal, as 2.x words it" \
		"traceroute: setsockopt IPV6_RTHDR: Invalid argument" "$(cat "$tmp/err")"
	lab_exec c traceroute -6 -n -g "$g" "$LAB_TARGET6" >/dev/null 2>"$tmp/err"
	t_assert_eq "-6 -g $g: 2.x exits 1" 1 "$?"
	t_assert_eq "-6 -g $g: 2.x's line" "setsockopt IPV6_RTHDR: Invalid argument" "$(grep . "$tmp/err")"
done
bad "-O without -T" "traceroute: -O: these method options are -T's" -O sack "$LAB_TARGET4"
bad "-O sack with -UL" "traceroute: -O: these method options are -T's" -UL -O sack "$LAB_TARGET4"
bad "-O coverage without -UL" "traceroute: -O: coverage= is UDP-Lite's (-UL)" -O coverage=8 "$LAB_TARGET4"
bad "-O coverage=65536" "traceroute: invalid coverage '65536': too large (maximum 65535)" -UL -O coverage=65536 "$LAB_TARGET4"
bad "-O coverage=x" "traceroute: invalid coverage 'x': not a number" -UL -O coverage=x "$LAB_TARGET4"
for a in -L "-U -L" -nUL -LU; do
	bad "$a (UDP-Lite is -UL, one word)" "traceroute: invalid option -- 'L' (UDP-Lite is -UL)" $a "$LAB_TARGET4"
done
bad "-UL --raw" "traceroute: --raw applies to UDP probes only" -UL --raw "$LAB_TARGET4"
bad "-D --multipath" "traceroute: --multipath varies the flow per probe: UDP (default) and ICMP (-I) probes only" \
	-D --multipath "$LAB_TARGET4"
bad "-O nosuch" "traceroute: -O: unknown TCP option 'nosuch' (syn, ack, fin, rst, psh, urg, ece, cwr, flags=N, ecn, sack, timestamps, window_scaling, sysctl, mss=N, info)" -T -O sack,nosuch "$LAB_TARGET4"
bad "-O mss=0" "traceroute: invalid -O mss '0': too small (minimum 1)" -T -O mss=0 "$LAB_TARGET4"
bad "-O mss=65536" "traceroute: invalid -O mss '65536': too large (maximum 65535)" -T -O mss=65536 "$LAB_TARGET4"
bad "-O flags=256" "traceroute: invalid -O flags '256': too large (maximum 255)" -T -O flags=256 "$LAB_TARGET4"
for f in ack fin syn,ack syn,rst flags=16; do
	bad "-O $f" "traceroute: -O: probes without syn, or with ack or rst, are not implemented" -T -O $f "$LAB_TARGET4"
done
help=$(lab_exec c "$TR" --help)
for o in -l --sport --fwmark -r -M -O -g -d -D -UL; do
	t_assert_match "--help mentions $o" "(^|[ ,])$o([ ,]|$)" "$help"
	t_assert_eq "man page documents $o" yes "$(grep -qE "^ +$o([ ,]|$)" <<<"$text" && echo yes)"
done
t_assert_eq "man page: no section NOT IMPLEMENTED left" 0 "$(grep -cx "NOT IMPLEMENTED" <<<"$text")"
t_assert_eq "--help: no 'Not implemented' line left" 0 "$(grep -c '^Not implemented' <<<"$help")"
t_assert_match "--help: -M names udplite, dccp, tcpconn" "udplite \(-UL\), dccp \(-D\), tcpconn" "$help"
t_assert_eq "man page documents -M tcpconn" yes "$(grep -qE "^ +-M tcpconn$" <<<"$text" && echo yes)"
for k in '"sport"' '"fwmark"' '"flowlabel"' '"dontroute"' '"tcp_options"' '"pmtu"' '"back"'; do
	t_assert_match "man page: JSON key $k" "$k" "$text"
done

t_summary
