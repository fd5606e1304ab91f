/*
 * Unit tests for caps: which lines are all caps (a table of texts, each line marked), eg_caps_covers, the
 * case rules of aliases in such lines (eg_alias_accepts_ctx), the whole pipeline on a headline (short forms
 * and learned surnames stay out of it) with every allocation failing in turn, a long text, and allocation
 * failures. The matcher's cases are in tests/match/caps.tsv.
 */
#include "caps.h"
#include "dict.h"
#include "error.h"
#include "harness.h"
#include "matcher.h"

#include <stdlib.h>
#include <string.h>

typedef struct caps_case {
    const char *name;
    const char *text;
    const char *expected; /* the all-caps lines, joined by " | " */
} caps_case;

static const caps_case cases[] = {
    {"headline over prose", "TRUMP MEETS LEE JAE-MYUNG IN WASHINGTON\nThe two leaders met on Friday.",
     "TRUMP MEETS LEE JAE-MYUNG IN WASHINGTON"},
    {"dateline and slug", "SEOUL 2025-07-30\nBody text.\nSOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
     "SEOUL 2025-07-30 | SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT ."},
    {"three capitals at least", "WI\nUS 3\nUSA\nA B C", "USA | A B C"},
    {"one lower-case letter", "TRUMP MEETS LEE in WASHINGTON", ""},
    {"hangul makes a line mixed", "KBS 뉴스 LEE\nLEE SAYS KBS", "LEE SAYS KBS"},
    {"han and kana too", "NHK 東京 TOKYO\nNHK TOKYO ニュース", ""},
    {"greek and cyrillic capitals", "ΑΘΗΝΑ ΚΑΙ ΡΩΜΗ\nМОСКВА И КИЕВ\nÉTÉ é", "ΑΘΗΝΑ ΚΑΙ ΡΩΜΗ | МОСКВА И КИЕВ"},
    {"title case letter", "\xC7\x85UBROVNIK NEWS", ""}, /* U+01C5, the title-case Dž */
    {"line ends", "ONE TWO\r\nTHREE FOUR\rFIVE SIX\xC2\x85SEVEN\xE2\x80\xA8""EIGHT NINE\xE2\x80\xA9TEN ELEVEN",
     "ONE TWO | THREE FOUR | FIVE SIX | SEVEN | EIGHT NINE | TEN ELEVEN"},
    {"blank lines and no final break", "\n\nABC\n\n", "ABC"},
    {"invalid byte", "ABC \xFF DEF\nGHI \xC2 JKL", ""},
    {"digits and symbols only", "2025-07-30 12:00 $ 100\n---", ""},
    {"empty", "", ""},
};

static void render(const char *t, const eg_span *s, size_t n, char *out, size_t size)
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(out + k, k < size ? size - k : 0, "%s%.*s", i ? " | " : "",
                              (int)(s[i].end - s[i].start), t + s[i].start);
}

static void test_table(void)
{
    eg_span *spans = NULL;
    size_t n = 0, cap = 0;
    char got[1024];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const caps_case *c = &cases[i];
        CHECK_INT(eg_caps_lines(c->text, strlen(c->text), &spans, &n, &cap, NULL), EG_OK);
        render(c->text, spans, n, got, sizeof got);
        if (strcmp(got, c->expected) != 0)
            fprintf(stderr, "case \"%s\":\n", c->name);
        CHECK_STR(got, c->expected);
        for (size_t k = 1; k < n; k++)
            CHECK(spans[k - 1].end < spans[k].start);
    }
    free(spans);
}

/* Only text[0..len) is read: a headline cut short before its third capital is no all-caps line. */
static void test_not_terminated(void)
{
    const char buf[] = {'A', 'B', 'C', 'D'};
    eg_span *spans = NULL;
    size_t n = 0, cap = 0;
    CHECK_INT(eg_caps_lines(buf, 2, &spans, &n, &cap, NULL), EG_OK);
    CHECK_INT(n, 0);
    CHECK_INT(eg_caps_lines(buf, 3, &spans, &n, &cap, NULL), EG_OK);
    CHECK_INT(n, 1);
    free(spans);
}

