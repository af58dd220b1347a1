/* display.c — what mtr's live view draws, laid out as mtr 0.95 draws it: the header,
 * the statistics table (display mode 0) or the history bars with a latency scale
 * (modes 1 and 2), the honest-loss notes, the help and the `o` prompt. Every write is
 * clipped to the window, so any size draws without error; a window too small for the
 * table gets a compact list of the hops instead. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "view.h"

#ifndef NETDX_VERSION
#define NETDX_VERSION "unknown"
#endif

#define TITLE "My traceroute  [netdx v" NETDX_VERSION "]"
#define HEAD_ROWS 5   /* rows above the first hop row, as in mtr */
#define GRAPH_PAD 30  /* columns the history bars leave for the hop names, as in mtr */
#define SCALE_STEPS 8 /* latency classes of the bars */
#define MIN_ROWS 7    /* rows the full view needs: the header and two hops */
#define MIN_HOST 12   /* columns the table keeps for "NN. " and a host at the least */
#define TEXT_MAX 1024 /* longest line we build */

/* The characters of the latency classes, fastest first (mtr's). */
static const char scale_chars[SCALE_STEPS + 1] = ".123abc>";

/* What the `o` prompt lists, in mtr's words. */
/* clang-format off */
static const char *const field_help[] = {
	"<sp>: Space between fields", "L: Loss Ratio", "D: Dropped Packets",
	"R: Received Packets", "S: Sent Packets", "N: Newest RTT(ms)", "B: Min/Best RTT(ms)",
	"A: Average RTT(ms)", "W: Max/Worst RTT(ms)", "V: Standard Deviation",
	"G: Geometric Mean", "J: Current Jitter", "M: Jitter Mean/Avg.", "X: Worst Jitter",
	"I: Interarrival Jitter",
};
/* clang-format on */

/* put
 * Write text at (y, x) with attr, cut at the right edge; nothing outside the window. */
static void put(int y, int x, attr_t attr, const char *text)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	attr_on(attr, NULL);
	mvaddnstr(y, x, text, COLS - x);
	attr_off(attr, NULL);
}

/* putf
 * put() with printf formatting. */
