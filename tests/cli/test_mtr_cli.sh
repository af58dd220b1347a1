#!/usr/bin/env bash
# test_mtr_cli.sh — mtr's bad command lines, run inside a lab namespace (so even an
# unknown host's lookup reaches only the lab's 127.0.0.1): each is one line on stderr
# naming the problem, nothing on stdout, exit 2; then --help and --version.
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
trap 'lab_down >/dev/null 2>&1' EXIT
lab_up --routers 1 || exit 1
T=$LAB_TARGET4
mtr=$b/mtr

t_cli_bad "no host" 2 "mtr: usage: a host to trace is needed (mtr [options] hostname...)" "$mtr"
t_cli_bad "--raw, two hosts" 2 "mtr: usage: --raw traces one host at a time" "$mtr" --raw "$T" "$T"
t_cli_bad "--split, two hosts" 2 "mtr: usage: --split traces one host at a time" "$mtr" -p "$T" 10.0.1.1
t_cli_bad "--openmetrics, a host twice" 2 "mtr: usage: $T is given twice (its metrics would clash)" \
	"$mtr" --openmetrics "$T" 10.0.1.1 "$T"
t_cli_bad "-F, no such file" 2 "mtr: /nonexistent/hosts: No such file or directory" "$mtr" -F /nonexistent/hosts
hosts=$(mktemp)
trap 'rm -f "$hosts"; lab_down >/dev/null 2>&1' EXIT
printf '# only bad lines\n10.0.0.0/24\n' >"$hosts"
t_cli_bad "-F, only a bad line" 2 "mtr: $hosts line 2: 10.0.0.0/24: a CIDR block, not a host" "$mtr" -F "$hosts"
printf '\n#none\n' >"$hosts"
t_cli_bad "-F, no host in it" 2 "mtr: usage: a host to trace is needed (mtr [options] hostname...)" "$mtr" -F "$hosts"
t_cli_bad "-c 0" 2 "mtr: invalid count '0': too small (minimum 1)" "$mtr" -c 0 "$T"
t_cli_bad "-c x" 2 "mtr: invalid count 'x': not a number" "$mtr" -c x "$T"
t_cli_bad "-c -5" 2 "mtr: invalid count '-5': too small (minimum 1)" "$mtr" -c -5 "$T"
t_cli_bad "-c without a value" 2 "mtr: option requires an argument -- 'c'" "$mtr" "$T" -c
t_cli_bad "-i 0" 2 "mtr: invalid interval '0': too small (minimum 1us)" "$mtr" -i 0 "$T"
t_cli_bad "-i abc" 2 "mtr: invalid interval 'abc': not a number" "$mtr" -i abc "$T"
t_cli_bad "-i 1e9" 2 "mtr: invalid interval '1e9': too large (maximum 3600s)" "$mtr" -i 1e9 "$T"
t_cli_bad "-m 0" 2 "mtr: invalid max ttl '0': too small (minimum 1)" "$mtr" -m 0 "$T"
t_cli_bad "-m 256" 2 "mtr: invalid max ttl '256': too large (maximum 255)" "$mtr" -m 256 "$T"
t_cli_bad "-f 0" 2 "mtr: invalid first ttl '0': too small (minimum 1)" "$mtr" -f 0 "$T"
t_cli_bad "-f 10 -m 5" 2 "mtr: invalid first ttl: 10 is above the max ttl 5" "$mtr" -f 10 -m 5 "$T"
t_cli_bad "-s 70000" 2 "mtr: invalid packet size '70000': too large (maximum 65000)" "$mtr" -s 70000 "$T"
t_cli_bad "-s -1" 2 "mtr: invalid packet size '-1': 28 to 65000 bytes, or -65000 to -28 for random sizes" "$mtr" -s -1 "$T"
t_cli_bad "-o XYZ" 2 "mtr: invalid order: 'Y' is not a field (use any of LDRSNBAWVGJMXI and space)" "$mtr" -o XYZ "$T"
t_cli_bad "-Q 300" 2 "mtr: invalid tos '300': too large (maximum 255)" "$mtr" -Q 300 "$T"
t_cli_bad "--timeout 0" 2 "mtr: invalid timeout '0': too small (minimum 1)" "$mtr" --timeout 0 "$T"
t_cli_bad "--max-wait 0" 2 "mtr: invalid max wait '0': too small (minimum 1ms)" "$mtr" --max-wait 0 "$T"
t_cli_bad "-Z 0" 2 "mtr: invalid timeout '0': too small (minimum 1)" "$mtr" -Z 0 "$T"
t_cli_bad "-P 0 -T" 2 "mtr: invalid port '0': too small (minimum 1)" "$mtr" -P 0 -T "$T"
t_cli_bad "-P 70000 -u" 2 "mtr: invalid port '70000': too large (maximum 65535)" "$mtr" -P 70000 -u "$T"
t_cli_bad "-P without -u or -T" 2 "mtr: -P: a port needs -u (UDP) or -T (TCP)" "$mtr" -P 80 "$T"
t_cli_bad "unknown option" 2 "mtr: invalid option -- 'K'" "$mtr" -K 0 "$T"
t_cli_bad "unknown long option" 2 "mtr: unrecognized option '--nosuch'" "$mtr" --nosuch "$T"
t_cli_bad "-6 with an IPv4 address" 2 "mtr: $T: Address family for hostname not supported" "$mtr" -6 "$T"
t_cli_bad "-a not ours" 2 "mtr: socket: Cannot assign requested address" "$mtr" -a 10.0.1.99 "$T"
t_cli_bad "--json --openmetrics" 2 "mtr: options --json and --openmetrics do not go together" "$mtr" --json --openmetrics "$T"
t_cli_bad "--prometheus -j" 2 "mtr: options --json and --prometheus do not go together" "$mtr" --prometheus -j "$T"
t_cli_bad "--openmetrics --prometheus" 2 "mtr: options --openmetrics and --prometheus do not go together" "$mtr" --openmetrics --prometheus "$T"
t_cli_bad "-y 6" 2 "mtr: invalid ipinfo '6': too large (maximum 5)" "$mtr" -y 6 "$T"
t_cli_bad "-y -1" 2 "mtr: invalid ipinfo '-1': too small (minimum 0)" "$mtr" -y -1 "$T"
t_cli_bad "-y x" 2 "mtr: invalid ipinfo 'x': not a number" "$mtr" -y x "$T"
t_cli_bad "--asn-server not an address" 2 "mtr: invalid asn server: 'ns.example': not an IP address" \
	"$mtr" -z --asn-server ns.example "$T"
