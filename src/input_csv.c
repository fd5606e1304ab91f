/*
 * input_csv: the CSV record reader (see input_csv.h). A byte-at-a-time state machine over a chunked read
 * buffer; each byte read advances the position (line, column, offset) of the next byte, so errors and
 * field starts carry exact positions.
 */
#include "input_csv.h"

#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CSV_CHUNK ((size_t)64 * 1024)

typedef struct field {
    size_t start, len; /* bytes in data */
    eg_csv_pos pos;
    bool quoted;
} field;

struct eg_csv {
    FILE *fp;
    const char *path;
    char *in;              /* read buffer */
    size_t in_pos, in_end; /* unread bytes [in_pos, in_end) */
    bool eof, io_error;
    int errnum;
    eg_csv_pos at;         /* position of the next byte */
    char *data;            /* the fields' bytes, each followed by NUL */
    size_t n_data, cap_data;
    field *fields;
    size_t n_fields, cap_fields;
    eg_csv_pos end;        /* end of the current record */
};

eg_status eg_csv_new(eg_csv **out, eg_error *err)
{
    *out = NULL;
    eg_csv *c = eg_calloc(1, sizeof *c);
    if (!c || !(c->in = eg_malloc(CSV_CHUNK))) {
        free(c);
        return eg_error_nomem(err);
    }
    *out = c;
    return EG_OK;
}

void eg_csv_reset(eg_csv *c, FILE *fp, const char *path)
{
    c->fp = fp;
    c->path = path;
    c->in_pos = c->in_end = 0;
    c->eof = c->io_error = false;
    c->at = (eg_csv_pos){1, 1, 0};
    c->n_fields = c->n_data = 0;
}

/* The next byte without consuming it, or -1 at the end of the file (or on a read error: io_error). */
static int peek(eg_csv *c)
{
    if (c->in_pos == c->in_end) {
        if (c->eof)
            return -1;
        c->in_pos = 0;
        c->in_end = fread(c->in, 1, CSV_CHUNK, c->fp);
        if (c->in_end == 0) {
            c->eof = true;
            if (ferror(c->fp)) {
                c->io_error = true;
                c->errnum = errno;
            }
            return -1;
        }
    }
    return (unsigned char)c->in[c->in_pos];
}

/* Consumes the byte peek returned and moves the position past it. */
static void advance(eg_csv *c)
{
    unsigned char b = (unsigned char)c->in[c->in_pos++];
    c->at.offset++;
    if (b == '\n') {
        c->at.line++;
        c->at.column = 1;
    } else if ((b & 0xC0) != 0x80) {
        c->at.column++;
    }
}

static bool put(eg_csv *c, char b)
{
    if (c->n_data + 1 >= c->cap_data && eg_grow((void **)&c->data, &c->cap_data, c->n_data + 2, 1))
        return false;
    c->data[c->n_data++] = b;
    return true;
}

static bool begin_field(eg_csv *c, bool quoted, eg_csv_pos pos)
{
    if (eg_grow((void **)&c->fields, &c->cap_fields, c->n_fields + 1, sizeof *c->fields))
        return false;
    c->fields[c->n_fields++] = (field){c->n_data, 0, pos, quoted};
    return true;
}

static bool end_field(eg_csv *c)
{
    field *f = &c->fields[c->n_fields - 1];
    f->len = c->n_data - f->start;
    return put(c, '\0');
}

eg_status eg_csv_next(eg_csv *c, eg_error *err)
{
    for (;;) {
        c->n_fields = c->n_data = 0;
        if (c->at.offset == 0 && peek(c) == 0xEF && c->in_end - c->in_pos >= 3 &&
            memcmp(c->in + c->in_pos, "\xEF\xBB\xBF", 3) == 0) {
            c->in_pos += 3; /* the byte order mark: one character, three bytes */
            c->at = (eg_csv_pos){1, 2, 3};
        }
        int b = peek(c);
        if (b < 0)
            break;
        if (b == '\n' || b == '\r') { /* a blank line (a lone CR too) */
            advance(c);
            continue;
        }
        eg_csv_pos bad = {0, 0, 0};
        const char *why = NULL;
        for (;;) { /* one field a turn */
            eg_csv_pos fpos = c->at;
            bool quoted = peek(c) == '"';
            if (!begin_field(c, quoted, fpos))
                return eg_error_nomem(err);
            bool record_done = false;
            if (quoted) {
                advance(c);
                for (;;) {
                    b = peek(c);
                    if (b < 0) {
                        c->end = c->at;
                        if (!why) {
                            why = "quoted field is not closed before the end of the file";
                            bad = fpos;
                        }
                        record_done = true;
                        break;
                    }
                    advance(c);
                    if (b == '"') {
                        if (peek(c) != '"')
                            break;
                        advance(c);
                    }
                    if (!put(c, (char)b))
                        return eg_error_nomem(err);
                }
                b = peek(c);
                if (!record_done && b != ',' && b != '\n' && b != '\r' && b >= 0 && !why) {
                    why = "unexpected character after a closing quote (a quote inside a quoted field is "
                          "written \"\")";
                    bad = c->at;
                }
            }
            /* Unquoted bytes up to ',' or the line end (also what follows a closing quote, when malformed). */
            while (!record_done) {
                b = peek(c);
                if (b < 0) {
                    c->end = c->at;
                    record_done = true;
                    break;
                }
                if (b == ',') {
                    advance(c);
                    break;
                }
                if (b == '\n') {
                    c->end = c->at;
                    advance(c);
                    record_done = true;
                    break;
                }
                if (b == '\r') {
                    eg_csv_pos cr = c->at;
                    advance(c);
                    if (peek(c) == '\n') {
                        c->end = cr;
                        advance(c);
                        record_done = true;
                        break;
                    }
                    if (!put(c, '\r'))
                        return eg_error_nomem(err);
                    continue;
                }
                advance(c);
                if (!put(c, (char)b))
                    return eg_error_nomem(err);
            }
            if (!end_field(c))
                return eg_error_nomem(err);
            if (record_done)
                break;
        }
        if (peek(c) < 0 && c->io_error)
            return eg_error_set(err, EG_ERR_IO, c->path, EG_NO_POS, EG_NO_POS, EG_NO_POS, "cannot read: %s",
                                strerror(c->errnum));
        if (why)
            return eg_error_set(err, EG_ERR_PARSE, c->path, bad.line, bad.column, bad.offset, "%s", why);
        return EG_OK;
    }
    if (c->io_error)
        return eg_error_set(err, EG_ERR_IO, c->path, EG_NO_POS, EG_NO_POS, EG_NO_POS, "cannot read: %s",
                            strerror(c->errnum));
    return EG_DONE;
}

size_t eg_csv_n_fields(const eg_csv *c)
{
    return c->n_fields;
}

const char *eg_csv_field(const eg_csv *c, size_t i, size_t *len)
{
    if (len)
        *len = c->fields[i].len;
    return c->data + c->fields[i].start;
}

eg_csv_pos eg_csv_field_pos(const eg_csv *c, size_t i)
{
    return c->fields[i].pos;
}

bool eg_csv_field_quoted(const eg_csv *c, size_t i)
{
    return c->fields[i].quoted;
}

eg_csv_pos eg_csv_end_pos(const eg_csv *c)
{
    return c->end;
}

void eg_csv_free(eg_csv *c)
{
    if (!c)
        return;
    free(c->in);
    free(c->data);
    free(c->fields);
    free(c);
}
