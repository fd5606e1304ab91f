/*
 * export_core: the writer, escaping and visual attributes shared by the exporters (see the header).
 */
#include "export_core.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "error.h"
#include "outfile.h"

size_t eg_utf8_next(const char *s, size_t n, uint32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    if (k <= 0)
        return 0;
    *cp = (uint32_t)c;
    return (size_t)k;
}

/* ---- the number memo --------------------------------------------------------------------------------- */

typedef struct memo_slot { /* 32 bytes */
    uint64_t key;
    unsigned char len; /* 0: empty */
    char text[23];
} memo_slot;

struct eg_num_memo {
    memo_slot slot[EG_NUM_MEMO_SLOTS];
};

eg_num_memo *eg_num_memo_new(void)
{
    return eg_calloc(1, sizeof(eg_num_memo));
}

void eg_num_memo_free(eg_num_memo *m)
{
    free(m);
}

#define MEMO_BITS 14
_Static_assert(EG_NUM_MEMO_SLOTS == 1 << MEMO_BITS, "one slot for each value of memo_index");

/* Fibonacci hashing: the top bits of key times 2^64 / phi, so that nearby values spread over the slots. */
static size_t memo_index(uint64_t key)
{
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - MEMO_BITS));
}

const char *eg_num_memo_get(const eg_num_memo *m, uint64_t key, size_t *len)
{
    const memo_slot *s = &m->slot[memo_index(key)];
    if (!s->len || s->key != key)
        return NULL;
    *len = s->len;
    return s->text;
}

void eg_num_memo_put(eg_num_memo *m, uint64_t key, const char *text, size_t len)
{
    memo_slot *s = &m->slot[memo_index(key)];
    if (len == 0 || len > sizeof s->text)
        return;
    s->key = key;
    s->len = (unsigned char)len;
    memcpy(s->text, text, len);
}

/* ---- the writer -------------------------------------------------------------------------------------- */

/* Keeps the first error and turns the buffer off, so that eg_w_out's fast path skips every later write. */
static void fail(eg_writer *w, int e)
{
    w->error = e ? e : EIO;
    w->len = w->cap = 0;
}

void eg_w_fail(eg_writer *w, int e)
{
    if (!w->error)
        fail(w, e);
}

/* fwrite of s[0..n) straight to the stream. */
static void put_direct(eg_writer *w, const char *s, size_t n)
{
    errno = 0;
    if (fwrite(s, 1, n, w->fp) != n)
        fail(w, errno);
}

void eg_writer_init(eg_writer *w, FILE *fp, char *buf, size_t cap)
{
    *w = (eg_writer){.fp = fp, .buf = buf, .cap = buf ? cap : 0, .writeback = true};
}

eg_status eg_writer_add_memo(eg_writer *w, eg_error *err)
{
    if (!w->memo && !(w->memo = eg_num_memo_new()))
        return eg_error_nomem(err);
    return EG_OK;
}

void eg_writer_destroy(eg_writer *w)
{
    eg_num_memo_free(w->memo);
    w->memo = NULL;
    eg_cell_reader_destroy(&w->cells);
}

void eg_w_flush(eg_writer *w)
{
    if (w->error || w->len == 0)
        return;
    size_t n = w->len;
    w->len = 0;
    put_direct(w, w->buf, n);
    /* A large export keeps the disk busy while it is made, instead of leaving it all to the final fsync. */
    if (w->writeback && (w->unsynced += n) >= EG_WRITEBACK_STEP) {
        w->unsynced = 0;
        eg_file_start_writeback(w->fp);
    }
}

void eg_w_out_slow(eg_writer *w, const char *s, size_t n)
{
    if (w->error || n == 0)
        return;
    if (w->buf) {
        /* Fill the buffer and hand it over whole (stdio then writes full blocks without copying), then keep
         * the rest unless it is too large to be worth copying. */
        size_t room = w->cap - w->len;
        memcpy(w->buf + w->len, s, room);
        w->len = w->cap;
        s += room;
        n -= room;
        eg_w_flush(w);
        if (w->error)
            return;
        if (n < w->cap) {
            memcpy(w->buf, s, n);
            w->len = n;
            return;
        }
    }
    put_direct(w, s, n);
}

void eg_w_outf(eg_writer *w, const char *fmt, ...)
{
    va_list ap;
    int k;
    if (w->error)
        return;
    if (w->buf) {
        /* Formatted into the buffer: where it fits at once, else after a flush, else (longer than the whole
         * buffer) straight to the stream below. */
        size_t room = w->cap - w->len;
        va_start(ap, fmt);
        k = vsnprintf(w->buf + w->len, room, fmt, ap);
        va_end(ap);
        if (k < 0) {
            fail(w, errno);
            return;
        }
        if ((size_t)k < room) {
            w->len += (size_t)k;
            return;
        }
        eg_w_flush(w);
        if (w->error)
            return;
        if ((size_t)k < w->cap) {
            va_start(ap, fmt);
            vsnprintf(w->buf, w->cap, fmt, ap);
            va_end(ap);
            w->len = (size_t)k;
            return;
        }
    }
    va_start(ap, fmt);
    errno = 0;
    k = vfprintf(w->fp, fmt, ap);
    va_end(ap);
    if (k < 0)
        fail(w, errno);
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
    const char *p = int_digits(v, buf);
    eg_w_out(w, p, (size_t)(buf + 23 - p));
}

