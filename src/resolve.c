/*
 * resolve: matches and discovered names -> mentions with document-level memory of which entities were
 * named, so that short forms ("Lee", "Wi", "Rubio") resolve only to a person named in full earlier in the
 * same document.
 *
 * Invariants: the seen set holds exactly the dictionary entities named by a non-short alias in the current
 * document so far: its slots with stamp == doc (doc increases per document, so nothing needs clearing
 * between documents). A set, not an array over all entities: a document names a few dozen, and each
 * document's result in flight has its own resolver, so an array would cost n_entities * 4 bytes each,
 * touched at random (a page fault per page). The
 * name table maps a word (compared case-insensitively) to the one person whose full name held it in this
 * document, or to "ambiguous" once two people did; its slots are valid only when their stamp is doc.
 */
#include "resolve.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "caps.h"
#include "dict.h"
#include "discover.h"
#include "error.h"
#include "normalize.h"

#define AMBIGUOUS UINT32_MAX

typedef struct name_slot {
    const char *word; /* into the current document's text */
    size_t len;
    uint32_t entity;  /* AMBIGUOUS when two people share the word */
    uint32_t stamp;   /* document number; other values mean an empty slot */
} name_slot;

typedef struct seen_slot {
    uint32_t entity;
    uint32_t stamp; /* document number; other values mean an empty slot */
} seen_slot;

struct eg_resolver {
    const eg_dict *dict;
    const eg_matcher *matcher;
    seen_slot *seen;      /* the entities named in full in this document (see invariants) */
    size_t n_seen, cap_seen; /* cap_seen is 0 or a power of two */
    uint32_t doc;         /* current document number, from 1 */
    uint32_t *cand;       /* candidate entities of one match */
    size_t cap_cand;
    const char *person;   /* the interned type "person", or NULL */
    const eg_lexicon *lex; /* for Korean family names; may be NULL */
    name_slot *names;     /* word -> person (see invariants); cap_names is 0 or a power of two */
    size_t n_names, cap_names;
    unsigned char *drop;  /* per match: covered by a discovered name */
    size_t cap_drop;
    bool *keep;           /* per discovered name: kept */
    size_t cap_keep;
    eg_span *caps;        /* the all-caps lines of document caps_doc (caps.h), found when first needed */
    size_t n_caps, cap_caps;
    uint32_t caps_doc;
};

eg_status eg_resolver_new(const eg_dict *dict, const eg_matcher *m, eg_resolver **out, eg_error *err)
{
    *out = NULL;
    eg_resolver *r = eg_calloc(1, sizeof *r);
    if (!r)
        return eg_error_nomem(err);
    r->dict = dict;
    r->matcher = m;
    r->person = eg_dict_type(dict, "person");
    *out = r;
    return EG_OK;
}

void eg_resolver_free(eg_resolver *r)
{
    if (!r)
        return;
    free(r->seen);
    free(r->cand);
    free(r->names);
    free(r->drop);
    free(r->keep);
    free(r->caps);
    free(r);
}

void eg_resolver_set_lexicon(eg_resolver *r, const eg_lexicon *lex)
{
    r->lex = lex;
}

static size_t seen_hash(uint32_t e, size_t cap)
{
    return (size_t)(((uint64_t)e * 0x9E3779B97F4A7C15ULL) >> 32) & (cap - 1);
}

/* The slot of e in the seen set: e's, or the empty one where it would go. cap_seen > 0. */
static seen_slot *seen_find(const eg_resolver *r, uint32_t e)
{
    size_t i = seen_hash(e, r->cap_seen);
    while (r->seen[i].stamp == r->doc && r->seen[i].entity != e)
        i = (i + 1) & (r->cap_seen - 1);
    return &r->seen[i];
}

static bool seen_now(const eg_resolver *r, uint32_t e)
{
    return r->cap_seen && seen_find(r, e)->stamp == r->doc;
}

