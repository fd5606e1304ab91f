/* Unit tests for cooccur.c and cooccur_graph.c: counts per sentence window, document frequencies, the window
 * cap, the graph made from the counts (weights worked out by hand below), the same graph whatever the number
 * of rendering threads, JSON cells as jansson writes them from fresh values, allocation failures while
 * making the graph (on several threads) that leave nothing behind, and the deferred evidence column (it
 * outlives the counts; exports and subgraphs of it under allocation failures). */
#include <jansson.h>
#include <stdlib.h>

#include "cooccur.h"
#include "cooccur_graph.h"
#include "cooccur_impl.h"
#include "dict.h"
#include "error.h"
#include "evidence.h"
#include "export.h"
#include "harness.h"
#include "query_ego.h"

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

    /* Counting over: read only. Counting into it is a usage error; merging it into another counter and
     * making the graph still work. */
    eg_cooccur_end_counting(c);
    CHECK_INT(eg_cooccur_add_document(c, &res, &err), EG_ERR_USAGE);
    eg_cooccur *into = NULL;
    CHECK_INT(eg_cooccur_new(&into, &err), EG_OK);
    CHECK_INT(eg_cooccur_merge(c, into, &err), EG_ERR_USAGE);
    CHECK_INT(eg_cooccur_merge(into, c, &err), EG_OK);
    CHECK_INT(eg_cooccur_n_mentions(into), 9);
    eg_cooccur_free(into);
    CHECK_INT(eg_cooccur_to_graph(c, d, &g, &err), EG_OK);
    CHECK_INT(edge_count(g, "a", "b"), 2);
    eg_graph_free(g);

    /* Released: the totals stay, everything else is a usage error. */
    size_t n_pairs = eg_cooccur_n_pairs(c);
    CHECK(!eg_cooccur_released(c));
    eg_cooccur_release(c);
    eg_cooccur_release(c); /* twice is harmless */
    CHECK(eg_cooccur_released(c));
    CHECK_INT(eg_cooccur_n_documents(c), 3);
    CHECK_INT(eg_cooccur_n_mentions(c), 9);
    CHECK_INT(eg_cooccur_n_pairs(c), n_pairs);
    g = NULL;
    CHECK_INT(eg_cooccur_to_graph(c, d, &g, &err), EG_ERR_USAGE);
    CHECK(g == NULL);
    CHECK_INT(eg_cooccur_add_document(c, &res, &err), EG_ERR_USAGE);
    eg_cooccur *other = NULL;
    CHECK_INT(eg_cooccur_new(&other, &err), EG_OK);
    CHECK_INT(eg_cooccur_merge(other, c, &err), EG_ERR_USAGE);
    CHECK_INT(eg_cooccur_merge(c, other, &err), EG_ERR_USAGE);
    eg_cooccur_free(other);
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

/* ---- a synthetic corpus ------------------------------------------------------------------------- */

enum { N_ENT = 40, N_DOCS = 60 };

typedef struct sdoc {
    char id[32], date[32];
    char *text;
    size_t len;
    eg_span *sentences;
    eg_doc_result res;
} sdoc;

static unsigned long rnd_state = 12345;

static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((rnd_state >> 33) % n);
}

/* Appends s[0..n) to the text of d (room was made). */
static void put(sdoc *d, const char *s, size_t n)
{
    memcpy(d->text + d->len, s, n);
    d->len += n;
}

/* Document i: sentences naming entities "E<k>" between filler words, some long, some with bytes that are
 * not UTF-8 or NUL; a few documents repeat an earlier one's text; dates over months, some missing or bad. */
