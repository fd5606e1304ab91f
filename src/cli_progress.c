/*
 * cli_progress: the progress line (cli_progress.h). Only the CLI prints; this is part of it.
 */
#include "cli_progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The progress whose line is on the screen, if any: a warning erases it first (eg_cli_progress_clear_shown).
 * Lines are drawn and warnings printed on the calling thread only (engine.h). */
static eg_cli_progress *shown;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void eg_cli_progress_start(eg_cli_progress *p, bool quiet, char *const *inputs, size_t n_inputs)
{
    memset(p, 0, sizeof *p);
    p->t_start = p->t_last = now();
    p->enabled = !quiet && isatty(STDERR_FILENO);
    if (!p->enabled)
        return;
    size_t total = 0;
    for (size_t i = 0; i < n_inputs; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") == 0 || stat(inputs[i], &st) != 0 || !S_ISREG(st.st_mode))
            return; /* stdin, a directory or a FIFO: size unknown, no ETA */
        total += (size_t)st.st_size;
    }
    p->total_bytes = total;
}

double eg_cli_progress_elapsed(const eg_cli_progress *p)
{
    return now() - p->t_start;
}

void eg_cli_progress_update(void *ctx, size_t n_documents, size_t n_bytes)
{
    eg_cli_progress *p = ctx;
    p->n_documents = n_documents;
    p->n_bytes = n_bytes;
    if (!p->enabled)
        return;
    double t = now();
    if (t - p->t_last < 0.25)
        return;
    p->t_last = t;
    double secs = t - p->t_start, mb = (double)n_bytes / 1e6, rate = secs > 0 ? mb / secs : 0;
    char eta[32] = "";
    /* Document text is a little smaller than the files (JSON syntax), so the ETA errs on the long side. */
    if (p->total_bytes && rate > 0 && n_bytes < p->total_bytes)
        snprintf(eta, sizeof eta, ", ETA %.0f s", ((double)(p->total_bytes - n_bytes) / 1e6) / rate);
    fprintf(stderr, "\r\033[K%zu document%s, %.1f MB, %.1f MB/s%s", n_documents, n_documents == 1 ? "" : "s", mb,
            rate, eta);
    fflush(stderr);
    p->drawn = true;
    shown = p;
}

void eg_cli_progress_clear(eg_cli_progress *p)
{
    if (p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->drawn = false;
    }
    if (shown == p)
        shown = NULL;
}

void eg_cli_progress_clear_shown(void)
{
    if (shown)
        eg_cli_progress_clear(shown);
}
