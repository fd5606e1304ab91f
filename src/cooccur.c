/*
 * cooccur: entity and pair counts. Entity counters are arrays indexed by dictionary entity; pair counters
 * are entries of one dense array, in the order the pairs were first seen, found through an open-addressing
 * index of 8-byte slots keyed by the ordered pair (a < b), so memory follows the pairs and growing rehashes
 * the slots only; per-period counts live in a hash table keyed by (item, period), where an item is a pair
 * key or (e << 32 | e) for entity e (never a pair key, since pairs have a < b). Evidence records are in an
 * eg_evstore linked from the pair entries. Nothing here touches igraph, so worker threads can each fill
 * their own eg_cooccur. The state is declared in cooccur_impl.h, shared with the merge (cooccur_merge.c),
 * the graph (cooccur_graph.c) and the shard format (partial.c).
 */
#include "cooccur.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cooccur_impl.h"
#include "error.h"
#include "encoding.h"
#include "evstore.h"
#include "timeline.h"

eg_status eg_cooccur_new(eg_cooccur **out, eg_error *err)
{
    return eg_cooccur_new_opts(NULL, out, err);
}

eg_status eg_cooccur_new_opts(const eg_cooccur_options *opts, eg_cooccur **out, eg_error *err)
{
    *out = NULL;
    if (opts && opts->window == EG_WINDOW_TOKENS && opts->tokens == 0)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "a tokens window needs N >= 1");
    eg_cooccur *c = eg_calloc(1, sizeof *c);
    if (!c)
        return eg_error_nomem(err);
    if (opts)
        c->opts = *opts;
    eg_status st = eg_evstore_new(&c->evidence, err);
    if (st) {
        free(c);
        return st;
    }
    *out = c;
    return EG_OK;
}

/* Frees every table (eg_cooccur_free and eg_cooccur_release). */
static void free_tables(eg_cooccur *c)
{
    free(c->mentions);
    free(c->documents);
    free(c->windows);
    free(c->last_doc);
    free(c->stamp);
    free(c->tally);
    free(c->first_day);
    free(c->last_day);
    free(c->pairs);
    free(c->pair_slots);
    free(c->pcounts);
    free(c->period_names);
    for (size_t i = 0; i < c->n_docs; i++) {
        free(c->docs[i].id);
        free(c->docs[i].title);
        free(c->docs[i].date);
    }
    free(c->docs);
    free(c->doc_ents);
    eg_evstore_free(c->evidence);
    free(c->window);
    free(c->first);
    free(c->tok);
}

void eg_cooccur_free(eg_cooccur *c)
{
    if (!c)
        return;
    free_tables(c);
    free(c);
}

void eg_cooccur_end_counting(eg_cooccur *c)
{
    free(c->last_doc);
    free(c->stamp);
    free(c->tally);
    free(c->window);
    free(c->first);
    free(c->tok);
    c->last_doc = NULL;
    c->stamp = c->tally = NULL;
    c->window = NULL;
    c->first = c->tok = NULL;
    c->cap_window = c->cap_first = c->cap_tok = 0;
    if (c->n_pcounts == 0) {
        free(c->pair_slots);
        c->pair_slots = NULL;
        c->cap_slots = 0;
    }
    c->counting_over = true;
}

void eg_cooccur_release(eg_cooccur *c)
{
    if (c->released)
        return;
    free_tables(c);
    /* Keep the options, the totals (n_documents, n_mentions, n_windows, n_capped, n_bad_dates, n_pairs) and
     * dated; every table is now empty, so nothing can walk freed memory. */
    eg_cooccur kept = {.opts = c->opts, .n_pairs = c->n_pairs, .n_documents = c->n_documents,
                       .n_mentions = c->n_mentions, .n_windows = c->n_windows, .n_capped = c->n_capped,
                       .n_bad_dates = c->n_bad_dates, .dated = c->dated, .released = true};
    *c = kept;
}

bool eg_cooccur_released(const eg_cooccur *c)
{
    return c->released;
}

