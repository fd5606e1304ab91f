#!/usr/bin/env bash
# Golden end-to-end tests. Each folder tests/golden/CASE/ holds
#   cmd            the entgraph arguments, one line, run by bash in a scratch copy of the folder
#   stdout, stderr the expected output streams (absent: not compared)
#   exit           the expected exit code (absent: 0)
#   expected/      files the command must write, compared byte for byte (paths relative to the folder)
# and any inputs the command reads. EG_UPDATE_GOLDEN=1 rewrites the expectations from the current binary.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0
for case_dir in "$here"/*/; do
  name=$(basename "$case_dir")
  [ -f "$case_dir/cmd" ] || continue
  work=$(mktemp -d)
  cp -r "$case_dir"/. "$work"/
  rm -rf "$work/expected" "$work/stdout" "$work/stderr" "$work/exit"
  (cd "$work" && ENTGRAPH_DICT_DIR="$EG_SOURCE_DIR/dictionaries" bash -c "\"$EG\" $(cat cmd)" \
      >"$work/.stdout" 2>"$work/.stderr" </dev/null)
  code=$?
  if [ "${EG_UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$work/.stdout" "$case_dir/stdout"; cp "$work/.stderr" "$case_dir/stderr"
    if [ "$code" -ne 0 ]; then echo "$code" >"$case_dir/exit"; else rm -f "$case_dir/exit"; fi
    if [ -d "$case_dir/expected" ]; then
      (cd "$case_dir/expected" && find . -type f) | while read -r f; do cp "$work/$f" "$case_dir/expected/$f"; done
    fi
    echo "updated $name"; rm -rf "$work"; continue
  fi
  ok=1
  want_code=0; [ -f "$case_dir/exit" ] && want_code=$(cat "$case_dir/exit")
  [ "$code" = "$want_code" ] || { echo "$name: exit code $code, expected $want_code"; ok=0; }
  for s in stdout stderr; do
    if [ -f "$case_dir/$s" ] && ! diff -u "$case_dir/$s" "$work/.$s" >"$work/.diff"; then
      echo "$name: $s differs:"; cat "$work/.diff"; ok=0
    fi
  done
  if [ -d "$case_dir/expected" ]; then
    while read -r f; do
      if ! diff -u "$case_dir/expected/$f" "$work/$f" >"$work/.diff" 2>&1; then
        echo "$name: $f differs:"; head -40 "$work/.diff"; ok=0
      fi
    done < <(cd "$case_dir/expected" && find . -type f)
  fi
  if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  rm -rf "$work"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
