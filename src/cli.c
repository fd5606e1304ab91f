/*
 * cli: command dispatch, the options and helpers every command shares, and all printing of errors.
 */
#define _GNU_SOURCE /* getopt_long */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "cli_progress.h"
#include "dict_compiled.h"
#include "error.h"
#include "outfile.h"

static const char main_usage[] =
    "Usage: entgraph COMMAND [OPTIONS] ...\n"
    "\n"
    "Turns news text into a network of the entities mentioned together.\n"
    "\n"
    "Commands:\n"
    "  build     recognise entities in INPUT... and write the co-occurrence graph\n"
    "  merge     merge the partial results of 'build --partial' into the graph of all their inputs\n"
    "  extract   print every entity mention of INPUT... as JSON lines\n"
    "  discover  list the people of INPUT... that no dictionary knows, as a dictionary TSV\n"
    "  top       rank the entities of a graph by a centrality\n"
    "  why       print the example sentences that link two entities of a graph\n"
    "  neighbors list the entities linked to one entity, strongest first\n"
    "  path      show the strongest and the shortest path between two entities\n"
    "  communities  find communities of entities and their modularity\n"
    "  stats     summarise a graph: types, components, density, degrees\n"    "  render    draw a graph as an SVG picture\n"
    "  report    write a self-contained HTML report of INPUT... or a graph\n"
    "  dict      compile dictionaries into one file that loads at once, check them, count them\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help (or 'entgraph COMMAND --help')\n"
    "  -V, --version  show the version\n"
    "\n"
    "Exit codes: 0 success, 1 data or runtime error, 2 usage error, 130/143 interrupted.\n";

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"build", eg_cmd_build},
    {"merge", eg_cmd_merge},
    {"extract", eg_cmd_extract},
    {"discover", eg_cmd_discover},
    {"top", eg_cmd_top},
    {"why", eg_cmd_why},
    {"neighbors", eg_cmd_neighbors},
    {"path", eg_cmd_path},
    {"communities", eg_cmd_communities},
    {"stats", eg_cmd_stats},
    {"render", eg_cmd_render},
    {"report", eg_cmd_report},
    {"dict", eg_cmd_dict},
};

static void on_signal(int sig)
{
    eg_outfile_abort_all_signal_safe();
    signal(sig, SIG_DFL);
    _exit(128 + sig);
}

static void install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* A file size limit must fail the write (EFBIG), not kill the process before cleanup. */
    signal(SIGXFSZ, SIG_IGN);
}

/* igraph's PageRank (PRPACK) sums in OpenMP threads when igraph is built with OpenMP, as Debian's is, so the
 * last digits of the scores would change from run to run. One OpenMP thread makes every output
 * reproducible (and -j N byte-identical); entgraph's own workers do the parallel part. The symbol is weak:
 * without libgomp in the process there is nothing to pin. */
extern void omp_set_num_threads(int n) __attribute__((weak));

static void pin_openmp(void)
{
    if (omp_set_num_threads)
        omp_set_num_threads(1);
}

int eg_cli_main(int argc, char **argv)
{
    install_signal_handlers();
    pin_openmp();
    eg_heap_tune();
    if (argc < 2) {
        fputs(main_usage, stderr);
        return EG_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_usage, stdout);
        return eg_cli_finish_stdout(EG_EXIT_OK);
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("entgraph %s\n", EG_VERSION);
        return eg_cli_finish_stdout(EG_EXIT_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "entgraph: error: unknown command '%s'\nTry 'entgraph --help'.\n", cmd);
    return EG_EXIT_USAGE;
}

/* ---- messages ------------------------------------------------------------------------------------ */

int eg_cli_report(const eg_error *err)
{
    char buf[1200];
    eg_error_format(err, buf, sizeof buf);
    fprintf(stderr, "entgraph: error: %s\n", buf);
    return err->status == EG_ERR_USAGE ? EG_EXIT_USAGE : EG_EXIT_ERROR;
}

int eg_cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("entgraph: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EG_EXIT_ERROR;
}

int eg_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "entgraph: error: %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'entgraph %s --help'.\n", cmd);
    va_end(ap);
    return EG_EXIT_USAGE;
}

