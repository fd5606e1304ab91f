/*
 * Unit tests for dict_check: a check load reports every bad row of a file (not only the first) with its
 * position and keeps the good rows, reports repeated ids and files that fail as a whole, and goes on with a
 * directory's next file; eg_dict_lint finds each kind of warning, in a fixed order.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dict.h"
#include "dict_check.h"
#include "error.h"
#include "harness.h"
#include "matcher.h"

static char tmpdir[] = "/tmp/eg-test-check-XXXXXX";

static const char *tmp_path(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static void write_file(const char *name, const char *text)
{
    FILE *fp = fopen(tmp_path(name), "wb");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
}

/* Every problem, as "KIND LINE:COL message" lines (the path's directory cut off). */
static char log_buf[8192];

static void log_line(const char *kind, const eg_error *e)
{
    size_t used = strlen(log_buf);
    const char *slash = strrchr(e->path, '/');
    snprintf(log_buf + used, sizeof log_buf - used, "%s %s:%zd:%zd %s\n", kind, slash ? slash + 1 : e->path,
             e->line == EG_NO_POS ? (ssize_t)-1 : (ssize_t)e->line,
             e->column == EG_NO_POS ? (ssize_t)-1 : (ssize_t)e->column, e->message);
}

static void on_skipped(void *ctx, const eg_error *e)
{
    (void)ctx;
    log_line("error", e);
}

static void on_repeated(void *ctx, const eg_error *at, uint32_t entity)
{
    const eg_dict *d = ctx;
    eg_error e = *at;
    snprintf(e.message, sizeof e.message, "repeats %s", eg_dict_entity(d, entity)->id);
    log_line("repeated-id", &e);
}

static void on_lint(void *ctx, eg_problem_kind kind, const eg_error *what)
{
    (void)ctx;
    log_line(eg_problem_kind_name(kind), what);
}

static void test_check_load(void)
{
    write_file("a.tsv", "id\ttype\tname\taliases\tcountry\n"
                        "p:1\tperson\tAnn Lee\tLee Ann\n"
                        "p:2\tperson\t\n"                       /* empty name */
                        "p:3\tperson\tBob\tx|!!\n"               /* an alias with no letter */
                        "p:4\tperson\tCid\ta\tb\tc\n"            /* too many cells */
                        "p:5\tPerson\tDan\n"                     /* bad type */
                        "p:1\tcountry\tAnn\n"                    /* a type clash with line 2 */
                        "p:6\tperson\tEve\n"
                        "p:6\tperson\tEve Stone\n");             /* repeated in the same file */
    write_file("b.tsv", "id\ttype\tname\n"
                        "p:6\tperson\tEvelyn\n"
                        "p:7\tperson\tFay \xff\n");              /* invalid UTF-8 */
    write_file("dir_bad.tsv", "id\tkind\tname\n");              /* a bad header: the whole file */
    eg_error err;
    eg_dict *d = eg_dict_new();
    eg_dict_check_hooks hooks = {on_skipped, on_repeated, d};
    log_buf[0] = '\0';
    CHECK_INT(eg_dict_check_path(d, tmp_path("a.tsv"), &hooks, &err), EG_OK);
    CHECK_INT(eg_dict_check_path(d, tmp_path("b.tsv"), &hooks, &err), EG_OK);
    CHECK_INT(eg_dict_check_path(d, tmp_path("missing.tsv"), &hooks, &err), EG_OK);
    CHECK_STR(log_buf, "error a.tsv:3:12 empty name\n"
                       "error a.tsv:4:18 alias \"!!\" has no letter or digit\n"
                       "error a.tsv:5:20 6 cells, but the header has 5 columns\n"
                       "error a.tsv:6:5 invalid type \"Person\" (use lower-case ASCII letters, digits, '-' and '_')\n"
                       "error a.tsv:7:1 entity \"p:1\" was defined as person at line 2, here as country\n"
                       "repeated-id a.tsv:9:1 repeats p:6\n"
                       "repeated-id b.tsv:2:1 repeats p:6\n"
                       "error b.tsv:3:16 invalid UTF-8 (byte 0xff)\n"
                       "error missing.tsv:-1:-1 cannot open: No such file or directory\n");
    /* The good rows stayed: p:1, p:6 (with three names) */
    CHECK_INT(eg_dict_n_defined(d), 2);
    CHECK(eg_dict_find(d, "p:3") < 0 && eg_dict_find(d, "p:6") == 1);
    CHECK_INT(eg_dict_n_aliases(d), 5);

    /* A directory: a file that fails as a whole is reported and the next one still loads. */
    mkdir(tmp_path("dir"), 0777);
    write_file("dir/1.tsv", "id\tkind\tname\n");
    write_file("dir/2.tsv", "id\ttype\tname\np:9\tperson\tGil\n");
    log_buf[0] = '\0';
    CHECK_INT(eg_dict_check_path(d, tmp_path("dir"), &hooks, &err), EG_OK);
    CHECK_STR(log_buf, "error 1.tsv:1:4 unknown column \"kind\" (allowed: id, type, name, aliases, exact, short, "
                       "country, wikidata, roles, or x-NAME)\n");
    CHECK(eg_dict_find(d, "p:9") >= 0);
    eg_dict_free(d);
    unlink(tmp_path("dir/1.tsv"));
    unlink(tmp_path("dir/2.tsv"));
    rmdir(tmp_path("dir"));
    unlink(tmp_path("a.tsv"));
    unlink(tmp_path("b.tsv"));
    unlink(tmp_path("dir_bad.tsv"));
}

