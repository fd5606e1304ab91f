/*
 * dict_adopt: a compiled dictionary's contents taken over by an empty dictionary in one piece (eg_dict_adopt,
 * dict_load.h): every entity checked as a row would be, the id table filled, the aliases linked per entity;
 * on any error the dictionary is empty again.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "dict_load.h"
#include "dict_store.h"
#include "error.h"

#define NONE UINT32_MAX

/* What a row must satisfy, asked of an adopted entity (number i), so that an adopted dictionary holds
 * nothing a load would refuse. */
static eg_status check_adopted(const eg_entity *e, size_t i, eg_error *err)
{
    dict_where w = {NULL, NULL, 0, 0};
    size_t n = strlen(e->id);
    const char *bad = NULL;
    if (n == 0 || eg_dict_is_space_byte(e->id[0]) || eg_dict_is_space_byte(e->id[n - 1]) || strpbrk(e->id, "\t\r\n"))
        bad = "its id is empty or holds white space at an end, a tab or a line break";
    else if (!eg_dict_valid_type(e->type, strlen(e->type)))
        bad = "its type is not lower-case ASCII letters, digits, '-' and '_'";
    else if (!e->label[0])
        bad = "its name is empty";
    else if (e->wikidata && !eg_dict_valid_wikidata(e->wikidata, strlen(e->wikidata)))
        bad = "its wikidata id is not Q and digits";
    if (bad)
        return eg_error_set(err, EG_ERR_PARSE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "entity %zu (\"%s\"): %s",
                            i, e->id, bad);
    for (const char *r = e->roles; r && *r;) {
        const char *bar = strchr(r, '|');
        size_t len = bar ? (size_t)(bar - r) : strlen(r);
        eg_status st;
        if (len && (st = eg_dict_check_role(&w, r, len, err)))
            return st;
        r += len + (bar != NULL);
    }
    return EG_OK;
}

eg_status eg_dict_adopt(eg_dict *d, const dict_image *img, eg_error *err)
{
    eg_status st = EG_OK;
    assert(d->n_ents == 0 && d->n_aliases == 0 && d->n_types == 0 && !d->backing);
    if (img->n_ents >= NONE - 1 || img->n_aliases >= NONE - 1) {
        free(img->aliases);
        return eg_error_set(err, EG_ERR_LIMIT, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "%zu entities and %zu aliases: the limit is %u of each", img->n_ents,
                            img->n_aliases, (unsigned)(NONE - 2));
    }
    d->aliases = img->aliases;
    d->cap_aliases = img->n_aliases;
    size_t id_cap = 64;
    while (id_cap < 2 * (img->n_ents + 1))
        id_cap *= 2;
    if (!(d->types = eg_malloc((img->n_types ? img->n_types : 1) * sizeof *d->types)) ||
        !(d->ents = eg_malloc((img->n_ents ? img->n_ents : 1) * sizeof *d->ents)) ||
        !(d->alias_next = eg_malloc((img->n_aliases ? img->n_aliases : 1) * sizeof *d->alias_next)) ||
        !(d->id_slots = eg_calloc(id_cap, sizeof *d->id_slots))) {
        st = eg_error_nomem(err);
        goto fail;
    }
    eg_advise_huge(d->ents, img->n_ents * sizeof *d->ents);
    d->cap_types = img->n_types;
    d->cap_ents = img->n_ents;
    d->id_cap = id_cap;
    memcpy(d->types, img->types, img->n_types * sizeof *d->types);
    d->n_types = img->n_types;

    for (size_t e = 0; e < img->n_ents; e++) {
        entity_rec *r = &d->ents[e];
        memset(r, 0, sizeof *r);
        if ((st = img->entity(img->ctx, d, (uint32_t)e, &r->pub, &r->def_path, &r->def_line, err)) ||
            (st = check_adopted(&r->pub, e, err)))
            goto fail;
        size_t n = strlen(r->pub.id);
        uint32_t h = r->id_hash = eg_dict_id_hash(r->pub.id, n);
        r->first_alias = r->last_alias = NONE;
        /* slots_put, refusing a repeated id on the way to the free slot */
        size_t i = h & (d->id_cap - 1);
        for (; d->id_slots[i]; i = (i + 1) & (d->id_cap - 1)) {
            const entity_rec *o = &d->ents[d->id_slots[i] - 1];
            if (o->id_hash == h && strcmp(o->pub.id, r->pub.id) == 0) {
                st = eg_error_set(err, EG_ERR_PARSE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                  "entity %zu repeats the id \"%s\"", e, r->pub.id);
                goto fail;
            }
        }
        d->id_slots[i] = (uint32_t)e + 1;
        d->n_ents = e + 1;
    }
    for (size_t a = 0; a < img->n_aliases; a++) {
        const eg_alias *al = &d->aliases[a];
        assert(al->entity < img->n_ents);
        entity_rec *r = &d->ents[al->entity];
        d->alias_next[a] = NONE;
        if (r->last_alias == NONE)
            r->first_alias = (uint32_t)a;
        else
            d->alias_next[r->last_alias] = (uint32_t)a;
        r->last_alias = (uint32_t)a;
    }
    d->n_aliases = img->n_aliases;
    d->aliases_unhashed = true; /* only a later load needs the alias table: made then */
    d->backing = img->backing;
    d->release = img->release;
    return EG_OK;
fail:
    /* Back to empty; the arena may hold attribute arrays of the entities filled so far. */
    eg_arena_free(&d->strings);
    free(d->types);
    free(d->ents);
    free(d->aliases);
    free(d->alias_next);
    free(d->id_slots);
    d->types = NULL;
    d->ents = NULL;
    d->aliases = NULL;
    d->alias_next = d->id_slots = NULL;
    d->n_types = d->cap_types = d->n_ents = d->cap_ents = d->n_aliases = d->cap_aliases = 0;
    d->id_cap = d->alias_cap = 0;
    return st;
}
