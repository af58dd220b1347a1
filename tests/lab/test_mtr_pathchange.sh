#!/usr/bin/env bash
# test_mtr_pathchange.sh — mtr's path-change log: a route changed mid-run in the lab (router
# 1's route to the target moved from r2a to r2b of an ECMP pair by `ip route replace`, once
# mtr's --textfile says it has sent N rounds) is one entry `time ttl old -> new` under the
# text report, in the JSON, as netdx_path_changes_total and in the live view; -u -P's one
# flow too; -u without -P (a flow per probe, ECMP's routers taking turns) keeps no log;
# a run on a steady route logs nothing. A run ends by SIGINT once the textfile counts the
# change (no sleeps).
. "$(dirname "$0")/../lab/prelude.sh"
bin=$LAB_BIN/mtr
tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
cleanup() {
	tmux -S "$sock" kill-server >/dev/null 2>&1
	lab_down
	rm -rf "$tmp"
}
trap cleanup EXIT

lab_up --routers 3 --ecmp 2 || exit 1
T=$LAB_TARGET4
# route LEG: router 1 sends what goes to the target (and hop 3's link) down one leg only
# (a, b), or down both as the lab built it (ab)
route() {
	local via
	case $1 in
	a) via="via 10.0.2.1 dev to-r2a" ;;
	b) via="via 10.1.2.1 dev to-r2b" ;;
	ab) via="nexthop via 10.0.2.1 dev to-r2a nexthop via 10.1.2.1 dev to-r2b" ;;
	esac
	lab_exec r1 ip route replace 10.0.4.0/24 $via &&
		lab_exec r1 ip route replace 10.0.3.0/24 $via
}
# prom_value FILE SERIES: the value of one sample line of a textfile, empty if none
prom_value() { awk -v s="$2" '$1 == s { print $2 }' "$1" 2>/dev/null; }
sent1="netdx_hop_sent_total{target=\"$T\",ttl=\"1\",ip=\"10.0.1.1\"}"
changes="netdx_path_changes_total{target=\"$T\"}"

# run_with_change LEG_BEFORE LEG_AFTER MODE_OPTS...: mtr in the background, the route moved
# after 5 rounds, SIGINT once its textfile counts one change; its stdout in $tmp/out
run_with_change() {
	local before=$1 after=$2 bg
	shift 2
	rm -f "$tmp/pid" "$tmp/m.prom"
	route "$before" || return 1
	lab_exec c bash -c 'echo $$ >"$0"; exec "$@"' "$tmp/pid" "$bin" "$@" -n -c 600 -i 0.05 \
		--textfile "$tmp/m.prom" "$T" >"$tmp/out" 2>"$tmp/err" &
	bg=$!
	t_wait_for 10 test -s "$tmp/pid"
	t_wait_for 20 bash -c "(( \$(awk -v s='$sent1' '\$1 == s { print \$2 }' '$tmp/m.prom' 2>/dev/null || echo 0) + 0 >= 5 ))"
	t_assert_eq "$*: no change logged before the route moves" 0 "$(prom_value "$tmp/m.prom" "$changes")"
	route "$after"
	t_wait_for 20 bash -c "[[ \$(awk -v s='$changes' '\$1 == s { print \$2 }' '$tmp/m.prom' 2>/dev/null) == 1 ]]"
	kill -INT "$(cat "$tmp/pid")"
	wait "$bg"
}

# --- JSON and the counter: r2a -> r2b at hop 2 ------------------------------------------
run_with_change a b --json
json=$(cat "$tmp/out")
t_assert_eq "JSON: one change, at hop 2, 10.0.2.1 -> 10.1.2.1" "1|2 10.0.2.1 10.1.2.1" \
	"$(jq -r '.report.path_changes | "\(.total)|" + ([.log[] | "\(.ttl) \(.from) \(.to)"] | join(","))' <<<"$json")"
t_assert_eq "JSON: its time is a number within the run" "number" \
	"$(jq -r '.report.path_changes.log[0].time | type' <<<"$json")"
now=$(($(date +%s) + 1)) # whole seconds: the change may be in this one
t_in_range $((now - 120)) "$now" "$(jq -r '.report.path_changes.log[0].time' <<<"$json")"
t_assert_eq "JSON: the change's time is within the last two minutes" 0 "$?"
t_assert_eq "JSON: hop 2 shows both legs as responders" "10.0.2.1 10.1.2.1" \
	"$(jq -r '.report.hubs[1].responders | sort | join(" ")' <<<"$json")"
t_assert_eq "textfile: netdx_path_changes_total is 1" 1 "$(prom_value "$tmp/m.prom" "$changes")"
t_assert_match "textfile: the counter's TYPE line" $'\n'"# TYPE netdx_path_changes_total counter"$'\n' \
	"$(cat "$tmp/m.prom")"
t_assert_eq "stderr empty" "" "$(cat "$tmp/err")"

# --- two hosts: each its own log; the route moved is the target's only ------------------------
# 10.0.1.1 (router 1) is hop 1 of both paths, before the route that moves
run_with_change a b --json 10.0.1.1
t_assert_eq "two hosts, JSON: the target's log has the change, 10.0.1.1's none" \
	"10.0.1.1 0|$T 1 2 10.0.2.1 10.1.2.1" \
	"$(jq -rs 'map("\(.report.mtr.dst) \(.report.path_changes.total)" + ([.report.path_changes.log[] | " \(.ttl) \(.from) \(.to)"] | join(""))) | join("|")' "$tmp/out")"
