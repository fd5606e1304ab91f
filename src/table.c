/*
 * table: typed attribute columns. Rows grow in step across all columns; a column added later gets empty
 * values for the rows that already exist.
 */
#include "table.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

void eg_table_init(eg_table *t)
{
    memset(t, 0, sizeof *t);
}

static size_t value_size(eg_attr_type type)
{
    switch (type) {
    case EG_ATTR_STRING:
    case EG_ATTR_JSON: return sizeof(char *);
    case EG_ATTR_INT: return sizeof(int64_t);
    case EG_ATTR_DOUBLE: return sizeof(double);
    case EG_ATTR_BOOL: return sizeof(uint8_t);
    }
    return sizeof(int64_t);
}

/* Does c hold a string pointer per row (not numbers, not a deferred column's keys)? */
static bool holds_strings(const eg_column *c)
{
    return (c->type == EG_ATTR_STRING || c->type == EG_ATTR_JSON) && !c->source;
}

static void column_destroy(eg_column *c, size_t n_rows)
{
    if (c->source && c->source->ctx_free)
        c->source->ctx_free(c->source_ctx);
    if (holds_strings(c) && c->v.s) {
        for (size_t r = 0; r < n_rows; r++)
            free(c->v.s[r]);
    }
    free(c->v.s); /* any member: they alias the same pointer */
    free(c->present);
    free(c->name);
}

void eg_table_destroy(eg_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_cols; i++)
        column_destroy(&t->cols[i], t->n_rows);
    free(t->cols);
    eg_table_init(t);
}

long eg_table_find(const eg_table *t, const char *name)
{
    for (size_t i = 0; i < t->n_cols; i++)
        if (strcmp(t->cols[i].name, name) == 0)
            return (long)i;
    return -1;
}

static eg_status add_column(eg_table *t, const char *name, eg_attr_type type, bool sparse, size_t *index,
                            eg_error *err)
{
    long found = eg_table_find(t, name);
    if (found >= 0) {
        if (t->cols[found].type != type)
            return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                "attribute \"%s\" exists as %s, not %s", name,
                                eg_attr_type_name(t->cols[found].type), eg_attr_type_name(type));
        if (index)
            *index = (size_t)found;
        return EG_OK;
    }
    if (eg_grow((void **)&t->cols, &t->cap_cols, t->n_cols + 1, sizeof *t->cols) != EG_OK)
        return eg_error_nomem(err);
    eg_column c = {0};
    c.type = type;
    c.name = eg_strdup(name);
    c.v.s = eg_calloc(t->cap_rows ? t->cap_rows : 1, value_size(type));
    if (sparse)
        c.present = eg_calloc(t->cap_rows ? t->cap_rows : 1, 1);
    if (!c.name || !c.v.s || (sparse && !c.present)) {
        free(c.name);
        free(c.v.s);
        free(c.present);
        return eg_error_nomem(err);
    }
    t->cols[t->n_cols] = c;
    if (index)
        *index = t->n_cols;
    t->n_cols++;
    return EG_OK;
}

eg_status eg_table_add_column_deferred(eg_table *t, const char *name, eg_attr_type type,
                                       const eg_cell_source *source, void *ctx, size_t *index, eg_error *err)
{
    size_t col;
    assert(type == EG_ATTR_STRING || type == EG_ATTR_JSON);
    eg_status st = eg_table_find(t, name) >= 0
                       ? eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                      "attribute \"%s\" exists", name)
                       : add_column(t, name, type, false, &col, err);
    if (st) {
        if (source->ctx_free)
            source->ctx_free(ctx);
        return st;
    }
    t->cols[col].source = source;
    t->cols[col].source_ctx = ctx;
    if (index)
        *index = col;
    return EG_OK;
}

void eg_table_set_key(eg_table *t, size_t col, size_t row, uint64_t key)
{
    assert(t->cols[col].source);
    if (t->cols[col].source) /* other columns hold strings or numbers */
        t->cols[col].v.key[row] = key;
}

void eg_cell_reader_init(eg_cell_reader *r)
{
    *r = (eg_cell_reader){0};
}

void eg_cell_reader_destroy(eg_cell_reader *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->slots[i].scratch)
            r->slots[i].source->scratch_free(r->slots[i].scratch);
    free(r->slots);
    eg_cell_reader_init(r);
}

eg_status eg_table_cell_text(const eg_table *t, size_t col, size_t row, eg_cell_reader *r, const char **text,
                             size_t *len, eg_error *err)
{
    const eg_column *c = &t->cols[col];
    assert(c->type == EG_ATTR_STRING || c->type == EG_ATTR_JSON);
    if (!c->source) {
        *text = c->v.s[row];
        *len = strlen(*text);
        return EG_OK;
    }
    size_t i = 0;
    while (i < r->n && !(r->slots[i].table == t && r->slots[i].col == col && r->slots[i].source == c->source))
        i++;
    if (i == r->n) {
        if (eg_grow((void **)&r->slots, &r->cap, r->n + 1, sizeof *r->slots))
            return eg_error_nomem(err);
        r->slots[r->n++] = (struct eg_cell_scratch){t, col, c->source, NULL};
    }
    return c->source->render(c->source_ctx, &r->slots[i].scratch, c->v.key[row], text, len, err);
}

eg_status eg_table_add_column(eg_table *t, const char *name, eg_attr_type type, size_t *index, eg_error *err)
{
    return add_column(t, name, type, false, index, err);
}

eg_status eg_table_add_column_sparse(eg_table *t, const char *name, eg_attr_type type, size_t *index,
                                     eg_error *err)
{
    return add_column(t, name, type, true, index, err);
}

