/*
 * graph: the entity network as tables. Nodes and edges are appended by the builder (cooccur) or a reader,
 * then sorted once so that every export is deterministic.
 */
#include "graph.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

eg_status eg_graph_new(eg_graph **out, eg_error *err)
{
    *out = NULL;
    eg_graph *g = eg_calloc(1, sizeof *g);
    if (!g)
        return eg_error_nomem(err);
    eg_table_init(&g->nodes);
    eg_table_init(&g->edges);
    eg_table_init(&g->meta);
    eg_status st;
    if ((st = eg_table_add_column(&g->nodes, "id", EG_ATTR_STRING, NULL, err)) ||
        (st = eg_table_add_column(&g->nodes, "label", EG_ATTR_STRING, NULL, err)) ||
        (st = eg_table_add_column(&g->nodes, "type", EG_ATTR_STRING, NULL, err)) ||
        (st = eg_table_add_column(&g->nodes, "mentions", EG_ATTR_INT, NULL, err)) ||
        (st = eg_table_add_column(&g->nodes, "documents", EG_ATTR_INT, NULL, err)) ||
        (st = eg_table_add_column(&g->edges, "weight", EG_ATTR_DOUBLE, NULL, err)) ||
        (st = eg_table_add_column(&g->edges, "count", EG_ATTR_INT, NULL, err)) ||
        (st = eg_table_add_rows(&g->meta, 1, err))) {
        eg_graph_free(g);
        return st;
    }
    *out = g;
    return EG_OK;
}

void eg_graph_free(eg_graph *g)
{
    if (!g)
        return;
    eg_table_destroy(&g->nodes);
    eg_table_destroy(&g->edges);
    eg_table_destroy(&g->meta);
    free(g->source);
    free(g->target);
    free(g);
}

eg_status eg_graph_add_node(eg_graph *g, const char *id, const char *label, const char *type, size_t *row,
                            eg_error *err)
{
    size_t r = g->nodes.n_rows;
    eg_status st;
    if ((st = eg_table_add_rows(&g->nodes, 1, err)))
        return st;
    if ((st = eg_table_set_string(&g->nodes, EG_NODE_ID, r, id, strlen(id), err)) ||
        (st = eg_table_set_string(&g->nodes, EG_NODE_LABEL, r, label, strlen(label), err)) ||
        (st = eg_table_set_string(&g->nodes, EG_NODE_TYPE, r, type, strlen(type), err))) {
        /* Drop the half-made row so the table stays consistent. */
        uint8_t *keep = eg_malloc(g->nodes.n_rows);
        if (keep) {
            memset(keep, 1, g->nodes.n_rows);
            keep[r] = 0;
            eg_table_filter_rows(&g->nodes, keep);
            free(keep);
        }
        return st;
    }
    g->sorted = false;
    if (row)
        *row = r;
    return EG_OK;
}

eg_status eg_graph_add_edge(eg_graph *g, uint32_t a, uint32_t b, size_t *row, eg_error *err)
{
    if (a == b)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "self-loop on node %u", (unsigned)a);
    size_t r = g->edges.n_rows;
    size_t cap = g->cap_endpoints;
    if (r + 1 > cap) {
        size_t ncap = cap ? cap * 2 : 64;
        uint32_t *s = eg_realloc(g->source, ncap * sizeof *s);
        if (!s)
            return eg_error_nomem(err);
        g->source = s;
        uint32_t *t = eg_realloc(g->target, ncap * sizeof *t);
        if (!t)
            return eg_error_nomem(err);
        g->target = t;
        g->cap_endpoints = ncap;
    }
    eg_status st = eg_table_add_rows(&g->edges, 1, err);
    if (st)
        return st;
    g->source[r] = a < b ? a : b;
    g->target[r] = a < b ? b : a;
    if (row)
        *row = r;
    return EG_OK;
}

long eg_graph_find_sorted(const eg_graph *g, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(eg_graph_node_id(g, mid), id);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

long eg_graph_find_node(const eg_graph *g, const char *id)
{
    if (g->sorted)
        return eg_graph_find_sorted(g, g->nodes.n_rows, id);
    for (size_t v = 0; v < g->nodes.n_rows; v++) {
        const char *s = eg_graph_node_id(g, v);
        if (s && strcmp(s, id) == 0)
            return (long)v;
    }
    return -1;
}

/* qsort has no context argument in C11, so the sort keys are copied into the array being sorted. */
typedef struct node_key {
    const char *id;
    size_t row;
} node_key;

static int cmp_node_key(const void *a, const void *b)
{
    const node_key *x = a, *y = b;
    int c = strcmp(x->id ? x->id : "", y->id ? y->id : "");
    return c ? c : (x->row < y->row ? -1 : x->row > y->row);
}

typedef struct edge_key {
    uint32_t s, t;
    size_t row;
} edge_key;

static int cmp_edge_key(const void *a, const void *b)
{
    const edge_key *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

eg_status eg_graph_sort(eg_graph *g, eg_error *err)
{
    size_t nv = g->nodes.n_rows, ne = g->edges.n_rows;
    eg_status st = EG_OK;
    node_key *nk = eg_malloc((nv ? nv : 1) * sizeof *nk);
    size_t *perm = eg_malloc(((nv > ne ? nv : ne) + 1) * sizeof *perm);
    uint32_t *newpos = eg_malloc((nv ? nv : 1) * sizeof *newpos);
    edge_key *ek = eg_malloc((ne ? ne : 1) * sizeof *ek);
    if (!nk || !perm || !newpos || !ek) {
        st = eg_error_nomem(err);
        goto done;
    }
    for (size_t v = 0; v < nv; v++)
        nk[v] = (node_key){eg_graph_node_id(g, v), v};
    eg_sort(nk, nv, sizeof *nk, cmp_node_key);
    for (size_t v = 0; v < nv; v++) {
        perm[v] = nk[v].row;
        newpos[nk[v].row] = (uint32_t)v;
    }
    if ((st = eg_table_permute(&g->nodes, perm, err)))
        goto done;
    for (size_t e = 0; e < ne; e++) {
        uint32_t a = newpos[g->source[e]], b = newpos[g->target[e]];
        ek[e] = (edge_key){a < b ? a : b, a < b ? b : a, e};
    }
    eg_sort(ek, ne, sizeof *ek, cmp_edge_key);
    for (size_t e = 0; e < ne; e++) {
        perm[e] = ek[e].row;
        g->source[e] = ek[e].s;
        g->target[e] = ek[e].t;
    }
    st = eg_table_permute(&g->edges, perm, err);
    g->sorted = st == EG_OK;
done:
    free(nk);
    free(perm);
    free(newpos);
    free(ek);
    return st;
}
