/*
 * parallel: chunks handed out by one atomic counter, so threads that finish early take more; the first
 * failure raises a flag that stops new chunks. The lead's failure, else the failing chunk with the lowest
 * start, wins the report (the lead reports as if it started at -1).
 */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "error.h"

typedef struct loop {
    size_t n, chunk;
    eg_parallel_fn fn;
    void *ctx;
    atomic_size_t next;  /* start of the next chunk to hand out */
    atomic_bool stop;    /* a chunk failed */
    pthread_mutex_t mu;  /* guards the fields below */
    eg_status status;
    bool lead_failed;
    size_t fail_begin;
    eg_error err;
} loop;

typedef struct worker_arg {
    loop *l;
    size_t worker;
} worker_arg;

/* Records a failure: of the lead, or of the chunk starting at begin. */
static void fail(loop *l, eg_status st, bool lead, size_t begin, const eg_error *err)
{
    pthread_mutex_lock(&l->mu);
    if (l->status == EG_OK || lead || (!l->lead_failed && begin < l->fail_begin)) {
        l->status = st;
        l->fail_begin = begin;
        l->lead_failed = lead;
        l->err = *err;
    }
    pthread_mutex_unlock(&l->mu);
    atomic_store(&l->stop, true);
}

static void run(loop *l, size_t worker)
{
    eg_error err;
    while (!atomic_load(&l->stop)) {
        size_t begin = atomic_fetch_add(&l->next, l->chunk);
        if (begin >= l->n)
            break;
        size_t end = l->n - begin > l->chunk ? begin + l->chunk : l->n;
        eg_error_clear(&err);
        eg_status st = l->fn(l->ctx, worker, begin, end, &err);
        if (st != EG_OK)
            fail(l, st, false, begin, &err);
    }
}

static void *worker_main(void *arg)
{
    worker_arg *w = arg;
    run(w->l, w->worker);
    return NULL;
}

eg_status eg_parallel_for(size_t n, size_t chunk, size_t n_threads, eg_parallel_fn fn, eg_parallel_lead_fn lead,
                          void *ctx, eg_error *err)
{
    if (chunk == 0)
        chunk = 1;
    size_t n_chunks = n / chunk + (n % chunk != 0);
    if (n_threads > n_chunks)
        n_threads = n_chunks;
    if (n_threads <= 1) {
        eg_status st = lead ? lead(ctx, err) : EG_OK;
        for (size_t begin = 0; st == EG_OK && begin < n; begin += chunk)
            st = fn(ctx, 0, begin, n - begin > chunk ? begin + chunk : n, err);
        return st;
    }
    loop l = {.n = n, .chunk = chunk, .fn = fn, .ctx = ctx, .status = EG_OK};
    atomic_init(&l.next, 0);
    atomic_init(&l.stop, false);
    pthread_mutex_init(&l.mu, NULL);
    pthread_t *threads = eg_malloc((n_threads - 1) * sizeof *threads);
    worker_arg *args = eg_malloc((n_threads - 1) * sizeof *args);
    size_t n_started = 0;
    /* Without room to track threads the calling thread does it all. */
    for (size_t i = 0; threads && args && i + 1 < n_threads; i++) {
        args[i] = (worker_arg){&l, i + 1};
        if (pthread_create(&threads[i], NULL, worker_main, &args[i]) != 0)
            break;
        n_started++;
    }
    if (lead) {
        eg_error lead_err;
        eg_error_clear(&lead_err);
        eg_status st = lead(ctx, &lead_err);
        if (st != EG_OK)
            fail(&l, st, true, 0, &lead_err);
    }
    run(&l, 0);
    for (size_t i = 0; i < n_started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    free(args);
    pthread_mutex_destroy(&l.mu);
    if (l.status != EG_OK && err)
        *err = l.err;
    return l.status;
}
