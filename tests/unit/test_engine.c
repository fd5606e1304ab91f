/*
 * Unit tests for engine: results come back in input order and equal to a serial run for 1, 2, 3 and 8
 * workers (mentions, sentences, paragraphs and roles), with a tiny byte budget as well; a callback's
 * non-zero return stops the run and is handed back; an input error (a missing file) arrives after every
 * document before it; an empty input list; warnings of malformed records reach the calling thread in input
 * order, among the documents. The documents are written to a JSONL file in a temporary directory.
 */
#include "dict.h"
#include "engine.h"
#include "error.h"
#include "harness.h"
#include "input.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { N_DOCS = 300 };

/* What a run saw: per document its id, mention count and a checksum of the mentions. */
typedef struct seen {
    char ids[N_DOCS + 8][32];
    size_t n_mentions[N_DOCS + 8];
    unsigned long sum[N_DOCS + 8];
    size_t n;
    size_t n_roles, n_paragraphs; /* over all documents */
    size_t stop_after; /* return 7 after this many documents; 0: never */
    size_t n_progress;
} seen;

static int on_doc(void *ctx, const eg_document *doc, const eg_doc_result *res)
{
    seen *s = ctx;
    if (s->n < N_DOCS + 8) {
        snprintf(s->ids[s->n], sizeof s->ids[0], "%s", doc->id);
        s->n_mentions[s->n] = res->n_mentions;
        unsigned long h = 0;
        for (size_t i = 0; i < res->n_mentions; i++)
            h = h * 31 + res->mentions[i].start * 7 + res->mentions[i].end + res->mentions[i].entity +
                res->mentions[i].sentence;
        for (size_t i = 0; i < res->n_sentences; i++)
            h = h * 37 + res->sentences[i].start * 5 + res->sentences[i].end;
        for (size_t i = 0; i < res->n_paragraphs; i++)
            h = h * 41 + res->paragraphs[i].start * 3 + res->paragraphs[i].end;
        for (size_t i = 0; i < res->n_roles; i++) {
            const eg_role_rel *r = &res->roles[i];
            h = h * 43 + r->person * 11 + r->role * 13 + r->scope + r->sentence * 17 + r->start * 19 + r->end;
        }
        s->sum[s->n] = h + res->n_sentences * 1000 + res->n_paragraphs * 100 + res->n_roles;
    }
    s->n_roles += res->n_roles;
    s->n_paragraphs += res->n_paragraphs;
    s->n++;
    return s->stop_after && s->n == s->stop_after ? 7 : 0;
}

static void on_progress(void *ctx, size_t n_documents, size_t n_bytes)
{
    seen *s = ctx;
    (void)n_bytes;
    s->n_progress = n_documents;
}

static eg_status run(const eg_pipeline *p, const char *const *paths, size_t n_paths, size_t n_threads,
                     size_t max_bytes, seen *s, int *stopped, eg_error *err)
{
    eg_input *in = NULL;
    eg_status st = eg_input_open(paths, n_paths, NULL, &in, err);
    if (st)
        return st;
    eg_engine_options o = {0};
    o.n_threads = n_threads;
    o.max_queued_bytes = max_bytes;
    o.progress = on_progress;
    o.progress_ctx = s;
    st = eg_engine_run(p, in, &o, on_doc, s, stopped, err);
    eg_input_free(in);
    return st;
}

static bool same(const seen *a, const seen *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n && i < N_DOCS + 8; i++)
        if (strcmp(a->ids[i], b->ids[i]) || a->n_mentions[i] != b->n_mentions[i] || a->sum[i] != b->sum[i])
            return false;
    return true;
}

/* The events a run shows the calling thread: documents and warnings, in the order they come. */
typedef struct events {
    char log[4096];
    size_t n_docs, n_warnings;
    bool off_thread; /* a warning came on another thread */
    pthread_t caller;
} events;

static int log_doc(void *ctx, const eg_document *doc, const eg_doc_result *res)
{
    events *ev = ctx;
    (void)res;
    ev->n_docs++;
    size_t n = strlen(ev->log);
    snprintf(ev->log + n, sizeof ev->log - n, "doc %s;", doc->id);
    return 0;
}

static void log_warning(void *ctx, const eg_error *w)
{
    events *ev = ctx;
    ev->n_warnings++;
    ev->off_thread |= !pthread_equal(pthread_self(), ev->caller);
    size_t n = strlen(ev->log);
    snprintf(ev->log + n, sizeof ev->log - n, "warning line %zu;", w->line);
}

/* Runs paths on 1 to 4 threads with the documents and warnings logged: each run ends with EG_OK, or with
 * --strict an EG_ERR_PARSE at error_line; skips want_skipped records; hands every warning to the calling
 * thread; and logs what the one-thread run, kept in *serial, logs. */
