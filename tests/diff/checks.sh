#!/usr/bin/env bash
# checks.sh — difftest.sh's runs and checks: each tool pair on the lab of a seed, and
# what both outputs must show (see the header of difftest.sh). Sourced by difftest.sh
# after scenario.sh and parse.sh.

DT_PASSED=0
DT_FAILED=0
# A loss count outside its binomial bounds happens by chance this rarely: about one
# false finding in 60 long passes of 500 seeds (some 30 such checks a seed).
DT_ALPHA=1e-6
declare -a DT_FINDING_SEEDS=()
declare -A DT_OUT=() DT_ERR=() DT_RC=() DT_CMD=() DT_REC=() DT_WHY=()

# dt_peer_bin TOOL
# The peer's binary: the one on PATH, which must not be ours.
dt_peer_bin() {
	local p
	p=$(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin type -P "$1") || return 1
	[[ $(readlink -f "$p") != "$(readlink -f "$LAB_BIN/$1")" ]] && printf '%s\n' "$p"
}

# dt_run SIDE TOOL ARGS...
# Run our TOOL (SIDE ours) or the peer's (SIDE peer) in the lab's client, bounded to
# 60 s; its stdout, stderr, status and command line in DT_OUT, DT_ERR, DT_RC, DT_CMD.
dt_run() {
	local side=$1 tool=$2 bin errf=$LAB_STATE/dt.err
	shift 2
	if [[ $side == ours ]]; then bin=$LAB_BIN/$tool; else bin=$(dt_peer_bin "$tool"); fi
	DT_CMD[$side]="$bin $*"
	DT_OUT[$side]=$(lab_exec c timeout -k 5 60 "$bin" "$@" 2>"$errf" </dev/null)
	DT_RC[$side]=$?
	DT_ERR[$side]=$(cat "$errf")
}

# dt_pair RUN TOOL ARGS...
# Run ours and the peer with the same ARGS (plus DT_OURS_EXTRA / DT_PEER_EXTRA, the
# options whose meaning differs), in the order the seed drew. RUN names the pair in
# findings.
dt_pair() {
	DT_RUN=$1
	DT_SHOWN=0
	local tool=$2
	shift 2
	if ((SC_PEER_FIRST)); then
		dt_run peer "$tool" "${DT_PEER_EXTRA[@]}" "$@"
		dt_run ours "$tool" "${DT_OURS_EXTRA[@]}" "$@"
	else
		dt_run ours "$tool" "${DT_OURS_EXTRA[@]}" "$@"
		dt_run peer "$tool" "${DT_PEER_EXTRA[@]}" "$@"
	fi
	((DT_VERBOSE)) && dt_show
	return 0
}

# dt_show
# Both command lines and outputs of the current pair, indented.
dt_show() {
	local side
	((DT_SHOWN)) && return 0
	DT_SHOWN=1
	for side in ours peer; do
		printf '    %s (exit %s): %s\n' "$side" "${DT_RC[$side]}" "${DT_CMD[$side]}"
		[[ -n ${DT_OUT[$side]} ]] && printf '%s\n' "${DT_OUT[$side]}" | sed 's/^/      | /'
		[[ -n ${DT_ERR[$side]} ]] && printf '%s\n' "${DT_ERR[$side]}" | sed 's/^/      ! /'
	done
	return 0
}

# dt_verdict NAME OK_OURS OK_PEER
# Count one check of the current pair; a failure prints the finding (which side, why:
# DT_WHY[side]) and, the first time in this pair, both outputs.
dt_verdict() {
	local name=$1 side="both" why
	if (($2 && $3)); then
		DT_PASSED=$((DT_PASSED + 1))
		((DT_VERBOSE)) && printf '  PASS %s: %s\n' "$DT_RUN" "$name"
		return 0
	fi
	DT_FAILED=$((DT_FAILED + 1))
	(($2)) && side=peer
	(($3)) && side=ours
	why=""
	(($2)) || why+=" ours: ${DT_WHY[ours]:-}."
	(($3)) || why+=" peer: ${DT_WHY[peer]:-}."
	printf '  DIFF seed=%s %s: %s (%s fails)%s\n' "$SC_SEED" "$DT_RUN" "$name" "$side" "$why"
	dt_show
	DT_SEED_FOUND=1
}

