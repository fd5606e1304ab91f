/*
 * dict: the in-memory dictionary (entities, aliases, the strings they own), row validation and merging,
 * atomic loads. The format and the merge rules are in dict.h; reading TSV files is dict_tsv.c; the checks of
 * single cells and the case rules of aliases are dict_rules.c.
 *
 * Storage (dict_store.h): every string lives in an arena (arena.h), so a million aliases cost a few dozen
 * mallocs (or, for a compiled dictionary adopted whole by eg_dict_adopt, dict_adopt.c, in its mapping, which
 * the dictionary owns).
 * Entities and aliases are flat arrays; an entity's aliases form a list through alias_next, in increasing
 * index order. Two open-addressing hash tables (linear probing, slots hold index + 1, at most half full)
 * map an id to its entity and (entity, key) to aliases, the latter to skip duplicate aliases.
 *
 * Atomic loads: every public loader takes a snapshot (array sizes, arena position, undo-log length) first.
 * Rows only append, except that a row merging into an entity older than the snapshot first saves that
 * entity's record in the undo log. On failure rollback() restores the saved records newest first, truncates
 * everything to the snapshot and rebuilds the hash tables in place; it never allocates, so it cannot fail.
 * On success the undo log is emptied.
 */
#include "dict.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "dict_load.h"
#include "dict_store.h"
#include "error.h"
#include "normalize.h"
#include "registry.h"

#define NONE UINT32_MAX

/* ---- the dictionary -------------------------------------------------------------------------------- */

eg_dict *eg_dict_new(void)
{
    eg_dict *d = eg_calloc(1, sizeof(eg_dict));
    if (d && eg_registry_new(&d->discovered, NULL) != EG_OK) {
        free(d);
        return NULL;
    }
    return d;
}

void eg_dict_free(eg_dict *d)
{
    if (!d)
        return;
    eg_arena_free(&d->strings);
    free(d->ents);
    free(d->aliases);
    free(d->alias_next);
    free(d->alias_hash);
    free(d->types);
    free(d->id_slots);
    free(d->alias_slots);
    free(d->undo);
    eg_registry_free(d->discovered);
    if (d->release)
        d->release(d->backing);
    free(d);
}

size_t eg_dict_n_entities(const eg_dict *d)
{
    return d->n_ents + eg_registry_count(d->discovered);
}

size_t eg_dict_n_defined(const eg_dict *d)
{
    return d->n_ents;
}

eg_status eg_dict_discover(const eg_dict *d, const char *type, const char *label, size_t len, uint32_t *index,
                           eg_error *err)
{
    const char *t = eg_dict_type(d, type);
    uint32_t k;
    /* The registry is shared mutable state behind the dictionary's pointer; it has its own lock. */
    eg_status st = eg_registry_add(d->discovered, t ? t : type, label, len, &k, err);
    if (st == EG_OK)
        *index = (uint32_t)d->n_ents + k;
    return st;
}

size_t eg_dict_n_aliases(const eg_dict *d)
{
    return d->n_aliases;
}

void eg_dict_settle_discovered(eg_dict *d)
{
    eg_registry_settle(d->discovered);
}

const eg_entity *eg_dict_entity(const eg_dict *d, uint32_t index)
{
    if (index >= d->n_ents)
        return eg_registry_entity(d->discovered, (uint32_t)(index - d->n_ents));
    return &d->ents[index].pub;
}

const eg_alias *eg_dict_alias(const eg_dict *d, uint32_t index)
{
    assert(index < d->n_aliases);
    return &d->aliases[index];
}

size_t eg_dict_entity_aliases(const eg_dict *d, uint32_t entity, uint32_t *out, size_t max)
{
    assert(entity < d->n_ents);
    size_t n = 0;
    for (uint32_t a = d->ents[entity].first_alias; a != NONE; a = d->alias_next[a]) {
        if (n < max)
            out[n] = a;
        n++;
    }
    return n;
}

const char *eg_dict_type(const eg_dict *d, const char *type)
{
    for (size_t i = 0; i < d->n_types; i++)
        if (strcmp(d->types[i], type) == 0)
            return d->types[i];
    return NULL;
}

/* ---- hash tables ----------------------------------------------------------------------------------- */

