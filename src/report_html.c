/*
 * report_html: the self-contained HTML report. The page is written top to bottom in one pass; each section
 * reads the graph's tables (and, for rankings and communities, query.c and query_community.c) and writes
 * escaped text through export_core's writer.
 *
 * Invariants: nothing in the page refers outside the file (no src/href to another resource, no script);
 * graph text is always escaped with eg_w_xml_text; tables list at most o->rows rows (communities at most
 * o->rows communities of at most 15 members each) so the page stays readable on a large graph.
 */
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "evidence.h"
#include "export_core.h"
#include "query.h"
#include "query_community.h"

void eg_report_options_init(eg_report_options *o)
{
    memset(o, 0, sizeof *o);
    eg_render_options_init(&o->picture);
    o->rows = 10;
}

static const char page_css[] =
    "body{font-family:%s;color:#1d2330;background:#fff;margin:0 auto;max-width:1240px;padding:0 20px 40px;"
    "line-height:1.45}\n"
    "h1{font-size:1.7em;margin:24px 0 4px}h2{font-size:1.25em;margin:32px 0 10px;border-bottom:2px solid "
    "#e3e6ec;padding-bottom:4px}\n"
    ".source{color:#5a6270;margin:0 0 12px}\n"
    ".figures{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}\n"
    ".figure{border:1px solid #e3e6ec;border-radius:6px;padding:8px 14px;min-width:110px}\n"
    ".figure b{display:block;font-size:1.5em}\n"
    "table{border-collapse:collapse;margin:6px 0 14px;font-size:.92em}\n"
    "th,td{text-align:left;padding:3px 10px;border-bottom:1px solid #eceef2;vertical-align:top}\n"
    "th{background:#f5f6f8}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".rankings{display:flex;flex-wrap:wrap;gap:18px}.rankings h3{font-size:1em;margin:8px 0 2px}\n"
    ".swatch{display:inline-block;width:.8em;height:.8em;border-radius:50%%;margin-right:.35em;"
    "vertical-align:-.05em}\n"
    ".picture svg{max-width:100%%;height:auto;border:1px solid #e3e6ec;border-radius:6px}\n"
    ".evidence{margin:2px 0;padding-left:1.1em;color:#3a4150}.evidence li{margin:2px 0}\n"
    ".doc{color:#7a8190;font-size:.85em}.muted{color:#7a8190}\n"
    "table.links td:nth-child(-n+2){white-space:nowrap}\n"
    "@media print{body{max-width:none;padding:0}h2{break-after:avoid}table,figure,.figure{break-inside:avoid}"
    ".picture svg{border:none}}\n";

static void outx(eg_writer *w, const char *s)
{
    eg_w_xml_text(w, s ? s : "", false);
}

static void write_swatch(eg_writer *w, const char *type)
{
    eg_rgb c = eg_type_colour(type);
    eg_w_outf(w, "<span class=\"swatch\" style=\"background:#%02x%02x%02x\"></span>", c.r, c.g, c.b);
}

static long node_column(const eg_graph *g, const char *name, eg_attr_type type)
{
    long col = eg_table_find(&g->nodes, name);
    return col >= 0 && g->nodes.cols[col].type == type ? col : -1;
}

static int64_t meta_int(const eg_graph *g, const char *name, int64_t fallback)
{
    long col = eg_table_find(&g->meta, name);
    if (col < 0 || g->meta.n_rows == 0 || !eg_table_has(&g->meta, (size_t)col, 0))
        return fallback;
    const eg_column *c = &g->meta.cols[col];
    if (c->type == EG_ATTR_INT)
        return c->v.i[0];
    if (c->type == EG_ATTR_DOUBLE && isfinite(c->v.d[0]))
        return (int64_t)c->v.d[0];
    return fallback;
}

static int64_t node_int(const eg_graph *g, long col, size_t v)
{
    return col >= 0 && eg_table_has(&g->nodes, (size_t)col, v) ? g->nodes.cols[col].v.i[v] : 0;
}

/* ---- summary ----------------------------------------------------------------------------------------- */

typedef struct type_count {
    const char *type;
    size_t n_entities;
    int64_t n_mentions;
} type_count;

static int by_type_count(const void *pa, const void *pb)
{
    const type_count *a = pa, *b = pb;
    if (a->n_entities != b->n_entities)
        return a->n_entities > b->n_entities ? -1 : 1;
    return strcmp(a->type, b->type);
}

