#!/usr/bin/env bash
# -j/--threads: build, extract and discover write byte-identical outputs for every number of workers
# (documents are analysed in parallel but delivered in input order); bad values are usage errors (exit 2);
# extract and discover write nothing to a redirected stderr (the progress line and summary are for
# terminals); warnings come in input order for every -j. The corpus is the bundled article cut into many JSONL documents, plus the article itself,
# plus news-en's BBC file when ../shared is present.
set -uo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
article="$EG_SOURCE_DIR/examples/korea-us-tariffs-2025-07.txt"
# One document per paragraph, ids p1, p2, ...
python3 - "$article" >"$tmp/paras.jsonl" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
for i, p in enumerate([p for p in text.split("\n\n") if p.strip()] * 20, 1):
    print(json.dumps({"id": f"p{i}", "text": p}, ensure_ascii=False))
PY
# A person no dictionary knows, written one way in the first document and another way in 199 after it.
python3 - >"$tmp/people.jsonl" <<'PY'
import json
for i in range(200):
    name = "Maria Lopez-Garcia" if i == 0 else "Maria Lopez Garcia"
    print(json.dumps({"id": f"s{i}", "text": f"Senator {name} spoke on day {i}. " + "Talks went on. " * (i % 40)}))
PY
inputs=("$tmp/paras.jsonl" "$tmp/people.jsonl" "$article")
bbc="${EG_SHARED_DIR:-/nonexistent}/data/news-en/bbc.jsonl"
[ -f "$bbc" ] && inputs+=("$bbc")

for j in 1 2 3 8; do
  "$EG" build -q -j "$j" -o "$tmp/out$j" "${inputs[@]}" || { echo "build -j $j failed"; fail=1; }
  "$EG" extract -q --threads "$j" "${inputs[@]}" >"$tmp/ext$j.jsonl" 2>"$tmp/ext$j.err" ||
    { echo "extract -j $j failed"; fail=1; }
  [ -s "$tmp/ext$j.err" ] && { echo "extract -q -j $j wrote to stderr"; fail=1; }
  "$EG" discover -j "$j" "${inputs[@]}" >"$tmp/dis$j.tsv" 2>"$tmp/dis$j.err" ||
    { echo "discover -j $j failed"; fail=1; }
  [ -s "$tmp/dis$j.err" ] && { echo "discover -j $j wrote to a redirected stderr"; fail=1; }
done
[ "$(wc -l <"$tmp/ext1.jsonl")" -gt 1000 ] || { echo "too few mentions"; fail=1; }
# The names of the people found come from the first document naming them, whichever worker met them first.
for j in 1 2 3 8; do
  grep -q $'^person:discovered:maria-lopez-garcia\tperson\tMaria Lopez-Garcia\t200\tSenator Maria Lopez-Garcia spoke on day 0\.$' \
    "$tmp/dis$j.tsv" || { echo "discover -j $j: $(grep -i lopez "$tmp/dis$j.tsv")"; fail=1; }
done
for j in 2 3 8; do
  for f in graph.graphml graph.json; do
    cmp -s "$tmp/out1/$f" "$tmp/out$j/$f" || { echo "build -j $j: $f differs from -j 1"; fail=1; }
  done
  cmp -s "$tmp/ext1.jsonl" "$tmp/ext$j.jsonl" || { echo "extract -j $j differs from -j 1"; fail=1; }
  cmp -s "$tmp/dis1.tsv" "$tmp/dis$j.tsv" || { echo "discover -j $j differs from -j 1"; fail=1; }
done
# Dated documents: per-period counts and days, and evidence from paragraph windows, rendered on the
# workers too, the same for every -j.
python3 - "$tmp/paras.jsonl" >"$tmp/dated.jsonl" <<'PY'
import json, sys
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    d = json.loads(line)
    d["date"] = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
    print(json.dumps(d, ensure_ascii=False))
PY
for j in 1 3; do
  "$EG" build -q -j "$j" --period week --window paragraph --evidence 5 -o "$tmp/dated$j" "$tmp/dated.jsonl" ||
    { echo "dated build -j $j failed"; fail=1; }
done
grep -q '"periods"' "$tmp/dated1/graph.json" || { echo "dated build: no periods"; fail=1; }
for f in graph.graphml graph.json; do
  cmp -s "$tmp/dated1/$f" "$tmp/dated3/$f" || { echo "dated build -j 3: $f differs from -j 1"; fail=1; }
