/* prompt.c — what the live view changes while it probes, by mtr 0.95's keys: the value
 * prompts (i c f m s b Q) in mtr's words and with the command line's bounds, the probe
 * method (u t) and the AS field (y z), for every host of the run (as the command
 * line's options are every host's). A value that cannot be used is said on the screen
 * (v->message), never dropped in silence as mtr drops it. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "view.h"

/* mtr_prompt_text
 * mtr's question for each prompt, with the value now. */
void mtr_prompt_text(const struct mtr_view *v, char *buf, size_t len, const char **hint)
{
	const struct mtr_ctl *ctl = v->ctl;
	*hint = "";
	switch (v->prompt) {
	case MTR_PROMPT_INTERVAL:
		snprintf(buf, len, "Interval : %0.0f", (double)ctl->rc.interval_ns / 1e9);
		break;
	case MTR_PROMPT_CYCLES:
		snprintf(buf, len, "Report Cycles: %llu", (unsigned long long)ctl->rc.count);
		*hint = "0: until q";
		break;
	case MTR_PROMPT_FIRST:
		snprintf(buf, len, "First TTL: %d", ctl->rc.first_ttl);
		break;
	case MTR_PROMPT_MAX:
		snprintf(buf, len, "Max TTL: %d", ctl->rc.max_ttl);
		break;
	case MTR_PROMPT_SIZE:
		snprintf(buf, len, "Change Packet Size: %d", ctl->psize);
		*hint = "Size Range: 28-65000, < 0:random.";
		break;
	case MTR_PROMPT_PATTERN:
		snprintf(buf, len, "Ping Bit Pattern: %d",
			 ctl->bitpattern < -1 ? 0 : ctl->bitpattern);
		*hint = "Pattern Range: 0(0x00)-255(0xff), <0 random.";
		break;
	case MTR_PROMPT_TOS:
		snprintf(buf, len, "Type of Service(tos): %d", ctl->tos);
		*hint = "default 0x00, min cost 0x02, rel 0x04,, thr 0x08, low del 0x10...";
		break;
	}
}

/* say
 * The one line the view shows under the keys until the next key. */
__attribute__((format(printf, 2, 3))) static void say(struct mtr_view *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
	va_end(ap);
}

/* number
 * What was typed as a whole number in [min, max], or false with the message set. */
static bool number(struct mtr_view *v, const char *what, long min, long max, long *out)
{
	enum cli_status st = cli_parse_long(v->input, min, max, out);
	if (st != CLI_OK)
		say(v, "%s '%s': %s (%ld to %ld)", what, v->input, cli_status_str(st), min, max);
	return st == CLI_OK;
}

/* set_ttl_range
 * New first and max TTLs, for every host: the hops and the history start again over
 * them (as `r`). */
static void set_ttl_range(struct mtr_view *v, int first, int max)
{
	struct mtr_history *h = calloc(v->run->n, sizeof(*h));
	size_t ready = 0;
	while (h && ready < v->run->n && mtr_history_init(&h[ready], first, max, MTR_VIEW_HISTORY))
		ready++;
	if (!h || ready < v->run->n) {
		for (size_t i = 0; i < ready; i++)
			mtr_history_free(&h[i]);
		free(h);
		say(v, "TTLs %d to %d: out of memory", first, max);
		return;
	}
	for (size_t i = 0; i < v->run->n; i++) {
		struct mtr_ctl *ctl = &v->run->hosts[i];
		hops_free(&ctl->hops);
		/* atexit restores the terminal */
		if (!hops_init(&ctl->hops, first, max))
			cli_die("memory", "%s", strerror(ENOMEM));
		mtr_history_free(&v->hists[i]);
		v->hists[i] = h[i]; /* v->hist points into v->hists: the shown host's new one */
		ctl->rc.first_ttl = first;
		ctl->rc.max_ttl = max;
		rounds_set_ttl(ctl->rounds, first, max);
	}
	free(h);
}

/* size_headers
 * The headers of host ctl's probes now (its family and method). */
static size_t size_headers(const struct mtr_ctl *ctl)
{
	return probe_header_len(ctl->rc.probe.family, rounds_method(ctl->rounds));
}

/* set_size
 * s: a size for every probe of every host, or random sizes up to -size (negative). */
static void set_size(struct mtr_view *v, long size)
{
	size_t abs = (size_t)(size < 0 ? -size : size), headers = 0;
	for (size_t i = 0; i < v->run->n; i++) /* hosts of both families: the larger */
		if (size_headers(&v->run->hosts[i]) > headers)
			headers = size_headers(&v->run->hosts[i]);
	if (size < 0 && !mtr_random_size_ok(v->ctl, rounds_method(v->ctl->rounds))) {
		say(v, "Packet size %ld: random sizes need ICMP, or UDP without -P", size);
		return;
	}
	if ((size > -28 && size < 28) || abs < headers) {
		say(v, "Packet size %ld: %zu to 65000 bytes, or negative for random sizes", size,
		    headers);
		return;
	}
	for (size_t i = 0; i < v->run->n; i++) {
		struct mtr_ctl *ctl = &v->run->hosts[i];
		if (!rounds_set_size(ctl->rounds, abs - size_headers(ctl), size < 0)) {
			say(v, "Packet size %ld: larger than the probes have room for", size);
			return; /* the same room for every host: the first one says so */
		}
		ctl->psize = (int)size;
	}
}

/* apply_ttl
 * f and m: within 1..255, the first no higher than the max. */
