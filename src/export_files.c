/*
 * export_files: the format list, the output directory, and the write-all-then-rename sequence. Every
 * output file is one row of formats_table; a format name may own several rows (csv: two tables).
 */
#include "export_files.h"

#include <errno.h>
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

eg_status eg_export_files(const eg_graph *g, const char *dir, const eg_export_options *opts,
                          eg_export_report *report, eg_error *err)
{
    const char *list = opts && opts->formats ? opts->formats : "graphml,json";
    const char *stem = opts && opts->basename ? opts->basename : "graph";
    eg_json_style style = opts ? opts->json_style : EG_JSON_NETWORKX;
    bool chosen[N_FORMATS];
    eg_outfile files[N_FORMATS];
    memset(files, 0, sizeof files);
    memset(report, 0, sizeof *report);
    eg_status st = parse_formats(list, chosen, err);
    if (st == EG_OK)
        st = ensure_dir(dir, err);
    for (size_t i = 0; st == EG_OK && i < N_FORMATS; i++) {
        if (!chosen[i])
            continue;
        char name[64];
        size_t n_replaced = 0;
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
        if (st == EG_OK && (st = formats_table[i].write(g, files[i].fp, style, &n_replaced, err)) != EG_OK)
            st = eg_outfile_fail(&files[i], st, err);
        if (n_replaced > report->n_replaced)
            report->n_replaced = n_replaced;
    }
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
