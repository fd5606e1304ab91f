/*
 * cli_build: `entgraph build` (text -> graph files, or with --partial a shard) and `entgraph extract`
 * (text -> mention lines). Both share one loop over the input documents. Build counts into an eg_partial;
 * the graph is made from it by eg_cli_graph_make (cli_build.h), the one path `entgraph merge` also takes.
 */
#define _GNU_SOURCE /* getopt_long */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_build.h"
#include "cli_progress.h"
#include "cli_run.h"
#include "cli_network.h"
#include "cooccur.h"
#include "cooccur_graph.h"
#include "dict.h"
#include "engine.h"
#include "error.h"
#include "export_files.h"
#include "graph.h"
#include "input.h"
#include "outfile.h"
#include "partial.h"
#include "query.h"
#include "roles.h"
#include "roles_graph.h"

static const char build_usage[] =
    "Usage: entgraph build [OPTIONS] INPUT...\n"
    "\n"
    "Recognises entities in INPUT... and writes their co-occurrence network: DIR/graph.graphml and\n"
    "DIR/graph.json. Two entities are linked once for every sentence that names both.\n"
    "INPUT is a text file (one document), a .jsonl file (one {\"text\", \"id\", \"date\", \"title\"} a line),\n"
    "a .csv file (a header row names the columns: text, id, date, title), a directory (read\n"
    "recursively) or - for standard input.\n"
    "\n"
    "Options:\n"
    "  -d, --dict FILE|DIR     load this dictionary too (repeatable; a DIR loads its *.tsv)\n"
    "      --no-default-dicts  do not load the shipped dictionaries\n"
    "  -o, --output DIR        where to write the graph (default: output); created if missing\n"
    "  -f, --format LIST       comma-separated output formats: graphml, gexf, json, csv, dot\n"
    "                          (default: graphml,json); csv writes nodes.csv and edges.csv\n"
    "      --json-style STYLE  the JSON file's form: networkx (default), d3, cytoscape, graphology\n"
    "  -k, --top N             entities to list in the summary (default: 10)\n"
    "  -j, --threads N         worker threads (default: one per processor); the output is the same for any N\n"
    "  -q, --quiet             print nothing but errors (no progress line, no summary)\n"
    "      --roles MODE        roles the text gives people: nodes (default: role nodes such as\n"
    "                          \"National Security Advisor (South Korea)\" linked by holds_role edges) or\n"
    "                          attributes (a JSON list `roles` on each person)\n"
    "      --partial           write a mergeable partial result (a shard) to -o FILE (- for standard output)\n"
    "                          instead of the graph; 'entgraph merge' makes the graph of several shards.\n"
    "                          Options that shape the graph (--weight, --min-count, --min-mentions,\n"
    "                          --top-nodes, --types, --backbone, --roles, -f, --json-style, -k) go to merge\n"
    EG_CLI_NETWORK_USAGE
    "  -h, --help              show this help\n";

static const char extract_usage[] =
    "Usage: entgraph extract [OPTIONS] INPUT...\n"
    "\n"
    "Prints every entity mention of INPUT... as one JSON object a line:\n"
    "  {\"doc\", \"entity\", \"label\", \"type\", \"start\", \"end\", \"text\", \"how\"}\n"
    "start and end are byte offsets into the original document text; \"how\" is exact, alias, short-form,\n"
    "discovered, role-trigger or role-holder (a dated role such as \"South Korea's president\" in a document\n"
    "with a date, resolved to its holder then).\n"
    "INPUT as for 'entgraph build'.\n"
    "\n"
    "Options:\n"
    "  -d, --dict FILE|DIR     load this dictionary too (repeatable)\n"
    "      --no-default-dicts  do not load the shipped dictionaries\n"
    "  -j, --threads N         worker threads (default: one per processor); the output is the same for any N\n"
    "  -q, --quiet             no progress line and no summary on standard error\n"
    EG_CLI_INPUT_USAGE
    "  -h, --help              show this help\n";

enum { OPT_NO_DEFAULT_DICTS = 1000, OPT_JSON_STYLE, OPT_ROLES, OPT_PARTIAL };