t_assert_eq "two hosts, textfile: a sample per host (10.0.1.1 0, the target 1)" "0 1" \
	"$(prom_value "$tmp/m.prom" 'netdx_path_changes_total{target="10.0.1.1"}') $(prom_value "$tmp/m.prom" "$changes")"
t_assert_eq "two hosts, textfile: the counter's family once" 1 \
	"$(grep -c '^# TYPE netdx_path_changes_total counter$' "$tmp/m.prom")"

# --- text: r2b -> r2a, the block under the report -------------------------------------------
run_with_change b a -r
out=$(cat "$tmp/out")
t_assert_match "text: 'Path changes:' and the change, after the table and notes" \
	$'\n'"Path changes:"$'\n'"  [0-2][0-9]:[0-5][0-9]:[0-5][0-9]  2\. 10\.1\.2\.1 -> 10\.0\.2\.1$" "$out"
t_assert_eq "text: the table is mtr's (hop 3 and the target right after hop 2's lines)" \
	"10.0.3.1 $T" "$(awk '$1 == "3.|--" || $1 == "4.|--" { printf "%s%s", sep, $2; sep = " " }' <<<"$out")"

# --- the live view: the count and the latest change under the table -------------------------
# mtr in a tmux pane of this run's own server, in the lab's client (lab.sh refuses to run
# without the namespace); its textfile says when 5 rounds are done and when the change is
# counted; the screen is read back with capture-pane.
route a
rm -f "$tmp/m.prom"
tmux -S "$sock" new-session -d -s v -x 120 -y 30 \
	"bash $top/tests/lab/lab.sh exec $LAB c $bin -t -n -c 600 -i 0.05 --textfile $tmp/m.prom $T; echo MTR-EXIT=\$?; exec sleep 300"
screen() { tmux -S "$sock" capture-pane -p -t v 2>/dev/null; }
t_wait_for 20 bash -c "(( \$(awk -v s='$sent1' '\$1 == s { print \$2 }' '$tmp/m.prom' 2>/dev/null || echo 0) + 0 >= 5 ))"
t_assert_no_match "live view: no path-change line on a steady route" "Path changes" "$(screen)"
route b
t_wait_for 20 bash -c "[[ \$(awk -v s='$changes' '\$1 == s { print \$2 }' '$tmp/m.prom' 2>/dev/null) == 1 ]]"
shows_change() { [[ $(screen) =~ Path\ changes:\ 1,\ the\ latest\ [0-9:]{8}\ hop\ 2:\ 10\.0\.2\.1\ -\>\ 10\.1\.2\.1 ]]; }
if t_wait_for 5 shows_change; then
	t_pass "live view: 'Path changes: 1, the latest HH:MM:SS hop 2: 10.0.2.1 -> 10.1.2.1'"
else
	t_fail "live view: the path-change line" "$(screen)"
fi
tmux -S "$sock" send-keys -t v q
t_wait_for 5 bash -c "tmux -S '$sock' capture-pane -p -t v | grep -q MTR-EXIT=0"
t_assert_eq "live view: q ends it, exit 0" 0 "$?"

# --- UDP with -P: one flow, its change logged --------------------------------------------------
run_with_change a b --json -u -P 4000
t_assert_eq "-u -P: one change, at hop 2, 10.0.2.1 -> 10.1.2.1" "1|2 10.0.2.1 10.1.2.1" \
	"$(jq -r '.report.path_changes | "\(.total)|" + ([.log[] | "\(.ttl) \(.from) \(.to)"] | join(","))' <<<"$(cat "$tmp/out")")"

# --- UDP without -P: a flow per probe, so no log (an ECMP hop's routers take turns) -------------
route ab
json=$(lab_exec c "$bin" --json -n -u -c 30 -i 0.05 "$T")
t_assert_eq "-u on both legs: hop 2 shows both routers" 2 "$(jq '.report.hubs[1].responders | length' <<<"$json")"
t_assert_eq "-u: no path-change log (null), not their turns as changes" null "$(jq -c '.report.path_changes' <<<"$json")"
out=$(lab_exec c "$bin" -r -n -u -c 30 -i 0.05 "$T")
t_assert_no_match "-u, text: no 'Path changes:' block" "Path changes" "$out"
om=$(lab_exec c "$bin" --openmetrics -n -u -c 3 -i 0.05 "$T")
t_assert_no_match "-u, --openmetrics: no netdx_path_changes counter" "netdx_path_changes" "$om"

# --- a steady route logs nothing ----------------------------------------------------------
route a
json=$(lab_exec c "$bin" --json -n -c 20 -i 0.05 "$T")
t_assert_eq "steady route, JSON: no change" "0 0" \
	"$(jq -r '.report.path_changes | "\(.total) \(.log | length)"' <<<"$json")"
out=$(lab_exec c "$bin" -r -n -c 20 -i 0.05 "$T")
t_assert_no_match "steady route, text: no 'Path changes:' block" "Path changes" "$out"
om=$(lab_exec c "$bin" --openmetrics -n -c 5 -i 0.05 "$T")
t_assert_eq "steady route, --openmetrics: the counter at 0" 0 \
	"$(awk -v s="$changes" '$1 == s { print $2 }' <<<"$om")"

t_summary
