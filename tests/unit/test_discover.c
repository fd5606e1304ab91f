/*
 * test_discover: tokens, the person rules of discover.h, and names in context through the pipeline
 * (surnames after a full name, Korean family names, ambiguity, discovered ids).
 */
#include <stdio.h>
#include <string.h>

#include "dict.h"
#include "discover.h"
#include "harness.h"

static const char lexicon[] = "# test\ngiven\tPhil\ngiven\tMarco\nfamily\tLee\nfamily\tKim\n";

/* The discovered spans of text as "a|b|c". */
static void spans(const eg_lexicon *lex, const char *text, char *out, size_t size)
{
    eg_token_vec tv = {0};
    eg_name_vec nv = {0};
    out[0] = '\0';
    if (eg_tokenize(text, strlen(text), &tv, NULL) == EG_OK && eg_discover_people(lex, text, &tv, &nv, NULL) == EG_OK)
        for (size_t i = 0; i < nv.n; i++)
            snprintf(out + strlen(out), size - strlen(out), "%s%.*s", i ? "|" : "",
                     (int)(nv.items[i].end - nv.items[i].start), text + nv.items[i].start);
    eg_token_vec_destroy(&tv);
    eg_name_vec_destroy(&nv);
}

/* Runs the pipeline and writes "text=entity/how" per mention. */
static void mentions(eg_dict *d, const eg_lexicon *lex, const char *text, char *out, size_t size)
{
    eg_matcher *m = NULL;
    eg_pipeline *p = NULL;
    eg_doc_result res;
    eg_doc_result_init(&res);
    out[0] = '\0';
    static const char *const how[] = {"exact", "alias", "short", "discovered", "trigger"};
    if (eg_matcher_new(d, &m, NULL) == EG_OK && eg_pipeline_new(d, m, &p, NULL) == EG_OK) {
        eg_pipeline_set_discovery(p, lex);
        if (eg_pipeline_process(p, text, strlen(text), &res, NULL) == EG_OK)
            for (size_t i = 0; i < res.n_mentions; i++) {
                const eg_mention *x = &res.mentions[i];
                snprintf(out + strlen(out), size - strlen(out), "%s%.*s=%s/%s", i ? " " : "",
                         (int)(x->end - x->start), text + x->start, eg_dict_entity(d, x->entity)->id, how[x->how]);
            }
    }
    eg_doc_result_destroy(&res);
    eg_pipeline_free(p);
    eg_matcher_free(m);
}

/* The tokens of text as "word/FLAGS word/FLAGS ...", a letter per flag: C (cap), U (upper), L (lower),
 * G (glue), I (initial), H (hyphen), D (dot). */
static void tokens(const char *text, char *out, size_t size)
{
    static const char letters[] = "CULGIHD";
    eg_token_vec tv = {0};
    out[0] = '\0';
    if (eg_tokenize(text, strlen(text), &tv, NULL) == EG_OK)
        for (size_t i = 0; i < tv.n; i++) {
            char f[8] = "";
            for (unsigned b = 0, k = 0; b < 7; b++)
                if (tv.items[i].flags & (1u << b))
                    f[k++] = letters[b];
            snprintf(out + strlen(out), size - strlen(out), "%s%.*s/%s", i ? " " : "",
                     (int)tv.items[i].len, text + tv.items[i].start, f);
        }
    eg_token_vec_destroy(&tv);
}

/* Words of ASCII letters and digits take a fast path; these cases, the general loop's answers, hold for
 * both: words ending at the end, before a joiner ('-', '\'', U+2019, U+2010) or a non-ASCII byte. */
static void test_tokens(void)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"Hello world", "Hello/C world/LG"},
        {"NATO and IBM, G7 x2 _a 42 iPhone McDonald", "NATO/U and/LG IBM/UG G7/U x2/LG _a/G 42/G iPhone/LG McDonald/CG"},
        {"J. R. Smith met Dr. Who.", "J/UID R/UGID Smith/CG met/LG Dr/CGD Who/CGD"},
        {"Jean-Paul O'Brien Obama's", "Jean-Paul/CH O'Brien/CG Obama/CG s/L"},
        {"Café Zoë's Obama\xE2\x80\x99s co\xE2\x80\x90op", "Café/C Zoë/CG s/L Obama/CG s/L co\xE2\x80\x90op/LGH"},
        {"end-", "end/L"},
        {"tail'", "tail/L"},
        {"A", "A/U"},
        {"x-ray e\xCC\x81t\xC3\xA9 Seoul\xEC\x97\x90", "x-ray/LH e\xCC\x81t\xC3\xA9/LG Seoul\xEC\x97\x90/CG"},
    };
    char got[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tokens(cases[i].text, got, sizeof got);
        CHECK_STR(got, cases[i].want);
    }
}

