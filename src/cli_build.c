/*
 * cli_build: `entgraph build` (text -> graph files) and `entgraph extract` (text -> mention lines). Both
 * share one loop over the input documents.
 */
#define _GNU_SOURCE /* getopt_long */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cooccur.h"
#include "dict.h"
#include "error.h"
#include "export_files.h"
#include "graph.h"
#include "input.h"
#include "outfile.h"
#include "query.h"

static const char build_usage[] =
    "Usage: entgraph build [OPTIONS] INPUT...\n"
    "\n"
    "Recognises entities in INPUT... and writes their co-occurrence network: DIR/graph.graphml and\n"
    "DIR/graph.json. Two entities are linked once for every sentence that names both.\n"
    "INPUT is a text file (one document), a .jsonl file (one {\"text\", \"id\", \"date\", \"title\"} a line),\n"
    "a directory (read recursively) or - for standard input.\n"
    "\n"
    "Options:\n"
    "  -d, --dict FILE|DIR     load this dictionary too (repeatable; a DIR loads its *.tsv)\n"
    "      --no-default-dicts  do not load the shipped dictionaries\n"
    "  -o, --output DIR        where to write the graph (default: output); created if missing\n"
    "  -f, --format LIST       comma-separated output formats: graphml, json (default: graphml,json)\n"
    "  -k, --top N             entities to list in the summary (default: 10)\n"
    "  -q, --quiet             print nothing but errors\n"
    "  -h, --help              show this help\n";

static const char extract_usage[] =
    "Usage: entgraph extract [OPTIONS] INPUT...\n"
    "\n"
    "Prints every entity mention of INPUT... as one JSON object a line:\n"
    "  {\"doc\", \"entity\", \"label\", \"type\", \"start\", \"end\", \"text\", \"how\"}\n"
    "start and end are byte offsets into the original document text; \"how\" is exact, alias or short-form.\n"
    "INPUT as for 'entgraph build'.\n"
    "\n"
    "Options:\n"
    "  -d, --dict FILE|DIR     load this dictionary too (repeatable)\n"
    "      --no-default-dicts  do not load the shipped dictionaries\n"
    "  -h, --help              show this help\n";

enum { OPT_NO_DEFAULT_DICTS = 1000 };

/* Called for each analysed document; returns an exit code (EG_EXIT_OK to go on). */
typedef int (*doc_fn)(void *ctx, const eg_cli_recognizer *r, const eg_document *doc, const eg_doc_result *res);

typedef struct run_stats {
    size_t n_documents, n_bytes, n_skipped, n_invalid_utf8;
} run_stats;

static int for_each_document(const eg_cli_recognizer *r, char **inputs, size_t n_inputs, doc_fn fn, void *ctx,
                             run_stats *stats)
{
    eg_error err;
    eg_error_clear(&err);
    eg_input_options opts = {0};
    opts.warn = eg_cli_warn_cb;
    eg_input *in = NULL;
    eg_doc_result res;
    eg_doc_result_init(&res);
    int code = EG_EXIT_OK;
    eg_status st = eg_input_open((const char *const *)inputs, n_inputs, &opts, &in, &err);
    while (st == EG_OK) {
        eg_document doc;
        st = eg_input_next(in, &doc, &err);
        if (st != EG_OK)
            break;
        st = eg_pipeline_process(r->pipeline, doc.text, doc.len, &res, &err);
        if (st != EG_OK)
            break;
        stats->n_documents++;
        stats->n_bytes += doc.len;
        if (res.n_invalid_utf8) {
            stats->n_invalid_utf8 += res.n_invalid_utf8;
            eg_error w;
            eg_error_set(&w, EG_ERR_UTF8, doc.path, doc.line ? doc.line : EG_NO_POS, EG_NO_POS, EG_NO_POS,
                         "document %s: %zu bytes that are not UTF-8 were read as U+FFFD", doc.id,
                         res.n_invalid_utf8);
            eg_cli_warn(&w);
        }
        if ((code = fn(ctx, r, &doc, &res)) != EG_EXIT_OK)
            break;
    }
    if (in)
        stats->n_skipped = eg_input_n_skipped(in);
    if (code == EG_EXIT_OK && st != EG_DONE && st != EG_OK)
        code = eg_cli_report(&err);
    eg_doc_result_destroy(&res);
    eg_input_free(in);
    return code;
}

