#!/bin/sh
# hot_ld.sh LIST — the linker script (printed) that starts a tool's text with the C
# runtime's entry (_start, and what calls the constructors), the constructors, the
# destructors and the code LIST names, in its order (build-aux/hot/TOOL.list, see
# hot_lists.sh): one output section ahead of .text, which the default script still lays
# out. The kernel maps a file's pages 64 KiB around each one a process touches first
# (fault-around), so code that runs in every start is better together than spread over
# the whole text. The objects are built with one section per function
# (-ffunction-sections; a clone of NAME is NAME.isra.0 and the like).
[ -r "${1:-}" ] || { echo "hot_ld.sh: usage: hot_ld.sh LIST" >&2; exit 2; }
awk '
BEGIN {
	print "SECTIONS\n{\n  .text.netdx_hot :\n  {"
	print "    *crt1.o(.text)\n    *crtbegin*.o(.text)"
	print "    *(.text.startup .text.startup.*)\n    *(.text.exit .text.exit.*)"
}
/^#/ || NF == 0 { next }
/:/ { printf "    *%s(.text)\n", $1; next }
{ printf "    *(.text.%s .text.%s.*)\n", $1, $1 }
END { print "  }\n}\nINSERT BEFORE .text;" }' "$1"
