# Helpers for the robustness tests (sourced). Each check prints "FAIL ..." and counts; finish() prints
# "N passed, N failed" and exits non-zero on failures. Work happens in a temporary directory $work.
# Time limits are multiplied by EG_TIME_SCALE (default 1; the sanitizer build is slower, so the tests
# raise it when the binary was built with ASan).
set -uo pipefail
passed=0 failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scale=${EG_TIME_SCALE:-}
if [ -z "$scale" ]; then
  scale=1
  if nm "$EG" 2>/dev/null | grep -q __asan_init; then scale=4; fi
fi

ok() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { # check NAME COND...: runs COND, counts
  local name=$1; shift
  if "$@"; then ok; else fail "$name"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# run NAME SECONDS ARGS...: runs entgraph with a time limit (scaled); sets $code; stdout/stderr in
# $work/NAME.out and $work/NAME.err. A timeout (124) or a crash (>= 128) fails the check at once.
run() {
  local name=$1 secs=$2; shift 2
  timeout -k 5 $((secs * scale)) "$EG" "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null
  code=$?
  if [ $code -eq 124 ] || [ $code -eq 137 ]; then fail "$name: over the time limit of $((secs * scale))s"
  elif [ $code -ge 128 ]; then fail "$name: crashed (exit $code)"; cat "$work/$name.err" | head -20
  fi
}

# expect_error NAME CODE PATTERN: the last run exited CODE with one error line matching PATTERN.
expect_error() {
  local name=$1 want=$2 pattern=$3
  [ "$code" = "$want" ] || { fail "$name: exit $code, expected $want"; head -5 "$work/$name.err"; return; }
  grep -qE -- "^entgraph: error: .*$pattern" "$work/$name.err" ||
    { fail "$name: stderr lacks /$pattern/:"; head -5 "$work/$name.err"; return; }
  ok
}
