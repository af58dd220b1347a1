#!/usr/bin/env bash
# test_nslookup_d2.sh — -d2 / set d2 side by side with BIND 9.18's nslookup in the DNS
# lab. BIND's d2 adds, on standard error, a trace of its own functions (pointers and
# source lines of dighost.c) and changes nothing on standard output; ours adds, on
# standard error, every query sent and every answer read, whole: a "SendRequest(),
# len N" or "Got answer:" title, the header in words, then the four sections exactly
# as set debug prints them. So: standard output and exit status as BIND's -d2, and the
# sections of each answer as BIND's -debug prints them, byte for byte. Needs root.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/dns_lab.sh
dns_lab_test_up
NSL=$DNSLAB_NSLOOKUP
work=$(mktemp -d "${TMPDIR:-/tmp}/netdx-d2.XXXXXX")
trap 'rm -rf "$work"; [[ ${DNSLAB_REUSE:-0} == 1 ]] || dns_lab_down' EXIT
dns_lab_resolv rec

# nsl BIN NAME ARGS...: BIN's nslookup in the client namespace into $work/NAME.{out,err,rc}
nsl() {
	local bin=$1 name=$2
	shift 2
	dns_lab_exec timeout 60 "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null
	echo $? >"$work/$name.rc"
}

# blocks FILE: the sections of each "------------" block (its QUESTIONS: line to its
# end), blocks apart by a line "=="; with $mask_ttl, TTLs masked (a resolver's cache
# counts them down between two runs).
blocks() {
	awk '/^------------$/ { if (on) print "=="; on = 0; next }
	     /^    QUESTIONS:$/ { on = 1 } on' "$1" |
		if ((mask_ttl)); then sed -E 's/^\tttl = [0-9]+$/\tttl = <ttl>/'; else cat; fi
}

# titles FILE: each d2 block's title and header, the IDs masked.
titles() {
	awk 'prev == "------------" && /^(SendRequest|Got answer)/ { print; n = 4 }
	     n > 0 && !/^(SendRequest|Got answer)/ { print; n-- } { prev = $0 }' "$1" |
		sed -E 's/id = [0-9]+,/id = <id>,/'
}

i=0
while IFS= read -r args; do
	i=$((i + 1))
	read -r -a argv <<<"$args"
	mask_ttl=1
	[[ $args == *" 10.0.2.10" ]] && mask_ttl=0
	nsl /usr/bin/nslookup bind "-d2" "${argv[@]}"
	nsl "$NSL" ours "-d2" "${argv[@]}"
	nsl /usr/bin/nslookup bdebug "-debug" "${argv[@]}"
	t_assert_eq "$args: -d2 stdout and exit status as BIND's" \
		"$(cat "$work/bind.out" "$work/bind.rc")" "$(cat "$work/ours.out" "$work/ours.rc")"
	t_assert_eq "$args: each answer's sections as BIND's -debug prints them" \
		"$(blocks "$work/bdebug.out")" \
		"$(grep -A 100000 -m 1 '^Got answer:' "$work/ours.err" >/dev/null &&
			awk '/^SendRequest/ { skip = 1 } /^Got answer:/ { skip = 0 } !skip' "$work/ours.err" |
			blocks /dev/stdin)"
	sends=$(grep -c '^SendRequest(), len [0-9]*$' "$work/ours.err")
	answers=$(grep -c '^Got answer:$' "$work/ours.err")
	t_assert_eq "$args: queries shown, one per answer" "yes" \
		"$( ((sends > 0 && sends == answers)) && echo yes)"
	# the IDs: each answer's is its query's
	ids=$(awk '/^(SendRequest|Got answer)/ { t = substr($1, 1, 4) } /opcode = / { print t, $6 }' \
		"$work/ours.err" | tr -d , | awk '$1 == "Send" { q = $2 } $1 == "Got" { n++; bad += $2 != q }
		END { print n + 0, bad + 0 }')
	t_assert_eq "$args: every answer carries its query's ID" "$answers 0" "$ids"
	titles "$work/ours.err" >"$work/titles.$i"
done <<'EOF_CASES'
-type=mx t.test 10.0.2.10
www.t.test 10.0.2.10
-type=soa t.test 10.0.2.10
-type=txt esc.t.test
-type=axfr t.test 10.0.2.10
-norecurse -type=a a.t.test 10.0.2.10
EOF_CASES

t_assert_eq "the header of a query and of an answer in words" \
	"$(printf '%s\n' 'SendRequest(), len 24' '    HEADER:' \
		$'\topcode = QUERY, id = <id>, rcode = NOERROR' $'\theader flags:  query, want recursion' \
		$'\tquestions = 1,  answers = 0,  authority records = 0,  additional = 0' \
		'Got answer:' '    HEADER:' $'\topcode = QUERY, id = <id>, rcode = NOERROR' \
		$'\theader flags:  response, auth. answer, want recursion' \
		$'\tquestions = 1,  answers = 1,  authority records = 1,  additional = 2')" \
	"$(cat "$work/titles.1")"
t_assert_match "through a resolver: recursion available in words" \
	$'header flags:  response, want recursion, recursion avail\.' "$(cat "$work/titles.4")"
t_assert_match "-norecurse: a query without RD" $'header flags:  query\n' "$(cat "$work/titles.6")"

# set d2 interactively, then nod2: the trace stops
printf 'set d2\nwww.t.test\nset nod2\nt.test\n' >"$work/in"
dns_lab_exec timeout 60 "$NSL" - 10.0.2.10 <"$work/in" >"$work/int.out" 2>"$work/int.err"
t_assert_eq "set d2, then set nod2: the queries of the first lookup only (A, AAAA)" 2 \
	"$(grep -c '^SendRequest' "$work/int.err")"
t_summary
