#!/usr/bin/env bash
# test_nslookup_more.sh — what the golden cases cannot show: spoofed answers really
# reached the client and were dropped, --json, bad input (one line, exit 1), an
# unreadable or broken resolv.conf, the prompt at a terminal, timeouts taking
# the time they should. In the DNS lab (dns_lab.sh); needs root.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/dns_lab.sh
dns_lab_test_up
NSL=$DNSLAB_NSLOOKUP
work=$(mktemp -d "${TMPDIR:-/tmp}/netdx-nsl.XXXXXX")
chmod 755 "$work"
trap 'rm -rf "$work"; [[ ${DNSLAB_REUSE:-0} == 1 ]] || dns_lab_down' EXIT

# run ARGS...: our nslookup in the client namespace; sets OUT, ERR, RC.
run() {
	dns_lab_exec timeout 30 "$NSL" "$@" >"$work/out" 2>"$work/err" </dev/null
	RC=$?
	OUT=$(cat "$work/out")
	ERR=$(cat "$work/err")
}

# --- spoofing: three forged answers arrive first, all are dropped -------------------
dns_lab_resolv rec
lab_exec c nft -f - <<'EOF'
table inet netdx_spoofcount {
	chain in {
		type filter hook input priority -10; policy accept;
		ip saddr 10.0.2.34 udp sport 53 counter
	}
}
EOF
run www.t.test "$DNSLAB_SPOOF4"
t_assert_eq "spoof: exit 0" 0 "$RC"
t_assert_match "spoof: the real address is printed" $'Name:\tboth.t.test\nAddress: 192.0.2.3' "$OUT"
t_assert_no_match "spoof: the forged address is not" "192\.0\.2\.66" "$OUT"
t_assert_match "spoof: the wrong ID is reported, as BIND does" "Warning: ID mismatch: expected ID [0-9]+, got [0-9]+" "$OUT"
t_assert_match "spoof: the wrong question is reported" "Question section mismatch: got spoofed.invalid/A/IN" "$OUT"
pkts=$(lab_exec c nft list table inet netdx_spoofcount | sed -n 's/.*counter packets \([0-9]*\).*/\1/p')
t_assert_range "spoof: answers from the wrong address reached the client (and were dropped)" 1 100 "${pkts:-0}"
lab_exec c nft delete table inet netdx_spoofcount
run --json -type=a www.t.test "$DNSLAB_SPOOF4"
t_assert_eq "spoof, --json: only the real address" "192.0.2.3" \
	"$(jq -r '[.lookups[0].message.answer[] | select(.type == "A") | .data.address] | join(" ")' <<<"$OUT")"
t_assert_match "spoof, --json: the wrong ID is among the warnings" "ID mismatch: expected ID [0-9]+, got [0-9]+" \
	"$(jq -r '.lookups[0].warnings[]' <<<"$OUT")"
t_assert_match "spoof, --json: so is the wrong question" "Question section mismatch: got spoofed.invalid/A/IN" \
	"$(jq -r '.lookups[0].warnings[]' <<<"$OUT")"

# --- --json --------------------------------------------------------------------------
run --json www.t.test
t_assert_eq "json: exit 0" 0 "$RC"
t_assert_eq "json: valid JSON" ok "$(jq -e . >/dev/null <<<"$OUT" 2>&1 && echo ok)"
t_assert_eq "json: two lookups (A, then AAAA)" "A AAAA" "$(jq -r '[.lookups[].type] | join(" ")' <<<"$OUT")"
t_assert_eq "json: the server asked" "10.0.2.20 53 udp" "$(jq -r '.lookups[0] | "\(.server.address) \(.server.port) \(.transport)"' <<<"$OUT")"
t_assert_eq "json: the CNAME with typed data" "CNAME both.t.test." "$(jq -r '.lookups[0].message.answer[0] | "\(.type) \(.data.cname)"' <<<"$OUT")"
t_assert_eq "json: the A record" "192.0.2.3" "$(jq -r '.lookups[0].message.answer[1].data.address' <<<"$OUT")"
t_assert_eq "json: flags and rcode" "true true false NOERROR" "$(jq -r '.lookups[0].message | "\(.flags.rd) \(.flags.ra) \(.flags.aa) \(.rcode)"' <<<"$OUT")"
t_assert_eq "json: rtt is a number" number "$(jq -r '.lookups[0].rtt_ms | type' <<<"$OUT")"
run --json -type=mx nosuch.t.test
t_assert_eq "json: NXDOMAIN exits 1" 1 "$RC"
t_assert_eq "json: NXDOMAIN in the document" "NXDOMAIN 1" "$(jq -r '"\(.lookups[0].message.rcode) \(.exit_code)"' <<<"$OUT")"
t_assert_eq "json: the SOA in the authority section" "SOA 600" "$(jq -r '.lookups[0].message.authority[0] | "\(.type) \(.data.minimum)"' <<<"$OUT")"
run --json -timeout=1 -retry=1 www.t.test "$DNSLAB_SILENT4"
t_assert_eq "json: a silent server exits 1" 1 "$RC"
t_assert_eq "json: no message, and why" "null no servers could be reached" "$(jq -r '.lookups[0] | "\(.message) \(.warnings[-1])"' <<<"$OUT")"
run --json -type=txt txt.t.test "$DNSLAB_AUTH4"
t_assert_eq "json: TXT strings" '["hello world"]' "$(jq -c '.lookups[0].message.answer[0].data.strings' <<<"$OUT")"
run --json
t_assert_eq "json: needs a name" "1|nslookup: --json needs a name to look up (interactive mode prints text)" "$RC|$ERR"

