/*
 * cli_network: parsing of the network options of `entgraph build` (see cli_network.h) and the steps that
 * follow counting: weights, then pruning.
 */
#include "cli_network.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "weights.h"

enum opt_id {
    O_WINDOW, O_WEIGHT, O_MIN_COUNT, O_MIN_MENTIONS, O_TOP_NODES, O_TYPES, O_BACKBONE, O_EVIDENCE, O_MODE,
    O_PERIOD, O_TEXT_FIELD, O_ID_FIELD, O_DATE_FIELD, O_TITLE_FIELD, O_CSV, O_ENCODING, O_STRICT, O_JSONL, O_N
};

/* The input options (O_TEXT_FIELD on) are common to every command that reads text. */
#define O_FIRST_INPUT O_TEXT_FIELD

static const char *const opt_names[O_N] = {
    "--window", "--weight", "--min-count", "--min-mentions", "--top-nodes", "--types", "--backbone",
    "--evidence", "--mode", "--period", "--text-field", "--id-field", "--date-field", "--title-field", "--csv",
    "--encoding", "--strict", "--jsonl"};

static bool is_flag(int id)
{
    return id == O_CSV || id == O_STRICT || id == O_JSONL;
}

/* Options that shape the graph made from the counts, not the counts (`build --partial` refuses them). */
static bool shapes_graph(int id)
{
    return id == O_WEIGHT || id == O_MIN_COUNT || id == O_MIN_MENTIONS || id == O_TOP_NODES || id == O_TYPES ||
           id == O_BACKBONE;
}

static int apply_input(const char *cmd, eg_input_options *in, int id, const char *v)
{
    switch (id) {
    case O_CSV: in->csv = true; break;
    case O_STRICT: in->strict = true; break;
    case O_JSONL: in->stdin_jsonl = true; break;
    case O_ENCODING:
        if (!eg_encoding_parse(v, &in->encoding))
            return eg_cli_usage_error(cmd, "--encoding must be auto, utf-8 or latin-1, not '%s'", v);
        break;
    default:
        if (!*v)
            return eg_cli_usage_error(cmd, "%s needs a field name", opt_names[id]);
        if (id == O_TEXT_FIELD)
            in->text_field = v;
        else if (id == O_ID_FIELD)
            in->id_field = v;
        else if (id == O_DATE_FIELD)
            in->date_field = v;
        else
            in->title_field = v;
    }
    return -1;
}

static int apply(const char *cmd, eg_cli_network *o, int id, const char *v)
{
    const char *name = opt_names[id];
    size_t n;
    switch (id) {
    case O_WINDOW:
        if (!eg_cooccur_parse_window(v, &o->cooccur))
            return eg_cli_usage_error(cmd, "--window must be sentence, paragraph, document or tokens:N "
                                      "(N >= 1), not '%s'", v);
        break;
    case O_WEIGHT:
        if (!eg_weights_valid_name(v))
            return eg_cli_usage_error(cmd, "--weight must be count, documents, pmi, npmi, jaccard or dice, "
                                      "not '%s'", v);
        o->weight = v;
        break;
    case O_MIN_COUNT:
    case O_MIN_MENTIONS:
    case O_TOP_NODES:
    case O_EVIDENCE:
        if (eg_cli_parse_size(cmd, name, v, &n) != EG_EXIT_OK)
            return EG_EXIT_USAGE;
        if (id == O_MIN_COUNT)
            o->prune.min_count = (int64_t)n;
        else if (id == O_MIN_MENTIONS)
            o->prune.min_mentions = (int64_t)n;
        else if (id == O_TOP_NODES)
            o->prune.top_nodes = n;
        else
            o->cooccur.evidence = n;
        break;
    case O_TYPES:
        if (!*v || v[0] == ',' || v[strlen(v) - 1] == ',' || strstr(v, ",,"))
            return eg_cli_usage_error(cmd, "--types needs a comma-separated list of types, not '%s'", v);
        o->prune.types = v;
        break;
    case O_BACKBONE: {
        char *end;
        errno = 0;
        double a = strtod(v, &end);
        if (!*v || *end || errno || !(a > 0 && a <= 1))
            return eg_cli_usage_error(cmd, "--backbone needs a significance level in (0, 1], not '%s'", v);
        o->prune.backbone = a;
        break;
    }
    case O_MODE:
        if (strcmp(v, "entity") == 0)
            o->cooccur.two_mode = false;
        else if (strcmp(v, "entity-document") == 0)
            o->cooccur.two_mode = true;
        else
            return eg_cli_usage_error(cmd, "--mode must be entity or entity-document, not '%s'", v);
        break;
    case O_PERIOD:
        if (!eg_period_parse(v, &o->cooccur.period))
            return eg_cli_usage_error(cmd, "--period must be day, week or month, not '%s'", v);
        break;
    default: return apply_input(cmd, &o->input, id, v);
    }
    return -1;
}

/* Takes the options of ids [first, O_N) out of argv (see cli_network.h); o is NULL for input options only. */
static int parse_opts(const char *cmd, int *argc, char **argv, int first, eg_cli_network *o, eg_input_options *in)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        int id = -1;
        const char *value = NULL;
        for (int k = first; k < O_N && id < 0; k++) {
            size_t len = strlen(opt_names[k]);
            if (strncmp(a, opt_names[k], len) == 0 && (a[len] == '\0' || a[len] == '=')) {
                id = k;
                value = a[len] == '=' ? a + len + 1 : NULL;
            }
        }
        if (id < 0) {
            argv[out++] = argv[i];
            continue;
        }
        if (is_flag(id) && value)
            return eg_cli_usage_error(cmd, "option '%s' takes no value", opt_names[id]);
        if (!value && !is_flag(id)) {
            if (i + 1 >= *argc)
                return eg_cli_usage_error(cmd, "option '%s' needs a value", opt_names[id]);
            value = argv[++i];
        }
        int code = o ? apply(cmd, o, id, value) : apply_input(cmd, in, id, value);
        if (code >= 0)
            return code;
        if (o)
            o->given |= 1u << id;
    }
    argv[out] = NULL;
    *argc = out;
    return -1;
}

int eg_cli_network_parse(const char *cmd, int *argc, char **argv, eg_cli_network *o)
{
    memset(o, 0, sizeof *o);
    o->cooccur.evidence = 3;
    o->weight = "count";
    return parse_opts(cmd, argc, argv, 0, o, &o->input);
}

int eg_cli_input_parse(const char *cmd, int *argc, char **argv, eg_input_options *in)
{
    memset(in, 0, sizeof *in);
    return parse_opts(cmd, argc, argv, O_FIRST_INPUT, NULL, in);
}

const char *eg_cli_network_graph_option(const eg_cli_network *o)
{
    for (int id = 0; id < O_N; id++)
        if ((o->given >> id & 1u) && shapes_graph(id))
            return opt_names[id];
    return NULL;
}

const char *eg_cli_network_count_option(const eg_cli_network *o)
{
    for (int id = 0; id < O_N; id++)
        if ((o->given >> id & 1u) && !shapes_graph(id))
            return opt_names[id];
    return NULL;
}

eg_status eg_cli_network_finish(eg_graph *g, const eg_cli_network *o, eg_error *err)
{
    eg_status st;
    if (!o->cooccur.two_mode) {
        if ((st = eg_weights_compute(g, err)) || (st = eg_weights_select(g, o->weight, err)))
            return st;
    }
    eg_prune_options prune = o->prune;
    prune.positive_weights = strcmp(o->weight, "pmi") == 0 || strcmp(o->weight, "npmi") == 0;
    return eg_prune(g, &prune, err);
}
