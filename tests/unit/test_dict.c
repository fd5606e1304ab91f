/*
 * Unit tests for dict: loading good files (BOM, CRLF, comments, short rows, roles, x- columns), every error
 * message with its position, merging by id, atomic loads, case flags, eg_alias_accepts, allocation failure.
 * Fixtures are in tests/unit/data/dict (the test runs in tests/).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dict.h"
#include "error.h"
#include "harness.h"

#define HEADER "id\ttype\tname\taliases\texact\tshort\tcountry\twikidata\troles\n"

/* Loads buf as file name into d; returns the status and leaves "path:line:col: message" in msg. */
static eg_status load(eg_dict *d, const char *name, const char *buf, char *msg, size_t size, eg_error *err)
{
    eg_error e;
    eg_error_clear(&e);
    eg_status st = eg_dict_load_buffer(d, name, buf, strlen(buf), &e);
    msg[0] = '\0';
    if (st)
        eg_error_format(&e, msg, size);
    if (err)
        *err = e;
    return st;
}

/* The error message of loading buf[0..len) alone into a fresh dictionary. */
static const char *load_error_n(const char *name, const char *buf, size_t len)
{
    static char msg[1024];
    eg_error err;
    eg_dict *d = eg_dict_new();
    if (eg_dict_load_buffer(d, name, buf, len, &err) == EG_OK)
        snprintf(msg, sizeof msg, "(no error)");
    else
        eg_error_format(&err, msg, sizeof msg);
    eg_dict_free(d);
    return msg;
}

static const char *load_error(const char *name, const char *buf)
{
    return load_error_n(name, buf, strlen(buf));
}

/* The aliases of entity e as "text/flags" joined by ", " (flags: N name, E exact, S short, C cased). */
static const char *aliases_of(const eg_dict *d, const char *id)
{
    static char buf[1024];
    uint32_t idx[64];
    int64_t e = eg_dict_find(d, id);
    buf[0] = '\0';
    if (e < 0)
        return "(no such entity)";
    size_t n = eg_dict_entity_aliases(d, (uint32_t)e, idx, 64);
    for (size_t i = 0; i < n && i < 64; i++) {
        const eg_alias *a = eg_dict_alias(d, idx[i]);
        char f[8], *p = f;
        if (a->flags & EG_ALIAS_NAME) *p++ = 'N';
        if (a->flags & EG_ALIAS_EXACT) *p++ = 'E';
        if (a->flags & EG_ALIAS_SHORT) *p++ = 'S';
        if (a->flags & EG_ALIAS_CASED) *p++ = 'C';
        *p = '\0';
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, "%s%s/%s", i ? ", " : "", a->text, f);
    }
    return buf;
}

