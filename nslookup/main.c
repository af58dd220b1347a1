/* main.c — nslookup, as BIND 9.18's: arguments, then one lookup or the command loop,
 * and BIND's exit status. Extras: --json (one JSON document of the whole exchange)
 * and --check (the resolver checker, check.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/dns_https_url.h"
#include "netdx/dns_tls.h"
#include "netdx/priv.h"
#include "netdx/sandbox.h"
#include "netdx/out.h"
#include "nsl.h"

/* nsl_usage
 * BIND's usage text, on stderr (bad arguments, exit 1) or with our extras on stdout
 * (--help, exit 0). */
static void nsl_usage(bool help)
{
	FILE *f = help ? stdout : stderr;

	fputs("Usage:\n"
	      "   nslookup [-opt ...]             # interactive mode using default server\n"
	      "   nslookup [-opt ...] - server    # interactive mode using 'server'\n"
	      "   nslookup [-opt ...] host        # just look up 'host' using default server\n"
	      "   nslookup [-opt ...] host server # just look up 'host' using 'server'\n",
	      f);
	if (help)
		fputs("   nslookup --json [-opt ...] host [server]\n"
		      "                                   # the same, as one JSON document\n"
		      "   nslookup -tls [--tls-ca FILE | --insecure] [-opt ...] host\n"
		      "            [tls://ADDR[:PORT][#NAME]]\n"
		      "                                   # the same over TLS (port 853)\n"
		      "   nslookup [--tls-ca FILE | --insecure] [-opt ...] host https://HOST/PATH\n"
		      "                                   # DNS over HTTPS (RFC 8484)\n"
		      "   nslookup --check [--server ADDR[#PORT] | URL]... [--servers FILE]\n"
		      "                    [--server tls://ADDR[:PORT][#NAME]]...\n"
		      "                    [--transport udp,tcp,tls,https] [--tls-ca FILE | --insecure]\n"
		      "                    [--count N] [--timeout S]\n"
		      "                    [--signed NAME] [--big NAME] [--intercept ADDR]\n"
		      "                    [--whoami NAME]\n"
		      "                    [--json | --openmetrics | --prometheus] [name]\n"
		      "                                   # check every resolver: exit 0 when\n"
		      "                                   # none failed (warnings allowed), 1 when\n"
		      "                                   # one did, 2 on bad arguments\n"
		      "   nslookup --check --ping [--server ADDR | URL]\n"
		      "                    [--transport udp|tcp|tls|https]\n"
		      "                    [-c N] [-i S] [--timeout S] [--json] [name]\n"
		      "                                   # one query at a time, as dnsping\n"
		      "Options: -type= (-type=axfr, -type=ixfr=SERIAL: zone transfers) -class=\n"
		      "         -port= -timeout= -retry= -ndots= -domain=\n"
		      "         -[no]search -[no]recurse -[no]vc -[no]debug -[no]d2 -[no]fail\n"
		      "         -[no]tls\n"
		      "See nslookup(1).\n",
		      f);
	exit(help ? NSL_EXIT_OK : NSL_EXIT_FAIL);
}

/* nsl_fail
 * What was printed so far, then "nslookup: " and the message as one line on stderr,
 * and exit with status: every fatal error of the front-end ends here. */
