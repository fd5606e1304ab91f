/*
 * query: node centralities through igraph, and the ranked top-k answer.
 *
 * Every measure is computed over the whole graph (the type filter of eg_query_top only selects which nodes
 * are reported). Scores are igraph's doubles, unrounded; formatting belongs to the CLI. The ranking order is
 * total (score descending, label, id, node row), so the answer never depends on qsort's instability.
 *
 * Edge weights are co-occurrence strengths. PageRank and eigenvector centrality use them as they are;
 * betweenness, closeness and harmonic centrality need lengths, and use 1/weight, so strongly tied entities
 * are close. Those five measures require every weight to be finite and > 0 (a zero weight would be an
 * infinitely long edge, a negative one has no meaning) and fail with EG_ERR_GRAPH naming the first bad
 * edge otherwise. Degree, strength and coreness accept any weight (strength simply sums them).
 */
#include "query.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "graph_igraph.h"

static const char *const measure_names[EG_N_MEASURES] = {
    [EG_BY_DEGREE] = "degree",           [EG_BY_STRENGTH] = "strength",
    [EG_BY_PAGERANK] = "pagerank",       [EG_BY_BETWEENNESS] = "betweenness",
    [EG_BY_EIGENVECTOR] = "eigenvector", [EG_BY_CLOSENESS] = "closeness",
    [EG_BY_HARMONIC] = "harmonic",       [EG_BY_CORENESS] = "coreness",
};

eg_status eg_measure_parse(const char *name, eg_measure *out, eg_error *err)
{
    for (int m = 0; m < EG_N_MEASURES; m++) {
        if (strcmp(name, measure_names[m]) == 0) {
            *out = (eg_measure)m;
            return EG_OK;
        }
    }
    return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                        "unknown measure \"%s\" (expected degree, strength, pagerank, betweenness, "
                        "eigenvector, closeness, harmonic or coreness)",
                        name);
}

const char *eg_measure_name(eg_measure m)
{
    return (unsigned)m < EG_N_MEASURES ? measure_names[m] : "unknown";
}

/* ---- scores ------------------------------------------------------------------------------------------ */

static bool measure_needs_positive_weights(eg_measure m)
{
    return m == EG_BY_PAGERANK || m == EG_BY_EIGENVECTOR || m == EG_BY_BETWEENNESS || m == EG_BY_CLOSENESS ||
           m == EG_BY_HARMONIC;
}

static bool measure_uses_lengths(eg_measure m)
{
    return m == EG_BY_BETWEENNESS || m == EG_BY_CLOSENESS || m == EG_BY_HARMONIC;
}

static eg_status check_weights(const eg_graph *g, eg_measure m, eg_error *err)
{
    for (size_t e = 0; e < eg_graph_n_edges(g); e++) {
        double w = eg_graph_edge_weight(g, e);
        if (!isfinite(w) || w <= 0.0)
            return eg_error_set(err, EG_ERR_GRAPH, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "%s needs positive edge weights, but the edge %s -- %s has weight %g",
                                eg_measure_name(m), eg_graph_node_id(g, g->source[e]),
                                eg_graph_node_id(g, g->target[e]), w);
    }
    return EG_OK;
}

/* Closeness as networkx computes it by default (Wasserman and Faust's correction for disconnected graphs):
 * with r the number of other vertices v reaches and S the sum of the distances to them,
 *     closeness(v) = (r / (n - 1)) * (r / S),
 * that is, the inverse mean distance within v's component, scaled down by the share of the graph that
 * component covers. igraph's normalised closeness is r / S over the reachable vertices only, which would
 * rank a node of an isolated pair above the hub of the main component; the factor r / (n - 1) prevents
 * that. A vertex that reaches nothing (isolated, or n == 1) gets 0, not igraph's NaN. */
static igraph_error_t closeness_wf(const igraph_t *ig, const igraph_vector_t *lengths, igraph_vector_t *res)
{
    igraph_vector_int_t reach;
    igraph_integer_t n = igraph_vcount(ig);

    IGRAPH_VECTOR_INT_INIT_FINALLY(&reach, n);
    IGRAPH_CHECK(igraph_closeness(ig, res, &reach, NULL, igraph_vss_all(), IGRAPH_ALL, lengths, true));
    for (igraph_integer_t v = 0; v < n; v++) {
        igraph_integer_t r = VECTOR(reach)[v];
        if (r <= 0 || n < 2 || isnan(VECTOR(*res)[v]))
            VECTOR(*res)[v] = 0.0;
        else
            VECTOR(*res)[v] *= (double)r / (double)(n - 1);
    }
    igraph_vector_int_destroy(&reach);
    IGRAPH_FINALLY_CLEAN(1);
    return IGRAPH_SUCCESS;
}