static void test_good_buffer(void)
{
    const char *tsv = "# a comment\n"
                      "\n" HEADER
                      "person:lee\tperson\tLee Jae-myung\t\xec\x9d\xb4\xec\x9e\xac\xeb\xaa\x85\t\tLee\t"
                      "country:KOR\tQ18356"
                      "\trole:president@country:KOR/2025-06-04/\n"
                      "country:KOR\tcountry\tSouth Korea\tKorea|ROK||Korea\xe2\x80\x99s  Times\tKBS\t\t\t"
                      "Q884\n"
                      "country:USA\tcountry\tUnited States\tUS|U.S.|G7 member|america\n";
    char msg[1024];
    eg_dict *d = eg_dict_new();
    CHECK_INT(load(d, "t.tsv", tsv, msg, sizeof msg, NULL), EG_OK);
    CHECK_STR(msg, "");
    CHECK_INT(eg_dict_n_entities(d), 3);
    CHECK_INT(eg_dict_n_aliases(d), 13);

    const eg_entity *lee = eg_dict_entity(d, 0);
    CHECK_STR(lee->id, "person:lee");
    CHECK_STR(lee->type, "person");
    CHECK_STR(lee->label, "Lee Jae-myung");
    CHECK_STR(lee->country, "country:KOR");
    CHECK_STR(lee->wikidata, "Q18356");
    CHECK_STR(lee->roles, "role:president@country:KOR/2025-06-04/");
    CHECK_INT(lee->n_attrs, 0);
    CHECK_STR(aliases_of(d, "person:lee"),
              "Lee Jae-myung/NC, \xec\x9d\xb4\xec\x9e\xac\xeb\xaa\x85/, Lee/SC");

    const eg_entity *kor = eg_dict_entity(d, 1), *usa = eg_dict_entity(d, 2);
    CHECK(kor->type == usa->type); /* interned */
    CHECK(kor->type == eg_dict_type(d, "country"));
    CHECK(eg_dict_type(d, "city") == NULL);
    CHECK(kor->country == NULL);
    CHECK(kor->roles == NULL);
    CHECK_STR(aliases_of(d, "country:KOR"), "South Korea/NC, Korea/C, ROK/EC, Korea's Times/C, KBS/EC");
    CHECK_STR(aliases_of(d, "country:USA"), "United States/NC, US/EC, U.S./EC, G7 member/C, america/");
    CHECK_INT(eg_dict_find(d, "country:USA"), 2);
    CHECK_INT(eg_dict_find(d, "country:usa"), -1);

    /* Keys are folded and normalised; texts keep case. */
    uint32_t idx[8];
    eg_dict_entity_aliases(d, 1, idx, 8);
    const eg_alias *times = eg_dict_alias(d, idx[3]);
    CHECK_STR(times->key, "korea's times");
    CHECK_STR(times->text, "Korea's Times");
    CHECK_INT(times->key_len, 13);
    CHECK_INT(times->entity, 1);
    eg_dict_free(d);
}

static void test_files(void)
{
    eg_error err;
    eg_dict *d = eg_dict_new();
    /* BOM, CRLF, comments, blank and white-space-only lines; rows shorter than the header. */
    CHECK_INT(eg_dict_load_file(d, "unit/data/dict/people.tsv", &err), EG_OK);
    CHECK_INT(eg_dict_n_entities(d), 2);
    CHECK_STR(eg_dict_entity(d, 0)->id, "person:lee-jae-myung");
    CHECK_STR(eg_dict_entity(d, 1)->country, "country:USA");
    CHECK_STR(aliases_of(d, "person:trump"), "Donald Trump/NC, Trump/C");

    /* A directory: *.tsv in byte order of names (a before b), not dot files, not other files. */
    CHECK_INT(eg_dict_load_dir(d, "unit/data/dict/dir", &err), EG_OK);
    CHECK_INT(eg_dict_n_entities(d), 4);
    CHECK_STR(eg_dict_entity(d, 2)->id, "country:KOR");
    CHECK_STR(eg_dict_entity(d, 2)->label, "South Korea"); /* the first definition's label */
    CHECK_STR(eg_dict_entity(d, 3)->id, "country:USA");
    CHECK_INT(eg_dict_find(d, "hidden"), -1);
    CHECK_STR(aliases_of(d, "country:KOR"),
              "South Korea/NC, Korea/C, ROK/EC, \xed\x95\x9c\xea\xb5\xad/, Republic of Korea/C, "
              "\xeb\x8c\x80\xed\x95\x9c\xeb\xaf\xbc\xea\xb5\xad/");
    const eg_entity *kor = eg_dict_entity(d, 2);
    CHECK_INT(kor->n_attrs, 1);
    CHECK_STR(kor->attr_names[0], "continent");
    CHECK_STR(kor->attr_values[0], "Asia");

    /* A directory with a bad file loads nothing of the directory. */
    size_t n_ent = eg_dict_n_entities(d), n_al = eg_dict_n_aliases(d);
    char msg[1024];
    CHECK_INT(eg_dict_load_dir(d, "unit/data/dict/bad_dir/", &err), EG_ERR_PARSE);
    eg_error_format(&err, msg, sizeof msg);
    CHECK_STR(msg, "unit/data/dict/bad_dir/b.tsv:3:1: entity \"c:a\" was defined as country at "
                   "unit/data/dict/bad_dir/a.tsv:2, here as person");
    CHECK_INT(eg_dict_n_entities(d), n_ent);
    CHECK_INT(eg_dict_n_aliases(d), n_al);
    CHECK_INT(eg_dict_find(d, "c:a"), -1);

    CHECK_INT(eg_dict_load_file(d, "unit/data/dict/missing.tsv", &err), EG_ERR_IO);
    eg_error_format(&err, msg, sizeof msg);
    CHECK_STR(msg, "unit/data/dict/missing.tsv: cannot open: No such file or directory");
    CHECK_INT(eg_dict_load_dir(d, "unit/data/dict/missing", &err), EG_ERR_IO);
    eg_error_format(&err, msg, sizeof msg);
    CHECK_STR(msg, "unit/data/dict/missing: cannot open directory: No such file or directory");
    eg_dict_free(d);
}

