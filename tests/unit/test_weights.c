/* Unit tests for weights.c, prune.c and timeline.c: association weights worked out by hand, node and edge
 * cuts, the disparity-filter backbone, and document dates and periods. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "harness.h"
#include "prune.h"
#include "timeline.h"
#include "weights.h"

#define CLOSE(a, b) CHECK(fabs((a) - (b)) < 1e-9)

/* Nodes a, b, c (rows in id order) with `windows` na, nb, nc; edges with counts; meta windows n. */
static eg_graph *make(int64_t n, const int64_t *win, const int64_t *mentions, const char *const *types, size_t nv,
                      const uint32_t (*edges)[2], const int64_t *counts, size_t ne)
{
    eg_graph *g;
    eg_error err;
    size_t col, mcol;
    eg_graph_new(&g, &err);
    eg_table_add_column(&g->nodes, "windows", EG_ATTR_INT, &col, &err);
    eg_table_add_column(&g->meta, "windows", EG_ATTR_INT, &mcol, &err);
    eg_table_set_int(&g->meta, mcol, 0, n);
    for (size_t v = 0; v < nv; v++) {
        char id[2] = {(char)('a' + v), 0};
        size_t r;
        eg_graph_add_node(g, id, id, types ? types[v] : "person", &r, &err);
        eg_table_set_int(&g->nodes, col, r, win[v]);
        eg_table_set_int(&g->nodes, EG_NODE_MENTIONS, r, mentions ? mentions[v] : win[v]);
    }
    for (size_t e = 0; e < ne; e++) {
        size_t r;
        eg_graph_add_edge(g, edges[e][0], edges[e][1], &r, &err);
        eg_table_set_int(&g->edges, EG_EDGE_COUNT, r, counts[e]);
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, r, (double)counts[e]);
    }
    eg_graph_sort(g, &err);
    return g;
}

static double col(const eg_graph *g, const char *name, size_t e)
{
    long c = eg_table_find(&g->edges, name);
    return c < 0 ? NAN : g->edges.cols[c].v.d[e];
}

static void test_weights(void)
{
    /* The corpus of tests/golden/cooccur-sentence: N = 7 sentence windows; Ann in 4, Bob in 5, Acme in 4
     * (rows: a = Acme, b = Ann, c = Bob); Acme-Ann 2, Acme-Bob 3, Ann-Bob 2. */
    const int64_t win[] = {4, 4, 5};
    const uint32_t edges[][2] = {{0, 1}, {0, 2}, {1, 2}};
    const int64_t counts[] = {2, 3, 2};
    eg_graph *g = make(7, win, NULL, NULL, 3, edges, counts, 3);
    eg_error err;
    CHECK_INT(eg_weights_compute(g, &err), EG_OK);
    /* Acme-Ann: pmi = ln(2*7/(4*4)) = ln 0.875; npmi = pmi / -ln(2/7); jaccard 2/6; dice 4/8 */
    CLOSE(col(g, "pmi", 0), log(0.875));
    CLOSE(col(g, "npmi", 0), log(0.875) / -log(2.0 / 7));
    CLOSE(col(g, "jaccard", 0), 2.0 / 6);
    CLOSE(col(g, "dice", 0), 0.5);
    /* Acme-Bob: pmi = ln(3*7/(4*5)) = ln 1.05; jaccard 3/6; dice 6/9 */
    CLOSE(col(g, "pmi", 1), log(1.05));
    CLOSE(col(g, "npmi", 1), log(1.05) / -log(3.0 / 7));
    CLOSE(col(g, "jaccard", 1), 0.5);
    CLOSE(col(g, "dice", 1), 6.0 / 9);
    /* Ann-Bob: pmi = ln(14/20); jaccard 2/7; dice 4/9 */
    CLOSE(col(g, "pmi", 2), log(0.7));
    CLOSE(col(g, "jaccard", 2), 2.0 / 7);
    CLOSE(col(g, "dice", 2), 4.0 / 9);
    CHECK_INT(eg_weights_select(g, "dice", &err), EG_OK);
    CLOSE(eg_graph_edge_weight(g, 1), 6.0 / 9);
    CHECK_INT(eg_weights_select(g, "nope", &err), EG_ERR_NOTFOUND);
    CHECK(eg_weights_valid_name("npmi"));
    CHECK(!eg_weights_valid_name("weight"));
    eg_graph_free(g);

    /* A pair in every window: npmi is 1 by definition. */
    const int64_t w2[] = {3, 3};
    const int64_t c2[] = {3};
    g = make(3, w2, NULL, NULL, 2, edges, c2, 1);
    CHECK_INT(eg_weights_compute(g, &err), EG_OK);
    CLOSE(col(g, "npmi", 0), 1.0);
    CLOSE(col(g, "pmi", 0), 0.0);
    eg_graph_free(g);
}

