/*
 * segment: paragraphs and sentences as byte spans of the original text (rules: see segment.h).
 *
 * Two passes over the text, both linear:
 *   1. line statistics: is the text hard-wrapped, and at which width (wrap_detect);
 *   2. lines are read one at a time (with one line of look-ahead) and grouped into paragraphs; inside a
 *      paragraph, cut points are found at punctuation, at line breaks and after Korean sentence endings.
 * Invariants: a sentence is the stretch between two consecutive cut points of one paragraph, trimmed of
 * white space at its start (cuts are only made right after a non-space character, so no trimming is
 * needed at the end); empty stretches are dropped. Hence sentences never cross paragraphs and cover every
 * non-space byte of their paragraph. Every look-ahead and look-behind is bounded by a constant or by the
 * white space it skips, so the whole is O(len). Nothing here allocates except the two output vectors.
 */
#include "segment.h"

#include "error.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Hard-wrap detection: most lines followed by another line are between these widths (code points). */
#define WRAP_MIN_WIDTH 40
#define WRAP_MAX_WIDTH 100
#define WRAP_MIN_LINES 2 /* at least this many such lines */

#define CP_INVALID (-1) /* an invalid byte: read as a letter of no case */
#define CP_DA 0xB2E4    /* HANGUL SYLLABLE DA, the usual end of a declarative sentence */

/* ---- code points -------------------------------------------------------------------------------- */

/* Decodes the code point at t[i]; *n receives its length in bytes (1 for an invalid byte). */
static int32_t cp_at(const char *t, size_t len, size_t i, size_t *n)
{
    if ((unsigned char)t[i] < 0x80) { /* the common case, without a call */
        *n = 1;
        return (unsigned char)t[i];
    }
    utf8proc_int32_t c;
    size_t avail = len - i < 4 ? len - i : 4;
    utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)t + i, (utf8proc_ssize_t)avail, &c);
    if (r <= 0) {
        *n = 1;
        return CP_INVALID;
    }
    *n = (size_t)r;
    return c;
}

static utf8proc_category_t cat(int32_t c)
{
    return c < 0 ? UTF8PROC_CATEGORY_LO : utf8proc_category(c);
}

static bool is_line_break(int32_t c)
{
    return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

static bool is_space(int32_t c)
{
    if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85)
        return true;
    if (c < 0x80)
        return false;
    utf8proc_category_t k = cat(c);
    return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP;
}

/* Sentence-final punctuation that needs white space after it ('.', '!', '?', '…'). */
static bool is_terminal(int32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203C || c == 0x2047 || c == 0x2048 ||
           c == 0x2049;
}

/* Sentence-final punctuation of scripts written without spaces: ends a sentence whatever follows. */
static bool is_terminal_cjk(int32_t c)
{
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF61;
}

/* Closing quotes and brackets that may follow the final punctuation ("no." or (sic.) or 다.」). */
static bool is_closer(int32_t c)
{
    if (c == '"' || c == '\'')
        return true;
    utf8proc_category_t k = cat(c);
    return c >= 0 && (k == UTF8PROC_CATEGORY_PE || k == UTF8PROC_CATEGORY_PF);
}

static bool is_letter_nocase(utf8proc_category_t k)
{
    return k == UTF8PROC_CATEGORY_LO || k == UTF8PROC_CATEGORY_LM;
}

/* May a sentence start with c after final punctuation? Upper-case letters, digits, opening quotes and
 * brackets, and letters of scripts without case (Hangul, CJK; invalid bytes count as such). */
