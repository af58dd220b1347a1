# bench/lib.sh — what the DNS benchmarks share (sourced after `cd "$top"`): the build
# under test, root, the peer tools, and the DNS lab (tests/lab/dns_lab.sh) up for the
# length of the run with its recursive resolver in the client's resolv.conf.

# bench_setup NAME BUILD TOOL...
# NETDX_BUILD and $build from BUILD (default build; relative to the top of the tree);
# exit 2 unless root and every TOOL is installed. NAME heads the error lines.
bench_setup() {
	local tool
	bench_name=$1
	build=${2:-build}
	shift 2
	[[ $build == /* ]] || build="$top/$build"
	export NETDX_BUILD=$build
	[[ $(id -u) == 0 ]] || { echo "$bench_name: needs root (namespaces)" >&2; exit 2; }
	for tool in "$@"; do
		command -v "$tool" >/dev/null ||
			{ echo "$bench_name: $tool missing: make deps test-deps" >&2; exit 2; }
	done
	. tests/lab/lib.sh
	. tests/lab/lab.sh
	. tests/lab/dns_lab.sh
}

# bench_dns_lab_up
# The DNS lab, the client asking its recursive resolver; exit 1 when it does not come up.
bench_dns_lab_up() {
	dns_lab_up >/dev/null || { echo "$bench_name: the DNS lab did not come up" >&2; exit 1; }
	dns_lab_resolv rec
}