static void make_doc(sdoc *docs, size_t i)
{
    sdoc *d = &docs[i];
    memset(d, 0, sizeof *d);
    eg_doc_result_init(&d->res);
    snprintf(d->id, sizeof d->id, i % 13 == 4 ? "dup-id" : "doc-%zu", i);
    if (i % 5)
        snprintf(d->date, sizeof d->date, i % 31 == 7 ? "not a date" : "2024-%02u-%02u", 1 + rnd(12), 1 + rnd(28));
    d->text = malloc(64 * 1024);
    d->sentences = malloc(16 * sizeof *d->sentences);
    d->res.mentions = malloc(64 * sizeof *d->res.mentions);
    d->res.cap_mentions = 64;
    size_t n_sent = 1 + rnd(6);
    unsigned copy_of = i % 11 == 10 ? (unsigned)(i - 7) : UINT32_MAX;
    for (size_t s = 0; s < n_sent; s++) {
        size_t start = d->len, n_m = 1 + rnd(5);
        for (size_t m = 0; m < n_m; m++) {
            char name[16];
            int k = snprintf(name, sizeof name, "E%u", rnd(N_ENT));
            d->res.mentions[d->res.n_mentions++] =
                (eg_mention){.start = d->len, .end = d->len + (size_t)k, .entity = (uint32_t)atoi(name + 1),
                             .sentence = (uint32_t)s};
            put(d, name, (size_t)k);
            static const char *const filler[] = {" met ", " and \xff ", " with caf\xc3\xa9 ", " \"quoted\\\" ",
                                                 " nul\0byte "};
            const char *f = filler[rnd(5)];
            put(d, f, f[4] == 'b' && f[1] == 'n' ? 10 : strlen(f));
        }
        if (rnd(9) == 0) /* longer than the evidence limit */
            for (int k = 0; k < 120; k++)
                put(d, "long words ", 11);
        put(d, ". ", 2);
        d->sentences[s] = (eg_span){start, d->len};
    }
    if (copy_of != UINT32_MAX) { /* the same article again, under its own id */
        sdoc *o = &docs[copy_of];
        memcpy(d->text, o->text, o->len);
        d->len = o->len;
        n_sent = o->res.n_sentences;
        memcpy(d->sentences, o->sentences, n_sent * sizeof *d->sentences);
        memcpy(d->res.mentions, o->res.mentions, o->res.n_mentions * sizeof *d->res.mentions);
        d->res.n_mentions = o->res.n_mentions;
    }
    d->res.sentences = d->sentences;
    d->res.n_sentences = n_sent;
}

static void free_docs(sdoc *docs)
{
    for (size_t i = 0; i < N_DOCS; i++) {
        free(docs[i].text);
        free(docs[i].sentences);
        eg_doc_result_destroy(&docs[i].res);
    }
}

static eg_cooccur *count_docs(const sdoc *docs, size_t n, const eg_cooccur_options *opts)
{
    eg_cooccur *c = NULL;
    eg_error err;
    CHECK_INT(eg_cooccur_new_opts(opts, &c, &err), EG_OK);
    for (size_t i = 0; c && i < n; i++) {
        const sdoc *d = &docs[i];
        eg_document doc = {.id = d->id, .text = d->text, .len = d->len, .date = d->date[0] ? d->date : NULL,
                           .path = "synthetic"};
        CHECK_INT(eg_cooccur_add(c, &doc, &d->res, &err), EG_OK);
    }
    return c;
}

/* Are the present string or JSON cells (k, r) of a and b the same text (deferred cells made to compare)? */
static bool same_text(const eg_table *a, const eg_table *b, size_t k, size_t r)
{
    eg_cell_reader ra, rb;
    eg_cell_reader_init(&ra);
    eg_cell_reader_init(&rb);
    const char *x, *y;
    size_t nx, ny;
    bool same = eg_table_cell_text(a, k, r, &ra, &x, &nx, NULL) == EG_OK &&
                eg_table_cell_text(b, k, r, &rb, &y, &ny, NULL) == EG_OK && nx == ny && memcmp(x, y, nx) == 0;
    eg_cell_reader_destroy(&ra);
    eg_cell_reader_destroy(&rb);
    return same;
}

static bool same_table(const eg_table *a, const eg_table *b)
{
    if (a->n_rows != b->n_rows || a->n_cols != b->n_cols)
        return false;
    for (size_t k = 0; k < a->n_cols; k++) {
        const eg_column *x = &a->cols[k], *y = &b->cols[k];
        if (strcmp(x->name, y->name) != 0 || x->type != y->type)
            return false;
        for (size_t r = 0; r < a->n_rows; r++) {
            if (eg_table_has(a, k, r) != eg_table_has(b, k, r))
                return false;
            switch (x->type) {
            case EG_ATTR_STRING:
            case EG_ATTR_JSON:
                if (eg_table_has(a, k, r) && !same_text(a, b, k, r))
                    return false;
                break;
            case EG_ATTR_INT:
                if (x->v.i[r] != y->v.i[r])
                    return false;
                break;
            case EG_ATTR_DOUBLE:
                if (memcmp(&x->v.d[r], &y->v.d[r], sizeof(double)) != 0)
                    return false;
                break;
            case EG_ATTR_BOOL:
                if (x->v.b[r] != y->v.b[r])
                    return false;
                break;
            }
        }
    }
    return true;
}

