/*
 * test_render: the SVG picture (render_svg) and the HTML report (report_html) on a small graph.
 *
 * The graph (node row = index, weights on edges; mentions in brackets):
 *
 *     a "<A&B>" person [9] ---5--- b "서울시" country [7] ---1--- c "Charlie" organization [3]
 *        \                                                     /
 *         2---------------- d "Delta" role [2] --------------1        e "Echo" vessel [1] (isolated)
 *
 * Checked: one circle per drawn node with the type's colour and escaped data attributes, Hangul kept as
 * UTF-8, labels that do not overlap (re-estimated here with the module's rule: 0.58 em per display
 * column, 1.15 em high), identical bytes for one seed, the cut to the top N with the legend saying so,
 * sizing by a column, every layout, the report's sections and self-containment, and allocation failures.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "graph.h"
#include "harness.h"
#include "render_svg.h"
#include "report_html.h"

enum { A, B, C, D, E, N_NODES };

static eg_graph *make_graph(bool extras)
{
    static const char *const ids[N_NODES] = {"person:ab", "country:seoul", "org:charlie", "role:delta",
                                             "vessel:echo"};
    static const char *const labels[N_NODES] = {"<A&B>", "\xec\x84\x9c\xec\x9a\xb8\xec\x8b\x9c", "Charlie",
                                                "Delta", "Echo"};
    static const char *const types[N_NODES] = {"person", "country", "organization", "role", "vessel"};
    static const int mentions[N_NODES] = {9, 7, 3, 2, 1};
    static const struct { int a, b; double w; } edges[] = {{A, B, 5}, {B, C, 1}, {A, D, 2}, {C, D, 1}};
    eg_graph *g = NULL;
    eg_error err;
    size_t row, col;
    if (eg_graph_new(&g, &err))
        return NULL;
    for (int v = 0; v < N_NODES; v++) {
        if (eg_graph_add_node(g, ids[v], labels[v], types[v], &row, &err))
            goto fail;
        eg_table_set_int(&g->nodes, EG_NODE_MENTIONS, row, mentions[v]);
    }
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        if (eg_graph_add_edge(g, (uint32_t)edges[i].a, (uint32_t)edges[i].b, &row, &err))
            goto fail;
        eg_table_set_double(&g->edges, EG_EDGE_WEIGHT, row, edges[i].w);
        eg_table_set_int(&g->edges, EG_EDGE_COUNT, row, (int64_t)edges[i].w);
    }
    if (extras) {
        const char *ev = "[{\"doc\":\"d1\",\"start\":0,\"end\":20,\"text\":\"<A&B> met in Seoul.\"}]";
        if (eg_table_add_column(&g->edges, "evidence", EG_ATTR_JSON, &col, &err) ||
            eg_table_set_string(&g->edges, col, 0, ev, strlen(ev), &err) ||
            eg_table_add_column(&g->nodes, "discovered", EG_ATTR_BOOL, &col, &err))
            goto fail;
        eg_table_set_bool(&g->nodes, col, D, true);
    }
    return g;
fail:
    eg_graph_free(g);
    return NULL;
}

/* Renders g into a NUL-terminated string (NULL on error, st set). */
static char *render(const eg_graph *g, const eg_render_options *o, eg_render_info *info, eg_status *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    eg_error err;
    if (!fp)
        return NULL;
    *st = eg_render_svg(g, o, fp, info, &err);
    fclose(fp);
    if (*st != EG_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void test_picture(void)
{
    eg_graph *g = make_graph(false);
    CHECK(g != NULL);
    eg_render_options o;
    eg_render_options_init(&o);
    eg_render_info info;
    eg_status st;
    char *svg = render(g, &o, &info, &st);
    CHECK(svg != NULL);
    if (!svg)
        goto done;
    CHECK(strncmp(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"", 78) ==
          0);
    CHECK_INT(count(svg, "<circle class=\"node\""), N_NODES);
    CHECK_INT(count(svg, "<line class=\"edge\""), 4);
    CHECK_INT(info.n_nodes, N_NODES);
    CHECK_INT(info.n_drawn, N_NODES);
    CHECK_INT(info.n_edges_drawn, 4);
    CHECK_INT(info.layout, EG_LAYOUT_FR);
    /* Colours by type (the GraphML export's), escaped text, Hangul as UTF-8, CJK fonts in the list. */
    CHECK(strstr(svg, "fill=\"#1f77b4\" data-id=\"person:ab\" data-type=\"person\" data-label=\"&lt;A&amp;B&gt;\"") !=
          NULL);
    CHECK(strstr(svg, "fill=\"#2ca02c\" data-id=\"country:seoul\"") != NULL);
    CHECK(strstr(svg, "\xec\x84\x9c\xec\x9a\xb8\xec\x8b\x9c</text>") != NULL);
    CHECK(strstr(svg, "Noto Sans CJK KR") != NULL);
    CHECK(strstr(svg, "<A&B>") == NULL);
    /* The legend names each type once. */
    CHECK_INT(count(svg, "class=\"swatch\""), 5);
    CHECK(strstr(svg, "5 entities, 4 links") != NULL);

    /* Labels: every node labelled (plenty of room), boxes pairwise disjoint. */
    CHECK_INT(info.n_labels, N_NODES);
    double bx[N_NODES][4];
    size_t nb = 0;
    for (const char *p = svg; (p = strstr(p, "<text class=\"label\" x=\"")) && nb < N_NODES; p++) {
        double x, y, fs;
        CHECK(sscanf(p, "<text class=\"label\" x=\"%lf\" y=\"%lf\" font-size=\"%lf\"", &x, &y, &fs) == 3);
        const char *t = strchr(p, '>') + 1, *end = strstr(t, "</text>");
        size_t cols = 0;
        for (const char *q = t; q < end; q++) {
            unsigned char ch = (unsigned char)*q;
            if (ch == 0xEA || ch == 0xEB || ch == 0xEC || ch == 0xED)
                cols += 2; /* a Hangul syllable: 3 bytes, 2 columns */
            else if (ch < 0x80 || ch >= 0xC0)
                cols += *q == '&' ? 0 : 1; /* an entity counts by its ';' */
        }
        bx[nb][0] = x, bx[nb][1] = y - fs * 0.9, bx[nb][2] = x + 0.58 * (double)cols * fs,
        bx[nb][3] = bx[nb][1] + 1.15 * fs;
        nb++;
    }
    CHECK_INT(nb, N_NODES);
    for (size_t i = 0; i < nb; i++)
        for (size_t j = i + 1; j < nb; j++)
            CHECK(!(bx[i][0] < bx[j][2] - 0.2 && bx[j][0] < bx[i][2] - 0.2 && bx[i][1] < bx[j][3] - 0.2 &&
                    bx[j][1] < bx[i][3] - 0.2));

    /* Same seed, same bytes. */
    char *again = render(g, &o, NULL, &st);
    CHECK(again && strcmp(svg, again) == 0);
    free(again);
    free(svg);

    /* The top 2 by mentions: a and b, with the one edge between them; the legend says so. */
    o.size_by = "mentions";
    o.top = 2;
    o.labels = 1;
    svg = render(g, &o, &info, &st);
    CHECK(svg != NULL);
    if (svg) {
        CHECK_INT(count(svg, "<circle class=\"node\""), 2);
        CHECK(strstr(svg, "data-id=\"person:ab\"") && strstr(svg, "data-id=\"country:seoul\""));
        CHECK(!strstr(svg, "data-id=\"org:charlie\""));
        CHECK_INT(count(svg, "<line class=\"edge\""), 1);
        CHECK(strstr(svg, "showing the top 2 of 5 entities") != NULL);
        CHECK(strstr(svg, "node size: mentions") != NULL);
        CHECK_INT(count(svg, "<text class=\"label\""), 1);
        CHECK(strstr(svg, "<text class=\"label\"") < strstr(svg, "data-id=\"person:ab\">&lt;A&amp;B&gt;</text>"));
    }
    CHECK_INT(info.n_drawn, 2);
    free(svg);

    /* Every layout; an embedded picture has no XML declaration. */
    o.top = 0;
    o.embedded = true;
    for (eg_layout l = EG_LAYOUT_FR; l <= EG_LAYOUT_KK; l++) {
        o.layout = l;
        svg = render(g, &o, &info, &st);
        CHECK(svg && strncmp(svg, "<svg ", 5) == 0);
        CHECK_INT(info.layout, l);
        free(svg);
    }

    /* Unknown size measure; bad layout name. */
    eg_error err;
    o.size_by = "bogus";
    CHECK(render(g, &o, NULL, &st) == NULL);
    CHECK_INT(st, EG_ERR_USAGE);
    CHECK_INT(eg_render_check_size_by(g, "label", &err), EG_ERR_USAGE); /* a string column */
    CHECK_INT(eg_render_check_size_by(g, "documents", &err), EG_OK);
    eg_layout l;
    CHECK_INT(eg_layout_parse("kk", &l, &err), EG_OK);
    CHECK_INT(l, EG_LAYOUT_KK);
    CHECK_INT(eg_layout_parse("circle", &l, &err), EG_ERR_USAGE);
done:
    eg_graph_free(g);
}

static void test_empty(void)
{
    eg_graph *g = NULL;
    eg_error err;
    CHECK_INT(eg_graph_new(&g, &err), EG_OK);
    eg_render_options o;
    eg_render_options_init(&o);
    eg_status st;
    char *svg = render(g, &o, NULL, &st);
    CHECK(svg && strstr(svg, "</svg>") && !strstr(svg, "class=\"node\""));
    free(svg);
    eg_graph_free(g);
}

static char *report(const eg_graph *g, const eg_report_options *o, eg_status *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    eg_error err;
    if (!fp)
        return NULL;
    *st = eg_report_html(g, o, fp, &err);
    fclose(fp);
    if (*st != EG_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void test_report(void)
{
    eg_graph *g = make_graph(true);
    CHECK(g != NULL);
    eg_report_options o;
    eg_report_options_init(&o);
    o.title = "News & <views>";
    eg_status st;
    char *html = report(g, &o, &st);
    CHECK(html != NULL);
    if (html) {
        CHECK(strncmp(html, "<!DOCTYPE html>", 15) == 0);
        CHECK(strstr(html, "<title>News &amp; &lt;views&gt;</title>") != NULL);
        static const char *const sections[] = {"id=\"summary\"", "id=\"picture\"", "id=\"rankings\"",
                                               "id=\"communities\"", "id=\"links\"", "id=\"discovered\""};
        const char *prev = html;
        for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
            const char *p = strstr(html, sections[i]);
            CHECK(p != NULL && p > prev);
            prev = p ? p : prev;
        }
        /* Self-contained: no script, nothing fetched (the SVG namespace is a name, not a fetch). */
        CHECK(!strstr(html, "<script") && !strstr(html, "src=") && !strstr(html, "href=") &&
              !strstr(html, "url(") && !strstr(html, "@import"));
        CHECK_INT(count(html, "<svg "), 1);
        CHECK(!strstr(html, "<?xml"));
        /* Rankings by five measures, the evidence sentence escaped, the discovered entity listed. */
        CHECK_INT(count(html, "class=\"ranking\""), 5);
        CHECK(strstr(html, "&lt;A&amp;B&gt; met in Seoul.") != NULL);
        const char *disc = strstr(html, "id=\"discovered\"");
        CHECK(disc && strstr(disc, "Delta</td><td>role</td>") != NULL);
        CHECK(strstr(html, "1 entity is linked to no other.") != NULL);
    }
    free(html);

    /* Without evidence and discovery columns the page says so. */
    eg_graph *plain = make_graph(false);
    html = plain ? report(plain, &o, &st) : NULL;
    CHECK(html && strstr(html, "keeps no evidence") && strstr(html, "dictionaries only"));
    free(html);
    eg_graph_free(plain);
    eg_graph_free(g);
}

/* Fails the k-th allocation for every k: each run either succeeds or reports EG_ERR_NOMEM, and the
 * sanitizer build checks that nothing leaks. */
static void test_alloc_failures(void)
{
    eg_graph *g = make_graph(true);
    CHECK(g != NULL);
    eg_report_options o;
    eg_report_options_init(&o);
    int bad = 0, ok_seen = 0;
    for (long k = 1; k < 400 && !ok_seen; k++) {
        eg_alloc_fail_at = k;
        eg_status st;
        char *html = report(g, &o, &st);
        eg_alloc_fail_at = 0;
        if (html)
            ok_seen = 1;
        else if (st != EG_ERR_NOMEM)
            bad++;
        free(html);
    }
    CHECK(ok_seen);
    CHECK_INT(bad, 0);
    eg_graph_free(g);
}

int main(void)
{
    test_picture();
    test_empty();
    test_report();
    test_alloc_failures();
    TEST_END();
}
