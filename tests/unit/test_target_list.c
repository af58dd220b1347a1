/* test_target_list.c — targets as written (common/net/target_list.c): literals, blocks and
 * names told apart; host-name syntax (lengths, labels, blanks, control characters,
 * UTF-8); errors quoted safely for a terminal and cut to fit; files with comments,
 * blank lines, CR LF, a byte order mark, NUL bytes, no final newline, a bad line in
 * the middle, and a read error. Nothing is resolved. */
#include "netdx/target_list.h"
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* parse
 * Classify a NUL-terminated target. */
static bool parse(const char *s, struct target_entry *e, struct target_error *err)
{
	return target_list_parse(s, strlen(s), e, err) == NETDX_OK;
}

/* refused
 * s is refused with exactly why, quoted as text. */
static void refused(const char *s, size_t len, const char *why, const char *text)
{
	struct target_entry e;
	struct target_error err;

	CU_ASSERT_EQUAL(target_list_parse(s, len, &e, &err), NETDX_E_INVALID);
	CU_ASSERT_PTR_NULL(e.text);
	CU_ASSERT_EQUAL(err.line, 0);
	CU_ASSERT_STRING_EQUAL(err.why, why);
	CU_ASSERT_STRING_EQUAL(err.text, text);
}

/* repeat
 * n copies of c followed by tail, into buf. */
static char *repeat(char *buf, char c, size_t n, const char *tail)
{
	memset(buf, c, n);
	strcpy(buf + n, tail);
	return buf;
}

/* test_literals
 * Addresses of both families, with a zone, are literals. */
static void test_literals(void)
{
	struct target_entry e;
	struct target_error err;
	char buf[ADDR_STRLEN];

	CU_ASSERT_TRUE_FATAL(parse("10.0.0.1", &e, &err));
	CU_ASSERT_EQUAL(e.kind, TARGET_LITERAL);
	CU_ASSERT_STRING_EQUAL(addr_to_str(&e.addr, buf, sizeof(buf)), "10.0.0.1");
	CU_ASSERT_STRING_EQUAL(e.text, "10.0.0.1");
	CU_ASSERT_EQUAL(e.len, 8);
	CU_ASSERT_TRUE_FATAL(parse("fd00::1", &e, &err));
	CU_ASSERT_EQUAL(e.kind, TARGET_LITERAL);
	CU_ASSERT_EQUAL(addr_family(&e.addr), AF_INET6);
	CU_ASSERT_TRUE_FATAL(parse("fe80::1%lo", &e, &err));
	CU_ASSERT_EQUAL(e.kind, TARGET_LITERAL);
	CU_ASSERT_STRING_EQUAL(addr_to_str(&e.addr, buf, sizeof(buf)), "fe80::1%lo");
	/* Not strict inet_pton: left to the resolver, as getaddrinfo takes "127.1". */
	CU_ASSERT_TRUE_FATAL(parse("127.1", &e, &err));
	CU_ASSERT_EQUAL(e.kind, TARGET_NAME);
}

/* test_blocks
 * A '/' makes a block, counted by addr_cidr_parse; its errors come through. */
static void test_blocks(void)
{
	struct target_entry e;
	struct target_error err;

	CU_ASSERT_TRUE_FATAL(parse("10.0.0.0/8", &e, &err));
	CU_ASSERT_EQUAL(e.kind, TARGET_BLOCK);
	CU_ASSERT_EQUAL(e.block.prefix, 8);
	CU_ASSERT_EQUAL(e.block.count, 16777214);
	CU_ASSERT_TRUE_FATAL(parse("fd00::/64", &e, &err));
	CU_ASSERT_EQUAL(e.block.count, UINT64_MAX);
	refused("10.0.0.0/33", 11, "prefix length out of range", "10.0.0.0/33");
	refused("www.example/24", 14, "not an address", "www.example/24");
	refused("10.0.0.0/", 9, "prefix length out of range", "10.0.0.0/");
}

/* test_names
 * Host names: lengths as written, one final dot, UTF-8 (IDN) accepted. */