static eg_status write_summary(eg_writer *w, const eg_graph *g, eg_error *err)
{
    size_t n = eg_graph_n_nodes(g);
    long mcol = node_column(g, "mentions", EG_ATTR_INT);
    int64_t mentions = 0;
    for (size_t v = 0; v < n; v++)
        mentions += node_int(g, mcol, v);
    /* Date range over the nodes' first_seen / last_seen (ISO dates compare as strings). */
    char first[128] = "", last[128] = "";
    long fcol = node_column(g, "first_seen", EG_ATTR_STRING), lcol = node_column(g, "last_seen", EG_ATTR_STRING);
    eg_cell_reader cells;
    eg_cell_reader_init(&cells);
    eg_status st = EG_OK;
    for (size_t v = 0; v < n && st == EG_OK; v++) {
        const char *s;
        size_t len;
        if (fcol >= 0 && eg_table_has(&g->nodes, (size_t)fcol, v) &&
            (st = eg_table_cell_text(&g->nodes, (size_t)fcol, v, &cells, &s, &len, err)) == EG_OK && len &&
            len < sizeof first && (!*first || strcmp(s, first) < 0))
            memcpy(first, s, len + 1);
        if (st == EG_OK && lcol >= 0 && eg_table_has(&g->nodes, (size_t)lcol, v) &&
            (st = eg_table_cell_text(&g->nodes, (size_t)lcol, v, &cells, &s, &len, err)) == EG_OK && len &&
            len < sizeof last && (!*last || strcmp(s, last) > 0))
            memcpy(last, s, len + 1);
    }
    eg_cell_reader_destroy(&cells);
    if (st)
        return st;

    eg_w_outs(w, "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"figures\">\n");
    eg_w_outf(w, "<div class=\"figure\"><b>%lld</b>documents</div>\n",
              (long long)meta_int(g, "documents", 0));
    eg_w_outf(w, "<div class=\"figure\"><b>%lld</b>mentions</div>\n",
              (long long)meta_int(g, "mentions", mentions));
    eg_w_outf(w, "<div class=\"figure\"><b>%zu</b>entities</div>\n", n);
    eg_w_outf(w, "<div class=\"figure\"><b>%zu</b>links</div>\n", eg_graph_n_edges(g));
    eg_w_outs(w, "<div class=\"figure\"><b>");
    if (*first || *last) {
        outx(w, *first ? first : "?");
        if (*last && (!*first || strcmp(first, last) != 0)) {
            eg_w_outs(w, " – ");
            outx(w, last);
        }
        eg_w_outs(w, "</b>date range</div>\n");
    } else {
        eg_w_outs(w, "–</b>date range (documents had no dates)</div>\n");
    }
    eg_w_outs(w, "</div>\n");

    type_count *tc = eg_calloc(n ? n : 1, sizeof *tc);
    if (!tc)
        return eg_error_nomem(err);
    size_t nt = 0;
    for (size_t v = 0; v < n; v++) {
        const char *t = eg_graph_node_type(g, v) ? eg_graph_node_type(g, v) : "";
        size_t j = 0;
        while (j < nt && strcmp(tc[j].type, t) != 0)
            j++;
        if (j == nt)
            tc[nt++].type = t;
        tc[j].n_entities++;
        tc[j].n_mentions += node_int(g, mcol, v);
    }
    eg_sort(tc, nt, sizeof *tc, by_type_count);
    eg_w_outs(w, "<table class=\"types\"><thead><tr><th>type</th><th class=\"num\">entities</th>"
                 "<th class=\"num\">mentions</th></tr></thead><tbody>\n");
    for (size_t j = 0; j < nt; j++) {
        eg_w_outs(w, "<tr><td>");
        write_swatch(w, tc[j].type);
        outx(w, tc[j].type);
        eg_w_outf(w, "</td><td class=\"num\">%zu</td><td class=\"num\">%lld</td></tr>\n", tc[j].n_entities,
                  (long long)tc[j].n_mentions);
    }
    eg_w_outs(w, "</tbody></table>\n</section>\n");
    free(tc);
    return EG_OK;
}

/* ---- rankings ---------------------------------------------------------------------------------------- */

static void write_entity_cell(eg_writer *w, const eg_graph *g, size_t v)
{
    eg_w_outs(w, "<td>");
    write_swatch(w, eg_graph_node_type(g, v));
    outx(w, eg_graph_node_label(g, v));
    eg_w_outs(w, "</td>");
}