__attribute__((format(printf, 4, 5))) static void putf(int y, int x, attr_t attr, const char *fmt,
						       ...)
{
	char text[TEXT_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	put(y, x, attr, text);
}

/* put_cut
 * put() of at most n characters (a host name that must not run into the figures). */
static void put_cut(int y, int x, attr_t attr, const char *text, int n)
{
	char cut[TEXT_MAX];
	if (n <= 0)
		return;
	snprintf(cut, sizeof(cut), "%.*s", n, text);
	put(y, x, attr, cut);
}

/* scale_attr
 * Colour of latency class i (SCALE_STEPS: a lost probe), as mtr colours its bars. */
static attr_t scale_attr(int i)
{
	static const attr_t bold[SCALE_STEPS + 1] = {0, 0, A_BOLD, A_BOLD, A_BOLD,
						     0, 0, A_BOLD, A_BOLD};
	static const short pair[SCALE_STEPS + 1] = {0,
						    MTR_PAIR_GREEN,
						    MTR_PAIR_GREEN,
						    MTR_PAIR_YELLOW,
						    MTR_PAIR_MAGENTA,
						    MTR_PAIR_MAGENTA,
						    MTR_PAIR_RED,
						    MTR_PAIR_RED,
						    MTR_PAIR_RED};
	if (!has_colors())
		return i >= SCALE_STEPS - 1 ? A_BOLD : A_NORMAL;
	return bold[i] | (pair[i] ? (attr_t)COLOR_PAIR(pair[i]) : 0);
}

/* last_ttl
 * The last hop row: none until something answered (as mtr), then the engine's. */
static int last_ttl(const struct mtr_ctl *ctl)
{
	for (int ttl = ctl->hops.first_ttl; ttl <= ctl->hops.max_ttl; ttl++)
		if (hops_at(&ctl->hops, ttl)->n_responders)
			return hops_last_ttl(&ctl->hops);
	return ctl->hops.first_ttl - 1;
}

/* first_shown
 * The first hop row after scrolling; clamps the view's offset to the hops there are. */
static int first_shown(struct mtr_view *v)
{
	int n = last_ttl(v->ctl) - v->ctl->hops.first_ttl + 1;
	if (v->offset > n - 1)
		v->offset = n > 0 ? n - 1 : 0;
	if (v->offset < 0)
		v->offset = 0;
	return v->ctl->hops.first_ttl + v->offset;
}

/* hop_down
 * The latest settled probe of a hop was lost (mtr shows such a host in bold). */
static bool hop_down(const struct mtr_view *v, int ttl)
{
	const struct mtr_history *h = v->hist;
	for (uint64_t k = 0; k < h->depth && k < h->next_round; k++) {
		enum mtr_hist_state st = mtr_history_get(h, ttl, h->next_round - 1 - k, NULL);
		if (st == MTR_HIST_LOST)
			return true;
		if (st == MTR_HIST_ANSWERED)
			return false;
	}
	return false;
}

/* host_cell
 * The name shown for a hop: its first responder (after its AS cell with -z / -y, as
 * mtr) and the quote checks' marker, or "(waiting for reply)" in bold. */
static const char *host_cell(const struct mtr_view *v, int ttl, char *buf, size_t len, attr_t *attr)
{
	const struct hop *hp = hops_at(&v->ctl->hops, ttl);
	if (!hp || hp->n_responders == 0) {
		*attr = A_BOLD;
		snprintf(buf, len, "(waiting for reply)");
		return buf;
	}
	*attr = hop_down(v, ttl) ? A_BOLD : A_NORMAL;
	char cell[64];
	size_t n = strlen(mtr_ipinfo_text(v->ctl, &hp->responders[0].addr, cell, sizeof(cell)));
	snprintf(buf, len, "%s", cell);
	if (n < len)
		mtr_host_text(v->ctl, hp, 0, buf + n, len - n);
	n = strlen(buf);
	if (n < len)
		mtr_quote_mark(v->ctl, &v->ctl->hops, ttl, buf + n, len - n);
	return buf;
}

/* draw_header
 * Rows 0-2: title, "local (addr) -> target (addr)" with the time, and the key line
 * (which the help and the prompt take the place of). */
static void draw_header(const struct mtr_view *v)
{
	const struct mtr_ctl *ctl = v->ctl;
	char when[64];
	time_t now = time(NULL);
	struct tm tm;
	int x = COLS > (int)strlen(TITLE) ? (COLS - (int)strlen(TITLE)) / 2 : 0;
	put(0, x, A_BOLD, TITLE);
	/* localtime_r: localtime() reads the zone file again each time, which the
	 * sandbox refuses (the zone was read before it) */
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S%z", localtime_r(&now, &tm));
	char line[TEXT_MAX];
	int n = snprintf(line, sizeof(line), "%s (%s) -> %s (%s)", ctl->local_host,
			 v->local_addr[0] ? v->local_addr : "?", ctl->target, ctl->path.dst_text);
	if (v->run->n > 1 && n > 0 && (size_t)n < sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n, "  [host %zu of %zu, Tab: next]",
			 ctl->host_index + 1, v->run->n);
	if (COLS >= 25 + 10) {
		put_cut(1, 0, A_NORMAL, line, COLS - 26);
		put(1, COLS - 25, A_NORMAL, when);
	} else {
		put(1, 0, A_NORMAL, line);
	}
	static const struct {
		const char *bold, *rest;
	} keys[] = {{"H", "elp   "},
		    {"D", "isplay mode   "},
		    {"R", "estart statistics   "},
		    {"O", "rder of fields   "},
		    {"q", "uit"}};
	if (v->screen != MTR_SCREEN_MAIN)
		return;
	x = 0;
	put(2, x, A_NORMAL, "Keys:  ");
	x += 7;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		put(2, x, A_BOLD, keys[i].bold);
		put(2, x + 1, A_NORMAL, keys[i].rest);
		x += 1 + (int)strlen(keys[i].rest);
	}
	if (rounds_paused(ctl->rounds))
		put(3, 1, A_BOLD, "Paused (SPACE to resume)");
	else if (v->message[0])
		put(3, 1, A_BOLD, v->message);
}

