#!/usr/bin/env python3
"""Check the shipped dictionaries and show what they find in text.

  scripts/check_dictionaries.py                       validate dictionaries/*.tsv, print counts and ambiguity
  scripts/check_dictionaries.py --scan FILE           also list every entity found in a text file
  scripts/check_dictionaries.py --scan-jsonl FILE --limit 300 --top 100
                                                      most frequent matched aliases over JSONL records

Validation follows docs/dictionary-format.md (the rules the C loader enforces) plus the shipped-file
policies: ids unique across files, every `country` and role scope id exists, minimum sizes.
The scan is a simple approximation of the matcher: whole words, leftmost-longest, the case rules of the
format, and short forms only after a full mention of the same entity in the same document.
Exit status 1 if a check fails. Standard library only.
"""

import argparse
import collections
import glob
import json
import os
import re
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KNOWN = {"id", "type", "name", "aliases", "exact", "short", "country", "wikidata", "roles"}
MIN_COUNTS = {"country": 249, "role": 200, "organization": 500, "person": 1000}
DATE = r"(\d{4}(-\d{2}(-\d{2})?)?)?"
ROLE_RE = re.compile(r"^(role:[^@/|]+)@([^/|]+)/(" + DATE + r")/(" + DATE + r")$")


def fold(s):
    return unicodedata.normalize("NFC", s).casefold()


def load(paths, errors, merge=False):
    """Parse the files. Ids must be unique; with merge=True (user files next to the shipped ones) a row that
    repeats an id with the same type adds its names to the entity, as the loader does."""
    ents = {}
    for path in paths:
        header = None
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                line = line.rstrip("\n")
                where = "%s:%d" % (path if not path.startswith(REPO) else os.path.relpath(path, REPO), lineno)
                if not line or line.startswith("#"):
                    continue
                cells = line.split("\t")
                if header is None:
                    header = cells
                    for c in header:
                        if c not in KNOWN and not c.startswith("x-"):
                            errors.append("%s: unknown column %r" % (where, c))
                    for c in ("id", "type", "name"):
                        if c not in header:
                            errors.append("%s: missing column %r" % (where, c))
                    continue
                if len(cells) > len(header):
                    errors.append("%s: %d cells, header has %d" % (where, len(cells), len(header)))
                r = dict(zip(header, cells + [""] * (len(header) - len(cells))))
                if not r["id"] or not r["type"] or not r["name"].strip():
                    errors.append("%s: empty id, type or name" % where)
                    continue
                if not re.fullmatch(r"[a-z][a-z0-9_-]*", r["type"]):
                    errors.append("%s: bad type %r" % (where, r["type"]))
                prev = ents.get(r["id"])
                if prev is not None and (not merge or prev["row"]["type"] != r["type"]):
                    errors.append("%s: duplicate id %s (first in %s)" % (where, r["id"], prev["where"]))
                    continue
                forms = []
                for col in ("name", "aliases", "exact", "short"):
                    for a in ([r["name"]] if col == "name" else r.get(col, "").split("|")):
                        if col != "name" and a == "":
                            continue
                        if a != a.strip() or not a.strip():
                            errors.append("%s: %s %r has surrounding or only blanks" % (where, col, a))
                        if not any(ch.isalnum() for ch in a):
                            errors.append("%s: %s %r has no letter or digit" % (where, col, a))
                        forms.append((a, col))
                seen = {}
                for a, col in forms:
                    k = fold(a)
                    # the same spelling twice is an error; "Fed" as alias and as exact is not (different rule)
                    if (k, col == "exact") in seen:
                        errors.append("%s: alias %r duplicated in %s (%s and %s)" %
                                      (where, a, r["id"], seen[(k, col == "exact")], col))
                    seen[(k, col == "exact")] = col
                roles = [x for x in r.get("roles", "").split("|") if x]
                for x in roles:
                    if not ROLE_RE.match(x):
                        errors.append("%s: bad role %r" % (where, x))
                if prev is not None:
                    known = {(fold(a), c == "exact") for a, c in prev["forms"]}
                    prev["forms"] += [(a, c) for a, c in forms if (fold(a), c == "exact") not in known]
                    prev["roles"] += roles
                    continue
                ents[r["id"]] = {"where": where, "row": r, "forms": forms, "roles": roles}
    return ents


def check_refs(ents, errors):
    for eid, e in sorted(ents.items()):
        r = e["row"]
        c = r.get("country", "")
        if c and (c not in ents or ents[c]["row"]["type"] != "country"):
            errors.append("%s: country %r of %s does not exist" % (e["where"], c, eid))
        if r.get("wikidata") and not re.fullmatch(r"Q\d+", r["wikidata"]):
            errors.append("%s: wikidata %r" % (e["where"], r["wikidata"]))
        for x in e["roles"]:
            m = ROLE_RE.match(x)
            if not m:
                continue
            role, scope = m.group(1), m.group(2)
            if role not in ents or ents[role]["row"]["type"] != "role":
                errors.append("%s: role %s of %s does not exist" % (e["where"], role, eid))
            if scope not in ents or ents[scope]["row"]["type"] not in ("country", "organization"):
                errors.append("%s: scope %s of %s does not exist" % (e["where"], scope, eid))
            frm, to = m.group(3), m.group(7)
            if frm and to and to < frm[:len(to)]:
                errors.append("%s: role %s ends before it starts" % (e["where"], x))


