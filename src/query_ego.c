/*
 * query_ego: hop distances from igraph's breadth-first search (igraph_bfs_simple); the linking edge of
 * each node is chosen here from its incident edges; subgraphs copy the typed columns generically, so every
 * attribute a stage added (pagerank, community, evidence, ...) travels with the exported ego network.
 */
#include "query_ego.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "graph_igraph.h"

typedef struct ego_key {
    eg_neighbor nb;
    const char *label, *id; /* never NULL */
} ego_key;

static int cmp_ego(const void *a, const void *b)
{
    const ego_key *x = a, *y = b;
    if (x->nb.hops != y->nb.hops)
        return x->nb.hops < y->nb.hops ? -1 : 1;
    if (x->nb.weight != y->nb.weight)
        return x->nb.weight > y->nb.weight ? -1 : 1;
    int c = strcmp(x->label, y->label);
    if (c)
        return c;
    if ((c = strcmp(x->id, y->id)))
        return c;
    return x->nb.node < y->nb.node ? -1 : x->nb.node > y->nb.node;
}

/* Hop distance from center to every node (-1: unreachable), through igraph. */
static eg_status hop_distances(const eg_graph *g, size_t center, long *dist, eg_error *err)
{
    igraph_t ig;
    igraph_vector_t weights;
    igraph_vector_int_t order, layers;
    eg_status st = eg_graph_to_igraph(g, &ig, &weights, err);
    if (st)
        return st;
    igraph_error_t ic = igraph_vector_int_init(&order, 0);
    if (ic == IGRAPH_SUCCESS && (ic = igraph_vector_int_init(&layers, 0)) != IGRAPH_SUCCESS)
        igraph_vector_int_destroy(&order);
    if (ic == IGRAPH_SUCCESS) {
        ic = igraph_bfs_simple(&ig, (igraph_integer_t)center, IGRAPH_ALL, &order, &layers, NULL);
        if (ic == IGRAPH_SUCCESS) {
            for (size_t v = 0; v < eg_graph_n_nodes(g); v++)
                dist[v] = -1;
            /* layers holds the start index of each layer in order, plus the end. */
            for (igraph_integer_t l = 0; l + 1 < igraph_vector_int_size(&layers); l++)
                for (igraph_integer_t i = VECTOR(layers)[l]; i < VECTOR(layers)[l + 1]; i++)
                    dist[VECTOR(order)[i]] = (long)l;
        }
        igraph_vector_int_destroy(&layers);
        igraph_vector_int_destroy(&order);
    }
    igraph_vector_destroy(&weights);
    igraph_destroy(&ig);
    return eg_igraph_status(ic, "neighbors", err);
}

eg_status eg_query_ego(const eg_graph *g, size_t center, size_t depth, size_t k, eg_neighbor **out,
                       size_t *n, eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g), ne = eg_graph_n_edges(g), kept = 0;
    long *dist = NULL;
    ego_key *keys = NULL;
    eg_neighbor *res = NULL;
    eg_status st = EG_OK;

    *out = NULL;
    *n = 0;
    if (center >= nv || depth == 0)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            center >= nv ? "node row out of range" : "depth must be at least 1");
    dist = eg_malloc(nv * sizeof *dist);
    keys = eg_calloc(nv, sizeof *keys);
    if (!dist || !keys) {
        st = eg_error_nomem(err);
        goto done;
    }
    if ((st = hop_distances(g, center, dist, err)))
        goto done;
    /* keys[v].nb.weight < 0 marks "no linking edge yet"; every edge from a node at hops h to one at
     * h + 1 is a candidate for the latter's link, the strongest wins (then the lower edge row). */
    for (size_t v = 0; v < nv; v++)
        keys[v].nb = (eg_neighbor){v, 0, 0, 0, -1.0};
    for (size_t e = 0; e < ne; e++) {
        size_t a = g->source[e], b = g->target[e];
        for (int side = 0; side < 2; side++) {
            size_t far = side ? a : b, near = side ? b : a;
            if (dist[near] < 0 || dist[far] != dist[near] + 1 || (size_t)dist[far] > depth)
                continue;
            double w = eg_graph_edge_weight(g, e);
            if (keys[far].nb.weight < 0 || w > keys[far].nb.weight) {
                keys[far].nb.via = near;
                keys[far].nb.edge = e;
                keys[far].nb.weight = w;
            }
        }
    }
    for (size_t v = 0; v < nv; v++) {
        if (v == center || dist[v] < 1 || (size_t)dist[v] > depth)
            continue;
        const char *label = eg_graph_node_label(g, v), *id = eg_graph_node_id(g, v);
        keys[kept] = keys[v];
        keys[kept].nb.hops = (size_t)dist[v];
        keys[kept].label = label ? label : "";
        keys[kept].id = id ? id : "";
        kept++;
    }
    eg_sort(keys, kept, sizeof *keys, cmp_ego);
    if (k > 0 && k < kept)
        kept = k;
    if (kept == 0)
        goto done;
    if (!(res = eg_malloc(kept * sizeof *res))) {
        st = eg_error_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < kept; i++)
        res[i] = keys[i].nb;
    *out = res;
    *n = kept;
done:
    free(dist);
    free(keys);
    return st;
}

/* ---- subgraphs --------------------------------------------------------------------------------------- */