void eg_w_double(eg_writer *w, double d)
{
    char num[40];
    uint64_t key;
    size_t len;
    const char *kept;
    memcpy(&key, &d, sizeof key);
    if (w->memo && (kept = eg_num_memo_get(w->memo, key, &len))) {
        eg_w_out(w, kept, len);
        return;
    }
    len = eg_format_double(num, sizeof num, d);
    if (w->memo)
        eg_num_memo_put(w->memo, key, num, len);
    eg_w_out(w, num, len);
}

/* ---- XML text ---------------------------------------------------------------------------------------- */

/* What XML text needs done with each byte: XML_ESC for & < > CR and the forbidden C0 controls, XML_ATTR for
 * the quotes, tab and newline (escaped in attribute values only: in character data they are themselves, and
 * the evidence lists, JSON text, hold many quotes), XML_HIGH for every byte of a multi-byte character
 * (checked with utf8proc); 0 for the bytes copied as they are. */
enum { XML_ESC = 1, XML_ATTR = 2, XML_HIGH = 4 };
#define E XML_ESC
#define A XML_ATTR
#define H XML_HIGH
static const unsigned char xml_class[256] = {
    /* 0x00 */ E, E, E, E, E, E, E, E, E, A, A, E, E, E, E, E,
    /* 0x10 */ E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E,
    /* 0x20 */ 0, 0, A, 0, 0, 0, E, A, 0, 0, 0, 0, 0, 0, 0, 0, /* " & ' */
    /* 0x30 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, E, 0, E, 0, /* < > */
    /* 0x40 to 0x7F: 0 */
    [0x80] = H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0x90 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xA0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xB0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xC0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xD0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xE0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xF0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
#undef E
#undef A
#undef H

#define BYTES(b) (0x0101010101010101ULL * (b))

/* Is some byte of the 8 in x 0x80 or more, below 0x20, & < >, or with attr " '? Exact for whether any is,
 * not for which (borrows): what the byte loop then looks at. Tab and newline count though character data
 * leaves them alone; they are rare. */
static inline bool xml_word_needs_look(uint64_t x, bool attr)
{
    const uint64_t high = BYTES(0x80);
    uint64_t amp = x ^ BYTES('&'), lt = x ^ BYTES('<'), gt = x ^ BYTES('>');
    uint64_t hit = (x & high) | ((x - BYTES(0x20)) & ~x & high) | ((amp - BYTES(1)) & ~amp & high) |
                   ((lt - BYTES(1)) & ~lt & high) | ((gt - BYTES(1)) & ~gt & high);
    if (attr) {
        uint64_t quot = x ^ BYTES('"'), apos = x ^ BYTES('\'');
        hit |= ((quot - BYTES(1)) & ~quot & high) | ((apos - BYTES(1)) & ~apos & high);
    }
    return hit != 0;
}

#undef BYTES

/* The first i' >= i with p[i'] in stop (xml_class), or n. Plain ASCII, most of any text, is passed over 8
 * bytes at a time. */
static size_t xml_next_stop(const unsigned char *p, size_t i, size_t n, unsigned char stop, bool attr)
{
    for (;;) {
        for (uint64_t x; i + 8 <= n; i += 8) {
            memcpy(&x, p + i, 8);
            if (xml_word_needs_look(x, attr))
                break;
        }
        size_t lim = i + 8 < n ? i + 8 : n;
        for (; i < lim; i++)
            if (xml_class[p[i]] & stop)
                return i;
        if (i == n)
            return n;
    }
}

void eg_w_xml_textn(eg_writer *w, const char *s, size_t n, bool attr)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char stop = attr ? XML_ESC | XML_ATTR | XML_HIGH : XML_ESC | XML_HIGH;
    size_t run = 0, i = 0;
    for (;;) {
        i = xml_next_stop(p, i, n, stop, attr);
        if (i == n)
            break;
        unsigned char c = p[i];
        const char *rep;
        size_t k = 1, rep_len;
        if (c >= 0x80) {
            uint32_t cp;
            k = eg_utf8_next(s + i, n - i, &cp);
            if (k && cp != 0xFFFE && cp != 0xFFFF) {
                i += k; /* a character XML allows: part of the run */
                continue;
            }
            if (!k)
                k = 1; /* one U+FFFD per invalid byte */
            rep = EG_REPLACEMENT, rep_len = 3;
            w->n_replaced++;
        } else {
            switch (c) {
            case '&': rep = "&amp;", rep_len = 5; break;
            case '<': rep = "&lt;", rep_len = 4; break;
            case '>': rep = "&gt;", rep_len = 4; break;
            case '"': rep = "&quot;", rep_len = 6; break;   /* attr only (XML_ATTR) */
            case '\'': rep = "&apos;", rep_len = 6; break; /* attr only (XML_ATTR) */
            case '\r': rep = "&#13;", rep_len = 5; break;
            case '\t': rep = "&#9;", rep_len = 4; break;  /* attr only (XML_ATTR) */
            case '\n': rep = "&#10;", rep_len = 5; break; /* attr only (XML_ATTR) */
            default:
                rep = EG_REPLACEMENT, rep_len = 3;
                w->n_replaced++;
            }
        }
        eg_w_out(w, s + run, i - run);
        eg_w_out(w, rep, rep_len);
        i += k;
        run = i;
    }
    eg_w_out(w, s + run, n - run);
}