static void apply_ttl(struct mtr_view *v, bool first)
{
	struct mtr_ctl *ctl = v->ctl;
	long n;
	if (first && number(v, "First TTL", 1, ctl->rc.max_ttl, &n))
		set_ttl_range(v, (int)n, ctl->rc.max_ttl);
	else if (!first && number(v, "Max TTL", ctl->rc.first_ttl, HOPS_MAX_TTL, &n))
		set_ttl_range(v, ctl->rc.first_ttl, (int)n);
}

/* apply_interval
 * i: seconds, under 1 only with privilege (as -i). */
static void apply_interval(struct mtr_view *v)
{
	double s;
	enum cli_status st = cli_parse_double(v->input, 0.001, 3600, &s);
	if (st != CLI_OK) {
		say(v, "Interval '%s': %s (0.001 to 3600 seconds)", v->input, cli_status_str(st));
		return;
	}
	if (s < 1 && !v->ctl->fast_ok) {
		say(v, "Interval %s: under 1 second needs root or cap_net_raw", v->input);
		return;
	}
	for (size_t i = 0; i < v->run->n; i++) {
		struct mtr_ctl *ctl = &v->run->hosts[i];
		ctl->rc.interval_ns = (uint64_t)(s * 1e9);
		rounds_set_interval(ctl->rounds, ctl->rc.interval_ns);
	}
}

/* forget_quoted_tos
 * The TOS the hops' quotes showed was of probes sent with the TOS before: the quote
 * checks compare the next quotes with the new one, not the old quotes ([TOS] markers
 * that the change, not the path, would make). */
static void forget_quoted_tos(struct hops *h)
{
	for (int ttl = h->first_ttl; ttl <= h->max_ttl; ttl++)
		if (h->hop[ttl - h->first_ttl].ready)
			h->hop[ttl - h->first_ttl].quote.toses = 0;
}

/* apply_tos
 * Q: 0..255 on every probe socket of every host. */
static void apply_tos(struct mtr_view *v)
{
	long n;
	if (!number(v, "TOS", 0, 255, &n))
		return;
	for (size_t i = 0; i < v->run->n; i++) {
		struct mtr_ctl *ctl = &v->run->hosts[i];
		if (rounds_set_tos(ctl->rounds, (int)n) < 0) {
			say(v, "TOS %ld: %s", n, strerror(errno));
			return;
		}
		ctl->tos = (int)n;
		forget_quoted_tos(&ctl->hops);
	}
}

/* apply_cycles
 * c: the rounds of every host (0: until q). */
static void apply_cycles(struct mtr_view *v)
{
	long n;
	if (!number(v, "Report Cycles", 0, 1000000000, &n))
		return;
	for (size_t i = 0; i < v->run->n; i++) {
		struct mtr_ctl *ctl = &v->run->hosts[i];
		ctl->rc.count = (uint64_t)n;
		rounds_set_count(ctl->rounds, (uint64_t)n);
	}
}

/* apply_pattern
 * b: the fill byte of every host's probes; negative or above 255, random (mtr's). */
static void apply_pattern(struct mtr_view *v)
{
	long n;
	if (!number(v, "Bit pattern", -2147483647, 2147483647, &n))
		return;
	for (size_t i = 0; i < v->run->n; i++) {
		struct mtr_ctl *ctl = &v->run->hosts[i];
		ctl->bitpattern = n < 0 || n > 255 ? -1 : (int)n;
		rounds_set_pattern(ctl->rounds, ctl->bitpattern);
	}
}

void mtr_prompt_apply(struct mtr_view *v)
{
	long n;
	v->message[0] = '\0';
	switch (v->prompt) {
	case MTR_PROMPT_INTERVAL:
		apply_interval(v);
		break;
	case MTR_PROMPT_CYCLES:
		apply_cycles(v);
		break;
	case MTR_PROMPT_FIRST:
	case MTR_PROMPT_MAX:
		apply_ttl(v, v->prompt == MTR_PROMPT_FIRST);
		break;
	case MTR_PROMPT_SIZE:
		if (number(v, "Packet size", -65000, 65000, &n))
			set_size(v, n);
		break;
	case MTR_PROMPT_PATTERN:
		apply_pattern(v);
		break;
	case MTR_PROMPT_TOS:
		apply_tos(v);
		break;
	}
}

void mtr_live_method(struct mtr_view *v, enum probe_method m)
{
	/* every host has the same engines open (one privilege, one set of options) */
	if (v->ctl->psize < 0 && !mtr_random_size_ok(v->ctl, m)) {
		say(v, "%s: not with random sizes (set one size with s first)",
		    probe_method_probes(m));
		return;
	}
	for (size_t i = 0; i < v->run->n; i++) {
		struct mtr_ctl *ctl = &v->run->hosts[i];
		if (!rounds_set_method(ctl->rounds, m)) {
			say(v, "%s: %s", probe_method_probes(m),
			    m == PROBE_METHOD_TCP ? "need cap_net_raw (run mtr as root)"
						  : "could not be opened");
			return;
		}
		ctl->rc.probe.method = m;
	}
}

void mtr_live_ipinfo(struct mtr_view *v, int f)
{
	for (size_t h = 0; h < v->run->n; h++) {
		struct mtr_ctl *ctl = &v->run->hosts[h];
		bool was_on = ctl->ipinfo >= 0;
		ctl->ipinfo = f;
		if (was_on || f < 0 || !ctl->asn)
			continue;
		for (int ttl = ctl->hops.first_ttl; ttl <= ctl->hops.max_ttl; ttl++) {
			const struct hop *hp = hops_at(&ctl->hops, ttl);
			for (size_t i = 0; hp && i < hp->n_responders; i++)
				asn_want(ctl->asn, &hp->responders[i].addr);
		}
	}
}
