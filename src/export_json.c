/*
 * export_json: node-link JSON, streamed one element at a time.
 *
 * Every value and key is encoded by jansson (json_dump_callback with JSON_ENCODE_ANY): strings (quoting and
 * escaping are jansson's and always right), integers, and reals with JSON_REAL_PRECISION(15), so output is
 * deterministic and 0.1 stays "0.1". A JSON-valued cell (EG_ATTR_JSON) already holds compact JSON made by
 * jansson's json_dumps when the cell was set (table.h), and is copied as it is rather than parsed again.
 * This file writes only the punctuation between them. What repeats is encoded once and its text kept:
 * the column names (members of every element) and the node ids (written again as every edge's endpoints);
 * the texts of numbers and short strings are kept in fixed-size memos (the same count, ratio, type, date or
 * relation recurs on many rows); values go through one jansson string, integer and real, set anew for each.
 * So memory is that of the node ids and the memos whatever the number of edges, and the time is mostly
 * that of encoding each distinct value once. Output goes through export_core's buffered writer.
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

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "error.h"
#include "export_core.h"

/* The number of invalid UTF-8 sequences in s[0..n) (one per byte), as jansson would reject them. */
static size_t count_invalid(const char *s, size_t n)
{
    size_t bad = 0;
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
    return bad;
}

/* Sets the string j to s (false: out of memory). jansson requires valid UTF-8; invalid bytes are replaced
 * by U+FFFD (one per byte) and counted in *n_replaced. */
static bool set_string(json_t *j, const char *s, size_t n, size_t *n_replaced)
{
    size_t bad = count_invalid(s, n);
    if (!bad)
        return json_string_setn(j, s, n) == 0;

    /* Slow path: copy with replacements (each invalid byte grows to 3). */
    char *fixed = eg_malloc(n + 2 * bad + 1);
    if (!fixed)
        return false;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            memcpy(fixed + w, EG_REPLACEMENT, 3);
            w += 3;
            i++;
        } else {
            memcpy(fixed + w, s + i, (size_t)k);
            w += (size_t)k;
            i += (size_t)k;
        }
    }
    *n_replaced += bad;
    bool ok = json_string_setn(j, fixed, w) == 0;
    free(fixed);
    return ok;
}

#define DUMP_FLAGS (JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15))

/* jansson's texts of short strings met recently, by content, in a direct-mapped table: the same type, date
 * or relation recurs on many rows. Strings with invalid UTF-8 are not kept (their replacements count anew). */
#define STR_MEMO_BITS 12
#define STR_MEMO_MAX 22 /* the longest string kept */
typedef struct str_slot {
    unsigned char n, enc_n; /* the string's length (0: empty slot) and its text's */
    char s[STR_MEMO_MAX];
    char enc[40];
} str_slot;

/* FNV-1a of s[0..n), its top bits a slot. */
static size_t str_slot_index(const char *s, size_t n)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
    return (size_t)(h >> (64 - STR_MEMO_BITS));
}

/* The writer: the buffered stream (its n_replaced counts replacements), whether jansson ran out of memory,
 * the string, integer and real that every value passes through (so no value needs a json_t of its own),
 * and jansson's texts of the integers, reals and short strings met so far. */
typedef struct jw {
    eg_writer out;
    bool nomem;
    json_t *str, *num_i, *num_r;
    eg_num_memo *ints, *reals;
    str_slot *strs; /* 1 << STR_MEMO_BITS slots */
} jw;

static int dump_callback(const char *buffer, size_t size, void *data)
{
    jw *w = data;
    eg_w_out(&w->out, buffer, size);
    return w->out.error ? -1 : 0;
}

/* Writes v as JSON text (jansson's). */
static void put_json(jw *w, const json_t *v)
{
    if (!w->out.error && !w->nomem && json_dump_callback(v, dump_callback, w, DUMP_FLAGS) != 0 && !w->out.error)
        w->nomem = true;
}

