/*
 * Unit tests for exports written in parts (export.h, export_files.h): for every writer that takes a part,
 * the parts of a graph written one after another are the file written whole, whatever the number of parts
 * and edges (none, fewer edges than parts, many); eg_export_files on several threads, with files cut into
 * parts, writes the files of one-by-one writing and the same report, leaves no scratch file behind, and
 * under every allocation failure and a file size limit fails cleanly and keeps the earlier outputs;
 * eg_outfile_append copies within a file system and across file systems, and falls back to reading and
 * writing wherever the kernel refuses copy_file_range.
 */
#define _GNU_SOURCE /* copy_file_range, loff_t, syscall */

#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "error.h"
#include "export.h"
#include "export_files.h"
#include "harness.h"
#include "outfile.h"

/* ---- a test graph ------------------------------------------------------------------------------------ */

static const char *const awkward_text[] = {
    "plain", "A & B \"q\" <c>", "line1\nline2\tend", "ctrl\x01here", "bad\xFF" "byte", "\xED\x95\x9C\xEA\xB5\xAD",
    "comma, and \"quote\"", "slash/back\\slash",
};
#define N_AWKWARD (sizeof awkward_text / sizeof awkward_text[0])

/* nv nodes (awkward ids, labels and notes; some ids need GraphML's mapping), and the first ne pairs (a, b),
 * a < b, as edges with a weight, a count, a JSON cell, a sparse double with gaps and a string; with dates
 * on both when dynamic. Sorted as the pipeline leaves a graph. NULL on failure. */
static eg_graph *make_graph(size_t nv, size_t ne, bool dynamic)
{
    static const char *const types[] = {"person", "organization", "country", "role", "event"};
    eg_graph *g = NULL;
    eg_error err;
    size_t note, pr, seed, nf = 0, nl = 0, ejson, epmi, erel, ef = 0, el = 0;
    char id[64], date[16], json[256];
    if (eg_graph_new(&g, &err) || eg_table_add_column(&g->nodes, "note", EG_ATTR_STRING, &note, &err) ||
        eg_table_add_column_sparse(&g->nodes, "pagerank", EG_ATTR_DOUBLE, &pr, &err) ||
        eg_table_add_column(&g->nodes, "is_seed", EG_ATTR_BOOL, &seed, &err) ||
        (dynamic && (eg_table_add_column(&g->nodes, "first_seen", EG_ATTR_STRING, &nf, &err) ||
                     eg_table_add_column(&g->nodes, "last_seen", EG_ATTR_STRING, &nl, &err))))
        goto fail;
    for (size_t v = 0; v < nv; v++) {
        const char *text = awkward_text[v % N_AWKWARD];
        size_t row;
        snprintf(id, sizeof id, v % 3 == 0 ? "per:%zu a_x" : v % 3 == 1 ? "org:%zu" : "\xED\x95\x9C%zu", v);
        if (eg_graph_add_node(g, id, text, types[v % 5], &row, &err) ||
            eg_table_set_string(&g->nodes, note, row, text, strlen(text), &err))
            goto fail;
        eg_table_set_int(&g->nodes, EG_NODE_MENTIONS, row, (int64_t)(v * 3 + 1));
        if (v % 4)
            eg_table_set_double(&g->nodes, pr, row, 1.0 / (double)(v + 1));
        eg_table_set_bool(&g->nodes, seed, row, v % 2);
        snprintf(date, sizeof date, "2025-07-%02zu", 1 + v % 28);
        if (dynamic && (eg_table_set_string(&g->nodes, nf, row, date, 10, &err) ||
                        eg_table_set_string(&g->nodes, nl, row, date, 10, &err)))
            goto fail;
    }
    if (eg_table_add_column(&g->edges, "evidence", EG_ATTR_JSON, &ejson, &err) ||
        eg_table_add_column_sparse(&g->edges, "pmi", EG_ATTR_DOUBLE, &epmi, &err) ||
        eg_table_add_column(&g->edges, "relation", EG_ATTR_STRING, &erel, &err) ||
        (dynamic && (eg_table_add_column(&g->edges, "first_seen", EG_ATTR_STRING, &ef, &err) ||
                     eg_table_add_column(&g->edges, "last_seen", EG_ATTR_STRING, &el, &err))))
        goto fail;
    size_t e = 0;
    for (size_t a = 0; a < nv && e < ne; a++)
        for (size_t b = a + 1; b < nv && e < ne; b++, e++) {
            size_t row;
            const char *text = awkward_text[e % N_AWKWARD];
            json_t *j = json_pack("[{s:s, s:i}]", "text", e % N_AWKWARD == 4 ? "plain" : text, "start", (int)e);
            char *dumped = j ? json_dumps(j, JSON_COMPACT) : NULL;
            json_decref(j);
            snprintf(json, sizeof json, "%s", dumped ? dumped : "[]");
            free(dumped);
            if (eg_graph_add_edge(g, (uint32_t)a, (uint32_t)b, &row, &err) ||
                eg_table_set_string(&g->edges, ejson, row, json, strlen(json), &err) ||
                eg_table_set_string(&g->edges, erel, row, text, strlen(text), &err))
                goto fail;
            eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, row, (double)(e % 7) / 3.0);
            eg_table_set_int(&g->edges, EG_EDGE_COUNT, row, (int64_t)e + 1);
            if (e % 3)
                eg_table_set_double(&g->edges, epmi, row, -(double)e / 7.0);
            snprintf(date, sizeof date, "2025-08-%02zu", 1 + e % 28);
            if (dynamic && (eg_table_set_string(&g->edges, ef, row, date, 10, &err) ||
                            eg_table_set_string(&g->edges, el, row, date, 10, &err)))
                goto fail;
        }
    if (eg_graph_sort(g, &err))
        goto fail;
    return g;
