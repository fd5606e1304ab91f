/*
 * evidence: parses an edge's `evidence` cell (compact JSON text, whatever the column type) with jansson.
 */
#include "evidence.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static long evidence_column(const eg_graph *g)
{
    long col = eg_table_find(&g->edges, "evidence");
    if (col < 0)
        return -1;
    eg_attr_type t = g->edges.cols[col].type;
    return t == EG_ATTR_JSON || t == EG_ATTR_STRING ? col : -1;
}

bool eg_evidence_available(const eg_graph *g)
{
    return evidence_column(g) >= 0;
}

void eg_evidence_free(eg_evidence *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++) {
        free(items[i].doc);
        free(items[i].text);
    }
    free(items);
}

static size_t offset_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) && json_integer_value(v) >= 0 ? (size_t)json_integer_value(v) : EG_NO_POS;
}

static char *string_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return eg_strdup(json_is_string(v) ? json_string_value(v) : "");
}

eg_status eg_evidence_get(const eg_graph *g, size_t e, eg_evidence **out, size_t *n, eg_error *err)
{
    long col = evidence_column(g);
    *out = NULL;
    *n = 0;
    if (col < 0 || !eg_table_has(&g->edges, (size_t)col, e))
        return EG_OK;
    const char *text;
    size_t len;
    eg_cell_reader cells;
    eg_cell_reader_init(&cells);
    eg_status st = eg_table_cell_text(&g->edges, (size_t)col, e, &cells, &text, &len, err);
    if (st) {
        eg_cell_reader_destroy(&cells);
        return st;
    }
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_DECODE_ANY, &je);
    eg_cell_reader_destroy(&cells);
    if (!root || !json_is_array(root)) {
        st = eg_error_set(err, EG_ERR_PARSE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                          "the evidence of edge %s -- %s is not a JSON array%s%s",
                          eg_graph_node_id(g, g->source[e]), eg_graph_node_id(g, g->target[e]),
                          root ? "" : ": ", root ? "" : je.text);
        json_decref(root);
        return st;
    }
    size_t count = json_array_size(root);
    eg_evidence *items = count ? eg_calloc(count, sizeof *items) : NULL;
    if (count && !items)
        st = eg_error_nomem(err);
    size_t done = 0;
    for (; st == EG_OK && done < count; done++) {
        json_t *o = json_array_get(root, done);
        if (!json_is_object(o)) {
            st = eg_error_set(err, EG_ERR_PARSE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                              "evidence item %zu of edge %s -- %s is not a JSON object", done + 1,
                              eg_graph_node_id(g, g->source[e]), eg_graph_node_id(g, g->target[e]));
            break;
        }
        items[done].doc = string_of(o, "doc");
        items[done].text = string_of(o, "text");
        items[done].start = offset_of(o, "start");
        items[done].end = offset_of(o, "end");
        if (!items[done].doc || !items[done].text) {
            done++; /* free this item's half too */
            st = eg_error_nomem(err);
            break;
        }
    }
    json_decref(root);
    if (st) {
        eg_evidence_free(items, done);
        return st;
    }
    *out = items;
    *n = count;
    return EG_OK;
}
