#!/usr/bin/env bash
# test_ping_smokeping.sh — ping --serve beside the real prometheus-smokeping-prober 0.6.1
# on the same two lab targets (the target behind router 1's 20 ms delay line, and router 1
# itself, before it), at the same interval, both started together in the client
# namespace on 127.0.0.1 ports, stopped by their PIDs. Once each has counted at least
# 10 requests for both hosts (polled), their /metrics are compared: the families of
# smokeping's names and their label sets, "name{label names}", are the same (theirs
# alone: smokeping_prober_build_info and smokeping_prober_config_*, listed below, and
# the go_, process_ and promhttp_ families; ours alone: netdx_ping_*); the histogram's le
# values are identical; both counted requests and responses for both hosts. No timing is
# compared here (bench/exporter.sh does that).
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=()
cleanup() {
	local p f
	for f in "$tmp"/*.pid; do [[ -s $f ]] && kill "$(cat "$f")" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

if ! command -v prometheus-smokeping-prober >/dev/null; then
	t_fail "prometheus-smokeping-prober installed" "not found: make test-deps installs it"
	t_summary
	exit 1
fi

lab_up --routers 2 --delay 1:10 || exit 1
T=$LAB_TARGET4
H1=$LAB_HOP4_1
OURS=127.0.0.1:19374 THEIRS=127.0.0.1:19375
N=10

# start NAME CMD...: in the client namespace, in the background, bounded to 60 s; its PID
# (the command's own) in $tmp/NAME.pid.
start() {
	local name=$1
	shift
	lab_exec c timeout 60 bash -c 'echo $$ >"$0"; exec "$@"' "$tmp/$name.pid" "$@" \
		>"$tmp/$name.log" 2>&1 &
	pids+=("$!")
}
# Their default configuration file probes "localhost": an empty one of ours instead.
printf 'targets: []\n' >"$tmp/empty.yml"
start theirs prometheus-smokeping-prober --web.listen-address="$THEIRS" --ping.interval=200ms \
	--privileged --config.file="$tmp/empty.yml" "$T" "$H1"
start ours "$b/ping" --serve "$OURS" -q -i 0.2 -w 50 "$T" "$H1"

# scrape WHO ADDR: its /metrics in $tmp/WHO.prom.
scrape() { lab_exec c curl -sf "http://$2/metrics" >"$tmp/$1.prom"; }
# requests WHO HOST: its smokeping_requests_total for HOST (empty when none).
requests() { awk -v h="host=\"$2\"" '/^smokeping_requests_total\{/ && index($0, h) { print $2 }' "$tmp/$1.prom"; }
counted() {
	scrape theirs "$THEIRS" && scrape ours "$OURS" || return 1
	local w h
	for w in theirs ours; do
		for h in "$T" "$H1"; do (($(requests $w "$h" || true) + 0 >= N)) || return 1; done
	done
}
t_wait_for 30 counted
t_assert_eq "both counted $N requests for both hosts (polled)" 0 "$?"

# families WHO: "name{label,...}" of each sample's family, sorted, unique; smokeping's
# names only, theirs alone and ours alone left out.
families() {
	sed -n 's/^\(smokeping_[a-z_]*\)\({[^}]*}\)\{0,1\} .*/\1 \2/p' "$tmp/$1.prom" |
		grep -v '^smokeping_prober_' |
		awk '{ n = split($2, kv, "\""); l = ""
			for (i = 1; i < n; i += 2) { k = kv[i]; gsub(/^[{,]|=$/, "", k); l = l (l ? "," : "") k }
			print $1 "{" l "}" }' | sort -u
}
families theirs >"$tmp/theirs.fam"
families ours >"$tmp/ours.fam"
t_assert_eq "smokeping's families and label names: ours = theirs" "$(cat "$tmp/theirs.fam")" \
	"$(cat "$tmp/ours.fam")"
t_assert_eq "the series names compared: 6 (requests, the histogram's three, duplicates, TTL)" 6 \
	"$(wc -l <"$tmp/ours.fam")"
t_assert_eq "theirs alone: build info and the config families" \
	"smokeping_prober_build_info smokeping_prober_config_last_reload_success_timestamp_seconds smokeping_prober_config_last_reload_successful" \
	"$(grep -o '^smokeping_prober_[a-z_]*' "$tmp/theirs.prom" | sort -u | tr '\n' ' ' | sed 's/ $//')"
t_assert_eq "ours alone: none of smokeping_prober_*" "" "$(grep '^smokeping_prober_' "$tmp/ours.prom")"

# le WHO HOST: the histogram's le values for HOST, in order.
le() { grep "^smokeping_response_duration_seconds_bucket{.*host=\"$2\"" "$tmp/$1.prom" | grep -o 'le="[^"]*"' | tr '\n' ' '; }
for h in "$T" "$H1"; do
	t_assert_eq "$h: the le values are theirs, in order (21)" "$(le theirs "$h")" "$(le ours "$h")"
	t_assert_eq "$h: 21 buckets" 21 "$(le ours "$h" | wc -w)"
	for w in theirs ours; do
		c=$(awk -v h="host=\"$h\"" '/^smokeping_response_duration_seconds_count\{/ && index($0, h) { print $2 }' "$tmp/$w.prom")
		t_assert_range "$h: $w counted responses" 1 100000 "${c:-0}"
	done
	t_assert_eq "$h: the same ip label" "$(grep -o "host=\"$h\",ip=\"[^\"]*\"" "$tmp/theirs.prom" | sort -u)" \
		"$(grep -o "host=\"$h\",ip=\"[^\"]*\"" "$tmp/ours.prom" | sort -u)"
done
t_summary
