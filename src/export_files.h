/*
 * export_files: writes one graph into a directory in several formats at once. Every file is first written
 * under a temporary name; only when all of them were written completely are they renamed into place, so a
 * failed run leaves every earlier output untouched.
 */
#ifndef EG_EXPORT_FILES_H
#define EG_EXPORT_FILES_H

#include "graph.h"

typedef struct eg_export_options {
    const char *formats;  /* comma-separated list: graphml, json (NULL: "graphml,json") */
    const char *basename; /* file name stem (NULL: "graph") -> graph.graphml, graph.json */
} eg_export_options;

typedef struct eg_export_report {
    size_t n_replaced;   /* characters that a format cannot hold, replaced (see the writers) */
    size_t n_files;      /* files written */
    char names[8][64];   /* their names within the directory, in the order written */
} eg_export_report;

/* Checks a format list without writing anything: EG_ERR_USAGE naming the unknown format. */
eg_status eg_export_check_formats(const char *formats, eg_error *err);

/* Creates dir if it does not exist (its parent must), then writes g in every format of opts.
 * Errors: EG_ERR_USAGE for an unknown format, EG_ERR_IO naming the file for a failed write. */
eg_status eg_export_files(const eg_graph *g, const char *dir, const eg_export_options *opts,
                          eg_export_report *report, eg_error *err);

#endif