t_cli_bad "--asn-server without -z" 2 "mtr: usage: --asn-server needs -z or -y (AS lookups)" \
	"$mtr" --asn-server 127.0.0.1 "$T"
t_cli_bad "-I no such interface" 2 "mtr: socket: No such device" "$mtr" -I nosuchif "$T"
t_cli_bad "--multipath with ICMP" 2 "mtr: --multipath: flows need -u (UDP) or -T (TCP)" \
	"$mtr" -r --multipath "$T"
for mode in --csv --xml --raw --split -t --openmetrics --prometheus; do
	t_cli_bad "--multipath $mode" 2 "mtr: --multipath: its flows are shown by -r, -w and -j only" \
		"$mtr" "$mode" -u --multipath "$T"
done
t_cli_bad "--multipath --textfile" 2 "mtr: --multipath: its flows are shown by -r, -w and -j only" \
	"$mtr" -r -u --multipath --textfile /tmp/x.prom "$T"
t_cli_bad "--multipath --serve" 2 "mtr: --multipath: its flows are shown by -r, -w and -j only" \
	"$mtr" -j -u --multipath --serve 127.0.0.1:9999 "$T"
t_cli_bad "--multipath=0" 2 "mtr: invalid multipath flows '0': too small (minimum 1)" \
	"$mtr" -r -u --multipath=0 "$T"
