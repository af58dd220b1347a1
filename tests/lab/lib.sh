#!/usr/bin/env bash
# lib.sh — assertions for netdx integration test scripts (source it, with lab.sh).
#
#   . tests/lab/lib.sh
#   t_assert_eq "ttl 1 answers from hop 1" 10.0.1.1 "$addr"
#   ...
#   t_summary            # last line: "<script>: N passed, N failed"; non-zero on failure
#
# Every check prints one line: "PASS name" or "FAIL name: why". Checks never fail the
# calling script (they return 0, so a `set -e` script goes on to t_summary); T_OK is 1
# after a passing check and 0 after a failing one, for scripts that want to branch.
# t_wait_for is a condition, not a check: it returns its result. Safe to source under
# `set -euo pipefail`.

_T_PASSED=0
_T_FAILED=0
# shellcheck disable=SC2034 # read by the test scripts
T_OK=1
_T_SCRIPT=$(basename "${0:-test}")

# t_pass NAME
# Count and print one passed check.
t_pass() {
	_T_PASSED=$((_T_PASSED + 1))
	T_OK=1
	printf 'PASS %s\n' "$1"
}

# t_fail NAME MSG
# Count and print one failed check.
t_fail() {
	_T_FAILED=$((_T_FAILED + 1))
	# shellcheck disable=SC2034 # read by the test scripts
	T_OK=0
	printf 'FAIL %s: %s\n' "$1" "${2:-failed}"
}

# _t_show TEXT
# TEXT on one line, shortened, for failure messages.
_t_show() {
	local s=${1//$'\n'/\\n}
	((${#s} <= 300)) || s="${s:0:300}..."
	printf '%s' "$s"
}

# t_assert_eq NAME EXPECTED ACTUAL
# Pass when the two strings are equal.
t_assert_eq() {
	if [[ $3 == "$2" ]]; then
		t_pass "$1"
	else
		t_fail "$1" "expected '$(_t_show "$2")', got '$(_t_show "$3")'"
	fi
}

# t_assert_match NAME REGEX TEXT
# Pass when TEXT matches the extended regular expression REGEX (anywhere in it).
t_assert_match() {
	if [[ $3 =~ $2 ]]; then
		t_pass "$1"
	else
		t_fail "$1" "no match for /$2/ in '$(_t_show "$3")'"
	fi
}

# t_assert_no_match NAME REGEX TEXT
# Pass when TEXT does not match REGEX.
t_assert_no_match() {
	if [[ $3 =~ $2 ]]; then
		t_fail "$1" "unexpected match for /$2/ in '$(_t_show "$3")'"
	else
		t_pass "$1"
	fi
}

# t_assert_range NAME LO HI VALUE
# Pass when VALUE is a number with LO <= VALUE <= HI (floats allowed).
t_assert_range() {
	if awk -v lo="$2" -v hi="$3" -v v="$4" 'BEGIN {
		if (v !~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/) exit 1
		exit !(v + 0 >= lo + 0 && v + 0 <= hi + 0) }'; then
		t_pass "$1"
	else
		t_fail "$1" "'$(_t_show "$4")' not in [$2, $3]"
	fi
}

# t_wait_for TIMEOUT_S CMD...
# Run CMD every 0.1 s until it succeeds (return 0) or TIMEOUT_S seconds have passed
# (return 1). CMD's output is discarded. Bounded in time and in count.
t_wait_for() {
	local timeout=$1 deadline now i max
	shift
	deadline=$(awk -v t="$timeout" -v n="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.3f", n + t }')
	max=$(awk -v t="$timeout" 'BEGIN { printf "%d", t * 10 + 1 }')
	for ((i = 0; i < max; i++)); do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		now=${EPOCHREALTIME/,/.}
		awk -v n="$now" -v d="$deadline" 'BEGIN { exit !(n < d) }' || return 1
		sleep 0.1
	done
	return 1
}

# t_measure_until TRIES CHECK CMD...
# For a timing measurement a stall of the machine can spoil (nfq_delay or the tool
# descheduled for tens of ms: one outlier): run CMD, its stdout in T_OUT, up to TRIES
# times until the command CHECK succeeds. A real fault fails every try; the checks then
# judge the last T_OUT either way. Returns CHECK's result. A last resort (issue 19): a
# check a loaded machine cannot break comes first (a count on the wire, the tool's own
# report, a bound from below); judgements of speed belong in bench/.
t_measure_until() {
	local tries=$1 check=$2 i
	shift 2
	for ((i = 0; i < tries; i++)); do
		T_OUT=$("$@")
		"$check" && return 0
	done
	return 1
}

# t_in_range LO HI VALUE
# A condition, not a check: LO <= VALUE <= HI (numbers, floats allowed).
t_in_range() { awk -v lo="$1" -v hi="$2" -v v="$3" 'BEGIN { exit !(v + 0 >= lo + 0 && v + 0 <= hi + 0) }'; }

# t_cli_bad NAME RC STDERR CMD...
# CMD, run in the client of the current lab (lab.sh), exits RC with exactly the one
# line STDERR on standard error and nothing on standard output: three checks.
t_cli_bad() {
	local name=$1 want_rc=$2 want_err=$3 rc out err
	shift 3
	out=$(lab_exec c "$@" 2>"${TMPDIR:-/tmp}/t_cli_bad.$$" </dev/null)
	rc=$?
	err=$(cat "${TMPDIR:-/tmp}/t_cli_bad.$$")
	rm -f "${TMPDIR:-/tmp}/t_cli_bad.$$"
	t_assert_eq "$name: exit $want_rc" "$want_rc" "$rc"
	t_assert_eq "$name: one line on stderr" "$want_err" "$err"
	t_assert_eq "$name: nothing on stdout" "" "$out"
}

# t_summary
# Print "<script-name>: N passed, N failed"; return 1 if anything failed.
t_summary() {
	printf '%s: %d passed, %d failed\n' "$_T_SCRIPT" "$_T_PASSED" "$_T_FAILED"
	((_T_FAILED == 0))
}
