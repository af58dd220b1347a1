/* nsl.h — what the nslookup front-end's files share: settings (BIND's "set" options),
 * the server list, the run state, and the entry points of each file. Every function
 * of a file, static or not, begins with the file's prefix:
 *
 * main.c           nsl_      arguments, dispatch, fatal errors, exit status
 * options.c        opt_      -opt / "set opt" (one parser for both), "set all", servers
 * lookup.c         lk_       the lookup engine: search list, servers, retries, TCP, as
 *                            BIND's dighost
 * print.c          print_    BIND 9.18 nslookup's text output of a message
 * json.c           nsl_json_ --json output of lookups
 * interactive.c    nsl_interactive  the "> " command loop
 * check.c          check_    nslookup --check: queries every resolver in parallel
 * check_report.c   report_   the checker's table, verdict lines and JSON */
#ifndef NSLOOKUP_NSL_H
#define NSLOOKUP_NSL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "netdx/addr.h"
#include "netdx/dns_conf.h"
#include "netdx/dns_https.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_server_list.h"
#include "netdx/dns_stream.h"
#include "netdx/dns_tls.h"
#include "netdx/dns_xfr.h"
#include "netdx/loop.h"

#define NSL_MAX_SERVERS 20 /* addresses of one "server NAME" (as BIND) */
#define NSL_TEXT 256       /* short texts: type and class as typed */

/* Exit statuses, as BIND 9.18's nslookup. */
enum nsl_exit {
	NSL_EXIT_OK = 0,
	NSL_EXIT_FAIL = 1,     /* nothing answered, an error rcode, usage, fatal errors */
	NSL_EXIT_BADNAME = 10, /* an illegal name looked up without a search domain */
};

/* One server to ask. */
struct nsl_server {
	struct netdx_addr addr; /* address (port set when asking) */
	char name[ADDR_STRLEN]; /* the address as text ("10.0.0.1", "fe80::1%2") */
	char userarg[1024];     /* what the user typed ("ns.example", or the address) */
	bool https;             /* a DNS-over-HTTPS server: asked at url, on its port */
	struct dns_https_url url;
};

/* BIND's settings: everything "set" changes. */
struct nsl_settings {
	char deftype[NSL_TEXT];  /* query type as typed ("mx"), default "A" */
	uint16_t type;           /* its number */
	char defclass[NSL_TEXT]; /* class as typed, default "IN" */
	uint16_t cls;
	bool default_lookups; /* no type chosen: A, then AAAA */
	uint32_t ixfr_serial; /* type=ixfr=N: N (ours, as dig's ixfr=N) */
	bool ixfr_serial_set; /* ... was given: the IXFR goes over TCP */
	unsigned timeout;     /* seconds; 0: the default (5) */
	unsigned tries;       /* attempts per lookup (resolv.conf attempts, or 3) */
	unsigned port;        /* 53 (1 to 65535) */
	unsigned ndots;       /* resolv.conf ndots, or 1 */
	bool usesearch;       /* apply the search list */
	bool recurse;         /* RD */
	bool vc;              /* TCP */
	bool vc_set;          /* vc/novc given (ANY then stays on UDP) */
	bool tls;             /* set tls (ours): DNS over TLS, port 853 unless port= */
	bool debug;           /* "set debug": the detailed sections */
	bool d2;              /* "set d2": a trace of every query on stderr */
	bool nofail;          /* SERVFAIL: try the next server (BIND's default) */
	bool check_ra;        /* default servers: skip one without recursion */
	size_t n_search;      /* search list (resolv.conf, or set domain=) */
	char search[DNS_CONF_MAXSEARCH][DNS_NAME_MAXTEXT];
	size_t n_servers; /* servers to ask, in order */
	struct nsl_server servers[NSL_MAX_SERVERS];
	/* over TLS: what the server's certificate must name ("": its address) */
	char tls_name[DNS_SERVER_HOST_MAX];
};

/* The whole run. */
struct nsl_run {
	struct nsl_settings set;     /* current settings */
	struct loop *loop;           /* event loop for every query */
	bool interactive;            /* reading commands */
	bool json;                   /* --json: one JSON document instead of text */
	json_t *json_lookups;        /* --json: the lookups so far */
	bool query_error;            /* no message was printed yet (BIND's query_error) */
	bool print_error;            /* an error rcode was printed (BIND's print_error) */
	FILE *out;                   /* stdout */
	struct dns_tls_config trust; /* --tls-ca FILE, --insecure: for TLS and HTTPS alike */
	/* the TLS context, made for the first TLS query */
	struct dns_stream_layer tls;
	struct dns_https *https; /* DNS over HTTPS, made when an https:// server is asked */
};

