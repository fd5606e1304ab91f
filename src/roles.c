/*
 * roles: pattern-based role attachment, dated role holders and the run-wide role counter (see roles.h).
 * Invariants: res->mentions stay in text order (role-holder mentions are inserted in place); every
 * attachment names a person entity and a role entity; the counter's hash table is at most half full.
 */
#include "roles.h"

#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "error.h"

#define GAP_MAX 80 /* longer gaps between two mentions never form a pattern */

typedef enum kind { K_OTHER = 0, K_PERSON, K_ROLE, K_SCOPE } kind;

static kind mention_kind(const eg_dict *dict, const eg_mention *m)
{
    const char *t = eg_dict_entity(dict, m->entity)->type;
    if (strcmp(t, "person") == 0)
        return K_PERSON;
    if (strcmp(t, "role") == 0)
        return K_ROLE;
    if (strcmp(t, "country") == 0 || strcmp(t, "organization") == 0)
        return K_SCOPE;
    return K_OTHER;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The bytes text[a..b) with white space runs collapsed to one space, trimmed, ’ as ', into buf; false when
 * the gap is too long or holds a line break after another one (a blank line). */
static bool gap_text(const char *text, size_t a, size_t b, char *buf)
{
    size_t n = 0;
    if (b < a || b - a > GAP_MAX)
        return false;
    bool space = false;
    int newlines = 0;
    for (size_t i = a; i < b; i++) {
        char c = text[i];
        if (is_space(c)) {
            if (c == '\n' && ++newlines > 1)
                return false;
            space = n > 0;
            continue;
        }
        if (space)
            buf[n++] = ' ';
        space = false;
        if ((unsigned char)c == 0xE2 && i + 2 < b && (unsigned char)text[i + 1] == 0x80 &&
            (unsigned char)text[i + 2] == 0x99) {
            buf[n++] = '\'';
            i += 2;
            continue;
        }
        buf[n++] = c;
    }
    buf[n] = '\0';
    return true;
}

static bool gap_is(const char *text, size_t a, size_t b, const char *const *accepted)
{
    char buf[GAP_MAX + 1];
    if (!gap_text(text, a, b, buf))
        return false;
    for (size_t i = 0; accepted[i]; i++)
        if (strcmp(buf, accepted[i]) == 0)
            return true;
    return false;
}

/* Strips prefix p from *s (and one following space); true if it was there. */
static bool eat(const char **s, const char *p)
{
    size_t n = strlen(p);
    if (strncmp(*s, p, n) != 0 || ((*s)[n] != '\0' && (*s)[n] != ' '))
        return false;
    *s += n + ((*s)[n] == ' ');
    return true;
}

/* Between a person and what follows: ", [the]" or ", who VERB as [both|the|a]". */
static bool apposition_gap(const char *text, size_t a, size_t b)
{
    static const char *const verbs[] = {"serves", "served", "is", "was", "became", "has served", "had served",
                                        "will serve", "also serves", "now serves", NULL};
    char buf[GAP_MAX + 1];
    if (!gap_text(text, a, b, buf))
        return false;
    const char *s = buf;
    if (!eat(&s, ","))
        return false;
    if (*s == '\0' || (eat(&s, "the") && *s == '\0'))
        return true;
    if (!eat(&s, "who"))
        return false;
    bool verb = false;
    for (size_t i = 0; verbs[i] && !verb; i++)
        verb = eat(&s, verbs[i]);
    if (!verb)
        return false;
    if (!eat(&s, "as") && strncmp(buf, ", who is", 8) != 0 && strncmp(buf, ", who was", 9) != 0)
        return false;
    (void)(eat(&s, "both") || eat(&s, "the") || eat(&s, "a") || eat(&s, "also"));
    return *s == '\0';
}

static const char *const g_possessive[] = {"'s", "", NULL};
static const char *const g_none[] = {"", NULL};
static const char *const g_of[] = {"of", NULL};
static const char *const g_scope_after[] = {"of", "of the", "at", "at the", "for", "for the", NULL};
static const char *const g_chain[] = {"and", ",", ", and", "as well as", "and also", NULL};

static eg_status push_role(eg_doc_result *res, const eg_role_rel *r, eg_error *err)
{
    if (res->n_roles == res->cap_roles) {
        size_t cap = res->cap_roles ? res->cap_roles * 2 : 8;
        eg_role_rel *p = eg_realloc(res->roles, cap * sizeof *p);
        if (!p)
            return eg_error_nomem(err);
        res->roles = p;
        res->cap_roles = cap;
    }
    res->roles[res->n_roles++] = *r;
    return EG_OK;
}

/* The person's `country` column as an entity index, or EG_NO_ENTITY. */
static uint32_t person_country(const eg_dict *dict, uint32_t person)
{
    const char *c = eg_dict_entity(dict, person)->country;
    int64_t k = c ? eg_dict_find(dict, c) : -1;
    return k < 0 ? EG_NO_ENTITY : (uint32_t)k;
}

/* Attaches role mention r (and the roles chained after it) to person mention p; scope is the mention index
 * of the scope or SIZE_MAX. Returns the index of the last mention used. */
static eg_status attach_chain(const eg_dict *dict, const char *text, eg_doc_result *res, const kind *kinds,
                              size_t p, size_t r, size_t scope, size_t *last, eg_error *err)
{
    const eg_mention *m = res->mentions;
    size_t n = res->n_mentions;
    uint32_t sent = m[p].sentence;
    size_t first_role = r, end = r;
    /* The roles of the chain. */
    while (end + 1 < n && kinds[end + 1] == K_ROLE && m[end + 1].sentence == sent &&
           gap_is(text, m[end].end, m[end + 1].start, g_chain))
        end++;
    if (scope == SIZE_MAX && end + 1 < n && kinds[end + 1] == K_SCOPE && m[end + 1].sentence == sent &&
        gap_is(text, m[end].end, m[end + 1].start, g_scope_after))
        scope = end + 1;
    size_t lo = p < first_role ? p : first_role;
    size_t hi = end > p ? end : p;
    if (scope != SIZE_MAX && scope > hi)
        hi = scope;
    if (scope != SIZE_MAX && scope < lo)
        lo = scope;
    for (size_t k = first_role; k <= end; k++) {
        eg_role_rel rel = {m[p].entity, m[k].entity, EG_NO_ENTITY, false, sent, m[lo].start, m[hi].end};
        if (scope != SIZE_MAX) {
            rel.scope = m[scope].entity;
            rel.scope_in_text = true;
        } else {
            rel.scope = person_country(dict, m[p].entity);
        }
        eg_status st = push_role(res, &rel, err);
        if (st)
            return st;
    }
    *last = hi;
    return EG_OK;
}

eg_status eg_roles_attach(const eg_dict *dict, const char *text, size_t len, eg_doc_result *res,
                          eg_error *err)
{
    (void)len;
    res->n_roles = 0;
    size_t n = res->n_mentions;
    if (n < 2)
        return EG_OK;
    kind *kinds = eg_malloc(n * sizeof *kinds);
    if (!kinds)
        return eg_error_nomem(err);
    const eg_mention *m = res->mentions;
    for (size_t i = 0; i < n; i++)
        kinds[i] = mention_kind(dict, &m[i]);
    eg_status st = EG_OK;
    for (size_t i = 0; st == EG_OK && i + 1 < n; i++) {
        size_t last = i;
        if (kinds[i] == K_PERSON) {
            /* apposition / serves-as: P, [M's] R */
            size_t j = i + 1;
            if (m[j].sentence != m[i].sentence || !apposition_gap(text, m[i].end, m[j].start))
                continue;
            if (kinds[j] == K_ROLE) {
                st = attach_chain(dict, text, res, kinds, i, j, SIZE_MAX, &last, err);
            } else if (kinds[j] == K_SCOPE && j + 1 < n && kinds[j + 1] == K_ROLE &&
                       m[j + 1].sentence == m[i].sentence &&
                       gap_is(text, m[j].end, m[j + 1].start, g_possessive)) {
                st = attach_chain(dict, text, res, kinds, i, j + 1, j, &last, err);
            }
        } else if (kinds[i] == K_ROLE) {
            /* title: [M['s]] R P, or R of M P */
            size_t scope = SIZE_MAX, person = SIZE_MAX;
            if (kinds[i + 1] == K_PERSON && m[i + 1].sentence == m[i].sentence &&
                gap_is(text, m[i].end, m[i + 1].start, g_none)) {
                person = i + 1;
                if (i > 0 && kinds[i - 1] == K_SCOPE && m[i - 1].sentence == m[i].sentence &&
                    gap_is(text, m[i - 1].end, m[i].start, g_possessive))
                    scope = i - 1;
            } else if (i + 2 < n && kinds[i + 1] == K_SCOPE && kinds[i + 2] == K_PERSON &&
                       m[i + 2].sentence == m[i].sentence && gap_is(text, m[i].end, m[i + 1].start, g_of) &&
                       gap_is(text, m[i + 1].end, m[i + 2].start, g_none)) {
                scope = i + 1;
                person = i + 2;
            }
            if (person == SIZE_MAX)
                continue;
            eg_role_rel rel = {m[person].entity, m[i].entity, EG_NO_ENTITY, false, m[i].sentence,
                               m[scope != SIZE_MAX && scope < i ? scope : i].start, m[person].end};
            if (scope != SIZE_MAX) {
                rel.scope = m[scope].entity;
                rel.scope_in_text = true;
            } else {
                rel.scope = person_country(dict, m[person].entity);
            }
            st = push_role(res, &rel, err);
            last = person - 1; /* the person may start an apposition of its own */
        }
        if (last > i)
            i = last;
    }
    free(kinds);
    return st;
}

/* ---- dated holders -------------------------------------------------------------------------------- */

typedef struct holder {
    uint32_t role, scope, person;
    char from[11], to[11]; /* ISO prefixes; to "" means still held */
} holder;

typedef struct title {
    uint32_t role;
    const char *label; /* the role's canonical name, owned by the dictionary */
    size_t len;
} title;

/* Titles are looked for at every word of every document: they are grouped by their first letter (case
 * folded; any other first byte is group 26, never looked at), so a word is compared with its group only. */
enum { TITLE_GROUPS = 27 };

struct eg_role_index {
    holder *h;
    size_t n, cap;
    title *titles; /* the roles that have dated holders, by group, then longest label first */
    size_t n_titles;
    uint32_t group_start[TITLE_GROUPS + 1]; /* group g is titles[group_start[g] .. group_start[g + 1]) */
    uint32_t *countries; /* country entities, for adjectives */
    size_t n_countries;
};

static int holder_cmp(const void *a, const void *b)
{
    const holder *x = a, *y = b;
    if (x->role != y->role)
        return x->role < y->role ? -1 : 1;
    if (x->scope != y->scope)
        return x->scope < y->scope ? -1 : 1;
    return x->person < y->person ? -1 : x->person > y->person;
}

/* The group of a title or word that begins with byte c. */
static unsigned title_group(unsigned char c)
{
    unsigned g = (unsigned)((c | 0x20) - 'a');
    return g < 26 ? g : 26;
}

static int title_cmp(const void *a, const void *b)
{
    const title *x = a, *y = b;
    unsigned gx = title_group((unsigned char)x->label[0]), gy = title_group((unsigned char)y->label[0]);
    if (gx != gy)
        return gx < gy ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return x->role < y->role ? -1 : x->role > y->role;
}

/* Copies s[0..n) into dst (11 bytes) if it looks like an ISO date prefix; else false. */
static bool iso_prefix(const char *s, size_t n, char *dst)
{
    if (n > 10 || (n > 0 && n < 4))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || ((i == 4 || i == 7) && s[i] == '-')))
            return false;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return true;
}

