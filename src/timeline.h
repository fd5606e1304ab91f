/*
 * timeline: calendar dates of documents and the periods (day, ISO week, month) that per-period counts use.
 * Dates are days since 1970-01-01 in the proleptic Gregorian calendar; the time of day and the zone of a
 * datetime are ignored (a document belongs to the day written in it).
 */
#ifndef EG_TIMELINE_H
#define EG_TIMELINE_H

#include "entgraph.h"

typedef enum eg_period {
    EG_PERIOD_NONE = 0, /* no per-period counts */
    EG_PERIOD_DAY,      /* "2025-07-01" */
    EG_PERIOD_WEEK,     /* ISO week "2025-W27" */
    EG_PERIOD_MONTH     /* "2025-07" */
} eg_period;

/* Parses a document date: YYYY-MM-DD, ISO 8601 datetimes starting with it ("2025-07-01T09:30:00Z"),
 * YYYY-MM (the first of the month), or RFC 2822 ("Tue, 1 Jul 2025 10:00:00 +0000", weekday optional).
 * Fills *day. Returns false if s does not parse or names no real day. Time: O(length of s). */
bool eg_date_parse(const char *s, int64_t *day);

/* day as "YYYY-MM-DD" (buf holds at least 16 bytes). */
void eg_date_format(int64_t day, char buf[16]);

/* The name of the period p (not EG_PERIOD_NONE) holding day: "2025-07-01", "2025-W27" or "2025-07". */
void eg_date_period(eg_period p, int64_t day, char buf[16]);

/* Parses "day" | "week" | "month"; false if malformed. */
bool eg_period_parse(const char *s, eg_period *out);

#endif
