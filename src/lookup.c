/*
 * lookup: an index of normalised entity names (ids, labels, dictionary aliases) for one graph, sorted so a
 * name is found by binary search; a miss is answered with the nearest names by edit distance over code
 * points (Levenshtein, no library of ours offers it) and names that begin a word with the query.
 */
#include "lookup.h"

#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "error.h"
#include "normalize.h"

enum { MAX_SUGGESTIONS = 5, MAX_CANDIDATES = 8, MAX_CP = 64 };

typedef struct entry {
    char *key;   /* normalised name, NUL-terminated, owned */
    size_t node; /* node row */
} entry;

struct eg_lookup {
    const eg_graph *g;
    entry *entries;
    size_t n, cap;
};

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->node < y->node ? -1 : x->node > y->node;
}

/* Adds the normalised form of s[0..len) for node; names that do not normalise (invalid UTF-8) or are
 * empty after normalisation are skipped. */
static eg_status add_name(eg_lookup *l, const char *s, size_t len, size_t node, eg_error *err)
{
    char *key = NULL;
    size_t key_len = 0;
    eg_status st = eg_normalize_string(s, len, 0, &key, &key_len, err);
    if (st == EG_ERR_UTF8)
        return EG_OK;
    if (st)
        return st;
    if (key_len == 0 || eg_grow((void **)&l->entries, &l->cap, l->n + 1, sizeof *l->entries)) {
        free(key);
        return key_len == 0 ? EG_OK : eg_error_nomem(err);
    }
    l->entries[l->n++] = (entry){key, node};
    return EG_OK;
}

typedef struct id_row {
    const char *id;
    size_t row;
} id_row;

static int cmp_id_row(const void *a, const void *b)
{
    return strcmp(((const id_row *)a)->id, ((const id_row *)b)->id);
}

/* Node row with this id in by_id (sorted by id), or -1. O(log V). */
static long find_id(const id_row *by_id, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(by_id[mid].id, id);
        if (c == 0)
            return (long)by_id[mid].row;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

eg_status eg_lookup_new(const eg_graph *g, const eg_dict *dict, eg_lookup **out, eg_error *err)
{
    eg_status st = EG_OK;
    uint32_t *aliases = NULL;
    size_t cap_aliases = 0, nv = eg_graph_n_nodes(g);
    id_row *by_id = NULL;
    eg_lookup *l = eg_calloc(1, sizeof *l);
    *out = NULL;
    if (!l)
        return eg_error_nomem(err);
    l->g = g;
    for (size_t v = 0; st == EG_OK && v < nv; v++) {
        const char *id = eg_graph_node_id(g, v), *label = eg_graph_node_label(g, v);
        if (id)
            st = add_name(l, id, strlen(id), v, err);
        if (st == EG_OK && label)
            st = add_name(l, label, strlen(label), v, err);
    }
    /* Dictionary entities are matched to nodes through a sorted copy of the ids, since a graph read from a
     * file need not be sorted. */
    if (dict && st == EG_OK && nv > 0) {
        if (!(by_id = eg_malloc(nv * sizeof *by_id)))
            st = eg_error_nomem(err);
        for (size_t v = 0; st == EG_OK && v < nv; v++)
            by_id[v] = (id_row){eg_graph_node_id(g, v) ? eg_graph_node_id(g, v) : "", v};
        if (st == EG_OK)
            eg_sort(by_id, nv, sizeof *by_id, cmp_id_row);
    }
    for (size_t e = 0; by_id && st == EG_OK && e < eg_dict_n_entities(dict); e++) {
        long v = find_id(by_id, nv, eg_dict_entity(dict, (uint32_t)e)->id);
        if (v < 0)
            continue;
        size_t n = eg_dict_entity_aliases(dict, (uint32_t)e, aliases, cap_aliases);
        if (n > cap_aliases) {
            free(aliases);
            cap_aliases = n;
            if (!(aliases = eg_malloc(n * sizeof *aliases))) {
                st = eg_error_nomem(err);
                break;
            }
            n = eg_dict_entity_aliases(dict, (uint32_t)e, aliases, cap_aliases);
        }
        for (size_t i = 0; st == EG_OK && i < n; i++) {
            const eg_alias *a = eg_dict_alias(dict, aliases[i]);
            st = add_name(l, a->text, a->len, (size_t)v, err);
        }
    }
    free(aliases);
    free(by_id);
    if (st) {
        eg_lookup_free(l);
        return st;
    }
    eg_sort(l->entries, l->n, sizeof *l->entries, cmp_entry);
    /* Drop repeated (name, node) pairs (a label equal to an alias, say). */
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (kept && cmp_entry(&l->entries[kept - 1], &l->entries[i]) == 0) {
            free(l->entries[i].key);
            continue;
        }
        l->entries[kept++] = l->entries[i];
    }
    l->n = kept;
    *out = l;
    return EG_OK;
}

void eg_lookup_free(eg_lookup *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->entries[i].key);
    free(l->entries);
    free(l);
}

/* ---- suggestions ------------------------------------------------------------------------------------- */

/* Decodes up to MAX_CP code points of s into cp; returns their number. */
static size_t to_code_points(const char *s, int32_t *cp)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n < MAX_CP;) {
        i += eg_utf8_decode(s, len, i, &cp[n]);
        n++;
    }
    return n;
}

/* Levenshtein distance between code point strings a and b (two rows of the usual table). */
static size_t edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
    size_t row[2][MAX_CP + 1];
    for (size_t j = 0; j <= nb; j++)
        row[0][j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t *cur = row[i & 1], *prev = row[(i - 1) & 1];
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
    }
    return row[na & 1][nb];
}

