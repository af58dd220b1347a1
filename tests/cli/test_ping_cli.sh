#!/usr/bin/env bash
# test_ping_cli.sh — ping's command line without a lab: every bad value, unknown host,
# oversized sweep, missing privilege and unsupported option is one line on stderr,
# nothing on stdout, exit 2; --help, --version and the man page (options, exit status,
# JSON). Runs itself inside a throw-away namespace (tests/netns_run.sh: loopback only,
# resolv.conf -> 127.0.0.1), so even the unknown-host lookup never leaves it.
. "$(dirname "$0")/netns_prelude.sh"
ping="$build/bin/ping"
chmod 755 "$tmp"

bad "unknown host" "ping: nosuch.invalid: Temporary failure in name resolution" \
	"$ping" -c 1 nosuch.invalid
bad "-c 0" "ping: invalid count '0': too small (minimum 1)" "$ping" -c 0 127.0.0.1
bad "-c -1" "ping: invalid count '-1': too small (minimum 1)" "$ping" -c -1 127.0.0.1
bad "-c x" "ping: invalid count 'x': not a number" "$ping" -c x 127.0.0.1
bad "-i abc" "ping: invalid interval 'abc': not a number" "$ping" -i abc 127.0.0.1
bad "-i 1parsec" "ping: invalid interval '1parsec': unknown unit (use us, ms, s or m)" \
	"$ping" -i 1parsec 127.0.0.1
bad "-s 70000" "ping: invalid packet size '70000': too large (maximum 65527)" \
	"$ping" -s 70000 127.0.0.1
bad "-s 65510 to an IPv4 target" "ping: invalid packet size '65510': too large (maximum 65507)" \
	"$ping" -s 65510 127.0.0.1
bad "-t 256" "ping: invalid ttl '256': too large (maximum 255)" "$ping" -t 256 127.0.0.1
bad "-t 0" "ping: invalid ttl '0': too small (minimum 1)" "$ping" -t 0 127.0.0.1
bad "-W -1" "ping: invalid timeout '-1': too small (minimum 1ms)" "$ping" -W -1 127.0.0.1
bad "-w -1" "ping: invalid deadline '-1': too small (minimum 0ms)" "$ping" -w -1 127.0.0.1
bad "-p zz" "ping: invalid pattern 'zz': not hex digits" "$ping" -p zz 127.0.0.1
bad "-p with 33 digits" \
	"ping: invalid pattern '0123456789abcdef0123456789abcdef0': want 1 to 32 hex digits" \
	"$ping" -p 0123456789abcdef0123456789abcdef0 127.0.0.1
bad "-Q 256" "ping: invalid tos '256': too large (maximum 255)" "$ping" -Q 256 127.0.0.1
bad "-Q 0x1ff" "ping: invalid tos '0x1ff': too large (maximum 255)" "$ping" -Q 0x1ff 127.0.0.1
bad "-M maybe" "ping: invalid -M argument 'maybe': want do, dont or want" "$ping" -M maybe 127.0.0.1
bad "-l 70000" "ping: invalid preload '70000': too large (maximum 65536)" "$ping" -l 70000 127.0.0.1
bad "-I no such device" "ping: invalid interface 'nosuchdev0': no such device or address" \
	"$ping" -I nosuchdev0 127.0.0.1
bad "-4 and -6" "ping: only one -4 or -6 option may be specified" "$ping" -4 -6 127.0.0.1
bad "-6 with an IPv4 literal" "ping: 127.0.0.1: Address family for hostname not supported" \
	"$ping" -6 127.0.0.1
bad "unsupported iputils option -N" \
	"ping: option -N (IPv6 node information query) is not supported by netdx ping" "$ping" -N name ::1
bad "-T foo" "ping: invalid timestamp type: foo" "$ping" -T foo 127.0.0.1
bad "-R and -T" "ping: only one of -T or -R may be used" "$ping" -R -T tsonly 127.0.0.1
bad "-R to an IPv6 target" "ping: -R is an IPv4 header option: not for an IPv6 target" "$ping" -R ::1
bad "-T tsprespec without hops" \
	"ping: -T tsprespec needs the hops to stamp before the target (ping -T tsprespec HOP... TARGET)" \
	"$ping" -T tsprespec 127.0.0.1
