/*
 * export_files: writes one graph into a directory in several formats at once. Every file is first written
 * under a temporary name; only when all of them were written completely are they renamed into place, so a
 * failed run leaves every earlier output untouched.
 */
#ifndef EG_EXPORT_FILES_H
#define EG_EXPORT_FILES_H

#include "export.h"
#include "graph.h"

/* Zero-initialised options mean: GraphML and networkx JSON named graph.*. */
typedef struct eg_export_options {
    const char *formats;  /* comma-separated list of graphml, gexf, json, csv, dot (NULL: "graphml,json") */
    const char *basename; /* file name stem (NULL: "graph") -> graph.graphml, graph.gexf, graph.json,
                           * graph.dot, and the CSV tables nodes.csv, edges.csv (STEM-nodes.csv and
                           * STEM-edges.csv when a basename is given) */
    eg_json_style json_style; /* the style of the .json file (0: networkx) */
    unsigned threads;         /* threads that write at once (0 or 1: one file after another): each writes a
                               * file, or a part of a large one (export.h), so that a large file does not
                               * keep the others waiting; the files are the same whatever the number */
    size_t part_edges;        /* the fewest edges a part is given (0: EG_EXPORT_PART_EDGES) */
} eg_export_options;

/* A file is written in parts only when each part gets this many edges; at most EG_EXPORT_MAX_THREADS
 * threads and parts. */
#define EG_EXPORT_PART_EDGES 8192
#define EG_EXPORT_MAX_THREADS 16

typedef struct eg_export_report {
    size_t n_replaced;   /* characters that a format cannot hold, replaced: the largest count of any one
                          * file (the same character replaced in several formats counts once) */
    size_t n_files;      /* files written */
    char names[8][64];   /* their names within the directory, in the order written */
} eg_export_report;

/* Checks a format list without writing anything: EG_ERR_USAGE naming the unknown format. A list is
 * comma-separated; repeats are ignored; files are written in a fixed order whatever the list's order. */
eg_status eg_export_check_formats(const char *formats, eg_error *err);

/* The style named name (networkx, d3, cytoscape, graphology) in *style; EG_ERR_USAGE naming the choices
 * otherwise. */
eg_status eg_export_parse_json_style(const char *name, eg_json_style *style, eg_error *err);

/* Creates dir if it does not exist (its parent must), then writes g in every format of opts: all files
 * under temporary names first, then renamed into place, so on any error no file of dir is changed.
 * report (filled also on error) lists the names written. Errors: EG_ERR_USAGE for an unknown format or a
 * column a format cannot hold, EG_ERR_IO naming the file for a failed write, EG_ERR_NOMEM (the first in
 * format order when several fail). With opts->threads > 1 up to that many files, or parts of a file, are
 * written at once; the files are the same. Time O(formats * (V + E + total text)) work. */
eg_status eg_export_files(const eg_graph *g, const char *dir, const eg_export_options *opts,
                          eg_export_report *report, eg_error *err);

#endif