static eg_status add_entry(eg_role_index *ix, const eg_dict *dict, uint32_t person, const char *s, size_t n,
                           eg_error *err)
{
    const char *at = memchr(s, '@', n);
    const char *sl1 = at ? memchr(at, '/', (size_t)(s + n - at)) : NULL;
    const char *sl2 = sl1 ? memchr(sl1 + 1, '/', (size_t)(s + n - sl1 - 1)) : NULL;
    if (!sl2)
        return EG_OK;
    char id[256];
    holder h = {0};
    h.person = person;
    size_t rn = (size_t)(at - s), sn = (size_t)(sl1 - at - 1);
    if (rn >= sizeof id || sn >= sizeof id || sl2 == sl1 + 1)
        return EG_OK; /* no FROM date: the role cannot select by date */
    if (!iso_prefix(sl1 + 1, (size_t)(sl2 - sl1 - 1), h.from) || !iso_prefix(sl2 + 1, (size_t)(s + n - sl2 - 1), h.to))
        return EG_OK;
    memcpy(id, s, rn);
    id[rn] = '\0';
    int64_t role = eg_dict_find(dict, id);
    memcpy(id, at + 1, sn);
    id[sn] = '\0';
    int64_t scope = eg_dict_find(dict, id);
    if (role < 0 || scope < 0)
        return EG_OK;
    h.role = (uint32_t)role;
    h.scope = (uint32_t)scope;
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 64;
        holder *p = eg_realloc(ix->h, cap * sizeof *p);
        if (!p)
            return eg_error_nomem(err);
        ix->h = p;
        ix->cap = cap;
    }
    ix->h[ix->n++] = h;
    return EG_OK;
}

