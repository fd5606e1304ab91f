/* Unit tests for table.c and graph.c: typed columns, deferred columns, row growth, filtering, permutation,
 * sorting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
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

    /* Values in rows that the filter drops, left behind past the kept rows. */
    for (size_t r = 0; r < 5; r++)
        eg_table_set_double(&t, score, r, 9.0);
    eg_table_set_bool(&t, flag, 3, true);
    eg_table_set_string(&t, name, 4, "four", 4, &err);
    uint8_t keep[103] = {0};
    keep[100] = keep[102] = 1;
    CHECK_INT(eg_table_filter_rows(&t, keep), 2);
    CHECK_STR(t.cols[name].v.s[0], "two");
    CHECK_STR(t.cols[name].v.s[1], "zero");
    CHECK(eg_table_has(&t, flag, 0));
    CHECK(!eg_table_has(&t, flag, 1));
    /* Rows added again where filtered rows were (within the capacity) are empty. */
    CHECK_INT(eg_table_add_rows(&t, 3, &err), EG_OK);
    for (size_t r = 2; r < 5; r++) {
        CHECK(!eg_table_has(&t, name, r));
        CHECK(t.cols[score].v.d[r] == 0.0);
        CHECK(!eg_table_has(&t, flag, r));
    }
    eg_table_destroy(&t);
}

/* A deferred column's source for the test: key k reads as "[k]"; counts its scratches and frees (a scratch
 * left unfreed is LeakSanitizer's to find). */
typedef struct fake_source {
    int scratches, freed;
} fake_source;

static eg_status fake_render(const void *ctx, void **scratch, uint64_t key, const char **text, size_t *len,
                             eg_error *err)
{
    (void)err;
    fake_source *f = (fake_source *)ctx;
    if (!*scratch) {
        *scratch = malloc(32);
        f->scratches++;
    }
    *len = (size_t)snprintf(*scratch, 32, "[%llu]", (unsigned long long)key);
    *text = *scratch;
    return EG_OK;
}

static void fake_scratch_free(void *scratch)
{
    free(scratch);
}
static void fake_free(void *ctx)
{
    ((fake_source *)ctx)->freed++;
}
static const eg_cell_source fake_cells = {fake_render, fake_scratch_free, fake_free};

/* Deferred columns: keys move with their rows, 0 is missing, texts come from the source through a reader
 * (one scratch per column, however many reads and however the table's columns move), and the table frees
 * the source's context, also when the column cannot be added. */