static bool starts_sentence(int32_t c)
{
    if (c == '"' || c == '\'')
        return true;
    utf8proc_category_t k = cat(c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT || k == UTF8PROC_CATEGORY_ND ||
           k == UTF8PROC_CATEGORY_PS || k == UTF8PROC_CATEGORY_PI || is_letter_nocase(k);
}

/* Stricter, for a line with no final punctuation in hard-wrapped text: digits, brackets and quotes at the
 * start of a line are common in the middle of a wrapped sentence, so only letters count. */
static bool starts_line_sentence(int32_t c)
{
    utf8proc_category_t k = cat(c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT || is_letter_nocase(k);
}

/* ---- abbreviations ------------------------------------------------------------------------------ */

typedef enum abbr_kind {
    ABBR_NONE,   /* an ordinary word: its period may end a sentence */
    ABBR_NEVER,  /* a title or connective that always has a continuation: Mr. Dr. Gen. vs. e.g. */
    ABBR_SUFFIX, /* may end a sentence, but only before a sentence-starting function word: Inc. U.S. J. */
    ABBR_NUMBER  /* No. / Nos.: an abbreviation only before a digit */
} abbr_kind;

/* Compared case-sensitively, without the final period. */
static const char *const abbr_never[] = {
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Cmdr",
    "Adm", "Maj", "Brig", "Cpl", "Pvt", "Rev", "Hon", "Pres", "Supt", "Insp", "Det", "Messrs", "Mme",
    "Mmes", "Mlle", "Mt", "Ft", "vs", "v", "cf", "viz", "approx", "e.g", "i.e", "Fig", "Figs", "Vol", "pp",
};
static const char *const abbr_suffix[] = {
    "Jr", "Sr", "Inc", "Corp", "Ltd", "Co", "Bros", "Plc", "etc", "al", "St", "Ave", "Blvd", "Rd",
    "Dept", "Univ", "Assn", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat",
};
/* Words that commonly start a sentence: after an ABBR_SUFFIX abbreviation they mark a sentence end
 * ("He went to the U.S. The next day ..."); any other word does not ("in the U.S. Senate"). */
static const char *const sentence_starters[] = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These", "Those",
    "There", "His", "Her", "Its", "Their", "Our", "My", "But", "And", "Or", "So", "Yet", "In", "On", "At",
    "For", "From", "By", "With", "As", "After", "Before", "When", "While", "If", "Although", "However",
    "Meanwhile", "Some", "Many", "Most", "Such", "What", "Why", "How", "Then", "Now", "Still", "Also",
};

/* Is w[0..wlen) one of the n (non-empty) words of list? The first byte rules most of them out. */
static bool in_list(const char *const *list, size_t n, const char *w, size_t wlen)
{
    if (wlen == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (list[i][0] == w[0] && strlen(list[i]) == wlen && memcmp(list[i], w, wlen) == 0)
            return true;
    return false;
}

static bool ascii_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Letters separated by periods, each run 1-3 letters, at least one inner period: U.S, D.C, a.m, Ph.D. */
static bool is_dotted(const char *w, size_t n)
{
    size_t run = 0, dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '.') {
            if (run == 0)
                return false;
            dots++;
            run = 0;
        } else if (++run > 3) {
            return false;
        }
    }
    return dots > 0 && run > 0;
}

/* Classifies the word that ends at the period t[dot]: the longest run of ASCII letters and periods before
 * it (at most 32 bytes; longer words are no abbreviations). */
static abbr_kind abbr_before(const char *t, size_t dot)
{
    size_t b = dot;
    while (b > 0 && dot - b < 32 && (ascii_alpha(t[b - 1]) || t[b - 1] == '.'))
        b--;
    if (b > 0 && dot - b == 32)
        return ABBR_NONE;
    if (b > 0 && ((unsigned char)t[b - 1] >= '0' && (unsigned char)t[b - 1] <= '9'))
        return ABBR_NONE;
    const char *w = t + b;
    size_t n = dot - b;
    if (n == 0)
        return ABBR_NONE;
    if (in_list(abbr_never, sizeof abbr_never / sizeof *abbr_never, w, n))
        return ABBR_NEVER;
    if (in_list(abbr_suffix, sizeof abbr_suffix / sizeof *abbr_suffix, w, n))
        return ABBR_SUFFIX;
    if ((n == 2 && memcmp(w, "No", 2) == 0) || (n == 3 && memcmp(w, "Nos", 3) == 0))
        return ABBR_NUMBER;
    if (n == 1 && w[0] >= 'A' && w[0] <= 'Z')
        return ABBR_SUFFIX; /* an initial: "J. R. R. Tolkien", "Kim J. Smith" */
    if (is_dotted(w, n))
        return ABBR_SUFFIX;
    return ABBR_NONE;
}