static void test_names(void)
{
	struct target_entry e;
	struct target_error err;
	char buf[400], name[400];

	CU_ASSERT_TRUE_FATAL(parse("www.example.com.", &e, &err));
	CU_ASSERT_EQUAL(e.kind, TARGET_NAME);
	CU_ASSERT_TRUE(parse("localhost", &e, &err));
	CU_ASSERT_TRUE(parse("b\xc3\xbc"
			     "cher.example",
			     &e, &err));
	CU_ASSERT_TRUE(parse("\xe4\xbe\x8b\xe3\x81\x88.\xf0\x9f\x98\x80", &e, &err));
	CU_ASSERT_TRUE(parse(repeat(buf, 'a', 63, ".b"), &e, &err));
	refused(repeat(buf, 'a', 64, ".b"), 66, "label longer than 63 bytes",
		repeat(name, 'a', 64, ".b"));
	/* 3 labels of 63 and one of 61, with dots: 253 bytes; a final dot does not count. */
	snprintf(name, sizeof(name), "%.63s.%.63s.%.63s.%.61s", repeat(buf, 'a', 63, ""), buf, buf,
		 buf);
	CU_ASSERT_EQUAL_FATAL(strlen(name), 253);
	CU_ASSERT_TRUE(parse(name, &e, &err));
	strcat(name, ".");
	CU_ASSERT_TRUE(parse(name, &e, &err));
	name[253] = 'y';
	CU_ASSERT_FALSE(parse(name, &e, &err));
	CU_ASSERT_STRING_EQUAL(err.why, "name longer than 253 bytes");
	refused("a..b", 4, "empty label", "a..b");
	refused(".a", 2, "empty label", ".a");
	refused(".", 1, "empty label", ".");
	refused("a.b..", 5, "empty label", "a.b..");
	refused("", 0, "empty name", "");
}

/* test_bad_chars
 * Blanks, control characters (C0, DEL, C1) and invalid UTF-8: refused and quoted as
 * \xHH, backslashes doubled, so nothing raw reaches a terminal. */
static void test_bad_chars(void)
{
	refused("a b", 3, "blank inside a target (one target per line)", "a b");
	refused("a\tb", 3, "blank inside a target (one target per line)", "a\\x09b");
	refused("ev\x1b[2Jil", 8, "control character", "ev\\x1b[2Jil");
	refused("a\x7f", 2, "control character", "a\\x7f");
	refused("a\0b", 3, "control character", "a\\x00b");
	refused("a\xc2\x9b"
		"b",
		4, "control character or invalid UTF-8", "a\\xc2\\x9bb");
	refused("\xff.example", 9, "control character or invalid UTF-8", "\\xff.example");
	refused("\xc3", 1, "control character or invalid UTF-8", "\\xc3");
	refused("\xe0\x80\x80", 3, "control character or invalid UTF-8", "\\xe0\\x80\\x80");
	refused("\xed\xa0\x80", 3, "control character or invalid UTF-8", "\\xed\\xa0\\x80");
	refused("\xf4\x90\x80\x80", 4, "control character or invalid UTF-8",
		"\\xf4\\x90\\x80\\x80");
	refused("a\\b\x01", 4, "control character", "a\\\\b\\x01");
	/* printable UTF-8 stays as it is in the quote */
	refused("\xc3\xbc\x01", 3, "control character", "\xc3\xbc\\x01");
}

/* test_quote_cut
 * A long bad target is quoted up to TARGET_TEXT_MAX with "...", never cut inside an
 * escape or a UTF-8 character. */
static void test_quote_cut(void)
{
	struct target_entry e;
	struct target_error err;
	char buf[600];

	memset(buf, 0x01, 300);
	CU_ASSERT_EQUAL(target_list_parse(buf, 300, &e, &err), NETDX_E_INVALID);
	CU_ASSERT_EQUAL(strlen(err.text), 31 * 4 + 3);
	CU_ASSERT_STRING_EQUAL(err.text + 31 * 4, "...");
	for (int i = 0; i < 200; i++)
		memcpy(buf + 2 * i, "\xc3\xbc", 2);
	buf[400] = '\x01';
	CU_ASSERT_EQUAL(target_list_parse(buf, 401, &e, &err), NETDX_E_INVALID);
	CU_ASSERT_EQUAL(strlen(err.text), 62 * 2 + 3);
	/* exactly fitting: no "..." */
	memset(buf, 'a', 126);
	buf[126] = ' ';
	CU_ASSERT_EQUAL(target_list_parse(buf, 127, &e, &err), NETDX_E_INVALID);
	CU_ASSERT_EQUAL(strlen(err.text), 127);
	CU_ASSERT_EQUAL(err.text[126], ' ');
}

/* open_text
 * A FILE reading len bytes of text. */
