/*
 * cli_neighbors: `entgraph neighbors GRAPH ENTITY`: the ego network sorted by weight, with the evidence
 * counts of each link, optionally exported (--export DIR) as a graph of its own.
 */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli_network.h"
#include "cli_query.h"
#include "error.h"
#include "evidence.h"
#include "export_files.h"
#include "query_ego.h"

static const char neighbors_usage[] =
    "Usage: entgraph neighbors GRAPH ENTITY [OPTIONS]\n"
    "\n"
    "Lists the entities linked to ENTITY (an id, a label or an alias, any case), strongest link first,\n"
    "with the number of sentences and documents behind each link. GRAPH is a graph file or text input.\n"
    "\n"
    "Options:\n"
    "  -k, --top N             how many neighbours (default: 20; 0 for all)\n"
    "      --depth D           neighbours up to D hops away (default: 1); a farther one is listed\n"
    "                          with the node it is reached through and that link's weight\n"
    "      --export DIR        also write the ego network (ENTITY and the listed neighbours, with every\n"
    "                          edge among them) to DIR/ego.graphml and DIR/ego.json\n"
    "      --export-format L   formats for --export, as build's --format (default: graphml,json)\n" EG_CLI_QUERY_HELP;

static int64_t edge_int(const eg_graph *g, const char *col, size_t e)
{
    long c = eg_table_find(&g->edges, col);
    if (c < 0 || g->edges.cols[c].type != EG_ATTR_INT || !eg_table_has(&g->edges, (size_t)c, e))
        return -1;
    return g->edges.cols[c].v.i[e];
}

static int export_ego(const eg_graph *g, size_t center, const eg_neighbor *nb, size_t n, const char *dir,
                      const char *formats)
{
    eg_error err;
    eg_graph *sub = NULL;
    eg_export_options opts = {0};
    eg_export_report report;
    size_t *rows = eg_malloc((n + 1) * sizeof *rows);
    if (!rows)
        return eg_cli_fail("out of memory");
    rows[0] = center;
    for (size_t i = 0; i < n; i++)
        rows[i + 1] = nb[i].node;
    opts.formats = formats;
    opts.basename = "ego";
    int code = EG_EXIT_OK;
    if (eg_graph_subgraph(g, rows, n + 1, &sub, &err) != EG_OK ||
        eg_export_files(sub, dir, &opts, &report, &err) != EG_OK)
        code = eg_cli_report(&err);
    else
        for (size_t i = 0; i < report.n_files; i++)
            fprintf(stderr, "entgraph: wrote %s/%s\n", dir, report.names[i]);
    eg_graph_free(sub);
    free(rows);
    return code;
}

static void print_table(const eg_graph *g, size_t center, size_t depth, const eg_neighbor *nb, size_t n)
{
    printf("neighbours of %s (%s)\n", eg_graph_node_label(g, center), eg_graph_node_id(g, center));
    if (depth == 1) {
        printf("rank  ");
        eg_cli_print_cell(stdout, "entity", 28, false);
        printf("  ");
        eg_cli_print_cell(stdout, "type", 12, false);
        printf("  %8s  %9s  %4s\n", "weight", "sentences", "docs");
    } else {
        printf("rank  ");
        eg_cli_print_cell(stdout, "entity", 22, false);
        printf("  ");
        eg_cli_print_cell(stdout, "type", 12, false);
        printf("  hops  %7s  via\n", "weight");
    }
    for (size_t i = 0; i < n; i++) {
        const char *label = eg_graph_node_label(g, nb[i].node), *type = eg_graph_node_type(g, nb[i].node);
        printf("%4zu  ", i + 1);
        eg_cli_print_cell(stdout, label ? label : "", depth == 1 ? 28 : 22, false);
        printf("  ");
        eg_cli_print_cell(stdout, type ? type : "", 12, false);
        if (depth == 1) {
            char count[24] = "", docs[24] = "";
            int64_t c = edge_int(g, "count", nb[i].edge), d = edge_int(g, "documents", nb[i].edge);
            if (c >= 0)
                snprintf(count, sizeof count, "%lld", (long long)c);
            if (d >= 0)
                snprintf(docs, sizeof docs, "%lld", (long long)d);
            printf("  %8.6g  %9s  %4s\n", nb[i].weight, count, docs);
        } else {
            printf("  %4zu  %7.6g", nb[i].hops, nb[i].weight);
            const char *via = nb[i].hops == 1 ? NULL : eg_graph_node_label(g, nb[i].via);
            if (via) {
                printf("  ");
                eg_cli_print_clipped(stdout, via, 80 - 61);
            }
            putchar('\n');
        }
    }
}

