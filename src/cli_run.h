/*
 * cli_run: the document loop of the commands that read text (build, extract, discover): the inputs opened
 * with the command's input options, the documents analysed on -j workers (engine.h) and handed to the
 * command in input order, the progress line, warnings of bytes that are not UTF-8, and the run's totals.
 */
#ifndef EG_CLI_RUN_H
#define EG_CLI_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "input.h"

/* Called for each analysed document, in input order, on the calling thread; returns an exit code
 * (EG_EXIT_OK to go on). */
typedef int (*eg_cli_doc_fn)(void *ctx, const eg_cli_recognizer *r, const eg_document *doc,
                             const eg_doc_result *res);

/* What a run is told (n_threads, quiet, input) and what it counted. */
typedef struct eg_cli_run_stats {
    size_t n_documents, n_bytes, n_skipped, n_invalid_utf8, n_mentions;
    size_t n_threads; /* -j: 0 means one per processor */
    bool quiet;       /* -q: no progress line */
    bool streams_stdout; /* fn writes to standard output as it goes: no progress line when that is a terminal
                          * too, where the line would be cut into the output */
    double seconds;   /* wall time of the document loop */
    const eg_input_options *input; /* field names and the like (NULL: defaults) */
} eg_cli_run_stats;

/* Runs fn over every document of inputs, analysed by stats->n_threads workers and delivered in input
 * order, so what fn computes does not depend on the number of threads; then settles the labels of the
 * people discovered (eg_dict_settle_discovered). Returns an exit code: fn's first other than EG_EXIT_OK,
 * or that of an input error (printed). */
int eg_cli_for_each_document(const eg_cli_recognizer *r, char **inputs, size_t n_inputs, eg_cli_doc_fn fn,
                             void *ctx, eg_cli_run_stats *stats);

#endif
