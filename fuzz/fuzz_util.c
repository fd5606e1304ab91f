/*
 * fuzz_util: helpers shared by the fuzz targets (a temporary file rewritten for each input).
 * One temporary file per suffix and process; it is removed at exit.
 */
#define _DEFAULT_SOURCE /* mkstemps */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_TEMPS = 4 };

/* One temporary file per suffix: its suffix and path. */
static struct temp {
    char suffix[16];
    char path[256];
} temps[MAX_TEMPS];
static size_t n_temps;

static void remove_temps(void)
{
    for (size_t i = 0; i < n_temps; i++)
        unlink(temps[i].path);
}

/* The temporary file for suffix, made on first use (NULL: none could be made). */
static const char *temp_for(const char *suffix)
{
    for (size_t i = 0; i < n_temps; i++)
        if (strcmp(temps[i].suffix, suffix) == 0)
            return temps[i].path;
    if (n_temps == MAX_TEMPS || strlen(suffix) >= sizeof temps[0].suffix)
        return NULL;
    struct temp *t = &temps[n_temps];
    const char *dir = getenv("TMPDIR");
    snprintf(t->path, sizeof t->path, "%s/eg-fuzz-XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
    int fd = mkstemps(t->path, (int)strlen(suffix));
    if (fd < 0)
        return NULL;
    close(fd);
    snprintf(t->suffix, sizeof t->suffix, "%s", suffix);
    if (n_temps++ == 0)
        atexit(remove_temps);
    return t->path;
}

const char *fuzz_temp_file(const uint8_t *data, size_t size, const char *suffix)
{
    const char *path = temp_for(suffix);
    if (!path)
        return NULL;
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return NULL;
    size_t w = size ? fwrite(data, 1, size, fp) : 0;
    if (fclose(fp) != 0 || w != size)
        return NULL;
    return path;
}
