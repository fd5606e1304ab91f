/*
 * fuzz_pipeline: the text pipeline (normalise -> match -> segment -> resolve) on arbitrary text, checked
 * against a slow reference matcher written here from the rules in matcher.h.
 *
 * Input: either plain text, scanned with a built-in dictionary (English and Korean names, cased and exact
 * aliases, short forms, aliases that are prefixes of each other), or "LINES\n====\nTEXT", where each of LINES
 * is the name, aliases, exact and short cells of one entity (tab-separated, as in a TSV row after id and
 * type) and TEXT is scanned with that dictionary.
 *
 * The reference tries every alias key at every offset of the normalised text, keeps those that start and end
 * on cluster and word boundaries (a key may also end before a Korean particle) and whose surface one of the
 * key's aliases accepts (in an all-caps line or not, which it finds naively) and that do not cross the start
 * of a sentence beginning on a new line, and takes them leftmost-longest. Invariants checked: the matcher
 * finds exactly the reference's matches (and says alike whether each lies in an all-caps line); every
 * mention is one of them, in text order, without overlap, inside the input, on UTF-8 code point boundaries
 * of the original text, with an alias of its own entity whose key is the normalised surface; sentences and
 * paragraphs are ordered, disjoint and inside the input, and each mention lies in the sentence it names.
 */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "dict.h"
#include "entgraph.h"
#include "fuzz.h"
#include "matcher.h"
#include "normalize.h"
#include "segment.h"

enum { MAX_TEXT = 8192, MAX_DICT_LINES = 64 };

static const char builtin_tsv[] =
    "id\ttype\tname\taliases\texact\tshort\n"
    "country:USA\tcountry\tUnited States\tUS|U.S.|America|미국\t\t\n"
    "country:KOR\tcountry\tSouth Korea\tKorea|ROK|한국|대한민국\t\t\n"
    "person:trump\tperson\tDonald Trump\t도널드 트럼프\t\tTrump|트럼프\n"
    "person:lee\tperson\tLee Jae-myung\t이재명\t\tLee\n"
    "person:lee2\tperson\tLee Kyung-ho\t\t\tLee\n"
    "org:who\torganization\tWorld Health Organization\t\tWHO\t\n"
    "x:a\tthing\ta\tab|abc|abcd\t\t\n"
    "x:b\tthing\tb\tbce|bc\t\t\n"
    "x:cafe\tthing\tCafé Zoë\tcafe\t\t\n"
    "x:ko\tthing\t가\t가나|가나다|가나다라\t\t\n"
    "x:dash\tthing\tKim–Lee pact\t\t\t\n"
    "org:apple\torganization\tApple\t\tApple Inc.|Fed\t\n";

/* Korean particles a key may end before (matcher.c's list, kept in step with it by the tests). */
static const char *const particles[] = {
    "에게서", "으로서", "으로써", "에서는", "에서도", "에서의", "으로는", "으로도", "에게는", "에게도",
    "께서는", "까지는", "까지도", "부터는", "이라고", "이라는", "이라며", "이라도", "에게", "에서",
    "으로", "께서", "부터", "까지", "처럼", "보다", "한테", "이나", "이랑", "이며", "이고", "이다",
    "이자", "이란", "라고", "라는", "라며", "라도", "에는", "에도", "에의", "와의", "과의", "와는",
    "과는", "와도", "과도", "로는", "로도", "로서", "로써", "만의", "만큼", "마저", "조차", "밖에",
    "같이", "대로", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "만",
    "로", "나", "랑", "께", "며", "엔", "야", "란", "뿐"};

static eg_dict *builtin;
static eg_matcher *builtin_m;
static eg_pipeline *builtin_p;

static int32_t cp_at(const eg_normtext *nt, size_t i)
{
    int32_t cp;
    eg_utf8_decode(nt->text, nt->len, i, &cp);
    return cp;
}

static int32_t cp_before(const eg_normtext *nt, size_t i)
{
    return cp_at(nt, eg_utf8_prev(nt->text, i));
}

