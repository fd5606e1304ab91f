/*
 * arena: a bump allocator for many small, long-lived pieces (a dictionary's strings and pointer arrays):
 * blocks that double from 16 KB up to 4 MB, so that a million strings cost a few dozen mallocs, each block in
 * huge pages where the system has them. Pieces are freed all at once, or back to a mark (a load that fails).
 *
 * Invariants: head is the newest block; a block's first `used` bytes are taken; a mark taken by
 * eg_arena_tell stays valid until the arena is rewound to an earlier mark.
 */
#ifndef EG_ARENA_H
#define EG_ARENA_H

#include <stddef.h>

typedef struct eg_arena_block eg_arena_block;

typedef struct eg_arena {
    eg_arena_block *head; /* NULL: empty */
    size_t next_size;     /* the size of the next block */
} eg_arena;

/* A position to rewind to. */
typedef struct eg_arena_mark {
    eg_arena_block *head;
    size_t used;
} eg_arena_mark;

/* An empty arena is all zeros. */
#define EG_ARENA_INIT ((eg_arena){0})

/* n bytes aligned to align (a power of two), or NULL when out of memory. Amortised O(1). */
void *eg_arena_alloc(eg_arena *a, size_t n, size_t align);
/* A NUL-terminated copy of s[0..n), or NULL when out of memory. O(n). */
const char *eg_arena_strndup(eg_arena *a, const char *s, size_t n);

eg_arena_mark eg_arena_tell(const eg_arena *a);
/* Frees everything taken after m (blocks are freed; the first kept block is cut back). O(blocks freed). */
void eg_arena_rewind(eg_arena *a, eg_arena_mark m);
/* Frees every block: the arena is empty again. */
void eg_arena_free(eg_arena *a);

/* Bytes held: every block with its header. O(blocks). */
size_t eg_arena_bytes(const eg_arena *a);

#endif
