#!/usr/bin/env bash
# test_nslookup_xfr.sh — zone transfers beyond what the golden cases (xfr_*, int_xfr in
# tests/lab/golden/nslookup/cases, recorded from BIND 9.18) show: our -type=ixfr=SERIAL
# (BIND's nslookup has none; its -vc -type=ixfr asks from serial 0, run here side by
# side), the transport each transfer takes, and --json of whole, refused, broken and
# cut transfers. In the DNS lab (dns_lab.sh: nsd serves xfr.test, serial 7, 300 TXT
# records in two messages); needs root.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/dns_lab.sh
dns_lab_test_up
NSL=$DNSLAB_NSLOOKUP
work=$(mktemp -d "${TMPDIR:-/tmp}/netdx-xfr.XXXXXX")
trap 'rm -rf "$work"; [[ ${DNSLAB_REUSE:-0} == 1 ]] || dns_lab_down' EXIT
dns_lab_resolv rec

# run ARGS...: our nslookup in the client namespace; sets OUT, ERR, RC.
run() {
	dns_lab_exec timeout 60 "$NSL" "$@" >"$work/out" 2>"$work/err" </dev/null
	RC=$?
	OUT=$(cat "$work/out")
	ERR=$(cat "$work/err")
}

soa_block=$'xfr.test\n\torigin = ns.t.test\n\tmail addr = admin.t.test\n\tserial = 7
\trefresh = 3600\n\tretry = 600\n\texpire = 86400\n\tminimum = 300'
head=$'Server:\t\t10.0.2.10\nAddress:\t10.0.2.10#53\n'

# --- ixfr=SERIAL ------------------------------------------------------------------
for serial in 7 9; do
	run -type=ixfr=$serial xfr.test "$DNSLAB_AUTH4"
	t_assert_eq "ixfr=$serial (not older than the zone's 7): the one SOA, exit 0" \
		"0|$head"$'\n'"$soa_block" "$RC|$OUT"
done
dns_lab_exec timeout 60 /usr/bin/nslookup -vc -type=ixfr xfr.test "$DNSLAB_AUTH4" \
	>"$work/bind" 2>&1 </dev/null
t_assert_eq "BIND's -vc -type=ixfr (from serial 0) is the whole zone" "324" "$(wc -l <"$work/bind")"
for serial in 0 6; do
	run -type=ixfr=$serial xfr.test "$DNSLAB_AUTH4"
	t_assert_eq "ixfr=$serial: the whole zone, byte for byte BIND's -vc -type=ixfr" \
		"0|$(cat "$work/bind")|" "$RC|$OUT|$ERR"
done
printf 'set type=ixfr=7\nxfr.test\nset all\n' >"$work/in"
dns_lab_exec timeout 60 "$NSL" - "$DNSLAB_AUTH4" <"$work/in" >"$work/out" 2>&1
t_assert_match "interactive set type=ixfr=7: the one SOA" "$head"$'\n'"$soa_block"$'\n'"Default server" \
	"$(cat "$work/out")"
t_assert_match "set all shows the type as typed" "querytype = ixfr=7 " "$(cat "$work/out")"

# --- the transport: AXFR and ixfr=N over TCP, -type=ixfr over UDP as BIND's --------
log=$DNSLAB_DIR/fake-refused.log
for args in "-type=axfr" "-type=ixfr=3" "-type=ixfr"; do
	: >"$log"
	run $args xfr.test "$DNSLAB_REFUSED4"
	want=tcp
	[[ $args == -type=ixfr ]] && want=udp
	t_assert_match "$args asks over $want" "^query [0-9]+ xfr\.test\. [AI]XFR $want " "$(cat "$log")"
done

# --- --json --------------------------------------------------------------------------
jl() { jq -c "$1" <<<"$OUT"; }
run --json -type=axfr xfr.test "$DNSLAB_AUTH4"
t_assert_eq "json: a transfer of two messages is two lookups, 303 records, exit 0" \
	'[[{"message":1,"state":"more"},{"message":2,"state":"done"}],303,0]' \
	"$(jl '[[.lookups[].transfer], ([.lookups[].message.answer | length] | add), .exit_code]')"
t_assert_eq "json: both messages over TCP, the first with the question" '[["tcp","tcp"],[1,0]]' \
	"$(jl '[[.lookups[].transport], [.lookups[].message.question | length]]')"
run --json -type=axfr sec.test "$DNSLAB_AUTH4"
t_assert_eq "json: a refused transfer" '[{"message":1,"state":"failed"},"REFUSED",1]' \
	"$(jl '[.lookups[0].transfer, .lookups[0].message.rcode, .exit_code]')"
run --json -type=axfr xfr.test "$DNSLAB_XFRNOSOA4"
t_assert_eq "json: a transfer without the SOA first" '[{"message":1,"state":"nosoa"},5]' \
	"$(jl '[.lookups[0].transfer, (.lookups[0].message.answer | length)]')"
run --json -retry=1 -type=axfr xfr.test "$DNSLAB_XFRCUT4"
t_assert_eq "json: a transfer cut short: its part, then the error (exit 0 as BIND's text)" \
	'[{"message":1,"state":"more"},null,["communications error to 10.0.2.42#53: end of file","no servers could be reached"],0]' \
	"$(jl '[.lookups[0].transfer, .lookups[1].message, .lookups[1].warnings, .exit_code]')"
t_assert_eq "json: nothing on stderr" "" "$ERR"
dns_lab_resolv rec
t_summary