static void test_deferred_column(void)
{
    eg_table t;
    eg_table_init(&t);
    eg_error err;
    fake_source src = {0}, dup = {0};
    size_t col, other;
    CHECK_INT(eg_table_add_rows(&t, 4, &err), EG_OK);
    CHECK_INT(eg_table_add_column_deferred(&t, "evidence", EG_ATTR_JSON, &fake_cells, &src, &col, &err), EG_OK);
    CHECK_INT(eg_table_add_column_deferred(&t, "evidence", EG_ATTR_JSON, &fake_cells, &dup, NULL, &err),
              EG_ERR_USAGE);
    CHECK_INT(dup.freed, 1);
    CHECK_INT(t.cols[col].type, EG_ATTR_JSON);
    for (size_t r = 0; r < 4; r++)
        CHECK(!eg_table_has(&t, col, r)); /* new rows are missing */
    eg_table_set_key(&t, col, 1, 11);
    eg_table_set_key(&t, col, 3, 33);
    CHECK_INT(eg_table_add_column(&t, "later", EG_ATTR_STRING, &other, &err), EG_OK); /* columns move */
    CHECK_INT(eg_table_add_rows(&t, 40, &err), EG_OK);
    CHECK(!eg_table_has(&t, col, 40));
    size_t perm[44];
    for (size_t i = 0; i < 44; i++)
        perm[i] = 43 - i;
    CHECK_INT(eg_table_permute(&t, perm, &err), EG_OK); /* row 3 -> 40, row 1 -> 42 */
    uint8_t keep[44] = {0};
    keep[40] = keep[41] = keep[42] = 1;
    CHECK_INT(eg_table_filter_rows(&t, keep), 3);
    eg_cell_reader r;
    eg_cell_reader_init(&r);
    const char *text = NULL;
    size_t len = 0;
    CHECK(eg_table_has(&t, col, 0) && !eg_table_has(&t, col, 1) && eg_table_has(&t, col, 2));
    CHECK_INT(eg_table_cell_text(&t, col, 0, &r, &text, &len, &err), EG_OK);
    CHECK_STR(text, "[33]");
    CHECK_INT(len, 4);
    CHECK_INT(eg_table_cell_text(&t, col, 2, &r, &text, &len, &err), EG_OK);
    CHECK_STR(text, "[11]");
    /* A deferred string column of the same source: its own scratch, so both texts stay valid together. */
    fake_source src2 = {0};
    size_t day;
    CHECK_INT(eg_table_add_column_deferred(&t, "day", EG_ATTR_STRING, &fake_cells, &src2, &day, &err), EG_OK);
    CHECK_INT(t.cols[day].type, EG_ATTR_STRING);
    eg_table_set_key(&t, day, 0, 7);
    const char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    CHECK_INT(eg_table_cell_text(&t, col, 0, &r, &a, &na, &err), EG_OK);
    CHECK_INT(eg_table_cell_text(&t, day, 0, &r, &b, &nb, &err), EG_OK);
    CHECK(a && b && strcmp(a, "[33]") == 0 && strcmp(b, "[7]") == 0 && nb == 3);
    CHECK_INT(src2.scratches, 1);
    CHECK_INT(eg_table_set_string(&t, day, 0, "x", 1, &err), EG_ERR_USAGE); /* keys cannot become strings */
    CHECK(eg_table_has(&t, day, 0));
    eg_table_set_string(&t, other, 1, "plain", 5, &err);
    CHECK_INT(eg_table_cell_text(&t, other, 1, &r, &text, &len, &err), EG_OK);
    CHECK(strcmp(text, "plain") == 0 && len == 5);
    CHECK_INT(src.scratches, 1);
    eg_cell_reader_destroy(&r);
    CHECK_INT(src.freed, 0);
    eg_table_destroy(&t);
    CHECK_INT(src.freed, 1);
    CHECK_INT(src2.freed, 1);
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

/* An element whose key decides the order and whose tag tells elements of equal key apart. */
typedef struct keyed {
    int key, tag;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

/* eg_sort on arrays in order, in order but for a tail, reversed and random, with many equal keys: the keys
 * in order, and elements of equal key in their first order (what a stable sort gives). */
static void test_sort(void)
{
    enum { N = 600 };
    keyed v[N], want[N];
    unsigned seed = 11;
    int wrong = 0;
    for (int shape = 0; shape < 5; shape++)
        for (size_t n = 0; n <= N; n += (n < 20 ? 1 : 97)) {
            size_t head = shape == 0 ? n : shape == 1 ? n - n / 10 : shape == 2 ? n / 2 + 1 : 0;
            for (size_t i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                v[i] = (keyed){shape == 3 ? (int)(n - i) / 3 : (int)(seed >> 16) % 50, (int)i};
            }
            if (head > n)
                head = n;
            qsort(v, head, sizeof *v, cmp_keyed); /* a head in order; glibc's merge sort keeps ties' order */
            for (size_t i = 0; i < head; i++)
                v[i].tag = (int)i;
            memcpy(want, v, n * sizeof *v);
            /* The stable order: by key, then by first position. */
            for (size_t i = 1; i < n; i++)
                for (size_t j = i; j > 0 && want[j - 1].key > want[j].key; j--) {
                    keyed t = want[j];
                    want[j] = want[j - 1];
                    want[j - 1] = t;
                }
            eg_sort(n ? v : NULL, n, sizeof *v, cmp_keyed);
            wrong += n && memcmp(v, want, n * sizeof *v) != 0;
        }
    CHECK_INT(wrong, 0);
}

/* A permutation that leaves the first rows where they are moves only the rest. */
static void test_permute_tail(void)
{
    eg_table t;
    eg_table_init(&t);
    eg_error err;
    size_t name, score;
    CHECK_INT(eg_table_add_column(&t, "name", EG_ATTR_STRING, &name, &err), EG_OK);
    CHECK_INT(eg_table_add_column_sparse(&t, "score", EG_ATTR_DOUBLE, &score, &err), EG_OK);
    CHECK_INT(eg_table_add_rows(&t, 6, &err), EG_OK);
    const char *names[] = {"a", "b", "c", "d", "e", "f"};
    for (size_t r = 0; r < 6; r++)
        eg_table_set_string(&t, name, r, names[r], 1, &err);
    eg_table_set_double(&t, score, 4, 4.5);
    size_t same[6] = {0, 1, 2, 3, 4, 5}, tail[6] = {0, 1, 2, 5, 3, 4};
    CHECK_INT(eg_table_permute(&t, same, &err), EG_OK);
    CHECK_STR(t.cols[name].v.s[4], "e");
    CHECK_INT(eg_table_permute(&t, tail, &err), EG_OK);
    const char *want[] = {"a", "b", "c", "f", "d", "e"};
    for (size_t r = 0; r < 6; r++)
        CHECK_STR(t.cols[name].v.s[r], want[r]);
    CHECK(eg_table_has(&t, score, 5) && !eg_table_has(&t, score, 4) && t.cols[score].v.d[5] == 4.5);
    eg_table_destroy(&t);
}

/* A sorted graph with nodes and edges added after it, sorted again: as if sorted from scratch. */
static void test_graph_sort_again(void)
{
    eg_graph *g, *h;
    eg_error err;
    CHECK_INT(eg_graph_new(&g, &err), EG_OK);
    CHECK_INT(eg_graph_new(&h, &err), EG_OK);
    const char *ids[] = {"m", "d", "x", "b", "q", "k", "a", "z"};
    const uint32_t ends[][2] = {{0, 1}, {2, 3}, {1, 2}, {0, 3}, {4, 0}, {5, 6}, {7, 1}, {6, 0}, {3, 7}};
    size_t row;
    for (size_t i = 0; i < 8; i++) {
        eg_graph_add_node(h, ids[i], ids[i], "person", &row, &err);
        if (i < 4)
            eg_graph_add_node(g, ids[i], ids[i], "person", &row, &err);
    }
    for (size_t e = 0; e < 9; e++) {
        eg_graph_add_edge(h, ends[e][0], ends[e][1], &row, &err);
        eg_table_set_double(&h->edges, EG_EDGE_WEIGHT, row, (double)e);
    }
    /* g: the first four nodes and their edges, sorted; then the rest added, and sorted again. */
    for (size_t e = 0; e < 4; e++) {
        eg_graph_add_edge(g, ends[e][0], ends[e][1], &row, &err);
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, row, (double)e);
    }
    CHECK_INT(eg_graph_sort(g, &err), EG_OK);
    for (size_t i = 4; i < 8; i++)
        eg_graph_add_node(g, ids[i], ids[i], "person", &row, &err);
    for (size_t e = 4; e < 9; e++) {
        long a = eg_graph_find_node(g, ids[ends[e][0]]), b = eg_graph_find_node(g, ids[ends[e][1]]);
        eg_graph_add_edge(g, (uint32_t)a, (uint32_t)b, &row, &err);
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, row, (double)e);
    }
    CHECK_INT(eg_graph_sort(g, &err), EG_OK);
    CHECK_INT(eg_graph_sort(h, &err), EG_OK);
    CHECK_INT(g->nodes.n_rows, 8);
    CHECK_INT(g->edges.n_rows, 9);
    int wrong = 0;
    for (size_t v = 0; v < 8; v++)
        wrong += strcmp(eg_graph_node_id(g, v), eg_graph_node_id(h, v)) != 0;
    for (size_t e = 0; e < 9; e++)
        wrong += g->source[e] != h->source[e] || g->target[e] != h->target[e] ||
                 eg_graph_edge_weight(g, e) != eg_graph_edge_weight(h, e);
    CHECK_INT(wrong, 0);
    CHECK_STR(eg_graph_node_id(g, 0), "a");
    eg_graph_free(g);
    eg_graph_free(h);
}

int main(void)
{
    test_sort();
    test_permute_tail();
    test_graph_sort_again();
    test_table();
    test_deferred_column();
    test_graph_sort();
    TEST_END();
}