# issue 20: a server whose own name does not resolve still gets a document (text mode
# prints BIND's line on stderr: the golden case in_server_unknown)
run --json www.t.test nosuch.t.test
t_assert_eq "json, server name not found: exit 1, nothing on stderr" "1|" "$RC|$ERR"
t_assert_eq "json, server name not found: the document says why" \
	"www.t.test A nosuch.t.test null null null 1 couldn't get address for 'nosuch.t.test': not found" \
	"$(jq -r '.lookups[0] as $l | "\($l.name) \($l.type) \($l.server.name) \($l.server.address) \($l.transport) \($l.message) \(.exit_code) \($l.warnings | join("|"))"' <<<"$OUT")"

# issue 20: the JSON's warnings are every ";;" line the text prints, in order, those
# of an attempt that was retried (over TCP, after a timeout) included
# json_warnings_as_text NAME ARGS...: the same lookup in text and in --json (query IDs,
# random in each run, masked).
json_warnings_as_text() {
	local name=$1 text
	shift
	run "$@"
	text=$(sed -n 's/^;; //p' <<<"$OUT" | sed -E 's/(ID|got) [0-9]+/\1 N/g')
	run --json "$@"
	t_assert_eq "json warnings = the text's ;; lines: $name" "$text" \
		"$(jq -r '.lookups[].warnings[]' <<<"$OUT" | sed -E 's/(ID|got) [0-9]+/\1 N/g')"
}
json_warnings_as_text "truncated, retried over TCP" big.t.test "$DNSLAB_AUTH4"
json_warnings_as_text "TCP timeouts" -vc -timeout=1 -retry=2 -type=txt txt.t.test "$DNSLAB_SILENT4"
json_warnings_as_text "spoofed replies" www.t.test "$DNSLAB_SPOOF4"
json_warnings_as_text "connection refused" -retry=2 -type=txt x.t.test 127.0.0.9
json_warnings_as_text "TCP connection refused" -vc -retry=2 x 127.0.0.9
json_warnings_as_text "a malformed answer" x. "$DNSLAB_BADPACKET4"
dns_lab_resolv "RAW:nameserver_$DNSLAB_SERVFAIL4\nnameserver_$DNSLAB_RES4\nsearch_t.test"
json_warnings_as_text "SERVFAIL, then the next server" www.t.test
json_warnings_as_text "SERVFAIL, then the search list" -type=mx nosuch
dns_lab_resolv rec
run --json big.t.test "$DNSLAB_AUTH4"
t_assert_eq "json, truncated: the retry line among the warnings, the answer over TCP" \
	"tcp Truncated, retrying in TCP mode. 40" \
	"$(jq -r '.lookups[0] | "\(.transport) \(.warnings | join("|")) \(.message.answer | length)"' <<<"$OUT")"

# --- bad input: one line, exit 1 -----------------------------------------------------
run -type=BOGUS www.t.test
t_assert_eq "bad type: one line, exit 1, nothing on stdout" "1|nslookup: unknown query type: BOGUS|" "$RC|$ERR|$OUT"
run -type=ixfr=12x t.test
t_assert_eq "a bad IXFR serial: one line, exit 1" \
	"1|nslookup: invalid IXFR serial '12x': not a number from 0 to 4294967295|" "$RC|$ERR|$OUT"
