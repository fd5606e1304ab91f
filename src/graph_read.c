/*
 * graph_read: eg_graph_read_file, reading back what `entgraph build` wrote (or something close to it):
 * GraphML through igraph's reader with the C attribute handler, node-link JSON through jansson. The format
 * is chosen by content: the first byte that is not white space (after an optional UTF-8 byte order mark)
 * must be '<' (GraphML) or '{' (JSON).
 *
 * Both readers end in finish_graph, which establishes graph.h's invariants whatever the file held:
 *   - the standard columns come first and are filled where the file lacks them: label = id (also when the
 *     label is empty), type = "", mentions = documents = count = 0, weight = 1.0;
 *   - node ids are unique (a duplicate is an error);
 *   - edges are simple and undirected: self-loops are dropped (they carry no co-occurrence), parallel edges
 *     (also a -> b next to b -> a in a directed file) are merged into one whose weight and count are the
 *     sums and whose other attributes are those of the first edge in file order;
 *   - the graph is sorted (eg_graph_sort), so reading is deterministic.
 * Direction is ignored: a JSON file with "directed": true or a GraphML file with edgedefault="directed" is
 * read as undirected edges. igraph's GraphML reader creates a node for an edge endpoint it has not seen
 * declared; the JSON reader rejects an unknown endpoint.
 *
 * Attribute types. JSON: integer -> int, real -> double, true/false -> bool, string -> string, arrays and
 * objects -> string holding their compact JSON encoding; null or an absent key is a missing value; one
 * column mixing int and real values becomes double, any other mix is an error. GraphML (igraph knows only
 * numeric, boolean and string): numeric -> int when every present value is integral and fits int64, else
 * double (so a double column whose values happen to be integral comes back as int); `weight` is always
 * double and mentions, documents, count always int; igraph reads a missing number as NaN, which becomes a
 * missing value (sparse column), but a missing string as "" and a missing boolean as false, which cannot be
 * told apart from real values and are kept. Number columns with missing values are sparse (table.h).
 */
#include "graph.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "graph_igraph.h"

/* Is v an integer that int64_t holds exactly? */
static bool integral_int64(double v)
{
    return isfinite(v) && v == trunc(v) && v >= -0x1p63 && v < 0x1p63;
}

/* ---- common finishing -------------------------------------------------------------------------------- */

/* Fills missing labels and types, sorts, rejects duplicate ids and merges parallel edges. */
static eg_status finish_graph(eg_graph *g, const char *path, eg_error *err)
{
    eg_status st;
    uint8_t *keep = NULL;

    for (size_t v = 0; v < eg_graph_n_nodes(g); v++) {
        const char *id = eg_graph_node_id(g, v), *label = eg_graph_node_label(g, v);
        if ((!label || !label[0]) && (st = eg_table_set_string(&g->nodes, EG_NODE_LABEL, v, id, strlen(id), err)))
            return st;
        if (!eg_graph_node_type(g, v) && (st = eg_table_set_string(&g->nodes, EG_NODE_TYPE, v, "", 0, err)))
            return st;
    }
    if ((st = eg_graph_sort(g, err)))
        return st;
    for (size_t v = 1; v < eg_graph_n_nodes(g); v++)
        if (strcmp(eg_graph_node_id(g, v - 1), eg_graph_node_id(g, v)) == 0)
            return eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "duplicate node id \"%s\"", eg_graph_node_id(g, v));

    size_t ne = eg_graph_n_edges(g), w = 0;
    if (ne == 0)
        return EG_OK;
    if (!(keep = eg_malloc(ne)))
        return eg_error_nomem(err);
    double *weight = g->edges.cols[EG_EDGE_WEIGHT].v.d;
    int64_t *count = g->edges.cols[EG_EDGE_COUNT].v.i;
    size_t first = 0; /* first row of the current run of equal (source, target) */
    for (size_t e = 0; e < ne; e++) {
        if (e > 0 && g->source[e] == g->source[first] && g->target[e] == g->target[first]) {
            weight[first] += weight[e];
            count[first] += count[e];
            keep[e] = 0;
        } else {
            first = e;
            keep[e] = 1;
        }
    }
    for (size_t e = 0; e < ne; e++) {
        if (keep[e]) {
            g->source[w] = g->source[e];
            g->target[w] = g->target[e];
            w++;
        }
    }
    eg_table_filter_rows(&g->edges, keep);
    free(keep);
    return EG_OK;
}

