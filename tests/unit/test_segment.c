/*
 * Unit tests for segment: a table of texts and their expected segmentation, grouped by rule, plus the
 * invariants checked on every case (sentences inside one paragraph, in order, trimmed, covering every
 * non-space byte), pathological inputs (a 10 MB line, millions of abbreviations) and allocation failures.
 *
 * Expected segmentations are written as the sentences joined by " | ", paragraphs joined by " ¶ ".
 */
#include "error.h"
#include "harness.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct seg_case {
    const char *name;
    const char *text;
    const char *expected;
} seg_case;

static const seg_case cases[] = {
    /* punctuation */
    {"basic", "One. Two! Three? Four", "One. | Two! | Three? | Four"},
    {"lower case next", "The ratio was 3.5 and rising. it goes on.", "The ratio was 3.5 and rising. it goes on."},
    {"digit next", "Sales rose. 25 pct came from Asia.", "Sales rose. | 25 pct came from Asia."},
    {"no space", "Visit example.com today. See U.S.-Korea ties.", "Visit example.com today. | See U.S.-Korea ties."},
    {"ellipsis", "Wait… What happened? Nothing... really.", "Wait… | What happened? | Nothing... really."},
    {"runs", "Really?! Yes.", "Really?! | Yes."},
    {"closing quote", "He said \"no.\" Then he left.", "He said \"no.\" | Then he left."},
    {"curly quotes", "She said “yes.” “Good,” he replied.", "She said “yes.” | “Good,” he replied."},
    {"question in quote", "\"Why?\" he asked.", "\"Why?\" he asked."},
    {"bracket", "(He left.) Then it rained.", "(He left.) | Then it rained."},
    {"nbsp", "One.\xC2\xA0Two.", "One. | Two."},
    {"cjk", "東京に行った。大阪にも行った。", "東京に行った。 | 大阪にも行った。"},
    /* abbreviations */
    {"titles", "Mr. Smith met Dr. Jones and Gen. Lee. They talked.",
     "Mr. Smith met Dr. Jones and Gen. Lee. | They talked."},
    {"more titles", "Sen. Kim, Rep. Park, Gov. Lee, Lt. Col. Choi and Prof. Han spoke.",
     "Sen. Kim, Rep. Park, Gov. Lee, Lt. Col. Choi and Prof. Han spoke."},
    {"initials", "J. R. R. Tolkien wrote it. Kim J. Smith agreed.",
     "J. R. R. Tolkien wrote it. | Kim J. Smith agreed."},
    {"initial ends", "It was World War I. He fought in it.", "It was World War I. | He fought in it."},
    {"initial before A.", "J. A. Smith came.", "J. A. Smith came."},
    {"dotted inside", "The bill passed in the U.S. Senate on Monday.",
     "The bill passed in the U.S. Senate on Monday."},
    {"dotted lower", "He is in the U.S. on Monday and in D.C. at 9 a.m. today.",
     "He is in the U.S. on Monday and in D.C. at 9 a.m. today."},
    {"dotted ends", "He went to the U.S. The next day he left.", "He went to the U.S. | The next day he left."},
    {"dotted in quote ends", "\"I love the U.K.\" Sales grew.", "\"I love the U.K.\" | Sales grew."},
    {"e.g.", "Some fruit, e.g. Apples, are red. Fine.", "Some fruit, e.g. Apples, are red. | Fine."},
    {"vs.", "Lakers vs. Celtics ended late.", "Lakers vs. Celtics ended late."},
    {"company", "He works for Apple Inc. The company grew. Acme Corp. Chairman Lee spoke.",
     "He works for Apple Inc. | The company grew. | Acme Corp. Chairman Lee spoke."},
    {"jr", "Martin Luther King Jr. He spoke.", "Martin Luther King Jr. | He spoke."},
    {"no.", "He is No. 1 in the world. No. Stop it.", "He is No. 1 in the world. | No. | Stop it."},
    {"months", "On Jan. 5 the talks began. They ended in Sept. The deal failed.",
     "On Jan. 5 the talks began. | They ended in Sept. | The deal failed."},
    {"etc.", "Apples, pears, etc. But not plums.", "Apples, pears, etc. | But not plums."},
    {"street", "He lives on Main St. It is quiet. St. Louis is far.",
     "He lives on Main St. | It is quiet. | St. Louis is far."},
    /* Korean and mixed */
    {"korean", "정부는 발표했다. 그는 동의했다. 끝", "정부는 발표했다. | 그는 동의했다. | 끝"},
    {"korean yo", "좋아요. 정말요? 네!", "좋아요. | 정말요? | 네!"},
    {"korean quote", "\"좋다.\" 그는 말했다.", "\"좋다.\" | 그는 말했다."},
    {"korean two spaces", "개최한다고 20일 밝혔다  첫날에는 배우가 나온다",
     "개최한다고 20일 밝혔다 | 첫날에는 배우가 나온다"},
    {"korean one space", "다 같이 간다 그리고 온다", "다 같이 간다 | 그리고 온다"},
    {"korean line break", "그는 말했다\n우리는 간다", "그는 말했다 | 우리는 간다"},
    /* Korean without punctuation: a word in a sentence ending (-다 after a final consonant, 니 or 이; -요,
     * -죠, -ㄹ까, -ㅂ니까) followed by another word in the line */
    {"korean endings", "정부는 발표했다 그는 동의했다 회의는 내일 열린다 결과가 좋습니다 정말입니까 그렇죠 어떻게 될까 "
     "재미있어요 계획이다 끝",
     "정부는 발표했다 | 그는 동의했다 | 회의는 내일 열린다 | 결과가 좋습니다 | 정말입니까 | 그렇죠 | 어떻게 될까 | "
     "재미있어요 | 계획이다 | 끝"},
    {"korean adjectives", "값이 없다 물이 많다 길이 같다 산이 높다 끝", "값이 없다 | 물이 많다 | 길이 같다 | 산이 높다 | 끝"},
    {"korean nouns in 다 요 까", "푸른 바다 위로 필요 없는 요요 까까 사이다 르완다 정부는 보다 많은 주요 수요 인기가요 개요 발표",
     "푸른 바다 위로 필요 없는 요요 까까 사이다 르완다 정부는 보다 많은 주요 수요 인기가요 개요 발표"},
    {"korean because", "비가 오니까 우산을 챙겼다 그리고 갔다", "비가 오니까 우산을 챙겼다 | 그리고 갔다"},
    {"korean stripped quote", "그는 문제가 있다 고 말했다 그녀는 좋았다 며 웃었다 그들은 간다 라고 했다",
     "그는 문제가 있다 고 말했다 | 그녀는 좋았다 며 웃었다 | 그들은 간다 라고 했다"},
    {"korean nfd", "그는 말\xE1\x84\x92\xE1\x85\xA2\xE1\x86\xBB\xE1\x84\x83\xE1\x85\xA1 우리는 "
     "\xE1\x84\x8B\xE1\x85\xB5\xE1\x86\xB8\xE1\x84\x82\xE1\x85\xB5\xE1\x84\x81\xE1\x85\xA1 그 "
     "\xE1\x84\x80\xE1\x85\xA5\xE1\x84\x8B\xE1\x85\xA8\xE1\x84\x8B\xE1\x85\xAD 끝 말\xED\x95\x98\xE1\x86\xBB다 끝",
     "그는 말\xE1\x84\x92\xE1\x85\xA2\xE1\x86\xBB\xE1\x84\x83\xE1\x85\xA1 | 우리는 "
     "\xE1\x84\x8B\xE1\x85\xB5\xE1\x86\xB8\xE1\x84\x82\xE1\x85\xB5\xE1\x84\x81\xE1\x85\xA1 | 그 "
     "\xE1\x84\x80\xE1\x85\xA5\xE1\x84\x8B\xE1\x85\xA8\xE1\x84\x8B\xE1\x85\xAD | 끝 말\xED\x95\x98\xE1\x86\xBB다 | 끝"},
    {"korean mixed no punctuation", "Lee Jae-myung 대통령은 Trump와 만났다 They talked",
     "Lee Jae-myung 대통령은 Trump와 만났다 | They talked"},
    {"korean two spaces after any 다", "푸른 바다  넓은 하늘", "푸른 바다 | 넓은 하늘"},
    {"korean ending at the end of a line", "그는 갔어요\n끝", "그는 갔어요 | 끝"},
    {"mixed", "한국은 U.S. 관세에 대응했다. Trump said no. 그는 웃었다. 조지 W. 부시 대통령.",
     "한국은 U.S. 관세에 대응했다. | Trump said no. | 그는 웃었다. | 조지 W. 부시 대통령."},
    /* paragraphs and lines */
    {"paragraphs", "Para one. Still one.\n\nPara two.\n \t\nPara three",
     "Para one. | Still one. ¶ Para two. ¶ Para three"},
    {"u+2029", "One\xE2\x80\xA9Two", "One ¶ Two"},
    {"u+2028", "One\xE2\x80\xA8two", "One | two"},
    {"abbrev not across paragraphs", "He met Mr.\n\nSmith", "He met Mr. ¶ Smith"},
    {"crlf", "Title line\r\n\r\nBody one. Body two.\r\nNext line", "Title line ¶ Body one. | Body two. | Next line"},
    {"lone cr", "a\rb\r\rc", "a | b ¶ c"},
    {"headlines", "Wi Seong-rak\nNational Security Advisor\nWashington DC\ntariff negotiations\ntrade talks",
     "Wi Seong-rak | National Security Advisor | Washington DC | tariff negotiations | trade talks"},
    {"unwrapped line break", "He met Mr.\nSmith", "He met Mr. | Smith"},
    {"trim", "   Leading and trailing.   \n\n  \n", "Leading and trailing."},
    {"empty", "", ""},
    {"blank", " \n\t\r\n ", ""},
    {"invalid utf8", "Bad \xFF\xFE bytes. \xFF starts one.", "Bad \xFF\xFE bytes. | \xFF starts one."},
    /* hard-wrapped text (wire style): joined lines, indentation starts a paragraph, first line exempt */
    {"wrapped",
     "Secretary of State George\n"
     "Shultz said on Monday that the cocoa zone, alleviating the\n"
     "drought since early January and improving prospects for the\n"
     "coming temporao, was not restored, Comissaria Smith said.\n"
     "    The dry period means the temporao will be late this year.\n"
     "    Arrivals for the week ended February 22 were 155,221 bags\n"
     "of 60 kilos. Again it seems that cocoa delivered earlier was\n"
     "included.\n"
     " Reuter",
     "Secretary of State George\nShultz said on Monday that the cocoa zone, alleviating the\n"
     "drought since early January and improving prospects for the\n"
     "coming temporao, was not restored, Comissaria Smith said. ¶ "
     "The dry period means the temporao will be late this year. ¶ "
     "Arrivals for the week ended February 22 were 155,221 bags\nof 60 kilos. | "
     "Again it seems that cocoa delivered earlier was\nincluded. ¶ Reuter"},
    {"wrapped heading",
     "The board also detailed export registrations for the main\n"
     "products, as shown in the table below in more detail.\n"
     "Wheat Exports\n"
     "The wheat figures were higher than expected by analysts in\n"
     "the market this week, traders said on Monday in London.",
     "The board also detailed export registrations for the main\n"
     "products, as shown in the table below in more detail. | Wheat Exports | "
     "The wheat figures were higher than expected by analysts in\n"
     "the market this week, traders said on Monday in London."},
    {"wrapped capital continuation",
     "The company said its results for the year would exceed\n"
     "analyst forecasts, said Chairman Kenneth Douglas of Dean\n"
     "Foods Co in an interview with reporters in Chicago today.\n"
     "He repeated an earlier projection on third-quarter sales.",
     "The company said its results for the year would exceed\n"
     "analyst forecasts, said Chairman Kenneth Douglas of Dean\n"
     "Foods Co in an interview with reporters in Chicago today. | "
     "He repeated an earlier projection on third-quarter sales."},
    {"wrapped korean da",
     "The delegation said in a statement released late on Monday\n"
     "that talks with the government would resume next week 했다\n"
     "after a short break requested by the trade ministry officials\n"
     "of both countries, who met in Seoul and Washington this year.",
     "The delegation said in a statement released late on Monday\n"
     "that talks with the government would resume next week 했다 | "
     "after a short break requested by the trade ministry officials\n"
     "of both countries, who met in Seoul and Washington this year."},
    {"wrapped korean yo",
     "The delegation said in a statement released late on Monday\n"
     "that talks with the government would resume next week 했어요\n"
     "after a short break requested by the trade ministry officials\n"
     "of both countries, who met in Seoul and Washington this year.",
     "The delegation said in a statement released late on Monday\n"
     "that talks with the government would resume next week 했어요 | "
     "after a short break requested by the trade ministry officials\n"
     "of both countries, who met in Seoul and Washington this year."},
    {"wrapped korean noun",
     "The delegation said in a statement released late on Monday\n"
     "that talks with the government would resume soon near 바다\n"
     "after a short break requested by the trade ministry officials\n"
     "of both countries, who met in Seoul and Washington this year.",
     "The delegation said in a statement released late on Monday\n"
     "that talks with the government would resume soon near 바다\n"
     "after a short break requested by the trade ministry officials\n"
     "of both countries, who met in Seoul and Washington this year."},
};

