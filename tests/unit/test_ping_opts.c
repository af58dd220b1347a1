/* test_ping_opts.c — ping's option parser (ping/opts.c, compiled in here): every option
 * lands in its field, the mode defaults, and every bad value ends the program with one
 * line and exit 2 (checked in a child process). The same parser under fping's name
 * (ping/fopts.c): its options, fping's timing defaults. */
#include "../../ping/opts.c"
#include "../../ping/fopts.c"
#include "../../ping/ipopts.c"
#include "../../ping/names.c"

#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

#define MAX_ARGS 40

/* build_argv
 * "ping" followed by the NULL-terminated args. */
static int build_argv(char **argv, const char *const *args)
{
	int argc = 0;
	argv[argc++] = (char *)"ping";
	for (; *args && argc < MAX_ARGS - 1; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	return argc;
}

/* parse
 * Parse in this process (the cases that must succeed). */
static enum ping_action parse(struct ping_opts *o, bool root, const char *const *args)
{
	static char *argv[MAX_ARGS];
	int argc = build_argv(argv, args);
	return ping_opts_parse(argc, argv, root, o);
}

/* What a child's parse did. */
struct child {
	int status;     /* exit status, or -1 if it did not exit */
	char err[1024]; /* its stderr */
};

/* parse_child
 * Parse (then apply the mode defaults and a family check) in a child, capturing its
 * stderr and exit status: the cases that must die. family 0: no family check. */
static struct child parse_child(bool root, bool multi, int family, const char *const *args)
{
	struct child c = {.status = -1};
	int p[2];
	CU_ASSERT_FATAL(pipe(p) == 0);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		dup2(p[1], 2);
		close(p[0]);
		struct ping_opts o;
		char *argv[MAX_ARGS];
		int argc = build_argv(argv, args);
		ping_opts_parse(argc, argv, root, &o);
		ping_opts_defaults(&o, multi);
		if (family)
			ping_opts_check_family(&o, family);
		_exit(0);
	}
	close(p[1]);
	size_t n = 0;
	ssize_t r;
	while ((r = read(p[0], c.err + n, sizeof(c.err) - 1 - n)) > 0)
		n += (size_t)r;
	c.err[n] = '\0';
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	if (WIFEXITED(st))
		c.status = WEXITSTATUS(st);
	return c;
}

/* expect_die
 * The child exits 2 with exactly "<prog>: want\n" on stderr. */
static void expect_die(bool root, bool multi, int family, const char *want, const char *const *args)
{
	struct child c = parse_child(root, multi, family, args);
	char line[1100];
	snprintf(line, sizeof(line), "%s: %s\n", program_invocation_short_name, want);
	CU_ASSERT_EQUAL(c.status, 2);
	CU_ASSERT_STRING_EQUAL(c.err, line);
	if (c.status != 2 || strcmp(c.err, line) != 0)
		fprintf(stderr, "\n  want [%s] got %d [%s]\n", line, c.status, c.err);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* test_defaults
 * The cases of "defaults". */
static void test_defaults(void)
{
	struct ping_opts o;
	CU_ASSERT_EQUAL(parse(&o, true, ARGS("10.0.0.1")), PING_RUN);
	CU_ASSERT_EQUAL(o.family, AF_UNSPEC);
	CU_ASSERT_EQUAL(o.count, 0);
	CU_ASSERT_EQUAL(o.size, 56);
	CU_ASSERT_EQUAL(o.preload, 1);
	CU_ASSERT_EQUAL(o.tos, -1);
	CU_ASSERT_EQUAL(o.ttl, 0);
	CU_ASSERT_EQUAL(o.df, SOCK_DF_DEFAULT);
	CU_ASSERT_EQUAL(o.max_targets, 65536);
	CU_ASSERT_EQUAL(o.n_args, 1);
	CU_ASSERT_STRING_EQUAL(o.args[0], "10.0.0.1");
	CU_ASSERT_FALSE(o.quiet || o.numeric || o.flood || o.json || o.verbose || o.audible ||
			o.outstanding || o.timestamps);
	ping_opts_defaults(&o, false);
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 1000.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.linger_ms, 10000.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.deadline_ms, 0.0, 1e-9);
}

/* test_every_option
 * The cases of "every option". */
