/*
 * fuzz_dict_egd: the compiled dictionary loader (eg_dict_compiled_load_buffer) on arbitrary bytes, twice:
 * as they are (the header and checksum checks), and with the checksums rewritten to fit
 * (eg_dict_compiled_fix_checksums), so that damage reaches the structural checks behind them.
 *
 * Invariants checked: a load fails with an error status, a message and the byte offset, or gives a
 * dictionary whose every entity is found by its id and whose aliases belong to entities, and a matcher that
 * scans a text to matches inside it, ordered and of known patterns, and that the checks of dict_check.h
 * accept. Loading the fixed bytes again gives the same result (no state survives a load).
 */
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "dict_check.h"
#include "dict_compiled.h"
#include "fuzz.h"
#include "matcher.h"
#include "normalize.h"

static void count_problem(void *ctx, eg_problem_kind kind, const eg_error *what)
{
    FUZZ_ASSERT(kind < EG_PROBLEM_N_KINDS && what->message[0]);
    ++*(size_t *)ctx;
}

static const char text[] = "Lee Jae-myung met Donald Trump in the U.S. on Friday. 이재명 대통령은 미국과 한국의 "
                           "관계를 말했다. ab abc abcd b bc bce Korea's KBS는 x";

static eg_status try_load(const uint8_t *data, size_t size)
{
    /* 8-byte aligned, as the loader wants */
    uint64_t *buf = malloc(size ? (size + 7) / 8 * 8 : 8);
    if (!buf)
        return EG_ERR_NOMEM;
    memcpy(buf, data, size);
    eg_dict *d = NULL;
    eg_matcher *m = NULL;
    eg_error err;
    eg_error_clear(&err);
    eg_status st = eg_dict_compiled_load_buffer("fuzz.egd", buf, size, &d, &m, &err);
    if (st != EG_OK) {
        FUZZ_ASSERT(err.status == st && err.message[0] && !d && !m);
        FUZZ_ASSERT(st == EG_ERR_NOMEM || err.offset <= size);
        free(buf);
        return st;
    }
    for (uint32_t e = 0; e < eg_dict_n_defined(d); e++) {
        const eg_entity *ent = eg_dict_entity(d, e);
        FUZZ_ASSERT(ent->id && ent->type && ent->label);
        FUZZ_ASSERT(eg_dict_find(d, ent->id) == (int64_t)e);
    }
    for (uint32_t a = 0; a < eg_dict_n_aliases(d); a++)
        FUZZ_ASSERT(eg_dict_alias(d, a)->entity < eg_dict_n_defined(d));

    eg_normtext nt;
    eg_normtext_init(&nt);
    eg_match_vec out = {0}, scratch = {0};
    if (eg_normalize(text, sizeof text - 1, 0, &nt, &err) == EG_OK &&
        eg_matcher_scan(m, &nt, text, sizeof text - 1, &out, &scratch, &err) == EG_OK) {
        for (size_t i = 0; i < out.n; i++) {
            const eg_match *x = &out.items[i];
            FUZZ_ASSERT(x->start <= x->end && x->end <= sizeof text - 1);
            FUZZ_ASSERT(x->pattern < eg_matcher_n_patterns(m));
            FUZZ_ASSERT(i == 0 || out.items[i - 1].nend <= x->nstart);
        }
    }
    eg_match_vec_destroy(&out);
    eg_match_vec_destroy(&scratch);
    eg_normtext_destroy(&nt);

    size_t n = 0, counted = 0;
    if (eg_dict_lint(d, m, count_problem, &counted, &n, &err) == EG_OK)
        FUZZ_ASSERT(n == counted);
    eg_matcher_free(m);
    eg_dict_free(d);
    free(buf);
    return EG_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try_load(data, size);
    uint8_t *fixed = malloc(size ? size : 1);
    if (!fixed)
        return 0;
    memcpy(fixed, data, size);
    eg_dict_compiled_fix_checksums(fixed, size);
    eg_status st = try_load(fixed, size);
    if (st != EG_ERR_NOMEM)
        FUZZ_ASSERT(try_load(fixed, size) == st);
    free(fixed);
    return 0;
}
