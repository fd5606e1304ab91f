/*
 * dict_check: the content warnings of eg_dict_lint (the check loads are in dict_tsv.c); dict_check.h lists
 * the kinds. Each kind is one pass in a fixed order, so two runs over the same dictionaries report the same
 * problems in the same order.
 */
#include "dict_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "error.h"
#include "matcher.h"
#include "normalize.h"

const char *eg_problem_kind_name(eg_problem_kind kind)
{
    static const char *const names[EG_PROBLEM_N_KINDS] = {"bad-row",     "repeated-id",  "ambiguous",
                                                          "common-word", "short-alias",  "unknown-type",
                                                          "reference"};
    return kind < EG_PROBLEM_N_KINDS ? names[kind] : "?";
}

/* Common English words (case-folded, sorted): an alias equal to one matches ordinary prose. The most
 * frequent words of English, with month and day names and the words that are also given names. */
static const char *const common_words[] = {
    "able", "about", "according", "after", "again", "against", "air", "all", "along", "also", "always", "am",
    "among", "an", "and", "any", "april", "are", "area", "around", "art", "as", "at", "august", "back", "bad",
    "be", "because", "been", "before", "best", "better", "between", "big", "bill", "black", "blue", "body",
    "book", "both", "but", "by", "can", "car", "case", "chance", "change", "child", "clear", "come", "could",
    "day", "december", "did", "different", "do", "does", "door", "during", "each", "early", "either", "end",
    "even", "every", "eye", "face", "fact", "faith", "father", "february", "few", "first", "for", "frank",
    "free", "friday", "friend", "from", "full", "game", "get", "girl", "give", "go", "good", "grace", "great",
    "green", "guy", "had", "hand", "hard", "has", "have", "he", "head", "her", "here", "high", "him", "his",
    "home", "hope", "hour", "house", "how", "idea", "if", "important", "in", "information", "into", "is",
    "issue", "it", "its", "january", "job", "joy", "july", "june", "just", "kid", "kind", "know", "large",
    "last", "late", "level", "life", "like", "line", "little", "long", "look", "lot", "low", "major", "make",
    "man", "many", "march", "mark", "may", "me", "might", "minute", "moment", "monday", "money", "month",
    "more", "morning", "most", "mother", "much", "must", "my", "name", "need", "neither", "never", "new",
    "next", "night", "no", "not", "november", "now", "number", "october", "of", "often", "old", "on", "once",
    "one", "only", "open", "or", "other", "others", "our", "out", "over", "own", "part", "pat", "people",
    "person", "place", "point", "public", "question", "real", "reason", "red", "research", "result", "right",
    "room", "rose", "said", "same", "saturday", "say", "says", "see", "september", "shall", "she", "short",
    "should", "side", "small", "so", "some", "still", "story", "study", "such", "sue", "sunday", "sure",
    "take", "teacher", "than", "that", "the", "their", "them", "then", "there", "these", "they", "think",
    "this", "through", "thursday", "time", "to", "told", "too", "tuesday", "two", "under", "up", "us", "use",
    "very", "want", "was", "water", "way", "we", "wednesday", "week", "well", "were", "what", "when", "where",
    "which", "white", "who", "whole", "why", "will", "with", "within", "without", "woman", "word", "work",
    "world", "would", "year", "yes", "yet", "you", "your",
};

static int cmp_word(const void *key, const void *elem)
{
    const char *const *w = elem;
    return strcmp(key, *w);
}

static bool is_common_word(const char *key, size_t n)
{
    char buf[16];
    if (n >= sizeof buf)
        return false;
    memcpy(buf, key, n);
    buf[n] = '\0';
    return bsearch(buf, common_words, sizeof common_words / sizeof common_words[0], sizeof common_words[0],
                   cmp_word) != NULL;
}

/* One lint run: the dictionary, the callback and the count. */
typedef struct lint {
    const eg_dict *d;
    eg_problem_fn fn;
    void *ctx;
    size_t n;
} lint;

