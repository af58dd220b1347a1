#!/usr/bin/env bash
# dns_lab.sh — the DNS scenarios of the nslookup tests, on top of lab.sh.
#
#   . tests/lab/lib.sh; . tests/lab/lab.sh; . tests/lab/dns_lab.sh
#   trap dns_lab_down EXIT
#   dns_lab_up || exit 1
#   dns_lab_resolv rec                    # the client's resolv.conf (see below)
#   dns_lab_exec nslookup www.t.test      # in the client namespace, never elsewhere
#
# dns_lab_up builds a lab with one router and lab.sh's --dns (nsd for lab.test on
# LAB_DNS4), then adds to the target namespace (addresses on its link, 10.0.2.0/24 and
# fd00:0:0:2::/64):
#   10.0.2.10  fd00:0:0:2::10   nsd, authoritative: "." (a tiny root), t.test (every
#                               record type nslookup knows, a CNAME chain, 40 A records
#                               at big.t.test, odd labels, resolver.t.test: both
#                               addresses of the validating unbound), sec.test
#                               (DNSSEC-signed at start-up with a fresh ECDSA key) and
#                               xfr.test (300 TXT records: an AXFR of two messages);
#                               zone transfers allowed for t.test and xfr.test only
#   10.0.2.20  fd00:0:0:2::20   unbound, validating (trust anchor: sec.test's key), RA
#   10.0.2.21                   unbound, not validating
#   10.0.2.30  servfail   10.0.2.31 silent    10.0.2.32 nxrewrite   10.0.2.33 spoof
#   10.0.2.34  (the spoofer's second address)  10.0.2.35 noedns     10.0.2.36 notcp
#   10.0.2.37  notc       10.0.2.38 refused   10.0.2.39 raw: a malformed answer (its
#                                             last record ends early)
#   10.0.2.40  flaky (drops every third UDP query)
#   10.0.2.41  dead: everything sent to it is dropped (a TCP connect never finishes)
#   10.0.2.42  xfrcut            10.0.2.43 xfrhang    10.0.2.44 xfrnosoa
#   10.0.2.45  tcprefused (UDP proxied, REFUSED over TCP)
#   10.0.2.46  whoami: authoritative for whoami.test (delegated from the root), its TXT
#              answer is the address that asked
#   (dns_fake modes, see dns_fake.c; the proxies ask 10.0.2.20)
# Both unbounds resolve only through the lab: "." and every lab zone are stub zones
# pointing at the lab's servers, and an nftables output chain in the target namespace
# drops anything not addressed to 10/8, fd00::/8 or loopback, so nothing can leave.
#
# Variables exported (besides lab.sh's): DNSLAB_AUTH4/6, DNSLAB_RES4/6 (validating),
# DNSLAB_RESB4, DNSLAB_SERVFAIL4, DNSLAB_SILENT4, DNSLAB_NXREWRITE4, DNSLAB_SPOOF4,
# DNSLAB_SPOOF_FROM4, DNSLAB_NOEDNS4, DNSLAB_NOTCP4, DNSLAB_NOTC4, DNSLAB_REFUSED4,
# DNSLAB_BADPACKET4, DNSLAB_FLAKY4, DNSLAB_XFRCUT4, DNSLAB_XFRHANG4, DNSLAB_XFRNOSOA4,
# DNSLAB_TCPREFUSED4, DNSLAB_WHOAMI4,
# DNSLAB_DIR (state: zones, keys, configs, logs, pids),
# DNSLAB_NSLOOKUP (our binary).
#
# dns_lab_resolv KIND writes the client's /etc/netns/<client>/resolv.conf:
#   rec        nameserver DNSLAB_RES4, search t.test
#   auth       nameserver DNSLAB_AUTH4, search t.test
#   lab        nameserver LAB_DNS4, search lab.test (lab.sh's nsd)
#   silentrec  the silent server, then DNSLAB_RES4, options timeout:1 attempts:2
#   silent2    two silent servers, options timeout:1
#   v6         nameserver DNSLAB_RES6
#   empty      nothing at all (BIND then tries ::1 and 127.0.0.1)
#   RAW:<text> the text itself (\n for new lines, _ for spaces)
#
# Every daemon is started by the calling shell (never inside $(...)), its PID and
# start time recorded in DNSLAB_DIR/pids; dns_lab_down kills exactly those (TERM, up to
# 3 s, then KILL) before lab_down removes the namespaces. Safe in a trap; idempotent.

