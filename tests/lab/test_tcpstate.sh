#!/usr/bin/env bash
# test_tcpstate.sh — tcpstate on real sockets built on purpose in a lab (client c —
# router r1 — target t, tests/lab/tcp_hold.py holding them): exact counts of LISTEN,
# ESTABLISHED (IPv4 and IPv6, with and without keepalive), CLOSE_WAIT (a server that
# never closes) with the client's FIN_WAIT2, TIME_WAIT (the client closes first),
# SYN_SENT (SYNs dropped by nft: to one address and to 20), SYN_RECV (the client's final
# ACK dropped by nft, from one address and from 16), FIN_WAIT1 (the client's FIN
# dropped), LAST_ACK (the server's FIN dropped), a backlog-1 listener that never
# accepts, flooded (its overflow counters move); the filters; counts equal to ss -tan's
# and --list equal to netstat -nat's on the same namespace; --netns; each finding made
# with its condition and absent without it; --openmetrics and --prometheus read by
# Prometheus' parsers, with --json's figures.
. "$(dirname "$0")/../lab/prelude.sh"
ts=$LAB_BIN/tcpstate
hold=tests/lab/tcp_hold.py
tmp=$(mktemp -d)
pids=()
# The helpers are ours: ended by PID before the lab goes.
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

lab_up --routers 1 || exit 1
T4=$LAB_TARGET4
T6=$LAB_TARGET6

# start NODE NAME ARGS...: tcp_hold.py ARGS in NODE, in the background (its PID in
# pids, and in $started), until it says it is ready (10 s at most).
start() {
	local node=$1 name=$2 ns
	shift 2
	ns=$(lab_ns "$node") || return 2
	[[ -e /run/netns/$ns ]] || { t_fail "start $name" "no namespace $ns"; return 2; }
	ip netns exec "$ns" python3 "$hold" "$@" --hold 180 >"$tmp/$name.out" 2>&1 &
	started=$!
	pids+=("$started")
	t_wait_for 10 grep -q '^ready' "$tmp/$name.out" ||
		t_fail "start $name" "not ready: $(head -c 300 "$tmp/$name.out")"
}

# census NODE ARGS...: tcpstate --json ARGS in NODE.
census() {
	local node=$1
	shift
	lab_exec "$node" "$ts" --json "$@"
}

# count JSON STATE: the total of one state.
count() { jq -r ".states.$2.total" <<<"$1"; }

# ids JSON: the findings' ids, space-separated.
ids() { jq -r '[.findings[].id] | join(" ")' <<<"$1"; }

# evidence JSON NAME...: the first finding's evidence under these names, space-separated.
evidence() {
	local json=$1
	shift
	jq -r '.findings[0].evidence as $e | [$ARGS.positional[] | $e[.] | tostring] | join(" ")' \
		--args "$@" <<<"$json"
}

# --- an empty lab: nothing counted, nothing found -----------------------------------
for node in c t; do
	j=$(census "$node")
	t_assert_eq "$node before: no socket, no finding" "0 " "$(jq -r .total <<<"$j") $(ids "$j")"
done

# --- the sockets ------------------------------------------------------------------------
# t: 8080 accepts and never closes; 8081 closes after the client; 8082 and 8084 hold
# (their handshakes never finish); 8083 has backlog 1 and never accepts; 8085 holds;
# 8086 closes after the client. SYNs to ports 9 and 80 and FINs to 8085 are dropped on
# t; the client's final ACKs to 8082 and 8084 and t's FINs from 8086 are dropped on c.
lab_exec t nft -f - <<'NFT'
table inet tcpstate_test {
	chain input {
		type filter hook input priority 0;
		tcp dport { 9, 80 } drop;
		tcp dport 8085 tcp flags & fin == fin drop;
	}
}
NFT
lab_exec c nft -f - <<'NFT'
table inet tcpstate_test {
	chain output {
		type filter hook output priority 0;
		tcp dport { 8082, 8084 } tcp flags & (syn | ack) == ack drop;
	}
	chain input {
		type filter hook input priority 0;
		tcp sport 8086 tcp flags & fin == fin drop;
	}
}
NFT
lab_exec c sysctl -qw net.ipv4.ip_local_port_range="40000 40099"
flood_src=()
for i in $(seq 100 115); do
	lab_exec c ip addr add "10.0.1.$i/24" dev to-r1
	flood_src+=("10.0.1.$i")
