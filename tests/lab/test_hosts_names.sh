#!/usr/bin/env bash
# test_hosts_names.sh — names from the client's hosts file (/etc/netns/NS/hosts, which
# `ip netns exec` mounts over /etc/hosts) and the lab's DNS (nsd: rN.lab.test,
# t.lab.test, www.lab.test a CNAME of lab.test, the target), in the order of the
# client's nsswitch.conf (mounted the same way: "files dns", "dns files", "files"),
# forward (targets) and reverse (replies, hops), shown by ping, traceroute, mtr and
# pathping exactly as the peers show them on the same path: iputils ping's PING,
# reply and From lines, traceroute 2.x's output, mtr 0.95's report host column (RTTs
# masked). pathping has no peer here: its hop list and table name hops as FORMATS.md's
# "name [addr]". Then a hosts file of garbage lines, read line by line as glibc does.
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
trap 'lab_down >/dev/null 2>&1' EXIT
lab_up --routers 2 --dns || exit 1
ns=$(lab_ns c)

# The two sources disagree on every address of the path and on www.lab.test.
cat >"/etc/netns/$ns/hosts" <<'EOF'
10.0.1.1 gw-one.example gw1
10.0.2.1 r2-hosts.example www.lab.test
10.0.3.1 tgt.example tgt
fd00:0:0:3::1 tgt6.example tgt6
EOF

# nsswitch SOURCES...: the client's hosts line.
nsswitch() { printf 'hosts: %s\n' "$*" >"/etc/netns/$ns/nsswitch.conf"; }
# masked: RTTs as X.
masked() { sed -E 's/time=[0-9.]+ ms/time=X ms/; s/[0-9]+\.[0-9]+ ms/X ms/g'; }
# ping_lines PING ARGS...: the lines that name addresses (PING, replies, From).
ping_lines() { lab_exec c "$@" 2>&1 | grep -E '^(PING |[0-9]+ bytes from |From )' | masked; }
# tr_out TRACEROUTE ARGS...: the whole output, RTTs masked.
tr_out() { lab_exec c "$@" 2>&1 | masked; }
# mtr_hosts MTR ARGS...: "hop host" of every row of the report.
mtr_hosts() { lab_exec c "$@" -r -c 1 2>&1 | sed -nE 's/^ +([0-9]+)\.\|-- (.*)/\1 \2/; T; s/ +[0-9.]+%.*//p'; }

# same_as_peer NAME WANT OURS PEER: ours is WANT (what this lab was built to show)
# and the peer shows the same.
same_as_peer() {
	t_assert_eq "$1: ours" "$2" "$3"
	t_assert_eq "$1: the peer shows the same" "$2" "$4"
}

# check_ping ORDER HOP1 TARGET TARGET6 WWW_HEADER: iputils' lines, ours the same.
check_ping() {
	local o=$1 args
	same_as_peer "hosts: $o: ping -4 tgt: forward from the file, replies named" \
		"PING tgt.example (10.0.3.1) 56(84) bytes of data.
64 bytes from $3 (10.0.3.1): icmp_seq=1 ttl=62 time=X ms
64 bytes from $3 (10.0.3.1): icmp_seq=2 ttl=62 time=X ms" \
		"$(ping_lines "$b/ping" -4 -c 2 -i 0.2 tgt)" "$(ping_lines ping -4 -c 2 -i 0.2 tgt)"
	same_as_peer "hosts: $o: ping -t 1: the router's From line" \
		"From $2 (10.0.1.1) icmp_seq=1 Time to live exceeded" \
		"$(ping_lines "$b/ping" -4 -c 1 -t 1 tgt | sed 1d)" \
		"$(ping_lines ping -4 -c 1 -t 1 tgt | sed 1d)"
	same_as_peer "hosts: $o: ping tgt6: the IPv6 header names the target" \
		"PING tgt6($4 (fd00:0:0:3::1)) 56 data bytes" \
		"$(ping_lines "$b/ping" -c 1 tgt6 | head -1)" "$(ping_lines ping -c 1 tgt6 | head -1)"
	# www.lab.test: the first source's address and canonical name (iputils goes to the
	# same address, but prints an empty name when DNS gave it through a CNAME: what
	# glibc 2.36's getaddrinfo hands it there; getent ahosts says lab.test)
	args=(-4 -c 1 -n www.lab.test)
	t_assert_eq "hosts: $o: ping www.lab.test: the first source's address and canonical name" \
		"$5" "$(ping_lines "$b/ping" "${args[@]}" | head -1)"
	t_assert_eq "hosts: $o: ping www.lab.test: iputils goes to the same address" \
		"$(sed -E 's/^PING [^ ]* /PING X /' <<<"$5")" \
		"$(ping_lines ping "${args[@]}" | head -1 | sed -E 's/^PING [^ ]* ?\(/PING X (/')"
}