_DNSLAB_SELF=$(readlink -f "${BASH_SOURCE[0]}")
# A reply to "x." A IN whose answer record claims 4 octets of rdata but carries 2.
_DNSLAB_BADPACKET=00008180000100010000000001780000010001c00c000100010000012c00040a00
_DNSLAB_ROOT=$(cd "${_DNSLAB_SELF%/*}/../.." && pwd)

# dns_lab_test_up
# A test script's start: the DNS lab up, torn down on exit (with DNSLAB_REUSE=1 the lab
# held by `dns_lab.sh hold` is used as it is). If it cannot come up: one FAIL line, the
# summary, exit 1.
dns_lab_test_up() {
	[[ ${DNSLAB_REUSE:-0} == 1 ]] && return 0
	trap dns_lab_down EXIT
	dns_lab_up && return 0
	t_fail "dns lab comes up" "dns_lab_up failed"
	t_summary
	exit 1
}

# dns_lab_exec CMD...
# Run CMD in the client namespace; fails if the lab is not up (never the root ns).
dns_lab_exec() {
	if [[ -z ${LAB_NS_CLIENT:-} ]]; then
		echo "dns_lab.sh: no lab is up" >&2
		return 2
	fi
	lab_exec c "$@"
}

# (Process bookkeeping — _lab_starttime, _lab_alive, _lab_kill — is lab.sh's, which the
# caller has sourced.)

# _dnslab_spawn NAME LOG CMD...
# Start CMD in the target namespace, in the background and disowned (this shell still
# reaps it); record "PID STARTTIME NAME". Sets _DNSLAB_PID.
_dnslab_spawn() {
	local name=$1 log=$2 start
	shift 2
	ip netns exec "$LAB_NS_TARGET" "$@" </dev/null >>"$log" 2>&1 &
	_DNSLAB_PID=$!
	disown "$_DNSLAB_PID"
	start=$(_lab_starttime "$_DNSLAB_PID")
	printf '%s %s %s\n' "$_DNSLAB_PID" "${start:-0}" "$name" >>"$DNSLAB_DIR/pids"
}

# _dnslab_wait_answer ADDR NAME TYPE
# Poll (at most ~10 s) until ADDR answers NAME/TYPE from the client namespace.
_dnslab_wait_answer() {
	local addr=$1 name=$2 type=$3 i out
	for ((i = 0; i < 100; i++)); do
		out=$(lab_exec c dig +time=1 +tries=1 +noall +comments "@$addr" "$name" "$type" 2>/dev/null)
		[[ $out == *"status: "* ]] && return 0
		sleep 0.1
	done
	echo "dns_lab.sh: $addr does not answer $name $type" >&2
	return 1
}

# _dnslab_wait_line FILE TEXT
# Poll (at most 5 s) until FILE holds a line TEXT (dns_fake prints "ready").
_dnslab_wait_line() {
	local i
	for ((i = 0; i < 100; i++)); do
		grep -qx "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "dns_lab.sh: no '$2' in $1: $(tail -n 1 "$1" 2>/dev/null)" >&2
	return 1
}

