/*
 * cooccur_impl: private to the cooccur module (cooccur.c counts, cooccur_merge.c merges, cooccur_graph.c
 * makes the graph, partial.c writes and reads the counts as a shard). The state of an eg_cooccur and the few
 * operations that fill it from outside the document loop.
 *
 * Invariants: per-entity arrays have n_entities entries (a capacity: entities never mentioned are zero, days
 * EG_CO_NO_DAY); pairs holds n_pairs (at most EG_CO_MAX_PAIRS) entries back to back, in the order they were
 * first counted, each found through pair_slots (open addressing, 8-byte slots, at least 2 (n_pairs + 1) of
 * them); pair keys are (a << 32) | b with a < b; an item of the period table is a pair key or (e << 32) | e
 * for entity e; n_documents (<= UINT32_MAX) documents were counted, and docs holds the n_docs of them that
 * are kept, by ascending index: every one in entity-document mode (they become nodes), else those that an
 * evidence record quotes (a document no record quotes leaves nothing behind, so memory does not grow with
 * the corpus); every evidence list holds at most opts.evidence records, in input order. Once released, every table is NULL and every
 * size 0 but n_pairs and n_documents, which stay as totals.
 */
#ifndef EG_COOCCUR_IMPL_H
#define EG_COOCCUR_IMPL_H

#include "cooccur.h"
#include "evstore.h"

#define EG_CO_EMPTY UINT64_MAX /* a free slot of the period table */
/* Days since 1970-01-01 are kept in 32 bits: dates have four-digit years (timeline.h), so a day is within
 * a few million of 0. EG_CO_NO_DAY, no dated document, is the same value in 32 and 64 bits. */
#define EG_CO_NO_DAY INT32_MIN
#define EG_CO_MAX_PAIRS (UINT32_MAX - 1) /* pair index + 1 fits a slot's low half */

/* 48 bytes: one per distinct pair, the largest table of the counts. */
typedef struct eg_co_pair {
    uint64_t key;       /* (a << 32) | b with a < b */
    uint64_t windows;   /* windows in which both appear */
    uint32_t documents; /* distinct documents (at most n_documents) */
    uint32_t last_doc;  /* 1-based number of the last document that counted, for `documents` */
    int32_t first_day, last_day; /* days of dated documents, or EG_CO_NO_DAY */
    int32_t ev_head, ev_tail; /* evidence list, -1 when empty */
    uint32_t n_ev;      /* evidence records kept */
} eg_co_pair;

typedef struct eg_co_pcount {
    uint64_t item;   /* pair key or (e << 32 | e); EG_CO_EMPTY when free */
    uint32_t period; /* index into period_names */
    uint64_t count;
} eg_co_pcount;

typedef struct eg_co_doc {
    uint32_t index;          /* 0-based, in input order */
    char *id, *title, *date; /* sanitized copies (NULL when absent or not kept) */
} eg_co_doc;

typedef struct eg_co_link {
    uint32_t entity, doc; /* doc: 0-based document index */
    uint64_t mentions;
} eg_co_link;

