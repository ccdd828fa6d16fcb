#!/usr/bin/env bash
# Runs fuzz targets one after another, each for SECONDS, and prints a summary line per
# target (executions, time, coverage). Usage: fuzz/run.sh SECONDS [TARGET...]
# (no target: all). Extra libFuzzer flags: FUZZ_FLAGS="-fork=1 -ignore_crashes=1".
# Exit status 1 when a target found a crash, a hang (a unit over 10 s) or an OOM (2 GB).
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
all=(parse_authorization parse_jwt parse_challenge parse_cookie parse_set_cookie parse_date
     parse_url psl server_words session mask_text raw har input diagnose)
targets=("${@:-${all[@]}}")
mkdir -p logs target
cat dict/har.dict dict/raw.dict dict/headers.dict > target/all.dict
dict_of() {
  case $1 in
    parse_authorization|parse_challenge|parse_jwt) echo dict/headers.dict ;;
    parse_cookie|parse_set_cookie) echo dict/headers.dict ;;
    parse_date) echo dict/date.dict ;;
    parse_url|psl) echo dict/url.dict ;;
    raw) echo dict/raw.dict ;;
    har) echo dict/har.dict ;;
    *) echo target/all.dict ;;
  esac
}
# Readers take whole files: let inputs grow past the largest seed (parsers: libFuzzer's guess).
max_len_of() {
  case $1 in
    raw|har|input|diagnose) echo -max_len=262144 ;;
  esac
}
# Debug assertions on: integer overflow is a bug even where release builds wrap.
nice -n 10 cargo +nightly fuzz build -a >/dev/null 2>logs/build.log || {
  cat logs/build.log >&2
  exit 2
}
failed=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  echo "fuzz: $t for ${seconds}s (log: fuzz/logs/$t.log)"
  # shellcheck disable=SC2086
  nice -n 10 cargo +nightly fuzz run -a "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 $(max_len_of "$t") \
    -dict="$(dict_of "$t")" -print_final_stats=1 ${FUZZ_FLAGS:-} >"logs/$t.log" 2>&1
  rc=$?
  last=$(grep -E '^#[0-9]+:?[[:space:]].*cov: ' "logs/$t.log" | tail -n1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "logs/$t.log" | tail -n1)
  [ -n "$runs" ] || runs=$(echo "$last" | sed -E 's/^#([0-9]+).*/\1/')
  cov=$(echo "$last" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
  ft=$(echo "$last" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
  crashes=$(find "artifacts/$t" -type f | wc -l)
  echo "fuzz: $t: exit $rc, $runs runs, cov $cov, ft $ft, artifacts $crashes"
  [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ] || failed+=("$t")
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs under fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets clean"
