/* report.c — mtr's end-of-run outputs: the text report (-r, -w), JSON, CSV and XML,
 * laid out as mtr 0.95 lays them out, then our notes; a text row ends with the quote
 * checks' marker (" [NAT]", " [TOS 0x.. -> 0x..]") where one belongs. */
#include <string.h>

#include "netdx/out.h"
#include "netdx/probe_json.h"
#include "netdx/quote_json.h"
#include "mtr.h"

#define HOST_WIDTH 33 /* mtr's column for names in a report that is not wide */
#define LINE_MAX_LEN 1024

/* put_cell
 * Write one cell at column *col and advance by the field's width. Like mtr, the next
 * cell starts at the fixed column even when this one ran over (a 100.0% loss loses its
 * '%' to the next cell): the layout is the one existing parsers were written against. */
static void put_cell(char *line, size_t *col, const struct mtr_field *f, const struct hop *hp)
{
	if (*col >= LINE_MAX_LEN)
		return;
	double v = f->value(hp);
	if (f->is_float)
		snprintf(line + *col, LINE_MAX_LEN - *col, f->format, v);
	else
		snprintf(line + *col, LINE_MAX_LEN - *col, f->format, (int)v);
	*col += (size_t)f->width;
}

/* host_width
 * The name column: 33 characters, or in a wide report the longest name shown. */
static size_t host_width(const struct mtr_ctl *ctl, const struct hops *hops)
{
	if (!ctl->wide)
		return HOST_WIDTH;
	size_t w = strlen(ctl->local_host);
	char name[LINE_MAX_LEN];
	for (int ttl = hops->first_ttl; ttl <= hops_last_ttl(hops); ttl++) {
		size_t n = strlen(mtr_host_text(ctl, hops_at(hops, ttl), 0, name, sizeof(name)));
		if (n > w)
			w = n;
	}
	return w;
}

/* first_responder
 * The address a hop's line shows, NULL when nobody answered there. */
static const struct netdx_addr *first_responder(const struct hop *hp)
{
	return hp && hp->n_responders ? &hp->responders[0].addr : NULL;
}

/* json_asn
 * netdx's "asn" of a hop: what is known of its first responder's prefix, or null. */
static json_t *json_asn(const struct mtr_ctl *ctl, const struct hop *hp)
{
	const struct netdx_addr *a = first_responder(hp);
	const struct asn_info *info = a ? asn_get(ctl->asn, a) : NULL;
	if (!info)
		return json_null();
	json_t *o = json_object();
	out_json_set(o, "number", json_integer(info->origin.asn));
	out_json_set(o, "prefix", json_string(info->origin.prefix_text));
	out_json_set(o, "country", json_string(info->origin.country));
	out_json_set(o, "registry", json_string(info->origin.registry));
	out_json_set(o, "allocated", json_string(info->origin.allocated));
	out_json_set(o, "name", *info->name ? json_string(info->name) : json_null());
	return o;
}

/* as_cell
 * mtr's "ASN" of JSON and "Asn" of CSV (-z / -y 0 only, as mtr): "AS64501" or "AS???". */
static const char *as_cell(const struct mtr_ctl *ctl, const struct hop *hp, char *buf, size_t len)
{
	mtr_ipinfo_text(ctl, first_responder(hp), buf, len);
	for (size_t n = strlen(buf); n > 0 && buf[n - 1] == ' '; n--)
		buf[n - 1] = '\0';
	return buf;
}

/* hop_start
 * The start of a hop's row into line (LINE_MAX_LEN): its number and host, with -z / -y
 * the AS cell before the host, as mtr 0.95 lays them out. */
static void hop_start(const struct mtr_ctl *ctl, const struct hop *hp, int ttl, size_t width,
		      char *line)
{
	char name[LINE_MAX_LEN], cell[64];
	int n;
	mtr_host_text(ctl, hp, 0, name, sizeof(name));
	if (ctl->ipinfo >= 0)
		n = snprintf(line, LINE_MAX_LEN, " %2d. %s%-*s", ttl,
			     mtr_ipinfo_text(ctl, first_responder(hp), cell, sizeof(cell)),
			     (int)width, name);
	else
		n = snprintf(line, LINE_MAX_LEN, " %2d.|-- %-*s", ttl, (int)width, name);
	if (n < 0)
		line[0] = '\0';
}

