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
 * Names in context (with discovery on): a person's full name (dictionary or discovered) teaches its last
 * word, and for Korean names its family name; later in the document that word alone ("Rubio", "Rubio's",
 * "Mr. Rubio", "Lee", "RUBIO") names the person, also where a dictionary entry of another type has the
 * same word (one sense per document), unless two people named so far share it. In an all-caps line
 * (caps.h) neither a short form nor such a word counts: "MAY" in "PRICES MAY RISE" is not Theresa May
 * (the case rules of matcher.h, which a match's caps flag carries here). A discovered name that
 * overlaps a dictionary match without holding it inside yields to the dictionary; one that holds matches
 * inside wins over them.
 */
#ifndef EG_RESOLVE_H
#define EG_RESOLVE_H

#include "discover.h"
#include "entgraph.h"
#include "matcher.h"

typedef struct eg_resolver eg_resolver;

/* A resolver holds the per-document memory (entities seen); one per thread. */
eg_status eg_resolver_new(const eg_dict *dict, const eg_matcher *m, eg_resolver **out, eg_error *err);
void eg_resolver_free(eg_resolver *r);

/* The lexicon whose Korean family names count as words of a full name ("Lee" of "Lee Jae-myung"). */
void eg_resolver_set_lexicon(eg_resolver *r, const eg_lexicon *lex);

/* Resolves matches (text order) and discovered names (discover.h; toks and names may be NULL) of one
 * document whose original text is text[0..len) into res->mentions, in text order, filling each mention's
 * sentence index from res->sentences (sentences and paragraphs must already be filled). Forgets the
 * previous document first. Discovered people are added to the dictionary's registry (eg_dict_discover).
 * Errors: EG_ERR_NOMEM, EG_ERR_LIMIT. Time: O(matches + names + tokens) expected, plus one O(len) pass
 * for all-caps lines in a document where an all-caps word could be a learned surname. */
eg_status eg_resolver_run(eg_resolver *r, const char *text, size_t len, const eg_match *matches,
                          size_t n_matches, const eg_token_vec *toks, const eg_name_vec *names,
                          eg_doc_result *res, eg_error *err);

#endif