/* ---- GraphML ----------------------------------------------------------------------------------------- */

enum { GML_GRAPH = 0, GML_VERTEX, GML_EDGE };

/* Everything read out of igraph's attribute store. All members are initialised together by gml_init. */
typedef struct gml_bufs {
    igraph_strvector_t names[3];  /* attribute names per GML_* element kind */
    igraph_vector_int_t types[3]; /* their igraph_attribute_type_t */
    igraph_vector_int_t edges;    /* edge list, 2 * ecount vertex ids */
    igraph_strvector_t s;         /* values of the attribute being copied, by element */
    igraph_vector_t d;
    igraph_vector_bool_t b;
} gml_bufs;

static igraph_error_t gml_init(const igraph_t *ig, gml_bufs *gb)
{
    for (int k = 0; k < 3; k++) {
        IGRAPH_CHECK(igraph_strvector_init(&gb->names[k], 0));
        IGRAPH_FINALLY(igraph_strvector_destroy, &gb->names[k]);
        IGRAPH_VECTOR_INT_INIT_FINALLY(&gb->types[k], 0);
    }
    IGRAPH_VECTOR_INT_INIT_FINALLY(&gb->edges, 0);
    IGRAPH_CHECK(igraph_strvector_init(&gb->s, 0));
    IGRAPH_FINALLY(igraph_strvector_destroy, &gb->s);
    IGRAPH_VECTOR_INIT_FINALLY(&gb->d, 0);
    IGRAPH_CHECK(igraph_vector_bool_init(&gb->b, 0));
    IGRAPH_FINALLY(igraph_vector_bool_destroy, &gb->b);
    IGRAPH_CHECK(igraph_cattribute_list(ig, &gb->names[GML_GRAPH], &gb->types[GML_GRAPH], &gb->names[GML_VERTEX],
                                        &gb->types[GML_VERTEX], &gb->names[GML_EDGE], &gb->types[GML_EDGE]));
    IGRAPH_CHECK(igraph_get_edgelist(ig, &gb->edges, false));
    IGRAPH_FINALLY_CLEAN(10);
    return IGRAPH_SUCCESS;
}

static void gml_destroy(gml_bufs *gb)
{
    for (int k = 0; k < 3; k++) {
        igraph_strvector_destroy(&gb->names[k]);
        igraph_vector_int_destroy(&gb->types[k]);
    }
    igraph_vector_int_destroy(&gb->edges);
    igraph_strvector_destroy(&gb->s);
    igraph_vector_destroy(&gb->d);
    igraph_vector_bool_destroy(&gb->b);
}

/* Loads the values of one attribute into gb->s, gb->d or gb->b, indexed by element (one for the graph). */
static igraph_error_t gml_fetch(const igraph_t *ig, int kind, const char *name, igraph_attribute_type_t type,
                                gml_bufs *gb)
{
    igraph_vs_t vs = igraph_vss_all();
    igraph_es_t es = igraph_ess_all(IGRAPH_EDGEORDER_ID);
    switch (type) {
    case IGRAPH_ATTRIBUTE_NUMERIC:
        if (kind == GML_GRAPH) {
            IGRAPH_CHECK(igraph_vector_resize(&gb->d, 1));
            VECTOR(gb->d)[0] = igraph_cattribute_GAN(ig, name);
        } else if (kind == GML_VERTEX) {
            IGRAPH_CHECK(igraph_cattribute_VANV(ig, name, vs, &gb->d));
        } else {
            IGRAPH_CHECK(igraph_cattribute_EANV(ig, name, es, &gb->d));
        }
        return IGRAPH_SUCCESS;
    case IGRAPH_ATTRIBUTE_BOOLEAN:
        if (kind == GML_GRAPH) {
            IGRAPH_CHECK(igraph_vector_bool_resize(&gb->b, 1));
            VECTOR(gb->b)[0] = igraph_cattribute_GAB(ig, name);
        } else if (kind == GML_VERTEX) {
            IGRAPH_CHECK(igraph_cattribute_VABV(ig, name, vs, &gb->b));
        } else {
            IGRAPH_CHECK(igraph_cattribute_EABV(ig, name, es, &gb->b));
        }
        return IGRAPH_SUCCESS;
    case IGRAPH_ATTRIBUTE_STRING:
        if (kind == GML_GRAPH) {
            IGRAPH_CHECK(igraph_strvector_resize(&gb->s, 1));
            IGRAPH_CHECK(igraph_strvector_set(&gb->s, 0, igraph_cattribute_GAS(ig, name)));
        } else if (kind == GML_VERTEX) {
            IGRAPH_CHECK(igraph_cattribute_VASV(ig, name, vs, &gb->s));
        } else {
            IGRAPH_CHECK(igraph_cattribute_EASV(ig, name, es, &gb->s));
        }
        return IGRAPH_SUCCESS;
    default:
        IGRAPH_ERRORF("attribute \"%s\" has a type the reader does not know", IGRAPH_UNIMPLEMENTED, name);
    }
}