# dt_judge NAME FN
# One check judged on both sides: FN SIDE returns its verdict (reason in DT_WHY[SIDE]).
dt_judge() {
	local o=1 p=1
	DT_WHY=()
	"$2" ours || o=0
	"$2" peer || p=0
	dt_verdict "$1" "$o" "$p"
}

# dt_same NAME OURS PEER
# A check that ours prints exactly what the peer prints.
dt_same() {
	if [[ $2 == "$3" ]]; then
		dt_verdict "$1" 1 1
	else
		DT_WHY=([ours]="'$(_t_show "$2")' where the peer has '$(_t_show "$3")'")
		dt_verdict "$1" 0 1
	fi
}

# dt_rec SIDE
# SIDE's parsed records, one a line; nothing at all for an output without any.
dt_rec() {
	[[ -n ${DT_REC[$1]} ]] && printf '%s\n' "${DT_REC[$1]}"
	return 0
}

# dt_in WORD LIST
# True when WORD is one of the space-separated LIST.
dt_in() { [[ " $2 " == *" $1 "* ]]; }

# dt_fail_why SIDE MSG
# Record why SIDE fails a check; returns 1.
dt_fail_why() {
	DT_WHY[$1]=$2
	return 1
}

# --- traceroute ----------------------------------------------------------------------

# tc_rc SIDE
# traceroute 2.x's exit status for a trace that ran: 0.
tc_rc() { ((DT_RC[$1] == 0)) || dt_fail_why "$1" "exit ${DT_RC[$1]}"; }

# tc_addrs SIDE
# Every responder at a TTL is one the lab puts there.
tc_addrs() {
	local ttl addrs a
	local -a list
	while read -r ttl _ _ addrs _; do
		[[ $addrs == - ]] && continue
		IFS=, read -r -a list <<<"$addrs"
		for a in "${list[@]}"; do
			dt_in "$a" "${SC_ALLOWED[ttl]:-}" ||
				dt_fail_why "$1" "TTL $ttl: $a (the lab has '${SC_ALLOWED[ttl]:-nothing}' there)" || return 1
		done
	done < <(dt_rec "$1")
}

# tc_sure SIDE
# A TTL that must answer every probe does.
tc_sure() {
	local ttl ans
	while read -r ttl ans _; do
		if ((${SC_SURE[ttl]:-0} && ans != 3)); then
			dt_fail_why "$1" "TTL $ttl: $ans of 3 probes answered (nothing on the way loses packets)"
			return 1
		fi
	done < <(dt_rec "$1")
}

# tc_reached_at SIDE
# The first TTL at which the target itself answered (nothing when it did not).
tc_reached_at() {
	local ttl addrs
	while read -r ttl _ _ addrs _; do
		dt_in "$SC_TARGET" "${addrs//,/ }" && { echo "$ttl"; return; }
	done < <(dt_rec "$1")
}

# tc_reached SIDE
# The target is reached at TTL routers+1 when every probe to it must be answered
# (later when all of that TTL's were lost: a larger TTL reaches it too), never before,
# never when it is dead.
tc_reached() {
	local at t=$((SC_N + 1))
	at=$(tc_reached_at "$1")
	if ((SC_SURE[t])) && [[ $at != "$t" ]]; then
		dt_fail_why "$1" "the target was not reached at TTL $t (reached at: ${at:-none}) though every probe to it must be answered"
	elif ((SC_DEAD)) && [[ -n $at ]]; then
		dt_fail_why "$1" "the dead target answered at TTL $at"
	elif [[ -n $at ]] && ((at < t)); then
		dt_fail_why "$1" "the target answered at TTL $at, before its TTL $t"
	fi
}

# tc_lines SIDE
# One line per TTL from 1, ending at the target's TTL when it answered, else at -m.
tc_lines() {
	local ttl want=1 last
	while read -r ttl _; do
		((ttl == want)) || dt_fail_why "$1" "line for TTL $ttl where $want was due" || return 1
		want=$((want + 1))
	done < <(dt_rec "$1")
	last=$(tc_reached_at "$1")
	last=${last:-$SC_MAX_TTL}
	((want - 1 == last)) || dt_fail_why "$1" "the last line is TTL $((want - 1)), not $last"
}

