/*
 * graph_igraph: the bridge between eg_graph tables and igraph. Only graph_igraph.c, query.c and the GraphML
 * reader include igraph. igraph errors become eg_status values here (EG_ERR_GRAPH, or EG_ERR_NOMEM).
 */
#ifndef EG_GRAPH_IGRAPH_H
#define EG_GRAPH_IGRAPH_H

#include <igraph.h>

#include "graph.h"

/* Builds an undirected igraph_t with vertex i = node row i and edge j = edge row j, and fills weights with
 * the `weight` column. out and weights must be uninitialised; on success the caller destroys both, on error
 * neither is left initialised. Calls eg_igraph_setup. Errors: EG_ERR_NOMEM, EG_ERR_GRAPH, EG_ERR_LIMIT.
 * Time: O(V + E). */
eg_status eg_graph_to_igraph(const eg_graph *g, igraph_t *out, igraph_vector_t *weights, eg_error *err);

/* Converts an igraph error code into an eg_status: IGRAPH_SUCCESS -> EG_OK, IGRAPH_ENOMEM -> EG_ERR_NOMEM,
 * anything else -> EG_ERR_GRAPH. On error fills err with "what: igraph's reason (igraph_strerror)"; the
 * reason is the last one igraph's error handler received (see eg_igraph_setup) and is forgotten here. */
eg_status eg_igraph_status(igraph_error_t code, const char *what, eg_error *err);

/* Turns off igraph's default error handler (which aborts) and warning printer, once per process, so errors
 * come back as codes. The installed handler behaves like igraph_error_handler_ignore and also remembers the
 * last non-empty reason for eg_igraph_status; warnings are dropped. Called by every module entry point that
 * uses igraph; a static flag makes later calls no-ops. Not thread-safe (Debian's igraph is not either). */
void eg_igraph_setup(void);

#endif
