/*
 * Unit tests for CSV input and encodings: the CSV reader (quoting, doubled quotes, multi-line fields,
 * CRLF, BOM, blank lines, ragged rows, unterminated quote, a header without the text column, custom field
 * names), the Latin-1 decoder and its offset map, --encoding auto/utf-8/latin-1 and --strict on text, JSONL
 * and CSV inputs. Fixtures are written to a temporary directory, byte for byte.
 */
#include "encoding.h"
#include "error.h"
#include "harness.h"
#include "input.h"
#include "input_csv.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

typedef struct warnings {
    char text[8][600];
    eg_status status[8];
    size_t n;
} warnings;

static void collect(void *ctx, const eg_error *w)
{
    warnings *ws = ctx;
    if (ws->n < 8) {
        eg_error_format(w, ws->text[ws->n], sizeof ws->text[0]);
        ws->status[ws->n] = w->status;
    }
    ws->n++;
}

static const char *fixture(const char *name, const char *bytes, size_t len)
{
    static char path[8][128];
    static int next;
    char *p = path[next++ % 8];
    snprintf(p, 128, "%s/%s", dir, name);
    FILE *fp = fopen(p, "wb");
    fwrite(bytes, 1, len, fp);
    fclose(fp);
    return p;
}

#define FIXTURE(name, lit) fixture(name, lit, sizeof lit - 1)

typedef struct run {
    char id[8][64], text[8][128], date[8][32], title[8][32];
    size_t line[8];
    bool latin1[8];
    size_t n;
    eg_status end;
    eg_error err;
    size_t n_skipped;
    warnings ws;
} run;

/* Warnings kept as errors, for eg_input_report. */
typedef struct kept {
    eg_error w[8];
    size_t n;
} kept;

static void keep(void *ctx, const eg_error *w)
{
    kept *k = ctx;
    if (k->n < 8)
        k->w[k->n++] = *w;
}

/* Reads path into r: with eg_input_next, or with unparsed, as the engine's threads read (the reader hands
 * over JSONL lines, a parse elsewhere, eg_input_report back on the reader's side). */
static void read_run(const char *path, eg_input_options opts, run *r, bool unparsed)
{
    memset(r, 0, sizeof *r);
    opts.warn = collect;
    opts.warn_ctx = &r->ws;
    eg_input *in = NULL;
    eg_record_scratch *scratch = NULL;
    CHECK_INT(eg_input_open(&path, 1, &opts, &in, &r->err), EG_OK);
    CHECK_INT(eg_record_scratch_new(&scratch, &r->err), EG_OK);
    eg_document d;
    for (;;) {
        r->end = unparsed ? eg_input_next_unparsed(in, &d, &r->err) : eg_input_next(in, &d, &r->err);
        if (r->end == EG_OK && d.unparsed) {
            kept k = {.n = 0};
            r->end = eg_input_parse(in, scratch, &d, keep, &k, &r->err);
            if (r->end == EG_DONE) {
                eg_input_report(in, k.w, k.n, NULL);
                continue;
            }
            if (r->end == EG_OK)
                eg_input_report(in, k.w, k.n, &d);
        }
        if (r->end != EG_OK)
            break;
        if (r->n < 8) {
            snprintf(r->id[r->n], 64, "%s", d.id);
            snprintf(r->text[r->n], 128, "%.*s", (int)d.len, d.text);
            snprintf(r->date[r->n], 32, "%s", d.date ? d.date : "(none)");
            snprintf(r->title[r->n], 32, "%s", d.title ? d.title : "(none)");
            r->line[r->n] = d.line;
            r->latin1[r->n] = d.latin1;
        }
        r->n++;
    }
    r->n_skipped = eg_input_n_skipped(in);
    eg_record_scratch_free(scratch);
    eg_input_free(in);
}

/* Reads path both ways into r: the documents, warnings, counts and end are the same. */
static void read_all(const char *path, eg_input_options opts, run *r)
{
    run *other = malloc(sizeof *other);
    read_run(path, opts, r, false);
    read_run(path, opts, other, true);
    CHECK(memcmp(r->id, other->id, sizeof r->id) == 0);
    CHECK(memcmp(r->text, other->text, sizeof r->text) == 0);
    CHECK(memcmp(r->date, other->date, sizeof r->date) == 0);
    CHECK(memcmp(r->title, other->title, sizeof r->title) == 0);
    CHECK(memcmp(r->line, other->line, sizeof r->line) == 0);
    CHECK(memcmp(r->latin1, other->latin1, sizeof r->latin1) == 0);
    CHECK_INT(other->n, r->n);
    CHECK_INT(other->end, r->end);
    CHECK_INT(other->n_skipped, r->n_skipped);
    CHECK_INT(other->ws.n, r->ws.n);
    for (size_t i = 0; i < r->ws.n && i < other->ws.n && i < 8; i++) {
        CHECK_STR(other->ws.text[i], r->ws.text[i]);
        CHECK_INT(other->ws.status[i], r->ws.status[i]);
    }
    if (r->end != EG_DONE)
        CHECK_STR(other->err.message, r->err.message);
    free(other);
}