static void test_errors(void)
{
    /* Columns count characters: "p1\tperson\t" puts the name at column 11. */
    CHECK_STR(load_error("people.tsv", "id\ttype\tname\np1\tperson\t\n"), "people.tsv:2:11: empty name");
    CHECK_STR(load_error("people.tsv", "id\ttype\tname\np1\tperson\n"), "people.tsv:2:10: empty name");
    CHECK_STR(load_error("k.tsv", "id\ttype\tname\n\xed\x95\x9c\xea\xb5\xad\tperson\t\n"),
              "k.tsv:2:11: empty name");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\n\tperson\tX\n"), "x.tsv:2:1: empty id");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\n p\tperson\tX\n"),
              "x.tsv:2:1: id \" p\" begins or ends with white space");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\np\t\tX\n"), "x.tsv:2:3: empty type");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\np\tPerson\tX\n"),
              "x.tsv:2:3: invalid type \"Person\" (use lower-case ASCII letters, digits, '-' and '_')");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\tcolour\n"),
              "x.tsv:1:14: unknown column \"colour\" (allowed: id, type, name, aliases, exact, short, "
              "country, wikidata, roles, or x-NAME)");
    CHECK_STR(load_error("x.tsv", "# header next\nid\tname\taliases\n"),
              "x.tsv:2: missing required column \"type\"");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\tname\n"), "x.tsv:1:14: duplicate column \"name\"");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\tx-a\tx-a\n"), "x.tsv:1:18: duplicate column \"x-a\"");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\tx-\n"),
              "x.tsv:1:14: column \"x-\" needs a NAME after \"x-\"");
    CHECK_STR(load_error("x.tsv", "id\ttype\t\tname\n"), "x.tsv:1:9: empty column name");
    CHECK_STR(load_error("x.tsv", "# only a comment\n\n"),
              "x.tsv: no header row (a first line naming the columns id, type, name, ...)");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\np\tperson\tX\textra\n"),
              "x.tsv:2:12: 4 cells, but the header has 3 columns");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\n"
                                  "person:kim\tperson\tKim\n"
                                  "person:lee\tperson\tLee\n"
                                  "person:kim\torganization\tKim Corp\n"),
              "x.tsv:4:1: entity \"person:kim\" was defined as person at line 2, here as organization");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\np\tperson\tAb\xff\n"),
              "x.tsv:2:12: invalid UTF-8 (byte 0xff)");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\np\tperson\tAb\xc0\xaf\n"), /* overlong */
              "x.tsv:2:12: invalid UTF-8 (byte 0xc0)");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\np\tperson\t\xed\xa0\x80\n"), /* a surrogate */
              "x.tsv:2:10: invalid UTF-8 (byte 0xed)");
    static const char nul[] = "id\ttype\tname\np\tpe\0son\tX\n";
    CHECK_STR(load_error_n("x.tsv", nul, sizeof nul - 1), "x.tsv:2:5: NUL byte");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\taliases\np\tperson\tX\tY| |Z\n"),
              "x.tsv:2:14: alias \" \" normalises to nothing");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\taliases\np\tperson\tX\tY|+-+\n"),
              "x.tsv:2:14: alias \"+-+\" has no letter or digit");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\taliases\np\tperson\tX\tG-7|\xe2\x85\xa6|\xc2\xbd|#1\n"),
              "(no error)"); /* numbers of any kind count: Roman numeral seven, one half */
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\np\tperson\t\xe2\x80\x83\n"),
              "x.tsv:2:10: name \"\xe2\x80\x83\" normalises to nothing");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\tshort\np\tperson\tX\ta\xe2\x80\xa9" "b\n"),
              "x.tsv:2:12: short form \"a\xe2\x80\xa9" "b\" holds a paragraph break");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\twikidata\np\tperson\tX\t42\n"),
              "x.tsv:2:12: invalid wikidata id \"42\" (expected Q and digits, as in Q42)");

    /* Roles: ROLE_ID@SCOPE_ID/FROM/TO. */
    const char *roles_ok = "id\ttype\tname\troles\n"
                           "p\tperson\tX\trole:x@country:KOR//|role:y@//2020|role:z@c/2019-02/2019-02-28||"
                           "role:w@a/b/2000-02-29/2024\n";
    CHECK_STR(load_error("x.tsv", roles_ok), "(no error)");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\troles\np\tperson\tX\trole:x@/\n"),
              "x.tsv:2:12: role \"role:x@/\": expected ROLE_ID@SCOPE_ID/FROM/TO (SCOPE_ID, FROM and TO may "
              "be empty)");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\troles\np\tperson\tX\trole:ok@//|role:x\n"),
              "x.tsv:2:23: role \"role:x\": expected ROLE_ID@SCOPE_ID/FROM/TO (SCOPE_ID, FROM and TO may be "
              "empty)");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\troles\np\tperson\tX\t@c//\n"),
              "x.tsv:2:12: role \"@c//\": expected ROLE_ID@SCOPE_ID/FROM/TO (SCOPE_ID, FROM and TO may be "
              "empty)");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\troles\np\tperson\tX\tr@c/2019-02-29/\n"),
              "x.tsv:2:16: role \"r@c/2019-02-29/\": bad date \"2019-02-29\" (use YYYY, YYYY-MM or "
              "YYYY-MM-DD)");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\troles\np\tperson\tX\tr@c//20\n"),
              "x.tsv:2:17: role \"r@c//20\": bad date \"20\" (use YYYY, YYYY-MM or YYYY-MM-DD)");
    CHECK_STR(load_error("x.tsv", "id\ttype\tname\troles\np\tperson\tX\tr@c/2021/2020-05\n"),
              "x.tsv:2:12: role \"r@c/2021/2020-05\": it ends before it begins");

    /* The byte offset counts the BOM and earlier lines; the column does not count the BOM. */
    eg_dict *d = eg_dict_new();
    eg_error err;
    char msg[1024];
    CHECK_INT(load(d, "b.tsv", "\xef\xbb\xbfid\ttype\tnamz\n", msg, sizeof msg, &err), EG_ERR_PARSE);
    CHECK_STR(msg, "b.tsv:1:9: unknown column \"namz\" (allowed: id, type, name, aliases, exact, short, "
                   "country, wikidata, roles, or x-NAME)");
    CHECK_INT(err.offset, 11);
    CHECK_INT(load(d, "b.tsv", "id\ttype\tname\r\np\tperson\t\xff\r\n", msg, sizeof msg, &err), EG_ERR_UTF8);
    CHECK_INT(err.status, EG_ERR_UTF8);
    CHECK_INT(err.line, 2);
    CHECK_INT(err.column, 10);
    CHECK_INT(err.offset, 23);
    eg_dict_free(d);
}

