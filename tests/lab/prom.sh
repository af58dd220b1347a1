#!/usr/bin/env bash
# prom.sh — Prometheus' own servers inside a lab node, for the tests that read netdx's
# metrics through the real thing (sourced after prelude.sh). Every server listens on
# 127.0.0.1 of the node only, keeps its files under $PROM_DIR (the test's temporary
# directory, which the test removes) and is stopped by its PID (prom_stop, from the
# test's cleanup). The programs come from `make test-deps`; Debian's services are never
# used.

# prom_test_begin: the opening of a test that uses these servers: $tmp (a temporary
# directory the servers may read), PROM_DIR in it, a cleanup on exit (the servers by PID,
# the lab, the files), and the programs checked (false, with a failure, without them).
prom_test_begin() {
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	PROM_DIR=$tmp
	trap prom_test_cleanup EXIT
	prom_need
}
prom_test_cleanup() {
	prom_stop
	lab_down >/dev/null 2>&1
	rm -rf "$tmp"
}

# prom_need: true when prometheus and prometheus-node-exporter are installed; else a
# failure that says how to get them.
prom_need() {
	local p
	for p in prometheus prometheus-node-exporter; do
		command -v "$p" >/dev/null && continue
		t_fail "$p installed" "not found: make test-deps installs it"
		return 1
	done
}

# prom_spawn NODE NAME CMD...: CMD in the background in NODE; its PID (the program's own:
# the shell execs it) in $PROM_DIR/NAME.pid, its output in $PROM_DIR/NAME.log.
prom_spawn() {
	local node=$1 name=$2
	shift 2
	lab_exec "$node" bash -c 'echo $$ >"$0"; exec "$@"' "$PROM_DIR/$name.pid" "$@" \
		>"$PROM_DIR/$name.log" 2>&1 &
}

# prom_stop: end every server prom_spawn started, by PID, and wait for each.
prom_stop() {
	local f pid i
	for f in "$PROM_DIR"/*.pid; do
		[[ -s $f ]] || continue
		pid=$(cat "$f")
		kill "$pid" 2>/dev/null
		for ((i = 0; i < 200; i++)); do # 10 s, then without asking
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		kill -9 "$pid" 2>/dev/null
		rm -f "$f"
	done
}

# prom_node_exporter NODE ADDR:PORT TEXTFILE_DIR: node_exporter with only its textfile
# collector; true once it answers (at most 20 s).
prom_node_exporter() {
	prom_spawn "$1" node_exporter prometheus-node-exporter --web.listen-address="$2" \
		--collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$3"
	t_wait_for 20 lab_exec "$1" curl -sf -o /dev/null "http://$2/metrics"
}

# prom_server NODE ADDR:PORT JOB=HOST:PORT...: prometheus scraping each job's target every
# second, its data in $PROM_DIR/data; true once ready (at most 60 s).
prom_server() {
	local node=$1 addr=$2 job
	shift 2
	mkdir -p "$PROM_DIR/data"
	{
		printf 'global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\nscrape_configs:\n'
		for job in "$@"; do
			printf '  - job_name: %s\n    static_configs: [{targets: ["%s"]}]\n' \
				"${job%%=*}" "${job#*=}"
		done
	} >"$PROM_DIR/prometheus.yml"
	prom_spawn "$node" prometheus prometheus --config.file="$PROM_DIR/prometheus.yml" \
		--storage.tsdb.path="$PROM_DIR/data" --web.listen-address="$addr" --log.level=warn
	t_wait_for 60 lab_exec "$node" curl -sf -o /dev/null "http://$addr/-/ready"
}

# prom_query NODE ADDR:PORT PROMQL: the first value an instant query returns (empty when
# none).
prom_query() {
	lab_exec "$1" curl -s --get "http://$2/api/v1/query" --data-urlencode "query=$3" |
		jq -r '.data.result[0].value[1] // empty'
}
