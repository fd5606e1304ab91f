#!/usr/bin/env bash
# Pathological inputs, each under a time limit (seconds, scaled by EG_TIME_SCALE; see lib.sh): the run must
# end in time with the documented result, never crash or hang.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cd "$work"
printf 'id\ttype\tname\taliases\nc:KOR\tcountry\tSouth Korea\tKorea|한국\nc:USA\tcountry\tUnited States\tUS|미국\n' >d.tsv
B=(build -q --no-default-dicts -d d.tsv)
S=(build --no-default-dicts -d d.tsv)
summary() { head -1 "$work/$1.out"; }

# A 50 MB line with a mention every 1,000 bytes.
python3 -c "
import sys
chunk = b'Korea ' + b'x' * 993 + b' '
sys.stdout.buffer.write(chunk * 50000 + b'\n')" >line.txt
run line 60 "${S[@]}" -o o1 line.txt
check "50 MB line: 50,000 mentions" grep -q "50000 mentions of 1 entity" line.out

# The same line as a JSONL record, and a short one after it, on two workers: the huge line is parsed on a
# worker (its copy given back before the document is copied) and both documents are counted.
python3 -c "
import sys
chunk = 'Korea ' + 'x' * 993 + ' '
sys.stdout.write('{\"id\": \"big\", \"text\": \"' + chunk * 50000 + '\"}\n{\"id\": \"small\", \"text\": \"United States\"}\n')" >line.jsonl
run linej 60 "${S[@]}" -j 2 -o o1j line.jsonl
check "50 MB JSONL line, -j 2: both documents counted" grep -q "^entgraph: 2 documents, .*50001 mentions of 2 entities" linej.out

# A document of 1,000,000 repeated aliases.
python3 -c "import sys; sys.stdout.write('Korea ' * 1000000)" >rep.txt
run rep 60 "${S[@]}" -o o2 rep.txt
check "1,000,000 aliases: all counted" grep -q "1000000 mentions of 1 entity" rep.out

# One sentence naming 20,000 distinct entities: pairs are counted among the first 500 only (the cap is
# stated in the summary), so 500*499/2 edges.
python3 -c "
import sys
with open('many.tsv', 'w') as f:
    f.write('id\ttype\tname\n')
    for i in range(20000): f.write('e:%d\tthing\tEnt%05d\n' % (i, i))
with open('many.txt', 'w') as f: f.write(' '.join('Ent%05d' % i for i in range(20000)) + '.\n')"
run many 60 build --no-default-dicts -d many.tsv -o o3 many.txt
check "20,000 entities: 124750 edges" grep -q "20000 mentions of 20000 entities, 124750 edges" many.out
check "20,000 entities: cap stated" grep -q "pairs counted among the first 500 only" many.out

# 200,000 empty documents.
python3 -c "import sys; sys.stdout.write('{\"text\": \"\"}\n' * 200000)" >empty.jsonl
run empty 60 "${S[@]}" -o o4 empty.jsonl
check "200,000 empty documents" grep -q "^entgraph: 200000 documents, 0 bytes" empty.out

# Deeply nested JSON in a JSONL record: the record is skipped with a warning naming its line, the others
# are read.
python3 -c "
import sys
sys.stdout.write('{\"text\": \"Korea and US.\"}\n')
sys.stdout.write('{\"text\": \"US\", \"x\": ' + '[' * 100000 + ']' * 100000 + '}\n')
sys.stdout.write('{\"text\": \"Korea.\"}\n')" >nested.jsonl
run nested 30 "${S[@]}" -o o5 nested.jsonl
check "nested JSON: exit 0" test "$code" = 0
check "nested JSON: warning names line 2" grep -q "nested.jsonl:2:.*" nested.err
check "nested JSON: other records read" grep -q "^entgraph: 2 documents" nested.out

# A dictionary of 1,000,000 aliases sharing a 1,000-byte prefix (1 GB of TSV; about 3 GB of memory). The
# sanitizer build, or a disk with less than 4 GB free, runs 20,000 of them (20 MB) and says so.
n_prefix=1000000
avail_kb=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
if [ "$scale" != 1 ] || [ "${avail_kb:-0}" -lt 4000000 ]; then
  n_prefix=20000
  echo "note: shared-prefix dictionary with $n_prefix aliases (sanitizer build or under 4 GB free)"
fi
python3 -c "
import sys
n = $n_prefix
p = 'Prefix' + 'p' * 994
with open('prefix.tsv', 'w') as f:
    f.write('id\ttype\tname\n')
    f.writelines('q:%d\tthing\t%s %d\n' % (i, p, i) for i in range(n))
