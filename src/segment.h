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
 * Korean without punctuation (punctuation-stripped corpora, chat): a word that ends in a sentence ending,
 * followed by white space and another word of the same line, ends a sentence. The endings are read from the
 * word's last Hangul syllables (S = 0xAC00 + (L * 21 + V) * 28 + T; conjoining jamo of NFD text are
 * composed first, so NFD reads as NFC):
 *   다  after a syllable with a final consonant (했다 있다 었다 겠다 한다 는다 없다 같다 않다), or after 니
 *       or 이 (합니다 입니다 아니다 것이다);
 *   요  after a syllable without a final consonant whose vowel is not ㅛ ㅜ ㅠ ㅡ (해요 있어요 거예요 하나요
 *       고마워요 했고요), or after 군 or 걸 (그렇군요 할걸요); not 가요 (songs) or 개요;
 *   죠  after any syllable (하죠 거죠 그렇죠);
 *   까  after a syllable ending in ㄹ (할까 일까 될까), or after 니 after one ending in ㅂ (습니까 입니까), so
 *       not the 니까 of "because" (오니까).
 * Not an end: a word ending in one of the nouns 르완다 우간다 아젠다 어젠다 프로파간다 사이다; and a word
 * followed by one of 고 며 라고 라며 라는 라면서 면서 하며 하고 고는 는 은 를 을 와 과 란 라, the particles and
 * quotative endings that follow a quoted sentence whose quotation marks were stripped ("... 있다 고 말했다").
 * These rules leave nouns in 다 요 까 alone (바다 보다 마다 필요 주요 수요 요요 까까) at the price of the copula
 * after a noun (상태다, 이유다) and plain stems (하다, 크다), which are not read as ends. Measured on real news
 * by bench/korean-sentences (README, Recognition quality). Independently, a word ending in "다" followed by
 * two white-space characters in the line ends a sentence (the soynlp convention, "밝혔다  첫날에는").
 *
 * Line breaks. The text is hard-wrapped when at least 2 lines, and at least a third of the lines that
 * are followed by another line of their paragraph, are 40 to 100 code points wide; its wrap width W is
 * its widest line of at most 100 code points.
 *   Text that is not hard-wrapped: every line break ends a sentence (each line was written as a line: a
 *   heading, a date line, a list or tag item, a one-line paragraph).
 *   Hard-wrapped text: a line break ends a sentence only when the line has no final punctuation and
 *   either ends in a Korean sentence ending (above; the next line not starting with one of the listed
 *   particles), or it is short - at most 3/4 of W, and the next line's first word would have fitted within
 *   W, so the break was not forced by wrapping - and the next line starts with an upper-case or caseless
 *   letter (a heading or list item inside wrapped text). The first line of the text is exempt from the
 *   short-line rule: in wire stories it is the rest of a line whose dateline was removed ("Secretary of
 *   State George\nShultz said ...").
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
