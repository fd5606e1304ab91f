/*
 * dict: load, validate and merge dictionaries. The dictionary owns every name and alias; everything
 * downstream refers to entities and aliases by index.
 *
 * Format (docs/dictionary-format.md): UTF-8 TSV, '#' comment lines, a header row naming the columns.
 *   id       required  unique id (any text without tabs)
 *   type     required  person | organization | country | role | any other word (lower case)
 *   name     required  canonical label; also an alias
 *   aliases  optional  '|'-separated further names
 *   exact    optional  '|'-separated aliases always matched case-sensitively
 *   short    optional  '|'-separated short forms: they count only after the entity was named by another
 *                      of its aliases earlier in the same document (surnames such as "Lee", "Wi")
 *   country  optional  id of the entity's country
 *   wikidata optional  Q-number
 *   roles    optional  '|'-separated ROLE_ID@SCOPE_ID/FROM/TO: a role held, where, and when (FROM and TO are
 *                      YYYY, YYYY-MM or YYYY-MM-DD; SCOPE_ID, FROM and TO may be empty, the two '/' may
 *                      not: "role:pm@country:KOR//"). Only the syntax is checked; ids are not looked up.
 *   x-NAME   optional  any further attribute, copied to the graph as string attribute NAME
 * Case rule for `name` and `aliases`: an alias that has an upper-case letter and no lower-case letter
 * (an acronym or code such as "US", "WHO", "ROK") is exact (case-sensitive). Other aliases match
 * case-insensitively, but an alias with an upper-case letter never matches text written all in lower case
 * ("Trump" does not match "trump card", "Will" not "will").
 *
 * Reading a file: the header row is the first line that is not a comment or blank (a UTF-8 byte order mark
 * at the start of the file is skipped); lines may end in CRLF; blank lines (nothing or only spaces and tabs)
 * and lines starting with '#' are skipped; a row may have fewer cells than the header (the rest are empty)
 * but not more; empty entries of a '|' list (as in "a||b" or a trailing '|') are ignored.
 *
 * Merging: a row whose id is already defined (earlier in the file, in an earlier file, or by eg_dict_add)
 * with the same type adds its name, aliases, exact and short forms as aliases of that entity (not as its
 * canonical name; an alias equal in key, flags and, for exact aliases, text to one it already has is
 * skipped). Its country, wikidata and x- values fill the entity's empty ones and must otherwise agree; its
 * roles are appended. The label stays the first definition's.
 *
 * Errors carry the path, 1-based line, 1-based column (in characters) of the offending cell or list entry,
 * and its byte offset in the file, e.g. "people.tsv:12:9: empty name". A load is atomic: when it fails,
 * the dictionary is as it was before the call. eg_dict_load_dir is one load (a failing file leaves nothing
 * of the directory); it reads the regular files named *.tsv, skipping names that start with '.'.
 * Time: O(bytes read); about a second per million aliases, with no allocation per string (arena).
 *
 * Invariants: entity ids are unique; an entity's type never changes once defined (types are interned:
 * compare them by pointer); every alias normalises (eg_normalize_string) to a key that holds a letter or a
 * digit and no paragraph break; an entity's aliases are linked in increasing index order.
 */
#ifndef EG_DICT_H
#define EG_DICT_H

#include "entgraph.h"

enum {
    EG_ALIAS_NAME = 1u << 0,  /* the entity's canonical `name` */
    EG_ALIAS_EXACT = 1u << 1, /* case-sensitive: the surface must equal the alias after NFC */
    EG_ALIAS_SHORT = 1u << 2, /* short form: needs an earlier non-short mention of the entity */
    EG_ALIAS_CASED = 1u << 3  /* has an upper-case letter: never matches all-lower-case text */
};

typedef struct eg_alias {
    const char *text; /* as written in the dictionary, NFC, with the typographic and white-space folds of
                        * normalize.h (EG_NORM_NO_FOLD), trimmed; exact aliases are compared with this */
    size_t len;
    const char *key; /* normalised (eg_normalize_string, folded) key the matcher uses */
    size_t key_len;
    uint32_t entity; /* entity index */
    uint32_t flags;  /* EG_ALIAS_* */
} eg_alias;

