/*
 * dict_tsv: reading dictionary files (TSV) into an eg_dict: lines, the header row, cells, files and
 * directories. What a row means (validation, merging) is dict.c's business, reached through dict_load.h.
 *
 * Every public loader here is one atomic load: eg_dict_load_begin first, eg_dict_load_end with the status
 * last, so a failed file (or any failed file of a directory) leaves the dictionary as it was. The check
 * loaders (dict_check.h) are the exception: they report a bad row or file through their hooks, skip it and
 * go on, keeping the good rows.
 *
 * Speed: a text is counted first (lines, '|', non-empty cells) so that the dictionary's arrays and tables are
 * made once at about their final size, and a file is read into one buffer of its size.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dict_check.h"
#include "dict_load.h"
#include "error.h"

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

static size_t count_byte(const char *s, size_t n, char c)
{
    size_t k = 0;
    for (const char *p = s, *end = s + n; (p = memchr(p, c, (size_t)(end - p))) != NULL; p++)
        k++;
    return k;
}

/* Non-empty cells after a tab in s[0..n): a tab followed by a byte other than a tab or a line end. */
static size_t count_later_cells(const char *s, size_t n)
{
    size_t k = 0;
    for (const char *p = s, *end = s + n; (p = memchr(p, '\t', (size_t)(end - p))) != NULL;) {
        p++;
        k += p < end && *p != '\t' && *p != '\n' && *p != '\r';
    }
    return k;
}

typedef struct header {
    size_t n_cols;
    int fixed[DICT_N_COLS]; /* column of each fixed kind, or -1 */
    int *attr_col;          /* column of each x- attribute */
    size_t n_attrs;
    const char **attr_names; /* in the arena */
} header;

static eg_status parse_header(dict_load *L, const dict_where *w, const char *line, size_t n, header *h)
{
    eg_error *err = L->err;
    size_t n_cols = 1;
    for (size_t i = 0; i < n; i++)
        n_cols += line[i] == '\t';
    h->n_cols = n_cols;
    for (int k = 0; k < DICT_N_COLS; k++)
        h->fixed[k] = -1;
    if (!(h->attr_col = eg_malloc(n_cols * sizeof *h->attr_col)) ||
        !(h->attr_names = eg_dict_alloc(L->dict, n_cols * sizeof *h->attr_names, sizeof *h->attr_names)))
        return eg_error_nomem(err);

    const char *p = line, *end = line + n;
    for (size_t col = 0; col < n_cols; col++) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        size_t len = (size_t)((tab ? tab : end) - p);
        int k = 0;
        while (k < DICT_N_COLS &&
               !(strlen(eg_dict_col_names[k]) == len && memcmp(eg_dict_col_names[k], p, len) == 0))
            k++;
        if (len == 0)
            return eg_dict_fail(w, p, EG_ERR_PARSE, err, "empty column name");
        if (k < DICT_N_COLS) {
            if (h->fixed[k] >= 0)
                return eg_dict_fail(w, p, EG_ERR_PARSE, err, "duplicate column \"%s\"", eg_dict_col_names[k]);
            h->fixed[k] = (int)col;
        } else if (len >= 2 && memcmp(p, "x-", 2) == 0) {
            if (len == 2)
                return eg_dict_fail(w, p, EG_ERR_PARSE, err, "column \"x-\" needs a NAME after \"x-\"");
            for (size_t a = 0; a < h->n_attrs; a++)
                if (strlen(h->attr_names[a]) == len - 2 && memcmp(h->attr_names[a], p + 2, len - 2) == 0)
                    return eg_dict_fail(w, p, EG_ERR_PARSE, err, "duplicate column \"%.*s\"", (int)len, p);
            if (!(h->attr_names[h->n_attrs] = eg_dict_strndup(L->dict, p + 2, len - 2)))
                return eg_error_nomem(err);
            h->attr_col[h->n_attrs++] = (int)col;
        } else {
            return eg_dict_fail(
                w, p, EG_ERR_PARSE, err,
                "unknown column \"%.*s\" (allowed: id, type, name, aliases, exact, short, country, "
                "wikidata, roles, or x-NAME)",
                (int)len, p);
        }
        p = tab ? tab + 1 : end;
    }
    for (int k = DICT_COL_ID; k <= DICT_COL_NAME; k++)
        if (h->fixed[k] < 0)
            return eg_dict_fail(w, NULL, EG_ERR_PARSE, err, "missing required column \"%s\"",
                                eg_dict_col_names[k]);
    return EG_OK;
}

/* Check mode: reports the failed row or line (st, described by L->err) and undoes it; returns EG_OK to go
 * on, or st when it is not the row's fault (out of memory). Outside check mode returns st. */