eg_status eg_co_ensure_entities(eg_cooccur *c, size_t n, eg_error *err)
{
    if (n <= c->n_entities)
        return EG_OK;
    /* Every per-entity array, with its element size; all but the days start at zero. */
    struct {
        void **p;
        size_t size;
    } const arrays[] = {{(void **)&c->mentions, sizeof *c->mentions},   {(void **)&c->windows, sizeof *c->windows},
                        {(void **)&c->stamp, sizeof *c->stamp},         {(void **)&c->tally, sizeof *c->tally},
                        {(void **)&c->documents, sizeof *c->documents}, {(void **)&c->last_doc, sizeof *c->last_doc},
                        {(void **)&c->first_day, sizeof *c->first_day}, {(void **)&c->last_day, sizeof *c->last_day}};
    size_t n_arrays = sizeof arrays / sizeof arrays[0];
    if (n > c->cap_entities) {
        size_t ncap = c->cap_entities ? c->cap_entities : 1024;
        while (ncap < n)
            ncap *= 2;
        for (size_t i = 0; i < n_arrays; i++) {
            void *p = eg_realloc(*arrays[i].p, ncap * arrays[i].size);
            if (!p)
                return eg_error_nomem(err);
            *arrays[i].p = p;
        }
        c->cap_entities = ncap;
    }
    /* Only the entities asked for are set: the room beyond stays unwritten, and so takes no memory. */
    for (size_t i = 0; i < n_arrays; i++)
        memset((char *)*arrays[i].p + c->n_entities * arrays[i].size, 0, (n - c->n_entities) * arrays[i].size);
    for (size_t e = c->n_entities; e < n; e++)
        c->first_day[e] = c->last_day[e] = EG_CO_NO_DAY;
    c->n_entities = n;
    return EG_OK;
}

static uint64_t hash_key(uint64_t k)
{
    /* splitmix64 finaliser: cheap and well mixed for sequential ids */
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ULL;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebULL;
    k ^= k >> 31;
    return k;
}

/* Rebuilds the pair index with at least min slots (a power of two, at least double): from the dense
 * entries, so the old index is not read. */
static eg_status grow_slots_to(eg_cooccur *c, size_t min, eg_error *err)
{
    size_t ncap = c->cap_slots ? c->cap_slots * 2 : 1024;
    while (ncap < min)
        ncap *= 2;
    uint64_t *slots = eg_calloc(ncap, sizeof *slots);
    if (!slots)
        return eg_error_nomem(err);
    for (size_t i = 0; i < c->n_pairs; i++) {
        uint64_t h = hash_key(c->pairs[i].key);
        size_t s = (size_t)h & (ncap - 1);
        while (slots[s])
            s = (s + 1) & (ncap - 1);
        slots[s] = (h >> 32 << 32) | (uint64_t)(i + 1);
    }
    free(c->pair_slots);
    c->pair_slots = slots;
    c->cap_slots = ncap;
    return EG_OK;
}

eg_status eg_co_reserve_pairs(eg_cooccur *c, size_t n, eg_error *err)
{
    eg_status st = (n + 1) * 2 > c->cap_slots ? grow_slots_to(c, (n + 1) * 2, err) : EG_OK;
    if (st == EG_OK && eg_grow((void **)&c->pairs, &c->cap_pairs, n, sizeof *c->pairs))
        st = eg_error_nomem(err);
    return st;
}

static eg_status grow_pcounts(eg_cooccur *c, eg_error *err)
{
    size_t ncap = c->cap_pcounts ? c->cap_pcounts * 2 : 1024;
    eg_co_pcount *np = eg_malloc(ncap * sizeof *np);
    if (!np)
        return eg_error_nomem(err);
    for (size_t i = 0; i < ncap; i++)
        np[i].item = EG_CO_EMPTY;
    for (size_t i = 0; i < c->cap_pcounts; i++) {
        const eg_co_pcount *p = &c->pcounts[i];
        if (p->item == EG_CO_EMPTY)
            continue;
        size_t h = hash_key(p->item ^ ((uint64_t)p->period * 0x9e3779b97f4a7c15ULL)) & (ncap - 1);
        while (np[h].item != EG_CO_EMPTY)
            h = (h + 1) & (ncap - 1);
        np[h] = *p;
    }
    free(c->pcounts);
    c->pcounts = np;
    c->cap_pcounts = ncap;
    return EG_OK;
}