void nsl_fail(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("nslookup: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* nsl_load_conf
 * resolv.conf, strictly as BIND reads it; a bad file ends the run with one line. */
static void nsl_load_conf(struct dns_conf *conf)
{
	struct dns_conf_error err = {0};
	enum dns_status st = dns_conf_load(DNS_CONF_PATH, true, conf, &err);

	if (st == DNS_E_IO)
		nsl_fail(NSL_EXIT_FAIL, "parse of %s failed: %s", DNS_CONF_PATH, strerror(errno));
	if (st != DNS_OK)
		nsl_fail(NSL_EXIT_FAIL, "parse of %s failed: line %u: %s", DNS_CONF_PATH, err.line,
			 err.what);
}

#define NSL_GO_ON (-1)     /* nsl_parse_args: no exit status yet, the run goes on */
#define NSL_RUN_CHECK (-2) /* nsl_parse_args: --check, whose options check.c reads */

/* The lookup named on the command line, with the settings it was given with (BIND
 * builds the lookup as soon as it meets the name). */
struct pending_lookup {
	bool set;         /* a name was given */
	const char *name; /* as typed */
	uint16_t type;    /* type (an IXFR's serial), class, recursion, TCP at that point */
	uint32_t ixfr_serial;
	bool ixfr_serial_set;
	uint16_t cls;
	bool recurse;
	bool vc;
	bool vc_set;
	unsigned tries;
};

/* nsl_finish
 * End of run: the JSON document or BIND's last empty line, and the exit status. */
static int nsl_finish(struct nsl_run *run)
{
	int rc = (run->query_error || run->print_error) ? NSL_EXIT_FAIL : NSL_EXIT_OK;

	if (run->json) {
		json_t *doc = json_object();
		out_json_set(doc, "lookups", run->json_lookups);
		out_json_set(doc, "exit_code", json_integer(rc));
		if (!out_json_emit(run->out, doc, true))
			return NSL_EXIT_FAIL;
		return rc;
	}
	fputs("\n", run->out);
	fflush(run->out);
	return rc;
}

/* nsl_server_not_found
 * The server's name did not resolve: BIND's line on stderr and exit 1, or with --json
 * the document, whose lookup says so as other failures do. */
static int nsl_server_not_found(struct nsl_run *run, const struct pending_lookup *pl,
				const char *server)
{
	if (!run->json || !pl->set)
		nsl_fail(NSL_EXIT_FAIL, "couldn't get address for '%s': not found", server);
	run->set.type = pl->type;
	run->set.cls = pl->cls;
	run->json_lookups = json_array();
	lk_lookup_no_server(run, pl->name, server);
	return nsl_finish(run);
}

/* nsl_tls_option
 * --tls-ca FILE (--tls-ca=FILE) and --insecure, for TLS and https:// servers: true when
 * argv[*i] was one (*i then at its last word). The CA file must be readable now. */
static bool nsl_tls_option(struct nsl_run *run, int argc, char **argv, int *i)
{
	const char *a = argv[*i];

	if (strcmp(a, "--insecure") == 0) {
		run->trust.insecure = true;
		return true;
	}
	if (strcmp(a, "--tls-ca") == 0 && *i + 1 >= argc)
		nsl_fail(NSL_EXIT_FAIL, "option --tls-ca needs a file");
	if (strcmp(a, "--tls-ca") == 0)
		run->trust.ca_file = argv[++*i];
	else if (strncmp(a, "--tls-ca=", 9) == 0)
		run->trust.ca_file = a + 9;
	else
		return false;
	if (access(run->trust.ca_file, R_OK) < 0)
		nsl_fail(NSL_EXIT_FAIL, "--tls-ca %s: %s", run->trust.ca_file, strerror(errno));
	return true;
}

/* nsl_parse_args
 * BIND's parse_args: options, the name, the server, in one pass over argv. NSL_GO_ON,
 * NSL_RUN_CHECK at --check, or the exit status when the run ends here (--version,
 * a server that does not resolve). */
static int nsl_parse_args(struct nsl_run *run, struct pending_lookup *pl, int argc, char **argv)
{
	bool have_lookup = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--check") == 0) {
			return NSL_RUN_CHECK;
		} else if (nsl_tls_option(run, argc, argv, &i)) {
			continue;
		} else if (strcmp(a, "--json") == 0) {
			run->json = true;
		} else if (strcmp(a, "--help") == 0) {
			nsl_usage(true);
		} else if (strcmp(a, "--version") == 0 || strncasecmp(a, "-ver", 4) == 0) {
			cli_print_version();
			return NSL_EXIT_OK;
		} else if (a[0] == '-' && a[1] == '-') {
			nsl_fail(NSL_EXIT_FAIL, "invalid option: %s", a);
		} else if (a[0] == '-' && a[1] != '\0') {
			opt_set(run, a + 1, true);
		} else if (a[0] == '-') {
			have_lookup = true;
		} else if (!have_lookup) {
			have_lookup = true;
			*pl = (struct pending_lookup){true,
						      a,
						      run->set.type,
						      run->set.ixfr_serial,
						      run->set.ixfr_serial_set,
						      run->set.cls,
						      run->set.recurse,
						      run->set.vc,
						      run->set.vc_set,
						      run->set.tries};
		} else {
			const char *why = NULL;
			if (i + 1 < argc)
				nsl_usage(false);
			bool found = opt_set_server(&run->set, a, &why);
			if (!found && dns_https_url_is(a))
				nsl_fail(NSL_EXIT_FAIL, "server '%s': %s", a, why);
			if (!found)
				return nsl_server_not_found(run, pl, a);
			run->set.check_ra = false;
		}
	}
	return NSL_GO_ON;
}

