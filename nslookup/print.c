/* print.c — BIND 9.18 nslookup's text for an answer: the Server/Address header,
 * "Non-authoritative answer:", Name/Address pairs, "<name>\t<what> = <data>" lines,
 * the SOA block, the -debug sections, and the bad-packet dump. */
#include <errno.h>
#include <string.h>

#include "netdx/dns_host.h"
#include "netdx/dns_rdata.h"
#include "netdx/dns_type.h"
#include "netdx/wire.h"
#include "nsl.h"

/* What BIND prints before the data of types 0..41; others get "rdata_<n> = ". */
/* clang-format off */
static const char *const rtypetext[] = {
	"rtype_0 = ",       "internet address = ", "nameserver = ",   "md = ",
	"mf = ",            "canonical name = ",   "soa = ",          "mb = ",
	"mg = ",            "mr = ",               "rtype_10 = ",     "protocol = ",
	"name = ",          "hinfo = ",            "minfo = ",        "mail exchanger = ",
	"text = ",          "rp = ",               "afsdb = ",        "x25 address = ",
	"isdn address = ",  "rt = ",               "nsap = ",         "nsap_ptr = ",
	"signature = ",     "key = ",              "px = ",           "gpos = ",
	"has AAAA address ", "loc = ",             "next = ",         "rtype_31 = ",
	"rtype_32 = ",      "service = ",          "rtype_34 = ",     "naptr = ",
	"kx = ",            "cert = ",             "v6 address = ",   "dname = ",
	"rtype_40 = ",      "optional = ",
};
/* clang-format on */

/* print_name
 * A name as BIND's dns_name_format: no final dot (the root stays "."). */
static void print_name(FILE *out, const struct dns_name *n)
{
	char buf[DNS_NAME_MAXTEXT];

	dns_name_to_text(n, buf, sizeof(buf), false);
	fputs(buf, out);
}

/* print_rdata_text
 * The record's presentation text (the message was checked when parsed). */
static void print_rdata_text(FILE *out, const struct dns_msg *msg, const struct dns_rr *rr)
{
	struct dns_text t;
	struct dns_rdata rd = dns_rdata_of(msg, rr);

	dns_text_init(&t);
	dns_rdata_to_text(&rd, &t);
	fputs(dns_text_str(&t), out);
	dns_text_free(&t);
}

/* print_rdata
 * BIND's printrdata: the type's words, then the data, then a newline. */
static void print_rdata(FILE *out, const struct dns_msg *msg, const struct dns_rr *rr)
{
	if (rr->type < sizeof(rtypetext) / sizeof(rtypetext[0]))
		fputs(rtypetext[rr->type], out);
	else
		fprintf(out, "rdata_%u = ", rr->type);
	print_rdata_text(out, msg, rr);
	fputc('\n', out);
}

/* print_soa
 * The SOA block: origin, mail addr and the five numbers, one per line. */
static void print_soa(FILE *out, const struct dns_msg *msg, const struct dns_rr *rr)
{
	size_t pos = rr->rdoff;
	struct dns_name mname, rname;
	const uint8_t *w = msg->wire;
	size_t end = rr->rdoff + rr->rdlen;

	if (dns_name_unpack(w, end, &pos, &mname) != DNS_OK ||
	    dns_name_unpack(w, end, &pos, &rname) != DNS_OK || end - pos != 20)
		return; /* parse checked it: cannot happen */
	fputs("\torigin = ", out);
	print_name(out, &mname);
	fputs("\n\tmail addr = ", out);
	print_name(out, &rname);
	fprintf(out,
		"\n\tserial = %u\n\trefresh = %u\n\tretry = %u\n\texpire = %u\n"
		"\tminimum = %u\n",
		wire_be32(w + pos), wire_be32(w + pos + 4), wire_be32(w + pos + 8),
		wire_be32(w + pos + 12), wire_be32(w + pos + 16));
}

/* print_section
 * BIND's printsection: A/AAAA in the answer as Name/Address, SOA as a block, the
 * rest as "<name>\t<words><data>". */
