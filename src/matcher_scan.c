/*
 * matcher_scan: the scan of normalised text with the automaton of matcher.c, and the rules that turn its hits
 * into leftmost-longest matches on word boundaries (matcher.h): outputs are looked at only where a key can
 * end (a cluster boundary that is also a word boundary, or one followed by a Korean particle); each key
 * ending there is checked for its start and its aliases' case rules on the original text; the candidates
 * are sorted by (start, -length) and taken greedily.
 */
#include "matcher.h"

#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "dict.h"
#include "error.h"
#include "matcher_impl.h"

#define NONE UINT32_MAX

/* Korean particles (josa) that may follow a key, longest first (in UTF-8 NFC, as the normalised text is). */
typedef struct particle {
    const char *s;
    size_t n;
} particle;
/* clang-format off */
#define P(s) {s, sizeof s - 1}
static const particle particles[] = {
    P("에게서"), P("으로서"), P("으로써"), P("에서는"), P("에서도"), P("에서의"), P("으로는"), P("으로도"),
    P("에게는"), P("에게도"), P("께서는"), P("까지는"), P("까지도"), P("부터는"), P("이라고"), P("이라는"),
    P("이라며"), P("이라도"),
    P("에게"), P("에서"), P("으로"), P("께서"), P("부터"), P("까지"), P("처럼"), P("보다"), P("한테"), P("이나"),
    P("이랑"), P("이며"), P("이고"), P("이다"), P("이자"), P("이란"), P("라고"), P("라는"), P("라며"), P("라도"),
    P("에는"), P("에도"), P("에의"), P("와의"), P("과의"), P("와는"), P("과는"), P("와도"), P("과도"), P("로는"),
    P("로도"), P("로서"), P("로써"), P("만의"), P("만큼"), P("마저"), P("조차"), P("밖에"), P("같이"), P("대로"),
    P("은"), P("는"), P("이"), P("가"), P("을"), P("를"), P("의"), P("에"), P("와"), P("과"), P("도"), P("만"),
    P("로"), P("나"), P("랑"), P("께"), P("며"), P("엔"), P("야"), P("란"), P("뿐")};
#undef P
/* clang-format on */

/* ---- scanning -------------------------------------------------------------------------------------- */

static inline uint32_t step(const eg_matcher *m, uint32_t s, uint8_t c)
{
    for (;;) {
        if (s == 0)
            return m->root_next[c];
        if (s <= m->n_depth1)
            return m->depth1_next[(s - 1) * 256 + c];
        uint32_t t = ac_edge(m, s, c);
        if (t != NONE)
            return t;
        s = m->states[s].fail;
    }
}

/* The code point at normalised offset i (< len). */
static int32_t cp_at(const eg_normtext *nt, size_t i)
{
    uint8_t c = (uint8_t)nt->text[i];
    if (c < 0x80)
        return c;
    int32_t cp;
    eg_utf8_decode(nt->text, nt->len, i, &cp);
    return cp;
}

/* The code point that ends at normalised offset i (> 0). */
static int32_t cp_before(const eg_normtext *nt, size_t i)
{
    uint8_t c = (uint8_t)nt->text[i - 1];
    return c < 0x80 ? c : cp_at(nt, eg_utf8_prev(nt->text, i));
}

/* Is i (a cluster boundary) a word boundary when seen from the left, i.e. is nothing of the word going on
 * after it? */
static bool word_ends_at(const eg_normtext *nt, size_t i)
{
    return i == nt->len || !eg_is_word_char(cp_at(nt, i));
}

/* Does a Korean particle start at e and end at a word boundary? */
static bool particle_at(const eg_normtext *nt, size_t e)
{
    /* Every particle starts with a Hangul syllable, U+AC00..U+D7A3: lead byte 0xEA..0xED. */
    uint8_t lead = (uint8_t)nt->text[e];
    if (lead < 0xEA || lead > 0xED)
        return false;
    for (size_t k = 0; k < sizeof particles / sizeof particles[0]; k++) {
        size_t n = particles[k].n;
        if (n <= nt->len - e && memcmp(nt->text + e, particles[k].s, n) == 0 &&
            eg_normtext_is_boundary(nt, e + n) && word_ends_at(nt, e + n))
            return true;
    }
    return false;
}

/* Can a key end at normalised offset e (a cluster boundary)? The keys ending there all end with the same
 * character, the one before e, so this holds for all of them or none. */
static bool end_ok(const eg_normtext *nt, size_t e)
{
    return word_ends_at(nt, e) || !eg_is_word_char(cp_before(nt, e)) || particle_at(nt, e);
}

/* Can the key that ends at e, found in its state, start at s = e - its length? The text at s is the key, so
 * whether the key begins with a word character is read there, not in the pattern's flags (a cache miss for
 * every key that ends at the end of a word). */
static bool start_ok(const eg_normtext *nt, size_t s)
{
    if (!eg_normtext_is_boundary(nt, s))
        return false;
    return s == 0 || !eg_is_word_char(cp_before(nt, s)) || !eg_is_word_char(cp_at(nt, s));
}