/* Computes measure m into res (initialised, resized here) over ig with the given edge weights and, for the
 * path-based measures, lengths (1/weight). */
static igraph_error_t compute(const igraph_t *ig, eg_measure m, const igraph_vector_t *weights,
                              const igraph_vector_t *lengths, igraph_vector_t *res)
{
    igraph_integer_t n = igraph_vcount(ig);
    igraph_vector_int_t ivec;
    igraph_real_t value;

    switch (m) {
    case EG_BY_DEGREE:
    case EG_BY_CORENESS:
        IGRAPH_VECTOR_INT_INIT_FINALLY(&ivec, n);
        if (m == EG_BY_DEGREE)
            IGRAPH_CHECK(igraph_degree(ig, &ivec, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS));
        else
            IGRAPH_CHECK(igraph_coreness(ig, &ivec, IGRAPH_ALL));
        IGRAPH_CHECK(igraph_vector_resize(res, n));
        for (igraph_integer_t v = 0; v < n; v++)
            VECTOR(*res)[v] = (double)VECTOR(ivec)[v];
        igraph_vector_int_destroy(&ivec);
        IGRAPH_FINALLY_CLEAN(1);
        return IGRAPH_SUCCESS;
    case EG_BY_STRENGTH:
        return igraph_strength(ig, res, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, weights);
    case EG_BY_PAGERANK:
        return igraph_pagerank(ig, IGRAPH_PAGERANK_ALGO_PRPACK, res, &value, igraph_vss_all(), false, 0.85,
                               weights, NULL);
    case EG_BY_BETWEENNESS:
        return igraph_betweenness(ig, res, igraph_vss_all(), false, lengths);
    case EG_BY_EIGENVECTOR:
        return igraph_eigenvector_centrality(ig, res, &value, false, true, weights, NULL);
    case EG_BY_CLOSENESS:
        return closeness_wf(ig, lengths, res);
    case EG_BY_HARMONIC:
        return igraph_harmonic_centrality(ig, res, igraph_vss_all(), IGRAPH_ALL, lengths, false);
    case EG_N_MEASURES:
        break;
    }
    IGRAPH_ERROR("unknown measure", IGRAPH_EINVAL);
}

/* The vector objects are initialised here, before any computation, so that one cleanup path can destroy
 * them whatever failed. */
static igraph_error_t init_vectors(igraph_vector_t *lengths, igraph_vector_t *res, igraph_integer_t ne)
{
    IGRAPH_VECTOR_INIT_FINALLY(lengths, ne);
    IGRAPH_CHECK(igraph_vector_init(res, 0));
    IGRAPH_FINALLY_CLEAN(1);
    return IGRAPH_SUCCESS;
}

eg_status eg_query_scores(const eg_graph *g, eg_measure m, double *scores, eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g), ne = eg_graph_n_edges(g);
    igraph_t ig;
    igraph_vector_t weights, lengths, res;
    igraph_error_t ic;
    eg_status st;

    if ((unsigned)m >= EG_N_MEASURES)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "unknown measure %d",
                            (int)m);
    if (nv == 0)
        return EG_OK;
    if (measure_needs_positive_weights(m) && (st = check_weights(g, m, err)))
        return st;
    if ((st = eg_graph_to_igraph(g, &ig, &weights, err)))
        return st;
    if ((ic = init_vectors(&lengths, &res, measure_uses_lengths(m) ? (igraph_integer_t)ne : 0))) {
        st = eg_igraph_status(ic, eg_measure_name(m), err);
        igraph_vector_destroy(&weights);
        igraph_destroy(&ig);
        return st;
    }
    if (measure_uses_lengths(m))
        for (size_t e = 0; e < ne; e++)
            VECTOR(lengths)[e] = 1.0 / VECTOR(weights)[e];
    ic = compute(&ig, m, &weights, &lengths, &res);
    st = eg_igraph_status(ic, eg_measure_name(m), err);
    if (st == EG_OK && (size_t)igraph_vector_size(&res) != nv)
        st = eg_error_set(err, EG_ERR_GRAPH, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                          "%s: igraph returned %zu scores for %zu nodes", eg_measure_name(m),
                          (size_t)igraph_vector_size(&res), nv);
    if (st == EG_OK)
        for (size_t v = 0; v < nv; v++)
            scores[v] = VECTOR(res)[v];
    igraph_vector_destroy(&res);
    igraph_vector_destroy(&lengths);
    igraph_vector_destroy(&weights);
    igraph_destroy(&ig);
    return st;
}