static const char *const gml_kind_name[3] = {"graph", "node", "edge"};

/* Copies the fetched values of attribute `name` (n_src elements of kind GML_*) into table t: element i goes
 * to row rowmap[i] (SIZE_MAX: dropped; NULL rowmap: row i). Standard columns keep their type; a new numeric
 * column is int when every present value is integral, else double, and sparse when some value is NaN. */
static eg_status gml_store(eg_table *t, const char *name, igraph_attribute_type_t type, const gml_bufs *gb,
                           size_t n_src, const size_t *rowmap, int kind, const char *path, eg_error *err)
{
    long found = eg_table_find(t, name);
    eg_attr_type want;
    bool sparse = false;
    eg_status st;

    if (found >= 0) { /* a standard column: its type is fixed */
        want = t->cols[found].type;
        bool ok = (want == EG_ATTR_STRING && type == IGRAPH_ATTRIBUTE_STRING) ||
                  ((want == EG_ATTR_INT || want == EG_ATTR_DOUBLE) && type == IGRAPH_ATTRIBUTE_NUMERIC) ||
                  (want == EG_ATTR_BOOL && type == IGRAPH_ATTRIBUTE_BOOLEAN);
        if (!ok)
            return eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "%s attribute \"%s\" must be of type %s", gml_kind_name[kind], name,
                                eg_attr_type_name(want));
    } else if (type == IGRAPH_ATTRIBUTE_STRING) {
        want = EG_ATTR_STRING;
    } else if (type == IGRAPH_ATTRIBUTE_BOOLEAN) {
        want = EG_ATTR_BOOL;
    } else {
        want = EG_ATTR_INT;
        for (size_t i = 0; i < n_src; i++) {
            double v = VECTOR(gb->d)[i];
            if (isnan(v))
                sparse = true;
            else if (!integral_int64(v))
                want = EG_ATTR_DOUBLE;
        }
    }
    size_t col;
    if ((st = sparse ? eg_table_add_column_sparse(t, name, want, &col, err)
                     : eg_table_add_column(t, name, want, &col, err)))
        return st;
    for (size_t i = 0; i < n_src; i++) {
        size_t row = rowmap ? rowmap[i] : i;
        if (row == SIZE_MAX)
            continue;
        if (want == EG_ATTR_STRING) {
            const char *s = igraph_strvector_get(&gb->s, (igraph_integer_t)i);
            if ((st = eg_table_set_string(t, col, row, s, strlen(s), err)))
                return st;
        } else if (want == EG_ATTR_BOOL) {
            eg_table_set_bool(t, col, row, VECTOR(gb->b)[i]);
        } else {
            double v = VECTOR(gb->d)[i];
            if (isnan(v)) /* missing: the column's default (or the sparse column's absence) stands */
                continue;
            if (want == EG_ATTR_DOUBLE) {
                eg_table_set_double(t, col, row, v);
            } else if (integral_int64(v)) {
                eg_table_set_int(t, col, row, (int64_t)v);
            } else {
                return eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                    "%s attribute \"%s\" must be an integer, not %.17g (element %zu)",
                                    gml_kind_name[kind], name, v, i);
            }
        }
    }
    return EG_OK;
}

