/*
 * cli_merge: `entgraph merge` (shards -> the graph one build over all their inputs writes, or one merged
 * shard) and the shard side of `entgraph build --partial`: what a shard records about its run and how it is
 * written. The graph itself is made by cli_build.c's code, the same for build and merge.
 */
#define _GNU_SOURCE /* getopt_long */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_build.h"
#include "dict.h"
#include "engine.h"
#include "error.h"
#include "outfile.h"
#include "partial.h"

static const char merge_usage[] =
    "Usage: entgraph merge [OPTIONS] SHARD...\n"
    "\n"
    "Merges partial results written by 'entgraph build --partial -o SHARD INPUT...' and writes the graph that\n"
    "one 'entgraph build' over all their inputs writes: the same files, byte for byte, when the shards are\n"
    "given in the order of their inputs (only the evidence kept per edge and repeated document ids in\n"
    "entity-document mode depend on that order). SHARD is a file (it may hold several shards one after\n"
    "another) or - for standard input. Shards must come from the same entgraph, dictionaries and counting\n"
    "options (--window, --evidence, --mode, --period), which they record.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR        where to write the graph (default: output); with --partial the shard FILE\n"
    "      --partial           write the merged shard instead of the graph (- for standard output), to\n"
    "                          merge in steps\n"
    "  -d, --dict FILE|DIR     the dictionaries the shards were counted with (repeatable); default: those\n"
    "      --no-default-dicts  the shards record (the shipped ones and each -d path as given to build)\n"
    "  -f, --format LIST       comma-separated output formats: graphml, gexf, json, csv, dot\n"
    "                          (default: graphml,json)\n"
    "      --json-style STYLE  the JSON file's form: networkx (default), d3, cytoscape, graphology\n"
    "  -k, --top N             entities to list in the summary (default: 10)\n"
    "  -q, --quiet             print nothing but errors\n"
    "  -j, --threads N         threads that make and write the graph (default: one per processor); the\n"
    "                          output is the same for any N\n"
    "      --roles MODE        nodes (default) or attributes, as for build\n"
    "      --weight NAME       edge attribute written as weight: count (default), documents, pmi, npmi,\n"
    "                          jaccard, dice\n"
    "      --min-count N       drop edges seen in fewer than N windows\n"
    "      --min-mentions N    drop entities mentioned fewer than N times\n"
    "      --top-nodes N       keep the N entities mentioned most\n"
    "      --types T[,T...]    keep only entities of these types\n"
    "      --backbone ALPHA    keep the disparity-filter backbone at significance ALPHA (0 < ALPHA <= 1)\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit codes: 0 success, 1 a shard is unreadable, truncated, foreign or does not fit the others, 2 usage.\n";

enum { OPT_NO_DEFAULT_DICTS = 1000, OPT_JSON_STYLE, OPT_ROLES, OPT_PARTIAL };

/* ---- the shard side of build --partial ------------------------------------------------------------ */

int eg_cli_partial_describe(eg_partial *p, const eg_cli_dicts *dicts, const eg_cli_recognizer *r,
                            char *const *inputs, size_t n_inputs)
{
    eg_error err;
    eg_error_clear(&err);
    eg_partial_info *info = &p->info;
    char buf[PATH_MAX + 64], path[PATH_MAX + 96], discovery[64] = "off";
    eg_status st = EG_OK;
    info->dict_fingerprint = eg_partial_dict_fingerprint(r->dict);
    info->n_defined = eg_dict_n_defined(r->dict);
    info->shipped_dicts = !dicts->no_default;
    for (size_t i = 0; st == EG_OK && i < dicts->n_paths; i++)
        st = eg_partial_push(&info->dict_paths, &info->n_dict_paths, dicts->paths[i], &err);
    for (size_t i = 0; st == EG_OK && i < n_inputs; i++)
        st = eg_partial_push(&info->inputs, &info->n_inputs, inputs[i], &err);
    if (st == EG_OK && !dicts->no_discover) {
        /* Discovery reads the lexicon next to the shipped dictionaries (eg_cli_recognizer_load). */
        uint64_t h;
        snprintf(path, sizeof path, "%s/lexicon/names.txt", eg_cli_shipped_dicts(buf, sizeof buf));
        if (!r->lexicon)
            snprintf(discovery, sizeof discovery, "titles");
        else if ((st = eg_partial_file_fingerprint(path, &h, &err)) == EG_OK)
            snprintf(discovery, sizeof discovery, "lexicon:%016llx", (unsigned long long)h);
    }
    if (st == EG_OK && !(info->discovery = eg_strdup(discovery)))
        st = eg_error_nomem(&err);
    return st == EG_OK ? EG_EXIT_OK : eg_cli_report(&err);
}

