/*
 * input: an iterator over the documents of a list of inputs (files, directories, JSONL, stdin).
 *
 * State: the list of input paths; when a directory is reached, the sorted list of the regular files below
 * it (input_dir.c); at most one open source (a JSONL file being streamed). A text file is read whole into the line
 * buffer and handed out at once; a JSONL file is read through the same buffer one line at a time, so
 * memory is bounded by the longest line, not the file. The current JSON record (whose strings the
 * document points into) is kept until the next call. Invariants: the document handed out never points
 * into memory that the next eg_input_next has not yet been asked to release; every FILE opened here is
 * closed by close_source or eg_input_free; stdin is never closed.
 */
#include "input.h"

#include "encoding.h"
#include "error.h"
#include "evstore.h"
#include "input_csv.h"
#include "input_dir.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define READ_CHUNK ((size_t)64 * 1024)

static const char BOM[3] = {'\xEF', '\xBB', '\xBF'};

/* A growing read buffer: bytes [start, end) are read but not yet consumed; [start, scan) holds no '\n'. */
typedef struct reader {
    char *buf;
    size_t cap, start, end, scan;
    size_t offset; /* file offset of buf[0] */
    bool eof;
} reader;

struct eg_input {
    eg_input_options opts; /* field names point into names */
    char *names[4];        /* text, id, date, title field names (copies) */
    char **paths;          /* the inputs as given */
    size_t n_paths, i_path;
    char **files; /* regular files of the directory being read, sorted */
    size_t n_files, i_file;
    FILE *fp;             /* the open JSONL source, or NULL */
    const char *src_path; /* its path (points into paths or files) */
    size_t line_no;       /* last line read from fp */
    reader rd;
    json_t *record;     /* the record the current document points into */
    char *id_buf;       /* default ids "PATH:LINE" */
    size_t id_cap;
    char scalar[3][64]; /* numbers and booleans of id, date, title as text */
    size_t n_skipped, n_bytes;
    eg_csv *csv;          /* the CSV reader (made when the first CSV file is reached) */
    bool in_csv;          /* fp is a CSV source */
    size_t csv_col[4];    /* header columns of the text, id, date, title fields (NO_COL: absent) */
    size_t csv_n_cols;    /* fields in the header */
    char *dec[4];         /* decoded text, id, date, title of the current document */
    size_t dec_cap[4];
    char *fixed;          /* a JSONL line with invalid UTF-8 replaced (--encoding utf-8) */
    bool failed;          /* --strict: a malformed record is pending as an error */
    eg_error failure;
};

#define NO_COL ((size_t)-1)

/* ---- small helpers ------------------------------------------------------------------------------ */

static bool has_suffix_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

static bool is_stdin(const char *path)
{
    return strcmp(path, "-") == 0;
}

static bool is_csv(const eg_input *in, const char *path)
{
    if (is_stdin(path))
        return in->opts.csv;
    return !has_suffix_ci(path, ".jsonl") && (in->opts.csv || has_suffix_ci(path, ".csv"));
}

static bool is_jsonl(const eg_input *in, const char *path)
{
    return is_stdin(path) ? in->opts.stdin_jsonl && !in->opts.csv : has_suffix_ci(path, ".jsonl");
}