/* Adds e to the seen set; grows it at half full. Errors: EG_ERR_NOMEM. */
static eg_status seen_add(eg_resolver *r, uint32_t e)
{
    if ((r->n_seen + 1) * 2 > r->cap_seen) {
        size_t ncap = r->cap_seen ? r->cap_seen * 2 : 64;
        seen_slot *ns = eg_calloc(ncap, sizeof *ns);
        if (!ns)
            return EG_ERR_NOMEM;
        for (size_t i = 0; i < r->cap_seen; i++) {
            if (r->seen[i].stamp != r->doc)
                continue;
            size_t j = seen_hash(r->seen[i].entity, ncap);
            while (ns[j].stamp == r->doc)
                j = (j + 1) & (ncap - 1);
            ns[j] = r->seen[i];
        }
        free(r->seen);
        r->seen = ns;
        r->cap_seen = ncap;
    }
    seen_slot *sl = seen_find(r, e);
    if (sl->stamp != r->doc) {
        *sl = (seen_slot){.entity = e, .stamp = r->doc};
        r->n_seen++;
    }
    return EG_OK;
}

/* ---- the name table: words of people's full names -------------------------------------------------- */

/* utf8proc_tolower, without the call for ASCII (most names). */
static int32_t lower_cp(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
    return utf8proc_tolower(cp);
}

static uint64_t word_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += eg_utf8_decode(s, len, i, &cp);
        h = (h ^ (uint64_t)(uint32_t)lower_cp(cp)) * 1099511628211ULL;
    }
    return h;
}

static bool word_equal(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        int32_t x, y;
        i += eg_utf8_decode(a, alen, i, &x);
        j += eg_utf8_decode(b, blen, j, &y);
        if (lower_cp(x) != lower_cp(y))
            return false;
    }
    return i == alen && j == blen;
}

static name_slot *name_find(const eg_resolver *r, const char *w, size_t len)
{
    if (!r->cap_names)
        return NULL;
    size_t i = word_hash(w, len) & (r->cap_names - 1);
    for (;; i = (i + 1) & (r->cap_names - 1)) {
        name_slot *sl = &r->names[i];
        if (sl->stamp != r->doc || word_equal(sl->word, sl->len, w, len))
            return sl;
    }
}

/* The person a word names in this document, or UINT32_MAX (unknown or ambiguous). */
static uint32_t name_lookup(const eg_resolver *r, const char *w, size_t len)
{
    const name_slot *sl = name_find(r, w, len);
    return sl && sl->stamp == r->doc ? sl->entity : UINT32_MAX;
}

static eg_status name_add(eg_resolver *r, const char *w, size_t len, uint32_t e)
{
    if ((r->n_names + 1) * 2 > r->cap_names) {
        size_t ncap = r->cap_names ? r->cap_names * 2 : 64;
        name_slot *ns = eg_calloc(ncap, sizeof *ns);
        if (!ns)
            return EG_ERR_NOMEM;
        for (size_t i = 0; i < r->cap_names; i++) {
            if (r->names[i].stamp != r->doc)
                continue;
            size_t j = word_hash(r->names[i].word, r->names[i].len) & (ncap - 1);
            while (ns[j].stamp == r->doc)
                j = (j + 1) & (ncap - 1);
            ns[j] = r->names[i];
        }
        free(r->names);
        r->names = ns;
        r->cap_names = ncap;
    }
    name_slot *sl = name_find(r, w, len);
    if (sl->stamp == r->doc) {
        if (sl->entity != e)
            sl->entity = AMBIGUOUS;
        return EG_OK;
    }
    *sl = (name_slot){.word = w, .len = len, .entity = e, .stamp = r->doc};
    r->n_names++;
    return EG_OK;
}

/* Records the words of a person's full name, tokens [a, b) of the text: the last word (the surname) and,
 * for a Korean name (family name + hyphenated given name), the first; a one-word name is its own key. */
