/*
 * prune: node and edge filters and the disparity-filter backbone (see prune.h for the order and the
 * choices). Rows are removed with eg_table_filter_rows, keeping order, and edge endpoints are renumbered.
 */
#include "prune.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Keeps the nodes with keep_nodes[v] (NULL: all) and the edges with keep_edges[e] (NULL: all) whose
 * endpoints are kept. */
static eg_status filter(eg_graph *g, const uint8_t *keep_nodes, uint8_t *keep_edges, eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g), ne = eg_graph_n_edges(g);
    uint32_t *newpos = eg_malloc((nv ? nv : 1) * sizeof *newpos);
    uint8_t *ke = eg_malloc(ne ? ne : 1);
    if (!newpos || !ke) {
        free(newpos);
        free(ke);
        return eg_error_nomem(err);
    }
    uint32_t n = 0;
    for (size_t v = 0; v < nv; v++)
        newpos[v] = !keep_nodes || keep_nodes[v] ? n++ : UINT32_MAX;
    size_t m = 0;
    for (size_t e = 0; e < ne; e++) {
        ke[e] = (!keep_edges || keep_edges[e]) && newpos[g->source[e]] != UINT32_MAX &&
                newpos[g->target[e]] != UINT32_MAX;
        if (ke[e]) {
            g->source[m] = newpos[g->source[e]];
            g->target[m] = newpos[g->target[e]];
            m++;
        }
    }
    eg_table_filter_rows(&g->edges, ke);
    if (keep_nodes)
        eg_table_filter_rows(&g->nodes, keep_nodes);
    free(newpos);
    free(ke);
    return EG_OK;
}

static bool type_listed(const char *types, const char *type)
{
    size_t n = strlen(type);
    for (const char *p = types; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, type, n) == 0)
            return true;
        p += len + (comma ? 1 : 0);
    }
    return false;
}

typedef struct by_mentions {
    int64_t mentions;
    size_t row; /* rows are in id order, so the row breaks ties by id */
} by_mentions;

static int cmp_by_mentions(const void *a, const void *b)
{
    const by_mentions *x = a, *y = b;
    if (x->mentions != y->mentions)
        return x->mentions > y->mentions ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

double eg_prune_disparity_alpha(double w, double strength, size_t degree)
{
    if (degree <= 1 || strength <= 0)
        return 1.0;
    double x = 1.0 - w / strength;
    return x <= 0 ? 0.0 : pow(x, (double)(degree - 1));
}

static eg_status backbone(eg_graph *g, double alpha, eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g), ne = eg_graph_n_edges(g);
    double *strength = eg_calloc(nv ? nv : 1, sizeof *strength);
    size_t *degree = eg_calloc(nv ? nv : 1, sizeof *degree);
    uint8_t *keep = eg_malloc(ne ? ne : 1);
    eg_status st = EG_OK;
    if (!strength || !degree || !keep) {
        st = eg_error_nomem(err);
        goto done;
    }
    for (size_t e = 0; e < ne; e++) {
        double w = eg_graph_edge_weight(g, e);
        if (w <= 0)
            continue;
        strength[g->source[e]] += w;
        strength[g->target[e]] += w;
        degree[g->source[e]]++;
        degree[g->target[e]]++;
    }
    for (size_t e = 0; e < ne; e++) {
        double w = eg_graph_edge_weight(g, e);
        uint32_t a = g->source[e], b = g->target[e];
        if (w <= 0) {
            keep[e] = 0;
            continue;
        }
        /* A degree-1 endpoint keeps its only edge; otherwise the edge must be significant for one end. */
        keep[e] = degree[a] == 1 || degree[b] == 1 ||
                  eg_prune_disparity_alpha(w, strength[a], degree[a]) < alpha ||
                  eg_prune_disparity_alpha(w, strength[b], degree[b]) < alpha;
    }
    st = filter(g, NULL, keep, err);
done:
    free(strength);
    free(degree);
    free(keep);
    return st;
}

eg_status eg_prune(eg_graph *g, const eg_prune_options *opts, eg_error *err)
{
    eg_status st = EG_OK;
    size_t nv = eg_graph_n_nodes(g), ne = eg_graph_n_edges(g);
    uint8_t *keep = NULL;
    by_mentions *order = NULL;
    if (opts->types || opts->min_mentions > 0 || opts->top_nodes > 0) {
        if (!(keep = eg_malloc(nv ? nv : 1)) || !(order = eg_malloc((nv ? nv : 1) * sizeof *order))) {
            st = eg_error_nomem(err);
            goto done;
        }
        const int64_t *mentions = g->nodes.cols[EG_NODE_MENTIONS].v.i;
        size_t n = 0;
        for (size_t v = 0; v < nv; v++) {
            keep[v] = (!opts->types || type_listed(opts->types, eg_graph_node_type(g, v))) &&
                      mentions[v] >= opts->min_mentions;
            if (keep[v])
                order[n++] = (by_mentions){mentions[v], v};
        }
        if (opts->top_nodes > 0 && n > opts->top_nodes) {
            eg_sort(order, n, sizeof *order, cmp_by_mentions);
            for (size_t i = opts->top_nodes; i < n; i++)
                keep[order[i].row] = 0;
        }
        if ((st = filter(g, keep, NULL, err)))
            goto done;
        free(keep);
        keep = NULL;
        ne = eg_graph_n_edges(g);
    }
    if (opts->min_count > 1 || opts->positive_weights) {
        if (!(keep = eg_malloc(ne ? ne : 1))) {
            st = eg_error_nomem(err);
            goto done;
        }
        for (size_t e = 0; e < ne; e++)
            keep[e] = g->edges.cols[EG_EDGE_COUNT].v.i[e] >= opts->min_count &&
                      (!opts->positive_weights || eg_graph_edge_weight(g, e) > 0);
        if ((st = filter(g, NULL, keep, err)))
            goto done;
    }
    if (opts->backbone > 0)
        st = backbone(g, opts->backbone, err);
done:
    free(keep);
    free(order);
    return st;
}