eg_status eg_role_index_new(const eg_dict *dict, eg_role_index **out, eg_error *err)
{
    eg_status st = EG_OK;
    eg_role_index *ix = eg_calloc(1, sizeof *ix);
    *out = NULL;
    if (!ix)
        return eg_error_nomem(err);
    size_t ne = eg_dict_n_defined(dict), n_countries = 0;
    for (uint32_t e = 0; st == EG_OK && e < ne; e++) {
        const eg_entity *ent = eg_dict_entity(dict, e);
        if (strcmp(ent->type, "country") == 0)
            n_countries++;
        if (!ent->roles || strcmp(ent->type, "person") != 0)
            continue;
        for (const char *s = ent->roles; st == EG_OK && *s;) {
            const char *bar = strchr(s, '|');
            size_t n = bar ? (size_t)(bar - s) : strlen(s);
            st = add_entry(ix, dict, e, s, n, err);
            s += n + (bar != NULL);
        }
    }
    if (st == EG_OK && ix->n) {
        eg_sort(ix->h, ix->n, sizeof *ix->h, holder_cmp);
        ix->titles = eg_malloc(ix->n * sizeof *ix->titles);
        ix->countries = eg_malloc((n_countries ? n_countries : 1) * sizeof *ix->countries);
        if (!ix->titles || !ix->countries)
            st = eg_error_nomem(err);
        for (size_t i = 0; st == EG_OK && i < ix->n; i++) {
            if (i > 0 && ix->h[i].role == ix->h[i - 1].role)
                continue;
            const char *label = eg_dict_entity(dict, ix->h[i].role)->label;
            ix->titles[ix->n_titles++] = (title){ix->h[i].role, label, strlen(label)};
        }
        if (st == EG_OK) {
            eg_sort(ix->titles, ix->n_titles, sizeof *ix->titles, title_cmp);
            for (size_t t = 0; t < ix->n_titles; t++)
                ix->group_start[title_group((unsigned char)ix->titles[t].label[0]) + 1]++;
            for (unsigned g = 0; g < TITLE_GROUPS; g++)
                ix->group_start[g + 1] += ix->group_start[g];
        }
        for (uint32_t e = 0; st == EG_OK && e < ne; e++)
            if (strcmp(eg_dict_entity(dict, e)->type, "country") == 0)
                ix->countries[ix->n_countries++] = e;
    }
    if (st) {
        eg_role_index_free(ix);
        return st;
    }
    *out = ix;
    return EG_OK;
}

