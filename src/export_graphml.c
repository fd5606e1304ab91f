/*
 * export_graphml: GraphML 1.1 written by hand.
 *
 * Why not igraph_write_graph_graphml: it numbers nodes n0, n1, ... (we want the entity ids, so that a
 * GraphML file can be joined with the dictionary) and it derives attr.type from igraph's attribute kinds
 * (every number becomes "double"), while our tables know int, double, bool and string.
 *
 * Invariants of the output:
 *   - valid against the official GraphML 1.1 XSD (checked by tests/export/validate.test.sh with xmllint);
 *   - every id and attr.name is an NMTOKEN: node ids and column names pass through xml_token(), which is
 *     the identity on "safe" strings and an injective escape otherwise (see export.h);
 *   - text is well-formed XML 1.0: & < > " ' escaped, carriage returns as &#13; (a parser would turn a raw
 *     one into a newline), forbidden characters and invalid UTF-8 replaced by U+FFFD;
 *   - deterministic: columns and rows in table order; doubles in the shortest of 15, 16 or 17 significant
 *     digits that reads back to the same value ("%.15g" ... "%.17g"); NaN and infinities are omitted.
 * Write errors: the first failing stdio call's errno is kept and every later write is skipped, so one
 * check at the end reports it (export_core's buffered writer).
 */
#include "export.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "export_core.h"

/* ---- NMTOKEN characters ------------------------------------------------------------------------------ */

/* Non-ASCII code points that are name characters in XML 1.0 4th edition (Appendix B: BaseChar, Ideographic,
 * CombiningChar, Digit, Extender) and in the 5th edition. The 5th edition alone allows far more (emoji, for
 * one), but libxml2's and Xerces' NMTOKEN checks still follow the 4th; a conservative subset of the main
 * scripts keeps the files valid everywhere. Anything not listed is escaped, which costs only readability.
 * Sorted and disjoint (bsearch). tests/unit/test_export.c checks every code point here against the XSD. */
typedef struct cp_range {
    uint32_t lo, hi;
} cp_range;

static const cp_range name_ranges[] = {
    {0x00B7, 0x00B7}, {0x00C0, 0x00D6}, {0x00D8, 0x00F6}, {0x00F8, 0x0131}, {0x0134, 0x013E},
    {0x0141, 0x0148}, {0x014A, 0x017E}, {0x0180, 0x01C3}, {0x01CD, 0x01F0}, {0x01F4, 0x01F5},
    {0x01FA, 0x0217}, {0x0250, 0x02A8}, {0x02BB, 0x02C1}, {0x02D0, 0x02D1}, {0x0300, 0x0345},
    {0x0360, 0x0361}, {0x0386, 0x038A}, {0x038C, 0x038C}, {0x038E, 0x03A1}, {0x03A3, 0x03CE},
    {0x03D0, 0x03D6}, {0x03DA, 0x03DA}, {0x03DC, 0x03DC}, {0x03DE, 0x03DE}, {0x03E0, 0x03E0},
    {0x03E2, 0x03F3}, {0x0401, 0x040C}, {0x040E, 0x044F}, {0x0451, 0x045C}, {0x045E, 0x0481},
    {0x0483, 0x0486}, {0x0490, 0x04C4}, {0x04C7, 0x04C8}, {0x04CB, 0x04CC}, {0x04D0, 0x04EB},
    {0x04EE, 0x04F5}, {0x04F8, 0x04F9}, {0x0531, 0x0556}, {0x0559, 0x0559}, {0x0561, 0x0586},
    {0x05D0, 0x05EA}, {0x05F0, 0x05F2}, {0x0621, 0x063A}, {0x0640, 0x0652}, {0x0660, 0x0669},
    {0x0901, 0x0903}, {0x0905, 0x0939}, {0x093C, 0x094D}, {0x0951, 0x0954}, {0x0958, 0x0963},
    {0x0966, 0x096F}, {0x0E01, 0x0E2E}, {0x0E30, 0x0E3A}, {0x0E40, 0x0E4E}, {0x0E50, 0x0E59},
    {0x1E00, 0x1E9B}, {0x1EA0, 0x1EF9}, {0x1F00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45},
    {0x1F48, 0x1F4D}, {0x1F50, 0x1F57}, {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D},
    {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4}, {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4},
    {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3}, {0x1FD6, 0x1FDB}, {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4},
    {0x1FF6, 0x1FFC}, {0x3005, 0x3005}, {0x3007, 0x3007}, {0x3021, 0x302F}, {0x3031, 0x3035},
    {0x3041, 0x3094}, {0x3099, 0x309A}, {0x309D, 0x309E}, {0x30A1, 0x30FA}, {0x30FC, 0x30FE},
    {0x3105, 0x312C}, {0x4E00, 0x9FA5}, {0xAC00, 0xD7A3},
};

