/*
 * bench/parse: jansson's parse of JSONL lines alone, the floor under reading a JSONL corpus.
 *
 *   parse FILE.jsonl... [-j THREADS] [-r ROUNDS]
 *
 * Reads every line of the files into memory, then parses them all with json_loadb (the call and flags
 * entgraph's reader uses) ROUNDS times (default 3), the lines dealt out to THREADS threads (default 1), and
 * prints the wall time of each round, the median, MB/s and the number of lines parsed. Nothing else is
 * done with the values: what a build spends beyond this is not jansson's. Built by CMake as bench_parse
 * (not installed, not a test).
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct lines {
    char **text;
    size_t *len;
    size_t n, cap, bytes;
} lines;

typedef struct share {
    const lines *l;
    size_t first, step; /* lines first, first + step, ... */
    size_t n_parsed;
} share;

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Appends the lines of path to l; 0 on success. */
static int read_lines(const char *path, lines *l)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        perror(path);
        return 1;
    }
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&buf, &cap, fp)) > 0) {
        if (l->n == l->cap) {
            size_t ncap = l->cap ? 2 * l->cap : 4096;
            char **t = realloc(l->text, ncap * sizeof *t);
            size_t *len = t ? realloc(l->len, ncap * sizeof *len) : NULL;
            if (t)
                l->text = t;
            if (!len) {
                rc = 1;
                break;
            }
            l->len = len;
            l->cap = ncap;
        }
        if (!(l->text[l->n] = malloc((size_t)n))) {
            rc = 1;
            break;
        }
        memcpy(l->text[l->n], buf, (size_t)n);
        l->len[l->n++] = (size_t)n;
        l->bytes += (size_t)n;
    }
    if (rc)
        fprintf(stderr, "parse: out of memory\n");
    free(buf);
    fclose(fp);
    return rc;
}

static void *parse_share(void *arg)
{
    share *s = arg;
    for (size_t i = s->first; i < s->l->n; i += s->step) {
        json_error_t je;
        json_t *v = json_loadb(s->l->text[i], s->l->len[i], JSON_ALLOW_NUL, &je);
        if (v) {
            s->n_parsed++;
            json_decref(v);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int rounds = 3, threads = 1;
    lines l = {0};
    size_t n_files = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "-j") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (read_lines(argv[i], &l) == 0)
            n_files++;
        else
            return 1;
    }
    if (n_files == 0 || rounds < 1 || rounds > 100 || threads < 1 || threads > 64) {
        fprintf(stderr, "usage: parse FILE.jsonl... [-j THREADS] [-r ROUNDS]\n");
        return 2;
    }
    double t[100];
    size_t n_parsed = 0;
    pthread_t tids[64];
    share shares[64];
    for (int r = 0; r < rounds; r++) {
        double t0 = wall_seconds();
        for (int k = 0; k < threads; k++)
            shares[k] = (share){&l, (size_t)k, (size_t)threads, 0};
        int started = 1; /* this thread parses share 0 */
        while (started < threads && pthread_create(&tids[started], NULL, parse_share, &shares[started]) == 0)
            started++;
        parse_share(&shares[0]);
        for (int k = 1; k < started; k++)
            pthread_join(tids[k], NULL);
        t[r] = wall_seconds() - t0;
        if (started < threads) {
            fprintf(stderr, "parse: cannot start %d threads\n", threads);
            return 1;
        }
        n_parsed = 0;
        for (int k = 0; k < threads; k++)
            n_parsed += shares[k].n_parsed;
        printf("round %d: %.3f s\n", r + 1, t[r]);
    }
    qsort(t, (size_t)rounds, sizeof t[0], cmp_double);
    printf("%zu lines, %.1f MB, %zu parsed, %d thread%s; median %.3f s, %.1f MB/s\n", l.n, (double)l.bytes / 1e6,
           n_parsed, threads, threads == 1 ? "" : "s", t[rounds / 2], (double)l.bytes / 1e6 / t[rounds / 2]);
    for (size_t i = 0; i < l.n; i++)
        free(l.text[i]);
    free(l.text);
    free(l.len);
    return 0;
}
