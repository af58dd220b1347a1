#!/usr/bin/env bash
# test_house_rules.sh — the house rules of docs/DESIGN.md (Conventions) that a machine can
# judge: every C file is formatted as .clang-format says (clang-format 14, Debian 12's;
# `make format-check` runs the same check alone), and no function of the product code is
# over 60 lines. Each rule is also run on a file broken on purpose, so a check that
# stopped seeing violations fails too.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
. tests/lab/lib.sh

MAX_FUNCTION_LINES=60
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# misformatted FILE...: the files clang-format would change.
misformatted() {
	local f
	for f in "$@"; do
		clang-format --style=file:"$top/.clang-format" --dry-run -Werror "$f" \
			>/dev/null 2>&1 || echo "$f"
	done
}

# long_functions FILE...: "FILE:LINE NAME (N lines)" for each function whose body, from
# its opening brace to its closing one at the start of a line, is over the limit.
long_functions() {
	awk -v max="$MAX_FUNCTION_LINES" '
		FNR == 1 { open = 0 }
		/^\{/ { open = FNR; name = prev }
		/^\}/ && open { n = FNR - open - 1
			if (n > max) printf "%s:%d %s (%d lines)\n", FILENAME, open, name, n
			open = 0 }
		{ prev = $0 }' "$@"
}

if ! command -v clang-format >/dev/null; then
	t_fail "clang-format is installed (make deps)" "not found"
	t_summary
	exit
fi
mapfile -t sources < <(git ls-files '*.c' '*.h')
t_assert_eq "every .c and .h file is formatted as .clang-format says (make format-check)" \
	"" "$(misformatted "${sources[@]}")"

mapfile -t product < <(git ls-files '*.c' | grep -v '^tests/')
t_assert_eq "no function of the product code is over $MAX_FUNCTION_LINES lines" \
	"" "$(long_functions "${product[@]}")"

# The checks on files broken on purpose: an indent of spaces, and a function one line
# too long.
cp common/core/status.c "$scratch/spaces.c"
sed -i -E 's/^\t/    /' "$scratch/spaces.c"
t_assert_eq "the format check sees a file indented with spaces" \
	"$scratch/spaces.c" "$(misformatted "$scratch/spaces.c")"
{
	echo "void long_one(void)"
	echo "{"
	for ((i = 0; i <= MAX_FUNCTION_LINES; i++)); do echo "	step($i);"; done
	echo "}"
} >"$scratch/long.c"
t_assert_match "the length check sees a function of $((MAX_FUNCTION_LINES + 1)) lines" \
	"long\.c:2 void long_one\(void\) \($((MAX_FUNCTION_LINES + 1)) lines\)" \
	"$(long_functions "$scratch/long.c")"
t_summary
