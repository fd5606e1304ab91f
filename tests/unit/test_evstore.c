/* Unit tests for evstore.c: records and lists, texts cut, sanitized and kept once by content, and the JSON
 * that renderers write (the same bytes as jansson's from fresh values), also after allocation failures. */
#include <jansson.h>
#include <stdlib.h>

#include "error.h"
#include "evstore.h"
#include "harness.h"

/* The text of text index i, decoded from the JSON the store keeps (malloc'ed, NUL-terminated), or NULL when
 * that is not one JSON string. */
static char *text_of(const eg_evstore *ev, size_t i, size_t *len)
{
    size_t n;
    const char *json = eg_evstore_text_json(ev, i, &n);
    json_error_t je;
    json_t *v = json_loadb(json, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    char *out = NULL;
    if (v && json_is_string(v) && (out = malloc(json_string_length(v) + 1))) {
        *len = json_string_length(v);
        memcpy(out, json_string_value(v), *len + 1);
    }
    json_decref(v);
    return out;
}

/* Does the store keep text index i as exactly jansson's compact text of the string want? */
static bool kept_as_jansson(const eg_evstore *ev, size_t i, const char *want, size_t want_len)
{
    json_t *str = json_stringn(want, want_len);
    char *dumped = str ? json_dumps(str, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    size_t n;
    const char *json = eg_evstore_text_json(ev, i, &n);
    bool same = dumped && strlen(dumped) == n && memcmp(dumped, json, n) == 0;
    free(dumped);
    json_decref(str);
    return same;
}

static void test_lists_and_texts(void)
{
    eg_evstore *ev = NULL;
    eg_error err;
    CHECK_INT(eg_evstore_new(&ev, &err), EG_OK);
    const char text[] = "Ana met Kim. Kim met Ana. Ana met Kim.";
    int32_t h1 = -1, t1 = -1, h2 = -1, t2 = -1;
    /* Two pairs of one window quote one sentence; the third sentence has the first's bytes. */
    CHECK_INT(eg_evstore_add(ev, &h1, &t1, 0, text, 0, 12, 1000, &err), EG_OK);
    CHECK_INT(eg_evstore_add(ev, &h2, &t2, 0, text, 0, 12, 1000, &err), EG_OK);
    CHECK_INT(eg_evstore_add(ev, &h1, &t1, 0, text, 13, 25, 1000, &err), EG_OK);
    CHECK_INT(eg_evstore_add(ev, &h1, &t1, 1, text, 26, 38, 1000, &err), EG_OK);
    CHECK_INT(eg_evstore_n_records(ev), 4);
    CHECK_INT(eg_evstore_n_texts(ev), 2);
    eg_evrecord r;
    eg_evstore_get(ev, h1, &r);
    CHECK_INT(r.doc, 0);
    CHECK_INT(r.end, 12);
    size_t first_text = r.text, len;
    eg_evstore_get(ev, r.next, &r);
    CHECK_INT(r.start, 13);
    eg_evstore_get(ev, r.next, &r);
    CHECK_INT(r.doc, 1);
    CHECK_INT(r.start, 26);
    CHECK_INT(r.text, first_text); /* equal text, stored once */
    CHECK_INT(r.next, -1);
    char *s = text_of(ev, r.text, &len);
    CHECK(s && len == 12 && memcmp(s, "Ana met Kim.", 12) == 0);
    free(s);
    size_t json_len;
    const char *json = eg_evstore_text_json(ev, r.text, &json_len);
    CHECK(json_len == 14 && memcmp(json, "\"Ana met Kim.\"", 14) == 0);
    eg_evstore_set_span(ev, t1, 100, 112);
    eg_evstore_get(ev, t1, &r);
    CHECK(r.start == 100 && r.end == 112);

    /* Invalid bytes and NUL become U+FFFD; long text is cut at a character boundary and ends in "…". */
    const char bad[] = "a\xff" "b\0c";
    int32_t h3 = -1, t3 = -1;
    CHECK_INT(eg_evstore_add(ev, &h3, &t3, 2, bad, 0, 5, 1000, &err), EG_OK);
    eg_evstore_get(ev, h3, &r);
    s = text_of(ev, r.text, &len);
    CHECK(s && len == 9 && memcmp(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c", 9) == 0);
    free(s);
    const char *hangul = "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4"; /* 한국어: 9 bytes */
    CHECK_INT(eg_evstore_add(ev, &h3, &t3, 2, hangul, 0, 9, 7, &err), EG_OK);
    eg_evstore_get(ev, t3, &r);
    s = text_of(ev, r.text, &len);
    CHECK(s && len == 9 && memcmp(s, "\xED\x95\x9C\xEA\xB5\xAD\xE2\x80\xA6", 9) == 0);
    free(s);

    /* Kept as jansson's text: escapes, controls, a slash and U+2028 as jansson writes them. */
    const char odd[] = "Quote \"x\" \\ a/b\n\t\x01\x1f caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80";
    CHECK_INT(eg_evstore_add(ev, &h3, &t3, 3, odd, 0, sizeof odd - 1, 1000, &err), EG_OK);
    eg_evstore_get(ev, t3, &r);
    CHECK(kept_as_jansson(ev, r.text, odd, sizeof odd - 1));

    /* Texts put back (from a shard) are shared by content too, empty ones included. */
    size_t i1, i2, i3;
    CHECK_INT(eg_evstore_put_text(ev, "Ana met Kim.", 12, &i1, &err), EG_OK);
    CHECK_INT(i1, first_text);
    CHECK_INT(eg_evstore_put_text(ev, "", 0, &i2, &err), EG_OK);
    CHECK_INT(eg_evstore_put_text(ev, "", 0, &i3, &err), EG_OK);
    CHECK_INT(i2, i3);
    s = text_of(ev, i2, &len);
    CHECK(s && len == 0);
    free(s);
    CHECK(kept_as_jansson(ev, i2, "", 0));
    /* A text of another store, put as JSON: shared by content with the texts put or added before. */
    size_t i4, i5;
    CHECK_INT(eg_evstore_put_text_json(ev, "\"Ana met Kim.\"", 14, &i4, &err), EG_OK);
    CHECK_INT(i4, first_text);
    CHECK_INT(eg_evstore_put_text_json(ev, "\"Kim left.\"", 11, &i5, &err), EG_OK);
    CHECK(i5 != first_text);
    CHECK_INT(eg_evstore_put_text(ev, "Kim left.", 9, &i1, &err), EG_OK);
    CHECK_INT(i1, i5);
    eg_evstore_free(ev);
}

/* Many texts: the content set grows (rehashes) and still finds every text. */
static void test_many_texts(void)
{
    eg_evstore *ev = NULL;
    eg_error err;
    CHECK_INT(eg_evstore_new(&ev, &err), EG_OK);
    char buf[64];
    size_t idx[5000];
    for (size_t i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "sentence number %zu.", i);
        CHECK_INT(eg_evstore_put_text(ev, buf, (size_t)n, &idx[i], &err), EG_OK);
    }
    CHECK_INT(eg_evstore_n_texts(ev), 5000);
    int wrong = 0;
    for (size_t i = 0; i < 5000; i++) {
        size_t again, len;
        int n = snprintf(buf, sizeof buf, "sentence number %zu.", i);
        eg_evstore_put_text(ev, buf, (size_t)n, &again, &err);
        char *s = text_of(ev, again, &len);
        wrong += !s || again != idx[i] || len != (size_t)n || memcmp(s, buf, len) != 0;
        free(s);
    }
    CHECK_INT(wrong, 0);
    CHECK_INT(eg_evstore_n_texts(ev), 5000);
    eg_evstore_free(ev);
}

/* The id of document doc in ids, looked for one by one ("" when it is not there). */
static const char *id_of(const eg_evdoc_ids *ids, uint32_t doc)
{
    for (size_t k = 0; k < ids->n; k++)
        if (ids->index[k] == doc)
            return ids->id[k];
    return "";
}

/* The JSON of a list, as jansson writes the same array of fresh objects. */
static char *fresh_json(const eg_evstore *ev, int64_t head, const eg_evdoc_ids *ids)
{
    json_t *a = json_array();
    eg_evrecord r;
    for (int64_t i = head; i >= 0; i = r.next) {
        size_t len = 0;
        eg_evstore_get(ev, i, &r);
        char *s = text_of(ev, r.text, &len);
        json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:s%}", "doc", id_of(ids, r.doc), "start", (json_int_t)r.start,
                                           "end", (json_int_t)r.end, "text", s ? s : "", len));
        free(s);
    }
    char *out = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(a);
    return out;
}

