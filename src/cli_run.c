/*
 * cli_run: the document loop shared by build, extract and discover (cli_run.h).
 */
#include "cli_run.h"

#include <unistd.h>

#include "cli_progress.h"
#include "dict.h"
#include "engine.h"
#include "error.h"

/* What the engine callback needs to call an eg_cli_doc_fn. */
typedef struct doc_loop {
    const eg_cli_recognizer *r;
    eg_cli_doc_fn fn;
    void *ctx;
    eg_cli_run_stats *stats;
} doc_loop;

static int deliver_document(void *ctx, const eg_document *doc, const eg_doc_result *res)
{
    doc_loop *loop = ctx;
    eg_cli_run_stats *stats = loop->stats;
    stats->n_documents++;
    stats->n_bytes += doc->len;
    stats->n_mentions += res->n_mentions;
    if (res->n_invalid_utf8) {
        stats->n_invalid_utf8 += res->n_invalid_utf8;
        eg_error w;
        eg_error_set(&w, EG_ERR_UTF8, doc->path, doc->line ? doc->line : EG_NO_POS, EG_NO_POS, EG_NO_POS,
                     "document %s: %zu bytes that are not UTF-8 were read as U+FFFD", doc->id,
                     res->n_invalid_utf8);
        eg_cli_warn(&w); /* erases the progress line first */
    }
    return loop->fn(loop->ctx, loop->r, doc, res);
}

int eg_cli_for_each_document(const eg_cli_recognizer *r, char **inputs, size_t n_inputs, eg_cli_doc_fn fn,
                             void *ctx, eg_cli_run_stats *stats)
{
    eg_error err;
    eg_error_clear(&err);
    eg_input_options opts = {0};
    if (stats->input)
        opts = *stats->input;
    opts.warn = eg_cli_warn_cb;
    eg_input *in = NULL;
    int code = EG_EXIT_OK;
    eg_cli_progress progress;
    bool no_line = stats->quiet || (stats->streams_stdout && isatty(STDOUT_FILENO));
    eg_cli_progress_start(&progress, no_line, inputs, n_inputs);
    doc_loop loop = {r, fn, ctx, stats};
    eg_engine_options eopts = {0};
    eopts.n_threads = stats->n_threads;
    eopts.progress = eg_cli_progress_update;
    eopts.progress_ctx = &progress;
    eg_status st = eg_input_open((const char *const *)inputs, n_inputs, &opts, &in, &err);
    if (st == EG_OK)
        st = eg_engine_run(r->pipeline, in, &eopts, deliver_document, &loop, &code, &err);
    eg_dict_settle_discovered(r->dict);
    eg_cli_progress_clear(&progress);
    stats->seconds = eg_cli_progress_elapsed(&progress);
    if (in)
        stats->n_skipped = eg_input_n_skipped(in);
    if (code == EG_EXIT_OK && st != EG_OK)
        code = eg_cli_report(&err);
    eg_input_free(in);
    return code;
}
