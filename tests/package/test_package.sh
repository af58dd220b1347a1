#!/usr/bin/env bash
# test_package.sh DEB — the Debian package installed, used and removed in a throw-away root
# (make check-package; CI runs it after make deb). Needs root.
#
# The root is an overlay of this machine's own / (writes go to a tmpfs, dropped at the end),
# so the package is installed with apt-get (as the README says) and dpkg -i, postinst
# included, beside the iputils-ping,
# traceroute, mtr-tiny, fping and bind9-dnsutils that make deps installed here: a file
# conflict would fail the install. It all runs in a throw-away network namespace
# (tests/netns_run.sh: loopback only, resolv.conf -> 127.0.0.1) and a mount namespace of
# its own. Each tool runs as nobody with net.ipv4.ping_group_range "1 0" (no ICMP datagram
# sockets: the file capabilities of postinst must do it); then on a file system without
# extended attributes (ramfs), postinst says so and the tools fall back to datagram
# sockets; dpkg --purge must leave no file of the package.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
deb=$(realpath "${1:-}" 2>/dev/null)
if [[ ! -f $deb ]]; then
	echo "test_package.sh: no package '${1:-}': run make deb first (or make check-package)" >&2
	exit 2
fi
if [[ ${NETDX_PKG_NS:-} != 1 ]]; then
	exec "$top/tests/netns_run.sh" env NETDX_PKG_NS=1 \
		unshare --mount --propagation private bash "$0" "$deb"
fi
cd "$top" || exit 2
. tests/lab/lib.sh
build=${NETDX_BUILD:-build}
if [[ -z $(ip netns identify $$ 2>/dev/null) ]]; then
	t_fail "inside a throw-away namespace" "ip netns identify found none: not running $0"
	t_summary
	exit 1
fi

tmp=$(mktemp -d)
root=$tmp/root
dns_pid=
cleanup() {
	[[ -z $dns_pid ]] || kill "$dns_pid" 2>/dev/null
	# Never rm -r here: a mount left behind would take what it shows (the package) with it.
	umount -R "$root" 2>/dev/null
	umount "$tmp" 2>/dev/null && rmdir "$tmp"
}
trap cleanup EXIT
mount -t tmpfs tmpfs "$tmp" && mkdir "$tmp/upper" "$tmp/work" "$root" &&
	mount -t overlay overlay -o "lowerdir=/,upperdir=$tmp/upper,workdir=$tmp/work" "$root" &&
	mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" &&
	mkdir -p "$root/run/netdx-deb" && mount --bind "$(dirname "$deb")" "$root/run/netdx-deb" || {
	t_fail "throw-away root" "overlay of / could not be mounted"
	t_summary
	exit 1
}
echo "nameserver 127.0.0.1" >"$root/etc/resolv.conf"
in_root() { chroot "$root" "$@"; }
as_nobody() { chroot --userspec=nobody:nogroup "$root" "$@"; }
pkg=/run/netdx-deb/$(basename "$deb")
read -ra tools <<<"$(make -s --no-print-directory print-TOOLS)"
version=$(make -s --no-print-directory print-VERSION)
read -ra raw_tools <<<"$(make -s --no-print-directory print-RAW_TOOLS)"
peers="iputils-ping traceroute mtr-tiny fping bind9-dnsutils bash-completion"