void eg_cli_warn(const eg_error *w)
{
    char buf[1200];
    eg_error_format(w, buf, sizeof buf);
    eg_cli_progress_clear_shown(); /* a warning starts a line of its own */
    fprintf(stderr, "entgraph: warning: %s\n", buf);
}

void eg_cli_warn_cb(void *ctx, const eg_error *w)
{
    (void)ctx;
    eg_cli_warn(w);
}

int eg_cli_bad_option(const char *cmd, int opt, char *const *argv)
{
    const char *arg = argv[optind - 1];
    if (opt == ':')
        return eg_cli_usage_error(cmd, "option '%s' needs a value", arg);
    if (optopt && optopt != '?')
        return eg_cli_usage_error(cmd, "unknown option '-%c'", optopt);
    return eg_cli_usage_error(cmd, "unknown option '%s'", arg);
}

int eg_cli_parse_size(const char *cmd, const char *opt, const char *value, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (!*value || *end || errno || value[0] == '-')
        return eg_cli_usage_error(cmd, "%s needs a non-negative whole number, not '%s'", opt, value);
    *out = (size_t)v;
    return EG_EXIT_OK;
}

int eg_cli_parse_threads(const char *cmd, const char *value, size_t *out)
{
    if (eg_cli_parse_size(cmd, "--threads", value, out) != EG_EXIT_OK)
        return EG_EXIT_USAGE;
    if (*out == 0 || *out > 1024)
        return eg_cli_usage_error(cmd, "--threads must be between 1 and 1024, not '%s'", value);
    return EG_EXIT_OK;
}

int eg_cli_finish_stdout(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno == EPIPE)
            return code; /* the reader went away: nothing more to say */
        fprintf(stderr, "entgraph: error: writing to standard output: %s\n", strerror(errno));
        return EG_EXIT_ERROR;
    }
    return code;
}

/* ---- dictionaries -------------------------------------------------------------------------------- */

int eg_cli_dicts_add(eg_cli_dicts *d, const char *path)
{
    const char **p = realloc(d->paths, (d->n_paths + 1) * sizeof *p);
    if (!p)
        return eg_cli_fail("out of memory");
    d->paths = p;
    d->paths[d->n_paths++] = path;
    return EG_EXIT_OK;
}

void eg_cli_dicts_free(eg_cli_dicts *d)
{
    free(d->paths);
    d->paths = NULL;
    d->n_paths = 0;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The shipped dictionaries: $ENTGRAPH_DICT_DIR, else next to an installed binary
 * (BIN/../share/entgraph/dictionaries), else the source tree the binary was built from. */
static const char *default_dict_dir(char *buf, size_t size)
{
    const char *env = getenv("ENTGRAPH_DICT_DIR");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, size, "%s/../share/entgraph/dictionaries", exe);
            if (is_dir(buf))
                return buf;
        }
    }
    return EG_DEFAULT_DICT_DIR;
}

