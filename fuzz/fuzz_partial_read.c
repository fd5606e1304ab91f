/*
 * fuzz_partial_read: the shard reader (partial.h) on arbitrary bytes, with the dictionary of the seeds
 * (tests/golden/input-csv/dict.tsv). Every shard the reader accepts is merged into the first and written;
 * the written shard must read back and write again to the same bytes (the writer is canonical), and a
 * rejected input must come with a message.
 */
#include <string.h>

#include "dict.h"
#include "entgraph.h"
#include "fuzz.h"
#include "partial.h"

static const char dict_tsv[] = "id\ttype\tname\taliases\tshort\tcountry\n"
                               "person:ana-silva\tperson\tAna Silva\t\tSilva\tcountry:BRA\n"
                               "person:kim-min-jun\tperson\tKim Min-jun\t김민준\tKim\tcountry:KOR\n"
                               "person:lee-ha-eun\tperson\tLee Ha-eun\t\tLee\tcountry:KOR\n"
                               "country:BRA\tcountry\tBrazil\tBrasil|브라질\t\n"
                               "country:KOR\tcountry\tSouth Korea\tKorea|ROK|한국|대한민국\t\n"
                               "org:wto\torganization\tWorld Trade Organization\tWTO\t\n"
                               "role:trade-minister\trole\tTrade Minister\t\t\n";

/* Reads every shard of path, merging each into *acc; the status of the first failure (EG_DONE at the end). */
static eg_status read_all(const char *path, eg_dict *dict, eg_partial **acc, eg_error *err)
{
    eg_partial_reader *r = NULL;
    eg_partial *p = NULL;
    eg_status st = eg_partial_reader_open(path, &r, err);
    while (st == EG_OK && (st = eg_partial_read_header(r, &p, err)) == EG_OK) {
        if (*acc)
            st = eg_partial_check_compatible(*acc, p, err);
        if (st == EG_OK)
            st = eg_partial_read_body(r, dict, p, err);
        if (st == EG_OK && *acc)
            st = eg_partial_merge(*acc, p, err);
        else if (st == EG_OK) {
            *acc = p;
            p = NULL;
        }
        eg_partial_free(p);
        p = NULL;
    }
    eg_partial_free(p);
    eg_partial_reader_free(r);
    return st;
}

/* The shard of p as bytes (malloc'ed), or NULL. */
static char *write_bytes(const eg_partial *p, const eg_dict *dict, size_t *len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    eg_error err;
    if (!fp)
        return NULL;
    eg_status st = eg_partial_write(fp, p, dict, &err);
    fclose(fp);
    FUZZ_ASSERT(st == EG_OK || st == EG_ERR_NOMEM);
    if (st != EG_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1 << 20))
        return 0;
    const char *path = fuzz_temp_file(data, size, ".egp");
    eg_dict *dict = eg_dict_new(), *dict2 = eg_dict_new();
    eg_error err;
    eg_error_clear(&err);
    if (!path || !dict || !dict2 || eg_dict_load_buffer(dict, "fuzz.tsv", dict_tsv, strlen(dict_tsv), &err) ||
        eg_dict_load_buffer(dict2, "fuzz.tsv", dict_tsv, strlen(dict_tsv), &err)) {
        eg_dict_free(dict);
        eg_dict_free(dict2);
        return 0;
    }
    eg_partial *acc = NULL, *again = NULL;
    eg_status st = read_all(path, dict, &acc, &err);
    if (st != EG_DONE) {
        FUZZ_ASSERT(err.message[0] != '\0');
    } else if (acc) {
        eg_dict_settle_discovered(dict);
        size_t n1 = 0, n2 = 0;
        char *w1 = write_bytes(acc, dict, &n1), *w2 = NULL;
        const char *path2 = w1 ? fuzz_temp_file((const uint8_t *)w1, n1, ".again.egp") : NULL;
        if (path2) {
            st = read_all(path2, dict2, &again, &err);
            FUZZ_ASSERT(st == EG_DONE || st == EG_ERR_NOMEM);
            if (st == EG_DONE) {
                eg_dict_settle_discovered(dict2);
                w2 = write_bytes(again, dict2, &n2);
                FUZZ_ASSERT(!w2 || (n1 == n2 && memcmp(w1, w2, n1) == 0));
            }
        }
        free(w1);
        free(w2);
    }
    eg_partial_free(acc);
    eg_partial_free(again);
    eg_dict_free(dict);
    eg_dict_free(dict2);
    return 0;
}