static void test_every_option(void)
{
	struct ping_opts o;
	CU_ASSERT_EQUAL(parse(&o, true,
			      ARGS("-4", "-a", "-c", "5", "-D", "-i", "0.2", "-I", "lo", "-j", "-l",
				   "2", "-M", "do", "-n", "-O", "-p", "ff00", "-q", "-Q", "0x10",
				   "-s", "100", "-t", "9", "-v", "-w", "3", "-W", "2", "--targets",
				   "list", "--max-targets", "10", "h1", "h2")),
			PING_RUN);
	CU_ASSERT_EQUAL(o.family, AF_INET);
	CU_ASSERT_TRUE(o.audible && o.timestamps && o.json && o.numeric && o.outstanding &&
		       o.quiet && o.verbose);
	CU_ASSERT_EQUAL(o.count, 5);
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 200.0, 1e-9);
	CU_ASSERT_TRUE(o.interval_set);
	CU_ASSERT_STRING_EQUAL(o.iface, "lo");
	CU_ASSERT_EQUAL(o.src.len, 0);
	CU_ASSERT_EQUAL(o.preload, 2);
	CU_ASSERT_EQUAL(o.df, SOCK_DF_DO);
	CU_ASSERT_EQUAL(o.pattern_len, 2);
	CU_ASSERT_EQUAL(o.pattern[0], 0xff);
	CU_ASSERT_EQUAL(o.pattern[1], 0x00);
	CU_ASSERT_EQUAL(o.tos, 16);
	CU_ASSERT_EQUAL(o.size, 100);
	CU_ASSERT_EQUAL(o.ttl, 9);
	CU_ASSERT_DOUBLE_EQUAL(o.deadline_ms, 3000.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.linger_ms, 2000.0, 1e-9);
	CU_ASSERT_TRUE(o.linger_set);
	CU_ASSERT_STRING_EQUAL(o.targets_file, "list");
	CU_ASSERT_EQUAL(o.max_targets, 10);
	CU_ASSERT_EQUAL(o.n_args, 2);
	CU_ASSERT_STRING_EQUAL(o.args[1], "h2");
}

/* test_values
 * The cases of "values". */
static void test_values(void)
{
	struct ping_opts o;
	parse(&o, true,
	      ARGS("-6", "-M", "dont", "-Q", "46", "-i", "250ms", "-I", "::1", "-p", "abc", "::1"));
	CU_ASSERT_EQUAL(o.family, AF_INET6);
	CU_ASSERT_EQUAL(o.df, SOCK_DF_NEVER);
	CU_ASSERT_EQUAL(o.tos, 46);
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 250.0, 1e-9);
	CU_ASSERT_PTR_NULL(o.iface);
	CU_ASSERT_EQUAL(addr_family(&o.src), AF_INET6);
	/* iputils' sscanf("%2x"): "abc" is 0xab then 0x0c */
	CU_ASSERT_EQUAL(o.pattern_len, 2);
	CU_ASSERT_EQUAL(o.pattern[0], 0xab);
	CU_ASSERT_EQUAL(o.pattern[1], 0x0c);
	parse(&o, true, ARGS("-M", "want", "-p", "f", "-i", "1.5", "-I", "127.0.0.1", "x"));
	CU_ASSERT_EQUAL(o.df, SOCK_DF_WANT);
	CU_ASSERT_EQUAL(o.pattern_len, 1);
	CU_ASSERT_EQUAL(o.pattern[0], 0x0f);
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 1500.0, 1e-9);
	CU_ASSERT_EQUAL(addr_family(&o.src), AF_INET);
	CU_ASSERT_FALSE(o.connect_sock || o.so_debug);
	parse(&o, true, ARGS("-C", "-d", "x"));
	CU_ASSERT_TRUE(o.connect_sock && o.so_debug);
	/* Options after the destination, as iputils (GNU getopt permutes). */
	parse(&o, true, ARGS("10.0.0.1", "-c", "3", "--json"));
	CU_ASSERT_EQUAL(o.count, 3);
	CU_ASSERT_TRUE(o.json);
	CU_ASSERT_EQUAL(o.n_args, 1);
}

/* test_actions
 * The cases of "actions". */
static void test_actions(void)
{
	struct ping_opts o;
	CU_ASSERT_EQUAL(parse(&o, false, ARGS("-h")), PING_HELP);
	CU_ASSERT_EQUAL(parse(&o, false, ARGS("--help")), PING_HELP);
	CU_ASSERT_EQUAL(parse(&o, false, ARGS("-V")), PING_VERSION);
	CU_ASSERT_EQUAL(parse(&o, false, ARGS("--version")), PING_VERSION);
	CU_ASSERT_EQUAL(parse(&o, false, ARGS("--targets", "-")), PING_RUN);
	CU_ASSERT_EQUAL(o.n_args, 0);
}

/* test_mode_defaults
 * The cases of "mode defaults". */
