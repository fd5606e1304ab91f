/*
 * engine: runs the pipeline over a stream of documents on worker threads and hands the results back in
 * document order.
 *
 * One reader thread takes documents from an eg_input and copies them into a ring of slots (eg_document
 * strings are only valid until the next eg_input_next); JSONL lines are copied unparsed
 * (eg_input_next_unparsed), so that jansson's parse, the largest part of reading, runs on the workers and
 * no single thread caps the throughput. n_threads workers parse (each slot with its own scratch) and run
 * eg_pipeline_process on the slots, each worker with one eg_doc_result of its own whose buffers (the
 * normalised text, the candidates, the tokens) serve all its documents and stay in its core's cache; the
 * slot keeps a copy of what the callback reads (mentions, roles, sentences, paragraphs). The calling thread
 * delivers every result to the callback in the order the input produced the documents, each after the
 * warnings of the reading that reached it (malformed CSV records skipped, a file read as Latin-1: the
 * reader keeps them with the slot, eg_input_redirect_warnings) and of the parse of its line and of the
 * malformed lines before it, which the calling thread hands to the input's callback; warnings after the
 * last document come last. The ring holds at most a fixed number of documents and, past the first, a
 * fixed number of bytes, so memory is bounded by the largest documents, not by the corpus. With n_threads == 1 no thread
 * is started: the calling thread reads, analyses and delivers, one document at a time, without copying.
 *
 * Invariants: the callback and the input's warnings always run on the calling thread, so it may use state
 * that is not thread-safe (counting, igraph); results are delivered exactly in input order, so what the
 * callback computes does not depend on n_threads; the pipeline is only read.
 */
#ifndef EG_ENGINE_H
#define EG_ENGINE_H

#include "entgraph.h"
#include "input.h"

/* Receives each analysed document on the calling thread; doc and res are valid only during the call.
 * Returns 0 to go on; any other value stops the run and is handed back through eg_engine_run's *stopped. */
typedef int (*eg_engine_fn)(void *ctx, const eg_document *doc, const eg_doc_result *res);

/* Called on the calling thread after each delivered document (for progress lines), with the documents
 * and text bytes delivered so far. */
typedef void (*eg_engine_progress_fn)(void *ctx, size_t n_documents, size_t n_bytes);

/* Zero-initialise and set what you need; zero fields mean the defaults. */
typedef struct eg_engine_options {
    size_t n_threads;             /* workers; 0 means one per online processor (sysconf) */
    size_t max_queued_bytes;      /* document bytes in flight beyond the first; 0 means 64 MiB */
    eg_engine_progress_fn progress; /* may be NULL */
    void *progress_ctx;
} eg_engine_options;

/* The number of workers that n_threads == 0 means: the online processors, at least 1. */
size_t eg_engine_default_threads(void);

/* Reads every document of in, analyses it with p and calls fn(ctx, doc, res) for each in input order.
 * Stops at the first error: an input error (EG_ERR_IO, ...) or a pipeline error (EG_ERR_NOMEM) is returned
 * with err filled, after every document before it was delivered. When fn returns non-zero the run stops at
 * once, *stopped (if not NULL) gets that value and the status is EG_OK; otherwise *stopped is 0. Failing to
 * start a thread is EG_ERR_NOMEM. Time: the sum of the documents' analysis, divided among the workers;
 * memory: at most 32 * n_threads + 64 documents with their results (one with n_threads == 1), and
 * max_queued_bytes beyond the first.
 * A stop waits for the reader's current eg_input_next to return (on a pipe, for the writer's next line). */
eg_status eg_engine_run(const eg_pipeline *p, eg_input *in, const eg_engine_options *opts, eg_engine_fn fn,
                        void *ctx, int *stopped, eg_error *err);

#endif
