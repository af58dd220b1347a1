#!/usr/bin/env bash
# test_binaries.sh — what the tools' files are made of, as the Makefile says they are
# built (start-up and resident memory depend on it; bench/startup.sh measures both):
# the libraries linked statically, so each tool needs only the C library (mtr also
# ncurses for its live view; a sanitized build its runtimes), no libm; and relative
# relocations packed (DT_RELR), none left in .rela.dyn for the loader to read one by one;
# the tools that never ask for the terminal, a listening socket or a directory to write in
# carry only the 8 sandbox programs they can install (Makefile: SANDBOX_LEAN_TOOLS), the
# others all 64 (build-aux/sandbox_gen.c names each program's array after its profile).
. "$(dirname "$0")/netns_prelude.sh"

# needed BIN: the shared objects BIN names (DT_NEEDED), sorted, sanitizer runtimes left out.
needed() {
	readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | grep -vE '^lib(asan|ubsan)\.' | sort |
		tr '\n' ' '
}

for t in ping traceroute pathping mtr nslookup tcpstate; do
	bin="$build/bin/$t"
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