static void warn(eg_input *in, size_t line, size_t column, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Reports a skipped record through the callback and counts it; with --strict, keeps it as the pending
 * error (in->failed) that the record loop returns instead. */
static void warn(eg_input *in, size_t line, size_t column, size_t offset, const char *fmt, ...)
{
    eg_error w;
    char msg[sizeof w.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    eg_error_set(&w, EG_ERR_PARSE, in->src_path, line, column, offset, "%s", msg);
    if (in->opts.strict) {
        in->failed = true;
        in->failure = w;
        return;
    }
    in->n_skipped++;
    if (in->opts.warn)
        in->opts.warn(in->opts.warn_ctx, &w);
}

/* Returns the pending --strict error, if any, into err. */
static eg_status take_failure(eg_input *in, eg_error *err)
{
    if (!in->failed)
        return EG_OK;
    in->failed = false;
    if (err)
        *err = in->failure;
    return in->failure.status;
}

/* A warning that skips nothing (text read as Latin-1). */
static void notice(eg_input *in, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void notice(eg_input *in, size_t line, const char *fmt, ...)
{
    if (!in->opts.warn)
        return;
    eg_error w;
    char msg[sizeof w.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    eg_error_set(&w, EG_ERR_UTF8, in->src_path, line, EG_NO_POS, EG_NO_POS, "%s", msg);
    in->opts.warn(in->opts.warn_ctx, &w);
}

/* ---- encodings ---------------------------------------------------------------------------------- */

/* How to read s[0..len): 0 as it is, 1 decoded from Latin-1, -1 rejected (--strict). *bad gets the offset
 * of the first byte that is not UTF-8 (len when none). */
static int choose_decoding(const eg_input *in, const char *s, size_t len, size_t *bad)
{
    *bad = eg_utf8_first_invalid(s, len);
    if (in->opts.encoding == EG_ENCODING_LATIN1) {
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)s[i] >= 0x80)
                return 1;
        return 0; /* ASCII reads the same either way: no offset map needed */
    }
    if (*bad == len)
        return 0;
    if (in->opts.strict)
        return -1;
    return in->opts.encoding == EG_ENCODING_AUTO ? 1 : 0;
}

/* Line (1-based, from *line) and column (1-based characters, from *col on the first line) just before
 * s[n]. */
static void advance_pos(const char *s, size_t n, size_t *line, size_t *col)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

static eg_status not_utf8(eg_input *in, size_t line, size_t col, size_t offset, eg_error *err)
{
    return eg_error_set(err, EG_ERR_UTF8, in->src_path, line, col, offset,
                        "text is not valid UTF-8 (--strict; --encoding latin-1 reads it as Latin-1)");
}

/* Decodes s[0..len) from Latin-1 into in->dec[k]. */
static eg_status decode_into(eg_input *in, int k, const char *s, size_t len, const char **out, size_t *out_len,
                             eg_error *err)
{
    size_t n;
    if (eg_latin1_decode(s, len, &in->dec[k], &in->dec_cap[k], &n))
        return eg_error_nomem(err);
    *out = in->dec[k];
    if (out_len)
        *out_len = n;
    return EG_OK;
}

/* ---- reading ------------------------------------------------------------------------------------ */

static void reader_reset(reader *r)
{
    r->start = r->end = r->scan = r->offset = 0;
    r->eof = false;
}

/* Reads more bytes into r, moving unconsumed bytes to the front and growing the buffer when full. */
static eg_status reader_fill(reader *r, FILE *fp)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->offset += r->start;
        r->end -= r->start;
        r->scan -= r->start;
        r->start = 0;
    }
    if (r->cap - r->end < READ_CHUNK / 2 &&
        eg_grow((void **)&r->buf, &r->cap, r->end + READ_CHUNK, 1) != EG_OK)
        return EG_ERR_NOMEM;
    size_t got = fread(r->buf + r->end, 1, r->cap - r->end, fp);
    r->end += got;
    if (got == 0) {
        if (ferror(fp))
            return EG_ERR_IO;
        r->eof = true;
    }
    return EG_OK;
}

/* The next line without its '\n': *line points into r and stays valid until the next call; *offset is
 * its file offset. Returns EG_OK, EG_DONE at the end of the file, EG_ERR_IO or EG_ERR_NOMEM.
 * Time: amortised O(line length): each byte is scanned for '\n' once. */