static uint32_t hash_bytes(uint64_t h, const char *s, size_t n)
{
    /* FNV-1a, folded to 32 bits. */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 0x100000001b3ull;
    return (uint32_t)(h ^ (h >> 32));
}

uint32_t eg_dict_id_hash(const char *id, size_t n)
{
    return hash_bytes(0xcbf29ce484222325ull, id, n);
}

static uint32_t alias_hash(uint32_t entity, const char *key, size_t n)
{
    return hash_bytes(0xcbf29ce484222325ull ^ ((uint64_t)entity * 0x9e3779b97f4a7c15ull), key, n);
}

static void slots_put(uint32_t *slots, size_t cap, uint32_t hash, uint32_t index)
{
    size_t i = hash & (cap - 1);
    while (slots[i])
        i = (i + 1) & (cap - 1);
    slots[i] = index + 1;
}

static void rebuild_id_slots(eg_dict *d)
{
    memset(d->id_slots, 0, d->id_cap * sizeof *d->id_slots);
    for (size_t e = 0; e < d->n_ents; e++)
        slots_put(d->id_slots, d->id_cap, d->ents[e].id_hash, (uint32_t)e);
}

static void rebuild_alias_slots(eg_dict *d)
{
    memset(d->alias_slots, 0, d->alias_cap * sizeof *d->alias_slots);
    for (size_t a = 0; a < d->n_aliases; a++)
        slots_put(d->alias_slots, d->alias_cap, d->alias_hash[a], (uint32_t)a);
}

/* Makes room in a table for one more item (n items now), keeping it at most half full. A table made anew
 * is empty: the caller refills it (rebuild_*_slots) when *cap changed. */
static eg_status slots_reserve(uint32_t **slots, size_t *cap, size_t n)
{
    if ((n + 1) * 2 <= *cap)
        return EG_OK;
    size_t ncap = *cap ? *cap * 2 : 64;
    while (ncap < (n + 1) * 2 && ncap <= ((size_t)-1) / 2)
        ncap *= 2;
    if (ncap < (n + 1) * 2 || ncap > ((size_t)-1) / sizeof **slots)
        return EG_ERR_NOMEM;
    uint32_t *s = eg_calloc(ncap, sizeof *s);
    if (!s)
        return EG_ERR_NOMEM;
    free(*slots);
    *slots = s;
    *cap = ncap;
    return EG_OK;
}

static int64_t find_entity(const eg_dict *d, const char *id, size_t n, uint32_t hash)
{
    if (!d->id_cap)
        return -1;
    for (size_t i = hash & (d->id_cap - 1); d->id_slots[i]; i = (i + 1) & (d->id_cap - 1)) {
        const entity_rec *r = &d->ents[d->id_slots[i] - 1];
        if (r->id_hash == hash && strncmp(r->pub.id, id, n) == 0 && r->pub.id[n] == '\0')
            return d->id_slots[i] - 1;
    }
    return -1;
}

int64_t eg_dict_find(const eg_dict *d, const char *id)
{
    size_t n = strlen(id);
    return find_entity(d, id, n, eg_dict_id_hash(id, n));
}

/* ---- snapshots ------------------------------------------------------------------------------------- */

static dict_snapshot take_snapshot(const eg_dict *d)
{
    return (dict_snapshot){d->n_ents, d->n_aliases, d->n_types, d->n_undo, eg_arena_tell(&d->strings)};
}

static void rollback(eg_dict *d, const dict_snapshot *s)
{
    /* The tables change only when entities or aliases were added (a grown table holds them all). */
    bool ents_added = d->n_ents != s->n_ents, aliases_added = d->n_aliases != s->n_aliases;
    while (d->n_undo > s->n_undo) {
        const undo_entry *u = &d->undo[--d->n_undo];
        d->ents[u->index] = u->saved;
        if (u->saved.last_alias != NONE)
            d->alias_next[u->saved.last_alias] = NONE;
    }
    d->n_ents = s->n_ents;
    d->n_aliases = s->n_aliases;
    d->n_types = s->n_types;
    eg_arena_rewind(&d->strings, s->strings);
    if (d->id_cap && ents_added)
        rebuild_id_slots(d);
    if (d->alias_cap && aliases_added)
        rebuild_alias_slots(d);
}

