#!/usr/bin/env bash
# test_pathping_cli.sh — pathping's bad command lines, run inside a lab namespace (so even
# an unknown host's lookup reaches only the lab's 127.0.0.1): each is one line on stderr
# naming the problem, nothing on stdout, exit 2; Windows options Linux cannot honour are
# refused with the reason; then --help and --version.
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
trap 'lab_down >/dev/null 2>&1' EXIT
lab_up --routers 1 || exit 1
T=$LAB_TARGET4
pp=$b/pathping

t_cli_bad "no target" 2 "pathping: usage: one target_name is needed (pathping --help)" "$pp"
t_cli_bad "two targets" 2 "pathping: usage: one target_name is needed (pathping --help)" "$pp" "$T" extra
t_cli_bad "--json --openmetrics" 2 "pathping: options --json and --openmetrics do not go together" "$pp" --json --openmetrics "$T"
t_cli_bad "--prometheus --json" 2 "pathping: options --json and --prometheus do not go together" "$pp" --prometheus --json "$T"
t_cli_bad "--prometheus --openmetrics" 2 "pathping: options --prometheus and --openmetrics do not go together" "$pp" --prometheus --openmetrics "$T"
t_cli_bad "-q 0" 2 "pathping: invalid number of queries '0': too small (minimum 1)" "$pp" -q 0 "$T"
t_cli_bad "-q x" 2 "pathping: invalid number of queries 'x': not a number" "$pp" -q x "$T"
t_cli_bad "-p 0" 2 "pathping: invalid period '0': too small (minimum 1)" "$pp" -p 0 "$T"
t_cli_bad "-p x" 2 "pathping: invalid period 'x': not a number" "$pp" -p x "$T"
t_cli_bad "-h 0" 2 "pathping: invalid maximum hops '0': too small (minimum 1)" "$pp" -h 0 "$T"
t_cli_bad "-h 256" 2 "pathping: invalid maximum hops '256': too large (maximum 255)" "$pp" -h 256 "$T"
t_cli_bad "-w 0" 2 "pathping: invalid timeout '0': too small (minimum 1)" "$pp" -w 0 "$T"
t_cli_bad "-w x" 2 "pathping: invalid timeout 'x': not a number" "$pp" -w x "$T"
t_cli_bad "-w without a value" 2 "pathping: option requires an argument -- 'w'" "$pp" "$T" -w
t_cli_bad "-g (loose source routing)" 2 "pathping: -g: loose source routing is not supported: routers drop source-routed packets (RFC 7126), so the route would not be the real one" "$pp" -g 10.0.1.1 "$T"
t_cli_bad "-T (802.1p)" 2 "pathping: -T: layer-2 priority tagging is not supported: it needs 802.1p tags set per packet by the driver, which Linux does not offer to ICMP probes" "$pp" -T "$T"
t_cli_bad "-R (RSVP)" 2 "pathping: -R: an RSVP test is not supported: it needs an RSVP daemon, which Linux does not offer to ICMP probes" "$pp" -R "$T"
t_cli_bad "-i not ours" 2 "pathping: socket: Cannot assign requested address" "$pp" -i 10.0.1.99 "$T"
t_cli_bad "unknown option" 2 "pathping: invalid option -- 'x'" "$pp" -x "$T"
t_cli_bad "unknown long option" 2 "pathping: unrecognized option '--nosuch'" "$pp" --nosuch "$T"
t_cli_bad "-6 with an IPv4 address" 2 "pathping: $T: Address family for hostname not supported" "$pp" -6 "$T"

out=$(lab_exec c "$pp" nosuch.invalid 2>&1 >/dev/null)
t_assert_eq "unknown host: exit 2" 2 "$?"
t_assert_match "unknown host: one line naming it" "^pathping: nosuch\.invalid: [A-Za-z ]+$" "$out"

out=$(lab_exec c "$pp" --help 2>&1)
t_assert_eq "--help: exit 0" 0 "$?"
t_assert_match "--help: usage and the options" "-q num_queries.*-p period" "$out"
t_assert_eq "--version" "pathping (netdx) $(sed -n 's/^VERSION *:= *//p' Makefile)" "$(lab_exec c "$pp" --version)"

# the metric families --openmetrics and --prometheus write, in --help and the man page
help=$(lab_exec c "$pp" --help 2>&1)
man=$(LC_ALL=C MANWIDTH=200 man -l man/pathping.8 2>/dev/null | sed $'s/.\x08//g')
for f in netdx_hop_sent_total netdx_hop_lost_total netdx_hop_loss_ratio netdx_hop_rtt_avg_seconds \
	netdx_hop_icmp_ratelimited netdx_hop_responder_replies_total netdx_path_reached netdx_path_hops netdx_hop_link_lost netdx_hop_link_loss_ratio netdx_hop_node_lost netdx_hop_node_loss_ratio; do
	t_assert_match "--help names $f" "${f%%_avg_seconds}" "$help"
	t_assert_match "man page names $f" "$f" "$man"
done
t_assert_match "man page: --openmetrics" "--openmetrics" "$man"
t_assert_match "man page: --prometheus" "--prometheus" "$man"

t_summary
