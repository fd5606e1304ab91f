/*
 * normalize: the text view the matcher scans, and the way back to the original bytes.
 *
 * The original text is cut into extended grapheme clusters (utf8proc_grapheme_break_stateful); each cluster
 * is NFC-normalised and, unless EG_NORM_NO_FOLD, case-folded (utf8proc) on its own, so a cluster's output
 * never mixes with its neighbours'. On top of Unicode normalisation a few documented folds make aliases match
 * typographic variants: U+2019/U+2018/U+02BC -> "'", U+2010/U+2011/U+2012/U+2013 -> "-", and every run of
 * white space (Unicode Zs, \t, \r, \n, \v, \f, U+0085, U+2028) becomes one " ", except that a run holding a
 * paragraph break (two or more line ends, or U+2029) becomes one "\n". Aliases contain no "\n", so no match
 * ever spans paragraphs. Invalid UTF-8 bytes become U+FFFD, one per byte, and are counted. A cluster of more
 * than 32 code points (only pathological text has one, such as a letter with 100,000 combining marks) is cut
 * into pieces of 32 that are normalised one by one, which keeps the work per byte bounded.
 *
 * Invariants: text is valid UTF-8 and NUL-terminated at text[len]; every offset at which a cluster's output
 * begins (and len) is a "boundary" (the " " or "\n" of a white-space run counts as one cluster); matches
 * must start and end on boundaries; eg_normtext_orig() maps any boundary to the original byte offset where
 * that cluster (or run) began, and len to the original length. Checkpoints are stored only where the
 * difference between the offsets changes, so plain ASCII text needs one per folded white-space run.
 */
#ifndef EG_NORMALIZE_H
#define EG_NORMALIZE_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "entgraph.h"

enum {
    EG_NORM_NO_FOLD = 1u << 0 /* NFC and the extra folds only: keep case */
};

/* One checkpoint of the piecewise-linear offset map: from norm onwards, original = orig + (n - norm),
 * until the next checkpoint. */
typedef struct eg_offmark {
    size_t norm;
    size_t orig;
} eg_offmark;

typedef struct eg_normtext {
    char *text; /* normalised UTF-8, NUL-terminated */
    size_t len, cap;
    eg_offmark *marks; /* sorted by norm; marks[0] = {0, 0} when len > 0 */
    size_t n_marks, cap_marks;
    uint64_t *boundary;  /* bit i set: normalised byte i begins a cluster; bit len is set */
    size_t cap_boundary; /* in 64-bit words */
    size_t n_invalid;    /* invalid UTF-8 bytes replaced by U+FFFD */
} eg_normtext;

/* An empty eg_normtext (no allocation). Its buffers grow as needed and are kept between documents;
 * eg_normtext_destroy frees them (nt may be NULL) and leaves nt as after init. */
void eg_normtext_init(eg_normtext *nt);
void eg_normtext_destroy(eg_normtext *nt);

/* Normalises src[0..len) (need not be NUL-terminated, may hold NUL bytes) into nt, reusing its buffers.
 * Never fails on bad text (see above): nt->n_invalid counts the replaced bytes. Fails only for lack of
 * memory (EG_ERR_NOMEM; nt is then empty, still to be destroyed). Time: O(len), allocation-free once the
 * buffers are large enough; plain ASCII and Hangul runs take a fast path that never calls utf8proc. */
eg_status eg_normalize(const char *src, size_t len, unsigned flags, eg_normtext *nt, eg_error *err);

/* Original byte offset of normalised offset off (off <= nt->len). For an offset that is not a boundary the
 * result is the start of the cluster containing it. Time: O(log n_marks). */
size_t eg_normtext_orig(const eg_normtext *nt, size_t off);

static inline bool eg_normtext_is_boundary(const eg_normtext *nt, size_t off)
{
    return (nt->boundary[off >> 6] >> (off & 63)) & 1u;
}

/* Normalises a short string (an alias, a query) into a new NUL-terminated string owned by the caller,
 * with the same rules as eg_normalize, then trims leading and trailing white space (a white-space run at
 * either end is dropped). *out is NULL and the status EG_ERR_UTF8 when s is not valid UTF-8 (err->offset is
 * the first bad byte), EG_ERR_NOMEM when memory runs out. The result may be empty. Time: O(len). */
eg_status eg_normalize_string(const char *s, size_t len, unsigned flags, char **out, size_t *out_len,
                              eg_error *err);

/* The same as eg_normalize_string, but the result is left in scratch (reused, so loading a million aliases
 * allocates nothing per alias): *out points into scratch->text and stays valid until scratch is reused or
 * destroyed. The result is not NUL-terminated in general. */
eg_status eg_normalize_key(const char *s, size_t len, unsigned flags, eg_normtext *scratch, const char **out,
                           size_t *out_len, eg_error *err);

/* Would eg_normalize_string(s, len, flags) give exactly norm[0..norm_len)? Decided cluster by cluster with
 * stack buffers only: it never allocates and never fails. Invalid UTF-8 in s gives false.
 * Time: O(len + norm_len). */
bool eg_normalize_equals(const char *s, size_t len, unsigned flags, const char *norm, size_t norm_len);

/* eg_is_word_char and eg_utf8_decode beyond ASCII (not for direct use). */
bool eg_is_word_char_nonascii(int32_t cp);
size_t eg_utf8_decode_nonascii(const char *s, size_t len, size_t i, int32_t *cp);

/* Unicode character classes used for word boundaries: letters (L*), marks (M*), digits and numbers (N*)
 * and the connector punctuation '_' are word characters. Inline for ASCII, which most text is. */
static inline bool eg_is_word_char(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 0 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
                           cp == '_');
    return eg_is_word_char_nonascii(cp);
}

/* Decodes the code point starting at s[i] (i < len; len bytes available); returns its length in bytes
 * (>= 1), and -1 in *cp for an invalid sequence (length 1 then). Inline for ASCII. */
static inline size_t eg_utf8_decode(const char *s, size_t len, size_t i, int32_t *cp)
{
    assert(i < len);
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    return eg_utf8_decode_nonascii(s, len, i, cp);
}

/* Start of the code point that ends just before byte i (i > 0) of valid UTF-8 s. */
size_t eg_utf8_prev(const char *s, size_t i);

#endif