/* main.c */
/* Flush stdout, print "nslookup: " and the message as one line on stderr, exit(status). */
void nsl_fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

/* options.c */
void opt_settings_init(struct nsl_settings *s, const struct dns_conf *conf);
/* Apply one option without its leading '-' or "set ": "type=mx", "debug", "all".
 * command_line: a bad value ends the run (nsl_fail, exit 1); otherwise BIND's
 * messages on stdout. */
void opt_set(struct nsl_run *run, const char *opt, bool command_line);
/* "set all" (full) or what "server" prints (servers only). */
void opt_show(struct nsl_run *run, bool full, bool servers_only);
/* Replace the server list with every address of name (a literal or a host name,
 * resolved as BIND does, through the system resolver; or tls://ADDR[:PORT][#NAME],
 * which sets tls too, and ends the run when written wrong). Returns false with *why
 * set when it cannot be resolved. */
bool opt_set_server(struct nsl_settings *s, const char *name, const char **why);
/* The port server i is asked on: its URL's (https://), else "set port". */
uint16_t opt_server_port(const struct nsl_settings *s, size_t i);
/* The built-in default when resolv.conf names none: ::1 then 127.0.0.1. */
void opt_default_servers(struct nsl_settings *s, const struct dns_conf *conf);
/* The port servers are asked on: port=, or 853 for TLS when port= is BIND's 53. */
uint16_t opt_port(const struct nsl_settings *s);

/* lookup.c */
/* Look up one name or address as typed, with the current settings; blocks until it
 * is done (A then AAAA for default lookups, the search list, every server). */
void lk_lookup(struct nsl_run *run, const char *what);
/* --json: the entry of the lookup of what when the server's name did not resolve. */
void lk_lookup_no_server(struct nsl_run *run, const char *what, const char *server);

/* print.c */
/* Everything BIND prints for one answer. textname is the lookup's name as typed,
 * qname its full name; aaaa_pending / a_noanswer as in BIND's printmessage. */
struct nsl_print_ctx {
	const struct nsl_server *server; /* who answered */
	uint16_t port;                   /* its port */
	uint16_t rdtype;                 /* the lookup's type */
	bool default_lookups;            /* A then AAAA */
	bool debug;                      /* detailed sections */
	const char *textname;            /* the lookup's text name */
	const struct dns_name *qname;    /* the name asked */
	bool a_noanswer;                 /* the A lookup had no answer */
};
void print_message(FILE *out, const struct nsl_print_ctx *ctx, const struct dns_msg *msg);
/* set d2: a whole message (the query sent, an answer read) under title, with its
 * header in words and every section. */
void print_d2_message(FILE *out, const char *title, const struct dns_msg *msg);
/* ";; Got bad packet: REASON" and BIND's hex dump. */
void print_bad_packet(FILE *out, const char *reason, const uint8_t *buf, size_t len);
/* BIND's words for a socket error ("timed out", "connection refused", ...). */
const char *print_error_text(int err, bool timeout, bool eof);

/* json.c */
/* One finished lookup as a JSON object (message may be NULL when nothing answered;
 * a server with an empty address text is one whose name did not resolve). */
json_t *nsl_json_lookup(const char *textname, const struct dns_name *qname, uint16_t type,
			uint16_t cls, const struct nsl_server *server, uint16_t port,
			const struct dns_msg *msg, double rtt_ms, const char *transport,
			json_t *warnings);
/* The whole message: header, flags, question, sections with typed rdata, EDNS. */
json_t *nsl_json_message(const struct dns_msg *msg);
/* A transfer's message: {"message": its number from 1, "state": "more", "done",
 * "failed" or "nosoa"}. */
json_t *nsl_json_transfer(unsigned part, enum dns_xfr_state state);

/* interactive.c */
/* Read commands from stdin until "exit" or end of input. */
void nsl_interactive(struct nsl_run *run);

/* check.c */
/* nslookup --check [options] [name]: argv holds what follows --check handling. */
int check_main(int argc, char **argv, const struct dns_conf *conf);

#endif