done
scan_dst=()
for i in $(seq 100 119); do
	lab_exec t ip addr add "10.0.2.$i/24" dev to-r1
	scan_dst+=("10.0.2.$i")
done
# a long IPv6 address on t: netstat cuts it to fit 23 columns, --list must cut it alike
long6=fd00:0:0:2:1234:5678:9abc:def0
lab_exec t ip addr add "$long6/64" dev to-r1 nodad
start t server serve 8080:hold 8081:eof 8082:hold 8083:never:1 8084:hold 8085:hold 8086:eof \
	8087:hold
server_pid=$started
start c est4 connect "$T4" 8080 3
est4_pid=$started
start c est6 connect "$T6" 8080 2
start c keepalive connect "$T4" 8080 2 --keepalive
start c cw connect "$T4" 8080 12 --then close
start c tw connect "$T4" 8081 60 --then close
start c synsent connect "$T4" 9 4 --nonblock
synsent_pid=$started
start c scan connect "$(IFS=,; echo "${scan_dst[*]}")" 80 20 --nonblock
scan_pid=$started
start c finwait1 connect "$T4" 8085 5 --then close
start c lastack connect "$T4" 8086 5 --then close
start c long6 connect "$long6" 8087 2
start c synrecv connect "$T4" 8082 6 --nonblock
start c flood connect "$T4" 8084 16 --nonblock --src "$(IFS=,; echo "${flood_src[*]}")"
start c backlog connect "$T4" 8083 6 --nonblock
# the handshakes and closes settle (TIME_WAIT, SYN_RECV): 10 s at most. Of the 60
# connections to 8081 the kernel keeps 55 to 60 in TIME_WAIT (it counts 60 in TcpExtTW,
# /proc/net/tcp and ss show the same fewer): tw is the number ss sees, which tcpstate
# must see too.
tw_ss() { lab_exec c ss -tanH state time-wait dport = 8081 | wc -l; }
tw_settled() { [[ $(count "$(census c --dport 8081)" TIME_WAIT) -ge 55 ]]; }
t_wait_for 10 tw_settled || t_fail "TIME_WAIT on c" "did not settle: $(tw_ss)"
tw=$(tw_ss)
syn_settled() { [[ $(count "$(census t --sport 8084)" SYN_RECV) == 16 ]]; }
t_wait_for 10 syn_settled || t_fail "16 SYN_RECV on t" "did not settle"

# --- exact counts ------------------------------------------------------------------------
# expect NAME JSON STATE=N...: each state's total in JSON.
expect() {
	local name=$1 json=$2 kv
	shift 2
	for kv in "$@"; do
		t_assert_eq "$name: ${kv%%=*}" "${kv#*=}" "$(count "$json" "${kv%%=*}")"
	done
}
expect "t, every listener" "$(census t -s listening)" LISTEN=8 ESTABLISHED=0
expect "t, port 8087 (a long IPv6 address)" "$(census t --sport 8087 -6)" ESTABLISHED=2
expect "t, port 8080" "$(census t --sport 8080)" LISTEN=1 ESTABLISHED=7 CLOSE_WAIT=12
expect "t, port 8081 (closed after the client)" "$(census t --sport 8081)" LISTEN=1 \
	ESTABLISHED=0 CLOSE_WAIT=0 TIME_WAIT=0
expect "t, port 8082 (ACKs dropped)" "$(census t --sport 8082)" SYN_RECV=6 ESTABLISHED=0
expect "t, port 8084 (16 sources)" "$(census t --sport 8084)" SYN_RECV=16
expect "t, port 8085 (the client's FIN dropped)" "$(census t --sport 8085)" ESTABLISHED=5
expect "t, port 8086 (its FIN dropped)" "$(census t --sport 8086)" LAST_ACK=5 CLOSE_WAIT=0
expect "c, to 8080" "$(census c --dport 8080)" ESTABLISHED=7 FIN_WAIT2=12
expect "c, to 8080 over IPv4" "$(census c -4 --dport 8080)" ESTABLISHED=5 FIN_WAIT2=12
expect "c, to 8080 over IPv6" "$(census c -6 --dport 8080)" ESTABLISHED=2 FIN_WAIT2=0
expect "c, to 8081 (as ss counts them)" "$(census c --dport 8081)" TIME_WAIT="$tw" \
	ESTABLISHED=0 FIN_WAIT2=0
