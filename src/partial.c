/*
 * partial: shards (partial.h): the partial result's life cycle, fingerprints, compatibility, merge, and the
 * writer. The reader is partial_read.c. The writer puts records in a canonical order that depends on the
 * counts only: discovered entities by id, entities by number, pairs by their two numbers, texts in the order
 * the pairs first quote them, periods by item and name, role triples by number. So the bytes do not depend
 * on the threads that counted, nor on whether the counts were merged.
 */
#include "partial.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cooccur_impl.h"
#include "dict.h"
#include "error.h"
#include "timeline.h"

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

eg_status eg_partial_new(const eg_cooccur_options *opts, eg_partial **out, eg_error *err)
{
    *out = NULL;
    eg_partial *p = eg_calloc(1, sizeof *p);
    if (!p)
        return eg_error_nomem(err);
    eg_status st = eg_cooccur_new_opts(opts, &p->cooccur, err);
    if (st == EG_OK)
        st = eg_roles_acc_new(&p->roles, err);
    if (st == EG_OK && !(p->info.generator = eg_strdup("entgraph " EG_VERSION)))
        st = eg_error_nomem(err);
    if (st) {
        eg_partial_free(p);
        return st;
    }
    *out = p;
    return EG_OK;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void eg_partial_free(eg_partial *p)
{
    if (!p)
        return;
    free(p->info.generator);
    free_strings(p->info.dict_paths, p->info.n_dict_paths);
    free(p->info.discovery);
    free_strings(p->info.inputs, p->info.n_inputs);
    free(p->info.source);
    eg_cooccur_free(p->cooccur);
    eg_roles_acc_free(p->roles);
    free(p);
}

eg_status eg_partial_push(char ***v, size_t *n, const char *s, eg_error *err)
{
    char **nv = eg_realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return eg_error_nomem(err);
    *v = nv;
    if (!(nv[*n] = eg_strdup(s)))
        return eg_error_nomem(err);
    (*n)++;
    return EG_OK;
}

/* ---- fingerprints -------------------------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * FNV_PRIME;
    return h;
}

/* A string and its terminator (strings hold no NUL, so the terminator separates), or a marker for NULL. */
static uint64_t fnv_str(uint64_t h, const char *s)
{
    static const unsigned char none = 0xFF; /* never a byte of UTF-8 text */
    return s ? fnv(h, s, strlen(s) + 1) : fnv(h, &none, 1);
}

static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    return fnv(h, b, 8);
}

uint64_t eg_partial_dict_fingerprint(const eg_dict *dict)
{
    uint64_t h = FNV_OFFSET;
    size_t n = eg_dict_n_defined(dict), n_aliases = eg_dict_n_aliases(dict);
    h = fnv_u64(h, n);
    for (size_t e = 0; e < n; e++) {
        const eg_entity *ent = eg_dict_entity(dict, (uint32_t)e);
        h = fnv_str(h, ent->id);
        h = fnv_str(h, ent->type);
        h = fnv_str(h, ent->label);
        h = fnv_str(h, ent->country);
        h = fnv_str(h, ent->wikidata);
        h = fnv_str(h, ent->roles);
        h = fnv_u64(h, ent->n_attrs);
        for (size_t a = 0; a < ent->n_attrs; a++) {
            h = fnv_str(h, ent->attr_names[a]);
            h = fnv_str(h, ent->attr_values[a]);
        }
    }
    h = fnv_u64(h, n_aliases);
    for (size_t i = 0; i < n_aliases; i++) {
        const eg_alias *a = eg_dict_alias(dict, (uint32_t)i);
        h = fnv_u64(h, a->len);
        h = fnv(h, a->text, a->len);
        h = fnv_u64(h, a->key_len);
        h = fnv(h, a->key, a->key_len);
        h = fnv_u64(h, ((uint64_t)a->entity << 32) | a->flags);
    }
    return h;
}

eg_status eg_partial_file_fingerprint(const char *path, uint64_t *out, eg_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return eg_error_io(err, path, "cannot open", errno);
    uint64_t h = FNV_OFFSET;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        h = fnv(h, buf, n);
    bool bad = ferror(fp);
    int errnum = errno;
    fclose(fp);
    if (bad)
        return eg_error_set(err, EG_ERR_IO, path, EG_NO_POS, EG_NO_POS, EG_NO_POS, "cannot read: %s",
                            strerror(errnum));
    *out = h;
    return EG_OK;
}