void eg_role_index_free(eg_role_index *ix)
{
    if (!ix)
        return;
    free(ix->h);
    free(ix->titles);
    free(ix->countries);
    free(ix);
}

/* date within [from, to], compared on common prefixes (a year-only date is inside a role that starts or
 * ends in that year). */
static bool date_within(const char *date, size_t dn, const holder *h)
{
    size_t fn = strlen(h->from), k = dn < fn ? dn : fn;
    if (strncmp(date, h->from, k) < 0)
        return false;
    size_t tn = strlen(h->to);
    if (tn == 0)
        return true;
    k = dn < tn ? dn : tn;
    return strncmp(date, h->to, k) <= 0;
}

uint32_t eg_role_index_holder(const eg_role_index *ix, uint32_t role, uint32_t scope, const char *date)
{
    char d[11];
    size_t dn = 0;
    if (!ix || !date)
        return EG_NO_ENTITY;
    while (dn < 10 && date[dn] && date[dn] != 'T' && date[dn] != ' ')
        dn++;
    if (dn < 4 || !iso_prefix(date, dn, d))
        return EG_NO_ENTITY;
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const holder *h = &ix->h[mid];
        if (h->role < role || (h->role == role && h->scope < scope))
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t found = EG_NO_ENTITY;
    for (size_t i = lo; i < ix->n && ix->h[i].role == role && ix->h[i].scope == scope; i++) {
        if (!date_within(d, dn, &ix->h[i]))
            continue;
        if (found != EG_NO_ENTITY && found != ix->h[i].person)
            return EG_NO_ENTITY;
        found = ix->h[i].person;
    }
    return found;
}