/* cell_text
 * One cell of the table with the field's mtr format; a value too wide for its column
 * loses its decimals, or a count goes to thousands (k) or millions (M), so the
 * columns never shift. */
static void cell_text(const struct mtr_field *f, const struct hop *hp, char *buf, size_t len)
{
	double val = f->value(hp);
	if (f->is_float) {
		snprintf(buf, len, f->format, val);
		if ((int)strlen(buf) > f->width) {
			char fmt[32];
			snprintf(fmt, sizeof(fmt), "%s", f->format);
			char *dot = strstr(fmt, ".1");
			if (dot)
				dot[1] = '0';
			snprintf(buf, len, fmt, val);
		}
		return;
	}
	if (val < 1e9) {
		snprintf(buf, len, f->format, (int)val);
		if ((int)strlen(buf) <= f->width)
			return;
	}
	static const char units[] = "kMGT";
	for (int u = 0; u < 4; u++) {
		val /= 1000;
		snprintf(buf, len, " %*.0f%c", f->width - 2, val, units[u]);
		if ((int)strlen(buf) <= f->width)
			return;
	}
}

/* draw_mpls
 * A responder's MPLS labels, one line each under it (with `e`); returns the next row. */
static int draw_mpls(const struct mtr_view *v, int y, const struct hop_responder *r)
{
	for (size_t k = 0; v->ctl->mpls && k < r->n_mpls; k++)
		putf(y++, 0, A_NORMAL, "    [MPLS: Lbl %u TC %u S %u TTL %u]",
		     (unsigned)r->mpls[k].label, (unsigned)r->mpls[k].tc, (unsigned)r->mpls[k].s,
		     (unsigned)r->mpls[k].ttl);
	return y;
}

/* table_width
 * Columns the selected fields take (mtr's hd_len). */
static int table_width(const struct mtr_ctl *ctl)
{
	int w = 0;
	for (const char *k = ctl->order; *k; k++) {
		const struct mtr_field *f = mtr_field(*k);
		if (f)
			w += f->width;
	}
	return w;
}

/* draw_table
 * Display mode 0: the group titles, the field titles, then one line per hop with its
 * figures, its other responders (multipath) and MPLS labels under it. Returns the row
 * after the last line drawn. */
static int draw_table(struct mtr_view *v)
{
	const struct mtr_ctl *ctl = v->ctl;
	char text[TEXT_MAX], cell[64];
	int hd_len = table_width(ctl), start = COLS - hd_len - 1;
	put(HEAD_ROWS - 2, start, A_BOLD, "   Packets               Pings");
	put(HEAD_ROWS - 1, 0, A_BOLD, " Host");
	int x = start;
	for (const char *k = ctl->order; *k; k++) {
		const struct mtr_field *f = mtr_field(*k);
		if (!f)
			continue;
		putf(HEAD_ROWS - 1, x, A_BOLD, "%*s", f->width, f->title);
		x += f->width;
	}
	int y = HEAD_ROWS;
	for (int ttl = first_shown(v); ttl <= last_ttl(ctl) && y < LINES; ttl++) {
		const struct hop *hp = hops_at(&ctl->hops, ttl);
		attr_t attr;
		putf(y, 0, A_NORMAL, "%2d. ", ttl);
		host_cell(v, ttl, text, sizeof(text), &attr);
		put_cut(y, 4, attr, text, start - 4 - 1);
		if (hp->n_responders) {
			x = start;
			for (const char *k = ctl->order; *k; k++) {
				const struct mtr_field *f = mtr_field(*k);
				if (!f)
					continue;
				cell_text(f, hp, cell, sizeof(cell));
				put(y, x, A_NORMAL, cell);
				x += f->width;
			}
			y = draw_mpls(v, y + 1, &hp->responders[0]);
		} else {
			y++;
		}
		for (size_t z = 1; z < hp->n_responders; z++) {
			put(y++, 4, attr, mtr_host_text(ctl, hp, z, text, sizeof(text)));
			y = draw_mpls(v, y, &hp->responders[z]);
		}
	}
	return y;
}

