/*
 * weights: association weights of co-occurrence edges, computed over the graph tables (so they survive
 * reading a graph back and are recomputed from the stored counts alone).
 *
 * With N the meta `windows` (windows holding at least one mention), n_a, n_b the node `windows` counts and
 * n_ab the edge `count` (windows holding both), p(a) = n_a/N, p(a,b) = n_ab/N:
 *   pmi     = ln(p(a,b) / (p(a) p(b))) = ln(n_ab N / (n_a n_b))
 *   npmi    = pmi / -ln p(a,b), and 1 when p(a,b) = 1
 *   jaccard = n_ab / (n_a + n_b - n_ab)
 *   dice    = 2 n_ab / (n_a + n_b)
 * `count` and `documents` are the other weights an edge carries.
 */
#ifndef EG_WEIGHTS_H
#define EG_WEIGHTS_H

#include "graph.h"

/* Adds the double edge columns pmi, npmi, jaccard and dice. Needs the node column `windows` and the meta
 * column `windows`: without them (a two-mode graph) nothing is added and EG_OK returned.
 * Errors: EG_ERR_NOMEM. Time: O(edges). */
eg_status eg_weights_compute(eg_graph *g, eg_error *err);

/* Is name a weight that --weight accepts: count, documents, pmi, npmi, jaccard, dice? */
bool eg_weights_valid_name(const char *name);

/* Copies the edge column name (int or double) into `weight` and records the choice in the meta column
 * `weight`. Errors: EG_ERR_NOTFOUND when the graph has no such edge column. Time: O(edges). */
eg_status eg_weights_select(eg_graph *g, const char *name, eg_error *err);

#endif
