/*
 * Unit tests for loads that make room first (eg_dict_reserve, from a count of the text): a large text loads
 * into the same dictionary and automaton whole as in two parts (the second merging into entities of the
 * first, its tables grown and rehashed with entries in them); a failing row and allocation failures anywhere
 * leave the dictionary as it was; a check load reports a bad row at its place and keeps the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "dict_check.h"
#include "error.h"
#include "harness.h"
#include "matcher.h"

#define HEADER "id\ttype\tname\taliases\texact\tshort\n"

/* Rows [first, first + rows) of a generated dictionary (without header), in several scripts, with alias
 * lists, exact and short forms, repeated ids (merges), repeated aliases, CRLF and comment lines. Row bad_row
 * (when not 0) has a short form without a letter or digit. The caller frees *out. */
static size_t make_rows(size_t first, size_t rows, size_t bad_row, char **out)
{
    static const char *const words[] = {"Kim", "Seoul", "Ministry", "Société", "Ñandú", "Ελλάδα", "Москва",
                                        "대한민국", "東京", "  Spaced   Name ", "ACME", "Jean-Luc", "O'Brien"};
    size_t nw = sizeof words / sizeof *words, cap = rows * 160 + 256, n = 0;
    char *buf = malloc(cap);
    buf[0] = '\0';
    for (size_t i = first; i < first + rows; i++) {
        size_t id = i % 7 == 3 ? i - 3 : i; /* every seventh row repeats an earlier id: a merge */
        const char *a = words[i % nw], *b = words[(i / nw) % nw];
        if (i % 50 == 0)
            n += (size_t)snprintf(buf + n, cap - n, "# comment %zu\n", i);
        n += (size_t)snprintf(buf + n, cap - n, "e%zu\tthing\t%s %zu\t%s|%s %s %zu||%s\t%s%zu\t%s%s\n", id, a, i, b,
                              a, b, i % 97, a, i % 11 ? "" : "XY", i, i % 5 ? "" : b,
                              i == bad_row && bad_row ? "|--" : (i % 3 ? "" : "\r"));
    }
    *out = buf;
    return n;
}

/* HEADER and rows [first, first + rows). */
static size_t make_tsv(size_t first, size_t rows, size_t bad_row, char **out)
{
    char *body;
    size_t n = make_rows(first, rows, bad_row, &body);
    *out = malloc(sizeof HEADER + n);
    memcpy(*out, HEADER, sizeof HEADER - 1);
    memcpy(*out + sizeof HEADER - 1, body, n + 1);
    free(body);
    return sizeof HEADER - 1 + n;
}

/* Everything a dictionary holds that loading decides, as one string (the caller frees it). */
static char *describe(const eg_dict *d)
{
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    n += (size_t)snprintf(s + n, cap - n, "%zu entities %zu aliases\n", eg_dict_n_entities(d), eg_dict_n_aliases(d));
    for (uint32_t i = 0; i < eg_dict_n_entities(d); i++) {
        const eg_entity *e = eg_dict_entity(d, i);
        size_t need = strlen(e->id) + strlen(e->label) + 64;
        if (n + need >= cap)
            s = realloc(s, cap = 2 * cap + need);
        n += (size_t)snprintf(s + n, cap - n, "E %s %s %s %lld\n", e->id, e->type, e->label,
                              (long long)eg_dict_find(d, e->id));
    }
    for (uint32_t i = 0; i < eg_dict_n_aliases(d); i++) {
        const eg_alias *a = eg_dict_alias(d, i);
        size_t need = a->len + a->key_len + 64;
        if (n + need >= cap)
            s = realloc(s, cap = 2 * cap + need);
        n += (size_t)snprintf(s + n, cap - n, "A %u %x %.*s|%.*s\n", a->entity, a->flags, (int)a->len, a->text,
                              (int)a->key_len, a->key);
    }
    return s;
}

/* The automaton's shape and its patterns' aliases, folded into one number. */
static unsigned long long matcher_sig(const eg_dict *d)
{
    eg_matcher *m = NULL;
    eg_error err;
    if (eg_matcher_new(d, &m, &err) != EG_OK)
        return 0;
    unsigned long long h = eg_matcher_n_states(m) * 1000003ull + eg_matcher_n_edges(m);
    for (uint32_t p = 0; p < eg_matcher_n_patterns(m); p++) {
        size_t n;
        const uint32_t *a = eg_matcher_pattern_aliases(m, p, &n);
        for (size_t i = 0; i < n; i++)
            h = h * 0x100000001b3ull ^ (a[i] + 1ull + ((unsigned long long)p << 32));
    }
    eg_matcher_free(m);
    return h;
}

static void test_whole_and_parts(void)
{
    char *whole, *part1, *part2;
    size_t n = make_tsv(0, 12000, 0, &whole), n1 = make_tsv(0, 1000, 0, &part1),
           n2 = make_tsv(1000, 11000, 0, &part2);
    eg_error err;
    eg_dict *d1 = eg_dict_new(), *d2 = eg_dict_new();
    CHECK_INT(eg_dict_load_buffer(d1, "big.tsv", whole, n, &err), EG_OK);
    CHECK_INT(eg_dict_load_buffer(d2, "big.tsv", part1, n1, &err), EG_OK);
    CHECK_INT(eg_dict_load_buffer(d2, "big.tsv", part2, n2, &err), EG_OK);
    CHECK(eg_dict_n_aliases(d1) > 30000);
    char *a = describe(d1), *b = describe(d2);
    CHECK(strcmp(a, b) == 0);
    unsigned long long s1 = matcher_sig(d1);
    CHECK(s1 != 0);
    CHECK(matcher_sig(d2) == s1);
    /* Loading it all again merges into what is there: nothing new. */
    CHECK_INT(eg_dict_load_buffer(d2, "again.tsv", whole, n, &err), EG_OK);
    CHECK_INT(eg_dict_n_aliases(d2), eg_dict_n_aliases(d1));
    CHECK_INT(eg_dict_n_entities(d2), eg_dict_n_entities(d1));
    free(a);
    free(b);
    eg_dict_free(d1);
    eg_dict_free(d2);
    free(whole);
    free(part1);
    free(part2);
}

