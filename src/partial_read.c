/*
 * partial_read: reading shards back (partial.h, docs/partial-format.md). A buffered line reader that knows
 * each line's number and byte offset; each line parsed by jansson and checked field by field: kinds and
 * ranges of numbers, references to entities, documents and texts read before, strictly increasing keys (so
 * a record repeated by mistake is an error, not a double count), and at the end record the numbers of
 * records announced by the header. Nothing read is trusted to index an array before it was checked.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cooccur_impl.h"
#include "dict.h"
#include "error.h"
#include "partial.h"
#include "timeline.h"

#define CHUNK 65536
#define MAX_LINE ((size_t)1 << 30)

/* What the header announces, checked against what the body holds. */
typedef struct announced {
    uint64_t discovered, documents, entities, texts, pairs, periods, links, roles;
    uint64_t n_documents, n_mentions, n_windows, n_capped, n_bad_dates;
} announced;

struct eg_partial_reader {
    FILE *fp;
    char *path;
    char *buf;
    size_t cap, pos, len; /* unread bytes are buf[pos, len) */
    bool eof;
    uint64_t offset;      /* file offset of buf[0] */
    const char *line;     /* the current line, without its line end and trailing blanks */
    size_t line_len;
    size_t line_no;       /* 1-based */
    uint64_t line_off;    /* its byte offset in the file */
    bool any;             /* a shard header was read */
    announced ann;        /* of the shard being read */
};

eg_status eg_partial_reader_open(const char *path, eg_partial_reader **out, eg_error *err)
{
    *out = NULL;
    eg_partial_reader *r = eg_calloc(1, sizeof *r);
    if (!r || !(r->path = eg_strdup(path)) || !(r->buf = eg_malloc(CHUNK))) {
        eg_partial_reader_free(r);
        return eg_error_nomem(err);
    }
    r->cap = CHUNK;
    r->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!r->fp) {
        eg_status st = eg_error_io(err, path, "cannot open", errno);
        eg_partial_reader_free(r);
        return st;
    }
    *out = r;
    return EG_OK;
}

void eg_partial_reader_free(eg_partial_reader *r)
{
    if (!r)
        return;
    if (r->fp && r->fp != stdin)
        fclose(r->fp);
    free(r->path);
    free(r->buf);
    free(r);
}

static eg_status fail(const eg_partial_reader *r, eg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An error at the start of the current line. */
static eg_status fail(const eg_partial_reader *r, eg_error *err, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return eg_error_set(err, EG_ERR_PARSE, r->path, r->line_no, 1, (size_t)r->line_off, "%s", msg);
}

/* The next line that is not blank: EG_OK, EG_DONE at the end of the file, or an error. */
static eg_status next_line(eg_partial_reader *r, eg_error *err)
{
    for (;;) {
        char *nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
        if (!nl) {
            if (r->eof) {
                if (r->pos == r->len)
                    return EG_DONE;
                r->line_no++;
                r->line_off = r->offset + r->pos;
                return fail(r, err, "the last line has no line end: the shard is truncated");
            }
            /* Keep the partial line, make room and read more. */
            memmove(r->buf, r->buf + r->pos, r->len - r->pos);
            r->offset += r->pos;
            r->len -= r->pos;
            r->pos = 0;
            if (r->len == r->cap) {
                if (r->cap >= MAX_LINE)
                    return eg_error_set(err, EG_ERR_LIMIT, r->path, r->line_no + 1, 1, (size_t)r->offset,
                                        "a line longer than %zu bytes", MAX_LINE);
                char *nb = eg_realloc(r->buf, r->cap * 2);
                if (!nb)
                    return eg_error_nomem(err);
                r->buf = nb;
                r->cap *= 2;
            }
            size_t got = fread(r->buf + r->len, 1, r->cap - r->len, r->fp);
            r->len += got;
            if (got == 0) {
                if (ferror(r->fp))
                    return eg_error_set(err, EG_ERR_IO, r->path, EG_NO_POS, EG_NO_POS, EG_NO_POS, "cannot read: %s",
                                        strerror(errno));
                r->eof = true;
            }
            continue;
        }
        r->line_no++;
        r->line_off = r->offset + r->pos;
        r->line = r->buf + r->pos;
        size_t n = (size_t)(nl - r->line);
        r->pos += n + 1;
        /* Trailing blanks are dropped: a CR, or the tab that Hadoop Streaming adds to a line without one. */
        while (n > 0 && (r->line[n - 1] == '\r' || r->line[n - 1] == '\t' || r->line[n - 1] == ' '))
            n--;
        r->line_len = n;
        if (n > 0)
            return EG_OK;
    }
}

/* The current line as JSON (*out: a new reference). */
static eg_status parse_line(const eg_partial_reader *r, json_t **out, eg_error *err)
{
    json_error_t je;
    *out = json_loadb(r->line, r->line_len, 0, &je);
    if (*out)
        return EG_OK;
    if (json_error_code(&je) == json_error_out_of_memory)
        return eg_error_nomem(err);
    return eg_error_set(err, EG_ERR_PARSE, r->path, r->line_no, je.column > 0 ? (size_t)je.column : 1,
                        (size_t)(r->line_off + (je.position > 0 ? (uint64_t)je.position : 0)), "not JSON: %s", je.text);
}

/* ---- header -------------------------------------------------------------------------------------- */

static eg_status string_array(const eg_partial_reader *r, json_t *a, char ***v, size_t *n, const char *what,
                              eg_error *err)
{
    if (!json_is_array(a))
        return fail(r, err, "header: %s must be an array of strings", what);
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *s = json_array_get(a, i);
        if (!json_is_string(s))
            return fail(r, err, "header: %s must be an array of strings", what);
        eg_status st = eg_partial_push(v, n, json_string_value(s), err);
        if (st)
            return st;
    }
    return EG_OK;
}