/* Is the word at t[i] one of sentence_starters, as a whole word (not "A." or "Andrew")? */
static bool is_sentence_starter(const char *t, size_t len, size_t i)
{
    size_t e = i;
    while (e < len && e - i < 12 && ascii_alpha(t[e]))
        e++;
    if (e < len && (ascii_alpha(t[e]) || (t[e] >= '0' && t[e] <= '9') || t[e] == '.'))
        return false;
    return in_list(sentence_starters, sizeof sentence_starters / sizeof *sentence_starters, t + i, e - i);
}

/* ---- Korean sentence endings -------------------------------------------------------------------- */

/* Hangul syllables, by the Unicode algorithm: S = 0xAC00 + (L * 21 + V) * 28 + T. */
#define SYL_FIRST 0xAC00
#define SYL_LAST 0xD7A3
#define CP_YO 0xC694   /* 요 */
#define CP_JYO 0xC8E0  /* 죠 */
#define CP_KKA 0xAE4C  /* 까 */
#define CP_NI 0xB2C8   /* 니 */
#define CP_I 0xC774    /* 이 */
#define CP_GA 0xAC00   /* 가 */
#define CP_GAE 0xAC1C  /* 개 */
#define CP_GUN 0xAD70  /* 군 */
#define CP_GEOL 0xAC78 /* 걸 */
enum { T_RIEUL = 8, T_PIEUP = 17 };                 /* final consonants ㄹ, ㅂ */
enum { V_YO = 12, V_U = 13, V_YU = 17, V_EU = 18 }; /* vowels ㅛ ㅜ ㅠ ㅡ */
enum { KO_MAX_SYL = 6 }; /* syllables of a word's end looked at: the longest listed noun has five */

static int syl_final(int32_t s)
{
    return (s - SYL_FIRST) % 28;
}

static int syl_vowel(int32_t s)
{
    return (s - SYL_FIRST) % 588 / 28;
}

/* Can c be the last character of a Korean sentence ending: 다 요 죠 까, or the vowel jamo ㅏ ㅛ that ends
 * them in decomposed (NFD) text? */
static bool ko_final_char(int32_t c)
{
    return c >= 0x1161 && /* most text fails here */
           (c == CP_DA || c == CP_YO || c == CP_JYO || c == CP_KKA || c == 0x1161 || c == 0x116D);
}

/* The code point that ends just before t[end] and starts at or after lo (end > lo); *start gets its first
 * byte. CP_INVALID when those bytes are not one valid code point. */
static int32_t cp_ending_at(const char *t, size_t len, size_t lo, size_t end, size_t *start)
{
    size_t p = end - 1, n;
    while (p > lo && end - p < 4 && ((unsigned char)t[p] & 0xC0) == 0x80)
        p--;
    int32_t c = cp_at(t, len, p, &n);
    *start = p;
    return p + n == end ? c : CP_INVALID;
}

/* The Hangul syllable that ends just before t[end], reading no byte before lo: a precomposed one, or one
 * composed from conjoining jamo (L V, L V T, or an LV syllable and T) as NFC composes them; *start gets its
 * first byte. 0 when none ends there. */
