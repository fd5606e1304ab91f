/*
 * matcher: an Aho-Corasick automaton over the normalised keys of every alias (the scan that turns its hits
 * into leftmost-longest matches on word boundaries is matcher_scan.c; the rules are in matcher.h).
 *
 * Layout: flat arrays, nothing allocated per state (the structures are in matcher_impl.h, which the
 * compiled-dictionary loader shares to use them in place).
 *   patterns  one per distinct key, numbered in the byte order of the keys; pattern p's aliases are
 *             pat_aliases[pat_alias_start[p] .. pat_alias_start[p + 1]), ascending.
 *   states    16 bytes each (ac_state). State 0 is the root, 1 .. n1 its children, then each depth-1
 *             subtree in depth-first preorder, so following a word down the trie reads mostly consecutive
 *             memory. A single transition is kept in its state; more are a run of edge_byte/edge_next
 *             sorted by byte. The root and the depth-1 states, the busiest, also have dense tables.
 *             A state's output is the pattern of the longest key that ends its string (the key of the
 *             nearest state on its failure chain, itself included, where a key ends), and pat_next chains
 *             each pattern to the next shorter key ending with it, so the keys ending at a text position are
 *             out(s), pat_next(out(s)), ..., longest first, read without touching another state; a state
 *             without output costs one test.
 * Build: the aliases are sorted by key (radix sort on 8-byte prefixes) and grouped into patterns; the trie
 * is made depth first over the sorted keys, so each state's transitions come out in byte order; failure
 * and output links follow breadth first. Time: the sort plus O(total key bytes).
 *
 * Scan (matcher_scan.c): one pass over the normalised text. Inside a word, once the automaton's string
 * begins after the word's start, nothing can match before the word ends, so the rest of the word is skipped.
 */
#include "matcher.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "error.h"
#include "matcher_impl.h"

#define NONE UINT32_MAX

/* ---- building -------------------------------------------------------------------------------------- */

/* An alias to sort by key. The key's first 8 bytes, big-endian and zero-padded (keys hold no NUL byte),
 * decide most comparisons without touching the key itself. */
typedef struct sort_item {
    uint64_t prefix;
    const char *key;
    uint32_t len;
    uint32_t alias;
} sort_item;

static uint64_t key_prefix(const char *key, size_t len)
{
    uint64_t p = 0;
    for (size_t i = 0; i < 8; i++)
        p = (p << 8) | (i < len ? (uint8_t)key[i] : 0);
    return p;
}

/* By key bytes, a key before its extensions; equal keys by alias index. */
static int cmp_items(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    if (a->prefix != b->prefix)
        return a->prefix < b->prefix ? -1 : 1;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n > 8 ? memcmp(a->key + 8, b->key + 8, n - 8) : 0;
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->alias < b->alias ? -1 : a->alias > b->alias;
}

void eg_matcher_free(eg_matcher *m)
{
    if (!m)
        return;
    if (m->borrowed) { /* a compiled dictionary's arrays: its mapping goes with the dictionary */
        free(m);
        return;
    }
    free(m->pat_len);
    free(m->pat_flags);
    free(m->pat_alias_start);
    free(m->pat_aliases);
    free(m->states);
    free(m->depth1_next);
    free(m->pat_next);
    free(m->edge_byte);
    free(m->edge_next);
    free(m);
}

/* Shrinks *p to n elements of size elem; keeps the larger block when that fails (harmless). */
static void shrink(void **p, size_t n, size_t elem)
{
    void *q = eg_realloc(*p, (n ? n : 1) * elem);
    if (q)
        *p = q;
}

/* Sorts items as cmp_items does: a stable LSD radix sort on the prefixes (16 bits a pass, passes where all
 * items share the digit skipped), then a comparison sort within each run of equal prefixes. */
static eg_status sort_items(sort_item *items, size_t n)
{
    enum { DIGITS = 1 << 16 };
    sort_item *tmp = eg_malloc((n ? n : 1) * sizeof *tmp);
    size_t *count = eg_malloc(DIGITS * sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        return EG_ERR_NOMEM;
    }
    eg_advise_huge(tmp, n * sizeof *tmp);
    sort_item *a = items, *b = tmp;
    for (int shift = 0; shift < 64 && n > 1; shift += 16) {
        memset(count, 0, DIGITS * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(a[i].prefix >> shift) & (DIGITS - 1)]++;
        if (count[(a[0].prefix >> shift) & (DIGITS - 1)] == n)
            continue;
        for (size_t d = 0, sum = 0; d < DIGITS; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            b[count[(a[i].prefix >> shift) & (DIGITS - 1)]++] = a[i];
        sort_item *t = a;
        a = b;
        b = t;
    }
    if (a != items)
        memcpy(items, a, n * sizeof *items);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && items[j].prefix == items[i].prefix; j++)
            ;
        if (j - i > 1)
            eg_sort(items + i, j - i, sizeof *items, cmp_items);
    }
    free(tmp);
    free(count);
    return EG_OK;
}

