/*
 * pipeline: the per-document analysis. eg_doc_result's scratch holds the normalised text, match vectors,
 * span vectors and a resolver, all reused from one document to the next.
 */
#include "pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "error.h"
#include "matcher.h"
#include "normalize.h"
#include "resolve.h"
#include "segment.h"

struct eg_pipeline {
    const eg_dict *dict;
    const eg_matcher *matcher;
};

typedef struct doc_scratch {
    eg_normtext norm;
    eg_match_vec matches, candidates;
    eg_span_vec paragraphs, sentences;
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
    return EG_OK;
}

void eg_pipeline_free(eg_pipeline *p)
{
    free(p);
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
    eg_resolver_free(s->resolver);
    free(s);
}

void eg_doc_result_destroy(eg_doc_result *res)
{
    if (!res)
        return;
    free(res->mentions);
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
        s->owner = p;
    }
    *out = s;
    return EG_OK;
}

eg_status eg_pipeline_process(const eg_pipeline *p, const char *text, size_t len, eg_doc_result *res,
                              eg_error *err)
{
    doc_scratch *s = NULL;
    eg_status st = get_scratch(p, res, &s, err);
    if (st)
        return st;
    res->n_mentions = 0;
    if ((st = eg_normalize(text, len, 0, &s->norm, err)))
        return st;
    res->n_invalid_utf8 = s->norm.n_invalid;
    if ((st = eg_matcher_scan(p->matcher, &s->norm, text, len, &s->matches, &s->candidates, err)))
        return st;
    if ((st = eg_segment(text, len, &s->paragraphs, &s->sentences, err)))
        return st;
    res->paragraphs = s->paragraphs.items;
    res->n_paragraphs = s->paragraphs.n;
    res->sentences = s->sentences.items;
    res->n_sentences = s->sentences.n;
    return eg_resolver_run(s->resolver, text, len, s->matches.items, s->matches.n, res, err);
}
