/*
 * dict_compiled: loading compiled dictionaries (dict_compiled.h; the layout is in dict_compiled_impl.h and
 * docs/compiled-dictionary.md; the writer is dict_compiled_write.c), and the checksum both use.
 *
 * Invariants of a loaded file (all checked before anything is built: check_*): every section lies
 * inside the file and matches its checksum; the strings section ends with a NUL and is UTF-8, and every
 * string offset lies inside it (length-carrying strings also end with a NUL there); every entity, alias,
 * type, attribute, pattern and state number is in range; the automaton is a tree numbered parent first,
 * its depths agree with the key lengths of the patterns that end in it, and its failure and output links
 * lead to shallower states, so a scan always terminates and never computes a match start before the text.
 */
#define _GNU_SOURCE /* MAP_POPULATE */
#include "dict_compiled.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dict.h"
#include "dict_compiled_impl.h"
#include "dict_load.h"
#include "error.h"
#include "matcher.h"
#include "normalize.h"

#ifndef MAP_POPULATE
#define MAP_POPULATE 0
#endif

#define NONE UINT32_MAX

/* ---- the format (dict_compiled_impl.h) ------------------------------------------------------------------ */
const char egd_magic[8] = {'E', 'G', 'D', '\0', '\r', '\n', 0x1a, '\n'};

const char *const egd_section_names[N_SECTIONS] = {
    "strings", "types",  "entities", "attributes", "aliases",   "pattern lengths", "pattern flags",
    "pattern alias starts", "pattern aliases", "states", "pattern chain", "edge bytes", "edge targets",
    "root transitions", "depth-1 transitions"};
const uint32_t egd_record_size[N_SECTIONS] = {1, 4, ENTITY_SIZE, 8, ALIAS_SIZE, 4, 1, 4, 4, 16, 4, 1, 4, 4, 4};

/* The number of records section s must hold, from the header's counts (may overflow only on made-up counts,
 * which the length check then rejects because lengths are bounded by the file size). */
static uint64_t section_records(int s, const uint64_t *c)
{
    switch (s) {
    case S_STRINGS: return c[C_STRING_BYTES];
    case S_TYPES: return c[C_TYPES];
    case S_ENTITIES: return c[C_ENTITIES];
    case S_ATTRS: return c[C_ATTRS];
    case S_ALIASES: return c[C_ALIASES];
    case S_PAT_LEN:
    case S_PAT_FLAGS:
    case S_PAT_NEXT: return c[C_PATTERNS];
    case S_PAT_ALIAS_START: return c[C_PATTERNS] + 1;
    case S_PAT_ALIASES: return c[C_ALIASES];
    case S_STATES: return c[C_STATES];
    case S_EDGE_BYTE:
    case S_EDGE_NEXT: return c[C_EDGES];
    case S_ROOT_NEXT: return 256;
    default: return c[C_DEPTH1] * 256;
    }
}

/* ---- XXH64 (seed 0), the checksum of the header and of every section -------------------------------------- */

static const uint64_t P1 = 11400714785074694791ull, P2 = 14029467366897019727ull, P3 = 1609587929392839161ull,
                      P4 = 9650029242287828579ull, P5 = 2870177450012600261ull;

static uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t xxh_round(uint64_t acc, uint64_t input)
{
    return rotl64(acc + input * P2, 31) * P1;
}

static uint64_t xxh_merge(uint64_t acc, uint64_t val)
{
    return (acc ^ xxh_round(0, val)) * P1 + P4;
}

