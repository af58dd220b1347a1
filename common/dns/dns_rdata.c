/* dns_rdata.c — per-type rdata walk: check, presentation text, typed fields (see
 * netdx/dns_rdata.h). */
#include "netdx/dns_rdata.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "netdx/dns_name.h"
#include "netdx/dns_svcb.h"
#include "netdx/dns_type.h"
#include "netdx/wire.h"

/* BIND's single-line rdata column is 60 wide: hex and base64 come in 56-char words. */
#define RD_CHUNK 56

/* What one field of a type's rdata is. */
enum rd_kind {
	RD_END = 0,  /* end of the field list */
	RD_NAME,     /* domain name */
	RD_U8,       /* 8-bit number */
	RD_U16,      /* 16-bit number */
	RD_U32,      /* 32-bit number */
	RD_A,        /* IPv4 address */
	RD_AAAA,     /* IPv6 address */
	RD_STR,      /* one character-string, quoted */
	RD_STRS,     /* one or more character-strings up to the end */
	RD_STR_OPT,  /* an optional last character-string (ISDN subaddress) */
	RD_TYPE,     /* a 16-bit type, as its mnemonic */
	RD_TIME,     /* a 32-bit time, YYYYMMDDHHMMSS */
	RD_B64,      /* base64 of the rest, in 56-char words */
	RD_HEX,      /* hex of the rest, in 56-char words */
	RD_SALT,     /* 8-bit length + hex, "-" when empty (NSEC3) */
	RD_HASH,     /* 8-bit length + base32hex (NSEC3 next owner) */
	RD_BITMAP,   /* type bitmap up to the end (NSEC, NSEC3, CSYNC) */
	RD_SVCB,     /* SVCB/HTTPS params up to the end */
	RD_CAATAG,   /* 8-bit length + alphanumeric tag, unquoted */
	RD_QREST,    /* the rest as one quoted string (CAA value, URI target) */
	RD_LOC,      /* the whole LOC rdata */
	RD_APL,      /* APL items up to the end */
	RD_WKS,      /* protocol + port bitmap up to the end */
	RD_EUI48,    /* 6 octets aa-bb-... */
	RD_EUI64,    /* 8 octets */
	RD_GROUPS4,  /* 8 octets as four %x groups (NID, L64) */
	RD_GATEWAY,  /* IPSECKEY gateway, shaped by the previous field */
	RD_CERTTYPE, /* 16-bit CERT type with its mnemonic */
	RD_SECALG,   /* 8-bit DNSSEC algorithm with its mnemonic */
	RD_NSAP,     /* the rest as 0x + hex */
};

/* One field: its kind and its JSON key. */
struct rd_field {
	enum rd_kind kind;
	const char *key;
};

#define RD_MAXF 10
#define RD_KEYLEN 18 /* "next_hashed_owner" and its NUL */

/* A field as the table holds it: the key in place, not a pointer, so the table has
 * nothing to relocate. Its 172 key pointers made 3 pages of every tool's data that the
 * loader wrote at each start, DNS or not; now it is read-only data, read when used. */
struct rd_slot {
	uint8_t kind;        /* enum rd_kind */
	char key[RD_KEYLEN]; /* its JSON key */
};

/* How one type's rdata is laid out. */
struct rd_type {
	uint16_t type;             /* record type */
	bool in_only;              /* meaning defined for class IN only */
	struct rd_slot f[RD_MAXF]; /* fields, RD_END terminated */
};

/* A key longer than RD_KEYLEN - 1 would lose its NUL: a negative array size then
 * stops the build. */
#define F(k, n)                                                                                    \
	{                                                                                          \
		RD_##k + 0 * sizeof(char[sizeof(n) <= RD_KEYLEN ? 1 : -1]), n                      \
	}