static void check_runs(const eg_pipeline *p, const char *const *paths, size_t n_paths, bool strict,
                       size_t error_line, size_t want_skipped, events *serial)
{
    static events par;
    for (size_t t = 1; t <= 4; t++) {
        events *ev = t == 1 ? serial : &par;
        memset(ev, 0, sizeof *ev);
        ev->caller = pthread_self();
        eg_input_options o = {0};
        o.warn = log_warning;
        o.warn_ctx = ev;
        o.strict = strict;
        eg_input *in = NULL;
        eg_error err;
        eg_error_clear(&err);
        CHECK_INT(eg_input_open(paths, n_paths, &o, &in, &err), EG_OK);
        eg_engine_options eo = {0};
        eo.n_threads = t;
        CHECK_INT(eg_engine_run(p, in, &eo, log_doc, ev, NULL, &err), strict ? EG_ERR_PARSE : EG_OK);
        if (strict)
            CHECK_INT(err.line, error_line);
        CHECK_INT(eg_input_n_skipped(in), want_skipped);
        eg_input_free(in);
        CHECK(!ev->off_thread);
        if (t > 1)
            CHECK_STR(par.log, serial->log);
    }
}

/* Malformed records among documents: with any number of threads the warnings reach the calling thread,
 * each before the documents after it, as with one; with --strict the first is the error that ends the
 * run after the documents before it. */
static void test_warnings_in_order(const eg_pipeline *p, const char *dir)
{
    char path[128];
    snprintf(path, sizeof path, "%s/mixed.jsonl", dir);
    FILE *fp = fopen(path, "w");
    for (int i = 0; i < 40; i++) {
        if (i % 7 == 3)
            fprintf(fp, "{\"id\": \"bad%d\", \"text\": 5}\n", i);
        else if (i % 11 == 5)
            fprintf(fp, "{not json\n");
        else
            fprintf(fp, "{\"id\": \"m%d\", \"text\": \"Alice Park met Bob Lee.\"}\n", i);
    }
    fclose(fp);
    const char *one[] = {path};
    static events serial;
    check_runs(p, one, 1, false, 0, 9, &serial);
    CHECK_INT(serial.n_docs, 31);
    CHECK_INT(serial.n_warnings, 9);
    CHECK(strstr(serial.log, "doc m2;warning line 4;doc m4;warning line 6;") != NULL);
    check_runs(p, one, 1, true, 4, 0, &serial);
    CHECK_INT(serial.n_docs, 3);
    CHECK_INT(serial.n_warnings, 0);
    unlink(path);
}

/* Warnings raised while reading rather than parsing (CSV records skipped, a file read as Latin-1),
 * including one after the last document: every thread count hands them to the calling thread in the order
 * one thread does, each before the documents after it; with --strict the first malformed CSV record is the
 * error that ends the run after the documents before it. */
static void test_reading_warnings_in_order(const eg_pipeline *p, const char *dir)
{
    char jsonl[128], csv[128], latin1[128], tail[128];
    snprintf(jsonl, sizeof jsonl, "%s/r1.jsonl", dir);
    snprintf(csv, sizeof csv, "%s/r2.csv", dir);
    snprintf(latin1, sizeof latin1, "%s/r3.txt", dir);
    snprintf(tail, sizeof tail, "%s/r4.csv", dir);
    FILE *fp = fopen(jsonl, "w");
    fprintf(fp, "{\"id\": \"j1\", \"text\": \"Alice Park met Bob Lee.\"}\n{\"id\": \"j2\", \"text\": 5}\n");
    fclose(fp);
    fp = fopen(csv, "w");
    fprintf(fp, "id,text\n");
    for (int i = 0; i < 30; i++) {
        if (i % 9 == 4)
            fprintf(fp, "c%d\n", i); /* one field where the header has two */
        else
            fprintf(fp, "c%d,\"Bob Kim met Alice Park in Seoul.\"\n", i);
    }
    fclose(fp);
    fp = fopen(latin1, "w");
    fprintf(fp, "Caf\xe9 owner Alice Park met Bob Lee.\n");
    fclose(fp);
    fp = fopen(tail, "w");
    fprintf(fp, "id,text\nt1,\"Alice Park.\"\nt2,\"not closed\n");
    fclose(fp);
    const char *paths[] = {jsonl, csv, latin1, tail};
    static events serial;
    check_runs(p, paths, 4, false, 0, 5, &serial);
    CHECK_INT(serial.n_docs, 30);
    CHECK_INT(serial.n_warnings, 6);
    CHECK(strstr(serial.log, "doc c3;warning line 6;doc c5;") != NULL);
    CHECK(strstr(serial.log, "doc t1;warning line 3;") != NULL); /* after the last document */
    check_runs(p, paths + 1, 1, true, 6, 0, &serial); /* the CSV file alone: c4 ends the run */
    CHECK_INT(serial.n_docs, 4);
    CHECK_INT(serial.n_warnings, 0);
    unlink(jsonl);
    unlink(csv);
    unlink(latin1);
    unlink(tail);
}