struct eg_cooccur {
    eg_cooccur_options opts;
    uint64_t *mentions;   /* per entity */
    uint32_t *documents;  /* per entity (at most n_documents) */
    uint64_t *windows;    /* per entity: windows it appears in */
    uint32_t *last_doc;   /* per entity: last document (1-based) that counted */
    uint64_t *stamp;      /* per entity: last window (1-based) that counted */
    uint64_t *tally;      /* per entity: mentions in the current document (two-mode) */
    int32_t *first_day, *last_day; /* per entity, or EG_CO_NO_DAY */
    size_t n_entities;    /* entities the per-entity arrays hold */
    size_t cap_entities;  /* their room */
    eg_co_pair *pairs;    /* n_pairs entries, in the order first counted */
    size_t n_pairs, cap_pairs;
    uint64_t *pair_slots; /* (hash >> 32) << 32 | (pair index + 1), 0 when free */
    size_t cap_slots;     /* a power of two */
    eg_co_pcount *pcounts;
    size_t n_pcounts, cap_pcounts;
    char (*period_names)[16];
    size_t n_periods, cap_periods;
    eg_co_doc *docs;      /* the kept documents, by ascending index */
    size_t n_docs, cap_docs;
    eg_co_link *doc_ents;  /* two-mode: one per document and entity it mentions */
    size_t n_doc_ents, cap_doc_ents;
    eg_evstore *evidence;
    uint32_t *window;     /* distinct entities of the current window */
    size_t *first;        /* index of each one's first mention in the window */
    size_t cap_window, cap_first;
    size_t *tok;          /* token index of each mention (tokens windows) */
    size_t cap_tok;
    uint64_t n_documents, n_mentions, n_windows, n_capped, n_bad_dates;
    bool dated;           /* some document had a date that parsed */
    bool counting_over;   /* eg_cooccur_end_counting ran: read only */
    bool released;        /* eg_cooccur_release ran: only the totals are left */
};

/* Grows the per-entity arrays to hold at least n entities. Errors: EG_ERR_NOMEM. */
eg_status eg_co_ensure_entities(eg_cooccur *c, size_t n, eg_error *err);

/* The entry of pair {a, b} (a != b, either order), appended with zero counts when missing. The pointer is
 * valid until the next call. Errors: EG_ERR_NOMEM, EG_ERR_LIMIT (EG_CO_MAX_PAIRS pairs already). Time: O(1)
 * expected, amortised. */
eg_status eg_co_pair_slot(eg_cooccur *c, uint32_t a, uint32_t b, eg_co_pair **out, eg_error *err);

/* The index in pairs of the pair with key (a << 32) | b (a < b), or SIZE_MAX. Time: O(1) expected. */
size_t eg_co_pair_find(const eg_cooccur *c, uint64_t key);

/* Grows the pair table so that n pairs in all fit without another rehash. Errors: EG_ERR_NOMEM. */
eg_status eg_co_reserve_pairs(eg_cooccur *c, size_t n, eg_error *err);

/* Adds n to the count of item in period (an index into period_names). Errors: EG_ERR_NOMEM. */
eg_status eg_co_count_period(eg_cooccur *c, uint64_t item, uint32_t period, uint64_t n, eg_error *err);

/* The index of the period named name (at most 15 bytes), added when new. Errors: EG_ERR_NOMEM. */
eg_status eg_co_period_named(eg_cooccur *c, const char *name, uint32_t *index, eg_error *err);

/* Counts n more documents, none of them kept. Errors: EG_ERR_LIMIT (more than UINT32_MAX documents in all);
 * then nothing was counted. */
eg_status eg_co_add_docs(eg_cooccur *c, size_t n, eg_error *err);

/* Appends document index (below n_documents, above every kept index) to docs, its strings NULL; *out gets
 * the entry. Errors: EG_ERR_NOMEM. */
eg_status eg_co_keep_doc(eg_cooccur *c, uint32_t index, eg_co_doc **out, eg_error *err);

/* The kept document index, or NULL. Time: O(log n_docs). */
const eg_co_doc *eg_co_find_doc(const eg_cooccur *c, uint32_t index);

/* Appends a two-mode link (entity mentioned `mentions` times in document doc). Errors: EG_ERR_NOMEM. */
eg_status eg_co_add_link(eg_cooccur *c, uint32_t entity, uint32_t doc, uint64_t mentions, eg_error *err);

/* Fills err for a counter used after eg_cooccur_release; returns EG_ERR_USAGE. */
eg_status eg_co_released_error(eg_error *err);
/* Fills err for counting into a counter after eg_cooccur_end_counting; returns EG_ERR_USAGE. */
eg_status eg_co_counting_over_error(eg_error *err);

/* Widens [*first, *last] to hold day (EG_CO_NO_DAY: nothing). */
void eg_co_see_day(int32_t *first, int32_t *last, int64_t day);

#endif