/* Parses the options shared by build and extract; returns -1 to go on, else an exit code. */
static int parse_common(const char *cmd, const char *usage, int argc, char **argv, eg_cli_dicts *dicts,
                        const char **outdir, size_t *top_k, bool *quiet, eg_export_options *export_opts)
{
    static const struct option long_opts[] = {
        {"dict", required_argument, NULL, 'd'},
        {"no-default-dicts", no_argument, NULL, OPT_NO_DEFAULT_DICTS},
        {"output", required_argument, NULL, 'o'},
        {"top", required_argument, NULL, 'k'},
        {"quiet", no_argument, NULL, 'q'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *short_opts = outdir ? ":d:o:k:qf:h" : ":d:h";
    optind = 0; /* glibc: full reinitialisation, so commands can parse in turn (tests) */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (eg_cli_dicts_add(dicts, optarg) != EG_EXIT_OK)
                return EG_EXIT_ERROR;
            break;
        case OPT_NO_DEFAULT_DICTS: dicts->no_default = true; break;
        case 'o':
            if (!outdir)
                return eg_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
            if (!*optarg)
                return eg_cli_usage_error(cmd, "--output needs a directory");
            *outdir = optarg;
            break;
        case 'k':
            if (!top_k)
                return eg_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
            if (eg_cli_parse_size(cmd, "--top", optarg, top_k) != EG_EXIT_OK)
                return EG_EXIT_USAGE;
            break;
        case 'q':
            if (!quiet)
                return eg_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
            *quiet = true;
            break;
        case 'f': {
            eg_error err;
            if (!export_opts)
                return eg_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
            if (eg_export_check_formats(optarg, &err) != EG_OK)
                return eg_cli_usage_error(cmd, "--format: %s", err.message);
            export_opts->formats = optarg;
            break;
        }
        case 'h':
            fputs(usage, stdout);
            return eg_cli_finish_stdout(EG_EXIT_OK);
        default:
            return eg_cli_bad_option(cmd, c, argv);
        }
    }
    if (optind >= argc)
        return eg_cli_usage_error(cmd, "no INPUT given");
    return -1;
}

/* ---- extract ------------------------------------------------------------------------------------- */

static const char *how_name(eg_how how)
{
    switch (how) {
    case EG_HOW_EXACT: return "exact";
    case EG_HOW_ALIAS: return "alias";
    case EG_HOW_SHORT_FORM: return "short-form";
    }
    return "alias";
}

/* A JSON string for text that may hold bytes that are not UTF-8 (they become U+FFFD). */
static json_t *json_text(const char *s, size_t len)
{
    json_t *j = json_stringn(s, len);
    if (j)
        return j;
    char *fixed = malloc(len * 3 + 1);
    if (!fixed)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        json_t *one = NULL;
        size_t k = 1;
        /* Take the longest valid sequence of 1..4 bytes at i. */
        for (size_t try = 4; try >= 1; try--) {
            if (i + try <= len && (one = json_stringn(s + i, try))) {
                k = try;
                break;
            }
        }
        if (one) {
            memcpy(fixed + n, s + i, k);
            n += k;
            json_decref(one);
        } else {
            memcpy(fixed + n, "\xEF\xBF\xBD", 3);
            n += 3;
        }
        i += k;
    }
    j = json_stringn(fixed, n);
    free(fixed);
    return j;
}

