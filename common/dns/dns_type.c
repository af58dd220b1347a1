/* dns_type.c — type, class, rcode and opcode names (see netdx/dns_type.h). */
#include "netdx/dns_type.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "netdx/cli.h"

/* One number's mnemonic (a type, class or DNSSEC algorithm). */
struct code_name {
	uint16_t code;    /* its number */
	const char *name; /* as BIND prints it */
};

/* Every type BIND 9.18 has a mnemonic for, in numeric order. */
static const struct code_name type_names[] = {
	{1, "A"},           {2, "NS"},       {3, "MD"},        {4, "MF"},       {5, "CNAME"},
	{6, "SOA"},         {7, "MB"},       {8, "MG"},        {9, "MR"},       {10, "NULL"},
	{11, "WKS"},        {12, "PTR"},     {13, "HINFO"},    {14, "MINFO"},   {15, "MX"},
	{16, "TXT"},        {17, "RP"},      {18, "AFSDB"},    {19, "X25"},     {20, "ISDN"},
	{21, "RT"},         {22, "NSAP"},    {23, "NSAP-PTR"}, {24, "SIG"},     {25, "KEY"},
	{26, "PX"},         {27, "GPOS"},    {28, "AAAA"},     {29, "LOC"},     {30, "NXT"},
	{31, "EID"},        {32, "NIMLOC"},  {33, "SRV"},      {34, "ATMA"},    {35, "NAPTR"},
	{36, "KX"},         {37, "CERT"},    {38, "A6"},       {39, "DNAME"},   {40, "SINK"},
	{41, "OPT"},        {42, "APL"},     {43, "DS"},       {44, "SSHFP"},   {45, "IPSECKEY"},
	{46, "RRSIG"},      {47, "NSEC"},    {48, "DNSKEY"},   {49, "DHCID"},   {50, "NSEC3"},
	{51, "NSEC3PARAM"}, {52, "TLSA"},    {53, "SMIMEA"},   {55, "HIP"},     {56, "NINFO"},
	{57, "RKEY"},       {58, "TALINK"},  {59, "CDS"},      {60, "CDNSKEY"}, {61, "OPENPGPKEY"},
	{62, "CSYNC"},      {63, "ZONEMD"},  {64, "SVCB"},     {65, "HTTPS"},   {66, "DSYNC"},
	{67, "HHIT"},       {68, "BRID"},    {99, "SPF"},      {100, "UINFO"},  {101, "UID"},
	{102, "GID"},       {103, "UNSPEC"}, {104, "NID"},     {105, "L32"},    {106, "L64"},
	{107, "LP"},        {108, "EUI48"},  {109, "EUI64"},   {249, "TKEY"},   {250, "TSIG"},
	{251, "IXFR"},      {252, "AXFR"},   {253, "MAILB"},   {254, "MAILA"},  {255, "ANY"},
	{256, "URI"},       {257, "CAA"},    {258, "AVC"},     {259, "DOA"},    {260, "AMTRELAY"},
	{261, "RESINFO"},   {262, "WALLET"}, {32768, "TA"},    {32769, "DLV"},  {65533, "KEYDATA"},
};

#define N_TYPES (sizeof(type_names) / sizeof(type_names[0]))

/* dns_type_name
 * Binary search of the mnemonic table. */
