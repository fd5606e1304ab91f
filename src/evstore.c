/*
 * evstore: records in one growing array, linked per edge by 32-bit index; texts back to back in one growing
 * byte pool, text i being pool[off[i], off[i + 1]), so a text costs one offset. Texts are kept once by
 * content: a hash set of text indexes finds an equal text already stored (the same sentence quoted by
 * another window, a repeated article, or, in paragraph and document windows, the same first 1000 bytes of
 * spans that start alike), and the new copy is dropped. A text is kept as jansson's JSON text of it (quotes
 * and escapes included), made once when it is first stored: each list that quotes it, in every export, then
 * copies it. Strings are written by jansson; a renderer keeps its jansson values between calls and changes
 * them in place, and keeps the text of the ids it may meet again. Integers are plain decimal digits, what
 * jansson writes for them.
 */
#include "evstore.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "error.h"

typedef struct record {
    uint64_t start, end; /* byte span in the original document */
    uint32_t doc;
    uint32_t text;       /* index into off */
    int32_t next;        /* next record of the same list, or -1 */
} record;

struct eg_evstore {
    size_t refs;         /* owners: the counts, and each graph that reads the lists (eg_evstore_retain) */
    record *recs;
    size_t n_recs, cap_recs;
    uint64_t *off;       /* n_texts + 1 offsets into pool (off[0] = 0) */
    size_t n_texts, cap_off;
    char *pool;          /* the texts as JSON strings */
    size_t n_pool, cap_pool;
    char *raw;           /* a text sanitized and cut, before it is encoded */
    size_t cap_raw;
    json_t *str;         /* the jansson string that encodes it (NULL until the first text) */
    uint64_t *set;       /* texts by content: (hash >> 32) << 32 | (index + 1), 0 when free */
    size_t cap_set;      /* a power of two, at least twice n_texts */
    /* The last text stored: every pair of one window quotes the same sentence, so it is kept once. */
    bool have_last;
    uint32_t last_doc;
    size_t last_start, last_end;
    size_t last_text;    /* its text index */
};

eg_status eg_evstore_new(eg_evstore **out, eg_error *err)
{
    *out = eg_calloc(1, sizeof **out);
    if (!*out)
        return eg_error_nomem(err);
    (*out)->refs = 1;
    return EG_OK;
}

eg_evstore *eg_evstore_retain(eg_evstore *ev)
{
    ev->refs++;
    return ev;
}

void eg_evstore_free(eg_evstore *ev)
{
    if (!ev || --ev->refs > 0)
        return;
    free(ev->recs);
    free(ev->off);
    free(ev->pool);
    free(ev->raw);
    json_decref(ev->str);
    free(ev->set);
    free(ev);
}

/* Writes s[0..len) as valid UTF-8 to dst (room for 3 * len bytes); returns the bytes written. */
static size_t sanitize_into(const char *s, size_t len, char *dst)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        /* ASCII but NUL is valid as it is: copy it without decoding. */
        if ((unsigned char)s[i] - 1u < 0x7Fu) {
            dst[n++] = s[i++];
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k < 1 || cp == 0) {
            /* an invalid byte (or NUL, which no JSON consumer wants inside a sentence) */
            memcpy(dst + n, "\xEF\xBF\xBD", 3);
            n += 3;
            i++;
        } else {
            memcpy(dst + n, s + i, (size_t)k);
            n += (size_t)k;
            i += (size_t)k;
        }
    }
    return n;
}

eg_status eg_utf8_sanitize(const char *s, size_t len, char **out, size_t *out_len, eg_error *err)
{
    char *buf = eg_malloc(len * 3 + 1);
    if (!buf)
        return eg_error_nomem(err);
    size_t n = sanitize_into(s, len, buf);
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return EG_OK;
}

static eg_status full(eg_error *err, const char *what)
{
    return eg_error_set(err, EG_ERR_LIMIT, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                        "more than %zu evidence %s", EG_EVSTORE_MAX_RECORDS, what);
}

/* A hash of n bytes, eight at a time. */
static uint64_t text_hash(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * 0x94d049bb133111ebULL;
    return h ^ (h >> 29);
}

