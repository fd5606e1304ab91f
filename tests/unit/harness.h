/*
 * A tiny unit-test harness: CHECK records a failure with file and line and goes on; the test's main ends
 * with TEST_END(), which prints "N passed, N failed" and returns non-zero when anything failed.
 */
#ifndef EG_TEST_HARNESS_H
#define EG_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int eg_test_passed, eg_test_failed;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (cond) {                                                                   \
            eg_test_passed++;                                                         \
        } else {                                                                      \
            eg_test_failed++;                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
        }                                                                             \
    } while (0)

#define CHECK_STR(a, b)                                                                     \
    do {                                                                                    \
        const char *eg_a_ = (a), *eg_b_ = (b);                                              \
        if (eg_a_ && eg_b_ && strcmp(eg_a_, eg_b_) == 0) {                                  \
            eg_test_passed++;                                                               \
        } else {                                                                            \
            eg_test_failed++;                                                               \
            fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__,     \
                    eg_b_ ? eg_b_ : "(null)", eg_a_ ? eg_a_ : "(null)");                    \
        }                                                                                   \
    } while (0)

#define CHECK_INT(a, b)                                                                     \
    do {                                                                                    \
        long long eg_a_ = (long long)(a), eg_b_ = (long long)(b);                           \
        if (eg_a_ == eg_b_) {                                                               \
            eg_test_passed++;                                                               \
        } else {                                                                            \
            eg_test_failed++;                                                               \
            fprintf(stderr, "%s:%d: %s: expected %lld, got %lld\n", __FILE__, __LINE__, #a, \
                    eg_b_, eg_a_);                                                          \
        }                                                                                   \
    } while (0)

#define TEST_END()                                                                   \
    do {                                                                             \
        printf("%d passed, %d failed\n", eg_test_passed, eg_test_failed);            \
        return eg_test_failed ? 1 : 0;                                               \
    } while (0)

#endif
