/* dns_status.c — texts of the DNS library's statuses (see netdx/dns_status.h). */
#include "netdx/dns_status.h"

/* dns_status_str
 * BIND's wording where nslookup shows the text, plain words elsewhere. */
const char *dns_status_str(enum dns_status st)
{
	switch (st) {
	case DNS_OK:
		return "success";
	case DNS_E_NOMEM:
		return "out of memory";
	case DNS_E_SHORT:
		return "unexpected end of input";
	case DNS_E_BADPTR:
		return "bad compression pointer";
	case DNS_E_BADLABEL:
		return "bad label type";
	case DNS_E_NOSPACE:
		return "ran out of space";
	case DNS_E_NAMETOOLONG:
		return "name too long";
	case DNS_E_LABELTOOLONG:
		return "label too long";
	case DNS_E_EMPTYLABEL:
		return "empty label";
	case DNS_E_BADESCAPE:
		return "bad escape";
	case DNS_E_UNEXPECTEDEND:
		return "unexpected end of input";
	case DNS_E_BADRDATA:
		return "bad rdata";
	case DNS_E_FORMERR:
		return "FORMERR";
	case DNS_E_SYNTAX:
		return "syntax error";
	case DNS_E_RANGE:
		return "out of range";
	case DNS_E_IO:
		return "I/O error";
	}
	return "unknown error";
}