/* Is s[0..n) ASCII without a capital letter? No cased alias accepts such a surface (dict.h). */
static bool ascii_without_capital(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((uint8_t)s[i] >= 0x80 || (s[i] >= 'A' && s[i] <= 'Z'))
            return false;
    return true;
}

/* Does some alias of pattern p accept the surface s[0..n) in the context ctx (EG_ACCEPT_*, dict.h)? */
static bool accepted(const eg_matcher *m, uint32_t p, const char *s, size_t n, unsigned ctx)
{
    uint8_t flags = m->pat_flags[p];
    if (flags & PAT_LOOSE)
        return true;
    /* Keys of common words mostly belong to cased aliases only ("May", "Bush"): the text decides without
     * reading the aliases. In an all-caps line every surface has capitals, so the context cannot matter. */
    if ((flags & PAT_CASED) && !(ctx & EG_ACCEPT_CAPS_LINE) && ascii_without_capital(s, n))
        return false;
    for (uint32_t k = m->pat_alias_start[p]; k < m->pat_alias_start[p + 1]; k++)
        if (eg_alias_accepts_ctx(eg_dict_alias(m->dict, m->pat_aliases[k]), s, n, ctx))
            return true;
    return false;
}

static int cmp_candidates(const void *pa, const void *pb)
{
    const eg_match *a = pa, *b = pb;
    if (a->nstart != b->nstart)
        return a->nstart < b->nstart ? -1 : 1;
    return a->nend > b->nend ? -1 : a->nend < b->nend;
}

/* Is the character at normalised offset i a word character? *n gets its length in bytes. */
static inline bool word_char_at(const eg_normtext *nt, size_t i, size_t *n)
{
    uint8_t c = (uint8_t)nt->text[i];
    if (c < 0x80) {
        *n = 1;
        return (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u || c == '_';
    }
    int32_t cp;
    *n = eg_utf8_decode(nt->text, nt->len, i, &cp);
    return (cp >= 0xAC00 && cp <= 0xD7A3) || eg_is_word_char(cp); /* Hangul syllables are the common case */
}

struct eg_start_slot {
    size_t start; /* normalised start offset */
    uint32_t gen; /* the scan that filled it */
    uint32_t item; /* index of the candidate in the vector */
};

/* Keys ending at one position that are looked at: far more than any real dictionary nests ("a", "a a",
 * "a a a", ...), so that a pathological one cannot make a position cost without bound. */
#define EG_MAX_ENDING_LOOKS 4096

/* The slot of start in v's table (filled by this scan or free); grows the table when half full. */
static struct eg_start_slot *start_slot(eg_match_vec *v, size_t start)
{
    if (v->n * 2 >= v->cap_slots) {
        size_t ncap = v->cap_slots ? v->cap_slots * 2 : 256;
        struct eg_start_slot *ns = eg_calloc(ncap, sizeof *ns);
        if (!ns)
            return NULL;
        for (size_t i = 0; i < v->cap_slots; i++) {
            if (v->slots[i].gen != v->gen)
                continue;
            size_t h = (v->slots[i].start * 0x9E3779B97F4A7C15ULL) >> 7 & (ncap - 1);
            while (ns[h].gen == v->gen)
                h = (h + 1) & (ncap - 1);
            ns[h] = v->slots[i];
        }
        free(v->slots);
        v->slots = ns;
        v->cap_slots = ncap;
    }
    size_t h = (start * 0x9E3779B97F4A7C15ULL) >> 7 & (v->cap_slots - 1);
    while (v->slots[h].gen == v->gen && v->slots[h].start != start)
        h = (h + 1) & (v->cap_slots - 1);
    return &v->slots[h];
}

/* Does [os, oe) cross one of the ascending barriers, i.e. is there a barrier b with os < b < oe? */
static bool crosses_barrier(const size_t *bar, size_t n, size_t os, size_t oe)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (bar[mid] <= os)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && bar[lo] < oe;
}

/* Adds to scratch the keys that end at normalised offset e, where the automaton is in state s (whose output
 * is the longest of them), and that pass the boundary and case checks and cross no barrier. */
