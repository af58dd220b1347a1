#!/usr/bin/env bash
# test_contrib.sh — what contrib/ ships for fleets: the Prometheus alerting rules pass
# `promtool check rules` and their own `promtool test rules` (each alert fires on netdx's
# metric and label names, and stays quiet where it should); the systemd units pass
# `systemd-analyze verify` (pointed at this build's binaries); and each unit's command
# line, run here in a throw-away namespace against 127.0.0.1 and bounded, does what the
# unit says: ping's serves /metrics, mtr's writes a valid textfile.
. "$(dirname "$0")/netns_prelude.sh"
ip link set lo up
units=contrib/systemd
rules=contrib/prometheus

# --- alerting rules -------------------------------------------------------------------------
out=$(promtool check rules "$rules/netdx-alerts.yml" 2>&1)
t_assert_eq "promtool check rules: exit 0" 0 "$?"
t_assert_match "promtool check rules: every rule read" "SUCCESS: 7 rules found" "$out"
out=$(cd "$rules" && promtool test rules netdx-alerts.test.yml 2>&1)
t_assert_eq "promtool test rules: every alert as expected ($(tail -n 1 <<<"$out" | xargs))" 0 "$?"

# --- systemd units ----------------------------------------------------------------------------
# As installed, the units name /usr/bin/netdx-TOOL; here, this build's binaries.
mkdir -p "$tmp/units"
for f in "$units"/*; do
	sed "s|/usr/bin/netdx-\([a-z]*\)|$build/bin/\1|g" "$f" >"$tmp/units/$(basename "$f")"
done
cp "$tmp/units/netdx-mtr-textfile@.service" "$tmp/units/netdx-mtr-textfile@127.0.0.1.service"
cp "$tmp/units/netdx-mtr-textfile@.timer" "$tmp/units/netdx-mtr-textfile@127.0.0.1.timer"
for u in netdx-ping-exporter.service netdx-mtr-textfile@127.0.0.1.service \
	netdx-mtr-textfile@127.0.0.1.timer; do
	out=$(cd "$tmp/units" && systemd-analyze verify --man=no "./$u" 2>&1)
	t_assert_eq "systemd-analyze verify $u: exit 0, nothing said" "0|" "$?|$out"
done

# exec_start UNIT: its ExecStart command line, with %i as 127.0.0.1.
exec_start() { sed -n 's/^ExecStart=//p' "$tmp/units/$1" | sed 's/%i/127.0.0.1/g'; }

# ping's: the targets file and port it names, here a file of ours and one -c 2 run.
read -ra cmd <<<"$(exec_start netdx-ping-exporter.service)"
t_assert_eq "ping exporter unit: --serve :9374 --targets /etc/netdx/ping-targets" \
	"--serve :9374 --targets /etc/netdx/ping-targets" "${cmd[*]:1}"
printf '127.0.0.1\n' >"$tmp/targets"
"${cmd[0]}" --serve 127.0.0.1:9374 --targets "$tmp/targets" -c 2 -i 0.5 >"$tmp/ping.out" 2>&1 &
pid=$!
served() { curl -fsS http://127.0.0.1:9374/metrics >"$tmp/scrape" 2>/dev/null; }
t_wait_for 10 served
t_assert_match "ping exporter unit's command: /metrics served with smokeping's families" \
	'smokeping_requests_total\{host="127.0.0.1",ip="127.0.0.1"\} [12]' "$(cat "$tmp/scrape")"
wait "$pid"
t_assert_eq "ping exporter unit's command: exit 0 after -c 2" 0 "$?"

# mtr's: the textfile it names, here in a directory of ours.
read -ra cmd <<<"$(exec_start netdx-mtr-textfile@127.0.0.1.service)"
t_assert_eq "mtr unit: 20 rounds into Debian's textfile directory" \
	"-n -c 20 --textfile /var/lib/prometheus/node-exporter/netdx-mtr-127.0.0.1.prom 127.0.0.1" \
	"${cmd[*]:1}"
"${cmd[0]}" -n -c 20 -i 0.05 --textfile "$tmp/netdx-mtr.prom" 127.0.0.1 >"$tmp/mtr.out" 2>&1
t_assert_eq "mtr unit's command: exit 0, nothing on stdout" "0|" "$?|$(cat "$tmp/mtr.out")"
t_assert_match "mtr unit's command: the textfile has 20 probes sent to hop 1" \
	'netdx_hop_sent_total\{ip="127.0.0.1",target="127.0.0.1",ttl="1"\} 20' \
	"$(tests/lab/metrics_check.py text <"$tmp/netdx-mtr.prom")"
t_summary
