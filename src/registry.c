/*
 * registry: discovered entities in blocks that never move, found by id through an open-addressing table.
 * Invariant: entries [0, n) are complete before n is raised (under the mutex); block b holds 2^(b+6)
 * entries, so 18 blocks give 2^24 entries.
 */
#include "registry.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "error.h"

#define N_BLOCKS 18
#define MAX_ENTRIES ((1u << (N_BLOCKS + 6)) - 64u)

typedef struct reg_entry {
    eg_entity pub;
    char *id, *label;
    char *best; /* the smallest label (byte order) seen for this id, when it differs from label; NULL if not */
} reg_entry;

struct eg_registry {
    pthread_mutex_t lock;
    reg_entry *blocks[N_BLOCKS];
    uint32_t n;
    uint32_t *slots; /* id hash -> index + 1; cap is a power of two */
    size_t cap;
};

static const char *const attr_names[] = {"discovered"};
static const char *const attr_values[] = {"true"};

eg_status eg_registry_new(eg_registry **out, eg_error *err)
{
    *out = eg_calloc(1, sizeof **out);
    if (!*out)
        return eg_error_nomem(err);
    pthread_mutex_init(&(*out)->lock, NULL);
    return EG_OK;
}

static reg_entry *entry_at(const eg_registry *reg, uint32_t k)
{
    uint32_t v = k + 64, b = 0;
    while (v >> (b + 7))
        b++;
    return &reg->blocks[b][v - (64u << b)];
}

void eg_registry_free(eg_registry *reg)
{
    if (!reg)
        return;
    for (uint32_t k = 0; k < reg->n; k++) {
        reg_entry *e = entry_at(reg, k);
        free(e->id);
        free(e->label);
        free(e->best);
    }
    for (int b = 0; b < N_BLOCKS; b++)
        free(reg->blocks[b]);
    free(reg->slots);
    pthread_mutex_destroy(&reg->lock);
    free(reg);
}

size_t eg_registry_slug(const char *label, size_t len, char *out, size_t size)
{
    size_t n = 0;
    bool dash = false;
    for (size_t i = 0; i < len && size > 0;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)label + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        utf8proc_category_t c = utf8proc_category(cp);
        bool word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) || c == UTF8PROC_CATEGORY_ND;
        if (!word) {
            dash = n > 0;
            continue;
        }
        utf8proc_uint8_t buf[8];
        utf8proc_ssize_t w = utf8proc_encode_char(utf8proc_tolower(cp), buf);
        if (n + (dash ? 1 : 0) + (size_t)w + 1 > size)
            break;
        if (dash)
            out[n++] = '-';
        dash = false;
        memcpy(out + n, buf, (size_t)w);
        n += (size_t)w;
    }
    if (size > 0)
        out[n] = '\0';
    return n;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static eg_status grow_slots(eg_registry *reg)
{
    size_t ncap = reg->cap ? reg->cap * 2 : 256;
    uint32_t *ns = eg_calloc(ncap, sizeof *ns);
    if (!ns)
        return EG_ERR_NOMEM;
    for (uint32_t k = 0; k < reg->n; k++) {
        size_t i = hash_str(entry_at(reg, k)->id) & (ncap - 1);
        while (ns[i])
            i = (i + 1) & (ncap - 1);
        ns[i] = k + 1;
    }
    free(reg->slots);
    reg->slots = ns;
    reg->cap = ncap;
    return EG_OK;
}

/* Spellings that slug alike ("Scott-Thomas", "Scott Thomas") name one entity. Which one a thread meets
 * first depends on scheduling, so the label kept is the smallest in byte order: the same for every -j.
 * It replaces the visible label only in eg_registry_settle, when no thread reads labels. */
static eg_status keep_smaller_label(reg_entry *e, const char *label, size_t len, eg_error *err)
{
    const char *cur = e->best ? e->best : e->label;
    size_t n = strlen(cur);
    int c = memcmp(label, cur, len < n ? len : n);
    if (c > 0 || (c == 0 && len >= n))
        return EG_OK;
    char *copy = eg_strndup(label, len);
    if (!copy)
        return eg_error_nomem(err);
    free(e->best);
    e->best = copy;
    return EG_OK;
}

static eg_status add_locked(eg_registry *reg, const char *type, const char *label, size_t len, uint32_t *index,
                            eg_error *err)
{
    char slug[256];
    if (eg_registry_slug(label, len, slug, sizeof slug) == 0)
        return eg_error_set(err, EG_ERR_PARSE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "a discovered name needs a letter or digit");
    size_t idlen = strlen(type) + strlen(":discovered:") + strlen(slug) + 1;
    char *id = eg_malloc(idlen);
    if (!id)
        return eg_error_nomem(err);
    snprintf(id, idlen, "%s:discovered:%s", type, slug);
    if (reg->cap == 0 && grow_slots(reg) != EG_OK) {
        free(id);
        return eg_error_nomem(err);
    }
    size_t i = hash_str(id) & (reg->cap - 1);
    for (; reg->slots[i]; i = (i + 1) & (reg->cap - 1)) {
        reg_entry *e = entry_at(reg, reg->slots[i] - 1);
        if (strcmp(e->id, id) == 0) {
            free(id);
            *index = reg->slots[i] - 1;
            return keep_smaller_label(e, label, len, err);
        }
    }
    if (reg->n >= MAX_ENTRIES) {
        free(id);
        return eg_error_set(err, EG_ERR_LIMIT, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "more than %u discovered entities", MAX_ENTRIES);
    }
    uint32_t k = reg->n, v = k + 64, b = 0;
    while (v >> (b + 7))
        b++;
    char *lab = eg_strndup(label, len);
    if (!lab || (!reg->blocks[b] && !(reg->blocks[b] = eg_calloc((size_t)64 << b, sizeof(reg_entry))))) {
        free(lab);
        free(id);
        return eg_error_nomem(err);
    }
    reg_entry *e = entry_at(reg, k);
    e->id = id;
    e->label = lab;
    e->pub = (eg_entity){.id = id, .type = type, .label = lab, .n_attrs = 1, .attr_names = attr_names,
                         .attr_values = attr_values};
    reg->slots[i] = k + 1;
    reg->n = k + 1;
    *index = k;
    if (reg->n * 2 > reg->cap && grow_slots(reg) != EG_OK)
        return eg_error_nomem(err); /* the entry is in and the table, under 3/4 full, still works */
    return EG_OK;
}

eg_status eg_registry_add(eg_registry *reg, const char *type, const char *label, size_t len, uint32_t *index,
                          eg_error *err)
{
    pthread_mutex_lock(&reg->lock);
    eg_status st = add_locked(reg, type, label, len, index, err);
    pthread_mutex_unlock(&reg->lock);
    return st;
}

void eg_registry_settle(eg_registry *reg)
{
    pthread_mutex_lock(&reg->lock);
    for (uint32_t k = 0; k < reg->n; k++) {
        reg_entry *e = entry_at(reg, k);
        if (!e->best)
            continue;
        free(e->label);
        e->label = e->best;
        e->pub.label = e->best;
        e->best = NULL;
    }
    pthread_mutex_unlock(&reg->lock);
}

size_t eg_registry_count(eg_registry *reg)
{
    pthread_mutex_lock(&reg->lock);
    size_t n = reg->n;
    pthread_mutex_unlock(&reg->lock);
    return n;
}

const eg_entity *eg_registry_entity(const eg_registry *reg, uint32_t k)
{
    return &entry_at(reg, k)->pub;
}