/* Saves entity e's record before a change, when it predates the load in progress. */
static eg_status save_entity(eg_dict *d, const dict_snapshot *s, uint32_t e)
{
    if (e >= s->n_ents)
        return EG_OK;
    if (eg_grow((void **)&d->undo, &d->cap_undo, d->n_undo + 1, sizeof *d->undo))
        return EG_ERR_NOMEM;
    d->undo[d->n_undo++] = (undo_entry){e, d->ents[e]};
    return EG_OK;
}

/* ---- rows ------------------------------------------------------------------------------------------ */

const char *const eg_dict_col_names[DICT_N_COLS] = {"id",    "type",    "name",     "aliases", "exact",
                                                    "short", "country", "wikidata", "roles"};

const char *eg_dict_strndup(eg_dict *d, const char *s, size_t n)
{
    return eg_arena_strndup(&d->strings, s, n);
}

void *eg_dict_alloc(eg_dict *d, size_t n, size_t align)
{
    return eg_arena_alloc(&d->strings, n, align);
}

static eg_status grow_aliases(eg_dict *d)
{
    if (d->n_aliases < d->cap_aliases)
        return EG_OK;
    if (d->n_aliases >= NONE - 1)
        return EG_ERR_LIMIT;
    size_t cap = d->cap_aliases ? d->cap_aliases * 2 : 256;
    eg_alias *a = eg_realloc(d->aliases, cap * sizeof *a);
    if (!a)
        return EG_ERR_NOMEM;
    d->aliases = a;
    uint32_t *next = eg_realloc(d->alias_next, cap * sizeof *next);
    if (!next)
        return EG_ERR_NOMEM;
    d->alias_next = next;
    uint32_t *hash = eg_realloc(d->alias_hash, cap * sizeof *hash);
    if (!hash)
        return EG_ERR_NOMEM;
    d->alias_hash = hash;
    d->cap_aliases = cap;
    return EG_OK;
}

eg_status eg_dict_reserve(eg_dict *d, size_t n_ents, size_t n_aliases)
{
    /* Beyond the limits a load fails anyway (with its own message): reserve up to them only. */
    if (n_ents > NONE - 2 - d->n_ents)
        n_ents = NONE - 2 - d->n_ents;
    if (n_aliases > NONE - 2 - d->n_aliases)
        n_aliases = NONE - 2 - d->n_aliases;
    size_t want_ents = d->n_ents + n_ents, want_aliases = d->n_aliases + n_aliases;
    if (want_ents > d->cap_ents) {
        entity_rec *e = eg_realloc(d->ents, want_ents * sizeof *e);
        if (!e)
            return EG_ERR_NOMEM;
        d->ents = e;
        d->cap_ents = want_ents;
        eg_advise_huge(e, want_ents * sizeof *e);
    }
    if (want_aliases > d->cap_aliases) {
        /* Each array keeps its contents whether or not the next one can grow: cap_aliases moves last. */
        eg_alias *a = eg_realloc(d->aliases, want_aliases * sizeof *a);
        if (!a)
            return EG_ERR_NOMEM;
        d->aliases = a;
        eg_advise_huge(a, want_aliases * sizeof *a);
        uint32_t *next = eg_realloc(d->alias_next, want_aliases * sizeof *next);
        if (!next)
            return EG_ERR_NOMEM;
        d->alias_next = next;
        if (d->alias_hash || !d->aliases_unhashed) {
            uint32_t *hash = eg_realloc(d->alias_hash, want_aliases * sizeof *hash);
            if (!hash)
                return EG_ERR_NOMEM;
            d->alias_hash = hash;
        }
        d->cap_aliases = want_aliases;
    }
    /* The hash tables at the size the rows would grow them to, made once instead of at every doubling. */
    size_t old_cap = d->id_cap;
    if (slots_reserve(&d->id_slots, &d->id_cap, want_ents))
        return EG_ERR_NOMEM;
    if (d->id_cap != old_cap)
        rebuild_id_slots(d);
    if (!d->aliases_unhashed) {
        old_cap = d->alias_cap;
        if (slots_reserve(&d->alias_slots, &d->alias_cap, want_aliases))
            return EG_ERR_NOMEM;
        if (d->alias_cap != old_cap)
            rebuild_alias_slots(d);
    }
    return EG_OK;
}

