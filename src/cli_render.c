/*
 * cli_render: pictures and reports: `entgraph render` (graph -> SVG) and `entgraph report` (text or graph
 * -> one self-contained HTML page). Both share the picture options and write through outfile, so a failed
 * run leaves an earlier picture or report untouched.
 */
#define _GNU_SOURCE /* getopt_long */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "error.h"
#include "graph.h"
#include "outfile.h"
#include "render_svg.h"
#include "report_html.h"

static const char render_usage[] =
    "Usage: entgraph render GRAPH [OPTIONS]\n"
    "\n"
    "Draws GRAPH (a graph.graphml or graph.json written by 'entgraph build') as an SVG picture: nodes\n"
    "coloured by type and sized by a measure, links by weight, labels on the top nodes, a legend.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE      where to write (default: output/graph.svg)\n"
    "  -l, --layout L         fr (Fruchterman-Reingold), drl or kk (Kamada-Kawai); default: fr, or drl\n"
    "                         above 5000 drawn nodes\n"
    "  -s, --size-by M        pagerank (default), degree, strength, betweenness, eigenvector, closeness,\n"
    "                         harmonic, coreness, or a numeric node attribute such as mentions\n"
    "  -k, --top N            draw the top N nodes by the size measure (default: 150; 0 for all)\n"
    "      --labels N         label the top N drawn nodes where there is room (default: 30)\n"
    "      --seed N           seed of the layout's random start (default: 42)\n"
    "      --width PX         picture width (default: 1200)\n"
    "      --height PX        picture height (default: 900)\n"
    "  -q, --quiet            print nothing but errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "The same graph, options and seed give the same picture.\n";

static const char report_usage[] =
    "Usage: entgraph report [OPTIONS] INPUT...\n"
    "       entgraph report [OPTIONS] GRAPH\n"
    "\n"
    "Writes one self-contained HTML page (no network needed to open it): summary, picture, top entities by\n"
    "several centralities, communities, the strongest links with their evidence and the entities found\n"
    "outside the dictionaries. INPUT... is text as for 'entgraph build'; a single argument ending in\n"
    ".graphml or .json is read as a graph written by 'entgraph build'.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE      where to write (default: output/report.html)\n"
    "  -d, --dict FILE|DIR    load this dictionary too (repeatable; text INPUT only)\n"
    "      --no-default-dicts do not load the shipped dictionaries (text INPUT only)\n"
    "      --rows N           rows of each table (default: 10)\n"
    "      --title TEXT       the page's title (default: Entity network report)\n"
    "  -l, --layout L         picture options, as for 'entgraph render'\n"
    "  -s, --size-by M\n"
    "  -k, --top N\n"
    "      --labels N\n"
    "      --seed N\n"
    "  -q, --quiet            print nothing but errors\n"
    "  -h, --help             show this help\n";

enum {
    OPT_LABELS = 1000,
    OPT_SEED,
    OPT_WIDTH,
    OPT_HEIGHT,
    OPT_ROWS,
    OPT_TITLE,
    OPT_NO_DEFAULT_DICTS,
};

typedef struct render_args {
    eg_report_options report; /* report.picture holds the picture options of both commands */
    const char *output;
    bool quiet;
    eg_cli_dicts dicts;
} render_args;