static eg_status write_rankings(eg_writer *w, const eg_graph *g, size_t rows, eg_error *err)
{
    static const eg_measure measures[] = {EG_BY_PAGERANK, EG_BY_DEGREE, EG_BY_STRENGTH, EG_BY_BETWEENNESS,
                                          EG_BY_EIGENVECTOR};
    static const char *const titles[] = {"PageRank", "Degree (neighbours)", "Strength (co-occurrences)",
                                         "Betweenness", "Eigenvector"};
    eg_w_outs(w, "<section id=\"rankings\">\n<h2>Top entities</h2>\n<div class=\"rankings\">\n");
    for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++) {
        if (measures[i] == EG_BY_BETWEENNESS && eg_graph_n_nodes(g) > EG_REPORT_MAX_BETWEENNESS)
            continue;
        eg_ranked *top = NULL;
        size_t n = 0;
        eg_status st = eg_query_top(g, measures[i], rows, NULL, &top, &n, err);
        if (st != EG_OK)
            return st;
        eg_w_outf(w, "<div class=\"ranking\" data-measure=\"%s\"><h3>%s</h3>\n", eg_measure_name(measures[i]),
                  titles[i]);
        eg_w_outs(w, "<table><thead><tr><th class=\"num\">#</th><th>entity</th><th class=\"num\">score</th>"
                     "</tr></thead><tbody>\n");
        for (size_t k = 0; k < n; k++) {
            eg_w_outf(w, "<tr><td class=\"num\">%zu</td>", k + 1);
            write_entity_cell(w, g, top[k].node);
            if (top[k].score == floor(top[k].score) && fabs(top[k].score) < 1e15)
                eg_w_outf(w, "<td class=\"num\">%.0f</td></tr>\n", top[k].score);
            else
                eg_w_outf(w, "<td class=\"num\">%.4g</td></tr>\n", top[k].score);
        }
        eg_w_outs(w, "</tbody></table></div>\n");
        free(top);
    }
    eg_w_outs(w, "</div>\n");
    if (eg_graph_n_nodes(g) > EG_REPORT_MAX_BETWEENNESS)
        eg_w_outf(w, "<p class=\"muted\">Betweenness is left out above %d entities (it takes time quadratic "
                     "in their number); <code>entgraph top --by betweenness</code> computes it.</p>\n",
                  EG_REPORT_MAX_BETWEENNESS);
    eg_w_outs(w, "</section>\n");
    return EG_OK;
}

/* ---- communities ------------------------------------------------------------------------------------- */

enum { MAX_MEMBERS_SHOWN = 15 };

static eg_status write_communities(eg_writer *w, const eg_graph *g, size_t rows, eg_error *err)
{
    size_t n = eg_graph_n_nodes(g), n_comm = 0;
    double modularity = 0;
    eg_ranked *ranked = NULL;
    size_t n_ranked = 0;
    size_t *community = eg_malloc((n ? n : 1) * sizeof *community);
    eg_status st = EG_OK;
    if (!community)
        return eg_error_nomem(err);
    eg_w_outs(w, "<section id=\"communities\">\n<h2>Communities</h2>\n");
    if (n == 0) {
        eg_w_outs(w, "<p class=\"muted\">The graph is empty.</p>\n</section>\n");
        goto done;
    }
    if ((st = eg_query_communities(g, EG_COMMUNITY_LEIDEN, 1.0, community, &n_comm, &modularity, err)) ||
        (st = eg_query_top(g, EG_BY_PAGERANK, 0, NULL, &ranked, &n_ranked, err)))
        goto done;
    size_t shown = 0, singletons = 0;
    eg_w_outf(w, "<p>Groups of entities more often named together than with the rest (Leiden, modularity "
                 "%.3f).</p>\n<table class=\"communities\"><thead><tr><th class=\"num\">#</th>"
                 "<th class=\"num\">size</th><th>members, by PageRank</th></tr></thead><tbody>\n",
              modularity);
    /* Communities are numbered by size, largest first; members listed in PageRank order. */
    for (size_t c = 1; c <= n_comm; c++) {
        size_t size = 0;
        for (size_t v = 0; v < n; v++)
            size += community[v] == c;
        if (size < 2) {
            singletons += size;
            continue;
        }
        if (shown == rows)
            continue;
        shown++;
        eg_w_outf(w, "<tr><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td>", c, size);
        size_t listed = 0;
        for (size_t k = 0; k < n_ranked && listed < MAX_MEMBERS_SHOWN; k++) {
            size_t v = ranked[k].node;
            if (community[v] != c)
                continue;
            if (listed++)
                eg_w_outs(w, ", ");
            write_swatch(w, eg_graph_node_type(g, v));
            outx(w, eg_graph_node_label(g, v));
        }
        if (size > listed)
            eg_w_outf(w, " <span class=\"muted\">and %zu more</span>", size - listed);
        eg_w_outs(w, "</td></tr>\n");
    }
    eg_w_outs(w, "</tbody></table>\n");
    if (singletons)
        eg_w_outf(w, "<p class=\"muted\">%zu entit%s linked to no other.</p>\n", singletons,
                  singletons == 1 ? "y is" : "ies are");
    eg_w_outs(w, "</section>\n");
done:
    free(ranked);
    free(community);
    return st;
}

