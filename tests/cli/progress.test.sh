#!/usr/bin/env bash
# The progress line on a terminal: drawn while documents arrive, erased before a warning (which then starts
# a line of its own) and before the summary; --quiet draws nothing and prints no summary; extract draws
# none when its output goes to the terminal too. The terminal is
# script(1)'s pseudo-terminal; the documents come through a pipe with pauses, so that the line is drawn
# (at most every 0.25 s) before the malformed record that makes the warning.
set -uo pipefail
command -v script >/dev/null || { echo "skipped: no script(1) to run entgraph on a terminal"; exit 77; }
script -qec true /dev/null >/dev/null 2>&1 </dev/null ||
  { echo "skipped: script(1) cannot open a pseudo-terminal here"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
cat >"$tmp/feed.sh" <<'SH'
doc='{"id":"d%s","text":"Lee Jae-myung met Donald Trump in Washington."}\n'
printf "$doc" 1; sleep 0.6; printf "$doc" 2; printf '{"id":"bad","text":\n'; sleep 0.6; printf "$doc" 3
SH

# run NAME OPTIONS...: build on a terminal from the feed; the terminal's bytes go to $tmp/NAME.tty.
run() {
  local name=$1; shift
  local cmd="bash '$tmp/feed.sh' | '$EG' build --jsonl -j 1 $* -o '$tmp/$name' -"
  script -qec "$cmd" /dev/null >"$tmp/$name.tty" 2>&1 </dev/null || { echo "$name: build failed: $(cat -v "$tmp/$name.tty")"; fail=1; }
}

run shown
python3 - "$tmp/shown.tty" <<'PY' || fail=1
import re, sys
tty = open(sys.argv[1], "rb").read()
erase = b"\r\x1b[K"
warn = tty.find(b"entgraph: warning: -:3:")
drawn = re.search(rb"\r\x1b\[K\d+ documents?, ", tty)
line = drawn.start() if drawn else -1
summary = tty.find(b"entgraph: 3 documents")
ok = True
if line < 0 or warn < 0 or summary < 0 or not line < warn < summary:
    print("expected the progress line, then the warning, then the summary:", tty)
    sys.exit(1)
# Whatever came before the warning and the summary was erased, or ended with a line break.
for what, at in (("warning", warn), ("summary", summary)):
    before = tty[:at]
    if not (before.endswith(erase) or before.endswith(b"\n")):
        print(f"the {what} follows the progress line on the same line:", before[-60:])
        ok = False
sys.exit(0 if ok else 1)
PY

run quiet -q
grep -Eq 'documents?, [0-9.]+ MB' "$tmp/quiet.tty" && { echo "--quiet drew a progress line: $(cat -v "$tmp/quiet.tty")"; fail=1; }
grep -q 'entgraph: 3 documents' "$tmp/quiet.tty" && { echo "--quiet printed the summary"; fail=1; }
grep -q 'entgraph: warning: -:3:' "$tmp/quiet.tty" || { echo "--quiet lost the warning: $(cat -v "$tmp/quiet.tty")"; fail=1; }
# extract writes its mentions to standard output as it goes: with that on the terminal too, no line is
# drawn into them; with it redirected, the line is drawn.
cmd="bash '$tmp/feed.sh' | '$EG' extract --jsonl -j 1 -"
script -qec "$cmd" /dev/null >"$tmp/extract.tty" 2>&1 </dev/null
grep -q '"entity":"person:lee-jae-myung"' "$tmp/extract.tty" || { echo "extract: no mentions: $(cat -v "$tmp/extract.tty")"; fail=1; }
grep -Eq 'documents?, [0-9.]+ MB' "$tmp/extract.tty" && { echo "extract drew a line into its output: $(cat -v "$tmp/extract.tty")"; fail=1; }
script -qec "$cmd >'$tmp/extract.jsonl'" /dev/null >"$tmp/extract-redirected.tty" 2>&1 </dev/null
grep -Eq 'documents?, [0-9.]+ MB' "$tmp/extract-redirected.tty" ||
  { echo "extract to a file drew no line: $(cat -v "$tmp/extract-redirected.tty")"; fail=1; }
[ "$(grep -c lee-jae-myung "$tmp/extract.jsonl")" = 3 ] || { echo "extract to a file: $(cat "$tmp/extract.jsonl")"; fail=1; }

for f in shown quiet; do
  [ -s "$tmp/$f/graph.graphml" ] || { echo "$f: no graph.graphml"; fail=1; }
done
[ $fail = 0 ] && echo "progress: all passed"
exit $fail
