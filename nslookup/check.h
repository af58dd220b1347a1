/* check.h — the resolver checker's results, shared by check.c (which measures) and
 * check_report.c (which prints the table, the verdicts and the JSON). */
#ifndef NSLOOKUP_CHECK_H
#define NSLOOKUP_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/cli.h"
#include "netdx/dns_https.h"
#include "netdx/dns_name.h"
#include "netdx/dns_server_list.h"
#include "netdx/stats.h"

#define CHK_MAX_SERVERS 16
#define CHK_MAX_COUNT 100 /* latency queries per server (--count) */
#define CHK_RCODES 4096   /* rcodes are 12 bits with EDNS */

/* Outcome of a yes/no test (unknown: the test's query got no usable answer). */
enum chk_tri {
	CHK_UNKNOWN = 0,
	CHK_YES,
	CHK_NO
};

/* The tests whose query can end without an outcome, and why is kept for the report. */
enum chk_test {
	CHK_T_EDNS,
	CHK_T_TC,
	CHK_T_AD,
	CHK_T_NX,
	CHK_T_WHOAMI,
	CHK_TESTS
};

/* Outcome of the truncation test. */
enum chk_tc {
	CHK_TC_UNKNOWN = 0, /* no answer to compare */
	CHK_TC_OK,          /* TC set over UDP, the full answer over TCP */
	CHK_TC_FITS,        /* the answer fits in 512 bytes: nothing to truncate */
	CHK_TC_NO_FLAG,     /* fewer records over UDP, and no TC bit */
	CHK_TC_TCP_FAILED,  /* TC set, but TCP gave no answer */
};

/* The transports latency is measured over: each is one entry of check_xport.c's
 * table (a new transport is one more entry there and here). */
enum chk_xport {
	CHK_X_UDP,
	CHK_X_TCP,
	CHK_X_TLS,
	CHK_X_HTTPS,
	CHK_XPORTS
};

struct dns_query_opts;
struct dns_stream_layer;

/* Where a server answers DNS over TLS (tls://ADDR[:PORT][#NAME], or its address on
 * 853 under --transport tls). */
struct chk_tls_at {
	uint16_t port;                        /* 853 unless tls://ADDR:PORT */
	char name[DNS_SERVER_HOST_MAX];       /* its certificate's name ("": its address) */
	const struct dns_stream_layer *layer; /* the run's TLS context (NULL: no TLS) */
};

/* Where a query over HTTPS goes: through ctx (made when HTTPS is measured), to url. */
struct chk_https {
	struct dns_https *ctx;
	const struct dns_https_url *url; /* the server's: given, or https://ADDR/dns-query */
};

/* What the transports beyond UDP and TCP need of a server: where it answers. */
struct chk_at {
	const struct chk_tls_at *tls;
	const struct chk_https *https;
};

/* What the checker knows of a transport. */
struct chk_xport_desc {
	const char *name;  /* "udp": in --transport, the table, the JSON and the metrics */
	const char *upper; /* "UDP": in --ping's header, as dnsping writes it */
	/* set a query up to go over it (over TLS: to the server's TLS port and name; over
	 * HTTPS: to its URL) */
	void (*apply)(struct dns_query_opts *o, const struct chk_at *at);
};

/* Latency queries to one server over one transport: the name asked again and again
 * (cache hits after the first) and as many random labels under it (cache misses). */
struct chk_lat {
	unsigned sent;                /* latency queries sent */
	unsigned answered;            /* ... answered (any rcode) */
	unsigned timeouts;            /* ... unanswered in time */
	unsigned stalled;             /* ... of which the connection (TCP, TLS: its handshake)
				       * was not ready in time */
	unsigned neterr;              /* ... failed: a socket error, a malformed answer */
	unsigned port_closed;         /* ... of which ICMP port unreachable (ECONNREFUSED) */
	char error[160];              /* the first other error, in words */
	unsigned servfail;            /* ... answered SERVFAIL */
	unsigned refused;             /* ... answered REFUSED */
	unsigned other_rcode;         /* ... answered another error rcode */
	uint8_t rcodes[CHK_RCODES];   /* ... answered with each rcode (at most CHK_MAX_COUNT) */
	struct stats rtt;             /* RTT of the answered ones */
	double rtt_ms[CHK_MAX_COUNT]; /* each of them, in the order answered (for histograms) */
	long ttl;                     /* the first answer's first answer record's TTL (-1: none) */
	int flags;                    /* the first answer's header flags (-1: no answer) */
	int rcode;                    /* ... and its rcode */
	struct stats miss;            /* the cache-miss queries: sent, answered, RTT */
};

