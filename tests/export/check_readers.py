"""Reads the exports of tests/unit/test_export.c's awkward graph back with outside readers and compares
nodes, edges, labels, types and weights with what the test builds. Usage: check_readers.py MODE DIR, MODE
one of networkx (GraphML, GEXF, four JSON styles, CSV), igraph (GraphML), dot (Graphviz's JSON of the DOT).
"""
import csv
import json
import math
import sys

mode, work = sys.argv[1], sys.argv[2]
FFFD = "\ufffd"
# id -> (label, type) as JSON carries them; XML formats and DOT replace the \x01 by U+FFFD.
NODES = {
    "org:a b/c": ('A & B "Quoted" <Corp>', "organization"),
    "한국": ("한국", "country"),
    "per:doe": ("Doe, John", "person"),
    "per:smiley😀": ("Smiley 😀 Face", "person"),
    "role:ctrl": ("Bad\x01Label", "role"),
    "evt:a_x": ("It's an event", "event"),
}
EDGES = {
    frozenset(("한국", "org:a b/c")): 0.1,
    frozenset(("per:doe", "org:a b/c")): 1 / 3,
    frozenset(("한국", "per:smiley😀")): 2.5,
    frozenset(("role:ctrl", "evt:a_x")): 1.0,
}
EVIDENCE_TEXT = 'Tab\there,\nnewline "q" & <x>'
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def xml_label(s):
    return s.replace("\x01", FFFD)


def compare(fmt, nodes, edges, label_of=lambda s: s, rel_tol=1e-14):
    """nodes: {id: (label, type)}; edges: {frozenset(ids): weight}."""
    check(set(nodes) == set(NODES), f"{fmt}: node ids {sorted(nodes)!r}")
    for nid, (label, typ) in NODES.items():
        got = nodes.get(nid)
        check(got == (label_of(label), typ), f"{fmt}: node {nid!r} is {got!r}")
    check(set(edges) == set(EDGES), f"{fmt}: edges {sorted(map(sorted, edges))!r}")
    for pair, w in EDGES.items():
        got = edges.get(pair)
        check(isinstance(got, float) and math.isclose(got, w, rel_tol=rel_tol), f"{fmt}: weight {got!r} != {w}")


def from_nx(g, real_id=lambda n, d: n):
    nodes = {real_id(n, d): (d.get("label"), d.get("type")) for n, d in g.nodes(data=True)}
    ids = {n: real_id(n, d) for n, d in g.nodes(data=True)}
    edges = {frozenset((ids[a], ids[b])): d.get("weight") for a, b, d in g.edges(data=True)}
    check(not g.is_directed() and not g.is_multigraph(), "directed or multigraph")
    return nodes, edges


def evidence_of(edges_data):
    """The evidence text on the role:ctrl -- evt:a_x edge, whether a JSON value or a JSON string."""
    for d in edges_data:
        ev = d.get("evidence")
        if ev is not None:
            ev = json.loads(ev) if isinstance(ev, str) else ev
            return ev[0]["text"]
    return None


