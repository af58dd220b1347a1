#!/usr/bin/env bash
# test_tcpstate_cli.sh — tcpstate's command line without a lab: every bad option, state,
# filter and namespace is one line on stderr, nothing on stdout, exit 2; --help,
# --version, the empty census of a fresh namespace (text, JSON, netstat's layout),
# --watch's lines, --explain and --errno, and the man page. Runs itself inside a
# throw-away namespace (tests/netns_run.sh: loopback only, resolv.conf -> 127.0.0.1).
. "$(dirname "$0")/netns_prelude.sh"
ts="$build/bin/tcpstate"

states="not a TCP state (ss's close-wait or netstat's CLOSE_WAIT; see tcpstate --help)"
bad "unknown state" "tcpstate: invalid state 'foo': $states" "$ts" -s foo
bad "unknown state after a good one" "tcpstate: invalid state 'CLOSE-WAIT2': $states" \
	"$ts" -s close-wait -s CLOSE-WAIT2
bad "empty state" "tcpstate: invalid state '': $states" "$ts" --state ''
bad "--sport 65536" "tcpstate: invalid sport '65536': too large (maximum 65535)" "$ts" --sport 65536
bad "--sport x" "tcpstate: invalid sport 'x': not a number" "$ts" --sport x
bad "--dport -1" "tcpstate: invalid dport '-1': too small (minimum 0)" "$ts" --dport -1
bad "--src not an address" "tcpstate: invalid src '10.0.0.300': not an address" \
	"$ts" --src 10.0.0.300
bad "--dst prefix too long" "tcpstate: invalid dst '10.0.0.0/33': prefix length out of range" \
	"$ts" --dst 10.0.0.0/33
bad "--dst a name" "tcpstate: invalid dst 'localhost': not an address" "$ts" --dst localhost
bad "-p 0" "tcpstate: invalid pid '0': too small (minimum 1)" "$ts" -p 0
long=a-name-of-16-byte
bad "-p a long name" \
	"tcpstate: invalid process name '$long': want 1 to 15 bytes, as in /proc/PID/comm" \
	"$ts" -p "$long"
bad "-4 and -6" "tcpstate: only one -4 or -6 option may be specified" "$ts" -4 -6
bad "-e without --list" "tcpstate: option -e goes with --list" "$ts" -e
bad "--no-owners with -p" \
	"tcpstate: option --no-owners does not go with -e or -p (they need the processes)" \
	"$ts" --no-owners -p 1
bad "--no-owners with --list -e" \
	"tcpstate: option --no-owners does not go with -e or -p (they need the processes)" \
	"$ts" --list -e --no-owners
bad "--list with --json" "tcpstate: options --list and --json do not go together" \
	"$ts" --list --json
bad "an argument" "tcpstate: unexpected argument 'foo' (see tcpstate --help)" "$ts" foo
bad "unknown option" "tcpstate: unrecognized option '--bogus'" "$ts" --bogus
bad "option without its value" "tcpstate: option requires an argument -- 's'" "$ts" -s
bad "--top 0" "tcpstate: invalid top '0': too small (minimum 1)" "$ts" --top 0
bad "--close-wait-min 0" "tcpstate: invalid close-wait-min '0': too small (minimum 1)" \
	"$ts" --close-wait-min 0
bad "--time-wait-pct 101" "tcpstate: invalid time-wait-pct '101': too large (maximum 100)" \
	"$ts" --time-wait-pct 101
bad "--idle-min 0" "tcpstate: invalid idle-min '0': too small (minimum 1)" "$ts" --idle-min 0
bad "--syn-sent-min x" "tcpstate: invalid syn-sent-min 'x': not a number" "$ts" --syn-sent-min x
bad "--netns missing" \
	"tcpstate: --netns ndx-none-$$: no such network namespace (see ip netns list)" \
	"$ts" --netns "ndx-none-$$"
bad "--netns with a path" "tcpstate: --netns ../x: not a namespace name" "$ts" --netns ../x
bad "--netns not a namespace" "tcpstate: --netns .: not a namespace name" "$ts" --netns .

bad "--watch 0" "tcpstate: invalid watch '0': too small (minimum 100ms)" "$ts" --watch 0
bad "--watch x" "tcpstate: invalid watch 'x': not a number" "$ts" --watch x
bad "--count without --watch" "tcpstate: option --count goes with --watch" "$ts" --count 2
bad "--count 0" "tcpstate: invalid count '0': too small (minimum 1)" "$ts" --watch 1 --count 0
bad "--watch with --list" "tcpstate: options --watch and --list do not go together" \
	"$ts" --watch 1 --list

bad "--openmetrics with --json" "tcpstate: options --json and --openmetrics do not go together" \
	"$ts" --openmetrics --json