# check_path ORDER HOPS...: traceroute's and mtr's hops, ours as the peers'.
check_path() {
	local o=$1 want_tr="traceroute to tgt (10.0.3.1), 30 hops max, 60 byte packets" want_mtr k=0
	shift
	for h in "$@"; do
		k=$((k + 1))
		want_tr+=$'\n'" $k  $h (10.0.$k.1)  X ms"
		want_mtr+="${want_mtr:+$'\n'}$k $h"
	done
	same_as_peer "hosts: $o: traceroute's hops" "$want_tr" \
		"$(tr_out "$b/traceroute" -q 1 tgt)" "$(tr_out traceroute -q 1 tgt)"
	same_as_peer "hosts: $o: mtr's report names the hops" "$want_mtr" \
		"$(mtr_hosts "$b/mtr" tgt)" "$(mtr_hosts mtr tgt)"
}

# check_www ORDER ADDR HOPS: www.lab.test's address by the first source, in
# traceroute's header and mtr's last hop.
check_www() {
	local first
	first=$(tr_out "$b/traceroute" -4 -q 1 www.lab.test | head -1)
	same_as_peer "hosts: $1: traceroute www.lab.test goes to the first source's address" \
		"traceroute to www.lab.test ($2), 30 hops max, 60 byte packets" "$first" \
		"$(tr_out traceroute -4 -q 1 www.lab.test | head -1)"
	same_as_peer "hosts: $1: mtr www.lab.test ends at hop $3" "$3" \
		"$(mtr_hosts "$b/mtr" -4 www.lab.test | tail -1 | cut -d' ' -f1)" \
		"$(mtr_hosts mtr -4 www.lab.test | tail -1 | cut -d' ' -f1)"
}

# check_pathping ORDER HOP1 TARGET: both sections name hop 1 and the target so.
check_pathping() {
	local out
	out=$(lab_exec c "$b/pathping" -q 2 -p 50 -h 3 tgt 2>&1)
	t_assert_eq "hosts: $1: pathping names hop 1 in the hop list and the table" 2 \
		"$(grep -cE "^ +1 .* $2 \[10\.0\.1\.1\] ?\$" <<<"$out")"
	t_assert_eq "hosts: $1: pathping names the target in both" 2 \
		"$(grep -cE "^ +3 .* $3 \[10\.0\.3\.1\] ?\$" <<<"$out")"
	t_assert_match "hosts: $1: pathping www.lab.test to the first source's address" \
		"^Tracing route to [^ ]+ \[$4\]" "$(lab_exec c "$b/pathping" -4 -q 1 -p 50 -h 3 www.lab.test 2>&1)"
}

nsswitch files dns
check_ping "files dns" gw-one.example tgt.example tgt6.example \
	"PING r2-hosts.example (10.0.2.1) 56(84) bytes of data."
check_path "files dns" gw-one.example r2-hosts.example tgt.example
check_www "files dns" 10.0.2.1 2
check_pathping "files dns" gw-one.example tgt.example 10.0.2.1

nsswitch dns files
check_ping "dns files" r1.lab.test t.lab.test t.lab.test "PING lab.test (10.0.3.1) 56(84) bytes of data."
check_path "dns files" r1.lab.test r2.lab.test t.lab.test
check_www "dns files" 10.0.3.1 3
check_pathping "dns files" r1.lab.test t.lab.test 10.0.3.1

# files alone: DNS is never asked, so an address the file does not list has no name
# (IPv6: the file names only the target).
nsswitch files
want6="traceroute to fd00:0:0:3::1 (fd00:0:0:3::1), 30 hops max, 80 byte packets
 1  fd00:0:0:1::1 (fd00:0:0:1::1)  X ms
 2  fd00:0:0:2::1 (fd00:0:0:2::1)  X ms
 3  tgt6.example (fd00:0:0:3::1)  X ms"
same_as_peer "hosts: files: traceroute -6: only the target named" "$want6" \
	"$(tr_out "$b/traceroute" -q 1 fd00:0:0:3::1)" "$(tr_out traceroute -q 1 fd00:0:0:3::1)"
same_as_peer "hosts: files: mtr -6: only the target named" \
	$'1 fd00:0:0:1::1\n2 fd00:0:0:2::1\n3 tgt6.example' \
	"$(mtr_hosts "$b/mtr" fd00:0:0:3::1)" "$(mtr_hosts mtr fd00:0:0:3::1)"

