/*
 * cooccur_merge: one counter's counts added to another's (eg_cooccur_merge in cooccur.h), the step that
 * lets shards counted apart give the graph of one run. Everything a run keeps is a sum (counts, document
 * frequencies, periods), an extreme (first and last day) or a prefix in input order (the first K evidence
 * windows of a pair, the documents), so appending src after dst gives what one counter fed dst's documents
 * and then src's would hold.
 */
#include <stdlib.h>
#include <string.h>

#include "cooccur_impl.h"
#include "error.h"

static bool same_options(const eg_cooccur_options *a, const eg_cooccur_options *b)
{
    return a->window == b->window && (a->window != EG_WINDOW_TOKENS || a->tokens == b->tokens) &&
           a->evidence == b->evidence && a->period == b->period && a->two_mode == b->two_mode;
}

static eg_status copy_string(const char *s, char **out, eg_error *err)
{
    *out = NULL;
    if (s && !(*out = eg_strdup(s)))
        return eg_error_nomem(err);
    return EG_OK;
}

/* src's evidence for one pair after dst's, up to K; text_map[i] is dst's index of src text i (SIZE_MAX until
 * copied), so records that shared a text in src share it in dst. */
static eg_status merge_evidence(eg_cooccur *dst, eg_co_pair *to, const eg_cooccur *src, const eg_co_pair *from,
                                uint32_t doc_offset, size_t *text_map, eg_error *err)
{
    for (int64_t r = from->ev_head; r >= 0 && to->n_ev < dst->opts.evidence;) {
        eg_evrecord rec;
        eg_evstore_get(src->evidence, r, &rec);
        eg_status st;
        if (text_map[rec.text] == SIZE_MAX) {
            size_t len;
            const char *json = eg_evstore_text_json(src->evidence, rec.text, &len);
            if ((st = eg_evstore_put_text_json(dst->evidence, json, len, &text_map[rec.text], err)))
                return st;
        }
        if ((st = eg_evstore_link(dst->evidence, &to->ev_head, &to->ev_tail, rec.doc + doc_offset, rec.start,
                                  rec.end, text_map[rec.text], err)))
            return st;
        to->n_ev++;
        r = rec.next;
    }
    return EG_OK;
}

static eg_status merge_pairs(eg_cooccur *dst, const eg_cooccur *src, uint32_t doc_offset, eg_error *err)
{
    size_t n_texts = eg_evstore_n_texts(src->evidence);
    size_t *text_map = eg_malloc((n_texts ? n_texts : 1) * sizeof *text_map);
    if (!text_map)
        return eg_error_nomem(err);
    for (size_t i = 0; i < n_texts; i++)
        text_map[i] = SIZE_MAX;
    /* Room for all of src's pairs first, so the index is rebuilt at most once. */
    eg_status st = eg_co_reserve_pairs(dst, dst->n_pairs + src->n_pairs, err);
    for (size_t i = 0; st == EG_OK && i < src->n_pairs; i++) {
        const eg_co_pair *from = &src->pairs[i];
        eg_co_pair *to;
        if ((st = eg_co_pair_slot(dst, (uint32_t)(from->key >> 32), (uint32_t)from->key, &to, err)))
            break;
        to->windows += from->windows;
        to->documents += from->documents;
        eg_co_see_day(&to->first_day, &to->last_day, from->first_day);
        eg_co_see_day(&to->first_day, &to->last_day, from->last_day);
        st = merge_evidence(dst, to, src, from, doc_offset, text_map, err);
    }
    free(text_map);
    return st;
}

eg_status eg_cooccur_merge(eg_cooccur *dst, const eg_cooccur *src, eg_error *err)
{
    if (dst->released || src->released)
        return eg_co_released_error(err);
    if (dst->counting_over)
        return eg_co_counting_over_error(err);
    if (!same_options(&dst->opts, &src->opts))
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "cannot merge counts made with different window, evidence, period or mode");
    if (dst->n_documents + src->n_documents > UINT32_MAX)
        return eg_error_set(err, EG_ERR_LIMIT, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "more than %u documents", UINT32_MAX);
    eg_status st;
    uint32_t doc_offset = (uint32_t)dst->n_documents;
    if ((st = eg_co_ensure_entities(dst, src->n_entities, err)))
        return st;
    for (size_t e = 0; e < src->n_entities; e++) {
        if (!src->mentions[e])
            continue;
        dst->mentions[e] += src->mentions[e];
        dst->documents[e] += src->documents[e];
        dst->windows[e] += src->windows[e];
        eg_co_see_day(&dst->first_day[e], &dst->last_day[e], src->first_day[e]);
        eg_co_see_day(&dst->first_day[e], &dst->last_day[e], src->last_day[e]);
    }
    /* Documents first: evidence and links refer to them by index. */
    if ((st = eg_co_add_docs(dst, src->n_documents, err)))
        return st;
    for (size_t i = 0; i < src->n_docs; i++) {
        const eg_co_doc *from = &src->docs[i];
        eg_co_doc *to;
        if ((st = eg_co_keep_doc(dst, doc_offset + from->index, &to, err)) ||
            (st = copy_string(from->id, &to->id, err)) || (st = copy_string(from->title, &to->title, err)) ||
            (st = copy_string(from->date, &to->date, err)))
            return st;
    }
    if ((st = merge_pairs(dst, src, doc_offset, err)))
        return st;
    for (size_t i = 0; i < src->cap_pcounts; i++) {
        const eg_co_pcount *p = &src->pcounts[i];
        uint32_t period;
        if (p->item == EG_CO_EMPTY)
            continue;
        if ((st = eg_co_period_named(dst, src->period_names[p->period], &period, err)) ||
            (st = eg_co_count_period(dst, p->item, period, p->count, err)))
            return st;
    }
    for (size_t i = 0; i < src->n_doc_ents; i++) {
        const eg_co_link *l = &src->doc_ents[i];
        if ((st = eg_co_add_link(dst, l->entity, l->doc + doc_offset, l->mentions, err)))
            return st;
    }
    dst->n_mentions += src->n_mentions;
    dst->n_windows += src->n_windows;
    dst->n_capped += src->n_capped;
    dst->n_bad_dates += src->n_bad_dates;
    dst->dated = dst->dated || src->dated;
    return EG_OK;
}