static eg_status reader_line(reader *r, FILE *fp, char **line, size_t *len, size_t *offset)
{
    for (;;) {
        char *nl = r->buf ? memchr(r->buf + r->scan, '\n', r->end - r->scan) : NULL;
        if (nl || (r->eof && r->start < r->end)) {
            size_t stop = nl ? (size_t)(nl - r->buf) : r->end;
            *line = r->buf + r->start;
            *len = stop - r->start;
            *offset = r->offset + r->start;
            r->start = r->scan = nl ? stop + 1 : stop;
            return EG_OK;
        }
        if (r->eof)
            return EG_DONE;
        r->scan = r->end;
        eg_status st = reader_fill(r, fp);
        if (st)
            return st;
    }
}

/* Reads all of fp into r->buf[0..r->end). */
static eg_status reader_all(reader *r, FILE *fp)
{
    eg_status st = EG_OK;
    while (!r->eof && (st = reader_fill(r, fp)) == EG_OK)
        ;
    return st;
}

/* ---- directories -------------------------------------------------------------------------------- */

/* Replaces in->files by the sorted regular files below dir. */
static eg_status list_dir(eg_input *in, const char *dir, const struct stat *ds, eg_error *err)
{
    char **files = NULL;
    size_t n = 0;
    eg_status st = eg_dir_files(dir, ds, &files, &n, err);
    if (st)
        return st;
    eg_free_strings(in->files, in->n_files);
    in->files = files;
    in->n_files = n;
    in->i_file = 0;
    return EG_OK;
}

/* ---- JSONL records ------------------------------------------------------------------------------ */

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "unknown";
}

/* The optional field as text: a string as is, a number or boolean as its JSON text (in buf), absent or
 * null as NULL. Returns false for an array or object. */
static bool scalar_field(const json_t *obj, const char *name, char buf[64], const char **out)
{
    const json_t *v = json_object_get(obj, name);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (json_is_string(v))
        *out = json_string_value(v);
    else if (json_is_integer(v))
        snprintf(buf, 64, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, 64, "%.17g", json_real_value(v));
    else if (json_is_boolean(v))
        snprintf(buf, 64, "%s", json_is_true(v) ? "true" : "false");
    else
        return false;
    if (!*out)
        *out = buf;
    return true;
}

static bool is_blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return false;
    return true;
}

/* Checks one parsed record and fills doc from it; on a malformed record warns and returns false. */
static bool record_to_doc(eg_input *in, json_t *v, size_t col0, size_t off, eg_document *doc)
{
    const char *tf = in->opts.text_field;
    if (!json_is_object(v)) {
        warn(in, in->line_no, col0, off, "record is %s, not a JSON object", json_type_name(v));
        return false;
    }
    const json_t *text = json_object_get(v, tf);
    if (!text) {
        warn(in, in->line_no, col0, off, "record has no \"%s\" field", tf);
        return false;
    }
    if (!json_is_string(text)) {
        warn(in, in->line_no, col0, off, "field \"%s\" is %s, not a string", tf, json_type_name(text));
        return false;
    }
    const char *names[3] = {in->opts.id_field, in->opts.date_field, in->opts.title_field};
    const char *vals[3];
    for (int k = 0; k < 3; k++) {
        if (!scalar_field(v, names[k], in->scalar[k], &vals[k])) {
            warn(in, in->line_no, col0, off, "field \"%s\" is %s, not a string or number", names[k],
                 json_type_name(json_object_get(v, names[k])));
            return false;
        }
    }
    doc->text = json_string_value(text);
    doc->len = json_string_length(text);
    doc->id = vals[0];
    doc->date = vals[1];
    doc->title = vals[2];
    return true;
}

