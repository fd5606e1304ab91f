/*
 * entgraph: turn news text into a network of the entities mentioned together.
 *
 * This header is the public API and its manual. Data flows through these stages:
 *
 *   eg_dict      dictionaries (TSV) -> entities and their aliases
 *   eg_matcher   one automaton over every alias, built once, immutable, shared by threads
 *   eg_pipeline  per document: normalise (NFC, case fold, offset map), match, segment
 *                into paragraphs and sentences, resolve short forms -> mentions
 *   eg_cooccur   per window: count entities and unordered pairs
 *   eg_graph     nodes and edges with typed attribute columns; the igraph view for queries
 *   exporters    GraphML, JSON (one module per format)
 *
 * Conventions: every fallible function returns an eg_status and fills an optional eg_error. The library
 * never prints and never exits. Text is (const char *, size_t) and need not be NUL-terminated; offsets are
 * byte offsets into the caller's original text, half-open [start, end). Every _free accepts NULL.
 */
#ifndef ENTGRAPH_H
#define ENTGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EG_VERSION "0.1.0"

/* ---- errors -------------------------------------------------------------------------------------- */

typedef enum eg_status {
    EG_OK = 0,
    EG_ERR_NOMEM,    /* an allocation failed */
    EG_ERR_IO,       /* a file could not be opened, read or written */
    EG_ERR_PARSE,    /* malformed data: dictionary line, JSONL record, graph file */
    EG_ERR_UTF8,     /* text that is not valid UTF-8 where UTF-8 is required */
    EG_ERR_USAGE,    /* a bad argument or option */
    EG_ERR_GRAPH,    /* igraph reported an error */
    EG_ERR_NOTFOUND, /* a named entity, file or attribute does not exist */
    EG_ERR_LIMIT,    /* an input exceeds a documented limit */
    EG_DONE          /* not an error: an iterator has no more items */
} eg_status;

#define EG_NO_POS ((size_t)-1)

/* Where and why something failed. line and column are 1-based (column counts characters, code points);
 * offset is a 0-based byte offset into the file. Fields that do not apply are EG_NO_POS. */
typedef struct eg_error {
    eg_status status;
    char path[512];
    size_t line;
    size_t column;
    size_t offset;
    char message[512];
} eg_error;

/* Resets err to "no error" (status EG_OK, empty strings, positions EG_NO_POS). err may be NULL. */
void eg_error_clear(eg_error *err);

/* Fills err (if not NULL) and returns status, so callers can write `return eg_error_set(...)`.
 * path may be NULL; message is printf-formatted and truncated to fit. */