/* Does key contain query at the start of a word (at 0 or after a space or hyphen)? */
static bool word_prefix(const char *key, const char *query)
{
    for (const char *p = key; (p = strstr(p, query)) != NULL; p++)
        if (p == key || p[-1] == ' ' || p[-1] == '-')
            return true;
    return false;
}

typedef struct suggestion {
    size_t score; /* edit distance, or MAX_CP + 1 for a word-prefix match */
    size_t node;
} suggestion;

static int cmp_suggestion(const void *a, const void *b)
{
    const suggestion *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

static const char *node_name(const eg_graph *g, size_t v)
{
    const char *label = eg_graph_node_label(g, v);
    return label && *label ? label : eg_graph_node_id(g, v);
}

/* Appends s to buf (size bytes, NUL-terminated), truncating. */
static void append(char *buf, size_t size, const char *s)
{
    size_t used = strlen(buf);
    if (used + 1 < size)
        snprintf(buf + used, size - used, "%s", s);
}

static eg_status not_found(const eg_lookup *l, const char *name, const char *query, eg_error *err)
{
    int32_t q[MAX_CP], k[MAX_CP];
    size_t nq = to_code_points(query, q);
    size_t limit = nq <= 3 ? 1 : nq <= 7 ? 2 : 3;
    suggestion *best = eg_malloc((l->n ? l->n : 1) * sizeof *best);
    size_t n_best = 0;
    if (!best)
        return eg_error_nomem(err);
    for (size_t i = 0; i < l->n; i++) {
        size_t nk = to_code_points(l->entries[i].key, k);
        size_t d = (nk > nq ? nk - nq : nq - nk) <= limit ? edit_distance(q, nq, k, nk) : limit + 1;
        /* A misspelt word of a longer name ("alfa" for "Alpha Kim") counts as well. */
        for (size_t w = 0; w < nk && d > limit; w++) {
            if (w > 0 && k[w - 1] != ' ')
                continue;
            size_t e = w;
            while (e < nk && k[e] != ' ')
                e++;
            if (e - w > 1 && e - w < nk && edit_distance(q, nq, k + w, e - w) <= limit)
                d = limit;
        }
        if (d <= limit)
            best[n_best++] = (suggestion){d, l->entries[i].node};
        else if (nq >= 2 && word_prefix(l->entries[i].key, query))
            best[n_best++] = (suggestion){MAX_CP + 1, l->entries[i].node};
    }
    eg_sort(best, n_best, sizeof *best, cmp_suggestion);
    char list[400] = "";
    size_t shown = 0;
    for (size_t i = 0; i < n_best && shown < MAX_SUGGESTIONS; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = best[j].node == best[i].node;
        if (seen)
            continue;
        append(list, sizeof list, shown ? ", \"" : "\"");
        append(list, sizeof list, node_name(l->g, best[i].node));
        append(list, sizeof list, "\"");
        shown++;
    }
    free(best);
    if (shown)
        return eg_error_set(err, EG_ERR_NOTFOUND, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "no entity \"%s\" in the graph; did you mean %s?", name, list);
    return eg_error_set(err, EG_ERR_NOTFOUND, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                        "no entity \"%s\" in the graph (give an id, a label or an alias)", name);
}

static eg_status ambiguous(const eg_lookup *l, const char *name, size_t lo, size_t hi, eg_error *err)
{
    char list[440] = "";
    size_t n_nodes = 0, shown = 0;
    for (size_t i = lo; i < hi; i++) {
        if (i > lo && l->entries[i].node == l->entries[i - 1].node)
            continue;
        n_nodes++;
        if (shown == MAX_CANDIDATES)
            continue;
        size_t v = l->entries[i].node;
        append(list, sizeof list, shown ? ", " : "");
        append(list, sizeof list, node_name(l->g, v));
        append(list, sizeof list, " (");
        append(list, sizeof list, eg_graph_node_id(l->g, v));
        append(list, sizeof list, ")");
        shown++;
    }
    if (n_nodes > shown)
        return eg_error_set(err, EG_ERR_NOTFOUND, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "\"%s\" is ambiguous: %s and %zu more; give an id", name, list, n_nodes - shown);
    return eg_error_set(err, EG_ERR_NOTFOUND, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                        "\"%s\" is ambiguous: %s; give an id", name, list);
}

eg_status eg_lookup_find(const eg_lookup *l, const char *name, size_t *node, eg_error *err)
{
    long exact = eg_graph_find_node(l->g, name);
    if (exact >= 0) {
        *node = (size_t)exact;
        return EG_OK;
    }
    char *query = NULL;
    size_t qlen = 0;
    eg_status st = eg_normalize_string(name, strlen(name), 0, &query, &qlen, err);
    if (st == EG_ERR_UTF8)
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "the entity name is not valid UTF-8");
    if (st)
        return st;
    if (qlen == 0) {
        free(query);
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "empty entity name");
    }
    /* First entry whose key is >= query, then the run of equal keys. */
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(l->entries[mid].key, query) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    hi = lo;
    while (hi < l->n && strcmp(l->entries[hi].key, query) == 0)
        hi++;
    if (hi == lo)
        st = not_found(l, name, query, err);
    else if (l->entries[hi - 1].node != l->entries[lo].node)
        st = ambiguous(l, name, lo, hi, err);
    else
        *node = l->entries[lo].node;
    free(query);
    return st;
}