/* The next well-formed record of the open JSONL source. */
static eg_status next_record(eg_input *in, eg_document *doc, eg_error *err)
{
    for (;;) {
        eg_status fs = take_failure(in, err);
        if (fs)
            return fs;
        char *line;
        size_t len, off;
        eg_status st = reader_line(&in->rd, in->fp, &line, &len, &off);
        if (st == EG_ERR_IO)
            return eg_error_io(err, in->src_path, "cannot read", errno);
        if (st == EG_ERR_NOMEM)
            return eg_error_nomem(err);
        if (st)
            return st;
        in->line_no++;
        size_t bom = len >= 3 && memcmp(line, BOM, 3) == 0 ? 3 : 0;
        if (is_blank(line + bom, len - bom))
            continue;
        /* Columns count characters from 1; the BOM, when present, is the first character. */
        size_t col0 = bom ? 2 : 1;
        /* JSON must be UTF-8: a line that is not is decoded first (its text then maps back through
         * doc->latin1), replaced (--encoding utf-8) or rejected (--strict). */
        const char *src = line + bom;
        size_t n_src = len - bom, bad;
        int how = choose_decoding(in, src, n_src, &bad);
        size_t n_fixed = 0;
        if (how < 0) {
            size_t l = in->line_no, col = col0;
            advance_pos(src, bad, &l, &col);
            return not_utf8(in, l, col, off + bom + bad, err);
        }
        if (how > 0 && (st = decode_into(in, 0, src, n_src, &src, &n_src, err)))
            return st;
        if (how == 0 && bad < n_src) {
            free(in->fixed);
            in->fixed = NULL;
            if ((st = eg_utf8_sanitize(src, n_src, &in->fixed, &n_fixed, err)))
                return st;
            src = in->fixed;
            n_src = n_fixed;
        }
        json_error_t je;
        json_t *v = json_loadb(src, n_src, JSON_ALLOW_NUL, &je);
        if (!v) {
            size_t col = je.column > 0 ? (size_t)je.column + col0 - 1 : col0;
            warn(in, in->line_no, col, off + bom + (je.position > 0 ? (size_t)je.position : 0),
                 "invalid JSON: %s", je.text);
            continue;
        }
        if (!record_to_doc(in, v, col0, off, doc)) {
            json_decref(v);
            continue;
        }
        in->record = v;
        if (!doc->id) {
            size_t need = strlen(in->src_path) + 32;
            if (eg_grow((void **)&in->id_buf, &in->id_cap, need, 1))
                return eg_error_nomem(err);
            snprintf(in->id_buf, in->id_cap, "%s:%zu", in->src_path, in->line_no);
            doc->id = in->id_buf;
        }
        doc->path = in->src_path;
        doc->line = in->line_no;
        doc->latin1 = how > 0;
        if (how > 0 && in->opts.encoding == EG_ENCODING_AUTO)
            notice(in, in->line_no, "record %.60s is not UTF-8 (first bad byte at offset %zu): read as Latin-1",
                   doc->id, off + bom + bad);
        else if (n_fixed)
            notice(in, in->line_no, "record %.60s is not UTF-8 (first bad byte at offset %zu): bad bytes "
                   "read as U+FFFD", doc->id, off + bom + bad);
        return EG_OK;
    }
}

/* ---- CSV records -------------------------------------------------------------------------------- */

/* Reads the header of the CSV file just opened and finds the field columns. Returns EG_OK with the source
 * ready (in->in_csv), EG_DONE when the file is skipped (empty, or a malformed header: warned), or an
 * error. */
static eg_status csv_header(eg_input *in, eg_error *err)
{
    eg_error e;
    eg_status st = eg_csv_next(in->csv, &e);
    if (st == EG_DONE)
        return EG_DONE;
    if (st == EG_ERR_PARSE) {
        warn(in, e.line, e.column, e.offset, "malformed CSV header, file skipped: %s", e.message);
        return take_failure(in, err) ? in->failure.status : EG_DONE;
    }
    if (st) {
        if (err)
            *err = e;
        return st;
    }
    const char *names[4] = {in->opts.text_field, in->opts.id_field, in->opts.date_field, in->opts.title_field};
    in->csv_n_cols = eg_csv_n_fields(in->csv);
    for (int k = 0; k < 4; k++) {
        in->csv_col[k] = NO_COL;
        for (size_t i = 0; i < in->csv_n_cols && in->csv_col[k] == NO_COL; i++)
            if (strcmp(eg_csv_field(in->csv, i, NULL), names[k]) == 0)
                in->csv_col[k] = i;
    }
    if (in->csv_col[0] == NO_COL) {
        eg_csv_pos p = eg_csv_field_pos(in->csv, 0);
        warn(in, p.line, p.column, p.offset, "CSV header has no \"%s\" column (--text-field), file skipped",
             names[0]);
        return take_failure(in, err) ? in->failure.status : EG_DONE;
    }
    return EG_OK;
}