static eg_status add_candidates(const eg_matcher *m, const eg_normtext *nt, const char *orig, size_t orig_len,
                                const size_t *bar, size_t n_bar, uint32_t s, size_t e, eg_match_vec *scratch)
{
    if (!eg_normtext_is_boundary(nt, e) || !end_ok(nt, e))
        return EG_OK;
    unsigned looked = 0;
    for (uint32_t p = m->states[s].out; p != NONE && looked < EG_MAX_ENDING_LOOKS; p = m->pat_next[p]) {
        looked++;
        size_t start = e - m->pat_len[p];
        if (!start_ok(nt, start))
            continue;
        size_t os = eg_normtext_orig(nt, start), oe = eg_normtext_orig(nt, e);
        assert(os <= oe && oe <= orig_len);
        (void)orig_len;
        /* Only documents with an all-caps line pay for the look-up. */
        bool caps = scratch->n_caps && eg_caps_covers(scratch->caps, scratch->n_caps, os, oe);
        if (!accepted(m, p, orig + os, oe - os, caps ? EG_ACCEPT_CAPS_LINE : 0) ||
            (n_bar && crosses_barrier(bar, n_bar, os, oe)))
            continue;
        /* Keys of one start come at increasing ends: a later one is longer and replaces the earlier. */
        struct eg_start_slot *slot = start_slot(scratch, start);
        if (!slot)
            return EG_ERR_NOMEM;
        if (slot->gen == scratch->gen) {
            scratch->items[slot->item] = (eg_match){os, oe, start, e, p, caps};
            continue;
        }
        if (eg_grow((void **)&scratch->items, &scratch->cap, scratch->n + 1, sizeof *scratch->items))
            return EG_ERR_NOMEM;
        *slot = (struct eg_start_slot){start, scratch->gen, (uint32_t)scratch->n};
        scratch->items[scratch->n++] = (eg_match){os, oe, start, e, p, caps};
    }
    return EG_OK;
}

eg_status eg_matcher_scan(const eg_matcher *m, const eg_normtext *nt, const char *orig, size_t orig_len,
                          eg_match_vec *out, eg_match_vec *scratch, eg_error *err)
{
    return eg_matcher_scan_bounded(m, nt, orig, orig_len, NULL, 0, out, scratch, err);
}

eg_status eg_matcher_scan_bounded(const eg_matcher *m, const eg_normtext *nt, const char *orig, size_t orig_len,
                                  const size_t *barriers, size_t n_barriers, eg_match_vec *out,
                                  eg_match_vec *scratch, eg_error *err)
{
    const uint8_t *t = (const uint8_t *)nt->text;
    size_t len = nt->len;
    uint32_t s = 0;
    size_t word_start = 0; /* where the current run of word characters began */
    bool in_word = false;  /* the character before i is a word character */
    out->n = scratch->n = 0;
    if (eg_caps_lines(orig, orig_len, &scratch->caps, &scratch->n_caps, &scratch->cap_caps, err))
        return EG_ERR_NOMEM;
    if (++scratch->gen == 0) { /* wrapped: forget every slot */
        if (scratch->slots)
            memset(scratch->slots, 0, scratch->cap_slots * sizeof *scratch->slots);
        scratch->gen = 1;
    }

    for (size_t i = 0; i < len;) {
        size_t n;
        bool w = word_char_at(nt, i, &n);
        if (w && !in_word)
            word_start = i;
        in_word = w;
        bool dead = false;
        size_t end = i + n;
        for (; i < end; i++) {
            uint8_t c = t[i];
            if (s == 0) {
                s = m->root_next[c];
            } else if (s <= m->n_depth1) {
                s = m->depth1_next[(s - 1) * 256 + c];
            } else {
                uint32_t next = ac_edge(m, s, c);
                if (next == NONE) {
                    /* A deep state whose string began exactly at the word's start, with no transition on
                     * this byte: every failure state's string begins inside the word, so nothing more can
                     * match before the word ends (the skip below). Seeing it now saves walking the failure
                     * chain, a cache miss a state. */
                    const ac_state *cur = &m->states[s];
                    if (w && cur->depth < DEPTH_MAX && cur->depth == i - word_start) {
                        dead = true;
                        break;
                    }
                    next = step(m, cur->fail, c);
                }
                s = next;
            }
            if (m->states[s].out != NONE &&
                add_candidates(m, nt, orig, orig_len, barriers, n_barriers, s, i + 1, scratch))
                return eg_error_nomem(err);
        }
        if (dead) {
            s = 0;
            i = end;
            while (i < len && word_char_at(nt, i, &n))
                i += n;
            continue;
        }
        /* Inside a word, once the state's string begins after the word's start, no key found before the
         * word ends can begin on a word boundary (the longest suffix only moves right): skip the rest of
         * the word and start again from the root. This is what makes the scan fast. */
        if (w && m->states[s].depth < DEPTH_MAX && m->states[s].depth < i - word_start) {
            s = 0;
            while (i < len && word_char_at(nt, i, &n))
                i += n;
        }
    }

    /* Leftmost-longest: by start, longest first, then greedily without overlap. */
    if (scratch->n > 1)
        eg_sort(scratch->items, scratch->n, sizeof *scratch->items, cmp_candidates);
    size_t last_end = 0;
    for (size_t k = 0; k < scratch->n; k++) {
        const eg_match *c = &scratch->items[k];
        if (c->nstart < last_end)
            continue;
        if (eg_grow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items))
            return eg_error_nomem(err);
        out->items[out->n++] = *c;
        last_end = c->nend;
    }
    return EG_OK;
}

void eg_match_vec_destroy(eg_match_vec *v)
{
    if (!v)
        return;
    free(v->items);
    free(v->slots);
    free(v->caps);
    v->items = NULL;
    v->slots = NULL;
    v->caps = NULL;
    v->n = v->cap = v->cap_slots = v->n_caps = v->cap_caps = 0;
    v->gen = 0;
}