if mode == "networkx":
    import networkx as nx

    g = nx.read_graphml(f"{work}/awkward.graphml")
    compare("GraphML/networkx", *from_nx(g, lambda n, d: d.get("entity_id", n)), label_of=xml_label, rel_tol=0)
    check(evidence_of(d for _, _, d in g.edges(data=True)) == EVIDENCE_TEXT, "GraphML: evidence text")
    check(isinstance(g.nodes["per:doe"].get("mentions"), int), "GraphML: mentions not an int")

    g = nx.read_gexf(f"{work}/awkward.gexf")
    compare("GEXF/networkx", *from_nx(g), label_of=xml_label, rel_tol=0)
    check(evidence_of(d for _, _, d in g.edges(data=True)) == EVIDENCE_TEXT, "GEXF: evidence text")
    check(g.nodes["per:doe"].get("mentions") == 7, "GEXF: mentions of per:doe")
    check(g.nodes["role:ctrl"].get("viz", {}).get("color", {}).get("r") == 214, "GEXF: viz colour")

    d = nx.read_gexf(f"{work}/dynamic.gexf")
    check(d.graph.get("mode") == "dynamic", f"dynamic GEXF: mode {d.graph.get('mode')!r}")
    spells = d.nodes["per:a"].get("spells")
    check(spells == [("2025-07-01", "2025-07-09")], f"dynamic GEXF: spells of per:a {spells!r}")
    s = nx.read_gexf(f"{work}/awkward.gexf")
    check(s.graph.get("mode") == "static", "awkward GEXF is not static")

    def load(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)

    def node_link(data, key):
        try:
            return nx.node_link_graph(data, edges=key)
        except TypeError:  # networkx < 3.4 names the parameter "link"
            return nx.node_link_graph(data, link=key)

    g = node_link(load(f"{work}/awkward.json"), "edges")
    compare("JSON networkx", *from_nx(g))
    check(evidence_of(d for _, _, d in g.edges(data=True)) == EVIDENCE_TEXT, "JSON: evidence text")
    g = node_link(load(f"{work}/d3/awkward.json"), "links")
    compare("JSON d3", *from_nx(g))
    data = load(f"{work}/cytoscape/awkward.json")
    # Cytoscape.js itself reads it in js/check.mjs; here the structure is checked.
    els = data["elements"]
    compare("JSON cytoscape", {n["data"]["id"]: (n["data"].get("label"), n["data"].get("type")) for n in els["nodes"]},
            {frozenset((e["data"]["source"], e["data"]["target"])): e["data"]["weight"] for e in els["edges"]})
    data = load(f"{work}/graphology/awkward.json")
    check(data.get("options", {}).get("type") == "undirected", "JSON graphology: options")
    compare("JSON graphology",
            {n["key"]: (n["attributes"].get("label"), n["attributes"].get("type")) for n in data["nodes"]},
            {frozenset((e["source"], e["target"])): float(e["attributes"]["weight"]) for e in data["edges"]})

    with open(f"{work}/awkward-nodes.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(f"{work}/awkward-edges.csv", newline="", encoding="utf-8") as f:
        erows = list(csv.DictReader(f))
    check(list(rows[0])[:3] == ["Id", "Label", "Type"], f"CSV: node header {list(rows[0])!r}")
    check(list(erows[0])[:4] == ["Source", "Target", "Type", "Weight"], f"CSV: edge header {list(erows[0])!r}")
    compare("CSV", {r["Id"]: (r["Label"], r["Type"]) for r in rows},
            {frozenset((r["Source"], r["Target"])): float(r["Weight"]) for r in erows}, rel_tol=0)
    check(all(r["Type"] == "Undirected" for r in erows), "CSV: edge Type")
    check(evidence_of(erows) == EVIDENCE_TEXT, "CSV: evidence text")
    print(f"networkx {nx.__version__}: GraphML, GEXF, JSON (4 styles) and CSV read back as expected")

elif mode == "igraph":
    import igraph

    g = igraph.Graph.Read_GraphML(f"{work}/awkward.graphml")
    ids = [v["entity_id"] if v["entity_id"] else v["id"] for v in g.vs]
    compare("GraphML/igraph",
            {i: (v["label"], v["type"]) for i, v in zip(ids, g.vs)},
            {frozenset((ids[e.source], ids[e.target])): e["weight"] for e in g.es}, label_of=xml_label, rel_tol=0)
    check(not g.is_directed(), "GraphML/igraph: directed")
    print(f"python-igraph {igraph.__version__}: GraphML read back as expected")

elif mode == "dot":
    with open(f"{work}/awkward.dot.json", encoding="utf-8") as f:
        data = json.load(f)
    objs = data.get("objects", [])
    # Graphviz's JSON has "label" after escString processing: \n is a line break there; none here.
    compare("DOT/graphviz", {o["name"]: (o.get("label"), o.get("type")) for o in objs},
            {frozenset((objs[e["tail"]]["name"], objs[e["head"]]["name"])): float(e["weight"])
             for e in data.get("edges", [])}, label_of=xml_label, rel_tol=0)
    print("graphviz: DOT read back as expected")

if failures:
    print("\n".join(failures))
    sys.exit(1)
