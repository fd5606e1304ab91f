/*
 * cli_path: `entgraph path GRAPH A B`: the strongest path (least sum of 1/weight) and the shortest in hops,
 * each hop with its weight and, when the graph carries an `evidence` edge column, the first evidence
 * sentence.
 */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli_network.h"
#include "cli_query.h"
#include "error.h"
#include "evidence.h"
#include "query_path.h"

static const char path_usage[] =
    "Usage: entgraph path GRAPH A B [OPTIONS]\n"
    "\n"
    "Shows how entity A is connected to entity B (each an id, a label or an alias, any case): the\n"
    "strongest path (least sum of 1/weight, so frequent co-occurrence counts as close) and the shortest\n"
    "in hops (the strongest among those), with the evidence sentence of each hop when GRAPH has evidence.\n"
    "GRAPH is a graph file or text input. Exit code 1 when no path connects A and B.\n"
    "\n"
    "Options:\n" EG_CLI_QUERY_HELP;

static bool same_path(const eg_path *a, const eg_path *b)
{
    return a->n_nodes == b->n_nodes && memcmp(a->nodes, b->nodes, a->n_nodes * sizeof *a->nodes) == 0;
}

/* The first evidence item of edge e (NULL when there is none); warns about malformed evidence. */
static eg_evidence *first_evidence(const eg_graph *g, size_t e, size_t *n)
{
    eg_evidence *ev = NULL;
    eg_error err;
    *n = 0;
    if (eg_evidence_get(g, e, &ev, n, &err) != EG_OK) {
        eg_cli_warn(&err);
        return NULL;
    }
    return ev;
}

static void print_node_line(const eg_graph *g, size_t v)
{
    const char *label = eg_graph_node_label(g, v), *type = eg_graph_node_type(g, v);
    printf("  ");
    eg_cli_print_clipped(stdout, label ? label : eg_graph_node_id(g, v), 50);
    printf(" (%s)\n", type ? type : "");
}

static void print_path_table(const eg_graph *g, const char *title, const eg_path *p)
{
    size_t hops = p->n_nodes - 1;
    printf("%s: %zu hop%s, length %.4g (sum of 1/weight)\n", title, hops, hops == 1 ? "" : "s", p->length);
    for (size_t i = 0; i < p->n_nodes; i++) {
        print_node_line(g, p->nodes[i]);
        if (i + 1 == p->n_nodes)
            break;
        size_t e = p->edges[i], n_ev;
        eg_evidence *ev = first_evidence(g, e, &n_ev);
        char head[64];
        snprintf(head, sizeof head, "    | weight %g", eg_graph_edge_weight(g, e));
        fputs(head, stdout);
        if (n_ev > 0) {
            printf(": \"");
            eg_cli_print_clipped(stdout, ev[0].text, 80 - strlen(head) - 4);
            putchar('"');
        }
        putchar('\n');
        eg_evidence_free(ev, n_ev);
    }
}

static void print_path_tsv(const eg_graph *g, const char *kind, const eg_path *p)
{
    for (size_t i = 0; i < p->n_nodes; i++) {
        size_t v = p->nodes[i], n_ev = 0;
        eg_evidence *ev = NULL;
        printf("%s\t%zu\t", kind, i);
        eg_cli_print_tsv_cell(stdout, eg_graph_node_id(g, v));
        putchar('\t');
        eg_cli_print_tsv_cell(stdout, eg_graph_node_label(g, v));
        putchar('\t');
        eg_cli_print_tsv_cell(stdout, eg_graph_node_type(g, v));
        putchar('\t');
        if (i > 0) {
            printf("%.10g", eg_graph_edge_weight(g, p->edges[i - 1]));
            ev = first_evidence(g, p->edges[i - 1], &n_ev);
        }
        putchar('\t');
        if (n_ev > 0) {
            eg_cli_print_tsv_cell(stdout, ev[0].doc);
            putchar('\t');
            if (ev[0].start != EG_NO_POS)
                printf("%zu", ev[0].start);
            putchar('\t');
            if (ev[0].end != EG_NO_POS)
                printf("%zu", ev[0].end);
            putchar('\t');
            eg_cli_print_tsv_cell(stdout, ev[0].text);
        } else {
            fputs("\t\t\t", stdout);
        }
        putchar('\n');
        eg_evidence_free(ev, n_ev);
    }
}

