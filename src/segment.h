/*
 * segment: paragraphs and sentences over the original text, as byte spans.
 *
 * Lines end at LF, CRLF, a lone CR, NEL or U+2028. Paragraphs are separated by blank lines (lines holding
 * only white space) and U+2029; in hard-wrapped text (below) an indented line also starts a paragraph, as
 * in wire stories.
 *
 * Punctuation. A sentence ends after '.', '!', '?', '…' (or a run of them, optionally followed by closing
 * quotes or brackets) when white space follows and the next word starts with an upper-case letter, a
 * digit, an opening quote or bracket, or a letter of a script without case (Hangul, CJK); so `He said
 * "no." Then` splits after the quote and Korean "...다. 그는" splits after the period. '。', '！', '？'
 * end a sentence whatever follows. A single period after an abbreviation is treated by class:
 *   titles and connectives (Mr. Mrs. Ms. Dr. Prof. Gen. Sen. Rep. Gov. Lt. Col. Sgt. Capt. Rev. Mt. vs.
 *   cf. approx. e.g. i.e. ...) never end a sentence;
 *   No. / Nos. do not before a digit ("No. 1");
 *   words that can close a sentence (Jr. Sr. Inc. Corp. Ltd. Co. Bros. etc. St. Ave. Dept., months and
 *   weekdays: Jan. ... Dec., Mon. ... Sat.), single capital initials (J. R. R. Tolkien, Kim J. Smith) and
 *   dotted abbreviations (U.S., D.C., U.K., a.m., Ph.D.) end a sentence only when the next word is a
 *   common sentence-starting function word (The, A, He, She, It, They, We, I, But, In, However, ...):
 *   "in the U.S. Senate" is one sentence, "He went to the U.S. The next day" is two.
 * Korean with the punctuation stripped: a word ending in Hangul "다" followed by two white-space
 * characters, or (see below) by a line break, ends a sentence.
 *
 * Line breaks. The text is hard-wrapped when at least 2 lines, and at least a third of the lines that
 * are followed by another line of their paragraph, are 40 to 100 code points wide; its wrap width W is
 * its widest line of at most 100 code points.
 *   Text that is not hard-wrapped: every line break ends a sentence (each line was written as a line: a
 *   heading, a date line, a list or tag item, a one-line paragraph).
 *   Hard-wrapped text: a line break ends a sentence only when the line has no final punctuation and
 *   either ends in Hangul "다", or it is short - at most 3/4 of W, and the next line's first word would
 *   have fitted within W, so the break was not forced by wrapping - and the next line starts with an
 *   upper-case or caseless letter (a heading or list item inside wrapped text). The first line of the text is exempt from the short-line rule: in wire stories it is the
 *   rest of a line whose dateline was removed ("Secretary of State George\nShultz said ...").
 *
 * Spans are trimmed of surrounding white space; empty ones are dropped. Every sentence lies inside one
 * paragraph, and the sentences of a paragraph cover all of its non-space bytes.
 */
#ifndef EG_SEGMENT_H
#define EG_SEGMENT_H

#include "entgraph.h"

/* A growable array of spans; zero-initialise it ({0}) before first use. */
typedef struct eg_span_vec {
    eg_span *items; /* n spans, capacity cap */
    size_t n, cap;
} eg_span_vec;

/* Splits text[0..len) (UTF-8; invalid bytes are treated as letters of no case; need not be
 * NUL-terminated) into paragraphs and sentences, appended in text order to the vectors, which are cleared
 * first and owned by the caller (release with eg_span_vec_destroy; reuse them across documents to save
 * allocations). Errors: EG_ERR_NOMEM (then both vectors are left empty). Time: O(len); no allocation
 * besides growing the vectors. */
eg_status eg_segment(const char *text, size_t len, eg_span_vec *paragraphs, eg_span_vec *sentences,
                     eg_error *err);

/* Sets (*starts)[0..*n) to the start of every sentence of text (as eg_segment made them) that begins after
 * a line break (a new line or a new paragraph), ascending; *starts grows as needed (capacity *cap; the caller
 * frees it). A name is not matched across these: the segmenter read the line before as a unit (a heading, a
 * list item, a line of a one-sentence-per-line file). Errors: EG_ERR_NOMEM. Time: O(bytes between
 * sentences). */
eg_status eg_segment_line_starts(const char *text, size_t len, const eg_span_vec *sentences, size_t **starts,
                                 size_t *n, size_t *cap, eg_error *err);

/* Frees the items and leaves v empty and reusable. v may be NULL. */
void eg_span_vec_destroy(eg_span_vec *v);

#endif