/* Index of the string attribute `name` among the attributes of kind GML_*, or -1 (also when it exists with
 * another type). */
static long gml_find_string_attr(const gml_bufs *gb, int kind, const char *name)
{
    for (igraph_integer_t i = 0; i < igraph_strvector_size(&gb->names[kind]); i++)
        if (strcmp(igraph_strvector_get(&gb->names[kind], i), name) == 0)
            return VECTOR(gb->types[kind])[i] == IGRAPH_ATTRIBUTE_STRING ? (long)i : -1;
    return -1;
}

/* Copies the attributes of one element kind, skipping those consumed elsewhere. */
static eg_status gml_copy_kind(const igraph_t *ig, gml_bufs *gb, int kind, eg_table *t, size_t n_src,
                               const size_t *rowmap, const char *path, eg_error *err)
{
    for (igraph_integer_t a = 0; a < igraph_strvector_size(&gb->names[kind]); a++) {
        const char *name = igraph_strvector_get(&gb->names[kind], a);
        igraph_attribute_type_t type = (igraph_attribute_type_t)VECTOR(gb->types[kind])[a];
        /* Vertex "id" / "entity_id" become the id column; an edge "id" is the GraphML edge id, which only
         * names the XML element and is not data. */
        if ((kind == GML_VERTEX && (strcmp(name, "id") == 0 || strcmp(name, "entity_id") == 0)) ||
            (kind == GML_EDGE && strcmp(name, "id") == 0))
            continue;
        eg_status st = eg_igraph_status(gml_fetch(ig, kind, name, type, gb), "reading GraphML attributes", err);
        if (!st)
            st = gml_store(t, name, type, gb, n_src, rowmap, kind, path, err);
        if (st)
            return st;
    }
    return EG_OK;
}

/* Nodes, edges and graph attributes of a GraphML graph read with the C attribute handler into g. */
static eg_status gml_convert(const igraph_t *ig, const char *path, eg_graph *g, eg_error *err)
{
    gml_bufs gb;
    size_t nv = (size_t)igraph_vcount(ig), ne = (size_t)igraph_ecount(ig);
    size_t *erow = NULL;
    eg_status st;

    if (nv > UINT32_MAX)
        return eg_error_set(err, EG_ERR_LIMIT, path, EG_NO_POS, EG_NO_POS, EG_NO_POS, "too many nodes (%zu)",
                            nv);
    if ((st = eg_igraph_status(gml_init(ig, &gb), "reading GraphML attributes", err)))
        return st;
    if (!(erow = eg_malloc((ne ? ne : 1) * sizeof *erow))) {
        st = eg_error_nomem(err);
        goto done;
    }

    /* Node ids: the exporter's entity_id where present (ids that are not NMTOKENs), else the GraphML id. */
    long ent = gml_find_string_attr(&gb, GML_VERTEX, "entity_id");
    long gid = gml_find_string_attr(&gb, GML_VERTEX, "id");
    igraph_strvector_t ids[2];
    int n_ids = 0;
    for (int k = 0; k < 2; k++) {
        long a = k == 0 ? ent : gid;
        const char *name = k == 0 ? "entity_id" : "id";
        if (a < 0)
            continue;
        if ((st = eg_igraph_status(igraph_strvector_init(&ids[n_ids], 0), "reading GraphML ids", err)))
            goto free_ids;
        n_ids++;
        if ((st = eg_igraph_status(igraph_cattribute_VASV(ig, name, igraph_vss_all(), &ids[n_ids - 1]),
                                   "reading GraphML ids", err)))
            goto free_ids;
    }
    if ((st = eg_table_add_rows(&g->nodes, nv, err)))
        goto free_ids;
    for (size_t v = 0; v < nv; v++) {
        const char *id = "";
        for (int k = 0; k < n_ids && !id[0]; k++)
            id = igraph_strvector_get(&ids[k], (igraph_integer_t)v);
        if (!id[0]) {
            st = eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                              "the node at position %zu in the file has no id", v + 1);
            goto free_ids;
        }
        if ((st = eg_table_set_string(&g->nodes, EG_NODE_ID, v, id, strlen(id), err)))
            goto free_ids;
    }
