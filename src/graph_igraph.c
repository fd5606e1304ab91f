/*
 * graph_igraph: eg_graph tables -> igraph_t, and igraph error codes -> eg_status.
 *
 * igraph reports errors through a process-global handler whose default aborts the program. eg_igraph_setup
 * installs, once, a handler that behaves like igraph_error_handler_ignore (frees igraph's "finally" stack and
 * lets the code come back to the caller) and additionally remembers the most recent non-empty reason, so that
 * eg_igraph_status can say *why* igraph failed ("Line 3: Opening and ending tag mismatch ..."), which the
 * bare error code does not. That remembered reason and the "already set up" flag are this project's only
 * global mutable state; they exist because igraph's handlers are process-global anyway, and igraph 0.10 as
 * packaged by Debian is built without thread safety (IGRAPH_THREAD_SAFE 0), so igraph must not be called
 * from several threads at once in any case.
 *
 * Invariant: IGRAPH_CHECK / IGRAPH_FINALLY are used only inside static helpers returning igraph_error_t;
 * public functions return eg_status and leave nothing on igraph's finally stack.
 */
#include "graph_igraph.h"

#include <stdio.h>
#include <string.h>

#include "error.h"

static bool igraph_ready = false;  /* eg_igraph_setup has run */
static char igraph_reason[256];    /* last non-empty reason given to the error handler; "" after use */

/* Like igraph_error_handler_ignore, but keeps the reason. IGRAPH_CHECK re-raises a propagated error with an
 * empty reason at every level, so only non-empty reasons (the innermost, most specific one) are kept. */
static void eg_igraph_error_handler(const char *reason, const char *file, int line, igraph_error_t code)
{
    if (reason && reason[0])
        snprintf(igraph_reason, sizeof igraph_reason, "%s", reason);
    igraph_error_handler_ignore(reason, file, line, code);
}

/* Warnings (for example "graph has no edges" from eigenvector centrality) are not errors; the library does
 * not print, and the documented behaviour of each query already covers the cases igraph warns about. */
static void eg_igraph_warning_handler(const char *reason, const char *file, int line)
{
    (void)reason;
    (void)file;
    (void)line;
}

void eg_igraph_setup(void)
{
    if (igraph_ready)
        return;
    igraph_set_error_handler(eg_igraph_error_handler);
    igraph_set_warning_handler(eg_igraph_warning_handler);
    igraph_ready = true;
}

eg_status eg_igraph_status(igraph_error_t code, const char *what, eg_error *err)
{
    eg_status st = code == IGRAPH_ENOMEM ? EG_ERR_NOMEM : EG_ERR_GRAPH;
    if (code == IGRAPH_SUCCESS) {
        igraph_reason[0] = '\0';
        return EG_OK;
    }
    if (igraph_reason[0])
        eg_error_set(err, st, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "%s: %s (%s)", what ? what : "igraph",
                     igraph_reason, igraph_strerror(code));
    else
        eg_error_set(err, st, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "%s: %s", what ? what : "igraph",
                     igraph_strerror(code));
    igraph_reason[0] = '\0';
    return st;
}

/* Builds the graph and the weight vector. On error igraph's handler has already destroyed everything this
 * function registered with IGRAPH_FINALLY, including *out and *weights. */
static igraph_error_t build_igraph(const eg_graph *g, igraph_t *out, igraph_vector_t *weights)
{
    size_t nv = eg_graph_n_nodes(g), ne = eg_graph_n_edges(g);
    igraph_vector_int_t edges;

    IGRAPH_VECTOR_INT_INIT_FINALLY(&edges, (igraph_integer_t)(2 * ne));
    for (size_t e = 0; e < ne; e++) {
        VECTOR(edges)[2 * e] = (igraph_integer_t)g->source[e];
        VECTOR(edges)[2 * e + 1] = (igraph_integer_t)g->target[e];
    }
    IGRAPH_CHECK(igraph_create(out, &edges, (igraph_integer_t)nv, IGRAPH_UNDIRECTED));
    IGRAPH_FINALLY(igraph_destroy, out);
    IGRAPH_VECTOR_INIT_FINALLY(weights, (igraph_integer_t)ne);
    for (size_t e = 0; e < ne; e++)
        VECTOR(*weights)[e] = eg_graph_edge_weight(g, e);

    igraph_vector_int_destroy(&edges);
    IGRAPH_FINALLY_CLEAN(3);
    return IGRAPH_SUCCESS;
}

eg_status eg_graph_to_igraph(const eg_graph *g, igraph_t *out, igraph_vector_t *weights, eg_error *err)
{
    eg_igraph_setup();
    /* igraph_integer_t is 64-bit in Debian's build; node rows are uint32_t, so only the edge count can be
     * too large for the edge vector, and only on a 32-bit size_t it could overflow 2 * ne. */
    if (eg_graph_n_edges(g) > (size_t)IGRAPH_INTEGER_MAX / 2)
        return eg_error_set(err, EG_ERR_LIMIT, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "graph has too many edges for igraph (%zu)", eg_graph_n_edges(g));
    return eg_igraph_status(build_igraph(g, out, weights), "building the igraph graph", err);
}