/* Copies cell (src column sc, row sr) to (dst column dc, row dr); missing values stay missing. */
static eg_status copy_cell(const eg_table *src, size_t sc, size_t sr, eg_table *dst, size_t dc, size_t dr,
                           eg_cell_reader *cells, eg_error *err)
{
    const eg_column *c = &src->cols[sc];
    if (!eg_table_has(src, sc, sr))
        return EG_OK;
    switch (c->type) {
    case EG_ATTR_STRING:
    case EG_ATTR_JSON: { /* a deferred cell is made now: the subgraph keeps plain text */
        const char *text;
        size_t len;
        eg_status st = eg_table_cell_text(src, sc, sr, cells, &text, &len, err);
        return st ? st : eg_table_set_string(dst, dc, dr, text, len, err);
    }
    case EG_ATTR_INT: eg_table_set_int(dst, dc, dr, c->v.i[sr]); break;
    case EG_ATTR_DOUBLE: eg_table_set_double(dst, dc, dr, c->v.d[sr]); break;
    case EG_ATTR_BOOL: eg_table_set_bool(dst, dc, dr, c->v.b[sr] != 0); break;
    }
    return EG_OK;
}

/* Gives dst every column of src (same name, type and sparseness); col_map[i] is dst's index of src's
 * column i. */
static eg_status copy_columns(const eg_table *src, eg_table *dst, size_t *col_map, eg_error *err)
{
    for (size_t i = 0; i < src->n_cols; i++) {
        const eg_column *c = &src->cols[i];
        eg_status st = c->present ? eg_table_add_column_sparse(dst, c->name, c->type, &col_map[i], err)
                                  : eg_table_add_column(dst, c->name, c->type, &col_map[i], err);
        if (st)
            return st;
    }
    return EG_OK;
}

static eg_status copy_row(const eg_table *src, size_t sr, eg_table *dst, size_t dr, const size_t *col_map,
                          size_t first_col, eg_cell_reader *cells, eg_error *err)
{
    for (size_t i = first_col; i < src->n_cols; i++) {
        eg_status st = copy_cell(src, i, sr, dst, col_map[i], dr, cells, err);
        if (st)
            return st;
    }
    return EG_OK;
}

eg_status eg_graph_subgraph(const eg_graph *g, const size_t *nodes, size_t n, eg_graph **out, eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g);
    eg_graph *s = NULL;
    size_t *new_row = NULL, *node_cols = NULL, *edge_cols = NULL, *meta_cols = NULL;
    eg_cell_reader cells;
    eg_status st;

    *out = NULL;
    eg_cell_reader_init(&cells);
    for (size_t i = 0; i < n; i++)
        if (nodes[i] >= nv)
            return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "node row out of range");
    if ((st = eg_graph_new(&s, err)))
        return st;
    new_row = eg_malloc((nv ? nv : 1) * sizeof *new_row);
    node_cols = eg_malloc((g->nodes.n_cols + 1) * sizeof *node_cols);
    edge_cols = eg_malloc((g->edges.n_cols + 1) * sizeof *edge_cols);
    meta_cols = eg_malloc((g->meta.n_cols + 1) * sizeof *meta_cols);
    if (!new_row || !node_cols || !edge_cols || !meta_cols) {
        st = eg_error_nomem(err);
        goto done;
    }
    if ((st = copy_columns(&g->nodes, &s->nodes, node_cols, err)) ||
        (st = copy_columns(&g->edges, &s->edges, edge_cols, err)) ||
        (st = copy_columns(&g->meta, &s->meta, meta_cols, err)) ||
        (g->meta.n_rows > 0 && (st = copy_row(&g->meta, 0, &s->meta, 0, meta_cols, 0, &cells, err))))
        goto done;
    for (size_t v = 0; v < nv; v++)
        new_row[v] = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t v = nodes[i], row;
        const char *id = eg_graph_node_id(g, v), *label = eg_graph_node_label(g, v),
                   *type = eg_graph_node_type(g, v);
        if ((st = eg_graph_add_node(s, id ? id : "", label ? label : "", type ? type : "", &row, err)) ||
            (st = copy_row(&g->nodes, v, &s->nodes, row, node_cols, EG_NODE_TYPE + 1, &cells, err)))
            goto done;
        /* A missing label or type stays missing. */
        if (!label)
            eg_table_set_string(&s->nodes, EG_NODE_LABEL, row, NULL, 0, err);
        if (!type)
            eg_table_set_string(&s->nodes, EG_NODE_TYPE, row, NULL, 0, err);
        new_row[v] = row;
    }
    for (size_t e = 0; e < eg_graph_n_edges(g); e++) {
        size_t a = new_row[g->source[e]], b = new_row[g->target[e]], row;
        if (a == (size_t)-1 || b == (size_t)-1)
            continue;
        if ((st = eg_graph_add_edge(s, (uint32_t)a, (uint32_t)b, &row, err)) ||
            (st = copy_row(&g->edges, e, &s->edges, row, edge_cols, 0, &cells, err)))
            goto done;
    }
    st = eg_graph_sort(s, err);
done:
    eg_cell_reader_destroy(&cells);
    free(new_row);
    free(node_cols);
    free(edge_cols);
    free(meta_cols);
    if (st) {
        eg_graph_free(s);
        return st;
    }
    *out = s;
    return EG_OK;
}