static void test_mode_defaults(void)
{
	struct ping_opts o;
	parse(&o, true, ARGS("-f", "10.0.0.1"));
	CU_ASSERT_TRUE(o.numeric); /* -f implies -n */
	ping_opts_defaults(&o, false);
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 0.0, 1e-9);
	parse(&o, true, ARGS("-f", "-i", "0.5", "10.0.0.1"));
	ping_opts_defaults(&o, false);
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 500.0, 1e-9);
	/* A sweep: 1 s per target as iputils, fping's 10 ms between any two probes. */
	parse(&o, true, ARGS("a", "b"));
	ping_opts_defaults(&o, true);
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 1000.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.gap_ms, 10.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.linger_ms, 1000.0, 1e-9);
	parse(&o, true, ARGS("-i", "0.5", "--gap", "20ms", "a", "b"));
	ping_opts_defaults(&o, true);
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 500.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.gap_ms, 20.0, 1e-9);
	parse(&o, true, ARGS("-i", "0", "-W", "0.2", "a", "b"));
	ping_opts_defaults(&o, true);
	CU_ASSERT_DOUBLE_EQUAL(o.gap_ms, 0.0, 1e-9); /* -i 0 alone: flat out */
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 0.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.linger_ms, 200.0, 1e-9);
	/* A user may go down to 2 ms and preload 3. */
	parse(&o, false, ARGS("-i", "0.002", "-l", "3", "a"));
	ping_opts_defaults(&o, false);
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 2.0, 1e-9);
}

/* test_bad_numbers
 * The cases of "bad numbers". */
static void test_bad_numbers(void)
{
	expect_die(true, false, 0, "invalid count '0': too small (minimum 1)",
		   ARGS("-c", "0", "h"));
	expect_die(true, false, 0, "invalid count '-1': too small (minimum 1)",
		   ARGS("-c", "-1", "h"));
	expect_die(true, false, 0, "invalid count 'abc': not a number", ARGS("-c", "abc", "h"));
	expect_die(true, false, 0, "invalid interval 'abc': not a number", ARGS("-i", "abc", "h"));
	expect_die(true, false, 0, "invalid interval '-1': too small (minimum 0ms)",
		   ARGS("-i", "-1", "h"));
	expect_die(true, false, 0, "invalid packet size '70000': too large (maximum 65527)",
		   ARGS("-s", "70000", "h"));
	expect_die(true, false, 0, "invalid ttl '256': too large (maximum 255)",
		   ARGS("-t", "256", "h"));
	expect_die(true, false, 0, "invalid ttl '0': too small (minimum 1)", ARGS("-t", "0", "h"));
	expect_die(true, false, 0, "invalid timeout '-1': too small (minimum 1ms)",
		   ARGS("-W", "-1", "h"));
	expect_die(true, false, 0, "invalid deadline 'x': not a number", ARGS("-w", "x", "h"));
	expect_die(true, false, 0, "invalid preload '0': too small (minimum 1)",
		   ARGS("-l", "0", "h"));
	expect_die(true, false, 0, "invalid max-targets '0': too small (minimum 1)",
		   ARGS("--max-targets", "0", "h"));
	expect_die(true, false, 0, "invalid tos '256': too large (maximum 255)",
		   ARGS("-Q", "256", "h"));
	expect_die(true, false, 0, "invalid tos '0x100': too large (maximum 255)",
		   ARGS("-Q", "0x100", "h"));
	expect_die(true, false, 0, "invalid tos '0xzz': not a number", ARGS("-Q", "0xzz", "h"));
}

/* test_bad_words
 * The cases of "bad words". */
