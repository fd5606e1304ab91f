/*
 * outfile: write a file under a temporary name in the same directory and rename it into place only when
 * everything was written and closed without error, so a failed run never leaves a half-written export and
 * never touches an earlier one.
 *
 * Typical use (one cleanup label; abort is a no-op after a successful commit):
 *
 *     eg_outfile of = {0};
 *     if ((st = eg_outfile_open(&of, path, err)) || (st = write_something(of.fp, err)) ||
 *         (st = eg_outfile_commit(&of, err)))
 *         goto done;
 *   done:
 *     eg_outfile_abort(&of);
 *
 * Signals: open temporary files are listed in a small process-wide registry so that a SIGINT/SIGTERM
 * handler can remove them (eg_outfile_abort_all_signal_safe). Callers must ignore SIGXFSZ
 * (signal(SIGXFSZ, SIG_IGN)); otherwise a write beyond the file size limit (ulimit -f) kills the process
 * before it can report "File too large" and clean up.
 *
 * Errors name the final path in the message, with err->path left empty, e.g.
 * "cannot create output/graph.json: No such file or directory", "writing output/graph.json: File too large".
 */
#ifndef EG_OUTFILE_H
#define EG_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "entgraph.h"

typedef struct eg_outfile {
    FILE *fp;        /* write here; NULL when not open */
    char *path;      /* final path (owned) */
    char *tmp_path;  /* temporary path (path + ".tmp-XXXXXX", owned) */
    int reg;         /* 1 + slot in the signal registry, or 0 when not registered (so {0} is "closed") */
} eg_outfile;

/* Creates the temporary file path + ".tmp-XXXXXX" (mkstemp) and opens of->fp on it. The file gets the mode
 * of an existing file at path, else 0666 minus the umask (mkstemp alone would make it 0600). of may be
 * uninitialised; on error it is left zeroed. Errors: EG_ERR_IO ("cannot create PATH: reason") when the
 * directory is missing or not writable; EG_ERR_NOMEM. */
eg_status eg_outfile_open(eg_outfile *of, const char *path, eg_error *err);

/* fflush, ferror, fsync, fclose (each checked), then rename onto path. On success of is zeroed (abort is then
 * a no-op). On any failure the temporary file is removed, path is untouched, of is zeroed and err says what
 * failed: "writing PATH: File too large" (file size limit), "writing PATH: No space left on device", or
 * "cannot rename TMP to PATH: reason". fsync errors EINVAL/ENOTSUP (special files, some filesystems) are
 * ignored. */
eg_status eg_outfile_commit(eg_outfile *of, eg_error *err);

/* fflush, ferror and fsync now, so that the thread that wrote the file also waits for its disk and the
 * commit's fsync finds nothing left to write. Errors as commit's ("writing PATH: reason"), but of stays
 * open: abort it (or eg_outfile_fail). */
eg_status eg_outfile_sync(eg_outfile *of, eg_error *err);

/* Appends everything written to src to the end of dst (both open; a file written in parts, export.h), with
 * copy_file_range where the kernel can (no copy through user space), else read and write. src stays open:
 * abort it afterwards. Errors: EG_ERR_IO "writing DST-PATH: reason" (a failed write of either file, or the
 * copy); dst stays open (abort it or eg_outfile_fail). O(size of src). */
eg_status eg_outfile_append(eg_outfile *dst, eg_outfile *src, eg_error *err);

/* Starts writing fp's dirty pages to disk without waiting for them (sync_file_range on Linux, nothing
 * elsewhere), so that a writer producing a large file keeps the disk busy and the final fsync has little
 * left to wait for. A hint: every error is ignored (fp may be a pipe or a terminal). */
void eg_file_start_writeback(FILE *fp);

/* Closes and removes the temporary file (after an error elsewhere) and zeroes of. Safe on a committed or
 * zeroed outfile. Never fails (cleanup errors cannot be reported usefully). */
void eg_outfile_abort(eg_outfile *of);

/* For a writer that failed on of->fp: aborts of and, when st is EG_ERR_IO, err->path is empty and the
 * stream had a write error, sets err->path to the final path, so the error prints as
 * "output/graph.graphml: writing GraphML: File too large". Returns st. */
eg_status eg_outfile_fail(eg_outfile *of, eg_status st, eg_error *err);

/* Removes every temporary file still open in this process; async-signal-safe (used by the SIGINT/SIGTERM
 * handler). It only reads the registry and calls unlink(2); the FILE objects are not touched, so the process
 * must exit afterwards (_exit or re-raise). Files opened while the registry was full (more than
 * EG_OUTFILE_MAX_OPEN at once) or with paths longer than EG_OUTFILE_MAX_PATH bytes are not listed and so
 * not removed here. */
void eg_outfile_abort_all_signal_safe(void);

enum { EG_OUTFILE_MAX_OPEN = 64, EG_OUTFILE_MAX_PATH = 1024 };

#endif