const char *dns_type_name(uint16_t type)
{
	size_t lo = 0, hi = N_TYPES;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (type_names[mid].code == type)
			return type_names[mid].name;
		if (type_names[mid].code < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* dns_type_to_text
 * The mnemonic, or TYPE<n>. */
const char *dns_type_to_text(uint16_t type, char *buf, size_t len)
{
	const char *name = dns_type_name(type);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "TYPE%u", type);
	return buf;
}

/* parse_numbered
 * "<prefix><n>" with 1..5 decimal digits and n <= 65535 (BIND's TYPE<n>, CLASS<n>). */
static bool parse_numbered(const char *s, const char *prefix, uint16_t *out)
{
	size_t plen = strlen(prefix), digits;
	long v;

	if (strncasecmp(s, prefix, plen) != 0)
		return false;
	s += plen;
	digits = strspn(s, "0123456789");
	if (digits > 5 || s[digits] != '\0' || cli_parse_long(s, 0, 65535, &v) != CLI_OK)
		return false;
	*out = (uint16_t)v;
	return true;
}

/* dns_type_from_text
 * A mnemonic in any case, or TYPE<n>. */
bool dns_type_from_text(const char *s, uint16_t *out)
{
	if (s == NULL || *s == '\0')
		return false;
	for (size_t i = 0; i < N_TYPES; i++) {
		if (strcasecmp(s, type_names[i].name) == 0) {
			*out = type_names[i].code;
			return true;
		}
	}
	return parse_numbered(s, "TYPE", out);
}

/* dns_type_is_meta
 * OPT and the 128..255 range of meta types. */
bool dns_type_is_meta(uint16_t type)
{
	return type == DNS_T_OPT || (type >= 128 && type <= 255);
}

/* Class names, each class's own first (what it prints as), then the aliases. */
static const struct code_name class_names[] = {
	{DNS_C_IN, "IN"},   {DNS_C_CH, "CH"},    {DNS_C_HS, "HS"},     {DNS_C_NONE, "NONE"},
	{DNS_C_ANY, "ANY"}, {DNS_C_CH, "CHAOS"}, {DNS_C_HS, "HESIOD"},
};

/* name_of
 * The first name of code among n entries, NULL when it has none. */
static const char *name_of(const struct code_name *t, size_t n, uint16_t code)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return NULL;
}

/* dns_class_to_text
 * IN, CH, HS, NONE, ANY, or CLASS<n>. */
const char *dns_class_to_text(uint16_t cls, char *buf, size_t len)
{
	const char *name = name_of(class_names, sizeof(class_names) / sizeof(class_names[0]), cls);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "CLASS%u", cls);
	return buf;
}

/* dns_class_from_text
 * A class name or alias in any case, or CLASS<n>. */
bool dns_class_from_text(const char *s, uint16_t *out)
{
	if (s == NULL || *s == '\0')
		return false;
	for (size_t i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++) {
		if (strcasecmp(s, class_names[i].name) == 0) {
			*out = class_names[i].code;
			return true;
		}
	}
	return parse_numbered(s, "CLASS", out);
}

/* dns_rcode_to_text
 * BIND nslookup's rcode table, ?<n> beyond it. */
const char *dns_rcode_to_text(unsigned rcode, char *buf, size_t len)
{
	static const char *const names[] = {
		"NOERROR",    "FORMERR",    "SERVFAIL",   "NXDOMAIN",   "NOTIMP",  "REFUSED",
		"YXDOMAIN",   "YXRRSET",    "NXRRSET",    "NOTAUTH",    "NOTZONE", "RESERVED11",
		"RESERVED12", "RESERVED13", "RESERVED14", "RESERVED15", "BADVERS",
	};

	if (rcode < sizeof(names) / sizeof(names[0]))
		snprintf(buf, len, "%s", names[rcode]);
	else
		snprintf(buf, len, "?%u", rcode);
	return buf;
}

/* dns_opcode_to_text
 * The opcode's name, RESERVED<n> for unassigned ones. */
const char *dns_opcode_to_text(unsigned opcode, char *buf, size_t len)
{
	static const char *const names[] = {"QUERY",  "IQUERY", "STATUS", NULL,
					    "NOTIFY", "UPDATE", "DSO"};

	if (opcode < sizeof(names) / sizeof(names[0]) && names[opcode])
		snprintf(buf, len, "%s", names[opcode]);
	else
		snprintf(buf, len, "RESERVED%u", opcode);
	return buf;
}

/* dns_secalg_name
 * DNSSEC algorithm mnemonics, as CERT records print them. */
const char *dns_secalg_name(uint8_t alg)
{
	static const struct code_name names[] = {
		{1, "RSAMD5"},
		{2, "DH"},
		{3, "DSA"},
		{5, "RSASHA1"},
		{6, "NSEC3DSA"},
		{7, "NSEC3RSASHA1"},
		{8, "RSASHA256"},
		{10, "RSASHA512"},
		{12, "ECCGOST"},
		{13, "ECDSAP256SHA256"},
		{14, "ECDSAP384SHA384"},
		{15, "ED25519"},
		{16, "ED448"},
		{252, "INDIRECT"},
		{253, "PRIVATEDNS"},
		{254, "PRIVATEOID"},
	};

	return name_of(names, sizeof(names) / sizeof(names[0]), alg);
}
