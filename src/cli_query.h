/*
 * cli_query: what the query commands (top, neighbors, path, communities, stats) share: reading GRAPH (a
 * graph file, or text inputs built in memory like `build`), resolving ENTITY arguments, output formats.
 * Only cli*.c include this; everything here may print diagnostics to stderr.
 */
#ifndef EG_CLI_QUERY_H
#define EG_CLI_QUERY_H

#include <jansson.h>

#include "cli.h"
#include "graph.h"
#include "lookup.h"

typedef enum eg_cli_format { EG_FMT_TABLE = 0, EG_FMT_TSV, EG_FMT_JSON } eg_cli_format;

/* Parses table|tsv|json for --format; a usage error (exit 2) otherwise. */
int eg_cli_parse_format(const char *cmd, const char *value, eg_cli_format *out);

/* Is path a graph file written by build (name ends in .graphml or .json) rather than text input? */
bool eg_cli_is_graph_file(const char *path);

/* Reads GRAPH into *out: a graph file is read back; anything else (a text file, .jsonl, a directory, -) is
 * recognised and built in memory with build's code path (eg_cli_build_graph), with the -d and
 * --no-default-dicts options of dicts. Returns an exit code; errors were printed. */
int eg_cli_query_graph(const char *path, const eg_cli_dicts *dicts, eg_graph **out);

/* ENTITY resolution: ids and labels first; the dictionaries (dicts, loaded on first need) add aliases. */
typedef struct eg_cli_resolver {
    const eg_graph *g;
    const eg_cli_dicts *dicts;
    eg_lookup *plain, *full;
    eg_cli_recognizer rec;
} eg_cli_resolver;

void eg_cli_resolver_init(eg_cli_resolver *r, const eg_graph *g, const eg_cli_dicts *dicts);
/* Resolves name to a node row; returns an exit code (1 for an unknown or ambiguous entity, printed with
 * suggestions or candidates). */
int eg_cli_resolve(eg_cli_resolver *r, const char *name, size_t *node);
void eg_cli_resolver_destroy(eg_cli_resolver *r);

/* Prints root as indented JSON with a newline and releases it (root may be NULL: out of memory). */
int eg_cli_print_json(json_t *root);
/* {"id", "label", "type"} of node v (NULL on out of memory). */
json_t *eg_cli_node_json(const eg_graph *g, size_t v);
/* Prints s with tabs and line breaks as spaces (for TSV cells). */
void eg_cli_print_tsv_cell(FILE *fp, const char *s);
/* Prints s on one line cut to at most width columns (ending in "…" when cut), no padding. */
void eg_cli_print_clipped(FILE *fp, const char *s, size_t width);

/* Parses the options every query command shares into dicts / fmt: -d, --no-default-dicts, -f. Returns
 * true when c was one of them (*code is then EG_EXIT_OK, or an exit code to return). */
bool eg_cli_query_common_opt(const char *cmd, int c, const char *arg, eg_cli_dicts *dicts, eg_cli_format *fmt,
                             int *code);
enum { EG_OPT_NO_DEFAULT_DICTS = 1100, EG_OPT_EXPORT, EG_OPT_EXPORT_FORMAT, EG_OPT_DEPTH, EG_OPT_METHOD,
       EG_OPT_RESOLUTION };
#define EG_CLI_QUERY_LONG_OPTS                                                                            \
    {"dict", required_argument, NULL, 'd'}, {"no-default-dicts", no_argument, NULL, EG_OPT_NO_DEFAULT_DICTS}, \
        {"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'}
#define EG_CLI_QUERY_HELP                                                                                 \
    "  -f, --format FORMAT     table (default), tsv or json\n"                                          \
    "  -d, --dict FILE|DIR     dictionary for aliases of ENTITY and for text input (repeatable)\n"      \
    "      --no-default-dicts  do not load the shipped dictionaries\n"                                   \
    "  input options for text input (as for build): --text-field, --id-field, --date-field,\n"         \
    "      --title-field NAME, --csv, --encoding auto|utf-8|latin-1, --strict\n"                       \
    "  -h, --help              show this help\n"

#endif
