/*
 * export_json: node-link JSON, streamed one element at a time.
 *
 * Every value and key is encoded by jansson (json_dump_callback with JSON_ENCODE_ANY): strings (quoting and
 * escaping are jansson's and always right), integers, and reals with JSON_REAL_PRECISION(15), so output is
 * deterministic and 0.1 stays "0.1". A JSON-valued cell (EG_ATTR_JSON) already holds compact JSON made by
 * jansson's json_dumps when the cell was set (table.h), and is copied as it is rather than parsed again.
 * This file writes only the punctuation between them. So memory is that of one value whatever the size
 * of the graph, and the time is that of encoding each value once.
 *
 * Layout: the envelope one member a line, each node and each edge on a line of its own, which keeps the
 * file readable and line tools (grep, head, split) useful on it:
 *   {
 *    "directed": false,
 *    "multigraph": false,
 *    "graph": {"kind": "cooccurrence", ...},
 *    "nodes": [
 *     {"id": "person:x", "label": "X", ...},
 *     ...
 *    ],
 *    "edges": [
 *     {"source": "person:x", "target": "country:KOR", "weight": 3, ...}
 *    ]
 *   }
 * Styles (export.h) differ in the envelope's members and in how an element nests its cells.
 */
#include "export.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "error.h"

/* A JSON string for s (NULL: out of memory). jansson requires valid UTF-8; invalid bytes are replaced
 * by U+FFFD (one per byte) and counted. */
static json_t *string_value(const char *s, size_t *n_replaced)
{
    size_t n = strlen(s), bad = 0;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) { /* ASCII, the common case, without a call */
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        bad += k <= 0;
        i += k <= 0 ? 1 : (size_t)k;
    }
    if (!bad)
        return json_stringn(s, n);

    /* Slow path: copy with replacements (each invalid byte grows to 3). */
    char *fixed = eg_malloc(n + 2 * bad + 1);
    if (!fixed)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            memcpy(fixed + w, "\xEF\xBF\xBD", 3);
            w += 3;
            i++;
        } else {
            memcpy(fixed + w, s + i, (size_t)k);
            w += (size_t)k;
            i += (size_t)k;
        }
    }
    *n_replaced += bad;
    json_t *j = json_stringn(fixed, w);
    free(fixed);
    return j;
}

/* The writer: the stream, the first write error (errno), and whether jansson ran out of memory. */
typedef struct jw {
    FILE *fp;
    int error;
    bool nomem;
    size_t *n_replaced;
} jw;

static void put(jw *w, const char *s, size_t n)
{
    errno = 0;
    if (!w->error && fwrite(s, 1, n, w->fp) != n)
        w->error = errno ? errno : EIO;
}

static void puts_lit(jw *w, const char *s)
{
    put(w, s, strlen(s));
}

static int dump_callback(const char *buffer, size_t size, void *data)
{
    jw *w = data;
    put(w, buffer, size);
    return w->error ? -1 : 0;
}

/* Writes v (stealing the reference; NULL means jansson could not make it) as JSON text. */
static void put_value(jw *w, json_t *v)
{
    if (!v) {
        w->nomem = true;
        return;
    }
    if (!w->error && !w->nomem &&
        json_dump_callback(v, dump_callback, w, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15)) != 0 &&
        !w->error)
        w->nomem = true;
    json_decref(v);
}

/* Writes `"key": ` (after ", " unless first). */
static void put_key(jw *w, const char *key, bool *first)
{
    if (!*first)
        puts_lit(w, ", ");
    *first = false;
    put_value(w, string_value(key, w->n_replaced));
    puts_lit(w, ": ");
}

/* Writes every present cell of row (except column skip) as members of an open object. */
static void put_cells(jw *w, const eg_table *t, size_t row, long skip, bool *first)
{
    for (size_t i = 0; i < t->n_cols && !w->error && !w->nomem; i++) {
        const eg_column *c = &t->cols[i];
        if ((long)i == skip || !eg_table_has(t, i, row))
            continue;
        if (c->type == EG_ATTR_DOUBLE && !isfinite(c->v.d[row]))
            continue; /* the exporters' common rule: no NaN or infinity */
        put_key(w, c->name, first);
        switch (c->type) {
        case EG_ATTR_STRING: put_value(w, string_value(c->v.s[row], w->n_replaced)); break;
        case EG_ATTR_JSON: puts_lit(w, c->v.s[row]); break;
        case EG_ATTR_INT: put_value(w, json_integer((json_int_t)c->v.i[row])); break;
        case EG_ATTR_BOOL: puts_lit(w, c->v.b[row] ? "true" : "false"); break;
        case EG_ATTR_DOUBLE: put_value(w, json_real(c->v.d[row])); break;
        }
    }
}

/* Writes {cells of row} of t on its own. */
static void put_object(jw *w, const eg_table *t, size_t row, long skip)
{
    bool first = true;
    puts_lit(w, "{");
    if (row < t->n_rows)
        put_cells(w, t, row, skip, &first);
    puts_lit(w, "}");
}

/* Names and nesting of one style (see export.h). */
typedef struct style_spec {
    const char *meta_key;  /* where the graph attributes go */
    const char *edges_key; /* "edges" or "links" */
    const char *id_key;    /* the node's id member */
} style_spec;

