#!/usr/bin/env bash
# dns_golden_gen.sh [CASE...] — record BIND 9.18 nslookup's output for the golden
# cases (all, or those named) into tests/lab/golden/nslookup/. Run once when cases
# are added; the results are committed and test_nslookup.sh compares with them.
# Builds its own DNS lab (root: namespaces) and tears it down on any exit. With
# DNSLAB_REUSE=1 it uses the lab whose variables are in the environment instead.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lab.sh"
. "$here/dns_lab.sh"
. "$here/dns_golden.sh"

if ! command -v nslookup >/dev/null || ! nslookup -version 2>&1 | grep -q '^nslookup 9\.18\.'; then
	echo "dns_golden_gen.sh: needs BIND 9.18's nslookup (bind9-dnsutils)" >&2
	exit 2
fi
if [[ ${DNSLAB_REUSE:-0} != 1 ]]; then
	trap dns_lab_down EXIT
	dns_lab_up || exit 1
fi
n=0
while IFS= read -r line; do
	dns_golden_run "$(dirname "$(command -v nslookup)")" "$DNS_GOLDEN_DIR" "$line" || exit 1
	n=$((n + 1))
done < <(dns_golden_cases "$@")
dns_lab_resolv rec
echo "dns_golden_gen.sh: recorded $n cases with $(nslookup -version 2>&1)"
