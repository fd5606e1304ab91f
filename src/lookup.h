/*
 * lookup: resolves what a user typed for an entity (an id, a label or any dictionary alias) to a node of a
 * graph, case-insensitively, with "did you mean" suggestions for an unknown name and the candidates of an
 * ambiguous one.
 *
 * Names are compared after eg_normalize_string (NFC, utf8proc case folding, typographic folds, white space
 * collapsed and trimmed), so "wi seong-rak", "Wi  Seong‑rak" and "WI SEONG-RAK" are one name. A graph file
 * carries only ids and labels; aliases come from a dictionary when the caller passes one (only entities
 * whose id is a node of the graph contribute). Invariant: the index holds one entry per distinct
 * (normalised name, node) pair, sorted by name, then node row.
 */
#ifndef EG_LOOKUP_H
#define EG_LOOKUP_H

#include "graph.h"

typedef struct eg_lookup eg_lookup;

/* Indexes the ids and labels of g's nodes and, when dict is not NULL, every alias of each dictionary
 * entity that is a node of g. g (and dict) must outlive the index and not change. Names that are not
 * valid UTF-8 are skipped. Errors: EG_ERR_NOMEM. Time: O(N log N) for N names; memory O(total name bytes). */
eg_status eg_lookup_new(const eg_graph *g, const eg_dict *dict, eg_lookup **out, eg_error *err);
void eg_lookup_free(eg_lookup *l);

/* Resolves name to a node row in *node. An exact (byte-equal) id wins outright; otherwise the normalised
 * name must match ids, labels or aliases of exactly one node.
 * Errors: EG_ERR_NOTFOUND with the message `no entity "NAME" in the graph; did you mean "A", "B"?` (up to
 * five suggestions: names within a small edit distance, then names that contain the query as a word
 * prefix), or `"NAME" is ambiguous: Label (id), Label (id), ...` listing the candidates (up to eight, then
 * "and N more"); EG_ERR_USAGE for an empty name or one that is not UTF-8; EG_ERR_NOMEM.
 * Time: O(log N) for a hit; O(N * L^2) for the suggestions (L the name length, capped at 64 characters). */
eg_status eg_lookup_find(const eg_lookup *l, const char *name, size_t *node, eg_error *err);

#endif