for args in "-T" "-u -P 53" "-u --multipath"; do
	t_cli_bad "-s -100 $args" 2 \
		"mtr: invalid packet size: random sizes (a negative -s) need ICMP, or -u without -P and --multipath" \
		"$mtr" -r -s -100 $args "$T"
done
t_cli_bad "--multipath -L" 2 "mtr: --multipath: each flow needs a source port of its own: not with -L" \
	"$mtr" -r -u --multipath -L 40000 "$T"
t_cli_bad "--multipath=17" 2 "mtr: invalid multipath flows '17': too large (maximum 16)" \
	"$mtr" -r -T --multipath=17 "$T"
t_cli_bad "--multipath=x" 2 "mtr: invalid multipath flows 'x': not a number" \
	"$mtr" -r -u --multipath=x "$T"

out=$(lab_exec c "$mtr" nosuch.invalid 2>&1 >/dev/null)
t_assert_eq "unknown host: exit 2" 2 "$?"
t_assert_match "unknown host: one line naming it" "^mtr: nosuch\.invalid: [A-Za-z ]+$" "$out"

out=$(lab_exec c "$mtr" --help 2>&1)
t_assert_eq "--help: exit 0" 0 "$?"
t_assert_match "--help: usage and the options" "^Usage:"$'\n'" mtr \\[options\\] hostname.* -r, --report " "$out"
# every long option the parser takes is in --help
missing=$(sed -n '/long_options\[\] = {/,/^};/p' mtr/main.c | grep -o '{"[a-z-]*"' | tr -d '{"' |
	while read -r opt; do grep -q -- "--$opt\b" <<<"$out" || printf '%s ' "--$opt"; done)
t_assert_eq "--help: every option mtr takes" "" "$missing"
t_assert_eq "--version" "mtr (netdx) $(sed -n 's/^VERSION *:= *//p' Makefile)" "$(lab_exec c "$mtr" --version)"

# the metric families --openmetrics and --prometheus write, in --help and the man page
help=$(lab_exec c "$mtr" --help 2>&1)
man=$(LC_ALL=C MANWIDTH=200 man -l man/mtr.8 2>/dev/null | sed $'s/.\x08//g')
for f in netdx_hop_sent_total netdx_hop_lost_total netdx_hop_loss_ratio netdx_hop_rtt_avg_seconds \
	netdx_hop_icmp_ratelimited netdx_hop_responder_replies_total netdx_path_reached netdx_path_hops; do
	t_assert_match "--help names $f" "${f%%_avg_seconds}" "$help"
	t_assert_match "man page names $f" "$f" "$man"
done
t_assert_match "man page: --openmetrics" "--openmetrics" "$man"
# -u, -T and -P work as mtr(8) and --help say (issue 15: the page read as if they were
# refused): a report through each reaches the target; -P alone is the one refusal.
for args in "-u" "-T" "-u -P 4000" "-T -P 22"; do
	# shellcheck disable=SC2086 # the options, split on purpose
	rows=$(lab_exec c "$mtr" $args -n -r -c 1 "$T" 2>&1 | sed -nE 's/^ +([0-9]+)\.\|-- ([^ ]+).*/\1 \2/p' | paste -sd ' ')
	t_assert_eq "mtr $args: a report to the target" "1 $LAB_HOP4_1 2 $T" "$rows"
done
t_assert_match "--help: -P goes with -u or -T" "-P, --port PORT +target port number for TCP or UDP \(-T or -u\)" "$help"
t_assert_match "man page: -u, -T, and -P alone refused" \
	"-u, --udp +UDP probes instead of ICMP echo requests.*-T, --tcp +TCP SYN probes.*-P without -u or -T is a usage error \(exit 2\)" \
	"$(tr -s ' \n' ' ' <<<"$man")"
t_assert_match "man page: --prometheus" "--prometheus" "$man"

t_summary
