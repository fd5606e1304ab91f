/*
 * evstore: records in one growing array, linked per edge by index; texts in a table of (offset, length) into
 * one growing byte pool, so records that quote the same sentence share it. JSON text is produced by jansson
 * only.
 */
#include "evstore.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "error.h"

typedef struct record {
    uint32_t doc;
    size_t start, end; /* byte span in the original document */
    size_t text;       /* index into texts */
    int64_t next;      /* next record of the same list, or -1 */
} record;

typedef struct text_ref {
    size_t off, len; /* in the pool */
} text_ref;

struct eg_evstore {
    record *recs;
    size_t n_recs, cap_recs;
    text_ref *texts;
    size_t n_texts, cap_texts;
    char *pool;
    size_t n_pool, cap_pool;
    /* The last text stored: every pair of one window quotes the same sentence, so it is kept once. */
    bool have_last;
    uint32_t last_doc;
    size_t last_start, last_end;
};

eg_status eg_evstore_new(eg_evstore **out, eg_error *err)
{
    *out = eg_calloc(1, sizeof **out);
    return *out ? EG_OK : eg_error_nomem(err);
}

void eg_evstore_free(eg_evstore *ev)
{
    if (!ev)
        return;
    free(ev->recs);
    free(ev->texts);
    free(ev->pool);
    free(ev);
}

eg_status eg_utf8_sanitize(const char *s, size_t len, char **out, size_t *out_len, eg_error *err)
{
    char *buf = eg_malloc(len * 3 + 1);
    if (!buf)
        return eg_error_nomem(err);
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k < 1 || cp == 0) {
            /* an invalid byte (or NUL, which no JSON consumer wants inside a sentence) */
            memcpy(buf + n, "\xEF\xBF\xBD", 3);
            n += 3;
            i++;
        } else {
            memcpy(buf + n, s + i, (size_t)k);
            n += (size_t)k;
            i += (size_t)k;
        }
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return EG_OK;
}

/* Appends text[0..len) to the pool as a new text; *index is its text index. */
static eg_status pool_text(eg_evstore *ev, const char *text, size_t len, const char *suffix, size_t *index,
                           eg_error *err)
{
    size_t extra = suffix ? strlen(suffix) : 0;
    if (eg_grow((void **)&ev->texts, &ev->cap_texts, ev->n_texts + 1, sizeof *ev->texts) ||
        eg_grow((void **)&ev->pool, &ev->cap_pool, ev->n_pool + len + extra + 1, 1))
        return eg_error_nomem(err);
    memcpy(ev->pool + ev->n_pool, text, len);
    if (extra)
        memcpy(ev->pool + ev->n_pool + len, suffix, extra);
    ev->texts[ev->n_texts] = (text_ref){ev->n_pool, len + extra};
    ev->n_pool += len + extra;
    *index = ev->n_texts++;
    return EG_OK;
}

/* Stores the evidence text of text[start..end): valid UTF-8, at most max_bytes bytes plus "…" when cut.
 * Only the first max_bytes + 4 bytes are read, so a long sentence costs no more than a short one. */
static eg_status store_text(eg_evstore *ev, const char *text, size_t start, size_t end, size_t max_bytes,
                            size_t *index, eg_error *err)
{
    size_t n_in = end - start, limit = max_bytes + 4;
    char *clean = NULL;
    size_t n;
    eg_status st = eg_utf8_sanitize(text + start, n_in < limit ? n_in : limit, &clean, &n, err);
    if (st)
        return st;
    bool cut = n_in > limit || n > max_bytes;
    if (n > max_bytes) {
        n = max_bytes;
        while (n > 0 && ((unsigned char)clean[n] & 0xC0) == 0x80)
            n--; /* back to a character boundary: clean is valid UTF-8 */
    }
    st = pool_text(ev, clean, n, cut ? "\xE2\x80\xA6" : NULL, index, err); /* … */
    free(clean);
    return st;
}

eg_status eg_evstore_put_text(eg_evstore *ev, const char *text, size_t len, size_t *index, eg_error *err)
{
    ev->have_last = false; /* the next eg_evstore_add stores its own text */
    return pool_text(ev, text, len, NULL, index, err);
}

