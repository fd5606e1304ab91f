/*
 * encoding: UTF-8 validation with utf8proc, Latin-1 decoding, and the decoded-to-original offset map
 * (see encoding.h). The map samples the character count every EG_LATIN1_STEP bytes, so a lookup scans at
 * most one step of the decoded text.
 */
#include "encoding.h"

#include "error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static bool same_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char c = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        if (c != *b)
            return false;
    }
    return *a == *b;
}

bool eg_encoding_parse(const char *name, eg_encoding *out)
{
    if (same_ci(name, "auto"))
        *out = EG_ENCODING_AUTO;
    else if (same_ci(name, "utf-8") || same_ci(name, "utf8"))
        *out = EG_ENCODING_UTF8;
    else if (same_ci(name, "latin-1") || same_ci(name, "latin1") || same_ci(name, "iso-8859-1"))
        *out = EG_ENCODING_LATIN1;
    else
        return false;
    return true;
}

size_t eg_utf8_first_invalid(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) { /* ASCII fast path: eight bytes at a time while they are all ASCII */
            i++;
            uint64_t w;
            while (len - i >= sizeof w && (memcpy(&w, p + i, sizeof w), (w & 0x8080808080808080u) == 0))
                i += sizeof w;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return i;
        i += (size_t)n;
    }
    return len;
}

eg_status eg_latin1_decode(const char *s, size_t len, char **buf, size_t *cap, size_t *out_len)
{
    if (len > (SIZE_MAX - 1) / 2 || eg_grow((void **)buf, cap, 2 * len + 1, 1))
        return EG_ERR_NOMEM;
    const unsigned char *p = (const unsigned char *)s;
    char *o = *buf;
    for (size_t i = 0; i < len; i++) {
        if (p[i] < 0x80) {
            *o++ = (char)p[i];
        } else {
            *o++ = (char)(0xC0 | (p[i] >> 6));
            *o++ = (char)(0x80 | (p[i] & 0x3F));
        }
    }
    *o = '\0';
    *out_len = (size_t)(o - *buf);
    return EG_OK;
}

/* Characters (bytes that are not UTF-8 continuation bytes) in s[0..n). */
static size_t count_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

eg_status eg_latin1_map_init(eg_latin1_map *m, const char *text, size_t len, eg_error *err)
{
    memset(m, 0, sizeof *m);
    m->text = text;
    m->len = len;
    m->n_steps = len / EG_LATIN1_STEP + 1;
    if (!(m->before = eg_malloc(m->n_steps * sizeof *m->before)))
        return eg_error_nomem(err);
    m->before[0] = 0;
    for (size_t k = 1; k < m->n_steps; k++)
        m->before[k] = m->before[k - 1] + count_chars(text + (k - 1) * EG_LATIN1_STEP, EG_LATIN1_STEP);
    return EG_OK;
}

void eg_latin1_map_destroy(eg_latin1_map *m)
{
    if (!m)
        return;
    free(m->before);
    memset(m, 0, sizeof *m);
}

size_t eg_latin1_map_orig(const eg_latin1_map *m, size_t u)
{
    if (u > m->len)
        u = m->len;
    size_t k = u / EG_LATIN1_STEP;
    return m->before[k] + count_chars(m->text + k * EG_LATIN1_STEP, u - k * EG_LATIN1_STEP);
}
