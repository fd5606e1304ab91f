/*
 * query_community: Leiden and Louvain through igraph 0.10.
 *
 * Leiden optimises CPM by default in igraph; with node weights equal to the strengths and a resolution of
 * R / (2m) (m the total edge weight) its quality function is modularity at resolution R, which is what is
 * asked for here. It starts from singletons and iterates until the partition no longer changes; Leiden is
 * sensitive to its initial partition and to the random order it visits nodes in, so the generator is
 * seeded (42) before every run, which makes the answer reproducible for one igraph version.
 */
#include "query_community.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "graph_igraph.h"

enum { SEED = 42 };

eg_status eg_community_method_parse(const char *name, eg_community_method *out, eg_error *err)
{
    if (strcmp(name, "leiden") == 0)
        *out = EG_COMMUNITY_LEIDEN;
    else if (strcmp(name, "louvain") == 0)
        *out = EG_COMMUNITY_LOUVAIN;
    else
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "unknown community method \"%s\" (expected leiden or louvain)", name);
    return EG_OK;
}

static igraph_error_t partition(const igraph_t *ig, const igraph_vector_t *weights, eg_community_method method,
                                double resolution, igraph_vector_int_t *membership, igraph_real_t *modularity)
{
    igraph_integer_t n_clusters;
    igraph_real_t quality;
    igraph_vector_t strength;

    IGRAPH_CHECK(igraph_rng_seed(igraph_rng_default(), SEED));
    if (method == EG_COMMUNITY_LOUVAIN) {
        IGRAPH_CHECK(igraph_community_multilevel(ig, weights, resolution, membership, NULL, NULL));
    } else {
        double total = 0.0;
        for (igraph_integer_t e = 0; e < igraph_vector_size(weights); e++)
            total += VECTOR(*weights)[e];
        IGRAPH_VECTOR_INIT_FINALLY(&strength, 0);
        IGRAPH_CHECK(igraph_strength(ig, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, weights));
        IGRAPH_CHECK(igraph_community_leiden(ig, weights, &strength, resolution / (2.0 * total), 0.01, false, -1,
                                             membership, &n_clusters, &quality));
        igraph_vector_destroy(&strength);
        IGRAPH_FINALLY_CLEAN(1);
    }
    return igraph_modularity(ig, membership, weights, resolution, false, modularity);
}

typedef struct comm_key {
    size_t size, first, raw; /* member count, lowest node row, igraph's number */
} comm_key;

static int cmp_comm(const void *a, const void *b)
{
    const comm_key *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

/* Renumbers raw memberships (0..nv-1) as 1, 2, ... by size descending, then lowest node row. */
static eg_status renumber(const igraph_vector_int_t *raw, size_t nv, size_t *community, size_t *n_comm,
                          eg_error *err)
{
    comm_key *keys = eg_calloc(nv, sizeof *keys);
    size_t *rank = eg_malloc(nv * sizeof *rank);
    size_t k = 0;
    if (!keys || !rank) {
        free(keys);
        free(rank);
        return eg_error_nomem(err);
    }
    for (size_t c = 0; c < nv; c++)
        keys[c] = (comm_key){0, nv, c};
    for (size_t v = 0; v < nv; v++) {
        size_t c = (size_t)VECTOR(*raw)[v];
        if (keys[c].size++ == 0)
            keys[c].first = v;
    }
    eg_sort(keys, nv, sizeof *keys, cmp_comm);
    for (size_t i = 0; i < nv && keys[i].size > 0; i++, k++)
        rank[keys[i].raw] = i + 1;
    for (size_t v = 0; v < nv; v++)
        community[v] = rank[VECTOR(*raw)[v]];
    *n_comm = k;
    free(keys);
    free(rank);
    return EG_OK;
}

eg_status eg_query_communities(const eg_graph *g, eg_community_method method, double resolution,
                               size_t *community, size_t *n_communities, double *modularity, eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g), ne = eg_graph_n_edges(g);
    igraph_t ig;
    igraph_vector_t weights;
    igraph_vector_int_t membership;
    igraph_real_t q = 0.0;
    eg_status st;

    *n_communities = 0;
    *modularity = 0.0;
    if (!(resolution > 0.0) || !isfinite(resolution))
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "the resolution must be a number > 0, not %g", resolution);
    for (size_t e = 0; e < ne; e++) {
        double w = eg_graph_edge_weight(g, e);
        if (!isfinite(w) || w <= 0.0)
            return eg_error_set(err, EG_ERR_GRAPH, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "communities need positive edge weights, but the edge %s -- %s has weight %g",
                                eg_graph_node_id(g, g->source[e]), eg_graph_node_id(g, g->target[e]), w);
    }
    if (nv == 0)
        return EG_OK;
    if (ne == 0) {
        for (size_t v = 0; v < nv; v++)
            community[v] = v + 1;
        *n_communities = nv;
        return EG_OK;
    }
    if ((st = eg_graph_to_igraph(g, &ig, &weights, err)))
        return st;
    igraph_error_t ic = igraph_vector_int_init(&membership, (igraph_integer_t)nv);
    if (ic == IGRAPH_SUCCESS) {
        ic = partition(&ig, &weights, method, resolution, &membership, &q);
        if (ic == IGRAPH_SUCCESS && igraph_vector_int_size(&membership) != (igraph_integer_t)nv)
            ic = IGRAPH_FAILURE;
        st = eg_igraph_status(ic, method == EG_COMMUNITY_LEIDEN ? "leiden" : "louvain", err);
        if (st == EG_OK)
            st = renumber(&membership, nv, community, n_communities, err);
        igraph_vector_int_destroy(&membership);
    } else {
        st = eg_igraph_status(ic, "communities", err);
    }
    igraph_vector_destroy(&weights);
    igraph_destroy(&ig);
    if (st == EG_OK)
        *modularity = q;
    return st;
}
