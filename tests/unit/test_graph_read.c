/*
 * test_graph_read: eg_graph_read_file on the hand-written fixtures in unit/data/graphs/ (run from tests/).
 *
 * small.graphml and small.json describe the same network (Hangul labels, the id "org:삼성 전자" that is not
 * an XML NMTOKEN, a self-loop that is dropped, kr--seoul twice which is merged: weight 2.5 + 0.5, count
 * 2 + 1, other attributes from the first occurrence) and differ where the formats do.
 */
#include <igraph.h>
#include <math.h>
#include <stdlib.h>

#include "error.h"
#include "graph.h"
#include "harness.h"

#define DIR "unit/data/graphs/"
#define ORG "org:\xec\x82\xbc\xec\x84\xb1 \xec\xa0\x84\xec\x9e\x90" /* org:삼성 전자 */

static const eg_column *col(const eg_table *t, const char *name)
{
    long i = eg_table_find(t, name);
    return i >= 0 ? &t->cols[i] : NULL;
}

/* The checks both formats share: nodes sorted by id, standard columns first and filled, edges merged. */
static void check_common(const eg_graph *g, const char *const ids[4], const char *unlabelled)
{
    CHECK_INT(eg_graph_n_nodes(g), 4);
    CHECK_INT(eg_graph_n_edges(g), 3);
    if (eg_graph_n_nodes(g) != 4 || eg_graph_n_edges(g) != 3)
        return;
    static const char *const std_nodes[] = {"id", "label", "type", "mentions", "documents"};
    for (int i = 0; i < 5; i++)
        CHECK_STR(g->nodes.cols[i].name, std_nodes[i]);
    CHECK_STR(g->edges.cols[0].name, "weight");
    CHECK_STR(g->edges.cols[1].name, "count");
    for (int v = 0; v < 4; v++)
        CHECK_STR(eg_graph_node_id(g, v), ids[v]);

    long kr = eg_graph_find_node(g, "kr"), seoul = eg_graph_find_node(g, "seoul");
    long org = eg_graph_find_node(g, ORG), lone = eg_graph_find_node(g, unlabelled);
    CHECK(kr >= 0 && seoul >= 0 && org >= 0 && lone >= 0);
    if (kr < 0 || seoul < 0 || org < 0 || lone < 0)
        return;
    CHECK_STR(eg_graph_node_label(g, (size_t)kr), "\xeb\x8c\x80\xed\x95\x9c\xeb\xaf\xbc\xea\xb5\xad"); /* 대한민국 */
    CHECK_STR(eg_graph_node_label(g, (size_t)seoul), "\xec\x84\x9c\xec\x9a\xb8");                     /* 서울 */
    CHECK_STR(eg_graph_node_type(g, (size_t)org), "organization");
    CHECK_STR(eg_graph_node_label(g, (size_t)lone), unlabelled); /* label defaults to the id */
    CHECK_STR(eg_graph_node_type(g, (size_t)lone), "");
    CHECK_INT(g->nodes.cols[EG_NODE_MENTIONS].v.i[kr], 7);
    CHECK_INT(g->nodes.cols[EG_NODE_DOCUMENTS].v.i[seoul], 3);
    CHECK_INT(g->nodes.cols[EG_NODE_MENTIONS].v.i[org], 2);
    CHECK_INT(g->nodes.cols[EG_NODE_MENTIONS].v.i[lone], 0);

    /* Edges are sorted by (source, target) rows, source < target. */
    for (size_t e = 0; e < 3; e++) {
        CHECK(g->source[e] < g->target[e]);
        if (e > 0)
            CHECK(g->source[e - 1] < g->source[e] ||
                  (g->source[e - 1] == g->source[e] && g->target[e - 1] < g->target[e]));
    }
    const int64_t *count = g->edges.cols[EG_EDGE_COUNT].v.i;
    for (size_t e = 0; e < 3; e++) {
        uint32_t s = g->source[e], t = g->target[e];
        if ((long)s == kr && (long)t == seoul) {
            CHECK(eg_graph_edge_weight(g, e) == 3.0);
            CHECK_INT(count[e], 3);
        } else if ((long)s == lone || (long)t == lone) {
            CHECK(((long)s == org || (long)t == org));
            CHECK(eg_graph_edge_weight(g, e) == 1.0); /* no weight in the file */
            CHECK_INT(count[e], 0);
        } else {
            CHECK(((long)s == kr && (long)t == org) || ((long)s == org && (long)t == kr));
            CHECK(eg_graph_edge_weight(g, e) == 1.0);
            CHECK_INT(count[e], 1);
        }
    }
    const eg_column *corpus = col(&g->meta, "corpus"), *ndocs = col(&g->meta, "n_documents");
    CHECK(corpus && corpus->type == EG_ATTR_STRING);
    if (corpus)
        CHECK_STR(corpus->v.s[0], "\xec\x97\xb0\xed\x95\xa9\xeb\x89\xb4\xec\x8a\xa4 2024"); /* 연합뉴스 2024 */
    CHECK(ndocs && ndocs->type == EG_ATTR_INT && ndocs->v.i[0] == 12);
}

