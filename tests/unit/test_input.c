/*
 * Unit tests for input and input_dir: text files, directories (order, hidden entries, nesting, symlinks and
 * loops), JSONL records (ids, optional fields, BOM, NUL, malformed lines with file:line:column warnings),
 * custom field names, long lines, missing files, and allocation failures. Runs in tests/ (fixtures under
 * unit/data/input); symlink cases are built in a temporary directory.
 */
#include "error.h"
#include "harness.h"
#include "input.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DATA "unit/data/input"

typedef struct warnings {
    char text[16][600];
    size_t offset[16]; /* byte offset in the file */
    size_t n;
} warnings;

static void collect(void *ctx, const eg_error *w)
{
    warnings *ws = ctx;
    if (ws->n < 16) {
        eg_error_format(w, ws->text[ws->n], sizeof ws->text[0]);
        ws->offset[ws->n] = w->offset;
    }
    ws->n++;
}

/* One document as strings, for comparison. */
typedef struct doc_copy {
    char id[128], text[128], date[64], title[64];
    size_t len, line;
} doc_copy;

static void copy_doc(const eg_document *d, doc_copy *c)
{
    snprintf(c->id, sizeof c->id, "%s", d->id);
    snprintf(c->text, sizeof c->text, "%.*s", (int)d->len, d->text);
    snprintf(c->date, sizeof c->date, "%s", d->date ? d->date : "(null)");
    snprintf(c->title, sizeof c->title, "%s", d->title ? d->title : "(null)");
    c->len = d->len;
    c->line = d->line;
}

/* Reads every document of the inputs into docs (at most cap); returns how many, or -1 on an error. */
static int read_all(const char *const *paths, size_t n, const eg_input_options *opts, doc_copy *docs,
                    int cap, size_t *n_skipped)
{
    eg_input *in = NULL;
    eg_error err;
    int k = 0;
    if (eg_input_open(paths, n, opts, &in, &err) != EG_OK)
        return -1;
    eg_document d;
    eg_status st;
    while ((st = eg_input_next(in, &d, &err)) == EG_OK) {
        if (k < cap)
            copy_doc(&d, &docs[k]);
        k++;
    }
    if (n_skipped)
        *n_skipped = eg_input_n_skipped(in);
    eg_input_free(in);
    return st == EG_DONE ? k : -1;
}

static void test_directory(void)
{
    const char *paths[] = {DATA "/dir"};
    doc_copy d[10];
    size_t skipped = 99;
    int n = read_all(paths, 1, NULL, d, 10, &skipped);
    CHECK_INT(n, 7);
    if (n != 7)
        return;
    /* Byte order of full paths: 'Z' < 'a'; "sub.txt" < "sub/..." because '.' < '/'. */
    CHECK_STR(d[0].id, DATA "/dir/Z.txt");
    CHECK_STR(d[1].id, DATA "/dir/a.txt");
    CHECK_STR(d[1].text, "First file, with a BOM.\n"); /* BOM skipped */
    CHECK_STR(d[2].id, DATA "/dir/b.txt");
    CHECK_STR(d[3].id, DATA "/dir/sub.txt");
    CHECK_STR(d[4].id, DATA "/dir/sub/c.txt");
    CHECK_STR(d[4].text, "Nested.\n");
    CHECK_INT(d[4].line, 0);
    CHECK_STR(d[5].id, "m1");
    CHECK_STR(d[5].text, "More one");
    CHECK_STR(d[6].id, DATA "/dir/sub/more.jsonl:2");
    CHECK_INT(d[6].line, 2);
    CHECK_INT(skipped, 0);
}

