/*
 * table: named, typed attribute columns over rows (nodes, edges, or the graph itself). Exporters walk the
 * columns generically, so adding an attribute anywhere needs no change in any exporter.
 *
 * Invariants: column names are unique within a table; every column has n_rows values; a string value may be
 * NULL, meaning "missing" (exporters omit it); numbers are always present (0 until set) unless the column was
 * made with eg_table_add_column_sparse, in which case present[row] says whether the row has a value.
 *
 * A deferred string or JSON column (eg_table_add_column_deferred) keeps per row a key instead of the text
 * (0: missing) and makes the text from the key when it is read (eg_table_cell_text): large JSON values, such
 * as every edge's evidence list, need not all sit in memory at once, nor a small string (a date, a relation)
 * be allocated for every row. Its cells are read only through eg_table_cell_text; they cannot be set as
 * strings.
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

/* Where a deferred column's texts come from. Threads: render may run on several threads at once, each with
 * scratch of its own; the source is only read. */
typedef struct eg_cell_source {
    /* The JSON text of key (> 0) into *text and *len, in memory that *scratch owns (made on the first call
     * of a reader, NULL before), valid until the next call with the same scratch. Errors: EG_ERR_NOMEM. */
    eg_status (*render)(const void *ctx, void **scratch, uint64_t key, const char **text, size_t *len,
                        eg_error *err);
    void (*scratch_free)(void *scratch);
    void (*ctx_free)(void *ctx); /* when the column goes */
} eg_cell_source;

typedef struct eg_column {
    char *name;
    eg_attr_type type;
    union {
        char **s;
        int64_t *i;
        double *d;
        uint8_t *b;
        uint64_t *key; /* a deferred column's keys */
    } v;
    uint8_t *present; /* NULL for a dense column; else 1 where the row has a value */
    const eg_cell_source *source; /* a deferred column's source, else NULL */
    void *source_ctx;
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

/* Adds a deferred column of type EG_ATTR_STRING or EG_ATTR_JSON (all rows missing) whose texts source makes
 * from ctx, which the table takes over (freed with source->ctx_free, when not NULL, as the column goes, or at
 * once when this fails). Errors: EG_ERR_USAGE when a column of that name exists, EG_ERR_NOMEM. */
eg_status eg_table_add_column_deferred(eg_table *t, const char *name, eg_attr_type type,
                                       const eg_cell_source *source, void *ctx, size_t *index, eg_error *err);
/* Sets a deferred cell's key (0: missing); a no-op on any other column. */
void eg_table_set_key(eg_table *t, size_t col, size_t row, uint64_t key);

/* Scratch for reading deferred cells on one thread: one per deferred column read, found by its table, index
 * and source (a column's address changes when its table gains columns; these do not). */
typedef struct eg_cell_reader {
    struct eg_cell_scratch {
        const eg_table *table;
        size_t col;
        const eg_cell_source *source;
        void *scratch;
    } *slots;
    size_t n, cap;
} eg_cell_reader;

void eg_cell_reader_init(eg_cell_reader *r);
void eg_cell_reader_destroy(eg_cell_reader *r);

/* The text of the present string or JSON cell (col, row) and its length: the stored string, or a deferred
 * cell's text made in r's scratch (valid until r's next read of that column). Errors: EG_ERR_NOMEM. */
eg_status eg_table_cell_text(const eg_table *t, size_t col, size_t row, eg_cell_reader *r, const char **text,
                             size_t *len, eg_error *err);

/* Index of the column called name, or -1. */
long eg_table_find(const eg_table *t, const char *name);

/* Appends n rows with empty values; the first new row's index is old n_rows. */
eg_status eg_table_add_rows(eg_table *t, size_t n, eg_error *err);

/* Copies s[0..len) (NULL: missing). Also sets EG_ATTR_JSON cells (s must then be JSON text). Errors:
 * EG_ERR_NOMEM; EG_ERR_USAGE on a deferred column. */
eg_status eg_table_set_string(eg_table *t, size_t col, size_t row, const char *s, size_t len,
                              eg_error *err);
/* Sets a string (or EG_ATTR_JSON) cell to s itself, which the table takes over: s is NUL-terminated and
 * eg_malloc'ed (or NULL: missing); the old value is freed. For strings made elsewhere (on worker threads)
 * that need no second copy. Not for a deferred column (s is freed). Time: O(1). */
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