static void test_graphml(void)
{
    static const char *const ids[4] = {"kr", "lonely", ORG, "seoul"};
    eg_graph *g = NULL;
    eg_error err;
    eg_error_clear(&err);
    CHECK_INT(eg_graph_read_file(DIR "small.graphml", &g, &err), EG_OK);
    if (!g) {
        fprintf(stderr, "%s\n", err.message);
        return;
    }
    check_common(g, ids, "lonely");
    CHECK(col(&g->nodes, "entity_id") == NULL); /* consumed as the id */
    CHECK(col(&g->edges, "id") == NULL);        /* GraphML edge ids are not data */
    long kr = eg_graph_find_node(g, "kr"), seoul = eg_graph_find_node(g, "seoul");
    long org = eg_graph_find_node(g, ORG);
    const eg_column *score = col(&g->nodes, "score"), *ratio = col(&g->nodes, "ratio");
    const eg_column *capital = col(&g->nodes, "capital");
    /* score holds 3 and 1: integral numbers read as int; two nodes lack it: sparse. */
    CHECK(score && score->type == EG_ATTR_INT && score->present);
    if (score && score->present && kr >= 0 && org >= 0) {
        CHECK(score->v.i[kr] == 3 && score->present[kr]);
        CHECK(!score->present[org]);
    }
    CHECK(ratio && ratio->type == EG_ATTR_DOUBLE);
    if (ratio && seoul >= 0)
        CHECK(ratio->v.d[seoul] == 2.0);
    CHECK(capital && capital->type == EG_ATTR_BOOL);
    if (capital && seoul >= 0 && kr >= 0)
        CHECK(capital->v.b[seoul] == 1 && capital->v.b[kr] == 0);
    const eg_column *note = col(&g->edges, "note");
    CHECK(note && note->type == EG_ATTR_STRING);
    if (note)
        for (size_t e = 0; e < eg_graph_n_edges(g); e++)
            if ((long)g->source[e] == kr && (long)g->target[e] == seoul)
                CHECK_STR(note->v.s[e], "first");
    eg_graph_free(g);
}

static void test_json(void)
{
    static const char *const ids[4] = {"42", "kr", ORG, "seoul"};
    eg_graph *g = NULL;
    eg_error err;
    eg_error_clear(&err);
    CHECK_INT(eg_graph_read_file(DIR "small.json", &g, &err), EG_OK);
    if (!g) {
        fprintf(stderr, "%s\n", err.message);
        return;
    }
    check_common(g, ids, "42");
    long kr = eg_graph_find_node(g, "kr"), seoul = eg_graph_find_node(g, "seoul");
    long org = eg_graph_find_node(g, ORG);
    /* score is 1 and 2.5: int and real mix into double; missing on two nodes: sparse. */
    const eg_column *score = col(&g->nodes, "score"), *wd = col(&g->nodes, "wikidata");
    const eg_column *aliases = col(&g->nodes, "aliases"), *capital = col(&g->nodes, "capital");
    CHECK(score && score->type == EG_ATTR_DOUBLE && score->present);
    if (score && score->present && seoul >= 0 && org >= 0)
        CHECK(score->v.d[seoul] == 1.0 && score->present[seoul] && !score->present[org]);
    CHECK(wd && wd->type == EG_ATTR_STRING);
    if (wd && kr >= 0 && org >= 0) {
        CHECK_STR(wd->v.s[kr], "Q884");
        CHECK(wd->v.s[org] == NULL); /* null is a missing value */
    }
    CHECK(aliases && aliases->type == EG_ATTR_JSON);
    if (aliases && seoul >= 0)
        CHECK_STR(aliases->v.s[seoul], "[\"\xec\x84\x9c\xec\x9a\xb8\xed\x8a\xb9\xeb\xb3\x84\xec\x8b\x9c\",\"Seoul\"]");
    CHECK(capital && capital->type == EG_ATTR_BOOL && capital->present);
    if (capital && capital->present && seoul >= 0 && org >= 0)
        CHECK(capital->v.b[seoul] == 1 && !capital->present[org]);
    const eg_column *ev = col(&g->edges, "evidence"), *sorted = col(&g->meta, "sorted");
    CHECK(ev && ev->type == EG_ATTR_JSON);
    if (ev)
        for (size_t e = 0; e < eg_graph_n_edges(g); e++)
            if ((long)g->source[e] == kr && (long)g->target[e] == seoul)
                CHECK_STR(ev->v.s[e], "[{\"doc\":1},{\"doc\":3}]");
    CHECK(sorted && sorted->type == EG_ATTR_BOOL && sorted->v.b[0] == 1);
    eg_graph_free(g);
}