/* Puts text index t with hash h into the set (which has a free slot). */
static void set_insert(uint64_t *set, size_t cap, uint64_t h, size_t t)
{
    size_t i = (size_t)h & (cap - 1);
    while (set[i])
        i = (i + 1) & (cap - 1);
    set[i] = (h >> 32 << 32) | (uint64_t)(t + 1);
}

/* Makes room for one more text of at most room bytes at the end of the pool, and in the set. */
static eg_status reserve_text(eg_evstore *ev, size_t room, eg_error *err)
{
    if (ev->n_texts >= EG_EVSTORE_MAX_RECORDS)
        return full(err, "texts");
    if (eg_grow((void **)&ev->off, &ev->cap_off, ev->n_texts + 2, sizeof *ev->off) ||
        eg_grow((void **)&ev->pool, &ev->cap_pool, ev->n_pool + room, 1))
        return eg_error_nomem(err);
    ev->off[0] = 0;
    if ((ev->n_texts + 1) * 2 > ev->cap_set) {
        size_t ncap = ev->cap_set ? ev->cap_set * 2 : 1024;
        uint64_t *set = eg_calloc(ncap, sizeof *set);
        if (!set)
            return eg_error_nomem(err);
        /* The slot keeps the hash's high half, and the low half picks the slot: rehash from the text. */
        for (size_t t = 0; t < ev->n_texts; t++)
            set_insert(set, ncap, text_hash(ev->pool + ev->off[t], (size_t)(ev->off[t + 1] - ev->off[t])), t);
        free(ev->set);
        ev->set = set;
        ev->cap_set = ncap;
    }
    return EG_OK;
}

/* Ends the text just written at the end of the pool (n bytes): *index is the index of an equal text stored
 * before (the new bytes are dropped) or of this one, now stored. */
static void end_text(eg_evstore *ev, size_t n, size_t *index)
{
    const char *text = ev->pool + ev->n_pool;
    uint64_t h = text_hash(text, n);
    size_t i = (size_t)h & (ev->cap_set - 1);
    for (; ev->set[i]; i = (i + 1) & (ev->cap_set - 1)) {
        size_t t = (size_t)(uint32_t)ev->set[i] - 1;
        if (ev->set[i] >> 32 == h >> 32 && ev->off[t + 1] - ev->off[t] == n &&
            memcmp(ev->pool + ev->off[t], text, n) == 0) {
            *index = t;
            return;
        }
    }
    ev->set[i] = (h >> 32 << 32) | (uint64_t)(ev->n_texts + 1);
    ev->n_pool += n;
    ev->off[++ev->n_texts] = ev->n_pool;
    *index = ev->n_texts - 1;
}

/* Stores jansson's compact text of the string raw[0..n) (valid UTF-8): *index as end_text sets it. */
static eg_status encode_text(eg_evstore *ev, const char *raw, size_t n, size_t *index, eg_error *err)
{
    if (ev->str ? json_string_setn_nocheck(ev->str, raw, n) != 0 : !(ev->str = json_stringn_nocheck(raw, n)))
        return eg_error_nomem(err);
    size_t room = n * 6 + 3; /* "\u001f" for each byte at worst, the quotes, and a byte to spare */
    eg_status st = reserve_text(ev, room, err);
    if (st)
        return st;
    size_t m = json_dumpb(ev->str, ev->pool + ev->n_pool, room, JSON_COMPACT | JSON_ENCODE_ANY);
    if (m == 0 || m > room)
        return eg_error_nomem(err); /* jansson fails only to allocate */
    end_text(ev, m, index);
    return EG_OK;
}

/* Stores the evidence text of text[start..end): valid UTF-8, at most max_bytes bytes plus "…" when cut.
 * Only the first max_bytes + 4 bytes are read, so a long sentence costs no more than a short one. */
static eg_status store_text(eg_evstore *ev, const char *text, size_t start, size_t end, size_t max_bytes,
                            size_t *index, eg_error *err)
{
    size_t n_in = end - start, limit = max_bytes + 4, n_read = n_in < limit ? n_in : limit;
    if (eg_grow((void **)&ev->raw, &ev->cap_raw, n_read * 3 + 3, 1))
        return eg_error_nomem(err);
    char *dst = ev->raw;
    size_t n = sanitize_into(text + start, n_read, dst);
    bool cut = n_in > limit || n > max_bytes;
    if (n > max_bytes) {
        n = max_bytes;
        while (n > 0 && ((unsigned char)dst[n] & 0xC0) == 0x80)
            n--; /* back to a character boundary: dst is valid UTF-8 */
    }
    if (cut) {
        memcpy(dst + n, "\xE2\x80\xA6", 3); /* … */
        n += 3;
    }
    return encode_text(ev, dst, n, index, err);
}

