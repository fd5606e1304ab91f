/* Role attachment patterns, dated role holders and the role counter (src/roles.h). */
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "harness.h"
#include "roles.h"

static const char dict_tsv[] =
    "id\ttype\tname\taliases\tshort\tcountry\troles\n"
    "person:wi\tperson\tWi Seong-rak\t\tWi\tcountry:KOR\trole:nsa@country:KOR/2025-06/\n"
    "person:rubio\tperson\tMarco Rubio\t\tRubio\tcountry:USA\trole:sos@country:USA/2025-01-21/\n"
    "person:yeo\tperson\tYeo Han-gu\t\tYeo\tcountry:KOR\t\n"
    "person:lee\tperson\tLee Jae-myung\t\tLee\tcountry:KOR\trole:president@country:KOR/2025-06-04/\n"
    "person:moon\tperson\tMoon Jae-in\t\tMoon\tcountry:KOR\trole:president@country:KOR/2017-05-10/2022-05-09\n"
    "person:yoon\tperson\tYoon Suk Yeol\t\tYoon\tcountry:KOR\trole:president@country:KOR/2022-05-10/2025-04-04\n"
    "person:anna\tperson\tAnna Berg\t\t\t\t\n"
    "role:nsa\trole\tNational Security Advisor\t\t\t\t\n"
    "role:sos\trole\tSecretary of State\t\t\t\t\n"
    "role:ctn\trole\tChief Trade Negotiator\t\t\t\t\n"
    "role:president\trole\tPresident\t\t\t\t\n"
    "country:KOR\tcountry\tSouth Korea\tKorea\t\t\t\n"
    "country:USA\tcountry\tUnited States\tUS|U.S.\t\t\t\n"
    "org:acme\torganization\tAcme Corp\t\t\t\t\n";

typedef struct fixture {
    eg_dict *dict;
    eg_matcher *m;
    eg_pipeline *p;
    eg_doc_result res;
} fixture;

static const char *id_of(const fixture *f, uint32_t e)
{
    return e == EG_NO_ENTITY ? "-" : eg_dict_entity(f->dict, e)->id;
}

/* "person role scope;" for each attachment of text, into buf. */
static const char *roles_of(fixture *f, const char *text, const char *date, char *buf, size_t size)
{
    eg_error err;
    buf[0] = '\0';
    if (eg_pipeline_process_doc(f->p, text, strlen(text), date, &f->res, &err) != EG_OK)
        return "error";
    for (size_t i = 0; i < f->res.n_roles; i++) {
        const eg_role_rel *r = &f->res.roles[i];
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s %s %s%s;", id_of(f, r->person), id_of(f, r->role), id_of(f, r->scope),
                 r->scope_in_text ? "" : "*");
    }
    return buf;
}

/* The entity of the role-holder mention of text, or "-". */
static const char *holder_of(fixture *f, const char *text, const char *date)
{
    eg_error err;
    if (eg_pipeline_process_doc(f->p, text, strlen(text), date, &f->res, &err) != EG_OK)
        return "error";
    for (size_t i = 0; i < f->res.n_mentions; i++)
        if (f->res.mentions[i].how == EG_HOW_ROLE_HOLDER)
            return id_of(f, f->res.mentions[i].entity);
    return "-";
}