fail:
    fprintf(stderr, "test_export_parts: %s\n", err.message);
    eg_graph_free(g);
    return NULL;
}

/* ---- every writer that takes a part ------------------------------------------------------------------ */

typedef eg_status (*part_writer)(const eg_graph *g, FILE *fp, eg_json_style style, eg_export_part part,
                                 size_t *n_replaced, eg_error *err);

static eg_status graphml(const eg_graph *g, FILE *fp, eg_json_style s, eg_export_part p, size_t *n, eg_error *e)
{
    return eg_export_graphml_part(g, fp, p, n, e);
}
static eg_status gexf(const eg_graph *g, FILE *fp, eg_json_style s, eg_export_part p, size_t *n, eg_error *e)
{
    return eg_export_gexf_part(g, fp, p, n, e);
}
static eg_status json(const eg_graph *g, FILE *fp, eg_json_style s, eg_export_part p, size_t *n, eg_error *e)
{
    return eg_export_json_part(g, fp, s, p, n, e);
}
static eg_status csv_edges(const eg_graph *g, FILE *fp, eg_json_style s, eg_export_part p, size_t *n, eg_error *e)
{
    return eg_export_csv_edges_part(g, fp, p, n, e);
}
static eg_status dot(const eg_graph *g, FILE *fp, eg_json_style s, eg_export_part p, size_t *n, eg_error *e)
{
    return eg_export_dot_part(g, fp, p, n, e);
}

static const struct {
    part_writer fn;
    eg_json_style style;
} writers[] = {{graphml, EG_JSON_NETWORKX}, {gexf, EG_JSON_NETWORKX},  {json, EG_JSON_NETWORKX},
               {json, EG_JSON_D3},          {json, EG_JSON_CYTOSCAPE}, {json, EG_JSON_GRAPHOLOGY},
               {csv_edges, EG_JSON_NETWORKX}, {dot, EG_JSON_NETWORKX}};
#define N_WRITERS (sizeof writers / sizeof writers[0])

/* Writes the parts [first, first + n) of count into one string, one after another; NULL on failure. */
static char *write_parts(const eg_graph *g, size_t w, size_t count, size_t *n_replaced)
{
    char *text = NULL;
    size_t len = 0;
    eg_error err;
    FILE *fp = open_memstream(&text, &len);
    bool ok = fp != NULL;
    *n_replaced = 0;
    for (size_t k = 0; ok && k < count; k++) {
        size_t n = 0;
        ok = writers[w].fn(g, fp, writers[w].style, (eg_export_part){k, count, k > 0}, &n, &err) == EG_OK;
        *n_replaced += n;
    }
    if (fp)
        fclose(fp);
    if (!ok) {
        free(text);
        return NULL;
    }
    return text;
}

