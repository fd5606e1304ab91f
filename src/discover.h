/*
 * discover: name discovery for people that no dictionary lists, from evidence a reader would accept.
 *
 * The text is cut into word tokens (eg_tokenize): runs of word characters that may hold an inner hyphen or
 * apostrophe ("Jae-myung", "O'Neill"); a possessive "'s" is not part of the token. Tokens are glued when
 * only spaces or tabs separate them, or a period and spaces after an initial ("George W. Bush") or an
 * abbreviated title ("Mr. Rubio"). A name run is a maximal chain of glued capitalised tokens (first letter
 * upper-case, some lower-case letter), initials, and lower-case particles between two of them (van, von,
 * de, der, da, di, du, del, la, le, bin, ibn, al). In a run, a person is (first rule that applies):
 *   1. title: the tokens after the last title word of the run (Mr, Mrs, Ms, Dr, President, Minister,
 *      Senator, Secretary, Chancellor, Ambassador, Coach, ...; see discover.c), 1 to 3 of them;
 *   2. role trigger: the whole run, 1 to 3 tokens, when a lower-case role noun is glued before it
 *      ("captain Chris Lewis", "top seed Pete Sampras", "foreign minister Yevgeny Primakov");
 *   3. given name: from the first token that the lexicon lists as a given name (or as a Korean family name
 *      followed by a hyphenated given name, "Lee Jae-myung") to the end of the run, 2 to 4 tokens.
 * Never a person: a run whose last token is a head word of organisations or places (Road, Street,
 * University, Bank, Party, Cup, Open, Club, United, Inc, ...), a run written in capitals only (headlines),
 * or a span that holds a title word after rule 1 cut.
 *
 * The lexicon (dictionaries/lexicon/names.txt, "KIND<TAB>NAME" lines, KIND given or family; '#' comments)
 * may be extended with the first words of the dictionaries' own people (eg_lexicon_add_dict_people).
 * Everything here reads the text only; it is immutable after loading, so threads share a lexicon.
 */
#ifndef EG_DISCOVER_H
#define EG_DISCOVER_H

#include "entgraph.h"

enum {
    EG_TOK_CAP = 1u << 0,     /* starts with an upper- or title-case letter and has a lower-case one */
    EG_TOK_UPPER = 1u << 1,   /* has upper-case letters and no lower-case one */
    EG_TOK_LOWER = 1u << 2,   /* starts with a lower-case letter */
    EG_TOK_GLUE = 1u << 3,    /* glued to the previous token (see above) */
    EG_TOK_INITIAL = 1u << 4, /* one upper-case letter followed by '.' */
    EG_TOK_HYPHEN = 1u << 5,  /* holds an inner hyphen */
    EG_TOK_DOT = 1u << 6      /* followed directly by '.' */
};

/* A word: 16 bytes, since a text file is one document and its tokens are most of what its analysis holds.
 * A run of word characters of 4 GiB or more is no token (no name is that long). */
typedef struct eg_token {
    size_t start;   /* byte offset into the original text */
    uint32_t len;   /* bytes: the token ends at start + len (eg_token_end) */
    uint32_t flags; /* EG_TOK_* */
} eg_token;

static inline size_t eg_token_end(const eg_token *t)
{
    return t->start + t->len;
}

typedef struct eg_token_vec {
    eg_token *items;
    size_t n, cap;
} eg_token_vec;

/* Why a span was taken for a person. */
typedef enum eg_name_why { EG_NAME_TITLE, EG_NAME_TRIGGER, EG_NAME_GIVEN } eg_name_why;

typedef struct eg_name_span {
    size_t start, end;   /* byte offsets into the original text */
    size_t tok, n_tok;   /* first token index, number of tokens */
    eg_name_why why;
} eg_name_span;

typedef struct eg_name_vec {
    eg_name_span *items;
    size_t n, cap;
} eg_name_vec;

/* Replaces out's contents with the tokens of text[0..len) (invalid UTF-8 bytes are not word characters).
 * Errors: EG_ERR_NOMEM. Time: O(len). */
eg_status eg_tokenize(const char *text, size_t len, eg_token_vec *out, eg_error *err);

/* Replaces out's contents with the people found in the tokens (text order, non-overlapping). lex may be
 * NULL (then only rules 1 and 2 apply). Errors: EG_ERR_NOMEM. Time: O(tokens). */
eg_status eg_discover_people(const eg_lexicon *lex, const char *text, const eg_token_vec *toks, eg_name_vec *out,
                             eg_error *err);

/* Is text[0..len) a given name (or, with family, a Korean family name) in lex? Case-sensitive. */
bool eg_lexicon_has(const eg_lexicon *lex, bool family, const char *s, size_t len);

/* Is text[0..len) a title or honorific of rule 1 ("Mr", "President")? */
bool eg_is_title_word(const char *s, size_t len);

void eg_token_vec_destroy(eg_token_vec *v);
void eg_name_vec_destroy(eg_name_vec *v);

#endif
