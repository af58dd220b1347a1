#!/usr/bin/env bash
# doh_lab.sh — DNS over HTTPS in the DNS lab, for tests and benchmarks; sourced after
# dns_lab.sh, once dns_lab_up has run:
#
#   doh_lab_up DIR [fakes]    certificates in DIR, then on the target's link:
#     10.0.2.50  unbound (not validating, as 10.0.2.21) serving DoH on 443 (HTTP/2,
#     fd00:0:0:2::50  /dns-query) and plain DNS on 53, with a certificate of the lab
#                CA (DIR/ca.pem) for doh.t.test, 10.0.2.50, fd00:0:0:2::50, 10.0.2.51
#   and with "fakes", doh_fake.py (see its header) on 443 of:
#     10.0.2.51  a lab CA certificate       10.0.2.52 a self-signed certificate
#     10.0.2.53  a lab CA certificate for another name
#     10.0.2.54  a lab CA certificate that has expired
#     10.0.2.55  nothing: a connection to 443 is refused
#   doh_lab_down              kill what doh_lab_up started, remove its addresses
#
# Certificates are made with openssl at each start (EC P-256; the expired one with
# -days -1). Daemons are recorded in DIR/doh.pids (and in dns_lab.sh's list, so
# dns_lab_down kills them too). Exports DOHLAB_DIR, DOHLAB_CA (the lab CA's file).

# _dohlab_cert NAME SAN DAYS [self]: key and certificate in DOHLAB_DIR, signed by the
# lab CA or by itself
_dohlab_cert() {
	local d=$DOHLAB_DIR name=$1 san=$2 days=$3
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
		-keyout "$d/$name.key" -out "$d/$name.csr" 2>>"$d/openssl.log" || return 1
	printf 'subjectAltName=%s\n' "$san" >"$d/$name.ext"
	if [[ ${4:-} == self ]]; then
		openssl x509 -req -in "$d/$name.csr" -key "$d/$name.key" -days "$days" \
			-extfile "$d/$name.ext" -out "$d/$name.pem" 2>>"$d/openssl.log"
	else
		openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
			-CAcreateserial -days "$days" -extfile "$d/$name.ext" \
			-out "$d/$name.pem" 2>>"$d/openssl.log"
	fi
}

# _dohlab_certs: the lab CA and every certificate
_dohlab_certs() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj /CN=netdx-lab-ca -keyout "$DOHLAB_DIR/ca.key" -out "$DOHLAB_DIR/ca.pem" \
		2>>"$DOHLAB_DIR/openssl.log" &&
		_dohlab_cert good "DNS:doh.t.test,IP:10.0.2.50,IP:fd00:0:0:2::50,IP:10.0.2.51" 2 &&
		_dohlab_cert self "IP:10.0.2.52" 2 self &&
		_dohlab_cert wrong "DNS:other.test,IP:10.0.2.99" 2 &&
		_dohlab_cert expired "IP:10.0.2.54" -1
}

# _dohlab_record: the daemon just spawned, in both lists
_dohlab_record() {
	printf '%s %s\n' "$_DNSLAB_PID" "$(_lab_starttime "$_DNSLAB_PID")" >>"$DOHLAB_DIR/doh.pids"
}

# _dohlab_unbound: unbound C on 10.0.2.50, DoH on 443
_dohlab_unbound() {
	local conf=$DNSLAB_DIR/unbound-C.conf d=$DOHLAB_DIR
	_dnslab_unbound_conf "$DNSLAB_DIR" C no 10.0.2.50 fd00:0:0:2::50
	sed -i "/^server:/a\\
	interface: 10.0.2.50@443\\
	interface: fd00:0:0:2::50@443\\
	https-port: 443\\
	tls-service-key: \"$d/good.key\"\\
	tls-service-pem: \"$d/good.pem\"" "$conf"
	_dnslab_spawn unbound-C "$DNSLAB_DIR/unbound-C.out" unbound -d -c "$conf"
	_dohlab_record
	# unbound binds every port before it answers any: 53 answering means 443 listens
	_dnslab_wait_answer 10.0.2.50 t.test SOA
}

# _dohlab_fakes: doh_fake.py with its four certificates
_dohlab_fakes() {
	local d=$DOHLAB_DIR
	_dnslab_spawn doh-fake "$d/fake.log" /usr/bin/python3 -u "$_DNSLAB_ROOT/tests/lab/doh_fake.py" \
		--serve 10.0.2.51 443 "$d/good.pem" "$d/good.key" \
		--serve 10.0.2.52 443 "$d/self.pem" "$d/self.key" \
		--serve 10.0.2.53 443 "$d/wrong.pem" "$d/wrong.key" \
		--serve 10.0.2.54 443 "$d/expired.pem" "$d/expired.key"
	_dohlab_record
	_dnslab_wait_line "$d/fake.log" ready
}

# doh_lab_up DIR [fakes]
# Everything above; returns 1 (what came up left for doh_lab_down) if anything fails.
doh_lab_up() {
	local a
	export DOHLAB_DIR=$1 DOHLAB_CA=$1/ca.pem
	: >"$DOHLAB_DIR/doh.pids"
	_dohlab_certs || return 1
	for a in 50 51 52 53 54 55; do
		ip -n "$LAB_NS_TARGET" addr replace "10.0.2.$a/24" dev to-r1 || return 1
	done
	ip -n "$LAB_NS_TARGET" addr replace fd00:0:0:2::50/64 dev to-r1 nodad || return 1
	_dohlab_unbound || return 1
	[[ ${2:-} != fakes ]] || _dohlab_fakes
}

# doh_lab_down
# Kill what doh_lab_up started, remove its addresses. Idempotent; safe in a trap.
doh_lab_down() {
	local pid start a
	[[ -n ${DOHLAB_DIR:-} && -f $DOHLAB_DIR/doh.pids ]] || return 0
	while read -r pid start; do
		_lab_kill "$pid" "$start"
	done <"$DOHLAB_DIR/doh.pids"
	: >"$DOHLAB_DIR/doh.pids"
	for a in 50 51 52 53 54 55; do
		ip -n "$LAB_NS_TARGET" addr del "10.0.2.$a/24" dev to-r1 2>/dev/null
	done
	ip -n "$LAB_NS_TARGET" addr del fd00:0:0:2::50/64 dev to-r1 2>/dev/null
	return 0
}
