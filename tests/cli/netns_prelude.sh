#!/usr/bin/env bash
# netns_prelude.sh — the opening of a command-line test that needs no lab, only a
# throw-away network namespace of its own (tests/netns_run.sh: loopback only,
# resolv.conf -> 127.0.0.1, so even an unknown host's lookup never leaves it). Sourced
# as the test's first line:
#     . "$(dirname "$0")/netns_prelude.sh"
# It runs the test again inside such a namespace and refuses to go on outside one, then
# gives it: strict mode (no -e), the repository root as working directory and in $top,
# lib.sh's assertions, $build (absolute), $tmp (removed on exit) and bad().
set -uo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top" || exit 2
if [[ ${NETDX_CLI_NS:-} != 1 ]]; then
	exec tests/netns_run.sh env NETDX_CLI_NS=1 bash "$0" "$@"
fi
. tests/lab/lib.sh
build=${NETDX_BUILD:-build}
[[ $build == /* ]] || build="$top/$build"

# Never run a tool outside a network namespace of our own.
if [[ -z $(ip netns identify $$ 2>/dev/null) ]]; then
	t_fail "inside a throw-away namespace" "ip netns identify found none: not running $0"
	t_summary
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# bad NAME EXPECTED_LINE CMD...: exit 2, nothing on stdout, exactly EXPECTED_LINE on stderr.
bad() {
	local name=$1 want=$2 out err rc
	shift 2
	out=$("$@" 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
	t_assert_eq "$name: exit 2" 2 "$rc"
	t_assert_eq "$name: nothing on stdout" "" "$out"
	t_assert_eq "$name: one line on stderr" "$want" "$err"
}
