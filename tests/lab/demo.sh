#!/usr/bin/env bash
# demo.sh BUILD — `make demo`: a 6-router lab (router 2 adds 5 ms each way, router 4
# is silent, the target serves DNS for lab.test), the probe engine walking it TTL by TTL,
# then each tool (tcpstate: a server that leaks CLOSE_WAIT on the target, found by name).
# Everything runs inside the lab's namespaces; the lab is torn down on any exit.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
export NETDX_BUILD=${1:-build}
[[ $(id -u) == 0 ]] || { echo "demo: needs root (network namespaces): sudo make demo" >&2; exit 2; }
. tests/lab/lab.sh
trap lab_down EXIT
bin="$NETDX_BUILD/bin"

echo "== building the lab: client - r1 .. r6 - target (r2 delays 5 ms each way, r4 is silent)"
lab_up --routers 6 --delay 2:5 --silent 4 --dns || exit 1
for node in c r1 r2 r3 r4 r5 r6 t; do
	printf '  %-3s %s\n' "$node" "$(lab_exec "$node" ip -4 -br addr show | awk '$1 != "lo" { printf "%s ", $3 }')"
done

echo
echo "== the probe engine alone: one echo request per TTL 1..8 to $LAB_TARGET4"
echo "   (TTL k expires at router k, which answers 'time exceeded' (type 11) from 10.0.k.1)"
lab_exec c "$NETDX_BUILD/tests/engine_probe" --ttls 1-8 --count 1 --timeout 500 "$LAB_TARGET4" |
	sort -s -t= -k2,2n | awk '/^probe/ {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		if (f["event"] == "timeout") printf "  ttl %-2s  *  no answer (router %s sends no time exceeded)\n", f["ttl"], f["ttl"]
		else printf "  ttl %-2s  %-9s from %-10s type %-3s %7.3f ms  reply ttl %s\n", f["ttl"], f["event"], f["from"], f["type"], f["rtt"], f["rttl"]
	} /^summary/ { summary = $0 } END { print "  " summary }'

# tcpstate_scene: a server on the target that never closes the connections its clients
# close (tests/lab/tcp_hold.py, ended by its PID), and tcpstate finding it by name.
tcpstate_scene() {
	local out="$NETDX_BUILD/demo-tcpstate.out" hold=tests/lab/tcp_hold.py server
	echo "== tcpstate: a server on the target leaks CLOSE_WAIT; 12 clients come and go"
	ip netns exec "$(lab_ns t)" python3 "$hold" serve 8080:hold --hold 60 >"$out" 2>&1 &
	server=$!
	for _ in $(seq 50); do grep -q ready "$out" && break; sleep 0.1; done
	lab_exec c python3 "$hold" connect "$LAB_TARGET4" 8080 12 --then close --hold 0 >/dev/null
	sleep 0.2
	lab_exec t "$bin/tcpstate" -s close-wait -s listening
	kill "$server" 2>/dev/null
	wait "$server" 2>/dev/null
}

echo
for tool in ping traceroute mtr pathping nslookup tcpstate; do
	case $tool in
	ping) lab_exec c "$bin/ping" -c 3 -i 0.2 "$LAB_TARGET4" ;;
	traceroute) lab_exec c "$bin/traceroute" -n "$LAB_TARGET4" ;;
	mtr) lab_exec c "$bin/mtr" -r -n -c 3 "$LAB_TARGET4" ;;
	pathping) lab_exec c "$bin/pathping" -n -q 10 -p 50 "$LAB_TARGET4" ;;
	nslookup) lab_exec c "$bin/nslookup" -type=mx lab.test ;;
	tcpstate) tcpstate_scene ;;
	esac
	echo
done
echo "== tearing the lab down"