/* The position in the file of byte i of CSV field f's content. */
static eg_csv_pos csv_byte_pos(const eg_input *in, size_t f, size_t i)
{
    eg_csv_pos p = eg_csv_field_pos(in->csv, f);
    size_t q = eg_csv_field_quoted(in->csv, f) ? 1 : 0;
    const char *s = eg_csv_field(in->csv, f, NULL);
    p.column += q;
    advance_pos(s, i, &p.line, &p.column);
    p.offset += q + i; /* exact unless a doubled quote comes before byte i */
    return p;
}

/* The next well-formed record of the open CSV source. */
static eg_status next_csv_record(eg_input *in, eg_document *doc, eg_error *err)
{
    for (;;) {
        eg_status st = take_failure(in, err);
        if (st)
            return st;
        eg_error e;
        st = eg_csv_next(in->csv, &e);
        if (st == EG_ERR_PARSE) {
            warn(in, e.line, e.column, e.offset, "%s", e.message);
            continue;
        }
        if (st) {
            if (st != EG_DONE && err)
                *err = e;
            return st;
        }
        size_t n = eg_csv_n_fields(in->csv);
        eg_csv_pos start = eg_csv_field_pos(in->csv, 0);
        in->line_no = start.line;
        if (n != in->csv_n_cols) {
            eg_csv_pos p = n > in->csv_n_cols ? eg_csv_field_pos(in->csv, in->csv_n_cols) : eg_csv_end_pos(in->csv);
            warn(in, p.line, p.column, p.offset, "record has %zu field%s, the header has %zu", n, n == 1 ? "" : "s",
                 in->csv_n_cols);
            continue;
        }
        const char *vals[4];
        size_t lens[4];
        int how = 0;
        size_t bad_field = 0, bad = 0;
        for (int k = 0; k < 4; k++) {
            vals[k] = NULL;
            lens[k] = 0;
            if (in->csv_col[k] == NO_COL)
                continue;
            vals[k] = eg_csv_field(in->csv, in->csv_col[k], &lens[k]);
            if (k > 0 && lens[k] == 0) {
                vals[k] = NULL; /* an empty id, date or title is a missing one */
                continue;
            }
            size_t b;
            int h = choose_decoding(in, vals[k], lens[k], &b);
            if (h < 0) {
                eg_csv_pos p = csv_byte_pos(in, in->csv_col[k], b);
                return not_utf8(in, p.line, p.column, p.offset, err);
            }
            if (h > 0 && how == 0) {
                how = 1;
                bad_field = in->csv_col[k];
                bad = b;
            }
        }
        /* One record, one decision: when any of its fields is not UTF-8, all are read as Latin-1. */
        for (int k = 0; how > 0 && k < 4; k++)
            if (vals[k] && (st = decode_into(in, k, vals[k], lens[k], &vals[k], &lens[k], err)))
                return st;
        doc->text = vals[0];
        doc->len = lens[0];
        doc->id = vals[1];
        doc->date = vals[2];
        doc->title = vals[3];
        if (!doc->id) {
            size_t need = strlen(in->src_path) + 32;
            if (eg_grow((void **)&in->id_buf, &in->id_cap, need, 1))
                return eg_error_nomem(err);
            snprintf(in->id_buf, in->id_cap, "%s:%zu", in->src_path, start.line);
            doc->id = in->id_buf;
        }
        doc->path = in->src_path;
        doc->line = start.line;
        doc->latin1 = how > 0;
        if (how > 0 && in->opts.encoding == EG_ENCODING_AUTO) {
            eg_csv_pos p = csv_byte_pos(in, bad_field, bad);
            notice(in, start.line, "record %.60s is not UTF-8 (first bad byte at offset %zu): read as Latin-1",
                   doc->id, p.offset);
        }
        return EG_OK;
    }
}