static void test_merge(void)
{
    char msg[1024];
    eg_dict *d = eg_dict_new();
    CHECK_INT(load(d, "a.tsv",
                   "id\ttype\tname\taliases\tcountry\tx-party\n"
                   "person:lee\tperson\tLee Jae-myung\tLee Jae Myung\t\tDemocratic\n",
                   msg, sizeof msg, NULL),
              EG_OK);
    /* Same id and type: aliases added (duplicates skipped, the repeated name too), empty fields filled, roles
     * appended, a new attribute appended. */
    CHECK_INT(load(d, "b.tsv",
                   "id\ttype\tname\taliases\tcountry\troles\tx-party\tx-born\n"
                   "person:lee\tperson\tLee Jae-myung\tLEE JAE MYUNG|lee jae myung|"
                   "\xec\x9d\xb4\xec\x9e\xac\xeb\xaa\x85\t"
                   "country:KOR\tr:gov@p:gyeonggi/2018/2021\t\t1963\n"
                   "person:lee\tperson\t\xec\x9d\xb4\xec\x9e\xac\xeb\xaa\x85\tLee Jae Myung\t\t"
                   "r:pres@country:KOR/2025/\t"
                   "Democratic\n",
                   msg, sizeof msg, NULL),
              EG_OK);
    CHECK_STR(msg, "");
    CHECK_INT(eg_dict_n_entities(d), 1);
    CHECK_STR(aliases_of(d, "person:lee"),
              "Lee Jae-myung/NC, Lee Jae Myung/C, LEE JAE MYUNG/EC, lee jae myung/, "
              "\xec\x9d\xb4\xec\x9e\xac\xeb\xaa\x85/");
    const eg_entity *e = eg_dict_entity(d, 0);
    CHECK_STR(e->label, "Lee Jae-myung");
    CHECK_STR(e->country, "country:KOR");
    CHECK_STR(e->roles, "r:gov@p:gyeonggi/2018/2021|r:pres@country:KOR/2025/");
    CHECK_INT(e->n_attrs, 2);
    CHECK_STR(e->attr_names[0], "party");
    CHECK_STR(e->attr_values[0], "Democratic");
    CHECK_STR(e->attr_names[1], "born");
    CHECK_STR(e->attr_values[1], "1963");

    /* Conflicts are errors, and the failed file leaves everything as it was. */
    size_t n_aliases = eg_dict_n_aliases(d);
    CHECK_INT(load(d, "c.tsv",
                   "id\ttype\tname\taliases\tcountry\n"
                   "person:new\tperson\tNew Person\t\t\n"
                   "person:lee\tperson\tLee J.\tJaemyung Lee\tcountry:USA\n",
                   msg, sizeof msg, NULL),
              EG_ERR_PARSE);
    CHECK_STR(msg,
              "c.tsv:3:39: entity \"person:lee\" already has country \"country:KOR\", here \"country:USA\"");
    CHECK_INT(load(d, "c.tsv", "id\ttype\tname\tx-party\nperson:lee\tperson\tX\tPeople Power\n", msg,
                   sizeof msg, NULL),
              EG_ERR_PARSE);
    CHECK_STR(msg,
              "c.tsv:2:21: entity \"person:lee\" already has x-party \"Democratic\", here \"People Power\"");
    CHECK_INT(eg_dict_n_entities(d), 1);
    CHECK_INT(eg_dict_n_aliases(d), n_aliases);
    CHECK_INT(eg_dict_find(d, "person:new"), -1);
    e = eg_dict_entity(d, 0);
    CHECK_STR(e->country, "country:KOR");
    CHECK_INT(e->n_attrs, 2);

    /* An empty attribute value is filled by a later row; equal values are fine. */
    CHECK_INT(load(d, "d.tsv", "id\ttype\tname\tx-born\tx-seat\nperson:x\tperson\tX\t\t\n", msg,
                   sizeof msg, NULL),
              EG_OK);
    CHECK_INT(load(d, "e.tsv", "id\ttype\tname\tx-born\tx-seat\nperson:x\tperson\tX\t1970\t\n", msg,
                   sizeof msg, NULL),
              EG_OK);
    e = eg_dict_entity(d, (uint32_t)eg_dict_find(d, "person:x"));
    CHECK_INT(e->n_attrs, 2);
    CHECK_STR(e->attr_values[0], "1970");
    CHECK_STR(e->attr_values[1], "");

    /* A file that merges into an old entity (filling a field, adding aliases) and then fails is undone. */
    eg_dict *d2 = eg_dict_new();
    CHECK_INT(load(d2, "a.tsv", "id\ttype\tname\np\tperson\tPat\n", msg, sizeof msg, NULL), EG_OK);
    CHECK_INT(load(d2, "b.tsv",
                   "id\ttype\tname\taliases\tcountry\troles\n"
                   "p\tperson\tPatricia\tPatty\tc:x\tr@//\n"
                   "q\tperson\tQuinn\n"
                   "q\tcountry\tQuinn\n",
                   msg, sizeof msg, NULL),
              EG_ERR_PARSE);
    CHECK_STR(msg, "b.tsv:4:1: entity \"q\" was defined as person at line 3, here as country");
    CHECK_INT(eg_dict_n_entities(d2), 1);
    CHECK_INT(eg_dict_n_aliases(d2), 1);
    CHECK_STR(aliases_of(d2, "p"), "Pat/NC");
    CHECK(eg_dict_entity(d2, 0)->country == NULL);
    CHECK(eg_dict_entity(d2, 0)->roles == NULL);
    CHECK(eg_dict_type(d2, "country") == NULL);
    /* ... and the dictionary still works: the same rows without the bad one load. */
    CHECK_INT(load(d2, "b.tsv",
                   "id\ttype\tname\taliases\tcountry\n"
                   "p\tperson\tPatricia\tPatty\tc:x\n"
                   "q\tperson\tQuinn\n",
                   msg, sizeof msg, NULL),
              EG_OK);
    CHECK_STR(aliases_of(d2, "p"), "Pat/NC, Patricia/C, Patty/C");
    CHECK_INT(eg_dict_find(d2, "q"), 1);
    CHECK_STR(eg_dict_entity(d2, 0)->country, "c:x");

    /* Across files the message names the earlier file. */
    CHECK_INT(load(d2, "c.tsv", "id\ttype\tname\nq\torganization\tQ Inc\n", msg, sizeof msg, NULL),
              EG_ERR_PARSE);
    CHECK_STR(msg, "c.tsv:2:1: entity \"q\" was defined as person at b.tsv:3, here as organization");
    eg_dict_free(d2);
    eg_dict_free(d);
}