/* nsl_check_tls_options
 * --tls-ca and --insecure: not both, and not for a lookup that goes over neither TLS
 * nor HTTPS (interactively, "set tls" or an https:// server may come later). */
static void nsl_check_tls_options(const struct nsl_run *run, bool lookup)
{
	const char *ca = run->trust.ca_file;
	bool secure = run->set.tls || run->set.servers[0].https;

	if (ca && run->trust.insecure)
		nsl_fail(NSL_EXIT_FAIL, "options --tls-ca and --insecure do not go together");
	if (lookup && !secure && (ca || run->trust.insecure))
		nsl_fail(NSL_EXIT_FAIL, "%s goes with -tls, a tls:// or an https:// server",
			 ca ? "--tls-ca" : "--insecure");
}

/* main
 * Parse the arguments as BIND's parse_args, then look up or read commands. */
int main(int argc, char **argv)
{
	struct nsl_run run = {.out = stdout, .query_error = true};
	struct pending_lookup pl = {0};
	struct dns_conf conf;

	/* nslookup needs no privilege at all: give up whatever it was started with (root)
	 * and keep to the system calls it needs before anything is read from the network:
	 * it reads resolv.conf and asks servers, by name too, with sockets of its own (the C
	 * library's getaddrinfo asks the kernel for our addresses to order a name's). */
	if (!priv_init() || !priv_drop_all() ||
	    !sandbox_enter(SANDBOX_FILES | SANDBOX_INET | SANDBOX_ROUTE))
		nsl_fail(NSL_EXIT_FAIL, "dropping privileges: %s", strerror(errno));
	nsl_load_conf(&conf);
	opt_settings_init(&run.set, &conf);
	int rc = nsl_parse_args(&run, &pl, argc, argv);
	if (rc == NSL_RUN_CHECK)
		return check_main(argc, argv, &conf);
	if (rc != NSL_GO_ON)
		return rc;
	nsl_check_tls_options(&run, pl.set);
	if (run.json) {
		if (!pl.set)
			nsl_fail(NSL_EXIT_FAIL, "--json needs a name to look up "
						"(interactive mode prints text)");
		run.json_lookups = json_array();
	}
	run.loop = loop_new();
	if (run.loop == NULL)
		nsl_fail(NSL_EXIT_FAIL, "cannot create the event loop: %s", strerror(errno));
	if (pl.set) {
		struct nsl_settings now = run.set;
		run.set.type = pl.type;
		run.set.cls = pl.cls;
		run.set.recurse = pl.recurse;
		run.set.vc = pl.vc;
		run.set.vc_set = pl.vc_set;
		run.set.tries = pl.tries;
		lk_lookup(&run, pl.name);
		run.set.type = now.type;
	} else {
		run.interactive = true;
		nsl_interactive(&run);
	}
	rc = nsl_finish(&run);
	dns_https_free(run.https);
	loop_free(run.loop);
	if (run.tls.ctx)
		dns_tls_free(&run.tls);
	return rc;
}
