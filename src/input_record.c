/*
 * input_record: one JSONL line made a document (input_record.h). A line that is not UTF-8 is decoded
 * from Latin-1, has its bad bytes replaced, or is rejected, before jansson parses it; the document's
 * strings point into the parsed record, which the scratch keeps until its next parse.
 */
#include "input_record.h"

#include "encoding.h"
#include "error.h"
#include "evstore.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char BOM[3] = {'\xEF', '\xBB', '\xBF'};

struct eg_record_scratch {
    json_t *record;     /* the record the document points into */
    char *dec;          /* the line decoded from Latin-1 */
    size_t dec_cap;
    char *fixed;        /* the line with invalid UTF-8 replaced (--encoding utf-8) */
    char *id_buf;       /* the default id "PATH:LINE" */
    size_t id_cap;
    char scalar[3][64]; /* numbers and booleans of id, date, title as text */
};

eg_status eg_record_scratch_new(eg_record_scratch **out, eg_error *err)
{
    if (!(*out = eg_calloc(1, sizeof **out)))
        return eg_error_nomem(err);
    return EG_OK;
}

void eg_record_scratch_free(eg_record_scratch *s)
{
    if (!s)
        return;
    json_decref(s->record);
    free(s->dec);
    free(s->fixed);
    free(s->id_buf);
    free(s);
}

void eg_record_scratch_release(eg_record_scratch *s)
{
    json_decref(s->record);
    s->record = NULL;
}

/* ---- warnings ----------------------------------------------------------------------------------- */

/* The warning of kind at path, line, column and offset, its text made from fmt. */
static void make_warning(eg_error *e, eg_status kind, const char *path, size_t line, size_t column,
                         size_t offset, const char *fmt, va_list ap)
{
    char msg[sizeof e->message];
    vsnprintf(msg, sizeof msg, fmt, ap);
    eg_error_set(e, kind, path, line, column, offset, "%s", msg);
}

void eg_warner_skip(eg_warner *w, const char *path, size_t line, size_t column, size_t offset, const char *fmt,
                    ...)
{
    eg_error e;
    va_list ap;
    va_start(ap, fmt);
    make_warning(&e, EG_ERR_PARSE, path, line, column, offset, fmt, ap);
    va_end(ap);
    if (w->strict) {
        w->failed = true;
        w->failure = e;
        return;
    }
    w->n_skipped++;
    if (w->warn)
        w->warn(w->warn_ctx, &e);
}

void eg_warner_notice(eg_warner *w, const char *path, size_t line, const char *fmt, ...)
{
    if (!w->warn)
        return;
    eg_error e;
    va_list ap;
    va_start(ap, fmt);
    make_warning(&e, EG_ERR_UTF8, path, line, EG_NO_POS, EG_NO_POS, fmt, ap);
    va_end(ap);
    w->warn(w->warn_ctx, &e);
}

eg_status eg_warner_take_failure(eg_warner *w, eg_error *err)
{
    if (!w->failed)
        return EG_OK;
    w->failed = false;
    if (err)
        *err = w->failure;
    return w->failure.status;
}

/* ---- text --------------------------------------------------------------------------------------- */

int eg_record_choose_decoding(const eg_input_options *opts, const char *s, size_t len, size_t *bad)
{
    *bad = eg_utf8_first_invalid(s, len);
    if (opts->encoding == EG_ENCODING_LATIN1) {
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)s[i] >= 0x80)
                return 1;
        return 0; /* ASCII reads the same either way: no offset map needed */
    }
    if (*bad == len)
        return 0;
    if (opts->strict)
        return -1;
    return opts->encoding == EG_ENCODING_AUTO ? 1 : 0;
}

void eg_record_advance_pos(const char *s, size_t n, size_t *line, size_t *col)
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

eg_status eg_record_not_utf8(const char *path, size_t line, size_t col, size_t offset, eg_error *err)
{
    return eg_error_set(err, EG_ERR_UTF8, path, line, col, offset,
                        "text is not valid UTF-8 (--strict; --encoding latin-1 reads it as Latin-1)");
}

