/*
 * Unit tests for matcher: the table-driven cases in the .tsv files of tests/match (format below), then
 * the automaton's shape, pattern grouping, scratch reuse, allocation failure and pathological inputs under
 * a time limit.
 *
 * Case files (match/NAME.tsv, as the test runs in tests/), one record a line, fields separated by tabs:
 *   # comment            blank lines and lines starting with '#' are skipped
 *   case  NAME           starts a case
 *   entity ID TYPE NAME [ALIASES [EXACT [SHORT]]]
 *                        a dictionary row, added with eg_dict_add ('|'-separated lists; empty = none)
 *   text  TEXT           the document
 *   match START END SURFACE
 *                        an expected match: original byte offsets [START, END) and the bytes they cut
 *   none                 the case expects no match at all
 * TEXT, SURFACE and the entity fields take the escapes \n \r \t \\ \xHH (one byte) and \u{HEX} (UTF-8).
 * A case passes when the matches equal the expected ones, in order, and every SURFACE equals the text's
 * bytes at its offsets (a check on the case itself).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dict.h"
#include "error.h"
#include "harness.h"
#include "matcher.h"
#include "normalize.h"

enum { MAX_FIELDS = 8, MAX_ENTITIES = 16, MAX_MATCHES = 32 };

typedef struct tcase {
    char name[256];
    size_t line;
    char *entities[MAX_ENTITIES][6];
    size_t n_entities;
    char *text;
    size_t text_len;
    struct {
        size_t start, end;
        char *surface;
        size_t surface_len;
    } want[MAX_MATCHES];
    size_t n_want;
    bool none, bad;
} tcase;

/* Decodes the escapes of s into a new string; *len gets its length. */
static char *unescape(const char *s, size_t *len)
{
    size_t n = strlen(s), o = 0;
    char *out = malloc(n * 4 + 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\' || i + 1 == n) {
            out[o++] = s[i];
            continue;
        }
        char c = s[++i];
        if (c == 'n') {
            out[o++] = '\n';
        } else if (c == 'r') {
            out[o++] = '\r';
        } else if (c == 't') {
            out[o++] = '\t';
        } else if (c == 'x' && i + 2 < n) {
            char hex[3] = {s[i + 1], s[i + 2], 0};
            out[o++] = (char)strtoul(hex, NULL, 16);
            i += 2;
        } else if (c == 'u' && i + 1 < n && s[i + 1] == '{') {
            char *end;
            unsigned long cp = strtoul(s + i + 2, &end, 16);
            i = (size_t)(end - s);
            if (cp < 0x80) {
                out[o++] = (char)cp;
            } else if (cp < 0x800) {
                out[o++] = (char)(0xC0 | (cp >> 6));
                out[o++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out[o++] = (char)(0xE0 | (cp >> 12));
                out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (char)(0x80 | (cp & 0x3F));
            } else {
                out[o++] = (char)(0xF0 | (cp >> 18));
                out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (char)(0x80 | (cp & 0x3F));
            }
        } else {
            out[o++] = c; /* \\ and anything else: the character itself */
        }
    }
    out[o] = '\0';
    if (len)
        *len = o;
    return out;
}

static void case_free(tcase *c)
{
    for (size_t i = 0; i < c->n_entities; i++)
        for (int k = 0; k < 6; k++)
            free(c->entities[i][k]);
    for (size_t i = 0; i < c->n_want; i++)
        free(c->want[i].surface);
    free(c->text);
    memset(c, 0, sizeof *c);
}

static void describe(char *buf, size_t size, const eg_match_vec *v)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < v->n && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, " [%zu,%zu)", v->items[i].start, v->items[i].end);
    if (v->n == 0)
        snprintf(buf, size, " nothing");
}

