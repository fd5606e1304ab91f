/*
 * dict_load: private to the dict module. The interface between the dictionary store (dict.c: validation,
 * merging, atomic loads) and its file reader (dict_tsv.c): a row of cells, where it came from, and a load
 * that commits or rolls back as a whole.
 *
 * A load: eg_dict_load_begin, then any number of eg_dict_row_add (and arena allocations through
 * eg_dict_strndup/eg_dict_alloc), then eg_dict_load_end with the status: on error everything since
 * eg_dict_load_begin is undone.
 */
#ifndef EG_DICT_LOAD_H
#define EG_DICT_LOAD_H

#include "arena.h"
#include "dict.h"
#include "normalize.h"

/* Where a row came from, for error positions. */
typedef struct dict_where {
    const char *path;   /* file name for messages; NULL for eg_dict_add */
    const char *line;   /* the line's text (after a byte order mark); NULL for eg_dict_add */
    size_t line_no;     /* 1-based */
    size_t line_offset; /* byte offset of line[0] in the file */
} dict_where;

/* A cell: p points into the line (at the line's end for a cell the row does not have). */
typedef struct dict_cell {
    const char *p;
    size_t n;
} dict_cell;

/* The fixed columns, in the order eg_dict_add takes them. */
enum {
    DICT_COL_ID,
    DICT_COL_TYPE,
    DICT_COL_NAME,
    DICT_COL_ALIASES,
    DICT_COL_EXACT,
    DICT_COL_SHORT,
    DICT_COL_COUNTRY,
    DICT_COL_WIKIDATA,
    DICT_COL_ROLES,
    DICT_N_COLS
};

/* Their names as header cells. */
extern const char *const eg_dict_col_names[DICT_N_COLS];

typedef struct dict_row {
    dict_cell c[DICT_N_COLS];      /* empty cells for absent columns */
    size_t n_attrs;                /* x- columns */
    const char *const *attr_names; /* names without "x-", in the arena, shared by the rows of a file */
    const dict_cell *attrs;
} dict_row;

/* The dictionary's sizes at the start of a load (private to dict.c). */
typedef struct dict_snapshot {
    size_t n_ents, n_aliases, n_types, n_undo;
    eg_arena_mark strings; /* the string arena's position */
} dict_snapshot;

/* One load in progress. */
typedef struct dict_load {
    eg_dict *dict;
    eg_error *err;
    const char *def_path;        /* the file being read, interned (eg_dict_strndup), or NULL */
    dict_snapshot snap;          /* private to dict.c */
    eg_normtext key_nt, text_nt; /* private to dict.c: scratch for normalising aliases */
    const struct eg_dict_check_hooks *hooks; /* check mode (dict_check.h): bad rows are reported and skipped */
} dict_load;

void eg_dict_load_begin(dict_load *L, eg_dict *dict, eg_error *err);

/* Commits (st == EG_OK) or undoes everything since eg_dict_load_begin; returns st. */
eg_status eg_dict_load_end(dict_load *L, eg_status st);

/* Validates one row (UTF-8 already checked) and adds its entity and aliases, or merges them into an
 * entity of the same id. Errors name the cell through w. */
eg_status eg_dict_row_add(dict_load *L, const dict_where *w, const dict_row *row);

/* Makes room for n_ents more entities and n_aliases more aliases (arrays and hash tables), so that a load
 * of about that many does not grow and rehash them as it goes. A hint: loads grow the arrays past it as
 * needed; nothing the dictionary holds changes. Errors: EG_ERR_NOMEM (the dictionary is as it was, maybe
 * with some room made). Time: O(entities + aliases) when a table is made anew. */
eg_status eg_dict_reserve(eg_dict *dict, size_t n_ents, size_t n_aliases);

/* Memory owned by the dictionary (its arena), NULL when out of memory. Undone by a failed load. */
const char *eg_dict_strndup(eg_dict *dict, const char *s, size_t n);
void *eg_dict_alloc(eg_dict *dict, size_t n, size_t align);

