#!/usr/bin/env python3
"""Writes a large dictionary TSV made from real name parts, for bench/dict_scale.

    bench/dict_scale_gen.py SHARED_DATA_DIR N_ALIASES OUT.tsv

Given names come from the NLTK name lists (nltk-gazetteers/names), family names from the CIA World Leaders
2019 list (world-leaders/cia-world-leaders-2019/persons.json), places from the NLTK US cities list. People get
three names ("Given Family", "G. Family", "Given Given2 Family"); organisations get a name and, every fourth
one, an acronym. The output is deterministic for the same inputs (fixed seed); rows are written until at
least N_ALIASES names and aliases are out.
"""
import json
import random
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    data, want, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    src = data + "/dictionary-sources"
    given = []
    for f in ("male.txt", "female.txt"):
        with open(f"{src}/nltk-gazetteers/names/{f}", encoding="utf-8") as fp:
            given += [w.strip() for w in fp if w.strip() and not w.startswith("#")]
    given = sorted(set(given))
    with open(f"{src}/world-leaders/cia-world-leaders-2019/persons.json", encoding="utf-8") as fp:
        persons = json.load(fp)
    family = set()
    for p in persons.values():
        last = p.get("datatypeProperties", {}).get("http://xmlns.com/foaf/0.1/lastName")
        if last and any(c.isalpha() for c in last) and "\t" not in last:
            family.add(last.strip().title())
    family = sorted(family)
    with open(f"{src}/nltk-gazetteers/uscities.txt", encoding="utf-8") as fp:
        cities = sorted({w.strip() for w in fp if w.strip()})
    kinds = ["Holdings", "Group", "Bank", "Institute", "Foundation", "University", "Motors", "Energy",
             "Airlines", "Partners", "Council", "Agency", "Press", "Telecom", "Insurance", "Capital"]

    rng = random.Random(20250701)
    seen = set()
    n = 0
    with open(out, "w", encoding="utf-8") as fp:
        fp.write("id\ttype\tname\taliases\texact\n")
        i = 0
        while n < want:
            i += 1
            if i % 10:
                g, g2, f = rng.choice(given), rng.choice(given), rng.choice(family)
                name = f"{g} {f}"
                if name in seen:
                    continue
                seen.add(name)
                fp.write(f"person:gen-{i}\tperson\t{name}\t{g[0]}. {f}|{g} {g2} {f}\t\n")
                n += 3
            else:
                name = f"{rng.choice(cities)} {rng.choice(family)} {rng.choice(kinds)}"
                if name in seen:
                    continue
                seen.add(name)
                acronym = "".join(w[0] for w in name.split()).upper() if i % 40 == 0 else ""
                fp.write(f"organization:gen-{i}\torganization\t{name}\t\t{acronym}\n")
                n += 1 + (acronym != "")
    print(f"{out}: {n} names and aliases", file=sys.stderr)


if __name__ == "__main__":
    main()
