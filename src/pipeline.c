/*
 * pipeline: the per-document analysis. eg_doc_result's scratch holds the normalised text, match vectors,
 * span vectors, tokens and discovered names (when discovery is on) and a resolver, all reused from one
 * document to the next.
 */
#include "pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "discover.h"
#include "error.h"
#include "matcher.h"
#include "normalize.h"
#include "resolve.h"
#include "roles.h"
#include "segment.h"

struct eg_pipeline {
    const eg_dict *dict;
    const eg_matcher *matcher;
    bool discover;         /* name discovery on (eg_pipeline_set_discovery) */
    const eg_lexicon *lex; /* its lexicon, or NULL */
    eg_role_index *roles;  /* dated role holders of dict (roles.h) */
};

typedef struct doc_scratch {
    eg_normtext norm;
    eg_match_vec matches, candidates;
    eg_span_vec paragraphs, sentences;
    size_t *line_starts; /* sentences that begin on a new line: no match crosses them */
    size_t n_line_starts, cap_line_starts;
    eg_token_vec tokens;
    eg_name_vec names;
    eg_resolver *resolver;
    const eg_pipeline *owner; /* the pipeline the resolver was made for */
} doc_scratch;

eg_status eg_pipeline_new(const eg_dict *dict, const eg_matcher *matcher, eg_pipeline **out, eg_error *err)
{
    *out = eg_calloc(1, sizeof **out);
    if (!*out)
        return eg_error_nomem(err);
    (*out)->dict = dict;
    (*out)->matcher = matcher;
    eg_status st = eg_role_index_new(dict, &(*out)->roles, err);
    if (st) {
        free(*out);
        *out = NULL;
    }
    return st;
}

void eg_pipeline_free(eg_pipeline *p)
{
    if (!p)
        return;
    eg_role_index_free(p->roles);
    free(p);
}

void eg_pipeline_set_discovery(eg_pipeline *p, const eg_lexicon *lex)
{
    p->discover = true;
    p->lex = lex;
}

const eg_dict *eg_pipeline_dict(const eg_pipeline *p)
{
    return p->dict;
}

void eg_doc_result_init(eg_doc_result *res)
{
    memset(res, 0, sizeof *res);
}

static void scratch_free(doc_scratch *s)
{
    if (!s)
        return;
    eg_normtext_destroy(&s->norm);
    eg_match_vec_destroy(&s->matches);
    eg_match_vec_destroy(&s->candidates);
    eg_span_vec_destroy(&s->paragraphs);
    eg_span_vec_destroy(&s->sentences);
    free(s->line_starts);
    eg_token_vec_destroy(&s->tokens);
    eg_name_vec_destroy(&s->names);
    eg_resolver_free(s->resolver);
    free(s);
}

void eg_doc_result_destroy(eg_doc_result *res)
{
    if (!res)
        return;
    free(res->mentions);
    free(res->roles);
    scratch_free(res->scratch);
    eg_doc_result_init(res);
}

static eg_status get_scratch(const eg_pipeline *p, eg_doc_result *res, doc_scratch **out, eg_error *err)
{
    doc_scratch *s = res->scratch;
    if (s && s->owner != p) {
        /* The result moved to another pipeline: its resolver belongs to the old dictionary. */
        eg_resolver_free(s->resolver);
        s->resolver = NULL;
    }
    if (!s) {
        s = eg_calloc(1, sizeof *s);
        if (!s)
            return eg_error_nomem(err);
        eg_normtext_init(&s->norm);
        res->scratch = s;
    }
    if (!s->resolver) {
        eg_status st = eg_resolver_new(p->dict, p->matcher, &s->resolver, err);
        if (st)
            return st;
        eg_resolver_set_lexicon(s->resolver, p->lex);
        s->owner = p;
    }
    *out = s;
    return EG_OK;
}

/* A dictionary name that spans a sentence end within a line ("St. Louis Cardinals" if the segmenter cut
 * after "St.", an alias holding "!" or ". ") is evidence that the punctuation did not end a sentence: the
 * sentences it touches become one. (Names never cross line starts: see eg_segment_line_starts.) */
static void join_sentences_under_matches(eg_span_vec *sent, const eg_match *m, size_t n_m)
{
    size_t w = 0, k = 0;
    for (size_t i = 0; i < sent->n; i++) {
        eg_span cur = sent->items[i];
        if (w > 0) {
            eg_span *prev = &sent->items[w - 1];
            while (k < n_m && m[k].end <= prev->end)
                k++;
            if (k < n_m && m[k].start < cur.start) {
                prev->end = cur.end;
                continue;
            }
        }
        sent->items[w++] = cur;
    }
    sent->n = w;
}

eg_status eg_pipeline_process(const eg_pipeline *p, const char *text, size_t len, eg_doc_result *res,
                              eg_error *err)
{
    return eg_pipeline_process_doc(p, text, len, NULL, res, err);
}

eg_status eg_pipeline_process_doc(const eg_pipeline *p, const char *text, size_t len, const char *date,
                                  eg_doc_result *res, eg_error *err)
{
    doc_scratch *s = NULL;
    eg_status st = get_scratch(p, res, &s, err);
    if (st)
        return st;
    res->n_mentions = 0;
    res->n_roles = 0;
    if ((st = eg_normalize(text, len, 0, &s->norm, err)))
        return st;
    res->n_invalid_utf8 = s->norm.n_invalid;
    if ((st = eg_segment(text, len, &s->paragraphs, &s->sentences, err)) ||
        (st = eg_segment_line_starts(text, len, &s->sentences, &s->line_starts, &s->n_line_starts,
                                     &s->cap_line_starts, err)) ||
        (st = eg_matcher_scan_bounded(p->matcher, &s->norm, text, len, s->line_starts, s->n_line_starts,
                                      &s->matches, &s->candidates, err)))
        return st;
    join_sentences_under_matches(&s->sentences, s->matches.items, s->matches.n);
    res->paragraphs = s->paragraphs.items;
    res->n_paragraphs = s->paragraphs.n;
    res->sentences = s->sentences.items;
    res->n_sentences = s->sentences.n;
    s->tokens.n = 0;
    s->names.n = 0;
    if (p->discover) {
        if ((st = eg_tokenize(text, len, &s->tokens, err)) ||
            (st = eg_discover_people(p->lex, text, &s->tokens, &s->names, err)))
            return st;
    }
    if ((st = eg_resolver_run(s->resolver, text, len, s->matches.items, s->matches.n,
                              p->discover ? &s->tokens : NULL, p->discover ? &s->names : NULL, res, err)))
        return st;
    if ((st = eg_roles_attach(p->dict, text, len, res, err)))
        return st;
    return eg_roles_resolve_holders(p->roles, p->dict, text, len, date, res, err);
}
