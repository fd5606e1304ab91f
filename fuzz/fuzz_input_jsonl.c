/*
 * fuzz_input_jsonl: the record readers on arbitrary bytes: JSONL (eg_input on a temporary *.jsonl file),
 * then CSV (the same bytes as a *.csv file: RFC 4180 with a header row).
 *
 * Invariants checked: every document has an id and its text lies in memory the reader owns (read in full
 * here, so ASan catches a bad length); line numbers grow; malformed records are warnings, never errors
 * (in CSV a header without a text column is an error with a message); the reader ends with EG_DONE; skipped
 * + delivered records never exceed the number of lines.
 */
#include <string.h>

#include "entgraph.h"
#include "fuzz.h"
#include "input.h"

typedef struct warn_count {
    size_t n;
} warn_count;

static void on_warn(void *ctx, const eg_error *w)
{
    warn_count *wc = ctx;
    FUZZ_ASSERT(w->message[0] != '\0');
    FUZZ_ASSERT(w->line != EG_NO_POS && w->line >= 1);
    if (w->status == EG_ERR_PARSE) /* skipped records; EG_ERR_UTF8 notes a record read as Latin-1 */
        wc->n++;
}

/* Reads every record of data written as a file with the given suffix; checks the invariants above. */
static void read_all(const uint8_t *data, size_t size, const char *suffix)
{
    const char *path = fuzz_temp_file(data, size, suffix);
    if (!path)
        return;
    bool csv = strcmp(suffix, ".csv") == 0;
    size_t n_lines = 1;
    for (size_t i = 0; i < size; i++)
        n_lines += data[i] == '\n';

    warn_count wc = {0};
    eg_input_options opts = {0};
    opts.warn = on_warn;
    opts.warn_ctx = &wc;
    eg_input *in = NULL;
    eg_error err;
    eg_error_clear(&err);
    if (eg_input_open(&path, 1, &opts, &in, &err) != EG_OK)
        return;
    eg_document doc;
    eg_status st;
    size_t n_docs = 0, last_line = 0;
    unsigned sum = 0;
    while ((st = eg_input_next(in, &doc, &err)) == EG_OK) {
        FUZZ_ASSERT(doc.id != NULL && doc.path != NULL);
        FUZZ_ASSERT(doc.line > last_line && doc.line <= n_lines);
        last_line = doc.line;
        for (size_t i = 0; i < doc.len; i++)
            sum += (unsigned char)doc.text[i];
        sum += (unsigned)strlen(doc.id);
        if (doc.date)
            sum += (unsigned)strlen(doc.date);
        if (doc.title)
            sum += (unsigned)strlen(doc.title);
        n_docs++;
    }
    (void)sum;
    if (csv) {
        /* A CSV file without a usable header (no text column) is an error with a message. */
        FUZZ_ASSERT(st == EG_DONE || st == EG_ERR_NOMEM || (st == err.status && err.message[0] != '\0'));
    } else {
        FUZZ_ASSERT(st == EG_DONE || st == EG_ERR_NOMEM);
        FUZZ_ASSERT(eg_input_n_skipped(in) == wc.n);
    }
    FUZZ_ASSERT(n_docs + wc.n <= n_lines);
    eg_input_free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_all(data, size, ".jsonl");
    read_all(data, size, ".csv");
    return 0;
}
