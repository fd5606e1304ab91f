/*
 * Unit tests for export_core: the buffered writer (pieces smaller than, as large as and larger than the
 * buffer, every boundary around a full buffer, printf output that fits, fits after a flush or does not fit
 * at all, the same bytes without a buffer), its error contract (the first failing write's errno kept,
 * every later write skipped, one check at the end; the bytes before the failure arrive), the number memo,
 * eg_format_double against its definition (the first of %.15g, %.16g, %.17g that reads back) over many
 * kinds of doubles, and XML escaping against a byte-by-byte reference.
 */
#define _GNU_SOURCE /* fopencookie: a stream that fails on demand */

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "export_core.h"
#include "harness.h"

/* ---- a stream that records what reaches it and can fail ------------------------------------------------ */

typedef struct sink {
    char *data;    /* everything accepted */
    size_t len, cap;
    size_t limit;  /* a write that would go beyond this many bytes fails with ENOSPC */
    size_t calls;  /* write calls that reached the stream */
} sink;

static ssize_t sink_write(void *cookie, const char *buf, size_t size)
{
    sink *s = cookie;
    s->calls++;
    if (size > s->limit - s->len) { /* all or nothing: stdio would not retry a short write here */
        errno = ENOSPC;
        return -1;
    }
    size_t take = size;
    if (s->len + take > s->cap) {
        s->cap = 2 * (s->len + take);
        s->data = realloc(s->data, s->cap);
        if (!s->data)
            abort();
    }
    memcpy(s->data + s->len, buf, take);
    s->len += take;
    return (ssize_t)take;
}

static FILE *sink_open(sink *s, size_t limit)
{
    *s = (sink){.limit = limit};
    cookie_io_functions_t io = {.read = NULL, .write = sink_write, .seek = NULL, .close = NULL};
    return fopencookie(s, "w", io);
}

/* ---- the writer ------------------------------------------------------------------------------------- */

/* Deterministic filler text of n bytes. */
static char *text_of(size_t n, unsigned seed)
{
    char *t = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        t[i] = (char)('a' + (seed + i * 7) % 26);
    t[n] = '\0';
    return t;
}

/* Writes pieces of the given sizes through a writer with a buffer of cap bytes (0: none) and checks that the
 * stream receives exactly their concatenation, and that nothing reaches it before the buffer fills. */
static void check_pieces(size_t cap, const size_t *sizes, size_t n_sizes)
{
    sink s;
    FILE *fp = sink_open(&s, SIZE_MAX);
    setvbuf(fp, NULL, _IONBF, 0); /* so that the sink sees each fwrite of the writer */
    char *buf = cap ? malloc(cap) : NULL;
    eg_writer w;
    eg_writer_init(&w, fp, buf, cap);
    size_t total = 0;
    char *expect = malloc(1);
    for (size_t i = 0; i < n_sizes; i++) {
        char *t = text_of(sizes[i], (unsigned)i);
        eg_w_out(&w, t, sizes[i]);
        expect = realloc(expect, total + sizes[i] + 1);
        memcpy(expect + total, t, sizes[i]);
        total += sizes[i];
        if (cap && total < cap)
            CHECK_INT(s.len, 0); /* still buffered */
        free(t);
    }
    eg_error err;
    CHECK_INT(eg_w_finish(&w, "test", &err), EG_OK);
    CHECK_INT(s.len, total);
    CHECK(s.len == total && memcmp(s.data, expect, total) == 0);
    eg_writer_destroy(&w);
    fclose(fp);
    free(s.data);
    free(expect);
    free(buf);
}

static void test_boundaries(void)
{
    enum { CAP = 64 };
    /* Around a full buffer: fill to CAP - 1, CAP, CAP + 1 in one piece and in two. */
    for (size_t first = 0; first <= 2 * CAP + 2; first++)
        for (size_t second = 0; second <= CAP + 2; second += (second < 3 || second > CAP - 3) ? 1 : 7) {
            size_t sizes[3] = {first, second, 1};
            check_pieces(CAP, sizes, 3);
        }
    /* Strings far larger than the buffer, between small ones. */
    size_t big[] = {3, 10 * CAP + 5, 1, CAP, CAP - 1, 1000 * CAP, 2};
    check_pieces(CAP, big, sizeof big / sizeof big[0]);
    check_pieces(EG_WRITER_BUF_SIZE, big, sizeof big / sizeof big[0]);
    /* No buffer at all ({fp, 0, 0} style). */
    check_pieces(0, big, sizeof big / sizeof big[0]);
    size_t zeros[] = {0, 0, 5, 0};
    check_pieces(0, zeros, 4);
    check_pieces(CAP, zeros, 4);
}

