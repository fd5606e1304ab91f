/*
 * roles_graph: role nodes, holds_role edges or a `roles` attribute from counted attachments (roles_graph.h).
 * Invariant kept: one edge row per unordered pair, so a role edge that is also a co-occurrence edge is
 * the same row with both relations.
 */
#include "roles_graph.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

eg_status eg_roles_parse_mode(const char *name, eg_roles_mode *mode, eg_error *err)
{
    if (strcmp(name, "nodes") == 0)
        *mode = EG_ROLES_NODES;
    else if (strcmp(name, "attributes") == 0)
        *mode = EG_ROLES_ATTRIBUTES;
    else
        return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "unknown roles mode '%s' (choose nodes or attributes)", name);
    return EG_OK;
}

typedef struct edge_key {
    uint64_t key; /* source << 32 | target, source < target */
    size_t row;
} edge_key;

static int edge_key_cmp(const void *a, const void *b)
{
    const edge_key *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
    return a < b ? ((uint64_t)a << 32 | b) : ((uint64_t)b << 32 | a);
}

/* The row of the role node for (role, scope), added when missing. Added nodes are few (one per role and
 * scope), so they are found by a linear search of the ones added so far. */
static eg_status role_node(eg_graph *g, size_t n0, const eg_dict *dict, const eg_role_count *c,
                           size_t *added, size_t *n_added, size_t cols[2], size_t *row, eg_error *err)
{
    const eg_entity *role = eg_dict_entity(dict, c->role);
    const eg_entity *scope = c->scope != EG_NO_ENTITY ? eg_dict_entity(dict, c->scope) : NULL;
    char id[512], label[512];
    if (scope) {
        snprintf(id, sizeof id, "%s@%s", role->id, scope->id);
        snprintf(label, sizeof label, "%s (%s)", role->label, scope->label);
    } else {
        snprintf(id, sizeof id, "%s", role->id);
        snprintf(label, sizeof label, "%s", role->label);
    }
    long v = eg_graph_find_sorted(g, n0, id);
    for (size_t i = 0; v < 0 && i < *n_added; i++)
        if (strcmp(eg_graph_node_id(g, added[i]), id) == 0)
            v = (long)added[i];
    if (v >= 0) {
        *row = (size_t)v;
        return EG_OK;
    }
    eg_status st = eg_graph_add_node(g, id, label, "role", row, err);
    if (st)
        return st;
    added[(*n_added)++] = *row;
    if ((st = eg_table_set_string(&g->nodes, cols[0], *row, role->id, strlen(role->id), err)))
        return st;
    if (scope)
        st = eg_table_set_string(&g->nodes, cols[1], *row, scope->id, strlen(scope->id), err);
    return st;
}

/* The relation column is a deferred string column (table.h) with one key per relation: a string on every
 * edge would be an allocation a row. */
enum { REL_COOCCURRENCE = 1, REL_HOLDS_ROLE, REL_BOTH };
static const char *const relation_names[] = {NULL, "cooccurrence", "holds_role", "holds_role,cooccurrence"};

static eg_status relation_render(const void *ctx, void **scratch, uint64_t key, const char **text, size_t *len,
                                 eg_error *err)
{
    (void)ctx;
    (void)scratch;
    (void)err;
    *text = relation_names[key < sizeof relation_names / sizeof relation_names[0] ? key : REL_COOCCURRENCE];
    *len = strlen(*text);
    return EG_OK;
}

static const eg_cell_source relation_cells = {relation_render, NULL, NULL};

/* Marks every edge "cooccurrence"; returns the relation column. */
static eg_status relation_column(eg_graph *g, size_t *rel, size_t *att, eg_error *err)
{
    eg_status st;
    if ((st = eg_table_add_column_deferred(&g->edges, "relation", EG_ATTR_STRING, &relation_cells, NULL, rel,
                                           err)) ||
        (st = eg_table_add_column(&g->edges, "attachments", EG_ATTR_INT, att, err)))
        return st;
    for (size_t e = 0; e < eg_graph_n_edges(g); e++)
        eg_table_set_key(&g->edges, *rel, e, REL_COOCCURRENCE);
    return EG_OK;
}

