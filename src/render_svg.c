/*
 * render_svg: the network as an SVG picture. Steps: size values (a centrality through query.c or a numeric
 * node column), the cut to the top nodes, the layout of the drawn subgraph through igraph, the mapping of
 * layout coordinates to the picture, greedy label placement, and the SVG text.
 *
 * Invariants: node order everywhere is the rank order (size descending, then label, then id), so the cut,
 * the label choice and the drawing are deterministic; igraph is called only from eg_render_svg's thread,
 * its RNG seeded first; IGRAPH_CHECK/IGRAPH_FINALLY stay inside static helpers returning igraph_error_t.
 */
#include "render_svg.h"

#include <igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "error.h"
#include "export_core.h"
#include "graph_igraph.h"
#include "query.h"

const char eg_render_font_family[] =
    "'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, 'Noto Sans CJK KR', 'Noto Sans KR', "
    "'Source Han Sans K', 'NanumGothic', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans CJK JP', "
    "'Noto Sans CJK SC', 'Droid Sans Fallback', sans-serif";

static const char *const layout_names[] = {"auto", "fr", "drl", "kk"};

eg_status eg_layout_parse(const char *name, eg_layout *out, eg_error *err)
{
    for (int i = 0; i < 4; i++) {
        if (strcmp(name, layout_names[i]) == 0) {
            *out = (eg_layout)i;
            return EG_OK;
        }
    }
    return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                        "unknown layout \"%s\" (expected fr, drl, kk or auto)", name);
}

const char *eg_layout_name(eg_layout l)
{
    return (unsigned)l < 4 ? layout_names[l] : "auto";
}

void eg_render_options_init(eg_render_options *o)
{
    memset(o, 0, sizeof *o);
    o->layout = EG_LAYOUT_AUTO;
    o->size_by = NULL;
    o->top = 150;
    o->labels = 30;
    o->seed = 42;
    o->width = 1200;
    o->height = 900;
}

/* ---- size values and ranking ------------------------------------------------------------------------ */

static long numeric_column(const eg_graph *g, const char *name)
{
    long col = eg_table_find(&g->nodes, name);
    if (col < 0)
        return -1;
    eg_attr_type t = g->nodes.cols[col].type;
    return t == EG_ATTR_INT || t == EG_ATTR_DOUBLE ? col : -1;
}

eg_status eg_render_check_size_by(const eg_graph *g, const char *name, eg_error *err)
{
    eg_measure m;
    if (!name || eg_measure_parse(name, &m, NULL) == EG_OK || numeric_column(g, name) >= 0)
        return EG_OK;
    return eg_error_set(err, EG_ERR_USAGE, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                        "cannot size by \"%s\": not a measure (degree, strength, pagerank, betweenness, "
                        "eigenvector, closeness, harmonic, coreness) nor a numeric node attribute such as "
                        "mentions or documents",
                        name);
}

/* Fills values[v] for every node: the measure or the column named name (missing values are NaN). */
static eg_status size_values(const eg_graph *g, const char *name, double *values, eg_error *err)
{
    eg_measure m;
    if (!name)
        name = "pagerank";
    if (eg_measure_parse(name, &m, NULL) == EG_OK)
        return eg_query_scores(g, m, values, err);
    long col = numeric_column(g, name);
    eg_status st = eg_render_check_size_by(g, name, err);
    if (st != EG_OK)
        return st;
    const eg_column *c = &g->nodes.cols[col];
    for (size_t v = 0; v < eg_graph_n_nodes(g); v++) {
        if (!eg_table_has(&g->nodes, (size_t)col, v))
            values[v] = NAN;
        else
            values[v] = c->type == EG_ATTR_INT ? (double)c->v.i[v] : c->v.d[v];
    }
    return EG_OK;
}

typedef struct rank_ctx {
    const eg_graph *g;
    const double *values;
} rank_ctx;

static rank_ctx sort_ctx; /* qsort has no context argument; set just before each sort, one thread only */