/* printf output through the buffer: where it fits, where it fits only after a flush, where it is larger
 * than the buffer; mixed with plain pieces, integers and literals, in order. */
static void test_formatted(void)
{
    for (size_t cap = 0; cap <= 48; cap += 8) {
        sink s;
        FILE *fp = sink_open(&s, SIZE_MAX);
        char *buf = cap ? malloc(cap) : NULL;
        eg_writer w;
        eg_writer_init(&w, fp, buf, cap);
        char *long_arg = text_of(100, 3);
        eg_w_outs(&w, "start ");
        eg_w_outf(&w, "[%d|%s]", 42, "ab");
        eg_w_outf(&w, "<%s>", long_arg);
        EG_W_LIT(&w, " lit ");
        eg_w_int(&w, INT64_MIN);
        eg_w_outs(&w, " ");
        eg_w_int(&w, 0);
        eg_w_outs(&w, " ");
        eg_w_int(&w, 9876543210);
        eg_w_outf(&w, "%s", "");
        eg_w_outf(&w, " %.3f end", 2.5);
        eg_error err;
        CHECK_INT(eg_w_finish(&w, "test", &err), EG_OK);
        char expect[400];
        snprintf(expect, sizeof expect, "start [42|ab]<%s> lit %" PRId64 " 0 9876543210 2.500 end", long_arg,
                 INT64_MIN);
        CHECK_INT(s.len, strlen(expect));
        CHECK(s.len == strlen(expect) && memcmp(s.data, expect, s.len) == 0);
        fclose(fp);
        free(s.data);
        free(long_arg);
        free(buf);
    }
}

/* eg_w_flush hands the buffer over, so that the caller can write to the stream directly. */
static void test_flush(void)
{
    sink s;
    FILE *fp = sink_open(&s, SIZE_MAX);
    char buf[32];
    eg_writer w;
    eg_writer_init(&w, fp, buf, sizeof buf);
    eg_w_outs(&w, "one ");
    eg_w_flush(&w);
    fputs("two ", fp);
    eg_w_outs(&w, "three");
    eg_error err;
    CHECK_INT(eg_w_finish(&w, "test", &err), EG_OK);
    CHECK(s.len == 13 && memcmp(s.data, "one two three", 13) == 0);
    fclose(fp);
    free(s.data);
}

/* The stream fails after limit bytes: the error is the first write's (ENOSPC), reported once by
 * eg_w_finish; the bytes before it arrived; no write reaches the stream after the failure. */
static void test_write_error(void)
{
    size_t limits[] = {0, 1, 100, 4095, 4096, 4097, 70000};
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        sink s;
        FILE *fp = sink_open(&s, limits[k]);
        char buf[1000];
        eg_writer w;
        eg_writer_init(&w, fp, buf, sizeof buf);
        char *t = text_of(50000, 1);
        for (int i = 0; i < 10; i++)
            eg_w_outs(&w, t); /* 500000 bytes: fails at the limit */
        eg_w_flush(&w);
        CHECK_INT(w.error, ENOSPC);
        size_t calls = s.calls;
        eg_w_outs(&w, t); /* skipped */
        eg_w_outf(&w, "%s", t);
        eg_w_int(&w, 5);
        EG_W_LIT(&w, "x");
        CHECK_INT(w.len, 0);
        eg_error err;
        CHECK_INT(eg_w_finish(&w, "things", &err), EG_ERR_IO);
        CHECK_STR(err.message, "writing things: No space left on device");
        CHECK_INT(s.calls, calls);
        CHECK(s.len <= limits[k] && s.len + 2 * BUFSIZ + sizeof buf > limits[k]); /* what came before */
        CHECK(s.len == 0 || memcmp(s.data, t, s.len < 50000 ? s.len : 50000) == 0);
        fclose(fp);
        free(s.data);
        free(t);
    }
    /* Without a buffer, the same contract. */
    sink s;
    FILE *fp = sink_open(&s, 10);
    setvbuf(fp, NULL, _IONBF, 0);
    eg_writer w;
    eg_writer_init(&w, fp, NULL, 0);
    eg_w_outs(&w, "0123456789abc");
    CHECK_INT(w.error, ENOSPC);
    eg_w_outs(&w, "more");
    eg_error err;
    CHECK_INT(eg_w_finish(&w, "plain", &err), EG_ERR_IO);
    CHECK_STR(err.message, "writing plain: No space left on device");
    CHECK_INT(s.len, 10);
    fclose(fp);
    free(s.data);
}

