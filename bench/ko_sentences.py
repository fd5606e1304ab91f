#!/usr/bin/env python3
"""Scores Korean sentence splitting (eg_segment) on real text, for bench/korean-sentences.
  ko_sentences.py KO_SEGMENT DATA_DIR
KO_SEGMENT is the ko_segment tool (bench/ko_segment.c); DATA_DIR is ../shared/data. Two sets:
  soynlp  482 articles of punctuation-stripped news whose sentences are separated by two spaces. Read once as
          they are, and once with every two spaces made one, so that only the sentence-ending rule can find
          the ends. The two spaces mark most but not all ends (some sentences run on after one space), so
          splits elsewhere are counted, not called wrong.
  park    the 1,000 Korean sentences of the Korean-English news dev split (one a line; the few lines holding
          two sentences are split at '. '), in documents of 10, joined by one space: once with their
          punctuation, once with all punctuation removed as in soynlp. Every end is known: precision, recall.
"""
import os
import re
import subprocess
import sys
import tempfile
import unicodedata


def run(tool, docs):
    """Sentence-end byte offsets that the segmenter finds in each document."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        for d in docs:
            assert "\n" not in d
            f.write(d + "\n")
        path = f.name
    try:
        out = subprocess.run([tool, path], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    return [set(int(x) for x in line.split()) for line in out.split("\n")[: len(docs)]]


def join(sents, sep):
    """The document and the byte offsets where its sentences end (the last one excepted)."""
    text, ends = "", set()
    for k, s in enumerate(sents):
        text += s
        if k < len(sents) - 1:
            ends.add(len(text.encode()))
            text += sep
    return text, ends


def strip_punct(s):
    return re.sub(r"\s+", " ", "".join(" " if unicodedata.category(c).startswith("P") else c for c in s)).strip()


def score(name, tool, docs, golds):
    found = run(tool, docs)
    tp = sum(len(g & f) for g, f in zip(golds, found))
    n_found = sum(len(f) for f in found)
    n_gold = sum(len(g) for g in golds)
    # The ends right after a word in 다 요 까 죠 (the ones a sentence-ending rule can see at all).
    ko = [set(e for e in g if d.encode()[:e].decode()[-1:] in "다요까죠") for d, g in zip(docs, golds)]
    ko_tp = sum(len(k & f) for k, f in zip(ko, found))
    return name, tp, n_found - tp, n_gold - tp, ko_tp, sum(len(k) for k in ko)


def main():
    tool, data = sys.argv[1], sys.argv[2]
    rows = []
    soy = os.path.join(data, "news-ko/soynlp/doublespace_line_corpus_sample.txt")
    arts = [line.rstrip("\n") for line in open(soy, encoding="utf-8") if line.strip()]
    arts = [[s.strip() for s in a.split("  ") if s.strip()] for a in arts]
    for label, sep in (("soynlp, as published (two spaces)", "  "), ("soynlp, one space between sentences", " ")):
        docs, golds = zip(*(join(a, sep) for a in arts))
        rows.append(score(label, tool, docs, golds))
    park = os.path.join(data, "news-ko/korean-english-news/korean-english-park.dev.ko")
    lines = []
    for line in open(park, encoding="utf-8"):
        lines += [x.strip() for x in re.split(r"(?<=[.?!])[\"'”’]?\s+", line.strip()) if x.strip()]
    groups = [lines[i:i + 10] for i in range(0, len(lines), 10)]
    for label, fn in (("park, with punctuation", lambda s: s), ("park, punctuation removed", strip_punct)):
        docs, golds = zip(*(join([x for x in map(fn, g) if x], " ") for g in groups))
        rows.append(score(label, tool, docs, golds))
    print("%-38s %6s %6s %6s %6s %6s  %s" % ("set", "found", "other", "missed", "P", "R", "R after 다/요/까/죠"))
    for name, tp, fp, fn, ko_tp, ko_n in rows:
        p = "%.1f" % (100 * tp / (tp + fp)) if tp + fp else "-"
        if name.startswith("soynlp"):
            p = "n/a"  # splits between two-space sentences may be true ends (see above)
        print("%-38s %6d %6d %6d %6s %6.1f  %.1f (%d of %d)" % (name, tp, fp, fn, p, 100 * tp / (tp + fn),
                                                               100 * ko_tp / ko_n, ko_tp, ko_n))


if __name__ == "__main__":
    main()
