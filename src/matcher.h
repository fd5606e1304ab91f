/*
 * matcher: one Aho-Corasick automaton over the normalised keys of every alias, built once and immutable
 * (threads share it). A scan runs the automaton over eg_normtext in one pass and keeps a candidate only
 * where
 *   - it starts and ends on cluster boundaries of the normalised text,
 *   - it starts and ends at word boundaries: where the key's first (last) character is a word character
 *     (eg_is_word_char), the character before (after) it is not one. Two exceptions at the end: a Latin
 *     possessive ("Korea's", "Korea’s") is fine because the apostrophe is not a word character; and a key
 *     may be followed by a Korean particle (은 는 이 가 을 를 의 에 에게 와 과 도 만 에서 으로 로 께서 부터
 *     까지 처럼 보다 한테 이나 나 랑 이랑 ..., and common combinations such as 에서는 에게도; the full list is
 *     in matcher_scan.c) that itself ends at a word boundary. That serves keys ending in a Hangul syllable
 *     (한국은, 미국과) and Latin names and acronyms in Korean text alike (KBS는, G7에서); a key is never
 *     found inside a longer Hangul word (한국어, 대한민국),
 *   - at least one alias with that key accepts the original surface (eg_alias_accepts_ctx, below).
 * Among the candidates the leftmost-longest non-overlapping set is chosen: by start, the longest there,
 * then the next one that begins at or after its end.
 *
 * Case rules (dict.h): an alias written without lower-case letters ("US", "WHO", "IT") is exact; one with
 * an upper-case letter needs one in the surface ("Trump" accepts "Trump" and "TRUMP", not "trump"); one in
 * the `exact` column must be matched as written ("Fed" not "FED"); the others accept any case. In an
 * all-caps line (caps.h: 3 or more upper-case letters, no lower-case or caseless letter, such as a headline
 * "TRUMP MEETS LEE JAE-MYUNG IN WASHINGTON") case says nothing about names, so there
 *   - a name of several words matches in any case, even when it is exact ("Apple Inc." in `exact`),
 *   - a name of one word keeps its rule: a cased one matches ("TRUMP"), an exact one does not ("FED"), and
 *     a short form does not either ("LEE", "MAY", "MARK": in capitals a short word is as likely the common
 *     word as the surname; the resolver also leaves out surnames learned from the document there),
 *   - acronyms stay exact ("US" matches "US" only).
 * A match lies in an all-caps line when its first and last bytes do (eg_match.caps). The scan finds these
 * lines first, in one pass over the original text that gives up on a line at its first lower-case letter
 * (caps.h); a candidate is looked up in them only when the text has one, and the automaton's loop is
 * untouched.
 *
 * Building (eg_matcher_new, declared in entgraph.h): patterns, one per distinct key, are numbered in the
 * byte order of their keys. It fails with EG_ERR_NOMEM, or EG_ERR_LIMIT when the keys hold 2^32 - 2 bytes
 * or more. Time: a radix sort of the aliases by key plus O(total key bytes); memory: about 20 bytes per
 * automaton state (at most one per key byte, far fewer where keys share prefixes) and 10 per alias.
 * For a million aliases of typical names: about 1 s and 90 MB.
 */
#ifndef EG_MATCHER_H
#define EG_MATCHER_H

#include "entgraph.h"
#include "normalize.h"

typedef struct eg_match {
    size_t start, end;   /* byte offsets into the ORIGINAL text */
    size_t nstart, nend; /* the same in the normalised text */
    uint32_t pattern;    /* pattern index: one per distinct key */
    bool caps;           /* lies in an all-caps line (case rules above) */
} eg_match;

/* A growing vector of matches. As the scan's scratch it also keeps a small table from a candidate's start to
 * its slot (only the longest candidate of one start can ever be chosen); zero-initialise it. */
typedef struct eg_match_vec {
    eg_match *items;
    size_t n, cap;
    struct eg_start_slot *slots; /* open addressing by start; entries of older scans have older gen */
    size_t cap_slots;            /* a power of two, or 0 */
    uint32_t gen;                /* scan number, so the table needs no clearing between scans */
    eg_span *caps;               /* the all-caps lines of the text scanned last (caps.h) */
    size_t n_caps, cap_caps;
} eg_match_vec;

/* The aliases (indices into the dictionary, ascending) that share pattern's key; *n is set to their
 * number. */
const uint32_t *eg_matcher_pattern_aliases(const eg_matcher *m, uint32_t pattern, size_t *n);
size_t eg_matcher_n_patterns(const eg_matcher *m);
size_t eg_matcher_n_states(const eg_matcher *m);
/* Entries of the transition arrays (the transitions of states with more than one). */
size_t eg_matcher_n_edges(const eg_matcher *m);
/* Bytes of memory the matcher's arrays take (for a compiled dictionary's matcher, which borrows the mapped
 * arrays, only its own record). Time: O(1). */
size_t eg_matcher_memory(const eg_matcher *m);

/* Scans nt (the normalised view of orig[0..orig_len), made by eg_normalize with case folding) and replaces
 * out's contents with the chosen matches in text order. scratch holds the candidates and is reused between
 * calls (free both with eg_match_vec_destroy). Fails only for lack of memory. Reads m only, so threads may
 * scan with one matcher at once. Time: O(nt->len + c log c) for c candidates (boundary-checked hits). */
eg_status eg_matcher_scan(const eg_matcher *m, const eg_normtext *nt, const char *orig, size_t orig_len,
                          eg_match_vec *out, eg_match_vec *scratch, eg_error *err);

/* As eg_matcher_scan, but no match crosses a barrier: barriers[0..n_barriers) are ascending byte offsets
 * into orig (the starts of sentences that begin on a new line, say), and a key found at [start, end) with
 * start < b < end for a barrier b is not a candidate, so a shorter key of the same start may be chosen
 * instead. Time: as eg_matcher_scan, plus O(log n_barriers) per candidate. */
eg_status eg_matcher_scan_bounded(const eg_matcher *m, const eg_normtext *nt, const char *orig, size_t orig_len,
                                  const size_t *barriers, size_t n_barriers, eg_match_vec *out,
                                  eg_match_vec *scratch, eg_error *err);

void eg_match_vec_destroy(eg_match_vec *v);

#endif