/* ---- sources ------------------------------------------------------------------------------------ */

static void close_source(eg_input *in)
{
    if (in->fp && in->fp != stdin)
        fclose(in->fp);
    in->fp = NULL;
    in->in_csv = false;
}

/* Opens path: a JSONL source stays open in in->fp (nothing returned yet: EG_DONE); a text file is read
 * whole and returned as *doc (EG_OK). */
static eg_status open_source(eg_input *in, const char *path, eg_document *doc, eg_error *err)
{
    FILE *fp = is_stdin(path) ? stdin : fopen(path, "rb");
    if (!fp)
        return eg_error_io(err, path, "cannot open", errno);
    in->src_path = path;
    in->line_no = 0;
    reader_reset(&in->rd);
    if (in->rd.cap > ((size_t)16 << 20)) { /* give back the buffer of an earlier huge file */
        free(in->rd.buf);
        in->rd.buf = NULL;
        in->rd.cap = 0;
    }
    if (is_csv(in, path)) {
        eg_status cst = in->csv ? EG_OK : eg_csv_new(&in->csv, err);
        if (cst == EG_OK) {
            eg_csv_reset(in->csv, fp, path);
            cst = csv_header(in, err);
        }
        if (cst == EG_OK) {
            in->fp = fp;
            in->in_csv = true;
            return EG_DONE;
        }
        if (fp != stdin)
            fclose(fp);
        return cst;
    }
    if (is_jsonl(in, path)) {
        in->fp = fp;
        return EG_DONE;
    }
    /* A regular file is read into one buffer of its size (plus the chunk that detects its end), so a huge
     * document is never copied by a growing buffer: peak memory is its size, not twice it. */
    struct stat fst;
    eg_status st = EG_OK;
    if (fstat(fileno(fp), &fst) == 0 && S_ISREG(fst.st_mode) && (uint64_t)fst.st_size < SIZE_MAX / 2 &&
        (size_t)fst.st_size + READ_CHUNK > in->rd.cap) {
        char *b = eg_realloc(in->rd.buf, (size_t)fst.st_size + READ_CHUNK);
        if (b) {
            in->rd.buf = b;
            in->rd.cap = (size_t)fst.st_size + READ_CHUNK;
        } else {
            st = EG_ERR_NOMEM;
        }
    }
    if (st == EG_OK)
        st = reader_all(&in->rd, fp);
    int errnum = errno;
    if (fp != stdin)
        fclose(fp);
    if (st == EG_ERR_IO)
        return eg_error_io(err, path, "cannot read", errnum);
    if (st)
        return eg_error_nomem(err);
    size_t bom = in->rd.end >= 3 && memcmp(in->rd.buf, BOM, 3) == 0 ? 3 : 0;
    memset(doc, 0, sizeof *doc);
    doc->id = doc->path = path;
    doc->text = in->rd.buf ? in->rd.buf + bom : "";
    doc->len = in->rd.end - bom;
    size_t bad;
    int how = choose_decoding(in, doc->text, doc->len, &bad);
    if (how < 0) {
        size_t line = 1, col = bom ? 2 : 1;
        advance_pos(doc->text, bad, &line, &col);
        return not_utf8(in, line, col, bom + bad, err);
    }
    if (how > 0) {
        if ((st = decode_into(in, 0, doc->text, doc->len, &doc->text, &doc->len, err)))
            return st;
        doc->latin1 = true;
        if (in->opts.encoding == EG_ENCODING_AUTO)
            notice(in, EG_NO_POS, "not UTF-8 (first bad byte at offset %zu): read as Latin-1", bom + bad);
    }
    return EG_OK;
}

