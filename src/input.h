/*
 * input: documents from files, directories, JSONL and stdin, one at a time (streaming: a JSONL file is read
 * line by line, never whole).
 *
 * An INPUT is
 *   "-"            stdin: one text document with id "-" (or JSONL records when opts->stdin_jsonl, CSV
 *                  records when opts->csv)
 *   *.csv          (or any file but *.jsonl when opts->csv) CSV with a header row (input_csv.h: RFC 4180,
 *                  multi-line quoted fields): the columns named like the text field (required in the
 *                  header), id, date and title; an empty id, date or title is absent; the id defaults to
 *                  "FILE:LINE" (the record's first line); a record whose number of fields differs from the
 *                  header's is malformed; a header without the text column skips the file with a warning
 *   *.jsonl        one JSON object a line: the text field (required string) and the optional id, date and
 *                  title fields (field names in eg_input_options); a number or boolean id, date or title
 *                  is taken as its JSON text; the id defaults to "FILE:LINE"; blank lines are skipped
 *   a directory    every regular file below it (symlinks followed), recursively, in byte order of their
 *                  full paths; *.jsonl files as above, every other file one text document; entries whose
 *                  name starts with '.' are skipped; *.csv files are CSV; each directory is read once (by device and inode),
 *                  so symlink loops end
 *   any other file one text document whose id is the path as given (FIFOs such as <(cmd) work too)
 * A UTF-8 byte order mark at the start of a text file or of a JSONL line is skipped.
 * A malformed JSONL record (bad JSON, not an object, no text string, an id/date/title that is an array or
 * object) is reported through the warning callback as an eg_error with path, line, column and byte offset,
 * and skipped; the run goes on and eg_input_n_skipped counts it. With opts->strict it is an error instead.
 *
 * Encodings (opts->encoding): text that is not valid UTF-8 (a text file, or any field of a JSONL or CSV
 * record) is decoded from Latin-1 with a warning (auto, the default), kept for the pipeline to read its bad
 * bytes as U+FFFD (utf-8; a JSONL line's bad bytes become U+FFFD before parsing, with a warning), or always
 * decoded from Latin-1 when it has bytes >= 0x80 (latin-1, no warning). With opts->strict (and not latin-1)
 * it is an EG_ERR_UTF8 error naming the file, line, column and byte offset of the first bad byte. A
 * decoded document has doc->latin1 set: offsets into its text map back to the original bytes with
 * eg_latin1_map (encoding.h), and users are shown the original offsets.
 */
#ifndef EG_INPUT_H
#define EG_INPUT_H

#include "encoding.h"
#include "entgraph.h"

/* One document. All strings belong to the eg_input and stay valid until the next eg_input_next or
 * eg_input_free. */
typedef struct eg_document {
    const char *id;    /* never NULL */
    const char *text;  /* not NUL-terminated in general; may contain NUL bytes */
    size_t len;        /* bytes of text */
    const char *date;  /* or NULL */
    const char *title; /* or NULL */
    const char *path;  /* the file it came from ("-" for stdin) */
    size_t line;       /* 1-based line in a JSONL file (first line of a CSV record), else 0 */
    bool latin1;       /* text was decoded from Latin-1: map offsets back with eg_latin1_map */
    bool unparsed;     /* a JSONL line not parsed yet (eg_input_next_unparsed): text and len are the line, at
                          file offset offset; id, date and title are NULL */
    size_t offset;
} eg_document;

/* Receives each warning; the eg_error is valid only during the call. */
typedef void (*eg_warn_fn)(void *ctx, const eg_error *warning);

/* Zero-initialise ({0}) and set what you need: every zero field means the default, so fields may be
 * added later (CSV input, Latin-1 decoding) without breaking callers. */
typedef struct eg_input_options {
    eg_warn_fn warn;         /* may be NULL: warnings are dropped */
    void *warn_ctx;          /* passed to warn */
    const char *text_field;  /* JSONL field names; NULL means "text", "id", "date", "title" */
    const char *id_field;
    const char *date_field;
    const char *title_field;
    bool stdin_jsonl;        /* read "-" as JSONL (ids default to "-:LINE") */
    bool csv;                /* read "-" and every file but *.jsonl as CSV */
    eg_encoding encoding;    /* EG_ENCODING_AUTO (0), _UTF8 or _LATIN1 */
    bool strict;             /* malformed records and text that is not UTF-8 are errors */
} eg_input_options;

