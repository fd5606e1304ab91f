/*
 * export_core: the small render core that the exporters share: a writer that collects output in a buffer of
 * its own and hands it to the FILE in large blocks, keeping the errno of its first failure (so a writer
 * checks once, at the end), UTF-8 decoding, XML escaping with the replacement of characters XML 1.0
 * forbids, shortest round-trip doubles, and Gephi's visual attributes (a colour per node type, a size from a
 * centrality).
 *
 * Invariants: bytes reach the FILE in the order they were written; after the first failed write every later
 * write is skipped (and whatever was still buffered is dropped); n_replaced counts every character replaced
 * by U+FFFD, whatever escaper replaced it; a writer without a buffer (eg_writer_init with buf NULL) writes
 * every piece straight to the FILE.
 */
#ifndef EG_EXPORT_CORE_H
#define EG_EXPORT_CORE_H

#include <stdio.h>
#include <string.h>

#include "table.h"

/* A memo of number texts: for a key (a double's bits, an integer), the text last made for it, in a
 * direct-mapped table of EG_NUM_MEMO_SLOTS entries (512 KiB). The numbers of a graph repeat a lot
 * (ratios and logarithms of small counts), and a look-up costs far less than printf and strtod. */
#define EG_NUM_MEMO_SLOTS 16384
typedef struct eg_num_memo eg_num_memo;

/* An empty memo, or NULL when out of memory. O(slots). */
eg_num_memo *eg_num_memo_new(void);
void eg_num_memo_free(eg_num_memo *m);
/* The text kept for key (its length in *len; not NUL-terminated), or NULL. O(1). */
const char *eg_num_memo_get(const eg_num_memo *m, uint64_t key, size_t *len);
/* Keeps text[0..len) for key, in place of whatever key shared its slot; texts longer than 23 bytes are
 * not kept. O(len). */
void eg_num_memo_put(eg_num_memo *m, uint64_t key, const char *text, size_t len);

typedef struct eg_writer {
    FILE *fp;
    int error;         /* errno of the first failed write; 0 while all is well */
    size_t n_replaced; /* characters replaced by U+FFFD */
    char *buf;         /* output not yet given to fp (the caller's storage), or NULL: no buffering */
    size_t len, cap;   /* bytes waiting in buf, and its size (both 0 without a buffer or after an error) */
    eg_num_memo *memo; /* eg_format_double's texts for eg_w_double (owned), or NULL */
    size_t unsynced;   /* bytes handed to fp since the last eg_file_start_writeback */
    bool writeback;    /* give those hints (true after eg_writer_init) */
    eg_cell_reader cells; /* scratch for deferred cells (table.h) that eg_w_cell reads */
} eg_writer;

/* Bytes between two writeback hints (eg_file_start_writeback) of a buffered writer. */
#define EG_WRITEBACK_STEP (8u << 20)

/* A buffer size for eg_writer_init that makes stdio calls rare (one per 64 KiB written). */
#define EG_WRITER_BUF_SIZE 65536

#define EG_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

/* Starts a writer on fp that collects output in buf[0..cap) (the caller's storage, which must outlive the
 * writer; NULL or cap 0: no buffering). Nothing reaches fp before the buffer fills, eg_w_flush or
 * eg_w_finish. Cannot fail. O(1). */
void eg_writer_init(eg_writer *w, FILE *fp, char *buf, size_t cap);

/* Gives w a memo of number texts for eg_w_double. Errors: EG_ERR_NOMEM (err may be NULL). */
eg_status eg_writer_add_memo(eg_writer *w, eg_error *err);

/* Frees what the writer owns (the memo, the cell reader); pending output is not written (eg_w_finish
 * first). */
void eg_writer_destroy(eg_writer *w);

/* Fails w with errno e (ENOMEM: eg_w_finish reports EG_ERR_NOMEM), unless it failed before: every later write
 * is skipped. */
void eg_w_fail(eg_writer *w, int e);

/* Hands the buffered bytes to fp (fwrite; no fflush), so that the caller may write to fp directly next.
 * No-op once w->error is set. O(buffered bytes). */
void eg_w_flush(eg_writer *w);

/* The part of eg_w_out that does not fit in the buffer (inline below; not for direct use). */
void eg_w_out_slow(eg_writer *w, const char *s, size_t n);

/* Writes n bytes; a no-op once w->error is set (then len == cap == 0, so the copy below never runs). O(n). */
static inline void eg_w_out(eg_writer *w, const char *s, size_t n)
{
    if (n < w->cap - w->len) {
        memcpy(w->buf + w->len, s, n);
        w->len += n;
    } else {
        eg_w_out_slow(w, s, n);
    }
}

