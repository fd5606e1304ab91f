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

typedef eg_status (*writer_fn)(const eg_graph *g, FILE *fp, eg_json_style style, eg_export_part part,
                               size_t *n_replaced, eg_error *err);

static eg_status write_graphml(const eg_graph *g, FILE *fp, eg_json_style style, eg_export_part part,
                               size_t *n_replaced, eg_error *err)
{
    return eg_export_graphml_part(g, fp, part, n_replaced, err);
}

static eg_status write_gexf(const eg_graph *g, FILE *fp, eg_json_style style, eg_export_part part,
                            size_t *n_replaced, eg_error *err)
{
    return eg_export_gexf_part(g, fp, part, n_replaced, err);
}

static eg_status write_json(const eg_graph *g, FILE *fp, eg_json_style style, eg_export_part part,
                            size_t *n_replaced, eg_error *err)
{
    return eg_export_json_part(g, fp, style, part, n_replaced, err);
}

static eg_status write_nodes_csv(const eg_graph *g, FILE *fp, eg_json_style style, eg_export_part part,
                                 size_t *n_replaced, eg_error *err)
{
    return eg_export_csv_nodes(g, fp, n_replaced, err); /* one part only (format.parts) */
}

static eg_status write_edges_csv(const eg_graph *g, FILE *fp, eg_json_style style, eg_export_part part,
                                 size_t *n_replaced, eg_error *err)
{
    return eg_export_csv_edges_part(g, fp, part, n_replaced, err);
}

static eg_status write_dot(const eg_graph *g, FILE *fp, eg_json_style style, eg_export_part part,
                           size_t *n_replaced, eg_error *err)
{
    return eg_export_dot_part(g, fp, part, n_replaced, err);
}

/* One output file. A format may have several (csv: nodes and edges). */
typedef struct format {
    const char *name;      /* as given in --format */
    const char *extension; /* file name after the stem ("-nodes.csv": a separate table, see the header) */
    writer_fn write;
    bool parts;            /* the writer can write the file in parts (export.h) */
} format;