static int32_t syllable_ending_at(const char *t, size_t len, size_t lo, size_t end, size_t *start)
{
    size_t p;
    if (end <= lo)
        return 0;
    int32_t c = cp_ending_at(t, len, lo, end, &p), tail = 0;
    if (c >= SYL_FIRST && c <= SYL_LAST) {
        *start = p;
        return c;
    }
    if (c >= 0x11A8 && c <= 0x11C2) { /* a final consonant: the vowel comes before it */
        tail = c - 0x11A7;
        if (p <= lo)
            return 0;
        c = cp_ending_at(t, len, lo, p, &p);
        if (c >= SYL_FIRST && c <= SYL_LAST && syl_final(c) == 0) {
            *start = p;
            return c + tail;
        }
    }
    if (c < 0x1161 || c > 0x1175 || p <= lo)
        return 0;
    int32_t v = c - 0x1161;
    c = cp_ending_at(t, len, lo, p, &p);
    if (c < 0x1100 || c > 0x1112)
        return 0;
    *start = p;
    return SYL_FIRST + ((c - 0x1100) * 21 + v) * 28 + tail;
}

/* Nouns (loanwords) that end like a verb in 다: "르완다 정부는" goes on. */
static const char *const ko_nouns_da[] = {"르완다", "우간다", "아젠다", "어젠다", "프로파간다", "사이다"};

/* Words that follow a sentence quoted without its quotation marks (punctuation-stripped text: "... 있다 고
 * 말했다", "... 했다 며"): particles and quotative endings, never the start of a sentence. */
static const char *const ko_quote_tails[] = {"고",   "며",   "라고", "라며", "라는", "라면서",
                                             "면서", "하며", "하고", "고는", "는",   "은",
                                             "를",   "을",   "와",   "과",   "란",   "라"};

/* Do the syllables s[0..k) (the last syllable of a word first) end with the word w (NFC)? */
static bool ends_with_word(const int32_t *s, size_t k, const char *w)
{
    int32_t cps[KO_MAX_SYL];
    size_t m = 0, wl = strlen(w), n;
    for (size_t i = 0; i < wl && m < KO_MAX_SYL; i += n)
        cps[m++] = cp_at(w, wl, i, &n);
    if (m > k)
        return false;
    for (size_t j = 0; j < m; j++)
        if (s[j] != cps[m - 1 - j])
            return false;
    return true;
}

/* Does the word that ends just before t[end] (read back no further than lo) end in a Korean sentence
 * ending (the rule of segment.h)? Looks at its last KO_MAX_SYL syllables at most. */
static bool ko_sentence_end(const char *t, size_t len, size_t lo, size_t end)
{
    int32_t s[KO_MAX_SYL];
    size_t k = 0, p;
    for (; k < KO_MAX_SYL; end = p) {
        int32_t c = syllable_ending_at(t, len, lo, end, &p);
        if (!c)
            break;
        s[k++] = c;
    }
    if (k < 2)
        return false;
    int32_t prev = s[1];
    switch (s[0]) {
    case CP_DA:
        for (size_t i = 0; i < sizeof ko_nouns_da / sizeof *ko_nouns_da; i++)
            if (ends_with_word(s, k, ko_nouns_da[i]))
                return false;
        return syl_final(prev) != 0 || prev == CP_NI || prev == CP_I; /* 했다 있다 한다, 합니다, 것이다 */
    case CP_YO: {
        if (prev == CP_GA || prev == CP_GAE)
            return false; /* 가요 (songs), 개요 */
        if (prev == CP_GUN || prev == CP_GEOL)
            return true; /* 그렇군요, 할걸요 */
        int v = syl_vowel(prev); /* 해요 있어요 거예요 하나요, not 주요 수요 요요 */
        return syl_final(prev) == 0 && v != V_YO && v != V_U && v != V_YU && v != V_EU;
    }
    case CP_JYO: return true; /* 하죠 거죠 */
    case CP_KKA: /* 할까 일까, 습니까 입니까 (not the 니까 of "because") */
        return syl_final(prev) == T_RIEUL || (prev == CP_NI && k > 2 && syl_final(s[2]) == T_PIEUP);
    }
    return false;
}