eg_status eg_evstore_link(eg_evstore *ev, int64_t *head, int64_t *tail, uint32_t doc, size_t start, size_t end,
                          size_t text, eg_error *err)
{
    if (eg_grow((void **)&ev->recs, &ev->cap_recs, ev->n_recs + 1, sizeof *ev->recs))
        return eg_error_nomem(err);
    ev->recs[ev->n_recs] = (record){doc, start, end, text, -1};
    int64_t r = (int64_t)ev->n_recs++;
    if (*tail >= 0)
        ev->recs[*tail].next = r;
    else
        *head = r;
    *tail = r;
    return EG_OK;
}

void eg_evstore_get(const eg_evstore *ev, int64_t rec, eg_evrecord *out)
{
    const record *r = &ev->recs[rec];
    *out = (eg_evrecord){r->doc, r->start, r->end, r->text, r->next};
}

const char *eg_evstore_text(const eg_evstore *ev, size_t i, size_t *len)
{
    *len = ev->texts[i].len;
    return ev->pool + ev->texts[i].off;
}

size_t eg_evstore_n_texts(const eg_evstore *ev)
{
    return ev->n_texts;
}

eg_status eg_evstore_add(eg_evstore *ev, int64_t *head, int64_t *tail, uint32_t doc, const char *text,
                         size_t start, size_t end, size_t max_bytes, eg_error *err)
{
    if (!(ev->have_last && ev->last_doc == doc && ev->last_start == start && ev->last_end == end)) {
        size_t index;
        eg_status st = store_text(ev, text, start, end, max_bytes, &index, err);
        if (st)
            return st;
        ev->have_last = true;
        ev->last_doc = doc;
        ev->last_start = start;
        ev->last_end = end;
    }
    return eg_evstore_link(ev, head, tail, doc, start, end, ev->n_texts - 1, err);
}

/* Dumps j (stealing it) as compact JSON text into an eg_malloc'ed copy (so the failure hook covers it). */
static eg_status dump(json_t *j, size_t flags, char **out, eg_error *err)
{
    char *text = j ? json_dumps(j, JSON_COMPACT | flags) : NULL;
    json_decref(j);
    *out = text ? eg_strdup(text) : NULL;
    free(text);
    return *out ? EG_OK : eg_error_nomem(err);
}

void eg_evstore_set_span(eg_evstore *ev, int64_t rec, size_t start, size_t end)
{
    if (rec < 0 || (size_t)rec >= ev->n_recs)
        return;
    ev->recs[rec].start = start;
    ev->recs[rec].end = end;
}

eg_status eg_evstore_json(const eg_evstore *ev, int64_t head, const char *const *doc_ids, char **out,
                          eg_error *err)
{
    *out = NULL;
    json_t *arr = json_array();
    for (int64_t r = head; arr && r >= 0; r = ev->recs[r].next) {
        const record *rec = &ev->recs[r];
        json_t *o = json_object();
        int bad = !o;
        bad |= json_object_set_new(o, "doc", json_string(doc_ids[rec->doc]));
        bad |= json_object_set_new(o, "start", json_integer((json_int_t)rec->start));
        bad |= json_object_set_new(o, "end", json_integer((json_int_t)rec->end));
        const text_ref *t = &ev->texts[rec->text];
        bad |= json_object_set_new(o, "text", json_stringn(ev->pool + t->off, t->len));
        if (bad || json_array_append_new(arr, o)) {
            if (bad)
                json_decref(o);
            json_decref(arr);
            arr = NULL;
        }
    }
    return dump(arr, JSON_PRESERVE_ORDER, out, err);
}

eg_status eg_evstore_counts_json(const char *const *keys, const uint64_t *counts, size_t n, char **out,
                                 eg_error *err)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < n; i++)
        if (json_object_set_new(o, keys[i], json_integer((json_int_t)counts[i]))) {
            json_decref(o);
            o = NULL;
        }
    return dump(o, JSON_SORT_KEYS, out, err);
}
