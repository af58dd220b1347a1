#!/usr/bin/env bash
# test_multipath_source.sh — probes built whole in user space (TCP SYNs of -T, UDP of
# --raw) carry a checksum over the source address, so they must leave with the source
# they were summed for. Here the client itself has a multipath route (--ecmp 1: two
# first routers, one link and one address of the client each, hashed on L4): the kernel
# may send a raw probe out of the other link, from the other address, than a UDP socket
# connected to the target names. Seen in the differential tests (seeds 62, 238, 443):
# traceroute -T reached no target, the routers answering (they check no TCP checksum),
# the target dropping every SYN. Checked: -T and --raw traceroute reach the target at
# hop 4 in 10 runs in a row, v4 and v6, and mtr -T's last row is the target, no loss.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
trap 'lab_down >/dev/null 2>&1' EXIT

RUNS=10
MTR="$LAB_BIN/mtr"

# reach_runs NAME FAM ARGS...: RUNS runs of traceroute -n ARGS each end at the target,
# at hop 4, all three probes answered.
reach_runs() {
	local name=$1 fam=$2 target got i last
	shift 2
	target=$([[ $fam == 4 ]] && echo "$LAB_TARGET4" || echo "$LAB_TARGET6")
	for ((i = 1; i <= RUNS; i++)); do
		got=$(lab_exec c "$TR" -n -w 2,0,0 "$@" "$target" 2>&1 | tr_norm)
		last=$(tail -n 1 <<<"$got")
		[[ $last == " 4  $target" ]] || break
	done
	if ((i > RUNS)); then
		t_pass "$name: $RUNS runs in a row reach $target at hop 4"
	else
		t_fail "$name: $RUNS runs in a row reach $target at hop 4" \
			"run $i printed '$(_t_show "$(tail -n 3 <<<"$got")")'"
	fi
}

lab_up --routers 3 --ecmp 1 --dns || exit 1
for fam in 4 6; do
	reach_runs "-T -p 53, v$fam" "$fam" "-$fam" -T -p 53
	reach_runs "--raw, v$fam" "$fam" "-$fam" --raw
	reach_runs "-T -p 53 --no-paris, v$fam" "$fam" "-$fam" -T -p 53 --no-paris
done
for fam in 4 6; do
	target=$([[ $fam == 4 ]] && echo "$LAB_TARGET4" || echo "$LAB_TARGET6")
	out=$(lab_exec c "$MTR" -n -r -c 3 -i 0.1 -T -P 53 "-$fam" "$target" 2>&1)
	t_assert_match "mtr -T -P 53, v$fam: the last row is the target, nothing lost" \
		"\|-- $target +0\.0%" "$(grep -E '^ *[0-9]+\.\|-- ' <<<"$out" | tail -n 1)"
done
t_summary
