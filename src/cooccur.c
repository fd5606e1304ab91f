/*
 * cooccur: entity and pair counts. Entity counters are arrays indexed by dictionary entity; pair counters
 * live in an open-addressing hash table keyed by the ordered pair (a < b). Nothing here touches igraph, so
 * worker threads can each fill their own eg_cooccur.
 */
#include "cooccur.h"

#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "error.h"

#define EMPTY_KEY UINT64_MAX

typedef struct pair_entry {
    uint64_t key;       /* (a << 32) | b with a < b, or EMPTY_KEY */
    uint64_t windows;   /* windows (sentences) in which both appear */
    uint64_t documents; /* distinct documents */
    uint64_t last_doc;  /* 1-based number of the last document that counted, for `documents` */
} pair_entry;

struct eg_cooccur {
    uint64_t *mentions;   /* per entity */
    uint64_t *documents;  /* per entity */
    uint64_t *last_doc;   /* per entity: last document (1-based) that counted */
    uint64_t *stamp;      /* per entity: last window (1-based) that counted */
    size_t n_entities;    /* size of the per-entity arrays */
    pair_entry *pairs;
    size_t n_pairs, cap_pairs; /* cap is a power of two */
    uint32_t *window;     /* distinct entities of the current window */
    size_t cap_window;
    uint64_t n_documents, n_mentions, n_windows, n_capped;
};

eg_status eg_cooccur_new(eg_cooccur **out, eg_error *err)
{
    *out = eg_calloc(1, sizeof **out);
    return *out ? EG_OK : eg_error_nomem(err);
}

void eg_cooccur_free(eg_cooccur *c)
{
    if (!c)
        return;
    free(c->mentions);
    free(c->documents);
    free(c->last_doc);
    free(c->stamp);
    free(c->pairs);
    free(c->window);
    free(c);
}

static eg_status ensure_entities(eg_cooccur *c, size_t n, eg_error *err)
{
    if (n <= c->n_entities)
        return EG_OK;
    size_t ncap = c->n_entities ? c->n_entities : 1024;
    while (ncap < n)
        ncap *= 2;
    uint64_t **arrays[] = {&c->mentions, &c->documents, &c->last_doc, &c->stamp};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
        uint64_t *p = eg_realloc(*arrays[i], ncap * sizeof *p);
        if (!p)
            return eg_error_nomem(err);
        memset(p + c->n_entities, 0, (ncap - c->n_entities) * sizeof *p);
        *arrays[i] = p;
    }
    c->n_entities = ncap;
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

static eg_status grow_pairs(eg_cooccur *c, eg_error *err)
{
    size_t ncap = c->cap_pairs ? c->cap_pairs * 2 : 1024;
    pair_entry *np = eg_malloc(ncap * sizeof *np);
    if (!np)
        return eg_error_nomem(err);
    for (size_t i = 0; i < ncap; i++)
        np[i].key = EMPTY_KEY;
    for (size_t i = 0; i < c->cap_pairs; i++) {
        if (c->pairs[i].key == EMPTY_KEY)
            continue;
        size_t h = hash_key(c->pairs[i].key) & (ncap - 1);
        while (np[h].key != EMPTY_KEY)
            h = (h + 1) & (ncap - 1);
        np[h] = c->pairs[i];
    }
    free(c->pairs);
    c->pairs = np;
    c->cap_pairs = ncap;
    return EG_OK;
}

static eg_status count_pair(eg_cooccur *c, uint32_t a, uint32_t b, eg_error *err)
{
    if (a > b) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    /* Keep the load factor under 1/2 so probes stay short. */
    if ((c->n_pairs + 1) * 2 > c->cap_pairs) {
        eg_status st = grow_pairs(c, err);
        if (st)
            return st;
    }
    uint64_t key = ((uint64_t)a << 32) | b;
    size_t h = hash_key(key) & (c->cap_pairs - 1);
    while (c->pairs[h].key != EMPTY_KEY && c->pairs[h].key != key)
        h = (h + 1) & (c->cap_pairs - 1);
    pair_entry *e = &c->pairs[h];
    if (e->key == EMPTY_KEY) {
        *e = (pair_entry){key, 0, 0, 0};
        c->n_pairs++;
    }
    e->windows++;
    if (e->last_doc != c->n_documents) {
        e->last_doc = c->n_documents;
        e->documents++;
    }
    return EG_OK;
}

/* Counts the pairs among the distinct entities of one window. */
static eg_status close_window(eg_cooccur *c, size_t n, eg_error *err)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            eg_status st = count_pair(c, c->window[i], c->window[j], err);
            if (st)
                return st;
        }
    return EG_OK;
}

