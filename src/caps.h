/*
 * caps: all-caps lines, where the case rules of names change (headlines such as "TRUMP MEETS LEE JAE-MYUNG IN
 * WASHINGTON", datelines such as "SEOUL 2025-07-30", wire slugs).
 *
 * A line is the text between two line breaks (LF, CR, CRLF, NEL, U+2028, U+2029), without them. It is
 * all caps when it holds at least EG_CAPS_MIN_UPPER upper-case letters (Unicode category Lu), no lower- or
 * title-case letter (Ll, Lt) and no letter of a script without case (Lo: Hangul, Han, kana, Arabic, ...),
 * so that a Korean line quoting "KBS" or "LG" is not one. Digits, punctuation, symbols and marks do not
 * count either way. Bytes that are not UTF-8 count as letters without case.
 *
 * What the matcher and the resolver do in such lines is described in matcher.h (case rules).
 */
#ifndef EG_CAPS_H
#define EG_CAPS_H

#include "entgraph.h"

#define EG_CAPS_MIN_UPPER 3 /* upper-case letters an all-caps line needs at least */

/* Sets (*spans)[0..*n) to the all-caps lines of text[0..len) (any bytes; need not be NUL-terminated), as
 * byte spans [start, end) without the line breaks, ascending; *spans grows as needed (capacity *cap; the
 * caller frees it) and is not touched when there is none. Errors: EG_ERR_NOMEM (then *n is 0).
 * Time: O(len); a line is given up at its first lower-case or caseless letter and the rest of it is skipped
 * byte by byte without decoding, so ordinary prose costs little more than a search for line breaks. */
eg_status eg_caps_lines(const char *text, size_t len, eg_span **spans, size_t *n, size_t *cap, eg_error *err);

/* Does [start, end) lie inside the all-caps lines spans[0..n) (ascending, as eg_caps_lines makes them):
 * is its first byte in one of them, and its last byte (start itself when end == start) in one too? A span
 * that runs across a line break into another all-caps line counts. Time: O(log n). */
bool eg_caps_covers(const eg_span *spans, size_t n, size_t start, size_t end);

#endif
