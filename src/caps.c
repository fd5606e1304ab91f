/*
 * caps: finds the all-caps lines of a text (the definition is in caps.h).
 *
 * One pass. Each line is read character by character only until its fate is known: the first lower-case or
 * caseless letter settles it, and the rest of the line is skipped by looking at bytes alone (a line break
 * starts with LF, CR, 0xC2 for NEL or 0xE2 for U+2028/U+2029, and no continuation byte is one of these), so
 * prose costs a byte comparison or two per byte. ASCII and Hangul syllables are classified without utf8proc.
 */
#include "caps.h"

#include <utf8proc.h>

#include "error.h"
#include "normalize.h"

/* Length of the line break starting at t[i], or 0 when none starts there. */
static size_t break_len(const char *t, size_t len, size_t i)
{
    uint8_t b = (uint8_t)t[i];
    if (b == '\n')
        return 1;
    if (b == '\r')
        return i + 1 < len && t[i + 1] == '\n' ? 2 : 1;
    if (b == 0xC2 && i + 1 < len && (uint8_t)t[i + 1] == 0x85)
        return 2; /* NEL */
    if (b == 0xE2 && i + 2 < len && (uint8_t)t[i + 1] == 0x80 &&
        ((uint8_t)t[i + 2] == 0xA8 || (uint8_t)t[i + 2] == 0xA9))
        return 3; /* U+2028, U+2029 */
    return 0;
}

/* The first line break at or after i (len when none). */
static size_t next_break(const char *t, size_t len, size_t i)
{
    for (; i < len; i++) {
        uint8_t b = (uint8_t)t[i];
        if ((unsigned)(b - ('\r' + 1)) < 0xC2u - ('\r' + 1))
            continue; /* between CR and 0xC2: most bytes of any text, one comparison */
        if ((b == '\n' || b == '\r' || b == 0xC2 || b == 0xE2) && break_len(t, len, i))
            return i;
    }
    return len;
}

enum letter { NOT_LETTER, UPPER, OTHER_LETTER }; /* OTHER_LETTER: lower, title or no case */

static enum letter classify(int32_t cp)
{
    if (cp < 0 || (cp >= 0xAC00 && cp <= 0xD7A3))
        return OTHER_LETTER; /* an invalid byte, or a Hangul syllable */
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: return UPPER;
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LO: return OTHER_LETTER;
    default: return NOT_LETTER;
    }
}

eg_status eg_caps_lines(const char *text, size_t len, eg_span **spans, size_t *n, size_t *cap, eg_error *err)
{
    *n = 0;
    size_t i = 0;
    while (i < len) {
        size_t start = i, upper = 0;
        bool caps = true;
        while (i < len) {
            uint8_t b = (uint8_t)text[i];
            if (b < 0x80) {
                if (b == '\n' || b == '\r')
                    break;
                if (b >= 'a' && b <= 'z') {
                    caps = false;
                    break;
                }
                upper += b >= 'A' && b <= 'Z';
                i++;
                continue;
            }
            if (break_len(text, len, i))
                break;
            int32_t cp;
            size_t k = eg_utf8_decode(text, len, i, &cp);
            enum letter l = classify(cp);
            if (l == OTHER_LETTER) {
                caps = false;
                break;
            }
            upper += l == UPPER;
            i += k;
        }
        if (!caps)
            i = next_break(text, len, i);
        if (caps && upper >= EG_CAPS_MIN_UPPER) {
            if (eg_grow((void **)spans, cap, *n + 1, sizeof **spans)) {
                *n = 0;
                return eg_error_nomem(err);
            }
            (*spans)[(*n)++] = (eg_span){start, i};
        }
        if (i < len)
            i += break_len(text, len, i);
    }
    return EG_OK;
}

/* Is byte offset pos inside one of the spans? */
static bool inside(const eg_span *spans, size_t n, size_t pos)
{
    size_t lo = 0, hi = n; /* the first span starting after pos is at lo */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (spans[mid].start <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && pos < spans[lo - 1].end;
}

bool eg_caps_covers(const eg_span *spans, size_t n, size_t start, size_t end)
{
    return n > 0 && inside(spans, n, start) && (end <= start + 1 || inside(spans, n, end - 1));
}