/* Is the word at t[w] (up to white space or lim) one of ko_quote_tails? */
static bool ko_quote_tail(const char *t, size_t len, size_t w, size_t lim)
{
    size_t e = w, n;
    while (e < lim && e - w <= 9 && !is_space(cp_at(t, len, e, &n)))
        e += n;
    return in_list(ko_quote_tails, sizeof ko_quote_tails / sizeof *ko_quote_tails, t + w, e - w);
}

/* ---- lines -------------------------------------------------------------------------------------- */

typedef struct line_info {
    size_t start;       /* first byte of the line */
    size_t first;       /* first non-space byte (== content_end when blank) */
    size_t content_end; /* byte after the last non-space character */
    size_t next;        /* first byte of the next line (len at the end) */
    size_t width;       /* code points from start to content_end */
    bool blank;         /* only white space */
    bool indented;      /* not blank and starts with white space */
    bool para_sep;      /* ended by U+2029 PARAGRAPH SEPARATOR */
    bool ends_final;    /* last non-space characters are final punctuation, maybe with closers */
    bool ends_ko;       /* last word ends in a Korean sentence ending (ko_sentence_end) */
} line_info;

/* Bytes by what read_line does with them: a printable ASCII character that is neither white space, final
 * punctuation nor a closer (PLAIN) only widens the line and moves its content end; a space (SPACE) only
 * widens it; anything else (OTHER) is decoded and looked at. Lines are mostly made of the first two, which
 * read_line takes in runs with one table look-up a byte. */
enum { OTHER = 0, PLAIN = 1, SPACE = 2 };
#define LINE_CLASS(b)                                                                                        \
    ((b) == ' ' ? SPACE                                                                                      \
     : (b) > ' ' && (b) < 0x7F && (b) != '.' && (b) != '!' && (b) != '?' && (b) != '"' && (b) != '\'' &&     \
             (b) != ')' && (b) != ']' && (b) != '}'                                                          \
         ? PLAIN                                                                                             \
         : OTHER)
#define LC4(b) LINE_CLASS(b), LINE_CLASS((b) + 1), LINE_CLASS((b) + 2), LINE_CLASS((b) + 3)
#define LC16(b) LC4(b), LC4((b) + 4), LC4((b) + 8), LC4((b) + 12)
#define LC64(b) LC16(b), LC16((b) + 16), LC16((b) + 32), LC16((b) + 48)
static const uint8_t line_class[256] = {LC64(0), LC64(64), LC64(128), LC64(192)};
#undef LC64
#undef LC16
#undef LC4
#undef LINE_CLASS

/* Reads the line starting at pos (pos < len). Time: O(line length). */
static void read_line(const char *t, size_t len, size_t pos, line_info *li)
{
    size_t i = pos, n, width = 0;
    int final_state = 0; /* 1 while the last non-space run is final punctuation plus closers */
    int32_t last = 0;
    memset(li, 0, sizeof *li);
    li->start = pos;
    li->first = li->content_end = (size_t)-1;
    while (i < len) {
        if (line_class[(unsigned char)t[i]] != OTHER) {
            size_t j = i, last_plain = (size_t)-1;
            for (; j < len; j++) {
                uint8_t k = line_class[(unsigned char)t[j]];
                if (k == OTHER)
                    break;
                if (k == PLAIN)
                    last_plain = j;
            }
            width += j - i;
            if (last_plain != (size_t)-1) {
                if (li->first == (size_t)-1) {
                    li->first = i;
                    while (t[li->first] == ' ')
                        li->first++;
                }
                li->content_end = last_plain + 1;
                li->width = width - (j - li->content_end);
                last = (unsigned char)t[last_plain];
                final_state = 0;
            }
            i = j;
            continue;
        }
        int32_t c = cp_at(t, len, i, &n);
        if (is_line_break(c)) {
            li->para_sep = c == 0x2029;
            li->next = i + n;
            if (c == '\r' && li->next < len && t[li->next] == '\n')
                li->next++;
            break;
        }
        width++;
        i += n;
        if (is_space(c))
            continue;
        if (li->first == (size_t)-1)
            li->first = i - n;
        li->content_end = i;
        li->width = width;
        last = c;
        if (is_terminal(c) || is_terminal_cjk(c))
            final_state = 1;
        else if (!(final_state && is_closer(c)))
            final_state = 0;
    }
    if (i >= len)
        li->next = len;
    li->blank = li->first == (size_t)-1;
    if (li->blank)
        li->first = li->content_end = i;
    li->indented = !li->blank && li->first > pos;
    li->ends_final = final_state == 1;
    li->ends_ko = !li->blank && ko_final_char(last) && ko_sentence_end(t, len, li->first, li->content_end);
}