/* Parses the options of render (report == false) or report; returns -1 to go on, else an exit code. */
static int parse_args(const char *cmd, bool report, int argc, char **argv, render_args *a)
{
    static const struct option long_opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"layout", required_argument, NULL, 'l'},
        {"size-by", required_argument, NULL, 's'},
        {"top", required_argument, NULL, 'k'},
        {"labels", required_argument, NULL, OPT_LABELS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"width", required_argument, NULL, OPT_WIDTH},
        {"height", required_argument, NULL, OPT_HEIGHT},
        {"rows", required_argument, NULL, OPT_ROWS},
        {"title", required_argument, NULL, OPT_TITLE},
        {"dict", required_argument, NULL, 'd'},
        {"no-default-dicts", no_argument, NULL, OPT_NO_DEFAULT_DICTS},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    eg_render_options *pic = &a->report.picture;
    size_t v;
    eg_error err;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, report ? ":o:l:s:k:d:qh" : ":o:l:s:k:qh", long_opts, NULL)) != -1) {
        bool report_only = c == OPT_ROWS || c == OPT_TITLE || c == 'd' || c == OPT_NO_DEFAULT_DICTS;
        bool render_only = c == OPT_WIDTH || c == OPT_HEIGHT;
        if ((report_only && !report) || (render_only && report))
            return eg_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        switch (c) {
        case 'o':
            if (!*optarg)
                return eg_cli_usage_error(cmd, "--output needs a file name");
            a->output = optarg;
            break;
        case 'l':
            if (eg_layout_parse(optarg, &pic->layout, &err) != EG_OK)
                return eg_cli_usage_error(cmd, "unknown layout '%s' (fr, drl, kk)", optarg);
            break;
        case 's':
            if (!*optarg)
                return eg_cli_usage_error(cmd, "--size-by needs a measure or attribute name");
            pic->size_by = optarg;
            break;
        case 'k':
            if (eg_cli_parse_size(cmd, "--top", optarg, &pic->top) != EG_EXIT_OK)
                return EG_EXIT_USAGE;
            break;
        case OPT_LABELS:
            if (eg_cli_parse_size(cmd, "--labels", optarg, &pic->labels) != EG_EXIT_OK)
                return EG_EXIT_USAGE;
            break;
        case OPT_SEED:
            if (eg_cli_parse_size(cmd, "--seed", optarg, &v) != EG_EXIT_OK)
                return EG_EXIT_USAGE;
            pic->seed = (unsigned long)v;
            break;
        case OPT_WIDTH:
        case OPT_HEIGHT:
            if (eg_cli_parse_size(cmd, c == OPT_WIDTH ? "--width" : "--height", optarg, &v) != EG_EXIT_OK)
                return EG_EXIT_USAGE;
            if (v < 200 || v > 20000)
                return eg_cli_usage_error(cmd, "%s must be between 200 and 20000 pixels, not %s",
                                          c == OPT_WIDTH ? "--width" : "--height", optarg);
            *(c == OPT_WIDTH ? &pic->width : &pic->height) = (int)v;
            break;
        case OPT_ROWS:
            if (eg_cli_parse_size(cmd, "--rows", optarg, &a->report.rows) != EG_EXIT_OK)
                return EG_EXIT_USAGE;
            if (a->report.rows == 0)
                return eg_cli_usage_error(cmd, "--rows must be at least 1");
            break;
        case OPT_TITLE: a->report.title = optarg; break;
        case 'd':
            if (eg_cli_dicts_add(&a->dicts, optarg) != EG_EXIT_OK)
                return EG_EXIT_ERROR;
            break;
        case OPT_NO_DEFAULT_DICTS: a->dicts.no_default = true; break;
        case 'q': a->quiet = true; break;
        case 'h':
            fputs(report ? report_usage : render_usage, stdout);
            return eg_cli_finish_stdout(EG_EXIT_OK);
        default:
            return eg_cli_bad_option(cmd, c, argv);
        }
    }
    if (optind >= argc)
        return eg_cli_usage_error(cmd, report ? "no INPUT given" : "no GRAPH given");
    if (!report && optind + 1 < argc)
        return eg_cli_usage_error(cmd, "one GRAPH only, got '%s' too", argv[optind + 1]);
    return -1;
}

/* Creates the directory that will hold path when it is missing (one level, as 'build -o' does), so the
 * default output/... works in a fresh directory. Failures surface when the file is opened. */
static void make_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return;
    char *dir = eg_strndup(path, (size_t)(slash - path));
    struct stat st;
    if (dir && stat(dir, &st) != 0 && errno == ENOENT)
        (void)mkdir(dir, 0777);
    free(dir);
}

typedef eg_status (*write_fn)(const eg_graph *g, const eg_report_options *o, FILE *fp, eg_render_info *info,
                              eg_error *err);

static eg_status write_svg(const eg_graph *g, const eg_report_options *o, FILE *fp, eg_render_info *info,
                           eg_error *err)
{
    return eg_render_svg(g, &o->picture, fp, info, err);
}

static eg_status write_report(const eg_graph *g, const eg_report_options *o, FILE *fp, eg_render_info *info,
                              eg_error *err)
{
    (void)info;
    return eg_report_html(g, o, fp, err);
}

/* Writes through a temporary file renamed into place; returns an exit code. */
static int write_output(const char *path, write_fn fn, const eg_graph *g, const eg_report_options *o,
                        eg_render_info *info)
{
    eg_error err;
    eg_error_clear(&err);
    eg_outfile of = {0};
    eg_status st;
    make_parent(path);
    if ((st = eg_outfile_open(&of, path, &err)) != EG_OK)
        return eg_cli_report(&err);
    if ((st = fn(g, o, of.fp, info, &err)) != EG_OK) {
        eg_outfile_fail(&of, st, &err);
        return eg_cli_report(&err);
    }
    if ((st = eg_outfile_commit(&of, &err)) != EG_OK)
        return eg_cli_report(&err);
    return EG_EXIT_OK;
}