eg_status eg_table_add_rows(eg_table *t, size_t n, eg_error *err)
{
    size_t need = t->n_rows + n;
    if (need > t->cap_rows) {
        size_t ncap = t->cap_rows ? t->cap_rows : 16;
        while (ncap < need)
            ncap *= 2;
        /* Grow every column; a failure part-way leaves the grown ones larger, which is harmless. The room
         * past the new rows is left untouched: a large column is mapped, and pages never written take no
         * memory, which is up to half of a doubled column. */
        for (size_t i = 0; i < t->n_cols; i++) {
            eg_column *c = &t->cols[i];
            void *p = eg_realloc(c->v.s, ncap * value_size(c->type));
            if (!p)
                return eg_error_nomem(err);
            c->v.s = p;
            if (c->present) {
                uint8_t *q = eg_realloc(c->present, ncap);
                if (!q)
                    return eg_error_nomem(err);
                c->present = q;
            }
        }
        t->cap_rows = ncap;
    }
    for (size_t i = 0; i < t->n_cols; i++) {
        eg_column *c = &t->cols[i];
        size_t vs = value_size(c->type);
        memset((char *)c->v.s + t->n_rows * vs, 0, n * vs);
        if (c->present)
            memset(c->present + t->n_rows, 0, n);
    }
    t->n_rows = need;
    return EG_OK;
}

eg_status eg_table_set_string(eg_table *t, size_t col, size_t row, const char *s, size_t len, eg_error *err)
{
    eg_column *c = &t->cols[col];
    if (c->source)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "attribute \"%s\" is made when read and cannot be set", c->name);
    char *copy = NULL;
    if (s && !(copy = eg_strndup(s, len)))
        return eg_error_nomem(err);
    free(c->v.s[row]);
    c->v.s[row] = copy;
    return EG_OK;
}

void eg_table_take_string(eg_table *t, size_t col, size_t row, char *s)
{
    eg_column *c = &t->cols[col];
    assert(!c->source);
    if (c->source) { /* a deferred column holds keys, not strings */
        free(s);
        return;
    }
    free(c->v.s[row]);
    c->v.s[row] = s;
}

static void mark(eg_column *c, size_t row)
{
    if (c->present)
        c->present[row] = 1;
}

void eg_table_set_int(eg_table *t, size_t col, size_t row, int64_t v)
{
    t->cols[col].v.i[row] = v;
    mark(&t->cols[col], row);
}

void eg_table_set_double(eg_table *t, size_t col, size_t row, double v)
{
    t->cols[col].v.d[row] = v;
    mark(&t->cols[col], row);
}

void eg_table_set_bool(eg_table *t, size_t col, size_t row, bool v)
{
    t->cols[col].v.b[row] = v ? 1 : 0;
    mark(&t->cols[col], row);
}

bool eg_table_has(const eg_table *t, size_t col, size_t row)
{
    const eg_column *c = &t->cols[col];
    if (c->source)
        return c->v.key[row] != 0;
    if (c->type == EG_ATTR_STRING || c->type == EG_ATTR_JSON)
        return c->v.s[row] != NULL;
    return c->present ? c->present[row] != 0 : true;
}

size_t eg_table_filter_rows(eg_table *t, const uint8_t *keep)
{
    size_t kept = 0;
    for (size_t i = 0; i < t->n_cols; i++) {
        eg_column *c = &t->cols[i];
        size_t vs = value_size(c->type);
        size_t w = 0;
        for (size_t r = 0; r < t->n_rows; r++) {
            if (!keep[r]) {
                if (holds_strings(c))
                    free(c->v.s[r]);
                continue;
            }
            if (w != r) {
                memcpy((char *)c->v.s + w * vs, (char *)c->v.s + r * vs, vs);
                if (c->present)
                    c->present[w] = c->present[r];
            }
            w++;
        }
        kept = w;
    }
    if (t->n_cols == 0)
        for (size_t r = 0; r < t->n_rows; r++)
            kept += keep[r] ? 1 : 0;
    t->n_rows = kept;
    return kept;
}

const char *eg_attr_type_name(eg_attr_type type)
{
    switch (type) {
    case EG_ATTR_STRING: return "string";
    case EG_ATTR_INT: return "int";
    case EG_ATTR_DOUBLE: return "double";
    case EG_ATTR_BOOL: return "boolean";
    case EG_ATTR_JSON: return "json";
    }
    return "string";
}

eg_status eg_table_permute(eg_table *t, const size_t *perm, eg_error *err)
{
    size_t moved = 0;
    while (moved < t->n_rows && perm[moved] == moved)
        moved++;
    if (moved == t->n_rows) /* the rows are in order already (a graph sorted again) */
        return EG_OK;
    /* Rows before the first one that moves stay where they are; the others take rows from among them. */
    size_t n = t->n_rows - moved;
    void *tmp = eg_malloc(n * sizeof(int64_t));
    uint8_t *ptmp = eg_malloc(n);
    if (!tmp || !ptmp) {
        free(tmp);
        free(ptmp);
        return eg_error_nomem(err);
    }
    for (size_t i = 0; i < t->n_cols; i++) {
        eg_column *c = &t->cols[i];
        size_t vs = value_size(c->type);
        for (size_t r = moved; r < t->n_rows; r++)
            memcpy((char *)tmp + (r - moved) * vs, (char *)c->v.s + perm[r] * vs, vs);
        memcpy((char *)c->v.s + moved * vs, tmp, n * vs);
        if (c->present) {
            for (size_t r = moved; r < t->n_rows; r++)
                ptmp[r - moved] = c->present[perm[r]];
            memcpy(c->present + moved, ptmp, n);
        }
    }
    free(tmp);
    free(ptmp);
    return EG_OK;
}