int main(void)
{
    fixture f = {0};
    eg_error err;
    char buf[1024];
    eg_doc_result_init(&f.res);
    f.dict = eg_dict_new();
    CHECK(f.dict && eg_dict_load_buffer(f.dict, "roles.tsv", dict_tsv, strlen(dict_tsv), &err) == EG_OK);
    CHECK(eg_matcher_new(f.dict, &f.m, &err) == EG_OK);
    CHECK(eg_pipeline_new(f.dict, f.m, &f.p, &err) == EG_OK);

    /* apposition with a possessive scope */
    CHECK_STR(roles_of(&f, "Wi Seong-rak, South Korea's National Security Advisor, arrived.", NULL, buf,
                       sizeof buf),
              "person:wi role:nsa country:KOR;");
    CHECK_STR(roles_of(&f, "Yeo Han-gu, Korea\xE2\x80\x99s Chief Trade Negotiator from the ministry, said.", NULL,
                       buf, sizeof buf),
              "person:yeo role:ctn country:KOR;");
    /* apposition without scope: the person's own country, marked as not from the text */
    CHECK_STR(roles_of(&f, "Wi Seong-rak, the National Security Advisor, spoke.", NULL, buf, sizeof buf),
              "person:wi role:nsa country:KOR*;");
    /* no country anywhere: no scope */
    CHECK_STR(roles_of(&f, "Anna Berg, National Security Advisor, spoke.", NULL, buf, sizeof buf),
              "person:anna role:nsa -*;");
    /* scope after the role */
    CHECK_STR(roles_of(&f, "Anna Berg, Chief Trade Negotiator of Acme Corp, spoke.", NULL, buf, sizeof buf),
              "person:anna role:ctn org:acme;");
    /* serves-as with a chain of roles */
    CHECK_STR(roles_of(&f, "He met Marco Rubio, who serves as both Secretary of State and National Security "
                           "Advisor, on Monday.", NULL, buf, sizeof buf),
              "person:rubio role:sos country:USA*;person:rubio role:nsa country:USA*;");
    CHECK_STR(roles_of(&f, "Marco Rubio, who is Secretary of State, spoke.", NULL, buf, sizeof buf),
              "person:rubio role:sos country:USA*;");
    /* title before the name, with and without a scope */
    CHECK_STR(roles_of(&f, "Secretary of State Marco Rubio said so.", NULL, buf, sizeof buf),
              "person:rubio role:sos country:USA*;");
    CHECK_STR(roles_of(&f, "U.S. Secretary of State Marco Rubio said so.", NULL, buf, sizeof buf),
              "person:rubio role:sos country:USA;");
    CHECK_STR(roles_of(&f, "The President of South Korea Lee Jae-myung said so.", NULL, buf, sizeof buf),
              "person:lee role:president country:KOR;");
    /* no pattern: other words between, or another sentence */
    CHECK_STR(roles_of(&f, "Wi Seong-rak met the National Security Advisor.", NULL, buf, sizeof buf), "");
    CHECK_STR(roles_of(&f, "Wi Seong-rak spoke. National Security Advisor posts are rare.", NULL, buf,
                       sizeof buf), "");
    CHECK_STR(roles_of(&f, "Wi Seong-rak,\n\nNational Security Advisor", NULL, buf, sizeof buf), "");

    /* dated holders */
    CHECK_STR(holder_of(&f, "The South Korean president spoke.", "2025-07-13"), "person:lee");
    CHECK_STR(holder_of(&f, "The South Korean president spoke.", "2019-03-01"), "person:moon");
    CHECK_STR(holder_of(&f, "South Korea's president spoke.", "2023"), "person:yoon");
    CHECK_STR(holder_of(&f, "The president of South Korea spoke.", "2025-07"), "person:lee");
    CHECK_STR(holder_of(&f, "Korea's President spoke.", "2019-01-01T10:00:00Z"), "person:moon");
    /* titles of other first letters, in any case */
    CHECK_STR(holder_of(&f, "South Korea's national security advisor spoke.", "2025-07-13"), "person:wi");
    CHECK_STR(holder_of(&f, "The SECRETARY OF STATE of the United States spoke.", "2025-03-01"), "person:rubio");
    /* no date, a year two holders share, a date before any holder, a name given: nothing */
    CHECK_STR(holder_of(&f, "The South Korean president spoke.", NULL), "-");
    CHECK_STR(holder_of(&f, "The South Korean president spoke.", "2022"), "-");
    CHECK_STR(holder_of(&f, "The South Korean president spoke.", "1990-01-01"), "-");
    CHECK_STR(holder_of(&f, "The South Korean president spoke.", "not a date"), "-");
    CHECK_STR(holder_of(&f, "South Korea's President Lee Jae-myung spoke.", "2025-07-13"), "-");
    CHECK_STR(holder_of(&f, "The US president spoke.", "2025-07-13"), "-");
    CHECK_STR(holder_of(&f, "The presidential race in South Korea.", "2025-07-13"), "-");
    /* the holder's mention keeps text order and also gives an attachment */
    CHECK_STR(holder_of(&f, "Wi Seong-rak met South Korea's president.", "2025-07-13"), "person:lee");
    CHECK_INT(f.res.n_mentions, 3);
    CHECK(f.res.n_mentions == 3 && f.res.mentions[1].start < f.res.mentions[2].start);
    CHECK_STR(roles_of(&f, "Wi Seong-rak met South Korea's president.", "2025-07-13", buf, sizeof buf),
              "person:lee role:president country:KOR;");

    /* the counter: attachments and documents per (person, role, scope) */
    eg_roles_acc *acc = NULL;
    CHECK(eg_roles_acc_new(&acc, &err) == EG_OK);
    const char *docs[] = {"Secretary of State Marco Rubio and Secretary of State Marco Rubio.",
                          "Secretary of State Marco Rubio met Wi Seong-rak, South Korea's National Security Advisor.",
                          "Nothing here."};
    for (size_t d = 0; d < 3; d++) {
        CHECK(eg_pipeline_process(f.p, docs[d], strlen(docs[d]), &f.res, &err) == EG_OK);
        CHECK(eg_roles_acc_add(acc, &f.res, &err) == EG_OK);
    }
    size_t n = 0;
    const eg_role_count *items = eg_roles_acc_items(acc, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        /* sorted by person index: Wi (0) before Rubio (1) */
        CHECK_STR(id_of(&f, items[0].person), "person:wi");
        CHECK_INT(items[0].count, 1);
        CHECK_STR(id_of(&f, items[1].person), "person:rubio");
        CHECK_INT(items[1].count, 3);
        CHECK_INT(items[1].documents, 2);
    }
    eg_roles_acc_free(acc);

    /* the holder index on its own */
    eg_role_index *ix = NULL;
    CHECK(eg_role_index_new(f.dict, &ix, &err) == EG_OK);
    uint32_t pres = (uint32_t)eg_dict_find(f.dict, "role:president");
    uint32_t kor = (uint32_t)eg_dict_find(f.dict, "country:KOR");
    CHECK_STR(id_of(&f, eg_role_index_holder(ix, pres, kor, "2017-05-10")), "person:moon");
    CHECK_STR(id_of(&f, eg_role_index_holder(ix, pres, kor, "2017-05-09")), "-");
    CHECK_STR(id_of(&f, eg_role_index_holder(ix, pres, kor, "2025-04-05")), "-");
    eg_role_index_free(ix);

    eg_doc_result_destroy(&f.res);
    eg_pipeline_free(f.p);
    eg_matcher_free(f.m);
    eg_dict_free(f.dict);
    TEST_END();
}
