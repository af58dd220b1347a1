/* nl_errno.c — the kernel's own errno out of a netlink error reply (see nl_errno.h). */
#include "nl_errno.h"

int nl_keep_errno(struct sockaddr_nl *from, struct nlmsgerr *err, void *arg)
{
	int *error = arg;

	(void)from;
	*error = -err->error;
	return NL_STOP;
}
