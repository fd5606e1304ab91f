/*
 * cli_query: `entgraph top` and `entgraph stats`, and what every query command shares (cli_query.h):
 * reading GRAPH, resolving ENTITY, the output formats. Tables fit 80 columns (cells measured in display
 * columns, so Hangul counts two); TSV has one header row and tabs only between cells; JSON is indented.
 */
#define _GNU_SOURCE /* getopt_long */
#include "cli_network.h"
#include "cli_query.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "error.h"
#include "query.h"
#include "query_stats.h"

/* ---- shared ------------------------------------------------------------------------------------------ */

int eg_cli_parse_format(const char *cmd, const char *value, eg_cli_format *out)
{
    if (strcmp(value, "table") == 0)
        *out = EG_FMT_TABLE;
    else if (strcmp(value, "tsv") == 0)
        *out = EG_FMT_TSV;
    else if (strcmp(value, "json") == 0)
        *out = EG_FMT_JSON;
    else
        return eg_cli_usage_error(cmd, "unknown format '%s' (table, tsv, json)", value);
    return EG_EXIT_OK;
}

bool eg_cli_query_common_opt(const char *cmd, int c, const char *arg, eg_cli_dicts *dicts, eg_cli_format *fmt,
                             int *code)
{
    *code = EG_EXIT_OK;
    switch (c) {
    case 'd': *code = eg_cli_dicts_add(dicts, arg); return true;
    case EG_OPT_NO_DEFAULT_DICTS: dicts->no_default = true; return true;
    case 'f': *code = eg_cli_parse_format(cmd, arg, fmt); return true;
    default: return false;
    }
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

bool eg_cli_is_graph_file(const char *path)
{
    return ends_with(path, ".graphml") || ends_with(path, ".json");
}

int eg_cli_query_graph(const char *path, const eg_cli_dicts *dicts, eg_graph **out)
{
    eg_error err;
    eg_error_clear(&err);
    *out = NULL;
    if (eg_cli_is_graph_file(path))
        return eg_graph_read_file(path, out, &err) == EG_OK ? EG_EXIT_OK : eg_cli_report(&err);
    /* Text input: the same options and steps as `entgraph build -q`, with the graph kept in memory. */
    size_t n = 0;
    char **argv = eg_malloc((dicts->n_paths * 2 + 16) * sizeof *argv);
    if (!argv)
        return eg_cli_fail("out of memory");
    argv[n++] = (char *)"build";
    argv[n++] = (char *)"-q";
    for (size_t i = 0; i < dicts->n_paths; i++) {
        argv[n++] = (char *)"-d";
        argv[n++] = (char *)dicts->paths[i];
    }
    if (dicts->no_default)
        argv[n++] = (char *)"--no-default-dicts";
    /* The input options, passed on as build takes them. */
    const eg_input_options *in = &dicts->input;
    const char *fields[4][2] = {{"--text-field", in->text_field}, {"--id-field", in->id_field},
                                {"--date-field", in->date_field}, {"--title-field", in->title_field}};
    for (int k = 0; k < 4; k++)
        if (fields[k][1]) {
            argv[n++] = (char *)fields[k][0];
            argv[n++] = (char *)fields[k][1];
        }
    if (in->csv)
        argv[n++] = (char *)"--csv";
    if (in->strict)
        argv[n++] = (char *)"--strict";
    argv[n++] = (char *)"--encoding";
    argv[n++] = (char *)(in->encoding == EG_ENCODING_LATIN1 ? "latin-1"
                         : in->encoding == EG_ENCODING_UTF8 ? "utf-8" : "auto");
    argv[n++] = (char *)path;
    argv[n] = NULL;
    /* build's option parser restarts getopt; the caller still reads its own operands by optind */
    int saved_optind = optind;
    int code = eg_cli_build_graph((int)n, argv, out);
    optind = saved_optind;
    free(argv);
    return code;
}

void eg_cli_resolver_init(eg_cli_resolver *r, const eg_graph *g, const eg_cli_dicts *dicts)
{
    memset(r, 0, sizeof *r);
    r->g = g;
    r->dicts = dicts;
}

void eg_cli_resolver_destroy(eg_cli_resolver *r)
{
    eg_lookup_free(r->plain);
    eg_lookup_free(r->full);
    eg_cli_recognizer_free(&r->rec);
    memset(r, 0, sizeof *r);
}

int eg_cli_resolve(eg_cli_resolver *r, const char *name, size_t *node)
{
    eg_error err;
    eg_error_clear(&err);
    if (!r->plain && eg_lookup_new(r->g, NULL, &r->plain, &err) != EG_OK)
        return eg_cli_report(&err);
    if (eg_lookup_find(r->plain, name, node, &err) == EG_OK)
        return EG_EXIT_OK;
    if (err.status != EG_ERR_NOTFOUND)
        return eg_cli_report(&err);
    /* Not an id or label: the dictionaries know the aliases (and make better suggestions). */
    if (!r->full) {
        int code = eg_cli_recognizer_load(r->dicts, &r->rec);
        if (code != EG_EXIT_OK)
            return code;
        if (eg_lookup_new(r->g, r->rec.dict, &r->full, &err) != EG_OK)
            return eg_cli_report(&err);
    }
    if (eg_lookup_find(r->full, name, node, &err) == EG_OK)
        return EG_EXIT_OK;
    return eg_cli_report(&err);
}

int eg_cli_print_json(json_t *root)
{
    char *s = root ? json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(root);
    if (!s)
        return eg_cli_fail("out of memory");
    puts(s);
    free(s);
    return EG_EXIT_OK;
}

json_t *eg_cli_node_json(const eg_graph *g, size_t v)
{
    json_t *o = json_object();
    const char *label = eg_graph_node_label(g, v), *type = eg_graph_node_type(g, v);
    if (!o || json_object_set_new(o, "id", json_string(eg_graph_node_id(g, v))) ||
        json_object_set_new(o, "label", label ? json_string(label) : json_null()) ||
        json_object_set_new(o, "type", type ? json_string(type) : json_null())) {
        json_decref(o);
        return NULL;
    }
    return o;
}

void eg_cli_print_tsv_cell(FILE *fp, const char *s)
{
    for (; s && *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

void eg_cli_print_clipped(FILE *fp, const char *s, size_t width)
{
    size_t used = 0, total = 0;
    /* Width of the whole string with line breaks as spaces. */
    total = eg_cli_display_width(s);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0)
            n = 1, cp = 0xFFFD;
        if (cp == '\n' || cp == '\r' || cp == '\t')
            cp = ' ';
        int cw = utf8proc_charwidth(cp);
        size_t c = cw > 0 ? (size_t)cw : 0;
        if (total > width && used + c + 1 > width) {
            fputs("…", fp);
            return;
        }
        if (cp == ' ')
            fputc(' ', fp);
        else
            fwrite(p, 1, (size_t)n, fp);
        used += c;
        p += n;
    }
}

static const char *str_or(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

/* ---- top ------------------------------------------------------------------------------------------------ */

static const char top_usage[] =
    "Usage: entgraph top GRAPH [OPTIONS]\n"
    "\n"
    "Ranks the entities of GRAPH: a graph.graphml or graph.json written by 'entgraph build', or text\n"
    "input (a file, a .jsonl file, a directory, -) from which the graph is built in memory as 'build' does.\n"
    "\n"
    "Options:\n"
    "  -b, --by MEASURE        degree, strength, pagerank (default), betweenness, eigenvector,\n"
    "                          closeness, harmonic, coreness (weighted where the measure allows), or\n"
    "                          all: every measure and its rank, one row per entity (ranked by PageRank)\n"
    "  -k, --top N             how many entities (default: 10; 0 for all)\n"
    "  -t, --type T[,T...]     only entities of these types\n" EG_CLI_QUERY_HELP
    "\n"
    "Ties are broken by label, then id.\n";

static void print_table(const eg_graph *g, eg_measure m, const eg_ranked *top, size_t n)
{
    printf("%4s  ", "rank");
    eg_cli_print_cell(stdout, "entity", 36, false);
    printf("  ");
    eg_cli_print_cell(stdout, "type", 14, false);
    printf("  %14s\n", eg_measure_name(m));
    for (size_t i = 0; i < n; i++) {
        printf("%4zu  ", i + 1);
        eg_cli_print_cell(stdout, str_or(eg_graph_node_label(g, top[i].node), ""), 36, false);
        printf("  ");
        eg_cli_print_cell(stdout, str_or(eg_graph_node_type(g, top[i].node), ""), 14, false);
        printf("  %14.6g\n", top[i].score);
    }
}

static void print_tsv(const eg_graph *g, eg_measure m, const eg_ranked *top, size_t n)
{
    printf("rank\tid\tlabel\ttype\t%s\n", eg_measure_name(m));
    for (size_t i = 0; i < n; i++) {
        printf("%zu\t", i + 1);
        eg_cli_print_tsv_cell(stdout, eg_graph_node_id(g, top[i].node));
        putchar('\t');
        eg_cli_print_tsv_cell(stdout, eg_graph_node_label(g, top[i].node));
        putchar('\t');
        eg_cli_print_tsv_cell(stdout, eg_graph_node_type(g, top[i].node));
        printf("\t%.10g\n", top[i].score);
    }
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
        bad |= json_object_set_new(o, "label", json_string(str_or(eg_graph_node_label(g, top[i].node), "")));
        bad |= json_object_set_new(o, "type", json_string(str_or(eg_graph_node_type(g, top[i].node), "")));
        bad |= json_object_set_new(o, eg_measure_name(m), json_real(top[i].score));
        bad |= json_array_append_new(arr, o);
    }
    if (bad) {
        json_decref(arr);
        arr = NULL;
    }
    return eg_cli_print_json(arr);
}

/* --by all: scores[m][v] and rank[m][v] (1-based, in eg_query_top's order) for every measure; rows in
 * PageRank order, k of them, filtered by type. */
static int print_all(const eg_graph *g, size_t k, const char *types, eg_cli_format fmt)
{
    size_t nv = eg_graph_n_nodes(g), n = 0, n_order = 0;
    double *scores = eg_malloc((nv ? nv : 1) * EG_N_MEASURES * sizeof *scores);
    size_t *rank = eg_malloc((nv ? nv : 1) * EG_N_MEASURES * sizeof *rank);
    eg_ranked *order = NULL, *ranked = NULL;
    eg_error err;
    int code = EG_EXIT_OK;
    if (!scores || !rank) {
        code = eg_cli_fail("out of memory");
        goto done;
    }
    for (int m = 0; m < EG_N_MEASURES; m++) {
        if (eg_query_top(g, (eg_measure)m, 0, NULL, &ranked, &n, &err) != EG_OK) {
            code = eg_cli_report(&err);
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            scores[(size_t)m * nv + ranked[i].node] = ranked[i].score;
            rank[(size_t)m * nv + ranked[i].node] = i + 1;
        }
        free(ranked);
        ranked = NULL;
    }
    if (eg_query_top(g, EG_BY_PAGERANK, k, types, &order, &n_order, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    if (fmt == EG_FMT_TABLE) {
        static const char *const abbrev[EG_N_MEASURES] = {"deg", "str", "pr", "betw", "eig", "clos", "harm", "core"};
        eg_cli_print_cell(stdout, "entity (ranks by measure)", 30, false);
        for (int m = 0; m < EG_N_MEASURES; m++)
            printf("  %4s", abbrev[m]);
        putchar('\n');
        for (size_t i = 0; i < n_order; i++) {
            size_t v = order[i].node;
            eg_cli_print_cell(stdout, str_or(eg_graph_node_label(g, v), ""), 30, false);
            for (int m = 0; m < EG_N_MEASURES; m++)
                printf("  %4zu", rank[(size_t)m * nv + v]);
            putchar('\n');
        }
    } else if (fmt == EG_FMT_TSV) {
        printf("id\tlabel\ttype");
        for (int m = 0; m < EG_N_MEASURES; m++)
            printf("\t%s\t%s_rank", eg_measure_name((eg_measure)m), eg_measure_name((eg_measure)m));
        putchar('\n');
        for (size_t i = 0; i < n_order; i++) {
            size_t v = order[i].node;
            eg_cli_print_tsv_cell(stdout, eg_graph_node_id(g, v));
            putchar('\t');
            eg_cli_print_tsv_cell(stdout, eg_graph_node_label(g, v));
            putchar('\t');
            eg_cli_print_tsv_cell(stdout, eg_graph_node_type(g, v));
            for (int m = 0; m < EG_N_MEASURES; m++)
                printf("\t%.10g\t%zu", scores[(size_t)m * nv + v], rank[(size_t)m * nv + v]);
            putchar('\n');
        }
    } else {
        json_t *arr = json_array();
        int bad = !arr;
        for (size_t i = 0; !bad && i < n_order; i++) {
            size_t v = order[i].node;
            json_t *o = eg_cli_node_json(g, v);
            bad |= !o;
            for (int m = 0; !bad && m < EG_N_MEASURES; m++) {
                char key[40];
                snprintf(key, sizeof key, "%s_rank", eg_measure_name((eg_measure)m));
                bad |= json_object_set_new(o, eg_measure_name((eg_measure)m), json_real(scores[(size_t)m * nv + v]));
                bad |= json_object_set_new(o, key, json_integer((json_int_t)rank[(size_t)m * nv + v]));
            }
            bad |= json_array_append_new(arr, o);
        }
        if (bad) {
            json_decref(arr);
            arr = NULL;
        }
        code = eg_cli_print_json(arr);
    }
done:
    free(scores);
    free(rank);
    free(order);
    return code;
}

int eg_cmd_top(int argc, char **argv)
{
    static const struct option long_opts[] = {
        {"by", required_argument, NULL, 'b'},
        {"top", required_argument, NULL, 'k'},
        {"type", required_argument, NULL, 't'},
        EG_CLI_QUERY_LONG_OPTS,
        {NULL, 0, NULL, 0},
    };
    eg_measure measure = EG_BY_PAGERANK;
    bool all = false;
    size_t k = 10;
    const char *types = NULL;
    eg_cli_format fmt = EG_FMT_TABLE;
    eg_cli_dicts dicts = {0};
    eg_graph *g = NULL;
    eg_ranked *top = NULL;
    size_t n = 0;
    eg_error err;
    eg_error_clear(&err);
    int code = EG_EXIT_OK, c;
    if ((code = eg_cli_input_parse("top", &argc, argv, &dicts.input)) >= 0)
        goto done;
    code = EG_EXIT_OK;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":b:k:t:f:d:h", long_opts, NULL)) != -1) {
        if (eg_cli_query_common_opt("top", c, optarg, &dicts, &fmt, &code)) {
            if (code != EG_EXIT_OK)
                goto done;
            continue;
        }
        switch (c) {
        case 'b':
            all = strcmp(optarg, "all") == 0;
            if (!all && eg_measure_parse(optarg, &measure, &err) != EG_OK) {
                code = eg_cli_usage_error("top", "unknown measure '%s' (degree, strength, pagerank, betweenness, "
                                          "eigenvector, closeness, harmonic, coreness, all)", optarg);
                goto done;
            }
            break;
        case 'k':
            if ((code = eg_cli_parse_size("top", "--top", optarg, &k)) != EG_EXIT_OK)
                goto done;
            break;
        case 't': types = optarg; break;
        case 'h':
            fputs(top_usage, stdout);
            code = eg_cli_finish_stdout(EG_EXIT_OK);
            goto done;
        default: code = eg_cli_bad_option("top", c, argv); goto done;
        }
    }
    if (optind >= argc) {
        code = eg_cli_usage_error("top", "no GRAPH given");
        goto done;
    }
    if (optind + 1 < argc) {
        code = eg_cli_usage_error("top", "one GRAPH only, got '%s' too", argv[optind + 1]);
        goto done;
    }
    if ((code = eg_cli_query_graph(argv[optind], &dicts, &g)) != EG_EXIT_OK)
        goto done;
    if (all) {
        code = eg_cli_finish_stdout(print_all(g, k, types, fmt));
        goto done;
    }
    if (eg_query_top(g, measure, k, types, &top, &n, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    switch (fmt) {
    case EG_FMT_TABLE: print_table(g, measure, top, n); break;
    case EG_FMT_TSV: print_tsv(g, measure, top, n); break;
    case EG_FMT_JSON: code = print_json(g, measure, top, n); break;
    }
    code = eg_cli_finish_stdout(code);
done:
    free(top);
    eg_graph_free(g);
    eg_cli_dicts_free(&dicts);
    return code;
}

/* ---- stats ------------------------------------------------------------------------------------------ */

static const char stats_usage[] =
    "Usage: entgraph stats GRAPH [OPTIONS]\n"
    "\n"
    "Summarises GRAPH (a graph file, or text input built in memory as 'build' does): nodes and edges by\n"
    "type, connected components, density and the degree distribution.\n"
    "\n"
    "Options:\n" EG_CLI_QUERY_HELP;

static int stats_json(const eg_graph_stats *s)
{
    json_t *o = json_object(), *nt = json_object(), *et = json_object(), *deg = json_object();
    int bad = !o || !nt || !et || !deg;
    for (size_t i = 0; !bad && i < s->n_node_types; i++)
        bad |= json_object_set_new(nt, s->node_types[i].type, json_integer((json_int_t)s->node_types[i].count));
    for (size_t i = 0; !bad && i < s->n_edge_types; i++)
        bad |= json_object_set_new(et, s->edge_types[i].type, json_integer((json_int_t)s->edge_types[i].count));
    if (!bad) {
        bad |= json_object_set_new(deg, "min", json_integer((json_int_t)s->degree_min));
        bad |= json_object_set_new(deg, "median", json_real(s->degree_median));
        bad |= json_object_set_new(deg, "mean", json_real(s->degree_mean));
        bad |= json_object_set_new(deg, "max", json_integer((json_int_t)s->degree_max));
        bad |= json_object_set_new(o, "nodes", json_integer((json_int_t)s->n_nodes));
        bad |= json_object_set_new(o, "edges", json_integer((json_int_t)s->n_edges));
        bad |= json_object_set_new(o, "total_weight", json_real(s->total_weight));
        bad |= json_object_set_new(o, "density", json_real(s->density));
        bad |= json_object_set_new(o, "components", json_integer((json_int_t)s->n_components));
        bad |= json_object_set_new(o, "largest_component", json_integer((json_int_t)s->largest_component));
        bad |= json_object_set_new(o, "isolated", json_integer((json_int_t)s->n_isolated));
        bad |= json_object_set_new(o, "degree", deg);
        deg = NULL;
        bad |= json_object_set_new(o, "nodes_by_type", nt);
        nt = NULL;
        bad |= json_object_set_new(o, "edges_by_type", et);
        et = NULL;
    }
    json_decref(nt);
    json_decref(et);
    json_decref(deg);
    if (bad) {
        json_decref(o);
        o = NULL;
    }
    return eg_cli_print_json(o);
}

static void stats_tsv(const eg_graph_stats *s)
{
    printf("key\tvalue\nnodes\t%zu\nedges\t%zu\ntotal_weight\t%.10g\ndensity\t%.10g\ncomponents\t%zu\n"
           "largest_component\t%zu\nisolated\t%zu\ndegree_min\t%zu\ndegree_median\t%.10g\ndegree_mean\t%.10g\n"
           "degree_max\t%zu\n",
           s->n_nodes, s->n_edges, s->total_weight, s->density, s->n_components, s->largest_component,
           s->n_isolated, s->degree_min, s->degree_median, s->degree_mean, s->degree_max);
    for (size_t i = 0; i < s->n_node_types; i++) {
        printf("nodes_by_type:");
        eg_cli_print_tsv_cell(stdout, s->node_types[i].type);
        printf("\t%zu\n", s->node_types[i].count);
    }
    for (size_t i = 0; i < s->n_edge_types; i++) {
        printf("edges_by_type:");
        eg_cli_print_tsv_cell(stdout, s->edge_types[i].type);
        printf("\t%zu\n", s->edge_types[i].count);
    }
}

static void stats_table(const eg_graph_stats *s)
{
    printf("nodes       %zu\n", s->n_nodes);
    printf("edges       %zu (total weight %g)\n", s->n_edges, s->total_weight);
    printf("density     %.4f\n", s->density);
    printf("components  %zu (largest %zu node%s; %zu isolated)\n", s->n_components, s->largest_component,
           s->largest_component == 1 ? "" : "s", s->n_isolated);
    printf("degree      min %zu, median %g, mean %.2f, max %zu\n", s->degree_min, s->degree_median,
           s->degree_mean, s->degree_max);
    printf("nodes by type:\n");
    for (size_t i = 0; i < s->n_node_types; i++) {
        printf("  ");
        eg_cli_print_cell(stdout, *s->node_types[i].type ? s->node_types[i].type : "(none)", 40, false);
        printf("  %6zu\n", s->node_types[i].count);
    }
    printf("edges by type:\n");
    for (size_t i = 0; i < s->n_edge_types; i++) {
        printf("  ");
        eg_cli_print_cell(stdout, s->edge_types[i].type, 40, false);
        printf("  %6zu\n", s->edge_types[i].count);
    }
}

int eg_cmd_stats(int argc, char **argv)
{
    static const struct option long_opts[] = {EG_CLI_QUERY_LONG_OPTS, {NULL, 0, NULL, 0}};
    eg_cli_format fmt = EG_FMT_TABLE;
    eg_cli_dicts dicts = {0};
    eg_graph *g = NULL;
    eg_graph_stats s = {0};
    eg_error err;
    int code = EG_EXIT_OK, c;
    if ((code = eg_cli_input_parse("stats", &argc, argv, &dicts.input)) >= 0)
        goto done;
    code = EG_EXIT_OK;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:d:h", long_opts, NULL)) != -1) {
        if (eg_cli_query_common_opt("stats", c, optarg, &dicts, &fmt, &code)) {
            if (code != EG_EXIT_OK)
                goto done;
            continue;
        }
        if (c == 'h') {
            fputs(stats_usage, stdout);
            code = eg_cli_finish_stdout(EG_EXIT_OK);
        } else {
            code = eg_cli_bad_option("stats", c, argv);
        }
        goto done;
    }
    if (optind + 1 != argc) {
        code = optind >= argc ? eg_cli_usage_error("stats", "no GRAPH given")
                              : eg_cli_usage_error("stats", "one GRAPH only, got '%s' too", argv[optind + 1]);
        goto done;
    }
    if ((code = eg_cli_query_graph(argv[optind], &dicts, &g)) != EG_EXIT_OK)
        goto done;
    if (eg_query_stats(g, &s, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    if (fmt == EG_FMT_JSON)
        code = stats_json(&s);
    else if (fmt == EG_FMT_TSV)
        stats_tsv(&s);
    else
        stats_table(&s);
    code = eg_cli_finish_stdout(code);
done:
    eg_graph_stats_destroy(&s);
    eg_graph_free(g);
    eg_cli_dicts_free(&dicts);
    return code;
}
