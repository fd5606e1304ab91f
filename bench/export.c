/*
 * bench/export: the exporters alone, for looking at their speed without the rest of a build.
 *
 *   export GRAPH [-r ROUNDS] [-o PATH] [-f FORMAT]
 *
 * Reads GRAPH (best a graph.graphml written by `entgraph build`: its doubles keep every digit, where JSON
 * keeps 15; empty strings are made missing values again and string columns whose every value is a JSON
 * array or object, such as evidence, JSON columns, as they are in a build), then writes it in every format
 * (GraphML, the four JSON styles, GEXF, the two CSV tables, DOT) ROUNDS times (default 3), and prints the
 * thread CPU time of each format (median of the rounds), the bytes written and MB/s. The output goes to a
 * stream that only counts bytes, so that the figures are the exporters' own work and not the file
 * system's; -o PATH writes to PATH instead. -f FORMAT (graphml, json, d3, cytoscape, graphology, gexf, csv,
 * dot) writes that one only, e.g. for `perf stat`. Built by CMake as bench_export (not installed, not a
 * test).
 */
#define _GNU_SOURCE /* fopencookie */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "entgraph.h"
#include "error.h"
#include "export.h"
#include "graph.h"

static double thread_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A stream that counts what is written to it and keeps nothing. */
static ssize_t count_write(void *cookie, const char *buf, size_t size)
{
    (void)buf;
    *(long *)cookie += (long)size;
    return (ssize_t)size;
}

static FILE *open_counter(long *bytes)
{
    cookie_io_functions_t io = {.read = NULL, .write = count_write, .seek = NULL, .close = NULL};
    *bytes = 0;
    return fopencookie(bytes, "w", io);
}

/* Undoes what a GraphML file changes in a build's table: igraph reads a missing string as "", which is made
 * missing again, and JSON columns come back as strings, which get their type back. */
static void restore_columns(eg_table *t)
{
    for (size_t i = 0; i < t->n_cols; i++) {
        eg_column *c = &t->cols[i];
        if (c->type != EG_ATTR_STRING)
            continue;
        bool json = true, any = false;
        for (size_t r = 0; r < t->n_rows; r++) {
            if (c->v.s[r] && !c->v.s[r][0]) {
                free(c->v.s[r]);
                c->v.s[r] = NULL;
            }
            if (!c->v.s[r] || !json)
                continue;
            json_t *v = (c->v.s[r][0] == '[' || c->v.s[r][0] == '{') ? json_loads(c->v.s[r], 0, NULL) : NULL;
            json = v != NULL;
            any = true;
            json_decref(v);
        }
        if (json && any)
            c->type = EG_ATTR_JSON;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

enum { F_GRAPHML, F_NETWORKX, F_D3, F_CYTOSCAPE, F_GRAPHOLOGY, F_GEXF, F_CSV_NODES, F_CSV_EDGES, F_DOT, N_F };

static const char *const names[N_F] = {"graphml", "json networkx", "json d3", "json cytoscape", "json graphology",
                                       "gexf", "csv nodes", "csv edges", "dot"};
static const char *const short_names[N_F] = {"graphml", "json", "d3", "cytoscape", "graphology",
                                             "gexf", "csv", "csv", "dot"};

static eg_status write_format(int f, const eg_graph *g, FILE *fp, eg_error *err)
{
    size_t n_replaced;
    switch (f) {
    case F_GRAPHML: return eg_export_graphml(g, fp, &n_replaced, err);
    case F_NETWORKX: return eg_export_json_style(g, fp, EG_JSON_NETWORKX, &n_replaced, err);
    case F_D3: return eg_export_json_style(g, fp, EG_JSON_D3, &n_replaced, err);
    case F_CYTOSCAPE: return eg_export_json_style(g, fp, EG_JSON_CYTOSCAPE, &n_replaced, err);
    case F_GRAPHOLOGY: return eg_export_json_style(g, fp, EG_JSON_GRAPHOLOGY, &n_replaced, err);
    case F_GEXF: return eg_export_gexf(g, fp, &n_replaced, err);
    case F_CSV_NODES: return eg_export_csv_nodes(g, fp, &n_replaced, err);
    case F_CSV_EDGES: return eg_export_csv_edges(g, fp, &n_replaced, err);
    default: return eg_export_dot(g, fp, &n_replaced, err);
    }
}

int main(int argc, char **argv)
{
    int rounds = 3;
    const char *graph_path = NULL, *out_path = NULL, *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out_path = argv[++i];
        else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (!graph_path)
            graph_path = argv[i];
        else
            graph_path = NULL, rounds = 0;
    }
    if (!graph_path || rounds < 1 || rounds > 100) {
        fprintf(stderr, "usage: export GRAPH [-r ROUNDS] [-o PATH] [-f FORMAT]\n");
        return 2;
    }
    eg_error err;
    eg_error_clear(&err);
    eg_graph *g = NULL;
    if (eg_graph_read_file(graph_path, &g, &err)) {
        fprintf(stderr, "export: %s: %s\n", graph_path, err.message);
        return 1;
    }
    restore_columns(&g->nodes);
    restore_columns(&g->edges);
    printf("%zu nodes, %zu edges\n", g->nodes.n_rows, g->edges.n_rows);
    double total = 0;
    for (int f = 0; f < N_F; f++) {
        if (only && strcmp(only, short_names[f]) != 0)
            continue;
        double t[100];
        long bytes = 0;
        for (int r = 0; r < rounds; r++) {
            long counted = 0;
            FILE *fp = out_path ? fopen(out_path, "w") : open_counter(&counted);
            if (!fp) {
                perror(out_path ? out_path : "fopencookie");
                return 1;
            }
            double t0 = thread_seconds();
            eg_status st = write_format(f, g, fp, &err);
            t[r] = thread_seconds() - t0;
            bytes = out_path ? ftell(fp) : 0;
            int closed = fclose(fp);
            if (!out_path)
                bytes = counted;
            if (closed != 0 || st != EG_OK) {
                fprintf(stderr, "export: %s: %s\n", names[f], st ? err.message : "close failed");
                return 1;
            }
        }
        qsort(t, (size_t)rounds, sizeof t[0], cmp_double);
        double med = t[rounds / 2];
        total += med;
        if (bytes > 0)
            printf("%-16s %.3f s  %8.1f MB  %7.1f MB/s\n", names[f], med, (double)bytes / 1e6,
                   (double)bytes / 1e6 / med);
        else
            printf("%-16s %.3f s\n", names[f], med);
    }
    printf("%-16s %.3f s\n", "all", total);
    eg_graph_free(g);
    return 0;
}
