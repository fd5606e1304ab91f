/*
 * outfile: atomic file replacement (temporary file + fsync + rename) and the registry of temporary files
 * that a signal handler may remove.
 *
 * The registry is the one piece of process-wide mutable state in the library, and it is justified: a
 * signal handler has no other way to learn which temporary files exist. Its design keeps the handler
 * async-signal-safe:
 *   - a fixed array of EG_OUTFILE_MAX_OPEN slots, each a path buffer and a lock-free atomic state
 *     (FREE -> BUSY -> LIVE -> FREE); nothing is allocated;
 *   - a thread claims a slot with compare-and-swap (BUSY), copies the path in, then publishes it (LIVE);
 *   - the handler only reads: for every LIVE slot it calls unlink(2) on the path, which is async-signal-safe;
 *   - SIGINT/SIGTERM/SIGHUP are blocked in the creating thread between mkstemp and publishing, so no
 *     signal can leave behind a temporary file that the registry does not know yet;
 *   - a slot is released only after the file is gone (abort) or renamed (commit): a signal in between
 *     makes the handler unlink a name that no longer exists, which is harmless.
 * Files that do not fit (registry full, path too long) still work; they are merely not removed by a signal.
 */
#define _GNU_SOURCE /* sync_file_range */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

/* ---- the registry ------------------------------------------------------------------------------------ */

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handler needs lock-free atomic int");

enum { SLOT_FREE = 0, SLOT_BUSY, SLOT_LIVE };

static atomic_int reg_state[EG_OUTFILE_MAX_OPEN];
static char reg_path[EG_OUTFILE_MAX_OPEN][EG_OUTFILE_MAX_PATH];

/* Lists tmp_path; returns 1 + slot, or 0 when it does not fit (see the file comment). */
static int registry_add(const char *tmp_path)
{
    size_t len = strlen(tmp_path);
    if (len >= EG_OUTFILE_MAX_PATH)
        return 0;
    for (int i = 0; i < EG_OUTFILE_MAX_OPEN; i++) {
        int expected = SLOT_FREE;
        if (atomic_compare_exchange_strong(&reg_state[i], &expected, SLOT_BUSY)) {
            memcpy(reg_path[i], tmp_path, len + 1);
            atomic_store(&reg_state[i], SLOT_LIVE);
            return i + 1;
        }
    }
    return 0;
}

static void registry_remove(int reg)
{
    if (reg > 0 && reg <= EG_OUTFILE_MAX_OPEN)
        atomic_store(&reg_state[reg - 1], SLOT_FREE);
}

void eg_outfile_abort_all_signal_safe(void)
{
    int saved = errno; /* a handler must not disturb the interrupted code's errno */
    for (int i = 0; i < EG_OUTFILE_MAX_OPEN; i++)
        if (atomic_load(&reg_state[i]) == SLOT_LIVE)
            unlink(reg_path[i]);
    errno = saved;
}

/* ---- helpers ----------------------------------------------------------------------------------------- */

/* strerror is not thread-safe; the XSI strerror_r (selected by _POSIX_C_SOURCE) is. */
static const char *errstr(int e, char *buf, size_t size)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
    return strerror_r(e, buf, size); /* the GNU form (sync_file_range needs _GNU_SOURCE): it returns the text */
#else
    if (strerror_r(e, buf, size) != 0)
        snprintf(buf, size, "error %d", e);
    return buf;
#endif
}

/* The process umask. Reading it with umask() means setting it, which races with other threads creating
 * files; Linux reports it in /proc/self/status, so that is tried first. */
static mode_t current_umask(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "Umask:", 6) == 0) {
                char *end;
                unsigned long m = strtoul(line + 6, &end, 8);
                if (end != line + 6) {
                    fclose(f);
                    return (mode_t)(m & 0777);
                }
            }
        }
        fclose(f);
    }
    mode_t m = umask(022);
    umask(m);
    return m;
}

/* The mode the final file should have: that of the file it replaces, else what fopen would have made. */
static mode_t target_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return st.st_mode & 07777;
    return 0666 & ~current_umask();
}

static void outfile_zero(eg_outfile *of)
{
    *of = (eg_outfile){0};
}

/* ---- public functions -------------------------------------------------------------------------------- */

eg_status eg_outfile_open(eg_outfile *of, const char *path, eg_error *err)
{
    static const char suffix[] = ".tmp-XXXXXX";
    char ebuf[128];
    eg_status st = EG_OK;
    int fd = -1;
    size_t len = strlen(path);

    outfile_zero(of);
    of->path = eg_strdup(path);
    of->tmp_path = eg_malloc(len + sizeof suffix);
    if (!of->path || !of->tmp_path) {
        st = eg_error_nomem(err);
        goto fail;
    }
    memcpy(of->tmp_path, path, len);
    memcpy(of->tmp_path + len, suffix, sizeof suffix);

    /* No signal between creating the file and listing it (see the file comment). */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    int masked = pthread_sigmask(SIG_BLOCK, &block, &old) == 0;
    fd = mkstemp(of->tmp_path);
    int e = errno;
    if (fd >= 0)
        of->reg = registry_add(of->tmp_path);
    if (masked)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        st = eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "cannot create %s: %s", path,
                          errstr(e, ebuf, sizeof ebuf));
        goto fail;
    }
    /* Best effort: on filesystems without Unix modes this fails and the filesystem's mode applies. */
    (void)fchmod(fd, target_mode(path));

    of->fp = fdopen(fd, "w");
    if (!of->fp) {
        e = errno;
        st = e == ENOMEM ? eg_error_nomem(err)
                         : eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                                        "cannot create %s: %s", path, errstr(e, ebuf, sizeof ebuf));
        goto fail;
    }
    return EG_OK;