static eg_status nomem_or_limit(const dict_where *w, eg_status st, eg_error *err)
{
    if (st == EG_ERR_LIMIT)
        return eg_dict_fail(w, NULL, st, err, "too many aliases (the limit is %u)", (unsigned)(NONE - 1));
    return eg_error_nomem(err);
}

static uint32_t alias_hash(uint32_t entity, const char *key, size_t n);

/* Makes the alias hash table of adopted aliases (eg_dict_adopt leaves it until an alias is added). */
static eg_status hash_adopted_aliases(eg_dict *d)
{
    size_t cap = 64;
    while (cap < 2 * (d->n_aliases + 1))
        cap *= 2;
    uint32_t *hash = eg_malloc((d->cap_aliases ? d->cap_aliases : 1) * sizeof *hash);
    uint32_t *slots = eg_calloc(cap, sizeof *slots);
    if (!hash || !slots) {
        free(hash);
        free(slots);
        return EG_ERR_NOMEM;
    }
    for (size_t a = 0; a < d->n_aliases; a++)
        hash[a] = alias_hash(d->aliases[a].entity, d->aliases[a].key, d->aliases[a].key_len);
    free(d->alias_hash);
    free(d->alias_slots);
    d->alias_hash = hash;
    d->alias_slots = slots;
    d->alias_cap = cap;
    rebuild_alias_slots(d);
    d->aliases_unhashed = false;
    return EG_OK;
}

/* Adds the alias s[0..n) (valid UTF-8, n > 0) with the given flags to entity e. */
static eg_status add_alias(dict_load *L, const dict_where *w, uint32_t e, const char *s, size_t n,
                           uint32_t flags, const char *what)
{
    eg_dict *d = L->dict;
    const char *key, *text;
    size_t key_len, text_len;
    eg_status st;
    if (d->aliases_unhashed && hash_adopted_aliases(d))
        return eg_error_nomem(L->err);
    if ((st = eg_normalize_key(s, n, 0, &L->key_nt, &key, &key_len, L->err)) ||
        (st = eg_normalize_key(s, n, EG_NORM_NO_FOLD, &L->text_nt, &text, &text_len, L->err)))
        return st == EG_ERR_NOMEM ? st : eg_dict_fail(w, s, st, L->err, "invalid UTF-8 in %s", what);
    if (key_len == 0)
        return eg_dict_fail(w, s, EG_ERR_PARSE, L->err, "%s \"%.*s\" normalises to nothing", what, (int)n, s);
    if (!eg_dict_has_letter_or_digit(key, key_len))
        return eg_dict_fail(w, s, EG_ERR_PARSE, L->err, "%s \"%.*s\" has no letter or digit", what, (int)n, s);
    if (memchr(key, '\n', key_len))
        return eg_dict_fail(w, s, EG_ERR_PARSE, L->err, "%s \"%.*s\" holds a paragraph break", what, (int)n,
                            s);
    flags |= eg_dict_case_flags(s, n);

    /* Skip a duplicate: same entity, key, flags (the NAME flag aside) and, when exact, text. */
    uint32_t h = alias_hash(e, key, key_len);
    size_t mask = d->alias_cap - 1;
    for (size_t i = h & mask; d->alias_cap && d->alias_slots[i]; i = (i + 1) & mask) {
        uint32_t o = d->alias_slots[i] - 1;
        const eg_alias *a = &d->aliases[o];
        if (d->alias_hash[o] == h && a->entity == e && a->key_len == key_len &&
            memcmp(a->key, key, key_len) == 0 && (a->flags & ~EG_ALIAS_NAME) == (flags & ~EG_ALIAS_NAME) &&
            (!(flags & EG_ALIAS_EXACT) || (a->len == text_len && memcmp(a->text, text, text_len) == 0)))
            return EG_OK;
    }

    if ((st = grow_aliases(d)) || (st = slots_reserve(&d->alias_slots, &d->alias_cap, d->n_aliases)))
        return nomem_or_limit(w, st, L->err);
    if (d->alias_cap != mask + 1) /* the table grew: rehash (allocation-free) */
        rebuild_alias_slots(d);
    const char *key_copy = eg_arena_strndup(&d->strings, key, key_len);
    const char *text_copy = key_copy;
    if (key_copy && (text_len != key_len || memcmp(text, key, key_len) != 0))
        text_copy = eg_arena_strndup(&d->strings, text, text_len);
    if (!key_copy || !text_copy)
        return eg_error_nomem(L->err);

    entity_rec *r = &d->ents[e]; /* saved by add_row when it predates the load */
    uint32_t idx = (uint32_t)d->n_aliases++;
    d->aliases[idx] = (eg_alias){text_copy, text_len, key_copy, key_len, e, flags};
    d->alias_next[idx] = NONE;
    d->alias_hash[idx] = h;
    if (r->last_alias == NONE)
        r->first_alias = idx;
    else
        d->alias_next[r->last_alias] = idx;
    r->last_alias = idx;
    slots_put(d->alias_slots, d->alias_cap, h, idx);
    return EG_OK;
}

