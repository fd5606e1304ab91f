/*
 * timeline: date parsing and formatting with Howard Hinnant's civil-calendar conversions (exact integer
 * arithmetic, no locale, no time zone database).
 */
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Howard Hinnant's algorithm: proleptic Gregorian calendar */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

static bool valid_ymd(long y, long m, long d)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

/* Reads exactly n digits at *p. */
static bool digits(const char **p, int n, long *out)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        if ((*p)[i] < '0' || (*p)[i] > '9')
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

bool eg_date_parse(const char *s, int64_t *day)
{
    static const char *const months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                           "jul", "aug", "sep", "oct", "nov", "dec"};
    const char *p = s;
    long y, m, d = 1;
    while (*p == ' ')
        p++;
    if (digits(&p, 4, &y) && *p == '-' && (p++, digits(&p, 2, &m))) {
        /* ISO 8601: YYYY-MM-DD, then nothing, a 'T' or space and a time; or YYYY-MM alone */
        if (*p == '-') {
            p++;
            if (!digits(&p, 2, &d))
                return false;
            if (*p && *p != 'T' && *p != 't' && *p != ' ')
                return false;
        } else if (*p) {
            return false;
        }
    } else {
        /* RFC 2822: [Day,] D Mon YYYY [time zone] */
        p = s;
        while (*p == ' ')
            p++;
        const char *comma = strchr(p, ',');
        if (comma && comma - p <= 9)
            p = comma + 1;
        while (*p == ' ')
            p++;
        char *end;
        d = strtol(p, &end, 10);
        if (end == p || end - p > 2 || *end != ' ')
            return false;
        p = end + 1;
        m = 0;
        for (int i = 0; i < 12; i++) {
            bool same = true;
            for (int k = 0; k < 3; k++)
                if ((p[k] | 0x20) != months[i][k])
                    same = false;
            if (same)
                m = i + 1;
        }
        if (!m || p[3] != ' ')
            return false;
        p += 4;
        if (!digits(&p, 4, &y) || (*p && *p != ' '))
            return false;
    }
    if (!valid_ymd(y, m, d))
        return false;
    *day = days_from_civil(y, (unsigned)m, (unsigned)d);
    return true;
}

/* Years are kept to 0000..9999 (what ISO 8601's basic form holds), so every form fits in 16 bytes. */
static int clamp_year(int y)
{
    return y < 0 ? 0 : y > 9999 ? 9999 : y;
}

/* YYYY-MM-DD by hand, not printf: the exports write two dates on every node and edge. The same text as
 * eg_date_period's day (the tests compare them). */
void eg_date_format(int64_t day, char buf[16])
{
    int y;
    unsigned m, d;
    civil_from_days(day, &y, &m, &d);
    unsigned yy = (unsigned)clamp_year(y);
    m %= 100u;
    d %= 100u;
    const char text[11] = {(char)('0' + yy / 1000), (char)('0' + yy / 100 % 10), (char)('0' + yy / 10 % 10),
                           (char)('0' + yy % 10),   '-',
                           (char)('0' + m / 10),    (char)('0' + m % 10),
                           '-',                     (char)('0' + d / 10),
                           (char)('0' + d % 10),    '\0'};
    memcpy(buf, text, sizeof text);
}

void eg_date_period(eg_period p, int64_t day, char buf[16])
{
    int y;
    unsigned m, d;
    if (p == EG_PERIOD_WEEK) {
        /* ISO week: the week (Monday first) belongs to the year of its Thursday */
        int64_t wd = ((day % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday; Monday = 0 */
        int64_t thu = day - wd + 3;
        civil_from_days(thu, &y, &m, &d);
        int64_t week = (thu - days_from_civil(y, 1, 1)) / 7 + 1;
        snprintf(buf, 16, "%04d-W%02d", clamp_year(y), (int)(week % 100));
        return;
    }
    civil_from_days(day, &y, &m, &d);
    if (p == EG_PERIOD_MONTH)
        snprintf(buf, 16, "%04d-%02u", clamp_year(y), m % 100u);
    else
        snprintf(buf, 16, "%04d-%02u-%02u", clamp_year(y), m % 100u, d % 100u);
}

bool eg_period_parse(const char *s, eg_period *out)
{
    if (strcmp(s, "day") == 0)
        *out = EG_PERIOD_DAY;
    else if (strcmp(s, "week") == 0)
        *out = EG_PERIOD_WEEK;
    else if (strcmp(s, "month") == 0)
        *out = EG_PERIOD_MONTH;
    else
        return false;
    return true;
}