expect "c, to port 9 (SYNs dropped)" "$(census c --dport 9)" SYN_SENT=4
expect "c, to port 80 of 20 addresses (SYNs dropped)" "$(census c --dport 80)" SYN_SENT=20
expect "c, to 8085 (its FIN dropped)" "$(census c --dport 8085)" FIN_WAIT1=5
expect "c, to 8086 (t's FIN dropped)" "$(census c --dport 8086)" FIN_WAIT2=5
expect "c, to 8082 (its ACKs dropped)" "$(census c --dport 8082)" ESTABLISHED=6
j=$(census t --sport 8083)
t_assert_eq "t, backlog-1 listener: 2 waiting, backlog 1" "2 1" \
	"$(jq -r '.listeners[0] | "\(.recv_q) \(.send_q)"' <<<"$j")"
t_assert_match "t, the kernel counted listen overflows" '^[1-9][0-9]* [1-9][0-9]*$' \
	"$(jq -r '"\(.counters.ListenOverflows) \(.counters.ListenDrops)"' <<<"$j")"

# --- filters ----------------------------------------------------------------------------
expect "t, -s syn-recv --sport 8082" "$(census t -s syn-recv --sport 8082)" SYN_RECV=6 LISTEN=0
expect "t, -s CLOSE_WAIT -s listening" "$(census t -s CLOSE_WAIT -s listening --sport 8080)" \
	CLOSE_WAIT=12 LISTEN=1 ESTABLISHED=0
expect "t, --dst the 16 flood sources (an IPv4 block, mapped peers)" \
	"$(census t --dst 10.0.1.96/27)" SYN_RECV=16 ESTABLISHED=0
expect "t, --src its IPv6 address" "$(census t --src "$T6")" ESTABLISHED=2 CLOSE_WAIT=0
expect "c, -p the pid of 3 connections" "$(census c -p "$est4_pid")" ESTABLISHED=3
expect "t, -p the server's pid" "$(census t -p "$server_pid")" LISTEN=8 ESTABLISHED=14 \
	CLOSE_WAIT=12 SYN_RECV=0
expect "t, -p python3" "$(census t -p python3)" LISTEN=8 CLOSE_WAIT=12
expect "t, -p a name nobody has" "$(census t -p nosuchprocess)" LISTEN=0 CLOSE_WAIT=0
expect "t, --netns from the client" "$(census c --netns "$(lab_ns t)" --sport 8080)" \
	LISTEN=1 ESTABLISHED=7 CLOSE_WAIT=12

# --- owners: looked up only when something shows them -----------------------------------
j=$(census t --sport 8080)
t_assert_eq "t, port 8080: the processes were looked up" "true 12" \
	"$(jq -r '"\(.owners_looked_up) \([.top.CLOSE_WAIT.ports[] | select(.pid > 0) | .count] | add)"' <<<"$j")"
j=$(census t --sport 8080 --no-owners)
t_assert_eq "t, port 8080 --no-owners: the same counts, no process" "false 12 0" \
	"$(jq -r '"\(.owners_looked_up) \(.states.CLOSE_WAIT.total) \([.top.CLOSE_WAIT.ports[] | select(.pid > 0)] | length)"' <<<"$j")"
t_assert_match "t, port 8080 --no-owners: the text says so" "processes not looked up: --no-owners" \
	"$(lab_exec t "$ts" --sport 8080 --no-owners)"
t_assert_eq "c, -s time-wait: no process to look up (no walk)" "false" \
	"$(census c -s time-wait | jq -r .owners_looked_up)"

