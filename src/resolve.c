/*
 * resolve: matches -> mentions with document-level memory of which entities were named, so that short forms
 * ("Lee", "Wi") resolve only to a person named in full earlier in the same document.
 *
 * Invariant: seen[e] == doc holds exactly for the entities named by a non-short alias in the current
 * document so far (doc increases per document, so nothing needs clearing between documents).
 */
#include "resolve.h"

#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "error.h"

struct eg_resolver {
    const eg_dict *dict;
    const eg_matcher *matcher;
    uint32_t *seen;       /* per entity: number of the document in which it was last named in full */
    size_t n_seen;
    uint32_t doc;         /* current document number, from 1 */
    uint32_t *cand;       /* candidate entities of one match */
    size_t cap_cand;
};

eg_status eg_resolver_new(const eg_dict *dict, const eg_matcher *m, eg_resolver **out, eg_error *err)
{
    *out = NULL;
    eg_resolver *r = eg_calloc(1, sizeof *r);
    if (!r)
        return eg_error_nomem(err);
    r->dict = dict;
    r->matcher = m;
    r->n_seen = eg_dict_n_entities(dict);
    r->seen = eg_calloc(r->n_seen ? r->n_seen : 1, sizeof *r->seen);
    if (!r->seen) {
        free(r);
        return eg_error_nomem(err);
    }
    *out = r;
    return EG_OK;
}

void eg_resolver_free(eg_resolver *r)
{
    if (!r)
        return;
    free(r->seen);
    free(r->cand);
    free(r);
}

static bool seen_now(const eg_resolver *r, uint32_t e)
{
    return r->seen[e] == r->doc;
}

/* Was the country of entity e named in this document? */
static bool country_seen(const eg_resolver *r, uint32_t e)
{
    const eg_entity *ent = eg_dict_entity(r->dict, e);
    if (!ent->country)
        return false;
    int64_t c = eg_dict_find(r->dict, ent->country);
    return c >= 0 && seen_now(r, (uint32_t)c);
}

/* Chooses among several full-name candidates: one already named, then one whose country was named, then
 * the one defined first. */
static uint32_t choose(const eg_resolver *r, const uint32_t *cand, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (seen_now(r, cand[i]))
            return cand[i];
    for (size_t i = 0; i < n; i++)
        if (country_seen(r, cand[i]))
            return cand[i];
    uint32_t best = cand[0];
    for (size_t i = 1; i < n; i++)
        if (cand[i] < best)
            best = cand[i];
    return best;
}

/* Adds e to the candidate list unless present; returns the new count (or SIZE_MAX without memory). */
static size_t add_candidate(eg_resolver *r, size_t n, uint32_t e)
{
    for (size_t i = 0; i < n; i++)
        if (r->cand[i] == e)
            return n;
    if (eg_grow((void **)&r->cand, &r->cap_cand, n + 1, sizeof *r->cand) != EG_OK)
        return SIZE_MAX;
    r->cand[n] = e;
    return n + 1;
}

/* Resolves one match; *entity is UINT32_MAX when it does not name an entity. */
static eg_status resolve_match(eg_resolver *r, const char *text, const eg_match *m, uint32_t *entity,
                               uint32_t *alias, eg_how *how, eg_error *err)
{
    size_t n_aliases;
    const uint32_t *aliases = eg_matcher_pattern_aliases(r->matcher, m->pattern, &n_aliases);
    const char *surface = text + m->start;
    size_t len = m->end - m->start;
    *entity = UINT32_MAX;

    /* Full (non-short) senses first. */
    size_t n = 0;
    uint32_t first_alias = UINT32_MAX;
    for (size_t i = 0; i < n_aliases; i++) {
        const eg_alias *a = eg_dict_alias(r->dict, aliases[i]);
        if ((a->flags & EG_ALIAS_SHORT) || !eg_alias_accepts(a, surface, len))
            continue;
        if ((n = add_candidate(r, n, a->entity)) == SIZE_MAX)
            return eg_error_nomem(err);
    }
    if (n > 0) {
        uint32_t e = n == 1 ? r->cand[0] : choose(r, r->cand, n);
        for (size_t i = 0; i < n_aliases; i++) {
            const eg_alias *a = eg_dict_alias(r->dict, aliases[i]);
            if (a->entity == e && !(a->flags & EG_ALIAS_SHORT) && eg_alias_accepts(a, surface, len)) {
                first_alias = aliases[i];
                break;
            }
        }
        *entity = e;
        *alias = first_alias;
        *how = (eg_dict_alias(r->dict, first_alias)->flags & EG_ALIAS_NAME) ? EG_HOW_EXACT : EG_HOW_ALIAS;
        r->seen[e] = r->doc;
        return EG_OK;
    }

    /* Only short forms: they need exactly one entity named in full before. */
    for (size_t i = 0; i < n_aliases; i++) {
        const eg_alias *a = eg_dict_alias(r->dict, aliases[i]);
        if (!(a->flags & EG_ALIAS_SHORT) || !seen_now(r, a->entity) || !eg_alias_accepts(a, surface, len))
            continue;
        size_t before = n;
        if ((n = add_candidate(r, n, a->entity)) == SIZE_MAX)
            return eg_error_nomem(err);
        if (n > before)
            first_alias = aliases[i];
    }
    if (n == 1) {
        *entity = r->cand[0];
        *alias = first_alias;
        *how = EG_HOW_SHORT_FORM;
    }
    return EG_OK;
}

eg_status eg_resolver_run(eg_resolver *r, const char *text, size_t len, const eg_match *matches,
                          size_t n_matches, eg_doc_result *res, eg_error *err)
{
    (void)len;
    r->doc++;
    if (r->doc == 0) { /* wrapped after 2^32 documents: start the stamps afresh */
        memset(r->seen, 0, r->n_seen * sizeof *r->seen);
        r->doc = 1;
    }
    res->n_mentions = 0;
    size_t s = 0, p = 0;
    for (size_t i = 0; i < n_matches; i++) {
        const eg_match *m = &matches[i];
        while (p < res->n_paragraphs && res->paragraphs[p].end <= m->start)
            p++;
        if (p == res->n_paragraphs || m->start < res->paragraphs[p].start || m->end > res->paragraphs[p].end)
            continue; /* crosses a paragraph break, or lies in white space between paragraphs */
        while (s + 1 < res->n_sentences && res->sentences[s].end <= m->start)
            s++;
        uint32_t entity, alias = UINT32_MAX;
        eg_how how = EG_HOW_EXACT;
        eg_status st = resolve_match(r, text, m, &entity, &alias, &how, err);
        if (st)
            return st;
        if (entity == UINT32_MAX)
            continue;
        if (eg_grow((void **)&res->mentions, &res->cap_mentions, res->n_mentions + 1, sizeof *res->mentions))
            return eg_error_nomem(err);
        res->mentions[res->n_mentions++] = (eg_mention){
            .start = m->start, .end = m->end, .entity = entity, .alias = alias, .how = how,
            .sentence = (uint32_t)s};
    }
    return EG_OK;
}