static int print_tsv(const eg_graph *g, const eg_neighbor *nb, size_t n)
{
    printf("rank\tid\tlabel\ttype\thops\tweight\tcount\tdocuments\tvia\n");
    for (size_t i = 0; i < n; i++) {
        printf("%zu\t", i + 1);
        eg_cli_print_tsv_cell(stdout, eg_graph_node_id(g, nb[i].node));
        putchar('\t');
        eg_cli_print_tsv_cell(stdout, eg_graph_node_label(g, nb[i].node));
        putchar('\t');
        eg_cli_print_tsv_cell(stdout, eg_graph_node_type(g, nb[i].node));
        printf("\t%zu\t%.10g\t", nb[i].hops, nb[i].weight);
        int64_t c = edge_int(g, "count", nb[i].edge), d = edge_int(g, "documents", nb[i].edge);
        if (c >= 0)
            printf("%lld", (long long)c);
        putchar('\t');
        if (d >= 0)
            printf("%lld", (long long)d);
        putchar('\t');
        eg_cli_print_tsv_cell(stdout, eg_graph_node_id(g, nb[i].via));
        putchar('\n');
    }
    return EG_EXIT_OK;
}

static json_t *edge_evidence_json(const eg_graph *g, size_t e, int *bad)
{
    eg_evidence *ev = NULL;
    size_t n = 0;
    eg_error err;
    if (eg_evidence_get(g, e, &ev, &n, &err) != EG_OK) {
        eg_cli_warn(&err);
        return NULL;
    }
    json_t *arr = json_array();
    *bad |= !arr;
    for (size_t i = 0; !*bad && i < n; i++) {
        json_t *o = json_object();
        *bad |= !o;
        *bad |= json_object_set_new(o, "doc", json_string(ev[i].doc));
        if (ev[i].start != EG_NO_POS)
            *bad |= json_object_set_new(o, "start", json_integer((json_int_t)ev[i].start));
        if (ev[i].end != EG_NO_POS)
            *bad |= json_object_set_new(o, "end", json_integer((json_int_t)ev[i].end));
        *bad |= json_object_set_new(o, "text", json_string(ev[i].text));
        *bad |= json_array_append_new(arr, o);
    }
    eg_evidence_free(ev, n);
    return arr;
}

static int print_json(const eg_graph *g, size_t center, size_t depth, const eg_neighbor *nb, size_t n)
{
    json_t *root = json_object(), *arr = json_array();
    int bad = !root || !arr;
    bad |= json_object_set_new(root, "entity", eg_cli_node_json(g, center));
    bad |= json_object_set_new(root, "depth", json_integer((json_int_t)depth));
    for (size_t i = 0; !bad && i < n; i++) {
        json_t *o = eg_cli_node_json(g, nb[i].node);
        bad |= !o;
        bad |= json_object_set_new(o, "rank", json_integer((json_int_t)(i + 1)));
        bad |= json_object_set_new(o, "hops", json_integer((json_int_t)nb[i].hops));
        bad |= json_object_set_new(o, "via", json_string(eg_graph_node_id(g, nb[i].via)));
        bad |= json_object_set_new(o, "weight", json_real(nb[i].weight));
        int64_t c = edge_int(g, "count", nb[i].edge), d = edge_int(g, "documents", nb[i].edge);
        if (c >= 0)
            bad |= json_object_set_new(o, "count", json_integer((json_int_t)c));
        if (d >= 0)
            bad |= json_object_set_new(o, "documents", json_integer((json_int_t)d));
        if (eg_evidence_available(g)) {
            json_t *ev = edge_evidence_json(g, nb[i].edge, &bad);
            if (ev)
                bad |= json_object_set_new(o, "evidence", ev);
        }
        bad |= json_array_append_new(arr, o);
    }
    bad |= json_object_set_new(root, "neighbors", arr);
    if (bad) {
        json_decref(root);
        root = NULL;
    }
    return eg_cli_print_json(root);
}

