/*
 * prune: cuts a built network to what matters, over the graph tables (no igraph: the disparity filter is a
 * statistic on edge weights, not a graph algorithm igraph provides). Steps run in this order:
 *   1. nodes: keep only the listed types; drop nodes with fewer than min_mentions mentions; keep the top_nodes
 *      nodes by mentions (ties: id order). Edges of dropped nodes go too.
 *   2. edges: drop edges with count < min_count.
 *   3. backbone (Serrano, Boguna, Vespignani 2009): for edge ij, node i of degree k_i > 1 and strength s_i
 *      (sum of `weight` over its remaining edges), alpha_ij = (1 - w_ij / s_i)^(k_i - 1); the edge is kept
 *      when alpha_ij < ALPHA for either endpoint. An edge whose endpoint has degree 1 is kept (the test has no
 *      power there). Edges with weight <= 0 (possible for pmi) count as no strength and are dropped.
 * Nodes left without edges stay: they were mentioned. Row order is kept, so a sorted graph stays sorted.
 */
#ifndef EG_PRUNE_H
#define EG_PRUNE_H

#include "graph.h"

/* Zero-initialise ({0}): every zero field means "no cut". */
typedef struct eg_prune_options {
    int64_t min_count;       /* edges with count below this go */
    int64_t min_mentions;    /* nodes with mentions below this go */
    size_t top_nodes;        /* keep this many nodes by mentions (0: all) */
    const char *types;       /* comma-separated node types to keep (NULL: all) */
    double backbone;         /* disparity-filter ALPHA in (0, 1]; 0: off */
    bool positive_weights;   /* drop edges whose weight is <= 0 */
} eg_prune_options;

/* Applies opts to g. Errors: EG_ERR_NOMEM (g is then unchanged or consistently pruned by earlier steps).
 * Time: O(V log V + E). */
eg_status eg_prune(eg_graph *g, const eg_prune_options *opts, eg_error *err);

/* The disparity-filter alpha of edge e seen from its endpoint `node` given that node's degree and strength
 * (1 when degree <= 1). */
double eg_prune_disparity_alpha(double w, double strength, size_t degree);

#endif
