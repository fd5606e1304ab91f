/*
 * export_files: the format list, the output directory, and the write-all-then-rename sequence.
 */
#include "export_files.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "export.h"
#include "outfile.h"

typedef eg_status (*writer_fn)(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err);

static eg_status write_json(const eg_graph *g, FILE *fp, size_t *n_replaced, eg_error *err)
{
    (void)n_replaced;
    return eg_export_json(g, fp, err);
}

typedef struct format {
    const char *name;      /* as given in --format */
    const char *extension; /* file name after the stem */
    writer_fn write;
} format;

static const format formats_table[] = {
    {"graphml", ".graphml", eg_export_graphml},
    {"json", ".json", write_json},
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
        size_t i = 0;
        for (; i < N_FORMATS; i++)
            if (strlen(formats_table[i].name) == len && strncmp(formats_table[i].name, p, len) == 0)
                break;
        if (i == N_FORMATS) {
            char names[256] = "";
            for (size_t k = 0; k < N_FORMATS; k++) {
                strcat(names, k ? ", " : "");
                strcat(names, formats_table[k].name);
            }
            return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "unknown format '%.*s' (%s)", (int)len, p, names);
        }
        n_chosen += !chosen[i];
        chosen[i] = true;
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

eg_status eg_export_files(const eg_graph *g, const char *dir, const eg_export_options *opts,
                          eg_export_report *report, eg_error *err)
{
    const char *list = opts && opts->formats ? opts->formats : "graphml,json";
    const char *stem = opts && opts->basename ? opts->basename : "graph";
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
        size_t n = strlen(dir) + strlen(stem) + strlen(formats_table[i].extension) + 2;
        char *path = eg_malloc(n);
        if (!path) {
            st = eg_error_nomem(err);
            break;
        }
        snprintf(path, n, "%s/%s%s", dir, stem, formats_table[i].extension);
        st = eg_outfile_open(&files[i], path, err);
        free(path);
        if (st == EG_OK && (st = formats_table[i].write(g, files[i].fp, &report->n_replaced, err)) != EG_OK)
            st = eg_outfile_fail(&files[i], st, err);
    }
    /* Everything written: now rename them all into place. */
    for (size_t i = 0; st == EG_OK && i < N_FORMATS; i++) {
        if (!chosen[i])
            continue;
        if ((st = eg_outfile_commit(&files[i], err)) == EG_OK && report->n_files < 8) {
            snprintf(report->names[report->n_files++], sizeof report->names[0], "%s%s", stem,
                     formats_table[i].extension);
        }
    }
    for (size_t i = 0; i < N_FORMATS; i++)
        eg_outfile_abort(&files[i]);
    return st;
}
