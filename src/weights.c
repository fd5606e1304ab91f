/*
 * weights: pmi, npmi, jaccard and dice from the counts stored in the tables (formulas in weights.h and the
 * README). Every count is at least 1 on an edge, and n_ab <= min(n_a, n_b) <= N, so no logarithm or
 * division sees zero.
 */
#include "weights.h"

#include <math.h>
#include <string.h>

#include "error.h"

eg_status eg_weights_compute(eg_graph *g, eg_error *err)
{
    long wcol = eg_table_find(&g->nodes, "windows"), ncol = eg_table_find(&g->meta, "windows");
    if (wcol < 0 || ncol < 0 || g->nodes.cols[wcol].type != EG_ATTR_INT || g->meta.cols[ncol].type != EG_ATTR_INT)
        return EG_OK;
    double n = (double)g->meta.cols[ncol].v.i[0];
    const int64_t *nw = g->nodes.cols[wcol].v.i;
    static const char *const names[4] = {"pmi", "npmi", "jaccard", "dice"};
    size_t cols[4];
    for (int k = 0; k < 4; k++) {
        eg_status st = eg_table_add_column(&g->edges, names[k], EG_ATTR_DOUBLE, &cols[k], err);
        if (st)
            return st;
    }
    for (size_t e = 0; e < eg_graph_n_edges(g); e++) {
        double ab = (double)g->edges.cols[EG_EDGE_COUNT].v.i[e];
        double a = (double)nw[g->source[e]], b = (double)nw[g->target[e]];
        double pmi = 0, npmi = 0, jac = 0, dice = 0;
        if (ab > 0 && a > 0 && b > 0 && n > 0) {
            pmi = log(ab * n / (a * b));
            npmi = ab >= n ? 1.0 : pmi / -log(ab / n);
            jac = ab / (a + b - ab);
            dice = 2 * ab / (a + b);
        }
        eg_table_set_double(&g->edges, cols[0], e, pmi);
        eg_table_set_double(&g->edges, cols[1], e, npmi);
        eg_table_set_double(&g->edges, cols[2], e, jac);
        eg_table_set_double(&g->edges, cols[3], e, dice);
    }
    return EG_OK;
}

bool eg_weights_valid_name(const char *name)
{
    static const char *const names[] = {"count", "documents", "pmi", "npmi", "jaccard", "dice"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

eg_status eg_weights_select(eg_graph *g, const char *name, eg_error *err)
{
    long col = eg_table_find(&g->edges, name);
    if (col < 0 || (g->edges.cols[col].type != EG_ATTR_INT && g->edges.cols[col].type != EG_ATTR_DOUBLE))
        return eg_error_set(err, EG_ERR_NOTFOUND, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "the graph has no numeric edge attribute '%s'", name);
    const eg_column *c = &g->edges.cols[col];
    for (size_t e = 0; e < eg_graph_n_edges(g); e++)
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, e, c->type == EG_ATTR_INT ? (double)c->v.i[e] : c->v.d[e]);
    size_t mcol;
    eg_status st = eg_table_add_column(&g->meta, "weight", EG_ATTR_STRING, &mcol, err);
    return st ? st : eg_table_set_string(&g->meta, mcol, 0, name, strlen(name), err);
}
