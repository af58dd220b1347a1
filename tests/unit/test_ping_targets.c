/* test_ping_targets.c — ping's target list (ping/targets.c) and address names
 * (ping/names.c), compiled in here: literals, names, CIDR blocks, --targets files, the
 * --max-targets refusal (in a child: it exits), labels, and lines that name addresses.
 * Runs in tests/netns_run.sh's namespace: a name lookup never leaves it. */
#include "../../ping/names.c"
#include "../../ping/targets.c"

#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

/* opts
 * Options as the parser leaves them, for targets only. */
static struct ping_opts opts(int family, long max)
{
	return (struct ping_opts){.family = family, .max_targets = max, .size = 56, .tos = -1};
}

/* test_one_literal
 * The cases of "one literal". */
static void test_one_literal(void)
{
	struct ping_opts o = opts(AF_UNSPEC, 65536);
	char *args[] = {(char *)"127.0.0.1"};
	o.args = args;
	o.n_args = 1;
	struct ping_targets t;
	ping_targets_build(&o, &t);
	CU_ASSERT_EQUAL(t.n, 1);
	CU_ASSERT_FALSE(t.multi);
	CU_ASSERT_TRUE(t.literal);
	CU_ASSERT_TRUE(t.any4);
	CU_ASSERT_FALSE(t.any6);
	CU_ASSERT_STRING_EQUAL(t.canon, "127.0.0.1");
	CU_ASSERT_EQUAL(t.v[0].last_ttl, -1);
	char buf[ADDR_STRLEN];
	CU_ASSERT_STRING_EQUAL(ping_target_label(&t.v[0], buf, sizeof(buf)), "127.0.0.1");
	ping_targets_free(&t);
}

/* test_name
 * The cases of "name". */
static void test_name(void)
{
	struct ping_opts o = opts(AF_INET, 65536);
	char *args[] = {(char *)"localhost"};
	o.args = args;
	o.n_args = 1;
	struct ping_targets t;
	ping_targets_build(&o, &t);
	CU_ASSERT_EQUAL(t.n, 1);
	CU_ASSERT_FALSE(t.literal);
	CU_ASSERT_FALSE(t.multi);
	char buf[ADDR_STRLEN];
	CU_ASSERT_STRING_EQUAL(addr_to_str(&t.v[0].addr, buf, sizeof(buf)), "127.0.0.1");
	CU_ASSERT_STRING_EQUAL(ping_target_label(&t.v[0], buf, sizeof(buf)), "localhost");
	ping_targets_free(&t);
}

/* test_several_and_blocks
 * The cases of "several and blocks". */
static void test_several_and_blocks(void)
{
	struct ping_opts o = opts(AF_UNSPEC, 65536);
	char *args[] = {(char *)"127.0.0.1", (char *)"::1", (char *)"127.1.0.0/30",
			(char *)"127.2.0.0/31", (char *)"fd00::/126"};
	o.args = args;
	o.n_args = 5;
	struct ping_targets t;
	ping_targets_build(&o, &t);
	/* 1 + 1 + 2 (a /30 without network and broadcast) + 2 (a /31: both) + 4 (IPv6: all) */
	CU_ASSERT_EQUAL(t.n, 10);
	CU_ASSERT_TRUE(t.multi);
	CU_ASSERT_TRUE(t.any4 && t.any6);
	char buf[ADDR_STRLEN];
	CU_ASSERT_STRING_EQUAL(ping_target_label(&t.v[2], buf, sizeof(buf)), "127.1.0.1");
	CU_ASSERT_STRING_EQUAL(ping_target_label(&t.v[3], buf, sizeof(buf)), "127.1.0.2");
	CU_ASSERT_STRING_EQUAL(ping_target_label(&t.v[5], buf, sizeof(buf)), "127.2.0.1");
	CU_ASSERT_STRING_EQUAL(ping_target_label(&t.v[6], buf, sizeof(buf)), "fd00::");
	CU_ASSERT_STRING_EQUAL(ping_target_label(&t.v[9], buf, sizeof(buf)), "fd00::3");
	CU_ASSERT_PTR_NULL(t.v[2].name);
	ping_targets_free(&t);
	/* A single /32 is still a sweep (fping's lines). */
	char *one[] = {(char *)"127.0.0.1/32"};
	o.args = one;
	o.n_args = 1;
	ping_targets_build(&o, &t);
	CU_ASSERT_EQUAL(t.n, 1);
	CU_ASSERT_TRUE(t.multi);
	ping_targets_free(&t);
}

/* test_file
 * The cases of "file". */