eg_status eg_co_count_period(eg_cooccur *c, uint64_t item, uint32_t period, uint64_t n, eg_error *err)
{
    if ((c->n_pcounts + 1) * 2 > c->cap_pcounts) {
        eg_status st = grow_pcounts(c, err);
        if (st)
            return st;
    }
    size_t h = hash_key(item ^ ((uint64_t)period * 0x9e3779b97f4a7c15ULL)) & (c->cap_pcounts - 1);
    while (c->pcounts[h].item != EG_CO_EMPTY && (c->pcounts[h].item != item || c->pcounts[h].period != period))
        h = (h + 1) & (c->cap_pcounts - 1);
    eg_co_pcount *e = &c->pcounts[h];
    if (e->item == EG_CO_EMPTY) {
        *e = (eg_co_pcount){item, period, 0};
        c->n_pcounts++;
    }
    e->count += n;
    return EG_OK;
}

void eg_co_see_day(int32_t *first, int32_t *last, int64_t day)
{
    if (day == EG_CO_NO_DAY)
        return;
    if (*first == EG_CO_NO_DAY || day < *first)
        *first = (int32_t)day;
    if (*last == EG_CO_NO_DAY || day > *last)
        *last = (int32_t)day;
}

/* What the current document contributes to each window: its text (for evidence), date and period. */
typedef struct doc_ctx {
    const eg_document *doc;
    const eg_doc_result *res;
    int64_t day;     /* or EG_CO_NO_DAY */
    int64_t period;  /* period index, or -1 */
    const eg_latin1_map *map; /* text decoded from Latin-1: evidence spans map back through it; or NULL */
} doc_ctx;

/* The span of evidence for mentions i < j of one window: from the start of i's sentence to the end of j's. */
static eg_span evidence_span(const eg_doc_result *res, size_t i, size_t j)
{
    const eg_mention *a = &res->mentions[i], *b = &res->mentions[j];
    eg_span s = {a->start < b->start ? a->start : b->start, a->end > b->end ? a->end : b->end};
    if (a->sentence < res->n_sentences && res->sentences[a->sentence].start < s.start)
        s.start = res->sentences[a->sentence].start;
    if (b->sentence < res->n_sentences && res->sentences[b->sentence].end > s.end)
        s.end = res->sentences[b->sentence].end;
    return s;
}

eg_status eg_co_pair_slot(eg_cooccur *c, uint32_t a, uint32_t b, eg_co_pair **out, eg_error *err)
{
    if (a > b) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    /* Keep the load factor under 1/2 so probes stay short. */
    if ((c->n_pairs + 1) * 2 > c->cap_slots) {
        eg_status st = grow_slots_to(c, 0, err);
        if (st)
            return st;
    }
    uint64_t key = ((uint64_t)a << 32) | b, h = hash_key(key);
    size_t s = (size_t)h & (c->cap_slots - 1);
    /* The slot's high half (the hash's) settles most probes without reading the entry. */
    for (uint64_t v; (v = c->pair_slots[s]); s = (s + 1) & (c->cap_slots - 1)) {
        eg_co_pair *e = &c->pairs[(uint32_t)v - 1];
        if (v >> 32 == h >> 32 && e->key == key) {
            *out = e;
            return EG_OK;
        }
    }
    if (c->n_pairs >= EG_CO_MAX_PAIRS)
        return eg_error_set(err, EG_ERR_LIMIT, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "more than %u pairs",
                            EG_CO_MAX_PAIRS);
    if (eg_grow((void **)&c->pairs, &c->cap_pairs, c->n_pairs + 1, sizeof *c->pairs))
        return eg_error_nomem(err);
    c->pair_slots[s] = (h >> 32 << 32) | (uint64_t)(c->n_pairs + 1);
    eg_co_pair *e = &c->pairs[c->n_pairs++];
    *e = (eg_co_pair){.key = key, .first_day = EG_CO_NO_DAY, .last_day = EG_CO_NO_DAY, .ev_head = -1, .ev_tail = -1};
    *out = e;
    return EG_OK;
}

