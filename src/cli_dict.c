/*
 * cli_dict: `entgraph dict compile|check|stats`: compiled dictionaries (dict_compiled.h), every problem of a
 * set of dictionaries (dict_check.h), and their counts, sizes and load time.
 *
 * All three choose their dictionaries as build does (eg_cli_dicts_load): the shipped ones unless
 * --no-default-dicts, then each FILE|DIR argument and each -d in order; a compiled dictionary must be the
 * only one. check reports problems on standard output, one a line, and ends with a summary line.
 */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_query.h"
#include "dict.h"
#include "dict_check.h"
#include "dict_compiled.h"
#include "error.h"
#include "matcher.h"

static const char dict_usage[] =
    "Usage: entgraph dict COMMAND [OPTIONS] [FILE|DIR...]\n"
    "\n"
    "Compiles, checks and counts dictionaries.\n"
    "\n"
    "Commands:\n"
    "  compile  write the dictionaries and their automaton as one compiled dictionary (-o FILE.egd) that\n"
    "           every command maps at once with -d FILE.egd, without reading or building anything\n"
    "  check    report every problem: rows that do not load (errors) and likely mistakes (warnings)\n"
    "  stats    count entities, aliases, keys and automaton states; memory and load time\n"
    "\n"
    "The dictionaries are chosen as for 'entgraph build': the shipped ones unless --no-default-dicts, then\n"
    "each FILE|DIR (or -d FILE|DIR) in order. A compiled dictionary must be the only one given; the\n"
    "shipped dictionaries are not loaded with it (compile put them in, unless told --no-default-dicts).\n"
    "\n"
    "Run 'entgraph dict COMMAND --help' for the options of a command.\n"
    "Exit codes: 0 success, 1 data or runtime error (check: an error was found), 2 usage error.\n";

static const char compile_usage[] =
    "Usage: entgraph dict compile [OPTIONS] [FILE|DIR...] -o FILE.egd\n"
    "\n"
    "Loads the dictionaries (the shipped ones unless --no-default-dicts, then each FILE|DIR and -d in\n"
    "order), builds their automaton and writes both as one compiled dictionary. 'entgraph build -d FILE.egd'\n"
    "(or any command's -d) then maps it and uses it as it lies: no reading of TSV, no building, the same\n"
    "outputs byte for byte. The file is replaced atomically. Format: docs/compiled-dictionary.md.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE       the compiled dictionary to write (required)\n"
    "  -d, --dict FILE|DIR     a dictionary to load too (repeatable; the same as a FILE|DIR argument)\n"
    "      --no-default-dicts  do not load the shipped dictionaries\n"
    "  -q, --quiet             print nothing but errors\n"
    "  -h, --help              show this help\n";

static const char check_usage[] =
    "Usage: entgraph dict check [OPTIONS] [FILE|DIR|EGD...]\n"
    "\n"
    "Loads the dictionaries (the shipped ones unless --no-default-dicts, then each FILE|DIR|EGD and -d)\n"
    "and prints every problem, one a line, then a summary:\n"
    "  FILE:LINE:COLUMN: error: MESSAGE    a row, line or file that does not load (the rest still loads)\n"
    "  FILE:LINE: warning: MESSAGE [KIND]  content that loads but is likely wrong, at the entity's first\n"
    "                                      definition; KIND is one of\n"
    "    repeated-id   a row repeats an id defined before it (in another file, or earlier in the same one)\n"
    "    ambiguous     an alias several entities share (short forms aside: they are meant to be shared)\n"
    "    common-word   an alias that is a common English word, such as \"may\" or \"new\"\n"
    "    short-alias   an alias of one character, or of two ASCII letters or digits that is neither exact\n"
    "                  nor a short form\n"
    "    unknown-type  a type other than person, organization, country, role, location\n"
    "    reference     a country, role or role scope that names no entity of the right type\n"
    "Exit code 1 when there is an error, 0 when there are warnings only.\n"
    "\n"
    "Options:\n"
    "  -d, --dict FILE|DIR     a dictionary to check too (the same as a FILE|DIR argument)\n"
    "      --no-default-dicts  do not load the shipped dictionaries\n"
    "  -h, --help              show this help\n";

