/*
 * test_query_graph: lookup, ego networks, subgraphs, paths, communities, stats and evidence on a small
 * hand-checked graph (the one of tests/query/data/graph.json):
 *
 *     Alpha Kim ---4--- Beta Lee ---1--- Lee Min          Isolde Park (isolated)
 *          \              |
 *           1             4
 *            \            |
 *             Gamma Republic ---2--- Delta Corp ---1--- 서울
 *
 * Strongest Alpha -> Gamma: via Beta, 1/4 + 1/4 = 0.5 < 1; shortest: direct (1 hop). Components: 2 (6
 * nodes + the isolated one); density 2 * 6 / (7 * 6) = 2/7. The obvious communities {Alpha, Beta, Gamma,
 * Lee Min}, {Delta, 서울}, {Isolde} have modularity 0.10651 (networkx, weight="weight"), which Leiden and
 * Louvain both find.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "dict.h"
#include "evidence.h"
#include "harness.h"
#include "lookup.h"
#include "query_community.h"
#include "query_ego.h"
#include "query_path.h"
#include "query_stats.h"

enum { GAMMA, SEOUL, DELTA, ALPHA, BETA, ISO, LEEMIN, N_NODES };

static eg_graph *make_graph(void)
{
    static const char *const ids[N_NODES] = {"c:gamma", "l:seoul", "o:delta", "p:alpha", "p:beta", "p:iso", "p:lee-min"};
    static const char *const labels[N_NODES] = {"Gamma Republic", "\xec\x84\x9c\xec\x9a\xb8", "Delta Corp",
                                                "Alpha Kim", "Beta Lee", "Isolde Park", "Lee Min"};
    static const char *const types[N_NODES] = {"country", "location", "organization", "person", "person",
                                               "person", "person"};
    static const struct { int a, b; double w; } edges[] = {
        {GAMMA, DELTA, 2}, {GAMMA, ALPHA, 1}, {GAMMA, BETA, 4}, {SEOUL, DELTA, 1}, {ALPHA, BETA, 4}, {BETA, LEEMIN, 1},
    };
    eg_graph *g = NULL;
    eg_error err;
    size_t col;
    if (eg_graph_new(&g, &err))
        return NULL;
    for (int v = 0; v < N_NODES; v++)
        if (eg_graph_add_node(g, ids[v], labels[v], types[v], NULL, &err))
            goto fail;
    if (eg_table_add_column(&g->edges, "evidence", EG_ATTR_JSON, &col, &err))
        goto fail;
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        size_t row;
        if (eg_graph_add_edge(g, (uint32_t)edges[i].a, (uint32_t)edges[i].b, &row, &err))
            goto fail;
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, row, edges[i].w);
        eg_table_set_int(&g->edges, EG_EDGE_COUNT, row, (int64_t)edges[i].w);
        if (edges[i].a == ALPHA && edges[i].b == BETA) {
            const char *ev = "[{\"doc\":\"d1\",\"start\":0,\"end\":23,\"text\":\"Alpha Kim met Beta Lee.\"}]";
            if (eg_table_set_string(&g->edges, col, row, ev, strlen(ev), &err))
                goto fail;
        }
    }
    if (eg_graph_sort(g, &err))
        goto fail;
    return g;
fail:
    eg_graph_free(g);
    return NULL;
}

static void test_lookup(const eg_graph *g)
{
    eg_lookup *l = NULL;
    eg_error err;
    size_t v = 99;
    CHECK(eg_lookup_new(g, NULL, &l, &err) == EG_OK);
    CHECK(eg_lookup_find(l, "p:beta", &v, &err) == EG_OK && v == BETA);
    CHECK(eg_lookup_find(l, "  ALPHA   kim ", &v, &err) == EG_OK && v == ALPHA);
    CHECK(eg_lookup_find(l, "\xec\x84\x9c\xec\x9a\xb8", &v, &err) == EG_OK && v == SEOUL);
    CHECK(eg_lookup_find(l, "Alfa Kim", &v, &err) == EG_ERR_NOTFOUND);
    CHECK(strstr(err.message, "did you mean \"Alpha Kim\"") != NULL);
    CHECK(eg_lookup_find(l, "", &v, &err) == EG_ERR_USAGE);
    eg_lookup_free(l);

    eg_dict *d = eg_dict_new();
    CHECK(d && eg_dict_add(d, "p:beta", "person", "Beta Lee", "Lee", NULL, NULL, &err) == EG_OK);
    CHECK(d && eg_dict_add(d, "p:lee-min", "person", "Lee Min", "Lee", NULL, NULL, &err) == EG_OK);
    CHECK(eg_lookup_new(g, d, &l, &err) == EG_OK);
    CHECK(eg_lookup_find(l, "lee", &v, &err) == EG_ERR_NOTFOUND);
    CHECK(strstr(err.message, "ambiguous: Beta Lee (p:beta), Lee Min (p:lee-min)") != NULL);
    eg_lookup_free(l);
    eg_dict_free(d);
}

static void test_ego(const eg_graph *g)
{
    eg_neighbor *nb = NULL;
    size_t n = 0;
    eg_error err;
    CHECK(eg_query_ego(g, BETA, 1, 0, &nb, &n, &err) == EG_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(nb[0].node, ALPHA); /* weight 4, "Alpha Kim" < "Gamma Republic" */
        CHECK_INT(nb[1].node, GAMMA);
        CHECK_INT(nb[2].node, LEEMIN);
    }
    free(nb);
    CHECK(eg_query_ego(g, BETA, 2, 0, &nb, &n, &err) == EG_OK);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_INT(nb[3].node, DELTA);
        CHECK_INT(nb[3].hops, 2);
        CHECK_INT(nb[3].via, GAMMA);
    }
    free(nb);
    CHECK(eg_query_ego(g, ISO, 1, 0, &nb, &n, &err) == EG_OK && n == 0 && nb == NULL);

    size_t rows[] = {BETA, ALPHA, GAMMA};
    eg_graph *s = NULL;
    CHECK(eg_graph_subgraph(g, rows, 3, &s, &err) == EG_OK);
    if (s) {
        CHECK_INT(eg_graph_n_nodes(s), 3);
        CHECK_INT(eg_graph_n_edges(s), 3);
        CHECK(eg_evidence_available(s));
        eg_graph_free(s);
    }
}