eg_status eg_cooccur_add_document(eg_cooccur *c, const eg_doc_result *res, eg_error *err)
{
    eg_status st;
    uint32_t max_entity = 0;
    for (size_t i = 0; i < res->n_mentions; i++)
        if (res->mentions[i].entity >= max_entity)
            max_entity = res->mentions[i].entity + 1;
    if ((st = ensure_entities(c, max_entity, err)))
        return st;
    c->n_documents++;
    size_t i = 0;
    while (i < res->n_mentions) {
        uint32_t sentence = res->mentions[i].sentence;
        size_t n = 0;
        c->n_windows++;
        bool capped = false;
        for (; i < res->n_mentions && res->mentions[i].sentence == sentence; i++) {
            uint32_t e = res->mentions[i].entity;
            c->mentions[e]++;
            c->n_mentions++;
            if (c->last_doc[e] != c->n_documents) {
                c->last_doc[e] = c->n_documents;
                c->documents[e]++;
            }
            if (c->stamp[e] == c->n_windows)
                continue;
            c->stamp[e] = c->n_windows;
            if (n == EG_COOCCUR_MAX_WINDOW_ENTITIES) {
                capped = true;
                continue;
            }
            if ((st = eg_grow((void **)&c->window, &c->cap_window, n + 1, sizeof *c->window)))
                return eg_error_nomem(err);
            c->window[n++] = e;
        }
        if (capped)
            c->n_capped++;
        if ((st = close_window(c, n, err)))
            return st;
    }
    return EG_OK;
}

size_t eg_cooccur_n_documents(const eg_cooccur *c) { return (size_t)c->n_documents; }
size_t eg_cooccur_n_mentions(const eg_cooccur *c) { return (size_t)c->n_mentions; }
size_t eg_cooccur_n_capped_windows(const eg_cooccur *c) { return (size_t)c->n_capped; }

/* Adds the dictionary's optional attributes of entity e to node row v. */
static eg_status add_entity_attributes(eg_graph *g, const eg_entity *ent, size_t v, eg_error *err)
{
    eg_status st;
    size_t col;
    if (ent->country) {
        if ((st = eg_table_add_column(&g->nodes, "country", EG_ATTR_STRING, &col, err)) ||
            (st = eg_table_set_string(&g->nodes, col, v, ent->country, strlen(ent->country), err)))
            return st;
    }
    if (ent->wikidata) {
        if ((st = eg_table_add_column(&g->nodes, "wikidata", EG_ATTR_STRING, &col, err)) ||
            (st = eg_table_set_string(&g->nodes, col, v, ent->wikidata, strlen(ent->wikidata), err)))
            return st;
    }
    for (size_t a = 0; a < ent->n_attrs; a++) {
        const char *val = ent->attr_values[a];
        if (!val || !*val)
            continue;
        if ((st = eg_table_add_column(&g->nodes, ent->attr_names[a], EG_ATTR_STRING, &col, err)) ||
            (st = eg_table_set_string(&g->nodes, col, v, val, strlen(val), err)))
            return st;
    }
    return EG_OK;
}

eg_status eg_cooccur_to_graph(const eg_cooccur *c, const eg_dict *dict, eg_graph **out, eg_error *err)
{
    *out = NULL;
    eg_graph *g = NULL;
    uint32_t *row_of = NULL;
    eg_status st = eg_graph_new(&g, err);
    if (st)
        return st;
    size_t n_ent = eg_dict_n_entities(dict);
    if (n_ent > c->n_entities)
        n_ent = c->n_entities;
    row_of = eg_malloc((n_ent ? n_ent : 1) * sizeof *row_of);
    if (!row_of) {
        st = eg_error_nomem(err);
        goto fail;
    }
    for (size_t e = 0; e < n_ent; e++) {
        row_of[e] = UINT32_MAX;
        if (!c->mentions[e])
            continue;
        const eg_entity *ent = eg_dict_entity(dict, (uint32_t)e);
        size_t v;
        if ((st = eg_graph_add_node(g, ent->id, ent->label, ent->type, &v, err)))
            goto fail;
        eg_table_set_int(&g->nodes, EG_NODE_MENTIONS, v, (int64_t)c->mentions[e]);
        eg_table_set_int(&g->nodes, EG_NODE_DOCUMENTS, v, (int64_t)c->documents[e]);
        if ((st = add_entity_attributes(g, ent, v, err)))
            goto fail;
        row_of[e] = (uint32_t)v;
    }
    size_t docs_col;
    if ((st = eg_table_add_column(&g->edges, "documents", EG_ATTR_INT, &docs_col, err)))
        goto fail;
    for (size_t i = 0; i < c->cap_pairs; i++) {
        const pair_entry *p = &c->pairs[i];
        if (p->key == EMPTY_KEY)
            continue;
        uint32_t a = (uint32_t)(p->key >> 32), b = (uint32_t)p->key;
        size_t r;
        if ((st = eg_graph_add_edge(g, row_of[a], row_of[b], &r, err)))
            goto fail;
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, r, (double)p->windows);
        eg_table_set_int(&g->edges, EG_EDGE_COUNT, r, (int64_t)p->windows);
        eg_table_set_int(&g->edges, docs_col, r, (int64_t)p->documents);
    }
    if ((st = eg_graph_sort(g, err)))
        goto fail;
    free(row_of);
    *out = g;
    return EG_OK;
fail:
    free(row_of);
    eg_graph_free(g);
    return st;
}
