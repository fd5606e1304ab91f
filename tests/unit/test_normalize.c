/*
 * Unit tests for normalize: NFC and case fold per cluster, typographic and white-space folds, invalid UTF-8,
 * the offset map and boundary bitmap, string helpers, character classes, pathological input.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "harness.h"
#include "normalize.h"

/* Normalises s (NUL-terminated) and returns the normalised text (valid until the next call). */
static const char *norm(eg_normtext *nt, const char *s, unsigned flags)
{
    eg_error err;
    if (eg_normalize(s, strlen(s), flags, nt, &err) != EG_OK)
        return "(error)";
    return nt->text;
}

/* The boundary bits of nt as a string of '|' (boundary) and '.' (inside a cluster), one per byte and one
 * for the end. */
static const char *bounds(const eg_normtext *nt)
{
    static char buf[256];
    size_t i;
    for (i = 0; i <= nt->len && i + 1 < sizeof buf; i++)
        buf[i] = eg_normtext_is_boundary(nt, i) ? '|' : '.';
    buf[i] = '\0';
    return buf;
}

static void test_ascii(void)
{
    eg_normtext nt;
    eg_normtext_init(&nt);
    CHECK_STR(norm(&nt, "Hello, World 42!", 0), "hello, world 42!");
    CHECK_INT(nt.len, 16);
    CHECK_INT(nt.n_marks, 1);
    CHECK_STR(bounds(&nt), "|||||||||||||||||");
    for (size_t i = 0; i <= nt.len; i++)
        CHECK_INT(eg_normtext_orig(&nt, i), i);
    CHECK_STR(norm(&nt, "Hello, World", EG_NORM_NO_FOLD), "Hello, World");
    CHECK_STR(norm(&nt, "", 0), "");
    CHECK_INT(nt.len, 0);
    CHECK(eg_normtext_is_boundary(&nt, 0));
    CHECK_INT(eg_normtext_orig(&nt, 0), 0);
    /* NUL bytes are ordinary (control) characters: the text need not be NUL-terminated. */
    CHECK_INT(eg_normalize("A\0B", 3, 0, &nt, NULL), EG_OK);
    CHECK_INT(nt.len, 3);
    CHECK(memcmp(nt.text, "a\0b", 4) == 0);
    eg_normtext_destroy(&nt);
}

static void test_case_fold(void)
{
    eg_normtext nt;
    eg_normtext_init(&nt);
    CHECK_STR(norm(&nt, "\xc3\x89" "COLE", 0), "\xc3\xa9" "cole");   /* ÉCOLE */
    CHECK_STR(norm(&nt, "Stra\xc3\x9f" "e", 0), "strasse");         /* Straße: full case folding */
    CHECK_STR(norm(&nt, "\xce\xa3\xce\x9f\xce\xa6", 0), "\xcf\x83\xce\xbf\xcf\x86"); /* ΣΟΦ -> σοφ */
    CHECK_STR(norm(&nt, "\xc3\x89" "COLE", EG_NORM_NO_FOLD), "\xc3\x89" "COLE");
    CHECK_STR(norm(&nt, "\xed\x95\x9c\xea\xb5\xad", 0), "\xed\x95\x9c\xea\xb5\xad"); /* 한국 unchanged */
    eg_normtext_destroy(&nt);
}

