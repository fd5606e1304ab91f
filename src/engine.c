/*
 * engine: the reader thread, the workers and the in-order delivery on the calling thread (engine.h).
 *
 * The ring: document number k (counted from 0 in input order) lives in slots[k % n_slots]. Three counters
 * only grow: n_read (documents the reader has put in the ring), n_taken (documents a worker has started)
 * and n_delivered (documents handed to the callback), with n_delivered <= n_taken <= n_read and
 * n_read - n_delivered <= n_slots. A slot is FREE (the reader may fill it), READY (copied, waiting for a
 * worker), BUSY (a worker analyses it) or DONE (analysed, or an input error that ends the stream). Every
 * counter and state is read and written under one mutex; the slot's contents belong to whoever moved it to
 * its current state (reader: FREE; worker: BUSY; calling thread: DONE at n_delivered), so the document
 * copy and the analysis run without the lock.
 *
 * Wake-ups: a worker wakes the calling thread when `batch` analysed documents wait in order, when the reader
 * waits for room and all of the ring is analysed, or after the end of the input; the calling thread wakes the
 * reader once per batch it delivered. So no thread waits for another without a wake-up to come (a batch is
 * at most half the ring, and a ring the byte limit keeps shorter ends analysed in full), and a busy
 * machine does not pay a context switch for every document.
 */
#include "engine.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"

enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };

enum { DEFAULT_MAX_BYTES = 64 << 20, SHRINK_ABOVE = 16 << 20 };

typedef struct slot {
    int state;         /* SLOT_* */
    eg_status status;  /* EG_OK, or the error that ends the run at this document */
    eg_error err;      /* filled when status is an error */
    eg_document doc;   /* strings point into buf, or once parsed into record */
    char *buf;         /* the document's copy (a JSONL line's, unparsed) */
    size_t cap;        /* bytes of buf */
    char *parsed_buf;  /* the parsed document's copy, made by the worker that parsed it */
    size_t parsed_cap;
    size_t n_flight;   /* bytes it counts in bytes_in_flight */
    bool parsed;       /* the worker parsed the line: its warnings and counts go to the input */
    bool skipped;      /* no document: a malformed record (warned), or the warnings read after the last one */
    bool warn_nomem;   /* a warning could not be kept */
    eg_error *warns;   /* the warnings of the reading (the reader's), then of the parse (the worker's),
                        * delivered before the document */
    size_t n_warns, cap_warns;
    eg_record_scratch *record; /* what the parsed document points into */
    eg_doc_result res; /* the slot's copy of the result: arrays of its own, no scratch */
    eg_span *spans;    /* the sentences, then the paragraphs, that res points to */
    size_t cap_spans;
} slot;

typedef struct engine {
    const eg_pipeline *p;
    eg_input *in;
    slot *slots;
    size_t n_slots;
    pthread_mutex_t mu;
    pthread_cond_t can_read, can_work, can_deliver;
    size_t n_read, n_taken, n_delivered;
    size_t bytes_in_flight, max_bytes; /* document bytes of slots not yet delivered */
    bool eof;                          /* the reader is done: n_read is final */
    bool stop;                         /* the calling thread asks everyone to quit */
    bool reader_waits;                 /* the reader sleeps on can_read */
    size_t batch;                      /* analysed documents that wake the calling thread together */
} engine;

/* Documents analysed and waiting to be delivered, counted from n_delivered in order. Under the lock. */
static size_t done_run(const engine *e)
{
    size_t k = e->n_delivered;
    while (k < e->n_read && e->slots[k % e->n_slots].state == SLOT_DONE)
        k++;
    return k - e->n_delivered;
}

/* Should the calling thread be woken to deliver? For a batch of documents in order; for fewer only when
 * nothing else can come first: the input has ended, or the reader waits for room and every document in the
 * ring is analysed. (Waking it whenever the reader waits, which is most of the time when the reader is the
 * fastest thread, cost a context switch per document.) Under the lock. */
static bool should_deliver(const engine *e)
{
    size_t run = done_run(e);
    return run > 0 && (e->eof || run >= e->batch || (e->reader_waits && run == e->n_read - e->n_delivered));
}

