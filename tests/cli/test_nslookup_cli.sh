#!/usr/bin/env bash
# test_nslookup_cli.sh — nslookup's bad command lines, run inside a lab namespace whose
# resolv.conf names only 127.0.0.1 (nothing listens there): each is one line on stderr,
# nothing on stdout. BIND-style options exit 1 (BIND's own status for a failed run);
# --check's usage errors exit 2. Then --help and --version.
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
trap 'lab_down >/dev/null 2>&1' EXIT
lab_up --routers 1 || exit 1
nsl=$b/nslookup

t_cli_bad "-type=BOGUS" 1 "nslookup: unknown query type: BOGUS" "$nsl" -type=BOGUS x.lab.test
t_cli_bad "-class=XX" 1 "nslookup: unknown query class: XX" "$nsl" -class=XX x.lab.test
t_cli_bad "-port=0" 1 "nslookup: invalid port '0': out of range (1 to 65535)" "$nsl" -port=0 x.lab.test
t_cli_bad "-port=70000" 1 "nslookup: invalid port '70000': out of range (1 to 65535)" "$nsl" -port=70000 x.lab.test
t_cli_bad "-timeout=x" 1 "nslookup: invalid timeout 'x': not a valid number (0 to 86400)" "$nsl" -timeout=x x.lab.test
t_cli_bad "-retry=0" 1 "nslookup: invalid tries '0': out of range (1 to 100)" "$nsl" -retry=0 x.lab.test
t_cli_bad "-retry=x" 1 "nslookup: invalid tries 'x': not a valid number (1 to 100)" "$nsl" -retry=x x.lab.test
t_cli_bad "-ndots=x" 1 "nslookup: invalid ndots 'x': not a valid number (0 to 128)" "$nsl" -ndots=x x.lab.test
t_cli_bad "unknown option" 1 "nslookup: invalid option: -nosuchoption" "$nsl" -nosuchoption x.lab.test
t_cli_bad "-type=ixfr=x" 1 "nslookup: invalid IXFR serial 'x': not a number from 0 to 4294967295" "$nsl" -type=ixfr=x lab.test
t_cli_bad "-type=ixfr=-1" 1 "nslookup: invalid IXFR serial '-1': not a number from 0 to 4294967295" "$nsl" -type=ixfr=-1 lab.test
t_cli_bad "-type=ixfr=2^32" 1 "nslookup: invalid IXFR serial '4294967296': not a number from 0 to 4294967295" "$nsl" -type=ixfr=4294967296 lab.test
t_cli_bad "server not an address" 1 "nslookup: couldn't get address for '1.2.3.4.5': not found" "$nsl" x.lab.test 1.2.3.4.5
t_cli_bad "--json without a name" 1 "nslookup: --json needs a name to look up (interactive mode prints text)" "$nsl" --json
t_cli_bad "--check: unknown option" 2 "nslookup: --check: unknown option --nosuch (see nslookup --help)" "$nsl" --check --nosuch
t_cli_bad "--check: one-dash unknown option" 2 "nslookup: --check: unknown option -x (see nslookup --help)" "$nsl" --check -x
t_cli_bad "--check: --count 0" 2 "nslookup: invalid count '0': too small (minimum 1)" "$nsl" --check --count 0
t_cli_bad "--check: -count=101" 2 "nslookup: invalid count '101': too large (maximum 100)" "$nsl" --check -count=101
t_cli_bad "--check: --count without a value" 2 "nslookup: --check: option --count needs a value" "$nsl" --check --count
t_cli_bad "--check: --timeout 1ms" 2 "nslookup: invalid timeout '1ms': too small (minimum 10ms)" "$nsl" --check --timeout 1ms
t_cli_bad "--check: two names" 2 "nslookup: --check: one name at most, got also 'b.lab.test'" "$nsl" --check a.lab.test b.lab.test
t_cli_bad "--check: a server with a bad port" 2 "nslookup: server: 10.0.1.1#0: port out of range (1 to 65535)" "$nsl" --check --server 10.0.1.1#0
t_cli_bad "--check: a server with a port that is no number" 2 "nslookup: server: 10.0.1.1#dns: the port is not a number" "$nsl" --check --server 10.0.1.1#dns
t_cli_bad "--check: an unknown transport" 2 "nslookup: transport: unknown transport 'quic' (udp, tcp, tls, https)" "$nsl" --check --transport udp,quic
t_cli_bad "--check: a tls:// server with a bad port" 2 "nslookup: server: tls://10.0.1.1:0: port out of range (1 to 65535)" "$nsl" --check --server tls://10.0.1.1:0
t_cli_bad "--check: a tls:// server with no name after #" 2 "nslookup: server: tls://10.0.1.1#: no name after '#'" "$nsl" --check --server 'tls://10.0.1.1#'
t_cli_bad "--check: --insecure without TLS" 2 "nslookup: --check: --insecure goes with TLS or HTTPS (--transport tls or https, a tls:// or https:// server)" "$nsl" --check --insecure --server 10.0.1.1
t_cli_bad "--check: --tls-ca and --insecure" 2 "nslookup: --check: options --tls-ca and --insecure do not go together" "$nsl" --check --transport tls --insecure --tls-ca /dev/null --server 10.0.1.1
t_cli_bad "--check: --tls-ca that is no PEM" 2 "nslookup: tls-ca: /dev/null: no certificate or crl found" "$nsl" --check --transport tls --tls-ca /dev/null --server 10.0.1.1
t_cli_bad "-tls: a bad tls:// server" 1 "nslookup: server: tls://[10.0.1.1]: brackets hold an IPv6 address" "$nsl" x.lab.test 'tls://[10.0.1.1]'
t_cli_bad "--tls-ca without its file" 1 "nslookup: option --tls-ca needs a file" "$nsl" x.lab.test --tls-ca
t_cli_bad "--insecure for a lookup not over TLS" 1 "nslookup: --insecure goes with -tls, a tls:// or an https:// server" "$nsl" --insecure x.lab.test
t_cli_bad "--tls-ca and --insecure" 1 "nslookup: options --tls-ca and --insecure do not go together" "$nsl" -tls --insecure --tls-ca=/dev/null x.lab.test
t_cli_bad "--check: --interval without --ping" 2 "nslookup: --check: --interval goes with --ping" "$nsl" --check -i 1 --server 10.0.1.1
t_cli_bad "--check: --ping and --intercept" 2 "nslookup: --check: options --ping and --intercept do not go together" "$nsl" --check --ping --intercept 10.0.1.9 --server 10.0.1.1
t_cli_bad "--check: --ping -c over its maximum" 2 "nslookup: invalid count '1000001': too large (maximum 1000000)" "$nsl" --check --ping -c 1000001 --server 10.0.1.1
t_cli_bad "--check: --intercept with a bad port" 2 "nslookup: intercept: 10.0.1.9#0: port out of range (1 to 65535)" "$nsl" --check --intercept 10.0.1.9#0 --server 10.0.1.1
t_cli_bad "--check: --json and --openmetrics" 2 "nslookup: --check: options --json and --openmetrics do not go together" "$nsl" --check --json --openmetrics
t_cli_bad "--check: --prometheus and --json" 2 "nslookup: --check: options --prometheus and --json do not go together" "$nsl" --check --prometheus --json
t_cli_bad "--check: --openmetrics and --prometheus" 2 "nslookup: --check: options --openmetrics and --prometheus do not go together" "$nsl" --check --openmetrics --prometheus
t_cli_bad "--check: a server twice in metrics" 2 "nslookup: --check: server 127.0.0.1#5353 given twice: its metrics would be the same series twice" "$nsl" --check --openmetrics --server 127.0.0.1#5353 --server 127.0.0.1#5353
t_cli_bad "--openmetrics without --check" 1 "nslookup: invalid option: --openmetrics" "$nsl" --openmetrics x.lab.test

out=$(lab_exec c "$nsl" a b c 2>&1 >/dev/null)
t_assert_eq "three arguments: exit 1" 1 "$?"
t_assert_match "three arguments: the usage" "^Usage:"$'\n'"   nslookup \\[-opt \\.\\.\\.\\] " "$out"

out=$(lab_exec c "$nsl" --help 2>&1)
t_assert_eq "--help: exit 0" 0 "$?"
t_assert_match "--help: both modes" "nslookup --check" "$out"
t_assert_match "--help: the metrics of --check" "\\[--json \\| --openmetrics \\| --prometheus\\]" "$out"
t_assert_eq "--version" "nslookup (netdx) $(sed -n 's/^VERSION *:= *//p' Makefile)" "$(lab_exec c "$nsl" --version)"

t_summary