static void test_path(const eg_graph *g)
{
    eg_path p = {0};
    eg_error err;
    CHECK(eg_query_path(g, ALPHA, GAMMA, EG_PATH_STRONGEST, &p, &err) == EG_OK);
    CHECK_INT(p.n_nodes, 3);
    CHECK(fabs(p.length - 0.5) < 1e-12);
    if (p.n_nodes == 3) {
        CHECK_INT(p.nodes[1], BETA);
        eg_evidence *ev = NULL;
        size_t n = 0;
        CHECK(eg_evidence_get(g, p.edges[0], &ev, &n, &err) == EG_OK && n == 1);
        if (n == 1) {
            CHECK_STR(ev[0].text, "Alpha Kim met Beta Lee.");
            CHECK_INT(ev[0].end, 23);
        }
        eg_evidence_free(ev, n);
    }
    eg_path_destroy(&p);
    CHECK(eg_query_path(g, ALPHA, GAMMA, EG_PATH_SHORTEST, &p, &err) == EG_OK);
    CHECK_INT(p.n_nodes, 2);
    eg_path_destroy(&p);
    CHECK(eg_query_path(g, ALPHA, ISO, EG_PATH_STRONGEST, &p, &err) == EG_ERR_NOTFOUND);
    CHECK(eg_query_path(g, SEOUL, SEOUL, EG_PATH_STRONGEST, &p, &err) == EG_OK && p.n_nodes == 1);
    eg_path_destroy(&p);
}

static void test_communities(const eg_graph *g)
{
    size_t comm[N_NODES], k = 0;
    double q = 0;
    eg_error err;
    for (int m = 0; m < 2; m++) {
        CHECK(eg_query_communities(g, (eg_community_method)m, 1.0, comm, &k, &q, &err) == EG_OK);
        CHECK_INT(k, 3);
        CHECK(comm[ALPHA] == 1 && comm[BETA] == 1 && comm[GAMMA] == 1 && comm[LEEMIN] == 1);
        CHECK(comm[DELTA] == 2 && comm[SEOUL] == 2 && comm[ISO] == 3);
        CHECK(fabs(q - 0.1065088757) < 1e-8);
    }
    CHECK(eg_query_communities(g, EG_COMMUNITY_LEIDEN, 0.0, comm, &k, &q, &err) == EG_ERR_USAGE);
}

static void test_stats(const eg_graph *g)
{
    eg_graph_stats s;
    eg_error err;
    CHECK(eg_query_stats(g, &s, &err) == EG_OK);
    CHECK_INT(s.n_components, 2);
    CHECK_INT(s.largest_component, 6);
    CHECK_INT(s.n_isolated, 1);
    CHECK(fabs(s.density - 2.0 / 7.0) < 1e-12);
    CHECK_INT(s.degree_max, 3);
    CHECK(s.n_node_types == 4 && strcmp(s.node_types[0].type, "person") == 0 && s.node_types[0].count == 4);
    CHECK(s.n_edge_types > 0 && strcmp(s.edge_types[0].type, "country -- person") == 0);
    eg_graph_stats_destroy(&s);
}

/* Fails the k-th allocation for every k: each call fails cleanly or succeeds, and nothing leaks (ASan). */
static void test_alloc_failures(const eg_graph *g)
{
    for (long k = 1; k < 400; k++) {
        eg_error err;
        eg_lookup *l = NULL;
        eg_neighbor *nb = NULL;
        eg_graph *s = NULL;
        eg_graph_stats st;
        eg_path p = {0};
        size_t n, v, rows[] = {BETA, ALPHA};
        eg_alloc_fail_at = k;
        if (eg_lookup_new(g, NULL, &l, &err) == EG_OK) {
            eg_lookup_find(l, "alfa kim", &v, &err);
            eg_lookup_free(l);
        }
        eg_alloc_fail_at = k;
        if (eg_query_ego(g, BETA, 2, 0, &nb, &n, &err) == EG_OK)
            free(nb);
        eg_alloc_fail_at = k;
        if (eg_graph_subgraph(g, rows, 2, &s, &err) == EG_OK)
            eg_graph_free(s);
        eg_alloc_fail_at = k;
        if (eg_query_stats(g, &st, &err) == EG_OK)
            eg_graph_stats_destroy(&st);
        eg_alloc_fail_at = k;
        eg_query_path(g, ALPHA, GAMMA, EG_PATH_STRONGEST, &p, &err);
        eg_path_destroy(&p);
        eg_alloc_fail_at = 0;
    }
    CHECK(1);
}

int main(void)
{
    eg_graph *g = make_graph();
    CHECK(g != NULL);
    if (!g)
        TEST_END();
    test_lookup(g);
    test_ego(g);
    test_path(g);
    test_communities(g);
    test_stats(g);
    test_alloc_failures(g);
    eg_graph_free(g);
    TEST_END();
}
