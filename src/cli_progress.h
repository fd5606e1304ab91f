/*
 * cli_progress: the progress line of long runs on stderr (documents, MB, MB/s, and an ETA when the input
 * size is known) and the final throughput figures. The line is drawn only when stderr is a terminal and
 * the run is not --quiet, at most a few times a second, and erased before anything else is printed.
 */
#ifndef EG_CLI_PROGRESS_H
#define EG_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct eg_cli_progress {
    bool enabled;       /* drawing the line at all */
    bool drawn;         /* a line is on the screen now */
    size_t total_bytes; /* bytes of the inputs when all are regular files, else 0 (no ETA) */
    double t_start;     /* monotonic seconds at start */
    double t_last;      /* when the line was last drawn */
    size_t n_documents, n_bytes; /* delivered so far */
} eg_cli_progress;

/* Starts the clock; enables the line when !quiet and stderr is a terminal; sums the sizes of inputs (all
 * regular files or directories of them, else the total is unknown). Never fails. */
void eg_cli_progress_start(eg_cli_progress *p, bool quiet, char *const *inputs, size_t n_inputs);

/* Engine progress callback (ctx is the eg_cli_progress). Redraws at most every 0.25 s. */
void eg_cli_progress_update(void *ctx, size_t n_documents, size_t n_bytes);

/* Erases the line if drawn (call before printing anything else). */
void eg_cli_progress_clear(eg_cli_progress *p);
/* Erases whichever progress line is on the screen, if any: for printers that do not know the run
 * (warnings). */
void eg_cli_progress_clear_shown(void);

/* Seconds since start. */
double eg_cli_progress_elapsed(const eg_cli_progress *p);

#endif
