#!/usr/bin/env python3
"""Regenerate the shipped dictionaries in dictionaries/*.tsv.

Inputs (read only):
  * Debian iso-codes: /usr/share/iso-codes/json/iso_3166-1.json (country codes and names)
  * DATA/dictionary-sources/ (default DATA = ../shared/data relative to the repository):
      countries-mledoze/countries.json          alternative spellings and Korean names (ODbL 1.0)
      world-leaders/cia-world-leaders-2019/     CIA World Leaders 2019 (US public domain)
      world-leaders/wikidata-world-leaders-2022/wikidata.csv   heads of state/government (Wikidata, CC0)
      intl-organizations/supraverden/general_list.yaml        international organisations (CC BY-SA 4.0)
      intl-organizations/cia-factbook-orgs/CountrycodesOrgs.csv  CIA Factbook organisations (public domain)
  * DATA/news-en/*.jsonl: only to learn which all-capital acronyms are also ordinary lower-case English words
  * dictionaries/src/*.tsv: hand-curated rows, merged into the generated ones by id (hand values win);
    dictionaries/src/remove.txt: aliases to drop (false positives found by scanning news text).

Outputs: dictionaries/{countries,roles,organizations,people,regions}.tsv, sorted by id, deterministic.
Standard library only (the SupraVerden YAML subset is parsed by hand).

Usage: scripts/make_dictionaries.py [DATA_DIR] [--iso PATH] [--out DIR]
"""

import argparse
import collections
import csv
import json
import os
import re
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(REPO, "dictionaries", "src")

CIA_AS_OF = "2019-06-04"


# ----------------------------------------------------------------------------------------------- helpers

def ascii_fold(s):
    """'Erdoğan' -> 'Erdogan' (drops combining marks; keeps other characters)."""
    d = unicodedata.normalize("NFKD", s)
    d = "".join(c for c in d if not unicodedata.combining(c))
    return d.replace("ı", "i").replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("đ", "d")


