/* test_cli.c — number, duration and error-line helpers of common/core/cli.c. */
#include "netdx/cli.h"
#include "unit.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef NETDX_VERSION
#define NETDX_VERSION "unknown"
#endif

/* What a forked child printed and how it ended. */
struct child_result {
	int status;     /* from waitpid */
	char out[2048]; /* its stdout */
	char err[2048]; /* its stderr */
};

/* What the child runs: one call of a helper. */
struct child_call {
	enum {
		CALL_LONG,
		CALL_DOUBLE,
		CALL_DURATION,
		CALL_DIE,
		CALL_ERROR,
		CALL_VERSION
	} kind;
	const char *name;  /* option name */
	const char *value; /* option value */
	double min, max;   /* range (longs: converted) */
	double unit;       /* default unit for durations */
};

/* read_all
 * Read fd to EOF into buf (NUL-terminated, cut to fit). */
static void read_all(int fd, char *buf, size_t len)
{
	size_t used = 0;

	for (;;) {
		ssize_t n = read(fd, buf + used, len - 1 - used);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
		if (used == len - 1)
			break;
	}
	buf[used] = '\0';
}

/* run_child
 * Run one call in a forked child with stdout and stderr on pipes; collect both and the
 * exit status. The child has 10 s (alarm) so a hang cannot stall the suite. */
static void run_child(const struct child_call *c, struct child_result *r)
{
	int out[2], err[2];
	pid_t pid;

	memset(r, 0, sizeof(*r));
	CU_ASSERT_FATAL(pipe(out) == 0 && pipe(err) == 0);
	fflush(stdout); /* or CUnit's buffered report would be printed twice */
	fflush(stderr);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		alarm(10);
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		close(out[0]);
		close(err[0]);
		close(out[1]);
		close(err[1]);
		switch (c->kind) {
		case CALL_LONG:
			printf("%ld\n",
			       cli_long_or_die(c->name, c->value, (long)c->min, (long)c->max));
			break;
		case CALL_DOUBLE:
			printf("%g\n", cli_double_or_die(c->name, c->value, c->min, c->max));
			break;
		case CALL_DURATION:
			printf("%g\n",
			       cli_duration_ms_or_die(c->name, c->value, c->unit, c->min, c->max));
			break;
		case CALL_DIE:
			cli_die(c->name, "%s %d", c->value, 42);
			break;
		case CALL_ERROR:
			cli_error(c->name, "%s", c->value);
			break;
		case CALL_VERSION:
			cli_print_version();
			break;
		}
		fflush(stdout);
		_exit(0);
	}
	close(out[1]);
	close(err[1]);
	read_all(out[0], r->out, sizeof(r->out));
	read_all(err[0], r->err, sizeof(r->err));
	close(out[0]);
	close(err[0]);
	CU_ASSERT_FATAL(waitpid(pid, &r->status, 0) == pid);
}

/* assert_dies
 * The child exits with status 2, prints nothing on stdout and exactly
 * "<prog>: <rest>\n" on stderr, prog being this binary's name. */
static void assert_dies(const struct child_call *c, const char *rest)
{
	struct child_result r;
	char want[512];

	run_child(c, &r);
	snprintf(want, sizeof(want), "%s: %s\n", program_invocation_short_name, rest);
	CU_ASSERT(WIFEXITED(r.status));
	CU_ASSERT_EQUAL(WEXITSTATUS(r.status), CLI_EXIT_ERROR);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	CU_ASSERT_STRING_EQUAL(r.err, want);
	if (strcmp(r.err, want) != 0)
		fprintf(stderr, "\n  got  [%s]\n  want [%s]\n", r.err, want);
}

static void test_long_ok(void)
{
	long v = -99;

	CU_ASSERT_EQUAL(cli_parse_long("42", 1, 100, &v), CLI_OK);
	CU_ASSERT_EQUAL(v, 42);
	CU_ASSERT_EQUAL(cli_parse_long("-5", -10, 10, &v), CLI_OK);
	CU_ASSERT_EQUAL(v, -5);
	CU_ASSERT_EQUAL(cli_parse_long("+7", 0, 10, &v), CLI_OK);
	CU_ASSERT_EQUAL(v, 7);
	/* Decimal only: a leading zero is not octal. */
	CU_ASSERT_EQUAL(cli_parse_long("010", 0, 100, &v), CLI_OK);
	CU_ASSERT_EQUAL(v, 10);
	CU_ASSERT_EQUAL(cli_parse_long("1", 1, 1, &v), CLI_OK);
	CU_ASSERT_EQUAL(v, 1);
	CU_ASSERT_EQUAL(cli_parse_long("9223372036854775807", 0, LONG_MAX, &v), CLI_OK);
	CU_ASSERT_EQUAL(v, LONG_MAX);
	CU_ASSERT_EQUAL(cli_parse_long("-9223372036854775808", LONG_MIN, 0, &v), CLI_OK);
	CU_ASSERT_EQUAL(v, LONG_MIN);
}

