/*
 * discover: tokens, the name lexicon and the person rules of discover.h.
 * Invariant: a lexicon's table is at most half full; names are stored once per kind in one buffer.
 */
#include "discover.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "dict.h"
#include "error.h"
#include "normalize.h"

/* ---- lexicon ------------------------------------------------------------------------------------- */

typedef struct lex_slot {
    size_t off;   /* into names; the name is NUL-terminated there */
    uint32_t len;
    uint32_t kind; /* 1 given, 2 family; 0 empty */
} lex_slot;

struct eg_lexicon {
    char *names;
    size_t n_names_bytes, cap_names;
    lex_slot *slots;
    size_t n, cap; /* cap is a power of two */
};

static uint64_t hash_name(const char *s, size_t len, unsigned kind)
{
    uint64_t h = 1469598103934665603ULL ^ kind;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static lex_slot *lex_find(const eg_lexicon *lex, unsigned kind, const char *s, size_t len)
{
    if (!lex->cap)
        return NULL;
    size_t i = hash_name(s, len, kind) & (lex->cap - 1);
    for (;; i = (i + 1) & (lex->cap - 1)) {
        lex_slot *sl = &lex->slots[i];
        if (!sl->kind || (sl->kind == kind && sl->len == len && memcmp(lex->names + sl->off, s, len) == 0))
            return sl;
    }
}

static eg_status lex_add(eg_lexicon *lex, unsigned kind, const char *s, size_t len)
{
    if ((lex->n + 1) * 2 > lex->cap) {
        size_t ncap = lex->cap ? lex->cap * 2 : 1024;
        lex_slot *ns = eg_calloc(ncap, sizeof *ns);
        if (!ns)
            return EG_ERR_NOMEM;
        for (size_t i = 0; i < lex->cap; i++) {
            if (!lex->slots[i].kind)
                continue;
            size_t j = hash_name(lex->names + lex->slots[i].off, lex->slots[i].len, lex->slots[i].kind) &
                       (ncap - 1);
            while (ns[j].kind)
                j = (j + 1) & (ncap - 1);
            ns[j] = lex->slots[i];
        }
        free(lex->slots);
        lex->slots = ns;
        lex->cap = ncap;
    }
    lex_slot *sl = lex_find(lex, kind, s, len);
    if (sl->kind)
        return EG_OK;
    if (eg_grow((void **)&lex->names, &lex->cap_names, lex->n_names_bytes + len + 1, 1))
        return EG_ERR_NOMEM;
    memcpy(lex->names + lex->n_names_bytes, s, len);
    lex->names[lex->n_names_bytes + len] = '\0';
    *sl = (lex_slot){.off = lex->n_names_bytes, .len = (uint32_t)len, .kind = kind};
    lex->n_names_bytes += len + 1;
    lex->n++;
    return EG_OK;
}

void eg_lexicon_free(eg_lexicon *lex)
{
    if (!lex)
        return;
    free(lex->names);
    free(lex->slots);
    free(lex);
}

bool eg_lexicon_has(const eg_lexicon *lex, bool family, const char *s, size_t len)
{
    if (!lex)
        return false;
    const lex_slot *sl = lex_find(lex, family ? 2 : 1, s, len);
    return sl && sl->kind;
}

eg_status eg_lexicon_load_buffer(const char *name, const char *data, size_t len, eg_lexicon **out,
                                 eg_error *err)
{
    *out = NULL;
    eg_lexicon *lex = eg_calloc(1, sizeof *lex);
    if (!lex)
        return eg_error_nomem(err);
    size_t line = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
        line++;
        size_t le = e;
        if (le > i && data[le - 1] == '\r')
            le--;
        const char *s = data + i;
        size_t n = le - i;
        size_t next = e < len ? e + 1 : e;
        if (n == 0 || s[0] == '#') {
            i = next;
            continue;
        }
        const char *tab = memchr(s, '\t', n);
        unsigned kind = 0;
        if (tab && tab - s == 5 && memcmp(s, "given", 5) == 0)
            kind = 1;
        else if (tab && tab - s == 6 && memcmp(s, "family", 6) == 0)
            kind = 2;
        if (!kind || (size_t)(tab - s) + 1 >= n) {
            eg_lexicon_free(lex);
            return eg_error_set(err, EG_ERR_PARSE, name, line, 1, (size_t)(s - data),
                                "expected 'given<TAB>NAME' or 'family<TAB>NAME'");
        }
        const char *nm = tab + 1;
        size_t nlen = n - (size_t)(nm - s);
        if (utf8proc_decompose((const utf8proc_uint8_t *)nm, (utf8proc_ssize_t)nlen, NULL, 0, 0) < 0) {
            eg_lexicon_free(lex);
            return eg_error_set(err, EG_ERR_UTF8, name, line, (size_t)(nm - s) + 1, (size_t)(nm - data),
                                "name is not valid UTF-8");
        }
        if (lex_add(lex, kind, nm, nlen) != EG_OK) {
            eg_lexicon_free(lex);
            return eg_error_nomem(err);
        }
        i = next;
    }
    *out = lex;
    return EG_OK;
}