# --- the same counts as ss, the same lines as netstat ---------------------------------
# ss_counts NODE / ts_counts NODE: "STATE N" per state with sockets, sorted.
ss_counts() {
	lab_exec "$1" ss -tanH | awk '{ print $1 }' | sed -e 's/^ESTAB$/ESTABLISHED/' \
		-e 's/^UNCONN$/CLOSE/' -e 's/-WAIT-\([12]\)$/_WAIT\1/' -e 's/-/_/' |
		sort | uniq -c | awk '{ print $2, $1 }'
}
ts_counts() {
	census "$1" | jq -r '.states | to_entries[] | select(.value.total > 0) |
		"\(.key) \(.value.total)"' | sort
}
# same_twice NAME A B: A and B (commands) agree, in one of 3 tries (sockets may move
# between two reads: a retransmitted SYN, an overflowed ACK).
same_twice() {
	local name=$1 a b i
	for i in 1 2 3; do
		a=$(eval "$2")
		b=$(eval "$3")
		[[ $a == "$b" ]] && break
	done
	t_assert_eq "$name" "$a" "$b"
}
for node in c t; do
	same_twice "$node: counts per state as ss -tan" "ss_counts $node" "ts_counts $node"
	same_twice "$node: --list is netstat -nat, line for line" \
		"lab_exec $node netstat -nat" "lab_exec $node $ts --list"
	same_twice "$node: --list -e is netstat -natep, line for line" \
		"lab_exec $node netstat -natep 2>/dev/null" "lab_exec $node $ts --list -e"
done
# jc_rows CMD: CMD's lines as jc --netstat reads them, sorted.
jc_rows() { eval "$1" | jc --netstat | jq -cS 'sort_by(.local_address, .foreign_address, .state)'; }
same_twice "t: jc --netstat reads --list as it reads netstat -nat" \
	"jc_rows 'lab_exec t netstat -nat'" "jc_rows 'lab_exec t $ts --list'"
t_assert_match "t: jc finds every socket in --list" '^[1-9][0-9]+$' \
	"$(jc_rows "lab_exec t $ts --list" | jq length)"
t_assert_eq "t: --list's header lines are netstat's" "$(lab_exec t netstat -nat | head -n 2)" \
	"$(lab_exec t "$ts" --list | head -n 2)"
t_assert_match "t: a long IPv6 address cut as netstat cuts it" \
	$'\n''tcp6       0      0 fd00::2:1234:5678::8087 fd00:0:0:1::2:[0-9]{5} +ESTABLISHED' \
	"$(lab_exec t "$ts" --list --sport 8087)"

# --- findings, with their condition and without it -----------------------------------
j=$(census t --sport 8080)
t_assert_eq "close-wait: found on port 8080" "close-wait" "$(ids "$j")"
t_assert_match "close-wait: names the process" \
	"^12 connections in CLOSE_WAIT on local port 8080, held by $server_pid/python3: " \
	"$(jq -r '.findings[0].summary' <<<"$j")"
t_assert_eq "close-wait: evidence" "12 8080 $server_pid 10" \
	"$(evidence "$j" close_wait port pid threshold)"
t_assert_eq "close-wait: none over --close-wait-min" "" \
	"$(ids "$(census t --sport 8080 --close-wait-min 13)")"
t_assert_eq "close-wait: none on the client" "" "$(ids "$(census c --dport 8080)")"

j=$(census t --sport 8083)
t_assert_eq "accept-queue-full: found on the backlog-1 listener" "accept-queue-full" "$(ids "$j")"
t_assert_match "accept-queue-full: one source, a slow acceptor" "slow acceptor" \
	"$(jq -r '.findings[0].summary' <<<"$j")"
t_assert_match "accept-queue-full: evidence with the sysctls" \
	'^8083 2 1 [0-9]+ [0-9]+ [0-9]+$' \
	"$(evidence "$j" port recv_q backlog somaxconn tcp_max_syn_backlog tcp_syncookies)"
t_assert_eq "accept-queue-full: none where queues are short" "close-wait" \
	"$(ids "$(census t -s listening -s close-wait --sport 8080)")"

j=$(census t --sport 8082 --syn-recv-min 5)
t_assert_eq "syn-recv: 6 half-open from one address" "syn-recv" "$(ids "$j")"
t_assert_eq "syn-recv: evidence" "6 1" "$(evidence "$j" syn_recv syn_recv_sources)"
t_assert_eq "syn-recv: none under --syn-recv-min" "" \
	"$(ids "$(census t --sport 8082 --syn-recv-min 7)")"
