/*
 * export_json: node-link JSON through jansson (no JSON is written by hand, so quoting and escaping are
 * jansson's and always right).
 *
 * The document is built as a json_t tree and dumped once with JSON_INDENT(1) | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(15): keys keep insertion order (id/source/target first, then the columns in table
 * order), reals get 15 significant digits so output is deterministic and 0.1 stays "0.1". jansson's
 * json_real() refuses NaN and infinities, and the exporters' common rule omits them anyway.
 *
 * Styles: the column walk (add_cells) is shared; a style (style_spec) decides the envelope, the names of
 * the id and endpoint members and whether the attributes are nested (export.h).
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

/* Parses a JSON-valued cell. Text that does not parse is NULL (the caller keeps it as a string). jansson's
 * parser can report a failed allocation as a syntax error, or lose a character and still succeed, so a value
 * is used only when two parses agree; a third parse settles a disagreement. */
static json_t *load_json_value(const char *text)
{
    json_t *a = json_loads(text, JSON_DECODE_ANY, NULL);
    json_t *b = json_loads(text, JSON_DECODE_ANY, NULL);
    if (a && b && json_equal(a, b)) {
        json_decref(b);
        return a;
    }
    json_t *c = json_loads(text, JSON_DECODE_ANY, NULL);
    json_t *keep = NULL;
    if (c && ((a && json_equal(a, c)) || (b && json_equal(b, c))))
        keep = json_incref(c);
    json_decref(a);
    json_decref(b);
    json_decref(c);
    return keep;
}

/* Adds every present cell of row (except column skip) to obj under its column name. */
static eg_status add_cells(json_t *obj, const eg_table *t, size_t row, long skip, size_t *n_replaced)
{
    for (size_t i = 0; i < t->n_cols; i++) {
        const eg_column *c = &t->cols[i];
        json_t *v = NULL;
        if ((long)i == skip || !eg_table_has(t, i, row))
            continue;
        switch (c->type) {
        case EG_ATTR_STRING: v = string_value(c->v.s[row], n_replaced); break;
        case EG_ATTR_JSON:
            v = load_json_value(c->v.s[row]);
            if (!v)
                v = string_value(c->v.s[row], n_replaced);
            break;
        case EG_ATTR_INT: v = json_integer((json_int_t)c->v.i[row]); break;
        case EG_ATTR_BOOL: v = json_boolean(c->v.b[row]); break;
        case EG_ATTR_DOUBLE:
            if (!isfinite(c->v.d[row]))
                continue;
            v = json_real(c->v.d[row]);
            break;
        }
        /* json_object_set_new takes v even when it fails (and frees it). */
        if (!v || json_object_set_new(obj, c->name, v) != 0)
            return EG_ERR_NOMEM;
    }
    return EG_OK;
}

/* Sets obj[key] to a string value; EG_ERR_NOMEM on failure. */
static eg_status set_string(json_t *obj, const char *key, const char *s, size_t *n_replaced)
{
    json_t *v = string_value(s, n_replaced);
    return v && json_object_set_new(obj, key, v) == 0 ? EG_OK : EG_ERR_NOMEM;
}

/* Names and nesting of one style (see export.h). */
typedef struct style_spec {
    const char *meta_key;  /* where the graph attributes go */
    const char *edges_key; /* "edges" or "links" */
    const char *id_key;    /* the node's id member */
    bool wrap;             /* attributes nested: {"data": {...}} (cytoscape) or {"attributes": {...}} */
} style_spec;

static const style_spec styles[] = {
    [EG_JSON_NETWORKX] = {"graph", "edges", "id", false},
    [EG_JSON_D3] = {"graph", "links", "id", false},
    [EG_JSON_CYTOSCAPE] = {"data", "edges", "id", true},
    [EG_JSON_GRAPHOLOGY] = {"attributes", "edges", "key", true},
};

/* Adds a new empty container under key (borrowed reference in *out; NULL: out of memory). */
static json_t *add_container(json_t *parent, const char *key, bool array)
{
    json_t *c = array ? json_array() : json_object();
    if (!c || json_object_set_new(parent, key, c) != 0)
        return NULL;
    return c;
}

/* One element (node or edge) of the given style, appended to arr: a flat object of the id or endpoints
 * and the cells, or for cytoscape {"data": {...}}, for graphology {"key"/"source"/"target", "attributes"}. */
static eg_status add_element(json_t *arr, eg_json_style style, const eg_graph *g, bool node, size_t row,
                             size_t *n_replaced)
{
    const style_spec *sp = &styles[style];
    json_t *o = json_object(), *cells;
    if (!o || json_array_append_new(arr, o))
        return EG_ERR_NOMEM;
    json_t *head = o;
    if (style == EG_JSON_CYTOSCAPE && !(head = add_container(o, "data", false)))
        return EG_ERR_NOMEM;
    if (node) {
        if (set_string(head, sp->id_key, eg_graph_node_id(g, row), n_replaced))
            return EG_ERR_NOMEM;
    } else if (set_string(head, "source", eg_graph_node_id(g, g->source[row]), n_replaced) ||
               set_string(head, "target", eg_graph_node_id(g, g->target[row]), n_replaced)) {
        return EG_ERR_NOMEM;
    }
    cells = head;
    if (style == EG_JSON_GRAPHOLOGY && !(cells = add_container(o, "attributes", false)))
        return EG_ERR_NOMEM;
    return node ? add_cells(cells, &g->nodes, row, EG_NODE_ID, n_replaced)
                : add_cells(cells, &g->edges, row, -1, n_replaced);
}