eg_status eg_lexicon_load_file(const char *path, eg_lexicon **out, eg_error *err)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return eg_error_set(err, EG_ERR_IO, path, EG_NO_POS, EG_NO_POS, EG_NO_POS, "cannot open the lexicon");
    char *data = NULL;
    size_t n = 0, cap = 0;
    eg_status st = EG_OK;
    for (;;) {
        if ((st = eg_grow((void **)&data, &cap, n + 65536, 1))) {
            st = eg_error_nomem(err);
            break;
        }
        size_t k = fread(data + n, 1, cap - n, fp);
        n += k;
        if (k == 0) {
            if (ferror(fp))
                st = eg_error_set(err, EG_ERR_IO, path, EG_NO_POS, EG_NO_POS, n, "read error");
            break;
        }
    }
    fclose(fp);
    if (st == EG_OK)
        st = eg_lexicon_load_buffer(path, data, n, out, err);
    free(data);
    return st;
}

/* ---- tokens -------------------------------------------------------------------------------------- */

static bool is_hspace(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x202F || cp == 0x2009;
}

/* utf8proc's category, with ASCII letters and digits answered without the property look-up (they are most
 * of the characters of English text). */
static utf8proc_category_t category_of(int32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return UTF8PROC_CATEGORY_LL;
    if (cp >= 'A' && cp <= 'Z')
        return UTF8PROC_CATEGORY_LU;
    if (cp >= '0' && cp <= '9')
        return UTF8PROC_CATEGORY_ND;
    return utf8proc_category(cp);
}

