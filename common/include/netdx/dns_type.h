/* dns_type — names of record types, classes, rcodes and opcodes, as BIND 9.18 spells
 * them (its table of type mnemonics, "TYPE65280" for the rest). */
#ifndef NETDX_DNS_TYPE_H
#define NETDX_DNS_TYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dns_rrtype {
	DNS_T_A = 1,
	DNS_T_NS = 2,
	DNS_T_MD = 3,
	DNS_T_MF = 4,
	DNS_T_CNAME = 5,
	DNS_T_SOA = 6,
	DNS_T_MB = 7,
	DNS_T_MG = 8,
	DNS_T_MR = 9,
	DNS_T_NULL = 10,
	DNS_T_WKS = 11,
	DNS_T_PTR = 12,
	DNS_T_HINFO = 13,
	DNS_T_MINFO = 14,
	DNS_T_MX = 15,
	DNS_T_TXT = 16,
	DNS_T_RP = 17,
	DNS_T_AFSDB = 18,
	DNS_T_X25 = 19,
	DNS_T_ISDN = 20,
	DNS_T_RT = 21,
	DNS_T_NSAP = 22,
	DNS_T_NSAP_PTR = 23,
	DNS_T_SIG = 24,
	DNS_T_KEY = 25,
	DNS_T_PX = 26,
	DNS_T_GPOS = 27,
	DNS_T_AAAA = 28,
	DNS_T_LOC = 29,
	DNS_T_NXT = 30,
	DNS_T_SRV = 33,
	DNS_T_NAPTR = 35,
	DNS_T_KX = 36,
	DNS_T_CERT = 37,
	DNS_T_A6 = 38,
	DNS_T_DNAME = 39,
	DNS_T_OPT = 41,
	DNS_T_APL = 42,
	DNS_T_DS = 43,
	DNS_T_SSHFP = 44,
	DNS_T_IPSECKEY = 45,
	DNS_T_RRSIG = 46,
	DNS_T_NSEC = 47,
	DNS_T_DNSKEY = 48,
	DNS_T_DHCID = 49,
	DNS_T_NSEC3 = 50,
	DNS_T_NSEC3PARAM = 51,
	DNS_T_TLSA = 52,
	DNS_T_SMIMEA = 53,
	DNS_T_CDS = 59,
	DNS_T_CDNSKEY = 60,
	DNS_T_OPENPGPKEY = 61,
	DNS_T_CSYNC = 62,
	DNS_T_ZONEMD = 63,
	DNS_T_SVCB = 64,
	DNS_T_HTTPS = 65,
	DNS_T_SPF = 99,
	DNS_T_NID = 104,
	DNS_T_L32 = 105,
	DNS_T_L64 = 106,
	DNS_T_LP = 107,
	DNS_T_EUI48 = 108,
	DNS_T_EUI64 = 109,
	DNS_T_TKEY = 249,
	DNS_T_TSIG = 250,
	DNS_T_IXFR = 251,
	DNS_T_AXFR = 252,
	DNS_T_ANY = 255,
	DNS_T_URI = 256,
	DNS_T_CAA = 257,
	DNS_T_AVC = 258,
	DNS_T_TA = 32768,
	DNS_T_DLV = 32769,
};

enum dns_rrclass {
	DNS_C_IN = 1,
	DNS_C_CH = 3,
	DNS_C_HS = 4,
	DNS_C_NONE = 254,
	DNS_C_ANY = 255,
};

/* Longest text of a type or class ("TYPE65535", "CLASS65535") with its NUL. */
#define DNS_TYPE_TEXTMAX 16

/* The mnemonic of a known type ("A", "NSAP-PTR"), NULL for others. */
const char *dns_type_name(uint16_t type);

/* The mnemonic, or "TYPE<n>" for a type without one, into buf. Returns buf. */
const char *dns_type_to_text(uint16_t type, char *buf, size_t len);

/* A mnemonic (any case) or "TYPE<n>" (n <= 65535) to its number. */
bool dns_type_from_text(const char *s, uint16_t *out);

/* Meta types (OPT, TKEY, TSIG, IXFR, AXFR, MAILB, MAILA, ANY) that hold no data. */
bool dns_type_is_meta(uint16_t type);

/* "IN", "CH", "HS", "NONE", "ANY" or "CLASS<n>" into buf. Returns buf. */
const char *dns_class_to_text(uint16_t cls, char *buf, size_t len);

/* "IN", "CH"/"CHAOS", "HS"/"HESIOD", "NONE", "ANY" (any case) or "CLASS<n>". */
bool dns_class_from_text(const char *s, uint16_t *out);

/* BIND nslookup's rcode words: NOERROR ... NOTZONE, RESERVED11..15, BADVERS, then
 * "?<n>" (written into buf, which must hold 8 bytes). */
const char *dns_rcode_to_text(unsigned rcode, char *buf, size_t len);

/* QUERY, IQUERY, STATUS, NOTIFY, UPDATE, DSO, or "RESERVED<n>". */
const char *dns_opcode_to_text(unsigned opcode, char *buf, size_t len);

/* DNSSEC algorithm mnemonic (RSASHA256, ECDSAP256SHA256, ...) or NULL (CERT uses it). */
const char *dns_secalg_name(uint8_t alg);

#endif