static FILE *open_text(const char *text, size_t len)
{
	FILE *f = fmemopen((void *)text, len, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	return f;
}

/* test_file
 * Comments, blank lines, blanks, CR LF, a byte order mark and a last line without a
 * newline; line numbers count every line. */
static void test_file(void)
{
	static const char text[] = "\xef\xbb\xbf# lab targets\n"
				   "10.0.0.1\n"
				   "\n"
				   "  \t fd00::1   # six\r\n"
				   "10.0.1.0/30\r\n"
				   "   # only a comment\n"
				   "host.lab.test#no blank before the comment\n"
				   "last.lab.test";
	FILE *f = open_text(text, sizeof(text) - 1);
	struct target_list l;
	struct target_entry e;
	struct target_error err;
	static const struct {
		enum target_kind kind;
		const char *text;
		unsigned long line;
	} want[] = {
		{TARGET_LITERAL, "10.0.0.1", 2},   {TARGET_LITERAL, "fd00::1", 4},
		{TARGET_BLOCK, "10.0.1.0/30", 5},  {TARGET_NAME, "host.lab.test", 7},
		{TARGET_NAME, "last.lab.test", 8},
	};

	target_list_init(&l, f);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		CU_ASSERT_EQUAL_FATAL(target_list_next(&l, &e, &err), TARGET_LIST_OK);
		CU_ASSERT_EQUAL(e.kind, want[i].kind);
		CU_ASSERT_STRING_EQUAL(e.text, want[i].text);
		CU_ASSERT_EQUAL(e.len, strlen(want[i].text));
		CU_ASSERT_EQUAL(l.lines.line_no, want[i].line);
	}
	CU_ASSERT_EQUAL(target_list_next(&l, &e, &err), TARGET_LIST_END);
	CU_ASSERT_EQUAL(target_list_next(&l, &e, &err), TARGET_LIST_END);
	target_list_free(&l);
	fclose(f);
}

/* test_file_bad_lines
 * A bad line says which and why; reading goes on after it. A NUL in a line is a
 * control character, not the end of it; a byte order mark after line 1 is no blank. */
static void test_file_bad_lines(void)
{
	static const char text[] = "10.0.0.1\n"
				   "a b\n"
				   "ok.lab.test\n"
				   "x\0y\n"
				   "\xef\xbb\xbf"
				   "10.0.0.2\n"
				   "10.0.0.0/40 # too long\n";
	FILE *f = open_text(text, sizeof(text) - 1);
	struct target_list l;
	struct target_entry e;
	struct target_error err;

	target_list_init(&l, f);
	CU_ASSERT_EQUAL(target_list_next(&l, &e, &err), TARGET_LIST_OK);
	CU_ASSERT_EQUAL_FATAL(target_list_next(&l, &e, &err), TARGET_LIST_BAD);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_STRING_EQUAL(err.text, "a b");
	CU_ASSERT_STRING_EQUAL(err.why, "blank inside a target (one target per line)");
	CU_ASSERT_EQUAL(target_list_next(&l, &e, &err), TARGET_LIST_OK);
	CU_ASSERT_STRING_EQUAL(e.text, "ok.lab.test");
	CU_ASSERT_EQUAL_FATAL(target_list_next(&l, &e, &err), TARGET_LIST_BAD);
	CU_ASSERT_EQUAL(err.line, 4);
	CU_ASSERT_STRING_EQUAL(err.text, "x\\x00y");
	CU_ASSERT_EQUAL_FATAL(target_list_next(&l, &e, &err), TARGET_LIST_OK);
	CU_ASSERT_EQUAL(e.kind, TARGET_NAME); /* U+FEFF then digits: a name, for the resolver */
	CU_ASSERT_EQUAL_FATAL(target_list_next(&l, &e, &err), TARGET_LIST_BAD);
	CU_ASSERT_EQUAL(err.line, 6);
	CU_ASSERT_STRING_EQUAL(err.text, "10.0.0.0/40");
	CU_ASSERT_STRING_EQUAL(err.why, "prefix length out of range");
	CU_ASSERT_EQUAL(target_list_next(&l, &e, &err), TARGET_LIST_END);
	target_list_free(&l);
	fclose(f);
}

/* test_file_empty_and_io
 * Nothing but comments ends at once; a directory is a read error. */
static void test_file_empty_and_io(void)
{
	static const char text[] = "# nothing\n\n   \n";
	FILE *f = open_text(text, sizeof(text) - 1);
	struct target_list l;
	struct target_entry e;
	struct target_error err;

	target_list_init(&l, f);
	CU_ASSERT_EQUAL(target_list_next(&l, &e, &err), TARGET_LIST_END);
	CU_ASSERT_EQUAL(l.lines.line_no, 3);
	target_list_free(&l);
	fclose(f);

	f = fopen("/", "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	target_list_init(&l, f);
	CU_ASSERT_EQUAL(target_list_next(&l, &e, &err), TARGET_LIST_IO);
	target_list_free(&l);
	fclose(f);
}

static CU_TestInfo cases[] = {
	{"literals", test_literals},
	{"CIDR blocks", test_blocks},
	{"host names: lengths, labels, final dot, UTF-8", test_names},
	{"blanks, control characters, invalid UTF-8: quoted safely", test_bad_chars},
	{"a long quote is cut with ...", test_quote_cut},
	{"file: comments, blanks, CR LF, BOM, no final newline", test_file},
	{"file: bad lines say where and reading goes on", test_file_bad_lines},
	{"file: only comments; a read error", test_file_empty_and_io},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("target_list", cases)