static bool is_upper_cp(int32_t cp)
{
    utf8proc_category_t c = category_of(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* Abbreviated titles whose period does not break a name run. */
static bool is_title_abbrev(const char *s, size_t len)
{
    static const char *const abbr[] = {"Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Col",
                                       "Lt", "Capt", "Sgt", "Adm", "Maj", "Rev", "Supt", "Insp", "Cmdr", NULL};
    for (size_t i = 0; abbr[i]; i++)
        if (len > 0 && abbr[i][0] == s[0] && strlen(abbr[i]) == len && memcmp(abbr[i], s, len) == 0)
            return true;
    return false;
}

/* ASCII word characters by case (bits, so that a word's can be or-ed): lower- and upper-case letters, the
 * other word characters (digits, '_'), and ASCII_NOT_WORD for the rest. */
enum { ASCII_NOT_WORD = 0, ASCII_LOWER = 1, ASCII_UPPER = 2, ASCII_OTHER = 4 };
#define AK(b)                                                                                                \
    ((b) >= 'a' && (b) <= 'z'                      ? ASCII_LOWER                                           \
     : (b) >= 'A' && (b) <= 'Z'                    ? ASCII_UPPER                                           \
     : ((b) >= '0' && (b) <= '9') || (b) == '_' ? ASCII_OTHER                                           \
                                                   : ASCII_NOT_WORD)
#define AK4(b) AK(b), AK((b) + 1), AK((b) + 2), AK((b) + 3)
#define AK16(b) AK4(b), AK4((b) + 4), AK4((b) + 8), AK4((b) + 12)
static const uint8_t ascii_kind[128] = {AK16(0),  AK16(16), AK16(32), AK16(48),
                                        AK16(64), AK16(80), AK16(96), AK16(112)};
#undef AK16
#undef AK4
#undef AK

/* What a word's characters say: its flags so far (case of the first letter, hyphen), whether it has lower-
 * and upper-case letters, and how many letters. */
typedef struct word_shape {
    unsigned flags;
    bool has_lower, has_upper;
    size_t n_letters;
} word_shape;

/* Most words are ASCII letters and digits followed by an ASCII byte that cannot join them to more: their
 * shape follows from the bytes. Returns the end of the word starting at text[i] (an ASCII word character),
 * or 0 when the general scan must read it (a hyphen, an apostrophe or a non-ASCII byte follows). */
static size_t ascii_word(const char *text, size_t len, size_t i, word_shape *w)
{
    uint8_t kinds = 0;
    size_t j = i, letters = 0;
    for (; j < len && (unsigned char)text[j] < 0x80; j++) {
        uint8_t kd = ascii_kind[(unsigned char)text[j]];
        if (kd == ASCII_NOT_WORD)
            break;
        kinds |= kd;
        letters += kd != ASCII_OTHER;
    }
    unsigned char after = j < len ? (unsigned char)text[j] : 0;
    if (j < len && (after >= 0x80 || after == '-' || after == '\''))
        return 0;
    uint8_t kind0 = ascii_kind[(unsigned char)text[i]];
    w->flags = kind0 == ASCII_UPPER ? EG_TOK_CAP : kind0 == ASCII_LOWER ? EG_TOK_LOWER : 0;
    w->has_lower = (kinds & ASCII_LOWER) != 0;
    w->has_upper = (kinds & ASCII_UPPER) != 0;
    w->n_letters = letters;
    return j;
}

/* The word starting at text[i], whose first character cp takes k bytes: any characters, inner hyphens and
 * apostrophes (not a possessive 's at the end). Returns its end. */
static size_t general_word(const char *text, size_t len, size_t i, int32_t cp, size_t k, word_shape *w)
{
    bool first = true;
    for (;;) {
        if (cp >= 0 && eg_is_word_char(cp)) {
            utf8proc_category_t c = category_of(cp);
            if (c == UTF8PROC_CATEGORY_LL)
                w->has_lower = true;
            if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT)
                w->has_upper = true;
            if (c <= UTF8PROC_CATEGORY_LO && c >= UTF8PROC_CATEGORY_LU)
                w->n_letters++;
            if (first) {
                if (is_upper_cp(cp))
                    w->flags |= EG_TOK_CAP;
                else if (c == UTF8PROC_CATEGORY_LL)
                    w->flags |= EG_TOK_LOWER;
                first = false;
            }
            i += k;
        } else if (cp == '-' || cp == '\'' || cp == 0x2019 || cp == 0x2010 || cp == 0x2011) {
            /* Inner hyphen or apostrophe, but not a possessive 's at the end of the word. */
            int32_t nx;
            size_t k2 = i + k < len ? eg_utf8_decode(text, len, i + k, &nx) : 0;
            if (!k2 || nx < 0 || !eg_is_word_char(nx))
                break;
            if (cp != '-' && cp != 0x2010 && cp != 0x2011 && (nx == 's' || nx == 'S')) {
                int32_t nn = -1;
                if (i + k + k2 >= len ||
                    (eg_utf8_decode(text, len, i + k + k2, &nn), nn < 0 || !eg_is_word_char(nn)))
                    break;
            }
            if (cp == '-' || cp == 0x2010 || cp == 0x2011)
                w->flags |= EG_TOK_HYPHEN;
            i += k;
        } else {
            break;
        }
        if (i >= len)
            break;
        k = eg_utf8_decode(text, len, i, &cp);
    }
    return i;
}

eg_status eg_tokenize(const char *text, size_t len, eg_token_vec *out, eg_error *err)
{
    out->n = 0;
    size_t i = 0;
    size_t prev_end = 0;
    bool have_prev = false;
    while (i < len) {
        int32_t cp;
        size_t k = eg_utf8_decode(text, len, i, &cp);
        if (cp < 0 || !eg_is_word_char(cp)) {
            i += k;
            continue;
        }
        size_t start = i;
        word_shape w = {0};
        size_t end = cp < 0x80 ? ascii_word(text, len, i, &w) : 0;
        i = end ? end : general_word(text, len, i, cp, k, &w);
        if (i - start > UINT32_MAX) { /* no token (eg_token); nothing is glued to it */
            have_prev = false;
            continue;
        }
        if (!w.has_lower && w.has_upper)
            w.flags = (w.flags & ~EG_TOK_CAP) | EG_TOK_UPPER;
        else if (!w.has_lower)
            w.flags &= ~EG_TOK_CAP;
        bool dot = i < len && text[i] == '.';
        if (dot)
            w.flags |= EG_TOK_DOT;
        if (dot && w.n_letters == 1 && w.has_upper && i - start <= 4)
            w.flags |= EG_TOK_INITIAL;
        if (have_prev) {
            const eg_token *p = &out->items[out->n - 1];
            size_t g = prev_end;
            if ((p->flags & EG_TOK_DOT) &&
                ((p->flags & EG_TOK_INITIAL) || is_title_abbrev(text + p->start, p->len)))
                g++;
            bool glue = g < start;
            while (g < start) {
                int32_t c2;
                size_t k3 = eg_utf8_decode(text, len, g, &c2);
                if (!is_hspace(c2)) {
                    glue = false;
                    break;
                }
                g += k3;
            }
            if (glue)
                w.flags |= EG_TOK_GLUE;
        }
        if (out->n == out->cap && eg_grow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items))
            return eg_error_nomem(err);
        out->items[out->n++] = (eg_token){.start = start, .len = (uint32_t)(i - start), .flags = w.flags};
        prev_end = i;
        have_prev = true;
    }
    return EG_OK;
}

