#!/usr/bin/env bash
# test_completion.sh — bash completion of every tool (completions/netdx.bash) driven as
# bash does it: bash-completion's helpers sourced, COMP_WORDS / COMP_CWORD set for a
# command line (split at "=" as COMP_WORDBREAKS says), the function `complete -p` names
# called, COMPREPLY read. Every option each tool's --help lists must be offered, so the
# completions stay true as options come and go.
. "$(dirname "$0")/netns_prelude.sh"
tools=(ping traceroute pathping mtr nslookup tcpstate)
if [[ ! -r /usr/share/bash-completion/bash_completion ]]; then
	t_fail "bash-completion installed" "no /usr/share/bash-completion/bash_completion: make deb-deps"
	t_summary
	exit 1
fi
# shellcheck disable=SC1091
. /usr/share/bash-completion/bash_completion
. completions/netdx.bash
PATH="$build/bin:$PATH"

# comp LINE: the completions of LINE (the cursor at its end), one per line, sorted.
comp() {
	local line=$1 fn
	local -a COMP_WORDS
	read -ra COMP_WORDS <<<"${line//=/ = }"
	[[ $line == *' ' ]] && COMP_WORDS+=("")
	[[ $line == *= ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=$line COMP_POINT=${#line}
	fn=$(complete -p "${COMP_WORDS[0]}" 2>/dev/null | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
	[[ -n $fn ]] || return 1
	COMPREPLY=()
	"$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sort -u | sed '/^$/d'
}
# has NAME WANT LINE: every word of WANT is among LINE's completions.
has() {
	local got missing=
	got=$(comp "$3")
	for w in $2; do grep -qxF -- "$w" <<<"$got" || missing+=" $w"; done
	t_assert_eq "$1" "" "$missing"
}
# exactly NAME WANT LINE: LINE's completions are exactly the words of WANT.
exactly() {
	t_assert_eq "$1" "$(tr ' ' '\n' <<<"$2" | sort -u)" "$(comp "$3" | tr -d ' ')"
}

for t in "${tools[@]}"; do
	t_assert_eq "complete -p $t" "complete -F _netdx_$t $t" "$(complete -p "$t" 2>&1)"
	# Read --help here without the completion's own parser: every --long option in it.
	longs=$("$t" --help 2>&1 | grep -oE -- '--[a-z][-a-z]*' | sort -u | tr '\n' ' ')
	[[ -n $longs ]] || t_fail "$t --help lists long options" "none found"
	has "$t --<TAB>: every --long option of --help" "$longs" "$t --"
done

# ping
exactly "ping -M <TAB>: do dont want" "do dont want" "ping -M "
has "ping -<TAB>: short options too" "-4 -6 -c -M -W" "ping -"
has "ping localh<TAB>: hosts from /etc/hosts" "localhost" "ping localh"
printf '192.0.2.7 netdx-completion-host.test\n' >"$tmp/hosts"
HOSTFILE=$tmp/hosts has "ping netdx-c<TAB>: hosts from the hosts file" \
	"netdx-completion-host.test" "ping netdx-c"
exactly "ping -c <TAB>: a number, nothing offered" "" "ping -c "
exactly "ping --serve <TAB>: an address, nothing offered" "" "ping --serve "
mkdir -p "$tmp/tf" && touch "$tmp/tf/netdx.prom"
exactly "ping --textfile DIR/<TAB>: files" "$tmp/tf/netdx.prom" "ping --textfile $tmp/tf/"
exactly "mtr --textfile DIR/<TAB>: files" "$tmp/tf/netdx.prom" "mtr --textfile $tmp/tf/"
exactly "mtr -F DIR/<TAB>: files (its hosts)" "$tmp/tf/netdx.prom" "mtr -F $tmp/tf/"
# traceroute
has "traceroute -P ic<TAB>: protocol names" "icmp" "traceroute -P ic"
has "traceroute -<TAB>: -4 and -6 of '-4, -6'" "-4 -6 -I -T -U" "traceroute -"
exactly "traceroute --ic<TAB>" "--icmp" "traceroute --ic"
# pathping
exactly "pathping --j<TAB>" "--json" "pathping --j"
has "pathping -<TAB>: Windows' options" "-h -n -p -q -w -4 -6" "pathping -"
# mtr
exactly "mtr --displaymode <TAB>: the display modes" "0 1 2" "mtr --displaymode "
exactly "mtr --rep<TAB>" "--report --report-cycles --report-wide" "mtr --rep"
# nslookup
exactly "nslookup -type=M<TAB>: record types" "MX" "nslookup -type=M"
has "nslookup -type=<TAB>: record types" "A AAAA MX NS PTR SOA SRV TXT" "nslookup -type="
exactly "nslookup -class=<TAB>" "IN CH HS ANY" "nslookup -class="
has "nslookup -<TAB>: BIND's options and -no forms" "-type= -timeout= -search -nosearch -vc" \
	"nslookup -"
has "nslookup --<TAB>: --json and --check" "--json --check --server" "nslookup --"
# tcpstate
exactly "tcpstate -s clos<TAB>: states" "close-wait closed closing" "tcpstate -s clos"
has "tcpstate --state <TAB>: ss's groups" "connected synchronized bucket big all" \
	"tcpstate --state "
has "tcpstate --explain time<TAB>" "time-wait" "tcpstate --explain time"
# A value given to tcpstate's --state must be one tcpstate takes.
for s in $(comp "tcpstate -s "); do
	"$build/bin/tcpstate" --no-owners -s "$s" >/dev/null 2>&1
	t_assert_eq "tcpstate -s $s (offered) is accepted" 0 $?
done
for e in $(comp "tcpstate --errno "); do
	"$build/bin/tcpstate" --errno "$e" >/dev/null 2>&1
	t_assert_eq "tcpstate --errno $e (offered) is accepted" 0 $?
done

t_summary
