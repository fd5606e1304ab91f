/*
 * query_community: communities of co-occurring entities (Leiden or Louvain through igraph) and the
 * modularity of the partition. Results are deterministic: igraph's random generator is seeded with 42
 * before each run, and communities are numbered 1, 2, ... by size (largest first), ties by their first node
 * row.
 */
#ifndef EG_QUERY_COMMUNITY_H
#define EG_QUERY_COMMUNITY_H

#include "graph.h"

typedef enum eg_community_method {
    EG_COMMUNITY_LEIDEN = 0, /* igraph_community_leiden, modularity objective, from singletons */
    EG_COMMUNITY_LOUVAIN     /* igraph_community_multilevel, the level of highest modularity */
} eg_community_method;

/* Parses "leiden" or "louvain"; EG_ERR_USAGE otherwise. */
eg_status eg_community_method_parse(const char *name, eg_community_method *out, eg_error *err);

/* Partitions g: community[v] (n_nodes entries, caller-allocated) gets the 1-based community of node row v,
 * *n_communities their number and *modularity the weighted modularity at the given resolution (> 0;
 * 1 is the classic definition). Weights are used as they are and must be finite and > 0. A graph without
 * edges puts every node in a community of its own, with modularity 0. Errors: EG_ERR_USAGE (resolution not
 * > 0), EG_ERR_GRAPH (bad weight, igraph failure), EG_ERR_NOMEM. Changes igraph's default random generator
 * state (single-threaded use only, as everything igraph). Time: about O(E) per pass (Louvain, Leiden). */
eg_status eg_query_communities(const eg_graph *g, eg_community_method method, double resolution,
                               size_t *community, size_t *n_communities, double *modularity, eg_error *err);

#endif