size_t eg_co_pair_find(const eg_cooccur *c, uint64_t key)
{
    if (!c->cap_slots)
        return SIZE_MAX;
    uint64_t h = hash_key(key);
    for (size_t s = (size_t)h & (c->cap_slots - 1); c->pair_slots[s]; s = (s + 1) & (c->cap_slots - 1)) {
        uint64_t v = c->pair_slots[s];
        if (v >> 32 == h >> 32 && c->pairs[(uint32_t)v - 1].key == key)
            return (uint32_t)v - 1;
    }
    return SIZE_MAX;
}

static eg_status keep_string(const char *s, char **out, eg_error *err)
{
    size_t n;
    *out = NULL;
    return s ? eg_utf8_sanitize(s, strlen(s), out, &n, err) : EG_OK;
}

/* Keeps the current document's id for the evidence record about to quote it, once. */
static eg_status keep_quoted_document(eg_cooccur *c, const eg_document *doc, eg_error *err)
{
    uint32_t index = (uint32_t)(c->n_documents - 1);
    if (!doc->id || (c->n_docs && c->docs[c->n_docs - 1].index == index))
        return EG_OK;
    eg_co_doc *di = NULL;
    eg_status st = eg_co_keep_doc(c, index, &di, err);
    return st ? st : keep_string(doc->id, &di->id, err);
}

static eg_status count_pair(eg_cooccur *c, const doc_ctx *d, uint32_t a, uint32_t b, size_t mi, size_t mj,
                            eg_error *err)
{
    eg_co_pair *e;
    eg_status st = eg_co_pair_slot(c, a, b, &e, err);
    if (st)
        return st;
    uint64_t key = e->key;
    e->windows++;
    if (e->last_doc != (uint32_t)c->n_documents) {
        e->last_doc = (uint32_t)c->n_documents;
        e->documents++;
    }
    eg_co_see_day(&e->first_day, &e->last_day, d->day);
    if (d->period >= 0 && (st = eg_co_count_period(c, key, (uint32_t)d->period, 1, err)))
        return st;
    if (d->doc && e->n_ev < c->opts.evidence) {
        eg_span s = evidence_span(d->res, mi, mj);
        if ((st = keep_quoted_document(c, d->doc, err)) ||
            (st = eg_evstore_add(c->evidence, &e->ev_head, &e->ev_tail, (uint32_t)(c->n_documents - 1),
                                  d->doc->text, s.start, s.end, EG_COOCCUR_MAX_EVIDENCE_BYTES, err)))
            return st;
        if (d->map) /* the text shown is the decoded one; the span points into the original bytes */
            eg_evstore_set_span(c->evidence, e->ev_tail, eg_latin1_map_orig(d->map, s.start),
                                eg_latin1_map_orig(d->map, s.end));
        e->n_ev++;
    }
    return EG_OK;
}

/* One window: the mentions [i0, i1) of the document. Counts each distinct entity's window and each pair of
 * distinct entities once. */
static eg_status count_window(eg_cooccur *c, const doc_ctx *d, size_t i0, size_t i1, eg_error *err)
{
    const eg_mention *ms = d->res->mentions;
    size_t n = 0;
    bool capped = false;
    c->n_windows++;
    for (size_t i = i0; i < i1; i++) {
        uint32_t e = ms[i].entity;
        if (c->stamp[e] == c->n_windows)
            continue;
        c->stamp[e] = c->n_windows;
        c->windows[e]++;
        if (n == EG_COOCCUR_MAX_WINDOW_ENTITIES) {
            capped = true;
            continue;
        }
        if (eg_grow((void **)&c->window, &c->cap_window, n + 1, sizeof *c->window) ||
            eg_grow((void **)&c->first, &c->cap_first, n + 1, sizeof *c->first))
            return eg_error_nomem(err);
        c->window[n] = e;
        c->first[n++] = i;
    }
    if (capped)
        c->n_capped++;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            eg_status st = count_pair(c, d, c->window[i], c->window[j], c->first[i], c->first[j], err);
            if (st)
                return st;
        }
    return EG_OK;
}