typedef struct eg_input eg_input;

/* Opens the list of inputs (paths and options are copied; opts may be NULL). Paths are checked lazily: a
 * missing file is an error from eg_input_next. Errors: EG_ERR_NOMEM. Time: O(total path length). */
eg_status eg_input_open(const char *const *paths, size_t n_paths, const eg_input_options *opts,
                        eg_input **out, eg_error *err);

/* The next document: EG_OK and *doc filled, EG_DONE at the end, or an error naming the path:
 * EG_ERR_IO (a path that is missing or cannot be opened or read, with strerror), EG_ERR_NOMEM. After an
 * error (also EG_ERR_PARSE or EG_ERR_UTF8 with opts->strict) the failing input is abandoned and the next call goes on with the following one.
 * Time: O(document bytes) for text files; O(line bytes) per JSONL line read. A directory is listed
 * (recursively, then sorted: O(F log F) for F files) when it is reached. */
eg_status eg_input_next(eg_input *in, eg_document *doc, eg_error *err);

/* As eg_input_next, but a JSONL line (not blank) is handed over unparsed, with its path, line and offset
 * (doc->unparsed), for eg_input_parse on another thread: jansson's parse is the largest part of reading.
 * CSV records and text files come parsed. */
eg_status eg_input_next_unparsed(eg_input *in, eg_document *doc, eg_error *err);

/* What a parsed JSONL record's document points into: one per thread that parses. */
typedef struct eg_record_scratch eg_record_scratch;
eg_status eg_record_scratch_new(eg_record_scratch **out, eg_error *err);
void eg_record_scratch_free(eg_record_scratch *s); /* s may be NULL */
/* Lets go of the record the last parse made (its document is no longer used). */
void eg_record_scratch_release(eg_record_scratch *s);

/* Parses in place doc, a line from eg_input_next_unparsed: on any thread, since only in's options are
 * read. Its strings then point into s and into doc's own path until s's next parse. Warnings go to
 * warn(warn_ctx), not to in's callback (eg_input_report delivers them later, in order). Returns EG_OK,
 * EG_DONE when the record is skipped (malformed: warned), or an error as eg_input_next would return it for
 * that line (--strict: EG_ERR_PARSE, EG_ERR_UTF8; EG_ERR_NOMEM). Time: O(line bytes). */
eg_status eg_input_parse(const eg_input *in, eg_record_scratch *s, eg_document *doc, eg_warn_fn warn,
                         void *warn_ctx, eg_error *err);

/* On the thread that reads in, once per line parsed by eg_input_parse, in input order: hands its warnings
 * to in's callback and counts its document's bytes (doc NULL for a line skipped). */
void eg_input_report(eg_input *in, const eg_error *warnings, size_t n_warnings, const eg_document *doc);

/* From the next call on, sends the warnings that reading raises (malformed CSV records skipped, a file or
 * record read as Latin-1) to warn(warn_ctx) instead of the options' callback, so that a reader on another
 * thread can keep them with the document it reads and hand them over in order (eg_input_report_warnings);
 * warn NULL restores the options' callback. */
void eg_input_redirect_warnings(eg_input *in, eg_warn_fn warn, void *warn_ctx);

/* Hands warnings kept that way to in's callback, on the thread that calls it; counts nothing (the reading
 * counted its documents and skipped records itself). */
void eg_input_report_warnings(eg_input *in, const eg_error *warnings, size_t n_warnings);

/* Gives back the buffers of the last document when it was a whole file (a text file, read at once) of more
 * than EG_INPUT_KEEP_BYTES, once the caller has copied it: they would otherwise stay until the next file is
 * opened, so a huge text file would be held twice while a copy of it is analysed. The buffer of an open
 * JSONL or CSV source, which holds the lines to come, is kept. The last document must not be read after. */
void eg_input_release_document(eg_input *in);
#define EG_INPUT_KEEP_BYTES ((size_t)16 << 20)

/* Bytes of the buffers that hold the documents read (for the tests). */
size_t eg_input_buffer_bytes(const eg_input *in);

size_t eg_input_n_skipped(const eg_input *in); /* malformed JSONL/CSV records skipped so far */
size_t eg_input_n_bytes(const eg_input *in);   /* bytes of document text delivered so far */
void eg_input_free(eg_input *in);              /* closes any open file; in may be NULL */

#endif
