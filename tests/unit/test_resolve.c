/*
 * Unit tests for resolve, through the pipeline: a short form resolves only to a person named in full
 * earlier in the same document, however many entities the document names before it (the set of entities
 * named grows past its first size), and the next document starts with none named; allocation failures
 * while it grows give a clean EG_ERR_NOMEM or the right answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "error.h"
#include "harness.h"
#include "matcher.h"

enum { N_PEOPLE = 300 };

/* The mentions' entity numbers, space-separated. */
static void entities(const eg_doc_result *res, char *out, size_t size)
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < res->n_mentions && k < size; i++)
        k += (size_t)snprintf(out + k, size - k, "%s%u", i ? " " : "", (unsigned)res->mentions[i].entity);
}

/* Surname of person i: letters only, so that each is one word ("Qab", "Qac", ...). */
static void surname(size_t i, char *buf)
{
    snprintf(buf, 8, "Q%c%c%c", 'a' + (int)(i / 676 % 26), 'a' + (int)(i / 26 % 26), 'a' + (int)(i % 26));
}

static void test_short_forms(void)
{
    eg_dict *d = eg_dict_new();
    eg_matcher *m = NULL;
    eg_pipeline *p = NULL;
    CHECK(d != NULL);
    if (!d)
        return;
    char id[32], name[32], last[8];
    for (size_t i = 0; i < N_PEOPLE; i++) {
        surname(i, last);
        snprintf(id, sizeof id, "p:%zu", i);
        snprintf(name, sizeof name, "Zed %s", last);
        CHECK_INT(eg_dict_add(d, id, "person", name, NULL, NULL, last, NULL), EG_OK);
    }
    CHECK_INT(eg_matcher_new(d, &m, NULL), EG_OK);
    CHECK_INT(eg_pipeline_new(d, m, &p, NULL), EG_OK);
    if (!p) {
        eg_matcher_free(m);
        eg_dict_free(d);
        return;
    }
    /* Discovery stays off: only the dictionary's short forms can resolve a surname. */

    /* Every full name, then every surname in reverse: each surname is its own person. */
    size_t cap = N_PEOPLE * 24;
    char *text = malloc(cap), *want = malloc(cap), *got = malloc(cap);
    CHECK(text && want && got);
    if (!(text && want && got))
        goto done;
    size_t t = 0, w = 0;
    for (size_t i = 0; i < N_PEOPLE; i++) {
        surname(i, last);
        snprintf(id, sizeof id, "p:%zu", i);
        t += (size_t)snprintf(text + t, cap - t, "Zed %s. ", last);
        w += (size_t)snprintf(want + w, cap - w, "%s%u", i ? " " : "", (unsigned)eg_dict_find(d, id));
    }
    for (size_t i = N_PEOPLE; i-- > 0;) {
        surname(i, last);
        t += (size_t)snprintf(text + t, cap - t, "%s. ", last);
        snprintf(id, sizeof id, "p:%zu", i);
        w += (size_t)snprintf(want + w, cap - w, " %u", (unsigned)eg_dict_find(d, id));
    }
    eg_doc_result res;
    eg_doc_result_init(&res);
    CHECK_INT(eg_pipeline_process(p, text, t, &res, NULL), EG_OK);
    entities(&res, got, cap);
    CHECK_STR(got, want);

    /* The next document names nobody in full: its surnames stay unresolved. */
    surname(7, last);
    snprintf(text, cap, "%s spoke.", last);
    CHECK_INT(eg_pipeline_process(p, text, strlen(text), &res, NULL), EG_OK);
    CHECK_INT((long long)res.n_mentions, 0);
    eg_doc_result_destroy(&res);

    /* Allocation failures on the way: a clean EG_ERR_NOMEM or the right answer. */
    t = 0;
    for (size_t i = 0; i < 80; i++) {
        surname(i, last);
        t += (size_t)snprintf(text + t, cap - t, "Zed %s. %s. ", last, last);
    }
    int bad = 0;
    bool finished = false;
    for (long k = 1; k < 5000 && !finished; k++) {
        eg_doc_result r;
        eg_doc_result_init(&r);
        eg_error err;
        eg_alloc_fail_at = k;
        eg_status st = eg_pipeline_process(p, text, t, &r, &err);
        bool done = eg_alloc_fail_at > 0;
        eg_alloc_fail_at = 0;
        if (st == EG_OK)
            bad += r.n_mentions != 160;
        else
            bad += st != EG_ERR_NOMEM || err.status != EG_ERR_NOMEM;
        eg_doc_result_destroy(&r);
        finished = done;
    }
    CHECK(finished);
    CHECK_INT(bad, 0);
done:
    free(text);
    free(want);
    free(got);
    eg_pipeline_free(p);
    eg_matcher_free(m);
    eg_dict_free(d);
}

int main(void)
{
    test_short_forms();
    TEST_END();
}