static bool ascii_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Can byte c be part of a word around a title: an ASCII letter or any byte of a non-ASCII character? */
static bool word_byte(unsigned char c)
{
    return ascii_alpha(c) || c >= 0x80;
}

static bool ci_equal(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

/* Index of the mention that ends at exactly end (or SIZE_MAX); mentions are in text order. */
static size_t mention_ending_at(const eg_doc_result *res, size_t end)
{
    size_t lo = 0, hi = res->n_mentions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (res->mentions[mid].end < end)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < res->n_mentions && res->mentions[lo].end == end ? lo : SIZE_MAX;
}

static size_t mention_starting_at(const eg_doc_result *res, size_t start)
{
    size_t lo = 0, hi = res->n_mentions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (res->mentions[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < res->n_mentions && res->mentions[lo].start == start ? lo : SIZE_MAX;
}

static bool is_country(const eg_dict *dict, uint32_t e)
{
    return strcmp(eg_dict_entity(dict, e)->type, "country") == 0;
}

/* The country written just before the title at p: "M's ", "M’s " or an adjective "Xn " (X a country's
 * name), optionally after "the". Returns its entity and sets *from to where the phrase starts. */
static uint32_t scope_before(const eg_role_index *ix, const eg_dict *dict, const eg_doc_result *res,
                             const char *text, size_t p, size_t *from)
{
    if (p < 2 || text[p - 1] != ' ')
        return EG_NO_ENTITY;
    size_t q = p - 1;
    size_t poss = 0;
    if (q >= 2 && text[q - 2] == '\'' && text[q - 1] == 's')
        poss = q - 2;
    else if (q >= 4 && (unsigned char)text[q - 4] == 0xE2 && (unsigned char)text[q - 3] == 0x80 &&
             (unsigned char)text[q - 2] == 0x99 && text[q - 1] == 's')
        poss = q - 4;
    if (poss) {
        size_t k = mention_ending_at(res, poss);
        if (k != SIZE_MAX && is_country(dict, res->mentions[k].entity)) {
            *from = res->mentions[k].start;
            return res->mentions[k].entity;
        }
        return EG_NO_ENTITY;
    }
    if (text[q - 1] != 'n')
        return EG_NO_ENTITY;
    for (size_t i = 0; i < ix->n_countries; i++) {
        const eg_entity *c = eg_dict_entity(dict, ix->countries[i]);
        size_t n = strlen(c->label);
        if (n + 1 > q || memcmp(text + q - 1 - n, c->label, n) != 0)
            continue;
        size_t s = q - 1 - n;
        if (s > 0 && word_byte((unsigned char)text[s - 1]))
            continue;
        *from = s;
        return ix->countries[i];
    }
    return EG_NO_ENTITY;
}

static eg_status insert_mention(eg_doc_result *res, const eg_mention *m, eg_error *err)
{
    if (res->n_mentions == res->cap_mentions) {
        size_t cap = res->cap_mentions ? res->cap_mentions * 2 : 16;
        eg_mention *p = eg_realloc(res->mentions, cap * sizeof *p);
        if (!p)
            return eg_error_nomem(err);
        res->mentions = p;
        res->cap_mentions = cap;
    }
    size_t i = res->n_mentions;
    while (i > 0 && res->mentions[i - 1].start > m->start)
        i--;
    memmove(res->mentions + i + 1, res->mentions + i, (res->n_mentions - i) * sizeof *m);
    res->mentions[i] = *m;
    res->n_mentions++;
    return EG_OK;
}

static uint32_t sentence_of(const eg_doc_result *res, size_t pos)
{
    size_t lo = 0, hi = res->n_sentences;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (res->sentences[mid].end <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)(lo < res->n_sentences ? lo : (res->n_sentences ? res->n_sentences - 1 : 0));
}

eg_status eg_roles_resolve_holders(const eg_role_index *ix, const eg_dict *dict, const char *text, size_t len,
                                   const char *date, eg_doc_result *res, eg_error *err)
{
    if (!ix || !date || !ix->n_titles)
        return EG_OK;
    char d[11];
    size_t dn = 0;
    while (dn < 10 && date[dn] && date[dn] != 'T' && date[dn] != ' ')
        dn++;
    if (dn < 4 || !iso_prefix(date, dn, d))
        return EG_OK;
    /* Titles start at a letter after neither a letter nor a non-ASCII byte: every word start is looked at
     * once, and the rest of its word skipped. */
    for (size_t p = 0; p < len;) {
        unsigned char c = (unsigned char)text[p];
        if (!word_byte(c)) {
            p++;
            continue;
        }
        size_t w = p;
        while (p < len && word_byte((unsigned char)text[p]))
            p++;
        if (c >= 0x80)
            continue;
        /* Only titles of the first letter's group can match (their first byte does), longest first. */
        unsigned g = title_group(c);
        for (size_t t = ix->group_start[g]; t < ix->group_start[g + 1]; t++) {
            const title *tt = &ix->titles[t];
            if (tt->len > len - w || !ci_equal(text + w + 1, tt->label + 1, tt->len - 1))
                continue;
            size_t e = w + tt->len;
            if (e < len && (word_byte((unsigned char)text[e]) || text[e] == '-'))
                continue;
            size_t from = w, to = e;
            uint32_t scope = scope_before(ix, dict, res, text, w, &from);
            if (scope == EG_NO_ENTITY && e + 4 < len && memcmp(text + e, " of ", 4) == 0) {
                size_t q = e + 4;
                if (q + 4 < len && memcmp(text + q, "the ", 4) == 0)
                    q += 4;
                size_t k = mention_starting_at(res, q);
                if (k != SIZE_MAX && is_country(dict, res->mentions[k].entity)) {
                    scope = res->mentions[k].entity;
                    to = res->mentions[k].end;
                }
            }
            if (scope == EG_NO_ENTITY)
                break;
            /* A name right after the phrase is the holder the text gives ("South Korean President Lee"). */
            size_t q = to;
            while (q < len && text[q] == ' ')
                q++;
            size_t k = mention_starting_at(res, q);
            if (q > to && k != SIZE_MAX && strcmp(eg_dict_entity(dict, res->mentions[k].entity)->type, "person") == 0)
                break;
            /* A role the text already attached to someone ("Wi, South Korea's National Security Advisor"). */
            bool attached = false;
            for (size_t r = 0; r < res->n_roles && !attached; r++)
                attached = res->roles[r].start <= w && e <= res->roles[r].end;
            if (attached)
                break;
            uint32_t person = eg_role_index_holder(ix, tt->role, scope, d);
            if (person == EG_NO_ENTITY)
                break;
            uint32_t sent = sentence_of(res, w);
            eg_mention m = {w, e, person, UINT32_MAX, EG_HOW_ROLE_HOLDER, sent};
            eg_role_rel rel = {person, tt->role, scope, true, sent, from < w ? from : w, to};
            eg_status st = insert_mention(res, &m, err);
            if (st == EG_OK)
                st = push_role(res, &rel, err);
            if (st)
                return st;
            p = e;
            break;
        }
    }
    return EG_OK;
}

/* ---- counting ----------------------------------------------------------------------------------- */

struct eg_roles_acc {
    eg_role_count *items;
    size_t n, cap;
    size_t *slots; /* open addressing: item index + 1, 0 = empty */
    size_t n_slots;
    size_t n_docs;
    bool sorted;
};

eg_status eg_roles_acc_new(eg_roles_acc **out, eg_error *err)
{
    *out = eg_calloc(1, sizeof **out);
    return *out ? EG_OK : eg_error_nomem(err);
}

void eg_roles_acc_free(eg_roles_acc *a)
{
    if (!a)
        return;
    free(a->items);
    free(a->slots);
    free(a);
}

static size_t triple_hash(uint32_t p, uint32_t r, uint32_t s)
{
    uint64_t h = ((uint64_t)p * 0x9E3779B97F4A7C15u) ^ ((uint64_t)r * 0xC2B2AE3D27D4EB4Fu) ^
                 ((uint64_t)s * 0x165667B19E3779F9u);
    return (size_t)(h ^ (h >> 29));
}

static eg_status rehash(eg_roles_acc *a, eg_error *err)
{
    size_t n = a->n_slots ? a->n_slots * 2 : 64;
    while (n < (a->n + 1) * 2) /* room for every item at a load under 1/2 (also after unsort) */
        n *= 2;
    size_t *slots = eg_calloc(n, sizeof *slots);
    if (!slots)
        return eg_error_nomem(err);
    for (size_t i = 0; i < a->n; i++) {
        const eg_role_count *c = &a->items[i];
        size_t h = triple_hash(c->person, c->role, c->scope) & (n - 1);
        while (slots[h])
            h = (h + 1) & (n - 1);
        slots[h] = i + 1;
    }
    free(a->slots);
    a->slots = slots;
    a->n_slots = n;
    return EG_OK;
}

static int count_cmp(const void *x, const void *y)
{
    const eg_role_count *a = x, *b = y;
    if (a->person != b->person)
        return a->person < b->person ? -1 : 1;
    if (a->role != b->role)
        return a->role < b->role ? -1 : 1;
    return a->scope < b->scope ? -1 : a->scope > b->scope;
}

/* Makes the hash table valid again after eg_roles_acc_items sorted the items under it. */
static eg_status unsort(eg_roles_acc *a, eg_error *err)
{
    if (!a->sorted)
        return EG_OK;
    free(a->slots);
    a->slots = NULL;
    a->n_slots = 0;
    a->sorted = false;
    return a->n ? rehash(a, err) : EG_OK;
}

/* The item of (person, role, scope), added with zero counts when missing. */
static eg_status find_or_add(eg_roles_acc *a, uint32_t person, uint32_t role, uint32_t scope, eg_role_count **out,
                             eg_error *err)
{
    if ((a->n + 1) * 2 > a->n_slots) {
        eg_status st = rehash(a, err);
        if (st)
            return st;
    }
    size_t h = triple_hash(person, role, scope) & (a->n_slots - 1);
    while (a->slots[h]) {
        eg_role_count *x = &a->items[a->slots[h] - 1];
        if (x->person == person && x->role == role && x->scope == scope) {
            *out = x;
            return EG_OK;
        }
        h = (h + 1) & (a->n_slots - 1);
    }
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        eg_role_count *p = eg_realloc(a->items, cap * sizeof *p);
        if (!p)
            return eg_error_nomem(err);
        a->items = p;
        a->cap = cap;
    }
    eg_role_count *c = &a->items[a->n];
    *c = (eg_role_count){person, role, scope, 0, 0, 0};
    a->slots[h] = ++a->n;
    *out = c;
    return EG_OK;
}

eg_status eg_roles_acc_add(eg_roles_acc *a, const eg_doc_result *res, eg_error *err)
{
    a->n_docs++;
    eg_status st = unsort(a, err);
    for (size_t i = 0; st == EG_OK && i < res->n_roles; i++) {
        const eg_role_rel *r = &res->roles[i];
        eg_role_count *c;
        if ((st = find_or_add(a, r->person, r->role, r->scope, &c, err)))
            break;
        c->count++;
        if (c->last_doc != a->n_docs) {
            c->documents++;
            c->last_doc = a->n_docs;
        }
    }
    return st;
}

eg_status eg_roles_acc_add_count(eg_roles_acc *a, const eg_role_count *item, eg_error *err)
{
    eg_role_count *c;
    eg_status st = unsort(a, err);
    if (st == EG_OK && (st = find_or_add(a, item->person, item->role, item->scope, &c, err)) == EG_OK) {
        c->count += item->count;
        c->documents += item->documents;
    }
    return st;
}

eg_status eg_roles_acc_merge(eg_roles_acc *dst, const eg_roles_acc *src, eg_error *err)
{
    for (size_t i = 0; i < src->n; i++) {
        eg_status st = eg_roles_acc_add_count(dst, &src->items[i], err);
        if (st)
            return st;
    }
    /* Documents added later have numbers no item has seen. */
    dst->n_docs += src->n_docs;
    return EG_OK;
}

const eg_role_count *eg_roles_acc_items(eg_roles_acc *a, size_t *n)
{
    if (!a->sorted && a->n)
        eg_sort(a->items, a->n, sizeof *a->items, count_cmp);
    a->sorted = true;
    *n = a->n;
    return a->items;
}