static eg_status skip_row(dict_load *L, eg_status st)
{
    if (!L->hooks || st == EG_ERR_NOMEM)
        return st;
    if (L->hooks->skipped)
        L->hooks->skipped(L->hooks->ctx, L->err);
    eg_error_clear(L->err);
    eg_dict_load_mark(L, st);
    return EG_OK;
}

/* Check mode: a row that loaded. Keeps it, and reports it when it added to an entity defined before. */
static void row_done(dict_load *L, const dict_where *w, const dict_row *r, size_t n_before)
{
    if (!L->hooks)
        return;
    eg_dict_load_mark(L, EG_OK);
    dict_cell id = r->c[DICT_COL_ID];
    if (eg_dict_n_defined(L->dict) == n_before && L->hooks->repeated) {
        int64_t e = eg_dict_find_n(L->dict, id.p, id.n);
        eg_error at;
        eg_dict_fail(w, id.p, EG_OK, &at, "id repeated");
        if (e >= 0)
            L->hooks->repeated(L->hooks->ctx, &at, (uint32_t)e);
    }
}

/* Loads one TSV text into L's dictionary (no commit or rollback here). */
static eg_status load_tsv(dict_load *L, const char *name, const char *data, size_t len)
{
    eg_error *err = L->err;
    dict_where w = {name, NULL, 0, 0};
    header h = {0};
    dict_cell *cells = NULL, *attrs = NULL;
    eg_status st = EG_OK;
    bool have_header = false;
    size_t pos = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

    /* Room made at once for a row a line and for the aliases: each non-empty cell after the first two of a
     * row (the name and alias lists, but also country, wikidata, ... cells) and each '|' may add one. Growing
     * to it row by row would copy the arrays and rehash the tables at every doubling. */
    size_t n_lines = count_byte(data, len, '\n') + 1, n_bars = count_byte(data, len, '|');
    size_t n_later = count_later_cells(data, len), n_aliases = n_bars + n_later;
    n_aliases = n_aliases > n_lines * 2 ? n_aliases - n_lines : n_lines;
    /* Only a hint: when the room cannot be had (lines mostly blank, say), the rows grow the arrays as needed. */
    (void)eg_dict_reserve(L->dict, n_lines, n_aliases);

    while (pos < len) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        w.line = line;
        w.line_no++;
        w.line_offset = pos;
        pos += n + (nl != NULL);
        if (n && line[n - 1] == '\r')
            n--;
        if (n == 0 || line[0] == '#' || is_blank(line, n))
            continue;
        if ((st = eg_dict_check_text(&w, line, n, NULL, err))) {
            if (!have_header || (st = skip_row(L, st)))
                goto done;
            continue;
        }
        if (!have_header) {
            if ((st = parse_header(L, &w, line, n, &h)))
                goto done;
            if (!(cells = eg_malloc(h.n_cols * sizeof *cells)) ||
                !(attrs = eg_malloc((h.n_attrs ? h.n_attrs : 1) * sizeof *attrs))) {
                st = eg_error_nomem(err);
                goto done;
            }
            have_header = true;
            if (L->hooks)
                eg_dict_load_mark(L, EG_OK); /* the header's names stay, whatever the rows do */
            continue;
        }

        const char *p = line, *end = line + n;
        size_t n_cells = 0;
        bool too_many = false;
        for (;;) {
            const char *tab = memchr(p, '\t', (size_t)(end - p));
            if (n_cells == h.n_cols) {
                size_t total = n_cells + 1;
                for (const char *q = p; (q = memchr(q, '\t', (size_t)(end - q))) != NULL; q++)
                    total++;
                st = eg_dict_fail(&w, p, EG_ERR_PARSE, err, "%zu cells, but the header has %zu columns",
                                  total, h.n_cols);
                too_many = true;
                break;
            }
            cells[n_cells++] = (dict_cell){p, (size_t)((tab ? tab : end) - p)};
            if (!tab)
                break;
            p = tab + 1;
        }
        if (too_many) {
            if ((st = skip_row(L, st)))
                goto done;
            continue;
        }
        for (size_t k = n_cells; k < h.n_cols; k++)
            cells[k] = (dict_cell){end, 0};
        dict_row r = {.n_attrs = h.n_attrs, .attr_names = h.attr_names, .attrs = attrs};
        for (int k = 0; k < DICT_N_COLS; k++)
            r.c[k] = h.fixed[k] >= 0 ? cells[h.fixed[k]] : (dict_cell){end, 0};
        for (size_t a = 0; a < h.n_attrs; a++)
            attrs[a] = cells[h.attr_col[a]];
        size_t n_before = eg_dict_n_defined(L->dict);
        if ((st = eg_dict_row_add(L, &w, &r))) {
            if ((st = skip_row(L, st)))
                goto done;
            continue;
        }
        row_done(L, &w, &r, n_before);
    }
    if (!have_header)
        st = eg_error_set(err, EG_ERR_PARSE, name, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                          "no header row (a first line naming the columns id, type, name, ...)");
