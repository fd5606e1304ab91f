/*
 * export_gexf: GEXF 1.3, Gephi's own format, written by hand over the generic columns.
 *
 * Invariants of the output:
 *   - valid against the GEXF 1.3 XSD once the viz: elements are set aside (the 1.3 viz.xsd has no target
 *     namespace, so no XSD can accept them; Gephi reads them) and against the RELAX NG grammar as written
 *     (which is why there is no xsi:schemaLocation: the grammar does not allow it);
 *   - node ids are the entity ids verbatim (GEXF ids are plain strings); the `label` column is the node's
 *     label attribute and the edge `weight` column the edge's weight attribute; every other column is an
 *     <attribute> declared with its type (string, long, double, boolean; JSON columns as string) and
 *     written as an <attvalue> where the row has a value (NaN and infinities omitted);
 *   - every node has <viz:color> by type and <viz:size> by centrality (export_core);
 *   - dynamic mode only when the node table has a `first_seen` or `last_seen` string column: the graph is
 *     mode="dynamic" with timeformat "date" (every value is YYYY-MM-DD) or "dateTime", and each node (and
 *     each edge, when the edge table has such columns) gets one spell from first to last sighting;
 *   - attribute values are escaped for attributes (tabs and newlines as character references), forbidden
 *     characters and invalid UTF-8 replaced by U+FFFD and counted; output is deterministic.
 */
#include "export.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "error.h"
#include "export_core.h"

/* Which columns of a table are written as <attvalue>s. */
static bool is_attvalue_column(const eg_table *t, size_t i, bool nodes)
{
    if (nodes)
        return i != EG_NODE_ID && i != EG_NODE_LABEL;
    return i != EG_EDGE_WEIGHT;
}

static const char *gexf_type(eg_attr_type type)
{
    switch (type) {
    case EG_ATTR_STRING:
    case EG_ATTR_JSON: return "string";
    case EG_ATTR_INT: return "long";
    case EG_ATTR_DOUBLE: return "double";
    case EG_ATTR_BOOL: return "boolean";
    }
    return "string";
}

static void out_attributes(eg_writer *w, const eg_table *t, bool nodes)
{
    eg_w_outf(w, "    <attributes class=\"%s\" mode=\"static\">\n", nodes ? "node" : "edge");
    for (size_t i = 0; i < t->n_cols; i++) {
        if (!is_attvalue_column(t, i, nodes))
            continue;
        eg_w_outs(w, "      <attribute id=\"");
        eg_w_xml_text(w, t->cols[i].name, true);
        eg_w_outs(w, "\" title=\"");
        eg_w_xml_text(w, t->cols[i].name, true);
        eg_w_outf(w, "\" type=\"%s\"/>\n", gexf_type(t->cols[i].type));
    }
    eg_w_outs(w, "    </attributes>\n");
}

/* value="..." text of one cell; false when the cell is missing or not finite. */
static bool out_value(eg_writer *w, const eg_table *t, size_t col, size_t row, bool dry)
{
    if (!eg_w_cell_writable(t, col, row))
        return false;
    if (!dry)
        eg_w_xml_cell(w, t, col, row, true);
    return true;
}

static void out_attvalues(eg_writer *w, const eg_table *t, size_t row, bool nodes, const char *indent)
{
    bool any = false;
    for (size_t i = 0; i < t->n_cols && !any; i++)
        any = is_attvalue_column(t, i, nodes) && out_value(w, t, i, row, true);
    if (!any)
        return;
    size_t indent_len = strlen(indent);
    eg_w_out(w, indent, indent_len);
    EG_W_LIT(w, "<attvalues>\n");
    for (size_t i = 0; i < t->n_cols; i++) {
        if (!is_attvalue_column(t, i, nodes) || !out_value(w, t, i, row, true))
            continue;
        eg_w_out(w, indent, indent_len);
        EG_W_LIT(w, "  <attvalue for=\"");
        eg_w_xml_text(w, t->cols[i].name, true);
        EG_W_LIT(w, "\" value=\"");
        out_value(w, t, i, row, false);
        EG_W_LIT(w, "\"/>\n");
    }
    eg_w_out(w, indent, indent_len);
    EG_W_LIT(w, "</attvalues>\n");
}