static const style_spec styles[] = {
    [EG_JSON_NETWORKX] = {"graph", "edges", "id"},
    [EG_JSON_D3] = {"graph", "links", "id"},
    [EG_JSON_CYTOSCAPE] = {"data", "edges", "id"},
    [EG_JSON_GRAPHOLOGY] = {"attributes", "edges", "key"},
};

/* One element (node or edge) of the given style: a flat object of the id or endpoints and the cells, or
 * for cytoscape {"data": {...}}, for graphology {"key"/"source"/"target", "attributes": {...}}. */
static void put_element(jw *w, eg_json_style style, const eg_graph *g, bool node, size_t row)
{
    const style_spec *sp = &styles[style];
    bool first = true;
    puts_lit(w, style == EG_JSON_CYTOSCAPE ? "{\"data\": {" : "{");
    if (node) {
        put_key(w, sp->id_key, &first);
        put_value(w, string_value(eg_graph_node_id(g, row), w->n_replaced));
    } else {
        put_key(w, "source", &first);
        put_value(w, string_value(eg_graph_node_id(g, g->source[row]), w->n_replaced));
        put_key(w, "target", &first);
        put_value(w, string_value(eg_graph_node_id(g, g->target[row]), w->n_replaced));
    }
    const eg_table *t = node ? &g->nodes : &g->edges;
    long skip = node ? EG_NODE_ID : -1;
    if (style == EG_JSON_GRAPHOLOGY) {
        put_key(w, "attributes", &first);
        put_object(w, t, row, skip);
    } else {
        put_cells(w, t, row, skip, &first);
    }
    puts_lit(w, style == EG_JSON_CYTOSCAPE ? "}}" : "}");
}

/* `"key": [` then the elements one a line, then `]`, at the given indent. */
static void put_elements(jw *w, eg_json_style style, const eg_graph *g, bool node, const char *key,
                         const char *indent)
{
    size_t n = node ? g->nodes.n_rows : g->edges.n_rows;
    puts_lit(w, indent);
    bool first = true;
    put_key(w, key, &first);
    puts_lit(w, n ? "[\n" : "[]");
    for (size_t i = 0; i < n && !w->error && !w->nomem; i++) {
        puts_lit(w, indent);
        puts_lit(w, " ");
        put_element(w, style, g, node, i);
        puts_lit(w, i + 1 < n ? ",\n" : "\n");
    }
    if (n) {
        puts_lit(w, indent);
        puts_lit(w, "]");
    }
}

/* A line ` "key": ` of the envelope. */
static void put_member(jw *w, const char *key)
{
    bool first = true;
    puts_lit(w, " ");
    put_key(w, key, &first);
}

static void put_document(jw *w, const eg_graph *g, eg_json_style style)
{
    const style_spec *sp = &styles[style];
    puts_lit(w, "{\n");
    if (style == EG_JSON_GRAPHOLOGY) {
        put_member(w, sp->meta_key);
        put_object(w, &g->meta, 0, -1);
        puts_lit(w, ",\n");
        put_member(w, "options");
        puts_lit(w, "{\"type\": \"undirected\", \"multi\": false, \"allowSelfLoops\": false},\n");
    } else {
        put_member(w, "directed");
        puts_lit(w, "false,\n");
        put_member(w, "multigraph");
        puts_lit(w, "false,\n");
        put_member(w, sp->meta_key);
        put_object(w, &g->meta, 0, -1);
        puts_lit(w, ",\n");
    }
    if (style == EG_JSON_CYTOSCAPE) {
        put_member(w, "elements");
        puts_lit(w, "{\n");
        put_elements(w, style, g, true, "nodes", "  ");
        puts_lit(w, ",\n");
        put_elements(w, style, g, false, sp->edges_key, "  ");
        puts_lit(w, "\n }\n}\n");
    } else {
        put_elements(w, style, g, true, "nodes", " ");
        puts_lit(w, ",\n");
        put_elements(w, style, g, false, sp->edges_key, " ");
        puts_lit(w, "\n}\n");
    }
}

eg_status eg_export_json_style(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced,
                               eg_error *err)
{
    size_t replaced = 0;

    if (n_replaced)
        *n_replaced = 0;
    if ((unsigned)style >= sizeof styles / sizeof styles[0])
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "unknown JSON style %d",
                            (int)style);
    if (style != EG_JSON_GRAPHOLOGY &&
        (eg_table_find(&g->edges, "source") >= 0 || eg_table_find(&g->edges, "target") >= 0))
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "edge attribute \"source\" or \"target\" clashes with the node-link endpoints");
    for (size_t v = 0; v < g->nodes.n_rows; v++)
        if (!eg_graph_node_id(g, v))
            return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "node %zu has no id", v);

    jw w = {fp, 0, false, &replaced};
    put_document(&w, g, style);
    errno = 0;
    if (!w.error && fflush(fp) != 0)
        w.error = errno ? errno : EIO;
    if (!w.error && ferror(fp))
        w.error = EIO;
    if (w.error) {
        char ebuf[128];
        if (strerror_r(w.error, ebuf, sizeof ebuf) != 0)
            snprintf(ebuf, sizeof ebuf, "error %d", w.error);
        return eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing JSON: %s", ebuf);
    }
    if (w.nomem)
        return eg_error_nomem(err);
    if (n_replaced)
        *n_replaced = replaced;
    return EG_OK;
}

eg_status eg_export_json(const eg_graph *g, FILE *fp, eg_error *err)
{
    return eg_export_json_style(g, fp, EG_JSON_NETWORKX, NULL, err);
}