static void test_render(void)
{
    eg_evstore *ev = NULL;
    eg_evrender *rd = NULL;
    eg_error err;
    CHECK_INT(eg_evstore_new(&ev, &err), EG_OK);
    CHECK_INT(eg_evrender_new(&rd, &err), EG_OK);
    const char *id_texts[] = {"d1", "d\"2\\"};
    const uint32_t id_index[] = {0, 1};
    const eg_evdoc_ids ids_value = {id_index, id_texts, 2}, *ids = &ids_value;
    const char text[] = "Quote \"this\"\ttab.\nNext line caf\xc3\xa9.";
    int32_t h = -1, t = -1, h2 = -1, t2 = -1;
    eg_evstore_add(ev, &h, &t, 0, text, 0, 17, 1000, &err);
    eg_evstore_add(ev, &h, &t, 1, text, 18, sizeof text - 1, 1000, &err);
    eg_evstore_add(ev, &h2, &t2, 1, text, 0, 5, 1000, &err);
    const char *list = NULL;
    char *json = NULL, *want = fresh_json(ev, h, ids);
    size_t len = 0;
    CHECK_INT(eg_evrender_list(rd, ev, h, SIZE_MAX, ids, &list, &len, &err), EG_OK);
    CHECK_STR(list, want);
    CHECK_STR(list, "[{\"doc\":\"d1\",\"start\":0,\"end\":17,\"text\":\"Quote \\\"this\\\"\\ttab.\"},"
                    "{\"doc\":\"d\\\"2\\\\\",\"start\":18,\"end\":34,\"text\":\"Next line caf\xc3\xa9.\"}]");
    CHECK_INT(len, strlen(list));
    free(want);
    /* A shorter list after a longer one: nothing of the earlier list is left over. */
    want = fresh_json(ev, h2, ids);
    CHECK_INT(eg_evrender_list(rd, ev, h2, SIZE_MAX, ids, &list, &len, &err), EG_OK);
    CHECK_STR(list, want);
    free(want);

    const char *keys[] = {"2024-01", "2024-02", "2024-W09"};
    const uint64_t counts[] = {3, 1, 12};
    CHECK_INT(eg_evrender_counts(rd, keys, counts, 3, &json, &len, &err), EG_OK);
    CHECK_STR(json, "{\"2024-01\":3,\"2024-02\":1,\"2024-W09\":12}");
    free(json);
    CHECK_INT(eg_evrender_counts(rd, keys + 2, counts, 1, &json, &len, &err), EG_OK);
    CHECK_STR(json, "{\"2024-W09\":3}");
    free(json);

    /* Output larger than the renderer's buffer. */
    char *big = malloc(20000);
    memset(big, 'x', 20000);
    int32_t h3 = -1, t3 = -1;
    for (int i = 0; i < 10; i++)
        eg_evstore_add(ev, &h3, &t3, 0, big, (size_t)i, 20000, 1000 + (size_t)i, &err);
    want = fresh_json(ev, h3, ids);
    CHECK_INT(eg_evrender_list(rd, ev, h3, SIZE_MAX, ids, &list, &len, &err), EG_OK);
    CHECK(len > 10000);
    CHECK_STR(list, want);
    free(want);
    free(big);
    eg_evrender_free(rd);

    /* Every allocation of a new renderer and its first list fails in turn: NOMEM, nothing leaked. */
    long k = 1, bad = 0;
    for (; k < 100000; k++) {
        eg_alloc_fail_at = k;
        rd = NULL;
        char *cj = NULL;
        eg_status st = eg_evrender_new(&rd, &err);
        if (st == EG_OK)
            st = eg_evrender_list(rd, ev, h, SIZE_MAX, ids, &list, &len, &err);
        if (st == EG_OK)
            st = eg_evrender_counts(rd, keys, counts, 3, &cj, NULL, &err);
        bool fired = eg_alloc_fail_at <= 0;
        eg_alloc_fail_at = 0;
        if (!fired)
            CHECK_INT(st, EG_OK);
        bad += fired && (st != EG_ERR_NOMEM || cj);
        free(cj);
        eg_evrender_free(rd);
        if (!fired)
            break;
    }
    CHECK_INT(bad, 0);
    CHECK(k > 10);
    eg_evstore_free(ev);
}