t_assert_eq "syn-recv: none at the default threshold (32)" "" "$(ids "$(census t --sport 8082)")"
j=$(census t --sport 8084 --syn-recv-min 5)
t_assert_eq "syn-flood: 16 half-open from 16 addresses" "syn-flood" "$(ids "$j")"
t_assert_eq "syn-flood: evidence" "16 16" "$(evidence "$j" syn_recv syn_recv_sources)"

j=$(census c --dport 8081)
t_assert_eq "time-wait: $tw of 100 local ports toward t:8081" "time-wait" "$(ids "$j")"
t_assert_eq "time-wait: evidence" "$tw 8081 100 50" \
	"$(evidence "$j" time_wait port local_ports threshold_pct)"
t_assert_match "time-wait: says EADDRNOTAVAIL and tcp_tw_recycle's fate" \
	"EADDRNOTAVAIL.*removed in Linux 4.12" \
	"$(jq -r '.findings[0] | .summary + .advice' <<<"$j")"
t_assert_eq "time-wait: none over --time-wait-pct" "" \
	"$(ids "$(census c --dport 8081 --time-wait-pct $((tw + 1)))")"
t_assert_eq "time-wait: none on the server" "" "$(ids "$(census t --sport 8081)")"

j=$(census c --dport 9 --syn-sent-min 4)
t_assert_eq "syn-sent: 4 unanswered connects to one address" "syn-sent" "$(ids "$j")"
t_assert_eq "syn-sent: evidence" "4 1 $synsent_pid 4" \
	"$(evidence "$j" syn_sent destinations pid threshold)"
t_assert_match "syn-sent: names the peer and ETIMEDOUT" \
	"to $T4 port 9, by $synsent_pid/python3: .*ETIMEDOUT \(110\)" \
	"$(jq -r '.findings[0].summary' <<<"$j")"
t_assert_eq "syn-sent: none under --syn-sent-min" "" \
	"$(ids "$(census c --dport 9 --syn-sent-min 5)")"
j=$(census c --dport 80)
t_assert_eq "syn-sent-scan: 20 connects to 20 addresses" "syn-sent-scan" "$(ids "$j")"
t_assert_eq "syn-sent-scan: evidence" "20 20 $scan_pid" "$(evidence "$j" syn_sent destinations pid)"

j=$(census c --dport 8080 --fin-wait-min 12)
t_assert_eq "fin-wait2: 12 with the server that leaks CLOSE_WAIT" "fin-wait2" "$(ids "$j")"
t_assert_match "fin-wait2: evidence" '^12 12 [0-9]+ 12$' \
	"$(evidence "$j" count orphans tcp_fin_timeout threshold)"
t_assert_eq "fin-wait2: none over --fin-wait-min" "" \
	"$(ids "$(census c --dport 8080 --fin-wait-min 13)")"
j=$(census c --dport 8085 --fin-wait-min 5)
t_assert_eq "fin-wait1: 5 FINs never acknowledged" "fin-wait1" "$(ids "$j")"
# tcp_max_orphans is the initial namespace's only: not in the evidence of a lab node
t_assert_eq "fin-wait1: evidence" "5 5 null" "$(evidence "$j" count orphans tcp_max_orphans)"
t_assert_eq "fin-wait1: none at the default threshold (50)" "" "$(ids "$(census c --dport 8085)")"
j=$(census t --sport 8086 --last-ack-min 5)
t_assert_eq "last-ack: 5 last ACKs that never came" "last-ack" "$(ids "$j")"
t_assert_match "last-ack: evidence" '^5 5 [0-9]+ 5$' \
	"$(evidence "$j" count orphans tcp_orphan_retries threshold)"
t_assert_eq "last-ack: none over --last-ack-min" "" \
	"$(ids "$(census t --sport 8086 --last-ack-min 6)")"

sleep 1 # every held connection has been idle a second
j=$(census c --dport 8080 --idle-min 1)
t_assert_eq "idle-no-keepalive: found on the client" "idle-no-keepalive" "$(ids "$j")"
t_assert_match "idle-no-keepalive: 5 of the 7, not the 2 with keepalive" '^5 [0-9]+ [0-9]+ 1$' \
	"$(evidence "$j" idle tcp_keepalive_time tcp_keepalive_probes threshold_s)"