# dt_traceroute METHOD
# traceroute (METHOD: "", -I, -U or -T) against traceroute 2.x.
dt_traceroute() {
	local m=$1 ma mp
	local -a args=(-n "-$SC_FAM" -q 3 -m "$SC_MAX_TTL" -w "1,0,0")
	[[ -n $m ]] && args+=("$m")
	[[ $m == -T ]] && args+=(-p "$SC_TCP_PORT")
	DT_OURS_EXTRA=() DT_PEER_EXTRA=()
	dt_pair "traceroute ${m:-(UDP)}" traceroute "${args[@]}" "$SC_TARGET"
	DT_REC[ours]=$(pr_traceroute <<<"${DT_OUT[ours]}")
	DT_REC[peer]=$(pr_traceroute <<<"${DT_OUT[peer]}")
	dt_same "header line" "$(head -n 1 <<<"${DT_OUT[ours]}")" "$(head -n 1 <<<"${DT_OUT[peer]}")"
	dt_same "standard error" "${DT_ERR[ours]}" "${DT_ERR[peer]}"
	dt_judge "exit status" tc_rc
	dt_judge "responders are the lab's" tc_addrs
	dt_judge "TTLs that must answer every probe do" tc_sure
	dt_judge "target reached when it must be, never when dead" tc_reached
	dt_judge "one line per TTL up to the target or -m" tc_lines
	ma=$(tc_reached_at ours)
	mp=$(tc_reached_at peer)
	if [[ -n $ma && -n $mp ]]; then
		ma=$(awk -v t="$ma" '$1 == t { print $5 }' <<<"${DT_REC[ours]}")
		mp=$(awk -v t="$mp" '$1 == t { print $5 }' <<<"${DT_REC[peer]}")
		dt_same "marks at the target" "$ma" "$mp"
	fi
}

# --- mtr -----------------------------------------------------------------------------

# mc_rc SIDE
# mtr's exit status for a report: 0.
mc_rc() { ((DT_RC[$1] == 0)) || dt_fail_why "$1" "exit ${DT_RC[$1]}"; }

# mc_snt SIDE
# Snt is -c on every row.
mc_snt() {
	local ttl addr lost snt more
	while read -r ttl addr lost snt more; do
		((snt == SC_MTR_COUNT)) || dt_fail_why "$1" "TTL $ttl: Snt $snt, not $SC_MTR_COUNT" || return 1
	done < <(dt_rec "$1")
}

# mc_addrs SIDE
# Each row's address (and those listed under it) is the lab's at that TTL, or ???.
mc_addrs() {
	local ttl addr lost snt more a
	local -a list
	while read -r ttl addr lost snt more; do
		IFS=, read -r -a list <<<"$addr,$more"
		for a in "${list[@]}"; do
			[[ $a == "???" || $a == - ]] && continue
			dt_in "$a" "${SC_ALLOWED[ttl]:-}" ||
				dt_fail_why "$1" "TTL $ttl: $a (the lab has '${SC_ALLOWED[ttl]:-nothing}' there)" || return 1
		done
	done < <(dt_rec "$1")
}

# mc_loss SIDE
# Each TTL's losses are within the binomial bounds of the lab's loss for it (all where
# nothing answers, none where nothing loses); any at a rate-limiting router.
mc_loss() {
	local ttl addr lost snt more p lo hi
	while read -r ttl addr lost snt more; do
		sc_may_lose "$ttl" && continue
		if [[ -z ${SC_ALLOWED[ttl]:-} ]]; then p=1; else p=$(awk -v q="${SC_PASS[ttl]}" 'BEGIN { print 1 - q }'); fi
		read -r lo hi <<<"$(pr_binom_bounds "$snt" "$p" "$DT_ALPHA")"
		((lost >= lo && lost <= hi)) ||
			dt_fail_why "$1" "TTL $ttl: $lost of $snt lost, the lab's loss $p allows $lo..$hi" || return 1
	done < <(dt_rec "$1")
}

# mc_rows SIDE
# Rows 1.. in order, ending at the target when it answered, else one past the last row
# that answered (mtr 0.95's net_max), at most -m. When nothing answered at all, mtr
# 0.95 prints no row; a ??? row for every TTL up to -m says the same, more plainly.
mc_rows() {
	local ttl addr want=1 last=0 reached=0 end
	while read -r ttl addr _; do
		((ttl == want)) || dt_fail_why "$1" "row for TTL $ttl where $want was due" || return 1
		want=$((want + 1))
		[[ $addr != "???" ]] && last=$ttl
		[[ $addr == "$SC_TARGET" ]] && reached=$ttl
	done < <(dt_rec "$1")
	if ((reached)); then
		end=$reached
	elif ((last == 0 && want - 1 == SC_MAX_TTL)); then
		end=$SC_MAX_TTL
	elif ((last == 0)); then
		end=0
	else
		end=$((last + 1 < SC_MAX_TTL ? last + 1 : SC_MAX_TTL))
	fi
	((want - 1 == end)) || dt_fail_why "$1" "the last row is TTL $((want - 1)), not $end"
}

