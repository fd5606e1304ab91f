/*
 * dict_compiled_write: writing a compiled dictionary (eg_dict_compiled_write, dict_compiled.h): the
 * dictionary's records and strings are laid out anew (string offsets instead of pointers, each path and type
 * stored once, an alias's text shared with its key when they are equal), the automaton's arrays are written
 * as they are in memory. Every section is prepared (and its checksum taken) before the header, so the file
 * is written in one sequential pass, to a temporary name renamed into place (outfile.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "dict_compiled.h"
#include "dict_compiled_impl.h"
#include "error.h"
#include "matcher_impl.h"
#include "outfile.h"

#define NONE UINT32_MAX

/* A section being prepared: its bytes (owned when own is set) and their number. */
typedef struct wsection {
    const void *data;
    uint64_t len;
    bool own;
} wsection;

typedef struct writer {
    const eg_dict *d;
    eg_error *err;
    char *str; /* the strings section */
    size_t n_str, cap_str;
    const char *paths[64]; /* definition paths already stored (pointers: the dictionary interns them) */
    uint32_t path_off[64];
    size_t n_paths;
} writer;

/* Appends s[0..n) and a NUL to the strings; *off gets its offset. */
static eg_status put_str(writer *w, const char *s, size_t n, uint32_t *off)
{
    if (w->n_str + n + 1 > (size_t)NONE - 1)
        return eg_error_set(w->err, EG_ERR_LIMIT, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS,
                            "the dictionary's strings exceed 4 GiB, the compiled format's limit");
    if (eg_grow((void **)&w->str, &w->cap_str, w->n_str + n + 1, 1))
        return eg_error_nomem(w->err);
    memcpy(w->str + w->n_str, s, n);
    w->str[w->n_str + n] = '\0';
    *off = (uint32_t)w->n_str;
    w->n_str += n + 1;
    return EG_OK;
}

static eg_status put_cstr(writer *w, const char *s, uint32_t *off)
{
    if (!s) {
        *off = NONE;
        return EG_OK;
    }
    return put_str(w, s, strlen(s), off);
}

/* A definition path, stored once per distinct pointer (the first 64 of them; others are stored each time). */
static eg_status put_path(writer *w, const char *path, uint32_t *off)
{
    for (size_t i = w->n_paths; path && i-- > 0;)
        if (w->paths[i] == path) {
            *off = w->path_off[i];
            return EG_OK;
        }
    eg_status st = put_cstr(w, path, off);
    if (st == EG_OK && path && w->n_paths < sizeof w->paths / sizeof w->paths[0]) {
        w->paths[w->n_paths] = path;
        w->path_off[w->n_paths++] = *off;
    }
    return st;
}