j=$(census t --sport 8080 -s established --idle-min 1)
t_assert_eq "idle-no-keepalive: the server's 7 (none has keepalive)" "7" "$(evidence "$j" idle)"
t_assert_eq "idle-no-keepalive: none at the default (3600 s)" "" "$(ids "$(census c --dport 8080)")"

# --- the text shows the same ------------------------------------------------------------
out=$(lab_exec t "$ts" --sport 8080)
t_assert_match "text: the state line" $'\nCLOSE_WAIT +0 +12 +12\n' "$out"
t_assert_match "text: the top port with its process" \
	"CLOSE_WAIT +port 8080 +12  $server_pid/python3" "$out"
t_assert_match "text: the finding" "close-wait: 12 connections in CLOSE_WAIT" "$out"

# --- --openmetrics and --prometheus: Prometheus' parsers read both; the figures are those
# of --json on the same sockets (a run each: the lab's sockets are stable; the kernel's
# listen counters only grow, so the later run's are at least the earlier's) -----------
# expo NODE KIND ARGS...: tcpstate ARGS's exposition in NODE, its samples sorted
# (metrics_check.py KIND: om or text); a parser's complaint fails the test.
expo() {
	local node=$1 kind=$2 out
	shift 2
	out=$(lab_exec "$node" "$ts" "$@" | /usr/bin/python3 tests/lab/metrics_check.py "$kind" 2>&1) ||
		t_fail "$kind $*: metrics_check.py" "$out"
	sort <<<"$out"
}
# as_metrics JSON: --json's figures under the exposition's names, sorted.
as_metrics() {
	jq -r '
	def lb($n; $v): if $v == null then empty else "\($n)=\"\($v)\"" end;
	(.states | to_entries[] | .key as $st | .value |
		"netdx_tcp_sockets{family=\"ipv4\",state=\"\($st)\"} \(.ipv4)",
		"netdx_tcp_sockets{family=\"ipv6\",state=\"\($st)\"} \(.ipv6)"),
	(.listeners[] | ([lb("address"; .addr), lb("comm"; .comm), lb("pid"; .pid),
		lb("port"; .port)] | join(",")) as $l |
		"netdx_tcp_listener_queue_length{\($l)} \(.recv_q)",
		"netdx_tcp_listener_backlog{\($l)} \(.send_q)"),
	"netdx_tcp_listeners_not_shown \(.listeners_not_shown)",
	"netdx_tcp_owners_hidden \(.owners_hidden)",
	"netdx_tcp_listen_overflows_total \(.counters.ListenOverflows)",
	"netdx_tcp_listen_drops_total \(.counters.ListenDrops)",
	"netdx_tcp_syncookies_sent_total \(.counters.SyncookiesSent)",
	([.findings[].id] as $on | ("close-wait", "accept-queue-full", "syn-recv", "syn-flood",
		"syn-sent", "syn-sent-scan", "time-wait", "fin-wait1", "fin-wait2", "last-ack",
		"idle-no-keepalive") |
		"netdx_tcp_finding{finding=\"\(.)\"} \(if [.] | inside($on) then 1 else 0 end)"),
	(.findings[] | .id as $id | .evidence.port as $p | .evidence | to_entries[] |
		"netdx_tcp_finding_evidence{\([lb("fact"; .key), lb("finding"; $id),
			lb("port"; $p)] | join(","))} \(.value)")
	' <<<"$1" | sort
}
# The kernel's listen counters (and a finding's evidence that quotes them) only grow:
# between the --json run and the exposition's they may have moved on.
kernel_counter='^netdx_tcp_(listen_overflows_total|listen_drops_total|syncookies_sent_total|finding_evidence\{fact="(ListenOverflows|ListenDrops|SyncookiesSent)")'
# uncounted SAMPLES: all but those.
uncounted() { grep -Ev "$kernel_counter"; }
# grown BEFORE AFTER: those samples of AFTER are the same series as BEFORE's, none lower:
# "N ok" (N series), else the first that is not.
grown() {
	awk 'NR == FNR { was[$1] = $2; next }
		{ if (!($1 in was) || $2 < was[$1]) { print "lower or new:", $0; bad = 1; exit }
		  n++; delete was[$1] }
		END { if (!bad) { for (k in was) { print "missing:", k; exit } print n, "ok" } }' \
		<(grep -E "$kernel_counter" <<<"$1") <(grep -E "$kernel_counter" <<<"$2")
}
for args in "--sport 8080" "--sport 8083" "-s listening"; do
	j=$(census t $args)
	want=$(as_metrics "$j")
	for kind in om text; do
		flag=--openmetrics
		[[ $kind == text ]] && flag=--prometheus
		got=$(expo t "$kind" $flag $args)
		t_assert_eq "t $args $flag: --json's figures, line for line" \
			"$(uncounted <<<"$want")" "$(uncounted <<<"$got")"
		t_assert_match "t $args $flag: the kernel's listen counters, none lower than --json's" \
			'^[3-9] ok$' "$(grown "$want" "$got")"
	done