size_t eg_engine_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

/* Copies doc into *buf (grown to fit; *cap its size) as *out, so that it outlives the next eg_input_next
 * or the record it was parsed into: the struct (flags and numbers) and each of its strings. out may be
 * doc. A string field added to eg_document must be copied here too. */
static eg_status copy_into(char **buf, size_t *cap, eg_document *out, const eg_document *doc)
{
    size_t n_id = doc->id ? strlen(doc->id) + 1 : 0, n_path = strlen(doc->path) + 1;
    size_t n_date = doc->date ? strlen(doc->date) + 1 : 0, n_title = doc->title ? strlen(doc->title) + 1 : 0;
    size_t need = doc->len + 1 + n_id + n_path + n_date + n_title;
    if (*cap > SHRINK_ABOVE && need < *cap / 4) { /* give back the memory of an earlier huge document */
        free(*buf);
        *buf = NULL;
        *cap = 0;
    }
    if (need > *cap) {
        char *b = eg_realloc(*buf, need);
        if (!b)
            return EG_ERR_NOMEM;
        *buf = b;
        *cap = need;
    }
    char *o = *buf;
    *out = *doc;
    memcpy(o, doc->text, doc->len);
    o[doc->len] = '\0';
    out->text = o;
    o += doc->len + 1;
    if (doc->id) {
        memcpy(o, doc->id, n_id);
        out->id = o;
        o += n_id;
    }
    memcpy(o, doc->path, n_path);
    out->path = o;
    o += n_path;
    if (doc->date) {
        memcpy(o, doc->date, n_date);
        out->date = o;
        o += n_date;
    }
    if (doc->title) {
        memcpy(o, doc->title, n_title);
        out->title = o;
    }
    return EG_OK;
}

static eg_status copy_document(slot *s, const eg_document *doc)
{
    return copy_into(&s->buf, &s->cap, &s->doc, doc);
}

/* Keeps a warning of the slot's reading or parse (eg_warn_fn), to be delivered in order. */
static void keep_warning(void *ctx, const eg_error *w)
{
    slot *s = ctx;
    if (eg_grow((void **)&s->warns, &s->cap_warns, s->n_warns + 1, sizeof *s->warns) != EG_OK) {
        s->warn_nomem = true;
        return;
    }
    s->warns[s->n_warns++] = *w;
}

static void *reader_main(void *arg)
{
    engine *e = arg;
    pthread_mutex_lock(&e->mu);
    for (;;) {
        while (!e->stop && (e->n_read - e->n_delivered >= e->n_slots ||
                            (e->bytes_in_flight > e->max_bytes && e->n_read > e->n_delivered))) {
            e->reader_waits = true;
            if (should_deliver(e))
                pthread_cond_broadcast(&e->can_deliver);
            pthread_cond_wait(&e->can_read, &e->mu);
            e->reader_waits = false;
        }
        if (e->stop)
            break;
        slot *s = &e->slots[e->n_read % e->n_slots];
        pthread_mutex_unlock(&e->mu);

        /* What reading warns of (a malformed CSV record skipped, a file read as Latin-1) is kept with the
         * document read, to reach the input's callback on the calling thread, in order. */
        eg_document doc;
        eg_error_clear(&s->err);
        s->n_warns = 0;
        s->warn_nomem = s->parsed = s->skipped = false;
        eg_input_redirect_warnings(e->in, keep_warning, s);
        eg_status st = eg_input_next_unparsed(e->in, &doc, &s->err);
        if (st == EG_OK && copy_document(s, &doc) != EG_OK)
            st = eg_error_nomem(&s->err);
        if (st == EG_OK) /* the slot has its copy: a huge text file is not held twice */
            eg_input_release_document(e->in);
        if ((st == EG_OK || st == EG_DONE) && s->warn_nomem)
            st = eg_error_nomem(&s->err);

        pthread_mutex_lock(&e->mu);
        if (st == EG_DONE && s->n_warns == 0) {
            e->eof = true;
            break;
        }
        if (st == EG_DONE) { /* warnings after the last document: a slot of their own, delivered last */
            s->status = EG_OK;
            s->skipped = true;
            s->state = SLOT_DONE;
            s->n_flight = 0;
            e->n_read++;
            e->eof = true;
            break;
        }
        s->status = st;
        s->state = st == EG_OK ? SLOT_READY : SLOT_DONE; /* an error is delivered in its place in order */
        s->n_flight = st == EG_OK ? s->doc.len : 0;
        e->bytes_in_flight += s->n_flight;
        e->n_read++;
        if (st != EG_OK) {
            e->eof = true;
            break;
        }
        pthread_cond_signal(&e->can_work);
    }
    eg_input_redirect_warnings(e->in, NULL, NULL); /* the slots go with the engine */
    e->eof = true;
    pthread_cond_broadcast(&e->can_work);
    pthread_cond_broadcast(&e->can_deliver);
    pthread_mutex_unlock(&e->mu);
    return NULL;
}