/* gen_scale
 * The latency classes of the bars, over what they show: from the best to the worst
 * RTT, class i ending at best + range * ((i + 1) / 8)^2 (finer at the fast end). */
static void gen_scale(const struct mtr_view *v, int first, int last, uint64_t from,
		      double scale[SCALE_STEPS])
{
	double lo = 0, hi = 0, ms;
	bool any = false;
	for (int ttl = first; ttl <= last; ttl++) {
		for (uint64_t r = from; r < v->hist->next_round; r++) {
			if (mtr_history_get(v->hist, ttl, r, &ms) != MTR_HIST_ANSWERED)
				continue;
			if (!any || ms < lo)
				lo = ms;
			if (!any || ms > hi)
				hi = ms;
			any = true;
		}
	}
	for (int i = 0; i < SCALE_STEPS; i++) {
		double f = (double)(i + 1) / SCALE_STEPS;
		scale[i] = lo + (hi - lo) * f * f;
	}
}

/* bar_char
 * One probe in the bars: ' ' none or in flight, '?' lost, else its latency class
 * (mode 2) or just '.' fast / '>' slow (mode 1). Sets *attr to its colour. */
static char bar_char(const struct mtr_view *v, int ttl, uint64_t round,
		     const double scale[SCALE_STEPS], attr_t *attr)
{
	double ms = 0;
	*attr = A_NORMAL;
	switch (mtr_history_get(v->hist, ttl, round, &ms)) {
	case MTR_HIST_LOST:
		*attr = scale_attr(SCALE_STEPS);
		return '?';
	case MTR_HIST_ANSWERED:
		break;
	default:
		return ' ';
	}
	if (v->ctl->display_mode == 1)
		return ms > scale[SCALE_STEPS - 2] ? '>' : '.';
	for (int i = 0; i < SCALE_STEPS - 1; i++) {
		if (ms <= scale[i]) {
			*attr = scale_attr(i);
			return scale_chars[i];
		}
	}
	*attr = scale_attr(SCALE_STEPS - 1);
	return '>';
}

/* draw_bars
 * Display modes 1 and 2: per hop the last results, newest on the right, then the
 * scale. Returns the row after the scale. */