static bool all_space(const char *t, size_t a, size_t b)
{
    while (a < b) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)t + a, (utf8proc_ssize_t)(b - a), &c);
        if (n <= 0)
            return false;
        utf8proc_category_t k = utf8proc_category(c);
        if (!(c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || k == UTF8PROC_CATEGORY_ZS ||
              k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP))
            return false;
        a += (size_t)n;
    }
    return true;
}

/* Checks the invariants of eg_segment's output; returns the number of violations. */
static int check_invariants(const char *t, size_t len, const eg_span_vec *p, const eg_span_vec *s)
{
    int bad = 0;
    size_t j = 0, prev = 0;
    for (size_t i = 0; i < p->n; i++) {
        const eg_span *ps = &p->items[i];
        bad += !(ps->start < ps->end && ps->end <= len && ps->start >= prev);
        bad += !all_space(t, prev, ps->start);
        size_t at = ps->start;
        size_t first = j;
        for (; j < s->n && s->items[j].start < ps->end; j++) {
            const eg_span *ss = &s->items[j];
            bad += !(ss->start < ss->end && ss->end <= ps->end && ss->start >= at);
            bad += !all_space(t, at, ss->start); /* covers every non-space byte */
            bad += all_space(t, ss->start, ss->start + 1) || all_space(t, ss->end - 1, ss->end);
            at = ss->end;
        }
        bad += j == first; /* a paragraph has at least one sentence */
        bad += at != ps->end;
        prev = ps->end;
    }
    bad += j != s->n;
    bad += !all_space(t, prev, len);
    return bad;
}

