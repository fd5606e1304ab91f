/*
 * parallel: a loop over the items [0, n) split into chunks that worker threads (pthreads) and the calling
 * thread take in turn. For work that touches neither igraph nor shared mutable state: each chunk writes only
 * the results of its own items, so what the loop computes does not depend on the number of threads or on
 * which thread ran which chunk.
 */
#ifndef EG_PARALLEL_H
#define EG_PARALLEL_H

#include "entgraph.h"

/* Does the items [begin, end) on the thread numbered worker (0: the calling thread; < the loop's n_threads,
 * so per-thread scratch can be kept in an array). Returns EG_OK or an error with err filled. */
typedef eg_status (*eg_parallel_fn)(void *ctx, size_t worker, size_t begin, size_t end, eg_error *err);

/* Work for the calling thread alone, done while the started threads take the first chunks (for instance
 * what must stay on one thread). Returns EG_OK or an error with err filled. */
typedef eg_status (*eg_parallel_lead_fn)(void *ctx, eg_error *err);

/* Calls fn over consecutive chunks of at most chunk (>= 1) items covering [0, n), each chunk once, on up to
 * n_threads threads: the calling thread and n_threads - 1 started ones (0 and 1 mean the calling thread
 * only, and start none). When lead is not NULL the calling thread first runs lead(ctx), then takes chunks
 * too; lead must not touch what fn reads or writes. A thread that cannot be started is done without: the
 * others share its work. Once lead or a chunk fails no further chunk starts; the error returned is lead's,
 * else that of the failing chunk that starts first in [0, n) among those that ran. Returns after lead and
 * every chunk begun have ended and every thread has been joined. fn must be safe to run on several threads
 * at once for different chunks. Errors: those of lead and fn. Time: lead, then the chunks' work shared
 * among the threads (lead's among the others), plus starting them. */
eg_status eg_parallel_for(size_t n, size_t chunk, size_t n_threads, eg_parallel_fn fn, eg_parallel_lead_fn lead,
                          void *ctx, eg_error *err);

#endif