static eg_status fill_header(eg_partial_reader *r, json_t *h, eg_partial **out, eg_error *err)
{
    const char *generator, *fingerprint, *discovery, *window, *period, *mode;
    json_int_t n_defined, evidence;
    int shipped;
    json_t *files, *inputs;
    json_int_t t[8], k[8];
    json_error_t je;
    if (json_unpack_ex(h, &je, 0,
                       "{s:s, s:{s:s, s:I, s:b, s:o, s:s}, s:{s:s, s:I, s:s, s:s}, s:o,"
                       " s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
                       "generator", &generator, "dictionaries", "fingerprint", &fingerprint, "entities", &n_defined,
                       "shipped", &shipped, "files", &files, "discovery", &discovery, "counting", "window", &window,
                       "evidence", &evidence, "period", &period, "mode", &mode, "inputs", &inputs, "totals",
                       "documents", &t[0], "bytes", &t[1], "skipped", &t[2], "invalid_utf8", &t[3], "mentions",
                       &t[4], "windows", &t[5], "capped_windows", &t[6], "bad_dates", &t[7], "records",
                       "discovered", &k[0], "documents", &k[1], "entities", &k[2], "texts", &k[3], "pairs", &k[4],
                       "periods", &k[5], "links", &k[6], "roles", &k[7]) != 0)
        return fail(r, err, "malformed header: %s", je.text);
    for (int i = 0; i < 8; i++)
        if (t[i] < 0 || k[i] < 0)
            return fail(r, err, "header: negative count");
    if (t[0] > (json_int_t)UINT32_MAX)
        return fail(r, err, "header: more than %u documents", UINT32_MAX);
    eg_cooccur_options opts = {0};
    if (!eg_cooccur_parse_window(window, &opts))
        return fail(r, err, "header: unknown window \"%.40s\"", window);
    if (strcmp(period, "none") != 0 && !eg_period_parse(period, &opts.period))
        return fail(r, err, "header: unknown period \"%.40s\"", period);
    if (strcmp(mode, "entity") != 0 && strcmp(mode, "entity-document") != 0)
        return fail(r, err, "header: unknown mode \"%.40s\"", mode);
    opts.two_mode = strcmp(mode, "entity-document") == 0;
    if (evidence < 0 || n_defined < 0 || n_defined > (json_int_t)UINT32_MAX)
        return fail(r, err, "header: evidence and entities must be non-negative counts");
    opts.evidence = (size_t)evidence;
    char *end;
    unsigned long long fp = strtoull(fingerprint, &end, 16);
    if (strlen(fingerprint) != 16 || *end)
        return fail(r, err, "header: the fingerprint must be 16 hexadecimal digits");
    eg_partial *p = NULL;
    eg_status st = eg_partial_new(&opts, &p, err);
    if (st)
        return st;
    eg_partial_info *in = &p->info;
    free(in->generator);
    in->generator = eg_strdup(generator);
    in->discovery = eg_strdup(discovery);
    in->source = eg_strdup(r->path);
    if (!in->generator || !in->discovery || !in->source)
        st = eg_error_nomem(err);
    if (st == EG_OK)
        st = string_array(r, files, &in->dict_paths, &in->n_dict_paths, "dictionaries.files", err);
    if (st == EG_OK)
        st = string_array(r, inputs, &in->inputs, &in->n_inputs, "inputs", err);
    if (st) {
        eg_partial_free(p);
        return st;
    }
    in->dict_fingerprint = fp;
    in->n_defined = (size_t)n_defined;
    in->shipped_dicts = shipped;
    in->n_bytes = (uint64_t)t[1];
    in->n_skipped = (uint64_t)t[2];
    in->n_invalid_utf8 = (uint64_t)t[3];
    r->ann = (announced){(uint64_t)k[0], (uint64_t)k[1], (uint64_t)k[2], (uint64_t)k[3], (uint64_t)k[4],
                         (uint64_t)k[5], (uint64_t)k[6], (uint64_t)k[7], (uint64_t)t[0], (uint64_t)t[4],
                         (uint64_t)t[5], (uint64_t)t[6], (uint64_t)t[7]};
    *out = p;
    return EG_OK;
}