bad "-F to an IPv4 target" "ping: -F is an IPv6 flow label: not for an IPv4 target" \
	"$ping" -F 5 127.0.0.1
bad "-F 0x100000" "ping: invalid flow label '0x100000': too large (maximum 1048575)" \
	"$ping" -F 0x100000 ::1
bad "-m 0" "ping: invalid mark '0': too small (minimum 1)" "$ping" -m 0 127.0.0.1
bad "-S 0" "ping: invalid sndbuf '0': too small (minimum 1)" "$ping" -S 0 127.0.0.1
bad "unknown option" "ping: invalid option -- 'x' (see ping --help)" "$ping" -x 127.0.0.1
bad "unknown long option" "ping: unrecognized option '--bogus' (see ping --help)" \
	"$ping" --bogus 127.0.0.1
bad "missing value" "ping: option -c needs a value" "$ping" -c
bad "no destination" "ping: usage error: Destination address required (see ping --help)" "$ping"
bad "/8 sweep without --max-targets" \
	"ping: 10.0.0.0/8: 16777214 targets in all, more than --max-targets 65536; raise --max-targets to confirm a sweep that large" \
	"$ping" -c 1 10.0.0.0/8
bad "sweep over a lowered --max-targets" \
	"ping: 127.1.0.0/24: 254 targets in all, more than --max-targets 100; raise --max-targets to confirm a sweep that large" \
	"$ping" -c 1 --max-targets 100 127.1.0.0/24
bad "IPv6 /64 sweep" \
	"ping: fd00::/64: more targets than --max-targets 65536 allows; raise --max-targets to confirm a sweep that large" \
	"$ping" -c 1 fd00::/64
bad "bad block" "ping: 127.0.0.0/33: prefix length out of range" "$ping" 127.0.0.0/33
bad "--max-targets 0" "ping: invalid max-targets '0': too small (minimum 1)" \
	"$ping" --max-targets 0 127.0.0.1
bad "missing --targets file" "ping: $tmp/none: No such file or directory" \
	"$ping" --targets "$tmp/none"
printf '127.0.0.1\n\n# comment\nnosuch.invalid\n' >"$tmp/list"
# In a sweep an unknown host is that target's result (as fping): the rest is pinged.
out=$("$ping" -q -c 1 --targets "$tmp/list" 2>"$tmp/err")
t_assert_eq "unknown host in a --targets file: exit 2, named with its line" \
	"2 ping: $tmp/list line 4: nosuch.invalid: Temporary failure in name resolution" \
	"$? $(cat "$tmp/err")"
t_assert_match "unknown host in a --targets file: the rest is pinged" \
	"127.0.0.1 : xmt/rcv/%loss = 1/1/0%" "$out"
printf '127.0.0.1\nev\033[2Jil.lab.test\n' >"$tmp/list2"
bad "control character in a --targets file: quoted, not sent to the terminal" \
	"ping: $tmp/list2 line 2: ev\\x1b[2Jil.lab.test: control character" \
	"$ping" -c 1 --targets "$tmp/list2"
bad "a label over 63 bytes" \
	"ping: $(printf 'a%.0s' {1..64}).lab.test: label longer than 63 bytes" \
	"$ping" -c 1 "$(printf 'a%.0s' {1..64}).lab.test"
bad "-f with several targets" "ping: -f floods one target; a sweep takes -i (0 for flat out)" \
	"$ping" -f 127.0.0.1 127.0.0.2

# --openmetrics, --prometheus, --serve, --textfile: conflicts and bad values.
bad "--openmetrics with --json" "ping: options --openmetrics and --json do not go together" \
	"$ping" --openmetrics --json -c 1 127.0.0.1
bad "--prometheus with -j" "ping: options --prometheus and --json do not go together" \
	"$ping" -j --prometheus -c 1 127.0.0.1
bad "--openmetrics and --prometheus" "ping: options --openmetrics and --prometheus do not go together" \
	"$ping" --openmetrics --prometheus -c 1 127.0.0.1