static bool word_at(const eg_normtext *nt, size_t i)
{
    return i < nt->len && eg_is_word_char(cp_at(nt, i));
}

static bool ref_end_ok(const eg_normtext *nt, size_t e)
{
    if (!eg_normtext_is_boundary(nt, e))
        return false;
    if (!word_at(nt, e) || !eg_is_word_char(cp_before(nt, e)))
        return true;
    for (size_t k = 0; k < sizeof particles / sizeof particles[0]; k++) {
        size_t n = strlen(particles[k]);
        if (n <= nt->len - e && memcmp(nt->text + e, particles[k], n) == 0 &&
            eg_normtext_is_boundary(nt, e + n) && !word_at(nt, e + n))
            return true;
    }
    return false;
}

static int cmp_match(const void *pa, const void *pb)
{
    const eg_match *a = pa, *b = pb;
    if (a->nstart != b->nstart)
        return a->nstart < b->nstart ? -1 : 1;
    return a->nend > b->nend ? -1 : a->nend < b->nend;
}

/* Is byte pos of text[0..len) in an all-caps line (caps.h), read naively: the code points of its line, at
 * least 3 of them upper-case letters, none a lower-case, title-case or caseless letter or an invalid byte? */
static bool ref_caps_line(const char *text, size_t len, size_t pos)
{
    size_t line = 0, p = 0;
    int32_t cp;
    while (p < len) { /* the line holding pos starts after the last line break before it */
        size_t n = eg_utf8_decode(text, len, p, &cp);
        if (p >= pos)
            break;
        p += n;
        if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
            line = p;
    }
    size_t upper = 0;
    for (p = line; p < len;) {
        p += eg_utf8_decode(text, len, p, &cp);
        if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
            break;
        if (cp < 0)
            return false;
        utf8proc_category_t c = utf8proc_category(cp);
        if (c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LO)
            return false;
        upper += c == UTF8PROC_CATEGORY_LU;
    }
    return upper >= 3;
}

/* The reference matches of dict over nt (orig[0..len)): a malloc'd array of *n, or NULL for none. */
static eg_match *reference_scan(const eg_dict *dict, const eg_normtext *nt, const char *orig, size_t len,
                                const size_t *bar, size_t n_bar, size_t *n)
{
    size_t n_aliases = eg_dict_n_aliases(dict), cap = 0;
    eg_match *cand = NULL;
    *n = 0;
    for (size_t s = 0; s < nt->len; s++) {
        if (!eg_normtext_is_boundary(nt, s))
            continue;
        bool word_before = s > 0 && eg_is_word_char(cp_before(nt, s));
        for (uint32_t a = 0; a < n_aliases; a++) {
            const eg_alias *al = eg_dict_alias(dict, a);
            size_t e = s + al->key_len;
            if (e > nt->len || memcmp(nt->text + s, al->key, al->key_len) != 0)
                continue;
            int32_t first;
            eg_utf8_decode(al->key, al->key_len, 0, &first);
            if (word_before && eg_is_word_char(first))
                continue;
            if (!ref_end_ok(nt, e))
                continue;
            size_t os = eg_normtext_orig(nt, s), oe = eg_normtext_orig(nt, e);
            FUZZ_ASSERT(os <= oe && oe <= len);
            bool caps = ref_caps_line(orig, len, os) && ref_caps_line(orig, len, oe > os ? oe - 1 : os);
            if (!eg_alias_accepts_ctx(al, orig + os, oe - os, caps ? EG_ACCEPT_CAPS_LINE : 0))
                continue;
            bool crosses = false;
            for (size_t b = 0; b < n_bar && !crosses; b++)
                crosses = os < bar[b] && bar[b] < oe;
            if (crosses)
                continue;
            bool dup = false;
            for (size_t k = 0; k < *n && !dup; k++)
                dup = cand[k].nstart == s && cand[k].nend == e;
            if (dup)
                continue;
            if (*n == cap) {
                cap = cap ? cap * 2 : 16;
                eg_match *nc = realloc(cand, cap * sizeof *cand);
                FUZZ_ASSERT(nc != NULL);
                cand = nc;
            }
            cand[(*n)++] = (eg_match){os, oe, s, e, 0, caps};
        }
    }
    if (*n > 1)
        qsort(cand, *n, sizeof *cand, cmp_match);
    size_t kept = 0, last_end = 0;
    for (size_t k = 0; k < *n; k++) {
        if (cand[k].nstart < last_end)
            continue;
        last_end = cand[k].nend;
        cand[kept++] = cand[k];
    }
    *n = kept;
    return cand;
}

