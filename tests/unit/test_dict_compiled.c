/*
 * Unit tests for dict_compiled: a compile/load round trip keeps every entity, alias, source position and
 * automaton array (a small dictionary with every column, and the shipped ones), and recognises the same
 * mentions; a loaded dictionary takes further loads; truncated, bit-flipped, foreign and re-checksummed
 * damaged files all fail with an error naming the file and the offset, never a crash (ctest runs this under
 * ASan too); allocation failures at every point of a load; a write to a missing directory.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dict.h"
#include "dict_compiled.h"
#include "dict_compiled_impl.h"
#include "error.h"
#include "harness.h"
#include "matcher.h"
#include "matcher_impl.h"

static const char file_a[] =
    "id\ttype\tname\taliases\texact\tshort\tcountry\twikidata\troles\tx-party\n"
    "country:KOR\tcountry\tSouth Korea\tKorea|ROK|대한민국|한국\t\t\t\tQ884\t\t\n"
    "country:USA\tcountry\tUnited States\tUS|U.S.|미국\t\t\t\tQ30\t\t\n"
    "person:lee\tperson\tLee Jae-myung\t이재명\t\tLee\tcountry:KOR\t\trole:president@country:KOR/2025-06-04/\tDemocratic\n"
    "role:president\trole\tPresident\t대통령\t\t\t\t\t\t\n"
    "org:fed\torganization\tFederal Reserve\t\tFed\t\tcountry:USA\t\t\t\n"
    "vessel:x\tvessel\tÉtoile du Nord\tEtoile\t\t\t\t\t\t\n";
static const char file_b[] = "id\ttype\tname\taliases\tx-party\n"
                             "person:lee\tperson\tLee Jae Myung\tJaemyung Lee\t\n"
                             "person:trump\tperson\tDonald Trump\tTrump\tRepublican\n";

static char tmpdir[] = "/tmp/eg-test-egd-XXXXXX";

static const char *tmp_path(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    *len = 0;
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    /* 8-byte aligned, as the loader wants (malloc gives 16) */
    if (n >= 0 && (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, fp) == (size_t)n)
        *len = (size_t)n;
    fclose(fp);
    return buf;
}