# --- garbage lines, as glibc 2.36 reads them (tests/unit/test_dns_hosts.c has each
# kind alone): a lone name, bad and scoped addresses are skipped; an address with only
# a comment after it is known with no name, so DNS is not asked (traceroute 2.x then
# shows the address; mtr 0.95 an empty host and iputils an empty name: we show the
# address as traceroute does); a comment touching a name ends it; a 70,000-byte line
# does not hide the next; the last line has no newline. A control byte in a name is
# shown as \001 (the peers print it raw, and a terminal obeys it).
{
	printf 'gw-lone.example\n10.0.9.300 bad.example\n10.1 short.example\n'
	printf 'fd00:0:0:1::1%%to-r1 scoped.example\n'
	printf '10.0.1.1 # no name\n10.0.1.1 later.example\n'
	printf '10.0.2.1 r2-hosts.example#touching\n'
	printf 'fd00:0:0:2::1 ctl\001six.example\n'
	printf '#%070000d\n' 0
	printf '10.0.3.1 tgt.example tgt'
} >"/etc/netns/$ns/hosts"
nsswitch files dns
peer_tr=$(tr_out traceroute -q 1 tgt)
same_as_peer "garbage: traceroute's hops" "traceroute to tgt (10.0.3.1), 30 hops max, 60 byte packets
 1  10.0.1.1 (10.0.1.1)  X ms
 2  r2-hosts.example (10.0.2.1)  X ms
 3  tgt.example (10.0.3.1)  X ms" "$(tr_out "$b/traceroute" -q 1 tgt)" "$peer_tr"
# hop_names TRACEROUTE ARGS...: the hops' names, on one line.
hop_names() { tr_out "$@" | sed 1d | awk '{ print $2 }' | paste -sd ' '; }
same_as_peer "garbage: IPv6: the scoped line skipped (DNS names hop 1), a control byte escaped" \
	'r1.lab.test ctl\001six.example t.lab.test' "$(hop_names "$b/traceroute" -6 -q 1 fd00:0:0:3::1)" \
	"$(hop_names traceroute -6 -q 1 fd00:0:0:3::1 | sed 's/\x01/\\001/g')"
peer_mtr=$(mtr_hosts mtr tgt)
t_assert_eq "garbage: mtr 0.95's report: hop 1 has an empty host" 1 "$(head -1 <<<"$peer_mtr")"
t_assert_eq "garbage: our mtr shows hop 1 by its address, the rest as mtr" "1 10.0.1.1
$(sed 1d <<<"$peer_mtr")" "$(mtr_hosts "$b/mtr" tgt)"
same_as_peer "garbage: ping -t 2: hop 2's name cut at the comment" \
	"From r2-hosts.example (10.0.2.1) icmp_seq=1 Time to live exceeded" \
	"$(ping_lines "$b/ping" -c 1 -t 2 tgt | sed 1d)" "$(ping_lines ping -c 1 -t 2 tgt | sed 1d)"
t_assert_eq "garbage: ping -6 -t 2: the control byte escaped (iputils prints it raw)" \
	'From ctl\001six.example (fd00:0:0:2::1) icmp_seq=1 Time exceeded: Hop limit' \
	"$(ping_lines "$b/ping" -6 -c 1 -t 2 t.lab.test | sed 1d)"

# --- a name that takes its time: the lab's server goes silent (the target drops DNS
# from the client), a lookup gives up after 1 s, then the file is read ("dns files").
# iputils blocks in getnameinfo; ours keeps the probes going, and each line waits its
# turn: the same lines, in order, before the statistics.
printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$LAB_DNS4" >"/etc/netns/$ns/resolv.conf"
printf 'table inet mute {\n chain in {\n  type filter hook input priority 0; policy accept;\n  ip saddr %s meta l4proto { tcp, udp } th dport 53 drop\n }\n}\n' \
	"$LAB_CLIENT4" | lab_exec t nft -f -
nsswitch dns files
slow=$(lab_exec c "$b/ping" -c 3 -i 0.2 -t 2 tgt 2>&1)
t_assert_eq "silent DNS: ping's lines wait for the names, in order, then the statistics" \
	"$(printf 'From r2-hosts.example (10.0.2.1) icmp_seq=%s Time to live exceeded\n' 1 2 3)
--- tgt.example ping statistics ---" \
	"$(grep -E '^(From |--- )' <<<"$slow")"
t_assert_eq "silent DNS: iputils prints the same lines" \
	"$(grep '^From ' <<<"$slow")" "$(ping_lines ping -c 3 -i 0.2 -t 2 tgt | grep '^From ')"

t_summary
