/*
 * arena: blocks chained newest first; an allocation takes from the newest block or starts a new one.
 */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Blocks double up to 4 MB: large dictionaries take few blocks, each in huge pages where the system has them
 * (a page fault per 4 KB is a large part of filling fresh memory). */
enum { ARENA_FIRST_BLOCK = 16 << 10, ARENA_MAX_BLOCK = 4 << 20 };

struct eg_arena_block {
    eg_arena_block *prev;
    size_t size, used; /* bytes of data, of which used are taken */
};                     /* data follows the header */

static char *block_data(eg_arena_block *b)
{
    return (char *)(b + 1);
}

void *eg_arena_alloc(eg_arena *a, size_t n, size_t align)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        eg_arena_block *b = a->head;
        if (b) {
            size_t pad = (size_t)(-(uintptr_t)(block_data(b) + b->used) & (align - 1));
            if (pad <= b->size - b->used && n <= b->size - b->used - pad) {
                void *p = block_data(b) + b->used + pad;
                b->used += pad + n;
                return p;
            }
        }
        if (attempt)
            break;
        size_t size = a->next_size ? a->next_size : ARENA_FIRST_BLOCK;
        if (size < ARENA_MAX_BLOCK)
            a->next_size = size * 2;
        if (n > ((size_t)-1) / 2)
            return NULL;
        if (size < n + align)
            size = n + align;
        eg_arena_block *nb = eg_malloc(sizeof *nb + size);
        if (!nb)
            return NULL;
        eg_advise_huge(nb, sizeof *nb + size);
        nb->prev = a->head;
        nb->size = size;
        nb->used = 0;
        a->head = nb;
    }
    return NULL;
}

const char *eg_arena_strndup(eg_arena *a, const char *s, size_t n)
{
    char *p = eg_arena_alloc(a, n + 1, 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

eg_arena_mark eg_arena_tell(const eg_arena *a)
{
    return (eg_arena_mark){a->head, a->head ? a->head->used : 0};
}

void eg_arena_rewind(eg_arena *a, eg_arena_mark m)
{
    while (a->head != m.head) {
        eg_arena_block *prev = a->head->prev;
        free(a->head);
        a->head = prev;
    }
    if (a->head)
        a->head->used = m.used;
}

void eg_arena_free(eg_arena *a)
{
    eg_arena_rewind(a, (eg_arena_mark){NULL, 0});
}

size_t eg_arena_bytes(const eg_arena *a)
{
    size_t n = 0;
    for (const eg_arena_block *b = a->head; b; b = b->prev)
        n += sizeof *b + b->size;
    return n;
}