static void write_all(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    if (fp) {
        fwrite(data, 1, len, fp);
        fclose(fp);
    }
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Every entity, alias and automaton array of (d1, m1) equals that of (d2, m2). */
static void check_equal(const eg_dict *d1, const eg_matcher *m1, const eg_dict *d2, const eg_matcher *m2)
{
    CHECK_INT(eg_dict_n_defined(d2), eg_dict_n_defined(d1));
    CHECK_INT(eg_dict_n_aliases(d2), eg_dict_n_aliases(d1));
    size_t bad_ents = 0, bad_aliases = 0;
    for (uint32_t e = 0; e < eg_dict_n_defined(d1) && e < eg_dict_n_defined(d2); e++) {
        const eg_entity *a = eg_dict_entity(d1, e), *b = eg_dict_entity(d2, e);
        size_t la, lb;
        const char *pa = eg_dict_entity_source(d1, e, &la), *pb = eg_dict_entity_source(d2, e, &lb);
        bool ok = same_str(a->id, b->id) && same_str(a->type, b->type) && b->type == eg_dict_type(d2, b->type) &&
                  same_str(a->label, b->label) && same_str(a->country, b->country) &&
                  same_str(a->wikidata, b->wikidata) && same_str(a->roles, b->roles) &&
                  a->n_attrs == b->n_attrs && same_str(pa, pb) && la == lb && eg_dict_find(d2, b->id) == e;
        for (size_t k = 0; ok && k < a->n_attrs; k++)
            ok = same_str(a->attr_names[k], b->attr_names[k]) && same_str(a->attr_values[k], b->attr_values[k]);
        uint32_t xa[64], xb[64];
        size_t na = eg_dict_entity_aliases(d1, e, xa, 64), nb = eg_dict_entity_aliases(d2, e, xb, 64);
        ok = ok && na == nb && memcmp(xa, xb, (na < 64 ? na : 64) * sizeof *xa) == 0;
        bad_ents += !ok;
    }
    for (uint32_t i = 0; i < eg_dict_n_aliases(d1) && i < eg_dict_n_aliases(d2); i++) {
        const eg_alias *a = eg_dict_alias(d1, i), *b = eg_dict_alias(d2, i);
        bad_aliases += !(a->len == b->len && memcmp(a->text, b->text, a->len) == 0 && a->key_len == b->key_len &&
                         memcmp(a->key, b->key, a->key_len) == 0 && a->entity == b->entity && a->flags == b->flags);
    }
    CHECK_INT(bad_ents, 0);
    CHECK_INT(bad_aliases, 0);
    CHECK(m2->borrowed && !m1->borrowed);
    CHECK_INT(m2->n_patterns, m1->n_patterns);
    CHECK_INT(m2->n_states, m1->n_states);
    CHECK_INT(m2->n_edges, m1->n_edges);
    CHECK_INT(m2->n_depth1, m1->n_depth1);
    if (m2->n_patterns != m1->n_patterns || m2->n_states != m1->n_states || m2->n_edges != m1->n_edges ||
        m2->n_depth1 != m1->n_depth1)
        return;
    size_t P = m1->n_patterns, S = m1->n_states, E = m1->n_edges, A = eg_dict_n_aliases(d1);
    CHECK(memcmp(m1->pat_len, m2->pat_len, P * 4) == 0);
    CHECK(memcmp(m1->pat_flags, m2->pat_flags, P) == 0);
    CHECK(memcmp(m1->pat_alias_start, m2->pat_alias_start, (P + 1) * 4) == 0);
    CHECK(memcmp(m1->pat_aliases, m2->pat_aliases, A * 4) == 0);
    CHECK(memcmp(m1->states, m2->states, S * sizeof(ac_state)) == 0);
    CHECK(memcmp(m1->pat_next, m2->pat_next, P * 4) == 0);
    CHECK(E == 0 || memcmp(m1->edge_byte, m2->edge_byte, E) == 0);
    CHECK(E == 0 || memcmp(m1->edge_next, m2->edge_next, E * 4) == 0);
    CHECK(memcmp(m1->root_next, m2->root_next, sizeof m1->root_next) == 0);
    CHECK(memcmp(m1->depth1_next, m2->depth1_next, (size_t)m1->n_depth1 * 256 * 4) == 0);
}

/* The mentions of text as "start-end:entity:how" joined by spaces. */
static const char *mentions(const eg_dict *d, const eg_matcher *m, const char *text)
{
    static char buf[2048];
    eg_pipeline *p = NULL;
    eg_doc_result res;
    eg_doc_result_init(&res);
    buf[0] = '\0';
    if (eg_pipeline_new(d, m, &p, NULL) == EG_OK && eg_pipeline_process(p, text, strlen(text), &res, NULL) == EG_OK) {
        size_t used = 0;
        for (size_t i = 0; i < res.n_mentions && used < sizeof buf; i++) {
            const eg_mention *x = &res.mentions[i];
            int w = snprintf(buf + used, sizeof buf - used, "%s%zu-%zu:%s:%d", i ? " " : "", x->start, x->end,
                             eg_dict_entity(d, x->entity)->id, (int)x->how);
            used += w > 0 ? (size_t)w : 0;
        }
    }
    eg_doc_result_destroy(&res);
    eg_pipeline_free(p);
    return buf;
}

static const char text[] = "Lee Jae-myung met Donald Trump in the U.S. on Friday; Lee said the Fed and ROK agree. "
                           "이재명 대통령은 미국과 한국의 관계를 말했다. The Étoile du Nord sailed. President Lee left.";

static void test_round_trip_small(void)
{
    eg_error err;
    eg_dict *d1 = eg_dict_new(), *d2 = NULL;
    eg_matcher *m1 = NULL, *m2 = NULL;
    CHECK_INT(eg_dict_load_buffer(d1, "a.tsv", file_a, strlen(file_a), &err), EG_OK);
    CHECK_INT(eg_dict_load_buffer(d1, "b.tsv", file_b, strlen(file_b), &err), EG_OK);
    CHECK_INT(eg_matcher_new(d1, &m1, &err), EG_OK);
    const char *path = tmp_path("small.egd");
    CHECK_INT(eg_dict_compiled_write(d1, m1, path, &err), EG_OK);
    CHECK(eg_dict_compiled_sniff(path));
    CHECK_INT(eg_dict_compiled_load(path, &d2, &m2, &err), EG_OK);
    if (!d2 || !m2)
        goto done;
    check_equal(d1, m1, d2, m2);
    size_t line;
    CHECK_STR(eg_dict_entity_source(d2, (uint32_t)eg_dict_find(d2, "person:trump"), &line), "b.tsv");
    CHECK_INT(line, 3);
    const eg_entity *lee = eg_dict_entity(d2, (uint32_t)eg_dict_find(d2, "person:lee"));
    CHECK_INT(lee->n_attrs, 1);
    CHECK_STR(lee->attr_values[0], "Democratic");
    CHECK_STR(lee->roles, "role:president@country:KOR/2025-06-04/");
    char want[2048];
    snprintf(want, sizeof want, "%s", mentions(d1, m1, text));
    CHECK(strlen(want) > 100);
    CHECK_STR(mentions(d2, m2, text), want);

    /* A loaded dictionary takes more rows: an alias for an old entity, a repeated one skipped, a new one. */
    static const char more[] = "id\ttype\tname\taliases\n"
                               "person:trump\tperson\tDonald J. Trump\tTrump\n"
                               "person:rubio\tperson\tMarco Rubio\tRubio\n";
    size_t n_aliases = eg_dict_n_aliases(d2);
    CHECK_INT(eg_dict_load_buffer(d2, "c.tsv", more, strlen(more), &err), EG_OK);
    CHECK_INT(eg_dict_load_buffer(d1, "c.tsv", more, strlen(more), &err), EG_OK);
    CHECK_INT(eg_dict_n_aliases(d2), n_aliases + 3);
    CHECK_INT(eg_dict_n_aliases(d2), eg_dict_n_aliases(d1));
    static const char clash[] = "id\ttype\tname\nperson:trump\tcountry\tTrump\n";
    CHECK_INT(eg_dict_load_buffer(d2, "d.tsv", clash, strlen(clash), &err), EG_ERR_PARSE);
    CHECK_INT(eg_dict_n_aliases(d2), n_aliases + 3);
done:
    eg_matcher_free(m2);
    eg_dict_free(d2);
    eg_matcher_free(m1);
    eg_dict_free(d1);
}

static void test_round_trip_shipped(void)
{
    eg_error err;
    eg_dict *d1 = eg_dict_new(), *d2 = NULL;
    eg_matcher *m1 = NULL, *m2 = NULL;
    CHECK_INT(eg_dict_load_dir(d1, "../dictionaries", &err), EG_OK);
    CHECK(eg_dict_n_aliases(d1) > 10000);
    CHECK_INT(eg_matcher_new(d1, &m1, &err), EG_OK);
    const char *path = tmp_path("shipped.egd");
    CHECK_INT(eg_dict_compiled_write(d1, m1, path, &err), EG_OK);
    CHECK_INT(eg_dict_compiled_load(path, &d2, &m2, &err), EG_OK);
    if (d2 && m2) {
        check_equal(d1, m1, d2, m2);
        char want[2048];
        snprintf(want, sizeof want, "%s", mentions(d1, m1, text));
        CHECK_STR(mentions(d2, m2, text), want);
    }
    eg_matcher_free(m2);
    eg_dict_free(d2);
    eg_matcher_free(m1);
    eg_dict_free(d1);
}

/* The small dictionary compiled into memory (malloc'd, 8-byte aligned); *len its size. */
static char *small_image(size_t *len)
{
    eg_error err;
    eg_dict *d = eg_dict_new();
    eg_matcher *m = NULL;
    char *buf = NULL;
    *len = 0;
    if (eg_dict_load_buffer(d, "a.tsv", file_a, strlen(file_a), &err) == EG_OK &&
        eg_matcher_new(d, &m, &err) == EG_OK && eg_dict_compiled_write(d, m, tmp_path("img.egd"), &err) == EG_OK)
        buf = read_all(tmp_path("img.egd"), len);
    eg_matcher_free(m);
    eg_dict_free(d);
    return buf;
}

/* Loads data[0..len) from memory; returns the status and the formatted error in msg. */
static eg_status load_mem(const char *data, size_t len, char *msg, size_t size, size_t *offset)
{
    eg_error err;
    eg_dict *d = NULL;
    eg_matcher *m = NULL;
    eg_error_clear(&err);
    char *copy = malloc(len ? len : 1);
    memcpy(copy, data, len);
    eg_status st = eg_dict_compiled_load_buffer("x.egd", copy, len, &d, &m, &err);
    msg[0] = '\0';
    if (st) {
        eg_error_format(&err, msg, size);
        if (offset)
            *offset = err.offset;
    } else {
        /* whatever loaded must scan without trouble */
        mentions(d, m, text);
    }
    eg_matcher_free(m);
    eg_dict_free(d);
    free(copy);
    return st;
}

static void test_damaged(void)
{
    size_t len, off;
    char msg[1100];
    char *img = small_image(&len);
    CHECK(img && len > 1000);
    if (!img)
        return;
    CHECK_INT(load_mem(img, len, msg, sizeof msg, NULL), EG_OK);

    /* Every truncation. */
    size_t bad = 0, named = 0;
    for (size_t n = 0; n < len; n++) {
        off = 0;
        eg_status st = load_mem(img, n, msg, sizeof msg, &off);
        bad += st != EG_ERR_PARSE;
        named += strncmp(msg, "x.egd:byte ", 11) == 0 && (n < 4 || off == n);
    }
    CHECK_INT(bad, 0);
    CHECK_INT(named, len);
    load_mem(img, 100, msg, sizeof msg, NULL);
    CHECK_STR(msg, "x.egd:byte 100: truncated: 100 bytes, the header alone has 608");
    load_mem(img, len - 1, msg, sizeof msg, NULL);
    CHECK(strstr(msg, "truncated") != NULL);

    /* Every byte flipped: the checksums catch it (or it was padding). Then with the checksums made to fit,
     * the checks behind them: never a crash, and an error always says where. */
    char *copy = malloc(len);
    size_t loaded = 0, errors_named = 0, n_errors = 0;
    for (size_t i = 0; i < len; i++) {
        for (int fix = 0; fix < 2; fix++) {
            memcpy(copy, img, len);
            copy[i] ^= (char)0x5a;
            if (fix)
                eg_dict_compiled_fix_checksums(copy, len);
            eg_status st = load_mem(copy, len, msg, sizeof msg, NULL);
            if (st == EG_OK) {
                loaded++;
            } else {
                n_errors++;
                errors_named += strncmp(msg, "x.egd:byte ", 11) == 0;
            }
        }
    }
    CHECK(n_errors > len);
    CHECK_INT(errors_named, n_errors);
    free(copy);

    /* Foreign and other-version files. */
    CHECK_INT(load_mem("id\ttype\tname\nx\tperson\tX\n", 23, msg, sizeof msg, NULL), EG_ERR_PARSE);
    CHECK_STR(msg, "x.egd:byte 0: not a compiled dictionary (no EGD magic)");
    copy = malloc(len);
    memcpy(copy, img, len);
    copy[8] = 1; /* version 1: output links to states and a term per state */
    eg_dict_compiled_fix_checksums(copy, len);
    load_mem(copy, len, msg, sizeof msg, NULL);
    CHECK_STR(msg, "x.egd:byte 8: format version 1; this entgraph reads version 2 (compile the dictionary again)");
    memcpy(copy, img, len);
    for (int k = 0; k < 4; k++) /* the byte-order mark reversed */
        copy[12 + k] = img[15 - k];
    eg_dict_compiled_fix_checksums(copy, len);
    load_mem(copy, len, msg, sizeof msg, NULL);
    CHECK(strstr(msg, "other byte order") != NULL);
    memcpy(copy, img, len);
    copy[4] = '\n'; /* a text-mode conversion */
    load_mem(copy, len, msg, sizeof msg, NULL);
    CHECK_STR(msg, "x.egd:byte 4: damaged magic (was the file converted as text?)");
    memcpy(copy, img, len);
    copy[300] ^= 1; /* inside the section table */
    load_mem(copy, len, msg, sizeof msg, NULL);
    CHECK_STR(msg, "x.egd:byte 32: header checksum mismatch (the file is damaged)");
    free(copy);
    free(img);
}

/* Damage inside one section, with the checksums made to fit: the structural checks name it. */
static void test_structure(void)
{
    size_t len;
    char msg[1100];
    char *img = small_image(&len), *copy = img ? malloc(len) : NULL;
    if (!copy) {
        CHECK(0);
        free(img);
        return;
    }
    uint64_t off[15];
    for (int s = 0; s < 15; s++)
        memcpy(&off[s], img + 128 + 32 * s + 8, 8);
    struct {
        int section;
        size_t at;     /* byte within the section */
        uint32_t value;
        const char *want; /* in the message */
    } cases[] = {
        {9, 16 * 5 + 0, 5, "failure link"},           /* state 5 fails to itself */
        {9, 16 * 1 + 8, 9999, "breaks the tree"},     /* a single transition out of range */
        {9, 16 * 0 + 12, 0, "root state"},            /* the root loses its transitions */
        {10, 4 * 1, 1, "not a shorter one"},          /* pattern 1's chain loops on itself */
        {9, 16 * 1 + 4, 99999, "output pattern"},     /* state 1 outputs a pattern out of range */
        {4, 24 * 2 + 16, 999, "alias 2"},             /* an alias of entity 999 */
        {4, 24 * 2 + 12, 0, "alias 2"},               /* an empty key */
        {2, 40 * 1 + 4, 77, "entity 1"},              /* type 77 */
        {2, 40 * 1 + 0, 0xFFFFFF, "entity 1"},        /* id offset out of range */
        {8, 4 * 0, 12345, "alias number"},            /* pattern alias out of range */
        {5, 4 * 0, 0, "empty key"},                   /* pattern length 0 */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        memcpy(copy, img, len);
        memcpy(copy + off[cases[k].section] + cases[k].at, &cases[k].value, 4);
        eg_dict_compiled_fix_checksums(copy, len);
        CHECK_INT(load_mem(copy, len, msg, sizeof msg, NULL), EG_ERR_PARSE);
        if (!strstr(msg, cases[k].want))
            fprintf(stderr, "case %zu: \"%s\" lacks \"%s\"\n", k, msg, cases[k].want);
        CHECK(strstr(msg, cases[k].want) != NULL);
    }
    /* The strings section must end with a NUL and be UTF-8; an entity's type must be a valid type. */
    uint64_t n_str;
    memcpy(&n_str, img + 128 + 16, 8);
    memcpy(copy, img, len);
    copy[off[0] + n_str - 1] = 'x';
    eg_dict_compiled_fix_checksums(copy, len);
    load_mem(copy, len, msg, sizeof msg, NULL);
    CHECK(strstr(msg, "does not end with a NUL") != NULL);
    memcpy(copy, img, len);
    copy[off[0] + 1] = (char)0xff;
    eg_dict_compiled_fix_checksums(copy, len);
    load_mem(copy, len, msg, sizeof msg, NULL);
    CHECK(strstr(msg, "invalid UTF-8") != NULL);
    free(copy);
    free(img);
}

static void test_files(void)
{
    eg_error err;
    eg_dict *d = NULL;
    eg_matcher *m = NULL;
    CHECK_INT(eg_dict_compiled_load(tmp_path("missing.egd"), &d, &m, &err), EG_ERR_IO);
    CHECK(d == NULL && m == NULL && strstr(err.path, "missing.egd") != NULL);
    write_all(tmp_path("empty.egd"), "", 0);
    CHECK_INT(eg_dict_compiled_load(tmp_path("empty.egd"), &d, &m, &err), EG_ERR_PARSE);
    CHECK(!eg_dict_compiled_sniff(tmp_path("empty.egd")));
    write_all(tmp_path("text.egd"), "id\ttype\tname\n", 13);
    CHECK_INT(eg_dict_compiled_load(tmp_path("text.egd"), &d, &m, &err), EG_ERR_PARSE);
    CHECK(strstr(err.message, "not a compiled dictionary") != NULL && err.offset == 0);

    eg_dict *d1 = eg_dict_new();
    eg_matcher *m1 = NULL;
    CHECK_INT(eg_dict_load_buffer(d1, "a.tsv", file_a, strlen(file_a), &err), EG_OK);
    CHECK_INT(eg_matcher_new(d1, &m1, &err), EG_OK);
    CHECK_INT(eg_dict_compiled_write(d1, m1, tmp_path("no/such/dir.egd"), &err), EG_ERR_IO);
    /* Allocation failures at every point of a load: out of memory, everything freed (ASan checks). */
    CHECK_INT(eg_dict_compiled_write(d1, m1, tmp_path("alloc.egd"), &err), EG_OK);
    size_t nomem = 0;
    for (long k = 1; k < 10000; k++) {
        eg_alloc_fail_at = k;
        eg_status st = eg_dict_compiled_load(tmp_path("alloc.egd"), &d, &m, &err);
        eg_alloc_fail_at = 0;
        if (st == EG_OK) {
            eg_matcher_free(m);
            eg_dict_free(d);
            break;
        }
        nomem += st == EG_ERR_NOMEM && !d && !m;
        if (st != EG_ERR_NOMEM)
            break;
    }
    CHECK(nomem > 5);
    /* and of a write: the old file stays */
    for (long k = 1; k < 10000; k++) {
        eg_alloc_fail_at = k;
        eg_status st = eg_dict_compiled_write(d1, m1, tmp_path("alloc.egd"), &err);
        eg_alloc_fail_at = 0;
        if (st != EG_ERR_NOMEM)
            break;
    }
    CHECK_INT(eg_dict_compiled_load(tmp_path("alloc.egd"), &d, &m, &err), EG_OK);
    eg_matcher_free(m);
    eg_dict_free(d);
    eg_matcher_free(m1);
    eg_dict_free(d1);
}

/* The checksum is the published XXH64 (seed 0): the reference implementation's values. */
static void test_xxh64(void)
{
    static const struct {
        const char *s;
        uint64_t h;
    } vectors[] = {{"", 0xef46db3751d8e999u},
                   {"a", 0xd24ec4f1a98c6e5bu},
                   {"abc", 0x44bc2cf5ad770999u},
                   {"Nobody inspects the spammish repetition", 0xfbcea83c8a378bf1u}};
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++)
        CHECK(egd_xxh64(vectors[i].s, strlen(vectors[i].s)) == vectors[i].h);
}

int main(void)
{
    test_xxh64();
    if (!mkdtemp(tmpdir)) {
        perror(tmpdir);
        return 1;
    }
    test_round_trip_small();
    test_round_trip_shipped();
    test_damaged();
    test_structure();
    test_files();
    const char *names[] = {"small.egd", "shipped.egd", "img.egd", "empty.egd", "text.egd", "alloc.egd"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unlink(tmp_path(names[i]));
    rmdir(tmpdir);
    TEST_END();
}