/* Groups the aliases into patterns (distinct keys, sorted). *keys gets the keys one after another in pattern
 * order (pattern p's key begins at the sum of the lengths before it), so the build reads memory in order. */
static eg_status make_patterns(eg_matcher *m, char **keys, size_t *total_bytes)
{
    const eg_dict *d = m->dict;
    size_t n = eg_dict_n_aliases(d), total = 0;
    sort_item *items = eg_malloc(n * sizeof *items);
    m->pat_aliases = eg_malloc(n * sizeof *m->pat_aliases);
    m->pat_alias_start = eg_malloc((n + 1) * sizeof *m->pat_alias_start);
    m->pat_len = eg_malloc(n * sizeof *m->pat_len);
    m->pat_flags = eg_malloc(n * sizeof *m->pat_flags);
    if (!items || !m->pat_aliases || !m->pat_alias_start || !m->pat_len || !m->pat_flags) {
        free(items);
        return EG_ERR_NOMEM;
    }
    eg_advise_huge(items, n * sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const eg_alias *a = eg_dict_alias(d, (uint32_t)i);
        items[i] = (sort_item){key_prefix(a->key, a->key_len), a->key, (uint32_t)a->key_len, (uint32_t)i};
    }
    if (sort_items(items, n)) {
        free(items);
        return EG_ERR_NOMEM;
    }

    size_t p = 0;
    for (size_t i = 0; i < n; i++) {
        const sort_item *it = &items[i];
        bool same = i > 0 && it->len == items[i - 1].len && it->prefix == items[i - 1].prefix &&
                    memcmp(it->key, items[i - 1].key, it->len) == 0;
        if (!same) {
            int32_t cp;
            eg_utf8_decode(it->key, it->len, 0, &cp);
            m->pat_alias_start[p] = (uint32_t)i;
            m->pat_len[p] = it->len;
            m->pat_flags[p] = (eg_is_word_char(cp) ? PAT_FIRST_WORD : 0) | PAT_CASED;
            total += it->len;
            p++;
        }
        m->pat_aliases[i] = it->alias;
        uint32_t flags = eg_dict_alias(d, it->alias)->flags;
        if (!(flags & (EG_ALIAS_EXACT | EG_ALIAS_CASED)))
            m->pat_flags[p - 1] |= PAT_LOOSE;
        if (!(flags & EG_ALIAS_CASED))
            m->pat_flags[p - 1] &= (uint8_t)~PAT_CASED;
    }
    m->pat_alias_start[p] = (uint32_t)n;
    m->n_patterns = p;
    shrink((void **)&m->pat_alias_start, p + 1, sizeof *m->pat_alias_start);
    shrink((void **)&m->pat_len, p, sizeof *m->pat_len);
    shrink((void **)&m->pat_flags, p, sizeof *m->pat_flags);

    char *buf = *keys = eg_malloc(total ? total : 1);
    if (!buf) {
        free(items);
        return EG_ERR_NOMEM;
    }
    for (size_t q = 0, o = 0; q < p; q++) {
        memcpy(buf + o, items[m->pat_alias_start[q]].key, m->pat_len[q]);
        o += m->pat_len[q];
    }
    *total_bytes = total;
    free(items);
    return EG_OK;
}

/* A state waiting to be expanded during the build: the keys [lo, hi) share its string of depth bytes. */
typedef struct pending {
    uint32_t lo, hi, depth;
    uint32_t parent, k; /* it is the k-th transition of parent */
    uint32_t id;        /* its number, or NONE until it gets one */
} pending;

/* The k-th transition of state s: its byte and target. */
static void nth_edge(const eg_matcher *m, uint32_t s, uint32_t k, uint8_t *c, uint32_t *t)
{
    const ac_state *st = &m->states[s];
    *c = st->n_edges == 1 ? st->byte : m->edge_byte[st->edge + k];
    *t = st->n_edges == 1 ? st->edge : m->edge_next[st->edge + k];
}

static void set_target(eg_matcher *m, uint32_t s, uint32_t k, uint32_t t)
{
    if (m->states[s].n_edges == 1)
        m->states[s].edge = t;
    else
        m->edge_next[m->states[s].edge + k] = t;
}

/* The trie over the sorted keys. Numbering: the root is 0, its children 1 .. n1, then each depth-1 subtree
 * in depth-first preorder, so that following a word down the trie mostly reads consecutive states (a
 * breadth-first numbering scatters a path over the whole array, a cache miss at every byte). The state and
 * edge arrays are allocated for the worst case, one state per key byte. */