/* NUL bytes and invalid UTF-8 in s[0..n) are errors, reported at the offending byte; what (or NULL) names
 * the field in the message. */
eg_status eg_dict_check_text(const dict_where *w, const char *s, size_t n, const char *what, eg_error *err);

/* Fills err with a message at byte `at` of w's line (at == NULL: the line as a whole) and returns st. */
eg_status eg_dict_fail(const dict_where *w, const char *at, eg_status st, eg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Check mode (dict_tsv.c's lenient loads): ends one row's part of the load in progress. st == EG_OK keeps
 * what the row added (it can no longer be undone), anything else undoes it; the next row starts afresh.
 * Never allocates. Time: O(1), or O(entities + aliases) to rehash after undoing a row that added some. */
void eg_dict_load_mark(dict_load *L, eg_status st);

/* eg_dict_find for an id that is not NUL-terminated: id[0..n). Time: O(n) expected. */
int64_t eg_dict_find_n(const eg_dict *d, const char *id, size_t n);

/* ---- the rules of the text (dict_rules.c) ------------------------------------------------------- */

/* White space as the TSV reader and the checks see it: space, \t \n \v \f \r. */
bool eg_dict_is_space_byte(char c);
/* Does s (valid UTF-8) hold a letter (L*) or a number (N*)? */
bool eg_dict_has_letter_or_digit(const char *s, size_t n);
/* The automatic case flags (EG_ALIAS_CASED, EG_ALIAS_EXACT) of an alias (valid UTF-8) as written. */
uint32_t eg_dict_case_flags(const char *s, size_t n);
/* A type: one or more of a-z 0-9 - _. */
bool eg_dict_valid_type(const char *s, size_t n);
/* A Wikidata item id: Q and one or more digits. */
bool eg_dict_valid_wikidata(const char *s, size_t n);
/* One entry ROLE_ID@SCOPE_ID/FROM/TO of the roles column (FROM and TO: "", YYYY, YYYY-MM or YYYY-MM-DD, a real
 * date, FROM not after TO); errors (EG_ERR_PARSE) at the offending byte of w's line. */
eg_status eg_dict_check_role(const dict_where *w, const char *s, size_t n, eg_error *err);

/* ---- compiled dictionaries (dict_compiled.c) ------------------------------------------------------ */

/* A compiled dictionary's contents, handed to an empty dictionary in one piece. */
typedef struct dict_image {
    const char *const *types; /* the n_types interned types; every entity's type is one of these pointers */
    size_t n_types;
    size_t n_ents;
    /* Fills entity i: *e (strings in backing; attribute arrays may come from eg_dict_alloc(d, ...)), and
     * where it was first defined (*def_path NULL: unknown). An error ends the adoption. */
    eg_status (*entity)(void *ctx, eg_dict *d, uint32_t i, eg_entity *e, const char **def_path,
                        size_t *def_line, eg_error *err);
    void *ctx;
    eg_alias *aliases; /* n_aliases, in index order, each with entity < n_ents and key_len > 0: taken over by
                        * the dictionary (eg_malloc'd; freed by it, also when adoption fails) */
    size_t n_aliases;
    void *backing;                  /* where the strings live; release(backing) when the dictionary is freed */
    void (*release)(void *backing); /* may be NULL */
} dict_image;

/* Fills the empty dictionary d from img: entities, aliases (linked per entity in index order), types and the
 * id hash table, as loading the same rows would have left them; the alias hash table, which only a later
 * load into d needs (to skip repeated aliases), is made by that load. The strings stay in backing, which d
 * owns from then on. Each entity must pass the checks a row does (id, type, name, wikidata, the syntax of
 * roles). Errors: EG_ERR_PARSE for a repeated id or a bad entity, EG_ERR_LIMIT, EG_ERR_NOMEM, or what
 * img->entity returns; then d is empty again and the caller still owns backing. Time: O(entities + id bytes
 * + aliases). */
eg_status eg_dict_adopt(eg_dict *d, const dict_image *img, eg_error *err);

#endif