static const struct rd_type rd_types[] = {
	{DNS_T_A, true, {F(A, "address")}},
	{DNS_T_NS, false, {F(NAME, "nsdname")}},
	{DNS_T_MD, false, {F(NAME, "madname")}},
	{DNS_T_MF, false, {F(NAME, "madname")}},
	{DNS_T_CNAME, false, {F(NAME, "cname")}},
	{DNS_T_SOA,
	 false,
	 {F(NAME, "mname"), F(NAME, "rname"), F(U32, "serial"), F(U32, "refresh"), F(U32, "retry"),
	  F(U32, "expire"), F(U32, "minimum")}},
	{DNS_T_MB, false, {F(NAME, "madname")}},
	{DNS_T_MG, false, {F(NAME, "mgmname")}},
	{DNS_T_MR, false, {F(NAME, "newname")}},
	{DNS_T_WKS, true, {F(A, "address"), F(WKS, "ports")}},
	{DNS_T_PTR, false, {F(NAME, "ptrdname")}},
	{DNS_T_HINFO, false, {F(STR, "cpu"), F(STR, "os")}},
	{DNS_T_MINFO, false, {F(NAME, "rmailbx"), F(NAME, "emailbx")}},
	{DNS_T_MX, false, {F(U16, "preference"), F(NAME, "exchange")}},
	{DNS_T_TXT, false, {F(STRS, "strings")}},
	{DNS_T_RP, false, {F(NAME, "mbox"), F(NAME, "txtdname")}},
	{DNS_T_AFSDB, false, {F(U16, "subtype"), F(NAME, "hostname")}},
	{DNS_T_X25, false, {F(STR, "psdn_address")}},
	{DNS_T_ISDN, false, {F(STR, "isdn_address"), F(STR_OPT, "subaddress")}},
	{DNS_T_RT, false, {F(U16, "preference"), F(NAME, "host")}},
	{DNS_T_NSAP, true, {F(NSAP, "nsap")}},
	{DNS_T_NSAP_PTR, true, {F(NAME, "owner")}},
	{DNS_T_SIG,
	 false,
	 {F(TYPE, "type_covered"), F(U8, "algorithm"), F(U8, "labels"), F(U32, "original_ttl"),
	  F(TIME, "expiration"), F(TIME, "inception"), F(U16, "key_tag"), F(NAME, "signer"),
	  F(B64, "signature")}},
	{DNS_T_KEY,
	 false,
	 {F(U16, "flags"), F(U8, "protocol"), F(U8, "algorithm"), F(B64, "public_key")}},
	{DNS_T_PX, true, {F(U16, "preference"), F(NAME, "map822"), F(NAME, "mapx400")}},
	{DNS_T_GPOS, false, {F(STR, "longitude"), F(STR, "latitude"), F(STR, "altitude")}},
	{DNS_T_AAAA, true, {F(AAAA, "address")}},
	{DNS_T_LOC, false, {F(LOC, "location")}},
	{DNS_T_SRV,
	 true,
	 {F(U16, "priority"), F(U16, "weight"), F(U16, "port"), F(NAME, "target")}},
	{DNS_T_NAPTR,
	 true,
	 {F(U16, "order"), F(U16, "preference"), F(STR, "flags"), F(STR, "services"),
	  F(STR, "regexp"), F(NAME, "replacement")}},
	{DNS_T_KX, true, {F(U16, "preference"), F(NAME, "exchanger")}},
	{DNS_T_CERT,
	 false,
	 {F(CERTTYPE, "cert_type"), F(U16, "key_tag"), F(SECALG, "algorithm"),
	  F(B64, "certificate")}},
	{DNS_T_DNAME, false, {F(NAME, "target")}},
	{DNS_T_APL, true, {F(APL, "items")}},
	{DNS_T_DS,
	 false,
	 {F(U16, "key_tag"), F(U8, "algorithm"), F(U8, "digest_type"), F(HEX, "digest")}},
	{DNS_T_SSHFP, false, {F(U8, "algorithm"), F(U8, "fp_type"), F(HEX, "fingerprint")}},
	{DNS_T_IPSECKEY,
	 false,
	 {F(U8, "precedence"), F(U8, "gateway_type"), F(U8, "algorithm"), F(GATEWAY, "gateway"),
	  F(B64, "public_key")}},
	{DNS_T_RRSIG,
	 false,
	 {F(TYPE, "type_covered"), F(U8, "algorithm"), F(U8, "labels"), F(U32, "original_ttl"),
	  F(TIME, "expiration"), F(TIME, "inception"), F(U16, "key_tag"), F(NAME, "signer"),
	  F(B64, "signature")}},
	{DNS_T_NSEC, false, {F(NAME, "next"), F(BITMAP, "types")}},
	{DNS_T_DNSKEY,
	 false,
	 {F(U16, "flags"), F(U8, "protocol"), F(U8, "algorithm"), F(B64, "public_key")}},
	{DNS_T_DHCID, true, {F(B64, "digest")}},
	{DNS_T_NSEC3,
	 false,
	 {F(U8, "hash_algorithm"), F(U8, "flags"), F(U16, "iterations"), F(SALT, "salt"),
	  F(HASH, "next_hashed_owner"), F(BITMAP, "types")}},
	{DNS_T_NSEC3PARAM,
	 false,
	 {F(U8, "hash_algorithm"), F(U8, "flags"), F(U16, "iterations"), F(SALT, "salt")}},
	{DNS_T_TLSA,
	 false,
	 {F(U8, "usage"), F(U8, "selector"), F(U8, "matching_type"), F(HEX, "data")}},
	{DNS_T_SMIMEA,
	 false,
	 {F(U8, "usage"), F(U8, "selector"), F(U8, "matching_type"), F(HEX, "data")}},
	{DNS_T_CDS,
	 false,
	 {F(U16, "key_tag"), F(U8, "algorithm"), F(U8, "digest_type"), F(HEX, "digest")}},
	{DNS_T_CDNSKEY,
	 false,
	 {F(U16, "flags"), F(U8, "protocol"), F(U8, "algorithm"), F(B64, "public_key")}},
	{DNS_T_OPENPGPKEY, false, {F(B64, "public_key")}},
	{DNS_T_CSYNC, false, {F(U32, "serial"), F(U16, "flags"), F(BITMAP, "types")}},
	{DNS_T_ZONEMD,
	 false,
	 {F(U32, "serial"), F(U8, "scheme"), F(U8, "hash_algorithm"), F(HEX, "digest")}},
	{DNS_T_SVCB, true, {F(U16, "priority"), F(NAME, "target"), F(SVCB, "params")}},
	{DNS_T_HTTPS, true, {F(U16, "priority"), F(NAME, "target"), F(SVCB, "params")}},
	{DNS_T_SPF, false, {F(STRS, "strings")}},
	{100, false, {F(STR, "uinfo")}},
	{101, false, {F(U32, "uid")}},
	{102, false, {F(U32, "gid")}},
	{DNS_T_NID, false, {F(U16, "preference"), F(GROUPS4, "node_id")}},
	{DNS_T_L32, false, {F(U16, "preference"), F(A, "locator32")}},
	{DNS_T_L64, false, {F(U16, "preference"), F(GROUPS4, "locator64")}},
	{DNS_T_LP, false, {F(U16, "preference"), F(NAME, "fqdn")}},
	{DNS_T_EUI48, false, {F(EUI48, "address")}},
	{DNS_T_EUI64, false, {F(EUI64, "address")}},
	{DNS_T_URI, false, {F(U16, "priority"), F(U16, "weight"), F(QREST, "target")}},
	{DNS_T_CAA, false, {F(U8, "flags"), F(CAATAG, "tag"), F(QREST, "value")}},
	{DNS_T_AVC, false, {F(STRS, "strings")}},
	{DNS_T_TA,
	 false,
	 {F(U16, "key_tag"), F(U8, "algorithm"), F(U8, "digest_type"), F(HEX, "digest")}},
	{DNS_T_DLV,
	 false,
	 {F(U16, "key_tag"), F(U8, "algorithm"), F(U8, "digest_type"), F(HEX, "digest")}},
};

