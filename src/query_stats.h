/*
 * query_stats: a summary of a graph: nodes and edges by type, components, density, degree distribution.
 */
#ifndef EG_QUERY_STATS_H
#define EG_QUERY_STATS_H

#include "graph.h"

typedef struct eg_type_count {
    char *type;   /* a node type, or "A -- B" (A <= B in byte order) for an edge (owned) */
    size_t count;
} eg_type_count;

typedef struct eg_graph_stats {
    size_t n_nodes, n_edges;
    double total_weight;       /* sum of edge weights */
    double density;            /* 2E / (V (V - 1)); 0 for fewer than two nodes */
    size_t n_components;       /* connected components (an isolated node is one) */
    size_t largest_component;  /* nodes in the largest one */
    size_t n_isolated;         /* nodes of degree 0 */
    size_t degree_min, degree_max;
    double degree_mean, degree_median;
    eg_type_count *node_types; /* by count descending, then name (byte order) */
    size_t n_node_types;
    eg_type_count *edge_types; /* the same for pairs of endpoint types */
    size_t n_edge_types;
} eg_graph_stats;

/* Fills *s (eg_graph_stats_destroy frees its lists). A missing type counts as "". Errors: EG_ERR_GRAPH,
 * EG_ERR_NOMEM (then *s holds nothing to free). Time: O(V log V + E log E). */
eg_status eg_query_stats(const eg_graph *g, eg_graph_stats *s, eg_error *err);
void eg_graph_stats_destroy(eg_graph_stats *s);

#endif
