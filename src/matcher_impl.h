/*
 * matcher_impl: private to the matcher module (matcher.c builds, matcher_scan.c scans). The automaton's layout
 * (described in matcher.c), shared with the compiled-dictionary module (dict_compiled*.c), which writes these
 * arrays to a file and uses them in place from its mapping. Nothing else may include this header (tests
 * aside).
 *
 * Invariants (made by eg_matcher_new, checked by the compiled loader): state 0 is the root and states
 * 1 .. n_depth1 its children; every transition leads to a state numbered higher than its source, and every
 * state but the root has exactly one incoming transition; a failure link leads to a state of smaller depth
 * (the root's to itself); out[s] is the pattern of the longest key that ends the state's string (pat_len at
 * most its depth), or UINT32_MAX; pat_next[p] is the pattern of the longest key that is a proper suffix of
 * p's key (shorter), or UINT32_MAX.
 */
#ifndef EG_MATCHER_IMPL_H
#define EG_MATCHER_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "entgraph.h"

enum {
    PAT_FIRST_WORD = 1u << 0, /* the key's first character is a word character */
    PAT_LOOSE = 1u << 1,      /* some alias of the key accepts any surface (neither exact nor cased) */
    PAT_CASED = 1u << 2       /* every alias of the key is cased: none accepts a surface without a capital */
};

enum { DEPTH_MAX = 255 };

/* What a scan reads of a state at each byte, in one place (16 bytes, a quarter of a cache line). Most
 * states deep in the trie have a single transition: it is kept here, so following it reads nothing else. */
typedef struct ac_state {
    uint32_t fail;    /* failure link */
    uint32_t out;     /* the pattern of the longest key ending the state's string, or NONE */
    uint32_t edge;    /* one transition: its target; several: the first in edge_byte/edge_next */
    uint16_t n_edges; /* 0..256 */
    uint8_t byte;     /* the byte of a single transition */
    uint8_t depth;    /* length of the state's string in bytes, DEPTH_MAX for that or more */
} ac_state;

struct eg_matcher {
    const eg_dict *dict;
    bool borrowed;             /* the arrays below belong to a compiled dictionary's mapping: not freed */
    size_t n_patterns;
    uint32_t *pat_len;         /* key length in bytes */
    uint8_t *pat_flags;        /* PAT_* */
    uint32_t *pat_alias_start; /* n_patterns + 1 */
    uint32_t *pat_aliases;     /* alias indices grouped by pattern */
    uint32_t *pat_next;        /* the pattern of the longest key that is a proper suffix of this one's, or NONE */
    size_t n_states, n_edges;
    ac_state *states;
    uint8_t *edge_byte; /* n_edges, sorted by byte within each state's run */
    uint32_t *edge_next;
    uint32_t root_next[256]; /* the root's transitions, dense; 0 (the root) for none */
    uint32_t n_depth1;       /* states 1 .. n_depth1 are the root's children */
    uint32_t *depth1_next;   /* their complete transitions (failures resolved), 256 each: after the
                                * root they are the busiest states */
};

/* The transition of s on byte c, or UINT32_MAX (the build and the scan share it). */
static inline uint32_t ac_edge(const eg_matcher *m, uint32_t s, uint8_t c)
{
    if (s == 0)
        return m->root_next[c] ? m->root_next[c] : UINT32_MAX;
    const ac_state *st = &m->states[s];
    if (st->n_edges <= 1)
        return st->n_edges && st->byte == c ? st->edge : UINT32_MAX;
    uint32_t lo = st->edge, end = lo + st->n_edges, hi = end;
    const uint8_t *b = m->edge_byte;
    if (hi - lo <= 8) {
        for (uint32_t k = lo; k < hi && b[k] <= c; k++)
            if (b[k] == c)
                return m->edge_next[k];
        return UINT32_MAX;
    }
    /* Lower bound without branches on the bytes compared: the loop runs log2(n) times whatever the byte, so
     * it has nothing to mispredict (more than 8 edges: the busy states near the root). */
    for (uint32_t n = hi - lo; n > 1;) {
        uint32_t half = n / 2;
        lo = b[lo + half - 1] < c ? lo + half : lo;
        n -= half;
    }
    lo += b[lo] < c;
    return lo < end && b[lo] == c ? m->edge_next[lo] : UINT32_MAX;
}

#endif