static bool same_graph(const eg_graph *a, const eg_graph *b)
{
    return same_table(&a->nodes, &b->nodes) && same_table(&a->edges, &b->edges) && same_table(&a->meta, &b->meta) &&
           (a->edges.n_rows == 0 || (memcmp(a->source, b->source, a->edges.n_rows * sizeof *a->source) == 0 &&
                                     memcmp(a->target, b->target, a->edges.n_rows * sizeof *a->target) == 0));
}

/* Every JSON cell of column name in t is what jansson writes for the same value built afresh (evidence:
 * objects with keys in the order doc, start, end, text; periods: keys sorted), so reusing values while
 * rendering changes no byte. Returns the number of cells checked. */
static size_t check_json_cells(const eg_graph *g, const eg_table *t, const char *name)
{
    long col = eg_table_find(t, name);
    size_t n = 0;
    for (size_t r = 0; col >= 0 && r < t->n_rows; r++) {
        if (!eg_table_has(t, (size_t)col, r))
            continue;
        const char *cell = "";
        size_t cell_len = 0;
        eg_cell_reader cells;
        eg_cell_reader_init(&cells);
        CHECK_INT(eg_table_cell_text(t, (size_t)col, r, &cells, &cell, &cell_len, NULL), EG_OK);
        json_t *fresh = NULL;
        size_t flags = JSON_COMPACT;
        if (strcmp(name, "evidence") == 0) {
            eg_evidence *items = NULL;
            size_t n_items = 0;
            eg_error err;
            CHECK_INT(eg_evidence_get(g, r, &items, &n_items, &err), EG_OK);
            fresh = json_array();
            for (size_t k = 0; k < n_items; k++)
                json_array_append_new(fresh, json_pack("{s:s, s:I, s:I, s:s}", "doc", items[k].doc, "start",
                                                       (json_int_t)items[k].start, "end", (json_int_t)items[k].end,
                                                       "text", items[k].text));
            eg_evidence_free(items, n_items);
            flags |= JSON_PRESERVE_ORDER;
        } else {
            fresh = json_loads(cell, 0, NULL);
            flags |= JSON_SORT_KEYS;
        }
        char *text = json_dumps(fresh, flags);
        CHECK_STR(cell, text);
        CHECK_INT(cell_len, strlen(cell));
        free(text);
        json_decref(fresh);
        eg_cell_reader_destroy(&cells);
        n++;
    }
    return n;
}

static void test_threads_same_graph(void)
{
    eg_dict *d = eg_dict_new();
    eg_error err;
    for (int i = 0; i < N_ENT; i++) {
        char id[16], name[16];
        snprintf(id, sizeof id, "e%02d", (i * 7) % N_ENT); /* ids not in index order: sorting moves rows */
        snprintf(name, sizeof name, "E%d", i);
        CHECK_INT(eg_dict_add(d, id, i % 3 ? "person" : "country", name, NULL, NULL, NULL, &err), EG_OK);
    }
    static sdoc docs[N_DOCS];
    for (size_t i = 0; i < N_DOCS; i++)
        make_doc(docs, i);
    const eg_cooccur_options configs[] = {
        {.window = EG_WINDOW_SENTENCE, .evidence = 3, .period = EG_PERIOD_MONTH},
        {.window = EG_WINDOW_DOCUMENT, .evidence = 2, .period = EG_PERIOD_WEEK},
        {.window = EG_WINDOW_TOKENS, .tokens = 3, .evidence = 1},
        {.window = EG_WINDOW_SENTENCE, .period = EG_PERIOD_DAY, .two_mode = true},
    };
    for (size_t k = 0; k < sizeof configs / sizeof configs[0]; k++) {
        eg_cooccur *c = count_docs(docs, N_DOCS, &configs[k]);
        eg_graph *g1 = NULL;
        CHECK_INT(eg_cooccur_to_graph(c, d, &g1, &err), EG_OK);
        CHECK(g1 && eg_graph_n_edges(g1) > 50);
        for (size_t threads = 2; g1 && threads <= 9; threads += 7) {
            eg_graph *gn = NULL;
            eg_cooccur_graph_options o = {.n_threads = threads};
            CHECK_INT(eg_cooccur_to_graph_opts(c, d, &o, &gn, &err), EG_OK);
            CHECK(gn && same_graph(g1, gn));
            eg_graph_free(gn);
        }
        /* Once counting is over (the counting scratch and, without periods, the pair index freed), the
         * graph is still the same. */
        eg_cooccur_end_counting(c);
        eg_graph *ge = NULL;
        CHECK_INT(eg_cooccur_to_graph(c, d, &ge, &err), EG_OK);
        CHECK(g1 && ge && same_graph(g1, ge));
        eg_graph_free(ge);
        if (g1 && configs[k].evidence)
            CHECK(check_json_cells(g1, &g1->edges, "evidence") == eg_graph_n_edges(g1));
        if (g1 && configs[k].period) {
            CHECK(check_json_cells(g1, &g1->nodes, "periods") > 10);
            CHECK(configs[k].two_mode || check_json_cells(g1, &g1->edges, "periods") > 10);
        }
        eg_graph_free(g1);
        eg_cooccur_free(c);
    }
    free_docs(docs);
    eg_dict_free(d);
}