/* Adds every non-empty entry of the '|'-separated list in c. */
static eg_status add_alias_list(dict_load *L, const dict_where *w, uint32_t e, dict_cell c, uint32_t flags,
                                const char *what)
{
    for (size_t i = 0; i < c.n;) {
        const char *bar = memchr(c.p + i, '|', c.n - i);
        size_t end = bar ? (size_t)(bar - c.p) : c.n;
        eg_status st;
        if (end > i && (st = add_alias(L, w, e, c.p + i, end - i, flags, what)))
            return st;
        i = end + 1;
    }
    return EG_OK;
}

/* ---- types ---------------------------------------------------------------------------------------- */

static const char *find_type(const eg_dict *d, const char *s, size_t n)
{
    for (size_t i = 0; i < d->n_types; i++)
        if (strncmp(d->types[i], s, n) == 0 && d->types[i][n] == '\0')
            return d->types[i];
    return NULL;
}

static const char *intern_type(eg_dict *d, const char *s, size_t n)
{
    const char *t = find_type(d, s, n);
    if (t)
        return t;
    if (eg_grow((void **)&d->types, &d->cap_types, d->n_types + 1, sizeof *d->types))
        return NULL;
    if (!(t = eg_arena_strndup(&d->strings, s, n)))
        return NULL;
    d->types[d->n_types++] = t;
    return t;
}

/* ---- entities -------------------------------------------------------------------------------------- */

/* "at line 3", "at people.tsv:3" or "earlier": where entity r was defined, seen from w. */
static const char *defined_at(const entity_rec *r, const dict_where *w, char *buf, size_t size)
{
    if (!r->def_path)
        snprintf(buf, size, "earlier");
    else if (w->path && strcmp(r->def_path, w->path) == 0)
        snprintf(buf, size, "at line %zu", r->def_line);
    else
        snprintf(buf, size, "at %s:%zu", r->def_path, r->def_line);
    return buf;
}

/* A later row's value for a field: fills it when empty, must agree otherwise. */
static eg_status merge_value(dict_load *L, const dict_where *w, uint32_t e, const char **field, dict_cell v,
                             const char *what)
{
    if (v.n == 0 || (*field && strncmp(*field, v.p, v.n) == 0 && (*field)[v.n] == '\0'))
        return EG_OK;
    if (*field && **field)
        return eg_dict_fail(w, v.p, EG_ERR_PARSE, L->err,
                            "entity \"%s\" already has %s \"%s\", here \"%.*s\"", L->dict->ents[e].pub.id,
                            what, *field, (int)v.n, v.p);
    if (!(*field = eg_arena_strndup(&L->dict->strings, v.p, v.n)))
        return eg_error_nomem(L->err);
    return EG_OK;
}