free_ids:
    for (int k = 0; k < n_ids; k++)
        igraph_strvector_destroy(&ids[k]);
    if (st)
        goto done;

    for (size_t e = 0; e < ne; e++) {
        uint32_t a = (uint32_t)VECTOR(gb.edges)[2 * e], b = (uint32_t)VECTOR(gb.edges)[2 * e + 1];
        erow[e] = SIZE_MAX;
        if (a != b && (st = eg_graph_add_edge(g, a, b, &erow[e], err)))
            goto done;
    }
    for (size_t e = 0; e < eg_graph_n_edges(g); e++)
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, e, 1.0);

    if ((st = gml_copy_kind(ig, &gb, GML_VERTEX, &g->nodes, nv, NULL, path, err)) ||
        (st = gml_copy_kind(ig, &gb, GML_EDGE, &g->edges, ne, erow, path, err)) ||
        (st = gml_copy_kind(ig, &gb, GML_GRAPH, &g->meta, 1, NULL, path, err)))
        goto done;
done:
    free(erow);
    gml_destroy(&gb);
    return st;
}

/* igraph's GraphML errors read "Line N: message" when libxml2 knows the line; move N into err->line. */
static void gml_error_position(eg_error *err, const char *path)
{
    if (!err)
        return;
    snprintf(err->path, sizeof err->path, "%s", path);
    const char *p = strstr(err->message, "Line ");
    char *end;
    if (!p)
        return;
    errno = 0;
    unsigned long line = strtoul(p + 5, &end, 10);
    if (end == p + 5 || *end != ':' || errno)
        return;
    err->line = (size_t)line;
    /* Drop the "Line N: " prefix from the message, keeping what precedes and follows it. */
    end++;
    while (*end == ' ')
        end++;
    memmove((char *)p, end, strlen(end) + 1);
}

static eg_status read_graphml(FILE *fp, const char *path, eg_graph *g, eg_error *err)
{
    igraph_t ig;
    eg_status st;

    eg_igraph_setup();
    /* The attribute table is process-global; the graph must also be destroyed under the table that made its
     * attributes, so everything happens before the previous table is restored. */
    igraph_attribute_table_t *previous = igraph_set_attribute_table(&igraph_cattribute_table);
    if ((st = eg_igraph_status(igraph_read_graph_graphml(&ig, fp, 0), "GraphML", err))) {
        gml_error_position(err, path);
    } else {
        st = gml_convert(&ig, path, g, err);
        igraph_destroy(&ig);
    }
    igraph_set_attribute_table(previous);
    return st;
}

/* ---- JSON -------------------------------------------------------------------------------------------- */

enum json_kind { JK_NONE = 0, JK_STRING, JK_INT, JK_DOUBLE, JK_BOOL, JK_JSON };

static enum json_kind json_kind_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING: return JK_STRING;
    case JSON_INTEGER: return JK_INT;
    case JSON_REAL: return JK_DOUBLE;
    case JSON_TRUE:
    case JSON_FALSE: return JK_BOOL;
    case JSON_ARRAY:
    case JSON_OBJECT: return JK_JSON;
    case JSON_NULL: return JK_NONE;
    }
    return JK_NONE;
}

static const char *json_kind_name(enum json_kind k)
{
    static const char *const names[] = {"null", "string", "integer", "real", "boolean", "array/object"};
    return names[k];
}

/* One attribute seen in pass 1 of json_fill: its merged kind and how many objects have it. */
typedef struct json_col {
    const char *name; /* borrowed from the JSON document */
    enum json_kind kind;
    size_t n_present;
} json_col;

