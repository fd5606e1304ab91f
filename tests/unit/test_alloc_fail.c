/*
 * test_alloc_fail: the allocation-failure sweep. eg_alloc_fail_at (error.h) makes the k-th eg_* allocation
 * fail; jansson's allocations are routed through the same hook (json_set_alloc_funcs). For k = 1, 2, ...
 * until a run succeeds:
 *   - dictionary loading: eg_dict_load_dir over the shipped dictionaries/ must end with EG_ERR_NOMEM and a
 *     message, the dictionary still usable and freed without a leak;
 *   - a whole `entgraph build` of the reference article (in process, through eg_cli_main: default
 *     dictionaries, matcher, pipeline, co-occurrence, graph, PageRank, GraphML and JSON export) must exit 1,
 *     leave the outputs of an earlier successful run byte for byte and no temporary file behind; with -j 1
 *     (the k-th allocation is the same in every run) and with -j 2 (the engine's reader and workers, whose
 *     allocations interleave differently from run to run: any failure must still end cleanly).
 * Leaks are LeakSanitizer's to find (the sanitizer build runs this test); a crash fails the test.
 * Prints the number of failure points of each sweep. By default every k of the dictionary load and every 25th
 * k of the build are tried; EG_ALLOC_FAIL_STEP=N tries every N-th k of both (1: all of them),
 * EG_ALLOC_FAIL_K=k tries that k only (to chase one leak report).
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "entgraph.h"
#include "error.h"
#include "harness.h"

static const char article[] = "examples/korea-us-tariffs-2025-07.txt";

static void *hook_malloc(size_t n)
{
    return eg_malloc(n);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 1 << 16, n = 0, r;
    char *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(fp);
    *len = n;
    return buf;
}

/* Does dir hold exactly the files graph.graphml and graph.json with the contents gm and js? */
static bool outputs_intact(const char *dir, const char *gm, size_t gm_len, const char *js, size_t js_len)
{
    char path[600];
    size_t n1 = 0, n2 = 0;
    snprintf(path, sizeof path, "%s/graph.graphml", dir);
    char *a = slurp(path, &n1);
    snprintf(path, sizeof path, "%s/graph.json", dir);
    char *b = slurp(path, &n2);
    bool ok = a && b && n1 == gm_len && n2 == js_len && memcmp(a, gm, n1) == 0 && memcmp(b, js, n2) == 0;
    free(a);
    free(b);
    DIR *d = opendir(dir);
    size_t n_files = 0;
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (de->d_name[0] != '.')
            n_files++;
    if (d)
        closedir(d);
    return ok && n_files == 2;
}

/* Runs `entgraph build -q -j JOBS -o dir article` with stdout and stderr silenced. */
static int run_build(const char *dir, const char *jobs)
{
    char *argv[] = {"entgraph", "build", "-q", "-j", (char *)jobs, "-o", (char *)dir, (char *)article, NULL};
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2), devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    int code = eg_cli_main((int)(sizeof argv / sizeof argv[0]) - 1, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    close(devnull);
    return code;
}

static long env_long(const char *name, long def)
{
    const char *v = getenv(name);
    return v && *v ? atol(v) : def;
}

/* The number of eg_* (and jansson) allocations of one successful dictionary load. */
static long count_dict_load(void)
{
    eg_dict *d = eg_dict_new();
    eg_error err;
    eg_alloc_fail_at = 1L << 40;
    eg_status st = d ? eg_dict_load_dir(d, "dictionaries", &err) : EG_ERR_NOMEM;
    long n = (1L << 40) - eg_alloc_fail_at;
    eg_alloc_fail_at = 0;
    CHECK_INT(st, EG_OK);
    eg_dict_free(d);
    return n;
}

