/* test_proc_net.c — the /proc parsers of netdx/proc_net.h, netns_enter's refusals, and
 * sock_owner finding this very process behind a socket it holds. */
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netdx/netns.h"
#include "netdx/proc_net.h"
#include "netdx/sock_owner.h"
#include "unit.h"

/* Two groups as /proc/net/netstat has them (shortened). */
static const char netstat_text[] =
	"TcpExt: SyncookiesSent SyncookiesRecv ListenOverflows ListenDrops\n"
	"TcpExt: 3 0 17 21\n"
	"IpExt: InNoRoutes InTruncatedPkts\n"
	"IpExt: 5 6\n";

static void test_counter_found(void)
{
	uint64_t v = 0;
	CU_ASSERT_TRUE(proc_net_counter(netstat_text, "TcpExt", "ListenOverflows", &v));
	CU_ASSERT_EQUAL(v, 17);
	CU_ASSERT_TRUE(proc_net_counter(netstat_text, "TcpExt", "SyncookiesSent", &v));
	CU_ASSERT_EQUAL(v, 3);
	CU_ASSERT_TRUE(proc_net_counter(netstat_text, "TcpExt", "ListenDrops", &v));
	CU_ASSERT_EQUAL(v, 21);
	CU_ASSERT_TRUE(proc_net_counter(netstat_text, "IpExt", "InTruncatedPkts", &v));
	CU_ASSERT_EQUAL(v, 6);
}

static void test_counter_missing(void)
{
	uint64_t v = 99;
	CU_ASSERT_FALSE(proc_net_counter(netstat_text, "TcpExt", "Listen", &v));
	CU_ASSERT_FALSE(proc_net_counter(netstat_text, "TcpExt", "InNoRoutes", &v));
	CU_ASSERT_FALSE(proc_net_counter(netstat_text, "MPTcpExt", "ListenDrops", &v));
	CU_ASSERT_FALSE(proc_net_counter("", "TcpExt", "ListenDrops", &v));
	/* a header without its line of values, and a line with too few values */
	CU_ASSERT_FALSE(proc_net_counter("TcpExt: A B\n", "TcpExt", "A", &v));
	CU_ASSERT_FALSE(proc_net_counter("TcpExt: A B\nTcpExt: 1\n", "TcpExt", "B", &v));
	CU_ASSERT_FALSE(proc_net_counter("TcpExt: A B\nTcpExt: 1 x\n", "TcpExt", "B", &v));
	/* "TcpExtra:" is another group */
	CU_ASSERT_FALSE(proc_net_counter("TcpExtra: A\nTcpExtra: 1\n", "TcpExt", "A", &v));
	CU_ASSERT_EQUAL(v, 99);
}

static void test_sysctl_parse(void)
{
	long v[2] = {0, 0};
	CU_ASSERT_TRUE(proc_net_sysctl_parse("32768\t60999\n", v, 2));
	CU_ASSERT_EQUAL(v[0], 32768);
	CU_ASSERT_EQUAL(v[1], 60999);
	CU_ASSERT_TRUE(proc_net_sysctl_parse("4096\n", v, 1));
	CU_ASSERT_EQUAL(v[0], 4096);
	CU_ASSERT_TRUE(proc_net_sysctl_parse("-1\n", v, 1));
	CU_ASSERT_EQUAL(v[0], -1);
	CU_ASSERT_FALSE(proc_net_sysctl_parse("", v, 1));
	CU_ASSERT_FALSE(proc_net_sysctl_parse("abc\n", v, 1));
	CU_ASSERT_FALSE(proc_net_sysctl_parse("1 2 3\n", v, 2));
	CU_ASSERT_FALSE(proc_net_sysctl_parse("1\n", v, 2));
	CU_ASSERT_FALSE(proc_net_sysctl_parse("12x\n", v, 1));
}