#undef F

/* Where the walk is, and where its output goes. */
struct rd_walk {
	const struct dns_rdata *rd; /* the record data */
	struct wire_reader r;       /* the message up to the rdata's end, from the next field */
	uint32_t vals[RD_MAXF];     /* numbers read so far, by field index */
	size_t fi;                  /* index of the field being read */
	struct dns_text *text;      /* presentation output, or NULL */
	dns_rdata_visit_fn *visit;  /* typed fields go to visit(arg, ...), or NULL */
	void *arg;
	bool started;    /* text already holds a field */
	bool as_unknown; /* print as RFC 3597 (LOC of another version) */
	uint64_t now;    /* wall clock for RRSIG times */
};

/* rd_type_of
 * The layout of a type in a class, or NULL for RFC 3597 treatment. */
static const struct rd_type *rd_type_of(uint16_t type, uint16_t cls)
{
	for (size_t i = 0; i < sizeof(rd_types) / sizeof(rd_types[0]); i++) {
		if (rd_types[i].type != type)
			continue;
		if (rd_types[i].in_only && cls != DNS_C_IN)
			return NULL;
		return &rd_types[i];
	}
	return NULL;
}

/* rd_sep
 * Start a field's text: a space after earlier fields. */
static void rd_sep(struct rd_walk *w)
{
	if (w->text && w->started)
		dns_text_addc(w->text, ' ');
	w->started = true;
}

/* rd_emit
 * Hand one event of the walk to the visitor, if there is one. */
static void rd_emit(struct rd_walk *w, enum dns_rdata_event event, const char *key, uint32_t number,
		    const char *text)
{
	struct dns_rdata_field f = {event, key, number, text};

	if (w->visit)
		w->visit(w->arg, &f);
}

/* rd_emit_text
 * A field whose value is text. */
static void rd_emit_text(struct rd_walk *w, const char *key, const char *text)
{
	rd_emit(w, DNS_RDATA_TEXT, key, 0, text);
}

/* rd_put
 * A field shown as one word: separated from the one before in the text, and handed
 * to the visitor as text. */
static void rd_put(struct rd_walk *w, const char *key, const char *word)
{
	rd_sep(w);
	if (w->text)
		dns_text_add(w->text, word);
	rd_emit_text(w, key, word);
}

/* rd_left
 * Bytes of rdata not yet read. */
static size_t rd_left(const struct rd_walk *w)
{
	return wire_left(&w->r);
}

/* rd_rest
 * Take the rest of the rdata: *n bytes, maybe none. */
static const uint8_t *rd_rest(struct rd_walk *w, size_t *n)
{
	*n = rd_left(w);
	return wire_take(&w->r, *n);
}

/* rd_counted
 * Take an 8-bit length and that many bytes (*n); NULL when they are not all there
 * (a missing length too: taking no bytes would not say so). */
static const uint8_t *rd_counted(struct rd_walk *w, size_t *n)
{
	const uint8_t *p;

	*n = wire_get8(&w->r);
	p = wire_take(&w->r, *n);
	return w->r.error ? NULL : p;
}

/* rd_emit_string
 * A character-string field: its escaped body, unquoted (always ASCII). */
