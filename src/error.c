/*
 * error: status strings, eg_error filling and formatting, checked allocation with a failure hook, and the
 * huge-page hint for large arrays.
 */
#define _DEFAULT_SOURCE /* madvise */
#include "error.h"

#include <malloc.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

_Atomic long eg_alloc_fail_at = 0;

static int alloc_should_fail(void)
{
    /* Atomic: worker threads allocate too. */
    if (eg_alloc_fail_at <= 0)
        return 0;
    return --eg_alloc_fail_at == 0;
}

/* Set once eg_heap_tune changed glibc's threshold: a failed allocation may then be the heap's, not the
 * system's. */
static _Atomic bool heap_tuned = false;

void eg_heap_tune(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
    const char *tunables = getenv("GLIBC_TUNABLES");
    if ((!tunables || !strstr(tunables, "mmap_threshold")) && mallopt(M_MMAP_THRESHOLD, 1 << 20))
        heap_tuned = true;
#endif
}

/* After a failed allocation: can another attempt succeed? Only if the threshold was ours; glibc's default
 * then maps what the heap could not hold. Threads may race here: each one's retry is then mapped alike. */
static bool heap_untune(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
    if (heap_tuned) {
        mallopt(M_MMAP_THRESHOLD, 128 << 10);
        return true;
    }
#endif
    return false;
}

void *eg_malloc(size_t n)
{
    if (alloc_should_fail())
        return NULL;
    void *p = malloc(n ? n : 1);
    return p || !heap_untune() ? p : malloc(n ? n : 1);
}

void *eg_calloc(size_t n, size_t size)
{
    if (alloc_should_fail())
        return NULL;
    void *p = calloc(n ? n : 1, size ? size : 1);
    return p || !heap_untune() ? p : calloc(n ? n : 1, size ? size : 1);
}

void *eg_realloc(void *p, size_t n)
{
    if (alloc_should_fail())
        return NULL;
    void *q = realloc(p, n ? n : 1);
    return q || !heap_untune() ? q : realloc(p, n ? n : 1);
}

char *eg_strndup(const char *s, size_t n)
{
    char *d = eg_malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *eg_strdup(const char *s)
{
    return eg_strndup(s, strlen(s));
}

eg_status eg_grow(void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return EG_OK;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > ((size_t)-1) / 2 / elem)
            return EG_ERR_NOMEM;
        ncap *= 2;
    }
    void *p = eg_realloc(*ptr, ncap * elem);
    if (!p)
        return EG_ERR_NOMEM;
    *ptr = p;
    *cap = ncap;
    return EG_OK;
}

void eg_error_clear(eg_error *err)
{
    if (!err)
        return;
    err->status = EG_OK;
    err->path[0] = '\0';
    err->message[0] = '\0';
    err->line = err->column = err->offset = EG_NO_POS;
}

eg_status eg_error_set(eg_error *err, eg_status status, const char *path, size_t line, size_t column,
                       size_t offset, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    err->line = line;
    err->column = column;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

eg_status eg_error_nomem(eg_error *err)
{
    return eg_error_set(err, EG_ERR_NOMEM, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "out of memory");
}

eg_status eg_error_io(eg_error *err, const char *path, const char *what, int errnum)
{
    return eg_error_set(err, EG_ERR_IO, path, EG_NO_POS, EG_NO_POS, EG_NO_POS, "%s: %s", what, strerror(errnum));
}

void eg_error_format(const eg_error *err, char *buf, size_t size)
{
    size_t n = 0;
    if (!size)
        return;
    buf[0] = '\0';
#define EG_APPEND(...)                                                                       \
    do {                                                                                     \
        if (n < size) {                                                                      \
            int w = snprintf(buf + n, size - n, __VA_ARGS__);                                \
            if (w > 0)                                                                       \
                n += (size_t)w;                                                              \
        }                                                                                    \
    } while (0)
    if (err->path[0]) {
        EG_APPEND("%s:", err->path);
        if (err->line != EG_NO_POS) {
            EG_APPEND("%zu:", err->line);
            if (err->column != EG_NO_POS)
                EG_APPEND("%zu:", err->column);
        } else if (err->offset != EG_NO_POS) {
            EG_APPEND("byte %zu:", err->offset);
        }
        EG_APPEND(" ");
    }
    EG_APPEND("%s", err->message[0] ? err->message : eg_status_string(err->status));
#undef EG_APPEND
}

const char *eg_status_string(eg_status status)
{
    switch (status) {
    case EG_OK: return "ok";
    case EG_ERR_NOMEM: return "out of memory";
    case EG_ERR_IO: return "input/output error";
    case EG_ERR_PARSE: return "malformed data";
    case EG_ERR_UTF8: return "invalid UTF-8";
    case EG_ERR_USAGE: return "usage error";
    case EG_ERR_GRAPH: return "graph error";
    case EG_ERR_NOTFOUND: return "not found";
    case EG_ERR_LIMIT: return "limit exceeded";
    case EG_DONE: return "done";
    }
    return "unknown status";
}

void eg_advise_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
    enum { PAGE = 4096 };
    uintptr_t from = ((uintptr_t)p + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    uintptr_t to = ((uintptr_t)p + len) & ~(uintptr_t)(PAGE - 1);
    if (len >= (2u << 20) && to > from)
        madvise((void *)from, to - from, MADV_HUGEPAGE); /* a hint: failure changes nothing */
#else
    (void)p;
    (void)len;
#endif
}

void eg_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n < 2)
        return;
    char *a = base;
    size_t p = 1; /* a[0, p) is in order */
    while (p < n && cmp(a + (p - 1) * size, a + p * size) <= 0)
        p++;
    if (p == n)
        return;
    char *head = p * 2 >= n ? malloc(p * size) : NULL; /* no eg_malloc: qsort alone is the fallback */
    if (!head) {
        qsort(base, n, size, cmp);
        return;
    }
    qsort(a + p * size, n - p, size, cmp);
    memcpy(head, a, p * size);
    /* Merge the copy of the head and the sorted tail into a: the element written, number i + (j - p), never
     * lies after the tail's next one, number j. Ties take the head's element first. */
    size_t i = 0, j = p, k = 0;
    while (i < p && j < n) {
        if (cmp(head + i * size, a + j * size) <= 0)
            memcpy(a + k++ * size, head + i++ * size, size);
        else
            memmove(a + k++ * size, a + j++ * size, size);
    }
    memcpy(a + k * size, head + i * size, (p - i) * size);
    free(head);
}