bad "--prometheus with --list" "tcpstate: options --list and --prometheus do not go together" \
	"$ts" --list --prometheus
bad "--openmetrics with --prometheus" \
	"tcpstate: options --openmetrics and --prometheus do not go together" \
	"$ts" --openmetrics --prometheus
bad "--watch with --prometheus" \
	"tcpstate: options --watch and --prometheus do not go together: one exposition per run (run tcpstate from a timer, see tcpstate(8))" \
	"$ts" --watch 1 --prometheus
# an empty namespace's exposition, in both dialects, as Prometheus' parsers read it
for kind in om text; do
	flag=--openmetrics
	[[ $kind == text ]] && flag=--prometheus
	got=$("$ts" $flag | /usr/bin/python3 tests/lab/metrics_check.py $kind 2>&1)
	t_assert_eq "$flag: an empty census, read by the parser: 22 state series, all 0" \
		"22 0" "$(grep -c '^netdx_tcp_sockets{' <<<"$got") $(grep '^netdx_tcp_sockets{' <<<"$got" |
			awk '{ s += $2 } END { print s }')"
	t_assert_eq "$flag: no finding fires" "11 0" \
		"$(grep -c '^netdx_tcp_finding{' <<<"$got") $(grep '^netdx_tcp_finding{' <<<"$got" |
			awk '{ s += $2 } END { print s }')"
done

# The teaching mode: bad input, then what it says.
bad "--explain a group" \
	"tcpstate: invalid state 'connected': --explain takes one state, not a group" \
	"$ts" --explain=connected
bad "--explain no state" "tcpstate: invalid state 'bogus': $states" "$ts" --explain bogus
bad "--explain two states" "tcpstate: unexpected argument 'b' (see tcpstate --help)" \
	"$ts" --explain listen b
bad "--errno not one of them" \
	"tcpstate: invalid errno '5': not one tcpstate explains (see tcpstate --explain)" \
	"$ts" --errno 5
bad "--errno a name it lacks" \
	"tcpstate: invalid errno 'EFOO': not one tcpstate explains (see tcpstate --explain)" \
	"$ts" --errno EFOO
bad "--explain with --errno" "tcpstate: options --explain and --errno do not go together" \
	"$ts" --explain --errno 111
out=$("$ts" --explain)
t_assert_eq "--explain: exit 0" 0 "$?"
for st in LISTEN SYN_SENT SYN_RECV ESTABLISHED FIN_WAIT1 FIN_WAIT2 CLOSE_WAIT CLOSING \
	LAST_ACK TIME_WAIT; do
	t_assert_match "--explain: $st has its block" $'\n'"$st \\(" "$out"
done
for e in "ECONNREFUSED +111" "ETIMEDOUT +110" "EADDRNOTAVAIL +99" "ENETUNREACH +101" \
	"EINPROGRESS +115" "EINVAL +22"; do
	t_assert_match "--explain: lists $e" "$e" "$out"
done
t_assert_match "--explain: the diagram" "FIN_WAIT1 --ACK--> FIN_WAIT2" "$out"
one=$("$ts" --explain close-wait)
t_assert_match "--explain close-wait: its block only" \
	"^CLOSE_WAIT \(the side that was closed on\)" "$one"
t_assert_eq "--explain STATE and --explain=STATE agree" "$one" "$("$ts" --explain=CLOSE_WAIT)"
t_assert_eq "--explain close-wait: 4 lines" 4 "$(wc -l <<<"$one")"
t_assert_match "--explain tcp_tw_recycle: TIME_WAIT's block, the truth" \
	"^TIME_WAIT .*removed in Linux 4\.12" "$("$ts" --explain tcp_tw_recycle | tr '\n' ' ')"
t_assert_match "--errno 111" \
	"^ECONNREFUSED \(111\): Connection refused"$'\n'"  connect\(\): the peer" \
	"$("$ts" --errno 111)"
t_assert_eq "--errno by name, any case" "$("$ts" --errno 111)" "$("$ts" --errno econnrefused)"
t_assert_match "--errno 99: the port range" "^EADDRNOTAVAIL \(99\).*ip_local_port_range" \
	"$("$ts" --errno 99 | tr '\n' ' ')"

# --netns without CAP_SYS_ADMIN (as nobody, into a namespace that exists).
ns=ndxts$$
ip netns add "$ns"
out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
	"$ts" --netns "$ns" 2>&1)
rc=$?
ip netns del "$ns"
t_assert_eq "--netns as nobody: exit 2" 2 "$rc"
t_assert_eq "--netns as nobody: says what it needs" \
	"tcpstate: --netns $ns: entering a network namespace needs root or CAP_SYS_ADMIN" "$out"

