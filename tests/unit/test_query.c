/*
 * test_query: centralities and ranking on a small hand-checked graph.
 *
 * The graph (node row = index; weights on edges):
 *
 *     a "Zulu" person ---2--- b "Bravo" person        f "Golf" person ---1--- g "Golf" organization
 *          \                 /
 *           1               1                          h "Hotel" person (isolated)
 *            \             /
 *             c "Charlie" organization ---3--- d "Delta" country ---1--- e "서울" country
 *
 * Lengths for the path-based measures are 1/weight: a-b 0.5, a-c 1, b-c 1, c-d 1/3, d-e 1, f-g 1.
 * n = 8 nodes, 3 components.
 *
 * Exact by hand: degree, strength, coreness; betweenness (shortest a-d, a-e, b-d, b-e paths pass c,
 * a-e, b-e, c-e pass d; a-b goes direct, 0.5 < 2); closeness and harmonic from the distance table, e.g. for
 * c: distances a 1, b 1, d 1/3, e 4/3, r = 4, sum 11/3, closeness = (4/7) * (4 / (11/3)) = 48/77;
 * harmonic = 1 + 1 + 3 + 3/4 = 5.75.
 * PageRank and eigenvector: python3-igraph 0.10.2 (Debian), g.pagerank(weights=w, implementation="prpack",
 * damping=0.85) and g.eigenvector_centrality(weights=w, scale=True); closeness and harmonic were also
 * recomputed there from g.distances(weights=1/w) with the formula in query.h.
 */
#include <igraph.h>
#include <math.h>
#include <stdlib.h>

#include "error.h"
#include "graph.h"
#include "harness.h"
#include "query.h"

enum { A, B, C, D, E, F, G, H, N_NODES };

static eg_graph *make_graph(void)
{
    static const char *const ids[N_NODES] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    static const char *const labels[N_NODES] = {"Zulu", "Bravo", "Charlie", "Delta",
                                                "\xec\x84\x9c\xec\x9a\xb8", "Golf", "Golf", "Hotel"};
    static const char *const types[N_NODES] = {"person",  "person", "organization", "country",
                                               "country", "person", "organization", "person"};
    static const struct { int a, b; double w; } edges[] = {
        {A, B, 2.0}, {A, C, 1.0}, {B, C, 1.0}, {C, D, 3.0}, {D, E, 1.0}, {F, G, 1.0},
    };
    eg_graph *g = NULL;
    eg_error err;
    if (eg_graph_new(&g, &err))
        return NULL;
    for (int v = 0; v < N_NODES; v++)
        if (eg_graph_add_node(g, ids[v], labels[v], types[v], NULL, &err))
            goto fail;
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        size_t row;
        if (eg_graph_add_edge(g, (uint32_t)edges[i].a, (uint32_t)edges[i].b, &row, &err))
            goto fail;
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, row, edges[i].w);
        eg_table_set_int(&g->edges, EG_EDGE_COUNT, row, (int64_t)edges[i].w);
    }
    return g;
fail:
    eg_graph_free(g);
    return NULL;
}

static void check_scores(const eg_graph *g, eg_measure m, const double *want, double tol)
{
    double got[N_NODES];
    eg_error err;
    eg_error_clear(&err);
    CHECK_INT(eg_query_scores(g, m, got, &err), EG_OK);
    for (int v = 0; v < N_NODES; v++) {
        bool ok = tol == 0.0 ? got[v] == want[v] : fabs(got[v] - want[v]) <= tol;
        if (!ok)
            fprintf(stderr, "%s: node %d: expected %.12g, got %.12g\n", eg_measure_name(m), v, want[v], got[v]);
        CHECK(ok);
    }
}

