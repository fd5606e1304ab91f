/*
 * dict_check: finding every problem of a set of dictionaries, for `entgraph dict check`.
 *
 * Two parts. Loading in check mode (eg_dict_check_path, implemented by the TSV reader in dict_tsv.c): where
 * eg_dict_load_file stops at the first bad row and keeps nothing of the file, a check load reports each bad
 * row, line or file through a hook, skips it and goes on, keeping the good rows; it also reports each row
 * that repeats an id defined before it (which a load merges silently). Then eg_dict_lint looks at the
 * loaded dictionary for content that loads but is likely wrong:
 *   EG_PROBLEM_AMBIGUOUS    an alias (its normalised key) that several entities share, short forms aside
 *                           (short forms are meant to be shared: they resolve to the entity named in full)
 *   EG_PROBLEM_COMMON_WORD  an alias that is a common English word ("may", "will", "new"), exact ones aside
 *   EG_PROBLEM_SHORT_ALIAS  an alias of one character, or of two ASCII letters or digits that is neither
 *                           exact nor a short form (exact ones such as "US" match only as written)
 *   EG_PROBLEM_UNKNOWN_TYPE a type other than the shipped person, organization, country, role, location
 *                           (allowed; a misspelling is the usual cause), once per type
 *   EG_PROBLEM_REFERENCE    a `country` that is no country entity, a role in `roles` that is no role
 *                           entity, a role scope that is no country or organization entity
 * Every problem comes with a position: the row for load problems, the entity's first definition
 * (eg_dict_entity_source) for the others. Problems are reported in a fixed order (load order; then each
 * kind in turn, by entity or by key), so the output is deterministic.
 *
 * The library never prints: problems go to the caller's callback as eg_error values.
 */
#ifndef EG_DICT_CHECK_H
#define EG_DICT_CHECK_H

#include "entgraph.h"

typedef enum eg_problem_kind {
    EG_PROBLEM_BAD_ROW = 0,  /* error: a row, line or file that does not load */
    EG_PROBLEM_REPEATED_ID,  /* warning: a row adds to an entity defined before it */
    EG_PROBLEM_AMBIGUOUS,    /* warning */
    EG_PROBLEM_COMMON_WORD,  /* warning */
    EG_PROBLEM_SHORT_ALIAS,  /* warning */
    EG_PROBLEM_UNKNOWN_TYPE, /* warning */
    EG_PROBLEM_REFERENCE,    /* warning */
    EG_PROBLEM_N_KINDS
} eg_problem_kind;

/* A short stable name for a kind: "bad-row", "repeated-id", "ambiguous", "common-word", "short-alias",
 * "unknown-type", "reference". */
const char *eg_problem_kind_name(eg_problem_kind kind);

/* Receives one problem: where (path, line, column, offset as known) and what (message). */
typedef void (*eg_problem_fn)(void *ctx, eg_problem_kind kind, const eg_error *what);

/* Hooks of a check load. */
typedef struct eg_dict_check_hooks {
    void (*skipped)(void *ctx, const eg_error *err);                     /* a bad row, line or file */
    void (*repeated)(void *ctx, const eg_error *at, uint32_t entity);   /* at: the repeating row's id cell */
    void *ctx;
} eg_dict_check_hooks;

/* Loads the dictionary file or directory (its *.tsv files, as eg_dict_load_dir) at path into d in check
 * mode (above): problems go to hooks, good rows stay. Returns EG_OK, or EG_ERR_NOMEM (then d holds the rows
 * loaded before). Time: as eg_dict_load_file, plus O(entities + aliases) for each skipped row that had
 * added some of them. */
eg_status eg_dict_check_path(eg_dict *d, const char *path, const eg_dict_check_hooks *hooks, eg_error *err);

/* Reports the warnings above for d and its matcher m through fn; returns the number of problems in *n.
 * Errors: EG_ERR_NOMEM only. Time: O(aliases log aliases + entities x roles). */
eg_status eg_dict_lint(const eg_dict *d, const eg_matcher *m, eg_problem_fn fn, void *ctx, size_t *n,
                       eg_error *err);

#endif
