/*
 * report_html: one self-contained HTML page about a graph, to read on a laptop, print or pass on. Everything
 * it needs is inside the file: inline CSS, the picture as inline SVG (render_svg), no script, no image, font
 * or style sheet fetched from anywhere.
 *
 * Sections, in order: summary (documents, mentions, entities and links, entities by type, date range),
 * the picture, the top entities by several centralities, communities with their members, the strongest
 * links with their evidence sentences (when the graph has an `evidence` edge column), and the entities
 * discovered outside the dictionaries (nodes whose `discovered` attribute is true).
 *
 * Invariants: every piece of text from the graph is HTML-escaped; the page is deterministic for a given
 * graph and options (communities and the layout use igraph's RNG seeded with the picture's seed).
 */
#ifndef EG_REPORT_HTML_H
#define EG_REPORT_HTML_H

#include <stdio.h>

#include "graph.h"
#include "render_svg.h"

typedef struct eg_report_options {
    eg_render_options picture; /* the picture (picture.embedded is forced on) */
    size_t rows;               /* rows of each table (default 10) */
    const char *title;         /* page title; NULL: "Entity network report" */
    const char *source;        /* what the graph was made from, shown under the title; NULL: nothing */
} eg_report_options;

/* Defaults: eg_render_options_init, 10 rows, no title, no source. */
void eg_report_options_init(eg_report_options *o);

/* Writes the page for g into fp. Centralities come from query.c (betweenness only up to
 * EG_REPORT_MAX_BETWEENNESS nodes, since it costs O(V (V + E) log V)); communities from igraph's
 * multilevel (Louvain) method on the weighted graph. Uses igraph: call from one thread. Errors:
 * EG_ERR_GRAPH (igraph failed, bad weights), EG_ERR_PARSE (a malformed evidence cell), EG_ERR_NOMEM,
 * EG_ERR_USAGE (bad picture options). Write errors are left to the caller, who checks the stream.
 * Time: dominated by the picture's layout and the centralities. */
eg_status eg_report_html(const eg_graph *g, const eg_report_options *o, FILE *fp, eg_error *err);

enum { EG_REPORT_MAX_BETWEENNESS = 5000 };

#endif