/* ---- strongest links --------------------------------------------------------------------------------- */

static const eg_graph *edge_sort_graph; /* qsort has no context argument; one thread only */

static int by_edge_weight(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double wa = eg_graph_edge_weight(edge_sort_graph, a), wb = eg_graph_edge_weight(edge_sort_graph, b);
    if (wa != wb)
        return wa > wb ? -1 : 1;
    return a < b ? -1 : a > b;
}

enum { MAX_EVIDENCE_SHOWN = 3 };

static eg_status write_edges(eg_writer *w, const eg_graph *g, size_t rows, eg_error *err)
{
    size_t ne = eg_graph_n_edges(g);
    size_t *order = eg_malloc((ne ? ne : 1) * sizeof *order);
    eg_status st = EG_OK;
    if (!order)
        return eg_error_nomem(err);
    for (size_t e = 0; e < ne; e++)
        order[e] = e;
    edge_sort_graph = g;
    eg_sort(order, ne, sizeof *order, by_edge_weight);
    bool has_evidence = eg_evidence_available(g);
    long dcol = eg_table_find(&g->edges, "documents");
    if (dcol >= 0 && g->edges.cols[dcol].type != EG_ATTR_INT)
        dcol = -1;

    eg_w_outs(w, "<section id=\"links\">\n<h2>Strongest links</h2>\n");
    if (!has_evidence)
        eg_w_outs(w, "<p class=\"muted\">This graph keeps no evidence sentences.</p>\n");
    eg_w_outs(w, "<table class=\"links\"><thead><tr><th>entity</th><th>entity</th><th class=\"num\">"
                 "sentences</th>");
    if (dcol >= 0)
        eg_w_outs(w, "<th class=\"num\">documents</th>");
    if (has_evidence)
        eg_w_outs(w, "<th>evidence</th>");
    eg_w_outs(w, "</tr></thead><tbody>\n");
    size_t shown = rows * 2;
    for (size_t k = 0; k < ne && k < shown; k++) {
        size_t e = order[k];
        eg_w_outs(w, "<tr>");
        write_entity_cell(w, g, g->source[e]);
        write_entity_cell(w, g, g->target[e]);
        char num[32];
        eg_format_double(num, sizeof num, eg_graph_edge_weight(g, e));
        eg_w_outf(w, "<td class=\"num\">%s</td>", num);
        if (dcol >= 0)
            eg_w_outf(w, "<td class=\"num\">%lld</td>",
                      (long long)(eg_table_has(&g->edges, (size_t)dcol, e) ? g->edges.cols[dcol].v.i[e] : 0));
        if (has_evidence) {
            eg_evidence *ev = NULL;
            size_t n_ev = 0;
            if ((st = eg_evidence_get(g, e, &ev, &n_ev, err)) != EG_OK)
                break;
            eg_w_outs(w, "<td><ul class=\"evidence\">");
            for (size_t i = 0; i < n_ev && i < MAX_EVIDENCE_SHOWN; i++) {
                eg_w_outs(w, "<li>“");
                outx(w, ev[i].text);
                eg_w_outs(w, "” <span class=\"doc\">");
                outx(w, ev[i].doc);
                eg_w_outs(w, "</span></li>");
            }
            if (n_ev > MAX_EVIDENCE_SHOWN)
                eg_w_outf(w, "<li class=\"muted\">and %zu more</li>", n_ev - MAX_EVIDENCE_SHOWN);
            eg_w_outs(w, "</ul></td>");
            eg_evidence_free(ev, n_ev);
        }
        eg_w_outs(w, "</tr>\n");
    }
    eg_w_outs(w, "</tbody></table>\n</section>\n");
    free(order);
    return st;
}

/* ---- discovered entities ----------------------------------------------------------------------------- */