static void test_parts_are_the_file(void)
{
    static const size_t edges[] = {0, 1, 2, 5, 23, 60};
    int wrong = 0, checked = 0;
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        eg_graph *g = make_graph(12, edges[i], i % 2);
        CHECK(g != NULL);
        for (size_t w = 0; g && w < N_WRITERS; w++) {
            size_t n_whole, n_parts;
            char *whole = write_parts(g, w, 1, &n_whole);
            CHECK(whole != NULL && strlen(whole) > 0);
            for (size_t count = 2; whole && count <= 7; count++) {
                char *parts = write_parts(g, w, count, &n_parts);
                bool same = parts && strcmp(parts, whole) == 0 && n_parts == n_whole;
                if (!same)
                    fprintf(stderr, "writer %zu, %zu edges, %zu parts: not the whole file\n", w, edges[i], count);
                wrong += !same;
                checked++;
                free(parts);
            }
            /* the test graph has invalid UTF-8 to replace, in nodes and (from 5 edges) in edges */
            if (w == 0)
                CHECK(n_whole > 0);
            free(whole);
        }
        eg_graph_free(g);
    }
    CHECK_INT(wrong, 0);
    CHECK_INT(checked, 6 * (int)N_WRITERS * 6);
}

/* Each part of a graph that no format can hold fails alike, whichever part it is. */
static void test_parts_fail_alike(void)
{
    eg_graph *g = make_graph(6, 10, false);
    eg_error err;
    size_t col;
    CHECK(g && eg_table_add_column(&g->edges, "source", EG_ATTR_STRING, &col, &err) == EG_OK);
    for (size_t k = 0; g && k < 3; k++) {
        FILE *fp = fopen("/dev/null", "w");
        CHECK_INT(eg_export_json_part(g, fp, EG_JSON_NETWORKX, (eg_export_part){k, 3, k > 0}, NULL, &err),
                  EG_ERR_USAGE);
        CHECK_INT(eg_export_csv_edges_part(g, fp, (eg_export_part){k, 3, k > 0}, NULL, &err), EG_ERR_USAGE);
        fclose(fp);
    }
    eg_graph_free(g);
}

/* ---- eg_export_files on threads ----------------------------------------------------------------------- */

static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    char buf[4096];
    size_t n;
    while (out && (n = fread(buf, 1, sizeof buf, fp)) > 0)
        fwrite(buf, 1, n, out);
    fclose(fp);
    if (out)
        fclose(out);
    return text;
}

/* The names in dir, sorted and joined by spaces (a fixed buffer: the test dirs are small). */
static void list_dir(const char *dir, char *out, size_t size)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            strncat(out, names[i]->d_name, size - strlen(out) - 2);
            strcat(out, " ");
        }
        free(names[i]);
    }
    free(names);
}

static const char *const all_files[] = {"graph.graphml", "graph.gexf", "graph.json", "nodes.csv", "edges.csv",
                                        "graph.dot"};
#define ALL_FORMATS "graphml,gexf,json,csv,dot"

/* Do the files of dir a and dir b hold the same bytes? */
static bool same_files(const char *a, const char *b)
{
    bool same = true;
    char pa[512], pb[512];
    for (size_t i = 0; i < sizeof all_files / sizeof all_files[0]; i++) {
        snprintf(pa, sizeof pa, "%s/%s", a, all_files[i]);
        snprintf(pb, sizeof pb, "%s/%s", b, all_files[i]);
        char *x = read_file(pa), *y = read_file(pb);
        if (!x || !y || strcmp(x, y) != 0) {
            fprintf(stderr, "%s and %s differ\n", pa, pb);
            same = false;
        }
        free(x);
        free(y);
    }
    return same;
}

