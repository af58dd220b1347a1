#!/usr/bin/env bash
# tr_lib.sh — what the traceroute lab tests share (source it after lib.sh and lab.sh):
# where the binary is, output with the times taken out, the expected hop list of a lab,
# running traceroute 2.x next to ours, and the time exceeded forger (also used by the
# mtr and pathping forgery test).

top=${top:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TR="$LAB_BIN/traceroute"
TR_HELPERS="$LAB_BUILD/tests"

# tr_norm: stdin with every "  0.123 ms" removed (marks like !X stay), so two runs compare.
tr_norm() { sed -E 's/  [0-9]+\.[0-9]{3} ms//g'; }

# tr_expect N FAM [QUERIES]: the normalized -n output of a clean lab with N routers,
# every hop answering QUERIES (3) times from its own address.
tr_expect() {
	local n=$1 fam=$2 q=${3:-3} k line target
	target=$(lab_hop_addr $((n + 1)) "$fam")
	printf 'traceroute to %s (%s), 30 hops max, %d byte packets\n' "$target" "$target" \
		"$([[ $fam == 4 ]] && echo 60 || echo 80)"
	for ((k = 1; k <= n + 1; k++)); do
		line=$(printf '%2d  %s' "$k" "$(lab_hop_addr "$k" "$fam")")
		printf '%s\n' "$line"
	done
}

# tr_ours ARGS...: our traceroute in the client, normalized.
tr_ours() { lab_exec c "$TR" "$@" 2>&1 | tr_norm; }

# tr_ref ARGS...: traceroute 2.x in the client, normalized.
tr_ref() { lab_exec c traceroute "$@" 2>&1 | tr_norm; }

# Both tools give a probe up after 3 × (an RTT of the same hop + 1 ms): on a machine
# busy with other work an answer can take longer and print "*". Checks of exact output
# therefore get up to 3 runs; a real difference shows in every one of them.
TR_TRIES=${TR_TRIES:-3}

# tr_golden NAME ARGS...: ours and 2.x print the same (times aside) on this lab; our
# extra last lines (--mtu's tracepath summary, "     Resume: ...") aside.
tr_golden() {
	local name=$1 ours ref i
	shift
	for ((i = 0; i < TR_TRIES; i++)); do
		ours=$(tr_ours "$@" | grep -Ev '^     (Resume|Too many hops): ')
		ref=$(tr_ref "$@")
		[[ $ours == "$ref" ]] && break
	done
	t_assert_eq "$name: same output as traceroute 2.x" "$ref" "$ours"
}

# tr_check NAME WANT ARGS...: our normalized output (or, with TR_TAIL=N, its last N
# lines; TR_FROM=N: from line N) is WANT.
tr_check() {
	local name=$1 want=$2 got i
	shift 2
	for ((i = 0; i < TR_TRIES; i++)); do
		got=$(tr_ours "$@")
		[[ -n ${TR_TAIL:-} ]] && got=$(tail -n "$TR_TAIL" <<<"$got")
		[[ -n ${TR_FROM:-} ]] && got=$(tail -n "+$TR_FROM" <<<"$got")
		[[ $got == "$want" ]] && break
	done
	t_assert_eq "$name" "$want" "$got"
}

# tr_wall ARGS...: seconds (3 decimals) our traceroute takes in the client; output to
# $TR_WALL_OUT.
tr_wall() {
	local s e
	s=$EPOCHREALTIME
	lab_exec c "$TR" "$@" >"${TR_WALL_OUT:-/dev/null}" 2>&1
	e=$EPOCHREALTIME
	awk -v s="${s/,/.}" -v e="${e/,/.}" 'BEGIN { printf "%.3f", e - s }'
}

# tr_quiet_target: the target drops everything from the client (a silent target).
tr_quiet_target() {
	printf 'table inet trquiet {\n chain in {\n  type filter hook input priority 0; policy accept;\n  ip saddr %s drop\n  ip6 saddr %s drop\n }\n}\n' \
		"$LAB_CLIENT4" "$LAB_CLIENT6" | lab_exec t nft -f -
}

# tr_forger_start LOG ARGS...: tests/lab/forge_te ARGS... in the target (it stops by
# itself after 30 s or its --count), output in LOG, waited for until it listens; its PID
# in TR_FORGER.
TR_FORGER=""
tr_forger_start() {
	local log=$1
	shift
	tr_forger_stop
	: >"$log"
	lab_exec t "$TR_HELPERS/forge_te" --seconds 30 "$@" >"$log" 2>&1 &
	if t_wait_for 5 grep -q '^ready pid=' "$log"; then
		TR_FORGER=$(sed -n 's/^ready pid=//p' "$log")
	else
		echo "forge_te did not start: $(cat "$log")"
	fi
}

# tr_forger_stop: end the forger of tr_forger_start, if it still runs.
tr_forger_stop() {
	[[ -n $TR_FORGER ]] && kill "$TR_FORGER" 2>/dev/null
	wait 2>/dev/null
	TR_FORGER=""
}

# tr_counting RULE...: a fresh nftables table in the client with one counter per RULE,
# each counting what it matches of what the client sends (output hook).
tr_counting() {
	local rules="" r
	for r in "$@"; do rules+="  $r counter"$'\n'; done
	printf 'table inet trcount\ndelete table inet trcount\ntable inet trcount {\n chain out {\n  type filter hook output priority 0; policy accept;\n%s }\n}\n' \
		"$rules" | lab_exec c nft -f -
}

# tr_counted: the packets each counter of tr_counting saw, in order, space-separated.
tr_counted() {
	lab_exec c nft list table inet trcount | sed -n 's/.* counter packets \([0-9]*\) .*/\1/p' | xargs
}
