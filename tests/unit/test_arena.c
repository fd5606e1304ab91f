/* Unit tests for arena.c: alignment, copies, blocks that grow and a piece larger than any block, rewinding to
 * a mark (the blocks after it freed, the kept one cut back), freeing, and allocation failures. */
#include <stdint.h>
#include <stdlib.h>

#include "arena.h"
#include "error.h"
#include "harness.h"

static void test_alloc_and_rewind(void)
{
    eg_arena a = EG_ARENA_INIT;
    CHECK_INT(eg_arena_bytes(&a), 0);
    const char *s = eg_arena_strndup(&a, "hello, world", 5);
    CHECK_STR(s, "hello");
    char *c = eg_arena_alloc(&a, 1, 1);
    CHECK(c != NULL);
    for (size_t align = 1; align <= 64; align *= 2) {
        void *p = eg_arena_alloc(&a, 3, align);
        CHECK(p && (uintptr_t)p % align == 0);
    }
    size_t one_block = eg_arena_bytes(&a);
    CHECK(one_block > 0);

    eg_arena_mark m = eg_arena_tell(&a);
    char *after = eg_arena_alloc(&a, 8, 1); /* the same block: rewinding gives these bytes back */
    CHECK(after != NULL);
    for (int i = 0; i < 200; i++) /* many blocks, doubling */
        CHECK(eg_arena_alloc(&a, 1000, 8) != NULL);
    char *big = eg_arena_alloc(&a, (size_t)9 << 20, 16); /* larger than any block: a block of its own */
    CHECK(big != NULL);
    if (big)
        big[((size_t)9 << 20) - 1] = 1;
    CHECK(eg_arena_bytes(&a) > ((size_t)9 << 20));
    eg_arena_rewind(&a, m);
    CHECK_INT(eg_arena_bytes(&a), one_block);
    CHECK(eg_arena_alloc(&a, 8, 1) == after); /* cut back to the mark */
    CHECK_STR(s, "hello");                    /* what came before the mark stays */

    eg_arena_free(&a);
    CHECK_INT(eg_arena_bytes(&a), 0);
    CHECK(a.head == NULL);
    CHECK(eg_arena_strndup(&a, "again", 5) != NULL); /* usable after freeing */
    eg_arena_free(&a);
}

static void test_alloc_failure(void)
{
    eg_arena a = EG_ARENA_INIT;
    eg_alloc_fail_at = 1;
    CHECK(eg_arena_strndup(&a, "x", 1) == NULL);
    eg_alloc_fail_at = 0;
    CHECK(a.head == NULL);
    CHECK(eg_arena_alloc(&a, SIZE_MAX / 2 + 1, 1) == NULL); /* too large to ask for */
    CHECK_STR(eg_arena_strndup(&a, "y", 1), "y");
    eg_arena_free(&a);
}

int main(void)
{
    test_alloc_and_rewind();
    test_alloc_failure();
    TEST_END();
}
