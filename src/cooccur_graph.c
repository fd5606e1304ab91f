/*
 * cooccur_graph: nodes, edges and their attributes from the counts (cooccur_impl.h). Edge row i is pair i
 * (the dense pair table's order; eg_graph_sort puts everything in id order at the end), so a pair's row is
 * known without a search.
 *
 * Evidence lists are not rendered here: the `evidence` column is deferred (see "evidence" below), and its
 * cells are made by whoever reads them, the exporters.
 *
 * Threads: after the entity nodes, one parallel loop (eg_parallel_for) renders the per-period counts of
 * "items" (with --period), node rows first, then pairs, each item's text landing in its own slot of
 * out_periods, while the calling thread, as the loop's lead, adds the edges with their counts and days (or,
 * two-mode, the document nodes and links): the lead writes only the graph, the workers only their slots,
 * and both only read the counts. Then the calling thread hands each rendered string to the table in row
 * order (eg_table_take_string, no copy). Period counts are bucketed by item beforehand (a counting sort), so
 * an item's worker reads only that item's counts.
 */
#include "cooccur_graph.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cooccur_impl.h"
#include "error.h"
#include "evstore.h"
#include "parallel.h"
#include "timeline.h"

enum { RENDER_CHUNK = 256 }; /* items per chunk of the parallel loop: small enough to balance, large enough
                              * that taking a chunk costs nothing */

/* ---- nodes --------------------------------------------------------------------------------------- */

/* Adds the dictionary's optional attributes of entity e to node row v. */
static eg_status add_entity_attributes(eg_graph *g, const eg_entity *ent, size_t v, eg_error *err)
{
    eg_status st;
    size_t col;
    if (ent->country) {
        if ((st = eg_table_add_column(&g->nodes, "country", EG_ATTR_STRING, &col, err)) ||
            (st = eg_table_set_string(&g->nodes, col, v, ent->country, strlen(ent->country), err)))
            return st;
    }
    if (ent->wikidata) {
        if ((st = eg_table_add_column(&g->nodes, "wikidata", EG_ATTR_STRING, &col, err)) ||
            (st = eg_table_set_string(&g->nodes, col, v, ent->wikidata, strlen(ent->wikidata), err)))
            return st;
    }
    for (size_t a = 0; a < ent->n_attrs; a++) {
        const char *val = ent->attr_values[a];
        if (!val || !*val)
            continue;
        if ((st = eg_table_add_column(&g->nodes, ent->attr_names[a], EG_ATTR_STRING, &col, err)) ||
            (st = eg_table_set_string(&g->nodes, col, v, val, strlen(val), err)))
            return st;
    }
    return EG_OK;
}

/* The first_seen / last_seen columns are deferred string columns (table.h) whose key is the day: a date
 * string for every node and edge would be two allocations a row (about 9 MB for news-en's edges). The key
 * is the day with its top bit flipped, so that no real day is 0 (missing). */
static uint64_t day_key(int64_t day)
{
    return (uint64_t)day ^ (UINT64_C(1) << 63);
}

static eg_status date_render(const void *ctx, void **scratch, uint64_t key, const char **text, size_t *len,
                             eg_error *err)
{
    (void)ctx;
    if (!*scratch && !(*scratch = eg_malloc(16)))
        return eg_error_nomem(err);
    eg_date_format((int64_t)(key ^ (UINT64_C(1) << 63)), *scratch);
    *text = *scratch;
    *len = strlen(*text);
    return EG_OK;
}

static const eg_cell_source date_cells = {date_render, free, NULL};

/* Sets first_seen / last_seen of row from days (when known); cols caches the two columns (SIZE_MAX until
 * made), which are made on first use, in that order. */
