/*
 * export_core: the small render core that the text exporters (GraphML, GEXF, CSV, DOT) share: a FILE
 * writer that keeps the errno of its first failure (so a writer checks once, at the end), UTF-8 decoding,
 * XML escaping with the replacement of characters XML 1.0 forbids, shortest round-trip doubles, and
 * Gephi's visual attributes (a colour per node type, a size from a centrality).
 *
 * Invariants: after the first failed write every later write is skipped; n_replaced counts every
 * character replaced by U+FFFD, whatever escaper replaced it.
 */
#ifndef EG_EXPORT_CORE_H
#define EG_EXPORT_CORE_H

#include <stdio.h>

#include "table.h"

typedef struct eg_writer {
    FILE *fp;
    int error;         /* errno of the first failed write; 0 while all is well */
    size_t n_replaced; /* characters replaced by U+FFFD */
} eg_writer;

#define EG_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

/* Writes n bytes / a string / printf output; no-ops once w->error is set. O(n). */
void eg_w_out(eg_writer *w, const char *s, size_t n);
void eg_w_outs(eg_writer *w, const char *s);
void eg_w_outf(eg_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes v in decimal (as printf's %" PRId64 " would, without parsing a format). */
void eg_w_int(eg_writer *w, int64_t v);

/* Writes s as XML character data: & < > " ' escaped, carriage return as &#13;, forbidden characters (C0
 * controls other than tab, newline, CR; U+FFFE, U+FFFF) and invalid UTF-8 (one per byte) as U+FFFD,
 * counted in w->n_replaced. With attr, tab and newline are written as &#9; and &#10; too, so that they
 * survive a parser's attribute-value normalisation. O(strlen(s)). */
void eg_w_xml_text(eg_writer *w, const char *s, bool attr);

/* Does row have a value in col that XML can carry (present, and finite for a double)? */
bool eg_w_cell_writable(const eg_table *t, size_t col, size_t row);

/* Writes that value as XML text (eg_w_xml_text for strings and JSON, decimal numbers, true/false).
 * The caller checked eg_w_cell_writable. */
void eg_w_xml_cell(eg_writer *w, const eg_table *t, size_t col, size_t row, bool attr);

/* Flushes w->fp and turns a write error into EG_ERR_IO "writing WHAT: reason" (err may be NULL).
 * Returns EG_OK when every write succeeded. */
eg_status eg_w_finish(eg_writer *w, const char *what, eg_error *err);

/* Decodes one UTF-8 character of s[0..n), n > 0: returns its length and sets *cp, or 0 when the bytes are
 * not valid UTF-8 (overlong forms and surrogates included). O(1). */
size_t eg_utf8_next(const char *s, size_t n, uint32_t *cp);

/* The shortest of "%.15g", "%.16g", "%.17g" that reads back as d (buf of at least 32 bytes). */
void eg_format_double(char *buf, size_t size, double d);

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