/* The dictionary's sections: strings, types, entities, attributes, aliases. */
static eg_status write_dict_sections(writer *w, wsection *sec, uint64_t *counts)
{
    const eg_dict *d = w->d;
    size_t n_ents = eg_dict_n_defined(d), n_aliases = eg_dict_n_aliases(d), n_attrs = 0;
    const char **types = NULL;
    uint32_t *type_off = NULL;
    size_t n_types = 0, cap_types = 0, cap_type_off = 0;
    uint8_t *ents = NULL, *attrs = NULL, *aliases = NULL;
    eg_status st = EG_OK;
    for (size_t e = 0; e < n_ents; e++)
        n_attrs += eg_dict_entity(d, (uint32_t)e)->n_attrs;
    if (!(ents = eg_malloc((n_ents ? n_ents : 1) * ENTITY_SIZE)) ||
        !(attrs = eg_malloc((n_attrs ? n_attrs : 1) * 8)) ||
        !(aliases = eg_malloc((n_aliases ? n_aliases : 1) * ALIAS_SIZE))) {
        st = eg_error_nomem(w->err);
        goto done;
    }
    for (size_t e = 0, a = 0; e < n_ents; e++) {
        const eg_entity *ent = eg_dict_entity(d, (uint32_t)e);
        size_t t = 0, line;
        while (t < n_types && types[t] != ent->type)
            t++;
        if (t == n_types) { /* types are interned: one pointer each, in the order entities first use them */
            if (eg_grow((void **)&types, &cap_types, n_types + 1, sizeof *types) ||
                eg_grow((void **)&type_off, &cap_type_off, n_types + 1, sizeof *type_off)) {
                st = eg_error_nomem(w->err);
                goto done;
            }
            types[n_types] = ent->type;
            if ((st = put_cstr(w, ent->type, &type_off[n_types])))
                goto done;
            n_types++;
        }
        const char *path = eg_dict_entity_source(d, (uint32_t)e, &line);
        uint32_t f[10];
        if ((st = put_cstr(w, ent->id, &f[0])) || (st = put_cstr(w, ent->label, &f[2])) ||
            (st = put_cstr(w, ent->country, &f[3])) || (st = put_cstr(w, ent->wikidata, &f[4])) ||
            (st = put_cstr(w, ent->roles, &f[5])) || (st = put_path(w, path, &f[6])))
            goto done;
        f[1] = (uint32_t)t;
        f[7] = line < NONE ? (uint32_t)line : NONE - 1;
        f[8] = (uint32_t)a;
        f[9] = (uint32_t)ent->n_attrs;
        for (size_t k = 0; k < ent->n_attrs; k++, a++) {
            uint32_t name, value;
            if ((st = put_cstr(w, ent->attr_names[k], &name)) || (st = put_cstr(w, ent->attr_values[k], &value)))
                goto done;
            put32(attrs + a * 8, name);
            put32(attrs + a * 8 + 4, value);
        }
        for (int k = 0; k < 10; k++)
            put32(ents + e * ENTITY_SIZE + 4 * (size_t)k, f[k]);
    }
    for (size_t i = 0; i < n_aliases; i++) {
        const eg_alias *al = eg_dict_alias(d, (uint32_t)i);
        uint32_t key, text;
        if ((st = put_str(w, al->key, al->key_len, &key)))
            goto done;
        text = key; /* most aliases are their own key; the dictionary shares the string then */
        if (al->text != al->key && (st = put_str(w, al->text, al->len, &text)))
            goto done;
        uint32_t f[6] = {text, (uint32_t)al->len, key, (uint32_t)al->key_len, al->entity, al->flags};
        for (int k = 0; k < 6; k++)
            put32(aliases + i * ALIAS_SIZE + 4 * (size_t)k, f[k]);
    }
    if (w->n_str == 0 && (st = put_str(w, "", 0, &(uint32_t){0}))) /* the section ends with a NUL */
        goto done;
    sec[S_TYPES] = (wsection){type_off, n_types * 4, true};
    sec[S_ENTITIES] = (wsection){ents, n_ents * ENTITY_SIZE, true};
    sec[S_ATTRS] = (wsection){attrs, n_attrs * 8, true};
    sec[S_ALIASES] = (wsection){aliases, n_aliases * ALIAS_SIZE, true};
    sec[S_STRINGS] = (wsection){w->str, w->n_str, false};
    counts[C_STRING_BYTES] = w->n_str;
    counts[C_TYPES] = n_types;
    counts[C_ENTITIES] = n_ents;
    counts[C_ATTRS] = n_attrs;
    counts[C_ALIASES] = n_aliases;
    type_off = NULL;
    ents = attrs = aliases = NULL;
done:
    free(types);
    free(type_off);
    free(ents);
    free(attrs);
    free(aliases);
    return st;
}

