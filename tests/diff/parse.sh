#!/usr/bin/env bash
# parse.sh — what difftest.sh reads from the tools' text output, the same parser for ours
# and the peer's (both print the peer's format). Each function reads the output on
# stdin and prints one record per line, fields separated by spaces; "-" for an empty
# list. Sourced by difftest.sh.

# pr_traceroute
# traceroute -n output (ours or 2.x) → per TTL line: "TTL ANSWERED STARS ADDRS MARKS",
# ADDRS the distinct responders (comma separated, sorted), MARKS the distinct !marks.
pr_traceroute() {
	awk '
	function joined(set,   k, n, out, i, j, t, a) {
		n = 0
		for (k in set) a[++n] = k
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		out = ""
		for (i = 1; i <= n; i++) out = out (i > 1 ? "," : "") a[i]
		return n ? out : "-"
	}
	/^ *[0-9]+  / {
		ans = 0; stars = 0; delete addrs; delete marks
		for (i = 2; i <= NF; i++) {
			t = $i
			if (t == "*") stars++
			else if (t == "ms") ans++
			else if (t ~ /^!/) marks[t] = 1
			else if (t ~ /^[0-9]+\.[0-9]+$/ && $(i + 1) == "ms") continue
			else if (t ~ /[.:]/) addrs[t] = 1
		}
		print $1, ans, stars, joined(addrs), joined(marks)
	}'
}

# pr_mtr
# mtr -r -n report (ours or mtr 0.95) → per hop row: "TTL ADDR LOST SNT MORE", ADDR
# the row's address or ???, LOST the probes lost (from Loss% and Snt), MORE the other
# addresses listed under the row (comma separated) or "-". Note lines are skipped.
pr_mtr() {
	awk '
	function flush() { if (row != "") print row, (more == "" ? "-" : more) }
	/^ *[0-9]+\.\|-- / {
		flush()
		ttl = $1; sub(/\..*/, "", ttl)
		loss = $3; sub(/%$/, "", loss)
		row = sprintf("%s %s %d %s", ttl, $2, int(loss * $4 / 100 + 0.5), $4)
		more = ""
		next
	}
	/^ +[0-9a-fA-F.:]+ *$/ && row != "" {
		more = more (more == "" ? "" : ",") $1
	}
	END { flush() }'
}

# pr_ping
# ping -n output (ours or iputils, one target) → "TX RX DUPS ERRS MIN FROM TTLS EFROM
# EKIND": the summary's counts (+N duplicates, +N errors: 0 when absent), the least RTT
# (ms, "-" without replies), the distinct addresses and reply TTLs of the reply lines,
# the distinct addresses of the error lines ("From ADDR icmp_seq=N what") and their
# distinct whats (spaces as _).
pr_ping() {
	awk '
	function add(list, v) { return index("," list ",", "," v ",") ? list : (list == "" ? v : list "," v) }
	function show(list) { return list == "" ? "-" : list }
	/ bytes from / {
		a = $4; sub(/:$/, "", a); from = add(from, a)
		for (i = 5; i <= NF; i++) if ($i ~ /^ttl=/) { t = $i; sub(/^ttl=/, "", t); ttls = add(ttls, t) }
	}
	/^From [^ ]+ icmp_seq=[0-9]+ / {
		efrom = add(efrom, $2)
		w = $0; sub(/^From [^ ]+ icmp_seq=[0-9]+ /, "", w); gsub(/ /, "_", w); ekind = add(ekind, w)
	}
	/ packets transmitted, / {
		tx = $1; rx = $4; dups = 0; errs = 0
		if (match($0, /\+[0-9]+ duplicates/)) dups = substr($0, RSTART + 1, RLENGTH - 12) + 0
		if (match($0, /\+[0-9]+ errors/)) errs = substr($0, RSTART + 1, RLENGTH - 8) + 0
	}
	/^rtt min\/avg\/max\/mdev = / { split($4, r, "/"); min = r[1] }
	END {
		print show(tx), show(rx), dups + 0, errs + 0, show(min), show(from), show(ttls), show(efrom), show(ekind)
	}'
}

# pr_binom_bounds N P ALPHA
# The least and greatest number of losses out of N, each lost with chance P, outside
# which a count falls with chance at most ALPHA (ALPHA/2 on each side): "LO HI".
pr_binom_bounds() {
	awk -v n="$1" -v p="$2" -v a="$3" 'BEGIN {
		if (p <= 0) { print 0, 0; exit }
		if (p >= 1) { print n, n; exit }
		lc = 0; cdf = 0; lo = -1; hi = n
		for (k = 0; k <= n; k++) {
			if (k > 0) lc += log(n - k + 1) - log(k)
			cdf += exp(lc + k * log(p) + (n - k) * log(1 - p))
			if (lo < 0 && cdf > a / 2) lo = k
			if (cdf >= 1 - a / 2) { hi = k; break }
		}
		print lo, hi
	}'
}
