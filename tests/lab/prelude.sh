#!/usr/bin/env bash
# prelude.sh — the opening of a lab or CLI test script (tests/lab/test_*.sh,
# tests/cli/test_*.sh), sourced as its first line:
#     . "$(dirname "$0")/../lab/prelude.sh"
# Strict mode (no -e: a failed check must not end the script), the repository root as
# working directory and in $top, the assertions (lib.sh) and the lab (lab.sh: lab_up,
# lab_exec, LAB_BUILD, LAB_BIN).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
top=$PWD
. tests/lab/lib.sh
. tests/lab/lab.sh
