#!/usr/bin/env bash
# I/O faults: unreadable, missing and vanished inputs, a directory where a file is expected, an output
# directory that is missing, a file or not writable, a file size limit during a write (earlier outputs
# intact, no temporary file left), SIGINT/SIGTERM mid-run (exit 130/143, temporary files removed, earlier
# outputs intact) and a closed pipe on stdout (quiet exit).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cd "$work"
printf 'id\ttype\tname\taliases\nc:KOR\tcountry\tSouth Korea\tKorea\nc:USA\tcountry\tUnited States\tUS\n' >d.tsv
printf 'Korea and US met.\n' >doc.txt
B=(build -q --no-default-dicts -d d.tsv)
no_temp() { ! ls "$1" | grep -q '\.tmp-'; }

# A successful run whose outputs the faults below must leave alone.
run first 20 "${B[@]}" -o out doc.txt
check "first build" test "$code" = 0
cp out/graph.graphml ref.graphml; cp out/graph.json ref.json
intact() { cmp -s out/graph.graphml ref.graphml && cmp -s out/graph.json ref.json && no_temp out; }

run missing 20 "${B[@]}" -o out nosuch.txt
expect_error missing 1 'nosuch.txt: .*No such file'
check "missing input: outputs intact" intact

ln -s "$work/gone.txt" vanished.txt
run vanished 20 "${B[@]}" -o out vanished.txt
expect_error vanished 1 'vanished.txt'

mkdir adir
# A directory is a valid text input for the queries too (they build the graph in memory): an empty one
# gives an empty answer, not an error. A directory where a graph FILE must be read is an error.
run dirgraph 20 top --no-default-dicts -d d.tsv adir
check "query on an empty input directory: exit 0" test "$code" = 0
run dirwhy 20 why adir Korea US
expect_error dirwhy 1 'adir'
run dirdict 20 build -q --no-default-dicts -d adir -o out doc.txt
check "dictionary directory without *.tsv: exit 0 or a clear error" \
  bash -c "[ $code = 0 ] || grep -q '^entgraph: error: ' dirdict.err"

run noparent 20 "${B[@]}" -o nosuchdir/sub doc.txt
expect_error noparent 1 'nosuchdir'
: >afile
run outfile 20 "${B[@]}" -o afile doc.txt
expect_error outfile 1 'afile'
run outfile2 20 "${B[@]}" -o afile/sub doc.txt
expect_error outfile2 1 'afile'

# Permissions: root ignores them, so these run as nobody when setpriv can switch users.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  chmod 755 "$work"; chmod 644 d.tsv doc.txt
  printf 'secret Korea\n' >secret.txt; chmod 000 secret.txt
  mkdir ro; chmod 555 ro
  "${as_nobody[@]}" "$EG" "${B[@]}" -o "$work/ro/x" secret.txt >unread.out 2>unread.err; code=$?
  expect_error unread 1 'secret.txt: .*Permission denied'
  "${as_nobody[@]}" "$EG" "${B[@]}" -o "$work/ro" doc.txt >ro.out 2>ro.err; code=$?
  expect_error ro 1 'ro.*Permission denied'
  check "read-only directory: no temporary file" no_temp ro
elif [ "$(id -u)" != 0 ]; then
  printf 'secret Korea\n' >secret.txt; chmod 000 secret.txt
  run unread 20 "${B[@]}" -o out secret.txt
  expect_error unread 1 'secret.txt: .*Permission denied'
  mkdir ro; chmod 555 ro
  run ro 20 "${B[@]}" -o ro doc.txt
  expect_error ro 1 'ro.*Permission denied'
else
  echo "note: running as root without setpriv: permission cases skipped"
fi

# A file size limit during the write: the export fails, the earlier outputs stay as they were.
python3 -c "
import sys
with open('big.txt', 'w') as f:
    f.write(' '.join('Ent%05d' % i for i in range(3000)) + '.\n')
with open('big.tsv', 'w') as f:
    f.write('id\ttype\tname\n')
    for i in range(3000): f.write('e:%d\tthing\tEnt%05d\n' % (i, i))"
(ulimit -f 64; exec "$EG" build -q --no-default-dicts -d big.tsv -o out big.txt) >fsize.out 2>fsize.err
code=$?
expect_error fsize 1 '(File too large|file size)'
check "file size limit: outputs intact" intact

# /dev/full as stdout: a write error is reported, exit 1.
"$EG" extract --no-default-dicts -d d.tsv doc.txt >/dev/full 2>full.err; code=$?
expect_error full 1 'standard output'

# A broken pipe: `extract ... | head -1` ends quietly (no message; exit 0 or the pipe's).
python3 -c "import sys; sys.stdout.write('Korea and US. ' * 200000)" >long.txt
"$EG" extract --no-default-dicts -d d.tsv long.txt 2>pipe.err | head -1 >pipe.out
codes=("${PIPESTATUS[@]}")
check "broken pipe: one line read" test "$(wc -l <pipe.out)" = 1
check "broken pipe: no message" test ! -s pipe.err
check "broken pipe: exit 0 or SIGPIPE, no crash" bash -c "[ ${codes[0]} = 0 ] || [ ${codes[0]} = 141 ] || [ ${codes[0]} = 1 ]"

# SIGINT and SIGTERM mid-run: exit 130/143, no temporary file, earlier outputs intact. The input is large
# enough that the run is still going when the signal comes (the signal is sent once a temporary output
# file exists, or after a second when the run is still reading).
python3 -c "
import sys
with open('huge.txt', 'w') as f:
    for j in range(40): f.write(' '.join('Ent%05d' % ((i * 7 + j) % 3000) for i in range(3000)) + '.\n')"
for sig in INT TERM; do
  want=$([ $sig = INT ] && echo 130 || echo 143)
  "$EG" build -q --no-default-dicts -d big.tsv -o out huge.txt huge.txt huge.txt huge.txt >sig.out 2>sig.err &
  pid=$!
  for _ in $(seq 1 100); do
    ls out | grep -q '\.tmp-' && break
    sleep 0.05
  done
  kill -s $sig $pid 2>/dev/null
  wait $pid; code=$?
  if [ $code = 0 ]; then
    echo "note: SIG$sig came after the run ended; outputs replaced by a complete run"
    cp out/graph.graphml ref.graphml; cp out/graph.json ref.json; ok
  else
    check "SIG$sig: exit $want (got $code)" test "$code" = "$want"
  fi
  check "SIG$sig: no temporary file" no_temp out
  check "SIG$sig: outputs intact" intact
done

finish