static bool is_discovered(const eg_graph *g, long col, size_t v)
{
    if (col < 0 || !eg_table_has(&g->nodes, (size_t)col, v))
        return false;
    const eg_column *c = &g->nodes.cols[col];
    switch (c->type) {
    case EG_ATTR_BOOL: return c->v.b[v] != 0;
    case EG_ATTR_INT: return c->v.i[v] != 0;
    case EG_ATTR_STRING: return strcmp(c->v.s[v], "true") == 0 || strcmp(c->v.s[v], "1") == 0;
    default: return false;
    }
}

static void write_discovered(eg_writer *w, const eg_graph *g)
{
    long col = eg_table_find(&g->nodes, "discovered");
    long mcol = node_column(g, "mentions", EG_ATTR_INT);
    size_t n = 0;
    for (size_t v = 0; v < eg_graph_n_nodes(g); v++)
        n += is_discovered(g, col, v);
    eg_w_outs(w, "<section id=\"discovered\">\n<h2>Entities outside the dictionaries</h2>\n");
    if (n == 0) {
        eg_w_outs(w, col < 0 ? "<p class=\"muted\">This graph was built from the dictionaries only.</p>\n"
                             : "<p class=\"muted\">No entity was discovered outside the dictionaries.</p>\n");
        eg_w_outs(w, "</section>\n");
        return;
    }
    eg_w_outf(w, "<p>%zu entit%s found by name discovery rather than a dictionary entry.</p>\n", n,
              n == 1 ? "y" : "ies");
    eg_w_outs(w, "<table class=\"discovered\"><thead><tr><th>entity</th><th>type</th><th class=\"num\">mentions"
                 "</th></tr></thead><tbody>\n");
    for (size_t v = 0; v < eg_graph_n_nodes(g); v++) {
        if (!is_discovered(g, col, v))
            continue;
        eg_w_outs(w, "<tr>");
        write_entity_cell(w, g, v);
        eg_w_outs(w, "<td>");
        outx(w, eg_graph_node_type(g, v));
        eg_w_outf(w, "</td><td class=\"num\">%lld</td></tr>\n", (long long)node_int(g, mcol, v));
    }
    eg_w_outs(w, "</tbody></table>\n</section>\n");
}

/* ---- page -------------------------------------------------------------------------------------------- */

eg_status eg_report_html(const eg_graph *g, const eg_report_options *o, FILE *fp, eg_error *err)
{
    eg_writer w;
    eg_writer_init(&w, fp, NULL, 0); /* unbuffered: writes reach fp at once */
    eg_status st;
    const char *title = o->title ? o->title : "Entity network report";
    size_t rows = o->rows ? o->rows : 10;
    eg_render_options pic = o->picture;
    pic.embedded = true;
    eg_render_info info;

    if ((st = eg_render_check_size_by(g, pic.size_by, err)) != EG_OK)
        return st;
    eg_w_outs(&w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"entgraph " EG_VERSION "\">\n<title>");
    outx(&w, title);
    eg_w_outs(&w, "</title>\n<style>\n");
    eg_w_outf(&w, page_css, eg_render_font_family);
    eg_w_outs(&w, "</style>\n</head>\n<body>\n<header>\n<h1>");
    outx(&w, title);
    eg_w_outs(&w, "</h1>\n");
    if (o->source) {
        eg_w_outs(&w, "<p class=\"source\">");
        outx(&w, o->source);
        eg_w_outs(&w, "</p>\n");
    }
    eg_w_outs(&w, "</header>\n<main>\n");
    if ((st = write_summary(&w, g, err)) != EG_OK)
        return st;
    eg_w_outs(&w, "<section id=\"picture\" class=\"picture\">\n<h2>The network</h2>\n");
    if ((st = eg_render_svg(g, &pic, fp, &info, err)) != EG_OK)
        return st;
    eg_w_outs(&w, "<p class=\"muted\">Colour: type. Size: ");
    outx(&w, pic.size_by ? pic.size_by : "pagerank");
    eg_w_outs(&w, ". Line width: sentences naming both.");
    if (info.n_drawn < info.n_nodes)
        eg_w_outf(&w, " Only the top %zu of %zu entities are drawn.", info.n_drawn, info.n_nodes);
    eg_w_outs(&w, "</p>\n</section>\n");
    if ((st = write_rankings(&w, g, rows, err)) != EG_OK || (st = write_communities(&w, g, rows, err)) != EG_OK ||
        (st = write_edges(&w, g, rows, err)) != EG_OK)
        return st;
    write_discovered(&w, g);
    eg_w_outs(&w, "</main>\n<footer class=\"muted\"><p>Made with entgraph " EG_VERSION
                  ". This page is self-contained: it needs no network.</p></footer>\n</body>\n</html>\n");
    return EG_OK;
}
