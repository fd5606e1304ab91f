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

static char temp_path[256];

static void remove_temp(void)
{
    if (temp_path[0])
        unlink(temp_path);
}

const char *fuzz_temp_file(const uint8_t *data, size_t size, const char *suffix)
{
    if (!temp_path[0]) {
        const char *dir = getenv("TMPDIR");
        snprintf(temp_path, sizeof temp_path, "%s/eg-fuzz-XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
        int fd = mkstemps(temp_path, (int)strlen(suffix));
        if (fd < 0) {
            temp_path[0] = '\0';
            return NULL;
        }
        close(fd);
        atexit(remove_temp);
    }
    FILE *fp = fopen(temp_path, "wb");
    if (!fp)
        return NULL;
    size_t w = size ? fwrite(data, 1, size, fp) : 0;
    if (fclose(fp) != 0 || w != size)
        return NULL;
    return temp_path;
}