const char *eg_cli_shipped_dicts(char *buf, size_t size)
{
    return default_dict_dir(buf, size);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int eg_cli_dicts_load(const eg_cli_dicts *d, eg_dict **dict, eg_matcher **matcher, double ms[2])
{
    eg_error err;
    eg_error_clear(&err);
    /* Without matcher the caller wants the entities only (merge): no automaton is built. */
    eg_matcher *unwanted = NULL, **m = matcher ? matcher : &unwanted;
    *dict = NULL;
    *m = NULL;
    double t0 = now_ms(), t1;
    eg_status st = EG_OK;
    /* A compiled dictionary (found by its magic, whatever its name) is the run's only dictionary. */
    const char *egd = NULL;
    for (size_t i = 0; i < d->n_paths && !egd; i++)
        if (!is_dir(d->paths[i]) && eg_dict_compiled_sniff(d->paths[i]))
            egd = d->paths[i];
    if (egd && d->n_paths > 1) {
        eg_error_set(&err, EG_ERR_USAGE, egd, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                     "a compiled dictionary must be the only -d (compile the others into it with "
                     "'entgraph dict compile')");
        return eg_cli_report(&err);
    }
    if (egd) {
        st = eg_dict_compiled_load(egd, dict, m, &err);
        t1 = now_ms();
    } else {
        if (!(*dict = eg_dict_new()))
            return eg_cli_fail("out of memory");
        if (!d->no_default) {
            char buf[PATH_MAX + 64];
            const char *dir = default_dict_dir(buf, sizeof buf);
            if (!is_dir(dir)) {
                eg_dict_free(*dict);
                *dict = NULL;
                return eg_cli_fail("%s: the shipped dictionaries are missing (set ENTGRAPH_DICT_DIR, or use "
                                   "--no-default-dicts with -d FILE)", dir);
            }
            st = eg_dict_load_dir(*dict, dir, &err);
        }
        for (size_t i = 0; st == EG_OK && i < d->n_paths; i++)
            st = is_dir(d->paths[i]) ? eg_dict_load_dir(*dict, d->paths[i], &err)
                                     : eg_dict_load_file(*dict, d->paths[i], &err);
        t1 = now_ms();
    }
    if (st == EG_OK && eg_dict_n_entities(*dict) == 0)
        st = eg_error_set(&err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                          "no dictionary entries: give -d FILE or drop --no-default-dicts");
    if (st == EG_OK && matcher && !*m)
        st = eg_matcher_new(*dict, m, &err);
    if (ms) {
        ms[0] = t1 - t0;
        ms[1] = egd ? 0 : now_ms() - t1;
    }
    if (st != EG_OK) {
        eg_matcher_free(*m);
        eg_dict_free(*dict);
        *m = NULL;
        *dict = NULL;
        return eg_cli_report(&err);
    }
    eg_matcher_free(unwanted);
    return EG_EXIT_OK;
}

int eg_cli_recognizer_load(const eg_cli_dicts *d, eg_cli_recognizer *r)
{
    eg_error err;
    eg_error_clear(&err);
    memset(r, 0, sizeof *r);
    int code = eg_cli_dicts_load(d, &r->dict, &r->matcher, NULL);
    if (code != EG_EXIT_OK)
        return code;
    eg_status st = eg_pipeline_new(r->dict, r->matcher, &r->pipeline, &err);
    if (st == EG_OK && !d->no_discover) {
        char buf[PATH_MAX + 64], path[PATH_MAX + 96];
        snprintf(path, sizeof path, "%s/lexicon/names.txt", default_dict_dir(buf, sizeof buf));
        if (access(path, R_OK) == 0 && (st = eg_lexicon_load_file(path, &r->lexicon, &err)) == EG_OK)
            st = eg_lexicon_add_dict_people(r->lexicon, r->dict, &err);
        if (st == EG_OK)
            eg_pipeline_set_discovery(r->pipeline, r->lexicon);
    }
    if (st != EG_OK) {
        eg_cli_recognizer_free(r);
        return eg_cli_report(&err);
    }
    return EG_EXIT_OK;
}

void eg_cli_recognizer_drop_matcher(eg_cli_recognizer *r)
{
    eg_pipeline_free(r->pipeline);
    eg_matcher_free(r->matcher);
    eg_lexicon_free(r->lexicon);
    r->pipeline = NULL;
    r->matcher = NULL;
    r->lexicon = NULL;
}

void eg_cli_recognizer_free(eg_cli_recognizer *r)
{
    eg_cli_recognizer_drop_matcher(r);
    eg_dict_free(r->dict);
    memset(r, 0, sizeof *r);
}

/* ---- tables -------------------------------------------------------------------------------------- */

size_t eg_cli_display_width(const char *s)
{
    size_t w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0) {
            w++;
            p++;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        p += n;
    }
    return w;
}

void eg_cli_print_cell(FILE *fp, const char *s, size_t width, bool right_align)
{
    size_t w = eg_cli_display_width(s);
    if (w <= width) {
        if (right_align)
            fprintf(fp, "%*s%s", (int)(width - w), "", s);
        else
            fprintf(fp, "%s%*s", s, (int)(width - w), "");
        return;
    }
    /* Cut at a character boundary so the cell plus "…" fits. */
    size_t used = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0)
            n = 1, cp = '?';
        int cw = utf8proc_charwidth(cp);
        size_t c = cw > 0 ? (size_t)cw : 0;
        if (used + c + 1 > width)
            break;
        fwrite(p, 1, (size_t)n, fp);
        used += c;
        p += n;
    }
    fputs("…", fp);
    used++;
    for (; used < width; used++)
        fputc(' ', fp);
}