static const char stats_usage[] =
    "Usage: entgraph dict stats [OPTIONS] [FILE|DIR|EGD...]\n"
    "\n"
    "Loads the dictionaries (the shipped ones unless --no-default-dicts, then each FILE|DIR|EGD and -d) as\n"
    "a command would, and prints: entities by type; aliases, with the canonical names, exact, short and\n"
    "cased ones among them; distinct keys (the automaton's patterns) and their bytes; automaton states,\n"
    "transitions and edge-array entries; the memory held (bytes of the dictionary and automaton on the\n"
    "heap, and of a compiled dictionary's mapping); and the time the load took (reading, and building the\n"
    "automaton: none for a compiled dictionary).\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT     table (default), tsv or json\n"
    "  -d, --dict FILE|DIR     a dictionary to load too (the same as a FILE|DIR argument)\n"
    "      --no-default-dicts  do not load the shipped dictionaries\n"
    "  -h, --help              show this help\n";

enum { OPT_NO_DEFAULT = 1300 };

/* The options of the three commands: -d, --no-default-dicts and --help always, -o and -q when out and quiet
 * are given (compile), -f when fmt is (stats). Returns an exit code, or -1 to go on; positional arguments
 * are added to dicts. */
static int parse(const char *cmd, const char *usage, int argc, char **argv, eg_cli_dicts *dicts,
                 const char **out, bool *quiet, eg_cli_format *fmt)
{
    struct option opts[7] = {{"dict", required_argument, NULL, 'd'},
                             {"no-default-dicts", no_argument, NULL, OPT_NO_DEFAULT},
                             {"help", no_argument, NULL, 'h'}};
    char shorts[16] = ":d:h";
    int n = 3;
    if (out) {
        opts[n++] = (struct option){"output", required_argument, NULL, 'o'};
        strcat(shorts, "o:");
    }
    if (quiet) {
        opts[n++] = (struct option){"quiet", no_argument, NULL, 'q'};
        strcat(shorts, "q");
    }
    if (fmt) {
        opts[n++] = (struct option){"format", required_argument, NULL, 'f'};
        strcat(shorts, "f:");
    }
    opts[n] = (struct option){NULL, 0, NULL, 0};
    char full[32];
    snprintf(full, sizeof full, "dict %s", cmd);
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shorts, opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (eg_cli_dicts_add(dicts, optarg) != EG_EXIT_OK)
                return EG_EXIT_ERROR;
            break;
        case OPT_NO_DEFAULT: dicts->no_default = true; break;
        case 'o': *out = optarg; break;
        case 'q': *quiet = true; break;
        case 'f':
            if (eg_cli_parse_format(full, optarg, fmt) != EG_EXIT_OK)
                return EG_EXIT_USAGE;
            break;
        case 'h': fputs(usage, stdout); return eg_cli_finish_stdout(EG_EXIT_OK);
        default: return eg_cli_bad_option(full, c, argv);
        }
    }
    for (int i = optind; i < argc; i++)
        if (eg_cli_dicts_add(dicts, argv[i]) != EG_EXIT_OK)
            return EG_EXIT_ERROR;
    return -1;
}

/* ---- compile --------------------------------------------------------------------------------------- */