static int cmp_range(const void *key, const void *elem)
{
    uint32_t cp = *(const uint32_t *)key;
    const cp_range *r = elem;
    return cp < r->lo ? -1 : cp > r->hi ? 1 : 0;
}

bool eg_graphml_is_name_char(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '.' ||
               cp == '-' || cp == '_' || cp == ':';
    return bsearch(&cp, name_ranges, sizeof name_ranges / sizeof name_ranges[0], sizeof name_ranges[0],
                   cmp_range) != NULL;
}

/* ---- a growing string -------------------------------------------------------------------------------- */

typedef struct strbuf {
    char *p;
    size_t n, cap;
} strbuf;

static eg_status sb_add(strbuf *b, const char *s, size_t n)
{
    if (eg_grow((void **)&b->p, &b->cap, b->n + n + 1, 1) != EG_OK)
        return EG_ERR_NOMEM;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return EG_OK;
}

/* Is s usable verbatim as an NMTOKEN: non-empty, valid UTF-8, only name characters, and no "_x" (which
 * would be confused with an escape)? */
static bool is_safe_token(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || strstr(s, "_x"))
        return false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = eg_utf8_next(s + i, n - i, &cp);
        if (!k || !eg_graphml_is_name_char(cp))
            return false;
        i += k;
    }
    return true;
}

/* prefix + s as an NMTOKEN, newly allocated (NULL: out of memory). s itself when is_safe_token(s), else
 * escaped: "_x" -> "_x005F_x", a code point that is not a name character -> "_xHHHH_" (4 to 6 upper-case
 * hex digits), an invalid byte b -> "_xDCbb_" (the surrogate U+DCbb, which valid UTF-8 cannot produce),
 * "" -> "_x_". Every escaped result contains "_x" and no safe token does, so the map is injective.
 * *mapped (may be NULL) tells whether s was escaped. */
static char *xml_token(const char *prefix, const char *s, bool *mapped)
{
    strbuf b = {0};
    bool safe = is_safe_token(s);
    size_t n = strlen(s);
    if (mapped)
        *mapped = !safe;
    if (sb_add(&b, prefix, strlen(prefix)))
        goto nomem;
    if (safe) {
        if (sb_add(&b, s, n))
            goto nomem;
        return b.p;
    }
    if (n == 0 && sb_add(&b, "_x_", 3))
        goto nomem;
    for (size_t i = 0; i < n;) {
        char esc[16];
        uint32_t cp;
        size_t k;
        if (s[i] == '_' && i + 1 < n && s[i + 1] == 'x') {
            if (sb_add(&b, "_x005F_", 7))
                goto nomem;
            i++; /* the 'x' is copied as an ordinary character next */
            continue;
        }
        k = eg_utf8_next(s + i, n - i, &cp);
        if (!k) {
            snprintf(esc, sizeof esc, "_xDC%02X_", (unsigned)(unsigned char)s[i]);
            k = 1;
        } else if (eg_graphml_is_name_char(cp)) {
            if (sb_add(&b, s + i, k))
                goto nomem;
            i += k;
            continue;
        } else {
            snprintf(esc, sizeof esc, "_x%04" PRIX32 "_", cp);
        }
        if (sb_add(&b, esc, strlen(esc)))
            goto nomem;
        i += k;
    }
    return b.p;
nomem:
    free(b.p);
    return NULL;
}

/* <data key="KEY">value</data> for one cell, or nothing when the value is missing or not finite; open is
 * the indent and the opening tag, made once per column. */
static void out_data(eg_writer *w, const char *open, size_t open_len, const eg_table *t, size_t col, size_t row)
{
    if (!eg_w_cell_writable(t, col, row))
        return;
    eg_w_out(w, open, open_len);
    eg_w_xml_cell(w, t, col, row, false);
    EG_W_LIT(w, "</data>\n");
}

static const char *graphml_type(eg_attr_type type)
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

/* ---- the document ------------------------------------------------------------------------------------ */

/* Key ids ("g_name", "v_label", ...) and attr.names for the columns of one table, and the opening of each
 * column's <data> line ("      <data key=\"v_label\">"); keys[i] NULL for a column that is not written as
 * data (the node id). */
