#!/usr/bin/env bash
# test_binaries.sh — what the tools' files are made of, as the Makefile says they are
# built (start-up and resident memory depend on it; bench/startup.sh measures both):
# the libraries linked statically, so each tool needs only the C library (mtr also
# ncurses for its live view; a sanitized build its runtimes), no libm; and relative
# relocations packed (DT_RELR), none left in .rela.dyn for the loader to read one by one;
# the tools that never ask for the terminal, a listening socket or a directory to write in
# carry only the 8 sandbox programs they can install (Makefile: SANDBOX_LEAN_TOOLS), the
# others all 64 (build-aux/sandbox_gen.c names each program's array after its profile);
# each tool's text starts with the functions its list names (build-aux/hot/TOOL.list, laid
# out by build-aux/hot_ld.sh), and every list names functions the source still defines.
. "$(dirname "$0")/netns_prelude.sh"

# needed BIN: the shared objects BIN names (DT_NEEDED), sorted, sanitizer runtimes left out.
needed() {
	readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | grep -vE '^lib(asan|ubsan)\.' | sort |
		tr '\n' ' '
}

# section_range BIN SECTION: its first and its end address, as nm writes addresses (16
# hexadecimal digits: compared as strings, they sort as numbers).
section_range() {
	local addr size
	read -r addr size < <(readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\]//' |
		awk -v s="$2" '$1 == s { print $3, $5 }')
	[[ -n $addr ]] && printf '%016x %016x\n' $((16#$addr)) $((16#$addr + 16#$size))
}

# in_range RANGE: the lines of nm's output (address type name) on stdin whose address
# lies in RANGE, as "IN name", the others as "OUT name".
in_range() {
	awk -v lo="${1% *}" -v hi="${1#* }" '{ a = $1 "" # a string: 39e0 is not 390
		print (a >= lo "" && a < hi "") ? "IN" : "OUT", $3 }'
}

# listed_outside BIN LIST: the functions LIST names that BIN holds outside its hot
# section (any clone of one: NAME.isra.0 and the like; not the parts the compiler moved
# to .text.unlikely, NAME.cold), one per line.
listed_outside() {
	local range
	range=$(section_range "$1" .text.netdx_hot)
	[[ -n $range ]] || { echo "(no .text.netdx_hot section)"; return; }
	nm --defined-only "$1" | awk '$2 ~ /^[Tt]$/' | in_range "$range" | awk '
		NR == FNR { if ($0 !~ /^#/ && $0 !~ /:/) listed[$1] = 1; next }
		{ name = $2; sub(/\..*/, "", name) }
		$1 == "OUT" && name in listed && $2 !~ /\.cold$/ { print $2 }' "$2" -
}

# stale LIST: what LIST names that the source no longer defines (a function's definition
# starts a line with its type), or a library member its archive no longer holds.
stale() {
	local entry archive
	grep -v '^#' "$1" | while read -r entry; do
		if [[ $entry == *:* ]]; then
			archive=$(${CC:-cc} -print-file-name="${entry%%:*}")
			ar t "$archive" 2>/dev/null | grep -qxF "${entry#*:}" || echo "$entry"
		else
			grep -rqE --include='*.c' "^[a-z].*[ *]$entry\(" common ping traceroute pathping \
				mtr nslookup tcpstate || echo "$entry"
		fi
	done
}

for t in ping traceroute pathping mtr nslookup tcpstate; do
	bin="$build/bin/$t"
	list=build-aux/hot/$t.list
	t_assert_eq "$t: every function of its hot list lies in .text.netdx_hot" "" \
		"$(listed_outside "$bin" "$list" | head -5 | tr '\n' ' ')"
	hot=$(section_range "$bin" .text.netdx_hot)
	t_assert_eq "$t: the hot section holds the entry (_start) and main (with the constructors)" \
		"IN _start IN main " \
		"$([[ -n $hot ]] && nm "$bin" | awk '$3 == "_start" || $3 == "main"' | in_range "$hot" |
			sort -k2 | tr '\n' ' ')"
	t_assert_eq "$t: what a start never runs (cli_die, cli_print_version) lies outside it" \
		"OUT cli_die OUT cli_print_version " \
		"$([[ -n $hot ]] && nm "$bin" | awk '$3 == "cli_die" || $3 == "cli_print_version"' |
			in_range "$hot" | sort -k2 | tr '\n' ' ')"
	t_assert_eq "$t: its hot list names only what the source defines" "" \
		"$(stale "$list" | head -5 | tr '\n' ' ')"
	expect="libc.so.6 "
	[[ $t == mtr ]] && expect="libc.so.6 libncursesw.so.6 libtinfo.so.6 "
	t_assert_eq "$t needs only $expect(libraries static, no libm)" "$expect" "$(needed "$bin")"
	dyn=$(readelf -d "$bin")
	t_assert_match "$t has its relative relocations packed (DT_RELR)" '\(RELR\)' "$dyn"
	relative=$(readelf -rW "$bin" | grep -c '_RELATIVE ')
	t_assert_eq "$t: no relative relocation left in .rela.dyn" 0 "$relative"
	programs=$(nm "$bin" | grep -c ' sandbox_program_[0-9a-f][0-9a-f]$')
	expect=8
	[[ $t == ping || $t == mtr ]] && expect=64
	t_assert_eq "$t carries $expect sandbox programs" "$expect" "$programs"
done

t_summary
