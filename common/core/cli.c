/* cli.c — bounded number parsers, durations, "prog: what: why" errors (see netdx/cli.h). */
#include "netdx/cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#ifndef NETDX_VERSION
#define NETDX_VERSION "unknown"
#endif

/* Longest line cli_error() writes; longer ones are cut (and still end in a newline). */
#define CLI_LINE_MAX 1024

/* One duration unit: its suffix and how many milliseconds it is. */
struct cli_unit {
	const char *suffix; /* as typed after the number */
	double ms;          /* its length in milliseconds */
};

static const struct cli_unit cli_units[] = {
	{"us", 0.001},
	{"ms", 1.0},
	{"s", 1000.0},
	{"m", 60000.0},
};

/* cli_status_str
 * Human text for a status, as the *_or_die helpers print it. */
const char *cli_status_str(enum cli_status st)
{
	switch (st) {
	case CLI_OK:
		return "ok";
	case CLI_EMPTY:
		return "empty";
	case CLI_NOT_NUMBER:
		return "not a number";
	case CLI_TOO_SMALL:
		return "too small";
	case CLI_TOO_LARGE:
		return "too large";
	case CLI_BAD_UNIT:
		return "unknown unit (use us, ms, s or m)";
	}
	return "invalid value";
}

static bool cli_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* cli_scan_decimal
 * Length of the decimal number at the start of s (sign, digits, '.', exponent), 0 if
 * there is none. Only this syntax reaches strtod, so hex floats, nan and inf never do. */
static size_t cli_scan_decimal(const char *s)
{
	size_t i = 0, digits = 0;

	if (s[i] == '+' || s[i] == '-')
		i++;
	while (cli_is_digit(s[i])) {
		i++;
		digits++;
	}
	if (s[i] == '.') {
		i++;
		while (cli_is_digit(s[i])) {
			i++;
			digits++;
		}
	}
	if (digits == 0)
		return 0;
	/* An exponent counts only when digits follow it: "1e" is 1 and a unit "e". */
	if (s[i] == 'e' || s[i] == 'E') {
		size_t j = i + 1;

		if (s[j] == '+' || s[j] == '-')
			j++;
		if (cli_is_digit(s[j])) {
			while (cli_is_digit(s[j]))
				j++;
			i = j;
		}
	}
	return i;
}

/* cli_strtod_prefix
 * Convert the first len characters of s (a cli_scan_decimal() match) to a double.
 * strtod must stop exactly there; it reads the same decimal syntax. */
static enum cli_status cli_strtod_prefix(const char *s, size_t len, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end != s + len)
		return CLI_NOT_NUMBER;
	if (errno == ERANGE && isinf(v))
		return v > 0 ? CLI_TOO_LARGE : CLI_TOO_SMALL;
	if (!isfinite(v))
		return CLI_NOT_NUMBER;
	*out = v;
	return CLI_OK;
}

/* cli_parse_long
 * Whole decimal integer in [min, max]; strtol only sees what the digit check let by. */
enum cli_status cli_parse_long(const char *s, long min, long max, long *out)
{
	const char *p;
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return CLI_EMPTY;
	p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!cli_is_digit(*p))
		return CLI_NOT_NUMBER;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0')
		return CLI_NOT_NUMBER;
	if (errno == ERANGE)
		return v == LONG_MAX ? CLI_TOO_LARGE : CLI_TOO_SMALL;
	if (v < min)
		return CLI_TOO_SMALL;
	if (v > max)
		return CLI_TOO_LARGE;
	*out = v;
	return CLI_OK;
}

/* cli_parse_double
 * Finite decimal number in [min, max]. */
enum cli_status cli_parse_double(const char *s, double min, double max, double *out)
{
	enum cli_status st;
	size_t len;
	double v;

	if (s == NULL || *s == '\0')
		return CLI_EMPTY;
	len = cli_scan_decimal(s);
	if (len == 0 || s[len] != '\0')
		return CLI_NOT_NUMBER;
	st = cli_strtod_prefix(s, len, &v);
	if (st != CLI_OK)
		return st;
	if (v < min)
		return CLI_TOO_SMALL;
	if (v > max)
		return CLI_TOO_LARGE;
	*out = v;
	return CLI_OK;
}

/* cli_parse_duration_ms
 * Number plus optional unit, in milliseconds, within [min_ms, max_ms]. The unit is
 * checked before the number's size so "1e999parsecs" reports the unit. */
enum cli_status cli_parse_duration_ms(const char *s, double default_unit_ms, double min_ms,
				      double max_ms, double *out_ms)
{
	enum cli_status st;
	double unit_ms = default_unit_ms;
	double v;
	size_t len;

	if (s == NULL || *s == '\0')
		return CLI_EMPTY;
	len = cli_scan_decimal(s);
	if (len == 0)
		return CLI_NOT_NUMBER;
	if (s[len] != '\0') {
		size_t i;

		for (i = 0; i < sizeof(cli_units) / sizeof(cli_units[0]); i++)
			if (strcmp(s + len, cli_units[i].suffix) == 0)
				break;
		if (i == sizeof(cli_units) / sizeof(cli_units[0]))
			return CLI_BAD_UNIT;
		unit_ms = cli_units[i].ms;
	}
	st = cli_strtod_prefix(s, len, &v);
	if (st != CLI_OK)
		return st;
	v *= unit_ms;
	if (isinf(v))
		return v > 0 ? CLI_TOO_LARGE : CLI_TOO_SMALL;
	if (!isfinite(v))
		return CLI_NOT_NUMBER;
	if (v < min_ms)
		return CLI_TOO_SMALL;
	if (v > max_ms)
		return CLI_TOO_LARGE;
	*out_ms = v;
	return CLI_OK;
}