static void test_quoting(void)
{
    run r;
    const char *p = FIXTURE("a.csv", "\xEF\xBB\xBFid,text,date\r\n"
                                     "1,plain,2025-01-02\r\n"
                                     "2,\"with, comma and \"\"quotes\"\"\",\r\n"
                                     "\r\n"
                                     ",\"two\r\nlines\",\n"
                                     "4,last");
    eg_input_options o = {0};
    read_all(p, o, &r);
    CHECK_INT(r.end, EG_DONE);
    CHECK_INT(r.n, 3);
    CHECK_INT(r.ws.n, 1); /* the last row has 2 fields */
    CHECK_STR(r.id[0], "1");
    CHECK_STR(r.text[0], "plain");
    CHECK_STR(r.date[0], "2025-01-02");
    CHECK_STR(r.title[0], "(none)"); /* no title column */
    CHECK_INT(r.line[0], 2);
    CHECK_STR(r.text[1], "with, comma and \"quotes\"");
    CHECK_STR(r.date[1], "(none)"); /* empty: absent */
    CHECK_STR(r.text[2], "two\r\nlines"); /* line ends inside quotes are kept as they are */
    char want[128];
    snprintf(want, sizeof want, "%s:5", p); /* empty id: FILE:LINE of the record's first line */
    CHECK_STR(r.id[2], want);
    CHECK_INT(r.line[2], 5);
    CHECK(strstr(r.ws.text[0], "a.csv:7:") != NULL);
    CHECK(strstr(r.ws.text[0], "record has 2 fields, the header has 3") != NULL);
    CHECK_INT(r.n_skipped, 1);
}

static void test_malformed(void)
{
    run r;
    eg_input_options o = {0};
    const char *p = FIXTURE("b.csv", "text,id\n"
                                     "ok,1\n"
                                     "\"bad\"x,2\n"
                                     "too,many,3\n"
                                     "fine,4\n"
                                     "\"open,5\nand on\n");
    read_all(p, o, &r);
    CHECK_INT(r.end, EG_DONE);
    CHECK_INT(r.n, 2);
    CHECK_STR(r.id[0], "1");
    CHECK_STR(r.id[1], "4");
    CHECK_INT(r.n_skipped, 3);
    CHECK_INT(r.ws.n, 3);
    CHECK(strstr(r.ws.text[0], "b.csv:3:6:") && strstr(r.ws.text[0], "after a closing quote"));
    CHECK(strstr(r.ws.text[1], "b.csv:4:10:") && strstr(r.ws.text[1], "3 fields, the header has 2"));
    CHECK(strstr(r.ws.text[2], "b.csv:6:1:") && strstr(r.ws.text[2], "not closed"));

    /* --strict: the first malformed record is an error. */
    o.strict = true;
    read_all(p, o, &r);
    CHECK_INT(r.n, 1);
    CHECK_INT(r.end, EG_ERR_PARSE);
    CHECK_INT(r.err.line, 3);
    CHECK_INT(r.err.column, 6);
    CHECK_INT(r.ws.n, 0);
}

static void test_header(void)
{
    run r;
    eg_input_options o = {0};
    const char *p = FIXTURE("c.csv", "body,id\nhello,1\n");
    read_all(p, o, &r);
    CHECK_INT(r.end, EG_DONE);
    CHECK_INT(r.n, 0);
    CHECK_INT(r.ws.n, 1);
    CHECK(strstr(r.ws.text[0], "c.csv:1:1:") && strstr(r.ws.text[0], "no \"text\" column"));
    o.text_field = "body";
    o.id_field = "id";
    read_all(p, o, &r);
    CHECK_INT(r.n, 1);
    CHECK_STR(r.text[0], "hello");
    CHECK_STR(r.id[0], "1");
    /* --csv reads any file (but *.jsonl) as CSV; an empty file has no documents. */
    o.csv = true;
    read_all(FIXTURE("d.txt", "body\nx\n"), o, &r);
    CHECK_INT(r.n, 1);
    CHECK_STR(r.text[0], "x");
    read_all(FIXTURE("e.csv", ""), o, &r);
    CHECK_INT(r.end, EG_DONE);
    CHECK_INT(r.n, 0);
    CHECK_INT(r.ws.n, 0);
}

