/*
 * evstore: the example windows that cooccur keeps for each edge while counting, and the JSON-valued
 * attributes it writes (evidence lists, per-period counts), rendered with jansson as compact JSON text for
 * EG_ATTR_JSON columns. (Reading an `evidence` cell back is evidence.h.)
 *
 * An eg_evstore is an append-only store of records {document, start, end, text}; each edge keeps a singly
 * linked list of its records (head and tail indexes that the caller stores, -1 when empty), so growing the
 * store never invalidates what callers hold. Texts are referred to by index and stored once by content,
 * back to back in one byte pool: every pair of one window quotes the same sentence, and the same sentence
 * comes back in repeated articles and in the overlapping spans of paragraph and document windows. Record
 * text is always valid UTF-8, and is kept as jansson's JSON text of it, made once when it is stored (every
 * export writes the lists as JSON, each sentence in several lists). A record takes 32 bytes, a text 8 bytes plus its bytes and at most 32 bytes
 * of hash set; at most EG_EVSTORE_MAX_RECORDS records and as many texts fit in one store.
 *
 * Threads: a store is filled by one thread; once filled it is only read, so renderers (eg_evrender) on
 * several threads may turn its lists into JSON at the same time, each renderer on one thread.
 */
#ifndef EG_EVSTORE_H
#define EG_EVSTORE_H

#include "entgraph.h"

#define EG_EVSTORE_MAX_RECORDS ((size_t)INT32_MAX)

typedef struct eg_evstore eg_evstore;

/* A new store with one owner. */
eg_status eg_evstore_new(eg_evstore **out, eg_error *err);
/* Adds an owner (a graph that renders the lists later) and returns ev. Owners are counted on one thread. */
eg_evstore *eg_evstore_retain(eg_evstore *ev);
/* Drops an owner; the last one frees the store. */
void eg_evstore_free(eg_evstore *ev);

/* Appends a record for document doc (an index the caller resolves to an id when rendering) covering
 * text[start, end) to the list (*head, *tail) (both -1 for an empty list). The text is copied, invalid
 * UTF-8 bytes replaced by U+FFFD, and cut to at most max_bytes bytes at a character boundary followed by
 * "…" when longer; a text equal to one stored before is not stored again (the records share it).
 * Errors: EG_ERR_NOMEM, EG_ERR_LIMIT (the store is full). Time: O(min(end - start, max_bytes)) amortised. */
eg_status eg_evstore_add(eg_evstore *ev, int32_t *head, int32_t *tail, uint32_t doc, const char *text,
                         size_t start, size_t end, size_t max_bytes, eg_error *err);

/* One record as stored (eg_evstore_get). */
typedef struct eg_evrecord {
    uint32_t doc;       /* document index, as given to eg_evstore_add */
    size_t start, end;  /* byte span in the original document */
    size_t text;        /* text index (eg_evstore_text) */
    int64_t next;       /* next record of the same list, or -1 */
} eg_evrecord;

/* Record rec (an index from a list: a head or a next) into *out. Time: O(1). */
void eg_evstore_get(const eg_evstore *ev, int64_t rec, eg_evrecord *out);

/* Text index i (< eg_evstore_n_texts) as JSON: jansson's compact text of the string (quotes and escapes
 * included, not NUL-terminated) and its length. */
const char *eg_evstore_text_json(const eg_evstore *ev, size_t i, size_t *len);
size_t eg_evstore_n_texts(const eg_evstore *ev);
/* Records stored (the lists' lengths summed). */
size_t eg_evstore_n_records(const eg_evstore *ev);

/* Stores text[0..len), which must already be evidence text (valid UTF-8, cut as eg_evstore_add cuts), as it
 * is: for evidence read back from a partial result. *index is its text index (that of an equal text stored
 * before, if any). Errors: EG_ERR_NOMEM, EG_ERR_LIMIT. Time: O(len) amortised. */
eg_status eg_evstore_put_text(eg_evstore *ev, const char *text, size_t len, size_t *index, eg_error *err);

/* Stores json[0..len), the JSON text of a text of another store (eg_evstore_text_json), as it is: for
 * merging stores. *index as eg_evstore_put_text. Errors: EG_ERR_NOMEM, EG_ERR_LIMIT. Time: O(len). */
eg_status eg_evstore_put_text_json(eg_evstore *ev, const char *json, size_t len, size_t *index, eg_error *err);

/* Appends a record for document doc, span [start, end) and the stored text index to the list (*head, *tail).
 * Errors: EG_ERR_NOMEM, EG_ERR_LIMIT. Time: O(1) amortised. */
eg_status eg_evstore_link(eg_evstore *ev, int32_t *head, int32_t *tail, uint32_t doc, size_t start, size_t end,
                          size_t text, eg_error *err);

/* Replaces the span of record rec (the *tail that eg_evstore_add set) by [start, end): for text that was
 * decoded before it was stored, the span in the original bytes. Time: O(1). */
void eg_evstore_set_span(eg_evstore *ev, int64_t rec, size_t start, size_t end);

/* Copies s[0..len) as valid UTF-8 (each invalid byte becomes U+FFFD, decoded with utf8proc) into a new
 * NUL-terminated string (*out, eg_malloc'ed); *out_len its length. Errors: EG_ERR_NOMEM. Time: O(len). */
eg_status eg_utf8_sanitize(const char *s, size_t len, char **out, size_t *out_len, eg_error *err);

/* ---- rendering ----------------------------------------------------------------------------------- */

/* Scratch for rendering JSON values: jansson values and an output buffer reused from one value to the
 * next, and a memo of the JSON text jansson wrote for document ids (by index), so an id quoted by several
 * lists is escaped once (texts are stored as JSON already). One renderer per thread; it trusts that an id it
 * took from an eg_evdoc_ids is the same when it meets it again, and forgets its memo when given another
 * one. */
typedef struct eg_evrender eg_evrender;

eg_status eg_evrender_new(eg_evrender **out, eg_error *err);
void eg_evrender_free(eg_evrender *r);

/* The ids of the documents that evidence quotes: document index[k] (ascending in k) has the id id[k] (valid
 * UTF-8); a document not among the n has the id "". */
typedef struct eg_evdoc_ids {
    const uint32_t *index;
    const char *const *id;
    size_t n;
} eg_evdoc_ids;

/* The list of ev starting at head as compact JSON text [{"doc", "start", "end", "text"}, ...] in insertion
 * order (the bytes of jansson's compact dump of that array), records numbered limit or more left out
 * (those added after a snapshot of the store; SIZE_MAX: none), with the document ids of ids. *text
 * (NUL-terminated, in r's own buffer) and *len stay valid until r's next call. Errors: EG_ERR_NOMEM.
 * Time: O(length of the text), and O(log ids->n) for an id the memo does not hold. */
eg_status eg_evrender_list(eg_evrender *r, const eg_evstore *ev, int64_t head, size_t limit,
                           const eg_evdoc_ids *ids, const char **text, size_t *len, eg_error *err);

/* {"KEY": count, ...} as compact JSON text; keys must be distinct, valid UTF-8 and given in byte order
 * (strcmp), the order in which they are written. *out is eg_malloc'ed, *len its length (may be NULL).
 * Errors: EG_ERR_NOMEM. Time: O(n + length of the keys). */
eg_status eg_evrender_counts(eg_evrender *r, const char *const *keys, const uint64_t *counts, size_t n,
                             char **out, size_t *len, eg_error *err);

#endif