/* Width of the first word of a line in code points, counted up to cap. */
static size_t first_word_width(const char *t, size_t len, const line_info *li, size_t cap)
{
    size_t i = li->first, n, w = 0;
    while (i < li->content_end && w < cap) {
        if (is_space(cp_at(t, len, i, &n)))
            break;
        i += n;
        w++;
    }
    return w;
}

typedef struct wrap_info {
    bool wrapped; /* the text is hard-wrapped */
    size_t width; /* its wrap width: the widest line of at most WRAP_MAX_WIDTH code points */
} wrap_info;

/* The lines wrap_detect read, the first LINE_CACHE of them, so that segmenting does not read them again
 * (news articles have a few dozen lines: a paragraph each). */
enum { LINE_CACHE = 64 };
typedef struct line_cache {
    line_info lines[LINE_CACHE];
    size_t n;
} line_cache;

/* The text is hard-wrapped when at least WRAP_MIN_LINES lines, and at least a third of the lines followed by
 * another line of their paragraph, are WRAP_MIN_WIDTH..WRAP_MAX_WIDTH code points wide. A third, not a
 * half: wire stories mix wrapped prose with short table rows. The first lines go into cache. */
static wrap_info wrap_detect(const char *t, size_t len, line_cache *cache)
{
    wrap_info w = {false, 0};
    size_t n_cont = 0, n_mid = 0, pos = 0;
    line_info prev = {0}, cur = {0}; /* prev is read only once have_prev is set; zeroed for the compiler */
    bool have_prev = false;
    cache->n = 0;
    while (pos < len) {
        read_line(t, len, pos, &cur);
        if (cache->n < LINE_CACHE)
            cache->lines[cache->n++] = cur;
        if (!cur.blank && cur.width <= WRAP_MAX_WIDTH && cur.width > w.width)
            w.width = cur.width;
        if (have_prev && !prev.blank && !cur.blank && !prev.para_sep) {
            n_cont++;
            if (prev.width >= WRAP_MIN_WIDTH && prev.width <= WRAP_MAX_WIDTH)
                n_mid++;
        }
        prev = cur;
        have_prev = true;
        pos = cur.next;
    }
    w.wrapped = n_mid >= WRAP_MIN_LINES && 3 * n_mid >= n_cont;
    return w;
}

/* Line number k of the text, which starts at pos: from the cache, else read. */
static void line_at(const char *t, size_t len, const line_cache *cache, size_t k, size_t pos, line_info *li)
{
    if (k < cache->n) {
        assert(cache->lines[k].start == pos);
        *li = cache->lines[k];
    } else {
        read_line(t, len, pos, li);
    }
}

/* ---- output ------------------------------------------------------------------------------------- */

static eg_status push_span(eg_span_vec *v, size_t start, size_t end)
{
    if (eg_grow((void **)&v->items, &v->cap, v->n + 1, sizeof *v->items))
        return EG_ERR_NOMEM;
    v->items[v->n].start = start;
    v->items[v->n].end = end;
    v->n++;
    return EG_OK;
}

typedef struct seg_state {
    const char *t;
    size_t len;
    eg_span_vec *sentences;
    size_t sent_start; /* where the current sentence begins (may be white space, trimmed on output) */
} seg_state;