static void test_reader_positions(void)
{
    eg_csv *c = NULL;
    eg_error err;
    CHECK_INT(eg_csv_new(&c, &err), EG_OK);
    FILE *fp = fopen(FIXTURE("f.csv", "a,\"b\nc\",d\n\xC3\xA9,x\n"), "rb");
    eg_csv_reset(c, fp, "f.csv");
    CHECK_INT(eg_csv_next(c, &err), EG_OK);
    CHECK_INT(eg_csv_n_fields(c), 3);
    size_t len;
    CHECK_STR(eg_csv_field(c, 1, &len), "b\nc");
    CHECK_INT(len, 3);
    CHECK(eg_csv_field_quoted(c, 1));
    eg_csv_pos p = eg_csv_field_pos(c, 2);
    CHECK_INT(p.line, 2);
    CHECK_INT(p.column, 4);
    CHECK_INT(p.offset, 8);
    CHECK_INT(eg_csv_next(c, &err), EG_OK);
    p = eg_csv_field_pos(c, 1);
    CHECK_INT(p.column, 3); /* é is one character, two bytes */
    CHECK_INT(p.offset, 13);
    CHECK_INT(eg_csv_next(c, &err), EG_DONE);
    fclose(fp);
    eg_csv_free(c);
}

static void test_latin1(void)
{
    char *buf = NULL;
    size_t cap = 0, n = 0;
    CHECK_INT(eg_latin1_decode("S\xE3o x", 6, &buf, &cap, &n), EG_OK);
    CHECK_STR(buf, "S\xC3\xA3o x");
    CHECK_INT(n, 7);
    eg_latin1_map m;
    CHECK_INT(eg_latin1_map_init(&m, buf, n, NULL), EG_OK);
    CHECK_INT(eg_latin1_map_orig(&m, 0), 0);
    CHECK_INT(eg_latin1_map_orig(&m, 3), 2);
    CHECK_INT(eg_latin1_map_orig(&m, 6), 5);
    CHECK_INT(eg_latin1_map_orig(&m, 7), 6);
    eg_latin1_map_destroy(&m);
    /* A long text: the sampled map agrees with a direct count everywhere. */
    char big[1000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i % 3 ? 'a' : 0xE9);
    CHECK_INT(eg_latin1_decode(big, sizeof big, &buf, &cap, &n), EG_OK);
    CHECK_INT(eg_latin1_map_init(&m, buf, n, NULL), EG_OK);
    bool ok = true;
    for (size_t u = 0, chars = 0; u <= n; u++) {
        if (u > 0 && ((unsigned char)buf[u - 1] & 0xC0) != 0x80)
            chars++;
        if ((u == n || ((unsigned char)buf[u] & 0xC0) != 0x80) && eg_latin1_map_orig(&m, u) != chars)
            ok = false;
    }
    CHECK(ok);
    eg_latin1_map_destroy(&m);
    free(buf);
    CHECK_INT(eg_utf8_first_invalid("ab\xC3\xA9", 4), 4);
    CHECK_INT(eg_utf8_first_invalid("ab\xC0\xAF", 4), 2); /* overlong */
    CHECK_INT(eg_utf8_first_invalid("\xED\xA0\x80", 3), 0); /* surrogate */
    /* A bad byte, a valid two-byte character before it and a sequence cut by the end, at every position
     * and length around the eight-byte steps of the ASCII path. */
    char t[40];
    bool all = true;
    for (size_t tn = 0; tn <= sizeof t; tn++) {
        for (size_t bad = 0; bad <= tn; bad++) {
            memset(t, 'a', sizeof t);
            if (bad < tn)
                t[bad] = (char)0xFF;
            size_t want = bad;
            if (bad >= 2 && bad < tn) { /* a valid "é" just before the bad byte */
                t[bad - 2] = (char)0xC3;
                t[bad - 1] = (char)0xA9;
            }
            if (eg_utf8_first_invalid(t, tn) != want)
                all = false;
            if (tn > 0 && bad == tn) { /* no bad byte: a lead byte cut off by the end */
                t[tn - 1] = (char)0xC3;
                if (eg_utf8_first_invalid(t, tn) != tn - 1)
                    all = false;
            }
        }
    }
    CHECK(all);
    eg_encoding e;
    CHECK(eg_encoding_parse("Latin-1", &e) && e == EG_ENCODING_LATIN1);
    CHECK(eg_encoding_parse("utf8", &e) && e == EG_ENCODING_UTF8);
    CHECK(eg_encoding_parse("auto", &e) && e == EG_ENCODING_AUTO);
    CHECK(!eg_encoding_parse("cp1252", &e));
}

