#!/usr/bin/env bash
# test_ping_golden.sh — netdx ping beside iputils ping 20221126 on the same lab path,
# line by line: each case runs both with the same arguments in the client; numbers that
# differ run to run (times, rtt figures, ipg/ewma) are masked and netdx's extras block
# removed, then the texts and exit statuses must be identical. jc --ping must parse
# both to the same keys, and to the same values except the timings. A sweep's lines
# must have fping 5.1's shapes.
. "$(dirname "$0")/../lab/prelude.sh"
build=$LAB_BUILD
ping="$build/bin/ping"
tmp=$(mktemp -d)
cleanup() { lab_down >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT

# iputils is run as "ping" (its messages carry the name it was called by, as ours).
if ! ping -V 2>&1 | grep -q iputils; then
	t_fail "iputils ping present" "ping is not iputils ping (make deps)"
	t_summary
	exit 1
fi

# norm: mask what differs between runs and drop netdx's extras block (the blank line
# before it stays; cat -s folds the one that follows).
norm() {
	sed -E -e 's/time=[0-9.]+ ms/time=T ms/' \
		-e 's#rtt min/avg/max/mdev = [0-9./]+ ms#rtt min/avg/max/mdev = R ms#' \
		-e 's#ipg/ewma [0-9./]+ ms#ipg/ewma X ms#' \
		-e 's/, time [0-9]+ms/, time Nms/' \
		-e 's/^\[[0-9]+\.[0-9]{6}\] /[TS] /' \
		-e '/^(jitter avg\/max = |ttl=[0-9]+: initial |reordering: |dropped: )/d' | cat -s
}

# golden NAME ARGS...: iputils and netdx, same arguments, same lines and exit status.
# The outputs are kept byte for byte in files: jc looks at the trailing empty line.
golden() {
	local name=$1 ra rb
	shift
	lab_exec c ping "$@" >"$tmp/iputils.txt" 2>&1
	ra=$?
	lab_exec c "$ping" "$@" >"$tmp/netdx.txt" 2>&1
	rb=$?
	t_assert_eq "golden '$name': exit status" "$ra" "$rb"
	t_assert_eq "golden '$name': text" "$(norm <"$tmp/iputils.txt")" "$(norm <"$tmp/netdx.txt")"
}

# jc_same NAME: jc --ping of the last golden pair: the same keys (and types), the same
# values once the timings are removed.
jc_same() {
	local name=$1 a b
	a=$(jc --ping <"$tmp/iputils.txt" 2>&1) || { t_fail "jc '$name': parses iputils" "$a"; return; }
	b=$(jc --ping <"$tmp/netdx.txt" 2>&1) || { t_fail "jc '$name': parses netdx" "$b"; return; }
	local shape='[paths(scalars) as $p | ($p | map(tostring) | join(".")) + ":" + (getpath($p) | type)]'
	t_assert_eq "jc '$name': same keys and types" "$(jq -c "$shape" <<<"$a")" "$(jq -c "$shape" <<<"$b")"
	local untimed='del(.time_ms, .round_trip_ms_min, .round_trip_ms_avg, .round_trip_ms_max,
		.round_trip_ms_stddev) | .responses |= map(del(.time_ms, .timestamp))'
	t_assert_eq "jc '$name': same values but timings" "$(jq -S -c "$untimed" <<<"$a")" \
		"$(jq -S -c "$untimed" <<<"$b")"
	t_assert_match "jc '$name': netdx's figures are numbers" '"packets_transmitted":[0-9]' "$b"
}

lab_up --routers 3 --dns || exit 1
T4=$LAB_TARGET4 T6=$LAB_TARGET6