/* Merges a later row's country, wikidata, roles and attributes into entity e (already saved). */
static eg_status merge_fields(dict_load *L, const dict_where *w, uint32_t e, const dict_row *r)
{
    eg_dict *d = L->dict;
    eg_entity *ent = &d->ents[e].pub;
    eg_status st;
    if ((st = merge_value(L, w, e, &ent->country, r->c[DICT_COL_COUNTRY], "country")) ||
        (st = merge_value(L, w, e, &ent->wikidata, r->c[DICT_COL_WIKIDATA], "wikidata")))
        return st;

    dict_cell roles = r->c[DICT_COL_ROLES];
    if (roles.n &&
        !(ent->roles && strncmp(ent->roles, roles.p, roles.n) == 0 && ent->roles[roles.n] == '\0')) {
        size_t old = ent->roles ? strlen(ent->roles) : 0;
        char *p = eg_arena_alloc(&d->strings, old + 1 + roles.n + 1, 1);
        if (!p)
            return eg_error_nomem(L->err);
        if (old) {
            memcpy(p, ent->roles, old);
            p[old++] = '|';
        }
        memcpy(p + old, roles.p, roles.n);
        p[old + roles.n] = '\0';
        ent->roles = p;
    }

    /* Attributes: a value fills an empty one or must agree; an attribute the entity lacks is appended. */
    size_t n_new = 0, n_fill = 0;
    for (size_t i = 0; i < r->n_attrs; i++) {
        dict_cell v = r->attrs[i];
        size_t j = 0;
        while (j < ent->n_attrs && strcmp(ent->attr_names[j], r->attr_names[i]) != 0)
            j++;
        if (v.n == 0)
            continue;
        if (j == ent->n_attrs) {
            n_new++;
        } else if (!ent->attr_values[j][0]) {
            n_fill++;
        } else if (strncmp(ent->attr_values[j], v.p, v.n) != 0 || ent->attr_values[j][v.n] != '\0') {
            return eg_dict_fail(w, v.p, EG_ERR_PARSE, L->err,
                                "entity \"%s\" already has x-%s \"%s\", here \"%.*s\"", ent->id,
                                ent->attr_names[j], ent->attr_values[j], (int)v.n, v.p);
        }
    }
    if (n_new + n_fill == 0)
        return EG_OK;
    /* New arrays: the old ones may belong to an earlier load, which a rollback must find intact. */
    size_t n = ent->n_attrs + n_new;
    const char **names = eg_arena_alloc(&d->strings, n * sizeof *names, sizeof *names);
    const char **values = eg_arena_alloc(&d->strings, n * sizeof *values, sizeof *values);
    if (!names || !values)
        return eg_error_nomem(L->err);
    for (size_t j = 0; j < ent->n_attrs; j++) {
        names[j] = ent->attr_names[j];
        values[j] = ent->attr_values[j];
    }
    for (size_t i = 0, k = ent->n_attrs; i < r->n_attrs; i++) {
        dict_cell v = r->attrs[i];
        size_t j = 0;
        while (j < ent->n_attrs && strcmp(names[j], r->attr_names[i]) != 0)
            j++;
        if (v.n == 0 || (j < ent->n_attrs && values[j][0]))
            continue;
        if (j == ent->n_attrs)
            names[j = k++] = r->attr_names[i];
        if (!(values[j] = eg_arena_strndup(&d->strings, v.p, v.n)))
            return eg_error_nomem(L->err);
    }
    ent->n_attrs = n;
    ent->attr_names = names;
    ent->attr_values = values;
    return EG_OK;
}

