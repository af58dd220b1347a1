/* tcpopts.c — -O for -T: traceroute 2.x's TCP method options (flags, ecn, the SYN's
 * options, sysctl, mss=, info), parsed into struct tr_tcp_opts, and what they mean
 * for the probe engine once the sysctls are read (before the sandbox). */
#include <string.h>

#include "netdx/cli.h"
#include "netdx/proc_net.h"
#include "tr.h"

/* clang-format off */
/* The words of -O that set a flag or ask for an option. */
static const struct { const char *word; uint8_t flag; uint8_t option; } tcp_words[] = {
	{"syn", PROBE_TCP_SYN, 0}, {"ack", PROBE_TCP_ACK, 0}, {"fin", PROBE_TCP_FIN, 0},
	{"rst", PROBE_TCP_RST, 0}, {"psh", PROBE_TCP_PSH, 0}, {"urg", PROBE_TCP_URG, 0},
	{"ece", PROBE_TCP_ECE, 0}, {"cwr", PROBE_TCP_CWR, 0},
	{"sack", 0, PROBE_TCP_OPT_SACK}, {"timestamps", 0, PROBE_TCP_OPT_TS},
	{"window_scaling", 0, PROBE_TCP_OPT_WSCALE},
};
/* clang-format on */

/* tcp_word
 * One word of -O into o, or one line and exit 2. */
static void tcp_word(const char *w, struct tr_tcp_opts *o)
{
	for (size_t i = 0; i < sizeof(tcp_words) / sizeof(tcp_words[0]); i++)
		if (strcmp(w, tcp_words[i].word) == 0) {
			o->flags |= tcp_words[i].flag;
			o->options |= tcp_words[i].option;
			return;
		}
	if (strncmp(w, "flags=", 6) == 0)
		o->flags = (uint8_t)cli_long_or_die("-O flags", w + 6, 1, 255);
	else if (strncmp(w, "mss=", 4) == 0)
		o->mss = (uint16_t)cli_long_or_die("-O mss", w + 4, 1, 65535);
	else if (strcmp(w, "ecn") == 0)
		o->ecn = true;
	else if (strcmp(w, "sysctl") == 0)
		o->sysctl = true;
	else if (strcmp(w, "info") == 0)
		o->info = true;
	else
		cli_die("-O",
			"unknown TCP option '%s' (syn, ack, fin, rst, psh, urg, ece, cwr, "
			"flags=N, ecn, sack, timestamps, window_scaling, sysctl, mss=N, info)",
			w);
}

void tr_tcp_opts_parse(const char *arg, struct tr_tcp_opts *o)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", arg);
	o->given = true;
	for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
		tcp_word(w, o);
}

void tr_tcp_opts_check(const struct tr_tcp_opts *o)
{
	uint8_t f = o->flags ? o->flags : PROBE_TCP_SYN;
	/* a SYN is answered by a SYN-ACK or a RST that acknowledges it; a segment with
	 * ACK or RST, or without SYN, is answered (if at all) in ways no probe can be
	 * told by */
	if (!(f & PROBE_TCP_SYN) || (f & (PROBE_TCP_ACK | PROBE_TCP_RST)))
		cli_die("-O", "probes without syn, or with ack or rst, are not implemented");
}

/* sysctl_on
 * /proc/sys/net/ipv4/NAME is 1 (tcp_ecn: 1 asks for ECN, 2 only accepts it). */
static bool sysctl_on(const char *name)
{
	char path[64];
	long v = 0;
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/%s", name);
	return proc_net_sysctl(path, &v, 1) && v == 1;
}

void tr_tcp_opts_apply(const struct tr_tcp_opts *o, struct probe_config *pc)
{
	pc->tcp_flags = o->flags ? o->flags : PROBE_TCP_SYN;
	pc->tcp_options = PROBE_TCP_OPT_EXACT | o->options | PROBE_TCP_OPT_MSS;
	pc->tcp_mss = o->mss;
	if (o->ecn)
		pc->tcp_flags |= PROBE_TCP_ECE | PROBE_TCP_CWR;
	/* as 2.x: the system's choices unless flags or options were named */
	if (o->sysctl || (!o->flags && !o->ecn && !o->options)) {
		pc->tcp_options |= (sysctl_on("tcp_sack") ? PROBE_TCP_OPT_SACK : 0) |
				   (sysctl_on("tcp_timestamps") ? PROBE_TCP_OPT_TS : 0) |
				   (sysctl_on("tcp_window_scaling") ? PROBE_TCP_OPT_WSCALE : 0);
		if (sysctl_on("tcp_ecn"))
			pc->tcp_flags |= PROBE_TCP_ECE | PROBE_TCP_CWR;
	}
}

/* bits_text
 * The names of the bits set in bits, in bit order, joined by commas. */
static void bits_text(uint8_t bits, const char *const names[8], char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	for (unsigned b = 0; b < 8 && n < len; b++)
		if ((bits & (1u << b)) && names[b]) {
			int w = snprintf(buf + n, len - n, "%s%s", n ? "," : "", names[b]);
			if (w < 0)
				break;
			n += (size_t)w;
		}
}

void tr_tcp_flags_text(uint8_t flags, char *buf, size_t len)
{
	static const char *const names[8] = {"fin", "syn", "rst", "psh",
					     "ack", "urg", "ece", "cwr"};
	bits_text(flags, names, buf, len);
}

void tr_tcp_options_text(uint8_t opts, char *buf, size_t len)
{
	static const char *const names[8] = {"mss", "sack", "timestamps", "window_scaling"};
	bits_text(opts, names, buf, len);
}