bool eg_record_blank(const char *line, size_t len)
{
    size_t i = len >= 3 && memcmp(line, BOM, 3) == 0 ? 3 : 0;
    for (; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            return false;
    return true;
}

/* ---- records ------------------------------------------------------------------------------------ */

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

/* Checks one parsed record and fills doc from it; on a malformed record warns and returns false. */
static bool record_to_doc(const eg_input_options *opts, eg_record_scratch *s, eg_warner *w, const char *path,
                          size_t line_no, json_t *v, size_t col0, size_t off, eg_document *doc)
{
    const char *tf = opts->text_field;
    if (!json_is_object(v)) {
        eg_warner_skip(w, path, line_no, col0, off, "record is %s, not a JSON object", json_type_name(v));
        return false;
    }
    const json_t *text = json_object_get(v, tf);
    if (!text) {
        eg_warner_skip(w, path, line_no, col0, off, "record has no \"%s\" field", tf);
        return false;
    }
    if (!json_is_string(text)) {
        eg_warner_skip(w, path, line_no, col0, off, "field \"%s\" is %s, not a string", tf, json_type_name(text));
        return false;
    }
    const char *names[3] = {opts->id_field, opts->date_field, opts->title_field};
    const char *vals[3];
    for (int k = 0; k < 3; k++) {
        if (!scalar_field(v, names[k], s->scalar[k], &vals[k])) {
            eg_warner_skip(w, path, line_no, col0, off, "field \"%s\" is %s, not a string or number", names[k],
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

eg_status eg_record_parse(const eg_input_options *opts, eg_record_scratch *s, eg_warner *w, const char *path,
                          size_t line_no, size_t off, const char *line, size_t len, eg_document *doc,
                          eg_error *err)
{
    json_decref(s->record);
    s->record = NULL;
    memset(doc, 0, sizeof *doc);
    size_t bom = len >= 3 && memcmp(line, BOM, 3) == 0 ? 3 : 0;
    /* Columns count characters from 1; the BOM, when present, is the first character. */
    size_t col0 = bom ? 2 : 1;
    /* JSON must be UTF-8: a line that is not is decoded first (its text then maps back through
     * doc->latin1), replaced (--encoding utf-8) or rejected (--strict). */
    const char *src = line + bom;
    size_t n_src = len - bom, bad, n_fixed = 0;
    int how = eg_record_choose_decoding(opts, src, n_src, &bad);
    eg_status st;
    if (how < 0) {
        size_t l = line_no, col = col0;
        eg_record_advance_pos(src, bad, &l, &col);
        return eg_record_not_utf8(path, l, col, off + bom + bad, err);
    }
    if (how > 0) {
        if (eg_latin1_decode(src, n_src, &s->dec, &s->dec_cap, &n_src))
            return eg_error_nomem(err);
        src = s->dec;
    }
    if (how == 0 && bad < n_src) {
        free(s->fixed);
        s->fixed = NULL;
        if ((st = eg_utf8_sanitize(src, n_src, &s->fixed, &n_fixed, err)))
            return st;
        src = s->fixed;
        n_src = n_fixed;
    }
    json_error_t je;
    json_t *v = json_loadb(src, n_src, JSON_ALLOW_NUL, &je);
    if (!v) {
        size_t col = je.column > 0 ? (size_t)je.column + col0 - 1 : col0;
        eg_warner_skip(w, path, line_no, col, off + bom + (je.position > 0 ? (size_t)je.position : 0),
                       "invalid JSON: %s", je.text);
        return w->failed ? eg_warner_take_failure(w, err) : EG_DONE;
    }
    if (!record_to_doc(opts, s, w, path, line_no, v, col0, off, doc)) {
        json_decref(v);
        memset(doc, 0, sizeof *doc);
        return w->failed ? eg_warner_take_failure(w, err) : EG_DONE;
    }
    s->record = v;
    if (!doc->id) {
        size_t need = strlen(path) + 32;
        if (eg_grow((void **)&s->id_buf, &s->id_cap, need, 1))
            return eg_error_nomem(err);
        snprintf(s->id_buf, s->id_cap, "%s:%zu", path, line_no);
        doc->id = s->id_buf;
    }
    doc->path = path;
    doc->line = line_no;
    doc->offset = off;
    doc->latin1 = how > 0;
    if (how > 0 && opts->encoding == EG_ENCODING_AUTO)
        eg_warner_notice(w, path, line_no,
                         "record %.60s is not UTF-8 (first bad byte at offset %zu): read as Latin-1", doc->id,
                         off + bom + bad);
    else if (n_fixed)
        eg_warner_notice(w, path, line_no,
                         "record %.60s is not UTF-8 (first bad byte at offset %zu): bad bytes read as U+FFFD",
                         doc->id, off + bom + bad);
    return EG_OK;
}
