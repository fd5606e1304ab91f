/*
 * Unit tests for outfile: commit and abort, sync before commit and the writeback hint, an existing file surviving every kind of failure (missing or
 * read-only directory, file size limit), file modes, the signal registry (direct call and a real SIGTERM in
 * a child), and allocation failure. Everything happens in a fresh directory under /tmp.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "harness.h"
#include "outfile.h"

static char dir[64];

static char *path_in(const char *name)
{
    static char buf[8][256];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

/* Number of directory entries other than . and ..; *tmp counts those containing ".tmp-". */
static int count_entries(const char *d, int *tmp)
{
    DIR *dp = opendir(d);
    int n = 0;
    *tmp = 0;
    if (!dp)
        return -1;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        n++;
        if (strstr(de->d_name, ".tmp-"))
            (*tmp)++;
    }
    closedir(dp);
    return n;
}

static int n_temps(void)
{
    int tmp;
    count_entries(dir, &tmp);
    return tmp;
}

/* Whole content of a small file, in a static buffer ("" when missing). */
static const char *slurp(const char *path)
{
    static char buf[65536];
    FILE *f = fopen(path, "rb");
    size_t n = 0;
    if (f) {
        n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
    return buf;
}

static void write_file(const char *path, const char *text)
{
    eg_outfile of;
    eg_error err;
    CHECK_INT(eg_outfile_open(&of, path, &err), EG_OK);
    fputs(text, of.fp);
    CHECK_INT(eg_outfile_commit(&of, &err), EG_OK);
}

static void test_commit_and_abort(void)
{
    eg_outfile of = {0};
    eg_error err;
    const char *a = path_in("a.txt");

    CHECK_INT(eg_outfile_open(&of, a, &err), EG_OK);
    CHECK(of.fp != NULL);
    CHECK_INT(n_temps(), 1);
    fputs("hello\n", of.fp);
    CHECK_INT(eg_outfile_commit(&of, &err), EG_OK);
    CHECK(of.fp == NULL && of.path == NULL && of.tmp_path == NULL && of.reg == 0);
    CHECK_STR(slurp(a), "hello\n");
    CHECK_INT(n_temps(), 0);
    eg_outfile_abort(&of); /* a no-op after commit */
    CHECK_STR(slurp(a), "hello\n");

    /* Abort leaves the old content and no temporary file. */
    CHECK_INT(eg_outfile_open(&of, a, &err), EG_OK);
    fputs("half-written", of.fp);
    eg_outfile_abort(&of);
    CHECK_STR(slurp(a), "hello\n");
    CHECK_INT(n_temps(), 0);

    /* Abort of a new file leaves nothing. */
    const char *b = path_in("b.txt");
    CHECK_INT(eg_outfile_open(&of, b, &err), EG_OK);
    eg_outfile_abort(&of);
    CHECK(access(b, F_OK) != 0);

    /* Zeroed outfiles: abort is fine, commit is a usage error. */
    eg_outfile z = {0};
    eg_outfile_abort(&z);
    eg_outfile_abort(NULL);
    CHECK_INT(eg_outfile_commit(&z, &err), EG_ERR_USAGE);

    /* Replacing an existing file. */
    write_file(a, "second\n");
    CHECK_STR(slurp(a), "second\n");
    CHECK_INT(n_temps(), 0);
}

/* eg_outfile_sync: the file is complete on disk before commit, which then only renames; output written after
 * the sync still reaches the file; the writeback hint ignores streams that are not files. */
static void test_sync(void)
{
    eg_outfile of = {0};
    eg_error err;
    const char *a = path_in("synced.txt");
    CHECK_INT(eg_outfile_open(&of, a, &err), EG_OK);
    for (int i = 0; i < 1000; i++)
        fputs("0123456789abcdef", of.fp);
    eg_file_start_writeback(of.fp);
    CHECK_INT(eg_outfile_sync(&of, &err), EG_OK);
    CHECK(access(a, F_OK) != 0); /* not in place before the commit */
    fputs("tail\n", of.fp);
    CHECK_INT(eg_outfile_commit(&of, &err), EG_OK);
    const char *got = slurp(a);
    CHECK_INT((long long)strlen(got), 16000 + 5);
    CHECK_STR(got + 16000, "tail\n");
    CHECK_INT(n_temps(), 0);

    /* A sync that fails leaves the outfile open for abort; a closed one is a usage error. */
    eg_outfile z = {0};
    CHECK_INT(eg_outfile_sync(&z, &err), EG_ERR_USAGE);
    CHECK_INT(eg_outfile_open(&of, a, &err), EG_OK);
    fputs("lost", of.fp);
    eg_outfile_abort(&of);
    CHECK_INT((long long)strlen(slurp(a)), 16000 + 5);

    /* A pipe: the hint does nothing and does not fail. */
    int fds[2];
    CHECK(pipe(fds) == 0);
    FILE *w = fdopen(fds[1], "w");
    CHECK(w != NULL);
    fputs("x", w);
    eg_file_start_writeback(w);
    char c = 0;
    CHECK(read(fds[0], &c, 1) == 1 && c == 'x');
    fclose(w);
    close(fds[0]);
}

static void test_missing_and_readonly_dir(void)
{
    eg_outfile of;
    eg_error err;
    char expect[512];
    const char *p = path_in("nope/graph.json");

    CHECK_INT(eg_outfile_open(&of, p, &err), EG_ERR_IO);
    snprintf(expect, sizeof expect, "cannot create %s: No such file or directory", p);
    CHECK_STR(err.message, expect);
    CHECK(of.fp == NULL && of.path == NULL && of.tmp_path == NULL);
    eg_outfile_abort(&of);

    /* Read-only directory. root ignores permissions, so then the check runs in a child as "nobody". */
    const char *ro = path_in("ro");
    CHECK(mkdir(ro, 0755) == 0);
    const char *rofile = path_in("ro/keep.txt");
    write_file(rofile, "old\n");
    CHECK(chmod(ro, 0555) == 0);
    fflush(NULL);
    bool forked = geteuid() == 0;
    pid_t pid = forked ? fork() : 0;
    if (pid == 0) {
        int code = 0;
        if (forked && (chmod(dir, 0755) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
            code = 10;
        else if (eg_outfile_open(&of, rofile, &err) != EG_ERR_IO)
            code = 11;
        else {
            snprintf(expect, sizeof expect, "cannot create %s: Permission denied", rofile);
            code = strcmp(err.message, expect) != 0 ? 12 : 0;
        }
        if (forked)
            _exit(code);
        CHECK_INT(code, 0);
    } else {
        int status = 0;
        CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status));
        CHECK_INT(WEXITSTATUS(status), 0);
        chmod(dir, 0700);
    }
    CHECK_STR(slurp(rofile), "old\n");
    CHECK_INT(n_temps(), 0);
    chmod(ro, 0755);
}

static int child_file_limit(const char *path)
{
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {1000, 1000};
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
        return 1;
    eg_outfile of;
    eg_error err;
    char expect[512];
    if (eg_outfile_open(&of, path, &err) != EG_OK)
        return 2;
    for (int i = 0; i < 300; i++) /* 3000 bytes: stays in the stdio buffer until commit */
        fputs("0123456789", of.fp);
    if (eg_outfile_commit(&of, &err) != EG_ERR_IO)
        return 3;
    snprintf(expect, sizeof expect, "writing %s: File too large", path);
    if (strcmp(err.message, expect) != 0) {
        fprintf(stderr, "got: %s\n", err.message);
        return 4;
    }

    /* A writer that fails on its own (more than the buffer): eg_outfile_fail names the file. */
    if (eg_outfile_open(&of, path, &err) != EG_OK)
        return 5;
    int failed = 0;
    for (int i = 0; i < 10000 && !failed; i++)
        failed = fputs("0123456789", of.fp) == EOF;
    if (!failed)
        return 6;
    eg_error_set(&err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing TEST: File too large");
    if (eg_outfile_fail(&of, EG_ERR_IO, &err) != EG_ERR_IO || strcmp(err.path, path) != 0 || of.fp)
        return 7;
    return 0;
}

static void test_file_size_limit(void)
{
    const char *a = path_in("limited.txt");
    write_file(a, "precious\n");
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(child_file_limit(a));
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK_INT(WEXITSTATUS(status), 0);
    CHECK_STR(slurp(a), "precious\n");
    CHECK_INT(n_temps(), 0);
}

static void test_modes(void)
{
    struct stat st;
    const char *n = path_in("mode-new.txt"), *o = path_in("mode-old.txt");
    write_file(n, "x");
    CHECK(stat(n, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0644); /* main() sets umask 022 */
    write_file(o, "x");
    CHECK(chmod(o, 0600) == 0);
    write_file(o, "y");
    CHECK(stat(o, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0600); /* the replaced file's mode is kept */
}

static void test_registry(void)
{
    eg_outfile a, b;
    eg_error err;
    CHECK_INT(eg_outfile_open(&a, path_in("r1.txt"), &err), EG_OK);
    CHECK_INT(eg_outfile_open(&b, path_in("r2.txt"), &err), EG_OK);
    CHECK(a.reg > 0 && b.reg > 0 && a.reg != b.reg);
    CHECK_INT(n_temps(), 2);
    eg_outfile_abort_all_signal_safe();
    CHECK_INT(n_temps(), 0);
    eg_outfile_abort(&a);
    eg_outfile_abort(&b);

    /* More files than slots: all work, the extra ones are merely not listed. */
    enum { N = EG_OUTFILE_MAX_OPEN + 6 };
    static eg_outfile many[N];
    int ok = 1, unlisted = 0;
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "many%d.txt", i);
        ok &= eg_outfile_open(&many[i], path_in(name), &err) == EG_OK;
        unlisted += many[i].reg == 0;
    }
    CHECK(ok);
    CHECK_INT(unlisted, 6);
    for (int i = 0; i < N; i++)
        eg_outfile_abort(&many[i]);
    CHECK_INT(n_temps(), 0);
    /* Slots were released: a new file is listed again. */
    CHECK_INT(eg_outfile_open(&a, path_in("r3.txt"), &err), EG_OK);
    CHECK(a.reg > 0);
    eg_outfile_abort(&a);
}

static void on_term(int sig)
{
    eg_outfile_abort_all_signal_safe();
    _exit(42);
}

static void test_signal(void)
{
    const char *p = path_in("sig.txt");
    write_file(p, "before\n");
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_term;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, NULL);
        eg_outfile of;
        eg_error err;
        if (eg_outfile_open(&of, p, &err) != EG_OK)
            _exit(1);
        fputs("during\n", of.fp);
        fflush(of.fp);
        raise(SIGTERM);
        _exit(2);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
    CHECK_INT(n_temps(), 0);
    CHECK_STR(slurp(p), "before\n");
}

static void test_alloc_failure(void)
{
    eg_outfile of;
    eg_error err;
    const char *p = path_in("nomem.txt");
    for (long k = 1; k <= 2; k++) {
        eg_alloc_fail_at = k;
        CHECK_INT(eg_outfile_open(&of, p, &err), EG_ERR_NOMEM);
        CHECK(of.fp == NULL && of.path == NULL);
        CHECK_INT(n_temps(), 0);
    }
    eg_alloc_fail_at = 0;
}

static void remove_tree(const char *d)
{
    DIR *dp = opendir(d);
    if (!dp)
        return;
    struct dirent *de;
    while ((de = readdir(dp))) {
        char p[512];
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", d, de->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(dp);
    rmdir(d);
}

int main(void)
{
    umask(022);
    snprintf(dir, sizeof dir, "/tmp/eg-outfile-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_commit_and_abort();
    test_sync();
    test_missing_and_readonly_dir();
    test_file_size_limit();
    test_modes();
    test_registry();
    test_signal();
    test_alloc_failure();
    remove_tree(dir);
    TEST_END();
}