static void print_section(FILE *out, const struct dns_msg *msg, int section)
{
	for (size_t i = 0; i < msg->n[section]; i++) {
		const struct dns_rr *rr = &msg->rr[section][i];
		if ((rr->type == DNS_T_A || rr->type == DNS_T_AAAA) && section == DNS_S_ANSWER) {
			fputs("Name:\t", out);
			print_name(out, &rr->name);
			fputs("\nAddress: ", out);
			print_rdata_text(out, msg, rr);
			fputc('\n', out);
		} else if (rr->type == DNS_T_SOA) {
			print_name(out, &rr->name);
			fputc('\n', out);
			print_soa(out, msg, rr);
		} else {
			print_name(out, &rr->name);
			fputc('\t', out);
			print_rdata(out, msg, rr);
		}
	}
}

/* print_detail_section
 * BIND's detailsection (set debug): a heading, then "    ->  name", the data and
 * the TTL of every record. */
static void print_detail_section(FILE *out, const struct dns_msg *msg, int section)
{
	static const char *const heads[] = {"    QUESTIONS:", "    ANSWERS:",
					    "    AUTHORITY RECORDS:", "    ADDITIONAL RECORDS:"};
	char tb[DNS_TYPE_TEXTMAX], cb[DNS_TYPE_TEXTMAX];

	fprintf(out, "%s\n", heads[section]);
	if (section == DNS_S_QUESTION) {
		for (size_t i = 0; i < msg->n_q; i++) {
			fputc('\t', out);
			print_name(out, &msg->q[i].name);
			fprintf(out, ", type = %s, class = %s\n",
				dns_type_to_text(msg->q[i].type, tb, sizeof(tb)),
				dns_class_to_text(msg->q[i].cls, cb, sizeof(cb)));
		}
		return;
	}
	for (size_t i = 0; i < msg->n[section]; i++) {
		const struct dns_rr *rr = &msg->rr[section][i];
		fputs("    ->  ", out);
		print_name(out, &rr->name);
		fputc('\n', out);
		if (rr->type == DNS_T_SOA) {
			print_soa(out, msg, rr);
		} else {
			fputc('\t', out);
			print_rdata(out, msg, rr);
		}
		fprintf(out, "\tttl = %u\n", rr->ttl);
	}
}

/* print_d2_flags
 * The header flags in words, as the classic nslookup's d2 printed them. */
static void print_d2_flags(FILE *out, uint16_t flags)
{
	static const struct {
		uint16_t bit;
		const char *words;
	} names[] = {{DNS_FLAG_AA, "auth. answer"},   {DNS_FLAG_TC, "truncation"},
		     {DNS_FLAG_RD, "want recursion"}, {DNS_FLAG_RA, "recursion avail."},
		     {DNS_FLAG_AD, "authentic data"}, {DNS_FLAG_CD, "checking disabled"}};

	fputs((flags & DNS_FLAG_QR) ? "response" : "query", out);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].bit)
			fprintf(out, ", %s", names[i].words);
}

/* print_d2_message
 * set d2: a whole message, the query sent or the answer read, between dashed lines:
 * the title, the header (opcode, ID, rcode, flags, counts) as the classic nslookup
 * (BIND 4 to 8) printed it, then the four sections as set debug prints them. */
void print_d2_message(FILE *out, const char *title, const struct dns_msg *msg)
{
	char op[16], rc[16];

	fprintf(out, "------------\n%s\n    HEADER:\n", title);
	fprintf(out, "\topcode = %s, id = %u, rcode = %s\n\theader flags:  ",
		dns_opcode_to_text(msg->opcode, op, sizeof(op)), msg->id,
		dns_rcode_to_text(msg->rcode, rc, sizeof(rc)));
	print_d2_flags(out, msg->flags);
	fprintf(out,
		"\n\tquestions = %u,  answers = %u,  authority records = %u,  additional = %u\n\n",
		msg->counts[0], msg->counts[1], msg->counts[2], msg->counts[3]);
	for (int s = DNS_S_QUESTION; s <= DNS_S_ADDITIONAL; s++)
		print_detail_section(out, msg, s);
	fputs("------------\n", out);
}