static bool in_list(const char *name, const char *const *list)
{
    for (; list && *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

/* Stores value v (of kind k) into column col of t at row. The column's type was chosen to accept k. */
static eg_status json_store(eg_table *t, size_t col, size_t row, const json_t *v, const char *what, size_t i,
                            const char *path, eg_error *err)
{
    eg_column *c = &t->cols[col];
    switch (c->type) {
    case EG_ATTR_STRING:
    case EG_ATTR_JSON: {
        if (json_is_string(v))
            return eg_table_set_string(t, col, row, json_string_value(v), json_string_length(v), err);
        char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!s)
            return eg_error_nomem(err);
        eg_status st = eg_table_set_string(t, col, row, s, strlen(s), err);
        free(s);
        return st;
    }
    case EG_ATTR_INT:
        if (json_is_integer(v)) {
            eg_table_set_int(t, col, row, (int64_t)json_integer_value(v));
        } else if (integral_int64(json_real_value(v))) {
            eg_table_set_int(t, col, row, (int64_t)json_real_value(v));
        } else {
            return eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "%s[%zu]: \"%s\" must be an integer", what, i, c->name);
        }
        return EG_OK;
    case EG_ATTR_DOUBLE:
        eg_table_set_double(t, col, row, json_number_value(v));
        return EG_OK;
    case EG_ATTR_BOOL:
        eg_table_set_bool(t, col, row, json_is_true(v));
        return EG_OK;
    }
    return EG_OK;
}

/* Can a value of kind k go into an existing (standard) column of type ty? */
static bool json_fits(eg_attr_type ty, enum json_kind k)
{
    switch (ty) {
    case EG_ATTR_STRING: return k == JK_STRING;
    case EG_ATTR_JSON: return k == JK_JSON;
    case EG_ATTR_INT:
    case EG_ATTR_DOUBLE: return k == JK_INT || k == JK_DOUBLE;
    case EG_ATTR_BOOL: return k == JK_BOOL;
    }
    return false;
}

/* Copies the attributes of objs[0..n) (except the keys in skip) into rows 0..n-1 of t. Pass 1 settles each
 * new column's type (and whether it needs to be sparse); pass 2 stores the values. `what` ("nodes",
 * "edges", "graph") names objects in errors. Time: O(total keys * distinct keys). */
static eg_status json_fill(eg_table *t, json_t *const *objs, size_t n, const char *const *skip, const char *what,
                           const char *path, eg_error *err)
{
    json_col *cols = NULL;
    size_t n_cols = 0, cap_cols = 0;
    eg_status st = EG_OK;
    const char *key;
    json_t *v;

    for (size_t i = 0; i < n; i++) {
        json_object_foreach(objs[i], key, v) {
            enum json_kind k = json_kind_of(v);
            if (k == JK_NONE || in_list(key, skip))
                continue;
            size_t c = 0;
            while (c < n_cols && strcmp(cols[c].name, key) != 0)
                c++;
            if (c == n_cols) {
                long fixed = eg_table_find(t, key);
                if (fixed >= 0 && !json_fits(t->cols[fixed].type, k)) {
                    st = eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                      "%s[%zu]: \"%s\" must be of type %s, not %s", what, i, key,
                                      eg_attr_type_name(t->cols[fixed].type), json_kind_name(k));
                    goto done;
                }
                if (eg_grow((void **)&cols, &cap_cols, n_cols + 1, sizeof *cols)) {
                    st = eg_error_nomem(err);
                    goto done;
                }
                cols[n_cols++] = (json_col){key, k, 0};
            } else if (cols[c].kind != k) {
                bool numbers = (cols[c].kind == JK_INT || cols[c].kind == JK_DOUBLE) &&
                               (k == JK_INT || k == JK_DOUBLE);
                long fixed = eg_table_find(t, key);
                if (!numbers || (fixed >= 0 && !json_fits(t->cols[fixed].type, k))) {
                    st = eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                      "%s[%zu]: \"%s\" is %s here but %s elsewhere", what, i, key,
                                      json_kind_name(k), json_kind_name(cols[c].kind));
                    goto done;
                }
                cols[c].kind = JK_DOUBLE;
            }
            cols[c].n_present++;
        }
    }
    for (size_t c = 0; c < n_cols; c++) {
        size_t col;
        long fixed = eg_table_find(t, cols[c].name);
        if (fixed >= 0) {
            col = (size_t)fixed;
        } else {
            static const eg_attr_type of_kind[] = {EG_ATTR_STRING, EG_ATTR_STRING, EG_ATTR_INT,
                                                   EG_ATTR_DOUBLE, EG_ATTR_BOOL,   EG_ATTR_JSON};
            eg_attr_type ty = of_kind[cols[c].kind];
            bool sparse = ty != EG_ATTR_STRING && cols[c].n_present < n;
            if ((st = sparse ? eg_table_add_column_sparse(t, cols[c].name, ty, &col, err)
                             : eg_table_add_column(t, cols[c].name, ty, &col, err)))
                goto done;
        }
        for (size_t i = 0; i < n; i++) {
            json_t *val = json_object_get(objs[i], cols[c].name);
            if (val && !json_is_null(val) && (st = json_store(t, col, i, val, what, i, path, err)))
                goto done;
        }
    }