eg_status eg_partial_read_header(eg_partial_reader *r, eg_partial **out, eg_error *err)
{
    *out = NULL;
    eg_status st = next_line(r, err);
    if (st == EG_DONE && !r->any)
        return eg_error_set(err, EG_ERR_PARSE, r->path, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "empty file: not an entgraph shard");
    if (st)
        return st;
    static const char magic[] = "{\"format\":\"" EG_PARTIAL_FORMAT "\"";
    if (r->line_len < sizeof magic - 1 || memcmp(r->line, magic, sizeof magic - 1) != 0)
        return fail(r, err, "not an entgraph shard (a shard starts with %s)", EG_PARTIAL_MAGIC);
    json_t *h;
    if ((st = parse_line(r, &h, err)))
        return st;
    json_t *v = json_object_get(h, "version");
    if (!json_is_integer(v))
        st = fail(r, err, "header: no format version");
    else if (json_integer_value(v) != EG_PARTIAL_VERSION)
        st = eg_error_set(err, EG_ERR_PARSE, r->path, r->line_no, 1, (size_t)r->line_off,
                          "shard format version %lld; this entgraph reads version %d (rebuild the shard with "
                          "this entgraph)", (long long)json_integer_value(v), EG_PARTIAL_VERSION);
    else
        st = fill_header(r, h, out, err);
    json_decref(h);
    if (st == EG_OK)
        r->any = true;
    return st;
}

/* ---- body ---------------------------------------------------------------------------------------- */

typedef struct text_rec {
    uint32_t doc;
    size_t start, end;
    size_t index; /* in the counter's evidence store */
} text_rec;

/* The state of one body being read. */
typedef struct body {
    eg_partial_reader *r;
    eg_partial *p;
    eg_cooccur *c;
    eg_dict *dict;
    uint64_t n_defined;
    uint32_t *disc;      /* dictionary index of each discovered number read */
    size_t cap_disc;
    text_rec *texts;
    size_t cap_texts;
    announced got;       /* records read so far */
    int64_t last_doc;    /* the keys of the last record of each kind, for the order checks */
    uint64_t last_entity, last_pair[2], last_role[3], last_period[2];
    const char *last_period_name;
    char period_name[16];
    bool any_entity, any_pair, any_role, any_period;
} body;

/* Element i of array a as a count >= min. */
static bool count_at(json_t *a, size_t i, uint64_t min, uint64_t *out)
{
    json_t *v = json_array_get(a, i);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || (uint64_t)json_integer_value(v) < min)
        return false;
    *out = (uint64_t)json_integer_value(v);
    return true;
}

/* The dictionary index of shard entity number ref, if known. */
static bool entity_at(const body *b, json_t *a, size_t i, uint32_t *out)
{
    uint64_t ref;
    if (!count_at(a, i, 0, &ref))
        return false;
    if (ref < b->n_defined) {
        *out = (uint32_t)ref;
        return true;
    }
    if (ref - b->n_defined < b->got.discovered) {
        *out = b->disc[ref - b->n_defined];
        return true;
    }
    return false;
}

