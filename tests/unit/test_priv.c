/* test_priv.c — the privilege model, read back from /proc/self/status: after init
 * only CAP_NET_RAW is permitted and nothing is effective; raise/lower bracket it; after
 * priv_drop_all every set is empty and no_new_privs is set. Runs as root (make check). */
#include "netdx/priv.h"

#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

/* status_hex
 * The hex value of a "Name:\tvalue" line of /proc/self/status, or ~0 if missing. */
static unsigned long long status_hex(const char *name)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long long v = ~0ull;
	size_t n = strlen(name);
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			sscanf(line + n + 1, "%llx", &v);
	if (f)
		fclose(f);
	return v;
}

#define NET_RAW_BIT (1ull << CAP_NET_RAW)
#define NET_ADMIN_BIT (1ull << CAP_NET_ADMIN)

static void test_running_as_root(void)
{
	/* The rest of the suite proves the model for a privileged start. */
	CU_ASSERT_EQUAL_FATAL(geteuid(), 0);
}

/* traceroute -d: CAP_NET_ADMIN kept permitted beside CAP_NET_RAW, each raised alone
 * (the first call: a later priv_init() takes CAP_NET_ADMIN away for good). */
static void test_init_keeping_net_admin(void)
{
	CU_ASSERT_TRUE(priv_init_keeping_net_admin());
	CU_ASSERT_EQUAL(status_hex("CapEff"), 0);
	CU_ASSERT_EQUAL(status_hex("CapPrm"), NET_RAW_BIT | NET_ADMIN_BIT);
	CU_ASSERT_TRUE(priv_raise_net_admin());
	CU_ASSERT_EQUAL(status_hex("CapEff"), NET_ADMIN_BIT);
	priv_lower();
	CU_ASSERT_TRUE(priv_raise_net_raw());
	CU_ASSERT_EQUAL(status_hex("CapEff"), NET_RAW_BIT);
	CU_ASSERT_EQUAL(status_hex("CapPrm"), NET_RAW_BIT | NET_ADMIN_BIT);
	priv_lower();
	CU_ASSERT_EQUAL(status_hex("CapEff"), 0);
}

static void test_init_keeps_only_net_raw_permitted(void)
{
	CU_ASSERT_TRUE(priv_init());
	CU_ASSERT_EQUAL(status_hex("CapEff"), 0);
	CU_ASSERT_EQUAL(status_hex("CapPrm"), NET_RAW_BIT);
	CU_ASSERT_TRUE(priv_have_net_raw());
}

static void test_raise_and_lower(void)
{
	CU_ASSERT_TRUE(priv_raise_net_raw());
	CU_ASSERT_EQUAL(status_hex("CapEff"), NET_RAW_BIT);
	priv_lower();
	CU_ASSERT_EQUAL(status_hex("CapEff"), 0);
	CU_ASSERT_EQUAL(status_hex("CapPrm"), NET_RAW_BIT);
}

static void test_drop_all(void)
{
	CU_ASSERT_TRUE(priv_drop_all());
	CU_ASSERT_EQUAL(status_hex("CapEff"), 0);
	CU_ASSERT_EQUAL(status_hex("CapPrm"), 0);
	CU_ASSERT_EQUAL(status_hex("CapInh"), 0);
	CU_ASSERT_EQUAL(status_hex("CapAmb"), 0);
	CU_ASSERT_EQUAL(status_hex("NoNewPrivs"), 1);
}

static void test_cannot_raise_after_drop(void)
{
	CU_ASSERT_FALSE(priv_raise_net_admin());
	CU_ASSERT_FALSE(priv_have_net_raw());
	CU_ASSERT_FALSE(priv_raise_net_raw());
	CU_ASSERT_EQUAL(status_hex("CapEff"), 0);
}

static CU_TestInfo cases[] = {
	{"runs as root", test_running_as_root},
	{"init keeping CAP_NET_ADMIN (-d) keeps both, raises each", test_init_keeping_net_admin},
	{"init keeps only CAP_NET_RAW, not effective", test_init_keeps_only_net_raw_permitted},
	{"raise and lower bracket CAP_NET_RAW", test_raise_and_lower},
	{"drop_all empties every set, sets no_new_privs", test_drop_all},
	{"nothing can be raised after the drop", test_cannot_raise_after_drop},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("priv", cases)
