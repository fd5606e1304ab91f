/*
 * cooccur_graph: the graph made from co-occurrence counts (cooccur.h).
 *
 * Nodes and edges go into the tables on the calling thread. The attributes that cost most, the JSON text
 * of every edge's evidence and of every node's and edge's periods, are rendered before, on worker threads
 * when asked (eg_parallel_for), into one result per row; the calling thread then sets them in row order,
 * so the graph is the same bytes for any number of threads. Nothing here touches igraph.
 */
#ifndef EG_COOCCUR_GRAPH_H
#define EG_COOCCUR_GRAPH_H

#include "cooccur.h"
#include "dict.h"
#include "graph.h"

/* Zero-initialise ({0}) for the defaults: everything on the calling thread. */
typedef struct eg_cooccur_graph_options {
    size_t n_threads; /* threads that render attributes, the calling thread included (0 or 1: it alone) */
} eg_cooccur_graph_options;

/* Makes the graph. One-mode: one node per entity mentioned at least once (id, label, type from dict,
 * mentions, documents, windows, the entity's country / wikidata / x- attributes, and with dates
 * first_seen, last_seen and periods), one edge per pair (weight = count = windows, documents, and with
 * K > 0 evidence; with dates first_seen, last_seen, periods). Meta: window, windows (N). Two-mode: entity
 * nodes as above plus document nodes (type "document", id "doc:ID", label = title or id, date) and one edge
 * per entity and document (weight = count = mentions there). Sorted (eg_graph_sort). opts may be NULL (the
 * defaults); the graph does not depend on opts. c is only read, also by the worker threads. Errors:
 * EG_ERR_NOMEM (nothing is left allocated), EG_ERR_USAGE (c was released: eg_cooccur_release).
 * Time: O(V log V + E log E + the evidence and period text), the text shared among opts->n_threads
 * threads. */
eg_status eg_cooccur_to_graph_opts(const eg_cooccur *c, const eg_dict *dict, const eg_cooccur_graph_options *opts,
                                   eg_graph **out, eg_error *err);

/* eg_cooccur_to_graph_opts with the defaults. */
eg_status eg_cooccur_to_graph(const eg_cooccur *c, const eg_dict *dict, eg_graph **out, eg_error *err);

#endif