/* Is offset i of text[0..len) at the start of a code point (or at len)? Decoding runs from the start, so
 * invalid bytes count as one-byte code points, as the normaliser reads them. */
static bool on_cp_boundary(const char *text, size_t len, size_t i)
{
    size_t p = 0;
    while (p < i && p < len) {
        int32_t cp;
        p += eg_utf8_decode(text, len, p, &cp);
    }
    return p == i;
}

static void check(const eg_dict *dict, const eg_matcher *m, const eg_pipeline *p, const char *text, size_t len)
{
    eg_error err;
    eg_normtext nt;
    eg_normtext_init(&nt);
    eg_match_vec got = {0}, scratch = {0};
    FUZZ_ASSERT(eg_normalize(text, len, 0, &nt, &err) == EG_OK);
    FUZZ_ASSERT(eg_normtext_orig(&nt, nt.len) == len);
    /* Names do not cross the starts of sentences that begin on a new line. */
    eg_span_vec paras = {0}, sents = {0};
    size_t *bar = NULL, n_bar = 0, cap_bar = 0;
    FUZZ_ASSERT(eg_segment(text, len, &paras, &sents, &err) == EG_OK);
    FUZZ_ASSERT(eg_segment_line_starts(text, len, &sents, &bar, &n_bar, &cap_bar, &err) == EG_OK);
    for (size_t b = 1; b < n_bar; b++)
        FUZZ_ASSERT(bar[b - 1] < bar[b]);
    FUZZ_ASSERT(eg_matcher_scan_bounded(m, &nt, text, len, bar, n_bar, &got, &scratch, &err) == EG_OK);
    size_t n_ref = 0;
    eg_match *ref = reference_scan(dict, &nt, text, len, bar, n_bar, &n_ref);
    free(bar);
    eg_span_vec_destroy(&paras);
    eg_span_vec_destroy(&sents);
    if (got.n != n_ref)
        fprintf(stderr, "matcher found %zu matches, the reference %zu\n", got.n, n_ref);
    FUZZ_ASSERT(got.n == n_ref);
    for (size_t k = 0; k < n_ref; k++) {
        FUZZ_ASSERT(got.items[k].nstart == ref[k].nstart && got.items[k].nend == ref[k].nend);
        FUZZ_ASSERT(got.items[k].start == ref[k].start && got.items[k].end == ref[k].end);
        FUZZ_ASSERT(got.items[k].caps == ref[k].caps);
    }

    eg_doc_result res;
    eg_doc_result_init(&res);
    FUZZ_ASSERT(eg_pipeline_process(p, text, len, &res, &err) == EG_OK);
    FUZZ_ASSERT(res.n_invalid_utf8 == nt.n_invalid);
    size_t last = 0;
    for (size_t i = 0; i < res.n_sentences; i++) {
        const eg_span *s = &res.sentences[i];
        FUZZ_ASSERT(last <= s->start && s->start <= s->end && s->end <= len);
        last = s->end;
    }
    last = 0;
    for (size_t i = 0; i < res.n_paragraphs; i++) {
        const eg_span *s = &res.paragraphs[i];
        FUZZ_ASSERT(last <= s->start && s->start <= s->end && s->end <= len);
        last = s->end;
    }
    size_t r = 0;
    last = 0;
    for (size_t i = 0; i < res.n_mentions; i++) {
        const eg_mention *mn = &res.mentions[i];
        FUZZ_ASSERT(last <= mn->start && mn->start < mn->end && mn->end <= len);
        last = mn->end;
        FUZZ_ASSERT(on_cp_boundary(text, len, mn->start) && on_cp_boundary(text, len, mn->end));
        while (r < n_ref && ref[r].start < mn->start)
            r++;
        FUZZ_ASSERT(r < n_ref && ref[r].start == mn->start && ref[r].end == mn->end);
        FUZZ_ASSERT(mn->entity < eg_dict_n_entities(dict) && mn->alias < eg_dict_n_aliases(dict));
        const eg_alias *al = eg_dict_alias(dict, mn->alias);
        FUZZ_ASSERT(al->entity == mn->entity);
        FUZZ_ASSERT(al->key_len == ref[r].nend - ref[r].nstart &&
                    memcmp(al->key, nt.text + ref[r].nstart, al->key_len) == 0);
        FUZZ_ASSERT(mn->sentence < res.n_sentences);
        const eg_span *s = &res.sentences[mn->sentence];
        FUZZ_ASSERT(s->start <= mn->start && mn->end <= s->end);
    }
    eg_doc_result_destroy(&res);
    free(ref);
    eg_match_vec_destroy(&got);
    eg_match_vec_destroy(&scratch);
    eg_normtext_destroy(&nt);
}

