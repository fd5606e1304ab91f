/*
 * dict_compiled_impl: private to the dict_compiled module (dict_compiled.c loads, dict_compiled_write.c
 * writes): the layout of a compiled dictionary, which docs/compiled-dictionary.md describes for readers.
 *
 * Layout: a header of HEADER_SIZE bytes (fixed fields, then a table of N_SECTIONS entries), then the
 * sections in table order, each at an offset that is a multiple of SECTION_ALIGN. Integers are in the byte
 * order of the machine that wrote the file; the order mark says which, and a file of the other order is
 * refused (the arrays are used in place, so they must be in this machine's order). Every section's length
 * is its record count (from the header's counts) times its record size.
 */
#ifndef EG_DICT_COMPILED_IMPL_H
#define EG_DICT_COMPILED_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "matcher_impl.h"

_Static_assert(sizeof(ac_state) == 16 && offsetof(ac_state, fail) == 0 && offsetof(ac_state, out) == 4 &&
                   offsetof(ac_state, edge) == 8 && offsetof(ac_state, n_edges) == 12 &&
                   offsetof(ac_state, byte) == 14 && offsetof(ac_state, depth) == 15,
               "the compiled format stores ac_state as 16 bytes in this layout");

/* "EGD", NUL, CR LF, ^Z, LF: a copy made in text mode damages it visibly. */
extern const char egd_magic[8];

enum {
    BYTE_ORDER_MARK = 0x01020304,
    FIXED_SIZE = 128,   /* header fields before the section table */
    ENTRY_SIZE = 32,    /* one section table entry: id, record size, offset, length, checksum */
    SECTION_ALIGN = 64, /* sections start at multiples of this */
    ENTITY_SIZE = 40,   /* 10 x u32 */
    ALIAS_SIZE = 24     /* 6 x u32 */
};

/* Header field offsets. */
enum {
    H_MAGIC = 0,
    H_VERSION = 8,
    H_ORDER = 12,
    H_HEADER_SIZE = 16,
    H_N_SECTIONS = 20,
    H_FILE_SIZE = 24,
    H_CHECKSUM = 32, /* of the header with this field taken as zero */
    H_STATE_SIZE = 40,
    H_FLAGS = 44,
    H_COUNTS = 48 /* N_COUNTS x u64 */
};

/* The counts in the header, in this order. */
enum { C_STRING_BYTES, C_TYPES, C_ENTITIES, C_ATTRS, C_ALIASES, C_PATTERNS, C_STATES, C_EDGES, C_DEPTH1,
       N_COUNTS };

/* The sections, in file order; section s has id s + 1. */
enum {
    S_STRINGS,
    S_TYPES,
    S_ENTITIES,
    S_ATTRS,
    S_ALIASES,
    S_PAT_LEN,
    S_PAT_FLAGS,
    S_PAT_ALIAS_START,
    S_PAT_ALIASES,
    S_STATES,
    S_PAT_NEXT,
    S_EDGE_BYTE,
    S_EDGE_NEXT,
    S_ROOT_NEXT,
    S_DEPTH1_NEXT,
    N_SECTIONS
};

enum { HEADER_SIZE = FIXED_SIZE + N_SECTIONS * ENTRY_SIZE };

extern const char *const egd_section_names[N_SECTIONS];
extern const uint32_t egd_record_size[N_SECTIONS];

static inline uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, sizeof v);
}

static inline void put64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, sizeof v);
}

/* XXH64 with seed 0 (the reference algorithm): the checksum of the header and of each section. Time: O(len),
 * several GB/s. */
uint64_t egd_xxh64(const void *data, size_t len);

#endif
