/*
 * bench/scan: the matcher's scan alone, for looking at the automaton's speed without the rest of a build.
 *
 *   scan DICT.tsv FILE.jsonl... [-r ROUNDS]
 *
 * Loads DICT (no shipped dictionaries), normalises every document of the inputs once (kept in memory), then
 * scans them all ROUNDS times (default 3) and prints the thread CPU time of each round, the median, MB/s of
 * normalised text and the number of matches (which must not change between versions of the matcher).
 * Built by CMake as bench_scan (not installed, not a test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dict.h"
#include "entgraph.h"
#include "error.h"
#include "input.h"
#include "matcher.h"
#include "normalize.h"

static double thread_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int rounds = 3;
    const char *paths[1024];
    size_t n_paths = 0;
    const char *dict_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!dict_path)
            dict_path = argv[i];
        else if (n_paths < sizeof paths / sizeof paths[0])
            paths[n_paths++] = argv[i];
    }
    if (!dict_path || n_paths == 0 || rounds < 1 || rounds > 100) {
        fprintf(stderr, "usage: scan DICT.tsv FILE.jsonl... [-r ROUNDS]\n");
        return 2;
    }
    eg_error err;
    eg_error_clear(&err);
    eg_dict *dict = eg_dict_new();
    eg_matcher *m = NULL;
    eg_input *in = NULL;
    if (!dict || eg_dict_load_file(dict, dict_path, &err) || eg_matcher_new(dict, &m, &err) ||
        eg_input_open((const char *const *)paths, n_paths, NULL, &in, &err)) {
        fprintf(stderr, "scan: %s\n", err.message);
        return 1;
    }
    eg_normtext *docs = NULL;
    char **orig = NULL;
    size_t *orig_len = NULL, n_docs = 0, cap = 0, bytes = 0;
    eg_document doc;
    eg_status st;
    while ((st = eg_input_next(in, &doc, &err)) == EG_OK) {
        if (n_docs == cap) {
            cap = cap ? 2 * cap : 1024;
            docs = realloc(docs, cap * sizeof *docs);
            orig = realloc(orig, cap * sizeof *orig);
            orig_len = realloc(orig_len, cap * sizeof *orig_len);
            if (!docs || !orig || !orig_len)
                return 1;
        }
        eg_normtext_init(&docs[n_docs]);
        orig[n_docs] = malloc(doc.len + 1);
        if (!orig[n_docs] || eg_normalize(doc.text, doc.len, 0, &docs[n_docs], &err))
            return 1;
        memcpy(orig[n_docs], doc.text, doc.len + 1);
        orig_len[n_docs] = doc.len;
        bytes += docs[n_docs].len;
        n_docs++;
    }
    if (st != EG_DONE) {
        fprintf(stderr, "scan: %s\n", err.message);
        return 1;
    }
    eg_match_vec out = {0}, scratch = {0};
    double t[100];
    size_t n_matches = 0;
    for (int r = 0; r < rounds; r++) {
        n_matches = 0;
        double t0 = thread_seconds();
        for (size_t k = 0; k < n_docs; k++) {
            if (eg_matcher_scan(m, &docs[k], orig[k], orig_len[k], &out, &scratch, &err)) {
                fprintf(stderr, "scan: %s\n", err.message);
                return 1;
            }
            n_matches += out.n;
        }
        t[r] = thread_seconds() - t0;
        printf("round %d: %.3f s\n", r + 1, t[r]);
    }
    qsort(t, (size_t)rounds, sizeof t[0], cmp_double);
    printf("%zu documents, %.1f MB normalised, %zu matches, %zu states; median %.3f s, %.1f MB/s\n", n_docs,
           (double)bytes / 1e6, n_matches, eg_matcher_n_states(m), t[rounds / 2],
           (double)bytes / 1e6 / t[rounds / 2]);
    for (size_t k = 0; k < n_docs; k++) {
        eg_normtext_destroy(&docs[k]);
        free(orig[k]);
    }
    free(docs);
    free(orig);
    free(orig_len);
    eg_match_vec_destroy(&out);
    eg_match_vec_destroy(&scratch);
    eg_input_free(in);
    eg_matcher_free(m);
    eg_dict_free(dict);
    return 0;
}