static bool load_builtin(void)
{
    eg_error err;
    if (builtin_p)
        return true;
    builtin = eg_dict_new();
    FUZZ_ASSERT(builtin != NULL);
    FUZZ_ASSERT(eg_dict_load_buffer(builtin, "builtin.tsv", builtin_tsv, sizeof builtin_tsv - 1, &err) == EG_OK);
    FUZZ_ASSERT(eg_matcher_new(builtin, &builtin_m, &err) == EG_OK);
    FUZZ_ASSERT(eg_pipeline_new(builtin, builtin_m, &builtin_p, &err) == EG_OK);
    return true;
}

/* Makes a TSV dictionary from the lines before the separator; NULL when the rows do not load. */
static eg_dict *fuzzed_dict(const char *lines, size_t n)
{
    size_t cap = 64 + n + MAX_DICT_LINES * 32, len = 0, k = 0;
    char *tsv = malloc(cap);
    FUZZ_ASSERT(tsv != NULL);
    len += (size_t)snprintf(tsv, cap, "id\ttype\tname\taliases\texact\tshort\n");
    for (size_t i = 0; i < n && k < MAX_DICT_LINES; k++) {
        size_t j = i;
        while (j < n && lines[j] != '\n')
            j++;
        len += (size_t)snprintf(tsv + len, cap - len, "e:%zu\tthing\t", k);
        memcpy(tsv + len, lines + i, j - i);
        len += j - i;
        tsv[len++] = '\n';
        i = j + 1;
    }
    eg_dict *d = eg_dict_new();
    eg_error err;
    FUZZ_ASSERT(d != NULL);
    if (eg_dict_load_buffer(d, "fuzz.tsv", tsv, len, &err) != EG_OK || eg_dict_n_aliases(d) == 0) {
        eg_dict_free(d);
        d = NULL;
    }
    free(tsv);
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char sep[] = "\n====\n";
    const char *in = (const char *)data;
    const char *cut = size >= sizeof sep - 1 ? memmem(in, size, sep, sizeof sep - 1) : NULL;
    if (!cut) {
        if (size > MAX_TEXT || !load_builtin())
            return 0;
        check(builtin, builtin_m, builtin_p, in, size);
        return 0;
    }
    const char *text = cut + sizeof sep - 1;
    size_t text_len = size - (size_t)(text - in);
    if (text_len > MAX_TEXT || (size_t)(cut - in) > MAX_TEXT)
        return 0;
    eg_dict *d = fuzzed_dict(in, (size_t)(cut - in));
    if (!d)
        return 0;
    eg_matcher *m = NULL;
    eg_pipeline *p = NULL;
    eg_error err;
    if (eg_matcher_new(d, &m, &err) == EG_OK && eg_pipeline_new(d, m, &p, &err) == EG_OK)
        check(d, m, p, text, text_len);
    eg_pipeline_free(p);
    eg_matcher_free(m);
    eg_dict_free(d);
    return 0;
}