static void test_covers(void)
{
    const char *t = "ONE TWO\nmixed Line\nTHREE FOUR";
    eg_span *spans = NULL;
    size_t n = 0, cap = 0;
    CHECK_INT(eg_caps_lines(t, strlen(t), &spans, &n, &cap, NULL), EG_OK);
    CHECK_INT(n, 2);
    CHECK(eg_caps_covers(spans, n, 0, 3));    /* ONE */
    CHECK(eg_caps_covers(spans, n, 4, 7));    /* TWO, up to the line end */
    CHECK(!eg_caps_covers(spans, n, 4, 9));   /* runs into the mixed line */
    CHECK(!eg_caps_covers(spans, n, 8, 13));  /* mixed */
    CHECK(eg_caps_covers(spans, n, 19, 24));  /* THREE */
    CHECK(eg_caps_covers(spans, n, 19, 19));  /* empty, at a capital */
    CHECK(!eg_caps_covers(spans, n, 7, 7));   /* the line break itself */
    CHECK(!eg_caps_covers(spans, 0, 0, 3));
    const char *two = "NEWS FROM APPLE\nINC. TODAY";
    CHECK_INT(eg_caps_lines(two, strlen(two), &spans, &n, &cap, NULL), EG_OK);
    CHECK(eg_caps_covers(spans, n, 10, 20)); /* "APPLE\nINC.": both ends in all-caps lines */
    free(spans);
}

static const eg_alias *find_alias(const eg_dict *d, const char *text)
{
    for (uint32_t i = 0; i < eg_dict_n_aliases(d); i++) {
        const eg_alias *a = eg_dict_alias(d, i);
        if (a->len == strlen(text) && memcmp(a->text, text, a->len) == 0)
            return a;
    }
    return NULL;
}

/* The case rules of an alias in an all-caps line (dict.h, matcher.h). */
static void test_accepts(void)
{
    eg_dict *d = eg_dict_new();
    CHECK(d != NULL);
    if (!d)
        return;
    CHECK_INT(eg_dict_add(d, "p:trump", "person", "Donald Trump", "Trump", NULL, NULL, NULL), EG_OK);
    CHECK_INT(eg_dict_add(d, "p:may", "person", "Theresa May", NULL, NULL, "May", NULL), EG_OK);
    CHECK_INT(eg_dict_add(d, "o:apple", "organization", "Apple Incorporated", NULL, "Apple Inc.|Fed", NULL, NULL),
              EG_OK);
    CHECK_INT(eg_dict_add(d, "p:lee", "person", "Lee Jae-myung", NULL, NULL, "Jae-myung Lee", NULL), EG_OK);
    CHECK_INT(eg_dict_add(d, "c:usa", "country", "United States", "US|u.s. forces", NULL, NULL, NULL), EG_OK);
    const eg_alias *trump = find_alias(d, "Trump"), *may = find_alias(d, "May"), *inc = find_alias(d, "Apple Inc."),
                   *fed = find_alias(d, "Fed"), *lee = find_alias(d, "Jae-myung Lee"), *us = find_alias(d, "US"),
                   *forces = find_alias(d, "u.s. forces");
    CHECK(trump && may && inc && fed && lee && us && forces);
    if (!(trump && may && inc && fed && lee && us && forces)) {
        eg_dict_free(d);
        return;
    }
    unsigned caps = EG_ACCEPT_CAPS_LINE;
    CHECK(eg_alias_accepts_ctx(trump, "TRUMP", 5, caps));       /* cased, one word: as everywhere */
    CHECK(eg_alias_accepts_ctx(trump, "TRUMP", 5, 0));
    CHECK(!eg_alias_accepts_ctx(may, "MAY", 3, caps));          /* a short form of one word */
    CHECK(eg_alias_accepts_ctx(may, "MAY", 3, 0));
    CHECK(eg_alias_accepts_ctx(may, "May", 3, 0));
    CHECK(eg_alias_accepts_ctx(inc, "APPLE INC.", 10, caps));   /* exact, several words */
    CHECK(!eg_alias_accepts_ctx(inc, "APPLE INC.", 10, 0));
    CHECK(eg_alias_accepts_ctx(inc, "Apple Inc.", 10, 0));
    CHECK(!eg_alias_accepts_ctx(fed, "FED", 3, caps));          /* exact, one word */
    CHECK(eg_alias_accepts_ctx(fed, "Fed", 3, caps));
    CHECK(eg_alias_accepts_ctx(lee, "JAE-MYUNG LEE", 13, caps)); /* a short form of several words */
    CHECK(eg_alias_accepts_ctx(us, "US", 2, caps));             /* acronyms stay exact */
    CHECK(!eg_alias_accepts_ctx(us, "Us", 2, caps));
    CHECK(eg_alias_accepts_ctx(forces, "U.S. FORCES", 11, caps)); /* lower case: any case, anywhere */
    CHECK(eg_alias_accepts_ctx(forces, "U.S. FORCES", 11, 0));
    eg_dict_free(d);
}

/* The pipeline with name discovery (so surnames are learned): in the headline "MAY" and "LEE" are nobody,
 * below it "Lee" is a short form and "May" the learned surname; "APPLE INC." is the exact name. */
static const char pipe_text[] = "Theresa May met Lee Jae-myung at Apple Inc.\n"
                                "PRICES MAY RISE, LEE SAYS AS APPLE INC. GROWS\n"
                                "Later Lee and May spoke.";
static const char *const pipe_want = "0-11 16-29 33-43 73-83 96-99 104-107";