static void test_prune(void)
{
    eg_error err;
    /* A star a-b (8), a-c (1), a-d (1) plus c-d (1). Strength of a = 10, degree 3:
     * alpha(a-b at a) = (1 - 8/10)^2 = 0.04; alpha(a-c at a) = 0.81; at c (s=2, k=2): (1 - 1/2)^1 = 0.5.
     * b has degree 1, so a-b stays whatever ALPHA. */
    CLOSE(eg_prune_disparity_alpha(8, 10, 3), 0.04);
    CLOSE(eg_prune_disparity_alpha(1, 10, 3), 0.81);
    CLOSE(eg_prune_disparity_alpha(1, 2, 2), 0.5);
    CLOSE(eg_prune_disparity_alpha(5, 5, 1), 1.0);
    const int64_t win[] = {10, 8, 2, 2};
    const int64_t mentions[] = {10, 8, 2, 1};
    const char *const types[] = {"person", "country", "person", "role"};
    const uint32_t edges[][2] = {{0, 1}, {0, 2}, {0, 3}, {2, 3}};
    const int64_t counts[] = {8, 1, 1, 1};
    eg_graph *g = make(20, win, mentions, types, 4, edges, counts, 4);
    eg_prune_options o = {0};
    o.backbone = 0.3;
    CHECK_INT(eg_prune(g, &o, &err), EG_OK);
    CHECK_INT(eg_graph_n_edges(g), 1); /* only a-b: every other edge has alpha >= 0.5 at both ends */
    CHECK_INT(eg_graph_n_nodes(g), 4);  /* nodes stay */
    eg_graph_free(g);

    g = make(20, win, mentions, types, 4, edges, counts, 4);
    o = (eg_prune_options){0};
    o.backbone = 0.6; /* c-d: 0.5 at c and d: kept; a-c: 0.5 at c: kept */
    CHECK_INT(eg_prune(g, &o, &err), EG_OK);
    CHECK_INT(eg_graph_n_edges(g), 4);
    eg_graph_free(g);

    g = make(20, win, mentions, types, 4, edges, counts, 4);
    o = (eg_prune_options){0};
    o.types = "person,role";
    o.min_mentions = 2;
    CHECK_INT(eg_prune(g, &o, &err), EG_OK);
    CHECK_INT(eg_graph_n_nodes(g), 2); /* a, c */
    CHECK_INT(eg_graph_n_edges(g), 1); /* a-c */
    CHECK_STR(eg_graph_node_id(g, 1), "c");
    CHECK_INT(g->source[0], 0);
    CHECK_INT(g->target[0], 1);
    eg_graph_free(g);

    g = make(20, win, mentions, types, 4, edges, counts, 4);
    o = (eg_prune_options){0};
    o.top_nodes = 2;
    o.min_count = 2;
    CHECK_INT(eg_prune(g, &o, &err), EG_OK);
    CHECK_INT(eg_graph_n_nodes(g), 2); /* a (10), b (8) */
    CHECK_INT(eg_graph_n_edges(g), 1);
    eg_graph_free(g);

    /* Positive weights only (pmi). */
    g = make(20, win, mentions, types, 4, edges, counts, 4);
    eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, 3, -0.5);
    o = (eg_prune_options){0};
    o.positive_weights = true;
    CHECK_INT(eg_prune(g, &o, &err), EG_OK);
    CHECK_INT(eg_graph_n_edges(g), 3);
    eg_graph_free(g);
}

static void test_dates(void)
{
    int64_t d;
    char buf[16];
    CHECK(eg_date_parse("1970-01-01", &d));
    CHECK_INT(d, 0);
    CHECK(eg_date_parse("2025-07-01T09:30:00Z", &d));
    eg_date_format(d, buf);
    CHECK_STR(buf, "2025-07-01");
    CHECK(eg_date_parse("Tue, 5 Aug 2025 10:00:00 +0000", &d));
    eg_date_format(d, buf);
    CHECK_STR(buf, "2025-08-05");
    /* Every day from before year 0 to after 9999 (clamped), as eg_date_period writes a day with printf. */
    int wrong = 0;
    char by_period[16];
    for (int64_t day = -800000; day <= 3000000; day += 1 + (day & 3)) {
        eg_date_format(day, buf);
        eg_date_period(EG_PERIOD_DAY, day, by_period);
        wrong += strcmp(buf, by_period) != 0;
    }
    CHECK_INT(wrong, 0);
    CHECK(eg_date_parse("5 aug 2025", &d));
    CHECK(eg_date_parse("2024-02-29", &d));
    CHECK(!eg_date_parse("2025-02-29", &d));
    CHECK(!eg_date_parse("2025-13-01", &d));
    CHECK(!eg_date_parse("not a date", &d));
    CHECK(!eg_date_parse("2025-07-01x", &d));
    CHECK(!eg_date_parse("", &d));
    CHECK(eg_date_parse("2025-07-01", &d));
    eg_date_period(EG_PERIOD_MONTH, d, buf);
    CHECK_STR(buf, "2025-07");
    eg_date_period(EG_PERIOD_WEEK, d, buf);
    CHECK_STR(buf, "2025-W27");
    CHECK(eg_date_parse("2021-01-03", &d)); /* a Sunday: ISO week 53 of 2020 */
    eg_date_period(EG_PERIOD_WEEK, d, buf);
    CHECK_STR(buf, "2020-W53");
    CHECK(eg_date_parse("2024-12-30", &d)); /* a Monday: week 1 of 2025 */
    eg_date_period(EG_PERIOD_WEEK, d, buf);
    CHECK_STR(buf, "2025-W01");
    eg_period p;
    CHECK(eg_period_parse("week", &p) && p == EG_PERIOD_WEEK);
    CHECK(!eg_period_parse("year", &p));
}

int main(void)
{
    test_weights();
    test_prune();
    test_dates();
    TEST_END();
}