static void test_jsonl(void)
{
    const char *paths[] = {DATA "/records.jsonl"};
    warnings ws = {0};
    eg_input_options opts = {0};
    opts.warn = collect;
    opts.warn_ctx = &ws;
    doc_copy d[10];
    size_t skipped = 0;
    int n = read_all(paths, 1, &opts, d, 10, &skipped);
    CHECK_INT(n, 5);
    if (n != 5)
        return;
    CHECK_STR(d[0].id, "r1");
    CHECK_STR(d[0].text, "Alpha");
    CHECK_STR(d[0].date, "2025-07-13");
    CHECK_STR(d[0].title, "First");
    CHECK_INT(d[0].line, 1);
    CHECK_STR(d[1].id, "42"); /* a numeric id becomes its text */
    CHECK_STR(d[1].date, "20250713");
    CHECK_STR(d[1].title, "(null)");
    CHECK_INT(d[1].line, 3); /* line 2 is blank: skipped, not counted */
    CHECK_STR(d[2].id, DATA "/records.jsonl:4");
    CHECK_STR(d[2].text, "No id"); /* CRLF line */
    CHECK_STR(d[3].id, "bom");
    CHECK_STR(d[3].text, "BOM line");
    CHECK_STR(d[4].id, "nul");
    CHECK_INT(d[4].len, 3); /* "a\0b": the NUL is kept */
    CHECK_INT(skipped, 6);
    CHECK_INT(ws.n, 6);
    CHECK_STR(ws.text[0], DATA "/records.jsonl:5:1: field \"text\" is an integer, not a string");
    /* jansson reports the column where it stopped: after the offending token "text" (columns 12-17). */
    CHECK_STR(ws.text[1], DATA "/records.jsonl:6:17: invalid JSON: '}' expected near '\"text\"'");
    CHECK_INT(ws.offset[0], 141); /* start of line 5 */
    CHECK_INT(ws.offset[1], 166 + 17); /* start of line 6 plus the bytes jansson consumed */
    CHECK_STR(ws.text[2], DATA "/records.jsonl:7:1: record is an array, not a JSON object");
    CHECK_STR(ws.text[3], DATA "/records.jsonl:8:1: record has no \"text\" field");
    CHECK_STR(ws.text[4], DATA "/records.jsonl:11:1: field \"id\" is an object, not a string or number");
    /* The column counts characters (two Hangul syllables of three bytes each count two). */
    CHECK_STR(ws.text[5], DATA "/records.jsonl:12:24: invalid JSON: '}' expected near end of file");
}

/* Warnings kept as errors, for eg_input_report. */
typedef struct kept {
    eg_error w[16];
    size_t n;
} kept;

static void keep(void *ctx, const eg_error *w)
{
    kept *k = ctx;
    if (k->n < 16)
        k->w[k->n++] = *w;
}

/* read_all as the engine's threads read: JSONL lines handed over unparsed, parsed with a scratch of their
 * own (a worker's), then reported back in order (the calling thread). */
static int read_all_unparsed(const char *const *paths, size_t n, const eg_input_options *opts, doc_copy *docs,
                             int cap, size_t *n_skipped, size_t *n_bytes)
{
    eg_input *in = NULL;
    eg_record_scratch *scratch = NULL;
    eg_error err;
    int k = 0;
    if (eg_input_open(paths, n, opts, &in, &err) != EG_OK)
        return -1;
    if (eg_record_scratch_new(&scratch, &err) != EG_OK) {
        eg_input_free(in);
        return -1;
    }
    eg_document d;
    eg_status st;
    while ((st = eg_input_next_unparsed(in, &d, &err)) == EG_OK) {
        if (d.unparsed) {
            CHECK(d.id == NULL && d.line > 0);
            kept w = {.n = 0};
            st = eg_input_parse(in, scratch, &d, keep, &w, &err);
            if (st != EG_OK && st != EG_DONE)
                break;
            eg_input_report(in, w.w, w.n, st == EG_OK ? &d : NULL);
            if (st == EG_DONE)
                continue;
            CHECK(!d.unparsed);
        }
        if (k < cap)
            copy_doc(&d, &docs[k]);
        k++;
    }
    *n_skipped = eg_input_n_skipped(in);
    *n_bytes = eg_input_n_bytes(in);
    eg_record_scratch_free(scratch);
    eg_input_free(in);
    return st == EG_DONE ? k : -1;
}

/* Every input read both ways: the same documents, warnings (text and offset), skipped records and bytes. */
static void test_unparsed(void)
{
    const char *paths[] = {DATA "/records.jsonl", DATA "/dir", DATA "/custom.jsonl"};
    warnings a = {0}, b = {0};
    eg_input_options oa = {0}, ob = {0};
    oa.warn = collect;
    oa.warn_ctx = &a;
    ob.warn = collect;
    ob.warn_ctx = &b;
    doc_copy da[24], db[24];
    memset(da, 0, sizeof da);
    memset(db, 0, sizeof db);
    size_t skipped_a = 0, skipped_b = 0, bytes_b = 0;
    int na = read_all(paths, 3, &oa, da, 24, &skipped_a);
    int nb = read_all_unparsed(paths, 3, &ob, db, 24, &skipped_b, &bytes_b);
    CHECK(na > 10);
    CHECK_INT(nb, na);
    CHECK(memcmp(da, db, sizeof da) == 0);
    CHECK_INT(skipped_b, skipped_a);
    CHECK_INT(b.n, a.n);
    CHECK(a.n >= 6);
    for (size_t i = 0; i < a.n && i < 16; i++) {
        CHECK_STR(b.text[i], a.text[i]);
        CHECK_INT(b.offset[i], a.offset[i]);
    }
    size_t bytes = 0;
    for (int i = 0; i < na && i < 24; i++)
        bytes += da[i].len;
    CHECK_INT(bytes_b, bytes);
}