/* Parses the options shared by build and extract; returns -1 to go on, else an exit code. For build,
 * *partial is set by --partial and *graph_opt names the first option seen that shapes the graph only. */
static int parse_common(const char *cmd, const char *usage, int argc, char **argv, eg_cli_dicts *dicts,
                        const char **outdir, size_t *top_k, bool *quiet, eg_export_options *export_opts,
                        size_t *n_threads, eg_roles_mode *roles_mode, bool *partial, const char **graph_opt)
{
    static const struct option long_opts[] = {
        {"dict", required_argument, NULL, 'd'},
        {"no-default-dicts", no_argument, NULL, OPT_NO_DEFAULT_DICTS},
        {"output", required_argument, NULL, 'o'},
        {"top", required_argument, NULL, 'k'},
        {"quiet", no_argument, NULL, 'q'},
        {"threads", required_argument, NULL, 'j'},
        {"format", required_argument, NULL, 'f'},
        {"json-style", required_argument, NULL, OPT_JSON_STYLE},
        {"roles", required_argument, NULL, OPT_ROLES},
        {"partial", no_argument, NULL, OPT_PARTIAL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *short_opts = outdir ? ":d:o:k:qf:j:h" : ":d:qj:h";
    const char *seen_graph_opt = NULL;
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
            seen_graph_opt = seen_graph_opt ? seen_graph_opt : "-k/--top";
            break;
        case 'j':
            if (eg_cli_parse_threads(cmd, optarg, n_threads) != EG_EXIT_OK)
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
            seen_graph_opt = seen_graph_opt ? seen_graph_opt : "-f/--format";
            break;
        }
        case OPT_JSON_STYLE: {
            eg_error err;
            if (!export_opts)
                return eg_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
            if (eg_export_parse_json_style(optarg, &export_opts->json_style, &err) != EG_OK)
                return eg_cli_usage_error(cmd, "--json-style: %s", err.message);
            seen_graph_opt = seen_graph_opt ? seen_graph_opt : "--json-style";
            break;
        }
        case OPT_ROLES: {
            eg_error err;
            if (!roles_mode)
                return eg_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
            if (eg_roles_parse_mode(optarg, roles_mode, &err) != EG_OK)
                return eg_cli_usage_error(cmd, "--roles: %s", err.message);
            seen_graph_opt = seen_graph_opt ? seen_graph_opt : "--roles";
            break;
        }
        case OPT_PARTIAL:
            if (!partial)
                return eg_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
            *partial = true;
            break;
        case 'h':
            fputs(usage, stdout);
            return eg_cli_finish_stdout(EG_EXIT_OK);
        default:
            return eg_cli_bad_option(cmd, c, argv);
        }
    }
    if (optind >= argc)
        return eg_cli_usage_error(cmd, "no INPUT given");
    if (graph_opt)
        *graph_opt = seen_graph_opt;
    return -1;
}

/* ---- extract ------------------------------------------------------------------------------------- */

