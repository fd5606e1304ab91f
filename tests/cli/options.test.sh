#!/usr/bin/env bash
# Runs the CLI test plan in options.tsv: each row's arguments, exit code and message.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
printf 'id\ttype\tname\tshort\nperson:ana-silva\tperson\tAna Silva\tSilva\ncountry:BRA\tcountry\tBrazil\t\n' >"$work/dict.tsv"
printf 'Ana Silva flew to Brazil. Silva met nobody.\n' >"$work/doc.txt"
(cd "$work" && "$EG" build -q --no-default-dicts -d dict.tsv -o g doc.txt && cp g/graph.json graph.json) || exit 1
passed=0 failed=0
while IFS=$'\t' read -r want args expect; do
  case "$want" in ''|'#'*) continue ;; esac
  rm -rf "$work/out"
  (cd "$work" && bash -c "\"$EG\" $args" >"$work/.out" 2>"$work/.err")
  got=$?
  ok=1
  [ "$got" = "$want" ] || { echo "FAIL [$args]: exit $got, expected $want"; ok=0; }
  if [ "$expect" != "-" ]; then
    if [ "${expect#out:}" != "$expect" ]; then
      grep -qF -- "${expect#out:}" "$work/.out" || { echo "FAIL [$args]: stdout lacks '${expect#out:}'"; ok=0; }
    else
      grep -qF -- "$expect" "$work/.err" || { echo "FAIL [$args]: stderr lacks '$expect':"; cat "$work/.err"; ok=0; }
    fi
  fi
  # Failures say what went wrong on stderr; successes keep stderr free of errors.
  if [ "$want" != 0 ] && [ ! -s "$work/.err" ]; then echo "FAIL [$args]: no message on stderr"; ok=0; fi
  if [ "$want" = 0 ] && grep -q 'error:' "$work/.err"; then echo "FAIL [$args]: error on stderr"; ok=0; fi
  if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done <"$here/options.tsv"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