/* The whole document of a style (see export.h). *out is NULL on error. */
static eg_status build_document(const eg_graph *g, eg_json_style style, json_t **out, size_t *n_replaced,
                                eg_error *err)
{
    const style_spec *sp = &styles[style];
    const eg_table *nodes = &g->nodes, *edges = &g->edges;
    json_t *root = json_object(), *jmeta, *jnodes, *jedges, *parent;
    eg_status st = EG_OK;

    *out = NULL;
    if (style != EG_JSON_GRAPHOLOGY && (eg_table_find(edges, "source") >= 0 || eg_table_find(edges, "target") >= 0)) {
        st = eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                          "edge attribute \"source\" or \"target\" clashes with the node-link endpoints");
        goto fail;
    }
    for (size_t v = 0; v < nodes->n_rows; v++)
        if (!eg_graph_node_id(g, v)) {
            st = eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "node %zu has no id", v);
            goto fail;
        }
    if (!root)
        goto nomem;
    /* Containers are linked as soon as they are made: freeing root frees them all. */
    if (style == EG_JSON_GRAPHOLOGY) {
        json_t *opts;
        if (!(jmeta = add_container(root, sp->meta_key, false)) || !(opts = add_container(root, "options", false)) ||
            json_object_set_new(opts, "type", json_string("undirected")) ||
            json_object_set_new(opts, "multi", json_false()) ||
            json_object_set_new(opts, "allowSelfLoops", json_false()))
            goto nomem;
    } else if (json_object_set_new(root, "directed", json_false()) ||
               json_object_set_new(root, "multigraph", json_false()) ||
               !(jmeta = add_container(root, sp->meta_key, false))) {
        goto nomem;
    }
    parent = root;
    if (style == EG_JSON_CYTOSCAPE && !(parent = add_container(root, "elements", false)))
        goto nomem;
    if (!(jnodes = add_container(parent, "nodes", true)) || !(jedges = add_container(parent, sp->edges_key, true)))
        goto nomem;

    if (g->meta.n_rows > 0 && add_cells(jmeta, &g->meta, 0, -1, n_replaced))
        goto nomem;
    for (size_t v = 0; v < nodes->n_rows; v++)
        if (add_element(jnodes, style, g, true, v, n_replaced))
            goto nomem;
    for (size_t e = 0; e < edges->n_rows; e++)
        if (add_element(jedges, style, g, false, e, n_replaced))
            goto nomem;
    *out = root;
    return EG_OK;

nomem:
    st = eg_error_nomem(err);
fail:
    json_decref(root);
    return st;
}

/* json_dumpf's callback target: writes to the FILE and keeps the errno of the first failure, which
 * json_dumpf itself does not report. */
typedef struct dump_ctx {
    FILE *fp;
    int error;
} dump_ctx;

static int dump_callback(const char *buffer, size_t size, void *data)
{
    dump_ctx *c = data;
    errno = 0;
    if (fwrite(buffer, 1, size, c->fp) != size) {
        c->error = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

eg_status eg_export_json_style(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced,
                               eg_error *err)
{
    size_t replaced = 0;
    json_t *root = NULL;
    eg_status st;

    if (n_replaced)
        *n_replaced = 0;
    if ((unsigned)style >= sizeof styles / sizeof styles[0])
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "unknown JSON style %d",
                            (int)style);
    st = build_document(g, style, &root, &replaced, err);
    if (st)
        return st;

    dump_ctx ctx = {fp, 0};
    size_t flags = JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
    int rc = json_dump_callback(root, dump_callback, &ctx, flags);
    json_decref(root);
    if (rc == 0 && dump_callback("\n", 1, &ctx) == 0 && fflush(fp) != 0)
        ctx.error = errno ? errno : EIO;
    if (!ctx.error && ferror(fp))
        ctx.error = EIO;
    if (ctx.error) {
        char ebuf[128];
        if (strerror_r(ctx.error, ebuf, sizeof ebuf) != 0)
            snprintf(ebuf, sizeof ebuf, "error %d", ctx.error);
        return eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing JSON: %s", ebuf);
    }
    if (rc != 0) /* not a write error: jansson ran out of memory */
        return eg_error_nomem(err);
    if (n_replaced)
        *n_replaced = replaced;
    return EG_OK;
}

eg_status eg_export_json(const eg_graph *g, FILE *fp, eg_error *err)
{
    return eg_export_json_style(g, fp, EG_JSON_NETWORKX, NULL, err);
}
