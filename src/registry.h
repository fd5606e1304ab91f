/*
 * registry: the entities that name discovery finds in the text (people in no dictionary), numbered after
 * the dictionary's own entities so that everything downstream (mentions, co-occurrence, graph) keeps
 * referring to entities by one index space: index = eg_dict_n_defined(dict) + k for the k-th discovered one.
 *
 * A registry belongs to one dictionary (dict.c creates it) and grows for the whole run. It is thread-safe:
 * eg_registry_add takes a mutex; entries are stored in blocks that never move, so an eg_entity pointer
 * handed out stays valid until the registry is freed and may be read without the lock by any thread that
 * obtained its index. Ids are "TYPE:discovered:SLUG" (SLUG: the label case-folded, runs of characters that
 * are not letters or digits replaced by '-'), so the same name gets the same id in every run; a second name
 * with the same slug ("Kim Jong-un", "Kim Jong Un") joins the first (its label is kept).
 * Entities carry one attribute, discovered=true.
 */
#ifndef EG_REGISTRY_H
#define EG_REGISTRY_H

#include "entgraph.h"

typedef struct eg_registry eg_registry;

eg_status eg_registry_new(eg_registry **out, eg_error *err);
void eg_registry_free(eg_registry *reg);

/* Finds or adds the discovered entity of type type (an interned type string that outlives the registry)
 * named label[0..len); *index is its registry index (0-based). Errors: EG_ERR_NOMEM, EG_ERR_LIMIT (2^24
 * entities), EG_ERR_PARSE (a label without a letter or digit). Time: O(len) expected. */
eg_status eg_registry_add(eg_registry *reg, const char *type, const char *label, size_t len, uint32_t *index,
                          eg_error *err);

/* Number of entities so far (takes the lock). */
/* Makes each entry's label the smallest spelling seen for it (see registry.c), so outputs do not depend on
 * which thread met a name first. Call it when no other thread reads labels (after the documents). */
void eg_registry_settle(eg_registry *reg);

size_t eg_registry_count(eg_registry *reg);

/* The entity with registry index k (< a count seen before). Lock-free. */
const eg_entity *eg_registry_entity(const eg_registry *reg, uint32_t k);

/* Writes the slug of label[0..len) into out (NUL-terminated, truncated to size); returns its length. */
size_t eg_registry_slug(const char *label, size_t len, char *out, size_t size);

#endif
