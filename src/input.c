/*
 * input: an iterator over the documents of a list of inputs (files, directories, JSONL, stdin).
 *
 * State: the list of input paths; when a directory is reached, the sorted list of the regular files below
 * it (input_dir.c); at most one open source (a JSONL file being streamed). A text file is read whole into
 * the line buffer and handed out at once; a JSONL file is read through the same buffer one line at a time,
 * so memory is bounded by the longest line, not the file. A JSONL line is parsed by input_record.c into a
 * scratch that keeps the record the document points into until the next call; eg_input_next_unparsed
 * hands the line over instead, for eg_input_parse on another thread. Invariants: the document handed out
 * never points into memory that the next eg_input_next has not yet been asked to release; every FILE
 * opened here is closed by close_source or eg_input_free; stdin is never closed.
 */
#include "input.h"

#include "encoding.h"
#include "error.h"
#include "input_csv.h"
#include "input_dir.h"
#include "input_record.h"

#include <errno.h>
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
    eg_record_scratch *scratch; /* what the current JSONL document points into */
    char *id_buf;       /* default ids "PATH:LINE" of CSV records */
    size_t id_cap;
    eg_warner w;        /* warnings of the records read here, the records skipped, the --strict failure */
    size_t n_bytes;
    size_t n_skipped_parsed, n_bytes_parsed; /* of the lines parsed elsewhere (eg_input_report) */
    eg_csv *csv;          /* the CSV reader (made when the first CSV file is reached) */
    bool in_csv;          /* fp is a CSV source */
    size_t csv_col[4];    /* header columns of the text, id, date, title fields (NO_COL: absent) */
    size_t csv_n_cols;    /* fields in the header */
    char *dec[4];         /* decoded text, id, date, title of the current document */
    size_t dec_cap[4];
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

/* Reports a skipped record through the callback and counts it; with --strict, keeps it as the pending
 * error that the record loop returns instead. */
#define skip_record(in, line, column, offset, ...)                                                          \
    eg_warner_skip(&(in)->w, (in)->src_path, line, column, offset, __VA_ARGS__)

/* A warning that skips nothing (text read as Latin-1). */
#define note_record(in, line, ...) eg_warner_notice(&(in)->w, (in)->src_path, line, __VA_ARGS__)

/* Returns the pending --strict error, if any, into err. */
static eg_status take_failure(eg_input *in, eg_error *err)
{
    return eg_warner_take_failure(&in->w, err);
}

/* ---- encodings ---------------------------------------------------------------------------------- */

static int choose_decoding(const eg_input *in, const char *s, size_t len, size_t *bad)
{
    return eg_record_choose_decoding(&in->opts, s, len, bad);
}

