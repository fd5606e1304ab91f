#!/usr/bin/env bash
# `entgraph render` end to end on the reference article:
#   1. the SVG is well-formed XML (xmllint) and its nodes, colours and labels match the graph: one circle per
#      node, each with the node's type and the GraphML export's r/g/b colour, every label the node's label;
#   2. the same seed gives the same bytes; --top cuts the graph and says so;
#   3. Hangul labels survive as text (a Korean graph);
#   4. bad input: a missing graph (exit 1), a bad layout or measure (exit 2); a failed run keeps the old file.
set -euo pipefail
: "${EG:?EG must point at the entgraph binary}" "${EG_SOURCE_DIR:?}"

if ! command -v xmllint >/dev/null || ! command -v python3 >/dev/null; then
    echo "skipped: xmllint or python3 is not installed"
    exit 77
fi
work=$(mktemp -d /tmp/eg-render-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$EG" build -q -o "$work/out" "$EG_SOURCE_DIR/examples/korea-us-tariffs-2025-07.txt"
"$EG" render "$work/out/graph.graphml" -o "$work/graph.svg" --labels 100 > "$work/stdout"
grep -Eq "^wrote $work/graph.svg \([0-9]+ entities, [0-9]+ links, [0-9]+ labels, layout fr\)$" "$work/stdout" ||
    fail "unexpected summary: $(cat "$work/stdout")"
xmllint --noout "$work/graph.svg" || fail "graph.svg is not well-formed XML"

python3 - "$work/out/graph.graphml" "$work/graph.svg" <<'EOF'
import sys
import xml.etree.ElementTree as ET
G = "{http://graphml.graphdrawing.org/xmlns}"
S = "{http://www.w3.org/2000/svg}"
gml = ET.parse(sys.argv[1]).getroot()
keys = {k.get("id"): k.get("attr.name") for k in gml.iter(G + "key")}
nodes = {}
for n in gml.iter(G + "node"):
    attrs = {keys[d.get("key")]: d.text for d in n.findall(G + "data")}
    nodes[attrs.get("entity_id", n.get("id"))] = attrs
svg = ET.parse(sys.argv[2]).getroot()
circles = [c for c in svg.iter(S + "circle") if c.get("class") == "node"]
assert len(circles) == len(nodes), (len(circles), len(nodes))
for c in circles:
    a = nodes[c.get("data-id")]
    assert c.get("data-type") == a["type"], c.attrib
    assert c.get("data-label") == a["label"], c.attrib
    want = "#%02x%02x%02x" % (int(a["r"]), int(a["g"]), int(a["b"]))
    assert c.get("fill") == want, (c.attrib, want)
labels = [t for t in svg.iter(S + "text") if t.get("class") == "label"]
assert len(labels) >= 10, len(labels)
for t in labels:
    assert t.text == nodes[t.get("data-id")]["label"], (t.text, t.attrib)
drawn = {c.get("data-id") for c in circles}
edges = [l for l in svg.iter(S + "line") if l.get("class") == "edge"]
assert len(edges) == len(list(gml.iter(G + "edge"))), len(edges)
for l in edges:
    assert l.get("data-source") in drawn and l.get("data-target") in drawn
# The legend has one swatch per type, in the type's colour.
swatches = {s.get("data-type"): s.get("fill") for s in svg.iter(S + "circle") if s.get("class") == "swatch"}
for c in circles:
    assert swatches[c.get("data-type")] == c.get("fill")
print("svg matches the graph: %d nodes, %d edges, %d labels" % (len(circles), len(edges), len(labels)))
EOF

# Deterministic for a seed; the JSON form of the graph gives the same picture as the GraphML one.
"$EG" render "$work/out/graph.json" -q -o "$work/again.svg" --labels 100
cmp -s "$work/graph.svg" "$work/again.svg" || fail "two runs with the same seed differ"

# Cut to the top 5, saying so; sized by a node attribute; other layouts.
"$EG" render "$work/out/graph.json" -o "$work/top5.svg" -k 5 -s mentions -l kk > "$work/stdout"
grep -Eq "^the graph has [0-9]+ entities: drew the top 5 by mentions" "$work/stdout" || fail "no cut message"
[[ $(grep -c 'class="node"' "$work/top5.svg") == 5 ]] || fail "--top 5 did not draw 5 nodes"
grep -Eq 'showing the top 5 of [0-9]+ entities' "$work/top5.svg" || fail "the legend does not say it was cut"
"$EG" render "$work/out/graph.json" -q -o "$work/drl.svg" --layout drl && xmllint --noout "$work/drl.svg"

# Hangul labels.
printf 'id\ttype\tname\taliases\nperson:lee\tperson\t이재명\t\ncountry:KOR\tcountry\t대한민국\t한국\n' > "$work/ko.tsv"
printf '이재명 대통령은 한국의 경제를 말했다.\n' > "$work/ko.txt"
"$EG" build -q --no-default-dicts -d "$work/ko.tsv" -o "$work/ko" "$work/ko.txt"
"$EG" render -q "$work/ko/graph.json" -o "$work/ko.svg"
xmllint --noout "$work/ko.svg"
grep -q '>이재명</text>' "$work/ko.svg" || fail "Hangul label missing"
grep -q 'Noto Sans CJK KR' "$work/ko.svg" || fail "no CJK font fallback"

# Errors: exit codes and messages; the earlier picture stays.
set +e
"$EG" render "$work/missing.json" -o "$work/graph.svg" 2> "$work/err"; rc=$?
set -e
[[ $rc == 1 ]] || fail "missing graph: exit $rc"
grep -q "missing.json" "$work/err" || fail "the error does not name the file: $(cat "$work/err")"
cmp -s "$work/graph.svg" "$work/again.svg" || fail "a failed run changed the earlier picture"
for bad in "--layout circle" "--size-by nothing" "--top -1" "--labels" "--width 10"; do
    set +e
    # shellcheck disable=SC2086
    "$EG" render "$work/out/graph.json" -o "$work/x.svg" $bad 2> "$work/err"; rc=$?
    set -e
    [[ $rc == 2 ]] || fail "render $bad: exit $rc, expected 2"
    grep -q "^entgraph: error: render: " "$work/err" || fail "render $bad: $(cat "$work/err")"
done
[[ ! -e "$work/x.svg" ]] || fail "a usage error wrote a file"
"$EG" render --help | grep -q "^Usage: entgraph render GRAPH" || fail "render --help"
echo "render: all checks passed"
