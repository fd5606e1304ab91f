/*
 * render_svg: a picture of the entity network as one SVG document, drawn from an igraph layout.
 *
 * Nodes are circles coloured by type (the colours of the GraphML export, eg_type_colour) and sized by a
 * chosen measure; edges are lines whose width and opacity grow with the weight; the top nodes get labels
 * placed greedily so that no two labels overlap and no label covers a node; a legend names the types and
 * says what size means and how many nodes were left out. Text is XML-escaped and set in a font list with
 * CJK fallbacks, so Hangul labels render wherever such a font exists.
 *
 * Invariants: the output depends only on the graph and the options (the layout's random start comes from
 * igraph's default RNG seeded with options->seed), so the same input and seed give the same bytes on one
 * machine. Every drawn node is a <circle class="node"> carrying data-id, data-type and data-label; every
 * label is a <text class="label"> carrying data-id; every edge is a <line class="edge"> carrying
 * data-source, data-target and data-weight. The picture never holds a node that is not in the graph.
 */
#ifndef EG_RENDER_SVG_H
#define EG_RENDER_SVG_H

#include <stdio.h>

#include "graph.h"

typedef enum eg_layout {
    EG_LAYOUT_AUTO = 0, /* Fruchterman-Reingold up to EG_RENDER_DRL_FROM nodes drawn, DrL above */
    EG_LAYOUT_FR,       /* igraph_layout_fruchterman_reingold, weights as attraction */
    EG_LAYOUT_DRL,      /* igraph_layout_drl (force-directed, for large graphs) */
    EG_LAYOUT_KK        /* igraph_layout_kamada_kawai, 1/weight as edge length */
} eg_layout;

enum { EG_RENDER_DRL_FROM = 5000 }; /* FR with its grid stays faster than DrL up to here */

/* Parses "fr", "drl", "kk" or "auto". Returns EG_ERR_USAGE for anything else. */
eg_status eg_layout_parse(const char *name, eg_layout *out, eg_error *err);
/* "auto", "fr", "drl", "kk". */
const char *eg_layout_name(eg_layout l);

typedef struct eg_render_options {
    eg_layout layout;
    const char *size_by; /* a measure (query.h: pagerank, degree, ...) or a numeric node column (mentions,
                          * documents, ...); NULL: pagerank */
    size_t top;          /* draw at most this many nodes, the highest by size_by; 0: all */
    size_t labels;       /* label at most this many nodes, the highest by size_by */
    unsigned long seed;  /* seed of igraph's RNG for the layout's random start */
    int width, height;   /* size of the picture in CSS pixels */
    bool embedded;       /* omit the XML declaration, for an <svg> inside an HTML page */
} eg_render_options;

/* Defaults: auto layout, pagerank, top 150, labels 30, seed 42, 1200 x 900, standalone. */
void eg_render_options_init(eg_render_options *o);

/* What was drawn. */
typedef struct eg_render_info {
    size_t n_nodes;       /* nodes in the graph */
    size_t n_drawn;       /* nodes drawn (n_nodes, or top when the graph was cut) */
    size_t n_edges_drawn; /* edges between drawn nodes */
    size_t n_labels;      /* labels placed (fewer than asked when no free spot was found) */
    eg_layout layout;     /* the layout used (never EG_LAYOUT_AUTO) */
} eg_render_info;

/* Checks that name is a measure or a numeric node column of g. EG_ERR_USAGE otherwise, naming the
 * choices. O(columns). */
eg_status eg_render_check_size_by(const eg_graph *g, const char *name, eg_error *err);

/* Draws g into fp as an SVG document. info (may be NULL) says what was drawn. The graph is cut to the
 * top o->top nodes by o->size_by before the layout (the legend says so). Uses igraph (not thread-safe):
 * call from one thread. Errors: EG_ERR_USAGE (unknown size_by), EG_ERR_GRAPH (igraph failed, or a measure
 * that needs positive weights met another), EG_ERR_NOMEM. Write errors are not reported here: the caller
 * checks the stream. Time: the measure's, plus the layout's (FR about O(iterations * V^2) for V drawn
 * nodes, DrL about O(iterations * V log V)), plus O(L * (L + V)) for L labels. */
eg_status eg_render_svg(const eg_graph *g, const eg_render_options *o, FILE *fp, eg_render_info *info,
                        eg_error *err);

/* The font list used for text (with CJK fallbacks), as a CSS font-family value; the HTML report uses it
 * too. */
extern const char eg_render_font_family[];

#endif