done:
    free(cols);
    return st;
}

/* Writes the node id that v denotes (a string, or a number as networkx allows) into buf. */
static bool json_id(const json_t *v, char *buf, size_t size, const char **out)
{
    if (json_is_string(v)) {
        *out = json_string_value(v);
        return true;
    }
    if (json_is_integer(v))
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, size, "%.17g", json_real_value(v));
    else
        return false;
    *out = buf;
    return true;
}

typedef struct id_key {
    const char *id;
    uint32_t row;
} id_key;

static int cmp_id_key(const void *a, const void *b)
{
    return strcmp(((const id_key *)a)->id, ((const id_key *)b)->id);
}

/* Resolves the endpoint `end` ("source"/"target") of edge i through the sorted node index. */
static eg_status json_endpoint(const json_t *edge, const char *end, const id_key *index, size_t nv, size_t i,
                               const char *path, uint32_t *row, eg_error *err)
{
    char buf[64];
    const char *id;
    const json_t *v = json_object_get(edge, end);
    if (!v || !json_id(v, buf, sizeof buf, &id))
        return eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "edges[%zu]: \"%s\" must be a node id (string or number)", i, end);
    id_key probe = {id, 0};
    const id_key *hit = bsearch(&probe, index, nv, sizeof *index, cmp_id_key);
    if (!hit)
        return eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "edges[%zu]: unknown %s node \"%s\"", i, end, id);
    *row = hit->row;
    return EG_OK;
}

static eg_status read_json(FILE *fp, const char *path, eg_graph *g, eg_error *err)
{
    static const char *const node_skip[] = {"id", NULL};
    static const char *const edge_skip[] = {"source", "target", NULL};
    json_error_t je;
    json_t *root = json_loadf(fp, JSON_REJECT_DUPLICATES, &je);
    json_t **objs = NULL;
    id_key *index = NULL;
    eg_status st = EG_OK;

    if (!root)
        return eg_error_set(err, EG_ERR_PARSE, path, je.line > 0 ? (size_t)je.line : EG_NO_POS,
                            je.column > 0 ? (size_t)je.column : EG_NO_POS,
                            je.position >= 0 ? (size_t)je.position : EG_NO_POS, "%s", je.text);
#define FAIL(...)                                                                                  \
    do {                                                                                           \
        st = eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS, __VA_ARGS__); \
        goto done;                                                                                 \
    } while (0)
    json_t *nodes = json_object_get(root, "nodes"), *meta = json_object_get(root, "graph");
    json_t *edges = json_object_get(root, "edges");
    if (!edges)
        edges = json_object_get(root, "links");
    if (!json_is_object(root))
        FAIL("expected a JSON object with \"nodes\" and \"edges\"");
    if (!json_is_array(nodes))
        FAIL("\"nodes\" must be an array");
    if (edges && !json_is_array(edges))
        FAIL("\"edges\" must be an array");
    if (meta && !json_is_object(meta))
        FAIL("\"graph\" must be an object");
    size_t nv = json_array_size(nodes), ne = edges ? json_array_size(edges) : 0;
    if (nv > UINT32_MAX)
        FAIL("too many nodes (%zu)", nv);

    /* Nodes: ids first (they are needed to resolve edges), then every other attribute. */
    objs = eg_malloc(((nv > ne ? nv : ne) + 1) * sizeof *objs);
    index = eg_malloc((nv ? nv : 1) * sizeof *index);
    if (!objs || !index) {
        st = eg_error_nomem(err);
        goto done;
    }
    if ((st = eg_table_add_rows(&g->nodes, nv, err)))
        goto done;
    for (size_t i = 0; i < nv; i++) {
        char buf[64];
        const char *id;
        objs[i] = json_array_get(nodes, i);
        if (!json_is_object(objs[i]))
            FAIL("nodes[%zu] must be an object", i);
        json_t *idv = json_object_get(objs[i], "id");
        if (!idv || !json_id(idv, buf, sizeof buf, &id))
            FAIL("nodes[%zu]: \"id\" must be a string or a number", i);
        if (!id[0])
            FAIL("nodes[%zu]: empty \"id\"", i);
        if ((st = eg_table_set_string(&g->nodes, EG_NODE_ID, i, id, strlen(id), err)))
            goto done;
        index[i] = (id_key){eg_graph_node_id(g, i), (uint32_t)i};
    }
    eg_sort(index, nv, sizeof *index, cmp_id_key);
    for (size_t i = 1; i < nv; i++)
        if (strcmp(index[i - 1].id, index[i].id) == 0)
            FAIL("duplicate node id \"%s\"", index[i].id);
    if ((st = json_fill(&g->nodes, objs, nv, node_skip, "nodes", path, err)))
        goto done;

    /* Edges: self-loops are dropped here; parallel edges are merged by finish_graph. */
    size_t kept = 0;
    for (size_t i = 0; i < ne; i++) {
        json_t *e = json_array_get(edges, i);
        uint32_t a, b;
        if (!json_is_object(e))
            FAIL("edges[%zu] must be an object", i);
        if ((st = json_endpoint(e, "source", index, nv, i, path, &a, err)) ||
            (st = json_endpoint(e, "target", index, nv, i, path, &b, err)))
            goto done;
        if (a == b)
            continue;
        if ((st = eg_graph_add_edge(g, a, b, NULL, err)))
            goto done;
        objs[kept++] = e;
    }
    for (size_t e = 0; e < kept; e++)
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, e, 1.0);
    if ((st = json_fill(&g->edges, objs, kept, edge_skip, "edges", path, err)))
        goto done;
    if (meta && (st = json_fill(&g->meta, &meta, 1, NULL, "graph", path, err)))
        goto done;
