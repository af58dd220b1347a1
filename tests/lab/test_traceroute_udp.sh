#!/usr/bin/env bash
# test_traceroute_udp.sh — UDP probes to a port where a service answers (issue 20, part
# 1): the destination's answer must go to the probe that drew it, never to another by
# guess. A 6-router lab, the target 7 hops away, with a DNS server on port 53 (nsd,
# then unbound) and then a service that answers every datagram without echoing any of
# it (tests/lab/udp_blind). In each, 20 runs in a row of every way to send there reach
# the target at hop 7 and nowhere else (-U, -U --no-paris, -U --raw, the default
# method with -p, v4 and v6), as traceroute 2.x -U does on the same lab. Where nothing
# can prove which probe an answer is for (Paris probes to a service that echoes
# nothing) it is counted and given to none: the target never shows at a wrong hop.
. "$(dirname "$0")/../lab/prelude.sh"
. tests/lab/tr_lib.sh
trap 'lab_down >/dev/null 2>&1' EXIT

RUNS=${TR_UDP_RUNS:-20}

# reach_runs NAME FAM ARGS...: RUNS runs in a row of our traceroute -n ARGS to the target
# print exactly the lab's path (every hop once, the target at hop 7 and last). -w 2,0,0:
# every probe is answered on this lab, so the fixed wait costs nothing, and a stalled
# machine cannot turn an answer into "*". Stops at the first wrong run, and shows it.
reach_runs() {
	local name=$1 fam=$2 want got i target
	shift 2
	target=$([[ $fam == 4 ]] && echo "$LAB_TARGET4" || echo "$LAB_TARGET6")
	want=$(tr_expect 6 "$fam")
	for ((i = 1; i <= RUNS; i++)); do
		got=$(lab_exec c "$TR" -n -w 2,0,0 "$@" "$target" 2>&1 | tr_norm)
		[[ $got == "$want" ]] || break
	done
	if ((i > RUNS)); then
		t_pass "$name: $RUNS runs in a row reach $target at hop 7"
	else
		t_fail "$name: $RUNS runs in a row reach $target at hop 7" \
			"run $i printed '$(_t_show "$(tail -n 3 <<<"$got")")'"
	fi
}

# dns_suite SERVER: the runs of a lab whose target has a DNS server on port 53.
dns_suite() {
	local server=$1 json
	for m in "-U" "-U --no-paris" "-U --raw" "-U --raw --no-paris" "-p 53" "-p 53 --raw"; do
		# shellcheck disable=SC2086 # the mode's words
		reach_runs "$server, $m" 4 $m
	done
	for m in "-U" "-U --no-paris" "-U --raw"; do
		# shellcheck disable=SC2086
		reach_runs "$server, v6, $m" 6 -6 $m
	done
	tr_golden "$server, -U: as traceroute 2.x -U" -n -U "$LAB_TARGET4"
	json=$(lab_exec c "$TR" -n -U --json "$LAB_TARGET4")
	t_assert_eq "$server, -U --json: reached at TTL 7, a DNS answer (no ICMP), Paris, nothing dropped" \
		"true 7 null true 0 0" \
		"$(jq -r '[.reached, .hops[-1].ttl, .hops[-1].probes[0].icmp, .paris,
			.counters.foreign, .counters.ambiguous] | map(tostring) | join(" ")' <<<"$json")"
}

# --- nsd (authoritative: it refuses the root's SOA, and says so) ---------------------------
lab_up --routers 6 --dns || exit 1
dns_suite nsd
t_assert_eq "nsd: short probes grow to a whole query (17 bytes: 45-byte packets)" \
	"traceroute to $LAB_TARGET4 ($LAB_TARGET4), 30 hops max, 45 byte packets" \
	"$(lab_exec c "$TR" -n -U "$LAB_TARGET4" 28 | head -n 1)"
TR_FROM=2 tr_check "nsd, -U with 28-byte packets: the query still reaches hop 7" \
	"$(tr_expect 6 4 | tail -n +2)" -n -w 2,0,0 -U "$LAB_TARGET4" 28
out=$(lab_exec c "$TR" -n -U --explain -q 1 "$LAB_TARGET4" | tr -s '\n ' '  ')
t_assert_match "nsd, --explain: DNS queries, the server's answer named by its ID" \
	"1 DNS queries \(UDP\) to $LAB_TARGET4 port 53.*the DNS server on UDP port 53 answered our query \(with its ID" "$out"
lab_down

# --- unbound (a resolver: RD clear, it answers REFUSED from an empty cache) ---------------
lab_up --routers 6 --service unbound || exit 1
dns_suite unbound
lab_down

# --- a service that echoes nothing --------------------------------------------------------
lab_up --routers 6 --service blind || exit 1
P=$LAB_SERVICE_PORT
for m in "-U" "-U --no-paris" "-U --raw" "--no-paris" "--no-paris --raw"; do
	# shellcheck disable=SC2086
	reach_runs "blind service, -p $P $m" 4 -p "$P" $m
done
for m in "-U" "-U --raw"; do
	# shellcheck disable=SC2086
	reach_runs "blind service, v6, -p $P $m" 6 -6 -p "$P" $m
done
tr_golden "blind service, -U -p $P: as traceroute 2.x -U" -n -U -p "$P" "$LAB_TARGET4"
t_assert_eq "blind service, -U -p $P --json: not Paris (a source port per probe)" "false true 7" \
	"$(lab_exec c "$TR" -n -U -p "$P" --json "$LAB_TARGET4" | jq -r '"\(.paris) \(.reached) \(.hops[-1].ttl)"')"
# Paris (the default method) keeps both ports for every probe: the answers cannot be told
# apart, so none is given to a probe: the target never shows, least of all at hop 6.
for m in "" --raw; do
	err=$(lab_exec c "$TR" -n -w 2,0,0 -m 9 -p "$P" $m "$LAB_TARGET4" 2>&1 >"$LAB_STATE/paris.out")
	out=$(cat "$LAB_STATE/paris.out")
	t_assert_no_match "blind service, Paris ${m:-unprivileged}: no answer given to a probe" \
		"$LAB_TARGET4 " "$(tail -n +2 <<<"$out")"
	t_assert_eq "blind service, Paris ${m:-unprivileged}: hops 1-6, then stars" \
		"$(tr_expect 5 4 | tail -n +2; printf ' 7  * * *\n 8  * * *\n 9  * * *')" \
		"$(tail -n +2 <<<"$out" | tr_norm)"
	t_assert_match "blind service, Paris ${m:-unprivileged}: one line says why, and what to use" \
		"^traceroute: [0-9]+ UDP replies from $LAB_TARGET4 port $P could belong to any probe \(every probe had the same ports\): ignored; -U -p $P sends each probe from its own port$" "$err"
	t_assert_match "blind service, Paris ${m:-unprivileged} --json: counted as ambiguous" \
		"^[1-9][0-9]* false$" \
		"$(lab_exec c "$TR" -n -w 2,0,0 -m 9 -p "$P" $m --json "$LAB_TARGET4" |
			jq -r '"\(.counters.ambiguous) \(.reached)"')"
done
lab_down

t_summary