/* Reports a problem at entity e's first definition. */
static void report(lint *L, eg_problem_kind kind, uint32_t e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(lint *L, eg_problem_kind kind, uint32_t e, const char *fmt, ...)
{
    eg_error what;
    size_t line = EG_NO_POS;
    const char *path = eg_dict_entity_source(L->d, e, &line);
    char msg[sizeof what.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    eg_error_set(&what, EG_OK, path, path ? line : EG_NO_POS, EG_NO_POS, EG_NO_POS, "%s", msg);
    L->n++;
    L->fn(L->ctx, kind, &what);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Keys that several entities share through aliases that are not short forms; reported at the definition of
 * the second entity (in index order), where the clash began. */
static eg_status check_ambiguous(lint *L, const eg_matcher *m, eg_error *err)
{
    uint32_t *ents = NULL;
    size_t cap = 0;
    for (uint32_t p = 0; p < eg_matcher_n_patterns(m); p++) {
        size_t n_al, n = 0;
        const uint32_t *al = eg_matcher_pattern_aliases(m, p, &n_al);
        if (n_al < 2)
            continue;
        if (eg_grow((void **)&ents, &cap, n_al, sizeof *ents)) {
            free(ents);
            return eg_error_nomem(err);
        }
        for (size_t k = 0; k < n_al; k++) {
            const eg_alias *a = eg_dict_alias(L->d, al[k]);
            if (!(a->flags & EG_ALIAS_SHORT))
                ents[n++] = a->entity;
        }
        eg_sort(ents, n, sizeof *ents, cmp_u32);
        size_t u = 0;
        for (size_t k = 0; k < n; k++)
            if (u == 0 || ents[k] != ents[u - 1])
                ents[u++] = ents[k];
        if (u < 2)
            continue;
        char list[400];
        size_t used = 0;
        for (size_t k = 0; k < u && k < 5 && used < sizeof list; k++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                             eg_dict_entity(L->d, ents[k])->id);
            used += w > 0 ? (size_t)w : 0;
        }
        if (u > 5 && used < sizeof list)
            snprintf(list + used, sizeof list - used, " and %zu more", u - 5);
        const eg_alias *first = eg_dict_alias(L->d, al[0]);
        report(L, EG_PROBLEM_AMBIGUOUS, ents[1], "alias \"%s\" belongs to %zu entities: %s", first->text, u,
               list);
    }
    free(ents);
    return EG_OK;
}

/* Common words and very short aliases, by alias index. */
static void check_aliases(lint *L)
{
    for (uint32_t i = 0; i < eg_dict_n_aliases(L->d); i++) {
        const eg_alias *a = eg_dict_alias(L->d, i);
        const char *id = eg_dict_entity(L->d, a->entity)->id;
        size_t chars = 0, ascii_alnum = 0;
        for (size_t k = 0; k < a->key_len;) {
            int32_t cp;
            k += eg_utf8_decode(a->key, a->key_len, k, &cp);
            chars++;
            ascii_alnum += (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
        }
        bool exact = a->flags & EG_ALIAS_EXACT, shortf = a->flags & EG_ALIAS_SHORT;
        if (!exact && is_common_word(a->key, a->key_len))
            report(L, EG_PROBLEM_COMMON_WORD, a->entity, "alias \"%s\" of %s is a common English word%s", a->text,
                   id, a->flags & EG_ALIAS_CASED ? "" : " (and matches it in lower case too)");
        else if (chars == 1 || (chars == 2 && ascii_alnum == 2 && !exact && !shortf))
            report(L, EG_PROBLEM_SHORT_ALIAS, a->entity, "alias \"%s\" of %s is very short (%zu character%s)%s",
                   a->text, id, chars, chars == 1 ? "" : "s",
                   chars == 2 ? "; make it exact or a short form" : "");
    }
}

static bool known_type(const char *t)
{
    static const char *const known[] = {"person", "organization", "country", "role", "location"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(t, known[i]) == 0)
            return true;
    return false;
}

/* The type of the entity named id[0..n), or NULL when there is none. */
static const char *type_of(const eg_dict *d, const char *id, size_t n)
{
    char buf[512];
    if (n >= sizeof buf)
        return NULL;
    memcpy(buf, id, n);
    buf[n] = '\0';
    int64_t e = eg_dict_find(d, buf);
    return e >= 0 ? eg_dict_entity(d, (uint32_t)e)->type : NULL;
}

/* Unknown types (once each, at their first entity) and references to missing entities, by entity. */
static void check_entities(lint *L)
{
    const char *seen_types[64];
    size_t n_seen = 0;
    for (uint32_t e = 0; e < eg_dict_n_defined(L->d); e++) {
        const eg_entity *ent = eg_dict_entity(L->d, e);
        bool seen = false;
        for (size_t k = 0; k < n_seen && !seen; k++)
            seen = seen_types[k] == ent->type;
        if (!seen && !known_type(ent->type)) {
            if (n_seen < sizeof seen_types / sizeof seen_types[0])
                seen_types[n_seen++] = ent->type;
            report(L, EG_PROBLEM_UNKNOWN_TYPE, e,
                   "type \"%s\" of %s is none of person, organization, country, role, location (allowed, "
                   "but check the spelling)", ent->type, ent->id);
        }
        if (ent->country) {
            const char *t = type_of(L->d, ent->country, strlen(ent->country));
            if (!t || strcmp(t, "country") != 0)
                report(L, EG_PROBLEM_REFERENCE, e, "country \"%s\" of %s is %s", ent->country, ent->id,
                       t ? "not a country" : "no entity");
        }
        /* roles: ROLE_ID@SCOPE_ID/FROM/TO entries (syntax checked by the loader), '|'-separated. */
        for (const char *r = ent->roles; r && *r;) {
            const char *bar = strchr(r, '|'), *end = bar ? bar : r + strlen(r);
            const char *at = memchr(r, '@', (size_t)(end - r)), *slash = NULL;
            int slashes = 0;
            for (const char *q = end; at && q > at && slashes < 2; q--)
                if (q[-1] == '/' && ++slashes == 2)
                    slash = q - 1;
            if (at && slash) {
                const char *rt = type_of(L->d, r, (size_t)(at - r));
                const char *st = slash > at + 1 ? type_of(L->d, at + 1, (size_t)(slash - at - 1)) : "country";
                if (!rt || strcmp(rt, "role") != 0)
                    report(L, EG_PROBLEM_REFERENCE, e, "role \"%.*s\" of %s is %s", (int)(at - r), r, ent->id,
                           rt ? "not a role" : "no entity");
                if (!st || (strcmp(st, "country") != 0 && strcmp(st, "organization") != 0))
                    report(L, EG_PROBLEM_REFERENCE, e, "role scope \"%.*s\" of %s is %s", (int)(slash - at - 1),
                           at + 1, ent->id, st ? "neither a country nor an organization" : "no entity");
            }
            r = bar ? bar + 1 : end;
        }
    }
}

eg_status eg_dict_lint(const eg_dict *d, const eg_matcher *m, eg_problem_fn fn, void *ctx, size_t *n,
                       eg_error *err)
{
    lint L = {d, fn, ctx, 0};
    eg_status st = check_ambiguous(&L, m, err);
    if (st == EG_OK) {
        check_aliases(&L);
        check_entities(&L);
    }
    *n = L.n;
    return st;
}