/* Token index of every mention: the number of tokens (runs of letters, marks and digits) that start
 * before it. Mentions are in text order, so one pass over the text serves them all. */
static eg_status token_indexes(eg_cooccur *c, const eg_document *doc, const eg_doc_result *res, eg_error *err)
{
    if (eg_grow((void **)&c->tok, &c->cap_tok, res->n_mentions, sizeof *c->tok))
        return eg_error_nomem(err);
    const uint8_t *s = (const uint8_t *)doc->text;
    size_t len = doc->len, pos = 0, n_tok = 0;
    bool in_word = false;
    for (size_t m = 0; m < res->n_mentions; m++) {
        size_t stop = res->mentions[m].start < len ? res->mentions[m].start : len;
        while (pos < stop) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate(s + pos, (utf8proc_ssize_t)(len - pos), &cp);
            bool word = false;
            if (k < 1)
                k = 1;
            else {
                utf8proc_category_t cat = utf8proc_category(cp);
                word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
            }
            if (word && !in_word)
                n_tok++;
            in_word = word;
            pos += (size_t)k;
        }
        c->tok[m] = n_tok; /* the mention's first token is token number n_tok (0-based) */
    }
    return EG_OK;
}

/* Index of the period holding day (interned). Periods are few, so a linear search is enough. */
static eg_status period_index(eg_cooccur *c, int64_t day, int64_t *out, eg_error *err)
{
    char name[16];
    uint32_t i = 0;
    eg_date_period(c->opts.period, day, name);
    eg_status st = eg_co_period_named(c, name, &i, err);
    *out = (int64_t)i;
    return st;
}

eg_status eg_co_period_named(eg_cooccur *c, const char *name, uint32_t *index, eg_error *err)
{
    for (size_t i = c->n_periods; i-- > 0;)
        if (strcmp(c->period_names[i], name) == 0) {
            *index = (uint32_t)i;
            return EG_OK;
        }
    if (eg_grow((void **)&c->period_names, &c->cap_periods, c->n_periods + 1, sizeof *c->period_names))
        return eg_error_nomem(err);
    snprintf(c->period_names[c->n_periods], sizeof c->period_names[0], "%s", name);
    *index = (uint32_t)c->n_periods++;
    return EG_OK;
}

/* ---- documents ---------------------------------------------------------------------------------- */

eg_status eg_co_add_docs(eg_cooccur *c, size_t n, eg_error *err)
{
    if (n > UINT32_MAX - c->n_documents)
        return eg_error_set(err, EG_ERR_LIMIT, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "more than %u documents",
                            UINT32_MAX);
    c->n_documents += n;
    return EG_OK;
}

eg_status eg_co_keep_doc(eg_cooccur *c, uint32_t index, eg_co_doc **out, eg_error *err)
{
    assert(index < c->n_documents && (c->n_docs == 0 || c->docs[c->n_docs - 1].index < index));
    if (eg_grow((void **)&c->docs, &c->cap_docs, c->n_docs + 1, sizeof *c->docs))
        return eg_error_nomem(err);
    *out = &c->docs[c->n_docs++];
    **out = (eg_co_doc){index, NULL, NULL, NULL};
    return EG_OK;
}