/* Element i: null (*day = EG_CO_NO_DAY) or a YYYY-MM-DD string. */
static bool day_at(json_t *a, size_t i, int64_t *day)
{
    json_t *v = json_array_get(a, i);
    if (json_is_null(v)) {
        *day = EG_CO_NO_DAY;
        return true;
    }
    const char *s = json_string_value(v);
    return s && strlen(s) == 10 && eg_date_parse(s, day);
}

static const char *string_at(json_t *a, size_t i)
{
    return json_string_value(json_array_get(a, i));
}

static eg_status read_discovered(body *b, json_t *a, eg_error *err)
{
    uint64_t num;
    const char *id = string_at(a, 2), *type = string_at(a, 3), *label = string_at(a, 4);
    if (json_array_size(a) != 5 || !count_at(a, 1, 0, &num) || !id || !type || !label)
        return fail(b->r, err, "malformed discovered record: expected [\"discovered\", number, id, type, label]");
    if (b->got.discovered >= b->r->ann.discovered || num != b->n_defined + b->got.discovered)
        return fail(b->r, err, "discovered entity %llu is out of order or not announced", (unsigned long long)num);
    if (eg_grow((void **)&b->disc, &b->cap_disc, (size_t)b->got.discovered + 1, sizeof *b->disc))
        return eg_error_nomem(err);
    /* The type must outlive the dictionary's registry: an interned type, or discovery's own. */
    const char *t = eg_dict_type(b->dict, type);
    if (!t && strcmp(type, "person") == 0)
        t = "person";
    if (!t)
        return fail(b->r, err, "discovered entity %s has an unknown type \"%.40s\"", id, type);
    uint32_t index;
    eg_error e2;
    eg_status st = eg_dict_discover(b->dict, t, label, strlen(label), &index, &e2);
    if (st == EG_ERR_NOMEM)
        return eg_error_nomem(err);
    if (st)
        return fail(b->r, err, "discovered entity %s: %s", id, e2.message);
    if (strcmp(eg_dict_entity(b->dict, index)->id, id) != 0)
        return fail(b->r, err, "discovered entity %s would be %s here: written by another version?", id,
                    eg_dict_entity(b->dict, index)->id);
    b->disc[b->got.discovered++] = index;
    return EG_OK;
}

static eg_status read_document(body *b, json_t *a, eg_error *err)
{
    uint64_t i;
    const char *id = string_at(a, 2);
    json_t *title = json_array_get(a, 3), *date = json_array_get(a, 4);
    if (json_array_size(a) != 5 || !count_at(a, 1, 0, &i) || !id || !(json_is_null(title) || json_is_string(title)) ||
        !(json_is_null(date) || json_is_string(date)))
        return fail(b->r, err, "malformed document record: expected [\"document\", index, id, title, date]");
    if (i >= b->c->n_documents || (int64_t)i <= b->last_doc)
        return fail(b->r, err, "document %llu is out of range or out of order", (unsigned long long)i);
    b->last_doc = (int64_t)i;
    eg_co_doc *d;
    eg_status st = eg_co_keep_doc(b->c, (uint32_t)i, &d, err);
    if (st)
        return st;
    d->id = eg_strdup(id);
    d->title = json_is_string(title) ? eg_strdup(json_string_value(title)) : NULL;
    d->date = json_is_string(date) ? eg_strdup(json_string_value(date)) : NULL;
    if (!d->id || (json_is_string(title) && !d->title) || (json_is_string(date) && !d->date))
        return eg_error_nomem(err);
    b->got.documents++;
    return EG_OK;
}