static void test_case_flags(void)
{
    eg_error err;
    eg_dict *d = eg_dict_new();
    /* ÉTAT has only upper-case letters; ǅ (U+01C5) is a title-case letter. */
    CHECK_INT(eg_dict_add(d, "a", "thing", "korea",
                          "US|G7|Korea|McDonald's|\xed\x95\x9c\xea\xb5\xad|\xc3\x89TAT|\xc7\x85ungla",
                          "Apple|nasa", "Lee", &err),
              EG_OK);
    CHECK_STR(aliases_of(d, "a"), "korea/N, US/EC, G7/EC, Korea/C, McDonald's/C, \xed\x95\x9c\xea\xb5\xad/, "
                                  "\xc3\x89TAT/EC, \xc7\x85ungla/C, Apple/EC, nasa/E, Lee/SC");
    eg_dict_free(d);
}

static const eg_alias *alias_with_text(const eg_dict *d, const char *text)
{
    for (uint32_t i = 0; i < eg_dict_n_aliases(d); i++)
        if (strcmp(eg_dict_alias(d, i)->text, text) == 0)
            return eg_dict_alias(d, i);
    return NULL;
}

static void test_accepts(void)
{
    eg_error err;
    eg_dict *d = eg_dict_new();
    CHECK_INT(
        eg_dict_add(d, "us", "country", "United States", "US|Trump Tower", "Caf\xc3\xa9|AP News", NULL, &err),
        EG_OK);
    CHECK_INT(eg_dict_add(d, "k", "country", "korea", NULL, NULL, NULL, &err), EG_OK);
    const eg_alias *us = alias_with_text(d, "US"), *tt = alias_with_text(d, "Trump Tower");
    const eg_alias *cafe = alias_with_text(d, "Caf\xc3\xa9"), *ap = alias_with_text(d, "AP News");
    const eg_alias *korea = alias_with_text(d, "korea"), *name = alias_with_text(d, "United States");
    CHECK(us && tt && cafe && ap && korea && name);
    if (!(us && tt && cafe && ap && korea && name))
        return;
    CHECK(eg_alias_accepts(us, "US", 2));
    CHECK(!eg_alias_accepts(us, "us", 2));
    CHECK(!eg_alias_accepts(us, "Us", 2));
    CHECK(eg_alias_accepts(us, " US\n", 4)); /* trimmed, as keys are */
    CHECK(eg_alias_accepts(cafe, "Caf\xc3\xa9", 5));
    CHECK(eg_alias_accepts(cafe, "Cafe\xcc\x81", 6)); /* NFD */
    CHECK(!eg_alias_accepts(cafe, "CAF\xc3\x89", 5));
    CHECK(!eg_alias_accepts(cafe, "caf\xc3\xa9", 5));
    CHECK(eg_alias_accepts(ap, "AP\nNews", 7));
    CHECK(eg_alias_accepts(ap, "AP  News", 8));
    CHECK(!eg_alias_accepts(ap, "AP news", 7));
    CHECK(!eg_alias_accepts(ap, "AP\n\nNews", 8));
    CHECK(eg_alias_accepts(tt, "Trump Tower", 11));
    CHECK(eg_alias_accepts(tt, "TRUMP TOWER", 11));
    CHECK(eg_alias_accepts(tt, "trump Tower", 11));
    CHECK(!eg_alias_accepts(tt, "trump tower", 11));
    CHECK(eg_alias_accepts(name, "UNITED STATES", 13));
    CHECK(eg_alias_accepts(korea, "korea", 5));
    CHECK(eg_alias_accepts(korea, "KOREA", 5));
    eg_dict_free(d);
}

