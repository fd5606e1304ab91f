/*
 * export_core: the writer, escaping and visual attributes shared by the text exporters (see the header).
 */
#include "export_core.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "error.h"

size_t eg_utf8_next(const char *s, size_t n, uint32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    if (k <= 0)
        return 0;
    *cp = (uint32_t)c;
    return (size_t)k;
}

void eg_w_out(eg_writer *w, const char *s, size_t n)
{
    if (w->error || n == 0)
        return;
    errno = 0;
    if (fwrite(s, 1, n, w->fp) != n)
        w->error = errno ? errno : EIO;
}

void eg_w_outs(eg_writer *w, const char *s)
{
    eg_w_out(w, s, strlen(s));
}

void eg_w_outf(eg_writer *w, const char *fmt, ...)
{
    if (w->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    errno = 0;
    if (vfprintf(w->fp, fmt, ap) < 0)
        w->error = errno ? errno : EIO;
    va_end(ap);
}

/* v in decimal at the end of buf[0..24), NUL-terminated: returns where the digits begin. */
static char *int_digits(int64_t v, char buf[24])
{
    char *p = buf + 23;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    *p = '\0';
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return p;
}

void eg_w_int(eg_writer *w, int64_t v)
{
    char buf[24];
    eg_w_outs(w, int_digits(v, buf));
}

void eg_w_xml_text(eg_writer *w, const char *s, bool attr)
{
    size_t n = strlen(s), run = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t k = 1;
        if (c < 0x80) {
            switch (c) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '"': rep = "&quot;"; break;
            case '\'': rep = "&apos;"; break;
            case '\r': rep = "&#13;"; break;
            case '\t': rep = attr ? "&#9;" : NULL; break;
            case '\n': rep = attr ? "&#10;" : NULL; break;
            default:
                if (c < 0x20) {
                    rep = EG_REPLACEMENT;
                    w->n_replaced++;
                }
            }
        } else {
            uint32_t cp;
            k = eg_utf8_next(s + i, n - i, &cp);
            if (!k || cp == 0xFFFE || cp == 0xFFFF) {
                rep = EG_REPLACEMENT;
                w->n_replaced++;
                if (!k)
                    k = 1; /* one U+FFFD per invalid byte */
            }
        }
        if (rep) {
            eg_w_out(w, s + run, i - run);
            eg_w_outs(w, rep);
            run = i + k;
        }
        i += k;
    }
    eg_w_out(w, s + run, n - run);
}

bool eg_w_cell_writable(const eg_table *t, size_t col, size_t row)
{
    const eg_column *c = &t->cols[col];
    return eg_table_has(t, col, row) && !(c->type == EG_ATTR_DOUBLE && !isfinite(c->v.d[row]));
}

void eg_w_xml_cell(eg_writer *w, const eg_table *t, size_t col, size_t row, bool attr)
{
    const eg_column *c = &t->cols[col];
    char num[40];
    switch (c->type) {
    case EG_ATTR_STRING:
    case EG_ATTR_JSON: eg_w_xml_text(w, c->v.s[row], attr); break;
    case EG_ATTR_INT: eg_w_int(w, c->v.i[row]); break;
    case EG_ATTR_BOOL: eg_w_outs(w, c->v.b[row] ? "true" : "false"); break;
    case EG_ATTR_DOUBLE:
        eg_format_double(num, sizeof num, c->v.d[row]);
        eg_w_outs(w, num);
        break;
    }
}

eg_status eg_w_finish(eg_writer *w, const char *what, eg_error *err)
{
    /* Flush here so that an error of the last buffered block is reported with its errno. */
    if (!w->error && fflush(w->fp) != 0)
        w->error = errno ? errno : EIO;
    if (!w->error && ferror(w->fp))
        w->error = EIO;
    if (!w->error)
        return EG_OK;
    char ebuf[128];
    if (strerror_r(w->error, ebuf, sizeof ebuf) != 0)
        snprintf(ebuf, sizeof ebuf, "error %d", w->error);
    return eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing %s: %s", what, ebuf);
}

void eg_format_double(char *buf, size_t size, double d)
{
    /* Whole numbers (counts kept as doubles, such as weight) are common: the digits without printf. */
    if (d >= -1e15 && d <= 1e15 && d == (double)(int64_t)d && !(d == 0 && signbit(d)) && size >= 24) {
        char tmp[24];
        const char *digits = int_digits((int64_t)d, tmp);
        memcpy(buf, digits, strlen(digits) + 1);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

eg_rgb eg_type_colour(const char *type)
{
    static const struct {
        const char *type;
        eg_rgb c;
    } fixed[] = {
        {"person", {31, 119, 180}},
        {"organization", {255, 127, 14}},
        {"country", {44, 160, 44}},
        {"role", {214, 39, 40}},
    };
    static const eg_rgb others[] = {{148, 103, 189}, {140, 86, 75}, {227, 119, 194},
                                    {188, 189, 34},  {23, 190, 207}, {127, 127, 127}};
    if (!type)
        return (eg_rgb){199, 199, 199};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(type, fixed[i].type) == 0)
            return fixed[i].c;
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)type; *p; p++)
        h = (h ^ *p) * 16777619u;
    return others[h % (sizeof others / sizeof others[0])];
}

static double cell_number(const eg_table *t, size_t col, size_t row, bool *ok)
{
    const eg_column *c = &t->cols[col];
    double v = c->type == EG_ATTR_INT ? (double)c->v.i[row] : c->v.d[row];
    *ok = eg_table_has(t, col, row) && isfinite(v);
    return v;
}

eg_size_scale eg_size_scale_make(const eg_table *nodes)
{
    eg_size_scale s = {-1, 0, 0};
    const char *names[] = {"pagerank", "mentions"};
    for (size_t i = 0; i < 2 && s.col < 0; i++) {
        long c = eg_table_find(nodes, names[i]);
        if (c >= 0 && (nodes->cols[c].type == EG_ATTR_INT || nodes->cols[c].type == EG_ATTR_DOUBLE))
            s.col = c;
    }
    bool first = true;
    for (size_t r = 0; s.col >= 0 && r < nodes->n_rows; r++) {
        bool ok;
        double v = cell_number(nodes, (size_t)s.col, r, &ok);
        if (!ok)
            continue;
        if (first || v < s.lo)
            s.lo = v;
        if (first || v > s.hi)
            s.hi = v;
        first = false;
    }
    return s;
}

double eg_node_size(const eg_size_scale *s, const eg_table *nodes, size_t row)
{
    bool ok;
    if (s->col < 0)
        return 10.0;
    double v = cell_number(nodes, (size_t)s->col, row, &ok);
    if (!ok)
        return 10.0;
    if (!(s->hi > s->lo))
        return 30.0;
    return 10.0 + 40.0 * (v - s->lo) / (s->hi - s->lo);
}
