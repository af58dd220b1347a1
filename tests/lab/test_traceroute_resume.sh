#!/usr/bin/env bash
# test_traceroute_resume.sh — --mtu ends with tracepath's summary ("     Resume: pmtu N
# hops N back N ", after "     Too many hops: pmtu N" when the destination did not
# answer): the same lines tracepath prints on the same lab path (a 1400-byte link, a
# clean path, a trace cut short by -m), IPv4 and IPv6, UDP and ICMP; --json's pmtu and
# back; no summary without --mtu.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
tmp=$(mktemp -d)
trap 'lab_down >/dev/null 2>&1; rm -rf "$tmp"' EXIT

# resume ARGS...: the summary lines of our traceroute --mtu -n ARGS... in the client.
resume() { lab_exec c "$TR" --mtu -n "$@" 2>&1 | grep -E '^     (Resume|Too many hops): '; }

# tracepath_resume ARGS...: tracepath -n ARGS...'s summary lines.
tracepath_resume() { lab_exec c tracepath -n "$@" 2>&1 | grep -E '^     (Resume|Too many hops): '; }

# same_resume NAME WANT OURS_ARGS -- TRACEPATH_ARGS: both summaries are WANT.
same_resume() {
	local name=$1 want=$2 ours=() ref=() seen=0 a
	shift 2
	for a in "$@"; do
		if [[ $a == -- ]]; then seen=1; elif ((seen)); then ref+=("$a"); else ours+=("$a"); fi
	done
	t_assert_eq "$name: tracepath's summary" "$want" "$(tracepath_resume "${ref[@]}")"
	t_assert_eq "$name: ours is the same" "$want" "$(resume "${ours[@]}")"
}

lab_up --routers 4 --mtu 3:1400 || exit 1
# first, while no path MTU is cached: a trace cut short before the 1400-byte link
# knows only the interface's (tracepath would print a cached 1400)
same_resume "-m 2: not reached" "$(printf '     Too many hops: pmtu 1500\n     Resume: pmtu 1500 ')" \
	-m 2 "$LAB_TARGET4" -- -m 2 "$LAB_TARGET4"
same_resume "1400-byte link" "     Resume: pmtu 1400 hops 5 back 5 " \
	"$LAB_TARGET4" -- "$LAB_TARGET4"
same_resume "1400-byte link, ICMP" "     Resume: pmtu 1400 hops 5 back 5 " \
	-I "$LAB_TARGET4" -- "$LAB_TARGET4"
same_resume "1400-byte link, IPv6" "     Resume: pmtu 1400 hops 5 back 5 " \
	-6 "$LAB_TARGET6" -- -6 "$LAB_TARGET6"
same_resume "-m 4: not reached, after the 1400-byte link" \
	"$(printf '     Too many hops: pmtu 1400\n     Resume: pmtu 1400 ')" \
	-m 4 "$LAB_TARGET4" -- -m 4 "$LAB_TARGET4"
t_assert_eq "the summary comes last" "     Resume: pmtu 1400 hops 5 back 5 " \
	"$(lab_exec c "$TR" --mtu -n "$LAB_TARGET4" | tail -n 1)"
t_assert_eq "no summary without --mtu" "" \
	"$(lab_exec c "$TR" -n "$LAB_TARGET4" | grep -E 'Resume|Too many hops')"
lab_exec c "$TR" --json --mtu -n "$LAB_TARGET4" >"$tmp/doc.json"
t_assert_eq "--json: pmtu and back" '{"pmtu":1400,"back":5}' "$(jq -c '{pmtu, back}' "$tmp/doc.json")"
t_assert_eq "--json without --mtu: null" '{"pmtu":null,"back":null}' \
	"$(lab_exec c "$TR" --json -n -q 1 "$LAB_TARGET4" | jq -c '{pmtu, back}')"
lab_down

t_summary
