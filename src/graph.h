/*
 * graph: the entity network as plain tables (what exporters write and readers fill) and the only place that
 * turns it into an igraph_t (graph_igraph.h).
 *
 * Node columns always present, in this order: id (string, unique), label (string), type (string),
 * mentions (int), documents (int). Edge columns always present: weight (double), count (int).
 * Further columns are added by the stages that know them. Edges are undirected and simple: one row per
 * unordered pair, source < target, no self-loops.
 */
#ifndef EG_GRAPH_H
#define EG_GRAPH_H

#include "entgraph.h"
#include "table.h"

enum { EG_NODE_ID = 0, EG_NODE_LABEL, EG_NODE_TYPE, EG_NODE_MENTIONS, EG_NODE_DOCUMENTS };
enum { EG_EDGE_WEIGHT = 0, EG_EDGE_COUNT };

typedef struct eg_graph {
    eg_table nodes;
    eg_table edges;
    uint32_t *source, *target; /* endpoints of edge row i (node rows) */
    size_t cap_endpoints;
    eg_table meta;             /* one row: graph-level attributes */
    bool sorted;               /* nodes are in id order (eg_graph_sort ran, no node added since) */
} eg_graph;

/* A new empty graph with the standard columns and one meta row. */
eg_status eg_graph_new(eg_graph **out, eg_error *err);
void eg_graph_free(eg_graph *g);

static inline size_t eg_graph_n_nodes(const eg_graph *g) { return g->nodes.n_rows; }
static inline size_t eg_graph_n_edges(const eg_graph *g) { return g->edges.n_rows; }

/* Appends a node with the given id, label and type (mentions and documents 0); row index in *row. */
eg_status eg_graph_add_node(eg_graph *g, const char *id, const char *label, const char *type, size_t *row,
                            eg_error *err);
/* Appends an edge between node rows a != b (stored with source < target); row index in *row. */
eg_status eg_graph_add_edge(eg_graph *g, uint32_t a, uint32_t b, size_t *row, eg_error *err);

/* Node row of id among the first n rows, which must be sorted by id (as eg_graph_sort leaves them), or -1.
 * O(log n). */
long eg_graph_find_sorted(const eg_graph *g, size_t n, const char *id);

/* Node row of id, or -1. O(log n) once the graph is sorted (eg_graph_sort), else O(n). */
long eg_graph_find_node(const eg_graph *g, const char *id);

/* Reads a graph written by `entgraph build`: GraphML (igraph's reader) or node-link JSON (jansson), chosen
 * by content. Errors name the file and, where the parser knows them, line and column. */
eg_status eg_graph_read_file(const char *path, eg_graph **out, eg_error *err);

/* Accessors for the standard columns. */
static inline const char *eg_graph_node_id(const eg_graph *g, size_t v) { return g->nodes.cols[EG_NODE_ID].v.s[v]; }
static inline const char *eg_graph_node_label(const eg_graph *g, size_t v) { return g->nodes.cols[EG_NODE_LABEL].v.s[v]; }
static inline const char *eg_graph_node_type(const eg_graph *g, size_t v) { return g->nodes.cols[EG_NODE_TYPE].v.s[v]; }
static inline double eg_graph_edge_weight(const eg_graph *g, size_t e) { return g->edges.cols[EG_EDGE_WEIGHT].v.d[e]; }

/* Sorts nodes by id (byte order) and edges by (source, target), renumbering endpoints, so that outputs are
 * deterministic whatever order things were found in. */
eg_status eg_graph_sort(eg_graph *g, eg_error *err);

#endif
