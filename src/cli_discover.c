/*
 * cli_discover: `entgraph discover INPUT...` lists the people that name discovery found (no dictionary
 * knows them) as a dictionary TSV an analyst can review and append to a dictionary of their own:
 *   id  type  name  x-count  x-example
 * one row per discovered person, most mentioned first (ties by id), with the name as the first document
 * naming them writes it, the number of mentions and that document's sentence (white space folded to single
 * spaces, tabs never appear). The documents are analysed on -j workers and seen in input order
 * (cli_run.h), so the list is the same for any -j.
 */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_network.h"
#include "cli_run.h"
#include "dict.h"
#include "error.h"
#include "input.h"

static const char discover_usage[] =
    "Usage: entgraph discover [OPTIONS] INPUT...\n"
    "\n"
    "Finds the people of INPUT... that no dictionary lists (by given names, titles such as \"President X\"\n"
    "and role words such as \"captain X\") and prints them as a dictionary TSV to review and append to your\n"
    "own dictionary: id, type, name, x-count (mentions) and x-example (the first sentence naming them).\n"
    "INPUT as for 'entgraph build'.\n"
    "\n"
    "Options:\n"
    "  -d, --dict FILE|DIR     load this dictionary too (repeatable)\n"
    "      --no-default-dicts  do not load the shipped dictionaries\n"
    "  -j, --threads N         worker threads (default: one per processor); the output is the same for any N\n"
    "  -q, --quiet             no progress line\n"
    EG_CLI_INPUT_USAGE
    "  -h, --help              show this help\n";

typedef struct found {
    uint32_t entity;
    size_t count;
    char *label;   /* the name as the first document naming them writes it */
    char *example;
} found;

typedef struct found_set {
    found *items;
    size_t n, cap;
    uint32_t *slot; /* entity - first discovered index -> item + 1; n_slot entries */
    size_t n_slot;
} found_set;

static char *sentence_text(const char *s, size_t len)
{
    char *out = eg_malloc(len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = n > 0;
            continue;
        }
        if (space)
            out[n++] = ' ';
        space = false;
        out[n++] = c;
    }
    out[n] = '\0';
    return out;
}

static eg_status note(found_set *f, uint32_t base, const eg_doc_result *res, const eg_mention *m,
                      const char *text)
{
    size_t k = m->entity - base;
    if (k >= f->n_slot) {
        size_t ncap = f->n_slot ? f->n_slot : 64;
        while (ncap <= k)
            ncap *= 2;
        uint32_t *ns = eg_realloc(f->slot, ncap * sizeof *ns);
        if (!ns)
            return EG_ERR_NOMEM;
        memset(ns + f->n_slot, 0, (ncap - f->n_slot) * sizeof *ns);
        f->slot = ns;
        f->n_slot = ncap;
    }
    if (f->slot[k]) {
        f->items[f->slot[k] - 1].count++;
        return EG_OK;
    }
    if (eg_grow((void **)&f->items, &f->cap, f->n + 1, sizeof *f->items))
        return EG_ERR_NOMEM;
    const eg_span *sp = m->sentence < res->n_sentences ? &res->sentences[m->sentence] : NULL;
    char *ex = sp ? sentence_text(text + sp->start, sp->end - sp->start) : eg_strdup("");
    char *label = eg_strndup(text + m->start, m->end - m->start);
    if (!ex || !label) {
        free(ex);
        free(label);
        return EG_ERR_NOMEM;
    }
    f->items[f->n] = (found){.entity = m->entity, .count = 1, .label = label, .example = ex};
    f->slot[k] = (uint32_t)++f->n;
    return EG_OK;
}

/* eg_cli_doc_fn: notes the document's mentions of discovered people (ctx: the found_set). Discovered
 * entities are numbered after the dictionary's own. */
static int note_document(void *ctx, const eg_cli_recognizer *r, const eg_document *doc, const eg_doc_result *res)
{
    uint32_t base = (uint32_t)eg_dict_n_defined(r->dict);
    for (size_t i = 0; i < res->n_mentions; i++) {
        if (res->mentions[i].entity >= base && note(ctx, base, res, &res->mentions[i], doc->text)) {
            eg_error err;
            eg_error_nomem(&err);
            return eg_cli_report(&err);
        }
    }
    return EG_EXIT_OK;
}

static const eg_dict *sort_dict;

static int by_count(const void *a, const void *b)
{
    const found *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(eg_dict_entity(sort_dict, x->entity)->id, eg_dict_entity(sort_dict, y->entity)->id);
}

int eg_cmd_discover(int argc, char **argv)
{
    static const struct option long_opts[] = {
        {"dict", required_argument, NULL, 'd'},
        {"no-default-dicts", no_argument, NULL, 1000},
        {"threads", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    eg_cli_dicts dicts = {0};
    eg_cli_recognizer r = {0};
    found_set f = {0};
    eg_cli_run_stats stats = {0};
    int code = EG_EXIT_OK, c;
    eg_input_options opts;
    if ((code = eg_cli_input_parse("discover", &argc, argv, &opts)) >= 0)
        goto done;
    stats.input = &opts;
    code = EG_EXIT_OK;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:j:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if ((code = eg_cli_dicts_add(&dicts, optarg)) != EG_EXIT_OK)
                goto done;
            break;
        case 1000: dicts.no_default = true; break;
        case 'j':
            if ((code = eg_cli_parse_threads("discover", optarg, &stats.n_threads)) != EG_EXIT_OK)
                goto done;
            break;
        case 'q': stats.quiet = true; break;
        case 'h':
            fputs(discover_usage, stdout);
            code = eg_cli_finish_stdout(EG_EXIT_OK);
            goto done;
        default: code = eg_cli_bad_option("discover", c, argv); goto done;
        }
    }
    if (optind >= argc) {
        code = eg_cli_usage_error("discover", "no INPUT given");
        goto done;
    }
    if ((code = eg_cli_recognizer_load(&dicts, &r)) != EG_EXIT_OK)
        goto done;
    if ((code = eg_cli_for_each_document(&r, argv + optind, (size_t)(argc - optind), note_document, &f,
                                         &stats)) != EG_EXIT_OK)
        goto done;
    sort_dict = r.dict;
    if (f.n) /* f.items is NULL when nothing was found */
        eg_sort(f.items, f.n, sizeof *f.items, by_count);
    printf("id\ttype\tname\tx-count\tx-example\n");
    for (size_t i = 0; i < f.n; i++) {
        const eg_entity *e = eg_dict_entity(r.dict, f.items[i].entity);
        printf("%s\t%s\t%s\t%zu\t%s\n", e->id, e->type, f.items[i].label, f.items[i].count, f.items[i].example);
    }
    code = eg_cli_finish_stdout(EG_EXIT_OK);
done:
    for (size_t i = 0; i < f.n; i++) {
        free(f.items[i].label);
        free(f.items[i].example);
    }
    free(f.items);
    free(f.slot);
    eg_cli_recognizer_free(&r);
    eg_cli_dicts_free(&dicts);
    return code;
}