static int draw_bars(struct mtr_view *v)
{
	const struct mtr_ctl *ctl = v->ctl;
	char text[TEXT_MAX];
	int cols = COLS <= MTR_VIEW_HISTORY + GRAPH_PAD ? COLS - GRAPH_PAD : MTR_VIEW_HISTORY;
	if (cols < 1)
		cols = 1;
	int start = GRAPH_PAD - 2;
	uint64_t next = v->hist->next_round;
	uint64_t from = next > (uint64_t)cols ? next - (uint64_t)cols : 0;
	double scale[SCALE_STEPS];
	int first = first_shown(v), last = last_ttl(ctl);
	gen_scale(v, first, last, from, scale);
	putf(HEAD_ROWS - 1, start, A_NORMAL, " Last %3d pings", cols);
	int y = HEAD_ROWS;
	for (int ttl = first; ttl <= last && y < LINES; ttl++, y++) {
		attr_t attr;
		putf(y, 0, A_NORMAL, "%2d. ", ttl);
		host_cell(v, ttl, text, sizeof(text), &attr);
		put_cut(y, 4, attr, text, start - 4);
		/* oldest on the left: a run younger than the bars leaves their left blank */
		int x = start + 1 + cols - (int)(next - from);
		for (uint64_t r = from; r < next && x < COLS; r++, x++) {
			char c[2] = {bar_char(v, ttl, r, scale, &attr), '\0'};
			put(y, x, attr, c);
		}
	}
	y++;
	put(y, 0, A_BOLD, "Scale:");
	int x = 6;
	for (int i = 0; i < SCALE_STEPS - 1; i++) {
		char c[2] = {scale_chars[i], '\0'};
		put(y, x + 2, scale_attr(i), c);
		/* mtr prints whole ms; a fast path deserves its decimals */
		snprintf(text, sizeof(text),
			 scale[i] < 1    ? ":%.2f ms"
			 : scale[i] < 10 ? ":%.1f ms"
					 : ":%.0f ms",
			 scale[i]);
		put(y, x + 3, A_NORMAL, text);
		x += 3 + (int)strlen(text);
	}
	put(y, x + 2, scale_attr(SCALE_STEPS - 1), ">");
	return y + 1;
}

/* draw_wrapped
 * One text at line y, wrapped at word boundaries to the width; the line after it. */
static int draw_wrapped(int y, const char *p)
{
	while (*p && y < LINES) {
		int n = (int)strlen(p);
		if (n > COLS) {
			n = COLS;
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = COLS;
		}
		put_cut(y++, 0, A_NORMAL, p, n);
		p += n;
		while (*p == ' ')
			p++;
	}
	return y;
}

/* draw_notes
 * Under the table: the notes (mtr_note_text), then the path-change log's count and
 * latest entry (mtr_changes_latest). */
static void draw_notes(const struct mtr_view *v, int y)
{
	char note[TEXT_MAX];
	bool first = true;
	for (size_t i = 0; y < LINES && mtr_note_text(v->ctl, i, note, sizeof(note)); i++) {
		y += first;
		first = false;
		y = draw_wrapped(y, note);
	}
	if (y < LINES && mtr_changes_latest(v->ctl->changes, note, sizeof(note)))
		draw_wrapped(y + first, note);
}

/* draw_help
 * The `?` screen: the keys this view knows, until any key. */
static void draw_help(void)
{
	/* clang-format off */
	static const char *const lines[] = {
		"Command:",
		"  ?|h     help",
		"  p       pause (SPACE to resume)",
		"  d       switching display mode",
		"  e       toggle MPLS information on/off",
		"  n       toggle DNS on/off",
		"  r       reset all counters",
		"  o str   set the columns to display, default str='" MTR_DEFAULT_ORDER "'",
		"  j       toggle latency(" MTR_DEFAULT_ORDER ")/jitter(" MTR_JITTER_ORDER ") stats",
		"  c <n>   report cycle n, default n=infinite",
		"  i <n>   set the ping interval to n seconds, default n=1",
		"  f <n>   set the initial time-to-live(ttl), default n=1",
		"  m <n>   set the max time-to-live, default n= # of hops",
		"  s <n>   set the packet size to n or random(n<0)",
		"  b <c>   set ping bit pattern to c(0..255) or random(c<0)",
		"  Q <t>   set ping packet's TOS to t",
		"  u       switch between ICMP ECHO and UDP datagrams",
		"  t       switch between ICMP ECHO and TCP",
		"  y       switching IP info",
		"  z       toggle ASN info on/off",
		"  +/-     scroll the hop list down/up",
		"  Tab     show the next host (mtr host1 host2 ...)",
		"  q       quit",
		"",
		" press any key to go back...",
	};
	/* clang-format on */
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		put(2 + (int)i, 0, A_NORMAL, lines[i]);
}

