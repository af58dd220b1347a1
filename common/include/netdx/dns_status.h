/* dns_status — the one status type of the DNS library (common/dns/).
 *
 * Every parser and builder returns one of these and fills an out-parameter only on
 * DNS_OK. The texts of the name errors are BIND's, because nslookup prints them. */
#ifndef NETDX_DNS_STATUS_H
#define NETDX_DNS_STATUS_H

enum dns_status {
	DNS_OK = 0,
	DNS_E_NOMEM,         /* allocation failed */
	DNS_E_SHORT,         /* input ends inside a field */
	DNS_E_BADPTR,        /* compression pointer forward, looping or past the end */
	DNS_E_BADLABEL,      /* label type 0x40 or 0x80 (extended / reserved) */
	DNS_E_NOSPACE,       /* name over 255 octets, or an output buffer too small */
	DNS_E_NAMETOOLONG,   /* name plus origin over 255 octets */
	DNS_E_LABELTOOLONG,  /* a text label over 63 octets */
	DNS_E_EMPTYLABEL,    /* "a..b" */
	DNS_E_BADESCAPE,     /* "\999" */
	DNS_E_UNEXPECTEDEND, /* "a\" or "" */
	DNS_E_BADRDATA,      /* rdata does not match its type */
	DNS_E_FORMERR,       /* header counts, OPT misplaced or repeated */
	DNS_E_SYNTAX,        /* a text value (type, class, option) is not understood */
	DNS_E_RANGE,         /* a number out of range */
	DNS_E_IO,            /* a system call failed; errno says why */
};

/* The text of a status: "label too long", "bad compression pointer", ... */
const char *dns_status_str(enum dns_status st);

#endif