/* ---- word lists ---------------------------------------------------------------------------------- */

static bool in_list(const char *const *list, const char *s, size_t len)
{
    /* The first byte rules out most words before their length is taken. */
    for (size_t i = 0; list[i]; i++)
        if (len > 0 && list[i][0] == s[0] && strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
            return true;
    return false;
}

/* A word list with a hash index, made on first use by whichever thread asks first and published
 * atomically (a thread that loses the race frees its copy); it never changes after. Without memory for
 * the index the list is searched in order. */
enum { WORD_SET_SLOTS = 1024 }; /* a power of two, over three times the longest list */

typedef struct word_set {
    const char *const *words; /* NULL-terminated, fewer than WORD_SET_SLOTS / 3 */
    _Atomic(uint16_t *) index; /* per slot 1 + word number, 0 when free */
} word_set;

static size_t word_slot(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h & (WORD_SET_SLOTS - 1);
}

static const uint16_t *word_index(word_set *ws)
{
    uint16_t *ix = atomic_load_explicit(&ws->index, memory_order_acquire);
    if (ix)
        return ix;
    uint16_t *mine = eg_calloc(WORD_SET_SLOTS, sizeof *mine);
    if (!mine)
        return NULL;
    for (size_t i = 0; ws->words[i]; i++) {
        size_t k = word_slot(ws->words[i], strlen(ws->words[i]));
        while (mine[k])
            k = (k + 1) & (WORD_SET_SLOTS - 1);
        mine[k] = (uint16_t)(i + 1);
    }
    uint16_t *expected = NULL;
    if (atomic_compare_exchange_strong_explicit(&ws->index, &expected, mine, memory_order_acq_rel,
                                                memory_order_acquire))
        return mine;
    free(mine);
    return expected;
}

static bool in_set(word_set *ws, const char *s, size_t len)
{
    const uint16_t *ix = word_index(ws);
    if (!ix)
        return in_list(ws->words, s, len);
    for (size_t k = word_slot(s, len); ix[k]; k = (k + 1) & (WORD_SET_SLOTS - 1)) {
        const char *w = ws->words[ix[k] - 1];
        if (strncmp(w, s, len) == 0 && w[len] == '\0')
            return true;
    }
    return false;
}

static const char *const title_words[] = {
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady", "President",
    "Vice-President", "Minister", "Premier", "Chancellor", "Secretary", "Senator", "Sen", "Rep",
    "Representative", "Congressman", "Congresswoman", "Gov", "Governor", "Mayor", "Ambassador", "Envoy",
    "Judge", "Justice", "General", "Gen", "Col", "Colonel", "Lt", "Lieutenant", "Capt", "Captain", "Sgt",
    "Sergeant", "Adm", "Admiral", "Maj", "Major", "Commander", "Commissioner", "King", "Queen", "Prince",
    "Princess", "Pope", "Cardinal", "Archbishop", "Bishop", "Rev", "Reverend", "Rabbi", "Imam", "Ayatollah",
    "Sheikh", "Chairman", "Chairwoman", "Chairperson", "Coach", "Speaker", "Advisor", "Adviser", "Negotiator",
    "Spokesman", "Spokeswoman", "Inspector", "Detective", "Officer", "Supt", "Insp", "Cmdr", "Emperor",
    "Sultan", "Emir", "Crown", NULL};

static const char *const trigger_words[] = {
    "president", "minister", "secretary", "spokesman", "spokeswoman", "chairman", "chairwoman", "coach",
    "striker", "captain", "midfielder", "defender", "goalkeeper", "keeper", "manager", "leader", "premier",
    "chancellor", "ambassador", "envoy", "senator", "governor", "mayor", "judge", "negotiator", "adviser",
    "advisor", "deputy", "driver", "rider", "batsman", "bowler", "all-rounder", "spinner", "off-spinner",
    "leg-spinner", "opener", "forward", "winger", "skipper", "champion", "seed", "boss", "lawyer", "attorney",
    "prosecutor", "teammate", "compatriot", "countryman", "veteran", "newcomer", "pitcher", "quarterback",
    "playmaker", "sprinter", "swimmer", "chief", "director", "founder", "dictator", "tycoon", "novelist",
    "author", "actor", "actress", "singer", "journalist", "correspondent", "photographer", "referee",
    "umpire", "substitute", "international", "dissident", "cleric", "commander", "colonel", "general",
    "sergeant", "lieutenant", "inspector", "detective", "officer", "candidate", "challenger", "incumbent",
    "rival", "opponent", "partner", "husband", "wife", "son", "daughter", "brother", "sister", "father",
    "mother", "uncle", "widow", NULL};

/* Last words of organisation and place names: a run ending in one is not a person. */
static const char *const head_words[] = {
    "Road", "Street", "St", "Avenue", "Ave", "Square", "Park", "Bridge", "River", "Lake", "Island", "Islands",
    "Valley", "County", "City", "Town", "Hill", "Hills", "Mountain", "Mountains", "Bay", "Beach", "Airport",
    "Station", "Stadium", "Arena", "Ground", "Oval", "Hotel", "Hospital", "Center", "Centre", "University",
    "College", "School", "Institute", "Academy", "Church", "Cathedral", "Mosque", "Temple", "Palace", "House",
    "Hall", "Tower", "Bank", "Party", "Group", "Inc", "Corp", "Co", "Ltd", "Plc", "PLC", "LLC", "AG", "SA",
    "NV", "Company", "Corporation", "Holdings", "Industries", "International", "Systems", "Technologies",
    "Securities", "Capital", "Partners", "Associates", "Fund", "Trust", "Foundation", "Association",
    "Federation", "Union", "Council", "Committee", "Commission", "Ministry", "Department", "Agency", "Office",
    "Board", "Court", "Embassy", "Consulate", "Mission", "Army", "Navy", "Force", "Forces", "Police", "Club", "United", "City", "Rovers",
    "Athletic", "Wanderers", "Cup", "Open", "Trophy", "Prize", "Award", "Awards", "Championship",
    "Championships", "Games", "League", "Series", "Tour", "Classic", "Grand", "News", "Times", "Post",
    "Journal", "Herald", "Telegraph", "Tribune", "Gazette", "Magazine", "Press", "Radio", "Television", "TV",
    "Airlines", "Airways", "Motors", "Motor", "Pictures", "Records", "Studios", "Energy", "Oil", "Gas",
    "Steel", "Electric", "Electronics", "Pharmaceuticals", "Foods", "Stores", "Market", "Exchange", "Index",
    "Reserve", "Treasury", "Congress", "Parliament", "Senate", "Assembly", "Government", "Administration",
    "Republic", "Kingdom", "Empire", "State", "States", "Province", "Region", "District", "Airport",
    "Festival", "Museum", "Gallery", "Theatre", "Theater", "Prison", "Jail", "Camp", "Base", "Port", "Harbour",
    "Harbor", "Canal", "Sea", "Ocean", "Gulf", "Strait", "Peninsula", "Desert", "Forest", "Coast", "Democrats",
    "Republicans", "Socialists", "Communists", "Front", "Movement", "Alliance", "Coalition", "Day", "Week",
    "Act", "Law", "Treaty", "Accord", "Plan", "Project", "Program", "Programme", "Report", "Review",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", NULL};

static const char *const particles[] = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della",
                                        "la", "le", "bin", "ibn", "al", "dos", "das", "ter", NULL};

static word_set title_set = {title_words, NULL}, trigger_set = {trigger_words, NULL},
                head_set = {head_words, NULL}, particle_set = {particles, NULL};

bool eg_is_title_word(const char *s, size_t len)
{
    return in_set(&title_set, s, len);
}

/* ---- people -------------------------------------------------------------------------------------- */

static bool tok_is(const char *text, const eg_token *t, word_set *set)
{
    return in_set(set, text + t->start, t->len);
}

static bool name_token(const eg_token *t)
{
    return (t->flags & (EG_TOK_CAP | EG_TOK_INITIAL)) != 0;
}

static eg_status add_span(eg_name_vec *out, const eg_token *toks, size_t a, size_t b, eg_name_why why,
                          eg_error *err)
{
    if (eg_grow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items))
        return eg_error_nomem(err);
    out->items[out->n++] = (eg_name_span){.start = toks[a].start, .end = eg_token_end(&toks[b - 1]), .tok = a,
                                          .n_tok = b - a, .why = why};
    return EG_OK;
}