# _dnslab_addresses
# Every extra address on the target's link, and the egress guard.
_dnslab_addresses() {
	local ns=$LAB_NS_TARGET dev=to-r1 a
	for a in 10 20 21 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46; do
		ip -n "$ns" addr add "10.0.2.$a/24" dev "$dev" || return 1
	done
	for a in 10 20; do
		ip -n "$ns" addr add "fd00:0:0:2::$a/64" dev "$dev" nodad || return 1
	done
	ip netns exec "$ns" nft -f - <<'EOF' || return 1
table inet netdx_dnslab {
	chain ingress {
		type filter hook input priority 0; policy accept;
		ip daddr 10.0.2.41 drop
	}
	chain egress {
		type filter hook output priority 0; policy drop;
		oifname "lo" accept
		ip daddr 10.0.0.0/8 accept
		ip6 daddr fd00::/8 accept
		ip6 daddr fe80::/10 accept
		ip6 daddr ff02::/16 accept
	}
}
EOF
}

# _dnslab_zones DIR
# Zone files: the root, t.test and sec.test (signed here, with fresh keys).
_dnslab_zones() {
	local dir=$1 i k64 h32
	k64=$(printf 'k%.0s' {1..64} | base64 -w0)
	h32=$(printf 'ab%.0s' {1..32})
	cat >"$dir/root.zone" <<'EOF'
$ORIGIN .
$TTL 300
@ IN SOA ns.t.test. hostmaster.t.test. 1 3600 600 86400 300
@ IN NS ns.t.test.
t.test. IN NS ns.t.test.
ns.t.test. IN A 10.0.2.10
sec.test. IN NS ns.t.test.
lab.test. IN NS ns1.lab.test.
ns1.lab.test. IN A 10.0.2.1
whoami.test. IN NS ns.whoami.test.
ns.whoami.test. IN A 10.0.2.46
EOF
	{
		cat <<EOF
\$ORIGIN t.test.
\$TTL 300
@ IN SOA ns.t.test. admin.t.test. 2024010101 7200 900 1209600 600
@ IN NS ns
@ IN A 10.0.2.10
@ IN MX 10 mx
ns IN A 10.0.2.10
ns IN AAAA fd00:0:0:2::10
resolver IN A 10.0.2.20
resolver IN AAAA fd00:0:0:2::20
a IN A 192.0.2.1
a IN A 192.0.2.2
aaaa IN AAAA 2001:db8::1
aaaa IN AAAA 2001:db8:0:0:1::
aaaa IN AAAA ::ffff:192.0.2.9
both IN A 192.0.2.3
both IN AAAA 2001:db8::3
www IN CNAME both
mx IN MX 10 mail.t.test.
mx IN MX 20 mail2.t.test.
mail IN A 192.0.2.25
mail IN AAAA 2001:db8::25
txt IN TXT "hello world"
esc IN TXT "quote\"s" "back\\\\slash" "semi;colon" "tab\\009x" "utf8\\195\\169" "" "paren()" "at@dollar\$"
long IN TXT "$(printf 'x%.0s' {1..255})" "$(printf 'y%.0s' {1..100})"
_sip._tcp IN SRV 10 60 5060 sip.t.test.
naptr IN NAPTR 100 10 "U" "E2U+sip" "!^.*\$!sip:info@example.com!" .
naptr IN NAPTR 102 10 "S" "SIP+D2U" "" _sip._udp.t.test.
caa IN CAA 0 issue "ca.example.net"
caa IN CAA 128 tbs "v\"x;y"
caa IN CAA 0 iodef "mailto:sec@t.test"
ptr IN PTR a.t.test.
hinfo IN HINFO "PC" "Linux 6"
rp IN RP admin.t.test. txt.t.test.
afsdb IN AFSDB 1 afs.t.test.
loc IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m
loc2 IN LOC 42 21 54 N 71 06 18 W -24m 30m
sshfp IN SSHFP 4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789
_443._tcp IN TLSA 3 1 1 $h32
ds IN DS 12345 13 2 $h32
ds IN DS 54321 8 1 0123456789ABCDEF0123456789ABCDEF01234567
dnskey IN DNSKEY 257 3 13 $k64
rrsig IN RRSIG A 13 3 300 20300101000000 20200101000000 12345 t.test. $k64
nsec IN NSEC next.t.test. A MX RRSIG NSEC TYPE1234
nsec3param IN NSEC3PARAM 1 0 10 AABBCCDD
svcb IN SVCB 1 svc.t.test. alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1 mandatory=alpn,port
https IN HTTPS 1 . alpn=h3 no-default-alpn ech=AEX+DQBBtwAgACBvqw== key65000=abc
httpsalias IN HTTPS 0 svc.t.test.
uri IN URI 10 1 "https://example.com/"
dname IN DNAME target.example.
cname IN CNAME a.t.test.
chain1 IN CNAME chain2
chain2 IN CNAME chain3
chain3 IN CNAME a
unknown IN TYPE65280 \# 4 0A000001
longunknown IN TYPE65282 \# 40 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF0011223344556677
spf IN SPF "v=spf1 -all"
eui48 IN EUI48 00-00-5e-00-53-2a
eui64 IN EUI64 00-00-5e-ef-10-00-00-2a
cert IN CERT PGP 0 0 $k64
dhcid IN DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=
openpgpkey IN OPENPGPKEY $k64
kx IN KX 10 kx.t.test.
apl IN APL 1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8::/32
ipseckey IN IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
csync IN CSYNC 66 3 A NS AAAA
zonemd IN ZONEMD 2018031500 1 1 ${h32}${h32:0:32}
cds IN CDS 12345 13 2 $h32
cdnskey IN CDNSKEY 257 3 13 $k64
smimea IN SMIMEA 3 1 1 $h32
nid IN NID 10 0014:4fff:ff20:ee64
l32 IN L32 10 10.1.2.0
l64 IN L64 10 2001:0DB8:1140:1000
lp IN LP 10 l64-subnet.t.test.
wks IN WKS 192.0.2.5 TCP 21 25 80
x25 IN X25 "311061700956"
isdn IN ISDN "150862028003217" "004"
minfo IN MINFO rmail.t.test. email.t.test.
null IN NULL \# 3 010203
we\.ird IN A 192.0.2.7
sp\032ace IN A 192.0.2.8
nodata IN TXT "only txt"
*.wild IN A 192.0.2.99
v4only IN A 192.0.2.4
v6only IN AAAA 2001:db8::6
EOF
		for ((i = 1; i <= 40; i++)); do printf 'big IN A 192.0.2.%s\n' "$((100 + i))"; done
	} >"$dir/t.test.zone"
	# more than nsd puts in one message (16 KiB): an AXFR of several messages
	{
		printf '$ORIGIN xfr.test.\n$TTL 300\n'
		printf '@ IN SOA ns.t.test. admin.t.test. 7 3600 600 86400 300\n@ IN NS ns.t.test.\n'
		for ((i = 1; i <= 300; i++)); do
			printf 'r%s IN TXT "record %s %s"\n' "$i" "$i" "$(printf 'z%.0s' {1..60})"
		done
	} >"$dir/xfr.test.zone"
	cat >"$dir/sec.test.zone" <<'EOF'
$ORIGIN sec.test.
$TTL 300
@ IN SOA ns.t.test. admin.t.test. 1 3600 600 86400 300
@ IN NS ns.t.test.
@ IN A 192.0.2.80
www IN A 192.0.2.80
EOF
	(
		cd "$dir" || exit 1
		dnssec-keygen -q -a ECDSAP256SHA256 -f KSK -n ZONE sec.test >ksk.name || exit 1
		dnssec-keygen -q -a ECDSAP256SHA256 -n ZONE sec.test >zsk.name || exit 1
		cat "$(cat ksk.name).key" "$(cat zsk.name).key" >>sec.test.zone
		dnssec-signzone -q -o sec.test -k "$(cat ksk.name)" -f sec.test.zone.signed \
			sec.test.zone "$(cat zsk.name)" >/dev/null || exit 1
		# the trust anchor: the KSK's DNSKEY line
		grep -v '^;' "$(cat ksk.name).key" >sec.test.anchor
	) >>"$dir/build.log" 2>&1
}

