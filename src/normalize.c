/*
 * normalize: the normalised view of a text (NFC, case fold, typographic folds), its map back to the
 * original bytes, and the character classes behind word boundaries. The rules are in normalize.h.
 *
 * How it works. The source is read one unit at a time:
 *   - ASCII fast path: an ASCII byte followed by another ASCII byte (or by the end) is a cluster of its own
 *     (the only ASCII pair that forms one cluster is CR LF, white space handled below), so a run of such
 *     bytes is copied, lower-cased with arithmetic, and mapped with a single checkpoint. The byte before a
 *     non-ASCII byte takes the slow path, because a combining mark may follow it ("e" U+0301).
 *   - Hangul fast path: the same for runs of precomposed Hangul syllables, which are NFC and caseless and
 *     form clusters of their own unless a jamo or a mark follows.
 *   - slow path: one extended grapheme cluster (utf8proc_grapheme_break_stateful), at most CLUSTER_MAX_CPS
 *     code points, is decomposed (utf8proc_decompose_char, with the case fold unless EG_NORM_NO_FOLD) into
 *     a stack buffer, put into canonical order, composed (utf8proc_normalize_utf32) and encoded. A single
 *     code point that has no canonical decomposition and no case folding is copied as it is. Nothing is
 *     allocated per cluster: the cap bounds every buffer (DECOMP_MAX is the longest decomposition of any
 *     code point).
 *   - white space, from either path, accumulates in a run that is emitted as one " " or "\n" when the run
 *     ends.
 * Each unit's output is a boundary (one bit in nt->boundary). The offset map gets a checkpoint only where
 * original - normalised offset changes, so ASCII text needs one checkpoint per white-space fold.
 *
 * Invariants: output clusters are never empty; marks are strictly increasing in norm; bit nt->len is set;
 * the boundary words beyond the ones this call zeroed are never read.
 */
#include "normalize.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "error.h"

enum {
    CLUSTER_MAX_CPS = 32, /* longer clusters are cut into pieces of this many code points */
    DECOMP_MAX = 18,      /* longest decomposition of one code point that utf8proc can produce */
    CLUSTER_BUF_CPS = CLUSTER_MAX_CPS * DECOMP_MAX,
    CLUSTER_OUT_MAX = CLUSTER_BUF_CPS * 4 /* UTF-8 bytes: composition only shrinks */
};

/* What a code point contributes to a white-space run. */
enum { WS_NONE = 0, WS_SPACE, WS_LINE, WS_PARA };

/* ---- character classes --------------------------------------------------------------------------- */

static int ws_class(int32_t cp)
{
    switch (cp) {
    case '\t':
    case ' ':
        return WS_SPACE;
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0x85:
    case 0x2028:
        return WS_LINE;
    case 0x2029:
        return WS_PARA;
    }
    if (cp < 0xA0)
        return WS_NONE;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ? WS_SPACE : WS_NONE;
}

static bool ascii_is_space(uint8_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The typographic folds on top of Unicode normalisation. */
static int32_t typo_fold(int32_t cp)
{
    switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x02BC:
        return '\'';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
        return '-';
    }
    return cp;
}