/* A dictionary of N_ENT people: e00 "E0", e01 "E1", ... */
static eg_dict *person_dict(void)
{
    eg_dict *d = eg_dict_new();
    eg_error err;
    for (int i = 0; d && i < N_ENT; i++) {
        char id[16], name[16];
        snprintf(id, sizeof id, "e%02d", i);
        snprintf(name, sizeof name, "E%d", i);
        CHECK_INT(eg_dict_add(d, id, "person", name, NULL, NULL, NULL, &err), EG_OK);
    }
    return d;
}

/* Every allocation of graph making fails in turn (jansson's too), on three threads: each failure is an
 * EG_ERR_NOMEM with nothing returned and nothing leaked (LeakSanitizer checks in the sanitizer build). */
static void test_graph_alloc_failures(void)
{
    eg_error err;
    eg_dict *d = person_dict();
    static sdoc docs[N_DOCS];
    for (size_t i = 0; i < N_DOCS; i++)
        make_doc(docs, i);
    eg_cooccur_options opts = {.window = EG_WINDOW_SENTENCE, .evidence = 2, .period = EG_PERIOD_MONTH};
    eg_cooccur *c = count_docs(docs, 16, &opts); /* a small graph: every allocation is tried */
    eg_graph *want = NULL;
    CHECK_INT(eg_cooccur_to_graph(c, d, &want, &err), EG_OK);
    long k = 1, bad = 0, absorbed = 0;
    for (; k < 1000000; k++) {
        eg_graph *g = (eg_graph *)&k; /* must come back NULL */
        eg_cooccur_graph_options o = {.n_threads = 1 + (size_t)k % 3};
        eg_alloc_fail_at = k;
        eg_status st = eg_cooccur_to_graph_opts(c, d, &o, &g, &err);
        /* Threads may take the count below zero: the one that takes it to zero failed. */
        bool fired = eg_alloc_fail_at <= 0;
        eg_alloc_fail_at = 0;
        if (!fired) {
            CHECK_INT(st, EG_OK);
            CHECK(g && want && same_graph(want, g));
            eg_graph_free(g);
            break;
        }
        /* A failure may be absorbed: without room to track threads the calling thread renders alone. */
        if (st == EG_OK)
            absorbed++;
        if (st == EG_OK ? !(g && want && same_graph(want, g)) : (st != EG_ERR_NOMEM || g != NULL)) {
            bad++;
            fprintf(stderr, "graph making, k=%ld: status %s\n", k, eg_status_string(st));
        }
        if (st == EG_OK)
            eg_graph_free(g);
    }
    CHECK_INT(bad, 0);
    CHECK(k > 100 && absorbed < 10);
    printf("graph making: %ld allocation failure points (%ld absorbed), all clean\n", k - 1, absorbed);
    eg_graph_free(want);
    eg_cooccur_free(c);
    free_docs(docs);
    eg_dict_free(d);
}

/* Every exporter's output of g (GraphML, GEXF, CSV edges, DOT, JSON in every style or, without
 * all_styles, networkx's) back to back in a new string; NULL when one fails (its status in *st). */