static void test_nfd_input(void)
{
    eg_normtext nt;
    eg_normtext_init(&nt);
    /* "Cafe" + U+0301: the e and its accent are one cluster, composed to é. */
    CHECK_STR(norm(&nt, "Cafe\xcc\x81 x", 0), "caf\xc3\xa9 x");
    CHECK_STR(bounds(&nt), "||||.|||");
    CHECK_INT(eg_normtext_orig(&nt, 3), 3);   /* é begins where e began */
    CHECK_INT(eg_normtext_orig(&nt, 4), 3);   /* inside é: start of its cluster */
    CHECK_INT(eg_normtext_orig(&nt, 5), 6);   /* the space */
    CHECK_INT(eg_normtext_orig(&nt, 6), 7);   /* x */
    CHECK_INT(eg_normtext_orig(&nt, 7), 8);   /* the end */
    /* Decomposed Hangul jamo 한 = U+1112 U+1161 U+11AB compose to the syllable U+D55C. */
    CHECK_STR(norm(&nt, "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xea\xb5\xad", 0), "\xed\x95\x9c\xea\xb5\xad");
    CHECK_STR(bounds(&nt), "|..|..|");
    CHECK_INT(eg_normtext_orig(&nt, 3), 9);
    CHECK_INT(eg_normtext_orig(&nt, 6), 12);
    /* Precomposed syllables are clusters of their own, unless a jamo or a mark joins them: 가 + ᆨ is 각. */
    CHECK_STR(norm(&nt, "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 A", 0), /* 한국어 A */
              "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 a");
    CHECK_STR(bounds(&nt), "|..|..|..|||");
    CHECK_STR(norm(&nt, "\xea\xb0\x80\xe1\x86\xa8\xea\xb0\x80", 0), "\xea\xb0\x81\xea\xb0\x80");
    CHECK_STR(bounds(&nt), "|..|..|");
    CHECK_INT(eg_normtext_orig(&nt, 3), 6);
    CHECK_STR(norm(&nt, "\xed\x95\x9c\xea\xb5\xad\xcc\x81", 0), "\xed\x95\x9c\xea\xb5\xad\xcc\x81");
    CHECK_STR(bounds(&nt), "|..|....|");
    /* Canonical ordering: dot below (ccc 220) before circumflex (ccc 230) composes to ệ. */
    CHECK_STR(norm(&nt, "e\xcc\x82\xcc\xa3", 0), "\xe1\xbb\x87");
    CHECK_STR(norm(&nt, "e\xcc\xa3\xcc\x82", 0), "\xe1\xbb\x87");
    /* An uncomposable mark stays inside its cluster: no boundary after the a. */
    CHECK_STR(norm(&nt, "a\xcc\xb2" "b", 0), "a\xcc\xb2" "b");
    CHECK_STR(bounds(&nt), "|..||");
    eg_normtext_destroy(&nt);
}

static void test_white_space(void)
{
    eg_normtext nt;
    eg_normtext_init(&nt);
    CHECK_STR(norm(&nt, "a \t b", 0), "a b");
    CHECK_INT(eg_normtext_orig(&nt, 1), 1);
    CHECK_INT(eg_normtext_orig(&nt, 2), 4);
    CHECK_INT(eg_normtext_orig(&nt, 3), 5);
    CHECK_STR(norm(&nt, "a\nb", 0), "a b");
    CHECK_STR(norm(&nt, "a\r\nb", 0), "a b");          /* CR LF is one line end */
    CHECK_STR(norm(&nt, "a\n\nb", 0), "a\nb");         /* a blank line: paragraph break */
    CHECK_STR(norm(&nt, "a\r\n\r\nb", 0), "a\nb");
    CHECK_STR(norm(&nt, "a\n \t\nb", 0), "a\nb");      /* a line of white space is blank */
    CHECK_STR(norm(&nt, "a\r\rb", 0), "a\nb");
    CHECK_STR(norm(&nt, "a\xe2\x80\xa9" "b", 0), "a\nb"); /* U+2029 */
    CHECK_STR(norm(&nt, "a\xe2\x80\xa8" "b", 0), "a b");  /* U+2028: one line end */
    CHECK_STR(norm(&nt, "a\xc2\xa0\xe3\x80\x80" "b", 0), "a b"); /* NBSP, ideographic space */
    CHECK_STR(norm(&nt, "a\xc2\x85\xc2\x85" "b", 0), "a\nb");    /* two NELs */
    CHECK_STR(norm(&nt, "  x  ", 0), " x ");            /* eg_normalize does not trim */
    CHECK_STR(bounds(&nt), "||||");
    CHECK_INT(eg_normtext_orig(&nt, 1), 2);
    CHECK_INT(eg_normtext_orig(&nt, 2), 3);
    CHECK_INT(eg_normtext_orig(&nt, 3), 5);
    /* A CR before a line feed that is followed by a non-ASCII byte (slow path) still counts once. */
    CHECK_STR(norm(&nt, "a\r\n\xc3\xa9", 0), "a \xc3\xa9");
    /* A space followed by a combining mark is one cluster and not white space. */
    CHECK_STR(norm(&nt, "a \xcc\x81" "b", 0), "a \xcc\x81" "b");
    CHECK_STR(bounds(&nt), "||..||");
    eg_normtext_destroy(&nt);
}