/* ---- numbers ---------------------------------------------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A double of one of several kinds: any bit pattern, uniform in [0, 1), ratios and logarithms of small
 * counts (what graphs hold), short decimals, wide binary exponents (subnormals too), 17-digit decimals,
 * decimals ending in the 5 or 50 that make printf's rounding a near tie, neighbours of powers of ten. */
static double some_double(unsigned kind, uint64_t r)
{
    char t[64];
    double d;
    switch (kind % 10) {
    case 0: memcpy(&d, &r, sizeof d); break;
    case 1: d = (double)(r >> 11) / 9007199254740992.0; break;
    case 2: d = (double)(r % 1000 + 1) / (double)((r >> 20) % 100000 + 1); break;
    case 3: d = log((double)(r % 100000 + 1) / (double)((r >> 20) % 1000 + 1)); break;
    case 4: d = (double)(r % 100000000000000000u) / pow(10, (int)((r >> 58) % 40)); break;
    case 5: d = ldexp((double)(r >> 11), (int)((r >> 3) % 2100) - 1100 - 53); break;
    case 6:
        snprintf(t, sizeof t, "%u.%016" PRIu64 "e%d", (unsigned)(r % 9 + 1), (r >> 8) % 10000000000000000u,
                 (int)((r >> 60) % 16) - 8);
        d = strtod(t, NULL);
        break;
    case 7:
        snprintf(t, sizeof t, "%" PRIu64 "5e%d", (r >> 8) % 1000000000000000u + 1, (int)((r >> 2) % 60) - 40);
        d = strtod(t, NULL);
        break;
    case 8:
        snprintf(t, sizeof t, "%" PRIu64 "50e%d", (r >> 8) % 100000000000000u + 1, (int)((r >> 2) % 60) - 40);
        d = strtod(t, NULL);
        break;
    default:
        d = nextafter(pow(10, (int)(r % 60) - 30), (r >> 40) & 1 ? INFINITY : 0);
        if ((r >> 50) & 1)
            d = nextafter(d, (r >> 41) & 1 ? INFINITY : 0);
        break;
    }
    return (r >> 63) ? -d : d;
}

static void test_format_double(void)
{
    static const double special[] = {0.0, -0.0, INFINITY, -INFINITY, 5e-324, -5e-324, 2.2250738585072014e-308,
                                     1.7976931348623157e308, 1e15, -1e15, 1e15 + 0.5, 1e16, 123456789012345678.0,
                                     0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 9.9999999999999995e-5, 1e-4, 1e-5, 0.5,
                                     1.5, 3.0400543855104, 0.00291545189504373, 6.69767688799964e-5, 100.25,
                                     9007199254740993.0, 0.30000000000000004, 1e22, 1e23, 1e-22, 1e-23};
    char a[40], b[40];
    int bad = 0;
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        size_t na = eg_format_double(a, sizeof a, special[i]), nb = eg_format_double_by_trial(b, sizeof b, special[i]);
        if (na != nb || strcmp(a, b) != 0) {
            fprintf(stderr, "eg_format_double(%a): \"%s\", by trial \"%s\"\n", special[i], a, b);
            bad++;
        }
    }
    for (long i = 0; i < 200000; i++) {
        double d = some_double((unsigned)i, rng());
        size_t na = eg_format_double(a, sizeof a, d), nb = eg_format_double_by_trial(b, sizeof b, d);
        if (na != nb || strcmp(a, b) != 0) {
            if (bad < 10)
                fprintf(stderr, "eg_format_double(%a): \"%s\", by trial \"%s\"\n", d, a, b);
            bad++;
        }
        CHECK_INT(na, strlen(a));
    }
    CHECK_INT(bad, 0);
    eg_format_double(a, sizeof a, NAN);
    CHECK(strstr(a, "nan") != NULL);
    CHECK_INT(eg_format_double(a, sizeof a, 0.1), 3);
    CHECK_STR(a, "0.1");
    eg_format_double(a, sizeof a, 1.0 / 3);
    CHECK_STR(a, "0.3333333333333333");
    eg_format_double(a, sizeof a, -2.5e-7);
    CHECK_STR(a, "-2.5e-07");
}

