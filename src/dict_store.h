/*
 * dict_store: private to the dict module. The dictionary's storage, shared by dict.c (rows, merging, atomic
 * loads) and dict_adopt.c (a compiled dictionary taken over whole): the layout is described in dict.c.
 */
#ifndef EG_DICT_STORE_H
#define EG_DICT_STORE_H

#include "arena.h"
#include "dict.h"
#include "registry.h"

typedef struct entity_rec {
    eg_entity pub;
    const char *def_path; /* file of the first definition (arena), or NULL for eg_dict_add */
    size_t def_line;      /* its line */
    uint32_t first_alias; /* UINT32_MAX (NONE) while the entity has no alias */
    uint32_t last_alias;
    uint32_t id_hash;
} entity_rec;

typedef struct undo_entry {
    uint32_t index;   /* an entity older than the snapshot ... */
    entity_rec saved; /* ... and its record before the change */
} undo_entry;

struct eg_dict {
    eg_arena strings; /* every string and pointer array */
    entity_rec *ents;
    size_t n_ents, cap_ents;
    eg_alias *aliases; /* with alias_next and alias_hash: parallel arrays of cap_aliases */
    uint32_t *alias_next;
    uint32_t *alias_hash;
    size_t n_aliases, cap_aliases;
    const char **types; /* interned types */
    size_t n_types, cap_types;
    uint32_t *id_slots; /* id -> entity index + 1; id_cap is 0 or a power of two */
    size_t id_cap;
    uint32_t *alias_slots; /* (entity, key) -> alias index + 1 */
    size_t alias_cap;
    undo_entry *undo;
    size_t n_undo, cap_undo;
    eg_registry *discovered; /* entities found by name discovery, numbered from n_ents on */
    bool aliases_unhashed;          /* adopted aliases: alias_hash and alias_slots are made on first need */
    void *backing;                  /* a compiled dictionary's mapping, where its strings live, or NULL */
    void (*release)(void *backing); /* frees backing (eg_dict_free), or NULL */
};

/* The hash of an id in the id table (FNV-1a folded to 32 bits). */
uint32_t eg_dict_id_hash(const char *id, size_t n);

#endif