/* Writes the number j (already set to the value of key) as jansson's text, kept in memo for next time. */
static void put_number(jw *w, eg_num_memo *memo, uint64_t key, const json_t *j)
{
    char text[64];
    if (w->out.error || w->nomem)
        return;
    size_t len = json_dumpb(j, text, sizeof text, DUMP_FLAGS);
    if (len == 0) { /* jansson could not allocate (every dump does) */
        w->nomem = true;
        return;
    }
    if (len > sizeof text) { /* not expected of a number */
        put_json(w, j);
        return;
    }
    eg_num_memo_put(memo, key, text, len);
    eg_w_out(&w->out, text, len);
}

static void put_int(jw *w, int64_t v)
{
    size_t len;
    const char *kept = eg_num_memo_get(w->ints, (uint64_t)v, &len);
    if (kept) {
        eg_w_out(&w->out, kept, len);
        return;
    }
    json_integer_set(w->num_i, (json_int_t)v);
    put_number(w, w->ints, (uint64_t)v, w->num_i);
}

/* d is finite (json_real_set refuses NaN and infinities). */
static void put_real(jw *w, double d)
{
    uint64_t key;
    size_t len;
    memcpy(&key, &d, sizeof key);
    const char *kept = eg_num_memo_get(w->reals, key, &len);
    if (kept) {
        eg_w_out(&w->out, kept, len);
        return;
    }
    json_real_set(w->num_r, d);
    put_number(w, w->reals, key, w->num_r);
}

static void put_stringn(jw *w, const char *s, size_t n)
{
    if (w->out.error || w->nomem)
        return;
    str_slot *slot = n > 0 && n <= STR_MEMO_MAX ? &w->strs[str_slot_index(s, n)] : NULL;
    if (slot && slot->n == n && memcmp(slot->s, s, n) == 0) {
        eg_w_out(&w->out, slot->enc, slot->enc_n);
        return;
    }
    size_t replaced = 0;
    if (!set_string(w->str, s, n, &replaced)) {
        w->nomem = true;
        return;
    }
    w->out.n_replaced += replaced;
    if (!slot || replaced) {
        put_json(w, w->str);
        return;
    }
    char enc[sizeof slot->enc];
    size_t len = json_dumpb(w->str, enc, sizeof enc, DUMP_FLAGS);
    if (len == 0) { /* jansson could not allocate */
        w->nomem = true;
        return;
    }
    if (len > sizeof enc) { /* escapes made it long: not kept */
        put_json(w, w->str);
        return;
    }
    slot->n = (unsigned char)n;
    slot->enc_n = (unsigned char)len;
    memcpy(slot->s, s, n);
    memcpy(slot->enc, enc, len);
    eg_w_out(&w->out, enc, len);
}

static void put_string(jw *w, const char *s)
{
    put_stringn(w, s, strlen(s));
}

/* ---- texts encoded once ------------------------------------------------------------------------------ */

/* jansson's text of a list of strings, one after another: item i is text[start[i] .. start[i + 1]) and had
 * n_bad[i] invalid bytes (counted again at every use, as if encoded anew). */
typedef struct enc_list {
    char *text;
    size_t len, cap;
    size_t *start, *n_bad;
    size_t n;
} enc_list;

static int enc_callback(const char *buffer, size_t size, void *data)
{
    enc_list *l = data;
    if (eg_grow((void **)&l->text, &l->cap, l->len + size, 1) != EG_OK)
        return -1;
    memcpy(l->text + l->len, buffer, size);
    l->len += size;
    return 0;
}

/* Makes l the encodings of n strings, the i-th get(ctx, i) (false: out of memory). */
static bool enc_list_make(enc_list *l, size_t n, const char *(*get)(const void *ctx, size_t i), const void *ctx,
                          json_t *scratch)
{
    *l = (enc_list){0};
    l->start = eg_malloc((n + 1) * sizeof *l->start);
    l->n_bad = eg_malloc((n ? n : 1) * sizeof *l->n_bad);
    if (!l->start || !l->n_bad)
        return false;
    l->start[0] = 0;
    for (size_t i = 0; i < n; i++) {
        l->n_bad[i] = 0;
        const char *si = get(ctx, i);
        if (!set_string(scratch, si, strlen(si), &l->n_bad[i]) ||
            json_dump_callback(scratch, enc_callback, l, DUMP_FLAGS) != 0)
            return false;
        l->start[i + 1] = l->len;
        l->n = i + 1;
    }
    return true;
}

