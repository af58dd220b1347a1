#!/usr/bin/env bash
# tests/run.sh BUILD — every test of `make check`: the CUnit binaries (each inside a
# throw-away namespace), then the lab integration tests, the command-line tests and the
# differential pass against the peers (tests/diff). Each suite ends with a line
# "<name>: N passed, N failed"; this script adds them up and ends with the total line.
# Logs of failing suites are printed; all logs stay in $BUILD/test-logs.
set -uo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top" || exit 2
if [ "$(id -u)" != 0 ]; then
	echo "tests/run.sh: must run as root (namespaces, raw sockets): use sudo make check" >&2
	exit 2
fi
logs="$build/test-logs"
rm -rf "$logs" && mkdir -p "$logs"
export NETDX_BUILD="$build"
passed=0 failed=0

# run_suite NAME CMD...: run one suite, add its closing counts to the totals.
run_suite() {
	local name=$1 log="$logs/$1.log" line p f
	shift
	"$@" >"$log" 2>&1
	local rc=$?
	line=$(grep -E '^[^ ]+( [^ ]+)?: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]}
	else
		p=0 f=1 line="$name: no summary line (exit $rc)"
	fi
	# A suite that crashed after its summary still fails.
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; line="$line (but exit status $rc)"; fi
	passed=$((passed + p)) failed=$((failed + f))
	echo "$line"
	if [ "$f" != 0 ]; then
		echo "---- $log (last 40 lines) ----"
		tail -n 40 "$log"
		echo "----"
	fi
}

for bin in "$build"/tests/test_*; do
	[ -x "$bin" ] || continue
	run_suite "unit-$(basename "$bin")" tests/netns_run.sh "$bin"
done
for t in tests/lab/test_*.sh tests/cli/test_*.sh tests/diff/test_*.sh; do
	[ -f "$t" ] || continue
	run_suite "$(basename "$t" .sh)" bash "$t"
done

# fuzz_suite: the short fuzzing pass, one check per harness (no crash in the time given).
fuzz_suite() {
	local out p=0 f=0
	out=$(tests/fuzz/run.sh "$FUZZ_CHECK_SECONDS" build/fuzz/fuzz_* 2>&1)
	echo "$out"
	p=$(grep -c ' 0 crashes$' <<<"$out")
	f=$(grep -vc ' 0 crashes$' <<<"$out")
	echo "fuzz: $p passed, $f failed"
	[ "$f" = 0 ]
}
if [ -n "${FUZZ_CHECK_SECONDS:-}" ] && ls build/fuzz/fuzz_* >/dev/null 2>&1; then
	run_suite fuzz fuzz_suite
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