static void rd_emit_string(struct rd_walk *w, const char *key, const uint8_t *s, size_t n)
{
	struct dns_text t;

	if (w->visit == NULL)
		return;
	dns_text_init(&t);
	dns_text_charstring(&t, s, n, false);
	rd_emit_text(w, key, dns_text_str(&t));
	dns_text_free(&t);
}

/* rd_name
 * A (possibly compressed) name that must end inside the rdata. */
static enum dns_status rd_name(struct rd_walk *w, const struct rd_field *f)
{
	struct dns_name n;
	char buf[DNS_NAME_MAXTEXT];
	enum dns_status st = dns_name_unpack(w->r.p, w->r.len, &w->r.pos, &n);

	if (st != DNS_OK)
		return st;
	dns_name_to_text(&n, buf, sizeof(buf), true);
	rd_put(w, f->key, buf);
	return DNS_OK;
}

/* rd_number
 * An 8/16/32-bit number, remembered for fields that depend on it. */
static enum dns_status rd_number(struct rd_walk *w, const struct rd_field *f)
{
	uint32_t v = f->kind == RD_U8    ? wire_get8(&w->r)
		     : f->kind == RD_U16 ? wire_get16(&w->r)
					 : wire_get32(&w->r);

	if (w->r.error)
		return DNS_E_BADRDATA;
	w->vals[w->fi] = v;
	rd_sep(w);
	if (w->text)
		dns_text_printf(w->text, "%u", v);
	rd_emit(w, DNS_RDATA_NUMBER, f->key, v, NULL);
	return DNS_OK;
}

/* rd_addr
 * An IPv4 (4 octets) or IPv6 (16) address. */
static enum dns_status rd_addr(struct rd_walk *w, const struct rd_field *f)
{
	int family = f->kind == RD_AAAA ? AF_INET6 : AF_INET;
	const uint8_t *p = wire_take(&w->r, family == AF_INET ? 4 : 16);
	char buf[INET6_ADDRSTRLEN];

	if (p == NULL)
		return DNS_E_BADRDATA;
	inet_ntop(family, p, buf, sizeof(buf));
	rd_put(w, f->key, buf);
	return DNS_OK;
}

/* rd_one_string
 * Read one character-string; text gets it quoted, the visitor its body under key. */
static enum dns_status rd_one_string(struct rd_walk *w, const struct rd_field *f)
{
	size_t n;
	const uint8_t *p = rd_counted(w, &n);

	if (p == NULL)
		return DNS_E_BADRDATA;
	rd_sep(w);
	if (w->text)
		dns_text_charstring(w->text, p, n, true);
	rd_emit_string(w, f->key, p, n);
	return DNS_OK;
}

/* rd_strings
 * One or more character-strings up to the end of the rdata (TXT). */
static enum dns_status rd_strings(struct rd_walk *w, const struct rd_field *f)
{
	static const struct rd_field item = {RD_STR, NULL}; /* a list's item has no key */
	enum dns_status st;

	rd_emit(w, DNS_RDATA_LIST, f->key, 0, NULL);
	do {
		st = rd_one_string(w, &item);
	} while (st == DNS_OK && rd_left(w) > 0);
	rd_emit(w, DNS_RDATA_END, f->key, 0, NULL);
	return st;
}

/* rd_type_field
 * A 16-bit type shown as its mnemonic (RRSIG's type covered). */
static enum dns_status rd_type_field(struct rd_walk *w, const struct rd_field *f)
{
	char buf[DNS_TYPE_TEXTMAX];
	uint16_t type = wire_get16(&w->r);

	if (w->r.error)
		return DNS_E_BADRDATA;
	dns_type_to_text(type, buf, sizeof(buf));
	rd_put(w, f->key, buf);
	return DNS_OK;
}

/* dns_rdata_time_text
 * Seconds since the epoch, wrapped 32-bit values taken nearest to now. */
