#!/usr/bin/env python3
"""Converts the KMOU 2016klp NER files for bench/quality.
  klp_convert.py TRAIN DEV OUTDIR
writes OUTDIR/ko.dict.tsv (every PS/OG/LC string of TRAIN with its majority type: person, organization,
location), OUTDIR/ko.docs.jsonl (one DEV sentence a document) and OUTDIR/ko.gold.jsonl (its PS/OG/LC spans,
byte offsets). A sentence is the '$' line with <text:TAG> markup; the raw text is the markup removed."""
import collections
import json
import re
import sys

TYPES = {"PS": "person", "OG": "organization", "LC": "location"}
MARK = re.compile(r"<([^<>]+?):([A-Z]{2})>")


def sentences(path):
    for line in open(path, encoding="utf-8"):
        if line.startswith("$"):
            yield line[1:].rstrip("\n")


def parse(marked):
    text, spans, pos = [], [], 0
    for m in MARK.finditer(marked):
        text.append(marked[pos:m.start()])
        start = len("".join(text).encode())
        text.append(m.group(1))
        if m.group(2) in TYPES:
            spans.append((start, start + len(m.group(1).encode()), TYPES[m.group(2)], m.group(1)))
        pos = m.end()
    text.append(marked[pos:])
    return "".join(text), spans


def main():
    train, dev, out = sys.argv[1:4]
    votes = collections.defaultdict(collections.Counter)
    for s in sentences(train):
        for _, _, t, surface in parse(s)[1]:
            if surface.strip() and "\t" not in surface:
                votes[surface.strip()][t] += 1
    with open(f"{out}/ko.dict.tsv", "w", encoding="utf-8") as fp:
        fp.write("id\ttype\tname\n")
        for i, (surface, c) in enumerate(sorted(votes.items())):
            fp.write(f"k{i:05d}\t{c.most_common(1)[0][0]}\t{surface}\n")
    with open(f"{out}/ko.docs.jsonl", "w", encoding="utf-8") as docs, \
            open(f"{out}/ko.gold.jsonl", "w", encoding="utf-8") as gold:
        for n, s in enumerate(sentences(dev)):
            text, spans = parse(s)
            doc = f"dev-{n:04d}"
            docs.write(json.dumps({"id": doc, "text": text}, ensure_ascii=False) + "\n")
            for a, b, t, _ in spans:
                gold.write(json.dumps({"doc": doc, "type": t, "start": a, "end": b}) + "\n")


if __name__ == "__main__":
    main()
