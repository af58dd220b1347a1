/* names.c — addresses as iputils' pr_addr() prints them: the numeric text, or
 * "name (address)" after a reverse lookup, with the last answer cached as iputils does
 * (replies nearly always come from one address). The lookup blocks, as in iputils;
 * RTTs do not suffer, they come from kernel timestamps. */
#include "ping.h"

#include <netdb.h>
#include <string.h>

/* ping_names_get
 * An address as iputils prints it, looked up at most once in a row. */
const char *ping_names_get(struct ping_names *n, const struct netdx_addr *a)
{
	if (n->last.len && addr_equal(&n->last, a))
		return n->text;
	char num[ADDR_STRLEN];
	addr_to_str(a, num, sizeof(num));
	char name[NI_MAXHOST] = "";
	/* Without NI_NAMEREQD getnameinfo() answers with the number when there is no
	 * name; iputils prints that as "10.0.0.1 (10.0.0.1)", and so do we. */
	if (!n->numeric && getnameinfo((const struct sockaddr *)&a->ss, a->len, name, sizeof(name),
				       NULL, 0, 0) != 0)
		name[0] = '\0';
	if (name[0])
		snprintf(n->text, sizeof(n->text), "%s (%s)", name, num);
	else
		snprintf(n->text, sizeof(n->text), "%s", num);
	n->last = *a;
	return n->text;
}