done
# the lab's sockets exactly, and a finding that fires as 1, one that does not as 0
got=$(expo t om --openmetrics --sport 8080)
# (the server's sockets are IPv6 ones, dual-stack: IPv4 peers as mapped addresses)
t_assert_eq "openmetrics: t's 12 CLOSE_WAIT, 7 ESTABLISHED, 1 LISTEN, all IPv6" \
	"0 12 0 7 0 1" "$(for k in 'ipv4",state="CLOSE_WAIT' 'ipv6",state="CLOSE_WAIT' \
	'ipv4",state="ESTABLISHED' 'ipv6",state="ESTABLISHED' 'ipv4",state="LISTEN' \
	'ipv6",state="LISTEN'; do
		grep -F "{family=\"$k\"}" <<<"$got" | awk '{ print $2 }'; done | xargs)"
t_assert_eq "openmetrics: close-wait fires (1), accept-queue-full does not (0)" \
	'netdx_tcp_finding{finding="accept-queue-full"} 0|netdx_tcp_finding{finding="close-wait"} 1' \
	"$(grep -E 'finding="(close-wait|accept-queue-full)"\}' <<<"$got" | paste -sd '|')"
t_assert_eq "openmetrics: the close-wait finding's evidence" \
	"12 $server_pid 10" "$(for f in close_wait pid threshold; do
		grep -F "{fact=\"$f\",finding=\"close-wait\",port=\"8080\"}" <<<"$got" |
			awk '{ print $2 }'; done | xargs)"
t_assert_match "openmetrics: the listener with its process" \
	"netdx_tcp_listener_backlog\{address=\"[0-9a-f:.]+\",comm=\"python3\",pid=\"$server_pid\",port=\"8080\"\} [0-9]+" "$got"
got=$(expo t text --prometheus --sport 8083)
t_assert_eq "prometheus: the backlog-1 listener: 2 waiting, backlog 1" "2 1" \
	"$(for f in queue_length backlog; do grep "^netdx_tcp_listener_${f}{.*port=\"8083\"}" <<<"$got" |
		awk '{ print $2 }'; done | xargs)"
t_assert_eq "prometheus: accept-queue-full fires (1), close-wait does not (0)" \
	'netdx_tcp_finding{finding="accept-queue-full"} 1|netdx_tcp_finding{finding="close-wait"} 0' \
	"$(grep -E 'finding="(close-wait|accept-queue-full)"\}' <<<"$got" | paste -sd '|')"
t_assert_match "prometheus: ListenOverflows a counter that moved" \
	$'\n''netdx_tcp_listen_overflows_total [1-9][0-9]*'$'\n' "$got"
raw=$(lab_exec t "$ts" --prometheus --sport 8083)
t_assert_match "prometheus: counters typed as the 0.0.4 format names them" \
	'# TYPE netdx_tcp_listen_overflows_total counter' "$raw"
t_assert_no_match "prometheus: no # EOF" '# EOF' "$raw"
t_assert_eq "openmetrics: ends with # EOF" "# EOF" "$(lab_exec t "$ts" --openmetrics | tail -n 1)"

# --- more distinct ports than a table keeps (4096): 6000 TIME_WAIT on r1's loopback --
# the totals stay exact, the one peer keeps its exact count, the ports' table says its
# counts may be low ---------------------------------------------------------------------
lab_exec r1 python3 "$hold" churn 7100 6000
j=$(census r1 -s time-wait)
total=$(lab_exec r1 ss -tanH state time-wait | wc -l)
t_assert_eq "r1: TIME_WAIT as ss counts it" "$total" "$(count "$j" TIME_WAIT)"
t_assert_match "r1: more than 4096 TIME_WAIT" '^[4-6][0-9]{3}$' "$total"
t_assert_eq "r1: the one peer's count is exact" "$total" \
	"$(jq -r '.top.TIME_WAIT.peers[0].count' <<<"$j")"