static eg_status write_all(eg_outfile *of, const uint8_t *header, const wsection *sec, eg_error *err)
{
    static const uint8_t zeros[SECTION_ALIGN];
    uint64_t at = HEADER_SIZE;
    if (fwrite(header, 1, HEADER_SIZE, of->fp) != HEADER_SIZE)
        return eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing %s: %s", of->path,
                            strerror(errno));
    for (int s = 0; s < N_SECTIONS; s++) {
        size_t pad = (size_t)(-at & (SECTION_ALIGN - 1));
        if ((pad && fwrite(zeros, 1, pad, of->fp) != pad) ||
            (sec[s].len && fwrite(sec[s].data, 1, (size_t)sec[s].len, of->fp) != sec[s].len))
            return eg_error_set(err, EG_ERR_IO, NULL, EG_NO_POS, EG_NO_POS, EG_NO_POS, "writing %s: %s",
                                of->path, strerror(errno));
        at += pad + sec[s].len;
    }
    return EG_OK;
}

eg_status eg_dict_compiled_write(const eg_dict *d, const eg_matcher *m, const char *path, eg_error *err)
{
    writer w = {.d = d, .err = err};
    wsection sec[N_SECTIONS] = {{0}};
    uint64_t counts[N_COUNTS] = {0};
    uint8_t header[HEADER_SIZE] = {0};
    eg_outfile of = {0};
    eg_status st;
    if ((st = write_dict_sections(&w, sec, counts)))
        goto done;
    sec[S_PAT_LEN] = (wsection){m->pat_len, m->n_patterns * 4, false};
    sec[S_PAT_FLAGS] = (wsection){m->pat_flags, m->n_patterns, false};
    sec[S_PAT_ALIAS_START] = (wsection){m->pat_alias_start, (m->n_patterns + 1) * 4, false};
    sec[S_PAT_ALIASES] = (wsection){m->pat_aliases, counts[C_ALIASES] * 4, false};
    sec[S_STATES] = (wsection){m->states, m->n_states * sizeof(ac_state), false};
    sec[S_PAT_NEXT] = (wsection){m->pat_next, m->n_patterns * 4, false};
    sec[S_EDGE_BYTE] = (wsection){m->edge_byte, m->n_edges, false};
    sec[S_EDGE_NEXT] = (wsection){m->edge_next, m->n_edges * 4, false};
    sec[S_ROOT_NEXT] = (wsection){m->root_next, sizeof m->root_next, false};
    sec[S_DEPTH1_NEXT] = (wsection){m->depth1_next, (uint64_t)m->n_depth1 * 256 * 4, false};
    counts[C_PATTERNS] = m->n_patterns;
    counts[C_STATES] = m->n_states;
    counts[C_EDGES] = m->n_edges;
    counts[C_DEPTH1] = m->n_depth1;

    memcpy(header + H_MAGIC, egd_magic, sizeof egd_magic);
    put32(header + H_VERSION, EG_DICT_COMPILED_VERSION);
    put32(header + H_ORDER, BYTE_ORDER_MARK);
    put32(header + H_HEADER_SIZE, HEADER_SIZE);
    put32(header + H_N_SECTIONS, N_SECTIONS);
    put32(header + H_STATE_SIZE, sizeof(ac_state));
    for (int c = 0; c < N_COUNTS; c++)
        put64(header + H_COUNTS + 8 * c, counts[c]);
    uint64_t at = HEADER_SIZE;
    for (int s = 0; s < N_SECTIONS; s++) {
        uint8_t *e = header + FIXED_SIZE + ENTRY_SIZE * s;
        at += -at & (SECTION_ALIGN - 1);
        put32(e, (uint32_t)s + 1);
        put32(e + 4, egd_record_size[s]);
        put64(e + 8, at);
        put64(e + 16, sec[s].len);
        put64(e + 24, egd_xxh64(sec[s].data, (size_t)sec[s].len));
        at += sec[s].len;
    }
    put64(header + H_FILE_SIZE, at);
    put64(header + H_CHECKSUM, egd_xxh64(header, HEADER_SIZE));

    if ((st = eg_outfile_open(&of, path, err)) || (st = write_all(&of, header, sec, err)) ||
        (st = eg_outfile_commit(&of, err)))
        goto done;
done:
    eg_outfile_abort(&of);
    for (int s = 0; s < N_SECTIONS; s++)
        if (sec[s].own)
            free((void *)sec[s].data);
    free(w.str);
    return st;
}

