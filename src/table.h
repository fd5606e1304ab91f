/*
 * table: named, typed attribute columns over rows (nodes, edges, or the graph itself). Exporters walk the
 * columns generically, so adding an attribute anywhere needs no change in any exporter.
 *
 * Invariants: column names are unique within a table; every column has n_rows values; a string value may be
 * NULL, meaning "missing" (exporters omit it); numbers are always present (0 until set) unless the column was
 * made with eg_table_add_column_sparse, in which case present[row] says whether the row has a value.
 */
#ifndef EG_TABLE_H
#define EG_TABLE_H

#include "entgraph.h"

typedef enum eg_attr_type {
    EG_ATTR_STRING = 0,
    EG_ATTR_INT,    /* int64_t */
    EG_ATTR_DOUBLE,
    EG_ATTR_BOOL,
    EG_ATTR_JSON    /* a JSON value (array or object) kept as compact JSON text in v.s, always made by
                     * jansson's json_dumps: JSON exports copy it as it is, others write it as a string */
} eg_attr_type;

typedef struct eg_column {
    char *name;
    eg_attr_type type;
    union {
        char **s;
        int64_t *i;
        double *d;
        uint8_t *b;
    } v;
    uint8_t *present; /* NULL for a dense column; else 1 where the row has a value */
} eg_column;

typedef struct eg_table {
    size_t n_rows, cap_rows;
    size_t n_cols, cap_cols;
    eg_column *cols;
} eg_table;

void eg_table_init(eg_table *t);
void eg_table_destroy(eg_table *t);

/* Adds a column (all rows 0 / NULL / false) and returns its index in *index; if a column of that name and
 * type exists, returns its index; of that name and another type: EG_ERR_USAGE. */
eg_status eg_table_add_column(eg_table *t, const char *name, eg_attr_type type, size_t *index,
                              eg_error *err);
/* The same for a column whose numbers may be missing (present[] tracks them). */
eg_status eg_table_add_column_sparse(eg_table *t, const char *name, eg_attr_type type, size_t *index,
                                     eg_error *err);

/* Index of the column called name, or -1. */
long eg_table_find(const eg_table *t, const char *name);

/* Appends n rows with empty values; the first new row's index is old n_rows. */
eg_status eg_table_add_rows(eg_table *t, size_t n, eg_error *err);

/* Copies s[0..len) (NULL: missing). Also sets EG_ATTR_JSON cells (s must then be JSON text). */
eg_status eg_table_set_string(eg_table *t, size_t col, size_t row, const char *s, size_t len,
                              eg_error *err);
/* Sets a string (or EG_ATTR_JSON) cell to s itself, which the table takes over: s is NUL-terminated and
 * eg_malloc'ed (or NULL: missing); the old value is freed. For strings made elsewhere (on worker threads)
 * that need no second copy. Time: O(1). */
void eg_table_take_string(eg_table *t, size_t col, size_t row, char *s);
void eg_table_set_int(eg_table *t, size_t col, size_t row, int64_t v);
void eg_table_set_double(eg_table *t, size_t col, size_t row, double v);
void eg_table_set_bool(eg_table *t, size_t col, size_t row, bool v);

/* Does row have a value in col? (Strings: not NULL; sparse numbers: present.) */
bool eg_table_has(const eg_table *t, size_t col, size_t row);

/* Keeps only the rows whose keep[row] is true, in order; returns the new row count. Used for pruning. */
size_t eg_table_filter_rows(eg_table *t, const uint8_t *keep);

/* Reorders rows: new row i takes old row perm[i] (perm is a permutation of 0..n_rows-1). */
eg_status eg_table_permute(eg_table *t, const size_t *perm, eg_error *err);

const char *eg_attr_type_name(eg_attr_type type); /* "string", "int", "double", "boolean", "json" */

#endif