/* Copies the worker's result w into the slot's own arrays: what the calling thread reads (mentions, roles,
 * sentences, paragraphs), a small part of what the analysis used. */
static eg_status keep_result(slot *s, const eg_doc_result *w)
{
    eg_doc_result *r = &s->res;
    if (eg_grow((void **)&r->mentions, &r->cap_mentions, w->n_mentions, sizeof *r->mentions) ||
        eg_grow((void **)&r->roles, &r->cap_roles, w->n_roles, sizeof *r->roles) ||
        eg_grow((void **)&s->spans, &s->cap_spans, w->n_sentences + w->n_paragraphs, sizeof *s->spans))
        return EG_ERR_NOMEM;
    if (w->n_mentions)
        memcpy(r->mentions, w->mentions, w->n_mentions * sizeof *r->mentions);
    if (w->n_roles)
        memcpy(r->roles, w->roles, w->n_roles * sizeof *r->roles);
    if (w->n_sentences)
        memcpy(s->spans, w->sentences, w->n_sentences * sizeof *s->spans);
    if (w->n_paragraphs)
        memcpy(s->spans + w->n_sentences, w->paragraphs, w->n_paragraphs * sizeof *s->spans);
    r->n_mentions = w->n_mentions;
    r->n_roles = w->n_roles;
    r->sentences = s->spans;
    r->n_sentences = w->n_sentences;
    r->paragraphs = s->spans + w->n_sentences;
    r->n_paragraphs = w->n_paragraphs;
    r->n_invalid_utf8 = w->n_invalid_utf8;
    return EG_OK;
}

/* Parses the slot's JSONL line, when it is one, then analyses the document with the worker's own result
 * and scratch (work) and keeps the result in the slot. */
static eg_status analyse(engine *e, slot *s, eg_doc_result *work)
{
    s->parsed = s->doc.unparsed; /* the parse's warnings follow the reading's, kept by the reader */
    if (s->parsed) {
        eg_status st = eg_input_parse(e->in, s->record, &s->doc, keep_warning, s, &s->err);
        if (st == EG_OK && s->warn_nomem)
            st = eg_error_nomem(&s->err);
        if (st == EG_DONE)
            s->skipped = true;
        /* The line's copy of a huge document is given back first (but for its path), so that the document
         * is never held three times; then the document is copied and the record let go on this thread,
         * which allocated it. */
        char *path = NULL;
        if (st == EG_OK && s->cap > SHRINK_ABOVE) {
            if (!(path = eg_strdup(s->doc.path))) {
                st = eg_error_nomem(&s->err);
            } else {
                s->doc.path = path;
                free(s->buf);
                s->buf = NULL;
                s->cap = 0;
            }
        }
        if (st == EG_OK && copy_into(&s->parsed_buf, &s->parsed_cap, &s->doc, &s->doc) != EG_OK)
            st = eg_error_nomem(&s->err);
        free(path);
        eg_record_scratch_release(s->record);
        if (st != EG_OK)
            return st == EG_DONE ? EG_OK : st;
    }
    eg_status st = eg_pipeline_process_doc(e->p, s->doc.text, s->doc.len, s->doc.date, work, &s->err);
    if (st == EG_OK && keep_result(s, work) != EG_OK)
        st = eg_error_nomem(&s->err);
    return st;
}