static void test_file(void)
{
	char path[] = "/tmp/ping_targets_XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	const char text[] = "# lab targets\n127.0.0.1\n\n  ::1   # loopback six\n127.3.0.0/30\r\n"
			    "localhost\n";
	CU_ASSERT_EQUAL(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	struct ping_opts o = opts(AF_UNSPEC, 65536);
	o.targets_file = path;
	struct ping_targets t;
	ping_targets_build(&o, &t);
	CU_ASSERT_EQUAL(t.n, 5);
	CU_ASSERT_TRUE(t.multi);
	CU_ASSERT_STRING_EQUAL(t.v[0].name, "127.0.0.1");
	CU_ASSERT_TRUE(t.v[0].name_owned);
	CU_ASSERT_STRING_EQUAL(t.v[1].name, "::1");
	CU_ASSERT_PTR_NULL(t.v[2].name);
	CU_ASSERT_STRING_EQUAL(t.v[4].name, "localhost");
	ping_targets_free(&t); /* frees the names read from the file */
	unlink(path);
}

/* die_status
 * Build the list in a child; its exit status and stderr. */
static int die_status(struct ping_opts *o, char *err, size_t len)
{
	int p[2];
	CU_ASSERT_FATAL(pipe(p) == 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 2);
		struct ping_targets t;
		ping_targets_build(o, &t);
		_exit(0);
	}
	close(p[1]);
	ssize_t n = read(p[0], err, len - 1);
	err[n > 0 ? n : 0] = '\0';
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* test_refusals
 * The cases of "refusals". */
static void test_refusals(void)
{
	char err[512], want[512];
	struct ping_opts o = opts(AF_UNSPEC, 65536);
	char *big[] = {(char *)"10.0.0.0/8"};
	o.args = big;
	o.n_args = 1;
	CU_ASSERT_EQUAL(die_status(&o, err, sizeof(err)), 2);
	snprintf(want, sizeof(want),
		 "%s: 10.0.0.0/8: 16777214 targets in all, more than --max-targets 65536; raise "
		 "--max-targets to confirm a sweep that large\n",
		 program_invocation_short_name);
	CU_ASSERT_STRING_EQUAL(err, want);
	/* The limit counts every argument together. */
	o = opts(AF_UNSPEC, 3);
	char *sum[] = {(char *)"127.0.0.1", (char *)"127.1.0.0/30", (char *)"127.0.0.2"};
	o.args = sum;
	o.n_args = 3;
	CU_ASSERT_EQUAL(die_status(&o, err, sizeof(err)), 2);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(err, "127.0.0.2: 4 targets in all, more than --max-targets 3"));
	o = opts(AF_INET, 65536);
	char *six[] = {(char *)"fd00::/120"};
	o.args = six;
	o.n_args = 1;
	CU_ASSERT_EQUAL(die_status(&o, err, sizeof(err)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ": fd00::/120: not an IPv4 block\n"));
	o = opts(AF_UNSPEC, 65536);
	char *unknown[] = {(char *)"nosuch.invalid"};
	o.args = unknown;
	o.n_args = 1;
	CU_ASSERT_EQUAL(die_status(&o, err, sizeof(err)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ": nosuch.invalid: "));
	char *badblock[] = {(char *)"10.0.0.0/33"};
	o.args = badblock;
	CU_ASSERT_EQUAL(die_status(&o, err, sizeof(err)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ": 10.0.0.0/33: prefix length out of range\n"));
}

/* What the lines printed, in order: each line's ctx names one of these. */
struct seen {
	char text[512]; /* "from|from|..." */
};

/* record
 * ping_line_fn: append the line's address text to the record its ctx points to. */
static void record(FILE *f, const char *from, const void *ctx)
{
	struct seen *const *rec = ctx;
	size_t used = strlen((*rec)->text);
	(void)f;
	snprintf((*rec)->text + used, sizeof((*rec)->text) - used, "%s|", from);
}

/* test_names
 * The cases of "names": numeric, from the hosts file at once, and a line that waits
 * for DNS (the namespace's resolver, 127.0.0.1, does not answer) keeping the lines
 * after it behind it. */
static void test_names(void)
{
	struct loop *loop = loop_new();
	CU_ASSERT_FATAL(loop != NULL);
	struct seen seen = {""};
	struct seen *rec = &seen;
	struct netdx_addr a, b, c;
	CU_ASSERT_FATAL(addr_parse_literal("127.0.0.1", AF_UNSPEC, &a));
	CU_ASSERT_FATAL(addr_parse_literal("::1", AF_UNSPEC, &b));
	CU_ASSERT_FATAL(addr_parse_literal("192.0.2.1", AF_UNSPEC, &c));
	struct ping_names *n = ping_names_new(loop, true);
	ping_names_line(n, &a, record, &rec, sizeof(rec));
	ping_names_line(n, &b, record, &rec, sizeof(rec));
	ping_names_line(n, NULL, record, &rec, sizeof(rec));
	CU_ASSERT_STRING_EQUAL(seen.text, "127.0.0.1|::1||");
	CU_ASSERT_EQUAL(ping_names_sandbox(n), 0);
	ping_names_free(n);
	/* With lookups: /etc/hosts names 127.0.0.1 (iputils prints "name (address)"). */
	seen.text[0] = '\0';
	n = ping_names_new(loop, false);
	CU_ASSERT_NOT_EQUAL(ping_names_sandbox(n), 0);
	ping_names_line(n, &a, record, &rec, sizeof(rec));
	CU_ASSERT_PTR_NOT_NULL(strstr(seen.text, " (127.0.0.1)|"));
	/* 192.0.2.1 waits for DNS; the line without an address waits behind it */
	seen.text[0] = '\0';
	ping_names_line(n, &c, record, &rec, sizeof(rec));
	ping_names_line(n, NULL, record, &rec, sizeof(rec));
	CU_ASSERT_STRING_EQUAL(seen.text, "");
	CU_ASSERT_TRUE(ping_names_drain(n));
	CU_ASSERT_STRING_EQUAL(seen.text, "192.0.2.1 (192.0.2.1)||");
	ping_names_free(n);
	loop_free(loop);
}

static CU_TestInfo cases[] = {
	{"one literal", test_one_literal},
	{"one name", test_name},
	{"several targets and CIDR blocks", test_several_and_blocks},
	{"--targets file", test_file},
	{"refusals: too many, wrong family, unknown, bad block", test_refusals},
	{"address names as iputils' pr_addr", test_names},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("ping_targets", cases)