run -port=0 www.t.test
t_assert_eq "port 0: one line, exit 1" "1|nslookup: invalid port '0': out of range (1 to 65535)|" "$RC|$ERR|$OUT"
run -port=70000 www.t.test
t_assert_eq "port too large" "1|nslookup: invalid port '70000': out of range (1 to 65535)" "$RC|$ERR"
run -timeout=abc www.t.test
t_assert_eq "timeout not a number" "1|nslookup: invalid timeout 'abc': not a valid number (0 to 86400)" "$RC|$ERR"
run -retry=0 www.t.test
t_assert_eq "retry 0" "1|nslookup: invalid tries '0': out of range (1 to 100)" "$RC|$ERR"
run -class=FOO www.t.test
t_assert_eq "bad class" "1|nslookup: unknown query class: FOO" "$RC|$ERR"
run -frobnicate www.t.test
t_assert_eq "unknown option" "1|nslookup: invalid option: -frobnicate" "$RC|$ERR"
run --frobnicate
t_assert_eq "unknown long option" "1|nslookup: invalid option: --frobnicate" "$RC|$ERR"
run --help
t_assert_eq "--help exits 0" 0 "$RC"
t_assert_match "--help shows --check" "nslookup --check" "$OUT"
run -version
t_assert_match "-version" "^nslookup \(netdx\) " "$OUT"

# --- resolv.conf that cannot be used ------------------------------------------------
conf=/etc/netns/$LAB_NS_CLIENT/resolv.conf
dns_lab_resolv "RAW:nameserver_garbage"
run www.t.test
t_assert_eq "bad resolv.conf: one line, exit 1" "1|nslookup: parse of /etc/resolv.conf failed: line 1: nameserver: not an address: garbage|" "$RC|$ERR|$OUT"
dns_lab_resolv rec
chmod 600 "$conf"
dns_lab_exec setpriv --reuid=65534 --regid=65534 --clear-groups "$NSL" www.t.test \
	>"$work/out" 2>"$work/err" </dev/null
RC=$?
t_assert_eq "unreadable resolv.conf: one line, exit 1" "1|nslookup: parse of /etc/resolv.conf failed: Permission denied" "$RC|$(cat "$work/err")"
chmod 644 "$conf"
dns_lab_exec setpriv --reuid=65534 --regid=65534 --clear-groups "$NSL" www.t.test \
	>"$work/out" 2>"$work/err" </dev/null
t_assert_eq "without privileges it works" 0 "$?"

# --- the prompt at a terminal --------------------------------------------------------
printf 'set type=mx\nmx.t.test\nexit\n' >"$work/in"
dns_lab_exec script -qfec "$NSL" /dev/null <"$work/in" >"$work/tty" 2>&1
tty=$(tr -d '\r' <"$work/tty")
prompts=$(grep -o '> ' <<<"$tty" | wc -l)
t_assert_eq "tty: a prompt before each of the 3 commands" 3 "$prompts"
t_assert_match "tty: the answer" "mx.t.test	mail exchanger = 10 mail.t.test." "$tty"
printf 'set type=mx\nmx.t.test\n' | dns_lab_exec "$NSL" >"$work/out" 2>&1
t_assert_no_match "pipe: no prompt" "^> |
> " "$(cat "$work/out")"

# --- timing --------------------------------------------------------------------
# (-d2 against BIND's: test_nslookup_d2.sh)
# The tries are counted on the wire (a loaded machine only makes a run longer, so the
# time is checked from below only: each try waited its second).
lab_exec c nft -f - <<EOF
table inet nsl_tries {
	chain out {
		type filter hook output priority 0;
		ip daddr $DNSLAB_SILENT4 udp dport 53 counter
	}
}
EOF
t0=$EPOCHREALTIME
run -timeout=1 -retry=2 -type=a www.t.test "$DNSLAB_SILENT4"
t1=$EPOCHREALTIME
tries=$(lab_exec c nft list table inet nsl_tries | grep -o 'packets [0-9]*' | cut -d' ' -f2)
lab_exec c nft delete table inet nsl_tries
t_assert_eq "a silent server: 2 tries" 2 "$tries"
t_assert_range "a silent server: each try waited 1 s" 1.9 600 "$(awk -v a="${t0/,/.}" -v b="${t1/,/.}" 'BEGIN { printf "%.2f", b - a }')"
t_assert_eq "a silent server: exit 1" 1 "$RC"

# --- IPv6 transport and PTR of the answering server --------------------------------
run -type=aaaa both.t.test "$DNSLAB_RES6"
t_assert_match "IPv6 server" $'Address:\tfd00:0:0:2::20#53' "$OUT"
t_assert_match "IPv6 server answers AAAA" "Address: 2001:db8::3" "$OUT"

dns_lab_resolv rec
t_summary