/* Runs one case; returns true when it passes. */
static bool run_case(const char *file, tcase *c)
{
    char got[1024];
    eg_error err;
    bool ok = !c->bad && c->text && (c->n_want > 0) != c->none;
    if (!ok) {
        fprintf(stderr, "%s:%zu: malformed case \"%s\"\n", file, c->line, c->name);
        return false;
    }
    for (size_t i = 0; i < c->n_want; i++) {
        if (c->want[i].end > c->text_len || c->want[i].start > c->want[i].end ||
            c->want[i].end - c->want[i].start != c->want[i].surface_len ||
            memcmp(c->text + c->want[i].start, c->want[i].surface, c->want[i].surface_len) != 0) {
            fprintf(stderr, "%s:%zu: case \"%s\": expected match %zu [%zu,%zu) does not cut its surface\n",
                    file, c->line, c->name, i + 1, c->want[i].start, c->want[i].end);
            return false;
        }
    }
    eg_dict *d = eg_dict_new();
    eg_matcher *m = NULL;
    eg_normtext nt;
    eg_match_vec out = {0}, scratch = {0};
    eg_normtext_init(&nt);
    for (size_t i = 0; i < c->n_entities && ok; i++) {
        char **f = c->entities[i];
        if (eg_dict_add(d, f[0], f[1], f[2], f[3], f[4], f[5], &err) != EG_OK) {
            fprintf(stderr, "%s:%zu: case \"%s\": entity %s: %s\n", file, c->line, c->name, f[0],
                    err.message);
            ok = false;
        }
    }
    ok = ok && eg_matcher_new(d, &m, &err) == EG_OK &&
         eg_normalize(c->text, c->text_len, 0, &nt, &err) == EG_OK &&
         eg_matcher_scan(m, &nt, c->text, c->text_len, &out, &scratch, &err) == EG_OK;
    if (ok) {
        ok = out.n == c->n_want;
        for (size_t i = 0; ok && i < out.n; i++)
            ok = out.items[i].start == c->want[i].start && out.items[i].end == c->want[i].end;
        if (!ok) {
            describe(got, sizeof got, &out);
            fprintf(stderr, "%s:%zu: case \"%s\": got%s\n", file, c->line, c->name, got);
        }
    }
    eg_match_vec_destroy(&out);
    eg_match_vec_destroy(&scratch);
    eg_normtext_destroy(&nt);
    eg_matcher_free(m);
    eg_dict_free(d);
    return ok;
}

/* Reads and runs every case of one file; returns the number of cases. */
static size_t run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f)
        return 0;
    char line[4096];
    size_t line_no = 0, n_cases = 0;
    tcase c = {0};
    bool open = false;
    for (;;) {
        bool eof = fgets(line, sizeof line, f) == NULL;
        line_no++;
        char *fields[MAX_FIELDS] = {0};
        size_t nf = 0;
        if (!eof) {
            line[strcspn(line, "\r\n")] = '\0';
            if (line[0] == '\0' || line[0] == '#')
                continue;
            for (char *p = line; p && nf < MAX_FIELDS;) {
                fields[nf++] = p;
                p = strchr(p, '\t');
                if (p)
                    *p++ = '\0';
            }
        }
        if (eof || strcmp(fields[0], "case") == 0) {
            if (open) {
                CHECK(run_case(path, &c));
                n_cases++;
                case_free(&c);
            }
            if (eof)
                break;
            open = true;
            c.line = line_no;
            snprintf(c.name, sizeof c.name, "%s", nf > 1 ? fields[1] : "?");
        } else if (!open) {
            fprintf(stderr, "%s:%zu: a record before the first case\n", path, line_no);
            CHECK(false);
        } else if (strcmp(fields[0], "entity") == 0 && nf >= 4 && c.n_entities < MAX_ENTITIES) {
            for (int k = 0; k < 6; k++) {
                const char *v = k + 1 < (int)nf ? fields[k + 1] : "";
                c.entities[c.n_entities][k] = v[0] ? unescape(v, NULL) : NULL;
            }
            c.n_entities++;
        } else if (strcmp(fields[0], "text") == 0 && nf == 2 && !c.text) {
            c.text = unescape(fields[1], &c.text_len);
        } else if (strcmp(fields[0], "match") == 0 && nf == 4 && c.n_want < MAX_MATCHES) {
            c.want[c.n_want].start = strtoul(fields[1], NULL, 10);
            c.want[c.n_want].end = strtoul(fields[2], NULL, 10);
            c.want[c.n_want].surface = unescape(fields[3], &c.want[c.n_want].surface_len);
            c.n_want++;
        } else if (strcmp(fields[0], "none") == 0 && nf == 1) {
            c.none = true;
        } else {
            fprintf(stderr, "%s:%zu: bad record \"%s\"\n", path, line_no, fields[0]);
            c.bad = true;
        }
    }
    fclose(f);
    return n_cases;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_tables(void)
{
    DIR *dir = opendir("match");
    CHECK(dir != NULL);
    if (!dir)
        return;
    char *names[64];
    size_t n = 0, n_cases = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL && n < 64) {
        size_t len = strlen(de->d_name);
        if (len > 4 && strcmp(de->d_name + len - 4, ".tsv") == 0)
            names[n++] = strdup(de->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "match/%s", names[i]);
        n_cases += run_file(path);
        free(names[i]);
    }
    CHECK(n >= 8);
    CHECK(n_cases >= 60);
    printf("%zu match cases in %zu files\n", n_cases, n);
}

