/*
 * cooccur: counts entities and unordered entity pairs per window (sentence) over many documents, without
 * igraph, then turns the counts into an eg_graph.
 *
 * A pair counts once per window however often its entities repeat there. Windows with more than
 * EG_COOCCUR_MAX_WINDOW_ENTITIES distinct entities count only the first that many (in text order) for pairs
 * and the window is counted in n_capped_windows, so one pathological sentence cannot make the work quadratic.
 */
#ifndef EG_COOCCUR_H
#define EG_COOCCUR_H

#include "entgraph.h"
#include "graph.h"

#define EG_COOCCUR_MAX_WINDOW_ENTITIES 500

typedef struct eg_cooccur eg_cooccur;

eg_status eg_cooccur_new(eg_cooccur **out, eg_error *err);
void eg_cooccur_free(eg_cooccur *c);

/* Adds one analysed document: its mentions (entity counts, document frequency) and its sentences
 * (pairs). Time: O(mentions + pairs). */
eg_status eg_cooccur_add_document(eg_cooccur *c, const eg_doc_result *res, eg_error *err);

size_t eg_cooccur_n_documents(const eg_cooccur *c);
size_t eg_cooccur_n_mentions(const eg_cooccur *c);
size_t eg_cooccur_n_capped_windows(const eg_cooccur *c);

/* Makes the graph: one node per entity mentioned at least once (id, label, type from dict, mentions,
 * documents, and the entity's country / wikidata / x- attributes), one edge per pair (weight = count =
 * windows). Sorted (eg_graph_sort). */
eg_status eg_cooccur_to_graph(const eg_cooccur *c, const eg_dict *dict, eg_graph **out, eg_error *err);

#endif
