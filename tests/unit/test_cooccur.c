/* Unit tests for cooccur.c: counts per sentence window, document frequencies, the window cap, and the graph
 * made from the counts (weights worked out by hand below). */
#include <stdlib.h>

#include "cooccur.h"
#include "dict.h"
#include "harness.h"

/* A document result with mentions given as (entity, sentence) pairs. */
static void fill(eg_doc_result *res, const uint32_t (*ms)[2], size_t n)
{
    res->mentions = realloc(res->mentions, (n ? n : 1) * sizeof *res->mentions);
    res->cap_mentions = res->n_mentions = n;
    for (size_t i = 0; i < n; i++)
        res->mentions[i] = (eg_mention){.start = i * 10, .end = i * 10 + 5, .entity = ms[i][0],
                                        .sentence = ms[i][1]};
}

static long edge_count(const eg_graph *g, const char *a, const char *b)
{
    long va = eg_graph_find_node(g, a), vb = eg_graph_find_node(g, b);
    for (size_t e = 0; e < eg_graph_n_edges(g); e++)
        if ((g->source[e] == va && g->target[e] == vb) || (g->source[e] == vb && g->target[e] == va))
            return (long)g->edges.cols[EG_EDGE_COUNT].v.i[e];
    return 0;
}

static void test_counts(void)
{
    eg_dict *d = eg_dict_new();
    eg_error err;
    /* Entities 0..3: A, B, C, D (D never mentioned, so no node). */
    CHECK_INT(eg_dict_add(d, "a", "person", "Alpha", NULL, NULL, NULL, &err), EG_OK);
    CHECK_INT(eg_dict_add(d, "b", "country", "Bravo", NULL, NULL, NULL, &err), EG_OK);
    CHECK_INT(eg_dict_add(d, "c", "organization", "Charlie", NULL, NULL, NULL, &err), EG_OK);
    CHECK_INT(eg_dict_add(d, "d", "role", "Delta", NULL, NULL, NULL, &err), EG_OK);

    eg_cooccur *c;
    CHECK_INT(eg_cooccur_new(&c, &err), EG_OK);
    eg_doc_result res;
    eg_doc_result_init(&res);
    /* Document 1: sentence 0 = A B A (pair A-B once), sentence 1 = B C, sentence 2 = A. */
    const uint32_t doc1[][2] = {{0, 0}, {1, 0}, {0, 0}, {1, 1}, {2, 1}, {0, 2}};
    fill(&res, doc1, 6);
    CHECK_INT(eg_cooccur_add_document(c, &res, &err), EG_OK);
    /* Document 2: sentence 0 = A B C (A-B, A-C, B-C). */
    const uint32_t doc2[][2] = {{0, 0}, {1, 0}, {2, 0}};
    fill(&res, doc2, 3);
    CHECK_INT(eg_cooccur_add_document(c, &res, &err), EG_OK);
    /* Document 3: no mentions at all. */
    fill(&res, doc2, 0);
    CHECK_INT(eg_cooccur_add_document(c, &res, &err), EG_OK);

    CHECK_INT(eg_cooccur_n_documents(c), 3);
    CHECK_INT(eg_cooccur_n_mentions(c), 9);
    eg_graph *g;
    CHECK_INT(eg_cooccur_to_graph(c, d, &g, &err), EG_OK);
    CHECK_INT(eg_graph_n_nodes(g), 3);
    CHECK_INT(eg_graph_n_edges(g), 3);
    long a = eg_graph_find_node(g, "a");
    CHECK_INT(g->nodes.cols[EG_NODE_MENTIONS].v.i[a], 4);
    CHECK_INT(g->nodes.cols[EG_NODE_DOCUMENTS].v.i[a], 2);
    CHECK_INT(edge_count(g, "a", "b"), 2); /* doc1 s0, doc2 s0 */
    CHECK_INT(edge_count(g, "b", "c"), 2); /* doc1 s1, doc2 s0 */
    CHECK_INT(edge_count(g, "a", "c"), 1); /* doc2 s0 */
    long docs = eg_table_find(&g->edges, "documents");
    CHECK(docs >= 0);
    CHECK_INT(g->edges.cols[docs].v.i[0], 2); /* a-b: both documents */
    CHECK(eg_graph_edge_weight(g, 0) == 2.0);
    CHECK_STR(eg_graph_node_type(g, (size_t)eg_graph_find_node(g, "c")), "organization");
    eg_graph_free(g);
    eg_cooccur_free(c);
    eg_doc_result_destroy(&res);
    eg_dict_free(d);
}

static void test_window_cap(void)
{
    /* One sentence naming more distinct entities than the cap: pairs only among the first cap. */
    size_t n = EG_COOCCUR_MAX_WINDOW_ENTITIES + 20;
    eg_dict *d = eg_dict_new();
    eg_error err;
    char id[32], name[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "e%05zu", i);
        snprintf(name, sizeof name, "Entity %zu", i);
        eg_dict_add(d, id, "person", name, NULL, NULL, NULL, &err);
    }
    uint32_t(*ms)[2] = calloc(n, sizeof *ms);
    for (size_t i = 0; i < n; i++)
        ms[i][0] = (uint32_t)i;
    eg_doc_result res;
    eg_doc_result_init(&res);
    fill(&res, (const uint32_t(*)[2])ms, n);
    eg_cooccur *c;
    eg_cooccur_new(&c, &err);
    CHECK_INT(eg_cooccur_add_document(c, &res, &err), EG_OK);
    CHECK_INT(eg_cooccur_n_capped_windows(c), 1);
    eg_graph *g;
    CHECK_INT(eg_cooccur_to_graph(c, d, &g, &err), EG_OK);
    size_t cap = EG_COOCCUR_MAX_WINDOW_ENTITIES;
    CHECK_INT(eg_graph_n_nodes(g), n); /* every mention still counts for its entity */
    CHECK_INT(eg_graph_n_edges(g), cap * (cap - 1) / 2);
    eg_graph_free(g);
    eg_cooccur_free(c);
    eg_doc_result_destroy(&res);
    eg_dict_free(d);
    free(ms);
}

int main(void)
{
    test_counts();
    test_window_cap();
    TEST_END();
}