static eg_status remember_person(eg_resolver *r, const char *text, const eg_token *t, size_t a, size_t b,
                                 uint32_t e)
{
    if (b <= a)
        return EG_OK;
    size_t last = b - 1;
    while (last > a && (t[last].flags & EG_TOK_INITIAL))
        last--;
    const char *w = text + t[last].start;
    size_t len = t[last].len;
    if ((len == 2 && (memcmp(w, "Jr", 2) == 0 || memcmp(w, "Sr", 2) == 0)) && last > a) {
        last--;
        w = text + t[last].start;
        len = t[last].len;
    }
    eg_status st = EG_OK;
    if (t[last].flags & (EG_TOK_CAP | EG_TOK_UPPER))
        st = name_add(r, w, len, e);
    if (st == EG_OK && b - a == 2 && (t[a + 1].flags & EG_TOK_HYPHEN) &&
        eg_lexicon_has(r->lex, true, text + t[a].start, t[a].len))
        st = name_add(r, text + t[a].start, t[a].len, e);
    return st;
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

/* A bare number ("3", "1996") or a function word ("The", "An", "OF") is never an entity's name, whatever a
 * dictionary says: such rows come from automatic extraction, and no analyst means them. */
static bool never_a_name(const char *s, size_t len)
{
    static const char *const words[] = {"the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for",
                                        "by", "with", "from", "as", "is", "it", "he", "she", "we", "they",
                                        "i", "this", "that", "but", "if", "no", "not", "all", NULL};
    bool letter = false;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += eg_utf8_decode(s, len, i, &cp);
        utf8proc_category_t c = utf8proc_category(cp);
        if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO)
            letter = true;
    }
    if (!letter)
        return true;
    if (len > 4)
        return false;
    char low[5];
    for (size_t i = 0; i < len; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], low, len) == 0)
            return true;
    return false;
}