static void test_sysctl_read(void)
{
	long v[2];
	CU_ASSERT_TRUE(proc_net_sysctl("/proc/sys/net/ipv4/ip_local_port_range", v, 2));
	CU_ASSERT_TRUE(v[0] > 0 && v[0] <= v[1] && v[1] <= 65535);
	CU_ASSERT_FALSE(proc_net_sysctl("/proc/sys/net/ipv4/no_such_sysctl", v, 1));
	char buf[8];
	const char *why = NULL;
	CU_ASSERT_EQUAL(proc_net_read("/proc/net/netstat", buf, sizeof(buf), &why), NETDX_E_SYSTEM);
	CU_ASSERT_STRING_EQUAL(why, "File too large");
}

static void test_netns_refusals(void)
{
	const char *why = NULL;
	CU_ASSERT_EQUAL(netns_enter("", &why), NETDX_E_INVALID);
	CU_ASSERT_EQUAL(netns_enter("..", &why), NETDX_E_INVALID);
	CU_ASSERT_EQUAL(netns_enter("a/b", &why), NETDX_E_INVALID);
	CU_ASSERT_STRING_EQUAL(why, "not a namespace name");
	CU_ASSERT_EQUAL(netns_enter("ndx-no-such-namespace", &why), NETDX_E_NONAME);
	CU_ASSERT_STRING_EQUAL(why, "no such network namespace (see ip netns list)");
}

static void test_owner_of_own_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	CU_ASSERT_FATAL(fd >= 0);
	struct stat st;
	CU_ASSERT_FATAL(fstat(fd, &st) == 0);
	struct sock_owners *o = sock_owners_scan();
	CU_ASSERT_FATAL(o != NULL);
	const struct sock_owner *who = sock_owners_find(o, (uint32_t)st.st_ino);
	CU_ASSERT_FATAL(who != NULL);
	CU_ASSERT_EQUAL(who->pid, getpid());
	CU_ASSERT_STRING_EQUAL(who->comm, "test_proc_net");
	CU_ASSERT_PTR_NULL(sock_owners_find(o, 0));
	CU_ASSERT_EQUAL(sock_owners_hidden(o), 0); /* root sees every process */
	sock_owners_free(o);
	close(fd);
}

/* socket_elsewhere
 * A child in a network namespace of its own (unshare) opens a socket, writes its inode
 * to the pipe and waits to be killed. Its pid, or -1. */
static pid_t socket_elsewhere(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	struct stat st;
	int s = unshare(CLONE_NEWNET) == 0 ? socket(AF_INET, SOCK_STREAM, 0) : -1;
	uint32_t inode = s >= 0 && fstat(s, &st) == 0 ? (uint32_t)st.st_ino : 0;
	if (write(fds[1], &inode, sizeof(inode)) == sizeof(inode))
		pause();
	_exit(0);
}

static void test_owner_other_netns_skipped(void)
{
	int fds[2];
	pid_t child = socket_elsewhere(fds);
	CU_ASSERT_FATAL(child > 0);
	uint32_t inode = 0;
	CU_ASSERT_EQUAL(read(fds[0], &inode, sizeof(inode)), (ssize_t)sizeof(inode));
	CU_ASSERT_FATAL(inode != 0); /* root may unshare */
	int mine = socket(AF_INET, SOCK_STREAM, 0);
	struct stat st;
	CU_ASSERT_FATAL(mine >= 0 && fstat(mine, &st) == 0);
	struct sock_owners *o = sock_owners_scan();
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_PTR_NULL(sock_owners_find(o, inode)); /* not in this namespace's dump */
	CU_ASSERT_PTR_NOT_NULL(sock_owners_find(o, (uint32_t)st.st_ino));
	sock_owners_free(o);
	close(mine);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(fds[1]);
	close(fds[0]);
}

static CU_TestInfo cases[] = {
	{"TcpExt and IpExt counters by name", test_counter_found},
	{"missing counters, groups and values are refused", test_counter_missing},
	{"sysctl values: one or two numbers, nothing else", test_sysctl_parse},
	{"sysctl files read; a file too large for the buffer refused", test_sysctl_read},
	{"netns_enter refuses paths and missing namespaces", test_netns_refusals},
	{"sock_owner finds this process behind its own socket", test_owner_of_own_socket},
	{"sock_owner skips processes of another network namespace", test_owner_other_netns_skipped},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("proc_net", cases)
