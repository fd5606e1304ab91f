/*
 * error: status values and eg_error (declared in entgraph.h), plus helpers for the modules.
 */
#ifndef EG_ERROR_H
#define EG_ERROR_H

#include <stdlib.h>

#include "entgraph.h"

/* Shorthand for an out-of-memory error with no position. */
eg_status eg_error_nomem(eg_error *err);
/* EG_ERR_IO for path, "WHAT: the reason" (strerror of errnum). */
eg_status eg_error_io(eg_error *err, const char *path, const char *what, int errnum);

/* Grows a dynamic array *ptr of *cap elements of size elem so that it holds at least need elements
 * (doubling). Returns EG_OK or EG_ERR_NOMEM (then *ptr and *cap are unchanged). */
eg_status eg_grow(void **ptr, size_t *cap, size_t need, size_t elem);

/* Test hook: when set to k > 0, the k-th call to eg_malloc/eg_realloc/eg_calloc/eg_strdup from now fails.
 * Counts down across the whole process; 0 disables. Used by the allocation-failure tests. */
extern _Atomic long eg_alloc_fail_at;
void *eg_malloc(size_t n);
void *eg_calloc(size_t n, size_t size);
void *eg_realloc(void *p, size_t n);
char *eg_strdup(const char *s);
char *eg_strndup(const char *s, size_t n);

/* glibc serves blocks from 128 KiB to 32 MiB from the heap once a large mapped block was freed (its
 * threshold rises to that block's size). The arrays that grow while counting (pair counts, evidence, the
 * graph's columns) then move by copying when they grow, and each old copy stays behind as free but resident
 * heap: about 14 MB of a large-dictionary build's peak, 18 MB with document windows. This fixes the
 * threshold at 1 MiB, so larger blocks are mapped on their own (growing moves pages with mremap, and room
 * never written takes no memory) and smaller ones, which are allocated and freed by the thousand, stay in the
 * heap. A threshold set in GLIBC_TUNABLES is left alone.
 * Where the heap cannot grow (the address after it is taken, or brk is limited, as under valgrind's tools),
 * glibc then fails blocks it would otherwise have mapped: eg_malloc, eg_calloc and eg_realloc give it back
 * its default threshold and try once more before they report a failure. Call it first, once, from main. */
void eg_heap_tune(void);

/* Asks for transparent huge pages for the fresh array p[0..len) about to be filled (arrays of 2 MB and
 * more; a hint where the system has them, nothing elsewhere). A page fault per 4 KB is a large part of
 * filling fresh memory, on virtual machines above all. Never fails. */
void eg_advise_huge(void *p, size_t len);

/* qsort that accepts an empty array with a NULL base (qsort itself must not be given NULL, even for 0), and
 * that does little for an array already in order or in order but for rows appended at its end (a graph
 * sorted again after a few nodes and edges were added, a graph file read back): a sorted first half or
 * more is kept, the rest sorted and merged into it. Elements that compare equal keep their order, as
 * glibc's qsort keeps them when it has the memory for its merge sort. */
void eg_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