void dns_rdata_time_text(uint32_t value, uint64_t now, char *buf, size_t len)
{
	/* serial arithmetic around now, as BIND's dns_time32_totext */
	uint32_t now32 = (uint32_t)now;
	int64_t t;
	struct tm tm;

	if ((int32_t)(value - now32) > 0)
		t = (int64_t)now + (int64_t)(uint32_t)(value - now32);
	else
		t = (int64_t)now - (int64_t)(uint32_t)(now32 - value);
	time_t tt = (time_t)t;
	gmtime_r(&tt, &tm);
	snprintf(buf, len, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* rd_time
 * A 32-bit signature time. */
static enum dns_status rd_time(struct rd_walk *w, const struct rd_field *f)
{
	char buf[32];
	uint32_t t = wire_get32(&w->r);

	if (w->r.error)
		return DNS_E_BADRDATA;
	dns_rdata_time_text(t, w->now, buf, sizeof(buf));
	rd_put(w, f->key, buf);
	return DNS_OK;
}

/* rd_blob_text
 * Bytes as hex or base64, in words of chunk characters (0: one word). */
static void rd_blob_text(struct dns_text *t, const uint8_t *p, size_t n, bool hex, size_t chunk)
{
	if (hex)
		dns_text_hex(t, p, n, chunk);
	else
		dns_text_base64(t, p, n, chunk);
}

/* rd_blob
 * The rest of the rdata as base64 or hex (nothing at all when empty); the visitor
 * gets it as one word. */
static enum dns_status rd_blob(struct rd_walk *w, const struct rd_field *f)
{
	bool hex = f->kind == RD_HEX;
	size_t n;
	const uint8_t *p = rd_rest(w, &n);
	struct dns_text t;

	if (w->visit) {
		dns_text_init(&t);
		rd_blob_text(&t, p, n, hex, 0);
		rd_emit_text(w, f->key, dns_text_str(&t));
		dns_text_free(&t);
	}
	if (n > 0) {
		rd_sep(w);
		if (w->text)
			rd_blob_text(w->text, p, n, hex, RD_CHUNK);
	}
	return DNS_OK;
}

/* rd_lenhex
 * An 8-bit length and that many octets: NSEC3 salt (hex, "-" when empty) or next
 * hashed owner (base32hex, never empty). */
static enum dns_status rd_lenhex(struct rd_walk *w, const struct rd_field *f)
{
	bool salt = f->kind == RD_SALT;
	size_t n;
	const uint8_t *p = rd_counted(w, &n);
	struct dns_text t;

	if (p == NULL || (!salt && n == 0))
		return DNS_E_BADRDATA;
	dns_text_init(&t);
	if (salt && n == 0)
		dns_text_addc(&t, '-');
	else if (salt)
		dns_text_hex(&t, p, n, 0);
	else
		dns_text_base32hex(&t, p, n);
	rd_put(w, f->key, dns_text_str(&t));
	dns_text_free(&t);
	return DNS_OK;
}

/* rd_bitmap
 * RFC 4034 type bitmap: windows ascending, 1..32 octets each; each type present is
 * printed as " MNEMONIC". */
static enum dns_status rd_bitmap(struct rd_walk *w, const struct rd_field *f)
{
	int last_window = -1;

	rd_emit(w, DNS_RDATA_LIST, f->key, 0, NULL);
	while (rd_left(w) > 0) {
		unsigned window = wire_get8(&w->r);
		size_t len;
		const uint8_t *bits = rd_counted(w, &len);
		if (bits == NULL || (int)window <= last_window || len < 1 || len > 32)
			return DNS_E_BADRDATA;
		last_window = (int)window;
		for (unsigned i = 0; i < len; i++) {
			for (unsigned b = 0; b < 8; b++) {
				if (!(bits[i] & (0x80 >> b)))
					continue;
				char buf[DNS_TYPE_TEXTMAX];
				dns_type_to_text((uint16_t)(window * 256 + i * 8 + b), buf,
						 sizeof(buf));
				if (w->text) {
					dns_text_addc(w->text, ' ');
					dns_text_add(w->text, buf);
				}
				rd_emit_text(w, NULL, buf);
			}
		}
	}
	w->started = true;
	rd_emit(w, DNS_RDATA_END, f->key, 0, NULL);
	return DNS_OK;
}

/* rd_svcb
 * SVCB/HTTPS params (an alias form, priority 0, has none). */
static enum dns_status rd_svcb(struct rd_walk *w, const struct rd_field *f)
{
	size_t n;
	const uint8_t *p = rd_rest(w, &n);
	enum dns_status st;

	rd_emit(w, DNS_RDATA_MAP, f->key, 0, NULL);
	st = dns_svcb_params(p, n, w->text, w->visit, w->arg);
	rd_emit(w, DNS_RDATA_END, f->key, 0, NULL);
	return st;
}

/* rd_caatag
 * CAA tag: 1..255 alphanumeric octets, printed as they are. */
static enum dns_status rd_caatag(struct rd_walk *w, const struct rd_field *f)
{
	size_t n;
	const uint8_t *p = rd_counted(w, &n);
	char buf[256];

	if (p == NULL || n == 0)
		return DNS_E_BADRDATA;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		bool alnum =
			(c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		if (!alnum)
			return DNS_E_BADRDATA;
		buf[i] = (char)c;
	}
	buf[n] = '\0';
	rd_put(w, f->key, buf);
	return DNS_OK;
}

/* rd_qrest
 * The rest of the rdata as one quoted string (BIND's multitxt_totext). */
static enum dns_status rd_qrest(struct rd_walk *w, const struct rd_field *f)
{
	size_t n;
	const uint8_t *p = rd_rest(w, &n);

	rd_sep(w);
	if (w->text)
		dns_text_charstring(w->text, p, n, true);
	rd_emit_string(w, f->key, p, n);
	return DNS_OK;
}

/* loc_precision
 * A LOC size/precision octet (mantissa << 4 | exponent, centimetres) as BIND prints
 * it: "10m", "0.50m". */
static void loc_precision(uint8_t v, char *buf, size_t len)
{
	static const unsigned long pow10[10] = {1,      10,      100,      1000,      10000,
						100000, 1000000, 10000000, 100000000, 1000000000};
	unsigned man = v >> 4, exp = v & 0x0f;

	if (exp > 1)
		snprintf(buf, len, "%lum", man * pow10[exp - 2]);
	else
		snprintf(buf, len, "0.%02lum", man * pow10[exp]);
}

/* loc_precision_ok
 * Zero, or a mantissa 1..9 with an exponent 0..9. */
static bool loc_precision_ok(uint8_t c)
{
	return c == 0 || ((c & 0x0f) <= 9 && (c >> 4) <= 9 && (c >> 4) != 0);
}

/* rd_loc
 * RFC 1876 version 0, 16 octets, printed as BIND's totext_loc. */
static enum dns_status rd_loc(struct rd_walk *w, const struct rd_field *f)
{
	size_t n;
	const uint8_t *p = rd_rest(w, &n);
	char sz[24], hp[24], vp[24], buf[160];
	uint32_t lat, lon, alt;
	bool north, east, below;

	if (n >= 1 && p[0] != 0) {
		/* another LOC version: BIND keeps the octets and shows them unknown */
		w->as_unknown = true;
		return DNS_OK;
	}
	if (n != 16 || !loc_precision_ok(p[1]) || !loc_precision_ok(p[2]) ||
	    !loc_precision_ok(p[3]))
		return DNS_E_BADRDATA;
	lat = wire_be32(p + 4);
	lon = wire_be32(p + 8);
	alt = wire_be32(p + 12);
	if (lat < 0x80000000u - 90u * 3600000u || lat > 0x80000000u + 90u * 3600000u ||
	    lon < 0x80000000u - 180u * 3600000u || lon > 0x80000000u + 180u * 3600000u)
		return DNS_E_BADRDATA;
	loc_precision(p[1], sz, sizeof(sz));
	loc_precision(p[2], hp, sizeof(hp));
	loc_precision(p[3], vp, sizeof(vp));
	north = lat >= 0x80000000u;
	lat = north ? lat - 0x80000000u : 0x80000000u - lat;
	east = lon >= 0x80000000u;
	lon = east ? lon - 0x80000000u : 0x80000000u - lon;
	below = alt < 10000000u;
	alt = below ? 10000000u - alt : alt - 10000000u;
	snprintf(buf, sizeof(buf), "%u %u %u.%03u %s %u %u %u.%03u %s %s%u.%02um %s %s %s",
		 lat / 3600000, lat / 60000 % 60, lat / 1000 % 60, lat % 1000, north ? "N" : "S",
		 lon / 3600000, lon / 60000 % 60, lon / 1000 % 60, lon % 1000, east ? "E" : "W",
		 below ? "-" : "", alt / 100, alt % 100, sz, hp, vp);
	rd_put(w, f->key, buf);
	return DNS_OK;
}

/* rd_apl
 * RFC 3123 items: [!]family:address/prefix, separated by spaces. */
static enum dns_status rd_apl(struct rd_walk *w, const struct rd_field *f)
{
	struct dns_text item;

	dns_text_init(&item);
	rd_emit(w, DNS_RDATA_LIST, f->key, 0, NULL);
	while (rd_left(w) > 0) {
		uint16_t afi = wire_get16(&w->r);
		uint8_t prefix = wire_get8(&w->r), neg_len = wire_get8(&w->r);
		uint8_t n = neg_len & 0x7f, addr[16] = {0};
		bool neg = (neg_len & 0x80) != 0;
		char buf[INET6_ADDRSTRLEN];
		if (w->r.error || (afi != 1 && afi != 2) || n > (afi == 1 ? 4 : 16) ||
		    prefix > (afi == 1 ? 32 : 128) || !wire_get_bytes(&w->r, addr, n))
			goto fail;
		inet_ntop(afi == 1 ? AF_INET : AF_INET6, addr, buf, sizeof(buf));
		dns_text_clear(&item);
		dns_text_printf(&item, "%s%u:%s/%u", neg ? "!" : "", afi, buf, prefix);
		rd_put(w, NULL, dns_text_str(&item));
	}
	dns_text_free(&item);
	rd_emit(w, DNS_RDATA_END, f->key, 0, NULL);
	return DNS_OK;
fail:
	dns_text_free(&item);
	return DNS_E_BADRDATA;
}

/* rd_wks
 * Protocol number and the ports whose bits are set. */
static enum dns_status rd_wks(struct rd_walk *w, const struct rd_field *f)
{
	size_t n;
	const uint8_t *p = rd_rest(w, &n);

	if (n < 1 || n - 1 > 8192)
		return DNS_E_BADRDATA;
	rd_sep(w);
	if (w->text)
		dns_text_printf(w->text, "%u", p[0]);
	rd_emit(w, DNS_RDATA_NUMBER, "protocol", p[0], NULL);
	rd_emit(w, DNS_RDATA_LIST, f->key, 0, NULL);
	for (size_t i = 1; i < n; i++)
		for (unsigned b = 0; b < 8; b++)
			if (p[i] & (0x80 >> b)) {
				unsigned port = (unsigned)((i - 1) * 8 + b);
				if (w->text)
					dns_text_printf(w->text, " %u", port);
				rd_emit(w, DNS_RDATA_NUMBER, NULL, port, NULL);
			}
	rd_emit(w, DNS_RDATA_END, f->key, 0, NULL);
	return DNS_OK;
}

/* rd_octets
 * Fixed-size octet groups: EUI-48/64 as aa-bb-..., NID/L64 as four %x groups. */
static enum dns_status rd_octets(struct rd_walk *w, const struct rd_field *f)
{
	enum rd_kind kind = f->kind;
	size_t n = kind == RD_EUI48 ? 6 : 8;
	const uint8_t *p = wire_take(&w->r, n);
	char buf[32];
	size_t k = 0;

	if (p == NULL)
		return DNS_E_BADRDATA;
	if (kind == RD_GROUPS4) {
		snprintf(buf, sizeof(buf), "%x:%x:%x:%x", wire_be16(p), wire_be16(p + 2),
			 wire_be16(p + 4), wire_be16(p + 6));
	} else {
		for (size_t i = 0; i < n; i++)
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, i ? "-%02x" : "%02x", p[i]);
	}
	rd_put(w, f->key, buf);
	return DNS_OK;
}

/* rd_gateway
 * IPSECKEY gateway, whose form the gateway type (the second field) selects. */
static enum dns_status rd_gateway(struct rd_walk *w, const struct rd_field *f)
{
	struct rd_field as = {RD_A, f->key};

	switch (w->vals[1]) { /* the gateway type, the second field */
	case 0:
		rd_put(w, f->key, ".");
		return DNS_OK;
	case 1:
		return rd_addr(w, &as);
	case 2:
		as.kind = RD_AAAA;
		return rd_addr(w, &as);
	case 3:
		return rd_name(w, f);
	default:
		return DNS_E_BADRDATA;
	}
}

/* rd_mnemonic
 * A CERT type (16 bits) or DNSSEC algorithm (8 bits): its mnemonic, else the number. */
static enum dns_status rd_mnemonic(struct rd_walk *w, const struct rd_field *f)
{
	bool certtype = f->kind == RD_CERTTYPE;
	static const struct {
		uint16_t v;
		const char *name;
	} cert_types[] = {{1, "PKIX"}, {2, "SPKI"},   {3, "PGP"},     {4, "IPKIX"}, {5, "ISPKI"},
			  {6, "IPGP"}, {7, "ACPKIX"}, {8, "IACPKIX"}, {253, "URI"}, {254, "OID"}};
	const char *name = NULL;
	char buf[16];
	uint32_t v = certtype ? wire_get16(&w->r) : wire_get8(&w->r);

	if (w->r.error)
		return DNS_E_BADRDATA;
	if (certtype) {
		for (size_t i = 0; i < sizeof(cert_types) / sizeof(cert_types[0]); i++)
			if (cert_types[i].v == v)
				name = cert_types[i].name;
	} else {
		name = dns_secalg_name((uint8_t)v);
	}
	if (name == NULL) {
		snprintf(buf, sizeof(buf), "%u", v);
		name = buf;
	}
	rd_put(w, f->key, name);
	return DNS_OK;
}

/* rd_nsap
 * NSAP address as 0x followed by lower-case hex. */
static enum dns_status rd_nsap(struct rd_walk *w, const struct rd_field *f)
{
	size_t n;
	const uint8_t *p = rd_rest(w, &n);
	struct dns_text t;

	if (n < 1)
		return DNS_E_BADRDATA;
	dns_text_init(&t);
	dns_text_add(&t, "0x");
	for (size_t i = 0; i < n; i++)
		dns_text_printf(&t, "%02x", p[i]);
	rd_put(w, f->key, dns_text_str(&t));
	dns_text_free(&t);
	return DNS_OK;
}

/* rd_opt_string
 * An optional last character-string: nothing when the rdata has ended. */
static enum dns_status rd_opt_string(struct rd_walk *w, const struct rd_field *f)
{
	return rd_left(w) == 0 ? DNS_OK : rd_one_string(w, f);
}

/* How each kind of field is read. */
static enum dns_status (*const rd_readers[])(struct rd_walk *w, const struct rd_field *f) = {
	[RD_NAME] = rd_name,       [RD_U8] = rd_number,       [RD_U16] = rd_number,
	[RD_U32] = rd_number,      [RD_A] = rd_addr,          [RD_AAAA] = rd_addr,
	[RD_STR] = rd_one_string,  [RD_STRS] = rd_strings,    [RD_STR_OPT] = rd_opt_string,
	[RD_TYPE] = rd_type_field, [RD_TIME] = rd_time,       [RD_B64] = rd_blob,
	[RD_HEX] = rd_blob,        [RD_SALT] = rd_lenhex,     [RD_HASH] = rd_lenhex,
	[RD_BITMAP] = rd_bitmap,   [RD_SVCB] = rd_svcb,       [RD_CAATAG] = rd_caatag,
	[RD_QREST] = rd_qrest,     [RD_LOC] = rd_loc,         [RD_APL] = rd_apl,
	[RD_WKS] = rd_wks,         [RD_EUI48] = rd_octets,    [RD_EUI64] = rd_octets,
	[RD_GROUPS4] = rd_octets,  [RD_GATEWAY] = rd_gateway, [RD_CERTTYPE] = rd_mnemonic,
	[RD_SECALG] = rd_mnemonic, [RD_NSAP] = rd_nsap,
};

/* rd_field_walk
 * Read one field with its kind's reader (RD_END has none). */
static enum dns_status rd_field_walk(struct rd_walk *w, const struct rd_field *f)
{
	return rd_readers[f->kind] ? rd_readers[f->kind](w, f) : DNS_OK;
}

/* rd_unknown
 * RFC 3597: "\# <len>" then the octets in hex words. */
static void rd_unknown(const struct dns_rdata *rd, struct dns_text *t)
{
	dns_text_printf(t, "\\# %u", rd->len);
	if (rd->len > 0) {
		dns_text_addc(t, ' ');
		dns_text_hex(t, rd->msg + rd->off, rd->len, RD_CHUNK);
	}
}

/* rd_in_message
 * The rdata lies inside its message. */
static bool rd_in_message(const struct dns_rdata *rd)
{
	return rd->off <= rd->msglen && rd->len <= rd->msglen - rd->off;
}

/* rd_walk_all
 * Walk every field of rd's type; the rdata must be used up exactly. */
static enum dns_status rd_walk_all(const struct dns_rdata *rd, struct dns_text *text,
				   dns_rdata_visit_fn *visit, void *arg, bool *as_unknown)
{
	const struct rd_type *t = rd_type_of(rd->type, rd->cls);
	struct rd_walk w = {.rd = rd,
			    .r = wire_reader_at(rd->msg, rd->off + rd->len, rd->off),
			    .text = text,
			    .visit = visit,
			    .arg = arg,
			    .now = (uint64_t)time(NULL)};

	if (!rd_in_message(rd))
		return DNS_E_BADRDATA;
	if (t == NULL)
		return DNS_OK;
	/* SVCB alias form: the target name only */
	for (size_t i = 0; i < RD_MAXF && t->f[i].kind != RD_END; i++) {
		if (t->f[i].kind == RD_SVCB && w.vals[0] == 0)
			break;
		w.fi = i;
		const struct rd_field f = {(enum rd_kind)t->f[i].kind, t->f[i].key};
		enum dns_status st = rd_field_walk(&w, &f);
		if (st != DNS_OK)
			return st == DNS_E_SHORT ? DNS_E_BADRDATA : st;
	}
	if (as_unknown)
		*as_unknown = w.as_unknown;
	return rd_left(&w) == 0 ? DNS_OK : DNS_E_BADRDATA;
}

/* dns_rdata_of
 * A record's rdata as a view into its message. */
struct dns_rdata dns_rdata_of(const struct dns_msg *msg, const struct dns_rr *rr)
{
	struct dns_rdata rd = {msg->wire, msg->len, rr->type, rr->cls, rr->rdoff, rr->rdlen};
	return rd;
}

/* dns_rdata_check
 * Walk the fields without output: the rdata fits its type. */
enum dns_status dns_rdata_check(const struct dns_rdata *rd)
{
	return rd_walk_all(rd, NULL, NULL, NULL, NULL);
}

/* rd_known_check
 * Whether rd is printed by its fields (*unknown false) or as RFC 3597, and whether
 * it is well formed for that. */
static enum dns_status rd_known_check(const struct dns_rdata *rd, bool *unknown)
{
	*unknown = rd_type_of(rd->type, rd->cls) == NULL;
	if (*unknown)
		return rd_in_message(rd) ? DNS_OK : DNS_E_BADRDATA;
	return rd_walk_all(rd, NULL, NULL, NULL, unknown);
}

/* dns_rdata_to_text
 * Walk the fields into text, or RFC 3597 for unknown types. */
enum dns_status dns_rdata_to_text(const struct dns_rdata *rd, struct dns_text *out)
{
	struct dns_text t;
	bool unknown;
	enum dns_status st = rd_known_check(rd, &unknown);

	if (st != DNS_OK)
		return st;
	dns_text_init(&t);
	if (unknown)
		rd_unknown(rd, &t);
	else
		rd_walk_all(rd, &t, NULL, NULL, NULL);
	st = t.failed ? DNS_E_NOMEM : DNS_OK;
	if (st == DNS_OK)
		dns_text_add(out, dns_text_str(&t));
	dns_text_free(&t);
	return st;
}

/* dns_rdata_walk
 * Check first, so the visitor sees well-formed rdata only; then walk the fields into
 * it, or give it the RFC 3597 text as "data". */
enum dns_status dns_rdata_walk(const struct dns_rdata *rd, dns_rdata_visit_fn *visit, void *arg)
{
	struct dns_text t;
	bool unknown;
	enum dns_status st = rd_known_check(rd, &unknown);

	if (st != DNS_OK || !unknown)
		return st == DNS_OK ? rd_walk_all(rd, NULL, visit, arg, NULL) : st;
	dns_text_init(&t);
	rd_unknown(rd, &t);
	struct dns_rdata_field f = {DNS_RDATA_TEXT, "data", 0, dns_text_str(&t)};
	visit(arg, &f);
	dns_text_free(&t);
	return DNS_OK;
}