with open('prefix.txt', 'w') as f: f.write(p + ' %d and ' % (n - 1) + p + ' 7.\n')"
run prefix 300 build --no-default-dicts -d prefix.tsv -o o6 prefix.txt
rm -f prefix.tsv
check "shared 1,000-byte prefix: 2 mentions" grep -q "2 mentions of 2 entities, 1 edge" prefix.out

# Aliases that are prefixes of each other at every length (1..1,000 words), over 100,050 words:
# leftmost-longest takes runs of 1,000, and the candidates per position are bounded, so it stays linear.
python3 -c "
with open('pre.tsv', 'w') as f:
    f.write('id\ttype\tname\n')
    for k in range(1, 1001): f.write('p:%d\tthing\t%s\n' % (k, ' '.join(['ab'] * k)))
with open('pre.txt', 'w') as f: f.write(' '.join(['ab'] * 100050))"
run pre 60 build --no-default-dicts -d pre.tsv -o o7 pre.txt
check "prefix aliases: 101 mentions" grep -q "101 mentions of 2 entities" pre.out

# NUL bytes: in text they are characters like any other (mentions on both sides); in a dictionary line
# they are an error naming the line and column.
printf 'Korea\0US\0Korea and US.\n' >nul.txt
run nul 20 extract --no-default-dicts -d d.tsv nul.txt
check "NUL in text: 4 mentions" test "$(wc -l <nul.out)" = 4
check "NUL in text: offsets" grep -q '"start":6,"end":8' nul.out
printf 'id\ttype\tname\nx:1\tthing\tNul\0name\n' >nul.tsv
run nuldict 20 "${B[@]}" -d nul.tsv -o o8 nul.txt
expect_error nuldict 1 'nul.tsv:2:[0-9]+: '

# Overlong UTF-8, surrogates, non-characters: read as U+FFFD with a warning; mentions around them found,
# offsets into the original bytes.
printf 'Korea\xc0\xafUS \xed\xa0\x80Korea \xef\xbf\xbe US\n' >bad.txt
run bad 20 extract --no-default-dicts -d d.tsv bad.txt
check "bad UTF-8: exit 0" test "$code" = 0
check "bad UTF-8: warning" grep -q "warning: .*not UTF-8" bad.err
check "bad UTF-8: US after overlong at 7" grep -q '"start":7,"end":9' bad.out
check "bad UTF-8: Korea after surrogate" grep -q '"start":13,"end":18' bad.out
printf 'id\ttype\tname\nx:1\tthing\tBad\xc0\xafname\n' >overlong.tsv
run overlong 20 "${B[@]}" -d overlong.tsv -o o9 bad.txt
expect_error overlong 1 'overlong.tsv:2:[0-9]+: '
printf 'id\ttype\tname\nx:1\tthing\tSur\xed\xa0\x80\n' >sur.tsv
run sur 20 "${B[@]}" -d sur.tsv -o o9 bad.txt
expect_error sur 1 'sur.tsv:2:[0-9]+: '

# BOMs, CRLF and lone CR line ends, in text and in dictionaries.
printf '\xef\xbb\xbfid\ttype\tname\taliases\r\nc:KOR\tcountry\tSouth Korea\tKorea\r\nc:USA\tcountry\tUnited States\tUS\r\n' >crlf.tsv
printf '\xef\xbb\xbfKorea said.\r\nUS replied.\rKorea again.\r\n' >crlf.txt
run crlf 20 extract --no-default-dicts -d crlf.tsv crlf.txt
check "BOM+CRLF: 3 mentions" test "$(wc -l <crlf.out)" = 3
check "BOM+CRLF: offsets into the text after the BOM" grep -q '"start":0,"end":5' crlf.out
printf 'id\ttype\tname\taliases\rc:KOR\tcountry\tSouth Korea\tKorea\r' >cr.tsv
run cr 20 extract --no-default-dicts -d cr.tsv crlf.txt
check "lone CR dictionary: exit 0 or a clear error" bash -c "[ $code = 0 ] || grep -q '^entgraph: error: cr.tsv' cr.err"
printf '{"text": "Korea"}\r\n\xef\xbb\xbf{"text": "US"}\r\n' >crlf.jsonl
run crlfj 20 extract --no-default-dicts -d d.tsv crlf.jsonl
check "JSONL CRLF+BOM: 2 mentions" test "$(wc -l <crlfj.out)" = 2

# NFD Hangul: decomposed jamo match a composed alias; offsets are those of the decomposed bytes.
python3 -c "
import sys, unicodedata
sys.stdout.write(unicodedata.normalize('NFD', '한국은 미국과 협상했다.'))" >nfd.txt
run nfd 20 extract --no-default-dicts -d d.tsv nfd.txt
check "NFD Hangul: 2 mentions" test "$(wc -l <nfd.out)" = 2
check "NFD Hangul: 한국 at 0..18" grep -q '"entity":"c:KOR".*"start":0,"end":18' nfd.out

finish