int eg_cli_partial_write(const char *path, const eg_partial *p, const eg_dict *dict, bool quiet)
{
    eg_error err;
    eg_error_clear(&err);
    bool to_stdout = strcmp(path, "-") == 0;
    eg_outfile of = {0};
    eg_status st = EG_OK;
    if (to_stdout) {
        st = eg_partial_write(stdout, p, dict, &err);
        if (st == EG_OK && eg_cli_finish_stdout(EG_EXIT_OK) != EG_EXIT_OK)
            return EG_EXIT_ERROR;
    } else if ((st = eg_outfile_open(&of, path, &err)) == EG_OK) {
        st = eg_partial_write(of.fp, p, dict, &err);
        st = st ? eg_outfile_fail(&of, st, &err) : eg_outfile_commit(&of, &err);
    }
    if (st != EG_OK) {
        if (st == EG_ERR_IO && !err.path[0])
            snprintf(err.path, sizeof err.path, "%s", to_stdout ? "standard output" : path);
        return eg_cli_report(&err);
    }
    if (quiet)
        return EG_EXIT_OK;
    /* The shard may be on standard output: the summary then goes to standard error. */
    FILE *out = to_stdout ? stderr : stdout;
    const eg_cooccur *c = p->cooccur;
    const eg_cooccur_options *o = eg_cooccur_get_options(c);
    size_t n_docs = eg_cooccur_n_documents(c);
    char window[32];
    size_t n_mentions = eg_cooccur_n_mentions(c), n_pairs = eg_cooccur_n_pairs(c);
    fprintf(out, "entgraph: %zu document%s, %llu bytes, %zu mention%s, ", n_docs, n_docs == 1 ? "" : "s",
            (unsigned long long)p->info.n_bytes, n_mentions, n_mentions == 1 ? "" : "s");
    if (o->two_mode)
        fprintf(out, "entity-document mode\n");
    else
        fprintf(out, "%zu pair%s (%s window)\n", n_pairs, n_pairs == 1 ? "" : "s",
                eg_cooccur_window_name(o, window, sizeof window));
    if (p->info.n_skipped)
        fprintf(out, "skipped %llu malformed record%s (see warnings)\n", (unsigned long long)p->info.n_skipped,
                p->info.n_skipped == 1 ? "" : "s");
    struct stat sb;
    if (to_stdout)
        fprintf(out, "wrote the shard to standard output\n");
    else if (stat(path, &sb) == 0)
        fprintf(out, "wrote %s (%lld bytes)\n", path, (long long)sb.st_size);
    return to_stdout ? EG_EXIT_OK : eg_cli_finish_stdout(EG_EXIT_OK);
}

/* ---- merge --------------------------------------------------------------------------------------- */

typedef struct merge_run {
    eg_cli_graph_opts graph;
    bool partial;         /* --partial: write one merged shard to graph.outdir */
    eg_cli_dicts dicts;   /* -d, --no-default-dicts */
    bool dicts_given;     /* either was given: they replace the dictionaries the shards record */
    const char *graph_opt; /* the first option given that shapes the graph only */
} merge_run;