/* cli_verror
 * Build "prog: what: why" in one buffer and write it with one call, so two processes
 * sharing a terminal cannot interleave halves of their lines. */
static void cli_verror(const char *what, const char *why_fmt, va_list ap)
{
	char line[CLI_LINE_MAX];
	size_t used;
	int n;

	if (what != NULL && *what != '\0')
		n = snprintf(line, sizeof(line), "%s: %s: ", program_invocation_short_name, what);
	else
		n = snprintf(line, sizeof(line), "%s: ", program_invocation_short_name);
	used = n < 0 ? 0 : ((size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	n = vsnprintf(line + used, sizeof(line) - used, why_fmt, ap);
	if (n > 0)
		used += (size_t)n < sizeof(line) - used ? (size_t)n : sizeof(line) - used - 1;
	/* Room for the newline: overwrite the last character if the line was cut. */
	if (used >= sizeof(line) - 1)
		used = sizeof(line) - 2;
	line[used++] = '\n';
	line[used] = '\0';
	fflush(stdout);
	fputs(line, stderr);
	fflush(stderr);
}

/* cli_error
 * One "prog: what: why" line on stderr. */
void cli_error(const char *what, const char *why_fmt, ...)
{
	va_list ap;

	va_start(ap, why_fmt);
	cli_verror(what, why_fmt, ap);
	va_end(ap);
}

/* cli_die
 * One "prog: what: why" line on stderr, then exit with CLI_EXIT_ERROR. */
void cli_die(const char *what, const char *why_fmt, ...)
{
	va_list ap;

	va_start(ap, why_fmt);
	cli_verror(what, why_fmt, ap);
	va_end(ap);
	exit(CLI_EXIT_ERROR);
}

void cli_die_together(const char *a, const char *b)
{
	cli_die(NULL, "options %s and %s do not go together", a, b);
}

/* cli_die_invalid
 * "prog: invalid NAME 'VALUE': WHY[ (minimum|maximum LIMIT)]" and exit. limit is the
 * bound st says was crossed, already formatted; other statuses show none. */
__attribute__((noreturn)) static void cli_die_invalid(const char *name, const char *s,
						      enum cli_status st, const char *limit)
{
	char what[CLI_LINE_MAX / 2];

	snprintf(what, sizeof(what), "invalid %s '%s'", name, s != NULL ? s : "");
	if (st == CLI_TOO_SMALL || st == CLI_TOO_LARGE)
		cli_die(what, "%s (%s %s)", cli_status_str(st),
			st == CLI_TOO_SMALL ? "minimum" : "maximum", limit);
	cli_die(what, "%s", cli_status_str(st));
}

/* cli_long_or_die
 * cli_parse_long() or one error line and exit. */
long cli_long_or_die(const char *name, const char *s, long min, long max)
{
	char limit[32];
	enum cli_status st;
	long v = 0;

	st = cli_parse_long(s, min, max, &v);
	if (st == CLI_OK)
		return v;
	snprintf(limit, sizeof(limit), "%ld", st == CLI_TOO_SMALL ? min : max);
	cli_die_invalid(name, s, st, limit);
}

/* cli_double_or_die
 * cli_parse_double() or one error line and exit. */
double cli_double_or_die(const char *name, const char *s, double min, double max)
{
	char limit[40];
	enum cli_status st;
	double v = 0;

	st = cli_parse_double(s, min, max, &v);
	if (st == CLI_OK)
		return v;
	snprintf(limit, sizeof(limit), "%.10g", st == CLI_TOO_SMALL ? min : max);
	cli_die_invalid(name, s, st, limit);
}

/* cli_format_ms
 * A duration limit as text that cli_parse_duration_ms() reads back: "60s", "250ms",
 * "2us". */
static void cli_format_ms(char *buf, size_t len, double ms)
{
	double a = fabs(ms);

	if (a >= 1000.0)
		snprintf(buf, len, "%.10gs", ms / 1000.0);
	else if (a >= 1.0 || a == 0.0)
		snprintf(buf, len, "%.10gms", ms);
	else
		snprintf(buf, len, "%.10gus", ms * 1000.0);
}

/* cli_duration_ms_or_die
 * cli_parse_duration_ms() or one error line and exit. */
double cli_duration_ms_or_die(const char *name, const char *s, double default_unit_ms,
			      double min_ms, double max_ms)
{
	char limit[48];
	enum cli_status st;
	double v = 0;

	st = cli_parse_duration_ms(s, default_unit_ms, min_ms, max_ms, &v);
	if (st == CLI_OK)
		return v;
	cli_format_ms(limit, sizeof(limit), st == CLI_TOO_SMALL ? min_ms : max_ms);
	cli_die_invalid(name, s, st, limit);
}

/* cli_print_version
 * "prog (netdx) VERSION" on stdout. */
void cli_print_version(void)
{
	printf("%s (netdx) %s\n", program_invocation_short_name, NETDX_VERSION);
}

bool cli_family_option(int c, int *family)
{
	int want = c == '4' ? AF_INET : c == '6' ? AF_INET6 : AF_UNSPEC;

	if (want == AF_UNSPEC)
		return false;
	if (*family != AF_UNSPEC && *family != want)
		cli_die(NULL, "only one -4 or -6 option may be specified");
	*family = want;
	return true;
}

void cli_help_version_or_exit(int opt, int help, int version, const char *help_text)
{
	if (opt == help) {
		fputs(help_text, stdout);
		exit(CLI_EXIT_OK);
	}
	if (opt == version) {
		cli_print_version();
		exit(CLI_EXIT_OK);
	}
	exit(CLI_EXIT_ERROR); /* getopt said what was wrong */
}

void cli_name_getopt(char **argv)
{
	argv[0] = program_invocation_short_name;
}