typedef struct key_set {
    char **keys;
    char **names;
    char **opens;
    size_t *open_lens;
    size_t n;
} key_set;

static void key_set_destroy(key_set *k)
{
    for (size_t i = 0; i < k->n; i++) {
        free(k->keys[i]);
        free(k->names[i]);
        free(k->opens[i]);
    }
    free(k->keys);
    free(k->names);
    free(k->opens);
    free(k->open_lens);
}

static eg_status key_set_make(key_set *k, const eg_table *t, const char *prefix, long skip, const char *indent)
{
    k->n = 0;
    k->keys = eg_calloc(t->n_cols, sizeof *k->keys);
    k->names = eg_calloc(t->n_cols, sizeof *k->names);
    k->opens = eg_calloc(t->n_cols, sizeof *k->opens);
    k->open_lens = eg_calloc(t->n_cols, sizeof *k->open_lens);
    if (!k->keys || !k->names || !k->opens || !k->open_lens)
        return EG_ERR_NOMEM;
    k->n = t->n_cols;
    for (size_t i = 0; i < t->n_cols; i++) {
        if ((long)i == skip)
            continue;
        k->keys[i] = xml_token(prefix, t->cols[i].name, NULL);
        k->names[i] = xml_token("", t->cols[i].name, NULL);
        if (!k->keys[i] || !k->names[i])
            return EG_ERR_NOMEM;
        strbuf b = {0};
        if (sb_add(&b, indent, strlen(indent)) || sb_add(&b, "<data key=\"", 11) ||
            sb_add(&b, k->keys[i], strlen(k->keys[i])) || sb_add(&b, "\">", 2)) {
            free(b.p);
            return EG_ERR_NOMEM;
        }
        k->opens[i] = b.p;
        k->open_lens[i] = b.n;
    }
    return EG_OK;
}

static void out_keys(eg_writer *w, const key_set *k, const eg_table *t, const char *domain)
{
    for (size_t i = 0; i < k->n; i++)
        if (k->keys[i])
            eg_w_outf(w, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n", k->keys[i], domain,
                 k->names[i], graphml_type(t->cols[i].type));
}

enum { VIS_R, VIS_G, VIS_B, VIS_SIZE, N_VIS };
static const char *const vis_names[N_VIS] = {"r", "g", "b", "size"};

eg_status eg_export_graphml(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err)
{
    return eg_export_graphml_part(g, fp, EG_EXPORT_WHOLE, n_replaced, err);
}