static void test_memo(void)
{
    eg_num_memo *m = eg_num_memo_new();
    size_t len = 0;
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(eg_num_memo_get(m, 0, &len) == NULL);
    CHECK(eg_num_memo_get(m, 12345, &len) == NULL);
    eg_num_memo_put(m, 12345, "0.5", 3);
    const char *t = eg_num_memo_get(m, 12345, &len);
    CHECK(t && len == 3 && memcmp(t, "0.5", 3) == 0);
    /* Keys that share a slot replace each other; the other key is then not found (never a wrong text). */
    for (uint64_t k = 0; k < 4 * EG_NUM_MEMO_SLOTS; k++)
        eg_num_memo_put(m, k, "x", 1);
    int wrong = 0;
    for (uint64_t k = 0; k < 4 * EG_NUM_MEMO_SLOTS; k++) {
        char want[24];
        int n = snprintf(want, sizeof want, "%" PRIu64, k);
        eg_num_memo_put(m, k, want, (size_t)n);
    }
    for (uint64_t k = 0; k < 4 * EG_NUM_MEMO_SLOTS; k++) {
        char want[24];
        int n = snprintf(want, sizeof want, "%" PRIu64, k);
        if ((t = eg_num_memo_get(m, k, &len)) && (len != (size_t)n || memcmp(t, want, len) != 0))
            wrong++;
    }
    CHECK_INT(wrong, 0);
    /* Too long to keep. */
    eg_num_memo_put(m, 777, "-1.2345678901234567e-308", 24);
    CHECK(eg_num_memo_get(m, 777, &len) == NULL);
    eg_num_memo_free(m);
    eg_num_memo_free(NULL);

    /* eg_w_double writes the same with a memo as without, repeats included. */
    char *with = NULL, *without = NULL;
    size_t n_with = 0, n_without = 0;
    FILE *f1 = open_memstream(&with, &n_with), *f2 = open_memstream(&without, &n_without);
    char b1[256];
    eg_writer w1, w2;
    eg_writer_init(&w1, f1, b1, sizeof b1);
    eg_writer_init(&w2, f2, NULL, 0);
    CHECK_INT(eg_writer_add_memo(&w1, NULL), EG_OK);
    rng_state = 12345;
    for (int i = 0; i < 20000; i++) {
        double d = some_double((unsigned)i, rng() % 64 + (uint64_t)(i % 3) * 0x10000);
        if (!isfinite(d))
            continue;
        eg_w_double(&w1, d);
        eg_w_double(&w2, d);
        EG_W_LIT(&w1, " ");
        EG_W_LIT(&w2, " ");
    }
    CHECK_INT(eg_w_finish(&w1, "a", NULL), EG_OK);
    CHECK_INT(eg_w_finish(&w2, "b", NULL), EG_OK);
    eg_writer_destroy(&w1);
    eg_writer_destroy(&w2);
    fclose(f1);
    fclose(f2);
    CHECK(n_with == n_without && n_with > 20000 && memcmp(with, without, n_with) == 0);
    free(with);
    free(without);

    /* A memo that cannot be allocated is an error, not a silent change. */
    eg_writer w;
    eg_error err;
    eg_writer_init(&w, stdout, NULL, 0);
    eg_alloc_fail_at = 1;
    CHECK_INT(eg_writer_add_memo(&w, &err), EG_ERR_NOMEM);
    eg_alloc_fail_at = 0;
    eg_writer_destroy(&w);
}

/* ---- XML text --------------------------------------------------------------------------------------- */