/* Alias index (< eg_dict_n_aliases). The pointer is valid until the next load into the dictionary. */
const eg_alias *eg_dict_alias(const eg_dict *dict, uint32_t index);

/* Index of the first alias of entity i, and their number; an entity's aliases are not contiguous, so this
 * walks a list: returns the count and fills up to max indices. Time: O(aliases of the entity). */
size_t eg_dict_entity_aliases(const eg_dict *dict, uint32_t entity, uint32_t *out, size_t max);

/* Adds one entity (or aliases to an existing one of the same id and type) programmatically, with the same
 * validation as a file row. aliases/exact/shorts are '|'-separated lists or NULL. Used by tests and by
 * name discovery. Errors have no position; a failed call changes nothing. */
eg_status eg_dict_add(eg_dict *dict, const char *id, const char *type, const char *name, const char *aliases,
                      const char *exact, const char *shorts, eg_error *err);

/* Does alias a accept the original surface text s[0..len) (case rules above)? Aliases that are neither
 * exact nor cased accept anything; cased ones need an upper- or title-case letter in s; exact ones need s
 * to normalise (EG_NORM_NO_FOLD) to a->text. Never allocates. Time: O(len). */
bool eg_alias_accepts(const eg_alias *a, const char *s, size_t len);

enum {
    EG_ACCEPT_CAPS_LINE = 1u << 0 /* the surface lies in an all-caps line (caps.h) */
};

/* As eg_alias_accepts, for a surface in the context ctx (EG_ACCEPT_* flags; 0 is eg_alias_accepts). In an
 * all-caps line: an alias with a lower-case letter written with white space (a name of several words) is
 * accepted in any case, even when it is exact ("Apple Inc." in `exact` accepts "APPLE INC."); a short form
 * of one word ("Lee", "May") is refused; everything else is as eg_alias_accepts (acronyms stay exact, "Fed"
 * in `exact` never accepts "FED", a cased "Trump" accepts "TRUMP"). Never allocates. Time: O(len + a->len). */
bool eg_alias_accepts_ctx(const eg_alias *a, const char *s, size_t len, unsigned ctx);

/* Entities defined by dictionaries (loaded or added); eg_dict_n_entities also counts the discovered ones,
 * whose indices follow these. Time: O(1). */
/* Settles the labels of discovered entities (eg_registry_settle); call after all documents were analysed. */
void eg_dict_settle_discovered(eg_dict *dict);

size_t eg_dict_n_defined(const eg_dict *dict);

/* Finds or adds the discovered entity (see registry.h) of type type named label[0..len): id
 * "TYPE:discovered:SLUG", attribute discovered=true; *index is its entity index (>= eg_dict_n_defined).
 * Thread-safe (the dictionary keeps discovered entities in a locked registry of their own), so threads
 * sharing a const dictionary may call it. Load every dictionary file before the first call: a later load
 * would renumber discovered entities. Errors: EG_ERR_NOMEM, EG_ERR_LIMIT. Time: O(len) expected. */
eg_status eg_dict_discover(const eg_dict *dict, const char *type, const char *label, size_t len,
                           uint32_t *index, eg_error *err);

/* The interned type named type, or NULL when no entity has it. Time: O(number of types). */
const char *eg_dict_type(const eg_dict *dict, const char *type);

/* Where entity (< eg_dict_n_defined) was first defined: the file (NULL for eg_dict_add) and *line, its
 * 1-based line there. For a compiled dictionary, the file as it was named when it was compiled. Time: O(1). */
const char *eg_dict_entity_source(const eg_dict *dict, uint32_t entity, size_t *line);

/* Bytes of memory the dictionary holds (arrays, hash tables and its string arena; not a compiled
 * dictionary's mapping). Time: O(arena blocks). */
size_t eg_dict_memory(const eg_dict *dict);

#endif