static void render(const char *t, const eg_span_vec *p, const eg_span_vec *s, char *out, size_t size)
{
    size_t n = 0, j = 0;
    out[0] = '\0';
    for (size_t i = 0; i < p->n; i++) {
        if (i)
            n += (size_t)snprintf(out + n, n < size ? size - n : 0, " ¶ ");
        for (size_t k = 0; j < s->n && s->items[j].start < p->items[i].end; j++, k++)
            n += (size_t)snprintf(out + n, n < size ? size - n : 0, "%s%.*s", k ? " | " : "",
                                  (int)(s->items[j].end - s->items[j].start), t + s->items[j].start);
    }
}

static void test_table(void)
{
    eg_span_vec p = {0}, s = {0};
    char got[4096];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const seg_case *c = &cases[i];
        size_t len = strlen(c->text);
        eg_error err;
        CHECK_INT(eg_segment(c->text, len, &p, &s, &err), EG_OK);
        render(c->text, &p, &s, got, sizeof got);
        if (strcmp(got, c->expected) != 0)
            fprintf(stderr, "case \"%s\":\n", c->name);
        CHECK_STR(got, c->expected);
        CHECK_INT(check_invariants(c->text, len, &p, &s), 0);
    }
    eg_span_vec_destroy(&p);
    eg_span_vec_destroy(&s);
}