static void mentions(const eg_doc_result *res, char *out, size_t size)
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < res->n_mentions; i++)
        k += (size_t)snprintf(out + k, k < size ? size - k : 0, "%s%zu-%zu", i ? " " : "",
                              res->mentions[i].start, res->mentions[i].end);
}

static void test_pipeline(void)
{
    eg_dict *d = eg_dict_new();
    eg_matcher *m = NULL;
    eg_pipeline *p = NULL;
    CHECK(d != NULL);
    if (!d)
        return;
    CHECK_INT(eg_dict_add(d, "p:may", "person", "Theresa May", NULL, NULL, NULL, NULL), EG_OK);
    CHECK_INT(eg_dict_add(d, "p:lee", "person", "Lee Jae-myung", NULL, NULL, "Lee", NULL), EG_OK);
    CHECK_INT(eg_dict_add(d, "o:apple", "organization", "Apple Incorporated", NULL, "Apple Inc.", NULL, NULL),
              EG_OK);
    CHECK_INT(eg_matcher_new(d, &m, NULL), EG_OK);
    CHECK_INT(eg_pipeline_new(d, m, &p, NULL), EG_OK);
    if (!p) {
        eg_matcher_free(m);
        eg_dict_free(d);
        return;
    }
    eg_pipeline_set_discovery(p, NULL);
    char got[256];
    eg_doc_result res;
    eg_doc_result_init(&res);
    CHECK_INT(eg_pipeline_process(p, pipe_text, sizeof pipe_text - 1, &res, NULL), EG_OK);
    mentions(&res, got, sizeof got);
    CHECK_STR(got, pipe_want);
    eg_doc_result_destroy(&res);
    /* Every allocation of a document's analysis fails in turn: a clean EG_ERR_NOMEM or the right answer. */
    int bad = 0;
    long k;
    for (k = 1; k < 2000; k++) {
        eg_doc_result r;
        eg_doc_result_init(&r);
        eg_error err;
        eg_alloc_fail_at = k;
        eg_status st = eg_pipeline_process(p, pipe_text, sizeof pipe_text - 1, &r, &err);
        bool done = eg_alloc_fail_at > 0;
        eg_alloc_fail_at = 0;
        if (st == EG_OK) {
            mentions(&r, got, sizeof got);
            bad += strcmp(got, pipe_want) != 0;
        } else {
            bad += st != EG_ERR_NOMEM || err.status != EG_ERR_NOMEM;
        }
        eg_doc_result_destroy(&r);
        if (done)
            break;
    }
    CHECK_INT(bad, 0);
    CHECK(k < 2000);
    eg_pipeline_free(p);
    eg_matcher_free(m);
    eg_dict_free(d);
}

/* A long text of alternating headline and prose lines: linear, every headline found. */
static void test_long(void)
{
    const char *unit = "PRICES MAY RISE AGAIN\nPrices may rise again, the minister said on Monday.\n";
    size_t ul = strlen(unit), reps = 100000, len = ul * reps;
    char *t = malloc(len);
    eg_span *spans = NULL;
    size_t n = 0, cap = 0;
    if (!t) {
        CHECK(!"malloc");
        return;
    }
    for (size_t i = 0; i < reps; i++)
        memcpy(t + i * ul, unit, ul);
    CHECK_INT(eg_caps_lines(t, len, &spans, &n, &cap, NULL), EG_OK);
    CHECK_INT(n, reps);
    CHECK(n == reps && spans[reps - 1].start == (reps - 1) * ul && spans[reps - 1].end == (reps - 1) * ul + 21);
    free(spans);
    free(t);
}

static void test_alloc_failures(void)
{
    const char *text = "ONE\nTWO\nTHREE\nFOUR\nFIVE\nSIX\nSEVEN\nEIGHT\nNINE\nTEN\nELEVEN\nTWELVE";
    int k, bad = 0;
    for (k = 1; k < 50; k++) {
        eg_span *spans = NULL;
        size_t n = 0, cap = 0;
        eg_error err;
        eg_alloc_fail_at = k;
        eg_status st = eg_caps_lines(text, strlen(text), &spans, &n, &cap, &err);
        bool done = eg_alloc_fail_at > 0;
        eg_alloc_fail_at = 0;
        if (done) {
            CHECK_INT(st, EG_OK);
            CHECK_INT(n, 12);
        } else {
            bad += st != EG_ERR_NOMEM || err.status != EG_ERR_NOMEM || n != 0;
        }
        free(spans);
        if (done)
            break;
    }
    CHECK_INT(bad, 0);
    CHECK(k < 50);
}

int main(void)
{
    test_table();
    test_not_terminated();
    test_covers();
    test_accepts();
    test_pipeline();
    test_long();
    test_alloc_failures();
    TEST_END();
}
