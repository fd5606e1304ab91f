/*
 * cli_network: the `build` options that shape the network (window, weights, pruning, evidence, mode, time
 * periods) and the input fields, parsed here so cli_build keeps only the document loop and the outputs.
 */
#ifndef EG_CLI_NETWORK_H
#define EG_CLI_NETWORK_H

#include "cooccur.h"
#include "graph.h"
#include "input.h"
#include "prune.h"

/* Help lines for the options below, for a command's usage text. */
#define EG_CLI_NETWORK_USAGE                                                                                   \
    "      --window W          sentence (default), paragraph, document or tokens:N (mentions N tokens apart)\n" \
    "      --weight NAME       edge attribute written as weight: count (default), documents, pmi, npmi,\n"    \
    "                          jaccard, dice\n"                                                               \
    "      --min-count N       drop edges seen in fewer than N windows\n"                                     \
    "      --min-mentions N    drop entities mentioned fewer than N times\n"                                  \
    "      --top-nodes N       keep the N entities mentioned most\n"                                          \
    "      --types T[,T...]    keep only entities of these types\n"                                           \
    "      --backbone ALPHA    keep the disparity-filter backbone at significance ALPHA (0 < ALPHA <= 1)\n"   \
    "      --evidence K        example sentences kept per edge (default: 3; 0: none)\n"                       \
    "      --mode M            entity (default) or entity-document (bipartite graph with documents)\n"        \
    "      --period P          per-period counts by day, week or month (needs document dates)\n"              \
    EG_CLI_INPUT_USAGE

/* Help lines for the input options, common to every command that reads text. */
#define EG_CLI_INPUT_USAGE                                                                                     \
    "      --text-field NAME   JSONL field or CSV column holding the text (default: text); also --id-field,\n" \
    "                          --date-field, --title-field (defaults: id, date, title)\n"                     \
    "      --csv               read every INPUT but *.jsonl (and -) as CSV with a header row (*.csv always)\n"\
    "      --encoding E        auto (default: UTF-8, else Latin-1 with a warning), utf-8 (bad bytes read as\n"\
    "                          U+FFFD) or latin-1\n"                                                         \
    "      --strict            malformed records and text that is not UTF-8 are errors, not warnings\n"       \
    "      --jsonl             read - (standard input) as JSONL records, one document a line\n"

typedef struct eg_cli_network {
    eg_cooccur_options cooccur;
    eg_prune_options prune;
    const char *weight;      /* edge attribute copied into weight */
    eg_input_options input;  /* field names (warn is set by the document loop) */
    unsigned given;          /* the options given (private: see the two functions below) */
} eg_cli_network;

/* Sets the defaults, then takes the options above out of argv (before any "--"), as "--opt VALUE" or
 * "--opt=VALUE", shifting the rest down and updating *argc. Returns -1 to go on, else an exit code (a usage
 * error has been printed). */
int eg_cli_network_parse(const char *cmd, int *argc, char **argv, eg_cli_network *o);

/* Takes only the input options (EG_CLI_INPUT_USAGE) out of argv, like eg_cli_network_parse, into *in
 * (zeroed first). Returns -1 to go on, else an exit code. */
int eg_cli_input_parse(const char *cmd, int *argc, char **argv, eg_input_options *in);

/* The name of the first option given to eg_cli_network_parse that shapes the graph only (--weight,
 * --min-count, --min-mentions, --top-nodes, --types, --backbone), or NULL. */
const char *eg_cli_network_graph_option(const eg_cli_network *o);
/* The name of the first option given that shapes the counts or the input (--window, --evidence, --mode,
 * --period and the input options), or NULL. */
const char *eg_cli_network_count_option(const eg_cli_network *o);

/* After eg_cooccur_to_graph: computes the weights, writes the chosen one as weight, and prunes (with
 * --weight pmi or npmi, edges with a weight <= 0 are dropped too: see prune.h). */
eg_status eg_cli_network_finish(eg_graph *g, const eg_cli_network *o, eg_error *err);

#endif