static void *worker_main(void *arg)
{
    engine *e = arg;
    eg_doc_result work;
    eg_doc_result_init(&work);
    pthread_mutex_lock(&e->mu);
    for (;;) {
        slot *s = e->n_taken < e->n_read ? &e->slots[e->n_taken % e->n_slots] : NULL;
        if (e->stop)
            break;
        if (!s || s->state != SLOT_READY) {
            if (e->eof) /* nothing left but perhaps the error slot, which is not analysed */
                break;
            pthread_cond_wait(&e->can_work, &e->mu);
            continue;
        }
        s->state = SLOT_BUSY;
        e->n_taken++;
        pthread_mutex_unlock(&e->mu);

        eg_error_clear(&s->err);
        eg_status st = analyse(e, s, &work);

        pthread_mutex_lock(&e->mu);
        s->status = st;
        s->state = SLOT_DONE;
        if (should_deliver(e))
            pthread_cond_broadcast(&e->can_deliver);
    }
    pthread_mutex_unlock(&e->mu);
    eg_doc_result_destroy(&work);
    return NULL;
}

/* The calling thread's part: delivers DONE slots in order until the end, an error or a stop. */
static eg_status deliver(engine *e, const eg_engine_options *opts, eg_engine_fn fn, void *ctx, int *stopped,
                         eg_error *err)
{
    eg_status st = EG_OK;
    size_t n_docs = 0, n_bytes = 0;
    bool freed = false; /* slots made free since the reader was last told */
    pthread_mutex_lock(&e->mu);
    for (;;) {
        slot *s = &e->slots[e->n_delivered % e->n_slots];
        if (e->n_delivered < e->n_read && s->state == SLOT_DONE) {
            pthread_mutex_unlock(&e->mu);
            /* The warnings of a slot's reading and parse come first, then its document (or its error), so
             * the order is the input's. A parsed line's document and skipped records are counted here. */
            if (s->parsed && s->status == EG_OK)
                eg_input_report(e->in, s->warns, s->n_warns, s->skipped ? NULL : &s->doc);
            else
                eg_input_report_warnings(e->in, s->warns, s->n_warns);
            if (s->status != EG_OK) {
                st = s->status;
                if (err)
                    *err = s->err;
                pthread_mutex_lock(&e->mu);
                break;
            }
            int code = 0;
            if (!s->skipped) {
                code = fn(ctx, &s->doc, &s->res);
                n_docs++;
                n_bytes += s->doc.len;
                if (code == 0 && opts->progress)
                    opts->progress(opts->progress_ctx, n_docs, n_bytes);
            }
            pthread_mutex_lock(&e->mu);
            if (code != 0) {
                *stopped = code;
                break;
            }
            e->bytes_in_flight -= s->n_flight;
            s->state = SLOT_FREE;
            e->n_delivered++;
            freed = true;
            continue;
        }
        if (e->eof && e->n_delivered == e->n_read)
            break;
        if (freed) /* once a batch, for the room just made */
            pthread_cond_signal(&e->can_read);
        freed = false;
        pthread_cond_wait(&e->can_deliver, &e->mu);
    }
    e->stop = true;
    pthread_cond_broadcast(&e->can_read);
    pthread_cond_broadcast(&e->can_work);
    pthread_mutex_unlock(&e->mu);
    return st;
}

/* n_threads == 1: everything on the calling thread, no copy. */
static eg_status run_serial(const eg_pipeline *p, eg_input *in, const eg_engine_options *opts, eg_engine_fn fn,
                            void *ctx, int *stopped, eg_error *err)
{
    eg_doc_result res;
    eg_doc_result_init(&res);
    eg_status st;
    size_t n_docs = 0, n_bytes = 0;
    for (;;) {
        eg_document doc;
        if ((st = eg_input_next(in, &doc, err)) != EG_OK)
            break;
        if ((st = eg_pipeline_process_doc(p, doc.text, doc.len, doc.date, &res, err)) != EG_OK)
            break;
        if ((*stopped = fn(ctx, &doc, &res)) != 0)
            break;
        n_docs++;
        n_bytes += doc.len;
        if (opts->progress)
            opts->progress(opts->progress_ctx, n_docs, n_bytes);
    }
    eg_doc_result_destroy(&res);
    return st == EG_DONE ? EG_OK : st;
}