/* ---- compatibility and merge --------------------------------------------------------------------- */

static const char *period_name(eg_period p)
{
    static const char *const names[] = {"none", "day", "week", "month"};
    return names[p];
}

static const char *source_of(const eg_partial *p)
{
    return p->info.source ? p->info.source : "this run";
}

eg_status eg_partial_check_compatible(const eg_partial *a, const eg_partial *b, eg_error *err)
{
    const eg_cooccur_options *oa = eg_cooccur_get_options(a->cooccur), *ob = eg_cooccur_get_options(b->cooccur);
    const char *sa = source_of(a), *sb = source_of(b);
    char wa[32], wb[32];
#define MISMATCH(...) eg_error_set(err, EG_ERR_PARSE, sb, EG_NO_POS, EG_NO_POS, EG_NO_POS, __VA_ARGS__)
    if (strcmp(a->info.generator, b->info.generator) != 0)
        return MISMATCH("written by %s, but %s by %s: shards of different versions do not merge",
                        b->info.generator, sa, a->info.generator);
    if (a->info.dict_fingerprint != b->info.dict_fingerprint || a->info.n_defined != b->info.n_defined)
        return MISMATCH("built with other dictionaries than %s (fingerprint %016llx, not %016llx): give every "
                        "'build --partial' the same -d and --no-default-dicts", sa,
                        (unsigned long long)b->info.dict_fingerprint, (unsigned long long)a->info.dict_fingerprint);
    if (strcmp(a->info.discovery, b->info.discovery) != 0)
        return MISMATCH("name discovery was %s, but %s for %s", b->info.discovery, a->info.discovery, sa);
    eg_cooccur_window_name(oa, wa, sizeof wa);
    eg_cooccur_window_name(ob, wb, sizeof wb);
    if (strcmp(wa, wb) != 0)
        return MISMATCH("counted with --window %s, but %s with --window %s", wb, sa, wa);
    if (oa->evidence != ob->evidence)
        return MISMATCH("counted with --evidence %zu, but %s with --evidence %zu", ob->evidence, sa, oa->evidence);
    if (oa->period != ob->period)
        return MISMATCH("counted with --period %s, but %s with --period %s", period_name(ob->period), sa,
                        period_name(oa->period));
    if (oa->two_mode != ob->two_mode)
        return MISMATCH("counted with --mode %s, but %s with --mode %s",
                        ob->two_mode ? "entity-document" : "entity", sa, oa->two_mode ? "entity-document" : "entity");
#undef MISMATCH
    return EG_OK;
}

eg_status eg_partial_merge(eg_partial *dst, const eg_partial *src, eg_error *err)
{
    eg_status st;
    if ((st = eg_partial_check_compatible(dst, src, err)) || (st = eg_cooccur_merge(dst->cooccur, src->cooccur, err)) ||
        (st = eg_roles_acc_merge(dst->roles, src->roles, err)))
        return st;
    for (size_t i = 0; i < src->info.n_inputs; i++)
        if ((st = eg_partial_push(&dst->info.inputs, &dst->info.n_inputs, src->info.inputs[i], err)))
            return st;
    dst->info.n_bytes += src->info.n_bytes;
    dst->info.n_skipped += src->info.n_skipped;
    dst->info.n_invalid_utf8 += src->info.n_invalid_utf8;
    return EG_OK;
}

/* ---- writing ------------------------------------------------------------------------------------- */

/* The shard's numbering of entities: dictionary entities keep their index, discovered ones follow in id
 * order (their dictionary indices depend on which thread met them first). */
typedef struct numbering {
    size_t n_defined, n_discovered;
    uint32_t *rank; /* rank[k]: shard number - n_defined of discovered entity n_defined + k */
    uint32_t *by_rank; /* the inverse: discovered index k of each rank */
} numbering;

typedef struct id_index {
    const char *id;
    uint32_t k;
} id_index;

static int cmp_id_index(const void *x, const void *y)
{
    return strcmp(((const id_index *)x)->id, ((const id_index *)y)->id);
}