fail:
    if (fd >= 0) {
        close(fd);
        unlink(of->tmp_path);
    }
    registry_remove(of->reg);
    free(of->path);
    free(of->tmp_path);
    outfile_zero(of);
    return st;
}

/* fflush and ferror of of->fp, then fsync when sync: 0, or the errno of what failed. */
static int flush_checked(eg_outfile *of, bool sync)
{
    if (fflush(of->fp) != 0)
        return errno;
    if (ferror(of->fp))
        return EIO; /* an earlier write failed and its errno is gone */
    if (sync && fsync(fileno(of->fp)) != 0 && errno != EINVAL && errno != ENOTSUP)
        return errno;
    return 0;
}

void eg_file_start_writeback(FILE *fp)
{
#ifdef SYNC_FILE_RANGE_WRITE
    if (fflush(fp) == 0)
        (void)sync_file_range(fileno(fp), 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)fp;
#endif
}

eg_status eg_outfile_sync(eg_outfile *of, eg_error *err)
{
    char ebuf[128];
    if (!of->fp)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "sync of an output file that is not open");
    int e = flush_checked(of, true);
    if (e)
        return eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing %s: %s", of->path,
                            errstr(e, ebuf, sizeof ebuf));
    return EG_OK;
}

/* Copies the n bytes of in from its start to out's current offset: copy_file_range, and read/write where
 * the kernel cannot (another file system, an old kernel, a sandbox whose system-call filter answers EPERM;
 * a real permission problem then shows in the write). Returns 0 or an errno. */
static int copy_fd(int in, int out, off_t n)
{
    off_t off = 0;
    bool by_kernel = true;
    char buf[65536];
    while (off < n) {
        ssize_t k;
        if (by_kernel) {
            loff_t in_off = off;
            k = copy_file_range(in, &in_off, out, NULL, (size_t)(n - off), 0);
            if (k < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP ||
                          errno == EPERM)) {
                by_kernel = false;
                continue;
            }
        } else {
            k = pread(in, buf, sizeof buf < (size_t)(n - off) ? sizeof buf : (size_t)(n - off), off);
            for (ssize_t done = 0; k > 0 && done < k;) {
                ssize_t w = write(out, buf + done, (size_t)(k - done));
                if (w < 0 && errno == EINTR)
                    continue;
                if (w <= 0)
                    return w < 0 ? errno : EIO;
                done += w;
            }
        }
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return errno;
        if (k == 0)
            return EIO; /* src is shorter than it was a moment ago */
        off += k;
    }
    return 0;
}

eg_status eg_outfile_append(eg_outfile *dst, eg_outfile *src, eg_error *err)
{
    char ebuf[128];
    struct stat sb;
    if (!dst->fp || !src->fp)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "append to or from an output file that is not open");
    int e = flush_checked(src, false);
    if (!e)
        e = flush_checked(dst, false);
    if (!e && fstat(fileno(src->fp), &sb) != 0)
        e = errno;
    /* dst's stream has nothing buffered after the flush, so its descriptor's offset is the stream's end. */
    if (!e)
        e = copy_fd(fileno(src->fp), fileno(dst->fp), sb.st_size);
    if (e)
        return eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing %s: %s", dst->path,
                            errstr(e, ebuf, sizeof ebuf));
    return EG_OK;
}

eg_status eg_outfile_commit(eg_outfile *of, eg_error *err)
{
    char ebuf[128];
    if (!of->fp)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "commit of an output file that is not open");
    /* After eg_outfile_sync this fsync finds nothing left to write, unless something was written since. */
    int e = flush_checked(of, true);
    int rc = fclose(of->fp);
    if (rc != 0 && !e)
        e = errno;
    of->fp = NULL;

    eg_status st;
    if (e) {
        st = eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing %s: %s", of->path,
                          errstr(e, ebuf, sizeof ebuf));
        eg_outfile_abort(of);
        return st;
    }
    if (rename(of->tmp_path, of->path) != 0) {
        e = errno;
        st = eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "cannot rename %s to %s: %s",
                          of->tmp_path, of->path, errstr(e, ebuf, sizeof ebuf));
        eg_outfile_abort(of);
        return st;
    }
    /* Unlisted only now: a signal before this line unlinks a name that no longer exists. */
    registry_remove(of->reg);
    free(of->path);
    free(of->tmp_path);
    outfile_zero(of);
    return EG_OK;
}

void eg_outfile_abort(eg_outfile *of)
{
    if (!of)
        return;
    if (of->fp)
        fclose(of->fp);
    if (of->tmp_path)
        unlink(of->tmp_path);
    registry_remove(of->reg);
    free(of->path);
    free(of->tmp_path);
    outfile_zero(of);
}

eg_status eg_outfile_fail(eg_outfile *of, eg_status st, eg_error *err)
{
    bool write_failed = of && of->fp && ferror(of->fp);
    if (st == EG_ERR_IO && write_failed && err && !err->path[0])
        snprintf(err->path, sizeof err->path, "%s", of->path);
    eg_outfile_abort(of);
    return st;
}
