/*
 * input_dir: the documents of a directory: the regular files below it, recursively, sorted by path.
 */
#include "input_dir.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

typedef struct dev_ino {
    dev_t dev;
    ino_t ino;
} dev_ino;

typedef struct walk {
    char **files; /* regular files found */
    size_t n_files, cap_files;
    dev_ino *seen; /* directories already read */
    size_t n_seen, cap_seen;
} walk;

static eg_status push_string(char ***v, size_t *n, size_t *cap, char *s)
{
    if (eg_grow((void **)v, cap, *n + 1, sizeof **v))
        return EG_ERR_NOMEM;
    (*v)[(*n)++] = s;
    return EG_OK;
}

static char *join_path(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    bool slash = a > 0 && dir[a - 1] != '/';
    char *p = eg_malloc(a + slash + b + 1);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    if (slash)
        p[a] = '/';
    memcpy(p + a + slash, name, b + 1);
    return p;
}

/* Adds the regular files below dir (whose stat is ds) to w->files, recursively. A directory already read
 * (same device and inode: a symlink loop or a second link) is skipped. Subdirectories are entered after
 * the directory is closed, so at most one directory is open at a time. */
static eg_status walk_dir(walk *w, const char *dir, const struct stat *ds, eg_error *err)
{
    for (size_t i = 0; i < w->n_seen; i++)
        if (w->seen[i].dev == ds->st_dev && w->seen[i].ino == ds->st_ino)
            return EG_OK;
    if (eg_grow((void **)&w->seen, &w->cap_seen, w->n_seen + 1, sizeof *w->seen))
        return eg_error_nomem(err);
    w->seen[w->n_seen++] = (dev_ino){ds->st_dev, ds->st_ino};

    eg_status st = EG_OK;
    char **subdirs = NULL, *child = NULL;
    size_t n_sub = 0, cap_sub = 0;
    DIR *d = opendir(dir);
    if (!d)
        return eg_error_io(err, dir, "cannot open directory", errno);
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            if (errno)
                st = eg_error_io(err, dir, "cannot read directory", errno);
            break;
        }
        if (e->d_name[0] == '.')
            continue; /* hidden, and "." and ".." */
        struct stat cs;
        if (!(child = join_path(dir, e->d_name))) {
            st = eg_error_nomem(err);
            break;
        }
        if (stat(child, &cs) != 0) {
            st = eg_error_io(err, child, "cannot read", errno);
            break;
        }
        if (S_ISDIR(cs.st_mode))
            st = push_string(&subdirs, &n_sub, &cap_sub, child);
        else if (S_ISREG(cs.st_mode))
            st = push_string(&w->files, &w->n_files, &w->cap_files, child);
        else
            free(child); /* devices, sockets, FIFOs inside a directory are not documents */
        if (st) {
            st = eg_error_nomem(err);
            break;
        }
        child = NULL;
    }
    free(child);
    closedir(d);
    for (size_t i = 0; st == EG_OK && i < n_sub; i++) {
        struct stat ss;
        if (stat(subdirs[i], &ss) != 0)
            st = eg_error_io(err, subdirs[i], "cannot read", errno);
        else
            st = walk_dir(w, subdirs[i], &ss, err);
    }
    eg_free_strings(subdirs, n_sub);
    return st;
}

static int cmp_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

eg_status eg_dir_files(const char *dir, const struct stat *ds, char ***files, size_t *n, eg_error *err)
{
    walk w = {0};
    eg_status st = walk_dir(&w, dir, ds, err);
    free(w.seen);
    *files = NULL;
    *n = 0;
    if (st) {
        eg_free_strings(w.files, w.n_files);
        return st;
    }
    if (w.n_files) /* qsort must not get NULL, even for no elements */
        eg_sort(w.files, w.n_files, sizeof *w.files, cmp_paths);
    *files = w.files;
    *n = w.n_files;
    return EG_OK;
}

void eg_free_strings(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}
