#!/usr/bin/env bash
# scenario.sh — the random lab of one seed and what the lab guarantees about it (sourced
# by difftest.sh, after lab.sh).
#
#   sc_generate SEED      sets the SC_* variables below, from SEED alone
#   sc_describe           one line: what the lab is
#   sc_model              what the lab guarantees at each TTL 1..SC_MAX_TTL:
#     SC_ALLOWED[k]       the addresses that may answer there (none: "")
#     SC_PASS[k]          the chance that a probe to TTL k and its answer both get through
#     SC_SURE[k]          1 when every probe to TTL k must be answered: it answers, nothing
#                         on the way loses packets, it does not rate-limit its ICMP errors
#   sc_may_lose K         true when TTL K may lose any share (a rate-limiting router)
#   sc_rtt_floor          the least round trip to the target the delays allow (ms)
#
# The generator is a 64-bit LCG of our own, so a seed builds the same lab with any bash.
# Everything a run does (the lab, each tool's options, the DNS queries, which tool goes
# first) is drawn here, before anything runs: --tools does not change the lab of a seed.
#
# Variables: SC_SEED, SC_FAM (4|6), SC_N (routers 1..10), SC_ECMP (position or 0),
# SC_SILENT[k]=1, SC_LOSS[k]="P DIR", SC_DELAY[k]="MS J", SC_RLIMIT[k]=MS, SC_DEAD (the
# target drops everything from the client), SC_DNS (nsd on the target), SC_UDP
# (reject|filter), SC_TCP_PORT (80: closed, 53: nsd's TCP with --dns), SC_MTR_METHOD
# ("", -u or -T), SC_PEER_FIRST (1: the peer runs before ours), SC_PING_TTL (ping -t
# to a router's TTL, or 0), SC_PING_COUNT,
# SC_MTR_COUNT, SC_NSQ (nslookup argument lists, one string each), SC_TARGET,
# SC_MAX_TTL, SC_LAB_ARGS (lab_up's options).
# shellcheck disable=SC2034 # the SC_* variables are read by checks.sh and difftest.sh

# sc_rand N
# The next number in 0..N-1 from the seed's generator, in SC_R.
sc_rand() {
	_SC_STATE=$((_SC_STATE * 6364136223846793005 + 1442695040888963407))
	SC_R=$((((_SC_STATE >> 33) & 0x7fffffff) % $1))
}

# sc_chance PCT
# True PCT times in 100 (one draw).
sc_chance() {
	sc_rand 100
	((SC_R < $1))
}