eg_status eg_evstore_put_text(eg_evstore *ev, const char *text, size_t len, size_t *index, eg_error *err)
{
    ev->have_last = false; /* the next eg_evstore_add stores its own text */
    return encode_text(ev, text, len, index, err);
}

eg_status eg_evstore_put_text_json(eg_evstore *ev, const char *json, size_t len, size_t *index, eg_error *err)
{
    ev->have_last = false;
    eg_status st = reserve_text(ev, len + 1, err);
    if (st)
        return st;
    memcpy(ev->pool + ev->n_pool, json, len);
    end_text(ev, len, index);
    return EG_OK;
}

eg_status eg_evstore_link(eg_evstore *ev, int32_t *head, int32_t *tail, uint32_t doc, size_t start, size_t end,
                          size_t text, eg_error *err)
{
    if (ev->n_recs >= EG_EVSTORE_MAX_RECORDS)
        return full(err, "records");
    if (eg_grow((void **)&ev->recs, &ev->cap_recs, ev->n_recs + 1, sizeof *ev->recs))
        return eg_error_nomem(err);
    int32_t r = (int32_t)ev->n_recs++;
    ev->recs[r] = (record){start, end, doc, (uint32_t)text, -1};
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
    *out = (eg_evrecord){r->doc, (size_t)r->start, (size_t)r->end, r->text, r->next};
}

const char *eg_evstore_text_json(const eg_evstore *ev, size_t i, size_t *len)
{
    *len = (size_t)(ev->off[i + 1] - ev->off[i]);
    return ev->pool + ev->off[i];
}

size_t eg_evstore_n_texts(const eg_evstore *ev)
{
    return ev->n_texts;
}

size_t eg_evstore_n_records(const eg_evstore *ev)
{
    return ev->n_recs;
}

eg_status eg_evstore_add(eg_evstore *ev, int32_t *head, int32_t *tail, uint32_t doc, const char *text,
                         size_t start, size_t end, size_t max_bytes, eg_error *err)
{
    if (!(ev->have_last && ev->last_doc == doc && ev->last_start == start && ev->last_end == end)) {
        eg_status st = store_text(ev, text, start, end, max_bytes, &ev->last_text, err);
        if (st)
            return st;
        ev->have_last = true;
        ev->last_doc = doc;
        ev->last_start = start;
        ev->last_end = end;
    }
    return eg_evstore_link(ev, head, tail, doc, start, end, ev->last_text, err);
}

void eg_evstore_set_span(eg_evstore *ev, int64_t rec, size_t start, size_t end)
{
    if (rec < 0 || (size_t)rec >= ev->n_recs)
        return;
    ev->recs[rec].start = start;
    ev->recs[rec].end = end;
}

/* ---- rendering ----------------------------------------------------------------------------------- */

/* A memo of jansson's text of document ids (quotes and escapes included), by index: an id met again (an
 * article's sentences recur in many lists) is copied, not escaped again. Direct-mapped; a slot's buffer is
 * reused for whatever comes to it next. */
#define ENC_DOC_BITS 12
#define ENC_KEEP_MAX 1024 /* the longest id kept: a memo holds at most 4 MB, whatever the input */
typedef struct enc_slot {
    uint32_t index; /* whose text the slot holds (UINT32_MAX: none) */
    uint32_t len;
    char *text;     /* at most ENC_KEEP_MAX bytes */
    size_t cap;
} enc_slot;

struct eg_evrender {
    json_t *str;       /* a string, set to each id jansson writes */
    json_t *counts;    /* the object of eg_evrender_counts, emptied after each use */
    enc_slot *docs;    /* the memo of ids: 1 << ENC_DOC_BITS slots */
    const eg_evdoc_ids *ids; /* the ids the memo was filled from */
    char *buf;         /* the output */
    size_t cap_buf;
};