static eg_status numbering_init(numbering *nb, const eg_dict *dict, eg_error *err)
{
    nb->n_defined = eg_dict_n_defined(dict);
    nb->n_discovered = eg_dict_n_entities(dict) - nb->n_defined;
    size_t n = nb->n_discovered ? nb->n_discovered : 1;
    id_index *ids = eg_malloc(n * sizeof *ids);
    nb->rank = eg_malloc(n * sizeof *nb->rank);
    nb->by_rank = eg_malloc(n * sizeof *nb->by_rank);
    if (!ids || !nb->rank || !nb->by_rank) {
        free(ids);
        return eg_error_nomem(err);
    }
    for (size_t k = 0; k < nb->n_discovered; k++)
        ids[k] = (id_index){eg_dict_entity(dict, (uint32_t)(nb->n_defined + k))->id, (uint32_t)k};
    eg_sort(ids, nb->n_discovered, sizeof *ids, cmp_id_index); /* ids are unique */
    for (size_t r = 0; r < nb->n_discovered; r++) {
        nb->by_rank[r] = ids[r].k;
        nb->rank[ids[r].k] = (uint32_t)r;
    }
    free(ids);
    return EG_OK;
}

static uint64_t number_of(const numbering *nb, uint32_t e)
{
    return e < nb->n_defined ? e : nb->n_defined + nb->rank[e - nb->n_defined];
}

/* A pair, a period count or a role triple under the shard's numbering, with what it came from. */
typedef struct keyed {
    uint64_t a, b;      /* shard numbers, a <= b (a role's person and role) */
    uint64_t c;         /* a role's scope (UINT64_MAX: none) */
    const char *name;   /* a period's name, else NULL */
    const void *item;
} keyed;

static int cmp_keyed(const void *x, const void *y)
{
    const keyed *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    if (p->name && q->name)
        return strcmp(p->name, q->name);
    return p->c < q->c ? -1 : p->c > q->c;
}

/* Evidence texts by (document, span), numbered in the order pairs first quote them. */
typedef struct text_slot {
    uint32_t doc;
    size_t start, end;
    uint64_t id; /* UINT64_MAX: free */
} text_slot;

typedef struct text_ids {
    text_slot *slots;
    size_t cap, n; /* cap: a power of two */
} text_ids;

static size_t text_hash(uint32_t doc, size_t start, size_t end)
{
    uint64_t h = fnv_u64(fnv_u64(fnv_u64(FNV_OFFSET, doc), start), end);
    return (size_t)(h ^ (h >> 32));
}

static eg_status text_ids_init(text_ids *t, size_t n_records, eg_error *err)
{
    t->cap = 16;
    while (t->cap < n_records * 2 + 2)
        t->cap *= 2;
    t->n = 0;
    if (!(t->slots = eg_malloc(t->cap * sizeof *t->slots)))
        return eg_error_nomem(err);
    for (size_t i = 0; i < t->cap; i++)
        t->slots[i].id = UINT64_MAX;
    return EG_OK;
}

/* The id of the text of record rec; *is_new when it got a new one (the caller writes its text line). */
static uint64_t text_id(text_ids *t, const eg_evrecord *rec, bool *is_new)
{
    size_t h = text_hash(rec->doc, rec->start, rec->end) & (t->cap - 1);
    for (;; h = (h + 1) & (t->cap - 1)) {
        text_slot *s = &t->slots[h];
        if (s->id == UINT64_MAX) {
            *s = (text_slot){rec->doc, rec->start, rec->end, t->n++};
            *is_new = true;
            return s->id;
        }
        if (s->doc == rec->doc && s->start == rec->start && s->end == rec->end) {
            *is_new = false;
            return s->id;
        }
    }
}

static json_t *day_json(int64_t day)
{
    char buf[16];
    if (day == EG_CO_NO_DAY)
        return json_null();
    eg_date_format(day, buf);
    return json_string(buf);
}

/* Writes j (stolen) as one line. */
static eg_status put_line(FILE *fp, json_t *j, size_t flags, eg_error *err)
{
    if (!j)
        return eg_error_nomem(err);
    int r = json_dumpf(j, fp, JSON_COMPACT | flags);
    json_decref(j);
    if (r != 0 || fputc('\n', fp) == EOF)
        return eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing the shard: %s",
                            strerror(errno ? errno : EIO));
    return EG_OK;
}

/* Writes the line ["text", id, doc, start, end, TEXT] as jansson's compact dump of that array would: TEXT is
 * the text's JSON as the store keeps it (jansson's), the integers their decimal digits. */
static eg_status put_text_line(FILE *fp, uint64_t id, const eg_evrecord *rec, const char *json, size_t len,
                               eg_error *err)
{
    if (fprintf(fp, "[\"text\",%" PRIu64 ",%" PRIu32 ",%zu,%zu,", id, rec->doc, rec->start, rec->end) < 0 ||
        fwrite(json, 1, len, fp) != len || fputs("]\n", fp) == EOF)
        return eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing the shard: %s",
                            strerror(errno ? errno : EIO));
    return EG_OK;
}