static eg_status read_entity(body *b, json_t *a, eg_error *err)
{
    uint64_t num, m, d, w;
    uint32_t e;
    int64_t first, last;
    const char *id = string_at(a, 2);
    if (json_array_size(a) != 8 || !count_at(a, 1, 0, &num) || !entity_at(b, a, 1, &e) || !id ||
        !count_at(a, 3, 1, &m) || !count_at(a, 4, 1, &d) || !count_at(a, 5, 0, &w) || !day_at(a, 6, &first) ||
        !day_at(a, 7, &last))
        return fail(b->r, err, "malformed entity record: expected [\"entity\", number, id, mentions, documents, "
                               "windows, first, last] with a known number and YYYY-MM-DD or null days");
    if (b->any_entity && num <= b->last_entity)
        return fail(b->r, err, "entity %llu is out of order", (unsigned long long)num);
    if (strcmp(eg_dict_entity(b->dict, e)->id, id) != 0)
        return fail(b->r, err, "entity %llu is %s in the shard but %s in these dictionaries",
                    (unsigned long long)num, id, eg_dict_entity(b->dict, e)->id);
    if (d > m || d > b->c->n_documents || w > b->r->ann.n_windows || (first == EG_CO_NO_DAY) != (last == EG_CO_NO_DAY) || first > last)
        return fail(b->r, err, "entity %s: inconsistent counts or days", id);
    eg_status st = eg_co_ensure_entities(b->c, (size_t)e + 1, err);
    if (st)
        return st;
    b->c->mentions[e] = m;
    b->c->documents[e] = (uint32_t)d; /* at most n_documents, itself at most UINT32_MAX */
    b->c->windows[e] = w;
    b->c->first_day[e] = (int32_t)first; /* a YYYY-MM-DD date */
    b->c->last_day[e] = (int32_t)last;
    b->last_entity = num;
    b->any_entity = true;
    b->got.entities++;
    return EG_OK;
}

static eg_status read_text(body *b, json_t *a, eg_error *err)
{
    uint64_t num, doc, start, end;
    json_t *t = json_array_get(a, 5);
    if (json_array_size(a) != 6 || !count_at(a, 1, 0, &num) || !count_at(a, 2, 0, &doc) ||
        !count_at(a, 3, 0, &start) || !count_at(a, 4, 0, &end) || !json_is_string(t))
        return fail(b->r, err, "malformed text record: expected [\"text\", number, document, start, end, text]");
    if (b->got.texts >= b->r->ann.texts || num != b->got.texts)
        return fail(b->r, err, "text %llu is out of order or not announced", (unsigned long long)num);
    if (doc >= b->c->n_documents || start > end)
        return fail(b->r, err, "text %llu: document or span out of range", (unsigned long long)num);
    if (eg_grow((void **)&b->texts, &b->cap_texts, (size_t)b->got.texts + 1, sizeof *b->texts))
        return eg_error_nomem(err);
    text_rec *tr = &b->texts[b->got.texts];
    *tr = (text_rec){(uint32_t)doc, (size_t)start, (size_t)end, 0};
    eg_status st = eg_evstore_put_text(b->c->evidence, json_string_value(t), json_string_length(t), &tr->index, err);
    if (st == EG_OK)
        b->got.texts++;
    return st;
}

static eg_status read_pair(body *b, json_t *a, eg_error *err)
{
    uint64_t na, nb, w, d;
    uint32_t ea, eb;
    int64_t first, last;
    json_t *ev = json_array_get(a, 7);
    if (json_array_size(a) != 8 || !count_at(a, 1, 0, &na) || !count_at(a, 2, 0, &nb) || !entity_at(b, a, 1, &ea) ||
        !entity_at(b, a, 2, &eb) || !count_at(a, 3, 1, &w) || !count_at(a, 4, 1, &d) || !day_at(a, 5, &first) ||
        !day_at(a, 6, &last) || !json_is_array(ev))
        return fail(b->r, err, "malformed pair record: expected [\"pair\", a, b, windows, documents, first, last, "
                               "[text, ...]] with known entity numbers");
    if (b->c->opts.two_mode)
        return fail(b->r, err, "a pair record in an entity-document shard");
    if (na >= nb || (b->any_pair && (na < b->last_pair[0] || (na == b->last_pair[0] && nb <= b->last_pair[1]))))
        return fail(b->r, err, "pair %llu-%llu is out of order", (unsigned long long)na, (unsigned long long)nb);
    if (d > w || d > b->c->n_documents || (first == EG_CO_NO_DAY) != (last == EG_CO_NO_DAY) || first > last ||
        json_array_size(ev) > b->c->opts.evidence)
        return fail(b->r, err, "pair %llu-%llu: inconsistent counts, days or evidence", (unsigned long long)na,
                    (unsigned long long)nb);
    eg_co_pair *e;
    eg_status st = eg_co_pair_slot(b->c, ea, eb, &e, err);
    if (st)
        return st;
    e->windows = w;
    e->documents = (uint32_t)d; /* at most n_documents, itself at most UINT32_MAX */
    e->first_day = (int32_t)first; /* a YYYY-MM-DD date */
    e->last_day = (int32_t)last;
    for (size_t i = 0; i < json_array_size(ev); i++) {
        uint64_t t;
        if (!count_at(ev, i, 0, &t) || t >= b->got.texts)
            return fail(b->r, err, "pair %llu-%llu quotes a text not read before", (unsigned long long)na,
                        (unsigned long long)nb);
        const text_rec *tr = &b->texts[t];
        if ((st = eg_evstore_link(b->c->evidence, &e->ev_head, &e->ev_tail, tr->doc, tr->start, tr->end, tr->index,
                                  err)))
            return st;
        e->n_ev++;
    }
    b->last_pair[0] = na;
    b->last_pair[1] = nb;
    b->any_pair = true;
    b->got.pairs++;
    return EG_OK;
}