/* Many lists of random texts (quotes, backslashes, controls, a slash, non-ASCII up to four bytes) and ids,
 * from two stores through one renderer, in turn: every list is the bytes jansson writes for fresh values,
 * whatever the renderer kept from the lists before (texts it met again, texts of the other store under the
 * same index, memo slots shared by several texts). */
static void test_render_many(void)
{
    /* The last piece makes a text whose JSON is longer than the renderer keeps (200 controls, 1,200 bytes). */
    static char controls[201];
    memset(controls, '\x02', 200);
    const char *const pieces[] = {"a", "Kim", " ", "\"", "\\", "\n", "\t", "\x01", "\x1f", "/",
                                  "caf\xc3\xa9", "\xed\x95\x9c", "\xf0\x9f\x98\x80", "\xe2\x80\xa8", ".", controls};
    /* Document 2 has no id (a document that no kept record quotes, or one without an id): it is "". */
    const char *id_texts[] = {"d0", "d\"1\"", "\xed\x95\x9c-3", "d/4", "d\n5"};
    const uint32_t id_index[] = {0, 1, 3, 4, 5};
    const eg_evdoc_ids ids_value = {id_index, id_texts, 5}, *ids = &ids_value;
    const size_t n_pieces = sizeof pieces / sizeof pieces[0];
    eg_evstore *ev[2] = {NULL, NULL};
    eg_evrender *rd = NULL;
    eg_error err;
    CHECK_INT(eg_evstore_new(&ev[0], &err), EG_OK);
    CHECK_INT(eg_evstore_new(&ev[1], &err), EG_OK);
    CHECK_INT(eg_evrender_new(&rd, &err), EG_OK);
    unsigned seed = 7;
    char text[23 * 200];
    int32_t heads[2][300], tails[2][300];
    for (int s = 0; s < 2; s++)
        for (int l = 0; l < 300; l++)
            heads[s][l] = tails[s][l] = -1;
    /* 6,000 records of about 3,000 texts: far more than fit in the renderer's memo of ids. */
    for (int k = 0; k < 6000; k++) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 8;
        size_t n = 0, want = 1 + (r % 3000) % 23;
        srand(r % 3000); /* the same text again for the same r % 3000 */
        for (size_t p = 0; p < want; p++) {
            const char *piece = pieces[(size_t)rand() % n_pieces];
            memcpy(text + n, piece, strlen(piece));
            n += strlen(piece);
        }
        int s = (int)(r & 1), l = (int)((r >> 1) % 300);
        CHECK_INT(eg_evstore_add(ev[s], &heads[s][l], &tails[s][l], (r >> 3) % 6, text, 0, n, 1000, &err), EG_OK);
    }
    int wrong = 0;
    for (int round = 0; round < 2; round++)
        for (int l = 0; l < 300; l++)
            for (int s = 0; s < 2; s++) {
                const char *list = NULL;
                size_t len = 0;
                char *want = fresh_json(ev[s], heads[s][l], ids);
                CHECK_INT(eg_evrender_list(rd, ev[s], heads[s][l], SIZE_MAX, ids, &list, &len, &err), EG_OK);
                wrong += !want || !list || strcmp(want, list) != 0 || len != strlen(want);
                free(want);
            }
    CHECK_INT(wrong, 0);
    CHECK(eg_evstore_n_texts(ev[0]) > 1000);
    eg_evrender_free(rd);
    eg_evstore_free(ev[0]);
    eg_evstore_free(ev[1]);
}

static void *hook_malloc(size_t n)
{
    return eg_malloc(n);
}

int main(void)
{
    json_set_alloc_funcs(hook_malloc, free); /* jansson's allocations can fail too */
    test_lists_and_texts();
    test_many_texts();
    test_render();
    test_render_many();
    TEST_END();
}