static void test_add(void)
{
    eg_error err;
    char msg[1024];
    eg_dict *d = eg_dict_new();
    CHECK_INT(eg_dict_add(d, "p", "person", "Pat", NULL, NULL, NULL, &err), EG_OK);
    CHECK_INT(eg_dict_add(d, "p", "person", "Pat", "Patty", NULL, NULL, &err), EG_OK);
    CHECK_STR(aliases_of(d, "p"), "Pat/NC, Patty/C");
    CHECK_INT(eg_dict_add(d, "p", "place", "Pat", NULL, NULL, NULL, &err), EG_ERR_PARSE);
    eg_error_format(&err, msg, sizeof msg);
    CHECK_STR(msg, "entity \"p\" was defined as person earlier, here as place");
    CHECK_INT(eg_dict_add(d, "q", "person", NULL, NULL, NULL, NULL, &err), EG_ERR_PARSE);
    eg_error_format(&err, msg, sizeof msg);
    CHECK_STR(msg, "empty name");
    CHECK_INT(eg_dict_add(d, "q", "person", "Q\tR", NULL, NULL, NULL, &err), EG_ERR_PARSE);
    eg_error_format(&err, msg, sizeof msg);
    CHECK_STR(msg, "name \"Q\tR\" holds a tab or line break");
    CHECK_INT(eg_dict_add(d, "q", "person", "Q", "\xff", NULL, NULL, &err), EG_ERR_UTF8);
    eg_error_format(&err, msg, sizeof msg);
    CHECK_STR(msg, "invalid UTF-8 (byte 0xff) in aliases");
    CHECK_INT(eg_dict_add(d, "q", "person", "Q", "A| ", NULL, NULL, &err), EG_ERR_PARSE);
    CHECK_INT(eg_dict_n_entities(d), 1);
    CHECK_INT(eg_dict_n_aliases(d), 2);
    eg_dict_free(d);
}