static const format formats_table[] = {
    {"graphml", ".graphml", write_graphml, true},
    {"gexf", ".gexf", write_gexf, true},
    {"json", ".json", write_json, true},
    {"csv", "-nodes.csv", write_nodes_csv, false},
    {"csv", "-edges.csv", write_edges_csv, true},
    {"dot", ".dot", write_dot, true},
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

/* One part of one file to write (export.h); a later part (index > 0) goes to a scratch file of its own
 * that is appended to the file when every part is written. */
typedef struct export_task {
    size_t format;
    eg_export_part part;
    eg_outfile scratch; /* for index > 0 */
    eg_status st;
    eg_error err;
    size_t n_replaced;
} export_task;

/* The files to write, as tasks; workers take the next task under the lock, and the worker that finishes a
 * file's last part puts the file together. */
typedef struct export_job {
    const eg_graph *g;
    eg_json_style style;
    eg_outfile *files;
    export_task *tasks;
    size_t n_tasks, next;
    size_t first_task[N_FORMATS], n_parts[N_FORMATS];
    size_t left[N_FORMATS]; /* parts not yet written */
    eg_status st[N_FORMATS];
    eg_error err[N_FORMATS];
    size_t n_replaced[N_FORMATS];
    pthread_mutex_t mu;
} export_job;

/* Writes one task's part: the first into the file itself, the others into scratch files beside it. */
static void write_task(export_job *job, export_task *t)
{
    eg_outfile *file = &job->files[t->format];
    eg_error_clear(&t->err);
    if (t->part.index > 0 && (t->st = eg_outfile_open(&t->scratch, file->path, &t->err)) != EG_OK)
        return;
    FILE *fp = t->part.index > 0 ? t->scratch.fp : file->fp;
    t->st = formats_table[t->format].write(job->g, fp, job->style, t->part, &t->n_replaced, &t->err);
    if (t->st != EG_OK && t->part.index > 0)
        t->st = eg_outfile_fail(&t->scratch, t->st, &t->err); /* names the file in an I/O error */
}

/* Once every part of format f is written: the first failure in part order, or the parts appended to the
 * file in order and the file synced. The scratch files are removed either way. */
static void finish_file(export_job *job, size_t f)
{
    export_task *tasks = job->tasks + job->first_task[f];
    eg_outfile *file = &job->files[f];
    job->st[f] = EG_OK;
    job->n_replaced[f] = 0;
    for (size_t k = 0; k < job->n_parts[f] && job->st[f] == EG_OK; k++) {
        job->st[f] = tasks[k].st;
        job->err[f] = tasks[k].err;
        job->n_replaced[f] += tasks[k].n_replaced;
    }
    for (size_t k = 1; k < job->n_parts[f] && job->st[f] == EG_OK; k++)
        job->st[f] = eg_outfile_append(file, &tasks[k].scratch, &job->err[f]);
    for (size_t k = 1; k < job->n_parts[f]; k++)
        eg_outfile_abort(&tasks[k].scratch);
    if (job->st[f] != EG_OK)
        return;
    /* A thread with nothing left to write waits for the disk here, while the others still write; one with
     * more work only starts the disk on this file (the commit's fsync waits for the rest). */
    pthread_mutex_lock(&job->mu);
    bool more = job->next < job->n_tasks;
    pthread_mutex_unlock(&job->mu);
    if (more)
        eg_file_start_writeback(file->fp);
    else
        job->st[f] = eg_outfile_sync(file, &job->err[f]);
}

/* Writes parts until none is left. Exporters only read the graph (no igraph call), so several may run at
 * once, each on a file of its own. */
static void *export_worker(void *arg)
{
    export_job *job = arg;
    for (;;) {
        pthread_mutex_lock(&job->mu);
        size_t i = job->next < job->n_tasks ? job->next++ : job->n_tasks;
        pthread_mutex_unlock(&job->mu);
        if (i >= job->n_tasks)
            return NULL;
        export_task *t = &job->tasks[i];
        write_task(job, t);
        /* The lock also hands the other parts' results to the thread that finishes the file. */
        pthread_mutex_lock(&job->mu);
        bool last = --job->left[t->format] == 0;
        pthread_mutex_unlock(&job->mu);
        if (last)
            finish_file(job, t->format);
    }
}

/* Runs the tasks: on threads - 1 helper threads and this one. A thread that cannot start leaves its share
 * to the others. */
static void run_writers(export_job *job, unsigned threads)
{
    pthread_t tids[EG_EXPORT_MAX_THREADS];
    size_t n_started = 0;
    size_t want = threads > 1 ? threads - 1 : 0;
    if (want > EG_EXPORT_MAX_THREADS)
        want = EG_EXPORT_MAX_THREADS;
    if (want > job->n_tasks - 1)
        want = job->n_tasks - 1;
    for (size_t t = 0; t < want; t++)
        if (pthread_create(&tids[n_started], NULL, export_worker, job) == 0)
            n_started++;
    export_worker(job);
    for (size_t t = 0; t < n_started; t++)
        pthread_join(tids[t], NULL);
}

/* The number of parts to write format f in, when n_files files are written: enough that every thread has a
 * part to write (two threads and two files: one part each), for a file that can be written in parts and
 * has enough edges to share; else one. */
static size_t parts_of(const format *f, const eg_graph *g, const eg_export_options *opts, size_t n_files)
{
    size_t threads = opts && opts->threads > 1 ? opts->threads : 1;
    size_t min_edges = opts && opts->part_edges ? opts->part_edges : EG_EXPORT_PART_EDGES;
    size_t n = (threads + n_files - 1) / n_files, most = g->edges.n_rows / min_edges;
    if (!f->parts || n < 2 || most < 2)
        return 1;
    if (n > most)
        n = most;
    return n > EG_EXPORT_MAX_THREADS ? EG_EXPORT_MAX_THREADS : n;
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
        *job = (export_job){.g = g, .style = opts ? opts->json_style : EG_JSON_NETWORKX, .files = files};
        size_t n_files = 0;
        for (size_t i = 0; i < N_FORMATS; i++)
            n_files += chosen[i];
        for (size_t i = 0; i < N_FORMATS; i++)
            if (chosen[i]) {
                job->first_task[i] = job->n_tasks;
                job->left[i] = job->n_parts[i] = parts_of(&formats_table[i], g, opts, n_files);
                job->n_tasks += job->n_parts[i];
            }
        if (!(job->tasks = eg_calloc(job->n_tasks, sizeof *job->tasks)))
            st = eg_error_nomem(err);
    }
    if (st == EG_OK) {
        /* In file order: the first file's parts first, so that the files are finished one after another. */
        for (size_t i = 0; i < N_FORMATS; i++)
            for (size_t k = 0; chosen[i] && k < job->n_parts[i]; k++)
                job->tasks[job->first_task[i] + k] =
                    (export_task){.format = i, .part = {.index = k, .count = job->n_parts[i], .scratch = k > 0}};
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
    if (job)
        free(job->tasks);
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