eg_status eg_engine_run(const eg_pipeline *p, eg_input *in, const eg_engine_options *opts, eg_engine_fn fn,
                        void *ctx, int *stopped, eg_error *err)
{
    static const eg_engine_options defaults = {0};
    int stopped_local = 0;
    if (!opts)
        opts = &defaults;
    if (!stopped)
        stopped = &stopped_local;
    *stopped = 0;
    size_t n_threads = opts->n_threads ? opts->n_threads : eg_engine_default_threads();
    if (n_threads == 1)
        return run_serial(p, in, opts, fn, ctx, stopped, err);

    engine e;
    memset(&e, 0, sizeof e);
    e.p = p;
    e.in = in;
    /* A slot holds a document and its result, not the analysis' buffers (the workers' own): a longer ring
     * costs little and wakes the threads less often. */
    e.n_slots = 32 * n_threads + 64;
    /* Half the ring: the other half keeps the workers busy while the calling thread delivers. A quarter
     * woke the calling thread and the reader twice as often, a context switch each time. */
    e.batch = e.n_slots / 2;
    e.max_bytes = opts->max_queued_bytes ? opts->max_queued_bytes : DEFAULT_MAX_BYTES;
    e.slots = eg_calloc(e.n_slots, sizeof *e.slots);
    pthread_t *workers = eg_calloc(n_threads, sizeof *workers);
    if (!e.slots || !workers) {
        free(e.slots);
        free(workers);
        return eg_error_nomem(err);
    }
    bool scratch_ok = true;
    for (size_t i = 0; i < e.n_slots; i++) {
        eg_doc_result_init(&e.slots[i].res);
        scratch_ok = scratch_ok && eg_record_scratch_new(&e.slots[i].record, NULL) == EG_OK;
    }
    if (!scratch_ok) {
        for (size_t i = 0; i < e.n_slots; i++) {
            eg_doc_result_destroy(&e.slots[i].res);
            eg_record_scratch_free(e.slots[i].record);
        }
        free(e.slots);
        free(workers);
        return eg_error_nomem(err);
    }
    pthread_mutex_init(&e.mu, NULL);
    pthread_cond_init(&e.can_read, NULL);
    pthread_cond_init(&e.can_work, NULL);
    pthread_cond_init(&e.can_deliver, NULL);

    eg_status st = EG_OK;
    pthread_t reader;
    size_t n_started = 0;
    bool reader_started = pthread_create(&reader, NULL, reader_main, &e) == 0;
    while (reader_started && n_started < n_threads &&
           pthread_create(&workers[n_started], NULL, worker_main, &e) == 0)
        n_started++;
    if (!reader_started || n_started == 0) {
        pthread_mutex_lock(&e.mu);
        e.stop = true;
        pthread_cond_broadcast(&e.can_read);
        pthread_mutex_unlock(&e.mu);
        st = eg_error_set(err, EG_ERR_NOMEM, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                          "cannot start worker threads");
    } else {
        /* Fewer workers than asked (a thread limit) still give the same output, only slower. */
        st = deliver(&e, opts, fn, ctx, stopped, err);
    }
    if (reader_started)
        pthread_join(reader, NULL);
    for (size_t i = 0; i < n_started; i++)
        pthread_join(workers[i], NULL);

    for (size_t i = 0; i < e.n_slots; i++) {
        eg_doc_result_destroy(&e.slots[i].res);
        eg_record_scratch_free(e.slots[i].record);
        free(e.slots[i].spans);
        free(e.slots[i].warns);
        free(e.slots[i].buf);
        free(e.slots[i].parsed_buf);
    }
    pthread_cond_destroy(&e.can_deliver);
    pthread_cond_destroy(&e.can_work);
    pthread_cond_destroy(&e.can_read);
    pthread_mutex_destroy(&e.mu);
    free(e.slots);
    free(workers);
    return st;
}
