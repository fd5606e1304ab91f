#!/usr/bin/env bash
# Pathological inputs stay linear (each run under a time limit far above its normal few seconds): a 10 MB
# line, one sentence naming 5,000 entities (pairs capped per window, and the summary says so), 100,000
# tiny JSONL documents, with 1 and 2 worker threads.
set -uo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
with open(f"{d}/dict.tsv", "w") as f:
    f.write("id\ttype\tname\n")
    for i in range(5000):
        f.write(f"p:{i}\tperson\tPerson{i:05d}\n")
with open(f"{d}/line.txt", "w") as f:  # one 10 MB line, no sentence end
    chunk = "the minister Person00001 met Person00002 and many others in the capital, "
    f.write(chunk * (10_000_000 // len(chunk)))
with open(f"{d}/crowd.txt", "w") as f:  # one sentence with 5,000 mentions
    f.write(" ".join(f"Person{i:05d}" for i in range(5000)) + ".\n")
with open(f"{d}/tiny.jsonl", "w") as f:
    for i in range(100_000):
        f.write(json.dumps({"id": f"t{i}", "text": f"Person{i % 5000:05d} met Person{(i + 1) % 5000:05d}."}) + "\n")
PY
for j in 1 2; do
  for input in line.txt crowd.txt tiny.jsonl; do
    timeout 60 "$EG" build -j "$j" --no-default-dicts -d "$tmp/dict.tsv" -o "$tmp/out" "$tmp/$input" \
      >"$tmp/stdout" 2>"$tmp/stderr"
    code=$?
    [ $code = 0 ] || { echo "$input -j $j: exit $code: $(head -c 300 "$tmp/stderr")"; fail=1; continue; }
    case $input in
      crowd.txt) grep -q 'pairs counted among the first' "$tmp/stdout" || { echo "crowd.txt: no cap note"; fail=1; } ;;
      tiny.jsonl) grep -q '^entgraph: 100000 documents' "$tmp/stdout" || { echo "tiny.jsonl: $(head -1 "$tmp/stdout")"; fail=1; } ;;
    esac
  done
done
[ $fail = 0 ] && echo "pathological: all passed"
exit $fail