static void test_lint(void)
{
    static const char tsv[] =
        "id\ttype\tname\taliases\texact\tshort\tcountry\troles\n"
        "country:GEO\tcountry\tGeorgia\t\t\t\t\t\n"
        "place:ga\tlocation\tGeorgia\t\t\t\tcountry:USA\t\n"                 /* ambiguous; no such country */
        "person:may\tperson\tTheresa May\t\t\tMay\tcountry:GEO\t\n"        /* a short form: common word */
        "person:x\tperson\tXi Jinping\tXi\t\t\tplace:ga\t\n"               /* two letters; not a country */
        "ship:1\tvessel\tSea Star\tnew\t\t\t\trole:captain@country:GEO//\n" /* type; word; no role */
        "org:un\torganization\tUnited Nations\t\tUN\t\t\t\n"              /* exact: fine */
        "person:y\tperson\tYoo\t\t\t유\t\trole:p@place:ga//\n";             /* one character; bad scope */
    eg_error err;
    eg_dict *d = eg_dict_new();
    eg_matcher *m = NULL;
    CHECK_INT(eg_dict_load_buffer(d, "t.tsv", tsv, strlen(tsv), &err), EG_OK);
    CHECK_INT(eg_matcher_new(d, &m, &err), EG_OK);
    size_t n = 0;
    log_buf[0] = '\0';
    CHECK_INT(eg_dict_lint(d, m, on_lint, NULL, &n, &err), EG_OK);
    CHECK_STR(log_buf,
              "ambiguous t.tsv:3:-1 alias \"Georgia\" belongs to 2 entities: country:GEO, place:ga\n"
              "common-word t.tsv:4:-1 alias \"May\" of person:may is a common English word\n"
              "short-alias t.tsv:5:-1 alias \"Xi\" of person:x is very short (2 characters); make it exact or a "
              "short form\n"
              "common-word t.tsv:6:-1 alias \"new\" of ship:1 is a common English word (and matches it in lower "
              "case too)\n"
              "short-alias t.tsv:8:-1 alias \"유\" of person:y is very short (1 character)\n"
              "reference t.tsv:3:-1 country \"country:USA\" of place:ga is no entity\n"
              "reference t.tsv:5:-1 country \"place:ga\" of person:x is not a country\n"
              "unknown-type t.tsv:6:-1 type \"vessel\" of ship:1 is none of person, organization, country, role, "
              "location (allowed, but check the spelling)\n"
              "reference t.tsv:6:-1 role \"role:captain\" of ship:1 is no entity\n"
              "reference t.tsv:8:-1 role \"role:p\" of person:y is no entity\n"
              "reference t.tsv:8:-1 role scope \"place:ga\" of person:y is neither a country nor an "
              "organization\n");
    CHECK_INT(n, 11);
    eg_matcher_free(m);
    eg_dict_free(d);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror(tmpdir);
        return 1;
    }
    test_check_load();
    test_lint();
    rmdir(tmpdir);
    TEST_END();
}