bad "--serve without a port" \
	"ping: invalid listen address '127.0.0.1': want ADDR:PORT, [IPV6]:PORT or :PORT" \
	"$ping" --serve 127.0.0.1 -c 1 127.0.0.1
bad "--serve port 0" "ping: invalid listen address '127.0.0.1:0': port not in 1-65535" \
	"$ping" --serve 127.0.0.1:0 -c 1 127.0.0.1
bad "--serve port 65536" "ping: invalid listen address '127.0.0.1:65536': port not in 1-65535" \
	"$ping" --serve 127.0.0.1:65536 -c 1 127.0.0.1
bad "--serve a name" "ping: invalid listen address 'localhost:9374': not an IP address" \
	"$ping" --serve localhost:9374 -c 1 127.0.0.1
bad "--serve an IPv6 address without brackets" "ping: invalid listen address '::1:9374': not an IP address" \
	"$ping" --serve ::1:9374 -c 1 127.0.0.1
bad "--serve an address not ours" "ping: --serve 192.0.2.1:9374: Cannot assign requested address" \
	"$ping" --serve 192.0.2.1:9374 -c 1 127.0.0.1
# a port in use: held by a listener of our own (bounded: it exits after 20 s)
/usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 9374)); s.listen(); print("up", flush=True); time.sleep(20)' \
	>"$tmp/holder" &
holder=$!
t_wait_for 10 grep -q up "$tmp/holder"
bad "--serve a port in use" "ping: --serve 127.0.0.1:9374: Address already in use" \
	"$ping" --serve 127.0.0.1:9374 -c 1 127.0.0.1
kill "$holder"
wait "$holder" 2>/dev/null
bad "--textfile in a missing directory" "ping: --textfile $tmp/none/ping.prom: No such file or directory" \
	"$ping" --textfile "$tmp/none/ping.prom" -c 1 127.0.0.1
bad "--textfile naming a directory" "ping: --textfile $tmp/: want a file name (e.g. DIR/ping.prom)" \
	"$ping" --textfile "$tmp/" -c 1 127.0.0.1
bad "--textfile empty" "ping: invalid textfile '': empty path" "$ping" --textfile "" -c 1 127.0.0.1
bad "--serve with -f" "ping: options --serve and -f do not go together" \
	"$ping" --serve 127.0.0.1:9374 -f 127.0.0.1
bad "--textfile with -l" "ping: options --textfile and -l do not go together" \
	"$ping" --textfile "$tmp/p.prom" -l 2 127.0.0.1
bad "--serve with -O" "ping: options --serve and -O do not go together" \
	"$ping" --serve 127.0.0.1:9374 -O 127.0.0.1
bad "--serve with -i 0" "ping: --serve probes each target every -i: it must be above 0" \
	"$ping" --serve 127.0.0.1:9374 -i 0 127.0.0.1
t_assert_eq "refused textfiles: no file made, none half written" "" "$(find "$tmp" -name '*.prom*')"
# A textfile the user cannot write (as nobody, a directory of root's): one line, exit 2.
mkdir -m 755 "$tmp/rootonly" "$tmp/nobody"
cp "$ping" "$tmp/nobody/ping"
chmod 755 "$tmp" "$tmp/nobody/ping"
bad "--textfile in a directory not writable" \
	"ping: --textfile: $tmp/rootonly/ping.prom: Permission denied" \
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$tmp/nobody/ping" \
	--textfile "$tmp/rootonly/ping.prom" -c 1 127.0.0.1
# --openmetrics replaces the text: the exposition alone on stdout.
out=$("$ping" --openmetrics -c 2 -i 0.01 127.0.0.1)
t_assert_eq "--openmetrics: exit 0" 0 "$?"
t_assert_eq "--openmetrics: the exposition only (first line, last line)" \
	"# HELP smokeping_requests Number of ping requests sent|# EOF" \
	"$(head -n 1 <<<"$out")|$(tail -n 1 <<<"$out")"
t_assert_match "--openmetrics: two requests counted" \
	'smokeping_requests_total\{host="127.0.0.1",ip="127.0.0.1"\} 2' "$out"
