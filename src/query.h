/*
 * query: centralities over an eg_graph through igraph, and ranked answers.
 *
 * Scores are computed over the whole graph and never rounded (the CLI formats them). Edges are undirected.
 * Weighted measures read the `weight` column: PageRank and eigenvector centrality use weights as strengths;
 * betweenness, closeness and harmonic centrality use 1/weight as the length of an edge. Those five need
 * every weight finite and > 0 and fail with EG_ERR_GRAPH naming the first offending edge otherwise.
 */
#ifndef EG_QUERY_H
#define EG_QUERY_H

#include "graph.h"

typedef enum eg_measure {
    EG_BY_DEGREE = 0,  /* number of neighbours */
    EG_BY_STRENGTH,    /* sum of edge weights (any weights) */
    EG_BY_PAGERANK,    /* weighted PageRank (PRPACK), damping 0.85; sums to 1 */
    EG_BY_BETWEENNESS, /* weighted: distance = 1/weight; unnormalised, each unordered pair counted once */
    EG_BY_EIGENVECTOR, /* weighted eigenvector centrality, scaled to max 1; on a disconnected graph the
                        * components other than the dominant one score 0; with no edges every node 1 */
    EG_BY_CLOSENESS,   /* weighted: distance = 1/weight; (r/(n-1)) * (r/sum of distances to the r reachable
                        * nodes), the Wasserman-Faust form networkx uses; a node reaching nothing gets 0 */
    EG_BY_HARMONIC,    /* weighted harmonic centrality: sum over other nodes of 1/distance (unreachable: 0),
                        * not normalised */
    EG_BY_CORENESS,    /* k-core number (unweighted) */
    EG_N_MEASURES
} eg_measure;

/* Parses "degree", "pagerank", ... (exact, lower case). Returns EG_ERR_USAGE for an unknown name. */
eg_status eg_measure_parse(const char *name, eg_measure *out, eg_error *err);
/* The name eg_measure_parse accepts for m ("unknown" for a value out of range). */
const char *eg_measure_name(eg_measure m);

/* Computes measure m for every node into scores (n_nodes doubles, caller-allocated; untouched on error).
 * An empty graph succeeds with nothing written. Errors: EG_ERR_GRAPH (bad weights, igraph failure),
 * EG_ERR_NOMEM. Time: degree, strength, coreness O(V + E); PageRank and eigenvector about O(V + E) per
 * iteration; betweenness, closeness, harmonic O(V (V + E) log V) (Dijkstra from every node). */
eg_status eg_query_scores(const eg_graph *g, eg_measure m, double *scores, eg_error *err);

typedef struct eg_ranked {
    size_t node;   /* node row */
    double score;
} eg_ranked;

/* The k nodes with the highest score (all when k == 0), optionally only those whose type is in the
 * comma-separated list types (NULL: all; spaces around names are ignored; a list naming no type is
 * EG_ERR_USAGE), sorted by score descending, then label, then id ascending (byte order), then node row.
 * *out is allocated (free()) and holds *n entries; with no result (empty graph, no node of those types)
 * *out is NULL and *n 0, which is not an error. Time: the measure's, plus O(V log V). */
eg_status eg_query_top(const eg_graph *g, eg_measure m, size_t k, const char *types, eg_ranked **out,
                       size_t *n, eg_error *err);

/* As eg_query_top, ranking the given scores (one per node row, as eg_query_scores fills them) instead of
 * computing a measure: for a caller that has them already. Time: O(V log V). */
eg_status eg_query_rank(const eg_graph *g, const double *scores, size_t k, const char *types, eg_ranked **out,
                        size_t *n, eg_error *err);

#endif