# sc_pick WORD...
# One of the words, in SC_R.
sc_pick() {
	local -a w=("$@")
	sc_rand ${#w[@]}
	SC_R=${w[SC_R]}
}

# sc_generate SEED
# Draw the lab and the runs of SEED (see the header).
sc_generate() {
	local k
	SC_SEED=$1
	_SC_STATE=$((10#$1 + 0x9e3779b97f4a7c15))
	sc_rand 2 # one draw to mix the seed in
	declare -ga SC_SILENT=() SC_LOSS=() SC_DELAY=() SC_RLIMIT=() # indexed: keys come sorted
	sc_chance 40 && SC_FAM=6 || SC_FAM=4
	sc_rand 10
	SC_N=$((SC_R + 1))
	SC_ECMP=0
	if sc_chance 25; then
		sc_rand "$SC_N"
		SC_ECMP=$((SC_R + 1))
	fi
	for ((k = 1; k <= SC_N; k++)); do
		sc_gen_router "$k"
	done
	sc_chance 15 && SC_DEAD=1 || SC_DEAD=0
	sc_chance 40 && SC_DNS=1 || SC_DNS=0
	sc_chance 15 && SC_UDP=filter || SC_UDP=reject
	SC_TCP_PORT=80
	if ((SC_DNS)) && sc_chance 50; then SC_TCP_PORT=53; fi
	sc_pick "" "" "" -u -T
	SC_MTR_METHOD=$SC_R
	sc_chance 50 && SC_PEER_FIRST=1 || SC_PEER_FIRST=0
	SC_PING_TTL=0
	if sc_chance 20; then
		sc_rand "$SC_N"
		SC_PING_TTL=$((SC_R + 1))
	fi
	SC_PING_COUNT=20
	SC_MTR_COUNT=10
	if ((${#SC_LOSS[@]} > 0)); then
		SC_PING_COUNT=40
		SC_MTR_COUNT=20
	fi
	SC_TARGET=$(lab_hop_addr $((SC_N + 1)) "$SC_FAM")
	SC_MAX_TTL=$((SC_N + 2))
	sc_gen_queries
	sc_lab_args
}

# sc_gen_router K
# Draw what router K does: silent, rate-limited, lossy, slow (at most two slow routers,
# a few tens of ms each, so every round trip stays far below the tools' waits).
sc_gen_router() {
	local k=$1 p dir ms
	sc_chance 12 && SC_SILENT[k]=1
	if sc_chance 8; then
		sc_pick 100 200 500
		SC_RLIMIT[k]=$SC_R
	fi
	if sc_chance 12; then
		sc_pick 5 10 20 30 50
		p=$SC_R
		sc_pick out in both
		dir=$SC_R
		SC_LOSS[k]="$p $dir"
	fi
	if ((${#SC_DELAY[@]} < 2)) && sc_chance 10; then
		sc_rand 30
		ms=$((SC_R + 1))
		sc_rand $((ms / 2 + 1))
		SC_DELAY[k]="$ms $SC_R"
	fi
}

# sc_gen_queries
# Draw up to three nslookup lookups against the target's nsd: a name of the lab's zone
# or an address (PTR), a type, the server named or taken from resolv.conf, UDP or TCP.
sc_gen_queries() {
	local i name type server vc node
	SC_NSQ=()
	((SC_DNS)) || return 0
	for ((i = 0; i < 3; i++)); do
		sc_pick lab.test www.lab.test alias.lab.test mail.lab.test ns1.lab.test \
			big.lab.test nosuch.lab.test node addr
		name=$SC_R
		case $name in
		node)
			sc_rand "$SC_N"
			node=r$((SC_R + 1))
			((SC_R + 1 == SC_ECMP)) && node=${node}a
			sc_pick c t "$node"
			name=$SC_R.lab.test
			;;
		addr)
			sc_rand $((SC_N + 1))
			name=$(lab_hop_addr $((SC_R + 1)) "$SC_FAM")
			;;
		esac
		type=""
		if [[ $name == *.test ]]; then
			sc_pick "" "" -type=a -type=aaaa -type=mx -type=txt -type=ns -type=soa -type=cname -type=any
			type=$SC_R
		fi
		sc_pick "" "$SC_TARGET"
		server=$SC_R
		sc_pick "" "" -vc
		vc=$SC_R
		SC_NSQ+=("-timeout=1 -retry=1${vc:+ $vc}${type:+ $type} $name${server:+ $server}")
	done
}

# sc_lab_args
# lab_up's options for the drawn lab, in SC_LAB_ARGS.
sc_lab_args() {
	local k
	SC_LAB_ARGS=(--routers "$SC_N")
	((SC_ECMP)) && SC_LAB_ARGS+=(--ecmp "$SC_ECMP")
	for k in "${!SC_SILENT[@]}"; do SC_LAB_ARGS+=(--silent "$k"); done
	for k in "${!SC_RLIMIT[@]}"; do SC_LAB_ARGS+=(--ratelimit "$k:${SC_RLIMIT[$k]}"); done
	for k in "${!SC_LOSS[@]}"; do SC_LAB_ARGS+=(--loss "$k:${SC_LOSS[$k]/ /:}"); done
	for k in "${!SC_DELAY[@]}"; do SC_LAB_ARGS+=(--delay "$k:${SC_DELAY[$k]/ /:}"); done
	((SC_DNS)) && SC_LAB_ARGS+=(--dns)
	[[ $SC_UDP == filter ]] && SC_LAB_ARGS+=(--udp filter)
	return 0
}

# sc_describe
# One line: the lab of this seed, as lab.sh options plus what difftest adds.
sc_describe() {
	printf 'v%s, lab %s%s' "$SC_FAM" "${SC_LAB_ARGS[*]}" "$( ((SC_DEAD)) && echo ', target dead')"
}

# sc_model
# What the lab guarantees at each TTL 1..SC_MAX_TTL (see the header): SC_ALLOWED[k],
# SC_PASS[k], SC_SURE[k] (1 or 0).
sc_model() {
	local k pass
	declare -ga SC_ALLOWED=() SC_PASS=() SC_SURE=()
	for ((k = 1; k <= SC_MAX_TTL; k++)); do
		SC_ALLOWED[k]=$(sc_allowed "$k")
	done
	k=1
	while read -r pass; do
		SC_PASS[k]=$pass
		SC_SURE[k]=0
		if [[ -n ${SC_ALLOWED[k]} && $pass == 1.000000 ]] && ! sc_may_lose "$k"; then
			SC_SURE[k]=1
		fi
		k=$((k + 1))
	done < <(sc_pass_all)
}

# sc_allowed K
# The addresses that may answer a probe at TTL K (space separated; empty: none may).
sc_allowed() {
	local k=$1
	if ((k > SC_N)); then
		# a probe with a TTL past the target's still reaches it
		((SC_DEAD)) || echo "$SC_TARGET"
	elif [[ -z ${SC_SILENT[$k]:-} ]]; then
		# A pair at position 1 is the client's own multipath route: probes sent through
		# r1b leave from the client's 10.1.1.2, and router 2 answers those from its
		# address on the b link (lab.sh's "hop K+1 answers from 10.0.(K+1).1" needs K > 1).
		if ((k == SC_ECMP || (SC_ECMP == 1 && k == 2))); then
			echo "$(lab_hop_addr "$k" "$SC_FAM") $(lab_hop_addr "$k" "$SC_FAM" b)"
		else
			lab_hop_addr "$k" "$SC_FAM"
		fi
	fi
}

# sc_pass_all
# For each TTL 1..SC_MAX_TTL, one line: the chance (0..1) that a probe to it and its
# answer both pass the lossy routers before it. Router j drops P% of what it forwards
# toward the target (out, both) and of what it forwards toward the client (in, both);
# router K's own answer is not forwarded by K.
sc_pass_all() {
	local k p dir f=""
	for ((k = 1; k <= SC_N; k++)); do
		p=0 dir=out
		[[ -n ${SC_LOSS[$k]:-} ]] && read -r p dir <<<"${SC_LOSS[$k]}"
		case $dir in
		out | in) f+=" $p:0" ;;
		both) f+=" $p:$p" ;;
		esac
	done
	awk -v f="$f" -v max="$SC_MAX_TTL" 'BEGIN { n = split(f, a, " "); q = 1
		for (k = 1; k <= max; k++) {
			printf "%.6f\n", q
			if (k <= n) { split(a[k], pp, ":"); q *= (1 - pp[1] / 100) * (1 - pp[2] / 100) }
		} }'
}

# sc_may_lose K
# True when TTL K answers but may lose any share of its answers for a reason the lab
# does not fix in number: a router that rate-limits its ICMP errors.
sc_may_lose() {
	local k=$1
	((k <= SC_N)) && [[ -n ${SC_RLIMIT[$k]:-} ]]
}

# sc_rtt_floor
# The least round trip to the target (ms) the delays allow: 2 × (MS − J) per slow router.
sc_rtt_floor() {
	local k ms j f=0
	for k in "${!SC_DELAY[@]}"; do
		read -r ms j <<<"${SC_DELAY[$k]}"
		f=$((f + 2 * (ms - j)))
	done
	echo "$f"
}
