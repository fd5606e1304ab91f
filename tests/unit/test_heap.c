/* Unit tests for the heap's tuning (error.c, eg_heap_tune): once glibc's mmap threshold is fixed, a heap that
 * cannot grow must not turn into allocation failures. The test takes the address just after the heap (a
 * mapping there stops brk, as a neighbouring mapping or valgrind's brk limit does) and allocates blocks
 * below the threshold, which glibc then serves from the heap only: each must still succeed. */
#define _GNU_SOURCE /* MAP_FIXED_NOREPLACE, sbrk */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "error.h"
#include "harness.h"

enum { N_BLOCKS = 32 };

/* Returns 77 (skipped) where the test cannot run, else 0. */
static int test_heap_that_cannot_grow(void)
{
#if defined(__GLIBC__) && defined(MAP_FIXED_NOREPLACE) && !defined(__SANITIZE_ADDRESS__)
    eg_heap_tune();
    free(malloc(64)); /* the heap exists */
    uintptr_t end = (uintptr_t)sbrk(0), page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t at = (end + ((uintptr_t)1 << 20) + page - 1) & ~(page - 1);
    void *wall = mmap((void *)at, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (wall == MAP_FAILED) {
        printf("skipped: the address after the heap is taken already\n");
        return 77;
    }
    void *blocks[2 * N_BLOCKS] = {0};
    size_t n = 0, failed = 0;
    for (size_t i = 0; i < N_BLOCKS; i++) {
        size_t size = 300000 + i * 5000;
        unsigned char *c = eg_calloc(1, size);
        void *r = eg_realloc(NULL, (size_t)900 << 10); /* below the threshold of 1 MiB too */
        failed += !c + !r;
        if (c)
            CHECK(c[size - 1] == 0);
        blocks[n++] = c;
        blocks[n++] = r;
    }
    CHECK_INT(failed, 0);
    for (size_t i = 0; i < n; i++)
        free(blocks[i]);
    munmap(wall, page);
    return 0;
#else
    printf("skipped: not glibc's own allocator\n");
    return 77;
#endif
}

int main(void)
{
    if (test_heap_that_cannot_grow() == 77)
        return 77;
    TEST_END();
}
