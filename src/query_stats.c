/*
 * query_stats: counts by type (sorted string lists), components through igraph_connected_components and
 * the degree distribution from the edge list.
 */
#include "query_stats.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "graph_igraph.h"

void eg_graph_stats_destroy(eg_graph_stats *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_node_types; i++)
        free(s->node_types[i].type);
    for (size_t i = 0; i < s->n_edge_types; i++)
        free(s->edge_types[i].type);
    free(s->node_types);
    free(s->edge_types);
    s->node_types = s->edge_types = NULL;
    s->n_node_types = s->n_edge_types = 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_count(const void *a, const void *b)
{
    const eg_type_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->type, y->type);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Counts the n strings names[] (each owned; the array is consumed: moved into *out or freed). */
static eg_status count_names(char **names, size_t n, eg_type_count **out, size_t *n_out, eg_error *err)
{
    eg_type_count *res = eg_malloc((n ? n : 1) * sizeof *res);
    size_t k = 0;
    if (!res) {
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        return eg_error_nomem(err);
    }
    eg_sort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (k && strcmp(res[k - 1].type, names[i]) == 0) {
            res[k - 1].count++;
            free(names[i]);
        } else {
            res[k++] = (eg_type_count){names[i], 1};
        }
    }
    eg_sort(res, k, sizeof *res, cmp_count);
    *out = res;
    *n_out = k;
    return EG_OK;
}

static const char *type_of(const eg_graph *g, size_t v)
{
    const char *t = eg_graph_node_type(g, v);
    return t ? t : "";
}

static eg_status type_counts(const eg_graph *g, eg_graph_stats *s, eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g), ne = eg_graph_n_edges(g), made = 0;
    char **names = eg_malloc(((nv > ne ? nv : ne) + 1) * sizeof *names);
    eg_status st;
    if (!names)
        return eg_error_nomem(err);
    for (; made < nv; made++)
        if (!(names[made] = eg_strdup(type_of(g, made))))
            goto nomem;
    if ((st = count_names(names, nv, &s->node_types, &s->n_node_types, err)))
        goto fail;
    for (made = 0; made < ne; made++) {
        const char *a = type_of(g, g->source[made]), *b = type_of(g, g->target[made]);
        if (strcmp(a, b) > 0) {
            const char *t = a;
            a = b;
            b = t;
        }
        size_t len = strlen(a) + strlen(b) + 5;
        if (!(names[made] = eg_malloc(len)))
            goto nomem;
        snprintf(names[made], len, "%s -- %s", a, b);
    }
    st = count_names(names, ne, &s->edge_types, &s->n_edge_types, err);
    goto fail;
nomem:
    for (size_t i = 0; i < made; i++)
        free(names[i]);
    st = eg_error_nomem(err);
fail:
    free(names);
    return st;
}

static eg_status components(const eg_graph *g, eg_graph_stats *s, eg_error *err)
{
    igraph_t ig;
    igraph_vector_t weights;
    igraph_vector_int_t csize;
    igraph_integer_t no = 0;
    eg_status st = eg_graph_to_igraph(g, &ig, &weights, err);
    if (st)
        return st;
    igraph_error_t ic = igraph_vector_int_init(&csize, 0);
    if (ic == IGRAPH_SUCCESS) {
        ic = igraph_connected_components(&ig, NULL, &csize, &no, IGRAPH_WEAK);
        if (ic == IGRAPH_SUCCESS) {
            s->n_components = (size_t)no;
            for (igraph_integer_t i = 0; i < no; i++)
                if ((size_t)VECTOR(csize)[i] > s->largest_component)
                    s->largest_component = (size_t)VECTOR(csize)[i];
        }
        igraph_vector_int_destroy(&csize);
    }
    igraph_vector_destroy(&weights);
    igraph_destroy(&ig);
    return eg_igraph_status(ic, "components", err);
}

eg_status eg_query_stats(const eg_graph *g, eg_graph_stats *s, eg_error *err)
{
    size_t nv = eg_graph_n_nodes(g), ne = eg_graph_n_edges(g);
    size_t *degree = NULL;
    eg_status st;

    memset(s, 0, sizeof *s);
    s->n_nodes = nv;
    s->n_edges = ne;
    for (size_t e = 0; e < ne; e++)
        s->total_weight += eg_graph_edge_weight(g, e);
    if (nv >= 2)
        s->density = 2.0 * (double)ne / ((double)nv * (double)(nv - 1));
    if (nv == 0)
        return type_counts(g, s, err);
    if (!(degree = eg_calloc(nv, sizeof *degree)))
        return eg_error_nomem(err);
    for (size_t e = 0; e < ne; e++) {
        degree[g->source[e]]++;
        degree[g->target[e]]++;
    }
    eg_sort(degree, nv, sizeof *degree, cmp_size);
    s->degree_min = degree[0];
    s->degree_max = degree[nv - 1];
    s->degree_mean = 2.0 * (double)ne / (double)nv;
    s->degree_median = nv % 2 ? (double)degree[nv / 2] : (degree[nv / 2 - 1] + degree[nv / 2]) / 2.0;
    for (size_t v = 0; v < nv && degree[v] == 0; v++)
        s->n_isolated++;
    free(degree);
    if ((st = components(g, s, err)) || (st = type_counts(g, s, err)))
        eg_graph_stats_destroy(s);
    return st;
}