done:
    free(h.attr_col);
    free(cells);
    free(attrs);
    return st;
}

eg_status eg_dict_load_buffer(eg_dict *d, const char *name, const char *data, size_t len, eg_error *err)
{
    dict_load L;
    eg_dict_load_begin(&L, d, err);
    eg_status st = EG_OK;
    if (!(L.def_path = eg_dict_strndup(d, name, strlen(name))))
        st = eg_error_nomem(err);
    else
        st = load_tsv(&L, name, data, len);
    return eg_dict_load_end(&L, st);
}

static eg_status read_file(const char *path, char **data, size_t *len, eg_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    eg_status st = EG_OK;
    *data = NULL;
    *len = 0;
    if (!f)
        return eg_error_io(err, path, "cannot open", errno);
    /* A regular file's size known, the buffer is made once (growing it copies and faults it in again). */
    struct stat sb;
    size_t hint = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 ? (size_t)sb.st_size : 0;
    for (;;) {
        if (n == cap) {
            if (eg_grow((void **)&buf, &cap, n + 65536 > hint + 1 ? n + 65536 : hint + 1, 1)) {
                st = eg_error_nomem(err);
                break;
            }
            eg_advise_huge(buf + n, cap - n);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                st = eg_error_io(err, path, "cannot read", errno);
            break;
        }
    }
    fclose(f);
    if (st) {
        free(buf);
        return st;
    }
    *data = buf;
    *len = n;
    return EG_OK;
}

/* Reads and loads one file into L (no commit or rollback here). */
static eg_status load_path(dict_load *L, const char *path)
{
    char *data;
    size_t len;
    eg_status st = read_file(path, &data, &len, L->err);
    if (st)
        return st;
    if (!(L->def_path = eg_dict_strndup(L->dict, path, strlen(path))))
        st = eg_error_nomem(L->err);
    else
        st = load_tsv(L, path, data, len);
    free(data);
    return st;
}

eg_status eg_dict_load_file(eg_dict *d, const char *path, eg_error *err)
{
    dict_load L;
    eg_dict_load_begin(&L, d, err);
    return eg_dict_load_end(&L, load_path(&L, path));
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the *.tsv files of dir into L in byte order of their names (no commit or rollback here). In check
 * mode a file that fails as a whole is reported and skipped. */
static eg_status load_dir(dict_load *L, const char *dir)
{
    char **names = NULL, *path = NULL;
    size_t n_names = 0, cap_names = 0;
    eg_status st = EG_OK;
    eg_error *err = L->err;

    DIR *dp = opendir(dir);
    if (!dp)
        return eg_error_io(err, dir, "cannot open directory", errno);
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(dp);
        if (!de) {
            if (errno)
                st = eg_error_io(err, dir, "cannot read directory", errno);
            break;
        }
        size_t n = strlen(de->d_name);
        if (de->d_name[0] == '.' || n <= 4 || strcmp(de->d_name + n - 4, ".tsv") != 0)
            continue;
        if (eg_grow((void **)&names, &cap_names, n_names + 1, sizeof *names) ||
            !(names[n_names] = eg_strdup(de->d_name))) {
            st = eg_error_nomem(err);
            break;
        }
        n_names++;
    }
    closedir(dp);
    if (st)
        goto done;
    eg_sort(names, n_names, sizeof *names, cmp_names);

    size_t dir_len = strlen(dir);
    const char *sep = dir_len && dir[dir_len - 1] == '/' ? "" : "/";
    for (size_t i = 0; i < n_names && !st; i++) {
        size_t size = dir_len + 1 + strlen(names[i]) + 1;
        if (!(path = eg_malloc(size))) {
            st = eg_error_nomem(err);
            break;
        }
        snprintf(path, size, "%s%s%s", dir, sep, names[i]);
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (st = load_path(L, path)))
            st = skip_row(L, st);
        free(path);
        path = NULL;
    }
done:
    for (size_t i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
    return st;
}

eg_status eg_dict_load_dir(eg_dict *d, const char *dir, eg_error *err)
{
    dict_load L;
    eg_dict_load_begin(&L, d, err);
    return eg_dict_load_end(&L, load_dir(&L, dir));
}

eg_status eg_dict_check_path(eg_dict *d, const char *path, const eg_dict_check_hooks *hooks, eg_error *err)
{
    dict_load L;
    struct stat sb;
    eg_dict_load_begin(&L, d, err);
    L.hooks = hooks;
    eg_status st = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode) ? load_dir(&L, path) : load_path(&L, path);
    if (st)
        st = skip_row(&L, st);
    return eg_dict_load_end(&L, st);
}