static void remove_dir(const char *dir)
{
    char path[512];
    for (size_t i = 0; i < sizeof all_files / sizeof all_files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, all_files[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void test_files_on_threads(void)
{
    char root[] = "/tmp/eg-parts-XXXXXX", one[256], many[256], listing[1024];
    CHECK(mkdtemp(root) != NULL);
    static const size_t edges[] = {0, 3, 60};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        eg_graph *g = make_graph(12, edges[i], i == 1);
        eg_error err;
        eg_export_report r1, rn;
        CHECK(g != NULL);
        if (!g)
            continue;
        snprintf(one, sizeof one, "%s/one", root);
        eg_export_options o1 = {.formats = ALL_FORMATS};
        CHECK_INT(eg_export_files(g, one, &o1, &r1, &err), EG_OK);
        /* two threads: a file each; seven and thirteen: two and three parts of each file */
        static const unsigned thread_counts[] = {2, 3, 7, 13};
        for (size_t t = 0; t < sizeof thread_counts / sizeof thread_counts[0]; t++) {
            unsigned threads = thread_counts[t];
            snprintf(many, sizeof many, "%s/t%u", root, threads);
            /* part_edges 1: every file with two edges or more is cut into parts */
            eg_export_options on = {.formats = ALL_FORMATS, .threads = threads, .part_edges = 1};
            CHECK_INT(eg_export_files(g, many, &on, &rn, &err), EG_OK);
            CHECK(same_files(one, many));
            CHECK_INT(rn.n_files, r1.n_files);
            CHECK_INT(rn.n_replaced, r1.n_replaced);
            CHECK(memcmp(rn.names, r1.names, sizeof rn.names) == 0);
            list_dir(many, listing, sizeof listing);
            CHECK_STR(listing, "edges.csv graph.dot graph.gexf graph.graphml graph.json nodes.csv ");
            /* a single format on several threads: that file alone, in parts */
            eg_export_options og = {.formats = "graphml", .basename = "solo", .threads = threads, .part_edges = 1};
            CHECK_INT(eg_export_files(g, many, &og, &rn, &err), EG_OK);
            char a[512], b[512];
            snprintf(a, sizeof a, "%s/graph.graphml", one);
            snprintf(b, sizeof b, "%s/solo.graphml", many);
            char *x = read_file(a), *y = read_file(b);
            CHECK(x && y && strcmp(x, y) == 0);
            free(x);
            free(y);
            unlink(b);
            remove_dir(many);
        }
        remove_dir(one);
        eg_graph_free(g);
    }
    CHECK(rmdir(root) == 0);
}

/* Every allocation fails in turn (jansson's too) while all formats are written in parts on three threads:
 * each run succeeds with the same files or fails with EG_ERR_NOMEM, leaving the earlier files as they were
 * and no scratch file; AddressSanitizer reports any leak. */
static void test_files_alloc_failures(void)
{
    char root[] = "/tmp/eg-parts-XXXXXX", want[256], dir[256], listing[1024];
    CHECK(mkdtemp(root) != NULL);
    eg_graph *g = make_graph(8, 20, true);
    eg_error err;
    eg_export_report rep;
    snprintf(want, sizeof want, "%s/want", root);
    snprintf(dir, sizeof dir, "%s/out", root);
    eg_export_options o = {.formats = ALL_FORMATS, .threads = 3, .part_edges = 4};
    CHECK(g && eg_export_files(g, want, &o, &rep, &err) == EG_OK);
    /* The earlier outputs: another graph's. */
    eg_graph *old = make_graph(3, 1, false);
    CHECK(old && eg_export_files(old, dir, &o, &rep, &err) == EG_OK);
    char old_graphml[512];
    snprintf(old_graphml, sizeof old_graphml, "%s/graph.graphml", dir);
    char *before = read_file(old_graphml);
    int bad = 0;
    long k;
    for (k = 1; g && k < 200000; k++) {
        eg_alloc_fail_at = k;
        eg_status st = eg_export_files(g, dir, &o, &rep, &err);
        bool fired = eg_alloc_fail_at <= 0;
        eg_alloc_fail_at = 0;
        list_dir(dir, listing, sizeof listing);
        bad += strcmp(listing, "edges.csv graph.dot graph.gexf graph.graphml graph.json nodes.csv ") != 0;
        if (!fired) {
            CHECK_INT(st, EG_OK);
            CHECK(same_files(want, dir));
            break;
        }
        char *now = read_file(old_graphml);
        bad += st != EG_ERR_NOMEM || !now || !before || strcmp(now, before) != 0;
        free(now);
    }
    CHECK_INT(bad, 0);
    CHECK(k > 50 && k < 200000);
    free(before);
    remove_dir(want);
    remove_dir(dir);
    CHECK(rmdir(root) == 0);
    eg_graph_free(g);
    eg_graph_free(old);
}

/* In a child with a file size limit that every part fits in but a whole file does not (SIGXFSZ ignored, as
 * the CLI does): the export fails with "File too large" naming the file, the earlier file survives and no
 * scratch file is left. Exit code: 0, or the failed step. */
static int child_file_limit(const eg_graph *g, const char *dir, size_t limit)
{
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {limit, limit};
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
        return 1;
    eg_error err;
    eg_export_report rep;
    char msg[1200], expect[1200];
    eg_export_options o = {.formats = "graphml", .threads = 4, .part_edges = 1};
    if (eg_export_files(g, dir, &o, &rep, &err) != EG_ERR_IO)
        return 2;
    eg_error_format(&err, msg, sizeof msg);
    snprintf(expect, sizeof expect, "writing %s/graph.graphml: File too large", dir);
    if (strcmp(msg, expect) != 0) {
        fprintf(stderr, "got: %s\n", msg);
        return 3;
    }
    return 0;
}

static void test_files_size_limit(void)
{
    char dir[] = "/tmp/eg-parts-XXXXXX", path[256], listing[1024];
    eg_graph *g = make_graph(12, 60, false);
    CHECK(g && mkdtemp(dir));
    snprintf(path, sizeof path, "%s/graph.graphml", dir);
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs("old\n", fp);
        fclose(fp);
    }
    /* The limit: more than the largest part, less than the whole file. */
    size_t largest = 0, whole = 0, n;
    for (size_t k = 0; g && k < 4; k++) {
        char *text = NULL;
        size_t len = 0;
        eg_error err;
        FILE *mem = open_memstream(&text, &len);
        eg_export_graphml_part(g, mem, (eg_export_part){k, 4, k > 0}, &n, &err);
        fclose(mem);
        largest = len > largest ? len : largest;
        whole += len;
        free(text);
    }
    CHECK(largest + 100 < whole);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(child_file_limit(g, dir, largest + 100));
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK_INT(WEXITSTATUS(status), 0);
    char *after = read_file(path);
    CHECK(after && strcmp(after, "old\n") == 0);
    free(after);
    list_dir(dir, listing, sizeof listing);
    CHECK_STR(listing, "graph.graphml ");
    unlink(path);
    CHECK(rmdir(dir) == 0);
    eg_graph_free(g);
}

/* ---- eg_outfile_append ------------------------------------------------------------------------------- */

/* dst_dir/x gets "head" then src_dir/y's bytes, 200,000 of them (more than one copy step of the fallback). */
static void append_between(const char *dst_dir, const char *src_dir)
{
    char dst_path[256], src_path[256];
    snprintf(dst_path, sizeof dst_path, "%s/x", dst_dir);
    snprintf(src_path, sizeof src_path, "%s/y", src_dir);
    eg_outfile dst, src;
    eg_error err;
    CHECK_INT(eg_outfile_open(&dst, dst_path, &err), EG_OK);
    CHECK_INT(eg_outfile_open(&src, src_path, &err), EG_OK);
    fputs("head", dst.fp);
    for (int i = 0; i < 200000; i++)
        fputc('a' + i % 26, src.fp);
    CHECK_INT(eg_outfile_append(&dst, &src, &err), EG_OK);
    eg_outfile_abort(&src);
    CHECK_INT(eg_outfile_commit(&dst, &err), EG_OK);
    char *text = read_file(dst_path);
    CHECK(text && strlen(text) == 200004 && strncmp(text, "headabc", 7) == 0 && text[200003] == 'a' + 199999 % 26);
    free(text);
    unlink(dst_path);
}

/* copy_file_range as the library sees it: the kernel's, or a refusal with refuse_errno when that is set (as
 * an old kernel, another file system or a sandbox's system-call filter answers). */
static int refuse_errno;

ssize_t copy_file_range(int in, loff_t *in_off, int out, loff_t *out_off, size_t n, unsigned int flags)
{
    if (refuse_errno) {
        errno = refuse_errno;
        return -1;
    }
    return syscall(SYS_copy_file_range, in, in_off, out, out_off, n, flags);
}

static void test_append(void)
{
    char a[] = "/tmp/eg-parts-XXXXXX", b[] = "/dev/shm/eg-parts-XXXXXX";
    CHECK(mkdtemp(a) != NULL);
    append_between(a, a);
    static const int refusals[] = {ENOSYS, EXDEV, EINVAL, EOPNOTSUPP, EPERM};
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        refuse_errno = refusals[i];
        append_between(a, a);
    }
    refuse_errno = 0;
    if (mkdtemp(b)) { /* another file system: read and write */
        append_between(a, b);
        rmdir(b);
    } else {
        printf("skipped: appending across file systems (no /dev/shm)\n");
    }
    eg_outfile dst = {0}, src;
    eg_error err;
    char path[256];
    snprintf(path, sizeof path, "%s/y", a);
    CHECK_INT(eg_outfile_open(&src, path, &err), EG_OK);
    CHECK_INT(eg_outfile_append(&dst, &src, &err), EG_ERR_USAGE);
    eg_outfile_abort(&src);
    CHECK(rmdir(a) == 0);
}

static void *hook_malloc(size_t n)
{
    return eg_malloc(n);
}

int main(void)
{
    json_set_alloc_funcs(hook_malloc, free); /* jansson's allocations can fail too */
    test_parts_are_the_file();
    test_parts_fail_alike();
    test_files_on_threads();
    test_files_alloc_failures();
    test_files_size_limit();
    test_append();
    TEST_END();
}
