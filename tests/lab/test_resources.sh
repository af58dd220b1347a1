#!/usr/bin/env bash
# test_resources.sh — bounded resources (issue #8, item 8), measured with GNU time's
# peak RSS in the lab:
#   - mtr -r and pathping keep memory flat over rounds: 100000 rounds (1 ms apart, about
#     100 s) peak within RSS_SLACK_KIB of a 10000-round run (memory settles within the
#     first two seconds: code and buffers touched once). All four run at once;
#   - a 65536-target ping sweep (a --targets file: 127.1.0.0/16 and two more addresses,
#     all local to the client's loopback) answers every target, and costs at most
#     SWEEP_BYTES_PER_TARGET per target beyond a 1022-target sweep.
# The figures are printed (INFO lines) for the record; the checks are on ratios to the
# small run of the same binary in the same lab, not on absolute sizes. A sanitizer build
# runs everything but the memory checks (its RSS is ASan's shadow and quarantine).
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
tmp=$(mktemp -d)
bg=()
cleanup() {
	local p
	for p in "${bg[@]}"; do kill "$p" 2>/dev/null; done
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

ROUNDS=${ROUNDS:-100000}
RSS_SLACK_KIB=512
SWEEP_BYTES_PER_TARGET=512

lab_up --routers 2 || exit 1

# timed NAME CMD...: CMD in the client under GNU time; its peak RSS (KiB) and wall time go
# to $tmp/NAME.time as "RSS WALL", its stdout to $tmp/NAME.out.
timed() {
	local name=$1
	shift
	lab_exec c /usr/bin/time -o "$tmp/$name.time" -f '%M %e' "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
}
rss() { cut -d' ' -f1 "$tmp/$1.time" 2>/dev/null; }
wall() { cut -d' ' -f2 "$tmp/$1.time" 2>/dev/null; }

# --- mtr and pathping: 10000 and 100000 rounds, all at once -------------------------------
# mtr's JSON: its text report, as mtr's, cuts a 6-digit Snt to the column's 5.
# The runs take about 100 s alone; the bound only stops a hang. (Twice mtr sent ~91,000
# probes to the target in 100,000 rounds: answers lost under the 65,536-target sweep kept
# their slots in a 4096-probe window, and later sends were skipped; the window now holds
# every probe that can be sent while one waits out its timeout: test_rounds_window.sh.)
mtr_run() { timed "$1" timeout 900 "$b/mtr" -n --json -c "$2" -i 0.001 "$LAB_TARGET4"; }
pp_run() { timed "$1" timeout 900 "$b/pathping" -n -q "$2" -p 1 "$LAB_TARGET4"; }
SMALL=$((ROUNDS / 10))
for run in "mtr_run mtr_small $SMALL" "pp_run pp_small $SMALL" "mtr_run mtr_long $ROUNDS" \
	"pp_run pp_long $ROUNDS"; do
	$run &
	bg+=($!)
done

# --- ping: a 1022-target sweep, then 65536 (while the long runs go on) ---------------------
seq_targets() { # seq_targets FILE: 127.1.0.0/16 (65534 hosts) and two more = 65536
	printf '%s\n' 127.1.0.0/16 127.2.0.1 127.2.0.2 >"$1"
}
seq_targets "$tmp/targets"
timed sweep_small "$b/ping" -i 0 -c 1 -q 127.3.0.0/22
timed sweep_long "$b/ping" -i 0 -c 1 -q --targets "$tmp/targets"
for s in sweep_small sweep_long; do echo "INFO $s: peak RSS $(rss $s) KiB, $(wall $s) s"; done
# fping's -q summary: one line per target "ADDR : xmt/rcv/%loss = 1/1/0%".
t_assert_eq "sweep: 65536 targets, each answered once" 65536 \
	"$(cat "$tmp/sweep_long.out" "$tmp/sweep_long.err" | grep -c ' : xmt/rcv/%loss = 1/1/0%')"
t_assert_eq "sweep: the small sweep answered too (1022)" 1022 \
	"$(cat "$tmp/sweep_small.out" "$tmp/sweep_small.err" | grep -c ' : xmt/rcv/%loss = 1/1/0%')"
per_target=$((($(rss sweep_long) - $(rss sweep_small)) * 1024 / (65536 - 1022)))
echo "INFO sweep: $per_target bytes of peak RSS per further target"
# skip_rss NAME: true (and says so) in a sanitizer build, where RSS is ASan's.
skip_rss() { lab_build_sanitized && echo "SKIP $1 (a sanitizer build: RSS is ASan's shadow and quarantine)"; }
skip_rss "sweep: bytes per target" ||
	t_assert_range "sweep: at most $SWEEP_BYTES_PER_TARGET bytes per target" 0 "$SWEEP_BYTES_PER_TARGET" "$per_target"

# --- the long runs' verdicts --------------------------------------------------------------
for p in "${bg[@]}"; do wait "$p"; done
bg=()
for r in mtr_small mtr_long pp_small pp_long; do echo "INFO $r: peak RSS $(rss $r) KiB, $(wall $r) s"; done
t_assert_eq "mtr: $ROUNDS rounds were sent to the target" "$LAB_TARGET4 $ROUNDS" \
	"$(jq -r '.report.hubs[-1] | "\(.host) \(.Snt)"' "$tmp/mtr_long.out")"
t_assert_eq "pathping: $ROUNDS queries to the target" 1 \
	"$(grep -cE "^  3 +[0-9]+ms +[0-9]+/ *$ROUNDS = " "$tmp/pp_long.out")"
skip_rss "mtr: flat memory" || t_assert_range "mtr: $ROUNDS rounds peak within $RSS_SLACK_KIB KiB of $SMALL" \
	"-$RSS_SLACK_KIB" "$RSS_SLACK_KIB" "$(($(rss mtr_long) - $(rss mtr_small)))"
skip_rss "pathping: flat memory" || t_assert_range "pathping: $ROUNDS queries peak within $RSS_SLACK_KIB KiB of $SMALL" \
	"-$RSS_SLACK_KIB" "$RSS_SLACK_KIB" "$(($(rss pp_long) - $(rss pp_small)))"

t_summary
