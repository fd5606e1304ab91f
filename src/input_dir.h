/*
 * input_dir: the files of a directory input (input.c). Hidden entries (a name starting with '.') are
 * skipped; a directory reached twice (a symlink loop, a second link) is read once; devices, sockets and
 * FIFOs inside a directory are not documents. At most one directory is open at a time.
 */
#ifndef EG_INPUT_DIR_H
#define EG_INPUT_DIR_H

#include <stddef.h>
#include <sys/stat.h>

#include "entgraph.h"

/* The regular files below dir (whose stat is ds), recursively, sorted by path (strcmp): *files (eg_malloc'd
 * paths in an eg_malloc'd array, NULL when there are none; free with eg_free_strings) and *n. Errors:
 * EG_ERR_IO naming the directory or file that could not be read, EG_ERR_NOMEM; then *files is NULL.
 * Time: O(entries + n log n). */
eg_status eg_dir_files(const char *dir, const struct stat *ds, char ***files, size_t *n, eg_error *err);

/* Frees the n strings of v and v itself (v may be NULL). */
void eg_free_strings(char **v, size_t n);

#endif