static int cmd_compile(int argc, char **argv)
{
    eg_cli_dicts dicts = {0};
    const char *out = NULL;
    bool quiet = false;
    eg_dict *dict = NULL;
    eg_matcher *m = NULL;
    eg_error err;
    eg_error_clear(&err);
    int code = parse("compile", compile_usage, argc, argv, &dicts, &out, &quiet, NULL);
    if (code >= 0)
        goto done;
    if (!out) {
        code = eg_cli_usage_error("dict compile", "no output file: give -o FILE.egd");
        goto done;
    }
    if ((code = eg_cli_dicts_load(&dicts, &dict, &m, NULL)) != EG_EXIT_OK)
        goto done;
    if (eg_dict_compiled_write(dict, m, out, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
    struct stat sb;
    if (!quiet) {
        printf("wrote %s (%lld bytes): %zu entities, %zu aliases, %zu keys, %zu automaton states\n", out,
               stat(out, &sb) == 0 ? (long long)sb.st_size : -1LL, eg_dict_n_defined(dict),
               eg_dict_n_aliases(dict), eg_matcher_n_patterns(m), eg_matcher_n_states(m));
        code = eg_cli_finish_stdout(EG_EXIT_OK);
    }
done:
    eg_matcher_free(m);
    eg_dict_free(dict);
    eg_cli_dicts_free(&dicts);
    return code;
}

/* ---- check ----------------------------------------------------------------------------------------- */

typedef struct check_run {
    const eg_dict *dict;
    size_t n_errors, n_warnings;
} check_run;

/* "PATH:LINE:COLUMN: LEVEL: MESSAGE [KIND]", the position as far as it is known. */
static void print_problem(const char *level, const eg_error *e, const char *kind)
{
    if (e->path[0]) {
        printf("%s:", e->path);
        if (e->line != EG_NO_POS) {
            printf("%zu:", e->line);
            if (e->column != EG_NO_POS)
                printf("%zu:", e->column);
        } else if (e->offset != EG_NO_POS) {
            printf("byte %zu:", e->offset);
        }
        putchar(' ');
    }
    printf("%s: %s", level, e->message[0] ? e->message : eg_status_string(e->status));
    if (kind)
        printf(" [%s]", kind);
    putchar('\n');
}

static void on_skipped(void *ctx, const eg_error *err)
{
    check_run *run = ctx;
    run->n_errors++;
    print_problem("error", err, NULL);
}

static void on_repeated(void *ctx, const eg_error *at, uint32_t entity)
{
    check_run *run = ctx;
    size_t line;
    const char *path = eg_dict_entity_source(run->dict, entity, &line);
    eg_error e = *at;
    snprintf(e.message, sizeof e.message, "id \"%s\" was defined before, at %s:%zu; this row adds to it",
             eg_dict_entity(run->dict, entity)->id, path ? path : "?", line);
    run->n_warnings++;
    print_problem("warning", &e, eg_problem_kind_name(EG_PROBLEM_REPEATED_ID));
}

static void on_lint(void *ctx, eg_problem_kind kind, const eg_error *what)
{
    check_run *run = ctx;
    run->n_warnings++;
    print_problem("warning", what, eg_problem_kind_name(kind));
}

static int cmd_check(int argc, char **argv)
{
    eg_cli_dicts dicts = {0};
    eg_dict *dict = NULL;
    eg_matcher *m = NULL;
    check_run run = {0};
    eg_error err;
    eg_error_clear(&err);
    eg_status st = EG_OK;
    size_t n_lint = 0;
    int code = parse("check", check_usage, argc, argv, &dicts, NULL, NULL, NULL);
    if (code >= 0)
        goto done;
    code = EG_EXIT_OK;
    const char *egd = NULL;
    for (size_t i = 0; i < dicts.n_paths && !egd; i++)
        if (eg_dict_compiled_sniff(dicts.paths[i]))
            egd = dicts.paths[i];
    if (egd && dicts.n_paths > 1) {
        code = eg_cli_usage_error("dict check", "%s is a compiled dictionary: check it alone", egd);
        goto done;
    }
    if (egd) {
        /* A compiled dictionary is checked as a whole when it loads; its content is then linted. */
        if (eg_dict_compiled_load(egd, &dict, &m, &err) != EG_OK) {
            on_skipped(&run, &err);
            goto summary;
        }
        run.dict = dict;
    } else {
        if (!(dict = eg_dict_new())) {
            code = eg_cli_fail("out of memory");
            goto done;
        }
        run.dict = dict;
        eg_dict_check_hooks hooks = {on_skipped, on_repeated, &run};
        char buf[PATH_MAX + 64];
        if (!dicts.no_default)
            st = eg_dict_check_path(dict, eg_cli_shipped_dicts(buf, sizeof buf), &hooks, &err);
        for (size_t i = 0; st == EG_OK && i < dicts.n_paths; i++)
            st = eg_dict_check_path(dict, dicts.paths[i], &hooks, &err);
        if (st == EG_OK)
            st = eg_matcher_new(dict, &m, &err);
        if (st != EG_OK) {
            code = eg_cli_report(&err);
            goto done;
        }
    }
    if (eg_dict_lint(dict, m, on_lint, &run, &n_lint, &err) != EG_OK) {
        code = eg_cli_report(&err);
        goto done;
    }
summary:
    printf("%zu entities, %zu aliases: %zu error%s, %zu warning%s\n", dict ? eg_dict_n_defined(dict) : 0,
           dict ? eg_dict_n_aliases(dict) : 0, run.n_errors, run.n_errors == 1 ? "" : "s", run.n_warnings,
           run.n_warnings == 1 ? "" : "s");
    code = eg_cli_finish_stdout(EG_EXIT_OK);
    if (code == EG_EXIT_OK && run.n_errors)
        code = eg_cli_fail("%zu error%s in the dictionaries (listed on standard output)", run.n_errors,
                           run.n_errors == 1 ? "" : "s");
done:
    eg_matcher_free(m);
    eg_dict_free(dict);
    eg_cli_dicts_free(&dicts);
    return code;
}

/* ---- stats ----------------------------------------------------------------------------------------- */

typedef struct type_count {
    const char *type;
    size_t n;
} type_count;

static int cmp_type_counts(const void *pa, const void *pb)
{
    const type_count *a = pa, *b = pb;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return strcmp(a->type, b->type);
}

typedef struct dict_stats {
    const char *const *sources;
    size_t n_sources;
    bool compiled;
    size_t entities;
    type_count *types;
    size_t n_types;
    size_t aliases, names, exact, shorts, cased;
    size_t keys, key_bytes, states, edge_entries;
    size_t memory, mapped;
    double load_ms, build_ms;
} dict_stats;

static int stats_json(const dict_stats *s)
{
    json_t *o = json_object(), *src = json_array(), *types = json_object();
    int bad = !o || !src || !types;
    for (size_t i = 0; !bad && i < s->n_sources; i++)
        bad |= json_array_append_new(src, json_string(s->sources[i]));
    for (size_t i = 0; !bad && i < s->n_types; i++)
        bad |= json_object_set_new(types, s->types[i].type, json_integer((json_int_t)s->types[i].n));
    struct {
        const char *key;
        size_t v;
    } counts[] = {{"aliases", s->aliases},         {"aliases_name", s->names},   {"aliases_exact", s->exact},
                  {"aliases_short", s->shorts},    {"aliases_cased", s->cased},  {"keys", s->keys},
                  {"key_bytes", s->key_bytes},     {"states", s->states},
                  {"transitions", s->states ? s->states - 1 : 0},
                  {"edge_entries", s->edge_entries}, {"memory_bytes", s->memory}, {"mapped_bytes", s->mapped}};
    if (!bad) {
        bad |= json_object_set_new(o, "sources", src);
        src = NULL;
        bad |= json_object_set_new(o, "compiled", json_boolean(s->compiled));
        bad |= json_object_set_new(o, "entities", json_integer((json_int_t)s->entities));
        bad |= json_object_set_new(o, "entities_by_type", types);
        types = NULL;
        for (size_t i = 0; !bad && i < sizeof counts / sizeof counts[0]; i++)
            bad |= json_object_set_new(o, counts[i].key, json_integer((json_int_t)counts[i].v));
        bad |= json_object_set_new(o, "load_ms", json_real(s->load_ms));
        bad |= json_object_set_new(o, "build_ms", json_real(s->build_ms));
    }
    json_decref(src);
    json_decref(types);
    if (bad) {
        json_decref(o);
        o = NULL;
    }
    return eg_cli_print_json(o);
}

static void stats_tsv(const dict_stats *s)
{
    printf("key\tvalue\n");
    for (size_t i = 0; i < s->n_sources; i++) {
        printf("source\t");
        eg_cli_print_tsv_cell(stdout, s->sources[i]);
        putchar('\n');
    }
    printf("compiled\t%s\nentities\t%zu\n", s->compiled ? "true" : "false", s->entities);
    for (size_t i = 0; i < s->n_types; i++) {
        printf("entities_by_type:");
        eg_cli_print_tsv_cell(stdout, s->types[i].type);
        printf("\t%zu\n", s->types[i].n);
    }
    printf("aliases\t%zu\naliases_name\t%zu\naliases_exact\t%zu\naliases_short\t%zu\naliases_cased\t%zu\n"
           "keys\t%zu\nkey_bytes\t%zu\nstates\t%zu\ntransitions\t%zu\nedge_entries\t%zu\nmemory_bytes\t%zu\n"
           "mapped_bytes\t%zu\nload_ms\t%.1f\nbuild_ms\t%.1f\n",
           s->aliases, s->names, s->exact, s->shorts, s->cased, s->keys, s->key_bytes, s->states,
           s->states ? s->states - 1 : 0, s->edge_entries, s->memory, s->mapped, s->load_ms, s->build_ms);
}

static void stats_table(const dict_stats *s)
{
    printf("sources     ");
    for (size_t i = 0; i < s->n_sources; i++)
        printf("%s%s", i ? ", " : "", s->sources[i]);
    printf("%s\n", s->compiled ? " (compiled)" : "");
    printf("entities    %zu\n", s->entities);
    for (size_t i = 0; i < s->n_types; i++) {
        printf("  ");
        eg_cli_print_cell(stdout, s->types[i].type, 20, false);
        printf("  %9zu\n", s->types[i].n);
    }
    printf("aliases     %zu (%zu names, %zu exact, %zu short forms, %zu cased)\n", s->aliases, s->names, s->exact,
           s->shorts, s->cased);
    printf("keys        %zu distinct, %zu bytes\n", s->keys, s->key_bytes);
    printf("automaton   %zu states, %zu transitions, %zu edge-array entries\n", s->states,
           s->states ? s->states - 1 : 0, s->edge_entries);
    printf("memory      %.1f MB on the heap, %.1f MB mapped\n", s->memory / 1e6, s->mapped / 1e6);
    printf("load time   %.1f ms reading, %.1f ms building the automaton\n", s->load_ms, s->build_ms);
}

static int cmd_stats(int argc, char **argv)
{
    eg_cli_dicts dicts = {0};
    eg_cli_format fmt = EG_FMT_TABLE;
    eg_dict *dict = NULL;
    eg_matcher *m = NULL;
    dict_stats s = {0};
    const char **sources = NULL;
    double ms[2];
    int code = parse("stats", stats_usage, argc, argv, &dicts, NULL, NULL, &fmt);
    if (code >= 0)
        goto done;
    if ((code = eg_cli_dicts_load(&dicts, &dict, &m, ms)) != EG_EXIT_OK)
        goto done;
    s.compiled = dicts.n_paths == 1 && eg_dict_compiled_sniff(dicts.paths[0]);
    if (!(sources = eg_malloc((dicts.n_paths + 1) * sizeof *sources)) ||
        !(s.types = eg_calloc(eg_dict_n_defined(dict) ? eg_dict_n_defined(dict) : 1, sizeof *s.types))) {
        code = eg_cli_fail("out of memory");
        goto done;
    }
    char buf[PATH_MAX + 64];
    if (!dicts.no_default && !s.compiled)
        sources[s.n_sources++] = eg_cli_shipped_dicts(buf, sizeof buf);
    for (size_t i = 0; i < dicts.n_paths; i++)
        sources[s.n_sources++] = dicts.paths[i];
    s.sources = sources;
    s.entities = eg_dict_n_defined(dict);
    for (uint32_t e = 0; e < s.entities; e++) {
        const char *t = eg_dict_entity(dict, e)->type; /* interned: compare pointers */
        size_t k = 0;
        while (k < s.n_types && s.types[k].type != t)
            k++;
        if (k == s.n_types)
            s.types[s.n_types++] = (type_count){t, 0};
        s.types[k].n++;
    }
    eg_sort(s.types, s.n_types, sizeof *s.types, cmp_type_counts);
    s.aliases = eg_dict_n_aliases(dict);
    for (uint32_t a = 0; a < s.aliases; a++) {
        uint32_t f = eg_dict_alias(dict, a)->flags;
        s.names += (f & EG_ALIAS_NAME) != 0;
        s.exact += (f & EG_ALIAS_EXACT) != 0;
        s.shorts += (f & EG_ALIAS_SHORT) != 0;
        s.cased += (f & EG_ALIAS_CASED) != 0;
    }
    s.keys = eg_matcher_n_patterns(m);
    for (uint32_t p = 0; p < s.keys; p++) {
        size_t n;
        s.key_bytes += eg_dict_alias(dict, eg_matcher_pattern_aliases(m, p, &n)[0])->key_len;
    }
    s.states = eg_matcher_n_states(m);
    s.edge_entries = eg_matcher_n_edges(m);
    s.memory = eg_dict_memory(dict) + eg_matcher_memory(m);
    struct stat sb;
    s.mapped = s.compiled && stat(dicts.paths[0], &sb) == 0 ? (size_t)sb.st_size : 0;
    s.load_ms = ms[0];
    s.build_ms = ms[1];
    if (fmt == EG_FMT_JSON)
        code = stats_json(&s);
    else if (fmt == EG_FMT_TSV)
        stats_tsv(&s), code = EG_EXIT_OK;
    else
        stats_table(&s), code = EG_EXIT_OK;
    code = eg_cli_finish_stdout(code);
done:
    free(sources);
    free(s.types);
    eg_matcher_free(m);
    eg_dict_free(dict);
    eg_cli_dicts_free(&dicts);
    return code;
}

/* ---- dispatch -------------------------------------------------------------------------------------- */

int eg_cmd_dict(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } subs[] = {{"compile", cmd_compile}, {"check", cmd_check}, {"stats", cmd_stats}};
    if (argc < 2) {
        fputs(dict_usage, stderr);
        return EG_EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(dict_usage, stdout);
        return eg_cli_finish_stdout(EG_EXIT_OK);
    }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].run(argc - 1, argv + 1);
    return eg_cli_usage_error("dict", "unknown command '%s' (compile, check, stats)", argv[1]);
}
