/*
 * input_csv: a streaming reader of CSV records (RFC 4180) for input.c.
 *
 * Records are separated by LF or CRLF outside quotes; fields by ','. A field that starts with '"' is
 * quoted: it may hold ',', CR, LF (multi-line fields) and '""' for one '"', and ends at the next lone '"'.
 * A '"' inside an unquoted field is an ordinary character. A UTF-8 byte order mark at the start of the
 * file is skipped. Blank lines between records are skipped. Malformed records: a quoted field whose
 * closing quote is followed by something other than ',', a line end or the end of the file, and a quoted
 * field still open at the end of the file; both are consumed whole and reported with the line, column and
 * byte offset where they go wrong.
 *
 * Memory: one buffer of the file (64 KiB chunks) and the fields of the current record, so it is bounded by
 * the longest record, never the file. Invariants: every field is NUL-terminated in the record buffer (it
 * may also contain NUL bytes: use its length); positions are 1-based lines, 1-based columns counting
 * characters (bytes that are not UTF-8 continuation bytes), 0-based file byte offsets.
 */
#ifndef EG_INPUT_CSV_H
#define EG_INPUT_CSV_H

#include "entgraph.h"

#include <stdio.h>

typedef struct eg_csv eg_csv;

/* Where a field starts in the file (its opening quote when quoted). */
typedef struct eg_csv_pos {
    size_t line, column, offset;
} eg_csv_pos;

/* A reader with no source (reusable across files through eg_csv_reset). Errors: EG_ERR_NOMEM. */
eg_status eg_csv_new(eg_csv **out, eg_error *err);

/* Starts reading fp (not owned; not closed here) named path in messages (not copied: keep it alive). */
void eg_csv_reset(eg_csv *c, FILE *fp, const char *path);

/* Reads the next record. EG_OK: its fields are available until the next call; EG_DONE: end of file;
 * EG_ERR_PARSE: a malformed record, consumed and reported in err (path, line, column, offset) — the next
 * call goes on after it; EG_ERR_IO (with strerror) or EG_ERR_NOMEM. Time: O(record bytes). */
eg_status eg_csv_next(eg_csv *c, eg_error *err);

size_t eg_csv_n_fields(const eg_csv *c);
/* Field i (< eg_csv_n_fields) of the current record, NUL-terminated; its length in *len (may be NULL). */
const char *eg_csv_field(const eg_csv *c, size_t i, size_t *len);
/* Where field i starts; the record's start is field 0's. */
eg_csv_pos eg_csv_field_pos(const eg_csv *c, size_t i);
/* True when field i was quoted (its content starts one byte after its position). */
bool eg_csv_field_quoted(const eg_csv *c, size_t i);
/* Where the current record ends (just past its last byte, before the line end). */
eg_csv_pos eg_csv_end_pos(const eg_csv *c);

void eg_csv_free(eg_csv *c); /* c may be NULL */

#endif