static double rank_key(double v)
{
    return isfinite(v) ? v : -INFINITY;
}

static int by_rank(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double va = rank_key(sort_ctx.values[a]), vb = rank_key(sort_ctx.values[b]);
    if (va != vb)
        return va > vb ? -1 : 1;
    int c = strcmp(eg_graph_node_label(sort_ctx.g, a), eg_graph_node_label(sort_ctx.g, b));
    if (c)
        return c;
    c = strcmp(eg_graph_node_id(sort_ctx.g, a), eg_graph_node_id(sort_ctx.g, b));
    return c ? c : (a < b ? -1 : a > b);
}

/* ---- layout ------------------------------------------------------------------------------------------ */

/* Edge weights as the layouts want them: attraction for FR and DrL (1 + ln w, so one very frequent pair
 * does not collapse onto itself), length for KK (the inverse). Non-positive or non-finite weights count 1. */
static double attraction(double w)
{
    return isfinite(w) && w > 1.0 ? 1.0 + log(w) : 1.0;
}

static igraph_error_t run_layout(size_t n, const uint32_t *ends, size_t ne, const double *w, eg_layout kind,
                                 unsigned long seed, igraph_matrix_t *pos)
{
    igraph_t ig;
    igraph_vector_int_t edges;
    igraph_vector_t weights;

    IGRAPH_VECTOR_INT_INIT_FINALLY(&edges, (igraph_integer_t)(2 * ne));
    for (size_t i = 0; i < 2 * ne; i++)
        VECTOR(edges)[i] = (igraph_integer_t)ends[i];
    IGRAPH_CHECK(igraph_create(&ig, &edges, (igraph_integer_t)n, IGRAPH_UNDIRECTED));
    IGRAPH_FINALLY(igraph_destroy, &ig);
    IGRAPH_VECTOR_INIT_FINALLY(&weights, (igraph_integer_t)ne);
    for (size_t i = 0; i < ne; i++)
        VECTOR(weights)[i] = kind == EG_LAYOUT_KK ? 1.0 / attraction(w[i]) : attraction(w[i]);

    IGRAPH_CHECK(igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed));
    switch (kind) {
    case EG_LAYOUT_KK:
        IGRAPH_CHECK(igraph_layout_kamada_kawai(&ig, pos, false, (igraph_integer_t)(50 * n + 100), 0.0,
                                                (igraph_real_t)n, &weights, NULL, NULL, NULL, NULL));
        break;
    case EG_LAYOUT_DRL: {
        igraph_layout_drl_options_t opts;
        IGRAPH_CHECK(igraph_layout_drl_options_init(&opts, IGRAPH_LAYOUT_DRL_DEFAULT));
        IGRAPH_CHECK(igraph_layout_drl(&ig, pos, false, &opts, &weights));
        break;
    }
    default:
        IGRAPH_CHECK(igraph_layout_fruchterman_reingold(&ig, pos, false, 500, sqrt((double)n), IGRAPH_LAYOUT_AUTOGRID,
                                                        &weights, NULL, NULL, NULL, NULL));
        break;
    }
    igraph_vector_destroy(&weights);
    igraph_destroy(&ig);
    igraph_vector_int_destroy(&edges);
    IGRAPH_FINALLY_CLEAN(3);
    return IGRAPH_SUCCESS;
}

/* ---- labels ------------------------------------------------------------------------------------------ */

typedef struct box {
    double x0, y0, x1, y1;
} box;

static bool boxes_overlap(const box *a, const box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static bool box_hits_circle(const box *b, double cx, double cy, double r)
{
    double dx = cx < b->x0 ? b->x0 - cx : (cx > b->x1 ? cx - b->x1 : 0.0);
    double dy = cy < b->y0 ? b->y0 - cy : (cy > b->y1 ? cy - b->y1 : 0.0);
    return dx * dx + dy * dy < r * r;
}

/* Estimated width of s in em: utf8proc_charwidth columns (Hangul and CJK 2) at about 0.58 em a column. */
static double text_em(const char *s)
{
    size_t cols = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0) {
            cols++;
            p++;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        cols += cw > 0 ? (size_t)cw : 0;
        p += k;
    }
    return 0.58 * (double)cols;
}

