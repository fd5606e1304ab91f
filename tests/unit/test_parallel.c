/* Unit tests for parallel.c: every item done exactly once whatever the chunk and thread counts, worker
 * numbers in range, and a failing chunk stopping the loop with its error. */
#include <stdatomic.h>
#include <stdlib.h>

#include "error.h"
#include "harness.h"
#include "parallel.h"

typedef struct tally {
    atomic_int *seen;      /* per item: times done */
    atomic_int bad_worker; /* calls with a worker number out of range */
    size_t n_threads;
    size_t fail_from;      /* chunks holding an item >= this fail (SIZE_MAX: none) */
} tally;

static eg_status count_items(void *ctx, size_t worker, size_t begin, size_t end, eg_error *err)
{
    tally *t = ctx;
    if (worker >= (t->n_threads > 1 ? t->n_threads : 1))
        atomic_fetch_add(&t->bad_worker, 1);
    for (size_t i = begin; i < end; i++)
        atomic_fetch_add(&t->seen[i], 1);
    if (end > t->fail_from)
        return eg_error_set(err, EG_ERR_LIMIT, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "chunk %zu failed", begin);
    return EG_OK;
}

static void test_every_item_once(void)
{
    const size_t sizes[] = {0, 1, 5, 256, 1001}, chunks[] = {1, 7, 256, 5000}, threads[] = {0, 1, 2, 5};
    for (size_t a = 0; a < 5; a++)
        for (size_t b = 0; b < 4; b++)
            for (size_t c = 0; c < 4; c++) {
                size_t n = sizes[a];
                tally t = {calloc(n + 1, sizeof(atomic_int)), 0, threads[c], SIZE_MAX};
                eg_error err;
                CHECK_INT(eg_parallel_for(n, chunks[b], threads[c], count_items, NULL, &t, &err), EG_OK);
                int wrong = 0;
                for (size_t i = 0; i < n; i++)
                    wrong += atomic_load(&t.seen[i]) != 1;
                CHECK_INT(wrong, 0);
                CHECK_INT(atomic_load(&t.bad_worker), 0);
                free(t.seen);
            }
}

static void test_failure(void)
{
    for (size_t threads = 1; threads <= 4; threads++) {
        size_t n = 10000;
        tally t = {calloc(n, sizeof(atomic_int)), 0, threads, 5000};
        eg_error err;
        eg_error_clear(&err);
        CHECK_INT(eg_parallel_for(n, 100, threads, count_items, NULL, &t, &err), EG_ERR_LIMIT);
        /* The message is that of a failing chunk; on one thread, the first. */
        CHECK(strncmp(err.message, "chunk ", 6) == 0 && atol(err.message + 6) >= 5000);
        if (threads == 1) {
            CHECK_STR(err.message, "chunk 5000 failed");
            CHECK_INT(atomic_load(&t.seen[5100]), 0); /* nothing after the failing chunk */
        }
        int before = 0;
        for (size_t i = 0; i < 5000; i++)
            before += atomic_load(&t.seen[i]) == 1;
        CHECK(threads > 1 || before == 5000);
        free(t.seen);
    }
}

int main(void)
{
    test_every_item_once();
    test_failure();
    TEST_END();
}