static json_t *string_list(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_string(v[i]))) {
            json_decref(a);
            a = NULL;
        }
    return a;
}

/* Counts of the records that follow the header. */
typedef struct record_counts {
    size_t discovered, documents, entities, texts, pairs, periods, links, roles;
} record_counts;

static json_t *header_json(const eg_partial *p, const record_counts *rc)
{
    const eg_cooccur *c = p->cooccur;
    const eg_cooccur_options *o = eg_cooccur_get_options(c);
    char window[32], fp[17];
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)p->info.dict_fingerprint);
    eg_cooccur_window_name(o, window, sizeof window);
    return json_pack(
        "{s:s, s:i, s:s, s:{s:s, s:I, s:b, s:o, s:s}, s:{s:s, s:I, s:s, s:s}, s:o,"
        " s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I},"
        " s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
        "format", EG_PARTIAL_FORMAT, "version", EG_PARTIAL_VERSION, "generator", p->info.generator,
        "dictionaries", "fingerprint", fp, "entities", (json_int_t)p->info.n_defined, "shipped",
        p->info.shipped_dicts, "files", string_list(p->info.dict_paths, p->info.n_dict_paths), "discovery",
        p->info.discovery ? p->info.discovery : "off",
        "counting", "window", window, "evidence", (json_int_t)o->evidence, "period", period_name(o->period), "mode",
        o->two_mode ? "entity-document" : "entity",
        "inputs", string_list(p->info.inputs, p->info.n_inputs),
        "totals", "documents", (json_int_t)c->n_documents, "bytes", (json_int_t)p->info.n_bytes, "skipped",
        (json_int_t)p->info.n_skipped, "invalid_utf8", (json_int_t)p->info.n_invalid_utf8, "mentions",
        (json_int_t)c->n_mentions, "windows", (json_int_t)c->n_windows, "capped_windows", (json_int_t)c->n_capped,
        "bad_dates", (json_int_t)c->n_bad_dates,
        "records", "discovered", (json_int_t)rc->discovered, "documents", (json_int_t)rc->documents, "entities",
        (json_int_t)rc->entities, "texts", (json_int_t)rc->texts, "pairs", (json_int_t)rc->pairs, "periods",
        (json_int_t)rc->periods, "links", (json_int_t)rc->links, "roles", (json_int_t)rc->roles);
}

/* Everything the writer sorts before writing. */
typedef struct plan {
    numbering nb;
    keyed *pairs, *periods, *roles;
    size_t n_pairs, n_periods, n_roles;
    text_ids texts;
    bool *doc_written; /* per kept document: a document record is written for it */
    record_counts rc;
} plan;

static void plan_free(plan *pl)
{
    free(pl->nb.rank);
    free(pl->nb.by_rank);
    free(pl->pairs);
    free(pl->periods);
    free(pl->roles);
    free(pl->texts.slots);
    free(pl->doc_written);
}