int main(void)
{
    test_tokens();
    eg_lexicon *lex = NULL;
    CHECK_INT(eg_lexicon_load_buffer("t", lexicon, strlen(lexicon), &lex, NULL), EG_OK);
    CHECK(eg_lexicon_has(lex, false, "Phil", 4));
    CHECK(!eg_lexicon_has(lex, false, "Lee", 3));
    CHECK(eg_lexicon_has(lex, true, "Lee", 3));
    eg_lexicon *bad = NULL;
    eg_error err;
    CHECK_INT(eg_lexicon_load_buffer("bad.txt", "given\tA\nnick\tB\n", 15, &bad, &err), EG_ERR_PARSE);
    CHECK_INT((long)err.line, 2);

    char buf[1024];
    spans(lex, "West Indian all-rounder Phil Simmons took four.", buf, sizeof buf);
    CHECK_STR(buf, "Phil Simmons");
    spans(lex, "Secretary of State Marco Rubio met Mr. Smith and President Lee Jae-myung.", buf, sizeof buf);
    CHECK_STR(buf, "Marco Rubio|Smith|Lee Jae-myung");
    spans(lex, "Surrey captain Chris Lewis and A. Dale played at Grace Road near the U.S. Open.", buf, sizeof buf);
    CHECK_STR(buf, "Chris Lewis|A. Dale");
    spans(lex, "PHIL SIMMONS TAKES FOUR. Phil Street is closed.", buf, sizeof buf);
    CHECK_STR(buf, "");
    spans(NULL, "Kim Jong-un and Phil Simmons", buf, sizeof buf);
    CHECK_STR(buf, "");

    eg_dict *d = eg_dict_new();
    CHECK_INT(eg_dict_add(d, "person:marco-rubio", "person", "Marco Rubio", NULL, NULL, NULL, NULL), EG_OK);
    CHECK_INT(eg_dict_add(d, "org:rubio", "organization", "Rubio", NULL, NULL, NULL, NULL), EG_OK);
    CHECK_INT(eg_dict_add(d, "n:3", "organization", "3", "The", NULL, NULL, NULL), EG_OK);
    mentions(d, lex, "Rubio said. Marco Rubio met Phil Simmons. Rubio's aide and Mr. Simmons left. SIMMONS WINS 3.",
             buf, sizeof buf);
    CHECK_STR(buf, "Rubio=org:rubio/exact Marco Rubio=person:marco-rubio/exact "
                   "Phil Simmons=person:discovered:phil-simmons/discovered Rubio=person:marco-rubio/short "
                   "Simmons=person:discovered:phil-simmons/short SIMMONS=person:discovered:phil-simmons/short");
    CHECK_INT((long)eg_dict_n_defined(d), 3);
    CHECK_INT((long)eg_dict_n_entities(d), 4);
    const eg_entity *e = eg_dict_entity(d, 3);
    CHECK_STR(e->attr_names[0], "discovered");
    CHECK_STR(e->attr_values[0], "true");
    /* Korean family name; a surname shared by two people stays unresolved; Dow Jones is no Jones. */
    mentions(d, lex, "Lee spoke. Lee Jae-myung met Kim Jong-un. Lee and Kim agreed.", buf, sizeof buf);
    CHECK_STR(buf, "Lee Jae-myung=person:discovered:lee-jae-myung/discovered "
                   "Kim Jong-un=person:discovered:kim-jong-un/discovered Lee=person:discovered:lee-jae-myung/short "
                   "Kim=person:discovered:kim-jong-un/short");
    mentions(d, lex, "Phil Jones and Marco Jones met. Jones left the Dow Jones index.", buf, sizeof buf);
    CHECK_STR(buf, "Phil Jones=person:discovered:phil-jones/discovered "
                   "Marco Jones=person:discovered:marco-jones/discovered");
    eg_dict_free(d);
    eg_lexicon_free(lex);
    TEST_END();
}
