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

enum { EG_EXIT_OK = 0, EG_EXIT_ERROR = 1, EG_EXIT_USAGE = 2 };

int eg_cli_main(int argc, char **argv);

/* Shared by the command modules. */

/* Dictionary options common to build, extract and discover: -d FILE|DIR (repeatable), --no-default-dicts. */
typedef struct eg_cli_dicts {
    const char **paths;
    size_t n_paths;
    bool no_default;
} eg_cli_dicts;

/* Loaded recognition state. */
typedef struct eg_cli_recognizer {
    eg_dict *dict;
    eg_matcher *matcher;
    eg_pipeline *pipeline;
} eg_cli_recognizer;

/* Loads the default dictionaries (unless no_default) and then each -d path, and builds the matcher. */
int eg_cli_recognizer_load(const eg_cli_dicts *d, eg_cli_recognizer *r);
void eg_cli_recognizer_free(eg_cli_recognizer *r);
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

/* Display width of UTF-8 s in terminal columns (Hangul and CJK count two; utf8proc_charwidth). */
size_t eg_cli_display_width(const char *s);
/* Prints s padded (or cut with "…") to exactly width columns. */
void eg_cli_print_cell(FILE *fp, const char *s, size_t width, bool right_align);

/* Flushes and checks stdout; a write error (full disk, closed pipe) is an error. */
int eg_cli_finish_stdout(int code);

/* Commands. */
int eg_cmd_build(int argc, char **argv);
int eg_cmd_extract(int argc, char **argv);
int eg_cmd_top(int argc, char **argv);

#endif