done
# Large files written in parts (more threads than files, at least 8,192 edges a part): news-en's BBC file
# with the large benchmark dictionary has about 26,000 edges, so -j 4 writes GraphML and JSON in two parts
# each and -j 8 -f graphml,csv in three; the files are those of -j 1.
large="${EG_SHARED_DIR:-/nonexistent}/data/bench/large.dict.tsv"
if [ -f "$bbc" ] && [ -f "$large" ]; then
  "$EG" build -q -j 1 -f graphml,json,csv --no-default-dicts -d "$large" -o "$tmp/parts1" "$bbc" ||
    { echo "large build -j 1 failed"; fail=1; }
  "$EG" build -q -j 4 --no-default-dicts -d "$large" -o "$tmp/parts4" "$bbc" ||
    { echo "large build -j 4 failed"; fail=1; }
  "$EG" build -q -j 8 -f graphml,csv --no-default-dicts -d "$large" -o "$tmp/parts8" "$bbc" ||
    { echo "large build -j 8 failed"; fail=1; }
  for f in graph.graphml graph.json; do
    cmp -s "$tmp/parts1/$f" "$tmp/parts4/$f" || { echo "large build -j 4: $f differs from -j 1"; fail=1; }
  done
  for f in graph.graphml nodes.csv edges.csv; do
    cmp -s "$tmp/parts1/$f" "$tmp/parts8/$f" || { echo "large build -j 8: $f differs from -j 1"; fail=1; }
  done
  [ "$(ls "$tmp/parts8")" = "$(printf 'edges.csv\ngraph.graphml\nnodes.csv')" ] ||
    { echo "large build -j 8 left other files: $(ls "$tmp/parts8" | tr '\n' ' ')"; fail=1; }
else
  echo "skipped: files in parts (no ../shared/data/news-en/bbc.jsonl or bench/large.dict.tsv)"
fi
# Without -j: one worker per processor, same output.
"$EG" build -q -o "$tmp/outd" "${inputs[@]}" && cmp -s "$tmp/out1/graph.json" "$tmp/outd/graph.json" ||
  { echo "build without -j differs"; fail=1; }
# Standard error that is not a terminal gets no progress line and no summary.
"$EG" extract -j 2 "$article" 2>"$tmp/sum.err" >/dev/null
[ -s "$tmp/sum.err" ] && { echo "extract wrote to a redirected stderr: $(cat "$tmp/sum.err")"; fail=1; }

# Warnings of reading (a malformed CSV record skipped, a file read as Latin-1, a CSV record left open at the
# end of the last file) and of parsing (a JSONL record skipped) reach stderr in input order for every -j.
printf '{"id": "w1", "text": "Donald Trump met Lee Jae-myung."}\n{"id": "w2", "text": 5}\n' >"$tmp/w1.jsonl"
printf 'id,text\nc1,"Marco Rubio spoke."\nc2\nc3,"Wi Seong-rak spoke."\n' >"$tmp/w2.csv"
printf 'Caf\xe9 owner met Donald Trump.\n' >"$tmp/w3.txt"
printf 'id,text\nd1,"Yeo Han-gu spoke."\nd2,"not closed\n' >"$tmp/w4.csv"
winputs=("$tmp/w1.jsonl" "$tmp/w2.csv" "$tmp/w3.txt" "$tmp/w4.csv")
for j in 1 2 4; do
  "$EG" build -q -j "$j" -o "$tmp/wout$j" "${winputs[@]}" 2>"$tmp/warn$j.err" || { echo "build -j $j (warnings) failed"; fail=1; }
done
[ "$(grep -c 'warning' "$tmp/warn1.err")" = 4 ] || { echo "warnings at -j 1: $(cat "$tmp/warn1.err")"; fail=1; }
for j in 2 4; do
  cmp -s "$tmp/warn1.err" "$tmp/warn$j.err" || { echo "warnings at -j $j are not those of -j 1: $(cat "$tmp/warn$j.err")"; fail=1; }
done

for bad in 0 -1 x 1025 ""; do
  "$EG" build -j "$bad" -o "$tmp/bad" "$article" >/dev/null 2>"$tmp/err"; code=$?
  [ "$code" = 2 ] || { echo "build -j '$bad': exit $code, expected 2"; fail=1; }
  grep -q 'threads' "$tmp/err" || { echo "build -j '$bad': $(cat "$tmp/err")"; fail=1; }
done
"$EG" extract "$article" -j >/dev/null 2>&1; [ $? = 2 ] || { echo "extract -j without a value: not exit 2"; fail=1; }
for bad in 0 x; do
  "$EG" discover -j "$bad" "$article" >/dev/null 2>"$tmp/err"; code=$?
  [ "$code" = 2 ] && grep -q 'threads' "$tmp/err" || { echo "discover -j '$bad': exit $code, $(cat "$tmp/err")"; fail=1; }
done
"$EG" discover --help | grep -q -- '--threads' || { echo "discover --help lacks --threads"; fail=1; }
"$EG" build --help | grep -q -- '--threads' || { echo "build --help lacks --threads"; fail=1; }
"$EG" extract --help | grep -q -- '--quiet' || { echo "extract --help lacks --quiet"; fail=1; }
[ $fail = 0 ] && echo "threads: all passed"
exit $fail
