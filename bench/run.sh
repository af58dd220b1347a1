#!/usr/bin/env bash
# bench/run.sh BUILD — run every benchmark in bench/ (each prints its own table).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
status=0
for b in "$here"/*.sh; do
	[[ $(basename "$b") == run.sh ]] && continue
	echo "== $(basename "$b" .sh)"
	bash "$b" "${1:-build}" || status=1
done
exit $status
