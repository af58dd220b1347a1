#!/usr/bin/env bash
# hot_lists.sh BUILD -lLIB... — write build-aux/hot/TOOL.list for each tool: the functions
# its usual runs execute, traced under gdb (build-aux/hot_trace.py) in an 8-router lab
# with names (tests/lab/lab.sh; nothing leaves the lab's namespaces). `make hot-lists`
# runs it with the static libraries the tools link (-lLIB, as the Makefile names them).
#
# A list names netdx's functions one per line, and a static library's as the archive
# member that holds them (ARCHIVE:MEMBER: the Debian libraries are not built with one
# section per function). Constructors and destructors are left out: build-aux/hot_ld.sh
# places every .text.startup and .text.exit section anyway.
set -uo pipefail
export LC_ALL=C # sort and join agree on the order
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
build=${1:-}
if [[ -z $build || ! -x $build/bin/ping ]]; then
	echo "hot_lists.sh: usage: hot_lists.sh BUILD -lLIB... (after make)" >&2
	exit 2
fi
shift
[[ $(id -u) == 0 ]] || { echo "hot_lists.sh: needs root (lab namespaces)" >&2; exit 2; }
command -v gdb >/dev/null || { echo "hot_lists.sh: gdb missing: make deps" >&2; exit 2; }

tmp=$(mktemp -d)
. tests/lab/lab.sh
trap 'lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT
lab_up --routers 8 --dns >/dev/null || exit 1

# members: "FUNCTION ARCHIVE:MEMBER SECTION" for every function of the static libraries.
for lib in "$@"; do
	[[ $lib == -l* ]] || continue
	archive=$(${CC:-cc} -print-file-name="lib${lib#-l}.a")
	[[ -f $archive ]] || continue
	objdump -t "$archive" | awk -v a="${archive##*/}" '
		/^.*\.o: +file format/ { sub(/:.*/, ""); member = $0; next }
		$3 == "F" || $2 == "F" { print $NF, a ":" member, $(NF - 2) }'
done | sort -u -k1,1 >"$tmp/members"

# trace TOOL ARGS...: one run of TOOL under the tracer, appended to $tmp/TOOL.
trace() {
	local tool=$1
	shift
	HOT_OUT=$tmp/$tool lab_exec c gdb -q -batch -x build-aux/hot_trace.py \
		--args "$build/bin/$tool" "$@" >/dev/null 2>&1 ||
		{ echo "hot_lists.sh: tracing failed: $tool $*" >&2; exit 1; }
	[[ -s $tmp/$tool ]] || { echo "hot_lists.sh: nothing traced: $tool $*" >&2; exit 1; }
}

trace ping -c 1 "$LAB_TARGET4"
trace ping -q -c 1 127.0.0.1
trace traceroute -n "$LAB_TARGET4"
trace traceroute "$LAB_TARGET4"
trace mtr -r -c 1 -n "$LAB_TARGET4"
trace mtr -r -c 1 "$LAB_TARGET4"
trace pathping -n -q 2 -p 10 "$LAB_TARGET4"
trace nslookup t.lab.test
trace nslookup "$LAB_TARGET4"
trace tcpstate

mkdir -p build-aux/hot
for tool in ping traceroute mtr pathping nslookup tcpstate; do
	{
		echo "# $tool's hot functions: written by build-aux/hot_lists.sh (make hot-lists)."
		# the libraries': the archive member of each (not its constructors), which run
		# as a tool starts (libcap's, libnl's)
		awk '$1 == "lib" { print $2 }' "$tmp/$tool" | sort -u |
			join - "$tmp/members" | awk '$3 == ".text" { print $2 }' | sort -u
		# netdx's own, without the suffix of a compiler's clone (.isra.0, .part.0...), in
		# the order they first ran: the first run's code (the commonest) is then together
		awk '$1 == "src" { sub(/\..*/, "", $2); if (!seen[$2]++) print $2 }' "$tmp/$tool"
	} >"build-aux/hot/$tool.list"
	echo "build-aux/hot/$tool.list: $(grep -vc '^#' "build-aux/hot/$tool.list") entries"
done