static void enc_list_destroy(enc_list *l)
{
    free(l->text);
    free(l->start);
    free(l->n_bad);
}

static void put_enc(jw *w, const enc_list *l, size_t i)
{
    eg_w_out(&w->out, l->text + l->start[i], l->start[i + 1] - l->start[i]);
    w->out.n_replaced += l->n_bad[i];
}

static const char *column_name(const void *ctx, size_t i)
{
    return ((const eg_table *)ctx)->cols[i].name;
}

static const char *node_id(const void *ctx, size_t i)
{
    return eg_graph_node_id(ctx, i);
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

/* The members every element repeats: the node id's name, "source", "target", "attributes". */
enum { K_ID, K_SOURCE, K_TARGET, K_ATTRIBUTES, N_K };

static const char *fixed_key(const void *ctx, size_t i)
{
    const char *const names[N_K] = {((const style_spec *)ctx)->id_key, "source", "target", "attributes"};
    return names[i];
}

/* Everything encoded before the first write. */
typedef struct encoded {
    enc_list cols[3]; /* column names of meta, nodes, edges */
    enc_list keys;    /* fixed_key */
    enc_list ids;     /* node ids */
} encoded;

static bool encoded_make(encoded *e, const eg_graph *g, const style_spec *sp, json_t *scratch)
{
    const eg_table *tables[3] = {&g->meta, &g->nodes, &g->edges};
    *e = (encoded){0};
    for (int t = 0; t < 3; t++)
        if (!enc_list_make(&e->cols[t], tables[t]->n_cols, column_name, tables[t], scratch))
            return false;
    return enc_list_make(&e->keys, N_K, fixed_key, sp, scratch) &&
           enc_list_make(&e->ids, g->nodes.n_rows, node_id, g, scratch);
}

static void encoded_destroy(encoded *e)
{
    for (int t = 0; t < 3; t++)
        enc_list_destroy(&e->cols[t]);
    enc_list_destroy(&e->keys);
    enc_list_destroy(&e->ids);
}

/* ---- the document ------------------------------------------------------------------------------------ */

/* Writes `"key": ` (after ", " unless first) for an envelope member. */
static void put_key(jw *w, const char *key, bool *first)
{
    if (!*first)
        EG_W_LIT(&w->out, ", ");
    *first = false;
    put_string(w, key);
    EG_W_LIT(&w->out, ": ");
}

/* The same with an encoded key. */
static void put_enc_key(jw *w, const enc_list *l, size_t i, bool *first)
{
    if (!*first)
        EG_W_LIT(&w->out, ", ");
    *first = false;
    put_enc(w, l, i);
    EG_W_LIT(&w->out, ": ");
}

/* Writes every present cell of row (except column skip) as members of an open object; names are the
 * encoded column names of t. */
static void put_cells(jw *w, const eg_table *t, const enc_list *names, size_t row, long skip, bool *first)
{
    for (size_t i = 0; i < t->n_cols && !w->out.error && !w->nomem; i++) {
        const eg_column *c = &t->cols[i];
        if ((long)i == skip || !eg_table_has(t, i, row))
            continue;
        if (c->type == EG_ATTR_DOUBLE && !isfinite(c->v.d[row]))
            continue; /* the exporters' common rule: no NaN or infinity */
        put_enc_key(w, names, i, first);
        switch (c->type) {
        case EG_ATTR_STRING:
        case EG_ATTR_JSON: {
            const char *text;
            size_t n;
            if (eg_table_cell_text(t, i, row, &w->out.cells, &text, &n, NULL) != EG_OK)
                w->nomem = true;
            else if (c->type == EG_ATTR_STRING)
                put_stringn(w, text, n);
            else
                eg_w_out(&w->out, text, n);
            break;
        }
        case EG_ATTR_INT: put_int(w, c->v.i[row]); break;
        case EG_ATTR_BOOL:
            if (c->v.b[row])
                EG_W_LIT(&w->out, "true");
            else
                EG_W_LIT(&w->out, "false");
            break;
        case EG_ATTR_DOUBLE: put_real(w, c->v.d[row]); break;
        }
    }
}

/* Writes {cells of row} of t on its own. */
static void put_object(jw *w, const eg_table *t, const enc_list *names, size_t row, long skip)
{
    bool first = true;
    EG_W_LIT(&w->out, "{");
    if (row < t->n_rows)
        put_cells(w, t, names, row, skip, &first);
    EG_W_LIT(&w->out, "}");
}

/* One element (node or edge) of the given style: a flat object of the id or endpoints and the cells, or
 * for cytoscape {"data": {...}}, for graphology {"key"/"source"/"target", "attributes": {...}}. */
static void put_element(jw *w, eg_json_style style, const eg_graph *g, const encoded *enc, bool node, size_t row)
{
    bool first = true;
    if (style == EG_JSON_CYTOSCAPE)
        EG_W_LIT(&w->out, "{\"data\": {");
    else
        EG_W_LIT(&w->out, "{");
    if (node) {
        put_enc_key(w, &enc->keys, K_ID, &first);
        put_enc(w, &enc->ids, row);
    } else {
        put_enc_key(w, &enc->keys, K_SOURCE, &first);
        put_enc(w, &enc->ids, g->source[row]);
        put_enc_key(w, &enc->keys, K_TARGET, &first);
        put_enc(w, &enc->ids, g->target[row]);
    }
    const eg_table *t = node ? &g->nodes : &g->edges;
    const enc_list *names = &enc->cols[node ? 1 : 2];
    long skip = node ? EG_NODE_ID : -1;
    if (style == EG_JSON_GRAPHOLOGY) {
        put_enc_key(w, &enc->keys, K_ATTRIBUTES, &first);
        put_object(w, t, names, row, skip);
    } else {
        put_cells(w, t, names, row, skip, &first);
    }
    if (style == EG_JSON_CYTOSCAPE)
        EG_W_LIT(&w->out, "}}");
    else
        EG_W_LIT(&w->out, "}");
}

/* `"key": [`, at the given indent, before the n elements of a list (`"key": []` when there are none). */
static void put_elements_open(jw *w, size_t n, const char *key, const char *indent)
{
    eg_w_outs(&w->out, indent);
    bool first = true;
    put_key(w, key, &first);
    if (n)
        EG_W_LIT(&w->out, "[\n");
    else
        EG_W_LIT(&w->out, "[]");
}

/* Elements [lo, hi) of the n of a list, one a line, each but the last followed by a comma. */
static void put_elements_range(jw *w, eg_json_style style, const eg_graph *g, const encoded *enc, bool node,
                               size_t lo, size_t hi, const char *indent)
{
    size_t n = node ? g->nodes.n_rows : g->edges.n_rows, indent_len = strlen(indent);
    for (size_t i = lo; i < hi && !w->out.error && !w->nomem; i++) {
        eg_w_out(&w->out, indent, indent_len);
        EG_W_LIT(&w->out, " ");
        put_element(w, style, g, enc, node, i);
        if (i + 1 < n)
            EG_W_LIT(&w->out, ",\n");
        else
            EG_W_LIT(&w->out, "\n");
    }
}

/* The `]` that closes a list of n elements (nothing when there are none: `[]` was written). */
static void put_elements_close(jw *w, size_t n, const char *indent)
{
    if (n) {
        eg_w_outs(&w->out, indent);
        EG_W_LIT(&w->out, "]");
    }
}

/* `"key": [` then the elements one a line, then `]`, at the given indent. */
static void put_elements(jw *w, eg_json_style style, const eg_graph *g, const encoded *enc, bool node,
                         const char *key, const char *indent)
{
    size_t n = node ? g->nodes.n_rows : g->edges.n_rows;
    put_elements_open(w, n, key, indent);
    put_elements_range(w, style, g, enc, node, 0, n, indent);
    put_elements_close(w, n, indent);
}

/* A line ` "key": ` of the envelope. */
static void put_member(jw *w, const char *key)
{
    bool first = true;
    EG_W_LIT(&w->out, " ");
    put_key(w, key, &first);
}

/* Part part of the document (export.h): the envelope and the nodes up to the edge list's `[` in the first
 * part, a range of edges in each, the rest in the last. */
static void put_document(jw *w, const eg_graph *g, eg_json_style style, const encoded *enc, eg_export_part part)
{
    const style_spec *sp = &styles[style];
    /* the edge list's indent: inside "elements" for cytoscape */
    const char *indent = style == EG_JSON_CYTOSCAPE ? "  " : " ";
    size_t ne = g->edges.n_rows, lo, hi;
    eg_export_part_edges(part, ne, &lo, &hi);
    if (part.index == 0) {
        EG_W_LIT(&w->out, "{\n");
        if (style == EG_JSON_GRAPHOLOGY) {
            put_member(w, sp->meta_key);
            put_object(w, &g->meta, &enc->cols[0], 0, -1);
            EG_W_LIT(&w->out, ",\n");
            put_member(w, "options");
            EG_W_LIT(&w->out, "{\"type\": \"undirected\", \"multi\": false, \"allowSelfLoops\": false},\n");
        } else {
            put_member(w, "directed");
            EG_W_LIT(&w->out, "false,\n");
            put_member(w, "multigraph");
            EG_W_LIT(&w->out, "false,\n");
            put_member(w, sp->meta_key);
            put_object(w, &g->meta, &enc->cols[0], 0, -1);
            EG_W_LIT(&w->out, ",\n");
        }
        if (style == EG_JSON_CYTOSCAPE) {
            put_member(w, "elements");
            EG_W_LIT(&w->out, "{\n");
        }
        put_elements(w, style, g, enc, true, "nodes", indent);
        EG_W_LIT(&w->out, ",\n");
        put_elements_open(w, ne, sp->edges_key, indent);
    }
    put_elements_range(w, style, g, enc, false, lo, hi, indent);
    if (part.index + 1 == part.count) {
        put_elements_close(w, ne, indent);
        if (style == EG_JSON_CYTOSCAPE)
            EG_W_LIT(&w->out, "\n }\n}\n");
        else
            EG_W_LIT(&w->out, "\n}\n");
    }
}

eg_status eg_export_json_style(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced,
                               eg_error *err)
{
    return eg_export_json_part(g, fp, style, EG_EXPORT_WHOLE, n_replaced, err);
}

eg_status eg_export_json_part(const eg_graph *g, FILE *fp, eg_json_style style, eg_export_part part,
                              size_t *n_replaced, eg_error *err)
{
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

    char wbuf[EG_WRITER_BUF_SIZE];
    jw w = {.nomem = false};
    encoded enc = {0};
    eg_status st;
    eg_writer_init(&w.out, fp, wbuf, sizeof wbuf);
    w.out.writeback = !part.scratch;
    w.str = json_string("");
    w.num_i = json_integer(0);
    w.num_r = json_real(0);
    w.ints = eg_num_memo_new();
    w.reals = eg_num_memo_new();
    w.strs = eg_calloc((size_t)1 << STR_MEMO_BITS, sizeof *w.strs);
    if (!w.str || !w.num_i || !w.num_r || !w.ints || !w.reals || !w.strs ||
        !encoded_make(&enc, g, &styles[style], w.str)) {
        st = eg_error_nomem(err);
        goto done;
    }
    put_document(&w, g, style, &enc, part);
    st = eg_w_finish(&w.out, "JSON", err);
    if (st == EG_OK && w.nomem)
        st = eg_error_nomem(err);
    if (st == EG_OK && n_replaced)
        *n_replaced = w.out.n_replaced;
done:
    eg_writer_destroy(&w.out);
    encoded_destroy(&enc);
    json_decref(w.str);
    json_decref(w.num_i);
    json_decref(w.num_r);
    eg_num_memo_free(w.ints);
    eg_num_memo_free(w.reals);
    free(w.strs);
    return st;
}

eg_status eg_export_json(const eg_graph *g, FILE *fp, eg_error *err)
{
    return eg_export_json_style(g, fp, EG_JSON_NETWORKX, NULL, err);
}
