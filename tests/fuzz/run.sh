#!/usr/bin/env bash
# run.sh SECONDS BIN... — run each libFuzzer harness for SECONDS seconds.
#
# BIN is a harness built as build/fuzz/fuzz_<name>; its seeds are
# tests/fuzz/corpus/<name>/: files written from unit-test fixtures and by hand, and
# lab-* files, real packets and resolv.conf files from the lab, written by
# tests/fuzz/capture_corpus.sh (run by hand, see its header). The seeds are copied to a temporary directory first, so
# inputs the fuzzer adds never land in the repository. Each harness runs inside a
# throw-away network namespace (tests/netns_run.sh): the parsers send nothing, but no
# test command runs in the machine's own namespace. Prints one line per harness:
#
#   fuzz <name>: <execs> execs, 0 crashes
#   fuzz <name>: CRASH ..., input saved to <dir of BIN>/artifacts/<name>/crash-...
#
# Exit status: 0 when every harness ran clean, 1 on a crash or a harness that could not
# run, 2 on bad arguments.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
netns_run="$here/../netns_run.sh"

if [ $# -lt 2 ]; then
	echo "usage: run.sh SECONDS BIN..." >&2
	exit 2
fi
secs=$1
shift
case $secs in
'' | *[!0-9]* | 0)
	echo "run.sh: seconds: not a positive whole number: $secs" >&2
	exit 2
	;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/netdx-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# What sanitizers and libFuzzer print when an input crashes the harness.
crash_re='^==[0-9]+==ERROR|deadly signal|runtime error'

status=0
for bin in "$@"; do
	base=$(basename "$bin")
	name=${base#fuzz_}
	if [ ! -x "$bin" ]; then
		echo "fuzz $name: $bin: not an executable (build it with make $bin)"
		status=1
		continue
	fi
	corpus="$work/$name/corpus"
	log="$work/$name/log"
	artifacts="$(cd "$(dirname "$bin")" && pwd)/artifacts/$name"
	mkdir -p "$corpus" "$artifacts"
	if [ -d "$here/corpus/$name" ]; then
		cp -R "$here/corpus/$name/." "$corpus/"
	fi

	rc=0
	"$netns_run" "$bin" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || rc=$?

	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ] && [ -n "$execs" ]; then
		echo "fuzz $name: $execs execs, 0 crashes"
		continue
	fi
	status=1
	input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	if [ -n "$input" ] || grep -qE "$crash_re" "$log"; then
		echo "fuzz $name: CRASH after ${execs:-?} execs${input:+, input saved to $input}"
		grep -m 3 -E "$crash_re|^SUMMARY" "$log" | sed 's/^/  /'
		echo "  reproduce: $netns_run $bin ${input:-<input>}"
	else
		echo "fuzz $name: could not run (exit $rc): $(tail -n 1 "$log")"
	fi
done
exit $status