/* Everything measured for one server. */
struct chk_server {
	struct netdx_addr addr;      /* with port */
	char name[DNS_NAME_MAXTEXT]; /* the --server name it is an address of ("": a literal) */
	char where[ADDR_STRLEN + 8]; /* "10.0.0.1" or "10.0.0.1#5353" */
	char label[DNS_NAME_MAXTEXT + ADDR_STRLEN + 16]; /* where, or "NAME (where)" */
	struct chk_lat lat[CHK_XPORTS];                  /* latency over each transport measured */
	struct chk_tls_at tls;                           /* where it answers over TLS */
	/* where it is asked over HTTPS (https:// --server, or https://ADDR/dns-query) */
	struct dns_https_url url;
	enum chk_tri ra;              /* recursion available (RA on every UDP answer) */
	enum chk_tri edns;            /* answers with an OPT record */
	unsigned edns_size;           /* its UDP payload size */
	enum chk_tri tcp;             /* answers over TCP */
	enum chk_tc tc;               /* truncation */
	unsigned tc_udp_records;      /* answer records over UDP without EDNS */
	unsigned tc_tcp_records;      /* ... over TCP */
	enum chk_tri ad;              /* AD set for the signed name */
	enum chk_tri nx_ok;           /* the random name was NXDOMAIN */
	char nx_answer[128];          /* what came back instead */
	char nsid[128];               /* the server's NSID (asked with the EDNS test) */
	char id_server[128];          /* its CH TXT id.server answer */
	char hostname_bind[128];      /* its CH TXT hostname.bind answer */
	char egress[ADDR_STRLEN];     /* the address --whoami's name saw asking ("": none) */
	char ede[160];                /* the first Extended DNS Error it gave, in words */
	char *signature;              /* the latency answer, for consistency (malloc) */
	enum chk_tri consistent;      /* same answer as the other servers */
	char untested[CHK_TESTS][48]; /* a test without outcome: what its query got */
};

/* The interception test: a query to an address where no resolver runs must go
 * unanswered; an answer means something on the path answers port 53 for it. */
struct chk_intercept {
	bool asked;                                   /* --intercept was given */
	struct netdx_addr addr;                       /* the address asked, with port */
	char where[ADDR_STRLEN + 8];                  /* as text */
	enum chk_tri answered;                        /* yes: intercepted; no: silence or refused */
	char answer[64];                              /* the rcode of what answered */
	char nsid[128];                               /* its NSID */
	char as[DNS_NAME_MAXTEXT + ADDR_STRLEN + 16]; /* the checked server with that NSID */
};

/* The whole check. */
struct chk_result {
	char name[DNS_NAME_MAXTEXT];        /* the name asked */
	char type[16];                      /* its type */
	char signed_name[DNS_NAME_MAXTEXT]; /* the name the AD test asks */
	char big_name[DNS_NAME_MAXTEXT];    /* the truncation test's name */
	char big_type[16];
	char nx_name[DNS_NAME_MAXTEXT];   /* the random name of the NXDOMAIN test */
	char miss_zone[DNS_NAME_MAXTEXT]; /* cache-miss names are random labels under it */
	char whoami[DNS_NAME_MAXTEXT];    /* --whoami's name ("": not asked) */
	bool xport[CHK_XPORTS];           /* the transports latency is measured over */
	bool tls_insecure;                /* --insecure: TLS and HTTPS certificates not verified */
	unsigned count;                   /* latency queries per server and transport */
	double timeout_ms;                /* per query */
	double elapsed_ms;                /* wall time of the whole check */
	size_t n;                         /* servers */
	struct chk_server srv[CHK_MAX_SERVERS];
	struct chk_intercept intercept;
};

