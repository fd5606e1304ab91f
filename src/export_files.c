/*
 * export_files: the format list, the output directory, and the write-all-then-rename sequence. Every
 * output file is one row of formats_table; a format name may own several rows (csv: two tables).
 */
#include "export_files.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "export.h"
#include "outfile.h"

typedef eg_status (*writer_fn)(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced,
                               eg_error *err);

static eg_status write_graphml(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced,
                               eg_error *err)
{
    return eg_export_graphml(g, fp, n_replaced, err);
}

static eg_status write_gexf(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced, eg_error *err)
{
    return eg_export_gexf(g, fp, n_replaced, err);
}

static eg_status write_json(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced, eg_error *err)
{
    return eg_export_json_style(g, fp, style, n_replaced, err);
}

static eg_status write_nodes_csv(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced,
                                 eg_error *err)
{
    return eg_export_csv_nodes(g, fp, n_replaced, err);
}

static eg_status write_edges_csv(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced,
                                 eg_error *err)
{
    return eg_export_csv_edges(g, fp, n_replaced, err);
}

static eg_status write_dot(const eg_graph *g, FILE *fp, eg_json_style style, size_t *n_replaced, eg_error *err)
{
    return eg_export_dot(g, fp, n_replaced, err);
}

/* One output file. A format may have several (csv: nodes and edges). */
typedef struct format {
    const char *name;      /* as given in --format */
    const char *extension; /* file name after the stem ("-nodes.csv": a separate table, see the header) */
    writer_fn write;
} format;

static const format formats_table[] = {
    {"graphml", ".graphml", write_graphml},
    {"gexf", ".gexf", write_gexf},
    {"json", ".json", write_json},
    {"csv", "-nodes.csv", write_nodes_csv},
    {"csv", "-edges.csv", write_edges_csv},
    {"dot", ".dot", write_dot},
};

#define N_FORMATS (sizeof formats_table / sizeof formats_table[0])

/* Parses a comma-separated list into a set of format indices (in table order, each once). */
static eg_status parse_formats(const char *list, bool *chosen, eg_error *err)
{
    memset(chosen, 0, N_FORMATS * sizeof *chosen);
    const char *p = list;
    size_t n_chosen = 0;
    while (*p) {
        size_t len = strcspn(p, ",");
        bool found = false;
        for (size_t i = 0; i < N_FORMATS; i++) {
            if (strlen(formats_table[i].name) != len || strncmp(formats_table[i].name, p, len) != 0)
                continue;
            n_chosen += !chosen[i];
            chosen[i] = true;
            found = true;
        }
        if (!found) {
            char names[256] = "";
            for (size_t k = 0; k < N_FORMATS; k++) {
                if (k > 0 && strcmp(formats_table[k].name, formats_table[k - 1].name) == 0)
                    continue;
                strcat(names, k ? ", " : "");
                strcat(names, formats_table[k].name);
            }
            return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "unknown format '%.*s' (%s)", (int)len, p, names);
        }
        p += len;
        if (*p == ',')
            p++;
    }
    if (n_chosen == 0)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "no output format given");
    return EG_OK;
}

eg_status eg_export_check_formats(const char *formats, eg_error *err)
{
    bool chosen[N_FORMATS];
    return parse_formats(formats, chosen, err);
}

