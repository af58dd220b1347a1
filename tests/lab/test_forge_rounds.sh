#!/usr/bin/env bash
# test_forge_rounds.sh — mtr and pathping under forged ICMP: a forger in the target
# (tests/lab/forge_te.c --mode wire; the target still answers for itself) sends a time
# exceeded from an address off the path for every probe that reaches it, quoting a
# probe never sent. The JSON shows the true path, never the forger, and counts the
# forgeries in "counters".
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
MTR="$(dirname "$TR")/mtr"
PATHPING="$(dirname "$TR")/pathping"
tmp=$(mktemp -d)
trap 'tr_forger_stop; lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT
forged=10.0.4.77 # on no link of the lab
path="10.0.1.1 10.0.2.1 10.0.3.1 10.0.4.1"

lab_up --routers 3 || exit 1

# forged_in_time NAME FOREIGN: the forger answered enough probes, and FOREIGN counts
# each of its forgeries but those of the last round, which may come after the run ended
# (the target's own answer, sent by the kernel, comes first).
forged_in_time() {
	local name=$1 foreign=$2 n
	tr_forger_stop
	n=$(grep -c '^forged ttl=' "$tmp/forge.log")
	t_assert_range "$name: the forger answered" 25 1000 "$n"
	t_assert_range "$name: its forgeries counted as foreign" $((n - 3)) "$n" "$foreign"
}

# mtr: 5 rounds; the first probes every TTL up to 30 (27 reach the target), each later
# one TTLs 1-4 (one reaches it): 31 forgeries.
tr_forger_start "$tmp/forge.log" --from "$forged" --mode wire --count 1000
json=$(lab_exec c "$MTR" -n -r -c 5 --json "$LAB_TARGET4")
t_assert_eq "mtr: the true path, no loss" "1 10.0.1.1 0|2 10.0.2.1 0|3 10.0.3.1 0|4 10.0.4.1 0" \
	"$(jq -r '[.report.hubs[] | "\(.count) \(.host) \(.["Loss%"])"] | join("|")' <<<"$json")"
t_assert_eq "mtr: one responder per hop" "$path" \
	"$(jq -r '[.report.hubs[].responders[]] | join(" ")' <<<"$json")"
t_assert_no_match "mtr: the forger's address is nowhere" "$forged" "$json"
t_assert_range "mtr: counters.sent" 30 100 "$(jq -r '.report.counters.sent' <<<"$json")"
t_assert_eq "mtr: nothing malformed" 0 "$(jq -r '.report.counters.malformed' <<<"$json")"
forged_in_time mtr "$(jq -r '.report.counters.foreign' <<<"$json")"

# pathping: a trace phase, then 5 probes to each of the 4 hops (one reaches the target
# each time); counters add up both phases (about 85 forgeries).
tr_forger_start "$tmp/forge.log" --from "$forged" --mode wire --count 1000
json=$(lab_exec c "$PATHPING" -n -q 5 -p 50 --json "$LAB_TARGET4")
t_assert_eq "pathping: the true path, reached" "$path|true" \
	"$(jq -r '[.hops[].responders[].address] | join(" ")' <<<"$json")|$(jq -r .reached <<<"$json")"
t_assert_eq "pathping: no loss from the forgeries" "0 0 0 0" \
	"$(jq -r '[.hops[].source_to_here.lost] | join(" ")' <<<"$json")"
t_assert_no_match "pathping: the forger's address is nowhere" "$forged" "$json"
t_assert_range "pathping: counters.sent" 50 200 "$(jq -r '.counters.sent' <<<"$json")"
t_assert_eq "pathping: nothing malformed" 0 "$(jq -r '.counters.malformed' <<<"$json")"
forged_in_time pathping "$(jq -r '.counters.foreign' <<<"$json")"
lab_down

t_summary