static eg_status not_utf8(eg_input *in, size_t line, size_t col, size_t offset, eg_error *err)
{
    return eg_record_not_utf8(in->src_path, line, col, offset, err);
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

/* The next line of the open JSONL source that is not blank: EG_OK with *line, *len and *off (its file
 * offset), in->line_no its number; EG_DONE at the end of the file; or an error. */
static eg_status next_line(eg_input *in, char **line, size_t *len, size_t *off, eg_error *err)
{
    for (;;) {
        eg_status st = reader_line(&in->rd, in->fp, line, len, off);
        if (st == EG_ERR_IO)
            return eg_error_io(err, in->src_path, "cannot read", errno);
        if (st == EG_ERR_NOMEM)
            return eg_error_nomem(err);
        if (st)
            return st;
        in->line_no++;
        if (!eg_record_blank(*line, *len))
            return EG_OK;
    }
}

/* The next well-formed record of the open JSONL source. */
static eg_status next_record(eg_input *in, eg_document *doc, eg_error *err)
{
    if (!in->scratch && eg_record_scratch_new(&in->scratch, err))
        return EG_ERR_NOMEM;
    for (;;) {
        char *line;
        size_t len, off;
        eg_status st = next_line(in, &line, &len, &off, err);
        if (st != EG_OK)
            return st;
        st = eg_record_parse(&in->opts, in->scratch, &in->w, in->src_path, in->line_no, off, line, len, doc, err);
        if (st != EG_DONE) /* EG_DONE: a malformed record, skipped */
            return st;
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
        skip_record(in, e.line, e.column, e.offset, "malformed CSV header, file skipped: %s", e.message);
        return take_failure(in, err) != EG_OK ? in->w.failure.status : EG_DONE;
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
        skip_record(in, p.line, p.column, p.offset, "CSV header has no \"%s\" column (--text-field), file skipped",
             names[0]);
        return take_failure(in, err) != EG_OK ? in->w.failure.status : EG_DONE;
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
    eg_record_advance_pos(s, i, &p.line, &p.column);
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
            skip_record(in, e.line, e.column, e.offset, "%s", e.message);
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
            skip_record(in, p.line, p.column, p.offset, "record has %zu field%s, the header has %zu", n, n == 1 ? "" : "s",
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
            note_record(in, start.line, "record %.60s is not UTF-8 (first bad byte at offset %zu): read as Latin-1",
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

/* Frees *buf when it is larger than EG_INPUT_KEEP_BYTES (smaller ones serve the next file). */
static void give_back_huge(char **buf, size_t *cap)
{
    if (*cap > EG_INPUT_KEEP_BYTES) {
        free(*buf);
        *buf = NULL;
        *cap = 0;
    }
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
    give_back_huge(&in->rd.buf, &in->rd.cap); /* the buffer of an earlier huge file */
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
        eg_record_advance_pos(doc->text, bad, &line, &col);
        return not_utf8(in, line, col, bom + bad, err);
    }
    if (how > 0) {
        if ((st = decode_into(in, 0, doc->text, doc->len, &doc->text, &doc->len, err)))
            return st;
        doc->latin1 = true;
        if (in->opts.encoding == EG_ENCODING_AUTO)
            note_record(in, EG_NO_POS, "not UTF-8 (first bad byte at offset %zu): read as Latin-1", bom + bad);
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
    in->w = (eg_warner){.warn = in->opts.warn, .warn_ctx = in->opts.warn_ctx, .strict = in->opts.strict};
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

/* The next document, or with unparsed the next JSONL line left unparsed (eg_input_next_unparsed). */
static eg_status next_document(eg_input *in, bool unparsed, eg_document *doc, eg_error *err)
{
    memset(doc, 0, sizeof *doc);
    for (;;) {
        eg_status st;
        if (in->fp) {
            if (in->in_csv) {
                st = next_csv_record(in, doc, err);
            } else if (unparsed) {
                char *line;
                size_t len, off;
                if ((st = next_line(in, &line, &len, &off, err)) == EG_OK)
                    *doc = (eg_document){.text = line, .len = len, .path = in->src_path, .line = in->line_no,
                                         .unparsed = true, .offset = off};
            } else {
                st = next_record(in, doc, err);
            }
            if (st == EG_OK) {
                if (!doc->unparsed)
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

eg_status eg_input_next(eg_input *in, eg_document *doc, eg_error *err)
{
    return next_document(in, false, doc, err);
}

eg_status eg_input_next_unparsed(eg_input *in, eg_document *doc, eg_error *err)
{
    return next_document(in, true, doc, err);
}

eg_status eg_input_parse(const eg_input *in, eg_record_scratch *s, eg_document *doc, eg_warn_fn warn,
                         void *warn_ctx, eg_error *err)
{
    eg_warner w = {.warn = warn, .warn_ctx = warn_ctx, .strict = in->opts.strict};
    eg_document line = *doc;
    return eg_record_parse(&in->opts, s, &w, line.path, line.line, line.offset, line.text, line.len, doc, err);
}

void eg_input_redirect_warnings(eg_input *in, eg_warn_fn warn, void *warn_ctx)
{
    in->w.warn = warn ? warn : in->opts.warn;
    in->w.warn_ctx = warn ? warn_ctx : in->opts.warn_ctx;
}

void eg_input_report_warnings(eg_input *in, const eg_error *warnings, size_t n_warnings)
{
    for (size_t i = 0; i < n_warnings; i++)
        if (in->opts.warn)
            in->opts.warn(in->opts.warn_ctx, &warnings[i]);
}

void eg_input_report(eg_input *in, const eg_error *warnings, size_t n_warnings, const eg_document *doc)
{
    eg_input_report_warnings(in, warnings, n_warnings);
    if (doc)
        in->n_bytes_parsed += doc->len;
    else
        in->n_skipped_parsed++;
}

void eg_input_release_document(eg_input *in)
{
    if (in->fp) /* a JSONL or CSV source: its buffer holds the lines to come */
        return;
    reader_reset(&in->rd);
    give_back_huge(&in->rd.buf, &in->rd.cap);
    give_back_huge(&in->dec[0], &in->dec_cap[0]); /* a text file's Latin-1 decoding */
}

size_t eg_input_buffer_bytes(const eg_input *in)
{
    size_t n = in->rd.cap;
    for (int k = 0; k < 4; k++)
        n += in->dec_cap[k];
    return n;
}

size_t eg_input_n_skipped(const eg_input *in)
{
    return in->w.n_skipped + in->n_skipped_parsed;
}

size_t eg_input_n_bytes(const eg_input *in)
{
    return in->n_bytes + in->n_bytes_parsed;
}

void eg_input_free(eg_input *in)
{
    if (!in)
        return;
    close_source(in);
    eg_record_scratch_free(in->scratch);
    for (int k = 0; k < 4; k++)
        free(in->names[k]);
    eg_free_strings(in->paths, in->n_paths);
    eg_free_strings(in->files, in->n_files);
    free(in->rd.buf);
    free(in->id_buf);
    eg_csv_free(in->csv);
    for (int k = 0; k < 4; k++)
        free(in->dec[k]);
    free(in);
}
