/*
 * resolve: turn matches into mentions of entities, in document order, with document-level memory.
 *
 * For each match, the aliases of its pattern that accept the surface are its senses.
 *   - Senses that are not short forms: if they name one entity, that is the mention (how = exact when the
 *     alias is the entity's canonical name, else alias). If they name several, prefer one already mentioned
 *     in the document, then one whose `country` was mentioned, then the one defined first in the dictionary.
 *   - Only short-form senses: the candidates are the entities among them already mentioned (by a non-short
 *     alias) earlier in the document. Exactly one: resolved (how = short-form). None or several: dropped
 *     (a "Lee" before any full Lee name, or after two different Lees, is not a mention).
 * Mentions whose span crosses a paragraph boundary are dropped.
 */
#ifndef EG_RESOLVE_H
#define EG_RESOLVE_H

#include "entgraph.h"
#include "matcher.h"

typedef struct eg_resolver eg_resolver;

/* A resolver holds the per-document memory (entities seen); one per thread. */
eg_status eg_resolver_new(const eg_dict *dict, const eg_matcher *m, eg_resolver **out, eg_error *err);
void eg_resolver_free(eg_resolver *r);

/* Resolves matches (text order) of one document whose original text is text[0..len), appending mentions
 * to res->mentions and filling each mention's sentence index from res->sentences (sentences and paragraphs
 * must already be filled). Forgets the previous document first. */
eg_status eg_resolver_run(eg_resolver *r, const char *text, size_t len, const eg_match *matches,
                          size_t n_matches, eg_doc_result *res, eg_error *err);

#endif