out=$("$ping" --prometheus -c 1 127.0.0.1 127.0.0.2)
t_assert_match "--prometheus, a sweep: each target's series" \
	'smokeping_requests_total\{host="127.0.0.2",ip="127.0.0.2"\} 1' "$out"
t_assert_no_match "--prometheus: no # EOF (0.0.4)" "# EOF" "$out"

# --textfile with a --targets file: an exporter of every line's target, one round.
printf '127.0.0.1\n127.0.0.2 # the second\n' >"$tmp/exp.list"
out=$("$ping" --textfile "$tmp/exp.prom" -c 2 -i 0.02 --targets "$tmp/exp.list")
t_assert_eq "--textfile --targets: exit 0" 0 "$?"
for a in 127.0.0.1 127.0.0.2; do
	t_assert_match "--textfile --targets: $a's requests in the file" \
		"smokeping_requests_total\\{host=\"$a\",ip=\"$a\"\\} 2" "$(cat "$tmp/exp.prom")"
done
t_assert_match "--textfile: the sweep's summary on stdout" "2 targets, 2 alive" "$out"

# Without root: no flood, no interval under 2 ms, no preload over 3; without
# cap_net_raw and outside ping_group_range: say what is missing.
cp "$ping" "$tmp/ping"
chmod 755 "$tmp/ping"
as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
bad "-f without root" "ping: cannot flood; minimal interval allowed for user is 2ms" \
	"${as_nobody[@]}" "$tmp/ping" -f 127.0.0.1
bad "-i 0.001 without root" "ping: cannot flood; minimal interval allowed for user is 2ms" \
	"${as_nobody[@]}" "$tmp/ping" -c 1 -i 0.001 127.0.0.1
bad "-l 4 without root" "ping: cannot set preload to value greater than 3: 4" \
	"${as_nobody[@]}" "$tmp/ping" -l 4 127.0.0.1
out=$("${as_nobody[@]}" "$tmp/ping" -c 1 127.0.0.1 2>&1)
t_assert_eq "nobody in ping_group_range: pings (exit 0)" 0 "$?"
sysctl -qw net.ipv4.ping_group_range="1 0"
bad "no cap_net_raw, no ping_group_range" \
	"ping: ICMP echo probes: this user may open neither a raw socket (cap_net_raw) nor an ICMP datagram socket: as root, run setcap cap_net_raw+p $tmp/ping, or sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"" \
	"${as_nobody[@]}" "$tmp/ping" -c 1 127.0.0.1
sysctl -qw net.ipv4.ping_group_range="0 2147483647"

# --help, --version.
help=$("$ping" --help)
t_assert_eq "--help: exit 0" 0 "$?"
t_assert_eq "-h is --help" "$help" "$("$ping" -h)"
for o in -4 -6 -a -c -D -f -h -I -i -j -l -M -n -O -p -q -Q -s -t -v -V -w -W \
	--json --targets --max-targets --openmetrics --prometheus --serve --textfile --help --version; do
	t_assert_match "--help lists $o" "(^|[[:space:],])$o([[:space:],]|$)" "$help"
done
t_assert_match "--help states the exit status" "Exit status: 0" "$help"
t_assert_eq "--version" "ping (netdx) $(sed -n 's/^VERSION *:= *//p' Makefile)" "$("$ping" --version)"
t_assert_eq "-V is --version" "$("$ping" --version)" "$("$ping" -V)"

# The man page: renders without warnings and documents every option, the output,
# the JSON schema and the exit status.
warn=$(groff -man -ww -z man/ping.8 2>&1)
t_assert_eq "man/ping.8 renders without warnings" "" "$warn"
page=$(LC_ALL=C MANWIDTH=100 man -l man/ping.8 2>/dev/null | col -b)
for o in -4 -6 -a -c -D -f -h -I -i -j -l -M -n -O -p -q -Q -s -t -v -V -w -W \
	--json --targets --max-targets --openmetrics --prometheus --serve --textfile --help --version; do
	t_assert_match "man page documents $o" "(^|[[:space:],])$o([[:space:],]|$)" "$page"
done
for section in "EXIT STATUS" "JSON" "OUTPUT" "SWEEPS" "PROMETHEUS"; do
	t_assert_match "man page has $section" "$section" "$page"
done

t_summary
