#!/usr/bin/env bash
# test_valgrind.sh — one lab run of each binary under valgrind memcheck (issue #8, item 2):
# every run must end with its usual exit status, 0 errors and no definitely lost block
# (--errors-for-leak-kinds=definite makes such a block an error). The tools' seccomp
# filters stay on: valgrind runs inside them, so --vgdb=no (its debugger pipes would
# need unlink, which the filters refuse, as they should).
# A sanitizer build cannot run under valgrind (ASan maps its shadow memory where
# valgrind wants its own): there the suite says so and checks nothing.
. "$(dirname "$0")/../lab/prelude.sh"
b=$LAB_BIN
tmp=$(mktemp -d)
cleanup() { lab_down >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT

if lab_build_sanitized; then
	echo "SKIP a sanitizer build (ASan and valgrind cannot share a process)"
	t_summary
	exit
fi

lab_up --routers 2 --dns || exit 1

# memcheck NAME WANT_RC CMD...: CMD under valgrind in the client; checks its exit status
# and valgrind's verdict.
memcheck() {
	local name=$1 want=$2 rc
	shift 2
	lab_exec c timeout 120 valgrind --quiet --vgdb=no --leak-check=full \
		--show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=99 --log-file="$tmp/$name.vg" \
		"$@" >"$tmp/$name.out" 2>&1 </dev/null
	rc=$?
	t_assert_eq "$name: exit status $want under valgrind" "$want" "$rc"
	# With --quiet memcheck reports nothing ("==PID== ...") when the run is clean. Lines
	# "--PID-- ..." are valgrind's own notes (it does not know the seccomp syscall and
	# lets it fail; libseccomp then loads the filter through prctl).
	t_assert_eq "$name: no memcheck errors, no definite leaks" "" \
		"$(grep '^==' "$tmp/$name.vg" | head -n 20)"
}

memcheck "ping" 0 "$b/ping" -c 3 -i 0.2 "$LAB_TARGET4"
t_assert_match "ping: the run itself worked" "3 packets transmitted, 3 received" "$(cat "$tmp/ping.out")"
memcheck "ping -6 sweep --json" 0 "$b/ping" -6 -c 2 -i 0.1 --json "$LAB_TARGET6" "$LAB_HOP6_1"
memcheck "traceroute" 0 "$b/traceroute" -n "$LAB_TARGET4"
t_assert_match "traceroute: the run itself worked" " 3  $LAB_TARGET4 " "$(cat "$tmp/traceroute.out")"
memcheck "traceroute -T --json" 0 "$b/traceroute" -n -T --json "$LAB_TARGET4"
memcheck "mtr -r" 0 "$b/mtr" -r -c 3 -i 0.1 "$LAB_TARGET4"
t_assert_match "mtr: the run itself worked (names from the lab's DNS)" "3\\.\\|-- t\\.lab\\.test" \
	"$(cat "$tmp/mtr -r.out")"
memcheck "mtr --json -u" 0 "$b/mtr" --json -u -n -c 2 -i 0.1 "$LAB_TARGET4"
memcheck "pathping" 0 "$b/pathping" -q 3 -p 50 "$LAB_TARGET4"
t_assert_match "pathping: the run itself worked" "Trace complete\\." "$(cat "$tmp/pathping.out")"
memcheck "nslookup" 0 "$b/nslookup" www.lab.test
t_assert_match "nslookup: the run itself worked" "Address: $LAB_TARGET4" "$(cat "$tmp/nslookup.out")"
memcheck "nslookup NXDOMAIN" 1 "$b/nslookup" nosuch.lab.test
# The lab's server is authoritative only: the checker finds it refuses recursion (a
# failure: exit 1).
memcheck "nslookup --check" 1 "$b/nslookup" --check
t_assert_match "nslookup --check: the run itself worked" "^$LAB_DNS4: failure: REFUSED on 10 of 10 queries" \
	"$(grep "^$LAB_DNS4:" "$tmp/nslookup --check.out")"
# tcpstate counts the target's sockets (nsd listens on TCP port 53 there) from the client.
memcheck "tcpstate" 0 "$b/tcpstate" --netns "$(lab_ns t)"
t_assert_match "tcpstate: the run itself worked" $'\n''LISTEN +[0-9]+ +[0-9]+ +[1-9]' \
	"$(cat "$tmp/tcpstate.out")"
memcheck "tcpstate --list -e" 0 "$b/tcpstate" --netns "$(lab_ns t)" --list -e
memcheck "tcpstate --watch" 0 "$b/tcpstate" --watch 0.1 --count 2 --json

t_summary
