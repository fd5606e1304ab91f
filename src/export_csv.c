/*
 * export_csv: the two tables of Gephi's spreadsheet importer (Data Laboratory › Import Spreadsheet).
 *
 * nodes: Id,Label,Type, then every other node column by name (mentions, documents, pagerank, ...).
 * edges: Source,Target,Type,Weight, then every other edge column; Type is always "Undirected".
 * Gephi recognises Id, Label, Source, Target, Type and Weight by these names, in any column order.
 *
 * Invariants: RFC 4180 — CRLF line ends, a field is quoted when it holds a comma, a double quote, CR, LF
 * or leading/trailing space, and a quote inside is doubled; missing values (and NaN, infinities) are empty
 * fields; invalid UTF-8 becomes U+FFFD (counted); other characters, control characters included, are kept.
 */
#include "export.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "export_core.h"

/* One field: quoted when needed, invalid bytes replaced. Runs of bytes other than '"' and those of multi-byte
 * characters are copied at once. */
static void out_fieldn(eg_writer *w, const char *s, size_t n)
{
    bool quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote)
        EG_W_LIT(w, "\"");
    size_t run = 0;
    for (size_t i = 0;;) {
        while (i < n && (unsigned char)s[i] < 0x80 && s[i] != '"')
            i++;
        if (i == n)
            break;
        uint32_t cp;
        size_t k;
        if (s[i] != '"' && (k = eg_utf8_next(s + i, n - i, &cp)) != 0) {
            i += k; /* a valid multi-byte character: part of the run */
            continue;
        }
        eg_w_out(w, s + run, i - run);
        if (s[i] == '"') {
            EG_W_LIT(w, "\"\"");
        } else { /* an invalid byte */
            EG_W_LIT(w, EG_REPLACEMENT);
            w->n_replaced++;
        }
        i++;
        run = i;
    }
    eg_w_out(w, s + run, n - run);
    if (quote)
        EG_W_LIT(w, "\"");
}

static void out_field(eg_writer *w, const char *s)
{
    out_fieldn(w, s, strlen(s));
}

static void out_cell(eg_writer *w, const eg_table *t, size_t col, size_t row)
{
    if (eg_w_cell_writable(t, col, row)) /* a non-finite double is an empty field */
        eg_w_cell(w, t, col, row, out_fieldn);
}

/* An edge column whose name Gephi would take for one of the fixed ones. */
static long reserved_edge_column(const eg_table *edges)
{
    static const char *fixed[] = {"source", "target", "type", "id"};
    for (size_t i = 0; i < edges->n_cols; i++)
        for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
            if (strcasecmp(edges->cols[i].name, fixed[k]) == 0)
                return (long)i;
    return -1;
}

eg_status eg_export_csv_nodes(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err)
{
    const eg_table *t = &g->nodes;
    char wbuf[EG_WRITER_BUF_SIZE];
    eg_writer w;
    eg_writer_init(&w, fp, wbuf, sizeof wbuf);
    if (n_replaced)
        *n_replaced = 0;
    if (eg_writer_add_memo(&w, err))
        return EG_ERR_NOMEM;
    eg_w_outs(&w, "Id,Label,Type");
    for (size_t i = EG_NODE_TYPE + 1; i < t->n_cols; i++) {
        eg_w_outs(&w, ",");
        out_field(&w, t->cols[i].name);
    }
    eg_w_outs(&w, "\r\n");
    for (size_t v = 0; v < t->n_rows && !w.error; v++) {
        for (size_t i = 0; i < t->n_cols; i++) {
            if (i)
                EG_W_LIT(&w, ",");
            out_cell(&w, t, i, v);
        }
        EG_W_LIT(&w, "\r\n");
    }
    eg_status st = eg_w_finish(&w, "CSV", err);
    eg_writer_destroy(&w);
    if (n_replaced)
        *n_replaced = w.n_replaced;
    return st;
}

eg_status eg_export_csv_edges(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err)
{
    return eg_export_csv_edges_part(g, fp, EG_EXPORT_WHOLE, n_replaced, err);
}

eg_status eg_export_csv_edges_part(const eg_graph *g, FILE *fp, eg_export_part part, size_t *n_replaced,
                                   eg_error *err)
{
    const eg_table *t = &g->edges;
    size_t e_lo, e_hi;
    char wbuf[EG_WRITER_BUF_SIZE];
    eg_writer w;
    long clash = reserved_edge_column(t);
    eg_writer_init(&w, fp, wbuf, sizeof wbuf);
    w.writeback = !part.scratch;
    if (n_replaced)
        *n_replaced = 0;
    if (clash >= 0)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "edge attribute \"%s\" clashes with a fixed CSV column", t->cols[clash].name);
    if (eg_writer_add_memo(&w, err))
        return EG_ERR_NOMEM;
    eg_export_part_edges(part, t->n_rows, &e_lo, &e_hi);
    if (part.index == 0) {
        eg_w_outs(&w, "Source,Target,Type,Weight");
        for (size_t i = 0; i < t->n_cols; i++) {
            if (i == EG_EDGE_WEIGHT)
                continue;
            eg_w_outs(&w, ",");
            out_field(&w, t->cols[i].name);
        }
        eg_w_outs(&w, "\r\n");
    }
    for (size_t e = e_lo; e < e_hi && !w.error; e++) {
        out_field(&w, eg_graph_node_id(g, g->source[e]));
        EG_W_LIT(&w, ",");
        out_field(&w, eg_graph_node_id(g, g->target[e]));
        EG_W_LIT(&w, ",Undirected,");
        out_cell(&w, t, EG_EDGE_WEIGHT, e);
        for (size_t i = 0; i < t->n_cols; i++) {
            if (i == EG_EDGE_WEIGHT)
                continue;
            EG_W_LIT(&w, ",");
            out_cell(&w, t, i, e);
        }
        EG_W_LIT(&w, "\r\n");
    }
    eg_status st = eg_w_finish(&w, "CSV", err);
    eg_writer_destroy(&w);
    if (n_replaced)
        *n_replaced = w.n_replaced;
    return st;
}