/* Every allocation of a load may fail: NOMEM or OK, and after NOMEM the dictionary is unchanged. */
static void test_alloc_failure(void)
{
    const char *tsv = HEADER "p\tperson\tPat\tPatty|P.\t\tPa\tc:x\tQ1\tr@//\n"
                             "q\tperson\tQuinn\tQ\n"
                             "p\tperson\tPatricia\t\t\t\t\t\tr2@//\n";
    int failures = 0, successes = 0;
    for (long k = 1; k < 200 && successes < 3; k++) {
        eg_dict *d = eg_dict_new();
        eg_error err;
        if (!d || eg_dict_add(d, "p", "person", "Pat", "Old", NULL, NULL, &err) != EG_OK) {
            eg_dict_free(d);
            continue;
        }
        eg_alloc_fail_at = k;
        eg_status st = eg_dict_load_buffer(d, "t.tsv", tsv, strlen(tsv), &err);
        eg_alloc_fail_at = 0;
        CHECK(st == EG_OK || st == EG_ERR_NOMEM);
        if (st == EG_ERR_NOMEM) {
            failures++;
            CHECK_INT(eg_dict_n_entities(d), 1);
            CHECK_INT(eg_dict_n_aliases(d), 2);
            CHECK(eg_dict_entity(d, 0)->country == NULL);
            CHECK(eg_dict_entity(d, 0)->roles == NULL);
            CHECK_STR(aliases_of(d, "p"), "Pat/NC, Old/C");
            /* The dictionary is still usable. */
            CHECK_INT(eg_dict_load_buffer(d, "t.tsv", tsv, strlen(tsv), &err), EG_OK);
            CHECK_INT(eg_dict_n_entities(d), 2);
        } else {
            successes++;
            CHECK_INT(eg_dict_n_entities(d), 2);
            CHECK_INT(eg_dict_n_aliases(d), 8);
        }
        eg_dict_free(d);
    }
    CHECK(failures >= 10);
    CHECK(successes >= 1);
}