const eg_co_doc *eg_co_find_doc(const eg_cooccur *c, uint32_t index)
{
    size_t lo = 0, hi = c->n_docs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->docs[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n_docs && c->docs[lo].index == index ? &c->docs[lo] : NULL;
}

eg_status eg_co_add_link(eg_cooccur *c, uint32_t entity, uint32_t doc, uint64_t mentions, eg_error *err)
{
    if (eg_grow((void **)&c->doc_ents, &c->cap_doc_ents, c->n_doc_ents + 1, sizeof *c->doc_ents))
        return eg_error_nomem(err);
    c->doc_ents[c->n_doc_ents++] = (eg_co_link){entity, doc, mentions};
    return EG_OK;
}

/* Counts the document; in entity-document mode keeps its id, title and date (for its node). */
static eg_status keep_document(eg_cooccur *c, const eg_document *doc, eg_error *err)
{
    eg_status st = eg_co_add_docs(c, 1, err);
    if (st || !doc || !c->opts.two_mode)
        return st;
    eg_co_doc *di = NULL;
    if ((st = eg_co_keep_doc(c, (uint32_t)(c->n_documents - 1), &di, err))) /* from here on freed with c */
        return st;
    if ((st = keep_string(doc->id, &di->id, err)) || (st = keep_string(doc->title, &di->title, err)) ||
        (st = keep_string(doc->date, &di->date, err)))
        return st;
    return EG_OK;
}

eg_status eg_co_released_error(eg_error *err)
{
    return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                        "the counts were released once the graph was made");
}

eg_status eg_co_counting_over_error(eg_error *err)
{
    return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                        "counting was over: these counts are read only");
}

static eg_status add_document(eg_cooccur *c, const eg_document *doc, const eg_doc_result *res,
                              const eg_latin1_map *map, eg_error *err)
{
    eg_status st;
    if (c->released)
        return eg_co_released_error(err);
    if (c->counting_over)
        return eg_co_counting_over_error(err);
    uint32_t max_entity = 0;
    for (size_t i = 0; i < res->n_mentions; i++)
        if (res->mentions[i].entity >= max_entity)
            max_entity = res->mentions[i].entity + 1;
    if ((st = eg_co_ensure_entities(c, max_entity, err)) || (st = keep_document(c, doc, err)))
        return st;
    doc_ctx d = {doc, res, EG_CO_NO_DAY, -1, map};
    if (doc && doc->date && *doc->date) {
        if (eg_date_parse(doc->date, &d.day)) {
            c->dated = true;
            if (c->opts.period != EG_PERIOD_NONE && (st = period_index(c, d.day, &d.period, err)))
                return st;
        } else {
            c->n_bad_dates++;
            if (c->opts.warn) {
                eg_error w;
                eg_error_set(&w, EG_ERR_PARSE, doc->path, doc->line ? doc->line : EG_NO_POS, EG_NO_POS,
                             EG_NO_POS, "document %s: date \"%.40s\" does not parse; it is ignored", doc->id,
                             doc->date);
                c->opts.warn(c->opts.warn_ctx, &w);
            }
        }
    }
    /* Entity counts. */
    size_t first_doc_ent = c->n_doc_ents;
    for (size_t i = 0; i < res->n_mentions; i++) {
        uint32_t e = res->mentions[i].entity;
        c->mentions[e]++;
        c->n_mentions++;
        if (c->last_doc[e] != (uint32_t)c->n_documents) {
            c->last_doc[e] = (uint32_t)c->n_documents;
            c->documents[e]++;
            eg_co_see_day(&c->first_day[e], &c->last_day[e], d.day);
            if (c->opts.two_mode) {
                if ((st = eg_co_add_link(c, e, (uint32_t)(c->n_documents - 1), 0, err)))
                    return st;
                c->tally[e] = 0;
            }
        }
        c->tally[e]++;
        if (d.period >= 0 && (st = eg_co_count_period(c, ((uint64_t)e << 32) | e, (uint32_t)d.period, 1, err)))
            return st;
    }
    for (size_t k = first_doc_ent; k < c->n_doc_ents; k++)
        c->doc_ents[k].mentions = c->tally[c->doc_ents[k].entity];
    if (c->opts.two_mode)
        return EG_OK;

    /* Windows. */
    size_t n = res->n_mentions;
    if (c->opts.window == EG_WINDOW_TOKENS) {
        if (!doc)
            return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "a tokens window needs the document text");
        if ((st = token_indexes(c, doc, res, err)))
            return st;
        /* Each mention opens a window reaching N tokens forward. */
        size_t j = 0;
        for (size_t i = 0; i < n; i++) {
            if (j < i)
                j = i;
            while (j < n && c->tok[j] - c->tok[i] <= c->opts.tokens)
                j++;
            if ((st = count_window(c, &d, i, j, err)))
                return st;
        }
        return EG_OK;
    }
    size_t i = 0, para = 0;
    while (i < n) {
        size_t i1 = i + 1;
        if (c->opts.window == EG_WINDOW_DOCUMENT) {
            i1 = n;
        } else if (c->opts.window == EG_WINDOW_PARAGRAPH) {
            while (para < res->n_paragraphs && res->paragraphs[para].end <= res->mentions[i].start)
                para++;
            size_t end = para < res->n_paragraphs ? res->paragraphs[para].end : (size_t)-1;
            while (i1 < n && res->mentions[i1].start < end)
                i1++;
        } else {
            while (i1 < n && res->mentions[i1].sentence == res->mentions[i].sentence)
                i1++;
        }
        if ((st = count_window(c, &d, i, i1, err)))
            return st;
        i = i1;
    }
    return EG_OK;
}

