/* dns_status.c — texts of the DNS library's statuses (see netdx/dns_status.h). */
#include "netdx/dns_status.h"

/* dns_status_str
 * BIND's wording where nslookup shows the text, plain words elsewhere: a table
 * indexed by the status, whose values run from DNS_OK to DNS_E_IO. */
const char *dns_status_str(enum dns_status st)
{
	static const char *const texts[] = {
		[DNS_OK] = "success",
		[DNS_E_NOMEM] = "out of memory",
		[DNS_E_SHORT] = "unexpected end of input",
		[DNS_E_BADPTR] = "bad compression pointer",
		[DNS_E_BADLABEL] = "bad label type",
		[DNS_E_NOSPACE] = "ran out of space",
		[DNS_E_NAMETOOLONG] = "name too long",
		[DNS_E_LABELTOOLONG] = "label too long",
		[DNS_E_EMPTYLABEL] = "empty label",
		[DNS_E_BADESCAPE] = "bad escape",
		[DNS_E_UNEXPECTEDEND] = "unexpected end of input",
		[DNS_E_BADRDATA] = "bad rdata",
		[DNS_E_FORMERR] = "FORMERR",
		[DNS_E_SYNTAX] = "syntax error",
		[DNS_E_RANGE] = "out of range",
		[DNS_E_IO] = "I/O error",
	};

	if ((unsigned)st < sizeof(texts) / sizeof(texts[0]) && texts[st])
		return texts[st];
	return "unknown error";
}
