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

static void out_quoted(eg_writer *w, const char *s)
{
    size_t n = strlen(s), run = 0;
    eg_w_outs(w, "\"");
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t k = 1;
        const char *rep = NULL;
        if (c == '"')
            rep = "\\\"";
        else if (c == '\\')
            rep = "\\\\";
        else if (c == '\n')
            rep = "\\n";
        else if (c < 0x20 && c != '\t') {
            rep = EG_REPLACEMENT;
            w->n_replaced++;
        } else if (c >= 0x80 && !(k = eg_utf8_next(s + i, n - i, &cp))) {
            rep = EG_REPLACEMENT;
            w->n_replaced++;
            k = 1;
        }
        if (rep) {
            eg_w_out(w, s + run, i - run);
            eg_w_outs(w, rep);
            run = i + k;
        }
        i += k;
    }
    eg_w_out(w, s + run, n - run);
    eg_w_outs(w, "\"");
}

/* Writes `, name=value` (or `name=value` for the first) for every present cell except column skip. */
static bool out_cells(eg_writer *w, const eg_table *t, size_t row, long skip, bool first)
{
    char num[40];
    for (size_t i = 0; i < t->n_cols; i++) {
        const eg_column *c = &t->cols[i];
        if ((long)i == skip || !eg_table_has(t, i, row) || (c->type == EG_ATTR_DOUBLE && !isfinite(c->v.d[row])))
            continue;
        if (!first)
            eg_w_outs(w, ", ");
        first = false;
        out_quoted(w, c->name);
        eg_w_outs(w, "=");
        switch (c->type) {
        case EG_ATTR_STRING:
        case EG_ATTR_JSON: out_quoted(w, c->v.s[row]); break;
        case EG_ATTR_INT: eg_w_outf(w, "%" PRId64, c->v.i[row]); break;
        case EG_ATTR_BOOL: eg_w_outs(w, c->v.b[row] ? "true" : "false"); break;
        case EG_ATTR_DOUBLE:
            eg_format_double(num, sizeof num, c->v.d[row]);
            eg_w_outs(w, num);
            break;
        }
    }
    return first;
}

eg_status eg_export_dot(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err)
{
    const eg_table *nodes = &g->nodes, *edges = &g->edges;
    eg_writer w = {fp, 0, 0};
    bool colour = eg_table_find(nodes, "fillcolor") < 0;

    if (n_replaced)
        *n_replaced = 0;
    for (size_t v = 0; v < nodes->n_rows; v++)
        if (!eg_graph_node_id(g, v))
            return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "node %zu has no id", v);

    eg_w_outs(&w, "graph \"entgraph\" {\n");
    if (g->meta.n_rows > 0) {
        eg_w_outs(&w, "  graph [");
        out_cells(&w, &g->meta, 0, -1, true);
        eg_w_outs(&w, "];\n");
    }
    eg_w_outs(&w, "  node [style=\"filled\"];\n");
    for (size_t v = 0; v < nodes->n_rows && !w.error; v++) {
        eg_w_outs(&w, "  ");
        out_quoted(&w, eg_graph_node_id(g, v));
        eg_w_outs(&w, " [");
        bool first = out_cells(&w, nodes, v, EG_NODE_ID, true);
        if (colour) {
            eg_rgb c = eg_type_colour(eg_graph_node_type(g, v));
            eg_w_outf(&w, "%sfillcolor=\"#%02x%02x%02x\"", first ? "" : ", ", c.r, c.g, c.b);
        }
        eg_w_outs(&w, "];\n");
    }
    for (size_t e = 0; e < edges->n_rows && !w.error; e++) {
        eg_w_outs(&w, "  ");
        out_quoted(&w, eg_graph_node_id(g, g->source[e]));
        eg_w_outs(&w, " -- ");
        out_quoted(&w, eg_graph_node_id(g, g->target[e]));
        eg_w_outs(&w, " [");
        out_cells(&w, edges, e, -1, true);
        eg_w_outs(&w, "];\n");
    }
    eg_w_outs(&w, "}\n");

    eg_status st = eg_w_finish(&w, "DOT", err);
    if (n_replaced)
        *n_replaced = w.n_replaced;
    return st;
}