static void say_cut(const eg_render_info *info, const char *size_by)
{
    if (info->n_drawn < info->n_nodes)
        printf("the graph has %zu entities: drew the top %zu by %s (--top 0 draws all)\n", info->n_nodes,
               info->n_drawn, size_by ? size_by : "pagerank");
}

int eg_cmd_render(int argc, char **argv)
{
    render_args a = {0};
    eg_report_options_init(&a.report);
    a.output = "output/graph.svg";
    eg_graph *g = NULL;
    eg_error err;
    eg_error_clear(&err);
    eg_render_info info = {0};
    int code = parse_args("render", false, argc, argv, &a);
    if (code >= 0)
        goto done;
    if (eg_graph_read_file(argv[optind], &g, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    if (eg_render_check_size_by(g, a.report.picture.size_by, &err) != EG_OK) {
        code = eg_cli_usage_error("render", "%s", err.message);
        goto done;
    }
    if ((code = write_output(a.output, write_svg, g, &a.report, &info)) != EG_EXIT_OK)
        goto done;
    if (!a.quiet) {
        say_cut(&info, a.report.picture.size_by);
        printf("wrote %s (%zu entities, %zu links, %zu labels, layout %s)\n", a.output, info.n_drawn,
               info.n_edges_drawn, info.n_labels, eg_layout_name(info.layout));
    }
    code = eg_cli_finish_stdout(EG_EXIT_OK);
done:
    eg_graph_free(g);
    eg_cli_dicts_free(&a.dicts);
    return code;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Builds the graph of text inputs with build's own code, so the report shows what 'entgraph build' would
 * write for the same inputs and dictionaries. */
static int graph_from_text(render_args *a, char **inputs, size_t n_inputs, eg_graph **out)
{
    size_t n = 0, cap = 3 + 2 * a->dicts.n_paths + 1 + n_inputs + 1;
    char **av = eg_calloc(cap, sizeof *av);
    if (!av)
        return eg_cli_fail("out of memory");
    av[n++] = "build";
    av[n++] = "-q";
    for (size_t i = 0; i < a->dicts.n_paths; i++) {
        av[n++] = "-d";
        av[n++] = (char *)a->dicts.paths[i];
    }
    if (a->dicts.no_default)
        av[n++] = "--no-default-dicts";
    av[n++] = "--";
    for (size_t i = 0; i < n_inputs; i++)
        av[n++] = inputs[i];
    av[n] = NULL;
    int code = eg_cli_build_graph((int)n, av, out);
    free(av);
    return code;
}

int eg_cmd_report(int argc, char **argv)
{
    render_args a = {0};
    eg_report_options_init(&a.report);
    a.output = "output/report.html";
    eg_graph *g = NULL;
    eg_error err;
    eg_error_clear(&err);
    int code = parse_args("report", true, argc, argv, &a);
    if (code >= 0)
        goto done;
    char **inputs = argv + optind;
    size_t n_inputs = (size_t)(argc - optind);
    bool is_graph = n_inputs == 1 && (ends_with(inputs[0], ".graphml") || ends_with(inputs[0], ".json"));
    if (is_graph) {
        if (a.dicts.n_paths || a.dicts.no_default) {
            code = eg_cli_usage_error("report", "--dict and --no-default-dicts apply to text INPUT, not to a "
                                      "graph file");
            goto done;
        }
        if (eg_graph_read_file(inputs[0], &g, &err) != EG_OK) {
            code = eg_cli_report(&err);
            goto done;
        }
    } else if ((code = graph_from_text(&a, inputs, n_inputs, &g)) != EG_EXIT_OK) {
        goto done;
    }
    if (eg_render_check_size_by(g, a.report.picture.size_by, &err) != EG_OK) {
        code = eg_cli_usage_error("report", "%s", err.message);
        goto done;
    }
    a.report.source = n_inputs == 1 ? inputs[0] : NULL;
    if ((code = write_output(a.output, write_report, g, &a.report, NULL)) != EG_EXIT_OK)
        goto done;
    if (!a.quiet)
        printf("wrote %s (%zu entities, %zu links)\n", a.output, eg_graph_n_nodes(g), eg_graph_n_edges(g));
    code = eg_cli_finish_stdout(EG_EXIT_OK);
done:
    eg_graph_free(g);
    eg_cli_dicts_free(&a.dicts);
    return code;
}