/* print_mpls
 * One line per MPLS label of a responder, as Debian's mtr 0.95 prints them. */
static void print_mpls(FILE *out, const struct hop_responder *r)
{
	for (size_t k = 0; k < r->n_mpls; k++)
		fprintf(out, "       [MPLS: Lbl %u Exp %u S %u TTL %u]\n", r->mpls[k].label,
			r->mpls[k].tc, r->mpls[k].s, r->mpls[k].ttl);
}

/* print_others
 * The other responders of a multipath hop under its line, each padded to the name
 * column as Debian's mtr 0.95 does (with -z / -y: five blanks, the AS cell and the
 * name, unpadded, as its report.c writes them); MPLS labels under each with -e. */
static void print_others(const struct mtr_ctl *ctl, FILE *out, const struct hop *hp, size_t width)
{
	char name[LINE_MAX_LEN], cell[64];
	if (ctl->mpls && hp->n_responders)
		print_mpls(out, &hp->responders[0]);
	for (size_t z = 1; z < hp->n_responders; z++) {
		mtr_host_text(ctl, hp, z, name, sizeof(name));
		if (ctl->ipinfo >= 0)
			fprintf(out, "     %s%s\n",
				mtr_ipinfo_text(ctl, &hp->responders[z].addr, cell, sizeof(cell)),
				name);
		else
			fprintf(out, "        %-*s\n", (int)width, name);
		if (ctl->mpls)
			print_mpls(out, &hp->responders[z]);
	}
}

/* print_notes
 * After the table: what it cannot say by itself (mtr_note_text). */
static void print_notes(const struct mtr_ctl *ctl, FILE *out)
{
	char note[LINE_MAX_LEN];
	for (size_t i = 0; mtr_note_text(ctl, i, note, sizeof(note)); i++)
		fprintf(out, "%s\n", note);
}

/* print_table
 * mtr's table of one flow's hops: the HOST line, then a row per hop. */
static void print_table(const struct mtr_ctl *ctl, const struct hops *hops, FILE *out)
{
	char line[LINE_MAX_LEN + 64];
	char mark[64];
	size_t width = host_width(ctl, hops), head = width;
	char asn_cell[64];
	if (ctl->ipinfo >= 0 && ctl->wide) {
		/* mtr's wide report: the header spans the AS cell too, a row's name takes one
		 * column more */
		head += strlen(mtr_ipinfo_text(ctl, NULL, asn_cell, sizeof(asn_cell)));
		width++;
	}
	snprintf(line, LINE_MAX_LEN, "HOST: %-*s", (int)head, ctl->local_host);
	size_t col = ctl->wide ? strlen(line) : width;
	for (const char *k = ctl->order; *k; k++) {
		const struct mtr_field *f = mtr_field(*k);
		if (col < LINE_MAX_LEN)
			snprintf(line + col, LINE_MAX_LEN - col, "%*s", f->width, f->title);
		col += (size_t)f->width;
	}
	fprintf(out, "%s\n", line);

	for (int ttl = hops->first_ttl; ttl <= hops_last_ttl(hops); ttl++) {
		const struct hop *hp = hops_at(hops, ttl);
		hop_start(ctl, hp, ttl, width, line);
		col = ctl->wide ? strlen(line) : host_width(ctl, hops);
		for (const char *k = ctl->order; *k; k++)
			put_cell(line, &col, mtr_field(*k), hp);
		fprintf(out, "%s%s\n", line, mtr_quote_mark(ctl, hops, ttl, mark, sizeof(mark)));
		print_others(ctl, out, hp, width);
	}
}

/* size_pattern_text
 * The size and bit pattern as mtr 0.95's JSON and XML write them: "64", "0x00"; random
 * ones (-s negative, -B above 255) "rand(28-N)", "rand(0x00-FF)". */
static void size_pattern_text(const struct mtr_ctl *ctl, char psize[32], char pattern[32])
{
	if (ctl->psize < 0)
		snprintf(psize, 32, "rand(28-%d)", -ctl->psize);
	else
		snprintf(psize, 32, "%d", ctl->psize);
	if (ctl->bitpattern == -1)
		snprintf(pattern, 32, "rand(0x00-FF)");
	else
		snprintf(pattern, 32, "0x%02X", ctl->bitpattern > 0 ? ctl->bitpattern : 0);
}

