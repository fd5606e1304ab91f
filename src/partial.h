/*
 * partial: the mergeable partial result of a run (`entgraph build --partial`), called a shard: everything
 * the graph is made from (entity and pair counts, document frequencies, windows, evidence, dates, periods,
 * two-mode links, role attachments, discovered entities, totals), its file format and its merge.
 *
 * Merging shards in the order of their inputs gives exactly the counts one run over all those inputs gives
 * (cooccur.h: eg_cooccur_merge), so the graph, its weights and its files are the same bytes. Counts, weights,
 * dates and labels do not depend on the order; the evidence (the first K windows in input order) and, in
 * entity-document mode, the numbering of repeated document ids do: they follow the order of the shards as
 * they follow the order of INPUT arguments.
 *
 * File format (docs/partial-format.md): UTF-8 JSON lines. Line 1 is the header object, starting with the
 * magic bytes {"format":"entgraph-partial","version":1 and recording the generator, the dictionaries'
 * fingerprint, the counting options, the inputs, the totals and how many records of each kind follow; then
 * one JSON array a record, tag first; the last record is ["end"]. Entities are referred to by number:
 * dictionary entities by their index (the fingerprint guarantees the same dictionaries), discovered ones by
 * n_defined + their rank by id. Records come in a canonical order, so a shard does not depend on the number
 * of threads, and merging shards with --partial gives the shard one run would write. A file may hold several
 * shards one after another (cat a.egp b.egp).
 *
 * Only jansson writes and parses the JSON. Reading checks everything: a foreign or truncated file, a
 * version this entgraph does not read, numbers out of range or out of order are errors naming the file, the
 * line, the column and the byte offset.
 */
#ifndef EG_PARTIAL_H
#define EG_PARTIAL_H

#include <stdio.h>

#include "cooccur.h"
#include "entgraph.h"
#include "roles.h"

#define EG_PARTIAL_FORMAT "entgraph-partial"
#define EG_PARTIAL_VERSION 1
/* The first bytes of every shard. */
#define EG_PARTIAL_MAGIC "{\"format\":\"entgraph-partial\",\"version\":"

/* Where a shard comes from and what it must agree on with the shards it is merged with. Strings and arrays
 * are eg_malloc'ed and owned by the eg_partial. */
typedef struct eg_partial_info {
    char *generator;           /* "entgraph VERSION" */
    uint64_t dict_fingerprint; /* eg_partial_dict_fingerprint of the dictionaries it was counted with */
    size_t n_defined;          /* their entities (eg_dict_n_defined) */
    bool shipped_dicts;        /* the shipped dictionaries were loaded (no --no-default-dicts) */
    char **dict_paths;         /* each -d FILE|DIR as given, in order */
    size_t n_dict_paths;
    char *discovery;           /* name discovery: "off", "titles" (no lexicon) or "lexicon:FINGERPRINT" */
    char **inputs;             /* the INPUT arguments counted, in order */
    size_t n_inputs;
    uint64_t n_bytes;          /* document text read */
    uint64_t n_skipped;        /* malformed records skipped */
    uint64_t n_invalid_utf8;   /* bytes read as U+FFFD */
    char *source;              /* the file it was read from, for messages (NULL for a run's own) */
} eg_partial_info;

typedef struct eg_partial {
    eg_partial_info info;
    eg_cooccur *cooccur; /* entities indexed as in the dictionary; discovered ones registered in it */
    eg_roles_acc *roles;
} eg_partial;

/* A new partial result with an empty counter made with opts (copied; see eg_cooccur_new_opts), an empty
 * role accumulator and info zeroed but for generator. Errors: EG_ERR_NOMEM, EG_ERR_USAGE. */
eg_status eg_partial_new(const eg_cooccur_options *opts, eg_partial **out, eg_error *err);
void eg_partial_free(eg_partial *p);

/* Appends a copy of s to the string list (*v, *n) (info's inputs and dict_paths). Errors: EG_ERR_NOMEM. */
eg_status eg_partial_push(char ***v, size_t *n, const char *s, eg_error *err);

/* A fingerprint of everything of dict that recognition and the graph read: every defined entity (id, type,
 * label, country, wikidata, x- attributes, roles) and every alias (text, key, entity, flags), in index
 * order; discovered entities are not included. FNV-1a, 64 bits. Time: O(size of the dictionary). */
uint64_t eg_partial_dict_fingerprint(const eg_dict *dict);

/* FNV-1a of a file's bytes into *out (for the lexicon of name discovery). Errors: EG_ERR_IO naming path. */
eg_status eg_partial_file_fingerprint(const char *path, uint64_t *out, eg_error *err);

/* Writes p as one shard to fp (discovered entities, labels and ids taken from dict, which p was counted
 * with; its discovered labels must be settled). Records are in canonical order, so the same counts always
 * give the same bytes. Errors: EG_ERR_IO (a failed write, err->path empty: the caller names the file),
 * EG_ERR_NOMEM. Time: O(R log R) for R records. */
eg_status eg_partial_write(FILE *fp, const eg_partial *p, const eg_dict *dict, eg_error *err);

/* Checks that b may be merged with a: same generator, dictionaries, discovery and counting options (window,
 * evidence, period, mode). Else EG_ERR_PARSE (data that do not belong together) with a message naming
 * what differs and both sources. */
eg_status eg_partial_check_compatible(const eg_partial *a, const eg_partial *b, eg_error *err);

/* Adds src to dst (after eg_partial_check_compatible): counts as eg_cooccur_merge and eg_roles_acc_merge,
 * inputs appended, totals summed. src is not changed. Errors: those of the checks, EG_ERR_NOMEM (dst is
 * then partly merged: free it). Time: O(size of src). */
eg_status eg_partial_merge(eg_partial *dst, const eg_partial *src, eg_error *err);

/* ---- reading ------------------------------------------------------------------------------------- */

typedef struct eg_partial_reader eg_partial_reader;

/* Opens path ("-": standard input) for reading shards. Errors: EG_ERR_IO naming path, EG_ERR_NOMEM. */
eg_status eg_partial_reader_open(const char *path, eg_partial_reader **out, eg_error *err);
void eg_partial_reader_free(eg_partial_reader *r); /* closes the file (never stdin) */

/* Reads the next shard's header into a new *out (info and an empty counter with the recorded options; the
 * caller then checks the dictionaries and reads the body). EG_DONE at the end of a file that held at least
 * one shard. Errors (file:line:column): EG_ERR_PARSE for an empty or foreign file ("not an entgraph shard")
 * a malformed header or a format version other than EG_PARTIAL_VERSION, EG_ERR_IO, EG_ERR_NOMEM. */
eg_status eg_partial_read_header(eg_partial_reader *r, eg_partial **out, eg_error *err);

/* Reads the records of the shard whose header was just read into p, up to and including its end record.
 * Discovered entities are registered in dict (eg_dict_discover), which must be the dictionaries the shard
 * was counted with (compare eg_partial_dict_fingerprint with p->info.dict_fingerprint first). Errors
 * (file:line:column and byte offset): EG_ERR_PARSE for a malformed record, a number out of range or out of
 * order, counts that disagree with the header, or a truncated file; EG_ERR_IO, EG_ERR_NOMEM. Time: O(bytes). */
eg_status eg_partial_read_body(eg_partial_reader *r, eg_dict *dict, eg_partial *p, eg_error *err);

#endif