static eg_status set_days(eg_table *t, size_t cols[2], size_t row, int64_t first, int64_t last, eg_error *err)
{
    static const char *const names[2] = {"first_seen", "last_seen"};
    if (first == EG_CO_NO_DAY)
        return EG_OK;
    int64_t days[2] = {first, last};
    for (int k = 0; k < 2; k++) {
        eg_status st;
        long found = cols[k] == SIZE_MAX ? eg_table_find(t, names[k]) : -1;
        if (found >= 0 && t->cols[found].source == &date_cells)
            cols[k] = (size_t)found;
        else if (cols[k] == SIZE_MAX &&
                 (st = eg_table_add_column_deferred(t, names[k], EG_ATTR_STRING, &date_cells, NULL, &cols[k], err)))
            return st;
        eg_table_set_key(t, cols[k], row, day_key(days[k]));
    }
    return EG_OK;
}

/* Entity nodes in entity order (their attribute columns are made in that order); row_of[e] gets the row of
 * entity e, UINT32_MAX when it has no node. */
static eg_status add_entities(const eg_cooccur *c, const eg_dict *dict, eg_graph *g, uint32_t *row_of,
                              size_t n_ent, eg_error *err)
{
    size_t win_col, day_cols[2] = {SIZE_MAX, SIZE_MAX};
    eg_status st = eg_table_add_column(&g->nodes, "windows", EG_ATTR_INT, &win_col, err);
    for (size_t e = 0; st == EG_OK && e < n_ent; e++) {
        row_of[e] = UINT32_MAX;
        if (!c->mentions[e])
            continue;
        const eg_entity *ent = eg_dict_entity(dict, (uint32_t)e);
        size_t v;
        if ((st = eg_graph_add_node(g, ent->id, ent->label, ent->type, &v, err)))
            break;
        eg_table_set_int(&g->nodes, EG_NODE_MENTIONS, v, (int64_t)c->mentions[e]);
        eg_table_set_int(&g->nodes, EG_NODE_DOCUMENTS, v, (int64_t)c->documents[e]);
        eg_table_set_int(&g->nodes, win_col, v, (int64_t)c->windows[e]);
        if ((st = add_entity_attributes(g, ent, v, err)) ||
            (st = set_days(&g->nodes, day_cols, v, c->first_day[e], c->last_day[e], err)))
            break;
        row_of[e] = (uint32_t)v;
    }
    return st;
}

/* ---- the job ------------------------------------------------------------------------------------- */

/* One period count of an item: the rank of its period's name in byte order, and the count. */
typedef struct ranked_count {
    uint32_t rank;
    uint64_t count;
} ranked_count;

/* What one worker renders with: made on its first chunk, so threads that get none cost nothing. */
typedef struct worker_scratch {
    eg_evrender *renderer;
    const char **keys; /* n_periods keys and counts of the item at hand */
    uint64_t *counts;
} worker_scratch;

/* What the parallel loop reads and writes. Items: node rows [0, n_nodes), then pairs [n_nodes, n_items). */
typedef struct render_job {
    const eg_cooccur *c;
    eg_graph *g;                /* the lead's */
    const uint32_t *row_of;     /* node row of each entity (UINT32_MAX: none) */
    size_t n_nodes, n_items;
    const char **period_names;  /* by rank (byte order) */
    size_t *pstart;             /* per item + 1: its period counts are pcounts[pstart[i], pstart[i + 1]) */
    ranked_count *pcounts;
    size_t n_periods;
    worker_scratch *scratch;    /* per worker, made by the worker on first use */
    char **out_periods;         /* per item, or NULL without periods */
} render_job;

/* ---- edges (the lead) ---------------------------------------------------------------------------- */

typedef struct doc_key {
    const char *id; /* the document's id ("" when none was kept) */
    size_t doc;     /* its index */
} doc_key;

static int cmp_doc_keys(const void *a, const void *b)
{
    const doc_key *x = a, *y = b;
    int r = strcmp(x->id, y->id);
    return r ? r : (x->doc > y->doc) - (x->doc < y->doc);
}