/* Scans text (NUL-terminated) with m; returns the number of matches. */
static size_t scan(const eg_matcher *m, const char *text, eg_match_vec *out, eg_match_vec *scratch)
{
    eg_normtext nt;
    eg_normtext_init(&nt);
    size_t len = strlen(text);
    CHECK_INT(eg_normalize(text, len, 0, &nt, NULL), EG_OK);
    CHECK_INT(eg_matcher_scan(m, &nt, text, len, out, scratch, NULL), EG_OK);
    eg_normtext_destroy(&nt);
    return out->n;
}

static void test_shape(void)
{
    eg_error err;
    eg_dict *d = eg_dict_new();
    eg_matcher *m = NULL;
    eg_match_vec out = {0}, scratch = {0};

    /* An empty dictionary makes a one-state automaton that finds nothing. */
    CHECK_INT(eg_matcher_new(d, &m, &err), EG_OK);
    CHECK_INT(eg_matcher_n_patterns(m), 0);
    CHECK_INT(eg_matcher_n_states(m), 1);
    CHECK_INT(scan(m, "anything at all", &out, &scratch), 0);
    eg_matcher_free(m);

    /* he, she, his, hers: the classic automaton has 10 states. Keys shared by aliases are one pattern. */
    CHECK_INT(eg_dict_add(d, "1", "thing", "he", "she", NULL, NULL, &err), EG_OK);
    CHECK_INT(eg_dict_add(d, "2", "thing", "his", "hers|HE", NULL, NULL, &err), EG_OK);
    CHECK_INT(eg_matcher_new(d, &m, &err), EG_OK);
    CHECK_INT(eg_matcher_n_patterns(m), 4);
    CHECK_INT(eg_matcher_n_states(m), 10);
    size_t n;
    const uint32_t *al = eg_matcher_pattern_aliases(m, 0, &n); /* "he", the first key in byte order */
    CHECK_INT(n, 2);
    CHECK_STR(eg_dict_alias(d, al[0])->text, "he");
    CHECK_STR(eg_dict_alias(d, al[1])->text, "HE");
    al = eg_matcher_pattern_aliases(m, 3, &n);
    CHECK_INT(n, 1);
    CHECK_STR(eg_dict_alias(d, al[0])->text, "she");

    CHECK_INT(scan(m, "she said hers, his and HE", &out, &scratch), 4);
    CHECK_INT(out.items[0].pattern, 3);
    CHECK_INT(out.items[1].start, 9);
    CHECK_INT(out.items[1].nend, 13);
    /* The same vectors serve the next document. */
    CHECK_INT(scan(m, "ushers", &out, &scratch), 0);
    CHECK_INT(scan(m, "he", &out, &scratch), 1);
    eg_match_vec_destroy(&out);
    eg_match_vec_destroy(&scratch);
    eg_matcher_free(m);
    eg_dict_free(d);
}