static eg_status new_entity(dict_load *L, const dict_where *w, const dict_row *r, const char *type,
                            uint32_t hash, uint32_t *out)
{
    eg_dict *d = L->dict;
    eg_arena *a = &d->strings;
    const dict_cell *c = r->c;
    if (d->n_ents >= NONE - 1)
        return eg_dict_fail(w, NULL, EG_ERR_LIMIT, L->err, "too many entities (the limit is %u)",
                            (unsigned)(NONE - 1));
    if (eg_grow((void **)&d->ents, &d->cap_ents, d->n_ents + 1, sizeof *d->ents))
        return eg_error_nomem(L->err);
    size_t old_cap = d->id_cap;
    if (slots_reserve(&d->id_slots, &d->id_cap, d->n_ents))
        return eg_error_nomem(L->err);
    if (d->id_cap != old_cap)
        rebuild_id_slots(d);

    entity_rec rec = {.def_path = L->def_path,
                      .def_line = w->line_no,
                      .first_alias = NONE,
                      .last_alias = NONE,
                      .id_hash = hash};
    eg_entity *e = &rec.pub;
    e->type = type;
    bool ok =
        (e->id = eg_arena_strndup(a, c[DICT_COL_ID].p, c[DICT_COL_ID].n)) &&
        (e->label = eg_arena_strndup(a, c[DICT_COL_NAME].p, c[DICT_COL_NAME].n)) &&
        (!c[DICT_COL_COUNTRY].n ||
         (e->country = eg_arena_strndup(a, c[DICT_COL_COUNTRY].p, c[DICT_COL_COUNTRY].n))) &&
        (!c[DICT_COL_WIKIDATA].n ||
         (e->wikidata = eg_arena_strndup(a, c[DICT_COL_WIKIDATA].p, c[DICT_COL_WIKIDATA].n))) &&
        (!c[DICT_COL_ROLES].n || (e->roles = eg_arena_strndup(a, c[DICT_COL_ROLES].p, c[DICT_COL_ROLES].n)));
    if (ok && r->n_attrs) {
        const char **values = eg_arena_alloc(a, r->n_attrs * sizeof *values, sizeof *values);
        ok = values != NULL;
        for (size_t i = 0; ok && i < r->n_attrs; i++)
            ok = (values[i] = r->attrs[i].n ? eg_arena_strndup(a, r->attrs[i].p, r->attrs[i].n) : "") != NULL;
        e->n_attrs = r->n_attrs;
        e->attr_names = r->attr_names;
        e->attr_values = values;
    }
    if (!ok)
        return eg_error_nomem(L->err);
    *out = (uint32_t)d->n_ents;
    d->ents[d->n_ents++] = rec;
    slots_put(d->id_slots, d->id_cap, hash, *out);
    return EG_OK;
}

eg_status eg_dict_row_add(dict_load *L, const dict_where *w, const dict_row *r)
{
    eg_dict *d = L->dict;
    eg_error *err = L->err;
    const dict_cell *c = r->c;
    dict_cell id = c[DICT_COL_ID], type = c[DICT_COL_TYPE], name = c[DICT_COL_NAME];
    eg_status st;

    if (id.n == 0)
        return eg_dict_fail(w, id.p, EG_ERR_PARSE, err, "empty id");
    if (eg_dict_is_space_byte(id.p[0]) || eg_dict_is_space_byte(id.p[id.n - 1]))
        return eg_dict_fail(w, id.p, EG_ERR_PARSE, err, "id \"%.*s\" begins or ends with white space",
                            (int)id.n, id.p);
    if (type.n == 0)
        return eg_dict_fail(w, type.p, EG_ERR_PARSE, err, "empty type");
    if (!eg_dict_valid_type(type.p, type.n))
        return eg_dict_fail(w, type.p, EG_ERR_PARSE, err,
                            "invalid type \"%.*s\" (use lower-case ASCII letters, digits, '-' and '_')",
                            (int)type.n, type.p);
    if (name.n == 0)
        return eg_dict_fail(w, name.p, EG_ERR_PARSE, err, "empty name");
    dict_cell wd = c[DICT_COL_WIKIDATA];
    if (wd.n && !eg_dict_valid_wikidata(wd.p, wd.n))
        return eg_dict_fail(w, wd.p, EG_ERR_PARSE, err,
                            "invalid wikidata id \"%.*s\" (expected Q and digits, as in Q42)", (int)wd.n,
                            wd.p);
    dict_cell roles = c[DICT_COL_ROLES];
    for (size_t i = 0; i < roles.n;) {
        const char *bar = memchr(roles.p + i, '|', roles.n - i);
        size_t end = bar ? (size_t)(bar - roles.p) : roles.n;
        if (end > i && (st = eg_dict_check_role(w, roles.p + i, end - i, err)))
            return st;
        i = end + 1;
    }

    uint32_t hash = eg_dict_id_hash(id.p, id.n);
    int64_t found = find_entity(d, id.p, id.n, hash);
    uint32_t e = NONE;
    uint32_t name_flags = 0;
    if (found >= 0) {
        e = (uint32_t)found;
        const entity_rec *rec = &d->ents[e];
        if (rec->pub.type != find_type(d, type.p, type.n)) {
            char where_buf[600];
            return eg_dict_fail(
                w, id.p, EG_ERR_PARSE, err, "entity \"%s\" was defined as %s %s, here as %.*s", rec->pub.id,
                rec->pub.type, defined_at(rec, w, where_buf, sizeof where_buf), (int)type.n, type.p);
        }
        if ((st = save_entity(d, &L->snap, e)))
            return eg_error_nomem(err);
        if ((st = merge_fields(L, w, e, r)))
            return st;
    } else {
        const char *t = intern_type(d, type.p, type.n);
        if (!t)
            return eg_error_nomem(err);
        if ((st = new_entity(L, w, r, t, hash, &e)))
            return st;
        name_flags = EG_ALIAS_NAME;
    }
    if ((st = add_alias(L, w, e, name.p, name.n, name_flags, "name")) ||
        (st = add_alias_list(L, w, e, c[DICT_COL_ALIASES], 0, "alias")) ||
        (st = add_alias_list(L, w, e, c[DICT_COL_EXACT], EG_ALIAS_EXACT, "exact alias")) ||
        (st = add_alias_list(L, w, e, c[DICT_COL_SHORT], EG_ALIAS_SHORT, "short form")))
        return st;
    return EG_OK;
}