static void test_failed_load(void)
{
    char *good, *bad;
    size_t ng = make_tsv(0, 500, 0, &good), nb = make_tsv(500, 12000, 9001, &bad);
    eg_error err;
    eg_dict *d = eg_dict_new();
    CHECK_INT(eg_dict_load_buffer(d, "good.tsv", good, ng, &err), EG_OK);
    char *before = describe(d);
    CHECK_INT(eg_dict_load_buffer(d, "bad.tsv", bad, nb, &err), EG_ERR_PARSE);
    char msg[600];
    eg_error_format(&err, msg, sizeof msg);
    /* Row 9001 is the 8502nd of the text: after the header and 171 comment lines. */
    CHECK_STR(msg, "bad.tsv:8674:65: short form \"--\" has no letter or digit");
    char *after = describe(d);
    CHECK(strcmp(before, after) == 0);
    /* Still usable, and as if the failed load never happened. */
    CHECK_INT(eg_dict_load_buffer(d, "good.tsv", good, ng, &err), EG_OK);
    free(after);
    after = describe(d);
    CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);
    eg_dict_free(d);
    free(good);
    free(bad);
}

typedef struct reports {
    char text[4096];
    size_t n, repeated;
} reports;

static void on_skipped(void *ctx, const eg_error *err)
{
    reports *r = ctx;
    char msg[600];
    eg_error_format(err, msg, sizeof msg);
    r->n += (size_t)snprintf(r->text + r->n, sizeof r->text - r->n, "%s\n", msg);
}

static void on_repeated(void *ctx, const eg_error *at, uint32_t entity)
{
    (void)at;
    (void)entity;
    ((reports *)ctx)->repeated++;
}

static void test_check(void)
{
    char *buf;
    size_t len = make_tsv(0, 12000, 7777, &buf);
    char path[] = "/tmp/eg-test-dict-reserve-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    CHECK(f && fwrite(buf, 1, len, f) == len);
    fclose(f);
    static reports r;
    eg_dict *d = eg_dict_new();
    eg_dict_check_hooks hooks = {on_skipped, on_repeated, &r};
    eg_error err;
    eg_error_clear(&err);
    CHECK_INT(eg_dict_check_path(d, path, &hooks, &err), EG_OK);
    char want[600];
    snprintf(want, sizeof want, "%s:7935:62: short form \"--\" has no letter or digit\n", path);
    CHECK_STR(r.text, want);
    /* Rows 3, 10, ..., 11998 repeat an id, but row 7780 defines e7777 anew: the bad row 7777 did not load. */
    CHECK_INT(r.repeated, 1714 - 1);
    CHECK_INT(eg_dict_n_entities(d), 12000 - 1713 - 1);
    eg_dict_free(d);
    remove(path);
    free(buf);
}

/* Allocations failing anywhere: the load fails cleanly (the dictionary as it was), or succeeds (making room
 * first is only a hint: when it fails the load goes on). */
static void test_alloc_failure(void)
{
    char *buf;
    size_t len = make_tsv(0, 3000, 0, &buf);
    eg_error err;
    eg_dict *ref = eg_dict_new();
    CHECK_INT(eg_dict_load_buffer(ref, "big.tsv", buf, len, &err), EG_OK);
    size_t n_ents = eg_dict_n_entities(ref), n_aliases = eg_dict_n_aliases(ref);
    eg_dict_free(ref);
    int failures = 0, successes = 0;
    for (long k = 1; k < 300; k++) {
        eg_dict *d = eg_dict_new();
        if (!d || eg_dict_add(d, "p", "person", "Pat", NULL, NULL, NULL, &err) != EG_OK) {
            eg_dict_free(d);
            continue;
        }
        eg_alloc_fail_at = k;
        eg_status st = eg_dict_load_buffer(d, "big.tsv", buf, len, &err);
        eg_alloc_fail_at = 0;
        CHECK(st == EG_OK || st == EG_ERR_NOMEM);
        if (st == EG_ERR_NOMEM) {
            failures++;
            CHECK_INT(eg_dict_n_entities(d), 1);
            CHECK_INT(eg_dict_n_aliases(d), 1);
            CHECK_INT(eg_dict_find(d, "p"), 0);
            CHECK_INT(eg_dict_load_buffer(d, "big.tsv", buf, len, &err), EG_OK);
        } else {
            successes++;
        }
        CHECK_INT(eg_dict_n_entities(d), 1 + n_ents);
        CHECK_INT(eg_dict_n_aliases(d), 1 + n_aliases);
        eg_dict_free(d);
    }
    CHECK(failures >= 5);
    CHECK(successes >= 1);
    free(buf);
}

int main(void)
{
    test_whole_and_parts();
    test_failed_load();
    test_check();
    test_alloc_failure();
    TEST_END();
}
