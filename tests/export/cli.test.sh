#!/usr/bin/env bash
# `entgraph build --format/--json-style` end to end on the bundled article:
#   - every format at once lands in -o DIR with the documented names;
#   - `entgraph top` gives the same answer from the GraphML and the JSON of one run, for every measure;
#   - a failed write (read-only directory; a file size limit set with ulimit -f) exits 1 with a message
#     naming the file and leaves the earlier outputs byte for byte as they were, with no temporary files;
#   - a bad --json-style or --format is a usage error (exit 2).
set -euo pipefail
: "${EG:?EG must point at the entgraph binary}" "${EG_SOURCE_DIR:?}"
article="$EG_SOURCE_DIR/examples/korea-us-tariffs-2025-07.txt"
work=$(mktemp -d /tmp/eg-export-cli-XXXXXX)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$EG" build -q -o "$work/out" --format graphml,gexf,json,csv,dot --json-style networkx "$article"
for f in graph.graphml graph.gexf graph.json nodes.csv edges.csv graph.dot; do
    [[ -s "$work/out/$f" ]] || fail "missing $f"
done
head -1 "$work/out/nodes.csv" | grep -q '^Id,Label,Type,' || fail "nodes.csv header"
head -1 "$work/out/edges.csv" | grep -q '^Source,Target,Type,Weight' || fail "edges.csv header"

for by in degree strength pagerank betweenness eigenvector closeness harmonic coreness; do
    a=$("$EG" top "$work/out/graph.graphml" --by "$by" -k 0 --format tsv)
    b=$("$EG" top "$work/out/graph.json" --by "$by" -k 0 --format tsv)
    [[ "$a" == "$b" ]] || fail "top --by $by differs between GraphML and JSON"
done

for style in d3 cytoscape graphology; do
    "$EG" build -q -o "$work/$style" --format json --json-style "$style" "$article"
done
grep -q '"links"' "$work/d3/graph.json" || fail "d3 style has no links"
grep -q '"elements"' "$work/cytoscape/graph.json" || fail "cytoscape style has no elements"
grep -q '"allowSelfLoops"' "$work/graphology/graph.json" || fail "graphology style has no options"

set +e
"$EG" build -q -o "$work/x" --json-style yaml "$article" 2>"$work/err"; rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q "unknown JSON style 'yaml'" "$work/err" || fail "bad --json-style: exit $rc"

# Write failures leave the earlier outputs untouched.
cp -r "$work/out" "$work/before"
if [[ $(id -u) -ne 0 ]]; then
    chmod a-w "$work/out"
    set +e
    "$EG" build -q -o "$work/out" --format graphml,gexf,json,csv,dot "$article" 2>"$work/err"; rc=$?
    set -e
    chmod u+w "$work/out"
    [[ $rc -eq 1 ]] && grep -q "cannot create $work/out/graph.graphml" "$work/err" || fail "read-only: exit $rc"
    diff -r "$work/before" "$work/out" >/dev/null || fail "read-only directory: outputs changed"
else
    echo "note: running as root; the read-only directory check is skipped"
fi
set +e
(ulimit -f 8; "$EG" build -q -o "$work/out" --format graphml,gexf,json,csv,dot "$article") 2>"$work/err"; rc=$?
set -e
[[ $rc -eq 1 ]] && grep -q "File too large" "$work/err" || fail "ulimit -f: exit $rc: $(cat "$work/err")"
diff -r "$work/before" "$work/out" >/dev/null || fail "ulimit -f: outputs changed"
ls "$work/out" | grep -q tmp && fail "temporary files left behind"
echo "ok"
