#!/usr/bin/env bash
# dns_golden.sh — the golden cases of nslookup: run one case in the DNS lab's client
# namespace and keep its stdout, stderr and exit status. Sourced (after lab.sh and
# dns_lab.sh) by dns_golden_gen.sh, which records BIND 9.18's output once, and by
# test_nslookup.sh, which compares ours with it.
#
# Cases live in tests/lab/golden/nslookup/cases, one per line:
#   NAME RESOLV STDIN ARGS...
# NAME names the golden files NAME.out, NAME.err, NAME.rc; RESOLV is a
# dns_lab_resolv kind; STDIN is "-" (none: /dev/null) or a file in the golden
# directory fed to standard input; ARGS are nslookup's arguments (shell words, no
# expansion). Lines starting with # are comments.
#
# Output is normalised before it is stored or compared: the random query IDs in
# BIND's "ID mismatch" warnings become <id>, and in a bad-packet dump the two ID
# octets (hex and text columns) become "ii ii" / "II".

DNS_GOLDEN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/golden/nslookup

# dns_golden_normalize
# stdin to stdout with the random parts replaced.
dns_golden_normalize() {
	sed -E 's/expected ID [0-9]+, got [0-9]+/expected ID <id>, got <id>/' |
		awk 'dump && length($0) >= 59 { $0 = "ii ii " substr($0, 7, 51) "II" substr($0, 60) }
		     { dump = ($0 ~ /^[0-9]+ bytes$/); print }'
}

# dns_golden_cases [NAME...]
# The case lines (all, or those named), comments and blank lines dropped.
dns_golden_cases() {
	local line name
	while IFS= read -r line; do
		[[ -z $line || $line == \#* ]] && continue
		name=${line%% *}
		if (($# > 0)); then
			local want found=0
			for want in "$@"; do [[ $want == "$name" ]] && found=1; done
			((found)) || continue
		fi
		printf '%s\n' "$line"
	done <"$DNS_GOLDEN_DIR/cases"
}

# dns_golden_run BINDIR OUTDIR CASELINE
# Run "nslookup" found first in BINDIR (so it sees argv[0] "nslookup", as its error
# lines show) with the case's arguments in the client namespace (after writing its
# resolv.conf); write OUTDIR/NAME.out, .err and .rc. Bounded: each run is killed
# after 60 s.
dns_golden_run() {
	local bindir=$1 outdir=$2 line=$3 name resolv input rest rc
	local -a args
	read -r name resolv input rest <<<"$line"
	read -r -a args <<<"$rest"
	dns_lab_resolv "$resolv" || return 2
	if [[ $input == - ]]; then input=/dev/null; else input=$DNS_GOLDEN_DIR/$input; fi
	dns_lab_exec env PATH="$bindir:$PATH" timeout 60 nslookup "${args[@]}" <"$input" \
		>"$outdir/$name.out.raw" 2>"$outdir/$name.err.raw"
	rc=$?
	dns_golden_normalize <"$outdir/$name.out.raw" >"$outdir/$name.out"
	dns_golden_normalize <"$outdir/$name.err.raw" >"$outdir/$name.err"
	rm -f "$outdir/$name.out.raw" "$outdir/$name.err.raw"
	printf '%s\n' "$rc" >"$outdir/$name.rc"
}