static void test_measures(const eg_graph *g)
{
    static const double degree[N_NODES] = {2, 2, 3, 2, 1, 1, 1, 0};
    static const double strength[N_NODES] = {3, 3, 5, 4, 1, 1, 1, 0};
    static const double coreness[N_NODES] = {2, 2, 2, 1, 1, 1, 1, 0};
    static const double betweenness[N_NODES] = {0, 0, 4, 3, 0, 0, 0, 0};
    static const double pagerank[N_NODES] = {0.129377755298, 0.129377755298, 0.206380429314,
                                             0.175823289411, 0.058341469979, 0.139860139860,
                                             0.139860139860, 0.020979020979};
    static const double eigenvector[N_NODES] = {0.574561210859, 0.574561210859, 1.0, 0.863778725708,
                                                0.230928562069, 0, 0, 0};
    /* (r/7) * (r/S): a (and b): r 4, S = 1/2 + 1 + 4/3 + 7/3 = 31/6 -> 96/217; c: 48/77 (header);
     * d: S = 1/3 + 4/3 + 4/3 + 1 = 4 -> 4/7; e: S = 1 + 4/3 + 7/3 + 7/3 = 7 -> 16/49; f, g: r 1, S 1 -> 1/7;
     * h reaches nothing -> 0. */
    static const double closeness[N_NODES] = {96.0 / 217, 96.0 / 217, 48.0 / 77, 4.0 / 7,
                                              16.0 / 49,  1.0 / 7,    1.0 / 7,   0};
    static const double harmonic[N_NODES] = {4.178571428571, 4.178571428571, 5.75, 5.5,
                                             2.607142857143, 1, 1, 0};

    check_scores(g, EG_BY_DEGREE, degree, 0.0);
    check_scores(g, EG_BY_STRENGTH, strength, 0.0);
    check_scores(g, EG_BY_CORENESS, coreness, 0.0);
    check_scores(g, EG_BY_BETWEENNESS, betweenness, 1e-9);
    check_scores(g, EG_BY_PAGERANK, pagerank, 1e-6);
    check_scores(g, EG_BY_EIGENVECTOR, eigenvector, 1e-6);
    check_scores(g, EG_BY_CLOSENESS, closeness, 1e-9);
    check_scores(g, EG_BY_HARMONIC, harmonic, 1e-9);

    /* PageRank is a distribution. */
    double pr[N_NODES], sum = 0;
    eg_error err;
    CHECK_INT(eg_query_scores(g, EG_BY_PAGERANK, pr, &err), EG_OK);
    for (int v = 0; v < N_NODES; v++)
        sum += pr[v];
    CHECK(fabs(sum - 1.0) < 1e-9);
}

/* Checks that the ranking holds exactly the node ids in want (NULL-terminated), in order. */
static void check_top(const eg_graph *g, eg_measure m, size_t k, const char *types, const char *const *want)
{
    eg_ranked *r = NULL;
    size_t n = 99, n_want = 0;
    eg_error err;
    while (want[n_want])
        n_want++;
    CHECK_INT(eg_query_top(g, m, k, types, &r, &n, &err), EG_OK);
    CHECK_INT(n, n_want);
    for (size_t i = 0; i < n && i < n_want; i++)
        CHECK_STR(eg_graph_node_id(g, r[i].node), want[i]);
    /* Ranking scores computed beforehand gives the same list. */
    double scores[64];
    eg_ranked *r2 = NULL;
    size_t n2 = 99;
    CHECK(eg_graph_n_nodes(g) <= 64);
    CHECK_INT(eg_query_scores(g, m, scores, &err), EG_OK);
    CHECK_INT(eg_query_rank(g, scores, k, types, &r2, &n2, &err), EG_OK);
    CHECK_INT(n2, n);
    for (size_t i = 0; i < n && i < n2; i++)
        CHECK(r2[i].node == r[i].node && r2[i].score == r[i].score);
    free(r2);
    free(r);
}

static void test_top(const eg_graph *g)
{
    /* Degree: c 3; a, b, d 2 ordered by label Bravo < Delta < Zulu; e, f, g 1: the two "Golf" by id (f, g),
     * then "서울" (UTF-8 bytes sort after ASCII); h 0. */
    static const char *const all[] = {"c", "b", "d", "a", "f", "g", "e", "h", NULL};
    static const char *const top3[] = {"c", "b", "d", NULL};
    static const char *const persons[] = {"b", "a", "f", "h", NULL};
    static const char *const person_country2[] = {"b", "d", NULL};
    static const char *const none[] = {NULL};
    static const char *const by_between[] = {"c", "d", NULL};

    check_top(g, EG_BY_DEGREE, 0, NULL, all);
    check_top(g, EG_BY_DEGREE, 3, NULL, top3);
    check_top(g, EG_BY_DEGREE, 100, NULL, all);
    check_top(g, EG_BY_DEGREE, 0, "person", persons);
    check_top(g, EG_BY_DEGREE, 2, " person ,country", person_country2);
    check_top(g, EG_BY_DEGREE, 0, "city", none);
    check_top(g, EG_BY_BETWEENNESS, 2, NULL, by_between);

    eg_ranked *r = (eg_ranked *)&r; /* must be reset */
    size_t n = 5;
    eg_error err;
    CHECK_INT(eg_query_top(g, EG_BY_DEGREE, 0, " , ", &r, &n, &err), EG_ERR_USAGE);
    CHECK(r == NULL && n == 0);
    /* Scores are exactly eg_query_scores', unrounded. */
    double scores[N_NODES];
    CHECK_INT(eg_query_scores(g, EG_BY_CLOSENESS, scores, &err), EG_OK);
    CHECK_INT(eg_query_top(g, EG_BY_CLOSENESS, 1, NULL, &r, &n, &err), EG_OK);
    CHECK_INT(n, 1);
    if (n == 1)
        CHECK(r[0].node == C && r[0].score == scores[C] && fabs(r[0].score - 48.0 / 77) < 1e-12);
    free(r);
}

