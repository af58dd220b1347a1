#!/usr/bin/env bash
# test_nslookup.sh — nslookup against BIND 9.18's, byte for byte: every golden case
# (tests/lab/golden/nslookup/cases, recorded once with BIND's nslookup by
# dns_golden_gen.sh) is run with our nslookup in the DNS lab (dns_lab.sh) and its
# stdout, stderr and exit status must equal BIND's. Needs root (namespaces).
# DNSLAB_REUSE=1 uses a lab already up (variables in the environment);
# GOLDEN_CASES="a b" runs only those cases.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/dns_lab.sh
. tests/lab/dns_golden.sh
dns_lab_test_up
ours=$LAB_BIN
work=$(mktemp -d "${TMPDIR:-/tmp}/netdx-golden.XXXXXX")
trap 'rm -rf "$work"; [[ ${DNSLAB_REUSE:-0} == 1 ]] || dns_lab_down' EXIT

# shellcheck disable=SC2086 # GOLDEN_CASES is a list of words
while IFS= read -r line; do
	name=${line%% *}
	dns_golden_run "$ours" "$work" "$line"
	for part in out err rc; do
		# byte for byte (cmp), trailing empty lines included
		if cmp -s "$DNS_GOLDEN_DIR/$name.$part" "$work/$name.$part"; then
			t_pass "$name: $part as BIND's"
		else
			t_fail "$name: $part as BIND's" "$(diff "$DNS_GOLDEN_DIR/$name.$part" \
				"$work/$name.$part" | head -n 20 | tr '\n' '|')"
		fi
	done
done < <(dns_golden_cases ${GOLDEN_CASES:-})
dns_lab_resolv rec
t_summary