void eg_w_xml_text(eg_writer *w, const char *s, bool attr)
{
    eg_w_xml_textn(w, s, strlen(s), attr);
}

bool eg_w_cell_writable(const eg_table *t, size_t col, size_t row)
{
    const eg_column *c = &t->cols[col];
    return eg_table_has(t, col, row) && !(c->type == EG_ATTR_DOUBLE && !isfinite(c->v.d[row]));
}

void eg_w_cell(eg_writer *w, const eg_table *t, size_t col, size_t row,
               void (*text)(eg_writer *, const char *s, size_t n))
{
    const eg_column *c = &t->cols[col];
    switch (c->type) {
    case EG_ATTR_STRING:
    case EG_ATTR_JSON: {
        const char *s;
        size_t n;
        if (w->error)
            break;
        if (eg_table_cell_text(t, col, row, &w->cells, &s, &n, NULL) != EG_OK)
            eg_w_fail(w, ENOMEM);
        else
            text(w, s, n);
        break;
    }
    case EG_ATTR_INT: eg_w_int(w, c->v.i[row]); break;
    case EG_ATTR_BOOL:
        if (c->v.b[row])
            EG_W_LIT(w, "true");
        else
            EG_W_LIT(w, "false");
        break;
    case EG_ATTR_DOUBLE: eg_w_double(w, c->v.d[row]); break;
    }
}

static void xml_text_attr(eg_writer *w, const char *s, size_t n)
{
    eg_w_xml_textn(w, s, n, true);
}

static void xml_text_plain(eg_writer *w, const char *s, size_t n)
{
    eg_w_xml_textn(w, s, n, false);
}

void eg_w_xml_cell(eg_writer *w, const eg_table *t, size_t col, size_t row, bool attr)
{
    eg_w_cell(w, t, col, row, attr ? xml_text_attr : xml_text_plain);
}

eg_status eg_w_finish(eg_writer *w, const char *what, eg_error *err)
{
    /* Flush here so that an error of the last buffered block is reported with its errno. */
    eg_w_flush(w);
    errno = 0;
    if (!w->error && fflush(w->fp) != 0)
        fail(w, errno);
    if (!w->error && ferror(w->fp))
        fail(w, EIO);
    if (!w->error)
        return EG_OK;
    if (w->error == ENOMEM) /* a deferred cell could not be made (eg_w_cell) */
        return eg_error_nomem(err);
    char ebuf[128];
    if (strerror_r(w->error, ebuf, sizeof ebuf) != 0)
        snprintf(ebuf, sizeof ebuf, "error %d", w->error);
    return eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing %s: %s", what, ebuf);
}

/* ---- doubles ----------------------------------------------------------------------------------------- */

/* The definition: the first of "%.15g", "%.16g", "%.17g" that strtod reads back as d. Used where the faster
 * way below does not apply, and by the tests as the reference. */
static size_t format_double_by_trial(char *buf, size_t size, double d)
{
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    return n > 0 && (size_t)n < size ? (size_t)n : strlen(buf);
}

/* Writes the decimal c[0].c[1]...c[p-1] x 10^x (p significant digits, c[0] not 0) as printf's "%.{p}g"
 * writes it: exponent form when x < -4 or x >= p, else plain; trailing zeros of the fraction and a bare
 * point removed; "-" first when neg. buf holds at least 32 bytes. Returns the length. */
