/*
 * evidence: the sentences behind an edge. An edge column named `evidence` holds a JSON array of
 * {"doc", "start", "end", "text"} objects (start and end are byte offsets into the document). It is an
 * EG_ATTR_JSON column when the graph was built or read from JSON, and a plain string holding the same JSON
 * text when read back from GraphML; both are parsed here with jansson.
 */
#ifndef EG_EVIDENCE_H
#define EG_EVIDENCE_H

#include "graph.h"

typedef struct eg_evidence {
    char *doc;         /* document id (owned; "" when absent) */
    size_t start, end; /* byte offsets into the document (EG_NO_POS when absent) */
    char *text;        /* the sentence (owned; "" when absent) */
} eg_evidence;

/* Does g have an `evidence` edge column (string or JSON)? */
bool eg_evidence_available(const eg_graph *g);

/* The evidence of edge row e in *out (allocated; free with eg_evidence_free) and its number in *n. No
 * column, or no value for this edge: *out NULL, *n 0, EG_OK. Errors: EG_ERR_PARSE when the value is not a
 * JSON array of objects (the message names the edge and jansson's reason), EG_ERR_NOMEM.
 * Time: O(length of the value). */
eg_status eg_evidence_get(const eg_graph *g, size_t e, eg_evidence **out, size_t *n, eg_error *err);
void eg_evidence_free(eg_evidence *items, size_t n);

#endif
