#!/usr/bin/env python3
"""Checks a run of entgraph on the reference article against what it must find.

  check_reference.py EXPECTED.json ARTICLE.txt MENTIONS.jsonl GRAPH.json TOP_PAGERANK.tsv TOP_STRENGTH.tsv
                     [GRAPH_ROLES_ATTRIBUTES.json]

MENTIONS.jsonl is `entgraph extract` output, GRAPH.json `entgraph build` output, the TSVs `entgraph top
--format tsv` output, the optional last file `entgraph build --roles attributes` output. Prints one line per failed expectation and exits 1 if any failed."""
import json
import sys


def main():
    expected_path, article_path, mentions_path, graph_path, top_pr, top_st = sys.argv[1:7]
    expected = json.load(open(expected_path, encoding="utf-8"))
    article = open(article_path, "rb").read()
    mentions = [json.loads(line) for line in open(mentions_path, encoding="utf-8") if line.strip()]
    graph = json.load(open(graph_path, encoding="utf-8"))
    failures = []

    by_label = {}
    for m in mentions:
        by_label.setdefault(m["label"], []).append(m)
        # Offsets cut the exact surface text back out of the original bytes.
        if article[m["start"]:m["end"]].decode("utf-8") != m["text"]:
            failures.append(f"mention offsets {m['start']}..{m['end']} do not cut out {m['text']!r}")

    for ent in expected["entities"]:
        found = by_label.get(ent["label"], [])
        if not found:
            failures.append(f"entity {ent['label']!r} not found")
            continue
        types = {m["type"] for m in found}
        if types != {ent["type"]}:
            failures.append(f"entity {ent['label']!r} has type {types}, expected {ent['type']}")
        if len(found) < ent["min_mentions"]:
            failures.append(f"entity {ent['label']!r}: {len(found)} mentions, expected >= {ent['min_mentions']}")

    # Words that merely contain an alias are never entities.
    for m in mentions:
        if m["text"] in ("With", "Will", "Wide"):
            failures.append(f"mention of {m['label']!r} from the word {m['text']!r}")
        if b"\n\n" in article[m["start"]:m["end"]]:
            failures.append(f"mention {m['text']!r} spans a paragraph break")

    # A bare "Lee" never resolves before a full Lee name in the document.
    first_full = min((m["start"] for m in by_label.get("Lee Jae-myung", []) if m["how"] != "short-form"),
                     default=None)
    for m in by_label.get("Lee Jae-myung", []):
        if m["how"] == "short-form" and (first_full is None or m["start"] < first_full):
            failures.append(f"short form {m['text']!r} at {m['start']} resolved before the full name")

    labels = {n["id"]: n["label"] for n in graph["nodes"]}
    edges = {frozenset((labels[e["source"]], labels[e["target"]])) for e in graph["edges"]}
    for a, b in expected["edges_sentence_window"]:
        if frozenset((a, b)) not in edges:
            failures.append(f"no sentence edge between {a!r} and {b!r}")

    # Every role holder is a holds_role edge from the person to the role node qualified by the country
    # (build's default --roles nodes).
    holds = set()
    for e in graph["edges"]:
        if "holds_role" in e.get("relation", "").split(","):
            holds.add(frozenset((labels[e["source"]], labels[e["target"]])))
    for rh in expected["role_holders"]:
        role_node = f"{rh['role']} ({rh['country']})"
        if frozenset((rh["person"], role_node)) not in holds:
            failures.append(f"no holds_role edge between {rh['person']!r} and {role_node!r}")

    # With --roles attributes the same holders are in the person's `roles` list.
    if len(sys.argv) > 7:
        attr_graph = json.load(open(sys.argv[7], encoding="utf-8"))
        held = set()
        for n in attr_graph["nodes"]:
            for r in n.get("roles", []):
                held.add((n["label"], r["label"], r.get("scope_label")))
        for rh in expected["role_holders"]:
            if (rh["person"], rh["role"], rh["country"]) not in held:
                failures.append(f"{rh['person']!r} has no roles attribute {rh['role']!r} of {rh['country']!r}")

    for path, measure in ((top_pr, "pagerank"), (top_st, "strength")):
        rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8")][1:]
        top3 = [r[2] for r in rows[:3]]
        for label in ("Wi Seong-rak", "South Korea"):
            if label not in top3:
                failures.append(f"{label!r} is not among the top 3 by {measure}: {top3}")

    for f in failures:
        print("FAIL:", f)
    print(f"reference article: {len(failures)} failed expectations, {len(mentions)} mentions, "
          f"{len(graph['nodes'])} nodes, {len(graph['edges'])} edges")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
