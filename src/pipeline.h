/*
 * pipeline: one document from original text to mentions: normalise -> match -> segment -> resolve.
 * The pipeline itself is immutable once made; all per-document state lives in the eg_doc_result's scratch,
 * so each thread brings its own result.
 */
#ifndef EG_PIPELINE_H
#define EG_PIPELINE_H

#include "entgraph.h"

/* The dictionary and matcher the pipeline was made with. */
const eg_dict *eg_pipeline_dict(const eg_pipeline *p);

#endif