eg_status eg_evrender_new(eg_evrender **out, eg_error *err)
{
    eg_evrender *r = eg_calloc(1, sizeof *r);
    if (r && (r->str = json_string_nocheck("")) && (r->counts = json_object()) &&
        (r->docs = eg_calloc((size_t)1 << ENC_DOC_BITS, sizeof *r->docs)) && (r->buf = eg_malloc(4096))) {
        for (size_t i = 0; i < (size_t)1 << ENC_DOC_BITS; i++)
            r->docs[i].index = UINT32_MAX;
        r->cap_buf = 4096;
        *out = r;
        return EG_OK;
    }
    eg_evrender_free(r);
    *out = NULL;
    return eg_error_nomem(err);
}

static void memo_free(enc_slot *slots, size_t n)
{
    for (size_t i = 0; slots && i < n; i++)
        free(slots[i].text);
    free(slots);
}

void eg_evrender_free(eg_evrender *r)
{
    if (!r)
        return;
    json_decref(r->str);
    json_decref(r->counts);
    memo_free(r->docs, (size_t)1 << ENC_DOC_BITS);
    free(r->buf);
    free(r);
}

/* Makes room for n more bytes and a NUL after the first len of r's buffer. */
static bool buf_reserve(eg_evrender *r, size_t len, size_t n)
{
    if (len + n < r->cap_buf)
        return true;
    size_t cap = r->cap_buf * 2 > len + n + 1 ? r->cap_buf * 2 : len + n + 1;
    char *nb = eg_realloc(r->buf, cap);
    if (!nb)
        return false;
    r->buf = nb;
    r->cap_buf = cap;
    return true;
}

static bool buf_put(eg_evrender *r, size_t *len, const char *s, size_t n)
{
    if (!buf_reserve(r, *len, n))
        return false;
    memcpy(r->buf + *len, s, n);
    *len += n;
    return true;
}
#define BUF_LIT(r, len, lit) buf_put((r), (len), "" lit "", sizeof(lit) - 1)

/* Appends jansson's compact text of j to r's buffer. */
static bool dump_append(eg_evrender *r, size_t *len, const json_t *j)
{
    size_t flags = JSON_COMPACT | JSON_ENCODE_ANY;
    size_t m = json_dumpb(j, r->buf + *len, r->cap_buf - *len - 1, flags);
    if (m > r->cap_buf - *len - 1) {
        if (!buf_reserve(r, *len, m))
            return false;
        m = json_dumpb(j, r->buf + *len, r->cap_buf - *len - 1, flags);
    }
    if (m == 0 || m > r->cap_buf - *len - 1)
        return false; /* jansson fails only to allocate */
    *len += m;
    return true;
}

/* The id of document index in ids ("" when it has none). */
static const char *find_id(const eg_evdoc_ids *ids, uint32_t index)
{
    size_t lo = 0, hi = ids->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids->index[mid] < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ids->n && ids->index[lo] == index ? ids->id[lo] : "";
}

/* Appends jansson's text of the id of document index, kept in the memo under index when it is at most
 * ENC_KEEP_MAX bytes: longer ids are written but not kept, so that the memo never holds more than its slots
 * times that, whatever the input. */
static bool put_id(eg_evrender *r, size_t *len, uint32_t index)
{
    enc_slot *slot = &r->docs[(uint32_t)(index * 2654435761u) >> (32 - ENC_DOC_BITS)];
    if (slot->index == index)
        return buf_put(r, len, slot->text, slot->len);
    const char *s = find_id(r->ids, index);
    size_t n = strlen(s);
    size_t at = *len;
    if (json_string_setn_nocheck(r->str, s, n) || !dump_append(r, len, r->str))
        return false;
    size_t m = *len - at;
    if (m > ENC_KEEP_MAX)
        return true;
    slot->index = UINT32_MAX; /* until filled: a failure leaves nothing stale */
    if (m > slot->cap) {
        char *t = eg_realloc(slot->text, m);
        if (!t)
            return false;
        slot->text = t;
        slot->cap = m;
    }
    memcpy(slot->text, r->buf + at, m);
    slot->len = (uint32_t)m;
    slot->index = index;
    return true;
}

