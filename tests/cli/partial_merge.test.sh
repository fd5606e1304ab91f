#!/usr/bin/env bash
# build --partial and merge: the graph merged from shards is the graph of one build over all their inputs,
# byte for byte (every output file and the summary on stdout), for several counting and graph options,
# with the inputs cut into 2 and 3 shards, merged flat and in steps (merge --partial), from files and from a
# stream (--jsonl on stdin, -o -, trailing tabs as Hadoop Streaming writes them). A shard merged from shards
# equals the shard of one run; -j does not change a shard, nor merge's graph (merged with one thread and
# with three). In another order only the evidence differs.
# Errors: shards of other options or dictionaries, truncated, foreign or of another format version (exit 1,
# earlier outputs kept); options given to the wrong step (exit 2).
set -uo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
src="$EG_SOURCE_DIR"
article="$src/examples/korea-us-tariffs-2025-07.txt"
dicts=(-d "$src/tests/golden/cooccur-two-mode/dict.tsv" -d "$src/tests/golden/input-csv/dict.tsv")

# Dated documents: the article's paragraphs over three months; a person found by a title, spelled two ways
# in two files (the smaller spelling labels the node whichever shard saw it).
python3 - "$article" >"$tmp/dated.jsonl" <<'PY'
import json, sys
paras = [p for p in open(sys.argv[1], encoding="utf-8").read().split("\n\n") if p.strip()]
for i, p in enumerate(paras, 1):
    print(json.dumps({"id": f"p{i}", "date": f"2025-{6 + i % 3:02d}-{1 + i % 27:02d}", "text": p},
                     ensure_ascii=False))
PY
printf '%s\n' '{"id":"z1","date":"2025-06-03","text":"President Zorba Quintanilla-Reyes met Ana Silva in Brazil. Ann met Bob."}' >"$tmp/t1.jsonl"
printf '%s\n' '{"id":"z2","date":"2025-07-09","text":"President Zorba Quintanilla Reyes met Kim Min-jun. Bob and Acme."}' >"$tmp/t2.jsonl"
inputs=("$article" "$src/tests/golden/cooccur-two-mode/docs.jsonl" "$tmp/dated.jsonl"
        "$src/tests/golden/cooccur-two-mode-dup-ids/docs.jsonl" "$tmp/t1.jsonl"
        "$src/tests/golden/input-latin1-evidence/latin1.txt" "$tmp/t2.jsonl")
two=("0 1 2" "3 4 5 6")
three=("0" "1 2 3 4" "5 6")