static const char *how_name(eg_how how)
{
    switch (how) {
    case EG_HOW_EXACT: return "exact";
    case EG_HOW_ALIAS: return "alias";
    case EG_HOW_SHORT_FORM: return "short-form";
    case EG_HOW_DISCOVERED: return "discovered";
    case EG_HOW_ROLE_TRIGGER: return "role-trigger";
    case EG_HOW_ROLE_HOLDER: return "role-holder";
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

/* Ends a stderr summary line (printed on a terminal only) with the time and speed. */
static void print_speed(const eg_cli_run_stats *stats)
{
    fprintf(stderr, " in %.2f s (%.1f MB/s)\n", stats->seconds,
            stats->seconds > 0 ? (double)stats->n_bytes / 1e6 / stats->seconds : 0.0);
}

/* A discovered entity's label in the registry is settled only after the run (the smallest spelling seen by
 * any thread), so `extract`, which prints while documents are still being read, labels it with its longest
 * mention in the same document: the name as this document writes it, the same for every -j.
 * label_of[i] is the mention whose text labels mention i, or SIZE_MAX for dictionary entities. */
typedef struct label_key {
    uint32_t entity;
    size_t len, index;
} label_key;

static int cmp_label_key(const void *a, const void *b)
{
    const label_key *x = a, *y = b;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static bool discovered_labels(const eg_dict *dict, const eg_doc_result *res, size_t *label_of)
{
    size_t n_defined = eg_dict_n_defined(dict), n = 0;
    label_key *keys = NULL;
    for (size_t i = 0; i < res->n_mentions; i++) {
        label_of[i] = SIZE_MAX;
        n += res->mentions[i].entity >= n_defined;
    }
    if (n == 0)
        return true;
    if (!(keys = eg_malloc(n * sizeof *keys)))
        return false;
    n = 0;
    for (size_t i = 0; i < res->n_mentions; i++) {
        const eg_mention *m = &res->mentions[i];
        if (m->entity >= n_defined)
            keys[n++] = (label_key){m->entity, m->end - m->start, i};
    }
    eg_sort(keys, n, sizeof *keys, cmp_label_key);
    for (size_t k = 0, first = 0; k < n; k++) {
        if (keys[k].entity != keys[first].entity)
            first = k;
        label_of[keys[k].index] = keys[first].index;
    }
    free(keys);
    return true;
}

static int print_mentions(void *ctx, const eg_cli_recognizer *r, const eg_document *doc,
                          const eg_doc_result *res)
{
    (void)ctx;
    size_t *label_of = eg_malloc((res->n_mentions ? res->n_mentions : 1) * sizeof *label_of);
    if (!label_of || !discovered_labels(r->dict, res, label_of)) {
        free(label_of);
        return eg_cli_fail("out of memory");
    }
    eg_latin1_map map = {0};
    eg_error err;
    if (doc->latin1 && eg_latin1_map_init(&map, doc->text, doc->len, &err) != EG_OK) {
        free(label_of);
        return eg_cli_fail("out of memory");
    }
    int code = EG_EXIT_OK;
    for (size_t i = 0; i < res->n_mentions; i++) {
        const eg_mention *m = &res->mentions[i];
        /* Offsets into the original bytes (a Latin-1 document's text was decoded to UTF-8). */
        size_t start = doc->latin1 ? eg_latin1_map_orig(&map, m->start) : m->start;
        size_t end = doc->latin1 ? eg_latin1_map_orig(&map, m->end) : m->end;
        const eg_entity *e = eg_dict_entity(r->dict, m->entity);
        json_t *o = json_object();
        int bad = !o;
        bad |= json_object_set_new(o, "doc", json_text(doc->id, strlen(doc->id)));
        bad |= json_object_set_new(o, "entity", json_string(e->id));
        if (label_of[i] == SIZE_MAX) {
            bad |= json_object_set_new(o, "label", json_string(e->label));
        } else {
            const eg_mention *l = &res->mentions[label_of[i]];
            bad |= json_object_set_new(o, "label", json_text(doc->text + l->start, l->end - l->start));
        }
        bad |= json_object_set_new(o, "type", json_string(e->type));
        bad |= json_object_set_new(o, "start", json_integer((json_int_t)start));
        bad |= json_object_set_new(o, "end", json_integer((json_int_t)end));
        bad |= json_object_set_new(o, "text", json_text(doc->text + m->start, m->end - m->start));
        bad |= json_object_set_new(o, "how", json_string(how_name(m->how)));
        char *line = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (!line) {
            code = eg_cli_fail("out of memory");
            break;
        }
        int w = puts(line);
        free(line);
        if (w == EOF) {
            code = eg_cli_finish_stdout(EG_EXIT_ERROR);
            break;
        }
    }
    eg_latin1_map_destroy(&map);
    free(label_of);
    return code;
}

int eg_cmd_extract(int argc, char **argv)
{
    eg_cli_dicts dicts = {0};
    eg_cli_recognizer r = {0};
    eg_cli_run_stats stats = {0};
    eg_input_options input;
    int code = eg_cli_input_parse("extract", &argc, argv, &input);
    stats.input = &input;
    stats.streams_stdout = true; /* the mentions, a line each */
    if (code < 0)
        code = parse_common("extract", extract_usage, argc, argv, &dicts, NULL, NULL, &stats.quiet, NULL,
                            &stats.n_threads, NULL, NULL, NULL);
    if (code >= 0)
        goto done;
    if ((code = eg_cli_recognizer_load(&dicts, &r)) != EG_EXIT_OK)
        goto done;
    code = eg_cli_for_each_document(&r, argv + optind, (size_t)(argc - optind), print_mentions, NULL, &stats);
    code = eg_cli_finish_stdout(code);
    /* On a terminal only: redirected standard error keeps just the warnings, as scripts expect. */
    if (code == EG_EXIT_OK && !stats.quiet && isatty(STDERR_FILENO)) {
        fprintf(stderr, "entgraph: %zu document%s, %zu bytes, %zu mention%s", stats.n_documents,
                stats.n_documents == 1 ? "" : "s", stats.n_bytes, stats.n_mentions, stats.n_mentions == 1 ? "" : "s");
        if (stats.n_skipped)
            fprintf(stderr, ", skipped %zu malformed record%s", stats.n_skipped, stats.n_skipped == 1 ? "" : "s");
        print_speed(&stats);
    }
done:
    eg_cli_recognizer_free(&r);
    eg_cli_dicts_free(&dicts);
    return code;
}

/* ---- build --------------------------------------------------------------------------------------- */

/* Counts each document into a partial result: co-occurrences and role attachments. */
static int count_document(void *ctx, const eg_cli_recognizer *r, const eg_document *doc,
                          const eg_doc_result *res)
{
    (void)r;
    eg_partial *p = ctx;
    eg_error err;
    eg_error_clear(&err);
    if (eg_cooccur_add(p->cooccur, doc, res, &err) != EG_OK || eg_roles_acc_add(p->roles, res, &err) != EG_OK)
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
        (st = eg_table_set_string(&g->meta, col, 0, gen, strlen(gen), err)))
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

static void print_summary(const eg_graph *g, const eg_partial *p, const char *dir, size_t top_k,
                          const eg_export_report *written)
{
    const eg_cooccur *c = p->cooccur;
    size_t n_documents = eg_cooccur_n_documents(c), n_skipped = (size_t)p->info.n_skipped;
    long wcol = eg_table_find(&g->meta, "window");
    size_t n_mentions = eg_cooccur_n_mentions(c), n_nodes = eg_graph_n_nodes(g), n_edges = eg_graph_n_edges(g);
    printf("entgraph: %zu document%s, %llu bytes, %zu mention%s of %zu entit%s, %zu edge%s (%s %s)\n", n_documents,
           n_documents == 1 ? "" : "s", (unsigned long long)p->info.n_bytes, n_mentions, n_mentions == 1 ? "" : "s",
           n_nodes, n_nodes == 1 ? "y" : "ies", n_edges, n_edges == 1 ? "" : "s",
           wcol >= 0 ? g->meta.cols[wcol].v.s[0] : "entity-document", wcol >= 0 ? "window" : "mode");
    if (n_skipped)
        printf("skipped %zu malformed record%s (see warnings)\n", n_skipped, n_skipped == 1 ? "" : "s");
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
    /* annotate put PageRank on the nodes: rank those scores rather than compute them again */
    long pr = eg_table_find(&g->nodes, "pagerank");
    if ((pr >= 0 && g->nodes.cols[pr].type == EG_ATTR_DOUBLE
             ? eg_query_rank(g, g->nodes.cols[pr].v.d, top_k, NULL, &top, &n, &err)
             : eg_query_top(g, EG_BY_PAGERANK, top_k, NULL, &top, &n, &err)) != EG_OK)
        return;
    long mcol = eg_table_find(&g->nodes, "mentions");
    printf("top %zu by PageRank:\n", n);
    for (size_t i = 0; i < n; i++) {
        size_t v = top[i].node;
        printf("  %3zu  ", i + 1);
        eg_cli_print_cell(stdout, eg_graph_node_label(g, v), 32, false);
        printf("  ");
        eg_cli_print_cell(stdout, eg_graph_node_type(g, v), 12, false);
        long long mentions = mcol >= 0 ? (long long)g->nodes.cols[mcol].v.i[v] : 0LL;
        printf("  %.4f  %6lld mention%s\n", top[i].score, mentions, mentions == 1 ? "" : "s");
    }
    free(top);
}

int eg_cli_graph_make(const eg_dict *dict, eg_partial *p, const eg_cli_graph_opts *o, eg_graph **out)
{
    eg_error err;
    eg_error_clear(&err);
    eg_graph *g = NULL;
    /* Weights and pruning read the counting options (two-mode graphs have no weights and no roles). */
    eg_cli_network net = o->net;
    net.cooccur = *eg_cooccur_get_options(p->cooccur);
    eg_cooccur_graph_options gopts = {.n_threads = o->threads};
    *out = NULL;
    eg_cooccur_end_counting(p->cooccur);
    if (eg_cooccur_to_graph_opts(p->cooccur, dict, &gopts, &g, &err) != EG_OK)
        return eg_cli_report(&err);
    /* The graph holds all it needs: free the counts before the next steps add theirs (only the totals are
     * read after this, by annotate and the summary). */
    eg_cooccur_release(p->cooccur);
    if (!net.cooccur.two_mode && eg_roles_to_graph(p->roles, dict, o->roles_mode, g, &err) != EG_OK) {
        eg_graph_free(g);
        return eg_cli_report(&err);
    }
    /* The graph holds the labels, types and attributes it needs: the dictionary can go before PageRank and
     * the export, the steps with the most scratch memory after counting. */
    if (o->dict_done)
        o->dict_done(o->dict_done_ctx);
    if (eg_cli_network_finish(g, &net, &err) != EG_OK || annotate(g, p->cooccur, &err) != EG_OK) {
        eg_graph_free(g);
        return eg_cli_report(&err);
    }
    *out = g;
    return EG_EXIT_OK;
}

int eg_cli_graph_write(const eg_dict *dict, eg_partial *p, const eg_cli_graph_opts *o, double seconds)
{
    eg_graph *g = NULL;
    eg_export_report written;
    eg_error err;
    eg_error_clear(&err);
    int code = eg_cli_graph_make(dict, p, o, &g);
    if (code != EG_EXIT_OK)
        return code;
    if (eg_export_files(g, o->outdir, &o->export_opts, &written, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    if (!o->quiet) {
        print_summary(g, p, o->outdir, o->top_k, &written);
        if (isatty(STDERR_FILENO)) {
            fprintf(stderr, "entgraph: read %llu bytes in %.2f s (%.1f MB/s)\n", (unsigned long long)p->info.n_bytes,
                    seconds, seconds > 0 ? (double)p->info.n_bytes / 1e6 / seconds : 0.0);
        }
    }
    code = eg_cli_finish_stdout(EG_EXIT_OK);
done:
    eg_graph_free(g);
    return code;
}

/* What `build` was asked to do. */
typedef struct build_run {
    eg_cli_graph_opts graph; /* how the graph is made and written */
    bool partial;            /* --partial: write the counts as a shard to graph.outdir instead */
    eg_cli_dicts dicts;
    eg_cli_run_stats stats;
} build_run;

/* Parses build's options into run and counts the inputs: dictionaries, documents, counts and roles. On
 * success returns -1 with the counts in *out and the recognizer in *r (the caller frees both with
 * eg_partial_free and eg_cli_recognizer_free, and run->dicts with eg_cli_dicts_free); else an exit code,
 * with nothing to free but run->dicts. */
static int count_inputs(int argc, char **argv, build_run *run, eg_cli_recognizer *r, eg_partial **out)
{
    eg_partial *p = NULL;
    const char *graph_opt = NULL;
    eg_error err;
    eg_error_clear(&err);
    *out = NULL;
    memset(r, 0, sizeof *r);
    eg_cli_network *net = &run->graph.net;
    int code = eg_cli_network_parse("build", &argc, argv, net);
    if (code < 0)
        code = parse_common("build", build_usage, argc, argv, &run->dicts, &run->graph.outdir, &run->graph.top_k,
                            &run->graph.quiet, &run->graph.export_opts, &run->stats.n_threads,
                            &run->graph.roles_mode, &run->partial, &graph_opt);
    if (code >= 0)
        return code;
    if (run->partial) {
        /* A shard holds counts; what only shapes the graph is merge's to say. */
        const char *opt = graph_opt ? graph_opt : eg_cli_network_graph_option(net);
        if (opt)
            return eg_cli_usage_error("build", "%s shapes the graph, not the counts: give it to 'entgraph merge', "
                                      "not to 'build --partial'", opt);
        if (!run->graph.outdir)
            return eg_cli_usage_error("build", "--partial needs -o FILE (- for standard output)");
    }
    if (!run->graph.outdir)
        run->graph.outdir = "output";
    /* -j also renders the graph's attributes and writes that many formats at once */
    run->graph.threads = run->stats.n_threads ? run->stats.n_threads : eg_engine_default_threads();
    run->graph.export_opts.threads = (unsigned)run->graph.threads;
    run->stats.input = &net->input;
    run->stats.quiet = run->graph.quiet;
    net->cooccur.warn = eg_cli_warn_cb;
    if ((code = eg_cli_recognizer_load(&run->dicts, r)) != EG_EXIT_OK)
        return code;
    if (eg_partial_new(&net->cooccur, &p, &err) != EG_OK) {
        eg_cli_recognizer_free(r);
        return eg_cli_report(&err);
    }
    char **inputs = argv + optind;
    size_t n_inputs = (size_t)(argc - optind);
    if (run->partial && (code = eg_cli_partial_describe(p, &run->dicts, r, inputs, n_inputs)) != EG_EXIT_OK)
        goto fail;
    code = eg_cli_for_each_document(r, inputs, n_inputs, count_document, p, &run->stats);
    if (code != EG_EXIT_OK)
        goto fail;
    p->info.n_bytes = run->stats.n_bytes;
    p->info.n_skipped = run->stats.n_skipped;
    p->info.n_invalid_utf8 = run->stats.n_invalid_utf8;
    *out = p;
    return -1;
fail:
    eg_partial_free(p);
    eg_cli_recognizer_free(r);
    return code;
}

/* The graph's dict_done for build: the recognizer (its dictionary) is freed; freeing it again is harmless. */
static void recognizer_done(void *r)
{
    eg_cli_recognizer_free(r);
}

int eg_cmd_build(int argc, char **argv)
{
    build_run run = {.graph.top_k = 10};
    eg_cli_recognizer r;
    eg_partial *p = NULL;
    int code = count_inputs(argc, argv, &run, &r, &p);
    if (code < 0) {
        eg_cli_recognizer_drop_matcher(&r);
        run.graph.dict_done = recognizer_done;
        run.graph.dict_done_ctx = &r;
        code = run.partial ? eg_cli_partial_write(run.graph.outdir, p, r.dict, run.graph.quiet)
                           : eg_cli_graph_write(r.dict, p, &run.graph, run.stats.seconds);
        eg_partial_free(p);
        eg_cli_recognizer_free(&r);
    }
    eg_cli_dicts_free(&run.dicts);
    return code;
}

/* Build's steps up to the annotated graph, without writing files (cli.h). */
int eg_cli_build_graph(int argc, char **argv, eg_graph **out)
{
    build_run run = {.graph.quiet = true};
    eg_cli_recognizer r;
    eg_partial *p = NULL;
    *out = NULL;
    int code = count_inputs(argc, argv, &run, &r, &p);
    if (code < 0) {
        eg_cli_recognizer_drop_matcher(&r);
        run.graph.dict_done = recognizer_done;
        run.graph.dict_done_ctx = &r;
        code = run.partial ? eg_cli_usage_error("build", "--partial writes a shard, not a graph")
                           : eg_cli_graph_make(r.dict, p, &run.graph, out);
        eg_partial_free(p);
        eg_cli_recognizer_free(&r);
    }
    eg_cli_dicts_free(&run.dicts);
    return code;
}