/* Resolves one match; *entity is UINT32_MAX when it does not name an entity. */
static eg_status resolve_match(eg_resolver *r, const char *text, const eg_match *m, uint32_t *entity,
                               uint32_t *alias, eg_how *how, eg_error *err)
{
    size_t n_aliases;
    const uint32_t *aliases = eg_matcher_pattern_aliases(r->matcher, m->pattern, &n_aliases);
    const char *surface = text + m->start;
    size_t len = m->end - m->start;
    unsigned ctx = m->caps ? EG_ACCEPT_CAPS_LINE : 0;
    *entity = UINT32_MAX;
    if (never_a_name(surface, len))
        return EG_OK;

    /* Full (non-short) senses first. */
    size_t n = 0;
    uint32_t first_alias = UINT32_MAX;
    for (size_t i = 0; i < n_aliases; i++) {
        const eg_alias *a = eg_dict_alias(r->dict, aliases[i]);
        if ((a->flags & EG_ALIAS_SHORT) || !eg_alias_accepts_ctx(a, surface, len, ctx))
            continue;
        if ((n = add_candidate(r, n, a->entity)) == SIZE_MAX)
            return eg_error_nomem(err);
    }
    if (n > 0) {
        uint32_t e = n == 1 ? r->cand[0] : choose(r, r->cand, n);
        for (size_t i = 0; i < n_aliases; i++) {
            const eg_alias *a = eg_dict_alias(r->dict, aliases[i]);
            if (a->entity == e && !(a->flags & EG_ALIAS_SHORT) && eg_alias_accepts_ctx(a, surface, len, ctx)) {
                first_alias = aliases[i];
                break;
            }
        }
        *entity = e;
        *alias = first_alias;
        *how = (eg_dict_alias(r->dict, first_alias)->flags & EG_ALIAS_NAME) ? EG_HOW_EXACT : EG_HOW_ALIAS;
        return seen_add(r, e) == EG_OK ? EG_OK : eg_error_nomem(err);
    }

    /* Only short forms: they need exactly one entity named in full before. */
    for (size_t i = 0; i < n_aliases; i++) {
        const eg_alias *a = eg_dict_alias(r->dict, aliases[i]);
        if (!(a->flags & EG_ALIAS_SHORT) || !seen_now(r, a->entity) ||
            !eg_alias_accepts_ctx(a, surface, len, ctx))
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

/* Is token i a word of its own, not part of a longer capitalised name ("Jones" alone, or after a title
 * as in "Mr. Jones"; not the "Jones" of "Dow Jones")? */
static bool standalone(const char *text, const eg_token_vec *toks, size_t i)
{
    const eg_token *t = toks->items;
    if (i > 0 && (t[i].flags & EG_TOK_GLUE) && (t[i - 1].flags & EG_TOK_CAP) &&
        !eg_is_title_word(text + t[i - 1].start, t[i - 1].len))
        return false;
    return !(i + 1 < toks->n && (t[i + 1].flags & EG_TOK_GLUE) && (t[i + 1].flags & EG_TOK_CAP));
}

static eg_status push_mention(eg_doc_result *res, size_t start, size_t end, uint32_t entity, uint32_t alias,
                              eg_how how, size_t sentence, eg_error *err)
{
    if (eg_grow((void **)&res->mentions, &res->cap_mentions, res->n_mentions + 1, sizeof *res->mentions))
        return eg_error_nomem(err);
    res->mentions[res->n_mentions++] = (eg_mention){
        .start = start, .end = end, .entity = entity, .alias = alias, .how = how, .sentence = (uint32_t)sentence};
    return EG_OK;
}

/* Discovered names against dictionary matches (both sorted, each non-overlapping): a name that overlaps a
 * match without holding it strictly inside is dropped (the dictionary wins); matches strictly inside a
 * kept name are dropped (the longer name wins). */
static eg_status arbitrate(eg_resolver *r, const eg_match *matches, size_t n_matches, const eg_name_vec *names,
                           eg_error *err)
{
    if (eg_grow((void **)&r->drop, &r->cap_drop, n_matches + 1, 1) ||
        eg_grow((void **)&r->keep, &r->cap_keep, names->n + 1, sizeof *r->keep))
        return eg_error_nomem(err);
    memset(r->drop, 0, n_matches);
    size_t j = 0;
    for (size_t i = 0; i < names->n; i++) {
        const eg_name_span *d = &names->items[i];
        while (j < n_matches && matches[j].end <= d->start)
            j++;
        bool keep = true;
        size_t k = j;
        for (; k < n_matches && matches[k].start < d->end; k++)
            if (matches[k].start < d->start || matches[k].end > d->end ||
                (matches[k].start == d->start && matches[k].end == d->end))
                keep = false;
        r->keep[i] = keep;
        if (keep)
            for (size_t q = j; q < k; q++)
                r->drop[q] = 1;
    }
    return EG_OK;
}

/* Is text[start, end) in an all-caps line (caps.h)? The lines are found once per document, when a word
 * first asks. */
static eg_status in_caps_line(eg_resolver *r, const char *text, size_t len, size_t start, size_t end,
                              bool *caps, eg_error *err)
{
    if (r->caps_doc != r->doc) {
        eg_status st = eg_caps_lines(text, len, &r->caps, &r->n_caps, &r->cap_caps, err);
        if (st)
            return st;
        r->caps_doc = r->doc;
    }
    *caps = eg_caps_covers(r->caps, r->n_caps, start, end);
    return EG_OK;
}

eg_status eg_resolver_run(eg_resolver *r, const char *text, size_t len, const eg_match *matches,
                          size_t n_matches, const eg_token_vec *toks, const eg_name_vec *names,
                          eg_doc_result *res, eg_error *err)
{
    r->doc++;
    if (r->doc == 0) { /* wrapped after 2^32 documents: start the stamps afresh */
        if (r->seen)
            memset(r->seen, 0, r->cap_seen * sizeof *r->seen);
        if (r->names)
            memset(r->names, 0, r->cap_names * sizeof *r->names);
        r->doc = 1;
        r->caps_doc = 0;
    }
    r->n_names = r->n_seen = 0;
    res->n_mentions = 0;
    static const eg_token_vec no_toks;
    static const eg_name_vec no_names;
    if (!toks)
        toks = &no_toks;
    if (!names)
        names = &no_names;
    eg_status st = arbitrate(r, matches, n_matches, names, err);
    if (st)
        return st;
    const eg_token *t = toks->items;
    size_t s = 0, p = 0, mi = 0, ni = 0, ti = 0, covered = 0;
    for (;;) {
        while (mi < n_matches && r->drop[mi])
            mi++;
        while (ni < names->n && !r->keep[ni])
            ni++;
        size_t ms = mi < n_matches ? matches[mi].start : SIZE_MAX;
        size_t ns = ni < names->n ? names->items[ni].start : SIZE_MAX;
        size_t ts = ti < toks->n ? t[ti].start : SIZE_MAX;
        if (ms == SIZE_MAX && ns == SIZE_MAX && ts == SIZE_MAX)
            break;
        size_t start = ms < ns ? ms : ns;
        int kind = ms <= ns ? 0 : 1; /* 0 match, 1 name, 2 lone word */
        if (ts < start) {
            start = ts;
            kind = 2;
        }
        size_t end = kind == 0 ? matches[mi].end : kind == 1 ? names->items[ni].end : eg_token_end(&t[ti]);
        if (kind == 2 && start < covered) {
            ti++;
            continue;
        }
        while (p < res->n_paragraphs && res->paragraphs[p].end <= start)
            p++;
        bool inside = p < res->n_paragraphs && start >= res->paragraphs[p].start && end <= res->paragraphs[p].end;
        while (s + 1 < res->n_sentences && res->sentences[s].end <= start)
            s++;
        /* The tokens of this span: [ta, tb). */
        size_t ta = ti;
        while (ta < toks->n && t[ta].start < start)
            ta++;
        size_t tb = ta;
        while (tb < toks->n && t[tb].start < end)
            tb++;
        if (kind == 2) {
            ti++;
            uint32_t e = inside && (t[ta].flags & (EG_TOK_CAP | EG_TOK_UPPER)) && standalone(text, toks, ta)
                             ? name_lookup(r, text + start, end - start) : UINT32_MAX;
            /* In an all-caps line a single word is no short form (matcher.h): "MAY" is not Theresa May. */
            bool caps = false;
            if (e != UINT32_MAX && (t[ta].flags & EG_TOK_UPPER) &&
                (st = in_caps_line(r, text, len, start, end, &caps, err)))
                return st;
            if (caps)
                e = UINT32_MAX;
            if (e != UINT32_MAX && (st = push_mention(res, start, end, e, UINT32_MAX, EG_HOW_SHORT_FORM, s, err)))
                return st;
            continue;
        }
        if (kind == 0)
            mi++;
        else
            ni++;
        if (end > covered)
            covered = end;
        if (!inside)
            continue; /* crosses a paragraph break, or lies in white space between paragraphs */
        uint32_t entity = UINT32_MAX, alias = UINT32_MAX;
        eg_how how = EG_HOW_EXACT;
        if (kind == 0) {
            if ((st = resolve_match(r, text, &matches[mi - 1], &entity, &alias, &how, err)))
                return st;
            const eg_entity *ent = entity != UINT32_MAX ? eg_dict_entity(r->dict, entity) : NULL;
            if (tb - ta == 1 && (!ent || ent->type != r->person) && !matches[mi - 1].caps &&
                standalone(text, toks, ta)) {
                /* One word that is the surname of a person named in this document: that person. */
                uint32_t e = name_lookup(r, text + start, end - start);
                if (e != UINT32_MAX) {
                    entity = e;
                    alias = UINT32_MAX;
                    how = EG_HOW_SHORT_FORM;
                    ent = eg_dict_entity(r->dict, e);
                }
            }
            if (ent && ent->type == r->person && how != EG_HOW_SHORT_FORM && tb - ta >= 2 &&
                (st = remember_person(r, text, t, ta, tb, entity)))
                return eg_error_nomem(err);
        } else {
            const eg_name_span *d = &names->items[ni - 1];
            entity = d->n_tok == 1 ? name_lookup(r, text + start, end - start) : UINT32_MAX;
            how = EG_HOW_SHORT_FORM;
            if (entity == UINT32_MAX) {
                if ((st = eg_dict_discover(r->dict, "person", text + start, end - start, &entity, err)))
                    return st;
                how = d->why == EG_NAME_GIVEN ? EG_HOW_DISCOVERED : EG_HOW_ROLE_TRIGGER;
                if ((st = remember_person(r, text, t, ta, tb, entity)))
                    return eg_error_nomem(err);
            }
        }
        if (entity == UINT32_MAX)
            continue;
        if ((st = push_mention(res, start, end, entity, alias, how, s, err)))
            return st;
    }
    return EG_OK;
}
