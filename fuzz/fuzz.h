/*
 * fuzz: the interface every fuzz target implements, and helpers they share.
 *
 * A target defines LLVMFuzzerTestOneInput (and may define LLVMFuzzerInitialize). Built with clang and
 * -fsanitize=fuzzer it is a libFuzzer binary (fuzz/run); built with fuzz_main.c (any compiler) it replays
 * the files and directories named on its command line, which is how ctest runs every corpus and every
 * regression input. A target must never crash, leak or hang on any input, and checks its own invariants
 * with FUZZ_ASSERT, which aborts (a crash libFuzzer reports and saves).
 */
#ifndef EG_FUZZ_H
#define EG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_ASSERT(cond)                                                                    \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);    \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

/* Writes data to a private temporary file whose name ends with suffix (made once per process, rewritten
 * for every input) and returns its path, or NULL when the file cannot be written. */
const char *fuzz_temp_file(const uint8_t *data, size_t size, const char *suffix);

#endif
