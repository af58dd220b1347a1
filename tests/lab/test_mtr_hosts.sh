#!/usr/bin/env bash
# test_mtr_hosts.sh — mtr with several hosts (mtr HOST HOST..., -F FILE) in the lab,
# against mtr 0.95 on the same paths (RTT columns cut off): one report block per host in
# the order given, -F's hosts before the arguments, a host that does not resolve (a line
# on stderr, the others reported, exit 0 as mtr 0.95's), --json and --csv one report per
# host as mtr's, one OpenMetrics exposition with every host's series (Prometheus' own
# parser), --textfile the same, and the live view's Tab showing the next host (tmux).
. "$(dirname "$0")/../lab/prelude.sh"
bin=$LAB_BIN/mtr
tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
cleanup() {
	tmux -S "$sock" kill-server >/dev/null 2>&1
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# mask: a report without what differs between runs (the Start time, the RTT columns).
mask() { sed -e 's/^Start: .*/Start: T/' | cut -c1-45; }
# blocks: the hop count of each report block, "3 2".
blocks() { awk '/^HOST:/ { if (n) printf "%d ", n; n = 0; next } /\|--/ { n++ } END { print n }'; }

lab_up --routers 2 --dns || exit 1
T=$LAB_TARGET4 # hop 3; router 2 answers from 10.0.2.1, router 1 from 10.0.1.1

# --- two hosts: two report blocks, as mtr 0.95 prints them -----------------------------
ours=$(lab_exec c "$bin" -r -n -c 3 -i 0.2 "$T" 10.0.2.1)
rc=$?
peer=$(lab_exec c mtr -r -n -c 3 -i 0.2 "$T" 10.0.2.1)
t_assert_eq "two hosts: exit 0" 0 "$rc"
t_assert_eq "two hosts: mtr 0.95's blocks, in the order given" "$(mask <<<"$peer")" "$(mask <<<"$ours")"
t_assert_eq "two hosts: a block per host (3 hops, then 2)" "3 2" \
	"$(blocks <<<"$ours")"

# --- IPv6 and a name beside each other (each host its own family) ----------------------------
ours=$(lab_exec c "$bin" -r -n -c 2 -i 0.2 "$LAB_TARGET6" r1.lab.test)
peer=$(lab_exec c mtr -r -n -c 2 -i 0.2 "$LAB_TARGET6" r1.lab.test)
t_assert_eq "IPv6 target and a lab name: mtr 0.95's blocks" "$(mask <<<"$peer")" "$(mask <<<"$ours")"
t_assert_eq "IPv6 target and a lab name: the v6 path (3 hops, the target last), then 1 hop" \
	"3 1 $LAB_TARGET6" "$(blocks <<<"$ours") $(awk '$1 == "3.|--" { print $2 }' <<<"$ours")"

# --- a host that does not resolve among others --------------------------------------------
ours=$(lab_exec c "$bin" -r -n -c 2 -i 0.2 10.0.1.1 nosuch.invalid "$T" 2>"$tmp/err")
rc=$?
peer=$(lab_exec c mtr -r -n -c 2 -i 0.2 10.0.1.1 nosuch.invalid "$T" 2>"$tmp/peer_err")
prc=$?
t_assert_eq "unresolvable among others: exit status as mtr 0.95's" "$prc" "$rc"
t_assert_eq "unresolvable among others: the others' blocks as mtr 0.95's" \
	"$(mask <<<"$peer")" "$(mask <<<"$ours")"
t_assert_match "unresolvable among others: one line naming it" \
	'^mtr: nosuch\.invalid: [^'$'\n'']+$' "$(cat "$tmp/err")"
t_assert_match "mtr 0.95 names it too" 'nosuch\.invalid' "$(cat "$tmp/peer_err")"
lab_exec c "$bin" -r -n -c 1 nosuch.invalid nosuch2.invalid >/dev/null 2>"$tmp/err"
t_assert_eq "no host resolves: exit 2 (mtr 0.95: 0, with nothing to report)" 2 "$?"
t_assert_eq "no host resolves: a line for each" 2 "$(wc -l <"$tmp/err")"

# --- -F FILE: its hosts, then the arguments -------------------------------------------------
printf '%s\n10.0.1.1\n' "$T" >"$tmp/plain"
printf '# lab hosts\n\n  %s  # the target\n\n10.0.1.1\r\n# end\n' "$T" >"$tmp/commented"
ours=$(lab_exec c "$bin" -r -n -c 1 -F "$tmp/plain" 10.0.2.1)
peer=$(lab_exec c mtr -r -n -c 1 -F "$tmp/plain" 10.0.2.1)
t_assert_eq "-F and an argument: mtr 0.95's blocks and order" "$(mask <<<"$peer")" "$(mask <<<"$ours")"
t_assert_eq "-F: the file's hosts first" "3 1 2" \
	"$(blocks <<<"$ours")"
ours=$(lab_exec c "$bin" -r -n -c 1 -F "$tmp/commented" 2>"$tmp/err")
t_assert_eq "-F: comments, blank lines, blanks and CR skipped" \
	"$(lab_exec c mtr -r -n -c 1 -F "$tmp/plain" | mask)" "$(mask <<<"$ours")"
t_assert_eq "-F: comments are no hosts (nothing on stderr)" "" "$(cat "$tmp/err")"
ours=$(lab_exec c "$bin" -r -n -c 1 -F - <"$tmp/plain")
t_assert_eq "-F -: the hosts from stdin" "3 1" \
	"$(blocks <<<"$ours")"
printf '10.0.1.1\n10.0.2.1 10.0.1.1\n%s\n' "$T" >"$tmp/bad"
ours=$(lab_exec c "$bin" -r -n -c 1 -F "$tmp/bad" 2>"$tmp/err")
rc=$?
t_assert_eq "-F, a bad line: its number and why" \
	"mtr: $tmp/bad line 2: 10.0.2.1 10.0.1.1: blank inside a target (one target per line)" \
	"$(cat "$tmp/err")"
t_assert_eq "-F, a bad line: the other lines traced, exit 0 (mtr 0.95: the same)" "0 1 3" \
	"$rc $(blocks <<<"$ours")"

# --- --xml: one document per host, as mtr 0.95 ------------------------------------------------
xml_shape() { grep -oE '<MTR [^>]*DST="[^"]*"|<HUB COUNT="[0-9]+" HOST="[^"]*"'; }
t_assert_eq "--xml: a document per host, hubs as mtr 0.95's" \
	"$(lab_exec c mtr --xml -n -c 1 "$T" 10.0.1.1 | xml_shape)" \
	"$(lab_exec c "$bin" --xml -n -c 1 "$T" 10.0.1.1 | xml_shape)"

# --- --json and --csv: one report per host, as mtr 0.95 ------------------------------------
shape='[.[] | {dst: .report.mtr.dst, hosts: [.report.hubs[] | "\(.count) \(.host) \(.["Loss%"]) \(.Snt)"]}]'
ours=$(lab_exec c "$bin" --json -n -c 2 -i 0.2 "$T" 10.0.1.1 | jq -c -s "$shape")
peer=$(lab_exec c mtr --json -n -c 2 -i 0.2 "$T" 10.0.1.1 | jq -c -s "$shape")
t_assert_eq "--json: a document per host, hops and counts as mtr 0.95's" "$peer" "$ours"
t_assert_match "--json: the target first" '^\[\{"dst":"'"${T//./\\.}"'",' "$ours"
ours=$(lab_exec c "$bin" --csv -n -c 1 "$T" 10.0.1.1 | cut -d, -f1,3-6)
peer=$(lab_exec c mtr --csv -n -c 1 "$T" 10.0.1.1 | cut -d, -f1,3-6)
t_assert_eq "--csv: header and rows per host as mtr 0.95's" "$peer" "$ours"

# --- metrics: one exposition, every host's series ------------------------------------------
om=$(lab_exec c "$bin" --openmetrics -n -c 2 -i 0.2 "$T" 10.0.1.1)
checked=$(tests/lab/metrics_check.py om <<<"$om")
t_assert_eq "--openmetrics: Prometheus' parser takes it" 0 "$?"
t_assert_eq "--openmetrics: each family once" "" "$(grep '^# TYPE' <<<"$om" | sort | uniq -d)"
t_assert_eq "--openmetrics: netdx_path_hops per target" \
	"netdx_path_hops{target=\"$T\"} 3|netdx_path_hops{target=\"10.0.1.1\"} 1" \
	"$(grep '^netdx_path_hops{' <<<"$om" | paste -sd'|')"
t_assert_eq "--openmetrics: every hop of both hosts sent 2" \
	"target=10.0.1.1 ttl=1 2|target=$T ttl=1 2|target=$T ttl=2 2|target=$T ttl=3 2" \
	"$(grep '^netdx_hop_sent_total' <<<"$checked" | sed -E 's/.*target="([^"]*)",ttl="([0-9]+)"\} ([0-9.]+)$/target=\1 ttl=\2 \3/' | sort | paste -sd'|')"
lab_exec c "$bin" -n -c 2 -i 0.2 --textfile "$tmp/mtr.prom" "$T" 10.0.2.1 >/dev/null
t_assert_eq "--textfile: both targets' netdx_path_reached" \
	"netdx_path_reached{target=\"$T\"} 1|netdx_path_reached{target=\"10.0.2.1\"} 1" \
	"$(grep '^netdx_path_reached{' "$tmp/mtr.prom" | paste -sd'|')"

# --- the live view: Tab shows the next host ---------------------------------------------------
tm() { tmux -S "$sock" "$@"; }
screen() { tm capture-pane -p -t v 2>/dev/null; }
shows() { [[ $(screen) =~ $1 ]]; }
tm new-session -d -s v -x 120 -y 30 \
	"bash $top/tests/lab/lab.sh exec $LAB c $bin -t -n -c 300 -i 0.2 $T 10.0.1.1; echo MTR-EXIT=\$?; exec sleep 300"
first="-> ${T//./\\.} \\(${T//./\\.}\\)  \\[host 1 of 2, Tab: next\\]"
second="-> 10\\.0\\.1\\.1 \\(10\\.0\\.1\\.1\\)  \\[host 2 of 2, Tab: next\\]"
hop3=$'\n'" +3\\. ${T//./\\.} "
if t_wait_for 10 shows "$first.*$hop3"; then t_pass "live view: the first host and its 3 hops"; else t_fail "live view: the first host" "$(screen)"; fi
tm send-keys -t v Tab
if t_wait_for 5 shows "$second"; then t_pass "live view: Tab shows the second host"; else t_fail "live view: Tab" "$(screen)"; fi
t_wait_for 5 shows $'\n'" +1\\. 10\\.0\\.1\\.1 "
t_assert_no_match "live view: the second host's table (1 hop)" "$hop3" "$(screen)"
tm send-keys -t v Tab
if t_wait_for 5 shows "$first.*$hop3"; then t_pass "live view: Tab again: the first host, its hops kept"; else t_fail "live view: Tab again" "$(screen)"; fi
tm send-keys -t v q
if t_wait_for 5 shows 'MTR-EXIT=0'; then t_pass "live view: q ends it, exit 0"; else t_fail "live view: q" "$(screen)"; fi
t_summary