static void test_alloc_failure(void)
{
    eg_error err;
    eg_dict *d = eg_dict_new();
    CHECK_INT(eg_dict_add(d, "k", "country", "South Korea", "Korea|한국|ROK", NULL, NULL, &err), EG_OK);
    CHECK_INT(eg_dict_add(d, "u", "country", "United States", "US|미국", NULL, NULL, &err), EG_OK);
    const char *text = "South Korea and the US: 한국과 미국. Korea, ROK.";
    int failures = 0;
    for (long k = 1; k < 40; k++) {
        eg_matcher *m = NULL;
        eg_alloc_fail_at = k;
        eg_status st = eg_matcher_new(d, &m, &err);
        eg_alloc_fail_at = 0;
        CHECK(st == EG_OK || st == EG_ERR_NOMEM);
        CHECK((st == EG_OK) == (m != NULL));
        failures += st == EG_ERR_NOMEM;
        if (!m)
            continue;
        eg_normtext nt;
        eg_normtext_init(&nt);
        eg_match_vec out = {0}, scratch = {0};
        CHECK_INT(eg_normalize(text, strlen(text), 0, &nt, &err), EG_OK);
        eg_alloc_fail_at = 1;
        st = eg_matcher_scan(m, &nt, text, strlen(text), &out, &scratch, &err);
        eg_alloc_fail_at = 0;
        CHECK_INT(st, EG_ERR_NOMEM);
        CHECK_INT(eg_matcher_scan(m, &nt, text, strlen(text), &out, &scratch, &err), EG_OK);
        CHECK_INT(out.n, 6);
        eg_match_vec_destroy(&out);
        eg_match_vec_destroy(&scratch);
        eg_normtext_destroy(&nt);
        eg_matcher_free(m);
    }
    CHECK(failures >= 5);
    eg_dict_free(d);
}

static void test_pathological(void)
{
    eg_error err;
    eg_dict *d = eg_dict_new();
    /* Nested keys "a", "a a", ..., 20 deep: every position ends many keys. */
    char key[64] = "a";
    for (int i = 0; i < 20; i++) {
        char id[16];
        snprintf(id, sizeof id, "e%d", i);
        CHECK_INT(eg_dict_add(d, id, "thing", key, NULL, NULL, NULL, &err), EG_OK);
        strcat(key, " a");
    }
    CHECK_INT(eg_dict_add(d, "k", "thing", "Korea", NULL, NULL, NULL, &err), EG_OK);
    eg_matcher *m = NULL;
    CHECK_INT(eg_matcher_new(d, &m, &err), EG_OK);
    eg_match_vec out = {0}, scratch = {0};

    /* One sentence with 100,000 mentions. */
    size_t reps = 100000;
    char *text = malloc(reps * 6 + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + 6 * i, "Korea ", 6);
    text[reps * 6] = '\0';
    clock_t t0 = clock();
    CHECK_INT(scan(m, text, &out, &scratch), reps);
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
    free(text);

    /* "a a a ...": each position ends up to 20 keys; leftmost-longest takes 20 at a time. */
    reps = 20000;
    text = malloc(reps * 2 + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + 2 * i, "a ", 2);
    text[reps * 2] = '\0';
    t0 = clock();
    CHECK_INT(scan(m, text, &out, &scratch), reps / 20);
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
    free(text);

    /* A 10 MB word: no boundary anywhere, nothing found, quickly. */
    size_t n = 10u << 20;
    text = malloc(n + 1);
    memset(text, 'a', n);
    text[n] = '\0';
    t0 = clock();
    CHECK_INT(scan(m, text, &out, &scratch), 0);
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
    free(text);

    eg_match_vec_destroy(&out);
    eg_match_vec_destroy(&scratch);
    eg_matcher_free(m);
    eg_dict_free(d);
}

int main(void)
{
    test_tables();
    test_shape();
    test_alloc_failure();
    test_pathological();
    TEST_END();
}
