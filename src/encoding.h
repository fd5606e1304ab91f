/*
 * encoding: UTF-8 validation, Latin-1 decoding and the map from offsets in decoded text back to offsets in
 * the original bytes.
 *
 * Input text that is not valid UTF-8 may be read as Latin-1 (ISO 8859-1): every byte is one character, so
 * a decoded text of n characters came from exactly n original bytes, and the original offset of a byte
 * offset u in the decoded UTF-8 text is the number of characters before u. Offsets shown to users (mentions,
 * evidence spans) are mapped back this way, so they always point into the original input.
 * Invariants: decoded text is valid UTF-8; a map answers for offsets 0..decoded length.
 */
#ifndef EG_ENCODING_H
#define EG_ENCODING_H

#include "entgraph.h"

/* How input bytes become text (eg_input_options.encoding). */
typedef enum eg_encoding {
    EG_ENCODING_AUTO = 0, /* UTF-8 when valid, else Latin-1 (with a warning) */
    EG_ENCODING_UTF8,     /* UTF-8; invalid bytes are read as U+FFFD (with a warning) */
    EG_ENCODING_LATIN1    /* always Latin-1 */
} eg_encoding;

/* Parses "auto", "utf-8" (or "utf8") or "latin-1" (or "latin1", "iso-8859-1"), case-insensitively. */
bool eg_encoding_parse(const char *name, eg_encoding *out);

/* The byte offset of the first byte of s[0..len) that does not start a valid UTF-8 sequence (utf8proc's
 * decoder: overlong forms, surrogates and code points above U+10FFFF are invalid), or len when all of s is
 * valid. Time: O(len). */
size_t eg_utf8_first_invalid(const char *s, size_t len);

/* Decodes s[0..len) as Latin-1 into UTF-8 at *buf (grown with eg_grow; *cap its capacity; the result is
 * NUL-terminated, its length in *out_len). Errors: EG_ERR_NOMEM (then *buf is still the caller's to free).
 * Time: O(len). */
eg_status eg_latin1_decode(const char *s, size_t len, char **buf, size_t *cap, size_t *out_len);

/* Offsets of a text decoded from Latin-1 mapped back to the original bytes. */
typedef struct eg_latin1_map {
    const char *text; /* the decoded text (not owned) */
    size_t len;
    size_t *before;   /* before[k]: characters in text[0 .. k * EG_LATIN1_STEP) */
    size_t n_steps;
} eg_latin1_map;

#define EG_LATIN1_STEP 256

/* Builds the map of text[0..len) (decoded from Latin-1). Errors: EG_ERR_NOMEM. Time: O(len); memory:
 * len / EG_LATIN1_STEP words. eg_latin1_map_destroy frees it (and accepts a zeroed map). */
eg_status eg_latin1_map_init(eg_latin1_map *m, const char *text, size_t len, eg_error *err);
void eg_latin1_map_destroy(eg_latin1_map *m);

/* The original byte offset of decoded offset u (u <= len; an offset inside a character counts that
 * character as before it). Time: O(EG_LATIN1_STEP). */
size_t eg_latin1_map_orig(const eg_latin1_map *m, size_t u);

#endif