# mc_reached SIDE
# The target is a row, at TTL routers+1, when it must answer; never when dead.
mc_reached() {
	local at
	at=$(awk -v t="$SC_TARGET" '$2 == t { print $1; exit }' <<<"${DT_REC[$1]}")
	if ((SC_SURE[SC_N + 1])) && [[ $at != $((SC_N + 1)) ]]; then
		dt_fail_why "$1" "no row of the target at TTL $((SC_N + 1)) (rows: ${at:-none}) though every probe to it must be answered"
	elif [[ -n $at ]] && ((at <= SC_N)); then
		dt_fail_why "$1" "a row of the target at TTL $at, before its TTL $((SC_N + 1))"
	elif ((SC_DEAD)) && [[ -n $at ]]; then
		dt_fail_why "$1" "the dead target has a row at TTL $at"
	fi
}

# dt_mtr
# mtr's report against mtr 0.95's, with the seed's method.
dt_mtr() {
	local -a args=(-r -n "-$SC_FAM" -c "$SC_MTR_COUNT" -i 0.05 -m "$SC_MAX_TTL")
	[[ -n $SC_MTR_METHOD ]] && args+=("$SC_MTR_METHOD")
	[[ $SC_MTR_METHOD == -T ]] && args+=(-P "$SC_TCP_PORT")
	# the last round's wait: mtr 0.95's grace time; ours adapts, its cap is -Z
	DT_OURS_EXTRA=(-Z 1) DT_PEER_EXTRA=(-G 1)
	dt_pair "mtr ${SC_MTR_METHOD:-(ICMP)}" mtr "${args[@]}" "$SC_TARGET"
	DT_REC[ours]=$(pr_mtr <<<"${DT_OUT[ours]}")
	DT_REC[peer]=$(pr_mtr <<<"${DT_OUT[peer]}")
	dt_same "column header" "$(sed -n 2p <<<"${DT_OUT[ours]}")" "$(sed -n 2p <<<"${DT_OUT[peer]}")"
	dt_same "standard error" "${DT_ERR[ours]}" "${DT_ERR[peer]}"
	dt_judge "exit status" mc_rc
	dt_judge "Snt is -c on every row" mc_snt
	dt_judge "addresses are the lab's" mc_addrs
	dt_judge "losses within the lab's bounds" mc_loss
	dt_judge "target row when it must answer, none when dead" mc_reached
	dt_judge "rows up to the target or one past the last answer" mc_rows
}

# --- ping ----------------------------------------------------------------------------

# pc_fields SIDE
# The parsed summary of SIDE's ping, in PC_TX PC_RX PC_DUPS PC_ERRS PC_MIN PC_FROM PC_TTLS
# PC_EFROM PC_EKIND.
pc_fields() { read -r PC_TX PC_RX PC_DUPS PC_ERRS PC_MIN PC_FROM PC_TTLS PC_EFROM PC_EKIND <<<"${DT_REC[$1]}"; }

# pc_lost_p
# The chance that an echo request gets no reply: all when the target is dead or -t
# stops it at a router, else the lab's loss on the way.
pc_lost_p() {
	if ((SC_DEAD || SC_PING_TTL)); then echo 1; else awk -v q="${SC_PASS[SC_N + 1]}" 'BEGIN { print 1 - q }'; fi
}

# pc_tx SIDE
# -c probes sent.
pc_tx() {
	pc_fields "$1"
	[[ $PC_TX == "$SC_PING_COUNT" ]] || dt_fail_why "$1" "$PC_TX transmitted, not $SC_PING_COUNT"
}