/* Is tokens [a, b) a plausible person name: capitalised, no title word inside, not ending in a head word
 * or an initial? */
static bool plausible(const char *text, const eg_token *t, size_t a, size_t b)
{
    if (b <= a || !(t[a].flags & EG_TOK_CAP) || !(t[b - 1].flags & EG_TOK_CAP))
        return false;
    if (tok_is(text, &t[b - 1], &head_set))
        return false;
    for (size_t i = a; i < b; i++)
        if (tok_is(text, &t[i], &title_set))
            return false;
    return true;
}

eg_status eg_discover_people(const eg_lexicon *lex, const char *text, const eg_token_vec *tv, eg_name_vec *out,
                             eg_error *err)
{
    out->n = 0;
    const eg_token *t = tv->items;
    size_t n = tv->n;
    for (size_t i = 0; i < n;) {
        if (!name_token(&t[i])) {
            i++;
            continue;
        }
        /* The run [i, j): glued name tokens, with particles between two of them. */
        size_t j = i + 1;
        while (j < n && (t[j].flags & EG_TOK_GLUE)) {
            if (name_token(&t[j])) {
                j++;
            } else if (tok_is(text, &t[j], &particle_set) && j + 1 < n && (t[j + 1].flags & EG_TOK_GLUE) &&
                       (t[j + 1].flags & EG_TOK_CAP)) {
                j += 2;
            } else {
                break;
            }
        }
        eg_status st = EG_OK;
        size_t last_title = SIZE_MAX;
        for (size_t k = i; k < j; k++)
            if (tok_is(text, &t[k], &title_set))
                last_title = k;
        bool trigger = i > 0 && (t[i].flags & EG_TOK_GLUE) && (t[i - 1].flags & EG_TOK_LOWER) &&
                       tok_is(text, &t[i - 1], &trigger_set);
        if (last_title != SIZE_MAX) {
            size_t a = last_title + 1;
            if (j - a >= 1 && j - a <= 3 && plausible(text, t, a, j))
                st = add_span(out, t, a, j, EG_NAME_TITLE, err);
        } else if (trigger && j - i <= 3 && plausible(text, t, i, j)) {
            st = add_span(out, t, i, j, EG_NAME_TRIGGER, err);
        } else if (j - i <= 3 && (t[i].flags & EG_TOK_INITIAL) && (t[j - 1].flags & EG_TOK_CAP) &&
                   (t[j - 2].flags & EG_TOK_INITIAL) && (t[i].start == 0 || text[t[i].start - 1] != '.') &&
                   (i == 0 || !(t[i].flags & EG_TOK_GLUE) || !(t[i - 1].flags & EG_TOK_CAP)) &&
                   plausible(text, t, j - 1, j)) {
            /* Initials and a surname: "A. Dale", "J. R. Smith" (not "U.S. Open": no period before). */
            st = add_span(out, t, i, j, EG_NAME_GIVEN, err);
        } else {
            for (size_t k = i; k + 1 < j; k++) {
                const char *s = text + t[k].start;
                size_t len = t[k].len;
                bool given = (t[k].flags & EG_TOK_CAP) && eg_lexicon_has(lex, false, s, len);
                bool korean = (t[k].flags & EG_TOK_CAP) && eg_lexicon_has(lex, true, s, len) &&
                              (t[k + 1].flags & EG_TOK_HYPHEN) && (t[k + 1].flags & EG_TOK_CAP);
                if (korean) {
                    if (plausible(text, t, k, k + 2))
                        st = add_span(out, t, k, k + 2, EG_NAME_GIVEN, err);
                    break;
                }
                if (given) {
                    if (j - k >= 2 && j - k <= 4 && plausible(text, t, k, j))
                        st = add_span(out, t, k, j, EG_NAME_GIVEN, err);
                    break;
                }
            }
        }
        if (st)
            return st;
        i = j;
    }
    return EG_OK;
}