/* ---- loads ----------------------------------------------------------------------------------------- */

void eg_dict_load_begin(dict_load *L, eg_dict *d, eg_error *err)
{
    memset(L, 0, sizeof *L);
    L->dict = d;
    L->snap = take_snapshot(d);
    L->err = err;
    eg_normtext_init(&L->key_nt);
    eg_normtext_init(&L->text_nt);
}

eg_status eg_dict_load_end(dict_load *L, eg_status st)
{
    if (st)
        rollback(L->dict, &L->snap);
    else
        L->dict->n_undo = L->snap.n_undo;
    eg_normtext_destroy(&L->key_nt);
    eg_normtext_destroy(&L->text_nt);
    return st;
}

eg_status eg_dict_add(eg_dict *d, const char *id, const char *type, const char *name, const char *aliases,
                      const char *exact, const char *shorts, eg_error *err)
{
    static const char *const what[] = {"id", "type", "name", "aliases", "exact", "short"};
    const char *fields[] = {id, type, name, aliases, exact, shorts};
    dict_where w = {NULL, NULL, 0, 0};
    dict_row r = {0};
    for (int k = 0; k < DICT_N_COLS; k++)
        r.c[k] = (dict_cell){"", 0};
    for (int k = 0; k < 6; k++) {
        const char *s = fields[k] ? fields[k] : "";
        size_t n = strlen(s);
        eg_status st = eg_dict_check_text(&w, s, n, what[k], err);
        if (st)
            return st;
        if (strpbrk(s, "\t\r\n"))
            return eg_error_set(err, EG_ERR_PARSE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "%s \"%s\" holds a tab or line break", what[k], s);
        r.c[k] = (dict_cell){s, n}; /* the first six columns are in this order */
    }
    dict_load L;
    eg_dict_load_begin(&L, d, err);
    return eg_dict_load_end(&L, eg_dict_row_add(&L, &w, &r));
}

/* ---- check mode, sources, memory ------------------------------------------------------------------- */

void eg_dict_load_mark(dict_load *L, eg_status st)
{
    if (st)
        rollback(L->dict, &L->snap);
    else
        L->dict->n_undo = L->snap.n_undo;
    L->snap = take_snapshot(L->dict);
}

int64_t eg_dict_find_n(const eg_dict *d, const char *id, size_t n)
{
    return find_entity(d, id, n, eg_dict_id_hash(id, n));
}

const char *eg_dict_entity_source(const eg_dict *d, uint32_t entity, size_t *line)
{
    assert(entity < d->n_ents);
    *line = d->ents[entity].def_line;
    return d->ents[entity].def_path;
}

size_t eg_dict_memory(const eg_dict *d)
{
    size_t n = sizeof *d + d->cap_ents * sizeof *d->ents + d->cap_types * sizeof *d->types +
               d->cap_aliases * (sizeof *d->aliases + sizeof *d->alias_next) +
               (d->alias_hash ? d->cap_aliases * sizeof *d->alias_hash : 0) +
               (d->id_cap + d->alias_cap) * sizeof(uint32_t) + d->cap_undo * sizeof *d->undo;
    return n + eg_arena_bytes(&d->strings);
}