static void test_long_status(void)
{
	long v = 1234;

	CU_ASSERT_EQUAL(cli_parse_long("", 0, 10, &v), CLI_EMPTY);
	CU_ASSERT_EQUAL(cli_parse_long(NULL, 0, 10, &v), CLI_EMPTY);
	CU_ASSERT_EQUAL(cli_parse_long("abc", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_long("1x", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_long(" 5", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_long("5 ", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_long("0x10", 0, 100, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_long("1e3", 0, 10000, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_long("1.5", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_long("-", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_long("+-1", -10, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_long("-1", 1, 10, &v), CLI_TOO_SMALL);
	CU_ASSERT_EQUAL(cli_parse_long("0", 1, 10, &v), CLI_TOO_SMALL);
	CU_ASSERT_EQUAL(cli_parse_long("256", 1, 255, &v), CLI_TOO_LARGE);
	CU_ASSERT_EQUAL(cli_parse_long("9223372036854775808", 0, LONG_MAX, &v), CLI_TOO_LARGE);
	CU_ASSERT_EQUAL(cli_parse_long("99999999999999999999999", 0, 10, &v), CLI_TOO_LARGE);
	CU_ASSERT_EQUAL(cli_parse_long("-9223372036854775809", LONG_MIN, 0, &v), CLI_TOO_SMALL);
	/* A rejected value leaves the output alone. */
	CU_ASSERT_EQUAL(v, 1234);
}

static void test_double(void)
{
	double v = -1;

	CU_ASSERT_EQUAL(cli_parse_double("0.2", 0, 10, &v), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(v, 0.2, 1e-12);
	CU_ASSERT_EQUAL(cli_parse_double(".5", 0, 10, &v), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(v, 0.5, 1e-12);
	CU_ASSERT_EQUAL(cli_parse_double("2e-3", 0, 10, &v), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(v, 0.002, 1e-15);
	CU_ASSERT_EQUAL(cli_parse_double("-1.5", -2, 0, &v), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(v, -1.5, 1e-12);
	CU_ASSERT_EQUAL(cli_parse_double("7", 0, 10, &v), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(v, 7.0, 1e-12);

	v = 1234;
	CU_ASSERT_EQUAL(cli_parse_double("", 0, 10, &v), CLI_EMPTY);
	CU_ASSERT_EQUAL(cli_parse_double(NULL, 0, 10, &v), CLI_EMPTY);
	CU_ASSERT_EQUAL(cli_parse_double("abc", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_double("nan", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_double("inf", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_double("-infinity", -HUGE_VAL, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_double("0x1p3", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_double(" 1", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_double("1 ", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_double("1e", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_double(".", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_double("1.2.3", 0, 10, &v), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_double("1e999", 0, HUGE_VAL, &v), CLI_TOO_LARGE);
	CU_ASSERT_EQUAL(cli_parse_double("-1e999", -HUGE_VAL, 0, &v), CLI_TOO_SMALL);
	CU_ASSERT_EQUAL(cli_parse_double("10.5", 0, 10, &v), CLI_TOO_LARGE);
	CU_ASSERT_EQUAL(cli_parse_double("-0.1", 0, 10, &v), CLI_TOO_SMALL);
	CU_ASSERT_EQUAL(v, 1234);
}

static void test_duration(void)
{
	double ms = -1;

	CU_ASSERT_EQUAL(cli_parse_duration_ms("250ms", 1000, 0, 1e9, &ms), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(ms, 250.0, 1e-9);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("2s", 1, 0, 1e9, &ms), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(ms, 2000.0, 1e-9);
	/* ping -i 0.2: a bare number in seconds. */
	CU_ASSERT_EQUAL(cli_parse_duration_ms("0.2", 1000, 0, 1e9, &ms), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(ms, 200.0, 1e-9);
	/* pathping -p 250: a bare number in milliseconds. */
	CU_ASSERT_EQUAL(cli_parse_duration_ms("250", 1, 0, 1e9, &ms), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(ms, 250.0, 1e-9);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("1.5m", 1000, 0, 1e9, &ms), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(ms, 90000.0, 1e-9);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("100us", 1000, 0, 1e9, &ms), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(ms, 0.1, 1e-12);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("1e3us", 1000, 0, 1e9, &ms), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(ms, 1.0, 1e-12);

	ms = 1234;
	CU_ASSERT_EQUAL(cli_parse_duration_ms("", 1000, 0, 1e9, &ms), CLI_EMPTY);
	CU_ASSERT_EQUAL(cli_parse_duration_ms(NULL, 1000, 0, 1e9, &ms), CLI_EMPTY);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("5parsecs", 1000, 0, 1e9, &ms), CLI_BAD_UNIT);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("5 ms", 1000, 0, 1e9, &ms), CLI_BAD_UNIT);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("5MS", 1000, 0, 1e9, &ms), CLI_BAD_UNIT);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("5h", 1000, 0, 1e9, &ms), CLI_BAD_UNIT);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("0x10", 1000, 0, 1e9, &ms), CLI_BAD_UNIT);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("abc", 1000, 0, 1e9, &ms), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("ms", 1000, 0, 1e9, &ms), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("nan", 1000, 0, 1e9, &ms), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_duration_ms(" 5s", 1000, 0, 1e9, &ms), CLI_NOT_NUMBER);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("1e999", 1000, 0, HUGE_VAL, &ms), CLI_TOO_LARGE);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("1e999ms", 1000, 0, HUGE_VAL, &ms), CLI_TOO_LARGE);
	/* Finite number, infinite product. */
	CU_ASSERT_EQUAL(cli_parse_duration_ms("1e306m", 1000, 0, HUGE_VAL, &ms), CLI_TOO_LARGE);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("61s", 1000, 0, 60000, &ms), CLI_TOO_LARGE);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("-1s", 1000, 0, 60000, &ms), CLI_TOO_SMALL);
	CU_ASSERT_EQUAL(cli_parse_duration_ms("1us", 1000, 0.002, 60000, &ms), CLI_TOO_SMALL);
	CU_ASSERT_EQUAL(ms, 1234);
}

static void test_status_str(void)
{
	CU_ASSERT_STRING_EQUAL(cli_status_str(CLI_EMPTY), "empty");
	CU_ASSERT_STRING_EQUAL(cli_status_str(CLI_NOT_NUMBER), "not a number");
	CU_ASSERT_STRING_EQUAL(cli_status_str(CLI_TOO_SMALL), "too small");
	CU_ASSERT_STRING_EQUAL(cli_status_str(CLI_TOO_LARGE), "too large");
	CU_ASSERT_STRING_EQUAL(cli_status_str(CLI_BAD_UNIT), "unknown unit (use us, ms, s or m)");
	CU_ASSERT_PTR_NOT_NULL(cli_status_str(CLI_OK));
	CU_ASSERT_PTR_NOT_NULL(cli_status_str((enum cli_status)99));
}

static void test_long_or_die(void)
{
	struct child_call c = {.kind = CALL_LONG, .name = "count", .min = 1, .max = 100};
	struct child_result r;

	c.value = "abc";
	assert_dies(&c, "invalid count 'abc': not a number");
	c.value = "";
	assert_dies(&c, "invalid count '': empty");
	c.value = "-1";
	assert_dies(&c, "invalid count '-1': too small (minimum 1)");
	c.name = "ttl";
	c.max = 255;
	c.value = "300";
	assert_dies(&c, "invalid ttl '300': too large (maximum 255)");
	c.value = "9223372036854775808";
	assert_dies(&c, "invalid ttl '9223372036854775808': too large (maximum 255)");

	/* A good value: returned, nothing on stderr, no exit. */
	c.value = "64";
	run_child(&c, &r);
	CU_ASSERT(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0);
	CU_ASSERT_STRING_EQUAL(r.out, "64\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

static void test_double_or_die(void)
{
	struct child_call c = {.kind = CALL_DOUBLE, .name = "size", .min = 0.5, .max = 1e3};
	struct child_result r;

	c.value = "nan";
	assert_dies(&c, "invalid size 'nan': not a number");
	c.value = "1e999";
	assert_dies(&c, "invalid size '1e999': too large (maximum 1000)");
	c.value = "0.25";
	assert_dies(&c, "invalid size '0.25': too small (minimum 0.5)");
	c.value = "2.5";
	run_child(&c, &r);
	CU_ASSERT(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0);
	CU_ASSERT_STRING_EQUAL(r.out, "2.5\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

static void test_duration_or_die(void)
{
	struct child_call c = {.kind = CALL_DURATION,
			       .name = "interval",
			       .unit = 1000,
			       .min = 0.002,
			       .max = 60000};
	struct child_result r;

	c.value = "5parsecs";
	assert_dies(&c, "invalid interval '5parsecs': unknown unit (use us, ms, s or m)");
	c.value = "1us";
	assert_dies(&c, "invalid interval '1us': too small (minimum 2us)");
	c.value = "2m";
	assert_dies(&c, "invalid interval '2m': too large (maximum 60s)");
	c.value = "";
	assert_dies(&c, "invalid interval '': empty");
	c.value = "0.2";
	run_child(&c, &r);
	CU_ASSERT(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0);
	CU_ASSERT_STRING_EQUAL(r.out, "200\n");
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

static void test_die_and_error(void)
{
	struct child_call c = {.kind = CALL_DIE, .name = "socket", .value = "no luck"};
	struct child_result r;
	char want[256];

	assert_dies(&c, "socket: no luck 42");

	/* cli_error prints the same shape and returns. */
	c.kind = CALL_ERROR;
	c.value = "Operation not permitted";
	run_child(&c, &r);
	snprintf(want, sizeof(want), "%s: socket: Operation not permitted\n",
		 program_invocation_short_name);
	CU_ASSERT(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0);
	CU_ASSERT_STRING_EQUAL(r.err, want);

	/* Without a "what" the line is "prog: why". */
	c.name = NULL;
	c.value = "usage: test";
	run_child(&c, &r);
	snprintf(want, sizeof(want), "%s: usage: test\n", program_invocation_short_name);
	CU_ASSERT_STRING_EQUAL(r.err, want);
}

static void test_long_line(void)
{
	static char big[4000];
	struct child_call c = {.kind = CALL_ERROR, .name = "what"};
	struct child_result r;
	size_t len;

	/* A why longer than the line buffer is cut, but the line still ends the line. */
	memset(big, 'x', sizeof(big) - 1);
	c.value = big;
	run_child(&c, &r);
	len = strlen(r.err);
	CU_ASSERT(len > 100 && len < sizeof(big));
	CU_ASSERT(len > 0 && r.err[len - 1] == '\n');
	CU_ASSERT(strchr(r.err, '\n') == r.err + len - 1); /* one line */
}

static void test_version(void)
{
	struct child_call c = {.kind = CALL_VERSION};
	struct child_result r;
	char want[256];

	run_child(&c, &r);
	snprintf(want, sizeof(want), "%s (netdx) %s\n", program_invocation_short_name,
		 NETDX_VERSION);
	CU_ASSERT(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0);
	CU_ASSERT_STRING_EQUAL(r.out, want);
	CU_ASSERT_STRING_EQUAL(r.err, "");
}

/* -4 and -6 set the family, the same one twice is fine, other options are not theirs
 * (both together exit 2: tests/cli). */
static void test_family_option(void)
{
	int family = AF_UNSPEC;

	CU_ASSERT_FALSE(cli_family_option('n', &family));
	CU_ASSERT_EQUAL(family, AF_UNSPEC);
	CU_ASSERT_TRUE(cli_family_option('6', &family));
	CU_ASSERT_EQUAL(family, AF_INET6);
	CU_ASSERT_TRUE(cli_family_option('6', &family));
	CU_ASSERT_EQUAL(family, AF_INET6);
	family = AF_UNSPEC;
	CU_ASSERT_TRUE(cli_family_option('4', &family));
	CU_ASSERT_EQUAL(family, AF_INET);
}

static CU_TestInfo cases[] = {
	{"family: -4 and -6", test_family_option},
	{"long: accepted values", test_long_ok},
	{"long: every rejection status", test_long_status},
	{"double: accepted and rejected", test_double},
	{"duration: units, default unit, statuses", test_duration},
	{"status strings", test_status_str},
	{"long_or_die: stderr text and exit code", test_long_or_die},
	{"double_or_die: stderr text and exit code", test_double_or_die},
	{"duration_ms_or_die: stderr text and exit code", test_duration_or_die},
	{"cli_die / cli_error line shape", test_die_and_error},
	{"overlong error line is cut and terminated", test_long_line},
	{"version line", test_version},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("cli", cases)
