/*
 * cli: the entgraph command line. main() only calls eg_cli_main. The CLI is the only part that prints:
 * results to stdout, diagnostics to stderr as "entgraph: error: path:line:col: message".
 *
 * Exit codes (documented in the README): 0 success, 1 data or runtime error, 2 usage error,
 * 130/143 interrupted by SIGINT/SIGTERM.
 */
#ifndef EG_CLI_H
#define EG_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "entgraph.h"
#include "graph.h"
#include "input.h"

enum { EG_EXIT_OK = 0, EG_EXIT_ERROR = 1, EG_EXIT_USAGE = 2 };

int eg_cli_main(int argc, char **argv);

/* Shared by the command modules. */

/* Dictionary options common to build, extract and discover: -d FILE|DIR (repeatable), --no-default-dicts. */
typedef struct eg_cli_dicts {
    const char **paths;
    size_t n_paths;
    bool no_default;
    bool no_discover; /* --no-discover */
    eg_input_options input; /* input options (--csv, --encoding, ...) for commands that read text */
} eg_cli_dicts;

/* Loaded recognition state. */
typedef struct eg_cli_recognizer {
    eg_dict *dict;
    eg_matcher *matcher;
    eg_pipeline *pipeline;
    eg_lexicon *lexicon; /* name discovery's lexicon (NULL when discovery is off or the file is missing) */
} eg_cli_recognizer;

/* Loads the dictionaries d names: the shipped ones (unless d->no_default), then each -d path in order, and
 * builds the matcher. A path that is a compiled dictionary (dict_compiled.h, found by its magic) is mapped
 * instead, with its matcher, and must be the only path (a usage error otherwise); the shipped dictionaries
 * are not loaded then. ms (may be NULL) gets the milliseconds spent reading the dictionaries (ms[0]) and
 * building the matcher (ms[1]: 0 for a compiled dictionary). Free *matcher before *dict. Returns an exit
 * code; errors were printed. matcher may be NULL: then no matcher is built (or kept). */
int eg_cli_dicts_load(const eg_cli_dicts *d, eg_dict **dict, eg_matcher **matcher, double ms[2]);
/* The directory of the shipped dictionaries ($ENTGRAPH_DICT_DIR, else beside the binary, else the source
 * tree); buf (PATH_MAX + 64 bytes) may hold it. */
const char *eg_cli_shipped_dicts(char *buf, size_t size);

/* Loads the dictionaries and builds the matcher (eg_cli_dicts_load), then the pipeline. Name
 * discovery is on unless d->no_discover: its lexicon is lexicon/names.txt in the shipped dictionaries'
 * directory (loaded also with --no-default-dicts), extended with the given names of the loaded people. */
int eg_cli_recognizer_load(const eg_cli_dicts *d, eg_cli_recognizer *r);
void eg_cli_recognizer_free(eg_cli_recognizer *r);
/* Frees what only reading text needs (pipeline, matcher, lexicon) and keeps the dictionary, which the graph
 * still names its entities from: once counting is done, that memory is not held through the export. */
void eg_cli_recognizer_drop_matcher(eg_cli_recognizer *r);
/* Adds one -d argument; returns EG_EXIT_OK or EG_EXIT_ERROR (out of memory). */
int eg_cli_dicts_add(eg_cli_dicts *d, const char *path);
void eg_cli_dicts_free(eg_cli_dicts *d);

/* "entgraph: error: ..." from err; returns the exit code that fits err->status. */
int eg_cli_report(const eg_error *err);
/* "entgraph: error: <formatted>"; returns EG_EXIT_ERROR. */
int eg_cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "entgraph: error: CMD: <formatted>\nTry 'entgraph CMD --help'."; returns EG_EXIT_USAGE. */
int eg_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "entgraph: warning: ..." */
void eg_cli_warn(const eg_error *w);
/* Warning callback for eg_input_options (ctx unused). */
void eg_cli_warn_cb(void *ctx, const eg_error *w);

/* Reports a bad option from getopt_long (the '?' or ':' case) for command cmd; returns EG_EXIT_USAGE. */
int eg_cli_bad_option(const char *cmd, int opt, char *const *argv);

/* Parses a non-negative integer option value; returns EG_EXIT_OK or a usage error. */
int eg_cli_parse_size(const char *cmd, const char *opt, const char *value, size_t *out);
/* Parses -j/--threads: a whole number from 1 to 1024; returns EG_EXIT_OK or a usage error. */
int eg_cli_parse_threads(const char *cmd, const char *value, size_t *out);

/* Display width of UTF-8 s in terminal columns (Hangul and CJK count two; utf8proc_charwidth). */
size_t eg_cli_display_width(const char *s);
/* Prints s padded (or cut with "…") to exactly width columns. */
void eg_cli_print_cell(FILE *fp, const char *s, size_t width, bool right_align);

/* Flushes and checks stdout; a write error (full disk, closed pipe) is an error. */
int eg_cli_finish_stdout(int code);

/* Commands. */
int eg_cmd_build(int argc, char **argv);
int eg_cmd_merge(int argc, char **argv);       /* cli_merge.c */
int eg_cmd_extract(int argc, char **argv);
int eg_cmd_top(int argc, char **argv);
int eg_cmd_why(int argc, char **argv);     /* cli_why.c */
int eg_cmd_discover(int argc, char **argv);
int eg_cmd_neighbors(int argc, char **argv);   /* cli_neighbors.c */
int eg_cmd_path(int argc, char **argv);        /* cli_path.c */
int eg_cmd_communities(int argc, char **argv); /* cli_communities.c */
int eg_cmd_stats(int argc, char **argv);       /* cli_query.c */
int eg_cmd_dict(int argc, char **argv);        /* cli_dict.c: dict compile, check, stats */

/* Runs `build` with argv (argv[0] the command name, then build's options and INPUT...) but keeps the
 * graph: *out gets it, annotated as build annotates it, instead of files being written. Returns an exit
 * code; errors were printed. */
int eg_cli_build_graph(int argc, char **argv, eg_graph **out);
int eg_cmd_render(int argc, char **argv);  /* cli_render.c */
int eg_cmd_report(int argc, char **argv);  /* cli_render.c */

#endif