static void test_encodings(void)
{
    run r;
    eg_input_options o = {0};
    const char *txt = FIXTURE("l.txt", "Caf\xE9 line\nsecond \xFF");
    read_all(txt, o, &r); /* auto: Latin-1 with a warning */
    CHECK_INT(r.n, 1);
    CHECK_STR(r.text[0], "Caf\xC3\xA9 line\nsecond \xC3\xBF");
    CHECK(r.latin1[0]);
    CHECK_INT(r.ws.n, 1);
    CHECK(strstr(r.ws.text[0], "l.txt: ") && strstr(r.ws.text[0], "offset 3): read as Latin-1"));
    CHECK_INT(r.n_skipped, 0);
    o.encoding = EG_ENCODING_UTF8; /* bytes kept: the pipeline reads them as U+FFFD and warns */
    read_all(txt, o, &r);
    CHECK_STR(r.text[0], "Caf\xE9 line\nsecond \xFF");
    CHECK(!r.latin1[0]);
    CHECK_INT(r.ws.n, 0);
    o.encoding = EG_ENCODING_LATIN1; /* always Latin-1, no warning */
    read_all(FIXTURE("u.txt", "na\xC3\xAFve"), o, &r);
    CHECK_STR(r.text[0], "na\xC3\x83\xC2\xAFve");
    CHECK(r.latin1[0]);
    CHECK_INT(r.ws.n, 0);
    o.encoding = EG_ENCODING_AUTO;
    o.strict = true; /* rejected, with the position of the first bad byte */
    read_all(txt, o, &r);
    CHECK_INT(r.n, 0);
    CHECK_INT(r.end, EG_ERR_UTF8);
    CHECK_INT(r.err.line, 1);
    CHECK_INT(r.err.column, 4);
    CHECK_INT(r.err.offset, 3);
    read_all(FIXTURE("ok.txt", "Caf\xC3\xA9"), o, &r); /* valid UTF-8 passes --strict */
    CHECK_INT(r.n, 1);
    CHECK(!r.latin1[0]);

    /* JSONL: the line is decoded before parsing; per-record warning. */
    o.strict = false;
    const char *jl = FIXTURE("l.jsonl", "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"S\xE3o\"}\n");
    read_all(jl, o, &r);
    CHECK_INT(r.n, 2);
    CHECK(!r.latin1[0]);
    CHECK(r.latin1[1]);
    CHECK_STR(r.text[1], "S\xC3\xA3o");
    CHECK_INT(r.ws.n, 1);
    CHECK(strstr(r.ws.text[0], "l.jsonl:2: ") && strstr(r.ws.text[0], "record b is not UTF-8 (first bad byte at "
                                                                       "offset 42)"));
    o.encoding = EG_ENCODING_UTF8;
    read_all(jl, o, &r);
    CHECK_INT(r.n, 2);
    CHECK_STR(r.text[1], "S\xEF\xBF\xBDo");
    CHECK(strstr(r.ws.text[0], "read as U+FFFD") != NULL);
    o.encoding = EG_ENCODING_AUTO;
    o.strict = true;
    read_all(jl, o, &r);
    CHECK_INT(r.n, 1);
    CHECK_INT(r.end, EG_ERR_UTF8);
    CHECK_INT(r.err.line, 2);
    CHECK_INT(r.err.column, 20);
    CHECK_INT(r.err.offset, 42);

    /* CSV: one decision per record, all its fields. */
    o.strict = false;
    const char *cv = FIXTURE("l.csv", "id,text,title\nJos\xE9,\"caf\xE9\",T\xEDtulo\nx,fine,\n");
    read_all(cv, o, &r);
    CHECK_INT(r.n, 2);
    CHECK_STR(r.id[0], "Jos\xC3\xA9");
    CHECK_STR(r.text[0], "caf\xC3\xA9");
    CHECK_STR(r.title[0], "T\xC3\xADtulo");
    CHECK(r.latin1[0] && !r.latin1[1]);
    CHECK_INT(r.ws.n, 1);
    o.strict = true;
    read_all(cv, o, &r);
    CHECK_INT(r.end, EG_ERR_UTF8);
    CHECK_INT(r.err.line, 2);
    CHECK_INT(r.err.column, 10); /* the text field is checked first: \xE9 after "caf */
    CHECK_INT(r.err.offset, 23);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/eg-csv-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_quoting();
    test_malformed();
    test_header();
    test_reader_positions();
    test_latin1();
    test_encodings();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    TEST_END();
}