eg_status eg_lexicon_add_dict_people(eg_lexicon *lex, const eg_dict *dict, eg_error *err)
{
    eg_token_vec tv = {0};
    eg_status st = EG_OK;
    size_t n = eg_dict_n_aliases(dict);
    for (uint32_t a = 0; a < n && st == EG_OK; a++) {
        const eg_alias *al = eg_dict_alias(dict, a);
        if (al->flags & EG_ALIAS_SHORT)
            continue;
        const eg_entity *e = eg_dict_entity(dict, al->entity);
        if (strcmp(e->type, "person") != 0)
            continue;
        if ((st = eg_tokenize(al->text, al->len, &tv, err)))
            break;
        if (tv.n < 2 || tv.n > 3)
            continue;
        bool ok = true;
        for (size_t i = 0; i < tv.n; i++)
            if (!(tv.items[i].flags & EG_TOK_CAP) || (i > 0 && !(tv.items[i].flags & EG_TOK_GLUE)))
                ok = false;
        const char *s = al->text + tv.items[0].start;
        size_t len = tv.items[0].len;
        static const char *const common[] = {"The", "And", "For", "But", "Not", "Her", "His", "Our", "Its",
                                             "New", "Old", "San", "Los", "Las", "Saint", "Mount", NULL};
        /* Two-letter words ("To" of "To Lam") are too often ordinary words to be evidence. */
        if (!ok || len < 3 || in_set(&title_set, s, len) || in_set(&head_set, s, len) ||
            in_list(common, s, len))
            continue;
        if (lex_add(lex, 1, s, len) != EG_OK)
            st = eg_error_nomem(err);
    }
    eg_token_vec_destroy(&tv);
    return st;
}

void eg_token_vec_destroy(eg_token_vec *v)
{
    if (!v)
        return;
    free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}

void eg_name_vec_destroy(eg_name_vec *v)
{
    if (!v)
        return;
    free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}