# _dnslab_nsd_conf DIR
# nsd.conf for the authoritative server on .10.
_dnslab_nsd_conf() {
	local dir=$1
	_lab_nsd_server "$dir" netdx-dnslab 10.0.2.10 fd00:0:0:2::10 >"$dir/nsd.conf"
	cat >>"$dir/nsd.conf" <<EOF
	nsid: "ascii_dnslab-auth"
remote-control:
	control-enable: no
zone:
	name: "."
	zonefile: "root.zone"
zone:
	name: "t.test"
	zonefile: "t.test.zone"
	provide-xfr: 0.0.0.0/0 NOKEY
	provide-xfr: ::0/0 NOKEY
zone:
	name: "xfr.test"
	zonefile: "xfr.test.zone"
	provide-xfr: 0.0.0.0/0 NOKEY
	provide-xfr: ::0/0 NOKEY
zone:
	name: "sec.test"
	zonefile: "sec.test.zone.signed"
EOF
}

# _dnslab_unbound_conf DIR NAME VALIDATE ADDR...
# unbound.conf for a resolver that only ever asks lab servers.
_dnslab_unbound_conf() {
	local dir=$1 name=$2 validate=$3 a
	shift 3
	{
		printf 'server:\n'
		for a in "$@"; do printf '\tinterface: %s\n' "$a"; done
		cat <<EOF
	port: 53
	do-daemonize: no
	username: ""
	chroot: ""
	directory: "$dir"
	pidfile: "$dir/unbound-$name.pid"
	logfile: "$dir/unbound-$name.log"
	use-syslog: no
	verbosity: 1
	num-threads: 1
	so-reuseport: no
	access-control: 0.0.0.0/0 allow
	access-control: ::/0 allow
	do-not-query-localhost: no
	root-hints: "$dir/root.hints"
	rrset-roundrobin: no
	minimal-responses: no
	edns-buffer-size: 1232
	# the dns_fake proxies ask over TCP, one connection per query: a check's burst
	# (latency, cache-miss and test queries of several proxies at once) is more than
	# unbound's 10 connections by default, and the others waited
	incoming-num-tcp: 128
	val-log-level: 2
	unblock-lan-zones: yes
	insecure-lan-zones: yes
	local-zone: "test." nodefault
	identity: "netdx-dnslab-$name"
	nsid: "ascii_unbound-$name"
EOF
		if [[ $validate == yes ]]; then
			printf '\tmodule-config: "validator iterator"\n'
			printf '\ttrust-anchor-file: "%s/sec.test.anchor"\n' "$dir"
		else
			printf '\tmodule-config: "iterator"\n'
		fi
		printf 'stub-zone:\n\tname: "."\n\tstub-addr: 10.0.2.10\n'
		printf 'stub-zone:\n\tname: "t.test"\n\tstub-addr: 10.0.2.10\n'
		printf 'stub-zone:\n\tname: "sec.test"\n\tstub-addr: 10.0.2.10\n'
		for a in lab.test 10.in-addr.arpa 0.0.d.f.ip6.arpa; do
			printf 'stub-zone:\n\tname: "%s"\n\tstub-addr: 10.0.2.1\n' "$a"
		done
		printf 'remote-control:\n\tcontrol-enable: no\n'
	} >"$dir/unbound-$name.conf"
}

