/* Unit tests for table.c and graph.c: typed columns, row growth, filtering, permutation, sorting. */
#include <stdlib.h>

#include "graph.h"
#include "harness.h"
#include "table.h"

static void test_table(void)
{
    eg_table t;
    eg_table_init(&t);
    eg_error err;
    size_t name, score, flag;
    CHECK_INT(eg_table_add_column(&t, "name", EG_ATTR_STRING, &name, &err), EG_OK);
    CHECK_INT(eg_table_add_rows(&t, 3, &err), EG_OK);
    CHECK_INT(eg_table_add_column(&t, "score", EG_ATTR_DOUBLE, &score, &err), EG_OK);
    CHECK_INT(eg_table_add_column_sparse(&t, "flag", EG_ATTR_BOOL, &flag, &err), EG_OK);
    size_t again;
    CHECK_INT(eg_table_add_column(&t, "name", EG_ATTR_STRING, &again, &err), EG_OK);
    CHECK_INT(again, name);
    CHECK_INT(eg_table_add_column(&t, "name", EG_ATTR_INT, &again, &err), EG_ERR_USAGE);
    CHECK_STR(err.message, "attribute \"name\" exists as string, not int");

    eg_table_set_string(&t, name, 0, "zero", 4, &err);
    eg_table_set_string(&t, name, 2, "two", 3, &err);
    eg_table_set_double(&t, score, 1, 1.5);
    eg_table_set_bool(&t, flag, 2, true);
    CHECK(!eg_table_has(&t, name, 1));
    CHECK(eg_table_has(&t, score, 0)); /* dense numbers always have a value */
    CHECK(!eg_table_has(&t, flag, 0));
    CHECK(eg_table_has(&t, flag, 2));
    CHECK_INT(eg_table_find(&t, "score"), (long)score);
    CHECK_INT(eg_table_find(&t, "nope"), -1);

    /* Growing past the first capacity keeps earlier values and zeroes new ones. */
    CHECK_INT(eg_table_add_rows(&t, 100, &err), EG_OK);
    CHECK_STR(t.cols[name].v.s[2], "two");
    CHECK(t.cols[score].v.d[1] == 1.5);
    CHECK(t.cols[score].v.d[50] == 0.0);
    CHECK(!eg_table_has(&t, flag, 90));

    size_t perm[103];
    for (size_t i = 0; i < 103; i++)
        perm[i] = 102 - i;
    CHECK_INT(eg_table_permute(&t, perm, &err), EG_OK);
    CHECK_STR(t.cols[name].v.s[102], "zero");
    CHECK_STR(t.cols[name].v.s[100], "two");
    CHECK(eg_table_has(&t, flag, 100));

    uint8_t keep[103] = {0};
    keep[100] = keep[102] = 1;
    CHECK_INT(eg_table_filter_rows(&t, keep), 2);
    CHECK_STR(t.cols[name].v.s[0], "two");
    CHECK_STR(t.cols[name].v.s[1], "zero");
    CHECK(eg_table_has(&t, flag, 0));
    CHECK(!eg_table_has(&t, flag, 1));
    eg_table_destroy(&t);
}

static void test_graph_sort(void)
{
    eg_graph *g;
    eg_error err;
    CHECK_INT(eg_graph_new(&g, &err), EG_OK);
    size_t c, b, a, e;
    eg_graph_add_node(g, "c", "Charlie", "person", &c, &err);
    eg_graph_add_node(g, "b", "Bravo", "country", &b, &err);
    eg_graph_add_node(g, "a", "Alpha", "role", &a, &err);
    CHECK_INT(eg_graph_add_edge(g, (uint32_t)c, (uint32_t)b, &e, &err), EG_OK);
    eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, e, 2.0);
    CHECK_INT(eg_graph_add_edge(g, (uint32_t)a, (uint32_t)c, &e, &err), EG_OK);
    eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, e, 5.0);
    CHECK_INT(eg_graph_add_edge(g, (uint32_t)a, (uint32_t)a, &e, &err), EG_ERR_USAGE);
    CHECK_INT(eg_graph_find_node(g, "b"), 1);

    CHECK_INT(eg_graph_sort(g, &err), EG_OK);
    CHECK_STR(eg_graph_node_id(g, 0), "a");
    CHECK_STR(eg_graph_node_label(g, 1), "Bravo");
    CHECK_STR(eg_graph_node_type(g, 2), "person");
    /* a-c (0,2) sorts before b-c (1,2); weights travel with their edges. */
    CHECK_INT(g->source[0], 0);
    CHECK_INT(g->target[0], 2);
    CHECK(eg_graph_edge_weight(g, 0) == 5.0);
    CHECK_INT(g->source[1], 1);
    CHECK_INT(g->target[1], 2);
    CHECK(eg_graph_edge_weight(g, 1) == 2.0);
    CHECK_INT(eg_graph_find_node(g, "zzz"), -1);
    eg_graph_free(g);
    eg_graph_free(NULL);
}

int main(void)
{
    test_table();
    test_graph_sort();
    TEST_END();
}
