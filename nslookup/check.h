/* check.h — the resolver checker's results, shared by check.c (which measures) and
 * report.c (which prints the table, the verdicts and the JSON). */
#ifndef NSLOOKUP_CHECK_H
#define NSLOOKUP_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/dns_name.h"
#include "netdx/stats.h"

#define CHK_MAX_SERVERS 16

/* Outcome of a yes/no test. */
enum chk_tri { CHK_UNKNOWN = 0, CHK_YES, CHK_NO };

/* Outcome of the truncation test. */
enum chk_tc {
	CHK_TC_UNKNOWN = 0,  /* no answer to compare */
	CHK_TC_OK,           /* TC set over UDP, the full answer over TCP */
	CHK_TC_FITS,         /* the answer fits in 512 bytes: nothing to truncate */
	CHK_TC_NO_FLAG,      /* fewer records over UDP, and no TC bit */
	CHK_TC_TCP_FAILED,   /* TC set, but TCP gave no answer */
};

/* Everything measured for one server. */
struct chk_server {
	struct netdx_addr addr;      /* with port */
	char label[80];              /* "10.0.0.1" or "10.0.0.1#5353" */
	unsigned sent;               /* latency queries sent */
	unsigned answered;           /* ... answered (any rcode) */
	unsigned timeouts;           /* ... unanswered in time */
	unsigned neterr;             /* ... failed on the socket (refused port, ...) */
	unsigned servfail;           /* ... answered SERVFAIL */
	unsigned refused;            /* ... answered REFUSED */
	unsigned other_rcode;        /* ... answered another error rcode */
	struct stats rtt;            /* RTT of the answered ones */
	enum chk_tri ra;             /* recursion available (RA on every answer) */
	enum chk_tri edns;           /* answers with an OPT record */
	unsigned edns_size;          /* its UDP payload size */
	enum chk_tri tcp;            /* answers over TCP */
	enum chk_tc tc;              /* truncation */
	unsigned tc_udp_records;     /* answer records over UDP without EDNS */
	unsigned tc_tcp_records;     /* ... over TCP */
	enum chk_tri ad;             /* AD set for the signed name */
	enum chk_tri nx_ok;          /* the random name was NXDOMAIN */
	char nx_answer[128];         /* what came back instead */
	char nsid[128];              /* the server's NSID (asked with the EDNS test) */
	char ede[160];               /* the first Extended DNS Error it gave, in words */
	char *signature;             /* the latency answer, for consistency (malloc) */
	enum chk_tri consistent;     /* same answer as the other servers */
	bool healthy;                /* no problem found */
};

/* The whole check. */
struct chk_result {
	char name[DNS_NAME_MAXTEXT];     /* the name asked */
	char type[16];                   /* its type */
	char signed_name[DNS_NAME_MAXTEXT]; /* the name the AD test asks */
	char big_name[DNS_NAME_MAXTEXT]; /* the truncation test's name */
	char big_type[16];
	char nx_name[DNS_NAME_MAXTEXT];  /* the random name of the NXDOMAIN test */
	unsigned count;                  /* latency queries per server */
	double timeout_ms;               /* per query */
	double elapsed_ms;               /* wall time of the whole check */
	size_t n;                        /* servers */
	struct chk_server srv[CHK_MAX_SERVERS];
};

/* report.c */
/* Decide each server's health, then print the table and one verdict line each (or
 * the JSON document). Returns the exit status: 0 if every server is healthy. */
int chk_report(struct chk_result *r, bool json);

#endif
