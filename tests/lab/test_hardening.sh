#!/usr/bin/env bash
# test_hardening.sh — what every binary promises once it runs, checked from outside:
# no capability left, no_new_privs and the seccomp filter on (read from
# /proc/PID/status while each tool is at work); many tools at once against one
# target never take each other's replies; a closed pipe and signals end them cleanly.
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
tmp=$(mktemp -d)
cleanup() { lab_down >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT

lab_up --routers 3 --dns || exit 1

# tool_pid EXE: the PID of the program EXE (a path, or one of our binaries' names)
# running in the client namespace.
tool_pid() {
	local p exe=$1
	[[ $exe == /* ]] || exe="$b/$exe"
	for p in $(ip netns pids "$LAB_NS_CLIENT"); do
		[[ $(readlink "/proc/$p/exe" 2>/dev/null) == "$exe" ]] && { echo "$p"; return 0; }
	done
	return 1
}

# lines_at_least FILE N: FILE has N lines (the tool is past its setup and at work).
lines_at_least() { (($(wc -l <"$1") >= $2)); }

# check_locked NAME LOG LINES CMD...: start CMD (our binary NAME, or the path of a copy)
# in the client, wait until its output has LINES lines, then read its status.
check_locked() {
	local name=$1 log=$2 lines=$3 pid status
	shift 3
	lab_exec c "$@" >"$log" 2>&1 &
	local bg=$!
	if t_wait_for 10 lines_at_least "$log" "$lines" && pid=$(tool_pid "$name"); then
		status=$(grep -E '^(CapEff|CapPrm|NoNewPrivs|Seccomp):' "/proc/$pid/status" | tr -s '\t' ' ' | tr '\n' ' ')
	else
		status="not running: $(head -c 300 "$log")"
	fi
	kill -INT "$bg" 2>/dev/null
	[[ -n ${pid:-} ]] && kill -TERM "$pid" 2>/dev/null
	wait "$bg" 2>/dev/null
	t_assert_eq "${label:-$name} at work: no capability, no_new_privs, seccomp filter" \
		"CapPrm: 0000000000000000 CapEff: 0000000000000000 NoNewPrivs: 1 Seccomp: 2 " "$status"
}

check_locked ping "$tmp/ping.log" 3 "$b/ping" -c 100 -i 0.05 "$LAB_TARGET4"
check_locked traceroute "$tmp/tr.log" 2 "$b/traceroute" -n -N 1 -z 0.3 "$LAB_TARGET4"
check_locked mtr "$tmp/mtr.log" 10 "$b/mtr" --raw -n -c 100 -i 0.05 "$LAB_TARGET4"
check_locked pathping "$tmp/pp.log" 8 "$b/pathping" -n -q 100 -p 50 "$LAB_TARGET4"
mkfifo "$tmp/nsl.in"
# nsl_feed: nslookup's input, one name and then nothing more for 30 s (holder: the
# writer keeping the fifo open, so nslookup waits at its prompt). NSL_LINES of output
# ("Name:" of the answer) come only once nslookup is locked down, the first thing it
# does: a wait for fewer (a line of its own) would race its start.
NSL_LINES=5
nsl_feed() {
	(echo t.lab.test; exec sleep 30) >"$tmp/nsl.in" &
	holder=$!
}
nsl_feed
check_locked nslookup "$tmp/nsl.log" "$NSL_LINES" bash -c "exec $b/nslookup <$tmp/nsl.in"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
# tcpstate is caught at work with its --list blocked on a full pipe: 1500 TIME_WAIT
# sockets (gone after 60 s) make ~150 KB of lines, past what the pipe holds.
lab_exec c python3 tests/lab/tcp_hold.py churn 7100 1500
ts_blocked="exec $b/tcpstate --list | { head -n 3; exec sleep 5; }"
check_locked tcpstate "$tmp/ts.log" 3 bash -c "$ts_blocked"
label="tcpstate --watch" check_locked tcpstate "$tmp/ts.log" 2 "$b/tcpstate" --watch 0.2 --count 100

# --- each tool's own sandbox, per mode: a call outside its list is refused, the same
# call allowed where that tool needs it. seccomp_try replays the filter a tool at work
# runs under (read with ptrace) and makes each call under it ----------------------------
CALLS="socket-inet socket-netlink socket-unix open-read open-write ioctl-tiocsti execve"

# filter_verdicts NAME LOG LINES CMD...: start CMD (our binary NAME) in the client; once
# its output has LINES lines, what its filter says of each of CALLS, in order.
filter_verdicts() {
	local name=$1 log=$2 lines=$3 pid out=""
	shift 3
	lab_exec c "$@" >"$log" 2>&1 &
	local bg=$!
	if t_wait_for 10 lines_at_least "$log" "$lines" && pid=$(tool_pid "$name"); then
		out=$("$LAB_BUILD/tests/seccomp_try" "$pid" $CALLS 2>&1 | awk '{ print $2 }' | xargs)
	fi
	kill -INT "$bg" 2>/dev/null
	[[ -n ${pid:-} ]] && kill -TERM "$pid" 2>/dev/null
	wait "$bg" 2>/dev/null
	echo "${out:-not running: $(head -c 300 "$log")}"
}

# verdicts NEED...: what CALLS should meet under a profile of these needs (inet, route,
# files); nothing else is ever allowed. A sanitizer build reads files whatever the
# profile (LeakSanitizer reads /proc at exit).
verdicts() {
	local need=" $* " v=()
	lab_build_sanitized && need+=" files "
	[[ $need == *" inet "* ]] && v+=(allowed) || v+=(refused)
	[[ $need == *" route "* ]] && v+=(allowed) || v+=(refused)
	v+=(refused)
	[[ $need == *" files "* ]] && v+=(allowed) || v+=(refused)
	echo "${v[*]} refused refused refused"
}

# check_profile LABEL NEEDS NAME LINES CMD...: CMD's filter at work is the profile NEEDS.
check_profile() {
	local label=$1 needs=$2 name=$3 lines=$4
	shift 4
	t_assert_eq "sandbox of $label: $CALLS" "$(verdicts $needs)" \
		"$(filter_verdicts "$name" "$tmp/profile.log" "$lines" "$@")"
}

check_profile "ping -n" "" ping 3 "$b/ping" -n -c 100 -i 0.05 t.lab.test
check_profile "ping NAME (reply names: DNS sockets, the hosts file read before)" "inet" ping 3 \
	"$b/ping" -c 100 -i 0.05 t.lab.test
check_profile "ping -M do (a refused probe's MTU from the route)" "route" ping 3 \
	"$b/ping" -n -M do -s 2000 -c 100 -i 0.05 "$LAB_TARGET4"
check_profile "ping, a sweep" "" ping 3 "$b/ping" -c 100 -i 0.05 "$LAB_TARGET4" "$LAB_HOP4_1"
# ping as an exporter: the wrapper prints three lines once ping's textfile shows a probe
# counted (a write of a cycle, after the lockdown), then waits for it. Its profile is
# ping -n's: accepting on its socket and writing through its directory are all it adds,
# and neither shows in these calls (open-write opens a path: refused).
exporter_cmd() {
	echo "$b/ping --serve 127.0.0.1:9399 --textfile $tmp/$1 -i 0.05 -c 200 $LAB_TARGET4 &
	for i in \$(seq 100); do grep -q '^smokeping_requests_total.* [1-9]' $tmp/$1 2>/dev/null && break
	sleep 0.05; done; echo at work; echo; echo; wait"
}
label="ping --serve --textfile" check_locked ping "$tmp/exp.log" 3 bash -c "$(exporter_cmd x1.prom)"
check_profile "ping --serve --textfile (accepts on its socket, writes its directory only)" "" ping 3 \
	bash -c "$(exporter_cmd x2.prom)"
check_profile "traceroute -n" "" traceroute 2 "$b/traceroute" -n -N 1 -z 0.3 "$LAB_TARGET4"
check_profile "traceroute (names: DNS sockets)" "inet" traceroute 2 \
	"$b/traceroute" -N 1 -z 0.3 "$LAB_TARGET4"
check_profile "traceroute -n -U (a socket per probe)" "inet" traceroute 2 \
	"$b/traceroute" -n -U -p 7 -N 1 -z 0.3 "$LAB_TARGET4"
check_profile "traceroute -n -UL (a socket per probe)" "inet" traceroute 2 \
	"$b/traceroute" -n -UL -N 1 -z 0.3 "$LAB_TARGET4"
check_profile "traceroute -n -M tcpconn (a socket per probe)" "inet" traceroute 2 \
	"$b/traceroute" -n -M tcpconn -N 1 -z 0.3 "$LAB_TARGET4"
check_profile "traceroute -n -D -s ADDR (the source given: no socket more)" "" traceroute 2 \
	"$b/traceroute" -n -D -s "$LAB_CLIENT4" -N 1 -z 0.3 "$LAB_TARGET4"
check_profile "mtr -n" "" mtr 10 "$b/mtr" --raw -n -c 100 -i 0.05 "$LAB_TARGET4"
check_profile "mtr (names: DNS sockets)" "inet" mtr 10 "$b/mtr" --raw -c 100 -i 0.05 "$LAB_TARGET4"
# mtr with two hosts, as an exporter (its report modes print only at the end): the
# wrapper prints three lines once the textfile shows both targets reached.
mtr_hosts_cmd() {
	echo "$b/mtr -n --textfile $tmp/$1 -i 0.05 -c 200 $LAB_TARGET4 $LAB_HOP4_1 &
	for i in \$(seq 100); do [ \$(grep -c '^netdx_path_reached.* 1\$' $tmp/$1 2>/dev/null) = 2 ] && break
	sleep 0.05; done; echo at work; echo; echo; wait"
}
label="mtr, two hosts" check_locked mtr "$tmp/mh.log" 3 bash -c "$(mtr_hosts_cmd h1.prom)"
check_profile "mtr -n, two hosts (--textfile: writes its directory only)" "" mtr 3 \
	bash -c "$(mtr_hosts_cmd h2.prom)"
check_profile "pathping -n" "" pathping 8 "$b/pathping" -n -q 100 -p 50 "$LAB_TARGET4"
nsl_feed
check_profile "nslookup (resolv.conf, servers by name)" "inet route files" nslookup "$NSL_LINES" \
	bash -c "exec $b/nslookup <$tmp/nsl.in"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
check_profile "tcpstate --list (its INET_DIAG socket opened before)" "" tcpstate 3 \
	bash -c "$ts_blocked"
check_profile "tcpstate --watch (counters reread from files opened before)" "" tcpstate 2 \
	"$b/tcpstate" --watch 0.2 --count 100

# --- the same when started by nobody (ICMP datagram sockets, UDP traceroute) and by
# nobody through a copy with the file capability cap_net_raw+p (as make install sets) --
as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all)
chmod 755 "$tmp"
for tool in ping traceroute mtr pathping; do
	cp "$b/$tool" "$tmp/$tool"
	cp "$b/$tool" "$tmp/$tool-cap"
	chmod 755 "$tmp/$tool" "$tmp/$tool-cap"
	setcap cap_net_raw+p "$tmp/$tool-cap"
done
for how in "" "-cap"; do
	what=${how:+with cap_net_raw+p}
	label="ping as nobody ${what:-unprivileged}" check_locked "$tmp/ping$how" "$tmp/ping.log" 3 \
		"${as_nobody[@]}" "$tmp/ping$how" -c 100 -i 0.2 "$LAB_TARGET4"
	label="traceroute as nobody ${what:-unprivileged}" check_locked "$tmp/traceroute$how" "$tmp/tr.log" 2 \
		"${as_nobody[@]}" "$tmp/traceroute$how" -n -N 1 -z 0.3 "$LAB_TARGET4"
	label="mtr as nobody ${what:-unprivileged}" check_locked "$tmp/mtr$how" "$tmp/mtr.log" 10 \
		"${as_nobody[@]}" "$tmp/mtr$how" --raw -n -c 10 -i 1 "$LAB_TARGET4"
	label="pathping as nobody ${what:-unprivileged}" check_locked "$tmp/pathping$how" "$tmp/pp.log" 8 \
		"${as_nobody[@]}" "$tmp/pathping$how" -n -q 100 -p 50 "$LAB_TARGET4"
done
# nslookup needs no privilege (make install gives it no file capability): as nobody.
cp "$b/nslookup" "$tmp/nslookup" && chmod 755 "$tmp/nslookup"
nsl_feed
label="nslookup as nobody" check_locked "$tmp/nslookup" "$tmp/nsl.log" "$NSL_LINES" \
	bash -c "exec ${as_nobody[*]} $tmp/nslookup <$tmp/nsl.in"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
# tcpstate needs no privilege either (INET_DIAG answers anyone): as nobody.
cp "$b/tcpstate" "$tmp/tcpstate" && chmod 755 "$tmp/tcpstate"
label="tcpstate as nobody" check_locked "$tmp/tcpstate" "$tmp/ts.log" 2 \
	"${as_nobody[@]}" "$tmp/tcpstate" --watch 0.2 --count 100

# --- crosstalk: 8 pings, 2 traceroutes and an mtr at once, no loss in the lab ----------
for i in 1 2 3 4 5 6 7 8; do
	lab_exec c "$b/ping" -c $((20 + i)) -i 0.02 "$LAB_TARGET4" >"$tmp/p$i.log" 2>&1 &
done
for i in 1 2; do
	lab_exec c "$b/traceroute" -n "$LAB_TARGET4" >"$tmp/t$i.log" 2>&1 &
done
lab_exec c "$b/mtr" -r -n -c 20 -i 0.05 "$LAB_TARGET4" >"$tmp/m.log" 2>&1 &
wait
for i in 1 2 3 4 5 6 7 8; do
	n=$((20 + i))
	t_assert_match "crosstalk: ping $i got exactly its own $n replies" \
		"$n packets transmitted, $n received, 0% packet loss" "$(cat "$tmp/p$i.log")"
	t_assert_no_match "crosstalk: ping $i saw no duplicate" "DUP!" "$(cat "$tmp/p$i.log")"
done
for i in 1 2; do
	t_assert_eq "crosstalk: traceroute $i shows the true path" "10.0.1.1 10.0.2.1 10.0.3.1 $LAB_TARGET4" \
		"$(awk 'NR > 1 { print $2 }' "$tmp/t$i.log" | xargs)"
done
t_assert_match "crosstalk: mtr reaches the target without loss" \
	$'\n''  4\.\|-- '"$LAB_TARGET4"' +0\.0% +20 ' "$(cat "$tmp/m.log")"

# --- a closed pipe and signals end the tools cleanly ------------------------------------
for cmd in "ping -c 50 -i 0.02 $LAB_TARGET4" "traceroute -n $LAB_TARGET4" \
	"mtr --raw -n -c 50 -i 0.02 $LAB_TARGET4"; do
	name=${cmd%% *}
	out=$(lab_exec c bash -c "set -o pipefail; $b/$cmd 2>$tmp/err | head -1 >/dev/null; echo \${PIPESTATUS[0]}")
	t_assert_eq "$name | head -1: no error message" "" "$(cat "$tmp/err")"
	t_assert_match "$name | head -1: ends (status $out) instead of running on" "^[0-9]+$" "$out"
done
# signal_end BINARY SIG: "STATUS SUMMARY?" of a ping (ours or iputils') ended by SIG.
signal_end() {
	local bin=$1 sig=$2 bg pid p
	lab_exec c "$bin" -c 1000 -i 0.02 "$LAB_TARGET4" >"$tmp/sig.log" 2>&1 &
	bg=$!
	t_wait_for 10 lines_at_least "$tmp/sig.log" 3
	for p in $(ip netns pids "$LAB_NS_CLIENT"); do
		[[ $(readlink "/proc/$p/exe") == "$(readlink -f "$bin")" ]] && pid=$p
	done
	kill -"$sig" "$pid"
	wait "$bg"
	local rc=$?
	grep -q -- "--- $LAB_TARGET4 ping statistics ---" "$tmp/sig.log" && echo "$rc summary" || echo "$rc none"
}
for sig in INT HUP; do
	t_assert_eq "ping on SIG$sig ends as iputils' does (status, summary or not)" \
		"$(signal_end "$(command -v ping)" "$sig")" "$(signal_end "$b/ping" "$sig")"
done
t_assert_eq "ping on SIGINT: the summary and status 0 (replies came)" "0 summary" "$(signal_end "$b/ping" INT)"
# iputils dies on SIGTERM without a word; ours prints the statistics first (timeout(1)
# and service managers stop pings with SIGTERM: the summary is what they wanted).
t_assert_eq "ping on SIGTERM: the summary, status 0" "0 summary" "$(signal_end "$b/ping" TERM)"

# blocks_signal NAME SIG: our binary NAME runs in the client and has SIG blocked (the
# event loop takes it through a signalfd from then on).
blocks_signal() {
	local pid mask
	pid=$(tool_pid "$1") || return 1
	mask=$(sed -n 's/^SigBlk:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)
	[[ -n $mask ]] && (((0x$mask >> ($(kill -l "$2") - 1)) & 1))
}
# end_run NAME SIG LINES CMD...: start our binary NAME (CMD) in the client; once it
# watches SIG and has printed LINES lines (or, with END_WHEN set, that command
# succeeds), send SIG. Sets RC ("not signalled" if the moment never came), OUT and ERR.
end_run() {
	local name=$1 sig=$2 lines=$3 bg signalled=""
	shift 3
	lab_exec c "$@" >"$tmp/end.out" 2>"$tmp/end.err" &
	bg=$!
	# shellcheck disable=SC2086 # END_WHEN is a command and its words
	if t_wait_for 10 blocks_signal "$name" "$sig" &&
		t_wait_for 10 ${END_WHEN:-lines_at_least "$tmp/end.out" "$lines"}; then
		kill -"$sig" "$(tool_pid "$name")" && signalled=1
	fi
	wait "$bg"
	RC=$?
	[[ -n $signalled ]] || RC="not signalled"
	OUT=$(cat "$tmp/end.out")
	ERR=$(cat "$tmp/end.err")
}
# SIGINT, SIGTERM, SIGHUP and SIGQUIT end each run the same clean way: mtr -r and pathping
# report what they measured (status 0), traceroute ends its line with the shell's status
# for the signal, as traceroute 2.x on Ctrl-C. Nothing on stderr, no core.
for sig in INT TERM HUP QUIT; do
	num=$(kill -l "$sig")
	end_run traceroute "$sig" 2 "$b/traceroute" -n -q 3 -z 300 "$LAB_TARGET4"
	t_assert_eq "traceroute on SIG$sig: status 128+$num, nothing on stderr" "$((128 + num))|" "$RC|$ERR"
	t_assert_match "traceroute on SIG$sig: the lines so far" "^traceroute to .*"$'\n'" 1  10\.0\.1\.1 " "$OUT"
	end_run mtr "$sig" 0 "$b/mtr" -r -n -c 1000 -i 0.05 "$LAB_TARGET4"
	t_assert_eq "mtr -r on SIG$sig: status 0, nothing on stderr" "0|" "$RC|$ERR"
	t_assert_match "mtr -r on SIG$sig: the report so far" "  4\.\|-- $LAB_TARGET4 " "$OUT"
	end_run pathping "$sig" 8 "$b/pathping" -n -q 1000 -p 20 "$LAB_TARGET4"
	t_assert_eq "pathping on SIG$sig: status 0, nothing on stderr" "0|" "$RC|$ERR"
	t_assert_match "pathping on SIG$sig: the statistics so far, marked as cut short" \
		"  4 +[0-9]+ms +0/ *[0-9]+ = +0% .*Interrupted after [0-9]+ of 1000 queries per hop" "$OUT"
done

# time_exceeded FAM: time exceeded messages the client has received so far (its
# namespace's ICMP counters): how far a run has got that prints nothing before its end.
time_exceeded() {
	if [[ $1 == 4 ]]; then
		lab_exec c awk '$1 == "Icmp:" { if (!c) { for (i = 2; i <= NF; i++) if ($i == "InTimeExcds") c = i }
			else print $c }' /proc/net/snmp
	else
		lab_exec c awk '$1 == "Icmp6InTimeExcds" { print $2 }' /proc/net/snmp6
	fi
}
# answers_read FAM N: the client has received N time exceeded messages in all, and our
# traceroute sleeps (in epoll_wait): it has read every one.
answers_read() {
	local pid
	(($(time_exceeded "$1") >= $2)) && pid=$(tool_pid traceroute) &&
		[[ $(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) == S ]]
}

# json_end SIG FAM K ARGS...: our traceroute --json ARGS, ended by SIG once it has read
# K more time exceeded messages. RC, OUT, ERR as end_run's; DOC is the document's
# interrupted and reached flags and the first responder of each hop in it.
json_end() {
	local sig=$1 fam=$2 k=$3 base
	shift 3
	base=$(time_exceeded "$fam")
	END_WHEN="answers_read $fam $((base + k))" end_run traceroute "$sig" 0 "$b/traceroute" --json "$@"
	DOC=$(jq -r '"\(.interrupted) \(.reached) " + ([.hops[].probes[0].addr // "*"] | join(" "))' \
		<<<"$OUT" 2>&1)
}
t_assert_eq "traceroute --json, a whole run: not interrupted" "false true" \
	"$(lab_exec c "$b/traceroute" -n -q 1 --json "$LAB_TARGET4" | jq -r '"\(.interrupted) \(.reached)"')"
# the target drops everything from the client: the routers answer, then nothing
printf 'table inet quiet {\n chain in {\n  type filter hook input priority 0; policy accept;\n  ip saddr %s drop\n  ip6 saddr %s drop\n }\n}\n' \
	"$LAB_CLIENT4" "$LAB_CLIENT6" | lab_exec t nft -f -
# A trace cut short prints the document so far, marked interrupted, with each signal's
# status: a probe every 200 ms (-z 200; hop 1's three answers and hop 2's first are in
# when the signal comes, hop 3's first probe leaves 200 ms later), v4 and v6, and to a
# dead target. The target is quiet from here on, so no run can end before its signal
# (a busy machine's poll once saw the 2.4 s run to a live target end first: status 0):
# the routers answer, then the silent hops keep it going for seconds (to the dead
# target -z 500: 15 s, where the 2.5 s of -q 1 alone were missed too).
for sig in INT TERM HUP QUIT; do
	num=$(kill -l "$sig")
	json_end "$sig" 4 4 -n -z 200 "$LAB_TARGET4"
	t_assert_eq "traceroute --json -z 200 on SIG$sig: status 128+$num, nothing on stderr" \
		"$((128 + num))|" "$RC|$ERR"
	t_assert_match "traceroute --json -z 200 on SIG$sig: the document so far, interrupted" \
		"^true false 10\.0\.1\.1 10\.0\.2\.1( |$)" "$DOC"
done
json_end INT 6 4 -n -z 200 "$LAB_TARGET6"
t_assert_match "traceroute --json -z 200, v6, on SIGINT: status 130, the document so far" \
	"^130 true false fd00:0:0:1::1 fd00:0:0:2::1( |$)" "$RC $DOC"
base=$(time_exceeded 4)
END_WHEN="answers_read 4 $((base + 1))" end_run traceroute INT 0 "$b/traceroute" -n -q 1 -z 300 --explain "$LAB_TARGET4"
t_assert_match "traceroute --explain on SIGINT: status 130, says it was interrupted" \
	"^130 .*Interrupted after [0-9]+ ms\.$" "$RC $(tr -s '\n ' '  ' <<<"$OUT" | sed 's/ *$//')"
json_end INT 4 3 -n -q 1 -z 500 "$LAB_TARGET4"
t_assert_match "traceroute --json to a dead target on SIGINT: status 130, the routers so far" \
	"^130 true false 10\.0\.1\.1 10\.0\.2\.1 10\.0\.3\.1( |$)" "$RC $DOC"
json_end INT 6 3 -n -q 1 -z 500 "$LAB_TARGET6"
t_assert_match "traceroute --json to a dead target, v6, on SIGINT: status 130, the routers so far" \
	"^130 true false fd00:0:0:1::1 fd00:0:0:2::1 fd00:0:0:3::1( |$)" "$RC $DOC"
json_end INT 4 6 -n --multipath "$LAB_TARGET4"
t_assert_eq "traceroute --multipath --json to a dead target on SIGINT: status 130, interrupted" \
	"130 true true 10.0.1.1" "$RC $(jq -r '"\(.interrupted) \(.multipath) \(.hops[0].responders[0].addr)"' <<<"$OUT" 2>&1)"

t_summary
