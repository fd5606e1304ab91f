/*
 * cli_query: questions asked of a built graph: `entgraph top`.
 */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "graph.h"
#include "query.h"

static const char top_usage[] =
    "Usage: entgraph top GRAPH [OPTIONS]\n"
    "\n"
    "Ranks the entities of GRAPH (a graph.graphml or graph.json written by 'entgraph build').\n"
    "\n"
    "Options:\n"
    "  -b, --by MEASURE      degree, strength, pagerank (default), betweenness, eigenvector,\n"
    "                        closeness, harmonic or coreness (weighted where the measure allows)\n"
    "  -k, --top N           how many entities (default: 10; 0 for all)\n"
    "  -t, --type T[,T...]   only entities of these types\n"
    "  -f, --format FORMAT   table (default), tsv or json\n"
    "  -h, --help            show this help\n"
    "\n"
    "Ties are broken by label, then id.\n";

typedef enum { FMT_TABLE, FMT_TSV, FMT_JSON } out_format;

static void print_table(const eg_graph *g, eg_measure m, const eg_ranked *top, size_t n)
{
    printf("%4s  ", "rank");
    eg_cli_print_cell(stdout, "entity", 36, false);
    printf("  ");
    eg_cli_print_cell(stdout, "type", 14, false);
    printf("  %14s\n", eg_measure_name(m));
    for (size_t i = 0; i < n; i++) {
        printf("%4zu  ", i + 1);
        eg_cli_print_cell(stdout, eg_graph_node_label(g, top[i].node), 36, false);
        printf("  ");
        eg_cli_print_cell(stdout, eg_graph_node_type(g, top[i].node), 14, false);
        printf("  %14.6g\n", top[i].score);
    }
}

static void print_tsv(const eg_graph *g, eg_measure m, const eg_ranked *top, size_t n)
{
    printf("rank\tid\tlabel\ttype\t%s\n", eg_measure_name(m));
    for (size_t i = 0; i < n; i++)
        printf("%zu\t%s\t%s\t%s\t%.10g\n", i + 1, eg_graph_node_id(g, top[i].node),
               eg_graph_node_label(g, top[i].node), eg_graph_node_type(g, top[i].node), top[i].score);
}

static int print_json(const eg_graph *g, eg_measure m, const eg_ranked *top, size_t n)
{
    json_t *arr = json_array();
    int bad = !arr;
    for (size_t i = 0; !bad && i < n; i++) {
        json_t *o = json_object();
        bad |= !o;
        bad |= json_object_set_new(o, "rank", json_integer((json_int_t)(i + 1)));
        bad |= json_object_set_new(o, "id", json_string(eg_graph_node_id(g, top[i].node)));
        bad |= json_object_set_new(o, "label", json_string(eg_graph_node_label(g, top[i].node)));
        bad |= json_object_set_new(o, "type", json_string(eg_graph_node_type(g, top[i].node)));
        bad |= json_object_set_new(o, eg_measure_name(m), json_real(top[i].score));
        bad |= json_array_append_new(arr, o);
    }
    char *s = bad ? NULL : json_dumps(arr, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(arr);
    if (!s)
        return eg_cli_fail("out of memory");
    puts(s);
    free(s);
    return EG_EXIT_OK;
}

int eg_cmd_top(int argc, char **argv)
{
    static const struct option long_opts[] = {
        {"by", required_argument, NULL, 'b'},
        {"top", required_argument, NULL, 'k'},
        {"type", required_argument, NULL, 't'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    eg_measure measure = EG_BY_PAGERANK;
    size_t k = 10;
    const char *types = NULL;
    out_format fmt = FMT_TABLE;
    eg_error err;
    eg_error_clear(&err);
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":b:k:t:f:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            if (eg_measure_parse(optarg, &measure, &err) != EG_OK)
                return eg_cli_usage_error("top", "unknown measure '%s' (degree, strength, pagerank, "
                                          "betweenness, eigenvector, closeness, harmonic, coreness)", optarg);
            break;
        case 'k':
            if (eg_cli_parse_size("top", "--top", optarg, &k) != EG_EXIT_OK)
                return EG_EXIT_USAGE;
            break;
        case 't':
            types = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "table") == 0)
                fmt = FMT_TABLE;
            else if (strcmp(optarg, "tsv") == 0)
                fmt = FMT_TSV;
            else if (strcmp(optarg, "json") == 0)
                fmt = FMT_JSON;
            else
                return eg_cli_usage_error("top", "unknown format '%s' (table, tsv, json)", optarg);
            break;
        case 'h':
            fputs(top_usage, stdout);
            return eg_cli_finish_stdout(EG_EXIT_OK);
        default:
            return eg_cli_bad_option("top", c, argv);
        }
    }
    if (optind >= argc)
        return eg_cli_usage_error("top", "no GRAPH given");
    if (optind + 1 < argc)
        return eg_cli_usage_error("top", "one GRAPH only, got '%s' too", argv[optind + 1]);

    eg_graph *g = NULL;
    eg_ranked *top = NULL;
    size_t n = 0;
    int code = EG_EXIT_OK;
    if (eg_graph_read_file(argv[optind], &g, &err) != EG_OK ||
        eg_query_top(g, measure, k, types, &top, &n, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    switch (fmt) {
    case FMT_TABLE: print_table(g, measure, top, n); break;
    case FMT_TSV: print_tsv(g, measure, top, n); break;
    case FMT_JSON: code = print_json(g, measure, top, n); break;
    }
    code = eg_cli_finish_stdout(code);
done:
    free(top);
    eg_graph_free(g);
    return code;
}