# Runs one build over all inputs, then shards per split, merges, and compares outputs and summaries.
check() {
  local popts="$1" gopts="$2" name="$3"
  local d="$tmp/$name"; mkdir -p "$d"
  # shellcheck disable=SC2086
  "$EG" build "${dicts[@]}" $popts $gopts -o "$d/one" "${inputs[@]}" >"$d/one.out" 2>/dev/null ||
    { echo "$name: build failed"; fail=1; return; }
  for split in two three; do
    local -n parts=$split
    local shards=() k=0
    for part in "${parts[@]}"; do
      local args=()
      for i in $part; do args+=("${inputs[$i]}"); done
      # shellcheck disable=SC2086
      "$EG" build -q "${dicts[@]}" $popts --partial -o "$d/$split-$k.egp" "${args[@]}" 2>/dev/null ||
        { echo "$name: build --partial of $split part $k failed"; fail=1; return; }
      shards+=("$d/$split-$k.egp"); k=$((k + 1))
    done
    # One thread for two shards, three for three: the graph is the same.
    local mj=1; [ $split = three ] && mj=3
    # shellcheck disable=SC2086
    "$EG" merge $gopts -j $mj -o "$d/$split" "${shards[@]}" >"$d/$split.out" 2>"$d/$split.err" ||
      { echo "$name: merge of $split shards failed"; fail=1; continue; }
    for f in "$d/one"/*; do
      cmp -s "$f" "$d/$split/$(basename "$f")" || { echo "$name: $split shards: $(basename "$f") differs"; fail=1; }
    done
    [ "$(ls "$d/one" | wc -l)" = "$(ls "$d/$split" | wc -l)" ] || { echo "$name: $split: other files"; fail=1; }
    sed "s#$d/$split/#OUT/#g" "$d/$split.out" >"$d/$split.sum"; sed "s#$d/one/#OUT/#g" "$d/one.out" >"$d/one.sum"
    cmp -s "$d/one.sum" "$d/$split.sum" || { echo "$name: $split shards: the summary differs"; diff "$d/one.sum" "$d/$split.sum"; fail=1; }
  done
  # In steps: (0 + 1) + 2 through merge --partial, and the shard of one run equals the merged shard.
  "$EG" merge -q --partial -o "$d/01.egp" "$d/three-0.egp" "$d/three-1.egp" &&
    "$EG" merge -q --partial -o - "$d/01.egp" "$d/three-2.egp" >"$d/012.egp" ||
    { echo "$name: merge --partial failed"; fail=1; return; }
  # shellcheck disable=SC2086
  "$EG" build -q "${dicts[@]}" $popts --partial -o "$d/all.egp" "${inputs[@]}" 2>/dev/null
  cmp -s "$d/all.egp" "$d/012.egp" || { echo "$name: merged shard differs from one run's shard"; fail=1; }
  # shellcheck disable=SC2086
  "$EG" merge -q $gopts -o "$d/steps" "$d/012.egp" && cmp -s "$d/one/graph.json" "$d/steps/graph.json" ||
    { echo "$name: graph of the stepwise merge differs"; fail=1; }
  echo "$name: ok"
}

check "" "" default
check "--window document" "--weight npmi" document-npmi
check "--period month --evidence 1" "--roles attributes -f graphml,json,gexf,csv,dot" period-evidence1
check "--window tokens:6 --evidence 5" "--weight pmi --min-count 2 --json-style cytoscape" tokens-pmi
check "--mode entity-document --period week" "" two-mode
check "--window paragraph --evidence 0" "--backbone 0.5 --types person,country,role --top-nodes 12" paragraph-pruned

# Warnings of the graph step come from merge as from build (a repeated document id in entity-document mode).
grep -q 'document id a is used more than once' "$tmp/two-mode/three.err" ||
  { echo "merge did not warn about repeated document ids"; fail=1; }

# The label of the discovered person is the smaller spelling.
grep -q '"label": "Zorba Quintanilla Reyes"' "$tmp/default/two/graph.json" ||
  { echo "discovered label is not the smaller spelling"; fail=1; }

# Threads do not change a shard.
"$EG" build -q "${dicts[@]}" -j 1 --partial -o "$tmp/j1.egp" "${inputs[@]}" 2>/dev/null
"$EG" build -q "${dicts[@]}" -j 3 --partial -o "$tmp/j3.egp" "${inputs[@]}" 2>/dev/null
cmp -s "$tmp/j1.egp" "$tmp/j3.egp" || { echo "-j 1 and -j 3 shards differ"; fail=1; }

# A stream: JSONL on stdin, the shard on stdout (summary on stderr), trailing tabs, shards concatenated.
"$EG" build -q "${dicts[@]}" -o "$tmp/s-one" "$tmp/dated.jsonl" "$tmp/t1.jsonl"
cat "$tmp/dated.jsonl" | "$EG" build "${dicts[@]}" --partial --jsonl -o - - >"$tmp/s1.egp" 2>"$tmp/s1.err" ||
  { echo "streaming build --partial failed"; fail=1; }
grep -q 'wrote the shard to standard output' "$tmp/s1.err" || { echo "no summary on stderr: $(cat "$tmp/s1.err")"; fail=1; }
head -c 40 "$tmp/s1.egp" | grep -q '^{"format":"entgraph-partial","version":1' || { echo "no shard on stdout"; fail=1; }
"$EG" build -q "${dicts[@]}" --partial --jsonl -o - - <"$tmp/t1.jsonl" | sed 's/$/\t/' >"$tmp/s2.egp"
cat "$tmp/s1.egp" "$tmp/s2.egp" | "$EG" merge -q -o "$tmp/s-merged" - ||
  { echo "merge from stdin failed"; fail=1; }
for f in graph.graphml graph.json; do
  cmp -s "$tmp/s-one/$f" "$tmp/s-merged/$f" || { echo "streamed shards: $f differs"; fail=1; }
done

# Another order: the same counts and weights; only the evidence may differ.
"$EG" merge -q -o "$tmp/reversed" "$tmp/default/three-2.egp" "$tmp/default/three-1.egp" "$tmp/default/three-0.egp"
python3 - "$tmp/default/one/graph.json" "$tmp/reversed/graph.json" <<'PY' || { echo "reversed order: counts differ"; fail=1; }
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
strip = lambda g: ([n for n in g["nodes"]], [{k: v for k, v in e.items() if k != "evidence"} for e in g["edges"]])
sys.exit(0 if strip(a) == strip(b) else 1)
PY

# Errors: exit 1 with file and reason; earlier outputs stay.
d="$tmp/default"
"$EG" build -q "${dicts[@]}" --window document --partial -o "$tmp/doc.egp" "$article"
"$EG" build -q --partial -o "$tmp/shipped.egp" "$article"
head -c 3000 "$d/two-0.egp" >"$tmp/trunc.egp"
head -n 5 "$d/two-0.egp" >"$tmp/trunc-lines.egp"
printf 'id\ttype\tname\n' >"$tmp/foreign.egp"
sed '1s/"version":1/"version":2/' "$d/two-0.egp" >"$tmp/v2.egp"
cp -r "$d/two" "$tmp/kept"
expect_error() { # want-exit message args...
  local want="$1" msg="$2"; shift 2
  "$EG" "$@" >"$tmp/err.out" 2>"$tmp/err.txt"; local got=$?
  [ "$got" = "$want" ] || { echo "[$*]: exit $got, expected $want"; fail=1; }
  grep -qF -- "$msg" "$tmp/err.txt" || { echo "[$*]: stderr lacks '$msg': $(cat "$tmp/err.txt")"; fail=1; }
}
expect_error 1 "doc.egp: counted with --window document, but $d/two-0.egp with --window sentence" \
  merge -o "$tmp/kept" "$d/two-0.egp" "$tmp/doc.egp"
expect_error 1 "built with other dictionaries than $d/two-0.egp" merge -o "$tmp/kept" "$d/two-0.egp" "$tmp/shipped.egp"
expect_error 1 "counted with other dictionaries" merge --no-default-dicts -d "$src/tests/golden/input-csv/dict.tsv" \
  -o "$tmp/kept" "$d/two-0.egp"
expect_error 1 "trunc.egp:" merge -o "$tmp/kept" "$tmp/trunc.egp"
expect_error 1 "the shard is truncated" merge -o "$tmp/kept" "$tmp/trunc.egp"
expect_error 1 "trunc-lines.egp:6:1: the shard is truncated" merge -o "$tmp/kept" "$tmp/trunc-lines.egp"
expect_error 1 "foreign.egp:1:1: not an entgraph shard" merge -o "$tmp/kept" "$tmp/foreign.egp"
expect_error 1 "v2.egp:1:1: shard format version 2; this entgraph reads version 1" merge -o "$tmp/kept" "$tmp/v2.egp"
expect_error 1 "missing.egp: cannot open" merge -o "$tmp/kept" "$tmp/missing.egp"
expect_error 1 "cannot create" build -q --partial -o "$tmp/no/such/dir/x.egp" "$article"
for f in "$d/two"/*; do
  cmp -s "$f" "$tmp/kept/$(basename "$f")" || { echo "a failed merge changed $(basename "$f")"; fail=1; }
done
ls "$tmp/kept" | grep -q tmp && { echo "a failed merge left a temporary file"; fail=1; }
expect_error 2 "--weight shapes the graph, not the counts: give it to 'entgraph merge'" \
  build --partial --weight npmi -o "$tmp/x.egp" "$article"
expect_error 2 "--roles shapes the graph" build --partial --roles attributes -o "$tmp/x.egp" "$article"
expect_error 2 "--partial needs -o FILE" build --partial "$article"
expect_error 2 "--window shapes the counts" merge --window document -o "$tmp/x" "$d/two-0.egp"
expect_error 2 "--period shapes the counts" merge --period=month -o "$tmp/x" "$d/two-0.egp"
expect_error 2 "-f/--format shapes the graph" merge --partial -f json -o "$tmp/x.egp" "$d/two-0.egp"
expect_error 2 "no SHARD given" merge -o "$tmp/x"
"$EG" merge --help | grep -q -- '--partial' || { echo "merge --help lacks --partial"; fail=1; }
"$EG" build --help | grep -q -- '--partial' || { echo "build --help lacks --partial"; fail=1; }
[ $fail = 0 ] && echo "partial_merge: all passed"
exit $fail