/* Reads a file that must fail with status want; returns the formatted error in buf. */
static void expect_error(const char *path, eg_status want, char *buf, size_t size)
{
    eg_graph *g = (eg_graph *)&g; /* must be reset to NULL */
    eg_error err;
    eg_error_clear(&err);
    CHECK_INT(eg_graph_read_file(path, &g, &err), want);
    CHECK(g == NULL);
    CHECK_INT(err.status, want);
    CHECK_STR(err.path, path);
    eg_error_format(&err, buf, size);
}

static void test_errors(void)
{
    char buf[1200];

    expect_error(DIR "no_such_file.json", EG_ERR_IO, buf, sizeof buf);
    CHECK(strstr(buf, "no_such_file.json: cannot open") == buf + strlen(DIR));

    /* jansson's position: line 4, the '}' after the trailing comma. */
    expect_error(DIR "malformed.json", EG_ERR_PARSE, buf, sizeof buf);
    CHECK(strncmp(buf, DIR "malformed.json:4:16: ", strlen(DIR "malformed.json:4:16: ")) == 0);
    if (strncmp(buf, DIR "malformed.json:4:16: ", strlen(DIR "malformed.json:4:16: ")) != 0)
        fprintf(stderr, "got: %s\n", buf);

    expect_error(DIR "unknown_endpoint.json", EG_ERR_PARSE, buf, sizeof buf);
    CHECK(strstr(buf, "edges[0]: unknown target node \"zz\"") != NULL);

    expect_error(DIR "duplicate_node.json", EG_ERR_PARSE, buf, sizeof buf);
    CHECK(strstr(buf, "duplicate node id \"a\"") != NULL);

    expect_error(DIR "mixed_types.json", EG_ERR_PARSE, buf, sizeof buf);
    CHECK(strstr(buf, "\"x\" is string here but integer elsewhere") != NULL);

    expect_error(DIR "bad_label.json", EG_ERR_PARSE, buf, sizeof buf);
    CHECK(strstr(buf, "\"label\" must be of type string") != NULL);

    expect_error(DIR "not_a_graph.tsv", EG_ERR_PARSE, buf, sizeof buf);
    CHECK(strstr(buf, "not a graph file") != NULL);

    expect_error(DIR "empty.json", EG_ERR_PARSE, buf, sizeof buf);
    CHECK(strstr(buf, "empty file") != NULL);

    /* igraph's GraphML reader reports libxml2's message and line. */
    expect_error(DIR "malformed.graphml", EG_ERR_GRAPH, buf, sizeof buf);
    CHECK(strncmp(buf, DIR "malformed.graphml:", strlen(DIR "malformed.graphml:")) == 0);
    CHECK(strstr(buf, "mismatch") != NULL);

    expect_error(DIR, EG_ERR_IO, buf, sizeof buf); /* a directory opens but cannot be read */
}

static void test_bom(void)
{
    eg_graph *g = NULL;
    eg_error err;
    CHECK_INT(eg_graph_read_file(DIR "bom.json", &g, &err), EG_OK);
    CHECK(g && eg_graph_n_nodes(g) == 1 && eg_graph_n_edges(g) == 0);
    eg_graph_free(g);
}

/* Every allocation failing in turn: an error (never a crash or a leak under ASan) or the full graph. */
static void test_alloc_failures(void)
{
    static const char *const files[] = {DIR "small.json", DIR "small.graphml"};
    for (int f = 0; f < 2; f++) {
        int n_ok = 0, n_bad = 0;
        for (long k = 1; k < 400; k++) {
            eg_graph *g = NULL;
            eg_error err;
            eg_alloc_fail_at = k;
            eg_status st = eg_graph_read_file(files[f], &g, &err);
            eg_alloc_fail_at = 0;
            if (st == EG_OK && g && eg_graph_n_nodes(g) == 4 && eg_graph_n_edges(g) == 3)
                n_ok++;
            else if (st != EG_ERR_NOMEM || g != NULL)
                n_bad++;
            eg_graph_free(g);
        }
        CHECK_INT(n_bad, 0);
        CHECK(n_ok > 0); /* the loop went past the last allocation */
    }
}

int main(void)
{
    test_graphml();
    test_json();
    test_errors();
    test_bom();
    test_alloc_failures();
    /* Every path, failing or not, left igraph's cleanup stack empty. */
    CHECK_INT(IGRAPH_FINALLY_STACK_SIZE(), 0);
    TEST_END();
}