/* Parses merge's options; returns -1 to go on (SHARD... from argv[optind]), else an exit code. */
static int parse_merge(int *argc, char **argv, merge_run *run)
{
    static const struct option long_opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"partial", no_argument, NULL, OPT_PARTIAL},
        {"dict", required_argument, NULL, 'd'},
        {"no-default-dicts", no_argument, NULL, OPT_NO_DEFAULT_DICTS},
        {"format", required_argument, NULL, 'f'},
        {"json-style", required_argument, NULL, OPT_JSON_STYLE},
        {"top", required_argument, NULL, 'k'},
        {"quiet", no_argument, NULL, 'q'},
        {"threads", required_argument, NULL, 'j'},
        {"roles", required_argument, NULL, OPT_ROLES},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    eg_cli_network *net = &run->graph.net;
    int code = eg_cli_network_parse("merge", argc, argv, net);
    if (code >= 0)
        return code;
    const char *counting = eg_cli_network_count_option(net);
    if (counting)
        return eg_cli_usage_error("merge", "%s shapes the counts, which the shards hold: give it to "
                                  "'entgraph build --partial'", counting);
    run->graph_opt = eg_cli_network_graph_option(net);
    optind = 0;
    opterr = 0;
    int c;
    eg_error err;
    while ((c = getopt_long(*argc, argv, ":o:d:f:k:qj:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (!*optarg)
                return eg_cli_usage_error("merge", "--output needs a directory or file");
            run->graph.outdir = optarg;
            break;
        case OPT_PARTIAL: run->partial = true; break;
        case 'd':
            if (eg_cli_dicts_add(&run->dicts, optarg) != EG_EXIT_OK)
                return EG_EXIT_ERROR;
            run->dicts_given = true;
            break;
        case OPT_NO_DEFAULT_DICTS:
            run->dicts.no_default = true;
            run->dicts_given = true;
            break;
        case 'f':
            if (eg_export_check_formats(optarg, &err) != EG_OK)
                return eg_cli_usage_error("merge", "--format: %s", err.message);
            run->graph.export_opts.formats = optarg;
            run->graph_opt = run->graph_opt ? run->graph_opt : "-f/--format";
            break;
        case OPT_JSON_STYLE:
            if (eg_export_parse_json_style(optarg, &run->graph.export_opts.json_style, &err) != EG_OK)
                return eg_cli_usage_error("merge", "--json-style: %s", err.message);
            run->graph_opt = run->graph_opt ? run->graph_opt : "--json-style";
            break;
        case 'k':
            if (eg_cli_parse_size("merge", "--top", optarg, &run->graph.top_k) != EG_EXIT_OK)
                return EG_EXIT_USAGE;
            run->graph_opt = run->graph_opt ? run->graph_opt : "-k/--top";
            break;
        case 'q': run->graph.quiet = true; break;
        case 'j':
            if (eg_cli_parse_threads("merge", optarg, &run->graph.threads) != EG_EXIT_OK)
                return EG_EXIT_USAGE;
            break;
        case OPT_ROLES:
            if (eg_roles_parse_mode(optarg, &run->graph.roles_mode, &err) != EG_OK)
                return eg_cli_usage_error("merge", "--roles: %s", err.message);
            run->graph_opt = run->graph_opt ? run->graph_opt : "--roles";
            break;
        case 'h':
            fputs(merge_usage, stdout);
            return eg_cli_finish_stdout(EG_EXIT_OK);
        default: return eg_cli_bad_option("merge", c, argv);
        }
    }
    if (optind >= *argc)
        return eg_cli_usage_error("merge", "no SHARD given");
    if (run->partial && run->graph_opt)
        return eg_cli_usage_error("merge", "%s shapes the graph: with --partial merge writes a shard, give it to "
                                  "the final merge", run->graph_opt);
    if (run->partial && !run->graph.outdir)
        return eg_cli_usage_error("merge", "--partial needs -o FILE (- for standard output)");
    if (!run->graph.outdir)
        run->graph.outdir = "output";
    if (!run->graph.threads)
        run->graph.threads = eg_engine_default_threads();
    run->graph.export_opts.threads = (unsigned)run->graph.threads;
    return -1;
}

/* The dictionaries of the first shard: those given to merge, else those the shard records; their
 * fingerprint must be the shard's. Returns an exit code; errors were printed. */
