/*
 * cooccur: counts entities and unordered entity pairs per window over many documents, without igraph (the
 * graph made from the counts is cooccur_graph.h's).
 *
 * Windows (eg_window_kind): a sentence, a paragraph, a whole document, or tokens:N, where every mention
 * opens a window holding the mentions that start at most N tokens after it (tokens are maximal runs of
 * letters, marks and digits, by utf8proc category). Only windows with at least one mention exist: N_windows
 * in the README's formulas counts them. A pair counts once per window however often its entities repeat
 * there; an entity's `windows` counts the windows it appears in, so count(a,b) <= min(windows(a), windows(b)).
 * Windows with more than EG_COOCCUR_MAX_WINDOW_ENTITIES distinct entities count only the first that many
 * (in text order) for pairs and the window is counted in n_capped_windows, so one pathological window cannot
 * make the work quadratic.
 *
 * Evidence: each pair keeps the first K windows (in input order) that linked it: document id, byte span in
 * the original document (from the start of the sentence holding the pair's first mention in the window to
 * the end of the sentence holding its first mention of the other entity) and that text as valid UTF-8
 * (invalid bytes become U+FFFD; text longer than EG_COOCCUR_MAX_EVIDENCE_BYTES is cut and ends in "…").
 *
 * Time: documents with a date give first_seen / last_seen (ISO YYYY-MM-DD) and per-period counts (mentions
 * for nodes, windows for edges) as JSON objects {"PERIOD": count}. Two-mode: the bipartite entity-document
 * graph instead of the co-occurrence graph.
 *
 * Memory: per entity, per document (24 bytes, and its id when evidence or two-mode keeps it), per distinct
 * pair (48 bytes and 16 to 32 bytes of index), per evidence record (32 bytes), per distinct evidence text
 * (its bytes and up to 40 more) and per (item, period) count; never per mention or per byte read. Limits
 * (EG_ERR_LIMIT beyond): UINT32_MAX documents, UINT32_MAX - 1 pairs, INT32_MAX evidence records and texts.
 */
#ifndef EG_COOCCUR_H
#define EG_COOCCUR_H

#include "entgraph.h"
#include "graph.h"
#include "input.h"
#include "timeline.h"

#define EG_COOCCUR_MAX_WINDOW_ENTITIES 500
#define EG_COOCCUR_MAX_EVIDENCE_BYTES 1000

typedef enum eg_window_kind {
    EG_WINDOW_SENTENCE = 0,
    EG_WINDOW_PARAGRAPH,
    EG_WINDOW_DOCUMENT,
    EG_WINDOW_TOKENS
} eg_window_kind;

/* Zero-initialise ({0}) for the defaults: sentence windows, no evidence, no periods, one-mode. */
typedef struct eg_cooccur_options {
    eg_window_kind window;
    size_t tokens;     /* N for EG_WINDOW_TOKENS (at least 1) */
    size_t evidence;   /* K: evidence windows kept per edge (0: none) */
    eg_period period;
    bool two_mode;     /* entity-document graph */
    eg_warn_fn warn;   /* receives "date does not parse" warnings; may be NULL */
    void *warn_ctx;
} eg_cooccur_options;

typedef struct eg_cooccur eg_cooccur;

/* A counter with default options (sentence windows). */
eg_status eg_cooccur_new(eg_cooccur **out, eg_error *err);
/* A counter with opts (copied; NULL: defaults). Errors: EG_ERR_NOMEM, EG_ERR_USAGE (tokens:0). */
eg_status eg_cooccur_new_opts(const eg_cooccur_options *opts, eg_cooccur **out, eg_error *err);
void eg_cooccur_free(eg_cooccur *c);

/* Adds one analysed document: its mentions (entity counts, document frequency) and its windows (pairs),
 * and, when doc is not NULL, evidence, dates and the document node of the two-mode graph. doc (id, text,
 * date, title) must be the document res was computed from; its strings are copied where kept. A date that
 * does not parse is reported through opts.warn and ignored. Time: O(text bytes (tokens windows only) +
 * mentions + pairs). */
eg_status eg_cooccur_add(eg_cooccur *c, const eg_document *doc, const eg_doc_result *res, eg_error *err);
/* eg_cooccur_add without a document. */
eg_status eg_cooccur_add_document(eg_cooccur *c, const eg_doc_result *res, eg_error *err);

size_t eg_cooccur_n_documents(const eg_cooccur *c);
size_t eg_cooccur_n_mentions(const eg_cooccur *c);
size_t eg_cooccur_n_windows(const eg_cooccur *c);   /* windows holding at least one mention */
size_t eg_cooccur_n_capped_windows(const eg_cooccur *c);
size_t eg_cooccur_n_bad_dates(const eg_cooccur *c); /* documents whose date did not parse */
size_t eg_cooccur_n_pairs(const eg_cooccur *c);     /* distinct pairs counted (one-mode) */
/* The options c counts with (warn included). */
const eg_cooccur_options *eg_cooccur_get_options(const eg_cooccur *c);
/* Sets where c reports warnings (counts read back from a shard have none). */
void eg_cooccur_set_warn(eg_cooccur *c, eg_warn_fn warn, void *warn_ctx);

/* Counting is over: frees what only counting reads (the per-window scratch, the marks of the current
 * document and window, and the pair index unless period counts need it to find their pairs), so that the
 * graph is made without them. Reading c (eg_cooccur_to_graph, merging c into another counter, writing it as
 * a shard, eg_cooccur_n_*) works as before; eg_cooccur_add and eg_cooccur_merge into c then return
 * EG_ERR_USAGE. Time: O(1) calls to free. */
void eg_cooccur_end_counting(eg_cooccur *c);

/* Frees what only the graph is made from (the per-entity, pair, period, document and evidence tables),
 * keeping the options and the totals that eg_cooccur_n_* report, for a caller done with the counts once the
 * graph is made: the graph's attributes and the counts are then not held at once. Afterwards
 * eg_cooccur_add, eg_cooccur_merge and eg_cooccur_to_graph return EG_ERR_USAGE and c cannot be written as
 * a shard (eg_partial_write: EG_ERR_USAGE); eg_cooccur_free is still needed. Time: O(1) calls to free. */
void eg_cooccur_release(eg_cooccur *c);
/* Did eg_cooccur_release run on c? */
bool eg_cooccur_released(const eg_cooccur *c);

/* Adds src's counts to dst as if src's documents had been added to dst after its own: sums of counts,
 * document frequencies and periods, the earliest first_seen and latest last_seen, dst's evidence followed
 * by src's up to K per pair, src's documents numbered after dst's. Both must index entities alike (one
 * dictionary) and count with the same window, evidence K, period and mode (else EG_ERR_USAGE). Merging is
 * associative: merge(merge(a, b), c) equals merge(a, merge(b, c)), and equals one counter fed a's, b's and
 * c's documents in that order. src is not changed. Errors: EG_ERR_NOMEM (dst is then partly merged: free
 * it), EG_ERR_LIMIT, EG_ERR_USAGE (also for a released counter). Time: O(size of src). */
eg_status eg_cooccur_merge(eg_cooccur *dst, const eg_cooccur *src, eg_error *err);

/* The window as the user writes it: "sentence", "paragraph", "document", "tokens:N" (into buf). */
const char *eg_cooccur_window_name(const eg_cooccur_options *opts, char *buf, size_t size);
/* Parses "sentence" | "paragraph" | "document" | "tokens:N" (N >= 1) into opts; false if malformed. */
bool eg_cooccur_parse_window(const char *s, eg_cooccur_options *opts);

#endif
