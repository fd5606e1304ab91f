/*
 * fuzz_graph_read: the graph readers behind the queries (eg_graph_read_file: GraphML through igraph,
 * node-link JSON through jansson) on arbitrary bytes, then the queries on whatever was read.
 *
 * Invariants checked (graph.h): node ids unique and sorted, edges simple (source < target, both in range),
 * every query measure either scores every node or fails cleanly.
 */
#include <string.h>

#include "entgraph.h"
#include "fuzz.h"
#include "graph.h"
#include "query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* GraphML files of any size make igraph's reader slow; inputs this large teach nothing more. */
    if (size > 65536)
        return 0;
    const char *path = fuzz_temp_file(data, size, ".graph");
    if (!path)
        return 0;
    eg_graph *g = NULL;
    eg_error err;
    eg_error_clear(&err);
    eg_status st = eg_graph_read_file(path, &g, &err);
    if (st != EG_OK) {
        FUZZ_ASSERT(g == NULL);
        FUZZ_ASSERT(err.message[0] != '\0');
        return 0;
    }
    size_t n = eg_graph_n_nodes(g), m = eg_graph_n_edges(g);
    for (size_t v = 0; v < n; v++) {
        FUZZ_ASSERT(eg_graph_node_id(g, v) && eg_graph_node_label(g, v) && eg_graph_node_type(g, v));
        if (v > 0)
            FUZZ_ASSERT(strcmp(eg_graph_node_id(g, v - 1), eg_graph_node_id(g, v)) < 0);
        FUZZ_ASSERT(eg_graph_find_node(g, eg_graph_node_id(g, v)) == (long)v);
    }
    for (size_t e = 0; e < m; e++) {
        FUZZ_ASSERT(g->source[e] < g->target[e] && g->target[e] < n);
        if (e > 0)
            FUZZ_ASSERT(g->source[e - 1] < g->source[e] ||
                        (g->source[e - 1] == g->source[e] && g->target[e - 1] < g->target[e]));
    }
    if (n <= 2000 && m <= 20000) {
        eg_ranked *top = NULL;
        size_t n_top = 0;
        for (int by = 0; by < EG_N_MEASURES; by++) {
            if (eg_query_top(g, (eg_measure)by, 5, NULL, &top, &n_top, &err) == EG_OK) {
                FUZZ_ASSERT(n_top <= 5 && n_top <= n);
                free(top);
                top = NULL;
            }
        }
    }
    eg_graph_free(g);
    return 0;
}