/* The first_seen / last_seen string columns of a table (-1 where absent). */
typedef struct time_cols {
    long first, last;
} time_cols;

static long string_column(const eg_table *t, const char *name)
{
    long c = eg_table_find(t, name);
    return c >= 0 && t->cols[c].type == EG_ATTR_STRING ? c : -1;
}

static time_cols find_time_cols(const eg_table *t)
{
    return (time_cols){string_column(t, "first_seen"), string_column(t, "last_seen")};
}

/* The text of time column col at row in *s (NULL when absent or missing) and its length; false when a
 * deferred cell cannot be made (w fails with ENOMEM). */
static bool time_text(eg_writer *w, const eg_table *t, long col, size_t row, const char **s, size_t *n)
{
    *s = NULL;
    *n = 0;
    if (col < 0 || !eg_table_has(t, (size_t)col, row))
        return true;
    if (eg_table_cell_text(t, (size_t)col, row, &w->cells, s, n, NULL) == EG_OK)
        return true;
    *s = NULL;
    eg_w_fail(w, ENOMEM);
    return false;
}

/* "date" when every present value of the time columns is a plain date (10 characters), else "dateTime". */
static bool all_dates(eg_writer *w, const eg_table *t, time_cols tc)
{
    long cols[2] = {tc.first, tc.last};
    for (int k = 0; k < 2; k++)
        for (size_t r = 0; cols[k] >= 0 && r < t->n_rows; r++) {
            const char *s;
            size_t n;
            if (!time_text(w, t, cols[k], r, &s, &n))
                return true;
            if (s && n != 10)
                return false;
        }
    return true;
}

static void out_spell(eg_writer *w, const eg_table *t, time_cols tc, size_t row, const char *indent)
{
    /* Each column has its own scratch in the reader: a stays valid while b is made. */
    const char *a, *b;
    size_t na, nb;
    if (!time_text(w, t, tc.first, row, &a, &na) || !time_text(w, t, tc.last, row, &b, &nb) || (!a && !b))
        return;
    size_t indent_len = strlen(indent);
    eg_w_out(w, indent, indent_len);
    EG_W_LIT(w, "<spells>\n");
    eg_w_out(w, indent, indent_len);
    EG_W_LIT(w, "  <spell");
    if (a) {
        EG_W_LIT(w, " start=\"");
        eg_w_xml_textn(w, a, na, true);
        EG_W_LIT(w, "\"");
    }
    if (b) {
        EG_W_LIT(w, " end=\"");
        eg_w_xml_textn(w, b, nb, true);
        EG_W_LIT(w, "\"");
    }
    EG_W_LIT(w, "/>\n");
    eg_w_out(w, indent, indent_len);
    EG_W_LIT(w, "</spells>\n");
}

/* The graph's meta row as creator ("generator") and description ("name: value; ..."). */
static void out_meta(eg_writer *w, const eg_table *meta)
{
    long gen = string_column(meta, "generator");
    eg_w_outs(w, "  <meta>\n    <creator>");
    eg_w_xml_text(w, gen >= 0 && meta->n_rows && meta->cols[gen].v.s[0] ? meta->cols[gen].v.s[0] : "entgraph",
                  false);
    eg_w_outs(w, "</creator>\n");
    bool first = true;
    for (size_t i = 0; meta->n_rows > 0 && i < meta->n_cols; i++) {
        if ((long)i == gen || !out_value(w, meta, i, 0, true))
            continue;
        eg_w_outs(w, first ? "    <description>" : "; ");
        eg_w_xml_text(w, meta->cols[i].name, false);
        eg_w_outs(w, ": ");
        out_value(w, meta, i, 0, false);
        first = false;
    }
    if (!first)
        eg_w_outs(w, "</description>\n");
    eg_w_outs(w, "  </meta>\n");
}

eg_status eg_export_gexf(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err)
{
    return eg_export_gexf_part(g, fp, EG_EXPORT_WHOLE, n_replaced, err);
}