/* Writes a string / a string literal (its length known at compile time) / printf output. O(length). */
static inline void eg_w_outs(eg_writer *w, const char *s)
{
    eg_w_out(w, s, strlen(s));
}
#define EG_W_LIT(w, lit) eg_w_out((w), "" lit "", sizeof(lit) - 1)
void eg_w_outf(eg_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes v in decimal (as printf's %" PRId64 " would, without parsing a format). */
void eg_w_int(eg_writer *w, int64_t v);
/* Writes eg_format_double's text of d, kept in w->memo when w has one. O(1). */
void eg_w_double(eg_writer *w, double d);

/* Writes s as XML character data: & < > escaped, carriage return as &#13;, forbidden characters (C0
 * controls other than tab, newline, CR; U+FFFE, U+FFFF) and invalid UTF-8 (one per byte) as U+FFFD,
 * counted in w->n_replaced. With attr, for a value between double quotes, " and ' are escaped too, and tab
 * and newline written as &#9; and &#10;, so that they survive a parser's attribute-value normalisation.
 * Runs of characters that need nothing are copied at once. O(strlen(s)). */
void eg_w_xml_text(eg_writer *w, const char *s, bool attr);
/* The same for s[0..n) (which may hold NUL bytes: written as U+FFFD). O(n). */
void eg_w_xml_textn(eg_writer *w, const char *s, size_t n, bool attr);

/* Does row have a value in col that XML can carry (present, and finite for a double)? */
bool eg_w_cell_writable(const eg_table *t, size_t col, size_t row);

/* Writes that value as XML text (eg_w_xml_text for strings and JSON, decimal numbers, true/false).
 * The caller checked eg_w_cell_writable. */
void eg_w_xml_cell(eg_writer *w, const eg_table *t, size_t col, size_t row, bool attr);

/* Writes the value of col at row: strings and JSON through text (each format's escaping; s[0..n), followed
 * by a NUL), numbers in decimal (eg_w_int, eg_w_double), booleans as true/false. The caller checked that the
 * value is present. A deferred cell that cannot be made for want of memory fails the writer with ENOMEM
 * (eg_w_finish then reports EG_ERR_NOMEM). */
void eg_w_cell(eg_writer *w, const eg_table *t, size_t col, size_t row,
               void (*text)(eg_writer *, const char *s, size_t n));

/* Hands the buffer to w->fp, flushes w->fp and turns a write error into EG_ERR_IO "writing WHAT: reason"
 * (err may be NULL). Returns EG_OK when every write succeeded. */
eg_status eg_w_finish(eg_writer *w, const char *what, eg_error *err);

/* Decodes one UTF-8 character of s[0..n), n > 0: returns its length and sets *cp, or 0 when the bytes are
 * not valid UTF-8 (overlong forms and surrogates included). O(1). */
size_t eg_utf8_next(const char *s, size_t n, uint32_t *cp);

/* The shortest of "%.15g", "%.16g", "%.17g" that reads back as d (buf of at least 32 bytes), except that
 * whole numbers of magnitude up to 1e15 are plain integers; returns the length. Whole numbers without
 * printf; others with one printf of 17 digits, from which the shorter forms are derived and checked with
 * exact double arithmetic (strtod and further printf calls only in the rare cases that cannot decide).
 * O(1). */
size_t eg_format_double(char *buf, size_t size, double d);
/* The same by definition: each of the three printed and read back in turn. For the tests. */
size_t eg_format_double_by_trial(char *buf, size_t size, double d);

/* A Gephi colour for a node type: fixed for person, organization, country, role; other types pick from a
 * second palette by a hash of the name, so a type keeps its colour across runs; NULL gets grey. */
typedef struct eg_rgb {
    int r, g, b;
} eg_rgb;
eg_rgb eg_type_colour(const char *type);

/* Node sizes for Gephi: the node column `pagerank` if numeric, else `mentions`, mapped linearly from its
 * [min, max] to [10, 50]; a missing or non-finite value gets 10, all-equal values 30. Make is O(V). */
typedef struct eg_size_scale {
    long col;      /* the column sizes come from, or -1 */
    double lo, hi; /* its range over present, finite values */
} eg_size_scale;
eg_size_scale eg_size_scale_make(const eg_table *nodes);
double eg_node_size(const eg_size_scale *s, const eg_table *nodes, size_t row);

#endif
