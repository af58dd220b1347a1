#!/usr/bin/env bash
# test_traceroute_forge.sh — forged ICMP in the lab (tests/lab/forge_te.c, run in the
# target, whose own answers are dropped): time exceeded messages quoting probes we
# never sent (changed ports, checksums, sequence numbers, stamps) are ignored by every
# method — the hop stays "*" and the JSON counts them as foreign — and so are quotes cut
# inside the transport header (the kernel drops those before a UDP, TCP or datagram
# socket sees them; the raw ICMP socket of -I gets its copy and counts it foreign), while
# a genuine-looking one with an RFC 4950 MPLS label is taken, and -e prints the label as
# traceroute 2.x.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
tmp=$(mktemp -d)
trap 'tr_forger_stop; lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT

lab_up --routers 3 || exit 1
tr_quiet_target
forged=10.0.4.77
for mode in wire stamp truncated; do
	tr_forger_start "$tmp/forge.log" --from "$forged" --mode "$mode"
	for m in "" -I -T --raw; do
		json=$(lab_exec c "$TR" -n -m 5 -q 2 $m --json "$LAB_TARGET4")
		t_assert_eq "forged ($mode), ${m:-UDP}: hops 4 and 5 stay silent" "null null null null" \
			"$(jq -r '[.hops[3,4].probes[].addr] | map(tostring) | join(" ")' <<<"$json")"
		[[ $mode == truncated && $m != -I ]] && continue # the kernel dropped them
		t_assert_range "forged ($mode), ${m:-UDP}: counted as foreign" 4 100 \
			"$(jq -r '.counters.foreign' <<<"$json")"
	done
	out=$(lab_exec c "$TR" -n -m 5 "$LAB_TARGET4")
	t_assert_no_match "forged ($mode): the forger's address is never printed" "$forged" "$out"
	tr_forger_stop
	t_assert_range "forged ($mode): the forger did answer" 20 1000 "$(grep -c '^forged ttl=' "$tmp/forge.log")"
done

# Genuine-looking answers with an MPLS label: taken, and -e shows the label stack.
tr_forger_start "$tmp/forge.log" --from "$forged" --mode exact --label 4242 --only-ttl 1
for m in "" -I -T --raw; do
	out=$(tr_ours -n -e -m 4 $m "$LAB_TARGET4")
	t_assert_eq "MPLS, ${m:-UDP}: -e prints the label stack" \
		" 4  $forged <MPLS:L=4242,E=5,S=1,T=1>" "$(tail -n 1 <<<"$out")"
done
tr_golden "MPLS, -e" -n -e -m 4 "$LAB_TARGET4"
t_assert_eq "MPLS: without -e no label" " 4  $forged" "$(tr_ours -n -m 4 "$LAB_TARGET4" | tail -n 1)"
json=$(lab_exec c "$TR" -n -m 4 --json "$LAB_TARGET4")
t_assert_eq "MPLS: --json has the label" '[{"label":4242,"tc":5,"s":1,"ttl":1}]' \
	"$(jq -c '.hops[3].probes[0].mpls' <<<"$json")"
out=$(lab_exec c "$TR" -n -m 4 --explain "$LAB_TARGET4" | tr -s '\n ' '  ')
t_assert_match "MPLS: --explain names the tunnel" \
	"MPLS label stack \(RFC 4950: L=4242,E=5,S=1,T=1" "$out"
tr_forger_stop
lab_down

t_summary