static eg_status plan_make(plan *pl, const eg_partial *p, const eg_dict *dict, eg_error *err)
{
    const eg_cooccur *c = p->cooccur;
    eg_status st;
    size_t n_roles = 0, n_records = 0;
    const eg_role_count *roles = eg_roles_acc_items(p->roles, &n_roles);
    if ((st = numbering_init(&pl->nb, dict, err)))
        return st;
    pl->pairs = eg_malloc((c->n_pairs ? c->n_pairs : 1) * sizeof *pl->pairs);
    pl->periods = eg_malloc((c->n_pcounts ? c->n_pcounts : 1) * sizeof *pl->periods);
    pl->roles = eg_malloc((n_roles ? n_roles : 1) * sizeof *pl->roles);
    if (!pl->pairs || !pl->periods || !pl->roles)
        return eg_error_nomem(err);
    for (size_t i = 0; i < c->n_pairs; i++) {
        const eg_co_pair *e = &c->pairs[i];
        uint64_t a = number_of(&pl->nb, (uint32_t)(e->key >> 32)), b = number_of(&pl->nb, (uint32_t)e->key);
        pl->pairs[pl->n_pairs++] = (keyed){a < b ? a : b, a < b ? b : a, 0, NULL, e};
        n_records += e->n_ev;
    }
    for (size_t i = 0; i < c->cap_pcounts; i++) {
        const eg_co_pcount *e = &c->pcounts[i];
        if (e->item == EG_CO_EMPTY)
            continue;
        uint64_t a = number_of(&pl->nb, (uint32_t)(e->item >> 32)), b = number_of(&pl->nb, (uint32_t)e->item);
        pl->periods[pl->n_periods++] = (keyed){a < b ? a : b, a < b ? b : a, 0, c->period_names[e->period], e};
    }
    for (size_t i = 0; i < n_roles; i++)
        pl->roles[pl->n_roles++] =
            (keyed){number_of(&pl->nb, roles[i].person), number_of(&pl->nb, roles[i].role),
                    roles[i].scope == EG_NO_ENTITY ? UINT64_MAX : number_of(&pl->nb, roles[i].scope), NULL,
                    &roles[i]};
    eg_sort(pl->pairs, pl->n_pairs, sizeof *pl->pairs, cmp_keyed);
    eg_sort(pl->roles, pl->n_roles, sizeof *pl->roles, cmp_keyed);
    eg_sort(pl->periods, pl->n_periods, sizeof *pl->periods, cmp_keyed);
    if ((st = text_ids_init(&pl->texts, n_records, err)))
        return st;
    /* Documents with an id are written in entity-document mode (they are nodes), else those that evidence
     * quotes: a merge may keep documents whose evidence the first shards' records displaced, and a shard
     * must not depend on how its counts were put together. */
    if (!(pl->doc_written = eg_calloc(c->n_docs ? c->n_docs : 1, sizeof *pl->doc_written)))
        return eg_error_nomem(err);
    for (size_t i = 0; c->opts.two_mode && i < c->n_docs; i++)
        pl->doc_written[i] = true;
    /* Number the texts now: the header says how many there are. */
    for (size_t i = 0; i < pl->n_pairs; i++) {
        const eg_co_pair *e = pl->pairs[i].item;
        eg_evrecord rec;
        bool is_new;
        for (int64_t r = e->ev_head; r >= 0; r = rec.next) {
            eg_evstore_get(c->evidence, r, &rec);
            text_id(&pl->texts, &rec, &is_new);
            const eg_co_doc *d = eg_co_find_doc(c, rec.doc);
            if (d)
                pl->doc_written[d - c->docs] = true;
        }
    }
    record_counts *rc = &pl->rc;
    rc->discovered = pl->nb.n_discovered;
    for (size_t i = 0; i < c->n_docs; i++)
        rc->documents += pl->doc_written[i] && c->docs[i].id != NULL;
    size_t n_ent = c->n_entities < eg_dict_n_entities(dict) ? c->n_entities : eg_dict_n_entities(dict);
    for (size_t e = 0; e < n_ent; e++)
        rc->entities += c->mentions[e] != 0;
    rc->texts = pl->texts.n;
    rc->pairs = pl->n_pairs;
    rc->periods = pl->n_periods;
    rc->links = c->n_doc_ents;
    rc->roles = pl->n_roles;
    /* Forget the numbers: the pairs give them again, in the same order, while they are written. */
    for (size_t i = 0; i < pl->texts.cap; i++)
        pl->texts.slots[i].id = UINT64_MAX;
    pl->texts.n = 0;
    return EG_OK;
}

static eg_status write_entities(FILE *fp, const plan *pl, const eg_cooccur *c, const eg_dict *dict,
                                eg_error *err)
{
    eg_status st;
    for (size_t r = 0; r < pl->nb.n_discovered; r++) {
        const eg_entity *e = eg_dict_entity(dict, (uint32_t)(pl->nb.n_defined + pl->nb.by_rank[r]));
        if ((st = put_line(fp, json_pack("[s, I, s, s, s]", "discovered", (json_int_t)(pl->nb.n_defined + r), e->id,
                                         e->type, e->label), 0, err)))
            return st;
    }
    for (size_t i = 0; i < c->n_docs; i++) {
        const eg_co_doc *d = &c->docs[i];
        if (pl->doc_written[i] && d->id &&
            (st = put_line(fp, json_pack("[s, I, s, s?, s?]", "document", (json_int_t)d->index, d->id, d->title,
                                         d->date), 0, err)))
            return st;
    }
    /* Dictionary entities in index order, then discovered ones in rank order. */
    for (size_t k = 0; k < pl->nb.n_defined + pl->nb.n_discovered; k++) {
        size_t e = k < pl->nb.n_defined ? k : pl->nb.n_defined + pl->nb.by_rank[k - pl->nb.n_defined];
        if (e >= c->n_entities || !c->mentions[e])
            continue;
        json_t *j = json_pack("[s, I, s, I, I, I, o, o]", "entity", (json_int_t)number_of(&pl->nb, (uint32_t)e),
                              eg_dict_entity(dict, (uint32_t)e)->id, (json_int_t)c->mentions[e],
                              (json_int_t)c->documents[e], (json_int_t)c->windows[e], day_json(c->first_day[e]),
                              day_json(c->last_day[e]));
        if ((st = put_line(fp, j, 0, err)))
            return st;
    }
    return EG_OK;
}

