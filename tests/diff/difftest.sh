#!/usr/bin/env bash
# difftest.sh — differential testing of netdx against the peer tools. From a seed it
# builds a random lab (tests/lab/lab.sh: 1..10 routers, IPv4 or IPv6, any of silent
# routers, loss, delay and jitter, ICMP rate limits, an ECMP pair; a target that is
# dead (it drops all the client sends), runs nsd (DNS over UDP and
# TCP) or filters UDP), runs ours and the peer on the same path with the same
# options, and checks what both must get right:
#
#   traceroute vs traceroute 2.x, each of UDP (default), -I, -U, -T: the header line;
#     every responder at a TTL is one the lab puts there (either router of an ECMP
#     pair, nothing for a silent router or a dead target); a TTL that must answer
#     (no loss before it, no rate limit) answers every probe; the target answers at
#     TTL routers+1 when it must, never before (later only when that TTL's probes were
#     lost), never when dead; the lines end there, or at -m when it did not answer;
#     the marks at the target (!X) are the same; exit status 0.
#   mtr -r -n vs mtr 0.95 (ICMP, -u or -T): the column header; each row's address is
#     the lab's or ???; Snt is -c on every row; the losses of each TTL are within the
#     binomial bounds of the lab's loss (at a 1e-6 false alarm rate; exactly 0 where
#     nothing loses, all where nothing answers; any at a rate-limiting router); the
#     rows end at the target, or one row past the last that answered (mtr 0.95's rule);
#     exit status 0.
#   ping vs iputils ping: the PING and statistics lines; -c probes sent; losses within
#     the binomial bounds; replies only from the target, with TTL 64 - routers; no
#     duplicates; no RTT below what the lab's delays allow; exit status 1 exactly when
#     nothing answered. With -t K (a fifth of the seeds): time exceeded only from router
#     K (none from a silent one), as many as the lab lets through, the same error lines.
#   nslookup vs BIND nslookup (lookups against the target's nsd, when nothing on the
#     way loses packets or the target is dead): standard output, standard error and
#     exit status, byte for byte.
#
# Every check is judged on both tools: a finding names the side that failed it (ours,
# peer or both), the seed, both command lines and outputs, and the command that
# reproduces it. It does not compare: RTT values beyond the delay floor (machine
# stalls), which of two ECMP routers answers (Paris probes keep one flow, 2.x's
# change ports), hop losses at a rate-limiting router, reverse names (-n everywhere),
# fping (netdx's ping has no fping mode yet), pathping (no peer on Linux), nslookup on
# a lossy path (a lost query may legitimately time out in one and not the other).
# Timings are made uncontroversial instead: traceroute waits -w 1,0,0 (no RTT-based
# early give-up in either tool), every round trip in the lab stays below 200 ms.
#
# Usage: difftest.sh [--build DIR] [--seed S]... [--seeds N] [--from S]
#                    [--tools traceroute,mtr,ping,nslookup] [-v]
#   --seed S    run seed S (repeatable); --seeds N runs N seeds from --from (default 1)
#   -v          print every check and every output, not only the findings
# Ends with "difftest: N passed, N failed" (checks); exit 0 without findings, 1 with,
# 2 on a usage error. Needs root (namespaces); sends only inside the lab.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
DT_TOOLS=traceroute,mtr,ping,nslookup
DT_VERBOSE=0
declare -a DT_SEEDS=()

# dt_usage MSG
# One line on stderr, exit 2.
dt_usage() {
	echo "difftest.sh: $1 (see the header of tests/diff/difftest.sh)" >&2
	exit 2
}

# dt_args ARGS...
# Parse the command line into DT_SEEDS, DT_TOOLS, DT_VERBOSE and NETDX_BUILD.
dt_args() {
	local from=1 count="" s
	while (($# > 0)); do
		case $1 in
		--build) (($# >= 2)) || dt_usage "--build needs a value"; export NETDX_BUILD=$2; shift ;;
		--seed) [[ ${2:-} =~ ^[0-9]{1,9}$ ]] || dt_usage "--seed needs a number: ${2:-}"; DT_SEEDS+=("$2"); shift ;;
		--seeds) [[ ${2:-} =~ ^[0-9]{1,6}$ ]] || dt_usage "--seeds needs a number: ${2:-}"; count=$2; shift ;;
		--from) [[ ${2:-} =~ ^[0-9]{1,9}$ ]] || dt_usage "--from needs a number: ${2:-}"; from=$2; shift ;;
		--tools) [[ ${2:-} =~ ^((traceroute|mtr|ping|nslookup),?)+$ ]] || dt_usage "--tools: traceroute,mtr,ping,nslookup: ${2:-}"; DT_TOOLS=$2; shift ;;
		-v) DT_VERBOSE=1 ;;
		*) dt_usage "unknown argument: $1" ;;
		esac
		shift
	done
	if [[ -n $count ]]; then
		for ((s = from; s < from + count; s++)); do DT_SEEDS+=("$s"); done
	fi
	((${#DT_SEEDS[@]} > 0)) || dt_usage "no seed: give --seed S or --seeds N"
}

dt_args "$@"
. tests/lab/lib.sh
. tests/lab/lab.sh
. tests/diff/scenario.sh
. tests/diff/parse.sh
. tests/diff/checks.sh
((EUID == 0)) || dt_usage "must run as root (network namespaces)"
trap 'lab_down >/dev/null 2>&1' EXIT
trap 'exit 130' INT TERM

dt_main
