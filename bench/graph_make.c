/*
 * bench/graph_make: making the graph from counts alone (eg_cooccur_to_graph_opts), without recognition or
 * export, to look at its time and at the effect of rendering threads.
 *
 *   graph_make DICT SHARD [-r ROUNDS] [-j N]...
 *
 * Loads the dictionary DICT (a TSV file or a directory, as `-d`) and the counts of SHARD (written by
 * `entgraph build --partial --no-default-dicts -d DICT`), then makes the graph ROUNDS times (default 5) with
 * each thread count given (default: 1 and 2), and prints for each the smallest wall time and the smallest
 * CPU time of all threads over the rounds (the smallest is the least disturbed by other jobs on the
 * machine), with the graph's size. Built by CMake as bench_graph_make (not installed, not a test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cooccur_graph.h"
#include "dict.h"
#include "entgraph.h"
#include "error.h"
#include "partial.h"

static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const eg_error *err)
{
    fprintf(stderr, "graph_make: %s%s%s\n", err->path, err->path[0] ? ": " : "", err->message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: graph_make DICT SHARD [-r ROUNDS] [-j N]...\n");
        return 2;
    }
    long rounds = 5;
    size_t threads[16], n_threads = 0;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-r") == 0)
            rounds = atol(argv[i + 1]);
        else if (strcmp(argv[i], "-j") == 0 && n_threads < 16)
            threads[n_threads++] = (size_t)atol(argv[i + 1]);
    }
    if (n_threads == 0) {
        threads[0] = 1;
        threads[1] = 2;
        n_threads = 2;
    }
    eg_error err;
    eg_error_clear(&err);
    struct stat sb;
    eg_dict *dict = eg_dict_new();
    eg_partial_reader *reader = NULL;
    eg_partial *p = NULL;
    int code = 1;
    if (!dict)
        return 1;
    eg_status st = stat(argv[1], &sb) == 0 && S_ISDIR(sb.st_mode) ? eg_dict_load_dir(dict, argv[1], &err)
                                                                   : eg_dict_load_file(dict, argv[1], &err);
    if (st || (st = eg_partial_reader_open(argv[2], &reader, &err)) ||
        (st = eg_partial_read_header(reader, &p, &err)) || (st = eg_partial_read_body(reader, dict, p, &err))) {
        code = fail(&err);
        goto done;
    }
    eg_dict_settle_discovered(dict);
    printf("%s: %zu documents, %zu pairs\n", argv[2], eg_cooccur_n_documents(p->cooccur),
           eg_cooccur_n_pairs(p->cooccur));
    for (size_t t = 0; t < n_threads; t++) {
        double best_wall = 1e30, best_cpu = 1e30;
        size_t nodes = 0, edges = 0;
        for (long r = 0; r < rounds; r++) {
            eg_cooccur_graph_options o = {.n_threads = threads[t]};
            eg_graph *g = NULL;
            double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
            st = eg_cooccur_to_graph_opts(p->cooccur, dict, &o, &g, &err);
            double wall = seconds(CLOCK_MONOTONIC) - w0, cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
            if (st) {
                code = fail(&err);
                goto done;
            }
            nodes = eg_graph_n_nodes(g);
            edges = eg_graph_n_edges(g);
            eg_graph_free(g);
            best_wall = wall < best_wall ? wall : best_wall;
            best_cpu = cpu < best_cpu ? cpu : best_cpu;
        }
        printf("-j %-3zu wall %7.1f ms   cpu %7.1f ms   (%zu nodes, %zu edges; best of %ld)\n", threads[t],
               best_wall * 1e3, best_cpu * 1e3, nodes, edges, rounds);
    }
    code = 0;
done:
    eg_partial_free(p);
    eg_partial_reader_free(reader);
    eg_dict_free(dict);
    return code;
}