/* Ends the current sentence at end (just after a non-space character); the next one starts there. */
static eg_status cut(seg_state *s, size_t end)
{
    size_t b = s->sent_start, n;
    while (b < end && is_space(cp_at(s->t, s->len, b, &n)))
        b += n;
    s->sent_start = end;
    return b < end ? push_span(s->sentences, b, end) : EG_OK;
}

/* A word whose last character may end a Korean sentence ends at end, and white space follows in this line:
 * cuts there when the word ends a sentence and a next word follows in the line (segment.h). */
static eg_status ko_cut(seg_state *s, const line_info *cur, size_t end)
{
    const char *t = s->t;
    size_t len = s->len, j = end, m, k = 0, p;
    while (j < cur->content_end && is_space(cp_at(t, len, j, &m)))
        j += m, k++;
    if (j >= cur->content_end)
        return EG_OK; /* no next word in this line: the line break decides */
    /* Korean with punctuation stripped separates sentences by two spaces: "밝혔다  첫날에는". */
    if (k >= 2 && syllable_ending_at(t, len, cur->first, end, &p) == CP_DA)
        return cut(s, end);
    if (!ko_sentence_end(t, len, cur->first, end) || ko_quote_tail(t, len, j, cur->content_end))
        return EG_OK;
    return cut(s, end);
}

/* Scans one line's content for cuts. nxt is the next line of the same paragraph, or NULL. */
static eg_status scan_line(seg_state *s, const line_info *cur, const line_info *nxt)
{
    const char *t = s->t;
    size_t len = s->len, i = cur->first, n;
    int32_t prev = 0; /* the character before c */
    eg_status st;
    while (i < cur->content_end) {
        /* A run of ASCII without final punctuation cuts nothing (a Korean ending before it is looked at
         * with the run's first character below): taken whole. */
        if (!ko_final_char(prev) && (unsigned char)t[i] < 0x80 && !is_terminal((unsigned char)t[i])) {
            size_t j = i + 1;
            while (j < cur->content_end && (unsigned char)t[j] < 0x80 && !is_terminal((unsigned char)t[j]))
                j++;
            prev = (unsigned char)t[j - 1];
            i = j;
            continue;
        }
        size_t start = i;
        int32_t before = prev, c = cp_at(t, len, i, &n);
        prev = c;
        i += n;
        if (ko_final_char(before) && is_space(c)) {
            if ((st = ko_cut(s, cur, start)))
                return st;
            continue;
        }
        if (!is_terminal(c) && !is_terminal_cjk(c))
            continue;
        /* The run of final punctuation and closing quotes or brackets: "?!", "...", ".\"", "다.)". */
        bool cjk = is_terminal_cjk(c), single_period = c == '.';
        size_t run_end = i;
        while (run_end < cur->content_end) {
            int32_t d = cp_at(t, len, run_end, &n);
            if (is_terminal(d) || is_terminal_cjk(d))
                cjk |= is_terminal_cjk(d);
            else if (!is_closer(d))
                break;
            single_period = false;
            run_end += n;
        }
        i = run_end;
        if (cjk) {
            if ((st = cut(s, run_end)))
                return st;
            continue;
        }
        /* The first character of the next word: in this line, or the next line of the paragraph. */
        size_t w = run_end;
        if (w < cur->content_end && !is_space(cp_at(t, len, w, &n)))
            continue; /* "3.5", "U.S.-Korea", "Yahoo!Inc" */
        while (w < cur->content_end && is_space(cp_at(t, len, w, &n)))
            w += n;
        if (w >= cur->content_end) {
            if (!nxt)
                continue; /* the paragraph ends here anyway */
            w = nxt->first;
        }
        int32_t d = cp_at(t, len, w, &n);
        if (!starts_sentence(d))
            continue;
        if (single_period) {
            switch (abbr_before(t, start)) {
            case ABBR_NEVER: continue;
            case ABBR_NUMBER:
                if (cat(d) == UTF8PROC_CATEGORY_ND)
                    continue;
                break;
            case ABBR_SUFFIX:
                if (!is_sentence_starter(t, len, w))
                    continue;
                break;
            case ABBR_NONE: break;
            }
        }
        if ((st = cut(s, run_end)))
            return st;
    }
    return EG_OK;
}