def slug(s):
    s = ascii_fold(s).lower()
    s = re.sub(r"['’`.]", "", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def fold(s):
    """Key used to detect duplicate aliases (what the loader's case-insensitive matching sees)."""
    return unicodedata.normalize("NFC", s).casefold()


def clean_cell(s):
    s = unicodedata.normalize("NFC", s or "")
    s = s.replace("\t", " ").replace("\r", " ").replace("\n", " ").replace("|", "/")
    return re.sub(r"\s+", " ", s).strip()


def split_list(s):
    return [x.strip() for x in (s or "").split("|") if x.strip()]


def has_alnum(s):
    return any(c.isalnum() for c in s)


def read_tsv(path):
    """Read an entgraph TSV: '#' comments, a header, rows. Returns (header, list of dicts)."""
    header = None
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append(dict(zip(header, cells)))
    return header, rows


class Entity:
    """One dictionary row under construction."""

    def __init__(self, eid, etype, name):
        self.id = eid
        self.type = etype
        self.name = name
        self.aliases = []
        self.exact = []
        self.short = []
        self.country = ""
        self.wikidata = ""
        self.roles = []   # "ROLE@SCOPE/FROM/TO"
        self.x = {}       # x-NAME -> value
        self.sources = set()

    def add_alias(self, a):
        a = clean_cell(a)
        if a and has_alnum(a) and a not in self.aliases:
            self.aliases.append(a)

    def add_short(self, a):
        a = clean_cell(a)
        if a and has_alnum(a) and fold(a) not in {fold(x) for x in self.short}:
            self.short.append(a)

    def add_role(self, r):
        if r and r not in self.roles:
            self.roles.append(r)


def attach(entities, r, same_country, by_name=True):
    """Collect the generated entities that the hand row r describes (same Wikidata id, or same name or
    alias and, for people, the same country) and merge them into one entity under the hand id, which is
    returned (None if there is neither a match nor an entity with that id)."""
    eid = r["id"].strip()
    names = {fold(n) for n in [r["name"]] + split_list(r.get("aliases")) + split_list(r.get("exact"))}
    names |= {fold(ascii_fold(n)) for n in list(names)}
    q = r.get("wikidata", "").strip()
    hits = []
    for e in sorted(entities.values(), key=lambda e: e.id) if by_name else []:
        if "hand" in e.sources or e.id == eid:
            continue
        if q and e.wikidata == q:
            hits.append(e)
            continue
        hit = any(fold(n) in names or fold(ascii_fold(n)) in names for n in [e.name] + e.aliases)
        if hit and same_country and r.get("country") and e.country and e.country != r["country"]:
            hit = False
        if hit:
            hits.append(e)
    target = entities.get(eid)
    for e in hits:
        del entities[e.id]
        if target is None:
            e.add_alias(e.name)
            e.id = eid
            entities[eid] = target = e
            continue
        for a in [e.name] + e.aliases:
            target.add_alias(a)
        for a in e.short:
            target.add_short(a)
        for x in e.roles:
            target.add_role(x)
        target.sources |= e.sources
        target.wikidata = target.wikidata or e.wikidata
        target.x = dict(e.x, **target.x)
    return target


def merge_hand(entities, path, etype_default=None, same_country=False, by_name=False):
    """Merge hand rows into entities by id (or onto the generated row they describe, see attach): the hand
    name, country and wikidata win, aliases are added, and generated roles for a ROLE@SCOPE the hand row
    also lists are replaced by the hand ones."""
    _, rows = read_tsv(path)
    for r in rows:
        eid = r["id"].strip()
        etype = r.get("type", etype_default).strip()
        e = attach(entities, r, same_country, by_name)
        if e is None:
            e = entities[eid] = Entity(eid, etype, r["name"].strip())
        else:
            if e.type != etype:
                raise SystemExit(f"{path}: {eid}: type {etype} differs from generated {e.type}")
            old = e.name
            if r["name"].strip():
                e.name = r["name"].strip()
            if old and old != e.name:
                e.add_alias(old)
        e.sources.add("hand")
        for a in split_list(r.get("aliases")):
            e.add_alias(a)
        for a in split_list(r.get("exact")):
            if a not in e.exact:
                e.exact.append(a)
        hand_short = split_list(r.get("short"))
        if hand_short:
            e.short = []
            for a in hand_short:
                e.add_short(a)
        if r.get("country", "").strip():
            e.country = r["country"].strip()
        if r.get("wikidata", "").strip():
            e.wikidata = r["wikidata"].strip()
        hand_roles = split_list(r.get("roles"))
        if hand_roles:
            scopes = {x.split("/", 1)[0] for x in hand_roles}
            scopes |= {re.sub(r"^role:(king|queen|emperor|emir|sultan)@", "role:monarch@", x) for x in scopes}
            e.roles = [x for x in e.roles if x.split("/", 1)[0] not in scopes]
            for x in hand_roles:
                e.add_role(x)
        for k, v in r.items():
            if k.startswith("x-") and v.strip():
                e.x[k] = v.strip()
    return entities


def load_removals(path):
    """remove.txt: 'ID<TAB>alias' or '*<TAB>alias' per line; '#' comments."""
    rem = collections.defaultdict(set)
    if not os.path.exists(path):
        return rem
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            eid, alias = line.split("\t", 1)
            rem[eid.strip()].add(alias.strip())
    return rem


def finish(entities, removals):
    """Apply removals, drop duplicate aliases, keep exact forms out of aliases."""
    for e in entities.values():
        drop = removals.get(e.id, set()) | removals.get("*", set())
        e.aliases = [a for a in e.aliases if a not in drop]
        e.short = [a for a in e.short if a not in drop]
        e.exact = [a for a in e.exact if a not in drop and a != e.name]
        # "Daum" already matches "DAUM" and "Al Qaeda" matches "al Qaeda": keep one spelling per folded key,
        # preferring an all-lower-case one (it matches the most text)
        seen = {fold(e.name)}
        exact_set = set(e.exact)
        out = []
        for a in sorted(e.aliases, key=lambda a: 0 if a == a.lower() else 1):
            if fold(a) in seen or a in exact_set:
                continue
            seen.add(fold(a))
            out.append(a)
        out.sort(key=e.aliases.index)
        e.aliases = out
        # short forms that are already full aliases are redundant and would confuse the resolver
        full = {fold(a) for a in [e.name] + e.aliases + e.exact}
        e.short = [a for a in e.short if fold(a) not in full]


def write_tsv(path, entities, columns, header_comment):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in header_comment.strip("\n").split("\n"):
            f.write("# " + line + "\n" if line else "#\n")
        f.write("\t".join(columns) + "\n")
        for eid in sorted(entities):
            e = entities[eid]
            vals = []
            for c in columns:
                if c == "id":
                    v = e.id
                elif c == "type":
                    v = e.type
                elif c == "name":
                    v = e.name
                elif c == "aliases":
                    v = "|".join(e.aliases)
                elif c == "exact":
                    v = "|".join(e.exact)
                elif c == "short":
                    v = "|".join(e.short)
                elif c == "country":
                    v = e.country
                elif c == "wikidata":
                    v = e.wikidata
                elif c == "roles":
                    v = "|".join(e.roles)
                elif c == "x-provenance":
                    v = "|".join(sorted(e.sources))
                else:
                    v = e.x.get(c, "")
                v = clean_cell(v) if c not in ("aliases", "exact", "short", "roles", "x-provenance") else v
                assert "\t" not in v and "\n" not in v, (eid, c, v)
                vals.append(v)
            f.write("\t".join(vals) + "\n")


# ----------------------------------------------------------------------------------------------- countries

def build_countries(iso_path, data):
    iso = json.load(open(iso_path, encoding="utf-8"))["3166-1"]
    mled = json.load(open(os.path.join(data, "dictionary-sources/countries-mledoze/countries.json"),
                          encoding="utf-8"))
    mled_by = {m["cca3"]: m for m in mled}
    ents = {}
    a2_to_a3 = {}
    for c in iso:
        a3 = c["alpha_3"]
        a2_to_a3[c["alpha_2"]] = a3
        m = mled_by.get(a3, {})
        common = c.get("common_name") or m.get("name", {}).get("common") or c["name"]
        e = Entity("country:" + a3, "country", common)
        e.sources.add("iso-codes")
        for n in (c["name"], c.get("official_name"), c.get("common_name")):
            if n and not re.search(r", ", n):   # "Korea, Republic of" is a sort key, not a name
                e.add_alias(n)
        if m:
            e.sources.add("mledoze")
            e.add_alias(m["name"]["common"])
            e.add_alias(m["name"]["official"])
            for alt in m.get("altSpellings", []):
                # codes ("KR", "KOR") are curated by hand only; inverted names are not running text
                if re.fullmatch(r"[A-Z]{2,3}", alt) or ", " in alt or "(" in alt:
                    continue
                if not (re.search(r"[A-Za-z]", alt) or re.search(r"[\uac00-\ud7a3]", alt)):
                    continue
                if re.search(r"[^\x00-\u024f\uac00-\ud7a3\u2019' .\-]", alt):
                    continue   # other scripts: not the English/Korean text this tool reads
                e.add_alias(alt)
            kor = m.get("translations", {}).get("kor", {})
            for k in ("common", "official"):
                if kor.get(k):
                    e.add_alias(kor[k])
        e.x["x-iso-alpha-2"] = c["alpha_2"]
        ents[e.id] = e
    # Wikidata country Q-ids from the 2022 leaders list (CC0), matched by name
    by_name = {}
    for e in ents.values():
        for n in [e.name] + e.aliases:
            by_name.setdefault(fold(n), e)
    wd = os.path.join(data, "dictionary-sources/world-leaders/wikidata-world-leaders-2022/wikidata.csv")
    for r in csv.DictReader(open(wd, encoding="utf-8")):
        e = by_name.get(fold(r["country"]))
        if e and not e.wikidata:
            e.wikidata = r["countryid"]
    merge_hand(ents, os.path.join(SRC, "countries.tsv"))
    return ents, a2_to_a3, by_name


# ----------------------------------------------------------------------------------------------- people

# CIA title -> role id (first match wins). Titles not listed are not shipped: the file is about heads of
# state and government and the ministers analysts ask about first.
CIA_ROLE_RULES = [
    (r"^(President|Interim President|Transitional President)$", "president"),
    (r"^(First |Second |Third )?Vice President$", "vice-president"),
    (r"^Prime Minister$", "prime-minister"),
    (r"^(First )?Deputy Prime Minister$", "deputy-prime-minister"),
    (r"^Premier$", "premier"),
    (r"^(Federal )?Chancellor$", "chancellor"),
    (r"^King$", "king"),
    (r"^Queen$", "queen"),
    (r"^Emperor$", "emperor"),
    (r"^(Amir|Emir)$", "emir"),
    (r"^Sultan", "sultan"),
    (r"^Grand Duke$", "grand-duke"),
    (r"^(Prince|Crown Prince)$", "prince"),
    (r"^Governor General$", "governor-general"),
    (r"^Supreme Leader", "supreme-leader"),
    (r"^Chief of State$", "head-of-state"),
    (r"^(Min\.|Minister) (of|for) (Foreign|External) (Affairs|Relations)", "foreign-minister"),
    (r"^(Min\.|Minister) (of|for) (National )?Defen[cs]e$", "defence-minister"),
    (r"^(Min\.|Minister) (of|for) (the )?Armed Forces$", "defence-minister"),
    (r"^(Min\.|Minister) (of|for) .*Financ", "finance-minister"),
    (r"^(Min\.|Minister) (of|for) (.*[^a-z])?(Trade|Commerce)", "trade-minister"),
    (r"^(Min\.|Minister) (of|for) (the )?(National )?Econom(y|ic Affairs|ic Development)", "economy-minister"),
    (r"^(Min\.|Minister) (of|for) (the )?(Interior|Internal Affairs|Home Affairs)", "interior-minister"),
    (r"^(Min\.|Minister) (of|for) Justice", "justice-minister"),
    (r"^(Governor|President|Chairman) of (the )?(Central|National|Reserve) Bank", "central-bank-governor"),
    (r"^Permanent Representative to the UN", "un-ambassador"),
    (r"^Ambassador to the US$", "ambassador-to-the-united-states"),
]
CIA_ROLE_RULES = [(re.compile(p), r) for p, r in CIA_ROLE_RULES]

WD_ROLE_RULES = [
    (r"^(President|president|Transitional President)\b", "president"),
    (r"^(Prime Minister|Prime minister|Chief Minister|Taoiseach)\b", "prime-minister"),
    (r"^Premier\b", "premier"),
    (r"^Federal Chancellor\b", "chancellor"),
    (r"^(monarch|Monarch|King|Druk Gyalpo|Ngwenyama|Yang di-Pertuan Agong)\b", "monarch"),
    (r"^(Emir|emir)\b", "emir"),
    (r"^Sultan\b", "sultan"),
    (r"^Emperor\b", "emperor"),
    (r"^(Prince|Episcopal Co-Prince|French co-prince)\b", "prince"),
    (r"^Governor-General\b", "governor-general"),
    (r"^Supreme Leader\b", "supreme-leader"),
    (r"^(Captain Regent|Chairman|Member|military leader|O le Ao o le Malo|Minister)\b", "head-of-state"),
    (r"^pope\b", "pope"),
]
WD_ROLE_RULES = [(re.compile(p), r) for p, r in WD_ROLE_RULES]

NAME_PARTICLES = {"von", "van", "der", "den", "de", "da", "dos", "das", "del", "bin", "bint", "ibn"}
ROMAN = {"II", "III", "IV", "VI", "VII", "VIII", "XIV", "XVI"}


def cia_name(name):
    """'Rick HOUENIPWELA' -> 'Rick Houenipwela'; 'MOON Jae-in' -> 'Moon Jae-in'."""
    out = []
    for i, tok in enumerate(name.split()):
        letters = [c for c in tok if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters) and tok not in ROMAN:
            low = tok.lower()
            if i > 0 and low in NAME_PARTICLES:
                tok = low
            else:
                tok = re.sub(r"(^|[-'’(])([a-zà-ÿ])", lambda m: m.group(1) + m.group(2).upper(),
                             low)
                tok = re.sub(r"^Mc([a-z])", lambda m: "Mc" + m.group(1).upper(), tok)
        out.append(tok)
    return " ".join(out)


# Rows of the CIA data that are wrong, as (name, country): each would make a second entity with the same
# name, which every mention of it makes ambiguous (dict check: [ambiguous]).
CIA_WRONG_ROWS = {
    # South Africa's finance minister, linked to Ethiopia's finance office as well
    ("Tito Mboweni", "ETH"),
}


def cia_leaders(data, a2_to_a3):
    base = os.path.join(data, "dictionary-sources/world-leaders/cia-world-leaders-2019")
    W = "http://williamrobertfunk.com/ontologies/"
    LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
    countries = json.load(open(os.path.join(base, "countries.json"), encoding="utf-8"))
    persons = json.load(open(os.path.join(base, "persons.json"), encoding="utf-8"))
    offices = json.load(open(os.path.join(base, "government-offices.json"), encoding="utf-8"))
    country_a3 = {}
    for c in countries.values():
        iso2 = (c["datatypeProperties"].get(W + "country#countryCodeISO") or "").upper()
        country_a3[c[LABEL]] = a2_to_a3.get(iso2, "XKX" if iso2 in ("XK", "KV") else "")
    first_names = set()
    for fn in ("male.txt", "female.txt"):
        path = os.path.join(data, "dictionary-sources/nltk-gazetteers/names", fn)
        if os.path.exists(path):
            first_names |= {l.strip().lower() for l in open(path, encoding="latin-1") if l.strip()}
    out = []   # (display name, last name, a3, role)
    for o in offices.values():
        title = (o["datatypeProperties"].get(W + "world-leaders#title") or "").strip()
        role = next((r for p, r in CIA_ROLE_RULES if p.search(title)), None)
        if not role:
            continue
        country = person = None
        for op in o["objectProperties"]:
            for k, v in op.items():
                if k.endswith("#hasCountry"):
                    country = v[LABEL]
                elif k.endswith("#hasGovernmentOfficial"):
                    person = v["@id"]
        if not person or person not in persons:
            continue
        p = persons[person]
        raw = p["datatypeProperties"].get("http://xmlns.com/foaf/0.1/name") or p.get(LABEL, "")
        last = p["datatypeProperties"].get("http://xmlns.com/foaf/0.1/lastName") or ""
        if not raw or re.search(r"vacant|\(|\d| and ", raw, re.I):
            continue
        a3 = country_a3.get(country, "")
        if not a3:
            continue
        if " " not in raw.strip() and raw.strip().lower() in first_names:
            continue   # a bare first name ("Philippe") would match everyone called so; such rows are hand-written
        name = cia_name(clean_cell(raw))
        if (name, a3) in CIA_WRONG_ROWS:
            continue
        out.append((name, cia_name(clean_cell(last)), a3, role))
    return sorted(set(out))


def build_people(data, countries, a2_to_a3, country_by_name):
    ents = {}
    by_key = {}   # (slug, a3) -> entity
    by_q = {}     # Wikidata id -> entity (a monarch of several realms is one person)

    def person_for(name, a3, q=""):
        s = slug(name)
        if not s:
            return None
        if q and q in by_q:
            return by_q[q]
        if q:
            same = [e for (s2, _), e in sorted(by_key.items()) if s2 == s and not e.wikidata]
            if same:
                by_q[q] = same[0]
                return same[0]
        key = (s, a3)
        if key in by_key:
            if q:
                by_q[q] = by_key[key]
            return by_key[key]
        eid = "person:" + s
        if eid in ents:
            eid = "person:%s-%s" % (s, a3.lower())
        e = Entity(eid, "person", name)
        e.country = "country:" + a3 if a3 else ""
        ents[eid] = e
        by_key[key] = e
        if q:
            by_q[q] = e
        return e

    for name, last, a3, role in cia_leaders(data, a2_to_a3):
        e = person_for(name, a3)
        if e is None:
            continue
        e.sources.add("cia-2019")
        e.add_role("role:%s@country:%s//" % (role, a3))
        e.x["x-roles-as-of"] = CIA_AS_OF
        if last and last != name and len(last) >= 2:
            e.add_short(last)

    wd = os.path.join(data, "dictionary-sources/world-leaders/wikidata-world-leaders-2022/wikidata.csv")
    for r in csv.DictReader(open(wd, encoding="utf-8")):
        c = country_by_name.get(fold(r["country"]))
        if c is None:
            continue
        a3 = c.id.split(":", 1)[1]
        role = next((x for p, x in WD_ROLE_RULES if p.search(r["positionLabel"])), None)
        name = clean_cell(r["officeholderLabel"])
        if not role or not name or re.fullmatch(r"Q\d+", name):
            continue
        e = person_for(name, a3, r["officeholder"] if r["officeholder"].startswith("Q") else "")
        if e is None:
            continue
        e.sources.add("wikidata-2022")
        if r["officeholder"].startswith("Q"):
            e.wikidata = r["officeholder"]
        if name != e.name:
            e.add_alias(name)
        # a dated role replaces the undated CIA one for the same office
        scope = "role:%s@country:%s" % (role, a3)
        e.roles = [x for x in e.roles if x != scope + "//"]
        if role == "monarch":
            e.roles = [x for x in e.roles if not re.match(r"role:(king|queen)@country:%s//" % a3, x)]
        e.add_role("%s/%s/%s" % (scope, r["start_year"], r["end_year"]))
        parts = name.split()
        if len(parts) >= 2 and len(parts[-1]) >= 3:
            e.add_short(parts[-1])

    merge_hand(ents, os.path.join(SRC, "people.tsv"), same_country=True, by_name=True)

    # spelling variants without diacritics
    for e in ents.values():
        for n in [e.name] + list(e.aliases):
            f = ascii_fold(n)
            if f != n and re.search(r"[A-Za-z]", f):
                e.add_alias(f)
    close_successions(ents)
    for e in ents.values():
        if "x-roles-as-of" in e.x and not any(r.endswith("//") for r in e.roles):
            del e.x["x-roles-as-of"]
    return ents


SINGLE_HOLDER = {"president", "prime-minister", "premier", "chancellor", "monarch", "king", "queen",
                 "emperor", "emir", "sultan", "governor-general", "supreme-leader", "foreign-minister",
                 "defence-minister", "finance-minister", "secretary-of-state", "national-security-advisor",
                 "chief-trade-negotiator", "trade-representative", "commerce-secretary"}


def close_successions(ents):
    """A single-holder office held 'until now' by A ends when a later holder B starts: set A's TO to B's
    FROM. This keeps 2022 Wikidata rows from claiming offices their holders have since left."""
    by_scope = collections.defaultdict(list)
    for e in ents.values():
        for i, r in enumerate(e.roles):
            m = re.match(r"role:([^@]+)@([^/]+)/([^/]*)/([^/]*)$", r)
            if m and m.group(1) in SINGLE_HOLDER and m.group(3):
                by_scope[(m.group(1), m.group(2))].append((m.group(3), e, i))
    for key, holders in by_scope.items():
        holders.sort(key=lambda h: (h[0], h[1].id))
        for k, (start, e, i) in enumerate(holders):
            role, scope, frm, to = re.match(r"role:([^@]+)@([^/]+)/([^/]*)/([^/]*)$", e.roles[i]).groups()
            if to:
                continue
            later = [h for h in holders[k + 1:] if h[0] > start and not h[0].startswith(start)
                     and h[1] is not e]
            if later:
                e.roles[i] = "role:%s@%s/%s/%s" % (role, scope, frm, later[0][0])


# ----------------------------------------------------------------------------------------------- organizations

def parse_supraverden(path):
    """Parse the subset of YAML used by general_list.yaml: top-level 'Name:' keys, two-space indented
    'Key: value' scalars and '- item' lists (lists are skipped)."""
    orgs = []
    cur = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line.startswith(" "):
                cur = {}
                orgs.append(cur)
                continue
            m = re.match(r"^  ([A-Za-z0-9_]+):\s?(.*)$", line)
            if m and cur is not None:
                v = m.group(2).strip()
                if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
                    v = v[1:-1].replace("''", "'") if v[0] == "'" else v[1:-1]
                if v.lower() not in ("null", "none", "~", "") and not v.startswith("["):
                    cur[m.group(1)] = v
    return orgs


def word_frequencies(data):
    """Lower-case word counts from the English news corpora: an acronym whose lower-case form is an
    ordinary word ('can', 'are', 'all') is a hazard in headlines and all-capital text."""
    counts = collections.Counter()
    for name in ("bbc.jsonl", "reuters21578.jsonl"):
        path = os.path.join(data, "news-en", name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    text = json.loads(line).get("text", "")
                except ValueError:
                    continue
                counts.update(re.findall(r"\b[a-z]{2,6}\b", text))
    return counts


ACRONYM_STOP = {"AS", "IT", "ON", "OR", "IN", "ALL", "ONE", "CAN", "ARE", "AT", "BE", "DO", "GO", "IF", "IS",
                "ME", "MY", "NO", "OF", "SO", "TO", "UP", "US", "WE", "AM", "AN", "BY", "HE", "OK", "AND",
                "THE", "FOR", "NOT", "BUT", "ICE", "CAT", "MIT", "AID", "ASK", "SEE", "WHO", "END", "AIM",
                "ERA", "WAR", "MAY", "USE", "NEW", "NOW", "OLD", "OUT", "OWN", "WAY", "SET", "RUN", "TEN",
                "LAW", "CAP", "ACT", "ART", "HIT", "PAN", "PIC", "FAST", "CARE", "HOME", "SAFE", "SEA",
                "CAB", "CARD", "PEACE", "AGE", "ATOM", "BASE", "EAST", "WEST", "IDEA", "PACT", "AFRICA"}


def build_organizations(data, countries, words):
    ents = {}
    by_fold = {}

    def add(name, acr, others, korean, q, src, cat):
        name = clean_cell(name)
        if not name:
            return
        acr = clean_cell(acr)
        keys = [fold(name)] + ([fold(acr)] if acr else [])
        e = next((by_fold[k] for k in keys if k in by_fold), None)
        if e is None:
            base = slug(acr) if acr and re.fullmatch(r"[A-Za-z0-9&+\-]{2,12}", acr) else slug(name)
            eid = "org:" + base
            if eid in ents:
                eid = "org:" + slug(name)
            if eid in ents:
                return
            e = Entity(eid, "organization", name)
            e.x["x-category"] = cat
            ents[eid] = e
        e.sources.add(src)
        e.add_alias(name)
        for o in others:
            e.add_alias(o)
        if acr and acceptable_acronym(acr, words):
            e.add_alias(acr)
        for k in korean:
            e.add_alias(k)
        if q and not e.wikidata and re.fullmatch(r"Q\d+", q):
            e.wikidata = q
        for k in [fold(name)] + ([fold(acr)] if acr else []) + [fold(o) for o in others]:
            by_fold.setdefault(k, e)

    sv = os.path.join(data, "dictionary-sources/intl-organizations/supraverden/general_list.yaml")
    for o in parse_supraverden(sv):
        others = [o[k] for k in sorted(o) if re.fullmatch(r"Name_other(_\d+)?_en", k)]
        korean = [o["Name_ko"]] if o.get("Name_ko") else []
        add(o.get("Name_en", ""), o.get("Abbreviation_en", ""), others, korean, o.get("Wikidata_code", ""),
            "supraverden", "international")

    cia = os.path.join(data, "dictionary-sources/intl-organizations/cia-factbook-orgs/CountrycodesOrgs.csv")
    seen = set()
    for r in csv.DictReader(open(cia, encoding="utf-8")):
        name, acr = clean_cell(r["org_name"]), clean_cell(r["org_id"])
        if (name, acr) in seen or r["source"] != "CIAFactbook" or "_" in acr:
            continue
        seen.add((name, acr))
        add(name, acr, [], [], "", "cia-factbook", "international")

    # the hand file uses short ids (org:nato): attach generated rows with the same acronym or name to them
    _, hand_rows = read_tsv(os.path.join(SRC, "organizations.tsv"))
    for r in hand_rows:
        names = [r["name"]] + split_list(r["aliases"]) + split_list(r["exact"])
        gen = next((by_fold[fold(n)] for n in names if fold(n) in by_fold), None)
        if gen is not None and gen.id != r["id"] and r["id"] not in ents:
            del ents[gen.id]
            gen.aliases.insert(0, gen.name)
            gen.id = r["id"]
            ents[gen.id] = gen
    merge_hand(ents, os.path.join(SRC, "organizations.tsv"), by_name=True)
    return ents


def acceptable_acronym(acr, words):
    if not re.search(r"[A-Za-z]", acr):
        return False
    if acr.upper() in ACRONYM_STOP:
        return False
    if len(acr) < 3:
        return False   # two-letter codes only where curated by hand (UN, EU, AU)
    if acr.isupper() and words.get(acr.lower(), 0) >= 5:
        return False   # also an ordinary word: "CAN" (Andean Community), "ARE", "ALL"
    return True


# ----------------------------------------------------------------------------------------------- main

HEADER_COMMON = """Format: docs/dictionary-format.md. Regenerate with scripts/make_dictionaries.py; provenance and licences in
dictionaries/SOURCES.md."""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default=os.path.join(REPO, "..", "shared", "data"),
                    help="the shared data folder (default ../shared/data)")
    ap.add_argument("--iso", default="/usr/share/iso-codes/json/iso_3166-1.json")
    ap.add_argument("--out", default=os.path.join(REPO, "dictionaries"))
    args = ap.parse_args()
    data = os.path.abspath(args.data)
    if not os.path.isdir(os.path.join(data, "dictionary-sources")):
        sys.exit("make_dictionaries: %s has no dictionary-sources/" % data)
    if not os.path.exists(args.iso):
        sys.exit("make_dictionaries: %s not found (Debian package iso-codes)" % args.iso)

    removals = load_removals(os.path.join(SRC, "remove.txt"))

    countries, a2_to_a3, country_by_name = build_countries(args.iso, data)
    finish(countries, removals)
    write_tsv(os.path.join(args.out, "countries.tsv"), countries,
              ["id", "type", "name", "aliases", "exact", "wikidata", "x-iso-alpha-2", "x-provenance"],
              """entgraph shipped dictionary: countries (type country), one row per ISO 3166-1 country, plus Kosovo (XKX).
Sources: Debian iso-codes (names and codes), mledoze/countries (alternative spellings and Korean names,
ODbL 1.0), Wikidata 2022 leaders list (country Q-ids, CC0), hand-curated short forms and Korean names
(dictionaries/src/countries.tsv).
Licence: this file is a derivative database of mledoze/countries and is made available under the Open
Database License (ODbL) v1.0, https://opendatacommons.org/licenses/odbl/1-0/ .
""" + HEADER_COMMON)

    roles = {}
    merge_hand(roles, os.path.join(SRC, "roles.tsv"))
    finish(roles, removals)
    write_tsv(os.path.join(args.out, "roles.tsv"), roles,
              ["id", "type", "name", "aliases", "exact", "x-category"],
              """entgraph shipped dictionary: role titles (type role), with US/UK variants and Korean titles as aliases.
Source: written by hand by the entgraph authors (dictionaries/src/roles.tsv); titles are facts.
Aliases are capitalised title forms on purpose: "President" matches "President Lee", never "president".
Licence: same as the entgraph project.
""" + HEADER_COMMON)

    words = word_frequencies(data)
    orgs = build_organizations(data, countries, words)
    finish(orgs, removals)
    write_tsv(os.path.join(args.out, "organizations.tsv"), orgs,
              ["id", "type", "name", "aliases", "exact", "country", "wikidata", "x-category", "x-provenance"],
              """entgraph shipped dictionary: organizations (type organization): international organisations, Korean and
G20 government bodies, parliaments, parties, companies and media.
Sources: SupraVerden list of international organisations (CC BY-SA 4.0, github.com/confirmordeny/supraverden),
CIA World Factbook organisation list (US public domain, via dieghernan/Country-Codes-and-International-
Organizations, MIT), hand-curated rows (dictionaries/src/organizations.tsv).
Licence: because it is adapted from SupraVerden, this file is licensed under CC BY-SA 4.0,
https://creativecommons.org/licenses/by-sa/4.0/ .
""" + HEADER_COMMON)

    people = build_people(data, countries, a2_to_a3, country_by_name)
    finish(people, removals)
    write_tsv(os.path.join(args.out, "people.tsv"), people,
              ["id", "type", "name", "aliases", "short", "country", "wikidata", "roles", "x-roles-as-of",
               "x-provenance"],
              """entgraph shipped dictionary: people (type person): heads of state and government, foreign, defence,
finance, trade, economy, interior and justice ministers, central bank governors and envoys.
Sources: CIA World Leaders 2019 (US public domain; names converted from "Rick HOUENIPWELA" style, roles
without dates, held on x-roles-as-of), Wikidata heads of state and government 2022 (CC0; roles dated by
year), and hand-written 2025 office holders and Korean names (dictionaries/src/people.tsv).
Roles: ROLE@SCOPE/FROM/TO; TO empty while current; '//' means dates unknown.
Licence: same as the entgraph project (sources are public domain and CC0).
""" + HEADER_COMMON)

    regions = {}
    merge_hand(regions, os.path.join(SRC, "regions.tsv"))
    finish(regions, removals)
    write_tsv(os.path.join(args.out, "regions.tsv"), regions,
              ["id", "type", "name", "aliases", "country"],
              """entgraph shipped dictionary: continents, regions and a few places (type location). They exist mostly so
that the longer name wins over a country name inside it ("Latin America", "New Mexico", "Northern Ireland").
Source: written by hand by the entgraph authors (dictionaries/src/regions.tsv). Licence: as the project.
""" + HEADER_COMMON)

    for name, ents in (("countries", countries), ("roles", roles), ("organizations", orgs),
                       ("people", people), ("regions", regions)):
        n_alias = sum(1 + len(e.aliases) + len(e.exact) + len(e.short) for e in ents.values())
        print("%-14s %6d entities %7d names and aliases" % (name, len(ents), n_alias))


if __name__ == "__main__":
    main()
