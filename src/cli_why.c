/*
 * cli_why: `entgraph why GRAPH A B` prints the evidence of the edge between two entities: the example
 * sentences that `build --evidence K` kept, with document id and byte span.
 */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "evidence.h"
#include "graph.h"
#include "lookup.h"

static const char why_usage[] =
    "Usage: entgraph why GRAPH A B\n"
    "\n"
    "Prints why A and B are linked in GRAPH (a graph.graphml or graph.json written by 'entgraph build'):\n"
    "the edge's counts and its evidence, one example a block: the document id, the byte span [start, end)\n"
    "in that document, and the sentence text. A and B are entity ids or labels (case-insensitive).\n"
    "\n"
    "Options:\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit codes: 0 success, 1 unreadable graph, unknown entity or entities not linked, 2 usage error.\n";

int eg_cmd_why(int argc, char **argv)
{
    static const struct option long_opts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    eg_graph *g = NULL;
    eg_lookup *lk = NULL;
    eg_evidence *ev = NULL;
    size_t n_ev = 0;
    eg_error err;
    eg_error_clear(&err);
    int code = EG_EXIT_OK, c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
        if (c == 'h') {
            fputs(why_usage, stdout);
            return eg_cli_finish_stdout(EG_EXIT_OK);
        }
        return eg_cli_bad_option("why", c, argv);
    }
    if (argc - optind != 3)
        return eg_cli_usage_error("why", "expected GRAPH A B, got %d argument%s", argc - optind,
                                  argc - optind == 1 ? "" : "s");
    const char *path = argv[optind], *name_a = argv[optind + 1], *name_b = argv[optind + 2];
    size_t a, b;
    if (eg_graph_read_file(path, &g, &err) != EG_OK || eg_lookup_new(g, NULL, &lk, &err) != EG_OK ||
        eg_lookup_find(lk, name_a, &a, &err) != EG_OK || eg_lookup_find(lk, name_b, &b, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    if (a == b) {
        code = eg_cli_fail("%s: \"%s\" and \"%s\" are the same entity (%s)", path, name_a, name_b,
                           eg_graph_node_id(g, a));
        goto done;
    }
    size_t e = eg_graph_n_edges(g);
    for (size_t i = 0; i < eg_graph_n_edges(g); i++)
        if ((g->source[i] == a && g->target[i] == b) || (g->source[i] == b && g->target[i] == a)) {
            e = i;
            break;
        }
    if (e == eg_graph_n_edges(g)) {
        code = eg_cli_fail("%s: %s (%s) and %s (%s) are not linked", path, eg_graph_node_label(g, a),
                           eg_graph_node_id(g, a), eg_graph_node_label(g, b), eg_graph_node_id(g, b));
        goto done;
    }
    if (eg_evidence_get(g, e, &ev, &n_ev, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    long docs = eg_table_find(&g->edges, "documents");
    printf("%s — %s: %lld window%s", eg_graph_node_label(g, a), eg_graph_node_label(g, b),
           (long long)g->edges.cols[EG_EDGE_COUNT].v.i[e], g->edges.cols[EG_EDGE_COUNT].v.i[e] == 1 ? "" : "s");
    if (docs >= 0 && g->edges.cols[docs].type == EG_ATTR_INT)
        printf(", %lld document%s", (long long)g->edges.cols[docs].v.i[e],
               g->edges.cols[docs].v.i[e] == 1 ? "" : "s");
    printf(", weight %g\n", eg_graph_edge_weight(g, e));
    if (!eg_evidence_available(g))
        printf("(no evidence in this graph: build it with --evidence K)\n");
    for (size_t i = 0; i < n_ev; i++) {
        printf("\n[%zu] %s", i + 1, ev[i].doc);
        if (ev[i].start != EG_NO_POS && ev[i].end != EG_NO_POS)
            printf(" bytes %zu-%zu", ev[i].start, ev[i].end);
        printf("\n%s\n", ev[i].text);
    }
    code = eg_cli_finish_stdout(EG_EXIT_OK);
done:
    eg_evidence_free(ev, n_ev);
    eg_lookup_free(lk);
    eg_graph_free(g);
    return code;
}
