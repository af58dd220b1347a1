#!/usr/bin/env bash
# test_source_rules.sh — rules of docs/DESIGN.md that the source itself must keep:
# libcap only in common/core/priv.c, libseccomp only in common/core/sandbox.c, sockets
# only in common/net/sock.c, route.c and dns/ (bench/'s stand-alone baselines aside);
# the layers of common/ (core < net < dns < probe < path: a file includes no public
# header of a layer above its own, and the probe engine's private headers stay in
# common/probe/); front-ends include only netdx/ headers of the library and never the
# kernel's socket, epoll or capability headers.
# The layer and front-end rules are also run on a copy of the tree broken on purpose,
# so a lint that stopped seeing violations fails too.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
. tests/lab/lib.sh

FRONT_ENDS='ping|traceroute|pathping|mtr|nslookup|tcpstate'
LAYERS=(core net dns probe path)

sources() { git ls-files '*.c' '*.h' 2>/dev/null || find common ping traceroute pathping mtr nslookup tcpstate -name '*.[ch]'; }

# calling FILE... REGEX: the files whose code (comments and string literals removed)
# matches REGEX. Not grep -q: it stops reading at the first match, sed then dies of
# SIGPIPE, and under pipefail the pipeline fails: a file that matches went unreported
# whenever sed had more to write (a race: this lint passed CI with a stray in it).
calling() {
	local re=${!#} f
	for f in "${@:1:$#-1}"; do
		gcc -fpreprocessed -dD -E -P "$f" 2>/dev/null | sed -E 's/"([^"\\]|\\.)*"//g' |
			grep -E "$re" >/dev/null && echo "$f"
	done
}

# Not tests/, and not bench/: its C is a stand-alone baseline that by design uses none of
# the library (echo_ceiling.c, the bare socket loop netdx's ping is set beside).
mapfile -t product < <(sources | grep -vE '^(tests|bench)/')
strays=$(calling "${product[@]}" '\bcap_[a-z_]+\s*\(' | grep -v '^common/core/priv\.c$')
t_assert_eq "libcap is called only from common/core/priv.c" "" "$strays"

strays=$(calling "${product[@]}" '\bseccomp_[a-z_]+\s*\(' | grep -v '^common/core/sandbox\.c$')
t_assert_eq "libseccomp is called only from common/core/sandbox.c" "" "$strays"

strays=$(calling "${product[@]}" '\b(socket|sendmsg|recvmsg|sendto|recvfrom|bind|connect)\s*\(' |
	grep -vE '^common/net/sock\.c$|^common/net/route\.c$|^common/dns/')
t_assert_eq "sockets are opened and used only in common/net/sock.c, route.c, dns/" "" "$strays"

# layer_rank LAYER: its place in the order, or nothing for a folder that is no layer.
layer_rank() {
	local i
	for i in "${!LAYERS[@]}"; do [[ ${LAYERS[$i]} == "$1" ]] && echo "$i"; done
}

# layer_violations ROOT: one line per include that breaks a layer or front-end rule in
# the tree at ROOT ("FILE: includes HEADER (layer L)"); nothing when all is well.
layer_violations() {
	local root=$1 f h dir rank hl hrank
	declare -A layer_of=()
	# a public header netdx/X.h belongs to the layer whose folder holds X.c; one with no
	# .c (wire.h: inline functions only) to core, below every other
	for f in "$root"/common/*/*.c; do
		dir=${f%/*}
		layer_of[$(basename "$f" .c)]=${dir##*/}
	done
	for f in "$root"/common/include/netdx/*.h; do
		h=$(basename "$f" .h)
		[[ -n ${layer_of[$h]:-} ]] || layer_of[$h]=core
	done
	for f in "$root"/common/*/*.[ch] "$root"/common/include/netdx/*.h; do
		if [[ $f == */include/netdx/* ]]; then
			hl=${layer_of[$(basename "$f" .h)]:-}
		else
			dir=${f%/*}
			hl=${dir##*/}
		fi
		rank=$(layer_rank "$hl")
		[[ -n $rank ]] || { echo "${f#"$root"/}: in no layer"; continue; }
		while read -r h; do
			local l=${layer_of[$h]:-}
			hrank=$(layer_rank "$l")
			if [[ -z $hrank ]]; then
				echo "${f#"$root"/}: includes netdx/$h.h, which no layer implements"
			elif ((hrank > rank)); then
				echo "${f#"$root"/}: includes netdx/$h.h (layer $l, above $hl)"
			fi
		done < <(sed -nE 's/^#include "netdx\/([a-z_0-9]+)\.h".*/\1/p' "$f")
		# private headers: "name.h" beside the file, never across folders
		while read -r h; do
			[[ -f ${f%/*}/$h ]] || echo "${f#"$root"/}: includes \"$h\" from another folder"
		done < <(sed -nE 's/^#include "([^/"]+\.h)".*/\1/p' "$f")
	done
	for f in $(cd "$root" && ls -d */ | tr -d / | grep -xE "$FRONT_ENDS"); do
		grep -HnE '^#include ("\.\.?/|<(sys/epoll|sys/socket|sys/capability|seccomp)\.h>|<(netinet|arpa|linux)/)' \
			"$root/$f"/*.[ch] 2>/dev/null | sed -E "s#^$root/##; s/:[0-9]+:#include /: includes /"
	done
}

strays=$(layer_violations "$top")
t_assert_eq "every file keeps to its layer; front-ends include only netdx/ headers" "" "$strays"

# The same lint on copies broken one rule at a time: each break is named.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
broken() { # broken NAME FILE LINE WANT: add LINE at the top of FILE in a fresh copy
	local name=$1 file=$2 line=$3 want=$4
	rm -rf "$tmp/tree" && mkdir "$tmp/tree"
	cp -r common ping traceroute pathping mtr nslookup tcpstate "$tmp/tree/"
	sed -i "1i $line" "$tmp/tree/$file"
	t_assert_match "the lint sees it: $name" "$want" "$(layer_violations "$tmp/tree")"
}
broken "core includes the probe engine" common/core/loop.c '#include "netdx/probe.h"' \
	'common/core/loop.c: includes netdx/probe.h \(layer probe, above core\)'
broken "net includes path" common/net/sock.c '#include "netdx/hops.h"' \
	'common/net/sock.c: includes netdx/hops.h \(layer path, above net\)'
broken "core's lockdown reaches up to path's setup" common/core/tool.c '#include "netdx/path_setup.h"' \
	'common/core/tool.c: includes netdx/path_setup.h \(layer path, above core\)'
broken "a public header includes one above it" common/include/netdx/addr.h '#include "netdx/rounds.h"' \
	'common/include/netdx/addr.h: includes netdx/rounds.h \(layer path, above net\)'
broken "a header-only helper includes one above core" common/include/netdx/wire.h \
	'#include "netdx/addr.h"' \
	'common/include/netdx/wire.h: includes netdx/addr.h \(layer net, above core\)'
broken "a header nobody implements" common/net/addr.c '#include "netdx/nosuch.h"' \
	'common/net/addr.c: includes netdx/nosuch.h, which no layer implements'
broken "the engine's private header outside it" common/path/rounds.c '#include "probe_internal.h"' \
	'common/path/rounds.c: includes "probe_internal.h" from another folder'
broken "a front-end reaches into common/" mtr/main.c '#include "../common/probe/probe_l4.h"' \
	'mtr/main.c: includes "../common/probe/probe_l4.h"'
broken "a front-end includes epoll" mtr/curses.c '#include <sys/epoll.h>' \
	'mtr/curses.c: includes <sys/epoll.h>'
broken "a front-end includes socket headers" ping/main.c '#include <netinet/in.h>' \
	'ping/main.c: includes <netinet/in.h>'

# The call lint on a long file whose stray call comes first (what grep -q once missed).
cp ping/single.c "$tmp/stray.c"
sed -i '1i static int stray(void) { return socket(0, 0, 0); }' "$tmp/stray.c"
t_assert_eq "the lint sees it: a socket call at the top of a long file" "$tmp/stray.c" \
	"$(calling "$tmp/stray.c" '\bsocket\s*\(')"

t_summary