# The package's files (not directories) as absolute paths.
pkg_files() { dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {sub(/^\./, "", $6); print $6}'; }

# --- before: what the package holds, and what the peers already hold ---
t_assert_eq "debian/changelog's version is the Makefile's" \
	"$version" "$(dpkg-parsechangelog -S Version)"
common=$(comm -12 <(pkg_files | sort) <(dpkg -L $peers 2>/dev/null | sort))
t_assert_eq "no file in common with $peers" "" "$common"
files=$(pkg_files)
for t in "${tools[@]}"; do
	t_assert_eq "$t as /usr/lib/netdx/bin/$t and /usr/bin/netdx-$t" 2 \
		"$(grep -cxE "/usr/lib/netdx/bin/$t|/usr/bin/netdx-$t" <<<"$files")"
done

# --- install beside the peers, as the README says (apt install ./FILE.deb) ---
# Everything it depends on is installed here: apt fetches nothing (and this namespace has
# no route out, its resolv.conf only 127.0.0.1).
out=$(in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$pkg" 2>&1)
rc=$?
echo "$out" | tail -n 3
t_assert_eq "apt-get install of the .deb beside $peers: exit 0" 0 "$rc"
t_assert_match "apt-get downloaded nothing" "0 upgraded, 1 newly installed" "$out"
t_assert_eq "the peers are installed in the root" "$(wc -w <<<"$peers")" \
	"$(in_root dpkg-query -W -f='${Status}\n' $peers 2>/dev/null | grep -c 'ok installed')"
for t in "${tools[@]}"; do
	want=
	[[ " ${raw_tools[*]} " == *" $t "* ]] && want=cap_net_raw=p
	t_assert_eq "postinst: $t's file capabilities" "$want" \
		"$(getcap "$root/usr/lib/netdx/bin/$t" | awk '{print $2}')"
done

# probe TOOL ARG...: netdx-TOOL ARG... run once as nobody; its output, then its exit status.
probe() {
	local t=$1
	shift
	timeout 20 chroot --userspec=nobody:nogroup "$root" "/usr/bin/netdx-$t" "$@" 2>&1
	echo "$?"
}
# run_tools WHAT: every tool once as nobody, --version and a real probe of 127.0.0.1.
run_tools() {
	local what=$1 out t
	for t in "${tools[@]}"; do
		t_assert_eq "$what: netdx-$t --version" "netdx-$t (netdx) $version" \
			"$(as_nobody "/usr/bin/netdx-$t" --version 2>&1)"
	done
	out=$(probe ping -c 1 -n 127.0.0.1)
	t_assert_match "$what: ping 127.0.0.1 answered" '1 received.*'$'\n''0$' "$out"
	out=$(probe traceroute -I -n -q 1 -m 2 127.0.0.1)
	t_assert_match "$what: traceroute -I reached 127.0.0.1" $'\n'' 1  127\.0\.0\.1 .*'$'\n''0$' "$out"
	out=$(probe mtr -r -n -c 1 127.0.0.1)
	t_assert_match "$what: mtr -r reached 127.0.0.1" '127\.0\.0\.1 .*'$'\n''0$' "$out"
	out=$(probe pathping -n -q 1 -p 10 -w 500 127.0.0.1)
	t_assert_match "$what: pathping 127.0.0.1" '127\.0\.0\.1.*'$'\n''0$' "$out"
	out=$(probe nslookup -timeout=2 host.test 127.0.0.1)
	t_assert_match "$what: nslookup asked the lab's server (SERVFAIL)" \
		"server can't find host.test: SERVFAIL.*"$'\n''1$' "$out"
	out=$(probe tcpstate --no-owners)
	t_assert_match "$what: tcpstate counts the DNS server's listener" 'LISTEN.*'$'\n''0$' "$out"
}

ip link set lo up
sysctl -qw net.ipv4.ping_group_range="1 0"
"$build/tests/dns_fake" --mode servfail --listen 127.0.0.1 >/dev/null 2>&1 &
dns_pid=$!
t_wait_for 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/53' 2>/dev/null
run_tools "file capabilities, no ping_group_range"

# --- man pages, completions, and the documented way to make them the plain names ---
t_assert_match "man netdx-traceroute is netdx's traceroute(8)" 'UDP from a raw socket' \
	"$(in_root env MANWIDTH=200 man netdx-traceroute 2>&1)"
t_assert_eq "with PATH=/usr/lib/netdx/bin:\$PATH, ping is netdx's" /usr/lib/netdx/bin/ping \
	"$(in_root env PATH="/usr/lib/netdx/bin:$PATH" bash -c 'command -v ping')"
t_assert_eq "with that PATH, man ping is netdx's" /usr/lib/netdx/share/man/man8/ping.8.gz \
	"$(in_root env PATH="/usr/lib/netdx/bin:$PATH" man -w ping 2>&1)"
t_assert_match "bash-completion loads netdx-mtr's completion" "_netdx_mtr netdx-mtr" \
	"$(in_root bash -c '. /usr/share/bash-completion/bash_completion
		__load_completion netdx-mtr; complete -p netdx-mtr' 2>&1)"

# --- removal leaves nothing ---
in_root dpkg --purge netdx >/dev/null 2>&1
t_assert_eq "dpkg --purge: exit 0" 0 $?
left=$(pkg_files | while read -r f; do [[ -e $root$f || -L $root$f ]] && echo "$f"; done)
left+=$(cd "$tmp/upper" && find . -path ./tmp -prune -o -path ./run/netdx-deb -prune -o -name '*netdx*' -print)
left+=$(ls -d "$root/usr/lib/netdx" 2>/dev/null)
t_assert_eq "nothing of netdx left after dpkg --purge" "" "$left"

# --- a file system without extended attributes: postinst says so, datagram sockets ---
mkdir -p "$root/usr/lib/netdx" && mount -t ramfs ramfs "$root/usr/lib/netdx"
out=$(in_root dpkg -i "$pkg" 2>&1)
t_assert_eq "no xattrs: dpkg -i still exits 0" 0 $?
for t in "${raw_tools[@]}"; do
	t_assert_match "no xattrs: postinst says what $t falls back to" \
		"setcap cap_net_raw\+p /usr/lib/netdx/bin/$t failed.*ping_group_range" "$out"
done
sysctl -qw net.ipv4.ping_group_range="0 2147483647"
out=$(probe ping -c 1 -n 127.0.0.1)
t_assert_match "no xattrs, ping_group_range set: ping answered (datagram socket)" \
	'1 received.*'$'\n''0$' "$out"
in_root dpkg --purge netdx >/dev/null 2>&1
t_assert_eq "no xattrs: dpkg --purge exit 0" 0 $?
umount "$root/usr/lib/netdx"

t_summary