bool eg_is_word_char_nonascii(int32_t cp)
{
    if (cp < 0x80) /* a direct call with ASCII: the inline answer */
        return eg_is_word_char(cp);
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

size_t eg_utf8_decode_nonascii(const char *s, size_t len, size_t i, int32_t *cp)
{
    assert(i < len);
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (size_t)n;
}

size_t eg_utf8_prev(const char *s, size_t i)
{
    assert(i > 0);
    size_t j = i - 1;
    /* At most three continuation bytes precede a lead byte in valid UTF-8. */
    while (j > 0 && i - j < 4 && ((uint8_t)s[j] & 0xC0) == 0x80)
        j--;
    return j;
}

/* ---- clusters -------------------------------------------------------------------------------------- */

typedef struct cluster {
    size_t end; /* original offset just past the cluster */
    size_t n_cps;
    size_t n_invalid; /* invalid bytes, each read as U+FFFD */
    bool ws;          /* every code point is white space */
    int32_t cps[CLUSTER_MAX_CPS];
} cluster;

/* Reads the cluster that starts at s[i] (i < len). */
static void read_cluster(const uint8_t *s, size_t len, size_t i, cluster *cl)
{
    utf8proc_int32_t state = 0;
    cl->n_cps = cl->n_invalid = 0;
    cl->ws = true;
    while (i < len && cl->n_cps < CLUSTER_MAX_CPS) {
        int32_t cp;
        size_t n = eg_utf8_decode((const char *)s, len, i, &cp);
        bool invalid = cp < 0;
        if (invalid)
            cp = 0xFFFD;
        if (cl->n_cps > 0 && utf8proc_grapheme_break_stateful(cl->cps[cl->n_cps - 1], cp, &state))
            break;
        cl->n_invalid += invalid;
        cl->cps[cl->n_cps++] = cp;
        if (ws_class(cp) == WS_NONE)
            cl->ws = false;
        i += n;
    }
    cl->end = i;
}

/* Canonical ordering: a stable sort of each run of non-starters by combining class. */
static void canonical_order(int32_t *cps, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int32_t c = cps[i];
        int cc = utf8proc_get_property(c)->combining_class;
        if (cc == 0)
            continue;
        size_t j = i;
        while (j > 0) {
            int pc = utf8proc_get_property(cps[j - 1])->combining_class;
            if (pc <= cc)
                break;
            cps[j] = cps[j - 1];
            j--;
        }
        cps[j] = c;
    }
}

/* Normalises one (non-white-space) cluster that began at src[start] into out (CLUSTER_OUT_MAX bytes);
 * returns the number of bytes, always >= 1. */