static void test_bad_words(void)
{
	expect_die(true, false, 0, "invalid pattern 'zz': not hex digits", ARGS("-p", "zz", "h"));
	expect_die(true, false, 0,
		   "invalid pattern '000000000000000000000000000000000': want 1 to 32 hex digits",
		   ARGS("-p", "000000000000000000000000000000000", "h"));
	expect_die(true, false, 0, "invalid -M argument 'maybe': want do, dont or want",
		   ARGS("-M", "maybe", "h"));
	expect_die(true, false, 0, "invalid interface 'nosuchdev0': no such device or address",
		   ARGS("-I", "nosuchdev0", "h"));
	expect_die(true, false, 0, "only one -4 or -6 option may be specified",
		   ARGS("-4", "-6", "h"));
	expect_die(true, false, 0,
		   "option -N (IPv6 node information query) is not supported by netdx ping",
		   ARGS("-N", "name", "h"));
	expect_die(true, false, 0, "only one of -T or -R may be used",
		   ARGS("-R", "-T", "tsonly", "h"));
	expect_die(true, false, 0, "invalid timestamp type: foo", ARGS("-T", "foo", "h"));
	expect_die(true, false, 0,
		   "-T tsprespec needs the hops to stamp before the target (ping -T tsprespec "
		   "HOP... TARGET)",
		   ARGS("-T", "tsprespec", "h"));
	expect_die(true, false, 0, "-T tsprespec: at most 4 hops",
		   ARGS("-T", "tsprespec", "1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5",
			"h"));
	expect_die(true, false, 0, "invalid tsprespec hop: 'r1': want an IPv4 address",
		   ARGS("-T", "tsprespec", "r1", "h"));
	expect_die(true, false, 0, "invalid mark '0': too small (minimum 1)", ARGS("-m", "0", "h"));
	expect_die(true, false, 0, "invalid sndbuf 'x': not a number", ARGS("-S", "x", "h"));
	expect_die(true, true, 0, "-C works with one target only", ARGS("-C", "a", "b"));
	expect_die(true, true, 0, "-A works with one target only", ARGS("-A", "a", "b"));
	expect_die(true, false, 0, "invalid option -- 'x' (see ping --help)", ARGS("-x", "h"));
	expect_die(true, false, 0, "unrecognized option '--bogus' (see ping --help)",
		   ARGS("--bogus", "h"));
	expect_die(true, false, 0, "option -c needs a value", ARGS("-c"));
	expect_die(true, false, 0, "option --targets needs a value", ARGS("--targets"));
	expect_die(true, false, 0, "usage error: Destination address required (see ping --help)",
		   ARGS("-n"));
}

/* test_bad_modes
 * The cases of "bad modes". */
static void test_bad_modes(void)
{
	expect_die(false, false, 0, "cannot set preload to value greater than 3: 4",
		   ARGS("-l", "4", "h"));
	expect_die(false, false, 0, "cannot flood; minimal interval allowed for user is 2ms",
		   ARGS("-f", "h"));
	expect_die(false, false, 0, "cannot flood; minimal interval allowed for user is 2ms",
		   ARGS("-i", "0.001", "h"));
	expect_die(false, true, 0, "cannot flood; minimal interval allowed for user is 2ms",
		   ARGS("-i", "0", "a", "b"));
	expect_die(false, true, 0, "cannot flood; minimal gap allowed for user is 2ms",
		   ARGS("--gap", "1ms", "a", "b"));
	expect_die(true, false, 0, "--gap spaces the probes of a sweep: give several targets",
		   ARGS("--gap", "1ms", "a"));
	expect_die(true, true, 0, "-f floods one target; a sweep takes -i (0 for flat out)",
		   ARGS("-f", "a", "b"));
	expect_die(true, true, 0, "-l works with one target only", ARGS("-l", "2", "a", "b"));
	expect_die(true, true, 0, "-O works with one target only", ARGS("-O", "a", "b"));
	expect_die(true, true, 0, "-R works with one target only", ARGS("-R", "a", "b"));
	expect_die(true, false, AF_INET6, "-T is an IPv4 header option: not for an IPv6 target",
		   ARGS("-T", "tsonly", "h"));
	expect_die(true, false, AF_INET, "invalid packet size '65510': too large (maximum 65507)",
		   ARGS("-s", "65510", "h"));
	expect_die(true, false, AF_INET,
		   "invalid source address: -I an IPv6 address for an IPv4 target",
		   ARGS("-I", "::1", "h"));
	/* The limits themselves pass. */
	struct child c = parse_child(true, false, AF_INET, ARGS("-s", "65507", "h"));
	CU_ASSERT_EQUAL(c.status, 0);
	c = parse_child(true, false, AF_INET6, ARGS("-s", "65527", "h"));
	CU_ASSERT_EQUAL(c.status, 0);
	c = parse_child(false, false, 0, ARGS("-l", "3", "-i", "0.002", "h"));
	CU_ASSERT_EQUAL(c.status, 0);
}

/* test_usage
 * The cases of "usage". */
static void test_usage(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	ping_opts_usage(f);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Usage: ping [options] <destination>..."));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "--max-targets"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Exit status: 0"));
	free(text);
}

/* fparse
 * ping_fopts_parse and its defaults on a list of arguments. */
static void fparse(struct ping_opts *o, const char *const *args)
{
	static char *argv[MAX_ARGS];
	int argc = build_argv(argv, args);
	CU_ASSERT_EQUAL(ping_fopts_parse(argc, argv, true, o), PING_RUN);
	ping_fopts_defaults(o);
}

/* test_fping
 * fping's options and timing: tries with backoff by default, -t as -p in count mode. */