static size_t format_g(char *buf, bool neg, const char *c, int p, int x)
{
    char *o = buf;
    int n = p; /* the digits that remain once trailing zeros go */
    while (n > 1 && c[n - 1] == '0')
        n--;
    if (neg)
        *o++ = '-';
    if (x < -4 || x >= p) {
        *o++ = c[0];
        if (n > 1) {
            *o++ = '.';
            memcpy(o, c + 1, (size_t)(n - 1));
            o += n - 1;
        }
        int ax = x < 0 ? -x : x;
        *o++ = 'e';
        *o++ = x < 0 ? '-' : '+';
        if (ax >= 100)
            *o++ = (char)('0' + ax / 100);
        *o++ = (char)('0' + ax / 10 % 10); /* at least two exponent digits */
        *o++ = (char)('0' + ax % 10);
    } else if (x >= 0) {
        memcpy(o, c, (size_t)x + 1); /* x < p: the integer part is all digits of c */
        o += x + 1;
        if (n > x + 1) {
            *o++ = '.';
            memcpy(o, c + x + 1, (size_t)(n - x - 1));
            o += n - x - 1;
        }
    } else {
        *o++ = '0';
        *o++ = '.';
        for (int i = -1; i > x; i--)
            *o++ = '0';
        memcpy(o, c, (size_t)n);
        o += n;
    }
    *o = '\0';
    return (size_t)(o - buf);
}

static const double exact_pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Does the decimal m x 10^k, written as text, read back as a (> 0)? When m <= 2^53 and |k| <= 22 both m and
 * 10^|k| are exact doubles, and one correctly rounded multiplication or division gives what a correctly
 * rounding strtod gives, at a fraction of its cost; otherwise strtod decides. */
static bool reads_back(uint64_t m, int k, double a, const char *text)
{
#if FLT_EVAL_METHOD == 0 /* double arithmetic in double precision (not the x87's extended one) */
    if (m <= (UINT64_C(1) << 53) && k >= -22 && k <= 22)
        return (k < 0 ? (double)m / exact_pow10[-k] : (double)m * exact_pow10[k]) == a;
#endif
    return fabs(strtod(text, NULL)) == a;
}

/* Whole numbers (counts kept as doubles, such as weight) are common: their digits without printf (up to
 * 1e15 included, which is therefore written 1000000000000000 rather than 1e+15). */
static bool format_whole(char *buf, size_t size, double d, size_t *len)
{
    if (!(d >= -1e15 && d <= 1e15 && d == (double)(int64_t)d && !(d == 0 && signbit(d)) && size >= 24))
        return false;
    char tmp[24];
    const char *digits = int_digits((int64_t)d, tmp);
    *len = (size_t)(tmp + 23 - digits);
    memcpy(buf, digits, *len + 1);
    return true;
}

size_t eg_format_double(char *buf, size_t size, double d)
{
    size_t len;
    if (format_whole(buf, size, d, &len))
        return len;
    if (!isfinite(d) || d == 0 || size < 32)
        return format_double_by_trial(buf, size, d);

    /* One printf: the 17 significant digits of d as printf rounds them ("D.DDDDDDDDDDDDDDDDe-XX"), which is
     * the "%.17g" answer. The 15- and 16-digit roundings printf would make follow from them, except when
     * the digits dropped are exactly half a unit of the last one kept ("5" or "50"): the exact value of d
     * may then lie a little above or below, and printf itself is asked. */
    char e[40], dig[17];
    snprintf(e, sizeof e, "%.16e", d);
    bool neg = e[0] == '-';
    const char *s = e + neg;
    dig[0] = s[0];
    memcpy(dig + 1, s + 2, 16);
    int x = atoi(s + 19);
    double a = fabs(d);
    for (int p = 15; p <= 16; p++) {
        int tail = p == 16 ? dig[16] - '0' : (dig[15] - '0') * 10 + (dig[16] - '0');
        int half = p == 16 ? 5 : 50;
        if (tail == half) {
            int n = snprintf(buf, size, "%.*g", p, d);
            if (strtod(buf, NULL) == d)
                return (size_t)n;
            continue;
        }
        char c[17];
        int xc = x;
        memcpy(c, dig, (size_t)p);
        if (tail > half) { /* round up, carrying; 99...9 becomes 10...0 with the exponent one higher */
            int i = p - 1;
            while (i >= 0 && c[i] == '9')
                c[i--] = '0';
            if (i >= 0) {
                c[i]++;
            } else {
                c[0] = '1';
                xc++;
            }
        }
        uint64_t m = 0;
        for (int i = 0; i < p; i++)
            m = m * 10 + (uint64_t)(c[i] - '0');
        size_t n = format_g(buf, neg, c, p, xc);
        if (reads_back(m, xc - p + 1, a, buf))
            return n;
    }
    return format_g(buf, neg, dig, 17, x);
}

size_t eg_format_double_by_trial(char *buf, size_t size, double d)
{
    size_t len;
    return format_whole(buf, size, d, &len) ? len : format_double_by_trial(buf, size, d);
}

/* ---- Gephi's visual attributes ----------------------------------------------------------------------- */

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
