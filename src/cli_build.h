/*
 * cli_build: the steps of `entgraph build` after counting, shared with `entgraph merge` (cli_merge.c), which
 * reads its counts from shards instead of text. One code path makes every graph from counts, so a merge of
 * shards writes the same bytes as one build over their inputs.
 */
#ifndef EG_CLI_BUILD_H
#define EG_CLI_BUILD_H

#include "cli.h"
#include "cli_network.h"
#include "export_files.h"
#include "partial.h"
#include "roles_graph.h"

/* How the graph of counted documents is made and written: the options that build and merge share. */
typedef struct eg_cli_graph_opts {
    eg_cli_network net;       /* weight and pruning; the counting options are taken from the counts */
    eg_roles_mode roles_mode; /* --roles */
    const char *outdir;       /* -o DIR */
    eg_export_options export_opts; /* -f, --json-style */
    size_t threads;           /* -j: threads that render the graph's attributes (0: one) */
    size_t top_k;             /* -k */
    bool quiet;               /* -q */
    /* Called once the graph no longer reads the dictionary (before PageRank and the files), so that the
     * caller can free it then rather than at the end; NULL for none. The dictionary passed along must not
     * be read after it. */
    void (*dict_done)(void *ctx);
    void *dict_done_ctx;
} eg_cli_graph_opts;

/* Makes the graph of p's counts (counted with dict, whose discovered labels are settled) as build does:
 * nodes and edges, roles, weights, pruning, PageRank and graph attributes; *out gets it. Once the graph
 * holds them, p's counts are released (eg_cooccur_release: only their totals are left, for summaries), and
 * once it has its roles, o->dict_done is called.
 * Returns an exit code; errors were printed. */
int eg_cli_graph_make(const eg_dict *dict, eg_partial *p, const eg_cli_graph_opts *o, eg_graph **out);

/* eg_cli_graph_make, then the files in o->outdir and, unless o->quiet, build's summary on standard output
 * (and, on a terminal, "read N bytes in S s" with seconds on standard error). Returns an exit code. */
int eg_cli_graph_write(const eg_dict *dict, eg_partial *p, const eg_cli_graph_opts *o, double seconds);

/* Writes p as a shard to path ("-": standard output; a file is written under a temporary name and renamed
 * when complete) and, unless quiet, a summary: on standard output, or on standard error when the shard goes
 * to standard output. Returns an exit code; errors were printed. (cli_merge.c) */
int eg_cli_partial_write(const char *path, const eg_partial *p, const eg_dict *dict, bool quiet);

/* Records in p->info what a shard must agree on with the shards it is merged with: the dictionaries' and
 * the lexicon's fingerprints, the -d paths, --no-default-dicts, and the INPUT arguments. Returns an exit
 * code; errors were printed. (cli_merge.c) */
int eg_cli_partial_describe(eg_partial *p, const eg_cli_dicts *dicts, const eg_cli_recognizer *r,
                            char *const *inputs, size_t n_inputs);

#endif