static int print_mentions(void *ctx, const eg_cli_recognizer *r, const eg_document *doc,
                          const eg_doc_result *res)
{
    (void)ctx;
    for (size_t i = 0; i < res->n_mentions; i++) {
        const eg_mention *m = &res->mentions[i];
        const eg_entity *e = eg_dict_entity(r->dict, m->entity);
        json_t *o = json_object();
        int bad = !o;
        bad |= json_object_set_new(o, "doc", json_text(doc->id, strlen(doc->id)));
        bad |= json_object_set_new(o, "entity", json_string(e->id));
        bad |= json_object_set_new(o, "label", json_string(e->label));
        bad |= json_object_set_new(o, "type", json_string(e->type));
        bad |= json_object_set_new(o, "start", json_integer((json_int_t)m->start));
        bad |= json_object_set_new(o, "end", json_integer((json_int_t)m->end));
        bad |= json_object_set_new(o, "text", json_text(doc->text + m->start, m->end - m->start));
        bad |= json_object_set_new(o, "how", json_string(how_name(m->how)));
        char *line = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (!line)
            return eg_cli_fail("out of memory");
        int w = puts(line);
        free(line);
        if (w == EOF)
            return eg_cli_finish_stdout(EG_EXIT_ERROR);
    }
    return EG_EXIT_OK;
}

int eg_cmd_extract(int argc, char **argv)
{
    eg_cli_dicts dicts = {0};
    eg_cli_recognizer r = {0};
    run_stats stats = {0};
    int code = parse_common("extract", extract_usage, argc, argv, &dicts, NULL, NULL, NULL, NULL);
    if (code >= 0)
        goto done;
    if ((code = eg_cli_recognizer_load(&dicts, &r)) != EG_EXIT_OK)
        goto done;
    code = for_each_document(&r, argv + optind, (size_t)(argc - optind), print_mentions, NULL, &stats);
    code = eg_cli_finish_stdout(code);
done:
    eg_cli_recognizer_free(&r);
    eg_cli_dicts_free(&dicts);
    return code;
}

/* ---- build --------------------------------------------------------------------------------------- */

static int count_document(void *ctx, const eg_cli_recognizer *r, const eg_document *doc,
                          const eg_doc_result *res)
{
    (void)r;
    (void)doc;
    eg_error err;
    eg_error_clear(&err);
    if (eg_cooccur_add_document(ctx, res, &err) != EG_OK)
        return eg_cli_report(&err);
    return EG_EXIT_OK;
}

/* Graph-level attributes and the PageRank column that exports and summaries use. */
static eg_status annotate(eg_graph *g, const eg_cooccur *c, eg_error *err)
{
    eg_status st;
    size_t col;
    const char *gen = "entgraph " EG_VERSION;
    if ((st = eg_table_add_column(&g->meta, "generator", EG_ATTR_STRING, &col, err)) ||
        (st = eg_table_set_string(&g->meta, col, 0, gen, strlen(gen), err)) ||
        (st = eg_table_add_column(&g->meta, "window", EG_ATTR_STRING, &col, err)) ||
        (st = eg_table_set_string(&g->meta, col, 0, "sentence", 8, err)))
        return st;
    if ((st = eg_table_add_column(&g->meta, "documents", EG_ATTR_INT, &col, err)))
        return st;
    eg_table_set_int(&g->meta, col, 0, (int64_t)eg_cooccur_n_documents(c));
    if ((st = eg_table_add_column(&g->meta, "mentions", EG_ATTR_INT, &col, err)))
        return st;
    eg_table_set_int(&g->meta, col, 0, (int64_t)eg_cooccur_n_mentions(c));

    size_t n = eg_graph_n_nodes(g);
    double *scores = eg_malloc((n ? n : 1) * sizeof *scores);
    if (!scores)
        return eg_error_nomem(err);
    st = eg_query_scores(g, EG_BY_PAGERANK, scores, err);
    if (st == EG_OK)
        st = eg_table_add_column(&g->nodes, "pagerank", EG_ATTR_DOUBLE, &col, err);
    for (size_t v = 0; st == EG_OK && v < n; v++)
        eg_table_set_double(&g->nodes, col, v, scores[v]);
    free(scores);
    return st;
}