#undef FAIL
done:
    free(objs);
    free(index);
    json_decref(root);
    return st;
}

/* ---- entry point ------------------------------------------------------------------------------------- */

eg_status eg_graph_read_file(const char *path, eg_graph **out, eg_error *err)
{
    eg_graph *g = NULL;
    eg_status st;
    int c;
    long start = 0; /* where the parser starts: after a UTF-8 byte order mark, if any */

    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return eg_error_io(err, path, "cannot open", errno);
    unsigned char bom[3];
    if (fread(bom, 1, 3, fp) == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF)
        start = 3;
    if (fseek(fp, start, SEEK_SET) != 0) {
        st = eg_error_io(err, path, "cannot seek", errno);
        goto done;
    }
    while ((c = getc(fp)) == ' ' || c == '\t' || c == '\n' || c == '\r')
        ;
    if (c == EOF && ferror(fp)) {
        st = eg_error_io(err, path, "cannot read", errno);
        goto done;
    }
    if (c != '<' && c != '{') {
        st = eg_error_set(err, EG_ERR_PARSE, path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                          c == EOF ? "empty file: expected a GraphML or JSON graph"
                                   : "not a graph file: expected GraphML ('<') or JSON ('{')");
        goto done;
    }
    /* GraphML goes to libxml2 from the first byte (it handles the mark itself). */
    if (fseek(fp, c == '<' ? 0 : start, SEEK_SET) != 0) {
        st = eg_error_io(err, path, "cannot seek", errno);
        goto done;
    }
    if ((st = eg_graph_new(&g, err)))
        goto done;
    st = c == '<' ? read_graphml(fp, path, g, err) : read_json(fp, path, g, err);
    if (!st)
        st = finish_graph(g, path, err);
    if (!st && ferror(fp))
        st = eg_error_set(err, EG_ERR_IO, path, EG_NO_POS, EG_NO_POS, EG_NO_POS, "read error");
done:
    fclose(fp);
    if (st) {
        if (err && !err->path[0])
            snprintf(err->path, sizeof err->path, "%s", path);
        eg_graph_free(g);
        return st;
    }
    *out = g;
    return EG_OK;
}