/* ---- drawing ----------------------------------------------------------------------------------------- */

typedef struct drawn {
    size_t node;      /* node row in g */
    double x, y, r;   /* centre and radius in picture pixels */
    double value;     /* size value */
} drawn;

typedef struct drawn_edge {
    uint32_t a, b; /* indexes into the drawn array */
    double w;
    size_t row;    /* edge row in g */
} drawn_edge;

static int by_weight_asc(const void *pa, const void *pb)
{
    const drawn_edge *a = pa, *b = pb;
    if (a->w != b->w)
        return a->w < b->w ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

static void write_attr(eg_writer *w, const char *name, const char *value)
{
    eg_w_outf(w, " %s=\"", name);
    eg_w_xml_text(w, value ? value : "", true);
    eg_w_outs(w, "\"");
}

static void write_colour(eg_writer *w, const char *type)
{
    eg_rgb c = eg_type_colour(type);
    eg_w_outf(w, "#%02x%02x%02x", c.r, c.g, c.b);
}

/* The legend in the top band: one swatch per type of the drawn nodes (first-seen order of the rank, as
 * many as fit on one line), then a line saying what size and width mean and whether the graph was cut. */
static eg_status write_legend(eg_writer *w, const eg_graph *g, const drawn *d, size_t n, const char *size_by,
                              const eg_render_info *info, double width, eg_error *err)
{
    const char **types = eg_calloc(n ? n : 1, sizeof *types);
    size_t n_types = 0;
    if (!types)
        return eg_error_nomem(err);
    for (size_t i = 0; i < n; i++) {
        const char *t = eg_graph_node_type(g, d[i].node);
        bool seen = false;
        for (size_t j = 0; j < n_types && !seen; j++)
            seen = strcmp(types[j], t ? t : "") == 0;
        if (!seen)
            types[n_types++] = t ? t : "";
    }
    eg_w_outs(w, "<g class=\"legend\" font-size=\"13\">\n");
    double x = 16;
    for (size_t j = 0; j < n_types; j++) {
        double em = text_em(types[j]) * 13;
        if (x + em + 40 > width && j > 0)
            break; /* the rest would not fit on one line; they are rare types */
        eg_w_outf(w, "<circle class=\"swatch\" cx=\"%.1f\" cy=\"20\" r=\"6\" fill=\"", x + 6);
        write_colour(w, types[j]);
        eg_w_outs(w, "\"");
        write_attr(w, "data-type", types[j]);
        eg_w_outf(w, "/><text x=\"%.1f\" y=\"24.5\">", x + 16);
        eg_w_xml_text(w, types[j], false);
        eg_w_outs(w, "</text>\n");
        x += 16 + em + 24;
    }
    eg_w_outs(w, "<text class=\"note\" x=\"16\" y=\"46\" fill=\"#555\">node size: ");
    eg_w_xml_text(w, size_by, false);
    eg_w_outs(w, " · edge width: sentences naming both");
    if (info->n_drawn < info->n_nodes)
        eg_w_outf(w, " · showing the top %zu of %zu entities", info->n_drawn, info->n_nodes);
    else
        eg_w_outf(w, " · %zu entities, %zu links", info->n_drawn, info->n_edges_drawn);
    eg_w_outf(w, " · layout %s</text>\n</g>\n", eg_layout_name(info->layout));
    free(types);
    return EG_OK;
}

/* Places labels for the first n_labels drawn nodes (rank order) and writes them. A label goes to the first
 * of eight spots around its node whose box stays inside the picture and overlaps no placed label and no
 * node circle; a node with no free spot stays unlabelled. */
static eg_status write_labels(eg_writer *w, const eg_graph *g, const drawn *d, size_t n, size_t n_labels,
                              double width, double height, double top_band, size_t *n_placed, eg_error *err)
{
    box *placed = eg_malloc((n_labels ? n_labels : 1) * sizeof *placed);
    if (!placed)
        return eg_error_nomem(err);
    size_t np = 0;
    eg_w_outs(w, "<g class=\"labels\" fill=\"#222\" stroke=\"#fff\" stroke-width=\"3\" "
                 "stroke-linejoin=\"round\" paint-order=\"stroke\">\n");
    for (size_t i = 0; i < n_labels && i < n; i++) {
        const char *label = eg_graph_node_label(g, d[i].node);
        double fs = i < 5 ? 15 : (i < 15 ? 13 : 11.5);
        /* Bold (the top five) runs about a tenth wider than the estimate for regular text. */
        double tw = text_em(label) * fs * (i < 5 ? 1.1 : 1.0), th = fs * 1.15, r = d[i].r, gap = 4;
        /* (dx, dy) of the box's top-left corner relative to the node centre. */
        double spots[8][2] = {
            {r + gap, -th / 2},          {-r - gap - tw, -th / 2},     {-tw / 2, -r - gap - th},
            {-tw / 2, r + gap},          {r * 0.7, -r * 0.7 - th},     {r * 0.7, r * 0.7},
            {-r * 0.7 - tw, -r * 0.7 - th}, {-r * 0.7 - tw, r * 0.7},
        };
        for (int s = 0; s < 8; s++) {
            box b = {d[i].x + spots[s][0], d[i].y + spots[s][1], 0, 0};
            b.x1 = b.x0 + tw;
            b.y1 = b.y0 + th;
            bool ok = b.x0 >= 2 && b.x1 <= width - 2 && b.y0 >= top_band && b.y1 <= height - 2;
            for (size_t j = 0; ok && j < np; j++)
                ok = !boxes_overlap(&b, &placed[j]);
            for (size_t j = 0; ok && j < n; j++)
                ok = !box_hits_circle(&b, d[j].x, d[j].y, d[j].r);
            if (!ok)
                continue;
            placed[np++] = b;
            eg_w_outf(w, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"", b.x0,
                      b.y0 + fs * 0.9, fs);
            if (i < 5)
                eg_w_outs(w, " font-weight=\"bold\"");
            write_attr(w, "data-id", eg_graph_node_id(g, d[i].node));
            eg_w_outs(w, ">");
            eg_w_xml_text(w, label, false);
            eg_w_outs(w, "</text>\n");
            break;
        }
    }
    eg_w_outs(w, "</g>\n");
    free(placed);
    *n_placed = np;
    return EG_OK;
}

static void write_nodes(eg_writer *w, const eg_graph *g, const drawn *d, size_t n, const char *size_by)
{
    eg_w_outs(w, "<g class=\"nodes\" stroke=\"#fff\" stroke-width=\"1\">\n");
    for (size_t k = n; k-- > 0;) { /* smallest first, so big nodes lie on top */
        size_t v = d[k].node;
        char num[32];
        eg_format_double(num, sizeof num, d[k].value);
        eg_w_outf(w, "<circle class=\"node\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"", d[k].x, d[k].y, d[k].r);
        write_colour(w, eg_graph_node_type(g, v));
        eg_w_outs(w, "\"");
        write_attr(w, "data-id", eg_graph_node_id(g, v));
        write_attr(w, "data-type", eg_graph_node_type(g, v));
        write_attr(w, "data-label", eg_graph_node_label(g, v));
        eg_w_outs(w, "><title>");
        eg_w_xml_text(w, eg_graph_node_label(g, v), false);
        eg_w_outs(w, " (");
        eg_w_xml_text(w, eg_graph_node_type(g, v), false);
        eg_w_outs(w, "), ");
        eg_w_xml_text(w, size_by, false);
        eg_w_outf(w, " %s</title></circle>\n", isfinite(d[k].value) ? num : "n/a");
    }
    eg_w_outs(w, "</g>\n");
}

static void write_edges(eg_writer *w, const eg_graph *g, const drawn *d, const drawn_edge *e, size_t ne)
{
    double maxw = 0;
    for (size_t i = 0; i < ne; i++)
        if (isfinite(e[i].w) && e[i].w > maxw)
            maxw = e[i].w;
    eg_w_outs(w, "<g class=\"edges\" stroke=\"#5a6270\" stroke-linecap=\"round\">\n");
    for (size_t i = 0; i < ne; i++) {
        double f = maxw > 0 && isfinite(e[i].w) && e[i].w > 0 ? sqrt(e[i].w / maxw) : 0;
        char num[32];
        eg_format_double(num, sizeof num, e[i].w);
        eg_w_outf(w, "<line class=\"edge\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke-width=\"%.2f\" stroke-opacity=\"%.2f\"",
                  d[e[i].a].x, d[e[i].a].y, d[e[i].b].x, d[e[i].b].y, 0.6 + 5.4 * f, 0.12 + 0.58 * f);
        write_attr(w, "data-source", eg_graph_node_id(g, d[e[i].a].node));
        write_attr(w, "data-target", eg_graph_node_id(g, d[e[i].b].node));
        eg_w_outf(w, " data-weight=\"%s\"/>\n", num);
    }
    eg_w_outs(w, "</g>\n");
}

/* Maps layout coordinates into [margin, width - margin] x [top_band + margin, height - margin], keeping the
 * aspect ratio, and sets radii from the size values (square-root scale, 4 to 24 px). */
static void place(drawn *d, size_t n, const igraph_matrix_t *pos, double width, double height, double top_band)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(d[i].value)) {
            lo = fmin(lo, d[i].value);
            hi = fmax(hi, d[i].value);
        }
    for (size_t i = 0; i < n; i++) {
        double f = !isfinite(d[i].value) ? 0 : (hi > lo ? (d[i].value - lo) / (hi - lo) : 0.4);
        d[i].r = 4.0 + 20.0 * sqrt(f);
    }
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double x = MATRIX(*pos, (igraph_integer_t)i, 0), y = MATRIX(*pos, (igraph_integer_t)i, 1);
        x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
    }
    double margin = 40, aw = width - 2 * margin, ah = height - top_band - 2 * margin;
    double sx = x1 > x0 ? aw / (x1 - x0) : 0, sy = y1 > y0 ? ah / (y1 - y0) : 0;
    double s = sx && sy ? fmin(sx, sy) : (sx ? sx : sy);
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    for (size_t i = 0; i < n; i++) {
        double x = MATRIX(*pos, (igraph_integer_t)i, 0), y = MATRIX(*pos, (igraph_integer_t)i, 1);
        d[i].x = width / 2 + (x - cx) * s;
        d[i].y = top_band + margin + ah / 2 + (y - cy) * s;
    }
}