static void print_summary(const eg_graph *g, const eg_cooccur *c, const run_stats *stats, const char *dir,
                          size_t top_k, const eg_export_report *written)
{
    printf("entgraph: %zu document%s, %zu bytes, %zu mentions of %zu entities, %zu edges (sentence window)\n",
           stats->n_documents, stats->n_documents == 1 ? "" : "s", stats->n_bytes, eg_cooccur_n_mentions(c),
           eg_graph_n_nodes(g), eg_graph_n_edges(g));
    if (stats->n_skipped)
        printf("skipped %zu malformed record%s (see warnings)\n", stats->n_skipped,
               stats->n_skipped == 1 ? "" : "s");
    if (eg_cooccur_n_capped_windows(c))
        printf("%zu sentence%s named more than %d entities: pairs counted among the first %d only\n",
               eg_cooccur_n_capped_windows(c), eg_cooccur_n_capped_windows(c) == 1 ? "" : "s",
               EG_COOCCUR_MAX_WINDOW_ENTITIES, EG_COOCCUR_MAX_WINDOW_ENTITIES);
    if (written->n_replaced)
        printf("replaced %zu character%s that an output format cannot hold (see the README)\n",
               written->n_replaced, written->n_replaced == 1 ? "" : "s");
    printf("wrote");
    for (size_t i = 0; i < written->n_files; i++)
        printf("%s %s/%s", i == 0 ? "" : (i + 1 == written->n_files ? " and" : ","), dir, written->names[i]);
    printf("\n");
    if (top_k == 0 || eg_graph_n_nodes(g) == 0)
        return;
    eg_ranked *top = NULL;
    size_t n = 0;
    eg_error err;
    if (eg_query_top(g, EG_BY_PAGERANK, top_k, NULL, &top, &n, &err) != EG_OK)
        return;
    long mcol = eg_table_find(&g->nodes, "mentions");
    printf("top %zu by PageRank:\n", n);
    for (size_t i = 0; i < n; i++) {
        size_t v = top[i].node;
        printf("  %3zu  ", i + 1);
        eg_cli_print_cell(stdout, eg_graph_node_label(g, v), 32, false);
        printf("  ");
        eg_cli_print_cell(stdout, eg_graph_node_type(g, v), 12, false);
        printf("  %.4f  %6lld mentions\n", top[i].score,
               mcol >= 0 ? (long long)g->nodes.cols[mcol].v.i[v] : 0LL);
    }
    free(top);
}

int eg_cmd_build(int argc, char **argv)
{
    eg_cli_dicts dicts = {0};
    eg_cli_recognizer r = {0};
    eg_cooccur *c = NULL;
    eg_graph *g = NULL;
    run_stats stats = {0};
    const char *outdir = "output";
    size_t top_k = 10;
    eg_export_options export_opts = {0};
    eg_export_report written;
    bool quiet = false;
    eg_error err;
    eg_error_clear(&err);
    int code = parse_common("build", build_usage, argc, argv, &dicts, &outdir, &top_k, &quiet, &export_opts);
    if (code >= 0)
        goto done;
    if ((code = eg_cli_recognizer_load(&dicts, &r)) != EG_EXIT_OK)
        goto done;
    if (eg_cooccur_new(&c, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    code = for_each_document(&r, argv + optind, (size_t)(argc - optind), count_document, c, &stats);
    if (code != EG_EXIT_OK)
        goto done;
    if (eg_cooccur_to_graph(c, r.dict, &g, &err) != EG_OK || annotate(g, c, &err) != EG_OK ||
        eg_export_files(g, outdir, &export_opts, &written, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    if (!quiet)
        print_summary(g, c, &stats, outdir, top_k, &written);
    code = eg_cli_finish_stdout(EG_EXIT_OK);
done:
    eg_graph_free(g);
    eg_cooccur_free(c);
    eg_cli_recognizer_free(&r);
    eg_cli_dicts_free(&dicts);
    return code;
}
