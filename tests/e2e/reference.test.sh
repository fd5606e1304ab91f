#!/usr/bin/env bash
# The product's reference case: the Korea-US tariff article with the shipped dictionaries must give the
# entities, mention counts, sentence edges and centralities listed in korea-us-tariffs-2025-07.expected.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
article="$EG_SOURCE_DIR/examples/korea-us-tariffs-2025-07.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$EG" build -q -o "$tmp/out" "$article"
"$EG" build -q -f json --roles attributes -o "$tmp/attr" "$article"
"$EG" extract "$article" >"$tmp/mentions.jsonl"
"$EG" top "$tmp/out/graph.json" --by pagerank --format tsv >"$tmp/pr.tsv"
"$EG" top "$tmp/out/graph.graphml" --by strength --format tsv >"$tmp/st.tsv"
python3 "$here/check_reference.py" "$here/korea-us-tariffs-2025-07.expected.json" "$article" \
  "$tmp/mentions.jsonl" "$tmp/out/graph.json" "$tmp/pr.tsv" "$tmp/st.tsv" "$tmp/attr/graph.json"