/* draw_order
 * The `o` prompt: what is typed so far in bold, the keys there are, and how to
 * finish. Leaves the cursor after the typed keys. */
static void draw_order(const struct mtr_view *v)
{
	put(2, 0, A_NORMAL, "Fields: ");
	put(2, 8, A_BOLD, v->input);
	int y = 4;
	for (size_t i = 0; i < sizeof(field_help) / sizeof(field_help[0]); i++)
		putf(y++, 0, A_NORMAL, "  %s", field_help[i]);
	putf(y + 1, 0, A_NORMAL, " Enter: use these fields   Esc: keep the current ones (%s)",
	     v->ctl->order);
	if (8 + (int)v->input_len < COLS && LINES > 2)
		move(2, 8 + (int)v->input_len);
}

/* draw_value
 * A value prompt, as mtr draws it: the question with the value now, the cursor where
 * the value starts; what is typed takes the value's place, in bold; the hint on the
 * next row. */
static void draw_value(const struct mtr_view *v)
{
	char q[TEXT_MAX];
	const char *hint;
	mtr_prompt_text(v, q, sizeof(q), &hint);
	const char *colon = strchr(q, ':');
	int x = colon ? (int)(colon - q) + 2 : (int)strlen(q);
	if (v->input_len)
		q[x < (int)sizeof(q) ? x : 0] = '\0';
	put(2, 0, A_NORMAL, q);
	put(2, x, A_BOLD, v->input);
	put(3, 0, A_NORMAL, hint);
	put(5, 0, A_NORMAL, " Enter: use it   Esc: keep it");
	if (x + (int)v->input_len < COLS && LINES > 2)
		move(2, x + (int)v->input_len);
}

/* draw_small
 * A window too small for the table: the target, then "NN. host loss%" per hop. */
static void draw_small(struct mtr_view *v)
{
	const struct mtr_ctl *ctl = v->ctl;
	char text[TEXT_MAX];
	putf(0, 0, A_BOLD, "mtr %s%s", ctl->target, COLS >= 40 ? "  (window too small)" : "");
	int y = 1;
	for (int ttl = first_shown(v); ttl <= last_ttl(ctl) && y < LINES; ttl++, y++) {
		const struct hop *hp = hops_at(&ctl->hops, ttl);
		attr_t attr;
		host_cell(v, ttl, text, sizeof(text), &attr);
		putf(y, 0, A_NORMAL, "%2d. ", ttl);
		if (COLS >= 16 && hp->n_responders) {
			put_cut(y, 4, attr, text, COLS - 4 - 6);
			putf(y, COLS - 5, A_NORMAL, "%3.0f%%", stats_loss_pct(&hp->stats));
		} else {
			put(y, 4, attr, text);
		}
	}
}

/* mtr_display_draw
 * Repaint: the screen the view is on, or the compact list if the window is too small. */
void mtr_display_draw(struct mtr_view *v)
{
	erase();
	bool bars = v->ctl->display_mode != 0 && v->screen == MTR_SCREEN_MAIN;
	int need = v->screen != MTR_SCREEN_MAIN ? 40
		   : bars                       ? GRAPH_PAD + 10
						: table_width(v->ctl) + 1 + MIN_HOST;
	curs_set(v->screen == MTR_SCREEN_ORDER || v->screen == MTR_SCREEN_VALUE ? 1 : 0);
	if (LINES < MIN_ROWS || COLS < need) {
		draw_small(v);
	} else {
		draw_header(v);
		if (v->screen == MTR_SCREEN_HELP)
			draw_help();
		else if (v->screen == MTR_SCREEN_ORDER)
			draw_order(v);
		else if (v->screen == MTR_SCREEN_VALUE)
			draw_value(v);
		else
			draw_notes(v, bars ? draw_bars(v) : draw_table(v));
	}
	refresh();
	v->drawn_at = time(NULL);
	v->dirty = false;
}