/* Does the line break after cur (followed by nxt in the same paragraph) end a sentence? */
static bool line_break_ends(const char *t, size_t len, const wrap_info *wrap, const line_info *cur,
                            const line_info *nxt)
{
    if (!wrap->wrapped)
        return true; /* each line was written as a line: a heading, list item, or a one-line paragraph */
    if (cur->ends_final)
        return false; /* the punctuation rule has decided */
    if (cur->ends_ko && !ko_quote_tail(t, len, nxt->first, nxt->content_end))
        return true;
    if (cur->start == 0)
        return false; /* see segment.h: the first line of wrapped text is often cut short (a dateline) */
    /* Greedy wrapping breaks a line only when the next word does not fit; if it would have fit, the
     * break was meant (a heading or a list item). Real wrappers are not always greedy, hence also 3/4. */
    size_t fw = first_word_width(t, len, nxt, wrap->width + 1);
    size_t n;
    return cur->width + 1 + fw <= wrap->width && 4 * cur->width <= 3 * wrap->width &&
           starts_line_sentence(cp_at(t, len, nxt->first, &n));
}

eg_status eg_segment(const char *text, size_t len, eg_span_vec *paragraphs, eg_span_vec *sentences,
                     eg_error *err)
{
    paragraphs->n = 0;
    sentences->n = 0;
    if (len == 0)
        return EG_OK;
    line_cache cache;
    wrap_info wrap = wrap_detect(text, len, &cache);
    seg_state s = {text, len, sentences, 0};
    line_info cur, nxt;
    bool in_para = false;
    size_t para_start = 0, para_end = 0, k = 0;
    eg_status st = EG_OK;

    line_at(text, len, &cache, k, 0, &cur);
    for (;;) {
        bool has_next = cur.next < len;
        if (has_next)
            line_at(text, len, &cache, ++k, cur.next, &nxt);
        if (!cur.blank) {
            if (!in_para) {
                in_para = true;
                para_start = s.sent_start = cur.first;
            }
            para_end = cur.content_end;
            /* The next line continues this paragraph unless it is blank, a U+2029 intervenes, or it is
             * indented in hard-wrapped text (the wire-story convention for a new paragraph). */
            bool same = has_next && !nxt.blank && !cur.para_sep && !(wrap.wrapped && nxt.indented);
            if ((st = scan_line(&s, &cur, same ? &nxt : NULL)))
                goto fail;
            if (same && line_break_ends(text, len, &wrap, &cur, &nxt) && (st = cut(&s, cur.content_end)))
                goto fail;
            if (!same) {
                if ((st = cut(&s, para_end)) || (st = push_span(paragraphs, para_start, para_end)))
                    goto fail;
                in_para = false;
            }
        }
        if (!has_next)
            break;
        cur = nxt;
    }
    return EG_OK;

fail:
    paragraphs->n = 0;
    sentences->n = 0;
    return st == EG_ERR_NOMEM ? eg_error_nomem(err) : st;
}

void eg_span_vec_destroy(eg_span_vec *v)
{
    if (!v)
        return;
    free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}

eg_status eg_segment_line_starts(const char *text, size_t len, const eg_span_vec *sentences, size_t **starts,
                                 size_t *n, size_t *cap, eg_error *err)
{
    *n = 0;
    for (size_t i = 1; i < sentences->n; i++) {
        size_t p = sentences->items[i - 1].end, q = sentences->items[i].start;
        bool broken = false;
        while (p < q && p < len && !broken) {
            size_t w;
            broken = is_line_break(cp_at(text, len, p, &w));
            p += w;
        }
        if (!broken)
            continue;
        if (eg_grow((void **)starts, cap, *n + 1, sizeof **starts))
            return eg_error_nomem(err);
        (*starts)[(*n)++] = q;
    }
    return EG_OK;
}
