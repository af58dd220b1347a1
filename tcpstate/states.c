/* states.c — TCP state names: netstat's (CLOSE_WAIT), ss's (close-wait) and ss's groups
 * (connected, synchronized, bucket, big, all), all as kernel state bitmaps. */
#include "report.h"
#include "tcpstate.h"

#include <strings.h>

#define BIT(s) (1u << (s))

/* The states ss calls "connected": all but LISTEN and CLOSE. */
#define CONNECTED (TCP_DIAG_ALL_STATES & ~(BIT(TCP_DIAG_LISTEN) | BIT(TCP_DIAG_CLOSE)))
/* ss's "bucket": the minisockets, SYN_RECV and TIME_WAIT. */
#define BUCKET (BIT(TCP_DIAG_SYN_RECV) | BIT(TCP_DIAG_TIME_WAIT))

/* Each state by its names, netstat's first; then ss's groups. */
static const struct {
	const char *netstat; /* netstat's name, NULL for a group */
	const char *ss;      /* ss's name */
	unsigned bits;       /* the states it stands for */
} names[] = {
	{"ESTABLISHED", "established", BIT(TCP_DIAG_ESTABLISHED)},
	{"SYN_SENT", "syn-sent", BIT(TCP_DIAG_SYN_SENT)},
	{"SYN_RECV", "syn-recv", BIT(TCP_DIAG_SYN_RECV)},
	{"FIN_WAIT1", "fin-wait-1", BIT(TCP_DIAG_FIN_WAIT1)},
	{"FIN_WAIT2", "fin-wait-2", BIT(TCP_DIAG_FIN_WAIT2)},
	{"TIME_WAIT", "time-wait", BIT(TCP_DIAG_TIME_WAIT)},
	{"CLOSE", "closed", BIT(TCP_DIAG_CLOSE)},
	{"CLOSE_WAIT", "close-wait", BIT(TCP_DIAG_CLOSE_WAIT)},
	{"LAST_ACK", "last-ack", BIT(TCP_DIAG_LAST_ACK)},
	{"LISTEN", "listening", BIT(TCP_DIAG_LISTEN)},
	{"CLOSING", "closing", BIT(TCP_DIAG_CLOSING)},
	{NULL, "all", TCP_DIAG_ALL_STATES},
	{NULL, "connected", CONNECTED},
	{NULL, "synchronized", CONNECTED & ~BIT(TCP_DIAG_SYN_SENT)},
	{NULL, "bucket", BUCKET},
	{NULL, "big", CONNECTED & ~BUCKET},
};

#define NNAMES (sizeof(names) / sizeof(names[0]))

unsigned ts_state_parse(const char *name)
{
	for (size_t i = 0; i < NNAMES; i++)
		if ((names[i].netstat && strcasecmp(name, names[i].netstat) == 0) ||
		    strcasecmp(name, names[i].ss) == 0)
			return names[i].bits;
	return 0;
}

const char *ts_state_name(unsigned state)
{
	for (size_t i = 0; i < NNAMES && names[i].netstat; i++)
		if (names[i].bits == BIT(state))
			return names[i].netstat;
	return "UNKNOWN";
}

const unsigned *ts_state_order(size_t *n)
{
	static const unsigned order[] = {
		TCP_DIAG_LISTEN,    TCP_DIAG_SYN_SENT,  TCP_DIAG_SYN_RECV,   TCP_DIAG_ESTABLISHED,
		TCP_DIAG_FIN_WAIT1, TCP_DIAG_FIN_WAIT2, TCP_DIAG_CLOSE_WAIT, TCP_DIAG_CLOSING,
		TCP_DIAG_LAST_ACK,  TCP_DIAG_TIME_WAIT, TCP_DIAG_CLOSE,
	};
	*n = sizeof(order) / sizeof(order[0]);
	return order;
}