/* 100,000 aliases load quickly even under sanitizers. */
static void test_many(void)
{
    size_t rows = 25000, cap = rows * 64 + 64, n = 0;
    char *buf = malloc(cap);
    n += (size_t)snprintf(buf + n, cap - n, "id\ttype\tname\taliases\n");
    for (size_t i = 0; i < rows; i++)
        n += (size_t)snprintf(buf + n, cap - n, "e%zu\tthing\tName %zu\tAlias %zu|ALIAS%zu|alias-%zu\n", i, i,
                              i, i, i);
    eg_dict *d = eg_dict_new();
    eg_error err;
    clock_t t0 = clock();
    CHECK_INT(eg_dict_load_buffer(d, "many.tsv", buf, n, &err), EG_OK);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(secs < 5.0);
    CHECK_INT(eg_dict_n_entities(d), rows);
    CHECK_INT(eg_dict_n_aliases(d), rows * 4);
    CHECK_INT(eg_dict_find(d, "e24999"), 24999);
    CHECK_STR(aliases_of(d, "e777"), "Name 777/NC, Alias 777/C, ALIAS777/EC, alias-777/");
    free(buf);
    eg_dict_free(d);
}

int main(void)
{
    test_good_buffer();
    test_files();
    test_errors();
    test_merge();
    test_case_flags();
    test_accepts();
    test_add();
    test_alloc_failure();
    test_many();
    TEST_END();
}