/* Text need not be NUL-terminated: only text[0..len) is read. */
static void test_not_terminated(void)
{
    eg_span_vec p = {0}, s = {0};
    const char buf[] = {'H', 'i', '.', ' ', 'Y', 'o', '.', ' ', 'M', 'r', '.'};
    CHECK_INT(eg_segment(buf, 7, &p, &s, NULL), EG_OK);
    CHECK_INT(s.n, 2);
    CHECK_INT(s.items[1].end, 7);
    eg_span_vec_destroy(&p);
    eg_span_vec_destroy(&s);
    eg_span_vec_destroy(NULL);
}

/* A 10 MB line without punctuation, and 10 MB of abbreviations: linear, one sentence each. */
static void test_pathological(void)
{
    size_t len = 10u << 20;
    char *t = malloc(len);
    eg_span_vec p = {0}, s = {0};
    if (!t) {
        CHECK(!"malloc");
        return;
    }
    for (size_t i = 0; i < len; i++)
        t[i] = i % 6 == 5 ? ' ' : "word"[i % 6 % 4];
    t[len - 1] = 'x';
    CHECK_INT(eg_segment(t, len, &p, &s, NULL), EG_OK);
    CHECK_INT(p.n, 1);
    CHECK_INT(s.n, 1);
    CHECK_INT(s.items[0].end - s.items[0].start, len);
    for (size_t i = 0; i < len; i++)
        t[i] = "Mr. "[i % 4];
    t[len - 1] = 'X';
    CHECK_INT(eg_segment(t, len, &p, &s, NULL), EG_OK);
    CHECK_INT(s.n, 1);
    for (size_t i = 0; i < len; i++) /* millions of short lines (not wrapped: each a sentence) */
        t[i] = "ab\n"[i % 3];
    CHECK_INT(eg_segment(t, len, &p, &s, NULL), EG_OK);
    CHECK_INT(p.n, 1);
    CHECK_INT(s.n, (len + 2) / 3);
    free(t);
    eg_span_vec_destroy(&p);
    eg_span_vec_destroy(&s);
}

static void test_alloc_failures(void)
{
    const char *text = "One. Two. Three.\n\nFour. Five.\n\nSix. Seven. Eight. Nine. Ten. Eleven. Twelve.";
    int k, bad = 0;
    for (k = 1; k < 50; k++) {
        eg_span_vec p = {0}, s = {0};
        eg_error err;
        eg_alloc_fail_at = k;
        eg_status st = eg_segment(text, strlen(text), &p, &s, &err);
        bool done = eg_alloc_fail_at > 0;
        eg_alloc_fail_at = 0;
        if (done) {
            CHECK_INT(st, EG_OK);
            CHECK_INT(s.n, 12);
        } else {
            bad += st != EG_ERR_NOMEM || err.status != EG_ERR_NOMEM || p.n != 0 || s.n != 0;
        }
        eg_span_vec_destroy(&p);
        eg_span_vec_destroy(&s);
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
    test_pathological();
    test_alloc_failures();
    TEST_END();
}
