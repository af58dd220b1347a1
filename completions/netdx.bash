# bash completion for the netdx tools: ping, traceroute, pathping, mtr, nslookup, tcpstate.
# Installed as completions/netdx with a link per tool name (bash-completion loads a file by
# the command's name); the Debian package's netdx-<tool> names get a copy whose closing
# `complete` lines name them instead. Needs bash-completion's helpers (_init_completion).
#
# Options are read from the tool's own --help, so they stay true as options come and go;
# the values of options are listed here where --help names them (-M do|dont|want, mtr's
# display modes, nslookup's record types, tcpstate's states).

# _netdx_options TOOL: the options of TOOL --help: those that open a line (both of
# "-w, --wait"), nslookup's "-[no]search" as -search and -nosearch, every --long one.
_netdx_options()
{
	local help
	help=$("$1" --help 2>&1)
	{
		sed -n 's/^ *\(-.*\)/\1/p; s/^Options: *//p' <<<"$help" | sed 's/   *[^-].*//' |
			grep -oE -- '(^|[ ,[])-{1,2}(\[no\])?[A-Za-z0-9?][-A-Za-z0-9]*=?' |
			sed 's/^[ ,[]//; s/^-\[no\]\(.*\)/-\1\n-no\1/'
		grep -oE -- '--[a-z][-a-z]*' <<<"$help"
	} | sort -u
}

# _netdx_complete_options TOOL: COMPREPLY from TOOL's options; "--x=" and "-x=" stay open.
_netdx_complete_options()
{
	COMPREPLY=($(compgen -W '$(_netdx_options "$1")' -- "$cur"))
	[[ ${COMPREPLY-} != *= ]] || compopt -o nospace
}

_netdx_ping()
{
	local cur prev words cword
	_init_completion || return
	case $prev in
	-M) COMPREPLY=($(compgen -W 'do dont want' -- "$cur")); return ;;
	-I) _available_interfaces -a; return ;;
	--targets | --textfile) _filedir; return ;;
	-c | -i | -l | -p | -Q | -s | -t | -w | -W | --max-targets | --serve) return ;;
	esac
	[[ $cur == -* ]] && { _netdx_complete_options "$1"; return; }
	_known_hosts_real -- "$cur"
}

_netdx_traceroute()
{
	local cur prev words cword
	_init_completion || return
	case $prev in
	-P | --protocol)
		COMPREPLY=($(compgen -W "$(awk '/^[a-z]/ {print $1}' /etc/protocols 2>/dev/null)" \
			-- "$cur")); return ;;
	-i | --interface) _available_interfaces; return ;;
	-f | --first | -m | --max-hops | -q | --queries | -N | --sim-queries | -w | --wait | -z | \
		--sendwait | -p | --port | -s | --source | -t | --tos | --confidence) return ;;
	esac
	[[ $cur == -* ]] && { _netdx_complete_options "$1"; return; }
	_known_hosts_real -- "$cur"
}

_netdx_pathping()
{
	local cur prev words cword
	_init_completion || return
	case $prev in
	-g) _known_hosts_real -- "$cur"; return ;;
	-h | -i | -p | -q | -w) return ;;
	esac
	[[ $cur == -* ]] && { _netdx_complete_options "$1"; return; }
	_known_hosts_real -- "$cur"
}

_netdx_mtr()
{
	local cur prev words cword
	_init_completion || return
	case $prev in
	--displaymode) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return ;;
	--textfile | -F | --filename) _filedir; return ;;
	--serve) return ;;
	-I | --interface) _available_interfaces; return ;;
	-o | --order) COMPREPLY=($(compgen -W 'LSNABWV LDRSNBAWVGJMXI' -- "$cur")); return ;;
	-a | --address | -f | --first-ttl | -m | --max-ttl | -s | --psize | -i | --interval | \
		-Q | --tos | -P | --port | -Z | --timeout | -c | --report-cycles) return ;;
	esac
	[[ $cur == -* ]] && { _netdx_complete_options "$1"; return; }
	_known_hosts_real -- "$cur"
}

_netdx_nslookup()
{
	local cur prev words cword
	_init_completion -n = || return
	# -type=MX is one word here (-n =), but readline replaces only what follows the "=".
	case $cur in
	-type=* | -ty=* | -querytype=* | -query=* | -qu=* | -q=*)
		COMPREPLY=($(compgen -W 'A AAAA ANY AXFR CAA CNAME DNAME DNSKEY DS HINFO HTTPS LOC
			MX NAPTR NS NSEC NSEC3 PTR RRSIG SOA SPF SRV SSHFP SVCB TLSA TXT URI' \
			-- "${cur#*=}")); return ;;
	-class=* | -cl=*) COMPREPLY=($(compgen -W 'IN CH HS ANY' -- "${cur#*=}")); return ;;
	-*=*) return ;;
	-*) _netdx_complete_options "$1"; return ;;
	esac
	case $prev in
	--server) _known_hosts_real -- "$cur"; return ;;
	--count | --timeout | --signed | --big) return ;;
	esac
	_known_hosts_real -- "$cur"
}

_netdx_tcpstate()
{
	local cur prev words cword
	_init_completion || return
	case $prev in
	-s | --state | --explain)
		COMPREPLY=($(compgen -W 'established syn-sent syn-recv fin-wait-1 fin-wait-2
			time-wait closed close-wait last-ack listening closing all connected
			synchronized bucket big' -- "$cur")); return ;;
	--netns) COMPREPLY=($(compgen -W "$(ls /run/netns 2>/dev/null)" -- "$cur")); return ;;
	-p | --process) _pnames; return ;;
	--errno)
		COMPREPLY=($(compgen -W 'EADDRINUSE EADDRNOTAVAIL ECONNREFUSED ECONNRESET
			EHOSTUNREACH EINPROGRESS EINVAL ENETUNREACH EPIPE ETIMEDOUT' -- "$cur"))
		return ;;
	--sport | --dport | --src | --dst | --top | --*-min | --time-wait-pct | --watch | --count)
		return ;;
	esac
	_netdx_complete_options "$1"
}

complete -F _netdx_ping ping
complete -F _netdx_traceroute traceroute
complete -F _netdx_pathping pathping
complete -F _netdx_mtr mtr
complete -F _netdx_nslookup nslookup
complete -F _netdx_tcpstate tcpstate