static size_t normalize_cluster(const cluster *cl, const uint8_t *src, size_t start, unsigned flags,
                                uint8_t *out)
{
    bool fold = !(flags & EG_NORM_NO_FOLD);
    if (cl->n_cps == 1 && cl->n_invalid == 0) {
        int32_t cp = cl->cps[0];
        if (cp < 0x80) {
            out[0] = (uint8_t)(fold && cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            return 1;
        }
        int32_t t = typo_fold(cp);
        if (t != cp) {
            out[0] = (uint8_t)t;
            return 1;
        }
        /* A lone code point without a canonical decomposition is its own NFC. */
        const utf8proc_property_t *p = utf8proc_get_property(cp);
        if ((p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0) &&
            (!fold || p->casefold_seqindex == UINT16_MAX)) {
            size_t n = cl->end - start;
            memcpy(out, src + start, n);
            return n;
        }
    }

    utf8proc_int32_t buf[CLUSTER_BUF_CPS];
    utf8proc_option_t opts = (utf8proc_option_t)(UTF8PROC_COMPOSE | (fold ? UTF8PROC_CASEFOLD : 0));
    utf8proc_ssize_t n = 0;
    for (size_t k = 0; k < cl->n_cps; k++) {
        int boundclass = 0;
        utf8proc_ssize_t room = CLUSTER_BUF_CPS - n;
        utf8proc_ssize_t r = utf8proc_decompose_char(cl->cps[k], buf + n, room, opts, &boundclass);
        assert(r > 0 && r <= DECOMP_MAX);
        if (r <= 0 || r > room) { /* impossible (see DECOMP_MAX); keep the code point as it is */
            buf[n] = cl->cps[k];
            r = 1;
        }
        n += r;
    }
    canonical_order(buf, (size_t)n);
    utf8proc_ssize_t m = utf8proc_normalize_utf32(buf, n, opts);
    if (m > 0)
        n = m;

    size_t o = 0;
    for (utf8proc_ssize_t k = 0; k < n; k++)
        o += (size_t)utf8proc_encode_char(typo_fold(buf[k]), out + o);
    assert(o > 0 && o <= CLUSTER_OUT_MAX);
    return o;
}

/* ---- white-space runs ------------------------------------------------------------------------------ */

typedef struct ws_run {
    bool active;
    size_t orig;   /* original offset where the run began */
    unsigned n_le; /* line ends so far (saturates at 2) */
    bool para;     /* the run holds a paragraph break */
    bool after_cr; /* the previous code point was CR, so an LF completes a CR LF line end */
} ws_run;

static void ws_start(ws_run *r, size_t orig)
{
    if (r->active)
        return;
    r->active = true;
    r->orig = orig;
    r->n_le = 0;
    r->para = r->after_cr = false;
}

static void ws_add(ws_run *r, int32_t cp)
{
    int cls = ws_class(cp);
    if (cls == WS_PARA) {
        r->para = true;
    } else if (cls == WS_LINE && !(cp == '\n' && r->after_cr)) {
        if (++r->n_le >= 2) {
            r->n_le = 2;
            r->para = true;
        }
    }
    r->after_cr = cp == '\r';
}

/* ---- building an eg_normtext ---------------------------------------------------------------------- */

typedef struct builder {
    eg_normtext *nt;
    size_t delta;       /* original - normalised offset (mod 2^N) from the last checkpoint on */
    size_t clean_words; /* boundary words [0, clean_words) have been zeroed by this call */
} builder;

/* Room for extra more bytes, the NUL and their boundary bits. */
static eg_status reserve(builder *b, size_t extra)
{
    eg_normtext *nt = b->nt;
    size_t need = nt->len + extra + 1;
    if (need < extra)
        return EG_ERR_NOMEM;
    if (need > nt->cap) {
        void *p = nt->text;
        if (eg_grow(&p, &nt->cap, need, 1))
            return EG_ERR_NOMEM;
        nt->text = p;
    }
    size_t words = need / 64 + 1; /* bits 0..need-1 */
    if (words > nt->cap_boundary) {
        void *p = nt->boundary;
        if (eg_grow(&p, &nt->cap_boundary, words, sizeof *nt->boundary))
            return EG_ERR_NOMEM;
        nt->boundary = p;
    }
    if (words > b->clean_words) {
        memset(nt->boundary + b->clean_words, 0, (words - b->clean_words) * sizeof *nt->boundary);
        b->clean_words = words;
    }
    return EG_OK;
}

/* Normalised output starting now comes from original offset orig. */
static eg_status checkpoint(builder *b, size_t orig)
{
    eg_normtext *nt = b->nt;
    if (nt->n_marks > 0 && orig - nt->len == b->delta)
        return EG_OK;
    if (eg_grow((void **)&nt->marks, &nt->cap_marks, nt->n_marks + 1, sizeof *nt->marks))
        return EG_ERR_NOMEM;
    nt->marks[nt->n_marks++] = (eg_offmark){nt->len, orig};
    b->delta = orig - nt->len;
    return EG_OK;
}

static void set_bit(uint64_t *bits, size_t i)
{
    bits[i >> 6] |= (uint64_t)1 << (i & 63);
}

/* The bits [lo, hi) of a 64-bit word, 0 <= lo < hi <= 64. */
static uint64_t bit_range(unsigned lo, unsigned hi)
{
    uint64_t upto_hi = hi == 64 ? ~(uint64_t)0 : ((uint64_t)1 << hi) - 1;
    return upto_hi & ~(((uint64_t)1 << lo) - 1);
}

/* Sets bits [from, to), a word at a time. */
static void set_bits(uint64_t *bits, size_t from, size_t to)
{
    if (from >= to)
        return;
    size_t w = from >> 6, last = (to - 1) >> 6;
    if (w == last) {
        bits[w] |= bit_range((unsigned)(from & 63), (unsigned)((to - 1) & 63) + 1);
        return;
    }
    bits[w] |= bit_range((unsigned)(from & 63), 64);
    while (++w < last)
        bits[w] = ~(uint64_t)0;
    bits[last] |= bit_range(0, (unsigned)((to - 1) & 63) + 1);
}

/* Appends one unit of n bytes that begins at original offset orig. */
static eg_status emit(builder *b, size_t orig, const uint8_t *bytes, size_t n)
{
    if (reserve(b, n) || checkpoint(b, orig))
        return EG_ERR_NOMEM;
    eg_normtext *nt = b->nt;
    set_bit(nt->boundary, nt->len);
    memcpy(nt->text + nt->len, bytes, n);
    nt->len += n;
    return EG_OK;
}

static eg_status emit_ws(builder *b, ws_run *run)
{
    uint8_t c = run->para ? '\n' : ' ';
    run->active = false;
    return emit(b, run->orig, &c, 1);
}

/* Appends the ASCII bytes src[i..j), each its own cluster. */
static eg_status emit_ascii(builder *b, const uint8_t *src, size_t i, size_t j, bool fold)
{
    size_t n = j - i;
    if (reserve(b, n) || checkpoint(b, i))
        return EG_ERR_NOMEM;
    eg_normtext *nt = b->nt;
    uint8_t *o = (uint8_t *)nt->text + nt->len;
    if (fold) {
        for (size_t k = 0; k < n; k++) {
            uint8_t c = src[i + k];
            o[k] = (uint8_t)(c + (((unsigned)c - 'A' < 26u) << 5));
        }
    } else {
        memcpy(o, src + i, n);
    }
    set_bits(nt->boundary, nt->len, nt->len + n);
    nt->len += n;
    return EG_OK;
}

/* Appends the Hangul syllables src[i..j) (3 bytes each), each its own cluster, unchanged. */
static eg_status emit_hangul(builder *b, const uint8_t *src, size_t i, size_t j)
{
    size_t n = j - i;
    if (reserve(b, n) || checkpoint(b, i))
        return EG_ERR_NOMEM;
    eg_normtext *nt = b->nt;
    memcpy(nt->text + nt->len, src + i, n);
    for (size_t k = 0; k < n; k += 3)
        set_bit(nt->boundary, nt->len + k);
    nt->len += n;
    return EG_OK;
}

void eg_normtext_init(eg_normtext *nt)
{
    memset(nt, 0, sizeof *nt);
}

void eg_normtext_destroy(eg_normtext *nt)
{
    if (!nt)
        return;
    free(nt->text);
    free(nt->marks);
    free(nt->boundary);
    eg_normtext_init(nt);
}

/* Does the ASCII byte s[i] form a cluster of its own? (see the fast path above) */
static bool ascii_alone(const uint8_t *s, size_t len, size_t i)
{
    return s[i] < 0x80 && (i + 1 == len || s[i + 1] < 0x80);
}

/* Is there a precomposed Hangul syllable (U+AC00..U+D7A3, NFC and caseless) at s[i] (i <= len)? */
static bool hangul_at(const uint8_t *s, size_t len, size_t i)
{
    if (len - i < 3 || s[i] < 0xEA || s[i] > 0xED || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
        return false;
    uint32_t cp = (uint32_t)(s[i] & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
    return cp >= 0xAC00 && cp <= 0xD7A3;
}

/* Does the Hangul syllable at s[i] form a cluster of its own? Only a jamo or a mark could join it, so it
 * does when the end, an ASCII byte or another syllable follows. */
static bool hangul_alone(const uint8_t *s, size_t len, size_t i)
{
    return hangul_at(s, len, i) && (i + 3 == len || s[i + 3] < 0x80 || hangul_at(s, len, i + 3));
}

eg_status eg_normalize(const char *src, size_t len, unsigned flags, eg_normtext *nt, eg_error *err)
{
    const uint8_t *s = (const uint8_t *)src;
    bool fold = !(flags & EG_NORM_NO_FOLD);
    builder b = {nt, 0, 0};
    ws_run run = {0};
    cluster cl;
    uint8_t out[CLUSTER_OUT_MAX];
    eg_status st = EG_OK;

    nt->len = nt->n_marks = nt->n_invalid = 0;
    /* Most text barely grows; reserving a little more up front avoids most reallocations. */
    if ((st = reserve(&b, len < ((size_t)-1) / 2 ? len + len / 8 + 16 : len)))
        goto fail;

    size_t i = 0;
    while (i < len) {
        if (ascii_alone(s, len, i)) {
            if (ascii_is_space(s[i])) {
                ws_start(&run, i);
                ws_add(&run, s[i]);
                i++;
                continue;
            }
            if (run.active && (st = emit_ws(&b, &run)))
                goto fail;
            /* The run of ASCII but white space; its last byte is alone unless a non-ASCII byte (perhaps
             * a combining mark) follows. s[i] is alone, so the run keeps at least it. The folding maps
             * letters only, so a space in the run stays a space. */
            size_t k = i + 1;
            for (;;) {
                while (k < len && s[k] < 0x80 && !ascii_is_space(s[k]))
                    k++;
                /* One space between two words is what its white-space run becomes: a space of its own,
                 * mapped to itself. So the run takes it, and the next word, along. */
                if (k + 1 < len && s[k] == ' ' && s[k + 1] < 0x80 && !ascii_is_space(s[k + 1])) {
                    k += 2;
                    continue;
                }
                break;
            }
            size_t j = k < len && s[k] >= 0x80 ? k - 1 : k;
            if ((st = emit_ascii(&b, s, i, j, fold)))
                goto fail;
            i = j;
            continue;
        }
        if (hangul_alone(s, len, i)) {
            if (run.active && (st = emit_ws(&b, &run)))
                goto fail;
            size_t j = i + 3;
            while (hangul_alone(s, len, j))
                j += 3;
            if ((st = emit_hangul(&b, s, i, j)))
                goto fail;
            i = j;
            continue;
        }
        read_cluster(s, len, i, &cl);
        nt->n_invalid += cl.n_invalid;
        if (cl.ws) {
            ws_start(&run, i);
            for (size_t k = 0; k < cl.n_cps; k++)
                ws_add(&run, cl.cps[k]);
        } else {
            if (run.active && (st = emit_ws(&b, &run)))
                goto fail;
            size_t n = normalize_cluster(&cl, s, i, flags, out);
            if ((st = emit(&b, i, out, n)))
                goto fail;
        }
        i = cl.end;
    }
    if (run.active && (st = emit_ws(&b, &run)))
        goto fail;
    /* The end maps to the original length; a checkpoint at nt->len makes that so. */
    if (nt->len > 0 && (st = checkpoint(&b, len)))
        goto fail;
    set_bit(nt->boundary, nt->len);
    nt->text[nt->len] = '\0';
    return EG_OK;

fail:
    /* Leave a valid empty text behind when there is room for one. */
    nt->len = nt->n_marks = 0;
    if (nt->text && nt->cap_boundary > 0) {
        nt->text[0] = '\0';
        nt->boundary[0] = 1;
    }
    return eg_error_nomem(err);
}

size_t eg_normtext_orig(const eg_normtext *nt, size_t off)
{
    assert(off <= nt->len);
    if (nt->n_marks == 0)
        return 0;
    /* Snap back to the start of the cluster: the nearest set bit at or below off (bit 0 is set). */
    size_t w = off >> 6;
    uint64_t bits = nt->boundary[w] & ((((uint64_t)1 << (off & 63)) << 1) - 1);
    while (bits == 0)
        bits = nt->boundary[--w];
    off = (w << 6) + 63 - (size_t)__builtin_clzll(bits);

    size_t lo = 0, hi = nt->n_marks; /* the last mark with norm <= off is in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (nt->marks[mid].norm <= off)
            lo = mid;
        else
            hi = mid;
    }
    return nt->marks[lo].orig + (off - nt->marks[lo].norm);
}

/* ---- strings: aliases and queries ------------------------------------------------------------------ */

static size_t first_invalid(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = eg_utf8_decode(s, len, i, &cp);
        if (cp < 0)
            return i;
        i += n;
    }
    return EG_NO_POS;
}

static bool is_ws_unit(const eg_normtext *nt, size_t at)
{
    char c = nt->text[at];
    return (c == ' ' || c == '\n') && eg_normtext_is_boundary(nt, at + 1);
}

eg_status eg_normalize_key(const char *s, size_t len, unsigned flags, eg_normtext *scratch, const char **out,
                           size_t *out_len, eg_error *err)
{
    *out = NULL;
    *out_len = 0;
    eg_status st = eg_normalize(s, len, flags, scratch, err);
    if (st)
        return st;
    if (scratch->n_invalid) {
        size_t bad = first_invalid(s, len);
        return eg_error_set(err, EG_ERR_UTF8, NULL, EG_NO_POS, EG_NO_POS, bad, "invalid UTF-8 (byte 0x%02x)",
                            (unsigned)(uint8_t)s[bad]);
    }
    /* A white-space run is a one-byte unit, so trimming drops at most one byte at each end. */
    size_t a = 0, z = scratch->len;
    if (z > a && is_ws_unit(scratch, a))
        a++;
    if (z > a && is_ws_unit(scratch, z - 1))
        z--;
    *out = scratch->text + a;
    *out_len = z - a;
    return EG_OK;
}

eg_status eg_normalize_string(const char *s, size_t len, unsigned flags, char **out, size_t *out_len,
                              eg_error *err)
{
    eg_normtext nt;
    const char *key;
    size_t key_len;
    eg_normtext_init(&nt);
    *out = NULL;
    if (out_len)
        *out_len = 0;
    eg_status st = eg_normalize_key(s, len, flags, &nt, &key, &key_len, err);
    if (st == EG_OK) {
        *out = eg_strndup(key, key_len);
        if (!*out)
            st = eg_error_nomem(err);
        else if (out_len)
            *out_len = key_len;
    }
    eg_normtext_destroy(&nt);
    return st;
}

bool eg_normalize_equals(const char *src, size_t len, unsigned flags, const char *norm, size_t norm_len)
{
    const uint8_t *s = (const uint8_t *)src;
    bool fold = !(flags & EG_NORM_NO_FOLD);
    ws_run run = {0};
    cluster cl;
    uint8_t out[CLUSTER_OUT_MAX];
    size_t k = 0;         /* bytes of norm matched so far */
    bool started = false; /* something other than white space was seen (leading runs are trimmed) */

    for (size_t i = 0; i < len;) {
        size_t n, end;
        const uint8_t *bytes = out;
        if (ascii_alone(s, len, i) && !ascii_is_space(s[i])) {
            out[0] = (uint8_t)(fold && s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
            n = 1;
            end = i + 1;
        } else {
            read_cluster(s, len, i, &cl);
            if (cl.n_invalid)
                return false;
            if (cl.ws) {
                ws_start(&run, i);
                for (size_t c = 0; c < cl.n_cps; c++)
                    ws_add(&run, cl.cps[c]);
                i = cl.end;
                continue;
            }
            n = normalize_cluster(&cl, s, i, flags, out);
            end = cl.end;
        }
        if (run.active) {
            run.active = false;
            if (started) {
                if (k >= norm_len || norm[k] != (run.para ? '\n' : ' '))
                    return false;
                k++;
            }
        }
        if (n > norm_len - k || memcmp(norm + k, bytes, n) != 0)
            return false;
        k += n;
        started = true;
        i = end;
    }
    return k == norm_len; /* a trailing white-space run is trimmed */
}
