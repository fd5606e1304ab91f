/*
 * query_path: strongest and shortest paths through igraph_get_shortest_path_dijkstra.
 *
 * The shortest path is found with the same Dijkstra call on lengths 1 + s/weight, where
 * s = 1 / (1 + sum of all 1/weight): the s/weight parts of any simple path add up to less than 1, so a path
 * with fewer hops is always shorter, and among paths with as many hops the one with the least sum of
 * 1/weight wins. This makes the answer the strongest of the shortest paths instead of whichever one
 * breadth-first search happens to meet first.
 */
#include "query_path.h"

#include <math.h>
#include <stdlib.h>

#include "error.h"
#include "graph_igraph.h"

void eg_path_destroy(eg_path *p)
{
    if (!p)
        return;
    free(p->nodes);
    free(p->edges);
    p->nodes = p->edges = NULL;
    p->n_nodes = 0;
}

static igraph_error_t find(const igraph_t *ig, const igraph_vector_t *lengths, igraph_integer_t from,
                           igraph_integer_t to, igraph_vector_int_t *vs, igraph_vector_int_t *es)
{
    return igraph_get_shortest_path_dijkstra(ig, vs, es, from, to, lengths, IGRAPH_ALL);
}

eg_status eg_query_path(const eg_graph *g, size_t from, size_t to, eg_path_kind kind, eg_path *out,
                        eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g), ne = eg_graph_n_edges(g);
    igraph_t ig;
    igraph_vector_t weights, lengths;
    igraph_vector_int_t vs, es;
    eg_status st;

    out->nodes = out->edges = NULL;
    out->n_nodes = 0;
    out->length = 0.0;
    if (from >= nv || to >= nv)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "node row out of range");
    for (size_t e = 0; e < ne; e++) {
        double w = eg_graph_edge_weight(g, e);
        if (!isfinite(w) || w <= 0.0)
            return eg_error_set(err, EG_ERR_GRAPH, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "paths need positive edge weights, but the edge %s -- %s has weight %g",
                                eg_graph_node_id(g, g->source[e]), eg_graph_node_id(g, g->target[e]), w);
    }
    if ((st = eg_graph_to_igraph(g, &ig, &weights, err)))
        return st;
    igraph_error_t ic = igraph_vector_init(&lengths, (igraph_integer_t)ne);
    if (ic == IGRAPH_SUCCESS && (ic = igraph_vector_int_init(&vs, 0)) != IGRAPH_SUCCESS)
        igraph_vector_destroy(&lengths);
    if (ic == IGRAPH_SUCCESS && (ic = igraph_vector_int_init(&es, 0)) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&vs);
        igraph_vector_destroy(&lengths);
    }
    if (ic != IGRAPH_SUCCESS) {
        igraph_vector_destroy(&weights);
        igraph_destroy(&ig);
        return eg_igraph_status(ic, "path", err);
    }
    double inv_sum = 0.0;
    for (size_t e = 0; e < ne; e++)
        inv_sum += 1.0 / VECTOR(weights)[e];
    double s = 1.0 / (1.0 + inv_sum);
    for (size_t e = 0; e < ne; e++)
        VECTOR(lengths)[e] = kind == EG_PATH_SHORTEST ? 1.0 + s / VECTOR(weights)[e] : 1.0 / VECTOR(weights)[e];
    ic = find(&ig, &lengths, (igraph_integer_t)from, (igraph_integer_t)to, &vs, &es);
    st = eg_igraph_status(ic, "path", err);
    size_t n = st == EG_OK ? (size_t)igraph_vector_int_size(&vs) : 0;
    if (st == EG_OK && n == 0)
        st = eg_error_set(err, EG_ERR_NOTFOUND, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                          "no path connects %s and %s (they are in different components)",
                          eg_graph_node_id(g, from), eg_graph_node_id(g, to));
    if (st == EG_OK && (!(out->nodes = eg_malloc(n * sizeof *out->nodes)) ||
                        !(out->edges = eg_malloc((n > 1 ? n - 1 : 1) * sizeof *out->edges)))) {
        eg_path_destroy(out);
        st = eg_error_nomem(err);
    }
    if (st == EG_OK) {
        out->n_nodes = n;
        for (size_t i = 0; i < n; i++)
            out->nodes[i] = (size_t)VECTOR(vs)[i];
        for (size_t i = 0; i + 1 < n; i++) {
            out->edges[i] = (size_t)VECTOR(es)[i];
            out->length += 1.0 / VECTOR(weights)[out->edges[i]];
        }
    }
    igraph_vector_int_destroy(&es);
    igraph_vector_int_destroy(&vs);
    igraph_vector_destroy(&lengths);
    igraph_vector_destroy(&weights);
    igraph_destroy(&ig);
    return st;
}