int main(void)
{
    char dir[] = "/tmp/eg-test-engine-XXXXXX";
    if (!mkdtemp(dir)) {
        printf("cannot make a temporary directory\n");
        return 1;
    }
    char path[128], missing[128];
    snprintf(path, sizeof path, "%s/docs.jsonl", dir);
    snprintf(missing, sizeof missing, "%s/missing.txt", dir);
    FILE *fp = fopen(path, "w");
    for (int i = 0; i < N_DOCS; i++) {
        /* Documents of different sizes, so workers finish out of order. */
        fprintf(fp, "{\"id\": \"d%d\", \"text\": \"", i);
        for (int k = 0; k < 1 + (i * 37) % 50; k++)
            fprintf(fp, "%s met Bob %s in Seoul.%s", k % 4 ? "Alice Park" : "President Alice Park",
                    k % 3 ? "Lee" : "Kim", k % 5 == 4 ? "\\n\\n" : " ");
        fprintf(fp, "\"}\n");
    }
    fclose(fp);

    eg_dict *d = eg_dict_new();
    eg_matcher *m = NULL;
    eg_pipeline *p = NULL;
    eg_error err;
    CHECK(eg_dict_add(d, "p:alice", "person", "Alice Park", NULL, NULL, "Park", &err) == EG_OK);
    CHECK(eg_dict_add(d, "p:bob", "person", "Bob Lee", "Bob Kim", NULL, NULL, &err) == EG_OK);
    CHECK(eg_dict_add(d, "c:kor", "country", "Seoul", NULL, NULL, NULL, &err) == EG_OK);
    CHECK(eg_dict_add(d, "r:president", "role", "President", NULL, NULL, NULL, &err) == EG_OK);
    CHECK(eg_matcher_new(d, &m, &err) == EG_OK);
    CHECK(eg_pipeline_new(d, m, &p, &err) == EG_OK);

    const char *one[] = {path};
    static seen serial, par;
    int stopped = -1;
    CHECK(run(p, one, 1, 1, 0, &serial, &stopped, &err) == EG_OK);
    CHECK_INT(serial.n, N_DOCS);
    CHECK_INT(stopped, 0);
    CHECK_INT(serial.n_progress, N_DOCS);
    CHECK_STR(serial.ids[0], "d0");
    CHECK_STR(serial.ids[N_DOCS - 1], "d299");
    CHECK(serial.n_mentions[1] > serial.n_mentions[0]);
    CHECK(serial.n_roles > 0);                /* what the slots copy is all compared */
    CHECK(serial.n_paragraphs > serial.n);

    /* Any number of workers, and a byte budget so small that one document is in flight at a time. */
    size_t threads[] = {2, 3, 8, 0};
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        for (int budget = 0; budget < 2; budget++) {
            memset(&par, 0, sizeof par);
            CHECK(run(p, one, 1, threads[t], budget ? 1 : 0, &par, &stopped, &err) == EG_OK);
            CHECK(same(&serial, &par));
            CHECK_INT(stopped, 0);
        }
    }

    /* A callback's stop. */
    for (size_t t = 1; t <= 3; t++) {
        memset(&par, 0, sizeof par);
        par.stop_after = 10;
        CHECK(run(p, one, 1, t, 0, &par, &stopped, &err) == EG_OK);
        CHECK_INT(par.n, 10);
        CHECK_INT(stopped, 7);
    }

    /* An input error comes after the documents before it, in order. */
    const char *two[] = {path, missing, path};
    for (size_t t = 1; t <= 3; t++) {
        memset(&par, 0, sizeof par);
        eg_error_clear(&err);
        CHECK(run(p, two, 3, t, 0, &par, &stopped, &err) == EG_ERR_IO);
        CHECK_INT(par.n, N_DOCS);
        CHECK(strstr(err.path, "missing.txt") != NULL);
    }

    /* No documents at all. */
    memset(&par, 0, sizeof par);
    CHECK(run(p, NULL, 0, 2, 0, &par, &stopped, &err) == EG_OK);
    CHECK_INT(par.n, 0);

    CHECK(eg_engine_default_threads() >= 1);
    test_warnings_in_order(p, dir);
    test_reading_warnings_in_order(p, dir);

    eg_pipeline_free(p);
    eg_matcher_free(m);
    eg_dict_free(d);
    unlink(path);
    rmdir(dir);
    TEST_END();
}
