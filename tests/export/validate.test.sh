#!/usr/bin/env bash
# Validates the exporters' output with outside tools:
#   1. every GraphML file against the official GraphML 1.1 XSD (xmllint, offline through the catalog in
#      $EG_SHARED_DIR/data/schemas/graphml); names.graphml holds every code point the exporter keeps
#      verbatim in node ids, so this also checks the NMTOKEN character table;
#   2. GraphML read back with networkx.read_graphml and JSON with networkx.node_link_graph: node and edge
#      counts, ids, labels, types and weights equal the test graph's (tests/unit/test_export.c).
# The files come from `test_export --write DIR`. Exit 77 (skipped) when a tool or the schemas are missing.
set -euo pipefail

: "${EG_BUILD_DIR:?EG_BUILD_DIR must point at the build directory}"
writer="$EG_BUILD_DIR/tests/test_export"
schemas="${EG_SHARED_DIR:-}/data/schemas/graphml"

if [[ ! -x "$writer" ]]; then
    echo "skipped: $writer was not built"
    exit 77
fi

work=$(mktemp -d /tmp/eg-validate-XXXXXX)
trap 'rm -rf "$work"' EXIT
"$writer" --write "$work"

ran=0
if ! command -v xmllint >/dev/null; then
    echo "note: xmllint not installed; schema validation skipped"
elif [[ -z "${EG_SHARED_DIR:-}" || ! -f "$schemas/graphml.xsd" || ! -f "$schemas/catalog.xml" ]]; then
    echo "note: GraphML schemas not found under '${EG_SHARED_DIR:-}'; schema validation skipped"
else
    for f in "$work"/*.graphml; do
        XML_CATALOG_FILES="$schemas/catalog.xml" xmllint --nonet --noout --schema "$schemas/graphml.xsd" "$f"
    done
    ran=1
fi

if ! python3 -c 'import networkx' 2>/dev/null; then
    echo "note: python3 with networkx not available; read-back checks skipped"
else
    python3 - "$work" <<'EOF'
import inspect, json, math, sys
import networkx as nx

work = sys.argv[1]
# What tests/unit/test_export.c builds: id -> (label, type); GraphML replaces the \x01 by U+FFFD.
nodes = {
    "org:a b/c": ('A & B "Quoted" <Corp>', "organization"),
    "한국": ("한국", "country"),
    "per:doe": ("Doe, John", "person"),
    "per:smiley😀": ("Smiley 😀 Face", "person"),
    "role:ctrl": ("Bad\x01Label", "role"),
    "evt:a_x": ("It's an event", "event"),
}
edges = {
    frozenset(("한국", "org:a b/c")): 0.1,
    frozenset(("per:doe", "org:a b/c")): 1 / 3,
    frozenset(("한국", "per:smiley😀")): 2.5,
    frozenset(("role:ctrl", "evt:a_x")): 1.0,
}
failures = []

def check(cond, what):
    if not cond:
        failures.append(what)

def compare(g, fmt, real_id, label_of, rel_tol):
    check(not g.is_directed(), f"{fmt}: directed")
    check(g.number_of_nodes() == len(nodes), f"{fmt}: {g.number_of_nodes()} nodes")
    check(g.number_of_edges() == len(edges), f"{fmt}: {g.number_of_edges()} edges")
    seen = {}
    for n, d in g.nodes(data=True):
        seen[real_id(n, d)] = n
        nid = real_id(n, d)
        if nid not in nodes:
            failures.append(f"{fmt}: unexpected node {nid!r}")
            continue
        label, typ = nodes[nid]
        check(d.get("label") == label_of(label), f"{fmt}: label of {nid!r} is {d.get('label')!r}")
        check(d.get("type") == typ, f"{fmt}: type of {nid!r} is {d.get('type')!r}")
    for pair, w in edges.items():
        a, b = (seen.get(x) for x in pair)
        if a is None or b is None or not g.has_edge(a, b):
            failures.append(f"{fmt}: missing edge {sorted(pair)}")
            continue
        got = g.edges[a, b].get("weight")
        check(isinstance(got, float) and math.isclose(got, w, rel_tol=rel_tol), f"{fmt}: weight {got!r} != {w}")
    check(g.graph.get("name") == "awkward & <test>" and g.graph.get("n_documents") == 42,
          f"{fmt}: graph attributes {g.graph!r}")

g = nx.read_graphml(f"{work}/awkward.graphml")
compare(g, "GraphML", lambda n, d: d.get("entity_id", n), lambda s: s.replace("\x01", "\ufffd"), 0.0)
check(g.nodes["role:ctrl"].get("r") == 214, "GraphML: Gephi colour of a role")
check(g.nodes["org:a_x0020_b_x002F_c"].get("note") == "line1\nline2\tend\r", "GraphML: note with \\t \\n \\r")

with open(f"{work}/awkward.json", encoding="utf-8") as f:
    data = json.load(f)
params = inspect.signature(nx.node_link_graph).parameters
kw = {"edges": "edges"} if "edges" in params else {"link": "edges"}
j = nx.node_link_graph(data, **kw)
# JSON reals have 15 significant digits (export.h).
compare(j, "JSON", lambda n, d: n, lambda s: s, 1e-14)
check(not j.is_multigraph(), "JSON: multigraph")

ig = nx.read_graphml(f"{work}/ids.graphml")
ids = sorted(d.get("entity_id", n) for n, d in ig.nodes(data=True))
check(ids == sorted(["", "a b", "a_x0020_b", "_", "x_x", "bad\ufffd"]), f"ids.graphml: {ids!r}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"networkx {nx.__version__}: GraphML and node-link JSON read back as expected")
EOF
    ran=1
fi

if [[ $ran -eq 0 ]]; then
    echo "skipped: neither xmllint with the GraphML schemas nor python3-networkx is available"
    exit 77
fi
echo "ok"