static eg_status make_states(eg_matcher *m, const char *keybuf, size_t total)
{
    size_t max_states = total + 1, n_states = 1, n_edges = 0, n_stack = 1, cap_stack = 0;
    const char **keys = eg_malloc((m->n_patterns ? m->n_patterns : 1) * sizeof *keys);
    pending *stack = NULL;
    m->states = eg_malloc(max_states * sizeof *m->states);
    m->edge_byte = eg_malloc(max_states * sizeof *m->edge_byte);
    m->edge_next = eg_malloc(max_states * sizeof *m->edge_next);
    eg_status st = EG_OK;
    if (!keys || !m->states || !m->edge_byte || !m->edge_next ||
        eg_grow((void **)&stack, &cap_stack, 64, sizeof *stack)) {
        st = EG_ERR_NOMEM;
        goto done;
    }
    eg_advise_huge(m->states, max_states * sizeof *m->states);
    eg_advise_huge(m->edge_next, max_states * sizeof *m->edge_next);
    for (size_t p = 0, o = 0; p < m->n_patterns; o += m->pat_len[p++])
        keys[p] = keybuf + o;
    stack[0] = (pending){0, (uint32_t)m->n_patterns, 0, NONE, 0, 0};

    while (n_stack > 0) {
        pending e = stack[--n_stack];
        if (e.id == NONE) {
            e.id = (uint32_t)n_states++;
            set_target(m, e.parent, e.k, e.id);
        }
        uint32_t i = e.lo, d = e.depth, term = NONE;
        if (i < e.hi && m->pat_len[i] == d) /* keys are distinct: at most one ends here, and sorts first */
            term = i++;

        /* The children: one per distinct byte at position d, in byte order. */
        size_t first = n_edges, base = n_stack;
        while (i < e.hi) {
            uint8_t c = (uint8_t)keys[i][d];
            uint32_t j = i + 1;
            while (j < e.hi && (uint8_t)keys[j][d] == c)
                j++;
            if (eg_grow((void **)&stack, &cap_stack, n_stack + 1, sizeof *stack)) {
                st = EG_ERR_NOMEM;
                goto done;
            }
            stack[n_stack] = (pending){i, j, d + 1, e.id, (uint32_t)(n_edges - first), NONE};
            m->edge_byte[n_edges++] = c;
            n_stack++;
            i = j;
        }
        size_t n = n_edges - first;
        ac_state *state = &m->states[e.id];
        /* Until make_links, out holds the pattern whose key is this state's string, or NONE. */
        *state =
            (ac_state){0, term, (uint32_t)first, (uint16_t)n, 0, (uint8_t)(d < DEPTH_MAX ? d : DEPTH_MAX)};
        if (n == 1) { /* a single transition lives in the state */
            state->byte = m->edge_byte[--n_edges];
        }
        if (e.id == 0) { /* the root's children are numbered at once, to be 1 .. n1 */
            for (size_t k = base; k < n_stack; k++) {
                stack[k].id = (uint32_t)n_states++;
                set_target(m, 0, stack[k].k, stack[k].id);
            }
        }
        /* Pop the children in byte order: reverse them on the stack. */
        for (size_t x = base, y = n_stack; x + 1 < y; x++, y--) {
            pending t = stack[x];
            stack[x] = stack[y - 1];
            stack[y - 1] = t;
        }
        assert(n_states <= max_states);
    }
    m->n_states = n_states;
    m->n_edges = n_edges;
done:
    free(keys);
    free(stack);
    return st;
}

/* Failure links, outputs and the pattern chain, computed breadth first (a state's failure target is
 * shallower, so its output is final when a deeper state reads it). On entry a state's out is the pattern
 * whose key is its string, or NONE (make_states). */