static json_t *path_json(const eg_graph *g, const eg_path *p)
{
    json_t *o = json_object(), *nodes = json_array(), *hops = json_array();
    int bad = !o || !nodes || !hops;
    for (size_t i = 0; !bad && i < p->n_nodes; i++)
        bad |= json_array_append_new(nodes, eg_cli_node_json(g, p->nodes[i]));
    for (size_t i = 0; !bad && i + 1 < p->n_nodes; i++) {
        size_t e = p->edges[i], n_ev;
        json_t *h = json_object();
        bad |= !h;
        bad |= json_object_set_new(h, "source", json_string(eg_graph_node_id(g, p->nodes[i])));
        bad |= json_object_set_new(h, "target", json_string(eg_graph_node_id(g, p->nodes[i + 1])));
        bad |= json_object_set_new(h, "weight", json_real(eg_graph_edge_weight(g, e)));
        eg_evidence *ev = first_evidence(g, e, &n_ev);
        if (n_ev > 0) {
            json_t *x = json_object();
            bad |= !x;
            bad |= json_object_set_new(x, "doc", json_string(ev[0].doc));
            if (ev[0].start != EG_NO_POS)
                bad |= json_object_set_new(x, "start", json_integer((json_int_t)ev[0].start));
            if (ev[0].end != EG_NO_POS)
                bad |= json_object_set_new(x, "end", json_integer((json_int_t)ev[0].end));
            bad |= json_object_set_new(x, "text", json_string(ev[0].text));
            bad |= json_object_set_new(h, "evidence", x);
        }
        eg_evidence_free(ev, n_ev);
        bad |= json_array_append_new(hops, h);
    }
    bad |= json_object_set_new(o, "hops", json_integer((json_int_t)(p->n_nodes - 1)));
    bad |= json_object_set_new(o, "length", json_real(p->length));
    bad |= json_object_set_new(o, "nodes", nodes);
    bad |= json_object_set_new(o, "edges", hops);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int eg_cmd_path(int argc, char **argv)
{
    static const struct option long_opts[] = {EG_CLI_QUERY_LONG_OPTS, {NULL, 0, NULL, 0}};
    eg_cli_format fmt = EG_FMT_TABLE;
    eg_cli_dicts dicts = {0};
    eg_cli_resolver res;
    eg_graph *g = NULL;
    eg_path strongest = {0}, shortest = {0};
    size_t a = 0, b = 0;
    eg_error err;
    int code = EG_EXIT_OK, c;
    eg_cli_resolver_init(&res, NULL, &dicts);
    if ((code = eg_cli_input_parse("path", &argc, argv, &dicts.input)) >= 0)
        goto done;
    code = EG_EXIT_OK;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:d:h", long_opts, NULL)) != -1) {
        if (eg_cli_query_common_opt("path", c, optarg, &dicts, &fmt, &code)) {
            if (code != EG_EXIT_OK)
                goto done;
            continue;
        }
        if (c == 'h') {
            fputs(path_usage, stdout);
            code = eg_cli_finish_stdout(EG_EXIT_OK);
        } else {
            code = eg_cli_bad_option("path", c, argv);
        }
        goto done;
    }
    if (argc - optind != 3) {
        code = argc - optind < 3 ? eg_cli_usage_error("path", "expected GRAPH, A and B")
                                 : eg_cli_usage_error("path", "unexpected argument '%s'", argv[optind + 3]);
        goto done;
    }
    if ((code = eg_cli_query_graph(argv[optind], &dicts, &g)) != EG_EXIT_OK)
        goto done;
    res.g = g;
    if ((code = eg_cli_resolve(&res, argv[optind + 1], &a)) != EG_EXIT_OK ||
        (code = eg_cli_resolve(&res, argv[optind + 2], &b)) != EG_EXIT_OK)
        goto done;
    if (eg_query_path(g, a, b, EG_PATH_STRONGEST, &strongest, &err) != EG_OK ||
        eg_query_path(g, a, b, EG_PATH_SHORTEST, &shortest, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    if (fmt == EG_FMT_TABLE) {
        print_path_table(g, "strongest path", &strongest);
        if (same_path(&strongest, &shortest))
            printf("shortest path in hops: the same\n");
        else
            print_path_table(g, "shortest path in hops", &shortest);
    } else if (fmt == EG_FMT_TSV) {
        printf("path\tstep\tid\tlabel\ttype\tweight\tevidence_doc\tevidence_start\tevidence_end\tevidence_text\n");
        print_path_tsv(g, "strongest", &strongest);
        print_path_tsv(g, "shortest", &shortest);
    } else {
        json_t *root = json_object();
        int bad = !root;
        bad |= json_object_set_new(root, "from", eg_cli_node_json(g, a));
        bad |= json_object_set_new(root, "to", eg_cli_node_json(g, b));
        bad |= json_object_set_new(root, "strongest", path_json(g, &strongest));
        bad |= json_object_set_new(root, "shortest", path_json(g, &shortest));
        if (bad) {
            json_decref(root);
            root = NULL;
        }
        code = eg_cli_print_json(root);
    }
    code = eg_cli_finish_stdout(code);
done:
    eg_path_destroy(&strongest);
    eg_path_destroy(&shortest);
    eg_cli_resolver_destroy(&res);
    eg_graph_free(g);
    eg_cli_dicts_free(&dicts);
    return code;
}
