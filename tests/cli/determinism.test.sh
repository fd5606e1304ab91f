#!/usr/bin/env bash
# The same directory of inputs, created in two different orders (so the directory lists its entries in
# different orders), gives byte-identical outputs: graph files of build (one- and two-mode) and extract lines.
set -uo pipefail
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
printf 'id\ttype\tname\tshort\nperson:ana-silva\tperson\tAna Silva\tSilva\ncountry:BRA\tcountry\tBrazil\t\norg:wto\torganization\tWorld Trade Organization\t\n' >dict.tsv
names=(b.txt a.jsonl sub/c.csv z.txt sub/deeper/y.txt m.txt)
make_file() { # DIR NAME
  mkdir -p "$1/$(dirname "$2")"
  case "$2" in
    a.jsonl) printf '{"id":"j1","text":"Ana Silva at the World Trade Organization."}\n{"id":"dup","text":"Brazil."}\n' ;;
    sub/c.csv) printf 'id,text\ndup,"Silva said Brazil\nwould stay."\nc2,Brazil and the World Trade Organization.\n' ;;
    z.txt) printf 'S\xe3o Paulo: Ana Silva and Brazil.' ;;
    *) printf 'Ana Silva in Brazil (%s).' "$2" ;;
  esac >"$1/$2"
}
for n in "${names[@]}"; do make_file one "$n"; done
for ((i = ${#names[@]} - 1; i >= 0; i--)); do make_file two "${names[$i]}"; done
failed=0
for d in one two; do
  "$EG" build -q --no-default-dicts -d dict.tsv -o "out-$d" -f graphml,json "$d" 2>"err-$d" || failed=1
  "$EG" build -q --no-default-dicts -d dict.tsv -o "bip-$d" --mode entity-document -f json "$d" 2>>"err-$d" || failed=1
  "$EG" extract -q --no-default-dicts -d dict.tsv "$d" >"ext-$d" 2>>"err-$d" || failed=1
  sed -i "s#\\b$d/#DIR/#g" "ext-$d" "err-$d" out-"$d"/* bip-"$d"/*
done
[ $failed = 0 ] || { echo "FAIL: a run failed"; cat err-one; exit 1; }
for f in out/graph.graphml out/graph.json bip/graph.json ext err; do
  a=${f/\//-one\/}; b=${f/\//-two\/}
  [ "$f" = ext ] || [ "$f" = err ] && { a=$f-one; b=$f-two; }
  if cmp -s "$a" "$b"; then echo "ok $f"; else echo "FAIL $f differs"; diff "$a" "$b" | head -5; failed=1; fi
done
grep -q '"id": "doc:dup#2"' bip-one/graph.json || { echo "FAIL: duplicate id not made unique"; failed=1; }
[ $failed = 0 ] && echo "5 passed, 0 failed"
exit $failed