int eg_cmd_neighbors(int argc, char **argv)
{
    static const struct option long_opts[] = {
        {"top", required_argument, NULL, 'k'},
        {"depth", required_argument, NULL, EG_OPT_DEPTH},
        {"export", required_argument, NULL, EG_OPT_EXPORT},
        {"export-format", required_argument, NULL, EG_OPT_EXPORT_FORMAT},
        EG_CLI_QUERY_LONG_OPTS,
        {NULL, 0, NULL, 0},
    };
    size_t k = 20, depth = 1, center = 0, n = 0;
    const char *export_dir = NULL, *export_formats = NULL;
    eg_cli_format fmt = EG_FMT_TABLE;
    eg_cli_dicts dicts = {0};
    eg_cli_resolver res;
    eg_graph *g = NULL;
    eg_neighbor *nb = NULL;
    eg_error err;
    int code = EG_EXIT_OK, c;
    eg_cli_resolver_init(&res, NULL, &dicts);
    if ((code = eg_cli_input_parse("neighbors", &argc, argv, &dicts.input)) >= 0)
        goto done;
    code = EG_EXIT_OK;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":k:f:d:h", long_opts, NULL)) != -1) {
        if (eg_cli_query_common_opt("neighbors", c, optarg, &dicts, &fmt, &code)) {
            if (code != EG_EXIT_OK)
                goto done;
            continue;
        }
        switch (c) {
        case 'k':
            if ((code = eg_cli_parse_size("neighbors", "--top", optarg, &k)) != EG_EXIT_OK)
                goto done;
            break;
        case EG_OPT_DEPTH:
            if ((code = eg_cli_parse_size("neighbors", "--depth", optarg, &depth)) != EG_EXIT_OK)
                goto done;
            if (depth == 0) {
                code = eg_cli_usage_error("neighbors", "--depth must be at least 1");
                goto done;
            }
            break;
        case EG_OPT_EXPORT:
            if (!*optarg) {
                code = eg_cli_usage_error("neighbors", "--export needs a directory");
                goto done;
            }
            export_dir = optarg;
            break;
        case EG_OPT_EXPORT_FORMAT:
            if (eg_export_check_formats(optarg, &err) != EG_OK) {
                code = eg_cli_usage_error("neighbors", "--export-format: %s", err.message);
                goto done;
            }
            export_formats = optarg;
            break;
        case 'h':
            fputs(neighbors_usage, stdout);
            code = eg_cli_finish_stdout(EG_EXIT_OK);
            goto done;
        default: code = eg_cli_bad_option("neighbors", c, argv); goto done;
        }
    }
    if (argc - optind != 2) {
        code = argc - optind < 2 ? eg_cli_usage_error("neighbors", "expected GRAPH and ENTITY")
                                 : eg_cli_usage_error("neighbors", "unexpected argument '%s'", argv[optind + 2]);
        goto done;
    }
    if ((code = eg_cli_query_graph(argv[optind], &dicts, &g)) != EG_EXIT_OK)
        goto done;
    res.g = g;
    if ((code = eg_cli_resolve(&res, argv[optind + 1], &center)) != EG_EXIT_OK)
        goto done;
    if (eg_query_ego(g, center, depth, k, &nb, &n, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    if (fmt == EG_FMT_JSON)
        code = print_json(g, center, depth, nb, n);
    else if (fmt == EG_FMT_TSV)
        code = print_tsv(g, nb, n);
    else
        print_table(g, center, depth, nb, n);
    code = eg_cli_finish_stdout(code);
    if (code == EG_EXIT_OK && export_dir)
        code = export_ego(g, center, nb, n, export_dir, export_formats);
done:
    free(nb);
    eg_cli_resolver_destroy(&res);
    eg_graph_free(g);
    eg_cli_dicts_free(&dicts);
    return code;
}