static eg_status read_period(body *b, json_t *a, eg_error *err)
{
    uint64_t na, nb, n;
    uint32_t ea, eb, index;
    const char *name = string_at(a, 3);
    if (json_array_size(a) != 5 || !count_at(a, 1, 0, &na) || !count_at(a, 2, 0, &nb) || !entity_at(b, a, 1, &ea) ||
        !entity_at(b, a, 2, &eb) || !name || !*name || strlen(name) > 15 || !count_at(a, 4, 1, &n))
        return fail(b->r, err, "malformed period record: expected [\"period\", a, b, name, count]");
    if (b->c->opts.period == EG_PERIOD_NONE || na > nb)
        return fail(b->r, err, "a period record in a shard without --period, or a > b");
    if (b->any_period && (na < b->last_period[0] || (na == b->last_period[0] && nb < b->last_period[1]) ||
                          (na == b->last_period[0] && nb == b->last_period[1] && strcmp(name, b->period_name) <= 0)))
        return fail(b->r, err, "period %llu-%llu %s is out of order", (unsigned long long)na, (unsigned long long)nb,
                    name);
    uint64_t item = ea == eb   ? ((uint64_t)ea << 32) | ea
                    : ea < eb ? ((uint64_t)ea << 32) | eb
                              : ((uint64_t)eb << 32) | ea;
    eg_status st;
    if ((st = eg_co_period_named(b->c, name, &index, err)) || (st = eg_co_count_period(b->c, item, index, n, err)))
        return st;
    b->last_period[0] = na;
    b->last_period[1] = nb;
    snprintf(b->period_name, sizeof b->period_name, "%s", name);
    b->any_period = true;
    b->got.periods++;
    return EG_OK;
}

static eg_status read_link(body *b, json_t *a, eg_error *err)
{
    uint64_t doc, m;
    uint32_t e;
    if (json_array_size(a) != 4 || !count_at(a, 1, 0, &doc) || !entity_at(b, a, 2, &e) || !count_at(a, 3, 1, &m))
        return fail(b->r, err, "malformed link record: expected [\"link\", document, entity, mentions]");
    if (!b->c->opts.two_mode || doc >= b->c->n_documents)
        return fail(b->r, err, "a link record outside an entity-document shard, or its document out of range");
    eg_status st = eg_co_add_link(b->c, e, (uint32_t)doc, m, err);
    if (st == EG_OK)
        b->got.links++;
    return st;
}

static eg_status read_role(body *b, json_t *a, eg_error *err)
{
    uint64_t np, nr, ns = UINT64_MAX, n, d;
    eg_role_count item = {0};
    json_t *scope = json_array_get(a, 3);
    if (json_array_size(a) != 6 || !count_at(a, 1, 0, &np) || !count_at(a, 2, 0, &nr) ||
        !entity_at(b, a, 1, &item.person) || !entity_at(b, a, 2, &item.role) ||
        !(json_is_null(scope) || (count_at(a, 3, 0, &ns) && entity_at(b, a, 3, &item.scope))) ||
        !count_at(a, 4, 1, &n) || !count_at(a, 5, 1, &d) || d > n)
        return fail(b->r, err, "malformed role record: expected [\"role\", person, role, scope or null, "
                               "attachments, documents]");
    if (json_is_null(scope))
        item.scope = EG_NO_ENTITY;
    uint64_t key[3] = {np, nr, ns};
    int cmp = 0; /* (person, role, scope) against the last triple, in lexicographic order */
    for (int i = 0; i < 3 && cmp == 0; i++)
        cmp = key[i] < b->last_role[i] ? -1 : key[i] > b->last_role[i];
    if (b->any_role && cmp <= 0)
        return fail(b->r, err, "role %llu-%llu is out of order or repeated", (unsigned long long)np,
                    (unsigned long long)nr);
    item.count = (size_t)n;
    item.documents = (size_t)d;
    eg_status st = eg_roles_acc_add_count(b->p->roles, &item, err);
    if (st)
        return st;
    memcpy(b->last_role, key, sizeof key);
    b->any_role = true;
    b->got.roles++;
    return EG_OK;
}