static void test_field_names(void)
{
    const char *paths[] = {DATA "/custom.jsonl"};
    warnings ws = {0};
    eg_input_options opts = {0};
    opts.warn = collect;
    opts.warn_ctx = &ws;
    opts.text_field = "body";
    opts.id_field = "doc";
    opts.date_field = "when";
    doc_copy d[4];
    size_t skipped = 0;
    CHECK_INT(read_all(paths, 1, &opts, d, 4, &skipped), 1);
    CHECK_STR(d[0].id, "c1");
    CHECK_STR(d[0].text, "Custom field");
    CHECK_STR(d[0].date, "2025");
    CHECK_INT(skipped, 1);
    CHECK_STR(ws.text[0], DATA "/custom.jsonl:2:1: record has no \"body\" field");
}

static void test_missing(void)
{
    const char *paths[] = {DATA "/no-such-file.txt", DATA "/dir/b.txt"};
    eg_input *in = NULL;
    eg_error err;
    eg_document d;
    char msg[700];
    CHECK_INT(eg_input_open(paths, 2, NULL, &in, &err), EG_OK);
    CHECK_INT(eg_input_next(in, &d, &err), EG_ERR_IO);
    eg_error_format(&err, msg, sizeof msg);
    CHECK_STR(msg, DATA "/no-such-file.txt: cannot read: No such file or directory");
    /* The failing input is abandoned; the next one follows. */
    CHECK_INT(eg_input_next(in, &d, &err), EG_OK);
    CHECK_STR(d.id, DATA "/dir/b.txt");
    CHECK_INT(eg_input_n_bytes(in), strlen("Second file.\n"));
    CHECK_INT(eg_input_next(in, &d, &err), EG_DONE);
    eg_input_free(in);
    eg_input_free(NULL);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Symlinks to files are followed; a symlink loop ends; a 3 MB JSONL line streams. */
static void test_tmp_tree(void)
{
    char root[] = "/tmp/eg_test_input_XXXXXX", p[256], q[256];
    if (!mkdtemp(root)) {
        CHECK(!"mkdtemp");
        return;
    }
    snprintf(p, sizeof p, "%s/d", root);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/d/f.txt", root);
    write_file(p, "file");
    snprintf(q, sizeof q, "%s/d/link.txt", root);
    CHECK(symlink("f.txt", q) == 0);
    snprintf(q, sizeof q, "%s/d/loop", root);
    CHECK(symlink(".", q) == 0);
    snprintf(q, sizeof q, "%s/d/up", root);
    CHECK(symlink("..", q) == 0);

    snprintf(p, sizeof p, "%s/d", root);
    const char *paths[] = {p};
    doc_copy d[8];
    int n = read_all(paths, 1, NULL, d, 8, NULL);
    CHECK_INT(n, 2);
    if (n == 2) {
        snprintf(q, sizeof q, "%s/d/f.txt", root);
        CHECK_STR(d[0].id, q);
        snprintf(q, sizeof q, "%s/d/link.txt", root);
        CHECK_STR(d[1].id, q);
        CHECK_STR(d[1].text, "file");
    }

    /* A long JSONL line (several read chunks) and a last line without '\n'. */
    size_t big = 3u << 20;
    char *line = malloc(big + 64);
    snprintf(q, sizeof q, "%s/big.jsonl", root);
    FILE *f = fopen(q, "wb");
    if (line && f) {
        memset(line, 'x', big);
        fprintf(f, "{\"text\": \"%.*s\"}\n{\"text\": \"tail\"}", (int)big, line);
    }
    if (f)
        fclose(f);
    free(line);
    const char *bigp[] = {q};
    eg_input *in = NULL;
    eg_error err;
    eg_document doc;
    CHECK_INT(eg_input_open(bigp, 1, NULL, &in, &err), EG_OK);
    CHECK_INT(eg_input_next(in, &doc, &err), EG_OK);
    CHECK_INT(doc.len, big);
    CHECK_INT(eg_input_next(in, &doc, &err), EG_OK);
    CHECK_INT(doc.len, 4);
    CHECK_INT(doc.line, 2);
    CHECK_INT(eg_input_next(in, &doc, &err), EG_DONE);
    eg_input_free(in);

    unlink(q);
    snprintf(q, sizeof q, "%s/d/up", root);
    unlink(q);
    snprintf(q, sizeof q, "%s/d/loop", root);
    unlink(q);
    snprintf(q, sizeof q, "%s/d/link.txt", root);
    unlink(q);
    snprintf(q, sizeof q, "%s/d/f.txt", root);
    unlink(q);
    rmdir(p);
    rmdir(root);
}

/* Failing the k-th allocation, for every k, must give EG_ERR_NOMEM (or success) and leak nothing
 * (checked by the sanitizer builds). */
static void test_alloc_failures(void)
{
    const char *paths[] = {DATA "/dir", DATA "/records.jsonl"};
    int failures = 0, k;
    for (k = 1; k < 200; k++) {
        eg_input *in = NULL;
        eg_error err;
        eg_document d;
        eg_alloc_fail_at = k;
        eg_status st = eg_input_open(paths, 2, NULL, &in, &err);
        while (st == EG_OK)
            st = eg_input_next(in, &d, &err);
        eg_input_free(in);
        bool done = eg_alloc_fail_at > 0; /* the k-th allocation never came: a complete run */
        eg_alloc_fail_at = 0;
        if (done) {
            CHECK_INT(st, EG_DONE);
            break;
        }
        if (st != EG_ERR_NOMEM)
            failures++;
    }
    CHECK_INT(failures, 0);
    CHECK(k < 200);
}

/* Writes n bytes of "word " (and one Latin-1 byte at the start when latin1) to path. */
static void write_big(const char *path, size_t n, bool latin1)
{
    FILE *fp = fopen(path, "wb");
    CHECK(fp != NULL);
    if (!fp)
        return;
    if (latin1)
        fputc(0xE9, fp);
    for (size_t i = latin1; i < n; i++)
        fputc("word "[i % 5], fp);
    fclose(fp);
}

/* The buffers of a text file larger than EG_INPUT_KEEP_BYTES are given back when its document is released
 * (also a Latin-1 file's decoding), and reading goes on; a JSONL source keeps its buffer, which holds the
 * lines to come, through a release, however large its line made it. */
static void test_release(void)
{
    char dir[] = "/tmp/eg-test-input-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char big[128], lines[128], latin1[128];
    snprintf(big, sizeof big, "%s/big.txt", dir);
    snprintf(lines, sizeof lines, "%s/lines.jsonl", dir);
    snprintf(latin1, sizeof latin1, "%s/latin1.txt", dir);
    size_t n_big = EG_INPUT_KEEP_BYTES + 1000, n_latin1 = EG_INPUT_KEEP_BYTES / 2 + 1000;
    write_big(big, n_big, false);
    FILE *fp = fopen(lines, "wb"); /* a first line longer than EG_INPUT_KEEP_BYTES, then a short one */
    CHECK(fp != NULL);
    if (fp) {
        fputs("{\"id\": \"a\", \"text\": \"", fp);
        for (size_t i = 0; i < n_big; i++)
            fputc("word "[i % 5], fp);
        fputs("\"}\n{\"id\": \"b\", \"text\": \"second\"}\n", fp);
        fclose(fp);
    }
    write_big(latin1, n_latin1, true);
    const char *paths[] = {big, lines, latin1};
    eg_input *in = NULL;
    eg_error err;
    eg_document d;
    CHECK_INT(eg_input_open(paths, 3, NULL, &in, &err), EG_OK);
    CHECK_INT(eg_input_next(in, &d, &err), EG_OK);
    CHECK_INT(d.len, n_big);
    CHECK(eg_input_buffer_bytes(in) > EG_INPUT_KEEP_BYTES);
    eg_input_release_document(in);
    CHECK(eg_input_buffer_bytes(in) <= EG_INPUT_KEEP_BYTES);
    CHECK_INT(eg_input_next(in, &d, &err), EG_OK);
    CHECK_STR(d.id, "a");
    size_t held = eg_input_buffer_bytes(in);
    CHECK(held > EG_INPUT_KEEP_BYTES);
    eg_input_release_document(in);
    CHECK_INT(eg_input_buffer_bytes(in), held);
    CHECK_INT(eg_input_next(in, &d, &err), EG_OK);
    CHECK_STR(d.id, "b");
    CHECK(d.len == 6 && memcmp(d.text, "second", 6) == 0);
    CHECK_INT(eg_input_next(in, &d, &err), EG_OK);
    CHECK(d.latin1);
    CHECK_INT(d.len, n_latin1 + 1); /* é takes two bytes in UTF-8 */
    CHECK(memcmp(d.text, "\xC3\xA9ord w", 7) == 0);
    CHECK(eg_input_buffer_bytes(in) > EG_INPUT_KEEP_BYTES);
    eg_input_release_document(in);
    CHECK(eg_input_buffer_bytes(in) <= EG_INPUT_KEEP_BYTES);
    CHECK_INT(eg_input_next(in, &d, &err), EG_DONE);
    eg_input_free(in);
    unlink(big);
    unlink(lines);
    unlink(latin1);
    rmdir(dir);
}

int main(void)
{
    test_directory();
    test_jsonl();
    test_unparsed();
    test_field_names();
    test_missing();
    test_tmp_tree();
    test_alloc_failures();
    test_release();
    TEST_END();
}
