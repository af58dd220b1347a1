#!/usr/bin/env bash
# test_names.sh — reverse names of hops come from the hosts file and DNS in the order
# nsswitch.conf gives, the same in traceroute, mtr, pathping and ping, and the same as
# the peers (traceroute 2.x, mtr 0.95, iputils ping: glibc's getnameinfo) show on the
# same lab. The client's /etc/netns/NS/hosts names router 1 "gw-one.example"; the lab's
# DNS (nsd) names every router rN.lab.test; /etc/netns/NS/nsswitch.conf sets the order.
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
trap 'lab_down >/dev/null 2>&1' EXIT
lab_up --routers 2 --dns || exit 1
ns=$(lab_ns c)
printf '# the client'"'"'s own names\n10.0.1.1 gw-one.example gw1\n' >"/etc/netns/$ns/hosts"

# nsswitch ORDER...: the client's hosts line.
nsswitch() { printf 'hosts: %s\n' "$*" >"/etc/netns/$ns/nsswitch.conf"; }

# hop_names CMD...: "hop 1 | hop 2" of a traceroute-like run, each as "name (addr)".
tr_names() { lab_exec c "$@" -q 1 -m 2 "$LAB_HOP4_3" 2>&1 | sed -nE 's/^ ?[12]  ([^ ]+ \([0-9.]+\)).*/\1/p' | paste -sd '|'; }
# mtr_names CMD...: the report's hosts of hops 1 and 2.
mtr_names() { lab_exec c "$@" -r -c 1 -m 2 "$LAB_HOP4_3" 2>&1 | sed -nE 's/^ +[12]\.\|-- ([^ ]+) .*/\1/p' | paste -sd '|'; }

for order in "files dns" "dns files" "files"; do
	nsswitch "$order"
	case $order in
	"files dns") want_tr="gw-one.example (10.0.1.1)|r2.lab.test (10.0.2.1)" ;;
	"dns files") want_tr="r1.lab.test (10.0.1.1)|r2.lab.test (10.0.2.1)" ;;
	files) want_tr="gw-one.example (10.0.1.1)|10.0.2.1 (10.0.2.1)" ;;
	esac
	want_mtr=$(sed -E 's/ \([0-9.]+\)//g' <<<"$want_tr")
	t_assert_eq "hosts: $order: traceroute 2.x names the hops so" "$want_tr" "$(tr_names traceroute)"
	t_assert_eq "hosts: $order: our traceroute names them the same" "$want_tr" "$(tr_names "$b/traceroute")"
	t_assert_eq "hosts: $order: mtr 0.95 names the hops so" "$want_mtr" "$(mtr_names mtr)"
	t_assert_eq "hosts: $order: our mtr names them the same" "$want_mtr" "$(mtr_names "$b/mtr")"
done

# pathping: both sections name hop 1 from the hosts file; ping as iputils.
nsswitch files dns
out=$(lab_exec c "$b/pathping" -q 2 -p 50 -h 2 "$LAB_HOP4_3" 2>&1)
t_assert_eq "pathping: hop 1 named from the hosts file in the trace and the table" 2 \
	"$(grep -c 'gw-one.example \[10.0.1.1\]' <<<"$out")"
t_assert_eq "ping: the reply's name from the hosts file, as iputils" \
	"$(lab_exec c ping -c 1 10.0.1.1 | sed -n 's/ time=.*//; 2p')" \
	"$(lab_exec c "$b/ping" -c 1 10.0.1.1 | sed -n 's/ time=.*//; 2p')"

t_summary