/* The next file to read: from the directory being listed, else the next input (listing it first when
 * it is a directory). Returns EG_OK with *path, EG_DONE, or an error. */
static eg_status next_path(eg_input *in, const char **path, eg_error *err)
{
    for (;;) {
        if (in->i_file < in->n_files) {
            *path = in->files[in->i_file++];
            return EG_OK;
        }
        if (in->i_path >= in->n_paths)
            return EG_DONE;
        const char *p = in->paths[in->i_path++];
        struct stat sb;
        if (is_stdin(p)) {
            *path = p;
            return EG_OK;
        }
        if (stat(p, &sb) != 0)
            return eg_error_io(err, p, "cannot read", errno);
        if (!S_ISDIR(sb.st_mode)) {
            *path = p;
            return EG_OK;
        }
        eg_status st = list_dir(in, p, &sb, err);
        if (st)
            return st;
    }
}

/* ---- public ------------------------------------------------------------------------------------- */

eg_status eg_input_open(const char *const *paths, size_t n_paths, const eg_input_options *opts,
                        eg_input **out, eg_error *err)
{
    static const char *const defaults[4] = {"text", "id", "date", "title"};
    *out = NULL;
    eg_input *in = eg_calloc(1, sizeof *in);
    if (!in)
        return eg_error_nomem(err);
    if (opts)
        in->opts = *opts;
    const char *given[4] = {in->opts.text_field, in->opts.id_field, in->opts.date_field,
                            in->opts.title_field};
    for (int k = 0; k < 4; k++)
        if (!(in->names[k] = eg_strdup(given[k] ? given[k] : defaults[k])))
            goto nomem;
    in->opts.text_field = in->names[0];
    in->opts.id_field = in->names[1];
    in->opts.date_field = in->names[2];
    in->opts.title_field = in->names[3];
    if (n_paths && !(in->paths = eg_calloc(n_paths, sizeof *in->paths)))
        goto nomem;
    for (; in->n_paths < n_paths; in->n_paths++)
        if (!(in->paths[in->n_paths] = eg_strdup(paths[in->n_paths])))
            goto nomem;
    *out = in;
    return EG_OK;
nomem:
    eg_input_free(in);
    return eg_error_nomem(err);
}

eg_status eg_input_next(eg_input *in, eg_document *doc, eg_error *err)
{
    json_decref(in->record);
    in->record = NULL;
    memset(doc, 0, sizeof *doc);
    for (;;) {
        eg_status st;
        if (in->fp) {
            st = in->in_csv ? next_csv_record(in, doc, err) : next_record(in, doc, err);
            if (st == EG_OK) {
                in->n_bytes += doc->len;
                return EG_OK;
            }
            close_source(in);
            if (st != EG_DONE)
                return st;
        }
        const char *path = NULL;
        if ((st = next_path(in, &path, err)))
            return st;
        st = open_source(in, path, doc, err);
        if (st == EG_OK)
            in->n_bytes += doc->len;
        if (st != EG_DONE)
            return st;
    }
}

size_t eg_input_n_skipped(const eg_input *in)
{
    return in->n_skipped;
}

size_t eg_input_n_bytes(const eg_input *in)
{
    return in->n_bytes;
}

void eg_input_free(eg_input *in)
{
    if (!in)
        return;
    close_source(in);
    json_decref(in->record);
    for (int k = 0; k < 4; k++)
        free(in->names[k]);
    eg_free_strings(in->paths, in->n_paths);
    eg_free_strings(in->files, in->n_files);
    free(in->rd.buf);
    free(in->id_buf);
    eg_csv_free(in->csv);
    for (int k = 0; k < 4; k++)
        free(in->dec[k]);
    free(in->fixed);
    free(in);
}