/* The escaper byte by byte, as the definition in export_core.h reads. */
static void xml_reference(eg_writer *w, const char *s, size_t n, bool attr)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = eg_utf8_next(s + i, n - i, &cp);
            if (!k || cp == 0xFFFE || cp == 0xFFFF) {
                eg_w_outs(w, EG_REPLACEMENT);
                w->n_replaced++;
                i += k ? k : 1;
            } else {
                eg_w_out(w, s + i, k);
                i += k;
            }
            continue;
        }
        const char *rep = NULL;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\'': rep = attr ? "&apos;" : NULL; break;
        case '\r': rep = "&#13;"; break;
        case '\t': rep = attr ? "&#9;" : NULL; break;
        case '\n': rep = attr ? "&#10;" : NULL; break;
        default:
            if (c < 0x20) {
                rep = EG_REPLACEMENT;
                w->n_replaced++;
            }
        }
        if (rep)
            eg_w_outs(w, rep);
        else
            eg_w_out(w, s + i, 1);
        i++;
    }
}

static void test_xml_text(void)
{
    static const char *const pieces[] = {"a", "Hello world ", "&", "<", ">", "\"", "'", "\r", "\n", "\t",
                                         "\x01", "\x1f", "\x7f", "\xC3\xA9", "\xED\x95\x9C", "\xF0\x9F\x98\x80",
                                         "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xEF\xBF\xBD", "\xC3", "\xFF", "\x80",
                                         "\xED\xA0\x80", "\xC0\xAF", "\xF4\x90\x80\x80", "\0"};
    size_t n_pieces = sizeof pieces / sizeof pieces[0];
    int bad = 0;
    rng_state = 777;
    for (int round = 0; round < 3000; round++) {
        char s[512];
        size_t n = 0, parts = rng() % 20;
        for (size_t p = 0; p < parts; p++) {
            size_t k = rng() % n_pieces;
            size_t len = k == n_pieces - 1 ? 1 : strlen(pieces[k]);
            memcpy(s + n, pieces[k], len);
            n += len;
        }
        for (int attr = 0; attr <= 1; attr++) {
            char *a = NULL, *b = NULL;
            size_t na = 0, nb = 0;
            FILE *fa = open_memstream(&a, &na), *fb = open_memstream(&b, &nb);
            char buf[16]; /* small, so that escapes straddle flushes */
            eg_writer wa, wb;
            eg_writer_init(&wa, fa, buf, sizeof buf);
            eg_writer_init(&wb, fb, NULL, 0);
            eg_w_xml_textn(&wa, s, n, attr);
            xml_reference(&wb, s, n, attr);
            eg_w_finish(&wa, "a", NULL);
            eg_w_finish(&wb, "b", NULL);
            fclose(fa);
            fclose(fb);
            if (na != nb || memcmp(a, b, na) != 0 || wa.n_replaced != wb.n_replaced)
                bad++;
            free(a);
            free(b);
        }
    }
    CHECK_INT(bad, 0);

    char *out = NULL;
    size_t n_out = 0;
    FILE *fp = open_memstream(&out, &n_out);
    eg_writer w;
    char buf[64];
    eg_writer_init(&w, fp, buf, sizeof buf);
    eg_w_xml_text(&w, "a<b>&\"c\"\t\n\r\x01\xFF\xEF\xBF\xBE\xED\x95\x9C", true);
    eg_w_finish(&w, "x", NULL);
    fclose(fp);
    CHECK_STR(out, "a&lt;b&gt;&amp;&quot;c&quot;&#9;&#10;&#13;" EG_REPLACEMENT EG_REPLACEMENT EG_REPLACEMENT
                   "\xED\x95\x9C");
    CHECK_INT(w.n_replaced, 3);
    free(out);

    /* Character data: quotes, tab and newline are themselves. */
    out = NULL;
    fp = open_memstream(&out, &n_out);
    eg_writer_init(&w, fp, buf, sizeof buf);
    eg_w_xml_text(&w, "[{\"doc\":\"it's\"}]<\t\n", false);
    eg_w_finish(&w, "x", NULL);
    fclose(fp);
    CHECK_STR(out, "[{\"doc\":\"it's\"}]&lt;\t\n");
    free(out);
}

int main(void)
{
    test_boundaries();
    test_formatted();
    test_flush();
    test_write_error();
    test_format_double();
    test_memo();
    test_xml_text();
    TEST_END();
}