def ambiguity(ents):
    owners = collections.defaultdict(set)
    for eid, e in ents.items():
        for a, col in e["forms"]:
            if col != "short":
                owners[fold(a)].add(eid)
    amb = {k: v for k, v in owners.items() if len(v) > 1}
    return owners, amb


# ------------------------------------------------------------------------------------------ scanning

class Scanner:
    def __init__(self, ents):
        self.alias = collections.defaultdict(list)   # folded -> [(entity, form, col)]
        for eid, e in ents.items():
            for a, col in e["forms"]:
                self.alias[fold(a)].append((eid, a, col))
        keys = sorted(self.alias, key=lambda k: (-len(k), k))
        self.rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")

    @staticmethod
    def accepts(form, col, surface):
        if col == "exact":
            return surface == form
        letters = [c for c in form if c.isalpha()]
        if any(c.isupper() for c in letters) and not any(c.islower() for c in letters):
            return surface == form
        if any(c.isupper() for c in letters) and surface == surface.lower():
            return False
        return True

    def scan(self, text):
        """Yields (start, end, surface, entity, form, col). Text is case-folded character by character so
        offsets stay valid (casefold may change length; fall back to lower() then)."""
        low = text.casefold() if len(text.casefold()) == len(text) else text.lower()
        named = set()
        pos = 0
        while True:
            m = self.rx.search(low, pos)
            if not m:
                break
            surface = text[m.start():m.end()]
            hits = [(eid, form, col) for eid, form, col in self.alias[m.group(0)]
                    if self.accepts(form, col, surface)]
            full = [h for h in hits if h[2] != "short"]
            short = [h for h in hits if h[2] == "short" and h[0] in named]
            for eid, form, col in full or short:
                if col != "short":
                    named.add(eid)
                yield m.start(), m.end(), surface, eid, form, col
            pos = m.end() if (full or short) else m.start() + 1


def main():
    ap = argparse.ArgumentParser(description="validate entgraph dictionaries")
    ap.add_argument("--dir", action="append", default=[],
                    help="folder of *.tsv files (repeatable); default: the shipped dictionaries/")
    ap.add_argument("--scan", action="append", default=[])
    ap.add_argument("--scan-jsonl", action="append", default=[])
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--worst", type=int, default=25)
    args = ap.parse_args()

    errors = []
    shipped = not args.dir
    dirs = args.dir or [os.path.join(REPO, "dictionaries")]
    paths = [p for d in dirs for p in sorted(glob.glob(os.path.join(d, "*.tsv")))]
    ents = load(paths, errors, merge=not shipped)
    check_refs(ents, errors)
    by_type = collections.Counter(e["row"]["type"] for e in ents.values())
    n_forms = sum(len(e["forms"]) for e in ents.values())
    print("files: %s" % ", ".join(os.path.basename(p) for p in paths))
    print("entities: %d (%s); names, aliases and short forms: %d" %
          (len(ents), ", ".join("%s %d" % kv for kv in sorted(by_type.items())), n_forms))
    for t, n in MIN_COUNTS.items():
        if shipped and by_type[t] < n:
            errors.append("only %d %s entities, want at least %d" % (by_type[t], t, n))
    owners, amb = ambiguity(ents)
    print("distinct alias keys: %d; shared by several entities: %d" % (len(owners), len(amb)))
    for k, v in sorted(amb.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:args.worst]:
        print("  %-28s %d: %s" % (k, len(v), " ".join(sorted(v)[:6]) + (" ..." if len(v) > 6 else "")))

    if args.scan or args.scan_jsonl:
        sc = Scanner(ents)
    for path in args.scan:
        text = open(path, encoding="utf-8").read()
        found = collections.defaultdict(collections.Counter)
        for s, e, surface, eid, form, col in sc.scan(text):
            found[eid][surface] += 1
        print("\n== %s: %d entities" % (path, len(found)))
        for eid in sorted(found, key=lambda k: -sum(found[k].values())):
            print("  %3d %-45s %s" % (sum(found[eid].values()), eid,
                                      ", ".join("%s×%d" % kv for kv in found[eid].most_common())))
    for path in args.scan_jsonl:
        surf = collections.Counter()
        ent_of = collections.defaultdict(collections.Counter)
        with open(path, encoding="utf-8", errors="replace") as f:
            for i, line in enumerate(f):
                if i >= args.limit:
                    break
                text = json.loads(line).get("text", "")
                for s, e, surface, eid, form, col in sc.scan(text):
                    surf[surface] += 1
                    ent_of[surface][eid] += 1
        print("\n== %s (first %d records): %d distinct matched forms" % (path, args.limit, len(surf)))
        for s, n in surf.most_common(args.top):
            print("  %5d %-30s %s" % (n, s, " ".join(k for k, _ in ent_of[s].most_common(3))))

    for e in errors[:200]:
        print("error: " + e, file=sys.stderr)
    if errors:
        print("%d errors" % len(errors), file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