static eg_status make_links(eg_matcher *m)
{
    ac_state *st = m->states;
    uint32_t *queue = eg_malloc(m->n_states * sizeof *queue);
    m->pat_next = eg_malloc((m->n_patterns ? m->n_patterns : 1) * sizeof *m->pat_next);
    if (!queue || !m->pat_next) {
        free(queue);
        return EG_ERR_NOMEM;
    }
    eg_advise_huge(queue, m->n_states * sizeof *queue);
    uint8_t c;
    uint32_t t;
    for (uint32_t k = 0; k < st[0].n_edges; k++) {
        nth_edge(m, 0, k, &c, &t);
        m->root_next[c] = t;
    }
    st[0].fail = 0;
    st[0].out = NONE;
    size_t head = 0, tail = 1;
    queue[0] = 0;
    enum { AHEAD_FAR = 16, AHEAD_NEAR = 8 };
    while (head < tail) {
        /* Breadth first over states numbered depth first: each state read and each child written is a cache
         * miss in a large trie. Fetch ahead (the time of a million-alias build halves): the state AHEAD_FAR
         * places on; for the one AHEAD_NEAR on, by then in cache, its failure state and its children. */
        if (head + AHEAD_FAR < tail)
            __builtin_prefetch(&st[queue[head + AHEAD_FAR]]);
        if (head + AHEAD_NEAR < tail) {
            const ac_state *q = &st[queue[head + AHEAD_NEAR]];
            __builtin_prefetch(&st[q->fail]);
            if (q->n_edges == 1) {
                __builtin_prefetch(&st[q->edge], 1);
            } else if (q->n_edges > 1) {
                __builtin_prefetch(&m->edge_next[q->edge]);
                __builtin_prefetch(&m->edge_byte[q->edge]);
            }
        }
        uint32_t s = queue[head++];
        for (uint32_t k = 0; k < st[s].n_edges; k++) {
            uint32_t f = 0;
            nth_edge(m, s, k, &c, &t);
            queue[tail++] = t;
            if (s != 0) {
                for (uint32_t g = st[s].fail;; g = st[g].fail) {
                    uint32_t e = ac_edge(m, g, c);
                    if (e != NONE) {
                        f = e;
                        break;
                    }
                    if (g == 0)
                        break;
                }
            }
            st[t].fail = f;
            if (st[t].out != NONE) /* a key ends here: it is the output, and the chain goes on from f's */
                m->pat_next[st[t].out] = st[f].out;
            else
                st[t].out = st[f].out;
        }
    }
    free(queue);
    return EG_OK;
}

/* Dense tables for the depth-1 states: their failure link is the root, so a missing transition is the
 * root's. At most 256 KB. */
static eg_status make_depth1(eg_matcher *m)
{
    size_t n1 = m->n_depth1 = m->states[0].n_edges;
    m->depth1_next = eg_malloc((n1 ? n1 : 1) * 256 * sizeof *m->depth1_next);
    if (!m->depth1_next)
        return EG_ERR_NOMEM;
    for (uint32_t s = 1; s <= n1; s++) {
        assert(m->states[s].depth == 1 && m->states[s].fail == 0);
        for (int c = 0; c < 256; c++) {
            uint32_t t = ac_edge(m, s, (uint8_t)c);
            m->depth1_next[(s - 1) * 256 + (size_t)c] = t != NONE ? t : m->root_next[c];
        }
    }
    return EG_OK;
}

eg_status eg_matcher_new(const eg_dict *dict, eg_matcher **out, eg_error *err)
{
    eg_matcher *m = eg_calloc(1, sizeof *m);
    char *keys = NULL;
    size_t total = 0;
    eg_status st = EG_OK;
    *out = NULL;
    if (!m)
        return eg_error_nomem(err);
    m->dict = dict;
    if ((st = make_patterns(m, &keys, &total)))
        goto fail;
    if (total >= NONE - 1) {
        st = eg_error_set(err, EG_ERR_LIMIT, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                          "the aliases hold %zu key bytes; the matcher takes at most %u", total,
                          (unsigned)(NONE - 2));
        goto fail;
    }
    if ((st = make_states(m, keys, total)))
        goto fail;
    shrink((void **)&m->states, m->n_states, sizeof *m->states);
    shrink((void **)&m->edge_byte, m->n_edges, sizeof *m->edge_byte);
    shrink((void **)&m->edge_next, m->n_edges, sizeof *m->edge_next);
    if ((st = make_links(m)) || (st = make_depth1(m)))
        goto fail;
    free(keys);
    *out = m;
    return EG_OK;
fail:
    free(keys);
    eg_matcher_free(m);
    return st == EG_ERR_NOMEM ? eg_error_nomem(err) : st;
}

const uint32_t *eg_matcher_pattern_aliases(const eg_matcher *m, uint32_t pattern, size_t *n)
{
    assert(pattern < m->n_patterns);
    *n = m->pat_alias_start[pattern + 1] - m->pat_alias_start[pattern];
    return m->pat_aliases + m->pat_alias_start[pattern];
}

size_t eg_matcher_n_patterns(const eg_matcher *m)
{
    return m->n_patterns;
}

size_t eg_matcher_n_states(const eg_matcher *m)
{
    return m->n_states;
}

size_t eg_matcher_n_edges(const eg_matcher *m)
{
    return m->n_edges;
}

size_t eg_matcher_memory(const eg_matcher *m)
{
    if (m->borrowed)
        return sizeof *m;
    return sizeof *m + m->n_patterns * (sizeof *m->pat_len + sizeof *m->pat_flags) +
           (m->n_patterns + 1) * sizeof *m->pat_alias_start + eg_dict_n_aliases(m->dict) * sizeof *m->pat_aliases +
           m->n_patterns * sizeof *m->pat_next + m->n_states * sizeof *m->states +
           m->n_edges * (sizeof *m->edge_byte + sizeof *m->edge_next) +
           (size_t)(m->n_depth1 ? m->n_depth1 : 1) * 256 * sizeof *m->depth1_next;
}