static void test_fping(void)
{
	struct ping_opts o;
	fparse(&o, ARGS("a", "b"));
	CU_ASSERT_TRUE(o.fp.on && !o.fp.counting);
	CU_ASSERT_EQUAL(o.count, 4); /* the first try and -r 3 retries */
	CU_ASSERT_DOUBLE_EQUAL(o.fp.timeout_ms, 500.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.linger_ms, 500.0 * 1.5 * 1.5 * 1.5, 1e-9); /* the last try's */
	CU_ASSERT_DOUBLE_EQUAL(o.gap_ms, 10.0, 1e-9);
	fparse(&o, ARGS("-r", "1", "-t", "100", "-B", "2", "-i", "5", "a"));
	CU_ASSERT_EQUAL(o.count, 2);
	CU_ASSERT_DOUBLE_EQUAL(o.linger_ms, 200.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.gap_ms, 5.0, 1e-9);
	fparse(&o, ARGS("-c", "3", "a"));
	CU_ASSERT_TRUE(o.fp.counting && !o.fp.vcount);
	CU_ASSERT_EQUAL(o.count, 3);
	CU_ASSERT_DOUBLE_EQUAL(o.interval_ms, 1000.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.linger_ms, 1000.0, 1e-9); /* -t follows -p */
	fparse(&o, ARGS("-C", "2", "-p", "5000", "a"));
	CU_ASSERT_TRUE(o.fp.counting && o.fp.vcount);
	CU_ASSERT_DOUBLE_EQUAL(o.linger_ms, 2000.0, 1e-9); /* ... up to 2000 ms */
	fparse(&o, ARGS("-a", "-A", "-e", "-s", "-q", "-D", "-g", "-x", "2", "-b", "100", "-H", "9",
			"-O", "16", "-M", "-4", "-S", "10.0.0.1", "10.0.0.0/30"));
	CU_ASSERT_TRUE(o.fp.show_alive && o.fp.by_address && o.fp.elapsed && o.fp.stats &&
		       o.quiet && o.timestamps && o.fp.generate);
	CU_ASSERT_EQUAL(o.fp.reachable, 2);
	CU_ASSERT_EQUAL(o.size, 100);
	CU_ASSERT_EQUAL(o.ttl, 9);
	CU_ASSERT_EQUAL(o.tos, 16);
	CU_ASSERT_EQUAL(o.df, SOCK_DF_DO);
	CU_ASSERT_EQUAL(o.family, AF_INET);
	CU_ASSERT_EQUAL(addr_family(&o.src), AF_INET);
	fparse(&o, ARGS("-q"));
	CU_ASSERT_STRING_EQUAL(o.targets_file, "-"); /* no targets: standard input */
}

/* test_fping_more
 * fping's loop, names, all addresses, netdata, outage, summaries and random data. */
static void test_fping_more(void)
{
	struct ping_opts o;
	fparse(&o, ARGS("-l", "-p", "300", "-m", "-N", "-o", "-R", "-Q", "1.5", "a"));
	CU_ASSERT_TRUE(o.fp.loop && o.fp.counting && o.fp.all && o.fp.netdata && o.fp.outage &&
		       o.fp.random && o.quiet);
	CU_ASSERT_EQUAL(o.count, 0); /* until SIGINT */
	CU_ASSERT_DOUBLE_EQUAL(o.fp.report_s, 1.5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(o.linger_ms, 300.0, 1e-9); /* -t follows -p, as -c's */
	fparse(&o, ARGS("-d", "a"));
	CU_ASSERT_EQUAL(o.fp.rdns, FPING_RDNS_ALL);
	fparse(&o, ARGS("-n", "a"));
	CU_ASSERT_EQUAL(o.fp.rdns, FPING_RDNS_ADDRESSES);
	fparse(&o, ARGS("a"));
	CU_ASSERT_EQUAL(o.fp.rdns, FPING_RDNS_OFF);
	CU_ASSERT_FALSE(o.fp.loop || o.fp.all || o.fp.netdata || o.fp.outage || o.fp.random);
}

static CU_TestInfo cases[] = {
	{"defaults", test_defaults},
	{"every option lands in its field", test_every_option},
	{"values: units, families, patterns, permutation", test_values},
	{"help and version", test_actions},
	{"mode defaults: flood, sweep, user limits", test_mode_defaults},
	{"bad numbers: one line, exit 2", test_bad_numbers},
	{"bad words and options: one line, exit 2", test_bad_words},
	{"bad modes: user limits, sweep-only, family", test_bad_modes},
	{"usage text", test_usage},
	{"fping: options and timing", test_fping},
	{"fping: -l, -d, -n, -m, -N, -o, -Q, -R", test_fping_more},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("ping_opts", cases)