/* Appends the decimal digits of v: jansson's text of an integer ("%lld"), without a printf per number. */
static bool put_integer(eg_evrender *r, size_t *len, uint64_t v)
{
    char digits[20];
    size_t k = sizeof digits;
    do {
        digits[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return buf_put(r, len, digits + k, sizeof digits - k);
}

/* Dumps j as compact JSON into r's buffer: *text (NUL-terminated) and *len. */
static eg_status dump_view(eg_evrender *r, const json_t *j, size_t flags, const char **text, size_t *len,
                           eg_error *err)
{
    size_t n = json_dumpb(j, r->buf, r->cap_buf, JSON_COMPACT | flags);
    if (n >= r->cap_buf) {
        char *nb = eg_realloc(r->buf, n + 1);
        if (!nb)
            return eg_error_nomem(err);
        r->buf = nb;
        r->cap_buf = n + 1;
        n = json_dumpb(j, r->buf, r->cap_buf, JSON_COMPACT | flags);
    }
    if (n == 0 || n >= r->cap_buf)
        return eg_error_nomem(err); /* jansson fails only to allocate: a value is never empty */
    r->buf[n] = '\0';
    *text = r->buf;
    *len = n;
    return EG_OK;
}

/* Dumps j as compact JSON into a new eg_malloc'ed string. */
static eg_status dump(eg_evrender *r, const json_t *j, size_t flags, char **out, size_t *len, eg_error *err)
{
    const char *text = NULL;
    size_t n = 0;
    eg_status st = dump_view(r, j, flags, &text, &n, err);
    if (st)
        return st;
    if (!(*out = eg_strndup(text, n)))
        return eg_error_nomem(err);
    if (len)
        *len = n;
    return EG_OK;
}

/* The list is an array of objects with four members in a fixed order: its punctuation is fixed text, as in
 * the JSON exporter, and every value is jansson's text, so the list is byte for byte the compact dump of the
 * same array (the tests compare them). */
eg_status eg_evrender_list(eg_evrender *r, const eg_evstore *ev, int64_t head, size_t limit,
                           const eg_evdoc_ids *ids, const char **text, size_t *len, eg_error *err)
{
    if (ids != r->ids) { /* a memo filled from other ids: forget it */
        for (size_t j = 0; j < (size_t)1 << ENC_DOC_BITS; j++)
            r->docs[j].index = UINT32_MAX;
        r->ids = ids;
    }
    size_t n = 0;
    bool ok = BUF_LIT(r, &n, "[");
    for (int64_t i = head; ok && i >= 0 && (uint64_t)i < limit; i = ev->recs[i].next) {
        const record *rec = &ev->recs[i];
        /* Ids are valid UTF-8 (decoded by jansson or checked when read): no second check. Texts are stored
         * as JSON. */
        ok = (n == 1 ? BUF_LIT(r, &n, "{\"doc\":") : BUF_LIT(r, &n, ",{\"doc\":")) &&
             put_id(r, &n, rec->doc) && BUF_LIT(r, &n, ",\"start\":") &&
             put_integer(r, &n, rec->start) && BUF_LIT(r, &n, ",\"end\":") && put_integer(r, &n, rec->end) &&
             BUF_LIT(r, &n, ",\"text\":") &&
             buf_put(r, &n, ev->pool + ev->off[rec->text],
                     (size_t)(ev->off[rec->text + 1] - ev->off[rec->text])) &&
             BUF_LIT(r, &n, "}");
    }
    if (!ok || !BUF_LIT(r, &n, "]"))
        return eg_error_nomem(err);
    r->buf[n] = '\0';
    *text = r->buf;
    *len = n;
    return EG_OK;
}

eg_status eg_evrender_counts(eg_evrender *r, const char *const *keys, const uint64_t *counts, size_t n,
                             char **out, size_t *len, eg_error *err)
{
    *out = NULL;
    eg_status st = EG_OK;
    for (size_t i = 0; i < n && st == EG_OK; i++)
        if (json_object_set_new_nocheck(r->counts, keys[i], json_integer((json_int_t)counts[i])))
            st = eg_error_nomem(err);
    /* In insertion order, which is byte order: what JSON_SORT_KEYS would write. */
    if (st == EG_OK)
        st = dump(r, r->counts, JSON_PRESERVE_ORDER, out, len, err);
    json_object_clear(r->counts);
    return st;
}