static void test_typographic(void)
{
    eg_normtext nt;
    eg_normtext_init(&nt);
    CHECK_STR(norm(&nt, "Korea\xe2\x80\x99s", 0), "korea's");
    CHECK_INT(eg_normtext_orig(&nt, 6), 8);
    CHECK_INT(eg_normtext_orig(&nt, 7), 9);
    CHECK_STR(norm(&nt, "\xe2\x80\x98x\xca\xbc", 0), "'x'");
    CHECK_STR(norm(&nt, "a\xe2\x80\x90" "b\xe2\x80\x91" "c\xe2\x80\x92" "d\xe2\x80\x93" "e", 0), "a-b-c-d-e");
    CHECK_STR(norm(&nt, "a\xe2\x80\x94" "b", 0), "a\xe2\x80\x94" "b"); /* the em dash is kept */
    CHECK_STR(norm(&nt, "Korea\xe2\x80\x99s", EG_NORM_NO_FOLD), "Korea's");
    eg_normtext_destroy(&nt);
}

static void test_invalid_utf8(void)
{
    eg_normtext nt;
    eg_normtext_init(&nt);
    const char *fffd = "\xef\xbf\xbd";
    char want[64];

    CHECK_STR(norm(&nt, "a\xff" "b", 0), "a\xef\xbf\xbd" "b");
    CHECK_INT(nt.n_invalid, 1);
    CHECK_INT(eg_normtext_orig(&nt, 1), 1);
    CHECK_INT(eg_normtext_orig(&nt, 4), 2);
    CHECK_INT(eg_normtext_orig(&nt, 5), 3);

    snprintf(want, sizeof want, "%s%s/", fffd, fffd); /* overlong "/" */
    CHECK_STR(norm(&nt, "\xc0\xaf/", 0), want);
    CHECK_INT(nt.n_invalid, 2);

    snprintf(want, sizeof want, "x%s%s%s", fffd, fffd, fffd); /* a surrogate, U+D800 */
    CHECK_STR(norm(&nt, "x\xed\xa0\x80", 0), want);
    CHECK_INT(nt.n_invalid, 3);

    snprintf(want, sizeof want, "%s%sa", fffd, fffd); /* truncated three-byte sequence */
    CHECK_STR(norm(&nt, "\xe2\x82" "A", 0), want);
    CHECK_INT(nt.n_invalid, 2);
    CHECK_INT(eg_normtext_orig(&nt, 3), 1);
    CHECK_INT(eg_normtext_orig(&nt, 6), 2);

    /* truncated at the end */
    CHECK_STR(norm(&nt, "z\xf0\x9f", 0), "z\xef\xbf\xbd\xef\xbf\xbd");
    CHECK_INT(nt.n_invalid, 2);
    CHECK_INT(eg_normtext_orig(&nt, nt.len), 3);

    CHECK_STR(norm(&nt, "\xf4\x90\x80\x80", 0), /* beyond U+10FFFF */
              "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    CHECK_INT(nt.n_invalid, 4);
    eg_normtext_destroy(&nt);
}

/* For every boundary of the normalised text, the original offset must be where that cluster began. */
static void test_offsets_exact(void)
{
    eg_normtext nt;
    eg_normtext_init(&nt);
    /* "İ" (U+0130 folds to i + U+0307: the output grows), "½" unchanged (its decomposition is only a
     * compatibility one), "Å" written as A + ring (3 bytes become 2), then ASCII. */
    const char *s = "\xc4\xb0x \xc2\xbd A\xcc\x8a" "B";
    CHECK_STR(norm(&nt, s, 0), "i\xcc\x87x \xc2\xbd \xc3\xa5" "b");
    CHECK_STR(bounds(&nt), "|..|||.||.||");
    size_t want[][2] = {{0, 0}, {3, 2}, {4, 3}, {5, 4}, {7, 6}, {8, 7}, {10, 10}, {11, 11}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        CHECK_INT(eg_normtext_orig(&nt, want[k][0]), want[k][1]);
    eg_normtext_destroy(&nt);
}

static void test_reuse(void)
{
    eg_normtext nt;
    eg_normtext_init(&nt);
    size_t n = 100000;
    char *big = malloc(n);
    for (size_t i = 0; i < n; i++)
        big[i] = (i % 7 == 3) ? ' ' : 'A' + (char)(i % 26);
    CHECK_INT(eg_normalize(big, n, 0, &nt, NULL), EG_OK);
    CHECK_INT(nt.len, n);
    /* A shorter, different text into the same buffers: no stale boundary bits. */
    CHECK_STR(norm(&nt, "e\xcc\x81\xcc\x81\xcc\x81" "f", 0), "\xc3\xa9\xcc\x81\xcc\x81" "f");
    CHECK_STR(bounds(&nt), "|.....||");
    free(big);
    eg_normtext_destroy(&nt);
}

static void test_pathological(void)
{
    eg_normtext nt;
    eg_normtext_init(&nt);
    size_t marks = 100000, n = 1 + 2 * marks;
    char *s = malloc(n);
    s[0] = 'a';
    for (size_t i = 0; i < marks; i++)
        memcpy(s + 1 + 2 * i, "\xcc\x81", 2);
    clock_t t0 = clock();
    CHECK_INT(eg_normalize(s, n, 0, &nt, NULL), EG_OK);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(secs < 1.0);
    CHECK_INT(nt.n_invalid, 0);
    CHECK_INT(nt.len, n - 1); /* a + U+0301 composes to á (two bytes); the other marks are kept */
    CHECK(memcmp(nt.text, "\xc3\xa1\xcc\x81", 4) == 0);
    /* The cluster was cut every 32 code points: á + 30 marks, then 32 marks at a time. */
    CHECK(eg_normtext_is_boundary(&nt, 62));
    CHECK(eg_normtext_is_boundary(&nt, 62 + 64));
    CHECK(!eg_normtext_is_boundary(&nt, 60));
    CHECK_INT(eg_normtext_orig(&nt, 62), 63);
    CHECK_INT(eg_normtext_orig(&nt, nt.len), n);
    free(s);

    /* A 10 MB line of ASCII without spaces. */
    n = 10u << 20;
    s = malloc(n);
    memset(s, 'Q', n);
    t0 = clock();
    CHECK_INT(eg_normalize(s, n, 0, &nt, NULL), EG_OK);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(secs < 1.0);
    CHECK_INT(nt.n_marks, 1);
    CHECK_INT(eg_normtext_orig(&nt, n - 1), n - 1);
    free(s);
    eg_normtext_destroy(&nt);
}

static void test_strings(void)
{
    char *out = NULL;
    size_t len = 0;
    eg_error err;
    CHECK_INT(eg_normalize_string("  Marco \n Rubio\t", 16, 0, &out, &len, &err), EG_OK);
    CHECK_STR(out, "marco rubio");
    CHECK_INT(len, 11);
    free(out);
    CHECK_INT(eg_normalize_string("\n\nKorea\xe2\x80\x99s\n\n", 13, EG_NORM_NO_FOLD, &out, &len, &err),
              EG_OK);
    CHECK_STR(out, "Korea's");
    free(out);
    CHECK_INT(eg_normalize_string(" \t ", 3, 0, &out, &len, &err), EG_OK);
    CHECK_STR(out, "");
    CHECK_INT(len, 0);
    free(out);
    CHECK_INT(eg_normalize_string("ab\xff", 3, 0, &out, &len, &err), EG_ERR_UTF8);
    CHECK(out == NULL);
    CHECK_INT(err.offset, 2);
    CHECK_STR(err.message, "invalid UTF-8 (byte 0xff)");
    /* A leading space that carries a combining mark is not white space and stays. */
    CHECK_INT(eg_normalize_string(" \xcc\x81x", 4, 0, &out, &len, &err), EG_OK);
    CHECK_STR(out, " \xcc\x81x");
    free(out);

    CHECK(eg_normalize_equals("US", 2, EG_NORM_NO_FOLD, "US", 2));
    CHECK(!eg_normalize_equals("Us", 2, EG_NORM_NO_FOLD, "US", 2));
    CHECK(eg_normalize_equals("Us", 2, 0, "us", 2));
    CHECK(eg_normalize_equals(" New\n\tYork ", 11, EG_NORM_NO_FOLD, "New York", 8));
    CHECK(!eg_normalize_equals("New\n\nYork", 9, EG_NORM_NO_FOLD, "New York", 8));
    CHECK(eg_normalize_equals("Cafe\xcc\x81", 6, EG_NORM_NO_FOLD, "Caf\xc3\xa9", 5));
    CHECK(!eg_normalize_equals("Cafe", 4, EG_NORM_NO_FOLD, "Caf\xc3\xa9", 5));
    CHECK(!eg_normalize_equals("Caf\xc3\xa9s", 6, EG_NORM_NO_FOLD, "Caf\xc3\xa9", 5));
    CHECK(!eg_normalize_equals("a\xff", 2, 0, "a\xef\xbf\xbd", 4));
    CHECK(eg_normalize_equals("", 0, 0, "", 0));
    CHECK(eg_normalize_equals("  ", 2, 0, "", 0));
}

static void test_classes(void)
{
    CHECK(eg_is_word_char('a'));
    CHECK(eg_is_word_char('Z'));
    CHECK(eg_is_word_char('7'));
    CHECK(eg_is_word_char('_'));
    CHECK(eg_is_word_char(0xE9));   /* é */
    CHECK(eg_is_word_char(0xD55C)); /* 한 */
    CHECK(eg_is_word_char(0x0301)); /* combining acute (Mn) */
    CHECK(eg_is_word_char(0x00B2)); /* superscript two (No) */
    CHECK(!eg_is_word_char('-'));
    CHECK(!eg_is_word_char('\''));
    CHECK(!eg_is_word_char(' '));
    CHECK(!eg_is_word_char(0x2019));
    CHECK(!eg_is_word_char(0xFFFD));
    CHECK(!eg_is_word_char(-1));

    int32_t cp;
    const char *s = "a\xc3\xa9\xed\x95\x9c\xf0\x9f\x98\x80\xff";
    size_t len = strlen(s);
    CHECK_INT(eg_utf8_decode(s, len, 0, &cp), 1);
    CHECK_INT(cp, 'a');
    CHECK_INT(eg_utf8_decode(s, len, 1, &cp), 2);
    CHECK_INT(cp, 0xE9);
    CHECK_INT(eg_utf8_decode(s, len, 3, &cp), 3);
    CHECK_INT(cp, 0xD55C);
    CHECK_INT(eg_utf8_decode(s, len, 6, &cp), 4);
    CHECK_INT(cp, 0x1F600);
    CHECK_INT(eg_utf8_decode(s, len, 10, &cp), 1);
    CHECK_INT(cp, -1);
    CHECK_INT(eg_utf8_decode(s, 5, 3, &cp), 1); /* 한 cut short */
    CHECK_INT(cp, -1);
    CHECK_INT(eg_utf8_prev(s, 1), 0);
    CHECK_INT(eg_utf8_prev(s, 3), 1);
    CHECK_INT(eg_utf8_prev(s, 6), 3);
    CHECK_INT(eg_utf8_prev(s, 10), 6);
}

/* Normalising normalised text changes nothing (except that a paragraph break, emitted as a single "\n",
 * would read as one line end the second time; the samples have none). */
static void test_idempotent(void)
{
    const char *samples[] = {
        "Stra\xc3\x9f" "e \xc4\xb0stanbul", "e\xcc\xa3\xcc\x82 \xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab",
        "a\n b\xe2\x80\x99s", "\xce\x90 \xe1\xbe\x82 \xef\xac\x81", "x\xff y"};
    eg_normtext a, b;
    eg_normtext_init(&a);
    eg_normtext_init(&b);
    for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
        CHECK_INT(eg_normalize(samples[k], strlen(samples[k]), 0, &a, NULL), EG_OK);
        CHECK_INT(eg_normalize(a.text, a.len, 0, &b, NULL), EG_OK);
        CHECK(a.len == b.len && memcmp(a.text, b.text, a.len) == 0);
    }
    eg_normtext_destroy(&a);
    eg_normtext_destroy(&b);
}

/* Every allocation may fail: the result is EG_ERR_NOMEM or EG_OK, never a crash or a leak. */
static void test_alloc_failure(void)
{
    const char *s = "Caf\xc3\xa9 e\xcc\x81 \xed\x95\x9c\n\nKorea\xe2\x80\x99s  x";
    int failures = 0;
    for (long k = 1; k < 50; k++) {
        eg_normtext nt;
        eg_normtext_init(&nt);
        eg_error err;
        eg_alloc_fail_at = k;
        eg_status st = eg_normalize(s, strlen(s), 0, &nt, &err);
        eg_alloc_fail_at = 0;
        CHECK(st == EG_OK || st == EG_ERR_NOMEM);
        if (st == EG_ERR_NOMEM) {
            failures++;
            CHECK_INT(err.status, EG_ERR_NOMEM);
        }
        eg_normtext_destroy(&nt);
    }
    CHECK(failures >= 3);
}

int main(void)
{
    test_ascii();
    test_case_fold();
    test_nfd_input();
    test_white_space();
    test_typographic();
    test_invalid_utf8();
    test_offsets_exact();
    test_reuse();
    test_pathological();
    test_strings();
    test_classes();
    test_idempotent();
    test_alloc_failure();
    TEST_END();
}
