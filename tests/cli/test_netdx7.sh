#!/usr/bin/env bash
# test_netdx7.sh — netdx(7), the suite's overview, stays true: every tool it names (the
# NAME line, the TOOLS section, SEE ALSO) is built and has its page in that section,
# every tool the Makefile builds is named in each of them, no text about tools that
# have not landed, and groff finds nothing to warn about. Runs no tool.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
. tests/lab/lib.sh
build=${NETDX_BUILD:-build}
page=man/netdx.7

# section NAME: the lines of the page's section NAME (without the .SH line).
section() { awk -v s=".SH $1" '$0 == s { on = 1; next } /^\.SH / { on = 0 } on' "$page"; }
sorted() { tr ' ,' '\n\n' | sed '/^$/d' | sort -u | tr '\n' ' '; }

built=$(make -s --no-print-directory print-TOOLS | sorted)
[[ -n $built ]] || t_fail "the Makefile lists its tools" "print-TOOLS printed nothing"
in_name=$(section NAME | sed -n 's/.*suite: //p' | sorted)
in_tools=$(section TOOLS | sed -n 's/^\.BR \([a-z]*\) (\([0-9]\))$/\1/p' | sorted)
in_see=$(section "SEE ALSO" | sed -n 's/^\.BR \([a-z]*\) (\([0-9]\)),\{0,1\}$/\1/p' |
	grep -vx capabilities | sorted)
t_assert_eq "NAME lists exactly the tools the Makefile builds" "$built" "$in_name"
t_assert_eq "TOOLS describes exactly the tools the Makefile builds" "$built" "$in_tools"
t_assert_eq "SEE ALSO names exactly the tools the Makefile builds" "$built" "$in_see"

# Each tool of the TOOLS section: built, and its page in the section named there.
while read -r tool sec; do
	[[ -x $build/bin/$tool ]]
	t_assert_eq "$tool($sec) is built ($build/bin/$tool)" 0 $?
	[[ -f man/$tool.$sec ]]
	t_assert_eq "$tool($sec) has its page man/$tool.$sec" 0 $?
	grep -q '^\.BR netdx (7)' "man/$tool.$sec"
	t_assert_eq "$tool($sec) refers to netdx(7)" 0 $?
done < <(section TOOLS | sed -n 's/^\.BR \([a-z]*\) (\([0-9]\))$/\1 \2/p')
# And every binary built is one the page knows: a tool, or a second name of one (a
# hard link, such as fping) that the page names in the TOOLS section.
aliases=" $(make -s --no-print-directory print-ALIASES) "
for bin in "$build"/bin/*; do
	name=$(basename "$bin")
	if [[ $aliases == *" $name "* ]]; then
		t_assert_match "$name (built, a second name) is named in netdx(7)'s TOOLS" \
			'\\fB'"$name"'\\fR' "$(section TOOLS)"
		continue
	fi
	t_assert_match "$name (built) is in netdx(7)'s TOOLS" " $name " " $in_tools"
done

t_assert_eq "no tool 'not implemented yet'" "" "$(grep -i 'not implemented' "$page")"
t_assert_eq "groff -man -ww: no warning" "" "$(groff -man -ww -z "$page" 2>&1)"
t_assert_match "the version is the Makefile's" \
	"\"netdx $(make -s --no-print-directory print-VERSION)\"" "$(head -n 1 "$page")"
t_summary