static int load_dicts(merge_run *run, const eg_partial *first, eg_dict **dict)
{
    eg_cli_dicts recorded = {0};
    const eg_cli_dicts *use = &run->dicts;
    int code = EG_EXIT_OK;
    if (!run->dicts_given) {
        recorded.no_default = !first->info.shipped_dicts;
        for (size_t i = 0; code == EG_EXIT_OK && i < first->info.n_dict_paths; i++)
            code = eg_cli_dicts_add(&recorded, first->info.dict_paths[i]);
        use = &recorded;
    }
    if (code == EG_EXIT_OK && (code = eg_cli_dicts_load(use, dict, NULL, NULL) /* merging reads no text */) != EG_EXIT_OK &&
        !run->dicts_given)
        eg_cli_fail("%s: these are the dictionaries it records; give merge -d and --no-default-dicts to load "
                    "others", first->info.source);
    if (code == EG_EXIT_OK) {
        uint64_t fp = eg_partial_dict_fingerprint(*dict);
        if (fp != first->info.dict_fingerprint && run->dicts_given)
            code = eg_cli_fail("%s: counted with other dictionaries (fingerprint %016llx) than merge's -d and "
                               "--no-default-dicts load (%016llx): give merge those 'build --partial' was given",
                               first->info.source, (unsigned long long)first->info.dict_fingerprint,
                               (unsigned long long)fp);
        else if (fp != first->info.dict_fingerprint)
            code = eg_cli_fail("%s: the dictionaries it records now give fingerprint %016llx, not %016llx: they "
                               "changed since 'build --partial', or a -d path it records names another file "
                               "here; give merge -d and --no-default-dicts", first->info.source,
                               (unsigned long long)fp, (unsigned long long)first->info.dict_fingerprint);
        if (code != EG_EXIT_OK) {
            eg_dict_free(*dict);
            *dict = NULL;
        }
    }
    eg_cli_dicts_free(&recorded);
    return code;
}

/* Reads every shard of path into *acc (the first one read becomes *acc). Returns an exit code. */
static int merge_file(merge_run *run, const char *path, eg_partial **acc, eg_dict **dict)
{
    eg_error err;
    eg_error_clear(&err);
    eg_partial_reader *rd = NULL;
    eg_partial *p = NULL;
    eg_status st = eg_partial_reader_open(path, &rd, &err);
    int code = EG_EXIT_OK;
    while (st == EG_OK && (st = eg_partial_read_header(rd, &p, &err)) == EG_OK) {
        if (!*acc && (code = load_dicts(run, p, dict)) != EG_EXIT_OK)
            break;
        if (*acc)
            st = eg_partial_check_compatible(*acc, p, &err);
        if (st == EG_OK)
            st = eg_partial_read_body(rd, *dict, p, &err);
        if (st == EG_OK && *acc)
            st = eg_partial_merge(*acc, p, &err);
        if (st == EG_OK && !*acc) {
            /* Counts read back report nothing; the graph step may warn (repeated document ids). */
            eg_cooccur_set_warn(p->cooccur, eg_cli_warn_cb, NULL);
            *acc = p;
            p = NULL;
        }
        eg_partial_free(p);
        p = NULL;
    }
    eg_partial_free(p);
    eg_partial_reader_free(rd);
    if (code == EG_EXIT_OK && st != EG_DONE)
        code = eg_cli_report(&err);
    return code;
}

/* The graph's dict_done for merge: the dictionary is freed and forgotten. */
static void dict_done(void *ctx)
{
    eg_dict **dict = ctx;
    eg_dict_free(*dict);
    *dict = NULL;
}

int eg_cmd_merge(int argc, char **argv)
{
    merge_run run = {.graph.top_k = 10};
    eg_partial *acc = NULL;
    eg_dict *dict = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int code = parse_merge(&argc, argv, &run);
    if (code >= 0)
        goto done;
    code = EG_EXIT_OK;
    for (int i = optind; code == EG_EXIT_OK && i < argc; i++)
        code = merge_file(&run, argv[i], &acc, &dict);
    if (code != EG_EXIT_OK)
        goto done;
    /* Labels of discovered entities: the smallest spelling any shard saw, as in one run. */
    eg_dict_settle_discovered(dict);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    run.graph.dict_done = dict_done;
    run.graph.dict_done_ctx = &dict;
    code = run.partial ? eg_cli_partial_write(run.graph.outdir, acc, dict, run.graph.quiet)
                       : eg_cli_graph_write(dict, acc, &run.graph, seconds);
done:
    eg_partial_free(acc);
    eg_dict_free(dict);
    eg_cli_dicts_free(&run.dicts);
    return code;
}