/* Exit statuses of --check. */
enum chk_exit {
	CHK_EXIT_OK = 0,                 /* no server failed (warnings may have been found) */
	CHK_EXIT_FAILED = 1,             /* at least one server failed */
	CHK_EXIT_USAGE = CLI_EXIT_ERROR, /* bad arguments (cli_die), or no memory */
};

/* What --check prints. */
enum chk_format {
	CHK_TEXT,        /* the table and the findings */
	CHK_JSON,        /* --json */
	CHK_OPENMETRICS, /* --openmetrics */
	CHK_PROMETHEUS,  /* --prometheus */
};

/* A server's verdict, for the metrics. */
struct chk_verdict {
	const char *status; /* "ok", "warning" or "failure" */
	unsigned failures;  /* findings of each severity */
	unsigned warnings;
	unsigned infos;
};

/* check_xport.c */
/* The transport's entry. */
const struct chk_xport_desc *chk_xport(enum chk_xport x);
/* The DNS-over-HTTPS context on loop (libcurl loaded, the CA file read); one line and
 * exit 2 when it cannot be made. */
struct dns_https *chk_xport_https_or_die(struct loop *loop, const struct dns_tls_config *tls);
/* --transport LIST: transport names, comma-separated, into on[] (which it adds to).
 * False with *bad pointing at the first name that is no transport. */
bool chk_xport_parse_list(char *list, bool on[CHK_XPORTS], const char **bad);
/* Every transport's name, as "udp, tcp, ...", into buf. */
void chk_xport_names(char *buf, size_t len);
/* The header flags a check shows, in dnseval's order: QR AA TC RD RA AD CD. */
#define CHK_N_FLAGS 7
extern const struct chk_flag {
	uint16_t bit;
	const char *name;
} chk_flags[CHK_N_FLAGS];

/* Header flags in the order QR AA TC RD RA AD CD: every one, "--" where unset, as
 * dnseval writes them ("QR -- -- RD RA -- --"); or only the set ones, as dnsping -F
 * does ("QR RD RA"). flags < 0: none known. */
void chk_flags_text(int flags, bool only_set, char *buf, size_t len);

/* check_tls.c */
/* --tls-ca and --insecure (trust), for TLS and HTTPS alike: the TLS context when a
 * server is measured over TLS (xport), trust's CA file or the system's store, none with
 * insecure; given to every server of r. Without TLS or HTTPS, either option ends the
 * run (cli_die), as do both together. (HTTPS's context needs the loop: made later, by
 * chk_xport_https_or_die, from the same trust.) */
void chk_tls_setup(struct chk_result *r, const bool xport[CHK_XPORTS],
		   const struct dns_tls_config *trust, struct dns_stream_layer *layer);
/* The context goes (nothing when none was made). */
void chk_tls_free(struct dns_stream_layer *layer);

/* What --ping asks, of whom. */
struct chk_ping_opts {
	struct netdx_addr server;         /* address and port */
	char host[ADDR_STRLEN];           /* the address as text */
	char where[ADDR_STRLEN + 8];      /* ... with #PORT when not 53 */
	struct dns_name name;             /* the name asked */
	char name_text[DNS_NAME_MAXTEXT]; /* as text */
	uint16_t type;                    /* its type */
	char type_text[16];
	enum chk_xport xport;        /* over what */
	struct chk_tls_at tls;       /* ... and where, over TLS */
	struct dns_https_url url;    /* ... over HTTPS */
	struct dns_tls_config trust; /* TLS and HTTPS: how its certificate is checked */
	unsigned count;              /* queries (0: until interrupted) */
	double interval_ms;          /* from one query's start to the next */
	unsigned timeout_ms;         /* per query */
	bool json;                   /* one document at the end */
};

/* check_ping.c: ask o->server again and again; exit status 0 when an answer came. */
int check_ping(const struct chk_ping_opts *o);

/* check_report.c */
/* Judge each server, then print the table and its findings (or the JSON document, or
 * the metrics). Returns the exit status. */
int report_check(struct chk_result *r, enum chk_format format);

/* check_metrics.c: the check as one exposition on stdout (OpenMetrics, or Prometheus
 * text 0.0.4); false if it could not be written. */
bool check_metrics_emit(const struct chk_result *r, const struct chk_verdict *v, bool openmetrics);

#endif