uint64_t egd_xxh64(const void *data, size_t len)
{
    const uint8_t *p = data, *end = p + len;
    uint64_t h;
    if (len >= 32) {
        uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = -P1;
        for (; end - p >= 32; p += 32) {
            v1 = xxh_round(v1, get64(p));
            v2 = xxh_round(v2, get64(p + 8));
            v3 = xxh_round(v3, get64(p + 16));
            v4 = xxh_round(v4, get64(p + 24));
        }
        h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
        h = xxh_merge(xxh_merge(xxh_merge(xxh_merge(h, v1), v2), v3), v4);
    } else {
        h = P5;
    }
    h += (uint64_t)len;
    for (; end - p >= 8; p += 8)
        h = rotl64(h ^ xxh_round(0, get64(p)), 27) * P1 + P4;
    if (end - p >= 4) {
        h = rotl64(h ^ ((uint64_t)get32(p) * P1), 23) * P2 + P3;
        p += 4;
    }
    for (; p < end; p++)
        h = rotl64(h ^ (*p * P5), 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

/* ---- loading ----------------------------------------------------------------------------------------------- */

typedef struct loader {
    const char *name;
    const uint8_t *base;
    size_t len;
    eg_error *err;
    uint64_t counts[N_COUNTS];
    uint64_t off[N_SECTIONS];        /* where each section begins */
    const uint8_t *sec[N_SECTIONS]; /* and its bytes */
    const char *str;                /* the strings section */
    size_t n_str;
} loader;

static eg_status bad(const loader *L, uint64_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static eg_status bad(const loader *L, uint64_t at, const char *fmt, ...)
{
    char msg[sizeof L->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return eg_error_set(L->err, EG_ERR_PARSE, L->name, EG_NO_POS, EG_NO_POS, (size_t)at, "%s", msg);
}

/* The byte offset of record i of section s, for messages. */
static uint64_t at_record(const loader *L, int s, uint64_t i)
{
    return L->off[s] + i * egd_record_size[s];
}

static eg_status check_header(loader *L)
{
    const uint8_t *h = L->base;
    if (L->len < 4 || memcmp(h, egd_magic, 4) != 0)
        return bad(L, 0, "not a compiled dictionary (no EGD magic)");
    if (L->len < HEADER_SIZE)
        return bad(L, L->len, "truncated: %zu bytes, the header alone has %d", L->len, HEADER_SIZE);
    if (memcmp(h, egd_magic, sizeof egd_magic) != 0)
        return bad(L, 4, "damaged magic (was the file converted as text?)");
    uint32_t order = get32(h + H_ORDER), version = get32(h + H_VERSION);
    if (order != BYTE_ORDER_MARK)
        return bad(L, H_ORDER, order == 0x04030201u ? "written on a machine of the other byte order; compile it "
                                                      "again here"
                                                    : "bad byte-order mark 0x%08x", order);
    if (version != EG_DICT_COMPILED_VERSION)
        return bad(L, H_VERSION, "format version %u; this entgraph reads version %d (compile the dictionary "
                   "again)", version, EG_DICT_COMPILED_VERSION);
    if (get32(h + H_HEADER_SIZE) != HEADER_SIZE || get32(h + H_N_SECTIONS) != N_SECTIONS)
        return bad(L, H_HEADER_SIZE, "header of %u bytes with %u sections; version %d has %d and %d",
                   get32(h + H_HEADER_SIZE), get32(h + H_N_SECTIONS), EG_DICT_COMPILED_VERSION, HEADER_SIZE,
                   N_SECTIONS);
    uint8_t copy[HEADER_SIZE];
    memcpy(copy, h, HEADER_SIZE);
    put64(copy + H_CHECKSUM, 0);
    if (egd_xxh64(copy, HEADER_SIZE) != get64(h + H_CHECKSUM))
        return bad(L, H_CHECKSUM, "header checksum mismatch (the file is damaged)");
    uint64_t size = get64(h + H_FILE_SIZE);
    if (size != L->len)
        return bad(L, size < L->len ? size : L->len, "%s: %zu bytes, the header says %llu",
                   size > L->len ? "truncated" : "trailing bytes", L->len, (unsigned long long)size);
    if (get32(h + H_STATE_SIZE) != sizeof(ac_state))
        return bad(L, H_STATE_SIZE, "automaton states of %u bytes; this entgraph uses %zu",
                   get32(h + H_STATE_SIZE), sizeof(ac_state));
    for (int c = 0; c < N_COUNTS; c++)
        L->counts[c] = get64(h + H_COUNTS + 8 * c);
    for (int c = C_TYPES; c < N_COUNTS; c++)
        if (L->counts[c] >= NONE)
            return bad(L, H_COUNTS + 8 * (uint64_t)c, "count %llu is beyond the format's limit",
                       (unsigned long long)L->counts[c]);
    uint64_t end = HEADER_SIZE;
    for (int s = 0; s < N_SECTIONS; s++) {
        const uint8_t *e = h + FIXED_SIZE + ENTRY_SIZE * s;
        uint64_t at = FIXED_SIZE + ENTRY_SIZE * (uint64_t)s, off = get64(e + 8), len = get64(e + 16);
        if (get32(e) != (uint32_t)s + 1 || get32(e + 4) != egd_record_size[s])
            return bad(L, at, "section table entry %d: id %u, record size %u; expected %d and %u (%s)", s,
                       get32(e), get32(e + 4), s + 1, egd_record_size[s], egd_section_names[s]);
        if (off < end || off % SECTION_ALIGN || off > L->len || len > L->len - off)
            return bad(L, at, "section %s: bytes %llu..%llu lie outside the file (%zu bytes) or overlap",
                       egd_section_names[s], (unsigned long long)off, (unsigned long long)(off + len), L->len);
        uint64_t want = section_records(s, L->counts);
        if (want > len || want * egd_record_size[s] != len)
            return bad(L, off, "section %s: %llu bytes, expected %llu records of %u bytes", egd_section_names[s],
                       (unsigned long long)len, (unsigned long long)want, egd_record_size[s]);
        if (egd_xxh64(L->base + off, (size_t)len) != get64(e + 24))
            return bad(L, off, "section %s: checksum mismatch (the file is damaged)", egd_section_names[s]);
        L->off[s] = off;
        L->sec[s] = L->base + off;
        end = off + len;
    }
    L->str = (const char *)L->sec[S_STRINGS];
    L->n_str = (size_t)L->counts[C_STRING_BYTES];
    return EG_OK;
}

/* A NUL-terminated string at off (or NONE when optional): any offset inside the section is one, since the
 * section ends with a NUL. */
static bool str_ok(const loader *L, uint32_t off, bool optional)
{
    return off < L->n_str || (optional && off == NONE);
}

/* A string of n bytes at off, followed by a NUL. */
static bool str_n_ok(const loader *L, uint32_t off, uint32_t n)
{
    return off < L->n_str && n < L->n_str - off && L->str[off + n] == '\0';
}

static eg_status check_strings(const loader *L)
{
    const char *s = L->str;
    size_t n = L->n_str;
    if (n == 0 || s[n - 1] != '\0')
        return bad(L, L->off[S_STRINGS] + n, "section strings: does not end with a NUL byte");
    for (size_t i = 0; i < n;) {
        if ((uint8_t)s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t k = eg_utf8_decode(s, n, i, &cp);
        if (cp < 0)
            return bad(L, L->off[S_STRINGS] + i, "section strings: invalid UTF-8");
        i += k;
    }
    return EG_OK;
}

static eg_status check_dict_records(const loader *L)
{
    uint64_t n_types = L->counts[C_TYPES], n_ents = L->counts[C_ENTITIES], n_attrs = L->counts[C_ATTRS];
    for (uint64_t t = 0; t < n_types; t++) {
        uint32_t off = get32(L->sec[S_TYPES] + 4 * t);
        if (!str_ok(L, off, false) || !L->str[off])
            return bad(L, at_record(L, S_TYPES, t), "type %llu: bad string offset %u", (unsigned long long)t, off);
    }
    for (uint64_t e = 0; e < n_ents; e++) {
        const uint8_t *r = L->sec[S_ENTITIES] + e * ENTITY_SIZE;
        uint32_t id = get32(r), type = get32(r + 4), first = get32(r + 32), n = get32(r + 36);
        bool ok = str_ok(L, id, false) && L->str[id] && type < n_types && str_ok(L, get32(r + 8), false) &&
                  str_ok(L, get32(r + 12), true) && str_ok(L, get32(r + 16), true) &&
                  str_ok(L, get32(r + 20), true) && str_ok(L, get32(r + 24), true) && first <= n_attrs &&
                  n <= n_attrs - first;
        if (!ok)
            return bad(L, at_record(L, S_ENTITIES, e), "entity %llu: an offset or index out of range",
                       (unsigned long long)e);
    }
    for (uint64_t a = 0; a < n_attrs; a++)
        if (!str_ok(L, get32(L->sec[S_ATTRS] + 8 * a), false) || !str_ok(L, get32(L->sec[S_ATTRS] + 8 * a + 4), false))
            return bad(L, at_record(L, S_ATTRS, a), "attribute %llu: bad string offset", (unsigned long long)a);
    for (uint64_t a = 0; a < L->counts[C_ALIASES]; a++) {
        const uint8_t *r = L->sec[S_ALIASES] + a * ALIAS_SIZE;
        uint32_t key_len = get32(r + 12);
        if (!str_n_ok(L, get32(r), get32(r + 4)) || !str_n_ok(L, get32(r + 8), key_len) || key_len == 0 ||
            get32(r + 16) >= n_ents || (get32(r + 20) & ~0xFu))
            return bad(L, at_record(L, S_ALIASES, a), "alias %llu: an offset, length, entity or flag out of range",
                       (unsigned long long)a);
    }
    return EG_OK;
}

/* The true depth of state s: depth8 holds it below DEPTH_MAX, deep (made on first need) from there. */
static uint32_t true_depth(const uint8_t *depth8, const uint32_t *deep, uint32_t s)
{
    return depth8[s] < DEPTH_MAX ? depth8[s] : deep[s];
}

/* The automaton (see the file comment and matcher_impl.h). depth8 (n_states bytes, zeroed) is scratch. */
static eg_status check_automaton(const loader *L, const eg_matcher *m, uint8_t *depth8)
{
    const ac_state *st = m->states;
    uint32_t *deep = NULL;
    size_t S = m->n_states, E = m->n_edges, P = m->n_patterns, A = (size_t)L->counts[C_ALIASES];
    eg_status r = EG_OK;
#define FAIL(sec, i, ...)                                                                                       \
    do {                                                                                                        \
        r = bad(L, at_record(L, sec, i), __VA_ARGS__);                                                          \
        goto done;                                                                                              \
    } while (0)

    if (m->pat_alias_start[0] != 0 || m->pat_alias_start[P] != A)
        FAIL(S_PAT_ALIAS_START, 0, "pattern alias starts do not run from 0 to the number of aliases");
    for (size_t p = 0; p < P; p++) {
        if (m->pat_alias_start[p + 1] <= m->pat_alias_start[p])
            FAIL(S_PAT_ALIAS_START, p + 1, "pattern %zu has no alias", p);
        if (m->pat_len[p] == 0)
            FAIL(S_PAT_LEN, p, "pattern %zu has an empty key", p);
    }
    /* Each chain of keys ending at one place gets shorter, so it ends. */
    for (size_t p = 0; p < P; p++) {
        uint32_t q = m->pat_next[p];
        if (q != NONE && (q >= P || m->pat_len[q] >= m->pat_len[p]))
            FAIL(S_PAT_NEXT, p, "pattern %zu: the next key ending with it, %u, is not a shorter one", p, q);
    }
    for (size_t a = 0; a < A; a++)
        if (m->pat_aliases[a] >= A)
            FAIL(S_PAT_ALIASES, a, "alias number %u out of range", m->pat_aliases[a]);
    if (S == 0 || st[0].fail != 0 || st[0].out != NONE || st[0].depth != 0 || st[0].n_edges != m->n_depth1)
        FAIL(S_STATES, 0, "the root state is malformed");

    /* Pass 1, in state order: transitions go to higher-numbered states, each state has one parent, the
     * stored depths are the real ones. */
    for (size_t s = 0; s < S; s++) {
        uint32_t n = st[s].n_edges, d = true_depth(depth8, deep, (uint32_t)s);
        if (s > 0 && depth8[s] == 0)
            FAIL(S_STATES, s, "state %zu is not reached by any transition", s);
        if (st[s].depth != depth8[s])
            FAIL(S_STATES, s, "state %zu: depth %u, its place in the tree says %u", s, st[s].depth, depth8[s]);
        if (n > 256 || (n > 1 && (st[s].edge > E || n > E - st[s].edge)))
            FAIL(S_STATES, s, "state %zu: %u transitions out of range", s, n);
        int last = -1;
        for (uint32_t k = 0; k < n; k++) {
            uint8_t c = n == 1 ? st[s].byte : m->edge_byte[st[s].edge + k];
            uint32_t t = n == 1 ? st[s].edge : m->edge_next[st[s].edge + k];
            if ((int)c <= last)
                FAIL(S_STATES, s, "state %zu: transitions not sorted by byte", s);
            last = c;
            if (t <= s || t >= S || depth8[t] != 0)
                FAIL(S_STATES, s, "state %zu: transition to state %u breaks the tree", s, t);
            if (s == 0 && m->root_next[c] != t)
                FAIL(S_ROOT_NEXT, c, "root transition on byte %u disagrees with the root state", c);
            depth8[t] = (uint8_t)(d + 1 < DEPTH_MAX ? d + 1 : DEPTH_MAX);
            if (d + 1 >= DEPTH_MAX) {
                if (!deep && !(deep = eg_calloc(S, sizeof *deep))) {
                    r = eg_error_nomem(L->err);
                    goto done;
                }
                deep[t] = d + 1;
            }
        }
    }
    for (int c = 0; c < 256; c++)
        if (m->root_next[c] >= S || (m->root_next[c] && depth8[m->root_next[c]] != 1) ||
            (m->root_next[c] && m->root_next[c] > m->n_depth1))
            FAIL(S_ROOT_NEXT, (unsigned)c, "root transition on byte %d out of range", c);
    /* Pass 2: failure links lead to shallower states, and a state's output is a key no longer than its
     * string (a match never starts before the text); dense depth-1 tables stay in range. The links point
     * anywhere: fetch their depths (and key lengths) ahead, a cache miss each in a large automaton. */
    enum { AHEAD = 16 };
    for (size_t s = 1; s < S; s++) {
        if (s + AHEAD < S) {
            uint32_t fa = st[s + AHEAD].fail, oa = st[s + AHEAD].out;
            if (fa < S)
                __builtin_prefetch(&depth8[fa]);
            if (oa < P)
                __builtin_prefetch(&m->pat_len[oa]);
        }
        uint32_t f = st[s].fail, o = st[s].out, d = true_depth(depth8, deep, (uint32_t)s);
        if (f >= S || true_depth(depth8, deep, f) >= d)
            FAIL(S_STATES, s, "state %zu: failure link to state %u is not shallower", s, f);
        if (o != NONE && (o >= P || m->pat_len[o] > d))
            FAIL(S_STATES, s, "state %zu: output pattern %u is not a key that can end there", s, o);
    }
    for (size_t s = 1; s <= m->n_depth1; s++) {
        if (depth8[s] != 1)
            FAIL(S_STATES, s, "state %zu is not a child of the root", s);
        for (size_t c = 0; c < 256; c++) {
            uint32_t t = m->depth1_next[(s - 1) * 256 + c];
            if (t >= S || depth8[t] > 2)
                FAIL(S_DEPTH1_NEXT, (s - 1) * 256 + c, "depth-1 transition to state %u out of range", t);
        }
    }
#undef FAIL
done:
    free(deep);
    return r;
}

/* eg_dict_adopt's entity callback: entity i from the file (strings in the mapping). */
typedef struct adopt_ctx {
    const loader *L;
    const char **types; /* the types, interned: pointers into the strings */
} adopt_ctx;

static eg_status fill_entity(void *ctx, eg_dict *d, uint32_t i, eg_entity *e, const char **def_path,
                             size_t *def_line, eg_error *err)
{
    const adopt_ctx *a = ctx;
    const loader *L = a->L;
    const uint8_t *r = L->sec[S_ENTITIES] + (size_t)i * ENTITY_SIZE;
    const char *s = L->str;
#define OPT(off) ((off) == NONE ? NULL : s + (off))
    e->id = s + get32(r);
    e->type = a->types[get32(r + 4)];
    e->label = s + get32(r + 8);
    e->country = OPT(get32(r + 12));
    e->wikidata = OPT(get32(r + 16));
    e->roles = OPT(get32(r + 20));
    *def_path = OPT(get32(r + 24));
#undef OPT
    *def_line = get32(r + 28);
    uint32_t first = get32(r + 32), n = get32(r + 36);
    e->n_attrs = n;
    if (n) {
        const char **names = eg_dict_alloc(d, n * sizeof *names, sizeof *names);
        const char **values = eg_dict_alloc(d, n * sizeof *values, sizeof *values);
        if (!names || !values)
            return eg_error_nomem(err);
        for (uint32_t k = 0; k < n; k++) {
            names[k] = s + get32(L->sec[S_ATTRS] + 8 * ((size_t)first + k));
            values[k] = s + get32(L->sec[S_ATTRS] + 8 * ((size_t)first + k) + 4);
        }
        e->attr_names = names;
        e->attr_values = values;
    }
    return EG_OK;
}

/* Builds the dictionary from the checked sections. */
static eg_status make_dict(const loader *L, eg_dict *d, void *backing, void (*release)(void *))
{
    size_t n_types = (size_t)L->counts[C_TYPES], n_aliases = (size_t)L->counts[C_ALIASES];
    const char **types = eg_malloc((n_types ? n_types : 1) * sizeof *types);
    eg_alias *aliases = eg_malloc((n_aliases ? n_aliases : 1) * sizeof *aliases);
    if (!types || !aliases) {
        free(types);
        free(aliases);
        return eg_error_nomem(L->err);
    }
    eg_advise_huge(aliases, n_aliases * sizeof *aliases);
    for (size_t t = 0; t < n_types; t++)
        types[t] = L->str + get32(L->sec[S_TYPES] + 4 * t);
    for (size_t a = 0; a < n_aliases; a++) {
        const uint8_t *r = L->sec[S_ALIASES] + a * ALIAS_SIZE;
        aliases[a] = (eg_alias){L->str + get32(r), get32(r + 4), L->str + get32(r + 8), get32(r + 12),
                                get32(r + 16), get32(r + 20)};
    }
    adopt_ctx ctx = {L, types};
    dict_image img = {.types = types,
                      .n_types = n_types,
                      .n_ents = (size_t)L->counts[C_ENTITIES],
                      .entity = fill_entity,
                      .ctx = &ctx,
                      .aliases = aliases,
                      .n_aliases = n_aliases,
                      .backing = backing,
                      .release = release};
    eg_status st = eg_dict_adopt(d, &img, L->err);
    if (st == EG_ERR_PARSE) /* a repeated id: say where */
        bad(L, L->off[S_ENTITIES], "section entities: %s", L->err->message);
    free(types);
    return st;
}

/* A file mapping, released with the dictionary. */
typedef struct mapping {
    void *addr;
    size_t len;
} mapping;

static void unmap(void *p)
{
    mapping *mp = p;
    munmap(mp->addr, mp->len);
    free(mp);
}

static eg_status load(const char *name, const void *data, size_t len, mapping *backing, eg_dict **dict,
                      eg_matcher **out, eg_error *err)
{
    loader L = {.name = name, .base = data, .len = len, .err = err};
    eg_dict *d = NULL;
    eg_matcher *m = NULL;
    uint8_t *depth8 = NULL;
    eg_status st;
    *dict = NULL;
    *out = NULL;
    if ((uintptr_t)data % 8)
        return eg_error_set(err, EG_ERR_USAGE, name, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "a compiled dictionary in memory must be 8-byte aligned");
    if ((st = check_header(&L)) || (st = check_strings(&L)) || (st = check_dict_records(&L)))
        return st;
    if (!(m = eg_calloc(1, sizeof *m)) || !(depth8 = eg_calloc(L.counts[C_STATES] ? L.counts[C_STATES] : 1, 1)) ||
        !(d = eg_dict_new())) {
        st = eg_error_nomem(err);
        goto fail;
    }
    m->borrowed = true;
    m->n_patterns = (size_t)L.counts[C_PATTERNS];
    m->pat_len = (uint32_t *)L.sec[S_PAT_LEN];
    m->pat_flags = (uint8_t *)L.sec[S_PAT_FLAGS];
    m->pat_alias_start = (uint32_t *)L.sec[S_PAT_ALIAS_START];
    m->pat_aliases = (uint32_t *)L.sec[S_PAT_ALIASES];
    m->n_states = (size_t)L.counts[C_STATES];
    m->n_edges = (size_t)L.counts[C_EDGES];
    m->states = (ac_state *)L.sec[S_STATES];
    m->pat_next = (uint32_t *)L.sec[S_PAT_NEXT];
    m->edge_byte = (uint8_t *)L.sec[S_EDGE_BYTE];
    m->edge_next = (uint32_t *)L.sec[S_EDGE_NEXT];
    memcpy(m->root_next, L.sec[S_ROOT_NEXT], sizeof m->root_next);
    m->n_depth1 = (uint32_t)L.counts[C_DEPTH1];
    m->depth1_next = (uint32_t *)L.sec[S_DEPTH1_NEXT];
    if ((st = check_automaton(&L, m, depth8)))
        goto fail;
    free(depth8);
    depth8 = NULL;
    if ((st = make_dict(&L, d, backing, backing ? unmap : NULL)))
        goto fail;
    m->dict = d;
    *dict = d;
    *out = m;
    return EG_OK;
fail:
    free(depth8);
    eg_matcher_free(m);
    eg_dict_free(d);
    return st;
}

eg_status eg_dict_compiled_load_buffer(const char *name, const void *data, size_t len, eg_dict **dict,
                                       eg_matcher **m, eg_error *err)
{
    return load(name, data, len, NULL, dict, m, err);
}

eg_status eg_dict_compiled_load(const char *path, eg_dict **dict, eg_matcher **m, eg_error *err)
{
    struct stat sb;
    *dict = NULL;
    *m = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return eg_error_io(err, path, "cannot open", errno);
    int failed = fstat(fd, &sb);
    if (failed || !S_ISREG(sb.st_mode)) {
        const char *why = failed ? strerror(errno) : "not a regular file";
        close(fd);
        return eg_error_set(err, EG_ERR_IO, path, EG_NO_POS, EG_NO_POS, EG_NO_POS, "cannot read: %s", why);
    }
    if (sb.st_size == 0) {
        close(fd);
        return eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, 0,
                            "empty file: not a compiled dictionary");
    }
    mapping *mp = eg_malloc(sizeof *mp);
    void *addr = mp ? mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0) : MAP_FAILED;
    int e = errno;
    close(fd);
    if (!mp)
        return eg_error_nomem(err);
    if (addr == MAP_FAILED) {
        free(mp);
        return eg_error_set(err, e == ENOMEM ? EG_ERR_NOMEM : EG_ERR_IO, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "cannot map: %s", strerror(e));
    }
    *mp = (mapping){addr, (size_t)sb.st_size};
    eg_status st = load(path, addr, (size_t)sb.st_size, mp, dict, m, err);
    if (st)
        unmap(mp);
    return st;
}

void eg_dict_compiled_fix_checksums(void *data, size_t len)
{
    uint8_t *h = data;
    if (len < HEADER_SIZE || memcmp(h, egd_magic, 4) != 0)
        return;
    for (int s = 0; s < N_SECTIONS; s++) {
        uint8_t *e = h + FIXED_SIZE + ENTRY_SIZE * s;
        uint64_t off = get64(e + 8), n = get64(e + 16);
        if (off <= len && n <= len - off)
            put64(e + 24, egd_xxh64(h + off, (size_t)n));
    }
    put64(h + H_CHECKSUM, 0);
    put64(h + H_CHECKSUM, egd_xxh64(h, HEADER_SIZE));
}

bool eg_dict_compiled_sniff(const char *path)
{
    char buf[4];
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    bool yes = fread(buf, 1, 4, fp) == 4 && memcmp(buf, egd_magic, 4) == 0;
    fclose(fp);
    return yes;
}
