/* cli — command-line helpers shared by every netdx binary.
 *
 * One bounded number parser with one message shape, durations with units, and the
 * "prog: what: why" error line. Exit codes follow iputils ping. */
#ifndef NETDX_CLI_H
#define NETDX_CLI_H

#include <stdbool.h>
#include <stddef.h>

/* Exit codes of every netdx binary (documented in each man page). */
enum cli_exit {
	CLI_EXIT_OK = 0,      /* success: replies received, name found */
	CLI_EXIT_NOREPLY = 1, /* ran fine, but no reply / not found */
	CLI_EXIT_ERROR = 2,   /* usage or system error */
};

/* Why a value was rejected. */
enum cli_status {
	CLI_OK = 0,
	CLI_EMPTY,      /* "" */
	CLI_NOT_NUMBER, /* "abc", "1x", "nan", "inf" */
	CLI_TOO_SMALL,  /* below the allowed minimum */
	CLI_TOO_LARGE,  /* above the allowed maximum, or overflow (1e999) */
	CLI_BAD_UNIT,   /* "5parsecs" */
};

/* Human text for a status: "not a number", "too large", ... */
const char *cli_status_str(enum cli_status st);

/* Parse a whole decimal integer in [min, max]. Leading/trailing spaces are rejected.
 * Decimal only: an optional sign and the digits 0-9, so "0x10" and "1e3" are
 * CLI_NOT_NUMBER (and "010" is ten, not eight). A value beyond the range of long
 * ("9223372036854775808") is CLI_TOO_LARGE (CLI_TOO_SMALL when negative). */
enum cli_status cli_parse_long(const char *s, long min, long max, long *out);

/* Parse a finite decimal number in [min, max]: optional sign, digits with an optional
 * '.', an optional exponent ("1.5", ".5", "2e-3"). Hex floats, "nan", "inf" and
 * surrounding spaces are CLI_NOT_NUMBER; overflow ("1e999") is CLI_TOO_LARGE
 * ("-1e999" CLI_TOO_SMALL); an underflowing value ("1e-999") is taken as what
 * strtod returns (0 or a subnormal) and then checked against the range. */
enum cli_status cli_parse_double(const char *s, double min, double max, double *out);

/* Parse a duration into milliseconds: "250ms", "2s", "1.5m", "100us"; a bare number
 * is multiplied by default_unit_ms (1000 for ping's "-i 0.2", 1 for pathping's "-p 250").
 * The number is as for cli_parse_double(); the unit (us, ms, s, m; lower case) follows
 * it directly, "5 ms" and "5parsecs" are CLI_BAD_UNIT, "ms" alone CLI_NOT_NUMBER.
 * The result must lie in [min_ms, max_ms]. */
enum cli_status cli_parse_duration_ms(const char *s, double default_unit_ms, double min_ms,
				      double max_ms, double *out_ms);

/* Print "prog: what: why" (why printf-formatted) on stderr as one line. prog is the
 * name the binary was invoked as (program_invocation_short_name). With what NULL or
 * "" the line is "prog: why". */
void cli_error(const char *what, const char *why_fmt, ...) __attribute__((format(printf, 2, 3)));

/* The same, then exit(CLI_EXIT_ERROR). */
void cli_die(const char *what, const char *why_fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* Two options that exclude each other: "prog: options A and B do not go together",
 * then exit(CLI_EXIT_ERROR). Every tool says it in these words. */
void cli_die_together(const char *a, const char *b) __attribute__((noreturn));

/* Parse an option value or die with one line, e.g.
 *   ping: invalid count 'abc': not a number
 *   ping: invalid ttl '300': too large (maximum 255)
 *   ping: invalid interval '5parsecs': unknown unit (use us, ms, s or m)
 * name is what the value is ("count", "ttl"). Exit status CLI_EXIT_ERROR. Duration
 * limits are printed with a unit that parses back ("too small (minimum 2us)",
 * "too large (maximum 60s)"). */
long cli_long_or_die(const char *name, const char *s, long min, long max);
double cli_double_or_die(const char *name, const char *s, double min, double max);
double cli_duration_ms_or_die(const char *name, const char *s, double default_unit_ms,
			      double min_ms, double max_ms);

/* Print "prog (netdx) VERSION" on stdout as every binary's --version does. */
void cli_print_version(void);

/* -4 and -6 as iputils ping reads them: c '4' or '6' sets *family (AF_INET, AF_INET6),
 * and both on one command line is a mistake ("only one -4 or -6 option may be
 * specified", exit 2). False when c is neither. */
bool cli_family_option(int c, int *family);

/* What a getopt loop does with an option its own parsers did not take: help prints
 * help_text on stdout, version the version, each then exit 0; anything else is a
 * mistake getopt has already reported: exit 2. */
void cli_help_version_or_exit(int opt, int help, int version, const char *help_text)
	__attribute__((noreturn));

/* Make getopt's own messages ("invalid option -- 'x'") begin with the program's short
 * name, as cli_die's lines do, however the binary was started (a full path, say).
 * Call before the first getopt. */
void cli_name_getopt(char **argv);

#endif
