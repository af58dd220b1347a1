/* fuzz_proc_net.c — libFuzzer harness for the /proc parsers of netdx/proc_net.h: TcpExt
 * and Tcp counters by name (proc_net_counter) and sysctl values (proc_net_sysctl_parse).
 *
 * Input: a file's text. Invariants that abort: a counter is found only when its group's
 * header and value lines are both there; a sysctl of one number parses exactly when the
 * text is that number with blanks around it, as strtol reads it back. Seeds:
 * tests/fuzz/corpus/proc_net/. */
#include "netdx/proc_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* require
 * Abort when an invariant does not hold. */
static void require(int ok)
{
	if (!ok)
		abort();
}

/* check_counters
 * Every name tcpstate asks for, in both groups it reads. */
static void check_counters(const char *text)
{
	static const char *const names[][2] = {
		{"TcpExt", "ListenOverflows"}, {"TcpExt", "ListenDrops"},
		{"TcpExt", "SyncookiesSent"},  {"Tcp", "ActiveOpens"},
		{"Tcp", "CurrEstab"},          {"Tcp", "MaxConn"},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		uint64_t v;
		char head[16];
		snprintf(head, sizeof(head), "%s:", names[i][0]);
		if (proc_net_counter(text, names[i][0], names[i][1], &v)) {
			const char *first = strstr(text, head);
			require(first && strstr(first + 1, head));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	require(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	check_counters(text);
	long one, two[2];
	if (proc_net_sysctl_parse(text, &one, 1))
		require(strtol(text, NULL, 10) == one);
	proc_net_sysctl_parse(text, two, 2);
	free(text);
	return 0;
}