/* The position in keys (sorted by id) of the first document whose id is id, or SIZE_MAX. O(log n). */
static size_t find_doc_id(const doc_key *keys, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(keys[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(keys[lo].id, id) == 0 ? lo : SIZE_MAX;
}

/* Two-mode: document nodes and entity-document edges. */
static eg_status add_documents(const eg_cooccur *c, eg_graph *g, const uint32_t *row_of, eg_error *err)
{
    eg_status st = EG_OK;
    size_t *doc_row = eg_malloc((c->n_documents ? c->n_documents : 1) * sizeof *doc_row);
    char *id = NULL;
    doc_key *keys = NULL;
    size_t *seen = NULL, n = c->n_documents;
    size_t date_col;
    if (!doc_row)
        return eg_error_nomem(err);
    if ((st = eg_table_add_column(&g->nodes, "date", EG_ATTR_STRING, &date_col, err)))
        goto done;
    if (!(keys = eg_malloc((n ? n : 1) * sizeof *keys)) || !(seen = eg_calloc(n ? n : 1, sizeof *seen))) {
        st = eg_error_nomem(err);
        goto done;
    }
    /* Every document counted in this mode is kept, but one read from a shard only when it has an id. */
    static const eg_co_doc no_doc = {0, NULL, NULL, NULL};
    for (size_t i = 0, k = 0; i < n; i++) {
        const eg_co_doc *di = k < c->n_docs && c->docs[k].index == i ? &c->docs[k++] : &no_doc;
        keys[i] = (doc_key){di->id ? di->id : "", i};
    }
    eg_sort(keys, n, sizeof *keys, cmp_doc_keys);
    for (size_t i = 0, kept = 0; i < c->n_documents; i++) {
        const eg_co_doc *di = kept < c->n_docs && c->docs[kept].index == i ? &c->docs[kept++] : &no_doc;
        char num[32];
        snprintf(num, sizeof num, "%zu", i + 1);
        const char *base = di->id ? di->id : num;
        /* Duplicate ids: the k-th document (in input order) with an id becomes "doc:ID#k" (k >= 2), skipping
         * suffixes that are another document's id, so node ids are unique and deterministic. */
        size_t slot = di->id ? find_doc_id(keys, n, base) : SIZE_MAX, k = slot == SIZE_MAX ? 1 : ++seen[slot];
        size_t len = strlen(base) + 48;
        if (!(id = eg_malloc(len))) {
            st = eg_error_nomem(err);
            goto done;
        }
        snprintf(id, len, "doc:%s", base);
        bool first_duplicate = k == 2;
        while (k > 1) {
            snprintf(id, len, "doc:%s#%zu", base, k);
            if (find_doc_id(keys, n, id + 4) == SIZE_MAX)
                break;
            k = ++seen[slot];
        }
        if (first_duplicate && c->opts.warn) {
            eg_error w;
            eg_error_set(&w, EG_ERR_PARSE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                         "document id %.60s is used more than once: later documents become %.60s#2, #3, ...",
                         base, base);
            c->opts.warn(c->opts.warn_ctx, &w);
        }
        if ((st = eg_graph_add_node(g, id, di->title && *di->title ? di->title : base, "document", &doc_row[i],
                                    err)))
            goto done;
        free(id);
        id = NULL;
        if (di->date && (st = eg_table_set_string(&g->nodes, date_col, doc_row[i], di->date, strlen(di->date), err)))
            goto done;
    }
    for (size_t k = 0; k < c->n_doc_ents; k++) {
        const eg_co_link *de = &c->doc_ents[k];
        size_t r;
        if ((st = eg_graph_add_edge(g, row_of[de->entity], (uint32_t)doc_row[de->doc], &r, err)))
            goto done;
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, r, (double)de->mentions);
        eg_table_set_int(&g->edges, EG_EDGE_COUNT, r, (int64_t)de->mentions);
    }
done:
    free(id);
    free(doc_row);
    free(keys);
    free(seen);
    return st;
}

/* ---- evidence ------------------------------------------------------------------------------------ */

/* The `evidence` column's cells are made when read (a deferred column, table.h): all the lists rendered at
 * once would be the largest thing in memory, several times the size of the store they come from. The source
 * shares the counts' store and copies the documents' ids, so the graph outlives the counts. A cell's key is
 * its list's head + 1; records added to the store after the graph was made are not read (they may also
 * name documents that the copied ids do not cover). */
typedef struct evidence_source {
    eg_evstore *ev;       /* shared: eg_evstore_retain */
    size_t limit;         /* records in the store when the graph was made */
    eg_evdoc_ids doc_ids; /* the kept documents' indices and ids, into the arrays below */
    uint32_t *index;
    const char **id;
    char *ids;
} evidence_source;

static eg_status evidence_render(const void *ctx, void **scratch, uint64_t key, const char **text, size_t *len,
                                 eg_error *err)
{
    const evidence_source *src = ctx;
    eg_status st;
    if (!*scratch && (st = eg_evrender_new((eg_evrender **)scratch, err)))
        return st;
    return eg_evrender_list(*scratch, src->ev, (int64_t)(key - 1), src->limit, &src->doc_ids, text, len, err);
}

static void evidence_scratch_free(void *scratch)
{
    eg_evrender_free(scratch);
}

static void evidence_source_free(void *ctx)
{
    evidence_source *src = ctx;
    if (!src)
        return;
    eg_evstore_free(src->ev);
    free(src->index);
    free(src->id);
    free(src->ids);
    free(src);
}

static const eg_cell_source evidence_cells = {evidence_render, evidence_scratch_free, evidence_source_free};

/* Adds the deferred `evidence` column to g's edges: *col is its index. */
static eg_status add_evidence_column(const eg_cooccur *c, eg_graph *g, size_t *col, eg_error *err)
{
    size_t n_docs = 0, bytes = 0;
    for (size_t i = 0; i < c->n_docs; i++)
        if (c->docs[i].id) {
            n_docs++;
            bytes += strlen(c->docs[i].id) + 1;
        }
    evidence_source *src = eg_calloc(1, sizeof *src);
    if (!src || !(src->index = eg_malloc((n_docs ? n_docs : 1) * sizeof *src->index)) ||
        !(src->id = eg_malloc((n_docs ? n_docs : 1) * sizeof *src->id)) ||
        !(src->ids = eg_malloc(bytes ? bytes : 1))) {
        evidence_source_free(src);
        return eg_error_nomem(err);
    }
    char *p = src->ids;
    for (size_t i = 0, k = 0; i < c->n_docs; i++) {
        const eg_co_doc *d = &c->docs[i];
        if (!d->id)
            continue;
        size_t n = strlen(d->id) + 1;
        memcpy(p, d->id, n);
        src->index[k] = d->index;
        src->id[k++] = p;
        p += n;
    }
    src->doc_ids = (eg_evdoc_ids){src->index, src->id, n_docs};
    src->ev = eg_evstore_retain(c->evidence);
    src->limit = eg_evstore_n_records(c->evidence);
    return eg_table_add_column_deferred(&g->edges, "evidence", EG_ATTR_JSON, &evidence_cells, src, col, err);
}

/* One-mode: edge row i for pair i, with its counts, days and evidence. */
static eg_status add_pairs(render_job *job, eg_error *err)
{
    const eg_cooccur *c = job->c;
    eg_graph *g = job->g;
    eg_status st;
    size_t docs_col, ev_col = SIZE_MAX, day_cols[2] = {SIZE_MAX, SIZE_MAX};
    if ((st = eg_table_add_column(&g->edges, "documents", EG_ATTR_INT, &docs_col, err)))
        return st;
    if (c->opts.evidence && (st = add_evidence_column(c, g, &ev_col, err)))
        return st;
    for (size_t i = 0; i < c->n_pairs; i++) {
        const eg_co_pair *p = &c->pairs[i];
        uint32_t a = (uint32_t)(p->key >> 32), b = (uint32_t)p->key;
        size_t r;
        if ((st = eg_graph_add_edge(g, job->row_of[a], job->row_of[b], &r, err)))
            return st;
        assert(r == i); /* the edge table starts empty: row i is pair i */
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, r, (double)p->windows);
        eg_table_set_int(&g->edges, EG_EDGE_COUNT, r, (int64_t)p->windows);
        eg_table_set_int(&g->edges, docs_col, r, (int64_t)p->documents);
        if ((st = set_days(&g->edges, day_cols, r, p->first_day, p->last_day, err)))
            return st;
        if (ev_col != SIZE_MAX && p->ev_head >= 0)
            eg_table_set_key(&g->edges, ev_col, r, (uint64_t)p->ev_head + 1);
    }
    return EG_OK;
}