# _dnslab_spawn_nsd DIR
# nsd forks; as lab.sh does, it runs as PID 1 of its own PID namespace (unshare), so
# whatever it leaves is killed with it. Both PIDs are recorded, nsd's last (killed
# first: unshare itself does not pass SIGTERM on).
_dnslab_spawn_nsd() {
	local dir=$1 upid pid="" i start
	_dnslab_spawn unshare "$dir/nsd.out" unshare --pid --fork --kill-child \
		nsd -d -c "$dir/nsd.conf"
	upid=$_DNSLAB_PID
	for ((i = 0; i < 100; i++)); do
		read -r pid _ 2>/dev/null <"/proc/$upid/task/$upid/children"
		[[ -n $pid && $(readlink "/proc/$pid/exe" 2>/dev/null) == */nsd ]] && break
		pid=""
		_lab_alive "$upid" || break
		sleep 0.02
	done
	if [[ -z $pid ]]; then
		echo "dns_lab.sh: nsd did not start: $(tail -n 1 "$dir/nsd.out" 2>/dev/null)" >&2
		return 1
	fi
	start=$(_lab_starttime "$pid")
	printf '%s %s nsd\n' "$pid" "${start:-0}" >>"$DNSLAB_DIR/pids"
}

# _dnslab_fake MODE ADDR [ARGS...]
# Start one dns_fake and wait for its "ready".
_dnslab_fake() {
	local mode=$1 addr=$2 log
	shift 2
	log=$DNSLAB_DIR/fake-$mode.log
	_dnslab_spawn "fake-$mode" "$log" "$LAB_BUILD/tests/dns_fake" \
		--mode "$mode" --listen "$addr" "$@"
	_dnslab_wait_line "$log" ready
}

