/*
 * dict_rules: the rules a dictionary's text follows, apart from the store (dict.c): error positions in a
 * row, the case flags of an alias and which surfaces it accepts (dict.h), and the checks of single cells
 * (UTF-8, types, Wikidata ids, roles with their dates).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "dict.h"
#include "dict_load.h"
#include "error.h"
#include "normalize.h"

static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((uint8_t)s[i] & 0xC0) != 0x80;
    return c;
}

eg_status eg_dict_fail(const dict_where *w, const char *at, eg_status st, eg_error *err, const char *fmt, ...)
{
    char msg[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line = EG_NO_POS, col = EG_NO_POS, off = EG_NO_POS;
    if (w->line) {
        line = w->line_no;
        if (at) {
            col = 1 + count_chars(w->line, (size_t)(at - w->line));
            off = w->line_offset + (size_t)(at - w->line);
        }
    }
    return eg_error_set(err, st, w->path, line, col, off, "%s", msg);
}

static bool is_upper_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static bool is_lower_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static bool has_upper(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        if ((uint8_t)s[i] < 0x80) {
            if (s[i] >= 'A' && s[i] <= 'Z')
                return true;
            i++;
            continue;
        }
        i += eg_utf8_decode(s, n, i, &cp);
        if (cp >= 0 && is_upper_cp(cp))
            return true;
    }
    return false;
}

/* Does s (valid UTF-8) hold a letter (L*) or a number (N*)? */
bool eg_dict_has_letter_or_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint8_t c = (uint8_t)s[i];
        if (c < 0x80) {
            if ((unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u)
                return true;
            i++;
            continue;
        }
        int32_t cp;
        i += eg_utf8_decode(s, n, i, &cp);
        utf8proc_category_t cat = utf8proc_category(cp);
        if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
            (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO))
            return true;
    }
    return false;
}

/* The automatic case flags of an alias (valid UTF-8) as written. */
uint32_t eg_dict_case_flags(const char *s, size_t n)
{
    bool upper = false, lower = false;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += eg_utf8_decode(s, n, i, &cp);
        upper |= is_upper_cp(cp);
        lower |= is_lower_cp(cp);
    }
    return upper ? (lower ? EG_ALIAS_CASED : EG_ALIAS_CASED | EG_ALIAS_EXACT) : 0;
}

bool eg_alias_accepts(const eg_alias *a, const char *s, size_t len)
{
    if (a->flags & EG_ALIAS_EXACT) {
        if (len == a->len && memcmp(s, a->text, len) == 0)
            return true;
        /* ASCII without white space to fold normalises to itself, so it differs from the alias. */
        bool plain = len > 0 && s[0] != ' ' && s[len - 1] != ' ';
        for (size_t i = 0; i < len && plain; i++) {
            uint8_t c = (uint8_t)s[i];
            plain = c < 0x80 && !(c >= '\t' && c <= '\r') && !(c == ' ' && s[i - 1] == ' ');
        }
        return !plain && eg_normalize_equals(s, len, EG_NORM_NO_FOLD, a->text, a->len);
    }
    if (a->flags & EG_ALIAS_CASED)
        return has_upper(s, len);
    return true;
}

bool eg_alias_accepts_ctx(const eg_alias *a, const char *s, size_t len, unsigned ctx)
{
    if (!(ctx & EG_ACCEPT_CAPS_LINE) || !(a->flags & (EG_ALIAS_EXACT | EG_ALIAS_CASED)))
        return eg_alias_accepts(a, s, len);
    /* a->text has its white space folded to single spaces (dict.h). */
    bool words = memchr(a->text, ' ', a->len) != NULL, lower = false;
    for (size_t i = 0; i < a->len && !lower;) {
        int32_t cp;
        i += eg_utf8_decode(a->text, a->len, i, &cp);
        lower = cp >= 0 && is_lower_cp(cp);
    }
    if (!lower)
        return eg_alias_accepts(a, s, len); /* an acronym or code: exact everywhere */
    if (words)
        return true;
    return !(a->flags & EG_ALIAS_SHORT) && eg_alias_accepts(a, s, len);
}


/* ---- validating cells ------------------------------------------------------------------------------ */

bool eg_dict_is_space_byte(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

eg_status eg_dict_check_text(const dict_where *w, const char *s, size_t n, const char *what, eg_error *err)
{
    for (size_t i = 0; i < n;) {
        uint8_t b = (uint8_t)s[i];
        if (b - 1u < 0x7Fu) { /* 0x01..0x7F */
            i++;
            continue;
        }
        if (b == 0)
            return eg_dict_fail(w, s + i, EG_ERR_PARSE, err, "NUL byte%s%s", what ? " in " : "",
                                what ? what : "");
        int32_t cp;
        size_t len = eg_utf8_decode(s, n, i, &cp);
        if (cp < 0)
            return eg_dict_fail(w, s + i, EG_ERR_UTF8, err, "invalid UTF-8 (byte 0x%02x)%s%s", b,
                                what ? " in " : "", what ? what : "");
        i += len;
    }
    return EG_OK;
}

bool eg_dict_valid_type(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return n > 0;
}

bool eg_dict_valid_wikidata(const char *s, size_t n)
{
    if (n < 2 || s[0] != 'Q')
        return false;
    for (size_t i = 1; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "" or YYYY, YYYY-MM, YYYY-MM-DD with a real month and day. */
static bool valid_date(const char *s, size_t n)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (n == 0)
        return true;
    if ((n != 4 && n != 7 && n != 10) || digits(s, 4) < 0)
        return false;
    int year = digits(s, 4);
    if (n == 4)
        return true;
    int month = digits(s + 5, 2);
    if (s[4] != '-' || month < 1 || month > 12)
        return false;
    if (n == 7)
        return true;
    int day = digits(s + 8, 2);
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int max = month == 2 && !leap ? 28 : mdays[month - 1];
    return s[7] == '-' && day >= 1 && day <= max;
}

/* One entry ROLE_ID@SCOPE_ID/FROM/TO of the roles column. */
eg_status eg_dict_check_role(const dict_where *w, const char *s, size_t n, eg_error *err)
{
    const char *at = memchr(s, '@', n);
    const char *to = NULL, *from = NULL; /* just past the last and the second-to-last '/' */
    for (const char *p = s + n; at && p > at + 1 && !from; p--) {
        if (p[-1] == '/') {
            if (!to)
                to = p;
            else
                from = p;
        }
    }
    if (!at || at == s || !from)
        return eg_dict_fail(
            w, s, EG_ERR_PARSE, err,
            "role \"%.*s\": expected ROLE_ID@SCOPE_ID/FROM/TO (SCOPE_ID, FROM and TO may be empty)", (int)n,
            s);
    size_t from_n = (size_t)(to - 1 - from), to_n = (size_t)(s + n - to);
    const char *bad = !valid_date(from, from_n) ? from : !valid_date(to, to_n) ? to : NULL;
    if (bad)
        return eg_dict_fail(w, bad, EG_ERR_PARSE, err,
                            "role \"%.*s\": bad date \"%.*s\" (use YYYY, YYYY-MM or YYYY-MM-DD)", (int)n, s,
                            (int)(bad == from ? from_n : to_n), bad);
    size_t common = from_n < to_n ? from_n : to_n;
    if (common && memcmp(from, to, common) > 0)
        return eg_dict_fail(w, s, EG_ERR_PARSE, err, "role \"%.*s\": it ends before it begins", (int)n, s);
    return EG_OK;
}