t_assert_match "r1: the ports' counts may be low, and it says so" '^[1-9][0-9]*$' \
	"$(jq -r '.top.TIME_WAIT.ports_undercount' <<<"$j")"
t_assert_match "r1: the text says so" "TIME_WAIT   \(over 4096 distinct ports: the counts may be" \
	"$(lab_exec r1 "$ts" -s time-wait)"

# --- as nobody: the same counts (INET_DIAG needs no privilege), root's processes not
# seen and said so in one line; as root every process is seen --------------------------
t_assert_eq "t as root: no process hidden" 0 "$(jq -r .owners_hidden <<<"$(census t)")"
cp "$ts" "$tmp/tcpstate" && chmod 755 "$tmp" "$tmp/tcpstate"
nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$tmp/tcpstate")
j=$(lab_exec t "${nobody[@]}" --json --sport 8080)
expect "t as nobody: the same counts" "$j" LISTEN=1 ESTABLISHED=7 CLOSE_WAIT=12
t_assert_eq "t as nobody: root's server not named" null \
	"$(jq -r '.top.CLOSE_WAIT.ports[0].pid' <<<"$j")"
t_assert_match "t as nobody: the hidden processes counted" '^[1-9][0-9]*$' \
	"$(jq -r .owners_hidden <<<"$j")"
t_assert_match "t as nobody: the leak found, its process unseen" \
	"held by a process we cannot see \(another user's: run as root\)" \
	"$(jq -r '.findings[0].summary' <<<"$j")"
t_assert_match "t as nobody: one line says why processes are missing" \
	"could not be read, so their sockets show no process: run as root" \
	"$(lab_exec t "${nobody[@]}" --sport 8080)"

# --- --watch on t while 3 more clients leave a CLOSE_WAIT each and 3 SYNs hit the full
# backlog-1 listener (last: these change the counts above) ----------------------------
lab_exec t "$ts" --watch 2 --count 5 --json --sport 8080 >"$tmp/watch.json" 2>&1 &
watcher=$!
lab_exec t "$ts" --watch 2 --count 5 --json --sport 8083 >"$tmp/watch8083.json" 2>&1 &
watcher8083=$!
t_wait_for 5 test -s "$tmp/watch.json" || t_fail "--watch" "no first pass"
for i in 1 2 3; do
	lab_exec c python3 "$hold" connect "$T4" 8080 1 --then close --hold 0 >/dev/null
	lab_exec c python3 "$hold" connect "$T4" 8083 1 --nonblock --hold 0 >/dev/null
	sleep 1
done
wait "$watcher" "$watcher8083"
w=$(cat "$tmp/watch.json")
t_assert_eq "--watch: 5 passes" "1 2 3 4 5" "$(jq -r .watch.pass <<<"$w" | xargs)"
t_assert_eq "--watch: CLOSE_WAIT from 12 to 15" "12 15" \
	"$(jq -r .states.CLOSE_WAIT.total <<<"$w" | sed -n '1p;$p' | xargs)"
t_assert_eq "--watch: the changes add up to 3" 3 \
	"$(jq -s '[.[].watch.changes.CLOSE_WAIT // 0] | add' <<<"$w")"
t_assert_eq "--watch: connections opened per second seen" true \
	"$(jq -s '[.[].watch.opens_per_s // 0] | max > 0' <<<"$w")"
t_assert_eq "--watch: the finding says CLOSE_WAIT only grows, once it grew twice in a row" \
	true "$(jq -s '[.[] | .findings[0].evidence.growing_passes // 0] | max >= 2' <<<"$w")"
t_assert_eq "--watch: ListenDrops added (the full listener)" true \
	"$(jq -s '[.[].watch.ListenDrops_added // 0] | add > 0' <<<"$w")"
t_assert_eq "--watch: the full listener's finding says the counters grew" true \
	"$(jq -s '[.[] | .findings[0].evidence.ListenDrops_added // 0] | max > 0' \
		<"$tmp/watch8083.json")"

t_summary
