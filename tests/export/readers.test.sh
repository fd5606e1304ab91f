#!/usr/bin/env bash
# Every export of the awkward test graph (tests/unit/test_export.c: quotes, &, <, Hangul, an emoji, a control
# character, a comma, a tab and a newline in evidence text) validated and read back by its consumers:
#   1. GEXF against the GEXF 1.3 RELAX NG grammar as written, and against the 1.3 XSD with the viz: elements
#      set aside (the 1.3 viz.xsd has no target namespace; see ../shared/data/schemas/README.md); GraphML
#      against the GraphML 1.1 XSD (also in validate.test.sh, repeated here for the graph with evidence);
#   2. GraphML into networkx and python-igraph, GEXF into networkx, each JSON style into networkx
#      (node_link_graph for networkx and d3, cytoscape_graph for cytoscape), CSV through Python's csv module,
#      DOT through Graphviz (dot -Tjson): same nodes, edges, labels, types and weights;
#   3. the dynamic test graph's GEXF is mode="dynamic" with spells from first to last sighting.
# Exit 77 (skipped) when neither the schemas nor a reader is available; each missing piece is named.
set -euo pipefail

: "${EG_BUILD_DIR:?EG_BUILD_DIR must point at the build directory}"
writer="$EG_BUILD_DIR/tests/test_export"
schemas="${EG_SHARED_DIR:-}/data/schemas"
[[ -x "$writer" ]] || { echo "skipped: $writer was not built"; exit 77; }

work=$(mktemp -d /tmp/eg-readers-XXXXXX)
trap 'rm -rf "$work"' EXIT
"$writer" --write "$work"

ran=0
if ! command -v xmllint >/dev/null; then
    echo "note: xmllint not installed; schema validation skipped"
elif [[ ! -f "$schemas/gexf/1.3/gexf.xsd" || ! -f "$schemas/graphml/catalog.xml" ]]; then
    echo "note: schemas not found under '${EG_SHARED_DIR:-}/data/schemas'; schema validation skipped"
else
    for f in "$work"/awkward.gexf "$work"/dynamic.gexf; do
        xmllint --nonet --noout --relaxng "$schemas/gexf/1.3/gexf.rng" "$f"
        grep -v '<viz:' "$f" > "$work/noviz.gexf"
        xmllint --nonet --noout --schema "$schemas/gexf/1.3/gexf.xsd" "$work/noviz.gexf"
    done
    for f in "$work"/awkward.graphml "$work"/dynamic.graphml; do
        XML_CATALOG_FILES="$schemas/graphml/catalog.xml" \
            xmllint --nonet --noout --schema "$schemas/graphml/graphml.xsd" "$f"
    done
    ran=1
fi

# A Python with networkx (Debian's python3-networkx may live beside another python3 on PATH).
py=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import networkx' 2>/dev/null; then py=$p; break; fi
done
# python-igraph: Debian's python3-igraph, in whichever interpreter has it.
pyig=""
for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import igraph' 2>/dev/null; then pyig=$p; break; fi
done

if [[ -z "$py" ]]; then
    echo "note: no python3 with networkx; networkx read-back skipped"
else
    "$py" "$(dirname "$0")/check_readers.py" networkx "$work"
    ran=1
fi
if [[ -z "$pyig" ]]; then
    echo "note: no python3 with igraph (python3-igraph); igraph read-back skipped"
else
    "$pyig" "$(dirname "$0")/check_readers.py" igraph "$work"
    ran=1
fi
if ! command -v dot >/dev/null; then
    echo "note: Graphviz (dot) not installed; DOT read-back skipped"
elif [[ -n "$py$pyig" ]]; then
    dot -Tjson "$work/awkward.dot" > "$work/awkward.dot.json"
    ${py:-$pyig} "$(dirname "$0")/check_readers.py" dot "$work"
    ran=1
fi

if [[ $ran -eq 0 ]]; then
    echo "skipped: no schema validator and no reader available"
    exit 77
fi
echo "ok"
