/*
 * dict_compiled: compiled dictionaries (.egd files). `entgraph dict compile` writes a loaded dictionary and
 * its matcher (the Aho-Corasick automaton) into one binary file; loading it maps the file and uses the
 * automaton's arrays where they lie, so nothing is sorted or built again. The format is documented in
 * docs/compiled-dictionary.md: a header (magic "EGD", format version, byte-order mark, state record size,
 * counts, a table of sections with offsets, lengths and XXH64 checksums) and the sections.
 *
 * What a load does: map the file (read-only, private), check the header, every section's bounds, length and
 * checksum, then every index the automaton holds (transitions, failure and output links, pattern and alias
 * numbers, depths), every string offset and that the strings are UTF-8, so that no file, however damaged
 * or made up, can make a later scan read outside the mapping or loop. Then the dictionary's records are
 * made from the file (entities, aliases, the id and alias hash tables: the cheap part, about a tenth of a
 * second per million aliases), pointing at the strings in the mapping. The matcher borrows the mapped
 * arrays (eg_matcher_free leaves them); the dictionary owns the mapping and unmaps it in eg_dict_free, so
 * free the matcher first, as always.
 *
 * Errors name the file and the byte offset of what is wrong: "big.egd:byte 4096: section states: checksum
 * mismatch (the file is damaged)", "x.tsv:byte 0: not a compiled dictionary (no EGD magic)",
 * "big.egd:byte 1000: truncated: 1000 bytes, the header says 52346880".
 */
#ifndef EG_DICT_COMPILED_H
#define EG_DICT_COMPILED_H

#include <stdbool.h>

#include "entgraph.h"

/* The format version this build writes and reads. */
#define EG_DICT_COMPILED_VERSION 2

/* Does the file at path begin with the compiled dictionary magic ("EGD" and a NUL byte)? False for files
 * that cannot be read (the loader that follows reports why). Reads 4 bytes. */
bool eg_dict_compiled_sniff(const char *path);

/* Writes dict (its defined entities; discovered ones are not kept) and m, the matcher built over it, to path,
 * atomically (a temporary file renamed into place: outfile.h). Errors: EG_ERR_IO (naming path),
 * EG_ERR_LIMIT (strings beyond 4 GiB), EG_ERR_NOMEM. Time and memory: O(size of the output). */
eg_status eg_dict_compiled_write(const eg_dict *dict, const eg_matcher *m, const char *path, eg_error *err);

/* Maps the compiled dictionary at path and makes *dict and *m from it (both new; free m first). Errors:
 * EG_ERR_IO, EG_ERR_PARSE (not a compiled dictionary, another format version or byte order, truncated,
 * damaged: err names path and the byte offset), EG_ERR_NOMEM; then *dict and *m are NULL and nothing is
 * mapped. Time: O(file size), one pass over it. */
eg_status eg_dict_compiled_load(const char *path, eg_dict **dict, eg_matcher **m, eg_error *err);

/* The same over data[0..len) (8-byte aligned, unchanged and alive as long as *dict is); name is used in
 * messages. */
eg_status eg_dict_compiled_load_buffer(const char *name, const void *data, size_t len, eg_dict **dict,
                                       eg_matcher **m, eg_error *err);

/* For tests and fuzzing: rewrites the section and header checksums of the compiled dictionary image
 * data[0..len) to match its bytes (the sections whose table entries lie inside it), so that damage made on
 * purpose reaches the checks behind the checksums. Leaves data that is no such image (shorter than a header,
 * or without the magic) alone. */
void eg_dict_compiled_fix_checksums(void *data, size_t len);

#endif
