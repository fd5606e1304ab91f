#!/usr/bin/env bash
# `entgraph report` end to end on the reference article, opened in headless Chromium:
#   1. the page is self-contained: no script, no src/href/url() to fetch, one inline SVG;
#   2. Chromium renders it to a PNG with no console error, and the text of the rendered page names the top
#      entities of the reference article (tests/e2e/korea-us-tariffs-2025-07.expected.json) and has every
#      section;
#   3. a report of the built graph file gives the same picture; a failed run keeps the earlier report.
# Exit 77 (skipped) when chromium is not installed (scripts/setup-debian.sh --with-browser installs it).
set -euo pipefail
: "${EG:?EG must point at the entgraph binary}" "${EG_SOURCE_DIR:?}"

fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d /tmp/eg-report-XXXXXX)
trap 'rm -rf "$work"' EXIT
article="$EG_SOURCE_DIR/examples/korea-us-tariffs-2025-07.txt"

# The page itself (no browser needed).
"$EG" report "$article" -o "$work/out/report.html" > "$work/stdout"
grep -q "^wrote $work/out/report.html (" "$work/stdout" || fail "unexpected output: $(cat "$work/stdout")"
page="$work/out/report.html"
! grep -Eqi '<script|src=|href=|url\(|@import|<link|<iframe' "$page" || fail "the page refers outside itself"
[[ $(grep -o 'https\?://[^"]*' "$page" | sort -u) == "http://www.w3.org/2000/svg" ]] ||
    fail "the page names a URL other than the SVG namespace"
[[ $(grep -c '<svg ' "$page") == 1 ]] || fail "expected one inline SVG"

# The same graph from its file gives the same picture.
"$EG" build -q -o "$work/g" "$article"
"$EG" report -q "$work/g/graph.json" -o "$work/from-graph.html"
diff <(sed -n '/<svg /,/<\/svg>/p' "$page") <(sed -n '/<svg /,/<\/svg>/p' "$work/from-graph.html") >/dev/null ||
    fail "the picture of the graph file differs from the picture of the text"

# A failed run keeps the earlier report.
cp "$page" "$work/before.html"
set +e
"$EG" report "$work/missing.txt" -o "$page" 2> "$work/err"; rc=$?
set -e
[[ $rc == 1 ]] || fail "missing input: exit $rc"
grep -q "missing.txt" "$work/err" || fail "the error does not name the input: $(cat "$work/err")"
cmp -s "$page" "$work/before.html" || fail "a failed run changed the earlier report"
set +e
"$EG" report "$work/g/graph.json" -o "$work/x.html" --rows 0 2> "$work/err"; rc=$?
set -e
[[ $rc == 2 ]] || fail "--rows 0: exit $rc"

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
    echo "skipped: chromium is not installed (scripts/setup-debian.sh --with-browser installs it); the page's"
    echo "static checks passed"
    exit 77
fi
run_chromium() {
    local profile
    profile=$(mktemp -d "$work/profile-XXXXXX")
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
        --enable-logging=stderr --v=0 "$@"
}
run_chromium --screenshot="$work/report.png" --window-size=1280,2000 "file://$page" \
    > "$work/chromium.out" 2> "$work/chromium.err" || fail "chromium failed: $(tail -5 "$work/chromium.err")"
[[ -s "$work/report.png" ]] || fail "chromium wrote no screenshot"
[[ $(head -c 8 "$work/report.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "not a PNG"
if grep -E 'CONSOLE|Uncaught|Refused to|net::ERR_' "$work/chromium.err"; then
    fail "console errors while rendering the page"
fi

# The text of the page as Chromium sees it: every section and the top entities of the reference article.
run_chromium --dump-dom "file://$page" > "$work/dom.html" 2> "$work/chromium.err" || fail "chromium --dump-dom"
python3 - "$work/dom.html" "$EG_SOURCE_DIR/tests/e2e/korea-us-tariffs-2025-07.expected.json" <<'EOF'
import html.parser, json, sys
class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0
    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "title")
    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "title")
    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)
t = Text()
t.feed(open(sys.argv[1], encoding="utf-8").read())
text = " ".join(t.parts)
for heading in ("Summary", "The network", "Top entities", "PageRank", "Betweenness", "Communities",
                "Strongest links", "Entities outside the dictionaries"):
    assert heading in text, heading
expected = json.load(open(sys.argv[2], encoding="utf-8"))
labels = [e["label"] for e in expected["entities"]]
for label in labels[:6]:
    assert label in text, label
# The top of the PageRank table is the reference article's most central pair.
pr = text[text.index("PageRank"):]
assert pr.index("South Korea") < pr.index("Wi Seong-rak"), "PageRank order"
print("rendered page names %s" % ", ".join(labels[:6]))
EOF
echo "report: all checks passed"