static eg_status to_nodes(eg_roles_acc *a, const eg_dict *dict, eg_graph *g, eg_error *err)
{
    size_t n = 0, rel, att, cols[2], n_added = 0;
    const eg_role_count *items = eg_roles_acc_items(a, &n);
    edge_key *keys = NULL;
    size_t *added = NULL;
    eg_status st;
    if ((st = relation_column(g, &rel, &att, err)) ||
        (st = eg_table_add_column(&g->nodes, "role", EG_ATTR_STRING, &cols[0], err)) ||
        (st = eg_table_add_column(&g->nodes, "scope", EG_ATTR_STRING, &cols[1], err)))
        return st;
    size_t ne = eg_graph_n_edges(g), n0 = eg_graph_n_nodes(g);
    keys = eg_malloc((ne ? ne : 1) * sizeof *keys);
    added = eg_malloc(n * sizeof *added);
    if (!keys || !added) {
        st = eg_error_nomem(err);
        goto done;
    }
    for (size_t e = 0; e < ne; e++)
        keys[e] = (edge_key){pair_key(g->source[e], g->target[e]), e};
    eg_sort(keys, ne, sizeof *keys, edge_key_cmp);
    for (size_t i = 0; i < n; i++) {
        const eg_role_count *c = &items[i];
        long p = eg_graph_find_sorted(g, n0, eg_dict_entity(dict, c->person)->id);
        if (p < 0)
            continue;
        size_t r;
        if ((st = role_node(g, n0, dict, c, added, &n_added, cols, &r, err)))
            goto done;
        g->nodes.cols[EG_NODE_MENTIONS].v.i[r] += (int64_t)c->count;
        edge_key probe = {pair_key((uint32_t)p, (uint32_t)r), 0};
        const edge_key *hit = bsearch(&probe, keys, ne, sizeof *keys, edge_key_cmp);
        size_t row;
        if (hit) {
            row = hit->row;
            eg_table_set_key(&g->edges, rel, row, REL_BOTH);
        } else {
            if ((st = eg_graph_add_edge(g, (uint32_t)p, (uint32_t)r, &row, err)))
                goto done;
            eg_table_set_int(&g->edges, EG_EDGE_COUNT, row, (int64_t)c->count);
            eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, row, (double)c->count);
            eg_table_set_key(&g->edges, rel, row, REL_HOLDS_ROLE);
        }
        g->edges.cols[att].v.i[row] += (int64_t)c->count;
    }
done:
    free(keys);
    free(added);
    return st;
}

static eg_status to_attributes(eg_roles_acc *a, const eg_dict *dict, eg_graph *g, eg_error *err)
{
    size_t n = 0, rel, att, col;
    const eg_role_count *items = eg_roles_acc_items(a, &n);
    eg_status st;
    if ((st = relation_column(g, &rel, &att, err)) ||
        (st = eg_table_add_column(&g->nodes, "roles", EG_ATTR_JSON, &col, err)))
        return st;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && items[j].person == items[i].person)
            j++;
        long p = eg_graph_find_node(g, eg_dict_entity(dict, items[i].person)->id);
        if (p >= 0) {
            json_t *list = json_array();
            int bad = !list;
            for (size_t k = i; !bad && k < j; k++) {
                const eg_entity *role = eg_dict_entity(dict, items[k].role);
                json_t *o = json_object();
                bad |= !o;
                bad |= json_object_set_new(o, "role", json_string(role->id));
                bad |= json_object_set_new(o, "label", json_string(role->label));
                if (items[k].scope != EG_NO_ENTITY) {
                    const eg_entity *s = eg_dict_entity(dict, items[k].scope);
                    bad |= json_object_set_new(o, "scope", json_string(s->id));
                    bad |= json_object_set_new(o, "scope_label", json_string(s->label));
                }
                bad |= json_object_set_new(o, "attachments", json_integer((json_int_t)items[k].count));
                bad |= json_object_set_new(o, "documents", json_integer((json_int_t)items[k].documents));
                bad |= json_array_append_new(list, o);
            }
            char *text = bad ? NULL : json_dumps(list, JSON_COMPACT | JSON_PRESERVE_ORDER);
            json_decref(list);
            if (!text)
                return eg_error_nomem(err);
            st = eg_table_set_string(&g->nodes, col, (size_t)p, text, strlen(text), err);
            free(text);
            if (st)
                return st;
        }
        i = j;
    }
    return EG_OK;
}

eg_status eg_roles_to_graph(eg_roles_acc *a, const eg_dict *dict, eg_roles_mode mode, eg_graph *g,
                            eg_error *err)
{
    size_t n = 0;
    eg_roles_acc_items(a, &n);
    if (n == 0)
        return EG_OK;
    eg_status st = eg_graph_sort(g, err);
    if (st == EG_OK)
        st = mode == EG_ROLES_ATTRIBUTES ? to_attributes(a, dict, g, err) : to_nodes(a, dict, g, err);
    if (st == EG_OK) {
        g->sorted = false;
        st = eg_graph_sort(g, err);
    }
    return st;
}