eg_status eg_render_svg(const eg_graph *g, const eg_render_options *o, FILE *fp, eg_render_info *info,
                        eg_error *err)
{
    size_t n_all = eg_graph_n_nodes(g), ne_all = eg_graph_n_edges(g);
    const char *size_by = o->size_by ? o->size_by : "pagerank";
    double width = o->width > 0 ? o->width : 1200, height = o->height > 0 ? o->height : 900, top_band = 56;
    eg_render_info local;
    if (!info)
        info = &local;
    memset(info, 0, sizeof *info);
    info->n_nodes = n_all;

    double *values = NULL;
    size_t *order = NULL;
    uint32_t *slot = NULL, *ends = NULL;
    double *weights = NULL;
    drawn *d = NULL;
    drawn_edge *de = NULL;
    bool pos_ready = false;
    igraph_matrix_t pos;
    eg_status st = EG_OK;

    eg_igraph_setup();
    values = eg_malloc((n_all ? n_all : 1) * sizeof *values);
    order = eg_malloc((n_all ? n_all : 1) * sizeof *order);
    slot = eg_malloc((n_all ? n_all : 1) * sizeof *slot);
    if (!values || !order || !slot) {
        st = eg_error_nomem(err);
        goto done;
    }
    if ((st = size_values(g, o->size_by, values, err)) != EG_OK)
        goto done;
    for (size_t v = 0; v < n_all; v++)
        order[v] = v;
    sort_ctx = (rank_ctx){g, values};
    eg_sort(order, n_all, sizeof *order, by_rank);

    size_t n = o->top && o->top < n_all ? o->top : n_all;
    info->n_drawn = n;
    d = eg_calloc(n ? n : 1, sizeof *d);
    if (!d) {
        st = eg_error_nomem(err);
        goto done;
    }
    for (size_t v = 0; v < n_all; v++)
        slot[v] = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        d[i].node = order[i];
        d[i].value = values[order[i]];
        slot[order[i]] = (uint32_t)i;
    }
    size_t ne = 0;
    for (size_t e = 0; e < ne_all; e++)
        ne += slot[g->source[e]] != UINT32_MAX && slot[g->target[e]] != UINT32_MAX;
    de = eg_malloc((ne ? ne : 1) * sizeof *de);
    ends = eg_malloc((ne ? 2 * ne : 1) * sizeof *ends);
    weights = eg_malloc((ne ? ne : 1) * sizeof *weights);
    if (!de || !ends || !weights) {
        st = eg_error_nomem(err);
        goto done;
    }
    for (size_t e = 0, k = 0; e < ne_all; e++) {
        uint32_t a = slot[g->source[e]], b = slot[g->target[e]];
        if (a == UINT32_MAX || b == UINT32_MAX)
            continue;
        de[k] = (drawn_edge){a, b, eg_graph_edge_weight(g, e), e};
        ends[2 * k] = a;
        ends[2 * k + 1] = b;
        weights[k] = de[k].w;
        k++;
    }
    info->n_edges_drawn = ne;
    info->layout = o->layout != EG_LAYOUT_AUTO ? o->layout : (n > EG_RENDER_DRL_FROM ? EG_LAYOUT_DRL : EG_LAYOUT_FR);

    if (n > 0) {
        if ((st = eg_igraph_status(igraph_matrix_init(&pos, 0, 0), "layout", err)) != EG_OK)
            goto done;
        pos_ready = true;
        if ((st = eg_igraph_status(run_layout(n, ends, ne, weights, info->layout, o->seed, &pos), "layout", err)))
            goto done;
        place(d, n, &pos, width, height, top_band);
    }
    eg_sort(de, ne, sizeof *de, by_weight_asc);

    eg_writer w;
    eg_writer_init(&w, fp, NULL, 0); /* unbuffered: writes reach fp at once */
    if (!o->embedded)
        eg_w_outs(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    eg_w_outf(&w, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"entgraph\" width=\"%.0f\" height=\"%.0f\" "
                  "viewBox=\"0 0 %.0f %.0f\"",
              width, height, width, height);
    write_attr(&w, "font-family", eg_render_font_family);
    eg_w_outs(&w, " role=\"img\">\n<title>");
    eg_w_outf(&w, "Entity network: %zu entities, %zu drawn", n_all, n);
    eg_w_outs(&w, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    write_edges(&w, g, d, de, ne);
    write_nodes(&w, g, d, n, size_by);
    if ((st = write_labels(&w, g, d, n, o->labels, width, height, top_band, &info->n_labels, err)) != EG_OK)
        goto done;
    if ((st = write_legend(&w, g, d, n, size_by, info, width, err)) != EG_OK)
        goto done;
    eg_w_outs(&w, "</svg>\n");

done:
    if (pos_ready)
        igraph_matrix_destroy(&pos);
    free(values);
    free(order);
    free(slot);
    free(ends);
    free(weights);
    free(d);
    free(de);
    return st;
}
