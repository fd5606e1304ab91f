#!/usr/bin/env bash
# The awkward test graph's exports read by JavaScript consumers (tests/export/js/check.cjs): GraphML with
# graphology-graphml, GEXF with graphology-gexf, graphology JSON with graphology's import, cytoscape JSON
# with headless Cytoscape.js. The packages are pinned in tests/export/js/package-lock.json and installed by
# `npm ci --prefix tests/export/js` (.ci/run does it). Exit 77 (skipped) without node or node_modules.
set -euo pipefail

: "${EG_BUILD_DIR:?EG_BUILD_DIR must point at the build directory}"
here=$(cd "$(dirname "$0")" && pwd)
writer="$EG_BUILD_DIR/tests/test_export"
[[ -x "$writer" ]] || { echo "skipped: $writer was not built"; exit 77; }
command -v node >/dev/null || { echo "skipped: node is not installed"; exit 77; }
if [[ ! -d "$here/js/node_modules/graphology-graphml" || ! -d "$here/js/node_modules/cytoscape" ]]; then
    echo "skipped: $here/js/node_modules is missing; run: npm ci --prefix tests/export/js"
    exit 77
fi

work=$(mktemp -d /tmp/eg-js-XXXXXX)
trap 'rm -rf "$work"' EXIT
"$writer" --write "$work"
node "$here/js/check.cjs" "$work"
