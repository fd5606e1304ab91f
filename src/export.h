/*
 * export: one writer per format (GraphML, GEXF, JSON in four styles, CSV, DOT), all over eg_graph's
 * generic columns (a new column appears in every format with no change here). Writers only write to the
 * FILE they are given, never print, and report write errors through err as EG_ERR_IO ("writing GraphML: No
 * space left on device"). They collect output in a 64 KiB buffer of their own (export_core.h), so the FILE
 * sees few large writes, and flush the FILE before returning. The caller makes the write atomic with
 * eg_outfile (outfile.h); eg_outfile_fail adds the path to a writer's I/O error.
 *
 * Common rules: outputs are deterministic (rows in table order, which eg_graph_sort makes canonical;
 * columns in table order; fixed number formats). Missing values (NULL strings, absent sparse numbers) are
 * omitted; so are doubles that are NaN or infinite, which neither format can carry portably. Invalid UTF-8
 * in a string is replaced by U+FFFD (one per invalid byte) and *n_replaced is set to the number of
 * replacements. Ids are expected to be valid UTF-8 (the dictionary checks them): in JSON two ids that
 * differ only in invalid bytes would become equal. Number formatting assumes the "C" locale for LC_NUMERIC
 * (the CLI never changes it).
 */
#ifndef EG_EXPORT_H
#define EG_EXPORT_H

#include <stdio.h>

#include "graph.h"

/* One part of an export file, so that several threads can write one file at once. Part k of n holds the
 * edges [E*k/n, E*(k+1)/n); the first part also everything before them (the header, the nodes), the last
 * part everything after them. The parts written one after another, in order, are byte for byte the file
 * written whole (EG_EXPORT_WHOLE), whatever n. Every part checks the graph alike, so each fails the same way
 * on a graph its format cannot hold; *n_replaced counts the part's own replacements. */
typedef struct eg_export_part {
    size_t index, count; /* index < count */
    bool scratch;        /* fp is a scratch file, copied and removed soon: no hints to write it to disk */
} eg_export_part;
#define EG_EXPORT_WHOLE ((eg_export_part){0, 1, false})

/* The edge rows [*lo, *hi) of part p of a graph with n_edges edges. */
static inline void eg_export_part_edges(eg_export_part p, size_t n_edges, size_t *lo, size_t *hi)
{
    /* floor(n_edges * k / count) without overflow: n_edges = q * count + r */
    size_t q = n_edges / p.count, r = n_edges % p.count;
    *lo = q * p.index + r * p.index / p.count;
    *hi = q * (p.index + 1) + r * (p.index + 1) / p.count;
}

/* GraphML 1.1 (validates against the official XSD). Details in export_graphml.c:
 *  - one <key> per column, id "g_NAME"/"v_NAME"/"e_NAME", attr.name NAME, attr.type string, long (int
 *    columns), double or boolean; the graph's meta columns become graph-level <data>;
 *  - node id = the entity id when it is a valid NMTOKEN and holds no "_x"; otherwise a mapped NMTOKEN (each
 *    other code point becomes _xHHHH_, a literal "_x" becomes "_x005F_x", the empty id "_x_") and the
 *    original id is written in the string attribute `entity_id` (declared only when some node needs it);
 *    the mapping is injective, so node ids stay unique; edge ids are e0, e1, ...;
 *  - Gephi's visual attributes as plain data: r, g, b (long; colour by node type) and size (double; from a
 *    node column `pagerank`, else `mentions`, scaled to 10..50); one is skipped when a node column of the
 *    same name exists (the column wins);
 *  - characters XML 1.0 forbids (C0 controls except tab, newline, carriage return; U+FFFE, U+FFFF) and
 *    invalid UTF-8 are replaced by U+FFFD and counted in *n_replaced (may be NULL).
 * Errors: EG_ERR_IO (a write failed), EG_ERR_NOMEM, EG_ERR_USAGE (a node without an id).
 * Time O(V + E + total text); memory O(V) for the mapped ids and id lengths, plus a fixed-size memo of number
 * texts. */
eg_status eg_export_graphml(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err);
/* One part of it (above). */
eg_status eg_export_graphml_part(const eg_graph *g, FILE *fp, eg_export_part part, size_t *n_replaced,
                                 eg_error *err);

/* Whether code point cp is kept verbatim in a GraphML node id: ASCII letters, digits and . - _ : plus the
 * non-ASCII name characters that XML 1.0 4th edition (libxml2, Xerces) and 5th edition agree on, for the
 * main scripts. Exposed for the tests, which check every such character against the XSD. O(log ranges). */
bool eg_graphml_is_name_char(uint32_t cp);

