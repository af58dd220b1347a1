#!/usr/bin/env bash
# dot_lab.sh — DNS over TLS on top of dns_lab.sh (source it after dns_lab_up):
#
#   dot_lab_pki                  a CA made here and certificates for the validating
#                                resolver (DNSLAB_RES4), in DOTLAB_PKI ($LAB_STATE/pki):
#                                good    IP:DNSLAB_RES4, IP:DNSLAB_RES6, DNS:dot.t.test,
#                                        from the CA
#                                expired the same, valid in January 2020 only
#                                other   DNS:other.t.test only, from the CA
#                                self    the names of good, self-signed
#                                DOTLAB_PKI/ca.pem is the CA to trust. 1 on failure
#                                (DOTLAB_PKI/log says why).
#   dot_lab_serve NAME PORT CERT the lab's validating unbound's configuration, serving
#                                TLS (tls-service-key/-pem) on DNSLAB_RES4#PORT and
#                                DNSLAB_RES6#PORT with
#                                CERT: an instance of its own (unbound-NAME) beside
#                                unbound-A, which keeps port 53; dns_lab_down stops it
#   dot_lab_wait_listen PORT     poll (at most 5 s) until something listens on PORT in
#                                the target namespace
#
# openssl only writes files under DOTLAB_PKI; nothing runs without a lab.

# _dotlab_pki_dir
# DOTLAB_PKI, set from the lab's state directory; fails when no lab is up.
_dotlab_pki_dir() {
	if [[ -z ${LAB_STATE:-} || -z ${DNSLAB_DIR:-} ]]; then
		echo "dot_lab.sh: no DNS lab is up" >&2
		return 1
	fi
	DOTLAB_PKI=$LAB_STATE/pki
}

# _dotlab_csr NAME SAN: a key and a request for the resolver, with those subjectAltNames
_dotlab_csr() {
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
		-addext "subjectAltName=$2" -keyout "$DOTLAB_PKI/$1.key" -out "$DOTLAB_PKI/$1.csr" \
		2>>"$DOTLAB_PKI/log"
}

# _dotlab_sign NAME START END: the lab CA signs NAME's request, valid from START to END
_dotlab_sign() {
	openssl ca -batch -config "$DOTLAB_PKI/ca.cnf" -notext -in "$DOTLAB_PKI/$1.csr" \
		-out "$DOTLAB_PKI/$1.pem" -startdate "$2" -enddate "$3" >>"$DOTLAB_PKI/log" 2>&1
}

# _dotlab_ca_conf: what `openssl ca` needs to sign with the lab CA
_dotlab_ca_conf() {
	local p=$DOTLAB_PKI
	printf '%s\n' "[ca]" "default_ca = lab" "[lab]" "database = $p/db/index.txt" \
		"new_certs_dir = $p/db" "serial = $p/db/serial" "certificate = $p/ca.pem" \
		"private_key = $p/ca.key" "default_md = sha256" "policy = anything" \
		"copy_extensions = copy" "unique_subject = no" "[anything]" \
		"commonName = supplied" >"$p/ca.cnf"
}

# dot_lab_pki
# The lab CA and every certificate (see the header).
dot_lab_pki() {
	_dotlab_pki_dir || return 1
	local p=$DOTLAB_PKI res="IP:$DNSLAB_RES4,IP:$DNSLAB_RES6"
	mkdir -p "$p/db" && : >"$p/db/index.txt" && echo 01 >"$p/db/serial" || return 1
	_dotlab_ca_conf &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
			-subj "/CN=netdx lab CA" -keyout "$p/ca.key" -out "$p/ca.pem" 2>>"$p/log" &&
		_dotlab_csr good "$res,DNS:dot.t.test" &&
		_dotlab_sign good 20200101000000Z 20991231000000Z &&
		_dotlab_csr expired "$res,DNS:dot.t.test" &&
		_dotlab_sign expired 20200101000000Z 20200201000000Z &&
		_dotlab_csr other "DNS:other.t.test" &&
		_dotlab_sign other 20200101000000Z 20991231000000Z &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
			-subj /CN=self -addext "subjectAltName=$res,DNS:dot.t.test" \
			-keyout "$p/self.key" -out "$p/self.pem" 2>>"$p/log"
}

# dot_lab_serve NAME PORT CERT
# unbound-NAME: the validating resolver's configuration, TLS on its addresses' PORT.
dot_lab_serve() {
	local name=$1 port=$2 cert=$3 dir=$DNSLAB_DIR
	_dotlab_pki_dir || return 1
	_dnslab_unbound_conf "$dir" "$name" yes "$DNSLAB_RES4@$port" "$DNSLAB_RES6@$port"
	sed -i "s|^\tport: 53\$|\tport: 53\n\ttls-port: $port\n\ttls-service-key: \"$DOTLAB_PKI/$cert.key\"\n\ttls-service-pem: \"$DOTLAB_PKI/$cert.pem\"|" \
		"$dir/unbound-$name.conf"
	_dnslab_spawn "unbound-$name" "$dir/unbound-$name.out" unbound -d -c "$dir/unbound-$name.conf"
}

# dot_lab_wait_listen PORT
# Poll until a TCP listener holds PORT in the target namespace.
dot_lab_wait_listen() {
	local i
	[[ -n ${LAB_NS_TARGET:-} ]] || return 1
	for ((i = 0; i < 100; i++)); do
		ip netns exec "$LAB_NS_TARGET" ss -Hltn "sport = :$1" | grep -q . && return 0
		sleep 0.05
	done
	echo "dot_lab.sh: nothing listens on port $1: $(tail -n 1 "$DNSLAB_DIR"/unbound-*.out 2>/dev/null)" >&2
	return 1
}