# --watch, bounded by --count: a plain line per pass (stdout is no terminal), the first
# without changes; with --json one compact document per pass.
out=$(timeout 10 "$ts" --watch 100ms --count 3)
t_assert_eq "--watch --count 3: exit 0" 0 "$?"
t_assert_eq "--watch --count 3: three lines" 3 "$(wc -l <<<"$out")"
t_assert_match "--watch: the first line" "^pass 1 total 0 opened \? closed \? findings none"$'\n' \
	"$out"
later="pass 3 total 0 opened 0\.0/s closed 0\.0/s ListenOverflows \+0 ListenDrops \+0"
t_assert_match "--watch: later lines with rates and listen drops" \
	$'\n'"$later findings none$" "$out"
out=$(timeout 10 "$ts" --watch 0.1 --count 2 --json)
t_assert_eq "--watch --json: one document per pass" "1 2" \
	"$(jq -r '.watch.pass' <<<"$out" | xargs)"
t_assert_eq "--watch --json: changes from the second pass" "null 0" \
	"$(jq -r '.watch.changes.ESTABLISHED' <<<"$out" | xargs)"

# On a terminal (script(1) gives it one): the screen cleared and redrawn each pass, a
# heading with the rates, a Change column.
out=$(timeout 10 script -qec "$ts --watch 0.1 --count 2" /dev/null | tr -d '\r')
t_assert_eq "--watch on a terminal: cleared each pass" 2 "$(grep -c $'\e\[H\e\[2J' <<<"$out")"
t_assert_match "--watch on a terminal: the heading" \
	"Every 0\.1s, pass 2: opened 0\.0/s, closed 0\.0/s, ListenOverflows \+0, ListenDrops \+0" \
	"$out"
t_assert_match "--watch on a terminal: the Change column" \
	"State +IPv4 +IPv6 +Total +Change"$'\n'"LISTEN +0 +0 +0 +0" "$out"

# --help, --version.
help=$("$ts" --help)
t_assert_eq "--help: exit 0" 0 "$?"
t_assert_eq "-h is --help" "$help" "$("$ts" -h)"
opts=(-4 -6 -s --state --sport --dport --src --dst -p --process --netns -j --json -l --list
	-e --extend --top --close-wait-min --syn-recv-min --time-wait-pct --syn-sent-min
	--fin-wait-min --last-ack-min --idle-min --watch --count --explain --errno --help
	--version)
for o in "${opts[@]}"; do
	t_assert_match "--help lists $o" "(^|[[:space:],])$o([[:space:],]|$)" "$help"
done
t_assert_match "--help states the exit status" "Exit status: 0" "$help"
t_assert_eq "--version" "tcpstate (netdx) $(sed -n 's/^VERSION *:= *//p' Makefile)" \
	"$("$ts" --version)"
t_assert_eq "-V is --version" "$("$ts" --version)" "$("$ts" -V)"

# A fresh namespace has no TCP socket: an empty census, no finding, exit 0.
out=$("$ts" 2>"$tmp/err")
t_assert_eq "empty census: exit 0" 0 "$?"
t_assert_eq "empty census: nothing on stderr" "" "$(cat "$tmp/err")"
t_assert_match "empty census: no sockets" "^TCP sockets: 0 \(IPv4 0, IPv6 0\)" "$out"
t_assert_match "empty census: no finding" "Findings: none" "$out"
json=$("$ts" --json)
t_assert_eq "--json: total 0, no findings, no listeners" "0 0 0" \
	"$(jq -r '[.total, (.findings | length), (.listeners | length)] | join(" ")' <<<"$json")"
all="LISTEN SYN_SENT SYN_RECV ESTABLISHED FIN_WAIT1 FIN_WAIT2 CLOSE_WAIT CLOSING LAST_ACK"
t_assert_eq "--json: every state" "$all TIME_WAIT CLOSE" \
	"$(jq -r '.states | keys_unsorted | join(" ")' <<<"$json")"
t_assert_eq "--list: netstat -nat's header" "$(netstat -nat)" "$("$ts" --list)"
t_assert_eq "--list -e: netstat -natep's header" "$(netstat -natep 2>/dev/null)" \
	"$("$ts" --list -e)"

# The man page: renders without warnings and documents every option and section.
warn=$(groff -man -ww -z man/tcpstate.8 2>&1)
t_assert_eq "man/tcpstate.8 renders without warnings" "" "$warn"
page=$(LC_ALL=C MANWIDTH=100 man -l man/tcpstate.8 2>/dev/null | col -b)
for o in "${opts[@]}" -h -V; do
	t_assert_match "man page documents $o" "(^|[[:space:],])$o([[:space:],]|$)" "$page"
done
for section in "EXIT STATUS" "JSON" "OUTPUT" "FINDINGS" "PRIVILEGES" "PERFORMANCE" "NOT IMPLEMENTED YET"; do
	t_assert_match "man page has $section" "$section" "$page"
done

t_summary