static eg_status write_pairs(FILE *fp, plan *pl, const eg_cooccur *c, eg_error *err)
{
    eg_status st;
    for (size_t i = 0; i < pl->n_pairs; i++) {
        const eg_co_pair *e = pl->pairs[i].item;
        json_t *ev = json_array();
        eg_evrecord rec;
        for (int64_t r = e->ev_head; ev && r >= 0; r = rec.next) {
            bool is_new;
            eg_evstore_get(c->evidence, r, &rec);
            uint64_t id = text_id(&pl->texts, &rec, &is_new);
            if (is_new) {
                size_t len;
                const char *json = eg_evstore_text_json(c->evidence, rec.text, &len);
                if ((st = put_text_line(fp, id, &rec, json, len, err))) {
                    json_decref(ev);
                    return st;
                }
            }
            if (json_array_append_new(ev, json_integer((json_int_t)id))) {
                json_decref(ev);
                ev = NULL;
            }
        }
        json_t *j = ev ? json_pack("[s, I, I, I, I, o, o, o]", "pair", (json_int_t)pl->pairs[i].a,
                                   (json_int_t)pl->pairs[i].b, (json_int_t)e->windows, (json_int_t)e->documents,
                                   day_json(e->first_day), day_json(e->last_day), ev)
                       : NULL;
        if ((st = put_line(fp, j, 0, err)))
            return st;
    }
    return EG_OK;
}

static eg_status write_rest(FILE *fp, const plan *pl, const eg_cooccur *c, eg_error *err)
{
    eg_status st;
    for (size_t i = 0; i < pl->n_periods; i++) {
        const eg_co_pcount *e = pl->periods[i].item;
        if ((st = put_line(fp, json_pack("[s, I, I, s, I]", "period", (json_int_t)pl->periods[i].a,
                                         (json_int_t)pl->periods[i].b, c->period_names[e->period],
                                         (json_int_t)e->count), 0, err)))
            return st;
    }
    for (size_t i = 0; i < c->n_doc_ents; i++) {
        const eg_co_link *l = &c->doc_ents[i];
        if ((st = put_line(fp, json_pack("[s, I, I, I]", "link", (json_int_t)l->doc,
                                         (json_int_t)number_of(&pl->nb, l->entity), (json_int_t)l->mentions), 0, err)))
            return st;
    }
    for (size_t i = 0; i < pl->n_roles; i++) {
        const keyed *k = &pl->roles[i];
        const eg_role_count *rc = k->item;
        json_t *scope = k->c == UINT64_MAX ? json_null() : json_integer((json_int_t)k->c);
        if ((st = put_line(fp, json_pack("[s, I, I, o, I, I]", "role", (json_int_t)k->a, (json_int_t)k->b, scope,
                                         (json_int_t)rc->count, (json_int_t)rc->documents), 0, err)))
            return st;
    }
    return put_line(fp, json_pack("[s]", "end"), 0, err);
}

eg_status eg_partial_write(FILE *fp, const eg_partial *p, const eg_dict *dict, eg_error *err)
{
    plan pl;
    memset(&pl, 0, sizeof pl);
    eg_status st;
    errno = 0;
    if (eg_cooccur_released(p->cooccur))
        return eg_co_released_error(err);
    if ((st = plan_make(&pl, p, dict, err)) == EG_OK &&
        (st = put_line(fp, header_json(p, &pl.rc), JSON_PRESERVE_ORDER, err)) == EG_OK &&
        (st = write_entities(fp, &pl, p->cooccur, dict, err)) == EG_OK &&
        (st = write_pairs(fp, &pl, p->cooccur, err)) == EG_OK)
        st = write_rest(fp, &pl, p->cooccur, err);
    plan_free(&pl);
    return st;
}
