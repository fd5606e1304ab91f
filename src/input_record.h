/*
 * input_record: a JSONL line made a document (decoding, jansson's parse, the fields), and the warnings of
 * malformed records. Parsing reads only the options and its own scratch, so the engine's workers parse the
 * lines that the reader thread hands over unparsed (eg_input_next_unparsed), each with a scratch of its
 * own, and jansson's parse, the largest part of reading, is shared among threads.
 */
#ifndef EG_INPUT_RECORD_H
#define EG_INPUT_RECORD_H

#include "input.h"

/* Where warnings go, and what they leave: the records skipped and, with strict, the first failure. */
typedef struct eg_warner {
    eg_warn_fn warn; /* may be NULL: warnings are dropped */
    void *warn_ctx;
    bool strict;      /* a malformed record is an error (failure), not a warning */
    size_t n_skipped; /* records skipped with a warning */
    bool failed;      /* strict: failure holds the malformed record's error */
    eg_error failure;
} eg_warner;

/* A malformed record at path, line, column and byte offset: skipped with a warning, or with strict kept
 * as w->failure. */
void eg_warner_skip(eg_warner *w, const char *path, size_t line, size_t column, size_t offset, const char *fmt,
                    ...) __attribute__((format(printf, 6, 7)));

/* A warning that skips nothing (text read as Latin-1). */
void eg_warner_notice(eg_warner *w, const char *path, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The pending strict failure into err and cleared, or EG_OK. */
eg_status eg_warner_take_failure(eg_warner *w, eg_error *err);

/* How to read s[0..len) under opts: 0 as it is, 1 decoded from Latin-1, -1 rejected (--strict). *bad gets
 * the offset of the first byte that is not UTF-8 (len when none). */
int eg_record_choose_decoding(const eg_input_options *opts, const char *s, size_t len, size_t *bad);

/* Line (1-based, from *line) and column (1-based characters, from *col on the first line) just before
 * s[n]. */
void eg_record_advance_pos(const char *s, size_t n, size_t *line, size_t *col);

/* The error of text that is not UTF-8 under --strict, at path, line, column and byte offset. */
eg_status eg_record_not_utf8(const char *path, size_t line, size_t col, size_t offset, eg_error *err);

/* Is the JSONL line[0..len) empty but for a byte order mark and blanks (skipped without a word)? */
bool eg_record_blank(const char *line, size_t len);

/* Parses the JSONL line[0..len), number line_no of path, at file offset off (not blank), into *doc, whose
 * strings then point into s (and into path) until s's next parse. Returns EG_OK, EG_DONE when the record
 * is malformed (warned through w, counted in w->n_skipped), or an error: with strict the malformed
 * record's (EG_ERR_PARSE) or text that is not UTF-8 (EG_ERR_UTF8); EG_ERR_NOMEM. Time: O(len). */
eg_status eg_record_parse(const eg_input_options *opts, eg_record_scratch *s, eg_warner *w, const char *path,
                          size_t line_no, size_t off, const char *line, size_t len, eg_document *doc,
                          eg_error *err);

#endif
