/*
 * Unit tests for the GraphML and JSON exporters over a small hand-built graph with awkward names: quotes,
 * & and <, Hangul, an emoji, a control character, a comma, ids with a space, a slash and a literal "_x",
 * tabs and newlines, invalid UTF-8, a NaN, sparse columns. Outputs are compared byte for byte with
 * tests/unit/data/export/awkward.{graphml,json}.
 *
 *   test_export                run the tests (working directory: tests/)
 *   test_export --write DIR    write the exports into DIR (awkward.graphml, awkward.json, ids.graphml,
 *                              names.graphml; awkward.* and dynamic.* in every format, and DIR/STYLE/ for the
 *                              other JSON styles) for the tests/export scripts, or to refresh the goldens
 *                              with DIR = unit/data/export after checking the difference by eye.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "error.h"
#include "export.h"
#include "export_files.h"
#include "harness.h"
#include "outfile.h"

#define GOLDEN_DIR "unit/data/export"

/* ---- test graphs ------------------------------------------------------------------------------------- */

typedef struct node_spec {
    const char *id, *label, *type;
    int64_t mentions, documents;
} node_spec;

static const node_spec awkward_nodes[] = {
    {"org:a b/c", "A & B \"Quoted\" <Corp>", "organization", 12, 4},
    {"\xED\x95\x9C\xEA\xB5\xAD", "\xED\x95\x9C\xEA\xB5\xAD", "country", 30, 9}, /* 한국 */
    {"per:doe", "Doe, John", "person", 7, 3},
    {"per:smiley\xF0\x9F\x98\x80", "Smiley \xF0\x9F\x98\x80 Face", "person", 2, 1}, /* U+1F600 */
    {"role:ctrl", "Bad\x01Label", "role", 1, 1},
    {"evt:a_x", "It's an event", "event", 3, 2},
};

/* Builds the awkward graph (sorted, as the pipeline leaves it). Returns NULL on failure. */
static eg_graph *awkward_graph(void)
{
    eg_graph *g = NULL;
    eg_error err;
    size_t c_note, c_pr, c_seed, c_pmi, c_name, c_ndoc, c_weighted;
    if (eg_graph_new(&g, &err))
        return NULL;
    for (size_t i = 0; i < sizeof awkward_nodes / sizeof awkward_nodes[0]; i++) {
        const node_spec *n = &awkward_nodes[i];
        size_t row;
        if (eg_graph_add_node(g, n->id, n->label, n->type, &row, &err))
            goto fail;
        eg_table_set_int(&g->nodes, EG_NODE_MENTIONS, row, n->mentions);
        eg_table_set_int(&g->nodes, EG_NODE_DOCUMENTS, row, n->documents);
    }
    if (eg_table_add_column(&g->nodes, "note", EG_ATTR_STRING, &c_note, &err) ||
        eg_table_add_column_sparse(&g->nodes, "pagerank", EG_ATTR_DOUBLE, &c_pr, &err) ||
        eg_table_add_column(&g->nodes, "is_seed", EG_ATTR_BOOL, &c_seed, &err) ||
        eg_table_set_string(&g->nodes, c_note, 0, "line1\nline2\tend\r", 17, &err) ||
        eg_table_set_string(&g->nodes, c_note, 2, "bad\xFF" "byte", 8, &err))
        goto fail;
    const double pr[] = {0.25, 0.4, 0.1, 0.05, -1, 0.2}; /* -1: absent */
    for (size_t v = 0; v < 6; v++)
        if (pr[v] >= 0)
            eg_table_set_double(&g->nodes, c_pr, v, pr[v]);
    eg_table_set_bool(&g->nodes, c_seed, 1, true);

    static const struct {
        uint32_t a, b;
        double w;
        int64_t count;
    } edges[] = {{1, 0, 0.1, 3}, {2, 0, 1.0 / 3.0, 1}, {1, 3, 2.5, 5}, {4, 5, 1, 1}};
    if (eg_table_add_column_sparse(&g->edges, "pmi", EG_ATTR_DOUBLE, &c_pmi, &err))
        goto fail;
    for (size_t e = 0; e < 4; e++) {
        size_t row;
        if (eg_graph_add_edge(g, edges[e].a, edges[e].b, &row, &err))
            goto fail;
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, row, edges[e].w);
        eg_table_set_int(&g->edges, EG_EDGE_COUNT, row, edges[e].count);
    }
    eg_table_set_double(&g->edges, c_pmi, 0, NAN);
    eg_table_set_double(&g->edges, c_pmi, 1, -0.25);

    if (eg_table_add_column(&g->meta, "name", EG_ATTR_STRING, &c_name, &err) ||
        eg_table_add_column(&g->meta, "n_documents", EG_ATTR_INT, &c_ndoc, &err) ||
        eg_table_add_column(&g->meta, "weighted", EG_ATTR_BOOL, &c_weighted, &err) ||
        eg_table_set_string(&g->meta, c_name, 0, "awkward & <test>", 16, &err))
        goto fail;
    eg_table_set_int(&g->meta, c_ndoc, 0, 42);
    eg_table_set_bool(&g->meta, c_weighted, 0, true);
    if (eg_graph_sort(g, &err))
        goto fail;
    return g;