# dns_lab_up
# The whole DNS lab (see the header). Returns 1 (cleaned up) if anything fails.
dns_lab_up() {
	local dir fake
	fake=$LAB_BUILD/tests/dns_fake
	if [[ ! -x $fake ]]; then
		echo "dns_lab.sh: $fake missing (make)" >&2
		return 2
	fi
	for dir in nsd unbound dnssec-keygen dnssec-signzone dig; do
		if ! command -v "$dir" >/dev/null; then
			echo "dns_lab.sh: $dir not found (make deps)" >&2
			return 2
		fi
	done
	lab_up --routers 1 --dns || return 1
	export DNSLAB_DIR=$LAB_STATE/dnslab
	mkdir -p "$DNSLAB_DIR"
	: >"$DNSLAB_DIR/pids"
	export DNSLAB_AUTH4=10.0.2.10 DNSLAB_AUTH6=fd00:0:0:2::10
	export DNSLAB_RES4=10.0.2.20 DNSLAB_RES6=fd00:0:0:2::20 DNSLAB_RESB4=10.0.2.21
	export DNSLAB_SERVFAIL4=10.0.2.30 DNSLAB_SILENT4=10.0.2.31 DNSLAB_NXREWRITE4=10.0.2.32
	export DNSLAB_SPOOF4=10.0.2.33 DNSLAB_SPOOF_FROM4=10.0.2.34 DNSLAB_NOEDNS4=10.0.2.35
	export DNSLAB_NOTCP4=10.0.2.36 DNSLAB_NOTC4=10.0.2.37 DNSLAB_REFUSED4=10.0.2.38
	export DNSLAB_BADPACKET4=10.0.2.39 DNSLAB_FLAKY4=10.0.2.40
	export DNSLAB_XFRCUT4=10.0.2.42 DNSLAB_XFRHANG4=10.0.2.43 DNSLAB_XFRNOSOA4=10.0.2.44
	export DNSLAB_TCPREFUSED4=10.0.2.45 DNSLAB_WHOAMI4=10.0.2.46
	export DNSLAB_NSLOOKUP
	DNSLAB_NSLOOKUP=$LAB_BUILD/bin/nslookup
	dir=$DNSLAB_DIR
	if ! _dnslab_addresses || ! _dnslab_zones "$dir"; then
		echo "dns_lab.sh: setup failed: $(tail -n 1 "$dir/build.log" 2>/dev/null)" >&2
		dns_lab_down
		return 1
	fi
	_dnslab_nsd_conf "$dir"
	printf '. 3600000 IN NS ns.t.test.\nns.t.test. 3600000 IN A 10.0.2.10\n' >"$dir/root.hints"
	_dnslab_unbound_conf "$dir" A yes 10.0.2.20 fd00:0:0:2::20
	_dnslab_unbound_conf "$dir" B no 10.0.2.21
	_dnslab_spawn_nsd "$dir" || {
		dns_lab_down
		return 1
	}
	_dnslab_spawn unbound-A "$dir/unbound-A.out" unbound -d -c "$dir/unbound-A.conf"
	_dnslab_spawn unbound-B "$dir/unbound-B.out" unbound -d -c "$dir/unbound-B.conf"
	if ! _dnslab_wait_answer 10.0.2.10 t.test SOA ||
		! _dnslab_wait_answer 10.0.2.20 t.test SOA ||
		! _dnslab_wait_answer 10.0.2.21 t.test SOA ||
		! _dnslab_fake servfail 10.0.2.30 ||
		! _dnslab_fake silent 10.0.2.31 ||
		! _dnslab_fake nxrewrite 10.0.2.32 --upstream 10.0.2.20 ||
		! _dnslab_fake spoof 10.0.2.33 --upstream 10.0.2.20 --spoof-from 10.0.2.34 ||
		! _dnslab_fake noedns 10.0.2.35 --upstream 10.0.2.20 ||
		! _dnslab_fake notcp 10.0.2.36 --upstream 10.0.2.20 ||
		! _dnslab_fake notc 10.0.2.37 --upstream 10.0.2.20 ||
		! _dnslab_fake refused 10.0.2.38 ||
		! _dnslab_fake raw 10.0.2.39 --reply-hex "$_DNSLAB_BADPACKET" ||
		! _dnslab_fake flaky 10.0.2.40 --upstream 10.0.2.20 ||
		! _dnslab_fake xfrcut 10.0.2.42 ||
		! _dnslab_fake xfrhang 10.0.2.43 ||
		! _dnslab_fake xfrnosoa 10.0.2.44 ||
		! _dnslab_fake tcprefused 10.0.2.45 --upstream 10.0.2.20 ||
		! _dnslab_fake whoami 10.0.2.46; then
		dns_lab_down
		return 1
	fi
	dns_lab_resolv rec
	return 0
}