eg_status eg_export_gexf_part(const eg_graph *g, FILE *fp, eg_export_part part, size_t *n_replaced, eg_error *err)
{
    const eg_table *nodes = &g->nodes, *edges = &g->edges;
    size_t e_lo, e_hi;
    char wbuf[EG_WRITER_BUF_SIZE];
    eg_writer w;
    time_cols ntc = find_time_cols(nodes), etc = find_time_cols(edges);
    bool dynamic = ntc.first >= 0 || ntc.last >= 0;

    eg_writer_init(&w, fp, wbuf, sizeof wbuf);
    w.writeback = !part.scratch;
    if (n_replaced)
        *n_replaced = 0;
    for (size_t v = 0; v < nodes->n_rows; v++)
        if (!eg_graph_node_id(g, v))
            return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "node %zu has no id", v);
    if (eg_writer_add_memo(&w, err))
        return EG_ERR_NOMEM;
    if (!dynamic)
        etc = (time_cols){-1, -1};
    eg_size_scale scale = eg_size_scale_make(nodes);
    eg_export_part_edges(part, edges->n_rows, &e_lo, &e_hi);

    if (part.index == 0) {
        eg_w_outs(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n");
        out_meta(&w, &g->meta);
        if (dynamic)
            eg_w_outf(&w, "  <graph defaultedgetype=\"undirected\" mode=\"dynamic\" timeformat=\"%s\">\n",
                      all_dates(&w, nodes, ntc) && all_dates(&w, edges, etc) ? "date" : "dateTime");
        else
            eg_w_outs(&w, "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n");
        out_attributes(&w, nodes, true);
        out_attributes(&w, edges, false);

        eg_w_outf(&w, "    <nodes count=\"%zu\">\n", nodes->n_rows);
        for (size_t v = 0; v < nodes->n_rows && !w.error; v++) {
            const char *label = eg_graph_node_label(g, v);
            EG_W_LIT(&w, "      <node id=\"");
            eg_w_xml_text(&w, eg_graph_node_id(g, v), true);
            if (label) {
                EG_W_LIT(&w, "\" label=\"");
                eg_w_xml_text(&w, label, true);
            }
            EG_W_LIT(&w, "\">\n");
            out_attvalues(&w, nodes, v, true, "        ");
            if (dynamic)
                out_spell(&w, nodes, ntc, v, "        ");
            eg_rgb c = eg_type_colour(eg_graph_node_type(g, v));
            EG_W_LIT(&w, "        <viz:color r=\"");
            eg_w_int(&w, c.r);
            EG_W_LIT(&w, "\" g=\"");
            eg_w_int(&w, c.g);
            EG_W_LIT(&w, "\" b=\"");
            eg_w_int(&w, c.b);
            EG_W_LIT(&w, "\"/>\n        <viz:size value=\"");
            eg_w_double(&w, eg_node_size(&scale, nodes, v));
            EG_W_LIT(&w, "\"/>\n      </node>\n");
        }
        eg_w_outs(&w, "    </nodes>\n");
        eg_w_outf(&w, "    <edges count=\"%zu\">\n", edges->n_rows);
    }

    for (size_t e = e_lo; e < e_hi && !w.error; e++) {
        EG_W_LIT(&w, "      <edge id=\"");
        eg_w_int(&w, (int64_t)e);
        EG_W_LIT(&w, "\" source=\"");
        eg_w_xml_text(&w, eg_graph_node_id(g, g->source[e]), true);
        EG_W_LIT(&w, "\" target=\"");
        eg_w_xml_text(&w, eg_graph_node_id(g, g->target[e]), true);
        if (out_value(&w, edges, EG_EDGE_WEIGHT, e, true)) {
            EG_W_LIT(&w, "\" weight=\"");
            out_value(&w, edges, EG_EDGE_WEIGHT, e, false);
        }
        EG_W_LIT(&w, "\">\n");
        out_attvalues(&w, edges, e, false, "        ");
        if (dynamic)
            out_spell(&w, edges, etc, e, "        ");
        EG_W_LIT(&w, "      </edge>\n");
    }
    if (part.index + 1 == part.count)
        eg_w_outs(&w, "    </edges>\n  </graph>\n</gexf>\n");

    eg_status st = eg_w_finish(&w, "GEXF", err);
    eg_writer_destroy(&w);
    if (n_replaced)
        *n_replaced = w.n_replaced;
    return st;
}