/* Makes dir if it does not exist (its parent must). */
static eg_status ensure_dir(const char *dir, eg_error *err)
{
    struct stat sb;
    if (stat(dir, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return EG_OK;
        return eg_error_set(err, EG_ERR_IO, dir, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "output path exists and is not a directory");
    }
    if (mkdir(dir, 0777) != 0)
        return eg_error_set(err, EG_ERR_IO, dir, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "cannot create output directory: %s", strerror(errno));
    return EG_OK;
}

/* The file name of one output: STEM + extension, except that the CSV tables are plain nodes.csv and
 * edges.csv when no basename was given. */
static void file_name(char *buf, size_t size, const char *stem, const eg_export_options *opts, const format *f)
{
    if (f->extension[0] == '-' && !(opts && opts->basename))
        snprintf(buf, size, "%s", f->extension + 1);
    else
        snprintf(buf, size, "%s%s", stem, f->extension);
}

/* The formats to write and what became of each; workers take the next index under the lock. */
typedef struct export_job {
    const eg_graph *g;
    eg_json_style style;
    const bool *chosen;
    eg_outfile *files;
    eg_status st[N_FORMATS];
    eg_error err[N_FORMATS];
    size_t n_replaced[N_FORMATS];
    size_t next;
    pthread_mutex_t mu;
} export_job;

/* Writes formats until none is left. Exporters only read the graph (no igraph call), so several may run
 * at once, each on its own file. */
static void *export_worker(void *arg)
{
    export_job *job = arg;
    for (;;) {
        pthread_mutex_lock(&job->mu);
        size_t i = job->next;
        while (i < N_FORMATS && !job->chosen[i])
            i++;
        job->next = i + 1;
        pthread_mutex_unlock(&job->mu);
        if (i >= N_FORMATS)
            return NULL;
        eg_error_clear(&job->err[i]);
        job->st[i] = formats_table[i].write(job->g, job->files[i].fp, job->style, &job->n_replaced[i], &job->err[i]);
        /* Waiting for the disk here overlaps it with the other formats' writing. */
        if (job->st[i] == EG_OK)
            job->st[i] = eg_outfile_sync(&job->files[i], &job->err[i]);
    }
}

/* Runs the writers of every chosen format: on threads - 1 helper threads and this one. A thread that
 * cannot start leaves its share to the others. */
static void run_writers(export_job *job, unsigned threads)
{
    pthread_t tids[N_FORMATS];
    size_t n_formats = 0, n_started = 0;
    for (size_t i = 0; i < N_FORMATS; i++)
        n_formats += job->chosen[i];
    size_t want = threads > 1 ? threads - 1 : 0;
    if (want > n_formats - 1)
        want = n_formats - 1;
    for (size_t t = 0; t < want; t++)
        if (pthread_create(&tids[n_started], NULL, export_worker, job) == 0)
            n_started++;
    export_worker(job);
    for (size_t t = 0; t < n_started; t++)
        pthread_join(tids[t], NULL);
}

eg_status eg_export_files(const eg_graph *g, const char *dir, const eg_export_options *opts,
                          eg_export_report *report, eg_error *err)
{
    const char *list = opts && opts->formats ? opts->formats : "graphml,json";
    const char *stem = opts && opts->basename ? opts->basename : "graph";
    bool chosen[N_FORMATS];
    eg_outfile files[N_FORMATS];
    export_job *job = NULL;

    memset(files, 0, sizeof files);
    memset(report, 0, sizeof *report);
    eg_status st = parse_formats(list, chosen, err);
    if (st == EG_OK)
        st = ensure_dir(dir, err);
    for (size_t i = 0; st == EG_OK && i < N_FORMATS; i++) {
        if (!chosen[i])
            continue;
        char name[64];
        file_name(name, sizeof name, stem, opts, &formats_table[i]);
        size_t n = strlen(dir) + strlen(name) + 2;
        char *path = eg_malloc(n);
        if (!path) {
            st = eg_error_nomem(err);
            break;
        }
        snprintf(path, n, "%s/%s", dir, name);
        st = eg_outfile_open(&files[i], path, err);
        free(path);
    }
    if (st == EG_OK && !(job = eg_calloc(1, sizeof *job)))
        st = eg_error_nomem(err);
    if (st == EG_OK) {
        *job = (export_job){.g = g, .style = opts ? opts->json_style : EG_JSON_NETWORKX, .chosen = chosen,
                            .files = files};
        pthread_mutex_init(&job->mu, NULL);
        run_writers(job, opts ? opts->threads : 1);
        pthread_mutex_destroy(&job->mu);
        /* The first failure in table order is reported, whichever thread met it first. */
        for (size_t i = 0; i < N_FORMATS; i++) {
            if (!chosen[i])
                continue;
            if (job->n_replaced[i] > report->n_replaced)
                report->n_replaced = job->n_replaced[i];
            if (job->st[i] != EG_OK && st == EG_OK) {
                if (err)
                    *err = job->err[i];
                st = eg_outfile_fail(&files[i], job->st[i], err);
            }
        }
    }
    free(job);
    /* Everything written: now rename them all into place. */
    for (size_t i = 0; st == EG_OK && i < N_FORMATS; i++) {
        if (!chosen[i])
            continue;
        if ((st = eg_outfile_commit(&files[i], err)) == EG_OK && report->n_files < 8)
            file_name(report->names[report->n_files++], sizeof report->names[0], stem, opts, &formats_table[i]);
    }
    for (size_t i = 0; i < N_FORMATS; i++)
        eg_outfile_abort(&files[i]);
    return st;
}

eg_status eg_export_parse_json_style(const char *name, eg_json_style *style, eg_error *err)
{
    static const char *const names[] = {
        [EG_JSON_NETWORKX] = "networkx",
        [EG_JSON_D3] = "d3",
        [EG_JSON_CYTOSCAPE] = "cytoscape",
        [EG_JSON_GRAPHOLOGY] = "graphology",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) {
            *style = (eg_json_style)i;
            return EG_OK;
        }
    return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                        "unknown JSON style '%s' (networkx, d3, cytoscape, graphology)", name);
}