# pc_loss SIDE
# Losses within the binomial bounds of the lab's loss to the target.
pc_loss() {
	local p lo hi
	pc_fields "$1"
	[[ $PC_TX =~ ^[0-9]+$ && $PC_RX =~ ^[0-9]+$ ]] || dt_fail_why "$1" "no statistics line" || return 1
	p=$(pc_lost_p)
	read -r lo hi <<<"$(pr_binom_bounds "$PC_TX" "$p" "$DT_ALPHA")"
	((PC_TX - PC_RX >= lo && PC_TX - PC_RX <= hi)) ||
		dt_fail_why "$1" "$((PC_TX - PC_RX)) of $PC_TX lost, the lab's loss $p allows $lo..$hi"
}

# pc_rc SIDE
# Exit status 0 when anything answered, 1 when nothing did (iputils).
pc_rc() {
	local want=0
	pc_fields "$1"
	[[ $PC_RX == 0 || $PC_RX == - ]] && want=1
	((DT_RC[$1] == want)) || dt_fail_why "$1" "exit ${DT_RC[$1]} with $PC_RX received (want $want)"
}

# pc_replies SIDE
# Replies come only from the target, with its TTL less one per router; no duplicates.
pc_replies() {
	pc_fields "$1"
	[[ $PC_FROM == - || $PC_FROM == "$SC_TARGET" ]] || dt_fail_why "$1" "replies from $PC_FROM" || return 1
	[[ $PC_TTLS == - || $PC_TTLS == $((64 - SC_N)) ]] ||
		dt_fail_why "$1" "reply TTLs $PC_TTLS, not $((64 - SC_N))" || return 1
	((PC_DUPS == 0)) || dt_fail_why "$1" "+$PC_DUPS duplicates"
}

# pc_errors SIDE
# Without -t no error; with -t K, time exceeded only from router K, as many as the
# lab lets through (binomial bounds; none from a silent router, any from a rate-
# limiting one).
pc_errors() {
	local k=$SC_PING_TTL p lo=0 hi=0 a
	local -a list
	pc_fields "$1"
	[[ $PC_EFROM == - ]] || IFS=, read -r -a list <<<"$PC_EFROM"
	for a in "${list[@]}"; do
		((k)) && dt_in "$a" "${SC_ALLOWED[k]}" ||
			dt_fail_why "$1" "errors from $a (the lab has '${SC_ALLOWED[k]:-nothing}' at TTL $k)" || return 1
	done
	if ((k)) && sc_may_lose "$k"; then
		hi=$PC_TX
	elif ((k)) && [[ -n ${SC_ALLOWED[k]} ]]; then
		p=$(awk -v q="${SC_PASS[k]}" 'BEGIN { print 1 - q }')
		read -r lo hi <<<"$(pr_binom_bounds "$PC_TX" "$p" "$DT_ALPHA")"
		read -r lo hi <<<"$((PC_TX - hi)) $((PC_TX - lo))"
	fi
	((PC_ERRS >= lo && PC_ERRS <= hi)) || dt_fail_why "$1" "+$PC_ERRS errors, the lab allows $lo..$hi"
}

# pc_rtt SIDE
# No RTT below the lab's delays.
pc_rtt() {
	local floor
	pc_fields "$1"
	[[ $PC_MIN == - ]] && return 0
	floor=$(sc_rtt_floor)
	awk -v m="$PC_MIN" -v f="$floor" 'BEGIN { exit !(m >= f) }' ||
		dt_fail_why "$1" "min RTT $PC_MIN ms below the $floor ms the delays add"
}

# dt_ping
# ping against iputils ping to the target.
dt_ping() {
	local ma run
	local -a args=(-n "-$SC_FAM" -c "$SC_PING_COUNT" -i 0.02 -W 1)
	((SC_PING_TTL)) && args+=(-t "$SC_PING_TTL")
	DT_OURS_EXTRA=() DT_PEER_EXTRA=()
	run=ping
	((SC_PING_TTL)) && run+=" -t $SC_PING_TTL"
	dt_pair "$run" ping "${args[@]}" "$SC_TARGET"
	DT_REC[ours]=$(pr_ping <<<"${DT_OUT[ours]}")
	DT_REC[peer]=$(pr_ping <<<"${DT_OUT[peer]}")
	dt_same "PING line" "$(head -n 1 <<<"${DT_OUT[ours]}")" "$(head -n 1 <<<"${DT_OUT[peer]}")"
	dt_same "statistics line" "$(grep -- '^--- ' <<<"${DT_OUT[ours]}")" "$(grep -- '^--- ' <<<"${DT_OUT[peer]}")"
	dt_same "standard error" "${DT_ERR[ours]}" "${DT_ERR[peer]}"
	dt_judge "-c probes sent" pc_tx
	dt_judge "losses within the lab's bounds" pc_loss
	dt_judge "exit status" pc_rc
	dt_judge "replies only from the target, TTL as the path" pc_replies
	dt_judge "time exceeded only with -t, from that router" pc_errors
	pc_fields ours
	ma=$PC_EKIND
	pc_fields peer
	[[ $ma != - && $PC_EKIND != - ]] && dt_same "error lines" "$ma" "$PC_EKIND"
	dt_judge "no RTT below the lab's delays" pc_rtt
}

