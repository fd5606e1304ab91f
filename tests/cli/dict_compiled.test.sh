#!/usr/bin/env bash
# Compiled dictionaries give the same results as the dictionaries they were compiled from, byte for byte:
# build (every export format) and extract with a small dictionary, with the shipped dictionaries on the
# reference article, at -j 1 and -j 2; a compiled dictionary is found by its magic whatever its name;
# compiling replaces the output atomically and leaves no temporary file; a damaged one is an error naming
# the file and byte. With ../shared present, also the large benchmark dictionary on a slice of news-en.
set -uo pipefail
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export ENTGRAPH_DICT_DIR="$EG_SOURCE_DIR/dictionaries"
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
same() { # NAME DIR1 DIR2: every file of DIR1 equals DIR2's
  local d
  if d=$(diff -r "$2" "$3" 2>&1); then ok; else fail "$1: outputs differ"; echo "$d" | head -20; fi
}

printf 'id\ttype\tname\taliases\texact\tshort\tcountry\troles\tx-party\n' >dict.tsv
printf 'person:ana-silva\tperson\tAna Silva\tAna Maria Silva\t\tSilva\tcountry:BRA\trole:pm@country:BRA/2020/\tBlue\n' >>dict.tsv
printf 'country:BRA\tcountry\tBrazil\tBrasil|브라질\tBR\t\t\t\t\n' >>dict.tsv
printf 'role:pm\trole\tPrime Minister\t\t\t\t\t\t\n' >>dict.tsv
printf 'org:petrobras\torganization\tPetrobras\tPetróleo Brasileiro\tPETROBRAS\t\tcountry:BRA\t\t\n' >>dict.tsv
printf 'person:kim\tperson\tKim Min-jun\t김민준\t\tKim\t\t\tRed\n' >>dict.tsv
{
  printf '{"id":"a","date":"2025-07-01","text":"Ana Silva, Brazil'"'"'s Prime Minister, met Kim Min-jun. Silva and Kim spoke of Petrobras."}\n'
  printf '{"id":"b","date":"2025-07-02","text":"Petróleo Brasileiro said Brasil would talk to 김민준 in Seoul. PETROBRAS shares rose."}\n'
  printf '{"id":"c","text":"The Prime Minister of Brazil, Ana Maria Silva, and BR officials. Silva left."}\n'
} >docs.jsonl

"$EG" dict compile -q --no-default-dicts -o small.egd dict.tsv || fail "compile small"
cp small.egd small.bin
for j in 1 2; do
  "$EG" build -q -j $j --no-default-dicts -d dict.tsv -f graphml,gexf,json,csv,dot -o tsv$j docs.jsonl || fail "build tsv"
  "$EG" build -q -j $j -d small.egd -f graphml,gexf,json,csv,dot -o egd$j docs.jsonl || fail "build egd"
  same "build -j $j, small dictionary" tsv$j egd$j
done
"$EG" build -q --no-default-dicts -d small.bin -f graphml,gexf,json,csv,dot -o bin docs.jsonl || fail "build .bin"
same "a compiled dictionary named .bin" tsv1 bin
"$EG" extract -q --no-default-dicts -d dict.tsv docs.jsonl >x1.jsonl && "$EG" extract -q -d small.egd docs.jsonl >x2.jsonl \
  && cmp -s x1.jsonl x2.jsonl && [ -s x1.jsonl ] && ok || fail "extract differs"
# A query that needs the dictionary to resolve an alias.
"$EG" neighbors --no-default-dicts -d dict.tsv tsv1/graph.json "Ana Maria Silva" >n1.txt 2>&1
"$EG" neighbors -d small.egd tsv1/graph.json "Ana Maria Silva" >n2.txt 2>&1
cmp -s n1.txt n2.txt && grep -q Brazil n1.txt && ok || fail "neighbors differs: $(cat n1.txt n2.txt)"

# The shipped dictionaries on the reference article.
"$EG" dict compile -q -o shipped.egd || fail "compile shipped"
art="$EG_SOURCE_DIR/examples/korea-us-tariffs-2025-07.txt"
"$EG" build -q -f graphml,gexf,json,csv,dot -o ship-tsv "$art" || fail "build shipped tsv"
"$EG" build -q -d shipped.egd -f graphml,gexf,json,csv,dot -o ship-egd "$art" || fail "build shipped egd"
same "shipped dictionaries, reference article" ship-tsv ship-egd
"$EG" build -q --roles nodes -d shipped.egd -o ship-roles-egd "$art" && "$EG" build -q --roles nodes -o ship-roles-tsv "$art" \
  && same "--roles nodes" ship-roles-tsv ship-roles-egd

# Compiling replaces the file atomically and leaves nothing behind; a failed compile keeps the old file.
before=$(cksum <small.egd)
"$EG" dict compile -q --no-default-dicts -o small.egd dict.tsv && [ "$(cksum <small.egd)" = "$before" ] && ok \
  || fail "recompiling changed the file"
printf 'id\ttype\tname\nbad\tperson\t\n' >bad.tsv
"$EG" dict compile -q --no-default-dicts -o small.egd bad.tsv 2>err.txt; code=$?
[ $code = 1 ] && grep -q 'bad.tsv:2:12: empty name' err.txt && [ "$(cksum <small.egd)" = "$before" ] && ok \
  || fail "failed compile: exit $code, $(cat err.txt)"
ls -a | grep -q '\.tmp-' && fail "temporary file left: $(ls -a | grep tmp)" || ok

# Damage: a flipped byte in the states is caught by the checksum, with the file and byte named.
size=$(stat -c %s shipped.egd)
cp shipped.egd hurt.egd
printf '\x55' | dd of=hurt.egd bs=1 seek=$((size / 2)) conv=notrunc status=none
"$EG" extract -q -d hurt.egd "$art" >/dev/null 2>err.txt; code=$?
[ $code = 1 ] && grep -Eq '^entgraph: error: hurt.egd:byte [0-9]+: section [a-z -]+: checksum mismatch' err.txt && ok \
  || fail "damaged file: exit $code, $(cat err.txt)"
: >empty.egd
"$EG" dict stats empty.egd >/dev/null 2>err.txt; code=$?  # empty: no magic, read as an (empty) TSV
[ $code = 1 ] && grep -q 'empty.egd' err.txt && ok || fail "empty file: exit $code, $(cat err.txt)"

# The large benchmark dictionary on a slice of real news, when ../shared is there.
large="$EG_SHARED_DIR/data/bench/large.dict.tsv"
news=$(ls "$EG_SHARED_DIR"/data/news-en/*.jsonl 2>/dev/null | head -1)
if [ -f "$large" ] && [ -n "$news" ]; then
  head -300 "$news" >slice.jsonl
  "$EG" dict compile -q --no-default-dicts -o large.egd "$large" || fail "compile large"
  "$EG" build -q --no-default-dicts -d "$large" -o large-tsv slice.jsonl || fail "build large tsv"
  "$EG" build -q -d large.egd -o large-egd slice.jsonl || fail "build large egd"
  same "large dictionary, 300 news-en documents" large-tsv large-egd
else
  echo "note: $EG_SHARED_DIR/data absent: the large-dictionary comparison is skipped"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
