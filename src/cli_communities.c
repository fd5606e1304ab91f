/*
 * cli_communities: `entgraph communities GRAPH`: Leiden or Louvain communities, members by PageRank, the
 * modularity, and with --export the whole graph written back with a `community` node attribute.
 */
#define _GNU_SOURCE /* getopt_long */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_network.h"
#include "cli_query.h"
#include "error.h"
#include "export_files.h"
#include "query.h"
#include "query_community.h"

static const char communities_usage[] =
    "Usage: entgraph communities GRAPH [OPTIONS]\n"
    "\n"
    "Splits GRAPH (a graph file or text input) into communities of entities mentioned together more\n"
    "than chance predicts, and prints each with its members by PageRank, and the modularity.\n"
    "Communities are numbered by size, largest first; the result is deterministic (seeded).\n"
    "\n"
    "Options:\n"
    "  -m, --method M          leiden (default) or louvain\n"
    "  -r, --resolution R      modularity resolution (default: 1; higher gives smaller communities)\n"
    "  -k, --top N             members listed per community in the table (default: 8; 0 for all)\n"
    "      --export DIR        also write GRAPH with a `community` node attribute to DIR/graph.*\n"
    "      --export-format L   formats for --export, as build's --format (default: graphml,json)\n" EG_CLI_QUERY_HELP;

typedef struct member {
    size_t node, community;
    double pagerank;
    const char *label, *id;
} member;

static int cmp_member(const void *a, const void *b)
{
    const member *x = a, *y = b;
    if (x->community != y->community)
        return x->community < y->community ? -1 : 1;
    if (x->pagerank != y->pagerank)
        return x->pagerank > y->pagerank ? -1 : 1;
    int c = strcmp(x->label, y->label);
    return c ? c : strcmp(x->id, y->id);
}

static void print_table(const eg_graph *g, const char *method, double resolution, const member *m, size_t nv,
                        size_t n_comm, double q, size_t k)
{
    printf("%s, resolution %g: %zu communit%s, modularity %.4f\n", method, resolution, n_comm,
           n_comm == 1 ? "y" : "ies", q);
    for (size_t i = 0; i < nv;) {
        size_t j = i;
        while (j < nv && m[j].community == m[i].community)
            j++;
        printf("%4zu  %3zu member%s  ", m[i].community, j - i, j - i == 1 ? " " : "s");
        /* Members on one line up to 80 columns, the rest counted. */
        size_t used = 20, shown = 0;
        for (size_t x = i; x < j && (k == 0 || shown < k); x++, shown++) {
            size_t w = eg_cli_display_width(m[x].label) + (shown ? 2 : 0);
            /* Room for ", +N more" unless this is the last member. */
            if (shown > 0 && used + w > (x + 1 == j ? 79 : 68))
                break;
            printf("%s%s", shown ? ", " : "", m[x].label);
            used += w;
        }
        if (shown < j - i)
            printf(", +%zu more", j - i - shown);
        putchar('\n');
        i = j;
    }
    (void)g;
}

static void print_tsv(const eg_graph *g, const member *m, size_t nv)
{
    printf("community\trank\tid\tlabel\ttype\tpagerank\n");
    for (size_t i = 0, r = 1; i < nv; i++, r++) {
        if (i > 0 && m[i].community != m[i - 1].community)
            r = 1;
        printf("%zu\t%zu\t", m[i].community, r);
        eg_cli_print_tsv_cell(stdout, m[i].id);
        putchar('\t');
        eg_cli_print_tsv_cell(stdout, m[i].label);
        putchar('\t');
        eg_cli_print_tsv_cell(stdout, eg_graph_node_type(g, m[i].node));
        printf("\t%.10g\n", m[i].pagerank);
    }
}

static int print_json(const eg_graph *g, const char *method, double resolution, const member *m, size_t nv,
                      double q)
{
    json_t *root = json_object(), *comms = json_array(), *cur = NULL, *members = NULL;
    int bad = !root || !comms;
    bad |= json_object_set_new(root, "method", json_string(method));
    bad |= json_object_set_new(root, "resolution", json_real(resolution));
    bad |= json_object_set_new(root, "modularity", json_real(q));
    for (size_t i = 0; !bad && i < nv; i++) {
        if (i == 0 || m[i].community != m[i - 1].community) {
            cur = json_object();
            members = json_array();
            bad |= !cur || !members;
            bad |= json_object_set_new(cur, "community", json_integer((json_int_t)m[i].community));
            bad |= json_object_set_new(cur, "members", members);
            bad |= json_array_append_new(comms, cur);
            if (bad)
                break;
        }
        json_t *o = eg_cli_node_json(g, m[i].node);
        bad |= !o;
        bad |= json_object_set_new(o, "pagerank", json_real(m[i].pagerank));
        bad |= json_array_append_new(members, o);
    }
    bad |= json_object_set_new(root, "communities", comms);
    if (bad) {
        json_decref(root);
        root = NULL;
    }
    return eg_cli_print_json(root);
}