# dns_lab_resolv KIND
# Write the client's resolv.conf (see the header).
dns_lab_resolv() {
	local f=/etc/netns/$LAB_NS_CLIENT/resolv.conf text
	case $1 in
	rec) text="nameserver $DNSLAB_RES4\nsearch t.test" ;;
	auth) text="nameserver $DNSLAB_AUTH4\nsearch t.test" ;;
	lab) text="nameserver $LAB_DNS4\nsearch lab.test" ;;
	silentrec) text="nameserver $DNSLAB_SILENT4\nnameserver $DNSLAB_RES4\noptions timeout:1 attempts:2" ;;
	silent2) text="nameserver $DNSLAB_SILENT4\nnameserver 10.0.2.34\noptions timeout:1" ;;
	v6) text="nameserver $DNSLAB_RES6\nsearch t.test" ;;
	empty) text="" ;;
	RAW:*)
		text=${1#RAW:}
		text=${text//_/ }
		;;
	*)
		echo "dns_lab.sh: unknown resolv.conf kind: $1" >&2
		return 2
		;;
	esac
	printf '%b\n' "$text" >"$f"
}

# dns_lab_down
# Kill the recorded daemons, then tear the lab down. Idempotent.
dns_lab_down() {
	local pid start rest
	if [[ -n ${DNSLAB_DIR:-} && -f $DNSLAB_DIR/pids ]]; then
		while read -r pid start rest; do
			_lab_kill "$pid" "$start"
		done < <(tac "$DNSLAB_DIR/pids")
	fi
	lab_down
	return 0
}

# As a command: hold a DNS lab up for manual use until stdin closes or SIGTERM.
#   bash tests/lab/dns_lab.sh hold    (prints the variables, then waits)
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -u
	. "$_DNSLAB_ROOT/tests/lab/lab.sh"
	[[ ${1:-} == hold ]] || {
		echo "usage: dns_lab.sh hold" >&2
		exit 2
	}
	trap 'dns_lab_down; exit 0' EXIT TERM INT
	dns_lab_up || exit 1
	env | grep -E "^(LAB|DNSLAB)(_|=)" | sort
	echo "dns lab up; close stdin or send SIGTERM to tear it down"
	while read -r _; do :; done
fi