eg_status eg_export_graphml_part(const eg_graph *g, FILE *fp, eg_export_part part, size_t *n_replaced,
                                 eg_error *err)
{
    const eg_table *nodes = &g->nodes, *edges = &g->edges, *meta = &g->meta;
    size_t nv = nodes->n_rows, e_lo, e_hi;
    bool head = part.index == 0, tail = part.index + 1 == part.count;
    char wbuf[EG_WRITER_BUF_SIZE];
    eg_writer w;
    key_set kg = {0}, kv = {0}, ke = {0};
    char **ids = NULL;      /* mapped node ids; NULL where the entity id is used verbatim */
    size_t *id_lens = NULL; /* the length of each node's id as written */
    bool any_mapped = false, vis[N_VIS];
    eg_status st = EG_OK;

    eg_writer_init(&w, fp, wbuf, sizeof wbuf);
    w.writeback = !part.scratch;
    if (n_replaced)
        *n_replaced = 0;
    ids = eg_calloc(nv, sizeof *ids);
    id_lens = eg_calloc(nv, sizeof *id_lens);
    if (!ids || !id_lens || key_set_make(&kg, meta, "g_", -1, "    ") ||
        key_set_make(&kv, nodes, "v_", EG_NODE_ID, "      ") || key_set_make(&ke, edges, "e_", -1, "      ") ||
        eg_writer_add_memo(&w, NULL)) {
        st = eg_error_nomem(err);
        goto done;
    }
    for (size_t v = 0; v < nv; v++) {
        const char *id = eg_graph_node_id(g, v);
        bool mapped;
        if (!id) {
            st = eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                              "node %zu has no id", v);
            goto done;
        }
        if (is_safe_token(id)) {
            id_lens[v] = strlen(id);
            continue;
        }
        if (!(ids[v] = xml_token("", id, &mapped))) {
            st = eg_error_nomem(err);
            goto done;
        }
        id_lens[v] = strlen(ids[v]);
        any_mapped = true;
    }
    if (any_mapped && eg_table_find(nodes, "entity_id") >= 0) {
        st = eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                          "node attribute \"entity_id\" clashes with the GraphML id mapping");
        goto done;
    }
    for (int i = 0; i < N_VIS; i++)
        vis[i] = eg_table_find(nodes, vis_names[i]) < 0;
    eg_size_scale scale = eg_size_scale_make(nodes);
    eg_export_part_edges(part, edges->n_rows, &e_lo, &e_hi);
    /* The node and edge lines are most of the file: pieces of known length, no format strings. */
    if (head) {
        eg_w_outs(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                 "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                 "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                 "http://graphml.graphdrawing.org/xmlns/1.1/graphml.xsd\">\n");
        out_keys(&w, &kg, meta, "graph");
        out_keys(&w, &kv, nodes, "node");
        if (any_mapped)
            eg_w_outs(&w, "  <key id=\"v_entity_id\" for=\"node\" attr.name=\"entity_id\" attr.type=\"string\"/>\n");
        for (int i = 0; i < N_VIS; i++)
            if (vis[i])
                eg_w_outf(&w, "  <key id=\"v_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", vis_names[i],
                     vis_names[i], i == VIS_SIZE ? "double" : "long");
        out_keys(&w, &ke, edges, "edge");

        EG_W_LIT(&w, "  <graph id=\"G\" edgedefault=\"undirected\">\n");
        for (size_t i = 0; meta->n_rows > 0 && i < kg.n; i++)
            out_data(&w, kg.opens[i], kg.open_lens[i], meta, i, 0);

        for (size_t v = 0; v < nv && !w.error; v++) {
            const char *id = eg_graph_node_id(g, v);
            EG_W_LIT(&w, "    <node id=\"");
            eg_w_out(&w, ids[v] ? ids[v] : id, id_lens[v]);
            EG_W_LIT(&w, "\">\n");
            for (size_t i = 0; i < kv.n; i++)
                if (kv.keys[i])
                    out_data(&w, kv.opens[i], kv.open_lens[i], nodes, i, v);
            if (ids[v]) {
                EG_W_LIT(&w, "      <data key=\"v_entity_id\">");
                eg_w_xml_text(&w, id, false);
                EG_W_LIT(&w, "</data>\n");
            }
            eg_rgb c = eg_type_colour(eg_graph_node_type(g, v));
            int comp[3] = {c.r, c.g, c.b};
            for (int i = VIS_R; i <= VIS_B; i++)
                if (vis[i]) {
                    EG_W_LIT(&w, "      <data key=\"v_");
                    eg_w_out(&w, vis_names[i], 1);
                    EG_W_LIT(&w, "\">");
                    eg_w_int(&w, comp[i]);
                    EG_W_LIT(&w, "</data>\n");
                }
            if (vis[VIS_SIZE]) {
                EG_W_LIT(&w, "      <data key=\"v_size\">");
                eg_w_double(&w, eg_node_size(&scale, nodes, v));
                EG_W_LIT(&w, "</data>\n");
            }
            EG_W_LIT(&w, "    </node>\n");
        }
    }

    for (size_t e = e_lo; e < e_hi && !w.error; e++) {
        uint32_t s = g->source[e], t = g->target[e];
        EG_W_LIT(&w, "    <edge id=\"e");
        eg_w_int(&w, (int64_t)e);
        EG_W_LIT(&w, "\" source=\"");
        eg_w_out(&w, ids[s] ? ids[s] : eg_graph_node_id(g, s), id_lens[s]);
        EG_W_LIT(&w, "\" target=\"");
        eg_w_out(&w, ids[t] ? ids[t] : eg_graph_node_id(g, t), id_lens[t]);
        EG_W_LIT(&w, "\">\n");
        for (size_t i = 0; i < ke.n; i++)
            out_data(&w, ke.opens[i], ke.open_lens[i], edges, i, e);
        EG_W_LIT(&w, "    </edge>\n");
    }
    if (tail)
        eg_w_outs(&w, "  </graph>\n</graphml>\n");

    st = eg_w_finish(&w, "GraphML", err);
    if (n_replaced)
        *n_replaced = w.n_replaced;

done:
    eg_writer_destroy(&w);
    key_set_destroy(&kg);
    key_set_destroy(&kv);
    key_set_destroy(&ke);
    if (ids)
        for (size_t v = 0; v < nv; v++)
            free(ids[v]);
    free(ids);
    free(id_lens);
    return st;
}
