/*
 * query_ego: the ego network of one entity (its neighbours within a number of hops) and induced subgraphs
 * for exporting it.
 */
#ifndef EG_QUERY_EGO_H
#define EG_QUERY_EGO_H

#include "graph.h"

typedef struct eg_neighbor {
    size_t node;   /* node row */
    size_t hops;   /* 1 for a direct neighbour, 2 for a neighbour's neighbour, ... */
    size_t via;    /* the node one hop closer to the centre through the strongest edge (the centre itself
                    * for hops == 1) */
    size_t edge;   /* edge row joining node and via */
    double weight; /* weight of that edge */
} eg_neighbor;

/* The nodes within `depth` hops (depth >= 1) of node row `center`, excluding the centre, sorted by hops,
 * then weight of the linking edge descending, then label and id (byte order); at most k of them (0: all).
 * *out is allocated (free()) and holds *n entries; a node with no neighbour gives *out NULL, *n 0.
 * Errors: EG_ERR_USAGE (center out of range, depth 0), EG_ERR_GRAPH, EG_ERR_NOMEM.
 * Time: O(V + E) plus O(V log V) for the sort. */
eg_status eg_query_ego(const eg_graph *g, size_t center, size_t depth, size_t k, eg_neighbor **out,
                       size_t *n, eg_error *err);

/* The subgraph induced by the node rows nodes[0..n) (distinct): those nodes and every edge of g between
 * two of them, with all node, edge and graph attributes copied, sorted (eg_graph_sort). *out is a new graph
 * (eg_graph_free). Errors: EG_ERR_USAGE (a row out of range), EG_ERR_NOMEM. Time: O(V + E + copied text). */
eg_status eg_graph_subgraph(const eg_graph *g, const size_t *nodes, size_t n, eg_graph **out, eg_error *err);

#endif