static char *export_all(const eg_graph *g, bool all_styles, eg_status *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    eg_error err;
    *st = EG_OK;
    if (!fp) {
        *st = EG_ERR_NOMEM;
        return NULL;
    }
    if (!(*st = eg_export_graphml(g, fp, NULL, &err)) && !(*st = eg_export_gexf(g, fp, NULL, &err)) &&
        !(*st = eg_export_csv_edges(g, fp, NULL, &err)) && !(*st = eg_export_dot(g, fp, NULL, &err)))
        for (int style = EG_JSON_NETWORKX; style <= (all_styles ? EG_JSON_GRAPHOLOGY : EG_JSON_NETWORKX) && !*st;
             style++)
            *st = eg_export_json_style(g, fp, (eg_json_style)style, NULL, &err);
    fclose(fp);
    if (*st) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The evidence column is deferred: its cells are made from the counts' store when read. The graph keeps
 * the store (and the document ids) after the counts are freed, and counting more into the same counts does
 * not change a graph made before. */
static void test_evidence_deferred(void)
{
    eg_error err;
    eg_dict *d = person_dict();
    static sdoc docs[N_DOCS];
    for (size_t i = 0; i < N_DOCS; i++)
        make_doc(docs, i);
    eg_cooccur_options opts = {.window = EG_WINDOW_SENTENCE, .evidence = 3};
    eg_cooccur *half = count_docs(docs, N_DOCS / 2, &opts), *all = count_docs(docs, N_DOCS, &opts);
    eg_graph *g = NULL, *g_all = NULL;
    CHECK_INT(eg_cooccur_to_graph(half, d, &g, &err), EG_OK);
    CHECK_INT(eg_cooccur_to_graph(all, d, &g_all, &err), EG_OK);
    eg_status st;
    char *before = g ? export_all(g, true, &st) : NULL;
    CHECK(before != NULL);
    /* The rest of the documents into the same counts: lists that were not full grow in the store. */
    for (size_t i = N_DOCS / 2; half && i < N_DOCS; i++) {
        const sdoc *x = &docs[i];
        eg_document doc = {.id = x->id, .text = x->text, .len = x->len, .date = x->date[0] ? x->date : NULL,
                           .path = "synthetic"};
        CHECK_INT(eg_cooccur_add(half, &doc, &x->res, &err), EG_OK);
    }
    eg_graph *g_later = NULL;
    CHECK_INT(eg_cooccur_to_graph(half, d, &g_later, &err), EG_OK);
    eg_cooccur_free(half); /* g and g_later still read the store */
    char *after = g ? export_all(g, true, &st) : NULL, *later = g_later ? export_all(g_later, true, &st) : NULL,
         *want = g_all ? export_all(g_all, true, &st) : NULL;
    CHECK(after && before && strcmp(after, before) == 0);
    CHECK(later && want && strcmp(later, want) == 0); /* made after all the counting: the one-run graph */
    CHECK(later && before && strcmp(later, before) != 0);
    CHECK(before && strstr(before, "\"evidence\"") != NULL);
    free(before);
    free(after);
    free(later);
    free(want);

    /* Exports and subgraphs of the deferred column under every allocation failure: the same bytes, or
     * EG_ERR_NOMEM with nothing leaked. A small graph, so that every allocation is tried. */
    eg_graph_free(g);
    g = NULL;
    eg_cooccur *small = count_docs(docs, 12, &opts);
    CHECK_INT(eg_cooccur_to_graph(small, d, &g, &err), EG_OK);
    eg_cooccur_free(small);
    want = g ? export_all(g, false, &st) : NULL;
    long k = 1, bad = 0;
    for (; want && k < 1000000; k++) {
        eg_alloc_fail_at = k;
        char *got = export_all(g, false, &st);
        bool fired = eg_alloc_fail_at <= 0;
        eg_alloc_fail_at = 0;
        if (got ? strcmp(got, want) != 0 : st != EG_ERR_NOMEM)
            bad++;
        free(got);
        if (!fired)
            break;
    }
    CHECK_INT(bad, 0);
    CHECK(k > 100);
    long export_points = k - 1;
    size_t nodes[] = {0, 1, 2, 3, 4, 5};
    eg_graph *sub = NULL;
    CHECK(g && eg_graph_n_nodes(g) > 6);
    CHECK_INT(g ? eg_graph_subgraph(g, nodes, 6, &sub, &err) : EG_ERR_USAGE, EG_OK);
    CHECK(sub && eg_graph_n_edges(sub) > 0 && check_json_cells(sub, &sub->edges, "evidence") > 0);
    for (k = 1; g && k < 1000000; k++) {
        eg_graph *s2 = NULL;
        eg_alloc_fail_at = k;
        st = eg_graph_subgraph(g, nodes, 6, &s2, &err);
        bool fired = eg_alloc_fail_at <= 0;
        eg_alloc_fail_at = 0;
        CHECK(st == EG_OK ? s2 && same_graph(sub, s2) : st == EG_ERR_NOMEM && !s2);
        eg_graph_free(s2);
        if (!fired)
            break;
    }
    printf("deferred evidence: %ld allocation failure points of the exports, %ld of a subgraph, all clean\n",
           export_points, k - 1);
    free(want);
    eg_graph_free(sub);
    eg_graph_free(g);
    eg_graph_free(g_later);
    eg_graph_free(g_all);
    eg_cooccur_free(all);
    free_docs(docs);
    eg_dict_free(d);
}

static void *hook_malloc(size_t n)
{
    return eg_malloc(n);
}

/* Documents that no evidence record quotes leave nothing behind (memory does not grow with the corpus); the
 * quoted ones keep their ids for the evidence lists. In entity-document mode every document is kept. */
static void test_unquoted_documents_forgotten(void)
{
    eg_dict *d = eg_dict_new();
    eg_error err;
    CHECK_INT(eg_dict_add(d, "a", "person", "Alpha", NULL, NULL, NULL, &err), EG_OK);
    CHECK_INT(eg_dict_add(d, "b", "country", "Bravo", NULL, NULL, NULL, &err), EG_OK);
    const char text[] = "Alpha met Bravo.";
    eg_span sentence = {0, sizeof text - 1};
    eg_mention ms[] = {{.start = 0, .end = 5, .entity = 0}, {.start = 10, .end = 15, .entity = 1}};
    eg_doc_result res;
    eg_doc_result_init(&res);
    res.mentions = ms;
    res.n_mentions = 2;
    res.sentences = &sentence;
    res.n_sentences = 1;
    for (int two_mode = 0; two_mode < 2; two_mode++) {
        eg_cooccur_options opts = {.window = EG_WINDOW_SENTENCE, .evidence = 2, .two_mode = two_mode};
        eg_cooccur *c = NULL;
        CHECK_INT(eg_cooccur_new_opts(&opts, &c, &err), EG_OK);
        for (int i = 0; c && i < 1000; i++) {
            char id[16];
            snprintf(id, sizeof id, "d%d", i);
            eg_document doc = {.id = id, .text = text, .len = sizeof text - 1, .path = "synthetic"};
            CHECK_INT(eg_cooccur_add(c, &doc, &res, &err), EG_OK);
        }
        if (!c)
            continue;
        CHECK_INT(eg_cooccur_n_documents(c), 1000);
        CHECK_INT(c->n_docs, two_mode ? 1000 : 2);
        CHECK_STR(c->docs[c->n_docs - 1].id, two_mode ? "d999" : "d1");
        if (!two_mode) {
            eg_graph *g = NULL;
            CHECK_INT(eg_cooccur_to_graph(c, d, &g, &err), EG_OK);
            long col = g ? eg_table_find(&g->edges, "evidence") : -1;
            CHECK(col >= 0);
            eg_cell_reader rd;
            eg_cell_reader_init(&rd);
            const char *list = NULL;
            size_t n = 0;
            if (col >= 0)
                CHECK_INT(eg_table_cell_text(&g->edges, (size_t)col, 0, &rd, &list, &n, NULL), EG_OK);
            CHECK(list && strstr(list, "{\"doc\":\"d0\",\"start\":0,\"end\":16,") &&
                  strstr(list, "{\"doc\":\"d1\",") && !strstr(list, "d2"));
            eg_cell_reader_destroy(&rd);
            eg_graph_free(g);
        }
        eg_cooccur_free(c);
    }
    eg_dict_free(d);
}

int main(void)
{
    json_set_alloc_funcs(hook_malloc, free); /* jansson's allocations can fail too */
    test_counts();
    test_window_cap();
    test_threads_same_graph();
    test_graph_alloc_failures();
    test_evidence_deferred();
    test_unquoted_documents_forgotten();
    TEST_END();
}
