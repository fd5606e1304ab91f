/*
 * query_path: how two entities are connected. The strongest path minimises the sum of 1/weight over its
 * edges (Dijkstra), so a chain of frequent co-occurrences beats a short chain of rare ones; the shortest
 * path minimises the number of hops and, among paths with the fewest hops, the sum of 1/weight.
 */
#ifndef EG_QUERY_PATH_H
#define EG_QUERY_PATH_H

#include "graph.h"

typedef struct eg_path {
    size_t *nodes;  /* n_nodes node rows from the start to the end (owned) */
    size_t n_nodes;
    size_t *edges;  /* n_nodes - 1 edge rows; edges[i] joins nodes[i] and nodes[i + 1] (owned) */
    double length;  /* sum of 1/weight over the edges */
} eg_path;

typedef enum eg_path_kind {
    EG_PATH_STRONGEST = 0, /* least sum of 1/weight */
    EG_PATH_SHORTEST       /* fewest hops, then least sum of 1/weight */
} eg_path_kind;

/* Finds the path of the given kind from node row `from` to `to` into *out (eg_path_destroy frees it). From
 * a node to itself the path has one node and no edge. Errors: EG_ERR_NOTFOUND when no path connects them
 * (the message names both ids), EG_ERR_GRAPH when a weight is not finite and > 0 or igraph fails,
 * EG_ERR_USAGE for a node row out of range, EG_ERR_NOMEM. Time: O((V + E) log V). */
eg_status eg_query_path(const eg_graph *g, size_t from, size_t to, eg_path_kind kind, eg_path *out,
                        eg_error *err);
void eg_path_destroy(eg_path *p);

#endif
