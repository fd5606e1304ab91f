/*
 * evstore: the example windows that cooccur keeps for each edge while counting, and the JSON-valued
 * attributes it writes (evidence lists, per-period counts), rendered with jansson as compact JSON text for
 * EG_ATTR_JSON columns. (Reading an `evidence` cell back is evidence.h.)
 *
 * An eg_evstore is an append-only store of records {document, start, end, text}; each edge keeps a singly
 * linked list of its records (head and tail indexes that the caller stores, -1 when empty), so growing the
 * store never invalidates what callers hold. Record text is always valid UTF-8.
 */
#ifndef EG_EVSTORE_H
#define EG_EVSTORE_H

#include "entgraph.h"

typedef struct eg_evstore eg_evstore;

eg_status eg_evstore_new(eg_evstore **out, eg_error *err);
void eg_evstore_free(eg_evstore *ev);

/* Appends a record for document doc (an index the caller resolves to an id when rendering) covering
 * text[start, end) to the list (*head, *tail) (both -1 for an empty list). The text is copied, invalid
 * UTF-8 bytes replaced by U+FFFD, and cut to at most max_bytes bytes at a character boundary followed by
 * "…" when longer. Errors: EG_ERR_NOMEM. Time: O(end - start). */
eg_status eg_evstore_add(eg_evstore *ev, int64_t *head, int64_t *tail, uint32_t doc, const char *text,
                         size_t start, size_t end, size_t max_bytes, eg_error *err);

/* Replaces the span of record rec (the *tail that eg_evstore_add set) by [start, end): for text that was
 * decoded before it was stored, the span in the original bytes. Time: O(1). */
void eg_evstore_set_span(eg_evstore *ev, int64_t rec, size_t start, size_t end);

/* The list starting at head as compact JSON text [{"doc", "start", "end", "text"}, ...] in insertion
 * order; doc_ids[i] is the id of document i (valid UTF-8). *out is eg_malloc'ed; the caller frees it. */
eg_status eg_evstore_json(const eg_evstore *ev, int64_t head, const char *const *doc_ids, char **out,
                          eg_error *err);

/* {"KEY": count, ...} as compact JSON text with keys in byte order; *out is eg_malloc'ed. */
eg_status eg_evstore_counts_json(const char *const *keys, const uint64_t *counts, size_t n, char **out,
                                 eg_error *err);

/* Copies s[0..len) as valid UTF-8 (each invalid byte becomes U+FFFD, decoded with utf8proc) into a new
 * NUL-terminated string (*out, eg_malloc'ed); *out_len its length. Errors: EG_ERR_NOMEM. Time: O(len). */
eg_status eg_utf8_sanitize(const char *s, size_t len, char **out, size_t *out_len, eg_error *err);

#endif