static int export_graph(eg_graph *g, const size_t *community, const char *dir, const char *formats)
{
    eg_error err;
    size_t col;
    eg_export_options opts = {0};
    eg_export_report report;
    opts.formats = formats;
    if (eg_table_add_column(&g->nodes, "community", EG_ATTR_INT, &col, &err) != EG_OK)
        return eg_cli_report(&err);
    for (size_t v = 0; v < eg_graph_n_nodes(g); v++)
        eg_table_set_int(&g->nodes, col, v, (int64_t)community[v]);
    if (eg_export_files(g, dir, &opts, &report, &err) != EG_OK)
        return eg_cli_report(&err);
    for (size_t i = 0; i < report.n_files; i++)
        fprintf(stderr, "entgraph: wrote %s/%s\n", dir, report.names[i]);
    return EG_EXIT_OK;
}

int eg_cmd_communities(int argc, char **argv)
{
    static const struct option long_opts[] = {
        {"method", required_argument, NULL, 'm'},
        {"resolution", required_argument, NULL, 'r'},
        {"top", required_argument, NULL, 'k'},
        {"export", required_argument, NULL, EG_OPT_EXPORT},
        {"export-format", required_argument, NULL, EG_OPT_EXPORT_FORMAT},
        EG_CLI_QUERY_LONG_OPTS,
        {NULL, 0, NULL, 0},
    };
    eg_community_method method = EG_COMMUNITY_LEIDEN;
    const char *method_name = "leiden", *export_dir = NULL, *export_formats = NULL;
    double resolution = 1.0, q = 0.0;
    size_t k = 8, n_comm = 0, nv;
    eg_cli_format fmt = EG_FMT_TABLE;
    eg_cli_dicts dicts = {0};
    eg_graph *g = NULL;
    size_t *community = NULL;
    double *pr = NULL;
    member *m = NULL;
    eg_error err;
    int code = EG_EXIT_OK, c;
    char *end;
    if ((code = eg_cli_input_parse("communities", &argc, argv, &dicts.input)) >= 0)
        goto done;
    code = EG_EXIT_OK;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:r:k:f:d:h", long_opts, NULL)) != -1) {
        if (eg_cli_query_common_opt("communities", c, optarg, &dicts, &fmt, &code)) {
            if (code != EG_EXIT_OK)
                goto done;
            continue;
        }
        switch (c) {
        case 'm':
            if (eg_community_method_parse(optarg, &method, &err) != EG_OK) {
                code = eg_cli_usage_error("communities", "unknown method '%s' (leiden, louvain)", optarg);
                goto done;
            }
            method_name = method == EG_COMMUNITY_LEIDEN ? "leiden" : "louvain";
            break;
        case 'r':
            errno = 0;
            resolution = strtod(optarg, &end);
            if (!*optarg || *end || errno || !(resolution > 0) || !isfinite(resolution)) {
                code = eg_cli_usage_error("communities", "--resolution needs a number > 0, not '%s'", optarg);
                goto done;
            }
            break;
        case 'k':
            if ((code = eg_cli_parse_size("communities", "--top", optarg, &k)) != EG_EXIT_OK)
                goto done;
            break;
        case EG_OPT_EXPORT:
            if (!*optarg) {
                code = eg_cli_usage_error("communities", "--export needs a directory");
                goto done;
            }
            export_dir = optarg;
            break;
        case EG_OPT_EXPORT_FORMAT:
            if (eg_export_check_formats(optarg, &err) != EG_OK) {
                code = eg_cli_usage_error("communities", "--export-format: %s", err.message);
                goto done;
            }
            export_formats = optarg;
            break;
        case 'h':
            fputs(communities_usage, stdout);
            code = eg_cli_finish_stdout(EG_EXIT_OK);
            goto done;
        default: code = eg_cli_bad_option("communities", c, argv); goto done;
        }
    }
    if (optind + 1 != argc) {
        code = optind >= argc ? eg_cli_usage_error("communities", "no GRAPH given")
                              : eg_cli_usage_error("communities", "one GRAPH only, got '%s' too", argv[optind + 1]);
        goto done;
    }
    if ((code = eg_cli_query_graph(argv[optind], &dicts, &g)) != EG_EXIT_OK)
        goto done;
    nv = eg_graph_n_nodes(g);
    community = eg_malloc((nv ? nv : 1) * sizeof *community);
    pr = eg_malloc((nv ? nv : 1) * sizeof *pr);
    m = eg_malloc((nv ? nv : 1) * sizeof *m);
    if (!community || !pr || !m) {
        code = eg_cli_fail("out of memory");
        goto done;
    }
    if (eg_query_communities(g, method, resolution, community, &n_comm, &q, &err) != EG_OK ||
        eg_query_scores(g, EG_BY_PAGERANK, pr, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    for (size_t v = 0; v < nv; v++) {
        const char *label = eg_graph_node_label(g, v), *id = eg_graph_node_id(g, v);
        m[v] = (member){v, community[v], pr[v], label ? label : "", id ? id : ""};
    }
    eg_sort(m, nv, sizeof *m, cmp_member);
    if (fmt == EG_FMT_JSON)
        code = print_json(g, method_name, resolution, m, nv, q);
    else if (fmt == EG_FMT_TSV)
        print_tsv(g, m, nv);
    else
        print_table(g, method_name, resolution, m, nv, n_comm, q, k);
    code = eg_cli_finish_stdout(code);
    if (code == EG_EXIT_OK && export_dir)
        code = export_graph(g, community, export_dir, export_formats);
done:
    free(community);
    free(pr);
    free(m);
    eg_graph_free(g);
    eg_cli_dicts_free(&dicts);
    return code;
}
