/* test_line_file.c — the list-file reader both --targets and --servers use: the two
 * comment rules, blanks, CR LF, a byte order mark only on line 1, line numbers, a last
 * line without LF; and the quoting of text for a message (text_safe). */
#include "netdx/line_file.h"
#include "netdx/text_safe.h"
#include "unit.h"

#include <string.h>

/* next_text
 * The next entry of lf as a string; "" at the end. */
static const char *next_text(struct line_file *lf)
{
	char *s;
	size_t len;

	if (line_file_next(lf, &s, &len) != LINE_FILE_OK)
		return "";
	CU_ASSERT_EQUAL(strlen(s), len);
	return s;
}

static void test_any_hash(void)
{
	static const char text[] = "\xef\xbb\xbf  a.test  # first\r\n\n# only a comment\n"
				   "\t10.0.0.1#glued\n\xef\xbb\xbf"
				   "b.test\nlast";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct line_file lf;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	line_file_init(&lf, f, LINE_COMMENT_ANY_HASH);
	CU_ASSERT_STRING_EQUAL(next_text(&lf), "a.test");
	CU_ASSERT_EQUAL(lf.line_no, 1);
	CU_ASSERT_STRING_EQUAL(next_text(&lf), "10.0.0.1");
	CU_ASSERT_EQUAL(lf.line_no, 4);
	CU_ASSERT_STRING_EQUAL(next_text(&lf), "\xef\xbb\xbf"
					       "b.test"); /* a BOM past line 1 stays */
	CU_ASSERT_STRING_EQUAL(next_text(&lf), "last");
	CU_ASSERT_EQUAL(lf.line_no, 6);
	CU_ASSERT_STRING_EQUAL(next_text(&lf), "");
	CU_ASSERT_EQUAL(line_file_next(&lf, &(char *){0}, &(size_t){0}), LINE_FILE_END);
	line_file_free(&lf);
	fclose(f);
}

static void test_blank_hash(void)
{
	static const char text[] = "#x\n10.0.0.1#5353\n10.0.0.2 #5353\n10.0.0.3\t# note\n";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct line_file lf;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	line_file_init(&lf, f, LINE_COMMENT_BLANK_HASH);
	CU_ASSERT_STRING_EQUAL(next_text(&lf), "10.0.0.1#5353");
	CU_ASSERT_STRING_EQUAL(next_text(&lf), "10.0.0.2");
	CU_ASSERT_STRING_EQUAL(next_text(&lf), "10.0.0.3");
	CU_ASSERT_EQUAL(lf.line_no, 4);
	CU_ASSERT_STRING_EQUAL(next_text(&lf), "");
	line_file_free(&lf);
	fclose(f);
}

static void test_quote(void)
{
	char buf[16];

	text_quote(buf, sizeof(buf), "a\\b\x01\xc3\xa9", 6);
	CU_ASSERT_STRING_EQUAL(buf, "a\\\\b\\x01\xc3\xa9");
	text_quote(buf, sizeof(buf), "\xc2\x85", 2); /* C1 control in UTF-8 */
	CU_ASSERT_STRING_EQUAL(buf, "\\xc2\\x85");
	text_quote(buf, sizeof(buf), "0123456789abcdefghij", 20);
	CU_ASSERT_STRING_EQUAL(buf, "0123456789ab...");
	text_quote(buf, 8, "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 9); /* cut between characters */
	CU_ASSERT_STRING_EQUAL(buf, "\xe2\x82\xac...");
	CU_ASSERT_EQUAL(text_char_len((const uint8_t *)"\xed\xa0\x80", 3), 0); /* surrogate */
	CU_ASSERT_EQUAL(text_char_len((const uint8_t *)"\xf0\x9f\x98\x80", 4), 4);
}

static CU_TestInfo cases[] = {
	{"comments at any '#': BOM, CR LF, blanks, line numbers", test_any_hash},
	{"comments at a '#' after a blank: a glued '#' stays", test_blank_hash},
	{"quoting for a message: escapes, UTF-8, cuts", test_quote},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("line_file", cases)
