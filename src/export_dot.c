/*
 * export_dot: Graphviz DOT, an undirected `graph` with one statement per node and per edge.
 *
 *     graph "entgraph" {
 *       graph [generator="entgraph 0.1.0", ...];
 *       node [style="filled"];
 *       "person:doe" [label="Doe, John", type="person", mentions=7, ..., fillcolor="#1f77b4"];
 *       "org:a" -- "person:doe" [weight=3, count=3];
 *     }
 *
 * Invariants: every id, attribute name and string value is a quoted DOT string in which `"` and `\` are
 * escaped and a newline is written as \n (Graphviz's escString), so no value can end a string early or
 * join lines; control characters other than tab and invalid UTF-8 become U+FFFD (counted); numbers are
 * bare; missing values and NaN are omitted. Nodes get `fillcolor` by type unless a node column of that
 * name exists.
 */
#include "export.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "error.h"
#include "export_core.h"

/* The bytes out_quoted cannot copy as they are: " \ newline, control characters other than tab, and every
 * byte of a multi-byte character (checked with utf8proc). */
static bool dot_special(unsigned char c)
{
    return c == '"' || c == '\\' || (c < 0x20 && c != '\t') || c >= 0x80;
}

/* s as a quoted DOT string; runs of bytes that need nothing are copied at once. */
static void out_quotedn(eg_writer *w, const char *s, size_t n)
{
    size_t run = 0;
    EG_W_LIT(w, "\"");
    for (size_t i = 0;;) {
        while (i < n && !dot_special((unsigned char)s[i]))
            i++;
        if (i == n)
            break;
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t k = 1;
        if (c >= 0x80 && (k = eg_utf8_next(s + i, n - i, &cp)) != 0) {
            i += k; /* a valid multi-byte character: part of the run */
            continue;
        }
        eg_w_out(w, s + run, i - run);
        if (c == '"') {
            EG_W_LIT(w, "\\\"");
        } else if (c == '\\') {
            EG_W_LIT(w, "\\\\");
        } else if (c == '\n') {
            EG_W_LIT(w, "\\n");
        } else { /* a control character, or an invalid byte (k == 0) */
            EG_W_LIT(w, EG_REPLACEMENT);
            w->n_replaced++;
        }
        i++;
        run = i;
    }
    eg_w_out(w, s + run, n - run);
    EG_W_LIT(w, "\"");
}

static void out_quoted(eg_writer *w, const char *s)
{
    out_quotedn(w, s, strlen(s));
}

/* Writes `, name=value` (or `name=value` for the first) for every present cell except column skip. */
static bool out_cells(eg_writer *w, const eg_table *t, size_t row, long skip, bool first)
{
    for (size_t i = 0; i < t->n_cols; i++) {
        if ((long)i == skip || !eg_w_cell_writable(t, i, row))
            continue;
        if (!first)
            EG_W_LIT(w, ", ");
        first = false;
        out_quoted(w, t->cols[i].name);
        EG_W_LIT(w, "=");
        eg_w_cell(w, t, i, row, out_quotedn);
    }
    return first;
}

eg_status eg_export_dot(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err)
{
    return eg_export_dot_part(g, fp, EG_EXPORT_WHOLE, n_replaced, err);
}

eg_status eg_export_dot_part(const eg_graph *g, FILE *fp, eg_export_part part, size_t *n_replaced, eg_error *err)
{
    const eg_table *nodes = &g->nodes, *edges = &g->edges;
    size_t e_lo, e_hi;
    char wbuf[EG_WRITER_BUF_SIZE];
    eg_writer w;
    bool colour = eg_table_find(nodes, "fillcolor") < 0;

    eg_writer_init(&w, fp, wbuf, sizeof wbuf);
    w.writeback = !part.scratch;
    if (n_replaced)
        *n_replaced = 0;
    for (size_t v = 0; v < nodes->n_rows; v++)
        if (!eg_graph_node_id(g, v))
            return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "node %zu has no id", v);
    if (eg_writer_add_memo(&w, err))
        return EG_ERR_NOMEM;

    eg_export_part_edges(part, edges->n_rows, &e_lo, &e_hi);
    if (part.index == 0) {
        eg_w_outs(&w, "graph \"entgraph\" {\n");
        if (g->meta.n_rows > 0) {
            eg_w_outs(&w, "  graph [");
            out_cells(&w, &g->meta, 0, -1, true);
            eg_w_outs(&w, "];\n");
        }
        eg_w_outs(&w, "  node [style=\"filled\"];\n");
        for (size_t v = 0; v < nodes->n_rows && !w.error; v++) {
            EG_W_LIT(&w, "  ");
            out_quoted(&w, eg_graph_node_id(g, v));
            EG_W_LIT(&w, " [");
            bool first = out_cells(&w, nodes, v, EG_NODE_ID, true);
            if (colour) {
                eg_rgb c = eg_type_colour(eg_graph_node_type(g, v));
                static const char hex[] = "0123456789abcdef";
                int comp[3] = {c.r, c.g, c.b};
                char rgb[6]; /* "%02x%02x%02x" of components in 0..255 */
                for (int k = 0; k < 3; k++) {
                    rgb[2 * k] = hex[(comp[k] >> 4) & 15];
                    rgb[2 * k + 1] = hex[comp[k] & 15];
                }
                if (!first)
                    EG_W_LIT(&w, ", ");
                EG_W_LIT(&w, "fillcolor=\"#");
                eg_w_out(&w, rgb, sizeof rgb);
                EG_W_LIT(&w, "\"");
            }
            EG_W_LIT(&w, "];\n");
        }
    }
    for (size_t e = e_lo; e < e_hi && !w.error; e++) {
        EG_W_LIT(&w, "  ");
        out_quoted(&w, eg_graph_node_id(g, g->source[e]));
        EG_W_LIT(&w, " -- ");
        out_quoted(&w, eg_graph_node_id(g, g->target[e]));
        EG_W_LIT(&w, " [");
        out_cells(&w, edges, e, -1, true);
        EG_W_LIT(&w, "];\n");
    }
    if (part.index + 1 == part.count)
        eg_w_outs(&w, "}\n");

    eg_status st = eg_w_finish(&w, "DOT", err);
    eg_writer_destroy(&w);
    if (n_replaced)
        *n_replaced = w.n_replaced;
    return st;
}
