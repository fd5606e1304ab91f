/*
 * roles: people and the roles the text gives them, per document and counted over a run.
 *
 * Attachment (eg_roles_attach) reads the resolved mentions of one document, in text order, and attaches a
 * role mention to a person mention of the same sentence when the words between them follow one of these
 * patterns (M = a country or organization mention, R = a role mention, P = a person mention):
 *   apposition   P, [the] [M's] R            "Wi Seong-rak, South Korea's National Security Advisor"
 *   serves-as    P, who serves as [both] R   "Marco Rubio, who serves as both Secretary of State and ..."
 *                (also is / was / served / has served / became / will serve / also serves as)
 *   title        [M['s]] R P | R of M P      "Secretary of State Marco Rubio", "US President Trump"
 * After R, "and R", ", R" and "as well as R" attach further roles of the same person with the same scope;
 * "R of|at|for [the] M" gives the scope when none came before R. The scope is the country or organization
 * of the pattern; when the text gives none, the person's own `country` column (scope_in_text false); else
 * none (EG_NO_ENTITY). Words between mentions are compared after collapsing white space; ’ counts as '.
 *
 * Dated holders (eg_roles_resolve_holders): with a document date, a dated role of the dictionary written
 * with a country ("South Korea's president", "the South Korean president", "president of South Korea",
 * any letter case) and not followed by a person's name becomes a person mention (how EG_HOW_ROLE_HOLDER)
 * of the one dictionary person whose `roles` hold ROLE@COUNTRY on that date, plus a role attachment.
 * Several holders on that date, or none: nothing. Undated roles (ROLE@SCOPE//) never select a holder.
 * Country adjectives are the country's name plus "n" (South Korean, Russian, Indian).
 *
 * Counting (eg_roles_acc): (person, role, scope) triples with attachment and document counts, fed one
 * document result at a time by the single thread that delivers results.
 */
#ifndef EG_ROLES_H
#define EG_ROLES_H

#include "entgraph.h"

/* Attaches roles (patterns above) from res->mentions and res->sentences into res->roles, replacing what
 * was there. dict resolves entity types and countries. Errors: EG_ERR_NOMEM.
 * Time: O(mentions) plus the bytes between neighbouring mentions, each gap read at most a few times. */
eg_status eg_roles_attach(const eg_dict *dict, const char *text, size_t len, eg_doc_result *res,
                          eg_error *err);

/* Who held which dated role when: made once from a dictionary, read-only afterwards (threads may share). */
typedef struct eg_role_index eg_role_index;

/* Parses the `roles` column of every person of dict ("ROLE@SCOPE/FROM/TO|..."); entries naming an id the
 * dictionary does not define, or without a FROM date, are left out. Errors: EG_ERR_NOMEM.
 * Time: O(people x roles + R log R) for R entries. */
eg_status eg_role_index_new(const eg_dict *dict, eg_role_index **out, eg_error *err);
void eg_role_index_free(eg_role_index *ix);

/* The one person holding role@scope on date (ISO, "YYYY[-MM[-DD]]"...; compared on the common prefix
 * with FROM and TO), or EG_NO_ENTITY when none or several do. Time: O(log R + holders of that role). */
uint32_t eg_role_index_holder(const eg_role_index *ix, uint32_t role, uint32_t scope, const char *date);

/* Adds role-holder mentions and their attachments for a document with date (NULL: does nothing) to res,
 * keeping res->mentions in text order; run after eg_roles_attach. Errors: EG_ERR_NOMEM.
 * Time: O(words of text x dated role titles) in the worst case, usually O(len). */
eg_status eg_roles_resolve_holders(const eg_role_index *ix, const eg_dict *dict, const char *text, size_t len,
                                   const char *date, eg_doc_result *res, eg_error *err);

/* One counted attachment triple. */
typedef struct eg_role_count {
    uint32_t person, role, scope; /* entity indices; scope may be EG_NO_ENTITY */
    size_t count;                 /* attachments in the text */
    size_t documents;             /* documents with at least one */
    size_t last_doc;              /* private: the document that counted last */
} eg_role_count;

typedef struct eg_roles_acc eg_roles_acc;

eg_status eg_roles_acc_new(eg_roles_acc **out, eg_error *err);
void eg_roles_acc_free(eg_roles_acc *a);

/* Counts the attachments of one document result. Errors: EG_ERR_NOMEM. Time: O(res->n_roles) expected. */
eg_status eg_roles_acc_add(eg_roles_acc *a, const eg_doc_result *res, eg_error *err);

/* Adds item's attachment and document counts to the triple (item->person, role, scope) of a, as when they
 * come from documents counted elsewhere (a partial result). Errors: EG_ERR_NOMEM. Time: O(1) expected. */
eg_status eg_roles_acc_add_count(eg_roles_acc *a, const eg_role_count *item, eg_error *err);

/* Adds every triple of src to dst, as if src's documents had been counted by dst after its own. Both must
 * index entities alike. src is not changed. Errors: EG_ERR_NOMEM. Time: O(triples of src). */
eg_status eg_roles_acc_merge(eg_roles_acc *dst, const eg_roles_acc *src, eg_error *err);

/* The counted triples sorted by (person, role, scope); valid until the next add or free. */
const eg_role_count *eg_roles_acc_items(eg_roles_acc *a, size_t *n);

#endif