/* The end record: the counts the header announced must be the ones read. */
static eg_status read_end(body *b, json_t *a, eg_error *err)
{
    if (json_array_size(a) != 1)
        return fail(b->r, err, "malformed end record: expected [\"end\"]");
    const announced *x = &b->r->ann, *y = &b->got;
    static const char *const names[] = {"discovered entities", "documents", "entities", "texts", "pairs",
                                        "periods", "links", "roles"};
    const uint64_t want[] = {x->discovered, x->documents, x->entities, x->texts, x->pairs, x->periods, x->links,
                             x->roles};
    const uint64_t have[] = {y->discovered, y->documents, y->entities, y->texts, y->pairs, y->periods, y->links,
                             y->roles};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (want[i] != have[i])
            return fail(b->r, err, "the header announces %llu %s, the shard holds %llu", (unsigned long long)want[i],
                        names[i], (unsigned long long)have[i]);
    b->c->n_mentions = x->n_mentions;
    b->c->n_windows = x->n_windows;
    b->c->n_capped = x->n_capped;
    b->c->n_bad_dates = x->n_bad_dates;
    for (size_t e = 0; e < b->c->n_entities && !b->c->dated; e++)
        b->c->dated = b->c->first_day[e] != EG_CO_NO_DAY;
    return EG_OK;
}

typedef eg_status (*record_fn)(body *b, json_t *a, eg_error *err);

static eg_status read_record(body *b, json_t *a, bool *end, eg_error *err)
{
    static const struct {
        const char *tag;
        record_fn fn;
    } kinds[] = {{"discovered", read_discovered}, {"document", read_document}, {"entity", read_entity},
                 {"text", read_text}, {"pair", read_pair}, {"period", read_period}, {"link", read_link},
                 {"role", read_role}, {"end", read_end}};
    const char *tag = json_is_array(a) ? json_string_value(json_array_get(a, 0)) : NULL;
    if (!tag)
        return fail(b->r, err, "a record is a JSON array starting with its kind");
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(tag, kinds[i].tag) == 0) {
            *end = kinds[i].fn == read_end;
            return kinds[i].fn(b, a, err);
        }
    return fail(b->r, err, "unknown record kind \"%.40s\"", tag);
}

eg_status eg_partial_read_body(eg_partial_reader *r, eg_dict *dict, eg_partial *p, eg_error *err)
{
    body b;
    memset(&b, 0, sizeof b);
    b.r = r;
    b.p = p;
    b.c = p->cooccur;
    b.dict = dict;
    b.n_defined = p->info.n_defined;
    b.last_doc = -1;
    eg_status st = EG_OK;
    if (b.n_defined != eg_dict_n_defined(dict))
        return fail(r, err, "the shard was counted with %llu dictionary entities, these dictionaries have %zu",
                    (unsigned long long)b.n_defined, eg_dict_n_defined(dict));
    if (r->ann.documents > r->ann.n_documents)
        return fail(r, err, "header: more document records than documents");
    st = eg_co_add_docs(b.c, (size_t)r->ann.n_documents, err);
    if (st == EG_OK && r->ann.pairs <= ((uint64_t)1 << 32)) /* a larger count fails later, record by record */
        st = eg_co_reserve_pairs(b.c, (size_t)r->ann.pairs, err);
    bool end = false;
    while (st == EG_OK && !end) {
        json_t *a = NULL;
        st = next_line(r, err);
        if (st == EG_DONE) {
            r->line_no++;
            r->line_off = r->offset + r->len;
            st = fail(r, err, "the shard is truncated: the file ends before its end record");
            break;
        }
        if (st == EG_OK && (st = parse_line(r, &a, err)) == EG_OK)
            st = read_record(&b, a, &end, err);
        json_decref(a);
    }
    free(b.disc);
    free(b.texts);
    return st;
}