golden "-c 3" -c 3 -i 0.1 "$T4"
jc_same "-c 3"
golden "-q" -c 3 -i 0.1 -q "$T4"
jc_same "-q"
golden "-D" -c 2 -i 0.1 -D "$T4"
jc_same "-D"
golden "-t 2: time exceeded" -c 2 -i 0.1 -t 2 "$T4"
jc_same "-t 2"
golden "IPv6" -c 2 -i 0.1 "$T6"
jc_same "IPv6"
golden "IPv6 -t 2" -c 2 -i 0.1 -t 2 "$T6"
golden "name (IPv6 first, reverse lookups)" -c 2 -i 0.1 t.lab.test
jc_same "name"
golden "name -n" -c 2 -i 0.1 -n t.lab.test
golden "name -6 -t 1 (router by name)" -c 2 -i 0.1 -6 -t 1 t.lab.test
golden "-s 4: untimed" -c 2 -i 0.1 -s 4 "$T4"
jc_same "-s 4"
golden "-s 1000" -c 2 -i 0.1 -s 1000 "$T4"
golden "-p ff00" -c 2 -i 0.1 -p ff00 "$T4"
jc_same "-p"
golden "-I interface" -c 2 -i 0.1 -I to-r1 "$T4"
golden "-I address" -c 2 -i 0.1 -I 10.0.1.2 "$T4"
golden "-I interface IPv6" -c 2 -i 0.1 -I to-r1 "$T6"
golden "-M do over the MTU" -c 2 -i 0.1 -s 2000 -M do "$T4"
golden "-M do over the MTU, IPv6" -c 2 -i 0.1 -s 2000 -M do "$T6"
golden "-M dont, fragmented" -c 2 -i 0.1 -s 2000 -M dont "$T4"
golden "-l 3" -c 3 -l 3 -i 0.1 "$T4"
golden "-Q 0x10" -c 2 -i 0.1 -Q 0x10 "$T4"
golden "-a" -c 2 -i 0.1 -a "$T4"
golden "-W" -c 2 -i 0.1 -W 1 "$T4"
golden "-w with an error ends at once" -c 2 -i 0.1 -w 3 -t 1 "$T4"
golden "-O with errors" -c 2 -i 0.1 -O -t 1 "$T4"
golden "-f" -c 200 -f "$T4"
golden "-f -q" -c 200 -f -q "$T4"
golden "-i 0" -c 50 -i 0 "$T4"

# Unanswered probes: router 1 drops echo requests of one size (so the path still
# works for the rest), -O reports them, the statistics show the loss.
lab_exec r1 nft -f - <<'EOF'
table inet golden {
	chain forward { type filter hook forward priority 0;
		ip length 1028 icmp type echo-request drop
		ip6 length 1008 icmpv6 type echo-request drop
	}
}
EOF
golden "-O, all lost" -c 3 -i 0.1 -O -W 0.3 -s 1000 "$T4"
jc_same "-O, all lost"
golden "-O, all lost, IPv6" -c 3 -i 0.1 -O -W 0.3 -s 1000 "$T6"
lab_exec r1 nft delete table inet golden

# Duplicates: router 2 sends every echo request to router 3 twice.
lab_exec r2 nft -f - <<'EOF'
table ip golden {
	chain forward { type filter hook forward priority 0;
		ip daddr 10.0.4.1 icmp type echo-request dup to 10.0.3.1 device "to-r3"
	}
}
EOF
golden "duplicates" -c 3 -i 0.1 "$T4"
jc_same "duplicates"
t_assert_match "duplicates: (DUP!) lines" "time=[0-9.]+ ms \(DUP!\)" "$(cat "$tmp/netdx.txt")"
# The run ends with the third reply, before the third copy: +2, as iputils.
t_assert_match "duplicates: counted" "3 received, \+2 duplicates," "$(cat "$tmp/netdx.txt")"
t_assert_match "duplicates: in the extras" "reordering: 0 reordered, 2 duplicated" \
	"$(cat "$tmp/netdx.txt")"
lab_exec r2 nft delete table ip golden

# A sweep has fping's lines: same shapes once every number is masked.
shape() { sed -E -e 's/[0-9]+(\.[0-9]+)?/N/g' -e '/^$/d' | sort -u; }
# 10.0.4.9 never answers and no router says so (lab_dead_host): both time out every probe.
lab_dead_host 10.0.4.9 || exit 1
targets=("$T4" 10.0.3.1 10.0.4.9 t.lab.test)
a=$(lab_exec c fping -c 2 -p 100 -t 500 "${targets[@]}" 2>&1)
b=$(lab_exec c "$ping" -c 2 -i 0.05 -W 0.5 "${targets[@]}" 2>&1)
t_assert_eq "sweep: fping's per-reply and per-target line shapes" "$(shape <<<"$a")" \
	"$(sed '/^--- /,$d' <<<"$b" | shape)"
a=$(lab_exec c fping -q -c 2 -p 100 -t 500 "${targets[@]}" 2>&1)
b=$(lab_exec c "$ping" -q -c 2 -i 0.05 -W 0.5 "${targets[@]}" 2>&1)
t_assert_eq "sweep -q: fping's per-target lines" "$(shape <<<"$a")" \
	"$(sed '/^--- /,$d' <<<"$b" | shape)"

t_summary