/* ---- ranking ----------------------------------------------------------------------------------------- */

typedef struct rank_key {
    double score;
    const char *label; /* never NULL: "" stands for a missing label */
    const char *id;    /* never NULL */
    size_t node;
} rank_key;

/* Score descending (NaN, which no measure should produce, sorts last), then label and id in byte order,
 * then node row: a total order, so the result is the same with any sorting algorithm. */
static int cmp_rank_key(const void *a, const void *b)
{
    const rank_key *x = a, *y = b;
    bool xn = isnan(x->score), yn = isnan(y->score);
    if (xn != yn)
        return xn ? 1 : -1;
    if (!xn && x->score != y->score)
        return x->score > y->score ? -1 : 1;
    int c = strcmp(x->label, y->label);
    if (c)
        return c;
    if ((c = strcmp(x->id, y->id)))
        return c;
    return x->node < y->node ? -1 : x->node > y->node;
}

/* Is type (NULL: "") one of the names in the comma-separated list? Spaces around names are ignored. */
static bool type_in_list(const char *type, const char *list)
{
    size_t tlen = type ? strlen(type) : 0;
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        const char *s = p, *e = end;
        while (s < e && *s == ' ')
            s++;
        while (e > s && e[-1] == ' ')
            e--;
        if (e > s && (size_t)(e - s) == tlen && memcmp(s, type, tlen) == 0)
            return true;
        p = *end ? end + 1 : end;
    }
    return false;
}

/* Does the list name at least one type? */
static bool type_list_has_names(const char *list)
{
    for (const char *p = list; *p; p++)
        if (*p != ',' && *p != ' ')
            return true;
    return false;
}

eg_status eg_query_rank(const eg_graph *g, const double *scores, size_t k, const char *types, eg_ranked **out,
                        size_t *n, eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g), kept = 0;
    rank_key *keys = NULL;
    eg_ranked *res = NULL;
    eg_status st = EG_OK;

    *out = NULL;
    *n = 0;
    if (types && !type_list_has_names(types))
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "the type list \"%s\" names no type", types);
    if (nv == 0)
        return EG_OK;
    if (!(keys = eg_malloc(nv * sizeof *keys)))
        return eg_error_nomem(err);
    for (size_t v = 0; v < nv; v++) {
        const char *type = eg_graph_node_type(g, v);
        if (types && !type_in_list(type, types))
            continue;
        const char *label = eg_graph_node_label(g, v), *id = eg_graph_node_id(g, v);
        keys[kept++] = (rank_key){scores[v], label ? label : "", id ? id : "", v};
    }
    eg_sort(keys, kept, sizeof *keys, cmp_rank_key);
    if (k > 0 && k < kept)
        kept = k;
    if (kept == 0)
        goto done;
    if (!(res = eg_malloc(kept * sizeof *res))) {
        st = eg_error_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < kept; i++)
        res[i] = (eg_ranked){keys[i].node, keys[i].score};
    *out = res;
    *n = kept;
done:
    free(keys);
    return st;
}

eg_status eg_query_top(const eg_graph *g, eg_measure m, size_t k, const char *types, eg_ranked **out,
                       size_t *n, eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g);
    *out = NULL;
    *n = 0;
    if (types && !type_list_has_names(types))
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "the type list \"%s\" names no type", types);
    if (nv == 0)
        return EG_OK;
    double *scores = eg_malloc(nv * sizeof *scores);
    if (!scores)
        return eg_error_nomem(err);
    eg_status st = eg_query_scores(g, m, scores, err);
    if (st == EG_OK)
        st = eg_query_rank(g, scores, k, types, out, n, err);
    free(scores);
    return st;
}