eg_status eg_cooccur_add_document(eg_cooccur *c, const eg_doc_result *res, eg_error *err)
{
    return add_document(c, NULL, res, NULL, err);
}

eg_status eg_cooccur_add(eg_cooccur *c, const eg_document *doc, const eg_doc_result *res, eg_error *err)
{
    if (!doc || !doc->latin1 || !c->opts.evidence)
        return add_document(c, doc, res, NULL, err);
    eg_latin1_map map;
    eg_status st = eg_latin1_map_init(&map, doc->text, doc->len, err);
    if (st == EG_OK)
        st = add_document(c, doc, res, &map, err);
    eg_latin1_map_destroy(&map);
    return st;
}

size_t eg_cooccur_n_documents(const eg_cooccur *c) { return (size_t)c->n_documents; }
size_t eg_cooccur_n_mentions(const eg_cooccur *c) { return (size_t)c->n_mentions; }
size_t eg_cooccur_n_windows(const eg_cooccur *c) { return (size_t)c->n_windows; }
size_t eg_cooccur_n_capped_windows(const eg_cooccur *c) { return (size_t)c->n_capped; }
size_t eg_cooccur_n_bad_dates(const eg_cooccur *c) { return (size_t)c->n_bad_dates; }
size_t eg_cooccur_n_pairs(const eg_cooccur *c) { return c->n_pairs; }
const eg_cooccur_options *eg_cooccur_get_options(const eg_cooccur *c) { return &c->opts; }

void eg_cooccur_set_warn(eg_cooccur *c, eg_warn_fn warn, void *warn_ctx)
{
    c->opts.warn = warn;
    c->opts.warn_ctx = warn_ctx;
}

const char *eg_cooccur_window_name(const eg_cooccur_options *opts, char *buf, size_t size)
{
    static const char *const names[] = {"sentence", "paragraph", "document"};
    if (opts->window == EG_WINDOW_TOKENS)
        snprintf(buf, size, "tokens:%zu", opts->tokens);
    else
        snprintf(buf, size, "%s", names[opts->window]);
    return buf;
}

bool eg_cooccur_parse_window(const char *s, eg_cooccur_options *opts)
{
    if (strcmp(s, "sentence") == 0)
        opts->window = EG_WINDOW_SENTENCE;
    else if (strcmp(s, "paragraph") == 0)
        opts->window = EG_WINDOW_PARAGRAPH;
    else if (strcmp(s, "document") == 0)
        opts->window = EG_WINDOW_DOCUMENT;
    else if (strncmp(s, "tokens:", 7) == 0) {
        const char *p = s + 7;
        char *end;
        if (*p < '1' || *p > '9')
            return false;
        unsigned long long v = strtoull(p, &end, 10);
        if (*end || v > 1000000)
            return false;
        opts->window = EG_WINDOW_TOKENS;
        opts->tokens = (size_t)v;
    } else
        return false;
    return true;
}