void mtr_report_text(const struct mtr_ctl *ctl, FILE *out)
{
	char when[64];
	struct tm tm;
	/* localtime_r: localtime() reads the zone file again, which the sandbox refuses */
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S%z", localtime_r(&ctl->start, &tm));
	fprintf(out, "Start: %s\n", when);
	if (ctl->n_flows > 0) {
		/* --multipath: a block per flow, each a whole mtr table after its own line */
		for (int i = 0; i < mtr_flow_count(ctl); i++) {
			fprintf(out, "Flow %d (sport %u):\n", i + 1,
				(unsigned)rounds_source_port(mtr_flow_rounds(ctl, i)));
			print_table(ctl, mtr_flow_hops(ctl, i), out);
			mtr_changes_text(mtr_flow_changes(ctl, i), out);
		}
		print_notes(ctl, out);
		return;
	}
	print_table(ctl, &ctl->hops, out);
	print_notes(ctl, out);
	mtr_changes_text(ctl->changes, out);
}

/* json_hubs
 * mtr's "hubs" of one flow's hops, netdx's keys after mtr's in each. */
static json_t *json_hubs(const struct mtr_ctl *ctl, const struct hops *hops)
{
	char name[LINE_MAX_LEN];
	json_t *hubs = json_array();
	struct hops_finding found[HOPS_MAX_FINDINGS];
	size_t n_found = hops_findings(hops, hops_last_ttl(hops), found, HOPS_MAX_FINDINGS);
	if (n_found > HOPS_MAX_FINDINGS)
		n_found = HOPS_MAX_FINDINGS;
	struct quote_path qp;
	quote_check_path(hops, hops_last_ttl(hops), (uint8_t)ctl->tos, &qp);
	for (int ttl = hops->first_ttl; ttl <= hops_last_ttl(hops); ttl++) {
		const struct hop *hp = hops_at(hops, ttl);
		json_t *hub = json_object();
		out_json_set(hub, "count", json_integer(ttl));
		out_json_set(hub, "host",
			     json_string(mtr_host_text(ctl, hp, 0, name, sizeof(name))));
		if (ctl->ipinfo == ASN_F_AS)
			out_json_set(hub, "ASN", json_string(as_cell(ctl, hp, name, sizeof(name))));
		for (const char *k = ctl->order; *k; k++) {
			const struct mtr_field *f = mtr_field(*k);
			if (f->key == ' ')
				continue;
			out_json_set(hub, f->title,
				     f->is_float ? out_json_ms(f->value(hp))
						 : json_integer((json_int_t)f->value(hp)));
		}
		/* netdx's own keys, after mtr's */
		json_t *resp = json_array();
		for (size_t z = 0; z < hp->n_responders; z++)
			json_array_append_new(resp, json_string(addr_to_str(&hp->responders[z].addr,
									    name, sizeof(name))));
		out_json_set(hub, "responders", resp);
		out_json_set(hub, "icmp_limited",
			     json_boolean(hops_found_at(found, n_found, HOPS_NODE_ONLY, ttl)));
		if (ctl->asn && ctl->ipinfo >= 0)
			out_json_set(hub, "asn", json_asn(ctl, hp));
		out_json_set(hub, "quote", quote_json_hop(hops, &qp, ttl));
		json_array_append_new(hubs, hub);
	}
	return hubs;
}

/* json_flows
 * --multipath: every flow (the first's hubs again) with its source port, rounds and
 * path changes. */
static json_t *json_flows(const struct mtr_ctl *ctl)
{
	json_t *flows = json_array();
	for (int i = 0; i < mtr_flow_count(ctl); i++) {
		const struct rounds *r = mtr_flow_rounds(ctl, i);
		json_t *f = json_object();
		out_json_set(f, "flow", json_integer(i + 1));
		out_json_set(f, "sport", json_integer(rounds_source_port(r)));
		out_json_set(f, "tests", json_integer((json_int_t)rounds_completed(r)));
		out_json_set(f, "hubs", json_hubs(ctl, mtr_flow_hops(ctl, i)));
		out_json_set(f, "path_changes", mtr_changes_json(mtr_flow_changes(ctl, i)));
		json_array_append_new(flows, f);
	}
	return flows;
}

