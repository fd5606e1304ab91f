/*
 * fuzz_dict_tsv: the dictionary TSV reader (eg_dict_load_buffer) on arbitrary bytes.
 *
 * Invariants checked: a load either succeeds or fails with an error status and a message; a failed load
 * keeps nothing of the file (the dictionary's sizes are those before it); a matcher builds over whatever
 * loaded; loading the same bytes a second time into the same dictionary (a merge) neither crashes nor
 * leaks.
 */
#include <string.h>

#include "entgraph.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eg_dict *dict = eg_dict_new();
    if (!dict)
        return 0;
    eg_error err;
    eg_error_clear(&err);
    /* A first small file, so that the fuzzed one can also merge into existing entities. */
    static const char base[] = "id\ttype\tname\taliases\n"
                               "country:KOR\tcountry\tSouth Korea\tKorea|ROK|한국\n"
                               "person:x\tperson\tLee Jae-myung\tLee\n";
    FUZZ_ASSERT(eg_dict_load_buffer(dict, "base.tsv", base, sizeof base - 1, &err) == EG_OK);
    size_t n_ent = eg_dict_n_entities(dict), n_al = eg_dict_n_aliases(dict);

    eg_status st = eg_dict_load_buffer(dict, "fuzz.tsv", (const char *)data, size, &err);
    if (st != EG_OK) {
        FUZZ_ASSERT(err.status == st);
        FUZZ_ASSERT(err.message[0] != '\0');
        FUZZ_ASSERT(eg_dict_n_entities(dict) == n_ent);
        FUZZ_ASSERT(eg_dict_n_aliases(dict) == n_al);
    } else {
        for (uint32_t i = 0; i < eg_dict_n_entities(dict); i++) {
            const eg_entity *e = eg_dict_entity(dict, i);
            FUZZ_ASSERT(e && e->id && e->type && e->label);
            FUZZ_ASSERT(eg_dict_find(dict, e->id) == (int64_t)i);
        }
        /* Loading it again merges into the same ids (or fails cleanly, e.g. on a type clash). */
        eg_dict_load_buffer(dict, "again.tsv", (const char *)data, size, &err);
    }
    eg_matcher *m = NULL;
    if (eg_matcher_new(dict, &m, &err) == EG_OK)
        eg_matcher_free(m);
    eg_dict_free(dict);
    return 0;
}