/* The lead of the parallel loop: every edge. */
static eg_status add_edges(void *ctx, eg_error *err)
{
    render_job *job = ctx;
    return job->c->opts.two_mode ? add_documents(job->c, job->g, job->row_of, err) : add_pairs(job, err);
}

/* ---- rendering (the workers) --------------------------------------------------------------------- */

static int cmp_rank(const void *a, const void *b)
{
    const ranked_count *x = a, *y = b;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* {"PERIOD": count} of item i into job->out_periods[i] (nothing when it has no counts). */
static eg_status render_periods(render_job *job, size_t worker, size_t i, eg_error *err)
{
    ranked_count *pc = job->pcounts + job->pstart[i];
    size_t n = job->pstart[i + 1] - job->pstart[i];
    if (n == 0)
        return EG_OK;
    if (n > 16)
        eg_sort(pc, n, sizeof *pc, cmp_rank);
    else /* most items have few periods */
        for (size_t k = 1; k < n; k++)
            for (size_t j = k; j > 0 && pc[j - 1].rank > pc[j].rank; j--) {
                ranked_count t = pc[j];
                pc[j] = pc[j - 1];
                pc[j - 1] = t;
            }
    worker_scratch *ws = &job->scratch[worker];
    for (size_t k = 0; k < n; k++) {
        ws->keys[k] = job->period_names[pc[k].rank];
        ws->counts[k] = pc[k].count;
    }
    return eg_evrender_counts(ws->renderer, ws->keys, ws->counts, n, &job->out_periods[i], NULL, err);
}

static eg_status render_items(void *ctx, size_t worker, size_t begin, size_t end, eg_error *err)
{
    render_job *job = ctx;
    eg_status st;
    worker_scratch *ws = &job->scratch[worker];
    if (!ws->renderer) {
        size_t np = job->n_periods ? job->n_periods : 1;
        if (!(ws->keys = eg_malloc(np * sizeof *ws->keys)) || !(ws->counts = eg_malloc(np * sizeof *ws->counts)))
            return eg_error_nomem(err);
        if ((st = eg_evrender_new(&ws->renderer, err)))
            return st;
    }
    for (size_t i = begin; i < end; i++)
        if ((st = render_periods(job, worker, i, err)))
            return st;
    return EG_OK;
}

typedef struct name_index {
    const char *name;
    uint32_t index;
} name_index;

static int cmp_name_index(const void *a, const void *b)
{
    const name_index *x = a, *y = b;
    return strcmp(x->name, y->name);
}

/* Buckets the period counts of c by item (node row v: item v; pair i: item n_nodes + i) into job->pstart
 * and job->pcounts, with periods ranked by name. Counts of an entity without a node or of a pair not
 * counted are left out. */
static eg_status plan_periods(render_job *job, size_t n_ent, eg_error *err)
{
    const eg_cooccur *c = job->c;
    size_t n = job->n_items, np = c->n_periods;
    size_t *item_of = eg_malloc((c->n_pcounts ? c->n_pcounts : 1) * sizeof *item_of);
    uint32_t *rank = eg_malloc((np ? np : 1) * sizeof *rank);
    name_index *names = eg_malloc((np ? np : 1) * sizeof *names);
    job->pstart = eg_calloc(n + 2, sizeof *job->pstart);
    job->pcounts = eg_malloc((c->n_pcounts ? c->n_pcounts : 1) * sizeof *job->pcounts);
    job->period_names = eg_malloc((np ? np : 1) * sizeof *job->period_names);
    job->n_periods = np;
    if (!item_of || !rank || !names || !job->pstart || !job->pcounts || !job->period_names) {
        free(item_of);
        free(rank);
        free(names);
        return eg_error_nomem(err);
    }
    /* Periods ranked by name: an item's counts are written in that order (what JSON_SORT_KEYS writes). */
    for (size_t p = 0; p < np; p++)
        names[p] = (name_index){c->period_names[p], (uint32_t)p};
    eg_sort(names, np, sizeof *names, cmp_name_index);
    for (size_t r = 0; r < np; r++) {
        job->period_names[r] = names[r].name;
        rank[names[r].index] = (uint32_t)r;
    }
    free(names);
    /* Counting sort by item: pstart[i + 2] counts item i, then prefix sums, then placement. */
    size_t m = 0;
    for (size_t k = 0; k < c->cap_pcounts; k++) {
        const eg_co_pcount *p = &c->pcounts[k];
        if (p->item == EG_CO_EMPTY)
            continue;
        uint32_t a = (uint32_t)(p->item >> 32), b = (uint32_t)p->item;
        size_t item = SIZE_MAX;
        if (a == b) {
            if (a < n_ent && job->row_of[a] != UINT32_MAX)
                item = job->row_of[a];
        } else {
            size_t i = eg_co_pair_find(c, p->item);
            if (i != SIZE_MAX)
                item = job->n_nodes + i;
        }
        item_of[m++] = item;
        if (item != SIZE_MAX)
            job->pstart[item + 2]++;
    }
    for (size_t i = 2; i < n + 2; i++)
        job->pstart[i] += job->pstart[i - 1];
    m = 0;
    for (size_t k = 0; k < c->cap_pcounts; k++) {
        const eg_co_pcount *p = &c->pcounts[k];
        if (p->item == EG_CO_EMPTY)
            continue;
        size_t item = item_of[m++];
        if (item != SIZE_MAX)
            job->pcounts[job->pstart[item + 1]++] = (ranked_count){rank[p->period], p->count};
    }
    /* pstart[i + 1] now ends item i, and pstart[0] = 0 starts item 0. */
    free(item_of);
    free(rank);
    return EG_OK;
}

/* Sets job up to render the periods of every node and pair (with --period) on n_threads threads; without
 * them, there is nothing to render (n_items 0). */
static eg_status job_init(render_job *job, size_t n_ent, size_t n_threads, eg_error *err)
{
    if (job->c->opts.period == EG_PERIOD_NONE) {
        job->n_items = 0;
        return EG_OK;
    }
    if (!(job->scratch = eg_calloc(n_threads, sizeof *job->scratch)) ||
        !(job->out_periods = eg_calloc(job->n_items ? job->n_items : 1, sizeof *job->out_periods)))
        return eg_error_nomem(err);
    return plan_periods(job, n_ent, err);
}

static void job_destroy(render_job *job, size_t n_threads)
{
    for (size_t w = 0; job->scratch && w < n_threads; w++) {
        eg_evrender_free(job->scratch[w].renderer);
        free(job->scratch[w].keys);
        free(job->scratch[w].counts);
    }
    free(job->scratch);
    for (size_t i = 0; job->out_periods && i < job->n_items; i++)
        free(job->out_periods[i]);
    free(job->out_periods);
    free(job->period_names);
    free(job->pstart);
    free(job->pcounts);
}

/* Hands the rendered periods of items [first, first + n) to the `periods` column of t (rows 0..n-1), made
 * when some item has them. */
static eg_status take_periods(render_job *job, eg_table *t, size_t first, size_t n, eg_error *err)
{
    size_t col = SIZE_MAX;
    for (size_t r = 0; job->out_periods && r < n; r++) {
        char *json = job->out_periods[first + r];
        if (!json)
            continue;
        eg_status st;
        if (col == SIZE_MAX && (st = eg_table_add_column(t, "periods", EG_ATTR_JSON, &col, err)))
            return st;
        eg_table_take_string(t, col, r, json);
        job->out_periods[first + r] = NULL;
    }
    return EG_OK;
}

/* After the loop: hands the rendered strings to the tables, in row order. */
static eg_status take_rendered(render_job *job, eg_error *err)
{
    size_t n_pairs = job->n_items > job->n_nodes ? job->n_items - job->n_nodes : 0;
    eg_status st = take_periods(job, &job->g->edges, job->n_nodes, n_pairs, err);
    return st ? st : take_periods(job, &job->g->nodes, 0, job->n_nodes, err);
}

/* ---- the graph ----------------------------------------------------------------------------------- */

static eg_status add_meta(const eg_cooccur *c, eg_graph *g, eg_error *err)
{
    eg_status st;
    size_t col;
    char wname[32];
    eg_cooccur_window_name(&c->opts, wname, sizeof wname);
    const char *mode = c->opts.two_mode ? "entity-document" : "entity";
    if ((st = eg_table_add_column(&g->meta, "mode", EG_ATTR_STRING, &col, err)) ||
        (st = eg_table_set_string(&g->meta, col, 0, mode, strlen(mode), err)))
        return st;
    if (!c->opts.two_mode) {
        if ((st = eg_table_add_column(&g->meta, "window", EG_ATTR_STRING, &col, err)) ||
            (st = eg_table_set_string(&g->meta, col, 0, wname, strlen(wname), err)) ||
            (st = eg_table_add_column(&g->meta, "windows", EG_ATTR_INT, &col, err)))
            return st;
        eg_table_set_int(&g->meta, col, 0, (int64_t)c->n_windows);
    }
    return EG_OK;
}

eg_status eg_cooccur_to_graph_opts(const eg_cooccur *c, const eg_dict *dict, const eg_cooccur_graph_options *opts,
                                   eg_graph **out, eg_error *err)
{
    *out = NULL;
    if (c->released)
        return eg_co_released_error(err);
    size_t n_threads = opts && opts->n_threads > 1 ? opts->n_threads : 1;
    size_t max_threads = (c->n_pairs + eg_dict_n_entities(dict)) / RENDER_CHUNK + 1; /* chunks, at most */
    if (n_threads > max_threads)
        n_threads = max_threads;
    size_t n_ent = eg_dict_n_entities(dict);
    if (n_ent > c->n_entities)
        n_ent = c->n_entities;
    uint32_t *row_of = eg_malloc((n_ent ? n_ent : 1) * sizeof *row_of);
    render_job job = {.c = c, .row_of = row_of};
    eg_status st = row_of ? eg_graph_new(&job.g, err) : eg_error_nomem(err);
    if (st || (st = add_entities(c, dict, job.g, row_of, n_ent, err)))
        goto done;
    job.n_nodes = eg_graph_n_nodes(job.g);
    job.n_items = job.n_nodes + (c->opts.two_mode ? 0 : c->n_pairs);
    if ((st = job_init(&job, n_ent, n_threads, err)) ||
        (st = eg_parallel_for(job.n_items, RENDER_CHUNK, n_threads, render_items, add_edges, &job, err)) ||
        (st = take_rendered(&job, err)) || (st = add_meta(c, job.g, err)) || (st = eg_graph_sort(job.g, err)))
        goto done;
    *out = job.g;
    job.g = NULL;
done:
    job_destroy(&job, n_threads);
    free(row_of);
    eg_graph_free(job.g);
    return st;
}

eg_status eg_cooccur_to_graph(const eg_cooccur *c, const eg_dict *dict, eg_graph **out, eg_error *err)
{
    return eg_cooccur_to_graph_opts(c, dict, NULL, out, err);
}