bool mtr_report_json(const struct mtr_ctl *ctl, FILE *out)
{
	char name[LINE_MAX_LEN];
	json_t *doc = json_object(), *report = json_object(), *mtr = json_object();
	out_json_set(mtr, "src", json_string(ctl->local_host));
	out_json_set(mtr, "dst", json_string(ctl->target));
	out_json_set(mtr, "tos", json_integer(ctl->tos));
	out_json_set(mtr, "tests", json_integer((json_int_t)rounds_completed(ctl->rounds)));
	char psize[32], pattern[32];
	size_pattern_text(ctl, psize, pattern);
	out_json_set(mtr, "psize", json_string(psize));
	out_json_set(mtr, "bitpattern", json_string(pattern));
	out_json_set(report, "mtr", mtr);
	out_json_set(report, "hubs", json_hubs(ctl, &ctl->hops));
	if (ctl->n_flows > 0)
		out_json_set(report, "flows", json_flows(ctl));
	out_json_set(report, "counters", probe_json_counters(rounds_counters(ctl->rounds)));
	out_json_set(report, "interrupted", json_boolean(ctl->interrupted));
	json_t *notes = json_array();
	for (size_t i = 0; mtr_note_text(ctl, i, name, sizeof(name)); i++)
		json_array_append_new(notes, json_string(name));
	out_json_set(report, "notes", notes);
	out_json_set(report, "path_changes",
		     mtr_changes_kept(ctl) ? mtr_changes_json(ctl->changes) : json_null());
	out_json_set(doc, "report", report);
	return out_json_emit(out, doc, true);
}

void mtr_report_csv(const struct mtr_ctl *ctl, FILE *out)
{
	char name[LINE_MAX_LEN];
	for (int ttl = ctl->hops.first_ttl; ttl <= hops_last_ttl(&ctl->hops); ttl++) {
		const struct hop *hp = hops_at(&ctl->hops, ttl);
		if (ttl == ctl->hops.first_ttl) {
			fputs("Mtr_Version,Start_Time,Status,Host,Hop,Ip,", out);
			if (ctl->ipinfo == ASN_F_AS)
				fputs("Asn,", out);
			for (const char *k = ctl->order; *k; k++)
				fprintf(out, "%s,", mtr_field(*k)->title);
			fputc('\n', out);
		}
		fprintf(out, "MTR.0.95,%lld,OK,%s,%d,%s", (long long)ctl->start, ctl->target, ttl,
			mtr_host_text(ctl, hp, 0, name, sizeof(name)));
		if (ctl->ipinfo == ASN_F_AS)
			fprintf(out, ",%s", as_cell(ctl, hp, name, sizeof(name)));
		for (const char *k = ctl->order; *k; k++) {
			const struct mtr_field *f = mtr_field(*k);
			if (f->is_float)
				fprintf(out, ",%.2f", f->value(hp));
			else
				fprintf(out, ",%d", (int)f->value(hp));
		}
		fputc('\n', out);
	}
}

void mtr_report_xml(const struct mtr_ctl *ctl, FILE *out)
{
	char name[LINE_MAX_LEN], psize[32], pattern[32];
	size_pattern_text(ctl, psize, pattern);
	fprintf(out, "<?xml version=\"1.0\"?>\n");
	fprintf(out,
		"<MTR SRC=\"%s\" DST=\"%s\" TOS=\"0x%X\" PSIZE=\"%s\" BITPATTERN=\"%s\" "
		"TESTS=\"%llu\">\n",
		ctl->local_host, ctl->target, (unsigned)ctl->tos, psize, pattern,
		(unsigned long long)rounds_completed(ctl->rounds));
	for (int ttl = ctl->hops.first_ttl; ttl <= hops_last_ttl(&ctl->hops); ttl++) {
		const struct hop *hp = hops_at(&ctl->hops, ttl);
		fprintf(out, "    <HUB COUNT=\"%d\" HOST=\"%s\">\n", ttl,
			mtr_host_text(ctl, hp, 0, name, sizeof(name)));
		for (const char *k = ctl->order; *k; k++) {
			const struct mtr_field *f = mtr_field(*k);
			if (f->key == ' ')
				continue;
			/* XML allows no '%' in a tag name */
			const char *tag = f->key == 'L' ? "Loss" : f->title;
			fprintf(out, "        <%s>", tag);
			if (f->is_float)
				fprintf(out, f->format, f->value(hp));
			else
				fprintf(out, f->format, (int)f->value(hp));
			fprintf(out, "</%s>\n", tag);
		}
		fprintf(out, "    </HUB>\n");
	}
	fprintf(out, "</MTR>\n");
}