/* print_message
 * BIND's printmessage for one answer of a lookup. */
void print_message(FILE *out, const struct nsl_print_ctx *ctx, const struct dns_msg *msg)
{
	bool a = ctx->rdtype == DNS_T_A;
	bool aa = (msg->flags & DNS_FLAG_AA) != 0;
	char addr[ADDR_STRLEN], rc[16];

	if (!ctx->default_lookups || a) {
		fprintf(out, "Server:\t\t%s\n", ctx->server->userarg);
		dns_host_text(&ctx->server->addr, addr, sizeof(addr));
		fprintf(out, "Address:\t%s#%u\n\n", addr, ctx->port);
	}
	if (ctx->debug) {
		fputs("------------\n", out);
		for (int s = DNS_S_QUESTION; s <= DNS_S_ADDITIONAL; s++)
			print_detail_section(out, msg, s);
		fputs("------------\n", out);
	}
	if (msg->rcode != DNS_R_NOERROR) {
		fputs("** server can't find ", out);
		print_name(out, ctx->qname);
		fprintf(out, ": %s\n", dns_rcode_to_text(msg->rcode, rc, sizeof(rc)));
		return;
	}
	if (!aa && (!ctx->default_lookups || a))
		fputs("Non-authoritative answer:\n", out);
	if (msg->n[DNS_S_ANSWER] > 0)
		print_section(out, msg, DNS_S_ANSWER);
	else if (!ctx->default_lookups || (ctx->rdtype == DNS_T_AAAA && ctx->a_noanswer))
		fprintf(out, "*** Can't find %s: No answer\n", ctx->textname);
	if (!aa && ctx->rdtype != DNS_T_A && ctx->rdtype != DNS_T_AAAA) {
		fputs("\nAuthoritative answers can be found from:\n", out);
		print_section(out, msg, DNS_S_AUTHORITY);
		print_section(out, msg, DNS_S_ADDITIONAL);
	}
}

/* print_bad_packet
 * The reason, then BIND's hex_dump: 16 octets a line with their text. */
void print_bad_packet(FILE *out, const char *reason, const uint8_t *buf, size_t len)
{
	size_t i, n;

	fprintf(out, ";; Got bad packet: %s\n", reason);
	fprintf(out, "%zu bytes\n", len);
	for (n = 0; n < len; n++) {
		fprintf(out, "%02x ", buf[n]);
		if (n % 16 == 15) {
			fputs("         ", out);
			for (i = n - 15; i <= n; i++)
				fputc(buf[i] >= '!' && buf[i] <= '}' ? buf[i] : '.', out);
			fputc('\n', out);
		}
	}
	if (n % 16 != 0) {
		for (i = n; i % 16 != 0; i++)
			fputs("   ", out);
		fputs("         ", out);
		for (i = n & ~(size_t)15; i < n; i++)
			fputc(buf[i] >= '!' && buf[i] <= '}' ? buf[i] : '.', out);
		fputc('\n', out);
	}
}

/* print_error_text
 * isc_result_totext's words for the errors a query can end with. */
const char *print_error_text(int err, bool timeout, bool eof)
{
	if (timeout)
		return "timed out";
	if (eof)
		return "end of file";
	switch (err) {
	case ECONNREFUSED:
		return "connection refused";
	case ENETUNREACH:
		return "network unreachable";
	case EHOSTUNREACH:
		return "host unreachable";
	case ECONNRESET:
		return "connection reset";
	case EADDRNOTAVAIL:
		return "address not available";
	case EADDRINUSE:
		return "address in use";
	case EACCES:
	case EPERM:
		return "permission denied";
	case ETIMEDOUT:
		return "timed out";
	case EAFNOSUPPORT:
		return "address family not supported";
	default:
		return strerror(err);
	}
}