/* JSON dialects (--json-style). All share the column walk; they differ in the envelope:
 *  networkx   {"directed": false, "multigraph": false, "graph": {meta}, "nodes": [{"id", cells...}],
 *             "edges": [{"source", "target", cells...}]}; networkx.node_link_graph(data, edges="edges")
 *  d3         the same with "links" for "edges" (d3-force's forceLink, networkx's older default)
 *  cytoscape  {"data": {meta}, "directed": false, "multigraph": false, "elements": {"nodes": [{"data":
 *             {"id", cells...}}], "edges": [{"data": {"source", "target", cells...}}]}}; cytoscape({elements})
 *  graphology {"attributes": {meta}, "options": {"type": "undirected", "multi": false, "allowSelfLoops":
 *             false}, "nodes": [{"key", "attributes": {cells...}}], "edges": [{"source", "target",
 *             "attributes": {cells...}}]}; Graph.from(data) or graph.import(data) */
typedef enum eg_json_style {
    EG_JSON_NETWORKX = 0,
    EG_JSON_D3,
    EG_JSON_CYTOSCAPE,
    EG_JSON_GRAPHOLOGY
} eg_json_style;

/* networkx node-link JSON: {"directed": false, "multigraph": false, "graph": {meta...},
 * "nodes": [{"id", columns...}], "edges": [{"source", "target", columns...}]} (jansson), followed by a
 * newline. Same as eg_export_json_style(g, fp, EG_JSON_NETWORKX, NULL, err). */
eg_status eg_export_json(const eg_graph *g, FILE *fp, eg_error *err);

/* JSON in the given style. Ids are the entity ids unchanged; then the columns in table order. Ints are
 * JSON integers, booleans true/false, doubles reals with 15 significant digits (fixed, so outputs are
 * deterministic and short; 15 digits is below a double's precision only in the last one or two bits).
 * Invalid UTF-8 is replaced by U+FFFD and counted in *n_replaced (may be NULL); control characters are
 * legal (escaped) in JSON and kept. The envelope has a member a line and every node and edge a line of its
 * own (export_json.c).
 * Errors: EG_ERR_IO (a write failed), EG_ERR_NOMEM, EG_ERR_USAGE (a node without an id; an unknown style;
 * except for graphology, an edge column named "source" or "target", which would clash with the endpoints;
 * these are found before anything is written). Streamed: time O(V + E + total text), memory O(V) for the
 * encoded node ids plus fixed-size memos of number and short string texts (about 1.3 MB). */
eg_status eg_export_json_style(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced,
                               eg_error *err);
eg_status eg_export_json_part(const eg_graph *g, FILE *fp, eg_json_style style, eg_export_part part,
                              size_t *n_replaced, eg_error *err);

/* GEXF 1.3 for Gephi (export_gexf.c): node ids verbatim, `label` and edge `weight` as GEXF's own
 * attributes, every other column declared in <attributes> with its type (long, double, boolean, string;
 * JSON columns as string); <viz:color> by node type and <viz:size> as in GraphML. When the node table has
 * a string column `first_seen` or `last_seen` (ISO dates or date-times) the graph is mode="dynamic" and every
 * node, and every edge when the edge table has those columns too, gets a spell from first to last
 * sighting, so Gephi's timeline plays the network; otherwise mode="static". Text is escaped for XML
 * attributes; forbidden characters and invalid UTF-8 are replaced by U+FFFD and counted in *n_replaced.
 * Errors: EG_ERR_IO, EG_ERR_USAGE (a node without an id), EG_ERR_NOMEM. Time O(V + E + total text), memory
 * O(1) (a fixed-size memo of number texts, export_core.h). */
eg_status eg_export_gexf(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err);
eg_status eg_export_gexf_part(const eg_graph *g, FILE *fp, eg_export_part part, size_t *n_replaced, eg_error *err);

/* CSV for Gephi's spreadsheet importer (export_csv.c), RFC 4180 (CRLF, quotes where needed, "" inside).
 * Nodes: Id,Label,Type, then the other node columns. Edges: Source,Target,Type (always Undirected),Weight,
 * then the other edge columns. Missing values are empty fields; invalid UTF-8 is replaced and counted.
 * Errors: EG_ERR_IO, EG_ERR_NOMEM; for edges EG_ERR_USAGE when an edge column is named source, target, type
 * or id (any case), which Gephi would confuse with the fixed columns. Time O(rows * columns + text), memory
 * O(1) (a fixed-size memo of number texts). */
eg_status eg_export_csv_nodes(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err);
eg_status eg_export_csv_edges(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err);
eg_status eg_export_csv_edges_part(const eg_graph *g, FILE *fp, eg_export_part part, size_t *n_replaced,
                                   eg_error *err);

/* Graphviz DOT (export_dot.c): `graph "entgraph" { ... }`, ids and string values quoted with " and \
 * escaped and newlines as \n; numbers bare; graph attributes from the meta row; `fillcolor` by node type.
 * Control characters other than tab and invalid UTF-8 are replaced by U+FFFD and counted.
 * Errors: EG_ERR_IO, EG_ERR_USAGE (a node without an id), EG_ERR_NOMEM. Time O(V + E + total text), memory
 * O(1) (a fixed-size memo of number texts). */
eg_status eg_export_dot(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err);
eg_status eg_export_dot_part(const eg_graph *g, FILE *fp, eg_export_part part, size_t *n_replaced, eg_error *err);

#endif