static void sweep_dict_load(long step, long only)
{
    long n_points = count_dict_load();
    long k = only > 0 ? only : 1, failures = 0, bad = 0;
    for (;; k += step) {
        eg_dict *d = eg_dict_new();
        if (!d) {
            CHECK(k == 1);
            failures++;
            continue;
        }
        eg_error err;
        eg_error_clear(&err);
        eg_alloc_fail_at = k;
        eg_status st = eg_dict_load_dir(d, "dictionaries", &err);
        eg_alloc_fail_at = 0;
        if (st == EG_OK) {
            CHECK(eg_dict_n_entities(d) > 4000);
            eg_dict_free(d);
            break;
        }
        failures++;
        if (st != EG_ERR_NOMEM || !err.message[0]) {
            bad++;
            fprintf(stderr, "dictionary load, k=%ld: status %s: %s\n", k, eg_status_string(st), err.message);
        }
        /* A failed load keeps nothing of the failing file; the dictionary stays consistent. */
        for (uint32_t i = 0; i < eg_dict_n_entities(d); i++)
            CHECK(eg_dict_find(d, eg_dict_entity(d, i)->id) == (int64_t)i);
        eg_dict_free(d);
        if (only > 0)
            break;
    }
    CHECK_INT(bad, 0);
    printf("dictionary loading: %ld allocation failure points, %ld tried (every %ld-th), all clean\n",
           n_points, failures, step);
}

static void sweep_build(long step, long only, const char *jobs)
{
    char dir[] = "/tmp/eg-alloc-fail-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    char out[600];
    snprintf(out, sizeof out, "%s/out", dir);
    /* A successful run first: its outputs must survive every failed run unchanged. */
    CHECK_INT(run_build(out, jobs), 0);
    char path[700];
    size_t gm_len = 0, js_len = 0;
    snprintf(path, sizeof path, "%s/graph.graphml", out);
    char *gm = slurp(path, &gm_len);
    snprintf(path, sizeof path, "%s/graph.json", out);
    char *js = slurp(path, &js_len);
    CHECK(gm && js && gm_len > 1000 && js_len > 1000);

    eg_alloc_fail_at = 1L << 40;
    CHECK_INT(run_build(out, jobs), 0);
    long n_points = (1L << 40) - eg_alloc_fail_at;
    eg_alloc_fail_at = 0;

    long k = only > 0 ? only : 1, failures = 0, bad = 0, absorbed = 0;
    for (;; k += step) {
        eg_alloc_fail_at = k;
        int code = run_build(out, jobs);
        bool fired = eg_alloc_fail_at == 0; /* the k-th allocation happened (and failed) */
        eg_alloc_fail_at = 0;
        if (!fired) {
            CHECK_INT(code, 0);
            break;
        }
        failures++;
        /* Exit 0 is fine when the failed allocation was optional (a shrinking realloc) and the outputs
         * are the same. */
        if (code == 0)
            absorbed++;
        if ((code != 1 && code != 0) || !outputs_intact(out, gm, gm_len, js, js_len)) {
            bad++;
            fprintf(stderr, "build, k=%ld: exit %d, outputs %s\n", k, code,
                    outputs_intact(out, gm, gm_len, js, js_len) ? "intact" : "changed");
            run_build(out, jobs); /* restore them, so one finding does not hide the next */
        }
        if (only > 0)
            break;
    }
    CHECK_INT(bad, 0);
    CHECK(outputs_intact(out, gm, gm_len, js, js_len));
    printf("build -j %s of %s: %ld allocation failure points, %ld tried (every %ld-th): %ld exit 1, %ld "
           "absorbed (exit 0, same outputs), outputs intact after each\n", jobs, article, n_points, failures, step,
           failures - absorbed, absorbed);
    free(gm);
    free(js);
    snprintf(path, sizeof path, "%s/graph.graphml", out);
    unlink(path);
    snprintf(path, sizeof path, "%s/graph.json", out);
    unlink(path);
    rmdir(out);
    rmdir(dir);
}

int main(void)
{
    json_set_alloc_funcs(hook_malloc, free);
    /* Every k for dictionary loading; every 25th k for the whole build by default, which keeps the test
     * under a minute in the sanitizer build (EG_ALLOC_FAIL_STEP=1 runs all of them). */
    long step = env_long("EG_ALLOC_FAIL_STEP", 0), only = env_long("EG_ALLOC_FAIL_K", 0);
    long dict_step = step > 0 ? step : 1, build_step = step > 0 ? step : 25;
    /* Paths are relative to the source tree (ctest sets EG_SOURCE_DIR; by hand, run from tests/). */
    const char *src = getenv("EG_SOURCE_DIR");
    if (chdir(src && *src ? src : "..") != 0) {
        fprintf(stderr, "cannot enter the source directory\n");
        return 1;
    }
    sweep_dict_load(dict_step, only);
    sweep_build(build_step, only, "1");
    sweep_build(build_step, only, "2");
    TEST_END();
}