# --- nslookup ------------------------------------------------------------------------

# dt_nslookup
# Each of the seed's lookups with our nslookup and BIND's: the same bytes and status.
dt_nslookup() {
	local q
	((SC_DNS)) || return 0
	((SC_DEAD)) || [[ ${SC_PASS[SC_N + 1]} == 1.000000 ]] || return 0
	DT_OURS_EXTRA=() DT_PEER_EXTRA=()
	for q in "${SC_NSQ[@]}"; do
		# shellcheck disable=SC2086 # a list of words drawn by sc_gen_queries
		dt_pair "nslookup $q" nslookup $q
		dt_same "standard output" "${DT_OUT[ours]}" "${DT_OUT[peer]}"
		dt_same "standard error" "${DT_ERR[ours]}" "${DT_ERR[peer]}"
		dt_same "exit status" "${DT_RC[ours]}" "${DT_RC[peer]}"
	done
}

# --- seeds ---------------------------------------------------------------------------

# dt_dead_target
# The target drops everything the client sends, from any of its addresses (behind a
# pair at position 1 the client has two, and tr_quiet_target knows only the first).
dt_dead_target() {
	local fam addr a4="" a6=""
	while read -r _ _ fam addr _; do
		case $fam in
		inet) a4+="${a4:+, }${addr%/*}" ;;
		inet6) a6+="${a6:+, }${addr%/*}" ;;
		esac
	done < <(ip -n "$LAB_NS_CLIENT" -o addr show scope global)
	printf 'table inet dtdead {\n chain in {\n  type filter hook input priority 0; policy accept;\n  ip saddr { %s } drop\n  ip6 saddr { %s } drop\n }\n}\n' \
		"$a4" "$a6" | lab_exec t nft -f -
}

# dt_seed SEED
# Build SEED's lab, run the chosen tools against their peers, tear it down.
dt_seed() {
	local t m
	sc_generate "$1"
	DT_SEED_FOUND=0
	printf 'seed %s: %s\n' "$SC_SEED" "$(sc_describe)"
	if ! lab_up "${SC_LAB_ARGS[@]}"; then
		DT_RUN="lab"
		DT_WHY=([ours]="lab_up ${SC_LAB_ARGS[*]} failed" [peer]="")
		dt_verdict "the lab comes up" 0 1
	else
		((SC_DEAD)) && dt_dead_target
		sc_model
		for t in ${DT_TOOLS//,/ }; do
			case $t in
			traceroute) for m in "" -I -U -T; do dt_traceroute "$m"; done ;;
			mtr) dt_mtr ;;
			ping) dt_ping ;;
			nslookup) dt_nslookup ;;
			esac
		done
		lab_down
	fi
	if ((DT_SEED_FOUND)); then
		DT_FINDING_SEEDS+=("$SC_SEED")
		printf '  reproduce: make difftest SEED=%s   (or tests/diff/difftest.sh --seed %s --tools %s -v)\n' \
			"$SC_SEED" "$SC_SEED" "$DT_TOOLS"
	fi
}

# dt_main
# Every seed of the command line, then the findings' seeds and the summary line.
dt_main() {
	local s t
	for t in ${DT_TOOLS//,/ }; do
		dt_peer_bin "$t" >/dev/null || dt_usage "no peer $t on PATH (make deps)"
	done
	for s in "${DT_SEEDS[@]}"; do dt_seed "$s"; done
	if ((${#DT_FINDING_SEEDS[@]} > 0)); then
		printf 'seeds with findings: %s\n' "${DT_FINDING_SEEDS[*]}"
	fi
	printf 'difftest: %d passed, %d failed\n' "$DT_PASSED" "$DT_FAILED"
	((DT_FAILED == 0))
}