eg_status eg_error_set(eg_error *err, eg_status status, const char *path, size_t line, size_t column,
                       size_t offset, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Writes "path:line:col: message" (the parts that are known) into buf, NUL-terminated. */
void eg_error_format(const eg_error *err, char *buf, size_t size);

/* A short stable name for a status ("ok", "out of memory", ...). */
const char *eg_status_string(eg_status status);

/* ---- dictionaries -------------------------------------------------------------------------------- */

typedef struct eg_dict eg_dict;

/* An entity as the dictionary defines it. Strings are owned by the dictionary. */
typedef struct eg_entity {
    const char *id;       /* unique id from the `id` column */
    const char *type;     /* interned type: person, organization, country, role, or a user's own */
    const char *label;    /* the `name` column: the canonical label */
    const char *country;  /* `country` column (an entity id), or NULL */
    const char *wikidata; /* `wikidata` column, or NULL */
    size_t n_attrs;       /* further `x-NAME` columns, copied as string node attributes */
    const char *const *attr_names;  /* n_attrs names without the "x-" prefix */
    const char *const *attr_values; /* n_attrs values ("" when the cell was empty) */
    const char *roles;    /* `roles` column as written ('|'-separated ROLE_ID@SCOPE_ID/FROM/TO), or NULL */
} eg_entity;

eg_dict *eg_dict_new(void);
void eg_dict_free(eg_dict *dict);

/* Loads one dictionary file (TSV, see docs/dictionary-format.md) into dict. Files load in order; a later
 * file may add aliases to an entity defined earlier by using its id with the same type. On error nothing of
 * the file is kept and err names the file, line and column. */
eg_status eg_dict_load_file(eg_dict *dict, const char *path, eg_error *err);

/* The same for a buffer; name is used in error messages. */
eg_status eg_dict_load_buffer(eg_dict *dict, const char *name, const char *data, size_t len, eg_error *err);

/* Loads every *.tsv file of dir in byte order of the file names. */
eg_status eg_dict_load_dir(eg_dict *dict, const char *dir, eg_error *err);

size_t eg_dict_n_entities(const eg_dict *dict);
size_t eg_dict_n_aliases(const eg_dict *dict);
const eg_entity *eg_dict_entity(const eg_dict *dict, uint32_t index);
/* Index of the entity with this id, or -1. */
int64_t eg_dict_find(const eg_dict *dict, const char *id);

/* ---- recognition --------------------------------------------------------------------------------- */

typedef struct eg_matcher eg_matcher;
typedef struct eg_pipeline eg_pipeline;

/* How a mention was resolved to its entity. */
typedef enum eg_how {
    EG_HOW_EXACT = 0,  /* the canonical name */
    EG_HOW_ALIAS,      /* another alias of the entity */
    EG_HOW_SHORT_FORM, /* a short form resolved to an entity named in full earlier in the document */
    EG_HOW_DISCOVERED, /* a person in no dictionary, found by a given name of the lexicon */
    EG_HOW_ROLE_TRIGGER, /* a person in no dictionary, found after a title or role ("President X") */
    EG_HOW_ROLE_HOLDER   /* a dictionary person named by a dated role qualified by a country ("the South Korean
                          * president" in a dated document); the span is the role phrase, which keeps its own
                          * role mention too */
} eg_how;

typedef struct eg_mention {
    size_t start, end;  /* byte offsets into the original document text */
    uint32_t entity;    /* entity index in the dictionary (discovered people: >= eg_dict_n_defined) */
    uint32_t alias;     /* alias index (the surface form that matched); UINT32_MAX for discovery */
    eg_how how;
    uint32_t sentence;  /* index into the document's sentences */
} eg_mention;

typedef struct eg_span {
    size_t start, end;  /* byte offsets into the original document text */
} eg_span;

#define EG_NO_ENTITY UINT32_MAX

/* A role attached to a person by the text ("Wi Seong-rak, South Korea's National Security Advisor"). */
typedef struct eg_role_rel {
    uint32_t person;   /* entity index of the person */
    uint32_t role;     /* entity index of the role (type role) */
    uint32_t scope;    /* country or organization the role belongs to, or EG_NO_ENTITY */
    bool scope_in_text; /* scope was written next to the role; false: the person's `country` column */
    uint32_t sentence; /* index into the document's sentences */
    size_t start, end; /* byte span from the first to the last mention of the attachment */
} eg_role_rel;

/* The analysis of one document. Owned by the caller and reused across documents to save allocations;
 * every array is owned by the result and valid until the next eg_pipeline_process or destroy. */
typedef struct eg_doc_result {
    eg_mention *mentions;  /* in text order, non-overlapping except role-holder mentions (eg_how) */
    size_t n_mentions, cap_mentions;
    eg_role_rel *roles;    /* role attachments in text order (README "Roles") */
    size_t n_roles, cap_roles;
    const eg_span *sentences;  /* in text order, each inside one paragraph */
    size_t n_sentences;
    const eg_span *paragraphs;
    size_t n_paragraphs;
    size_t n_invalid_utf8; /* invalid bytes seen (each read as U+FFFD) */
    void *scratch;         /* pipeline-private buffers */
} eg_doc_result;

void eg_doc_result_init(eg_doc_result *res);
void eg_doc_result_destroy(eg_doc_result *res);

/* Builds the automaton over every alias of dict. dict must outlive the matcher.
 * Time: O(total alias bytes); memory: proportional to the number of automaton states. */
eg_status eg_matcher_new(const eg_dict *dict, eg_matcher **out, eg_error *err);
void eg_matcher_free(eg_matcher *m);

/* A pipeline ties a dictionary and its matcher together. It is read-only once made, so threads may share
 * it, each with its own eg_doc_result. */
eg_status eg_pipeline_new(const eg_dict *dict, const eg_matcher *matcher, eg_pipeline **out, eg_error *err);
void eg_pipeline_free(eg_pipeline *p);

/* Name discovery (see README "Names in context"): a lexicon of given names and Korean family names. */
typedef struct eg_lexicon eg_lexicon;

/* Loads a lexicon file ("KIND<TAB>NAME" lines, KIND given or family, '#' comments) into a new lexicon.
 * Errors: EG_ERR_IO, EG_ERR_PARSE (file:line:column of a bad line), EG_ERR_NOMEM. Time: O(bytes). */
eg_status eg_lexicon_load_file(const char *path, eg_lexicon **out, eg_error *err);
eg_status eg_lexicon_load_buffer(const char *name, const char *data, size_t len, eg_lexicon **out,
                                 eg_error *err);
/* Adds the first word of every two- or three-word person name of dict (its `name` and aliases) as a
 * given name: the dictionaries' own people are evidence of given names. Time: O(aliases). */
eg_status eg_lexicon_add_dict_people(eg_lexicon *lex, const eg_dict *dict, eg_error *err);
void eg_lexicon_free(eg_lexicon *lex);

/* Turns name discovery on for p with lexicon lex (NULL: title and role triggers only); lex must outlive p.
 * Call before the first eg_pipeline_process. Without this call discovery is off. */
void eg_pipeline_set_discovery(eg_pipeline *p, const eg_lexicon *lex);

/* Analyses one document: normalisation, matching, segmentation, short-form resolution.
 * Time: linear in len plus the number of candidate matches. */
eg_status eg_pipeline_process(const eg_pipeline *p, const char *text, size_t len, eg_doc_result *res,
                              eg_error *err);

/* The same with the document's date (ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD..."; NULL or unparsable: none),
 * which selects the holder of a dated dictionary role ("South Korea's president" -> the person whose `roles`
 * hold role:president@country:KOR on that date). eg_pipeline_process is this with date NULL. */
eg_status eg_pipeline_process_doc(const eg_pipeline *p, const char *text, size_t len, const char *date,
                                  eg_doc_result *res, eg_error *err);

#ifdef __cplusplus
}
#endif

#endif /* ENTGRAPH_H */