static void test_names(void)
{
    eg_measure m;
    eg_error err;
    for (int i = 0; i < EG_N_MEASURES; i++) {
        CHECK_INT(eg_measure_parse(eg_measure_name((eg_measure)i), &m, &err), EG_OK);
        CHECK_INT(m, i);
    }
    CHECK_STR(eg_measure_name(EG_BY_HARMONIC), "harmonic");
    eg_error_clear(&err);
    CHECK_INT(eg_measure_parse("PageRank", &m, &err), EG_ERR_USAGE);
    CHECK(strstr(err.message, "PageRank") != NULL);
    CHECK_INT(eg_measure_parse("", &m, &err), EG_ERR_USAGE);
}

static void test_empty_and_bad_weights(void)
{
    eg_graph *g = NULL;
    eg_error err;
    eg_ranked *r = NULL;
    size_t n = 7;
    CHECK_INT(eg_graph_new(&g, &err), EG_OK);
    if (!g)
        return;
    for (int m = 0; m < EG_N_MEASURES; m++) {
        CHECK_INT(eg_query_top(g, (eg_measure)m, 5, NULL, &r, &n, &err), EG_OK);
        CHECK(r == NULL && n == 0);
    }
    /* Two nodes, one edge of weight 0: the measures that need positive weights refuse it. */
    size_t row;
    CHECK_INT(eg_graph_add_node(g, "x", "X", "person", NULL, &err), EG_OK);
    CHECK_INT(eg_graph_add_node(g, "y", "Y", "person", NULL, &err), EG_OK);
    CHECK_INT(eg_graph_add_edge(g, 0, 1, &row, &err), EG_OK);
    eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, row, 0.0);
    double s[2];
    eg_error_clear(&err);
    CHECK_INT(eg_query_scores(g, EG_BY_CLOSENESS, s, &err), EG_ERR_GRAPH);
    CHECK(strstr(err.message, "x -- y") != NULL);
    CHECK_INT(eg_query_scores(g, EG_BY_PAGERANK, s, &err), EG_ERR_GRAPH);
    CHECK_INT(eg_query_scores(g, EG_BY_STRENGTH, s, &err), EG_OK);
    CHECK(s[0] == 0.0 && s[1] == 0.0);
    CHECK_INT(eg_query_scores(g, EG_BY_DEGREE, s, &err), EG_OK);
    CHECK(s[0] == 1.0 && s[1] == 1.0);
    eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, row, NAN);
    CHECK_INT(eg_query_scores(g, EG_BY_HARMONIC, s, &err), EG_ERR_GRAPH);
    /* No edges at all: eigenvector gives every node 1 (igraph's convention), closeness 0. */
    eg_graph_free(g);
    CHECK_INT(eg_graph_new(&g, &err), EG_OK);
    if (!g)
        return;
    CHECK_INT(eg_graph_add_node(g, "x", "X", "person", NULL, &err), EG_OK);
    CHECK_INT(eg_query_scores(g, EG_BY_EIGENVECTOR, s, &err), EG_OK);
    CHECK(s[0] == 1.0);
    CHECK_INT(eg_query_scores(g, EG_BY_CLOSENESS, s, &err), EG_OK);
    CHECK(s[0] == 0.0);
    eg_graph_free(g);
}

/* Every allocation failing in turn: no crash, no leak (under ASan), an error or a correct answer. */
static void test_alloc_failures(const eg_graph *g)
{
    for (long k = 1; k < 40; k++) {
        eg_ranked *r = NULL;
        size_t n = 0;
        eg_error err;
        eg_alloc_fail_at = k;
        eg_status st = eg_query_top(g, EG_BY_HARMONIC, 3, "person", &r, &n, &err);
        eg_alloc_fail_at = 0;
        CHECK(st == EG_OK || st == EG_ERR_NOMEM);
        CHECK(st != EG_OK || n == 3);
        free(r);
    }
}

int main(void)
{
    eg_graph *g = make_graph();
    CHECK(g != NULL);
    if (!g)
        TEST_END();
    test_measures(g);
    test_top(g);
    test_names();
    test_empty_and_bad_weights();
    test_alloc_failures(g);
    eg_graph_free(g);
    /* Every path, failing or not, left igraph's cleanup stack empty. */
    CHECK_INT(IGRAPH_FINALLY_STACK_SIZE(), 0);
    TEST_END();
}