fail:
    fprintf(stderr, "building the test graph: %s\n", err.message);
    eg_graph_free(g);
    return NULL;
}

/* Ids that stress the escaping: empty, a space, the escape of a space written literally, a lone '_',
 * a trailing "_x", an invalid byte. */
static eg_graph *ids_graph(void)
{
    static const char *ids[] = {"", "a b", "a_x0020_b", "_", "x_x", "bad\xC3"};
    eg_graph *g = NULL;
    eg_error err;
    if (eg_graph_new(&g, &err))
        return NULL;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        if (eg_graph_add_node(g, ids[i], "l", "t", NULL, &err) ||
            (i > 0 && eg_graph_add_edge(g, 0, (uint32_t)i, NULL, &err))) {
            eg_graph_free(g);
            return NULL;
        }
    return g;
}

/* One node per 200 consecutive code points accepted by eg_graphml_is_name_char, so that xmllint checks
 * every one of them against the XSD's NMTOKEN. */
static eg_graph *names_graph(void)
{
    eg_graph *g = NULL;
    eg_error err;
    char id[200 * 4 + 1];
    size_t n = 0, count = 0;
    if (eg_graph_new(&g, &err))
        return NULL;
    for (uint32_t cp = 0x80; cp <= 0x110000; cp++) {
        bool last = cp == 0x110000;
        if (!last && eg_graphml_is_name_char(cp)) {
            if (cp < 0x800) {
                id[n++] = (char)(0xC0 | (cp >> 6));
            } else if (cp < 0x10000) {
                id[n++] = (char)(0xE0 | (cp >> 12));
                id[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            } else {
                id[n++] = (char)(0xF0 | (cp >> 18));
                id[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                id[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            }
            id[n++] = (char)(0x80 | (cp & 0x3F));
            count++;
        }
        if (n > 0 && (last || count % 200 == 0)) {
            id[n] = '\0';
            n = 0;
            if (eg_graph_add_node(g, id, "", "t", NULL, &err)) {
                eg_graph_free(g);
                return NULL;
            }
        }
    }
    return g;
}

/* ---- helpers ----------------------------------------------------------------------------------------- */

typedef enum { FMT_GRAPHML, FMT_JSON } format;

/* Exports g into a new string (*text, caller frees); returns the status. */
static eg_status export_to_string(const eg_graph *g, format f, char **text, size_t *n_replaced,
                                  eg_error *err)
{
    size_t len = 0;
    *text = NULL;
    FILE *fp = open_memstream(text, &len);
    if (!fp)
        return EG_ERR_NOMEM;
    eg_status st = f == FMT_GRAPHML ? eg_export_graphml(g, fp, n_replaced, err)
                                    : eg_export_json_style(g, fp, EG_JSON_NETWORKX, n_replaced, err);
    fclose(fp);
    return st;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (eg_grow((void **)&buf, &cap, n + 4097, 1))
            break;
        size_t k = fread(buf + n, 1, 4096, f);
        n += k;
        if (k < 4096)
            break;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

static int write_export(const eg_graph *g, format f, const char *dir, const char *name)
{
    char path[1024];
    eg_outfile of;
    eg_error err;
    eg_status st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if ((st = eg_outfile_open(&of, path, &err)) == EG_OK) {
        st = f == FMT_GRAPHML ? eg_export_graphml(g, of.fp, NULL, &err) : eg_export_json(g, of.fp, &err);
        st = st ? eg_outfile_fail(&of, st, &err) : eg_outfile_commit(&of, &err);
    }
    if (st) {
        char msg[1200];
        eg_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "test_export: %s\n", msg);
        return 1;
    }
    return 0;
}

/* The awkward graph plus an edge column `evidence` (JSON: a list of {doc, start, end, text} with a tab
 * and a newline in the text), as the pipeline adds it. */
static eg_graph *awkward_graph_with_evidence(void)
{
    eg_graph *g = awkward_graph();
    eg_error err;
    size_t col;
    static const char ev[] = "[{\"doc\":\"a.txt\",\"start\":0,\"end\":12,\"text\":\"Tab\\there,\\nnewline \\\"q\\\" & <x>\"}]";
    if (!g)
        return NULL;
    if (eg_table_add_column(&g->edges, "evidence", EG_ATTR_JSON, &col, &err) ||
        eg_table_set_string(&g->edges, col, 0, ev, strlen(ev), &err)) {
        eg_graph_free(g);
        return NULL;
    }
    return g;
}

/* A graph with first_seen / last_seen on nodes and edges: GEXF must be dynamic. */
static eg_graph *dynamic_graph(void)
{
    static const char *ids[] = {"per:a", "per:b", "org:c"};
    static const char *first[] = {"2025-07-01", "2025-07-03", NULL}, *last[] = {"2025-07-09", "2025-07-03", NULL};
    eg_graph *g = NULL;
    eg_error err;
    size_t nf, nl, ef, el;
    if (eg_graph_new(&g, &err) || eg_table_add_column(&g->nodes, "first_seen", EG_ATTR_STRING, &nf, &err) ||
        eg_table_add_column(&g->nodes, "last_seen", EG_ATTR_STRING, &nl, &err) ||
        eg_table_add_column(&g->edges, "first_seen", EG_ATTR_STRING, &ef, &err) ||
        eg_table_add_column(&g->edges, "last_seen", EG_ATTR_STRING, &el, &err))
        goto fail;
    for (size_t i = 0; i < 3; i++)
        if (eg_graph_add_node(g, ids[i], ids[i] + 4, i < 2 ? "person" : "organization", NULL, &err) ||
            (first[i] && eg_table_set_string(&g->nodes, nf, i, first[i], 10, &err)) ||
            (last[i] && eg_table_set_string(&g->nodes, nl, i, last[i], 10, &err)))
            goto fail;
    if (eg_graph_add_edge(g, 0, 1, NULL, &err) || eg_table_set_string(&g->edges, ef, 0, "2025-07-03", 10, &err) ||
        eg_table_set_string(&g->edges, el, 0, "2025-07-03", 10, &err) || eg_graph_add_edge(g, 0, 2, NULL, &err) ||
        eg_graph_sort(g, &err))
        goto fail;
    for (size_t e = 0; e < 2; e++)
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, e, (double)(e + 1));
    return g;
fail:
    eg_graph_free(g);
    return NULL;
}

/* Every format through the driver, as `build --format ...` writes them, plus the other JSON styles. */
static int write_formats(const eg_graph *g, const char *dir, const char *stem)
{
    static const char *styles[] = {"networkx", "d3", "cytoscape", "graphology"};
    char sub[1024], name[64];
    eg_error err;
    eg_export_report rep;
    /* all formats at once on three threads; the files are those of one-by-one writing */
    eg_export_options opts = {.formats = "graphml,gexf,json,csv,dot", .basename = stem, .threads = 3};
    if (eg_export_files(g, dir, &opts, &rep, &err))
        goto fail;
    for (size_t i = 1; i < 4; i++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, styles[i]);
        snprintf(name, sizeof name, "%s", stem);
        eg_export_options o = {.formats = "json", .basename = name, .json_style = (eg_json_style)i};
        if (eg_export_files(g, sub, &o, &rep, &err))
            goto fail;
    }
    return 0;
fail:
    fprintf(stderr, "test_export: %s\n", err.message);
    return 1;
}

static int write_all(const char *dir)
{
    eg_graph *a = awkward_graph_with_evidence(), *ids = ids_graph(), *names = names_graph(), *dyn = dynamic_graph();
    int rc = !a || !ids || !names || !dyn;
    if (!rc)
        rc = write_export(a, FMT_GRAPHML, dir, "awkward.graphml") | write_export(a, FMT_JSON, dir, "awkward.json") |
             write_export(ids, FMT_GRAPHML, dir, "ids.graphml") |
             write_export(names, FMT_GRAPHML, dir, "names.graphml") | write_formats(a, dir, "awkward") |
             write_formats(dyn, dir, "dynamic");
    eg_graph_free(dyn);
    eg_graph_free(a);
    eg_graph_free(ids);
    eg_graph_free(names);
    return rc;
}

/* ---- tests ------------------------------------------------------------------------------------------- */

static void check_golden(const eg_graph *g, format f, const char *name, size_t expect_replaced)
{
    char path[256], *text = NULL, *golden;
    size_t n_replaced = 99;
    eg_error err;
    snprintf(path, sizeof path, GOLDEN_DIR "/%s", name);
    CHECK_INT(export_to_string(g, f, &text, &n_replaced, &err), EG_OK);
    CHECK_INT(n_replaced, expect_replaced);
    golden = read_file(path);
    CHECK(golden != NULL);
    if (golden && text && strcmp(golden, text) != 0) {
        char actual[300];
        snprintf(actual, sizeof actual, "/tmp/eg-actual-%s", name);
        FILE *fp = fopen(actual, "wb");
        if (fp) {
            fputs(text, fp);
            fclose(fp);
        }
        fprintf(stderr, "%s differs from the golden file; see: diff %s tests/%s\n", name, actual, path);
        CHECK(!"golden mismatch");
    } else {
        CHECK(golden != NULL);
    }

    /* Deterministic: a second export is identical. */
    char *again = NULL;
    CHECK_INT(export_to_string(g, f, &again, NULL, &err), EG_OK);
    CHECK(text && again && strcmp(text, again) == 0);
    free(again);
    free(text);
    free(golden);
}

static void test_awkward(void)
{
    eg_graph *g = awkward_graph();
    CHECK(g != NULL);
    if (!g)
        return;
    /* GraphML: \x01 and the invalid byte; JSON: only the invalid byte (controls are legal in JSON). */
    check_golden(g, FMT_GRAPHML, "awkward.graphml", 2);
    check_golden(g, FMT_JSON, "awkward.json", 1);

    /* A few properties spelled out, so a wrong golden cannot hide them. */
    char *x = NULL;
    eg_error err;
    CHECK_INT(export_to_string(g, FMT_GRAPHML, &x, NULL, &err), EG_OK);
    if (x) {
        CHECK(strstr(x, "<node id=\"org:a_x0020_b_x002F_c\">") != NULL);
        CHECK(strstr(x, "<data key=\"v_entity_id\">org:a b/c</data>") != NULL);
        CHECK(strstr(x, "<node id=\"evt:a_x005F_x\">") != NULL);
        CHECK(strstr(x, "<node id=\"per:smiley_x1F600_\">") != NULL);
        CHECK(strstr(x, "<node id=\"\xED\x95\x9C\xEA\xB5\xAD\">") != NULL); /* Hangul kept */
        CHECK(strstr(x, "<node id=\"per:doe\">") != NULL);
        CHECK(strstr(x, "A &amp; B \"Quoted\" &lt;Corp&gt;") != NULL);
        CHECK(strstr(x, "Bad\xEF\xBF\xBDLabel") != NULL);
        CHECK(strstr(x, "line1\nline2\tend&#13;") != NULL);
        CHECK(strstr(x, "attr.name=\"mentions\" attr.type=\"long\"") != NULL);
        CHECK(strstr(x, "nan") == NULL && strstr(x, "inf") == NULL);
        CHECK(strstr(x, "<data key=\"e_weight\">0.1</data>") != NULL);
        CHECK(strstr(x, "<data key=\"e_weight\">0.3333333333333333</data>") != NULL);
        CHECK(strstr(x, "It's an event") != NULL);
    }
    free(x);
    CHECK_INT(export_to_string(g, FMT_JSON, &x, NULL, &err), EG_OK);
    if (x) {
        CHECK(strstr(x, "\"id\": \"org:a b/c\"") != NULL);
        CHECK(strstr(x, "Bad\\u0001Label") != NULL);
        CHECK(strstr(x, "\"weight\": 0.333333333333333") != NULL);
        CHECK(strstr(x, "NaN") == NULL);
    }
    free(x);
    eg_graph_free(g);
}

static void test_ids(void)
{
    eg_graph *g = ids_graph();
    char *x = NULL;
    eg_error err;
    CHECK(g != NULL);
    if (!g)
        return;
    CHECK_INT(export_to_string(g, FMT_GRAPHML, &x, NULL, &err), EG_OK);
    if (x) {
        CHECK(strstr(x, "<node id=\"_x_\">") != NULL);             /* "" */
        CHECK(strstr(x, "<node id=\"a_x0020_b\">") != NULL);       /* "a b" */
        CHECK(strstr(x, "<node id=\"a_x005F_x0020_b\">") != NULL); /* "a_x0020_b" */
        CHECK(strstr(x, "<node id=\"_\">") != NULL);               /* no "_x": verbatim */
        CHECK(strstr(x, "<node id=\"x_x005F_x\">") != NULL);       /* "x_x" */
        CHECK(strstr(x, "<node id=\"bad_xDCC3_\">") != NULL);      /* invalid byte */
    }
    free(x);
    eg_graph_free(g);

    CHECK(eg_graphml_is_name_char('a') && eg_graphml_is_name_char(':') && eg_graphml_is_name_char('-'));
    CHECK(!eg_graphml_is_name_char(' ') && !eg_graphml_is_name_char('/') && !eg_graphml_is_name_char('&'));
    CHECK(eg_graphml_is_name_char(0xAC00) && eg_graphml_is_name_char(0xD7A3) && eg_graphml_is_name_char(0x4E2D));
    CHECK(!eg_graphml_is_name_char(0x1F600) && !eg_graphml_is_name_char(0x0133) && !eg_graphml_is_name_char(0xD7));
}

static void test_empty_and_clashes(void)
{
    eg_graph *g = NULL;
    eg_error err;
    char *x = NULL;
    size_t col;
    CHECK_INT(eg_graph_new(&g, &err), EG_OK);
    CHECK_INT(export_to_string(g, FMT_GRAPHML, &x, NULL, &err), EG_OK);
    CHECK(x && strstr(x, "<graph id=\"G\" edgedefault=\"undirected\">\n  </graph>") != NULL);
    free(x);
    CHECK_INT(export_to_string(g, FMT_JSON, &x, NULL, &err), EG_OK);
    CHECK(x && strstr(x, "\"nodes\": []") != NULL);
    free(x);

    /* A node column named like a visual attribute replaces it. */
    CHECK_INT(eg_graph_add_node(g, "n", "N", "person", NULL, &err), EG_OK);
    CHECK_INT(eg_table_add_column(&g->nodes, "size", EG_ATTR_INT, &col, &err), EG_OK);
    eg_table_set_int(&g->nodes, col, 0, 7);
    CHECK_INT(export_to_string(g, FMT_GRAPHML, &x, NULL, &err), EG_OK);
    CHECK(x && strstr(x, "<data key=\"v_size\">7</data>") != NULL);
    CHECK(x && strstr(x, "attr.name=\"size\" attr.type=\"double\"") == NULL);
    free(x);

    /* An edge column "source" cannot be written as node-link JSON. */
    CHECK_INT(eg_table_add_column(&g->edges, "source", EG_ATTR_STRING, NULL, &err), EG_OK);
    CHECK_INT(export_to_string(g, FMT_JSON, &x, NULL, &err), EG_ERR_USAGE);
    free(x);
    eg_graph_free(g);
}

static void test_write_errors(void)
{
    FILE *fp = fopen("/dev/full", "w");
    if (!fp) {
        printf("skipped: write-error checks (no /dev/full)\n");
        return;
    }
    eg_graph *g = awkward_graph();
    eg_error err;
    CHECK_INT(eg_export_graphml(g, fp, NULL, &err), EG_ERR_IO);
    CHECK_STR(err.message, "writing GraphML: No space left on device");
    fclose(fp);
    fp = fopen("/dev/full", "w");
    CHECK_INT(eg_export_json(g, fp, &err), EG_ERR_IO);
    CHECK_STR(err.message, "writing JSON: No space left on device");
    fclose(fp);
    eg_graph_free(g);
}

/* In a child with a 1000-byte file size limit (SIGXFSZ ignored, as the CLI does): each export fails with
 * "File too large" naming the file, and the earlier file survives. Exit code: 0, or the failed step. */
static int child_file_limit(const eg_graph *g, const char *path)
{
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {1000, 1000};
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
        return 1;
    for (int f = FMT_GRAPHML; f <= FMT_JSON; f++) {
        eg_outfile of;
        eg_error err;
        char msg[1200], expect[1200];
        if (eg_outfile_open(&of, path, &err))
            return 2;
        eg_status st = f == FMT_GRAPHML ? eg_export_graphml(g, of.fp, NULL, &err) : eg_export_json(g, of.fp, &err);
        if (eg_outfile_fail(&of, st, &err) != EG_ERR_IO)
            return 3;
        eg_error_format(&err, msg, sizeof msg);
        snprintf(expect, sizeof expect, "%s: writing %s: File too large", path, f == FMT_GRAPHML ? "GraphML" : "JSON");
        if (strcmp(msg, expect) != 0) {
            fprintf(stderr, "got: %s\n", msg);
            return 4;
        }
    }
    return 0;
}

static void test_file_limit(void)
{
    char dir[] = "/tmp/eg-export-XXXXXX", path[64];
    eg_graph *g = awkward_graph();
    if (!g || !mkdtemp(dir)) {
        CHECK(!"setup");
        eg_graph_free(g);
        return;
    }
    snprintf(path, sizeof path, "%s/graph.out", dir);
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs("old\n", fp);
        fclose(fp);
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(child_file_limit(g, path));
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK_INT(WEXITSTATUS(status), 0);
    char *after = read_file(path);
    CHECK(after && strcmp(after, "old\n") == 0);
    free(after);
    unlink(path);
    CHECK(rmdir(dir) == 0); /* fails if a temporary file was left */
    eg_graph_free(g);
}

/* Fails the k-th allocation for every k (jansson's included): each run either succeeds with the golden
 * output or reports EG_ERR_NOMEM; AddressSanitizer reports any leak. */
static void test_alloc_failures(void)
{
    eg_graph *g = awkward_graph();
    CHECK(g != NULL);
    if (!g)
        return;
    for (int f = FMT_GRAPHML; f <= FMT_JSON; f++) {
        char *ok_text = NULL;
        eg_error err;
        CHECK_INT(export_to_string(g, (format)f, &ok_text, NULL, &err), EG_OK);
        int bad = 0, k;
        for (k = 1; k < 10000; k++) {
            char *x = NULL;
            eg_alloc_fail_at = k;
            eg_status st = export_to_string(g, (format)f, &x, NULL, &err);
            bool done = eg_alloc_fail_at > 0; /* the k-th allocation never came */
            eg_alloc_fail_at = 0;
            if (done) {
                bad += st != EG_OK || !x || strcmp(x, ok_text) != 0;
                free(x);
                break;
            }
            bad += st != EG_ERR_NOMEM;
            free(x);
        }
        CHECK_INT(bad, 0);
        CHECK(k > 1 && k < 10000);
        free(ok_text);
    }
    eg_graph_free(g);
}

/* The other writers: /dev/full gives each one's write error; every JSON style survives the k-th allocation
 * failing for every k; GEXF is static without and dynamic with first_seen / last_seen. */
typedef eg_status (*plain_writer)(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err);

static void test_other_formats(void)
{
    static const struct {
        plain_writer fn;
        const char *what;
    } writers[] = {{eg_export_gexf, "GEXF"}, {eg_export_csv_nodes, "CSV"}, {eg_export_csv_edges, "CSV"},
                   {eg_export_dot, "DOT"}};
    eg_graph *g = awkward_graph_with_evidence(), *dyn = dynamic_graph();
    eg_error err;
    char expect[64];
    CHECK(g != NULL && dyn != NULL);
    if (!g || !dyn)
        goto done;
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        FILE *fp = fopen("/dev/full", "w");
        if (!fp)
            break;
        CHECK_INT(writers[i].fn(g, fp, NULL, &err), EG_ERR_IO);
        snprintf(expect, sizeof expect, "writing %s: No space left on device", writers[i].what);
        CHECK_STR(err.message, expect);
        fclose(fp);
    }
    /* The sweep runs without the JSON-valued column: under a failed allocation jansson's parser may drop a
     * character of a string and still succeed, which no caller can detect. */
    eg_graph *plain = awkward_graph();
    for (int style = EG_JSON_NETWORKX; plain && style <= EG_JSON_GRAPHOLOGY; style++) {
        char *ok = NULL, *x = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&ok, &len);
        CHECK_INT(eg_export_json_style(plain, fp, (eg_json_style)style, NULL, &err), EG_OK);
        fclose(fp);
        int bad = 0, k;
        for (k = 1; k < 20000; k++) {
            fp = open_memstream(&x, &len);
            eg_alloc_fail_at = k;
            eg_status st = eg_export_json_style(plain, fp, (eg_json_style)style, NULL, &err);
            bool done = eg_alloc_fail_at > 0;
            eg_alloc_fail_at = 0;
            fclose(fp);
            if (done) {
                bad += st != EG_OK || strcmp(x, ok) != 0;
                free(x);
                break;
            }
            /* jansson's parser absorbs some failed allocations; the result must then be complete. */
            bad += !(st == EG_ERR_NOMEM || (st == EG_OK && strcmp(x, ok) == 0));
            free(x);
        }
        CHECK_INT(bad, 0);
        free(ok);
    }
    eg_graph_free(plain);
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    CHECK_INT(eg_export_gexf(g, fp, NULL, &err), EG_OK);
    fclose(fp);
    CHECK(text && strstr(text, "mode=\"static\"") && !strstr(text, "<spell"));
    CHECK(text && strstr(text, "<node id=\"org:a b/c\" label=\"A &amp; B &quot;Quoted&quot; &lt;Corp&gt;\">"));
    CHECK(text && strstr(text, "line1&#10;line2&#9;end&#13;"));
    free(text);
    fp = open_memstream(&text, &len);
    CHECK_INT(eg_export_gexf(dyn, fp, NULL, &err), EG_OK);
    fclose(fp);
    CHECK(text && strstr(text, "mode=\"dynamic\" timeformat=\"date\""));
    CHECK(text && strstr(text, "<spell start=\"2025-07-01\" end=\"2025-07-09\"/>"));
    free(text);
    fp = open_memstream(&text, &len);
    CHECK_INT(eg_export_csv_nodes(g, fp, NULL, &err), EG_OK);
    fclose(fp);
    CHECK(text && strstr(text, "per:doe,\"Doe, John\",person,7,3,bad\xEF\xBF\xBD" "byte,0.1,false\r\n"));
    free(text);
done:
    eg_graph_free(g);
    eg_graph_free(dyn);
}

int main(int argc, char **argv)
{
    /* Route jansson's allocations through eg_malloc so the failure hook reaches them. */
    json_set_alloc_funcs(eg_malloc, free);
    if (argc == 3 && strcmp(argv[1], "--write") == 0)
        return write_all(argv[2]);
    if (argc != 1) {
        fprintf(stderr, "usage: test_export [--write DIR]\n");
        return 2;
    }
    test_awkward();
    test_ids();
    test_empty_and_clashes();
    test_write_errors();
    test_file_limit();
    test_alloc_failures();
    test_other_formats();
    TEST_END();
}
